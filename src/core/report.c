/* report.c - weekly reports, monthly minutes and stage summaries: periods,
 * compiling a draft pre-filled from the logs, editing, submitting (frozen,
 * later changes become new revisions), listing and rendering. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "fieldbook/log.h"
#include "fieldbook/report.h"
#include "fieldbook/text.h"
#include "internal.h"
#include "report_text.h"

/* ---- codes and titles ---- */

static const char *const kind_codes[] = {"weekly", "monthly", "stage"};
static const char *const section_codes[] = {"work_done", "research", "problems", "next_plan"};

const char *fb_report_kind_code(fb_report_kind k)
{
	return (unsigned)k < 3 ? kind_codes[k] : "";
}

int fb_report_kind_parse(const char *s)
{
	for (int i = 0; s && i < 3; i++)
		if (!strcmp(s, kind_codes[i]))
			return i;
	return -1;
}

const char *fb_report_section_code(fb_report_section s)
{
	return (unsigned)s < FB_SEC_COUNT ? section_codes[s] : "";
}

int fb_report_section_parse(const char *s)
{
	for (int i = 0; s && i < FB_SEC_COUNT; i++)
		if (!strcmp(s, section_codes[i]))
			return i;
	return -1;
}

const char *fb_report_section_title(fb_report_kind k, fb_report_section s)
{
	static const char *const titles[3][FB_SEC_COUNT] = {
	    {N_("Work done this week"), N_("Topical research"),
	     N_("Problems found and how they were handled"), N_("Next week's plan")},
	    {N_("Work done this month"), N_("Topical research"),
	     N_("Problems found and how they were resolved"), N_("Next month's plan")},
	    {N_("Local enterprises: production, business and their problems"),
	     N_("The workforce: main demands and mood"), N_("Problems"),
	     N_("Suggestions and measures")},
	};
	if ((unsigned)k >= 3 || (unsigned)s >= FB_SEC_COUNT)
		return "";
	return _(titles[k][s]);
}

static const char *kind_title(fb_report_kind k)
{
	switch (k) {
	case FB_REPORT_WEEKLY: return _("Weekly report");
	case FB_REPORT_MONTHLY: return _("Monthly exchange minutes");
	default: return _("Stage summary and research report");
	}
}

/* ---- periods ---- */

fb_status fb_period_week(const char *iso_week, fb_period *p, fb_error *err)
{
	fb_date mon;
	fb_status rc = fb_iso_week_parse(iso_week ? iso_week : "", &mon, err);
	if (rc)
		return rc;
	int y, w;
	fb_date_iso_week(mon, &y, &w);
	fb_date_format(mon, p->start);
	fb_date_format(fb_date_add(mon, 6), p->end);
	snprintf(p->label, sizeof p->label, "%04d-W%02d", y, w);
	return FB_OK;
}

void fb_period_week_of(const char *date, fb_period *p)
{
	fb_date d = {1970, 1, 1};
	fb_date_parse(date, &d, "date", NULL);
	fb_date mon = fb_date_add(d, -fb_date_weekday(d));
	int y, w;
	fb_date_iso_week(mon, &y, &w);
	fb_date_format(mon, p->start);
	fb_date_format(fb_date_add(mon, 6), p->end);
	snprintf(p->label, sizeof p->label, "%04d-W%02d", y, w);
}

fb_status fb_period_month(const char *ym, fb_period *p, fb_error *err)
{
	int y = 0, m = 0, used = 0;
	if (!ym || sscanf(ym, "%4d-%2d%n", &y, &m, &used) != 2 || ym[used] != '\0' || y < 1900 ||
	    m < 1 || m > 12 || strlen(ym) != 7)
		return fb_error_set(err, FB_EINVAL, "month", _("'%s' is not a month; write it like 2026-11"),
		                    ym ? ym : "");
	fb_date first = {y, m, 1};
	fb_date next = m == 12 ? (fb_date){y + 1, 1, 1} : (fb_date){y, m + 1, 1};
	fb_date_format(first, p->start);
	fb_date_format(fb_date_add(next, -1), p->end);
	snprintf(p->label, sizeof p->label, "%04d-%02d", y, m);
	return FB_OK;
}

