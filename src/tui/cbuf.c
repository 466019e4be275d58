/* cbuf.c - cell buffers (see cbuf.h): width-aware writing of text into cells. */
#include <stdlib.h>
#include <string.h>

#include "fieldbook/text.h"
#include "cbuf.h"

/* Readable on a light and on a dark background alike: colour only with a
 * background of its own (title, selection) or in red (errors, overdue);
 * keys in reverse video, labels in bold of the terminal's own colour. */
const tui_look tui_looks[TUI_A_COUNT] = {
	[TUI_A_NORMAL] = {TUI_C_DEFAULT, TUI_C_DEFAULT, 0, 0},
	[TUI_A_TITLE] = {TUI_C_WHITE, TUI_C_BLUE, TUI_M_BOLD, TUI_M_REVERSE},
	[TUI_A_SELECTED] = {TUI_C_BLACK, TUI_C_CYAN, 0, TUI_M_REVERSE},
	[TUI_A_KEY] = {TUI_C_DEFAULT, TUI_C_DEFAULT, TUI_M_REVERSE, TUI_M_REVERSE},
	[TUI_A_LABEL] = {TUI_C_DEFAULT, TUI_C_DEFAULT, TUI_M_BOLD, TUI_M_BOLD},
	[TUI_A_FOCUS] = {TUI_C_DEFAULT, TUI_C_DEFAULT, TUI_M_UNDERLINE, TUI_M_UNDERLINE},
	[TUI_A_ERROR] = {TUI_C_RED, TUI_C_DEFAULT, TUI_M_BOLD, TUI_M_BOLD},
	[TUI_A_DIM] = {TUI_C_DEFAULT, TUI_C_DEFAULT, TUI_M_DIM, TUI_M_DIM},
	[TUI_A_OVERDUE] = {TUI_C_RED, TUI_C_DEFAULT, 0, TUI_M_BOLD},
};

tui_cbuf *tui_cbuf_new(int rows, int cols)
{
	tui_cbuf *b = tui_xcalloc(1, sizeof *b);
	tui_cbuf_resize(b, rows, cols);
	return b;
}

void tui_cbuf_free(tui_cbuf *b)
{
	if (!b)
		return;
	free(b->cells);
	free(b);
}

void tui_cbuf_resize(tui_cbuf *b, int rows, int cols)
{
	b->rows = rows > 0 ? rows : 0;
	b->cols = cols > 0 ? cols : 0;
	free(b->cells);
	b->cells = tui_xcalloc((size_t)b->rows * (size_t)b->cols + 1, sizeof *b->cells);
	tui_cbuf_clear(b);
}

void tui_cbuf_clear(tui_cbuf *b)
{
	for (int i = 0; i < b->rows * b->cols; i++)
		b->cells[i] = (tui_cell){' ', 1, TUI_A_NORMAL};
}

tui_cell *tui_cbuf_at(tui_cbuf *b, int y, int x)
{
	if (y < 0 || x < 0 || y >= b->rows || x >= b->cols)
		return NULL;
	return &b->cells[y * b->cols + x];
}

/* Overwriting half of a wide character blanks its other half. */
static void unhook(tui_cbuf *b, int y, int x)
{
	tui_cell *c = tui_cbuf_at(b, y, x);
	if (!c)
		return;
	if (c->width == 0 && x > 0)
		b->cells[y * b->cols + x - 1] = (tui_cell){' ', 1, c->attr};
	if (c->width == 2 && x + 1 < b->cols)
		b->cells[y * b->cols + x + 1] = (tui_cell){' ', 1, c->attr};
}

int tui_cbuf_putc(tui_cbuf *b, int y, int x, uint32_t cp, int attr)
{
	int w = fb_cp_width(cp);
	if (cp == '\t' || cp == '\n' || cp == '\r')
		cp = ' ', w = 1;
	else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		cp = FB_REPLACEMENT, w = 1;
	if (w == 0)
		return 0;
	if (y < 0 || y >= b->rows || x < 0 || x + w > b->cols)
		return 0;
	unhook(b, y, x);
	if (w == 2)
		unhook(b, y, x + 1);
	b->cells[y * b->cols + x] = (tui_cell){cp, (uint8_t)w, (uint8_t)attr};
	if (w == 2)
		b->cells[y * b->cols + x + 1] = (tui_cell){0, 0, (uint8_t)attr};
	return w;
}

int tui_cbuf_put(tui_cbuf *b, int y, int x, const char *s, int maxcols, int attr)
{
	int used = 0;
	size_t n = s ? strlen(s) : 0;
	if (x < 0 || y < 0 || y >= b->rows)
		return 0;
	if (maxcols > b->cols - x)
		maxcols = b->cols - x;
	while (n > 0) {
		uint32_t cp;
		size_t k = fb_utf8_decode(s, n, &cp);
		s += k, n -= k;
		int w = fb_cp_width(cp);
		if (cp == '\t' || cp == '\n' || cp == '\r' || cp < 0x20 ||
		    (cp >= 0x7f && cp < 0xa0))
			w = 1;
		if (w == 0)
			continue;
		if (used + w > maxcols)
			break;
		used += tui_cbuf_putc(b, y, x + used, cp, attr);
	}
	return used;
}

void tui_cbuf_fit(tui_cbuf *b, int y, int x, const char *s, int cols, int attr)
{
	char small[1024];
	if (cols <= 0)
		return;
	/* cut (never through a wide character, … where cut) into blanks: the
	 * padding is the blanks, not spaces put one by one */
	size_t size = (size_t)cols * 4 + 8;
	char *tmp = size <= sizeof small ? small : tui_xmalloc(size);
	fb_text_cut(s ? s : "", cols, tmp, size);
	tui_cbuf_blank(b, y, x, cols, attr);
	tui_cbuf_put(b, y, x, tmp, cols, attr);
	if (tmp != small)
		free(tmp);
}

void tui_cbuf_blank(tui_cbuf *b, int y, int x, int cols, int attr)
{
	/* as cols spaces put one by one (clipped; a wide character cut at
	 * either end loses its other half), in one pass: every screen blanks
	 * most of its cells on every draw */
	if (y < 0 || y >= b->rows)
		return;
	if (x < 0)
		cols += x, x = 0;
	if (cols > b->cols - x)
		cols = b->cols - x;
	if (cols <= 0)
		return;
	unhook(b, y, x);
	unhook(b, y, x + cols - 1);
	tui_cell *c = &b->cells[y * b->cols + x];
	for (int i = 0; i < cols; i++)
		c[i] = (tui_cell){' ', 1, (uint8_t)attr};
}

void tui_cbuf_attr(tui_cbuf *b, int y, int x, int cols, int attr)
{
	for (int i = 0; i < cols; i++) {
		tui_cell *c = tui_cbuf_at(b, y, x + i);
		if (c)
			c->attr = (uint8_t)attr;
	}
}

char *tui_cbuf_row(const tui_cbuf *b, int y, char *out, size_t size)
{
	size_t o = 0, keep = 0;
	if (size == 0)
		return out;
	for (int x = 0; y >= 0 && y < b->rows && x < b->cols; x++) {
		const tui_cell *c = &b->cells[y * b->cols + x];
		if (c->width == 0)
			continue;
		char enc[4];
		size_t k = fb_utf8_encode(c->cp, enc);
		if (o + k >= size)
			break;
		memcpy(out + o, enc, k);
		o += k;
		if (c->cp != ' ')
			keep = o;
	}
	out[keep] = '\0';
	return out;
}
