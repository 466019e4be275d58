/* list.c - the generic keyset-paged list widget (see list.h). */
#include <stdlib.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
#include "keys.h"
#include "list.h"

#define ROW(l, i) ((l)->rows + (size_t)(i) * (l)->ops->row_size)

void tui_list_init(tui_list *l, const tui_list_ops *ops, void *ctx, int page)
{
	memset(l, 0, sizeof *l);
	l->ops = ops;
	l->ctx = ctx;
	l->page = page < 2 ? 2 : page;
	l->cap = l->page * 3;
	l->rows = tui_xcalloc((size_t)l->cap, ops->row_size);
	l->sel = -1;
	l->height = 10;
}

void tui_list_free(tui_list *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = 0;
}

/* Fetch into a scratch area; -1 on error. */
static int fetch(tui_list *l, fb_page_dir dir, const fb_cursor *from, char *into, int max)
{
	l->error[0] = '\0';
	int n = l->ops->fetch(l->ctx, dir, from, into, max, l->error, sizeof l->error);
	if (n < 0 && !l->error[0])
		strcpy(l->error, "?");
	return n;
}

int tui_list_first(tui_list *l)
{
	int n = fetch(l, FB_PAGE_FIRST, NULL, l->rows, l->page);
	if (n < 0)
		return -1;
	l->n = n;
	l->sel = n > 0 ? 0 : -1;
	l->top = 0;
	l->at_start = 1;
	l->at_end = n < l->page;
	return 0;
}

int tui_list_last(tui_list *l)
{
	int n = fetch(l, FB_PAGE_LAST, NULL, l->rows, l->page);
	if (n < 0)
		return -1;
	l->n = n;
	l->sel = n - 1;
	l->top = n - l->height > 0 ? n - l->height : 0;
	l->at_end = 1;
	l->at_start = n < l->page;
	return 0;
}

/* Load the page after the window; drops rows from the front past cap. */
static int grow_down(tui_list *l)
{
	fb_cursor c;
	if (l->at_end || l->n == 0)
		return 0;
	l->ops->cursor(l->ctx, ROW(l, l->n - 1), &c);
	char *tmp = tui_xcalloc((size_t)l->page, l->ops->row_size);
	int got = fetch(l, FB_PAGE_NEXT, &c, tmp, l->page);
	if (got < 0) {
		free(tmp);
		return -1;
	}
	if (got < l->page)
		l->at_end = 1;
	int drop = l->n + got - l->cap;
	if (drop > 0) {
		memmove(l->rows, ROW(l, drop), (size_t)(l->n - drop) * l->ops->row_size);
		l->n -= drop, l->sel -= drop, l->top -= drop;
		l->at_start = 0;
	}
	memcpy(ROW(l, l->n), tmp, (size_t)got * l->ops->row_size);
	l->n += got;
	free(tmp);
	return got;
}

/* Load the page before the window; drops rows from the back past cap. */
static int grow_up(tui_list *l)
{
	fb_cursor c;
	if (l->at_start || l->n == 0)
		return 0;
	l->ops->cursor(l->ctx, ROW(l, 0), &c);
	char *tmp = tui_xcalloc((size_t)l->page, l->ops->row_size);
	int got = fetch(l, FB_PAGE_PREV, &c, tmp, l->page);
	if (got < 0) {
		free(tmp);
		return -1;
	}
	if (got < l->page)
		l->at_start = 1;
	int drop = l->n + got - l->cap;
	if (drop > 0) {
		l->n -= drop;
		l->at_end = 0;
	}
	memmove(ROW(l, got), l->rows, (size_t)l->n * l->ops->row_size);
	memcpy(l->rows, tmp, (size_t)got * l->ops->row_size);
	l->n += got, l->sel += got, l->top += got;
	free(tmp);
	return got;
}

/* Keep the selection inside the visible rows. */
static void follow(tui_list *l)
{
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + l->height)
		l->top = l->sel - l->height + 1;
	if (l->top < 0)
		l->top = 0;
}

int tui_list_move(tui_list *l, int delta)
{
	if (l->n == 0)
		return 0;
	int want = l->sel + delta;
	while (want >= l->n && !l->at_end) {
		int before = l->sel;
		int got = grow_down(l);
		if (got < 0)
			return -1;
		want -= before - l->sel; /* rows dropped at the front */
		if (got == 0)
			break;
	}
	while (want < 0 && !l->at_start) {
		int before = l->sel;
		int got = grow_up(l);
		if (got < 0)
			return -1;
		want += l->sel - before; /* rows added at the front */
		if (got == 0)
			break;
	}
	if (want >= l->n)
		want = l->n - 1;
	if (want < 0)
		want = 0;
	l->sel = want;
	follow(l);
	return 0;
}

