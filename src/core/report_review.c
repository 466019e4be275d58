/* report_review.c - HQ's review of submitted reports (read, comment,
 * accept, return with a reason) and a report's history: its revisions and
 * every review, in time order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/perm.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/review.h"
#include "fieldbook/text.h"
#include "internal.h"

static const char *const decisions[] = {"read", "comment", "accepted", "returned", NULL};

fb_status fb_review_validate(fb_store *st, const fb_review *r, fb_error *err)
{
	int d = -1;
	for (int i = 0; decisions[i]; i++)
		if (!strcmp(r->decision, decisions[i]))
			d = i;
	if (d < 0)
		return fb_error_set(err, FB_EINVAL, "decision",
		                    _("'%s' is not read, comment, accepted or returned"),
		                    r->decision);
	const char *body = r->body ? r->body : "";
	if (!fb_utf8_valid(body, strlen(body)) || fb_utf8_chars(body) > FB_TEXT_MAX_CHARS)
		return fb_error_set(err, FB_EINVAL, "body",
		                    _("the text must be valid UTF-8 of at most %d characters"),
		                    FB_TEXT_MAX_CHARS);
	if ((d == 1 || d == 3) && fb_text_blank(body))
		return fb_error_set(err, FB_EINVAL, "body",
		                    d == 3 ? _("a report is returned with the reason why")
		                           : _("the comment is empty"));
	sqlite3_stmt *s =
		fb_store_stmt(st, "SELECT status FROM reports WHERE id = ?1 AND deleted = 0", err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, r->report_id);
	int row = fb_store_step(st, s, err);
	int submitted = row > 0 && !strcmp((const char *)sqlite3_column_text(s, 0), "submitted");
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return fb_error_set(err, FB_EINVAL, "report", _("no report %lld"),
		                    (long long)r->report_id);
	if (!submitted)
		return fb_error_set(
			err, FB_EINVAL, "report",
			_("report %lld is a draft: only a submitted report is reviewed"),
			(long long)r->report_id);
	if (r->reviewer_id)
		return fb_check_person_ref(st, "reviewer", r->reviewer_id, r->rev, NULL, NULL, err);
	return FB_OK;
}

/* The group, kind and period of a revision (the report all its revisions make). */
#define SAME_JOIN                                                                      \
	"FROM reports o JOIN reports x ON x.group_id = o.group_id AND x.kind = o.kind" \
	" AND x.period_start = o.period_start AND x.deleted = 0"
#define SAME_REPORT SAME_JOIN " WHERE o.id = ?1"

