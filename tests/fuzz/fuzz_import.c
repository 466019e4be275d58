/* fuzz_import.c - libFuzzer target for fb_bundle_import: a dry-run import
 * of a whole zip, or of one table's CSV, against an HQ-like database (two
 * groups of demo data, made once per process). The first byte picks what
 * the rest is: 0 a bundle (zip), 1-8 the CSV of table (byte - 1), others
 * the same modulo 9. Any bytes must give a summary or a clean error, never
 * a crash or a leak; an error has a message; no issue or note holds a raw
 * control character; nothing is written (the database's counts and
 * highest revisions stay as they were).
 *   ./fuzz_import -max_total_time=60 tests/fuzz/corpus/import */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fieldbook/demo.h"
#include "fieldbook/store.h"
#include "sync.h"
#include "tables.h"
#include "sqlstore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct world {
	char dir[64];
	fb_store *st;
	fb_sync_summary sum;
	uint64_t digest;
} world;

/* Counts and highest revisions of every travelling table: what a dry run
 * must leave as it was. */
static uint64_t digest(fb_store *st)
{
	uint64_t d = 0;
	for (int i = 0; i < fb_sync_ntables; i++) {
		char sql[160];
		sqlite3_stmt *s;
		snprintf(sql, sizeof sql, "SELECT count(*) * 1000003 + coalesce(max(rev), 0) FROM %s",
		         fb_sync_tables[i].name);
		if (sqlite3_prepare_v2(fb_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
			abort();
		if (sqlite3_step(s) != SQLITE_ROW)
			abort();
		d = d * 31 + (uint64_t)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	return d;
}

static void cleanup(void);
static world *w;

/* The HQ-like database, once: two groups of demo data. */
static world *setup(void)
{
	w = calloc(1, sizeof *w);
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(w->dir, sizeof w->dir, "%s/fuzz_import.XXXXXX", base);
	if (!mkdtemp(w->dir))
		abort();
	char path[128];
	snprintf(path, sizeof path, "%s/hq.db", w->dir);
	fb_error err = {0};
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	if (fb_store_open(path, FB_OPEN_CREATE, &w->st, &err))
		abort();
	fb_demo_opts o = {.logs = 60, .groups = 2, .seed = 7, .end_on = "2026-11-20"};
	if (fb_demo_generate(w->st, &o, &err))
		abort();
	w->digest = digest(w->st);
	atexit(cleanup);
	return w;
}

static void cleanup(void)
{
	char cmd[128];
	fb_store_close(w->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", w->dir);
	if (system(cmd))
		return;
	free(w);
}

/* 1 if a text of the summary holds a control character. */
static int raw(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!w)
		setup();
	if (size < 1)
		return 0;
	int kind = data[0] % (FB_SYNC_NTABLES + 1);
	char path[160];
	if (kind == 0)
		snprintf(path, sizeof path, "%s/in.zip", w->dir);
	else
		snprintf(path, sizeof path, "%s/%s", w->dir, fb_sync_tables[kind - 1].file);
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	fb_import_opts o = {.dry_run = 1};
	fb_error err = {0};
	fb_status s = fb_bundle_import(w->st, path, &o, &w->sum, &err);
	unlink(path);
	if (s != FB_OK && !err.msg[0])
		abort();
	for (int i = 0; i < w->sum.nissues; i++)
		if (raw(w->sum.issue[i].msg) || raw(w->sum.issue[i].field))
			abort();
	for (int i = 0; i < w->sum.nnotes; i++)
		if (raw(w->sum.note[i].msg))
			abort();
	if (raw(w->sum.source_group_name) || raw(w->sum.source_device))
		abort();
	char *json = fb_sync_summary_json(&w->sum);
	if (json && strchr(json, '\n'))
		abort();
	free(json);
	if (digest(w->st) != w->digest)
		abort(); /* a dry run wrote something */
	return 0;
}
