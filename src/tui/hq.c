/* hq.c - headquarters' home: every group side by side (logs this week,
 * open and overdue tickets, last week's report, the newest bundle), what
 * needs HQ today in the title, and the keys to the inbox, the conflicts
 * and the registers. A list screen of the one list engine over the core's
 * fb_hq_group_page; the figures are the core's aggregates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "register.h"
#include "dialog.h"
#include "runner.h"
#include "screens.h"

typedef struct hq_ctx {
	tui_app *app;
	fb_hq_period p;
	fb_hq_totals t;
	int have_totals;
	char fed[128];
	tui_go go;
} hq_ctx;

static int hq_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                    char *err, size_t errsize)
{
	hq_ctx *hc = ctx;
	fb_error e;
	int n;
	/* the totals are read again whenever the list is (first, reload) */
	if (dir == FB_PAGE_FIRST || dir == FB_PAGE_AT)
		hc->have_totals = fb_hq_totals_get(hc->app->st, &hc->p, &hc->t, &e) == FB_OK;
	if ((dir == FB_PAGE_FIRST || dir == FB_PAGE_AT) && !hc->have_totals)
		n = -1;
	else
		n = fb_hq_group_page(hc->app->st, &hc->p, dir, from, rows, max, &e);
	if (n < 0)
		fb_error_format(&e, err, errsize);
	return n;
}

static void hq_cursor(void *ctx, const void *row, fb_cursor *c)
{
	(void)ctx;
	fb_hq_group_row_cursor(row, c);
}

/* The label of last week's report as HQ reads it. */
static const char *report_label(const fb_hq_group_row *r)
{
	switch (r->report) {
	case FB_HQ_REPORT_SUBMITTED: return _("submitted");
	case FB_HQ_REPORT_DRAFT: return r->report_late ? _("draft, late") : _("draft");
	default: return r->report_late ? _("missing, late") : _("not yet");
	}
}

static void hq_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	const fb_hq_group_row *r = row;
	char day[20];
	(void)ctx;
	switch (col) {
	case 0: snprintf(out, size, "%s", r->name); break;
	case 1: snprintf(out, size, "%d", r->logs_week); break;
	case 2: snprintf(out, size, "%d", r->cadres_week); break;
	case 3: snprintf(out, size, "%d", r->tickets_open); break;
	case 4:
		snprintf(out, size, "%d", r->tickets_overdue);
		if (r->tickets_overdue)
			*attr = TUI_A_OVERDUE;
		break;
	case 5:
		snprintf(out, size, "%s", report_label(r));
		if (r->report_late)
			*attr = TUI_A_OVERDUE;
		break;
	case 6:
		if (r->last_bundle[0])
			snprintf(out, size, "%s%s", fb_local_time(r->last_bundle, 0, day, sizeof day),
			         r->bundle_late ? _(", late") : "");
		else
			snprintf(out, size, "%s", _("none yet"));
		if (r->bundle_late)
			*attr = TUI_A_OVERDUE;
		break;
	case 7:
		snprintf(out, size, "%s", r->station);
		*attr = TUI_A_DIM;
		break;
	}
}

static const tui_column hq_columns[] = {
	{N_("Work group"), 16, 0},  {N_("Logs this week"), 6, 1}, {N_("Cadres"), 4, 1},
	{N_("Open"), 4, 1},         {N_("Overdue"), 4, 1},        {N_("Last week's report"), 12, 0},
	{N_("Last bundle"), 14, 0}, {N_("Station"), 0, 0},
};
static const tui_list_ops hq_ops = {
	sizeof(fb_hq_group_row), hq_fetch, hq_cursor, hq_cell, hq_columns, 8,
};

enum {
	Q_INBOX = 1,
	Q_CONFLICTS,
	Q_TICKETS,
	Q_LOGS,
	Q_REPORTS,
	Q_PEOPLE,
	Q_REGISTERS,
	Q_WHO,
	Q_QUIT
};

static const tui_keydef hq_keys[] = {
	{{'b', 0, 0}, Q_INBOX, "b", N_("inbox of bundles"), 1},
	{{'c', 0, 0}, Q_CONFLICTS, "c", N_("conflicts to settle"), 1},
	{{'t', 0, 0}, Q_TICKETS, "t", N_("tickets"), 1},
	{{'l', 0, 0}, Q_LOGS, "l", N_("daily logs"), 1},
	{{'r', 0, 0}, Q_REPORTS, "r", N_("reports"), 1},
	{{'p', 0, 0}, Q_PEOPLE, "p", N_("people and groups"), 1},
	{{'x', 0, 0}, Q_REGISTERS, "x", N_("registers for Excel"), 1},
	{{'w', 0, 0}, Q_WHO, "w", N_("who is working"), 0},
	{{0, 0, 0}, 0, "Up/Down j/k", N_("move"), 0},
	{{0, 0, 0}, 0, "PgUp/PgDn", N_("page"), 0},
	TUI_KEYDEF_HELP,
	{{'q', TUI_ESC, 0}, Q_QUIT, "q", N_("quit"), TUI_BAR_ALWAYS},
};
#define N_HQ_KEYS (int)(sizeof hq_keys / sizeof hq_keys[0])

