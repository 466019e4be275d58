/* tickets.c - problem tickets: the list (a provider over fb_ticket_page),
 * the detail with its history as a timeline and the actions (each an event
 * with who and when), and the form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "runner.h"
#include "screens.h"

typedef struct tickets_ctx {
	tui_app *app;
	fb_ticket_filter f;
	char status[24];
	char category[32];
	char routing[32];
	char from[11], to[11];
	char text[256];
} tickets_ctx;

static int tickets_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                         char *err, size_t errsize)
{
	tickets_ctx *tc = ctx;
	fb_error e;
	int n = fb_ticket_page(tc->app->st, &tc->f, dir, from, rows, max, &e);
	if (n < 0)
		fb_error_format(&e, err, errsize);
	return n;
}

/* The keyset cursor of a row (for the next page). */
static void tickets_cursor(void *ctx, const void *row, fb_cursor *c)
{
	tickets_ctx *tc = ctx;
	fb_ticket_row_cursor(row, &tc->f, c);
}

/* The text of a column of a row (the list engine makes it safe). */
static void tickets_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	tickets_ctx *tc = ctx;
	const fb_ticket_row *r = row;
	switch (col) {
	case 0: snprintf(out, size, "%s", r->opened_on); break;
	case 1:
		snprintf(out, size, "%s", r->due_on);
		if (r->overdue)
			*attr = TUI_A_OVERDUE;
		break;
	case 2:
		snprintf(out, size, "%s", fb_category_label(tc->app->st, FB_CAT_STATUS, r->status));
		break;
	case 3: snprintf(out, size, "%s", r->owner); break;
	case 4: snprintf(out, size, "%s", r->title); break;
	case 5:
		snprintf(out, size, "%s", r->unit);
		*attr = TUI_A_DIM;
		break;
	}
}

enum { T_OPEN = 1, T_NEW, T_FILTER, T_STATUS, T_ORDER };

static const tui_keydef tickets_keys[] = {
	{{TUI_ENTER, 0, 0}, T_OPEN, "Enter", N_("open"), 1},
	{{'n', 0, 0}, T_NEW, "n", N_("file a ticket"), 1},
	TUI_KEYDEF_SEARCH,
	{{'f', 0, 0}, T_FILTER, "f", N_("filter"), 1},
	{{'s', 0, 0}, T_STATUS, "s", N_("open / all / closed"), 1},
	{{'o', 0, 0}, T_ORDER, "o", N_("oldest / newest first"), 0},
	{{0, 0, 0}, 0, "Up/Down j/k", N_("move"), 0},
	{{0, 0, 0}, 0, "PgUp/PgDn", N_("page"), 0},
	{{0, 0, 0}, 0, "Home/End g/G", N_("first/last row"), 0},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};
#define N_TICKETS_KEYS (int)(sizeof tickets_keys / sizeof tickets_keys[0])

/* The filter form: status, category, routing, dates, overdue only. */
static void tickets_filter(tui_app *app, tickets_ctx *tc)
{
	tui_form fm;
	tui_form_init(&fm, _("Filter tickets"));
	tui_field *fs = tui_form_add(&fm, "status", _("Status"), TUI_F_CHOICE, 0, 0);
	tui_form_choice(fs, "", _("any"));
	tui_form_choice(fs, "open", _("open (not closed)"));
	tui_choices_category(app, fs, FB_CAT_STATUS, NULL);
	tui_choices_category(app, tui_form_add(&fm, "category", _("Category"), TUI_F_CHOICE, 0, 0),
	                     FB_CAT_PROBLEM, _("any"));
	tui_choices_category(app, tui_form_add(&fm, "routing", _("Routing"), TUI_F_CHOICE, 0, 0),
	                     FB_CAT_ROUTING, _("any"));
	tui_form_add(&fm, "from", _("Opened from"), TUI_F_DATE, 0, 10);
	tui_form_add(&fm, "to", _("Opened until"), TUI_F_DATE, 0, 10);
	tui_field *fo = tui_form_add(&fm, "overdue", _("Overdue only"), TUI_F_CHOICE, 0, 0);
	tui_form_choice(fo, "no", _("no"));
	tui_form_choice(fo, "yes", _("yes"));
	tui_form_set(&fm, "status", tc->status);
	tui_form_set(&fm, "category", tc->category);
	tui_form_set(&fm, "routing", tc->routing);
	tui_form_set(&fm, "from", tc->from);
	tui_form_set(&fm, "to", tc->to);
	tui_form_set(&fm, "overdue", tc->f.overdue_only ? "yes" : "no");
	if (tui_filter_form(app, &fm)) {
		char *v[4] = {tui_form_get(&fm, "status"), tui_form_get(&fm, "category"),
		              tui_form_get(&fm, "routing"), tui_form_get(&fm, "overdue")};
		snprintf(tc->status, sizeof tc->status, "%s", v[0]);
		snprintf(tc->category, sizeof tc->category, "%s", v[1]);
		snprintf(tc->routing, sizeof tc->routing, "%s", v[2]);
		tui_form_date(&fm, "from", tc->from);
		tui_form_date(&fm, "to", tc->to);
		tc->f.overdue_only = !strcmp(v[3], "yes");
		for (int i = 0; i < 4; i++)
			free(v[i]);
	}
	tui_form_free(&fm);
}

