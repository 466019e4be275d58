/* conflicts.c - conflicts to settle, at the station and at HQ: the list
 * (the one list engine over fb_conflict_page) names each record as a
 * person knows it; Enter shows both versions side by side, what differs
 * marked, who made each and when; k keeps the version in force, t takes
 * the other one (a new revision that travels back). The decision is kept
 * with who made it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conflict.h"
#include "fieldbook/text.h"
#include "dialog.h"
#include "runner.h"
#include "screens.h"

typedef struct conflicts_ctx {
	tui_app *app;
	int open_only;
} conflicts_ctx;

static int conflicts_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                           char *err, size_t errsize)
{
	conflicts_ctx *cc = ctx;
	fb_error e;
	int n = fb_conflict_page(cc->app->st, cc->open_only, dir, from, rows, max, &e);
	if (n < 0)
		fb_error_format(&e, err, errsize);
	return n;
}

static void conflicts_cursor(void *ctx, const void *row, fb_cursor *c)
{
	(void)ctx;
	fb_conflict_row_cursor(row, c);
}

/* Open, or how it was settled and by whom. */
static void settled_words(const fb_conflict_row *r, char *out, size_t size)
{
	if (!r->resolved)
		snprintf(out, size, "%s", _("to settle"));
	else
		snprintf(out, size,
		         !strcmp(r->choice, "taken") ? _("other version taken by %s")
		                                     : _("version in force kept by %s"),
		         r->settled_by[0] ? r->settled_by : _("someone"));
}

static void conflicts_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	const fb_conflict_row *r = row;
	char day[20];
	(void)ctx;
	switch (col) {
	case 0: snprintf(out, size, "%s", fb_local_time(r->detected_at, 1, day, sizeof day)); break;
	case 1:
		settled_words(r, out, size);
		*attr = r->resolved ? TUI_A_DIM : TUI_A_OVERDUE;
		break;
	case 2: snprintf(out, size, "%s", r->record); break;
	}
}

static const tui_column conflicts_columns[] = {
	{N_("Found"), 16, 0},
	{N_("State"), 24, 0},
	{N_("Record"), 0, 0},
};
static const tui_list_ops conflicts_ops = {
	sizeof(fb_conflict_row), conflicts_fetch,   conflicts_cursor,
	conflicts_cell,          conflicts_columns, 3,
};

enum { C_SHOW = 1, C_ALL };
static const tui_keydef conflicts_keys[] = {
	{{TUI_ENTER, 0, 0}, C_SHOW, "Enter", N_("both versions, settle"), 1},
	{{'a', 0, 0}, C_ALL, "a", N_("to settle / all"), 1},
	{{0, 0, 0}, 0, "Up/Down j/k", N_("move"), 0},
	{{0, 0, 0}, 0, "PgUp/PgDn", N_("page"), 0},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};
#define N_CONFLICTS_KEYS (int)(sizeof conflicts_keys / sizeof conflicts_keys[0])

/* ---- one conflict: both versions, and the choice ---- */

typedef struct detail_ctx {
	tui_app *app;
	fb_conflict_row row; /* the conflict as listed: its record's table and uuid */
	int64_t id;
	int settled; /* settled on this screen */
} detail_ctx;

enum { D_KEEP = 1, D_TAKE };
static const tui_keydef detail_keys[] = {
	{{'k', 0, 0}, D_KEEP, "k", N_("keep the version in force"), 1},
	{{'t', 0, 0}, D_TAKE, "t", N_("take the other version"), 1},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};

/* A field of both versions: one line when alike, both values when not. */
static void field_lines(tui_view *v, const fb_conflict_field *f)
{
	const char *label = fb_sync_column_label(f->column);
	if (!f->differs) {
		tui_view_add(v, TUI_A_DIM, 2, "%s: %s", label, f->in_force);
		return;
	}
	tui_view_add(v, TUI_A_LABEL, 2, _("%s (differs)"), label);
	tui_view_add(v, TUI_A_NORMAL, 4, _("in force: %s"), f->in_force[0] ? f->in_force : "-");
	tui_view_add(v, TUI_A_OVERDUE, 4, _("other:    %s"), f->other[0] ? f->other : "-");
}

