/* fuzz_form.c - libFuzzer target: key sequences into the form model and its
 * line editors. Input bytes are UTF-8 text (typed characters); the bytes
 * 0xF5-0xFF, never part of UTF-8, stand for editing keys, and the byte after
 * 0xFF resizes the form. After every key the invariants are checked: the
 * cursor is a character index inside the text and on screen inside the form,
 * the text is valid UTF-8, drawing stays in the buffer, and the draft format
 * gives back exactly the values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/text.h"
#include "cbuf.h"
#include "form.h"
#include "keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int special[] = {
	TUI_KEY_LEFT, TUI_KEY_RIGHT, TUI_KEY_UP, TUI_KEY_DOWN, TUI_KEY_HOME, TUI_KEY_END,
	TUI_KEY_BACKSPACE, TUI_KEY_DELETE, TUI_TAB, TUI_KEY_BTAB, TUI_ENTER,
	TUI_CTRL('a'), TUI_CTRL('e'), TUI_CTRL('k'), TUI_CTRL('u'), TUI_CTRL('t'), TUI_CTRL('d'),
	TUI_KEY_PGUP, TUI_KEY_PGDN, TUI_CTRL('x'), TUI_ESC, TUI_CTRL('s'),
};

/* Keys per input: longer inputs add nothing the mutator cannot reach with
 * these, and keep each run far below libFuzzer's timeout. */
#define MAX_KEYS 400

/* Drawing is most of the time a key takes: the form is drawn (and the
 * cursor checked) every DRAW_EVERY keys, after a resize and at the end; the
 * text invariants are checked after every key. */
#define DRAW_EVERY 4

/* The invariants after a key; draw: draw the form and check the cursor;
 * full: also the draft format's round trip. */
static void check(tui_form *fm, int rows, int cols, tui_cbuf *b, int draw, int full)
{
	tui_form_geom g;
	int cy, cx;
	tui_form_layout(fm, rows, cols, &g);
	if (draw) {
		tui_form_draw(fm, &g, b, 0, 0, rows, cols, &cy, &cx);
		if (cy >= rows || cx > cols || (cy >= 0 && cx < 0))
			abort();
	}
	for (int i = 0; i < fm->n; i++) {
		tui_ledit *e = &fm->f[i].ed;
		if (e->cur > e->len || e->len > e->max)
			abort();
		char *v = tui_ledit_get(e);
		if (!fb_utf8_valid(v, strlen(v)))
			abort();
		free(v);
	}
	if (!full)
		return;
	/* the draft format round-trips every value */
	char *draft = tui_form_serialize(fm);
	tui_form copy;
	tui_form_init(&copy, "");
	for (int i = 0; i < fm->n; i++) {
		tui_field *f =
		        tui_form_add(&copy, fm->f[i].key, "", fm->f[i].kind, 0, fm->f[i].ed.max);
		for (int c = 0; c < fm->f[i].nchoices; c++)
			tui_form_choice(f, fm->f[i].choices[c].code, fm->f[i].choices[c].label);
	}
	tui_form_deserialize(&copy, draft);
	for (int i = 0; i < fm->n; i++) {
		char *a = tui_form_get(fm, fm->f[i].key), *c = tui_form_get(&copy, fm->f[i].key);
		if (strcmp(a, c))
			abort();
		free(a), free(c);
	}
	tui_form_free(&copy);
	free(draft);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tui_form fm;
	int rows = 20, cols = 80;
	tui_cbuf *b = tui_cbuf_new(rows, cols);
	tui_form_init(&fm, "fuzz");
	tui_form_add(&fm, "unit", "单位", TUI_F_TEXT, 1, 40);
	tui_form_add(&fm, "date", "日期", TUI_F_DATE, 1, 10);
	tui_field *ch = tui_form_add(&fm, "kind", "类型", TUI_F_CHOICE, 1, 0);
	tui_form_choice(ch, "a", "走进企业");
	tui_form_choice(ch, "b", "座谈会");
	tui_form_add(&fm, "n", "人数", TUI_F_NUMBER, 0, 5);
	tui_form_add(&fm, "content", "内容", TUI_F_AREA, 1, 300);
	tui_field *mk = tui_form_add(&fm, "kinds", "职工类型", TUI_F_MULTI, 0, 0);
	tui_form_choice(mk, "frontline", "一线职工");
	tui_form_choice(mk, "migrant", "农民工");
	const char *s = (const char *)data;
	size_t n = size;
	int keys = 0;
	while (n > 0 && keys++ < MAX_KEYS) {
		unsigned char c = (unsigned char)*s;
		int key;
		if (c == 0xFF && n > 1) {
			/* resize: rows 3..34, cols 10..137 */
			unsigned char r = (unsigned char)s[1];
			rows = 3 + (r & 31), cols = 10 + (r >> 1);
			tui_cbuf_resize(b, rows, cols);
			s += 2, n -= 2;
			check(&fm, rows, cols, b, 1, 0);
			continue;
		}
		if (c >= 0xF5) {
			key = special[(c - 0xF5) % (int)(sizeof special / sizeof special[0])];
			s++, n--;
		} else {
			uint32_t cp;
			size_t k = fb_utf8_decode(s, n, &cp);
			key = (int)cp;
			s += k, n -= k;
		}
		tui_form_geom g;
		tui_form_layout(&fm, rows, cols, &g);
		tui_form_key(&fm, key, &g, "2026-11-22");
		check(&fm, rows, cols, b, keys % DRAW_EVERY == 0, keys % 16 == 0);
	}
	check(&fm, rows, cols, b, 1, 1);
	tui_form_free(&fm);
	tui_cbuf_free(b);
	return 0;
}
