/* ledger.c - the contact ledger screens: my group's units (a provider over
 * fb_unit_page for the list engine; `/` offers the units whose name holds
 * what is typed, the likeliest first, through fb_unit_match), a unit's
 * details, and the coverage of my group and of me with where to go next. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "screens.h"

typedef struct ledger_ctx {
	tui_app *app;
	fb_unit_filter f;
	char text[256];
} ledger_ctx;

static int ledger_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                        char *err, size_t errsize)
{
	ledger_ctx *lc = ctx;
	fb_error e;
	int n;
	if (lc->text[0]) /* the likeliest matches: one page */
		n = dir == FB_PAGE_FIRST || dir == FB_PAGE_LAST || dir == FB_PAGE_AT
		            ? fb_unit_match(lc->app->st, lc->f.group_id, lc->text, rows, max, &e)
		            : 0;
	else
		n = fb_unit_page(lc->app->st, &lc->f, dir, from, rows, max, &e);
	if (n < 0)
		fb_error_format(&e, err, errsize);
	return n;
}

static void ledger_cursor(void *ctx, const void *row, fb_cursor *c)
{
	(void)ctx;
	fb_unit_row_cursor(row, c);
}

static void ledger_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	ledger_ctx *lc = ctx;
	const fb_unit_row *r = row;
	switch (col) {
	case 0:
		snprintf(out, size, "%s", fb_category_label(lc->app->st, FB_CAT_CONTACT, r->kind));
		break;
	case 1: snprintf(out, size, "%s", r->name); break;
	case 2: snprintf(out, size, "%lld", (long long)r->visits); break;
	case 3:
		snprintf(out, size, "%s",
		         r->last_visit[0] ? r->last_visit : C_("last visit", "never"));
		if (!r->last_visit[0])
			*attr = TUI_A_OVERDUE;
		break;
	case 4:
		fb_category_mask_format(lc->app->st, FB_CAT_ENTERPRISE, r->enterprise_kinds,
		                        FB_MASK_LABELS, out, size);
		*attr = TUI_A_DIM;
		break;
	}
}

static const tui_column ledger_columns[] = {
	{N_("Kind"), 8, 0},
	{N_("Unit"), 28, 0},
	{N_("Visits"), 6, 1},
	{N_("Last visit"), 10, 0},
	{N_("Kinds of enterprise"), 0, 0},
};
static const tui_list_ops ledger_ops = {sizeof(fb_unit_row), ledger_fetch,   ledger_cursor,
                                        ledger_cell,         ledger_columns, 5};

enum { U_OPEN = 1, U_COVERAGE };

static const tui_keydef ledger_keys[] = {
	{{TUI_ENTER, 0, 0}, U_OPEN, "Enter", N_("open"), 1},
	{{'c', 0, 0}, U_COVERAGE, "c", N_("coverage and where to go next"), 1},
	TUI_KEYDEF_SEARCH,
	{{0, 0, 0}, 0, "Up/Down j/k", N_("move"), 0},
	{{0, 0, 0}, 0, "PgUp/PgDn", N_("page"), 0},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};
#define N_LEDGER_KEYS (int)(sizeof ledger_keys / sizeof ledger_keys[0])

/* "12 / 10 ✓", or the number alone when no target is set. */
static const char *against(int64_t n, int target, char *out, size_t size)
{
	if (target < 0)
		snprintf(out, size, "%lld", (long long)n);
	else
		snprintf(out, size, "%lld / %d%s", (long long)n, target, n >= target ? " ✓" : "");
	return out;
}

typedef struct next_ctx {
	tui_app *app;
	tui_view *v;
	int last;
} next_ctx;

