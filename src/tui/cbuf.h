/* cbuf.h - cell buffers: a screen (or part of one) as rows of cells, each a
 * code point with its display width and an attribute role. Screens draw
 * into a cbuf; only term.c puts a cbuf on the terminal, so every layout and
 * truncation can be tested without a terminal. */
#ifndef TUI_CBUF_H
#define TUI_CBUF_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Attribute roles; term.c maps them to colours or, without colours, to
 * plain attributes. */
enum tui_attr {
	TUI_A_NORMAL = 0,
	TUI_A_TITLE,    /* screen title bar */
	TUI_A_SELECTED, /* the row under the cursor */
	TUI_A_KEY,      /* a key name in the key bar */
	TUI_A_LABEL,    /* form labels, column headers */
	TUI_A_FOCUS,    /* the field being edited */
	TUI_A_ERROR,    /* inline errors, messages that need attention */
	TUI_A_DIM,      /* secondary text */
	TUI_A_OVERDUE,  /* overdue tickets, unmet targets */
	TUI_A_COUNT
};

/* How a role looks, as data (term.c maps it to curses; a unit test reads
 * it): a foreground and a background colour (TUI_C_DEFAULT: the terminal's
 * own, which is dark on a light theme and light on a dark one), the
 * attributes added with colours, and those used alone without colours. */
enum tui_colour {
	TUI_C_DEFAULT = -1, TUI_C_BLACK, TUI_C_RED, TUI_C_GREEN, TUI_C_YELLOW, TUI_C_BLUE,
	TUI_C_MAGENTA, TUI_C_CYAN, TUI_C_WHITE
};
enum { TUI_M_BOLD = 1, TUI_M_REVERSE = 2, TUI_M_UNDERLINE = 4, TUI_M_DIM = 8 };
typedef struct tui_look {
	int fg, bg;  /* enum tui_colour */
	int colour;  /* TUI_M_... with colours */
	int mono;    /* TUI_M_... without colours */
} tui_look;
extern const tui_look tui_looks[TUI_A_COUNT];

/* Box-drawing characters (one column each in the width table): dialogs
 * draw with them; term.c shows them as the terminal's line drawing. */
enum {
	TUI_BOX_H = 0x2500, TUI_BOX_V = 0x2502, TUI_BOX_TL = 0x250C, TUI_BOX_TR = 0x2510,
	TUI_BOX_BL = 0x2514, TUI_BOX_BR = 0x2518
};

typedef struct tui_cell {
	uint32_t cp;   /* code point; 0 in the right half of a wide character */
	uint8_t width; /* 1 or 2; 0 for the right half of a wide character */
	uint8_t attr;  /* enum tui_attr */
} tui_cell;

typedef struct tui_cbuf {
	int rows, cols;
	tui_cell *cells; /* rows * cols, row-major */
} tui_cbuf;

/* Allocate a buffer of blanks. Aborts on out of memory. Caller frees. */
tui_cbuf *tui_cbuf_new(int rows, int cols);
void tui_cbuf_free(tui_cbuf *b);
/* Resize (contents become blank). */
void tui_cbuf_resize(tui_cbuf *b, int rows, int cols);
/* Blank every cell. */
void tui_cbuf_clear(tui_cbuf *b);
/* Write UTF-8 text at (y, x) in at most maxcols columns (clipped at the right
 * edge too). Never splits a wide character: a character that does not fit is
 * not written. Controls and invalid bytes become U+FFFD, tab and newline a
 * space, zero-width characters are dropped. Returns the columns used. */
int tui_cbuf_put(tui_cbuf *b, int y, int x, const char *s, int maxcols, int attr);
/* Write s fitted to exactly cols columns (cut with … and padded). */
void tui_cbuf_fit(tui_cbuf *b, int y, int x, const char *s, int cols, int attr);
/* Write one code point of width 1 or 2; returns the columns used (0 if it
 * does not fit). */
int tui_cbuf_putc(tui_cbuf *b, int y, int x, uint32_t cp, int attr);
/* Set attr on cols cells from (y, x), filling with blanks where empty. */
void tui_cbuf_attr(tui_cbuf *b, int y, int x, int cols, int attr);
/* Fill cols cells with blanks of attr. */
void tui_cbuf_blank(tui_cbuf *b, int y, int x, int cols, int attr);
/* The text of row y as UTF-8, trailing blanks removed (for tests). */
char *tui_cbuf_row(const tui_cbuf *b, int y, char *out, size_t size);
/* The cell at (y, x), or NULL outside. */
tui_cell *tui_cbuf_at(tui_cbuf *b, int y, int x);

#endif
