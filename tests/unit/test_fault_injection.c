/* test_fault_injection.c - out-of-memory injection in the spirit of SQLite's
 * own tests: a failing allocator is installed with
 * sqlite3_config(SQLITE_CONFIG_MALLOC) before sqlite3_initialize, so the Nth
 * allocation SQLite makes fails (and with it statement preparation, page
 * reads, commits...). A log save, a bundle import and a bundle export are run
 * for N = 1, 2, ... until the operation runs without reaching the Nth
 * allocation, once failing only the Nth allocation and once failing every
 * allocation from the Nth on. Each run that fails must return an error with
 * a message and leave every table's rows exactly as they were (a checksum of
 * each table, read through a second connection), leave no file behind (the
 * export), and the store must still work afterwards; a run that succeeds
 * although an allocation failed (SQLite recovers from some) must have done
 * the whole job. Each run starts from a fresh copy of the database and a
 * fresh store, so statement preparation is exercised every time. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fieldbook/keys.h"
#include "sync.h"
#include "testutil.h"
#include "sqlstore.h"

/* ---- the failing allocator */

static sqlite3_mem_methods real;
static int armed;                 /* count (and fail) only while armed */
static long long fail_at;         /* the allocation to fail, 1-based */
static int persistent;            /* fail every allocation from fail_at on */
static long long counted, failed; /* since arming (atomic: export has two threads) */
static const char *running;       /* what runs now, with fail_at: for messages */

static int should_fail(void)
{
	if (!__atomic_load_n(&armed, __ATOMIC_SEQ_CST))
		return 0;
	long long n = __atomic_add_fetch(&counted, 1, __ATOMIC_SEQ_CST);
	if (n == fail_at || (persistent && n > fail_at)) {
		__atomic_add_fetch(&failed, 1, __ATOMIC_SEQ_CST);
		return 1;
	}
	return 0;
}

static void *f_malloc(int n) { return should_fail() ? NULL : real.xMalloc(n); }
static void f_free(void *p) { real.xFree(p); }
static void *f_realloc(void *p, int n) { return should_fail() ? NULL : real.xRealloc(p, n); }
static int f_size(void *p) { return real.xSize(p); }
static int f_roundup(int n) { return real.xRoundup(n); }
static int f_init(void *app) { return real.xInit(app); }
static void f_shutdown(void *app) { real.xShutdown(app); }

static void install_allocator(void)
{
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real), SQLITE_OK);
	static sqlite3_mem_methods m;
	m = real;
	m.xMalloc = f_malloc;
	m.xFree = f_free;
	m.xRealloc = f_realloc;
	m.xSize = f_size;
	m.xRoundup = f_roundup;
	m.xInit = f_init;
	m.xShutdown = f_shutdown;
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &m), SQLITE_OK);
	assert_int_equal(sqlite3_initialize(), SQLITE_OK);
}

static void arm(long long n, int all_after)
{
	fail_at = n;
	persistent = all_after;
	__atomic_store_n(&counted, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&failed, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&armed, 1, __ATOMIC_SEQ_CST);
}

static void disarm(void) { __atomic_store_n(&armed, 0, __ATOMIC_SEQ_CST); }

/* ---- what "as it was" means: every table's rows */

/* FNV-1a over n bytes. */
static void mix(unsigned long long *h, const void *p, size_t n)
{
	for (const unsigned char *c = p; n--; c++)
		*h = (*h ^ *c) * 1099511628211ULL;
}

/* One line per table of the database at path ("name rows hash"), read
 * through a connection of its own: every table but virtual ones (their
 * shadow tables are read instead), every column, in rowid order. Caller
 * frees. */
