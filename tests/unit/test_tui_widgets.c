/* test_tui_widgets.c - cell buffers, the line editor, the list widget and the
 * form model, without a terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fieldbook/text.h"
#include "cbuf.h"
#include "form.h"
#include "keys.h"
#include "ledit.h"
#include "list.h"
#include "offer.h"
#include "view.h"

/* Type UTF-8 text into an editor one character at a time. */
static void type(tui_ledit *e, const char *s, int width)
{
	while (*s) {
		uint32_t cp;
		size_t k = fb_utf8_decode(s, strlen(s), &cp);
		s += k;
		tui_ledit_key(e, (int)cp, width);
	}
}

static char *text_of(tui_ledit *e)
{
	static char buf[4096];
	char *v = tui_ledit_get(e);
	snprintf(buf, sizeof buf, "%s", v);
	free(v);
	return buf;
}

static void test_cbuf_wide(void **state)
{
	(void)state;
	char row[256];
	tui_cbuf *b = tui_cbuf_new(3, 10);
	/* 中文 is 4 columns; "ab中文" in 5 columns must not split 文. */
	assert_int_equal(tui_cbuf_put(b, 0, 0, "ab中文", 5, 0), 4);
	assert_string_equal(tui_cbuf_row(b, 0, row, sizeof row), "ab中");
	/* Overwriting the right half of a wide character blanks the left half. */
	tui_cbuf_putc(b, 0, 3, 'x', 0);
	assert_string_equal(tui_cbuf_row(b, 0, row, sizeof row), "ab x");
	/* Fit cuts with an ellipsis on a character boundary. */
	tui_cbuf_fit(b, 1, 0, "工作日志记录", 7, 0);
	assert_string_equal(tui_cbuf_row(b, 1, row, sizeof row), "工作日…");
	/* Controls are made visible, never written raw; right edge clips. */
	tui_cbuf_put(b, 2, 8, "\x01中", 5, 0);
	assert_string_equal(tui_cbuf_row(b, 2, row, sizeof row), "        \xef\xbf\xbd");
	tui_cbuf_free(b);
}

static void test_ledit_cjk(void **state)
{
	(void)state;
	tui_ledit e;
	tui_ledit_init(&e, 0, 100);
	type(&e, "走访职工", 20);
	assert_int_equal(e.len, 4);
	assert_int_equal(e.cur, 4);
	/* insert in the middle */
	tui_ledit_key(&e, TUI_KEY_LEFT, 20);
	tui_ledit_key(&e, TUI_KEY_LEFT, 20);
	type(&e, "企业", 20);
	assert_string_equal(text_of(&e), "走访企业职工");
	/* Backspace removes one whole character */
	tui_ledit_key(&e, TUI_KEY_BACKSPACE, 20);
	assert_string_equal(text_of(&e), "走访企职工");
	/* Delete removes the character after the cursor */
	tui_ledit_key(&e, TUI_KEY_DELETE, 20);
	assert_string_equal(text_of(&e), "走访企工");
	/* Home/Ctrl-A and End/Ctrl-E */
	tui_ledit_key(&e, TUI_CTRL('a'), 20);
	assert_int_equal(e.cur, 0);
	tui_ledit_key(&e, TUI_CTRL('e'), 20);
	assert_int_equal(e.cur, 4);
	/* cursor column counts display width: 4 wide chars = 8 columns */
	int l, c;
	tui_ledit_pos(&e, e.cur, 20, &l, &c);
	assert_int_equal(c, 8);
	/* Backspace at start does nothing, insert past max is refused */
	tui_ledit_key(&e, TUI_KEY_HOME, 20);
	tui_ledit_key(&e, TUI_KEY_BACKSPACE, 20);
	assert_string_equal(text_of(&e), "走访企工");
	tui_ledit_free(&e);

	tui_ledit_init(&e, 0, 3);
	type(&e, "abcd", 20);
	assert_string_equal(text_of(&e), "abc");
	tui_ledit_free(&e);
}

