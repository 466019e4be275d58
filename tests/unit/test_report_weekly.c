/* test_report_weekly.c - weekly report figures, periods across a year
 * boundary, members added mid-week, tombstones, drafts, submission,
 * revisions and rendering, on fixed fixture data (report_fixture.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/report.h"
#include "fieldbook/stats.h"
#include "report_fixture.h"

static const fb_member_figures *member(const fb_report_figures *f, const char *name)
{
	for (int i = 0; i < f->nmembers; i++)
		if (!strcmp(f->members[i].name, name))
			return &f->members[i];
	fail_msg("no member %s", name);
	return NULL;
}

static void test_periods(void **state)
{
	(void)state;
	fb_period p;
	fb_error err;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_string_equal(p.start, "2026-11-16");
	assert_string_equal(p.end, "2026-11-22");
	assert_string_equal(p.label, "2026-W47");
	/* 2026 has 53 ISO weeks: W53 runs into 2027; 2027 has only 52. */
	assert_int_equal(fb_period_week("2026-W53", &p, &err), FB_OK);
	assert_string_equal(p.start, "2026-12-28");
	assert_string_equal(p.end, "2027-01-03");
	assert_int_equal(fb_period_week("2027-W01", &p, &err), FB_OK);
	assert_string_equal(p.start, "2027-01-04");
	assert_int_equal(fb_period_week("2027-W53", &p, &err), FB_EINVAL);
	fb_period_week_of("2027-01-01", &p);
	assert_string_equal(p.label, "2026-W53");
	fb_period_week_of("2026-11-22", &p);
	assert_string_equal(p.label, "2026-W47");
	assert_int_equal(fb_period_month("2026-02", &p, &err), FB_OK);
	assert_string_equal(p.end, "2026-02-28");
	assert_int_equal(fb_period_month("2028-02", &p, &err), FB_OK);
	assert_string_equal(p.end, "2028-02-29");
	assert_int_equal(fb_period_month("2026-13", &p, &err), FB_EINVAL);
	assert_int_equal(fb_period_month("2026-1", &p, &err), FB_EINVAL);
	assert_int_equal(fb_period_month("2026-11x", &p, &err), FB_EINVAL);
}

static void test_week_figures(void **state)
{
	fixture *fx = *state;
	fb_period p;
	fb_report_figures f;
	fb_error err;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_figures_compute(fx->st, 1, &p, &f, &err), FB_OK);
	assert_int_equal(f.nmembers, 3); /* the HQ person is not a member */
	assert_string_equal(f.members[0].name, "张伟"); /* leader first */
	const fb_member_figures *z = member(&f, "张伟"), *l = member(&f, "李娜"),
	                        *w = member(&f, "王芳");
	assert_int_equal(z->logs, 6);
	assert_int_equal(z->days_logged, 5);
	assert_int_equal(z->days_due, 5);
	assert_int_equal(z->days_missing, 1); /* the tombstoned log of the 19th does not count */
	assert_string_equal(z->missing, "2026-11-19");
	assert_int_equal(z->enterprises, 5);
	assert_int_equal(z->workers, 15);
	assert_int_equal(z->households, 3);
	assert_int_equal(z->enterprise_kinds, 15);
	assert_int_equal(z->worker_kinds, 7);
	assert_int_equal(l->days_logged, 2);
	assert_int_equal(l->days_missing, 3);
	assert_string_equal(l->missing, "2026-11-18 2026-11-19 2026-11-20");
	/* Joined mid-week (joined_on Wednesday): counted from then. */
	assert_int_equal(w->days_due, 3);
	assert_int_equal(w->days_missing, 1);
	assert_string_equal(w->missing, "2026-11-20");
	assert_int_equal(f.logs, 10);
	assert_int_equal(f.days_logged, 9);
	assert_int_equal(f.days_due, 13);
	assert_int_equal(f.days_missing, 5);
	assert_int_equal(f.enterprises, 7);
	assert_int_equal(f.workers, 33);
	assert_int_equal(f.households, 4);
	assert_int_equal(f.enterprise_kinds, 63);
	assert_int_equal(f.worker_kinds, 63);
	/* Visits by kind: logs 1 and 7 met "difficulty" (bit 0), log 2 bits 1
	 * and 2, log 5 bit 3, log 8 bit 4, log 10 bit 5; the tombstone none. */
	static const int ek[8] = {2, 1, 1, 1, 1, 1, 0, 0}, wk[8] = {1, 1, 1, 1, 1, 1, 0, 0};
	for (int k = 0; k < 8; k++) {
		assert_int_equal(f.enterprise_kind_logs[k], ek[k]);
		assert_int_equal(f.worker_kind_logs[k], wk[k]);
	}
	assert_int_equal(f.findings, 2);
	assert_int_equal(f.tickets_opened, 2);
	assert_int_equal(f.tickets_closed, 1);
	assert_int_equal(f.tickets_open, 2);
	assert_int_equal(f.tickets_overdue, 1);
	fb_report_figures_free(&f);

	/* Mid-week "today": Wednesday; days after today are not due yet. */
	setenv("FIELDBOOK_TODAY", "2026-11-18", 1);
	assert_int_equal(fb_report_figures_compute(fx->st, 1, &p, &f, &err), FB_OK);
	assert_int_equal(member(&f, "张伟")->days_due, 3);
	assert_int_equal(member(&f, "张伟")->days_missing, 0);
	assert_int_equal(member(&f, "李娜")->days_missing, 1);
	assert_int_equal(f.tickets_open, 2); /* T3 not opened yet; T2 not closed yet */
	assert_int_equal(f.tickets_overdue, 0); /* T1 due the 18th: not yet overdue */
	fb_report_figures_free(&f);
}

