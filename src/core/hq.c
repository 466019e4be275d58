/* hq.c - headquarters: the setting that makes a database HQ's, its staff,
 * and the HQ home's figures per group (one indexed aggregate each, a page
 * of groups at a time). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/hq.h"
#include "fieldbook/i18n.h"
#include "internal.h"

int fb_hq_is(fb_store *st, fb_error *err)
{
	char *v = NULL;
	if (fb_meta_lookup(st, "site", &v, err) != FB_OK)
		return -1;
	int hq = v && !strcmp(v, "hq");
	free(v);
	return hq;
}

fb_status fb_hq_names(fb_store *st, char *fed, char *dept, size_t size, fb_error *err)
{
	char *f = NULL, *d = NULL;
	fb_status s = fb_meta_lookup(st, "hq_federation", &f, err);
	if (s == FB_OK)
		s = fb_meta_lookup(st, "hq_department", &d, err);
	snprintf(fed, size, "%s", f ? f : "");
	snprintf(dept, size, "%s", d ? d : "");
	free(f), free(d);
	return s;
}

int fb_hq_bundle_days(fb_store *st)
{
	char *v = fb_meta_get(st, "hq_bundle_days");
	int d = v ? atoi(v) : 0;
	free(v);
	return d >= 1 && d <= 366 ? d : 7;
}

/* The setup's values, checked before anything is written. */
static fb_status check_info(fb_store *st, const fb_hq_info *in, fb_error *err)
{
	fb_status s;
	if ((s = fb_check(st, FB_L_HQ_FEDERATION, in->federation, err)) ||
	    (s = fb_check(st, FB_L_HQ_DEPARTMENT, in->department, err)))
		return s;
	if (in->bundle_days && (s = fb_check_num(st, FB_L_HQ_BUNDLE_DAYS, in->bundle_days, err)))
		return s;
	if (in->nstaff <= 0)
		return fb_error_set(err, FB_EINVAL, "staff",
		                    _("headquarters needs at least one person on its staff"));
	return FB_OK;
}

fb_status fb_hq_setup(fb_store *st, const fb_hq_info *in, int64_t *first, fb_error *err)
{
	fb_status s = check_info(st, in, err);
	if (s)
		return s;
	int hq = fb_hq_is(st, err), isnew = hq < 0 ? -1 : fb_store_is_new(st, err);
	if (hq < 0 || isnew < 0)
		return err ? err->code : FB_EDB;
	if (!hq && !isnew)
		return fb_error_set(
			err, FB_EINVAL, "site",
			_("this database is a work group's; headquarters is set up in a "
		          "database of its own"));
	char days[16];
	snprintf(days, sizeof days, "%d", in->bundle_days ? in->bundle_days : 7);
	int64_t actor = fb_store_actor(st);
	if ((s = fb_store_begin(st, err)))
		return s;
	if ((s = fb_meta_set(st, "site", "hq", err)) ||
	    (s = fb_meta_set(st, "hq_federation", in->federation, err)) ||
	    (s = fb_meta_set(st, "hq_department", in->department ? in->department : "", err)) ||
	    (s = fb_meta_set(st, "hq_bundle_days", days, err)))
		goto fail;
	for (int i = 0; i < in->nstaff; i++) {
		fb_person p = {.name = (char *)in->staff[i], .role = (char *)"hq"};
		if ((s = fb_person_save(st, &p, err))) {
			if (err)
				snprintf(err->field, sizeof err->field, "staff");
			goto fail;
		}
		if (i == 0 && first)
			*first = p.id;
		/* on a new database the first of the staff adds the others, as a
		 * group's leader adds the members (nobody is signed in yet) */
		if (i == 0 && !actor && isnew)
			fb_store_set_actor(st, p.id);
	}
	if (!actor)
		fb_store_set_actor(st, 0);
	return fb_store_commit(st, err);
fail:
	fb_store_rollback(st);
	if (!actor)
		fb_store_set_actor(st, 0);
	return s;
}

void fb_hq_period_now(fb_store *st, fb_hq_period *p)
{
	fb_date today = fb_today(), mon = fb_date_add(today, -fb_date_weekday(today));
	fb_date_format(today, p->today);
	fb_date_format(mon, p->monday);
	fb_date_format(fb_date_add(mon, -7), p->last_monday);
	fb_date_format(fb_date_add(today, -fb_hq_bundle_days(st)), p->bundle_cutoff);
}

/* The figures of a group g (the outer query's alias): ?3 monday, ?4 today,
 * ?5 last monday. Each one walks an index of its own. */
#define HQ_FIGURES                                                                              \
	"(SELECT count(*) FROM logs l WHERE l.group_id = g.id AND l.deleted = 0"                \
	" AND l.date >= ?3 AND l.date <= ?4),"                                                  \
	" (SELECT count(DISTINCT l.author_id) FROM logs l WHERE l.group_id = g.id AND"          \
	" l.deleted = 0 AND l.date >= ?3 AND l.date <= ?4),"                                    \
	" (SELECT count(*) FROM tickets t WHERE t.group_id = g.id AND t.deleted = 0"            \
	" AND t.status <> 'closed'),"                                                           \
	" (SELECT count(*) FROM tickets t WHERE t.group_id = g.id AND t.deleted = 0 "           \
	"AND " FB_SQL_OVERDUE("t.status", "t.due_on",                                           \
	                      "?4") "),"                                                        \
				    " (SELECT r.status FROM reports r WHERE r.group_id = g.id " \
	                            "AND r.kind = 'weekly'"                                     \
				    " AND r.period_start = ?5 AND r.deleted = 0 ORDER BY "      \
	                            "r.revision_no DESC LIMIT 1),"                              \
				    " (SELECT max(i.created_at) FROM sync_imports i WHERE "     \
	                            "i.source_group = g.uuid)"

