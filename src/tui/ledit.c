/* ledit.c - the width-aware line editor (see ledit.h). */
#include <stdlib.h>
#include <string.h>

#include "fieldbook/text.h"
#include "cbuf.h"
#include "keys.h"
#include "ledit.h"

void tui_ledit_init(tui_ledit *e, int multiline, size_t max)
{
	memset(e, 0, sizeof *e);
	e->multiline = multiline;
	e->max = max ? max : 1;
	e->want_col = -1;
}

void tui_ledit_free(tui_ledit *e)
{
	free(e->cp);
	free(e->w);
	e->cp = NULL, e->w = NULL;
	e->len = e->cap = e->cur = 0;
}

/* Room for n characters at least (grows by doubling). */
static void reserve(tui_ledit *e, size_t n)
{
	if (n <= e->cap)
		return;
	size_t cap = e->cap ? e->cap * 2 : 32;
	while (cap < n)
		cap *= 2;
	e->cp = tui_xrealloc(e->cp, cap * sizeof *e->cp);
	e->w = tui_xrealloc(e->w, cap);
	e->cap = cap;
}

/* A character that must not reach the terminal raw (a control or an
 * invisible format character from stored text) is shown as its escape
 * "<U+001B>"; newline is not one of them in multi-line text. */
static int escaped(const tui_ledit *e, uint32_t cp)
{
	return fb_cp_unsafe(cp) && !(cp == '\n' && e->multiline);
}

/* The escape of cp into out (12 bytes); its length. */
static size_t escape_of(uint32_t cp, char *out)
{
	return (size_t)snprintf(out, 12, "<U+%04X>", (unsigned)cp);
}

/* Width of a character in the editor: newline takes no room, an escaped
 * character the width of its escape. */
static int cwidth(const tui_ledit *e, uint32_t cp)
{
	char esc[12];
	if (cp == '\n')
		return 0;
	return escaped(e, cp) ? (int)escape_of(cp, esc) : fb_cp_width(cp);
}

/* Put cp at the cursor (no checks but the room); 0 when full. */
static int put(tui_ledit *e, uint32_t cp)
{
	if (e->len >= e->max)
		return 0;
	reserve(e, e->len + 1);
	memmove(e->cp + e->cur + 1, e->cp + e->cur, (e->len - e->cur) * sizeof *e->cp);
	memmove(e->w + e->cur + 1, e->w + e->cur, e->len - e->cur);
	e->cp[e->cur] = cp;
	e->w[e->cur] = (uint8_t)cwidth(e, cp);
	e->len++, e->cur++;
	return 1;
}

int tui_ledit_insert(tui_ledit *e, uint32_t cp)
{
	if (cp == '\n' ? !e->multiline : !tui_key_printable((int)cp))
		return 0;
	if (cp != '\n' && (fb_cp_width(cp) == 0 || fb_cp_unsafe(cp)))
		return 0; /* combining marks would make the cursor ambiguous */
	return put(e, cp);
}

void tui_ledit_set(tui_ledit *e, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	e->len = e->cur = e->hscroll = 0;
	e->vscroll = 0;
	while (n > 0 && e->len < e->max) {
		uint32_t cp;
		size_t k = fb_utf8_decode(s, n, &cp);
		s += k, n -= k;
		if (cp == '\r' && n > 0 && *s == '\n')
			continue; /* CRLF: one line end */
		if (cp == '\t' || (cp == '\n' && !e->multiline))
			cp = ' ';
		/* what was stored stays as it was (a lone CR, ESC, a zero-width
		 * space): shown escaped, saved unchanged */
		if (escaped(e, cp) || fb_cp_width(cp) > 0 || cp == '\n')
			put(e, cp);
	}
	/* the cursor after the last character, not on the empty lines that
	 * trailing newlines make below the text */
	e->cur = e->len;
	while (e->cur > 0 && e->cp[e->cur - 1] == '\n')
		e->cur--;
}

char *tui_ledit_get(const tui_ledit *e)
{
	char *out = tui_xmalloc(e->len * 4 + 1);
	size_t o = 0;
	for (size_t i = 0; i < e->len; i++)
		o += fb_utf8_encode(e->cp[i], out + o);
	out[o] = '\0';
	return out;
}