static void test_year_boundary(void **state)
{
	fixture *fx = *state;
	setenv("FIELDBOOK_TODAY", "2027-01-10", 1);
	rf_exec(fx, RF_LOG(20, 1, 1, "2026-12-28", 0, 0, 1, 1, 0, "enterprise_visit", "", "", "", 0)
	            RF_LOG(21, 1, 1, "2026-12-31", 0, 0, 1, 1, 0, "enterprise_visit", "", "", "", 0)
	            RF_LOG(22, 1, 1, "2027-01-01", 0, 0, 1, 1, 0, "enterprise_visit", "", "", "", 0)
	            RF_LOG(23, 1, 1, "2027-01-02", 0, 0, 1, 1, 0, "enterprise_visit", "", "", "", 0)
	            RF_LOG(24, 1, 1, "2027-01-04", 0, 0, 1, 1, 0, "enterprise_visit", "", "", "", 0));
	fb_period p;
	fb_report_figures f;
	fb_error err;
	assert_int_equal(fb_period_week("2026-W53", &p, &err), FB_OK);
	assert_int_equal(fb_report_figures_compute(fx->st, 1, &p, &f, &err), FB_OK);
	assert_int_equal(member(&f, "张伟")->days_logged, 4);
	assert_int_equal(member(&f, "张伟")->days_due, 5);
	assert_string_equal(member(&f, "张伟")->missing, "2026-12-29 2026-12-30");
	assert_int_equal(member(&f, "李娜")->days_missing, 5);
	assert_int_equal(f.logs, 4);
	fb_report_figures_free(&f);
	assert_int_equal(fb_period_week("2027-W01", &p, &err), FB_OK);
	assert_int_equal(fb_report_figures_compute(fx->st, 1, &p, &f, &err), FB_OK);
	assert_int_equal(member(&f, "张伟")->days_missing, 4);
	assert_int_equal(f.days_due, 15);
	fb_report_figures_free(&f);
	/* After the stay (ends 2027-01-31) nothing is due. */
	setenv("FIELDBOOK_TODAY", "2027-03-01", 1);
	assert_int_equal(fb_period_week("2027-W05", &p, &err), FB_OK); /* 02-01 .. 02-07 */
	assert_int_equal(fb_report_figures_compute(fx->st, 1, &p, &f, &err), FB_OK);
	assert_int_equal(f.days_due, 0);
	fb_report_figures_free(&f);
}

