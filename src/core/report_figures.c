/* report_figures.c - a group's figures over a period, computed from the
 * daily logs and tickets, and their frozen text form stored with a
 * submitted report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/calendar.h"
#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "fieldbook/text.h"
#include "internal.h"
#include "report_text.h"

/* ---- SQL helpers ---- */

static void bit_or_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite3_int64 *acc = sqlite3_aggregate_context(ctx, sizeof *acc);
	if (acc && sqlite3_value_type(argv[0]) != SQLITE_NULL)
		*acc |= sqlite3_value_int64(argv[0]);
}

/* Aggregate result of fb_bit_or(x): the OR, 0 over no rows. */
static void bit_or_final(sqlite3_context *ctx)
{
	sqlite3_int64 *acc = sqlite3_aggregate_context(ctx, 0);
	sqlite3_result_int64(ctx, acc ? *acc : 0);
}

fb_status fb_report_sql_init(fb_store *st, fb_error *err)
{
	sqlite3 *db = fb_store_db(st);
	sqlite3_stmt *probe;
	/* Registering expires every prepared statement: only do it once. */
	if (sqlite3_prepare_v2(db, "SELECT fb_bit_or(1)", -1, &probe, NULL) == SQLITE_OK) {
		sqlite3_finalize(probe);
		return FB_OK;
	}
	if (sqlite3_create_function_v2(db, "fb_bit_or", 1,
	                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	                               NULL, bit_or_step, bit_or_final, NULL) != SQLITE_OK)
		return fb_store_dberr(st, err);
	return FB_OK;
}

/* A YYYY-MM-DD date (1970-01-01 if it is not one). */
#define parse_ymd fb_date_or_epoch

void fb_date_max(const char *a, const char *b, char out[11])
{
	const char *r = (!a || !*a) ? b : (!b || !*b) ? a : strcmp(a, b) >= 0 ? a : b;
	char tmp[11]; /* out may be a or b */
	snprintf(tmp, sizeof tmp, "%s", r ? r : "");
	memcpy(out, tmp, sizeof tmp);
}

void fb_date_min(const char *a, const char *b, char out[11])
{
	const char *r = (!a || !*a) ? b : (!b || !*b) ? a : strcmp(a, b) <= 0 ? a : b;
	char tmp[11]; /* out may be a or b */
	snprintf(tmp, sizeof tmp, "%s", r ? r : "");
	memcpy(out, tmp, sizeof tmp);
}

void fb_member_stay(const char *period_start, const char *period_end, const char *group_start,
                    const char *group_end, const char *joined_on, const char *today, char lo[11],
                    char hi[11])
{
	fb_date_max(period_start, group_start, lo);
	fb_date_max(lo, joined_on, lo);
	fb_date_min(period_end, group_end, hi);
	fb_date_min(hi, today, hi);
}

void fb_date_plus(const char *date, long days, char out[11])
{
	fb_date_format(fb_date_add(parse_ymd(date), days), out);
}

int fb_bits(uint32_t m) { return __builtin_popcount(m); }

/* ---- figures ---- */

void fb_report_figures_free(fb_report_figures *f)
{
	for (int i = 0; i < f->nmembers; i++)
		free(f->members[i].missing);
	free(f->members);
	f->members = NULL;
	f->nmembers = 0;
}

/* The group's members over the period: people of the group (not HQ) and
 * anyone else who wrote one of the group's logs in it. */
#define MEMBERS_SQL                                                                               \
	"SELECT p.id, p.name, p.role, IFNULL(p.joined_on, ''),"                                   \
	" COUNT(l.id), COUNT(DISTINCT l.date), TOTAL(" FB_SQL_ENTERPRISES(                        \
		"l.") "), TOTAL(l.workers),"                                                      \
		      " TOTAL(l.households), fb_bit_or(l.enterprise_kinds), "                     \
	              "fb_bit_or(l.worker_kinds),"                                                \
		      " IFNULL(p.group_id = ?1 AND p.role != 'hq', 0)"                            \
		      " FROM people p LEFT JOIN logs l ON l.author_id = p.id AND l.group_id = ?1" \
		      "  AND l.deleted = 0 AND l.date BETWEEN ?2 AND ?3"                          \
		      " WHERE (p.group_id = ?1 AND p.deleted = 0 AND p.role != 'hq')"             \
		      "  OR p.id IN (SELECT author_id FROM logs WHERE group_id = ?1 AND deleted " \
	              "= 0"                                                                       \
		      "   AND date BETWEEN ?2 AND ?3)"                                            \
		      " GROUP BY p.id ORDER BY p.role = 'leader' DESC, p.name, p.id"
