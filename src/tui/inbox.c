/* inbox.c - headquarters' inbox: a folder of bundles (a USB stick mounted
 * anywhere, remembered) as a list of the one list engine, each bundle with
 * its sender, when it was made and whether it was imported before; check
 * or import one, or import all that are new, with progress and a result
 * per bundle in words; Enter shows a bundle's counts and rejections. A
 * bundle from a group HQ does not know is imported only when the user says
 * the group is one of theirs; a sender not registered here is read and
 * pinned only by the fingerprint a person compared with them, typed under
 * the folder (as inbox --pin). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inbox.h"
#include "dialog.h"
#include "fields.h"
#include "runner.h"
#include "screens.h"

/* What became of a bundle in this session. */
enum { R_NONE, R_IMPORTED, R_CHECKED, R_FAILED, R_SKIPPED };

typedef struct inbox_result {
	int state;
	char words[232];
} inbox_result;

typedef struct inbox_row {
	fb_inbox_entry e;
	inbox_result r;
} inbox_row;

typedef struct inbox_ctx {
	tui_app *app;
	fb_inbox *ib;
	char dir[1024];
	char pins[1024];      /* fingerprints compared with new senders, "" none */
	inbox_result *res;    /* one per entry */
	fb_sync_summary *sum; /* the last run's, for its details */
	int sum_index;        /* whose it is, -1 none */
	char sum_error[600];
	char progress_title[400];
} inbox_ctx;

static int inbox_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                       char *err, size_t errsize)
{
	inbox_ctx *ic = ctx;
	int n = fb_inbox_count(ic->ib), start;
	switch (dir) {
	case FB_PAGE_FIRST: start = 0; break;
	case FB_PAGE_LAST: start = n - max; break;
	case FB_PAGE_NEXT: start = (int)from->id + 1; break;
	case FB_PAGE_PREV: start = (int)from->id - max; break;
	default: start = (int)from->id; break;
	}
	int end = dir == FB_PAGE_PREV ? (int)from->id : start + max;
	if (start < 0)
		start = 0;
	if (end > n)
		end = n;
	inbox_row *out = rows;
	fb_error e;
	for (int i = start; i < end; i++) {
		if (fb_inbox_entry_get(ic->app->st, ic->ib, i, &out[i - start].e, &e) < 0) {
			fb_error_format(&e, err, errsize);
			return -1;
		}
		out[i - start].r = ic->res[i];
	}
	return end > start ? end - start : 0;
}

static void inbox_cursor(void *ctx, const void *row, fb_cursor *c)
{
	(void)ctx;
	const inbox_row *r = row;
	snprintf(c->key, sizeof c->key, "%.*s", (int)sizeof c->key - 1, r->e.name);
	c->id = r->e.index;
}

/* The state column: this session's result, else what the database knows. */
static const char *state_of(const inbox_row *r, int *attr)
{
	switch (r->r.state) {
	case R_IMPORTED: return _("imported now");
	case R_CHECKED: return _("checked");
	case R_FAILED: *attr = TUI_A_ERROR; return _("not imported");
	case R_SKIPPED: *attr = TUI_A_OVERDUE; return _("skipped");
	}
	if (!r->e.readable) {
		*attr = TUI_A_ERROR;
		return _("cannot be read");
	}
	if (r->e.imported) {
		*attr = TUI_A_DIM;
		return _("imported before");
	}
	if (r->e.group_uuid[0] && !r->e.group_id) {
		*attr = TUI_A_OVERDUE;
		return _("new group");
	}
	return _("not imported yet");
}

static void inbox_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	const inbox_row *r = row;
	char made[20];
	(void)ctx;
	switch (col) {
	case 0: snprintf(out, size, "%s", r->e.name); break;
	case 1:
		snprintf(out, size, "%s",
		         !r->e.readable       ? ""
		         : r->e.group_uuid[0] ? r->e.group_name
		                              : _("headquarters"));
		break;
	case 2:
		snprintf(out, size, "%s",
		         r->e.readable ? fb_local_time(r->e.created_at, 1, made, sizeof made) : "");
		break;
	case 3: snprintf(out, size, "%s", state_of(r, attr)); break;
	case 4:
		snprintf(out, size, "%s",
		         r->r.state      ? r->r.words
		         : r->e.readable ? ""
		                         : r->e.error);
		*attr = r->r.state == R_FAILED || !r->e.readable ? TUI_A_ERROR : TUI_A_DIM;
		break;
	}
}

