/* output.h - what the commands write on stdout.
 *
 * Two kinds of output, never mixed:
 *  - for a person (tables, show, summaries, messages): every control
 *    character (C0 but LF and TAB, DEL, C1, ESC) and every invisible format
 *    character of the data is shown as a visible escape (<U+001B>, through
 *    fb_text_visible), so stored text can neither drive the terminal (OSC 52
 *    writes the clipboard, OSC 0 the title) nor show other words than are
 *    stored (a CR that returns to the start of the line);
 *  - data (CSV, JSON): the exact values, through the core's encoders
 *    (fieldbook/encode.h). Only when CSV goes to a terminal are its cells
 *    made visible as for a person; to a file or a pipe every byte is kept.
 *
 * Lists are a table aligned by display width (CJK counts two columns, cells
 * cut with … at a character boundary), CSV or JSON; rows are buffered one
 * batch at a time, so output streams over any list size. A write error on
 * stdout stops a list (its functions return -1); main() reports it and
 * exits 1. */
#ifndef FIELDBOOK_OUTPUT_H
#define FIELDBOOK_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "fieldbook/error.h"
#include "fieldbook/page.h"

typedef enum fb_format { FB_FMT_TABLE, FB_FMT_CSV, FB_FMT_JSON, FB_FMT_TEXT } fb_format;

/* Parse --format; accepts only the formats in `allowed` (bit per fb_format). */
int fb_format_parse(const char *s, unsigned allowed, fb_format *out);

#define FB_TABLE_MAXCOLS 16
#define FB_TABLE_BATCH 256

typedef struct fb_column {
	const char *key;   /* machine name: CSV header, JSON key */
	const char *title; /* heading for the table: a msgid (N_), translated by the table */
	int max;           /* widest the column may grow, in display columns */
	int right;         /* right-align (numbers) */
	int number;        /* CSV and JSON: a number (written as one when it is one) */
} fb_column;

typedef struct fb_table {
	FILE *out;
	fb_format fmt;
	const fb_column *cols;
	int ncols;
	int tty;                     /* out is a terminal */
	int failed;                  /* a write failed: nothing more is written */
	int width[FB_TABLE_MAXCOLS]; /* fixed after the first flush */
	int fixed;
	int budget; /* total display columns allowed, 0 = no limit */
	int nrows;  /* buffered */
	long total; /* rows written */
	char *cells[FB_TABLE_BATCH][FB_TABLE_MAXCOLS];
} fb_table;

/* CSV starts with a UTF-8 BOM so Excel on Chinese Windows reads it as UTF-8.
 * A table on a terminal fits its width (cli_term_width; the widest columns
 * give way). */
void fb_table_begin(fb_table *t, FILE *out, fb_format fmt, const fb_column *cols, int ncols);
/* Add a row: ncols strings (copied). -1 once a write has failed. */
int fb_table_row(fb_table *t, const char *const *cells);
/* Write what is buffered (widths are fixed by the first batch); -1 once a
 * write has failed. */
int fb_table_flush(fb_table *t);
/* Finish the table; -1 if any write failed. */
int fb_table_end(fb_table *t);

/* One JSON string (fb_json_encode) on out. */
void cli_json(FILE *out, const char *s);
/* A JSON object written member by member: "key": value, commas between. */
typedef struct cli_jobj {
	FILE *out;
	int n; /* members written */
} cli_jobj;
void cli_jobj_begin(cli_jobj *o, FILE *out);
void cli_jobj_str(cli_jobj *o, const char *key, const char *value); /* NULL: "" */
void cli_jobj_int(cli_jobj *o, const char *key, long long value);
/* The key only: the caller writes the value (an array, an object). */
void cli_jobj_key(cli_jobj *o, const char *key);
void cli_jobj_end(cli_jobj *o); /* "}" */

/* Text for a person on stdout, printf-like: the formatted text with unsafe
 * code points made visible (LF and TAB kept). */
void cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A rendered document (a report, the overview) on stdout: for a person
 * (visible escapes) or, when csv, as data (exact bytes unless stdout is a
 * terminal; CRLF record ends kept). */
void cli_put_document(const char *text, int csv);

/* A keyset list shown through a table: one loop for every list command.
 * The provider fetches pages into its own rows; the runner asks for them
 * in batches up to the limit, hands each row to the table and finds out
 * whether more rows follow (one row more is read, never counted). */
#define CLI_LIST_BATCH 100
typedef struct cli_list {
	fb_format fmt;         /* the table's: table, csv or json */
	const fb_column *cols; /* its columns (titles translated by the table) */
	int ncols;
	long limit; /* rows to show, 0 = all */
	void *ctx;
	/* Up to want (<= CLI_LIST_BATCH) rows from cur (dir FB_PAGE_FIRST or NEXT); the
	 * count, -1 on error (err). */
	int (*fetch)(void *ctx, fb_page_dir dir, const fb_cursor *cur, int want, fb_error *err);
	/* Row i of the last fetch into the table; -1 to stop: after an error
	 * in err, or (err untouched) when writing failed. */
	int (*emit)(void *ctx, int i, fb_table *t, fb_error *err);
	/* Row i's id and cursor. */
	int64_t (*cursor)(void *ctx, int i, fb_cursor *cur);
} cli_list;

/* The options every list command has: --format (table, csv or json;
 * default table), --limit N (default 50, 0 for all) and --after ID (0 if
 * not given), each NULL when not given. EXIT_OK, or the exit code after
 * saying what is wrong (2 for a bad format, 1 for a bad number). */
int cli_list_options(const char *cmd, const char *format, const char *limit, const char *after,
                     fb_format *fmt, long *lim, int64_t *aft);

/* --format of a show command: text (the default) or json. EXIT_OK, or a
 * usage error of cmd. */
int cli_show_format(const char *cmd, const char *format, fb_format *fmt);

/* Run the list from cur (dir FB_PAGE_FIRST or NEXT) as a table of l's
 * columns on stdout.
 * Returns EXIT_OK, or the exit code after an error (a write error is left
 * for main() to report). When rows remain beyond the limit, says so on
 * stderr and how to see them: "cmd --after ID" and --limit 0. */
int cli_list_run(const cli_list *l, fb_page_dir dir, fb_cursor *cur, const char *cmd);

#endif