/* Column 11: 1 for the group's own cadres (charged for days missing), 0 for
 * visitors who only wrote some of its logs. */
#define MEMBER_COL_OWN 11

/* The period's members and their log sums into f->members (joined_on kept in missing for walk_days). */
static fb_status load_members(fb_store *st, fb_report_figures *f, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, MEMBERS_SQL, err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, f->group_id);
	sqlite3_bind_text(s, 2, f->period.start, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->period.end, -1, SQLITE_STATIC);
	int cap = 0, rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		if (f->nmembers == cap) {
			cap = cap ? cap * 2 : 8;
			fb_member_figures *m = realloc(f->members, sizeof *m * (size_t)cap);
			if (!m) {
				sqlite3_reset(s);
				return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
			}
			f->members = m;
		}
		fb_member_figures *m = &f->members[f->nmembers++];
		memset(m, 0, sizeof *m);
		m->person_id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, m->name, sizeof m->name);
		fb_col_copy(s, 2, m->role, sizeof m->role);
		/* Keep joined_on in `missing` until the days are walked; a visitor's
		 * is NULL (due only the days they logged). */
		m->missing = sqlite3_column_int(s, MEMBER_COL_OWN) ? fb_col_dup(s, 3) : NULL;
		m->logs = sqlite3_column_int(s, 4);
		m->days_logged = sqlite3_column_int(s, 5);
		m->enterprises = sqlite3_column_int64(s, 6);
		m->workers = sqlite3_column_int64(s, 7);
		m->households = sqlite3_column_int64(s, 8);
		m->enterprise_kinds = (uint32_t)sqlite3_column_int64(s, 9);
		m->worker_kinds = (uint32_t)sqlite3_column_int64(s, 10);
	}
	sqlite3_reset(s);
	if (rc < 0)
		return fb_stmt_failed(err);
	return FB_OK;
}

/* Walk each member's working days: due within their stay, missing without
 * a log. One query returns every (author, date) of the period. */
static fb_status walk_days(fb_store *st, fb_report_figures *f, const fb_group *g, fb_error *err)
{
	long a = fb_date_to_days(parse_ymd(f->period.start));
	long b = fb_date_to_days(parse_ymd(f->period.end));
	long n = b - a + 1;
	if (n <= 0 || f->nmembers == 0) {
		for (int i = 0; i < f->nmembers; i++) {
			free(f->members[i].missing);
			f->members[i].missing = strdup("");
		}
		return FB_OK;
	}
	unsigned char *seen = calloc((size_t)n * (size_t)f->nmembers, 1);
	if (!seen)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT DISTINCT author_id, date FROM logs WHERE group_id = ?1 AND deleted = 0"
		" AND date BETWEEN ?2 AND ?3",
		err);
	if (!s) {
		free(seen);
		return err ? err->code : FB_EDB;
	}
	sqlite3_bind_int64(s, 1, f->group_id);
	sqlite3_bind_text(s, 2, f->period.start, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->period.end, -1, SQLITE_STATIC);
	int rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		int64_t who = sqlite3_column_int64(s, 0);
		long day = fb_date_to_days(parse_ymd((const char *)sqlite3_column_text(s, 1))) - a;
		for (int i = 0; i < f->nmembers; i++)
			if (f->members[i].person_id == who && day >= 0 && day < n)
				seen[(size_t)i * (size_t)n + (size_t)day] = 1;
	}
	sqlite3_reset(s);
	if (rc < 0) {
		free(seen);
		return fb_stmt_failed(err);
	}
	char today[11];
	fb_date_format(fb_today(), today);
	fb_workdays *w = NULL;
	fb_status st_rc = fb_workdays_load(st, &w, err);
	for (int i = 0; !st_rc && i < f->nmembers; i++) {
		fb_member_figures *m = &f->members[i];
		char first[11], last[11];
		int visitor = m->missing == NULL; /* m->missing holds joined_on */
		fb_member_stay(f->period.start, f->period.end, g->started_on, g->ends_on,
		               m->missing, today, first, last);
		free(m->missing);
		m->missing = NULL;
		fb_leave_days leave;
		if ((st_rc = fb_leave_days_load(st, m->person_id, first, last, &leave, err)))
			break;
		fb_sb list = {0};
		fb_sb_add(&list, "");
		long from = fb_date_to_days(parse_ymd(first)) - a;
		long to = fb_date_to_days(parse_ymd(last)) - a;
		fb_date d = fb_date_from_days(a + (from > 0 ? from : 0));
		for (long k = from > 0 ? from : 0; k <= to && k < n; k++, d = fb_date_add(d, 1)) {
			if (!fb_workdays_is(w, d) || fb_leave_days_has(&leave, d))
				continue;
			if (visitor && !seen[(size_t)i * (size_t)n + (size_t)k])
				continue;
			m->days_due++;
			if (!seen[(size_t)i * (size_t)n + (size_t)k]) {
				char ds[11];
				m->days_missing++;
				fb_sb_addf(&list, "%s%s", list.len ? " " : "", fb_date_format(d, ds));
			}
		}
		fb_leave_days_free(&leave);
		m->missing = fb_sb_take(&list);
		if (!m->missing)
			st_rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	/* members not reached after an error still own a string */
	for (int i = 0; i < f->nmembers; i++)
		if (!f->members[i].missing)
			f->members[i].missing = strdup("");
	fb_workdays_free(w);
	free(seen);
	return st_rc;
}

