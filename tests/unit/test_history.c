/* test_history.c - the history of records: the exact entries each edit,
 * delete and undelete writes (who, field, old and new value), in the
 * change's transaction; one record's history in keyset pages, in words;
 * the per-device hash chain and fb_history_verify finding an altered or a
 * removed entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/report.h"
#include "internal.h"
#include "testutil.h"

static int setup(void **state)
{
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	fixture *fx = fx_new();
	fb_store_set_actor(fx->st, fx->leader_id);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fx_free(*state);
	return 0;
}

/* Entry `seq` of this device: "op|field|old|new|actor" into out. */
static const char *entry(fixture *fx, long long seq, char *out, size_t size)
{
	sqlite3_stmt *q;
	assert_int_equal(
		sqlite3_prepare_v2(fb_store_db(fx->st),
	                           "SELECT op || '|' || field || '|' || old_value || '|' || "
	                           "new_value || '|' || actor_name FROM history "
	                           "WHERE device = ?1 AND seq = ?2",
	                           -1, &q, NULL),
		SQLITE_OK);
	sqlite3_bind_text(q, 1, fb_store_device(fx->st), -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, seq);
	out[0] = 0;
	if (sqlite3_step(q) == SQLITE_ROW)
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return out;
}

static long long entries(fixture *fx) { return fx_int(fx->st, "SELECT count(*) FROM history"); }

/* An edit writes one entry per changed field, old and new, as the actor;
 * unchanged fields write nothing. */
static void test_log_edit_entries(void **state)
{
	fixture *fx = *state;
	fb_error err;
	char buf[512];
	long long base = entries(fx);
	fb_log l = fx_log(fx, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	assert_int_equal(entries(fx), base + 1);
	assert_string_equal(entry(fx, base + 1, buf, sizeof buf), "insert||||李　习");
	l.content = "走访企业，座谈三人。";
	l.workers = 7;
	assert_int_equal(fb_log_update(fx->st, &l, &err), FB_OK);
	assert_int_equal(entries(fx), base + 3);
	assert_string_equal(entry(fx, base + 2, buf, sizeof buf), "update|workers|5|7|李　习");
	assert_string_equal(entry(fx, base + 3, buf, sizeof buf),
	                    "update|content|走访企业，了解情况。|走访企业，座谈三人。|李　习");
	/* saved again unchanged: no entry */
	assert_int_equal(fb_log_update(fx->st, &l, &err), FB_OK);
	assert_int_equal(entries(fx), base + 3);
	/* another person acts: their name */
	fb_store_set_actor(fx->st, fx->member_id);
	l.unit = "红星纺织厂";
	assert_int_equal(fb_log_update(fx->st, &l, &err), FB_OK);
	assert_string_equal(entry(fx, base + 4, buf, sizeof buf),
	                    "update|unit|宏达机械有限公司|红星纺织厂|王伟");
	/* nobody signed in: refused (perm.c), and no entry */
	fb_store_set_actor(fx->st, 0);
	l.next_step = "下周回访";
	assert_int_equal(fb_log_update(fx->st, &l, &err), FB_EPERM);
	assert_int_equal(entries(fx), base + 4);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE actor_uuid = '' AND "
	                                "field = 'next_step'"),
	                 0);
}

