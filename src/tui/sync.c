/* sync.c - the bundles screen: export this station's records to a bundle
 * file (everything, or what changed since the last export to headquarters)
 * and import a bundle (answers and instructions from headquarters, or
 * another station's records; a sender not registered here is read and
 * pinned only by the fingerprint typed in the form, as import --pin), with
 * progress and the per-table counts and rejected rows afterwards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync.h"
#include "fieldbook/text.h"
#include "dialog.h"
#include "fields.h"
#include "runner.h"
#include "screens.h"

typedef struct sync_ctx {
	tui_app *app;
	fb_sync_summary sum;
	int have;        /* sum holds the last run */
	int exported;    /* the last run was an export */
	char path[1024]; /* its file */
	char error[600]; /* its error, "" if it went well */
} sync_ctx;

enum { S_EXPORT = 1, S_IMPORT, S_DRY };
static const tui_keydef sync_keys[] = {
	{{'e', 0, 0}, S_EXPORT, "e", N_("export a bundle"), 1},
	{{'i', 0, 0}, S_IMPORT, "i", N_("import a bundle"), 1},
	{{'c', 0, 0}, S_DRY, "c", N_("check a bundle without importing"), 1},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};

/* One line of the counts table: the table name, then numbers right-aligned,
 * padded by display width (the headings are Chinese). */
static void counts_row(tui_view *v, int attr, const char **cells, int n)
{
	char line[512], cell[64];
	size_t o = 0;
	for (int i = 0; i < n && o + 80 < sizeof line; i++) {
		int w = i == 0 ? 16 : 10;
		int pad = w - (int)fb_text_width(cells[i]);
		if (i == 0) {
			o += strlen(fb_text_fit(cells[i], w, line + o, sizeof line - o));
			continue;
		}
		fb_text_cut(cells[i], w, cell, sizeof cell);
		o += (size_t)snprintf(line + o, sizeof line - o, "%*s%s", pad > 0 ? pad : 0, "",
		                      cell);
	}
	line[o] = '\0';
	tui_view_add(v, attr, 2, "%s", line);
}

void tui_sync_summary_fill(tui_view *v, const fb_sync_summary *sum, int exported)
{
	const char *head[7] = {_("Table"), _("Rows"),      _("New"),     _("Updated"),
	                       _("Same"),  _("Conflicts"), _("Rejected")};
	int ncols = exported ? 2 : 7; /* an export only counts rows */
	counts_row(v, TUI_A_LABEL, head, ncols);
	for (int i = 0; i < sum->ntables; i++) {
		const fb_sync_counts *c = &sum->t[i];
		char num[6][24];
		const char *cells[7] = {fb_sync_table_label(c->table)};
		long vals[6] = {c->rows,      c->inserted,  c->updated,
		                c->unchanged, c->conflicts, c->rejected};
		for (int k = 0; k < 6; k++) {
			snprintf(num[k], sizeof num[k], "%ld", vals[k]);
			cells[k + 1] = num[k];
		}
		counts_row(v, c->rejected || c->conflicts ? TUI_A_OVERDUE : TUI_A_NORMAL, cells,
		           ncols);
	}
	for (int i = 0; i < sum->nissues; i++) {
		const fb_sync_issue *is = &sum->issue[i];
		if (is->conflict)
			tui_view_add(v, TUI_A_OVERDUE, 2, _("conflict: %s %s: %s"), is->file,
			             is->uuid, is->msg);
		else
			tui_view_add(v, TUI_A_ERROR, 2, _("%s:%ld: %s: %s"), is->file, is->line,
			             is->field, is->msg);
	}
	if (sum->more_issues)
		tui_view_add(v, TUI_A_ERROR, 2, _("... and %ld more"), sum->more_issues);
}

/* The bundles view: what a bundle is, then the last run's counts and issues. */
static int sync_fill(tui_app *app, tui_view *v, void *ctx)
{
	sync_ctx *sc = ctx;
	(void)app;
	tui_view_add(v, TUI_A_NORMAL, 0, "%s",
	             _("Records travel between the station and headquarters as one bundle file "
	               "(on a USB stick or by e-mail)."));
	tui_view_add(v, TUI_A_NORMAL, 0, " ");
	if (!sc->have)
		return 0;
	tui_view_add(v, TUI_A_LABEL, 0,
	             sc->exported      ? _("Exported to %s")
	             : sc->sum.dry_run ? _("Checked %s (nothing imported)")
	                               : _("Imported %s"),
	             sc->path);
	if (sc->error[0])
		tui_view_add(v, TUI_A_ERROR, 2, "%s", sc->error);
	if (!sc->exported && sc->sum.already)
		tui_view_add(v, TUI_A_NORMAL, 2, "%s", _("This bundle had been imported before."));
	char made[20];
	if (!sc->exported && sc->sum.source_group_name[0])
		tui_view_add(v, TUI_A_NORMAL, 2, _("From: %s (made %s)"), sc->sum.source_group_name,
		             fb_local_time(sc->sum.created_at, 1, made, sizeof made));
	tui_sync_summary_fill(v, &sc->sum, sc->exported);
	return 0;
}

