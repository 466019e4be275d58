/* stats.c - the headquarters overview: groups and cadres side by side over
 * a period, computed with a fixed handful of indexed queries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/calendar.h"
#include "fieldbook/category.h"
#include "fieldbook/coverage.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "fieldbook/stats.h"
#include "fieldbook/target.h"
#include "fieldbook/text.h"
#include "internal.h"
#include "report_text.h"

void fb_overview_free(fb_overview *o)
{
	free(o->groups);
	free(o->cadres);
	free(o->daily);
	o->groups = NULL;
	o->cadres = NULL;
	o->daily = NULL;
	o->ngroups = o->ncadres = 0;
}

/* The target (scope, metric, period) of a group into *v, -1 if none is set;
 * a database error is an error, never "no target". */
static fb_status target_or_none(fb_store *st, const char *scope, const char *metric,
                                const char *period, int64_t group_id, int *v, fb_error *err)
{
	fb_error e = {0};
	fb_status rc = fb_target_value(st, scope, metric, period, group_id, v, &e);
	if (rc == FB_ENOTFOUND) {
		*v = -1;
		return FB_OK;
	}
	if (rc && err)
		*err = e;
	return rc;
}

/* Every group's and cadre's targets (cadres come grouped: looked up once
 * per group). */
static fb_status load_targets(fb_store *st, fb_overview *o, fb_error *err)
{
	fb_status rc = FB_OK;
	for (int i = 0; i < o->ngroups && !rc; i++) {
		fb_group_stats *g = &o->groups[i];
		if ((rc = target_or_none(st, "group", "enterprises", "programme", g->group_id,
		                         &g->target_enterprises, err)) ||
		    (rc = target_or_none(st, "group", "workers", "programme", g->group_id,
		                         &g->target_workers, err)))
			break;
		rc = target_or_none(st, "group", "households", "programme", g->group_id,
		                    &g->target_households, err);
	}
	for (int i = 0; i < o->ncadres && !rc; i++) {
		fb_cadre_stats *c = &o->cadres[i];
		if (i > 0 && o->cadres[i - 1].group_id == c->group_id) {
			c->target_enterprises = o->cadres[i - 1].target_enterprises;
			c->target_workers = o->cadres[i - 1].target_workers;
			c->target_year_days = o->cadres[i - 1].target_year_days;
			continue;
		}
		if ((rc = target_or_none(st, "cadre", "enterprises", "programme", c->group_id,
		                         &c->target_enterprises, err)) ||
		    (rc = target_or_none(st, "cadre", "workers", "programme", c->group_id,
		                         &c->target_workers, err)))
			break;
		rc = target_or_none(st, "cadre", "grassroots_days", "year", c->group_id,
		                    &c->target_year_days, err);
	}
	return rc;
}

/* Index of group id in o->groups (ordered by id: binary search), -1 if not there. */
static int group_index(const fb_overview *o, int64_t id)
{
	int lo = 0, hi = o->ngroups - 1; /* groups are sorted by id */
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (o->groups[mid].group_id == id)
			return mid;
		if (o->groups[mid].group_id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* Reset s after stepping it to the end; rc the last fb_store_step. */
static fb_status step_error(fb_store *st, sqlite3_stmt *s, int rc, fb_error *err)
{
	(void)st;
	sqlite3_reset(s);
	return rc < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* The groups of the overview (one, or every live one) into o->groups. */
static fb_status load_groups(fb_store *st, const fb_stats_opts *opt, fb_overview *o, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT id, uuid, name, station FROM work_groups"
	                                " WHERE deleted = 0 AND (?1 = 0 OR id = ?1) ORDER BY id",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, opt->group_id);
	int cap = 0, rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		if (o->ngroups == cap) {
			cap = cap ? cap * 2 : 16;
			fb_group_stats *g = realloc(o->groups, sizeof *g * (size_t)cap);
			if (!g) {
				sqlite3_reset(s);
				return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
			}
			o->groups = g;
		}
		fb_group_stats *g = &o->groups[o->ngroups++];
		memset(g, 0, sizeof *g);
		g->group_id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, g->uuid, sizeof g->uuid);
		fb_col_copy(s, 2, g->name, sizeof g->name);
		fb_col_copy(s, 3, g->station, sizeof g->station);
		g->stale_days = -1;
		snprintf(g->week_report, sizeof g->week_report, "none");
	}
	return step_error(st, s, rc, err);
}

