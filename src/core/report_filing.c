/* report_filing.c - filings: a report written outside fieldbook recorded
 * as filed (for its group or person and period), and the day it was. */
#include <stdio.h>
#include <string.h>

#include "fieldbook/perm.h"
#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "due_impl.h"

fb_status fb_due_filed_state(fb_store *st, fb_due_item *it, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT MIN(filed_on) FROM report_filings WHERE schedule_code = ?1"
		" AND IFNULL(group_id, 0) = ?2 AND IFNULL(person_id, 0) = ?3 AND period_start = ?4"
		" AND deleted = 0",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	fb_bind_text(s, 1, it->code);
	sqlite3_bind_int64(s, 2, it->group_id);
	sqlite3_bind_int64(s, 3, it->person_id);
	sqlite3_bind_text(s, 4, it->period.start, -1, SQLITE_STATIC);
	int rc = fb_store_step(st, s, err);
	if (rc > 0 && sqlite3_column_type(s, 0) != SQLITE_NULL)
		fb_col_copy(s, 0, it->done_on, sizeof it->done_on);
	sqlite3_reset(s);
	return rc < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* Entry e may be filed for the group (0: HQ's own) and person (0: the
 * group's), by `by` (0: nobody named), by the acting person. */
static fb_status check_filer(fb_store *st, const fb_schedule *e, int64_t group_id,
                             int64_t person_id, int64_t by, fb_error *err)
{
	fb_status rc = FB_OK;
	if (*e->report_kind)
		return fb_error_set(
			err, FB_EINVAL, "code",
			_("fieldbook compiles the %s: submit it (fieldbook report submit)"),
			fb_schedule_title(e));
	if (!strcmp(e->writer, "hq") ? group_id != 0
	                             : (rc = fb_check_group_ref(st, "group", group_id, err)))
		return rc ? rc
		          : fb_error_set(err, FB_EINVAL, "group", _("HQ's own report has no group"));
	if (!strcmp(e->writer, "cadre")) {
		int64_t pg = 0;
		if ((rc = fb_check_person_ref(st, "person", person_id, 0, &pg, NULL, err)))
			return rc;
		if (pg != group_id)
			return fb_error_set(err, FB_EINVAL, "person",
			                    _("the person is not in the group"));
	} else if (person_id) {
		return fb_error_set(err, FB_EINVAL, "person",
		                    _("the %s is the group's, not one person's"),
		                    fb_schedule_title(e));
	}
	if (by && (rc = fb_check_person_ref(st, "filed_by", by, 0, NULL, NULL, err)))
		return rc;
	fb_perm_on on = {.group_id = group_id, .owner = person_id};
	if ((rc = fb_perm_check(st, FB_ACT_REPORT_FILE, &on, err)))
		return rc;
	return FB_OK;
}

/* The period of entry e that period_start starts (the group's stay for a
 * stay's report) into *p; FB_EINVAL if it starts none, or if the filing
 * day fds is before it. */
static fb_status filing_period(fb_store *st, const fb_schedule *e, int64_t group_id,
                               const char *period_start, const char *fds, fb_period *p, fb_error *err)
{
	fb_status rc;
	if (!strcmp(e->period, "stay")) {
		if (group_id) {
			if ((rc = fb_period_stage(st, group_id, p, err)))
				return rc;
		} else {
			snprintf(p->start, sizeof p->start, "%s", period_start ? period_start : "");
		}
	} else {
		fb_date d;
		if ((rc = fb_date_parse(period_start, &d, "period", err)))
			return rc;
		fb_due_period_at(e->period, d, p);
	}
	if (!period_start || strcmp(p->start, period_start))
		return fb_error_set(err, FB_EINVAL, "period",
		                    _("'%s' does not start a period of the %s (it would be %s)"),
		                    period_start ? period_start : "", fb_schedule_title(e), p->start);
	if (strcmp(fds, p->start) < 0)
		return fb_error_set(err, FB_EINVAL, "filed_on",
		                    _("%s is before the period starts (%s)"), fds, p->start);
	return FB_OK;
}

/* Record the filing of code's report for the period starting period_start
 * on day fds, in its own transaction. */
static fb_status insert_filing(fb_store *st, const char *code, int64_t group_id, int64_t person_id,
                               const char *period_start, const char *fds, int64_t by, fb_error *err)
{
	fb_status rc;
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "INSERT INTO report_filings (uuid, origin, rev, "
	                                "updated_at, schedule_code, group_id,"
	                                " person_id, period_start, filed_on, filed_by) VALUES (?1, "
	                                "?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	                                " ?9, ?10)",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	char uuid[37] = "", now[21];
	if ((rc = fb_new_uuid(uuid, err)) || (rc = fb_store_begin(st, err)))
		return rc;
	fb_bind_text(s, 1, uuid);
	fb_bind_text(s, 2, fb_store_device(st));
	sqlite3_bind_int64(s, 3, fb_store_next_rev(st));
	sqlite3_bind_text(s, 4, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	fb_bind_text(s, 5, code);
	fb_bind_opt_id(s, 6, group_id);
	fb_bind_opt_id(s, 7, person_id);
	fb_bind_text(s, 8, period_start);
	fb_bind_text(s, 9, fds);
	fb_bind_opt_id(s, 10, by);
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_due_file(fb_store *st, const char *code, int64_t group_id, int64_t person_id,
                      const char *period_start, const char *filed_on, int64_t by, fb_error *err)
{
	fb_schedule e;
	fb_status rc = fb_schedule_get(st, code, &e, err);
	if (rc || (rc = check_filer(st, &e, group_id, person_id, by, err)))
		return rc;
	fb_date fd;
	char today[11];
	fb_date_format(fb_today(), today);
	if ((rc = fb_date_parse(filed_on, &fd, "filed_on", err)))
		return rc;
	char fds[11];
	fb_date_format(fd, fds);
	if (strcmp(fds, today) > 0)
		return fb_error_set(err, FB_EINVAL, "filed_on", _("%s is after today"), fds);
	/* the period must be one of the entry's */
	fb_period p;
	if ((rc = filing_period(st, &e, group_id, period_start, fds, &p, err)))
		return rc;
	fb_due_item it = {0};
	snprintf(it.code, sizeof it.code, "%s", code);
	it.group_id = group_id;
	it.person_id = person_id;
	it.period = p;
	if ((rc = fb_due_filed_state(st, &it, err)))
		return rc;
	if (*it.done_on)
		return fb_error_set(err, FB_ESTATE, "period", _("it was filed already, on %s"),
		                    it.done_on);
	return insert_filing(st, code, group_id, person_id, p.start, fds, by, err);
}