/* Point the core filter at the context's strings. */
static void tickets_apply(tickets_ctx *tc)
{
	tc->f.status = tc->status[0] ? tc->status : NULL;
	tc->f.category = tc->category[0] ? tc->category : NULL;
	tc->f.routing = tc->routing[0] ? tc->routing : NULL;
	tc->f.date_from = tc->from[0] ? tc->from : NULL;
	tc->f.date_to = tc->to[0] ? tc->to : NULL;
	tc->f.text = tc->text[0] ? tc->text : NULL;
}

static const tui_column tickets_columns[] = {
	{N_("Opened"), 10, 0}, {N_("Due"), 10, 0},  {N_("Status"), 8, 0},
	{N_("Owner"), 8, 0},   {N_("Title"), 0, 0}, {N_("Unit"), 16, 0},
};
static const tui_list_ops tickets_ops = {
	sizeof(fb_ticket_row), tickets_fetch, tickets_cursor, tickets_cell, tickets_columns, 6,
};

/* " · not closed" or the status chosen. */
static void tickets_subtitle(void *ctx, char *out, size_t size)
{
	tickets_ctx *tc = ctx;
	if (!tc->status[0])
		out[0] = '\0';
	else
		snprintf(out, size, " · %s",
		         !strcmp(tc->status, "open")
		                 ? _("not closed")
		                 : fb_category_label(tc->app->st, FB_CAT_STATUS, tc->status));
}

/* What the empty list says. */
static const char *tickets_empty(void *ctx)
{
	(void)ctx;
	return _("No ticket matches. Press n to file one.");
}

/* The search line's text as the filter of the full-text search. */
static void tickets_set_text(void *ctx, const char *text)
{
	tickets_ctx *tc = ctx;
	snprintf(tc->text, sizeof tc->text, "%s", text);
	tickets_apply(tc);
}

static void ticket_detail(tui_app *app, int64_t id);

/* The list's own actions on the selected row (see tickets_keys). */
static int tickets_act(void *ctx, int action, const void *selected)
{
	tickets_ctx *tc = ctx;
	const fb_ticket_row *row = selected;
	switch (action) {
	case T_OPEN:
		if (row)
			ticket_detail(tc->app, row->id);
		return TUI_LIST_RELOAD;
	case T_NEW: return tui_ticket_form(tc->app, 0, NULL) ? TUI_LIST_FIRST : TUI_LIST_STAY;
	case T_FILTER: tickets_filter(tc->app, tc); break;
	case T_STATUS:
		/* all -> not closed -> closed -> all */
		snprintf(tc->status, sizeof tc->status, "%s",
		         !tc->status[0]                ? "open"
		         : !strcmp(tc->status, "open") ? FB_ST_CLOSED
		                                       : "");
		break;
	case T_ORDER: tc->f.ascending = !tc->f.ascending; break;
	default: return TUI_LIST_STAY;
	}
	tickets_apply(tc);
	return TUI_LIST_FIRST;
}

