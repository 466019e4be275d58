/* ticket.h - problem tickets (问题清单) and their append-only history.
 *
 * "Every item has an echo": a ticket is registered, worked on, handed over
 * or escalated, answered, visited again and closed; each step is an event
 * with who and when. The ticket's status is the status after its latest
 * event; events are never changed or removed. */
#ifndef FIELDBOOK_TICKET_H
#define FIELDBOOK_TICKET_H

#include <stdint.h>
#include "fieldbook/store.h"
#include "fieldbook/page.h"

/* Statuses (category ticket_status) */
#define FB_ST_REGISTERED "registered"
#define FB_ST_IN_PROGRESS "in_progress"
#define FB_ST_HANDED_OVER "handed_over"
#define FB_ST_ESCALATED "escalated"
#define FB_ST_ANSWERED "answered"
#define FB_ST_RETURN_VISIT "return_visit"
#define FB_ST_CLOSED "closed"

typedef struct fb_ticket {
	int64_t id;
	char uuid[37];
	int64_t group_id;  /* filled in from opened_by when 0 */
	int64_t log_id;    /* the daily log it came from, 0 if none */
	int64_t opened_by; /* person, required */
	int64_t owner_id;  /* who follows it up, 0 = the group leader */
	char *opened_on;   /* YYYY-MM-DD, required */
	char *due_on;      /* YYYY-MM-DD, default opened_on + ticket_due_days */
	char *title;       /* one line, required, <= 100 characters */
	char *description; /* the problem as raised, required */
	char *unit;        /* enterprise or place it concerns */
	char *raised_by;   /* who raised it (a worker, an enterprise), optional */
	char *category;    /* category problem, required */
	char *routing;     /* category routing: party_gov, union_system, county_union */
	char *status;      /* read only: follows the events */
	char origin[37];
	int64_t rev;
	char updated_at[21];
	int deleted;
	char *opened_by_name; /* joined, read only */
	char *owner_name;     /* joined, read only */
} fb_ticket;

typedef struct fb_ticket_event {
	int64_t id;
	char uuid[37];
	int64_t ticket_id;
	char *kind;                 /* category ticket_event: register, start, hand_over,
	                      escalate, answer, return_visit, close, reopen, note */
	int64_t actor_id;           /* who, required */
	char *at;                   /* when, YYYY-MM-DDTHH:MM:SSZ (filled in if NULL) */
	char *body;                 /* what was said or done */
	char *dept;                 /* hand_over/escalate: the receiving department */
	char *routing;              /* escalate: the new routing level, optional; register: the
	                      routing the ticket was opened with */
	char *status_after;         /* read only: the ticket's status after this event */
	const char *routing_before; /* read only (fb_ticket_history): when the step
	                      changed the routing, the routing it had before ("" if
	                      not known: opened before it was recorded), else NULL */
	char origin[37];
	int64_t rev;
	char *actor_name; /* joined, read only */
} fb_ticket_event;

typedef struct fb_ticket_row {
	int64_t id;
	char opened_on[11];
	char due_on[11];
	char title[192];
	char unit[128];
	char status[24];
	char routing[24];
	char category[32];
	char owner[64];
	int overdue; /* past due_on and neither answered nor closed (FB_SQL_OVERDUE) */
	int events;  /* number of events in its history */
} fb_ticket_row;

typedef struct fb_ticket_filter {
	int64_t group_id;                /* 0 any */
	int64_t owner_id;                /* 0 any */
	const char *status;              /* code, or "open" for every status but closed */
	const char *routing;             /* code or NULL */
	const char *category;            /* code or NULL */
	const char *text;                /* words in title, description, unit, raised_by, or in the
	                         history (answers, hand-over departments, notes) */
	const char *date_from, *date_to; /* opened_on range */
	int overdue_only;
	int ascending; /* 0: newest first */
} fb_ticket_filter;

/* Validation of the ticket fields against the limits table (limits.h) and
 * the references (opener and owner on the roster - as fb_log_validate says
 * for an author -, the opener in a group, the ticket's group, when given,
 * the opener's; the log it came from exists); FB_EINVAL names the field. */
