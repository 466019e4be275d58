/* screen.c - the incremental search line and helpers the list screens share. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"

void tui_search_init(tui_search *s)
{
	memset(s, 0, sizeof *s);
	tui_ledit_init(&s->ed, 0, 60);
}

void tui_search_free(tui_search *s)
{
	tui_ledit_free(&s->ed);
}

void tui_search_start(tui_search *s, const char *current)
{
	s->active = 1;
	s->pending = 0;
	snprintf(s->before, sizeof s->before, "%s", current);
	snprintf(s->text, sizeof s->text, "%s", current);
	tui_ledit_set(&s->ed, current);
}

/* Take the editor's text as the filter text; 1 if it changed. */
static int apply(tui_search *s)
{
	char *v = tui_ledit_get(&s->ed);
	int changed = strcmp(v, s->text) != 0;
	snprintf(s->text, sizeof s->text, "%s", v);
	free(v);
	s->pending = 0;
	return changed;
}

int tui_search_key(tui_search *s, int key)
{
	switch (key) {
	case TUI_KEY_NONE:
		return s->pending ? apply(s) : 0;
	case TUI_ENTER:
		s->active = 0;
		return apply(s);
	case TUI_ESC:
		s->active = 0;
		s->pending = 0;
		if (!strcmp(s->text, s->before))
			return 0;
		snprintf(s->text, sizeof s->text, "%s", s->before);
		return 1;
	case TUI_KEY_RESIZE:
		return 0;
	}
	if (tui_ledit_key(&s->ed, key, 60))
		s->pending = 1;
	return 0;
}

void tui_search_draw(tui_app *app, tui_search *s, int *cy, int *cx)
{
	char line[512];
	int y = app->rows - 2, w = app->cols - 2;
	tui_cbuf_blank(app->buf, y, 0, app->cols, TUI_A_NORMAL);
	tui_cbuf_put(app->buf, y, 0, "/", 1, TUI_A_KEY);
	tui_ledit_scroll(&s->ed, w, 1);
	tui_ledit_line_text(&s->ed, w, 0, line, sizeof line);
	tui_cbuf_put(app->buf, y, 1, line, w, TUI_A_NORMAL);
	int l, c, c0;
	tui_ledit_pos(&s->ed, s->ed.cur, w, &l, &c);
	tui_ledit_pos(&s->ed, s->ed.hscroll, w, &l, &c0);
	*cy = y, *cx = 1 + c - c0;
}

int tui_list_screen_step(tui_app *app, tui_list *l, tui_search *s, const char *title,
                         const tui_keydef *keys, int nkeys, const char *empty,
                         int *search_changed)
{
	int y0, h, cy = -1, cx = -1;
	*search_changed = 0;
	tui_frame(app, title, keys, nkeys, &y0, &h);
	tui_list_draw(l, app->buf, y0, 0, h, app->cols);
	if (l->n == 0)
		tui_cbuf_put(app->buf, y0 + 2, 2, empty, app->cols - 4, TUI_A_DIM);
	if (s->active)
		tui_search_draw(app, s, &cy, &cx);
	tui_show(app, cy, cx);
	int key = tui_key(app, s->active ? 150 : -1);
	if (key == TUI_KEY_QUIT)
		return key;
	if (s->active) {
		*search_changed = tui_search_key(s, key);
		return 0;
	}
	if (tui_list_key(l, key)) {
		if (l->error[0])
			tui_say(app, 1, "%s", l->error);
		return 0;
	}
	return key;
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
		if (!tui_screen_date(v, out)) {
			tui_form_error(fm, dates[i], _("not a date: write it as 2026-11-22"));
			bad = 1;
		}
		free(v);
	}
	return bad ? -1 : 0;
}

int tui_screen_filter(tui_app *app, tui_form *fm)
{
	return tui_form_run(app, fm, NULL, 0, apply_filter, NULL);
}

int tui_screen_date(const char *in, char out[11])
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

static int person_choice(const fb_person *p, void *ctx)
{
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)p->id);
	tui_form_choice(ctx, id, p->name);
	return 0;
}

void tui_screen_people_choices(tui_app *app, tui_field *f)
{
	fb_person_each(app->st, app->group_id, person_choice, f, NULL);
}