static void test_draft_submit_revise(void **state)
{
	fixture *fx = *state;
	fb_period p;
	fb_report r;
	fb_error err;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	int64_t id = r.id;
	assert_int_equal(r.revision_no, 1);
	assert_string_equal(r.status, "draft");
	assert_int_equal(r.author_id, 1);
	assert_true(r.latest);
	/* Pre-filled from the logs: findings with what was done, research, next steps. */
	assert_non_null(strstr(r.sections[FB_SEC_PROBLEMS], "拖欠工资"));
	assert_non_null(strstr(r.sections[FB_SEC_PROBLEMS], "已协调"));
	assert_non_null(strstr(r.sections[FB_SEC_PROBLEMS], "社保未缴"));
	assert_null(strstr(r.sections[FB_SEC_PROBLEMS], "已删除的问题"));
	/* How they were resolved: the tickets closed in the week (T2, not T5). */
	assert_non_null(strstr(r.sections[FB_SEC_PROBLEMS], "- 11-20 closed: 社保未缴\n"));
	assert_null(strstr(r.sections[FB_SEC_PROBLEMS], "早已办结"));
	assert_non_null(strstr(r.sections[FB_SEC_RESEARCH], "王芳"));
	assert_non_null(strstr(r.sections[FB_SEC_NEXT_PLAN], "回访宏达机械"));
	assert_null(strstr(r.sections[FB_SEC_NEXT_PLAN], "old plan"));
	assert_non_null(strstr(r.sections[FB_SEC_WORK_DONE], "10 daily logs"));
	fb_report_free(&r);

	/* Compiling again returns the same draft. */
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	assert_int_equal(r.id, id);
	fb_report_free(&r);

	int64_t changed = 0;
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_WORK_DONE, "本周走访企业7家。",
	                                       &changed, &err), FB_OK);
	assert_int_equal(changed, id);
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_WORK_DONE, "\xff", NULL, &err),
	                 FB_EINVAL);
	assert_int_equal(fb_report_submit(fx->st, id, &err), FB_OK);
	assert_int_equal(fb_report_submit(fx->st, id, &err), FB_ESTATE);

	/* A late log does not change the submitted (frozen) figures. */
	rf_exec(fx, RF_LOG(30, 2, 1, "2026-11-18", 0, 0, 0, 1, 0, "worker_visit", "", "", "", 0));
	assert_int_equal(fb_report_get(fx->st, id, &r, &err), FB_OK);
	assert_string_equal(r.status, "submitted");
	assert_string_equal(r.submitted_at, "2026-11-22T10:00:00Z");
	assert_string_equal(r.sections[FB_SEC_WORK_DONE], "本周走访企业7家。");
	assert_int_equal(member(&r.figures, "李娜")->days_missing, 3);
	assert_string_equal(member(&r.figures, "李娜")->missing, "2026-11-18 2026-11-19 2026-11-20");
	assert_int_equal(r.figures.days_missing, 5);
	assert_int_equal(r.figures.tickets_overdue, 1);
	assert_int_equal(r.figures.enterprise_kind_logs[0], 2); /* frozen too */
	assert_int_equal(r.figures.worker_kind_logs[5], 1);
	fb_report_free(&r);

	/* An edit after submission makes revision 2, a draft with live figures. */
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_NEXT_PLAN, "下周回访。", &changed,
	                                       &err), FB_OK);
	assert_true(changed != id);
	assert_int_equal(fb_report_get(fx->st, changed, &r, &err), FB_OK);
	assert_int_equal(r.revision_no, 2);
	assert_string_equal(r.status, "draft");
	assert_string_equal(r.sections[FB_SEC_WORK_DONE], "本周走访企业7家。");
	assert_string_equal(r.sections[FB_SEC_NEXT_PLAN], "下周回访。");
	assert_int_equal(member(&r.figures, "李娜")->days_missing, 2);
	fb_report_free(&r);
	/* The old revision is history: read-only. */
	assert_int_equal(fb_report_get(fx->st, id, &r, &err), FB_OK);
	assert_false(r.latest);
	fb_report_free(&r);
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_NEXT_PLAN, "x", NULL, &err),
	                 FB_ESTATE);
	assert_int_equal(fb_report_submit(fx->st, id, &err), FB_ESTATE);
	/* compile returns the latest revision. */
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	assert_int_equal(r.id, changed);
	fb_report_free(&r);

	fb_report_row rows[10];
	fb_report_filter lf = {.group_id = 1};
	assert_int_equal(fb_report_page(fx->st, &lf, FB_PAGE_FIRST, NULL, rows, 10, &err), 1);
	assert_int_equal(rows[0].id, changed);
	lf.all_revisions = 1;
	assert_int_equal(fb_report_page(fx->st, &lf, FB_PAGE_FIRST, NULL, rows, 10, &err), 2);
	lf.group_id = 2;
	assert_int_equal(fb_report_page(fx->st, &lf, FB_PAGE_FIRST, NULL, rows, 10, &err), 0);
	assert_int_equal(fx_int(fx->st, "SELECT COUNT(*) FROM reports"), 2);
}

