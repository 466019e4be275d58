/* test_sync_conflict.c - conflicts settled by people: the list names each
 * record as a person knows it, both versions side by side with what
 * differs and who made each; keep leaves the record, take writes the other
 * version as a new revision that travels back (the other side ends with
 * the same record, no new conflict), the replaced version kept; a settled
 * conflict cannot be settled again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conflict.h"
#include "sync.h"
#include "testutil.h"
#include "sqlstore.h"

static fb_sync_summary sum;

static void bundle(fixture *from, fixture *to, const char *name, const char *peer)
{
	char path[256], b[800];
	fb_error err = {0};
	fb_export_opts o = {.peer = peer, .since_last = 1, .plain = 1};
	fb_import_opts io = {.pin = fx_pins}; /* the sender's keys, compared */
	snprintf(path, sizeof path, "%s/%s", from->dir, name);
	fx_trust(from);
	if (fb_bundle_export(from->st, path, &o, &sum, &err) ||
	    fb_bundle_import(to->st, path, &io, &sum, &err))
		fail_msg("%s: %s", name, fb_error_format(&err, b, sizeof b));
}

static long conflicts_in(const char *table)
{
	for (int i = 0; i < sum.ntables; i++)
		if (!strcmp(sum.t[i].table, table))
			return sum.t[i].conflicts;
	return -1;
}

/* The log with uuid, in st: its id, and its content into out. */
static int64_t log_here(fb_store *st, const char *uuid, char *out, size_t size)
{
	sqlite3_stmt *s;
	int64_t id = 0;
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(st),
	                                    "SELECT id, content FROM logs WHERE uuid = ?1", -1, &s,
	                                    NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	return id;
}

static void edit(fb_store *st, const char *uuid, const char *content)
{
	char old[256];
	fb_error err = {0};
	fb_log l;
	assert_int_equal(fb_log_get(st, log_here(st, uuid, old, sizeof old), 1, &l, &err), FB_OK);
	/* its author edits it (on either side: only they may change their log) */
	fx_store_as(st, l.author_id);
	free(l.content);
	l.content = strdup(content);
	assert_int_equal(fb_log_update(st, &l, &err), FB_OK);
	fb_log_free(&l);
}

/* A station (a) and HQ that have seen each other's log lu, then both edit it
 * and a's bundle reaches HQ: one conflict at HQ, HQ's version in force. */
static void conflict(fixture *a, fixture *hq, char lu[37], const char *mine, const char *theirs, int n)
{
	char name[32];
	snprintf(name, sizeof name, "a%d.zip", n);
	edit(a->st, lu, theirs);
	edit(hq->st, lu, mine);
	bundle(a, hq, name, "hq");
	assert_int_equal(conflicts_in("logs"), 1);
}

static void pair(fixture **a, fixture **hq, char lu[37])
{
	fb_error err = {0};
	*a = fx_new();
	*hq = fx_new_empty();
	fb_log l = fx_log(*a, "2026-11-20", "原稿");
	assert_int_equal(fb_log_insert((*a)->st, &l, &err), FB_OK);
	strcpy(lu, l.uuid);
	bundle(*a, *hq, "a0.zip", "hq");
	bundle(*hq, *a, "h0.zip", "a");
}