static void test_ledit_wrap(void **state)
{
	(void)state;
	tui_ledit e;
	char line[256];
	tui_ledit_init(&e, 1, 1000);
	/* width 7: "ab" + 2 wide chars = 6 columns; the third wide char would
	 * need 8, so it starts line 1. */
	type(&e, "ab中文字x", 7);
	assert_int_equal(tui_ledit_lines(&e, 7), 2);
	assert_string_equal(tui_ledit_line_text(&e, 7, 0, line, sizeof line), "ab中文");
	assert_string_equal(tui_ledit_line_text(&e, 7, 1, line, sizeof line), "字x");
	int l, c;
	tui_ledit_pos(&e, 4, 7, &l, &c);
	assert_int_equal(l, 1);
	assert_int_equal(c, 0);
	/* Up from the end lands on a character start, never inside 文 */
	tui_ledit_key(&e, TUI_KEY_UP, 7);
	tui_ledit_pos(&e, e.cur, 7, &l, &c);
	assert_int_equal(l, 0);
	assert_true(c == 2 || c == 4);
	/* Enter inserts a newline */
	tui_ledit_key(&e, TUI_KEY_END, 7);
	tui_ledit_key(&e, TUI_ENTER, 7);
	assert_int_equal(tui_ledit_lines(&e, 7), 3);
	/* A full line followed by the cursor: the cursor shows on the next line */
	tui_ledit_set(&e, "abcdefg");
	tui_ledit_pos(&e, e.cur, 7, &l, &c);
	assert_int_equal(l, 1);
	assert_int_equal(c, 0);
	tui_ledit_free(&e);
}

/* Invalid bytes become U+FFFD at decode; a control in stored text is kept
 * (saved unchanged) and drawn as its escape; typing never inserts a
 * control, and a combining mark is refused (the cursor could not be placed
 * by width). */
static void test_ledit_sanitise(void **state)
{
	(void)state;
	tui_ledit e;
	char line[256];
	tui_ledit_init(&e, 0, 100);
	tui_ledit_set(&e, "a\xff\xc3(b\x01"
	                  "c\tz\xe4\xb8");
	char *v = tui_ledit_get(&e);
	assert_true(fb_utf8_valid(v, strlen(v)));
	assert_string_equal(v, "a\xef\xbf\xbd\xef\xbf\xbd(b\x01"
	                       "c z\xef\xbf\xbd\xef\xbf\xbd");
	free(v);
	tui_ledit_scroll(&e, 40, 1);
	assert_string_equal(tui_ledit_line_text(&e, 40, 0, line, sizeof line),
	                    "a\xef\xbf\xbd\xef\xbf\xbd(b<U+0001>c z\xef\xbf\xbd\xef\xbf\xbd");
	size_t len = e.len;
	assert_int_equal(tui_ledit_insert(&e, 0x0301), 0);
	assert_int_equal(tui_ledit_insert(&e, 0x1b), 0);
	assert_int_equal(tui_ledit_insert(&e, '\n'), 0); /* single-line */
	assert_int_equal(e.len, len);
	tui_ledit_free(&e);
}

static void test_ledit_hscroll(void **state)
{
	(void)state;
	tui_ledit e;
	char line[256];
	tui_ledit_init(&e, 0, 100);
	type(&e, "一二三四五六", 7);
	tui_ledit_scroll(&e, 7, 1);
	/* 6 columns max for text plus the cursor: the last three fit. */
	assert_string_equal(tui_ledit_line_text(&e, 7, 0, line, sizeof line), "四五六");
	tui_ledit_key(&e, TUI_KEY_HOME, 7);
	tui_ledit_scroll(&e, 7, 1);
	assert_string_equal(tui_ledit_line_text(&e, 7, 0, line, sizeof line), "一二三");
	tui_ledit_free(&e);
}

/* A fake provider: rows are the numbers 1..total, keyset by value. */
typedef struct fake {
	int total;
	int fetches;
} fake;

