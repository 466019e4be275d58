/* form.c - the form model, its layout and drawing (see form.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
#include "keys.h"
#include "form.h"

void tui_form_init(tui_form *fm, const char *title)
{
	memset(fm, 0, sizeof *fm);
	fb_text_visible(title ? title : "", 0, fm->title, sizeof fm->title);
}

void tui_form_free(tui_form *fm)
{
	for (int i = 0; i < fm->n; i++) {
		tui_ledit_free(&fm->f[i].ed);
		free(fm->f[i].orig);
		free(fm->f[i].choices);
	}
	free(fm->f);
	memset(fm, 0, sizeof *fm);
}

tui_field *tui_form_add(tui_form *fm, const char *key, const char *label, tui_field_kind kind,
                        int required, size_t max)
{
	if (fm->n >= TUI_FORM_MAX_FIELDS)
		return NULL;
	if (fm->n == fm->cap) {
		fm->cap = fm->cap ? fm->cap * 2 : 8;
		fm->f = tui_xrealloc(fm->f, (size_t)fm->cap * sizeof *fm->f);
	}
	tui_field *f = &fm->f[fm->n++];
	memset(f, 0, sizeof *f);
	fb_text_copy(key, f->key, sizeof f->key);
	fb_text_copy(label, f->label, sizeof f->label);
	f->label_cols = (int)fb_text_width(f->label); /* laid out on every key */
	f->kind = kind;
	f->required = required;
	f->rows = kind == TUI_F_AREA ? 4 : 1;
	f->choice = f->orig_choice = -1;
	tui_ledit_init(&f->ed, kind == TUI_F_AREA, kind == TUI_F_DATE ? 16 : max);
	f->orig = tui_xstrdup("");
	return f;
}

void tui_form_choice(tui_field *f, const char *code, const char *label)
{
	f->choices = tui_xrealloc(f->choices, (size_t)(f->nchoices + 1) * sizeof *f->choices);
	tui_choice *c = &f->choices[f->nchoices++];
	fb_text_copy(code, c->code, sizeof c->code);
	fb_text_visible(label, 0, c->label, sizeof c->label); /* names from the database */
	if (f->kind == TUI_F_MULTI && f->choice < 0)
		f->choice = f->orig_choice = 0; /* the option shown, not a value */
	else if (f->kind == TUI_F_CHOICE && f->choice < 0 && !*code)
		f->choice = f->orig_choice = f->nchoices - 1; /* "any", "as it is": shown, not "-" */
}

tui_field *tui_form_field(tui_form *fm, const char *key)
{
	for (int i = 0; i < fm->n; i++)
		if (!strcmp(fm->f[i].key, key))
			return &fm->f[i];
	return NULL;
}

/* Index of a choice by code, -1 if none. */
static int find_choice(const tui_field *f, const char *code)
{
	for (int i = 0; code && i < f->nchoices; i++)
		if (!strcmp(f->choices[i].code, code))
			return i;
	return -1;
}

/* Bits of the options named (by code or label) in a list separated by ;
 * , or 、. Unknown names are ignored. */
static uint32_t parse_ticks(const tui_field *f, const char *list)
{
	uint32_t bits = 0;
	const char *p = list ? list : "";
	while (*p) {
		size_t n = 0;
		while (p[n] && p[n] != ';' && p[n] != ',' && strncmp(p + n, "、", 3))
			n++;
		for (int i = 0; i < f->nchoices && i < 32; i++) {
			const char *code = f->choices[i].code, *label = f->choices[i].label;
			if ((strlen(code) == n && !strncmp(code, p, n)) ||
			    (strlen(label) == n && !strncmp(label, p, n)))
				bits |= 1u << i;
		}
		p += n;
		p += !strncmp(p, "、", 3) ? 3 : *p ? 1 : 0;
	}
	return bits;
}

void tui_form_put(tui_form *fm, const char *key, const char *value)
{
	tui_field *f = tui_form_field(fm, key);
	if (!f)
		return;
	if (f->kind == TUI_F_CHOICE)
		f->choice = find_choice(f, value);
	else if (f->kind == TUI_F_MULTI)
		f->ticked = parse_ticks(f, value);
	else
		tui_ledit_set(&f->ed, value ? value : "");
}

void tui_form_set(tui_form *fm, const char *key, const char *value)
{
	tui_field *f = tui_form_field(fm, key);
	if (!f)
		return;
	tui_form_put(fm, key, value);
	f->orig_choice = f->choice;
	f->orig_ticked = f->ticked;
	free(f->orig);
	f->orig = tui_ledit_get(&f->ed);
}