fb_status fb_review_status_of(fb_store *st, int64_t report_id, fb_review_status *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT x.id, x.revision_no " SAME_REPORT
	                                " AND x.status = 'submitted'"
	                                " ORDER BY x.revision_no DESC LIMIT 1",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, report_id);
	int row = fb_store_step(st, s, err);
	if (row > 0) {
		out->revision_id = sqlite3_column_int64(s, 0);
		out->revision_no = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return FB_OK; /* FB_REVIEW_NONE */
	out->state = FB_REVIEW_WAITING;
	s = fb_store_stmt(st,
	                  "SELECT decision, body, at FROM report_reviews WHERE report_id = ?1"
	                  " ORDER BY at, id",
	                  err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, out->revision_id);
	while ((row = fb_store_step(st, s, err)) == 1) {
		const char *d = (const char *)sqlite3_column_text(s, 0);
		int decided = out->state >= FB_REVIEW_ACCEPTED;
		if (!strcmp(d, "accepted") || !strcmp(d, "returned")) {
			/* a decision stands: reading or commenting after it keeps it */
			out->state = !strcmp(d, "accepted") ? FB_REVIEW_ACCEPTED : FB_REVIEW_RETURNED;
			fb_col_copy(s, 2, out->at, sizeof out->at);
			fb_col_copy(s, 1, out->reason, sizeof out->reason);
		} else if (!decided) {
			out->state = FB_REVIEW_READ;
			fb_col_copy(s, 2, out->at, sizeof out->at);
			if (!strcmp(d, "comment"))
				fb_col_copy(s, 1, out->reason, sizeof out->reason);
		}
	}
	sqlite3_reset(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

fb_status fb_review_add(fb_store *st, fb_review *r, fb_error *err)
{
	/* who may review first: someone who may not learns nothing of the
	 * report's state */
	fb_status rc = fb_perm_check_row(st, FB_ACT_REVIEW_WRITE, "reports", r->report_id, err);
	if (rc == FB_ENOTFOUND) /* validate names the report that is not there */
		rc = FB_OK;
	if (rc || (rc = fb_review_validate(st, r, err)))
		return rc;
	fb_review_status now;
	if ((rc = fb_review_status_of(st, r->report_id, &now, err)))
		return rc;
	if (now.revision_id != r->report_id)
		return fb_error_set(err, FB_ESTATE, "report",
		                    _("revision %d was submitted since: review that one"),
		                    now.revision_no);
	int decision = !strcmp(r->decision, "accepted") || !strcmp(r->decision, "returned");
	if (decision && now.state >= FB_REVIEW_ACCEPTED)
		return fb_error_set(err, FB_ESTATE, "decision",
		                    _("the report is %s already (a comment can still be added)"),
		                    fb_review_state_label(now.state));
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "INSERT INTO report_reviews (uuid, report_id, decision, "
	                                "body, reviewer_id, at, origin,"
	                                " rev) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	if ((rc = fb_new_uuid(r->uuid, err)) || (rc = fb_store_begin(st, err)))
		return rc;
	fb_now_iso(r->at);
	r->rev = fb_store_next_rev(st);
	fb_bind_text(s, 1, r->uuid);
	sqlite3_bind_int64(s, 2, r->report_id);
	fb_bind_text(s, 3, r->decision);
	fb_bind_text(s, 4, r->body ? r->body : "");
	fb_bind_opt_id(s, 5, r->reviewer_id);
	fb_bind_text(s, 6, r->at);
	fb_bind_text(s, 7, fb_store_device(st));
	sqlite3_bind_int64(s, 8, r->rev);
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	r->id = sqlite3_last_insert_rowid(fb_store_db(st));
	return fb_store_commit(st, err);
}

const char *fb_review_state_label(fb_review_state s)
{
	switch (s) {
	case FB_REVIEW_NONE: return _("not submitted");
	case FB_REVIEW_WAITING: return _("waiting for review");
	case FB_REVIEW_READ: return _("read at HQ");
	case FB_REVIEW_ACCEPTED: return _("accepted");
	case FB_REVIEW_RETURNED: return _("returned");
	}
	return "";
}

const char *fb_report_event_label(const char *what)
{
	static const struct {
		const char *code, *label;
	} labels[] = {
		{"draft", N_("being revised")}, {"submitted", N_("submitted")},
		{"read", N_("read at HQ")},     {"comment", N_("commented")},
		{"accepted", N_("accepted")},   {"returned", N_("returned for rework")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (!strcmp(what, labels[i].code))
			return _(labels[i].label);
	return what;
}

fb_status fb_report_history(fb_store *st, int64_t report_id, fb_report_event_cb cb, void *ctx,
                            fb_error *err)
{
	/* the revisions (submitted, or a draft being revised) and the reviews
	 * of any of them, merged by time */
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT IFNULL(x.submitted_at, x.updated_at), x.id, x.revision_no,"
		" CASE x.status WHEN 'submitted' THEN 'submitted' ELSE 'draft' END,"
		" IFNULL((SELECT name FROM people WHERE id = x.author_id), ''), '', 0 " SAME_REPORT
		" UNION ALL SELECT v.at, x.id, x.revision_no, v.decision,"
		" IFNULL((SELECT name FROM people WHERE id = v.reviewer_id), ''), v.body, "
		"v.id " SAME_JOIN
		" JOIN report_reviews v ON v.report_id = x.id WHERE o.id = ?1 ORDER BY 1, 3, 7",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, report_id);
	int row;
	while ((row = fb_store_step(st, s, err)) == 1) {
		fb_report_event e = {0};
		fb_col_copy(s, 0, e.at, sizeof e.at);
		e.report_id = sqlite3_column_int64(s, 1);
		e.revision_no = sqlite3_column_int(s, 2);
		fb_col_copy(s, 3, e.what, sizeof e.what);
		fb_col_copy(s, 4, e.who, sizeof e.who);
		e.body = (const char *)sqlite3_column_text(s, 5);
		if (!e.body)
			e.body = "";
		if (cb(&e, ctx))
			break;
	}
	sqlite3_reset(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}