/* Walks the text laying it out at a width: before each character (or the
 * end) the position it is drawn at. A character that does not fit, or
 * anything after a full line, starts the next line; a newline ends one; and
 * the Chinese rules of every wrapper (fb_cp_no_line_start/end): closing
 * punctuation never starts a line nor an opening bracket ends one, so the
 * character before them goes down too (unless that leaves a line empty). */
typedef struct walk {
	const tui_ledit *e;
	int width;
	size_t i; /* next character */
	int l, c; /* where the next character goes, before wrapping */
} walk;

/* Start a walk at the first character, at a width of at least 2. */
static void walk_init(walk *w, const tui_ledit *e, int width)
{
	w->e = e, w->width = width < 2 ? 2 : width, w->i = 0, w->l = 0, w->c = 0;
}

/* The columns of the characters that must stay on one line with
 * character i: i itself, what follows an opening bracket, and the closing
 * punctuation after them; 0 when i is not the first of such a run. */
static int unbreakable(const tui_ledit *e, size_t i)
{
	if (fb_cp_no_line_start(e->cp[i]) || (i > 0 && fb_cp_no_line_end(e->cp[i - 1])))
		return 0;
	int cols = e->w[i];
	for (size_t k = i + 1; k < e->len && e->cp[k] != '\n'; k++) {
		if (!fb_cp_no_line_start(e->cp[k]) && !fb_cp_no_line_end(e->cp[k - 1]))
			break;
		cols += e->w[k];
	}
	return cols;
}

/* The position of character w->i (wrapping applied). */
static void walk_here(walk *w, int *line, int *col)
{
	const tui_ledit *e = w->e;
	if (e->multiline) {
		int cw = w->i < e->len ? e->w[w->i] : 0;
		int nl = w->i < e->len && e->cp[w->i] == '\n';
		int run = !nl && w->i < e->len && w->c > 0 ? unbreakable(e, w->i) : 0;
		if ((!nl && w->c + cw > w->width && w->c > 0) || w->c >= w->width ||
		    (w->c + run > w->width && run <= w->width))
			w->l++, w->c = 0;
	}
	*line = w->l, *col = w->c;
}

/* Step past character w->i (after walk_here). */
static void walk_next(walk *w)
{
	const tui_ledit *e = w->e;
	if (e->multiline && e->cp[w->i] == '\n')
		w->l++, w->c = 0;
	else
		w->c += e->w[w->i];
	w->i++;
}

void tui_ledit_pos(const tui_ledit *e, size_t i, int width, int *line, int *col)
{
	walk w;
	walk_init(&w, e, width);
	if (i > e->len)
		i = e->len;
	for (;;) {
		walk_here(&w, line, col);
		if (w.i >= i)
			return;
		walk_next(&w);
	}
}

int tui_ledit_lines(const tui_ledit *e, int width)
{
	int l, c;
	if (!e->multiline)
		return 1;
	tui_ledit_pos(e, e->len, width, &l, &c);
	return l + 1;
}

size_t tui_ledit_index_at(const tui_ledit *e, int width, int line, int col)
{
	walk w;
	size_t best = 0;
	walk_init(&w, e, width);
	for (;;) {
		int l, c;
		walk_here(&w, &l, &c);
		if (l > line)
			break;
		if (l == line && c > col)
			break;
		best = w.i;
		if (l == line && c == col)
			break;
		if (w.i >= e->len)
			break;
		if (l == line && e->multiline && e->cp[w.i] == '\n')
			break;
		walk_next(&w);
	}
	return best;
}

void tui_ledit_scroll(tui_ledit *e, int width, int height)
{
	if (!e->multiline) {
		if (e->cur < e->hscroll)
			e->hscroll = e->cur;
		for (;;) {
			int cols = 1; /* room for the cursor after the last character */
			for (size_t k = e->hscroll; k < e->cur; k++)
				cols += e->w[k];
			if (cols <= width || e->hscroll >= e->cur)
				break;
			e->hscroll++;
		}
		return;
	}
	int l, c;
	tui_ledit_pos(e, e->cur, width, &l, &c);
	if (l < e->vscroll)
		e->vscroll = l;
	if (height > 0 && l >= e->vscroll + height)
		e->vscroll = l - height + 1;
}

/* cp as drawn (UTF-8, or its escape) into out if it fits in room bytes
 * with a NUL after; the bytes written (0 if it does not fit). */
