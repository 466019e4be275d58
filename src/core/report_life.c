/* report_life.c - a report's life cycle: compiling a draft (created or
 * brought up to date), editing a section (a submitted report gets a new
 * draft revision), submitting (figures frozen). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "fieldbook/perm.h"
#include "internal.h"
#include "report_impl.h"
#include "report_text.h"

/* Make a new draft (revision 1) pre-filled from the logs. */
static fb_status create_draft(fb_store *st, int64_t group_id, fb_report_kind kind,
                              const fb_period *p, int64_t *id, fb_error *err)
{
	fb_report_figures f;
	char *fig = NULL, *sections[FB_SEC_COUNT] = {0};
	fb_status rc = fb_report_figures_text(st, group_id, p, &f, &fig, err);
	if (rc)
		return rc;
	int64_t leader = 0;
	rc = fb_report_prefill(st, kind, group_id, p, &f, sections, err);
	if (!rc)
		rc = fb_group_leader(st, group_id, &leader, err);
	if (!rc)
		rc = fb_report_insert_revision(st, group_id, kind, p, 1, leader, sections, fig, id,
		                               err);
	if (!rc)
		rc = fb_report_store_prefill(st, *id, sections, err);
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
	fb_status rc = fb_report_read_row(st, id, &r, &old, err);
	if (rc)
		return rc;
	if (strcmp(r.status, "draft"))
		goto out;
	snprintf(r.period.end, sizeof r.period.end, "%s", p->end);
	if ((rc = fb_report_figures_text(st, r.group_id, &r.period, &f, &fig, err)))
		goto out;
	int changed = !same_figures(old, fig);
	unsigned unedited;
	if ((rc = fb_report_unedited(st, id, r.sections, &unedited, err)))
		goto out;
	if (unedited) {
		if ((rc = fb_report_prefill(st, r.kind, r.group_id, &r.period, &f, fresh, err)))
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
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "UPDATE reports SET period_end = ?1, figures = ?2,"
	                                " work_done = ?3, research = ?4, problems = ?5,"
	                                " next_plan = ?6, rev = ?7, origin = ?8, updated_at = ?9"
	                                " WHERE id = ?10",
	                                err);
	if (!s) {
		rc = err ? err->code : FB_EDB;
		goto out;
	}
	sqlite3_bind_text(s, 1, p->end, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, fig, -1, SQLITE_STATIC);
	for (int i = 0; i < FB_SEC_COUNT; i++)
		fb_bind_text(s, 3 + i, r.sections[i]);
	fb_bind_sync(st, s, 8, 7, 9);
	sqlite3_bind_int64(s, 10, id);
	fb_hist_snap before;
	if ((rc = fb_hist_take(st, "reports", id, &before, err))) {
		sqlite3_reset(s);
		goto out;
	}
	rc = fb_step_done(st, s, err);
	if (!rc)
		rc = fb_hist_changes(st, &before, err);
	fb_hist_snap_free(&before);
	/* the regenerated sections are the new pre-filled text; edited ones stay edited */
	if (!rc && unedited) {
		char *keep[FB_SEC_COUNT];
		for (int i = 0; i < FB_SEC_COUNT; i++)
			keep[i] = unedited & (1u << i) ? r.sections[i] : NULL;
		rc = fb_report_store_prefill(st, id, keep, err);
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

fb_status fb_report_compile(fb_store *st, int64_t group_id, fb_report_kind kind, const fb_period *p,
                            fb_report *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	/* A report of a period that has not begun would be an empty draft
	 * cluttering the list. */
	char today[11];
	if (strcmp(p->start, fb_date_format(fb_today(), today)) > 0)
		return fb_error_set(err, FB_EINVAL, "period",
		                    _("%s has not begun yet (it starts on %s)"), p->label, p->start);
	int64_t id = 0;
	fb_perm_on on = {.group_id = group_id};
	fb_status rc = fb_perm_check(st, FB_ACT_REPORT_WRITE, &on, err);
	if (rc || (rc = fb_store_begin(st, err)))
		return rc;
	rc = fb_report_latest_id(st, group_id, kind, p->start, &id, err);
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
	fb_status rc = fb_check(st, FB_L_REPORTS_WORK_DONE + (int)sec, text, err);
	if (rc)
		return rc;
	fb_report r;
	char *old = NULL, *fig = NULL;
	if ((rc = fb_store_begin(st, err)))
		return rc;
	if ((rc = fb_report_read_row(st, id, &r, &old, err))) {
		fb_store_rollback(st);
		return rc;
	}
	int64_t target = id;
	fb_perm_on on = {.group_id = r.group_id};
	if ((rc = fb_perm_check(st, FB_ACT_REPORT_WRITE, &on, err))) {
		/* refused: nothing to do */
	} else if (!r.latest) {
		rc = fb_error_set(err, FB_ESTATE, "report",
		                  _("report %lld is an old revision; edit the latest one"),
		                  (long long)id);
	} else if (!strcmp(r.status, "submitted")) {
		/* Frozen: the change goes into a new draft revision. */
		fb_report_figures f;
		rc = fb_report_figures_text(st, r.group_id, &r.period, &f, &fig, err);
		if (!rc) {
			fb_report_figures_free(&f);
			rc = fb_report_insert_revision(st, r.group_id, r.kind, &r.period,
			                               r.revision_no + 1, r.author_id, r.sections,
			                               fig, &target, err);
		}
	}
	if (!rc) {
		char sql[160];
		snprintf(sql, sizeof sql,
		         "UPDATE reports SET %s = ?1, rev = ?2, origin = ?3,"
		         " updated_at = ?4 WHERE id = ?5 AND status = 'draft'",
		         fb_report_section_code(sec));
		sqlite3_stmt *s = fb_store_stmt(st, sql, err);
		if (!s) {
			rc = err ? err->code : FB_EDB;
		} else {
			fb_hist_snap before;
			if (!(rc = fb_hist_take(st, "reports", target, &before, err))) {
				fb_bind_text(s, 1, text);
				fb_bind_sync(st, s, 3, 2, 4);
				sqlite3_bind_int64(s, 5, target);
				rc = fb_step_done(st, s, err);
				if (!rc)
					rc = fb_hist_changes(st, &before, err);
				fb_hist_snap_free(&before);
			}
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

/* May the person signed in submit r: the refusal names the report's kind. */
static fb_status submit_check(fb_store *st, const fb_report *r, fb_error *err)
{
	fb_perm_on on = {.group_id = r->group_id,
	                 .what = r->kind == FB_REPORT_WEEKLY ? _("submit the weekly report")
	                         : r->kind == FB_REPORT_MONTHLY
	                                 ? _("submit the monthly exchange minutes")
	                                 : _("submit the stage summary")};
	return fb_perm_check(st, FB_ACT_REPORT_SUBMIT, &on, err);
}

fb_status fb_report_submit_allowed(fb_store *st, int64_t id, fb_error *why)
{
	fb_report r;
	fb_status rc = fb_report_get(st, id, &r, why);
	if (rc)
		return rc;
	rc = submit_check(st, &r, why);
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
	if ((rc = fb_report_read_row(st, id, &r, &old, err))) {
		fb_store_rollback(st);
		return rc;
	}
	if ((rc = submit_check(st, &r, err)))
		; /* refused */
	else if (!r.latest)
		rc = fb_error_set(err, FB_ESTATE, "report",
		                  _("report %lld is an old revision; submit the latest one"),
		                  (long long)id);
	else if (strcmp(r.status, "draft"))
		rc = fb_error_set(err, FB_ESTATE, "report",
		                  _("report %lld was already submitted on %s"), (long long)id,
		                  r.submitted_at);
	fb_report_figures f;
	if (!rc && !(rc = fb_report_figures_text(st, r.group_id, &r.period, &f, &fig, err))) {
		fb_report_figures_free(&f);
		sqlite3_stmt *s = fb_store_stmt(
			st,
			"UPDATE reports SET status = 'submitted', submitted_at = ?1, figures = ?2,"
			" rev = ?3, origin = ?4, updated_at = ?5 WHERE id = ?6",
			err);
		if (!s) {
			rc = err ? err->code : FB_EDB;
		} else {
			char now[21];
			fb_hist_snap before;
			if (!(rc = fb_hist_take(st, "reports", id, &before, err))) {
				sqlite3_bind_text(s, 1, fb_now_iso(now), -1, SQLITE_TRANSIENT);
				sqlite3_bind_text(s, 2, fig, -1, SQLITE_STATIC);
				fb_bind_sync(st, s, 4, 3, 5);
				sqlite3_bind_int64(s, 6, id);
				rc = fb_step_done(st, s, err);
				if (!rc)
					rc = fb_hist_changes(st, &before, err);
				fb_hist_snap_free(&before);
			}
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
