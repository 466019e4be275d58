/* offer.h - the ledger's units offered under a form's unit field as it is
 * typed: up to TUI_OFFER_MAX matches (fb_unit_match) with their kind and
 * visit count, and a hint line saying what a save will do (link the log
 * to the unit taken or to the one with the same name key, or add a new
 * unit). Down/Up choose, Enter takes, Esc closes the offers. The state
 * and its keys are pure logic (tests/unit/test_tui_widgets.c); fetching
 * and drawing are apart. */
#ifndef TUI_OFFER_H
#define TUI_OFFER_H

#include <stdint.h>

#include "app.h"

#define TUI_OFFER_MAX 6

typedef struct tui_offer {
	char field[24];                  /* the form field offered under ("unit") */
	int64_t group_id;                /* the group whose units are offered */
	fb_unit_row rows[TUI_OFFER_MAX]; /* the matches for `typed` */
	int n;                           /* how many */
	int sel;                         /* the one chosen, -1 none */
	int open;                        /* shown */
	char typed[304];                 /* the text the matches are for */
	int64_t taken;                   /* the unit taken with Enter, 0 none */
	char taken_name[304];            /* its name (taken only while the text is it) */
	char error[160];                 /* matching failed: the reason */
	char before[304];                /* an edited log: the unit it named when opened */
} tui_offer;

/* What a save would do with the text typed. */
enum tui_offer_will {
	TUI_OFFER_NOTHING, /* no text */
	TUI_OFFER_TAKEN,   /* link to the unit taken */
	TUI_OFFER_SAME,    /* link to the unit with the same name key */
	TUI_OFFER_NEW      /* add a new unit */
};

void tui_offer_init(tui_offer *o, const char *field, int64_t group_id);
/* The text changed to text with these matches (n rows): the offers open
 * when there are any, nothing chosen. */
void tui_offer_set(tui_offer *o, const char *text, const fb_unit_row *rows, int n);
/* A key while the field has the focus: 1 used (Down/Up/Esc on open
 * offers, Enter on a chosen one: *take gets its index), 0 for the form. */
int tui_offer_key(tui_offer *o, int key, int *take);
/* Remember row i as taken (Enter). */
void tui_offer_take(tui_offer *o, int i);
/* What a save would do with text; *unit_id the unit it links to (TAKEN,
 * SAME), 0 otherwise. */
int tui_offer_will(const tui_offer *o, const char *text, int64_t *unit_id);
/* The hint line for the text (translated) into out. */
char *tui_offer_hint(const tui_offer *o, const char *text, char *out, size_t size);

/* ---- with the store and the screen */

/* Called after each key of a form: refetch the matches when the field's
 * text changed, close the offers when the field lost the focus. */
void tui_offer_follow(tui_app *app, tui_offer *o, tui_form *fm);
/* Draw the offers and the hint under the field (form at y, x, rows x cols). */
void tui_offer_draw(tui_app *app, tui_offer *o, tui_form *fm, const tui_form_geom *g, int y, int x,
                    int rows, int cols);
/* Link the saved log lid to the unit its text names: the unit taken or
 * offered with the same name key, else as the core decides
 * (fb_visit_link_named: the group's unit of that key, or a new one).
 * *added is 1 when a unit was added. */
fb_status tui_offer_link(tui_app *app, const tui_offer *o, int64_t lid, const char *text,
                         int *added, fb_error *err);

#endif
