/* fuzz_csv.c - libFuzzer target for the bundle CSV reader: any bytes must
 * give rows or one clean error, never a crash, a leak or unbounded memory;
 * every field handed out is NUL-free UTF-8 of the stated length, and the
 * cell restore keeps it so.
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc/sync \
 *     tests/fuzz/fuzz_csv.c src/sync/csvio.c src/sync/sha256.c \
 *     src/core/error.c src/core/text.c -lcsv -o fuzz_csv
 *   ./fuzz_csv -max_total_time=60 tests/fuzz/corpus/csv */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int row(fb_csv_reader *r, char **field, size_t *len, int n, void *ctx)
{
	(void)r;
	(void)ctx;
	for (int i = 0; i < n; i++) {
		if (strlen(field[i]) != len[i] || !fb_utf8_valid(field[i], len[i]))
			abort();
		size_t k = fb_csv_cell_restore(field[i], len[i]);
		if (k > len[i] || strlen(field[i]) != k)
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fb_csv_reader *r = fb_csv_reader_string("fuzz.csv", (const char *)data, size);
	if (!r)
		return 0;
	fb_status s = fb_csv_read(r, row, NULL);
	const fb_error *e = fb_csv_reader_err(r);
	if ((s != FB_OK) != (e->code != FB_OK) || (s != FB_OK && !e->msg[0]))
		abort();
	fb_csv_reader_free(r);

	/* The writer round trip on the input as one text cell (if UTF-8). */
	if (fb_utf8_valid((const char *)data, size) && !memchr(data, 0, size)) {
		char *buf = NULL;
		size_t blen = 0;
		FILE *f = open_memstream(&buf, &blen);
		fb_csv_writer w;
		char hex[65];
		if (f && !fb_csv_writer_init(&w, f)) {
			fb_csv_put_text(&w, (const char *)data, size);
			fb_csv_put_raw(&w, "x", 1); /* a second cell: never a blank line */
			fb_csv_end_row(&w);
			fb_csv_writer_finish(&w, hex);
		}
		if (f)
			fclose(f);
		free(buf);
	}
	return 0;
}
