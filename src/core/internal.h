/* internal.h - helpers shared by the core's modules; not public API. */
#ifndef FIELDBOOK_INTERNAL_H
#define FIELDBOOK_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "fieldbook/category.h"
#include "fieldbook/error.h"
#include "fieldbook/limits.h"
#include "fieldbook/page.h"
#include "fieldbook/store.h"
#include "sqlstore.h"

/* ---- the limits table (validate.c) ---- */

extern const char *const fb_words_report_kind[];   /* "weekly", "monthly", "stage" */
extern const char *const fb_words_report_status[]; /* "draft", "submitted" */
extern const char *const fb_words_target_scope[];
extern const char *const fb_words_target_metric[];
extern const char *const fb_words_target_period[];
extern const char *const fb_words_has_union[]; /* "unknown", "yes", "no" */

#include "limits_table.h"
#define FB_LIMIT_ENUM(id, ...) FB_L_##id,
enum fb_limit_id { FB_LIMIT_TABLE(FB_LIMIT_ENUM) FB_L_COUNT };
#undef FB_LIMIT_ENUM

/* 1 if s is NULL, empty or nothing but spaces (ASCII or U+3000). */
int fb_text_blank(const char *s);
/* Check a value against the table's entry FB_L_<id> (limits.h). */
fb_status fb_check(fb_store *st, int id, const char *value, fb_error *err);
fb_status fb_check_num(fb_store *st, int id, int64_t value, fb_error *err);

/* ---- small helpers of calendar.c ---- */

/* A YYYY-MM-DD date, 1970-01-01 if it is not one. */
struct fb_date;
struct fb_date fb_date_or_epoch(const char *s);
/* 1 if s is valid UTF-8 on one line, without control characters. */
int fb_text_one_line(const char *s);

/* ---- categories, cached in the store (category.c) ---- */

/* Look code up among the categories of kind: 1 found (*out, if not NULL,
 * points at the cached entry), 0 not, -1 the categories cannot be read
 * (err filled in). No SQL once the cache is loaded. */
int fb_category_find(fb_store *st, const char *kind, const char *code, const fb_category **out,
                     fb_error *err);
/* Every bit the kinds of kind use (8类企业: 0xFF). */
fb_status fb_category_bits(fb_store *st, const char *kind, uint32_t *bits, fb_error *err);

/* ---- domain rules written once as SQL ---- */

/* A ticket is overdue when its due date has passed and it is still
 * waiting: neither answered (an answer, or a return visit after one) nor
 * closed. An answer in time - or late - ends the wait; a reopened ticket
 * waits again. `status` and `due` are column expressions, `today` a
 * parameter or column. */
#define FB_SQL_OVERDUE(status, due, today) \
	"(" status " NOT IN ('closed', 'answered', 'return_visit') AND " due " < " today ")"
/* The enterprises a log counts: at least one for a visit to an enterprise
 * (走进企业), whatever its count says (see log.c, enterprises_counted). */
#define FB_SQL_ENTERPRISES(l) "max(" l "enterprises, " l "activity = 'enterprise_visit')"

/* ---- references (group.c) ---- */

/* Person `id` as the author, actor, opener or owner (`field` names it) of a
 * record last changed at rev: it must exist, and be on the roster - or
 * have been when the record was last changed (0 < rev < the removal's
 * revision: history from a bundle); rev 0 is a new record (the person must
 * be on the roster now), rev < 0 a tombstone (removed people are fine).
 * FB_EINVAL naming field; a database error is returned as such. Their
 * group (0 if none) and revision into *group_id and *person_rev (may be
 * NULL). One indexed lookup. */
fb_status fb_check_person_ref(fb_store *st, const char *field, int64_t id, int64_t rev,
                              int64_t *group_id, int64_t *person_rev, fb_error *err);
/* The group's leader (the default owner of its tickets, the author of its
 * reports): the first live one, *id = 0 if it has none. */
fb_status fb_group_leader(fb_store *st, int64_t group_id, int64_t *id, fb_error *err);
/* Group `id` exists and is live (FB_EINVAL naming field). */
fb_status fb_check_group_ref(fb_store *st, const char *field, int64_t id, fb_error *err);

