/* migrate.h - the embedded schema migrations (assets/sql/NNN_name.sql). */
#ifndef FIELDBOOK_MIGRATE_H
#define FIELDBOOK_MIGRATE_H

#include "fieldbook/error.h"
#include <sqlite3.h>

struct fb_migration {
	int version;      /* NNN of the file name; user_version after it */
	const char *name; /* file name without .sql */
	const char *sql;
};
extern const struct fb_migration fb_migrations[];
extern const int fb_migration_count;

/* Apply every migration newer than the database's user_version, up to
 * `target` (or all if target <= 0), in one transaction. */
fb_status fb_migrate(sqlite3 *db, int target, fb_error *err);

#endif
