/* fuzz_csv.c - libFuzzer target for the bundle CSV reader and writer.
 *  - Read: any bytes give rows or one clean error, never a crash, a leak or
 *    unbounded memory; every cell handed out is NUL-free UTF-8 of the
 *    stated length (or, in tolerant mode, empty with its problem named),
 *    the line numbers only grow, and the cell restore keeps a cell so.
 *  - Round trip: valid UTF-8 input is cut into cells (at 0x1F) and rows (at
 *    0x1E), written by the writer, read back by the reader and restored:
 *    every cell must come back exactly as it was written.
 *   ./fuzz_csv -max_total_time=60 tests/fuzz/corpus/csv */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CELLS 4096

typedef struct cells {
	const char *s[MAX_CELLS];  /* the cells written, in order */
	size_t n[MAX_CELLS];
	int count, next;           /* written; compared so far */
	long last_line;
} cells;

/* Reading anything: the invariants of every cell handed out. */
static int any_row(fb_csv_reader *r, char **field, size_t *len, int n, void *ctx)
{
	cells *c = ctx;
	if (fb_csv_reader_line(r) < c->last_line)
		abort();
	c->last_line = fb_csv_reader_line(r);
	for (int i = 0; i < n; i++) {
		if (strlen(field[i]) != len[i] || !fb_utf8_valid(field[i], len[i]))
			abort();
		if (fb_csv_reader_problem(r, i) && len[i])
			abort();
		size_t k = fb_csv_cell_restore(field[i], len[i]);
		if (k > len[i] || strlen(field[i]) != k)
			abort();
	}
	return 0;
}

static void read_anything(const uint8_t *data, size_t size, int tolerant)
{
	fb_csv_reader *r = fb_csv_reader_string("fuzz.csv", (const char *)data, size);
	if (!r)
		return;
	fb_csv_reader_tolerant(r, tolerant);
	cells c = {.last_line = 0};
	fb_status s = fb_csv_read(r, any_row, &c);
	const fb_error *e = fb_csv_reader_err(r);
	if ((s != FB_OK) != (e->code != FB_OK) || (s != FB_OK && !e->msg[0]))
		abort();
	fb_csv_reader_free(r);
}

/* The round trip: each record read must be the next cells written, then
 * the guard cell "x" that keeps a record of one empty cell from being a
 * blank line. */
static int same_row(fb_csv_reader *r, char **field, size_t *len, int n, void *ctx)
{
	cells *c = ctx;
	(void)r;
	for (int i = 0; i < n - 1; i++) {
		size_t k = fb_csv_cell_restore(field[i], len[i]);
		if (c->next >= c->count || k != c->n[c->next] ||
		    memcmp(field[i], c->s[c->next], k))
			abort();
		c->next++;
	}
	if (n < 1 || strcmp(field[n - 1], "x"))
		abort();
	return 0;
}

static void round_trip(const uint8_t *data, size_t size)
{
	if (!fb_utf8_valid((const char *)data, size) || memchr(data, 0, size) ||
	    size > FB_CSV_MAX_FIELD)
		return;
	cells *c = calloc(1, sizeof *c);
	char *buf = NULL;
	size_t blen = 0;
	FILE *f = open_memstream(&buf, &blen);
	fb_csv_writer w;
	char hex[65];
	if (!c || !f || fb_csv_writer_init(&w, f)) {
		if (f)
			fclose(f);
		free(buf);
		free(c);
		return;
	}
	const char *p = (const char *)data, *end = p + size;
	int in_row = 0;
	while (p <= end && c->count < MAX_CELLS) {
		const char *q = p;
		while (q < end && *q != 0x1F && *q != 0x1E)
			q++;
		c->s[c->count] = p;
		c->n[c->count++] = (size_t)(q - p);
		fb_csv_put_text(&w, p, (size_t)(q - p));
		in_row = 1;
		if (q == end || *q == 0x1E || w.col >= FB_CSV_MAX_FIELDS - 1) {
			fb_csv_put_raw(&w, "x", 1);
			fb_csv_end_row(&w);
			in_row = 0;
		}
		p = q + 1;
	}
	if (in_row) {
		fb_csv_put_raw(&w, "x", 1);
		fb_csv_end_row(&w);
	}
	int failed = fb_csv_writer_finish(&w, hex);
	fclose(f);
	if (!failed) {
		fb_csv_reader *r = fb_csv_reader_string("rt.csv", buf, blen);
		/* what the writer writes, the reader reads, every cell of it */
		if (r && (fb_csv_read(r, same_row, c) != FB_OK || c->next != c->count))
			abort();
		fb_csv_reader_free(r);
	}
	free(buf);
	free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	read_anything(data, size, 0);
	read_anything(data, size, 1);
	round_trip(data, size);
	return 0;
}