char *tui_form_get(const tui_form *fm, const char *key)
{
	for (int i = 0; i < fm->n; i++) {
		const tui_field *f = &fm->f[i];
		if (strcmp(f->key, key))
			continue;
		if (f->kind == TUI_F_CHOICE)
			return tui_xstrdup(f->choice >= 0 ? f->choices[f->choice].code : "");
		if (f->kind == TUI_F_MULTI) {
			size_t size = 1;
			for (int c = 0; c < f->nchoices; c++)
				size += strlen(f->choices[c].code) + 1;
			char *out = tui_xmalloc(size);
			out[0] = '\0';
			for (int c = 0; c < f->nchoices && c < 32; c++) {
				if (!(f->ticked & (1u << c)))
					continue;
				if (out[0])
					strcat(out, ";");
				strcat(out, f->choices[c].code);
			}
			return out;
		}
		return tui_ledit_get(&f->ed);
	}
	return tui_xstrdup("");
}

int tui_form_dirty(const tui_form *fm)
{
	for (int i = 0; i < fm->n; i++) {
		const tui_field *f = &fm->f[i];
		if (f->kind == TUI_F_CHOICE || f->kind == TUI_F_MULTI) {
			if (f->kind == TUI_F_CHOICE ? f->choice != f->orig_choice
			                            : f->ticked != f->orig_ticked)
				return 1;
			continue;
		}
		char *v = tui_ledit_get(&f->ed);
		int diff = strcmp(v, f->orig) != 0;
		free(v);
		if (diff)
			return 1;
	}
	return 0;
}

void tui_form_clear_errors(tui_form *fm)
{
	for (int i = 0; i < fm->n; i++)
		fm->f[i].error[0] = '\0';
	fm->message[0] = '\0';
}

void tui_form_error(tui_form *fm, const char *key, const char *msg)
{
	tui_field *f = tui_form_field(fm, key);
	/* the core's messages quote what was typed or stored: made visible */
	if (!f) {
		fb_text_visible(msg, 0, fm->message, sizeof fm->message);
		return;
	}
	fb_text_visible(msg, 0, f->error, sizeof f->error);
	fm->focus = (int)(f - fm->f);
}

int tui_form_errors(const tui_form *fm)
{
	int n = 0;
	for (int i = 0; i < fm->n; i++)
		n += fm->f[i].error[0] != '\0';
	return n;
}

int tui_form_check_required(tui_form *fm, const char *msg)
{
	int bad = 0, first = -1;
	for (int i = 0; i < fm->n; i++) {
		tui_field *f = &fm->f[i];
		if (!f->required)
			continue;
		int listed = f->kind == TUI_F_CHOICE || f->kind == TUI_F_MULTI;
		int empty = f->kind == TUI_F_CHOICE  ? f->choice < 0
		            : f->kind == TUI_F_MULTI ? f->ticked == 0
		                                     : 1;
		for (size_t k = 0; !listed && k < f->ed.len; k++)
			if (f->ed.cp[k] != ' ' && f->ed.cp[k] != '\n' && f->ed.cp[k] != 0x3000)
				empty = 0;
		if (empty) {
			fb_text_copy(msg, f->error, sizeof f->error);
			if (first < 0)
				first = i;
			bad++;
		}
	}
	if (first >= 0)
		fm->focus = first;
	return bad;
}

/* A date field's text that is not a date gets the core's reason ("2026-02-30
 * does not exist in the calendar"); 0 if it is fine or empty. */
static int check_date(tui_field *f)
{
	fb_date d;
	fb_error err;
	char *v = tui_ledit_get(&f->ed);
	int bad = v[0] && fb_date_parse(v, &d, f->key, &err) != FB_OK;
	if (bad)
		fb_text_copy(err.msg, f->error, sizeof f->error);
	free(v);
	return bad;
}

/* Move the focus by dir (+1/-1), wrapping around; a date left behind is
 * checked at once. */
static void focus_move(tui_form *fm, int dir)
{
	if (fm->n == 0)
		return;
	if (fm->f[fm->focus].kind == TUI_F_DATE)
		check_date(&fm->f[fm->focus]);
	fm->focus = (fm->focus + dir + fm->n) % fm->n;
}

/* A digit typed into a number field: 0-9, or the full-width ０-９ of an
 * input method; -1 for anything else. */
static int digit_of(int key)
{
	if (key >= '0' && key <= '9')
		return key;
	if (key >= 0xFF10 && key <= 0xFF19)
		return '0' + (key - 0xFF10);
	return -1;
}