/* A refused edit and a rolled-back transaction leave no entry. */
static void test_no_entry_without_change(void **state)
{
	fixture *fx = *state;
	fb_error err;
	fb_log l = fx_log(fx, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	long long base = entries(fx);
	l.date = "2026-13-01";
	assert_int_equal(fb_log_update(fx->st, &l, &err), FB_EINVAL);
	l.date = "2026-11-20";
	assert_int_equal(fb_store_begin(fx->st, &err), FB_OK);
	l.workers = 9;
	assert_int_equal(fb_log_update(fx->st, &l, &err), FB_OK);
	assert_int_equal(entries(fx), base + 1);
	fb_store_rollback(fx->st);
	assert_int_equal(entries(fx), base);
	l.id = 99999;
	assert_int_equal(fb_log_update(fx->st, &l, &err), FB_ENOTFOUND);
	assert_int_equal(entries(fx), base);
}

/* A ticket edited changes its routing, due date and owner: each is an
 * entry, shown in words (labels, names) on the page. */
static void test_ticket_routing_due_owner(void **state)
{
	fixture *fx = *state;
	fb_error err;
	fb_ticket t = {0};
	t.opened_by = fx->member_id;
	t.opened_on = "2026-11-20";
	t.due_on = "2026-12-04";
	t.title = "宏达机械拖欠职工工资";
	t.description = "职工反映近两个月工资未发放。";
	t.category = "wage_arrears";
	t.routing = "county_union";
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	long long base = entries(fx);
	t.routing = "party_gov";
	t.due_on = "2026-12-10";
	t.owner_id = fx->other_id;
	fx_hq(fx); /* routing is HQ's */
	assert_int_equal(fb_ticket_update(fx->st, &t, &err), FB_OK);
	fx_as(fx, fx->leader_id);
	assert_int_equal(entries(fx), base + 3);
	fb_history_row rows[10];
	int n = fb_history_page(fx->st, "tickets", t.uuid, FB_PAGE_FIRST, NULL, rows, 10, &err);
	assert_int_equal(n, 4);
	assert_string_equal(rows[0].op, "insert");
	assert_string_equal(rows[1].field, "routing");
	assert_string_equal(rows[1].old_value, "County union itself");
	assert_string_equal(rows[1].new_value, "Local Party committee / government");
	assert_string_equal(rows[2].field, "due_on");
	assert_string_equal(rows[2].old_value, "2026-12-04");
	assert_string_equal(rows[2].new_value, "2026-12-10");
	assert_string_equal(rows[3].field, "owner");
	assert_string_equal(rows[3].old_value, "李　习");
	assert_string_equal(rows[3].new_value, "张芳");
	assert_string_equal(rows[3].actor, "市总刘");
	assert_string_equal(fb_history_field_label("tickets", "due_on"), "due date");
	/* a step that moves the status is an entry too */
	fb_ticket_event ev = {
		.ticket_id = t.id, .kind = "start", .actor_id = fx->leader_id, .body = "已联系企业"};
	assert_int_equal(fb_ticket_event_add(fx->st, &ev, &err), FB_OK);
	n = fb_history_page(fx->st, "tickets", t.uuid, FB_PAGE_LAST, NULL, rows, 1, &err);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].field, "status");
	assert_string_equal(rows[0].old_value, "Registered");
	assert_string_equal(rows[0].new_value, "In progress");
}

/* Delete and undelete: one entry each; undeleting a live record is
 * refused. */
