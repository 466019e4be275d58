/* reports.c - weekly reports, monthly minutes and stage summaries: the list
 * (a provider over fb_report_page), compiling this week's / month's / the
 * stay's report from the logs, the report as rendered by the core, the
 * section editor and submitting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/due.h"
#include "fieldbook/report.h"
#include "dialog.h"
#include "reports_review.h"
#include "fields.h"
#include "runner.h"
#include "screens.h"

typedef struct reports_ctx {
	tui_app *app;
	fb_report_filter f;
	int kind; /* 0 all, else the fb_report_kind shown + 1 */
} reports_ctx;

static int reports_fetch(void *ctx, fb_page_dir dir, const fb_cursor *from, void *rows, int max,
                         char *err, size_t errsize)
{
	reports_ctx *rc = ctx;
	fb_error e;
	int n = fb_report_page(rc->app->st, &rc->f, dir, from, rows, max, &e);
	if (n < 0)
		fb_error_format(&e, err, errsize);
	return n;
}

/* The keyset cursor of a row (for the next page). */
static void reports_cursor(void *ctx, const void *row, fb_cursor *c)
{
	(void)ctx;
	fb_report_row_cursor(row, c);
}

/* A period as a person reads it: the stage summary's period is the whole
 * stay (the core labels it "stage"), the others are 2026-W47, 2026-11. */
static const char *period_label(const char *kind, const char *label)
{
	return !strcmp(kind, "stage") ? _("whole stay") : label;
}

/* A report's status in the user's words. */
static const char *status_label(const char *code)
{
	return !strcmp(code, "submitted") ? _("submitted") : _("draft");
}

/* The text of a column of a row (the list engine makes it safe). */
static void reports_cell(void *ctx, const void *row, int col, char *out, size_t size, int *attr)
{
	(void)ctx;
	const fb_report_row *r = row;
	switch (col) {
	case 0: snprintf(out, size, "%s", period_label(r->kind, r->label)); break;
	case 1: snprintf(out, size, "%s", fb_report_kind_label_of(r->kind)); break;
	case 2: snprintf(out, size, "%s – %s", r->period_start, r->period_end); break;
	case 3: snprintf(out, size, "%d", r->revision_no); break;
	case 4:
		snprintf(out, size, "%s", status_label(r->status));
		if (strcmp(r->status, "submitted"))
			*attr = TUI_A_OVERDUE;
		break;
	case 5:
		snprintf(out, size, "%s", r->group_name);
		*attr = TUI_A_DIM;
		break;
	}
}

enum { R_OPEN = 1, R_WEEK, R_MONTH, R_STAGE, R_KIND, R_ALL };

static const tui_keydef reports_keys[] = {
	{{TUI_ENTER, 0, 0}, R_OPEN, "Enter", N_("open"), 1},
	{{'w', 0, 0}, R_WEEK, "w", N_("compile this week's report"), 1},
	{{'m', 0, 0}, R_MONTH, "m", N_("this month's minutes"), 1},
	{{'s', 0, 0}, R_STAGE, "s", N_("stage summary"), 1},
	/* not k: k moves up in every list */
	{{'f', 0, 0}, R_KIND, "f", N_("weekly / monthly / stage / all"), 1},
	{{'a', 0, 0}, R_ALL, "a", N_("all revisions / latest only"), 0},
	{{0, 0, 0}, 0, "Up/Down j/k", N_("move"), 0},
	{{0, 0, 0}, 0, "Home/End g/G", N_("first/last row"), 0},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};
#define N_REPORTS_KEYS (int)(sizeof reports_keys / sizeof reports_keys[0])

static const tui_column reports_columns[] = {
	{N_("Period"), 10, 0}, {N_("Kind"), 10, 0},  {N_("Dates"), 23, 0},
	{N_("Rev."), 4, 1},    {N_("Status"), 8, 0}, {N_("Work group"), 0, 0},
};
static const tui_list_ops reports_ops = {
	sizeof(fb_report_row), reports_fetch, reports_cursor, reports_cell, reports_columns, 6,
};

