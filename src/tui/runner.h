/* runner.h - the screen runners: one loop for every list screen (the list
 * engine), one for every text view (home, details, people, bundles) and one
 * for every form. A screen brings its data and its actions; the runner does
 * the frame, the keys it shares with every screen (help, back, search,
 * scrolling), and drawing. */
#ifndef TUI_RUNNER_H
#define TUI_RUNNER_H

#include "app.h"
#include "ledit.h"
#include "list.h"
#include "view.h"

/* ---- list screens (as tig's view_ops: data and actions from the screen) */

/* What act() asks the engine to do next. */
enum tui_list_next {
	TUI_LIST_STAY,   /* redraw */
	TUI_LIST_RELOAD, /* re-read the rows shown (a row was changed) */
	TUI_LIST_FIRST,  /* back to the first row (filters or order changed) */
	TUI_LIST_LEAVE   /* leave the screen */
};

/* A list screen: everything that is its own. ctx is the screen's context,
 * handed to every hook and to the provider (list->fetch...). */
typedef struct tui_list_screen {
	const char *title;        /* the screen's name (translated): title bar, help */
	const tui_list_ops *list; /* the rows: keyset pages, cursor, cells, columns */
	int page;                 /* rows per fetch */
	const tui_keydef *keys;   /* dispatch, key bar and help; TUI_KEYDEF_SEARCH
	                           * rows need set_text */
	int nkeys;
	/* What follows the title for the current filters (" · not closed"),
	 * "" when none; NULL: nothing. */
	void (*subtitle)(void *ctx, char *out, size_t size);
	/* The line shown when the list has no rows. */
	const char *(*empty)(void *ctx);
	/* The search line's text changed: filter the rows by it ("" none). */
	void (*set_text)(void *ctx, const char *text);
	/* One of the screen's own actions on the selected row (NULL when the
	 * list is empty); returns enum tui_list_next. */
	int (*act)(void *ctx, int action, const void *row);
	/* Whether an action may be taken on the selected row (app.h); NULL:
	 * every key is offered. */
	tui_allowed_fn allowed;
} tui_list_screen;

/* Run a list screen until it is left (back, act's TUI_LIST_LEAVE, quit). */
void tui_list_screen_run(tui_app *app, const tui_list_screen *ls, void *ctx);

/* Incremental search: a line editor on the status line; the list is
 * refiltered when typing pauses. (Part of the engine; public for tests.) */
typedef struct tui_search {
	int active;
	tui_ledit ed;
	char text[256];   /* the text the list is filtered by */
	char before[256]; /* the text when the search started: Esc restores it */
	int pending;      /* typed but not applied yet */
} tui_search;

void tui_search_init(tui_search *s);
void tui_search_free(tui_search *s);
/* Open the search line on the text the list is filtered by now. */
void tui_search_start(tui_search *s);
/* Feed a key (TUI_KEY_NONE when typing paused). Returns 1 when s->text
 * changed and the list must be refetched, 0 otherwise. */
int tui_search_key(tui_search *s, int key);

/* ---- text views */

/* A screen that shows a text view (home, details, people): fill() builds
 * the view (again after act() returns 2; -1 leaves), act() handles the
 * table's own actions (1 leaves). Help, back and scrolling are done here. */
typedef int (*tui_view_fill_fn)(tui_app *app, tui_view *v, void *ctx);
typedef int (*tui_view_act_fn)(tui_app *app, int action, void *ctx);
void tui_view_screen(tui_app *app, const char *title, const tui_keydef *keys, int nkeys,
                     tui_view_fill_fn fill, tui_view_act_fn act, void *ctx);
/* The same with allowed (app.h) asked for every key on every turn, with
 * ctx and no row: after an action the keys follow the record. */
void tui_view_screen_checked(tui_app *app, const char *title, const tui_keydef *keys, int nkeys,
                             tui_allowed_fn allowed, tui_view_fill_fn fill, tui_view_act_fn act,
                             void *ctx);

/* ---- forms */

/* Run a form until saved or left. save() is called on Ctrl-S: it returns 0
 * when saved, or sets inline errors and returns -1. kind ("log"/"ticket")
 * keeps a draft of the form meanwhile (NULL: none); id is the record
 * edited (0: new). Esc asks first when the form changed. Returns 1 saved,
 * 0 left. */
typedef int (*tui_form_save_fn)(tui_app *app, tui_form *fm, void *ctx);
int tui_form_run(tui_app *app, tui_form *fm, const char *kind, int64_t id, tui_form_save_fn save,
                 void *ctx);
/* Something a form shows beside its fields (the units offered under a
 * unit field, offer.h): key() sees each key first and returns 1 when it
 * used it; follow() runs after each key; draw() draws over the form (at
 * y, x, rows x cols). */
typedef struct tui_form_aside {
	int (*key)(tui_app *app, tui_form *fm, int key, void *ctx);
	void (*follow)(tui_app *app, tui_form *fm, void *ctx);
	void (*draw)(tui_app *app, tui_form *fm, const tui_form_geom *g, int y, int x, int rows,
	             int cols, void *ctx);
	void *ctx;
	const tui_keydef *keys; /* its keys, added to the form's help (F1) */
	int nkeys;
} tui_form_aside;
/* tui_form_run with an aside (NULL: none). */
int tui_form_run_aside(tui_app *app, tui_form *fm, const char *kind, int64_t id,
                       tui_form_save_fn save, void *ctx, const tui_form_aside *aside);
/* Put an fb_error on a form: inline next to its field when the form has
 * one, else under the form. */
void tui_form_fail(tui_form *fm, const fb_error *err);

#endif
