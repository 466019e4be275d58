/* fields.c - choices, dates and filter forms from the core (see fields.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "runner.h"

void tui_choices_category(tui_app *app, tui_field *f, const char *kind, const char *any)
{
	fb_category cats[48];
	int n = fb_category_list(app->st, kind, cats, 48);
	if (any)
		tui_form_choice(f, "", any);
	for (int i = 0; i < n; i++)
		tui_form_choice(f, cats[i].code,
		                fb_lang_is_zh() ? cats[i].label_zh : cats[i].label_en);
}

static int person_choice(const fb_person *p, void *ctx)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	tui_form_choice(ctx, id, p->name);
	return 0;
}

void tui_choices_people(tui_app *app, tui_field *f)
{
	fb_person_each(app->st, app->group_id, person_choice, f, NULL);
}

int tui_field_date(const char *in, char out[11])
{
	fb_date d;
	out[0] = '\0';
	if (!in || !*in)
		return 1;
	if (fb_date_parse(in, &d, "date", NULL) != FB_OK)
		return 0;
	fb_date_format(d, out);
	return 1;
}

/* A filter form applies at once; nothing to save but the values. */
static int apply_filter(tui_app *app, tui_form *fm, void *ctx)
{
	(void)ctx;
	static const char *dates[] = {"from", "to"};
	char out[11];
	int bad = 0;
	(void)app;
	for (int i = 0; i < 2; i++) {
		if (!tui_form_field(fm, dates[i]))
			continue;
		char *v = tui_form_get(fm, dates[i]);
		if (!tui_field_date(v, out)) {
			tui_form_error(fm, dates[i], _("not a date: write it as 2026-11-22"));
			bad = 1;
		}
		free(v);
	}
	return bad ? -1 : 0;
}

int tui_filter_form(tui_app *app, tui_form *fm)
{
	return tui_form_run(app, fm, NULL, 0, apply_filter, NULL);
}
