/* test_search_index.c - the bigram search index: what it finds, that it
 * finds it through the index, and that triggers keep it in step with logs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "search.h"
#include "fieldbook/store.h"
#include "sqlstore.h"

struct fx {
	char path[64];
	fb_store *st;
};

static void exec_ok(fb_store *st, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(fb_store_db(st), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* Insert a live log with the given date and content; returns its id. */
static long add_log(fb_store *st, const char *date, const char *unit, const char *content)
{
	sqlite3_stmt *s;
	const char *sql =
	    "INSERT INTO logs(uuid, group_id, author_id, date, unit, activity, content, origin, rev,"
	    " updated_at) VALUES (lower(hex(randomblob(16))), 1, 1, ?1, ?2, 'research', ?3, 'dev',"
	    " 1, '2026-11-22T00:00:00Z')";
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, content, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	return (long)sqlite3_last_insert_rowid(fb_store_db(st));
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	snprintf(f->path, sizeof f->path, "/tmp/fb_search_%d.db", (int)getpid());
	unlink(f->path);
	fb_error err;
	if (fb_store_open(f->path, FB_OPEN_CREATE, &f->st, &err) != FB_OK)
		fail_msg("open: %s", err.msg);
	exec_ok(f->st,
	        "INSERT INTO work_groups(id, uuid, name, origin, rev, updated_at) VALUES"
	        " (1, 'g1', '第一组', 'dev', 1, 'x');"
	        "INSERT INTO people(id, uuid, group_id, name, origin, rev, updated_at) VALUES"
	        " (1, 'p1', 1, '李明', 'dev', 1, 'x');");
	add_log(f->st, "2026-11-02", "红星机械厂", "走访职工，了解到拖欠工资三个月。");       /* 1 */
	add_log(f->st, "2026-11-03", "东方纺织公司", "加班时间过长，工人反映强烈。");         /* 2 */
	add_log(f->st, "2026-11-01", "城南街道工会", "政策宣讲：欠薪问题的法律援助渠道。");   /* 3 */
	add_log(f->st, "2026-11-03", "ABC Logistics 物流", "与工会主席座谈，资金紧张，工期拖欠。"); /* 4 */
	add_log(f->st, "2026-11-04", "新华电子厂", "职工工资按时发放，未发现问题。");         /* 5 */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	fb_store_close(f->st);
	char p[80];
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	free(f);
	return 0;
}

/* Ids matching text through the plain condition, ascending, as "1,5". */
static void ids_cond(fb_store *st, const char *text, char *out, size_t size)
{
	char cond[512], sql[800];
	snprintf(sql, sizeof sql, "SELECT l.id FROM logs l WHERE l.deleted = 0 AND %s ORDER BY l.id",
	         fb_search_log_condition(1, cond, sizeof cond));
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(fb_search_bind(s, 1, text, NULL), FB_OK);
	out[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW) {
		size_t n = strlen(out);
		snprintf(out + n, size - n, "%s%lld", n ? "," : "", sqlite3_column_int64(s, 0));
	}
	sqlite3_finalize(s);
}

static void finds_two_character_words(void **state)
{
	struct fx *f = *state;
	char got[64];
	ids_cond(f->st, "工资", got, sizeof got);
	assert_string_equal(got, "1,5");
	ids_cond(f->st, "欠薪", got, sizeof got);
	assert_string_equal(got, "3");
	ids_cond(f->st, "加班", got, sizeof got);
	assert_string_equal(got, "2");
	ids_cond(f->st, "罢工", got, sizeof got);
	assert_string_equal(got, "");
}

static void verifies_longer_words(void **state)
{
	struct fx *f = *state;
	char got[64];
	ids_cond(f->st, "拖欠工资", got, sizeof got);
	assert_string_equal(got, "1");
	/* log 4 has 工期拖欠 and 资金 but not 拖欠工资 */
	ids_cond(f->st, "欠工", got, sizeof got);
	assert_string_equal(got, "1");
	ids_cond(f->st, "法律援助", got, sizeof got);
	assert_string_equal(got, "3");
	/* words across punctuation are not adjacent: 职工，了 */
	ids_cond(f->st, "职工了", got, sizeof got);
	assert_string_equal(got, "");
	/* several words: all must occur */
	ids_cond(f->st, "工资 按时", got, sizeof got);
	assert_string_equal(got, "5");
	ids_cond(f->st, "工资　拖欠", got, sizeof got); /* full-width space */
	assert_string_equal(got, "1");
}

static void single_characters_and_ascii(void **state)
{
	struct fx *f = *state;
	char got[64];
	ids_cond(f->st, "薪", got, sizeof got);
	assert_string_equal(got, "3");
	ids_cond(f->st, "。", got, sizeof got); /* punctuation only: every log, verified */
	assert_string_equal(got, "1,2,3,4,5");
	ids_cond(f->st, "：", got, sizeof got);
	assert_string_equal(got, "3");
	ids_cond(f->st, "logistics", got, sizeof got);
	assert_string_equal(got, "4");
	ids_cond(f->st, "ABC", got, sizeof got);
	assert_string_equal(got, "4");
	ids_cond(f->st, "Logist", got, sizeof got);
	assert_string_equal(got, "4");
}

