/* csvwrite.h - the CSV writer of bundles: records of cells encoded by the
 * core's one cell encoder (fieldbook/encode.h: BOM, CRLF, quoting, formula
 * neutralising, digits kept as text), buffered, hashed as they are written.
 * It writes to a FILE, or only into its buffer, which the exporter takes
 * chunk by chunk (export.c hands the chunks to its zip thread). */
#ifndef FB_SYNC_CSVWRITE_H
#define FB_SYNC_CSVWRITE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sha256.h"

typedef struct fb_csv_writer {
	FILE *f;            /* destination (not owned); NULL: the caller takes
	                       buf as it fills (export hands it to its zip thread) */
	char *buf;          /* output buffer, flushed in large writes */
	size_t len, cap;
	int col;            /* cells written in the current row */
	uint64_t bytes;     /* bytes written so far */
	int failed;         /* a write or an allocation failed */
	fb_sha256 sha;      /* hash of every byte written to f */
} fb_csv_writer;

/* Start a CSV on f (or, if f is NULL, in buf only): writes the BOM. -1 when
 * memory is short. */
int fb_csv_writer_init(fb_csv_writer *w, FILE *f);
/* A text cell (FB_CSV_TEXT: neutralised and digit-protected). */
void fb_csv_put_text(fb_csv_writer *w, const char *s, size_t n);
/* A trusted cell written as is but for quoting (FB_CSV_RAW: headers,
 * uuids). */
void fb_csv_put_raw(fb_csv_writer *w, const char *s, size_t n);
void fb_csv_put_int(fb_csv_writer *w, int64_t v);
/* Decimal digits of v into b (room for 21), unterminated; returns the length. */
size_t fb_csv_format_int(char *b, int64_t v);
/* End the record with CRLF. */
void fb_csv_end_row(fb_csv_writer *w);
/* Flush, write the hex SHA-256 of everything written into hex, free the
 * buffer. 0 on success, -1 if any write failed. */
int fb_csv_writer_finish(fb_csv_writer *w, char hex[65]);

#endif
