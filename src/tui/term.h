/* term.h - the terminal gateway: the only module that talks to curses. It
 * owns initscr/endwin, colours, key reading, signals and putting a cell
 * buffer on the screen. Everything else draws into cell buffers. */
#ifndef TUI_TERM_H
#define TUI_TERM_H

#include "cbuf.h"
#include "keys.h"

/* Start curses (raw keys, no echo, keypad, colours if any). Installs
 * SIGTERM/SIGHUP handlers that only set a flag, and an atexit restore.
 * Returns 0, or -1 if the terminal cannot be used. */
int tui_term_init(void);
/* Restore the terminal. Safe to call twice and before init. */
void tui_term_end(void);
/* Current terminal size. */
void tui_term_size(int *rows, int *cols);
/* Wait up to timeout_ms (-1: forever) for a key. Returns a key of keys.h,
 * TUI_KEY_RESIZE after a resize, TUI_KEY_NONE on timeout or when a
 * termination signal arrived (check tui_term_signalled). */
int tui_term_key(int timeout_ms);
/* Put b on the screen and place the cursor (hidden when y < 0). */
void tui_term_show(const tui_cbuf *b, int cur_y, int cur_x);
/* The signal number of a pending SIGTERM/SIGHUP/SIGINT, 0 if none. */
int tui_term_signalled(void);
/* Leave curses for a child program ($EDITOR) and come back. */
void tui_term_suspend(void);
void tui_term_resume(void);

#endif
