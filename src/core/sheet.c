/* sheet.c - contact record sheets (sheet.h): validation, saving, filing,
 * and the problem on a sheet turned into a ticket in one step. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/perm.h"
#include "fieldbook/seal.h"
#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "fieldbook/sheet.h"
#include "fieldbook/text.h"
#include "fieldbook/ticket.h"
#include "internal.h"

fb_status fb_sheet_validate(fb_store *st, const fb_sheet *s, fb_error *err)
{
	fb_status rc;
	if ((rc = fb_check(st, FB_L_SHEETS_DATE, s->date, err)) ||
	    (rc = fb_check(st, FB_L_SHEETS_MODE, s->mode[0] ? s->mode : "on_site", err)) ||
	    (rc = fb_check(st, FB_L_SHEETS_MET_WITH, s->met_with, err)) ||
	    (rc = fb_check(st, FB_L_SHEETS_CONTENT, s->content, err)) ||
	    (rc = fb_check(st, FB_L_SHEETS_OPINIONS, s->opinions, err)) ||
	    (rc = fb_check(st, FB_L_SHEETS_PROBLEM, s->problem, err)) ||
	    (rc = fb_check_num(st, FB_L_SHEETS_BEYOND, s->beyond, err)) ||
	    (rc = fb_check(st, FB_L_SHEETS_HANDED_TO, s->handed_to, err)) ||
	    (rc = fb_check(st, FB_L_SHEETS_FEEDBACK, s->feedback, err)))
		return rc;
	if (s->beyond && fb_text_blank(s->problem))
		return fb_error_set(
			err, FB_EINVAL, "problem",
			_("a problem beyond the cadre's authority must be written down"));
	if (s->beyond && fb_text_blank(s->handed_to))
		return fb_error_set(
			err, FB_EINVAL, "handed_to",
			_("a problem beyond the cadre's authority is handed over: name the "
		          "department"));
	int64_t group = 0;
	if ((rc = fb_check_person_ref(st, "author", s->author_id, s->rev, &group, NULL, err)))
		return rc;
	if (group <= 0)
		return fb_error_set(err, FB_EINVAL, "author", _("belongs to no work group"));
	sqlite3_stmt *q =
		fb_store_stmt(st,
	                      "SELECT (SELECT group_id FROM units WHERE id = ?1 AND deleted = 0),"
	                      " (SELECT author_id FROM logs WHERE id = ?2 AND deleted = 0)",
	                      err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, s->unit_id);
	sqlite3_bind_int64(q, 2, s->log_id);
	int row = fb_store_step(st, q, err);
	int64_t ugroup = row > 0 ? sqlite3_column_int64(q, 0) : 0;
	int64_t lauthor = row > 0 ? sqlite3_column_int64(q, 1) : 0;
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (ugroup != group)
		return fb_error_set(err, FB_EINVAL, "unit", _("no unit with id %lld in the group"),
		                    (long long)s->unit_id);
	if (s->log_id > 0 && lauthor != s->author_id)
		return fb_error_set(err, FB_EINVAL, "log",
		                    _("no daily log with id %lld by the author"),
		                    (long long)s->log_id);
	return FB_OK;
}

/* Whether sheet id is filed: 1, 0, or -1 when there is no such sheet (or
 * an error: err says). */
