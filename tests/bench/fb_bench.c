/* fb_bench.c - measures fieldbook against SQLite baselines on the same data,
 * side by side in one run, and writes tests/bench/results.csv.
 *
 * Every figure runs in its own child process (fork), once for fieldbook and
 * once for its baseline, `runs` times each; the parent keeps the median and
 * the min-max and reads each child's peak RSS from wait4(). The database is
 * made by `fieldbook demo --logs N` (kept between runs with --reuse). See
 * tests/bench/README.md for the method and the figures. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fieldbook/auth.h"
#include "fieldbook/coverage.h"
#include "fieldbook/keys.h"
#include "fieldbook/log.h"
#include "fieldbook/unit.h"
#include "fieldbook/page.h"
#include "search.h"
#include "fieldbook/store.h"
#include "fieldbook/text.h"
#include "sqlstore.h"
#include "internal.h"

#define MAXV 8  /* values one child may report */
#define MAXQ 64 /* queries per word length */
#define MAXSAMPLES 4096

static const char *opt_fieldbook = "fieldbook";
static const char *opt_work = "/tmp/fb_bench";
static const char *opt_out = "results.csv";
static long opt_logs = 1000000;
static int opt_runs = 3;
static int opt_reuse = 0;
static const char *opt_only = "core,sync,tui,hq,history,ledger,auth"; /* figure groups to run */
static const char *opt_sqlite3 = "sqlite3";
static char bundle[512], base_csv[512], db_imp[512];
static char db_main[512], db_tri[512], db_copy[512];
/* Signing in (the CLI): every demo person's password in a file of the work
 * directory, given on fd 3; who signs in on the N-log database (its first
 * leader) and its device's fingerprint (what an importer pins). */
static char pw_file[512], as_main[128], fp_main[FB_FINGERPRINT_SIZE];

/* ---- small utilities ---- */

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void die(const char *what, const char *why)
{
	fprintf(stderr, "fb_bench: %s: %s\n", what, why);
	exit(1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The q-quantile (0..1) of v[0..n), nearest rank; sorts v. */
static double quantile(double *v, int n, double q)
{
	if (n <= 0)
		return 0;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	int k = (int)(q * n + 0.999999) - 1;
	if (k < 0)
		k = 0;
	if (k >= n)
		k = n - 1;
	return v[k];
}

static uint64_t rng_state = 0x2545F4914F6CDD1Dull;
static uint64_t rng(void)
{
	uint64_t x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die(path, sqlite3_errmsg(db));
	sqlite3_exec(db, "PRAGMA cache_size = -6000", NULL, NULL, NULL); /* as fieldbook */
	return db;
}

static fb_store *fb_open(const char *path)
{
	fb_store *st;
	fb_error err = {0};
	if (fb_store_open(path, 0, &st, &err) != FB_OK)
		die(path, err.msg);
	return st;
}

static void exec_or_die(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		die(sql, msg ? msg : sqlite3_errmsg(db));
}

static double query_double(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	double v = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		die(sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_double(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Copy a database and flush the copy to disk: otherwise the first fsync of
 * whatever runs on it next (a checkpoint) pays for writing back gigabytes
 * of freshly copied pages, which is not what that figure measures. */
static void copy_file(const char *from, const char *to)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "cp '%s' '%s' && sync '%s'", from, to, to);
	if (system(cmd) != 0)
		die("copy", from);
}

static void remove_db(const char *path) /* and its -wal, -shm */
{
	char p[800];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

/* ---- running a measurement in a child ---- */

typedef int (*measure_fn)(void *arg, double *out); /* returns values written */

struct outcome {
	int n;              /* values per run */
	double v[MAXV][16]; /* [value][run] */
	int runs;
	long rss_kb; /* largest peak RSS over the runs */
};

/* Run fn in a child `runs` times; collect its values and peak RSS. */
static void measure(measure_fn fn, void *arg, int runs, struct outcome *o)
{
	memset(o, 0, sizeof *o);
	for (int r = 0; r < runs && r < 16; r++) {
		int fd[2];
		if (pipe(fd) < 0)
			die("pipe", strerror(errno));
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0)
			die("fork", strerror(errno));
		if (pid == 0) {
			close(fd[0]);
			double out[MAXV];
			int n = fn(arg, out);
			if (write(fd[1], &n, sizeof n) != sizeof n ||
			    write(fd[1], out, sizeof(double) * (size_t)n) < 0)
				_exit(3);
			_exit(0);
		}
		close(fd[1]);
		int n = 0;
		double out[MAXV];
		if (read(fd[0], &n, sizeof n) != sizeof n || n < 0 || n > MAXV ||
		    read(fd[0], out, sizeof(double) * (size_t)n) !=
		            (ssize_t)(sizeof(double) * (size_t)n))
			n = -1;
		close(fd[0]);
		int status;
		struct rusage ru;
		if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0 || n < 0)
			die("measurement", "a child failed");
		o->n = n;
		for (int i = 0; i < n; i++)
			o->v[i][r] = out[i];
		if (ru.ru_maxrss > o->rss_kb)
			o->rss_kb = ru.ru_maxrss;
		o->runs = r + 1;
	}
}

/* Median and range of value i over the runs. */
static void summary(const struct outcome *o, int i, double *med, double *lo, double *hi)
{
	double t[16];
	memcpy(t, o->v[i], sizeof(double) * (size_t)o->runs);
	qsort(t, (size_t)o->runs, sizeof *t, cmp_double);
	*med = o->runs % 2 ? t[o->runs / 2] : (t[o->runs / 2 - 1] + t[o->runs / 2]) / 2;
	*lo = t[0];
	*hi = t[o->runs - 1];
}

/* ---- the results table ---- */

struct result {
	char metric[64];
	double fb, fb_lo, fb_hi;
	double base, base_lo, base_hi; /* base < 0: no baseline */
	char target[32];
	char unit[16];
	char note[96];
};
static struct result results[64];
static int nresults;

static void add_result(const char *metric, const struct outcome *fb, int fi,
                       const struct outcome *base, int bi, const char *target, const char *unit,
                       const char *note)
{
	struct result *r = &results[nresults++];
	snprintf(r->metric, sizeof r->metric, "%s", metric);
	summary(fb, fi, &r->fb, &r->fb_lo, &r->fb_hi);
	r->base = r->base_lo = r->base_hi = -1;
	if (base)
		summary(base, bi, &r->base, &r->base_lo, &r->base_hi);
	snprintf(r->target, sizeof r->target, "%s", target ? target : "");
	snprintf(r->unit, sizeof r->unit, "%s", unit);
	snprintf(r->note, sizeof r->note, "%s", note ? note : "");
	fprintf(stderr, "  %-34s %10.3f  %10.3f %s\n", metric, r->fb, r->base, unit);
}

/* A figure with a single value (no runs to summarise). */
static void add_value(const char *metric, double fb, double base, const char *target,
                      const char *unit, const char *note)
{
	struct outcome a = {.n = 1, .runs = 1}, b = {.n = 1, .runs = 1};
	a.v[0][0] = fb;
	b.v[0][0] = base;
	add_result(metric, &a, 0, base >= 0 ? &b : NULL, 0, target, unit, note);
}

static void add_rss(const char *figure, const struct outcome *fb, const struct outcome *base)
{
	char m[64];
	snprintf(m, sizeof m, "peak_rss_%s", figure);
	add_value(m, fb->rss_kb / 1024.0, base ? base->rss_kb / 1024.0 : -1, "16", "MB", NULL);
}

static void print_and_write(void)
{
	FILE *f = fopen(opt_out, "w");
	if (!f)
		die(opt_out, strerror(errno));
	fprintf(f, "metric,fieldbook,baseline,ratio,target,unit\n");
	printf("\n%-34s %-26s %-26s %8s %8s %s\n", "metric", "fieldbook median [min-max]",
	       "baseline median [min-max]", "ratio", "target", "unit");
	for (int i = 0; i < nresults; i++) {
		struct result *r = &results[i];
		char a[64], b[64] = "-", ratio[16] = "-";
		snprintf(a, sizeof a, "%.3f [%.3f-%.3f]", r->fb, r->fb_lo, r->fb_hi);
		if (r->base >= 0) {
			snprintf(b, sizeof b, "%.3f [%.3f-%.3f]", r->base, r->base_lo, r->base_hi);
			if (r->base > 0)
				snprintf(ratio, sizeof ratio, "%.3f", r->fb / r->base);
		}
		printf("%-34s %-26s %-26s %8s %8s %s%s%s\n", r->metric, a, b, ratio, r->target,
		       r->unit, r->note[0] ? "  " : "", r->note);
		fprintf(f, "%s,%.4f,", r->metric, r->fb);
		if (r->base >= 0)
			fprintf(f, "%.4f", r->base);
		fprintf(f, ",%s,%s,%s\n", strcmp(ratio, "-") ? ratio : "", r->target, r->unit);
	}
	fclose(f);
}

/* ---- figure: the database itself ---- */

static int count_logs(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) < 0)
		return -1;
	sqlite3 *db = raw_open(path);
	int n = (int)query_double(db, "SELECT count(*) FROM logs");
	sqlite3_close(db);
	return n;
}