/* Set the acting person (auth.c after a sign-in; tests; the demo). */
void fb_store_set_actor(fb_store *st, int64_t person_id);

/* Write changes without their history entries (off = 1): only for the
 * benchmark's baseline, which measures what the history costs (tests/bench). */
void fb_store_history_off(fb_store *st, int off);
int fb_store_history_is_off(const fb_store *st);

/* ---- a cache a module keeps in the store, freed with it (store.c) ---- */

enum { FB_CACHE_CATEGORIES, FB_CACHE_PEOPLE, FB_CACHE_SEAL, FB_CACHE_COUNT };
/* The epoch rows read now may be cached under: it changes at every
 * transaction's start and end and at every write to people or
 * work_groups through this connection; 0 outside a transaction (another
 * process may write between two statements: nothing may be cached). */
uint64_t fb_store_cache_epoch(fb_store *st);
void *fb_store_cache_get(fb_store *st, int slot);
void fb_store_cache_set(fb_store *st, int slot, void *p, void (*free_fn)(void *));

/* ---- permissions (perm.c) ---- */

/* The acting person may undo the delete of tombstone id of table ("logs",
 * "tickets", "people"): whoever may delete it (log.write, ticket.edit,
 * person.delete on the record as it was). FB_ENOTFOUND, err untouched, if
 * there is no such tombstone. */
fb_status fb_perm_undelete(fb_store *st, const char *table, int64_t id, fb_error *err);
/* Undo the delete of record id of table when the acting person may
 * (fb_perm_undelete), with its history (fb_untombstone). */
fb_status fb_record_undelete(fb_store *st, const char *table, int64_t id, fb_error *err);

/* ---- signing in (auth.c) ---- */

/* Give every live person who has no secret yet this one (one argon2id
 * hash for all of them) and mark the database a demo (meta
 * demo_password): fieldbook demo, inside its transaction. */
fb_status fb_auth_give_everyone(fb_store *st, const char *secret, fb_error *err);
/* How many argon2id verifications this process ran (tests: an unknown name
 * costs one, as a wrong password does). */
extern long fb_auth_verifications;

/* ---- identities (uuid.c) ---- */

/* Give out a new UUID unless it already holds one (a draft's, a bundle's);
 * FB_EIO when the system has no random numbers. */
fb_status fb_new_uuid(char out[37], fb_error *err);

/* Take device as this database's device id (meta and the handle; store.c):
 * a key backup restored into a new database (keys.c). */
fb_status fb_store_set_device(fb_store *st, const char *device, fb_error *err);

/* ---- rows (sqlrow.c) ---- */

/* strdup of a text column (NULL column gives NULL). */
char *fb_col_dup(sqlite3_stmt *s, int col);
/* Copy a text column into a fixed buffer, cut at a character boundary. */
void fb_col_copy(sqlite3_stmt *s, int col, char *out, size_t size);
/* Bind text (NULL binds an empty string), statically: v must outlive the step. */
void fb_bind_text(sqlite3_stmt *s, int idx, const char *v);
/* Bind an id, NULL for 0 (an optional reference). */
void fb_bind_opt_id(sqlite3_stmt *s, int idx, int64_t id);
/* The sync binder: a new version of this device into the parameters origin,
 * rev and updated_at (their indexes); returns the revision bound. Every
 * write of a travelling record goes through it. */
int64_t fb_bind_sync(fb_store *st, sqlite3_stmt *s, int origin, int rev, int updated);

/* Step a write statement to completion and reset it; FB_OK or the
 * database error. */
fb_status fb_step_done(fb_store *st, sqlite3_stmt *s, fb_error *err);
/* The status to return after fb_store_stmt gave NULL (err filled in). */
fb_status fb_stmt_failed(fb_error *err);

/* Tombstone the live row `id` of `table` (a constant): deleted = 1, with a
 * new revision, this device as origin and the time, in a transaction.
 * FB_ENOTFOUND, err untouched, if there is no live row: the caller names
 * what was not found. */
fb_status fb_tombstone(fb_store *st, const char *table, int64_t id, fb_error *err);
/* Undo it: the tombstone `id` of `table` is live again (deleted = 0), with
 * a new revision and an "undelete" history entry. FB_ENOTFOUND, err
 * untouched, if there is no such tombstone. */
