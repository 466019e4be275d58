/* report_render.c - a report as plain text, Markdown or CSV: headings, the
 * members' table aligned by display width, kinds covered, tickets, the
 * sections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "fieldbook/text.h"
#include "internal.h"
#include "report_impl.h"
#include "report_text.h"

/* ---- rendering ---- */

/* "2026-W47 (2026-11-16 to 2026-11-22)" */
static void period_text(const fb_report *r, fb_sb *b)
{
	if (r->kind == FB_REPORT_STAGE)
		fb_sb_addf(b, _("%s to %s"), r->period.start, r->period.end);
	else
		fb_sb_addf(b, _("%s (%s to %s)"), r->period.label, r->period.start, r->period.end);
}

/* The label of a role code in the user's language. */
static const char *role_label(fb_store *st, const char *role)
{
	return fb_category_label(st, FB_CAT_ROLE, role);
}

/* The members' table (one row per member and a total row). CSV has every
 * column; text and Markdown leave out the role and the missing dates (they
 * follow the table as lines, so the table fits 80 columns). */
static void member_table(fb_store *st, const fb_report_figures *f, int csv, fb_tbl *t)
{
	const char *head[] = {_("Member"), _("Days logged"), _("Workdays"), _("Missing"), _("Logs"),
	                      _("Enterprises"), _("Workers"), _("Households"), _("Role"),
	                      _("Missing days")};
	const int right[] = {0, 1, 1, 1, 1, 1, 1, 1, 0, 0};
	fb_tbl_init(t, csv ? 10 : 8, head, right);
	t->maxw[0] = 16;
	for (int i = 0; i <= f->nmembers; i++) {
		const fb_member_figures *m = i < f->nmembers ? &f->members[i] : NULL;
		char n[7][24];
		int64_t v[] = {m ? m->days_logged : f->days_logged, m ? m->days_due : f->days_due,
		           m ? m->days_missing : f->days_missing, m ? m->logs : f->logs,
		           m ? m->enterprises : f->enterprises, m ? m->workers : f->workers,
		           m ? m->households : f->households};
		for (int k = 0; k < 7; k++)
			snprintf(n[k], sizeof n[k], "%lld", (long long)v[k]);
		char role[64];
		snprintf(role, sizeof role, "%s", m ? role_label(st, m->role) : "");
		const char *cells[] = {m ? m->name : _("Total"), n[0], n[1], n[2], n[3], n[4], n[5],
		                       n[6], role, m ? m->missing : ""};
		fb_tbl_row(t, cells);
	}
}

/* "Days missing" lines: each member with missing days and the dates
 * (plain text wraps them to the page later). */
static void missing_lines(const fb_report_figures *f, fb_report_format fmt, fb_sb *b)
{
	int any = 0;
	for (int i = 0; i < f->nmembers; i++) {
		const fb_member_figures *m = &f->members[i];
		if (!m->days_missing)
			continue;
		if (!any)
			fb_sb_addf(b, "%s\n", _("Days missing:"));
		any = 1;
		fb_sb_addf(b, _("%s%s (%d): %s\n"), fmt == FB_RFMT_MARKDOWN ? "- " : "  ", m->name,
		           m->days_missing, m->missing);
	}
	if (!any)
		fb_sb_addf(b, "%s\n", _("No working day is missing."));
}

/* A heading: Markdown # or ##, or text underlined with ═ (level 1) or ─ (level 2). */
static void heading(fb_sb *b, fb_report_format fmt, int level, const char *title, int width)
{
	if (fmt == FB_RFMT_MARKDOWN) {
		fb_sb_addf(b, "%s %s\n\n", level == 1 ? "#" : "##", title);
		return;
	}
	int w = (int)fb_text_width(title);
	fb_sb_addf(b, "%s\n", title);
	fb_sb_repeat(b, level == 1 ? "═" : "─", w > width ? width : w);
	fb_sb_add(b, "\n");
}

/* How many kinds of kind there are (0 if they cannot be read). */
static int kinds_known(fb_store *st, const char *kind)
{
	uint32_t bits = 0;
	fb_category_bits(st, kind, &bits, NULL);
	return fb_bits(bits);
}

/* "Kinds of enterprise covered (6/8): label 3, label 1, ...", then the kinds
 * not yet covered. counts[bit]: logs that met the kind. */