/* What needs HQ today, after the title. */
static void hq_subtitle(void *ctx, char *out, size_t size)
{
	hq_ctx *hc = ctx;
	if (!hc->have_totals) {
		out[0] = '\0';
		return;
	}
	snprintf(out, size, _(" · late: bundles %d, reports %d, tickets %d · conflicts %d"),
	         hc->t.bundles_late, hc->t.reports_late, hc->t.tickets_overdue, hc->t.conflicts_open);
}

static const char *hq_empty(void *ctx)
{
	(void)ctx;
	return _("No work group yet: their bundles bring them (press b for the inbox).");
}

/* Every live group as a choice of the register form. */
static int group_choice(const fb_group *g, void *ctx)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)g->id);
	tui_form_choice(ctx, id, g->name);
	return 0;
}

/* Progress of the workbook: the register and its rows so far. */
static void register_progress(void *ctx, const char *table, long rows)
{
	char title[160];
	snprintf(title, sizeof title, "%s %s", _("Writing"), fb_sync_table_label(table));
	tui_progress(ctx, title, rows, 0);
}

/* The register form's save: write the workbook (every group or the one
 * chosen); the file and the counts on the status line. */
static int registers_save(tui_app *app, tui_form *fm, void *ctx)
{
	fb_error err;
	fb_register_counts n;
	(void)ctx;
	if (tui_form_check_required(fm, _("This field is required.")))
		return -1;
	char *path = tui_form_get(fm, "path"), *group = tui_form_get(fm, "group");
	fb_register_opts o = {.group_id = strtoll(group, NULL, 10),
	                      .progress = register_progress,
	                      .progress_ctx = app};
	tui_progress(app, _("Writing the registers..."), 0, 0);
	fb_status s = fb_register_write(app->st, path, &o, &n, &err);
	if (s != FB_OK) {
		snprintf(err.field, sizeof err.field, "path");
		tui_form_fail(fm, &err);
	} else {
		tui_say(app, 0, _("Workbook %s written: %ld daily logs, %ld tickets, %ld people."),
		        path, n.logs, n.tickets, n.people);
	}
	free(path), free(group);
	return s == FB_OK ? 0 : -1;
}

/* x: the registers for Excel, for every group or one. */
static void registers(tui_app *app)
{
	tui_form fm;
	fb_error err;
	char def[1024], buf[600];
	const char *home = getenv("HOME");
	tui_form_init(&fm, _("Registers for Excel"));
	tui_field *g = tui_form_add(&fm, "group", _("Work group"), TUI_F_CHOICE, 1, 0);
	tui_form_choice(g, "0", _("every group"));
	if (fb_group_each(app->st, group_choice, g, &err) != FB_OK) {
		tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
		tui_form_free(&fm);
		return;
	}
	tui_form_add(&fm, "path", _("Workbook file"), TUI_F_TEXT, 1, 1000);
	snprintf(def, sizeof def, "%s/%s-%s.xlsx", home && *home ? home : ".", _("registers"),
	         app->today);
	tui_form_set(&fm, "path", def);
	tui_form_set(&fm, "group", "0");
	tui_form_run(app, &fm, NULL, 0, registers_save, NULL);
	tui_form_free(&fm);
}

static int hq_act(void *ctx, int action, const void *row)
{
	hq_ctx *hc = ctx;
	static const tui_go go[] = {
		[Q_INBOX] = TUI_GO_INBOX,     [Q_CONFLICTS] = TUI_GO_CONFLICTS,
		[Q_TICKETS] = TUI_GO_TICKETS, [Q_LOGS] = TUI_GO_LOGS,
		[Q_REPORTS] = TUI_GO_REPORTS, [Q_PEOPLE] = TUI_GO_PEOPLE,
		[Q_WHO] = TUI_GO_WHO,         [Q_QUIT] = TUI_GO_QUIT,
	};
	(void)row;
	if (action == Q_REGISTERS) {
		registers(hc->app);
		return TUI_LIST_STAY;
	}
	if (action == Q_QUIT && !tui_confirm(hc->app, _("Quit fieldbook?")))
		return TUI_LIST_STAY;
	hc->go = go[action];
	return TUI_LIST_LEAVE;
}

tui_go tui_hq_home(tui_app *app)
{
	hq_ctx hc = {.app = app, .go = TUI_GO_QUIT};
	char dept[128];
	fb_hq_period_now(app->st, &hc.p);
	if (fb_hq_names(app->st, hc.fed, dept, sizeof hc.fed, NULL) != FB_OK)
		hc.fed[0] = dept[0] = '\0';
	const tui_list_screen ls = {.title = hc.fed[0] ? hc.fed : _("Headquarters"),
	                            .list = &hq_ops,
	                            .page = 100,
	                            .keys = hq_keys,
	                            .nkeys = N_HQ_KEYS,
	                            .subtitle = hq_subtitle,
	                            .empty = hq_empty,
	                            .act = hq_act};
	tui_list_screen_run(app, &ls, &hc);
	return hc.go;
}
