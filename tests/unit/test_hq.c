/* test_hq.c - headquarters: setting a database up as HQ's (and refusing a
 * station's), the HQ home's figures per group and in total, keyset pages
 * of groups. The day is fixed at Sunday 2026-11-22: this week is 11-16 to
 * 11-22, last week's report is the one of 11-09. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "sqlstore.h"

static const char *const staff[] = {"赵敏", "钱　进"};

static void hq_up(fixture *fx)
{
	fb_error err;
	fb_hq_info in = {
		.federation = "东湖市总工会", .department = "组织部", .staff = staff, .nstaff = 2};
	assert_int_equal(fb_hq_setup(fx->st, &in, NULL, &err), FB_OK);
}

static void test_setup(void **state)
{
	fixture *fx = *state;
	fb_error err;
	char fed[128], dept[128];
	int64_t first = 0;
	assert_int_equal(fb_store_is_new(fx->st, &err), 1);
	assert_int_equal(fb_hq_is(fx->st, &err), 0);
	fb_hq_info in = {.federation = "东湖市总工会",
	                 .department = "组织部",
	                 .staff = staff,
	                 .nstaff = 2,
	                 .bundle_days = 10};
	assert_int_equal(fb_hq_setup(fx->st, &in, &first, &err), FB_OK);
	assert_int_equal(fb_hq_is(fx->st, &err), 1);
	/* HQ without any group is no longer a new database */
	assert_int_equal(fb_store_is_new(fx->st, &err), 0);
	assert_int_equal(fb_hq_names(fx->st, fed, dept, sizeof fed, &err), FB_OK);
	assert_string_equal(fed, "东湖市总工会");
	assert_string_equal(dept, "组织部");
	assert_int_equal(fb_hq_bundle_days(fx->st), 10);
	fb_person p = {0};
	assert_true(first > 0);
	assert_int_equal(fb_person_get(fx->st, first, &p, &err), FB_OK);
	assert_string_equal(p.name, "赵敏");
	assert_string_equal(p.role, "hq");
	assert_int_equal(p.group_id, 0);
	fb_person_free(&p);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM people WHERE role = 'hq' AND "
	                                "group_id IS NULL"),
	                 2);
}

/* Bad input: the field named, nothing written. */
static void test_setup_refused(void **state)
{
	fixture *fx = *state;
	fb_error err;
	fb_hq_info in = {.federation = "", .staff = staff, .nstaff = 2};
	assert_int_equal(fb_hq_setup(fx->st, &in, NULL, &err), FB_EINVAL);
	assert_string_equal(err.field, "federation");
	in.federation = "东湖市总工会";
	in.nstaff = 0;
	assert_int_equal(fb_hq_setup(fx->st, &in, NULL, &err), FB_EINVAL);
	assert_string_equal(err.field, "staff");
	const char *bad[] = {"赵敏", ""};
	in.staff = bad, in.nstaff = 2;
	assert_int_equal(fb_hq_setup(fx->st, &in, NULL, &err), FB_EINVAL);
	assert_string_equal(err.field, "staff");
	in.staff = staff, in.bundle_days = 400;
	assert_int_equal(fb_hq_setup(fx->st, &in, NULL, &err), FB_EINVAL);
	assert_string_equal(err.field, "bundle_days");
	assert_int_equal(fb_hq_is(fx->st, &err), 0);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM people"), 0);
	assert_int_equal(fb_store_is_new(fx->st, &err), 1);
}

/* A station's database never becomes HQ's. */
static void test_station_refused(void **state)
{
	(void)state;
	fixture *st = fx_new();
	fb_error err;
	fb_hq_info in = {.federation = "东湖市总工会", .staff = staff, .nstaff = 1};
	assert_int_equal(fb_hq_setup(st->st, &in, NULL, &err), FB_EINVAL);
	assert_string_equal(err.field, "site");
	assert_int_equal(fb_hq_is(st->st, &err), 0);
	assert_int_equal(fx_int(st->st, "SELECT count(*) FROM people WHERE role = 'hq'"), 0);
	fx_free(st);
}

