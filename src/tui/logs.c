/* logs.c - daily logs: the list (a provider over fb_log_page for the generic
 * list widget, with filters and incremental search), the detail view and
 * the form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "fields.h"
#include "offer.h"
#include "runner.h"
#include "screens.h"

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

/* The keyset cursor of a row (for the next page). */
static void logs_cursor(void *ctx, const void *row, fb_cursor *c)
{
	logs_ctx *lc = ctx;
	fb_log_row_cursor(row, &lc->f, c);
}

/* The text of a column of a row (the list engine makes it safe). */
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
	case 4: snprintf(out, size, "%lld", (long long)r->workers); break;
	case 5:
		snprintf(out, size, "%s", r->excerpt);
		*attr = TUI_A_DIM;
		break;
	}
}

enum { L_OPEN = 1, L_NEW, L_EDIT, L_DELETE, L_FILTER, L_MINE, L_ORDER };

static const tui_keydef logs_keys[] = {
	{{TUI_ENTER, 0, 0}, L_OPEN, "Enter", N_("open"), 1},
	{{'n', 0, 0}, L_NEW, "n", N_("new"), 1},
	{{'e', 0, 0}, L_EDIT, "e", N_("edit"), 1},
	TUI_KEYDEF_SEARCH,
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
	tui_form_init(&fm, _("Filter daily logs"));
	tui_form_add(&fm, "from", _("From date"), TUI_F_DATE, 0, 10);
	tui_form_add(&fm, "to", _("To date"), TUI_F_DATE, 0, 10);
	tui_choices_category(app, tui_form_add(&fm, "activity", _("Activity"), TUI_F_CHOICE, 0, 0),
	                     FB_CAT_ACTIVITY, _("any"));
	tui_field *fw = tui_form_add(&fm, "author", _("Author"), TUI_F_CHOICE, 0, 0);
	char author[24];
	tui_form_choice(fw, "0", _("anyone"));
	tui_choices_people(app, fw);
	tui_form_set(&fm, "from", lc->from);
	tui_form_set(&fm, "to", lc->to);
	tui_form_set(&fm, "activity", lc->activity);
	snprintf(author, sizeof author, "%lld", (long long)lc->f.author_id);
	tui_form_set(&fm, "author", author);
	if (tui_filter_form(app, &fm)) {
		char *act = tui_form_get(&fm, "activity"), *who = tui_form_get(&fm, "author");
		tui_form_date(&fm, "from", lc->from);
		tui_form_date(&fm, "to", lc->to);
		snprintf(lc->activity, sizeof lc->activity, "%s", act);
		lc->f.date_from = lc->from[0] ? lc->from : NULL;
		lc->f.date_to = lc->to[0] ? lc->to : NULL;
		lc->f.activity = lc->activity[0] ? lc->activity : NULL;
		lc->f.author_id = strtoll(who, NULL, 10);
		free(act), free(who);
	}
	tui_form_free(&fm);
}

static const tui_column logs_columns[] = {
	{N_("Date"), 10, 0}, {N_("Author"), 8, 0},  {N_("Activity"), 12, 0},
	{N_("Unit"), 22, 0}, {N_("Workers"), 5, 1}, {N_("Content"), 0, 0},
};
static const tui_list_ops logs_ops = {
	sizeof(fb_log_row), logs_fetch, logs_cursor, logs_cell, logs_columns, 6,
};

/* What the empty list says: nothing matches, or nothing written yet. */
static const char *logs_empty(void *ctx)
{
	logs_ctx *lc = ctx;
	int filtered = lc->text[0] || lc->f.date_from || lc->f.date_to || lc->f.activity ||
	               lc->f.author_id;
	return filtered ? _("No daily log matches.") : _("No daily logs yet: press n to write one.");
}

/* The search line's text as the filter of the full-text search. */
static void logs_set_text(void *ctx, const char *text)
{
	logs_ctx *lc = ctx;
	snprintf(lc->text, sizeof lc->text, "%s", text);
	lc->f.text = lc->text[0] ? lc->text : NULL;
}

static void log_detail(tui_app *app, int64_t id);

