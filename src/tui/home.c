/* home.c - the first-run screen (set up my group, or demo data), the home
 * screen (today's log, my tickets, this week against the targets) and the
 * people and groups screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#if TUI_HAVE_REPORTS
#include "fieldbook/report.h"
#endif
#include "screen.h"
#include "view.h"

/* ---- first run ---- */

/* Split "李明、王芳, 张伟" into names; returns the count (at most max). */
static int split_names(char *s, char **out, int max)
{
	int n = 0;
	char *p = s;
	while (*p && n < max) {
		/* separators: , ; space, and the CJK 、，；and the full-width space */
		while (*p == ',' || *p == ';' || *p == ' ' || !strncmp(p, "、", 3) ||
		       !strncmp(p, "，", 3) || !strncmp(p, "；", 3) || !strncmp(p, "　", 3))
			p += (*p == ',' || *p == ';' || *p == ' ') ? 1 : 3;
		if (!*p)
			break;
		out[n++] = p;
		while (*p && *p != ',' && *p != ';' && *p != ' ' && strncmp(p, "、", 3) &&
		       strncmp(p, "，", 3) && strncmp(p, "；", 3))
			p++;
		if (*p) {
			int k = (*p == ',' || *p == ';' || *p == ' ') ? 1 : 3;
			memset(p, 0, (size_t)k);
			p += k;
		}
	}
	return n;
}

/* Save the group form: the group, its leader and members in one
 * transaction; the leader becomes the person working. */
static int save_group(tui_app *app, tui_form *fm, void *ctx)
{
	(void)ctx;
	fb_error err;
	char *name = tui_form_get(fm, "name"), *station = tui_form_get(fm, "station");
	char *county = tui_form_get(fm, "county"), *sup = tui_form_get(fm, "supervisor");
	char *leader = tui_form_get(fm, "leader"), *members = tui_form_get(fm, "members");
	char *names[16];
	int n = split_names(members, names, 16), rc = -1;
	fb_group g = {.name = name, .station = station, .county = county, .supervisor = sup,
	              .station_kind = (char *)"town"};
	fb_person lp = {0};
	if (tui_form_check_required(fm, _("This field is required.")) > 0)
		goto done;
	if (fb_store_begin(app->st, &err) != FB_OK) {
		tui_form_fail(fm, &err);
		goto done;
	}
	if (fb_group_save(app->st, &g, &err) != FB_OK)
		goto fail;
	/* as fieldbook init: the group's people joined today */
	lp = (fb_person){.group_id = g.id, .name = leader, .role = (char *)"leader",
	                 .joined_on = app->today};
	if (fb_person_save(app->st, &lp, &err) != FB_OK) {
		snprintf(err.field, sizeof err.field, "leader");
		goto fail;
	}
	for (int i = 0; i < n; i++) {
		fb_person p = {.group_id = g.id, .name = names[i], .role = (char *)"member",
		               .joined_on = app->today};
		if (fb_person_save(app->st, &p, &err) != FB_OK) {
			snprintf(err.field, sizeof err.field, "members");
			goto fail;
		}
	}
	char v[32];
	snprintf(v, sizeof v, "%lld", (long long)lp.id);
	if (fb_meta_set(app->st, "tui.current_person", v, &err) != FB_OK)
		goto fail;
	if (fb_store_commit(app->st, &err) != FB_OK)
		goto fail;
	rc = 0;
	goto done;
fail:
	fb_store_rollback(app->st);
	tui_form_fail(fm, &err);
done:
	free(name), free(station), free(county), free(sup), free(leader), free(members);
	return rc;
}

static int set_up_group(tui_app *app)
{
	tui_form fm;
	tui_form_init(&fm, _("Set up my work group"));
	tui_form_add(&fm, "name", _("Work group"), TUI_F_TEXT, 1, 60);
	tui_form_add(&fm, "station", _("Station"), TUI_F_TEXT, 1, 60);
	tui_form_add(&fm, "county", _("County/district"), TUI_F_TEXT, 0, 40);
	tui_form_add(&fm, "supervisor", _("Supervising leader"), TUI_F_TEXT, 0, 16);
	tui_form_add(&fm, "leader", _("Group leader"), TUI_F_TEXT, 1, 16);
	tui_form_add(&fm, "members", _("Members (separate with 、)"), TUI_F_TEXT, 0, 200);
	int saved = tui_form_run(app, &fm, NULL, 0, save_group, NULL);
	tui_form_free(&fm);
	return saved ? 0 : -1;
}