static int detail_fill(tui_app *app, tui_view *v, void *ctx)
{
	detail_ctx *dc = ctx;
	fb_conflict_detail d;
	fb_error err;
	char buf[600], a[20], b[20], state[160];
	if (fb_conflict_get(app->st, dc->id, &d, &err) != FB_OK) {
		tui_view_add(v, TUI_A_ERROR, 0, "%s", fb_error_format(&err, buf, sizeof buf));
		return 0;
	}
	tui_view_add(v, TUI_A_LABEL, 0, "%s", d.row.record);
	settled_words(&d.row, state, sizeof state);
	tui_view_add(v, d.row.resolved ? TUI_A_DIM : TUI_A_OVERDUE, 0, "%s", state);
	tui_view_add(v, 0, 0, " ");
	tui_view_add(v, TUI_A_NORMAL, 0, _("In force: made by %s, %s"), d.in_force_by,
	             fb_local_time(d.in_force_at, 1, a, sizeof a));
	tui_view_add(v, TUI_A_NORMAL, 0, _("Other:    made by %s, %s"), d.other_by,
	             fb_local_time(d.other_at, 1, b, sizeof b));
	if (!d.present)
		tui_view_add(v, TUI_A_ERROR, 0, "%s", _("The record is not in this database."));
	tui_view_add(v, 0, 0, " ");
	for (int i = 0; i < d.nfields; i++)
		if (d.f[i].differs)
			field_lines(v, &d.f[i]);
	for (int i = 0; i < d.nfields; i++)
		if (!d.f[i].differs)
			field_lines(v, &d.f[i]);
	fb_conflict_detail_free(&d);
	return 0;
}

static int detail_act(tui_app *app, int action, void *ctx)
{
	detail_ctx *dc = ctx;
	fb_error err;
	char buf[600];
	if (action == D_TAKE &&
	    !tui_confirm(app, _("Take the other version? It replaces the record here and goes "
	                        "back to the other side with the next bundle.")))
		return 0;
	if (fb_conflict_settle(app->st, dc->id, action == D_TAKE ? FB_CONFLICT_TAKE : FB_CONFLICT_KEEP,
	                       app->me, &err) != FB_OK) {
		tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
		return 0;
	}
	dc->settled = 1;
	tui_say(app, 0, "%s",
	        action == D_TAKE ? _("The other version is in force now; it "
	                             "travels with the next bundle.")
	                         : _("The version in force is kept."));
	return 2;
}

/* k and t only for whom the core lets settle a conflict on that record
 * (its group's leader, or HQ). */
static int detail_allowed(void *ctx, int action, const void *row, fb_error *why)
{
	detail_ctx *dc = ctx;
	(void)action, (void)row;
	return fb_perm_check_uuid(dc->app->st, FB_ACT_CONFLICT_SETTLE, dc->row.table, dc->row.uuid,
	                          why) == FB_OK;
}

static int conflicts_act(void *ctx, int action, const void *row)
{
	conflicts_ctx *cc = ctx;
	const fb_conflict_row *r = row;
	if (action == C_ALL) {
		cc->open_only = !cc->open_only;
		return TUI_LIST_FIRST;
	}
	if (!r)
		return TUI_LIST_STAY;
	detail_ctx dc = {.app = cc->app, .row = *r, .id = r->id};
	tui_view_screen_checked(cc->app, _("Conflict"), detail_keys,
	                        (int)(sizeof detail_keys / sizeof detail_keys[0]), detail_allowed,
	                        detail_fill, detail_act, &dc);
	return dc.settled ? TUI_LIST_RELOAD : TUI_LIST_STAY;
}

static void conflicts_subtitle(void *ctx, char *out, size_t size)
{
	conflicts_ctx *cc = ctx;
	snprintf(out, size, "%s", cc->open_only ? _(" · to settle") : _(" · all"));
}

static const char *conflicts_empty(void *ctx)
{
	conflicts_ctx *cc = ctx;
	return cc->open_only ? _("No conflict to settle (press a for the settled ones).")
	                     : _("No conflict.");
}

void tui_conflict_note(tui_app *app, tui_view *v, const char *uuid)
{
	fb_error err;
	char buf[600];
	int open = fb_conflict_open_for(app->st, uuid, &err);
	if (open < 0)
		tui_view_add(v, TUI_A_ERROR, 2, "%s", fb_error_format(&err, buf, sizeof buf));
	else if (open)
		tui_view_add(v, TUI_A_OVERDUE, 2, "%s",
		             _("This record was changed on both sides: a conflict to settle (c on "
		               "the home screen)."));
}

void tui_conflicts(tui_app *app)
{
	conflicts_ctx cc = {.app = app, .open_only = 1};
	const tui_list_screen ls = {.title = _("Conflicts"),
	                            .list = &conflicts_ops,
	                            .page = 50,
	                            .keys = conflicts_keys,
	                            .nkeys = N_CONFLICTS_KEYS,
	                            .subtitle = conflicts_subtitle,
	                            .empty = conflicts_empty,
	                            .act = conflicts_act};
	tui_list_screen_run(app, &ls, &cc);
}