static char *table_sums(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *tables;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' "
	                                        "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
	                                    -1, &tables, NULL), SQLITE_OK);
	size_t cap = 4096, len = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	out[0] = '\0';
	int ntables = 0;
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char sql[300];
		sqlite3_stmt *rows;
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY rowid", name);
		if (sqlite3_prepare_v2(db, sql, -1, &rows, NULL) != SQLITE_OK) { /* WITHOUT ROWID */
			snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
			assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
		}
		unsigned long long h = 14695981039346656037ULL;
		long n = 0;
		int rc;
		while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(rows); c++) {
				int type = sqlite3_column_type(rows, c);
				mix(&h, &type, sizeof type);
				const void *v = sqlite3_column_blob(rows, c);
				mix(&h, v ? v : "", (size_t)sqlite3_column_bytes(rows, c));
			}
			n++;
		}
		assert_int_equal(rc, SQLITE_DONE);
		sqlite3_finalize(rows);
		if (len + strlen(name) + 64 > cap) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		len += (size_t)snprintf(out + len, cap - len, "%s %ld %016llx\n", name, n, h);
		ntables++;
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	assert_true(ntables >= 8); /* the schema is there: the checksum reads something */
	return out;
}

/* ---- the operations */

typedef struct op {
	const char *name;
	const char *template_db; /* copied to the work database before each run */
	/* run it on st; returns the status (err filled on failure) */
	fb_status (*run)(fb_store *st, const char *dir, fb_error *err);
	/* after a success: the whole job was done (st unarmed) */
	void (*done)(fb_store *st, const char *dir);
} op;

static char bundle_path[256]; /* a station's bundle, imported by op_import */
static long bundle_logs;      /* logs in it */

static fb_status run_save(fb_store *st, const char *dir, fb_error *err)
{
	(void)dir;
	fb_log l = {0};
	l.author_id = 2; /* 王伟, a member of the fixture's group */
	l.date = "2026-11-20";
	l.unit = "宏达机械有限公司";
	l.activity = "enterprise_visit";
	l.enterprises = 1;
	l.workers = 12;
	l.content = "到宏达机械走访，与一线职工座谈，了解到加班费计算不规范。故障注入";
	l.findings = "加班费计算不规范";
	return fb_log_insert(st, &l, err);
}

static void done_save(fb_store *st, const char *dir)
{
	(void)dir;
	assert_int_equal(fx_int(st, "SELECT count(*) FROM logs WHERE content LIKE '%故障注入'"), 1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM logs"), 4);
}

/* The station's fingerprint, as compared by a person: imports pin it. */
static char station_fp[FB_FINGERPRINT_SIZE];

static fb_status run_import(fb_store *st, const char *dir, fb_error *err)
{
	(void)dir;
	static fb_sync_summary sum;
	fb_import_opts o = {.pin = station_fp};
	return fb_bundle_import(st, bundle_path, &o, &sum, err);
}

static void done_import(fb_store *st, const char *dir)
{
	(void)dir;
	assert_int_equal(fx_int(st, "SELECT count(*) FROM logs"), bundle_logs);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM tickets"), 1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM sync_imports"), 1);
}

static fb_status run_export(fb_store *st, const char *dir, fb_error *err)
{
	char out[300];
	static fb_sync_summary sum;
	fb_export_opts o = {.peer = "hq", .plain = 1}; /* the export is recorded: a write */
	snprintf(out, sizeof out, "%s/out.zip", dir);
	return fb_bundle_export(st, out, &o, &sum, err);
}

static void done_export(fb_store *st, const char *dir)
{
	char out[300];
	snprintf(out, sizeof out, "%s/out.zip", dir);
	assert_int_equal(access(out, R_OK), 0);
	assert_true(fx_int(st, "SELECT count(*) FROM sync_peers") >= 1);
	/* the bundle is whole: a dry run of it in an empty database */
	char path[300];
	snprintf(path, sizeof path, "%s/check.db", dir);
	unlink(path);
	fb_store *e;
	fb_error err = {0};
	assert_int_equal(fb_store_open(path, FB_OPEN_CREATE, &e, &err), FB_OK);
	static fb_sync_summary sum;
	fb_import_opts io = {.dry_run = 1, .pin = station_fp};
	if (fb_bundle_import(e, out, &io, &sum, &err) != FB_OK)
		fail_msg("%s, allocation %lld failing: the export succeeded, but its bundle does "
		         "not import: %s", running, fail_at, err.msg);
	fb_store_close(e);
	unlink(path);
}

