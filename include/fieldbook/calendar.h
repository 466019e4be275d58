/* calendar.h - working days: Monday to Friday, less the national public
 * holidays, plus the official make-up working days (调休上班), both data
 * (calendar_days, seeded for the years in use, edited by HQ); and leave
 * (请假) per person, recorded by the group leader.
 *
 * One rule everywhere: the days a cadre is due to log (reports, stats,
 * home), the due dates of reports and the contact-day target count the
 * working days of fb_workdays and nothing else. */
#ifndef FIELDBOOK_CALENDAR_H
#define FIELDBOOK_CALENDAR_H

#include <stdint.h>
#include "fieldbook/date.h"
#include "fieldbook/store.h"

/* The holidays and make-up working days, loaded once for a computation
 * (a few rows a year). Free with fb_workdays_free. */
typedef struct fb_workdays fb_workdays;

fb_status fb_workdays_load(fb_store *st, fb_workdays **out, fb_error *err);
void fb_workdays_free(fb_workdays *w);
/* 1 if d is a working day. w NULL: Monday to Friday. */
int fb_workdays_is(const fb_workdays *w, fb_date d);
/* Working days from..to (YYYY-MM-DD, inclusive; 0 if to < from). */
int fb_workdays_count(const fb_workdays *w, const char *from, const char *to);
/* The nth (n >= 1) working day after d. */
fb_date fb_workdays_after(const fb_workdays *w, fb_date d, int n);
/* The name of the holiday or make-up day d falls in ("国庆节"), "" if none;
 * *kind (may be NULL) gets "holiday", "workday" or "". Points into w. */
const char *fb_workdays_name(const fb_workdays *w, fb_date d, const char **kind);

/* One entry of the holiday table: a span of public holidays, or of make-up
 * working days. */
typedef struct fb_calendar_entry {
	int64_t id;
	char uuid[37];
	char first_day[11];
	char last_day[11];
	char kind[10]; /* holiday, workday */
	char name[64]; /* 国庆节 */
} fb_calendar_entry;

/* An entry's own fields (no overlap check: that needs the table): real
 * dates in order, at most 31 days, a known kind, a one-line name. */
fb_status fb_calendar_validate(const fb_calendar_entry *e, fb_error *err);
/* Add an entry: both days real dates, first_day <= last_day, at most 31
 * days, a known kind, a name, and no overlap with another live entry (the
 * message names it). FB_EINVAL naming the field. e->id, e->uuid filled. */
fb_status fb_calendar_add(fb_store *st, fb_calendar_entry *e, fb_error *err);
/* Tombstone entry id (FB_ENOTFOUND if there is no live one). */
fb_status fb_calendar_remove(fb_store *st, int64_t id, fb_error *err);
/* The live entries overlapping from..to (either may be NULL: no bound),
 * in date order; stops when cb returns non-zero. */
typedef int (*fb_calendar_cb)(const fb_calendar_entry *e, void *ctx);
fb_status fb_calendar_each(fb_store *st, const char *from, const char *to, fb_calendar_cb cb,
                           void *ctx, fb_error *err);
/* "Public holiday", "Make-up working day" (translated); the code if unknown. */
const char *fb_calendar_kind_label(const char *kind);

/* Leave of one person. */
typedef struct fb_leave {
	int64_t id;
	char uuid[37];
	int64_t person_id;
	int64_t group_id; /* the person's group (fb_leave_add sets it) */
	char first_day[11];
	char last_day[11];
	char reason[256];
	int64_t recorded_by; /* the leader who recorded it, 0 if unknown */
} fb_leave;

/* A leave's own fields and references (rev: as fb_check_person_ref; 0 a
 * new record): the person and recorder, the span (at most a year), the
 * reason. */
fb_status fb_leave_validate(fb_store *st, const fb_leave *l, int64_t rev, fb_error *err);
/* Record leave: the person on the roster of a group, real dates, first_day <=
 * last_day (at most a year), a one-line reason, no overlap with the
 * person's other leave. FB_EINVAL naming the field. */
fb_status fb_leave_add(fb_store *st, fb_leave *l, fb_error *err);
/* The person's (0: everyone's) live leave overlapping from..to, by date. */
typedef int (*fb_leave_cb)(const fb_leave *l, void *ctx);
fb_status fb_leave_each(fb_store *st, int64_t person_id, const char *from, const char *to,
                        fb_leave_cb cb, void *ctx, fb_error *err);
/* A person's leave as a set of days, for walking a period: the working days
 * of from..to on leave. Free with fb_leave_days_free. */
typedef struct fb_leave_days {
	long first;        /* day number (fb_date_to_days) of bit 0 */
	long n;            /* days covered */
	unsigned char *on; /* 1 per day on leave; NULL when none */
} fb_leave_days;
fb_status fb_leave_days_load(fb_store *st, int64_t person_id, const char *from, const char *to,
                             fb_leave_days *out, fb_error *err);
int fb_leave_days_has(const fb_leave_days *l, fb_date d);
/* Working days of from..to the person is on leave. */
int fb_leave_days_workdays(const fb_leave_days *l, const fb_workdays *w);
void fb_leave_days_free(fb_leave_days *l);

#endif
