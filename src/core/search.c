/* search.c - text search over daily logs through an FTS5 index of character
 * bigrams (assets/sql/004_search.sql).
 *
 * Most Chinese words are two characters (工资, 欠薪, 加班), which a trigram
 * index cannot find, and Chinese has no spaces to split words on. The
 * tokenizer "fb_bigram" therefore cuts text into runs of word characters
 * (anything but spaces, controls and punctuation) and indexes every pair of
 * neighbouring characters of a run, plus the run's last character alone, so
 * that every character occurrence starts some token:
 *
 *     "拖欠工资，" -> 拖欠 欠工 工资 资
 *
 * A query word of n >= 2 characters becomes the AND of its n-1 bigrams; a
 * one-character word becomes a prefix query ("工"*). The index holds no
 * positions (detail=none) and no text (content=''), which keeps it small; the
 * AND of bigrams is a superset of the rows that contain the word, so every
 * candidate is verified against the row's text (fb_search_verify).
 *
 * The index's rowid is not the log id but a key that sorts like the lists
 * do: days since 1970 of the log's date times 2^32, plus the id. A list page
 * then reads the index in key order and stops after one page, instead of
 * collecting every match and sorting. ASCII letters are folded to lower
 * case in the index and in verification. Every document also gets one mark
 * token, so the index can list all its rows (see MARK). The tokenizer and
 * the two SQL functions are bigram.c; this file is the seam the lists use
 * and the bulk loading. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigram.h"
#include "fieldbook/i18n.h"
#include "fieldbook/page.h"
#include "search.h"
#include "internal.h"
#include "unit_key.h"

/* ---- the seam ---- */

#define TEXT_COLUMNS "l.unit, l.content, l.findings, l.actions, l.next_step"

char *fb_search_log_condition(int param, char *out, unsigned long size)
{
	snprintf(out, size,
	         "(l.id IN (SELECT rowid & 4294967295 FROM logs_fts "
	         "WHERE logs_fts MATCH fb_search_query(?%d)) "
	         "AND fb_search_verify(?%d, " TEXT_COLUMNS "))",
	         param, param);
	return out;
}

const char *fb_search_log_from(void)
{
	return "logs_fts JOIN logs l ON l.id = (logs_fts.rowid & 4294967295)";
}

char *fb_search_log_match(int param, int from_param, int to_param, char *out, unsigned long size)
{
	char from[96] = "", to[104] = "";
	/* a date range is a range of keys: the index reads only that stretch */
	if (from_param > 0)
		snprintf(from, sizeof from,
		         " AND logs_fts.rowid >= coalesce(unixepoch(?%d) / 86400, 0) * 4294967296",
		         from_param);
	if (to_param > 0)
		snprintf(to,
		         sizeof to, " AND logs_fts.rowid < (coalesce(unixepoch(?%d) / 86400, 0) + 1) * 4294967296",
		         to_param);
	snprintf(out, size,
	         "(logs_fts MATCH fb_search_query(?%d)%s%s AND fb_search_verify(?%d, " TEXT_COLUMNS
	         "))",
	         param, from, to, param);
	return out;
}

const char *fb_search_log_order(void) { return "logs_fts.rowid"; }

char *fb_search_log_key(int date_param, int id_param, char *out, unsigned long size)
{
	snprintf(out, size, "(coalesce(unixepoch(?%d) / 86400, 0) * 4294967296 + ?%d)", date_param,
	         id_param);
	return out;
}

void fb_search_page_sql(int asc, int dir, char *cond, unsigned long csize, char *order,
                        unsigned long osize, int *reverse)
{
	/* As fb_page_sql, with the one index key in place of (date, id). */
	const char *key = "(coalesce(unixepoch(?1) / 86400, 0) * 4294967296 + ?2)";
	const char *fwd_cmp = asc ? ">" : "<", *back_cmp = asc ? "<" : ">";
	const char *fwd_ord = asc ? "ASC" : "DESC", *back_ord = asc ? "DESC" : "ASC";
	*reverse = dir == FB_PAGE_LAST || dir == FB_PAGE_PREV;
	cond[0] = '\0';
	if (dir == FB_PAGE_NEXT || dir == FB_PAGE_AT)
		snprintf(cond, csize, "logs_fts.rowid %s%s %s", fwd_cmp,
		         dir == FB_PAGE_AT ? "=" : "", key);
	else if (dir == FB_PAGE_PREV)
		snprintf(cond, csize, "logs_fts.rowid %s %s", back_cmp, key);
	snprintf(order, osize, "logs_fts.rowid %s", *reverse ? back_ord : fwd_ord);
}

fb_status fb_search_bind(sqlite3_stmt *s, int param, const char *text, fb_error *err)
{
	if (sqlite3_bind_text(s, param, text ? text : "", -1, SQLITE_TRANSIENT) != SQLITE_OK)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	return FB_OK;
}

