/* test_stats_overview.c - the headquarters overview on fixed fixture data
 * (report_fixture.h): per group and cadre figures, targets as data,
 * tickets, staleness, weekly report status, the four comparisons ranking,
 * the charts, and the table fitting the page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/report.h"
#include "fieldbook/stats.h"
#include "report_fixture.h"

static const fb_cadre_stats *cadre(const fb_overview *o, const char *name)
{
	for (int i = 0; i < o->ncadres; i++)
		if (!strcmp(o->cadres[i].name, name))
			return &o->cadres[i];
	fail_msg("no cadre %s", name);
	return NULL;
}

static void test_week_overview(void **state)
{
	fixture *fx = *state;
	fb_overview o;
	fb_error err;
	fb_stats_opts opt = {.from = "2026-11-16", .to = "2026-11-22"};
	assert_int_equal(fb_stats_overview(fx->st, &opt, &o, &err), FB_OK);
	assert_int_equal(o.ngroups, 2);
	assert_int_equal(o.ncadres, 4); /* HQ staff are not cadres of a group */
	assert_string_equal(o.week_label, "2026-W47");
	const fb_group_stats *g = &o.groups[0];
	assert_string_equal(g->name, "第一工作组");
	assert_int_equal(g->ncadres, 3);
	/* The same figures as the weekly report (test_report_weekly.c). */
	assert_int_equal(g->logs, 10);
	assert_int_equal(g->days_logged, 9);
	assert_int_equal(g->days_due, 13);
	assert_int_equal(g->days_missing, 5);
	assert_int_equal(g->enterprises, 7);
	assert_int_equal(g->workers, 33);
	assert_int_equal(g->households, 4);
	assert_int_equal(g->enterprise_kinds, 63);
	assert_int_equal(g->worker_kinds, 63);
	assert_int_equal(cadre(&o, "王芳")->days_due, 3);
	assert_int_equal(cadre(&o, "王芳")->days_missing, 1);
	assert_int_equal(cadre(&o, "李娜")->days_missing, 3);
	assert_int_equal(cadre(&o, "张伟")->days_missing, 1);
	assert_int_equal(cadre(&o, "张伟")->year_days, 6); /* 15 16 17 18 20 21 */
	/* Targets come from the table (the seeded circular's values). */
	assert_int_equal(g->target_workers, 50);
	assert_int_equal(g->target_enterprises, 10);
	assert_int_equal(g->target_households, 5);
	assert_int_equal(cadre(&o, "张伟")->target_workers, 10);
	assert_int_equal(cadre(&o, "张伟")->target_year_days, 60);
	/* Tickets now: T1 T2 T3 T5 live; T1 and T3 open; T1 overdue and oldest. */
	assert_int_equal(g->tickets, 4);
	assert_int_equal(g->tickets_open, 2);
	assert_int_equal(g->tickets_overdue, 1);
	assert_int_equal(g->oldest_open_id, 1);
	assert_string_equal(g->oldest_open_on, "2026-11-10");
	assert_string_equal(o.status_codes[1], "in_progress");
	assert_int_equal(g->by_status[1], 1);
	assert_int_equal(g->by_status[6], 2); /* closed: T2, T5 */
	assert_string_equal(o.routing_codes[2], "county_union");
	assert_int_equal(g->by_routing[2], 2); /* T1, T5 */
	/* Nothing received, no report yet. */
	assert_int_equal(g->stale_days, -1);
	assert_string_equal(g->week_report, "none");
	/* Four comparisons: group 1 closed T2 (after a return visit), has one
	 * research log, 33 workers; group 2 has 50 workers and nothing else. */
	assert_int_equal(g->practical, 1);
	assert_int_equal(g->typical, 1);
	assert_int_equal(g->research, 1);
	const fb_group_stats *g2 = &o.groups[1];
	assert_int_equal(g2->workers, 50);
	assert_int_equal(g2->rank[3], 1);
	assert_int_equal(g->rank[3], 2);
	assert_int_equal(g->score, 5);
	assert_int_equal(g2->score, 7);
	assert_int_equal(g->place, 1);
	assert_int_equal(g2->place, 2);
	/* Logs per day: group 1 on the 20th had two. */
	assert_int_equal(o.ndays, 7);
	assert_int_equal(o.daily[4], 2);
	assert_int_equal(o.daily[5], 1);
	assert_int_equal(o.daily[3], 1); /* the tombstone of the 19th is not counted */
	fb_overview_free(&o);
}

