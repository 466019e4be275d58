/* test_sync_bundle.c - bundles between two stations and headquarters:
 * round trip, idempotence, order independence, answers travelling back,
 * conflicts kept for review, tombstones, and bad bundles refused with
 * file:line and nothing applied. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "search.h"
#include "sync.h"
#include "fieldbook/keys.h"
#include "sha256.h"
#include "signature.h"
#include "sync_internal.h"
#include "testutil.h"
#include "sqlstore.h"

/* A digest of every travelling table's content (all columns, references
 * as uuids), to compare two databases. */
static void digest(fb_store *st, char out[65])
{
	fb_sha256 c;
	fb_sha256_init(&c);
	for (int i = 0; i < fb_sync_ntables; i++) {
		char sql[2048];
		fb_sync_select_sql(&fb_sync_tables[i], "ORDER BY t.uuid", 0, sql, sizeof sql);
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_prepare_v2(fb_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW)
			for (int j = 0; j < sqlite3_column_count(s); j++) {
				const unsigned char *v = sqlite3_column_text(s, j);
				fb_sha256_update(&c, v ? (const char *)v : "<null>",
				                 v ? strlen((const char *)v) + 1 : 7);
			}
		sqlite3_finalize(s);
		fb_sha256_update(&c, "|", 1);
	}
	fb_sha256_hex(&c, out);
}

static fb_sync_summary sum;
/* The fingerprints of every store that exported in this process: as if a
 * person had compared each with its sender (imports pin with them). */
static char pins[4096];
static fb_import_opts trusted = {.pin = pins};
/* Crafted bundles are signed again with the key of the store that
 * exported last, as an attacker holding that laptop would. */
static fixture *signer;

/* Trust fx's keys at every import from now on. */
static void trust(fixture *fx)
{
	fb_pubkeys k;
	char fp[FB_FINGERPRINT_SIZE];
	assert_int_equal(fb_keys_own(fx->st, &k, NULL), FB_OK);
	fb_key_fingerprint(&k, fp);
	if (!strstr(pins, fp) && strlen(pins) + sizeof fp + 2 < sizeof pins)
		snprintf(pins + strlen(pins), sizeof pins - strlen(pins), "%s%s",
		         pins[0] ? "," : "", fp);
}

/* A plain (signed, not sealed) bundle; sealing is tested in
 * tests/cli/test_sync_attacks.sh. */
static void export_ok(fixture *fx, const char *name, const char *peer, int since, char *path)
{
	fb_export_opts o = {.peer = peer, .since_last = since, .plain = 1};
	trust(fx);
	signer = fx;
	fb_error err = {0};
	sprintf(path, "%s/%s", fx->dir, name);
	if (fb_bundle_export(fx->st, path, &o, &sum, &err)) {
		char b[800];
		fail_msg("export: %s", fb_error_format(&err, b, sizeof b));
	}
}

static void import_opts_ok(fixture *fx, const char *path, const fb_import_opts *o)
{
	fb_error err = {0};
	fb_import_opts with = o ? *o : trusted;
	with.pin = pins;
	if (fb_bundle_import(fx->st, path, &with, &sum, &err)) {
		char b[800];
		fail_msg("import: %s", fb_error_format(&err, b, sizeof b));
	}
}

static void import_ok(fixture *fx, const char *path) { import_opts_ok(fx, path, NULL); }

static const fb_sync_counts *counts(const char *table)
{
	for (int i = 0; i < sum.ntables; i++)
		if (!strcmp(sum.t[i].table, table))
			return &sum.t[i];
	fail_msg("no table %s", table);
	return NULL;
}

static int64_t add_log(fixture *fx, const char *content, char uuid[37])
{
	fb_error err = {0};
	fb_log l = fx_log(fx, "2026-11-20", content);
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	if (uuid)
		strcpy(uuid, l.uuid);
	return l.id;
}

static int64_t id_of(fb_store *st, const char *table, const char *uuid)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE uuid = '%s'", table, uuid);
	return fx_int(st, sql);
}

static void edit_log(fb_store *st, int64_t id, const char *content)
{
	fb_error err = {0};
	fb_log l;
	assert_int_equal(fb_log_get(st, id, 1, &l, &err), FB_OK);
	fx_store_as(st, l.author_id); /* its author corrects it */
	free(l.content);
	l.content = strdup(content);
	assert_int_equal(fb_log_update(st, &l, &err), FB_OK);
	fb_log_free(&l);
}

static char *log_content(fb_store *st, const char *uuid)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(st),
	                                    "SELECT content FROM logs WHERE uuid = ?1", -1, &s, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	char *v = sqlite3_step(s) == SQLITE_ROW ? strdup((const char *)sqlite3_column_text(s, 0))
	                                        : NULL;
	sqlite3_finalize(s);
	return v;
}

