/* form.h - the form model: labelled fields (text, multi-line text, date,
 * choice, number), each edited through a line editor on a copy of its value;
 * focus, required markers, inline errors, "changed?" and the draft format.
 * Layout is computed apart from drawing; drawing goes into a cell buffer. */
#ifndef TUI_FORM_H
#define TUI_FORM_H

#include <stdint.h>

#include "cbuf.h"
#include "ledit.h"

typedef enum tui_field_kind {
	TUI_F_TEXT,   /* one line */
	TUI_F_AREA,   /* several lines, wraps; Ctrl-X opens $EDITOR */
	TUI_F_DATE,   /* YYYY-MM-DD (or 2026年11月22日, 今天) with the weekday; Ctrl-T today */
	TUI_F_CHOICE, /* one of a list; Left/Right or Space */
	TUI_F_NUMBER, /* digits only (full-width ０-９ taken as 0-9); a lone 0 is replaced */
	TUI_F_MULTI   /* several of a list (up to 32): Left/Right move, Space ticks */
} tui_field_kind;

typedef struct tui_choice {
	char code[32];  /* stored value */
	char label[80]; /* shown */
} tui_choice;

typedef struct tui_field {
	char key[24];   /* stable name (draft file, core field name) */
	char label[64]; /* shown, translated */
	int label_cols; /* its display width */
	tui_field_kind kind;
	int required;
	int rows;            /* AREA: visible lines */
	tui_ledit ed;        /* the value being edited */
	char *orig;          /* the value when the form opened: Esc restores it */
	tui_choice *choices; /* CHOICE: the options (owned) */
	int nchoices;
	int choice; /* CHOICE: the index chosen, -1 none; MULTI: the option shown */
	int orig_choice;
	int64_t num_max; /* NUMBER: the largest value typing may make, 0 for no bound */
	uint32_t ticked; /* MULTI: bit i set when option i is ticked */
	uint32_t orig_ticked;
	char error[160]; /* inline error, "" if none */
} tui_field;

typedef struct tui_form {
	char title[128];
	tui_field *f; /* fields (owned) */
	int n, cap;
	int focus;         /* field with the cursor */
	int scroll;        /* first form row shown */
	char message[256]; /* a line under the form (save failed...), "" if none */
} tui_form;

/* Where each field is drawn (computed by tui_form_layout). */
typedef struct tui_form_geom {
	int label_w; /* label column width */
	int field_x; /* column where values start */
	int field_w; /* width of text values */
	int total;   /* form rows in all */
	int y[64];   /* form row of each field */
	int h[64];   /* rows of each field's value */
} tui_form_geom;

enum tui_form_result {
	TUI_FORM_NONE,   /* key used or ignored: redraw */
	TUI_FORM_SAVE,   /* Ctrl-S */
	TUI_FORM_CANCEL, /* Esc */
	TUI_FORM_EDITOR, /* Ctrl-X on a multi-line field */
	TUI_FORM_HELP    /* F1 */
};

#define TUI_FORM_MAX_FIELDS 64
#define TUI_DATE_COLS 16 /* a date field's box: 2026年11月22日 and the cursor */

void tui_form_init(tui_form *fm, const char *title);
void tui_form_free(tui_form *fm);
/* Add a field (max characters). Returns it. */
tui_field *tui_form_add(tui_form *fm, const char *key, const char *label, tui_field_kind kind,
                        int required, size_t max);
/* Add an option to a choice field. */
void tui_form_choice(tui_field *f, const char *code, const char *label);
tui_field *tui_form_field(tui_form *fm, const char *key);
/* Set a field's value (choice: by code; multi: codes or labels separated
 * by ; , or 、) and make it the original value. */
void tui_form_set(tui_form *fm, const char *key, const char *value);
/* Set the value without changing the original (restoring a draft). */
void tui_form_put(tui_form *fm, const char *key, const char *value);
/* The current value (choice: the code, "" if none; multi: the ticked codes
 * joined by ";"). Caller frees. */
char *tui_form_get(const tui_form *fm, const char *key);
/* 1 if any field differs from its original value. */
int tui_form_dirty(const tui_form *fm);
/* Clear every inline error; set one (by key). */
void tui_form_clear_errors(tui_form *fm);
void tui_form_error(tui_form *fm, const char *key, const char *msg);
/* How many fields have an inline error. */
int tui_form_errors(const tui_form *fm);
/* Required fields that are empty get an error; returns how many. */
int tui_form_check_required(tui_form *fm, const char *msg);
/* Handle a key; returns enum tui_form_result. today is "YYYY-MM-DD". */
int tui_form_key(tui_form *fm, int key, const tui_form_geom *g, const char *today);

/* Compute where fields go for a form area cols wide and rows high, and
 * scroll so the focused field is visible. */
void tui_form_layout(tui_form *fm, int rows, int cols, tui_form_geom *g);
/* Draw the form into b at (y, x) (rows x cols); *cur_y, *cur_x get the
 * cursor position (screen coordinates), -1 if hidden. */
void tui_form_draw(tui_form *fm, const tui_form_geom *g, tui_cbuf *b, int y, int x, int rows,
                   int cols, int *cur_y, int *cur_x);

/* The weekday of a date text ("周日" / "Sun"), "" if it is not a date. */
const char *tui_weekday(const char *date);

/* The values as "key=value" lines (\n and \\ escaped). Caller frees. */
char *tui_form_serialize(const tui_form *fm);
/* Put values from that format into the form (unknown keys ignored; values
 * become current, not original, so the form counts as changed). Returns the
 * number of fields restored. */
int tui_form_deserialize(tui_form *fm, const char *text);

#endif