/* The cadres: people of the live groups (not HQ staff; removed people only
 * if they wrote logs in the period), with their group's stay and the day
 * they joined, which bound the working days due (report.h). */
#define CADRES_SQL                                                                              \
	"SELECT p.id, p.group_id, p.name, p.role, IFNULL(g.started_on, ''), IFNULL(g.ends_on, " \
	"''),"                                                                                  \
	" IFNULL(p.joined_on, '')"                                                              \
	" FROM people p JOIN work_groups g ON g.id = p.group_id"                                \
	" WHERE g.deleted = 0 AND p.role != 'hq' AND (?1 = 0 OR p.group_id = ?1)"               \
	"  AND (p.deleted = 0 OR EXISTS (SELECT 1 FROM logs y WHERE y.author_id = p.id"         \
	"   AND y.deleted = 0 AND y.date BETWEEN ?2 AND ?3))"                                   \
	" ORDER BY p.group_id, p.role = 'leader' DESC, p.name, p.id"

/* One cadre's logs in date order, straight from the covering index: the
 * caller folds them into the figures (cheaper than SQL aggregates over a
 * million rows: no sorting, no DISTINCT, no per-group state). */
#define CADRE_LOGS_SQL                                                                      \
	"SELECT date, " FB_SQL_ENTERPRISES(                                                 \
		"") ", workers, households, enterprise_kinds, worker_kinds,"                \
		    " activity = 'research' FROM logs WHERE author_id = ?1 AND deleted = 0" \
		    " AND date BETWEEN ?2 AND ?3 ORDER BY date"

/* "YYYY-MM-DD" (checked to be 10 bytes) into a date, without strtol. */
static fb_date ymd(const char *d)
{
#define DIG(i) (d[i] - '0')
	return (fb_date){DIG(0) * 1000 + DIG(1) * 100 + DIG(2) * 10 + DIG(3), DIG(5) * 10 + DIG(6),
	                 DIG(8) * 10 + DIG(9)};
#undef DIG
}

/* Fold one cadre's logs into c, its group and the group's daily counts. */
static fb_status cadre_days(fb_store *st, fb_overview *o, fb_cadre_stats *c, const char *lo,
                            const char *hi, const char *year_start, long from_days,
                            const fb_workdays *w, const fb_leave_days *leave, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, CADRE_LOGS_SQL, err);
	if (!s)
		return err ? err->code : FB_EDB;
	const char *first = strcmp(year_start, o->from) < 0 ? year_start : o->from;
	fb_group_stats *g = &o->groups[c->group_index];
	int *daily = o->daily + (size_t)c->group_index * (size_t)o->ndays;
	int weekdays_logged = 0, rc;
	char prev[11] = "";
	long k = -1;
	int in_period = 0;
	sqlite3_bind_int64(s, 1, c->person_id);
	sqlite3_bind_text(s, 2, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->to, -1, SQLITE_STATIC);
	while ((rc = fb_store_step(st, s, err)) == 1) {
		const char *d = (const char *)sqlite3_column_text(s, 0);
		if (!d || sqlite3_column_bytes(s, 0) != 10)
			continue;
		if (strcmp(d, prev)) { /* a new day */
			memcpy(prev, d, sizeof prev);
			in_period = strcmp(d, o->from) >= 0;
			if (strcmp(d, year_start) >= 0)
				c->year_days++;
			if (in_period) {
				fb_date day = ymd(d);
				k = fb_date_to_days(day) - from_days;
				c->days_logged++;
				if (strcmp(d, lo) >= 0 && strcmp(d, hi) <= 0 &&
				    fb_workdays_is(w, day) && !fb_leave_days_has(leave, day))
					weekdays_logged++;
			}
		}
		if (!in_period)
			continue;
		c->logs++;
		c->enterprises += sqlite3_column_int64(s, 1);
		c->workers += sqlite3_column_int64(s, 2);
		c->households += sqlite3_column_int64(s, 3);
		c->enterprise_kinds |= (uint32_t)sqlite3_column_int64(s, 4);
		c->worker_kinds |= (uint32_t)sqlite3_column_int64(s, 5);
		g->research += sqlite3_column_int(s, 6);
		if (k >= 0 && k < o->ndays)
			daily[k]++;
	}
	sqlite3_reset(s);
	if (rc < 0)
		return fb_stmt_failed(err);
	c->days_missing = c->days_due > weekdays_logged ? c->days_due - weekdays_logged : 0;
	return FB_OK;
}