static void triggers_follow_changes(void **state)
{
	struct fx *f = *state;
	char got[64];
	exec_ok(f->st, "UPDATE logs SET content = '工人反映食堂伙食差。' WHERE id = 2");
	ids_cond(f->st, "加班", got, sizeof got);
	assert_string_equal(got, "");
	ids_cond(f->st, "食堂", got, sizeof got);
	assert_string_equal(got, "2");
	exec_ok(f->st, "UPDATE logs SET deleted = 1 WHERE id = 1");
	ids_cond(f->st, "工资", got, sizeof got);
	assert_string_equal(got, "5");
	exec_ok(f->st, "UPDATE logs SET deleted = 0 WHERE id = 1");
	ids_cond(f->st, "工资", got, sizeof got);
	assert_string_equal(got, "1,5");
	exec_ok(f->st, "UPDATE logs SET date = '2026-10-01', workers = 3 WHERE id = 5");
	exec_ok(f->st, "DELETE FROM logs WHERE id = 3");
	ids_cond(f->st, "欠薪", got, sizeof got);
	assert_string_equal(got, "");
	exec_ok(f->st, "INSERT INTO logs_fts(logs_fts, rank) VALUES ('integrity-check', 0)");
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(f->st), "SELECT count(*) FROM logs_fts "
	                                    "WHERE logs_fts MATCH '\"工资\"'", -1, &s, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 2);
	sqlite3_finalize(s);
}

/* The list seam: rows in (date, id) order, newest first, keyset by key. */
static void ordered_pages_through_the_index(void **state)
{
	struct fx *f = *state;
	char match[512], key[128], sql[1500];
	snprintf(sql, sizeof sql,
	         "SELECT l.id, l.date FROM %s WHERE %s AND %s < %s ORDER BY %s DESC LIMIT 2",
	         fb_search_log_from(), fb_search_log_match(1, 0, 0, match, sizeof match),
	         fb_search_log_order(), fb_search_log_key(2, 3, key, sizeof key),
	         fb_search_log_order());
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(f->st), sql, -1, &s, NULL), SQLITE_OK);
	/* 工 occurs in every log; newest first: 5 (11-04), 4 (11-03), 2 (11-03), 1, 3 */
	const char *dates[] = {"9999-12-31", "2026-11-03", "2026-11-02"};
	long ids[] = {0, 4, 1}; /* cursor after each page */
	const char *want[] = {"5,4", "2,1", "3"};
	for (int p = 0; p < 3; p++) {
		sqlite3_reset(s);
		fb_search_bind(s, 1, "工", NULL);
		sqlite3_bind_text(s, 2, dates[p], -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, p == 0 ? 4294967295 : ids[p]);
		char got[32] = "";
		while (sqlite3_step(s) == SQLITE_ROW) {
			size_t n = strlen(got);
			snprintf(got + n, sizeof got - n, "%s%lld", n ? "," : "", sqlite3_column_int64(s, 0));
		}
		assert_string_equal(got, want[p]);
	}
	sqlite3_finalize(s);

	/* A date range is a key range: 11-02 .. 11-03 holds 4, 2 and 1. */
	char range_sql[1500];
	snprintf(range_sql, sizeof range_sql, "SELECT group_concat(id) FROM (SELECT l.id FROM %s "
	         "WHERE %s ORDER BY %s DESC)", fb_search_log_from(),
	         fb_search_log_match(1, 2, 3, match, sizeof match), fb_search_log_order());
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(f->st), range_sql, -1, &s, NULL), SQLITE_OK);
	fb_search_bind(s, 1, "工", NULL);
	sqlite3_bind_text(s, 2, "2026-11-02", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, "2026-11-03", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "4,2,1");
	sqlite3_finalize(s);

	/* The plan reads the index in order: no scan of logs, no sort. */
	char plan[2048] = "", eqp[1600];
	snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(fb_store_db(f->st), eqp, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		size_t n = strlen(plan);
		snprintf(plan + n, sizeof plan - n, "%s\n", sqlite3_column_text(s, 3));
	}
	sqlite3_finalize(s);
	assert_non_null(strstr(plan, "VIRTUAL TABLE INDEX"));
	assert_non_null(strstr(plan, "INTEGER PRIMARY KEY"));
	assert_null(strstr(plan, "TEMP B-TREE"));
	assert_null(strstr(plan, "SCAN l\n"));
	assert_null(strstr(plan, "SCAN l USING"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(finds_two_character_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(verifies_longer_words, setup, teardown),
	    cmocka_unit_test_setup_teardown(single_characters_and_ascii, setup, teardown),
	    cmocka_unit_test_setup_teardown(triggers_follow_changes, setup, teardown),
	    cmocka_unit_test_setup_teardown(ordered_pages_through_the_index, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