static int64_t add_ticket(fixture *fx, char uuid[37])
{
	fb_error err = {0};
	fb_ticket t = {0};
	t.opened_by = fx->member_id;
	t.opened_on = "2026-11-20";
	t.title = "宏达机械拖欠职工工资";
	t.description = "职工反映近两个月工资未发放。";
	t.category = "wage_arrears";
	t.routing = "county_union";
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	strcpy(uuid, t.uuid);
	return t.id;
}

/* ---------------------------------------------------------------- tests */

static void test_round_trip_and_idempotence(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty(), *hq2 = fx_new_empty();
	char path[256], path2[256], uuid[37], d1[65], d2[65], d3[65];
	add_log(a, "走访宏达机械，=SUM(A1) 与职工座谈，电话 13800138000。\n第二行", NULL);
	add_log(a, "+86 开头的内容，'单引号", NULL);
	add_ticket(a, uuid);
	export_ok(a, "a.zip", NULL, 0, path);
	import_ok(hq, path);
	assert_int_equal(counts("logs")->inserted, 2);
	assert_int_equal(counts("tickets")->inserted, 1);
	assert_int_equal(counts("people")->inserted, 3);
	digest(a->st, d1);
	digest(hq->st, d2);
	assert_string_equal(d1, d2);
	/* the same bundle again: everything unchanged */
	import_ok(hq, path);
	assert_true(sum.already);
	for (int i = 0; i < sum.ntables; i++) {
		assert_int_equal(sum.t[i].inserted + sum.t[i].updated + sum.t[i].conflicts, 0);
		assert_int_equal(sum.t[i].unchanged, sum.t[i].rows);
	}
	digest(hq->st, d2);
	assert_string_equal(d1, d2);
	/* export again from HQ, import into a third: the same data */
	export_ok(hq, "hq.zip", NULL, 0, path2);
	import_ok(hq2, path2);
	digest(hq2->st, d3);
	assert_string_equal(d1, d3);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM sync_imports"), 1);
	fx_free(a);
	fx_free(hq);
	fx_free(hq2);
}

static void test_two_stations_hq_order(void **state)
{
	(void)state;
	fixture *a = fx_new(), *b = fx_new(), *hq1 = fx_new_empty(), *hq2 = fx_new_empty();
	char pa[256], pb[256], pa2[256], la[37], d1[65], d2[65];
	int64_t id = add_log(a, "甲站日志", la);
	add_log(b, "乙站日志", NULL);
	export_ok(a, "a1.zip", "hq", 0, pa);
	edit_log(a->st, id, "甲站日志（修改后）");
	export_ok(a, "a2.zip", "hq", 1, pa2);
	assert_int_equal(counts("logs")->rows, 1); /* only the change since a1 */
	export_ok(b, "b.zip", "hq", 0, pb);
	/* HQ 1: a1, b, a2; HQ 2: a2, b, then a1: an older bundle of A after a
	 * later one is a replay, refused with nothing written */
	import_ok(hq1, pa);
	import_ok(hq1, pb);
	import_ok(hq1, pa2);
	assert_int_equal(counts("logs")->updated, 1);
	import_ok(hq2, pa2);
	import_ok(hq2, pb);
	digest(hq2->st, d1);
	fb_error err = {0};
	assert_int_equal(fb_bundle_import(hq2->st, pa, &trusted, &sum, &err), FB_EINVAL);
	assert_non_null(strstr(err.msg, "older than one already imported"));
	digest(hq2->st, d2);
	assert_string_equal(d1, d2);
	char *c = log_content(hq2->st, la);
	assert_string_equal(c, "甲站日志（修改后）");
	free(c);
	assert_int_equal(fx_int(hq1->st, "SELECT count(*) FROM logs"), 2);
	assert_int_equal(fx_int(hq1->st, "SELECT count(*) FROM work_groups"), 2);
	assert_int_equal(fx_int(hq1->st, "SELECT count(*) FROM sync_conflicts"), 0);
	fx_free(a);
	fx_free(b);
	fx_free(hq1);
	fx_free(hq2);
}

static void test_answers_travel_back(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char p[256], tu[37];
	fb_error err = {0};
	int64_t tid = add_ticket(a, tu);
	export_ok(a, "a.zip", "hq", 0, p);
	import_ok(hq, p);
	/* HQ escalates and answers */
	int64_t htid = id_of(hq->st, "tickets", tu);
	int64_t actor = fx_hq(hq);
	fb_ticket_event ev = {.ticket_id = htid,
	                      .kind = "escalate",
	                      .actor_id = actor,
	                      .body = "转县人社局",
	                      .dept = "县人社局"};
	assert_int_equal(fb_ticket_event_add(hq->st, &ev, &err), FB_OK);
	fb_ticket_event ev2 = {
		.ticket_id = htid, .kind = "answer", .actor_id = actor, .body = "已督促企业补发工资"};
	assert_int_equal(fb_ticket_event_add(hq->st, &ev2, &err), FB_OK);
	export_ok(hq, "hq.zip", "a", 0, p);
	import_ok(a, p);
	assert_int_equal(counts("ticket_events")->inserted, 2);
	fb_ticket t;
	assert_int_equal(fb_ticket_get(a->st, tid, &t, &err), FB_OK);
	assert_string_equal(t.status, "answered");
	fb_ticket_free(&t);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM ticket_events WHERE ticket_id = %lld",
	         (long long)tid);
	assert_int_equal(fx_int(a->st, sql), 3);
	fx_free(a);
	fx_free(hq);
}

