/* test_log.c - daily logs: validation of every field, writes, tombstones,
 * revisions, keyset pages across equal keys, filters. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static int setup(void **state)
{
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	*state = fx_new();
	return 0;
}

static int teardown(void **state)
{
	fx_free(*state);
	return 0;
}

/* One bad value per case: the field it must name. */
static void test_validation_every_field(void **state)
{
	fixture *fx = *state;
	char longtext[FB_TEXT_MAX_CHARS * 3 + 16];
	memset(longtext, 0, sizeof longtext);
	for (int i = 0; i < FB_TEXT_MAX_CHARS + 1; i++)
		memcpy(longtext + i * 3, "工", 3);
	fb_error err;
	fb_log l;
#define EXPECT_BAD(field_name, stmt)                                             \
	do {                                                                         \
		l = fx_log(fx, "2026-11-20", "走访企业，了解情况。");                   \
		stmt;                                                                    \
		fb_error_clear(&err);                                                    \
		assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_EINVAL);            \
		assert_string_equal(err.field, field_name);                              \
		assert_true(strlen(err.msg) > 0);                                        \
	} while (0)
	EXPECT_BAD("author", l.author_id = 0);
	EXPECT_BAD("author", l.author_id = 9999);
	EXPECT_BAD("date", l.date = NULL);
	EXPECT_BAD("date", l.date = "2026-02-30");
	EXPECT_BAD("date", l.date = "2026-11-23"); /* tomorrow */
	EXPECT_BAD("date", l.date = "2026/11/20"); /* stored form only */
	EXPECT_BAD("unit", l.unit = "");
	EXPECT_BAD("unit", l.unit = "　 ");        /* blank, with an ideographic space */
	EXPECT_BAD("unit", l.unit = "宏达\n机械");
	EXPECT_BAD("activity", l.activity = NULL);
	EXPECT_BAD("activity", l.activity = "dancing");
	EXPECT_BAD("enterprise_kinds", l.enterprise_kinds = 1u << 8);
	EXPECT_BAD("worker_kinds", l.worker_kinds = 1u << 20);
	EXPECT_BAD("enterprises", l.enterprises = -1);
	EXPECT_BAD("enterprises", l.enterprises = 1001);
	EXPECT_BAD("workers", l.workers = 10001);
	EXPECT_BAD("households", l.households = -5);
	EXPECT_BAD("content", l.content = "");
	EXPECT_BAD("content", l.content = longtext);
	EXPECT_BAD("content", l.content = "bad \xFF utf8");
	EXPECT_BAD("content", l.content = "bell \x07");
	EXPECT_BAD("findings", l.findings = "\xC0\xAF");
	EXPECT_BAD("actions", l.actions = longtext);
	EXPECT_BAD("next_step", l.next_step = "esc \x1b[31m");
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM logs"), 0);

	/* the edges that are fine */
	l = fx_log(fx, "2026-11-22", "多行\n内容\t也可以");
	l.enterprise_kinds = 0xFF;
	l.worker_kinds = 0xFF;
	l.workers = 10000;
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	assert_true(l.id > 0);
	assert_true(fb_uuid_valid(l.uuid));
}

static void test_insert_get_update_delete(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_log l = fx_log(fx, "2026-11-20", "到宏达机械走访，与职工座谈。");
	l.findings = "拖欠工资";
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	fb_log got;
	assert_int_equal(fb_log_get(fx->st, l.id, 0, &got, &err), FB_OK);
	assert_string_equal(got.content, "到宏达机械走访，与职工座谈。");
	assert_string_equal(got.findings, "拖欠工资");
	assert_string_equal(got.author_name, "王伟");
	assert_int_equal(got.group_id, fx->group_id);
	assert_string_equal(got.origin, fb_store_device(fx->st));
	int64_t rev1 = got.rev;
	fb_log upd = got;
	upd.content = "改过的内容";
	assert_int_equal(fb_log_update(fx->st, &upd, &err), FB_OK);
	assert_true(upd.rev > rev1);
	fb_log_free(&got);
	assert_int_equal(fb_log_get(fx->st, l.id, 0, &got, &err), FB_OK);
	assert_string_equal(got.content, "改过的内容");
	assert_int_equal(got.rev, upd.rev);
	int64_t rev2 = got.rev;
	fb_log_free(&got);

	/* tombstone: gone from reads and lists, kept with a newer revision */
	assert_int_equal(fb_log_delete(fx->st, l.id, &err), FB_OK);
	assert_int_equal(fb_log_get(fx->st, l.id, 0, &got, &err), FB_ENOTFOUND);
	assert_int_equal(fb_log_get(fx->st, l.id, 1, &got, &err), FB_OK);
	assert_int_equal(got.deleted, 1);
	assert_true(got.rev > rev2);
	fb_log_free(&got);
	fb_log_row rows[10];
	assert_int_equal(fb_log_page(fx->st, NULL, FB_PAGE_FIRST, NULL, rows, 10, &err), 0);
	/* a tombstone cannot be edited or deleted again */
	upd = fx_log(fx, "2026-11-20", "再改");
	upd.id = l.id;
	assert_int_equal(fb_log_update(fx->st, &upd, &err), FB_ENOTFOUND);
	assert_int_equal(fb_log_delete(fx->st, l.id, &err), FB_ENOTFOUND);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM logs WHERE deleted = 1"), 1);
}