static int fake_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                      char *err, size_t errsize)
{
	fake *f = ctx;
	int *out = rows, n = 0, start = 1;
	(void)err, (void)errsize;
	f->fetches++;
	switch (dir) {
	case FB_PAGE_FIRST: start = 1; break;
	case FB_PAGE_LAST: start = f->total - max + 1; break;
	case FB_PAGE_NEXT: start = (int)from->id + 1; break;
	case FB_PAGE_AT: start = (int)from->id; break;
	case FB_PAGE_PREV: start = (int)from->id - max; break;
	}
	if (start < 1) {
		max += start - 1;
		start = 1;
	}
	for (int v = start; v <= f->total && n < max; v++)
		out[n++] = v;
	return n;
}

static void fake_cursor(void *ctx, const void *row, fb_cursor *c)
{
	(void)ctx;
	memset(c, 0, sizeof *c);
	c->id = *(const int *)row;
}

static void fake_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	(void)ctx, (void)attr;
	snprintf(out, size, col == 0 ? "%d" : "第%d行", *(const int *)row);
}

static const tui_column fake_cols[] = {{"N", 6, 1}, {"文本", 0, 0}};
static const tui_list_ops fake_ops = {sizeof(int), fake_fetch, fake_cursor,
                                      fake_cell,   fake_cols,  2};

static void test_list_paging(void **state)
{
	(void)state;
	fake f = {100000, 0};
	tui_list l;
	tui_list_init(&l, &fake_ops, &f, 50);
	tui_list_set_height(&l, 20);
	assert_int_equal(tui_list_first(&l), 0);
	assert_int_equal(*(const int *)tui_list_selected(&l), 1);
	/* scroll down far: the window never exceeds 3 pages */
	for (int i = 0; i < 1000; i++)
		tui_list_move(&l, 1);
	assert_int_equal(*(const int *)tui_list_selected(&l), 1001);
	assert_true(l.n <= 150);
	/* End, then back up across page boundaries */
	tui_list_key(&l, TUI_KEY_END);
	assert_int_equal(*(const int *)tui_list_selected(&l), 100000);
	tui_list_move(&l, -120);
	assert_int_equal(*(const int *)tui_list_selected(&l), 99880);
	tui_list_move(&l, 5000);
	assert_int_equal(*(const int *)tui_list_selected(&l), 100000);
	tui_list_key(&l, TUI_KEY_HOME);
	assert_int_equal(*(const int *)tui_list_selected(&l), 1);
	tui_list_move(&l, -3);
	assert_int_equal(*(const int *)tui_list_selected(&l), 1);
	/* reload keeps the selection */
	tui_list_move(&l, 7);
	tui_list_reload(&l);
	assert_int_equal(*(const int *)tui_list_selected(&l), 8);

	/* drawing: header, right-aligned number, selected row */
	tui_cbuf *b = tui_cbuf_new(5, 20);
	char row[128];
	tui_list_draw(&l, b, 0, 0, 5, 20);
	assert_string_equal(tui_cbuf_row(b, 0, row, sizeof row), "N      文本");
	assert_string_equal(tui_cbuf_row(b, 1, row, sizeof row), "     5 第5行");
	assert_int_equal(tui_cbuf_at(b, 4, 0)->attr, TUI_A_SELECTED);
	tui_cbuf_free(b);
	tui_list_free(&l);

	/* an empty list */
	fake empty = {0, 0};
	tui_list_init(&l, &fake_ops, &empty, 10);
	assert_int_equal(tui_list_first(&l), 0);
	assert_null(tui_list_selected(&l));
	tui_list_key(&l, TUI_KEY_DOWN);
	tui_list_key(&l, TUI_KEY_END);
	assert_null(tui_list_selected(&l));
	tui_list_free(&l);
}

