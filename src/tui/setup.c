/* setup.c - the welcome screen of an empty database: set up my work group
 * (the group, its leader and members in one form), or open demo data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "runner.h"
#include "screens.h"

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

