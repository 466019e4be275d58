/* test_tui_screen.c - what every screen shows, without a terminal: the key
 * bar at 80 columns keeps the key that leaves; the colour roles stay
 * readable on a light and a dark background; text from the database or a
 * bundle shows its control and invisible characters as escapes in lists,
 * views and the status line (a CR cannot overwrite the line). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "app.h"
#include "list.h"
#include "view.h"

/* An app with a screen buffer and no store or terminal: enough to frame. */
static void app_init(tui_app *app, int rows, int cols)
{
	memset(app, 0, sizeof *app);
	app->rows = rows, app->cols = cols;
	app->buf = tui_cbuf_new(rows, cols);
	snprintf(app->today, sizeof app->today, "2026-11-22");
}

static void test_key_bar_keeps_back(void **state)
{
	(void)state;
	static const tui_keydef keys[] = {
		{{'a', 0, 0}, 1, "a", "the first action of many", 1},
		{{'b', 0, 0}, 2, "b", "a second action with a long name", 1},
		{{'c', 0, 0}, 3, "c", "a third one", 1},
		{{'d', 0, 0}, 4, "d", "and a fourth that cannot fit", 1},
		{{'e', 0, 0}, 5, "e", "short", 1},
		TUI_KEYDEF_HELP,
		TUI_KEYDEF_BACK,
	};
	tui_app app;
	char row[512];
	int y0, h;
	app_init(&app, 24, 80);
	tui_frame(&app, "Daily logs", keys, 7, &y0, &h);
	tui_cbuf_row(app.buf, 23, row, sizeof row);
	/* the keys that do not fit are left out, never help or back */
	assert_non_null(strstr(row, "q back"));
	assert_non_null(strstr(row, "?/F1 help"));
	assert_non_null(strstr(row, "a the first action of many"));
	assert_null(strstr(row, "and a fourth"));
	assert_true(fb_text_width(row) <= 80);
	/* the back key is whole, not cut, at the end of the row */
	size_t n = strlen(row);
	assert_true(n >= 6 && !strcmp(row + n - 6, "q back"));
	/* narrower still: back stays */
	tui_cbuf_free(app.buf);
	app_init(&app, 24, 30);
	tui_frame(&app, "Daily logs", keys, 7, &y0, &h);
	assert_non_null(strstr(tui_cbuf_row(app.buf, 23, row, sizeof row), "q back"));
	tui_cbuf_free(app.buf);
}

/* Light colours (white, yellow, cyan, green) are unreadable on a white
 * background, dark ones on black: a coloured text needs a background of
 * its own of the other kind, and the terminal's own colour (dark on light,
 * light on dark) must not sit on a fixed background. */
static int light(int c)
{
	return c == TUI_C_WHITE || c == TUI_C_YELLOW || c == TUI_C_CYAN || c == TUI_C_GREEN;
}

static int readable(const tui_look *lk)
{
	if (lk->bg == TUI_C_DEFAULT) /* on the terminal's own background */
		return !light(lk->fg);
	return lk->fg != TUI_C_DEFAULT && light(lk->fg) != light(lk->bg);
}

static void test_colours_readable(void **state)
{
	(void)state;
	for (int i = 0; i < TUI_A_COUNT; i++)
		assert_true(readable(&tui_looks[i]));
	/* the rule refuses what was there before: yellow keys, cyan labels on
	 * the terminal's background; and the terminal's colour on cyan */
	assert_false(readable(&(tui_look){TUI_C_YELLOW, TUI_C_DEFAULT, 0, 0}));
	assert_false(readable(&(tui_look){TUI_C_CYAN, TUI_C_DEFAULT, 0, 0}));
	assert_false(readable(&(tui_look){TUI_C_DEFAULT, TUI_C_CYAN, 0, 0}));
	assert_true(readable(&(tui_look){TUI_C_WHITE, TUI_C_BLUE, 0, 0}));
}

/* A provider of one row whose cells carry an ANSI escape, a CR and a
 * zero-width space, as a crafted bundle could. */
static int bad_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                     char *err, size_t errsize)
{
	(void)ctx, (void)from, (void)max, (void)err, (void)errsize;
	if (dir != FB_PAGE_FIRST && dir != FB_PAGE_AT)
		return 0;
	*(int *)rows = 1;
	return 1;
}

static void bad_cursor(void *ctx, const void *row, fb_cursor *c)
{
	(void)ctx, (void)row;
	memset(c, 0, sizeof *c);
	c->id = 1;
}

static void bad_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	(void)ctx, (void)row, (void)attr;
	snprintf(out, size, "%s", col == 0 ? "\x1b]0;pwned\x07" : "旧词\r新词\xe2\x80\x8b");
}

static const tui_column bad_cols[] = {{"A", 30, 0}, {"B", 0, 0}};
static const tui_list_ops bad_ops = {sizeof(int), bad_fetch, bad_cursor, bad_cell, bad_cols, 2};

static void test_list_escapes(void **state)
{
	(void)state;
	tui_list l;
	tui_cbuf *b = tui_cbuf_new(4, 80);
	char row[512];
	tui_list_init(&l, &bad_ops, NULL, 10);
	assert_int_equal(tui_list_first(&l), 0);
	tui_list_draw(&l, b, 0, 0, 4, 80);
	tui_cbuf_row(b, 1, row, sizeof row);
	assert_non_null(strstr(row, "<U+001B>]0;pwned<U+0007>"));
	assert_non_null(strstr(row, "旧词<U+000D>新词<U+200B>"));
	tui_list_free(&l);
	tui_cbuf_free(b);
}

static void test_view_escapes(void **state)
{
	(void)state;
	tui_view v;
	tui_cbuf *b = tui_cbuf_new(4, 60);
	char row[256];
	tui_view_init(&v);
	/* a stored answer with a CR: the words after it cannot cover the line */
	tui_view_field(&v, "答复", "已补发\r未补发\n第二行\t完");
	tui_view_draw(&v, b, 0, 0, 4, 60);
	assert_string_equal(tui_cbuf_row(b, 1, row, sizeof row), "  已补发<U+000D>未补发");
	assert_string_equal(tui_cbuf_row(b, 2, row, sizeof row), "  第二行 完");
	tui_view_free(&v);
	tui_cbuf_free(b);
}

static void test_status_escapes(void **state)
{
	(void)state;
	tui_app app;
	app_init(&app, 24, 80);
	tui_say(&app, 1, "no person named %s", "王\x1b[2J伟");
	assert_string_equal(app.status, "no person named 王<U+001B>[2J伟");
	tui_cbuf_free(app.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_bar_keeps_back),
		cmocka_unit_test(test_colours_readable),
		cmocka_unit_test(test_list_escapes),
		cmocka_unit_test(test_view_escapes),
		cmocka_unit_test(test_status_escapes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