static void test_delete_undelete(void **state)
{
	fixture *fx = *state;
	fb_error err;
	char buf[256];
	fb_log l = fx_log(fx, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	assert_int_equal(fb_log_undelete(fx->st, l.id, &err), FB_ENOTFOUND);
	long long base = entries(fx);
	assert_int_equal(fb_log_delete(fx->st, l.id, &err), FB_OK);
	assert_string_equal(entry(fx, base + 1, buf, sizeof buf), "delete||||李　习");
	fb_store_set_actor(fx->st, fx->member_id);
	assert_int_equal(fb_log_undelete(fx->st, l.id, &err), FB_OK);
	assert_string_equal(entry(fx, base + 2, buf, sizeof buf), "undelete||||王伟");
	fb_log back;
	assert_int_equal(fb_log_get(fx->st, l.id, 0, &back, &err), FB_OK);
	assert_int_equal(back.deleted, 0);
	fb_log_free(&back);
	/* people come back on the roster (the leader's to do) */
	fx_as(fx, fx->leader_id);
	assert_int_equal(fb_person_delete(fx->st, fx->other_id, &err), FB_OK);
	assert_int_equal(fb_person_undelete(fx->st, fx->other_id, &err), FB_OK);
	assert_string_equal(entry(fx, base + 4, buf, sizeof buf), "undelete||||李　习");
	assert_int_equal(fb_person_undelete(fx->st, fx->other_id, &err), FB_ENOTFOUND);
}

/* People, targets and reports are recorded too. */
static void test_people_targets_reports(void **state)
{
	fixture *fx = *state;
	fb_error err;
	char buf[512];
	fb_person p;
	assert_int_equal(fb_person_get(fx->st, fx->member_id, &p, &err), FB_OK);
	long long base = entries(fx);
	char *old_phone = p.phone;
	p.phone = "13800138000";
	assert_int_equal(fb_person_save(fx->st, &p, &err), FB_OK);
	char want[256];
	snprintf(want, sizeof want, "update|phone|%s|13800138000|李　习", old_phone);
	assert_string_equal(entry(fx, base + 1, buf, sizeof buf), want);
	p.phone = old_phone;
	fb_person_free(&p);

	fb_target tg = {0};
	snprintf(tg.scope, sizeof tg.scope, "group");
	snprintf(tg.metric, sizeof tg.metric, "workers");
	snprintf(tg.period, sizeof tg.period, "programme");
	tg.value = 60;
	fx_hq(fx); /* targets are HQ's */
	assert_int_equal(fb_target_save(fx->st, &tg, &err), FB_OK);
	assert_string_equal(entry(fx, base + 2, buf, sizeof buf), "update|value|50|60|市总刘");
	fx_as(fx, fx->leader_id);

	fb_log l = fx_log(fx, "2026-11-17", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	fb_period per;
	assert_int_equal(fb_period_week("2026-W47", &per, &err), FB_OK);
	fb_report r;
	assert_int_equal(fb_report_compile(fx->st, fx->group_id, FB_REPORT_WEEKLY, &per, &r, &err),
	                 FB_OK);
	long long after_compile = entries(fx);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl = 'reports' AND "
	                                "op = 'insert'"),
	                 1);
	assert_int_equal(fb_report_set_section(fx->st, r.id, FB_SEC_PROBLEMS, "工资拖欠问题突出",
	                                       NULL, &err),
	                 FB_OK);
	assert_int_equal(entries(fx), after_compile + 1);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl = 'reports' AND "
	                                "field = 'problems' AND new_value = '工资拖欠问题突出'"),
	                 1);
	assert_int_equal(fb_report_submit(fx->st, r.id, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl = 'reports' AND "
	                                "field = 'status' AND old_value = 'draft' AND "
	                                "new_value = 'submitted'"),
	                 1);
	fb_report_free(&r);
}