/* Progress of a long export or import: the table and rows so far. */
void tui_sync_progress(void *ctx, const char *table, long rows)
{
	tui_app *app = ctx;
	char title[160];
	snprintf(title, sizeof title, "%s %s", _("Working on"), fb_sync_table_label(table));
	tui_progress(app, title, rows, 0);
}

/* The file form: a path (and, for export, changes only or everything; for
 * an import, the fingerprints compared with a sender not registered here,
 * into ctx: a char[1024]). */
static int file_ok(tui_app *app, tui_form *fm, void *ctx)
{
	(void)app;
	int bad = tui_form_check_required(fm, _("This field is required.")) > 0;
	if (ctx && !tui_form_fingerprints(fm, "pins", ctx, 1024))
		bad = 1;
	return bad ? -1 : 0;
}

/* Export, check or import a bundle chosen in a form; the view shows the result. */
static int sync_act(tui_app *app, int action, void *ctx)
{
	sync_ctx *sc = ctx;
	tui_form fm;
	fb_error err;
	char def[1024];
	const char *home = getenv("HOME");
	tui_form_init(&fm, action == S_EXPORT ? _("Export a bundle") : _("Import a bundle"));
	tui_form_add(&fm, "path", _("Bundle file"), TUI_F_TEXT, 1, 1000);
	if (action == S_EXPORT) {
		tui_field *w = tui_form_add(&fm, "what", _("What"), TUI_F_CHOICE, 1, 0);
		tui_form_choice(w, "changes", _("changes since the last export to headquarters"));
		tui_form_choice(w, "all", _("everything"));
		tui_form_set(&fm, "what", "changes");
		tui_field *k = tui_form_add(&fm, "seal", _("Sealed"), TUI_F_CHOICE, 1, 0);
		tui_form_choice(k, "sealed", _("sealed: only its recipient can open it"));
		tui_form_choice(k, "plain", _("plain: anyone who finds it can read it"));
		tui_form_set(&fm, "seal", "sealed");
		/* fieldbook-GROUP-DATE.zip: the group and the day, no person */
		char name[200];
		if (fb_bundle_default_name(app->st, 0, 0, app->today, name, sizeof name, &err))
			snprintf(name, sizeof name, "fieldbook-%s.zip", app->today);
		snprintf(def, sizeof def, "%s/%s", home && *home ? home : ".", name);
		tui_form_set(&fm, "path", def);
	} else {
		tui_form_add(&fm, "pins", _("Fingerprints"), TUI_F_TEXT, 0, 1000);
		snprintf(fm.message, sizeof fm.message, "%s",
		         _("A sender not registered here: type the fingerprint they read out from "
		           "'fieldbook key show', after comparing it; several separated by "
		           "commas."));
	}
	char pins[1024] = "";
	if (!tui_form_run(app, &fm, NULL, 0, file_ok, action == S_EXPORT ? NULL : pins)) {
		tui_form_free(&fm);
		return 0;
	}
	char *path = tui_form_get(&fm, "path"), *what = tui_form_get(&fm, "what"),
	     *seal = tui_form_get(&fm, "seal");
	fb_status st;
	memset(&sc->sum, 0, sizeof sc->sum);
	if (action == S_EXPORT) {
		fb_export_opts o = {.peer = "hq",
		                    .since_last = !strcmp(what, "changes"),
		                    .plain = !strcmp(seal, "plain"),
		                    .progress = tui_sync_progress,
		                    .progress_ctx = app};
		st = fb_bundle_export(app->st, path, &o, &sc->sum, &err);
	} else {
		fb_import_opts o = {.dry_run = action == S_DRY,
		                    .pin = pins[0] ? pins : NULL,
		                    .progress = tui_sync_progress,
		                    .progress_ctx = app};
		st = fb_bundle_import(app->st, path, &o, &sc->sum, &err);
	}
	sc->have = 1;
	sc->exported = action == S_EXPORT;
	snprintf(sc->path, sizeof sc->path, "%s", path);
	sc->error[0] = '\0';
	if (st != FB_OK)
		fb_error_format(&err, sc->error, sizeof sc->error);
	tui_say(app, st != FB_OK, "%s",
	        st != FB_OK ? _("Failed: nothing was changed.")
	        : action == S_EXPORT
	                ? (!strcmp(seal, "plain") ? _("Bundle written, not sealed: anyone "
	                                              "who finds it can read it.")
	                                          : _("Bundle written."))
	        : action == S_DRY ? _("Bundle checked.")
	                          : _("Bundle imported."));
	free(path), free(what), free(seal);
	tui_form_free(&fm);
	return 2;
}

/* i only for whom the core lets import into their group (as the CLI's
 * import asks); checking a bundle writes nothing. */
static int sync_allowed(void *ctx, int action, const void *row, fb_error *why)
{
	sync_ctx *sc = ctx;
	(void)row;
	fb_perm_on ours = {.group_id = sc->app->group_id};
	return action != S_IMPORT ||
	       fb_perm_check(sc->app->st, FB_ACT_BUNDLE_IMPORT, &ours, why) == FB_OK;
}

void tui_sync(tui_app *app)
{
	sync_ctx *sc = tui_xcalloc(1, sizeof *sc);
	sc->app = app;
	tui_view_screen_checked(app, _("Bundles"), sync_keys, 5, sync_allowed, sync_fill, sync_act,
	                        sc);
	free(sc);
}
