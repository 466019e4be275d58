/* rollup.h - the provincial roll-up: a city headquarters' database pushed
 * into a PostgreSQL warehouse (schema "fieldbook", made and migrated here),
 * and the overview's headline figures computed there for every city.
 *
 * The connection is a libpq connection string (conninfo or URI). A password
 * in it is refused: libpq reads it from PGPASSWORD, PGPASSFILE or ~/.pgpass.
 *
 * Warehouse schema version 1: fieldbook.schema_version (one row), the
 * fieldbook.cities register (city = HQ's federation name, the device that
 * pushes it, the last change number pushed) and one table per travelling
 * table (src/sync/tables.c, history excepted) with the bundle's columns
 * (references as uuids) and a `city` column first in every key.
 *
 * A push is one transaction: rows changed since the city's last push (the
 * change sequence, migration 015) are streamed with COPY into temporary
 * staging tables and applied as bundle import does - a newer revision wins,
 * a tombstone is never resurrected, ticket history is insert-only. Personal
 * fields (FB_ROLLUP_PERSONAL in rollup.c) are pushed empty: fieldbook does
 * not seal personal data at rest yet, and the province holds no key. */
#ifndef FB_SYNC_ROLLUP_H
#define FB_SYNC_ROLLUP_H

#include <stdint.h>

#include "fieldbook/error.h"
#include "fieldbook/store.h"

#define FB_ROLLUP_SCHEMA_VERSION 1

/* Progress of a push: rows of table sent so far (called every
 * FB_ROLLUP_PROGRESS_ROWS rows and at the end of each table that had any). */
typedef void (*fb_rollup_progress)(void *ctx, const char *table, int64_t rows);
enum { FB_ROLLUP_PROGRESS_ROWS = 50000 };

typedef struct fb_rollup_result {
	char city[192];       /* HQ's federation name */
	int64_t from_chg;     /* the city's last change pushed before (0: first push) */
	int64_t to_chg;       /* the change number pushed up to */
	int64_t rows_sent;    /* rows streamed */
	int64_t rows_applied; /* rows inserted or updated in the warehouse */
	int created;          /* the schema was created by this push */
} fb_rollup_result;

/* Push the HQ database st into the warehouse at conninfo. FB_EINVAL (field
 * none) for a password in the connection string or a database that is not
 * HQ's; FB_EIO for a connection or server failure (one line, never the
 * password); FB_ESCHEMA for a warehouse from a newer fieldbook (untouched);
 * FB_ESTATE for a city already pushed under another device, or this device
 * under another city. Nothing is changed in the warehouse on any error. */
fb_status fb_rollup_push(fb_store *st, const char *conninfo, fb_rollup_progress progress, void *ctx,
                         fb_rollup_result *out, fb_error *err);

/* One city's group (or one cadre of it) over the period: the headline
 * figures of fb_stats_overview (stats.h) with the same definitions. */
typedef struct fb_rollup_group {
	char city[192];
	char group[96];
	char station[96];
	char cadre[64]; /* per cadre: the cadre's name and role; "" per group */
	char role[16];
	int64_t logs, enterprises, workers, households;
	int64_t tickets, tickets_open, tickets_closed; /* per group only */
} fb_rollup_group;

/* Every city's live groups, by city and group name, over from..to
 * (YYYY-MM-DD, checked by the caller); with cadres, every cadre of them
 * (the leader first, then by name). *rows is allocated: caller frees.
 * Errors as fb_rollup_push; FB_ESCHEMA also for a database without the
 * schema. */
fb_status fb_rollup_stats(const char *conninfo, const char *from, const char *to, int cadres,
                          fb_rollup_group **rows, int *nrows, fb_error *err);

#endif