/* Compile (or open) the report of a kind for the period containing today. */
static int64_t compile(tui_app *app, fb_report_kind kind)
{
	fb_period p;
	fb_error err;
	fb_report r;
	fb_status st = FB_OK;
	char ym[8];
	if (kind == FB_REPORT_WEEKLY) {
		fb_period_week_of(app->today, &p);
	} else if (kind == FB_REPORT_MONTHLY) {
		snprintf(ym, sizeof ym, "%.7s", app->today);
		st = fb_period_month(ym, &p, &err);
	} else {
		st = fb_period_stage(app->st, app->group_id, &p, &err);
	}
	if (st == FB_OK)
		st = fb_report_compile(app->st, app->group_id, kind, &p, &r, &err);
	if (st != FB_OK) {
		char buf[600];
		tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
		return 0;
	}
	int64_t id = r.id;
	fb_report_free(&r);
	return id;
}

/* The kind shown (" · 周报告"), "" for all. */
static void reports_subtitle(void *ctx, char *out, size_t size)
{
	reports_ctx *rc = ctx;
	snprintf(out, size, "%s%s", rc->kind ? " · " : "",
	         rc->kind ? fb_report_kind_label((fb_report_kind)(rc->kind - 1)) : "");
}

/* What the empty list says. */
static const char *reports_empty(void *ctx)
{
	(void)ctx;
	return _("No reports yet: press w to compile this week's.");
}

/* Open or compile a report (then show it), or change the filters. */
static int reports_act(void *ctx, int action, const void *selected)
{
	reports_ctx *rc = ctx;
	const fb_report_row *row = selected;
	int64_t id = 0;
	switch (action) {
	case R_OPEN: id = row ? row->id : 0; break;
	case R_WEEK: id = compile(rc->app, FB_REPORT_WEEKLY); break;
	case R_MONTH: id = compile(rc->app, FB_REPORT_MONTHLY); break;
	case R_STAGE: id = compile(rc->app, FB_REPORT_STAGE); break;
	case R_KIND:
		rc->kind = (rc->kind + 1) % (FB_REPORT_NKINDS + 1);
		rc->f.kind = rc->kind ? fb_report_kind_code((fb_report_kind)(rc->kind - 1)) : NULL;
		return TUI_LIST_FIRST;
	case R_ALL: rc->f.all_revisions = !rc->f.all_revisions; return TUI_LIST_FIRST;
	}
	if (!id)
		return TUI_LIST_STAY;
	tui_report_open(rc->app, id);
	/* a new report (or a new revision) may come first now */
	return action == R_OPEN ? TUI_LIST_RELOAD : TUI_LIST_FIRST;
}

/* w, m and s only for whom the core lets compile the group's reports. */
static int reports_allowed(void *ctx, int action, const void *row, fb_error *why)
{
	reports_ctx *rc = ctx;
	(void)row;
	fb_perm_on ours = {.group_id = rc->app->group_id};
	return (action != R_WEEK && action != R_MONTH && action != R_STAGE) ||
	       fb_perm_check(rc->app->st, FB_ACT_REPORT_WRITE, &ours, why) == FB_OK;
}

void tui_reports(tui_app *app)
{
	reports_ctx rc = {.app = app};
	const tui_list_screen ls = {
		.title = _("Reports"),
		.list = &reports_ops,
		.page = 50,
		.keys = reports_keys,
		.nkeys = N_REPORTS_KEYS,
		.subtitle = reports_subtitle,
		.empty = reports_empty,
		.act = reports_act,
		.allowed = reports_allowed,
	};
	tui_list_screen_run(app, &ls, &rc);
}

/* ---- one report ---- */

enum {
	RD_EDIT = 1,
	RD_SUBMIT,
	RD_ACCEPT,
	RD_RETURN,
	RD_COMMENT,
	RD_READ,
	RD_SECTION
}; /* RD_SECTION + s: section s */
/* HQ's keys: review, not edit */
static const tui_keydef report_keys_hq[] = {
	{{'A', 0, 0}, RD_ACCEPT, "A", N_("accept"), 1},
	{{'R', 0, 0}, RD_RETURN, "R", N_("return for rework"), 1},
	{{'c', 0, 0}, RD_COMMENT, "c", N_("comment"), 1},
	{{'v', 0, 0}, RD_READ, "v", N_("mark read"), 1},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};
