/* review.h - HQ's review of reports: read, comment, accept, or return for
 * rework with a reason; and the report's history (its revisions, their
 * submission, every review), the same on both sides once bundles carry it.
 *
 * A review is of one submitted revision. A return asks the group for a new
 * revision: the group edits the report (fb_report_set_section makes the
 * next draft revision) and submits it; the returned revision and the
 * reason are kept. A return that arrives while the group is editing a
 * draft is kept too: the draft is the next revision. */
#ifndef FIELDBOOK_REVIEW_H
#define FIELDBOOK_REVIEW_H

#include <stdint.h>
#include "fieldbook/report.h"
#include "fieldbook/store.h"

typedef struct fb_review {
	int64_t id;
	char uuid[37];
	int64_t report_id;   /* the revision reviewed */
	char decision[12];   /* read, comment, accepted, returned */
	const char *body;    /* the comment or the reason ("" for read, accepted) */
	int64_t reviewer_id; /* 0 if unknown */
	char at[21];         /* UTC, set by fb_review_add */
	int64_t rev;
} fb_review;

/* A review against the rules: a known decision; a comment and a return
 * carry a text (a return: the reason), valid UTF-8 of at most
 * FB_TEXT_MAX_CHARS; the revision exists and was submitted; the reviewer
 * (when given) as fb_log_validate says. FB_EINVAL naming the field. */
fb_status fb_review_validate(fb_store *st, const fb_review *r, fb_error *err);
/* Record a review of revision r->report_id (its time now): validated,
 * then FB_ESTATE if a newer revision was submitted since, or the revision
 * is already accepted or returned (a decision stands: comment instead). */
fb_status fb_review_add(fb_store *st, fb_review *r, fb_error *err);

/* Where a report (any revision of its group, kind and period) stands at
 * HQ: the latest submitted revision and the last decision on it. */
typedef enum fb_review_state {
	FB_REVIEW_NONE,    /* nothing submitted yet */
	FB_REVIEW_WAITING, /* submitted, nobody at HQ has read it */
	FB_REVIEW_READ,    /* read (or commented on), no decision */
	FB_REVIEW_ACCEPTED,
	FB_REVIEW_RETURNED /* returned for rework: reason holds why */
} fb_review_state;

typedef struct fb_review_status {
	fb_review_state state;
	int64_t revision_id; /* the latest submitted revision, 0 if none */
	int revision_no;
	char reason[512]; /* the return's reason or the last comment (cut) */
	char at[21];      /* the decision's time */
} fb_review_status;

fb_status fb_review_status_of(fb_store *st, int64_t report_id, fb_review_status *out, fb_error *err);
/* "waiting for review", "read", "accepted", "returned" (translated). */
const char *fb_review_state_label(fb_review_state s);

/* One event of a report's history, oldest first. */
typedef struct fb_report_event {
	char at[21];       /* UTC */
	int64_t report_id; /* the revision */
	int revision_no;
	char what[12];    /* created, submitted, read, comment, accepted, returned */
	char who[64];     /* the reviewer's or the author's name, "" if unknown */
	const char *body; /* a review's text ("" otherwise); valid during the callback */
} fb_report_event;
typedef int (*fb_report_event_cb)(const fb_report_event *e, void *ctx);
/* Every revision of report_id's (group, kind, period) - made, submitted -
 * and every review, in time order; stops when cb returns non-zero. */
fb_status fb_report_history(fb_store *st, int64_t report_id, fb_report_event_cb cb, void *ctx,
                            fb_error *err);
/* "made", "submitted", "read", "comment", ... in the user's language. */
const char *fb_report_event_label(const char *what);

#endif
