/* ticket.c - the ticket record: a problem ticket checked, filed (with its
 * register step), edited, deleted and restored, and read. Its steps are
 * taken in ticket_step.c, its life cycle and history are in ticket_life.c,
 * lists of tickets in ticket_list.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "fieldbook/log.h"
#include "fieldbook/ticket.h"
#include "fieldbook/perm.h"
#include "fieldbook/seal.h"
#include "internal.h"
#include "ticket_impl.h"

/* The log a ticket came from exists (a tombstone counts: its ticket may
 * travel after it). */
static fb_status check_log_ref(fb_store *st, int64_t log_id, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT 1 FROM logs WHERE id = ?1", err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, log_id);
	int row = fb_store_step(st, q, err);
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return fb_error_set(err, FB_EINVAL, "log", _("no daily log with id %lld"),
		                    (long long)log_id);
	return FB_OK;
}

fb_status fb_ticket_validate(fb_store *st, const fb_ticket *t, fb_error *err)
{
	fb_status s;
	int64_t rev = t->deleted ? -1 : t->rev, group = 0, opener_rev = 0;
	if ((s = fb_check_person_ref(st, "opened_by", t->opened_by, rev, &group, &opener_rev, err)))
		return s;
	if (group <= 0)
		return fb_error_set(err, FB_EINVAL, "opened_by", _("belongs to no work group"));
	if (t->group_id > 0 && t->group_id != group && !(t->rev > 0 && t->rev < opener_rev))
		return fb_error_set(err, FB_EINVAL, "opened_by",
		                    _("is not in the ticket's work group"));
	if (t->owner_id > 0 &&
	    (s = fb_check_person_ref(st, "owner", t->owner_id, rev, NULL, NULL, err)))
		return s;
	if ((s = fb_check(st, FB_L_TICKETS_OPENED_ON, t->opened_on, err)) ||
	    (s = fb_check(st, FB_L_TICKETS_DUE_ON, t->due_on, err)) ||
	    (s = fb_check(st, FB_L_TICKETS_TITLE, t->title, err)) ||
	    (s = fb_check(st, FB_L_TICKETS_DESCRIPTION, t->description, err)) ||
	    (s = fb_check(st, FB_L_TICKETS_UNIT, t->unit, err)) ||
	    (s = fb_check(st, FB_L_TICKETS_RAISED_BY, t->raised_by, err)) ||
	    (s = fb_check(st, FB_L_TICKETS_CATEGORY, t->category, err)) ||
	    (s = fb_check(st, FB_L_TICKETS_ROUTING, t->routing, err)) ||
	    (s = fb_check(st, FB_L_TICKETS_STATUS, t->status, err)))
		return s;
	if (t->due_on && *t->due_on && strcmp(t->due_on, t->opened_on) < 0)
		return fb_error_set(err, FB_EINVAL, "due_on", _("is before the ticket was opened"));
	if (t->log_id > 0 && (s = check_log_ref(st, t->log_id, err)))
		return s;
	return FB_OK;
}

/* Default days from opening to due: meta ticket_due_days, else 30. */
static fb_status due_days(fb_store *st, int *days, fb_error *err)
{
	char *v = NULL;
	fb_status rc = fb_meta_lookup(st, "ticket_due_days", &v, err);
	int d = v ? atoi(v) : 0;
	free(v);
	*days = d > 0 && d <= FB_DATE_AHEAD_DAYS ? d : 30;
	return rc;
}

fb_status fb_ticket_stored(fb_store *st, int64_t id, fb_perm_on *on, char *routing, size_t rsize,
                           fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT group_id, opened_by, coalesce(owner_id, 0), "
	                                "routing FROM tickets WHERE id = ?1 AND deleted = 0",
	                                err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, id);
	int row = fb_store_step(st, s, err);
	if (row > 0) {
		on->group_id = sqlite3_column_int64(s, 0);
		on->owner = sqlite3_column_int64(s, 1);
		on->other = sqlite3_column_int64(s, 2);
		if (routing)
			fb_col_copy(s, 3, routing, rsize);
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (row == 0)
		return fb_error_set(err, FB_ENOTFOUND, "id", _("no ticket with id %lld"),
		                    (long long)id);
	return FB_OK;
}

