/* internal.h - helpers shared by the core's modules; not public API. */
#ifndef FIELDBOOK_INTERNAL_H
#define FIELDBOOK_INTERNAL_H

#include <sqlite3.h>
#include <stdint.h>

#include "fieldbook/error.h"
#include "fieldbook/store.h"

/* Check a text field: valid UTF-8, no control characters but newline and
 * tab (none at all if single_line), at most max_chars characters, and
 * non-blank if required. */
fb_status fb_check_text(const char *field, const char *value, int required, int single_line,
                        size_t max_chars, fb_error *err);
/* Check a YYYY-MM-DD date field (optional if !required); not after today if
 * no_future. */
fb_status fb_check_date(const char *field, const char *value, int required, int no_future,
                        fb_error *err);
/* A category code of kind (optional if !required). */
fb_status fb_check_category(fb_store *st, const char *kind, const char *field, const char *code,
                            int required, fb_error *err);
/* A live person with this id (id <= 0: required says whether that is an
 * error, "is required"); FB_EINVAL naming field: "no such person". */
fb_status fb_check_person(fb_store *st, const char *field, int64_t id, int required,
                          fb_error *err);
/* 0 <= v <= max. */
fb_status fb_check_range(const char *field, long v, long max, fb_error *err);

/* Per-connection memo of values derived from reference data that only
 * migrations change (they run inside fb_store_open): the value of slot,
 * and in *known whether it was filled in (the caller fills both). */
enum { FB_MEMO_ENTERPRISE_KINDS, FB_MEMO_WORKER_KINDS, FB_MEMO_SLOTS };
int64_t *fb_store_memo(fb_store *st, int slot, int **known);

/* strdup of a text column (NULL column gives NULL). */
char *fb_col_dup(sqlite3_stmt *s, int col);
/* Copy a text column into a fixed buffer, cut at a character boundary. */
void fb_col_copy(sqlite3_stmt *s, int col, char *out, size_t size);
/* Bind text, NULL binding an empty string when empty_for_null. */
void fb_bind_text(sqlite3_stmt *s, int idx, const char *v);
void fb_bind_opt_id(sqlite3_stmt *s, int idx, int64_t id);
/* The sync binder: a new version of this device into the parameters origin,
 * rev and updated_at (their indexes); returns the revision bound. Every
 * write of a travelling record goes through it. */
int64_t fb_bind_sync(fb_store *st, sqlite3_stmt *s, int origin, int rev, int updated);

/* Step a write statement to completion; FB_OK or the database error. */
fb_status fb_step_done(fb_store *st, sqlite3_stmt *s, fb_error *err);

/* Tombstone the live row `id` of `table` (a constant): deleted = 1, with a
 * new revision, this device as origin and the time, in a transaction.
 * FB_ENOTFOUND, err untouched, if there is no live row: the caller names
 * what was not found. */
fb_status fb_tombstone(fb_store *st, const char *table, int64_t id, fb_error *err);

/* Keyset paging helper: builds "ORDER BY key, id" conditions for a page in
 * direction dir over a list displayed descending (asc = 0) or ascending.
 * Writes the row-value comparison ("(k, id) < (?1, ?2)") into cond and
 * the ORDER BY into order; *reverse is set when the rows come back in the
 * opposite of display order and must be reversed. */
void fb_page_sql(const char *key, const char *id, int asc, int dir, char *cond, size_t csize,
                 char *order, size_t osize, int *reverse);

#endif