/* Every cadre of the overview's groups with their figures, and the groups' sums. */
static fb_status load_cadres(fb_store *st, const fb_stats_opts *opt, fb_overview *o,
                             const fb_workdays *w, fb_error *err)
{
	o->daily = calloc((size_t)o->ndays * (size_t)(o->ngroups ? o->ngroups : 1), sizeof *o->daily);
	if (!o->daily)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	sqlite3_stmt *s = fb_store_stmt(st, CADRES_SQL, err);
	if (!s)
		return err ? err->code : FB_EDB;
	char year_start[11];
	snprintf(year_start, sizeof year_start, "%.4s-01-01", o->to);
	long from_days =
		fb_date_to_days((fb_date){atoi(o->from), atoi(o->from + 5), atoi(o->from + 8)});
	sqlite3_bind_int64(s, 1, opt->group_id);
	sqlite3_bind_text(s, 2, o->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->to, -1, SQLITE_STATIC);
	int cap = 0, rc;
	fb_status r = FB_OK;
	while (!r && (rc = fb_store_step(st, s, err)) == 1) {
		int gi = group_index(o, sqlite3_column_int64(s, 1));
		if (gi < 0)
			continue;
		if (o->ncadres == cap) {
			cap = cap ? cap * 2 : 64;
			fb_cadre_stats *c = realloc(o->cadres, sizeof *c * (size_t)cap);
			if (!c) {
				r = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
				break;
			}
			o->cadres = c;
		}
		fb_cadre_stats *c = &o->cadres[o->ncadres++];
		fb_group_stats *g = &o->groups[gi];
		memset(c, 0, sizeof *c);
		c->person_id = sqlite3_column_int64(s, 0);
		c->group_id = g->group_id;
		c->group_index = gi;
		fb_col_copy(s, 2, c->name, sizeof c->name);
		fb_col_copy(s, 3, c->role, sizeof c->role);
		char lo[11], hi[11];
		fb_member_stay(o->from, o->to, (const char *)sqlite3_column_text(s, 4),
		               (const char *)sqlite3_column_text(s, 5),
		               (const char *)sqlite3_column_text(s, 6), o->today, lo, hi);
		fb_leave_days leave;
		if ((r = fb_leave_days_load(st, c->person_id, lo, hi, &leave, err)))
			break;
		c->days_due = fb_workdays_count(w, lo, hi) - fb_leave_days_workdays(&leave, w);
		r = cadre_days(st, o, c, lo, hi, year_start, from_days, w, &leave, err);
		fb_leave_days_free(&leave);
		if (r)
			break;
		g->ncadres++;
		g->logs += c->logs;
		g->days_logged += c->days_logged;
		g->days_due += c->days_due;
		g->days_missing += c->days_missing;
		g->enterprises += c->enterprises;
		g->workers += c->workers;
		g->households += c->households;
		g->enterprise_kinds |= c->enterprise_kinds;
		g->worker_kinds |= c->worker_kinds;
	}
	if (r) {
		sqlite3_reset(s);
		return r;
	}
	return step_error(st, s, rc, err);
}

/* load_cadres with the working days of the calendar. */
static fb_status load_cadres_days(fb_store *st, const fb_stats_opts *opt, fb_overview *o,
                                  fb_error *err)
{
	fb_workdays *w = NULL;
	fb_status rc = fb_workdays_load(st, &w, err);
	if (!rc)
		rc = load_cadres(st, opt, o, w, err);
	fb_workdays_free(w);
	return rc;
}

/* Index of code in codes[0..n), -1 if not there. */
static int code_index(char (*codes)[24], int n, const char *code)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(codes[i], code))
			return i;
	return -1;
}