static int m_demo(void *arg, double *out)
{
	(void)arg;
	char logs[32];
	snprintf(logs, sizeof logs, "%ld", opt_logs);
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 1);
		execl(opt_fieldbook, opt_fieldbook, "--db", db_main, "demo", "--logs", logs,
		      "--seed", "7", "--end", "2026-11-20", (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("fieldbook demo", "failed");
	out[0] = opt_logs / ((now_ms() - t0) / 1e3);
	out[1] = ru.ru_maxrss / 1024.0;
	return 2;
}

/* ---- figure: open the database and show the first page ---- */

/* The list query fb_log_page runs, written by hand, with an extra
 * condition and a tail (OFFSET). */
static void list_sql(char *out, size_t size, const char *where, const char *tail)
{
	snprintf(out, size,
	         "SELECT l.id, l.date, p.name, l.unit, l.activity, l.enterprises, l.workers,"
	         " l.households, substr(l.content, 1, 80) FROM logs l JOIN people p ON"
	         " p.id = l.author_id WHERE l.deleted = 0 %s ORDER BY l.date DESC, l.id DESC"
	         " LIMIT 50 %s",
	         where, tail);
}

/* Step a statement to the end; returns the rows. */
static int drain(sqlite3_stmt *s)
{
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		n++;
		(void)sqlite3_column_text(s, 8);
	}
	sqlite3_reset(s);
	return n;
}

static int m_open_fb(void *arg, double *out)
{
	(void)arg;
	double t[20];
	static fb_log_row rows[50];
	for (int i = 0; i < 20; i++) {
		double t0 = now_ms();
		fb_store *st = fb_open(db_main);
		fb_error err;
		if (fb_log_page(st, NULL, FB_PAGE_FIRST, NULL, rows, 50, &err) != 50)
			die("first page", err.msg);
		t[i] = now_ms() - t0;
		fb_store_close(st);
	}
	out[0] = quantile(t, 20, 0.5);
	return 1;
}

static int m_open_raw(void *arg, double *out)
{
	(void)arg;
	double t[20];
	char sql[600];
	list_sql(sql, sizeof sql, "", "");
	for (int i = 0; i < 20; i++) {
		double t0 = now_ms();
		sqlite3 *db = raw_open(db_main);
		sqlite3_stmt *s;
		sqlite3_prepare_v2(db, sql, -1, &s, NULL);
		if (drain(s) != 50)
			die("raw first page", sqlite3_errmsg(db));
		sqlite3_finalize(s);
		t[i] = now_ms() - t0;
		sqlite3_close(db);
	}
	out[0] = quantile(t, 20, 0.5);
	return 1;
}

/* ---- figure: list pages at any position ---- */

#define NCUR 200
static fb_cursor cursors[NCUR];
static long offsets[NCUR];
static long live_logs;

