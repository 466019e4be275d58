/* csvio.c - streaming CSV reader (on libcsv) and writer for bundles; see
 * csvio.h for the conventions (BOM, CRLF, formula neutralising, digits as
 * ="...", GB18030 detection). */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fieldbook/i18n.h"
#include "fieldbook/text.h"

#define WBUF (1u << 18)   /* writer buffer */
#define RBUF (1u << 16)   /* reader chunk */

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

/* ---------------------------------------------------------------- reader */

struct fb_csv_reader {
	char name[256];          /* input name for errors */
	fb_csv_read_fn fn;       /* byte source */
	void *src;
	const char *str;         /* string source */
	size_t str_len, str_pos;
	FILE *file;              /* file source */
	struct csv_parser p;
	fb_error err;            /* first error */
	long cursor;             /* physical line the next record starts on */
	char *arena;             /* the current record's fields, NUL-separated */
	size_t alen, acap;
	size_t off[FB_CSV_MAX_FIELDS];
	size_t len[FB_CSV_MAX_FIELDS];
	int n;                   /* fields in the current record */
	long nl;                 /* newlines inside the current record's fields */
	char **header;           /* column names of the first record, for errors */
	int nheader;
	int stop;                /* row callback asked to stop, or an error */
	fb_csv_row_fn row;
	void *ctx;
	int gb;                  /* input is GB18030, converted with cd */
	iconv_t cd;
	char carry[8];           /* incomplete GB18030 sequence between chunks */
	size_t ncarry;
	fb_sha256 sha;           /* hash of the raw input */
	uint64_t bytes;          /* raw bytes read */
};

/* libcsv grows its field buffer with this: refusing beyond the cap turns a
 * huge field into CSV_ENOMEM instead of unbounded memory. */
static void *capped_realloc(void *p, size_t n)
{
	if (n > FB_CSV_MAX_FIELD + 4096)
		return NULL;
	return realloc(p, n);
}

static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

fb_csv_reader *fb_csv_reader_new(const char *name, fb_csv_read_fn fn, void *src)
{
	fb_csv_reader *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	snprintf(r->name, sizeof r->name, "%s", name ? name : "");
	r->fn = fn;
	r->src = src;
	r->cursor = 1;
	r->cd = (iconv_t)-1;
	fb_sha256_init(&r->sha);
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL)) {
		free(r);
		return NULL;
	}
	csv_set_realloc_func(&r->p, capped_realloc);
	csv_set_space_func(&r->p, no_space);
	csv_set_blk_size(&r->p, 64u << 10); /* libcsv grows fields by this much */
	return r;
}

static ssize_t read_string(void *src, char *buf, size_t n)
{
	fb_csv_reader *r = src;
	size_t left = r->str_len - r->str_pos;
	if (n > left)
		n = left;
	memcpy(buf, r->str + r->str_pos, n);
	r->str_pos += n;
	return (ssize_t)n;
}

static ssize_t read_file(void *src, char *buf, size_t n)
{
	fb_csv_reader *r = src;
	size_t k = fread(buf, 1, n, r->file);
	if (k == 0 && ferror(r->file))
		return -1;
	return (ssize_t)k;
}

fb_csv_reader *fb_csv_reader_string(const char *name, const char *s, size_t n)
{
	fb_csv_reader *r = fb_csv_reader_new(name, read_string, NULL);
	if (r) {
		r->src = r;
		r->str = s;
		r->str_len = n;
	}
	return r;
}

fb_csv_reader *fb_csv_reader_file(const char *name, FILE *f)
{
	fb_csv_reader *r = fb_csv_reader_new(name, read_file, NULL);
	if (r) {
		r->src = r;
		r->file = f;
	}
	return r;
}

void fb_csv_reader_free(fb_csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	for (int i = 0; i < r->nheader; i++)
		free(r->header[i]);
	free(r->header);
	free(r->arena);
	free(r);
}

long fb_csv_reader_line(const fb_csv_reader *r)
{
	return r->cursor;
}

const char *fb_csv_reader_name(const fb_csv_reader *r)
{
	return r->name;
}

const fb_error *fb_csv_reader_err(const fb_csv_reader *r)
{
	return &r->err;
}

int fb_csv_reader_converted(const fb_csv_reader *r)
{
	return r->gb;
}

void fb_csv_reader_sha(fb_csv_reader *r, char hex[65])
{
	fb_sha256 copy = r->sha;
	fb_sha256_hex(&copy, hex);
}

uint64_t fb_csv_reader_bytes(const fb_csv_reader *r)
{
	return r->bytes;
}

