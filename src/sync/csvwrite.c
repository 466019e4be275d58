/* csvwrite.c - the bundle CSV writer: a buffer of encoded cells, flushed
 * to a FILE in large writes (or handed over by the exporter), hashed. */
#include <stdlib.h>
#include <string.h>

#include "csvwrite.h"
#include "fieldbook/encode.h"

#define WBUF (1u << 18) /* writer buffer */

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

/* Make room for n more bytes; 0, or -1 (w->failed) when memory is short. */
static int wreserve(fb_csv_writer *w, size_t n)
{
	if (w->len + n <= w->cap)
		return w->failed ? -1 : 0;
	wflush(w);
	if (w->len + n > w->cap) { /* a huge cell, or no file (export fills chunks) */
		size_t cap = w->cap * 2 > w->len + n ? w->cap * 2 : w->len + n;
		char *nb = realloc(w->buf, cap);
		if (!nb) {
			w->failed = 1;
			return -1;
		}
		w->buf = nb;
		w->cap = cap;
	}
	return w->failed ? -1 : 0;
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
	memcpy(w->buf, FB_CSV_BOM, 3);
	w->len = 3;
	return 0;
}

/* One cell of kind: the separator, then the encoded value. */
static void put(fb_csv_writer *w, const char *s, size_t n, fb_csv_kind kind)
{
	if (wreserve(w, FB_CSV_CELL_MAX(n) + 1))
		return;
	if (w->col++)
		w->buf[w->len++] = ',';
	w->len += fb_csv_cell_encode(w->buf + w->len, s, n, kind);
}

void fb_csv_put_text(fb_csv_writer *w, const char *s, size_t n)
{
	put(w, s, n, FB_CSV_TEXT);
}

void fb_csv_put_raw(fb_csv_writer *w, const char *s, size_t n)
{
	put(w, s, n, FB_CSV_RAW);
}

/* snprintf costs more than the rest of a numeric cell. */
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
	if (wreserve(w, 22))
		return;
	if (w->col++)
		w->buf[w->len++] = ',';
	w->len += fb_csv_format_int(w->buf + w->len, v);
}

void fb_csv_end_row(fb_csv_writer *w)
{
	if (wreserve(w, 2))
		return;
	memcpy(w->buf + w->len, FB_CSV_EOL, 2);
	w->len += 2;
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
