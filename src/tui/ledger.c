/* ledger.c - the contact ledger screens: my group's units (a provider over
 * fb_unit_page for the list engine; `/` offers the units whose name holds
 * what is typed, the likeliest first, through fb_unit_match), a unit's
 * details, and the coverage of my group and of me with where to go next. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "fields.h"
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

enum { U_OPEN = 1, U_COVERAGE, U_ADD, U_EDIT, U_WORKER, U_SHEET };

static const tui_keydef ledger_keys[] = {
	{{TUI_ENTER, 0, 0}, U_OPEN, "Enter", N_("open"), 1},
	{{'c', 0, 0}, U_COVERAGE, "c", N_("coverage and where to go next"), 1},
	{{'a', 0, 0}, U_ADD, "a", N_("add a unit"), 1},
	{{'e', 0, 0}, U_EDIT, "e", N_("edit the unit"), 1},
	{{'w', 0, 0}, U_WORKER, "w", N_("a worker met here"), 1},
	{{'s', 0, 0}, U_SHEET, "s", N_("contact record sheet"), 1},
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

/* ---- forms: the core validates, decides who may and seals; the form
 * shows what it refuses next to the field. */

/* The core refused a save because the record is already in the ledger
 * (FB_EINVAL naming the field, *other the record): ask before a second
 * one. 1 to save it as a different one. */
static int ask_second(tui_app *app, const fb_error *err, int64_t other)
{
	char q[600], m[400];
	if (!other)
		return 0;
	snprintf(q, sizeof q, "%s\n%s", fb_error_format(err, m, sizeof m),
	         _("Save it as a different one all the same?"));
	return tui_confirm(app, q);
}

static int unit_save(tui_app *app, tui_form *fm, void *ctx)
{
	int64_t *id = ctx, other = 0;
	fb_error err;
	int rc = -1;
	if (tui_form_check_required(fm, _("This field is required.")))
		return -1;
	fb_unit u = {0};
	char *kind = tui_form_get(fm, "kind"), *ek = tui_form_get(fm, "enterprise_kinds");
	char *own = tui_form_get(fm, "ownership"), *hu = tui_form_get(fm, "has_union");
	char *hc = tui_form_get(fm, "headcount");
	u.id = *id;
	u.group_id = app->group_id;
	if (*id) { /* keep what the form does not show */
		fb_unit old;
		if (fb_unit_get(app->st, *id, &old, &err) != FB_OK) {
			tui_form_fail(fm, &err);
			goto done;
		}
		memcpy(u.uuid, old.uuid, sizeof u.uuid);
		u.group_id = old.group_id;
		fb_unit_free(&old);
	}
	snprintf(u.kind, sizeof u.kind, "%s", kind);
	snprintf(u.ownership, sizeof u.ownership, "%s", own);
	snprintf(u.has_union, sizeof u.has_union, "%s", hu);
	u.name = tui_form_get(fm, "name");
	u.sector = tui_form_get(fm, "sector");
	u.address = tui_form_get(fm, "address");
	u.contact_person = tui_form_get(fm, "contact_person");
	u.contact_phone = tui_form_get(fm, "contact_phone");
	u.note = tui_form_get(fm, "note");
	u.headcount = atoll(hc);
	if (fb_category_mask_parse(app->st, FB_CAT_ENTERPRISE, ek, &u.enterprise_kinds,
	                           "enterprise_kinds", &err) != FB_OK) {
		tui_form_fail(fm, &err);
		goto out;
	}
	fb_status st = fb_unit_save(app->st, &u, 0, &other, &err);
	if (st == FB_EINVAL && other && other != *id) {
		if (!ask_second(app, &err, other)) {
			tui_form_fail(fm, &err);
			goto out;
		}
		st = fb_unit_save(app->st, &u, 1, NULL, &err);
	}
	if (st != FB_OK) {
		tui_form_fail(fm, &err);
		goto out;
	}
	tui_say(app, 0, *id ? _("Unit %s saved.") : _("Unit %s added to the ledger."), u.name);
	*id = u.id;
	rc = 0;
out:
	free(u.name), free(u.sector), free(u.address), free(u.contact_person);
	free(u.contact_phone), free(u.note);
done:
	free(kind), free(ek), free(own), free(hu), free(hc);
	return rc;
}