/* Progress of the demo generator: redraw the bar. */
static int demo_progress(long done, long total, void *ctx)
{
	tui_app *app = ctx;
	tui_progress(app, _("Creating demo data..."), done, total);
	return app->quit;
}

static int open_demo(tui_app *app)
{
	const char *e = getenv("FIELDBOOK_DEMO_LOGS");
	fb_demo_opts o = {.logs = e && atol(e) > 0 ? atol(e) : 2000, .groups = 2, .seed = 1,
	                  .end_on = app->today, .progress = demo_progress, .ctx = app};
	fb_error err;
	tui_progress(app, _("Creating demo data..."), 0, o.logs);
	if (fb_demo_generate(app->st, &o, &err) != FB_OK) {
		char buf[600];
		tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
		return -1;
	}
	tui_say(app, 0, _("Demo data created: %ld daily logs."), o.logs);
	return 0;
}

int tui_first_run(tui_app *app)
{
	const char *labels[] = {_("Set up my work group"),
	                        _("Open demo data (to try fieldbook out)"), _("Quit")};
	for (;;) {
		int i = tui_pick(app, _("Welcome"),
		                 _("This database is empty. What would you like to do?"), labels, 3,
		                 0);
		if (i == 0 && set_up_group(app) == 0)
			return 0;
		if (i == 1 && open_demo(app) == 0)
			return 0;
		if (i < 0 || i == 2 || app->quit)
			return -1;
	}
}

/* ---- home ---- */

enum { H_LOGS = 1, H_TICKETS, H_MINE, H_NEWLOG, H_NEWTICKET, H_PEOPLE, H_WHO, H_REPORTS,
       H_SYNC };