/* Revisions order edits: every write gets a larger one than all before. */
static void test_revision_ordering(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t last = 0;
	for (int i = 0; i < 50; i++) {
		fb_log l = fx_log(fx, "2026-11-21", "内容");
		assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
		assert_true(l.rev > last);
		last = l.rev;
		if (i % 2 == 0) {
			assert_int_equal(fb_log_update(fx->st, &l, &err), FB_OK);
			assert_true(l.rev > last);
			last = l.rev;
		}
	}
	assert_int_equal(fx_int(fx->st, "SELECT count(DISTINCT rev) FROM logs"), 50);
	/* a clock from another device ahead of ours: later local edits still win */
	fb_store_observe_rev(fx->st, last + ((int64_t)86400000 << 16));
	fb_log l = fx_log(fx, "2026-11-21", "内容");
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	assert_true(l.rev > last + ((int64_t)86400000 << 16));
}

/* Pages of 7 over 40 logs, many on the same date: every log exactly once,
 * in (date, id) order, forward and backward. */
static void test_pagination_equal_keys(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	const char *dates[] = {"2026-11-20", "2026-11-20", "2026-11-20", "2026-11-19", "2026-11-21"};
	for (int i = 0; i < 40; i++) {
		fb_log l = fx_log(fx, dates[i % 5], "内容");
		assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	}
	fb_log_row rows[7], all[64];
	int total = 0, n;
	fb_cursor cur;
	fb_page_dir dir = FB_PAGE_FIRST;
	while ((n = fb_log_page(fx->st, NULL, dir, &cur, rows, 7, &err)) > 0) {
		memcpy(all + total, rows, (size_t)n * sizeof rows[0]);
		total += n;
		fb_log_row_cursor(&rows[n - 1], NULL, &cur);
		dir = FB_PAGE_NEXT;
	}
	assert_int_equal(n, 0);
	assert_int_equal(total, 40);
	for (int i = 1; i < total; i++) {
		int c = strcmp(all[i - 1].date, all[i].date);
		assert_true(c > 0 || (c == 0 && all[i - 1].id > all[i].id)); /* newest first */
	}
	/* backward from the end gives the same rows */
	n = fb_log_page(fx->st, NULL, FB_PAGE_LAST, NULL, rows, 7, &err);
	assert_int_equal(n, 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(rows[i].id, all[33 + i].id);
	int back = 33;
	while (back > 0) {
		fb_log_row_cursor(&rows[0], NULL, &cur);
		n = fb_log_page(fx->st, NULL, FB_PAGE_PREV, &cur, rows, 7, &err);
		int expect = back < 7 ? back : 7;
		assert_int_equal(n, expect);
		for (int i = 0; i < n; i++)
			assert_int_equal(rows[i].id, all[back - n + i].id);
		back -= n;
	}
	/* AT re-reads from a row itself */
	fb_log_row_cursor(&all[10], NULL, &cur);
	n = fb_log_page(fx->st, NULL, FB_PAGE_AT, &cur, rows, 3, &err);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].id, all[10].id);
	/* ascending order */
	fb_log_filter asc = {.ascending = 1};
	n = fb_log_page(fx->st, &asc, FB_PAGE_FIRST, NULL, rows, 7, &err);
	assert_string_equal(rows[0].date, "2026-11-19");
	assert_int_equal(rows[0].id, all[39].id);
	/* a page without a cursor is an error, not a crash */
	assert_int_equal(fb_log_page(fx->st, NULL, FB_PAGE_NEXT, NULL, rows, 7, &err), -1);
}

static void test_filters(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_log a = fx_log(fx, "2026-11-10", "走访职工家庭，了解困难职工生活。");
	a.activity = "household_visit";
	fb_log b = fx_log(fx, "2026-11-15", "与企业座谈，职工反映加班费问题。");
	b.author_id = fx->other_id;
	fb_log c = fx_log(fx, "2026-11-20", "政策宣讲。");
	c.findings = "拖欠工资两个月";
	assert_int_equal(fb_log_insert(fx->st, &a, &err), FB_OK);
	assert_int_equal(fb_log_insert(fx->st, &b, &err), FB_OK);
	assert_int_equal(fb_log_insert(fx->st, &c, &err), FB_OK);
	fb_log_row rows[10];
	fb_log_filter f = {.date_from = "2026-11-11", .date_to = "2026-11-20"};
	assert_int_equal(fb_log_page(fx->st, &f, FB_PAGE_FIRST, NULL, rows, 10, &err), 2);
	fb_log_filter g = {.author_id = fx->other_id};
	assert_int_equal(fb_log_page(fx->st, &g, FB_PAGE_FIRST, NULL, rows, 10, &err), 1);
	assert_int_equal(rows[0].id, b.id);
	fb_log_filter h = {.activity = "household_visit"};
	assert_int_equal(fb_log_page(fx->st, &h, FB_PAGE_FIRST, NULL, rows, 10, &err), 1);
	assert_int_equal(rows[0].id, a.id);
	fb_log_filter t = {.text = "加班"};
	assert_int_equal(fb_log_page(fx->st, &t, FB_PAGE_FIRST, NULL, rows, 10, &err), 1);
	assert_int_equal(rows[0].id, b.id);
	fb_log_filter t2 = {.text = "拖欠工资"}; /* found in findings */
	assert_int_equal(fb_log_page(fx->st, &t2, FB_PAGE_FIRST, NULL, rows, 10, &err), 1);
	assert_int_equal(rows[0].id, c.id);
	fb_log_filter t3 = {.text = "不存在的词"};
	assert_int_equal(fb_log_page(fx->st, &t3, FB_PAGE_FIRST, NULL, rows, 10, &err), 0);
	fb_log_filter grp = {.group_id = fx->group_id, .date_to = "2026-11-15"};
	assert_int_equal(fb_log_page(fx->st, &grp, FB_PAGE_FIRST, NULL, rows, 10, &err), 2);
	/* the excerpt is cut at a character boundary */
	assert_true(fb_utf8_valid(rows[0].excerpt, strlen(rows[0].excerpt)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_validation_every_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert_get_update_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_revision_ordering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pagination_equal_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
