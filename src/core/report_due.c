/* report_due.c - the reporting calendar: the schedule of reports (data),
 * due dates by rule and working days, and each report's state. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/perm.h"
#include "fieldbook/date.h"
#include "fieldbook/due.h"
#include "fieldbook/i18n.h"
#include "fieldbook/review.h"
#include "fieldbook/text.h"
#include "internal.h"
#include "report_text.h"

/* ---- the schedule ---- */

static const char *const writers[] = {"leader", "cadre", "hq", NULL};
static const char *const writer_labels[] = {N_("Group leader"), N_("Each cadre"), N_("Headquarters")};
static const char *const periods[] = {"week",      "month", "bimonth", "quarter",
                                      "half_year", "stay",  NULL};
static const char *const period_labels[] = {N_("Week"),    N_("Month"),     N_("Two months"),
                                            N_("Quarter"), N_("Half year"), N_("The stay")};
/* The seeded titles (014_calendar.sql), for the catalogues. */
static const char *const seeded_titles[] = {N_("Weekly report"),
                                            N_("Monthly exchange minutes"),
                                            N_("Bi-monthly review"),
                                            N_("Quarterly summary"),
                                            N_("Quarterly report to the programme office"),
                                            N_("Half-year summary"),
                                            N_("Stage summary"),
                                            N_("Stationing research report"),
                                            N_("Research report of each cadre"),
                                            N_("City-wide summary to the provincial federation")};

static int word_index(const char *v, const char *const *words)
{
	for (int i = 0; v && words[i]; i++)
		if (!strcmp(v, words[i]))
			return i;
	return -1;
}

const char *fb_schedule_writer_label(const char *w)
{
	int i = word_index(w, writers);
	return i < 0 ? (w ? w : "") : _(writer_labels[i]);
}

const char *fb_schedule_period_label(const char *p)
{
	int i = word_index(p, periods);
	return i < 0 ? (p ? p : "") : _(period_labels[i]);
}

const char *fb_schedule_title(const fb_schedule *s)
{
	for (size_t i = 0; i < sizeof seeded_titles / sizeof *seeded_titles; i++)
		if (!strcmp(s->title, seeded_titles[i]))
			return _(seeded_titles[i]);
	return s->title;
}

/* A due rule's parts: kind 'a' after:N, 'd' days:N, 'f' fixed:MM-DD. */
typedef struct rule {
	char kind;
	int n, month, day;
} rule;

static fb_status parse_rule(const char *text, rule *r, fb_error *err)
{
	int used = 0;
	memset(r, 0, sizeof *r);
	if (text && sscanf(text, "after:%3d%n", &r->n, &used) == 1 && !text[used] && r->n >= 1 &&
	    r->n <= 60) {
		r->kind = 'a';
		return FB_OK;
	}
	if (text && sscanf(text, "days:%3d%n", &r->n, &used) == 1 && !text[used] && r->n >= 0 &&
	    r->n <= 366) {
		r->kind = 'd';
		return FB_OK;
	}
	if (text && strlen(text) == 11 &&
	    sscanf(text, "fixed:%2d-%2d%n", &r->month, &r->day, &used) == 2 && !text[used] &&
	    isdigit((unsigned char)text[6]) && isdigit((unsigned char)text[9])) {
		/* a date every year has (29 February would make no date most years) */
		if (fb_date_valid((fb_date){2027, r->month, r->day})) {
			r->kind = 'f';
			return FB_OK;
		}
	}
	return fb_error_set(err, FB_EINVAL, "due_rule",
	                    _("'%s' makes no date; write after:N (the Nth working day after the "
	                      "period, N 1-60), days:N (0-366) or fixed:MM-DD (like fixed:09-30)"),
	                    text ? text : "");
}