static void test_take_theirs_travels(void **state)
{
	(void)state;
	fixture *a, *hq;
	char lu[37], text[256];
	fb_error err = {0};
	pair(&a, &hq, lu);
	conflict(a, hq, lu, "总部修改", "甲站修改", 1);
	assert_int_equal(fb_conflict_open_for(hq->st, lu, &err), 1);

	fb_conflict_row rows[4];
	assert_int_equal(fb_conflict_page(hq->st, 1, FB_PAGE_FIRST, NULL, rows, 4, &err), 1);
	/* the record as a person knows it: a log's date, author and unit */
	assert_non_null(strstr(rows[0].record, "2026-11-20 · 王伟 · 宏达机械有限公司"));
	assert_string_equal(rows[0].table, "logs");
	assert_int_equal(rows[0].resolved, 0);

	fb_conflict_detail d;
	assert_int_equal(fb_conflict_get(hq->st, rows[0].id, &d, &err), FB_OK);
	assert_true(d.present);
	int seen = 0;
	for (int i = 0; i < d.nfields; i++) {
		if (!strcmp(d.f[i].column, "content")) {
			seen = 1;
			assert_string_equal(d.f[i].in_force, "总部修改");
			assert_string_equal(d.f[i].other, "甲站修改");
			assert_true(d.f[i].differs);
		} else if (!strcmp(d.f[i].column, "author_uuid")) {
			assert_string_equal(d.f[i].in_force, "王伟"); /* a name, not a uuid */
			assert_false(d.f[i].differs);
		} else if (!strcmp(d.f[i].column, "activity")) {
			assert_string_equal(d.f[i].in_force, "Enterprise visit"); /* a label */
		} else {
			assert_false(d.f[i].differs);
		}
	}
	assert_true(seen);
	assert_string_equal(d.in_force_by, "this database");
	assert_non_null(strstr(d.other_by, "第一工作组"));
	fb_conflict_detail_free(&d);

	int64_t by = fx_int(hq->st, "SELECT min(id) FROM people");
	/* a member (the log's author) may not settle it; the group's leader may */
	fx_as(hq, fx_int(hq->st, "SELECT id FROM people WHERE role = 'member' ORDER BY id LIMIT 1"));
	assert_int_equal(fb_conflict_settle(hq->st, rows[0].id, FB_CONFLICT_TAKE, by, &err),
	                 FB_EPERM);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM sync_conflicts WHERE resolved = 1"), 0);
	fx_as(hq, by);
	assert_int_equal(fb_conflict_settle(hq->st, rows[0].id, FB_CONFLICT_TAKE, by, &err), FB_OK);
	log_here(hq->st, lu, text, sizeof text);
	assert_string_equal(text, "甲站修改");
	assert_int_equal(fb_conflict_open_for(hq->st, lu, &err), 0);
	assert_int_equal(fb_conflict_page(hq->st, 1, FB_PAGE_FIRST, NULL, rows, 4, &err), 0);
	assert_int_equal(fb_conflict_page(hq->st, 0, FB_PAGE_FIRST, NULL, rows, 4, &err), 1);
	assert_string_equal(rows[0].choice, "taken");
	assert_string_equal(rows[0].settled_by, "李　习");
	/* nothing erased: the replaced version is kept at the conflict */
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM sync_conflicts WHERE"
	                                " lost_row LIKE '%总部修改%'"),
	                 1);
	/* the text index follows the record */
	assert_int_equal(
		fx_int(hq->st, "SELECT count(*) FROM logs_fts WHERE logs_fts MATCH '甲站'"), 1);
	/* once settled, never again */
	assert_int_equal(fb_conflict_settle(hq->st, rows[0].id, FB_CONFLICT_KEEP, by, &err),
	                 FB_EINVAL);
	assert_string_equal(err.field, "conflict");

	/* the decision travels: the station ends with the same record */
	bundle(hq, a, "h1.zip", "a");
	assert_int_equal(conflicts_in("logs"), 0);
	log_here(a->st, lu, text, sizeof text);
	assert_string_equal(text, "甲站修改");
	assert_int_equal(fx_int(a->st, "SELECT count(*) FROM sync_conflicts"), 0);
	/* and back again: nothing new */
	bundle(a, hq, "a2.zip", "hq");
	assert_int_equal(conflicts_in("logs"), 0);
	fx_free(a);
	fx_free(hq);
}

static void test_keep_mine(void **state)
{
	(void)state;
	fixture *a, *hq;
	char lu[37], text[256];
	fb_error err = {0};
	pair(&a, &hq, lu);
	conflict(a, hq, lu, "总部修改", "甲站修改", 1);
	int64_t id = fx_int(hq->st, "SELECT id FROM sync_conflicts");
	long long rev = fx_int(hq->st, "SELECT rev FROM logs");
	fx_as(hq, fx_hq(hq)); /* HQ's staff settle any group's conflicts */
	assert_int_equal(fb_conflict_settle(hq->st, id, FB_CONFLICT_KEEP, 0, &err), FB_OK);
	log_here(hq->st, lu, text, sizeof text);
	assert_string_equal(text, "总部修改");
	assert_int_equal(fx_int(hq->st, "SELECT rev FROM logs"), rev);
	assert_int_equal(fx_int(hq->st, "SELECT count(*) FROM sync_conflicts WHERE resolved = 1"
	                                " AND choice = 'kept' AND settled_at IS NOT NULL"),
	                 1);
	bundle(hq, a, "h1.zip", "a");
	log_here(a->st, lu, text, sizeof text);
	assert_string_equal(text, "总部修改");
	fx_free(a);
	fx_free(hq);
}