static void test_list_widths(void **state)
{
	(void)state;
	int w[3];
	const tui_column cols[] = {{"a", 10, 0}, {"b", 0, 0}, {"c", 8, 0}};
	tui_list_widths(cols, 3, 80, w);
	assert_int_equal(w[0] + w[1] + w[2] + 2, 80);
	assert_int_equal(w[1], 60);
	tui_list_widths(cols, 3, 12, w);
	assert_true(w[0] + w[1] + w[2] + 2 <= 12);
	/* a title wider than its column widens the column */
	const tui_column wide[] = {{"职工人数", 5, 1}, {"内容", 0, 0}};
	tui_list_widths(wide, 2, 40, w);
	assert_int_equal(w[0], 8);
	assert_int_equal(w[1], 31);
}

static void test_form_model(void **state)
{
	(void)state;
	tui_form fm;
	tui_form_geom g;
	tui_form_init(&fm, "日志");
	tui_form_add(&fm, "date", "日期", TUI_F_DATE, 1, 16);
	tui_field *ch = tui_form_add(&fm, "activity", "活动", TUI_F_CHOICE, 1, 0);
	tui_form_choice(ch, "enterprise_visit", "走进企业");
	tui_form_choice(ch, "symposium", "座谈会");
	tui_form_add(&fm, "workers", "职工", TUI_F_NUMBER, 0, 6);
	tui_form_add(&fm, "content", "内容", TUI_F_AREA, 1, 20000);
	tui_form_set(&fm, "date", "2026-11-20");
	tui_form_set(&fm, "activity", "symposium");
	assert_false(tui_form_dirty(&fm));
	tui_form_layout(&fm, 20, 60, &g);

	/* Ctrl-T: today; the weekday is drawn beside the date */
	assert_int_equal(tui_form_key(&fm, TUI_CTRL('t'), &g, "2026-11-22"), TUI_FORM_NONE);
	assert_true(tui_form_dirty(&fm));
	tui_cbuf *b = tui_cbuf_new(20, 60);
	char row[256];
	int cy, cx;
	tui_form_draw(&fm, &g, b, 0, 0, 20, 60, &cy, &cx);
	/* (the box is TUI_DATE_COLS wide: 2026年11月22日 fits) */
	tui_cbuf_row(b, 0, row, sizeof row);
	assert_non_null(strstr(row, "2026-11-22"));
	assert_int_equal(tui_cbuf_at(b, 0, g.field_x + TUI_DATE_COLS)->cp, 'S');
	assert_non_null(strstr(row, "Sun"));
	assert_int_equal(cy, 0);
	assert_int_equal(cx, g.field_x + 10);

	/* choice cycles; numbers refuse letters */
	tui_form_key(&fm, TUI_TAB, &g, NULL);
	tui_form_key(&fm, TUI_KEY_RIGHT, &g, NULL);
	char *v = tui_form_get(&fm, "activity");
	assert_string_equal(v, "enterprise_visit");
	free(v);
	tui_form_key(&fm, TUI_TAB, &g, NULL);
	tui_form_key(&fm, 'x', &g, NULL);
	tui_form_key(&fm, '4', &g, NULL);
	tui_form_key(&fm, '2', &g, NULL);
	v = tui_form_get(&fm, "workers");
	assert_string_equal(v, "42");
	free(v);

	/* required check: empty content gets an inline error and the focus */
	assert_int_equal(tui_form_check_required(&fm, "required"), 1);
	assert_int_equal(fm.focus, 3);
	tui_form_layout(&fm, 20, 60, &g);
	tui_form_draw(&fm, &g, b, 0, 0, 20, 60, &cy, &cx);
	assert_string_equal(tui_cbuf_row(b, g.y[3] + g.h[3], row, sizeof row) + g.field_x,
	                    "required");

	/* multi-line text survives the draft format, newlines and backslashes too */
	tui_form_put(&fm, "content", "第一行\\n\n第二行");
	char *draft = tui_form_serialize(&fm);
	tui_form fm2;
	tui_form_init(&fm2, "");
	tui_form_add(&fm2, "content", "c", TUI_F_AREA, 1, 20000);
	tui_form_add(&fm2, "workers", "w", TUI_F_NUMBER, 0, 6);
	assert_int_equal(tui_form_deserialize(&fm2, draft), 2);
	v = tui_form_get(&fm2, "content");
	assert_string_equal(v, "第一行\\n\n第二行");
	free(v);
	assert_true(tui_form_dirty(&fm2));
	free(draft);
	tui_form_free(&fm2);

	/* a multi-choice field: codes in, ticks, codes out */
	tui_field *mk = tui_form_add(&fm, "kinds", "类型", TUI_F_MULTI, 0, 0);
	tui_form_choice(mk, "frontline", "一线职工");
	tui_form_choice(mk, "migrant", "农民工");
	tui_form_choice(mk, "young", "青年职工");
	tui_form_set(&fm, "kinds", "young;农民工;unknown");
	v = tui_form_get(&fm, "kinds");
	assert_string_equal(v, "migrant;young");
	free(v);
	fm.focus = fm.n - 1;
	tui_form_key(&fm, ' ', &g, NULL); /* tick frontline (the option shown) */
	tui_form_key(&fm, TUI_KEY_RIGHT, &g, NULL);
	tui_form_key(&fm, ' ', &g, NULL); /* untick migrant */
	v = tui_form_get(&fm, "kinds");
	assert_string_equal(v, "frontline;young");
	free(v);
	tui_form_layout(&fm, 20, 60, &g);
	tui_form_draw(&fm, &g, b, 0, 0, 20, 60, &cy, &cx);
	assert_non_null(strstr(tui_cbuf_row(b, g.y[fm.n - 1], row, sizeof row),
	                       "< [ ] 农民工 >  2 ticked: 一线职工、青年职工"));
	fm.focus = 3;
	assert_int_equal(tui_form_key(&fm, TUI_CTRL('x'), &g, NULL), TUI_FORM_EDITOR);
	assert_int_equal(tui_form_key(&fm, TUI_CTRL('s'), &g, NULL), TUI_FORM_SAVE);
	assert_int_equal(tui_form_key(&fm, TUI_ESC, &g, NULL), TUI_FORM_CANCEL);
	tui_cbuf_free(b);
	tui_form_free(&fm);
}

