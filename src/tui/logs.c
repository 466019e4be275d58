/* logs.c - daily logs: the list (a provider over fb_log_page for the generic
 * list widget, with filters and incremental search), the detail view and
 * the form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "list.h"
#include "screen.h"
#include "view.h"

typedef struct logs_ctx {
	tui_app *app;
	fb_log_filter f;
	char from[11], to[11];
	char activity[32];
	char text[256];
} logs_ctx;

static int logs_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                      char *err, size_t errsize)
{
	logs_ctx *lc = ctx;
	fb_error e;
	int n = fb_log_page(lc->app->st, &lc->f, dir, from, rows, max, &e);
	if (n < 0)
		fb_error_format(&e, err, errsize);
	return n;
}

static void logs_cursor(void *ctx, const void *row, fb_cursor *c)
{
	logs_ctx *lc = ctx;
	fb_log_row_cursor(row, &lc->f, c);
}

static void logs_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	logs_ctx *lc = ctx;
	const fb_log_row *r = row;
	switch (col) {
	case 0: snprintf(out, size, "%s", r->date); break;
	case 1: snprintf(out, size, "%s", r->author); break;
	case 2:
		snprintf(out, size, "%s",
		         fb_category_label(lc->app->st, FB_CAT_ACTIVITY, r->activity));
		break;
	case 3: snprintf(out, size, "%s", r->unit); break;
	case 4: snprintf(out, size, "%d", r->workers); break;
	case 5: snprintf(out, size, "%s", r->excerpt); *attr = TUI_A_DIM; break;
	}
}

enum { L_OPEN = 1, L_NEW, L_EDIT, L_DELETE, L_SEARCH, L_FILTER, L_MINE, L_ORDER };

static const tui_keydef logs_keys[] = {
	{{TUI_ENTER, 0, 0}, L_OPEN, "Enter", N_("open"), 1},
	{{'n', 0, 0}, L_NEW, "n", N_("new"), 1},
	{{'e', 0, 0}, L_EDIT, "e", N_("edit"), 1},
	{{'/', 0, 0}, L_SEARCH, "/", N_("search"), 1},
	{{'f', 0, 0}, L_FILTER, "f", N_("filter"), 1},
	{{'M', 0, 0}, L_MINE, "M", N_("only mine / everyone's"), 0},
	{{'o', 0, 0}, L_ORDER, "o", N_("oldest / newest first"), 0},
	{{'D', 0, 0}, L_DELETE, "D", N_("delete"), 0},
	{{0, 0, 0}, 0, "Up/Down j/k", N_("move"), 0},
	{{0, 0, 0}, 0, "PgUp/PgDn", N_("page"), 0},
	{{0, 0, 0}, 0, "Home/End g/G", N_("first/last row"), 0},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};
#define N_LOGS_KEYS (int)(sizeof logs_keys / sizeof logs_keys[0])

/* The filter form: date range, author, activity. */
static void logs_filter(tui_app *app, logs_ctx *lc)
{
	tui_form fm;
	fb_category acts[32];
	int na = fb_category_list(app->st, FB_CAT_ACTIVITY, acts, 32);
	tui_form_init(&fm, _("Filter daily logs"));
	tui_form_add(&fm, "from", _("From date"), TUI_F_DATE, 0, 10);
	tui_form_add(&fm, "to", _("To date"), TUI_F_DATE, 0, 10);
	tui_field *fa = tui_form_add(&fm, "activity", _("Activity"), TUI_F_CHOICE, 0, 0);
	tui_form_choice(fa, "", _("any"));
	for (int i = 0; i < na; i++)
		tui_form_choice(fa, acts[i].code,
		                fb_lang_is_zh() ? acts[i].label_zh : acts[i].label_en);
	tui_field *fw = tui_form_add(&fm, "author", _("Author"), TUI_F_CHOICE, 0, 0);
	char author[24];
	tui_form_choice(fw, "0", _("anyone"));
	tui_screen_people_choices(app, fw);
	tui_form_set(&fm, "from", lc->from);
	tui_form_set(&fm, "to", lc->to);
	tui_form_set(&fm, "activity", lc->activity);
	snprintf(author, sizeof author, "%lld", (long long)lc->f.author_id);
	tui_form_set(&fm, "author", author);
	if (tui_screen_filter(app, &fm)) {
		char *from = tui_form_get(&fm, "from"), *to = tui_form_get(&fm, "to");
		char *act = tui_form_get(&fm, "activity"), *who = tui_form_get(&fm, "author");
		tui_screen_date(from, lc->from);
		tui_screen_date(to, lc->to);
		snprintf(lc->activity, sizeof lc->activity, "%s", act);
		lc->f.date_from = lc->from[0] ? lc->from : NULL;
		lc->f.date_to = lc->to[0] ? lc->to : NULL;
		lc->f.activity = lc->activity[0] ? lc->activity : NULL;
		lc->f.author_id = strtoll(who, NULL, 10);
		free(from), free(to), free(act), free(who);
	}
	tui_form_free(&fm);
}

