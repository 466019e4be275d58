/* editor.h - long texts edited in an external editor: $VISUAL or $EDITOR
 * when set, else a friendly one found on the PATH (editor, nano, vi), with
 * a word first on how to save and come back. The terminal is handed over
 * and taken back. */
#ifndef TUI_EDITOR_H
#define TUI_EDITOR_H

#include "app.h"

/* Edit text outside. 1 with the new text in *out (caller frees); 0 when
 * nothing was edited and the status line says why (no editor found, the
 * person chose not to); -1 when the editor failed. */
int tui_external_edit(tui_app *app, const char *text, char **out);

#endif