fb_status fb_ticket_insert(fb_store *st, fb_ticket *t, fb_error *err)
{
	fb_status rc = fb_ticket_validate(st, t, err);
	if (rc)
		return rc;
	fb_person opener = {0};
	if ((rc = fb_person_get(st, t->opened_by, &opener, err)))
		return rc;
	int64_t group = opener.group_id;
	fb_person_free(&opener);
	if (group <= 0)
		return fb_error_set(err, FB_EINVAL, "opened_by", _("belongs to no work group"));
	t->group_id = group;
	fb_perm_on on = {.group_id = group, .owner = t->opened_by};
	if ((rc = fb_perm_check(st, FB_ACT_TICKET_FILE, &on, err)))
		return rc;
	if (t->owner_id <= 0 && (rc = fb_group_leader(st, group, &t->owner_id, err)))
		return rc;
	char due[11];
	const char *due_on = t->due_on;
	if (!due_on || !*due_on) {
		fb_date d;
		int days;
		if ((rc = due_days(st, &days, err)))
			return rc;
		fb_date_parse(t->opened_on, &d, "opened_on", NULL);
		due_on = fb_date_format(fb_date_add(d, days), due);
	}
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"INSERT INTO tickets (uuid, group_id, log_id, opened_by, owner_id, opened_on, "
		"due_on, "
		"title, description, unit, raised_by, category, routing, status, origin, rev, "
		"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		"'registered', ?14, ?15, ?16)",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	char *raised_by; /* sealed (seal.h) */
	if ((rc = fb_seal_text(st, "tickets.raised_by", "raised_by", t->raised_by, &raised_by, err)))
		return rc;
	if ((rc = fb_new_uuid(t->uuid, err)) || (rc = fb_store_begin(st, err))) {
		free(raised_by);
		return rc;
	}
	t->rev = fb_store_next_rev(st);
	snprintf(t->origin, sizeof t->origin, "%s", fb_store_device(st));
	fb_now_iso(t->updated_at);
	fb_bind_text(s, 1, t->uuid);
	sqlite3_bind_int64(s, 2, t->group_id);
	fb_bind_opt_id(s, 3, t->log_id);
	sqlite3_bind_int64(s, 4, t->opened_by);
	fb_bind_opt_id(s, 5, t->owner_id);
	fb_bind_text(s, 6, t->opened_on);
	fb_bind_text(s, 7, due_on);
	fb_bind_text(s, 8, t->title);
	fb_bind_text(s, 9, t->description);
	fb_bind_text(s, 10, t->unit);
	fb_bind_text(s, 11, raised_by);
	fb_bind_text(s, 12, t->category);
	fb_bind_text(s, 13, t->routing);
	fb_bind_text(s, 14, t->origin);
	sqlite3_bind_int64(s, 15, t->rev);
	fb_bind_text(s, 16, t->updated_at);
	rc = fb_step_done(st, s, err);
	free(raised_by);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	t->id = sqlite3_last_insert_rowid(fb_store_db(st));
	fb_ticket_event ev = {0};
	ev.ticket_id = t->id;
	ev.kind = "register";
	ev.actor_id = t->opened_by;
	ev.body = t->description;
	ev.routing = t->routing; /* the level it starts at: escalations show old -> new */
	/* registered afterwards (opened_on before today): the history starts on
	 * the day it was opened, so steps dated since then follow it in time */
	char reg_at[21], today[11];
	if (strcmp(t->opened_on, fb_date_format(fb_today(), today)) < 0 &&
	    fb_datetime_parse(t->opened_on, reg_at, "opened_on", NULL) == FB_OK)
		ev.at = reg_at;
	if ((rc = fb_ticket_event_insert(st, &ev, FB_ST_REGISTERED, err)) ||
	    (rc = fb_hist_note(st, "tickets", t->id, "insert", err))) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_ticket_update(fb_store *st, fb_ticket *t, fb_error *err)
{
	fb_status rc = fb_ticket_validate(st, t, err);
	fb_perm_on was = {0};
	char routing[32] = "";
	if (rc || (rc = fb_ticket_stored(st, t->id, &was, routing, sizeof routing, err)) ||
	    (rc = fb_perm_check(st, FB_ACT_TICKET_EDIT, &was, err)))
		return rc;
	/* the new owner must be one the acting person may hand it to */
	fb_perm_on now = was;
	now.other = t->owner_id;
	if ((rc = fb_perm_check(st, FB_ACT_TICKET_EDIT, &now, err)))
		return rc;
	if (strcmp(routing, t->routing ? t->routing : "") &&
	    (rc = fb_perm_check(st, FB_ACT_TICKET_ROUTE, &was, err)))
		return rc;
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"UPDATE tickets SET log_id = ?2, owner_id = ?3, opened_on = ?4, "
		"due_on = coalesce(nullif(?5, ''), due_on), title = ?6, description = ?7, unit = "
		"?8, "
		"raised_by = coalesce(?9, raised_by), category = ?10, routing = ?11, origin = ?12, "
		"rev = ?13, "
		"updated_at = ?14 WHERE id = ?1 AND deleted = 0",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	/* sealed (seal.h); the placeholder read without the key keeps what is stored */
	char *raised_by = NULL;
	int keep = t->raised_by && !strcmp(t->raised_by, fb_seal_placeholder());
	if (!keep &&
	    (rc = fb_seal_text(st, "tickets.raised_by", "raised_by", t->raised_by, &raised_by, err)))
		return rc;
	if ((rc = fb_store_begin(st, err))) {
		free(raised_by);
		return rc;
	}
	fb_hist_snap before;
	if ((rc = fb_hist_take(st, "tickets", t->id, &before, err))) {
		fb_store_rollback(st);
		free(raised_by);
		if (rc == FB_ENOTFOUND)
			fb_error_set(err, rc, "id", _("no ticket with id %lld"), (long long)t->id);
		return rc;
	}
	t->rev = fb_store_next_rev(st);
	snprintf(t->origin, sizeof t->origin, "%s", fb_store_device(st));
	fb_now_iso(t->updated_at);
	sqlite3_bind_int64(s, 1, t->id);
	fb_bind_opt_id(s, 2, t->log_id);
	fb_bind_opt_id(s, 3, t->owner_id);
	fb_bind_text(s, 4, t->opened_on);
	fb_bind_text(s, 5, t->due_on);
	fb_bind_text(s, 6, t->title);
	fb_bind_text(s, 7, t->description);
	fb_bind_text(s, 8, t->unit);
	if (raised_by)
		fb_bind_text(s, 9, raised_by);
	else
		sqlite3_bind_null(s, 9);
	fb_bind_text(s, 10, t->category);
	fb_bind_text(s, 11, t->routing);
	fb_bind_text(s, 12, t->origin);
	sqlite3_bind_int64(s, 13, t->rev);
	fb_bind_text(s, 14, t->updated_at);
	rc = fb_step_done(st, s, err);
	free(raised_by);
	if (rc == FB_OK && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no ticket with id %lld"),
		                  (long long)t->id);
	return fb_hist_save_end(st, "tickets", &t->id, &before, rc, err);
}