/* a: a new unit (id 0), e: the unit id. 1 if saved. */
static int unit_form(tui_app *app, int64_t id)
{
	tui_form fm;
	char num[24];
	tui_form_init(&fm, id ? _("Edit unit") : _("New unit"));
	tui_form_add(&fm, "name", _("Unit name"), TUI_F_TEXT, 1, 100);
	tui_choices_category(app, tui_form_add(&fm, "kind", _("Kind"), TUI_F_CHOICE, 1, 0),
	                     FB_CAT_CONTACT, NULL);
	tui_choices_category(
		app,
		tui_form_add(&fm, "enterprise_kinds", _("Kinds of enterprise"), TUI_F_MULTI, 0, 0),
		FB_CAT_ENTERPRISE, NULL);
	tui_choices_category(app, tui_form_add(&fm, "ownership", _("Ownership"), TUI_F_CHOICE, 0, 0),
	                     FB_CAT_OWNERSHIP, _("not known"));
	tui_form_add(&fm, "sector", _("Sector"), TUI_F_TEXT, 0, 100);
	tui_form_add(&fm, "headcount", _("Headcount"), TUI_F_NUMBER, 0, 7)->num_max = 9999999;
	tui_form_add(&fm, "address", _("Address"), TUI_F_TEXT, 0, 200);
	tui_field *hu = tui_form_add(&fm, "has_union", _("Has a union"), TUI_F_CHOICE, 0, 0);
	tui_form_choice(hu, "unknown", _("not known"));
	tui_form_choice(hu, "yes", _("yes"));
	tui_form_choice(hu, "no", _("no"));
	tui_form_add(&fm, "contact_person", _("Contact person"), TUI_F_TEXT, 0, 50);
	tui_form_add(&fm, "contact_phone", _("Contact phone"), TUI_F_TEXT, 0, 30);
	tui_form_add(&fm, "note", _("Note"), TUI_F_AREA, 0, 2000)->rows = 2;
	tui_form_set(&fm, "kind", "enterprise");
	tui_form_set(&fm, "has_union", "unknown");
	if (id) {
		fb_unit u;
		fb_error err;
		if (fb_unit_get(app->st, id, &u, &err) != FB_OK) {
			tui_say(app, 1, "%s", err.msg);
			tui_form_free(&fm);
			return 0;
		}
		tui_form_set(&fm, "name", u.name);
		tui_form_set(&fm, "kind", u.kind);
		char kinds[512];
		fb_category_mask_format(app->st, FB_CAT_ENTERPRISE, u.enterprise_kinds, 0, kinds,
		                        sizeof kinds);
		tui_form_set(&fm, "enterprise_kinds", kinds);
		tui_form_set(&fm, "ownership", u.ownership);
		tui_form_set(&fm, "sector", u.sector ? u.sector : "");
		if (u.headcount) {
			snprintf(num, sizeof num, "%lld", (long long)u.headcount);
			tui_form_set(&fm, "headcount", num);
		}
		tui_form_set(&fm, "address", u.address ? u.address : "");
		tui_form_set(&fm, "has_union", u.has_union);
		tui_form_set(&fm, "contact_person", u.contact_person ? u.contact_person : "");
		tui_form_set(&fm, "contact_phone", u.contact_phone ? u.contact_phone : "");
		tui_form_set(&fm, "note", u.note ? u.note : "");
		fb_unit_free(&u);
	}
	int saved = tui_form_run(app, &fm, NULL, id, unit_save, &id);
	tui_form_free(&fm);
	return saved;
}