static void test_targets_staleness_reports(void **state)
{
	fixture *fx = *state;
	/* HQ sets group 1's own worker target; a bundle arrived two days ago. */
	rf_exec(fx, "INSERT INTO targets (uuid, scope, metric, period, group_id, value, origin, rev,"
	            " updated_at) VALUES ('tg1', 'group', 'workers', 'programme', 1, 40, 'hq', 9, 'x');"
	            "INSERT INTO sync_imports (bundle_id, source_device, source_group, created_at,"
	            " imported_at) VALUES ('b1', 'd', '11111111-1111-4111-8111-111111111111',"
	            " '2026-11-18T08:00:00Z', '2026-11-19T08:00:00Z'), ('b2', 'd',"
	            " '11111111-1111-4111-8111-111111111111', '2026-11-20T08:00:00Z',"
	            " '2026-11-21T08:00:00Z');");
	fb_period p;
	fb_report r;
	fb_error err;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	int64_t id = r.id;
	fb_report_free(&r);
	fb_overview o;
	fb_stats_opts opt = {.from = "2026-11-16"};
	assert_int_equal(fb_stats_overview(fx->st, &opt, &o, &err), FB_OK);
	assert_int_equal(o.groups[0].target_workers, 40);
	assert_int_equal(o.groups[1].target_workers, 50);
	assert_string_equal(o.groups[0].last_bundle_at, "2026-11-20T08:00:00Z");
	assert_int_equal(o.groups[0].stale_days, 2);
	assert_string_equal(o.groups[0].week_report, "draft");
	assert_string_equal(o.groups[1].week_report, "none");
	fb_overview_free(&o);
	/* Submitted, then edited (revision 2 is a draft): still submitted. */
	assert_int_equal(fb_report_submit(fx->st, id, &err), FB_OK);
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_RESEARCH, "调研", NULL, &err),
	                 FB_OK);
	assert_int_equal(fb_stats_overview(fx->st, &opt, &o, &err), FB_OK);
	assert_string_equal(o.groups[0].week_report, "submitted");
	assert_int_equal(o.groups[0].week_revision, 2);
	/* The submitted report had a research section: research counts it. */
	assert_int_equal(o.groups[0].research, 2);
	fb_overview_free(&o);
	/* A member removed after the period still counts with the logs they wrote. */
	rf_exec(fx, "UPDATE people SET deleted = 1 WHERE id = 2");
	assert_int_equal(fb_stats_overview(fx->st, &opt, &o, &err), FB_OK);
	assert_int_equal(o.groups[0].workers, 33);
	assert_int_equal(o.groups[0].ncadres, 3);
	fb_overview_free(&o);
	fb_stats_opts later = {.from = "2026-11-21"};
	assert_int_equal(fb_stats_overview(fx->st, &later, &o, &err), FB_OK);
	assert_int_equal(o.groups[0].ncadres, 2);
	fb_overview_free(&o);
	/* One group only; bad periods are refused naming the option. */
	opt.group_id = 2;
	assert_int_equal(fb_stats_overview(fx->st, &opt, &o, &err), FB_OK);
	assert_int_equal(o.ngroups, 1);
	assert_int_equal(o.ncadres, 1);
	fb_overview_free(&o);
	fb_stats_opts bad = {.from = "2026-11-30", .to = "2026-11-01"};
	assert_int_equal(fb_stats_overview(fx->st, &bad, &o, &err), FB_EINVAL);
	assert_string_equal(err.field, "from");
	fb_stats_opts bad2 = {.to = "2026-02-30"};
	assert_int_equal(fb_stats_overview(fx->st, &bad2, &o, &err), FB_EINVAL);
	assert_string_equal(err.field, "to");
	fb_stats_opts bad4 = {.from = "1900-01-01"};
	assert_int_equal(fb_stats_overview(fx->st, &bad4, &o, &err), FB_EINVAL);
	fb_stats_opts bad3 = {.week = "2027-W53"};
	assert_int_equal(fb_stats_overview(fx->st, &bad3, &o, &err), FB_EINVAL);
}

static void test_charts(void **state)
{
	(void)state;
	char out[256];
	assert_string_equal(fb_chart_bar(5, 10, 4, out, sizeof out), "██  ");
	assert_string_equal(fb_chart_bar(1, 2, 1, out, sizeof out), "▌");
	assert_string_equal(fb_chart_bar(1, 16, 1, out, sizeof out), "▏");
	assert_string_equal(fb_chart_bar(0, 10, 3, out, sizeof out), "   ");
	assert_string_equal(fb_chart_bar(20, 10, 3, out, sizeof out), "███");
	assert_string_equal(fb_chart_bar(1, 1000, 3, out, sizeof out), "▏  ");
	int v[] = {0, 1, 2, 4};
	assert_string_equal(fb_chart_spark(v, 4, 10, out, sizeof out), " ▃▅█");
	int w[] = {1, 1, 1, 1, 2, 2};
	assert_string_equal(fb_chart_spark(w, 6, 3, out, sizeof out), "▅▅█");
	assert_int_equal(fb_text_width(fb_chart_spark(w, 6, 4, out, sizeof out)), 3);
}