static void test_conflict_kept(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char p[256], lu[37], d1[65], d2[65];
	int64_t id = add_log(a, "原稿", lu);
	export_ok(a, "a1.zip", "hq", 0, p);
	import_ok(hq, p);
	export_ok(hq, "h1.zip", "a", 0, p);
	import_ok(a, p); /* both have seen each other */
	/* both edit the same log */
	edit_log(a->st, id, "甲站修改");
	edit_log(hq->st, id_of(hq->st, "logs", lu), "总部修改");
	export_ok(a, "a2.zip", "hq", 1, p);
	import_ok(hq, p);
	assert_int_equal(counts("logs")->conflicts, 1);
	assert_int_equal(sum.nissues, 1);
	assert_true(sum.issue[0].conflict);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM sync_conflicts"), 1);
	/* the later edit (HQ's) wins; A's version is kept as JSON */
	char *c = log_content(hq->st, lu);
	assert_string_equal(c, "总部修改");
	free(c);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM sync_conflicts WHERE "
	                                "lost_row LIKE '%甲站修改%' AND table_name = 'logs'"),
	                 1);
	/* HQ sends its state back: A converges, no new conflict there */
	export_ok(hq, "h2.zip", "a", 1, p);
	import_ok(a, p);
	assert_int_equal(counts("logs")->conflicts, 0);
	assert_int_equal(counts("logs")->updated, 1);
	digest(a->st, d1);
	digest(hq->st, d2);
	c = log_content(a->st, lu);
	assert_string_equal(c, "总部修改");
	free(c);
	/* the same bundle again: no second conflict row */
	import_ok(hq, p);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM sync_conflicts"), 1);
	fx_free(a);
	fx_free(hq);
}

static void test_tombstone_not_resurrected(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char p1[256], p2[256], lu[37];
	fb_error err = {0};
	int64_t id = add_log(a, "将被删除", lu);
	export_ok(a, "a1.zip", "hq", 0, p1);
	import_ok(hq, p1);
	assert_int_equal(fb_log_delete(a->st, id, &err), FB_OK);
	export_ok(a, "a2.zip", "hq", 1, p2);
	import_ok(hq, p2);
	assert_int_equal(counts("logs")->updated, 1);
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT deleted FROM logs WHERE uuid = '%s'", lu);
	assert_int_equal(fx_int(hq->st, sql), 1);
	/* the old bundle again: a replay, refused */
	assert_int_equal(fb_bundle_import(hq->st, p1, &trusted, &sum, &err), FB_EINVAL);
	assert_int_equal(fx_int(hq->st, sql), 1);
	fx_free(a);
	fx_free(hq);
}

/* ----------------------------------------------------------- bad input */

typedef struct member {
	char name[64];
	char *data;
	size_t len;
} member;

/* Read every member of a zip into memory (test bundles are small). */
static int load_zip(const char *path, member *m, int max)
{
	int err;
	zip_t *za = zip_open(path, ZIP_RDONLY, &err);
	assert_non_null(za);
	int n = (int)zip_get_num_entries(za, 0);
	assert_true(n <= max);
	for (int i = 0; i < n; i++) {
		zip_stat_t zs;
		zip_stat_index(za, (zip_uint64_t)i, 0, &zs);
		snprintf(m[i].name, sizeof m[i].name, "%s", zs.name);
		m[i].len = zs.size;
		m[i].data = malloc(zs.size + 1);
		zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)i, 0);
		assert_int_equal(zip_fread(zf, m[i].data, zs.size), (zip_int64_t)zs.size);
		m[i].data[zs.size] = 0;
		zip_fclose(zf);
	}
	zip_close(za);
	return n;
}

static void resign(member *m, int n)
{
	member *sig = NULL, *man = NULL;
	for (int i = 0; i < n; i++) {
		if (!strcmp(m[i].name, FB_SIG_NAME))
			sig = &m[i];
		if (!strcmp(m[i].name, "manifest.txt"))
			man = &m[i];
	}
	if (!signer || !sig || !man)
		return;
	char *text;
	size_t len;
	fb_error err = {0};
	assert_int_equal(fb_sig_make(signer->st, fb_store_next_rev(signer->st), man->data, man->len,
	                             &text, &len, &err),
	                 FB_OK);
	free(sig->data);
	sig->data = text;
	sig->len = len;
}