static const tui_column inbox_columns[] = {
	{N_("File"), 20, 0},  {N_("Work group"), 14, 0}, {N_("Made"), 16, 0},
	{N_("State"), 12, 0}, {N_("Result"), 0, 0},
};
static const tui_list_ops inbox_ops = {
	sizeof(inbox_row), inbox_fetch, inbox_cursor, inbox_cell, inbox_columns, 5,
};

enum { I_SHOW = 1, I_IMPORT, I_CHECK, I_ALL, I_FOLDER };

static const tui_keydef inbox_keys[] = {
	{{TUI_ENTER, 0, 0}, I_SHOW, "Enter", N_("the bundle's result"), 1},
	{{'i', 0, 0}, I_IMPORT, "i", N_("import this bundle"), 1},
	{{'c', 0, 0}, I_CHECK, "c", N_("check it (nothing written)"), 1},
	{{'a', 0, 0}, I_ALL, "a", N_("import all new bundles"), 1},
	{{'f', 0, 0}, I_FOLDER, "f", N_("another folder"), 1},
	{{0, 0, 0}, 0, "Up/Down j/k", N_("move"), 0},
	{{0, 0, 0}, 0, "PgUp/PgDn", N_("page"), 0},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};
#define N_INBOX_KEYS (int)(sizeof inbox_keys / sizeof inbox_keys[0])

/* Progress of one bundle's import: which bundle, which table, rows. */
static void inbox_progress(void *ctx, const char *table, long rows)
{
	inbox_ctx *ic = ctx;
	char title[600];
	snprintf(title, sizeof title, "%s · %s", ic->progress_title, fb_sync_table_label(table));
	tui_progress(ic->app, title, rows, 0);
}

/* Check or import entry i (the user asked about a new group first);
 * its result into ic->res[i] and the summary kept for Enter. Returns the
 * result's state. */
static int run_one(inbox_ctx *ic, int i, int dry, int k, int of)
{
	tui_app *app = ic->app;
	inbox_result *r = &ic->res[i];
	fb_inbox_entry e;
	fb_error err;
	char q[600], buf[600];
	if (fb_inbox_entry_get(app->st, ic->ib, i, &e, &err) < 0) {
		tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
		return R_NONE;
	}
	int new_group = 0;
	if (!dry && e.readable && e.group_uuid[0] && !e.group_id) {
		snprintf(q, sizeof q,
		         _("%s comes from a work group headquarters does not know yet: %s. Is it "
		           "one "
		           "of yours (import it and add the group)?"),
		         e.name, e.group_name);
		if (!tui_confirm(app, q)) {
			r->state = R_SKIPPED;
			snprintf(r->words, sizeof r->words, _("not one of ours: left in the folder"));
			return r->state;
		}
		new_group = 1;
	}
	snprintf(ic->progress_title, sizeof ic->progress_title, "%s (%d/%d) %s",
	         dry ? _("Checking") : _("Importing"), k, of, e.name);
	tui_progress(app, ic->progress_title, 0, 0);
	fb_import_opts o = {.dry_run = dry,
	                    .pin = ic->pins[0] ? ic->pins : NULL,
	                    .progress = inbox_progress,
	                    .progress_ctx = ic};
	fb_status s = fb_inbox_import(app->st, ic->ib, i, new_group, &o, ic->sum, &err);
	ic->sum_index = i;
	ic->sum_error[0] = '\0';
	if (s != FB_OK) {
		fb_error_format(&err, ic->sum_error, sizeof ic->sum_error);
		r->state = R_FAILED;
		snprintf(r->words, sizeof r->words, _("nothing imported: %s"), ic->sum_error);
	} else {
		r->state = dry ? R_CHECKED : R_IMPORTED;
		fb_sync_summary_words(ic->sum, r->words, sizeof r->words);
	}
	return r->state;
}