/* One integer from a query bound with (group, start, end, end + 1 day, as-of day). */
static fb_status count_query(fb_store *st, const char *sql, const fb_report_figures *f,
                             const char *next, const char *asof, int *out, int *out2, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, f->group_id);
	sqlite3_bind_text(s, 2, f->period.start, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->period.end, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(s) >= 4)
		sqlite3_bind_text(s, 4, next, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(s) >= 5)
		sqlite3_bind_text(s, 5, asof, -1, SQLITE_STATIC);
	int rc = fb_store_step(st, s, err);
	if (rc > 0) {
		*out = sqlite3_column_int(s, 0);
		if (out2)
			*out2 = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (rc < 0)
		return fb_stmt_failed(err);
	/* an aggregate always has its row: none is a database that lies */
	return rc ? FB_OK : fb_error_set(err, FB_EDB, NULL, _("database error: %s"), "no row");
}

/* Visits by kind: for each kind bit, the logs of the period that met it. */
static fb_status kind_counts(fb_store *st, fb_report_figures *f, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT enterprise_kinds, worker_kinds FROM logs WHERE group_id = ?1 AND deleted = "
	        "0"
		" AND date BETWEEN ?2 AND ?3 AND (enterprise_kinds != 0 OR worker_kinds != 0)",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, f->group_id);
	sqlite3_bind_text(s, 2, f->period.start, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, f->period.end, -1, SQLITE_STATIC);
	int rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		uint32_t e = (uint32_t)sqlite3_column_int64(s, 0),
			 w = (uint32_t)sqlite3_column_int64(s, 1);
		for (int k = 0; k < 32; k++) {
			f->enterprise_kind_logs[k] += (e >> k) & 1;
			f->worker_kind_logs[k] += (w >> k) & 1;
		}
	}
	sqlite3_reset(s);
	return rc < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* The period's ticket counts: opened, closed, open and overdue at its end. */
