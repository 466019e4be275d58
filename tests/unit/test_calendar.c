/* test_calendar.c - working days with the holiday table (2026's National
 * Day week, make-up Saturdays), leave, due rules and dates, the states of
 * reports due, filings; exact dates throughout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/calendar.h"
#include "fieldbook/due.h"
#include "fieldbook/report.h"
#include "report_fixture.h"

static fb_date D(const char *s)
{
	fb_date d;
	assert_int_equal(fb_date_parse(s, &d, "date", NULL), FB_OK);
	return d;
}

static void test_workdays(void **state)
{
	fixture *fx = *state;
	fb_workdays *w = NULL;
	fb_error err = {0};
	assert_int_equal(fb_workdays_load(fx->st, &w, &err), FB_OK);
	/* 1-7 October 2026 are holidays; Saturday 10 October and Sunday 20
	 * September are make-up working days */
	for (int d = 1; d <= 7; d++) {
		char s[11];
		snprintf(s, sizeof s, "2026-10-%02d", d);
		assert_false(fb_workdays_is(w, D(s)));
	}
	assert_true(fb_workdays_is(w, D("2026-10-08")));
	assert_true(fb_workdays_is(w, D("2026-10-10")));
	assert_false(fb_workdays_is(w, D("2026-10-11")));
	assert_true(fb_workdays_is(w, D("2026-09-20")));
	assert_false(fb_workdays_is(w, D("2026-09-25"))); /* 中秋节, a Friday */
	assert_true(fb_workdays_is(NULL, D("2026-10-01")));
	const char *kind = NULL;
	assert_string_equal(fb_workdays_name(w, D("2026-10-03"), &kind), "国庆节");
	assert_string_equal(kind, "holiday");
	assert_string_equal(fb_workdays_name(w, D("2026-10-10"), &kind), "国庆节调休上班");
	assert_string_equal(kind, "workday");
	assert_string_equal(fb_workdays_name(w, D("2026-11-10"), &kind), "");
	/* 28 Sep - 11 Oct: 28, 29, 30 Sep, 8, 9, 10 Oct */
	assert_int_equal(fb_workdays_count(w, "2026-09-28", "2026-10-11"), 6);
	assert_int_equal(fb_workdays_count(NULL, "2026-09-28", "2026-10-11"), 10);
	/* the Spring Festival: 15-23 Feb off, Saturdays 14 and 28 Feb on */
	assert_int_equal(fb_workdays_count(w, "2026-02-01", "2026-02-28"), 20 - 6 + 2);
	assert_int_equal(fb_workdays_count(w, "2026-10-02", "2026-10-01"), 0);
	/* the first working day after a week */
	char out[11];
	fb_date_format(fb_workdays_after(w, D("2026-10-04"), 1), out);
	assert_string_equal(out, "2026-10-08");
	fb_date_format(fb_workdays_after(w, D("2026-02-15"), 1), out);
	assert_string_equal(out, "2026-02-24");
	fb_date_format(fb_workdays_after(w, D("2026-10-09"), 1), out);
	assert_string_equal(out, "2026-10-10");
	fb_date_format(fb_workdays_after(w, D("2026-11-30"), 5), out);
	assert_string_equal(out, "2026-12-07");
	fb_workdays_free(w);
}

