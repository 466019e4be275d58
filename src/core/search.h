/* search.h - text search over daily logs (the seam between lists and the
 * search index, src/core/search.c and assets/sql/004_search.sql).
 *
 * The user's text is split into words at spaces; a log matches when each
 * word occurs in its unit, content, findings, actions or next step (ASCII
 * letters without case). Words are found through an index of character
 * bigrams, so two-character Chinese words (工资, 欠薪) never scan the table.
 *
 * Two ways to use it:
 *
 * 1. A list page (fastest: reads the index in list order and stops after
 *    one page). The index's rowid sorts exactly like (l.date, l.id):
 *
 *      SELECT ... FROM <fb_search_log_from()>
 *      WHERE <fb_search_log_match(P, F, T)> AND <other filters on l>
 *        AND <fb_search_log_order()> < <fb_search_log_key(D, I)>  -- keyset
 *      ORDER BY <fb_search_log_order()> DESC LIMIT 50
 *
 *    with the text bound by fb_search_bind at P and the cursor's date and id
 *    at D and I. fb_search_page_sql writes the cursor condition and the
 *    ORDER BY for a page direction, like fb_page_sql does for (date, id),
 *    with the cursor's date at ?1 and id at ?2.
 *
 * 2. Anywhere else (counts, reports): fb_search_log_condition(P) is a plain
 *    condition over logs l; correct with any FROM and ORDER BY, but a list
 *    ordered by date then sorts all matches. */
#ifndef FIELDBOOK_SEARCH_H
#define FIELDBOOK_SEARCH_H

#include "sqlstore.h"
#include "fieldbook/error.h"
#include "fieldbook/store.h"

/* An SQL condition over the logs table (alias l) that is true when the log
 * contains the words bound with fb_search_bind at parameter number `param`.
 * Writes into out; returns out. */
char *fb_search_log_condition(int param, char *out, unsigned long size);
/* Bind the user's text for that condition. */
fb_status fb_search_bind(sqlite3_stmt *s, int param, const char *text, fb_error *err);

/* The FROM clause of a list page with text: the index joined to logs l. */
const char *fb_search_log_from(void);
/* The condition for that FROM clause (text bound at param). When the list
 * has a date range, give the parameters of its first and last day (YYYY-MM-DD,
 * 0 for an open end): the index is then read only over that range. Into out. */
char *fb_search_log_match(int param, int from_param, int to_param, char *out,
                          unsigned long size);
/* The expression to ORDER BY (ASC or DESC) and to compare cursors with:
 * it orders rows exactly as (l.date, l.id) does. */
const char *fb_search_log_order(void);
/* The value of that expression for a row with the date bound at date_param
 * (YYYY-MM-DD) and the id at id_param. Into out. */
char *fb_search_log_key(int date_param, int id_param, char *out, unsigned long size);

/* Keyset condition (cursor date at ?1, id at ?2; "" for first/last pages)
 * and ORDER BY for a page in direction dir (fb_page_dir) of a list shown
 * newest first (asc = 0) or oldest first; *reverse is set when the rows
 * come back opposite to display order. */
void fb_search_page_sql(int asc, int dir, char *cond, unsigned long csize, char *order,
                        unsigned long osize, int *reverse);

/* Bulk loading (demo data, a first big import). Row-by-row indexing costs
 * about three times what one pass over the finished table does, so:
 * fb_search_bulk_begin removes the index's triggers on logs, and
 * fb_search_bulk_end puts them back and rebuilds the whole index in one
 * pass. Both must run inside the same open transaction (fb_store_begin):
 * a rollback or a crash leaves triggers and index exactly as they were.
 * Worth it only when the load brings more logs than the table holds. */
typedef struct fb_search_bulk {
	char *triggers[8]; /* the removed triggers' SQL, to put back */
	int n;
	int64_t since_id;  /* deferred: logs after this id get indexed; -1: all */
} fb_search_bulk;
fb_status fb_search_bulk_begin(fb_store *st, fb_search_bulk *b, fb_error *err);
/* The small-load variant (a weekly bundle): only new logs' indexing is
 * deferred (edits and deletes keep their triggers), and fb_search_bulk_end
 * indexes the logs inserted since, in key order. New logs must not be
 * edited in between. */
fb_status fb_search_defer_begin(fb_store *st, fb_search_bulk *b, fb_error *err);
fb_status fb_search_bulk_end(fb_store *st, fb_search_bulk *b, fb_error *err);
/* Forget a bulk load without ending it (after a rollback). */
void fb_search_bulk_free(fb_search_bulk *b);

/* Register the tokenizer and SQL functions the index needs on a new
 * connection (called by fb_store_open before migrations). */
fb_status fb_search_register(sqlite3 *db, fb_error *err);

#endif