static size_t encode(const tui_ledit *e, uint32_t cp, char *out, size_t room)
{
	char tmp[12];
	size_t n = escaped(e, cp) ? escape_of(cp, tmp) : fb_utf8_encode(cp, tmp);
	if (n + 1 > room)
		return 0;
	memcpy(out, tmp, n);
	return n;
}

char *tui_ledit_line_text(const tui_ledit *e, int width, int line, char *out, size_t size)
{
	size_t o = 0;
	if (size == 0)
		return out;
	if (!e->multiline) {
		int cols = 0;
		for (size_t k = e->hscroll; k < e->len; k++) {
			if (cols + e->w[k] > width || o + 13 > size)
				break;
			cols += e->w[k];
			o += encode(e, e->cp[k], out + o, size - o);
		}
		out[o] = '\0';
		return out;
	}
	walk w;
	walk_init(&w, e, width);
	while (w.i < e->len) {
		int l, c;
		walk_here(&w, &l, &c);
		if (l > line)
			break;
		if (l == line && e->cp[w.i] != '\n')
			o += encode(e, e->cp[w.i], out + o, size - o);
		walk_next(&w);
	}
	out[o] = '\0';
	return out;
}

/* Start and end of the logical line (between newlines) holding the cursor:
 * Home/End in multi-line text go to the paragraph's ends. */
static void line_bounds(const tui_ledit *e, size_t *from, size_t *to)
{
	size_t a = e->cur, b = e->cur;
	while (e->multiline && a > 0 && e->cp[a - 1] != '\n')
		a--;
	while (e->multiline && b < e->len && e->cp[b] != '\n')
		b++;
	*from = e->multiline ? a : 0;
	*to = e->multiline ? b : e->len;
}

/* Remove the character after the cursor, if any. */
static void delete_at_cursor(tui_ledit *e)
{
	if (e->cur >= e->len)
		return;
	memmove(e->cp + e->cur, e->cp + e->cur + 1, (e->len - e->cur - 1) * sizeof *e->cp);
	memmove(e->w + e->cur, e->w + e->cur + 1, e->len - e->cur - 1);
	e->len--;
}

int tui_ledit_key(tui_ledit *e, int key, int width)
{
	size_t from, to;
	int l, c;
	if (key != TUI_KEY_UP && key != TUI_KEY_DOWN)
		e->want_col = -1;
	switch (key) {
	case TUI_KEY_LEFT:
		if (e->cur > 0)
			e->cur--;
		return 1;
	case TUI_KEY_RIGHT:
		if (e->cur < e->len)
			e->cur++;
		return 1;
	case TUI_KEY_HOME:
	case TUI_CTRL('a'):
		line_bounds(e, &from, &to);
		e->cur = from;
		return 1;
	case TUI_KEY_END:
	case TUI_CTRL('e'):
		line_bounds(e, &from, &to);
		e->cur = to;
		return 1;
	case TUI_KEY_BACKSPACE:
		if (e->cur == 0)
			return 1;
		e->cur--;
		__attribute__((fallthrough));
	case TUI_KEY_DELETE:
	case TUI_CTRL('d'): delete_at_cursor(e); return 1;
	case TUI_CTRL('k'):
		line_bounds(e, &from, &to);
		for (; e->cur < to && e->cur < e->len; to--)
			delete_at_cursor(e);
		return 1;
	case TUI_CTRL('u'):
		line_bounds(e, &from, &to);
		while (e->cur > from) {
			e->cur--;
			delete_at_cursor(e);
		}
		return 1;
	case TUI_KEY_UP:
	case TUI_KEY_DOWN:
		if (!e->multiline)
			return 0;
		tui_ledit_pos(e, e->cur, width, &l, &c);
		if (e->want_col < 0)
			e->want_col = c;
		if (key == TUI_KEY_UP ? l == 0 : l + 1 >= tui_ledit_lines(e, width))
			return 0; /* leave the field */
		e->cur = tui_ledit_index_at(e, width, key == TUI_KEY_UP ? l - 1 : l + 1, e->want_col);
		return 1;
	case TUI_ENTER:
		if (!e->multiline)
			return 0;
		tui_ledit_insert(e, '\n');
		return 1;
	default:
		if (tui_key_printable(key)) {
			tui_ledit_insert(e, (uint32_t)key);
			return 1;
		}
		return 0;
	}
}