fb_status fb_schedule_validate(const fb_schedule *s, fb_error *err)
{
	size_t n = strlen(s->code);
	int ok = n >= 1 && n < sizeof s->code;
	for (size_t i = 0; ok && i < n; i++)
		ok = (s->code[i] >= 'a' && s->code[i] <= 'z') ||
		     (s->code[i] >= '0' && s->code[i] <= '9') || s->code[i] == '_';
	if (!ok)
		return fb_error_set(err, FB_EINVAL, "code",
		                    _("'%s' is not a code: 1-31 of a-z, 0-9 and _"), s->code);
	if (fb_text_blank(s->title) || !fb_text_one_line(s->title))
		return fb_error_set(err, FB_EINVAL, "title",
		                    _("the title is missing or not one line"));
	if (word_index(s->writer, writers) < 0)
		return fb_error_set(err, FB_EINVAL, "writer", _("'%s' is not leader, cadre or hq"),
		                    s->writer);
	if (word_index(s->period, periods) < 0)
		return fb_error_set(
			err, FB_EINVAL, "period",
			_("'%s' is not week, month, bimonth, quarter, half_year or stay"), s->period);
	rule r;
	fb_status rc = parse_rule(s->due_rule, &r, err);
	if (rc)
		return rc;
	if (*s->report_kind) {
		int k = fb_report_kind_parse(s->report_kind);
		static const char *const kind_period[] = {"week", "month", "stay"};
		if (k < 0)
			return fb_error_set(err, FB_EINVAL, "report_kind",
			                    _("'%s' is not weekly, monthly or stage"),
			                    s->report_kind);
		if (strcmp(kind_period[k], s->period) || strcmp(s->writer, "leader"))
			return fb_error_set(err, FB_EINVAL, "report_kind",
			                    _("a %s is the leader's report of a %s"),
			                    fb_report_kind_label((fb_report_kind)k),
			                    fb_schedule_period_label(kind_period[k]));
	}
	if (!fb_text_one_line(s->circular))
		return fb_error_set(err, FB_EINVAL, "circular", _("the circular must be one line"));
	return FB_OK;
}

#define SCHEDULE_COLS \
	"id, uuid, code, title, writer, period, due_rule, IFNULL(report_kind, ''), circular, sort"

static void read_schedule(sqlite3_stmt *s, fb_schedule *o)
{
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, o->uuid, sizeof o->uuid);
	fb_col_copy(s, 2, o->code, sizeof o->code);
	fb_col_copy(s, 3, o->title, sizeof o->title);
	fb_col_copy(s, 4, o->writer, sizeof o->writer);
	fb_col_copy(s, 5, o->period, sizeof o->period);
	fb_col_copy(s, 6, o->due_rule, sizeof o->due_rule);
	fb_col_copy(s, 7, o->report_kind, sizeof o->report_kind);
	fb_col_copy(s, 8, o->circular, sizeof o->circular);
	o->sort = sqlite3_column_int(s, 9);
}

fb_status fb_schedule_get(fb_store *st, const char *code, fb_schedule *out, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st, "SELECT " SCHEDULE_COLS " FROM report_schedule WHERE code = ?1 AND deleted = 0",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	fb_bind_text(s, 1, code);
	int row = fb_store_step(st, s, err);
	if (row > 0)
		read_schedule(s, out);
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return fb_error_set(
			err, FB_ENOTFOUND, "code",
			_("no report '%s' in the schedule (see: fieldbook report schedule)"),
			code ? code : "");
	return FB_OK;
}

fb_status fb_schedule_each(fb_store *st, fb_schedule_cb cb, void *ctx, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT " SCHEDULE_COLS " FROM report_schedule"
	                                " WHERE deleted = 0 ORDER BY sort, code",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	int rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		fb_schedule e;
		read_schedule(s, &e);
		if (cb(&e, ctx))
			break;
	}
	sqlite3_reset(s);
	return rc < 0 ? fb_stmt_failed(err) : FB_OK;
}