static void pick_cursors(void)
{
	sqlite3 *db = raw_open(db_main);
	live_logs = (long)query_double(db, "SELECT count(*) FROM logs WHERE deleted = 0");
	long maxid = (long)query_double(db, "SELECT max(id) FROM logs");
	sqlite3_stmt *s;
	sqlite3_prepare_v2(db, "SELECT date, id FROM logs WHERE id >= ?1 AND deleted = 0 LIMIT 1",
	                   -1, &s, NULL);
	for (int i = 0; i < NCUR; i++) {
		sqlite3_bind_int64(s, 1, 1 + (long)(rng() % (uint64_t)maxid));
		if (sqlite3_step(s) == SQLITE_ROW) {
			snprintf(cursors[i].key, sizeof cursors[i].key, "%s",
			         sqlite3_column_text(s, 0));
			cursors[i].id = sqlite3_column_int64(s, 1);
		}
		sqlite3_reset(s);
		offsets[i] = (long)(rng() % (uint64_t)(live_logs > 50 ? live_logs - 50 : 1));
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* out: p50 and p99 of next pages from random cursors, p50 of the last page. */
static int m_pages_fb(void *arg, double *out)
{
	(void)arg;
	static fb_log_row rows[50];
	static double t[NCUR];
	fb_store *st = fb_open(db_main);
	fb_error err;
	for (int w = 0; w < 2; w++) /* warm: the second pass is measured */
		for (int i = 0; i < NCUR; i++) {
			double t0 = now_ms();
			if (fb_log_page(st, NULL, FB_PAGE_NEXT, &cursors[i], rows, 50, &err) < 0)
				die("next page", err.msg);
			t[i] = now_ms() - t0;
		}
	out[0] = quantile(t, NCUR, 0.5);
	out[1] = quantile(t, NCUR, 0.99);
	for (int i = 0; i < 50; i++) {
		double t0 = now_ms();
		if (fb_log_page(st, NULL, FB_PAGE_LAST, NULL, rows, 50, &err) < 0)
			die("last page", err.msg);
		t[i] = now_ms() - t0;
	}
	out[2] = quantile(t, 50, 0.5);
	fb_store_close(st);
	return 3;
}

static int m_pages_offset(void *arg, double *out)
{
	(void)arg;
	static double t[NCUR];
	char sql[600];
	list_sql(sql, sizeof sql, "", "OFFSET ?1");
	sqlite3 *db = raw_open(db_main);
	sqlite3_stmt *s;
	sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	/* OFFSET reads every skipped row: 40 positions and 5 last pages keep a
	 * 1M-log run short (p99 of 40 samples is their maximum). */
	for (int i = 0; i < 40; i++) {
		double t0 = now_ms();
		sqlite3_bind_int64(s, 1, offsets[i]);
		drain(s);
		t[i] = now_ms() - t0;
	}
	out[0] = quantile(t, 40, 0.5);
	out[1] = quantile(t, 40, 0.99);
	for (int i = 0; i < 5; i++) {
		double t0 = now_ms();
		sqlite3_bind_int64(s, 1, live_logs - 50);
		drain(s);
		t[i] = now_ms() - t0;
	}
	out[2] = quantile(t, 5, 0.5);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return 3;
}

/* ---- figure: text search ---- */

static char queries[5][MAXQ][16]; /* [chars][i] */
static int nqueries[5];
static const char *fixed_words[5][6] = {
	[2] = {"工资", "欠薪", "加班", "工伤", "罢工", NULL},
	[3] = {"劳动法", "加班费", "农民工", "讨薪难", NULL},
	[4] = {"拖欠工资", "劳动合同", "安全生产", "集体协商", NULL},
};

static int is_han(uint32_t cp) { return cp >= 0x4E00 && cp <= 0x9FFF; }

/* Words of 2-4 Chinese characters: a few fixed ones (some absent from the
 * data) and random stretches of random logs' text. */
static void pick_queries(int per_len)
{
	sqlite3 *db = raw_open(db_main);
	long maxid = (long)query_double(db, "SELECT max(id) FROM logs");
	sqlite3_stmt *s;
	sqlite3_prepare_v2(db, "SELECT content FROM logs WHERE id >= ?1 LIMIT 1", -1, &s, NULL);
	for (int len = 2; len <= 4; len++) {
		for (int i = 0; fixed_words[len][i]; i++)
			snprintf(queries[len][nqueries[len]++], 16, "%s", fixed_words[len][i]);
		int tries = 0;
		while (nqueries[len] < per_len && tries++ < 10000) {
			sqlite3_bind_int64(s, 1, 1 + (long)(rng() % (uint64_t)maxid));
			if (sqlite3_step(s) == SQLITE_ROW) {
				const char *c = (const char *)sqlite3_column_text(s, 0);
				size_t n = strlen(c), at = (size_t)(rng() % (n ? n : 1));
				while (at > 0 && ((unsigned char)c[at] & 0xC0) == 0x80)
					at--;
				char w[16];
				size_t k = 0;
				int chars = 0, ok = 1;
				while (chars < len && at < n) {
					uint32_t cp;
					size_t b = fb_utf8_decode(c + at, n - at, &cp);
					if (!is_han(cp)) {
						ok = 0;
						break;
					}
					memcpy(w + k, c + at, b);
					k += b;
					at += b;
					chars++;
				}
				w[k] = '\0';
				if (ok && chars == len)
					snprintf(queries[len][nqueries[len]++], 16, "%s", w);
			}
			sqlite3_reset(s);
		}
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

enum { S_FIELDBOOK, S_LIKE, S_TRIGRAM };
struct search_arg {
	int how;
	int len;
};

/* out: p50, p95 of the first page (50 rows, newest first) over the words. */
static int m_search(void *arg, double *out)
{
	struct search_arg *a = arg;
	static double t[MAXSAMPLES];
	static fb_log_row rows[50];
	int n = 0;
	fb_store *st = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	char sql[800];
	if (a->how == S_FIELDBOOK) {
		st = fb_open(db_main);
	} else if (a->how == S_LIKE) {
		db = raw_open(db_main);
		list_sql(sql, sizeof sql,
		         "AND (l.unit LIKE ?1 OR l.content LIKE ?1 OR l.findings LIKE ?1 "
		         "OR l.actions LIKE ?1 OR l.next_step LIKE ?1)",
		         "");
		sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	} else {
		db = raw_open(db_tri);
		list_sql(sql, sizeof sql,
		         "AND l.id IN (SELECT rowid FROM logs_tri WHERE logs_tri MATCH ?1)", "");
		if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
			die("trigram query", sqlite3_errmsg(db));
	}
	for (int w = st ? 0 : 1; w < 2; w++) { /* fieldbook: a warm-up pass first */
		n = 0;
		for (int i = 0; i < nqueries[a->len]; i++) {
			const char *q = queries[a->len][i];
			char pat[40];
			double t0 = now_ms();
			if (st) {
				fb_log_filter f = {.text = q};
				fb_error err;
				if (fb_log_page(st, &f, FB_PAGE_FIRST, NULL, rows, 50, &err) < 0)
					die("search", err.msg);
			} else {
				snprintf(pat, sizeof pat, a->how == S_LIKE ? "%%%s%%" : "\"%s\"", q);
				sqlite3_bind_text(s, 1, pat, -1, SQLITE_TRANSIENT);
				drain(s);
			}
			t[n++] = now_ms() - t0;
		}
	}
	out[0] = quantile(t, n, 0.5);
	out[1] = quantile(t, n, 0.95);
	if (s)
		sqlite3_finalize(s);
	if (db)
		sqlite3_close(db);
	if (st)
		fb_store_close(st);
	return 2;
}

/* ---- figure: index size and build; the trigram copy ---- */

static const char *BIGRAM_BODY =
	"unit || char(10) || content || char(10) || findings || char(10) || actions || char(10) || "
	"next_step";

static int m_build_bigram(void *arg, double *out)
{
	(void)arg;
	fb_store *st = fb_open(db_copy);
	sqlite3 *db = fb_store_db(st);
	exec_or_die(db, "INSERT INTO logs_fts(logs_fts) VALUES ('delete-all')");
	char sql[600];
	snprintf(sql, sizeof sql,
	         "INSERT INTO logs_fts(rowid, body) SELECT coalesce(unixepoch(date) / 86400, 0) * "
	         "4294967296 + id, %s FROM logs WHERE deleted = 0",
	         BIGRAM_BODY);
	double t0 = now_ms();
	exec_or_die(db, "BEGIN");
	exec_or_die(db, sql);
	exec_or_die(db, "COMMIT");
	out[0] = (now_ms() - t0) / 1e3;
	fb_store_close(st);
	return 1;
}

/* Turns the copy into the trigram database: no bigram index, an external
 * content trigram index with the usual triggers. */
static int m_build_trigram(void *arg, double *out)
{
	(void)arg;
	fb_store *st = fb_open(db_tri);
	sqlite3 *db = fb_store_db(st);
	exec_or_die(db, "DROP TRIGGER logs_fts_insert; DROP TRIGGER logs_fts_delete;"
	                "DROP TRIGGER logs_fts_update; DROP TABLE logs_fts;"
	                "CREATE VIRTUAL TABLE logs_tri USING fts5(unit, content, findings, actions,"
	                " next_step, content='logs', content_rowid='id', tokenize='trigram');");
	double t0 = now_ms();
	exec_or_die(db, "INSERT INTO logs_tri(logs_tri) VALUES ('rebuild')");
	out[0] = (now_ms() - t0) / 1e3;
	exec_or_die(
		db,
		"CREATE TRIGGER logs_tri_ai AFTER INSERT ON logs BEGIN INSERT INTO logs_tri(rowid,"
		" unit, content, findings, actions, next_step) VALUES (new.id, new.unit,"
		" new.content, new.findings, new.actions, new.next_step); END;"
		"CREATE TRIGGER logs_tri_ad AFTER DELETE ON logs BEGIN INSERT INTO "
		"logs_tri(logs_tri,"
		" rowid, unit, content, findings, actions, next_step) VALUES ('delete', old.id,"
		" old.unit, old.content, old.findings, old.actions, old.next_step); END;"
		"CREATE TRIGGER logs_tri_au AFTER UPDATE ON logs BEGIN INSERT INTO "
		"logs_tri(logs_tri,"
		" rowid, unit, content, findings, actions, next_step) VALUES ('delete', old.id,"
		" old.unit, old.content, old.findings, old.actions, old.next_step);"
		" INSERT INTO logs_tri(rowid, unit, content, findings, actions, next_step) VALUES"
		" (new.id, new.unit, new.content, new.findings, new.actions, new.next_step); END;");
	fb_store_close(st);
	return 1;
}

static double table_bytes(const char *path, const char *like)
{
	sqlite3 *db = raw_open(path);
	char sql[200];
	snprintf(sql, sizeof sql,
	         "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE '%s'", like);
	double v = query_double(db, sql);
	sqlite3_close(db);
	return v;
}

/* ---- figure: adding logs to a big database ---- */

enum { ADD_BIGRAM, ADD_NONE, ADD_TRIGRAM };
struct add_arg {
	int how;
	long rows;
};

static int m_add(void *arg, double *out)
{
	struct add_arg *a = arg;
	fb_store *st = fb_open(db_copy);
	sqlite3 *db = fb_store_db(st);
	if (a->how == ADD_NONE)
		exec_or_die(db, "DROP TRIGGER logs_fts_insert; DROP TRIGGER logs_fts_delete;"
		                "DROP TRIGGER logs_fts_update; DROP TABLE logs_fts;");
	char sql[900];
	snprintf(sql, sizeof sql,
	         "INSERT INTO logs(uuid, group_id, author_id, date, unit, activity, "
	         "enterprise_kinds,"
	         " worker_kinds, enterprises, workers, households, content, findings, actions,"
	         " next_step, origin, rev, updated_at) SELECT lower(hex(randomblob(16))), group_id,"
	         " author_id, date, unit, activity, enterprise_kinds, worker_kinds, enterprises,"
	         " workers, households, content, findings, actions, next_step, origin, rev + 1,"
	         " updated_at FROM logs WHERE id %% 10 = 3 LIMIT %ld",
	         a->rows);
	double t0 = now_ms();
	exec_or_die(db, "BEGIN");
	exec_or_die(db, sql);
	exec_or_die(db, "COMMIT");
	out[0] = (now_ms() - t0) / 1e3;
	fb_store_close(st);
	return 1;
}

/* ---- figure: process start to the TUI's first drawn screen ---- */

/* Run argv in a pseudo-terminal (80x24) until it exits, reading all it
 * draws; returns milliseconds, or -1 if it failed. */
static double run_in_pty(char *const argv[])
{
	struct winsize ws = {.ws_row = 24, .ws_col = 80};
	int master;
	double t0 = now_ms();
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0)
		die("forkpty", strerror(errno));
	if (pid == 0) {
		setenv("FIELDBOOK_EXIT_AFTER_FIRST_DRAW", "1", 1);
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	char buf[8192];
	long got = 0;
	for (;;) {
		ssize_t n = read(master, buf, sizeof buf);
		if (n <= 0)
			break;
		got += n;
	}
	int status;
	waitpid(pid, &status, 0);
	double t = now_ms() - t0;
	close(master);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got == 0)
		return -1;
	return t;
}

static int m_tui(void *arg, double *out)
{
	int base = arg != NULL;
	double t[10];
	char sql[600];
	list_sql(sql, sizeof sql, "", "");
	char *fb_argv[] = {(char *)opt_fieldbook, "--db", db_main, NULL};
	char *sq_argv[] = {(char *)opt_sqlite3, db_main, sql, NULL};
	for (int w = 0; w < 2; w++)
		for (int i = 0; i < 10; i++)
			if ((t[i] = run_in_pty(base ? sq_argv : fb_argv)) < 0)
				die(base ? "sqlite3 in a pty" : "fieldbook TUI in a pty", "failed");
	out[0] = quantile(t, 10, 0.5);
	return 1;
}

/* ---- figures: bundles ---- */

/* Run a command (through sh) and return its seconds; dies if it fails. */
static double timed_sh(const char *cmd)
{
	double t0 = now_ms();
	if (system(cmd) != 0)
		die("command failed", cmd);
	return (now_ms() - t0) / 1e3;
}

/* The first line a shell command prints, without its newline ("" if none). */
static void sh_line(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");
	out[0] = 0;
	if (!p)
		die("popen", cmd);
	if (fgets(out, (int)size, p))
		out[strcspn(out, "\n")] = 0;
	char rest[256];
	while (fgets(rest, sizeof rest, p))
		;
	if (pclose(p) != 0)
		die("command failed", cmd);
}

/* The first leader of db (who signs in there), and the device's fingerprint. */
static void db_leader(const char *db, char *out, size_t size)
{
	char cmd[1200];
	snprintf(cmd, sizeof cmd,
	         "'%s' '%s' \"SELECT name FROM people WHERE role = 'leader' AND deleted = 0 "
	         "ORDER BY id LIMIT 1\"",
	         opt_sqlite3, db);
	sh_line(cmd, out, size);
	if (!out[0])
		die("no leader to sign in as", db);
}

static void db_fingerprint(const char *db, char out[FB_FINGERPRINT_SIZE])
{
	fb_store *st = fb_open(db);
	fb_pubkeys k;
	fb_error err;
	if (fb_keys_own(st, &k, &err) != FB_OK)
		die("fb_keys_own", err.msg);
	fb_key_fingerprint(&k, out);
	fb_store_close(st);
}

/* " --as 'NAME' --password-fd 3" (the options before the command) and the
 * redirection that goes at the end of the command line. */
static const char *as_opt(const char *name)
{
	static char buf[4][300];
	static int i;
	char *b = buf[i++ % 4];
	snprintf(b, 300, "--as '%s' --password-fd 3", name);
	return b;
}

static const char *pw_redir(void)
{
	static char buf[600];
	snprintf(buf, sizeof buf, "3<'%s'", pw_file);
	return buf;
}

static void prepare_sign_in(void)
{
	FILE *f = fopen(pw_file, "w");
	if (!f || fprintf(f, "%s\n", FB_DEMO_PASSWORD) < 0 || fclose(f) != 0)
		die(pw_file, strerror(errno));
	chmod(pw_file, 0600);
	db_leader(db_main, as_main, sizeof as_main);
	db_fingerprint(db_main, fp_main);
}

static const char *SYNC_TABLES[] = {"work_groups",   "people",  "logs",
                                    "contacts",      "reports", "tickets",
                                    "ticket_events", "targets", NULL};

static int m_export(void *arg, double *out)
{
	char cmd[2048];
	if (!arg) {
		unlink(bundle);
		/* every group's records: --plain (signed, not sealed), as sealing is
		 * for one recipient; bundle_export_group_* measure the seal */
		snprintf(cmd, sizeof cmd,
		         "'%s' --db '%s' %s export --out '%s' --full --plain %s >/dev/null 2>&1",
		         opt_fieldbook, db_main, as_opt(as_main), bundle, pw_redir());
	} else { /* the same tables' rows, plain CSV, one file */
		size_t n = (size_t)snprintf(cmd, sizeof cmd, "'%s' -csv '%s'", opt_sqlite3, db_main);
		for (int i = 0; SYNC_TABLES[i]; i++)
			n += (size_t)snprintf(cmd + n, sizeof cmd - n, " 'SELECT * FROM %s'",
			                      SYNC_TABLES[i]);
		snprintf(cmd + n, sizeof cmd - n, " > '%s.all.csv'", base_csv);
	}
	out[0] = timed_sh(cmd);
	return 1;
}

/* fieldbook: import the bundle into a new database, then again (no-op). */
static int m_import(void *arg, double *out)
{
	(void)arg;
	char cmd[2048];
	remove_db(db_imp);
	/* a new database: nobody to sign in yet; the sender's device pinned */
	snprintf(cmd, sizeof cmd, "'%s' --db '%s' import '%s' --pin '%s' >/dev/null", opt_fieldbook,
	         db_imp, bundle, fp_main);
	out[0] = timed_sh(cmd);
	/* again: now the database has people, so its leader signs in */
	snprintf(cmd, sizeof cmd, "'%s' --db '%s' %s import '%s' %s >/dev/null", opt_fieldbook,
	         db_imp, as_opt(as_main), bundle, pw_redir());
	out[1] = timed_sh(cmd);
	return 2;
}

/* ---- figures: what sealing costs (issue 12): one group's bundle, sealed
 * for its station (signed + encrypted) and --plain (signed only) ---- */

static char st_tmpl[600], g_sealed[600], g_plain[600], as_g[128];
static long g_id;

/* The product's way to a station whose key HQ knows: HQ writes the group's
 * kit, the station starts from it (init --from, the passphrase on stdin),
 * sends its first bundle, HQ imports it pinning the station's fingerprint.
 * The importer of the group's bundles is a new database holding the
 * station's keys (key backup, init, key restore): a first import. */
static void prepare_station(void)
{
	char *cmd = malloc(8192), dir[560], kit[600], st[600], first[600], keys[600], pass[64];
	char fp[FB_FINGERPRINT_SIZE];
	if (!cmd)
		die("malloc", strerror(errno));
	snprintf(dir, sizeof dir, "%s/station", opt_work);
	mkdir(dir, 0700);
	snprintf(kit, sizeof kit, "%s/kit.zip", dir);
	snprintf(st, sizeof st, "%s/station.db", dir);
	snprintf(first, sizeof first, "%s/first.zip", dir);
	snprintf(keys, sizeof keys, "%s/station.keys", dir);
	snprintf(st_tmpl, sizeof st_tmpl, "%s/importer.db", dir);
	snprintf(g_sealed, sizeof g_sealed, "%s/group-sealed.zip", dir);
	snprintf(g_plain, sizeof g_plain, "%s/group-plain.zip", dir);
	snprintf(cmd, 8192,
	         "'%s' '%s' \"SELECT group_id FROM people WHERE name = '%s' AND deleted = 0\"",
	         opt_sqlite3, db_main, as_main);
	char gid[32];
	sh_line(cmd, gid, sizeof gid);
	g_id = atol(gid);
	snprintf(as_g, sizeof as_g, "%s", as_main);
	remove_db(st);
	remove_db(st_tmpl);
	unlink(kit);
	snprintf(cmd, 8192, "'%s' --db '%s' %s export --kit --group %ld --out '%s' %s 2>/dev/null",
	         opt_fieldbook, db_main, as_opt(as_main), g_id, kit, pw_redir());
	{ /* the passphrase: the output's last line */
		FILE *p = popen(cmd, "r");
		char line[512];
		pass[0] = 0;
		while (p && fgets(line, sizeof line, p)) {
			char *t = line + strspn(line, " ");
			t[strcspn(t, "\n")] = 0;
			if (*t)
				snprintf(pass, sizeof pass, "%s", t);
		}
		if (!p || pclose(p) != 0 || !pass[0])
			die("writing the station kit", cmd);
	}
	snprintf(cmd, 8192, "echo '%s' | '%s' --db '%s' init --from '%s' >/dev/null 2>&1", pass,
	         opt_fieldbook, st, kit);
	if (system(cmd) != 0)
		die("starting the station from its kit", cmd);
	db_fingerprint(st, fp);
	snprintf(cmd, 8192,
	         "'%s' --db '%s' %s export --out '%s' %s >/dev/null 2>&1 && "
	         "'%s' --db '%s' %s import '%s' --pin '%s' %s >/dev/null",
	         opt_fieldbook, st, as_opt(as_g), first, pw_redir(), opt_fieldbook, db_main,
	         as_opt(as_main), first, fp, pw_redir());
	if (system(cmd) != 0)
		die("HQ pinning the station's key", cmd);
	snprintf(cmd, 8192,
	         "echo fb-bench-backup | '%s' --db '%s' key backup '%s' >/dev/null && "
	         "'%s' --db '%s' init >/dev/null && "
	         "echo fb-bench-backup | '%s' --db '%s' key restore '%s' >/dev/null",
	         opt_fieldbook, st, keys, opt_fieldbook, st_tmpl, opt_fieldbook, st_tmpl, keys);
	if (system(cmd) != 0)
		die("the importer with the station's keys", cmd);
	remove_db(st);
	unlink(first);
	unlink(kit);
	unlink(keys);
	free(cmd);
}

/* HQ exports the group's records: sealed for its station, or --plain. */
static int m_export_group(void *arg, double *out)
{
	char cmd[2048];
	const char *to = arg ? g_plain : g_sealed;
	unlink(to);
	snprintf(cmd, sizeof cmd,
	         "'%s' --db '%s' %s export --out '%s' --full --group %ld%s %s >/dev/null 2>&1",
	         opt_fieldbook, db_main, as_opt(as_main), to, g_id, arg ? " --plain" : "",
	         pw_redir());
	out[0] = timed_sh(cmd);
	return 1;
}

/* The station (a new database with its keys) imports that bundle. */
static int m_import_group(void *arg, double *out)
{
	char cmd[2048];
	remove_db(db_imp);
	copy_file(st_tmpl, db_imp);
	snprintf(cmd, sizeof cmd, "'%s' --db '%s' import '%s' --pin '%s' >/dev/null", opt_fieldbook,
	         db_imp, arg ? g_plain : g_sealed, fp_main);
	out[0] = timed_sh(cmd);
	remove_db(db_imp);
	return 1;
}

/* sqlite3 shell: .import of the logs CSV into a table with a unique uuid
 * index, then an FTS5 trigram index over the text. */
static int m_import_base(void *arg, double *out)
{
	(void)arg;
	char cmd[2048], script[600];
	snprintf(cmd, sizeof cmd, "'%s' -csv '%s' 'SELECT * FROM logs' > '%s'", opt_sqlite3,
	         db_main, base_csv);
	if (system(cmd) != 0)
		die("baseline CSV", cmd);
	snprintf(script, sizeof script, "%s.sql", base_csv);
	FILE *f = fopen(script, "w");
	if (!f)
		die(script, strerror(errno));
	fprintf(f,
	        "CREATE TABLE logs (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL, group_id, "
	        "author_id, date, unit, activity, enterprise_kinds, worker_kinds, enterprises, "
	        "workers, households, content, findings, actions, next_step, origin, rev, "
	        "updated_at, deleted, chg);\n"
	        "CREATE UNIQUE INDEX logs_uuid ON logs(uuid);\n"
	        ".import '%s' logs\n"
	        "CREATE VIRTUAL TABLE logs_tri USING fts5(unit, content, findings, actions, "
	        "next_step, content='logs', content_rowid='id', tokenize='trigram');\n"
	        "INSERT INTO logs_tri(logs_tri) VALUES ('rebuild');\n",
	        base_csv);
	fclose(f);
	char imp[700];
	snprintf(imp, sizeof imp, "%s.base.db", db_imp);
	remove_db(imp);
	snprintf(cmd, sizeof cmd, "'%s' -csv '%s' < '%s'", opt_sqlite3, imp, script);
	out[0] = timed_sh(cmd);
	remove_db(imp);
	return 1;
}

/* ---- figure: HQ's weekly reality, 100 station bundles of 35 logs ---- */

#define NWEEKLY 100
static char weekly[NWEEKLY][600];
static char weekly_plain[NWEEKLY][600]; /* the same without their history (the baseline) */

static char weekly_fp[NWEEKLY][FB_FINGERPRINT_SIZE]; /* the station devices, pinned at HQ */

/* A station's week of edits: each of its logs corrected once (a history
 * entry each, besides those of the logs' writing); with history_off the
 * same edits without their entries (the baseline's bundles). */
static void edit_station(const char *db, int history_off)
{
	fb_store *st = fb_open(db);
	fb_error err;
	fb_log_row rows[100];
	char leader[128];
	db_leader(db, leader, sizeof leader);
	if (fb_auth_sign_in(st, leader, FB_DEMO_PASSWORD, NULL, &err) != FB_OK)
		die("sign in", err.msg);
	if (history_off)
		fb_store_history_off(st, 1);
	int n = fb_log_page(st, NULL, FB_PAGE_FIRST, NULL, rows, 100, &err);
	for (int i = 0; i < n; i++) {
		fb_log l;
		if (fb_log_get(st, rows[i].id, 0, &l, &err) != FB_OK)
			die("fb_log_get", err.msg);
		l.workers += 1;
		if (fb_log_update(st, &l, &err) != FB_OK)
			die("fb_log_update", err.msg);
		fb_log_free(&l);
	}
	fb_store_close(st);
}

/* The station pins HQ's keys, as a person at the station does after
 * comparing HQ's fingerprint (a kit per station would do the same), so its
 * bundle is sealed for HQ. */
static void pin_hq(const char *db, const fb_pubkeys *hq, const char *hq_device)
{
	fb_store *st = fb_open(db);
	fb_error err;
	fb_peer_key k = {.is_hq = 1, .k = *hq};
	snprintf(k.device, sizeof k.device, "%s", hq_device);
	snprintf(k.pinned_by, sizeof k.pinned_by, "fingerprint");
	if (fb_peer_pin(st, &k, &err) != FB_OK)
		die("pinning HQ's key", err.msg);
	fb_store_close(st);
}

/* One bundle per station: a one-group demo database of 35 logs (a week of
 * 3-5 cadres, with its roster, contacts and tickets), exported in full by
 * its leader, signed by the station's device and sealed for HQ (the N-log
 * database). The baseline's bundle comes from a copy of the same station
 * (same device) whose edits wrote no history. Kept in the work directory
 * between runs (with their fingerprints). */
static void make_weekly_bundles(void)
{
	char dir[560], db[600], db2[600], fps[600], leader[128], *cmd = malloc(8192);
	if (!cmd)
		die("malloc", strerror(errno));
	snprintf(dir, sizeof dir, "%s/weekly", opt_work);
	mkdir(dir, 0700);
	snprintf(db, sizeof db, "%s/station.db", dir);
	snprintf(db2, sizeof db2, "%s/station-p.db", dir);
	snprintf(fps, sizeof fps, "%s/fingerprints-%ld", dir, opt_logs);
	fb_pubkeys hq;
	char hq_device[37];
	{
		fb_store *st = fb_open(db_main);
		fb_error err;
		if (fb_keys_own(st, &hq, &err) != FB_OK)
			die("fb_keys_own", err.msg);
		snprintf(cmd, 8192, "'%s' --db '%s' key show | sed -n 's/^Device: *//p'",
		         opt_fieldbook, db_main);
		fb_store_close(st);
		sh_line(cmd, hq_device, sizeof hq_device);
	}
	FILE *ff = fopen(fps, "r");
	int have = 0;
	while (ff && have < NWEEKLY && fgets(weekly_fp[have], FB_FINGERPRINT_SIZE + 1, ff)) {
		weekly_fp[have][strcspn(weekly_fp[have], "\n")] = 0;
		if (weekly_fp[have][0])
			have++;
	}
	if (ff)
		fclose(ff);
	ff = NULL;
	for (int k = 0; k < NWEEKLY; k++) {
		snprintf(weekly[k], sizeof weekly[k], "%s/station-h-%03d.zip", dir, k);
		snprintf(weekly_plain[k], sizeof weekly_plain[k], "%s/station-p-%03d.zip", dir, k);
		if (have == NWEEKLY && access(weekly[k], R_OK) == 0 &&
		    access(weekly_plain[k], R_OK) == 0)
			continue; /* made for this HQ database before */
		if (!ff && !(ff = fopen(fps, "w")))
			die(fps, strerror(errno));
		remove_db(db);
		remove_db(db2);
		snprintf(cmd, 8192,
		         "'%s' --db '%s' demo --logs 35 --groups 1 --seed %d "
		         "--end 2026-11-20 >/dev/null 2>&1",
		         opt_fieldbook, db, 1000 + k);
		if (system(cmd) != 0)
			die("making a station database", cmd);
		pin_hq(db, &hq, hq_device);
		copy_file(db, db2);
		edit_station(db, 0);
		edit_station(db2, 1);
		db_fingerprint(db, weekly_fp[k]);
		db_leader(db, leader, sizeof leader);
		unlink(weekly[k]);
		unlink(weekly_plain[k]);
		snprintf(cmd, 8192,
		         "'%s' --db '%s' %s export --full --out '%.600s' %s >/dev/null 2>&1 && "
		         "'%s' --db '%s' %s export --full --out '%.600s' %s >/dev/null 2>&1",
		         opt_fieldbook, db, as_opt(leader), weekly[k], pw_redir(), opt_fieldbook,
		         db2, as_opt(leader), weekly_plain[k], pw_redir());
		if (system(cmd) != 0)
			die("making a station bundle", cmd);
	}
	if (ff) {
		for (int k = 0; k < NWEEKLY; k++)
			fprintf(ff, "%s\n", weekly_fp[k]);
		fclose(ff);
	}
	free(cmd);
	remove_db(db);
	remove_db(db2);
}

/* A fresh copy of the N-log database, then one `fieldbook import` of the
 * 100 bundles (each its own transaction, as HQ would run it on Monday),
 * signed in, each station's device pinned by its fingerprint. */
static int m_weekly(void *arg, double *out)
{
	char(*which)[600] = arg ? weekly_plain : weekly;
	size_t cap = NWEEKLY * (610 + 50) + 2400, n;
	char *cmd = malloc(cap);
	if (!cmd)
		die("malloc", strerror(errno));
	remove_db(db_copy);
	copy_file(db_main, db_copy);
	n = (size_t)snprintf(cmd, cap, "'%s' --db '%s' %s import", opt_fieldbook, db_copy,
	                     as_opt(as_main));
	for (int k = 0; k < NWEEKLY; k++)
		n += (size_t)snprintf(cmd + n, cap - n, " '%s' --pin '%s'", which[k], weekly_fp[k]);
	snprintf(cmd + n, cap - n, " %s >/dev/null", pw_redir());
	out[0] = timed_sh(cmd);
	free(cmd);
	remove_db(db_copy);
	return 1;
}

/* ---- figure: editing logs, with their history and without ---- */

#define NEDITS 2000

/* NEDITS logs spread over the N-log database, each corrected (one field,
 * then another: two history entries an edit) through fb_log_update; the
 * baseline makes the same edits with the history switched off. Seconds. */
static int m_edits(void *arg, double *out)
{
	remove_db(db_copy);
	copy_file(db_main, db_copy);
	fb_store *st = fb_open(db_copy);
	fb_error err;
	long step = opt_logs / NEDITS > 0 ? opt_logs / NEDITS : 1;
	/* a leader may change only their group's logs: the edits go group by
	 * group, each group's leader signed in off the clock (the key
	 * derivation is sign_in's figure) */
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(fb_store_db(st),
	                       "SELECT l.id, (SELECT p.id FROM people p WHERE p.group_id = "
	                       "l.group_id AND p.role = 'leader' AND p.deleted = 0 ORDER BY p.id "
	                       "LIMIT 1) FROM logs l WHERE (l.id - 1) % ?1 = 0 AND l.id <= ?2 "
	                       "ORDER BY l.group_id, l.id",
	                       -1, &q, NULL) != SQLITE_OK)
		die("edits", sqlite3_errmsg(fb_store_db(st)));
	sqlite3_bind_int64(q, 1, step);
	sqlite3_bind_int64(q, 2, opt_logs);
	if (arg)
		fb_store_history_off(st, 1);
	double t = 0;
	int done = 0;
	int64_t signed_in = 0;
	while (done < NEDITS && sqlite3_step(q) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0), leader = sqlite3_column_int64(q, 1);
		if (leader != signed_in) {
			if (fb_auth_sign_in_id(st, leader, FB_DEMO_PASSWORD, NULL, &err) != FB_OK)
				die("sign in", err.msg);
			signed_in = leader;
		}
		double t0 = now_ms();
		fb_log l;
		if (fb_log_get(st, id, 0, &l, &err) != FB_OK)
			continue; /* a tombstone */
		l.workers += 1;
		free(l.next_step);
		l.next_step = strdup("下周回访企业，核实整改情况。");
		if (fb_log_update(st, &l, &err) != FB_OK)
			die("fb_log_update", err.msg);
		fb_log_free(&l);
		t += now_ms() - t0;
		done++;
	}
	sqlite3_finalize(q);
	out[0] = t / 1e3;
	double entries = query_double(fb_store_db(st), "SELECT count(*) FROM history");
	if (!arg && entries < 2.0 * done) /* the figure must have written what it claims */
		die("log edits", "the history was not written");
	if (arg && entries > 0)
		die("log edits", "the baseline wrote history");
	fb_store_close(st);
	remove_db(db_copy);
	return 1;
}

/* ---- figure: the HQ overview over 100 groups ---- */

static char db_hq[512];

static int m_hq(void *arg, double *out)
{
	char cmd[1200];
	double t[5];
	if (!arg)
		snprintf(cmd, sizeof cmd,
		         "'%s' --db '%s' stats --from 2026-01-01 --to 2026-11-20 "
		         ">/dev/null",
		         opt_fieldbook, db_hq);
	else /* per group: days logged and visits, the heart of the overview */
		snprintf(
			cmd, sizeof cmd,
			"'%s' '%s' \"SELECT g.name, count(DISTINCT l.date), "
			"count(*), sum(l.enterprises), sum(l.workers), sum(l.households) FROM "
			"work_groups g LEFT JOIN logs l ON l.group_id = g.id AND l.deleted = 0 AND "
			"l.date BETWEEN '2026-01-01' AND '2026-11-20' GROUP BY g.id\" >/dev/null",
			opt_sqlite3, db_hq);
	for (int i = 0; i < 5; i++)
		t[i] = timed_sh(cmd) * 1e3;
	out[0] = quantile(t, 5, 0.5);
	return 1;
}

/* Sign-ins on the demo database: person 1 with the demo password, and a
 * name no one has (the same argon2id verification, refused). Values: the
 * medians in ms of 5 of each. */
static int m_signin(void *arg, double *out)
{
	(void)arg;
	double t[5], u[5];
	fb_store *st = fb_open(db_main);
	fb_error err;
	for (int i = 0; i < 5; i++) {
		double t0 = now_ms();
		if (fb_auth_sign_in_id(st, 1, FB_DEMO_PASSWORD, NULL, &err) != FB_OK)
			die("sign in", err.msg);
		t[i] = now_ms() - t0;
		t0 = now_ms();
		if (fb_auth_sign_in(st, "没有这个人", FB_DEMO_PASSWORD, NULL, &err) != FB_EPERM)
			die("sign in", "an unknown name was let in");
		u[i] = now_ms() - t0;
	}
	fb_store_close(st);
	out[0] = quantile(t, 5, 0.5);
	out[1] = quantile(u, 5, 0.5);
	return 2;
}

/* ---- figures: the contact ledger (issue 14) ---- */

static char db_units[512];
#define NMATCH 200
static char match_q[NMATCH][16];

/* 100,000 units of one group, names from syllables (one transaction). */
static void make_units(void)
{
	static const char *const a[] = {"宏", "华", "新", "金", "恒", "鑫", "永", "丰", "博", "瑞",
	                                "天", "众", "海", "长", "嘉", "立", "汇", "东", "中", "明"};
	static const char *const b[] = {"达", "联", "兴", "源", "信", "盛", "安", "泽", "远", "祥",
	                                "成", "诚", "川", "青", "禾", "通", "升", "泰", "珠", "旺"};
	static const char *const t[] = {"机械", "纺织", "电子", "食品", "物流", "建材", "服装",
	                                "汽配", "化工", "印刷", "家具", "医药", "餐饮", "建筑"};
	static const char *const x[] = {"有限公司", "股份有限公司", "厂", "有限责任公司"};
	char cmd[1200];
	remove_db(db_units);
	snprintf(cmd, sizeof cmd,
	         "'%s' --db '%s' init --group 基准组 --station 城关镇 --leader 李明 "
	         ">/dev/null 2>&1",
	         opt_fieldbook, db_units);
	timed_sh(cmd);
	fb_store *st = fb_open(db_units);
	fb_error err;
	/* the group's leader, who has no password yet: this one becomes it */
	if (fb_auth_sign_in(st, "李明", FB_DEMO_PASSWORD, NULL, &err) != FB_OK)
		die("sign in", err.msg);
	if (fb_store_begin(st, &err))
		die("begin", err.msg);
	for (int i = 0; i < 100000; i++) {
		char name[128];
		snprintf(name, sizeof name, "%s%s%s%s%s%d", a[rng() % 20], b[rng() % 20],
		         a[rng() % 20], t[rng() % 14], x[rng() % 4], (int)(rng() % 1000));
		fb_unit u = {0};
		u.group_id = 1;
		snprintf(u.kind, sizeof u.kind, "enterprise");
		u.name = name;
		if (fb_unit_save(st, &u, 1, NULL, &err))
			die("unit", err.msg);
	}
	if (fb_store_commit(st, &err))
		die("commit", err.msg);
	fb_store_close(st);
	for (int i = 0; i < NMATCH; i++) /* what a cadre types: two or three characters */
		snprintf(match_q[i], sizeof match_q[i], "%s%s%s", a[rng() % 20], b[rng() % 20],
		         i % 2 ? t[rng() % 14] : "");
}

static int m_match(void *arg, double *out)
{
	double t[NMATCH];
	fb_unit_row rows[20];
	if (!arg) {
		fb_store *st = fb_open(db_units);
		fb_error err;
		for (int i = 0; i < NMATCH; i++) {
			double t0 = now_ms();
			if (fb_unit_match(st, 1, match_q[i], rows, 20, &err) < 0)
				die("match", err.msg);
			t[i] = now_ms() - t0;
		}
		fb_store_close(st);
	} else { /* the same question without the index: a scan of the names */
		sqlite3 *db = raw_open(db_units);
		sqlite3_stmt *s;
		sqlite3_prepare_v2(db,
		                   "SELECT id, name FROM units WHERE group_id = 1 AND deleted = 0 "
		                   "AND instr(name_key, ?1) > 0 ORDER BY length(name_key) LIMIT 20",
		                   -1, &s, NULL);
		for (int i = 0; i < NMATCH; i++) {
			double t0 = now_ms();
			sqlite3_bind_text(s, 1, match_q[i], -1, SQLITE_STATIC);
			drain(s);
			t[i] = now_ms() - t0;
		}
		sqlite3_finalize(s);
		sqlite3_close(db);
	}
	out[0] = quantile(t, NMATCH, 0.5);
	out[1] = quantile(t, NMATCH, 0.99);
	return 2;
}

/* The coverage of group 1 over its stay (arg NULL), or of all 100 groups
 * (arg "all"), through the core; the baseline is one hand-written GROUP BY
 * of distinct units and workers in the sqlite3 shell. */
static int m_coverage(void *arg, double *out)
{
	const char *what = arg ? arg : "";
	int all = !!strstr(what, "all"), base = !!strstr(what, "base");
	double t[5];
	for (int i = 0; i < 5; i++) {
		if (base) {
			char cmd[1400];
			snprintf(cmd, sizeof cmd,
			         "'%s' '%s' \"SELECT u.group_id, count(DISTINCT "
			         "u.unit_id), (SELECT count(DISTINCT w.worker_id) FROM log_workers "
			         "w WHERE "
			         "w.group_id = u.group_id AND w.deleted = 0), count(DISTINCT "
			         "u.date) FROM "
			         "log_units u WHERE u.deleted = 0 %s GROUP BY u.group_id\" "
			         ">/dev/null",
			         opt_sqlite3, db_hq, all ? "" : "AND u.group_id = 1");
			t[i] = timed_sh(cmd) * 1e3;
			continue;
		}
		double t0 = now_ms();
		fb_store *st = fb_open(db_hq);
		fb_error err;
		for (int g = 1; g <= (all ? 100 : 1); g++) {
			fb_coverage c;
			fb_coverage_filter f = {g, 0, NULL, NULL};
			if (fb_coverage_get(st, &f, &c, &err))
				die("coverage", err.msg);
		}
		fb_store_close(st);
		t[i] = now_ms() - t0;
	}
	out[0] = quantile(t, 5, 0.5);
	return 1;
}

static int only(const char *group) { return strstr(opt_only, group) != NULL; }

/* ---- main ---- */

static void usage(void)
{
	fprintf(stderr, "usage: fb_bench --fieldbook BIN [--logs N] [--runs R] [--work DIR]"
	                " [--out CSV] [--reuse]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {{"fieldbook", required_argument, NULL, 'f'},
	                                     {"logs", required_argument, NULL, 'n'},
	                                     {"runs", required_argument, NULL, 'r'},
	                                     {"work", required_argument, NULL, 'w'},
	                                     {"out", required_argument, NULL, 'o'},
	                                     {"reuse", no_argument, NULL, 'R'},
	                                     {"only", required_argument, NULL, 'O'},
	                                     {"sqlite3", required_argument, NULL, 's'},
	                                     {0, 0, 0, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': opt_fieldbook = optarg; break;
		case 'n': opt_logs = atol(optarg); break;
		case 'r': opt_runs = atoi(optarg); break;
		case 'w': opt_work = optarg; break;
		case 'o': opt_out = optarg; break;
		case 'R': opt_reuse = 1; break;
		case 'O': opt_only = optarg; break;
		case 's': opt_sqlite3 = optarg; break;
		default: usage();
		}
	}
	if (opt_logs < 1000 || opt_runs < 1 || opt_runs > 15)
		usage();
	mkdir(opt_work, 0700);
	snprintf(db_main, sizeof db_main, "%s/fieldbook-%ld.db", opt_work, opt_logs);
	snprintf(db_tri, sizeof db_tri, "%s/trigram-%ld.db", opt_work, opt_logs);
	snprintf(db_copy, sizeof db_copy, "%s/copy.db", opt_work);
	snprintf(bundle, sizeof bundle, "%s/bundle-%ld.zip", opt_work, opt_logs);
	snprintf(base_csv, sizeof base_csv, "%s/logs-%ld.csv", opt_work, opt_logs);
	snprintf(db_imp, sizeof db_imp, "%s/import.db", opt_work);
	snprintf(db_hq, sizeof db_hq, "%s/hq-%ld.db", opt_work, opt_logs);
	snprintf(db_units, sizeof db_units, "%s/units-100k.db", opt_work);
	snprintf(pw_file, sizeof pw_file, "%s/password", opt_work);
	struct outcome a, b, t;

	fprintf(stderr, "fb_bench: %ld logs, %d runs, in %s\n", opt_logs, opt_runs, opt_work);
	if (!opt_reuse || count_logs(db_main) < opt_logs) {
		remove_db(db_main);
		fprintf(stderr, "generating (fieldbook demo --logs %ld)...\n", opt_logs);
		measure(m_demo, NULL, 1, &a);
		add_result("demo_generate", &a, 0, NULL, 0, NULL, "logs/s", "fieldbook demo, 1 run");
		add_value("peak_rss_demo", a.v[1][0], -1, "16", "MB", NULL);
	}

	prepare_sign_in();
	if (only("auth")) {
		measure(m_signin, NULL, opt_runs, &a);
		add_result("sign_in", &a, 0, NULL, 0, "1000", "ms",
		           "fb_auth_sign_in_id, demo password: one argon2id (opslimit 3, 32 MiB)");
		add_result("sign_in_unknown_name", &a, 1, NULL, 0, "1000", "ms",
		           "a name no one has: the same verification, refused");
		add_rss("sign_in", &a, NULL);
	}
	if (only("tui")) {
		measure(m_tui, NULL, opt_runs, &a);
		measure(m_tui, "base", opt_runs, &b);
		add_result("tui_start_to_first_screen", &a, 0, &b, 0, "50", "ms",
		           "in a pty; baseline: sqlite3 shell printing the same first page");
		add_rss("tui_start", &a, &b);
	}
	if (only("hq")) {
		if (!opt_reuse || count_logs(db_hq) < opt_logs) {
			char cmd[1200];
			remove_db(db_hq);
			snprintf(cmd, sizeof cmd,
			         "'%s' --db '%s' demo --logs %ld --groups 100 --seed 7 "
			         "--end 2026-11-20 >/dev/null 2>&1",
			         opt_fieldbook, db_hq, opt_logs);
			timed_sh(cmd);
		}
		measure(m_hq, NULL, opt_runs, &a);
		measure(m_hq, "base", opt_runs, &b);
		add_result("hq_overview_100_groups", &a, 0, &b, 0, NULL, "ms",
		           "fieldbook stats vs one GROUP BY in the sqlite3 shell");
		add_rss("hq_overview", &a, &b);
	}
	if (only("ledger")) {
		if (!opt_reuse || count_logs(db_hq) < opt_logs) {
			char cmd[1200];
			remove_db(db_hq);
			snprintf(cmd, sizeof cmd,
			         "'%s' --db '%s' demo --logs %ld --groups 100 --seed 7 "
			         "--end 2026-11-20 >/dev/null 2>&1",
			         opt_fieldbook, db_hq, opt_logs);
			timed_sh(cmd);
		}
		make_units();
		measure(m_match, NULL, opt_runs, &a);
		measure(m_match, "base", opt_runs, &b);
		add_result("ledger_unit_match_100k_p50", &a, 0, &b, 0, "20", "ms",
		           "fb_unit_match (bigram index) vs a scan of the name keys");
		add_result("ledger_unit_match_100k_p99", &a, 1, &b, 1, "20", "ms", NULL);
		measure(m_coverage, NULL, opt_runs, &a);
		measure(m_coverage, "base", opt_runs, &b);
		add_result("ledger_coverage_one_group", &a, 0, &b, 0, "200", "ms",
		           "open + fb_coverage_get vs one GROUP BY in the sqlite3 shell");
		measure(m_coverage, "all", opt_runs, &a);
		measure(m_coverage, "all,base", opt_runs, &b);
		add_result("ledger_coverage_100_groups", &a, 0, &b, 0, "200", "ms",
		           "open + fb_coverage_get x 100 vs one GROUP BY in the sqlite3 shell");
	}
	if (only("sync")) {
		measure(m_export, NULL, opt_runs, &a);
		measure(m_export, "base", opt_runs, &b);
		add_result("bundle_export", &a, 0, &b, 0, "0.75x", "s",
		           "zip+BOM+SHA-256 vs sqlite3 -csv of the same tables");
		add_rss("export", &a, &b);
		measure(m_import, NULL, 1, &a);
		measure(m_import_base, NULL, 1, &b);
		add_result("bundle_import_new_db", &a, 0, &b, 0, "1x", "s",
		           "vs sqlite3 .import + unique uuid index + trigram build");
		add_value("bundle_reimport_noop", (double)opt_logs / a.v[1][0], -1, "150000",
		          "logs/s", "the same bundle again: nothing changes");
		add_rss("import", &a, &b);
		remove_db(db_imp);
		prepare_station();
		measure(m_export_group, NULL, opt_runs, &a);
		measure(m_export_group, "plain", opt_runs, &b);
		add_result("bundle_export_group_sealed", &a, 0, &b, 0, NULL, "s",
		           "one group's bundle sealed for its station vs --plain (signed only); "
		           "both sign in (argon2id, see sign_in)");
		add_rss("export_group", &a, &b);
		measure(m_import_group, NULL, opt_runs, &a);
		measure(m_import_group, "plain", opt_runs, &b);
		add_result("bundle_import_group_sealed", &a, 0, &b, 0, NULL, "s",
		           "the station (a new database with its keys) opens + imports it vs "
		           "the --plain one");
		add_rss("import_group", &a, &b);
		make_weekly_bundles();
		measure(m_weekly, NULL, opt_runs, &a);
		measure(m_weekly, "plain", opt_runs, &b);
		add_result("weekly_100_bundles_x35_logs", &a, 0, &b, 0, "1.1x", "s",
		           "100 station bundles of 35 logs (each edited once) into the N-log "
		           "database, "
		           "one process; baseline: the same bundles without their history");
		add_rss("weekly_bundles", &a, &b);
	}
	if (only("history")) {
		measure(m_edits, NULL, opt_runs, &a);
		measure(m_edits, "off", opt_runs, &b);
		add_result("log_edits_2000", &a, 0, &b, 0, "1.1x", "s",
		           "2000 fb_log_update (2 fields each) on the N-log database; baseline: "
		           "the same "
		           "edits without their history entries");
		add_rss("log_edits", &a, &b);
	}
	if (!only("core")) {
		print_and_write();
		return 0;
	}

	/* sizes and the trigram copy */
	double total = 0;
	{
		struct stat sb;
		stat(db_main, &sb);
		total = (double)sb.st_size;
	}
	double logs_b = table_bytes(db_main, "logs");
	double fts_b = table_bytes(db_main, "logs_fts%");
	add_value("db_size_per_1000_logs", total / opt_logs * 1000 / 1048576.0,
	          (total - fts_b) / opt_logs * 1000 / 1048576.0, NULL, "MB",
	          "baseline: the same database without the search index");
	if (!opt_reuse || count_logs(db_tri) < opt_logs) {
		remove_db(db_tri);
		copy_file(db_main, db_tri);
		fprintf(stderr, "building the trigram copy...\n");
		measure(m_build_trigram, NULL, 1, &t);
	} else {
		t.n = 0;
	}
	remove_db(db_copy);
	copy_file(db_main, db_copy);
	measure(m_build_bigram, NULL, 1, &a);
	remove_db(db_copy);
	if (t.n)
		add_result("search_index_build", &a, 0, &t, 0, NULL, "s",
		           "bigram vs FTS5 trigram over the same text");
	double tri_b = table_bytes(db_tri, "logs_tri%");
	add_value("search_index_pct_of_logs", 100 * fts_b / logs_b, 100 * tri_b / logs_b, "60", "%",
	          "bigram vs FTS5 trigram");

	/* open + first page */
	measure(m_open_fb, NULL, opt_runs, &a);
	measure(m_open_raw, NULL, opt_runs, &b);
	add_result("open_to_first_page", &a, 0, &b, 0, NULL, "ms",
	           "fb_store_open + fb_log_page vs sqlite3_open + SELECT");

	/* pages */
	pick_cursors();
	measure(m_pages_fb, NULL, opt_runs, &a);
	measure(m_pages_offset, NULL, opt_runs, &b);
	add_result("list_page_any_p50", &a, 0, &b, 0, "1", "ms", "keyset vs OFFSET, 50 rows");
	add_result("list_page_any_p99", &a, 1, &b, 1, "1", "ms", "keyset vs OFFSET, 50 rows");
	add_result("list_page_last_p50", &a, 2, &b, 2, "1", "ms", "keyset vs OFFSET");
	add_rss("list_pages", &a, &b);

	/* search */
	pick_queries(20);
	for (int len = 2; len <= 4; len++) {
		struct search_arg sa = {S_FIELDBOOK, len}, sb = {S_LIKE, len}, sc = {S_TRIGRAM, len};
		char m[64];
		measure(m_search, &sa, opt_runs, &a);
		measure(m_search, &sb, opt_runs, &b);
		snprintf(m, sizeof m, "search_%dchar_p50", len);
		add_result(m, &a, 0, &b, 0, NULL, "ms", "first page of 50; baseline LIKE scan");
		snprintf(m, sizeof m, "search_%dchar_p95", len);
		add_result(m, &a, 1, &b, 1, "50", "ms", "first page of 50; baseline LIKE scan");
		if (len >= 3) {
			measure(m_search, &sc, opt_runs, &t);
			snprintf(m, sizeof m, "search_%dchar_p95_vs_trigram", len);
			add_result(m, &a, 1, &t, 1, "50", "ms", "baseline FTS5 trigram");
		}
		if (len == 2)
			add_rss("search", &a, &b);
	}

	/* adding logs: bigram triggers vs no index vs trigram triggers */
	long add = opt_logs / 10;
	struct add_arg x = {ADD_BIGRAM, add}, y = {ADD_NONE, add}, z = {ADD_TRIGRAM, add};
	copy_file(db_main, db_copy);
	measure(m_add, &x, 1, &a);
	remove_db(db_copy);
	copy_file(db_main, db_copy);
	measure(m_add, &y, 1, &b);
	remove_db(db_copy);
	copy_file(db_tri, db_copy);
	measure(m_add, &z, 1, &t);
	remove_db(db_copy);
	char m[64];
	snprintf(m, sizeof m, "add_%ldk_logs_with_index", add / 1000);
	add_result(m, &a, 0, &b, 0, "10x", "s", "bigram triggers vs no index; ratio <= 10");
	snprintf(m, sizeof m, "add_%ldk_logs_trigram", add / 1000);
	add_result(m, &t, 0, &b, 0, NULL, "s", "FTS5 trigram triggers vs no index");
	add_rss("add_logs", &a, &b);

	print_and_write();
	return 0;
}
