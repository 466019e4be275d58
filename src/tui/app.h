/* app.h - what every screen shares: the store, who is working, the screen
 * buffer and its frame (title, status line, key bar generated from the
 * screen's key table), the key loop (resize, too-small terminals, draft
 * autosave, signals), and small dialogs. */
#ifndef TUI_APP_H
#define TUI_APP_H

#include <stdint.h>
#include <time.h>

#include "fieldbook/fieldbook.h"
#include "cbuf.h"
#include "form.h"
#include "keys.h"

/* Screens over parts of the core that other modules add: built when their
 * headers are there. */
#if defined(__has_include)
#if __has_include("fieldbook/report.h")
#define TUI_HAVE_REPORTS 1
#endif
#if __has_include("fieldbook/sync.h")
#define TUI_HAVE_SYNC 1
#endif
#endif
#ifndef TUI_HAVE_REPORTS
#define TUI_HAVE_REPORTS 0
#endif
#ifndef TUI_HAVE_SYNC
#define TUI_HAVE_SYNC 0
#endif

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
	int bar;          /* shown in the key bar */
} tui_keydef;

typedef struct tui_app {
	fb_store *st;
	const char *db_path;
	char draft_path[4200];
	tui_cbuf *buf;        /* the whole screen */
	int rows, cols;
	int too_small;
	int64_t me;           /* the person working (0: nobody chosen) */
	char me_name[64];
	int64_t group_id;     /* my group */
	char group_name[128];
	char today[11];
	char status[256];     /* message on the status line */
	int status_error;
	int quit;             /* leave every screen */
	int exit_code;
	int exit_after_draw;  /* FIELDBOOK_EXIT_AFTER_FIRST_DRAW */
	/* the form being edited, for the draft autosave */
	tui_form *draft_form;
	const char *draft_kind; /* "log", "ticket", ... */
	int64_t draft_id;       /* record being edited, 0 new */
	char draft_uuid[37];    /* new record: the uuid it gets when saved */
	char restore_uuid[37];  /* a draft being restored: its uuid, for the next form */
	time_t draft_saved;     /* when the draft was last written */
	int draft_interval;     /* seconds between autosaves */
} tui_app;

/* Actions every screen shares; the rows of the key tables for them. */
enum { TUI_ACT_HELP = 100, TUI_ACT_BACK };
#define TUI_KEYDEF_HELP {{'?', TUI_KEY_F1, 0}, TUI_ACT_HELP, "?/F1", N_("help"), 1}
#define TUI_KEYDEF_BACK {{'q', TUI_ESC, 0}, TUI_ACT_BACK, "q", N_("back"), 1}

/* Find the action of key in a table; -1 if none. */
int tui_keys_action(const tui_keydef *keys, int n, int key);

/* Start a frame: blank the buffer, draw title, status line and key bar.
 * Returns the content area through y0 and h (rows 1..rows-3). */
void tui_frame(tui_app *app, const char *title, const tui_keydef *keys, int nkeys, int *y0,
               int *h);
/* Put the buffer on the screen (a "too small" message instead when the
 * terminal is below 80x24). */
void tui_show(tui_app *app, int cur_y, int cur_x);
/* Next key: handles resize (geometry redone; below 80x24 tui_show draws a
 * message instead of the screen), autosaves the draft, turns SIGTERM/SIGHUP into TUI_KEY_QUIT
 * after saving the draft. timeout_ms -1 waits (in 1 s steps for autosave). */
int tui_key(tui_app *app, int timeout_ms);
/* Message on the status line (printf). */
void tui_say(tui_app *app, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The key help of a screen as a full-screen page; any key closes it. */
void tui_help(tui_app *app, const char *title, const tui_keydef *keys, int nkeys);
/* Yes/no question in a box; 1 yes, 0 no. */
int tui_confirm(tui_app *app, const char *question);
/* Pick one of n labels (menu); returns the index or -1 (Esc). */
int tui_pick(tui_app *app, const char *title, const char *prompt, const char **labels, int n,
             int initial);
/* Draw a progress bar screen (demo generation). */
void tui_progress(tui_app *app, const char *title, long done, long total);

/* Run a form until saved or left. save() is called on Ctrl-S: it returns 0
 * (kind: "log"/"ticket" keeps a draft of the form; NULL none)
 * when saved, or sets inline errors and returns -1. Esc asks first when the
 * form changed. Returns 1 saved, 0 left. The draft is autosaved meanwhile. */
typedef int (*tui_form_save_fn)(tui_app *app, tui_form *fm, void *ctx);
int tui_form_run(tui_app *app, tui_form *fm, const char *kind, int64_t id,
                 tui_form_save_fn save, void *ctx);
/* Put an fb_error on a form: inline next to its field when the form has
 * one, else under the form. */
void tui_form_fail(tui_form *fm, const fb_error *err);

/* A screen that shows a text view (home, details, people): fill() builds
 * the view (again after act() returns 2; -1 leaves), act() handles the
 * table's own actions (1 leaves). Help, back and scrolling are done here. */
struct tui_view;
typedef int (*tui_view_fill_fn)(tui_app *app, struct tui_view *v, void *ctx);
typedef int (*tui_view_act_fn)(tui_app *app, int action, void *ctx);
void tui_view_screen(tui_app *app, const char *title, const tui_keydef *keys, int nkeys,
                     tui_view_fill_fn fill, tui_view_act_fn act, void *ctx);

/* Draft file beside the database (atomic write, mode 0600). */
int tui_draft_save(tui_app *app);
/* Read a draft: kind, id and the form text (caller frees *text). 0 if none. */
int tui_draft_load(const char *path, char *kind, size_t kind_size, int64_t *id,
                   char uuid[37], char **text, time_t *when);
void tui_draft_remove(tui_app *app);

/* Edit text in $EDITOR (terminal handed over and back). Returns the new
 * text (caller frees) or NULL if the editor failed. */
char *tui_external_edit(tui_app *app, const char *text);

/* Weekday name of a date ("周日" / "Sun"). */
const char *tui_weekday(const char *date);

/* Screens. */
int tui_first_run(tui_app *app);
int tui_who_am_i(tui_app *app, int force);
void tui_home(tui_app *app);
void tui_logs(tui_app *app);
/* Edit a log (id 0: new); draft_text restores a draft. Returns 1 if saved. */
int tui_log_form(tui_app *app, int64_t id, const char *draft_text);
void tui_log_detail(tui_app *app, int64_t id);
void tui_tickets(tui_app *app, int mine);
int tui_ticket_form(tui_app *app, int64_t id, const char *draft_text);
void tui_ticket_detail(tui_app *app, int64_t id);
void tui_people(tui_app *app);
#if TUI_HAVE_REPORTS
void tui_reports(tui_app *app);
void tui_report_detail(tui_app *app, int64_t id);
#endif
#if TUI_HAVE_SYNC
void tui_sync(tui_app *app);
#endif
/* Offer a saved draft back; called once after start. */
void tui_offer_draft(tui_app *app);

#endif