void fb_csv_reader_fail(fb_csv_reader *r, fb_status code, const char *field, const char *fmt,
                        ...)
{
	r->stop = 1;
	if (r->err.code)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fb_error_set(&r->err, code, field, "%s", msg);
	fb_error_at(&r->err, r->name, r->cursor);
}

/* 1 if s[0..n) is valid UTF-8 (no overlongs, surrogates or code points
 * past U+10FFFF): the per-field check, with a fast path over ASCII. */
static int utf8_ok(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	while (s < end) {
		if (end - s >= 8) {
			uint64_t v;
			memcpy(&v, s, 8);
			if (!(v & 0x8080808080808080ULL)) {
				s += 8;
				continue;
			}
		}
		unsigned c = *s;
		if (c < 0x80) {
			s++;
		} else if (c >= 0xC2 && c <= 0xDF) {
			if (end - s < 2 || (s[1] & 0xC0) != 0x80)
				return 0;
			s += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (end - s < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
			    (c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
				return 0;
			s += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (end - s < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
			    (s[3] & 0xC0) != 0x80 || (c == 0xF0 && s[1] < 0x90) ||
			    (c == 0xF4 && s[1] > 0x8F))
				return 0;
			s += 4;
		} else {
			return 0;
		}
	}
	return 1;
}

/* Length of the valid UTF-8 prefix of s, letting an incomplete sequence at
 * the very end pass (it continues in the next chunk). */
static size_t utf8_prefix_ok(const char *s, size_t n, int *bad)
{
	size_t i = 0;
	*bad = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : (c & 0xF0) == 0xE0 ? 2
		         : c >= 0xF0 && c <= 0xF4 ? 3 : 9;
		if (k == 9) {
			*bad = 1;
			return i;
		}
		if (i + k >= n)
			return n; /* incomplete tail: judged later */
		if (!fb_utf8_valid(s + i, k + 1)) {
			*bad = 1;
			return i;
		}
		i += k + 1;
	}
	return n;
}

static const char *colname(fb_csv_reader *r, int i)
{
	return i < r->nheader ? r->header[i] : "";
}

static void on_field(void *data, size_t n, void *ctx)
{
	fb_csv_reader *r = ctx;
	if (r->stop)
		return;
	const char *s = data ? data : "";
	if (r->n >= FB_CSV_MAX_FIELDS) {
		fb_csv_reader_fail(r, FB_EFORMAT, "", _("more than %d columns"), FB_CSV_MAX_FIELDS);
		return;
	}
	if (n > FB_CSV_MAX_FIELD) {
		fb_csv_reader_fail(r, FB_EFORMAT, colname(r, r->n),
		                   _("field longer than %u bytes"), FB_CSV_MAX_FIELD);
		return;
	}
	if (memchr(s, 0, n)) {
		fb_csv_reader_fail(r, FB_EFORMAT, colname(r, r->n), _("NUL byte in the field"));
		return;
	}
	if (!utf8_ok(s, n)) {
		fb_csv_reader_fail(r, FB_EFORMAT, colname(r, r->n),
		                   _("invalid UTF-8; save the file as \"CSV UTF-8\""));
		return;
	}
	if (r->alen + n + 1 > r->acap) {
		size_t cap = r->acap ? r->acap : 4096;
		while (cap < r->alen + n + 1)
			cap *= 2;
		char *a = realloc(r->arena, cap);
		if (!a) {
			fb_csv_reader_fail(r, FB_ENOMEM, "", _("out of memory"));
			return;
		}
		r->arena = a;
		r->acap = cap;
	}
	for (const char *q = s; (q = memchr(q, '\n', n - (size_t)(q - s))); q++)
		r->nl++;
	memcpy(r->arena + r->alen, s, n);
	r->arena[r->alen + n] = 0;
	r->off[r->n] = r->alen;
	r->len[r->n] = n;
	r->alen += n + 1;
	r->n++;
}

static void on_row(int c, void *ctx)
{
	fb_csv_reader *r = ctx;
	if (r->stop)
		return;
	if (r->n == 0) { /* a blank line (or the LF of a CRLF) */
		if (c == '\n')
			r->cursor++;
		return;
	}
	char *field[FB_CSV_MAX_FIELDS];
	for (int i = 0; i < r->n; i++)
		field[i] = r->arena + r->off[i];
	if (!r->header) {
		r->header = calloc((size_t)r->n, sizeof *r->header);
		for (int i = 0; r->header && i < r->n; i++) {
			r->header[i] = strdup(field[i]);
			if (r->header[i])
				r->nheader = i + 1;
		}
	}
	if (r->row(r, field, r->len, r->n, r->ctx))
		r->stop = 1;
	r->cursor += r->nl + (c == '\n');
	r->nl = 0;
	r->n = 0;
	r->alen = 0;
}

/* Feed decoded UTF-8 bytes to libcsv; 0 or -1 on a parse error. */
static int feed(fb_csv_reader *r, const char *s, size_t n)
{
	if (csv_parse(&r->p, s, n, on_field, on_row, r) != n && !r->stop) {
		int e = csv_error(&r->p);
		if (e == CSV_EPARSE)
			fb_csv_reader_fail(r, FB_EFORMAT, colname(r, r->n),
			                   _("unbalanced or misplaced quote"));
		else
			fb_csv_reader_fail(r, FB_EFORMAT, colname(r, r->n),
			                   _("field longer than %u bytes"), FB_CSV_MAX_FIELD);
		return -1;
	}
	return r->stop ? -1 : 0;
}

/* Convert a chunk of GB18030 into UTF-8 and feed it. */
static int feed_gb(fb_csv_reader *r, const char *s, size_t n, int last)
{
	char in[RBUF + sizeof r->carry];
	memcpy(in, r->carry, r->ncarry);
	memcpy(in + r->ncarry, s, n);
	char *ip = in;
	size_t il = r->ncarry + n;
	r->ncarry = 0;
	char out[RBUF * 2];
	while (il) {
		char *op = out;
		size_t ol = sizeof out;
		size_t k = iconv(r->cd, &ip, &il, &op, &ol);
		if (feed(r, out, (size_t)(op - out)))
			return -1;
		if (k != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && !last && il < sizeof r->carry) {
			memcpy(r->carry, ip, il);
			r->ncarry = il;
			break;
		}
		fb_csv_reader_fail(r, FB_EFORMAT, colname(r, r->n),
		                   _("neither UTF-8 nor GB18030 text: save the file as \"CSV UTF-8\""));
		return -1;
	}
	return 0;
}

/* Decide the encoding from the first chunk: UTF-8 (with or without BOM) or
 * GB18030 (Excel on Chinese Windows); UTF-16 is refused. */
static int sniff(fb_csv_reader *r, char **s, size_t *n)
{
	unsigned char *u = (unsigned char *)*s;
	if (*n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*s += 3;
		*n -= 3;
		return 0;
	}
	if (*n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		fb_csv_reader_fail(r, FB_EFORMAT, "",
		                   _("UTF-16 text: save the file as \"CSV UTF-8 (comma delimited)\""));
		return -1;
	}
	int bad;
	utf8_prefix_ok(*s, *n, &bad);
	if (!bad)
		return 0;
	r->cd = iconv_open("UTF-8", "GB18030");
	if (r->cd == (iconv_t)-1)
		return 0;
	/* GB18030 only if the whole chunk converts. */
	char *ip = *s, out[RBUF * 2];
	size_t il = *n;
	while (il) {
		char *op = out;
		size_t ol = sizeof out;
		if (iconv(r->cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		if (errno == EINVAL && il < 4)
			break;
		iconv(r->cd, NULL, NULL, NULL, NULL);
		return 0; /* not GB either: the UTF-8 check reports it */
	}
	iconv(r->cd, NULL, NULL, NULL, NULL);
	r->gb = 1;
	return 0;
}

fb_status fb_csv_read(fb_csv_reader *r, fb_csv_row_fn row, void *ctx)
{
	char buf[RBUF];
	int first = 1;
	r->row = row;
	r->ctx = ctx;
	for (;;) {
		ssize_t k = r->fn(r->src, buf, sizeof buf);
		if (k < 0) {
			fb_csv_reader_fail(r, FB_EIO, "", _("cannot read: %s"), strerror(errno));
			return r->err.code;
		}
		fb_sha256_update(&r->sha, buf, (size_t)k);
		r->bytes += (uint64_t)k;
		char *s = buf;
		size_t n = (size_t)k;
		int last = k == 0;
		if (first && n) {
			first = 0;
			if (sniff(r, &s, &n))
				return r->err.code;
		}
		if (r->gb) {
			if (feed_gb(r, s, n, last))
				break;
		} else {
			/* UTF-8: libcsv takes any split of the input; each field is
			 * validated whole in on_field. */
			if (feed(r, s, n))
				break;
		}
		if (last) {
			if (csv_fini(&r->p, on_field, on_row, r) && !r->stop)
				fb_csv_reader_fail(r, FB_EFORMAT, colname(r, r->n),
				                   _("unbalanced quote: a quoted field is not closed"));
			break;
		}
	}
	return r->err.code;
}
