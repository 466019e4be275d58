/* test_encode.c - the one CSV cell encoder (each kind, each rule, its worst
 * case size), its inverse, the JSON escaper (controls, C1, invisible
 * characters, bad bytes, surrogates) and device labels. */
#include <stdlib.h>
#include <string.h>

#include "fieldbook/encode.h"
#include "testutil.h"

/* s encoded as one cell of kind, as a NUL-terminated string. */
static const char *cell(const char *s, fb_csv_kind kind)
{
	static char out[1024];
	size_t n = strlen(s);
	assert_true(FB_CSV_CELL_MAX(n) < sizeof out);
	size_t k = fb_csv_cell_encode(out, s, n, kind);
	assert_true(k <= FB_CSV_CELL_MAX(n));
	out[k] = 0;
	return out;
}

static void test_csv_text(void **state)
{
	(void)state;
	assert_string_equal(cell("", FB_CSV_TEXT), "");
	assert_string_equal(cell("宏达机械", FB_CSV_TEXT), "宏达机械");
	assert_string_equal(cell("a,b", FB_CSV_TEXT), "\"a,b\"");
	assert_string_equal(cell("say \"hi\"", FB_CSV_TEXT), "\"say \"\"hi\"\"\"");
	assert_string_equal(cell("two\nlines", FB_CSV_TEXT), "\"two\nlines\"");
	/* formulas stay text */
	assert_string_equal(cell("=1+1", FB_CSV_TEXT), "'=1+1");
	assert_string_equal(cell("+86 138", FB_CSV_TEXT), "'+86 138");
	assert_string_equal(cell("-5", FB_CSV_TEXT), "'-5");
	assert_string_equal(cell("@SUM(A1)", FB_CSV_TEXT), "'@SUM(A1)");
	assert_string_equal(cell("\tx", FB_CSV_TEXT), "'\tx");
	assert_string_equal(cell("\rx", FB_CSV_TEXT), "\"'\rx\"");
	assert_string_equal(cell("'quoted", FB_CSV_TEXT), "''quoted");
	assert_string_equal(cell("=HYPERLINK(\"x\",\"y\")", FB_CSV_TEXT),
	                    "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
	/* digits Excel would mangle stay text */
	assert_string_equal(cell("13800138000", FB_CSV_TEXT), "\"=\"\"13800138000\"\"\"");
	assert_string_equal(cell("110101199001011234", FB_CSV_TEXT),
	                    "\"=\"\"110101199001011234\"\"\"");
	assert_string_equal(cell("0571", FB_CSV_TEXT), "\"=\"\"0571\"\"\"");
	assert_string_equal(cell("00", FB_CSV_TEXT), "\"=\"\"00\"\"\"");
	/* digits Excel shows as typed stay as they are */
	assert_string_equal(cell("0", FB_CSV_TEXT), "0");
	assert_string_equal(cell("88888888", FB_CSV_TEXT), "88888888");
	assert_string_equal(cell("2026-11-22", FB_CSV_TEXT), "2026-11-22");
	assert_string_equal(cell("0571-8888", FB_CSV_TEXT), "0571-8888");
}

static void test_csv_number_raw(void **state)
{
	(void)state;
	assert_string_equal(cell("12", FB_CSV_NUMBER), "12");
	assert_string_equal(cell("-12", FB_CSV_NUMBER), "-12");
	assert_string_equal(cell("3.50", FB_CSV_NUMBER), "3.50");
	assert_string_equal(cell("0", FB_CSV_NUMBER), "0");
	assert_string_equal(cell("", FB_CSV_NUMBER), "");
	/* not a plain number: a text cell after all */
	assert_string_equal(cell("-1+1", FB_CSV_NUMBER), "'-1+1");
	assert_string_equal(cell("-", FB_CSV_NUMBER), "'-");
	assert_string_equal(cell("1.", FB_CSV_NUMBER), "1.");
	assert_string_equal(cell("-.5", FB_CSV_NUMBER), "'-.5");
	assert_string_equal(cell("宏达", FB_CSV_NUMBER), "宏达");
	/* a number Excel would still mangle */
	assert_string_equal(cell("012", FB_CSV_NUMBER), "\"=\"\"012\"\"\"");
	assert_string_equal(cell("202611220000000001", FB_CSV_NUMBER),
	                    "\"=\"\"202611220000000001\"\"\"");
	/* raw: quoting only */
	assert_string_equal(cell("group_uuid", FB_CSV_RAW), "group_uuid");
	assert_string_equal(cell("=x", FB_CSV_RAW), "=x");
	assert_string_equal(cell("a\"b", FB_CSV_RAW), "\"a\"\"b\"");
}

/* The worst cases fit the documented bound, and the bound is tight enough
 * to matter (every byte a quote doubles it). */
static void test_csv_worst_case(void **state)
{
	(void)state;
	char in[300], *out = malloc(FB_CSV_CELL_MAX(sizeof in));
	memset(in, '"', sizeof in);
	in[0] = '=';
	size_t k = fb_csv_cell_encode(out, in, sizeof in, FB_CSV_TEXT);
	assert_true(k <= FB_CSV_CELL_MAX(sizeof in));
	assert_int_equal(k, 2 + 1 + 1 + 2 * (sizeof in - 1)); /* quotes, ', =, doubled */
	memset(in, '7', sizeof in);
	k = fb_csv_cell_encode(out, in, sizeof in, FB_CSV_TEXT);
	assert_int_equal(k, sizeof in + 7);
	free(out);
}

/* Restoring what the encoder did (after CSV unquoting) gives the value. */
static void test_csv_restore(void **state)
{
	(void)state;
	static const char *const vals[] = {
		"plain", "=SUM(A1)", "'", "''", "'=", "'x", "-5", "+", "@", "\t", "\r\n",
		"13800138000", "0571", "00", "=\"0571\"", "=\"x\"", "'=\"0571\"", "0",
	};
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		char buf[64];
		size_t n = strlen(vals[i]);
		size_t k = fb_csv_cell_encode(buf, vals[i], n, FB_CSV_TEXT);
		buf[k] = 0;
		/* unquote as a CSV reader does */
		char un[64];
		size_t u = 0;
		if (buf[0] == '"') {
			for (size_t j = 1; j + 1 < k; j++) {
				un[u++] = buf[j];
				if (buf[j] == '"')
					j++;
			}
		} else {
			memcpy(un, buf, k);
			u = k;
		}
		un[u] = 0;
		size_t r = fb_csv_cell_restore(un, u);
		assert_int_equal(r, n);
		assert_string_equal(un, vals[i]);
	}
}