static const tui_column logs_columns[] = {
	{N_("Date"), 10, 0}, {N_("Author"), 8, 0}, {N_("Activity"), 12, 0},
	{N_("Unit"), 22, 0}, {N_("Workers"), 5, 1}, {N_("Content"), 0, 0},
};
static const tui_list_ops logs_ops = {
	sizeof(fb_log_row), logs_fetch, logs_cursor, logs_cell, logs_columns, 6,
};

void tui_logs(tui_app *app)
{
	logs_ctx lc = {.app = app};
	tui_list l;
	tui_search s;
	tui_list_init(&l, &logs_ops, &lc, 100);
	if (tui_list_first(&l) < 0)
		tui_say(app, 1, "%s", l.error);
	tui_search_init(&s);
	while (!app->quit) {
		char title[320];
		int changed;
		snprintf(title, sizeof title, "%s%s%s", _("Daily logs"), lc.text[0] ? " · /" : "",
		         lc.text);
		int filtered = lc.text[0] || lc.f.date_from || lc.f.date_to || lc.f.activity ||
		               lc.f.author_id;
		const char *empty = filtered ? _("No daily log matches.") :
		                               _("No daily logs yet: press n to write one.");
		int key = tui_list_screen_step(app, &l, &s, title, logs_keys, N_LOGS_KEYS, empty,
		                               &changed);
		if (changed) {
			snprintf(lc.text, sizeof lc.text, "%s", s.text);
			lc.f.text = lc.text[0] ? lc.text : NULL;
			if (tui_list_first(&l) < 0)
				tui_say(app, 1, "%s", l.error);
		}
		if (key == TUI_KEY_QUIT)
			break;
		const fb_log_row *row = tui_list_selected(&l);
		switch (tui_keys_action(logs_keys, N_LOGS_KEYS, key)) {
		case L_OPEN:
			if (row)
				tui_log_detail(app, row->id);
			tui_list_reload(&l);
			break;
		case L_NEW:
			if (tui_log_form(app, 0, NULL))
				tui_list_first(&l);
			break;
		case L_EDIT:
			if (row && tui_log_form(app, row->id, NULL))
				tui_list_reload(&l);
			break;
		case L_DELETE:
			if (row && tui_confirm(app, _("Delete this daily log?"))) {
				fb_error err;
				if (fb_log_delete(app->st, row->id, &err) != FB_OK)
					tui_say(app, 1, "%s", err.msg);
				else
					tui_say(app, 0, "%s", _("Daily log deleted."));
				tui_list_reload(&l);
			}
			break;
		case L_SEARCH:
			tui_search_start(&s, lc.text);
			break;
		case L_FILTER:
			logs_filter(app, &lc);
			tui_list_first(&l);
			break;
		case L_MINE:
			lc.f.author_id = lc.f.author_id ? 0 : app->me;
			tui_list_first(&l);
			break;
		case L_ORDER:
			lc.f.ascending = !lc.f.ascending;
			tui_list_first(&l);
			break;
		case TUI_ACT_HELP:
			tui_help(app, _("Daily logs"), logs_keys, N_LOGS_KEYS);
			break;
		case TUI_ACT_BACK:
			tui_list_free(&l);
			tui_search_free(&s);
			return;
		}
	}
	tui_list_free(&l);
	tui_search_free(&s);
}

/* ---- detail ---- */

enum { D_EDIT = 1 };
static const tui_keydef detail_keys[] = {
	{{'e', 0, 0}, D_EDIT, "e", N_("edit"), 1},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};