/* The files in dir other than the work database's own (test.db*), as one
 * string: a failed export must leave none. */
static void stray_files(const char *dir, char *out, size_t size)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	out[0] = '\0';
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strncmp(e->d_name, "test.db", 7))
			continue;
		strncat(out, e->d_name, size - strlen(out) - 2);
		strcat(out, " ");
	}
	closedir(d);
}

/* Remove path and its -wal and -shm. */
static void remove_db(const char *path)
{
	char p[300];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

/* Copy the database file from to to (replacing to and its -wal/-shm). */
static void copy_file(const char *from, const char *to)
{
	remove_db(to);
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	assert_non_null(in);
	assert_non_null(out);
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	assert_int_equal(ferror(in), 0);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* Run o for N = 1, 2, ... (only the Nth allocation failing, or all from
 * the Nth on) until a run no longer reaches the Nth allocation. */
static void inject(const op *o, int all_after)
{
	/* thousands of runs: in memory when there is a tmpfs (fsync is free) */
	char dir[64] = "/dev/shm/fbfault.XXXXXX", path[128], stray[512];
	if (!mkdtemp(dir)) {
		snprintf(dir, sizeof dir, "/tmp/fbfault.XXXXXX");
		assert_non_null(mkdtemp(dir));
	}
	snprintf(path, sizeof path, "%s/test.db", dir);
	long long n;
	long failures = 0, recovered = 0;
	char *before = table_sums(o->template_db); /* every run starts from a copy of it */
	char out_zip[100];
	snprintf(out_zip, sizeof out_zip, "%s/out.zip", dir);
	for (n = 1; n < 1000000; n++) {
		copy_file(o->template_db, path);
		fb_store *st;
		fb_error err = {0};
		assert_int_equal(fb_store_open(path, 0, &st, &err), FB_OK);
		fx_store_as(st, 1); /* the leader of the template's group (imports ignore it) */
		running = o->name;
		arm(n, all_after);
		fb_status s = o->run(st, dir, &err);
		disarm();
		long long hit = failed;
		if (s != FB_OK) {
			if (!hit)
				fail_msg("%s: failed without an injected failure: %s", o->name, err.msg);
			if (!err.msg[0])
				fail_msg("%s, allocation %lld failing: status %d without a message", o->name,
				         n, s);
			char *after = table_sums(path);
			if (strcmp(before, after))
				fail_msg("%s, allocation %lld failing (%s): the database changed\n"
				         "before:\n%safter:\n%s",
				         o->name, n, err.msg, before, after);
			free(after);
			if (o->run == run_export) {
				stray_files(dir, stray, sizeof stray);
				if (stray[0])
					fail_msg("export, allocation %lld failing: left %s", n, stray);
			}
			/* the store still works: no transaction left open, writes commit
			 * (the whole job again, every 50th time: it is the slow part) */
			fb_error again = {0};
			if (fb_store_begin(st, &again) != FB_OK ||
			    fb_meta_set(st, "fault.check", "1", &again) != FB_OK ||
			    fb_store_commit(st, &again) != FB_OK)
				fail_msg("%s after allocation %lld failed (%s): the store no longer works: %s",
				         o->name, n, err.msg, again.msg);
			if (n % 50 == 1) {
				if (o->run(st, dir, &again) != FB_OK)
					fail_msg("%s after allocation %lld failed (%s): the job fails again: %s",
					         o->name, n, err.msg, again.msg);
				o->done(st, dir);
			}
			failures++;
		} else {
			o->done(st, dir);
			if (hit)
				recovered++;
		}
		fb_store_close(st);
		unlink(out_zip);
		if (!hit)
			break; /* the run made fewer than n allocations: every one was tried */
	}
	printf("%s (%s): %lld allocations, %ld runs failed cleanly, %ld recovered\n", o->name,
	       all_after ? "every one from the Nth" : "only the Nth", n - 1, failures, recovered);
	assert_true(n > 1 && n < 1000000);
	assert_true(failures > 0); /* the injection did make the job fail */
	free(before);
	remove_db(path);
	char cmd[100];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* ---- fixtures: a station with logs and a ticket, and an empty HQ */

static char station_db[128], hq_db[128], fixdir[64];

static int setup(void **state)
{
	(void)state;
	fixture *a = fx_new();
	fb_error err = {0};
	for (int i = 0; i < 3; i++) {
		char text[80];
		snprintf(text, sizeof text, "走访职工第%d次，了解工资发放情况。", i + 1);
		fb_log l = fx_log(a, "2026-11-20", text);
		assert_int_equal(fb_log_insert(a->st, &l, &err), FB_OK);
	}
	assert_int_equal(a->member_id, 2); /* run_save writes as person 2 */
	fb_ticket t = {0};
	t.opened_by = a->member_id;
	t.opened_on = "2026-11-20";
	t.title = "宏达机械拖欠职工工资";
	t.description = "职工反映近两个月工资未发放。";
	t.category = "wage_arrears";
	t.routing = "county_union";
	assert_int_equal(fb_ticket_insert(a->st, &t, &err), FB_OK);
	bundle_logs = fx_int(a->st, "SELECT count(*) FROM logs");
	snprintf(fixdir, sizeof fixdir, "%s", a->dir);
	snprintf(bundle_path, sizeof bundle_path, "%s/station.zip", a->dir);
	static fb_sync_summary sum;
	fb_export_opts plain = {.plain = 1};
	assert_int_equal(fb_bundle_export(a->st, bundle_path, &plain, &sum, &err), FB_OK);
	fb_pubkeys k;
	assert_int_equal(fb_keys_own(a->st, &k, &err), FB_OK);
	fb_key_fingerprint(&k, station_fp);
	fb_store_close(a->st); /* checkpointed: the file alone is the database */
	a->st = NULL;
	snprintf(station_db, sizeof station_db, "%s", a->path);
	fixture *hq = fx_new_empty();
	fb_store_close(hq->st);
	hq->st = NULL;
	snprintf(hq_db, sizeof hq_db, "%s/hq.db", a->dir);
	copy_file(hq->path, hq_db);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", hq->dir);
	assert_int_equal(system(cmd), 0);
	free(hq);
	free(a); /* its folder holds the templates until teardown */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fixdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_log_save(void **state)
{
	(void)state;
	op o = {"log save", station_db, run_save, done_save};
	inject(&o, 0);
	inject(&o, 1);
}

static void test_bundle_import(void **state)
{
	(void)state;
	op o = {"bundle import", hq_db, run_import, done_import};
	inject(&o, 0);
	inject(&o, 1);
}

static void test_bundle_export(void **state)
{
	(void)state;
	op o = {"bundle export", station_db, run_export, done_export};
	inject(&o, 0);
	inject(&o, 1);
}

/* The checksum sees a changed row, so "as it was" can fail. */
static void test_checksum_sees_a_change(void **state)
{
	(void)state;
	char path[160];
	snprintf(path, sizeof path, "%s/changed.db", fixdir);
	copy_file(station_db, path);
	char *before = table_sums(path);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE meta SET value = value || 'x' WHERE key = 'hlc'",
	                              NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	char *after = table_sums(path);
	assert_string_not_equal(before, after);
	free(before);
	free(after);
	unlink(path);
}

int main(void)
{
	install_allocator();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checksum_sees_a_change),
		cmocka_unit_test(test_log_save),
		cmocka_unit_test(test_bundle_import),
		cmocka_unit_test(test_bundle_export),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