fb_status fb_schedule_save(fb_store *st, fb_schedule *e, fb_error *err)
{
	fb_status rc = fb_schedule_validate(e, err);
	if (rc || (rc = fb_perm_check(st, FB_ACT_SCHEDULE_WRITE, NULL, err)))
		return rc;
	fb_schedule old;
	fb_error e2 = {0};
	rc = fb_schedule_get(st, e->code, &old, &e2);
	if (rc && rc != FB_ENOTFOUND) {
		if (err)
			*err = e2;
		return rc;
	}
	int update = rc == FB_OK;
	sqlite3_stmt *s = fb_store_stmt(st,
	                                update ? "UPDATE report_schedule SET title = ?5, writer = "
	                                         "?6, period = ?7, due_rule = ?8,"
	                                         " report_kind = nullif(?9, ''), circular = ?10, "
	                                         "sort = ?11, origin = ?2, rev = ?3,"
	                                         " updated_at = ?4 WHERE uuid = ?1"
	                                       : "INSERT INTO report_schedule (uuid, origin, rev, "
	                                         "updated_at, title, writer, period,"
	                                         " due_rule, report_kind, circular, sort, code) "
	                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	                                         " ?8, nullif(?9, ''), ?10, ?11, ?12)",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	if (update)
		snprintf(e->uuid, sizeof e->uuid, "%s", old.uuid);
	else if ((rc = fb_new_uuid(e->uuid, err)))
		return rc;
	if ((rc = fb_store_begin(st, err)))
		return rc;
	char now[21];
	fb_bind_text(s, 1, e->uuid);
	fb_bind_text(s, 2, fb_store_device(st));
	sqlite3_bind_int64(s, 3, fb_store_next_rev(st));
	sqlite3_bind_text(s, 4, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	fb_bind_text(s, 5, e->title);
	fb_bind_text(s, 6, e->writer);
	fb_bind_text(s, 7, e->period);
	fb_bind_text(s, 8, e->due_rule);
	fb_bind_text(s, 9, e->report_kind);
	fb_bind_text(s, 10, e->circular);
	sqlite3_bind_int(s, 11, e->sort);
	if (!update)
		fb_bind_text(s, 12, e->code);
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	e->id = update ? old.id : sqlite3_last_insert_rowid(fb_store_db(st));
	return fb_store_commit(st, err);
}

/* ---- due dates ---- */

#define ymd fb_date_or_epoch

fb_status fb_due_date(const fb_workdays *w, const char *text, const fb_period *p, char out[11],
                      fb_error *err)
{
	rule r;
	fb_status rc = parse_rule(text, &r, err);
	if (rc)
		return rc;
	fb_date d;
	if (r.kind == 'a') {
		d = fb_workdays_after(w, ymd(p->end), r.n);
	} else if (r.kind == 'd') {
		d = fb_date_add(ymd(p->end), r.n);
	} else {
		fb_date start = ymd(p->start);
		d = (fb_date){start.y, r.month, r.day};
		if (fb_date_to_days(d) < fb_date_to_days(start))
			d.y++;
	}
	fb_date_format(d, out);
	return FB_OK;
}

static const char *const state_codes[] = {"not_due", "due_soon", "overdue", "on_time", "late"};

const char *fb_due_state_code(fb_due_state s) { return (unsigned)s < 5 ? state_codes[s] : ""; }

const char *fb_due_state_label(fb_due_state s)
{
	switch (s) {
	case FB_DUE_NOT_YET: return _("not due yet");
	case FB_DUE_SOON: return _("due soon");
	case FB_DUE_OVERDUE: return _("overdue");
	case FB_DUE_ON_TIME: return _("submitted on time");
	case FB_DUE_LATE: return _("submitted late");
	}
	return "";
}

char *fb_due_state_text(const fb_due_item *it, char *out, size_t size)
{
	int one = it->days == 1;
	switch (it->state) {
	case FB_DUE_OVERDUE:
		if (one)
			snprintf(out, size, "%s", _("overdue by 1 day"));
		else
			snprintf(out, size, _("overdue by %d days"), it->days);
		break;
	case FB_DUE_LATE:
		if (one)
			snprintf(out, size, "%s", _("submitted late by 1 day"));
		else
			snprintf(out, size, _("submitted late by %d days"), it->days);
		break;
	case FB_DUE_SOON:
		if (it->days == 0)
			snprintf(out, size, "%s", _("due today"));
		else if (one)
			snprintf(out, size, "%s", _("due soon (1 day left)"));
		else
			snprintf(out, size, _("due soon (%d days left)"), it->days);
		break;
	default: snprintf(out, size, "%s", fb_due_state_label(it->state));
	}
	return out;
}

fb_due_state fb_due_state_of(const char *due, const char *done, const char *today, int *days)
{
	long d = fb_date_to_days(ymd(due)), t = fb_date_to_days(ymd(today));
	if (done && *done) {
		long s = fb_date_to_days(ymd(done));
		*days = s > d ? (int)(s - d) : 0;
		return s > d ? FB_DUE_LATE : FB_DUE_ON_TIME;
	}
	if (t > d) {
		*days = (int)(t - d);
		return FB_DUE_OVERDUE;
	}
	*days = (int)(d - t);
	return d - t <= FB_DUE_SOON_DAYS ? FB_DUE_SOON : FB_DUE_NOT_YET;
}

/* ---- periods ---- */

/* The period of unit (not stay) containing d. */
static void period_of(const char *unit, fb_date d, fb_period *p)
{
	char ds[11];
	if (!strcmp(unit, "week")) {
		fb_period_week_of(fb_date_format(d, ds), p);
		return;
	}
	int months = !strcmp(unit, "month")     ? 1
	             : !strcmp(unit, "bimonth") ? 2
	             : !strcmp(unit, "quarter") ? 3
	                                        : 6;
	int first = (d.m - 1) / months * months + 1;
	fb_date a = {d.y, first, 1};
	fb_date next =
		first + months > 12 ? (fb_date){d.y + 1, 1, 1} : (fb_date){d.y, first + months, 1};
	fb_date_format(a, p->start);
	fb_date_format(fb_date_add(next, -1), p->end);
	int i = (first - 1) / months + 1;
	if (months == 1)
		snprintf(p->label, sizeof p->label, "%04d-%02d", d.y, d.m);
	else
		snprintf(p->label, sizeof p->label, "%04d-%c%d", d.y,
		         months == 2   ? 'B'
		         : months == 3 ? 'Q'
		                       : 'H',
		         i);
}

fb_status fb_due_period_of(fb_store *st, const fb_schedule *s, int64_t group_id, const char *date,
                           fb_period *p, fb_error *err)
{
	if (!strcmp(s->period, "stay"))
		return fb_period_stage(st, group_id, p, err);
	fb_date d;
	fb_status rc = fb_date_parse(date, &d, "period", err);
	if (!rc)
		period_of(s->period, d, p);
	return rc;
}

/* ---- the due list ---- */

typedef struct sched_list {
	fb_schedule *v;
	int n, cap;
	int failed;
} sched_list;

static int add_schedule(const fb_schedule *s, void *ctx)
{
	sched_list *l = ctx;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 16;
		fb_schedule *v = realloc(l->v, sizeof *v * (size_t)cap);
		if (!v) {
			l->failed = 1;
			return 1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *s;
	return 0;
}

typedef struct due_acc {
	fb_due_item *v;
	int n, cap;
} due_acc;

static fb_due_item *push(due_acc *a, fb_error *err)
{
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 64;
		fb_due_item *v = realloc(a->v, sizeof *v * (size_t)cap);
		if (!v) {
			fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
			return NULL;
		}
		a->v = v;
		a->cap = cap;
	}
	fb_due_item *it = &a->v[a->n++];
	memset(it, 0, sizeof *it);
	return it;
}

/* The day a compiled report was first submitted and its latest revision. */
static fb_status compiled_state(fb_store *st, fb_due_item *it, const char *kind, int stay,
                                fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT submitted_at, id FROM reports WHERE group_id = ?1 AND kind = ?2"
		" AND deleted = 0 AND (?3 = '' OR period_start = ?3) ORDER BY revision_no",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, it->group_id);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, stay ? "" : it->period.start, -1, SQLITE_STATIC);
	int rc;
	char first[21] = "";
	while ((rc = fb_store_step(st, s, err)) == 1) {
		it->report_id = sqlite3_column_int64(s, 1);
		const char *at = (const char *)sqlite3_column_text(s, 0);
		if (at && *at && (!*first || strcmp(at, first) < 0))
			snprintf(first, sizeof first, "%s", at);
	}
	sqlite3_reset(s);
	if (rc < 0)
		return fb_stmt_failed(err);
	if (*first)
		fb_local_time(first, 0, it->done_on, sizeof it->done_on);
	if (!it->report_id)
		return FB_OK;
	fb_review_status rs;
	fb_status r = fb_review_status_of(st, it->report_id, &rs, err);
	it->review = r ? 0 : (int)rs.state;
	return r;
}