static void test_calendar_entries(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	long long before = fx_int(fx->st, "SELECT count(*) FROM calendar_days");
	/* the holidays are HQ's: the group's leader may not change them */
	fb_calendar_entry mine = {.first_day = "2027-05-06",
	                          .last_day = "2027-05-06",
	                          .kind = "holiday",
	                          .name = "组里的假"};
	assert_int_equal(fb_calendar_add(fx->st, &mine, &err), FB_EPERM);
	assert_non_null(strstr(err.msg, "make-up working days"));
	assert_int_equal(fb_calendar_remove(fx->st, 1, &err), FB_EPERM);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM calendar_days"), before);
	fx_as(fx, fx_hq(fx));
	fb_calendar_entry e = {.first_day = "2026-10-05",
	                       .last_day = "2026-10-09",
	                       .kind = "holiday",
	                       .name = "重叠"};
	assert_int_equal(fb_calendar_add(fx->st, &e, &err), FB_EINVAL);
	assert_string_equal(err.field, "first_day");
	assert_non_null(strstr(err.msg, "国庆节"));
	fb_calendar_entry bad[] = {
		{.first_day = "2027-01-03", .last_day = "2027-01-01", .kind = "holiday", .name = "元旦"},
		{.first_day = "2027-02-30", .last_day = "2027-03-01", .kind = "holiday", .name = "x"},
		{.first_day = "2027-01-01", .last_day = "2027-01-01", .kind = "vacation", .name = "x"},
		{.first_day = "2027-01-01", .last_day = "2027-01-01", .kind = "holiday", .name = "　"},
		{.first_day = "2027-01-01", .last_day = "2027-03-01", .kind = "holiday", .name = "x"},
	};
	const char *fields[] = {"last_day", "first_day", "kind", "name", "last_day"};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(fb_calendar_add(fx->st, &bad[i], &err), FB_EINVAL);
		assert_string_equal(err.field, fields[i]);
	}
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM calendar_days"), before);
	fb_calendar_entry ok = {.first_day = "2027-01-01",
	                        .last_day = "2027-01-03",
	                        .kind = "holiday",
	                        .name = "元旦"};
	assert_int_equal(fb_calendar_add(fx->st, &ok, &err), FB_OK);
	assert_true(ok.id > 0);
	fb_workdays *w = NULL;
	assert_int_equal(fb_workdays_load(fx->st, &w, &err), FB_OK);
	assert_false(fb_workdays_is(w, D("2027-01-01")));
	fb_workdays_free(w);
	assert_int_equal(fb_calendar_remove(fx->st, ok.id, &err), FB_OK);
	assert_int_equal(fb_calendar_remove(fx->st, ok.id, &err), FB_ENOTFOUND);
	assert_int_equal(fb_workdays_load(fx->st, &w, &err), FB_OK);
	assert_true(fb_workdays_is(w, D("2027-01-01")));
	fb_workdays_free(w);
}

static void test_due_rules(void **state)
{
	(void)state;
	fb_error err = {0};
	fb_period wk;
	char due[11];
	assert_int_equal(fb_period_week("2026-W40", &wk, &err), FB_OK); /* 28 Sep - 4 Oct */
	fb_workdays *w = NULL;
	fixture *fx = *state;
	assert_int_equal(fb_workdays_load(fx->st, &w, &err), FB_OK);
	assert_int_equal(fb_due_date(w, "after:1", &wk, due, &err), FB_OK);
	assert_string_equal(due, "2026-10-08"); /* Monday 5 Oct is a holiday */
	assert_int_equal(fb_due_date(NULL, "after:1", &wk, due, &err), FB_OK);
	assert_string_equal(due, "2026-10-05");
	assert_int_equal(fb_due_date(w, "days:3", &wk, due, &err), FB_OK);
	assert_string_equal(due, "2026-10-07");
	fb_period stay = {"2026-07-01", "2026-09-30", "stage"};
	assert_int_equal(fb_due_date(w, "fixed:09-30", &stay, due, &err), FB_OK);
	assert_string_equal(due, "2026-09-30");
	fb_period late = {"2026-10-05", "2026-12-31", "stage"};
	assert_int_equal(fb_due_date(w, "fixed:09-30", &late, due, &err), FB_OK);
	assert_string_equal(due, "2027-09-30");
	const char *bad[] = {"fixed:02-30", "fixed:02-29", "fixed:9-30", "fixed:13-01", "after:0",
	                     "after:61",    "after:1x",    "days:-1",    "bogus",       ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(&err, 0, sizeof err);
		assert_int_equal(fb_due_date(w, bad[i], &wk, due, &err), FB_EINVAL);
		assert_string_equal(err.field, "due_rule");
	}
	fb_workdays_free(w);
}

static void test_due_states(void **state)
{
	(void)state;
	int days = -1;
	assert_int_equal(fb_due_state_of("2026-09-30", "", "2026-09-22", &days), FB_DUE_NOT_YET);
	assert_int_equal(days, 8);
	assert_int_equal(fb_due_state_of("2026-09-30", "", "2026-09-23", &days), FB_DUE_SOON);
	assert_int_equal(days, 7);
	assert_int_equal(fb_due_state_of("2026-09-30", "", "2026-09-30", &days), FB_DUE_SOON);
	assert_int_equal(days, 0);
	assert_int_equal(fb_due_state_of("2026-09-30", "", "2026-10-01", &days), FB_DUE_OVERDUE);
	assert_int_equal(days, 1);
	assert_int_equal(fb_due_state_of("2026-09-30", "2026-09-30", "2026-12-01", &days),
	                 FB_DUE_ON_TIME);
	assert_int_equal(days, 0);
	assert_int_equal(fb_due_state_of("2026-09-30", "2026-10-02", "2026-12-01", &days),
	                 FB_DUE_LATE);
	assert_int_equal(days, 2);
}

