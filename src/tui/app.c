/* app.c - the frame, key loop, dialogs, form runner, drafts and the entry
 * point fb_tui_run (see app.h). */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fieldbook/tui.h"
#include "app.h"
#include "term.h"
#include "view.h"

int tui_keys_action(const tui_keydef *keys, int n, int key)
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < 3; k++)
			if (keys[i].keys[k] && keys[i].keys[k] == key)
				return keys[i].action;
	return -1;
}

const char *tui_weekday(const char *date)
{
	static const char *names[7] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
	                               N_("Fri"), N_("Sat"), N_("Sun")};
	fb_date d;
	if (!date || fb_date_parse(date, &d, "date", NULL) != FB_OK)
		return "";
	return _(names[fb_date_weekday(d)]);
}

void tui_say(tui_app *app, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(app->status, sizeof app->status, fmt, ap);
	va_end(ap);
	app->status_error = error;
}

void tui_frame(tui_app *app, const char *title, const tui_keydef *keys, int nkeys, int *y0,
               int *h)
{
	tui_cbuf *b = app->buf;
	char right[256], left[256];
	tui_cbuf_clear(b);
	tui_cbuf_blank(b, 0, 0, b->cols, TUI_A_TITLE);
	snprintf(left, sizeof left, " fieldbook · %s", title);
	/* date, who, group on the right; the title keeps its room and the
	 * group name is what gets cut on a narrow screen */
	if (app->me)
		snprintf(right, sizeof right, "%s %s · %s · %s ", app->today,
		         tui_weekday(app->today), app->me_name, app->group_name);
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
	/* key bar */
	int x = 0;
	for (int i = 0; i < nkeys; i++) {
		if (!keys[i].bar)
			continue;
		const char *kn = _(keys[i].name), *kh = _(keys[i].help);
		int need = (int)fb_text_width(kn) + 1 + (int)fb_text_width(kh) + 2;
		if (x + need > b->cols)
			break;
		x += tui_cbuf_put(b, b->rows - 1, x, kn, b->cols - x, TUI_A_KEY);
		x += 1;
		x += tui_cbuf_put(b, b->rows - 1, x, kh, b->cols - x, TUI_A_NORMAL);
		x += 2;
	}
	*y0 = 1;
	*h = b->rows - 3;
}