/* Every line of a block of lines has the same display width. */
static void assert_aligned(const char *text, const char *first, int nlines)
{
	const char *p = strstr(text, first);
	assert_non_null(p);
	size_t width = 0;
	for (int i = 0; i < nlines; i++) {
		const char *nl = strchr(p, '\n');
		assert_non_null(nl);
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)(nl - p), p);
		if (i == 0)
			width = fb_text_width(line);
		else
			assert_int_equal(fb_text_width(line), width);
		p = nl + 1;
	}
}

static void test_render(void **state)
{
	fixture *fx = *state;
	fb_period p;
	fb_report r;
	fb_error err;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	char *md = fb_report_render(fx->st, &r, FB_RFMT_MARKDOWN, 80);
	assert_non_null(md);
	assert_non_null(strstr(md, "# Weekly report · 第一工作组 · 2026-W47 (2026-11-16 to 2026-11-22)"));
	assert_non_null(strstr(md, "## Next week's plan"));
	/* head, rule, 3 members, total: a pipe table aligned by display width */
	assert_aligned(md, "| Member", 6);
	assert_non_null(strstr(md, "- 李娜 (3): 2026-11-18 2026-11-19 2026-11-20\n"));
	assert_non_null(strstr(md, "Kinds of enterprise covered (6/8): In production difficulty 2, "
	                           "Prone to labour disputes 1,"));
	free(md);
	char *txt = fb_report_render(fx->st, &r, FB_RFMT_TEXT, 80);
	assert_non_null(txt);
	assert_non_null(strstr(txt, "Tickets opened: 2, closed: 1, open at the end: 2, overdue: 1"));
	assert_aligned(txt, "Member", 6);
	/* Nothing wider than the page, and at 40 columns the dates wrap. */
	for (const char *q = txt; *q;) {
		const char *nl = strchr(q, '\n');
		char line[2048];
		snprintf(line, sizeof line, "%.*s", (int)(nl - q), q);
		if (fb_text_width(line) > 80)
			fail_msg("wider than 80 columns: %s", line);
		q = nl + 1;
	}
	free(txt);
	txt = fb_report_render(fx->st, &r, FB_RFMT_TEXT, 40);
	assert_non_null(strstr(txt, "  李娜 (3): 2026-11-18 2026-11-19\n  2026-11-20\n"));
	free(txt);
	char *csv = fb_report_render(fx->st, &r, FB_RFMT_CSV, 80);
	assert_non_null(csv);
	/* a BOM first, so Excel on Chinese Windows reads UTF-8 (issue 10) */
	assert_int_equal(strncmp(csv, "\xEF\xBB\xBF" "Member,Days logged,Workdays,Missing,Logs,Enterprises,", 56), 0);
	assert_non_null(strstr(csv, "\r\n李娜,2,5,3,2,1,8,1,Member,2026-11-18 2026-11-19 2026-11-20\r\n"));
	assert_non_null(strstr(csv, "\r\nTotal,9,13,5,10,7,33,4,,\r\n"));
	free(csv);
	fb_report_free(&r);
}

static void test_monthly_and_stage(void **state)
{
	fixture *fx = *state;
	fb_period p;
	fb_report r;
	fb_error err;
	assert_int_equal(fb_period_month("2026-11", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_MONTHLY, &p, &r, &err), FB_OK);
	/* November up to the 22nd: 张伟 has no joined_on, so his stay starts
	 * with the group's on the 1st (not with his first log on the 15th):
	 * 2-6, 9-13 and 16-20 due; all but the 16th-18th and 20th missing. */
	assert_int_equal(member(&r.figures, "张伟")->days_due, 15);
	assert_int_equal(member(&r.figures, "张伟")->days_missing, 11);
	/* 王芳 joined on the 18th: the 18th to the 20th. */
	assert_int_equal(member(&r.figures, "王芳")->days_due, 3);
	assert_int_equal(member(&r.figures, "张伟")->logs, 7);
	assert_int_equal(r.figures.logs, 11);
	assert_int_equal(r.figures.tickets_opened, 4); /* T1, T2, T3, T5 */
	assert_int_equal(r.figures.tickets_closed, 2);
	fb_report_free(&r);
	assert_int_equal(fb_period_stage(fx->st, 1, &p, &err), FB_OK);
	assert_string_equal(p.start, "2026-11-01");
	assert_string_equal(p.end, "2026-11-22");
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_STAGE, &p, &r, &err), FB_OK);
	assert_string_equal(fb_report_section_title(FB_REPORT_STAGE, FB_SEC_NEXT_PLAN),
	                    "Suggestions and measures");
	assert_non_null(strstr(r.sections[FB_SEC_RESEARCH], "workers visited"));
	char *txt = fb_report_render(fx->st, &r, FB_RFMT_TEXT, 80);
	assert_non_null(strstr(txt, "Stage summary and research report · 第一工作组 · 2026-11-01 to 2026-11-22"));
	free(txt);
	fb_report_free(&r);
	/* A group without a start date or any log has no stage yet. */
	rf_exec(fx, "INSERT INTO work_groups (id, uuid, name, origin, rev, updated_at) VALUES"
	            " (3, 'g3', '第三工作组', 'dev', 1, 'x')");
	assert_int_equal(fb_period_stage(fx->st, 3, &p, &err), FB_ESTATE);
}

