/* report.h - weekly reports (周报告), monthly minutes (月交流会议纪要) and
 * stage summaries / research reports (阶段总结、调研报告).
 *
 * A report belongs to a group and a period. Compiling it computes the
 * period's figures from the daily logs and tickets (fb_report_figures) and,
 * the first time, creates a draft whose four sections are pre-filled from
 * the logs; the leader edits the sections and submits. A submitted report is
 * frozen, figures included: a later edit creates a new draft revision
 * (revision_no + 1, same group, kind and period) and the old one stays as
 * history. Drafts show live figures, and compiling a draft again pre-fills
 * anew the sections the leader has not edited (an edited section is kept).
 *
 * Who counts as missing a day: every working day (fieldbook/calendar.h:
 * Monday to Friday, less public holidays, plus make-up working days) of the
 * period within the member's stay without a live log of theirs. The stay
 * starts at the latest of the group's started_on and the member's joined_on
 * (people.joined_on; when unknown, the group's start: a member who never
 * logs is missing every day) and ends at the earliest of the group's ends_on
 * and today. Someone outside the group (HQ staff, another group's cadre) who
 * wrote the group's logs is due only the days they logged. Days of a
 * member's recorded leave are not due. Tombstoned logs never count.
 *
 * The core renders reports as plain text, Markdown or CSV into malloc'd
 * strings; it never prints. */
#ifndef FIELDBOOK_REPORT_H
#define FIELDBOOK_REPORT_H

#include <stdint.h>
#include "fieldbook/store.h"
#include "fieldbook/page.h"

typedef enum fb_report_kind {
	FB_REPORT_WEEKLY,  /* an ISO week */
	FB_REPORT_MONTHLY, /* a calendar month (月交流) */
	FB_REPORT_STAGE    /* the whole stay (阶段总结/调研报告) */
} fb_report_kind;
#define FB_REPORT_NKINDS 3 /* the kinds above, 0 to FB_REPORT_NKINDS - 1 */

/* The four editable sections (columns of the reports table). Their titles
 * depend on the kind (fb_report_section_title). */
typedef enum fb_report_section {
	FB_SEC_WORK_DONE, /* weekly/monthly: work done; stage: enterprises' business and problems */
	FB_SEC_RESEARCH,  /* topical research; stage: the workforce, demands and mood */
	FB_SEC_PROBLEMS,  /* problems found and how they were handled */
	FB_SEC_NEXT_PLAN, /* next week's / month's plan; stage: suggestions and measures */
	FB_SEC_COUNT
} fb_report_section;

typedef enum fb_report_format { FB_RFMT_TEXT, FB_RFMT_MARKDOWN, FB_RFMT_CSV } fb_report_format;

/* A period: first and last day (inclusive) and its label. */
typedef struct fb_period {
	char start[11]; /* YYYY-MM-DD */
	char end[11];
	char label[24]; /* "2026-W47", "2026-11", "stage" */
} fb_period;

/* "weekly"/"monthly"/"stage" and back (-1 if unknown). */
const char *fb_report_kind_code(fb_report_kind k);
int fb_report_kind_parse(const char *s);
/* "work_done", "research", "problems", "next_plan" and back (-1). */
const char *fb_report_section_code(fb_report_section s);
int fb_report_section_parse(const char *s);
/* The section's heading for a kind, translated. */
const char *fb_report_section_title(fb_report_kind k, fb_report_section s);
/* Short labels for lists and messages, translated ("Weekly report", "Work
 * done") (report_labels.c). */
const char *fb_report_kind_label(fb_report_kind k);
const char *fb_report_section_label(fb_report_section s);
/* The label of a kind's code as stored ("weekly"); the code itself if it
 * names no kind (a newer fieldbook's, from a bundle). */
const char *fb_report_kind_label_of(const char *code);
/* What a person typed - a code, a label (English or translated) or, for a
 * section, its heading in any kind of report - to the kind or section; -1
 * if it names none. */
int fb_report_kind_resolve(const char *word);
int fb_report_section_resolve(const char *word);

/* Periods from user input: "2026-W47" (FB_EINVAL if the week does not
 * exist, e.g. 2027-W53), "2026-11", and the group's stay (started_on to
 * ends_on, or to today while the stay goes on). */
fb_status fb_period_week(const char *iso_week, fb_period *p, fb_error *err);
fb_status fb_period_month(const char *year_month, fb_period *p, fb_error *err);
fb_status fb_period_stage(fb_store *st, int64_t group_id, fb_period *p, fb_error *err);
/* The ISO week containing a date. */
void fb_period_week_of(const char *date, fb_period *p);

/* One member's figures over a period. */
typedef struct fb_member_figures {
	int64_t person_id;
	char name[64];
	char role[16];    /* member, leader */
	int logs;         /* live logs in the period */
	int days_logged;  /* distinct dates with a log (weekends included) */
	int days_due;     /* working days within the member's stay and the period */
	int days_missing; /* working days due without a log */
	char *missing;    /* those dates, "YYYY-MM-DD" separated by spaces; owned */
	int64_t enterprises, workers, households; /* sums over the logs (FB_SQL_ENTERPRISES) */
	uint32_t enterprise_kinds, worker_kinds;  /* kinds covered (category bits) */
} fb_member_figures;