static void save_zip(const char *path, member *m, int n)
{
	int err;
	resign(m, n);
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(za);
	for (int i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, m[i].data, m[i].len, 0);
		assert_true(zip_file_add(za, m[i].name, s, 0) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
}

static member *find(member *m, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(m[i].name, name))
			return &m[i];
	fail_msg("no member %s", name);
	return NULL;
}

/* Replace every `from` by `to` in member data. */
static void replace(member *mb, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), cap = mb->len * 2 + 1024, o = 0;
	char *out = malloc(cap);
	for (size_t i = 0; i < mb->len;) {
		if (i + fl <= mb->len && !memcmp(mb->data + i, from, fl)) {
			memcpy(out + o, to, tl);
			o += tl;
			i += fl;
		} else {
			out[o++] = mb->data[i++];
		}
	}
	out[o] = '\0'; /* members are read as strings (strstr, sscanf) */
	free(mb->data);
	mb->data = out;
	mb->len = o;
}

/* Make the manifest agree with a changed member (checksum and rows). */
static void fix_manifest(member *m, int n, const char *name, long rows_delta)
{
	member *mb = find(m, n, name), *mf = find(m, n, "manifest.txt");
	fb_sha256 c;
	char hex[65], line[256], *p = strstr(mf->data, name);
	fb_sha256_init(&c);
	fb_sha256_update(&c, mb->data, mb->len);
	fb_sha256_hex(&c, hex);
	long rows;
	assert_non_null(p);
	assert_int_equal(sscanf(p + strlen(name), " %ld", &rows), 1);
	char *eol = strchr(p, '\n');
	snprintf(line, sizeof line, "%s %ld %s", name, rows + rows_delta, hex);
	char old[256];
	snprintf(old, sizeof old, "%.*s", (int)(eol - p), p);
	replace(mf, old, line);
}

static void free_members(member *m, int n)
{
	for (int i = 0; i < n; i++)
		free(m[i].data);
}

/* Import the bundle at path into hq: must fail naming file (and field and
 * line when given), and leave hq as it was. */
static void expect_refused(fixture *hq, const char *path, const char *file, const char *field,
                           long line, const char *words)
{
	char before[65], after[65], b[800];
	digest(hq->st, before);
	long long imports = fx_int(hq->st, "SELECT count(*) FROM sync_imports");
	fb_error err = {0};
	fb_status s = fb_bundle_import(hq->st, path, &trusted, &sum, &err);
	fb_error_format(&err, b, sizeof b);
	if (s == FB_OK)
		fail_msg("imported a bad bundle (%s)", words);
	if (strcmp(err.file, file) || (field && strcmp(err.field, field)) ||
	    (line && err.line != line) || !strstr(err.msg, words))
		fail_msg("wanted %s:%ld: %s: ...%s..., got %s", file, line, field ? field : "*",
		         words, b);
	digest(hq->st, after);
	assert_string_equal(before, after);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM sync_imports"), imports);
}

