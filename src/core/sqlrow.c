/* sqlrow.c - small helpers between SQLite rows and the core's records:
 * reading columns, binding values, stepping writes, tombstones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/text.h"
#include "internal.h"

char *fb_col_dup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return t ? strdup((const char *)t) : NULL;
}

void fb_col_copy(sqlite3_stmt *s, int col, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	fb_text_copy(t ? (const char *)t : "", out, size);
}

void fb_bind_text(sqlite3_stmt *s, int idx, const char *v)
{
	sqlite3_bind_text(s, idx, v ? v : "", -1, SQLITE_STATIC);
}

void fb_bind_opt_id(sqlite3_stmt *s, int idx, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(s, idx, id);
	else
		sqlite3_bind_null(s, idx);
}

fb_status fb_step_done(fb_store *st, sqlite3_stmt *s, fb_error *err)
{
	fb_status r = fb_store_step(st, s, err) < 0 ? (err ? err->code : FB_EDB) : FB_OK;
	sqlite3_reset(s);
	return r;
}

fb_status fb_stmt_failed(fb_error *err)
{
	return err && err->code ? err->code : FB_EDB;
}

/* Set the deleted flag of row id of table from `from` to `to`, with a new
 * revision, this device as origin and the time, and its history entry (op),
 * in a transaction. FB_ENOTFOUND, err untouched, when no row has it. */
static fb_status set_deleted(fb_store *st, const char *table, int64_t id, int from, int to,
                             const char *op, fb_error *err)
{
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE %s SET deleted = %d, origin = ?2, rev = ?3, updated_at = ?4 "
	                          "WHERE id = ?1 AND deleted = %d", table, to, from);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return fb_stmt_failed(err);
	char now[21];
	fb_status rc = fb_store_begin(st, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	fb_bind_text(s, 2, fb_store_device(st));
	sqlite3_bind_int64(s, 3, fb_store_next_rev(st));
	sqlite3_bind_text(s, 4, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	rc = fb_step_done(st, s, err);
	if (rc == FB_OK && sqlite3_changes(fb_store_db(st)) == 0)
		rc = FB_ENOTFOUND;
	if (rc == FB_OK)
		rc = fb_hist_note(st, table, id, op, err);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_tombstone(fb_store *st, const char *table, int64_t id, fb_error *err)
{
	return set_deleted(st, table, id, 0, 1, "delete", err);
}

fb_status fb_untombstone(fb_store *st, const char *table, int64_t id, fb_error *err)
{
	return set_deleted(st, table, id, 1, 0, "undelete", err);
}