/* The day a report written elsewhere was filed. */
static fb_status filed_state(fb_store *st, fb_due_item *it, fb_error *err)
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

typedef struct span {
	int64_t group_id;
	char group_name[128];
	char start[11], end[11]; /* the stay: end is ends_on, or today */
	char stage_end[11];      /* min(ends_on, today) */
} span;

/* One item of entry e for period p (and person), its state filled in. */
static fb_status add_item(fb_store *st, const fb_workdays *w, const fb_due_opts *o,
                          const char *today, const fb_schedule *e, const span *g, const fb_period *p,
                          int64_t person, const char *person_name, due_acc *acc, fb_error *err)
{
	char due[11];
	fb_status rc = fb_due_date(w, e->due_rule, p, due, err);
	if (rc)
		return rc;
	fb_due_item it = {0};
	snprintf(it.code, sizeof it.code, "%s", e->code);
	snprintf(it.title, sizeof it.title, "%s", fb_schedule_title(e));
	snprintf(it.writer, sizeof it.writer, "%s", e->writer);
	it.group_id = g->group_id;
	snprintf(it.group_name, sizeof it.group_name, "%s", g->group_name);
	it.person_id = person;
	snprintf(it.person_name, sizeof it.person_name, "%s", person_name ? person_name : "");
	it.period = *p;
	it.seq = e->sort;
	memcpy(it.due_on, due, sizeof due);
	if (*e->report_kind)
		rc = compiled_state(st, &it, e->report_kind, !strcmp(e->period, "stay"), err);
	else
		rc = filed_state(st, &it, err);
	if (rc)
		return rc;
	it.state = fb_due_state_of(it.due_on, it.done_on, today, &it.days);
	if (o->open_only && it.state != FB_DUE_SOON && it.state != FB_DUE_OVERDUE)
		return FB_OK;
	fb_due_item *slot = push(acc, err);
	if (!slot)
		return FB_ENOMEM;
	*slot = it;
	return FB_OK;
}