fb_status fb_period_stage(fb_store *st, int64_t group_id, fb_period *p, fb_error *err)
{
	fb_group g;
	fb_status rc = fb_group_get(st, group_id, &g, err);
	if (rc)
		return rc;
	char start[11] = "", today[11];
	fb_date_format(fb_today(), today);
	if (g.started_on && *g.started_on) {
		snprintf(start, sizeof start, "%s", g.started_on);
	} else {
		/* No recorded start: the stay began with the group's first log. */
		sqlite3_stmt *s = fb_store_stmt(
		    st, "SELECT MIN(date) FROM logs WHERE group_id = ?1 AND deleted = 0", err);
		if (s) {
			sqlite3_bind_int64(s, 1, group_id);
			if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
				fb_col_copy(s, 0, start, sizeof start);
			sqlite3_reset(s);
		}
	}
	if (!*start) {
		fb_group_free(&g);
		return fb_error_set(err, FB_ESTATE, "group",
		                    _("the group has neither a start date nor any log yet"));
	}
	snprintf(p->start, sizeof p->start, "%s", start);
	fb_date_min(g.ends_on, today, p->end);
	if (strcmp(p->end, p->start) < 0)
		snprintf(p->end, sizeof p->end, "%s", p->start);
	snprintf(p->label, sizeof p->label, "stage");
	fb_group_free(&g);
	return FB_OK;
}

/* ---- reading and writing rows ---- */

void fb_report_free(fb_report *r)
{
	for (int i = 0; i < FB_SEC_COUNT; i++) {
		free(r->sections[i]);
		r->sections[i] = NULL;
	}
	fb_report_figures_free(&r->figures);
}

#define REPORT_COLS \
	"r.id, r.uuid, r.group_id, g.name, r.kind, r.period_start, r.period_end, r.period_label," \
	" r.revision_no, r.status, IFNULL(r.author_id, 0), r.work_done, r.research, r.problems," \
	" r.next_plan, r.figures, IFNULL(r.submitted_at, ''), r.updated_at, r.rev," \
	" NOT EXISTS (SELECT 1 FROM reports n WHERE n.group_id = r.group_id AND n.kind = r.kind" \
	"  AND n.period_start = r.period_start AND n.revision_no > r.revision_no AND n.deleted = 0)"

/* Read one row; *figures_text gets the stored figures (caller frees). */
static fb_status read_row(fb_store *st, int64_t id, fb_report *r, char **figures_text,
                          fb_error *err)
{
	memset(r, 0, sizeof *r);
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT " REPORT_COLS " FROM reports r"
	                                    " JOIN work_groups g ON g.id = r.group_id"
	                                    " WHERE r.id = ?1 AND r.deleted = 0", err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return fb_store_dberr(st, err);
		return fb_error_set(err, FB_ENOTFOUND, "report", _("no report with id %lld"),
		                    (long long)id);
	}
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->uuid, sizeof r->uuid);
	r->group_id = sqlite3_column_int64(s, 2);
	fb_col_copy(s, 3, r->group_name, sizeof r->group_name);
	r->kind = (fb_report_kind)fb_report_kind_parse((const char *)sqlite3_column_text(s, 4));
	if ((int)r->kind < 0)
		r->kind = FB_REPORT_WEEKLY;
	fb_col_copy(s, 5, r->period.start, sizeof r->period.start);
	fb_col_copy(s, 6, r->period.end, sizeof r->period.end);
	fb_col_copy(s, 7, r->period.label, sizeof r->period.label);
	r->revision_no = sqlite3_column_int(s, 8);
	fb_col_copy(s, 9, r->status, sizeof r->status);
	r->author_id = sqlite3_column_int64(s, 10);
	int oom = 0;
	for (int i = 0; i < FB_SEC_COUNT; i++)
		oom |= !(r->sections[i] = fb_col_dup(s, 11 + i));
	*figures_text = fb_col_dup(s, 15);
	oom |= !*figures_text;
	fb_col_copy(s, 16, r->submitted_at, sizeof r->submitted_at);
	fb_col_copy(s, 17, r->updated_at, sizeof r->updated_at);
	r->rev = sqlite3_column_int64(s, 18);
	r->latest = sqlite3_column_int(s, 19);
	sqlite3_reset(s);
	if (oom) {
		fb_report_free(r);
		free(*figures_text);
		*figures_text = NULL;
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	return FB_OK;
}