/* s[0..n) as JSON, NUL-terminated. */
static const char *json(const char *s, size_t n)
{
	static char out[1024];
	assert_true(FB_JSON_MAX(n) < sizeof out);
	size_t k = fb_json_encode(out, s, n);
	assert_true(k <= FB_JSON_MAX(n));
	out[k] = 0;
	return out;
}
#define JSON(lit) json(lit, sizeof lit - 1)

static void test_json(void **state)
{
	(void)state;
	assert_string_equal(JSON(""), "\"\"");
	assert_string_equal(JSON("宏达 \"a\\b\""), "\"宏达 \\\"a\\\\b\\\"\"");
	assert_string_equal(JSON("a\nb\r\tc"), "\"a\\nb\\r\\tc\"");
	/* ESC, OSC 52, BEL, DEL, NUL: never raw */
	assert_string_equal(JSON("\033]52;c;aGk=\007"), "\"\\u001b]52;c;aGk=\\u0007\"");
	assert_string_equal(JSON("x\177y"), "\"x\\u007fy\"");
	assert_string_equal(JSON("a\0b"), "\"a\\u0000b\"");
	/* C1 (U+009B is CSI), invisible format characters, line separators */
	assert_string_equal(JSON("\xC2\x9B" "31m"), "\"\\u009b31m\"");
	assert_string_equal(JSON("a\xE2\x80\x8B" "b"), "\"a\\u200bb\"");
	assert_string_equal(JSON("\xE2\x80\xAE" "abc"), "\"\\u202eabc\"");
	assert_string_equal(JSON("\xE2\x80\xA8"), "\"\\u2028\"");
	assert_string_equal(JSON("\xEF\xBB\xBF" "x"), "\"\\ufeffx\"");
	/* a byte that is not UTF-8; a character beyond the BMP kept as is */
	assert_string_equal(JSON("a\xFF" "b"), "\"a\\ufffdb\"");
	assert_string_equal(JSON("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");
	/* worst case: a control in every byte */
	char ctl[100];
	memset(ctl, 1, sizeof ctl);
	assert_int_equal(strlen(json(ctl, sizeof ctl)), FB_JSON_MAX(sizeof ctl));
}

static void test_device_label(void **state)
{
	(void)state;
	char out[FB_DEVICE_LABEL_SIZE];
	/* two devices set up the same minute differ in the label */
	assert_string_equal(fb_device_label("0193a1b2-c3d4-7e5f-8a6b-1c2d3e4f5a6b", out), "3e4f5a6b");
	assert_string_equal(fb_device_label("0193a1b2-c3d4-7e5f-9a6b-77665544aa01", out), "5544aa01");
	assert_string_equal(fb_device_label("csv", out), "csv");
	assert_string_equal(fb_device_label("a-very-long-device-name", out), "a-very-l");
	assert_string_equal(fb_device_label(NULL, out), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_text),      cmocka_unit_test(test_csv_number_raw),
		cmocka_unit_test(test_csv_worst_case), cmocka_unit_test(test_csv_restore),
		cmocka_unit_test(test_json),          cmocka_unit_test(test_device_label),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
