/* fuzz_text.c - invariants of the core's text and date parsing on any bytes:
 * the UTF-8 decoder (progress, round trip, no surrogates), fb_text_fit /
 * fb_text_cut / fb_text_prefix (exact or bounded display width, valid UTF-8
 * out, no control characters) and fb_date_parse (what it accepts is a real
 * date that formats and parses back to itself). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/text.h"

#define CHECK(c)                                                                   \
	do {                                                                             \
		if (!(c)) {                                                                  \
			fprintf(stderr, "fuzz_text: %s:%d: %s\n", __FILE__, __LINE__, #c);      \
			abort();                                                                 \
		}                                                                            \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1); /* "today", "昨天" */
	return 0;
}

/* The decoder on raw bytes: progress, bounds, round trip. */
static void check_decoder(const char *s, size_t n)
{
	size_t i = 0;
	int valid = 1;
	while (i < n) {
		uint32_t cp;
		size_t k = fb_utf8_decode(s + i, n - i, &cp);
		CHECK(k >= 1 && k <= 4 && k <= n - i);
		CHECK(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));
		if (cp == FB_REPLACEMENT && k == 1) {
			valid = 0;
		} else {
			char buf[4];
			CHECK(fb_utf8_encode(cp, buf) == k);
			CHECK(memcmp(buf, s + i, k) == 0);
		}
		i += k;
	}
	CHECK(fb_utf8_valid(s, n) == valid);
}

/* out is valid UTF-8 without control characters; returns its width. */
static size_t check_display(const char *out)
{
	size_t n = strlen(out), i = 0;
	CHECK(fb_utf8_valid(out, n));
	while (i < n) {
		uint32_t cp;
		i += fb_utf8_decode(out + i, n - i, &cp);
		CHECK(cp >= 0x20 && !(cp >= 0x7F && cp < 0xA0));
	}
	return fb_text_width(out);
}

static void check_fit(const char *s, int cols)
{
	static char out[4 * 512 + 8];
	if (cols < 0 || cols > 500)
		return;
	fb_text_fit(s, cols, out, sizeof out);
	CHECK(check_display(out) == (size_t)cols);
	fb_text_cut(s, cols, out, sizeof out);
	CHECK(check_display(out) <= (size_t)cols);
	/* a small buffer: never overflows, still valid */
	char small[7];
	fb_text_fit(s, cols, small, sizeof small);
	CHECK(strlen(small) < sizeof small);
	check_display(small);

	size_t p = fb_text_prefix(s, cols);
	CHECK(p <= strlen(s));
	char *pre = strndup(s, p);
	CHECK(pre != NULL);
	CHECK(fb_text_width(pre) <= (size_t)cols);
	free(pre);
}

static void check_date(const char *s)
{
	fb_date d;
	fb_error err;
	memset(&err, 0, sizeof err);
	fb_status st = fb_date_parse(s, &d, "date", &err);
	if (st != FB_OK) {
		CHECK(st == FB_EINVAL);
		CHECK(err.msg[0] != '\0');
		return;
	}
	CHECK(fb_date_valid(d));
	char buf[11];
	fb_date_format(d, buf);
	fb_date again;
	CHECK(fb_date_parse(buf, &again, "date", NULL) == FB_OK);
	CHECK(again.y == d.y && again.m == d.m && again.d == d.d);
	CHECK(fb_date_from_days(fb_date_to_days(d)).d == d.d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *raw = (const char *)data;
	check_decoder(raw, size);
	char *s = strndup(raw, size); /* up to the first NUL */
	if (!s)
		return 0;
	size_t w = fb_text_width(s);
	int first = size ? data[0] % 64 : 0;
	check_fit(s, 0);
	check_fit(s, 1);
	check_fit(s, 2);
	check_fit(s, first);
	check_fit(s, (int)w - 1);
	check_fit(s, (int)w);
	check_fit(s, (int)w + 1);
	check_date(s);
	free(s);
	return 0;
}
