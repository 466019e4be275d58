/* home.c - the home screen: today's log, my tickets, this week against the
 * targets, and the keys to every other screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/report.h"
#include "runner.h"
#include "screens.h"

enum { H_LOGS = 1, H_TICKETS, H_MINE, H_NEWLOG, H_NEWTICKET, H_PEOPLE, H_WHO, H_REPORTS,
       H_SYNC };

static const tui_keydef home_keys[] = {
	{{'l', 0, 0}, H_LOGS, "l", N_("daily logs"), 1},
	{{'t', 0, 0}, H_TICKETS, "t", N_("tickets"), 1},
	{{'m', 0, 0}, H_MINE, "m", N_("my open tickets"), 1},
	{{'n', 0, 0}, H_NEWLOG, "n", N_("write today's log"), 1},
	{{'i', 0, 0}, H_NEWTICKET, "i", N_("file a ticket"), 1},
	{{'r', 0, 0}, H_REPORTS, "r", N_("reports"), 1},
	{{'b', 0, 0}, H_SYNC, "b", N_("bundles (export/import)"), 1},
	{{'p', 0, 0}, H_PEOPLE, "p", N_("people and groups"), 1},
	{{'w', 0, 0}, H_WHO, "w", N_("who is working"), 1},
	TUI_KEYDEF_HELP,
	{{'q', TUI_ESC, 0}, TUI_ACT_BACK, "q", N_("quit"), 1},
};
#define N_HOME_KEYS (int)(sizeof home_keys / sizeof home_keys[0])

/* Totals of my logs over a date range (a week: a few rows). */
static void week_totals(tui_app *app, const char *from, const char *to, int *logs, int *ent,
                        int *wrk, int *hh)
{
	fb_log_filter f = {.date_from = from, .date_to = to, .author_id = app->me};
	fb_log_row rows[64];
	fb_cursor c;
	int n = fb_log_page(app->st, &f, FB_PAGE_FIRST, NULL, rows, 64, NULL);
	*logs = *ent = *wrk = *hh = 0;
	while (n > 0) {
		for (int i = 0; i < n; i++) {
			(*logs)++;
			*ent += rows[i].enterprises, *wrk += rows[i].workers,
			        *hh += rows[i].households;
		}
		if (n < 64)
			break;
		fb_log_row_cursor(&rows[n - 1], &f, &c);
		n = fb_log_page(app->st, &f, FB_PAGE_NEXT, &c, rows, 64, NULL);
	}
}

/* Where this week's report of my group stands (the leader compiles it). */
static void home_week_report(tui_app *app, tui_view *v, const char *monday)
{
	fb_report_filter f = {.group_id = app->group_id, .kind = "weekly", .period_start = monday};
	fb_report_row r;
	int n = fb_report_page(app->st, &f, FB_PAGE_FIRST, NULL, &r, 1, NULL);
	if (n <= 0)
		tui_view_add(v, TUI_A_OVERDUE, 2, "%s",
		             _("Weekly report: not compiled yet (r, then w)"));
	else if (strcmp(r.status, "submitted"))
		tui_view_add(v, TUI_A_OVERDUE, 2, _("Weekly report: draft, revision %d (press r)"),
		             r.revision_no);
	else
		tui_view_add(v, TUI_A_NORMAL, 2, _("Weekly report: submitted %.10s"),
		             r.submitted_at);
}