#define N_REPORT_KEYS_HQ (int)(sizeof report_keys_hq / sizeof report_keys_hq[0])
static const tui_keydef report_keys[] = {
	/* the section at the top of the screen opens with the cursor in it */
	{{'e', 0, 0}, RD_EDIT, "e", N_("edit the sections"), 1},
	{{'1', 0, 0}, RD_SECTION, "1-4", N_("edit that section (1: the first)"), 0},
	{{'2', 0, 0}, RD_SECTION + 1, "", "", 0},
	{{'3', 0, 0}, RD_SECTION + 2, "", "", 0},
	{{'4', 0, 0}, RD_SECTION + 3, "", "", 0},
	{{'S', 0, 0}, RD_SUBMIT, "S", N_("submit"), 1},
	TUI_KEYDEF_HELP,
	TUI_KEYDEF_BACK,
};
#define N_REPORT_KEYS (int)(sizeof report_keys / sizeof report_keys[0])

typedef struct report_ctx {
	tui_app *app;
	int64_t id;
	tui_view *v;                /* the view shown (filled last) */
	int sec_line[FB_SEC_COUNT]; /* the view line of each section's heading, -1 none */
} report_ctx;

/* Where each section's heading is in the view (a line of its own in the
 * core's text), for e to open the section being read. */
static void find_sections(report_ctx *rc, fb_report_kind kind, const tui_view *v)
{
	for (int s = 0; s < FB_SEC_COUNT; s++) {
		const char *title = fb_report_section_title(kind, (fb_report_section)s);
		rc->sec_line[s] = -1;
		for (int i = 0; i < v->n && rc->sec_line[s] < 0; i++)
			if (!strcmp(v->lines[i].text, title))
				rc->sec_line[s] = i;
	}
}

/* The section being read: the last whose heading is at or above the top
 * of the view (the first section before any heading). */
static int section_shown(const report_ctx *rc)
{
	int top = rc->v ? rc->v->top : 0, shown = 0;
	for (int s = 0; s < FB_SEC_COUNT; s++)
		if (rc->sec_line[s] >= 0 && rc->sec_line[s] <= top)
			shown = s;
	return shown;
}

/* The report as the core renders it, wrapped to the screen. */
static int report_fill(tui_app *app, tui_view *v, void *ctx)
{
	report_ctx *rc = ctx;
	fb_report r;
	fb_error err;
	rc->v = v;
	if (fb_report_get(app->st, rc->id, &r, &err) != FB_OK) {
		tui_say(app, 1, "%s", err.msg);
		return -1;
	}
	tui_view_add(v, TUI_A_LABEL, 0, "%s %s · %s · %s %d", fb_report_kind_label(r.kind),
	             period_label(fb_report_kind_code(r.kind), r.period.label),
	             status_label(r.status), _("revision"), r.revision_no);
	fb_due_item due;
	if (fb_due_of_report(app->st, &r, &due, &err) == FB_OK) {
		char st[64];
		fb_due_state_text(&due, st, sizeof st);
		tui_view_add(v,
		             due.state == FB_DUE_LATE || due.state == FB_DUE_OVERDUE ? TUI_A_OVERDUE
		                                                                     : TUI_A_NORMAL,
		             0, _("Deadline %s · %s"), due.due_on, st);
	}
	tui_review_lines(app, v, rc->id);
	char *text = fb_report_render(app->st, &r, FB_RFMT_TEXT, app->cols - 4);
	if (text)
		tui_view_add(v, TUI_A_NORMAL, 0, "%s", text);
	free(text);
	find_sections(rc, r.kind, v);
	fb_report_free(&r);
	return 0;
}

/* Save every changed section; a submitted report becomes a new draft
 * revision on the first change, and the rest go to that revision. */
