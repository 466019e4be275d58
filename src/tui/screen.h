/* screen.h - pieces the list screens share: the incremental search line
 * and date helpers. */
#ifndef TUI_SCREEN_H
#define TUI_SCREEN_H

#include "app.h"
#include "ledit.h"

/* Incremental search: a line editor on the status line; the list is
 * refiltered when typing pauses. */
typedef struct tui_search {
	int active;
	tui_ledit ed;
	char text[256];   /* the text the list is filtered by */
	char before[256]; /* the text when the search started: Esc restores it */
	int pending;      /* typed but not applied yet */
} tui_search;

void tui_search_init(tui_search *s);
void tui_search_free(tui_search *s);
void tui_search_start(tui_search *s, const char *current);
/* Feed a key (TUI_KEY_NONE when typing paused). Returns 1 when s->text
 * changed and the list must be refetched, 0 otherwise. */
int tui_search_key(tui_search *s, int key);
void tui_search_draw(tui_app *app, tui_search *s, int *cy, int *cx);

/* Run a filter form (Ctrl-S or Enter applies). 1 if applied. */
int tui_screen_filter(tui_app *app, tui_form *fm);
/* Normalise a date the user typed into out ("" stays ""); 0 if invalid. */
int tui_screen_date(const char *in, char out[11]);

#endif
