/* csvread.c - the streaming CSV reader of bundles (on libcsv): encoding
 * decided on evidence, line numbers that count every kind of line end, and
 * bad cells either fatal or named one by one (tolerant mode). See csvio.h. */
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fieldbook/i18n.h"
#include "fieldbook/text.h"

#define RBUF (1u << 16)     /* bytes read at a time */
#define HOLD_MAX (1u << 20) /* raw bytes held at most before the encoding is decided */
#define HOLD_HIGH 512       /* ... or as soon as this many are not ASCII */

enum { P_NONE, P_UTF8, P_NUL }; /* what is wrong with a cell */

struct fb_csv_reader {
	char name[256];    /* input name for errors */
	fb_csv_read_fn fn; /* byte source */
	void *src;
	const char *str; /* string source */
	size_t str_len, str_pos;
	FILE *file; /* file source */
	struct csv_parser p;
	fb_error err; /* first error */
	long cursor;  /* physical line the next record starts on */
	int after_cr; /* the last line end was a CR: an LF right after it is
	                            the second half of a CRLF */
	char *arena;  /* the current record's fields, NUL-separated */
	size_t alen, acap;
	size_t off[FB_CSV_MAX_FIELDS];
	size_t len[FB_CSV_MAX_FIELDS];
	unsigned char problem[FB_CSV_MAX_FIELDS]; /* P_* per cell of the current record */
	int n;                                    /* fields in the current record */
	long nl;                                  /* line ends inside the current record's fields */
	char **header;                            /* column names of the first record, for errors */
	int nheader;
	int stop;     /* row callback asked to stop, or an error */
	int tolerant; /* bad cells are named, not fatal */
	fb_csv_row_fn row;
	void *ctx;
	int decided; /* the encoding is known */
	int gb;      /* input is GB18030, converted with cd */
	iconv_t cd;
	char carry[8]; /* incomplete GB18030 sequence between chunks */
	size_t ncarry;
	char *hold;               /* raw bytes held until the encoding is decided */
	size_t hlen, hcap, hskip; /* ... their length, room, and a BOM to skip */
	size_t held_high;         /* bytes >= 0x80 among them */
	fb_sha256 sha;            /* hash of the raw input */
	uint64_t bytes;           /* raw bytes read */
};

/* libcsv grows its field buffer with this: refusing beyond the cap turns a
 * huge field into CSV_ENOMEM instead of unbounded memory. */
static void *capped_realloc(void *p, size_t n)
{
	if (n > FB_CSV_MAX_FIELD + 4096)
		return NULL;
	return realloc(p, n);
}

/* Spaces are data: the importer decides which cells are trimmed. */
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

/* The reader's input from a string: up to n bytes into buf, 0 at the end. */
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

/* The reader's input from a file: up to n bytes, 0 at the end, -1 on a read error. */
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
	free(r->hold);
	free(r);
}

long fb_csv_reader_line(const fb_csv_reader *r) { return r->cursor; }

const char *fb_csv_reader_name(const fb_csv_reader *r) { return r->name; }

const fb_error *fb_csv_reader_err(const fb_csv_reader *r) { return &r->err; }

int fb_csv_reader_converted(const fb_csv_reader *r) { return r->gb; }

void fb_csv_reader_tolerant(fb_csv_reader *r, int on) { r->tolerant = on; }

/* What P_* means, translated (NULL for a good cell). */
static const char *problem_text(int p)
{
	switch (p) {
	case P_UTF8: return _("invalid UTF-8; save the file as \"CSV UTF-8\"");
	case P_NUL: return _("NUL byte in the field");
	default: return NULL;
	}
}

const char *fb_csv_reader_problem(const fb_csv_reader *r, int i)
{
	return i >= 0 && i < r->n ? problem_text(r->problem[i]) : NULL;
}

void fb_csv_reader_sha(fb_csv_reader *r, char hex[65])
{
	fb_sha256 copy = r->sha;
	fb_sha256_hex(&copy, hex);
}

uint64_t fb_csv_reader_bytes(const fb_csv_reader *r) { return r->bytes; }

void fb_csv_reader_fail(fb_csv_reader *r, fb_status code, const char *field, const char *fmt, ...)
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

/* Line ends in s[0..n): LF, CRLF and a lone CR count one each (memchr:
 * most cells have none). */
