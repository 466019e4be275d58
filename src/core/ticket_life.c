/* ticket_life.c - a ticket's life cycle and its append-only history: which
 * step may follow which status (one table), a step checked and stored, the
 * status replayed from the history, and the history read. */
#include <stdio.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/ticket.h"
#include "internal.h"
#include "ticket_impl.h"

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

const struct transition *fb_ticket_find_transition(const char *kind)
{
	for (size_t i = 0; i < sizeof transitions / sizeof transitions[0]; i++)
		if (kind && !strcmp(kind, transitions[i].kind))
			return &transitions[i];
	return NULL;
}

int fb_ticket_transition(const char *status, const char *kind, const char **after)
{
	const struct transition *t = fb_ticket_find_transition(kind);
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

fb_status fb_ticket_event_validate(fb_store *st, const fb_ticket_event *ev, fb_error *err)
{
	fb_status s;
	const struct transition *tr = fb_ticket_find_transition(ev->kind);
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

fb_status fb_ticket_event_insert(fb_store *st, fb_ticket_event *ev, const char *status_after,
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
