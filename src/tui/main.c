/* main.c - the front end's entry point fb_tui_run, above every screen: start
 * (locale, terminal, database), the first run, who is working, a draft
 * offered back, and the screen loop that takes the home screen's choice to
 * the screen chosen. */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fieldbook/tui.h"
#include "dialog.h"
#include "screens.h"
#include "term.h"

/* ---- who is working ---- */

/* Load who I am from the meta table; 0 if nobody valid is remembered. */
static int load_me(tui_app *app)
{
	char *v = fb_meta_get(app->st, "tui.current_person");
	fb_person p = {0};
	fb_group g = {0};
	int ok = 0;
	if (v && fb_person_get(app->st, strtoll(v, NULL, 10), &p, NULL) == FB_OK && !p.deleted) {
		app->me = p.id;
		snprintf(app->me_name, sizeof app->me_name, "%s", p.name);
		app->group_id = p.group_id;
		app->group_name[0] = '\0';
		if (p.group_id && fb_group_get(app->st, p.group_id, &g, NULL) == FB_OK)
			snprintf(app->group_name, sizeof app->group_name, "%s", g.name);
		fb_group_free(&g);
		ok = 1;
	}
	fb_person_free(&p);
	free(v);
	return ok;
}

/* People to choose from: everyone in every live group. */
typedef struct people_pick {
	int64_t ids[256];
	char labels[256][160];
	int n;
	fb_store *st;
	const char *group; /* name of the group being walked */
} people_pick;

static int pick_person(const fb_person *p, void *ctx)
{
	people_pick *pk = ctx;
	if (pk->n >= 256)
		return 1;
	pk->ids[pk->n] = p->id;
	snprintf(pk->labels[pk->n], sizeof pk->labels[0], "%s  (%s, %s)", p->name, pk->group,
	         fb_category_label(pk->st, FB_CAT_ROLE, p->role));
	pk->n++;
	return 0;
}

typedef struct group_ids { int64_t ids[64]; char names[64][128]; int n; } group_ids;

static int collect_group(const fb_group *g, void *ctx)
{
	group_ids *gi = ctx;
	if (gi->n >= 64)
		return 1;
	gi->ids[gi->n] = g->id;
	snprintf(gi->names[gi->n], sizeof gi->names[0], "%s", g->name);
	gi->n++;
	return 0;
}

/* Ask who is working (force: even when someone is remembered); 0 when
 * someone is, -1 when nobody was chosen. */
static int who_am_i(tui_app *app, int force)
{
	if (!force && load_me(app))
		return 0;
	people_pick *pk = tui_xcalloc(1, sizeof *pk);
	group_ids *gi = tui_xcalloc(1, sizeof *gi);
	pk->st = app->st;
	fb_group_each(app->st, collect_group, gi, NULL);
	for (int i = 0; i < gi->n; i++) {
		pk->group = gi->names[i];
		fb_person_each(app->st, gi->ids[i], pick_person, pk, NULL);
	}
	const char *labels[256];
	int initial = 0;
	for (int i = 0; i < pk->n; i++) {
		labels[i] = pk->labels[i];
		if (pk->ids[i] == app->me)
			initial = i;
	}
	int rc = -1;
	if (pk->n > 0) {
		int i = tui_pick(app, _("Who is working?"),
		                 _("This laptop is shared by the group. Who is working now?"),
		                 labels, pk->n, initial);
		if (i >= 0) {
			char v[32];
			fb_error err;
			snprintf(v, sizeof v, "%lld", (long long)pk->ids[i]);
			if (fb_meta_set(app->st, "tui.current_person", v, &err) == FB_OK &&
			    load_me(app))
				rc = 0;
		}
	}
	free(pk);
	free(gi);
	return rc;
}

static int any_person(const fb_person *p, void *ctx)
{
	(void)p;
	*(int *)ctx = 1;
	return 1;
}

/* 1 if some live group has someone in it. */
static int people_exist(tui_app *app)
{
	group_ids gi = {0};
	int found = 0;
	fb_group_each(app->st, collect_group, &gi, NULL);
	for (int i = 0; i < gi.n && !found; i++)
		fb_person_each(app->st, gi.ids[i], any_person, &found, NULL);
	return found;
}

/* ---- a draft offered back ---- */

