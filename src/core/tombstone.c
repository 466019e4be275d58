/* tombstone.c - deleting a travelling record as sync does: the row stays,
 * marked deleted with a new version, so the delete travels in the next
 * bundle; and deleted means gone (020_tombstones.sql): a tombstone keeps
 * only what sync and the lanes need, its text and personal fields are
 * blanked, and its history forgets its values (021_history_forget.sql).
 * Done here in C, for a delete here and for every row an import writes
 * deleted, rather than by triggers that every statement on these tables
 * would carry. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* What a tombstone of each table loses: its text and personal columns,
 * blanked (set), when any of them is not (any). */
static const struct wipe {
	const char *table, *set, *any;
} wipes[] = {
#define W(t, set, any)      \
	{                   \
		t, set, any \
	}
	W("logs", "unit = '', content = '', findings = '', actions = '', next_step = ''",
          "unit <> '' OR content <> '' OR findings <> '' OR actions <> '' OR next_step <> ''"),
	W("contacts", "name = '', org = '', phone = '', id_number = '', note = ''",
          "name <> '' OR org <> '' OR phone <> '' OR id_number <> '' OR note <> ''"),
	W("reports",
          "work_done = '', research = '', problems = '', next_plan = '', figures = '', "
          "prefill = NULL",
          "work_done <> '' OR research <> '' OR problems <> '' OR next_plan <> '' OR "
          "figures <> '' OR prefill IS NOT NULL"),
	W("tickets", "title = '', description = '', unit = '', raised_by = ''",
          "title <> '' OR description <> '' OR unit <> '' OR raised_by <> ''"),
	W("targets", "note = ''", "note <> ''"),
	W("units",
          "name = '', sector = '', address = '', contact_person = '', contact_phone = '', "
          "note = ''",
          "name <> '' OR sector <> '' OR address <> '' OR contact_person <> '' OR "
          "contact_phone <> '' OR note <> ''"),
	W("workers", "name = '', phone = '', id_number = '', raised = ''",
          "name <> '' OR phone <> '' OR id_number <> '' OR raised <> ''"),
	W("contact_sheets",
          "met_with = '', content = '', opinions = '', problem = '', handed_to = '', "
          "feedback = ''",
          "met_with <> '' OR content <> '' OR opinions <> '' OR problem <> '' OR "
          "handed_to <> '' OR feedback <> ''"),
	W("calendar_days", "name = ''", "name <> ''"),
	W("leave", "reason = ''", "reason <> ''"),
	W("report_schedule", "title = '', circular = ''", "title <> '' OR circular <> ''"),
	W("report_filings", "note = ''", "note <> ''"),
	W("contact_points", "liaison_name = '', liaison_phone = '', note = ''",
          "liaison_name <> '' OR liaison_phone <> '' OR note <> ''"),
	W("research_topics", "title = '', description = ''", "title <> '' OR description <> ''"),
	W("pairings", "note = ''", "note <> ''"),
	W("pairing_visits", "note = ''", "note <> ''"),
#undef W
};

static const struct wipe *wipe_of(const char *table)
{
	for (size_t i = 0; i < sizeof wipes / sizeof wipes[0]; i++)
		if (!strcmp(wipes[i].table, table))
			return &wipes[i];
	return NULL;
}

/* Run sql (cached) with ?1 = id; FB_OK or the database error. */
static fb_status run_id(fb_store *st, const char *sql, int64_t id, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, id);
	return fb_step_done(st, s, err);
}

fb_status fb_tombstone_wipe(fb_store *st, const char *table, int64_t id, fb_error *err)
{
	const struct wipe *w = wipe_of(table);
	if (!w)
		return FB_OK; /* people and groups keep their names */
	char sql[640];
	snprintf(sql, sizeof sql, "UPDATE %s SET %s WHERE id = ?1 AND deleted = 1 AND (%s)",
	         w->table, w->set, w->any);
	fb_status rc = run_id(st, sql, id, err);
	if (rc)
		return rc;
	snprintf(sql, sizeof sql,
	         "UPDATE history SET old_value = '', new_value = '' WHERE record_uuid = "
	         "(SELECT uuid FROM %s WHERE id = ?1 AND deleted = 1) AND old_digest <> '' AND "
	         "(old_value <> '' OR new_value <> '')",
	         w->table);
	if ((rc = run_id(st, sql, id, err)) || strcmp(table, "tickets"))
		return rc;
	return run_id(st,
	              "UPDATE ticket_events SET body = '', dept = '' WHERE ticket_id = ?1 AND "
	              "(body <> '' OR dept <> '') AND (SELECT deleted FROM tickets WHERE id = ?1) "
	              "= 1",
	              id, err);
}

fb_status fb_tombstone_forget_since(fb_store *st, int64_t chg, fb_error *err)
{
	char sql[512];
	for (size_t i = 0; i < sizeof wipes / sizeof wipes[0]; i++) {
		snprintf(sql, sizeof sql,
		         "UPDATE history SET old_value = '', new_value = '' WHERE chg > ?1 AND "
		         "tbl = '%s' AND old_digest <> '' AND (old_value <> '' OR new_value <> '') "
		         "AND record_uuid IN (SELECT uuid FROM %s WHERE deleted = 1)",
		         wipes[i].table, wipes[i].table);
		fb_status rc = run_id(st, sql, chg, err);
		if (rc)
			return rc;
	}
	return run_id(st,
	              "UPDATE ticket_events SET body = '', dept = '' WHERE chg > ?1 AND "
	              "(body <> '' OR dept <> '') AND ticket_id IN (SELECT id FROM tickets WHERE "
	              "deleted = 1)",
	              chg, err);
}

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
	if (rc == FB_OK && to == 1)
		rc = fb_tombstone_wipe(st, table, id, err);
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
