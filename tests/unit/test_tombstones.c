/* test_tombstones.c - deleted means gone (020_tombstones.sql): a deleted
 * record keeps what sync needs and loses its text and personal fields,
 * however it was deleted (here, by a bundle's insert or update - the
 * importer's wipe - before the upgrade), a deleted ticket's steps lose their text, the history of a
 * deleted record forgets its values and its chain still holds, and the
 * append-only rules still refuse every other change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "migrate.h"
#include "search.h"
#include "testutil.h"

/* Run sql; its primary result code. */
static int exec(fb_store *st, const char *sql)
{
	return sqlite3_exec(fb_store_db(st), sql, NULL, NULL, NULL) & 0xff;
}

/* A log and a ticket deleted through the core: blank text, the rest kept. */
static void test_delete_wipes(void **state)
{
	fixture *fx = *state;
	fb_error err;
	fb_log l = fx_log(fx, "2026-11-20", "职工张秀英（13800138000）反映欠薪。");
	l.findings = "拖欠工资两个月";
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT deleted = 1 AND unit = '' AND content = '' AND findings = '' AND "
	         "date = '2026-11-20' AND workers = 5 FROM logs WHERE id = %lld",
	         (long long)l.id);
	assert_int_equal(fx_int(fx->st, sql), 0);
	assert_int_equal(fb_log_delete(fx->st, l.id, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, sql), 1);

	fb_ticket t = {.opened_by = fx->leader_id,
	               .opened_on = "2026-11-20",
	               .title = "红星纺织厂拖欠工资",
	               .description = "三个月工资未发。",
	               .raised_by = "张秀英",
	               .category = "wage_arrears",
	               .routing = "county_union"};
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM ticket_events WHERE ticket_id = %lld",
	         (long long)t.id);
	long long steps = fx_int(fx->st, sql);
	assert_true(steps >= 1);
	snprintf(sql, sizeof sql, "UPDATE ticket_events SET body = '' WHERE ticket_id = %lld",
	         (long long)t.id);
	assert_int_equal(exec(fx->st, sql), SQLITE_CONSTRAINT); /* a live ticket's steps: append-only */
	assert_int_equal(fb_ticket_delete(fx->st, t.id, &err), FB_OK);
	snprintf(sql, sizeof sql,
	         "SELECT title = '' AND description = '' AND raised_by = '' AND "
	         "category = 'wage_arrears' FROM tickets WHERE id = %lld",
	         (long long)t.id);
	assert_int_equal(fx_int(fx->st, sql), 1);
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM ticket_events WHERE ticket_id = %lld AND body = '' AND "
	         "dept = ''",
	         (long long)t.id);
	assert_int_equal(fx_int(fx->st, sql), steps); /* the steps stay, without text */
	/* and even a deleted ticket's steps refuse any other change */
	assert_int_equal(exec(fx->st, "UPDATE ticket_events SET kind = 'note'"), SQLITE_CONSTRAINT);
}

/* A tombstone as a bundle writes it: inserted deleted with its text (an
 * older fieldbook sent it), or a live row updated to deleted: the
 * importer's wipe (fb_tombstone_wipe) leaves it blank; a live row is left
 * alone. */