static int next_line(const fb_next_item *it, void *ctx)
{
	next_ctx *nc = ctx;
	static const char *const heads[] = {
		N_("Kinds of enterprise not met yet:"), N_("Kinds of worker not met yet:"),
		N_("Units not visited for longest:"), N_("Tickets waiting for a return visit:")};
	if ((int)it->kind != nc->last) {
		tui_view_add(nc->v, TUI_A_LABEL, 2, "%s", _(heads[it->kind]));
		nc->last = (int)it->kind;
	}
	switch (it->kind) {
	case FB_NEXT_ENTERPRISE_KIND:
		tui_view_add(nc->v, TUI_A_OVERDUE, 4, "%s",
		             fb_category_label(nc->app->st, FB_CAT_ENTERPRISE, it->code));
		break;
	case FB_NEXT_WORKER_KIND:
		tui_view_add(nc->v, TUI_A_OVERDUE, 4, "%s",
		             fb_category_label(nc->app->st, FB_CAT_WORKER, it->code));
		break;
	case FB_NEXT_STALE_UNIT:
		tui_view_add(nc->v, TUI_A_NORMAL, 4, _("%s (last visit: %s)"), it->name,
		             it->date[0] ? it->date : C_("last visit", "never"));
		break;
	default:
		tui_view_add(nc->v, TUI_A_NORMAL, 4, _("ticket %lld %s - %s (since %s)"),
		             (long long)it->id, it->name, it->unit, it->date);
	}
	return 0;
}

/* The coverage of one cadre or group into the view; with next, where to go
 * next. */
static void coverage_lines(tui_app *app, tui_view *v, const fb_coverage_filter *f, const char *who,
                           int next)
{
	fb_coverage c;
	fb_error err;
	char buf[600], a[64], b[64], d[64], e[64], ek[512], wk[512];
	if (fb_coverage_get(app->st, f, &c, &err)) {
		tui_view_add(v, TUI_A_ERROR, 0, "%s", fb_error_format(&err, buf, sizeof buf));
		return;
	}
	tui_view_add(v, TUI_A_LABEL, 0, "%s", who);
	tui_view_add(v, TUI_A_NORMAL, 2, _("Units met: %lld (enterprises %s, households %s)"),
	             (long long)c.units, against(c.enterprises, c.t_enterprises, a, sizeof a),
	             against(c.households, c.t_households, b, sizeof b));
	tui_view_add(v, c.t_workers >= 0 && c.workers < c.t_workers ? TUI_A_OVERDUE : TUI_A_NORMAL,
	             2, _("Workers met: %s"), against(c.workers, c.t_workers, d, sizeof d));
	tui_view_add(v, TUI_A_NORMAL, 2, _("Contact days: %s; contact record sheets %lld"),
	             against(c.contact_days, c.t_contact_days, e, sizeof e), (long long)c.sheets);
	fb_category_mask_format(app->st, FB_CAT_ENTERPRISE, c.enterprise_kinds, FB_MASK_LABELS, ek,
	                        sizeof ek);
	fb_category_mask_format(app->st, FB_CAT_WORKER, c.worker_kinds, FB_MASK_LABELS, wk,
	                        sizeof wk);
	tui_view_add(v, TUI_A_NORMAL, 2, _("Kinds of enterprise met: %s"), ek[0] ? ek : _("none"));
	tui_view_add(v, TUI_A_NORMAL, 2, _("Kinds of worker met: %s"), wk[0] ? wk : _("none"));
	if (next) {
		next_ctx nc = {app, v, -1};
		tui_view_add(v, TUI_A_LABEL, 0, "%s", _("Where to go next"));
		if (fb_coverage_next(app->st, f, &c, 5, next_line, &nc, &err))
			tui_view_add(v, TUI_A_ERROR, 2, "%s", fb_error_format(&err, buf, sizeof buf));
	}
	tui_view_add(v, 0, 0, " ");
}

static int coverage_fill(tui_app *app, tui_view *v, void *ctx)
{
	(void)ctx;
	fb_coverage_filter g = {app->group_id, 0, NULL, NULL};
	coverage_lines(app, v, &g, app->group_name, 1);
	if (app->me) {
		fb_coverage_filter me = {app->group_id, app->me, NULL, NULL};
		coverage_lines(app, v, &me, app->me_name, 0);
	}
	return 0;
}