/* The periods of e over the span, for the person (0: the group's). */
static fb_status add_periods(fb_store *st, const fb_workdays *w, const fb_due_opts *o,
                             const char *today, const fb_schedule *e, const span *g, int64_t person,
                             const char *person_name, due_acc *acc, fb_error *err)
{
	if (!strcmp(e->period, "stay")) {
		fb_period p = {0};
		snprintf(p.start, sizeof p.start, "%s", g->start);
		snprintf(p.end, sizeof p.end, "%s", g->stage_end);
		snprintf(p.label, sizeof p.label, "stage");
		return add_item(st, w, o, today, e, g, &p, person, person_name, acc, err);
	}
	/* every period that has begun by today and by the stay's end */
	char last[11];
	fb_date_min(g->end, today, last);
	fb_period p;
	period_of(e->period, ymd(g->start), &p);
	for (int guard = 0; strcmp(p.start, last) <= 0 && guard < 2000; guard++) {
		/* due only for a period with a working day of the stay (a stay
		 * that begins on a Sunday owes no report for the week before) */
		char lo[11], hi[11];
		fb_date_max(p.start, g->start, lo);
		fb_date_min(p.end, g->end, hi);
		fb_status rc =
			fb_workdays_count(w, lo, hi) > 0
				? add_item(st, w, o, today, e, g, &p, person, person_name, acc, err)
				: FB_OK;
		if (rc)
			return rc;
		period_of(e->period, fb_date_add(ymd(p.end), 1), &p);
	}
	return FB_OK;
}

