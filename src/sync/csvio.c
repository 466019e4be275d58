/* csvio.c - the streaming CSV reader (on libcsv) of bundles; see csvio.h
 * for the conventions (BOM, GB18030 detection, errors with file and line).
 * The writer is csvwrite.c. */
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

#define RBUF (1u << 16)   /* reader chunk */

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
