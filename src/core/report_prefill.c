/* report_prefill.c - a draft's sections written from the period's logs and
 * tickets, and the pre-filled text kept with the draft (reports.prefill,
 * migration 006) to tell an edited section from one still as generated. */
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

/* ---- pre-filled sections ---- */

/* Append "- line" entries from a query over the group's logs of the period:
 * columns date, author, unit, text, extra text. At most `max` lines. */
static fb_status add_log_lines(fb_store *st, fb_sb *b, const char *sql, int64_t group_id,
                               const fb_period *p, int max, const char *extra_label,
                               fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, group_id);
	sqlite3_bind_text(s, 2, p->start, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, p->end, -1, SQLITE_STATIC);
	int n = 0, more = 0, rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		if (n == max) {
			more++;
			continue;
		}
		char text[1024], extra[512];
		const char *date = (const char *)sqlite3_column_text(s, 0);
		fb_text_cut((const char *)sqlite3_column_text(s, 3), 160, text, sizeof text);
		/* TRANSLATORS: a log line in a report: date, cadre, unit, text. */
		fb_sb_addf(b, _("- %s %s, %s: %s"), date + 5, sqlite3_column_text(s, 1),
		           sqlite3_column_text(s, 2), text);
		const char *x = (const char *)sqlite3_column_text(s, 4);
		if (extra_label && x && *x) {
			fb_text_cut(x, 100, extra, sizeof extra);
			fb_sb_addf(b, _(" (%s: %s)"), extra_label, extra);
		}
		fb_sb_add(b, "\n");
		n++;
	}
	sqlite3_reset(s);
	if (rc < 0)
		return fb_stmt_failed(err);
	if (more)
		fb_sb_addf(b, _("- ... and %d more\n"), more);
	return FB_OK;
}

#define LOG_LINES_SQL(cond, text, extra) \
	"SELECT l.date, p.name, l.unit, " text ", " extra " FROM logs l" \
	" JOIN people p ON p.id = l.author_id WHERE l.group_id = ?1 AND l.deleted = 0" \
	" AND l.date BETWEEN ?2 AND ?3 AND " cond " ORDER BY l.date, l.id"

/* "- 11-20 closed: title (answer)" for each ticket closed in the period:
 * how the problems were resolved. At most max lines. */
static fb_status closed_lines(fb_store *st, fb_sb *b, int64_t group_id, const fb_period *p,
                              int max, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
	    st, "SELECT substr(e.at, 6, 5), t.title, e.body FROM ticket_events e"
	        " JOIN tickets t ON t.id = e.ticket_id WHERE e.kind = 'close' AND e.at >= ?2"
	        " AND e.at < ?3 AND t.group_id = ?1 AND t.deleted = 0 ORDER BY e.at, e.id", err);
	if (!s)
		return err ? err->code : FB_EDB;
	char next[11];
	fb_date_plus(p->end, 1, next);
	sqlite3_bind_int64(s, 1, group_id);
	sqlite3_bind_text(s, 2, p->start, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, next, -1, SQLITE_STATIC);
	int n = 0, more = 0, rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		if (n == max) {
			more++;
			continue;
		}
		char body[512];
		fb_text_cut((const char *)sqlite3_column_text(s, 2), 100, body, sizeof body);
		fb_sb_addf(b, _("- %s closed: %s"), sqlite3_column_text(s, 0), sqlite3_column_text(s, 1));
		if (*body)
			fb_sb_addf(b, _(" (%s: %s)"), _("answer"), body);
		fb_sb_add(b, "\n");
		n++;
	}
	sqlite3_reset(s);
	if (rc < 0)
		return fb_stmt_failed(err);
	if (more)
		fb_sb_addf(b, _("- ... and %d more\n"), more);
	return FB_OK;
}