/* The whole log as labelled paragraphs. */
static int detail_fill(tui_app *app, tui_view *v, void *ctx)
{
	int64_t id = *(int64_t *)ctx;
	fb_log g = {0};
	fb_error err;
	char kinds[512];
	if (fb_log_get(app->st, id, 0, &g, &err) != FB_OK) {
		tui_say(app, 1, "%s", err.msg);
		return -1;
	}
	tui_view_add(v, TUI_A_LABEL, 0, "%s %s · %s · %s", g.date, tui_weekday(g.date),
	             g.author_name ? g.author_name : "",
	             fb_category_label(app->st, FB_CAT_ACTIVITY, g.activity));
	tui_view_field(v, _("Unit visited"), g.unit);
	tui_view_add(v, TUI_A_NORMAL, 2, _("Enterprises %d · workers %d · households %d"),
	             g.enterprises, g.workers, g.households);
	fb_category_mask_format(app->st, FB_CAT_ENTERPRISE, g.enterprise_kinds, 1, kinds,
	                        sizeof kinds);
	if (kinds[0])
		tui_view_field(v, _("Kinds of enterprise"), kinds);
	fb_category_mask_format(app->st, FB_CAT_WORKER, g.worker_kinds, 1, kinds, sizeof kinds);
	if (kinds[0])
		tui_view_field(v, _("Workers visited"), kinds);
	tui_view_field(v, _("What was done and learned"), g.content);
	tui_view_field(v, _("Problems found"), g.findings);
	tui_view_field(v, _("What was done about them"), g.actions);
	tui_view_field(v, _("Next step"), g.next_step);
	fb_log_free(&g);
	return 0;
}

static int detail_act(tui_app *app, int action, void *ctx)
{
	(void)action;
	return tui_log_form(app, *(int64_t *)ctx, NULL) ? 2 : 0;
}

void tui_log_detail(tui_app *app, int64_t id)
{
	tui_view_screen(app, _("Daily log"), detail_keys, 3, detail_fill, detail_act, &id);
}

/* ---- form ---- */

static int save_log(tui_app *app, tui_form *fm, void *ctx)
{
	int64_t id = *(int64_t *)ctx;
	fb_error err;
	fb_log g = {0};
	char date[11];
	int rc = -1;
	if (tui_form_check_required(fm, _("This field is required.")) > 0)
		return -1;
	char *d = tui_form_get(fm, "date"), *unit = tui_form_get(fm, "unit");
	char *act = tui_form_get(fm, "activity"), *content = tui_form_get(fm, "content");
	char *fi = tui_form_get(fm, "findings"), *ac = tui_form_get(fm, "actions");
	char *ns = tui_form_get(fm, "next_step"), *ek = tui_form_get(fm, "enterprise_kinds");
	char *wk = tui_form_get(fm, "worker_kinds"), *ne = tui_form_get(fm, "enterprises");
	char *nw = tui_form_get(fm, "workers"), *nh = tui_form_get(fm, "households");
	if (!tui_screen_date(d, date)) {
		tui_form_error(fm, "date", _("not a date: write it as 2026-11-22"));
		goto done;
	}
	g.id = id;
	if (!id) /* the uuid its draft names (see tui_form_run) */
		memcpy(g.uuid, app->draft_uuid, sizeof g.uuid);
	g.author_id = app->me;
	g.date = date, g.unit = unit, g.activity = act, g.content = content;
	g.findings = fi, g.actions = ac, g.next_step = ns;
	g.enterprises = atoi(ne), g.workers = atoi(nw), g.households = atoi(nh);
	if (fb_category_mask_parse(app->st, FB_CAT_ENTERPRISE, ek, &g.enterprise_kinds,
	                           "enterprise_kinds", &err) != FB_OK ||
	    fb_category_mask_parse(app->st, FB_CAT_WORKER, wk, &g.worker_kinds, "worker_kinds",
	                           &err) != FB_OK) {
		tui_form_fail(fm, &err);
		goto done;
	}
	if (id) {
		/* keep the original author when someone else corrects a log */
		fb_log old = {0};
		if (fb_log_get(app->st, id, 0, &old, NULL) == FB_OK)
			g.author_id = old.author_id;
		fb_log_free(&old);
	}
	if ((id ? fb_log_update(app->st, &g, &err) : fb_log_insert(app->st, &g, &err)) != FB_OK) {
		tui_form_fail(fm, &err);
		goto done;
	}
	tui_say(app, 0, id ? _("Daily log of %s saved.") : _("Daily log of %s written."), date);
	rc = 0;
done:
	free(d), free(unit), free(act), free(content), free(fi), free(ac), free(ns);
	free(ek), free(wk), free(ne), free(nw), free(nh);
	return rc;
}

/* The kinds of a mask category (8类企业, 八必访) as the options of a field. */
static void add_kinds(tui_app *app, tui_field *f, const char *kind)
{
	fb_category cats[32];
	int n = fb_category_list(app->st, kind, cats, 32);
	for (int i = 0; i < n; i++)
		tui_form_choice(f, cats[i].code,
		                fb_lang_is_zh() ? cats[i].label_zh : cats[i].label_en);
}

