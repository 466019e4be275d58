/* store_impl.h - the store's insides, shared by store.c (the running
 * connection) and store_open.c (opening it). Nothing else includes it. */
#ifndef FIELDBOOK_STORE_IMPL_H
#define FIELDBOOK_STORE_IMPL_H

#include "fieldbook/store.h"
#include "internal.h"

#define FB_APPLICATION_ID 0x46424B31 /* "FBK1" in the database header */

struct stmt_slot {
	char *sql; /* owned copy, NULL if the slot is free */
	unsigned hash;
	sqlite3_stmt *stmt;
};

struct fb_store {
	sqlite3 *db;
	char *path;
	int readonly;   /* opened read-only (asked for, or the file cannot be written) */
	int ro_folder;  /* read-only because the file's folder cannot be written */
	int depth;      /* nesting of fb_store_begin */
	int failed;     /* an inner level rolled back */
	int committing; /* fb_store_commit's own COMMIT is running */
	char device[37];
	int64_t actor;
	int history_off;   /* the benchmark's baseline: writes without their history */
	int64_t hlc;       /* last revision handed out or observed */
	int64_t hlc_saved; /* value of meta.hlc in the database */
	struct stmt_slot *slots;
	unsigned nslots, used;
	void *cache[FB_CACHE_COUNT]; /* modules' caches (categories) */
	void (*cache_free[FB_CACHE_COUNT])(void *);
	char warning[256]; /* what the front end should say about this database, "" if nothing */
	uint64_t epoch;    /* changes whenever a row cached by a module may have changed */
};

/* The commit hook: inside fb_store_begin/commit only the store's own COMMIT
 * may commit (see store.c). */
int fb_store_commit_guard(void *ctx);

/* The update hook: a write to a table modules cache rows of moves the epoch. */
void fb_store_update_hook(void *ctx, int op, const char *db, const char *table, sqlite3_int64 rowid);

/* Make the statement cache's table larger (or create it); -1 when out of
 * memory. */
int fb_store_grow_slots(fb_store *st);
/* Run sql (no result wanted); SQLite's result code. */
int fb_store_exec(fb_store *st, const char *sql);
/* The one integer a PRAGMA or query answers into *out; SQLite's result
 * code (SQLITE_OK with *out untouched if there was no row). */
int fb_store_pragma_int(fb_store *st, const char *sql, int *out);
/* Remove path and its -wal, -shm and -journal files. */
void fb_store_remove_files(const char *path);
/* Set the store's warning (the first one said is kept). */
void fb_store_warn(fb_store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