fb_status fb_report_get(fb_store *st, int64_t id, fb_report *out, fb_error *err)
{
	char *fig = NULL;
	fb_status rc = read_row(st, id, out, &fig, err);
	if (rc)
		return rc;
	if (!strcmp(out->status, "submitted"))
		rc = fb_report_figures_decode(fig, &out->figures, err);
	else
		rc = fb_report_figures_compute(st, out->group_id, &out->period, &out->figures, err);
	free(fig);
	if (rc)
		fb_report_free(out);
	return rc;
}

/* The sync columns' new values, for statements that list them as rev,
 * origin, updated_at from rev_idx on. */
static void bind_sync(fb_store *st, sqlite3_stmt *s, int rev_idx)
{
	fb_bind_sync(st, s, rev_idx + 1, rev_idx, rev_idx + 2);
}

/* Insert a draft revision; *id gets its rowid. */
static fb_status insert_revision(fb_store *st, int64_t group_id, fb_report_kind kind,
                                 const fb_period *p, int revision_no, int64_t author_id,
                                 char *const *sections, const char *figures, int64_t *id,
                                 fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
	    st, "INSERT INTO reports (uuid, group_id, kind, period_start, period_end, period_label,"
	        " revision_no, status, author_id, work_done, research, problems, next_plan, figures,"
	        " rev, origin, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'draft', ?8, ?9, ?10,"
	        " ?11, ?12, ?13, ?14, ?15, ?16)", err);
	if (!s)
		return err ? err->code : FB_EDB;
	char uuid[37];
	fb_uuid_random(uuid);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, group_id);
	sqlite3_bind_text(s, 3, fb_report_kind_code(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, p->start, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, p->end, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, p->label, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, revision_no);
	fb_bind_opt_id(s, 8, author_id);
	for (int i = 0; i < FB_SEC_COUNT; i++)
		fb_bind_text(s, 9 + i, sections[i]);
	fb_bind_text(s, 13, figures);
	bind_sync(st, s, 14);
	fb_status rc = fb_step_done(st, s, err);
	if (!rc)
		*id = sqlite3_last_insert_rowid(fb_store_db(st));
	return rc;
}

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
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
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
	if (rc != SQLITE_DONE)
		return fb_store_dberr(st, err);
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
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
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
	if (rc != SQLITE_DONE)
		return fb_store_dberr(st, err);
	if (more)
		fb_sb_addf(b, _("- ... and %d more\n"), more);
	return FB_OK;
}

/* Kinds covered, as labels joined by 、 or , ; "" if none. */
static void kinds_text(fb_store *st, const char *kind, uint32_t mask, int covered, fb_sb *b)
{
	fb_category cats[32];
	int n = fb_category_list(st, kind, cats, 32), first = 1;
	for (int i = 0; i < n; i++) {
		if (cats[i].bit < 0 || cats[i].bit > 31)
			continue;
		if (!!(mask & (1u << cats[i].bit)) != covered)
			continue;
		fb_sb_add(b, first ? "" : (fb_lang_is_zh() ? "、" : ", "));
		fb_sb_add(b, fb_lang_is_zh() ? cats[i].label_zh : cats[i].label_en);
		first = 0;
	}
	if (first)
		fb_sb_add(b, _("none"));
}