fb_status fb_ticket_validate(fb_store *st, const fb_ticket *t, fb_error *err);
/* Validation of one step on its own (not against the ticket's history,
 * which fb_ticket_event_add checks): a known kind, the text and department
 * the kind needs, a known routing, the time within the window, the ticket
 * exists (FB_ENOTFOUND if not), the actor as an author (a new step - rev
 * 0 - needs one). */
fb_status fb_ticket_event_validate(fb_store *st, const fb_ticket_event *ev, fb_error *err);
/* Insert the ticket and its "register" event in one transaction. */
fb_status fb_ticket_insert(fb_store *st, fb_ticket *t, fb_error *err);
/* Update the descriptive fields (not the status); bumps rev. */
fb_status fb_ticket_update(fb_store *st, fb_ticket *t, fb_error *err);
fb_status fb_ticket_delete(fb_store *st, int64_t id, fb_error *err);
/* Undo a delete: the deleted ticket id is live again, with a history entry.
 * FB_ENOTFOUND if there is no deleted ticket with that id. */
fb_status fb_ticket_undelete(fb_store *st, int64_t id, fb_error *err);
fb_status fb_ticket_get(fb_store *st, int64_t id, fb_ticket *out, fb_error *err);
void fb_ticket_free(fb_ticket *t);

/* 1 if an event of this kind may follow status; the status after it into
 * *after (static string). Rules come from one table in ticket.c. */
int fb_ticket_transition(const char *status, const char *kind, const char **after);
/* Validate and append an event; updates the ticket's status (and, for an
 * escalation with a routing, its routing). FB_ESTATE if the event is not
 * allowed in the current status, or closes a ticket that has no answer
 * (since it was last reopened) without a reason written in its body. */
fb_status fb_ticket_event_add(fb_store *st, fb_ticket_event *ev, fb_error *err);
/* Steps that are not events, for fb_ticket_step_allowed: change the
 * ticket's routing (an escalation to another level, or the edit form's
 * routing), and change or delete the ticket itself. */
#define FB_STEP_ROUTE "route"
#define FB_STEP_EDIT "edit"
/* FB_OK if the person signed in may take step on the live ticket
 * ticket_id: an event kind (start, hand_over, escalate, answer,
 * return_visit, close, reopen, note), FB_STEP_ROUTE or FB_STEP_EDIT. If not,
 * FB_EPERM with the translated refusal in *why (who may take it);
 * FB_ENOTFOUND if there is no such ticket, FB_EINVAL for
 * another step. The same check fb_ticket_event_add makes; whether the
 * ticket's status allows the step is fb_ticket_transition's. For front ends
 * to offer only the steps the person may take. */
fb_status fb_ticket_step_allowed(fb_store *st, int64_t ticket_id, const char *step, fb_error *why);
/* Recompute a ticket's status by replaying its history in revision order
 * through the life-cycle table (after events from other devices were
 * merged in). A step the table does not allow at that point - two sides
 * acted concurrently - keeps the status its author recorded. Does not bump
 * the ticket's revision: the status is derived. *status_out (may be NULL)
 * gets the result, a static string. */
fb_status fb_ticket_recompute_status(fb_store *st, int64_t ticket_id, const char **status_out,
                                     fb_error *err);
/* The history, oldest first; each step's routing_before is filled in. */
typedef int (*fb_event_cb)(const fb_ticket_event *ev, void *ctx);
fb_status fb_ticket_history(fb_store *st, int64_t ticket_id, fb_event_cb cb, void *ctx,
                            fb_error *err);

int fb_ticket_page(fb_store *st, const fb_ticket_filter *f, fb_page_dir dir, const fb_cursor *from,
                   fb_ticket_row *rows, int max, fb_error *err);
void fb_ticket_row_cursor(const fb_ticket_row *row, const fb_ticket_filter *f, fb_cursor *c);

#endif
