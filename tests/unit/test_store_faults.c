/* test_store_faults.c - errors are never answers: a database another
 * connection holds locked, a damaged file (garbled, cut off), a read-only
 * file, a first open that fails. Each is an error that says what it is -
 * never "no such record", "a new database" or an empty list - and the file
 * is left exactly as it was. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fieldbook/report.h"
#include "testutil.h"
#include "sqlstore.h"

#define setup fx_setup
#define teardown fx_teardown


static long file_len(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Another connection writes and holds the database: with a rollback
 * journal (the store's connection is switched to one) its exclusive lock
 * keeps everyone else from even reading - as a crashed or stuck writer on
 * a file system without WAL, or a bulk import in progress, does. */
static sqlite3 *hold_lock(fb_store *st, const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_exec(fb_store_db(st), "PRAGMA journal_mode = DELETE", NULL, NULL,
	                              NULL),
	                 SQLITE_OK);
	sqlite3_busy_timeout(fb_store_db(st), 0);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN EXCLUSIVE; UPDATE meta SET value = value", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	return db;
}

static void test_locked_database_is_an_error(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_log l = fx_log(fx, "2026-11-20", "走访企业。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	fb_ticket t = {.opened_by = fx->member_id, .opened_on = "2026-11-20", .title = "标题",
	               .description = "问题", .category = "wage_arrears", .routing = "county_union"};
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	sqlite3 *other = hold_lock(fx->st, fx->path);

	assert_int_equal(fb_store_is_new(fx->st, &err), -1); /* never "a new database" */
	assert_int_equal(err.code, FB_EBUSY);
	fb_log got;
	assert_int_equal(fb_log_get(fx->st, l.id, 0, &got, &err), FB_EBUSY); /* not "no log" */
	fb_log_row rows[5];
	assert_int_equal(fb_log_page(fx->st, NULL, FB_PAGE_FIRST, NULL, rows, 5, &err), -1);
	assert_int_equal(err.code, FB_EBUSY);
	fb_ticket_row trows[5];
	assert_int_equal(fb_ticket_page(fx->st, NULL, FB_PAGE_FIRST, NULL, trows, 5, &err), -1);
	fb_report_row rrows[5];
	assert_int_equal(fb_report_page(fx->st, NULL, FB_PAGE_FIRST, NULL, rrows, 5, &err), -1);
	fb_ticket tg;
	assert_int_equal(fb_ticket_get(fx->st, t.id, &tg, &err), FB_EBUSY);
	fb_person p;
	assert_int_equal(fb_person_find(fx->st, "王伟", 0, &p, &err), FB_EBUSY);
	assert_int_equal(fb_person_get(fx->st, fx->member_id, &p, &err), FB_EBUSY);
	fb_group g;
	assert_int_equal(fb_group_get(fx->st, fx->group_id, &g, &err), FB_EBUSY);
	char *v = (char *)1;
	assert_int_equal(fb_meta_lookup(fx->st, "device_id", &v, &err), FB_EBUSY);
	assert_null(v);
	/* a validator says the database is busy, not that the author is unknown */
	l = fx_log(fx, "2026-11-21", "又一条。");
	assert_int_equal(fb_log_validate(fx->st, &l, &err), FB_EBUSY);
	assert_int_equal(fb_log_delete(fx->st, 1, &err), FB_EBUSY);
	/* and opening it is busy, not "not a database" nor "new" */
	fb_store *st2 = NULL;
	assert_int_equal(fb_store_open(fx->path, 0, &st2, &err), FB_EBUSY);
	assert_null(st2);
	assert_non_null(strstr(err.msg, "in use"));

	sqlite3_close(other);
	assert_int_equal(fb_store_is_new(fx->st, &err), 0);
	assert_int_equal(fb_log_get(fx->st, l.id ? l.id : 1, 0, &got, &err), FB_OK);
	fb_log_free(&got);
}

/* Close the fixture's store, keeping the file (checkpointed: no -wal). */
static void close_store(fixture *fx)
{
	fb_store_close(fx->st);
	fx->st = NULL;
	char wal[160];
	snprintf(wal, sizeof wal, "%s-wal", fx->path);
	assert_true(file_len(wal) <= 0);
}

/* Opening path fails as damaged and leaves the file exactly as it was. */
static void expect_damaged(const char *path, const char *word)
{
	unsigned long before = fx_file_hash(path);
	long len = file_len(path);
	fb_store *st = NULL;
	fb_error err = {0};
	assert_int_equal(fb_store_open(path, 0, &st, &err), FB_ESCHEMA);
	assert_null(st);
	assert_non_null(strstr(err.msg, word));
	assert_int_equal(fx_file_hash(path), before);
	assert_int_equal(file_len(path), len);
	char wal[160];
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_true(file_len(wal) <= 0);
}

static void test_truncated_file_is_damaged(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	for (int i = 0; i < 200; i++) { /* some pages of logs */
		fb_log l = fx_log(fx, "2026-11-20", "走访企业，了解职工的工作和生活情况。");
		l.findings = i % 2 ? "拖欠工资" : "";
		assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	}
	close_store(fx);
	long len = file_len(fx->path);
	assert_true(len > 16 * 4096);
	assert_int_equal(truncate(fx->path, len / 2), 0);
	expect_damaged(fx->path, "damaged");
	/* cut inside a page */
	assert_int_equal(truncate(fx->path, len / 2 - 100), 0);
	expect_damaged(fx->path, "damaged");
}

