/* setup.c - the welcome screen of an empty database: set up my work group
 * (the group, its leader and members in one form), start a station from
 * HQ's kit, set up headquarters (its names and staff), or open demo data. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sync.h"
#include "fieldbook/limits.h"
#include "dialog.h"
#include "fields.h"
#include "runner.h"
#include "screens.h"

/* Length of the separator at p (, ; space 、 ， ；), 0 if none. */
static int separator(const char *p)
{
	if (*p == ',' || *p == ';' || *p == ' ')
		return 1;
	return !strncmp(p, "、", 3) || !strncmp(p, "，", 3) || !strncmp(p, "；", 3) ? 3 : 0;
}

/* Split "李明、王芳, 张伟" in place into names, as many as there are (a
 * full-width space pads a name, 李　习, and only separates at its ends).
 * *out is malloc'd (caller frees); returns the count. */
static int split_names(char *s, char ***out)
{
	int n = 0, k;
	char *p = s;
	*out = tui_xcalloc(strlen(s) + 1, sizeof **out);
	while (*p) {
		while ((k = separator(p)) || !strncmp(p, "　", 3))
			p += k ? k : 3;
		if (!*p)
			break;
		(*out)[n++] = p;
		while (*p && !separator(p))
			p++;
		if ((k = separator(p))) {
			memset(p, 0, (size_t)k);
			p += k;
		}
	}
	return n;
}

/* The day the people set up with a group joined its stay (as fieldbook
 * init): its first day, else today, unknown ("") for a stay already over. */
static void joined_on(const tui_app *app, const char *start, const char *end, char out[11])
{
	snprintf(out, 11, "%s", start[0] ? start : app->today);
	if (!start[0] && end[0] && strcmp(app->today, end) > 0)
		out[0] = '\0';
}

/* Save the people of the group form (the leader first); 0 or -1 with err
 * naming the field. *leader_id gets the leader's id. */
static int save_people(tui_app *app, tui_form *fm, int64_t group_id, const char *joined,
                       int64_t *leader_id, fb_error *err)
{
	char *leader = tui_form_get(fm, "leader"), *members = tui_form_get(fm, "members");
	char **names;
	int n = split_names(members, &names), rc = 0;
	for (int i = -1; i < n && rc == 0; i++) {
		fb_person p = {.group_id = group_id,
		               .name = i < 0 ? leader : names[i],
		               .role = (char *)(i < 0 ? "leader" : "member"),
		               .joined_on = (char *)joined};
		/* the leader is the database's first person (fb_auth_first_person),
		 * who then adds the members; their password is set at their first
		 * sign-in */
		fb_status s = i < 0 ? fb_auth_first_person(app->st, &p, NULL, err)
		                    : fb_person_save(app->st, &p, err);
		if (s != FB_OK) {
			snprintf(err->field, sizeof err->field, "%s", i < 0 ? "leader" : "members");
			rc = -1;
		} else if (i < 0) {
			*leader_id = p.id;
		}
	}
	free(names), free(leader), free(members);
	return rc;
}

/* Save the group form: the group, its leader and members in one
 * transaction; the leader becomes the person working. */
static int save_group(tui_app *app, tui_form *fm, void *ctx)
{
	(void)ctx;
	fb_error err;
	char start[11], end[11], joined[11];
	int bad = tui_form_check_required(fm, _("This field is required."));
	bad += !tui_form_date(fm, "started_on", start);
	bad += !tui_form_date(fm, "ends_on", end);
	if (bad)
		return -1;
	char *name = tui_form_get(fm, "name"), *station = tui_form_get(fm, "station");
	char *kind = tui_form_get(fm, "station_kind"), *county = tui_form_get(fm, "county");
	char *sup = tui_form_get(fm, "supervisor");
	int rc = -1;
	int64_t leader = 0;
	fb_group g = {.name = name,
	              .station = station,
	              .county = county,
	              .supervisor = sup,
	              .station_kind = kind,
	              .started_on = start[0] ? start : NULL,
	              .ends_on = end[0] ? end : NULL};
	joined_on(app, start, end, joined);
	if (fb_store_begin(app->st, &err) != FB_OK) {
		tui_form_fail(fm, &err);
		goto done;
	}
	if (fb_group_save(app->st, &g, &err) != FB_OK ||
	    save_people(app, fm, g.id, joined, &leader, &err) != 0 ||
	    tui_me_set(app, leader, &err) != FB_OK || fb_store_commit(app->st, &err) != FB_OK) {
		fb_store_rollback(app->st);
		app->me = 0; /* the leader may have been made the person working */
		fb_auth_sign_out(app->st);
		tui_form_fail(fm, &err);
		goto done;
	}
	rc = 0;
done:
	free(name), free(station), free(kind), free(county), free(sup);
	return rc;
}

