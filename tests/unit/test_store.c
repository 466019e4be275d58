/* test_store.c - opening, migrations from every version, refusal of newer
 * or foreign databases, transactions, the hybrid logical clock. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "migrate.h"
#include "search.h"
#include "testutil.h"
#include "sqlstore.h"

static void test_create_mode_wal_fk(void **state)
{
	(void)state;
	fixture *fx = fx_new_empty();
	struct stat sb;
	assert_int_equal(stat(fx->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	sqlite3_stmt *s;
	sqlite3_prepare_v2(fb_store_db(fx->st), "PRAGMA journal_mode", -1, &s, NULL);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	assert_int_equal(fx_int(fx->st, "PRAGMA foreign_keys"), 1);
	/* deleted data overwritten, set explicitly (issue 12) */
	assert_int_equal(fx_int(fx->st, "PRAGMA secure_delete"), 1);
	/* this device's pairs, made at the first open */
	assert_int_equal(
		fx_int(fx->st, "SELECT count(*) FROM device_keys WHERE retired_at IS NULL"), 1);
	assert_int_equal(fb_store_schema_version(fx->st), fb_schema_latest());
	assert_int_equal(fb_store_is_new(fx->st, NULL), 1);
	assert_true(fb_uuid_valid(fb_store_device(fx->st)));
	assert_true(fx_int(fx->st,
	                   "SELECT count(*) FROM categories WHERE kind = 'enterprise_kind'") == 8);
	assert_true(fx_int(fx->st, "SELECT count(*) FROM categories WHERE kind = 'worker_kind'") == 8);
	assert_true(fx_int(fx->st, "SELECT count(*) FROM targets") >= 5);
	fx_free(fx);
}

static void test_missing_file_not_created(void **state)
{
	(void)state;
	fb_store *st = NULL;
	fb_error err = {0};
	assert_int_equal(fb_store_open("/tmp/fb-no-such-dir/x.db", 0, &st, &err), FB_EIO);
	assert_null(st);
	assert_int_equal(access("/tmp/fb-no-such-dir", F_OK), -1);
	assert_non_null(strstr(err.msg, "fieldbook init"));
}

static void test_newer_schema_refused_untouched(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	char path[128];
	snprintf(path, sizeof path, "%s", fx->path);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", fb_schema_latest() + 1);
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), sql, NULL, NULL, NULL), SQLITE_OK);
	fb_store_close(fx->st);
	fx->st = NULL;
	unsigned long before = fx_file_hash(path);
	struct stat sb;
	fb_store *st = NULL;
	fb_error err = {0};
	assert_int_equal(fb_store_open(path, 0, &st, &err), FB_ESCHEMA);
	assert_null(st);
	assert_non_null(strstr(err.msg, "newer"));
	assert_int_equal(fx_file_hash(path), before);
	char wal[160];
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_true(stat(wal, &sb) != 0 || sb.st_size == 0);
	/* reopen it properly for cleanup */
	fx->st = NULL;
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
}

