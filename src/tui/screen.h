/* screen.h - pieces the list screens share: the incremental search line
 * and date helpers. */
#ifndef TUI_SCREEN_H
#define TUI_SCREEN_H

#include "app.h"
#include "ledit.h"
#include "list.h"

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

/* One turn of a list screen: frame, list (with `empty` when it has no
 * rows), the search line; then a key, fed to the search line or the list
 * first. Returns the key left for the screen (0 if used up, TUI_KEY_QUIT to
 * leave); *search_changed is set when the list must be refiltered by
 * s->text. */
int tui_list_screen_step(tui_app *app, tui_list *l, tui_search *s, const char *title,
                         const tui_keydef *keys, int nkeys, const char *empty,
                         int *search_changed);

/* Run a filter form (Ctrl-S or Enter applies). 1 if applied. */
int tui_screen_filter(tui_app *app, tui_form *fm);
/* Add the people of my group as choices (code: the person's id). */
void tui_screen_people_choices(tui_app *app, tui_field *f);
/* Normalise a date the user typed into out ("" stays ""); 0 if invalid. */
int tui_screen_date(const char *in, char out[11]);

#endif
