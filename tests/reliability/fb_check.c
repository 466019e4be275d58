/* fb_check.c - says whether a fieldbook database is whole, for the
 * reliability harness: PRAGMA integrity_check, foreign_key_check, the
 * search index's own integrity-check, the index holding exactly the live
 * logs (same transaction as the logs, never between), and a spot search
 * that finds sampled logs through the index. Never migrates.
 *
 * usage: fb_check DB    prints "schema=N logs=L live=M indexed=K" and exits
 *                       0 when whole, 1 with the reason on stderr if not.
 *        fb_check --strip-search DB
 *                       turns DB back into schema 3 (before the search
 *                       index), to test the migrations from there: a new
 *                       database made by migrations 001-003 only, holding
 *                       every row of DB in the columns schema 3 has.
 *        fb_check --hold-lock DB SECONDS
 *                       holds the write lock (BEGIN EXCLUSIVE) that long. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "migrate.h"
#include "search.h"
#include "sqlstore.h"

static sqlite3 *db;
static int bad;

static long one(const char *sql)
{
	sqlite3_stmt *s;
	long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "fb_check: %s: %s\n", sql, sqlite3_errmsg(db));
		bad = 1;
		return -1;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void expect_text(const char *sql, const char *want)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "fb_check: %s: %s\n", sql, sqlite3_errmsg(db));
		bad = 1;
		return;
	}
	int rows = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		if (!want || !t || strcmp(t, want)) {
			fprintf(stderr, "fb_check: %s: %s\n", sql, t ? t : "(row)");
			bad = 1;
		}
		rows++;
	}
	sqlite3_finalize(s);
	if (want && rows == 0) {
		fprintf(stderr, "fb_check: %s: no answer\n", sql);
		bad = 1;
	}
}

/* Every sampled live log is found by searching the first two characters of
 * a stretch of its content. */
static void spot_search(void)
{
	char cond[512], sql[800];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM logs l WHERE l.id = ?2 AND %s",
	         fb_search_log_condition(1, cond, sizeof cond));
	sqlite3_stmt *q, *s;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
	                       "SELECT id, substr(content, 1 + (id % 20), 2) FROM logs "
	                       "WHERE deleted = 0 AND id % 97 = 1 LIMIT 200",
	                       -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "fb_check: spot search: %s\n", sqlite3_errmsg(db));
		bad = 1;
		return;
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *w = (const char *)sqlite3_column_text(s, 1);
		if (!w || strlen(w) < 2)
			continue;
		sqlite3_bind_text(q, 1, w, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 2, sqlite3_column_int64(s, 0));
		if (sqlite3_step(q) != SQLITE_ROW || sqlite3_column_int(q, 0) != 1) {
			fprintf(stderr, "fb_check: log %lld not found by searching '%s'\n",
			        sqlite3_column_int64(s, 0), w);
			bad = 1;
		}
		sqlite3_reset(q);
	}
	sqlite3_finalize(q);
	sqlite3_finalize(s);
}

static int run(const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "fb_check: %s: %s\n", sql, msg ? msg : sqlite3_errmsg(db));
		return 1;
	}
	return 0;
}

/* Replace path by a schema-3 database with its rows (see the usage; the
 * rows the migrations seed, categories and meta, are replaced). Every
 * later migration's tables and columns are left behind, whatever they are,
 * so the harness never needs to know them. */