/* Import every bundle not imported before, one after the other (each in
 * its own transaction); the tally on the status line. */
static void run_all(inbox_ctx *ic)
{
	tui_app *app = ic->app;
	int n = fb_inbox_count(ic->ib), todo = 0, k = 0, tally[5] = {0};
	fb_inbox_entry e;
	fb_error err;
	char buf[600];
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n && !app->quit; i++) {
			if (fb_inbox_entry_get(app->st, ic->ib, i, &e, &err) < 0) {
				tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
				return;
			}
			if (pass == 0 && i % 100 == 0) /* a big folder is read with progress */
				tui_progress(app, _("Reading the folder..."), i, n);
			if (e.readable && e.imported)
				continue;
			if (pass == 0)
				todo++;
			else
				tally[run_one(ic, i, 0, ++k, todo)]++;
		}
	if (!todo)
		tui_say(app, 0, "%s", _("Every bundle in the folder was imported before."));
	else
		tui_say(app, tally[R_FAILED] > 0,
		        _("%d bundles imported, %d not imported, %d skipped."), tally[R_IMPORTED],
		        tally[R_FAILED], tally[R_SKIPPED]);
}

/* The details of the selected bundle: its last result's counts and issues. */
static int details_fill(tui_app *app, tui_view *v, void *ctx)
{
	const inbox_row *r = ((void **)ctx)[1];
	inbox_ctx *ic = ((void **)ctx)[0];
	char made[20];
	(void)app;
	tui_view_field(v, _("File"), r->e.name);
	if (!r->e.readable) {
		tui_view_add(v, TUI_A_ERROR, 2, "%s", r->e.error);
		/* the import's words name the command line's --pin: here it is f */
		tui_view_add(v, TUI_A_DIM, 2, "%s",
		             _("From a sender not registered here: press f and type the "
		               "fingerprint you compared with them."));
		return 0;
	}
	tui_view_field(v, _("Work group"), r->e.group_uuid[0] ? r->e.group_name : _("headquarters"));
	tui_view_field(v, _("Made"), fb_local_time(r->e.created_at, 1, made, sizeof made));
	if (r->e.imported)
		tui_view_field(v, _("Imported"),
		               fb_local_time(r->e.imported_at, 1, made, sizeof made));
	tui_view_add(v, 0, 0, " ");
	if (ic->sum_index != r->e.index) {
		tui_view_add(v, TUI_A_DIM, 2, "%s",
		             _("Not checked or imported in this session: press c or i."));
		return 0;
	}
	tui_view_add(v, r->r.state == R_FAILED ? TUI_A_ERROR : TUI_A_LABEL, 0, "%s", r->r.words);
	tui_sync_summary_fill(v, ic->sum, 0);
	return 0;
}

/* Open the folder of the form, with the fingerprints typed under it: 0,
 * or -1 with the reason next to the field. */
static int open_folder(tui_app *app, tui_form *fm, void *ctx)
{
	inbox_ctx *ic = ctx;
	fb_error err;
	fb_inbox *ib;
	if (tui_form_check_required(fm, _("This field is required.")))
		return -1;
	char pins[sizeof ic->pins];
	if (!tui_form_fingerprints(fm, "pins", pins, sizeof pins))
		return -1;
	char *d = tui_form_get(fm, "dir");
	fb_status s = fb_inbox_open(d, &ib, &err);
	if (s != FB_OK) {
		snprintf(err.field, sizeof err.field, "dir");
		tui_form_fail(fm, &err);
	} else {
		fb_inbox_close(ic->ib);
		ic->ib = ib;
		snprintf(ic->dir, sizeof ic->dir, "%s", d);
		snprintf(ic->pins, sizeof ic->pins, "%s", pins);
		fb_inbox_set_pins(ib, ic->pins[0] ? ic->pins : NULL);
		free(ic->res);
		ic->res = tui_xcalloc((size_t)fb_inbox_count(ib) + 1, sizeof *ic->res);
		ic->sum_index = -1;
		fb_meta_set(app->st, "tui.inbox_dir", d, NULL);
	}
	free(d);
	return s == FB_OK ? 0 : -1;
}