/* Fill the home view: today, my tickets, this week. */
static int home_fill(tui_app *app, tui_view *v, void *ctx)
{
	(void)ctx;
	fb_log_filter lf = {.date_from = app->today, .date_to = app->today, .author_id = app->me};
	fb_log_row lr;
	int written = fb_log_page(app->st, &lf, FB_PAGE_FIRST, NULL, &lr, 1, NULL) > 0;
	tui_view_add(v, TUI_A_LABEL, 0, "%s", _("Today"));
	if (written)
		tui_view_add(v, TUI_A_NORMAL, 2, _("Your daily log for %s is written (%s)."),
		             app->today, lr.unit);
	else
		tui_view_add(v, TUI_A_OVERDUE, 2,
		             _("Your daily log for %s is not written yet: press n."), app->today);
	tui_view_add(v, 0, 0, " ");

	/* my open tickets: few, so counting them is cheap */
	fb_ticket_filter tf = {.owner_id = app->me, .status = "open", .ascending = 1};
	fb_ticket_row *tr = tui_xcalloc(100, sizeof *tr);
	int n = fb_ticket_page(app->st, &tf, FB_PAGE_FIRST, NULL, tr, 100, NULL);
	int overdue = 0;
	for (int i = 0; i < n; i++)
		overdue += tr[i].overdue;
	tui_view_add(v, TUI_A_LABEL, 0, "%s", _("My tickets"));
	tui_view_add(v, overdue ? TUI_A_OVERDUE : TUI_A_NORMAL, 2,
	             _("%d%s open, %d overdue (press m)"), n < 0 ? 0 : n, n >= 100 ? "+" : "",
	             overdue);
	for (int i = 0; i < n && i < 5; i++)
		tui_view_add(v, tr[i].overdue ? TUI_A_OVERDUE : TUI_A_NORMAL, 4, "%s  %s  %s",
		             tr[i].due_on, fb_category_label(app->st, FB_CAT_STATUS, tr[i].status),
		             tr[i].title);
	free(tr);
	tui_view_add(v, 0, 0, " ");

	/* this ISO week (shown Monday to Sunday; counted up to today), against
	 * the targets */
	fb_date today = fb_today();
	fb_date mon = fb_date_add(today, -fb_date_weekday(today));
	char from[11], sunday[11];
	int y, w, logs, ent, wrk, hh;
	fb_date_format(mon, from);
	fb_date_format(fb_date_add(mon, 6), sunday);
	fb_date_iso_week(today, &y, &w);
	week_totals(app, from, app->today, &logs, &ent, &wrk, &hh);
	tui_view_add(v, TUI_A_LABEL, 0, _("This week (%d-W%02d, %s to %s)"), y, w, from, sunday);
	home_week_report(app, v, from);
	tui_view_add(v, TUI_A_NORMAL, 2, _("%d daily logs; visited %d enterprises, %d workers, "
	                                   "%d households"), logs, ent, wrk, hh);
	static const struct { const char *metric; const char *label; } m[] = {
		{"enterprises", N_("enterprises")}, {"workers", N_("workers")},
		{"households", N_("households")}};
	int have[3] = {ent, wrk, hh};
	for (int i = 0; i < 3; i++) {
		int target;
		if (fb_target_value(app->st, "cadre", m[i].metric, "programme", app->group_id,
		                    &target, NULL) != FB_OK &&
		    fb_target_value(app->st, "group", m[i].metric, "programme", app->group_id,
		                    &target, NULL) != FB_OK)
			continue;
		tui_view_add(v, have[i] >= target ? TUI_A_NORMAL : TUI_A_OVERDUE, 2,
		             _("%s: %d this week, target %d per programme"), _(m[i].label), have[i],
		             target);
	}
	return 0;
}

/* Every home action goes to another screen: main.c takes it there. */
static int home_act(tui_app *app, int action, void *ctx)
{
	static const tui_go go[] = {
		[H_LOGS] = TUI_GO_LOGS, [H_TICKETS] = TUI_GO_TICKETS, [H_MINE] = TUI_GO_MINE,
		[H_NEWLOG] = TUI_GO_NEWLOG, [H_NEWTICKET] = TUI_GO_NEWTICKET,
		[H_PEOPLE] = TUI_GO_PEOPLE, [H_WHO] = TUI_GO_WHO, [H_REPORTS] = TUI_GO_REPORTS,
		[H_SYNC] = TUI_GO_SYNC,
	};
	(void)app;
	*(tui_go *)ctx = go[action];
	return 1;
}

tui_go tui_home(tui_app *app)
{
	tui_go go = TUI_GO_QUIT;
	tui_view_screen(app, _("Home"), home_keys, N_HOME_KEYS, home_fill, home_act, &go);
	return go;
}