static int count_kinds(fb_store *st, const char *kind)
{
	fb_category cats[32];
	int n = fb_category_list(st, kind, cats, 32), k = 0;
	for (int i = 0; i < n; i++)
		k += cats[i].bit >= 0 && cats[i].bit <= 31;
	return k;
}

/* The draft's sections, pre-filled from the period's logs and figures. */
static fb_status prefill(fb_store *st, fb_report_kind kind, int64_t group_id, const fb_period *p,
                         const fb_report_figures *f, char **sections, fb_error *err)
{
	fb_sb b[FB_SEC_COUNT] = {{0}};
	fb_status rc = FB_OK;
	/* Work done: the totals, activities by kind, units visited. */
	fb_sb_addf(&b[0], _("%d daily logs; %d enterprises, %d workers and %d worker households "
	                    "visited.\n"),
	           f->logs, f->enterprises, f->workers, f->households);
	sqlite3_stmt *s = fb_store_stmt(
	    st, "SELECT activity, COUNT(*) FROM logs WHERE group_id = ?1 AND deleted = 0"
	        " AND date BETWEEN ?2 AND ?3 GROUP BY activity ORDER BY COUNT(*) DESC, activity", err);
	if (!s)
		rc = err ? err->code : FB_EDB;
	if (s) {
		sqlite3_bind_int64(s, 1, group_id);
		sqlite3_bind_text(s, 2, p->start, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, p->end, -1, SQLITE_STATIC);
		int first = 1;
		while (sqlite3_step(s) == SQLITE_ROW) {
			char code[64];
			fb_col_copy(s, 0, code, sizeof code);
			fb_sb_addf(&b[0], "%s%s %d", first ? _("Activities: ") : (fb_lang_is_zh() ? "，" : ", "),
			           fb_category_label(st, FB_CAT_ACTIVITY, code), sqlite3_column_int(s, 1));
			first = 0;
		}
		if (!first)
			fb_sb_add(&b[0], "\n");
		sqlite3_reset(s);
	}
	fb_sb_add(&b[0], _("Kinds of enterprise covered: "));
	kinds_text(st, FB_CAT_ENTERPRISE, f->enterprise_kinds, 1, &b[0]);
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
		fb_sb_addf(&b[1], _("%d workers visited. Kinds of worker covered: "), f->workers);
		kinds_text(st, FB_CAT_WORKER, f->worker_kinds, 1, &b[1]);
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

/* ---- compile, edit, submit ---- */

/* The latest revision of (group, kind, period_start); 0 if none. */
static fb_status latest_id(fb_store *st, int64_t group_id, fb_report_kind kind, const char *start,
                           int64_t *id, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
	    st, "SELECT id FROM reports WHERE group_id = ?1 AND kind = ?2 AND period_start = ?3"
	        " AND deleted = 0 ORDER BY revision_no DESC, id DESC LIMIT 1", err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, group_id);
	sqlite3_bind_text(s, 2, fb_report_kind_code(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, start, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? FB_OK : fb_store_dberr(st, err);
}

/* The group's leader (the report's author), 0 if none. */
static int64_t group_leader(fb_store *st, int64_t group_id)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT id FROM people WHERE group_id = ?1 AND"
	                                    " role = 'leader' AND deleted = 0 ORDER BY id LIMIT 1",
	                                NULL);
	int64_t id = 0;
	if (!s)
		return 0;
	sqlite3_bind_int64(s, 1, group_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return id;
}

/* Compute and encode a period's figures. *text: caller frees. */
static fb_status figures_text(fb_store *st, int64_t group_id, const fb_period *p,
                              fb_report_figures *f, char **text, fb_error *err)
{
	fb_status rc = fb_report_figures_compute(st, group_id, p, f, err);
	if (rc)
		return rc;
	*text = fb_report_figures_encode(f);
	if (!*text) {
		fb_report_figures_free(f);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	return FB_OK;
}

/* ---- pre-filled text kept with a draft (reports.prefill, migration 006) ---- */

#define PREFILL_SEP "\x1e"
#define PREFILL_EDITED "\x1f" /* equal to no section's text (control character) */

/* Remember the text the sections of draft id were pre-filled with; NULL:
 * the section was edited (never regenerated again). */
static fb_status store_prefill(fb_store *st, int64_t id, char *const *sections, fb_error *err)
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
 * section i); 0 when nothing was kept. */
static unsigned unedited_sections(fb_store *st, int64_t id, char *const *sections)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT prefill FROM reports WHERE id = ?1", NULL);
	unsigned mask = 0;
	if (!s)
		return 0;
	sqlite3_bind_int64(s, 1, id);
	const char *p = sqlite3_step(s) == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
	for (int i = 0; p && i < FB_SEC_COUNT; i++) {
		size_t n = strcspn(p, PREFILL_SEP);
		const char *cur = sections[i] ? sections[i] : "";
		if (strlen(cur) == n && !strncmp(cur, p, n))
			mask |= 1u << i;
		p = p[n] ? p + n + 1 : (i + 1 < FB_SEC_COUNT ? NULL : p + n);
	}
	sqlite3_reset(s);
	return mask;
}