static fb_status ticket_figures(fb_store *st, fb_report_figures *f, fb_error *err)
{
	char next[11], today[11], asof[11];
	fb_date_plus(f->period.end, 1, next);
	fb_date_format(fb_today(), today);
	fb_date_min(f->period.end, today, asof);
	fb_status rc = count_query(st,
	                           "SELECT COUNT(*) FROM logs WHERE group_id = ?1 AND deleted = 0"
	                           " AND date BETWEEN ?2 AND ?3 AND findings != ''",
	                           f, next, asof, &f->findings, NULL, err);
	if (!rc)
		rc = count_query(st,
		                 "SELECT COUNT(*) FROM tickets WHERE group_id = ?1 AND deleted = 0"
		                 " AND opened_on BETWEEN ?2 AND ?3",
		                 f, next, asof, &f->tickets_opened, NULL, err);
	if (!rc)
		rc = count_query(st,
		                 "SELECT COUNT(DISTINCT e.ticket_id) FROM ticket_events e"
		                 " JOIN tickets t ON t.id = e.ticket_id"
		                 " WHERE e.kind = 'close' AND e.at >= ?2 AND e.at < ?4"
		                 " AND t.group_id = ?1 AND t.deleted = 0",
		                 f, next, asof, &f->tickets_closed, NULL, err);
	/* Open at the end of the period: the status after its last event up to
	 * then is not closed. Overdue: still waiting then (FB_SQL_OVERDUE) and
	 * due before the as-of day. */
	if (!rc)
		rc = count_query(st,
		                 "SELECT COUNT(*), IFNULL(SUM(" FB_SQL_OVERDUE(
					 "x.status", "x.due_on",
					 "?5") "), 0) FROM (SELECT t.due_on, IFNULL((SELECT "
		                               "e.status_after FROM ticket_events e"
		                               "  WHERE e.ticket_id = t.id AND e.at < ?4 ORDER BY "
		                               "e.rev DESC LIMIT 1),"
		                               "  'registered') AS status FROM tickets t"
		                               " WHERE t.group_id = ?1 AND t.deleted = 0 AND "
		                               "t.opened_on <= ?3) x"
		                               " WHERE x.status != 'closed'",
		                 f, next, asof, &f->tickets_open, &f->tickets_overdue, err);
	return rc;
}

fb_status fb_report_figures_compute(fb_store *st, int64_t group_id, const fb_period *p,
                                    fb_report_figures *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	out->group_id = group_id;
	out->period = *p;
	fb_date_format(fb_today(), out->computed_on);
	fb_group g;
	fb_status rc = fb_report_sql_init(st, err);
	if (rc)
		return rc;
	if ((rc = fb_group_get(st, group_id, &g, err)))
		return rc;
	rc = load_members(st, out, err);
	if (!rc)
		rc = walk_days(st, out, &g, err);
	fb_group_free(&g);
	if (!rc)
		rc = kind_counts(st, out, err);
	if (!rc)
		rc = ticket_figures(st, out, err);
	if (rc) {
		fb_report_figures_free(out);
		return rc;
	}
	for (int i = 0; i < out->nmembers; i++) {
		const fb_member_figures *m = &out->members[i];
		out->logs += m->logs;
		out->days_logged += m->days_logged;
		out->days_due += m->days_due;
		out->days_missing += m->days_missing;
		out->enterprises += m->enterprises;
		out->workers += m->workers;
		out->households += m->households;
		out->enterprise_kinds |= m->enterprise_kinds;
		out->worker_kinds |= m->worker_kinds;
	}
	return FB_OK;
}

/* ---- the frozen form: tab-separated lines ---- */

#define FIG_MAGIC "fieldbook-figures 1"

/* Encode the figures as text for reports.figures. Caller frees. */
char *fb_report_figures_encode(const fb_report_figures *f)
{
	fb_sb b = {0};
	fb_sb_addf(&b, FIG_MAGIC "\nperiod\t%s\t%s\t%s\ncomputed\t%s\n", f->period.start,
	           f->period.end, f->period.label, f->computed_on);
	fb_sb_addf(&b, "totals\t%d\t%d\t%d\t%d\t%lld\t%lld\t%lld\t%u\t%u\t%d\t%d\t%d\t%d\t%d\n",
	           f->logs, f->days_logged, f->days_due, f->days_missing, (long long)f->enterprises,
	           (long long)f->workers, (long long)f->households, f->enterprise_kinds,
	           f->worker_kinds, f->findings, f->tickets_opened, f->tickets_closed,
	           f->tickets_overdue, f->tickets_open);
	for (int which = 0; which < 2; which++) {
		const int *v = which ? f->worker_kind_logs : f->enterprise_kind_logs;
		fb_sb_add(&b, which ? "worker_kinds" : "enterprise_kinds");
		for (int k = 0; k < 32; k++)
			fb_sb_addf(&b, "\t%d", v[k]);
		fb_sb_add(&b, "\n");
	}
	for (int i = 0; i < f->nmembers; i++) {
		const fb_member_figures *m = &f->members[i];
		char name[64];
		snprintf(name, sizeof name, "%s", m->name);
		for (char *c = name; *c; c++)
			if (*c == '\t' || *c == '\n')
				*c = ' ';
		fb_sb_addf(&b, "member\t%lld\t%s\t%d\t%d\t%d\t%d\t%lld\t%lld\t%lld\t%u\t%u\t%s\t%s\n",
		           (long long)m->person_id, m->role, m->logs, m->days_logged, m->days_due,
		           m->days_missing, (long long)m->enterprises, (long long)m->workers,
		           (long long)m->households, m->enterprise_kinds, m->worker_kinds, name,
		           m->missing ? m->missing : "");
	}
	return fb_sb_take(&b);
}