/* Geometry from the terminal's size; the buffer follows. */
static void resize(tui_app *app)
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
	if (app->draft_form)
		tui_draft_save(app);
	app->quit = 1;
	app->exit_code = 128 + tui_term_signalled();
	return TUI_KEY_QUIT;
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
		if (app->draft_form && time(NULL) - app->draft_saved >= app->draft_interval &&
		    tui_form_dirty(app->draft_form))
			tui_draft_save(app);
		if (key == TUI_KEY_RESIZE) {
			/* Below 80x24 the screens keep taking keys (typing already on
			 * its way is not lost) but only the "too small" message shows. */
			resize(app);
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

/* Draw a box with a border in the middle of the screen; returns inner x, y. */
static void box(tui_app *app, int h, int w, int *iy, int *ix)
{
	tui_cbuf *b = app->buf;
	if (w > b->cols - 2)
		w = b->cols - 2;
	int y = (b->rows - h) / 2, x = (b->cols - w) / 2;
	for (int r = 0; r < h; r++) {
		tui_cbuf_blank(b, y + r, x, w, TUI_A_NORMAL);
		tui_cbuf_putc(b, y + r, x, r == 0 || r == h - 1 ? '+' : '|', TUI_A_LABEL);
		tui_cbuf_putc(b, y + r, x + w - 1, r == 0 || r == h - 1 ? '+' : '|', TUI_A_LABEL);
	}
	for (int c = 1; c < w - 1; c++) {
		tui_cbuf_putc(b, y, x + c, '-', TUI_A_LABEL);
		tui_cbuf_putc(b, y + h - 1, x + c, '-', TUI_A_LABEL);
	}
	*iy = y + 1, *ix = x + 2;
}

int tui_confirm(tui_app *app, const char *question)
{
	for (;;) {
		int y, x, w = (int)fb_text_width(question) + 6;
		char hint[128];
		if (w < 40)
			w = 40;
		box(app, 4, w, &y, &x);
		tui_cbuf_put(app->buf, y, x, question, w - 4, TUI_A_NORMAL);
		snprintf(hint, sizeof hint, "%s", _("y: yes   n: no"));
		tui_cbuf_put(app->buf, y + 1, x, hint, w - 4, TUI_A_KEY);
		tui_show(app, -1, -1);
		int key = tui_key(app, -1);
		if (key == 'y' || key == 'Y')
			return 1;
		if (key == 'n' || key == 'N' || key == TUI_ESC || key == TUI_KEY_QUIT)
			return 0;
	}
}

int tui_pick(tui_app *app, const char *title, const char *prompt, const char **labels, int n,
             int initial)
{
	static const tui_keydef keys[] = {
		{{TUI_ENTER, 0, 0}, 1, "Enter", N_("choose"), 1},
		{{TUI_KEY_UP, 'k', 0}, 2, "Up/k", N_("previous"), 1},
		{{TUI_KEY_DOWN, 'j', 0}, 3, "Down/j", N_("next"), 1},
		{{TUI_ESC, 'q', 0}, 4, "Esc/q", N_("back"), 1},
	};
	int sel = initial >= 0 && initial < n ? initial : 0, top = 0;
	for (;;) {
		int y0, h;
		tui_frame(app, title, keys, 4, &y0, &h);
		tui_cbuf_put(app->buf, y0 + 1, 2, prompt, app->cols - 4, TUI_A_LABEL);
		int lh = h - 3;
		if (sel < top)
			top = sel;
		if (sel >= top + lh)
			top = sel - lh + 1;
		for (int i = top; i < n && i < top + lh; i++) {
			char line[256];
			snprintf(line, sizeof line, "%2d  %s", i + 1, labels[i]);
			int attr = i == sel ? TUI_A_SELECTED : TUI_A_NORMAL;
			tui_cbuf_fit(app->buf, y0 + 3 + i - top, 4, line, app->cols - 8, attr);
		}
		tui_show(app, -1, -1);
		int key = tui_key(app, -1);
		switch (tui_keys_action(keys, 4, key)) {
		case 1:
			if (n > 0)
				return sel;
			break;
		case 2:
			sel = sel > 0 ? sel - 1 : 0;
			break;
		case 3:
			sel = sel + 1 < n ? sel + 1 : sel;
			break;
		case 4:
			return -1;
		default:
			if (key == TUI_KEY_QUIT)
				return -1;
			if (key >= '1' && key <= '9' && key - '1' < n)
				return key - '1';
		}
	}
}

void tui_help(tui_app *app, const char *title, const tui_keydef *keys, int nkeys)
{
	static const tui_keydef none[] = {{{0, 0, 0}, 0, N_("any key"), N_("close the help"), 1}};
	int y0, h;
	char line[256], heading[160];
	snprintf(heading, sizeof heading, _("Keys: %s"), title);
	tui_frame(app, heading, none, 1, &y0, &h);
	for (int i = 0; i < nkeys && i < h - 1; i++) {
		tui_cbuf_fit(app->buf, y0 + 1 + i, 2, _(keys[i].name), 14, TUI_A_KEY);
		snprintf(line, sizeof line, "%s", _(keys[i].help));
		tui_cbuf_put(app->buf, y0 + 1 + i, 18, line, app->cols - 20, TUI_A_NORMAL);
	}
	tui_show(app, -1, -1);
	tui_key(app, -1);
}

void tui_view_screen(tui_app *app, const char *title, const tui_keydef *keys, int nkeys,
                     tui_view_fill_fn fill, tui_view_act_fn act, void *ctx)
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
		tui_frame(app, title, keys, nkeys, &y0, &h);
		tui_view_draw(&v, app->buf, y0 + 1, 2, h - 1, app->cols - 4);
		tui_show(app, -1, -1);
		int key = tui_key(app, -1);
		if (key == TUI_KEY_QUIT)
			break;
		if (tui_view_key(&v, key))
			continue;
		int a = tui_keys_action(keys, nkeys, key);
		if (a == TUI_ACT_BACK)
			break;
		if (a == TUI_ACT_HELP) {
			tui_help(app, title, keys, nkeys);
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

void tui_progress(tui_app *app, const char *title, long done, long total)
{
	static const tui_keydef none[] = {{{0, 0, 0}, 0, "", "", 0}};
	int y0, h;
	char line[128];
	tui_frame(app, title, none, 0, &y0, &h);
	int w = app->cols - 20;
	tui_cbuf_put(app->buf, y0 + h / 2 - 1, 4, title, app->cols - 8, TUI_A_LABEL);
	if (total > 0) {
		/* a bar when the total is known, the count alone otherwise */
		int fill = (int)((double)done / (double)total * w);
		for (int i = 0; i < w; i++)
			tui_cbuf_putc(app->buf, y0 + h / 2, 4 + i, i < fill ? '#' : '.',
			              TUI_A_NORMAL);
		snprintf(line, sizeof line, " %ld / %ld", done, total);
		tui_cbuf_put(app->buf, y0 + h / 2, 4 + w, line, 16, TUI_A_NORMAL);
	} else {
		snprintf(line, sizeof line, "%ld", done);
		tui_cbuf_put(app->buf, y0 + h / 2, 4, line, 16, TUI_A_NORMAL);
	}
	if (!app->too_small)
		tui_term_show(app->buf, -1, -1);
}

void tui_form_fail(tui_form *fm, const fb_error *err)
{
	if (err->field[0] && tui_form_field(fm, err->field)) {
		tui_form_error(fm, err->field, err->msg);
		snprintf(fm->message, sizeof fm->message, "%s",
		         _("Not saved: see the marked field."));
	} else {
		char buf[600];
		fb_text_copy(fb_error_format(err, buf, sizeof buf), fm->message,
		             sizeof fm->message);
	}
}

int tui_form_run(tui_app *app, tui_form *fm, const char *kind, int64_t id,
                 tui_form_save_fn save, void *ctx)
{
	static const tui_keydef keys[] = {
		{{TUI_CTRL('s'), 0, 0}, TUI_FORM_SAVE, "Ctrl-S", N_("save"), 1},
		{{TUI_ESC, 0, 0}, TUI_FORM_CANCEL, "Esc", N_("leave"), 1},
		{{TUI_TAB, 0, 0}, 0, "Tab", N_("next field"), 1},
		{{TUI_KEY_BTAB, 0, 0}, 0, "Shift-Tab", N_("previous field"), 0},
		{{TUI_CTRL('x'), 0, 0}, TUI_FORM_EDITOR, "Ctrl-X", N_("open the text in $EDITOR"),
		 1},
		{{TUI_CTRL('t'), 0, 0}, 0, "Ctrl-T", N_("today (date fields)"), 1},
		{{0, 0, 0}, 0, "Left/Right", N_("move; change a choice"), 0},
		{{0, 0, 0}, 0, "Home/End", N_("start/end of the line (also Ctrl-A/Ctrl-E)"), 0},
		{{0, 0, 0}, 0, "Backspace/Del", N_("delete one character"), 0},
		{{0, 0, 0}, 0, "Enter", N_("next field; a new line in long texts"), 0},
		{{TUI_KEY_F1, 0, 0}, TUI_FORM_HELP, "F1", N_("help"), 1},
	};
	const int nkeys = sizeof keys / sizeof keys[0];
	tui_form *saved_form = app->draft_form;
	const char *saved_kind = app->draft_kind;
	int64_t saved_id = app->draft_id;
	char saved_uuid[37];
	memcpy(saved_uuid, app->draft_uuid, sizeof saved_uuid);
	if (kind) { /* only forms that can be offered back keep drafts */
		app->draft_form = fm;
		app->draft_kind = kind;
		app->draft_id = id;
		app->draft_saved = time(NULL);
		/* A new record's draft names the uuid the record will get: a draft
		 * left by a kill just after the save committed is then known as
		 * saved, not offered back to make a second copy. */
		if (!id && app->restore_uuid[0])
			memcpy(app->draft_uuid, app->restore_uuid, sizeof app->draft_uuid);
		else if (!id)
			fb_uuid_random(app->draft_uuid);
		else
			app->draft_uuid[0] = '\0';
		app->restore_uuid[0] = '\0';
	}
	int result = 0;
	for (;;) {
		int y0, h, cy, cx;
		tui_form_geom g;
		tui_frame(app, fm->title, keys, nkeys, &y0, &h);
		tui_form_layout(fm, h - 2, app->cols - 2, &g);
		tui_form_draw(fm, &g, app->buf, y0 + 1, 1, h - 2, app->cols - 2, &cy, &cx);
		if (fm->message[0])
			tui_cbuf_fit(app->buf, y0 + h - 1, 1, fm->message, app->cols - 2,
			             TUI_A_ERROR);
		tui_show(app, cy, cx);
		int key = tui_key(app, -1);
		if (key == TUI_KEY_QUIT)
			break; /* the draft was saved by tui_key: keep it */
		if (key == TUI_KEY_RESIZE || key == TUI_KEY_NONE)
			continue;
		int r = tui_form_key(fm, key, &g, app->today);
		if (r == TUI_FORM_SAVE) {
			tui_form_clear_errors(fm);
			if (save(app, fm, ctx) == 0) {
				result = 1;
				if (kind)
					tui_draft_remove(app);
				break;
			}
		} else if (r == TUI_FORM_CANCEL) {
			if (!tui_form_dirty(fm) ||
			    tui_confirm(app, _("Leave without saving your changes?"))) {
				if (kind)
					tui_draft_remove(app);
				break;
			}
		} else if (r == TUI_FORM_HELP) {
			tui_help(app, fm->title, keys, nkeys);
		} else if (r == TUI_FORM_EDITOR) {
			tui_field *f = &fm->f[fm->focus];
			char *old = tui_ledit_get(&f->ed);
			char *text = tui_external_edit(app, old);
			if (text) {
				size_t n = strlen(text);
				while (n > 0 && text[n - 1] == '\n')
					text[--n] = '\0'; /* editors add a final newline */
				tui_ledit_set(&f->ed, text);
				free(text);
			} else {
				tui_say(app, 1, "%s",
				        _("The editor failed; the text is unchanged."));
			}
			free(old);
		}
	}
	app->draft_form = saved_form;
	app->draft_kind = saved_kind;
	app->draft_id = saved_id;
	memcpy(app->draft_uuid, saved_uuid, sizeof saved_uuid);
	return result;
}

/* ---- drafts ---- */

int tui_draft_save(tui_app *app)
{
	tui_form *fm = app->draft_form;
	char tmp[sizeof app->draft_path + 16];
	if (!fm || !app->draft_path[0])
		return -1;
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", app->draft_path);
	int fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0)
		return -1;
	char *body = tui_form_serialize(fm);
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		free(body);
		return -1;
	}
	fprintf(f, "fieldbook-draft 1\nkind=%s\nid=%lld\nuuid=%s\nsaved=%lld\n--\n%s",
	        app->draft_kind, (long long)app->draft_id, app->draft_uuid, (long long)time(NULL),
	        body);
	free(body);
	int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, app->draft_path) != 0) {
		unlink(tmp);
		return -1;
	}
	app->draft_saved = time(NULL);
	return 0;
}

