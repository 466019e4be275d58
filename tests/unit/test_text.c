/* test_text.c - UTF-8 decoding, display widths, fitting to columns. */
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static void test_widths(void **state)
{
	(void)state;
	assert_int_equal(fb_text_width("abc"), 3);
	assert_int_equal(fb_text_width("工资"), 4);
	assert_int_equal(fb_text_width("李　习"), 6);         /* full-width space is wide */
	assert_int_equal(fb_text_width("Ａ１"), 4);            /* full-width forms */
	assert_int_equal(fb_text_width("e\xCC\x81"), 1);       /* e + combining acute */
	assert_int_equal(fb_text_width("“工”…"), 5);          /* ambiguous: one column each */
	assert_int_equal(fb_text_width("😀"), 2);
	assert_int_equal(fb_text_width("\xF0\xA0\x80\x80"), 2); /* CJK extension B */
	assert_int_equal(fb_cp_width(0x1F), 0);
	assert_int_equal(fb_cp_width(0x200B), 0);              /* zero width space */
	assert_int_equal(fb_cp_width(0xAC00), 2);              /* Hangul */
}

static void test_fit_never_splits_wide(void **state)
{
	(void)state;
	char out[64];
	/* 5 columns of 工资问题 (8 cols): 工资 (4) + … (1) */
	assert_string_equal(fb_text_fit("工资问题", 5, out, sizeof out), "工资…");
	/* 6 columns: 工资 (4) + … + 1 pad: never half of 问 */
	assert_string_equal(fb_text_fit("工资问题", 6, out, sizeof out), "工资… ");
	assert_int_equal(fb_text_width(out), 6);
	/* fits exactly: no ellipsis, no padding */
	assert_string_equal(fb_text_fit("工资问题", 8, out, sizeof out), "工资问题");
	/* shorter: padded by columns, not bytes */
	assert_string_equal(fb_text_fit("工资", 7, out, sizeof out), "工资   ");
	assert_string_equal(fb_text_fit("abc", 0, out, sizeof out), "");
	assert_string_equal(fb_text_cut("工资问题", 5, out, sizeof out), "工资…");
	assert_string_equal(fb_text_cut("ab", 5, out, sizeof out), "ab");
	/* every width from 0 to 12 yields exactly that many columns */
	for (int w = 0; w <= 12; w++)
		assert_int_equal(fb_text_width(fb_text_fit("a工b资c问题", w, out, sizeof out)), w);
}

static void test_fit_sanitises(void **state)
{
	(void)state;
	char out[64];
	assert_string_equal(fb_text_fit("a\nb\tc", 5, out, sizeof out), "a b c");
	/* invalid bytes and controls become U+FFFD, one column each */
	assert_string_equal(fb_text_fit("a\xFF" "b", 3, out, sizeof out), "a\xEF\xBF\xBD" "b");
	assert_string_equal(fb_text_fit("a\x01", 2, out, sizeof out), "a\xEF\xBF\xBD");
	/* a small output buffer is never overrun or cut mid-character */
	char tiny[5];
	fb_text_fit("工资问题", 8, tiny, sizeof tiny);
	assert_true(strlen(tiny) < sizeof tiny);
	assert_memory_equal(tiny, "工", 3);
	assert_true(fb_utf8_valid(tiny, strlen(tiny)));
}

static void test_prefix_and_copy(void **state)
{
	(void)state;
	char out[8];
	assert_int_equal(fb_text_prefix("工资abc", 3), 3);   /* 工 only: 资 would need 4 */
	assert_int_equal(fb_text_prefix("工资abc", 4), 6);
	assert_int_equal(fb_text_prefix("工资abc", 100), 9);
	assert_string_equal(fb_text_copy("工资问题", out, sizeof out), "工资"); /* 7 bytes room */
	assert_int_equal(fb_utf8_chars("工资ab"), 4);
}

/* Cases after Markus Kuhn's UTF-8 decoder stress test. */
static void test_decoder(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(fb_utf8_decode("\xE5\xB7\xA5", 3, &cp), 3);
	assert_int_equal(cp, 0x5DE5);
	assert_int_equal(fb_utf8_decode("\xC0\xAF", 2, &cp), 1); /* overlong / */
	assert_int_equal(cp, FB_REPLACEMENT);
	assert_int_equal(fb_utf8_decode("\xE0\x80\xAF", 3, &cp), 1); /* overlong */
	assert_int_equal(cp, FB_REPLACEMENT);
	assert_int_equal(fb_utf8_decode("\xED\xA0\x80", 3, &cp), 1); /* surrogate */
	assert_int_equal(cp, FB_REPLACEMENT);
	assert_int_equal(fb_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 1); /* > U+10FFFF */
	assert_int_equal(fb_utf8_decode("\xE5\xB7", 2, &cp), 1); /* truncated */
	assert_int_equal(fb_utf8_decode("\x80", 1, &cp), 1);     /* lone continuation */
	assert_int_equal(cp, FB_REPLACEMENT);
	assert_int_equal(fb_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1F600);
	assert_true(fb_utf8_valid("工资 ok \xEF\xBF\xBD", strlen("工资 ok \xEF\xBF\xBD")));
	assert_false(fb_utf8_valid("a\xFF", 2));
	assert_false(fb_utf8_valid("\xED\xA0\x80", 3));
	char buf[4];
	for (uint32_t c = 1; c < 0x110000; c += 97) {
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		size_t k = fb_utf8_encode(c, buf);
		assert_int_equal(fb_utf8_decode(buf, k, &cp), k);
		assert_int_equal(cp, c);
	}
}

static void test_visible_escapes(void **state)
{
	(void)state;
	char out[128];
	/* ESC, OSC 52 and a C1 CSI become escapes; Chinese stays */
	assert_string_equal(fb_text_visible("工资\x1b]52;c;eA==\x07", 0, out, sizeof out),
	                    "工资<U+001B>]52;c;eA==<U+0007>");
	assert_string_equal(fb_text_visible("a\xc2\x9b" "31mb", 0, out, sizeof out), "a<U+009B>31mb");
	/* CR always, LF and TAB only where kept */
	assert_string_equal(fb_text_visible("a\rb\nc\td", 0, out, sizeof out),
	                    "a<U+000D>b<U+000A>c<U+0009>d");
	assert_string_equal(fb_text_visible("a\rb\nc\td", FB_VISIBLE_KEEP_NL | FB_VISIBLE_KEEP_TAB,
	                                    out, sizeof out), "a<U+000D>b\nc\td");
	/* invisible format characters and a byte that is not UTF-8 */
	assert_string_equal(fb_text_visible("\xef\xbb\xbf李\xe2\x80\x8b习\xe2\x80\xae", 0, out,
	                                    sizeof out), "<U+FEFF>李<U+200B>习<U+202E>");
	assert_string_equal(fb_text_visible("a\xff" "b", 0, out, sizeof out), "a<0xFF>b");
	/* a cut never splits an escape or a character */
	assert_string_equal(fb_text_visible("ab\x1b", 0, out, 8), "ab");
	assert_string_equal(fb_text_visible("a工", 0, out, 4), "a");
	char *d = fb_text_visible_dup("x\x7fy", 0);
	assert_string_equal(d, "x<U+007F>y");
	free(d);
	assert_int_equal(fb_cp_unsafe(0x3000), 0); /* the full-width space is text */
	assert_int_equal(fb_cp_unsafe(0x00AD), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_fit_never_splits_wide),
		cmocka_unit_test(test_fit_sanitises),
		cmocka_unit_test(test_prefix_and_copy),
		cmocka_unit_test(test_decoder),
		cmocka_unit_test(test_visible_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