/* The list's own actions on the selected row (see logs_keys). */
static int logs_act(void *ctx, int action, const void *selected)
{
	logs_ctx *lc = ctx;
	tui_app *app = lc->app;
	const fb_log_row *row = selected;
	switch (action) {
	case L_OPEN:
		if (row)
			log_detail(app, row->id);
		return TUI_LIST_RELOAD;
	case L_NEW: return tui_log_form(app, 0, NULL) ? TUI_LIST_FIRST : TUI_LIST_STAY;
	case L_EDIT:
		return row && tui_log_form(app, row->id, NULL) ? TUI_LIST_RELOAD : TUI_LIST_STAY;
	case L_DELETE:
		if (!row || !tui_confirm(app, _("Delete this daily log?")))
			return TUI_LIST_STAY;
		fb_error err;
		if (fb_log_delete(app->st, row->id, &err) != FB_OK)
			tui_say(app, 1, "%s", err.msg);
		else
			tui_say(app, 0, "%s", _("Daily log deleted."));
		return TUI_LIST_RELOAD;
	case L_FILTER: logs_filter(app, lc); return TUI_LIST_FIRST;
	case L_MINE: lc->f.author_id = lc->f.author_id ? 0 : app->me; return TUI_LIST_FIRST;
	case L_ORDER: lc->f.ascending = !lc->f.ascending; return TUI_LIST_FIRST;
	}
	return TUI_LIST_STAY;
}

/* n, e and D only for whom the core lets write that log (a member: their
 * own; a leader: the group's). */
static int logs_allowed(void *ctx, int action, const void *selected, fb_error *why)
{
	logs_ctx *lc = ctx;
	const fb_log_row *row = selected;
	if (action == L_NEW) {
		fb_perm_on mine = {.group_id = lc->app->group_id, .owner = lc->app->me};
		return fb_perm_check(lc->app->st, FB_ACT_LOG_WRITE, &mine, why) == FB_OK;
	}
	if ((action != L_EDIT && action != L_DELETE) || !row)
		return 1;
	return fb_perm_check_row(lc->app->st, FB_ACT_LOG_WRITE, "logs", row->id, why) == FB_OK;
}

void tui_logs(tui_app *app)
{
	logs_ctx lc = {.app = app};
	const tui_list_screen ls = {
		.title = _("Daily logs"),
		.list = &logs_ops,
		.page = 100,
		.keys = logs_keys,
		.nkeys = N_LOGS_KEYS,
		.empty = logs_empty,
		.set_text = logs_set_text,
		.act = logs_act,
		.allowed = logs_allowed,
	};
	tui_list_screen_run(app, &ls, &lc);
}

/* ---- detail ---- */

enum { D_EDIT = 1, D_HISTORY };
static const tui_keydef detail_keys[] = {
	{{'e', 0, 0}, D_EDIT, "e", N_("edit"), 1},
	{{'H', 0, 0}, D_HISTORY, "H", N_("history of changes"), 1},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};

typedef struct log_view {
	tui_app *app;
	int64_t id;
} log_view;