int tui_log_form(tui_app *app, int64_t id, const char *draft_text)
{
	tui_form fm;
	fb_category acts[32];
	int na = fb_category_list(app->st, FB_CAT_ACTIVITY, acts, 32);
	char num[3][16], kinds[2][512];
	tui_form_init(&fm, id ? _("Edit daily log") : _("New daily log"));
	tui_form_add(&fm, "date", _("Date"), TUI_F_DATE, 1, 10);
	tui_field *fa = tui_form_add(&fm, "activity", _("Activity"), TUI_F_CHOICE, 1, 0);
	for (int i = 0; i < na; i++)
		tui_form_choice(fa, acts[i].code,
		                fb_lang_is_zh() ? acts[i].label_zh : acts[i].label_en);
	tui_form_add(&fm, "unit", _("Unit visited"), TUI_F_TEXT, 1, 100);
	tui_form_add(&fm, "enterprises", C_("log form: a count", "Enterprises"), TUI_F_NUMBER, 0, 4);
	tui_form_add(&fm, "workers", _("Workers talked to"), TUI_F_NUMBER, 0, 5);
	tui_form_add(&fm, "households", C_("log form: a count", "Households"), TUI_F_NUMBER, 0, 4);
	add_kinds(app, tui_form_add(&fm, "enterprise_kinds", _("Kinds of enterprise"),
	                            TUI_F_MULTI, 0, 0), FB_CAT_ENTERPRISE);
	add_kinds(app, tui_form_add(&fm, "worker_kinds", _("Kinds of workers"), TUI_F_MULTI, 0, 0),
	          FB_CAT_WORKER);
	tui_form_add(&fm, "content", _("Done and learned"), TUI_F_AREA, 1, FB_TEXT_MAX_CHARS)
	        ->rows = 4;
	tui_form_add(&fm, "findings", _("Problems found"), TUI_F_AREA, 0, FB_TEXT_MAX_CHARS)->rows =
	        2;
	tui_form_add(&fm, "actions", _("Done about them"), TUI_F_AREA, 0, FB_TEXT_MAX_CHARS)->rows =
	        2;
	tui_form_add(&fm, "next_step", _("Next step"), TUI_F_AREA, 0, FB_TEXT_MAX_CHARS)->rows = 2;
	if (id) {
		fb_log g = {0};
		fb_error err;
		if (fb_log_get(app->st, id, 0, &g, &err) != FB_OK) {
			tui_say(app, 1, "%s", err.msg);
			if (!draft_text) {
				tui_form_free(&fm);
				return 0;
			}
			/* a draft of a record deleted meanwhile: save it as a new one */
			id = 0;
			goto restore;
		}
		tui_form_set(&fm, "date", g.date);
		tui_form_set(&fm, "activity", g.activity);
		tui_form_set(&fm, "unit", g.unit);
		snprintf(num[0], 16, "%d", g.enterprises);
		snprintf(num[1], 16, "%d", g.workers);
		snprintf(num[2], 16, "%d", g.households);
		tui_form_set(&fm, "enterprises", num[0]);
		tui_form_set(&fm, "workers", num[1]);
		tui_form_set(&fm, "households", num[2]);
		fb_category_mask_format(app->st, FB_CAT_ENTERPRISE, g.enterprise_kinds, 1, kinds[0],
		                        512);
		fb_category_mask_format(app->st, FB_CAT_WORKER, g.worker_kinds, 1, kinds[1], 512);
		tui_form_set(&fm, "enterprise_kinds", kinds[0]);
		tui_form_set(&fm, "worker_kinds", kinds[1]);
		tui_form_set(&fm, "content", g.content);
		tui_form_set(&fm, "findings", g.findings);
		tui_form_set(&fm, "actions", g.actions);
		tui_form_set(&fm, "next_step", g.next_step);
		fb_log_free(&g);
	} else {
		tui_form_set(&fm, "date", app->today);
		tui_form_set(&fm, "activity", "enterprise_visit");
		tui_form_set(&fm, "enterprises", "0");
		tui_form_set(&fm, "workers", "0");
		tui_form_set(&fm, "households", "0");
		fm.focus = 2; /* the date and kind are usually right: start at the unit */
	}
restore:
	if (draft_text)
		tui_form_deserialize(&fm, draft_text);
	int saved = tui_form_run(app, &fm, "log", id, save_log, &id);
	tui_form_free(&fm);
	return saved;
}
