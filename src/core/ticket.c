/* ticket.c - problem tickets, their life cycle and append-only history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "fieldbook/log.h"
#include "fieldbook/ticket.h"
#include "fieldbook/perm.h"
#include "internal.h"

/* Statuses as bits, for the transition table. */
#define S_REG (1 << 0)
#define S_PROG (1 << 1)
#define S_HAND (1 << 2)
#define S_ESC (1 << 3)
#define S_ANS (1 << 4)
#define S_RET (1 << 5)
#define S_CLOSED (1 << 6)
#define S_OPEN (S_REG | S_PROG | S_HAND | S_ESC | S_ANS | S_RET)

static const char *const status_names[] = {
	FB_ST_REGISTERED, FB_ST_IN_PROGRESS,  FB_ST_HANDED_OVER, FB_ST_ESCALATED,
	FB_ST_ANSWERED,   FB_ST_RETURN_VISIT, FB_ST_CLOSED,
};

/* The life cycle in one table: which event may follow which statuses, the
 * status after it (NULL: unchanged), and what it must carry. */
static const struct transition {
	const char *kind;
	int from;
	const char *to;
	int needs_body;
	int needs_dept;
} transitions[] = {
	{"register", 0, FB_ST_REGISTERED, 0, 0},
	{"start", S_REG | S_HAND | S_ESC, FB_ST_IN_PROGRESS, 0, 0},
	{"hand_over", S_REG | S_PROG | S_ESC | S_RET, FB_ST_HANDED_OVER, 0, 1},
	{"escalate", S_REG | S_PROG | S_HAND | S_RET, FB_ST_ESCALATED, 0, 1},
	{"answer", S_OPEN & ~S_ANS, FB_ST_ANSWERED, 1, 0},
	{"return_visit", S_ANS | S_RET | S_HAND | S_ESC, FB_ST_RETURN_VISIT, 1, 0},
	/* close: a reason in the body unless the ticket was answered (event_add) */
	{"close", S_PROG | S_ANS | S_RET, FB_ST_CLOSED, 0, 0},
	{"reopen", S_CLOSED, FB_ST_IN_PROGRESS, 1, 0},
	{"note", S_OPEN | S_CLOSED, NULL, 1, 0},
};

/* The bit of a status in the transition table, 0 if unknown. */
static int status_bit(const char *status)
{
	for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++)
		if (status && !strcmp(status, status_names[i]))
			return 1 << i;
	return 0;
}

/* The transition table's row of an event kind, NULL if none. */
static const struct transition *find_transition(const char *kind)
{
	for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
		if (kind && !strcmp(kind, transitions[i].kind))
			return &transitions[i];
	return NULL;
}

int fb_ticket_transition(const char *status, const char *kind, const char **after)
{
	const struct transition *t = find_transition(kind);
	if (!t)
		return 0;
	int from = status_bit(status);
	if (!(t->from & from) && !(t->from == 0 && status == NULL))
		return 0;
	if (after) {
		const char *next = t->to ? t->to : status;
		/* hand back the table's own string, not the caller's */
		for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++)
			if (!strcmp(next, status_names[i]))
				next = status_names[i];
		*after = next;
	}
	return 1;
}

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