/* Make a new draft (revision 1) pre-filled from the logs. */
static fb_status create_draft(fb_store *st, int64_t group_id, fb_report_kind kind,
                              const fb_period *p, int64_t *id, fb_error *err)
{
	fb_report_figures f;
	char *fig = NULL, *sections[FB_SEC_COUNT] = {0};
	fb_status rc = figures_text(st, group_id, p, &f, &fig, err);
	if (rc)
		return rc;
	rc = prefill(st, kind, group_id, p, &f, sections, err);
	if (!rc)
		rc = insert_revision(st, group_id, kind, p, 1, group_leader(st, group_id), sections, fig,
		                     id, err);
	if (!rc)
		rc = store_prefill(st, *id, sections, err);
	for (int i = 0; i < FB_SEC_COUNT; i++)
		free(sections[i]);
	free(fig);
	fb_report_figures_free(&f);
	return rc;
}

/* 1 if two encoded figures agree but for the day they were computed. */
static int same_figures(const char *a, const char *b)
{
	const char *ca = strstr(a, "\ncomputed"), *cb = strstr(b, "\ncomputed");
	const char *ta = strstr(a, "\ntotals"), *tb = strstr(b, "\ntotals");
	if (!ca || !cb || !ta || !tb || ca - a != cb - b)
		return 0;
	return !strncmp(a, b, (size_t)(ca - a)) && !strcmp(ta, tb);
}

/* Bring a draft up to date with the logs: fresh figures (and period end),
 * and the sections the leader has not edited pre-filled again. Written
 * only when something changed. */