static int save_sections(tui_app *app, tui_form *fm, void *ctx)
{
	report_ctx *rc = ctx;
	for (int s = 0; s < FB_SEC_COUNT; s++) {
		tui_field *f = tui_form_field(fm, fb_report_section_code((fb_report_section)s));
		char *v = tui_ledit_get(&f->ed);
		if (strcmp(v, f->orig)) {
			fb_error err;
			int64_t new_id = rc->id;
			if (fb_report_set_section(app->st, rc->id, (fb_report_section)s, v, &new_id,
			                          &err) != FB_OK) {
				free(v);
				tui_form_fail(fm, &err);
				return -1;
			}
			rc->id = new_id;
			/* saved: this field is now the original */
			free(f->orig);
			f->orig = tui_xstrdup(v);
		}
		free(v);
	}
	tui_say(app, 0, "%s", _("Report saved."));
	return 0;
}

/* S submits (after asking); e edits the sections, the one being read focused. */
static int report_act(tui_app *app, int action, void *ctx)
{
	report_ctx *rc = ctx;
	fb_report r;
	fb_error err;
	if (action >= RD_ACCEPT && action <= RD_READ) {
		static const int what[] = {TUI_REVIEW_ACCEPT, TUI_REVIEW_RETURN, TUI_REVIEW_COMMENT,
		                           TUI_REVIEW_READ};
		tui_review_act(app, what[action - RD_ACCEPT], rc->id);
		return 2;
	}
	if (action == RD_SUBMIT) {
		if (!tui_confirm(app, _("Submit this report? It is frozen after that.")))
			return 0;
		if (fb_report_submit(app->st, rc->id, &err) != FB_OK)
			tui_say(app, 1, "%s", err.msg);
		else
			tui_say(app, 0, "%s", _("Report submitted."));
		return 2;
	}
	if (fb_report_get(app->st, rc->id, &r, &err) != FB_OK) {
		tui_say(app, 1, "%s", err.msg);
		return 0;
	}
	if (!r.latest) {
		tui_say(app, 1, "%s", _("This is an old revision: open the latest one to edit."));
		fb_report_free(&r);
		return 0;
	}
	tui_form fm;
	char title[160];
	snprintf(title, sizeof title, "%s %s", fb_report_kind_label(r.kind),
	         period_label(fb_report_kind_code(r.kind), r.period.label));
	tui_form_init(&fm, title);
	for (int s = 0; s < FB_SEC_COUNT; s++) {
		const char *code = fb_report_section_code((fb_report_section)s);
		tui_field *f = tui_form_add_limited(
			&fm, "reports", code, fb_report_section_title(r.kind, (fb_report_section)s),
			TUI_F_AREA, 0);
		f->rows = 4;
		tui_form_set(&fm, code, r.sections[s]);
	}
	if (!strcmp(r.status, "submitted"))
		snprintf(fm.message, sizeof fm.message, "%s",
		         _("Submitted: saving a change makes a new draft revision."));
	fb_report_free(&r);
	/* the cursor in the section asked for (1-4), or in the one being read */
	fm.focus = action >= RD_SECTION ? action - RD_SECTION : section_shown(rc);
	tui_form_run(app, &fm, NULL, 0, save_sections, rc);
	tui_form_free(&fm);
	return 2;
}

/* Editing, submitting and reviewing only for whom the core lets do it. */
static int report_allowed(void *ctx, int action, const void *row, fb_error *why)
{
	report_ctx *rc = ctx;
	fb_store *st = rc->app->st;
	(void)row;
	if (action == RD_SUBMIT)
		return fb_report_submit_allowed(st, rc->id, why) == FB_OK;
	fb_action act = action >= RD_ACCEPT && action <= RD_READ ? FB_ACT_REVIEW_WRITE
	                                                         : FB_ACT_REPORT_WRITE;
	return fb_perm_check_row(st, act, "reports", rc->id, why) == FB_OK;
}

/* One report as the core renders it, with its actions. */
void tui_report_open(tui_app *app, int64_t id)
{
	report_ctx rc = {.app = app, .id = id};
	/* HQ reviews what the groups submit; a group edits and submits its own */
	if (!tui_review_is_hq(app))
		tui_view_screen_checked(app, _("Report"), report_keys, N_REPORT_KEYS,
		                        report_allowed, report_fill, report_act, &rc);
	else
		tui_view_screen_checked(app, _("Report"), report_keys_hq, N_REPORT_KEYS_HQ,
		                        report_allowed, report_fill, report_act, &rc);
}