/* n only for whom the core lets file a ticket in their group. */
static int tickets_allowed(void *ctx, int action, const void *row, fb_error *why)
{
	tickets_ctx *tc = ctx;
	(void)row;
	fb_perm_on mine = {.group_id = tc->app->group_id, .owner = tc->app->me};
	return action != T_NEW || fb_perm_check(tc->app->st, FB_ACT_TICKET_FILE, &mine, why) == FB_OK;
}

void tui_tickets(tui_app *app, int mine)
{
	tickets_ctx tc = {.app = app};
	if (mine) {
		tc.f.owner_id = app->me;
		snprintf(tc.status, sizeof tc.status, "open");
	}
	tickets_apply(&tc);
	const tui_list_screen ls = {
		.title = mine ? _("My tickets") : _("Problem tickets"),
		.list = &tickets_ops,
		.page = 100,
		.keys = tickets_keys,
		.nkeys = N_TICKETS_KEYS,
		.subtitle = tickets_subtitle,
		.empty = tickets_empty,
		.set_text = tickets_set_text,
		.act = tickets_act,
		.allowed = tickets_allowed,
	};
	tui_list_screen_run(app, &ls, &tc);
}

/* ---- detail ---- */

/* One step of a ticket's history: when, who, what, the status after, its text. */
static int timeline_line(const fb_ticket_event *ev, void *ctx)
{
	void **c = ctx;
	tui_app *app = c[0];
	tui_view *v = c[1];
	char when[20];
	fb_local_time(ev->at, 1, when, sizeof when);
	tui_view_add(v, TUI_A_KEY, 2, "%s  %s  %s → %s", when, ev->actor_name ? ev->actor_name : "",
	             fb_category_label(app->st, FB_CAT_EVENT, ev->kind),
	             fb_category_label(app->st, FB_CAT_STATUS, ev->status_after));
	if (ev->dept && *ev->dept)
		tui_view_add(v, TUI_A_NORMAL, 6, _("To: %s"), ev->dept);
	/* an escalation that moved the ticket to another routing (as ticket show) */
	if (ev->routing_before && *ev->routing_before)
		tui_view_add(v, TUI_A_NORMAL, 6, _("Routing: %s → %s"),
		             fb_category_label(app->st, FB_CAT_ROUTING, ev->routing_before),
		             fb_category_label(app->st, FB_CAT_ROUTING, ev->routing));
	else if (ev->routing_before)
		tui_view_add(v, TUI_A_NORMAL, 6, _("Routing now: %s"),
		             fb_category_label(app->st, FB_CAT_ROUTING, ev->routing));
	if (ev->body && *ev->body)
		tui_view_add(v, TUI_A_NORMAL, 6, "%s", ev->body);
	return 0;
}

enum {
	A_START = 1,
	A_ANSWER,
	A_HAND,
	A_ESC,
	A_VISIT,
	A_CLOSE,
	A_REOPEN,
	A_NOTE,
	A_EDIT,
	A_HISTORY
};

static const tui_keydef detail_keys[] = {
	{{'a', 'r', 0}, A_ANSWER, "a/r", N_("reply (answer)"), 1},
	{{'h', 0, 0}, A_HAND, "h", N_("hand over"), 1},
	{{'v', 0, 0}, A_VISIT, "v", N_("return visit"), 1},
	{{'c', 0, 0}, A_CLOSE, "c", N_("close"), 1},
	{{'s', 0, 0}, A_START, "s", N_("start work"), 0},
	{{'x', 0, 0}, A_ESC, "x", N_("escalate"), 0},
	{{'o', 0, 0}, A_REOPEN, "o", N_("reopen"), 0},
	{{'N', 0, 0}, A_NOTE, "N", N_("add a note"), 0},
	{{'e', 0, 0}, A_EDIT, "e", N_("edit"), 0},
	{{'H', 0, 0}, A_HISTORY, "H", N_("history of changes"), 0},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};
#define N_DETAIL_KEYS (int)(sizeof detail_keys / sizeof detail_keys[0])

typedef struct event_ctx {
	int64_t ticket;
	const char *kind;
} event_ctx;