/* The group form; 0 when the group was saved, -1 when left. */
static int set_up_group(tui_app *app)
{
	tui_form fm;
	tui_form_init(&fm, _("Set up my work group"));
	tui_form_add_limited(&fm, "work_groups", "name", _("Work group"), TUI_F_TEXT, 1);
	tui_form_add_limited(&fm, "work_groups", "station", _("Station"), TUI_F_TEXT, 1);
	tui_choices_category(
		app, tui_form_add(&fm, "station_kind", _("Kind of station"), TUI_F_CHOICE, 1, 0),
		FB_CAT_STATION, NULL);
	tui_form_set(&fm, "station_kind", "town");
	tui_form_add_limited(&fm, "work_groups", "county", _("County/district"), TUI_F_TEXT, 0);
	tui_form_add(&fm, "started_on", _("Stay starts on"), TUI_F_DATE, 0, 16);
	tui_form_add(&fm, "ends_on", _("Stay ends on"), TUI_F_DATE, 0, 16);
	tui_form_add_limited(&fm, "work_groups", "supervisor", _("Supervising leader"), TUI_F_TEXT,
	                     0);
	/* a person's name, as people.name */
	tui_form_add(&fm, "leader", _("Group leader"), TUI_F_TEXT, 1,
	             (size_t)fb_limit_get("people", "name")->max);
	tui_form_add(&fm, "members", _("Members (separate with 、)"), TUI_F_TEXT, 0, 200);
	int saved = tui_form_run(app, &fm, NULL, 0, save_group, NULL);
	tui_form_free(&fm);
	return saved ? 0 : -1;
}

/* Save the headquarters form: HQ's names and staff (fb_hq_setup, one
 * transaction); the first of the staff becomes the person working. */
static int save_hq(tui_app *app, tui_form *fm, void *ctx)
{
	(void)ctx;
	fb_error err;
	if (tui_form_check_required(fm, _("This field is required.")))
		return -1;
	char *fed = tui_form_get(fm, "federation"), *dept = tui_form_get(fm, "department");
	char *names = tui_form_get(fm, "staff"), **staff;
	int n = split_names(names, &staff), rc = -1;
	int64_t first = 0;
	fb_hq_info in = {.federation = fed,
	                 .department = dept,
	                 .staff = (const char *const *)staff,
	                 .nstaff = n};
	if (fb_hq_setup(app->st, &in, &first, &err) != FB_OK || tui_me_set(app, first, &err) != FB_OK)
		tui_form_fail(fm, &err);
	else
		rc = 0;
	free(staff), free(names), free(fed), free(dept);
	return rc;
}

/* The headquarters form; 0 when HQ was set up, -1 when left. Groups and
 * their rosters arrive with their first bundles (the inbox). */
static int set_up_hq(tui_app *app)
{
	tui_form fm;
	tui_form_init(&fm, _("Set up headquarters"));
	tui_form_add_limited(&fm, "hq", "federation", _("Federation"), TUI_F_TEXT, 1);
	tui_form_add_limited(&fm, "hq", "department", _("Department"), TUI_F_TEXT, 0);
	tui_form_add(&fm, "staff", _("HQ staff (separate with 、)"), TUI_F_TEXT, 1, 200);
	int saved = tui_form_run(app, &fm, NULL, 0, save_hq, NULL);
	tui_form_free(&fm);
	if (saved)
		tui_say(app, 0, "%s",
		        _("Headquarters is set up: import the groups' bundles from the "
		          "inbox (press b)."));
	return saved ? 0 : -1;
}