static fb_status refresh_draft(fb_store *st, int64_t id, const fb_period *p, fb_error *err)
{
	fb_report r;
	char *old = NULL, *fig = NULL, *fresh[FB_SEC_COUNT] = {0};
	fb_report_figures f = {0};
	fb_status rc = read_row(st, id, &r, &old, err);
	if (rc)
		return rc;
	if (strcmp(r.status, "draft"))
		goto out;
	snprintf(r.period.end, sizeof r.period.end, "%s", p->end);
	if ((rc = figures_text(st, r.group_id, &r.period, &f, &fig, err)))
		goto out;
	int changed = !same_figures(old, fig);
	unsigned unedited = unedited_sections(st, id, r.sections);
	if (unedited) {
		if ((rc = prefill(st, r.kind, r.group_id, &r.period, &f, fresh, err)))
			goto out;
		for (int i = 0; i < FB_SEC_COUNT; i++)
			if (unedited & (1u << i) && strcmp(fresh[i], r.sections[i])) {
				char *t = r.sections[i];
				r.sections[i] = fresh[i];
				fresh[i] = t;
				changed = 1;
			}
	}
	if (!changed)
		goto out;
	sqlite3_stmt *s = fb_store_stmt(st, "UPDATE reports SET period_end = ?1, figures = ?2,"
	                                    " work_done = ?3, research = ?4, problems = ?5,"
	                                    " next_plan = ?6, rev = ?7, origin = ?8, updated_at = ?9"
	                                    " WHERE id = ?10", err);
	if (!s) {
		rc = err ? err->code : FB_EDB;
		goto out;
	}
	sqlite3_bind_text(s, 1, p->end, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, fig, -1, SQLITE_STATIC);
	for (int i = 0; i < FB_SEC_COUNT; i++)
		fb_bind_text(s, 3 + i, r.sections[i]);
	bind_sync(st, s, 7);
	sqlite3_bind_int64(s, 10, id);
	rc = fb_step_done(st, s, err);
	/* the regenerated sections are the new pre-filled text; edited ones stay edited */
	if (!rc && unedited) {
		char *keep[FB_SEC_COUNT];
		for (int i = 0; i < FB_SEC_COUNT; i++)
			keep[i] = unedited & (1u << i) ? r.sections[i] : NULL;
		rc = store_prefill(st, id, keep, err);
	}
out:
	for (int i = 0; i < FB_SEC_COUNT; i++)
		free(fresh[i]);
	fb_report_figures_free(&f);
	free(old);
	free(fig);
	fb_report_free(&r);
	return rc;
}

fb_status fb_report_compile(fb_store *st, int64_t group_id, fb_report_kind kind,
                            const fb_period *p, fb_report *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	/* A report of a period that has not begun would be an empty draft
	 * cluttering the list. */
	char today[11];
	if (strcmp(p->start, fb_date_format(fb_today(), today)) > 0)
		return fb_error_set(err, FB_EINVAL, "period", _("%s has not begun yet (it starts on %s)"),
		                    p->label, p->start);
	int64_t id = 0;
	fb_status rc = fb_store_begin(st, err);
	if (rc)
		return rc;
	rc = latest_id(st, group_id, kind, p->start, &id, err);
	if (!rc && !id)
		rc = create_draft(st, group_id, kind, p, &id, err);
	else if (!rc)
		rc = refresh_draft(st, id, p, err);
	if (!rc)
		rc = fb_store_commit(st, err);
	else
		fb_store_rollback(st);
	if (rc)
		return rc;
	return fb_report_get(st, id, out, err);
}

fb_status fb_report_set_section(fb_store *st, int64_t id, fb_report_section sec, const char *text,
                                int64_t *new_id, fb_error *err)
{
	if ((unsigned)sec >= FB_SEC_COUNT)
		return fb_error_set(err, FB_EINVAL, "section", _("unknown section"));
	fb_status rc = fb_check_text(fb_report_section_code(sec), text, 0, 0, FB_TEXT_MAX_CHARS, err);
	if (rc)
		return rc;
	fb_report r;
	char *old = NULL, *fig = NULL;
	if ((rc = fb_store_begin(st, err)))
		return rc;
	if ((rc = read_row(st, id, &r, &old, err))) {
		fb_store_rollback(st);
		return rc;
	}
	int64_t target = id;
	if (!r.latest) {
		rc = fb_error_set(err, FB_ESTATE, "report",
		                  _("report %lld is an old revision; edit the latest one"),
		                  (long long)id);
	} else if (!strcmp(r.status, "submitted")) {
		/* Frozen: the change goes into a new draft revision. */
		fb_report_figures f;
		rc = figures_text(st, r.group_id, &r.period, &f, &fig, err);
		if (!rc) {
			fb_report_figures_free(&f);
			rc = insert_revision(st, r.group_id, r.kind, &r.period, r.revision_no + 1,
			                     r.author_id, r.sections, fig, &target, err);
		}
	}
	if (!rc) {
		char sql[160];
		snprintf(sql, sizeof sql, "UPDATE reports SET %s = ?1, rev = ?2, origin = ?3,"
		         " updated_at = ?4 WHERE id = ?5 AND status = 'draft'",
		         fb_report_section_code(sec));
		sqlite3_stmt *s = fb_store_stmt(st, sql, err);
		if (!s) {
			rc = err ? err->code : FB_EDB;
		} else {
			fb_bind_text(s, 1, text);
			bind_sync(st, s, 2);
			sqlite3_bind_int64(s, 5, target);
			rc = fb_step_done(st, s, err);
		}
	}
	if (!rc)
		rc = fb_store_commit(st, err);
	else
		fb_store_rollback(st);
	if (!rc && new_id)
		*new_id = target;
	free(old);
	free(fig);
	fb_report_free(&r);
	return rc;
}

