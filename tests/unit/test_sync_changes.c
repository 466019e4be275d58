/* test_sync_changes.c - the local change sequence (migration 015): every
 * write of a travelling row takes the next number; an old database's rows
 * and peer watermarks keep their meaning through the upgrade; ticket history
 * stays append-only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "migrate.h"
#include "search.h"
#include "sqlstore.h"
#include "testutil.h"

/* The schema version just before the change sequence. */
static int version_before_changes(void)
{
	int prev = 0;
	for (int i = 0; i < fb_migration_count; i++) {
		if (strstr(fb_migrations[i].name, "_changes"))
			return prev;
		prev = fb_migrations[i].version;
	}
	fail_msg("no _changes migration");
	return 0;
}

static int exec_ok(fb_store *st, const char *sql)
{
	return sqlite3_exec(fb_store_db(st), sql, NULL, NULL, NULL);
}

static void test_upgrade_keeps_watermarks(void **state)
{
	(void)state;
	char dir[] = "/tmp/fbtest.XXXXXX", path[64], cmd[96];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/old.db", dir);
	sqlite3 *db;
	fb_error err = {0};
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(fb_search_register(db, &err), FB_OK);
	assert_int_equal(fb_migrate(db, version_before_changes(), &err), FB_OK);
	assert_int_equal(
		sqlite3_exec(
			db,
			"INSERT INTO work_groups (id, uuid, name, station, origin, rev, "
			"updated_at) VALUES "
			"(1, '11111111-1111-4111-8111-111111111111', '老数据组', '城关街道', "
			"'dev', 500, "
			"'2026-01-01T00:00:00Z');"
			"INSERT INTO people (id, uuid, group_id, name, role, origin, rev, "
			"updated_at) VALUES "
			"(1, '22222222-2222-4222-8222-222222222222', 1, '王伟', 'leader', 'dev', "
			"700, "
			"'2026-01-01T00:00:00Z');"
			"INSERT INTO tickets (id, uuid, group_id, opened_by, opened_on, due_on, "
			"title, description,"
			" category, routing, origin, rev, updated_at) VALUES (1, "
			"'33333333-3333-4333-8333-333333333333', 1, 1, '2026-01-02', '2026-01-17', "
			"'加班费', '未足额',"
			" 'working_hours', 'county_union', 'dev', 900, '2026-01-02T00:00:00Z');"
			"INSERT INTO ticket_events (uuid, ticket_id, kind, at, status_after, "
			"origin, rev) VALUES "
			"('44444444-4444-4444-8444-444444444444', 1, 'register', "
			"'2026-01-02T00:00:00Z',"
			" 'registered', 'dev', 900);"
			"INSERT INTO sync_peers (peer, last_rev) VALUES ('hq', 700);",
			NULL, NULL, NULL),
		SQLITE_OK);
	sqlite3_close(db);

	fb_store *st;
	assert_int_equal(fb_store_open(path, 0, &st, &err), FB_OK);
	/* old rows: chg = rev; the watermark sent up to revision 700 is chg 700 */
	assert_int_equal(fx_int(st, "SELECT chg FROM work_groups"), 500);
	assert_int_equal(fx_int(st, "SELECT chg FROM ticket_events"), 900);
	assert_int_equal(fx_int(st, "SELECT last_chg FROM sync_peers WHERE peer = 'hq'"), 700);
	/* what --since-last hq would send: the ticket and its event, not the roster */
	assert_int_equal(fx_int(st, "SELECT count(*) FROM tickets WHERE chg > 700"), 1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM people WHERE chg > 700"), 0);
	/* the sequence continues above every revision (a later migration's
	 * seeded rows, 019's report kind, take the next numbers) */
	long long n = fx_int(st, "SELECT n FROM change_seq");
	assert_true(n >= 900 && n < 910);
	assert_int_equal(exec_ok(st, "UPDATE people SET name = '王伟伟' WHERE id = 1"), SQLITE_OK);
	assert_int_equal(fx_int(st, "SELECT chg FROM people"), n + 1);
	assert_int_equal(fx_int(st, "SELECT rev FROM people"), 700); /* the revision is not touched */
	assert_int_equal(exec_ok(st, "INSERT INTO ticket_events (uuid, ticket_id, kind, at, "
	                             "status_after, origin, rev) VALUES "
	                             "('55555555-5555-4555-8555-555555555555', 1, 'note', "
	                             "'2026-01-03T00:00:00Z',"
	                             " 'registered', 'dev', 10)"),
	                 SQLITE_OK);
	assert_int_equal(fx_int(st, "SELECT chg FROM ticket_events WHERE rev = 10"), n + 2);
	/* ticket history is still append-only */
	assert_int_not_equal(exec_ok(st, "UPDATE ticket_events SET body = 'x' WHERE rev = 10"),
	                     SQLITE_OK);
	assert_int_not_equal(exec_ok(st, "DELETE FROM ticket_events"), SQLITE_OK);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM ticket_events WHERE body = 'x'"), 0);
	fb_store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Every write - insert, update, tombstone - takes a new number; none is
 * used twice. */
static void test_every_write_numbered(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_log a = fx_log(fx, "2026-11-20", "走访宏达机械。");
	assert_int_equal(fb_log_insert(fx->st, &a, &err), FB_OK);
	long long c1 = fx_int(fx->st, "SELECT n FROM change_seq");
	fb_log b = fx_log(fx, "2026-11-21", "走访河西社区。");
	assert_int_equal(fb_log_insert(fx->st, &b, &err), FB_OK);
	long long c2 = fx_int(fx->st, "SELECT n FROM change_seq");
	assert_true(c2 > c1);
	assert_int_equal(fb_log_delete(fx->st, a.id, &err), FB_OK);
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT chg FROM logs WHERE id = %lld", (long long)a.id);
	assert_true(fx_int(fx->st, sql) > c2);
	assert_int_equal(fx_int(fx->st,
	                        "SELECT count(*) FROM (SELECT chg FROM (SELECT chg FROM "
	                        "logs UNION ALL SELECT chg FROM people UNION ALL SELECT chg "
	                        "FROM work_groups) GROUP BY chg HAVING count(*) > 1)"),
	                 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_upgrade_keeps_watermarks),
		cmocka_unit_test_setup_teardown(test_every_write_numbered, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
