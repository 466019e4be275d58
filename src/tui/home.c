/* home.c - the home screen: today's log, my tickets, this week against the
 * targets, and the keys to every other screen. A database error shows as
 * the error, never as "nothing written" or "no tickets". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/disk.h"
#include "fieldbook/due.h"
#include "fieldbook/report.h"
#include "dialog.h"
#include "runner.h"
#include "screens.h"

enum {
	H_LOGS = 1,
	H_TICKETS,
	H_MINE,
	H_NEWLOG,
	H_NEWTICKET,
	H_PEOPLE,
	H_WHO,
	H_REPORTS,
	H_SYNC,
	H_DUE,
	H_LEDGER,
	H_CONFLICTS,
	H_QUIT
};

/* The key bar's reminder on d: "2 reports late", set by home_due. */
static char due_badge[96] = N_("reports due");

static tui_keydef home_keys[] = {
	{{'l', 0, 0}, H_LOGS, "l", N_("daily logs"), 1},
	{{'t', 0, 0}, H_TICKETS, "t", N_("tickets"), 1},
	{{'m', 0, 0}, H_MINE, "m", N_("my open tickets"), 1},
	{{'n', 0, 0}, H_NEWLOG, "n", N_("write today's log"), 1},
	/* early: the reminder is what the key bar should keep */
	{{'d', 0, 0}, H_DUE, "d", due_badge, 1},
	{{'i', 0, 0}, H_NEWTICKET, "i", N_("file a ticket"), 1},
	{{'r', 0, 0}, H_REPORTS, "r", N_("reports"), 1},
	{{'b', 0, 0}, H_SYNC, "b", N_("bundles (export/import)"), 1},
	{{'u', 0, 0}, H_LEDGER, "u", N_("ledger: units met, coverage"), 1},
	{{'c', 0, 0}, H_CONFLICTS, "c", N_("conflicts to settle"), 0},
	{{'p', 0, 0}, H_PEOPLE, "p", N_("people and groups"), 1},
	{{'w', 0, 0}, H_WHO, "w", N_("who is working"), 1},
	TUI_KEYDEF_HELP,
	{{'q', TUI_ESC, 0}, H_QUIT, "q", N_("quit"), TUI_BAR_ALWAYS},
};
#define N_HOME_KEYS (int)(sizeof home_keys / sizeof home_keys[0])

/* A database error in the view, in place of what could not be read. */
static void home_error(tui_view *v, const fb_error *err)
{
	char buf[600];
	tui_view_add(v, TUI_A_ERROR, 2, "%s", fb_error_format(err, buf, sizeof buf));
}

/* Today: is my daily log written? */
static void home_today(tui_app *app, tui_view *v)
{
	fb_log_filter lf = {.date_from = app->today, .date_to = app->today, .author_id = app->me};
	fb_log_row lr;
	fb_error err;
	int n = fb_log_page(app->st, &lf, FB_PAGE_FIRST, NULL, &lr, 1, &err);
	tui_view_add(v, TUI_A_LABEL, 0, "%s", _("Today"));
	if (n < 0)
		home_error(v, &err);
	else if (n > 0)
		tui_view_add(v, TUI_A_NORMAL, 2, _("Your daily log for %s is written (%s)."),
		             app->today, lr.unit);
	else
		tui_view_add(v, TUI_A_OVERDUE, 2,
		             _("Your daily log for %s is not written yet: press n."), app->today);
	tui_view_add(v, 0, 0, " ");
}

/* My open tickets: few, so counting a page of them is cheap. */
static void home_tickets(tui_app *app, tui_view *v)
{
	fb_ticket_filter tf = {.owner_id = app->me, .status = "open", .ascending = 1};
	fb_ticket_row *tr = tui_xcalloc(100, sizeof *tr);
	fb_error err;
	int n = fb_ticket_page(app->st, &tf, FB_PAGE_FIRST, NULL, tr, 100, &err);
	int overdue = 0;
	for (int i = 0; i < n; i++)
		overdue += tr[i].overdue;
	tui_view_add(v, TUI_A_LABEL, 0, "%s", _("My tickets"));
	if (n < 0)
		home_error(v, &err);
	else
		tui_view_add(v, overdue ? TUI_A_OVERDUE : TUI_A_NORMAL, 2,
		             _("%d%s open, %d overdue (press m)"), n, n >= 100 ? "+" : "", overdue);
	for (int i = 0; i < n && i < 5; i++)
		tui_view_add(v, tr[i].overdue ? TUI_A_OVERDUE : TUI_A_NORMAL, 4, "%s  %s  %s",
		             tr[i].due_on, fb_category_label(app->st, FB_CAT_STATUS, tr[i].status),
		             tr[i].title);
	free(tr);
	tui_view_add(v, 0, 0, " ");
}

/* Totals of my logs over a date range (a week: a few rows); -1 on a
 * database error (err). */
