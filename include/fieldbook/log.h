/* log.h - daily logs (工作日志): one per cadre per working day or visit. */
#ifndef FIELDBOOK_LOG_H
#define FIELDBOOK_LOG_H

#include <stdint.h>
#include "fieldbook/limits.h"
#include "fieldbook/page.h"
#include "fieldbook/store.h"

typedef struct fb_log {
	int64_t id;
	char uuid[37];
	int64_t group_id;          /* the author's group (filled in from author) */
	int64_t author_id;         /* required */
	char *date;                /* YYYY-MM-DD, required, not in the future */
	char *unit;                /* unit visited (enterprise, union, household), required */
	char *activity;            /* category activity, required */
	uint32_t enterprise_kinds; /* mask of category enterprise_kind bits (8类企业) */
	uint32_t worker_kinds;     /* mask of category worker_kind bits (八必访) */
	int64_t enterprises;       /* enterprises visited, 0-1000; at least 1 for a visit to an
	                            * enterprise (走进企业): saved as 1 when 0 */
	int64_t workers;           /* workers talked to, 0-10000 */
	int64_t households;        /* worker households visited, 0-1000 */
	char *content;             /* what was done and learned, required */
	char *findings;            /* problems found */
	char *actions;             /* what was done about them */
	char *next_step;           /* next step */
	/* sync metadata (read only for callers) */
	char origin[37];
	int64_t rev;
	char updated_at[21];
	int deleted;
	char *author_name; /* joined from people, read only */
} fb_log;

/* One row of a log list: fixed size, no allocation. */
typedef struct fb_log_row {
	int64_t id;
	char date[11];
	char author[64];
	char unit[160];
	char activity[32]; /* code */
	int64_t enterprises, workers, households;
	char excerpt[256]; /* start of content, cut at a character boundary */
} fb_log_row;

typedef struct fb_log_filter {
	const char *date_from; /* inclusive, NULL for open */
	const char *date_to;   /* inclusive, NULL for open */
	int64_t author_id;     /* 0 for any */
	int64_t group_id;      /* 0 for any */
	const char *activity;  /* code, NULL for any */
	const char *text;      /* words in unit, content, findings, actions, next step */
	int ascending;         /* 0: newest first (default) */
} fb_log_filter;

/* Check every field against the limits table (limits.h) and the
 * references: the author exists, is in a group, and was on the roster when
 * the log was last changed (a log with rev 0 - a new one - needs an author
 * who is on it now; history from a bundle, changed before the author was
 * removed, keeps them); the log's group, when given, is the author's
 * (unless the author's record changed after the log: a move between
 * groups). FB_EINVAL names the first wrong field and says why. The
 * categories are cached: the only SQL is one lookup of the author. */
fb_status fb_log_validate(fb_store *st, const fb_log *log, fb_error *err);
/* Validate and insert; fills id, uuid, rev. */
fb_status fb_log_insert(fb_store *st, fb_log *log, fb_error *err);
/* Validate and update the live log log->id; bumps rev. */
fb_status fb_log_update(fb_store *st, fb_log *log, fb_error *err);
/* Tombstone: the log disappears from lists but travels as a delete.
 * FB_ESTATE, naming them, while live tickets were opened from it: a ticket
 * keeps pointing at the log it came from, so the log stays. */
fb_status fb_log_delete(fb_store *st, int64_t id, fb_error *err);
/* Undo a delete: the deleted log id is live again (its history says who
 * restored it). FB_ENOTFOUND if there is no deleted log with that id. */
fb_status fb_log_undelete(fb_store *st, int64_t id, fb_error *err);

/* Things about a valid log the writer should hear when saving it (the log
 * may be saved all the same): into out[0..max), returns how many (0: none),
 * -1 on a database error (err filled in). Ask before fb_log_insert or
 * fb_log_update (they change log->enterprises), show them after it saved.
 *   FB_WARN_OUTSIDE_STAY  the date is before the author's stay in the
 *                         group began (the later of the group's started_on
 *                         and the author's joined_on) or after it ended;
 *   FB_WARN_DUPLICATE     another live log of the author has the same
 *                         date and the same text and figures (other_id);
 *   FB_WARN_ASSUMED       a visit to an enterprise with no number of
 *                         enterprises: it is counted (and saved) as 1.
 * For a saved log (id > 0) the log itself is no duplicate. */
int fb_log_warnings(fb_store *st, const fb_log *log, fb_warning *out, int max, fb_error *err);
/* Read one live log (or a tombstone if include_deleted). Free with fb_log_free. */
fb_status fb_log_get(fb_store *st, int64_t id, int include_deleted, fb_log *out, fb_error *err);
void fb_log_free(fb_log *log);

/* A page of up to max (<= FB_PAGE_MAX) rows; returns the count (0 at the
 * end) or -1 on error. */
int fb_log_page(fb_store *st, const fb_log_filter *f, fb_page_dir dir, const fb_cursor *from,
                fb_log_row *rows, int max, fb_error *err);
/* The cursor that points at row (for FB_PAGE_NEXT/PREV/AT). */
void fb_log_row_cursor(const fb_log_row *row, const fb_log_filter *f, fb_cursor *c);

#endif
