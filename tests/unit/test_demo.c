/* test_demo.c - the demo generator: sizes, determinism, consistency. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "testutil.h"
#include "sqlstore.h"

static const char *summary_sql =
    "SELECT (SELECT group_concat(uuid || content, '|') FROM (SELECT uuid, content FROM logs "
    "ORDER BY id LIMIT 50)) || (SELECT group_concat(name, '|') FROM people)";

static char *summary(fb_store *st)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(st), summary_sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	char *v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

static int progress_calls;
static int count_progress(long done, long total, void *ctx)
{
	(void)ctx;
	assert_true(done <= total);
	progress_calls++;
	return 0;
}

static void test_size_and_determinism(void **state)
{
	(void)state;
	fixture *a = fx_new_empty(), *b = fx_new_empty();
	fb_error err = {0};
	fb_demo_opts o = {.logs = 3000, .groups = 3, .seed = 7, .end_on = "2026-11-20",
	                  .progress = count_progress};
	assert_int_equal(fb_demo_generate(a->st, &o, &err), FB_OK);
	assert_true(progress_calls >= 100);
	o.progress = NULL;
	assert_int_equal(fb_demo_generate(b->st, &o, &err), FB_OK);
	assert_int_equal(fx_int(a->st, "SELECT count(*) FROM logs"), 3000);
	assert_int_equal(fx_int(a->st, "SELECT count(*) FROM work_groups"), 3);
	char *sa = summary(a->st), *sb = summary(b->st);
	assert_string_equal(sa, sb);
	free(sa);
	free(sb);
	assert_int_equal(fx_int(a->st, "SELECT max(date) FROM logs") > 0, 1);
	assert_int_equal(fx_int(a->st, "SELECT count(*) FROM logs WHERE date > '2026-11-20'"), 0);
	/* content is 100-400 characters of Chinese */
	assert_int_equal(fx_int(a->st, "SELECT count(*) FROM logs WHERE length(content) < 100 OR "
	                               "length(content) > 400"), 0);
	/* every log's author is in its group */
	assert_int_equal(fx_int(a->st, "SELECT count(*) FROM logs l JOIN people p ON p.id = "
	                               "l.author_id WHERE p.group_id <> l.group_id"), 0);
	/* everyone has joined_on; in the third group the last member joined
	 * mid-stay and wrote no log before */
	assert_int_equal(fx_int(a->st, "SELECT count(*) FROM people WHERE joined_on IS NULL"), 0);
	assert_int_equal(fx_int(a->st, "SELECT count(*) FROM people p JOIN work_groups g ON"
	                               " g.id = p.group_id WHERE p.joined_on > g.started_on"), 1);
	assert_true(fx_int(a->st, "SELECT count(*) FROM logs l JOIN people p ON p.id = l.author_id"
	                          " WHERE p.joined_on > (SELECT started_on FROM work_groups"
	                          " WHERE id = p.group_id)") > 0);
	assert_int_equal(fx_int(a->st, "SELECT count(*) FROM logs l JOIN people p ON"
	                               " p.id = l.author_id WHERE l.date < p.joined_on"), 0);
	/* tickets exist, and each one's status is its last event's */
	assert_true(fx_int(a->st, "SELECT count(*) FROM tickets") > 10);
	assert_int_equal(fx_int(a->st,
	    "SELECT count(*) FROM tickets t WHERE t.status <> (SELECT status_after FROM "
	    "ticket_events e WHERE e.ticket_id = t.id ORDER BY e.rev DESC, e.id DESC LIMIT 1)"), 0);
	/* and each history is a legal walk of the life cycle */
	sqlite3_stmt *s;
	sqlite3_prepare_v2(fb_store_db(a->st),
	                   "SELECT ticket_id, kind, status_after FROM ticket_events "
	                   "ORDER BY ticket_id, rev, id", -1, &s, NULL);
	int64_t cur = -1;
	char status[32] = "";
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t tid = sqlite3_column_int64(s, 0);
		const char *kind = (const char *)sqlite3_column_text(s, 1);
		const char *after_db = (const char *)sqlite3_column_text(s, 2);
		if (tid != cur) {
			assert_string_equal(kind, "register");
			cur = tid;
		} else {
			const char *after;
			assert_true(fb_ticket_transition(status, kind, &after));
			assert_string_equal(after, after_db);
		}
		snprintf(status, sizeof status, "%s", after_db);
	}
	sqlite3_finalize(s);
	/* the index built in one pass finds exactly what a scan finds */
	const char *words[] = {"工资", "加班费", "农民工", "劳动合同法"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		char cond[512], sql[700];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM logs l WHERE l.deleted = 0 AND %s",
		         fb_search_log_condition(1, cond, sizeof cond));
		sqlite3_stmt *q;
		assert_int_equal(sqlite3_prepare_v2(fb_store_db(a->st), sql, -1, &q, NULL), SQLITE_OK);
		sqlite3_bind_text(q, 1, words[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		long long indexed = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
		assert_int_equal(sqlite3_prepare_v2(fb_store_db(a->st),
		    "SELECT count(*) FROM logs WHERE deleted = 0 AND (instr(unit, ?1) OR "
		    "instr(content, ?1) OR instr(findings, ?1) OR instr(actions, ?1) OR "
		    "instr(next_step, ?1))", -1, &q, NULL), SQLITE_OK);
		sqlite3_bind_text(q, 1, words[i], -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		assert_int_equal(indexed, sqlite3_column_int64(q, 0));
		assert_true(indexed > 0 || i == 3);
		sqlite3_finalize(q);
	}
	/* the clock moved past the generated revisions */
	assert_true(fb_store_next_rev(a->st) > fx_int(a->st, "SELECT max(rev) FROM logs"));
	fx_free(a);
	fx_free(b);
}

static int cancel_at_half(long done, long total, void *ctx)
{
	(void)ctx;
	return done >= total / 2;
}

static void test_cancel_and_bad_sizes(void **state)
{
	(void)state;
	fixture *fx = fx_new_empty();
	fb_error err = {0};
	fb_demo_opts o = {.logs = 20000, .groups = 2, .progress = cancel_at_half};
	assert_int_not_equal(fb_demo_generate(fx->st, &o, &err), FB_OK);
	/* a load into an empty database is one transaction: all rolled back */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM logs"), 0);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
	                                "AND name LIKE 'logs_fts_%'"), 3);
	/* a small load into a larger database goes in committed batches */
	fb_demo_opts base = {.logs = 12000, .groups = 2};
	assert_int_equal(fb_demo_generate(fx->st, &base, &err), FB_OK);
	fb_demo_opts more = {.logs = 20000, .groups = 2, .progress = cancel_at_half};
	assert_int_not_equal(fb_demo_generate(fx->st, &more, &err), FB_OK);
	long long n = fx_int(fx->st, "SELECT count(*) FROM logs") - 12000;
	assert_true(n < 20000);
	assert_int_equal(n % 5000, 0);
	fb_demo_opts bad = {.logs = -1};
	assert_int_equal(fb_demo_generate(fx->st, &bad, &err), FB_EINVAL);
	fb_demo_opts badg = {.logs = 10, .groups = 5000};
	assert_int_equal(fb_demo_generate(fx->st, &badg, &err), FB_EINVAL);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_and_determinism),
		cmocka_unit_test(test_cancel_and_bad_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