static int week_totals(tui_app *app, const char *from, const char *to, int have[3], int *logs,
                       fb_error *err)
{
	fb_log_filter f = {.date_from = from, .date_to = to, .author_id = app->me};
	fb_log_row rows[64];
	fb_cursor c;
	int n = fb_log_page(app->st, &f, FB_PAGE_FIRST, NULL, rows, 64, err);
	*logs = have[0] = have[1] = have[2] = 0;
	while (n > 0) {
		for (int i = 0; i < n; i++) {
			(*logs)++;
			have[0] += rows[i].enterprises, have[1] += rows[i].workers;
			have[2] += rows[i].households;
		}
		if (n < 64)
			break;
		fb_log_row_cursor(&rows[n - 1], &f, &c);
		n = fb_log_page(app->st, &f, FB_PAGE_NEXT, &c, rows, 64, err);
	}
	return n < 0 ? -1 : 0;
}

/* Where this week's report of my group stands (the leader compiles it). */
static void home_week_report(tui_app *app, tui_view *v, const char *monday)
{
	fb_report_filter f = {.group_id = app->group_id, .kind = "weekly", .period_start = monday};
	fb_report_row r;
	fb_error err;
	char day[17];
	int n = fb_report_page(app->st, &f, FB_PAGE_FIRST, NULL, &r, 1, &err);
	if (n < 0)
		home_error(v, &err);
	else if (n == 0)
		tui_view_add(v, TUI_A_OVERDUE, 2, "%s",
		             _("Weekly report: not compiled yet (r, then w)"));
	else if (strcmp(r.status, "submitted"))
		tui_view_add(v, TUI_A_OVERDUE, 2, _("Weekly report: draft, revision %d (press r)"),
		             r.revision_no);
	else
		tui_view_add(v, TUI_A_NORMAL, 2, _("Weekly report: submitted %.10s"),
		             fb_local_time(r.submitted_at, 0, day, sizeof day));
}

/* This ISO week (shown Monday to Sunday; counted up to today), against
 * the targets. */
static void home_week(tui_app *app, tui_view *v)
{
	static const struct {
		const char *metric;
		const char *label;
	} m[] = {{"enterprises", N_("enterprises")},
	         {"workers", N_("workers")},
	         {"households", N_("households")}};
	fb_date today = fb_today();
	fb_date mon = fb_date_add(today, -fb_date_weekday(today));
	fb_error err;
	char from[11], sunday[11];
	int y, w, logs, have[3];
	fb_date_format(mon, from);
	fb_date_format(fb_date_add(mon, 6), sunday);
	fb_date_iso_week(today, &y, &w);
	tui_view_add(v, TUI_A_LABEL, 0, _("This week (%d-W%02d, %s to %s)"), y, w, from, sunday);
	home_week_report(app, v, from);
	if (week_totals(app, from, app->today, have, &logs, &err) < 0) {
		home_error(v, &err);
		return;
	}
	tui_view_add(v, TUI_A_NORMAL, 2,
	             _("%d daily logs; visited %d enterprises, %d workers, "
	               "%d households"),
	             logs, have[0], have[1], have[2]);
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
}

/* What is due this week and overdue: my group's reports (at HQ: per
 * group), the key bar's reminder with it. */
static void home_due(tui_app *app, tui_view *v)
{
	fb_due_opts o = {.group_id = app->group_id, .open_only = 1};
	fb_due_item *it = NULL;
	fb_due_counts *c = NULL;
	int n = 0, nc = 0, overdue = 0;
	fb_error err;
	tui_view_add(v, TUI_A_LABEL, 0, "%s", _("Reports due"));
	if (fb_due_list(app->st, &o, &it, &n, &err) != FB_OK ||
	    fb_due_count(it, n, &c, &nc, &err) != FB_OK) {
		home_error(v, &err);
		free(it);
		return;
	}
	for (int i = 0; i < nc; i++)
		overdue += c[i].n[FB_DUE_OVERDUE];
	if (overdue)
		snprintf(due_badge, sizeof due_badge, _("%d reports late"), overdue);
	else if (n)
		snprintf(due_badge, sizeof due_badge, _("%d reports due"), n);
	else
		snprintf(due_badge, sizeof due_badge, "%s", _("reports due"));
	if (!n) {
		tui_view_add(v, TUI_A_NORMAL, 2, "%s", _("Nothing due this week, nothing overdue."));
	} else if (!app->group_id) { /* HQ: who is late, the latest first */
		for (int i = 0; i < nc && i < 3; i++)
			tui_view_add(v, c[i].n[FB_DUE_OVERDUE] ? TUI_A_OVERDUE : TUI_A_NORMAL, 2,
			             _("%s: %d overdue, %d due soon"), c[i].group_name,
			             c[i].n[FB_DUE_OVERDUE], c[i].n[FB_DUE_SOON]);
		if (nc > 3)
			tui_view_add(v, TUI_A_DIM, 2, _("and %d more (press d)"), nc - 3);
	} else {
		/* the two nearest deadlines (the list is by due date), then the rest counted:
		 * the home screen keeps room for today, the tickets and the week */
		int first = n > 2 ? n - 2 : 0;
		for (int i = first; i < n; i++) {
			char st[64];
			tui_view_add(v, it[i].state == FB_DUE_OVERDUE ? TUI_A_OVERDUE : TUI_A_NORMAL,
			             2, "%s  %s  %s %s%s%s", it[i].due_on,
			             fb_due_state_text(&it[i], st, sizeof st), it[i].title,
			             !strcmp(it[i].period.label, "stage")
			                     ? fb_schedule_period_label("stay")
			                     : it[i].period.label,
			             it[i].person_name[0] ? " · " : "", it[i].person_name);
		}
		if (first)
			tui_view_add(v, overdue ? TUI_A_OVERDUE : TUI_A_DIM, 2,
			             _("and %d more, %d overdue in all (press d)"), first, overdue);
	}
	tui_view_add(v, 0, 0, " ");
	free(c);
	free(it);
}

