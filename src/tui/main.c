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

#include "fieldbook/disk.h"
#include "tui.h"
#include "dialog.h"
#include "screens.h"
#include "term.h"

/* ---- who is working ---- */

/* Everyone in every live group, to choose from (as many as there are). */
typedef struct people_pick {
	int64_t *ids;
	char **labels;
	int n, cap;
	fb_store *st;
	const char *group; /* name of the group being walked */
} people_pick;

/* One person as a line of the picker: name (group, role). */
static int pick_person(const fb_person *p, void *ctx)
{
	people_pick *pk = ctx;
	char label[256];
	if (pk->n == pk->cap) {
		pk->cap = pk->cap ? pk->cap * 2 : 32;
		pk->ids = tui_xrealloc(pk->ids, (size_t)pk->cap * sizeof *pk->ids);
		pk->labels = tui_xrealloc(pk->labels, (size_t)pk->cap * sizeof *pk->labels);
	}
	snprintf(label, sizeof label, "%s  (%s, %s)", p->name, pk->group,
	         fb_category_label(pk->st, FB_CAT_ROLE, p->role));
	pk->ids[pk->n] = p->id;
	pk->labels[pk->n] = tui_xstrdup(label);
	pk->n++;
	return 0;
}

/* The live groups (as many as there are). */
typedef struct group_list {
	int64_t *ids;
	char **names;
	int n, cap;
} group_list;

/* One live group's id and name into the list. */
static int collect_group(const fb_group *g, void *ctx)
{
	group_list *gl = ctx;
	if (gl->n == gl->cap) {
		gl->cap = gl->cap ? gl->cap * 2 : 16;
		gl->ids = tui_xrealloc(gl->ids, (size_t)gl->cap * sizeof *gl->ids);
		gl->names = tui_xrealloc(gl->names, (size_t)gl->cap * sizeof *gl->names);
	}
	gl->ids[gl->n] = g->id;
	gl->names[gl->n] = tui_xstrdup(g->name);
	gl->n++;
	return 0;
}

/* One of HQ's staff (no group) as a line of the picker. */
static int pick_hq_person(const fb_person *p, void *ctx)
{
	return p->group_id || strcmp(p->role, "hq") ? 0 : pick_person(p, ctx);
}

/* Read who may be working into pk: at HQ its staff, at a station everyone
 * of every live group; FB_OK or the core's error. */
static fb_status read_people(tui_app *app, people_pick *pk, fb_error *err)
{
	group_list gl = {0};
	pk->st = app->st;
	if (app->hq) {
		char fed[128], dept[128], where[260];
		if (fb_hq_names(app->st, fed, dept, sizeof fed, err) != FB_OK)
			return err->code;
		snprintf(where, sizeof where, "%s%s%s", fed[0] ? fed : _("Headquarters"),
		         dept[0] ? " " : "", dept);
		pk->group = where;
		return fb_person_each(app->st, 0, pick_hq_person, pk, err);
	}
	fb_status st = fb_group_each(app->st, collect_group, &gl, err);
	for (int i = 0; i < gl.n && st == FB_OK; i++) {
		pk->group = gl.names[i];
		st = fb_person_each(app->st, gl.ids[i], pick_person, pk, err);
	}
	for (int i = 0; i < gl.n; i++)
		free(gl.names[i]);
	free(gl.ids), free(gl.names);
	return st;
}

/* Free what read_people collected. */
static void people_free(people_pick *pk)
{
	for (int i = 0; i < pk->n; i++)
		free(pk->labels[i]);
	free(pk->ids), free(pk->labels);
}

/* Sign person in (who: their line in the picker): ask for their password
 * (the first sign-in sets it; a demo database shows its password) until
 * it is right or Esc; intro (NULL: none) opens the note. 1 signed in, 0
 * Esc, -1 a database error (err). */