/* A draft's sections the leader has not edited follow the logs; edited
 * ones are kept. */
static void test_draft_refresh(void **state)
{
	fixture *fx = *state;
	fb_period p;
	fb_report r;
	fb_error err;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	int64_t id = r.id, rev = r.rev;
	assert_null(strstr(r.sections[FB_SEC_PROBLEMS], "食堂卫生差"));
	fb_report_free(&r);
	/* Nothing new: compiling again writes nothing. */
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	assert_int_equal(r.rev, rev);
	fb_report_free(&r);
	/* The leader writes the work done; a late log arrives. */
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_WORK_DONE, "本周走访企业。", NULL,
	                                       &err), FB_OK);
	rf_exec(fx, RF_LOG(41, 2, 1, "2026-11-19", 0, 0, 1, 3, 0, "enterprise_visit", "食堂卫生差",
	                   "已反映企业", "回访食堂整改", 0));
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	assert_int_equal(r.id, id);
	assert_int_equal(r.figures.logs, 11);
	assert_string_equal(r.sections[FB_SEC_WORK_DONE], "本周走访企业。"); /* edited: kept */
	assert_non_null(strstr(r.sections[FB_SEC_PROBLEMS], "食堂卫生差"));  /* regenerated */
	assert_non_null(strstr(r.sections[FB_SEC_PROBLEMS], "拖欠工资"));
	assert_non_null(strstr(r.sections[FB_SEC_NEXT_PLAN], "回访食堂整改"));
	fb_report_free(&r);
	/* Now the leader edits the problems; another log: problems kept, plan follows. */
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_PROBLEMS, "问题已汇总。", NULL,
	                                       &err), FB_OK);
	rf_exec(fx, RF_LOG(42, 3, 1, "2026-11-20", 0, 0, 1, 3, 0, "enterprise_visit", "宿舍漏雨",
	                   "", "督促维修宿舍", 0));
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	assert_string_equal(r.sections[FB_SEC_PROBLEMS], "问题已汇总。");
	assert_string_equal(r.sections[FB_SEC_WORK_DONE], "本周走访企业。");
	assert_non_null(strstr(r.sections[FB_SEC_NEXT_PLAN], "督促维修宿舍"));
	assert_non_null(strstr(r.sections[FB_SEC_NEXT_PLAN], "回访食堂整改"));
	/* Submitted: frozen, whatever arrives. */
	assert_int_equal(fb_report_submit(fx->st, id, &err), FB_OK);
	fb_report_free(&r);
	rf_exec(fx, RF_LOG(43, 3, 1, "2026-11-20", 0, 0, 1, 3, 0, "enterprise_visit", "", "",
	                   "不应出现的计划", 0));
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	assert_null(strstr(r.sections[FB_SEC_NEXT_PLAN], "不应出现的计划"));
	fb_report_free(&r);
	/* A revision made by editing the submitted report is the leader's text:
	 * never regenerated. */
	int64_t rev2 = 0;
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_WORK_DONE, "修订。", &rev2, &err),
	                 FB_OK);
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	assert_int_equal(r.id, rev2);
	assert_null(strstr(r.sections[FB_SEC_NEXT_PLAN], "不应出现的计划"));
	assert_int_equal(r.figures.logs, 13); /* the figures of a draft are live */
	fb_report_free(&r);
}