int tui_draft_load(const char *path, char *kind, size_t kind_size, int64_t *id,
                   char uuid[37], char **text, time_t *when)
{
	FILE *f = fopen(path, "r");
	char line[256];
	long long v;
	*text = NULL;
	if (!f)
		return 0;
	kind[0] = '\0';
	uuid[0] = '\0';
	*id = 0;
	*when = 0;
	if (!fgets(line, sizeof line, f) || strncmp(line, "fieldbook-draft 1", 17)) {
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof line, f) && strcmp(line, "--\n")) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "kind=", 5))
			snprintf(kind, kind_size, "%s", line + 5);
		else if (!strncmp(line, "uuid=", 5) && fb_uuid_valid(line + 5)) {
			memcpy(uuid, line + 5, 36); /* valid: exactly 36 characters */
			uuid[36] = '\0';
		}
		else if (sscanf(line, "id=%lld", &v) == 1)
			*id = v;
		else if (sscanf(line, "saved=%lld", &v) == 1)
			*when = (time_t)v;
	}
	size_t cap = 4096, n = 0, k;
	char *buf = tui_xmalloc(cap);
	while ((k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 >= cap)
			buf = tui_xrealloc(buf, cap *= 2);
	}
	buf[n] = '\0';
	fclose(f);
	*text = buf;
	return kind[0] != '\0';
}