static void test_bad_bundles(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char good[256], bad[300];
	member m[FB_SYNC_NTABLES + 3]; /* every table, the manifest, its signature, one more */
	add_log(a, "第一条", NULL);
	add_log(a, "第二条", NULL);
	add_log(a, "第三条", NULL);
	export_ok(a, "good.zip", NULL, 0, good);
	snprintf(bad, sizeof bad, "%s/bad.zip", a->dir);
	int n;

	/* tampered: a changed byte, manifest not updated */
	n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	replace(find(m, n, "logs.csv"), "第二条", "第二杀");
	save_zip(bad, m, n);
	expect_refused(hq, bad, "logs.csv", NULL, 0, "checksum");
	free_members(m, n);

	/* a newer format */
	n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	char fmt[32];
	snprintf(fmt, sizeof fmt, "fieldbook-bundle %d", FB_BUNDLE_FORMAT);
	replace(find(m, n, "manifest.txt"), fmt, "fieldbook-bundle 7");
	save_zip(bad, m, n);
	expect_refused(hq, bad, "manifest.txt", "format", 1, "newer");
	free_members(m, n);

	/* a bad date on line 3 (header, then rows) */
	n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	replace(find(m, n, "logs.csv"), ",2026-11-20,", ",2026-02-30,");
	fix_manifest(m, n, "logs.csv", 0);
	save_zip(bad, m, n);
	expect_refused(hq, bad, "logs.csv", "date", 2, "date");
	assert_int_equal(counts("logs")->rejected, 3);
	assert_int_equal(sum.nissues, 3);
	assert_int_equal(sum.issue[2].line, 4);
	free_members(m, n);

	/* an unknown column */
	n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	replace(find(m, n, "logs.csv"), ",next_step,", ",next_steps,");
	fix_manifest(m, n, "logs.csv", 0);
	save_zip(bad, m, n);
	expect_refused(hq, bad, "logs.csv", "next_steps", 1, "unknown column");
	free_members(m, n);

	/* a missing column (deleted dropped from header and rows) */
	n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	replace(find(m, n, "targets.csv"), ",deleted\r\n", "\r\n");
	replace(find(m, n, "targets.csv"), ",0\r\n", "\r\n");
	fix_manifest(m, n, "targets.csv", 0);
	save_zip(bad, m, n);
	expect_refused(hq, bad, "targets.csv", "deleted", 1, "missing column");
	free_members(m, n);

	/* a duplicate uuid: the first data row once more */
	n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	member *lg = find(m, n, "logs.csv");
	char *r1 = strstr(lg->data, "\r\n") + 2, *r2 = strstr(r1, "\r\n") + 2;
	size_t rl = (size_t)(r2 - r1);
	lg->data = realloc(lg->data, lg->len + rl);
	r1 = strstr(lg->data, "\r\n") + 2;
	memcpy(lg->data + lg->len, r1, rl);
	lg->len += rl;
	fix_manifest(m, n, "logs.csv", 1);
	save_zip(bad, m, n);
	expect_refused(hq, bad, "logs.csv", "uuid", 5, "earlier line (2)");
	free_members(m, n);

	/* a reference to a group that is nowhere */
	n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	char *g = strstr(find(m, n, "logs.csv")->data, "\r\n") + 2;
	char gu[37];
	memcpy(gu, g + 37, 36);
	gu[36] = 0;
	replace(find(m, n, "logs.csv"), gu, "00000000-0000-4000-8000-00000000beef");
	fix_manifest(m, n, "logs.csv", 0);
	save_zip(bad, m, n);
	expect_refused(hq, bad, "logs.csv", "group_uuid", 2, "neither in the bundle");
	free_members(m, n);

	/* members that point outside, or are unexpected */
	n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	snprintf(m[n].name, sizeof m[n].name, "../evil.csv");
	m[n].data = strdup("x");
	m[n].len = 1;
	save_zip(bad, m, n + 1);
	expect_refused(hq, bad, bad, NULL, 0, "outside");
	snprintf(m[n].name, sizeof m[n].name, "notes.txt");
	save_zip(bad, m, n + 1);
	expect_refused(hq, bad, bad, NULL, 0, "unexpected member");
	free_members(m, n + 1);

	/* not a zip at all; a truncated zip */
	FILE *f = fopen(bad, "w");
	fputs("uuid,name\r\n", f);
	fclose(f);
	expect_refused(hq, bad, bad, NULL, 0, "zip");
	FILE *gsrc = fopen(good, "rb");
	f = fopen(bad, "wb");
	char buf[4096];
	size_t k = fread(buf, 1, 3000, gsrc);
	fwrite(buf, 1, k, f);
	fclose(f);
	fclose(gsrc);
	expect_refused(hq, bad, bad, NULL, 0, "zip");

	/* and the good one still imports */
	import_ok(hq, good);
	assert_int_equal(counts("logs")->inserted, 3);
	fx_free(a);
	fx_free(hq);
}

/* A bundle imported before takes the no-op path (no record is parsed):
 * its members must still match the manifest it was imported with. */
static void test_reimport_checks_members(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char good[256], bad[300];
	member m[FB_SYNC_NTABLES + 3]; /* every table, the manifest, its signature, one more */
	add_log(a, "第一条", NULL);
	add_log(a, "第二条", NULL);
	export_ok(a, "good.zip", NULL, 0, good);
	import_ok(hq, good);
	/* the same bundle, one byte changed, the manifest (and bundle id) kept */
	snprintf(bad, sizeof bad, "%s/bad.zip", a->dir);
	int n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	replace(find(m, n, "logs.csv"), "第二条", "第二杀");
	save_zip(bad, m, n);
	expect_refused(hq, bad, "logs.csv", NULL, 0, "checksum");
	free_members(m, n);
	/* the good one again: every row counted unchanged, nothing written */
	import_ok(hq, good);
	assert_true(sum.already);
	assert_int_equal(counts("logs")->rows, 2);
	assert_int_equal(counts("logs")->unchanged, 2);
	assert_int_equal(counts("people")->unchanged, counts("people")->rows);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM logs"), 2);
	fx_free(a);
	fx_free(hq);
}

/* Export reads a snapshot: another connection in the middle of a write
 * (the TUI saving a log) does not stop it, and what that connection
 * commits goes in the next --since-last bundle. */
