/* demo_share.h - what the demo generator's files share (demo.c, demo_words.c,
 * demo_people.c, demo_ledger.c, demo_logs.c): the generator's state, its
 * seeded random draws and clock, the vocabulary more than one generator
 * uses, and the steps one file hands to another. Not public API. */
#ifndef FIELDBOOK_DEMO_SHARE_H
#define FIELDBOOK_DEMO_SHARE_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "fieldbook/date.h"
#include "fieldbook/demo.h"
#include "internal.h"

#define DEMO_BATCH 5000
#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct member {
	int64_t id;
	int leader;
	long joined; /* fb_date_to_days */
} member;

/* A unit of a group's ledger, met again and again. */
typedef struct demo_unit {
	int64_t id;
	char kind[12];
	char name[128];
} demo_unit;

typedef struct demo {
	fb_store *st;
	const fb_demo_opts *o;
	uint64_t rng;
	sqlite3_stmt *log_ins, *ticket_ins, *event_ins, *ticket_status;
	sqlite3_stmt *unit_ins, *worker_ins, *lunit_ins, *lworker_ins, *sheet_ins;
	int pool_units, pool_workers; /* the most units and workers a group meets */
	demo_unit *units;             /* pool_units places per group */
	int *nunits;
	int64_t *workers; /* pool_workers places per group */
	int *nworkers;
	int64_t rev_max;  /* the largest revision handed out (observed at each commit) */
	unsigned counter; /* revisions: the day's milliseconds << 16 | counter */
	char origin[37];
	long gmtoff;        /* local time minus UTC, seconds, at the end date */
	char limit[21];     /* no row is stamped later: now, or the end of the end date */
	fb_date start, end; /* the days logs are written for */
	int ngroups;
	int64_t *gids;   /* the groups' ids */
	member *members; /* 6 places per group: members[g * 6 + i] */
	int *nmem;       /* people in each group */
	long done;       /* logs written */
	int in_tx;       /* a batch transaction is open */
} demo;

/* The next 64 random bits of the demo's seeded splitmix64 generator. */
static inline uint64_t rnd(demo *d)
{
	uint64_t z = (d->rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* A random number in [0, n). */
static inline unsigned pick(demo *d, unsigned n) { return (unsigned)(rnd(d) % n); }
#define PICK(d, a) ((a)[pick(d, N(a))])
/* One or two kinds of eight as bits. The draws are one statement each: C
 * leaves the order of calls within an expression to the compiler, and the
 * same seed must give the same data from every build. */
static inline uint32_t pick_kinds(demo *d)
{
	uint32_t one = 1u << pick(d, 8);
	uint32_t two = pick(d, 2);
	return one | (two << pick(d, 8));
}
/* A mobile number 1[3-9]xxxxxxxxx into out (16 bytes), draws in order. */
static inline void pick_phone(demo *d, char out[16])
{
	unsigned second = 3 + pick(d, 7);
	unsigned rest = (unsigned)(rnd(d) % 1000000000u);
	snprintf(out, 16, "1%u%09u", second, rest);
}

/* Local time hh:mm on day as UTC "YYYY-MM-DDTHH:MM:00Z". */
static inline void local_at(const demo *d, fb_date day, unsigned hh, unsigned mm, char at[21])
{
	time_t t = (time_t)fb_date_to_days(day) * 86400 + hh * 3600 + mm * 60 - d->gmtoff;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(at, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Milliseconds of 09:00 UTC on a day: the time demo rows are "written". */
static inline int64_t day_ms(fb_date day)
{
	return (int64_t)fb_date_to_days(day) * 86400000LL + 9 * 3600000LL;
}

/* A time-ordered UUID for a row written on day. */
static inline void day_uuid(demo *d, fb_date day, char out[37])
{
	fb_uuid_from_rng(&d->rng, day_ms(day) + (d->counter & 0xFFFF), out);
}

/* A revision for a row written "on" a given day: ordered by day. */
static inline int64_t day_rev(demo *d, fb_date day)
{
	int64_t rev = (day_ms(day) << 16) | (d->counter++ & 0xFFFF);
	if (rev > d->rev_max)
		d->rev_max = rev;
	return rev;
}

/* ---- vocabulary shared by the generators (demo_words.c) ---- */

/* Roots of station names ("桃源"): stations and communities. */
extern const char *const demo_station_roots[16];
/* The problems found: the sentence in a log's findings, and the category
 * and title of the ticket opened from it (the same problem in both). */
typedef struct demo_problem {
	const char *code, *title, *finding;
} demo_problem;
extern const demo_problem demo_problems[11];
/* The departments a problem is handed over to. */
extern const char *const demo_depts[6];
/* A random Chinese name: surname and one or two given characters (some padded with U+3000). */
void demo_person_name(demo *d, char *out, size_t size);

/* ---- groups and their people (demo_people.c) ---- */

/* Every group and its people, in one transaction. */
fb_status demo_make_groups(demo *d, fb_error *err);

/* ---- the contact ledger (demo_ledger.c) ---- */

/* The unit a log visits: often one the group met before, else a new one
 * of the group's ledger (an enterprise mostly; unions, households,
 * communities). *u points at it. */
fb_status demo_pick_unit(demo *d, int g, fb_date dd, const char *at, demo_unit **u, fb_error *err);
/* The workers a log met at unit u: some met before, most new. */
fb_status demo_meet_workers(demo *d, int g, int64_t log_id, const demo_unit *u, fb_date dd,
                            const char *at, int has_problem, unsigned prob, fb_error *err);
/* The link of a log to its unit, with the way the contact was made. */
fb_status demo_link_unit(demo *d, int64_t log_id, const demo_unit *u, fb_date dd, const char *at,
                         const char **mode, fb_error *err);
/* The contact record sheet of a visit to a grassroots union; its sheet id
 * into *sheet_id. A problem beyond the cadre's authority is handed over. */
fb_status demo_write_sheet(demo *d, int g, int author, int64_t log_id, const demo_unit *u,
                           fb_date dd, const char *at, const char *mode, const char *content,
                           int has_problem, unsigned prob, int64_t *sheet_id, fb_error *err);

/* ---- logs and tickets (demo_logs.c) ---- */

/* Every log, newest day first, until there are o->logs of them. */
fb_status demo_write_logs(demo *d, fb_error *err);

/* ---- contact points (demo_points.c) ---- */

/* Up to two grassroots unions of each group as contact points. */
fb_status demo_write_points(demo *d, fb_error *err);

#endif