static void read_group_row(sqlite3_stmt *s, void *row)
{
	fb_hq_group_row *r = row;
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->uuid, sizeof r->uuid);
	fb_col_copy(s, 2, r->name, sizeof r->name);
	fb_col_copy(s, 3, r->station, sizeof r->station);
	fb_col_copy(s, 4, r->county, sizeof r->county);
	r->logs_week = sqlite3_column_int(s, 5);
	r->cadres_week = sqlite3_column_int(s, 6);
	r->tickets_open = sqlite3_column_int(s, 7);
	r->tickets_overdue = sqlite3_column_int(s, 8);
	const char *rep = (const char *)sqlite3_column_text(s, 9);
	r->report = !rep                        ? FB_HQ_REPORT_NONE
	            : !strcmp(rep, "submitted") ? FB_HQ_REPORT_SUBMITTED
	                                        : FB_HQ_REPORT_DRAFT;
	fb_col_copy(s, 10, r->last_bundle, sizeof r->last_bundle);
	/* 11: today > this Monday (the report was due on it); 12: bundle late */
	r->report_late = r->report != FB_HQ_REPORT_SUBMITTED && sqlite3_column_int(s, 11);
	r->bundle_late = sqlite3_column_int(s, 12);
}

int fb_hq_group_page(fb_store *st, const fb_hq_period *p, fb_page_dir dir, const fb_cursor *from,
                     fb_hq_group_row *rows, int max, fb_error *err)
{
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[96], order[96], sql[2048];
	int reverse;
	fb_page_sql("g.name", "g.id", 1, dir, cond, sizeof cond, order, sizeof order, &reverse);
	/* ?1 ?2 cursor, ?3 monday, ?4 today, ?5 last monday, ?6 bundle cutoff, ?7 limit */
	snprintf(sql, sizeof sql,
	         "SELECT g.id, g.uuid, g.name, g.station, g.county, " HQ_FIGURES ","
	         " ?4 > ?3, coalesce((SELECT max(i.created_at) FROM sync_imports i"
	         " WHERE i.source_group = g.uuid), '') < ?6"
	         " FROM work_groups g WHERE g.deleted = 0%s%s ORDER BY %s LIMIT ?7",
	         *cond ? " AND " : "", cond, order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	fb_page_bind_cursor(s, cond, from);
	sqlite3_bind_text(s, 3, p->monday, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, p->today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, p->last_monday, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 6, p->bundle_cutoff, -1, SQLITE_TRANSIENT);
	return fb_page_run(st, s, 7, rows, sizeof *rows, max, reverse, read_group_row, err);
}

void fb_hq_group_row_cursor(const fb_hq_group_row *row, fb_cursor *c)
{
	snprintf(c->key, sizeof c->key, "%.*s", (int)sizeof c->key - 1, row->name);
	c->id = row->id;
}

/* One integer from sql, the period bound by name (:monday, :today,
 * :last_monday, :cutoff, where sql has them); -1 on an error. */
static int count_of(fb_store *st, const fb_hq_period *p, const char *sql, int *out, fb_error *err)
{
	static const char *const names[] = {":monday", ":today", ":last_monday", ":cutoff"};
	const char *v[] = {p->monday, p->today, p->last_monday, p->bundle_cutoff};
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	for (int i = 0; i < 4; i++) {
		int k = sqlite3_bind_parameter_index(s, names[i]);
		if (k > 0)
			sqlite3_bind_text(s, k, v[i], -1, SQLITE_TRANSIENT);
	}
	int rc = fb_store_step(st, s, err);
	*out = rc == 1 ? sqlite3_column_int(s, 0) : 0;
	sqlite3_reset(s);
	return rc < 0 ? -1 : 0;
}

fb_status fb_hq_totals_get(fb_store *st, const fb_hq_period *p, fb_hq_totals *o, fb_error *err)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM work_groups WHERE deleted = 0",
		"SELECT count(*) FROM work_groups g WHERE g.deleted = 0"
		" AND coalesce((SELECT max(i.created_at) FROM sync_imports i"
		" WHERE i.source_group = g.uuid), '') < :cutoff",
		"SELECT count(*) FROM work_groups g WHERE g.deleted = 0 AND :today > :monday"
		" AND coalesce((SELECT r.status FROM reports r WHERE r.group_id = g.id"
		" AND r.kind = 'weekly' AND r.period_start = :last_monday AND r.deleted = 0"
		" ORDER BY r.revision_no DESC LIMIT 1), '') <> 'submitted'",
		"SELECT count(*) FROM tickets WHERE deleted = 0 AND status <> 'closed'",
		"SELECT count(*) FROM tickets t WHERE t.deleted = 0 AND " FB_SQL_OVERDUE(
			"t.status", "t.due_on", ":today"),
		"SELECT count(*) FROM sync_conflicts WHERE resolved = 0",
		"SELECT count(*) FROM sync_imports WHERE imported_at >= :monday",
	};
	int *out[] = {&o->groups,          &o->bundles_late,   &o->reports_late, &o->tickets_open,
	              &o->tickets_overdue, &o->conflicts_open, &o->bundles_week};
	memset(o, 0, sizeof *o);
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++)
		if (count_of(st, p, sql[i], out[i], err) < 0)
			return fb_stmt_failed(err);
	return FB_OK;
}