static void test_export_beside_a_writer(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char p1[256], p2[256], uuid[37];
	add_log(a, "导出之前的日志", NULL);
	export_ok(a, "first.zip", "hq", 0, p1);
	fb_store *tui;
	fb_error err = {0};
	assert_int_equal(fb_store_open(a->path, 0, &tui, &err), FB_OK);
	fx_store_as(tui, a->leader_id);
	assert_int_equal(fb_store_begin(tui, &err), FB_OK);
	fb_log l = fx_log(a, "2026-11-21", "导出期间保存的日志");
	assert_int_equal(fb_log_insert(tui, &l, &err), FB_OK); /* holds the write lock */
	strcpy(uuid, l.uuid);
	export_ok(a, "during.zip", NULL, 0, p2); /* would wait, then fail */
	assert_int_equal(sum.t[2].rows, 1);      /* the snapshot: not l */
	assert_int_equal(fb_store_commit(tui, &err), FB_OK);
	fb_store_close(tui);
	export_ok(a, "next.zip", "hq", 1, p2);
	import_ok(hq, p1);
	import_ok(hq, p2);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM logs"), 2);
	assert_true(id_of(hq->st, "logs", uuid) > 0);
	fx_free(a);
	fx_free(hq);
}

static void test_dry_run_writes_nothing(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char p[256], before[65], after[65];
	add_log(a, "试运行", NULL);
	export_ok(a, "a.zip", NULL, 0, p);
	digest(hq->st, before);
	fb_import_opts o = {.dry_run = 1, .pin = pins};
	fb_error err = {0};
	assert_int_equal(fb_bundle_import(hq->st, p, &o, &sum, &err), FB_OK);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM peer_keys"), 0); /* nothing pinned */
	assert_int_equal(counts("logs")->inserted, 1);
	digest(hq->st, after);
	assert_string_equal(before, after);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM sync_imports"), 0);
	char *json = fb_sync_summary_json(&sum);
	assert_non_null(strstr(json, "\"logs\":{\"rows\":1,\"inserted\":1,\"updated\":0,"
	                             "\"unchanged\":0,\"conflicts\":0,\"rejected\":0}"));
	assert_non_null(strstr(json, "\"dry_run\":true"));
	free(json);
	fx_free(a);
	fx_free(hq);
}

