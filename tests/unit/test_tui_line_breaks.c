/* test_tui_line_breaks.c - Chinese line breaking in both wrappers: the
 * report and statistics text (fb_sb_wrap, src/core/report_text.c) and the
 * TUI's detail screens (tui_view_draw, src/tui/view.c). Over many widths
 * and texts thick with punctuation, no wrapped line starts with closing
 * punctuation (，。、；：！？）」』》〉】〕”’…) and no text is lost or
 * doubled; the report wrapper also never ends a line with an opening
 * bracket. (The CLI's tables do not wrap: src/cli/output.c cuts cells.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fieldbook/text.h"
#include "report_text.h"
#include "cbuf.h"
#include "ledit.h"
#include "view.h"

static const char *const texts[] = {
	"走访宏达机械时，职工反映：“加班费计算不规范。”企业表示（月底前）整改！是否属实？待核实。",
	"他说：“好。”然后走了。她问：“真的吗？”我答：“是的！”大家都笑了。",
	"一二三四五六七八九十，一二三四五六七八九十。一二三四五六七八九十、一二三四五六七八九十；",
	"《劳动合同法》「第三十条」『工资』〈附件〉【通报】〔二〇二六〕“引号”‘单引号’……完。",
	"问题清单：拖欠工资（两个月）、社会保险（未缴）、劳动合同（未签）。已移交县人社局。",
};

/* Runs of punctuation longer than a line: some line must start (or end)
 * with punctuation; the text must still come out whole. */
static const char *const pathological[] = {
	"好。。。。。。。。。。。。。。。。。。。。。。。。。。。。好",
	"（（（（（（（（（（（（开头））））））））））））结尾。",
};

/* Closing punctuation that must not start a line. */
static int starts_with_closer(const char *s)
{
	static const char *const closers[] = {"，", "。", "、", "；", "：", "！", "？", "）", "」",
	                                      "』", "》", "〉", "】", "〕", "”",  "’",  "…"};
	for (size_t i = 0; i < sizeof closers / sizeof closers[0]; i++)
		if (!strncmp(s, closers[i], strlen(closers[i])))
			return 1;
	return 0;
}

/* Opening punctuation that must not end a line (of len bytes). */
static int ends_with_opener(const char *s, size_t len)
{
	static const char *const openers[] = {"（", "「", "『", "《", "〈", "【", "〔", "“", "‘"};
	for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++) {
		size_t n = strlen(openers[i]);
		if (len >= n && !strncmp(s + len - n, openers[i], n))
			return 1;
	}
	return 0;
}

/* A wrapped line of the text is acceptable; the whole text is kept. */
static void check_lines(const char *what, const char *text, int width, char **lines, int n,
                        int check_openers)
{
	size_t total = 0;
	for (int i = 0; i < n; i++) {
		const char *l = lines[i];
		if (check_openers >= 0 && i > 0 && starts_with_closer(l))
			fail_msg("%s at width %d: line %d starts with punctuation: \"%s\" (text "
			         "\"%s\")",
			         what, width, i + 1, l, text);
		if (check_openers > 0 && i + 1 < n && ends_with_opener(l, strlen(l)))
			fail_msg("%s at width %d: line %d ends with an opening bracket: \"%s\"",
			         what, width, i + 1, l);
		total += strlen(l);
	}
	char *joined = calloc(1, total + 1);
	assert_non_null(joined);
	for (int i = 0; i < n; i++)
		strcat(joined, lines[i]);
	if (strcmp(joined, text))
		fail_msg("%s at width %d: text changed:\n  \"%s\"\n  \"%s\"", what, width, joined,
		         text);
	free(joined);
}

/* Wrap text at width with fb_sb_wrap and check the lines (rules: 1 both
 * ends, -1 only that the text is whole). */