static int filed(fb_store *st, int64_t id, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(
		st, "SELECT filed_by IS NOT NULL FROM contact_sheets WHERE id = ?1 AND deleted = 0",
		err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int row = fb_store_step(st, q, err);
	int f = row > 0 ? sqlite3_column_int(q, 0) : -1;
	sqlite3_reset(q);
	if (row == 0)
		fb_error_set(err, FB_ENOTFOUND, "id", _("no contact record sheet with id %lld"),
		             (long long)id);
	return f;
}

fb_status fb_sheet_save(fb_store *st, fb_sheet *s, fb_error *err)
{
	if (!s->mode[0])
		snprintf(s->mode, sizeof s->mode, "on_site");
	fb_status rc = fb_sheet_validate(st, s, err);
	if (rc)
		return rc;
	if (s->id) {
		int f = filed(st, s->id, err);
		if (f < 0)
			return fb_stmt_failed(err);
		if (f)
			return fb_error_set(err, FB_ESTATE, "id",
			                    _("sheet %lld is filed: it is kept as it was"),
			                    (long long)s->id);
	}
	int64_t group = 0;
	if ((rc = fb_check_person_ref(st, "author", s->author_id, s->rev, &group, NULL, err)))
		return rc;
	s->group_id = group;
	fb_perm_on on = {.group_id = group, .owner = s->author_id};
	if ((rc = fb_perm_check(st, FB_ACT_SHEET_WRITE, &on, err)) ||
	    (s->id && (rc = fb_perm_check_row(st, FB_ACT_SHEET_WRITE, "contact_sheets", s->id, err)) &&
	     rc != FB_ENOTFOUND))
		return rc;
	rc = FB_OK;
	sqlite3_stmt *q;
	if (s->id)
		q = fb_store_stmt(st,
		                  "UPDATE contact_sheets SET unit_id = ?2, author_id = ?3, log_id "
		                  "= ?4, date = ?5, "
		                  "mode = ?6, met_with = ?7, content = ?8, opinions = ?9, problem "
		                  "= ?10, beyond = ?11, "
		                  "handed_to = ?12, feedback = ?13, origin = ?14, rev = ?15, "
		                  "updated_at = ?16, "
		                  "group_id = ?17 WHERE id = ?18 AND deleted = 0",
		                  err);
	else
		q = fb_store_stmt(st,
		                  "INSERT INTO contact_sheets (uuid, unit_id, author_id, log_id, "
		                  "date, mode, met_with, "
		                  "content, opinions, problem, beyond, handed_to, feedback, "
		                  "origin, rev, updated_at, "
		                  "group_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		                  "?12, ?13, ?14, ?15, "
		                  "?16, ?17)",
		                  err);
	if (!q)
		return fb_stmt_failed(err);
	char *met_with; /* sealed (seal.h) */
	if ((rc = fb_seal_text(st, "contact_sheets.met_with", "met_with", s->met_with, &met_with,
	                       err)))
		return rc;
	if ((!s->id && (rc = fb_new_uuid(s->uuid, err))) || (rc = fb_store_begin(st, err))) {
		free(met_with);
		return rc;
	}
	fb_hist_snap before = {0};
	if (s->id && (rc = fb_hist_take(st, "contact_sheets", s->id, &before, err))) {
		fb_store_rollback(st);
		free(met_with);
		return rc;
	}
	char now[21];
	s->rev = fb_store_next_rev(st);
	if (!s->id)
		fb_bind_text(q, 1, s->uuid);
	sqlite3_bind_int64(q, 2, s->unit_id);
	sqlite3_bind_int64(q, 3, s->author_id);
	fb_bind_opt_id(q, 4, s->log_id);
	fb_bind_text(q, 5, s->date);
	fb_bind_text(q, 6, s->mode);
	fb_bind_text(q, 7, met_with);
	fb_bind_text(q, 8, s->content);
	fb_bind_text(q, 9, s->opinions);
	fb_bind_text(q, 10, s->problem);
	sqlite3_bind_int(q, 11, s->beyond);
	fb_bind_text(q, 12, s->handed_to);
	fb_bind_text(q, 13, s->feedback);
	fb_bind_text(q, 14, fb_store_device(st));
	sqlite3_bind_int64(q, 15, s->rev);
	sqlite3_bind_text(q, 16, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 17, s->group_id);
	if (s->id)
		sqlite3_bind_int64(q, 18, s->id);
	rc = fb_step_done(st, q, err);
	free(met_with);
	return fb_hist_save_end(st, "contact_sheets", &s->id, &before, rc, err);
}

fb_status fb_sheet_get(fb_store *st, int64_t id, fb_sheet *out, fb_error *err)
{
	fb_status rc;
	sqlite3_stmt *q = fb_store_by_id(
		st,
		"SELECT s.id, s.uuid, s.group_id, s.unit_id, s.author_id, coalesce(s.log_id, 0), "
		"s.date, "
		"s.mode, s.met_with, s.content, s.opinions, s.problem, s.beyond, s.handed_to, "
		"s.feedback, coalesce(s.ticket_id, 0), coalesce(s.filed_by, 0), "
		"coalesce(s.filed_on, ''), "
		"s.rev, a.name, u.name, coalesce(f.name, '') FROM contact_sheets s "
		"JOIN people a ON a.id = s.author_id JOIN units u ON u.id = s.unit_id "
		"LEFT JOIN people f ON f.id = s.filed_by WHERE s.id = ?1 AND s.deleted = 0",
		id, &rc, err);
	memset(out, 0, sizeof *out);
	if (!q)
		return rc == FB_ENOTFOUND ? fb_error_set(err, rc, "id",
		                                         _("no contact record sheet with id %lld"),
		                                         (long long)id)
		                          : rc;
	rc = FB_OK;
	out->id = sqlite3_column_int64(q, 0);
	fb_col_copy(q, 1, out->uuid, sizeof out->uuid);
	out->group_id = sqlite3_column_int64(q, 2);
	out->unit_id = sqlite3_column_int64(q, 3);
	out->author_id = sqlite3_column_int64(q, 4);
	out->log_id = sqlite3_column_int64(q, 5);
	fb_col_copy(q, 6, out->date, sizeof out->date);
	fb_col_copy(q, 7, out->mode, sizeof out->mode);
	char **text[] = {&out->met_with, &out->content, &out->opinions, &out->problem};
	for (int i = 0; i < 4; i++)
		*text[i] = fb_col_dup(q, 8 + i);
	out->beyond = sqlite3_column_int(q, 12);
	out->handed_to = fb_col_dup(q, 13);
	out->feedback = fb_col_dup(q, 14);
	out->ticket_id = sqlite3_column_int64(q, 15);
	out->filed_by = sqlite3_column_int64(q, 16);
	fb_col_copy(q, 17, out->filed_on, sizeof out->filed_on);
	out->rev = sqlite3_column_int64(q, 18);
	out->author_name = fb_col_dup(q, 19);
	out->unit_name = fb_col_dup(q, 20);
	out->filed_by_name = fb_col_dup(q, 21);
	if (!out->met_with || !out->content || !out->opinions || !out->problem || !out->handed_to ||
	    !out->feedback || !out->author_name || !out->unit_name || !out->filed_by_name ||
	    fb_seal_reveal_field(st, "contact_sheets.met_with", &out->met_with, err))
		rc = fb_error_set(err, FB_ENOMEM, "", _("out of memory"));
	sqlite3_reset(q);
	if (rc)
		fb_sheet_free(out);
	return rc;
}

void fb_sheet_free(fb_sheet *s)
{
	char **f[] = {&s->met_with, &s->content,     &s->opinions,  &s->problem,      &s->handed_to,
	              &s->feedback, &s->author_name, &s->unit_name, &s->filed_by_name};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

fb_status fb_sheet_file(fb_store *st, int64_t id, int64_t leader_id, const char *date, fb_error *err)
{
	fb_sheet s;
	fb_status rc = fb_sheet_get(st, id, &s, err);
	if (rc)
		return rc;
	int64_t group = s.group_id, filed_by = s.filed_by;
	fb_sheet_free(&s);
	fb_perm_on on = {.group_id = group};
	if ((rc = fb_perm_check(st, FB_ACT_SHEET_FILE, &on, err)))
		return rc;
	if (filed_by)
		return fb_error_set(err, FB_ESTATE, "id", _("sheet %lld is filed already"),
		                    (long long)id);
	char today[11];
	if (!date)
		date = fb_date_format(fb_today(), today);
	if ((rc = fb_check(st, FB_L_SHEETS_FILED_ON, date, err)))
		return rc;
	fb_person p = {0};
	if ((rc = fb_person_get(st, leader_id, &p, err)))
		return rc;
	int ok = p.role &&
	         (!strcmp(p.role, "hq") || (!strcmp(p.role, "leader") && p.group_id == group));
	fb_person_free(&p);
	if (!ok)
		return fb_error_set(err, FB_EINVAL, "by",
		                    _("a sheet is filed by the group leader or headquarters"));
	sqlite3_stmt *q = fb_store_stmt(
		st,
		"UPDATE contact_sheets SET filed_by = ?2, filed_on = ?3, origin = ?4, rev = ?5, "
		"updated_at = ?6 WHERE id = ?1 AND deleted = 0",
		err);
	if (!q)
		return fb_stmt_failed(err);
	if ((rc = fb_store_begin(st, err)))
		return rc;
	fb_hist_snap before = {0};
	if ((rc = fb_hist_take(st, "contact_sheets", id, &before, err))) {
		fb_store_rollback(st);
		return rc;
	}
	char now[21];
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_int64(q, 2, leader_id);
	fb_bind_text(q, 3, date);
	fb_bind_text(q, 4, fb_store_device(st));
	sqlite3_bind_int64(q, 5, fb_store_next_rev(st));
	sqlite3_bind_text(q, 6, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	rc = fb_step_done(st, q, err);
	return fb_hist_save_end(st, "contact_sheets", &id, &before, rc, err);
}

/* Point the sheet at its ticket (?1 sheet, ?2 ticket); the trigger of
 * migration 013 points the ticket back. */
static fb_status cross_link(fb_store *st, int64_t sheet, int64_t ticket, fb_error *err)
{
	static const char *const sql[] = {
		"UPDATE contact_sheets SET ticket_id = ?2, origin = ?3, rev = ?4, updated_at = ?5 "
		"WHERE id = ?1"};
	char now[21];
	fb_now_iso(now);
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *q = fb_store_stmt(st, sql[i], err);
		if (!q)
			return fb_stmt_failed(err);
		sqlite3_bind_int64(q, 1, sheet);
		sqlite3_bind_int64(q, 2, ticket);
		fb_bind_text(q, 3, fb_store_device(st));
		sqlite3_bind_int64(q, 4, fb_store_next_rev(st));
		sqlite3_bind_text(q, 5, now, -1, SQLITE_TRANSIENT);
		fb_status rc = fb_step_done(st, q, err);
		if (rc)
			return rc;
	}
	return FB_OK;
}

fb_status fb_sheet_to_ticket(fb_store *st, int64_t id, int64_t by, const char *category,
                             const char *routing, int64_t *ticket_id, fb_error *err)
{
	fb_sheet s;
	fb_status rc = fb_sheet_get(st, id, &s, err);
	if (rc)
		return rc;
	if (fb_text_blank(s.problem))
		rc = fb_error_set(err, FB_ESTATE, "problem", _("sheet %lld names no problem"),
		                  (long long)id);
	else if (s.ticket_id)
		rc = fb_error_set(err, FB_ESTATE, "id", _("the problem of sheet %lld is ticket %lld"),
		                  (long long)id, (long long)s.ticket_id);
	if (rc) {
		fb_sheet_free(&s);
		return rc;
	}
	/* the title: the unit and the start of the problem, one line */
	char title[320], start[200];
	fb_text_cut(s.problem, 60, start, sizeof start);
	for (char *p = start; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	snprintf(title, sizeof title, "%s：%s", s.unit_name, start);
	char cut[320];
	fb_text_cut(title, 100, cut, sizeof cut);
	fb_ticket t = {0};
	t.log_id = s.log_id;
	t.opened_by = by;
	t.opened_on = s.date;
	t.title = cut;
	t.description = s.problem;
	t.unit = s.unit_name;
	t.raised_by = s.met_with;
	t.category = (char *)category;
	t.routing = (char *)routing;
	if ((rc = fb_store_begin(st, err))) {
		fb_sheet_free(&s);
		return rc;
	}
	rc = fb_ticket_insert(st, &t, err);
	if (!rc && s.beyond) {
		fb_ticket_event ev = {0};
		ev.ticket_id = t.id;
		ev.kind = "hand_over";
		ev.actor_id = by;
		ev.dept = s.handed_to;
		ev.body = _("handed over as marked on the contact record sheet");
		rc = fb_ticket_event_add(st, &ev, err);
	}
	if (!rc)
		rc = cross_link(st, id, t.id, err);
	fb_sheet_free(&s);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	if ((rc = fb_store_commit(st, err)))
		return rc;
	if (ticket_id)
		*ticket_id = t.id;
	return FB_OK;
}

/* One row of a sheet list. */
static void read_row(sqlite3_stmt *q, void *row)
{
	fb_sheet_row *r = row;
	r->id = sqlite3_column_int64(q, 0);
	fb_col_copy(q, 1, r->date, sizeof r->date);
	fb_col_copy(q, 2, r->author, sizeof r->author);
	fb_col_copy(q, 3, r->unit, sizeof r->unit);
	fb_col_copy(q, 4, r->mode, sizeof r->mode);
	r->ticket_id = sqlite3_column_int64(q, 5);
	r->filed = sqlite3_column_int(q, 6);
	fb_col_copy(q, 7, r->problem, sizeof r->problem);
}

int fb_sheet_page(fb_store *st, const fb_sheet_filter *f, fb_page_dir dir, const fb_cursor *from,
                  fb_sheet_row *rows, int max, fb_error *err)
{
	static const fb_sheet_filter none = {0};
	if (!f)
		f = &none;
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[128], order[96], sql[1536];
	int reverse;
	fb_page_sql("s.date", "s.id", 0, dir, cond, sizeof cond, order, sizeof order, &reverse);
	/* ?1 ?2 cursor, ?3 group, ?4 unit, ?5 author, ?6 limit */
	snprintf(sql, sizeof sql,
	         "SELECT s.id, s.date, a.name, u.name, s.mode, coalesce(s.ticket_id, 0), "
	         "s.filed_by IS NOT NULL, substr(s.problem, 1, 80) FROM contact_sheets s "
	         "JOIN people a ON a.id = s.author_id JOIN units u ON u.id = s.unit_id "
	         "WHERE s.deleted = 0%s%s%s%s%s%s ORDER BY %s LIMIT ?6",
	         cond[0] ? " AND " : "", cond, f->group_id ? " AND s.group_id = ?3" : "",
	         f->unit_id ? " AND s.unit_id = ?4" : "", f->author_id ? " AND s.author_id = ?5" : "",
	         f->unfiled_only ? " AND s.filed_by IS NULL" : "", order);
	sqlite3_stmt *q = fb_store_stmt(st, sql, err);
	if (!q)
		return -1;
	fb_page_bind_cursor(q, cond, from);
	if (f->group_id)
		sqlite3_bind_int64(q, 3, f->group_id);
	if (f->unit_id)
		sqlite3_bind_int64(q, 4, f->unit_id);
	if (f->author_id)
		sqlite3_bind_int64(q, 5, f->author_id);
	return fb_page_run(st, q, 6, rows, sizeof *rows, max, reverse, read_row, err);
}

void fb_sheet_row_cursor(const fb_sheet_row *row, fb_cursor *c)
{
	snprintf(c->key, sizeof c->key, "%s", row->date);
	c->id = row->id;
}