/* Text views wrap Chinese anywhere but never put closing punctuation at
 * the start of a line, and wrap Latin text at spaces. */
static void test_view_wrap(void **state)
{
	(void)state;
	tui_view v;
	char row[256];
	tui_cbuf *b = tui_cbuf_new(6, 12);
	tui_view_init(&v);
	/* 10 columns: "一二三四五" fills a line; "，" must not start the next */
	tui_view_add(&v, TUI_A_NORMAL, 0, "一二三四五，六七");
	tui_view_add(&v, TUI_A_NORMAL, 2, "by e-mail today");
	tui_view_draw(&v, b, 0, 0, 6, 10);
	assert_string_equal(tui_cbuf_row(b, 0, row, sizeof row), "一二三四");
	assert_string_equal(tui_cbuf_row(b, 1, row, sizeof row), "五，六七");
	assert_string_equal(tui_cbuf_row(b, 2, row, sizeof row), "  by");
	assert_string_equal(tui_cbuf_row(b, 3, row, sizeof row), "  e-mail");
	assert_string_equal(tui_cbuf_row(b, 4, row, sizeof row), "  today");
	assert_int_equal(v.total, 5);
	/* scrolling stops at the end */
	tui_view_key(&v, TUI_KEY_END);
	assert_int_equal(v.scroll, 0);
	tui_view_draw(&v, b, 0, 0, 2, 10);
	tui_view_key(&v, TUI_KEY_END);
	assert_int_equal(v.scroll, 3);
	tui_view_free(&v);
	tui_cbuf_free(b);
}

static fb_unit_row offer_row(int64_t id, const char *name)
{
	fb_unit_row r;
	memset(&r, 0, sizeof r);
	r.id = id;
	snprintf(r.name, sizeof r.name, "%s", name);
	fb_unit_name_key(name, r.key, sizeof r.key);
	snprintf(r.kind, sizeof r.kind, "enterprise");
	return r;
}

/* The units offered under a unit field: Down/Up choose, Enter takes, Esc
 * closes; what a save does with the text (the unit taken, the one with the
 * same name key, a new one). */