/* A group with a leader and a member; their ids into ids[0..1]. */
static int64_t add_group(fixture *fx, const char *name, int64_t ids[2])
{
	fb_error err;
	fb_group g = {.name = (char *)name, .station = "桃源镇"};
	/* HQ's first staff sets the group up */
	fx_store_as(fx->st, fx_int(fx->st, "SELECT min(id) FROM people WHERE role = 'hq'"));
	assert_int_equal(fb_group_save(fx->st, &g, &err), FB_OK);
	for (int i = 0; i < 2; i++) {
		char pn[32];
		snprintf(pn, sizeof pn, "%s%d", i ? "组员" : "组长", (int)g.id);
		fb_person p = {
			.group_id = g.id, .name = pn, .role = (char *)(i ? "member" : "leader")};
		assert_int_equal(fb_person_save(fx->st, &p, &err), FB_OK);
		ids[i] = p.id;
	}
	return g.id;
}

static void add_log(fixture *fx, int64_t author, const char *date)
{
	fb_error err;
	fb_log l = fx_log(fx, date, "走访宏达机械，了解职工工资发放情况。");
	l.author_id = author;
	fx_store_as(fx->st, author); /* the author writes their log */
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
}

static void add_ticket(fixture *fx, int64_t by, const char *opened, const char *due)
{
	fb_error err;
	fb_ticket t = {.opened_by = by,
	               .opened_on = (char *)opened,
	               .due_on = (char *)due,
	               .title = "宏达机械拖欠工资",
	               .description = "两个月工资未发。",
	               .category = "wage_arrears",
	               .routing = "county_union"};
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
}

static void exec(fixture *fx, const char *sql)
{
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), sql, NULL, NULL, NULL), SQLITE_OK);
}

static void test_figures(void **state)
{
	fixture *fx = *state;
	fb_error err;
	int64_t a[2], b[2];
	char sql[512];
	hq_up(fx);
	int64_t ga = add_group(fx, "东湖组", a), gb = add_group(fx, "西山组", b);
	/* 东湖: 3 logs this week by 2 cadres, 1 last week; 2 tickets, one overdue */
	add_log(fx, a[0], "2026-11-16");
	add_log(fx, a[1], "2026-11-20");
	add_log(fx, a[1], "2026-11-22");
	add_log(fx, a[1], "2026-11-13");
	add_ticket(fx, a[1], "2026-10-01", "2026-11-01");
	add_ticket(fx, a[1], "2026-11-20", "2026-12-20");
	/* 西山: last week's report submitted, a bundle of 11-20 (not late) */
	snprintf(
		sql, sizeof sql,
		"INSERT INTO reports (uuid, group_id, kind, period_start, period_end, period_label,"
		" status, origin, rev, updated_at) VALUES ('00000000-0000-4000-8000-00000000aa01',"
		" %lld, 'weekly', '2026-11-09', '2026-11-15', 'W46', 'submitted', 'x', 1,"
		" '2026-11-16T00:00:00Z')",
		(long long)gb);
	exec(fx, sql);
	exec(fx, "INSERT INTO sync_imports (bundle_id, source_device, source_group, created_at,"
	         " imported_at) SELECT 'b1', 'd1', uuid, '2026-11-20T08:00:00Z',"
	         " '2026-11-21T08:00:00Z' FROM work_groups WHERE name = '西山组'");
	exec(fx, "INSERT INTO sync_imports (bundle_id, source_device, source_group, created_at,"
	         " imported_at) SELECT 'b0', 'd0', uuid, '2026-11-01T08:00:00Z',"
	         " '2026-11-02T08:00:00Z' FROM work_groups WHERE name = '东湖组'");
	fb_hq_period p;
	fb_hq_period_now(fx->st, &p);
	assert_string_equal(p.monday, "2026-11-16");
	assert_string_equal(p.last_monday, "2026-11-09");
	assert_string_equal(p.bundle_cutoff, "2026-11-15");
	fb_hq_group_row r[4];
	assert_int_equal(fb_hq_group_page(fx->st, &p, FB_PAGE_FIRST, NULL, r, 4, &err), 2);
	const fb_hq_group_row *ra = r[0].id == ga ? &r[0] : &r[1];
	const fb_hq_group_row *rb = r[0].id == gb ? &r[0] : &r[1];
	assert_string_equal(ra->name, "东湖组");
	assert_int_equal(ra->logs_week, 3);
	assert_int_equal(ra->cadres_week, 2);
	assert_int_equal(ra->tickets_open, 2);
	assert_int_equal(ra->tickets_overdue, 1);
	assert_int_equal(ra->report, FB_HQ_REPORT_NONE);
	assert_true(ra->report_late);
	assert_string_equal(ra->last_bundle, "2026-11-01T08:00:00Z");
	assert_true(ra->bundle_late);
	assert_int_equal(rb->logs_week, 0);
	assert_int_equal(rb->tickets_open, 0);
	assert_int_equal(rb->report, FB_HQ_REPORT_SUBMITTED);
	assert_false(rb->report_late);
	assert_false(rb->bundle_late);

	fb_hq_totals t;
	assert_int_equal(fb_hq_totals_get(fx->st, &p, &t, &err), FB_OK);
	assert_int_equal(t.groups, 2);
	assert_int_equal(t.bundles_late, 1);
	assert_int_equal(t.reports_late, 1);
	assert_int_equal(t.tickets_open, 2);
	assert_int_equal(t.tickets_overdue, 1);
	assert_int_equal(t.conflicts_open, 0);
	assert_int_equal(t.bundles_week, 1);
	exec(fx, "INSERT INTO sync_conflicts (table_name, uuid, kept_rev, lost_rev, lost_origin,"
	         " lost_row, detected_at) VALUES ('logs', 'u', 2, 1, 'd', '{}', 'now')");
	assert_int_equal(fb_hq_totals_get(fx->st, &p, &t, &err), FB_OK);
	assert_int_equal(t.conflicts_open, 1);
}

