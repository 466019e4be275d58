/* limits.h - what every field of every record may hold: one table, used by
 * the core's validators (fb_log_validate, fb_ticket_validate...) and by the
 * importer for each column of a bundle, so that the CLI, the TUI and a
 * bundle are held to the same rules.
 *
 * The rules, as the table in src/core/validate.c states them:
 *
 *  - Names and identifiers (FB_FIELD_NAME: people's and groups' names, a
 *    unit, a title, a department...) are one line and refuse every control
 *    character and every invisible format character (zero-width spaces and
 *    joiners, bidirectional marks, U+FEFF...: fb_cp_unsafe); the message
 *    names the code point ("U+200B ZERO WIDTH SPACE"). The ideographic
 *    space U+3000 is kept (李　习).
 *  - One-line free text (FB_FIELD_LINE) refuses controls only; free text
 *    over lines (FB_FIELD_TEXT) may hold LF, TAB and CR+LF, and keeps
 *    invisible characters (every display shows them escaped), but no other
 *    control character (C0, DEL, C1, a lone CR).
 *  - Lengths are counted in characters (code points): a single-line field
 *    holds at most FB_LINE_MAX_CHARS (100) characters, at most 400 bytes;
 *    free text FB_TEXT_MAX_CHARS (20000), at most 80 KB; the largest field
 *    of all (a report's frozen figures) FB_FIELD_MAX_BYTES.
 *  - Counts are whole numbers in [min, max] (64-bit everywhere).
 *  - A kinds mask (8类企业, 八必访) has no bit beyond the kinds the
 *    categories define ("25 kinds of 8" is refused).
 *  - Codes must be known: a category code (FB_FIELD_CODE) or one of a fixed
 *    list (FB_FIELD_WORD).
 *  - Dates are YYYY-MM-DD and times YYYY-MM-DDTHH:MM:SSZ (UTC), never
 *    before FB_DATE_FIRST (a reset clock says 1970 or 2000) and
 *    never in the far future: FB_WHEN_PAST (what happened: a log's date, a
 *    ticket's opening, a step) is at most today - a time may be up to
 *    FB_CLOCK_SKEW_DAYS ahead, the clocks of two laptops differ; FB_WHEN_PLAN
 *    (what is planned: a due date, the end of a stay) at most today +
 *    FB_DATE_AHEAD_DAYS.
 *  - References (an author, a group, a log) are checked by the record's
 *    validator, not here: they need the database. */
#ifndef FIELDBOOK_LIMITS_H
#define FIELDBOOK_LIMITS_H

#include <stddef.h>
#include <stdint.h>
#include "fieldbook/error.h"
#include "fieldbook/store.h"

#define FB_LINE_MAX_CHARS 100      /* the longest single-line field, in characters */
#define FB_TEXT_MAX_CHARS 20000    /* the longest free-text field, in characters */
#define FB_FIELD_MAX_BYTES 400000  /* the largest value of any field, in bytes */
#define FB_DATE_FIRST "2010-01-01" /* no date or time before it is accepted */
#define FB_DATE_AHEAD_DAYS 366     /* a planned date: at most a year from today */
#define FB_CLOCK_SKEW_DAYS \
	1 /* a time "not in the future" may be this far ahead; a
                                     revision, `seen` value or bundle time from another
                                     laptop too (beyond: the bundle is refused) */
#define FB_CLOCK_BEHIND_DAYS \
	30 /* a bundle made longer ago than this, or by a clock
                                     this far behind its own revisions, is flagged */

typedef enum fb_field_kind {
	FB_FIELD_NAME,  /* one line, a name or identifier: no control, no invisible character */
	FB_FIELD_LINE,  /* one line of free text: no control character */
	FB_FIELD_TEXT,  /* free text: LF, TAB, CR+LF; no other control character */
	FB_FIELD_PHONE, /* a phone number: digits, spaces and + - ( ) */
	FB_FIELD_COUNT, /* a whole number in [min, max] */
	FB_FIELD_MASK,  /* bits of the category kind `category`, none beyond its kinds */
	FB_FIELD_CODE,  /* a code of the category kind `category` ("a|b": of either kind) */
	FB_FIELD_WORD,  /* one of the codes in `words` */
	FB_FIELD_DATE,  /* YYYY-MM-DD within the window `when` */
	FB_FIELD_TIME   /* YYYY-MM-DDTHH:MM:SSZ within the window `when` */
} fb_field_kind;

typedef enum fb_when {
	FB_WHEN_PAST, /* FB_DATE_FIRST .. today (times: + FB_CLOCK_SKEW_DAYS) */
	FB_WHEN_PLAN  /* FB_DATE_FIRST .. today + FB_DATE_AHEAD_DAYS */
} fb_when;

typedef struct fb_limit {
	const char *record; /* the table: "logs", "tickets", "ticket_events", "people",
	                       * "work_groups", "contacts", "reports", "targets"; "*" for
	                       * the sync columns every travelling table has */
	const char *field;  /* the column (as in the table and the bundle's CSV) and the
	                       * name fb_error.field gets */
	fb_field_kind kind;
	int required;             /* 1: must not be empty (blank, for text) */
	int64_t min, max;         /* COUNT: the range; NAME, LINE, TEXT, PHONE: max = characters */
	fb_when when;             /* DATE, TIME */
	const char *category;     /* CODE, MASK: the category kind(s) */
	const char *const *words; /* WORD: the codes, NULL-terminated */
} fb_limit;

/* The whole table, record by record. */
extern const fb_limit fb_limits[];
extern const int fb_limit_count;

/* The limit of a field (record "*" is tried when the record has none);
 * NULL if the table does not know it. A string search: look it up once
 * per column, not once per row. */
const fb_limit *fb_limit_get(const char *record, const char *field);

/* The most bytes a valid value can take (a reader may refuse a longer
 * cell before looking at it). */
size_t fb_limit_max_bytes(const fb_limit *l);

/* Check a value given as text: every kind but COUNT and MASK (NULL or ""
 * is empty). FB_EINVAL naming l->field and saying why, in words for the
 * user; st is needed for CODE only (categories are cached in the store,
 * no SQL per call). A date or time must be in its canonical form. */
fb_status fb_limit_check_text(fb_store *st, const fb_limit *l, const char *value, fb_error *err);
/* Check a number: COUNT and MASK. */
fb_status fb_limit_check_num(fb_store *st, const fb_limit *l, int64_t value, fb_error *err);

/* The first and last day the window `when` accepts today, "YYYY-MM-DD". */
void fb_when_window(fb_when when, char first[11], char last[11]);

#endif