static void test_bundle_tombstones(void **state)
{
	fixture *fx = *state;
	fb_error err;
	char sql[1024];
	snprintf(
		sql, sizeof sql,
		"INSERT INTO workers (uuid, group_id, name, phone, id_number, raised, origin, rev, "
		"updated_at, deleted) VALUES ('0190a000-0000-7000-8000-000000000001', %lld, "
		"'张秀英', '13800138000', '110101199003071234', '欠薪', 'peer', 5, "
		"'2026-11-20T00:00:00Z', 1)",
		(long long)fx->group_id);
	assert_int_equal(exec(fx->st, sql), SQLITE_OK);
	int64_t w = sqlite3_last_insert_rowid(fb_store_db(fx->st));
	assert_int_equal(fb_tombstone_wipe(fx->st, "workers", w, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM workers WHERE uuid LIKE '0190a000%' "
	                                "AND name = '' AND phone = '' AND id_number = '' AND "
	                                "raised = '' AND rev = 5"),
	                 1);
	snprintf(sql, sizeof sql,
	         "INSERT INTO units (uuid, group_id, name, address, contact_person, contact_phone, "
	         "note, origin, rev, updated_at) VALUES ('0190a000-0000-7000-8000-000000000002', "
	         "%lld, '红星纺织厂', '工业路1号', '李经理', '13900139000', '备注', 'peer', 5, "
	         "'2026-11-20T00:00:00Z')",
	         (long long)fx->group_id);
	assert_int_equal(exec(fx->st, sql), SQLITE_OK);
	int64_t u = sqlite3_last_insert_rowid(fb_store_db(fx->st));
	assert_int_equal(fb_tombstone_wipe(fx->st, "units", u, &err), FB_OK); /* live: kept */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM units WHERE name = '红星纺织厂'"), 1);
	assert_int_equal(exec(fx->st, "UPDATE units SET deleted = 1, rev = 6 WHERE uuid = "
	                              "'0190a000-0000-7000-8000-000000000002'"),
	                 SQLITE_OK);
	assert_int_equal(fb_tombstone_wipe(fx->st, "units", u, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM units WHERE uuid LIKE '0190a000%' "
	                                "AND name = '' AND address = '' AND contact_person = '' "
	                                "AND contact_phone = '' AND note = '' AND name_key = ''"),
	                 1);
	/* people keep their names */
	assert_int_equal(exec(fx->st, "UPDATE people SET deleted = 1 WHERE name = '王伟'"),
	                 SQLITE_OK);
	assert_int_equal(fb_tombstone_wipe(fx->st, "people", fx->member_id, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM people WHERE name = '王伟'"), 1);
}

/* The history forgets a deleted record's values and still verifies; a
 * value changed afterwards is found; a live record's entries keep theirs
 * and cannot be blanked. */
static void test_history_forgets(void **state)
{
	fixture *fx = *state;
	fb_error err;
	fb_history_break brk;
	int64_t n = 0;
	fb_log l = fx_log(fx, "2026-11-20", "职工张秀英反映欠薪。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	l.content = "职工张秀英（13800138000）反映欠薪两个月。";
	assert_int_equal(fb_log_update(fx->st, &l, &err), FB_OK);
	fb_log k = fx_log(fx, "2026-11-21", "走访宏达机械。");
	assert_int_equal(fb_log_insert(fx->st, &k, &err), FB_OK);
	k.content = "走访宏达机械，座谈五人。";
	assert_int_equal(fb_log_update(fx->st, &k, &err), FB_OK);
	const char *edits = "SELECT count(*) FROM history WHERE field = 'content' AND "
			    "old_digest <> '' AND new_digest <> '' AND new_value <> ''";
	assert_int_equal(fx_int(fx->st, edits), 2);
	assert_int_equal(fb_history_verify(fx->st, &brk, &n, &err), 0);
	long long entries = fx_int(fx->st, "SELECT count(*) FROM history");

	assert_int_equal(fb_log_delete(fx->st, l.id, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE old_value LIKE "
	                                "'%张秀英%' OR new_value LIKE '%张秀英%'"),
	                 0);
	assert_int_equal(fx_int(fx->st, edits), 1); /* the other log's edit keeps its values */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history"), entries + 1);
	assert_int_equal(fb_history_verify(fx->st, &brk, &n, &err), 0);
	assert_int_equal(n, entries + 1);

	/* the live log's entry cannot be blanked, */
	assert_int_equal(exec(fx->st, "UPDATE history SET old_value = '', new_value = '' WHERE "
	                              "field = 'content' AND new_value <> ''"),
	                 SQLITE_CONSTRAINT);
	/* blanked behind the triggers' back, it is found: its record is live */
	assert_int_equal(exec(fx->st, "DROP TRIGGER history_no_update; UPDATE history SET "
	                              "old_value = '', new_value = '' WHERE field = 'content' AND "
	                              "new_value = '走访宏达机械，座谈五人。'"),
	                 SQLITE_OK);
	assert_int_equal(fb_history_verify(fx->st, &brk, &n, &err), 1);
	assert_non_null(strstr(brk.msg, "lost its values"));
	/* and a value changed behind the triggers' back is found */
	assert_int_equal(exec(fx->st,
	                      "UPDATE history SET new_value = '走访宏达机械，座谈六人。' "
	                      "WHERE field = 'content' AND old_value = '' AND new_value = "
	                      "'' AND record_uuid = (SELECT uuid FROM logs WHERE deleted = 0 "
	                      "AND content LIKE '走访宏达机械%')"),
	                 SQLITE_OK);
	assert_int_equal(fb_history_verify(fx->st, &brk, &n, &err), 1);
	assert_non_null(strstr(brk.msg, "changed after it was written"));
}

/* Tombstones written before the upgrade lose their text at it. */
static void test_upgrade_wipes(void **state)
{
	(void)state;
	char dir[] = "/tmp/fbtest.XXXXXX", path[64], cmd[96];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/old.db", dir);
	sqlite3 *db;
	fb_error err = {0};
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(fb_search_register(db, &err), FB_OK);
	assert_int_equal(fb_migrate(db, 19, &err), FB_OK);
	assert_int_equal(
		sqlite3_exec(
			db,
			"INSERT INTO work_groups (id, uuid, name, origin, rev, updated_at) VALUES "
			"(1, "
			"'0190a000-0000-7000-8000-0000000000a0', '老数据组', 'old', 1, "
			"'2026-01-01T00:00:00Z');"
			"INSERT INTO people (id, uuid, group_id, name, origin, rev, updated_at) "
			"VALUES "
			"(1, '0190a000-0000-7000-8000-0000000000a1', 1, '王伟', 'old', 1, "
			"'2026-01-01T00:00:00Z');"
			"INSERT INTO logs (uuid, group_id, author_id, date, unit, activity, "
			"content, "
			"findings, origin, rev, updated_at, deleted) VALUES "
			"('0190a000-0000-7000-8000-0000000000a2', 1, 1, '2026-01-02', "
			"'红星纺织厂', "
			"'worker_visit', '张秀英13800138000', '欠薪', 'old', 2, "
			"'2026-01-02T00:00:00Z', 1),"
			"('0190a000-0000-7000-8000-0000000000a3', 1, 1, '2026-01-02', '宏达机械', "
			"'worker_visit', '留下的日志', '', 'old', 2, '2026-01-02T00:00:00Z', 0);"
			"INSERT INTO tickets (id, uuid, group_id, opened_by, opened_on, due_on, "
			"title, "
			"description, category, routing, origin, rev, updated_at, deleted) VALUES "
			"(1, "
			"'0190a000-0000-7000-8000-0000000000a4', 1, 1, '2026-01-02', '2026-02-01', "
			"'欠薪', '三个月未发', 'wage_arrears', 'county_union', 'old', 3, "
			"'2026-01-02T00:00:00Z', 1);"
			"INSERT INTO ticket_events (uuid, ticket_id, kind, at, body, dept, "
			"status_after, "
			"origin, rev) VALUES ('0190a000-0000-7000-8000-0000000000a5', 1, "
			"'hand_over', "
			"'2026-01-03T00:00:00Z', '已移交', '县人社局', 'handed_over', 'old', 3);",
			NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);
	fb_store *st;
	assert_int_equal(fb_store_open(path, 0, &st, &err), FB_OK);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM logs WHERE deleted = 1 AND unit = '' AND "
	                            "content = '' AND findings = '' AND rev = 2"),
	                 1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM logs WHERE content = '留下的日志'"), 1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM tickets WHERE title = '' AND "
	                            "description = ''"),
	                 1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM ticket_events WHERE body = '' AND "
	                            "dept = '' AND kind = 'hand_over'"),
	                 1);
	fb_store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_delete_wipes, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_bundle_tombstones, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_history_forgets, fx_setup, fx_teardown),
		cmocka_unit_test(test_upgrade_wipes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