/* The display width of the widest line. */
static int widest(const char *text)
{
	int max = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[4096];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		if ((int)fb_text_width(line) > max)
			max = (int)fb_text_width(line);
		p += len + (nl != NULL);
	}
	return max;
}

static void test_render(void **state)
{
	fixture *fx = *state;
	fb_overview o;
	fb_error err;
	fb_stats_opts opt = {.from = "2026-11-01"};
	/* A long CJK group name must be cut at a character boundary. */
	rf_exec(fx, "UPDATE work_groups SET name = '第二工作组（清水经济开发区劳动关系专项）' WHERE id = 2");
	assert_int_equal(fb_stats_overview(fx->st, &opt, &o, &err), FB_OK);
	char *t80 = fb_stats_render(fx->st, &o, FB_SFMT_TABLE, 80);
	assert_non_null(t80);
	assert_true(widest(t80) <= 80);
	assert_non_null(strstr(t80, "第一工作组"));
	assert_non_null(strstr(t80, "36/50")); /* 33 in W47, 3 on the 15th */
	assert_non_null(strstr(t80, "Weekly report 2026-W47 not submitted (2)"));
	char *t160 = fb_stats_render(fx->st, &o, FB_SFMT_TABLE, 160);
	assert_true(widest(t160) > 80);
	assert_true(widest(t160) <= 160);
	assert_non_null(strstr(t160, "第二工作组（清水经济开发区劳动关系专项）")); /* room for it */
	free(t80);
	free(t160);
	char *csv = fb_stats_render(fx->st, &o, FB_SFMT_CSV_GROUPS, 80);
	/* a BOM first, so Excel on Chinese Windows reads UTF-8 (issue 10) */
	assert_int_equal(strncmp(csv, "\xEF\xBB\xBF" "group,station,cadres,logs,days_logged,", 41), 0);
	assert_non_null(strstr(csv, "\r\n第一工作组,城关镇,3,11,"));
	free(csv);
	csv = fb_stats_render(fx->st, &o, FB_SFMT_CSV_CADRES, 80);
	assert_non_null(strstr(csv, "\r\n第一工作组,王芳,member,2,2,3,1,1,2,10,10,0,2,60,1,1\r\n"));
	free(csv);
	char *json = fb_stats_render(fx->st, &o, FB_SFMT_JSON, 80);
	assert_non_null(strstr(json, "\"name\": \"第一工作组\""));
	assert_non_null(strstr(json, "\"oldest_open\": {\"id\": 1, \"opened_on\": \"2026-11-10\""));
	assert_non_null(strstr(json, "\"stale_days\": null"));
	free(json);
	fb_overview_free(&o);
}

/* Lines of text that start with prefix. */
static int count_lines(const char *text, const char *prefix)
{
	int n = 0;
	size_t k = strlen(prefix);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		n += !strncmp(p, prefix, k);
	return n;
}

/* Many groups at 80 columns: the charts show the top 10 and say how many
 * more; --all (show_all) and a wide page show every group. */