/* The ledger in one line: my group's distinct units and workers met, and
 * how many of the 8 kinds of enterprise and of the 八必访 are still
 * missing (the coverage screen, u then c, has it in full). */
static void home_ledger(tui_app *app, tui_view *v)
{
	fb_coverage c;
	fb_error err;
	fb_coverage_filter f = {app->group_id, 0, NULL, NULL};
	if (fb_coverage_get(app->st, &f, &c, &err)) {
		home_error(v, &err);
		return;
	}
	/* the kinds are data (categories): count those not in the masks */
	fb_category cats[32];
	int missing[2] = {0, 0}, all[2];
	const char *kinds[2] = {FB_CAT_ENTERPRISE, FB_CAT_WORKER};
	uint32_t have[2] = {c.enterprise_kinds, c.worker_kinds};
	for (int k = 0; k < 2; k++) {
		all[k] = fb_category_list(app->st, kinds[k], cats, 32);
		for (int i = 0; i < all[k]; i++)
			missing[k] += cats[i].bit >= 0 && !(have[k] & (1u << cats[i].bit));
	}
	tui_view_add(v, missing[0] || missing[1] ? TUI_A_OVERDUE : TUI_A_NORMAL, 0,
	             _("Ledger: %lld units and %lld workers met; kinds not yet met: %d of %d "
	               "enterprise, %d of %d worker (press u)"),
	             (long long)c.units, (long long)c.workers, missing[0], all[0], missing[1],
	             all[1]);
}

/* Once per database (remembered in it), when it lies on a disk that is not
 * encrypted: what a lost laptop would give away. Shown for the rest of
 * this session, not again. */
static void home_disk(tui_app *app, tui_view *v)
{
	static int show;
	static char asked[4096]; /* the database it was asked for ("": none yet) */
	const char *path = fb_store_path(app->st);
	if (path && strcmp(asked, path)) {
		fb_error err;
		snprintf(asked, sizeof asked, "%s", path);
		show = fb_disk_notice_due(app->st);
		if (show && !fb_store_readonly(app->st))
			fb_disk_notice_shown(app->st, &err); /* not remembered: said again */
	}
	if (!show)
		return;
	tui_view_add(v, TUI_A_LABEL, 0, "%s", _("This computer's disk is not encrypted"));
	tui_view_add(v, TUI_A_OVERDUE, 2, "%s",
	             _("If this laptop is lost, whoever finds it can copy the database and read "
	               "the log texts, unit names and everything else fieldbook does not seal. "
	               "Encrypting the disk (for example when the system is installed again) "
	               "protects all of it."));
	tui_view_add(v, 0, 0, " ");
}

/* Fill the home view: today, the reports due, my tickets, this week, the ledger. */
static int home_fill(tui_app *app, tui_view *v, void *ctx)
{
	(void)ctx;
	home_disk(app, v);
	home_today(app, v);
	home_due(app, v);
	home_tickets(app, v);
	home_week(app, v);
	home_ledger(app, v);
	return 0;
}

/* Every home action goes to another screen: main.c takes it there. q asks
 * first (a key pressed by mistake must not end the session). */
static int home_act(tui_app *app, int action, void *ctx)
{
	static const tui_go go[] = {
		[H_LOGS] = TUI_GO_LOGS,
		[H_TICKETS] = TUI_GO_TICKETS,
		[H_MINE] = TUI_GO_MINE,
		[H_NEWLOG] = TUI_GO_NEWLOG,
		[H_NEWTICKET] = TUI_GO_NEWTICKET,
		[H_PEOPLE] = TUI_GO_PEOPLE,
		[H_WHO] = TUI_GO_WHO,
		[H_REPORTS] = TUI_GO_REPORTS,
		[H_SYNC] = TUI_GO_SYNC,
		[H_DUE] = TUI_GO_DUE,
		[H_LEDGER] = TUI_GO_LEDGER,
		[H_CONFLICTS] = TUI_GO_CONFLICTS,
		[H_QUIT] = TUI_GO_QUIT,
	};
	if (action == H_QUIT && !tui_confirm(app, _("Quit fieldbook?")))
		return 0;
	*(tui_go *)ctx = go[action];
	return 1;
}

tui_go tui_home(tui_app *app)
{
	tui_go go = TUI_GO_QUIT;
	tui_view_screen(app, _("Home"), home_keys, N_HOME_KEYS, home_fill, home_act, &go);
	return go;
}
