/* ticket_step.c - a step taken on a ticket: allowed in its status and to
 * the person signed in, dated in order, stored in its history with the
 * status (and routing) it leads to. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/ticket.h"
#include "fieldbook/perm.h"
#include "internal.h"
#include "ticket_impl.h"

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

/* The permission a step needs: an event kind, FB_STEP_ROUTE or FB_STEP_EDIT
 * (the one place that maps them); -1 for a step that is none of these. */
static int step_action(const char *step)
{
	static const struct {
		const char *step;
		fb_action action;
	} map[] = {
		{"answer", FB_ACT_TICKET_ANSWER},   {"close", FB_ACT_TICKET_CLOSE},
		{"note", FB_ACT_TICKET_NOTE},       {FB_STEP_ROUTE, FB_ACT_TICKET_ROUTE},
		{FB_STEP_EDIT, FB_ACT_TICKET_EDIT},
	};
	if (!step)
		return -1;
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (!strcmp(map[i].step, step))
			return (int)map[i].action;
	/* start, hand_over, escalate, return_visit, reopen (register is the filing) */
	return fb_ticket_find_transition(step) && strcmp(step, "register") ? FB_ACT_TICKET_STEP : -1;
}

/* The acting person's permission for step on the ticket on (as stored). */
static fb_status step_check(fb_store *st, const fb_perm_on *on, const char *step, fb_error *err)
{
	int act = step_action(step);
	if (act < 0)
		return fb_error_set(err, FB_EINVAL, "kind", _("'%s' is not a step on a ticket"),
		                    step ? step : "");
	return fb_perm_check(st, (fb_action)act, on, err);
}

fb_status fb_ticket_step_allowed(fb_store *st, int64_t ticket_id, const char *step, fb_error *why)
{
	fb_perm_on on = {0};
	fb_status rc = fb_ticket_stored(st, ticket_id, &on, NULL, 0, why);
	return rc ? rc : step_check(st, &on, step, why);
}

fb_status fb_ticket_event_add(fb_store *st, fb_ticket_event *ev, fb_error *err)
{
	if (!fb_ticket_find_transition(ev->kind) || !strcmp(ev->kind, "register"))
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
	if (rc || (rc = fb_ticket_stored(st, ev->ticket_id, &on, routing, sizeof routing, err)))
		return rc;
	if ((rc = step_check(st, &on, ev->kind, err)))
		return rc;
	if (!strcmp(ev->kind, "escalate") && ev->routing && *ev->routing &&
	    strcmp(ev->routing, routing) && (rc = step_check(st, &on, FB_STEP_ROUTE, err)))
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
		rc = fb_ticket_event_insert(st, ev, after, err);
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
	return fb_hist_save_end(st, "tickets", &ev->ticket_id, &before, rc, err);
}
