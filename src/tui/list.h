/* list.h - the one generic list widget. A list view is a data provider (a
 * keyset-paged fetch, a cursor per row, the text of each cell); the widget
 * keeps a window of rows around the selection, fetches the next or previous
 * page by cursor as the selection moves, and does widths, truncation,
 * selection and scrolling. It never counts the rows of a table. No curses. */
#ifndef TUI_LIST_H
#define TUI_LIST_H

#include <stddef.h>
#include "fieldbook/page.h"
#include "cbuf.h"

typedef struct tui_column {
	const char *title; /* header msgid (N_): translated when drawn */
	int width;         /* columns; 0 = takes the room that is left */
	int right;         /* right-aligned (numbers) */
} tui_column;

typedef struct tui_list_ops {
	size_t row_size; /* bytes of one provider row */
	/* Up to max rows in display order; from is NULL for FB_PAGE_FIRST/LAST.
	 * Returns the count, or -1 with a message in err (size errsize). */
	int (*fetch)(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
	             char *err, size_t errsize);
	/* The cursor of a row (for the next fetch). */
	void (*cursor)(void *ctx, const void *row, fb_cursor *c);
	/* The text of column col of row into out; *attr may be changed. The
	 * widget shows its control and invisible characters escaped. */
	void (*cell)(void *ctx, const void *row, int col, char *out, size_t size, int *attr);
	const tui_column *columns;
	int ncolumns;
} tui_list_ops;

typedef struct tui_list {
	const tui_list_ops *ops;
	void *ctx;
	char *rows;      /* window of loaded rows, ops->row_size each */
	int n;           /* rows loaded */
	int page;        /* rows per fetch */
	int cap;         /* most rows kept (3 pages) */
	int sel;         /* selected row, index into rows; -1 if empty */
	int top;         /* first visible row, index into rows */
	int at_start;    /* rows[0] is the first row of the list */
	int at_end;      /* rows[n-1] is the last row of the list */
	int height;      /* visible rows (set by tui_list_draw / set_height) */
	char error[256]; /* last fetch error, "" if none */
} tui_list;

/* Set up a list over a provider; page is rows per fetch (>= 2). Loads
 * nothing: call tui_list_first. */
void tui_list_init(tui_list *l, const tui_list_ops *ops, void *ctx, int page);
void tui_list_free(tui_list *l);
/* Home: the first page. End: the last page. Return -1 on a fetch error. */
int tui_list_first(tui_list *l);
int tui_list_last(tui_list *l);
/* Move the selection by delta rows (fetching pages as needed). */
int tui_list_move(tui_list *l, int delta);
/* Re-read the window from its first row (after an edit or delete). */
int tui_list_reload(tui_list *l);
/* The selected row, or NULL. */
const void *tui_list_selected(const tui_list *l);
/* Number of visible rows the list will draw into. */
void tui_list_set_height(tui_list *l, int height);
/* Handle a navigation key (arrows, j/k, PgUp/PgDn, Home/End, g/G). Returns 1
 * if used. */
int tui_list_key(tui_list *l, int key);

/* Column widths for a total width: fixed columns keep theirs, widened to
 * their title (shrunk if need be), the flexible one takes the rest; one space between columns. */
void tui_list_widths(const tui_column *cols, int n, int total, int *widths);
/* Draw header and rows into b at (y, x) in rows x cols. */
void tui_list_draw(tui_list *l, tui_cbuf *b, int y, int x, int rows, int cols);

#endif