/* Ctrl-S on an event form: the step recorded with who took it. */
static int save_event(tui_app *app, tui_form *fm, void *ctx)
{
	event_ctx *ec = ctx;
	fb_error err;
	char *body = tui_form_get(fm, "body"), *dept = tui_form_get(fm, "dept");
	char *routing = tui_form_get(fm, "routing");
	fb_ticket_event ev = {.ticket_id = ec->ticket,
	                      .kind = (char *)ec->kind,
	                      .actor_id = app->me,
	                      .body = body,
	                      .dept = dept,
	                      .routing = routing[0] ? routing : NULL};
	int rc = 0;
	if (tui_form_check_required(fm, _("This field is required.")) > 0) {
		rc = -1;
	} else if (fb_ticket_event_add(app->st, &ev, &err) != FB_OK) {
		tui_form_fail(fm, &err);
		rc = -1;
	}
	free(body), free(dept), free(routing);
	return rc;
}

/* Ask for what an event needs and record it; a step the person working
 * may not take is refused before anything is typed. */
static void ticket_event(tui_app *app, int64_t id, const char *status, const char *kind)
{
	const char *after;
	fb_error err;
	char buf[600];
	if (!fb_ticket_transition(status, kind, &after)) {
		tui_say(app, 1, _("Not possible while the ticket is \"%s\"."),
		        fb_category_label(app->st, FB_CAT_STATUS, status));
		return;
	}
	if (fb_ticket_step_allowed(app->st, id, kind, &err) != FB_OK) {
		tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
		return;
	}
	tui_form fm;
	char title[160];
	snprintf(title, sizeof title, "%s", fb_category_label(app->st, FB_CAT_EVENT, kind));
	tui_form_init(&fm, title);
	int needs_dept = !strcmp(kind, "hand_over") || !strcmp(kind, "escalate");
	if (needs_dept)
		tui_form_add_limited(&fm, "ticket_events", "dept", _("Receiving department"),
		                     TUI_F_TEXT, 1);
	/* another routing only for whom the core lets change it */
	if (!strcmp(kind, "escalate")) {
		tui_field *fr = tui_form_add(&fm, "routing", _("Routing"), TUI_F_CHOICE, 0, 0);
		if (fb_ticket_step_allowed(app->st, id, FB_STEP_ROUTE, NULL) == FB_OK)
			tui_choices_category(app, fr, FB_CAT_ROUTING, _("routing as it is"));
		else
			tui_form_choice(fr, "", _("routing as it is"));
	}
	tui_form_add_limited(&fm, "ticket_events", "body",
	                     !strcmp(kind, "answer") ? _("Answer") : _("What was said or done"),
	                     TUI_F_AREA, strcmp(kind, "start") != 0 && !needs_dept)
		->rows = 6;
	event_ctx ec = {id, kind};
	if (tui_form_run(app, &fm, NULL, 0, save_event, &ec))
		tui_say(app, 0, _("Recorded: %s."), title);
	tui_form_free(&fm);
}

typedef struct detail_ctx {
	tui_app *app;
	int64_t id;
	char status[24]; /* the ticket's status when the view was filled */
	char uuid[37];
} detail_ctx;

/* The ticket, then its history as a timeline. */
static int detail_fill(tui_app *app, tui_view *v, void *ctx)
{
	detail_ctx *dc = ctx;
	fb_ticket t = {0};
	fb_error err;
	if (fb_ticket_get(app->st, dc->id, &t, &err) != FB_OK) {
		tui_say(app, 1, "%s", err.msg);
		return -1;
	}
	snprintf(dc->status, sizeof dc->status, "%s", t.status);
	memcpy(dc->uuid, t.uuid, sizeof dc->uuid);
	tui_view_add(v, TUI_A_LABEL, 0, "#%lld  %s", (long long)t.id, t.title);
	tui_conflict_note(app, v, t.uuid);
	tui_view_add(v, TUI_A_NORMAL, 2, _("Status: %s · category: %s · routing: %s"),
	             fb_category_label(app->st, FB_CAT_STATUS, t.status),
	             fb_category_label(app->st, FB_CAT_PROBLEM, t.category),
	             fb_category_label(app->st, FB_CAT_ROUTING, t.routing));
	tui_view_add(v, TUI_A_NORMAL, 2, _("Opened %s by %s · due %s · owner %s"), t.opened_on,
	             t.opened_by_name ? t.opened_by_name : "", t.due_on,
	             t.owner_name ? t.owner_name : "");
	if (t.unit && *t.unit)
		tui_view_add(v, TUI_A_NORMAL, 2, _("Unit: %s"), t.unit);
	if (t.raised_by && *t.raised_by)
		tui_view_add(v, TUI_A_NORMAL, 2, _("Raised by: %s"), t.raised_by);
	tui_view_field(v, _("The problem"), t.description);
	tui_view_add(v, TUI_A_LABEL, 0, "%s", _("History"));
	void *c[2] = {app, v};
	fb_ticket_history(app->st, dc->id, timeline_line, c, NULL);
	fb_ticket_free(&t);
	return 0;
}