/* The number a number field would hold with digit d typed at the cursor
 * (INT64_MAX when that many digits could not be held). */
static int64_t number_with(const tui_field *f, int d)
{
	int64_t v = 0;
	if (f->ed.len >= 18)
		return INT64_MAX;
	for (size_t i = 0; i <= f->ed.len; i++) {
		int c = i == f->ed.cur ? d : (int)f->ed.cp[i < f->ed.cur ? i : i - 1];
		v = v * 10 + (c - '0');
	}
	return v;
}

/* A printable key into a text, date or number field: inserted, or refused
 * with a word on the field (not a digit; full). */
static void type_into(tui_field *f, int key, int width)
{
	if (f->kind == TUI_F_NUMBER) {
		int d = digit_of(key);
		if (d < 0) {
			snprintf(f->error, sizeof f->error, "%s", _("only digits 0-9 here"));
			return;
		}
		key = d;
		/* a lone 0 is replaced, not extended to 012 */
		if (f->ed.len == 1 && f->ed.cp[0] == '0' && f->ed.cur == 1)
			tui_ledit_set(&f->ed, "");
		if (f->num_max > 0 && number_with(f, key) > f->num_max) {
			snprintf(f->error, sizeof f->error, _("at most %lld"), (long long)f->num_max);
			return;
		}
	}
	if (f->ed.len >= f->ed.max) {
		snprintf(f->error, sizeof f->error,
		         f->kind == TUI_F_NUMBER ? _("at most %zu digits")
		                                 : _("at most %zu characters"),
		         f->ed.max);
		return;
	}
	tui_ledit_key(&f->ed, key, width);
	f->error[0] = '\0';
}

int tui_form_key(tui_form *fm, int key, const tui_form_geom *g, const char *today)
{
	if (fm->n == 0)
		return key == TUI_ESC ? TUI_FORM_CANCEL : TUI_FORM_NONE;
	tui_field *f = &fm->f[fm->focus];
	int width = g && fm->focus < 64 ? g->field_w : 40;
	switch (key) {
	case TUI_CTRL('s'): return TUI_FORM_SAVE;
	case TUI_ESC: return TUI_FORM_CANCEL;
	case TUI_KEY_F1: return TUI_FORM_HELP;
	case TUI_CTRL('x'): return f->kind == TUI_F_AREA ? TUI_FORM_EDITOR : TUI_FORM_NONE;
	case TUI_TAB: focus_move(fm, 1); return TUI_FORM_NONE;
	case TUI_KEY_BTAB: focus_move(fm, -1); return TUI_FORM_NONE;
	}
	if (f->kind == TUI_F_CHOICE || f->kind == TUI_F_MULTI) {
		/* Left/Right move through the options; a choice takes the one shown,
		 * a multi-choice ticks it with Space */
		int multi = f->kind == TUI_F_MULTI;
		int n = multi && f->nchoices > 32 ? 32 : f->nchoices;
		switch (key) {
		case ' ':
		case 'x':
		case '+':
		case '-':
			if (!multi) {
				key = key == '-' ? TUI_KEY_LEFT : TUI_KEY_RIGHT;
				break;
			}
			if (key == '+' || key == '-')
				return TUI_FORM_NONE;
			if (f->choice >= 0 && f->choice < n)
				f->ticked ^= 1u << f->choice;
			f->error[0] = '\0';
			return TUI_FORM_NONE;
		case TUI_KEY_UP: focus_move(fm, -1); return TUI_FORM_NONE;
		case TUI_KEY_DOWN:
		case TUI_ENTER: focus_move(fm, 1); return TUI_FORM_NONE;
		}
		if (n && key == TUI_KEY_RIGHT)
			f->choice = (f->choice + 1) % n;
		else if (n && key == TUI_KEY_LEFT)
			f->choice = f->choice <= 0 ? n - 1 : f->choice - 1;
		if (!multi)
			f->error[0] = '\0';
		return TUI_FORM_NONE;
	}
	if (f->kind == TUI_F_DATE && key == TUI_CTRL('t') && today) {
		tui_ledit_set(&f->ed, today);
		f->error[0] = '\0';
		return TUI_FORM_NONE;
	}
	if (tui_key_printable(key)) {
		type_into(f, key, width);
		return TUI_FORM_NONE;
	}
	if (tui_ledit_key(&f->ed, key, width)) {
		if (key == TUI_KEY_BACKSPACE || key == TUI_KEY_DELETE)
			f->error[0] = '\0';
		return TUI_FORM_NONE;
	}
	switch (key) {
	case TUI_KEY_UP: focus_move(fm, -1); break;
	case TUI_KEY_DOWN:
	case TUI_ENTER: focus_move(fm, 1); break;
	}
	return TUI_FORM_NONE;
}