/* Matches of a word through the text index. */
static long long search_count(fb_store *st, const char *word)
{
	char cond[1024], sql[1200];
	fb_search_log_condition(1, cond, sizeof cond);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM logs l WHERE %s", cond);
	sqlite3_stmt *s;
	fb_error err = {0};
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(fb_search_bind(s, 1, word, &err), FB_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	long long n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* A big bundle drops the index triggers and rebuilds the index once; a
 * small one defers only its new logs and indexes them in one sorted pass
 * (into an empty database and into one that has logs): the same search
 * results as row-by-row indexing (the source, written through the
 * triggers), and the triggers back after. */
static void test_bulk_index(void **state)
{
	(void)state;
	fixture *a = fx_new(), *b = fx_new(), *bulk = fx_new_empty(), *rows = fx_new_empty();
	char p[256], pb[256];
	add_log(a, "职工反映欠薪两个月", NULL);
	add_log(a, "加班费未足额发放，欠薪问题已上报", NULL);
	add_log(a, "座谈会了解加班情况", NULL);
	add_log(b, "又一家企业欠薪，职工要求座谈", NULL);
	export_ok(a, "a.zip", NULL, 0, p);
	export_ok(b, "b.zip", NULL, 0, pb);
	fb_import_opts bulk_opts = {.bulk_min = 1}; /* a bundle of 3 logs takes the bulk path */
	import_opts_ok(bulk, p, &bulk_opts);
	/* the bulk load ran with a rollback journal and put WAL back */
	sqlite3_stmt *jm;
	assert_int_equal(
		sqlite3_prepare_v2(fb_store_db(bulk->st), "PRAGMA journal_mode", -1, &jm, NULL),
		SQLITE_OK);
	assert_int_equal(sqlite3_step(jm), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(jm, 0), "wal");
	sqlite3_finalize(jm);
	import_ok(rows, p);
	static const char *words[] = {"欠薪", "加班", "座谈会", "上报", "工资", "企业"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		assert_int_equal(search_count(bulk->st, words[i]), search_count(a->st, words[i]));
		assert_int_equal(search_count(rows->st, words[i]), search_count(a->st, words[i]));
	}
	assert_int_equal(search_count(bulk->st, "欠薪"), 2);
	/* a small bundle into a database that has logs: only its logs added */
	import_ok(rows, pb);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		assert_int_equal(search_count(rows->st, words[i]),
		                 search_count(a->st, words[i]) + search_count(b->st, words[i]));
	assert_int_equal(search_count(rows->st, "欠薪"), 3);
	assert_int_equal(search_count(rows->st, "座谈"), 2);
	const char *trg = "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master "
			  "WHERE type = 'trigger' AND tbl_name = 'logs' ORDER BY name)";
	sqlite3_stmt *s1, *s2;
	sqlite3_prepare_v2(fb_store_db(bulk->st), trg, -1, &s1, NULL);
	sqlite3_prepare_v2(fb_store_db(rows->st), trg, -1, &s2, NULL);
	assert_int_equal(sqlite3_step(s1), SQLITE_ROW);
	assert_int_equal(sqlite3_step(s2), SQLITE_ROW);
	assert_non_null(sqlite3_column_text(s1, 0));
	assert_string_equal(sqlite3_column_text(s1, 0), sqlite3_column_text(s2, 0));
	sqlite3_finalize(s1);
	sqlite3_finalize(s2);
	fx_free(a);
	fx_free(b);
	fx_free(bulk);
	fx_free(rows);
}

/* Remove CSV field k from every line of a member (test data: no quoted
 * commas), making a bundle as a fieldbook without that column wrote it. */
static void drop_field(member *mb, int k)
{
	char *out = malloc(mb->len + 1), *o = out;
	int field = 0;
	for (size_t i = 0; i < mb->len; i++) {
		char c = mb->data[i];
		if (c == '\n' || c == '\r')
			field = 0;
		else if (c == ',' && ++field == k)
			continue; /* the comma before field k goes with it */
		if (field != k)
			*o++ = c;
	}
	*o = '\0';
	free(mb->data);
	mb->data = out;
	mb->len = (size_t)(o - out);
}

/* people.joined_on (migration 005) travels; a bundle from a fieldbook
 * without it still imports, and never clears the value here. */
static void test_joined_on_old_bundles(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty(), *hq2 = fx_new_empty();
	fb_error err = {0};
	fb_person p;
	char path[256], old[300];
	member m[FB_SYNC_NTABLES + 3]; /* every table, the manifest, its signature, one more */
	assert_int_equal(fb_person_get(a->st, a->member_id, &p, &err), FB_OK);
	p.joined_on = strdup("2026-11-10");
	assert_int_equal(fb_person_save(a->st, &p, &err), FB_OK);
	export_ok(a, "new.zip", NULL, 0, path);
	import_ok(hq, path);
	assert_int_equal(
		fx_int(hq->st, "SELECT count(*) FROM people WHERE joined_on = '2026-11-10'"), 1);

	/* The same bundle without the column: imports, joined_on unknown. */
	int n = load_zip(path, m, FB_SYNC_NTABLES + 2);
	member *people = find(m, n, "people.csv");
	assert_non_null(strstr(people->data, ",phone,joined_on,origin,"));
	drop_field(people, 6);
	assert_non_null(strstr(people->data, ",phone,origin,"));
	fix_manifest(m, n, "people.csv", 0);
	snprintf(old, sizeof old, "%s/old.zip", a->dir);
	save_zip(old, m, n);
	free_members(m, n);
	import_ok(hq2, old);
	assert_int_equal(counts("people")->inserted, 3);
	assert_int_equal(fx_int(hq2->st, "SELECT count(*) FROM people WHERE joined_on IS NULL"), 3);

	/* A newer edit from an old fieldbook: its fields win, joined_on stays. */
	free(p.unit);
	p.unit = strdup("县总工会");
	free(p.joined_on);
	p.joined_on = strdup("2026-11-12");
	assert_int_equal(fb_person_save(a->st, &p, &err), FB_OK);
	fb_person_free(&p);
	export_ok(a, "new2.zip", NULL, 0, path);
	n = load_zip(path, m, FB_SYNC_NTABLES + 2);
	drop_field(find(m, n, "people.csv"), 6);
	fix_manifest(m, n, "people.csv", 0);
	save_zip(old, m, n);
	free_members(m, n);
	import_ok(hq, old);
	assert_int_equal(counts("people")->updated, 1);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM people WHERE unit = '县总工会'"
	                                " AND joined_on = '2026-11-10'"),
	                 1);
	/* a new-format bundle brings the new value to a database that has not
	 * seen that version */
	fixture *hq3 = fx_new_empty();
	import_ok(hq3, path);
	assert_int_equal(
		fx_int(hq3->st, "SELECT count(*) FROM people WHERE joined_on = '2026-11-12'"), 1);
	fx_free(hq3);
	fx_free(a);
	fx_free(hq);
	fx_free(hq2);
}

/* A refused row is listed once: rows that refer to it are held back
 * without a second message (no follow-on errors about records that are in
 * the bundle), and the rest of the bundle is still checked. */
static void test_no_follow_on_errors(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char good[256], bad[300];
	member m[FB_SYNC_NTABLES + 3]; /* every table, the manifest, its signature, one more */
	add_log(a, "第一条", NULL);
	add_log(a, "第二条", NULL);
	export_ok(a, "good.zip", NULL, 0, good);
	snprintf(bad, sizeof bad, "%s/bad.zip", a->dir);
	int n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	/* the author of both logs gets a name of 20 characters (16 at most) */
	replace(find(m, n, "people.csv"), ",王伟,", ",王伟王伟王伟王伟王伟王伟王伟王伟王伟王伟,");
	replace(find(m, n, "logs.csv"), ",2026-11-20,", ",2026-11-20x,"); /* and a bad date */
	fix_manifest(m, n, "people.csv", 0);
	fix_manifest(m, n, "logs.csv", 0);
	save_zip(bad, m, n);
	free_members(m, n);
	expect_refused(hq, bad, "people.csv", "name", 0, "too long");
	assert_int_equal(counts("people")->rejected, 1);
	/* the logs: their own bad date listed, nothing about their author */
	assert_int_equal(counts("logs")->rejected, 2);
	assert_int_equal(sum.nissues, 3);
	for (int i = 0; i < sum.nissues; i++)
		assert_true(!strcmp(sum.issue[i].field, "name") ||
		            !strcmp(sum.issue[i].field, "date"));
	fx_free(a);
	fx_free(hq);
}

