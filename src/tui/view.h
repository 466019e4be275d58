/* view.h - a scrolling text view for detail screens: lines of text with an
 * attribute and an indent, wrapped by display width when drawn. No curses. */
#ifndef TUI_VIEW_H
#define TUI_VIEW_H

#include "cbuf.h"

typedef struct tui_vline {
	char *text;
	int attr;
	int indent; /* columns of indent, also for wrapped continuation lines */
} tui_vline;

typedef struct tui_view {
	tui_vline *lines;
	int n, cap;
	int scroll; /* first visual line shown */
	int height; /* rows shown at the last draw */
	int total;  /* visual lines at the last draw */
	int top;    /* the line (index into lines) at the top at the last draw */
} tui_view;

void tui_view_init(tui_view *v);
void tui_view_free(tui_view *v);
/* Add a line (printf); text containing newlines becomes several lines.
 * Control and invisible characters show as escapes ("<U+000D>"). */
void tui_view_add(tui_view *v, int attr, int indent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "Label: value" with the label in the label colour, value wrapped. */
void tui_view_field(tui_view *v, const char *label, const char *value);
/* Draw from the scroll position into b (rows x cols at y, x). */
void tui_view_draw(tui_view *v, tui_cbuf *b, int y, int x, int rows, int cols);
/* Scrolling keys; 1 if used. */
int tui_view_key(tui_view *v, int key);

#endif