static void test_refused(void **state)
{
	(void)state;
	fixture *hq = fx_new();
	fb_error err = {0};
	fb_conflict_detail d;
	assert_int_equal(fb_conflict_settle(hq->st, 42, FB_CONFLICT_TAKE, 0, &err), FB_ENOTFOUND);
	assert_int_equal(fb_conflict_get(hq->st, 42, &d, &err), FB_ENOTFOUND);
	fb_conflict_row r;
	assert_int_equal(fb_conflict_page(hq->st, 0, FB_PAGE_NEXT, NULL, &r, 1, &err), -1);
	fx_free(hq);
}

/* Pages of conflicts, newest first, both ways. */
static void test_pages(void **state)
{
	(void)state;
	fixture *hq = fx_new();
	fb_error err = {0};
	char sql[300];
	for (int i = 0; i < 5; i++) {
		snprintf(sql, sizeof sql,
		         "INSERT INTO sync_conflicts (table_name, uuid, kept_rev, lost_rev, "
		         "lost_origin,"
		         " lost_row, detected_at) VALUES ('logs', 'u%d', 2, 1, 'd', '{}',"
		         " '2026-11-2%dT00:00:00Z')",
		         i, i % 3);
		assert_int_equal(sqlite3_exec(fb_store_db(hq->st), sql, NULL, NULL, NULL), SQLITE_OK);
	}
	fb_conflict_row all[5], r[2];
	fb_cursor c;
	assert_int_equal(fb_conflict_page(hq->st, 0, FB_PAGE_FIRST, NULL, all, 5, &err), 5);
	for (int i = 1; i < 5; i++)
		assert_true(strcmp(all[i - 1].detected_at, all[i].detected_at) >= 0);
	int n = fb_conflict_page(hq->st, 0, FB_PAGE_FIRST, NULL, r, 2, &err), k = 0;
	while (n > 0) {
		for (int i = 0; i < n; i++)
			assert_int_equal(r[i].id, all[k++].id);
		fb_conflict_row_cursor(&r[n - 1], &c);
		n = fb_conflict_page(hq->st, 0, FB_PAGE_NEXT, &c, r, 2, &err);
	}
	assert_int_equal(k, 5);
	assert_int_equal(fb_conflict_page(hq->st, 0, FB_PAGE_LAST, NULL, r, 2, &err), 2);
	assert_int_equal(r[1].id, all[4].id);
	fb_conflict_row_cursor(&r[0], &c);
	assert_int_equal(fb_conflict_page(hq->st, 0, FB_PAGE_PREV, &c, r, 2, &err), 2);
	assert_int_equal(r[0].id, all[1].id);
	/* a record not in this database is named by its table and uuid */
	assert_non_null(strstr(all[0].record, "u"));
	fx_free(hq);
}

/* A ticket is named by its title, group and day. */
static void test_ticket_words(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	fb_error err = {0};
	char w[256];
	fb_ticket t = {.opened_by = fx->member_id,
	               .opened_on = "2026-11-20",
	               .title = "宏达机械拖欠职工工资",
	               .description = "两个月未发。",
	               .category = "wage_arrears",
	               .routing = "county_union"};
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	fb_sync_record_words(fx->st, "tickets", t.uuid, w, sizeof w);
	assert_non_null(strstr(w, "宏达机械拖欠职工工资 · 第一工作组 · 2026-11-20"));
	fx_free(fx);
}

int main(void)
{
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_take_theirs_travels),
		cmocka_unit_test(test_keep_mine),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_ticket_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
