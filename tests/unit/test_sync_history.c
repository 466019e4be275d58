/* test_sync_history.c - the history travels in bundles: entries arrive as
 * they were written (never re-stamped as the importer's), once however
 * often a bundle is imported, with each device's chain head in the
 * manifest; an entry changed or removed in a station's database with
 * sqlite3 refuses the bundle at HQ, naming the device and the entry, with
 * nothing written; `verify` (fb_history_verify) finds it at HQ. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "internal.h"
#include "sync.h"
#include "testutil.h"

static fb_sync_summary sum;
static fb_import_opts trusted = {.pin = fx_pins}; /* exporters' keys, compared */

static void export_ok(fixture *fx, const char *name, const char *peer, int since, char *path)
{
	fb_export_opts o = {.peer = peer, .since_last = since, .plain = 1};
	fb_error err = {0};
	fx_trust(fx);
	sprintf(path, "%s/%s", fx->dir, name);
	if (fb_bundle_export(fx->st, path, &o, &sum, &err)) {
		char b[800];
		fail_msg("export: %s", fb_error_format(&err, b, sizeof b));
	}
}

static void import_ok(fixture *fx, const char *path)
{
	fb_error err = {0};
	if (fb_bundle_import(fx->st, path, &trusted, &sum, &err)) {
		char b[800];
		fail_msg("import: %s", fb_error_format(&err, b, sizeof b));
	}
}

/* The import must fail with msg containing words; nothing written. */
static void import_refused(fixture *fx, const char *path, const char *words, fb_error *err)
{
	long long hist = fx_int(fx->st, "SELECT count(*) FROM history");
	long long logs = fx_int(fx->st, "SELECT count(*) FROM logs");
	long long imports = fx_int(fx->st, "SELECT count(*) FROM sync_imports");
	fb_error_clear(err);
	if (fb_bundle_import(fx->st, path, &trusted, &sum, err) == FB_OK)
		fail_msg("imported a bundle with a broken history (%s)", words);
	if (!strstr(err->msg, words)) {
		char b[800];
		fail_msg("wanted ...%s..., got %s", words, fb_error_format(err, b, sizeof b));
	}
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history"), hist);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM logs"), logs);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM sync_imports"), imports);
}

static void edit_workers(fixture *fx, fb_log *l, int n)
{
	fb_error err = {0};
	l->workers = n;
	assert_int_equal(fb_log_update(fx->st, l, &err), FB_OK);
}

static void sql(fixture *fx, const char *s)
{
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), s, NULL, NULL, NULL), SQLITE_OK);
}

static long long own_max_seq(fixture *fx)
{
	char q[200];
	snprintf(q, sizeof q, "SELECT max(seq) FROM history WHERE device = '%s'",
	         fb_store_device(fx->st));
	return fx_int(fx->st, q);
}

/* A station's history at HQ: the same entries, byte for byte, as the
 * station's, once; its chain whole; the record's history page at HQ. */
static void test_history_travels(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	fb_store_set_actor(a->st, a->leader_id);
	fb_error err = {0};
	fb_log l = fx_log(a, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(a->st, &l, &err), FB_OK);
	edit_workers(a, &l, 8);
	char p[256];
	export_ok(a, "a1.zip", "hq", 0, p);
	import_ok(hq, p);
	long long n = fx_int(a->st, "SELECT count(*) FROM history");
	assert_true(n >= 5); /* three people, the log, the edit */
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM history"), n);
	/* not re-stamped: the station's device, numbers and hashes */
	char q[300];
	snprintf(q, sizeof q, "SELECT count(*) FROM history WHERE device = '%s'",
	         fb_store_device(a->st));
	assert_int_equal(fx_int(hq->st, q), n);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM history WHERE device = (SELECT value "
	                                "FROM meta WHERE key = 'device_id')"),
	                 0);
	snprintf(q, sizeof q, "SELECT whole_to FROM history_chains WHERE device = '%s'",
	         fb_store_device(a->st));
	assert_int_equal(fx_int(hq->st, q), own_max_seq(a));
	fb_history_row rows[4];
	int k = fb_history_page(hq->st, "logs", l.uuid, FB_PAGE_FIRST, NULL, rows, 4, &err);
	assert_int_equal(k, 2);
	assert_string_equal(rows[1].field, "workers");
	assert_string_equal(rows[1].old_value, "5");
	assert_string_equal(rows[1].new_value, "8");
	assert_string_equal(rows[1].actor, "李　习");
	/* again: nothing new */
	import_ok(hq, p);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM history"), n);
	/* the next edit since the last export continues the chain */
	edit_workers(a, &l, 9);
	export_ok(a, "a2.zip", "hq", 1, p);
	import_ok(hq, p);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM history"), n + 1);
	fb_history_break b;
	assert_int_equal(fb_history_verify(hq->st, &b, NULL, &err), 0);
	fx_free(a);
	fx_free(hq);
}

/* Bundles out of order: the later one first, then the earlier. */
static void test_out_of_order(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	fb_error err = {0};
	fb_log l = fx_log(a, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(a->st, &l, &err), FB_OK);
	char p1[256], p2[256];
	export_ok(a, "a1.zip", "hq", 0, p1);
	edit_workers(a, &l, 8);
	export_ok(a, "a2.zip", "hq", 1, p2);
	import_ok(hq, p2);
	/* the older bundle after the later one: a replay, refused (signatures) */
	import_refused(hq, p1, "older than one already imported", &err);
	fb_history_break b;
	assert_int_equal(fb_history_verify(hq->st, &b, NULL, &err), 0);
	fx_free(a);
	fx_free(hq);
}

