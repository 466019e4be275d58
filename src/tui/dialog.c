/* dialog.c - yes/no, pick one, key help, progress (see dialog.h). */
#include <stdio.h>
#include <string.h>

#include "dialog.h"
#include "term.h"

/* Draw a box with a line-drawing border in the middle of the screen;
 * returns the inner top left through iy, ix. The border's characters are
 * the Unicode box-drawing ones: the terminal gateway puts them on the
 * screen as the terminal's line drawing (ACS), or as ASCII where it has
 * none. */
static void box(tui_app *app, int h, int w, int *iy, int *ix)
{
	tui_cbuf *b = app->buf;
	if (w > b->cols - 2)
		w = b->cols - 2;
	int y = (b->rows - h) / 2, x = (b->cols - w) / 2;
	for (int r = 0; r < h; r++) {
		int top = r == 0, bottom = r == h - 1;
		tui_cbuf_blank(b, y + r, x, w, TUI_A_NORMAL);
		tui_cbuf_putc(b, y + r, x, top ? TUI_BOX_TL : bottom ? TUI_BOX_BL : TUI_BOX_V,
		              TUI_A_LABEL);
		tui_cbuf_putc(b, y + r, x + w - 1, top ? TUI_BOX_TR : bottom ? TUI_BOX_BR : TUI_BOX_V,
		              TUI_A_LABEL);
	}
	for (int c = 1; c < w - 1; c++) {
		tui_cbuf_putc(b, y, x + c, TUI_BOX_H, TUI_A_LABEL);
		tui_cbuf_putc(b, y + h - 1, x + c, TUI_BOX_H, TUI_A_LABEL);
	}
	*iy = y + 1, *ix = x + 2;
}

int tui_confirm(tui_app *app, const char *question)
{
	char hint[128], lines[8][400];
	int n = 0, w = 40;
	/* one line of the box per line of the question */
	for (const char *p = question; *p && n < 8; n++) {
		size_t k = strcspn(p, "\n");
		snprintf(lines[n], sizeof lines[n], "%.*s", (int)k, p);
		if ((int)fb_text_width(lines[n]) + 6 > w)
			w = (int)fb_text_width(lines[n]) + 6;
		p += k + (p[k] == '\n');
	}
	snprintf(hint, sizeof hint, "%s", _("y: yes   n: no"));
	for (;;) {
		int y, x;
		box(app, n + 3, w, &y, &x);
		for (int i = 0; i < n; i++)
			tui_cbuf_put(app->buf, y + i, x, lines[i], w - 4, TUI_A_NORMAL);
		tui_cbuf_put(app->buf, y + n, x, hint, w - 4, TUI_A_KEY);
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
		{{TUI_ESC, 'q', 0}, 4, "Esc/q", N_("back"), TUI_BAR_ALWAYS},
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
			char line[256], safe[200];
			/* names from the database: controls made visible */
			fb_text_visible(labels[i], 0, safe, sizeof safe);
			snprintf(line, sizeof line, "%2d  %s", i + 1, safe);
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

int tui_ask_secret(tui_app *app, const char *title, const char *prompt, const char *note,
                   char *buf, size_t size)
{
	static const tui_keydef keys[] = {
		{{TUI_ENTER, 0, 0}, 1, "Enter", N_("sign in"), 1},
		{{TUI_ESC, 0, 0}, 2, "Esc", N_("back"), TUI_BAR_ALWAYS},
	};
	size_t n = 0, chars = 0;
	buf[0] = '\0';
	for (;;) {
		int y0, h;
		char stars[64];
		tui_frame(app, title, keys, 2, &y0, &h);
		tui_cbuf_put(app->buf, y0 + 1, 2, prompt, app->cols - 4, TUI_A_LABEL);
		size_t k = 0;
		for (; k < chars && k + 1 < sizeof stars; k++)
			stars[k] = '*';
		stars[k] = '\0';
		tui_cbuf_put(app->buf, y0 + 3, 4, stars, app->cols - 8, TUI_A_NORMAL);
		if (note)
			tui_cbuf_fit(app->buf, y0 + 5, 2, note, app->cols - 4, TUI_A_LABEL);
		tui_show(app, y0 + 3, 4 + (int)k);
		int key = tui_key(app, -1);
		int act = tui_keys_action(keys, 2, key);
		if (act == 1)
			return 1;
		if (act == 2 || key == TUI_KEY_QUIT) {
			explicit_bzero(buf, size);
			return 0;
		}
		if (key == TUI_KEY_BACKSPACE && n > 0) {
			do /* one character, however many bytes */
				n--;
			while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80);
			buf[n] = '\0';
			chars--;
		} else if (tui_key_printable(key)) {
			char u[8];
			int len = (int)fb_utf8_encode((uint32_t)key, u);
			if (len > 0 && n + (size_t)len + 1 < size) {
				memcpy(buf + n, u, (size_t)len);
				n += (size_t)len;
				buf[n] = '\0';
				chars++;
			}
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
	int row = 0;
	for (int i = 0; i < nkeys && row < h - 1; i++) {
		if (!keys[i].name[0]) /* more keys of the row above ("1-4") */
			continue;
		tui_cbuf_fit(app->buf, y0 + 1 + row, 2, _(keys[i].name), 14, TUI_A_KEY);
		snprintf(line, sizeof line, "%s", _(keys[i].help));
		tui_cbuf_put(app->buf, y0 + 1 + row, 18, line, app->cols - 20, TUI_A_NORMAL);
		row++;
	}
	/* a key of every screen, the runtime's (app.c) */
	if (row < h - 1) {
		tui_cbuf_fit(app->buf, y0 + 1 + row, 2, "F2", 14, TUI_A_KEY);
		tui_cbuf_put(app->buf, y0 + 1 + row, 18,
		             _("switch person (on every screen; what is being typed is kept)"),
		             app->cols - 20, TUI_A_NORMAL);
	}
	tui_show(app, -1, -1);
	tui_key(app, -1);
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