static int worker_save(tui_app *app, tui_form *fm, void *ctx)
{
	int64_t unit = *(int64_t *)ctx, other = 0;
	fb_error err;
	int rc = -1;
	if (tui_form_check_required(fm, _("This field is required.")))
		return -1;
	fb_worker w = {0};
	char *wk = tui_form_get(fm, "worker_kinds");
	w.group_id = app->group_id;
	w.unit_id = unit;
	w.name = tui_form_get(fm, "name");
	w.phone = tui_form_get(fm, "phone");
	w.id_number = tui_form_get(fm, "id_number");
	w.raised = tui_form_get(fm, "raised");
	if (fb_category_mask_parse(app->st, FB_CAT_WORKER, wk, &w.worker_kinds, "worker_kinds",
	                           &err) != FB_OK) {
		tui_form_fail(fm, &err);
		goto out;
	}
	fb_status st = fb_worker_save(app->st, &w, 0, &other, &err);
	if (st == FB_EINVAL && other) {
		if (!ask_second(app, &err, other)) {
			tui_form_fail(fm, &err);
			goto out;
		}
		st = fb_worker_save(app->st, &w, 1, NULL, &err);
	}
	if (st != FB_OK) {
		tui_form_fail(fm, &err);
		goto out;
	}
	tui_say(app, 0, _("Worker %s added to the ledger."), w.name);
	rc = 0;
out:
	free(w.name), free(w.phone), free(w.id_number), free(w.raised), free(wk);
	return rc;
}

/* w: a worker met at unit. */
static int worker_form(tui_app *app, int64_t unit)
{
	tui_form fm;
	tui_form_init(&fm, _("Worker met"));
	tui_form_add(&fm, "name", _("Name"), TUI_F_TEXT, 1, 50);
	tui_form_add(&fm, "phone", _("Phone"), TUI_F_TEXT, 0, 30);
	tui_form_add(&fm, "id_number", _("ID number"), TUI_F_TEXT, 0, 18);
	tui_choices_category(
		app, tui_form_add(&fm, "worker_kinds", _("Kinds of workers"), TUI_F_MULTI, 0, 0),
		FB_CAT_WORKER, NULL);
	tui_form_add(&fm, "raised", _("What they raised"), TUI_F_AREA, 0, 2000)->rows = 3;
	int saved = tui_form_run(app, &fm, NULL, 0, worker_save, &unit);
	tui_form_free(&fm);
	return saved;
}

static int sheet_save(tui_app *app, tui_form *fm, void *ctx)
{
	int64_t unit = *(int64_t *)ctx;
	fb_error err;
	char date[11];
	int bad = tui_form_check_required(fm, _("This field is required."));
	bad += !tui_form_date(fm, "date", date);
	if (bad)
		return -1;
	fb_sheet s = {0};
	char *mode = tui_form_get(fm, "mode"), *beyond = tui_form_get(fm, "beyond");
	s.unit_id = unit;
	s.author_id = app->me;
	snprintf(s.date, sizeof s.date, "%s", date);
	snprintf(s.mode, sizeof s.mode, "%s", mode);
	s.beyond = !strcmp(beyond, "yes");
	s.met_with = tui_form_get(fm, "met_with");
	s.content = tui_form_get(fm, "content");
	s.opinions = tui_form_get(fm, "opinions");
	s.problem = tui_form_get(fm, "problem");
	s.handed_to = tui_form_get(fm, "handed_to");
	s.feedback = tui_form_get(fm, "feedback");
	fb_status st = fb_sheet_save(app->st, &s, &err);
	if (st != FB_OK)
		tui_form_fail(fm, &err);
	else
		tui_say(app, 0, _("Contact record sheet of %s written."), date);
	free(mode), free(beyond), free(s.met_with), free(s.content), free(s.opinions);
	free(s.problem), free(s.handed_to), free(s.feedback);
	return st == FB_OK ? 0 : -1;
}

