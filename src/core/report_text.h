/* report_text.h - growable strings, display-width tables and CSV for the
 * report and statistics renderers (report.c, stats.c). Not public API. */
#ifndef FIELDBOOK_REPORT_TEXT_H
#define FIELDBOOK_REPORT_TEXT_H

#include <stddef.h>

/* A growable NUL-terminated string. On allocation failure it stops growing
 * and remembers it (oom); fb_sb_take then returns NULL. */
typedef struct fb_sb {
	char *p;
	size_t len, cap;
	int oom;
} fb_sb;

void fb_sb_add(fb_sb *b, const char *s);
void fb_sb_addn(fb_sb *b, const char *s, size_t n);
void fb_sb_addf(fb_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s padded (or cut with …) to exactly cols display columns. */
void fb_sb_fit(fb_sb *b, const char *s, int cols);
/* s right-aligned in cols columns (cut if wider). */
void fb_sb_rfit(fb_sb *b, const char *s, int cols);
/* n copies of s. */
void fb_sb_repeat(fb_sb *b, const char *s, int n);
/* One CSV cell through the one encoder (fieldbook/encode.h), as
 * FB_CSV_NUMBER: a plain number stays a number, anything else is text
 * (quoted when needed, formulas neutralised, digits kept as text). */
void fb_sb_csv(fb_sb *b, const char *s);
/* One JSON string literal with quotes (fb_json_encode). */
void fb_sb_json(fb_sb *b, const char *s);
/* Append text with every line longer than width columns wrapped: at the
 * last space that fits, else at a character boundary (CJK text has no
 * spaces); continuation lines are indented like the line, plus two columns
 * after a "- " bullet. */
void fb_sb_wrap(fb_sb *b, const char *text, int width);
/* The string (caller frees), or NULL if memory ran out; b is emptied. */
char *fb_sb_take(fb_sb *b);
void fb_sb_free(fb_sb *b);

/* A table of text cells laid out by display width. */
enum { FB_TBL_MAXCOLS = 56 }; /* stats CSV: 29 + statuses + routings + 4 ledger columns */
typedef enum fb_tbl_style { FB_TBL_TEXT, FB_TBL_MARKDOWN, FB_TBL_CSV } fb_tbl_style;

typedef struct fb_tbl {
	int ncols;
	const char *head[FB_TBL_MAXCOLS];
	int right[FB_TBL_MAXCOLS];    /* 1: right-aligned (numbers) */
	int maxw[FB_TBL_MAXCOLS];     /* widest a column may get, 0 = no limit */
	int optional[FB_TBL_MAXCOLS]; /* 1: left out of TEXT when the page is too narrow */
	int page;                     /* TEXT: the page width (0 = no limit) */
	char **cells;                 /* nrows * ncols owned copies */
	int nrows, caprows;
	int oom;
} fb_tbl;

/* Start a table of ncols columns: heads, right-alignment flags. */
void fb_tbl_init(fb_tbl *t, int ncols, const char *const *head, const int *right);
/* Append a row of ncols strings (copied; NULL means ""). */
void fb_tbl_row(fb_tbl *t, const char *const *cells);
/* Render into b. TEXT: columns separated by two spaces, a rule under the
 * head, indent spaces before each line; optional columns are left out,
 * last first, until the table fits t->page; MARKDOWN: a pipe table padded by
 * display width; CSV: a BOM, then comma-separated CRLF rows with the head
 * first. */
void fb_tbl_render(const fb_tbl *t, fb_tbl_style style, int indent, fb_sb *b);
void fb_tbl_free(fb_tbl *t);

#endif

/* ---- shared by report_figures.c, report.c and stats.c ---- */
#include <stdint.h>
#include "fieldbook/store.h"

/* Make sure the connection has the aggregate fb_bit_or(x) (OR of integers;
 * 0 over no rows). Registered once per connection. */
fb_status fb_report_sql_init(fb_store *st, fb_error *err);
/* The later / earlier of two dates (either may be NULL or ""); into out. */
void fb_date_max(const char *a, const char *b, char out[11]);
void fb_date_min(const char *a, const char *b, char out[11]);
/* A member's stay within a period, the one rule for days due (report.h):
 * from the latest of the period's start, the group's started_on and the
 * person's joined_on (NULL or "": from the group's start); to the earliest
 * of the period's end, the group's ends_on and today. lo > hi: none. */
void fb_member_stay(const char *period_start, const char *period_end, const char *group_start,
                    const char *group_end, const char *joined_on, const char *today, char lo[11],
                    char hi[11]);
/* date + days as YYYY-MM-DD (date must be valid). */
void fb_date_plus(const char *date, long days, char out[11]);
/* The frozen text form of report figures (reports.figures): encode
 * (caller frees, NULL if out of memory) and decode (free with
 * fb_report_figures_free). */
struct fb_report_figures;
char *fb_report_figures_encode(const struct fb_report_figures *f);
fb_status fb_report_figures_decode(const char *text, struct fb_report_figures *out, fb_error *err);
/* Number of bits set. */
int fb_bits(uint32_t m);
/* Append the kinds of a mask as fb_category_mask_format writes them (flags
 * FB_MASK_LABELS, FB_MASK_MISSING), or `none` when there is none. */
void fb_sb_kinds(fb_sb *b, fb_store *st, const char *kind, uint32_t mask, int flags,
                 const char *none);