/* The step of each action key of a ticket's details. */
static const char *const detail_steps[] = {
	[A_START] = "start",   [A_ANSWER] = "answer",      [A_HAND] = "hand_over",
	[A_ESC] = "escalate",  [A_VISIT] = "return_visit", [A_CLOSE] = "close",
	[A_REOPEN] = "reopen", [A_NOTE] = "note",          [A_EDIT] = FB_STEP_EDIT};

/* A step's key is offered only when the core lets the person working take it. */
static int detail_allowed(void *ctx, int action, const void *row, fb_error *why)
{
	detail_ctx *dc = ctx;
	(void)row;
	if (action <= 0 || action >= (int)(sizeof detail_steps / sizeof *detail_steps) ||
	    !detail_steps[action])
		return 1;
	return fb_ticket_step_allowed(dc->app->st, dc->id, detail_steps[action], why) == FB_OK;
}

/* An action on a ticket's details: the edit form or a step of its life. */
static int detail_act(tui_app *app, int action, void *ctx)
{
	detail_ctx *dc = ctx;
	if (action == A_EDIT)
		return tui_ticket_form(app, dc->id, NULL) ? 2 : 0;
	if (action == A_HISTORY) {
		tui_history(app, _("Changes of the ticket"), "tickets", dc->uuid);
		return 2;
	}
	ticket_event(app, dc->id, dc->status, detail_steps[action]);
	return 2;
}

/* A ticket with its history as a timeline, and its steps as keys. */
static void ticket_detail(tui_app *app, int64_t id)
{
	detail_ctx dc = {.app = app, .id = id};
	tui_view_screen_checked(app, _("Ticket"), detail_keys, N_DETAIL_KEYS, detail_allowed,
	                        detail_fill, detail_act, &dc);
}

/* ---- form ---- */

/* Ctrl-S on the ticket form: every field error at once, else insert or update. */
static int save_ticket(tui_app *app, tui_form *fm, void *ctx)
{
	int64_t id = *(int64_t *)ctx;
	fb_error err;
	char opened[11], due[11];
	int rc = -1;
	/* every field's error at once: the required ones and the dates */
	int bad = tui_form_check_required(fm, _("This field is required."));
	bad += !tui_form_date(fm, "opened_on", opened);
	bad += !tui_form_date(fm, "due_on", due);
	if (bad)
		return -1;
	char *title = tui_form_get(fm, "title"), *cat = tui_form_get(fm, "category");
	char *routing = tui_form_get(fm, "routing"), *unit = tui_form_get(fm, "unit");
	char *raised = tui_form_get(fm, "raised_by"), *desc = tui_form_get(fm, "description");
	char *owner = tui_form_get(fm, "owner");
	fb_ticket t = {0};
	if (id && fb_ticket_get(app->st, id, &t, &err) != FB_OK) {
		tui_form_fail(fm, &err);
		goto done;
	}
	fb_ticket n = t;
	n.id = id;
	if (!id) {
		n.opened_by = app->me;
		memcpy(n.uuid, app->draft.uuid, sizeof n.uuid); /* named by its draft */
	}
	n.owner_id = strtoll(owner, NULL, 10);
	n.title = title, n.category = cat, n.routing = routing, n.unit = unit;
	n.raised_by = raised, n.opened_on = opened, n.due_on = due[0] ? due : NULL;
	n.description = desc;
	if ((id ? fb_ticket_update(app->st, &n, &err) : fb_ticket_insert(app->st, &n, &err)) !=
	    FB_OK) {
		tui_form_fail(fm, &err);
		goto done;
	}
	tui_say(app, 0, id ? _("Ticket #%lld saved.") : _("Ticket #%lld registered."),
	        (long long)n.id);
	rc = 0;
done:
	if (id)
		fb_ticket_free(&t);
	free(title), free(cat), free(routing), free(unit), free(raised), free(desc), free(owner);
	return rc;
}