/* ---- bulk loading ---- */

/* The index's key and text of a log, as the triggers of 004_search.sql
 * compute them (test_search_index checks a rebuild against them). */
#define INDEX_KEY "coalesce(unixepoch(date) / 86400, 0) * 4294967296 + id"
#define INDEX_BODY                                                                                \
	"unit || char(10) || content || char(10) || findings || char(10) || actions || char(10) " \
	"|| next_step"

void fb_search_bulk_free(fb_search_bulk *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->triggers[i]);
	b->n = 0;
}

/* Remove the index's triggers on logs whose name matches `like` (saving
 * their SQL in b to put back). */
static fb_status drop_triggers(fb_store *st, fb_search_bulk *b, const char *like, fb_error *err)
{
	sqlite3 *db = fb_store_db(st);
	b->n = 0;
	if (sqlite3_get_autocommit(db))
		return fb_error_set(err, FB_ESTATE, NULL, "bulk indexing needs an open transaction");
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db,
	                       "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
	                       "AND tbl_name = 'logs' AND name LIKE ?1 ESCAPE '\\'",
	                       -1, &s, NULL) != SQLITE_OK)
		return fb_store_dberr(st, err);
	sqlite3_bind_text(s, 1, like, -1, SQLITE_STATIC);
	fb_status rc = FB_OK;
	int row = 0;
	while (rc == FB_OK && (row = fb_store_step(st, s, err)) == 1) {
		char drop[160];
		snprintf(drop, sizeof drop, "DROP TRIGGER \"%s\"", sqlite3_column_text(s, 0));
		if (b->n == 8 ||
		    !(b->triggers[b->n] = strdup((const char *)sqlite3_column_text(s, 1))))
			rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		else if (b->n++, sqlite3_exec(db, drop, NULL, NULL, NULL) != SQLITE_OK)
			rc = fb_store_dberr(st, err);
	}
	sqlite3_finalize(s);
	if (!rc && row < 0)
		rc = fb_stmt_failed(err);
	if (rc)
		fb_search_bulk_free(b);
	return rc;
}

fb_status fb_search_bulk_begin(fb_store *st, fb_search_bulk *b, fb_error *err)
{
	b->since_id = -1;
	return drop_triggers(st, b, "logs\\_fts\\_%", err);
}

fb_status fb_search_defer_begin(fb_store *st, fb_search_bulk *b, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT coalesce(max(id), 0) FROM logs", err);
	if (!s)
		return fb_stmt_failed(err);
	int row = fb_store_step(st, s, err);
	b->since_id = row > 0 ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	return drop_triggers(st, b, "logs\\_fts\\_insert", err);
}

/* The index is fed in its own key order (date, id): FTS5 flushes its
 * pending terms to a new segment whenever a rowid goes backwards, and
 * bundles and the demo bring logs in id order, which is not date order
 * (a demo writes newest first). In key order a full rebuild is about 2.4
 * times faster, and a 35-log bundle writes one small segment instead of
 * one per log. */
fb_status fb_search_bulk_end(fb_store *st, fb_search_bulk *b, fb_error *err)
{
	sqlite3 *db = fb_store_db(st);
	fb_status rc = FB_OK;
	for (int i = 0; i < b->n && !rc; i++)
		if (sqlite3_exec(db, b->triggers[i], NULL, NULL, NULL) != SQLITE_OK)
			rc = fb_store_dberr(st, err);
	if (!rc && b->since_id < 0 &&
	    (sqlite3_exec(db, "INSERT INTO logs_fts(logs_fts) VALUES ('delete-all')", NULL, NULL,
	                  NULL) != SQLITE_OK ||
	     sqlite3_exec(db,
	                  "INSERT INTO logs_fts(rowid, body) SELECT " INDEX_KEY ", " INDEX_BODY
	                  " FROM logs WHERE deleted = 0 ORDER BY date, id",
	                  NULL, NULL, NULL) != SQLITE_OK))
		rc = fb_store_dberr(st, err);
	if (!rc && b->since_id >= 0) {
		/* +date: sort the few new rows, not walk logs_date from the start */
		sqlite3_stmt *s =
			fb_store_stmt(st,
		                      "INSERT INTO logs_fts(rowid, body) SELECT " INDEX_KEY
		                      ", " INDEX_BODY " FROM logs WHERE id > ?1 "
		                      "AND deleted = 0 ORDER BY +date, +id",
		                      err);
		if (!s) {
			rc = fb_stmt_failed(err);
		} else {
			sqlite3_bind_int64(s, 1, b->since_id);
			rc = fb_step_done(st, s, err);
		}
	}
	fb_search_bulk_free(b);
	return rc;
}

fb_status fb_search_register(sqlite3 *db, fb_error *err)
{
	fb_status s = fb_bigram_register(db, err);
	return s ? s : fb_unit_register(db, err); /* the units' name keys (migration 013) */
}
