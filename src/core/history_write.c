/* history_write.c - writing the history: entries appended to this device's
 * chain inside the transaction of each change (the writers call
 * fb_hist_take before and fb_hist_changes after; fb_hist_note for inserts,
 * deletes, undeletes and resets). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/history.h"
#include "fieldbook/i18n.h"
#include "internal.h"
#include "history_impl.h"

/* What the entries of one change share. */
typedef struct writer {
	fb_store *st;
	char actor_uuid[37];
	char actor_name[256];
	char at[21];
	int64_t seq;
	char prev[FB_HISTORY_HASH];
} writer;

/* The acting person, the time and this device's chain head. */
static fb_status writer_begin(fb_store *st, writer *w, fb_error *err)
{
	memset(w, 0, sizeof *w);
	w->st = st;
	fb_now_iso(w->at);
	int64_t actor = fb_store_actor(st);
	if (actor) {
		sqlite3_stmt *q =
			fb_store_stmt(st, "SELECT uuid, name FROM people WHERE id = ?1", err);
		if (!q)
			return fb_stmt_failed(err);
		sqlite3_bind_int64(q, 1, actor);
		int row = fb_store_step(st, q, err);
		if (row > 0) {
			fb_col_copy(q, 0, w->actor_uuid, sizeof w->actor_uuid);
			fb_col_copy(q, 1, w->actor_name, sizeof w->actor_name);
		}
		sqlite3_reset(q);
		if (row < 0)
			return fb_stmt_failed(err);
	}
	sqlite3_stmt *q = fb_store_stmt(st,
	                                "SELECT seq, hash FROM history WHERE device = ?1 "
	                                "ORDER BY seq DESC LIMIT 1",
	                                err);
	if (!q)
		return fb_stmt_failed(err);
	fb_bind_text(q, 1, fb_store_device(st));
	int row = fb_store_step(st, q, err);
	if (row > 0) {
		w->seq = sqlite3_column_int64(q, 0);
		fb_col_copy(q, 1, w->prev, sizeof w->prev);
	}
	sqlite3_reset(q);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* Append one entry to this device's chain. */
static fb_status put_entry(writer *w, const char *table, const char *record, const char *group,
                           const char *op, const char *field, const char *old_value,
                           const char *new_value, fb_error *err)
{
	fb_store *st = w->st;
	char uuid[37] = "", hash[FB_HISTORY_HASH];
	fb_status rc = fb_new_uuid(uuid, err);
	if (rc)
		return rc;
	fb_history_entry e = {.uuid = uuid,
	                      .device = fb_store_device(st),
	                      .seq = w->seq + 1,
	                      .rev = fb_store_next_rev(st),
	                      .at = w->at,
	                      .actor_uuid = w->actor_uuid,
	                      .actor_name = w->actor_name,
	                      .group_uuid = group,
	                      .table = table,
	                      .record_uuid = record,
	                      .op = op,
	                      .field = field,
	                      .old_value = old_value,
	                      .new_value = new_value,
	                      .prev_hash = w->prev};
	fb_history_hash(&e, hash);
	sqlite3_stmt *s =
		fb_store_stmt(st,
	                      "INSERT INTO history (uuid, device, seq, rev, at, actor_uuid, "
	                      "actor_name, group_uuid, "
	                      "tbl, record_uuid, op, field, old_value, new_value, prev_hash, hash) "
	                      "VALUES (?1, ?2, ?3, "
	                      "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	                      err);
	if (!s)
		return fb_stmt_failed(err);
	const char *text[] = {uuid,          e.device,  NULL,    NULL,   w->at, w->actor_uuid,
	                      w->actor_name, group,     table,   record, op,    field,
	                      old_value,     new_value, w->prev, hash};
	for (int i = 0; i < 16; i++)
		if (text[i])
			fb_bind_text(s, i + 1, text[i]);
	sqlite3_bind_int64(s, 3, e.seq);
	sqlite3_bind_int64(s, 4, e.rev);
	if ((rc = fb_step_done(st, s, err)))
		return rc;
	w->seq++;
	memcpy(w->prev, hash, sizeof hash);
	return FB_OK;
}

/* The SELECT of a table's record: uuid, group uuid, then each field as text. */
static sqlite3_stmt *snap_stmt(fb_store *st, const hist_table *t, fb_error *err)
{
	char sql[4096];
	size_t n = (size_t)snprintf(sql, sizeof sql,
	                            "SELECT t.uuid, coalesce((SELECT uuid FROM "
	                            "work_groups WHERE id = t.group_id), '')");
	for (int i = 0; i < t->n && n < sizeof sql; i++) {
		const hist_field *f = &t->f[i];
		const char *ref = f->kind == V_PERSON  ? "people"
		                  : f->kind == V_GROUP ? "work_groups"
		                  : f->kind == V_LOG   ? "logs"
		                  : f->kind == V_UNIT  ? "units"
		                                       : NULL;
		if (ref)
			n += (size_t)snprintf(
				sql + n, sizeof sql - n,
				", coalesce((SELECT uuid FROM %s WHERE id = t.%s), '')", ref,
				f->column);
		else
			n += (size_t)snprintf(sql + n, sizeof sql - n,
			                      ", coalesce(CAST(t.%s AS TEXT), '')", f->column);
	}
	if (n < sizeof sql)
		snprintf(sql + n, sizeof sql - n, " FROM %s t WHERE t.id = ?1", t->name);
	return fb_store_stmt(st, sql, err);
}

void fb_hist_snap_free(fb_hist_snap *snap)
{
	for (int i = 0; i < FB_HIST_MAXF; i++) {
		free(snap->v[i]);
		snap->v[i] = NULL;
	}
	snap->n = 0;
}

/* Read record id's values into snap (uuid and group first). */
static fb_status read_snap(fb_store *st, const hist_table *t, int64_t id, fb_hist_snap *snap,
                           fb_error *err)
{
	sqlite3_stmt *q = snap_stmt(st, t, err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, id);
	snap->table = t->name;
	snap->id = id;
	snap->n = 0;
	int row = fb_store_step(st, q, err);
	fb_status rc = FB_OK;
	if (row > 0) {
		for (int i = 0; i < t->n + 2; i++) {
			snap->v[i] = fb_col_dup(q, i);
			if (!snap->v[i])
				rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		}
		snap->n = t->n + 2;
	} else if (row == 0) {
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no record with id %lld"),
		                  (long long)id);
	} else {
		rc = fb_stmt_failed(err);
	}
	sqlite3_reset(q);
	if (rc)
		fb_hist_snap_free(snap);
	return rc;
}

fb_status fb_hist_take(fb_store *st, const char *table, int64_t id, fb_hist_snap *snap, fb_error *err)
{
	memset(snap, 0, sizeof *snap);
	const hist_table *t = fb_hist_table_of(table);
	return t && !fb_store_history_is_off(st) ? read_snap(st, t, id, snap, err) : FB_OK;
}

fb_status fb_hist_changes(fb_store *st, fb_hist_snap *before, fb_error *err)
{
	const hist_table *t = fb_hist_table_of(before->table);
	if (!t || !before->n)
		return FB_OK;
	fb_hist_snap now;
	memset(&now, 0, sizeof now);
	fb_status rc = read_snap(st, t, before->id, &now, err);
	writer w;
	int started = 0;
	for (int i = 0; rc == FB_OK && i < t->n; i++) {
		if (!strcmp(before->v[i + 2], now.v[i + 2]))
			continue;
		if (!started++ && (rc = writer_begin(st, &w, err)))
			break;
		rc = put_entry(&w, t->name, now.v[0], now.v[1], "update", t->f[i].name,
		               before->v[i + 2], now.v[i + 2], err);
	}
	fb_hist_snap_free(&now);
	fb_hist_snap_free(before);
	return rc;
}

fb_status fb_hist_note(fb_store *st, const char *table, int64_t id, const char *op, fb_error *err)
{
	const hist_table *t = fb_hist_table_of(table);
	if (!t || fb_store_history_is_off(st))
		return FB_OK;
	sqlite3_stmt *q = snap_stmt(st, t, err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, id);
	char uuid[37] = "", group[37] = "";
	int row = fb_store_step(st, q, err);
	if (row > 0) {
		fb_col_copy(q, 0, uuid, sizeof uuid);
		fb_col_copy(q, 1, group, sizeof group);
	}
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return fb_error_set(err, FB_ENOTFOUND, "id", _("no record with id %lld"),
		                    (long long)id);
	writer w;
	fb_status rc = writer_begin(st, &w, err);
	return rc ? rc : put_entry(&w, t->name, uuid, group, op, "", "", "", err);
}

fb_status fb_hist_save_begin(fb_store *st, const char *table, int64_t id, char uuid[37],
                             fb_hist_snap *before, fb_error *err)
{
	fb_status rc;
	memset(before, 0, sizeof *before);
	if ((!id && (rc = fb_new_uuid(uuid, err))) || (rc = fb_store_begin(st, err)))
		return rc;
	if (id && (rc = fb_hist_take(st, table, id, before, err))) {
		fb_store_rollback(st);
		return rc;
	}
	return FB_OK;
}

fb_status fb_hist_save_end(fb_store *st, const char *table, int64_t *id, fb_hist_snap *before,
                           fb_status rc, fb_error *err)
{
	if (rc == FB_OK && !*id) {
		*id = sqlite3_last_insert_rowid(fb_store_db(st));
		rc = fb_hist_note(st, table, *id, "insert", err);
	} else if (rc == FB_OK && before) {
		rc = fb_hist_changes(st, before, err);
	}
	if (before)
		fb_hist_snap_free(before);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}
