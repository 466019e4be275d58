/* history_print.c - a record's history under `log show` and `ticket show`:
 * one line an entry, oldest first - when, who, what changed (field: old →
 * new), in words. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"

/* A value made visible for the terminal; "(empty)" for none. */
static const char *shown(const char *v, char *buf, size_t size)
{
	if (!*v)
		return _("(empty)");
	return fb_text_visible(v, 0, buf, size);
}

int cli_history_print(fb_cli *cli, const char *heading, const char *table, const char *uuid)
{
	fb_history_row rows[CLI_HISTORY_PAGE];
	fb_cursor cur = {0};
	fb_error err = {0};
	fb_page_dir dir = FB_PAGE_FIRST;
	int n, any = 0;
	do {
		n = fb_history_page(cli->st, table, uuid, dir, &cur, rows, CLI_HISTORY_PAGE, &err);
		if (n < 0)
			return cli_fail(&err);
		if (n && !any++)
			cli_printf("%s\n", heading);
		for (int i = 0; i < n; i++) {
			const fb_history_row *r = &rows[i];
			char at[24], who[256], a[FB_HISTORY_VALUE * 2], b[FB_HISTORY_VALUE * 2];
			const char *actor = *r->actor ? fb_text_visible(r->actor, 0, who, sizeof who)
			                              : _("(nobody signed in)");
			if (!strcmp(r->op, "update"))
				cli_printf(_("  %s  %s  %s: %s → %s\n"),
				           fb_local_time(r->at, 1, at, sizeof at), actor,
				           fb_history_field_label(table, r->field),
				           shown(r->old_value, a, sizeof a),
				           shown(r->new_value, b, sizeof b));
			else
				cli_printf(_("  %s  %s  %s\n"),
				           fb_local_time(r->at, 1, at, sizeof at), actor,
				           fb_history_op_label(r->op));
		}
		if (n)
			fb_history_row_cursor(&rows[n - 1], &cur);
		dir = FB_PAGE_NEXT;
	} while (n == CLI_HISTORY_PAGE);
	return EXIT_OK;
}