void tui_draft_remove(tui_app *app)
{
	if (app->draft_path[0])
		unlink(app->draft_path);
}

/* An autosave killed between mkstemp() and rename() leaves DB.draft.XXXXXX
 * behind (mode 0600, personal data): remove those older than a minute (a
 * younger one may be another fieldbook's autosave in progress). */
static void remove_stale_temporaries(tui_app *app)
{
	char pattern[sizeof app->draft_path + 16];
	glob_t g;
	snprintf(pattern, sizeof pattern, "%s.??????", app->draft_path);
	if (glob(pattern, GLOB_NOSORT, NULL, &g) != 0)
		return;
	time_t now = time(NULL);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct stat sb;
		if (lstat(g.gl_pathv[i], &sb) == 0 && S_ISREG(sb.st_mode) &&
		    sb.st_uid == getuid() && now - sb.st_mtime > 60)
			unlink(g.gl_pathv[i]);
	}
	globfree(&g);
}

void tui_offer_draft(tui_app *app)
{
	char kind[32], q[256], when[32] = "", uuid[37];
	int64_t id;
	char *text;
	time_t t;
	remove_stale_temporaries(app);
	if (!tui_draft_load(app->draft_path, kind, sizeof kind, &id, uuid, &text, &t))
		return;
	/* A new record's draft whose record exists: the save committed and the
	 * process died before it could remove the draft. */
	const char *table = !strcmp(kind, "log") ? "logs" : !strcmp(kind, "ticket") ? "tickets" : NULL;
	if (!id && uuid[0] && table && fb_store_id_of(app->st, table, uuid) > 0) {
		tui_draft_remove(app);
		free(text);
		return;
	}
	struct tm tm;
	if (t && localtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	const char *what = !strcmp(kind, "log") ? _("a daily log") :
	                   !strcmp(kind, "ticket") ? _("a ticket") : _("a form");
	snprintf(q, sizeof q, _("An unsaved draft of %s (%s) was kept. Open it?"), what, when);
	if (tui_confirm(app, q)) {
		memcpy(app->restore_uuid, uuid, sizeof app->restore_uuid);
		if (!strcmp(kind, "log"))
			tui_log_form(app, id, text);
		else if (!strcmp(kind, "ticket"))
			tui_ticket_form(app, id, text);
	} else if (!app->quit) {
		tui_draft_remove(app);
	}
	free(text);
}

/* ---- $EDITOR ---- */

char *tui_external_edit(tui_app *app, const char *text)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/fieldbook-XXXXXX.txt", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemps(path, 4);
	if (fd < 0)
		return NULL;
	size_t n = strlen(text);
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		return NULL;
	}
	close(fd);
	const char *editor = getenv("VISUAL");
	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	tui_term_suspend();
	pid_t pid = fork();
	int status = -1;
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", editor, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	tui_term_resume();
	(void)app;
	char *out = NULL;
	if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		FILE *f = fopen(path, "r");
		if (f) {
			size_t cap = 4096, len = 0, k;
			out = tui_xmalloc(cap);
			while ((k = fread(out + len, 1, cap - len - 1, f)) > 0) {
				len += k;
				if (len + 1 >= cap)
					out = tui_xrealloc(out, cap *= 2);
			}
			out[len] = '\0';
			fclose(f);
		}
	}
	unlink(path);
	return out;
}

