/* reports_due.c - the reports due: every report the schedule asks of my
 * group (of every group, at HQ) with its deadline and state, over the one
 * list engine. Enter compiles or opens the report of that period (last
 * week's on a Monday, any week of the stay); h records a report written
 * elsewhere as handed in today. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/due.h"
#include "dialog.h"
#include "runner.h"
#include "screens.h"

/* A row: the item and its place in the list (the cursor). */
typedef struct due_row {
	int64_t idx;
	fb_due_item it;
} due_row;

typedef struct due_ctx {
	tui_app *app;
	int open_only;
	fb_due_item *items; /* the whole list: small (a group's stay, or HQ's groups) */
	int n;
} due_ctx;

/* Read the list again (at the first page: a change or a filter). */
static int reload(due_ctx *dc, char *err, size_t errsize)
{
	free(dc->items);
	dc->items = NULL;
	dc->n = 0;
	fb_due_opts o = {.group_id = dc->app->group_id, .open_only = dc->open_only};
	fb_error e;
	if (fb_due_list(dc->app->st, &o, &dc->items, &dc->n, &e) != FB_OK) {
		fb_error_format(&e, err, errsize);
		return -1;
	}
	return 0;
}

static int due_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                     char *err, size_t errsize)
{
	due_ctx *dc = ctx;
	if (dir == FB_PAGE_FIRST && reload(dc, err, errsize) < 0)
		return -1;
	long at = 0;
	switch (dir) {
	case FB_PAGE_FIRST: at = 0; break;
	case FB_PAGE_NEXT: at = from ? from->id + 1 : 0; break;
	case FB_PAGE_AT: at = from ? from->id : 0; break;
	case FB_PAGE_PREV: at = (from ? from->id : 0) - max; break;
	case FB_PAGE_LAST: at = dc->n - max; break;
	}
	long end = dir == FB_PAGE_PREV ? (from ? from->id : 0) : at + max;
	if (at < 0)
		at = 0;
	if (end > dc->n)
		end = dc->n;
	due_row *out = rows;
	int k = 0;
	for (long i = at; i < end; i++, k++)
		out[k] = (due_row){i, dc->items[i]};
	return k;
}

static void due_cursor(void *ctx, const void *row, fb_cursor *c)
{
	(void)ctx;
	memset(c, 0, sizeof *c);
	c->id = ((const due_row *)row)->idx;
}

/* The look of a state: late and overdue stand out, done and not yet recede. */
static int state_look(fb_due_state s)
{
	return s == FB_DUE_OVERDUE || s == FB_DUE_LATE ? TUI_A_OVERDUE
	       : s == FB_DUE_SOON                      ? TUI_A_ERROR
	                                               : TUI_A_DIM;
}

static void due_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	(void)ctx;
	const fb_due_item *it = &((const due_row *)row)->it;
	switch (col) {
	case 0: snprintf(out, size, "%s", it->due_on); break;
	case 1:
		fb_due_state_text(it, out, size);
		*attr = state_look(it->state);
		break;
	case 2: snprintf(out, size, "%s", it->title); break;
	case 3:
		snprintf(out, size, "%s",
		         !strcmp(it->period.label, "stage") ? fb_schedule_period_label("stay")
		                                            : it->period.label);
		break;
	case 4: snprintf(out, size, "%s", it->person_name); break;
	case 5:
		snprintf(out, size, "%s", it->group_name);
		*attr = TUI_A_DIM;
		break;
	}
}

enum { D_OPEN = 1, D_FILED, D_ALL };

static const tui_keydef due_keys[] = {
	{{TUI_ENTER, 0, 0}, D_OPEN, "Enter", N_("compile or open that report"), 1},
	{{'h', 0, 0}, D_FILED, "h", N_("handed in today (a report written elsewhere)"), 1},
	{{'a', 0, 0}, D_ALL, "a", N_("all reports / only what is due"), 1},
	{{0, 0, 0}, 0, "Up/Down j/k", N_("move"), 0},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};
#define N_DUE_KEYS (int)(sizeof due_keys / sizeof due_keys[0])

static const tui_column due_columns[] = {
	{N_("Deadline"), 10, 0}, {N_("State"), 20, 0}, {N_("Report"), 18, 0},
	{N_("Period"), 9, 0},    {N_("Whose"), 6, 0},  {N_("Work group"), 0, 0},
};
static const tui_list_ops due_ops = {
	sizeof(due_row), due_fetch, due_cursor, due_cell, due_columns, 6,
};