static void test_garbled_file_is_damaged(void **state)
{
	fixture *fx = *state;
	int root = (int)fx_int(fx->st, "SELECT rootpage FROM sqlite_schema WHERE name = 'meta'");
	int page = (int)fx_int(fx->st, "PRAGMA page_size");
	close_store(fx);
	/* the settings table's page garbled */
	int fd = open(fx->path, O_WRONLY);
	assert_true(fd >= 0);
	char junk[512];
	memset(junk, 0xA5, sizeof junk);
	assert_int_equal(pwrite(fd, junk, sizeof junk, (off_t)(root - 1) * page), (ssize_t)sizeof junk);
	close(fd);
	expect_damaged(fx->path, "damaged");
	/* the header's page size garbled */
	fd = open(fx->path, O_WRONLY);
	assert_int_equal(pwrite(fd, "\x03\x00", 2, 16), 2);
	close(fd);
	expect_damaged(fx->path, "damaged");
	/* the first bytes: not a database at all */
	fd = open(fx->path, O_WRONLY);
	assert_int_equal(pwrite(fd, "garbage garbage!", 16, 0), 16);
	close(fd);
	expect_damaged(fx->path, "not a fieldbook database");
}

static void test_failed_create_leaves_no_file(void **state)
{
	fixture *fx = *state;
	char path[160];
	snprintf(path, sizeof path, "%s/new.db", fx->dir);
	fb_store *st = NULL;
	fb_error err = {0};
	/* made, then refused (it would need migrating): nothing is left */
	assert_int_equal(fb_store_open(path, FB_OPEN_CREATE | FB_OPEN_NO_MIGRATE, &st, &err),
	                 FB_ESCHEMA);
	assert_int_equal(access(path, F_OK), -1);
	/* a database that existed before a failed open stays */
	assert_int_equal(fb_store_open(fx->path, FB_OPEN_CREATE | FB_OPEN_NO_MIGRATE, &st, &err),
	                 FB_OK);
	fb_store_close(st);
	/* a database a caller made and gives up on */
	assert_int_equal(fb_store_open(path, FB_OPEN_CREATE, &st, &err), FB_OK);
	fb_store_close_and_remove(st);
	char wal[192];
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(access(wal, F_OK), -1);
}

/* In a child that cannot write the file or its folder (as nobody when we
 * are root: root writes anything): the number of checks that failed. */
static int readonly_checks(const char *path)
{
	int bad = 0;
	fb_store *st = NULL;
	fb_error err = {0};
	bad += fb_store_open(path, 0, &st, &err) == FB_OK; /* a writer is refused */
	if (st)
		fb_store_close(st), st = NULL;
	bad += fb_store_open(path, FB_OPEN_MAY_READONLY, &st, &err) != FB_OK;
	if (!st)
		return bad + 10;
	bad += !fb_store_readonly(st);
	bad += !fb_store_warning(st) || !strstr(fb_store_warning(st), "cannot be written");
	fb_log_row rows[10];
	bad += fb_log_page(st, NULL, FB_PAGE_FIRST, NULL, rows, 10, &err) != 1;
	bad += fb_store_is_new(st, &err) != 0;
	fb_person p = {.name = "新人", .role = "member", .group_id = 1};
	fx_store_as(st, 1); /* the leader, who may add a member: refused only as read-only */
	bad += fb_person_save(st, &p, &err) == FB_OK;       /* a write is refused... */
	bad += strstr(err.msg, "read-only") == NULL;         /* ...as read-only */
	fb_store_close(st);
	return bad;
}

static void test_readonly_file_still_reads(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_log l = fx_log(fx, "2026-11-20", "只读也能看。");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	close_store(fx);
	assert_int_equal(chmod(fx->path, 0444), 0);
	assert_int_equal(chmod(fx->dir, 0555), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(99);
		_exit(readonly_checks(fx->path));
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(chmod(fx->dir, 0700), 0);
	assert_int_equal(chmod(fx->path, 0600), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* the file was only read */
	assert_int_equal(fb_store_open(fx->path, 0, &fx->st, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM logs"), 1);
}

static void test_page_needs_a_cursor(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_report_row rows[3];
	assert_int_equal(fb_report_page(fx->st, NULL, FB_PAGE_NEXT, NULL, rows, 3, &err), -1);
	assert_string_equal(err.field, "cursor");
	fb_log_row lrows[3];
	assert_int_equal(fb_log_page(fx->st, NULL, FB_PAGE_PREV, NULL, lrows, 3, &err), -1);
	fb_ticket_row trows[3];
	assert_int_equal(fb_ticket_page(fx->st, NULL, FB_PAGE_AT, NULL, trows, 3, &err), -1);
	/* the page size is bound, not written into the SQL: one statement for all */
	fb_period p;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	fb_report r;
	assert_int_equal(fb_report_compile(fx->st, fx->group_id, FB_REPORT_WEEKLY, &p, &r, &err),
	                 FB_OK);
	fb_report_free(&r);
	for (int n = 1; n <= 3; n++)
		assert_int_equal(fb_report_page(fx->st, NULL, FB_PAGE_FIRST, NULL, rows, n, &err), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_locked_database_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_file_is_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbled_file_is_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_create_leaves_no_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_file_still_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_needs_a_cursor, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