/* Tickets now by group, status and routing; overdue counts; each group's oldest open. */
static fb_status load_tickets(fb_store *st, const fb_stats_opts *opt, fb_overview *o, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT group_id, status, routing, COUNT(*),"
		" TOTAL(" FB_SQL_OVERDUE("status", "due_on",
	                                 "?2") ") FROM tickets"
					       " WHERE deleted = 0 AND (?1 = 0 OR group_id = ?1) "
					       "GROUP BY group_id, status, routing",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, opt->group_id);
	sqlite3_bind_text(s, 2, o->today, -1, SQLITE_STATIC);
	int rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		int gi = group_index(o, sqlite3_column_int64(s, 0));
		if (gi < 0)
			continue;
		fb_group_stats *g = &o->groups[gi];
		const char *status = (const char *)sqlite3_column_text(s, 1);
		int n = sqlite3_column_int(s, 3);
		int si = code_index(o->status_codes, o->nstatus, status ? status : "");
		int ri = code_index(o->routing_codes, o->nrouting,
		                    (const char *)sqlite3_column_text(s, 2));
		if (si >= 0)
			g->by_status[si] += n;
		if (ri >= 0)
			g->by_routing[ri] += n;
		g->tickets += n;
		if (status && strcmp(status, "closed"))
			g->tickets_open += n;
		g->tickets_overdue += (int)sqlite3_column_int64(s, 4);
	}
	fb_status r = step_error(st, s, rc, err);
	if (r)
		return r;
	/* The oldest open ticket of each group (MIN picks the row). */
	s = fb_store_stmt(st,
	                  "SELECT group_id, MIN(opened_on), id, title FROM tickets"
	                  " WHERE deleted = 0 AND status != 'closed' AND (?1 = 0 OR group_id = ?1)"
	                  " GROUP BY group_id",
	                  err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, opt->group_id);
	while ((rc = fb_store_step(st, s, err)) == 1) {
		int gi = group_index(o, sqlite3_column_int64(s, 0));
		if (gi < 0)
			continue;
		fb_group_stats *g = &o->groups[gi];
		fb_col_copy(s, 1, g->oldest_open_on, sizeof g->oldest_open_on);
		g->oldest_open_id = sqlite3_column_int64(s, 2);
		fb_col_copy(s, 3, g->oldest_open_title, sizeof g->oldest_open_title);
	}
	if ((r = step_error(st, s, rc, err)))
		return r;
	/* Closed within the period, and of those the ones that had a return visit
	 * (looked up per ticket in ticket_events_ticket_kind). */
	char next[11];
	fb_date_plus(o->to, 1, next);
	s = fb_store_stmt(
		st,
		"SELECT t.group_id, COUNT(DISTINCT e.ticket_id), COUNT(DISTINCT CASE WHEN EXISTS"
		" (SELECT 1 FROM ticket_events v WHERE v.ticket_id = e.ticket_id AND"
		" v.kind = 'return_visit') THEN e.ticket_id END)"
		" FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id"
		" WHERE e.kind = 'close' AND e.at >= ?2 AND e.at < ?3 AND t.deleted = 0"
		" AND (?1 = 0 OR t.group_id = ?1) GROUP BY t.group_id",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, opt->group_id);
	sqlite3_bind_text(s, 2, o->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, next, -1, SQLITE_STATIC);
	while ((rc = fb_store_step(st, s, err)) == 1) {
		int gi = group_index(o, sqlite3_column_int64(s, 0));
		if (gi < 0)
			continue;
		o->groups[gi].practical = sqlite3_column_int(s, 1);
		o->groups[gi].typical = sqlite3_column_int(s, 2);
	}
	return step_error(st, s, rc, err);
}