/* Changed with sqlite3 at the station: HQ refuses the bundle. */
static void test_altered_at_station(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	fb_error err = {0};
	fb_log l = fx_log(a, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(a->st, &l, &err), FB_OK);
	edit_workers(a, &l, 8);
	edit_workers(a, &l, 9);
	char p[256], q[400];
	/* the first bundle reaches HQ; then an entry it carried is changed */
	export_ok(a, "a1.zip", "hq", 0, p);
	import_ok(hq, p);
	long long seq = own_max_seq(a) - 1;
	snprintf(q, sizeof q,
	         "DROP TRIGGER history_no_update; DROP TRIGGER history_no_delete; "
	         "UPDATE history SET new_value = '80' WHERE seq = %lld",
	         seq);
	sql(a, q);
	edit_workers(a, &l, 10);
	export_ok(a, "a2.zip", NULL, 0, p);
	char want[200];
	snprintf(want, sizeof want, "entry %lld of device %s", seq, fb_store_device(a->st));
	import_refused(hq, p, want, &err);
	assert_string_equal(err.file, "history.csv");
	assert_non_null(strstr(err.msg, "changed after it was written"));
	/* a fresh HQ that never saw the entry finds it just the same */
	fixture *hq2 = fx_new_empty();
	import_refused(hq2, p, want, &err);
	fx_free(hq2);
	fx_free(a);
	fx_free(hq);
}

/* Removed with sqlite3 at the station (not yet sent): the chain has a gap. */
static void test_removed_at_station(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	fb_error err = {0};
	fb_log l = fx_log(a, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(a->st, &l, &err), FB_OK);
	char p[256], q[400];
	export_ok(a, "a1.zip", "hq", 0, p);
	import_ok(hq, p);
	edit_workers(a, &l, 8);
	edit_workers(a, &l, 9);
	edit_workers(a, &l, 10);
	long long seq = own_max_seq(a) - 1;
	snprintf(q, sizeof q,
	         "DROP TRIGGER history_no_delete; DELETE FROM history WHERE seq = %lld", seq);
	sql(a, q);
	fb_history_break b;
	assert_int_equal(fb_history_verify(a->st, &b, NULL, &err), 1); /* the station sees it too */
	assert_int_equal(b.seq, seq);
	export_ok(a, "a2.zip", "hq", 1, p);
	char want[200];
	snprintf(want, sizeof want, "entry %lld of device %s is missing", seq,
	         fb_store_device(a->st));
	import_refused(hq, p, want, &err);
	/* the first entry not yet sent removed: it is missing all the same */
	fixture *b2 = fx_new(), *hq2 = fx_new_empty();
	fb_log m = fx_log(b2, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(b2->st, &m, &err), FB_OK);
	export_ok(b2, "b1.zip", "hq", 0, p);
	import_ok(hq2, p);
	long long first = own_max_seq(b2) + 1;
	edit_workers(b2, &m, 8);
	edit_workers(b2, &m, 9);
	snprintf(q, sizeof q,
	         "DROP TRIGGER history_no_delete; DELETE FROM history WHERE seq = %lld", first);
	sql(b2, q);
	export_ok(b2, "b2.zip", "hq", 1, p);
	snprintf(want, sizeof want, "entry %lld of device %s is missing", first,
	         fb_store_device(b2->st));
	import_refused(hq2, p, want, &err);
	fx_free(b2);
	fx_free(hq2);
	fx_free(a);
	fx_free(hq);
}

/* Changed or removed at HQ after the import: verify finds it. */
static void test_verify_at_hq(void **state)
{
	(void)state;
	fixture *a = fx_new(), *hq = fx_new_empty();
	fb_error err = {0};
	fb_log l = fx_log(a, "2026-11-20", "走访企业，了解情况。");
	assert_int_equal(fb_log_insert(a->st, &l, &err), FB_OK);
	edit_workers(a, &l, 8);
	char p[256], q[400];
	export_ok(a, "a1.zip", "hq", 0, p);
	import_ok(hq, p);
	fb_history_break b;
	assert_int_equal(fb_history_verify(hq->st, &b, NULL, &err), 0);
	snprintf(q, sizeof q, "DROP TRIGGER history_no_delete; DELETE FROM history WHERE seq = 2");
	sql(hq, q);
	assert_int_equal(fb_history_verify(hq->st, &b, NULL, &err), 1);
	assert_int_equal(b.seq, 2);
	assert_string_equal(b.device, fb_store_device(a->st));
	fx_free(a);
	fx_free(hq);
}

/* The manifest names each device's chain head. */
static void test_manifest_head(void **state)
{
	(void)state;
	fixture *a = fx_new();
	char p[256];
	export_ok(a, "a1.zip", NULL, 0, p);
	int zerr;
	zip_t *z = zip_open(p, ZIP_RDONLY, &zerr);
	assert_non_null(z);
	zip_file_t *f = zip_fopen(z, "manifest.txt", 0);
	assert_non_null(f);
	char text[8192] = "";
	zip_int64_t n = zip_fread(f, text, sizeof text - 1);
	assert_true(n > 0);
	zip_fclose(f);
	zip_close(z);
	char q[300], want[300], hash[80] = "";
	snprintf(q, sizeof q, "SELECT hash FROM history WHERE device = '%s' ORDER BY seq DESC",
	         fb_store_device(a->st));
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(a->st), q, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(hash, sizeof hash, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	snprintf(want, sizeof want, "history_head %s %lld %s whole\n", fb_store_device(a->st),
	         own_max_seq(a), hash);
	assert_non_null(strstr(text, want));
	fx_free(a);
}

int main(void)
{
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history_travels),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_altered_at_station),
		cmocka_unit_test(test_removed_at_station),
		cmocka_unit_test(test_verify_at_hq),
		cmocka_unit_test(test_manifest_head),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