static const tui_keydef home_keys[] = {
	{{'l', 0, 0}, H_LOGS, "l", N_("daily logs"), 1},
	{{'t', 0, 0}, H_TICKETS, "t", N_("tickets"), 1},
	{{'m', 0, 0}, H_MINE, "m", N_("my open tickets"), 1},
	{{'n', 0, 0}, H_NEWLOG, "n", N_("write today's log"), 1},
	{{'i', 0, 0}, H_NEWTICKET, "i", N_("file a ticket"), 1},
#if TUI_HAVE_REPORTS
	{{'r', 0, 0}, H_REPORTS, "r", N_("reports"), 1},
#endif
#if TUI_HAVE_SYNC
	{{'b', 0, 0}, H_SYNC, "b", N_("bundles (export/import)"), 1},
#endif
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

#if TUI_HAVE_REPORTS
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
#endif

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
#if TUI_HAVE_REPORTS
	home_week_report(app, v, from);
#endif
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

/* Every home action opens another screen; the view is rebuilt after. */
static int home_act(tui_app *app, int action, void *ctx)
{
	(void)ctx;
	switch (action) {
	case H_LOGS: tui_logs(app); break;
	case H_TICKETS: tui_tickets(app, 0); break;
	case H_MINE: tui_tickets(app, 1); break;
	case H_NEWLOG: tui_log_form(app, 0, NULL); break;
	case H_NEWTICKET: tui_ticket_form(app, 0, NULL); break;
	case H_PEOPLE: tui_people(app); break;
	case H_WHO: tui_who_am_i(app, 1); break;
#if TUI_HAVE_REPORTS
	case H_REPORTS: tui_reports(app); break;
#endif
#if TUI_HAVE_SYNC
	case H_SYNC: tui_sync(app); break;
#endif
	}
	return 2;
}

void tui_home(tui_app *app)
{
	tui_view_screen(app, _("Home"), home_keys, N_HOME_KEYS, home_fill, home_act, NULL);
}

/* ---- people and groups ---- */

typedef struct people_ctx { tui_app *app; tui_view *v; } people_ctx;

static int group_lines(const fb_group *g, void *ctx);

static int people_fill(tui_app *app, tui_view *v, void *ctx)
{
	(void)ctx;
	people_ctx pc = {app, v};
	fb_group_each(app->st, group_lines, &pc, NULL);
	return 0;
}

static int people_line(const fb_person *p, void *ctx)
{
	people_ctx *pc = ctx;
	char joined[64] = "";
	if (p->joined_on)
		snprintf(joined, sizeof joined, _("joined %s"), p->joined_on);
	tui_view_add(pc->v, p->id == pc->app->me ? TUI_A_KEY : TUI_A_NORMAL, 4, "%s  %s  %s  %s  %s",
	             p->name, fb_category_label(pc->app->st, FB_CAT_ROLE, p->role),
	             p->unit ? p->unit : "", p->phone ? p->phone : "", joined);
	return 0;
}

static int group_lines(const fb_group *g, void *ctx)
{
	people_ctx *pc = ctx;
	tui_view_add(pc->v, TUI_A_LABEL, 0, "%s", g->name);
	tui_view_add(pc->v, TUI_A_NORMAL, 2, _("Station: %s  County: %s  Supervising leader: %s"),
	             g->station, g->county, g->supervisor);
	fb_person_each(pc->app->st, g->id, people_line, pc, NULL);
	tui_view_add(pc->v, 0, 0, " ");
	return 0;
}

enum { P_ADD = 1 };
static const tui_keydef people_keys[] = {
	{{'a', 0, 0}, P_ADD, "a", N_("add a person to my group"), 1},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};

static int save_person(tui_app *app, tui_form *fm, void *ctx)
{
	(void)ctx;
	fb_error err;
	char *name = tui_form_get(fm, "name"), *role = tui_form_get(fm, "role");
	char *unit = tui_form_get(fm, "unit"), *phone = tui_form_get(fm, "phone");
	char *joined_in = tui_form_get(fm, "joined_on"), joined[11];
	fb_person p = {.group_id = app->group_id, .name = name, .role = role, .unit = unit,
	               .phone = phone, .joined_on = joined};
	int rc = 0;
	if (tui_form_check_required(fm, _("This field is required.")) > 0) {
		rc = -1;
	} else if (!tui_screen_date(joined_in, joined)) {
		tui_form_error(fm, "joined_on", _("not a date: write it as 2026-11-22"));
		rc = -1;
	} else if (fb_person_save(app->st, &p, &err) != FB_OK) {
		tui_form_fail(fm, &err);
		rc = -1;
	}
	free(name), free(role), free(unit), free(phone), free(joined_in);
	return rc;
}

/* Add a person to my group through a form. */
static int people_act(tui_app *app, int action, void *ctx)
{
	(void)ctx, (void)action;
	tui_form fm;
	fb_category roles[8];
	int nr = fb_category_list(app->st, FB_CAT_ROLE, roles, 8);
	tui_form_init(&fm, _("Add a person"));
	tui_form_add(&fm, "name", _("Name"), TUI_F_TEXT, 1, 16);
	tui_field *f = tui_form_add(&fm, "role", _("Role"), TUI_F_CHOICE, 1, 0);
	for (int i = 0; i < nr; i++)
		tui_form_choice(f, roles[i].code,
		                fb_lang_is_zh() ? roles[i].label_zh : roles[i].label_en);
	tui_form_set(&fm, "role", "member");
	tui_form_add(&fm, "unit", _("Comes from (unit)"), TUI_F_TEXT, 0, 60);
	tui_form_add(&fm, "phone", _("Phone"), TUI_F_TEXT, 0, 20);
	/* days missing count from this day (empty: from the start of the stay) */
	tui_form_add(&fm, "joined_on", _("Joined the stay on"), TUI_F_DATE, 0, 10);
	tui_form_set(&fm, "joined_on", app->today);
	if (tui_form_run(app, &fm, NULL, 0, save_person, NULL))
		tui_say(app, 0, "%s", _("Person added."));
	tui_form_free(&fm);
	return 2;
}

void tui_people(tui_app *app)
{
	tui_view_screen(app, _("People and groups"), people_keys, 3, people_fill, people_act, NULL);
}