/* Keyset pages over a long history: forward and back, every entry once. */
static void test_history_pages(void **state)
{
	fixture *fx = *state;
	fb_error err;
	fb_log l = fx_log(fx, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	for (int i = 1; i <= 24; i++) {
		l.workers = i + 10;
		assert_int_equal(fb_log_update(fx->st, &l, &err), FB_OK);
	}
	fb_history_row rows[10];
	fb_cursor c;
	int n = fb_history_page(fx->st, "logs", l.uuid, FB_PAGE_FIRST, NULL, rows, 10, &err);
	assert_int_equal(n, 10);
	assert_string_equal(rows[0].op, "insert");
	int seen = n;
	long long last = atoll(rows[9].new_value);
	while (n == 10) {
		fb_history_row_cursor(&rows[n - 1], &c);
		n = fb_history_page(fx->st, "logs", l.uuid, FB_PAGE_NEXT, &c, rows, 10, &err);
		assert_true(n >= 0);
		if (n > 0)
			assert_int_equal(atoll(rows[0].new_value), last + 1);
		if (n > 0)
			last = atoll(rows[n - 1].new_value);
		seen += n;
	}
	assert_int_equal(seen, 25);
	assert_int_equal(last, 34);
	fb_history_row_cursor(&rows[0], &c);
	n = fb_history_page(fx->st, "logs", l.uuid, FB_PAGE_PREV, &c, rows, 10, &err);
	assert_int_equal(n, 10);
	assert_string_equal(rows[9].new_value, "29");
}

/* The chain: each entry's prev_hash is the hash of the one before; verify
 * finds an entry changed or removed with sqlite3 behind fieldbook's back. */
static void test_chain_and_verify(void **state)
{
	fixture *fx = *state;
	fb_error err;
	fb_log l = fx_log(fx, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	for (int i = 1; i <= 4; i++) {
		l.workers = i + 10;
		assert_int_equal(fb_log_update(fx->st, &l, &err), FB_OK);
	}
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history a JOIN history b ON "
	                                "b.device = a.device AND b.seq = a.seq + 1 "
	                                "WHERE b.prev_hash <> a.hash"),
	                 0);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE seq = 1 AND "
	                                "prev_hash = ''"),
	                 1);
	fb_history_break b;
	int64_t n = 0;
	assert_int_equal(fb_history_verify(fx->st, &b, &n, &err), 0);
	assert_int_equal(n, entries(fx));
	/* history is append-only for fieldbook itself */
	assert_int_not_equal(sqlite3_exec(fb_store_db(fx->st), "UPDATE history SET new_value = 'x'",
	                                  NULL, NULL, NULL),
	                     SQLITE_OK);
	/* changed behind its back */
	long long target = fx_int(fx->st, "SELECT max(seq) - 2 FROM history");
	char sql[256];
	snprintf(sql, sizeof sql,
	         "DROP TRIGGER history_no_update; DROP TRIGGER history_no_delete; "
	         "UPDATE history SET new_value = '99' WHERE seq = %lld",
	         target);
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fb_history_verify(fx->st, &b, NULL, &err), 1);
	assert_int_equal(b.seq, target);
	assert_string_equal(b.device, fb_store_device(fx->st));
	assert_non_null(strstr(b.msg, "was changed"));
	/* put back: whole again; then removed */
	snprintf(sql, sizeof sql, "UPDATE history SET new_value = '12' WHERE seq = %lld", target);
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fb_history_verify(fx->st, &b, NULL, &err), 0);
	snprintf(sql, sizeof sql, "DELETE FROM history WHERE seq = %lld", target);
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(fb_history_verify(fx->st, &b, NULL, &err), 1);
	assert_int_equal(b.seq, target);
	assert_non_null(strstr(b.msg, "missing"));
}

/* An entry from outside is checked field by field and against its hash. */
static void test_entry_check(void **state)
{
	(void)state;
	char h[FB_HISTORY_HASH];
	fb_history_entry e = {.uuid = "01934b6e-0000-7000-8000-000000000001",
	                      .device = "dev-a",
	                      .seq = 1,
	                      .rev = 5,
	                      .at = "2026-11-20T08:00:00Z",
	                      .actor_uuid = "",
	                      .actor_name = "",
	                      .group_uuid = "",
	                      .table = "logs",
	                      .record_uuid = "01934b6e-0000-7000-8000-000000000002",
	                      .op = "update",
	                      .field = "content",
	                      .old_value = "a",
	                      .new_value = "b",
	                      .prev_hash = ""};
	fb_history_hash(&e, h);
	e.hash = h;
	fb_error err;
	assert_int_equal(fb_history_entry_check(&e, &err), FB_OK);
	e.new_value = "c";
	assert_int_equal(fb_history_entry_check(&e, &err), FB_EINVAL);
	assert_string_equal(err.field, "hash");
	e.new_value = "b";
	e.field = "colour";
	assert_int_equal(fb_history_entry_check(&e, &err), FB_EINVAL);
	assert_string_equal(err.field, "field");
	/* the length prefixes: moving a byte from one field to the next changes the hash */
	char h2[FB_HISTORY_HASH];
	fb_history_entry f = e;
	f.field = "content";
	f.old_value = "ab";
	f.new_value = "";
	fb_history_hash(&f, h2);
	assert_string_not_equal(h, h2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_log_edit_entries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_entry_without_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ticket_routing_due_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_undelete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_people_targets_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_and_verify, setup, teardown),
		cmocka_unit_test(test_entry_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
