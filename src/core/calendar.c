/* calendar.c - working days (public holidays and make-up working days as
 * data) and leave per person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/perm.h"
#include "fieldbook/calendar.h"
#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
#include "internal.h"

/* ---- working days ---- */

/* A day that is not what its weekday says: a holiday on a weekday, a
 * make-up working day on a weekend (or either on any day: the table
 * decides). */
typedef struct exc {
	long day;
	int work;  /* 1 make-up working day, 0 holiday */
	int entry; /* index into names */
} exc;

struct fb_workdays {
	exc *days; /* by day */
	int n;
	char **names;
	char (*kinds)[10];
	int nnames;
};

fb_date fb_date_or_epoch(const char *s)
{
	fb_date d = {1970, 1, 1};
	if (!s || fb_date_parse(s, &d, "date", NULL) != FB_OK)
		d = (fb_date){1970, 1, 1};
	return d;
}

int fb_text_one_line(const char *s)
{
	if (!s || !fb_utf8_valid(s, strlen(s)))
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

void fb_workdays_free(fb_workdays *w)
{
	if (!w)
		return;
	for (int i = 0; i < w->nnames; i++)
		free(w->names[i]);
	free(w->names);
	free(w->kinds);
	free(w->days);
	free(w);
}

static int exc_cmp(const void *a, const void *b)
{
	long x = ((const exc *)a)->day, y = ((const exc *)b)->day;
	return x < y ? -1 : x > y;
}

fb_status fb_workdays_load(fb_store *st, fb_workdays **out, fb_error *err)
{
	*out = NULL;
	fb_workdays *w = calloc(1, sizeof *w);
	if (!w)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT first_day, last_day, kind, name FROM calendar_days"
	                                " WHERE deleted = 0 ORDER BY first_day",
	                                err);
	if (!s) {
		fb_workdays_free(w);
		return err ? err->code : FB_EDB;
	}
	int rc, cap = 0, ncap = 0;
	fb_status r = FB_OK;
	while (!r && (rc = fb_store_step(st, s, err)) == 1) {
		long a = fb_date_to_days(fb_date_or_epoch((const char *)sqlite3_column_text(s, 0)));
		long b = fb_date_to_days(fb_date_or_epoch((const char *)sqlite3_column_text(s, 1)));
		if (b < a || b - a > 366) /* held by fb_calendar_add; a bundle's row may not be */
			continue;
		if (w->nnames == ncap) {
			ncap = ncap ? ncap * 2 : 32;
			char **nn = realloc(w->names, sizeof *nn * (size_t)ncap);
			char(*nk)[10] = nn ? realloc(w->kinds, sizeof *nk * (size_t)ncap) : NULL;
			if (nn)
				w->names = nn;
			if (!nk) {
				r = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
				break;
			}
			w->kinds = nk;
		}
		int work = !strcmp((const char *)sqlite3_column_text(s, 2), "workday");
		w->names[w->nnames] = fb_col_dup(s, 3);
		snprintf(w->kinds[w->nnames], sizeof w->kinds[0], "%s", work ? "workday" : "holiday");
		if (!w->names[w->nnames]) {
			r = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
			break;
		}
		int entry = w->nnames++;
		for (long d = a; d <= b; d++) {
			if (w->n == cap) {
				cap = cap ? cap * 2 : 128;
				exc *nd = realloc(w->days, sizeof *nd * (size_t)cap);
				if (!nd) {
					r = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
					break;
				}
				w->days = nd;
			}
			w->days[w->n++] = (exc){d, work, entry};
		}
	}
	sqlite3_reset(s);
	if (!r && rc < 0)
		r = fb_stmt_failed(err);
	if (r) {
		fb_workdays_free(w);
		return r;
	}
	if (w->n)
		qsort(w->days, (size_t)w->n, sizeof *w->days, exc_cmp);
	*out = w;
	return FB_OK;
}