int tui_list_reload(tui_list *l)
{
	fb_cursor c;
	int sel = l->sel, top = l->top;
	if (l->n == 0 || l->at_start) {
		if (tui_list_first(l) < 0)
			return -1;
		l->top = top;
		return tui_list_move(l, sel > 0 ? sel : 0);
	}
	l->ops->cursor(l->ctx, ROW(l, 0), &c);
	int n = fetch(l, FB_PAGE_AT, &c, l->rows, l->page);
	if (n < 0)
		return -1;
	l->n = n;
	l->at_end = n < l->page;
	if (n == 0)
		return tui_list_first(l);
	l->sel = sel < n ? sel : n - 1;
	l->top = top <= l->sel ? top : l->sel;
	follow(l);
	return 0;
}

const void *tui_list_selected(const tui_list *l)
{
	if (l->sel < 0 || l->sel >= l->n)
		return NULL;
	return ROW(l, l->sel);
}

void tui_list_set_height(tui_list *l, int height)
{
	l->height = height > 1 ? height : 1;
	if (l->sel >= 0)
		follow(l);
}

int tui_list_key(tui_list *l, int key)
{
	switch (key) {
	case TUI_KEY_UP: case 'k': tui_list_move(l, -1); return 1;
	case TUI_KEY_DOWN: case 'j': tui_list_move(l, 1); return 1;
	case TUI_KEY_PGUP: tui_list_move(l, -(l->height - 1 > 0 ? l->height - 1 : 1)); return 1;
	case TUI_KEY_PGDN:
	case ' ': tui_list_move(l, l->height - 1 > 0 ? l->height - 1 : 1); return 1;
	case TUI_KEY_HOME: case 'g': tui_list_first(l); return 1;
	case TUI_KEY_END: case 'G': tui_list_last(l); return 1;
	default: return 0;
	}
}

void tui_list_widths(const tui_column *cols, int n, int total, int *widths)
{
	int fixed = 0, flex = -1;
	for (int i = 0; i < n; i++) {
		/* a fixed column is at least as wide as its (translated) title */
		const char *title = cols[i].title ? _(cols[i].title) : "";
		int tw = cols[i].width ? (int)fb_text_width(title) : 0;
		widths[i] = cols[i].width > tw ? cols[i].width : tw;
		fixed += widths[i] + (i > 0);
		if (cols[i].width == 0 && flex < 0)
			flex = i;
	}
	int room = total - fixed;
	if (flex >= 0 && room > 0) {
		widths[flex] = room;
		return;
	}
	/* Too narrow: shrink from the last column on, keeping at least 2. */
	for (int i = n - 1; i >= 0 && room < 0; i--) {
		int give = widths[i] - 2;
		if (give <= 0)
			continue;
		if (give > -room)
			give = -room;
		widths[i] -= give;
		room += give;
	}
}

void tui_list_draw(tui_list *l, tui_cbuf *b, int y, int x, int rows, int cols)
{
	const tui_list_ops *ops = l->ops;
	int widths[16];
	int nc = ops->ncolumns < 16 ? ops->ncolumns : 16;
	char raw[512], text[1024];

	tui_list_widths(ops->columns, nc, cols, widths);
	tui_list_set_height(l, rows - 1);
	int cx = x;
	tui_cbuf_blank(b, y, x, cols, TUI_A_LABEL);
	for (int c = 0; c < nc; c++) {
		tui_cbuf_fit(b, y, cx, _(ops->columns[c].title), widths[c], TUI_A_LABEL);
		cx += widths[c] + 1;
	}
	for (int r = 0; r < rows - 1; r++) {
		int i = l->top + r;
		int yy = y + 1 + r;
		tui_cbuf_blank(b, yy, x, cols, TUI_A_NORMAL);
		if (i >= l->n)
			continue;
		int base = i == l->sel ? TUI_A_SELECTED : TUI_A_NORMAL;
		if (i == l->sel)
			tui_cbuf_blank(b, yy, x, cols, base);
		cx = x;
		for (int c = 0; c < nc; c++) {
			int attr = base;
			raw[0] = '\0';
			ops->cell(l->ctx, ROW(l, i), c, raw, sizeof raw, &attr);
			/* cells come from the database: controls made visible */
			fb_text_visible(raw, 0, text, sizeof text);
			if (i == l->sel)
				attr = TUI_A_SELECTED;
			if (ops->columns[c].right) {
				int w = (int)fb_text_width(text);
				int pad = widths[c] - w;
				tui_cbuf_blank(b, yy, cx, widths[c], attr);
				if (pad >= 0)
					tui_cbuf_put(b, yy, cx + pad, text, w, attr);
				else
					tui_cbuf_fit(b, yy, cx, text, widths[c], attr);
			} else {
				tui_cbuf_fit(b, yy, cx, text, widths[c], attr);
			}
			cx += widths[c] + 1;
		}
	}
}
