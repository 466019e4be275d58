/* ledit.h - a width-aware line editor: the text is an array of code points
 * with their display widths and the cursor counts characters, so it can never
 * sit inside a double-width glyph. Single-line fields scroll sideways;
 * multi-line fields wrap by display width and scroll vertically. No curses. */
#ifndef TUI_LEDIT_H
#define TUI_LEDIT_H

#include <stddef.h>
#include <stdint.h>

typedef struct tui_ledit {
	uint32_t *cp;   /* the characters */
	uint8_t *w;     /* display width of each (newline 0) */
	size_t len;     /* characters in use */
	size_t cap;     /* characters allocated */
	size_t cur;     /* cursor: 0..len, in characters */
	size_t max;     /* most characters accepted */
	int multiline;  /* Enter inserts a newline, text wraps */
	size_t hscroll; /* single-line: first character shown */
	int vscroll;    /* multi-line: first visual line shown */
	int want_col;   /* multi-line: column Up/Down aim for, -1 none */
} tui_ledit;

/* An empty editor taking up to max characters. */
void tui_ledit_init(tui_ledit *e, int multiline, size_t max);
void tui_ledit_free(tui_ledit *e);
/* Replace the text (cut at max; invalid bytes become U+FFFD, a tab a space,
 * CRLF one newline, a newline in single-line text a space; combining marks
 * are dropped). Controls and invisible characters of stored text are kept
 * as they are and drawn as their escape "<U+001B>" (one character that many
 * columns wide), so saving does not change them and the screen never gets
 * them raw. Cursor after the last character (before trailing newlines). */
void tui_ledit_set(tui_ledit *e, const char *utf8);
/* The text as UTF-8. Caller frees. */
char *tui_ledit_get(const tui_ledit *e);
/* Insert one typed character at the cursor; 0 if refused (full, not
 * printable, zero width, or a control or invisible character). */
int tui_ledit_insert(tui_ledit *e, uint32_t cp);
/* Handle an editing key (keys.h) for a field `width` columns wide. Returns 1
 * if the key was used (text or cursor may have changed), 0 if not an editing
 * key (the caller handles it). */
int tui_ledit_key(tui_ledit *e, int key, int width);

/* Where character index i is drawn in a field `width` columns wide: visual
 * line and column. i may be len (the position after the text). */
void tui_ledit_pos(const tui_ledit *e, size_t i, int width, int *line, int *col);
/* Number of visual lines of the text at this width (at least 1). */
int tui_ledit_lines(const tui_ledit *e, int width);
/* The character index at visual (line, col), rounded left to a character
 * start, for Up/Down. */
size_t tui_ledit_index_at(const tui_ledit *e, int width, int line, int col);
/* Adjust hscroll/vscroll so the cursor is visible in width x height. */
void tui_ledit_scroll(tui_ledit *e, int width, int height);
/* The text of visual line `line` at this width, as UTF-8 into out (single-line
 * editors: the visible part from hscroll). */
char *tui_ledit_line_text(const tui_ledit *e, int width, int line, char *out, size_t size);

#endif
