/* test_tui_input.c - what a cadre types into forms: number fields take the
 * full-width digits of an input method and say when they refuse a key; a
 * lone 0 is replaced, not extended; a full field says so; date fields are
 * wide enough for 2026年11月22日 and say when a day does not exist; a
 * multi-line text opens with the cursor in it; every error at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fieldbook/limits.h"
#include "fieldbook/text.h"
#include "cbuf.h"
#include "fields.h"
#include "form.h"
#include "keys.h"

/* Type UTF-8 text into the focused field, key by key. */
static void type(tui_form *fm, const tui_form_geom *g, const char *s)
{
	while (*s) {
		uint32_t cp;
		s += fb_utf8_decode(s, strlen(s), &cp);
		tui_form_key(fm, (int)cp, g, "2026-11-22");
	}
}

static char *value(tui_form *fm, const char *key)
{
	static char buf[1024];
	char *v = tui_form_get(fm, key);
	snprintf(buf, sizeof buf, "%s", v);
	free(v);
	return buf;
}

static void test_number_field(void **state)
{
	(void)state;
	tui_form fm;
	tui_form_geom g;
	tui_form_init(&fm, "log");
	tui_form_add(&fm, "workers", "职工", TUI_F_NUMBER, 0, 4);
	tui_form_layout(&fm, 20, 60, &g);
	/* full-width digits from an input method are digits */
	type(&fm, &g, "１２");
	assert_string_equal(value(&fm, "workers"), "12");
	assert_string_equal(fm.f[0].error, "");
	/* a letter is refused, and the field says so */
	type(&fm, &g, "x");
	assert_string_equal(value(&fm, "workers"), "12");
	assert_string_equal(fm.f[0].error, "only digits 0-9 here");
	/* the next digit is taken and the word goes */
	type(&fm, &g, "3");
	assert_string_equal(value(&fm, "workers"), "123");
	assert_string_equal(fm.f[0].error, "");
	/* full: the fifth digit is refused with a word */
	type(&fm, &g, "45");
	assert_string_equal(value(&fm, "workers"), "1234");
	assert_string_equal(fm.f[0].error, "at most 4 digits");
	/* a lone 0 (an old count) is replaced by the first digit typed */
	tui_form_set(&fm, "workers", "0");
	type(&fm, &g, "5");
	assert_string_equal(value(&fm, "workers"), "5");
	tui_form_set(&fm, "workers", "0");
	type(&fm, &g, "１２");
	assert_string_equal(value(&fm, "workers"), "12");
	tui_form_free(&fm);
}

/* Fields sized by the limits table: typing stops where the core's
 * validator would refuse - the characters of a name, the largest count
 * (not only its digits) - and the field says so. */
static void test_fields_from_the_limits_table(void **state)
{
	(void)state;
	tui_form fm;
	tui_form_geom g;
	tui_form_init(&fm, "log");
	tui_form_add_limited(&fm, "logs", "enterprises", "企业", TUI_F_NUMBER, 0);
	tui_field *name = tui_form_add_limited(&fm, "work_groups", "name", "工作组", TUI_F_TEXT, 1);
	tui_form_layout(&fm, 20, 60, &g);
	assert_int_equal(fb_limit_get("logs", "enterprises")->max, 1000);
	type(&fm, &g, "1001");
	assert_string_equal(value(&fm, "enterprises"), "100");
	assert_string_equal(fm.f[0].error, "at most 1000");
	tui_form_set(&fm, "enterprises", "");
	type(&fm, &g, "1000");
	assert_string_equal(value(&fm, "enterprises"), "1000");
	assert_string_equal(fm.f[0].error, "");
	/* a digit put in front that would make it too large */
	tui_form_set(&fm, "enterprises", "500");
	tui_form_key(&fm, TUI_KEY_HOME, &g, NULL);
	type(&fm, &g, "9");
	assert_string_equal(value(&fm, "enterprises"), "500");
	assert_string_equal(fm.f[0].error, "at most 1000");
	/* the group's name: as many characters as the table allows */
	assert_int_equal((int64_t)name->ed.max, fb_limit_get("work_groups", "name")->max);
	tui_form_free(&fm);
}