/* Holidays and leave are not days missing. */
static void test_figures_working_days(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	rf_exec(fx, "UPDATE work_groups SET started_on = '2026-09-01' WHERE id = 1");
	fb_period p;
	fb_report_figures f;
	assert_int_equal(fb_period_week("2026-W40", &p, &err), FB_OK);
	assert_int_equal(fb_report_figures_compute(fx->st, 1, &p, &f, &err), FB_OK);
	assert_string_equal(f.members[1].name, "李娜");
	assert_int_equal(f.members[1].days_due, 3);
	assert_string_equal(f.members[1].missing, "2026-09-28 2026-09-29 2026-09-30");
	fb_report_figures_free(&f);
	assert_int_equal(fb_period_week("2026-W41", &p, &err), FB_OK);
	assert_int_equal(fb_report_figures_compute(fx->st, 1, &p, &f, &err), FB_OK);
	assert_string_equal(f.members[1].missing, "2026-10-08 2026-10-09 2026-10-10");
	fb_report_figures_free(&f);
	/* leave: 李娜 away 16-18 November */
	fb_leave bad = {.person_id = 2,
	                .first_day = "2026-11-18",
	                .last_day = "2026-11-16",
	                .reason = "病假",
	                .recorded_by = 1};
	assert_int_equal(fb_leave_add(fx->st, &bad, &err), FB_EINVAL);
	assert_string_equal(err.field, "last_day");
	fb_leave l = {.person_id = 2,
	              .first_day = "2026-11-16",
	              .last_day = "2026-11-18",
	              .reason = "病假",
	              .recorded_by = 1};
	assert_int_equal(fb_leave_add(fx->st, &l, &err), FB_OK);
	fb_leave again = l;
	again.first_day[9] = '8';
	memcpy(again.last_day, "2026-11-19", 11);
	assert_int_equal(fb_leave_add(fx->st, &again, &err), FB_EINVAL);
	assert_string_equal(err.field, "first_day");
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_figures_compute(fx->st, 1, &p, &f, &err), FB_OK);
	assert_int_equal(f.members[1].days_due, 2);
	assert_string_equal(f.members[1].missing, "2026-11-19 2026-11-20");
	fb_report_figures_free(&f);
}

static const fb_due_item *item(const fb_due_item *v, int n, const char *code, const char *start,
                               int64_t person)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i].code, code) && !strcmp(v[i].period.start, start) &&
		    v[i].person_id == person)
			return &v[i];
	fail_msg("no item %s %s", code, start);
	return NULL;
}

static int count_code(const fb_due_item *v, int n, const char *code)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		k += !strcmp(v[i].code, code);
	return k;
}

