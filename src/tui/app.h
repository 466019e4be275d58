/* app.h - the runtime every screen stands on, and that knows no screen: the
 * store, who is working, the screen buffer and its frame (title, status
 * line, key bar generated from the screen's key table), and the key loop
 * (resize, too-small terminals, draft autosave, signals). Dialogs are in
 * dialog.h, the screen runners (lists, views, forms) in runner.h. */
#ifndef TUI_APP_H
#define TUI_APP_H

#include <stdint.h>
#include <time.h>

#include "fieldbook/fieldbook.h"
#include "cbuf.h"
#include "draft.h"
#include "form.h"
#include "keys.h"

#define TUI_MIN_ROWS 24
#define TUI_MIN_COLS 80

/* One entry of a screen's key table: the keys, the action they trigger, how
 * the key is written in help, what it does (msgid), and whether the key bar
 * shows it. Help screens and key bars are generated from these tables. */
typedef struct tui_keydef {
	int keys[3];      /* up to three keys, 0 for none */
	int action;       /* the screen's action code */
	const char *name; /* "Enter", "/", "Ctrl-S" (msgid) */
	const char *help; /* msgid */
	int bar;          /* shown in the key bar: 0 no, 1 if there is room,
	                   * TUI_BAR_ALWAYS never cut (leave, help, save) */
} tui_keydef;

#define TUI_BAR_ALWAYS 2

typedef struct tui_app {
	fb_store *st;
	const char *db_path;
	tui_cbuf *buf; /* the whole screen */
	int rows, cols;
	int too_small;
	int64_t me; /* the person working (0: nobody chosen) */
	char me_name[64];
	int64_t group_id; /* my group */
	char group_name[128];
	char today[11];
	int hq;           /* this database is headquarters' (fb_hq_is) */
	char status[256]; /* message on the status line */
	int status_error;
	int quit; /* leave every screen */
	int exit_code;
	int exit_after_draw; /* FIELDBOOK_EXIT_AFTER_FIRST_DRAW */
	tui_draft draft;     /* the form being edited, autosaved */
	/* The idle lock: after idle_lock seconds without a key (0: never) the
	 * runtime saves the draft, signs the person out and calls lock (set by
	 * the entry point: it asks them to sign in again); lock returns 1 when
	 * they are back, 0 to quit (the draft is kept for them). */
	int idle_lock;
	time_t last_key;
	int locking;
	int (*lock)(struct tui_app *app);
	/* F2 on any screen: every screen is left (as for quit, the draft
	 * kept) and the entry point asks who is working now */
	int switching;
} tui_app;

/* Actions every screen shares; the rows of the key tables for them. The
 * runners handle them (help, back; search in list screens). */
enum { TUI_ACT_HELP = 100, TUI_ACT_BACK, TUI_ACT_SEARCH };
#define TUI_KEYDEF_HELP                                                                \
	{                                                                              \
		{'?', TUI_KEY_F1, 0}, TUI_ACT_HELP, "?/F1", N_("help"), TUI_BAR_ALWAYS \
	}
#define TUI_KEYDEF_BACK                                                          \
	{                                                                        \
		{'q', TUI_ESC, 0}, TUI_ACT_BACK, "q", N_("back"), TUI_BAR_ALWAYS \
	}
#define TUI_KEYDEF_SEARCH                                         \
	{                                                         \
		{'/', 0, 0}, TUI_ACT_SEARCH, "/", N_("search"), 1 \
	}

/* Whether the person working may take a screen's own action now (on row,
 * the selected row of a list, NULL elsewhere): 1 if so; 0 if the core would
 * refuse it, with the core's refusal in *why. The runners ask it for every
 * entry of a key table (not help, back, search): a refused action's key is
 * left out of the key bar and the help, and pressed it puts the refusal on
 * the status line. It asks the core (fb_perm_check and its kin), never
 * decides itself. */
typedef int (*tui_allowed_fn)(void *ctx, int action, const void *row, fb_error *why);
#define TUI_MAX_KEYS 32
/* Copy into out (room for TUI_MAX_KEYS) the entries of keys that allowed
 * lets through (all of them if allowed is NULL); returns how many. */
int tui_keys_allowed(const tui_keydef *keys, int n, tui_keydef *out, tui_allowed_fn allowed,
                     void *ctx, const void *row);
/* Find the action of key in keys (the full table) and whether allowed lets
 * it through: the action, or -1 if no key; 0 when refused, after putting
 * the refusal on the status line. */
int tui_keys_action_allowed(tui_app *app, const tui_keydef *keys, int n, int key,
                            tui_allowed_fn allowed, void *ctx, const void *row);

/* Find the action of key in a table; -1 if none. */
int tui_keys_action(const tui_keydef *keys, int n, int key);

/* Geometry from the terminal's size (the buffer follows); at start and
 * after a resize. */
void tui_resize(tui_app *app);
/* Start a frame: blank the buffer, draw title, status line and key bar
 * (the keys that do not fit are left out, never a TUI_BAR_ALWAYS one).
 * Returns the content area through y0 and h (rows 1..rows-3). */
void tui_frame(tui_app *app, const char *title, const tui_keydef *keys, int nkeys, int *y0, int *h);
/* Put the buffer on the screen (a "too small" message instead when the
 * terminal is below 80x24). */
void tui_show(tui_app *app, int cur_y, int cur_x);
/* Next key: handles resize (geometry redone; below 80x24 tui_show draws a
 * message instead of the screen), autosaves the draft, turns SIGTERM/SIGHUP into TUI_KEY_QUIT
 * after saving the draft. timeout_ms -1 waits (in 1 s steps for autosave). */
int tui_key(tui_app *app, int timeout_ms);
/* Who is working: the person remembered in the database (meta
 * tui.current_person) into app->me, me_name, group_id, group_name; 1 if
 * someone valid is remembered. */
int tui_me_load(tui_app *app);
/* Make person the one working (remembered for the next start). */
fb_status tui_me_set(tui_app *app, int64_t person, fb_error *err);
/* Message on the status line (printf). */
void tui_say(tui_app *app, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
