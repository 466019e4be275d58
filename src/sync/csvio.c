/* csvio.c - the CSV writer of bundles and the cell restore that undoes its
 * protection; see csvio.h for the conventions (BOM, CRLF, formula
 * neutralising, digits as ="..."). The reader is in csvread.c. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

#define WBUF (1u << 18)   /* writer buffer */

/* ---------------------------------------------------------------- writer */

static void wflush(fb_csv_writer *w)
{
	if (!w->len || !w->f)
		return;
	fb_sha256_update(&w->sha, w->buf, w->len);
	if (!w->failed && fwrite(w->buf, 1, w->len, w->f) != w->len)
		w->failed = 1;
	w->bytes += w->len;
	w->len = 0;
}

/* Make room for n more bytes (n <= any single cell's worst case). */
static void wreserve(fb_csv_writer *w, size_t n)
{
	if (w->len + n <= w->cap)
		return;
	wflush(w);
	if (w->len + n > w->cap) { /* a huge cell, or no file (export fills chunks) */
		size_t cap = w->cap * 2 > w->len + n ? w->cap * 2 : w->len + n;
		char *nb = realloc(w->buf, cap);
		if (!nb) {
			w->failed = 1;
			return;
		}
		w->buf = nb;
		w->cap = cap;
	}
}

int fb_csv_writer_init(fb_csv_writer *w, FILE *f)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->cap = WBUF;
	w->buf = malloc(w->cap);
	if (!w->buf)
		return -1;
	fb_sha256_init(&w->sha);
	memcpy(w->buf, "\xEF\xBB\xBF", 3);
	w->len = 3;
	return 0;
}

static void wsep(fb_csv_writer *w)
{
	if (w->col++)
		w->buf[w->len++] = ',';
}

/* 1 if s[0..n) holds a byte that forces quoting (" , CR LF). Eight bytes
 * at a time: cells are mostly long Chinese text, and this scan is the
 * exporter's inner loop. */
static int needs_quotes(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t v, hit = 0;
		memcpy(&v, s + i, 8);
		/* bytes equal to c become 0 in v ^ c; the classic "has a zero
		 * byte" test, exact enough here because a false positive only
		 * sends us to the byte loop below */
		static const uint64_t pat[4] = {0x2222222222222222ULL, 0x2C2C2C2C2C2C2C2CULL,
		                                0x0A0A0A0A0A0A0A0AULL, 0x0D0D0D0D0D0D0D0DULL};
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

/* Append s[0..n) to o inside quotes, doubling every quote; returns the end. */
static char *put_quoted(char *o, const char *s, size_t n)
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

/* Write one cell, with an optional prefix and suffix inside the quotes. */
static void wcell(fb_csv_writer *w, const char *pre, size_t pn, const char *s, size_t n,
                  const char *post, size_t qn)
{
	int quote = needs_quotes(pre, pn) || needs_quotes(s, n) || needs_quotes(post, qn);
	/* worst case: every byte a doubled quote, two quotes, a comma */
	wreserve(w, quote ? 2 * (pn + n + qn) + 3 : pn + n + qn + 1);
	if (w->failed)
		return;
	wsep(w);
	char *o = w->buf + w->len;
	if (quote) {
		*o++ = '"';
		o = put_quoted(o, pre, pn);
		o = put_quoted(o, s, n);
		o = put_quoted(o, post, qn);
		*o++ = '"';
	} else {
		memcpy(o, pre, pn);
		memcpy(o + pn, s, n);
		memcpy(o + pn + n, post, qn);
		o += pn + n + qn;
	}
	w->len = (size_t)(o - w->buf);
}

/* A leading character that makes Excel (or LibreOffice) run a formula; the
 * apostrophe itself is escaped too so that restoring is unambiguous. */
static int formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ||
	       c == '\'';
}

/* Digit strings Excel would mangle: 11+ digits (phone, ID numbers lose
 * precision or show as 1.38E+10) or a leading zero (dropped). */
static int excel_digits(const char *s, size_t n)
{
	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n >= 11 || s[0] == '0';
}

void fb_csv_put_text(fb_csv_writer *w, const char *s, size_t n)
{
	if (n && formula_start(s[0]))
		wcell(w, "'", 1, s, n, "", 0);
	else if (excel_digits(s, n))
		wcell(w, "=\"", 2, s, n, "\"", 1);
	else
		wcell(w, "", 0, s, n, "", 0);
}

void fb_csv_put_raw(fb_csv_writer *w, const char *s, size_t n)
{
	wcell(w, "", 0, s, n, "", 0);
}

/* Decimal digits of v into b (at least 21 bytes), not terminated; returns
 * the length. snprintf costs more than the rest of a numeric cell. */
size_t fb_csv_format_int(char *b, int64_t v)
{
	char t[21];
	size_t k = 0, n = 0;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	do
		t[k++] = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		b[n++] = '-';
	while (k)
		b[n++] = t[--k];
	return n;
}

void fb_csv_put_int(fb_csv_writer *w, int64_t v)
{
	wreserve(w, 22);
	if (w->failed)
		return;
	wsep(w);
	w->len += fb_csv_format_int(w->buf + w->len, v);
}

void fb_csv_end_row(fb_csv_writer *w)
{
	wreserve(w, 2);
	if (w->failed)
		return;
	w->buf[w->len++] = '\r';
	w->buf[w->len++] = '\n';
	w->col = 0;
}

int fb_csv_writer_finish(fb_csv_writer *w, char hex[65])
{
	wflush(w);
	if (w->f && fflush(w->f))
		w->failed = 1;
	fb_sha256_hex(&w->sha, hex);
	free(w->buf);
	w->buf = NULL;
	return w->failed ? -1 : 0;
}

size_t fb_csv_cell_restore(char *s, size_t n)
{
	if (n >= 2 && s[0] == '\'' && formula_start(s[1])) {
		memmove(s, s + 1, n);
		return n - 1;
	}
	if (n >= 4 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"' &&
	    excel_digits(s + 2, n - 3)) {
		memmove(s, s + 2, n - 3);
		s[n - 3] = 0;
		return n - 3;
	}
	return n;
}