/* s: a contact record sheet (联系基层工会记录单) for unit. */
static int sheet_form(tui_app *app, int64_t unit)
{
	tui_form fm;
	tui_form_init(&fm, _("Contact record sheet"));
	tui_form_add(&fm, "date", _("Date"), TUI_F_DATE, 1, 10);
	tui_choices_category(app, tui_form_add(&fm, "mode", _("How"), TUI_F_CHOICE, 0, 0),
	                     FB_CAT_MODE, NULL);
	tui_form_add(&fm, "met_with", _("Received by"), TUI_F_TEXT, 0, 100);
	tui_form_add(&fm, "content", _("Contact content"), TUI_F_AREA, 1, 4000)->rows = 3;
	tui_form_add(&fm, "opinions", _("Opinions and suggestions"), TUI_F_AREA, 0, 4000)->rows = 2;
	tui_form_add(&fm, "problem", _("Problems"), TUI_F_AREA, 0, 4000)->rows = 2;
	tui_field *b = tui_form_add(&fm, "beyond", _("Beyond my authority"), TUI_F_CHOICE, 0, 0);
	tui_form_choice(b, "no", _("no"));
	tui_form_choice(b, "yes", _("yes: handed over"));
	tui_form_add(&fm, "handed_to", _("Handed over to"), TUI_F_TEXT, 0, 100);
	tui_form_add(&fm, "feedback", _("Feedback"), TUI_F_AREA, 0, 4000)->rows = 2;
	tui_form_set(&fm, "date", app->today);
	tui_form_set(&fm, "mode", "on_site");
	tui_form_set(&fm, "beyond", "no");
	int saved = tui_form_run(app, &fm, NULL, 0, sheet_save, &unit);
	tui_form_free(&fm);
	return saved;
}

/* Keys offered only to people the core lets write. */
static int ledger_allowed(void *ctx, int action, const void *row, fb_error *why)
{
	ledger_ctx *lc = ctx;
	fb_perm_on on = {.group_id = lc->app->group_id, .owner = lc->app->me};
	switch (action) {
	case U_ADD: return fb_perm_check(lc->app->st, FB_ACT_LEDGER_WRITE, &on, why) == FB_OK;
	case U_WORKER:
		return row && fb_perm_check(lc->app->st, FB_ACT_LEDGER_WRITE, &on, why) == FB_OK;
	case U_EDIT:
		return row && fb_perm_check_row(lc->app->st, FB_ACT_LEDGER_WRITE, "units",
		                                ((const fb_unit_row *)row)->id, why) == FB_OK;
	case U_SHEET:
		return row && lc->app->me &&
		       fb_perm_check(lc->app->st, FB_ACT_SHEET_WRITE, &on, why) == FB_OK;
	}
	return 1;
}

static int ledger_act(void *ctx, int action, const void *row)
{
	ledger_ctx *lc = ctx;
	int64_t id = row ? ((const fb_unit_row *)row)->id : 0;
	switch (action) {
	case U_ADD: return unit_form(lc->app, 0) ? TUI_LIST_FIRST : TUI_LIST_STAY;
	case U_EDIT: return id && unit_form(lc->app, id) ? TUI_LIST_RELOAD : TUI_LIST_STAY;
	case U_WORKER: return id && worker_form(lc->app, id) ? TUI_LIST_RELOAD : TUI_LIST_STAY;
	case U_SHEET: return id && sheet_form(lc->app, id) ? TUI_LIST_RELOAD : TUI_LIST_STAY;
	}
	if (action == U_COVERAGE) {
		tui_coverage(lc->app);
		return TUI_LIST_STAY;
	}
	if (action == U_OPEN && row) {
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
	                   : _("No unit in the ledger yet: add one with a.");
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
	                            .act = ledger_act,
	                            .allowed = ledger_allowed};
	tui_list_screen_run(app, &ls, &lc);
}