static long line_ends(const char *s, size_t n)
{
	long k = 0;
	const char *end = s + n;
	for (const char *p = s; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		k++;
	for (const char *p = s; (p = memchr(p, '\r', (size_t)(end - p))); p++)
		k += p + 1 == end || p[1] != '\n';
	return k;
}

/* The header's name of cell i, for errors ("" before or beyond the header). */
static const char *colname(fb_csv_reader *r, int i) { return i < r->nheader ? r->header[i] : ""; }

/* libcsv's cell callback: check the cell, count its line ends, keep it. */
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
		fb_csv_reader_fail(r, FB_EFORMAT, colname(r, r->n), _("field longer than %u bytes"),
		                   FB_CSV_MAX_FIELD);
		return;
	}
	int problem = memchr(s, 0, n) ? P_NUL : !fb_utf8_valid(s, n) ? P_UTF8 : P_NONE;
	r->nl += line_ends(s, n);
	if (problem && !r->tolerant) {
		fb_csv_reader_fail(r, FB_EFORMAT, colname(r, r->n), "%s", problem_text(problem));
		return;
	}
	if (problem)
		n = 0; /* handed out empty, with its problem named */
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
	memcpy(r->arena + r->alen, s, n);
	r->arena[r->alen + n] = 0;
	r->off[r->n] = r->alen;
	r->len[r->n] = n;
	r->problem[r->n] = (unsigned char)problem;
	r->alen += n + 1;
	r->n++;
}

/* Keep the first record's cells as the column names used in errors. */
static void keep_header(fb_csv_reader *r, char **field)
{
	r->header = calloc((size_t)r->n, sizeof *r->header);
	for (int i = 0; r->header && i < r->n; i++) {
		r->header[i] = strdup(field[i]);
		if (!r->header[i])
			break;
		r->nheader = i + 1;
	}
}

/* End of a record (c: the CR or LF that ended it, -1 at the end of input);
 * with CSV_REPALL_NL every unquoted CR and LF ends one, so a CRLF gives a
 * record and then an empty one. */
static void on_row(int c, void *ctx)
{
	fb_csv_reader *r = ctx;
	if (r->stop)
		return;
	int eol = c == '\r' || c == '\n';
	if (r->n == 0) { /* a blank line, or the LF of a CRLF */
		if (c == '\n' && r->after_cr)
			r->after_cr = 0;
		else if (eol) {
			r->cursor++;
			r->after_cr = c == '\r';
		}
		return;
	}
	char *field[FB_CSV_MAX_FIELDS];
	for (int i = 0; i < r->n; i++)
		field[i] = r->arena + r->off[i];
	if (!r->header)
		keep_header(r, field);
	if (r->row(r, field, r->len, r->n, r->ctx))
		r->stop = 1;
	r->cursor += r->nl + eol;
	r->after_cr = c == '\r';
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

/* Convert at most RBUF bytes of GB18030 (after what was carried over from
 * the previous piece) into UTF-8 and feed it. */
static int feed_gb_piece(fb_csv_reader *r, const char *s, size_t n, int last)
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
		fb_csv_reader_fail(
			r, FB_EFORMAT, colname(r, r->n),
			_("neither UTF-8 nor GB18030 text: save the file as \"CSV UTF-8\""));
		return -1;
	}
	return 0;
}

/* Feed raw input in the decided encoding. */
static int feed_raw(fb_csv_reader *r, const char *s, size_t n, int last)
{
	if (!r->gb)
		return feed(r, s, n); /* libcsv takes any split; cells are checked whole */
	do {
		size_t k = n < RBUF ? n : RBUF;
		if (feed_gb_piece(r, s, k, last && k == n))
			return -1;
		s += k;
		n -= k;
	} while (n);
	return 0;
}

/* Over s[0..n): how many bytes >= 0x80 there are (*high) and how many of
 * them make up valid UTF-8 sequences (*covered). An incomplete sequence at
 * the end counts as neither, unless the input ends there. */
static void utf8_evidence(const unsigned char *s, size_t n, int at_end, size_t *high, size_t *covered)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k = c >= 0xC2 && c <= 0xDF   ? 2
		           : c >= 0xE0 && c <= 0xEF ? 3
		           : c >= 0xF0 && c <= 0xF4 ? 4
		                                    : 0;
		if (k && i + k > n && !at_end)
			break;
		if (k && i + k <= n && fb_utf8_valid((const char *)s + i, k)) {
			*high += k;
			*covered += k;
			i += k;
		} else {
			(*high)++;
			i++;
		}
	}
}

/* How many characters of the GB2312 area (both bytes 0xA1-0xFE: the
 * common Chinese characters, as Excel writes them in GBK) s[0..n) holds
 * when read as GB18030. A stray byte before an ASCII letter is none. */