static int sign_in(tui_app *app, int64_t person, const char *who, const char *intro,
                   fb_error *err)
{
	char secret[160], prompt[300], note[600] = "";
	if (intro)
		snprintf(note, sizeof note, "%s ", intro);
	int has = fb_auth_has_secret(app->st, person, err);
	if (has < 0)
		return -1;
	if (!has)
		snprintf(note + strlen(note), sizeof note - strlen(note), "%s",
		         _("No password yet: the one typed now becomes theirs (a PIN of at least 6 "
		           "digits, or a password of at least 8 characters)."));
	if (fb_auth_is_demo(app->st))
		snprintf(note + strlen(note), sizeof note - strlen(note),
		         _("%sDemo database: everyone's password is %s"), note[0] ? " " : "",
		         FB_DEMO_PASSWORD);
	char safe[200];
	fb_text_visible(who, 0, safe, sizeof safe);
	snprintf(prompt, sizeof prompt, _("Password or PIN for %s:"), safe);
	for (;;) {
		if (!tui_ask_secret(app, _("Sign in"), prompt, note[0] ? note : NULL, secret,
		                    sizeof secret))
			return 0;
		fb_error e = {0};
		fb_auth_result r;
		fb_status s = fb_auth_sign_in_id(app->st, person, secret, &r, &e);
		explicit_bzero(secret, sizeof secret);
		if (s == FB_OK) {
			if (r.must_change)
				tui_say(app, 0, "%s", _("Your password was reset: change it with "
				                        "'fieldbook --as NAME person passwd'."));
			return 1;
		}
		/* a database that cannot be written: a first sign-in cannot set
		 * the password; say so and ask again (Esc: someone else) */
		if ((s == FB_EDB && !fb_store_readonly(app->st)) || s == FB_EBUSY) {
			*err = e;
			return -1;
		}
		snprintf(note, sizeof note, "%s", e.msg);
	}
}

/* Ask who is working, the person remembered from last time first. 1 when
 * someone is now, 0 when nobody was chosen (Esc, or nobody to choose: then
 * *none is set), -1 on a database error (err). */
static int who_is_working(tui_app *app, int *none, fb_error *err)
{
	people_pick pk = {0};
	int rc = 0, initial = 0;
	*none = 0;
	if (!app->me)
		tui_me_load(app);
	if (read_people(app, &pk, err) != FB_OK) {
		people_free(&pk);
		return -1;
	}
	for (int i = 0; i < pk.n; i++)
		if (pk.ids[i] == app->me)
			initial = i;
	*none = pk.n == 0;
	while (pk.n > 0) {
		int i = tui_pick(app, _("Who is working?"),
		                 _("This laptop is shared by the group. Who is working now?"),
		                 (const char **)pk.labels, pk.n, initial);
		if (i < 0)
			break;
		initial = i;
		int s = sign_in(app, pk.ids[i], pk.labels[i], NULL, err);
		if (s < 0) {
			rc = -1;
			break;
		}
		if (s > 0) {
			rc = tui_me_set(app, pk.ids[i], err) == FB_OK ? 1 : -1;
			break;
		}
	}
	people_free(&pk);
	return rc;
}

/* ---- a draft offered back ---- */

/* A person as the sign-in prompt names them: name (group, role), made
 * visible, into buf. */
static const char *person_label(tui_app *app, const fb_person *p, char *buf, size_t size)
{
	fb_group g = {0};
	char group[128] = "";
	if (p->group_id && fb_group_get(app->st, p->group_id, &g, NULL) == FB_OK)
		snprintf(group, sizeof group, "%s", g.name);
	fb_group_free(&g);
	snprintf(buf, size, "%s  (%s, %s)", p->name, group[0] ? group : _("Headquarters"),
	         fb_category_label(app->st, FB_CAT_ROLE, p->role));
	return buf;
}

/* The question that offers a draft back: what, whose (owner NULL: the
 * draft does not say), when. */
