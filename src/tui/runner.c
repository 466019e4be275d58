/* runner.c - the list engine, the search line, the view and form runners
 * (see runner.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "draft.h"
#include "editor.h"
#include "runner.h"

/* ---- the search line ---- */

void tui_search_init(tui_search *s)
{
	memset(s, 0, sizeof *s);
	tui_ledit_init(&s->ed, 0, 60);
}

void tui_search_free(tui_search *s) { tui_ledit_free(&s->ed); }

void tui_search_start(tui_search *s)
{
	s->active = 1;
	s->pending = 0;
	memcpy(s->before, s->text, sizeof s->before);
	tui_ledit_set(&s->ed, s->text);
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
	case TUI_KEY_NONE: return s->pending ? apply(s) : 0;
	case TUI_ENTER: s->active = 0; return apply(s);
	case TUI_ESC:
		s->active = 0;
		s->pending = 0;
		if (!strcmp(s->text, s->before))
			return 0;
		snprintf(s->text, sizeof s->text, "%s", s->before);
		return 1;
	case TUI_KEY_RESIZE: return 0;
	}
	if (tui_ledit_key(&s->ed, key, 60))
		s->pending = 1;
	return 0;
}

/* The search line over the status line; the cursor goes into it. */
static void search_draw(tui_app *app, tui_search *s, int *cy, int *cx)
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

/* ---- the list engine ---- */

/* One turn of a list screen: frame, list (or its empty line), the search
 * line; then a key, fed to the search line or the list first. Returns the
 * key left for the screen (0 if used up, TUI_KEY_QUIT to leave);
 * *search_changed is set when the rows must be refiltered by s->text. */