static void kinds_line(fb_store *st, fb_sb *b, fb_report_format fmt, const char *kind,
                       uint32_t mask, const int *counts, const char *covered_label)
{
	fb_category cats[32];
	int n = fb_category_list(st, kind, cats, 32), first = 1;
	fb_sb_addf(b, "%s%s (%d/%d): ", fmt == FB_RFMT_MARKDOWN ? "- " : "", covered_label,
	           fb_bits(mask), kinds_known(st, kind));
	for (int i = 0; i < n; i++) {
		int bit = cats[i].bit;
		if (bit < 0 || bit > 31 || !(mask & (1u << bit)))
			continue;
		fb_sb_addf(b, "%s%s %d", first ? "" : (fb_lang_is_zh() ? "、" : ", "),
		           fb_lang_is_zh() ? cats[i].label_zh : cats[i].label_en, counts[bit]);
		first = 0;
	}
	if (first)
		fb_sb_add(b, _("none"));
	fb_sb_addf(b, "\n  %s: ", _("not yet covered"));
	fb_sb_kinds(b, st, kind, mask, FB_MASK_LABELS | FB_MASK_MISSING, _("none"));
	fb_sb_add(b, "\n");
}

char *fb_report_render(fb_store *st, const fb_report *r, fb_report_format fmt, int width)
{
	const fb_report_figures *f = &r->figures;
	fb_sb b = {0};
	fb_tbl t;
	if (width <= 0)
		width = 80;
	if (fmt == FB_RFMT_CSV) {
		member_table(st, f, 1, &t);
		fb_tbl_render(&t, FB_TBL_CSV, 0, &b);
		int oom = t.oom;
		fb_tbl_free(&t);
		if (oom)
			b.oom = 1;
		return fb_sb_take(&b);
	}
	fb_sb title = {0};
	fb_sb_addf(&title, "%s · %s · ", fb_report_kind_title(r->kind), r->group_name);
	period_text(r, &title);
	heading(&b, fmt, 1, title.p ? title.p : "", width);
	fb_sb_free(&title);
	if (fmt == FB_RFMT_MARKDOWN)
		fb_sb_add(&b, "- ");
	if (!strcmp(r->status, "submitted"))
		fb_sb_addf(&b, _("Revision %d, submitted %s (frozen)"), r->revision_no, r->submitted_at);
	else
		fb_sb_addf(&b, _("Revision %d, draft (figures as of %s)"), r->revision_no,
		           f->computed_on);
	fb_sb_add(&b, "\n\n");

	heading(&b, fmt, 2, _("Days logged and missing"), width);
	/* Prose so far is wrapped to the page in plain text; the table is laid
	 * out by its own widths and goes straight into the output. */
	fb_sb out = {0};
	if (fmt == FB_RFMT_MARKDOWN)
		fb_sb_add(&out, b.p);
	else
		fb_sb_wrap(&out, b.p, width);
	fb_sb_free(&b);
	member_table(st, f, 0, &t);
	fb_tbl_render(&t, fmt == FB_RFMT_MARKDOWN ? FB_TBL_MARKDOWN : FB_TBL_TEXT, 0, &out);
	if (t.oom)
		out.oom = 1;
	fb_tbl_free(&t);
	fb_sb_add(&b, "\n");
	missing_lines(f, fmt, &b);
	fb_sb_add(&b, "\n");

	heading(&b, fmt, 2, _("Kinds covered (logs that met each kind)"), width);
	kinds_line(st, &b, fmt, FB_CAT_ENTERPRISE, f->enterprise_kinds, f->enterprise_kind_logs,
	           _("Kinds of enterprise covered"));
	kinds_line(st, &b, fmt, FB_CAT_WORKER, f->worker_kinds, f->worker_kind_logs,
	           _("Kinds of worker covered"));
	fb_sb_add(&b, "\n");

	heading(&b, fmt, 2, _("Problems and tickets"), width);
	const char *li = fmt == FB_RFMT_MARKDOWN ? "- " : "";
	fb_sb_addf(&b, _("%sLogs recording problems found: %d\n"), li, f->findings);
	fb_sb_addf(&b, _("%sTickets opened: %d, closed: %d, open at the end: %d, overdue: %d\n"), li,
	           f->tickets_opened, f->tickets_closed, f->tickets_open, f->tickets_overdue);
	fb_sb_add(&b, "\n");

	for (int i = 0; i < FB_SEC_COUNT; i++) {
		heading(&b, fmt, 2, fb_report_section_title(r->kind, (fb_report_section)i), width);
		const char *text = r->sections[i] ? r->sections[i] : "";
		fb_sb_add(&b, *text ? text : _("(empty)"));
		if (!*text || text[strlen(text) - 1] != '\n')
			fb_sb_add(&b, "\n");
		fb_sb_add(&b, "\n");
	}
	if (fmt == FB_RFMT_MARKDOWN)
		fb_sb_add(&out, b.p);
	else
		fb_sb_wrap(&out, b.p, width);
	if (b.oom)
		out.oom = 1;
	fb_sb_free(&b);
	return fb_sb_take(&out);
}