/* The cadres of a group: each writes their own report. */
static fb_status add_cadres(fb_store *st, const fb_workdays *w, const fb_due_opts *o,
                            const char *today, const fb_schedule *e, const span *g, due_acc *acc,
                            fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT id, name FROM people WHERE group_id = ?1"
	                                " AND deleted = 0 AND role != 'hq'"
	                                " ORDER BY role = 'leader' DESC, name, id",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, g->group_id);
	/* the roster first (the statement is reused below through add_item) */
	int64_t ids[64];
	char names[64][64];
	int n = 0, rc;
	while ((rc = fb_store_step(st, s, err)) == 1 && n < 64) {
		ids[n] = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, names[n], sizeof names[n]);
		n++;
	}
	sqlite3_reset(s);
	if (rc < 0)
		return fb_stmt_failed(err);
	for (int i = 0; i < n; i++) {
		fb_status r = add_periods(st, w, o, today, e, g, ids[i], names[i], acc, err);
		if (r)
			return r;
	}
	return FB_OK;
}

/* Due date, then the schedule's order, the period, the writer. */
static int by_due(const void *a, const void *b)
{
	const fb_due_item *x = a, *y = b;
	int c = strcmp(x->due_on, y->due_on);
	if (!c)
		c = (x->seq > y->seq) - (x->seq < y->seq);
	if (!c)
		c = strcmp(x->period.start, y->period.start);
	if (!c)
		c = (x->person_id > y->person_id) - (x->person_id < y->person_id);
	return c;
}

fb_status fb_due_list(fb_store *st, const fb_due_opts *o, fb_due_item **items, int *n, fb_error *err)
{
	*items = NULL;
	*n = 0;
	char today[11];
	if (o->today && *o->today)
		snprintf(today, sizeof today, "%s", o->today);
	else
		fb_date_format(fb_today(), today);
	sched_list sl = {0};
	fb_workdays *w = NULL;
	due_acc acc = {0};
	fb_status rc = fb_schedule_each(st, add_schedule, &sl, err);
	if (!rc && sl.failed)
		rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	if (!rc)
		rc = fb_workdays_load(st, &w, err);
	if (rc)
		goto out;
	/* each live group's stay: from started_on (or the first log) */
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT g.id, g.name, IFNULL(g.started_on, (SELECT MIN(date) FROM logs l"
		" WHERE l.group_id = g.id AND l.deleted = 0)), IFNULL(g.ends_on, '')"
		" FROM work_groups g WHERE g.deleted = 0 AND (?1 = 0 OR g.id = ?1) ORDER BY "
	        "g.name, g.id",
		err);
	if (!s) {
		rc = err ? err->code : FB_EDB;
		goto out;
	}
	sqlite3_bind_int64(s, 1, o->group_id);
	span *spans = NULL;
	int nspans = 0, cap = 0, row;
	while ((row = fb_store_step(st, s, err)) == 1) {
		if (sqlite3_column_type(s, 2) == SQLITE_NULL)
			continue; /* no start and no log: nothing is due yet */
		if (nspans == cap) {
			cap = cap ? cap * 2 : 16;
			span *v = realloc(spans, sizeof *v * (size_t)cap);
			if (!v) {
				row = -2;
				break;
			}
			spans = v;
		}
		span *g = &spans[nspans++];
		memset(g, 0, sizeof *g);
		g->group_id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, g->group_name, sizeof g->group_name);
		fb_col_copy(s, 2, g->start, sizeof g->start);
		fb_col_copy(s, 3, g->end, sizeof g->end);
		if (!*g->end)
			memcpy(g->end, today, sizeof today);
		fb_date_min(g->end, today, g->stage_end);
		if (strcmp(g->stage_end, g->start) < 0)
			memcpy(g->stage_end, g->start, sizeof g->start);
	}
	sqlite3_reset(s);
	if (row == -2)
		rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	else if (row < 0)
		rc = fb_stmt_failed(err);
	/* HQ's own reports span every group's stay */
	span hq = {0};
	for (int i = 0; i < nspans; i++) {
		if (!*hq.start || strcmp(spans[i].start, hq.start) < 0)
			memcpy(hq.start, spans[i].start, sizeof hq.start);
		if (strcmp(spans[i].end, hq.end) > 0)
			memcpy(hq.end, spans[i].end, sizeof hq.end);
	}
	fb_date_min(hq.end, today, hq.stage_end);
	snprintf(hq.group_name, sizeof hq.group_name, "%s", _("Headquarters"));
	for (int i = 0; !rc && i < nspans; i++) {
		const span *g = &spans[i];
		if (strcmp(g->start, today) > 0)
			continue; /* the stay has not begun */
		for (int k = 0; !rc && k < sl.n; k++) {
			const fb_schedule *e = &sl.v[k];
			if (!strcmp(e->writer, "leader"))
				rc = add_periods(st, w, o, today, e, g, 0, NULL, &acc, err);
			else if (!strcmp(e->writer, "cadre"))
				rc = add_cadres(st, w, o, today, e, g, &acc, err);
		}
	}
	for (int k = 0;
	     !rc && o->group_id == 0 && nspans && strcmp(hq.start, today) <= 0 && k < sl.n; k++)
		if (!strcmp(sl.v[k].writer, "hq"))
			rc = add_periods(st, w, o, today, &sl.v[k], &hq, 0, NULL, &acc, err);
	free(spans);
	/* each group's items (they come group by group) by due date */
	for (int i = 0, j; !rc && i < acc.n; i = j) {
		for (j = i; j < acc.n && acc.v[j].group_id == acc.v[i].group_id; j++)
			;
		qsort(acc.v + i, (size_t)(j - i), sizeof *acc.v, by_due);
	}
out:
	fb_workdays_free(w);
	free(sl.v);
	if (rc) {
		free(acc.v);
		return rc;
	}
	*items = acc.v;
	*n = acc.n;
	return FB_OK;
}