fb_status fb_ticket_event_validate(fb_store *st, const fb_ticket_event *ev, fb_error *err)
{
	fb_status s;
	const struct transition *tr = find_transition(ev->kind);
	if ((s = fb_check(st, FB_L_EVENTS_KIND, ev->kind, err)))
		return s;
	if (!tr)
		return fb_error_set(err, FB_EINVAL, "kind", _("'%s' is not a step"), ev->kind);
	if (ev->actor_id > 0 || ev->rev == 0) {
		if ((s = fb_check_person_ref(st, "actor", ev->actor_id, ev->rev, NULL, NULL, err)))
			return s;
	}
	const fb_limit *body = &fb_limits[FB_L_EVENTS_BODY], *dept = &fb_limits[FB_L_EVENTS_DEPT];
	fb_limit need_body = *body, need_dept = *dept; /* required or not, by kind */
	need_body.required = tr->needs_body;
	need_dept.required = tr->needs_dept;
	if ((s = fb_limit_check_text(st, &need_body, ev->body, err)) ||
	    (s = fb_limit_check_text(st, &need_dept, ev->dept, err)) ||
	    (s = fb_check(st, FB_L_EVENTS_ROUTING, ev->routing, err)) ||
	    (s = fb_check(st, FB_L_EVENTS_AT, ev->at, err)) ||
	    (s = fb_check(st, FB_L_EVENTS_STATUS_AFTER, ev->status_after, err)))
		return s;
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT 1 FROM tickets WHERE id = ?1", err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, ev->ticket_id);
	int row = fb_store_step(st, q, err);
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return fb_error_set(err, FB_ENOTFOUND, "id", _("no ticket with id %lld"),
		                    (long long)ev->ticket_id);
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

/* Insert ev (uuid, revision and origin filled in) with the status after it. */
static fb_status insert_event(fb_store *st, fb_ticket_event *ev, const char *status_after,
                              fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"INSERT INTO ticket_events (uuid, ticket_id, kind, actor_id, at, body, dept, "
	        "routing, "
		"status_after, origin, rev) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	fb_status rc = fb_new_uuid(ev->uuid, err);
	if (rc)
		return rc;
	char now[21];
	ev->rev = fb_store_next_rev(st);
	snprintf(ev->origin, sizeof ev->origin, "%s", fb_store_device(st));
	fb_bind_text(s, 1, ev->uuid);
	sqlite3_bind_int64(s, 2, ev->ticket_id);
	fb_bind_text(s, 3, ev->kind);
	sqlite3_bind_int64(s, 4, ev->actor_id);
	fb_bind_text(s, 5, ev->at && *ev->at ? ev->at : fb_now_iso(now));
	fb_bind_text(s, 6, ev->body);
	fb_bind_text(s, 7, ev->dept);
	fb_bind_text(s, 8, ev->routing);
	fb_bind_text(s, 9, status_after);
	fb_bind_text(s, 10, ev->origin);
	sqlite3_bind_int64(s, 11, ev->rev);
	rc = fb_step_done(st, s, err);
	if (rc == FB_OK)
		ev->id = sqlite3_last_insert_rowid(fb_store_db(st));
	return rc;
}

/* The ticket id as stored, for a permission check: its group, opener and
 * owner into *on, its routing into routing (may be NULL). FB_ENOTFOUND if
 * there is no live ticket id. */
static fb_status stored_ticket(fb_store *st, int64_t id, fb_perm_on *on, char *routing,
                               size_t rsize, fb_error *err)
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
	if ((rc = fb_new_uuid(t->uuid, err)) || (rc = fb_store_begin(st, err)))
		return rc;
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
	fb_bind_text(s, 11, t->raised_by);
	fb_bind_text(s, 12, t->category);
	fb_bind_text(s, 13, t->routing);
	fb_bind_text(s, 14, t->origin);
	sqlite3_bind_int64(s, 15, t->rev);
	fb_bind_text(s, 16, t->updated_at);
	if ((rc = fb_step_done(st, s, err))) {
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
	if ((rc = insert_event(st, &ev, FB_ST_REGISTERED, err)) ||
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
	if (rc || (rc = stored_ticket(st, t->id, &was, routing, sizeof routing, err)) ||
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
		"raised_by = ?9, category = ?10, routing = ?11, origin = ?12, rev = ?13, "
		"updated_at = ?14 WHERE id = ?1 AND deleted = 0",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	if ((rc = fb_store_begin(st, err)))
		return rc;
	fb_hist_snap before;
	if ((rc = fb_hist_take(st, "tickets", t->id, &before, err))) {
		fb_store_rollback(st);
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
	fb_bind_text(s, 9, t->raised_by);
	fb_bind_text(s, 10, t->category);
	fb_bind_text(s, 11, t->routing);
	fb_bind_text(s, 12, t->origin);
	sqlite3_bind_int64(s, 13, t->rev);
	fb_bind_text(s, 14, t->updated_at);
	rc = fb_step_done(st, s, err);
	if (rc == FB_OK && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no ticket with id %lld"),
		                  (long long)t->id);
	if (rc == FB_OK)
		rc = fb_hist_changes(st, &before, err);
	fb_hist_snap_free(&before);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_ticket_delete(fb_store *st, int64_t id, fb_error *err)
{
	fb_perm_on was = {0};
	fb_status rc = stored_ticket(st, id, &was, NULL, 0, err);
	if (rc || (rc = fb_perm_check(st, FB_ACT_TICKET_EDIT, &was, err)))
		return rc;
	rc = fb_tombstone(st, "tickets", id, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "id", _("no ticket with id %lld"), (long long)id);
	return rc;
}

fb_status fb_ticket_undelete(fb_store *st, int64_t id, fb_error *err)
{
	fb_status rc = fb_perm_undelete(st, "tickets", id, err);
	if (rc == FB_OK)
		rc = fb_untombstone(st, "tickets", id, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "id", _("no deleted ticket with id %lld"), (long long)id);
	return rc;
}

fb_status fb_ticket_get(fb_store *st, int64_t id, fb_ticket *out, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT t.id, t.uuid, t.group_id, coalesce(t.log_id, 0), t.opened_by, "
		"coalesce(t.owner_id, 0), t.opened_on, t.due_on, t.title, t.description, t.unit, "
		"t.raised_by, t.category, t.routing, t.status, t.origin, t.rev, t.updated_at, "
		"t.deleted, p.name, o.name FROM tickets t JOIN people p ON p.id = t.opened_by "
		"LEFT JOIN people o ON o.id = t.owner_id WHERE t.id = ?1 AND t.deleted = 0",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, id);
	memset(out, 0, sizeof *out);
	fb_status rc = FB_OK;
	int row = fb_store_step(st, s, err);
	if (row > 0) {
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
	} else {
		rc = row < 0 ? fb_stmt_failed(err)
		             : fb_error_set(err, FB_ENOTFOUND, "id", _("no ticket with id %lld"),
		                            (long long)id);
	}
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

/* A step dated by the user (at, UTC) is a real time, not in the future,
 * not before the ticket was opened and not before its last step (so the
 * history, kept in the order the steps were recorded, stays in time order).
 * The register step is left out: on the day it was opened it carries the
 * time it was typed in, which may be after a step dated earlier that day. */
static fb_status check_event_time(fb_store *st, const fb_ticket *t, const char *at, fb_error *err)
{
	if (!at || !*at)
		return FB_OK;
	struct tm tm = {0};
	const char *end = strptime(at, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end || strlen(at) != 20)
		return fb_error_set(err, FB_EINVAL, "at", _("'%s' is not a date and time"), at);
	char now[21], day[17], today[11], shown[17], other[17];
	fb_local_time(at, 0, day, sizeof day);
	fb_local_time(at, 1, shown, sizeof shown);
	if (strcmp(at, fb_now_iso(now)) > 0 || strcmp(day, fb_date_format(fb_today(), today)) > 0)
		return fb_error_set(err, FB_EINVAL, "at", _("%s is in the future"), shown);
	if (t->opened_on && strcmp(day, t->opened_on) < 0)
		return fb_error_set(err, FB_EINVAL, "at",
		                    _("%s is before the ticket was opened (%s)"), shown,
		                    t->opened_on);
	sqlite3_stmt *q = fb_store_stmt(st,
	                                "SELECT max(at) FROM ticket_events "
	                                "WHERE ticket_id = ?1 AND kind <> 'register'",
	                                err);
	if (!q)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(q, 1, t->id);
	fb_status rc = FB_OK;
	int row = fb_store_step(st, q, err);
	if (row < 0)
		rc = fb_stmt_failed(err);
	else if (row > 0 && sqlite3_column_type(q, 0) != SQLITE_NULL &&
	         strcmp(at, (const char *)sqlite3_column_text(q, 0)) < 0) {
		fb_local_time((const char *)sqlite3_column_text(q, 0), 1, other, sizeof other);
		rc = fb_error_set(err, FB_EINVAL, "at",
		                  _("%s is before the ticket's last step (%s); steps are kept in "
		                    "the order they happened"),
		                  shown, other);
	}
	sqlite3_reset(q);
	return rc;
}

/* 1 if the ticket has an answer since it was last reopened, 0 if not, -1
 * on a database error. */
static int answered_since_reopen(fb_store *st, int64_t ticket_id, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(
		st,
		"SELECT 1 FROM ticket_events WHERE ticket_id = ?1 AND kind = 'answer' AND rev > "
		"coalesce((SELECT max(rev) FROM ticket_events WHERE ticket_id = ?1 AND kind = "
	        "'reopen'), 0) "
		"LIMIT 1",
		err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, ticket_id);
	int row = fb_store_step(st, q, err);
	sqlite3_reset(q);
	return row;
}

/* The step ev may follow ticket t's history: allowed in t's status, dated
 * in order, and a close either after an answer or with its reason. The
 * status after it into *after. */
static fb_status check_step(fb_store *st, const fb_ticket *t, const fb_ticket_event *ev,
                            const char **after, fb_error *err)
{
	if (!fb_ticket_transition(t->status, ev->kind, after))
		return fb_error_set(err, FB_ESTATE, "kind",
		                    _("a ticket that is %s cannot take the step %s"),
		                    fb_category_label(st, FB_CAT_STATUS, t->status),
		                    fb_category_label(st, FB_CAT_EVENT, ev->kind));
	fb_status rc = check_event_time(st, t, ev->at, err);
	if (rc || strcmp(ev->kind, "close"))
		return rc;
	int answered = answered_since_reopen(st, t->id, err);
	if (answered < 0)
		return fb_stmt_failed(err);
	if (!answered && fb_text_blank(ev->body))
		return fb_error_set(
			err, FB_ESTATE, "body",
			_("the ticket has not been answered: write down why it is closed "
		          "without an answer"));
	return FB_OK;
}

fb_status fb_ticket_event_add(fb_store *st, fb_ticket_event *ev, fb_error *err)
{
	if (!find_transition(ev->kind) || !strcmp(ev->kind, "register"))
		return fb_error_set(err, FB_EINVAL, "kind",
		                    _("'%s' is not a step (start, hand_over, escalate, answer, "
		                      "return_visit, close, reopen, note)"),
		                    ev->kind ? ev->kind : "");
	int64_t me = fb_store_actor(st);
	if (!ev->actor_id)
		ev->actor_id = me; /* a step carries the name of whoever is signed in */
	fb_status rc = fb_ticket_event_validate(st, ev, err);
	if (!rc && me && ev->actor_id != me)
		rc = fb_error_set(err, FB_EPERM, "actor",
		                  _("a step is recorded in the name of the person signed in"));
	fb_perm_on on = {0};
	char routing[32] = "";
	if (rc || (rc = stored_ticket(st, ev->ticket_id, &on, routing, sizeof routing, err)))
		return rc;
	fb_action act = !strcmp(ev->kind, "answer")  ? FB_ACT_TICKET_ANSWER
	                : !strcmp(ev->kind, "close") ? FB_ACT_TICKET_CLOSE
	                : !strcmp(ev->kind, "note")  ? FB_ACT_TICKET_NOTE
	                                             : FB_ACT_TICKET_STEP;
	if ((rc = fb_perm_check(st, act, &on, err)))
		return rc;
	if (!strcmp(ev->kind, "escalate") && ev->routing && *ev->routing &&
	    strcmp(ev->routing, routing) && (rc = fb_perm_check(st, FB_ACT_TICKET_ROUTE, &on, err)))
		return rc;
	if ((rc = fb_store_begin(st, err)))
		return rc;
	fb_ticket t = {0};
	const char *after = NULL;
	if (!(rc = fb_ticket_get(st, ev->ticket_id, &t, err)))
		rc = check_step(st, &t, ev, &after, err);
	fb_ticket_free(&t);
	fb_hist_snap before = {0};
	if (!rc)
		rc = fb_hist_take(st, "tickets", ev->ticket_id, &before, err);
	if (!rc)
		rc = insert_event(st, ev, after, err);
	/* The status follows the history; it is derived, so it does not bump
	 * the ticket's revision (events travel on their own). An escalation
	 * with a routing moves the ticket to that level. */
	sqlite3_stmt *s = rc ? NULL
	                     : fb_store_stmt(st,
	                                     "UPDATE tickets SET status = ?2, routing = "
	                                     "coalesce(nullif(?3, ''), routing) "
	                                     "WHERE id = ?1",
	                                     err);
	if (!rc && !s)
		rc = fb_stmt_failed(err);
	if (!rc) {
		sqlite3_bind_int64(s, 1, ev->ticket_id);
		fb_bind_text(s, 2, after);
		fb_bind_text(s, 3, !strcmp(ev->kind, "escalate") ? ev->routing : "");
		rc = fb_step_done(st, s, err);
	}
	if (!rc)
		rc = fb_hist_changes(st, &before, err);
	fb_hist_snap_free(&before);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

/* The table's own string for a status name (NULL if unknown). */
static const char *status_name(const char *s)
{
	int bit = status_bit(s);
	for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++)
		if (bit == 1 << i)
			return status_names[i];
	return NULL;
}

fb_status fb_ticket_recompute_status(fb_store *st, int64_t ticket_id, const char **status_out,
                                     fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(
		st, "SELECT kind, status_after FROM ticket_events WHERE ticket_id = ?1 ORDER BY rev, id",
		err);
	if (!q)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(q, 1, ticket_id);
	const char *status = NULL;
	int row;
	while ((row = fb_store_step(st, q, err)) == 1) {
		const char *kind = (const char *)sqlite3_column_text(q, 0);
		const char *recorded = status_name((const char *)sqlite3_column_text(q, 1));
		const char *after;
		if (!strcmp(kind, "register"))
			after = FB_ST_REGISTERED;
		else if (!status || !fb_ticket_transition(status, kind, &after))
			after = recorded ? recorded : status;
		status = after;
	}
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!status)
		return fb_error_set(err, FB_ENOTFOUND, "id", _("ticket %lld has no history"),
		                    (long long)ticket_id);
	sqlite3_stmt *u = fb_store_stmt(st, "UPDATE tickets SET status = ?2 WHERE id = ?1", err);
	if (!u)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(u, 1, ticket_id);
	sqlite3_bind_text(u, 2, status, -1, SQLITE_STATIC);
	fb_status s = fb_step_done(st, u, err);
	if (s == FB_OK && status_out)
		*status_out = status;
	return s;
}

/* Read the history row of s into ev (strings point into the row). */
static void read_event(sqlite3_stmt *s, fb_ticket_event *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, ev->uuid, sizeof ev->uuid);
	ev->ticket_id = sqlite3_column_int64(s, 2);
	ev->kind = (char *)sqlite3_column_text(s, 3);
	ev->actor_id = sqlite3_column_int64(s, 4);
	ev->at = (char *)sqlite3_column_text(s, 5);
	ev->body = (char *)sqlite3_column_text(s, 6);
	ev->dept = (char *)sqlite3_column_text(s, 7);
	ev->routing = (char *)sqlite3_column_text(s, 8);
	ev->status_after = (char *)sqlite3_column_text(s, 9);
	fb_col_copy(s, 10, ev->origin, sizeof ev->origin);
	ev->rev = sqlite3_column_int64(s, 11);
	ev->actor_name = (char *)sqlite3_column_text(s, 12);
}

fb_status fb_ticket_history(fb_store *st, int64_t ticket_id, fb_event_cb cb, void *ctx, fb_error *err)
{
	/* Own statement (not the cache): callbacks may call back into the store. */
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(
		    fb_store_db(st),
		    "SELECT e.id, e.uuid, e.ticket_id, e.kind, coalesce(e.actor_id, 0), e.at, "
	            "e.body, "
		    "e.dept, e.routing, e.status_after, e.origin, e.rev, coalesce(p.name, '') "
		    "FROM ticket_events e LEFT JOIN people p ON p.id = e.actor_id "
		    "WHERE e.ticket_id = ?1 ORDER BY e.rev, e.id",
		    -1, &s, NULL) != SQLITE_OK)
		return fb_store_dberr(st, err);
	sqlite3_bind_int64(s, 1, ticket_id);
	/* The routing in force as the history is replayed: the register step
	 * records the level a ticket was opened at, an escalation the new one. */
	char routing[32] = "", before[32];
	int row;
	while ((row = fb_store_step(st, s, err)) == 1) {
		fb_ticket_event ev;
		read_event(s, &ev);
		int escalates = !strcmp(ev.kind, "escalate") && ev.routing[0] &&
		                strcmp(ev.routing, routing);
		if (escalates) {
			snprintf(before, sizeof before, "%s", routing);
			ev.routing_before = before;
		}
		if (escalates || !strcmp(ev.kind, "register"))
			snprintf(routing, sizeof routing, "%s", ev.routing);
		if (cb(&ev, ctx))
			break;
	}
	sqlite3_finalize(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

void fb_ticket_row_cursor(const fb_ticket_row *row, const fb_ticket_filter *f, fb_cursor *c)
{
	(void)f;
	snprintf(c->key, sizeof c->key, "%s", row->opened_on);
	c->id = row->id;
}

/* Ticket search: the words in the ticket or anywhere in its history. */
#define TEXT_MATCH                                                                             \
	" AND (instr(t.title, ?8) OR instr(t.description, ?8) OR instr(t.unit, ?8) OR "        \
	"instr(t.raised_by, ?8) OR EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = " \
	"t.id "                                                                                \
	"AND (instr(e.body, ?8) OR instr(e.dept, ?8))))"
#define OVERDUE FB_SQL_OVERDUE("t.status", "t.due_on", "?11")

/* One row of a ticket list (the SELECT of fb_ticket_page). */
static void read_row(sqlite3_stmt *s, void *row)
{
	fb_ticket_row *r = row;
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->opened_on, sizeof r->opened_on);
	fb_col_copy(s, 2, r->due_on, sizeof r->due_on);
	fb_col_copy(s, 3, r->title, sizeof r->title);
	fb_col_copy(s, 4, r->unit, sizeof r->unit);
	fb_col_copy(s, 5, r->status, sizeof r->status);
	fb_col_copy(s, 6, r->routing, sizeof r->routing);
	fb_col_copy(s, 7, r->category, sizeof r->category);
	fb_col_copy(s, 8, r->owner, sizeof r->owner);
	r->overdue = sqlite3_column_int(s, 9);
	r->events = sqlite3_column_int(s, 10);
}

int fb_ticket_page(fb_store *st, const fb_ticket_filter *f, fb_page_dir dir, const fb_cursor *from,
                   fb_ticket_row *rows, int max, fb_error *err)
{
	static const fb_ticket_filter none = {0};
	if (!f)
		f = &none;
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[128], order[96], where[1536], sql[2560], today[11];
	int reverse;
	fb_date_format(fb_today(), today);
	fb_page_sql("t.opened_on", "t.id", f->ascending, dir, cond, sizeof cond, order,
	            sizeof order, &reverse);
	int open = f->status && !strcmp(f->status, "open");
	/* ?1 ?2 cursor, ?3 group, ?4 owner, ?5 status, ?6 routing, ?7 category,
	 * ?8 text, ?9 from, ?10 to, ?11 today, ?12 limit */
	snprintf(where, sizeof where, "t.deleted = 0%s%s%s%s%s%s%s%s%s%s%s", cond[0] ? " AND " : "",
	         cond, f->group_id ? " AND t.group_id = ?3" : "",
	         f->owner_id ? " AND t.owner_id = ?4" : "",
	         open ? " AND t.status <> 'closed'" : (f->status ? " AND t.status = ?5" : ""),
	         f->routing ? " AND t.routing = ?6" : "", f->category ? " AND t.category = ?7" : "",
	         f->text && *f->text ? TEXT_MATCH : "", f->date_from ? " AND t.opened_on >= ?9" : "",
	         f->date_to ? " AND t.opened_on <= ?10" : "", f->overdue_only ? " AND " OVERDUE : "");
	snprintf(sql, sizeof sql,
	         "SELECT t.id, t.opened_on, t.due_on, t.title, t.unit, t.status, t.routing, "
	         "t.category, coalesce(o.name, ''), " OVERDUE ", "
	         "(SELECT count(*) FROM ticket_events e WHERE e.ticket_id = t.id) "
	         "FROM tickets t LEFT JOIN people o ON o.id = t.owner_id WHERE %s ORDER BY %s "
	         "LIMIT ?12",
	         where, order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	fb_page_bind_cursor(s, cond, from);
	if (f->group_id)
		sqlite3_bind_int64(s, 3, f->group_id);
	if (f->owner_id)
		sqlite3_bind_int64(s, 4, f->owner_id);
	if (f->status && !open)
		sqlite3_bind_text(s, 5, f->status, -1, SQLITE_TRANSIENT);
	if (f->routing)
		sqlite3_bind_text(s, 6, f->routing, -1, SQLITE_TRANSIENT);
	if (f->category)
		sqlite3_bind_text(s, 7, f->category, -1, SQLITE_TRANSIENT);
	if (f->text && *f->text)
		sqlite3_bind_text(s, 8, f->text, -1, SQLITE_TRANSIENT);
	if (f->date_from)
		sqlite3_bind_text(s, 9, f->date_from, -1, SQLITE_TRANSIENT);
	if (f->date_to)
		sqlite3_bind_text(s, 10, f->date_to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 11, today, -1, SQLITE_TRANSIENT);
	return fb_page_run(st, s, 12, rows, sizeof *rows, max, reverse, read_row, err);
}
