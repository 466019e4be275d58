/* report_rows.c - report revisions as rows: validation, reading, inserting
 * a revision, the current revision of a period, the figures stored with
 * one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "internal.h"
#include "report_impl.h"
#include "report_text.h"

/* ---- validation ---- */

/* ---- reading and writing rows ---- */

void fb_report_free(fb_report *r)
{
	for (int i = 0; i < FB_SEC_COUNT; i++) {
		free(r->sections[i]);
		r->sections[i] = NULL;
	}
	fb_report_figures_free(&r->figures);
}

#define REPORT_COLS                                                                                \
	"r.id, r.uuid, r.group_id, g.name, r.kind, r.period_start, r.period_end, r.period_label,"  \
	" r.revision_no, r.status, IFNULL(r.author_id, 0), r.work_done, r.research, r.problems,"   \
	" r.next_plan, r.figures, IFNULL(r.submitted_at, ''), r.updated_at, r.rev,"                \
	" NOT EXISTS (SELECT 1 FROM reports n WHERE n.group_id = r.group_id AND n.kind = r.kind"   \
	"  AND n.period_start = r.period_start AND n.revision_no > r.revision_no AND n.deleted = " \
	"0)"

/* Read one row; *figures_text gets the stored figures (caller frees). */
fb_status fb_report_read_row(fb_store *st, int64_t id, fb_report *r, char **figures_text,
                             fb_error *err)
{
	memset(r, 0, sizeof *r);
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT " REPORT_COLS " FROM reports r"
	                                " JOIN work_groups g ON g.id = r.group_id"
	                                " WHERE r.id = ?1 AND r.deleted = 0",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, id);
	int rc = fb_store_step(st, s, err);
	if (rc != 1) {
		sqlite3_reset(s);
		if (rc < 0)
			return fb_stmt_failed(err);
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
	fb_status rc = fb_report_read_row(st, id, out, &fig, err);
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

/* Insert a draft revision; *id gets its rowid. */
fb_status fb_report_insert_revision(fb_store *st, int64_t group_id, fb_report_kind kind,
                                    const fb_period *p, int revision_no, int64_t author_id,
                                    char *const *sections, const char *figures, int64_t *id,
                                    fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"INSERT INTO reports (uuid, group_id, kind, period_start, period_end, period_label,"
		" revision_no, status, author_id, work_done, research, problems, next_plan, "
	        "figures,"
		" rev, origin, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'draft', ?8, ?9, "
	        "?10,"
		" ?11, ?12, ?13, ?14, ?15, ?16)",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	char uuid[37] = "";
	fb_status rc = fb_new_uuid(uuid, err);
	if (rc)
		return rc;
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
	fb_bind_sync(st, s, 15, 14, 16);
	rc = fb_step_done(st, s, err);
	if (!rc) {
		*id = sqlite3_last_insert_rowid(fb_store_db(st));
		rc = fb_hist_note(st, "reports", *id, "insert", err);
	}
	return rc;
}

/* ---- compile, edit, submit ---- */

/* The latest revision of (group, kind, period_start); 0 if none. */
fb_status fb_report_latest_id(fb_store *st, int64_t group_id, fb_report_kind kind,
                              const char *start, int64_t *id, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT id FROM reports WHERE group_id = ?1 AND kind = ?2 AND period_start = ?3"
		" AND deleted = 0 ORDER BY revision_no DESC, id DESC LIMIT 1",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, group_id);
	sqlite3_bind_text(s, 2, fb_report_kind_code(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, start, -1, SQLITE_STATIC);
	int rc = fb_store_step(st, s, err);
	*id = rc > 0 ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* Compute and encode a period's figures. *text: caller frees. */
fb_status fb_report_figures_text(fb_store *st, int64_t group_id, const fb_period *p,
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