int tui_ticket_form(tui_app *app, int64_t id, const char *draft_text)
{
	tui_form fm;
	tui_form_init(&fm, id ? _("Edit ticket") : _("File a ticket"));
	tui_form_add_limited(&fm, "tickets", "title", _("Title"), TUI_F_TEXT, 1);
	tui_choices_category(app, tui_form_add(&fm, "category", _("Category"), TUI_F_CHOICE, 1, 0),
	                     FB_CAT_PROBLEM, NULL);
	tui_form_add(&fm, "routing", _("Routing"), TUI_F_CHOICE, 1, 0); /* its choices below */
	tui_form_add_limited(&fm, "tickets", "unit", _("Unit concerned"), TUI_F_TEXT, 0);
	tui_form_add_limited(&fm, "tickets", "raised_by", _("Raised by"), TUI_F_TEXT, 0);
	tui_form_add(&fm, "opened_on", _("Opened on"), TUI_F_DATE, 1, 10);
	tui_form_add(&fm, "due_on", _("Due (empty: default)"), TUI_F_DATE, 0, 10);
	tui_field *fo = tui_form_add(&fm, "owner", _("Followed up by"), TUI_F_CHOICE, 0, 0);
	tui_form_choice(fo, "0", _("the group leader"));
	tui_choices_people(app, fo);
	tui_form_add_limited(&fm, "tickets", "description", _("The problem"), TUI_F_AREA, 1)->rows =
		6;
	tui_field *fr = tui_form_field(&fm, "routing");
	if (id) {
		fb_ticket t = {0};
		fb_error err;
		char owner[24];
		if (fb_ticket_get(app->st, id, &t, &err) != FB_OK) {
			tui_say(app, 1, "%s", err.msg);
			if (!draft_text) {
				tui_form_free(&fm);
				return 0;
			}
			/* a draft of a record deleted meanwhile: save it as a new one */
			id = 0;
			tui_choices_category(app, fr, FB_CAT_ROUTING, NULL);
			goto restore;
		}
		snprintf(owner, sizeof owner, "%lld", (long long)t.owner_id);
		/* another routing only for whom the core lets change it */
		if (fb_ticket_step_allowed(app->st, id, FB_STEP_ROUTE, NULL) == FB_OK)
			tui_choices_category(app, fr, FB_CAT_ROUTING, NULL);
		else
			tui_form_choice(fr, t.routing,
			                fb_category_label(app->st, FB_CAT_ROUTING, t.routing));
		tui_form_set(&fm, "title", t.title);
		tui_form_set(&fm, "category", t.category);
		tui_form_set(&fm, "routing", t.routing);
		tui_form_set(&fm, "unit", t.unit);
		tui_form_set(&fm, "raised_by", t.raised_by);
		tui_form_set(&fm, "opened_on", t.opened_on);
		tui_form_set(&fm, "due_on", t.due_on);
		tui_form_set(&fm, "owner", owner);
		tui_form_set(&fm, "description", t.description);
		fb_ticket_free(&t);
	} else {
		tui_choices_category(app, fr, FB_CAT_ROUTING, NULL);
		tui_form_set(&fm, "opened_on", app->today);
		tui_form_set(&fm, "owner", "0");
		tui_form_set(&fm, "routing", "county_union");
		tui_field *fc = tui_form_field(&fm, "category");
		if (fc->nchoices)
			tui_form_set(&fm, "category", fc->choices[0].code);
	}
restore:
	if (draft_text)
		tui_form_deserialize(&fm, draft_text);
	int saved = tui_form_run(app, &fm, "ticket", id, save_ticket, &id);
	tui_form_free(&fm);
	return saved;
}