/* The stay of each member: joined_on, else the group's start; a member who
 * never logs is missing every day of it; a visitor is due only the days
 * they logged. The overview (stats.c) follows the same rule. */
static void test_joined_on(void **state)
{
	fixture *fx = *state;
	rf_exec(fx, "INSERT INTO people (id, uuid, group_id, name, role, origin, rev, updated_at,"
	            " joined_on) VALUES (6, 'p6', 1, '陈静', 'member', 'dev', 1, 'x', NULL),"
	            " (7, 'p7', 1, '刘洋', 'member', 'dev', 1, 'x', '2026-11-19'),"
	            " (8, 'p8', 1, '孙丽', 'member', 'dev', 1, 'x', '2026-10-01');\n"
	            RF_LOG(40, 4, 1, "2026-11-17", 0, 0, 0, 1, 0, "symposium", "", "", "", 0));
	fb_period p;
	fb_report_figures f;
	fb_error err;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_figures_compute(fx->st, 1, &p, &f, &err), FB_OK);
	assert_int_equal(f.nmembers, 7); /* 3 + 3 new + the HQ visitor */
	/* Never logged, joined_on NULL: every working day of the week. */
	const fb_member_figures *c = member(&f, "陈静");
	assert_int_equal(c->logs, 0);
	assert_int_equal(c->days_due, 5);
	assert_int_equal(c->days_missing, 5);
	assert_string_equal(c->missing, "2026-11-16 2026-11-17 2026-11-18 2026-11-19 2026-11-20");
	/* Joined on Thursday, never logged: Thursday and Friday. */
	assert_int_equal(member(&f, "刘洋")->days_due, 2);
	assert_string_equal(member(&f, "刘洋")->missing, "2026-11-19 2026-11-20");
	/* joined_on before the group's start: the group's start wins (the whole week). */
	assert_int_equal(member(&f, "孙丽")->days_missing, 5);
	/* The HQ person wrote one log: due that day only, nothing missing. */
	assert_int_equal(member(&f, "市总")->days_due, 1);
	assert_int_equal(member(&f, "市总")->days_missing, 0);
	assert_int_equal(f.days_due, 13 + 5 + 2 + 5 + 1);
	assert_int_equal(f.days_missing, 5 + 5 + 2 + 5);

	/* The same figures in the overview. */
	fb_stats_opts o = {.from = "2026-11-16", .to = "2026-11-22"};
	fb_overview ov;
	assert_int_equal(fb_stats_overview(fx->st, &o, &ov, &err), FB_OK);
	int seen = 0;
	for (int i = 0; i < ov.ncadres; i++) {
		const fb_cadre_stats *k = &ov.cadres[i];
		for (int j = 0; j < f.nmembers; j++)
			if (k->person_id == f.members[j].person_id) {
				assert_int_equal(k->days_due, f.members[j].days_due);
				assert_int_equal(k->days_missing, f.members[j].days_missing);
				seen++;
			}
	}
	assert_int_equal(seen, 6); /* the HQ visitor is no cadre of the group */
	fb_overview_free(&ov);
	fb_report_figures_free(&f);

	/* The person API carries joined_on and checks it. */
	fb_person pp;
	assert_int_equal(fb_person_get(fx->st, 7, &pp, &err), FB_OK);
	assert_string_equal(pp.joined_on, "2026-11-19");
	free(pp.joined_on);
	pp.joined_on = strdup("2026-11-2");
	assert_int_equal(fb_person_save(fx->st, &pp, &err), FB_EINVAL);
	assert_string_equal(err.field, "joined_on");
	free(pp.joined_on);
	pp.joined_on = strdup("2027-02-01"); /* after the stay ends on 01-31 */
	assert_int_equal(fb_person_save(fx->st, &pp, &err), FB_EINVAL);
	free(pp.joined_on);
	pp.joined_on = NULL; /* cleared: back to the group's start */
	assert_int_equal(fb_person_save(fx->st, &pp, &err), FB_OK);
	fb_person_free(&pp);
	assert_int_equal(fx_int(fx->st, "SELECT joined_on IS NULL FROM people WHERE id = 7"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test_setup_teardown(test_week_figures, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_year_boundary, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_draft_submit_revise, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_render, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_monthly_and_stage, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_joined_on, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_draft_refresh, rf_setup, rf_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
