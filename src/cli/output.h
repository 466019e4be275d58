/* output.h - lists on stdout: a table aligned by display width (CJK counts
 * two columns, cells cut with … at a character boundary), CSV or JSON. Rows
 * are buffered one page at a time, so output streams over any list size. */
#ifndef FIELDBOOK_OUTPUT_H
#define FIELDBOOK_OUTPUT_H

#include <stdio.h>

typedef enum fb_format { FB_FMT_TABLE, FB_FMT_CSV, FB_FMT_JSON, FB_FMT_TEXT } fb_format;

/* Parse --format; accepts only the formats in `allowed` (bit per fb_format). */
int fb_format_parse(const char *s, unsigned allowed, fb_format *out);

#define FB_TABLE_MAXCOLS 16
#define FB_TABLE_BATCH 256

typedef struct fb_column {
	const char *key;   /* machine name: CSV header, JSON key */
	const char *title; /* translated heading for the table */
	int max;           /* widest the column may grow, in display columns */
	int right;         /* right-align (numbers) */
	int number;        /* JSON: emit as a number */
} fb_column;

typedef struct fb_table {
	FILE *out;
	fb_format fmt;
	const fb_column *cols;
	int ncols;
	int width[FB_TABLE_MAXCOLS]; /* fixed after the first flush */
	int fixed;
	int budget;                  /* total display columns allowed, 0 = no limit */
	int nrows;                   /* buffered */
	long total;                  /* rows written */
	char *cells[FB_TABLE_BATCH][FB_TABLE_MAXCOLS];
} fb_table;

/* CSV starts with a UTF-8 BOM so Excel on Chinese Windows reads it as UTF-8.
 * A table on a terminal fits its width (the widest columns give way). */
void fb_table_begin(fb_table *t, FILE *out, fb_format fmt, const fb_column *cols, int ncols);
/* Add a row: ncols strings (copied). */
void fb_table_row(fb_table *t, const char *const *cells);
/* Write what is buffered (widths are fixed by the first batch). */
void fb_table_flush(fb_table *t);
void fb_table_end(fb_table *t);

/* JSON and CSV primitives. */
void fb_json_string(FILE *out, const char *s);
void fb_csv_field(FILE *out, const char *s);

#endif