/* Index of the first exception on or after day. */
static int lower(const fb_workdays *w, long day)
{
	int lo = 0, hi = w ? w->n : 0;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (w->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const exc *find_exc(const fb_workdays *w, long day)
{
	int i = lower(w, day);
	return w && i < w->n && w->days[i].day == day ? &w->days[i] : NULL;
}

int fb_workdays_is(const fb_workdays *w, fb_date d)
{
	const exc *e = find_exc(w, fb_date_to_days(d));
	return e ? e->work : fb_date_weekday(d) < 5;
}

int fb_workdays_count(const fb_workdays *w, const char *from, const char *to)
{
	long a = fb_date_to_days(fb_date_or_epoch(from)), b = fb_date_to_days(fb_date_or_epoch(to));
	if (b < a)
		return 0;
	/* Whole weeks have five weekdays; walk the remainder. */
	long n = b - a + 1, full = n / 7, count = full * 5;
	fb_date d = fb_date_from_days(a + full * 7);
	for (long i = full * 7; i < n; i++, d = fb_date_add(d, 1))
		if (fb_date_weekday(d) < 5)
			count++;
	/* The exceptions in the span: a holiday on a weekday takes one away, a
	 * make-up day on a weekend adds one. */
	for (int i = lower(w, a); w && i < w->n && w->days[i].day <= b; i++) {
		int weekday = fb_date_weekday(fb_date_from_days(w->days[i].day)) < 5;
		if (weekday && !w->days[i].work)
			count--;
		else if (!weekday && w->days[i].work)
			count++;
	}
	return (int)count;
}

fb_date fb_workdays_after(const fb_workdays *w, fb_date d, int n)
{
	/* at most n working days plus every holiday in between: bounded */
	for (long guard = 0; n > 0 && guard < 4000; guard++) {
		d = fb_date_add(d, 1);
		if (fb_workdays_is(w, d))
			n--;
	}
	return d;
}

const char *fb_workdays_name(const fb_workdays *w, fb_date d, const char **kind)
{
	const exc *e = find_exc(w, fb_date_to_days(d));
	if (kind)
		*kind = e ? w->kinds[e->entry] : "";
	return e ? w->names[e->entry] : "";
}

/* ---- the holiday table ---- */

const char *fb_calendar_kind_label(const char *kind)
{
	if (kind && !strcmp(kind, "holiday"))
		return _("Public holiday");
	if (kind && !strcmp(kind, "workday"))
		return _("Make-up working day");
	return kind ? kind : "";
}

/* A real YYYY-MM-DD date in the field; its day number into *days. */
static fb_status check_day(const char *field, const char *v, long *days, fb_error *err)
{
	fb_date d;
	if (!v || strlen(v) != 10 || fb_date_parse(v, &d, field, NULL) != FB_OK)
		return fb_error_set(err, FB_EINVAL, field,
		                    _("'%s' is not a date; write it like 2026-10-01"), v ? v : "");
	*days = fb_date_to_days(d);
	return FB_OK;
}

/* first..last are dates in order and at most max_days long. */
static fb_status check_span(const char *first, const char *last, long max_days, fb_error *err)
{
	long a, b;
	fb_status rc;
	if ((rc = check_day("first_day", first, &a, err)) ||
	    (rc = check_day("last_day", last, &b, err)))
		return rc;
	if (b < a)
		return fb_error_set(err, FB_EINVAL, "last_day",
		                    _("it ends (%s) before it starts (%s)"), last, first);
	if (b - a + 1 > max_days)
		return fb_error_set(err, FB_EINVAL, "last_day",
		                    _("%ld days is longer than %ld days"), b - a + 1, max_days);
	return FB_OK;
}

/* Insert with the sync columns; sql binds ?1 uuid, ?2 origin, ?3 rev,
 * ?4 updated_at, the record's own fields from ?5 (bound by the caller). */
static fb_status insert_synced(fb_store *st, sqlite3_stmt *s, char uuid[37], int64_t *id,
                               fb_error *err)
{
	fb_status rc;
	char now[21];
	if ((rc = fb_new_uuid(uuid, err)) || (rc = fb_store_begin(st, err))) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return rc;
	}
	fb_bind_text(s, 1, uuid);
	fb_bind_text(s, 2, fb_store_device(st));
	sqlite3_bind_int64(s, 3, fb_store_next_rev(st));
	sqlite3_bind_text(s, 4, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	*id = sqlite3_last_insert_rowid(fb_store_db(st));
	return fb_store_commit(st, err);
}

/* The first live row of sql (binding ?1 first, ?2 last, ?3 person) that
 * overlaps a span: its three text columns into cols, *found 1 (0 none). */
static fb_status find_overlap(fb_store *st, const char *sql, const char *first, const char *last,
                              int64_t person, char cols[3][64], int *found, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, last, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, person);
	int row = fb_store_step(st, s, err);
	*found = row > 0;
	for (int i = 0; row > 0 && i < 3; i++)
		fb_col_copy(s, i, cols[i], sizeof cols[i]);
	sqlite3_reset(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

fb_status fb_calendar_validate(const fb_calendar_entry *e, fb_error *err)
{
	fb_status rc = check_span(e->first_day, e->last_day, 31, err);
	if (rc)
		return rc;
	if (strcmp(e->kind, "holiday") && strcmp(e->kind, "workday"))
		return fb_error_set(
			err, FB_EINVAL, "kind",
			_("'%s' is neither holiday nor workday (a make-up working day)"), e->kind);
	if (fb_text_blank(e->name))
		return fb_error_set(err, FB_EINVAL, "name",
		                    _("the name is missing (国庆节, 春节调休上班)"));
	if (!fb_text_one_line(e->name) || strlen(e->name) >= sizeof e->name)
		return fb_error_set(err, FB_EINVAL, "name",
		                    _("the name must be one line of at most %d bytes"),
		                    (int)sizeof e->name - 1);
	return FB_OK;
}

fb_status fb_calendar_add(fb_store *st, fb_calendar_entry *e, fb_error *err)
{
	fb_status rc = fb_calendar_validate(e, err);
	if (rc || (rc = fb_perm_check(st, FB_ACT_CALENDAR_WRITE, NULL, err)))
		return rc;
	char cols[3][64];
	int found;
	if ((rc = find_overlap(st,
	                       "SELECT first_day, last_day, name FROM calendar_days WHERE"
	                       " deleted = 0 AND first_day <= ?2 AND last_day >= ?1 AND ?3 = 0"
	                       " ORDER BY first_day LIMIT 1",
	                       e->first_day, e->last_day, 0, cols, &found, err)))
		return rc;
	if (found)
		return fb_error_set(err, FB_EINVAL, "first_day", _("%s..%s overlaps %s (%s..%s)"),
		                    e->first_day, e->last_day, cols[2], cols[0], cols[1]);
	sqlite3_stmt *s =
		fb_store_stmt(st,
	                      "INSERT INTO calendar_days (uuid, origin, rev, updated_at, first_day,"
	                      " last_day, kind, name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	                      err);
	if (!s)
		return err ? err->code : FB_EDB;
	fb_bind_text(s, 5, e->first_day);
	fb_bind_text(s, 6, e->last_day);
	fb_bind_text(s, 7, e->kind);
	fb_bind_text(s, 8, e->name);
	return insert_synced(st, s, e->uuid, &e->id, err);
}

fb_status fb_calendar_remove(fb_store *st, int64_t id, fb_error *err)
{
	fb_status rc = fb_perm_check(st, FB_ACT_CALENDAR_WRITE, NULL, err);
	if (rc)
		return rc;
	rc = fb_tombstone(st, "calendar_days", id, err);
	if (rc == FB_ENOTFOUND)
		return fb_error_set(err, rc, "id", _("no holiday entry %lld"), (long long)id);
	return rc;
}

fb_status fb_calendar_each(fb_store *st, const char *from, const char *to, fb_calendar_cb cb,
                           void *ctx, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT id, uuid, first_day, last_day, kind, name"
	                                " FROM calendar_days WHERE deleted = 0"
	                                " AND last_day >= ?1 AND first_day <= ?2"
	                                " ORDER BY first_day, id",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, from ? from : "0000-00-00", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, to ? to : "9999-99-99", -1, SQLITE_STATIC);
	int rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		fb_calendar_entry e = {0};
		e.id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, e.uuid, sizeof e.uuid);
		fb_col_copy(s, 2, e.first_day, sizeof e.first_day);
		fb_col_copy(s, 3, e.last_day, sizeof e.last_day);
		fb_col_copy(s, 4, e.kind, sizeof e.kind);
		fb_col_copy(s, 5, e.name, sizeof e.name);
		if (cb(&e, ctx))
			break;
	}
	sqlite3_reset(s);
	return rc < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* ---- leave ---- */

fb_status fb_leave_validate(fb_store *st, const fb_leave *l, int64_t rev, fb_error *err)
{
	int64_t group = 0;
	fb_status rc = fb_check_person_ref(st, "person", l->person_id, rev, &group, NULL, err);
	if (rc || (rc = check_span(l->first_day, l->last_day, 366, err)))
		return rc;
	if (!group || (l->group_id && l->group_id != group))
		return fb_error_set(err, FB_EINVAL, "person",
		                    _("leave is recorded for a member of a work group"));
	if (l->recorded_by &&
	    (rc = fb_check_person_ref(st, "recorded_by", l->recorded_by, rev, NULL, NULL, err)))
		return rc;
	if (!fb_text_one_line(l->reason) || strlen(l->reason) > 200)
		return fb_error_set(err, FB_EINVAL, "reason",
		                    _("the reason must be one line of at most 200 bytes"));
	return FB_OK;
}

fb_status fb_leave_add(fb_store *st, fb_leave *l, fb_error *err)
{
	l->group_id = 0;
	fb_status rc = fb_leave_validate(st, l, 0, err);
	if (rc || (rc = fb_check_person_ref(st, "person", l->person_id, 0, &l->group_id, NULL, err)))
		return rc;
	fb_perm_on on = {.group_id = l->group_id, .owner = l->person_id};
	if ((rc = fb_perm_check(st, FB_ACT_LEAVE_WRITE, &on, err)))
		return rc;
	char cols[3][64];
	int found;
	if ((rc = find_overlap(st,
	                       "SELECT first_day, last_day, '' FROM leave WHERE deleted = 0"
	                       " AND person_id = ?3 AND first_day <= ?2 AND last_day >= ?1 LIMIT 1",
	                       l->first_day, l->last_day, l->person_id, cols, &found, err)))
		return rc;
	if (found)
		return fb_error_set(err, FB_EINVAL, "first_day", _("overlaps the leave of %s..%s"),
		                    cols[0], cols[1]);
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"INSERT INTO leave (uuid, origin, rev, updated_at, person_id, first_day, last_day,"
		" reason, recorded_by, group_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 5, l->person_id);
	fb_bind_text(s, 6, l->first_day);
	fb_bind_text(s, 7, l->last_day);
	fb_bind_text(s, 8, l->reason);
	fb_bind_opt_id(s, 9, l->recorded_by);
	sqlite3_bind_int64(s, 10, l->group_id);
	return insert_synced(st, s, l->uuid, &l->id, err);
}

fb_status fb_leave_each(fb_store *st, int64_t person_id, const char *from, const char *to,
                        fb_leave_cb cb, void *ctx, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT id, uuid, person_id, first_day, last_day, reason,"
	                                " IFNULL(recorded_by, 0) FROM leave WHERE deleted = 0"
	                                " AND (?1 = 0 OR person_id = ?1) AND last_day >= ?2"
	                                " AND first_day <= ?3 ORDER BY first_day, id",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_text(s, 2, from ? from : "0000-00-00", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, to ? to : "9999-99-99", -1, SQLITE_STATIC);
	int rc;
	while ((rc = fb_store_step(st, s, err)) == 1) {
		fb_leave l = {0};
		l.id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, l.uuid, sizeof l.uuid);
		l.person_id = sqlite3_column_int64(s, 2);
		fb_col_copy(s, 3, l.first_day, sizeof l.first_day);
		fb_col_copy(s, 4, l.last_day, sizeof l.last_day);
		fb_col_copy(s, 5, l.reason, sizeof l.reason);
		l.recorded_by = sqlite3_column_int64(s, 6);
		if (cb(&l, ctx))
			break;
	}
	sqlite3_reset(s);
	return rc < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* Mark a leave's days within the span. */
static int mark_leave(const fb_leave *l, void *ctx)
{
	fb_leave_days *d = ctx;
	long a = fb_date_to_days(fb_date_or_epoch(l->first_day)) - d->first;
	long b = fb_date_to_days(fb_date_or_epoch(l->last_day)) - d->first;
	if (!d->on && !(d->on = calloc((size_t)d->n, 1)))
		return 1;
	for (long k = a < 0 ? 0 : a; k <= b && k < d->n; k++)
		d->on[k] = 1;
	return 0;
}

fb_status fb_leave_days_load(fb_store *st, int64_t person_id, const char *from, const char *to,
                             fb_leave_days *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	out->first = fb_date_to_days(fb_date_or_epoch(from));
	out->n = fb_date_to_days(fb_date_or_epoch(to)) - out->first + 1;
	if (out->n <= 0 || person_id <= 0) {
		out->n = out->n < 0 ? 0 : out->n;
		return FB_OK;
	}
	fb_status rc = fb_leave_each(st, person_id, from, to, mark_leave, out, err);
	if (!rc && out->n && !out->on) {
		/* either no leave, or calloc failed inside the callback: tell apart */
		sqlite3_stmt *s =
			fb_store_stmt(st,
		                      "SELECT 1 FROM leave WHERE deleted = 0 AND"
		                      " person_id = ?1 AND last_day >= ?2 AND first_day <= ?3"
		                      " LIMIT 1",
		                      err);
		if (!s)
			return err ? err->code : FB_EDB;
		sqlite3_bind_int64(s, 1, person_id);
		sqlite3_bind_text(s, 2, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, to, -1, SQLITE_STATIC);
		int row = fb_store_step(st, s, err);
		sqlite3_reset(s);
		if (row < 0)
			return fb_stmt_failed(err);
		if (row > 0)
			rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	return rc;
}

int fb_leave_days_has(const fb_leave_days *l, fb_date d)
{
	long k = fb_date_to_days(d) - l->first;
	return l->on && k >= 0 && k < l->n && l->on[k];
}

int fb_leave_days_workdays(const fb_leave_days *l, const fb_workdays *w)
{
	int n = 0;
	for (long k = 0; l->on && k < l->n; k++)
		if (l->on[k] && fb_workdays_is(w, fb_date_from_days(l->first + k)))
			n++;
	return n;
}

void fb_leave_days_free(fb_leave_days *l)
{
	free(l->on);
	l->on = NULL;
}