static void report_wrap(const char *text, int width, int rules)
{
	fb_sb b = {0};
	fb_sb_wrap(&b, text, width);
	char *out = fb_sb_take(&b);
	assert_non_null(out);
	char *lines[256];
	int n = 0;
	for (char *save = NULL, *l = strtok_r(out, "\n", &save); l && n < 256;
	     l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	check_lines("fb_sb_wrap", text, width, lines, n, rules);
	free(out);
}

static void test_report_wrap(void **state)
{
	(void)state;
	for (int width = 10; width <= 44; width++) {
		for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
			report_wrap(texts[t], width, 1);
		for (size_t t = 0; t < sizeof pathological / sizeof pathological[0]; t++)
			report_wrap(pathological[t], width, -1);
	}
}

/* Draw text in a view width columns wide and check its rows (rules: 0
 * closers, -1 only that the text is whole). */
static void view_wrap(const char *text, int width, int rules)
{
	enum { ROWS = 64 };
	tui_view v;
	tui_view_init(&v);
	tui_view_add(&v, TUI_A_NORMAL, 0, "%s", text);
	tui_cbuf *b = tui_cbuf_new(ROWS, width);
	tui_view_draw(&v, b, 0, 0, ROWS, width);
	assert_true(v.total < ROWS);
	static char rows[ROWS][512];
	char *lines[ROWS];
	for (int r = 0; r < v.total; r++) {
		tui_cbuf_row(b, r, rows[r], sizeof rows[r]);
		assert_true((int)fb_text_width(rows[r]) <= width);
		lines[r] = rows[r];
	}
	check_lines("tui_view_draw", text, width, lines, v.total, rules);
	tui_cbuf_free(b);
	tui_view_free(&v);
}

static void test_view_wrap(void **state)
{
	(void)state;
	for (int width = 6; width <= 44; width++) {
		for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
			view_wrap(texts[t], width, 1);
		for (size_t t = 0; t < sizeof pathological / sizeof pathological[0]; t++)
			view_wrap(pathological[t], width, -1);
	}
}

/* Type text into a multi-line editor width columns wide and check its
 * visual lines, as the form draws them (rules as report_wrap). */
static void ledit_wrap(const char *text, int width, int rules)
{
	tui_ledit e;
	tui_ledit_init(&e, 1, 4000);
	tui_ledit_set(&e, text);
	int n = tui_ledit_lines(&e, width);
	assert_true(n < 64);
	static char rows[64][512];
	char *lines[64];
	for (int r = 0; r < n; r++) {
		tui_ledit_line_text(&e, width, r, rows[r], sizeof rows[r]);
		assert_true((int)fb_text_width(rows[r]) <= width);
		lines[r] = rows[r];
	}
	check_lines("tui_ledit", text, width, lines, n, rules);
	/* the cursor walks the same lines: the end is on the last one */
	int l, c;
	tui_ledit_pos(&e, e.len, width, &l, &c);
	assert_int_equal(l, n - 1);
	tui_ledit_free(&e);
}

static void test_ledit_wrap(void **state)
{
	(void)state;
	for (int width = 6; width <= 44; width++) {
		for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++)
			ledit_wrap(texts[t], width, 1);
		for (size_t t = 0; t < sizeof pathological / sizeof pathological[0]; t++)
			ledit_wrap(pathological[t], width, -1);
	}
	/* 10 columns: 五个字; the comma takes 五 down with it */
	tui_ledit e;
	char row[128];
	tui_ledit_init(&e, 1, 100);
	tui_ledit_set(&e, "一二三四五，六七");
	assert_string_equal(tui_ledit_line_text(&e, 10, 0, row, sizeof row), "一二三四");
	assert_string_equal(tui_ledit_line_text(&e, 10, 1, row, sizeof row), "五，六七");
	/* an opening bracket goes down with what it opens */
	tui_ledit_set(&e, "一二三四（五）");
	assert_string_equal(tui_ledit_line_text(&e, 10, 0, row, sizeof row), "一二三四");
	tui_ledit_free(&e);
}

/* The check itself: a line that starts with 。 is caught. */
static void test_the_check_fails(void **state)
{
	(void)state;
	assert_true(starts_with_closer("。然后"));
	assert_true(starts_with_closer("”然后"));
	assert_false(starts_with_closer("然后。"));
	assert_true(ends_with_opener("然后（", strlen("然后（")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_check_fails),
		cmocka_unit_test(test_report_wrap),
		cmocka_unit_test(test_view_wrap),
		cmocka_unit_test(test_ledit_wrap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
