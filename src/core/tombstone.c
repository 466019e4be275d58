/* tombstone.c - deleting a travelling record as sync does: the row stays,
 * marked deleted with a new version, so the delete travels in the next
 * bundle (and can be undone the same way). */
#include <stdio.h>

#include "internal.h"

/* Set the deleted flag of row id of table from `from` to `to`, with a new
 * revision, this device as origin and the time, and its history entry (op),
 * in a transaction. FB_ENOTFOUND, err untouched, when no row has it. */
static fb_status set_deleted(fb_store *st, const char *table, int64_t id, int from, int to,
                             const char *op, fb_error *err)
{
	char sql[160];
	snprintf(sql, sizeof sql,
	         "UPDATE %s SET deleted = %d, origin = ?2, rev = ?3, updated_at = ?4 "
	         "WHERE id = ?1 AND deleted = %d",
	         table, to, from);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return fb_stmt_failed(err);
	fb_status rc = fb_store_begin(st, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	fb_bind_sync(st, s, 2, 3, 4);
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