/* A leader compiles last week's report on Monday, submits it a day late. */
static void test_due_list(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	setenv("FIELDBOOK_TODAY", "2026-11-24", 1);
	setenv("FIELDBOOK_NOW", "2026-11-24T02:00:00Z", 1);
	fb_period p;
	fb_report r;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	assert_int_equal(fb_report_submit(fx->st, r.id, &err), FB_OK);
	int64_t id = r.id;
	fb_report_free(&r);
	/* the report's own screen: its due date and state */
	assert_int_equal(fb_report_get(fx->st, id, &r, &err), FB_OK);
	fb_due_item own;
	assert_int_equal(fb_due_of_report(fx->st, &r, &own, &err), FB_OK);
	assert_string_equal(own.due_on, "2026-11-23");
	assert_int_equal(own.state, FB_DUE_LATE);
	assert_int_equal(own.days, 1);
	fb_report_free(&r);
	fb_due_opts o = {.group_id = 1};
	fb_due_item *v = NULL;
	int n = 0;
	assert_int_equal(fb_due_list(fx->st, &o, &v, &n, &err), FB_OK);
	/* the stay began on Sunday 1 November: no report is due for W44 */
	assert_int_equal(count_code(v, n, "weekly"), 4);
	const fb_due_item *w45 = item(v, n, "weekly", "2026-11-02", 0);
	assert_string_equal(w45->due_on, "2026-11-09");
	assert_int_equal(w45->state, FB_DUE_OVERDUE);
	assert_int_equal(w45->days, 15);
	const fb_due_item *w47 = item(v, n, "weekly", "2026-11-16", 0);
	assert_string_equal(w47->due_on, "2026-11-23");
	assert_int_equal(w47->state, FB_DUE_LATE);
	assert_int_equal(w47->days, 1);
	assert_string_equal(w47->done_on, "2026-11-24");
	assert_int_equal(w47->report_id, id);
	const fb_due_item *w48 = item(v, n, "weekly", "2026-11-23", 0);
	assert_int_equal(w48->state, FB_DUE_SOON);
	assert_int_equal(w48->days, 6);
	const fb_due_item *m = item(v, n, "monthly", "2026-11-01", 0);
	assert_string_equal(m->due_on, "2026-12-07");
	assert_int_equal(m->state, FB_DUE_NOT_YET);
	/* each cadre's research report; HQ's own only in the list of every group */
	assert_int_equal(count_code(v, n, "cadre_research"), 3);
	assert_string_equal(item(v, n, "cadre_research", "2026-11-01", 2)->person_name, "李娜");
	assert_int_equal(count_code(v, n, "city_summary"), 0);
	free(v);
	/* open only: what is due soon or overdue */
	o.open_only = 1;
	assert_int_equal(fb_due_list(fx->st, &o, &v, &n, &err), FB_OK);
	for (int i = 0; i < n; i++)
		assert_true(v[i].state == FB_DUE_SOON || v[i].state == FB_DUE_OVERDUE);
	free(v);
	/* every group: group 2 (no end) and HQ's summary */
	fb_due_opts all = {0};
	assert_int_equal(fb_due_list(fx->st, &all, &v, &n, &err), FB_OK);
	assert_int_equal(count_code(v, n, "city_summary"), 1);
	fb_due_counts *c = NULL;
	int nc = 0;
	assert_int_equal(fb_due_count(v, n, &c, &nc, &err), FB_OK);
	assert_int_equal(nc, 3);
	assert_int_equal(c[0].group_id, 1);
	assert_int_equal(c[0].n[FB_DUE_LATE], 1);
	assert_int_equal(c[0].n[FB_DUE_OVERDUE], 2); /* W45, W46 */
	assert_int_equal(c[0].late_days, 1 + 15 + 8);
	free(c);
	free(v);
}

/* The stage summary is due on 30 September and due soon the week before. */
static void test_stage_due_soon(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	rf_exec(fx, "UPDATE work_groups SET started_on = '2026-07-01', ends_on = '2026-09-30'"
	            " WHERE id = 1");
	setenv("FIELDBOOK_TODAY", "2026-09-23", 1);
	fb_due_opts o = {.group_id = 1};
	fb_due_item *v = NULL;
	int n = 0;
	assert_int_equal(fb_due_list(fx->st, &o, &v, &n, &err), FB_OK);
	const fb_due_item *s = item(v, n, "stage", "2026-07-01", 0);
	assert_string_equal(s->due_on, "2026-09-30");
	assert_int_equal(s->state, FB_DUE_SOON);
	assert_int_equal(s->days, 7);
	assert_string_equal(item(v, n, "research", "2026-07-01", 0)->due_on, "2026-10-20");
	free(v);
	setenv("FIELDBOOK_TODAY", "2026-09-22", 1);
	assert_int_equal(fb_due_list(fx->st, &o, &v, &n, &err), FB_OK);
	assert_int_equal(item(v, n, "stage", "2026-07-01", 0)->state, FB_DUE_NOT_YET);
	free(v);
}

