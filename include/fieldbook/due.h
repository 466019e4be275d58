/* due.h - the reporting calendar: every report the circulars ask for, when
 * each is due, and where each group and cadre stands.
 *
 * The schedule is data (report_schedule, seeded from the circulars, edited
 * by HQ): a report's code and title, who writes it (the group's leader, each
 * cadre, HQ), the period it covers (week, month, bimonth, quarter,
 * half_year, the group's stay) and its due rule:
 *   after:N      the Nth working day after the period ends (1..60)
 *   days:N       N calendar days after the period ends (0..366)
 *   fixed:MM-DD  the first such date on or after the period starts
 * Working days are fieldbook/calendar.h's. A report fieldbook compiles
 * (weekly, monthly, stage) answers its due date when first submitted; any
 * other is answered by a filing: the day it was handed in, recorded in
 * fieldbook (fb_due_file).
 *
 * States, on day T: submitted (or filed) on S <= due: on time; S > due: late
 * by S - due days; nothing yet and T > due: overdue by T - due days; due
 * within 7 days: due soon; else not due yet. */
#ifndef FIELDBOOK_DUE_H
#define FIELDBOOK_DUE_H

#include <stddef.h>
#include <stdint.h>
#include "fieldbook/calendar.h"
#include "fieldbook/report.h"
#include "fieldbook/store.h"

/* Days before its due date a report is "due soon". */
#define FB_DUE_SOON_DAYS 7

typedef struct fb_schedule {
	int64_t id;
	char uuid[37];
	char code[32];   /* weekly, stage, cadre_research ... */
	char title[128]; /* English; fb_schedule_title translates it */
	char writer[12]; /* leader, cadre, hq */
	char period[12]; /* week, month, bimonth, quarter, half_year, stay */
	char due_rule[24];
	char report_kind[12]; /* weekly, monthly, stage, or "" (answered by a filing) */
	char circular[8];
	int sort;
} fb_schedule;

/* Every field: a code of [a-z0-9_] (1-31), a one-line title, a known
 * writer and period, a due rule that makes a date, a report kind fieldbook
 * compiles (or none). FB_EINVAL naming the field. */
fb_status fb_schedule_validate(const fb_schedule *s, fb_error *err);
/* Save by code: an existing code is updated, a new one added. */
fb_status fb_schedule_save(fb_store *st, fb_schedule *s, fb_error *err);
fb_status fb_schedule_get(fb_store *st, const char *code, fb_schedule *out, fb_error *err);
typedef int (*fb_schedule_cb)(const fb_schedule *s, void *ctx);
/* The live schedule in its order. */
fb_status fb_schedule_each(fb_store *st, fb_schedule_cb cb, void *ctx, fb_error *err);
/* The title in the user's language (the seeded titles are translated). */
const char *fb_schedule_title(const fb_schedule *s);
/* "Group leader", "Each cadre", "Headquarters"; "Week", "Quarter"... */
const char *fb_schedule_writer_label(const char *writer);
const char *fb_schedule_period_label(const char *period);

/* The due date of period p under rule (w may be NULL: Monday to Friday).
 * FB_EINVAL naming "due_rule" if the rule makes no date. */
fb_status fb_due_date(const fb_workdays *w, const char *rule, const fb_period *p, char out[11],
                      fb_error *err);

typedef enum fb_due_state {
	FB_DUE_NOT_YET,
	FB_DUE_SOON,
	FB_DUE_OVERDUE,
	FB_DUE_ON_TIME,
	FB_DUE_LATE
} fb_due_state;

/* "not_due", "due_soon", "overdue", "on_time", "late" and a label. */
const char *fb_due_state_code(fb_due_state s);
const char *fb_due_state_label(fb_due_state s);
/* The state of a report due on `due`, submitted on `done` ("" if not), on
 * day `today`; *days: days late / overdue / left. */
fb_due_state fb_due_state_of(const char *due, const char *done, const char *today, int *days);

/* One report due: fixed size. */
typedef struct fb_due_item {
	char code[32];
	char title[128]; /* translated */
	char writer[12];
	int64_t group_id; /* 0 for HQ's own */
	char group_name[128];
	int64_t person_id; /* writer cadre: whose report; else 0 */
	char person_name[64];
	fb_period period;
	char due_on[11];
	fb_due_state state;
	int days;
	char done_on[11];  /* submitted or filed, "" if not */
	int64_t report_id; /* the latest revision of a compiled report, 0 if none */
	int seq;           /* the entry's place in the schedule */
	int review;        /* a compiled report at HQ: fb_review_state (review.h) */
} fb_due_item;

/* The state as a person reads it, with its days ("overdue by 15 days",
 * "submitted late by 1 day", "due soon (6 days left)"), into out; returns out. */
char *fb_due_state_text(const fb_due_item *it, char *out, size_t size);

typedef struct fb_due_opts {
	int64_t group_id;  /* 0: every live group (and HQ's own reports) */
	const char *today; /* NULL: fb_today() */
	int open_only;     /* 1: only what is due soon or overdue */
} fb_due_opts;

/* Every report due of the group(s): for each entry of the schedule, each
 * period that overlaps the group's stay and has begun by today (the stay
 * from started_on, or the first log, to ends_on, or today). Ordered by
 * group, due date, schedule order. *items (caller frees) and *n. */
fb_status fb_due_list(fb_store *st, const fb_due_opts *o, fb_due_item **items, int *n, fb_error *err);

/* The due date and state of a compiled report (weekly, monthly, stage):
 * the schedule's entry for its kind, its period, the first submission of
 * (group, kind, period). FB_ENOTFOUND (err untouched) when the schedule has
 * no entry for the kind. */
fb_status fb_due_of_report(fb_store *st, const fb_report *r, fb_due_item *out, fb_error *err);

/* Per group, the counts of fb_due_list's states (HQ's overview). */
typedef struct fb_due_counts {
	int64_t group_id;
	char group_name[128];
	int n[5];       /* by fb_due_state */
	int late_days;  /* sum of days late and overdue */
	int reviews[5]; /* compiled reports by fb_review_state: waiting, read, accepted, returned */
} fb_due_counts;
/* Fold items into counts per group (counts: one per distinct group, in
 * order of appearance, caller frees). */
fb_status fb_due_count(const fb_due_item *items, int n, fb_due_counts **counts, int *ncounts,
                       fb_error *err);

/* Record that the report `code` of group (and person, for a cadre's
 * report; 0 otherwise) for the period starting period_start was handed in
 * on filed_on, by `by`. Refused: an unknown code, a compiled kind (submit
 * it instead), a period start that is not one of the schedule's periods, a
 * filing date in the future or before the period starts, a second filing. */
fb_status fb_due_file(fb_store *st, const char *code, int64_t group_id, int64_t person_id,
                      const char *period_start, const char *filed_on, int64_t by, fb_error *err);

/* The period of a schedule entry containing date (week, month, ...; for
 * stay: the group's, fb_period_stage). */
fb_status fb_due_period_of(fb_store *st, const fb_schedule *s, int64_t group_id, const char *date,
                           fb_period *p, fb_error *err);

#endif