static void test_offer(void **state)
{
	(void)state;
	tui_offer o;
	int take = -1;
	int64_t id;
	fb_unit_row rows[8];
	for (int i = 0; i < 8; i++) {
		char name[64];
		snprintf(name, sizeof name, "宏达%d厂", i);
		rows[i] = offer_row(10 + i, name);
	}
	rows[1] = offer_row(11, "宏达机械有限公司");
	tui_offer_init(&o, "unit", 1);
	assert_int_equal(tui_offer_will(&o, "", &id), TUI_OFFER_NOTHING);
	/* more than six matches: six offered, open, nothing chosen */
	tui_offer_set(&o, "宏达", rows, 8);
	assert_int_equal(o.n, TUI_OFFER_MAX);
	assert_true(o.open);
	assert_int_equal(o.sel, -1);
	/* Enter and Up with nothing chosen are the form's */
	assert_int_equal(tui_offer_key(&o, TUI_ENTER, &take), 0);
	assert_int_equal(tui_offer_key(&o, TUI_KEY_UP, &take), 0);
	assert_int_equal(take, -1);
	/* Down chooses, and stops at the last */
	for (int i = 0; i < 9; i++)
		assert_int_equal(tui_offer_key(&o, TUI_KEY_DOWN, &take), 1);
	assert_int_equal(o.sel, TUI_OFFER_MAX - 1);
	assert_int_equal(tui_offer_key(&o, TUI_KEY_UP, &take), 1);
	assert_int_equal(o.sel, TUI_OFFER_MAX - 2);
	while (o.sel > 1)
		tui_offer_key(&o, TUI_KEY_UP, &take);
	/* nothing matches the text exactly: a new unit */
	assert_int_equal(tui_offer_will(&o, "宏达", &id), TUI_OFFER_NEW);
	assert_int_equal(id, 0);
	assert_int_equal(tui_offer_key(&o, TUI_ENTER, &take), 1);
	assert_int_equal(take, 1);
	assert_false(o.open);
	assert_int_equal(tui_offer_will(&o, "宏达机械有限公司", &id), TUI_OFFER_TAKEN);
	assert_int_equal(id, 11);
	/* closed: keys are the form's */
	assert_int_equal(tui_offer_key(&o, TUI_KEY_DOWN, &take), 0);
	/* typed on after taking: not the unit taken any more */
	tui_offer_set(&o, "宏达机械有限公司x", rows, 0);
	assert_int_equal(tui_offer_will(&o, "宏达机械有限公司x", &id), TUI_OFFER_NEW);
	/* another spelling of a unit offered: the same name key */
	tui_offer_init(&o, "unit", 1);
	tui_offer_set(&o, "宏达 机械有限责任公司", rows, 3);
	assert_int_equal(tui_offer_will(&o, "宏达 机械有限责任公司", &id), TUI_OFFER_SAME);
	assert_int_equal(id, 11);
	char hint[300];
	tui_offer_hint(&o, "宏达 机械有限责任公司", hint, sizeof hint);
	assert_non_null(strstr(hint, "宏达机械有限公司"));
	/* Esc closes the offers (a second Esc is the form's) */
	assert_int_equal(tui_offer_key(&o, TUI_ESC, &take), 1);
	assert_int_equal(tui_offer_key(&o, TUI_ESC, &take), 0);
	/* stale matches (for other text) are no proof of the same unit */
	assert_int_equal(tui_offer_will(&o, "宏达0厂", &id), TUI_OFFER_NEW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cbuf_wide),      cmocka_unit_test(test_ledit_cjk),
		cmocka_unit_test(test_ledit_wrap),     cmocka_unit_test(test_ledit_hscroll),
		cmocka_unit_test(test_ledit_sanitise), cmocka_unit_test(test_list_paging),
		cmocka_unit_test(test_list_widths),    cmocka_unit_test(test_form_model),
		cmocka_unit_test(test_view_wrap),      cmocka_unit_test(test_offer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
