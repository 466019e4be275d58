/* hq.h - headquarters (市总工会): the database that is HQ's, its staff, and
 * the home screen's figures for every group side by side.
 *
 * A database is HQ's when it was set up as HQ (fb_hq_setup): the setting
 * site = hq, the federation's and department's names, and HQ staff (role
 * hq, no group). Every figure is an aggregate query over an index (a page
 * of groups at a time): no table is read into memory. */
#ifndef FIELDBOOK_HQ_H
#define FIELDBOOK_HQ_H

#include <stdint.h>
#include "fieldbook/page.h"
#include "fieldbook/store.h"

/* 1 if this database is headquarters', 0 if a station's (or not set up),
 * -1 if it cannot be read (err). */
int fb_hq_is(fb_store *st, fb_error *err);

/* What sets up headquarters. */
typedef struct fb_hq_info {
	const char *federation;   /* 市总工会's name (e.g. 某市总工会), required */
	const char *department;   /* 组织部, 联络指导办公室; optional */
	const char *const *staff; /* HQ staff's names (role hq, no group), at least one */
	int nstaff;
	int bundle_days; /* a group's bundle is late after this many days (0: 7) */
} fb_hq_info;

/* Make this (new) database headquarters': settings and staff in one
 * transaction. *first gets the first staff member's id (may be NULL).
 * FB_EINVAL naming the field (federation, department, staff, bundle_days);
 * refused (FB_EINVAL, field "site") on a database that holds a group and
 * is not HQ's (a station's). */
fb_status fb_hq_setup(fb_store *st, const fb_hq_info *info, int64_t *first, fb_error *err);

/* HQ's names into fed and dept (size bytes each; "" if not set). */
fb_status fb_hq_names(fb_store *st, char *fed, char *dept, size_t size, fb_error *err);

/* Days after which a group's bundle is late (setting hq_bundle_days, 7). */
int fb_hq_bundle_days(fb_store *st);

/* Where a group's weekly report of last week stands. */
typedef enum fb_hq_report {
	FB_HQ_REPORT_NONE,  /* not compiled */
	FB_HQ_REPORT_DRAFT, /* compiled, not submitted */
	FB_HQ_REPORT_SUBMITTED,
} fb_hq_report;

/* One group on the HQ home, as of fb_hq_period's week. */
typedef struct fb_hq_group_row {
	int64_t id;
	char uuid[37];
	char name[96];
	char station[96];
	char county[64];
	int logs_week;        /* logs dated this ISO week, Monday to today */
	int cadres_week;      /* cadres with a log this week */
	int tickets_open;     /* not closed */
	int tickets_overdue;  /* FB_SQL_OVERDUE */
	int report;           /* fb_hq_report of last week's weekly report */
	int report_late;      /* last week's report is not submitted and its Monday is past */
	char last_bundle[21]; /* created_at of the group's newest imported bundle, "" none */
	int bundle_late;      /* no bundle made within fb_hq_bundle_days of today */
} fb_hq_group_row;

/* The week the figures are of, from today (FIELDBOOK_TODAY or the clock). */
typedef struct fb_hq_period {
	char today[11];
	char monday[11];        /* this week's Monday */
	char last_monday[11];   /* last week's: its weekly report is due this Monday */
	char bundle_cutoff[11]; /* a bundle made before this day is late */
} fb_hq_period;
void fb_hq_period_now(fb_store *st, fb_hq_period *p);

/* A keyset page of live groups by name (then id), each with its figures.
 * Returns the count, -1 on an error (err). */
int fb_hq_group_page(fb_store *st, const fb_hq_period *p, fb_page_dir dir, const fb_cursor *from,
                     fb_hq_group_row *rows, int max, fb_error *err);
void fb_hq_group_row_cursor(const fb_hq_group_row *row, fb_cursor *c);

/* What needs HQ today, in every group. */
typedef struct fb_hq_totals {
	int groups;
	int bundles_late; /* groups whose newest bundle is late (or who sent none) */
	int reports_late; /* groups whose last week's report is not submitted */
	int tickets_open;
	int tickets_overdue;
	int conflicts_open; /* sync_conflicts not settled */
	int bundles_week;   /* bundles imported since this week's Monday */
} fb_hq_totals;
fb_status fb_hq_totals_get(fb_store *st, const fb_hq_period *p, fb_hq_totals *out, fb_error *err);

#endif
