/* app.c - the runtime under every screen (see app.h): frame, key loop,
 * resize, status line. It knows no screen. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "term.h"

int tui_keys_action(const tui_keydef *keys, int n, int key)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 3; k++)
			if (keys[i].keys[k] && keys[i].keys[k] == key)
				return keys[i].action;
	return -1;
}

/* 1 if the runners handle action themselves (help, back, search, a row
 * that only describes keys): never hidden. */
static int shared_action(int action)
{
	return action <= 0 || action == TUI_ACT_HELP || action == TUI_ACT_BACK ||
	       action == TUI_ACT_SEARCH;
}

int tui_keys_allowed(const tui_keydef *keys, int n, tui_keydef *out, tui_allowed_fn allowed,
                     void *ctx, const void *row)
{
	int m = 0;
	for (int i = 0; i < n && m < TUI_MAX_KEYS; i++) {
		fb_error why;
		if (allowed && !shared_action(keys[i].action) &&
		    !allowed(ctx, keys[i].action, row, &why))
			continue;
		out[m++] = keys[i];
	}
	return m;
}

int tui_keys_action_allowed(tui_app *app, const tui_keydef *keys, int n, int key,
                            tui_allowed_fn allowed, void *ctx, const void *row)
{
	int a = tui_keys_action(keys, n, key);
	fb_error why = {0};
	if (!allowed || shared_action(a) || allowed(ctx, a, row, &why))
		return a;
	char buf[600];
	tui_say(app, 1, "%s", fb_error_format(&why, buf, sizeof buf));
	return 0;
}

void tui_say(tui_app *app, int error, const char *fmt, ...)
{
	va_list ap;
	char raw[sizeof app->status];
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* messages quote stored text and the core's errors: made visible */
	fb_text_visible(raw, 0, app->status, sizeof app->status);
	app->status_error = error;
}

/* Columns of one key bar entry: "q 返回" and two spaces after. */
static int key_width(const tui_keydef *k)
{
	return (int)fb_text_width(_(k->name)) + 1 + (int)fb_text_width(_(k->help)) + 2;
}

/* The key bar on the last row, in the table's order: an entry that does not
 * fit beside the TUI_BAR_ALWAYS ones still to come is left out. */
static void key_bar(tui_cbuf *b, const tui_keydef *keys, int nkeys)
{
	int x = 0, reserved = 0, y = b->rows - 1;
	for (int i = 0; i < nkeys; i++)
		if (keys[i].bar == TUI_BAR_ALWAYS)
			reserved += key_width(&keys[i]);
	for (int i = 0; i < nkeys; i++) {
		if (!keys[i].bar)
			continue;
		int need = key_width(&keys[i]), always = keys[i].bar == TUI_BAR_ALWAYS;
		if (always)
			reserved -= need;
		/* the last entry needs no spaces after it */
		else if (x + need - 2 + reserved > b->cols)
			continue;
		x += tui_cbuf_put(b, y, x, _(keys[i].name), b->cols - x, TUI_A_KEY);
		x += 1;
		x += tui_cbuf_put(b, y, x, _(keys[i].help), b->cols - x, TUI_A_NORMAL);
		x += 2;
	}
}

void tui_frame(tui_app *app, const char *title, const tui_keydef *keys, int nkeys, int *y0, int *h)
{
	tui_cbuf *b = app->buf;
	char right[256], left[256];
	tui_cbuf_clear(b);
	tui_cbuf_blank(b, 0, 0, b->cols, TUI_A_TITLE);
	snprintf(left, sizeof left, " fieldbook · %s", title);
	/* date, who, group on the right; the title keeps its room and the
	 * group name is what gets cut on a narrow screen */
	if (app->me) /* HQ's staff have no group: their name ends it */
		snprintf(right, sizeof right, "%s %s · %s%s%s ", app->today, tui_weekday(app->today),
		         app->me_name, app->group_name[0] ? " · " : "", app->group_name);
	else
		snprintf(right, sizeof right, "%s %s ", app->today, tui_weekday(app->today));
	int lw = (int)fb_text_width(left), rw = (int)fb_text_width(right);
	int room = b->cols - (lw < b->cols * 2 / 3 ? lw : b->cols * 2 / 3) - 2;
	if (rw > room)
		rw = room > 0 ? room : 0;
	tui_cbuf_put(b, 0, 0, left, b->cols - rw - 1, TUI_A_TITLE);
	if (rw > 0)
		tui_cbuf_fit(b, 0, b->cols - rw, right, rw, TUI_A_TITLE);
	/* status line */
	tui_cbuf_fit(b, b->rows - 2, 0, app->status, b->cols,
	             app->status_error ? TUI_A_ERROR : TUI_A_DIM);
	key_bar(b, keys, nkeys);
	*y0 = 1;
	*h = b->rows - 3;
}

void tui_resize(tui_app *app)
{
	int r, c;
	tui_term_size(&r, &c);
	app->too_small = r < TUI_MIN_ROWS || c < TUI_MIN_COLS;
	if (r != app->rows || c != app->cols || !app->buf) {
		app->rows = r, app->cols = c;
		if (!app->buf)
			app->buf = tui_cbuf_new(r, c);
		else
			tui_cbuf_resize(app->buf, r, c);
	}
}