/* A group's figures over a period. */
typedef struct fb_report_figures {
	int64_t group_id;
	fb_period period;
	char computed_on[11]; /* the day the figures were computed ("today") */
	int nmembers;
	fb_member_figures *members; /* leader first, then by name; owned */
	int logs, days_logged, days_due, days_missing;
	int64_t enterprises, workers, households;
	uint32_t enterprise_kinds, worker_kinds;
	/* Visits by kind: how many logs met each kind (index = category bit). */
	int enterprise_kind_logs[32], worker_kind_logs[32];
	int findings;        /* logs recording problems found */
	int tickets_opened;  /* opened within the period */
	int tickets_closed;  /* closed within the period */
	int tickets_overdue; /* open at the end of the period and past due */
	int tickets_open;    /* open at the end of the period */
} fb_report_figures;

/* Compute the figures of a group over a period (a handful of indexed
 * queries). Free with fb_report_figures_free. */
fb_status fb_report_figures_compute(fb_store *st, int64_t group_id, const fb_period *p,
                                    fb_report_figures *out, fb_error *err);
void fb_report_figures_free(fb_report_figures *f);

/* A report revision. */
typedef struct fb_report {
	int64_t id;
	char uuid[37];
	int64_t group_id;
	char group_name[128];
	fb_report_kind kind;
	fb_period period;
	int revision_no;              /* 1, 2, ... */
	int latest;                   /* 1 if no newer revision exists */
	char status[12];              /* "draft" or "submitted" */
	int64_t author_id;            /* the group leader who compiled it, 0 if none */
	char *sections[FB_SEC_COUNT]; /* owned, never NULL after a successful read */
	char submitted_at[21];        /* "" while a draft */
	char updated_at[21];
	int64_t rev;
	fb_report_figures figures; /* live for a draft, the frozen snapshot once submitted */
} fb_report;

/* The current revision of (group, kind, period); if there is none, a new
 * draft with the sections pre-filled from the period's logs. A draft's
 * figures are recomputed and stored; a submitted one is returned as is.
 * Free with fb_report_free. */
fb_status fb_report_compile(fb_store *st, int64_t group_id, fb_report_kind kind, const fb_period *p,
                            fb_report *out, fb_error *err);
/* Every field of a report revision against the limits table (limits.h)
 * and the references: the group exists, the author (when given) as
 * fb_log_validate says; the period is the one its kind gives (a week, a
 * month; a stage any span); a submitted revision has its time and a draft
 * none. FB_EINVAL names the field. */
fb_status fb_report_validate(fb_store *st, const fb_report *r, fb_error *err);
/* The figures text of a revision from another device can be read (always
 * for a submitted one; a draft's may be empty). */
fb_status fb_report_figures_check(const char *figures, int submitted, fb_error *err);
/* Read one revision by id (figures: live for a draft, frozen otherwise). */
fb_status fb_report_get(fb_store *st, int64_t id, fb_report *out, fb_error *err);
/* Replace a section's text. On a draft it is changed in place; on a
 * submitted report a new draft revision is created first. *new_id (may be
 * NULL) receives the id of the revision that was changed. FB_ESTATE if the
 * report is not the latest revision; FB_EINVAL if the text is not valid
 * UTF-8 or too long. */
fb_status fb_report_set_section(fb_store *st, int64_t id, fb_report_section s, const char *text,
                                int64_t *new_id, fb_error *err);
/* Submit a draft: freezes its figures and stamps submitted_at. FB_ESTATE
 * if already submitted or not the latest revision. */
fb_status fb_report_submit(fb_store *st, int64_t id, fb_error *err);
/* FB_OK if the person signed in may submit report id (the check
 * fb_report_submit makes), else FB_EPERM with the refusal that names the
 * report (只有带队组长可以报送周报告) in *why; FB_ENOTFOUND if none. For
 * front ends to offer submitting only to whom may. */
fb_status fb_report_submit_allowed(fb_store *st, int64_t id, fb_error *why);
void fb_report_free(fb_report *r);
/* Render a report (caller frees; NULL when out of memory). TEXT and
 * MARKDOWN: headings, the members' figures as a table aligned by display
 * width, kinds covered and not yet covered, tickets, the sections. CSV: the
 * members' table with a total row. width: the page width in columns for
 * wrapping headings' rules (80 if <= 0). */
char *fb_report_render(fb_store *st, const fb_report *r, fb_report_format fmt, int width);

/* A row of a report list: fixed size. */
typedef struct fb_report_row {
	int64_t id;
	int64_t group_id;
	char group_name[96];
	char kind[12];
	char period_start[11];
	char period_end[11];
	char label[24];
	int revision_no;
	char status[12];
	char submitted_at[21];
	char updated_at[21];
} fb_report_row;

typedef struct fb_report_filter {
	int64_t group_id;         /* 0 any */
	const char *kind;         /* code or NULL */
	const char *period_start; /* one period only, or NULL */
	int all_revisions;        /* 0: only the latest revision of each report */
} fb_report_filter;

/* A page of reports, newest period first (keyset by period_start, id);
 * returns the count or -1 on error. */
int fb_report_page(fb_store *st, const fb_report_filter *f, fb_page_dir dir, const fb_cursor *from,
                   fb_report_row *rows, int max, fb_error *err);
void fb_report_row_cursor(const fb_report_row *row, fb_cursor *c);

#endif