/* Split line at tabs into at most max fields (modifies line). */
static int split_tabs(char *line, char **fields, int max)
{
	int n = 0;
	while (n < max) {
		fields[n++] = line;
		char *t = strchr(line, '\t');
		if (!t)
			break;
		*t = '\0';
		line = t + 1;
	}
	return n;
}

/* Decode what fb_report_figures_encode wrote. */
fb_status fb_report_figures_decode(const char *text, fb_report_figures *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	if (!text || strncmp(text, FIG_MAGIC "\n", sizeof FIG_MAGIC))
		return fb_error_set(err, FB_EFORMAT, "figures",
		                    _("the report's figures are unreadable"));
	char *copy = strdup(text);
	if (!copy)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	fb_status rc = FB_OK;
	int cap = 0;
	char *save = NULL;
	for (char *line = strtok_r(copy, "\n", &save); line && !rc;
	     line = strtok_r(NULL, "\n", &save)) {
		char *v[40];
		int n = split_tabs(line, v, 40);
		if (!strcmp(v[0], "period") && n >= 4) {
			snprintf(out->period.start, sizeof out->period.start, "%s", v[1]);
			snprintf(out->period.end, sizeof out->period.end, "%s", v[2]);
			snprintf(out->period.label, sizeof out->period.label, "%s", v[3]);
		} else if (!strcmp(v[0], "computed") && n >= 2) {
			snprintf(out->computed_on, sizeof out->computed_on, "%s", v[1]);
		} else if (!strcmp(v[0], "totals") && n >= 15) {
			int *ints[] = {&out->logs, &out->days_logged, &out->days_due,
			               &out->days_missing};
			int64_t *sums[] = {&out->enterprises, &out->workers, &out->households};
			for (int i = 0; i < 4; i++)
				*ints[i] = atoi(v[1 + i]);
			for (int i = 0; i < 3; i++)
				*sums[i] = strtoll(v[5 + i], NULL, 10);
			out->enterprise_kinds = (uint32_t)strtoul(v[8], NULL, 10);
			out->worker_kinds = (uint32_t)strtoul(v[9], NULL, 10);
			out->findings = atoi(v[10]);
			out->tickets_opened = atoi(v[11]);
			out->tickets_closed = atoi(v[12]);
			out->tickets_overdue = atoi(v[13]);
			out->tickets_open = atoi(v[14]);
		} else if ((!strcmp(v[0], "enterprise_kinds") || !strcmp(v[0], "worker_kinds")) &&
		           n >= 33) {
			int *dst = v[0][0] == 'e' ? out->enterprise_kind_logs : out->worker_kind_logs;
			for (int k = 0; k < 32; k++)
				dst[k] = atoi(v[1 + k]);
		} else if (!strcmp(v[0], "member") && n >= 14) {
			if (out->nmembers == cap) {
				cap = cap ? cap * 2 : 8;
				fb_member_figures *m = realloc(out->members, sizeof *m * (size_t)cap);
				if (!m) {
					rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
					break;
				}
				out->members = m;
			}
			fb_member_figures *m = &out->members[out->nmembers++];
			memset(m, 0, sizeof *m);
			m->person_id = strtoll(v[1], NULL, 10);
			snprintf(m->role, sizeof m->role, "%s", v[2]);
			int *ints[] = {&m->logs, &m->days_logged, &m->days_due, &m->days_missing};
			int64_t *sums[] = {&m->enterprises, &m->workers, &m->households};
			for (int i = 0; i < 4; i++)
				*ints[i] = atoi(v[3 + i]);
			for (int i = 0; i < 3; i++)
				*sums[i] = strtoll(v[7 + i], NULL, 10);
			m->enterprise_kinds = (uint32_t)strtoul(v[10], NULL, 10);
			m->worker_kinds = (uint32_t)strtoul(v[11], NULL, 10);
			fb_text_copy(v[12], m->name, sizeof m->name);
			m->missing = strdup(n >= 14 ? v[13] : "");
			if (!m->missing)
				rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		}
	}
	free(copy);
	if (rc)
		fb_report_figures_free(out);
	return rc;
}