fb_status fb_report_submit(fb_store *st, int64_t id, fb_error *err)
{
	fb_report r;
	char *old = NULL, *fig = NULL;
	fb_status rc = fb_store_begin(st, err);
	if (rc)
		return rc;
	if ((rc = read_row(st, id, &r, &old, err))) {
		fb_store_rollback(st);
		return rc;
	}
	if (!r.latest)
		rc = fb_error_set(err, FB_ESTATE, "report",
		                  _("report %lld is an old revision; submit the latest one"),
		                  (long long)id);
	else if (strcmp(r.status, "draft"))
		rc = fb_error_set(err, FB_ESTATE, "report", _("report %lld was already submitted on %s"),
		                  (long long)id, r.submitted_at);
	fb_report_figures f;
	if (!rc && !(rc = figures_text(st, r.group_id, &r.period, &f, &fig, err))) {
		fb_report_figures_free(&f);
		sqlite3_stmt *s = fb_store_stmt(
		    st, "UPDATE reports SET status = 'submitted', submitted_at = ?1, figures = ?2,"
		        " rev = ?3, origin = ?4, updated_at = ?5 WHERE id = ?6", err);
		if (!s) {
			rc = err ? err->code : FB_EDB;
		} else {
			char now[21];
			sqlite3_bind_text(s, 1, fb_now_iso(now), -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 2, fig, -1, SQLITE_STATIC);
			bind_sync(st, s, 3);
			sqlite3_bind_int64(s, 6, id);
			rc = fb_step_done(st, s, err);
		}
	}
	if (!rc)
		rc = fb_store_commit(st, err);
	else
		fb_store_rollback(st);
	free(old);
	free(fig);
	fb_report_free(&r);
	return rc;
}

/* ---- rendering ---- */

/* "2026-W47 (2026-11-16 to 2026-11-22)" */
static void period_text(const fb_report *r, fb_sb *b)
{
	if (r->kind == FB_REPORT_STAGE)
		fb_sb_addf(b, _("%s to %s"), r->period.start, r->period.end);
	else
		fb_sb_addf(b, _("%s (%s to %s)"), r->period.label, r->period.start, r->period.end);
}

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
		char n[7][16];
		int v[] = {m ? m->days_logged : f->days_logged, m ? m->days_due : f->days_due,
		           m ? m->days_missing : f->days_missing, m ? m->logs : f->logs,
		           m ? m->enterprises : f->enterprises, m ? m->workers : f->workers,
		           m ? m->households : f->households};
		for (int k = 0; k < 7; k++)
			snprintf(n[k], sizeof n[k], "%d", v[k]);
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

/* "Kinds of enterprise covered (6/8): label 3, label 1, ...", then the kinds
 * not yet covered. counts[bit]: logs that met the kind. */
