/* migrate.c - applies the embedded migrations in one transaction. */
#include <stdio.h>

#include "fieldbook/i18n.h"
#include "migrate.h"

/* The database's schema version (PRAGMA user_version), -1 on an error. */
static int user_version(sqlite3 *db)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(s); /* the store is not open yet: no fb_store_step */
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int(s, 0);
	else if (rc != SQLITE_DONE)
		v = -1;
	sqlite3_finalize(s);
	return v;
}

fb_status fb_migrate(sqlite3 *db, int target, fb_error *err)
{
	int from = user_version(db);
	if (from < 0)
		return fb_error_set(err, FB_EDB, NULL, "%s", sqlite3_errmsg(db));
	if (target <= 0)
		target = fb_migrations[fb_migration_count - 1].version;
	if (from >= target)
		return FB_OK;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fb_error_set(err, FB_EDB, NULL, _("cannot start the schema upgrade: %s"),
		                    sqlite3_errmsg(db));
	int applied = from;
	for (int i = 0; i < fb_migration_count; i++) {
		const struct fb_migration *m = &fb_migrations[i];
		if (m->version <= from || m->version > target)
			continue;
		char *msg = NULL;
		if (sqlite3_exec(db, m->sql, NULL, NULL, &msg) != SQLITE_OK) {
			fb_error_set(err, FB_ESCHEMA, NULL, _("schema migration %s failed: %s"), m->name,
			             msg ? msg : sqlite3_errmsg(db));
			sqlite3_free(msg);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return FB_ESCHEMA;
		}
		applied = m->version;
	}
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", applied);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fb_error_set(err, FB_EDB, NULL, _("cannot finish the schema upgrade: %s"),
		             sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return FB_EDB;
	}
	return FB_OK;
}