/* A ticket keeps the log it came from after the log was deleted: the
 * bundle still imports (an optional link to a tombstone is kept). */
static void test_link_to_deleted_log(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char p[256], lu[37], tu[37];
	fb_error err = {0};
	int64_t lid = add_log(a, "发现欠薪问题", lu);
	fb_ticket t = {0};
	t.opened_by = a->member_id;
	t.log_id = lid;
	t.opened_on = "2026-11-20";
	t.title = "拖欠工资";
	t.description = "职工反映工资未发放。";
	t.category = "wage_arrears";
	t.routing = "county_union";
	assert_int_equal(fb_ticket_insert(a->st, &t, &err), FB_OK);
	strcpy(tu, t.uuid);
	/* the core refuses to delete a log a live ticket came from; another
	 * device (an older fieldbook) may have: tombstone it behind its back */
	assert_int_equal(fb_log_delete(a->st, lid, &err), FB_ESTATE);
	char tomb[160];
	snprintf(tomb, sizeof tomb, "UPDATE logs SET deleted = 1, rev = rev + 1 WHERE id = %lld",
	         (long long)lid);
	assert_int_equal(sqlite3_exec(fb_store_db(a->st), tomb, NULL, NULL, NULL), SQLITE_OK);
	export_ok(a, "a.zip", NULL, 0, p);
	import_ok(hq, p);
	char sql[300];
	snprintf(sql, sizeof sql,
	         "SELECT l.deleted FROM tickets t JOIN logs l ON l.id = t.log_id "
	         "WHERE t.uuid = '%s' AND l.uuid = '%s'",
	         tu, lu);
	assert_int_equal(fx_int(hq->st, sql), 1);
	fx_free(a);
	fx_free(hq);
}

/* What libzip says in English reaches the user as words of their own. */
static void test_zip_messages(void **state)
{
	(void)state;
	fixture *hq = fx_new_empty();
	char path[200];
	fb_error err = {0};
	snprintf(path, sizeof path, "%s/nope.zip", hq->dir);
	assert_int_equal(fb_bundle_import(hq->st, path, &trusted, &sum, &err), FB_EFORMAT);
	assert_string_equal(err.msg, "no such file");
	snprintf(path, sizeof path, "%s/text.zip", hq->dir);
	FILE *f = fopen(path, "w");
	fputs("not a zip at all\n", f);
	fclose(f);
	assert_int_equal(fb_bundle_import(hq->st, path, &trusted, &sum, &err), FB_EFORMAT);
	assert_non_null(strstr(err.msg, "not a zip file"));
	assert_null(strstr(err.msg, "Not a zip archive"));
	fx_free(hq);
}

/* Manifest fields reach the terminal: escapes and invisible characters in
 * them are refused. */
static void test_manifest_escapes(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	char good[256], bad[300];
	member m[FB_SYNC_NTABLES + 3]; /* every table, the manifest, its signature, one more */
	export_ok(a, "good.zip", NULL, 0, good);
	snprintf(bad, sizeof bad, "%s/bad.zip", a->dir);
	int n = load_zip(good, m, FB_SYNC_NTABLES + 2);
	replace(find(m, n, "manifest.txt"), "source_group_name 第一工作组",
	        "source_group_name 第一\x1b]0;pwned\x07工作组");
	save_zip(bad, m, n);
	free_members(m, n);
	expect_refused(hq, bad, "manifest.txt", "source_group_name", 5, "control");
	fx_free(a);
	fx_free(hq);
}

int main(void)
{
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_and_idempotence),
		cmocka_unit_test(test_two_stations_hq_order),
		cmocka_unit_test(test_answers_travel_back),
		cmocka_unit_test(test_conflict_kept),
		cmocka_unit_test(test_tombstone_not_resurrected),
		cmocka_unit_test(test_bad_bundles),
		cmocka_unit_test(test_reimport_checks_members),
		cmocka_unit_test(test_export_beside_a_writer),
		cmocka_unit_test(test_dry_run_writes_nothing),
		cmocka_unit_test(test_bulk_index),
		cmocka_unit_test(test_joined_on_old_bundles),
		cmocka_unit_test(test_no_follow_on_errors),
		cmocka_unit_test(test_link_to_deleted_log),
		cmocka_unit_test(test_zip_messages),
		cmocka_unit_test(test_manifest_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