/* The whole log as labelled paragraphs. */
static int detail_fill(tui_app *app, tui_view *v, void *ctx)
{
	int64_t id = ((log_view *)ctx)->id;
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
	tui_conflict_note(app, v, g.uuid);
	tui_view_field(v, _("Unit visited"), g.unit);
	tui_view_add(v, TUI_A_NORMAL, 2, _("Enterprises %lld · workers %lld · households %lld"),
	             (long long)g.enterprises, (long long)g.workers, (long long)g.households);
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

/* e on a log's details: the form; the details again after a save. H: its
 * history. */
static int detail_act(tui_app *app, int action, void *ctx)
{
	int64_t id = ((log_view *)ctx)->id;
	if (action == D_HISTORY) {
		fb_log g = {0};
		fb_error err;
		if (fb_log_get(app->st, id, 0, &g, &err) != FB_OK) {
			tui_say(app, 1, "%s", err.msg);
			return 0;
		}
		tui_history(app, _("History of the daily log"), "logs", g.uuid);
		fb_log_free(&g);
		return 2;
	}
	return tui_log_form(app, id, NULL) ? 2 : 0;
}

/* A log's details as labelled paragraphs. */
/* e only for whom the core lets change this log. */
static int detail_allowed(void *ctx, int action, const void *row, fb_error *why)
{
	log_view *lv = ctx;
	(void)row;
	return action != D_EDIT ||
	       fb_perm_check_row(lv->app->st, FB_ACT_LOG_WRITE, "logs", lv->id, why) == FB_OK;
}

/* A log's details as labelled paragraphs. */
static void log_detail(tui_app *app, int64_t id)
{
	log_view lv = {app, id};
	tui_view_screen_checked(app, _("Daily log"), detail_keys,
	                        (int)(sizeof detail_keys / sizeof detail_keys[0]), detail_allowed,
	                        detail_fill, detail_act, &lv);
}

/* ---- form ---- */

#define LOG_WARNINGS 4 /* more kinds than fb_log_warnings has */

/* Before a save: a log dated outside the stay or repeating another is
 * saved only when the writer says so (the warnings in one question); 1 to
 * save. A "no" leaves the form open, saying it was not saved. */
static int warnings_accepted(tui_app *app, tui_form *fm, const fb_warning *w, int n)
{
	char q[1200];
	size_t o = 0;
	for (int i = 0; i < n; i++)
		if (w[i].code != FB_WARN_ASSUMED && o < sizeof q)
			o += (size_t)snprintf(q + o, sizeof q - o, "%s\n", w[i].msg);
	if (!o)
		return 1;
	if (o < sizeof q)
		snprintf(q + o, sizeof q - o, "%s", _("Save it all the same?"));
	if (tui_confirm(app, q))
		return 1;
	snprintf(fm->message, sizeof fm->message, "%s", _("Not saved."));
	return 0;
}

/* The log form's own: the record edited and the units offered. */
typedef struct log_form_ctx {
	int64_t id;
	tui_offer offer;
} log_form_ctx;

static int offer_key(tui_app *app, tui_form *fm, int key, void *ctx)
{
	log_form_ctx *lf = ctx;
	tui_field *f = tui_form_field(fm, "unit");
	int take = -1;
	(void)app;
	if (!f || &fm->f[fm->focus] != f || !tui_offer_key(&lf->offer, key, &take))
		return 0;
	if (take >= 0) {
		tui_ledit_set(&f->ed, lf->offer.taken_name);
		f->error[0] = '\0';
	}
	return 1;
}

static void offer_follow(tui_app *app, tui_form *fm, void *ctx)
{
	tui_offer_follow(app, &((log_form_ctx *)ctx)->offer, fm);
}

static void offer_draw(tui_app *app, tui_form *fm, const tui_form_geom *g, int y, int x, int rows,
                       int cols, void *ctx)
{
	tui_offer_draw(app, &((log_form_ctx *)ctx)->offer, fm, g, y, x, rows, cols);
}

/* Ctrl-S on the log form: every field error at once, else insert or update
 * and link the log to its unit in the ledger (one transaction). */
static int save_log(tui_app *app, tui_form *fm, void *ctx)
{
	log_form_ctx *lf = ctx;
	int64_t id = lf->id;
	int added = 0;
	fb_error err;
	fb_log g = {0};
	char date[11];
	int rc = -1;
	/* every field's error at once: the required ones and the date */
	int bad = tui_form_check_required(fm, _("This field is required."));
	bad += !tui_form_date(fm, "date", date);
	if (bad)
		return -1;
	char *unit = tui_form_get(fm, "unit");
	char *act = tui_form_get(fm, "activity"), *content = tui_form_get(fm, "content");
	char *fi = tui_form_get(fm, "findings"), *ac = tui_form_get(fm, "actions");
	char *ns = tui_form_get(fm, "next_step"), *ek = tui_form_get(fm, "enterprise_kinds");
	char *wk = tui_form_get(fm, "worker_kinds"), *ne = tui_form_get(fm, "enterprises");
	char *nw = tui_form_get(fm, "workers"), *nh = tui_form_get(fm, "households");
	g.id = id;
	if (!id) /* the uuid its draft names (see tui_form_run) */
		memcpy(g.uuid, app->draft.uuid, sizeof g.uuid);
	g.author_id = app->me;
	g.date = date, g.unit = unit, g.activity = act, g.content = content;
	g.findings = fi, g.actions = ac, g.next_step = ns;
	g.enterprises = atoll(ne), g.workers = atoll(nw), g.households = atoll(nh);
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
		fb_status st = fb_log_get(app->st, id, 0, &old, &err);
		g.author_id = old.author_id;
		fb_log_free(&old);
		if (st != FB_OK) {
			tui_form_fail(fm, &err);
			goto done;
		}
	}
	fb_warning w[LOG_WARNINGS];
	int nwarn = fb_log_warnings(app->st, &g, w, LOG_WARNINGS, &err);
	if (nwarn < 0 || !warnings_accepted(app, fm, w, nwarn)) {
		if (nwarn < 0)
			tui_form_fail(fm, &err);
		goto done;
	}
	if (fb_store_begin(app->st, &err) != FB_OK ||
	    (id ? fb_log_update(app->st, &g, &err) : fb_log_insert(app->st, &g, &err)) != FB_OK ||
	    tui_offer_link(app, &lf->offer, g.id, unit, &added, &err) != FB_OK ||
	    fb_store_commit(app->st, &err) != FB_OK) {
		fb_store_rollback(app->st);
		tui_form_fail(fm, &err);
		goto done;
	}
	/* what the rules assumed (a count taken as 1) is said after the save */
	const char *assumed = NULL;
	for (int i = 0; i < nwarn; i++)
		if (w[i].code == FB_WARN_ASSUMED)
			assumed = w[i].msg;
	if (assumed)
		tui_say(app, 1,
		        id ? _("Daily log of %s saved; %s.") : _("Daily log of %s written; %s."),
		        date, assumed);
	else if (added)
		tui_say(app, 0,
		        id ? _("Daily log of %s saved; %s added to the ledger.")
		           : _("Daily log of %s written; %s added to the ledger."),
		        date, unit);
	else
		tui_say(app, 0, id ? _("Daily log of %s saved.") : _("Daily log of %s written."),
		        date);
	rc = 0;
done:
	free(unit), free(act), free(content), free(fi), free(ac), free(ns);
	free(ek), free(wk), free(ne), free(nw), free(nh);
	return rc;
}