/* Ask for the folder (remembered for next time) and the fingerprints
 * compared with senders not registered here (for this session only); 1 if
 * a folder was opened. */
static int choose_folder(inbox_ctx *ic)
{
	tui_form fm;
	tui_form_init(&fm, _("Inbox folder"));
	tui_form_add(&fm, "dir", _("Folder of bundles"), TUI_F_TEXT, 1, 1000);
	tui_form_set(&fm, "dir", ic->dir);
	tui_form_add(&fm, "pins", _("Fingerprints"), TUI_F_TEXT, 0, 1000);
	tui_form_set(&fm, "pins", ic->pins);
	snprintf(fm.message, sizeof fm.message, "%s",
	         _("A sender not registered here: type the fingerprint they read out from "
	           "'fieldbook key show', after comparing it; several separated by commas."));
	int opened = tui_form_run(ic->app, &fm, NULL, 0, open_folder, ic);
	tui_form_free(&fm);
	return opened;
}

/* i and a only for whom the core lets import bundles (HQ, a leader into
 * their group); c writes nothing. */
static int inbox_allowed(void *ctx, int action, const void *row, fb_error *why)
{
	inbox_ctx *ic = ctx;
	(void)row;
	fb_perm_on ours = {.group_id = ic->app->group_id};
	return (action != I_IMPORT && action != I_ALL) ||
	       fb_perm_check(ic->app->st, FB_ACT_BUNDLE_IMPORT, &ours, why) == FB_OK;
}

static int inbox_act(void *ctx, int action, const void *row)
{
	inbox_ctx *ic = ctx;
	const inbox_row *r = row;
	switch (action) {
	case I_SHOW:
		if (r) {
			void *pair[2] = {ic, (void *)r};
			static const tui_keydef keys[] = {TUI_KEYDEF_HELP, TUI_KEYDEF_BACK};
			tui_view_screen(ic->app, _("Bundle"), keys, 2, details_fill, NULL, pair);
		}
		return TUI_LIST_STAY;
	case I_IMPORT:
	case I_CHECK:
		if (!r)
			return TUI_LIST_STAY;
		if (action == I_IMPORT && r->e.imported &&
		    !tui_confirm(ic->app, _("This bundle was imported before. Import it again?")))
			return TUI_LIST_STAY;
		run_one(ic, r->e.index, action == I_CHECK, 1, 1);
		tui_say(ic->app, ic->res[r->e.index].state == R_FAILED, "%s",
		        ic->res[r->e.index].words);
		return TUI_LIST_RELOAD;
	case I_ALL: run_all(ic); return TUI_LIST_RELOAD;
	case I_FOLDER: return choose_folder(ic) ? TUI_LIST_FIRST : TUI_LIST_STAY;
	}
	return TUI_LIST_STAY;
}

static void inbox_subtitle(void *ctx, char *out, size_t size)
{
	inbox_ctx *ic = ctx;
	snprintf(out, size, _(" · %s · %d bundles"), ic->dir, fb_inbox_count(ic->ib));
}

static const char *inbox_empty(void *ctx)
{
	(void)ctx;
	return _("No bundle (*.zip) in this folder: press f to choose another.");
}

void tui_inbox(tui_app *app)
{
	inbox_ctx ic = {.app = app, .sum_index = -1};
	char *last = fb_meta_get(app->st, "tui.inbox_dir");
	const char *home = getenv("HOME");
	snprintf(ic.dir, sizeof ic.dir, "%s", last ? last : home && *home ? home : ".");
	free(last);
	ic.sum = tui_xcalloc(1, sizeof *ic.sum);
	if (choose_folder(&ic)) {
		const tui_list_screen ls = {.title = _("Inbox"),
		                            .list = &inbox_ops,
		                            .page = 50,
		                            .keys = inbox_keys,
		                            .nkeys = N_INBOX_KEYS,
		                            .subtitle = inbox_subtitle,
		                            .empty = inbox_empty,
		                            .act = inbox_act,
		                            .allowed = inbox_allowed};
		tui_list_screen_run(app, &ls, &ic);
	}
	fb_inbox_close(ic.ib);
	free(ic.res);
	free(ic.sum);
}