fb_status fb_ticket_delete(fb_store *st, int64_t id, fb_error *err)
{
	fb_perm_on was = {0};
	fb_status rc = fb_ticket_stored(st, id, &was, NULL, 0, err);
	if (rc || (rc = fb_perm_check(st, FB_ACT_TICKET_EDIT, &was, err)))
		return rc;
	rc = fb_tombstone(st, "tickets", id, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "id", _("no ticket with id %lld"), (long long)id);
	return rc;
}

fb_status fb_ticket_undelete(fb_store *st, int64_t id, fb_error *err)
{
	fb_status rc = fb_record_undelete(st, "tickets", id, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "id", _("no deleted ticket with id %lld"), (long long)id);
	return rc;
}

fb_status fb_ticket_get(fb_store *st, int64_t id, fb_ticket *out, fb_error *err)
{
	fb_status rc;
	sqlite3_stmt *s = fb_store_by_id(
		st,
		"SELECT t.id, t.uuid, t.group_id, coalesce(t.log_id, 0), t.opened_by, "
		"coalesce(t.owner_id, 0), t.opened_on, t.due_on, t.title, t.description, t.unit, "
		"t.raised_by, t.category, t.routing, t.status, t.origin, t.rev, t.updated_at, "
		"t.deleted, p.name, o.name FROM tickets t JOIN people p ON p.id = t.opened_by "
		"LEFT JOIN people o ON o.id = t.owner_id WHERE t.id = ?1 AND t.deleted = 0",
		id, &rc, err);
	memset(out, 0, sizeof *out);
	if (!s)
		return rc == FB_ENOTFOUND ? fb_error_set(err, rc, "id", _("no ticket with id %lld"),
		                                         (long long)id)
		                          : rc;
	rc = FB_OK;
	out->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, out->uuid, sizeof out->uuid);
	out->group_id = sqlite3_column_int64(s, 2);
	out->log_id = sqlite3_column_int64(s, 3);
	out->opened_by = sqlite3_column_int64(s, 4);
	out->owner_id = sqlite3_column_int64(s, 5);
	out->opened_on = fb_col_dup(s, 6);
	out->due_on = fb_col_dup(s, 7);
	out->title = fb_col_dup(s, 8);
	out->description = fb_col_dup(s, 9);
	out->unit = fb_col_dup(s, 10);
	out->raised_by = fb_col_dup(s, 11);
	out->category = fb_col_dup(s, 12);
	out->routing = fb_col_dup(s, 13);
	out->status = fb_col_dup(s, 14);
	fb_col_copy(s, 15, out->origin, sizeof out->origin);
	out->rev = sqlite3_column_int64(s, 16);
	fb_col_copy(s, 17, out->updated_at, sizeof out->updated_at);
	out->deleted = sqlite3_column_int(s, 18);
	out->opened_by_name = fb_col_dup(s, 19);
	out->owner_name = fb_col_dup(s, 20);
	if (fb_seal_reveal_field(st, "tickets.raised_by", &out->raised_by, err))
		rc = FB_ENOMEM;
	sqlite3_reset(s);
	return rc;
}

void fb_ticket_free(fb_ticket *t)
{
	char **f[] = {&t->opened_on, &t->due_on,         &t->title,     &t->description,
	              &t->unit,      &t->raised_by,      &t->category,  &t->routing,
	              &t->status,    &t->opened_by_name, &t->owner_name};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}