/* ---- the entry point ---- */

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

int tui_who_am_i(tui_app *app, int force)
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

/* 1 if the locale's character set is UTF-8. */
static int utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (!strcasecmp(cs, "UTF-8") || !strcasecmp(cs, "utf8"));
}

int fb_tui_run(const char *db_path)
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
	if (fb_store_open(db_path, FB_OPEN_CREATE, &app.st, &err) != FB_OK) {
		char buf[600];
		fprintf(stderr, _("fieldbook: %s"), fb_error_format(&err, buf, sizeof buf));
		fputc('\n', stderr);
		return 1;
	}
	app.db_path = db_path;
	snprintf(app.draft_path, sizeof app.draft_path, "%s.draft", db_path);
	snprintf(app.today, sizeof app.today, "%s", fb_date_format(fb_today(), date));
	const char *e = getenv("FIELDBOOK_EXIT_AFTER_FIRST_DRAW");
	app.exit_after_draw = e && *e && strcmp(e, "0");
	e = getenv("FIELDBOOK_DRAFT_INTERVAL");
	app.draft_interval = e && atoi(e) > 0 ? atoi(e) : 3;
	/* a database that cannot say whether it is new never starts the first run */
	int isnew = fb_store_is_new(app.st, &err);
	if (isnew < 0) {
		char buf[600];
		fprintf(stderr, _("fieldbook: %s"), fb_error_format(&err, buf, sizeof buf));
		fputc('\n', stderr);
		fb_store_close(app.st);
		return 1;
	}
	if (tui_term_init() != 0) {
		fprintf(stderr, "%s\n", _("fieldbook: cannot use this terminal (is TERM set?)"));
		fb_store_close(app.st);
		return 1;
	}
	resize(&app);
	if (!app.exit_after_draw || !isnew) {
		if (isnew && tui_first_run(&app) != 0)
			goto out;
	} else {
		tui_first_run(&app); /* benchmark on an empty database: the first screen */
		goto out;
	}
	if (app.quit)
		goto out;
	if (tui_who_am_i(&app, 0) != 0) {
		if (!app.me && !app.quit && !people_exist(&app)) {
			/* a group without people: nobody can write; say how to fix it */
			tui_term_end();
			fprintf(stderr, "%s\n",
			        _("fieldbook: nobody is registered in this database's "
			          "work groups; add someone with 'fieldbook person add'."));
			app.exit_code = 1;
		}
		goto out;
	}
	if (!app.quit)
		tui_offer_draft(&app);
	if (!app.quit)
		tui_home(&app);
out:
	tui_term_end();
	tui_cbuf_free(app.buf);
	fb_store_close(app.st);
	return app.exit_code;
}
