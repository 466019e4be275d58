/* history.c - a record's history (who, when, field: old → new), a list
 * screen over fb_history_page through the one list engine, opened from a
 * log's and a ticket's details. */
#include <stdio.h>
#include <string.h>

#include "runner.h"
#include "screens.h"

typedef struct history_ctx {
	tui_app *app;
	const char *table;
	const char *uuid;
} history_ctx;

static int history_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                         char *err, size_t errsize)
{
	history_ctx *hc = ctx;
	fb_error e;
	int n = fb_history_page(hc->app->st, hc->table, hc->uuid, dir, from, rows, max, &e);
	if (n < 0)
		fb_error_format(&e, err, errsize);
	return n;
}

static void history_cursor(void *ctx, const void *row, fb_cursor *c)
{
	(void)ctx;
	fb_history_row_cursor(row, c);
}

/* When, who, and what changed in words (the list engine makes it safe). */
static void history_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	history_ctx *hc = ctx;
	const fb_history_row *r = row;
	switch (col) {
	case 0: fb_local_time(r->at, 1, out, size); break;
	case 1:
		if (*r->actor) {
			snprintf(out, size, "%s", r->actor);
		} else {
			snprintf(out, size, "%s", _("(nobody signed in)"));
			*attr = TUI_A_DIM;
		}
		break;
	case 2:
		if (strcmp(r->op, "update"))
			snprintf(out, size, "%s", fb_history_op_label(r->op));
		else
			snprintf(out, size, _("%s: %s → %s"),
			         fb_history_field_label(hc->table, r->field),
			         *r->old_value ? r->old_value : _("(empty)"),
			         *r->new_value ? r->new_value : _("(empty)"));
		break;
	}
}

static const tui_column history_columns[] = {
	{N_("When"), 16, 0},
	{NC_("history", "Who"), 10, 0},
	{N_("Change"), 0, 0},
};
static const tui_list_ops history_ops = {
	sizeof(fb_history_row), history_fetch, history_cursor, history_cell, history_columns, 3,
};

static const tui_keydef history_keys[] = {
	{{0, 0, 0}, 0, "Up/Down j/k", N_("move"), 0},
	{{0, 0, 0}, 0, "PgUp/PgDn", N_("page"), 0},
	{{0, 0, 0}, 0, "Home/End g/G", N_("first/last row"), 0},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};

static const char *history_empty(void *ctx)
{
	(void)ctx;
	return _("No change recorded yet.");
}

static int history_act(void *ctx, int action, const void *row)
{
	(void)ctx, (void)action, (void)row;
	return TUI_LIST_STAY;
}

void tui_history(tui_app *app, const char *title, const char *table, const char *uuid)
{
	history_ctx hc = {.app = app, .table = table, .uuid = uuid};
	const tui_list_screen ls = {
		.title = title,
		.list = &history_ops,
		.page = 100,
		.keys = history_keys,
		.nkeys = (int)(sizeof history_keys / sizeof history_keys[0]),
		.empty = history_empty,
		.act = history_act,
	};
	tui_list_screen_run(app, &ls, &hc);
}
