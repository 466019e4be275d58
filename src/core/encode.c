/* encode.c - the CSV cell encoder, its inverse, the JSON string escaper
 * and device labels (see encode.h for the rules). The CSV encoder is the
 * bundle exporter's inner loop: it scans eight bytes at a time and copies
 * with memcpy. */
#include <stdint.h>
#include <string.h>

#include "fieldbook/encode.h"
#include "fieldbook/text.h"

/* ---------------------------------------------------------------- CSV */

/* 1 if s[0..n) holds a byte that forces quoting (" , CR LF). Cells are
 * mostly long Chinese text: eight bytes at a time with the classic "has a
 * zero byte" test (bytes equal to c become 0 in v ^ c); a false positive
 * only sends the scan to the byte loop. */
static int needs_quotes(const char *s, size_t n)
{
	static const uint64_t pat[4] = {0x2222222222222222ULL, 0x2C2C2C2C2C2C2C2CULL,
	                                0x0A0A0A0A0A0A0A0AULL, 0x0D0D0D0D0D0D0D0DULL};
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v, hit = 0;
		memcpy(&v, s + i, 8);
		for (int k = 0; k < 4; k++) {
			uint64_t x = v ^ pat[k];
			hit |= (x - ones) & ~x & highs;
		}
		if (hit)
			break;
	}
	for (; i < n; i++) {
		char c = s[i];
		if (c == '"' || c == ',' || c == '\n' || c == '\r')
			return 1;
	}
	return 0;
}

/* Append s[0..n) to o with every quote doubled; returns the end. */
static char *put_doubled(char *o, const char *s, size_t n)
{
	const char *end = s + n;
	while (s < end) {
		const char *d = memchr(s, '"', (size_t)(end - s));
		size_t k = d ? (size_t)(d - s) + 1 : (size_t)(end - s);
		memcpy(o, s, k);
		o += k;
		if (d)
			*o++ = '"';
		s += k;
	}
	return o;
}

/* A leading character that makes a spreadsheet run a formula, or the
 * apostrophe that marks a neutralised one. */
static int formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ||
	       c == '\'';
}

/* Digit strings Excel would mangle: 11 digits or more, or 2 or more with a
 * leading zero. */
static int excel_digits(const char *s, size_t n)
{
	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n >= 11 || s[0] == '0';
}

/* 1 if s[0..n) is a plain decimal number: -?digits(.digits)?. */
static int plain_number(const char *s, size_t n)
{
	size_t i = s[0] == '-', digits = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (!digits)
		return 0;
	if (i < n && s[i] == '.') {
		size_t frac = 0;
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			frac++;
		if (!frac)
			return 0;
	}
	return i == n;
}

/* One cell: pre, then s[0..n), then post, quoted if any needs it. */
static size_t put_cell(char *out, const char *pre, size_t pn, const char *s, size_t n,
                       const char *post, size_t qn)
{
	char *o = out;
	if (needs_quotes(pre, pn) || needs_quotes(s, n) || needs_quotes(post, qn)) {
		*o++ = '"';
		o = put_doubled(o, pre, pn);
		o = put_doubled(o, s, n);
		o = put_doubled(o, post, qn);
		*o++ = '"';
	} else {
		memcpy(o, pre, pn);
		o += pn;
		memcpy(o, s, n);
		o += n;
		memcpy(o, post, qn);
		o += qn;
	}
	return (size_t)(o - out);
}

size_t fb_csv_cell_encode(char *out, const char *s, size_t n, fb_csv_kind kind)
{
	if (!n)
		return 0;
	if (kind == FB_CSV_RAW || (kind == FB_CSV_NUMBER && plain_number(s, n) && !excel_digits(s, n)))
		return put_cell(out, "", 0, s, n, "", 0);
	if (formula_start(s[0]))
		return put_cell(out, "'", 1, s, n, "", 0);
	if (excel_digits(s, n))
		return put_cell(out, "=\"", 2, s, n, "\"", 1);
	return put_cell(out, "", 0, s, n, "", 0);
}

size_t fb_csv_cell_restore(char *s, size_t n)
{
	if (n >= 2 && s[0] == '\'' && formula_start(s[1])) {
		memmove(s, s + 1, n);
		return n - 1;
	}
	if (n >= 4 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"' && excel_digits(s + 2, n - 3)) {
		memmove(s, s + 2, n - 3);
		s[n - 3] = 0;
		return n - 3;
	}
	return n;
}

/* ---------------------------------------------------------------- JSON */

/* \uXXXX for one UTF-16 unit. */
static char *put_u(char *o, unsigned u)
{
	static const char hex[] = "0123456789abcdef";
	*o++ = '\\';
	*o++ = 'u';
	for (int sh = 12; sh >= 0; sh -= 4)
		*o++ = hex[(u >> sh) & 15];
	return o;
}

size_t fb_json_encode(char *out, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	char *o = out;
	*o++ = '"';
	while (s < end) {
		/* a run of printable ASCII, copied at once */
		const unsigned char *run = s;
		while (s < end && *s >= 0x20 && *s < 0x7F && *s != '"' && *s != '\\')
			s++;
		memcpy(o, run, (size_t)(s - run));
		o += s - run;
		if (s == end)
			break;
		unsigned c = *s;
		if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
			s++;
		} else if (c == '\n' || c == '\r' || c == '\t') {
			*o++ = '\\';
			*o++ = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
			s++;
		} else if (c < 0x80) { /* the other C0 controls and DEL */
			o = put_u(o, c);
			s++;
		} else {
			uint32_t cp;
			size_t k = fb_utf8_decode((const char *)s, (size_t)(end - s), &cp);
			if (cp == FB_REPLACEMENT && k == 1) {
				o = put_u(o, FB_REPLACEMENT); /* not UTF-8 */
			} else if (fb_cp_unsafe(cp)) {
				if (cp > 0xFFFF) {
					cp -= 0x10000;
					o = put_u(o, 0xD800 + (cp >> 10));
					o = put_u(o, 0xDC00 + (cp & 0x3FF));
				} else {
					o = put_u(o, cp);
				}
			} else {
				memcpy(o, s, k);
				o += k;
			}
			s += k;
		}
	}
	*o++ = '"';
	return (size_t)(o - out);
}

/* ---------------------------------------------------------------- devices */

char *fb_device_label(const char *device, char out[FB_DEVICE_LABEL_SIZE])
{
	device = device ? device : "";
	if (strlen(device) == 36 && device[8] == '-' && device[13] == '-' && device[18] == '-' &&
	    device[23] == '-')
		device += 28; /* the last 8 of the 12 random hex digits */
	return fb_text_copy(device, out, FB_DEVICE_LABEL_SIZE);
}