static int list_step(tui_app *app, tui_list *l, tui_search *s, const char *title,
                     const tui_keydef *keys, int nkeys, const char *empty, int *search_changed)
{
	int y0, h, cy = -1, cx = -1;
	*search_changed = 0;
	tui_frame(app, title, keys, nkeys, &y0, &h);
	tui_list_draw(l, app->buf, y0, 0, h, app->cols);
	if (l->n == 0)
		tui_cbuf_put(app->buf, y0 + 2, 2, empty, app->cols - 4, TUI_A_DIM);
	if (s->active)
		search_draw(app, s, &cy, &cx);
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

/* Do what act() asked for; 1 when the screen is to be left. */
static int list_next(tui_app *app, tui_list *l, int next)
{
	int rc = 0;
	switch (next) {
	case TUI_LIST_RELOAD: rc = tui_list_reload(l); break;
	case TUI_LIST_FIRST: rc = tui_list_first(l); break;
	case TUI_LIST_LEAVE: return 1;
	}
	if (rc < 0)
		tui_say(app, 1, "%s", l->error);
	return 0;
}

void tui_list_screen_run(tui_app *app, const tui_list_screen *ls, void *ctx)
{
	tui_list l;
	tui_search s;
	tui_list_init(&l, ls->list, ctx, ls->page);
	tui_search_init(&s);
	if (tui_list_first(&l) < 0)
		tui_say(app, 1, "%s", l.error);
	while (!app->quit) {
		char title[512], sub[256] = "";
		int changed;
		if (ls->subtitle)
			ls->subtitle(ctx, sub, sizeof sub);
		snprintf(title, sizeof title, "%s%s%s%s", ls->title, sub, s.text[0] ? " · /" : "",
		         s.text);
		tui_keydef shown[TUI_MAX_KEYS];
		int nshown = tui_keys_allowed(ls->keys, ls->nkeys, shown, ls->allowed, ctx,
		                              tui_list_selected(&l));
		int key = list_step(app, &l, &s, title, shown, nshown, ls->empty(ctx), &changed);
		if (changed && ls->set_text) {
			ls->set_text(ctx, s.text);
			list_next(app, &l, TUI_LIST_FIRST);
		}
		if (key == TUI_KEY_QUIT)
			break;
		int a = tui_keys_action_allowed(app, ls->keys, ls->nkeys, key, ls->allowed, ctx,
		                                tui_list_selected(&l));
		if (a == TUI_ACT_BACK)
			break;
		if (a == TUI_ACT_HELP)
			tui_help(app, ls->title, shown, nshown);
		else if (a == TUI_ACT_SEARCH && ls->set_text)
			tui_search_start(&s);
		else if (a > 0 && list_next(app, &l, ls->act(ctx, a, tui_list_selected(&l))))
			break;
	}
	tui_search_free(&s);
	tui_list_free(&l);
}

/* ---- text views ---- */

void tui_view_screen(tui_app *app, const char *title, const tui_keydef *keys, int nkeys,
                     tui_view_fill_fn fill, tui_view_act_fn act, void *ctx)
{
	tui_view_screen_checked(app, title, keys, nkeys, NULL, fill, act, ctx);
}

void tui_view_screen_checked(tui_app *app, const char *title, const tui_keydef *keys, int nkeys,
                             tui_allowed_fn allowed, tui_view_fill_fn fill, tui_view_act_fn act,
                             void *ctx)
{
	tui_view v;
	int stale = 1;
	tui_view_init(&v);
	while (!app->quit) {
		int y0, h;
		if (stale) {
			tui_view_free(&v);
			tui_view_init(&v);
			if (fill(app, &v, ctx) < 0)
				break;
			stale = 0;
		}
		tui_keydef shown[TUI_MAX_KEYS];
		int nshown = tui_keys_allowed(keys, nkeys, shown, allowed, ctx, NULL);
		tui_frame(app, title, shown, nshown, &y0, &h);
		tui_view_draw(&v, app->buf, y0 + 1, 2, h - 1, app->cols - 4);
		tui_show(app, -1, -1);
		int key = tui_key(app, -1);
		if (key == TUI_KEY_QUIT)
			break;
		if (tui_view_key(&v, key))
			continue;
		int a = tui_keys_action_allowed(app, keys, nkeys, key, allowed, ctx, NULL);
		if (a == TUI_ACT_BACK)
			break;
		if (a == TUI_ACT_HELP) {
			tui_help(app, title, shown, nshown);
		} else if (a > 0) {
			app->status[0] = '\0';
			int r = act(app, a, ctx);
			if (r == 1)
				break;
			stale = stale || r == 2;
		}
	}
	tui_view_free(&v);
}

/* ---- forms ---- */

void tui_form_fail(tui_form *fm, const fb_error *err)
{
	if (err->field[0] && tui_form_field(fm, err->field)) {
		tui_form_error(fm, err->field, err->msg);
		snprintf(fm->message, sizeof fm->message, "%s",
		         _("Not saved: see the marked field."));
	} else {
		char buf[600];
		fb_text_visible(fb_error_format(err, buf, sizeof buf), 0, fm->message,
		                sizeof fm->message);
	}
}

static const tui_keydef form_keys[] = {
	{{TUI_CTRL('s'), 0, 0}, TUI_FORM_SAVE, "Ctrl-S", N_("save"), TUI_BAR_ALWAYS},
	{{TUI_ESC, 0, 0}, TUI_FORM_CANCEL, "Esc", N_("leave"), TUI_BAR_ALWAYS},
	{{TUI_TAB, 0, 0}, 0, "Tab", N_("next field"), 1},
	{{TUI_KEY_BTAB, 0, 0}, 0, "Shift-Tab", N_("previous field"), 0},
	{{TUI_CTRL('x'), 0, 0}, TUI_FORM_EDITOR, "Ctrl-X", N_("edit a long text in an editor"), 1},
	{{TUI_CTRL('t'), 0, 0}, 0, "Ctrl-T", N_("today (date fields)"), 1},
	{{0, 0, 0}, 0, "Left/Right", N_("move; change a choice"), 0},
	{{0, 0, 0}, 0, "Home/End", N_("start/end of the line (also Ctrl-A/Ctrl-E)"), 0},
	{{0, 0, 0}, 0, "Backspace/Del", N_("delete one character"), 0},
	{{0, 0, 0}, 0, "Enter", N_("next field; a new line in long texts"), 0},
	{{TUI_KEY_F1, 0, 0}, TUI_FORM_HELP, "F1", N_("help"), TUI_BAR_ALWAYS},
};
#define N_FORM_KEYS (int)(sizeof form_keys / sizeof form_keys[0])

/* Make fm the form the draft follows (kind NULL: keep the outer one);
 * *outer gets what it followed before, for draft_unfollow. */
static void draft_follow(tui_draft *d, tui_form *fm, const char *kind, int64_t id, int64_t person,
                         tui_draft *outer)
{
	*outer = *d;
	if (!kind) /* only forms that can be offered back keep drafts */
		return;
	d->form = fm;
	d->kind = kind;
	d->id = id;
	d->person = person;
	d->saved = time(NULL);
	/* A new record's draft names the uuid the record will get: a draft
	 * left by a kill just after the save committed is then known as
	 * saved, not offered back to make a second copy. */
	if (!id && d->restore_uuid[0])
		memcpy(d->uuid, d->restore_uuid, sizeof d->uuid);
	else if (!id && fb_uuid_random(d->uuid, NULL) != FB_OK)
		d->uuid[0] = '\0'; /* no random numbers: the save says so in the form */
	else
		d->uuid[0] = '\0';
	d->restore_uuid[0] = '\0';
}

/* Follow the outer form again (the one open before draft_follow). */
static void draft_unfollow(tui_draft *d, const tui_draft *outer)
{
	d->form = outer->form;
	d->kind = outer->kind;
	d->id = outer->id;
	d->person = outer->person;
	memcpy(d->uuid, outer->uuid, sizeof d->uuid);
}

/* A save refused: under the form, how many fields are marked (some may be
 * scrolled out of sight), unless the save said something itself. */
static void say_not_saved(tui_form *fm)
{
	int n = tui_form_errors(fm);
	if (fm->message[0] || n == 0)
		return;
	if (n == 1)
		snprintf(fm->message, sizeof fm->message, "%s",
		         _("Not saved: see the marked field."));
	else
		snprintf(fm->message, sizeof fm->message, _("Not saved: %d fields are marked."), n);
}

/* Ctrl-X: the focused field's text through the external editor. */
static void form_edit_outside(tui_app *app, tui_form *fm)
{
	tui_field *f = &fm->f[fm->focus];
	char *old = tui_ledit_get(&f->ed), *text;
	int r = tui_external_edit(app, old, &text);
	if (r > 0) {
		size_t n = strlen(text);
		while (n > 0 && text[n - 1] == '\n')
			text[--n] = '\0'; /* editors add a final newline */
		tui_ledit_set(&f->ed, text);
		free(text);
	} else if (r < 0) {
		tui_say(app, 1, "%s", _("The editor failed; the text is unchanged."));
	}
	free(old);
}

int tui_form_run(tui_app *app, tui_form *fm, const char *kind, int64_t id, tui_form_save_fn save,
                 void *ctx)
{
	return tui_form_run_aside(app, fm, kind, id, save, ctx, NULL);
}

int tui_form_run_aside(tui_app *app, tui_form *fm, const char *kind, int64_t id,
                       tui_form_save_fn save, void *ctx, const tui_form_aside *aside)
{
	tui_draft outer;
	draft_follow(&app->draft, fm, kind, id, app->me, &outer);
	int result = 0;
	for (;;) {
		int y0, h, cy, cx;
		tui_form_geom g;
		tui_frame(app, fm->title, form_keys, N_FORM_KEYS, &y0, &h);
		tui_form_layout(fm, h - 2, app->cols - 2, &g);
		tui_form_draw(fm, &g, app->buf, y0 + 1, 1, h - 2, app->cols - 2, &cy, &cx);
		if (aside && aside->draw)
			aside->draw(app, fm, &g, y0 + 1, 1, h - 2, app->cols - 2, aside->ctx);
		if (fm->message[0])
			tui_cbuf_fit(app->buf, y0 + h - 1, 1, fm->message, app->cols - 2,
			             TUI_A_ERROR);
		tui_show(app, cy, cx);
		int key = tui_key(app, -1);
		if (key == TUI_KEY_QUIT)
			break; /* the draft was saved by tui_key: keep it */
		if (key == TUI_KEY_RESIZE || key == TUI_KEY_NONE)
			continue;
		if (aside && aside->key && aside->key(app, fm, key, aside->ctx)) {
			if (aside->follow)
				aside->follow(app, fm, aside->ctx);
			continue;
		}
		int r = tui_form_key(fm, key, &g, app->today);
		if (aside && aside->follow)
			aside->follow(app, fm, aside->ctx);
		if (r == TUI_FORM_SAVE) {
			tui_form_clear_errors(fm);
			if (save(app, fm, ctx) == 0) {
				result = 1;
				if (kind)
					tui_draft_remove(&app->draft);
				break;
			}
			say_not_saved(fm);
		} else if (r == TUI_FORM_CANCEL) {
			if (!tui_form_dirty(fm) ||
			    tui_confirm(app, _("Leave without saving your changes?"))) {
				if (kind)
					tui_draft_remove(&app->draft);
				break;
			}
		} else if (r == TUI_FORM_HELP) {
			tui_keydef all[N_FORM_KEYS + 8];
			int n = N_FORM_KEYS;
			memcpy(all, form_keys, sizeof form_keys);
			for (int i = 0; aside && i < aside->nkeys && i < 8; i++)
				all[n++] = aside->keys[i];
			tui_help(app, fm->title, all, n);
		} else if (r == TUI_FORM_EDITOR) {
			form_edit_outside(app, fm);
		}
	}
	draft_unfollow(&app->draft, &outer);
	return result;
}
