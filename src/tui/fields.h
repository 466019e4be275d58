/* fields.h - what forms take from the core: the options of choice fields
 * (categories, the people of my group), dates as the user types them, and
 * the filter forms of the list screens. */
#ifndef TUI_FIELDS_H
#define TUI_FIELDS_H

#include "app.h"

/* Add a text, multi-line or number field for the column key of record
 * (the limits table's names: "logs", "unit"): its length in characters, or
 * for a number its digits and largest value, are the table's, so typing
 * stops where the core's validator would refuse (and says so). */
tui_field *tui_form_add_limited(tui_form *fm, const char *record, const char *key,
                                const char *label, tui_field_kind kind, int required);
/* Add the categories of a kind (FB_CAT_...) as options of f, labelled in
 * the user's language; `any` first (code "") when not NULL. */
void tui_choices_category(tui_app *app, tui_field *f, const char *kind, const char *any);
/* Add the people of my group as options (code: the person's id). */
void tui_choices_people(tui_app *app, tui_field *f);
/* The date the user typed into field key (2026-11-22, 2026年11月22日, 今天)
 * as YYYY-MM-DD into out, "" when empty; 0 when it is not a date, with the
 * core's reason on the field ("2026-02-30 does not exist..."). */
int tui_form_date(tui_form *fm, const char *key, char out[11]);
/* The fingerprints the user typed into field key (what 'fieldbook key show'
 * prints at the sender, compared with them; several separated by commas,
 * a Chinese input method's ， too) into out, "" when empty: a bundle's
 * import option pin. 0 when it is not a list of fingerprints, with the
 * reason on the field. */
int tui_form_fingerprints(tui_form *fm, const char *key, char *out, size_t size);
/* Run a filter form (Ctrl-S or Enter applies; its "from"/"to" fields must
 * be dates). 1 if applied. */
int tui_filter_form(tui_app *app, tui_form *fm);

#endif