fb_status fb_due_count(const fb_due_item *items, int n, fb_due_counts **counts, int *ncounts,
                       fb_error *err)
{
	*counts = NULL;
	*ncounts = 0;
	fb_due_counts *v = NULL;
	int k = 0;
	for (int i = 0; i < n; i++) {
		int j = k - 1;
		if (j < 0 || v[j].group_id != items[i].group_id) {
			for (j = 0; j < k && v[j].group_id != items[i].group_id; j++)
				;
			if (j == k) {
				fb_due_counts *nv = realloc(v, sizeof *nv * (size_t)(k + 1));
				if (!nv) {
					free(v);
					return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
				}
				v = nv;
				memset(&v[k], 0, sizeof v[k]);
				v[k].group_id = items[i].group_id;
				snprintf(v[k].group_name, sizeof v[k].group_name, "%s",
				         items[i].group_name);
				k++;
			}
		}
		if ((unsigned)items[i].state < 5)
			v[j].n[items[i].state]++;
		if (items[i].state == FB_DUE_LATE || items[i].state == FB_DUE_OVERDUE)
			v[j].late_days += items[i].days;
		if ((unsigned)items[i].review < 5)
			v[j].reviews[items[i].review]++;
	}
	*counts = v;
	*ncounts = k;
	return FB_OK;
}

/* The entry of the schedule that compiles kind (first in its order). */
static int find_kind(const fb_schedule *s, void *ctx)
{
	fb_schedule *want = ctx;
	if (strcmp(s->report_kind, want->report_kind))
		return 0;
	*want = *s;
	want->id = s->id ? s->id : -1;
	return 1;
}

