/* test_report_text.c - the report text wrapper: display widths and Chinese
 * line breaking (no closing punctuation at the start of a line, no opening
 * bracket at the end of one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/report.h"
#include "fieldbook/text.h"
#include "report_text.h"
#include "testutil.h"

static char *wrap(const char *text, int width)
{
	fb_sb b = {0};
	fb_sb_wrap(&b, text, width);
	char *out = fb_sb_take(&b);
	assert_non_null(out);
	return out;
}

/* Lines of out, each checked: never starts with a closer, never ends with an opener. */
static void assert_kinsoku(const char *out)
{
	static const char *closers[] = {"。", "，", "、", "；", "：", "！",
	                                "？", "）", "」", "』", "》"};
	static const char *openers[] = {"（", "「", "『", "《"};
	for (const char *p = out; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *q = p;
		while (q < p + n && *q == ' ')
			q++;
		for (size_t i = 0; i < sizeof closers / sizeof closers[0]; i++)
			if (!strncmp(q, closers[i], strlen(closers[i])))
				fail_msg("line starts with %s:\n%s", closers[i], out);
		for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++) {
			size_t k = strlen(openers[i]);
			if (n >= k && !strncmp(p + n - k, openers[i], k))
				fail_msg("line ends with %s:\n%s", openers[i], out);
		}
		p += n + (nl ? 1 : 0);
	}
}

static void test_plain_cjk_wrap(void **state)
{
	(void)state;
	/* Ten characters at 10 columns: five a line, cut at character boundaries. */
	char *out = wrap("一二三四五六七八九十", 10);
	assert_string_equal(out, "一二三四五\n六七八九十");
	free(out);
}

static void test_closer_pulls_previous_char_down(void **state)
{
	(void)state;
	/* "。" would start line 2: 五 goes down with it. */
	char *out = wrap("一二三四五。六七八九", 10);
	assert_string_equal(out, "一二三四\n五。六七八\n九");
	assert_kinsoku(out);
	free(out);
	/* Several closers in a row go down together with the character before. */
	out = wrap("一二三四五」。六七八九", 10);
	assert_string_equal(out, "一二三四\n五」。六七\n八九");
	free(out);
}

static void test_opener_never_ends_a_line(void **state)
{
	(void)state;
	/* "（" would end line 1: it goes down. */
	char *out = wrap("一二三四（五六）七八九", 10);
	assert_string_equal(out, "一二三四\n（五六）七\n八九");
	assert_kinsoku(out);
	free(out);
	out = wrap("走访「宏达机械」时，职工反映《劳动合同》签订不规范。", 10);
	assert_kinsoku(out);
	free(out);
}

static void test_hang_when_nothing_to_pull(void **state)
{
	(void)state;
	/* At the minimum width of 10, a line of one character and closers:
	 * the punctuation hangs past the page rather than loop or start a line. */
	char *out = wrap("一。。。。。二", 10);
	assert_kinsoku(out);
	assert_string_equal(out, "一。。。。。\n二");
	free(out);
}

static void test_long_text_and_indent(void **state)
{
	(void)state;
	/* Every width from 10 to 40: the rules hold, nothing is lost. */
	const char *text = "- 本周走访企业7家，其中困难企业2家（宏达机械、新华纺织）；"
			   "职工反映“拖欠工资”、“社保未缴”等问题，已协调解决。下周回访。";
	for (int w = 10; w <= 40; w++) {
		char *out = wrap(text, w);
		assert_kinsoku(out);
		/* the same characters without the breaks and the indent */
		char joined[1024] = "";
		size_t j = 0;
		for (const char *p = out; *p; p++) {
			if (*p == '\n') {
				while (p[1] == ' ')
					p++;
				continue;
			}
			joined[j++] = *p;
		}
		joined[j] = 0;
		assert_string_equal(joined, text);
		/* no line wider than the page (nothing here needs to hang) */
		for (const char *p = out; *p;) {
			const char *nl = strchr(p, '\n');
			char line[512];
			snprintf(line, sizeof line, "%.*s", nl ? (int)(nl - p) : (int)strlen(p), p);
			assert_true((int)fb_text_width(line) <= w);
			p += strlen(line) + (nl ? 1 : 0);
		}
		free(out);
	}
}

/* One label per kind for every front end: from the kind, from its stored
 * code, and back from the label a person types. */
static void test_kind_labels(void **state)
{
	(void)state;
	for (int k = 0; k < FB_REPORT_NKINDS; k++) {
		const char *label = fb_report_kind_label((fb_report_kind)k);
		assert_true(*label);
		assert_string_equal(fb_report_kind_label_of(fb_report_kind_code((fb_report_kind)k)),
		                    label);
		assert_int_equal(fb_report_kind_resolve(label), k);
	}
	assert_string_equal(fb_report_kind_label_of("weekly"), "Weekly report");
	assert_string_equal(fb_report_kind_label_of("quarterly"), "quarterly"); /* unknown: as is */
	assert_string_equal(fb_report_kind_label(FB_REPORT_NKINDS), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_cjk_wrap),
		cmocka_unit_test(test_closer_pulls_previous_char_down),
		cmocka_unit_test(test_opener_never_ends_a_line),
		cmocka_unit_test(test_hang_when_nothing_to_pull),
		cmocka_unit_test(test_long_text_and_indent),
		cmocka_unit_test(test_kind_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
