/* csvio.h - the CSV reader of bundles (RFC 4180); the writer is in
 * csvwrite.h, the cell rules both follow in fieldbook/encode.h.
 *
 * The reader (csvread.c, on libcsv) streams: it is fed from a callback (a
 * file, a zip member, a string in tests) and hands each record to a row
 * callback; it carries the input's name, the line a record starts on and
 * the first error, the way SQLite's ext/misc/csv.c does. Line numbers
 * count LF, CRLF and a lone CR (old Excel for Mac) each as one line end.
 * It strips a BOM, refuses UTF-16, unbalanced quotes and fields over a size
 * cap, and converts a GB18030/GBK file (what Excel saves by default) to
 * UTF-8 with iconv, but only on unambiguous evidence: the bytes read wholly
 * as GB18030, hold common Chinese characters (the GB2312 area, both bytes
 * 0xA1-0xFE), and less than 90% of the bytes that
 * are not ASCII form UTF-8 (a UTF-8 file with a few bad bytes stays UTF-8,
 * and its bad cells are refused). The first 512 bytes that are not ASCII
 * (or the first MiB, or the whole file) are the evidence. A
 * cell with a NUL byte or bytes that are not UTF-8 stops the reader, or, in
 * tolerant mode, is handed out empty with its problem named, so that a
 * caller lists every bad line. */
#ifndef FB_SYNC_CSVIO_H
#define FB_SYNC_CSVIO_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "fieldbook/error.h"
#include "fieldbook/text.h"
#include "sha256.h"

/* Field size cap: the longest text fieldbook stores, 20,000 characters,
 * fits with room to spare (the importer caps single-line cells lower). */
#define FB_CSV_MAX_FIELD (256u << 10)
/* Columns per record cap. */
#define FB_CSV_MAX_FIELDS 64

/* The writer (csvwrite.h) and the cell rules (fieldbook/encode.h,
 * fb_csv_cell_restore undoes the writer's protection of a text cell). */
#include "csvwrite.h"
#include "fieldbook/encode.h"

/* ---- reader ---- */

/* Fill buf with up to n bytes; 0 at end, -1 on error (set errno). */
typedef ssize_t (*fb_csv_read_fn)(void *src, char *buf, size_t n);

typedef struct fb_csv_reader fb_csv_reader;

/* One record: n fields, each NUL-terminated UTF-8 (no NUL inside) of
 * length len[i]; the fields are writable until the callback returns.
 * Return 0 to go on, non-zero to stop (fb_csv_read then returns FB_OK unless
 * the callback set an error with fb_csv_reader_error). */
typedef int (*fb_csv_row_fn)(fb_csv_reader *r, char **field, size_t *len, int n, void *ctx);

/* A reader over a read callback; name is used in errors. Caller frees with
 * fb_csv_reader_free. NULL when out of memory. */
fb_csv_reader *fb_csv_reader_new(const char *name, fb_csv_read_fn fn, void *src);
/* A reader over n bytes of s (not copied: keep s alive while reading). */
fb_csv_reader *fb_csv_reader_string(const char *name, const char *s, size_t n);
/* A reader over an open file (not closed by the reader). */
fb_csv_reader *fb_csv_reader_file(const char *name, FILE *f);
void fb_csv_reader_free(fb_csv_reader *r);

/* Read every record, calling row for each. The first error (with file and
 * line) is in fb_csv_reader_err(r). */
fb_status fb_csv_read(fb_csv_reader *r, fb_csv_row_fn row, void *ctx);

/* The line the current (or last) record starts on, 1-based. */
long fb_csv_reader_line(const fb_csv_reader *r);
const char *fb_csv_reader_name(const fb_csv_reader *r);
/* The error of the reader (code FB_OK if none). */
const fb_error *fb_csv_reader_err(const fb_csv_reader *r);
/* Set the reader's error at the current record (for row callbacks). */
void fb_csv_reader_fail(fb_csv_reader *r, fb_status code, const char *field,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Tolerant mode (on = 1): a record with cells that are not UTF-8 text or
 * hold a NUL byte is handed to the row callback with those cells empty, and
 * fb_csv_reader_problem names each one, instead of stopping the read. */
void fb_csv_reader_tolerant(fb_csv_reader *r, int on);
/* During the row callback: why cell i of the record was emptied (translated),
 * or NULL if it is good. */
const char *fb_csv_reader_problem(const fb_csv_reader *r, int i);
/* 1 if the input was GB18030/GBK and was converted to UTF-8. */
int fb_csv_reader_converted(const fb_csv_reader *r);
/* SHA-256 (hex) and size of the raw input bytes read so far. */
void fb_csv_reader_sha(fb_csv_reader *r, char hex[65]);
uint64_t fb_csv_reader_bytes(const fb_csv_reader *r);

#endif
