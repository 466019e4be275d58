/* people.c - the people and groups screen: every live group with its
 * station and people; adding a person to my group. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "runner.h"
#include "screens.h"

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
	} else if (!tui_field_date(joined_in, joined)) {
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
	tui_form_init(&fm, _("Add a person"));
	tui_form_add(&fm, "name", _("Name"), TUI_F_TEXT, 1, 16);
	tui_choices_category(app, tui_form_add(&fm, "role", _("Role"), TUI_F_CHOICE, 1, 0),
	                     FB_CAT_ROLE, NULL);
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
