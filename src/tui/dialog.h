/* dialog.h - small dialogs over the runtime: a yes/no question, a menu to
 * pick one of a few labels, the key help page of a screen, a progress bar. */
#ifndef TUI_DIALOG_H
#define TUI_DIALOG_H

#include "app.h"

/* Yes/no question in a box (a line of the box per line of the question,
 * up to 8); 1 yes, 0 no. */
int tui_confirm(tui_app *app, const char *question);
/* Pick one of n labels (menu); returns the index or -1 (Esc). */
int tui_pick(tui_app *app, const char *title, const char *prompt, const char **labels, int n,
             int initial);
/* The key help of a screen as a full-screen page; any key closes it.
 * Entries without a name are more keys of the entry above (help "1-4"). */
/* Ask for a password: prompt, a note under it (may be NULL: an error or a
 * hint), the characters typed shown as *. 1 with buf filled, 0 on Esc. */
int tui_ask_secret(tui_app *app, const char *title, const char *prompt, const char *note,
                   char *buf, size_t size);
void tui_help(tui_app *app, const char *title, const tui_keydef *keys, int nkeys);
/* Draw a progress bar screen (demo generation); total 0: the count alone. */
void tui_progress(tui_app *app, const char *title, long done, long total);

#endif