static void test_foreign_database_refused(void **state)
{
	(void)state;
	char dir[] = "/tmp/fbtest.XXXXXX", path[64], cmd[96];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/other.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", NULL, NULL, NULL);
	sqlite3_close(db);
	fb_store *st = NULL;
	fb_error err = {0};
	assert_int_equal(fb_store_open(path, 0, &st, &err), FB_ESCHEMA);
	assert_non_null(strstr(err.msg, "not a fieldbook database"));
	/* a text file is not a database either */
	snprintf(path, sizeof path, "%s/notes.txt", dir);
	FILE *f = fopen(path, "w");
	fputs("工作日志 this is not SQLite, but long enough to be read as a header....", f);
	fclose(f);
	assert_int_not_equal(fb_store_open(path, 0, &st, &err), FB_OK);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* Every earlier schema version, with data in it, opens and is migrated. */
static void test_migrates_from_every_version(void **state)
{
	(void)state;
	for (int i = -1; i < fb_migration_count - 1; i++) {
		int from = i < 0 ? 0 : fb_migrations[i].version;
		char dir[] = "/tmp/fbtest.XXXXXX", path[64], cmd[96];
		assert_non_null(mkdtemp(dir));
		snprintf(path, sizeof path, "%s/old.db", dir);
		sqlite3 *db;
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		fb_error err = {0};
		if (from > 0) {
			/* 004 and later need the search tokenizer (fb_store_open registers it) */
			assert_int_equal(fb_search_register(db, &err), FB_OK);
			assert_int_equal(fb_migrate(db, from, &err), FB_OK);
			/* data written at that version survives the upgrade */
			assert_int_equal(sqlite3_exec(db,
			                              "INSERT INTO work_groups (uuid, name, "
			                              "station, origin, rev, updated_at) VALUES "
			                              "('11111111-1111-4111-8111-111111111111', "
			                              "'老数据组', '城关街道', 'old', 1, "
			                              "'2026-01-01T00:00:00Z')",
			                              NULL, NULL, NULL),
			                 SQLITE_OK);
		}
		sqlite3_close(db);
		fb_store *st;
		assert_int_equal(fb_store_open(path, 0, &st, &err), FB_OK);
		assert_int_equal(fb_store_schema_version(st), fb_schema_latest());
		if (from > 0)
			assert_int_equal(
				fx_int(st,
			               "SELECT count(*) FROM work_groups WHERE name = '老数据组'"),
				1);
		/* an old database enrols: its keys are made at this open */
		assert_int_equal(
			fx_int(st, "SELECT count(*) FROM device_keys WHERE retired_at IS NULL"), 1);
		fb_store_close(st);
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		assert_int_equal(system(cmd), 0);
	}
}

static int progress_first, progress_done, progress_to;
static void on_progress(int from, int to, int done, void *ctx)
{
	(void)ctx;
	if (!progress_first)
		progress_first = from;
	progress_to = to;
	if (done)
		progress_done = done;
}

/* An upgrade says so before and after (front ends show it). */
static void test_migration_progress(void **state)
{
	(void)state;
	char dir[] = "/tmp/fbtest.XXXXXX", path[64], cmd[96];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/old.db", dir);
	sqlite3 *db;
	fb_error err = {0};
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(fb_migrate(db, 1, &err), FB_OK);
	sqlite3_close(db);
	fb_store_set_migrate_progress(on_progress, NULL);
	fb_store *st;
	assert_int_equal(fb_store_open(path, 0, &st, &err), FB_OK);
	fb_store_set_migrate_progress(NULL, NULL);
	fb_store_close(st);
	if (fb_schema_latest() > 1) {
		assert_int_equal(progress_first, 1);
		assert_int_equal(progress_to, fb_schema_latest());
		assert_int_equal(progress_done, 1);
	} else {
		assert_int_equal(progress_done, 0); /* nothing to upgrade, nothing said */
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_failed_migration_rolls_back(void **state)
{
	(void)state;
	/* A migration that fails half way leaves the schema as it was. */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	/* occupy a name migration 001 creates, so it fails after some tables */
	sqlite3_exec(db, "CREATE TABLE logs (x)", NULL, NULL, NULL);
	fb_error err = {0};
	assert_int_equal(fb_migrate(db, 0, &err), FB_ESCHEMA);
	sqlite3_stmt *s;
	sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL);
	sqlite3_step(s);
	assert_int_equal(sqlite3_column_int(s, 0), 1); /* only our table */
	sqlite3_finalize(s);
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
	sqlite3_step(s);
	assert_int_equal(sqlite3_column_int(s, 0), 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static void test_nested_transactions(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	fb_error err = {0};
	long long before = fx_int(fx->st, "SELECT count(*) FROM people");
	assert_int_equal(fb_store_begin(fx->st, &err), FB_OK);
	fb_person p = {.group_id = fx->group_id, .name = "赵强", .role = "member"};
	assert_int_equal(fb_person_save(fx->st, &p, &err), FB_OK); /* nested begin/commit */
	fb_person bad = {.group_id = fx->group_id, .name = "", .role = "member"};
	assert_int_equal(fb_person_save(fx->st, &bad, &err), FB_EINVAL);
	fb_store_rollback(fx->st);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM people"), before);
	/* an inner rollback dooms the outer commit */
	assert_int_equal(fb_store_begin(fx->st, &err), FB_OK);
	assert_int_equal(fb_store_begin(fx->st, &err), FB_OK);
	fb_store_rollback(fx->st);
	assert_int_not_equal(fb_store_commit(fx->st, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM people"), before);
	fx_free(fx);
}

static void test_hlc(void **state)
{
	(void)state;
	fixture *fx = fx_new_empty();
	int64_t last = 0;
	for (int i = 0; i < 10000; i++) {
		int64_t r = fb_store_next_rev(fx->st);
		assert_true(r > last);
		last = r;
	}
	/* a revision from a device whose clock runs ahead moves ours past it */
	int64_t ahead = last + ((int64_t)3600000 << 16);
	fb_store_observe_rev(fx->st, ahead);
	assert_true(fb_store_next_rev(fx->st) > ahead);
	/* an older one does not move it back */
	fb_store_observe_rev(fx->st, 1);
	assert_true(fb_store_next_rev(fx->st) > ahead);
	/* the clock survives a restart */
	fb_error err = {0};
	fb_group g = {.name = "组", .station = "镇"};
	assert_int_equal(fb_group_save(fx->st, &g, &err), FB_OK);
	fb_store_close(fx->st);
	assert_int_equal(fb_store_open(fx->path, 0, &fx->st, &err), FB_OK);
	assert_true(fb_store_next_rev(fx->st) > g.rev);
	fx_free(fx);
}

static void test_uuid(void **state)
{
	(void)state;
	char a[37], b[37];
	assert_int_equal(fb_uuid_random(a, NULL), FB_OK);
	assert_int_equal(fb_uuid_random(b, NULL), FB_OK);
	assert_true(fb_uuid_valid(a));
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '7');
	assert_true(strchr("89ab", a[19]) != NULL);
	/* time-ordered: a later id sorts after an earlier one */
	char c[37];
	usleep(2000);
	assert_int_equal(fb_uuid_random(c, NULL), FB_OK);
	assert_true(strcmp(a, c) < 0 && strcmp(b, c) < 0);
	uint64_t s1 = 42, s2 = 42;
	fb_uuid_from_rng(&s1, 1795000000000LL, a);
	fb_uuid_from_rng(&s2, 1795000000000LL, b);
	assert_string_equal(a, b);
	assert_memory_equal(a, "01a1ee56-5e00-7", 15); /* the millisecond prefix */
	assert_false(fb_uuid_valid("not-a-uuid"));
	assert_false(fb_uuid_valid("AAAAAAAA-1111-4111-8111-111111111111"));
}

static void test_default_path(void **state)
{
	(void)state;
	char buf[256];
	setenv("FIELDBOOK_DB", "/x/y.db", 1);
	assert_string_equal(fb_default_db_path(buf, sizeof buf), "/x/y.db");
	unsetenv("FIELDBOOK_DB");
	setenv("XDG_DATA_HOME", "/data", 1);
	assert_string_equal(fb_default_db_path(buf, sizeof buf), "/data/fieldbook/fieldbook.db");
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/u", 1);
	assert_string_equal(fb_default_db_path(buf, sizeof buf),
	                    "/home/u/.local/share/fieldbook/fieldbook.db");
}

/* Every write of a travelling record is a new version of this device: its
 * origin, a revision above all before it, the time it was made (the one
 * sync binder, fb_bind_sync) - a group, a person, a tombstone alike. */
static void test_writes_are_versions_of_this_device(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	fb_error err = {0};
	const char *dev = fb_store_device(fx->st);
	fb_group g;
	assert_int_equal(fb_group_get(fx->st, fx->group_id, &g, &err), FB_OK);
	int64_t before = fx_int(fx->st, "SELECT max(rev) FROM people");
	assert_int_equal(fb_group_save(fx->st, &g, &err), FB_OK);
	assert_true(g.rev > before);
	assert_int_equal(fx_int(fx->st, "SELECT rev FROM work_groups"), g.rev);
	char sql[160];
	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM work_groups WHERE origin = '%s' AND "
	         "updated_at GLOB '20[0-9][0-9]-[01][0-9]-[0-3][0-9]T*Z'",
	         dev);
	assert_int_equal(fx_int(fx->st, sql), 1);
	fb_person p;
	assert_int_equal(fb_person_get(fx->st, fx->member_id, &p, &err), FB_OK);
	assert_int_equal(fb_person_save(fx->st, &p, &err), FB_OK);
	assert_true(p.rev > g.rev);
	snprintf(sql, sizeof sql, "SELECT rev FROM people WHERE id = %lld AND origin = '%s'",
	         (long long)p.id, dev);
	assert_int_equal(fx_int(fx->st, sql), p.rev);
	fb_person_free(&p);
	fb_group_free(&g);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_mode_wal_fk),
		cmocka_unit_test(test_missing_file_not_created),
		cmocka_unit_test(test_newer_schema_refused_untouched),
		cmocka_unit_test(test_foreign_database_refused),
		cmocka_unit_test(test_migrates_from_every_version),
		cmocka_unit_test(test_migration_progress),
		cmocka_unit_test(test_failed_migration_rolls_back),
		cmocka_unit_test(test_nested_transactions),
		cmocka_unit_test(test_hlc),
		cmocka_unit_test(test_uuid),
		cmocka_unit_test(test_writes_are_versions_of_this_device),
		cmocka_unit_test(test_default_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