/* Progress of the demo generator: redraw the bar. */
static int demo_progress(long done, long total, void *ctx)
{
	tui_app *app = ctx;
	tui_progress(app, _("Creating demo data..."), done, total);
	return app->quit;
}

/* Demo data made with a progress bar; 0, or -1 with the error said. */
static int open_demo(tui_app *app)
{
	const char *e = getenv("FIELDBOOK_DEMO_LOGS");
	fb_demo_opts o = {.logs = e && atol(e) > 0 ? atol(e) : 2000,
	                  .groups = 2,
	                  .seed = 1,
	                  .end_on = app->today,
	                  .progress = demo_progress,
	                  .ctx = app};
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

/* The kit form's save: the file readable, then HQ's one-time passphrase,
 * then the kit imported (roster, targets, HQ's keys pinned). A wrong
 * passphrase or a damaged kit writes nothing and stays in the form with the
 * reason; ctx gets the import's summary. */
static int read_kit(tui_app *app, tui_form *fm, void *ctx)
{
	if (tui_form_check_required(fm, _("This field is required.")))
		return -1;
	char *path = tui_form_get(fm, "path"), pass[256];
	int rc = -1;
	if (access(path, R_OK) != 0) {
		tui_form_error(fm, "path", strerror(errno));
	} else if (tui_ask_secret(app, _("Start from HQ's station kit"),
	                          _("The kit's passphrase (HQ reads it out): "), NULL, pass,
	                          sizeof pass)) {
		fb_import_opts o = {
			.passphrase = pass, .progress = tui_sync_progress, .progress_ctx = app};
		fb_error err = {0};
		if (fb_bundle_import(app->st, path, &o, ctx, &err) == FB_OK)
			rc = 0;
		else
			tui_form_fail(fm, &err);
		explicit_bzero(pass, sizeof pass);
	}
	free(path);
	return rc;
}

/* A station started from the kit HQ wrote for it (as fieldbook init --from);
 * its people set their passwords at their first sign-in, next. 0 when done. */
static int start_from_kit(tui_app *app)
{
	tui_form fm;
	fb_sync_summary *sum = tui_xcalloc(1, sizeof *sum);
	tui_form_init(&fm, _("Start from HQ's station kit"));
	tui_form_add(&fm, "path", _("Kit file"), TUI_F_TEXT, 1, 1000);
	snprintf(fm.message, sizeof fm.message, "%s",
	         _("The kit is the file HQ wrote for this station (fieldbook export --kit); HQ "
	           "reads its passphrase out over the phone."));
	int saved = tui_form_run(app, &fm, NULL, 0, read_kit, sum);
	tui_form_free(&fm);
	if (saved)
		tui_say(app, 0,
		        _("Station set up from the kit: %s, HQ's keys pinned (fingerprint %s)."),
		        sum->source_group_name[0] ? sum->source_group_name : _("headquarters"),
		        sum->fingerprint);
	free(sum);
	return saved ? 0 : -1;
}

int tui_first_run(tui_app *app)
{
	const char *labels[] = {_("Set up my work group"),
	                        _("Start my station from HQ's kit (a file and a passphrase from "
	                          "HQ)"),
	                        _("Set up headquarters (the city federation: every "
	                          "group's bundles come here)"),
	                        _("Open demo data (to try fieldbook out)"), _("Quit")};
	for (;;) {
		int i = tui_pick(app, _("Welcome"),
		                 _("This database is empty. What would you like to do?"), labels, 5,
		                 0);
		if (i == 0 && set_up_group(app) == 0)
			return 0;
		if (i == 1 && start_from_kit(app) == 0)
			return 0;
		if (i == 2 && set_up_hq(app) == 0)
			return 0;
		if (i == 3 && open_demo(app) == 0)
			return 0;
		if (i < 0 || i == 4 || app->quit)
			return -1;
	}
}
