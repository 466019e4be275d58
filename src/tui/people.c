/* people.c - the people and groups screen: every live group with its
 * station and people; adding a person to my group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "runner.h"
#include "screens.h"

typedef struct people_ctx {
	tui_app *app;
	tui_view *v;
	fb_error err; /* the first error reading the people */
	int failed;
} people_ctx;

/* One column of a person's line: the text made visible (controls escaped),
 * then fitted to exactly cols display columns and a space, so names of
 * different widths (李　习, 王伟, 欧阳明) line up. */
static size_t column(const char *text, int cols, char *out, size_t size)
{
	char *safe = fb_text_visible_dup(text ? text : "", 0);
	fb_text_fit(safe ? safe : "", cols, out, size - 1);
	free(safe);
	size_t n = strlen(out);
	out[n++] = ' ', out[n] = '\0';
	return n;
}

/* One person as aligned columns: name, role, unit, phone, joined. */
static int people_line(const fb_person *p, void *ctx)
{
	people_ctx *pc = ctx;
	char line[800], joined[64] = "";
	size_t o = 0;
	if (p->joined_on && *p->joined_on)
		snprintf(joined, sizeof joined, _("joined %s"), p->joined_on);
	o += column(p->name, 10, line + o, sizeof line - o);
	o += column(fb_category_label(pc->app->st, FB_CAT_ROLE, p->role), 12, line + o,
	            sizeof line - o);
	o += column(p->unit, 18, line + o, sizeof line - o);
	o += column(p->phone, 13, line + o, sizeof line - o);
	snprintf(line + o, sizeof line - o, "%s", joined);
	tui_view_add(pc->v, p->id == pc->app->me ? TUI_A_LABEL : TUI_A_NORMAL, 4, "%s", line);
	return 0;
}

/* A group's heading and its people; stops the walk on a read error. */
static int group_lines(const fb_group *g, void *ctx)
{
	people_ctx *pc = ctx;
	tui_view_add(pc->v, TUI_A_LABEL, 0, "%s", g->name);
	tui_view_add(pc->v, TUI_A_NORMAL, 2, _("Station: %s  County: %s  Supervising leader: %s"),
	             g->station, g->county, g->supervisor);
	if (!pc->failed && fb_person_each(pc->app->st, g->id, people_line, pc, &pc->err) != FB_OK)
		pc->failed = 1;
	tui_view_add(pc->v, 0, 0, " ");
	return pc->failed;
}

/* Every live group with its people; a read error is shown, not hidden. */
static int people_fill(tui_app *app, tui_view *v, void *ctx)
{
	(void)ctx;
	people_ctx pc = {.app = app, .v = v};
	char buf[600];
	if (fb_group_each(app->st, group_lines, &pc, &pc.err) != FB_OK || pc.failed)
		tui_view_add(v, TUI_A_ERROR, 0, "%s", fb_error_format(&pc.err, buf, sizeof buf));
	return 0;
}

enum { P_ADD = 1 };
static const tui_keydef people_keys[] = {
	{{'a', 0, 0}, P_ADD, "a", N_("add a person to my group"), 1},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};

/* Ctrl-S on the person form: every field error at once, else save. */
static int save_person(tui_app *app, tui_form *fm, void *ctx)
{
	(void)ctx;
	fb_error err;
	char *name = tui_form_get(fm, "name"), *role = tui_form_get(fm, "role");
	char *unit = tui_form_get(fm, "unit"), *phone = tui_form_get(fm, "phone");
	char joined[11];
	fb_person p = {.group_id = app->group_id,
	               .name = name,
	               .role = role,
	               .unit = unit,
	               .phone = phone,
	               .joined_on = joined};
	int rc = 0;
	int bad = tui_form_check_required(fm, _("This field is required."));
	bad += !tui_form_date(fm, "joined_on", joined);
	if (bad) {
		rc = -1;
	} else if (fb_person_save(app->st, &p, &err) != FB_OK) {
		tui_form_fail(fm, &err);
		rc = -1;
	}
	free(name), free(role), free(unit), free(phone);
	return rc;
}

/* The roles the person working may give a new person of my group: those
 * the core allows (a leader: members; HQ: any). */
static void role_choices(tui_app *app, tui_field *f)
{
	fb_category cats[16];
	int n = fb_category_list(app->st, FB_CAT_ROLE, cats, 16);
	for (int i = 0; i < n; i++) {
		fb_perm_on will = {.group_id = app->group_id, .subject = cats[i].code};
		if (fb_perm_allowed(app->st, FB_ACT_PERSON_WRITE, &will))
			tui_form_choice(f, cats[i].code,
			                fb_lang_is_zh() ? cats[i].label_zh : cats[i].label_en);
	}
}

/* a only for whom the core lets add a member to my group. */
static int people_allowed(void *ctx, int action, const void *row, fb_error *why)
{
	tui_app *app = ctx;
	(void)row;
	fb_perm_on will = {.group_id = app->group_id, .subject = "member"};
	return action != P_ADD || fb_perm_check(app->st, FB_ACT_PERSON_WRITE, &will, why) == FB_OK;
}

/* Add a person to my group through a form. */
static int people_act(tui_app *app, int action, void *ctx)
{
	(void)ctx, (void)action;
	tui_form fm;
	tui_form_init(&fm, _("Add a person"));
	tui_form_add_limited(&fm, "people", "name", _("Name"), TUI_F_TEXT, 1);
	role_choices(app, tui_form_add(&fm, "role", _("Role"), TUI_F_CHOICE, 1, 0));
	tui_form_set(&fm, "role", "member");
	tui_form_add_limited(&fm, "people", "unit", _("Comes from (unit)"), TUI_F_TEXT, 0);
	tui_form_add_limited(&fm, "people", "phone", _("Phone"), TUI_F_TEXT, 0);
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
	tui_view_screen_checked(app, _("People and groups"), people_keys, 3, people_allowed,
	                        people_fill, people_act, app);
}
