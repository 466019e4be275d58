/* editor.h - long texts edited in an external editor ($VISUAL, $EDITOR):
 * the terminal is handed over and taken back. */
#ifndef TUI_EDITOR_H
#define TUI_EDITOR_H

#include "app.h"

/* Edit text in $EDITOR (terminal handed over and back). Returns the new
 * text (caller frees) or NULL if the editor failed. */
char *tui_external_edit(tui_app *app, const char *text);

#endif