static int strip_to_schema3(const char *path)
{
	char tmp[4200], sql[10240];
	snprintf(tmp, sizeof tmp, "%s.v3", path);
	unlink(tmp);
	sqlite3_close(db);
	fb_error err = {0};
	if (sqlite3_open(tmp, &db) != SQLITE_OK || fb_migrate(db, 3, &err) != FB_OK) {
		fprintf(stderr, "fb_check: cannot make a schema-3 database: %s\n", err.msg);
		return 1;
	}
	sqlite3_stmt *t;
	snprintf(sql, sizeof sql, "ATTACH '%s' AS o", path);
	if (run(sql) || run("PRAGMA foreign_keys = OFF") || run("BEGIN") ||
	    sqlite3_prepare_v2(db,
	                       "SELECT name FROM main.sqlite_master WHERE type = 'table' AND "
	                       "name NOT LIKE 'sqlite%'",
	                       -1, &t, NULL) != SQLITE_OK)
		return 1;
	while (sqlite3_step(t) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(t, 0);
		char cols[4096] = "";
		sqlite3_stmt *c;
		snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s', 'main')", name);
		if (sqlite3_prepare_v2(db, sql, -1, &c, NULL) != SQLITE_OK) {
			sqlite3_finalize(t);
			return 1;
		}
		while (sqlite3_step(c) == SQLITE_ROW) {
			size_t n = strlen(cols);
			snprintf(cols + n, sizeof cols - n, "%s\"%s\"", n ? ", " : "",
			         (const char *)sqlite3_column_text(c, 0));
		}
		sqlite3_finalize(c);
		snprintf(sql, sizeof sql,
		         "INSERT OR REPLACE INTO main.\"%s\" (%s) SELECT %s FROM o.\"%s\"", name,
		         cols, cols, name);
		if (run(sql)) {
			sqlite3_finalize(t);
			return 1;
		}
	}
	sqlite3_finalize(t);
	if (run("COMMIT") || run("DETACH o"))
		return 1;
	sqlite3_close(db);
	char side[4300];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	if (rename(tmp, path)) {
		perror("fb_check: rename");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int strip = argc == 3 && !strcmp(argv[1], "--strip-search");
	int hold = argc == 4 && !strcmp(argv[1], "--hold-lock");
	if (argc != 2 && !strip && !hold) {
		fprintf(stderr, "usage: fb_check [--strip-search | --hold-lock] DB [SECONDS]\n");
		return 2;
	}
	const char *path = argv[argc == 2 ? 1 : 2];
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "fb_check: %s: %s\n", path, sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_busy_timeout(db, 5000);
	if (fb_search_register(db, NULL) != FB_OK) {
		fprintf(stderr, "fb_check: cannot register the search tokenizer\n");
		return 1;
	}
	if (strip)
		return strip_to_schema3(path);
	if (hold) {
		if (run("BEGIN EXCLUSIVE"))
			return 1;
		printf("locked\n");
		fflush(stdout);
		sleep((unsigned)atoi(argv[3]));
		return run("COMMIT");
	}
	expect_text("PRAGMA integrity_check", "ok");
	expect_text("PRAGMA foreign_key_check", NULL);
	long schema = one("PRAGMA user_version");
	long tables = one("SELECT count(*) FROM sqlite_schema WHERE name = 'logs'");
	long logs = 0, live = 0, indexed = -1;
	if (tables == 1) {
		logs = one("SELECT count(*) FROM logs");
		live = one("SELECT count(*) FROM logs WHERE deleted = 0");
	}
	if (one("SELECT count(*) FROM sqlite_schema WHERE name = 'logs_fts'") == 1) {
		indexed = one("SELECT count(*) FROM logs_fts WHERE logs_fts MATCH '\"\x01\"'");
		if (sqlite3_exec(db, "INSERT INTO logs_fts(logs_fts) VALUES ('integrity-check')",
		                 NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "fb_check: search index: %s\n", sqlite3_errmsg(db));
			bad = 1;
		}
		/* the index keys are exactly the live logs' keys */
		long diff = one("SELECT count(*) FROM (SELECT rowid FROM logs_fts WHERE logs_fts "
		                "MATCH '\"\x01\"' EXCEPT SELECT "
		                "coalesce(unixepoch(date) / 86400, 0) * 4294967296 + id FROM logs "
		                "WHERE deleted = 0)");
		if (indexed != live || diff != 0) {
			fprintf(stderr, "fb_check: search index has %ld rows (%ld stray) for %ld live logs\n",
			        indexed, diff, live);
			bad = 1;
		}
		spot_search();
	} else if (schema >= 4) {
		fprintf(stderr, "fb_check: schema %ld without the search index\n", schema);
		bad = 1;
	}
	printf("schema=%ld logs=%ld live=%ld indexed=%ld\n", schema, logs, live, indexed);
	sqlite3_close(db);
	return bad;
}
