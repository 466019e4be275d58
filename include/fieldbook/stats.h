/* stats.h - the headquarters overview (HQ 总览): every group and cadre side
 * by side over a period, with targets, tickets, data freshness, weekly
 * report status and the "four comparisons" (四比四看) ranking; plus the
 * terminal charts (bars, sparklines) the CLI and the TUI draw with.
 *
 * fb_stats_overview runs a fixed handful of indexed queries whatever the
 * data size (one per group for the activity sparkline); it is what the
 * benchmark times. Targets come from the targets table (fb_target_value),
 * never from constants here: -1 means no target is set.
 *
 * The four comparisons are counted with these proxies:
 *   practical things done (实事)    tickets closed within the period;
 *   research (调研成果)             topical-research logs plus submitted
 *                                  reports with a research section, in the period;
 *   typical experiences (典型经验)  tickets closed within the period after a
 *                                  return visit (a problem followed to the end);
 *   friends among workers (交朋友)  workers talked to, summed over the logs.
 * Groups are ranked on each (1 = most; ties share a rank); the ranking is
 * by the sum of the four ranks, smallest first. */
#ifndef FIELDBOOK_STATS_H
#define FIELDBOOK_STATS_H

#include <stddef.h>
#include <stdint.h>
#include "fieldbook/store.h"

#define FB_STATS_MAX_STATUS 12 /* ticket statuses counted (category ticket_status) */
#define FB_STATS_MAX_ROUTING 6 /* routing levels counted (category routing) */

typedef struct fb_stats_opts {
	const char *from; /* first day, YYYY-MM-DD; NULL: 1 January of to's year */
	const char *to;   /* last day; NULL: today */
	int64_t group_id; /* 0: every group */
	const char *week; /* the week whose report is checked ("2026-W47"); NULL: the last
	                       * week whose working days are over by to (to's own week on a
	                       * weekend, the week before from Monday to Friday) */
	int ledger;       /* also the contact ledger's figures (fb_group_stats.units_met
	                       * ...): a pass over the ledger's links, so asked for */
} fb_stats_opts;

/* One cadre over the period. */
typedef struct fb_cadre_stats {
	int64_t person_id;
	int64_t group_id;
	int group_index; /* index into fb_overview.groups */
	char name[64];
	char role[16];
	int logs, days_logged, days_due, days_missing; /* as in report.h */
	int64_t enterprises, workers, households;
	uint32_t enterprise_kinds, worker_kinds;
	int year_days;          /* distinct days with a log from 1 January of to's year to to */
	int target_enterprises; /* cadre targets for the programme, -1 if none */
	int target_workers;
	int target_year_days; /* cadre grassroots_days per year, -1 if none */
} fb_cadre_stats;

/* One group over the period. */
typedef struct fb_group_stats {
	int64_t group_id;
	char uuid[37];
	char name[96];
	char station[96];
	int ncadres;
	int logs, days_logged, days_due, days_missing;
	int64_t enterprises, workers, households;
	uint32_t enterprise_kinds, worker_kinds;
	int target_enterprises, target_workers, target_households; /* group programme, -1 none */
	/* The contact ledger over the period (coverage.h): distinct units and
	 * workers linked to logs or met on contact sheets, not typed-in counts;
	 * days with a log or a sheet; contact record sheets. */
	int64_t units_met, workers_met, contact_days, sheets;
	/* Tickets now (whatever the period): by status and routing, in the
	 * order of fb_overview.status_codes / routing_codes. */
	int by_status[FB_STATS_MAX_STATUS];
	int by_routing[FB_STATS_MAX_ROUTING];
	int tickets, tickets_open, tickets_overdue;
	int64_t oldest_open_id; /* 0 if nothing is open */
	char oldest_open_on[11];
	char oldest_open_title[96];
	/* Data freshness: the newest bundle received from the group. */
	char last_bundle_at[21]; /* its created_at, "" if none ever */
	int stale_days;          /* days since then, -1 if none */
	/* The checked week's weekly report: "none", "draft" or "submitted". */
	char week_report[12];
	int week_revision;
	/* Four comparisons (see the top of this file). */
	int practical, research, typical; /* the fourth is workers */
	int rank[4];                      /* per criterion: practical, research, typical, workers */
	int score;                        /* sum of the ranks */
	int place;                        /* 1-based place in the ranking */
} fb_group_stats;

typedef struct fb_overview {
	char from[11], to[11];
	char week_label[24], week_start[11], week_end[11];
	char today[11];
	int ngroups;
	fb_group_stats *groups; /* by id; owned */
	int ncadres;
	fb_cadre_stats *cadres; /* by group, leader first, then name; owned */
	int ndays;              /* days in the period */
	int *daily;             /* logs per day: groups[g] at daily[g * ndays + day]; owned */
	int nstatus, nrouting;
	char status_codes[FB_STATS_MAX_STATUS][24];
	char routing_codes[FB_STATS_MAX_ROUTING][24];
	int enterprise_kinds_total, worker_kinds_total;  /* kinds defined in categories */
	uint32_t enterprise_kinds_all, worker_kinds_all; /* every defined kind's bit */
	/* Set by the caller before rendering: the table format shows every group
	 * in every chart. Otherwise, at 100 columns or fewer and with more than
	 * FB_STATS_COMPACT_TOP groups, charts and long lists show the top
	 * FB_STATS_COMPACT_TOP and say how many more there are. */
	int show_all;
	int ledger; /* the groups' units_met ... are filled (fb_stats_opts.ledger) */
} fb_overview;
enum { FB_STATS_COMPACT_TOP = 10 };

/* Compute the overview. FB_EINVAL for a bad date or week (field names the
 * option). Free with fb_overview_free. */
fb_status fb_stats_overview(fb_store *st, const fb_stats_opts *o, fb_overview *out, fb_error *err);
void fb_overview_free(fb_overview *o);

typedef enum fb_stats_format {
	FB_SFMT_TABLE,      /* sections of aligned tables and charts, `width` columns */
	FB_SFMT_CSV_GROUPS, /* one row per group, every figure */
	FB_SFMT_CSV_CADRES, /* one row per cadre */
	FB_SFMT_JSON        /* everything */
} fb_stats_format;

/* Render the overview (caller frees; NULL when out of memory). width: the
 * terminal width (80 if <= 0); tables and charts fit it and use more room
 * when there is more. */
char *fb_stats_render(fb_store *st, const fb_overview *o, fb_stats_format fmt, int width);

/* A horizontal bar of value/max in cols columns from the eighth blocks
 * (▏▎▍▌▋▊▉█), padded with spaces to cols. Returns out. */
char *fb_chart_bar(double value, double max, int cols, char *out, size_t size);
/* A sparkline of n values, one column each, or when n > cols squeezed into
 * at most cols columns by summing neighbours; from ▁▂▃▄▅▆▇█ scaled to the
 * largest column, a zero is a space. Returns out. */
char *fb_chart_spark(const int *v, int n, int cols, char *out, size_t size);

#endif
