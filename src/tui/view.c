/* view.c - the scrolling text view (see view.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/text.h"
#include "keys.h"
#include "view.h"

void tui_view_init(tui_view *v) { memset(v, 0, sizeof *v); }

void tui_view_free(tui_view *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->lines[i].text);
	free(v->lines);
	memset(v, 0, sizeof *v);
}

/* Append one line (no newlines inside). */
static void push(tui_view *v, int attr, int indent, const char *s, size_t n)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 32;
		v->lines = tui_xrealloc(v->lines, (size_t)v->cap * sizeof *v->lines);
	}
	char *t = tui_xmalloc(n + 1);
	memcpy(t, s, n);
	t[n] = '\0';
	v->lines[v->n++] = (tui_vline){t, attr, indent};
}

void tui_view_add(tui_view *v, int attr, int indent, const char *fmt, ...)
{
	va_list ap;
	char *raw = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&raw, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	/* text from the database or a bundle: controls (a CR that would
	 * overwrite the line, ESC) and invisible characters made visible */
	char *s = fb_text_visible_dup(raw, FB_VISIBLE_KEEP_NL | FB_VISIBLE_KEEP_TAB);
	free(raw);
	if (!s)
		return;
	const char *p = s;
	for (;;) {
		const char *nl = strchr(p, '\n');
		push(v, attr, indent, p, nl ? (size_t)(nl - p) : strlen(p));
		if (!nl)
			break;
		p = nl + 1;
	}
	free(s);
}

void tui_view_field(tui_view *v, const char *label, const char *value)
{
	tui_view_add(v, TUI_A_LABEL, 0, "%s", label);
	tui_view_add(v, TUI_A_NORMAL, 2, "%s", value && *value ? value : "-");
}

/* The code point at s (0 at the end). */
static uint32_t cp_at(const char *s)
{
	uint32_t c = 0;
	if (*s)
		fb_utf8_decode(s, strnlen(s, 4), &c);
	return c;
}

/* The start of the character before byte i (> 0) of s. */
static size_t prev_char(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

/* Where to end a wrapped line that could take k bytes of s (k > 0). First
 * the Chinese rules (fb_cp_no_line_start/end): closing punctuation takes
 * the character before it down with it, an opening bracket goes down with
 * what it opens - unless nothing would be left on the line. Then inside a
 * Latin word, the last space before it; Chinese breaks between any two
 * characters. */
static size_t word_break(const char *s, size_t k)
{
	size_t b = k;
	while (s[k] && b > 0 && fb_cp_no_line_start(cp_at(s + b)))
		b = prev_char(s, b);
	while (s[k] && b > 0 && fb_cp_no_line_end(cp_at(s + prev_char(s, b))))
		b = prev_char(s, b);
	if (b == 0)
		b = k; /* a line of punctuation: cut it */
	if (s[b] == '\0' || s[b] == ' ' || (unsigned char)s[b] >= 0x80 ||
	    (unsigned char)s[b - 1] >= 0x80 || s[b - 1] == ' ')
		return b;
	for (size_t i = b; i > 0; i--) {
		if (s[i - 1] == ' ')
			return i;
		if ((unsigned char)s[i - 1] >= 0x80)
			return i; /* after a CJK character */
	}
	return b; /* one long word: cut it */
}

/* Visit each visual line: calls put for the ones from the scroll position. */
void tui_view_draw(tui_view *v, tui_cbuf *b, int y, int x, int rows, int cols)
{
	int vis = 0;
	v->height = rows;
	v->top = 0;
	for (int r = 0; r < rows; r++)
		tui_cbuf_blank(b, y + r, x, cols, TUI_A_NORMAL);
	for (int i = 0; i < v->n; i++) {
		const char *s = v->lines[i].text;
		int w = cols - v->lines[i].indent;
		if (w < 4)
			w = 4;
		do {
			size_t k = fb_text_prefix(s, w);
			if (k == 0 && *s) {
				uint32_t cp;
				k = fb_utf8_decode(s, strlen(s), &cp);
			}
			k = word_break(s, k);
			int row = vis - v->scroll;
			if (row == 0)
				v->top = i;
			if (row >= 0 && row < rows) {
				char *part = tui_xmalloc(k + 1);
				memcpy(part, s, k);
				part[k] = '\0';
				tui_cbuf_put(b, y + row, x + v->lines[i].indent, part, w,
				             v->lines[i].attr);
				free(part);
			}
			vis++;
			s += k;
		} while (*s);
	}
	v->total = vis;
}

int tui_view_key(tui_view *v, int key)
{
	int page = v->height > 2 ? v->height - 1 : 1;
	int max = v->total - v->height > 0 ? v->total - v->height : 0;
	switch (key) {
	case TUI_KEY_UP:
	case 'k': v->scroll--; break;
	case TUI_KEY_DOWN:
	case 'j': v->scroll++; break;
	case TUI_KEY_PGUP: v->scroll -= page; break;
	case TUI_KEY_PGDN:
	case ' ': v->scroll += page; break;
	case TUI_KEY_HOME:
	case 'g': v->scroll = 0; break;
	case TUI_KEY_END:
	case 'G': v->scroll = max; break;
	default: return 0;
	}
	if (v->scroll > max)
		v->scroll = max;
	if (v->scroll < 0)
		v->scroll = 0;
	return 1;
}