/* Bundles received, this week's weekly reports, research reports submitted. */
static fb_status load_sync_and_reports(fb_store *st, const fb_stats_opts *opt, fb_overview *o,
                                       fb_error *err)
{
	sqlite3_stmt *s =
		fb_store_stmt(st,
	                      "SELECT g.id, MAX(i.created_at) FROM work_groups g"
	                      " JOIN sync_imports i ON i.source_group = g.uuid"
	                      " WHERE g.deleted = 0 AND (?1 = 0 OR g.id = ?1) GROUP BY g.id",
	                      err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, opt->group_id);
	int rc;
	long today = fb_date_to_days(fb_today());
	while ((rc = fb_store_step(st, s, err)) == 1) {
		int gi = group_index(o, sqlite3_column_int64(s, 0));
		if (gi < 0 || sqlite3_column_type(s, 1) == SQLITE_NULL)
			continue;
		fb_group_stats *g = &o->groups[gi];
		fb_col_copy(s, 1, g->last_bundle_at, sizeof g->last_bundle_at);
		char day[11];
		fb_date d;
		snprintf(day, sizeof day, "%.10s", g->last_bundle_at);
		if (fb_date_parse(day, &d, "created_at", NULL) == FB_OK)
			g->stale_days = (int)(today - fb_date_to_days(d));
	}
	fb_status r = step_error(st, s, rc, err);
	if (r)
		return r;
	/* Submitted if any revision was (a later draft revision does not undo it). */
	s = fb_store_stmt(
		st,
		"SELECT group_id, MAX(status = 'submitted'), MAX(revision_no) FROM reports"
		" WHERE kind = 'weekly' AND period_start = ?2 AND deleted = 0"
		" AND (?1 = 0 OR group_id = ?1) GROUP BY group_id",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, opt->group_id);
	sqlite3_bind_text(s, 2, o->week_start, -1, SQLITE_STATIC);
	while ((rc = fb_store_step(st, s, err)) == 1) {
		int gi = group_index(o, sqlite3_column_int64(s, 0));
		if (gi < 0)
			continue;
		fb_group_stats *g = &o->groups[gi];
		snprintf(g->week_report, sizeof g->week_report, "%s",
		         sqlite3_column_int(s, 1) ? "submitted" : "draft");
		g->week_revision = sqlite3_column_int(s, 2);
	}
	if ((r = step_error(st, s, rc, err)))
		return r;
	s = fb_store_stmt(
		st,
		"SELECT group_id, COUNT(DISTINCT kind || period_start) FROM reports"
		" WHERE status = 'submitted' AND deleted = 0 AND research != ''"
		" AND submitted_at >= ?2 AND submitted_at < ?3 AND (?1 = 0 OR group_id = ?1)"
		" GROUP BY group_id",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	char next[11];
	fb_date_plus(o->to, 1, next);
	sqlite3_bind_int64(s, 1, opt->group_id);
	sqlite3_bind_text(s, 2, o->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, next, -1, SQLITE_STATIC);
	while ((rc = fb_store_step(st, s, err)) == 1) {
		int gi = group_index(o, sqlite3_column_int64(s, 0));
		if (gi >= 0)
			o->groups[gi].research += sqlite3_column_int(s, 1);
	}
	return step_error(st, s, rc, err);
}

/* Rank groups on each of the four comparisons, then by the sum of ranks. */
static void rank_groups(fb_overview *o)
{
	for (int k = 0; k < 4; k++) {
		for (int i = 0; i < o->ngroups; i++) {
			fb_group_stats *g = &o->groups[i];
			int64_t v = k == 0   ? g->practical
			            : k == 1 ? g->research
			            : k == 2 ? g->typical
			                     : g->workers;
			int better = 0;
			for (int j = 0; j < o->ngroups; j++) {
				fb_group_stats *h = &o->groups[j];
				int64_t w = k == 0   ? h->practical
				            : k == 1 ? h->research
				            : k == 2 ? h->typical
				                     : h->workers;
				better += w > v;
			}
			g->rank[k] = better + 1;
		}
	}
	for (int i = 0; i < o->ngroups; i++) {
		fb_group_stats *g = &o->groups[i];
		g->score = g->rank[0] + g->rank[1] + g->rank[2] + g->rank[3];
	}
	for (int i = 0; i < o->ngroups; i++) {
		fb_group_stats *g = &o->groups[i];
		int place = 1;
		for (int j = 0; j < o->ngroups; j++) {
			fb_group_stats *h = &o->groups[j];
			place += h->score < g->score ||
			         (h->score == g->score && h->workers > g->workers) ||
			         (h->score == g->score && h->workers == g->workers && j < i);
		}
		g->place = place;
	}
}

/* Parse a date option into YYYY-MM-DD (FB_EINVAL naming opt). */
static fb_status check_date(const char *opt, const char *s, char out[11], fb_error *err)
{
	fb_date d;
	fb_status rc = fb_date_parse(s, &d, opt, err);
	if (!rc)
		fb_date_format(d, out);
	return rc;
}

/* The overview's period (from, to), the week whose report is checked, and
 * its length in days. */
static fb_status overview_period(const fb_stats_opts *opt, fb_overview *o, fb_error *err)
{
	fb_status rc = FB_OK;
	fb_date_format(fb_today(), o->today);
	if (opt->to)
		rc = check_date("to", opt->to, o->to, err);
	else
		snprintf(o->to, sizeof o->to, "%s", o->today);
	if (!rc && opt->from)
		rc = check_date("from", opt->from, o->from, err);
	else if (!rc)
		snprintf(o->from, sizeof o->from, "%.4s-01-01", o->to);
	if (rc)
		return rc;
	if (strcmp(o->from, o->to) > 0)
		return fb_error_set(err, FB_EINVAL, "from",
		                    _("the period starts (%s) after it ends (%s)"), o->from, o->to);
	fb_period wk;
	if (opt->week) {
		if ((rc = fb_period_week(opt->week, &wk, err)))
			return rc;
	} else {
		/* The report that is due: of the last week whose working days are
		 * over by `to` (on a Saturday or Sunday its own week; from Monday to
		 * Friday the week before, whose report is what HQ waits for). */
		fb_date t;
		fb_date_parse(o->to, &t, "to", NULL);
		char day[11];
		fb_date_format(fb_date_weekday(t) < 5 ? fb_date_add(t, -7) : t, day);
		fb_period_week_of(day, &wk);
	}
	snprintf(o->week_label, sizeof o->week_label, "%s", wk.label);
	snprintf(o->week_start, sizeof o->week_start, "%s", wk.start);
	snprintf(o->week_end, sizeof o->week_end, "%s", wk.end);
	fb_date f, t;
	fb_date_parse(o->from, &f, "from", NULL);
	fb_date_parse(o->to, &t, "to", NULL);
	o->ndays = (int)(fb_date_to_days(t) - fb_date_to_days(f) + 1);
	if (o->ndays > 36600) /* the day-by-day counts must stay small */
		return fb_error_set(err, FB_EINVAL, "from", _("the period is longer than 100 years"));
	return FB_OK;
}

/* The codes the overview counts by (ticket statuses, routing levels) and
 * every kind of enterprise and worker. */
static fb_status overview_codes(fb_store *st, fb_overview *o, fb_error *err)
{
	fb_status rc;
	if ((rc = fb_category_bits(st, FB_CAT_ENTERPRISE, &o->enterprise_kinds_all, err)) ||
	    (rc = fb_category_bits(st, FB_CAT_WORKER, &o->worker_kinds_all, err)))
		return rc;
	o->enterprise_kinds_total = fb_bits(o->enterprise_kinds_all);
	o->worker_kinds_total = fb_bits(o->worker_kinds_all);
	fb_category cats[32];
	int n = fb_category_list(st, FB_CAT_STATUS, cats, 32);
	for (int i = 0; i < n && o->nstatus < FB_STATS_MAX_STATUS; i++)
		fb_text_copy(cats[i].code, o->status_codes[o->nstatus++], 24);
	n = fb_category_list(st, FB_CAT_ROUTING, cats, 32);
	for (int i = 0; i < n && o->nrouting < FB_STATS_MAX_ROUTING; i++)
		fb_text_copy(cats[i].code, o->routing_codes[o->nrouting++], 24);
	return FB_OK;
}

static int put_ledger(int64_t id, const char *name, const fb_coverage *c, void *ctx)
{
	fb_overview *o = ctx;
	(void)name;
	int gi = group_index(o, id);
	if (gi >= 0) {
		fb_group_stats *g = &o->groups[gi];
		g->units_met = c->units;
		g->workers_met = c->workers;
		g->contact_days = c->contact_days;
		g->sheets = c->sheets;
	}
	return 0;
}

/* The ledger's figures of every group, in one grouped pass. */
static fb_status load_ledger(fb_store *st, fb_overview *o, fb_error *err)
{
	o->ledger = 1;
	return fb_coverage_groups(st, o->from, o->to, put_ledger, o, err);
}

fb_status fb_stats_overview(fb_store *st, const fb_stats_opts *opt, fb_overview *o, fb_error *err)
{
	fb_stats_opts none = {0};
	if (!opt)
		opt = &none;
	memset(o, 0, sizeof *o);
	fb_status rc = overview_period(opt, o, err);
	if (rc || (rc = overview_codes(st, o, err)))
		return rc;
	if ((rc = fb_report_sql_init(st, err)) || (rc = load_groups(st, opt, o, err)) ||
	    (rc = load_cadres_days(st, opt, o, err)) || (rc = load_tickets(st, opt, o, err)) ||
	    (rc = load_sync_and_reports(st, opt, o, err)) || (rc = load_targets(st, o, err)) ||
	    (opt->ledger && (rc = load_ledger(st, o, err)))) {
		fb_overview_free(o);
		return rc;
	}
	rank_groups(o);
	return FB_OK;
}