fb_status fb_untombstone(fb_store *st, const char *table, int64_t id, fb_error *err);

/* ---- history (history.c) ---- */

/* A record's values before a change: uuid, group uuid, then the fields
 * history.c keeps of its table, as text. */
#define FB_HIST_MAXF 16
typedef struct fb_hist_snap {
	const char *table; /* NULL: a table without history */
	int64_t id;
	int n;
	char *v[FB_HIST_MAXF];
} fb_hist_snap;
/* Inside the change's transaction: read record id of table before it is
 * changed (a table without history gives an empty snapshot). */
fb_status fb_hist_take(fb_store *st, const char *table, int64_t id, fb_hist_snap *snap,
                       fb_error *err);
/* After the change: one entry per field that differs from before, as the
 * store's actor; frees before. */
fb_status fb_hist_changes(fb_store *st, fb_hist_snap *before, fb_error *err);
void fb_hist_snap_free(fb_hist_snap *snap);
/* An entry for op ("insert", "delete", "undelete") of record id. */
fb_status fb_hist_note(fb_store *st, const char *table, int64_t id, const char *op, fb_error *err);
/* Open a record's save (fb_hist_save_end closes it): a new record (id 0)
 * gets a new uuid, the transaction begins, and an edited record's values go
 * into *before. On an error nothing is left open (rolled back). */
fb_status fb_hist_save_begin(fb_store *st, const char *table, int64_t id, char uuid[37],
                             fb_hist_snap *before, fb_error *err);
/* End a record's save in its transaction, rc being the write's result: a
 * new record (*id 0) gets its id and an "insert" entry, an edited one an
 * entry per field changed since before (NULL for a table whose records are
 * only added); frees before; commits, or rolls back on any error. */
fb_status fb_hist_save_end(fb_store *st, const char *table, int64_t *id, fb_hist_snap *before,
                           fb_status rc, fb_error *err);

/* ---- keyset pages (page.c) ---- */

/* Keyset paging helper: builds "ORDER BY key, id" conditions for a page in
 * direction dir over a list displayed descending (asc = 0) or ascending.
 * Writes the row-value comparison ("(k, id) < (?1, ?2)") into cond and
 * the ORDER BY into order; *reverse is set when the rows come back in the
 * opposite of display order and must be reversed. */
void fb_page_sql(const char *key, const char *id, int asc, int dir, char *cond, size_t csize,
                 char *order, size_t osize, int *reverse);

/* The page runner every keyset list in the core uses (fb_log_page,
 * fb_ticket_page, fb_report_page): the list writes its SQL with
 * fb_page_sql, binds its filters, and hands the statement over.
 *
 * fb_page_begin checks a request: clamps *max to FB_PAGE_MAX; 0 when
 * there is nothing to read (max <= 0), -1 (FB_EINVAL naming "cursor")
 * when a direction that needs a cursor has none, 1 to go on. */
int fb_page_begin(fb_page_dir dir, const fb_cursor *from, int *max, fb_error *err);
/* Bind the cursor's key and id at ?1 and ?2 when the page has a cursor
 * condition (cond from fb_page_sql not empty). */
void fb_page_bind_cursor(sqlite3_stmt *s, const char *cond, const fb_cursor *from);
/* Read one result row of s into row. */
typedef void (*fb_page_read_fn)(sqlite3_stmt *s, void *row);
/* Bind max at LIMIT ?limit_param, step s reading up to max rows of `size`
 * bytes into rows, reset s, and put the rows in display order (reverse:
 * from fb_page_sql). Returns the count, -1 on an error (err filled in). */
int fb_page_run(fb_store *st, sqlite3_stmt *s, int limit_param, void *rows, size_t size, int max,
                int reverse, fb_page_read_fn read, fb_error *err);

/* Count one distinct unit met (its kind, NULL if none; an enterprise's
 * kinds as bits) into a coverage (coverage.c and coverage_groups.c). */
struct fb_coverage;
void fb_coverage_count_unit(struct fb_coverage *c, const char *kind, uint32_t enterprise_kinds);

#endif
