/* coverage.h - what the contact ledger covers, against the circulars'
 * targets, and where to go next.
 *
 * Counted from the links of daily logs to units and workers (visit.h) and
 * from contact record sheets: distinct units by kind, the kinds of
 * enterprise (8类企业) and of worker (八必访) met, contact days (days with
 * a daily log or a sheet), per cadre or per group, over a period. Every
 * figure is one indexed range (log_units_author / _group and the like). */
#ifndef FIELDBOOK_COVERAGE_H
#define FIELDBOOK_COVERAGE_H

#include <stdint.h>
#include "fieldbook/store.h"

typedef struct fb_coverage_filter {
	int64_t group_id;  /* the group (author_id 0), or the cadre's group */
	int64_t author_id; /* a cadre; 0: the whole group */
	const char *from;  /* YYYY-MM-DD inclusive; NULL: from the start */
	const char *to;    /* YYYY-MM-DD inclusive; NULL: to today */
} fb_coverage_filter;

typedef struct fb_coverage {
	int64_t units;       /* distinct units met (linked or with a sheet) */
	int64_t enterprises; /* of them enterprises */
	int64_t unions;      /* grassroots unions */
	int64_t households;  /* worker households */
	int64_t communities;
	uint32_t enterprise_kinds; /* kinds of the enterprises met */
	int64_t workers;           /* distinct workers met */
	uint32_t worker_kinds;     /* their kinds (八必访) */
	int64_t head_count;        /* workers typed as numbers into logs (a meeting of 40) */
	int64_t contact_days;      /* days with a daily log or a contact sheet */
	int64_t sheets;            /* contact record sheets written */
	int64_t logs;
	/* The targets that apply (fb_target_value), -1 where none is set:
	 * cadre or group scope; contact_units applies to a leader. */
	int t_enterprises, t_workers, t_households, t_contact_days, t_contact_units;
} fb_coverage;

/* Compute the coverage (f->group_id is required; for a cadre it may be 0
 * and is taken from the person). FB_EINVAL naming the field for a bad
 * date or an unknown person or group. */
fb_status fb_coverage_get(fb_store *st, const fb_coverage_filter *f, fb_coverage *out, fb_error *err);

/* Where to go next. */
typedef enum fb_next_kind {
	FB_NEXT_ENTERPRISE_KIND, /* a kind of enterprise not met yet (code) */
	FB_NEXT_WORKER_KIND,     /* a kind of worker not met yet (code) */
	FB_NEXT_STALE_UNIT,      /* a unit not visited for longest (id, name, date or "") */
	FB_NEXT_RETURN_VISIT     /* a ticket waiting for a return visit (id, name = its unit,
	                          * date = when it was answered) */
} fb_next_kind;

typedef struct fb_next_item {
	fb_next_kind kind;
	const char *code; /* the kind's code (kinds), else NULL */
	int64_t id;       /* unit or ticket id */
	const char *name; /* unit name (the ticket's title for a return visit) */
	const char *unit; /* a return visit: the ticket's unit */
	const char *date; /* last visit / answer date, "" if never */
} fb_next_item;
typedef int (*fb_next_cb)(const fb_next_item *it, void *ctx);
/* The kinds missing (from cov, computed by fb_coverage_get), then up to
 * max_units of the group's units not visited for longest (never visited
 * first), then up to max_units tickets of the group waiting for a return
 * visit (answered, handed over with feedback). Strings valid during the
 * callback. */
fb_status fb_coverage_next(fb_store *st, const fb_coverage_filter *f, const fb_coverage *cov,
                           int max_units, fb_next_cb cb, void *ctx, fb_error *err);

/* Every cadre (members and leaders) of a group, or of every group
 * (group_id 0), with their coverage over [from, to], by group then name. */
typedef int (*fb_cadre_cov_cb)(int64_t person_id, const char *name, const char *role,
                               int64_t group_id, const char *group_name, const fb_coverage *cov,
                               void *ctx);
fb_status fb_coverage_cadres(fb_store *st, int64_t group_id, const char *from, const char *to,
                             fb_cadre_cov_cb cb, void *ctx, fb_error *err);

/* Every work group (deleted ones left out), by id, with its coverage over
 * [from, to] (NULL: from the first record / to today): the figures of
 * fb_coverage_get for the group, computed for all groups in one grouped
 * pass per figure. FB_EINVAL naming "from" or "to" for a bad date. */
typedef int (*fb_group_cov_cb)(int64_t group_id, const char *group_name, const fb_coverage *cov,
                               void *ctx);
fb_status fb_coverage_groups(fb_store *st, const char *from, const char *to, fb_group_cov_cb cb,
                             void *ctx, fb_error *err);

#endif