void tui_form_layout(tui_form *fm, int rows, int cols, tui_form_geom *g)
{
	int lw = 0;
	memset(g, 0, sizeof *g);
	for (int i = 0; i < fm->n; i++) {
		int w = fm->f[i].label_cols;
		if (w > lw)
			lw = w;
	}
	if (lw > cols / 3)
		lw = cols / 3;
	g->label_w = lw;
	g->field_x = lw + 3; /* "* " marker before the label, a space after */
	g->field_w = cols - g->field_x - 1;
	if (g->field_w < 4)
		g->field_w = 4;
	int y = 0;
	for (int i = 0; i < fm->n && i < 64; i++) {
		tui_field *f = &fm->f[i];
		g->y[i] = y;
		g->h[i] = f->kind == TUI_F_AREA ? f->rows : 1;
		if (f->kind == TUI_F_AREA) {
			int need = tui_ledit_lines(&f->ed, g->field_w);
			if (need > g->h[i])
				g->h[i] = need < 12 ? need : 12;
		}
		y += g->h[i] + (f->error[0] ? 1 : 0);
	}
	g->total = y;
	/* Scroll so the focused field (and its error) is visible. */
	if (fm->focus < fm->n && fm->focus < 64) {
		int fy = g->y[fm->focus], fh = g->h[fm->focus] + 1;
		if (fy < fm->scroll)
			fm->scroll = fy;
		if (fy + fh > fm->scroll + rows)
			fm->scroll = fy + fh - rows;
	}
	if (fm->scroll > g->total - rows)
		fm->scroll = g->total - rows;
	if (fm->scroll < 0)
		fm->scroll = 0;
}

const char *tui_weekday(const char *text)
{
	static const char *names[7] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
	                               N_("Fri"), N_("Sat"), N_("Sun")};
	fb_date d;
	if (!text || fb_date_parse(text, &d, "date", NULL) != FB_OK)
		return "";
	return _(names[fb_date_weekday(d)]);
}

/* "3 ticked: a、b、c" for a multi-choice field (static buffer). */
static const char *multi_summary(const tui_field *f, int ticked)
{
	static char out[512];
	size_t o = 0;
	if (!ticked)
		return _("none ticked (Space ticks)");
	o = (size_t)snprintf(out, sizeof out, _("%d ticked: "), ticked);
	for (int c = 0, k = 0; c < f->nchoices && c < 32 && o < sizeof out; c++) {
		if (!(f->ticked >> c & 1))
			continue;
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", k++ ? "、" : "",
		                      f->choices[c].label);
	}
	return out;
}