/* The draft's sections, pre-filled from the period's logs and figures. */
fb_status fb_report_prefill(fb_store *st, fb_report_kind kind, int64_t group_id, const fb_period *p,
                         const fb_report_figures *f, char **sections, fb_error *err)
{
	fb_sb b[FB_SEC_COUNT] = {{0}};
	fb_status rc = FB_OK;
	/* Work done: the totals, activities by kind, units visited. */
	fb_sb_addf(&b[0], _("%d daily logs; %lld enterprises, %lld workers and %lld worker "
	                    "households visited.\n"),
	           f->logs, (long long)f->enterprises, (long long)f->workers,
	           (long long)f->households);
	sqlite3_stmt *s = fb_store_stmt(
	    st, "SELECT activity, COUNT(*) FROM logs WHERE group_id = ?1 AND deleted = 0"
	        " AND date BETWEEN ?2 AND ?3 GROUP BY activity ORDER BY COUNT(*) DESC, activity", err);
	if (!s)
		rc = err ? err->code : FB_EDB;
	if (s) {
		sqlite3_bind_int64(s, 1, group_id);
		sqlite3_bind_text(s, 2, p->start, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, p->end, -1, SQLITE_STATIC);
		int first = 1, row;
		while ((row = fb_store_step(st, s, err)) == 1) {
			char code[64];
			fb_col_copy(s, 0, code, sizeof code);
			fb_sb_addf(&b[0], "%s%s %d", first ? _("Activities: ") : (fb_lang_is_zh() ? "，" : ", "),
			           fb_category_label(st, FB_CAT_ACTIVITY, code), sqlite3_column_int(s, 1));
			first = 0;
		}
		if (!first)
			fb_sb_add(&b[0], "\n");
		sqlite3_reset(s);
		if (row < 0)
			rc = fb_stmt_failed(err);
	}
	fb_sb_add(&b[0], _("Kinds of enterprise covered: "));
	fb_sb_kinds(&b[0], st, FB_CAT_ENTERPRISE, f->enterprise_kinds, FB_MASK_LABELS, _("none"));
	fb_sb_add(&b[0], "\n");
	if (kind == FB_REPORT_STAGE) {
		fb_sb_add(&b[0], "\n");
		if (!rc)
			rc = add_log_lines(st, &b[0],
			                   LOG_LINES_SQL("l.enterprises > 0", "l.content", "''"), group_id,
			                   p, 40, NULL, err);
	}
	/* Research: topical research logs (stage: the workforce). */
	if (kind == FB_REPORT_STAGE) {
		fb_sb_addf(&b[1], _("%lld workers visited. Kinds of worker covered: "),
		           (long long)f->workers);
		fb_sb_kinds(&b[1], st, FB_CAT_WORKER, f->worker_kinds, FB_MASK_LABELS, _("none"));
		fb_sb_add(&b[1], "\n\n");
		if (!rc)
			rc = add_log_lines(st, &b[1],
			                   LOG_LINES_SQL("l.workers > 0 AND l.activity IN ('worker_visit',"
			                                 " 'household_visit', 'symposium', 'research')",
			                                 "l.content", "''"),
			                   group_id, p, 40, NULL, err);
	} else if (!rc) {
		rc = add_log_lines(st, &b[1], LOG_LINES_SQL("l.activity = 'research'", "l.content", "''"),
		                   group_id, p, 30, NULL, err);
	}
	/* Problems: every finding with what was done about it. */
	if (!rc)
		rc = add_log_lines(st, &b[2], LOG_LINES_SQL("l.findings != ''", "l.findings", "l.actions"),
		                   group_id, p, 50, _("handled"), err);
	fb_sb_addf(&b[2], _("Tickets: %d opened, %d closed, %d open at the end of the period, %d "
	                    "overdue.\n"),
	           f->tickets_opened, f->tickets_closed, f->tickets_open, f->tickets_overdue);
	if (!rc)
		rc = closed_lines(st, &b[2], group_id, p, 30, err);
	/* Next plan: each member's latest next step. */
	if (!rc)
		rc = add_log_lines(
		    st, &b[3],
		    LOG_LINES_SQL("l.next_step != '' AND l.id = (SELECT x.id FROM logs x"
		                  " WHERE x.author_id = l.author_id AND x.group_id = ?1"
		                  " AND x.deleted = 0 AND x.date BETWEEN ?2 AND ?3 AND x.next_step != ''"
		                  " ORDER BY x.date DESC, x.id DESC LIMIT 1)",
		                  "l.next_step", "''"),
		    group_id, p, 20, NULL, err);
	for (int i = 0; i < FB_SEC_COUNT; i++) {
		sections[i] = fb_sb_take(&b[i]);
		if (!sections[i] && !rc)
			rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	if (rc)
		for (int i = 0; i < FB_SEC_COUNT; i++) {
			free(sections[i]);
			sections[i] = NULL;
		}
	return rc;
}

/* ---- pre-filled text kept with a draft (reports.prefill, migration 006) ---- */

#define PREFILL_SEP "\x1e"
#define PREFILL_EDITED "\x1f" /* equal to no section's text (control character) */

/* Remember the text the sections of draft id were pre-filled with; NULL:
 * the section was edited (never regenerated again). */
fb_status fb_report_store_prefill(fb_store *st, int64_t id, char *const *sections, fb_error *err)
{
	fb_sb b = {0};
	for (int i = 0; i < FB_SEC_COUNT; i++)
		fb_sb_addf(&b, "%s%s", i ? PREFILL_SEP : "", sections[i] ? sections[i] : PREFILL_EDITED);
	char *text = fb_sb_take(&b);
	if (!text)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	sqlite3_stmt *s = fb_store_stmt(st, "UPDATE reports SET prefill = ?1 WHERE id = ?2", err);
	fb_status rc = s ? FB_OK : err ? err->code : FB_EDB;
	if (s) {
		sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, id);
		rc = fb_step_done(st, s, err);
	}
	free(text);
	return rc;
}

/* Which sections of draft id still hold their pre-filled text (bit i for
 * section i) into *mask; 0 when nothing was kept. */
fb_status fb_report_unedited(fb_store *st, int64_t id, char *const *sections,
                                   unsigned *mask, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT prefill FROM reports WHERE id = ?1", err);
	*mask = 0;
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, id);
	int row = fb_store_step(st, s, err);
	const char *p = row > 0 ? (const char *)sqlite3_column_text(s, 0) : NULL;
	for (int i = 0; p && i < FB_SEC_COUNT; i++) {
		size_t n = strcspn(p, PREFILL_SEP);
		const char *cur = sections[i] ? sections[i] : "";
		if (strlen(cur) == n && !strncmp(cur, p, n))
			*mask |= 1u << i;
		p = p[n] ? p + n + 1 : (i + 1 < FB_SEC_COUNT ? NULL : p + n);
	}
	sqlite3_reset(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}