static const tui_keydef view_keys[] = {TUI_KEYDEF_HELP, TUI_KEYDEF_BACK};

void tui_coverage(tui_app *app)
{
	tui_view_screen(app, _("Coverage and where to go next"), view_keys, 2, coverage_fill, NULL,
	                NULL);
}

/* A unit's details. */
static int unit_fill(tui_app *app, tui_view *v, void *ctx)
{
	const int64_t *id = ctx;
	fb_unit u;
	fb_error err;
	char buf[600];
	if (fb_unit_get(app->st, *id, &u, &err)) {
		tui_view_add(v, TUI_A_ERROR, 0, "%s", fb_error_format(&err, buf, sizeof buf));
		return 0;
	}
	tui_view_add(v, TUI_A_LABEL, 0, "%s", u.name);
	tui_view_add(v, TUI_A_NORMAL, 2, "%s: %s", _("Kind"),
	             fb_category_label(app->st, FB_CAT_CONTACT, u.kind));
	fb_category_mask_format(app->st, FB_CAT_ENTERPRISE, u.enterprise_kinds, FB_MASK_LABELS, buf,
	                        sizeof buf);
	if (buf[0])
		tui_view_add(v, TUI_A_NORMAL, 2, "%s: %s", _("Kinds of enterprise"), buf);
	if (u.ownership[0])
		tui_view_add(v, TUI_A_NORMAL, 2, "%s: %s", _("Ownership"),
		             fb_category_label(app->st, FB_CAT_OWNERSHIP, u.ownership));
	if (u.sector[0])
		tui_view_add(v, TUI_A_NORMAL, 2, "%s: %s", _("Sector"), u.sector);
	if (u.headcount)
		tui_view_add(v, TUI_A_NORMAL, 2, "%s: %lld", _("Headcount"), (long long)u.headcount);
	if (u.address[0])
		tui_view_add(v, TUI_A_NORMAL, 2, "%s: %s", _("Address"), u.address);
	tui_view_add(v, TUI_A_NORMAL, 2, "%s: %s", _("Has a union"),
	             !strcmp(u.has_union, "yes")  ? _("yes")
	             : !strcmp(u.has_union, "no") ? _("no")
	                                          : _("not known"));
	if (u.contact_person[0])
		tui_view_add(v, TUI_A_NORMAL, 2, "%s: %s %s", _("Contact person"), u.contact_person,
		             u.contact_phone);
	if (u.note[0])
		tui_view_add(v, TUI_A_NORMAL, 2, "%s: %s", _("Note"), u.note);
	fb_unit_free(&u);
	return 0;
}

static int ledger_act(void *ctx, int action, const void *row)
{
	ledger_ctx *lc = ctx;
	if (action == U_COVERAGE) {
		tui_coverage(lc->app);
		return TUI_LIST_STAY;
	}
	if (action == U_OPEN && row) {
		int64_t id = ((const fb_unit_row *)row)->id;
		tui_view_screen(lc->app, _("Unit"), view_keys, 2, unit_fill, NULL, &id);
	}
	return TUI_LIST_STAY;
}

static void ledger_set_text(void *ctx, const char *text)
{
	ledger_ctx *lc = ctx;
	snprintf(lc->text, sizeof lc->text, "%s", text ? text : "");
}

static const char *ledger_empty(void *ctx)
{
	ledger_ctx *lc = ctx;
	return lc->text[0] ? _("No unit's name holds that.")
	                   : _("No unit in the ledger yet: add them with 'fieldbook unit add'.");
}

void tui_ledger(tui_app *app)
{
	ledger_ctx lc = {.app = app};
	lc.f.group_id = app->group_id;
	const tui_list_screen ls = {.title = _("Ledger: units met"),
	                            .list = &ledger_ops,
	                            .page = 100,
	                            .keys = ledger_keys,
	                            .nkeys = N_LEDGER_KEYS,
	                            .empty = ledger_empty,
	                            .set_text = ledger_set_text,
	                            .act = ledger_act};
	tui_list_screen_run(app, &ls, &lc);
}