int tui_log_form(tui_app *app, int64_t id, const char *draft_text)
{
	tui_form fm;
	char num[3][16], kinds[2][512], before[304] = "";
	tui_form_init(&fm, id ? _("Edit daily log") : _("New daily log"));
	tui_form_add(&fm, "date", _("Date"), TUI_F_DATE, 1, 10);
	tui_choices_category(app, tui_form_add(&fm, "activity", _("Activity"), TUI_F_CHOICE, 1, 0),
	                     FB_CAT_ACTIVITY, NULL);
	tui_form_add_limited(&fm, "logs", "unit", _("Unit visited"), TUI_F_TEXT, 1);
	tui_form_add_limited(&fm, "logs", "enterprises", _("Number of enterprises"), TUI_F_NUMBER, 0);
	tui_form_add_limited(&fm, "logs", "workers", _("Workers talked to"), TUI_F_NUMBER, 0);
	tui_form_add_limited(&fm, "logs", "households", _("Number of households"), TUI_F_NUMBER, 0);
	tui_choices_category(
		app,
		tui_form_add(&fm, "enterprise_kinds", _("Kinds of enterprise"), TUI_F_MULTI, 0, 0),
		FB_CAT_ENTERPRISE, NULL);
	tui_choices_category(
		app, tui_form_add(&fm, "worker_kinds", _("Kinds of workers"), TUI_F_MULTI, 0, 0),
		FB_CAT_WORKER, NULL);
	tui_form_add_limited(&fm, "logs", "content", _("Done and learned"), TUI_F_AREA, 1)->rows = 4;
	tui_form_add_limited(&fm, "logs", "findings", _("Problems found"), TUI_F_AREA, 0)->rows = 2;
	tui_form_add_limited(&fm, "logs", "actions", _("Done about them"), TUI_F_AREA, 0)->rows = 2;
	tui_form_add_limited(&fm, "logs", "next_step", _("Next step"), TUI_F_AREA, 0)->rows = 2;
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
		/* the unit it names now: a changed spelling drops its link */
		snprintf(before, sizeof before, "%s", g.unit ? g.unit : "");
		snprintf(num[0], 16, "%lld", (long long)g.enterprises);
		snprintf(num[1], 16, "%lld", (long long)g.workers);
		snprintf(num[2], 16, "%lld", (long long)g.households);
		tui_form_set(&fm, "enterprises", num[0]);
		tui_form_set(&fm, "workers", num[1]);
		tui_form_set(&fm, "households", num[2]);
		fb_category_mask_format(app->st, FB_CAT_ENTERPRISE, g.enterprise_kinds, 0, kinds[0],
		                        512);
		fb_category_mask_format(app->st, FB_CAT_WORKER, g.worker_kinds, 0, kinds[1], 512);
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
		/* counts start empty (no 0 that typing would extend to 012) */
		fm.focus = 2; /* the date and kind are usually right: start at the unit */
	}
restore:
	if (draft_text)
		tui_form_deserialize(&fm, draft_text);
	log_form_ctx lf = {.id = id};
	tui_offer_init(&lf.offer, "unit", app->group_id);
	snprintf(lf.offer.before, sizeof lf.offer.before, "%s", before);
	/* the matches for the text there now, shown once it is typed at */
	tui_offer_follow(app, &lf.offer, &fm);
	lf.offer.open = 0;
	static const tui_keydef offer_keys[] = {
		{{0, 0, 0}, 0, "Down/Up", N_("unit visited: choose one of the ledger's units offered"), 0},
		{{0, 0, 0}, 0, "Enter", N_("unit visited: take the unit chosen"), 0},
		{{0, 0, 0}, 0, "Esc", N_("unit visited: close the offers (again: leave)"), 0},
	};
	const tui_form_aside aside = {offer_key, offer_follow, offer_draw, &lf, offer_keys, 3};
	int saved = tui_form_run_aside(app, &fm, "log", id, save_log, &lf, &aside);
	tui_form_free(&fm);
	return saved;
}