/* Offer a saved draft back; called once after start. */
static void offer_draft(tui_app *app)
{
	tui_draft_file df;
	char q[256], when[32] = "";
	tui_draft_remove_stale(&app->draft);
	if (!tui_draft_load(app->draft.path, &df))
		return;
	/* A new record's draft whose record exists: the save committed and the
	 * process died before it could remove the draft. */
	const char *table = !strcmp(df.kind, "log")      ? "logs"
	                    : !strcmp(df.kind, "ticket") ? "tickets"
	                                                 : NULL;
	if (!df.id && df.uuid[0] && table && fb_store_id_of(app->st, table, df.uuid) > 0) {
		tui_draft_remove(&app->draft);
		tui_draft_file_free(&df);
		return;
	}
	struct tm tm;
	if (df.saved && localtime_r(&df.saved, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	const char *what = !strcmp(df.kind, "log")      ? _("a daily log")
	                   : !strcmp(df.kind, "ticket") ? _("a ticket")
	                                                : _("a form");
	snprintf(q, sizeof q, _("An unsaved draft of %s (%s) was kept. Open it?"), what, when);
	if (tui_confirm(app, q)) {
		memcpy(app->draft.restore_uuid, df.uuid, sizeof app->draft.restore_uuid);
		if (!strcmp(df.kind, "log"))
			tui_log_form(app, df.id, df.text);
		else if (!strcmp(df.kind, "ticket"))
			tui_ticket_form(app, df.id, df.text);
	} else if (!app->quit) {
		tui_draft_remove(&app->draft);
	}
	tui_draft_file_free(&df);
}

/* ---- start and the screen loop ---- */

/* Take the home screen's choices to their screens until it quits. */
static void screen_loop(tui_app *app)
{
	while (!app->quit) {
		switch (tui_home(app)) {
		case TUI_GO_QUIT: return;
		case TUI_GO_LOGS: tui_logs(app); break;
		case TUI_GO_TICKETS: tui_tickets(app, 0); break;
		case TUI_GO_MINE: tui_tickets(app, 1); break;
		case TUI_GO_NEWLOG: tui_log_form(app, 0, NULL); break;
		case TUI_GO_NEWTICKET: tui_ticket_form(app, 0, NULL); break;
		case TUI_GO_PEOPLE: tui_people(app); break;
		case TUI_GO_WHO: who_am_i(app, 1); break;
		case TUI_GO_REPORTS: tui_reports(app); break;
		case TUI_GO_SYNC: tui_sync(app); break;
		}
	}
}

/* 1 if the locale's character set is UTF-8. */
static int utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}

/* Everything after the terminal is up: first run, who, draft, screens. */
static void run(tui_app *app)
{
	if (!app->exit_after_draw || !fb_store_is_new(app->st)) {
		if (fb_store_is_new(app->st) && tui_first_run(app) != 0)
			return;
	} else {
		tui_first_run(app); /* benchmark on an empty database: the first screen */
		return;
	}
	if (app->quit)
		return;
	if (who_am_i(app, 0) != 0) {
		if (!app->me && !app->quit && !people_exist(app)) {
			/* a group without people: nobody can write; say how to fix it */
			tui_term_end();
			fprintf(stderr, "%s\n",
			        _("fieldbook: nobody is registered in this database's "
			          "work groups; add someone with 'fieldbook person add'."));
			app->exit_code = 1;
		}
		return;
	}
	if (!app->quit)
		offer_draft(app);
	if (!app->quit)
		screen_loop(app);
}

int fb_tui_run(const char *db_path, int flags)
{
	tui_app app;
	fb_error err;
	char date[11];
	memset(&app, 0, sizeof app);
	if (!utf8_locale()) {
		fprintf(stderr, "%s\n",
		        _("fieldbook: the terminal's locale is not UTF-8, so Chinese "
		          "text cannot be shown or typed. Set LANG=zh_CN.UTF-8 (or "
		          "en_US.UTF-8) and start again."));
		return 1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n", _("fieldbook: the front end needs a terminal; see "
		                          "'fieldbook --help' for the commands."));
		return 2;
	}
	/* the default path's folders may be missing on a fresh machine (as the
	 * CLI, the front end makes them) */
	int oflags = FB_OPEN_CREATE | ((flags & FB_TUI_MKDIRS) ? FB_OPEN_MKDIRS : 0);
	if (fb_store_open(db_path, oflags, &app.st, &err) != FB_OK) {
		char buf[600];
		fprintf(stderr, _("fieldbook: %s"), fb_error_format(&err, buf, sizeof buf));
		fputc('\n', stderr);
		return 1;
	}
	app.db_path = db_path;
	snprintf(app.draft.path, sizeof app.draft.path, "%s.draft", db_path);
	snprintf(app.today, sizeof app.today, "%s", fb_date_format(fb_today(), date));
	const char *e = getenv("FIELDBOOK_EXIT_AFTER_FIRST_DRAW");
	app.exit_after_draw = e && *e && strcmp(e, "0");
	e = getenv("FIELDBOOK_DRAFT_INTERVAL");
	app.draft.interval = e && atoi(e) > 0 ? atoi(e) : 3;
	if (tui_term_init() != 0) {
		fprintf(stderr, "%s\n", _("fieldbook: cannot use this terminal (is TERM set?)"));
		fb_store_close(app.st);
		return 1;
	}
	tui_resize(&app);
	run(&app);
	tui_term_end();
	tui_cbuf_free(app.buf);
	fb_store_close(app.st);
	return app.exit_code;
}
