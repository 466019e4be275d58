/* offer.c - the ledger's units offered under a form's unit field as it is
 * typed (offer.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "offer.h"

void tui_offer_init(tui_offer *o, const char *field, int64_t group_id)
{
	memset(o, 0, sizeof *o);
	snprintf(o->field, sizeof o->field, "%s", field);
	o->group_id = group_id;
	o->sel = -1;
}

void tui_offer_set(tui_offer *o, const char *text, const fb_unit_row *rows, int n)
{
	if (n > TUI_OFFER_MAX)
		n = TUI_OFFER_MAX;
	if (n < 0)
		n = 0;
	snprintf(o->typed, sizeof o->typed, "%s", text ? text : "");
	if (n)
		memcpy(o->rows, rows, (size_t)n * sizeof *rows);
	o->n = n;
	o->sel = -1;
	o->open = n > 0 && o->typed[0];
}

int tui_offer_key(tui_offer *o, int key, int *take)
{
	if (!o->open || !o->n)
		return 0;
	switch (key) {
	case TUI_KEY_DOWN:
		if (o->sel < o->n - 1)
			o->sel++;
		return 1;
	case TUI_KEY_UP:
		if (o->sel < 0)
			return 0; /* nothing chosen: the field above */
		o->sel--;
		return 1;
	case TUI_ESC: o->open = 0; return 1;
	case TUI_ENTER:
		if (o->sel < 0)
			return 0;
		if (take)
			*take = o->sel;
		tui_offer_take(o, o->sel);
		return 1;
	}
	return 0;
}

void tui_offer_take(tui_offer *o, int i)
{
	if (i < 0 || i >= o->n)
		return;
	o->taken = o->rows[i].id;
	snprintf(o->taken_name, sizeof o->taken_name, "%s", o->rows[i].name);
	snprintf(o->typed, sizeof o->typed, "%s", o->rows[i].name);
	o->open = 0;
	o->sel = -1;
}

int tui_offer_will(const tui_offer *o, const char *text, int64_t *unit_id)
{
	int64_t dummy;
	if (!unit_id)
		unit_id = &dummy;
	*unit_id = 0;
	if (!text || !text[0])
		return TUI_OFFER_NOTHING;
	if (o->taken && !strcmp(text, o->taken_name)) {
		*unit_id = o->taken;
		return TUI_OFFER_TAKEN;
	}
	size_t n = strlen(text) * 4 + 8;
	char *key = malloc(n);
	if (!key)
		return TUI_OFFER_NEW;
	fb_unit_name_key(text, key, n);
	int will = TUI_OFFER_NEW;
	if (!strcmp(o->typed, text))
		for (int i = 0; i < o->n; i++)
			if (!strcmp(o->rows[i].key, key)) {
				*unit_id = o->rows[i].id;
				will = TUI_OFFER_SAME;
				break;
			}
	free(key);
	return will;
}

char *tui_offer_hint(const tui_offer *o, const char *text, char *out, size_t size)
{
	int64_t id;
	const char *name = "";
	switch (tui_offer_will(o, text, &id)) {
	case TUI_OFFER_NOTHING: out[0] = '\0'; return out;
	case TUI_OFFER_TAKEN:
		snprintf(out, size, _("In the ledger: saving links this log to %s."), o->taken_name);
		return out;
	case TUI_OFFER_SAME:
		for (int i = 0; i < o->n; i++)
			if (o->rows[i].id == id)
				name = o->rows[i].name;
		snprintf(out, size, _("In the ledger: saving links this log to %s."), name);
		return out;
	default:
		if (o->n)
			snprintf(out, size,
			         "%s", _("Not in the ledger: saving adds this unit (or take one offered)."));
		else
			snprintf(out, size, "%s", _("Not in the ledger: saving adds this unit."));
		return out;
	}
}

/* ---- with the store and the screen */

static int field_index(const tui_form *fm, const char *key)
{
	for (int i = 0; i < fm->n; i++)
		if (!strcmp(fm->f[i].key, key))
			return i;
	return -1;
}

void tui_offer_follow(tui_app *app, tui_offer *o, tui_form *fm)
{
	int i = field_index(fm, o->field);
	if (i < 0)
		return;
	if (fm->focus != i) {
		o->open = 0;
		o->sel = -1;
	}
	char *text = tui_ledit_get(&fm->f[i].ed);
	if (!text)
		return;
	if (strcmp(text, o->typed)) {
		fb_unit_row rows[TUI_OFFER_MAX];
		fb_error err;
		int n = text[0] ? fb_unit_match(app->st, o->group_id, text, rows, TUI_OFFER_MAX, &err)
		                : 0;
		o->error[0] = '\0';
		if (n < 0) {
			fb_error_format(&err, o->error, sizeof o->error);
			n = 0;
		}
		tui_offer_set(o, text, rows, n);
		if (fm->focus != i)
			o->open = 0;
	}
	free(text);
}

void tui_offer_draw(tui_app *app, tui_offer *o, tui_form *fm, const tui_form_geom *g, int y, int x,
                    int rows, int cols)
{
	int i = field_index(fm, o->field);
	if (i < 0 || i >= 64 || fm->focus != i)
		return;
	char *text = tui_ledit_get(&fm->f[i].ed);
	if (!text)
		return;
	int ry = y + g->y[i] - fm->scroll + g->h[i];
	int rx = x + g->field_x, w = cols - g->field_x;
	char line[700], hint[600];
	if (w > 72)
		w = 72;
	if (o->open)
		for (int k = 0; k < o->n && ry < y + rows; k++, ry++) {
			const fb_unit_row *r = &o->rows[k];
			char visits[64];
			snprintf(visits, sizeof visits, _("visited %lld times"),
			         (long long)r->visits);
			snprintf(line, sizeof line, "%s %s · %s · %s", k == o->sel ? ">" : " ",
			         r->name, fb_category_label(app->st, FB_CAT_CONTACT, r->kind),
			         visits);
			tui_cbuf_fit(app->buf, ry, rx, line, w,
			             k == o->sel ? TUI_A_SELECTED : TUI_A_NORMAL);
		}
	if (o->open && ry < y + rows)
		tui_cbuf_fit(app->buf, ry++, rx, _("Down/Up choose, Enter takes, Esc closes."), w,
		             TUI_A_DIM);
	if (ry < y + rows) {
		if (o->error[0])
			tui_cbuf_fit(app->buf, ry, rx, o->error, w, TUI_A_ERROR);
		else if (tui_offer_hint(o, text, hint, sizeof hint)[0])
			tui_cbuf_fit(app->buf, ry, rx, hint, w, TUI_A_DIM);
	}
	free(text);
}

fb_status tui_offer_link(tui_app *app, const tui_offer *o, int64_t lid, const char *text,
                         int *added, fb_error *err)
{
	int64_t uid = 0; /* the unit taken or offered with the same key, else 0 */
	*added = 0;
	if (tui_offer_will(o, text, &uid) == TUI_OFFER_NOTHING)
		return FB_OK;
	return fb_visit_link_named(app->st, lid, text, uid, o->before, added, err);
}