static void test_filings(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	setenv("FIELDBOOK_TODAY", "2026-11-24", 1);
	long long before = fx_int(fx->st, "SELECT count(*) FROM report_filings");
	assert_int_equal(fb_due_file(fx->st, "weekly", 1, 0, "2026-11-16", "2026-11-23", 1, &err),
	                 FB_EINVAL);
	assert_string_equal(err.field, "code");
	assert_int_equal(fb_due_file(fx->st, "nosuch", 1, 0, "2026-10-01", "2026-11-23", 1, &err),
	                 FB_ENOTFOUND);
	assert_int_equal(fb_due_file(fx->st, "quarterly", 1, 0, "2026-10-02", "2026-11-23", 1, &err),
	                 FB_EINVAL);
	assert_string_equal(err.field, "period");
	assert_int_equal(fb_due_file(fx->st, "quarterly", 1, 0, "2026-10-01", "2026-11-25", 1, &err),
	                 FB_EINVAL);
	assert_string_equal(err.field, "filed_on");
	assert_int_equal(fb_due_file(fx->st, "quarterly", 1, 2, "2026-10-01", "2026-11-20", 1, &err),
	                 FB_EINVAL);
	assert_string_equal(err.field, "person");
	assert_int_equal(
		fb_due_file(fx->st, "cadre_research", 1, 5, "2026-11-01", "2026-11-20", 1, &err),
		FB_EINVAL); /* 赵强 is in group 2 */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM report_filings"), before);
	assert_int_equal(fb_due_file(fx->st, "quarterly", 1, 0, "2026-10-01", "2026-11-20", 1, &err),
	                 FB_OK);
	assert_int_equal(fb_due_file(fx->st, "quarterly", 1, 0, "2026-10-01", "2026-11-21", 1, &err),
	                 FB_ESTATE);
	assert_int_equal(
		fb_due_file(fx->st, "cadre_research", 1, 2, "2026-11-01", "2026-11-23", 1, &err),
		FB_OK);
	fb_due_opts o = {.group_id = 1};
	fb_due_item *v = NULL;
	int n = 0;
	assert_int_equal(fb_due_list(fx->st, &o, &v, &n, &err), FB_OK);
	const fb_due_item *q = item(v, n, "quarterly", "2026-10-01", 0);
	assert_int_equal(q->state, FB_DUE_ON_TIME);
	assert_string_equal(q->done_on, "2026-11-20");
	assert_int_equal(item(v, n, "cadre_research", "2026-11-01", 2)->state, FB_DUE_ON_TIME);
	assert_int_equal(item(v, n, "cadre_research", "2026-11-01", 3)->state, FB_DUE_NOT_YET);
	free(v);
}

static void test_schedule_edit(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_schedule s;
	assert_int_equal(fb_schedule_get(fx->st, "weekly", &s, &err), FB_OK);
	assert_string_equal(s.due_rule, "after:1");
	assert_string_equal(s.report_kind, "weekly");
	snprintf(s.due_rule, sizeof s.due_rule, "fixed:02-30");
	assert_int_equal(fb_schedule_save(fx->st, &s, &err), FB_EINVAL);
	assert_string_equal(err.field, "due_rule");
	snprintf(s.due_rule, sizeof s.due_rule, "after:2");
	snprintf(s.period, sizeof s.period, "month");
	assert_int_equal(fb_schedule_save(fx->st, &s, &err), FB_EINVAL);
	assert_string_equal(err.field, "report_kind");
	snprintf(s.period, sizeof s.period, "week");
	/* the schedule is the circulars': HQ sets it */
	assert_int_equal(fb_schedule_save(fx->st, &s, &err), FB_EPERM);
	fx_as(fx, fx_hq(fx));
	assert_int_equal(fb_schedule_save(fx->st, &s, &err), FB_OK);
	fb_schedule again;
	assert_int_equal(fb_schedule_get(fx->st, "weekly", &again, &err), FB_OK);
	assert_string_equal(again.due_rule, "after:2");
	fb_schedule nw = {.code = "topic",
	                  .title = "年度调研课题",
	                  .writer = "leader",
	                  .period = "half_year",
	                  .due_rule = "days:15",
	                  .circular = "000"};
	assert_int_equal(fb_schedule_save(fx->st, &nw, &err), FB_OK);
	assert_string_equal(fb_schedule_title(&nw), "年度调研课题");
	fb_schedule badcode = nw;
	snprintf(badcode.code, sizeof badcode.code, "Topic");
	assert_int_equal(fb_schedule_save(fx->st, &badcode, &err), FB_EINVAL);
	assert_string_equal(err.field, "code");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_workdays, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_calendar_entries, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_due_rules, rf_setup, rf_teardown),
		cmocka_unit_test(test_due_states),
		cmocka_unit_test_setup_teardown(test_figures_working_days, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_due_list, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_stage_due_soon, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_filings, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_schedule_edit, rf_setup, rf_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