static void kinds_line(fb_store *st, fb_sb *b, fb_report_format fmt, const char *kind,
                       uint32_t mask, const int *counts, const char *covered_label)
{
	fb_category cats[32];
	int n = fb_category_list(st, kind, cats, 32), first = 1;
	fb_sb_addf(b, "%s%s (%d/%d): ", fmt == FB_RFMT_MARKDOWN ? "- " : "", covered_label,
	           fb_bits(mask), count_kinds(st, kind));
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
	kinds_text(st, kind, mask, 0, b);
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
	fb_sb_addf(&title, "%s · %s · ", kind_title(r->kind), r->group_name);
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

/* ---- lists ---- */

int fb_report_page(fb_store *st, const fb_report_filter *f, fb_page_dir dir,
                   const fb_cursor *from, fb_report_row *rows, int max, fb_error *err)
{
	char cond[96], order[96], sql[1024];
	int reverse;
	if (max > FB_PAGE_MAX)
		max = FB_PAGE_MAX;
	fb_page_sql("r.period_start", "r.id", 0, dir, cond, sizeof cond, order, sizeof order,
	            &reverse);
	snprintf(sql, sizeof sql,
	         "SELECT r.id, r.group_id, g.name, r.kind, r.period_start, r.period_end,"
	         " r.period_label, r.revision_no, r.status, IFNULL(r.submitted_at, ''), r.updated_at"
	         " FROM reports r JOIN work_groups g ON g.id = r.group_id WHERE r.deleted = 0"
	         " AND (?3 = 0 OR r.group_id = ?3) AND (?4 IS NULL OR r.kind = ?4)"
	         " AND (?5 IS NULL OR r.period_start = ?5)%s%s%s ORDER BY %s LIMIT %d",
	         f && f->all_revisions ? ""
	                               : " AND NOT EXISTS (SELECT 1 FROM reports n WHERE"
	                                 " n.group_id = r.group_id AND n.kind = r.kind AND"
	                                 " n.period_start = r.period_start AND"
	                                 " n.revision_no > r.revision_no AND n.deleted = 0)",
	         *cond ? " AND " : "", cond, order, max);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	if (*cond && from) {
		sqlite3_bind_text(s, 1, from->key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, from->id);
	}
	sqlite3_bind_int64(s, 3, f ? f->group_id : 0);
	if (f && f->kind)
		sqlite3_bind_text(s, 4, f->kind, -1, SQLITE_TRANSIENT);
	if (f && f->period_start)
		sqlite3_bind_text(s, 5, f->period_start, -1, SQLITE_TRANSIENT);
	int n = 0, rc = SQLITE_DONE;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		fb_report_row *r = &rows[n++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(s, 0);
		r->group_id = sqlite3_column_int64(s, 1);
		fb_col_copy(s, 2, r->group_name, sizeof r->group_name);
		fb_col_copy(s, 3, r->kind, sizeof r->kind);
		fb_col_copy(s, 4, r->period_start, sizeof r->period_start);
		fb_col_copy(s, 5, r->period_end, sizeof r->period_end);
		fb_col_copy(s, 6, r->label, sizeof r->label);
		r->revision_no = sqlite3_column_int(s, 7);
		fb_col_copy(s, 8, r->status, sizeof r->status);
		fb_col_copy(s, 9, r->submitted_at, sizeof r->submitted_at);
		fb_col_copy(s, 10, r->updated_at, sizeof r->updated_at);
	}
	if (n < max && rc != SQLITE_DONE) {
		sqlite3_reset(s);
		fb_store_dberr(st, err);
		return -1;
	}
	sqlite3_reset(s);
	if (reverse)
		for (int i = 0, j = n - 1; i < j; i++, j--) {
			fb_report_row tmp = rows[i];
			rows[i] = rows[j];
			rows[j] = tmp;
		}
	return n;
}

void fb_report_row_cursor(const fb_report_row *row, fb_cursor *c)
{
	snprintf(c->key, sizeof c->key, "%s", row->period_start);
	c->id = row->id;
}