/* Pages by name, one at a time, both ways. */
static void test_pages(void **state)
{
	fixture *fx = *state;
	fb_error err;
	int64_t ids[2];
	const char *names[] = {"丙组", "甲组", "乙组", "丁组", "戊组"};
	hq_up(fx);
	for (int i = 0; i < 5; i++)
		add_group(fx, names[i], ids);
	fb_hq_period p;
	fb_hq_period_now(fx->st, &p);
	fb_hq_group_row r[2], all[5];
	fb_cursor c;
	assert_int_equal(fb_hq_group_page(fx->st, &p, FB_PAGE_FIRST, NULL, all, 5, &err), 5);
	for (int i = 1; i < 5; i++)
		assert_true(strcmp(all[i - 1].name, all[i].name) < 0);
	int n = fb_hq_group_page(fx->st, &p, FB_PAGE_FIRST, NULL, r, 2, &err), seen = 0;
	while (n > 0) {
		for (int i = 0; i < n; i++)
			assert_int_equal(r[i].id, all[seen++].id);
		fb_hq_group_row_cursor(&r[n - 1], &c);
		n = fb_hq_group_page(fx->st, &p, FB_PAGE_NEXT, &c, r, 2, &err);
	}
	assert_int_equal(n, 0);
	assert_int_equal(seen, 5);
	assert_int_equal(fb_hq_group_page(fx->st, &p, FB_PAGE_LAST, NULL, r, 2, &err), 2);
	assert_int_equal(r[1].id, all[4].id);
	assert_int_equal(r[0].id, all[3].id);
	fb_hq_group_row_cursor(&r[0], &c);
	assert_int_equal(fb_hq_group_page(fx->st, &p, FB_PAGE_PREV, &c, r, 2, &err), 2);
	assert_int_equal(r[0].id, all[1].id);
	assert_int_equal(fb_hq_group_page(fx->st, &p, FB_PAGE_NEXT, NULL, r, 2, &err), -1);
	assert_int_equal(err.code, FB_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_setup, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(test_setup_refused, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(test_station_refused, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(test_figures, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(test_pages, fx_setup_empty, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