static void due_subtitle(void *ctx, char *out, size_t size)
{
	due_ctx *dc = ctx;
	snprintf(out, size, " · %s", dc->open_only ? _("due soon or overdue") : _("all"));
}

static const char *due_empty(void *ctx)
{
	due_ctx *dc = ctx;
	return dc->open_only ? _("Nothing is due this week or overdue (press a for all).")
	                     : _("No report is due yet: the stay has not begun.");
}

/* Compile the report of the item's period (my group's), or open it. */
static int open_item(due_ctx *dc, const fb_due_item *it)
{
	tui_app *app = dc->app;
	fb_schedule s;
	fb_error err;
	char buf[600];
	if (fb_schedule_get(app->st, it->code, &s, &err) != FB_OK) {
		tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
		return TUI_LIST_STAY;
	}
	int kind = fb_report_kind_parse(s.report_kind);
	if (kind < 0) {
		tui_say(app, 1, _("%s is written outside fieldbook: press h when it is handed in."),
		        it->title);
		return TUI_LIST_STAY;
	}
	int64_t id = it->report_id;
	if (!id && it->group_id != app->group_id) {
		tui_say(app, 1, "%s", _("The group has not compiled this report yet."));
		return TUI_LIST_STAY;
	}
	if (!id) {
		fb_report r;
		if (fb_report_compile(app->st, it->group_id, (fb_report_kind)kind, &it->period, &r,
		                      &err) != FB_OK) {
			tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
			return TUI_LIST_STAY;
		}
		id = r.id;
		fb_report_free(&r);
	}
	tui_report_open(app, id);
	return TUI_LIST_FIRST;
}

/* Record a report written elsewhere as handed in today. */
static int file_item(due_ctx *dc, const fb_due_item *it)
{
	tui_app *app = dc->app;
	if (it->done_on[0]) {
		tui_say(app, 1, _("Handed in already, on %s."), it->done_on);
		return TUI_LIST_STAY;
	}
	char q[300];
	snprintf(q, sizeof q, _("Record %s (%s) as handed in today?"), it->title, it->period.start);
	if (!tui_confirm(app, q))
		return TUI_LIST_STAY;
	fb_error err;
	char buf[600];
	if (fb_due_file(app->st, it->code, it->group_id, it->person_id, it->period.start,
	                app->today, app->me, &err) != FB_OK) {
		tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
		return TUI_LIST_STAY;
	}
	tui_say(app, 0, "%s", _("Recorded as handed in."));
	return TUI_LIST_FIRST;
}

static int due_act(void *ctx, int action, const void *selected)
{
	due_ctx *dc = ctx;
	const due_row *row = selected;
	if (action == D_ALL) {
		dc->open_only = !dc->open_only;
		return TUI_LIST_FIRST;
	}
	if (!row)
		return TUI_LIST_STAY;
	return action == D_OPEN ? open_item(dc, &row->it) : file_item(dc, &row->it);
}

/* Enter compiles a report not compiled yet only for whom the core lets
 * write the group's reports (opening one is for everyone); h only for whom
 * it lets record that report as handed in. */
static int due_allowed(void *ctx, int action, const void *selected, fb_error *why)
{
	due_ctx *dc = ctx;
	const due_row *row = selected;
	if (!row || (action != D_OPEN && action != D_FILED) ||
	    (action == D_OPEN && row->it.report_id))
		return 1;
	fb_perm_on on = {.group_id = row->it.group_id};
	if (action == D_OPEN)
		return fb_perm_check(dc->app->st, FB_ACT_REPORT_WRITE, &on, why) == FB_OK;
	on.owner = row->it.person_id;
	return fb_perm_check(dc->app->st, FB_ACT_REPORT_FILE, &on, why) == FB_OK;
}

void tui_reports_due(tui_app *app)
{
	due_ctx dc = {.app = app, .open_only = 1};
	const tui_list_screen ls = {
		.title = _("Reports due"),
		.list = &due_ops,
		.page = 100,
		.keys = due_keys,
		.nkeys = N_DUE_KEYS,
		.subtitle = due_subtitle,
		.empty = due_empty,
		.act = due_act,
		.allowed = due_allowed,
	};
	tui_list_screen_run(app, &ls, &dc);
	free(dc.items);
}