static void test_text_field_full(void **state)
{
	(void)state;
	tui_form fm;
	tui_form_geom g;
	tui_form_init(&fm, "person");
	tui_form_add(&fm, "name", "姓名", TUI_F_TEXT, 1, 3);
	tui_form_layout(&fm, 20, 60, &g);
	type(&fm, &g, "欧阳明辉");
	assert_string_equal(value(&fm, "name"), "欧阳明");
	assert_string_equal(fm.f[0].error, "at most 3 characters");
	tui_form_free(&fm);
}

static void test_date_field(void **state)
{
	(void)state;
	tui_form fm;
	tui_form_geom g;
	tui_cbuf *b = tui_cbuf_new(10, 60);
	char row[256];
	int cy, cx;
	tui_form_init(&fm, "log");
	tui_form_add(&fm, "date", "日期", TUI_F_DATE, 1, 10);
	tui_form_add(&fm, "unit", "单位", TUI_F_TEXT, 1, 100);
	tui_form_layout(&fm, 10, 60, &g);
	/* the Chinese form fits whole, the weekday beside it */
	type(&fm, &g, "2026年11月22日");
	tui_form_draw(&fm, &g, b, 0, 0, 10, 60, &cy, &cx);
	tui_cbuf_row(b, 0, row, sizeof row);
	assert_non_null(strstr(row, "2026年11月22日"));
	assert_non_null(strstr(row, "Sun"));
	assert_int_equal(cx, g.field_x + 14); /* the cursor after 日, inside the box */
	/* a day that does not exist: said when the field is left */
	tui_form_set(&fm, "date", "2026-02-30");
	fm.focus = 0;
	tui_form_key(&fm, TUI_TAB, &g, NULL);
	assert_int_equal(fm.focus, 1);
	assert_non_null(strstr(fm.f[0].error, "2026-02-30"));
	assert_non_null(strstr(fm.f[0].error, "does not exist"));
	/* a real one leaves no error */
	tui_form_clear_errors(&fm);
	tui_form_set(&fm, "date", "2028-02-29");
	fm.focus = 0;
	tui_form_key(&fm, TUI_TAB, &g, NULL);
	assert_string_equal(fm.f[0].error, "");
	tui_cbuf_free(b);
	tui_form_free(&fm);
}

/* A section prefilled with trailing newlines opens with the cursor after
 * its last character, on a line of its text, not on the blank lines below. */
static void test_area_cursor(void **state)
{
	(void)state;
	tui_form fm;
	tui_form_geom g;
	tui_cbuf *b = tui_cbuf_new(20, 60);
	char row[256];
	int cy, cx;
	tui_form_init(&fm, "report");
	tui_form_add(&fm, "work", "工作", TUI_F_AREA, 0, 2000)->rows = 4;
	tui_form_set(&fm, "work", "第一段。\n第二段。\n\n");
	tui_form_layout(&fm, 20, 60, &g);
	tui_form_draw(&fm, &g, b, 0, 0, 20, 60, &cy, &cx);
	assert_int_equal(cy, 1);
	assert_string_equal(tui_cbuf_row(b, cy, row, sizeof row) + g.field_x, "第二段。");
	assert_int_equal(cx, g.field_x + 8);
	/* the text itself is kept as it was */
	assert_string_equal(value(&fm, "work"), "第一段。\n第二段。\n\n");
	tui_cbuf_free(b);
	tui_form_free(&fm);
}

/* Every required field empty is marked at once, and counted. */
static void test_errors_at_once(void **state)
{
	(void)state;
	tui_form fm;
	tui_form_init(&fm, "group");
	tui_form_add(&fm, "name", "工作组", TUI_F_TEXT, 1, 60);
	tui_form_add(&fm, "station", "蹲点单位", TUI_F_TEXT, 1, 60);
	tui_form_add(&fm, "county", "县区", TUI_F_TEXT, 0, 60);
	tui_form_add(&fm, "leader", "组长", TUI_F_TEXT, 1, 16);
	assert_int_equal(tui_form_check_required(&fm, "required"), 3);
	assert_int_equal(tui_form_errors(&fm), 3);
	assert_string_equal(fm.f[0].error, "required");
	assert_string_equal(fm.f[1].error, "required");
	assert_string_equal(fm.f[2].error, "");
	assert_string_equal(fm.f[3].error, "required");
	assert_int_equal(fm.focus, 0);
	tui_form_free(&fm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_field),
		cmocka_unit_test(test_fields_from_the_limits_table),
		cmocka_unit_test(test_text_field_full),
		cmocka_unit_test(test_date_field),
		cmocka_unit_test(test_area_cursor),
		cmocka_unit_test(test_errors_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