fb_status fb_due_of_report(fb_store *st, const fb_report *r, fb_due_item *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	fb_schedule e = {0};
	snprintf(e.report_kind, sizeof e.report_kind, "%s", fb_report_kind_code(r->kind));
	fb_status rc = fb_schedule_each(st, find_kind, &e, err);
	if (rc)
		return rc;
	if (!e.id)
		return FB_ENOTFOUND;
	fb_workdays *w = NULL;
	if ((rc = fb_workdays_load(st, &w, err)))
		return rc;
	rc = fb_due_date(w, e.due_rule, &r->period, out->due_on, err);
	fb_workdays_free(w);
	if (rc)
		return rc;
	snprintf(out->code, sizeof out->code, "%s", e.code);
	snprintf(out->title, sizeof out->title, "%s", fb_schedule_title(&e));
	snprintf(out->writer, sizeof out->writer, "%s", e.writer);
	out->group_id = r->group_id;
	snprintf(out->group_name, sizeof out->group_name, "%s", r->group_name);
	out->period = r->period;
	if ((rc = compiled_state(st, out, e.report_kind, !strcmp(e.period, "stay"), err)))
		return rc;
	char today[11];
	fb_date_format(fb_today(), today);
	out->state = fb_due_state_of(out->due_on, out->done_on, today, &out->days);
	return FB_OK;
}

/* ---- filings ---- */

fb_status fb_due_file(fb_store *st, const char *code, int64_t group_id, int64_t person_id,
                      const char *period_start, const char *filed_on, int64_t by, fb_error *err)
{
	fb_schedule e;
	fb_status rc = fb_schedule_get(st, code, &e, err);
	if (rc)
		return rc;
	if (*e.report_kind)
		return fb_error_set(
			err, FB_EINVAL, "code",
			_("fieldbook compiles the %s: submit it (fieldbook report submit)"),
			fb_schedule_title(&e));
	if (!strcmp(e.writer, "hq") ? group_id != 0
	                            : (rc = fb_check_group_ref(st, "group", group_id, err)))
		return rc ? rc
		          : fb_error_set(err, FB_EINVAL, "group", _("HQ's own report has no group"));
	if (!strcmp(e.writer, "cadre")) {
		int64_t pg = 0;
		if ((rc = fb_check_person_ref(st, "person", person_id, 0, &pg, NULL, err)))
			return rc;
		if (pg != group_id)
			return fb_error_set(err, FB_EINVAL, "person",
			                    _("the person is not in the group"));
	} else if (person_id) {
		return fb_error_set(err, FB_EINVAL, "person",
		                    _("the %s is the group's, not one person's"),
		                    fb_schedule_title(&e));
	}
	if (by && (rc = fb_check_person_ref(st, "filed_by", by, 0, NULL, NULL, err)))
		return rc;
	fb_perm_on on = {.group_id = group_id, .owner = person_id};
	if ((rc = fb_perm_check(st, FB_ACT_REPORT_FILE, &on, err)))
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
	if (!strcmp(e.period, "stay")) {
		if (group_id) {
			if ((rc = fb_period_stage(st, group_id, &p, err)))
				return rc;
		} else {
			snprintf(p.start, sizeof p.start, "%s", period_start ? period_start : "");
		}
	} else {
		fb_date d;
		if ((rc = fb_date_parse(period_start, &d, "period", err)))
			return rc;
		period_of(e.period, d, &p);
	}
	if (!period_start || strcmp(p.start, period_start))
		return fb_error_set(err, FB_EINVAL, "period",
		                    _("'%s' does not start a period of the %s (it would be %s)"),
		                    period_start ? period_start : "", fb_schedule_title(&e), p.start);
	if (strcmp(fds, p.start) < 0)
		return fb_error_set(err, FB_EINVAL, "filed_on",
		                    _("%s is before the period starts (%s)"), fds, p.start);
	fb_due_item it = {0};
	snprintf(it.code, sizeof it.code, "%s", code);
	it.group_id = group_id;
	it.person_id = person_id;
	it.period = p;
	if ((rc = filed_state(st, &it, err)))
		return rc;
	if (*it.done_on)
		return fb_error_set(err, FB_ESTATE, "period", _("it was filed already, on %s"),
		                    it.done_on);
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
	fb_bind_text(s, 8, p.start);
	fb_bind_text(s, 9, fds);
	fb_bind_opt_id(s, 10, by);
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}