static void draft_question(const tui_draft_file *df, const char *owner, char *q, size_t size)
{
	char when[32] = "";
	struct tm tm;
	if (df->saved && localtime_r(&df->saved, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	const char *what = !strcmp(df->kind, "log")      ? _("a daily log")
	                   : !strcmp(df->kind, "ticket") ? _("a ticket")
	                                                 : _("a form");
	if (owner)
		snprintf(q, size, _("%s left an unsaved draft of %s (%s). Open it?"), owner, what,
		         when);
	else
		snprintf(q, size, _("An unsaved draft of %s (%s) was kept. Open it?"), what, when);
}

/* Offer a saved draft back, saying whose it is; called once after start.
 * A draft is its writer's: opening someone else's asks them to sign in
 * and makes them the person working, so the record carries their name
 * (Esc at their password: the draft is kept for them). */
static void offer_draft(tui_app *app)
{
	tui_draft_file df;
	fb_person owner = {0};
	char q[400];
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
	int known = df.person && fb_person_get(app->st, df.person, &owner, NULL) == FB_OK &&
	            !owner.deleted;
	draft_question(&df, known ? owner.name : NULL, q, sizeof q);
	if (tui_confirm(app, q)) {
		fb_error err;
		char buf[600];
		if (known && owner.id != app->me) {
			/* the writer signs in: the record is saved in their name */
			int s = sign_in(app, owner.id, person_label(app, &owner, buf, sizeof buf),
			                NULL, &err);
			if (s > 0 && tui_me_set(app, owner.id, &err) != FB_OK)
				s = -1;
			if (s <= 0) { /* Esc: the draft stays for its writer */
				char name[200];
				fb_text_visible(owner.name, 0, name, sizeof name);
				if (s < 0)
					tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
				else
					tui_say(app, 0,
					        _("The draft is kept for %s: it is offered "
					          "again at the next start."),
					        name);
				fb_person_free(&owner);
				tui_draft_file_free(&df);
				return;
			}
			tui_say(app, 0,
			        _("%s is working now (the draft is theirs); press w to change."),
			        app->me_name);
		}
		memcpy(app->draft.restore_uuid, df.uuid, sizeof app->draft.restore_uuid);
		if (!strcmp(df.kind, "log"))
			tui_log_form(app, df.id, df.text);
		else if (!strcmp(df.kind, "ticket"))
			tui_ticket_form(app, df.id, df.text);
	} else if (!app->quit && known && owner.id != app->me) {
		/* not theirs to throw away: it stays for its writer */
		char name[200];
		fb_text_visible(owner.name, 0, name, sizeof name);
		tui_say(app, 0, _("The draft is kept for %s: it is offered again at the next start."),
		        name);
	} else if (!app->quit) {
		tui_draft_remove(&app->draft);
	}
	fb_person_free(&owner);
	tui_draft_file_free(&df);
}

/* ---- start and the screen loop ---- */

/* The idle lock (app->lock): the one working was away; they sign in again
 * to go on where they were, or Esc quits (a draft is kept for them). */
static int relock(tui_app *app)
{
	char intro[300], who[200];
	snprintf(intro, sizeof intro,
	         _("Locked: nobody pressed a key for %d minutes. Sign in again to go on; Esc "
	           "quits (what was being typed is kept)."),
	         (app->idle_lock + 59) / 60);
	snprintf(who, sizeof who, "%s", app->me_name);
	fb_error err = {0};
	int64_t me = app->me;
	int s = sign_in(app, me, who, intro, &err);
	if (s < 0)
		tui_say(app, 1, "%s", err.msg);
	return s > 0;
}

/* w on the home screen: someone else is working now (Esc: no change). */
static void who_again(tui_app *app)
{
	fb_error err;
	char buf[600];
	int none;
	if (who_is_working(app, &none, &err) < 0)
		tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
}

/* Take the home screen's choices to their screens until it quits. */
static void screen_loop(tui_app *app)
{
	while (!app->quit) {
		switch (app->hq ? tui_hq_home(app) : tui_home(app)) {
		case TUI_GO_QUIT: return;
		case TUI_GO_LOGS: tui_logs(app); break;
		case TUI_GO_TICKETS: tui_tickets(app, 0); break;
		case TUI_GO_MINE: tui_tickets(app, 1); break;
		case TUI_GO_NEWLOG: tui_log_form(app, 0, NULL); break;
		case TUI_GO_NEWTICKET: tui_ticket_form(app, 0, NULL); break;
		case TUI_GO_PEOPLE: tui_people(app); break;
		case TUI_GO_WHO: who_again(app); break;
		case TUI_GO_REPORTS: tui_reports(app); break;
		case TUI_GO_SYNC: tui_sync(app); break;
		case TUI_GO_DUE: tui_reports_due(app); break;
		case TUI_GO_LEDGER: tui_ledger(app); break;
		case TUI_GO_INBOX: tui_inbox(app); break;
		case TUI_GO_CONFLICTS: tui_conflicts(app); break;
		}
	}
}

/* 1 if the locale's character set is UTF-8. */
static int utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}

/* The terminal given back, a message on stderr, exit code 1. */
static void fail(tui_app *app, const char *msg)
{
	tui_term_end();
	fprintf(stderr, _("fieldbook: %s"), msg);
	fputc('\n', stderr);
	app->exit_code = 1;
}

/* Everything after the terminal is up: first run, who, draft, screens. */
static void run(tui_app *app)
{
	fb_error err;
	char buf[600];
	int none;
	int isnew = fb_store_is_new(app->st, &err);
	if (isnew < 0) { /* busy or damaged: never the first run */
		fail(app, fb_error_format(&err, buf, sizeof buf));
		return;
	}
	if (isnew && tui_first_run(app) != 0)
		return;
	if (app->quit)
		return;
	if ((app->hq = fb_hq_is(app->st, &err)) < 0) {
		fail(app, fb_error_format(&err, buf, sizeof buf));
		return;
	}
	/* asked at every start (the laptop is shared), but not right after the
	 * group was set up: its leader, who did that, is working */
	if (!(isnew && app->me)) {
		int r = who_is_working(app, &none, &err);
		if (r < 0)
			fail(app, fb_error_format(&err, buf, sizeof buf));
		else if (r == 0 && none && !app->quit)
			/* a group without people: nobody can write; say how to fix it */
			fail(app,
			     app->hq ? _("headquarters has no staff; add someone with "
			                 "'fieldbook person add --role hq'.")
			             : _("nobody is registered in this database's work groups; add "
			                 "someone with 'fieldbook person add'."));
		if (r <= 0)
			return;
	}
	for (;;) {
		if (!app->quit)
			offer_draft(app);
		if (!app->quit)
			screen_loop(app);
		if (!app->switching)
			return;
		/* F2: someone else is working now; Esc leaves fieldbook */
		app->switching = app->quit = 0;
		fb_auth_sign_out(app->st);
		int r = who_is_working(app, &none, &err);
		if (r < 0)
			fail(app, fb_error_format(&err, buf, sizeof buf));
		if (r <= 0)
			return;
	}
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
		fprintf(stderr, "%s\n",
		        _("fieldbook: the front end needs a terminal; see "
		          "'fieldbook --help' for the commands."));
		return 2;
	}
	/* the default path's folders may be missing on a fresh machine (as the
	 * CLI, the front end makes them) */
	/* a database that cannot be written (a copy on a read-only stick) is
	 * shown as it is; the status line says so, and so does every save */
	int oflags = FB_OPEN_CREATE | FB_OPEN_MAY_READONLY |
	             ((flags & FB_TUI_MKDIRS) ? FB_OPEN_MKDIRS : 0);
	if (fb_store_open(db_path, oflags, &app.st, &err) != FB_OK) {
		char buf[600];
		fprintf(stderr, _("fieldbook: %s"), fb_error_format(&err, buf, sizeof buf));
		fputc('\n', stderr);
		return 1;
	}
	app.db_path = db_path;
	/* what a killed export or editor session left behind goes */
	if (!fb_store_readonly(app.st))
		fb_disk_clean_leftovers(db_path);
	snprintf(app.draft.path, sizeof app.draft.path, "%s.draft", db_path);
	snprintf(app.today, sizeof app.today, "%s", fb_date_format(fb_today(), date));
	const char *e = getenv("FIELDBOOK_EXIT_AFTER_FIRST_DRAW");
	app.exit_after_draw = e && *e && strcmp(e, "0");
	e = getenv("FIELDBOOK_DRAFT_INTERVAL");
	app.draft.interval = e && atoi(e) > 0 ? atoi(e) : 3;
	/* the shared laptop locks after ten idle minutes (seconds; 0: never) */
	e = getenv("FIELDBOOK_IDLE_LOCK");
	app.idle_lock = e && *e ? atoi(e) : 600;
	app.lock = relock;
	if (tui_term_init() != 0) {
		fprintf(stderr, "%s\n", _("fieldbook: cannot use this terminal (is TERM set?)"));
		fb_store_close(app.st);
		return 1;
	}
	tui_resize(&app);
	/* what cannot be had (write-ahead logging, writing at all) is said once */
	if (fb_store_warning(app.st))
		tui_say(&app, 1, "%s", fb_store_warning(app.st));
	run(&app);
	tui_term_end();
	tui_cbuf_free(app.buf);
	fb_store_close(app.st);
	return app.exit_code;
}