void tui_form_draw(tui_form *fm, const tui_form_geom *g, tui_cbuf *b, int y, int x, int rows,
                   int cols, int *cur_y, int *cur_x)
{
	char line[1024];
	*cur_y = *cur_x = -1;
	for (int r = 0; r < rows; r++)
		tui_cbuf_blank(b, y + r, x, cols, TUI_A_NORMAL);
	for (int i = 0; i < fm->n && i < 64; i++) {
		tui_field *f = &fm->f[i];
		int focused = i == fm->focus;
		int fy = y + g->y[i] - fm->scroll;
		int fx = x + g->field_x;
		int fw = g->field_w;
		if (fy >= y + rows || fy + g->h[i] + 1 <= y)
			continue;
		if (fy >= y) {
			if (f->required)
				tui_cbuf_put(b, fy, x, "*", 1, TUI_A_ERROR);
			tui_cbuf_fit(b, fy, x + 2, f->label, g->label_w, TUI_A_LABEL);
		}
		int attr = focused ? TUI_A_FOCUS : TUI_A_NORMAL;
		if (f->kind == TUI_F_MULTI) {
			int ticked = 0;
			for (int c = 0; c < f->nchoices && c < 32; c++)
				ticked += (f->ticked >> c) & 1;
			int on = f->choice >= 0 && f->choice < f->nchoices && f->choice < 32;
			snprintf(line, sizeof line, "< [%s] %s >  %s",
			         on && (f->ticked >> f->choice & 1) ? "x" : " ",
			         on ? f->choices[f->choice].label : "-", multi_summary(f, ticked));
			if (fy >= y)
				tui_cbuf_fit(b, fy, fx, line, fw, attr);
			if (focused && fy >= y)
				*cur_y = fy, *cur_x = fx + 3;
		} else if (f->kind == TUI_F_CHOICE) {
			const char *lab = f->choice >= 0 ? f->choices[f->choice].label : "-";
			snprintf(line, sizeof line, "< %s >", lab);
			if (fy >= y)
				tui_cbuf_fit(b, fy, fx, line, fw, attr);
			if (focused && fy >= y)
				*cur_y = fy, *cur_x = fx;
		} else if (f->kind == TUI_F_AREA) {
			tui_ledit_scroll(&f->ed, fw, g->h[i]);
			for (int r = 0; r < g->h[i]; r++) {
				int ry = fy + r;
				if (ry < y || ry >= y + rows)
					continue;
				tui_ledit_line_text(&f->ed, fw, f->ed.vscroll + r, line, sizeof line);
				tui_cbuf_fit(b, ry, fx, line, fw, attr);
			}
			if (focused) {
				int l, c;
				tui_ledit_pos(&f->ed, f->ed.cur, fw, &l, &c);
				int ry = fy + l - f->ed.vscroll;
				if (ry >= y && ry < y + rows)
					*cur_y = ry, *cur_x = fx + c;
			}
		} else {
			/* room for 2026年11月22日 (14 columns) and the cursor */
			int w = f->kind == TUI_F_DATE && fw > TUI_DATE_COLS ? TUI_DATE_COLS : fw;
			tui_ledit_scroll(&f->ed, w, 1);
			tui_ledit_line_text(&f->ed, w, 0, line, sizeof line);
			if (fy >= y) {
				tui_cbuf_fit(b, fy, fx, line, w, attr);
				if (f->kind == TUI_F_DATE) {
					char *v = tui_ledit_get(&f->ed);
					tui_cbuf_put(b, fy, fx + w, tui_weekday(v), fw - w,
					             TUI_A_DIM);
					free(v);
				}
			}
			if (focused && fy >= y) {
				int l, c, c0;
				tui_ledit_pos(&f->ed, f->ed.cur, w, &l, &c);
				tui_ledit_pos(&f->ed, f->ed.hscroll, w, &l, &c0);
				*cur_y = fy, *cur_x = fx + c - c0;
			}
		}
		if (f->error[0]) {
			int ey = fy + g->h[i];
			if (ey >= y && ey < y + rows)
				tui_cbuf_fit(b, ey, fx, f->error, fw, TUI_A_ERROR);
		}
	}
}

char *tui_form_serialize(const tui_form *fm)
{
	size_t cap = 256, o = 0;
	char *out = tui_xmalloc(cap);
	for (int i = 0; i < fm->n; i++) {
		char *v = tui_form_get(fm, fm->f[i].key);
		size_t need = strlen(fm->f[i].key) + strlen(v) * 2 + 4;
		if (o + need >= cap) {
			while (o + need >= cap)
				cap *= 2;
			out = tui_xrealloc(out, cap);
		}
		o += (size_t)sprintf(out + o, "%s=", fm->f[i].key);
		for (const char *p = v; *p; p++) {
			if (*p == '\n')
				out[o++] = '\\', out[o++] = 'n';
			else if (*p == '\\')
				out[o++] = '\\', out[o++] = '\\';
			else
				out[o++] = *p;
		}
		out[o++] = '\n';
		free(v);
	}
	out[o] = '\0';
	return out;
}

int tui_form_deserialize(tui_form *fm, const char *text)
{
	int restored = 0;
	while (text && *text) {
		const char *eol = strchr(text, '\n');
		size_t n = eol ? (size_t)(eol - text) : strlen(text);
		const char *eq = memchr(text, '=', n);
		if (eq) {
			char key[24];
			size_t kl = (size_t)(eq - text);
			if (kl < sizeof key) {
				memcpy(key, text, kl);
				key[kl] = '\0';
				char *v = tui_xmalloc(n - kl);
				size_t o = 0;
				for (const char *p = eq + 1; p < text + n; p++) {
					if (*p == '\\' && p + 1 < text + n) {
						p++;
						v[o++] = *p == 'n' ? '\n' : *p;
					} else {
						v[o++] = *p;
					}
				}
				v[o] = '\0';
				if (tui_form_field(fm, key)) {
					tui_form_put(fm, key, v);
					restored++;
				}
				free(v);
			}
		}
		text += n + (eol ? 1 : 0);
	}
	return restored;
}