/* The message shown instead of a broken layout. */
static void show_too_small(tui_app *app)
{
	tui_cbuf *b = app->buf;
	char msg[256];
	tui_cbuf_clear(b);
	snprintf(msg, sizeof msg, _("The terminal is too small (%dx%d)."), app->cols, app->rows);
	tui_cbuf_put(b, 0, 0, msg, b->cols, TUI_A_ERROR);
	snprintf(msg, sizeof msg, _("fieldbook needs at least %dx%d: enlarge the window."),
	         TUI_MIN_COLS, TUI_MIN_ROWS);
	tui_cbuf_put(b, 1, 0, msg, b->cols, TUI_A_NORMAL);
	tui_term_show(b, -1, -1);
}

void tui_show(tui_app *app, int cur_y, int cur_x)
{
	if (app->too_small) {
		show_too_small(app);
		return;
	}
	tui_term_show(app->buf, cur_y, cur_x);
	if (app->exit_after_draw)
		app->quit = 1;
}

/* SIGTERM/SIGHUP: keep the draft, then leave everything. */
static int on_signal(tui_app *app)
{
	if (app->draft.form)
		tui_draft_save(&app->draft);
	app->quit = 1;
	app->exit_code = 128 + tui_term_signalled();
	return TUI_KEY_QUIT;
}

/* Lock the screen if the one working has been away idle_lock seconds: 1 if
 * it was locked (and they are back, or app->quit is set). */
static int idle_locked(tui_app *app)
{
	time_t now = time(NULL);
	if (!app->last_key)
		app->last_key = now;
	if (!app->lock || !app->me || !fb_store_actor(app->st) || app->idle_lock <= 0 ||
	    app->locking || now - app->last_key < app->idle_lock)
		return 0;
	app->locking = 1;
	if (app->draft.form)
		tui_draft_save(&app->draft); /* nothing typed is lost while locked */
	fb_auth_sign_out(app->st);
	if (!app->lock(app))
		app->quit = 1;
	app->locking = 0;
	app->last_key = time(NULL);
	return 1;
}

int tui_key(tui_app *app, int timeout_ms)
{
	for (;;) {
		if (app->quit)
			return TUI_KEY_QUIT;
		if (tui_term_signalled())
			return on_signal(app);
		int step = timeout_ms < 0 || timeout_ms > 1000 ? 1000 : timeout_ms;
		int key = tui_term_key(step);
		if (tui_term_signalled())
			return on_signal(app);
		/* autosave the draft every few seconds while a form is open */
		tui_draft_autosave(&app->draft);
		if (key == TUI_KEY_F2 && !app->locking && fb_store_actor(app->st)) {
			/* switch person: leave every screen, the draft kept for its writer */
			if (app->draft.form)
				tui_draft_save(&app->draft);
			app->switching = app->quit = 1;
			return TUI_KEY_QUIT;
		}
		if (key != TUI_KEY_NONE) {
			app->last_key = time(NULL);
		} else if (idle_locked(app)) {
			if (app->quit)
				return TUI_KEY_QUIT;
			tui_resize(app); /* the screen under the lock draws again */
			return TUI_KEY_RESIZE;
		}
		if (key == TUI_KEY_RESIZE) {
			/* Below 80x24 the screens keep taking keys (typing already on
			 * its way is not lost) but only the "too small" message shows. */
			tui_resize(app);
			return TUI_KEY_RESIZE;
		}
		if (key == TUI_KEY_NONE) {
			if (timeout_ms >= 0)
				return TUI_KEY_NONE;
			continue;
		}
		return key;
	}
}

/* Make the live person id the one working (name, group); 1 if they exist. */
static int me_load_id(tui_app *app, int64_t id)
{
	fb_person p = {0};
	fb_group g = {0};
	int ok = 0;
	if (fb_person_get(app->st, id, &p, NULL) == FB_OK && !p.deleted) {
		app->me = p.id;
		fb_text_visible(p.name, 0, app->me_name, sizeof app->me_name);
		app->group_id = p.group_id;
		app->group_name[0] = '\0';
		if (p.group_id && fb_group_get(app->st, p.group_id, &g, NULL) == FB_OK)
			fb_text_visible(g.name, 0, app->group_name, sizeof app->group_name);
		fb_group_free(&g);
		ok = 1;
	}
	fb_person_free(&p);
	return ok;
}

int tui_me_load(tui_app *app)
{
	char *v = fb_meta_get(app->st, "tui.current_person");
	int ok = v && me_load_id(app, strtoll(v, NULL, 10));
	free(v);
	return ok;
}

fb_status tui_me_set(tui_app *app, int64_t person, fb_error *err)
{
	/* a database that cannot be written is read as it is: who is working
	 * is kept for this run only */
	if (fb_store_readonly(app->st)) {
		me_load_id(app, person);
		return FB_OK;
	}
	char v[32];
	snprintf(v, sizeof v, "%lld", (long long)person);
	fb_status st = fb_meta_set(app->st, "tui.current_person", v, err);
	if (st == FB_OK)
		tui_me_load(app);
	return st;
}
