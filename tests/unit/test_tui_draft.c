/* test_tui_draft.c - the draft file: written atomically with mode 0600,
 * read back with its kind and record id, its values restored into a form;
 * the key table lookup the help screens are generated from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "app.h"
#include "draft.h"

static void make_form(tui_form *fm)
{
	tui_form_init(fm, "log");
	tui_form_add(fm, "unit", "unit", TUI_F_TEXT, 1, 100);
	tui_form_add(fm, "content", "content", TUI_F_AREA, 1, 1000);
}

static void test_draft_roundtrip(void **state)
{
	(void)state;
	char dir[] = "/tmp/fb-draft-XXXXXX";
	assert_non_null(mkdtemp(dir));
	tui_draft d;
	tui_form fm, back;
	memset(&d, 0, sizeof d);
	snprintf(d.path, sizeof d.path, "%s/db.draft", dir);
	make_form(&fm);
	tui_form_put(&fm, "unit", "红星纺织厂");
	tui_form_put(&fm, "content", "第一行\n第二行 = 等号\\反斜杠");
	d.form = &fm;
	d.kind = "log";
	d.id = 42;
	assert_int_equal(tui_draft_save(&d), 0);

	struct stat sb;
	assert_int_equal(stat(d.path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	tui_draft_file df;
	assert_int_equal(tui_draft_load(d.path, &df), 1);
	assert_string_equal(df.kind, "log");
	assert_int_equal(df.id, 42);
	assert_string_equal(df.uuid, ""); /* an edit: the record has its uuid */
	assert_true(df.saved > 0);
	make_form(&back);
	assert_int_equal(tui_form_deserialize(&back, df.text), 2);
	char *v = tui_form_get(&back, "content");
	assert_string_equal(v, "第一行\n第二行 = 等号\\反斜杠");
	free(v);
	tui_draft_file_free(&df);

	/* no temporary files are left beside it; removing it works */
	tui_draft_remove(&d);
	assert_int_equal(rmdir(dir), 0);
	assert_int_equal(tui_draft_load(d.path, &df), 0);
	tui_form_free(&fm);
	tui_form_free(&back);
}

static void test_draft_garbage(void **state)
{
	(void)state;
	char path[] = "/tmp/fb-draft-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not a draft\n", 12), 12);
	close(fd);
	tui_draft_file df;
	assert_int_equal(tui_draft_load(path, &df), 0);
	assert_null(df.text);
	unlink(path);
}

static void test_key_table(void **state)
{
	(void)state;
	static const tui_keydef keys[] = {
		{{'q', TUI_ESC, 0}, 7, "q", "back", 1},
		{{TUI_ENTER, 0, 0}, 3, "Enter", "open", 1},
		{{0, 0, 0}, 9, "Home/End", "first/last", 0},
	};
	assert_int_equal(tui_keys_action(keys, 3, 'q'), 7);
	assert_int_equal(tui_keys_action(keys, 3, TUI_ESC), 7);
	assert_int_equal(tui_keys_action(keys, 3, TUI_ENTER), 3);
	assert_int_equal(tui_keys_action(keys, 3, 'x'), -1);
	assert_int_equal(tui_keys_action(keys, 3, 0), -1); /* help-only rows never fire */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_draft_roundtrip),
		cmocka_unit_test(test_draft_garbage),
		cmocka_unit_test(test_key_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