static void test_compact(void **state)
{
	fixture *fx = *state;
	/* 12 more groups (组03..组14), one cadre each, group n's cadre met n workers. */
	for (int n = 3; n <= 14; n++) {
		char sql[1024];
		snprintf(sql, sizeof sql,
		         "INSERT INTO work_groups (id, uuid, name, station, started_on, origin, rev,"
		         " updated_at) VALUES (%d, 'g%d', '组%02d', '镇', '2026-11-01', 'dev', 1, 'x');"
		         "INSERT INTO people (id, uuid, group_id, name, role, origin, rev, updated_at)"
		         " VALUES (%d, 'q%d', %d, '干部%02d', 'leader', 'dev', 1, 'x');"
		         "INSERT INTO logs (id, uuid, group_id, author_id, date, unit, activity,"
		         " workers, content, origin, rev, updated_at) VALUES (%d, 'l%d', %d, %d,"
		         " '2026-11-16', '厂', 'worker_visit', %d, '走访', 'dev', 1, 'x');",
		         n, n, n, 100 + n, 100 + n, n, n, 100 + n, 100 + n, n, 100 + n, n);
		rf_exec(fx, sql);
	}
	fb_overview o;
	fb_error err;
	fb_stats_opts opt = {.from = "2026-11-16"};
	assert_int_equal(fb_stats_overview(fx->st, &opt, &o, &err), FB_OK);
	assert_int_equal(o.ngroups, 14);
	char *t = fb_stats_render(fx->st, &o, FB_SFMT_TABLE, 80);
	assert_true(widest(t) <= 80);
	/* the side-by-side table: one line per group, all of them */
	const char *g0 = strstr(t, "Groups: days logged"), *g1 = strstr(t, "Workers visited");
	char table[8192];
	assert_true(g0 && g1 && g1 > g0);
	snprintf(table, sizeof table, "%.*s", (int)(g1 - g0), g0);
	assert_int_equal(count_lines(table, "组"), 12);
	assert_int_equal(count_lines(table, "第"), 2);
	/* Workers chart: the 10 with most workers (第二工作组 50, 第一工作组 33,
	 * then 组14..组07), then the line saying how many more. */
	const char *w = strstr(t, "Workers visited against the group target");
	assert_non_null(w);
	const char *w_end = strstr(w, "Enterprises visited");
	char chart[8192];
	snprintf(chart, sizeof chart, "%.*s", (int)(w_end - w), w);
	assert_non_null(strstr(chart, "第一工作组"));
	assert_non_null(strstr(chart, "组14"));
	assert_non_null(strstr(chart, "组07"));
	assert_null(strstr(chart, "组06"));
	assert_null(strstr(chart, "组03"));
	assert_non_null(strstr(chart, "… and 4 more groups (all: --all; one group: --group G)\n"));
	/* the order is by the value: 组14 before 组13 */
	assert_true(strstr(chart, "组14") < strstr(chart, "组13"));
	/* cadres: the 10 missing the most days, and how many more */
	assert_non_null(strstr(t, "… and 6 more cadres (all: --all"));
	free(t);
	/* --all: every group in the chart, in id order */
	o.show_all = 1;
	t = fb_stats_render(fx->st, &o, FB_SFMT_TABLE, 80);
	assert_null(strstr(t, "more groups ("));
	assert_null(strstr(t, "more cadres ("));
	w = strstr(t, "Workers visited against the group target");
	assert_non_null(strstr(w, "组03"));
	assert_true(strstr(w, "组03") < strstr(w, "组14"));
	free(t);
	/* a wide page has room for everything */
	o.show_all = 0;
	t = fb_stats_render(fx->st, &o, FB_SFMT_TABLE, 160);
	assert_null(strstr(t, "more groups ("));
	free(t);
	fb_overview_free(&o);
}

/* Which week's report is checked by default: the last week whose working
 * days are over. On Monday that is last week (this week's is not due). */
static void test_due_week(void **state)
{
	fixture *fx = *state;
	fb_period p;
	fb_report r;
	fb_error err;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	assert_int_equal(fb_report_submit(fx->st, r.id, &err), FB_OK);
	fb_report_free(&r);
	static const struct { const char *today, *week; } cases[] = {
		{"2026-11-23", "2026-W47"}, /* Monday: last week's report is due */
		{"2026-11-27", "2026-W47"}, /* Friday: still last week's */
		{"2026-11-28", "2026-W48"}, /* Saturday: this week's working days are over */
		{"2026-11-22", "2026-W47"}, /* Sunday */
		{"2027-01-04", "2026-W53"}, /* Monday after a week across the new year */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		setenv("FIELDBOOK_TODAY", cases[i].today, 1);
		fb_overview o;
		fb_stats_opts opt = {.from = "2026-11-16"};
		assert_int_equal(fb_stats_overview(fx->st, &opt, &o, &err), FB_OK);
		assert_string_equal(o.week_label, cases[i].week);
		fb_overview_free(&o);
	}
	/* Monday: group 1 submitted W47, so it is not listed as late; the
	 * header says which week is checked. */
	setenv("FIELDBOOK_TODAY", "2026-11-23", 1);
	fb_overview o;
	fb_stats_opts opt = {.from = "2026-11-16"};
	assert_int_equal(fb_stats_overview(fx->st, &opt, &o, &err), FB_OK);
	assert_string_equal(o.groups[0].week_report, "submitted");
	char *t = fb_stats_render(fx->st, &o, FB_SFMT_TABLE, 80);
	assert_non_null(strstr(t, "Weekly reports checked: 2026-W47 (2026-11-16 to 2026-11-22)\n"));
	assert_non_null(strstr(t, "Weekly report 2026-W47 not submitted (1): 第二工作组\n"));
	free(t);
	fb_overview_free(&o);
	/* --week still chooses any week. */
	opt.week = "2026-W48";
	assert_int_equal(fb_stats_overview(fx->st, &opt, &o, &err), FB_OK);
	assert_string_equal(o.week_label, "2026-W48");
	assert_string_equal(o.groups[0].week_report, "none");
	fb_overview_free(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_week_overview, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_targets_staleness_reports, rf_setup, rf_teardown),
		cmocka_unit_test(test_charts),
		cmocka_unit_test_setup_teardown(test_render, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_due_week, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_compact, rf_setup, rf_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