static size_t gb2312_chars(const unsigned char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] < 0x80 || i + 1 >= n) {
			i++;
		} else if (s[i + 1] >= 0x30 && s[i + 1] <= 0x39) {
			i += 4; /* a four-byte sequence */
		} else {
			k += s[i] >= 0xA1 && s[i] <= 0xFE && s[i + 1] >= 0xA1 && s[i + 1] <= 0xFE;
			i += 2;
		}
	}
	return k;
}

/* 1 if the held bytes convert wholly from GB18030 and hold Chinese
 * characters of the GB2312 area. */
static int reads_as_gb(fb_csv_reader *r, int at_end)
{
	char *ip = r->hold + r->hskip, out[16384];
	size_t il = r->hlen - r->hskip;
	if (!gb2312_chars((const unsigned char *)ip, il))
		return 0;
	int ok = 1;
	while (il) {
		char *op = out;
		size_t ol = sizeof out;
		if (iconv(r->cd, &ip, &il, &op, &ol) != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		ok = errno == EINVAL && !at_end; /* an incomplete tail: the rest follows */
		break;
	}
	iconv(r->cd, NULL, NULL, NULL, NULL);
	return ok;
}

/* Decide the encoding from the held bytes: a BOM says UTF-8 (or UTF-16,
 * refused); without one, GB18030 only when the evidence is unambiguous
 * (see csvio.h), otherwise UTF-8, whose bad cells are then refused. */
static int decide(fb_csv_reader *r, int at_end)
{
	const unsigned char *u = (const unsigned char *)r->hold;
	r->decided = 1;
	if (r->hlen >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		r->hskip = 3;
		return 0;
	}
	if (r->hlen >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		fb_csv_reader_fail(
			r, FB_EFORMAT, "",
			_("UTF-16 text: save the file as \"CSV UTF-8 (comma delimited)\""));
		return -1;
	}
	/* UTF-8 with a few bad bytes (90% of the non-ASCII bytes are UTF-8)
	 * stays UTF-8: in GBK text only a chance pair here and there is. */
	size_t high = 0, covered = 0;
	utf8_evidence(u, r->hlen, at_end, &high, &covered);
	if (covered == high || covered * 10 >= high * 9)
		return 0;
	r->cd = iconv_open("UTF-8", "GB18030");
	if (r->cd != (iconv_t)-1 && reads_as_gb(r, at_end))
		r->gb = 1;
	return 0;
}

/* Keep raw bytes until the encoding can be decided; 1 once it can. */
static int hold(fb_csv_reader *r, const char *s, size_t n, int at_end)
{
	if (r->hlen + n > r->hcap) {
		size_t cap = r->hcap ? r->hcap * 2 : RBUF;
		while (cap < r->hlen + n)
			cap *= 2;
		char *h = realloc(r->hold, cap);
		if (!h) {
			fb_csv_reader_fail(r, FB_ENOMEM, "", _("out of memory"));
			return -1;
		}
		r->hold = h;
		r->hcap = cap;
	}
	if (n)
		memcpy(r->hold + r->hlen, s, n);
	r->hlen += n;
	for (size_t i = 0; i < n; i++)
		r->held_high += (unsigned char)s[i] >= 0x80;
	const unsigned char *u = (const unsigned char *)r->hold;
	int bom = r->hlen >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
	return at_end || bom || r->held_high >= HOLD_HIGH || r->hlen >= HOLD_MAX;
}

fb_status fb_csv_read(fb_csv_reader *r, fb_csv_row_fn row, void *ctx)
{
	char buf[RBUF];
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
		int last = k == 0;
		if (!r->decided) {
			int ready = hold(r, buf, (size_t)k, last);
			if (ready < 0)
				return r->err.code;
			if (!ready)
				continue;
			if (decide(r, last))
				return r->err.code;
			int bad = feed_raw(r, r->hold ? r->hold + r->hskip : "", r->hlen - r->hskip,
			                   last);
			free(r->hold);
			r->hold = NULL;
			r->hlen = r->hcap = 0;
			if (bad)
				break;
		} else if (feed_raw(r, buf, (size_t)k, last)) {
			break;
		}
		if (last) {
			if (csv_fini(&r->p, on_field, on_row, r) && !r->stop)
				fb_csv_reader_fail(
					r, FB_EFORMAT, colname(r, r->n),
					_("unbalanced quote: a quoted field is not closed"));
			break;
		}
	}
	return r->err.code;
}
