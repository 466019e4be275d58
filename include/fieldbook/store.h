/* store.h - the database: open, migrate, transactions, revisions, settings.
 *
 * One fb_store wraps one SQLite connection. Opening applies pending schema
 * migrations in one transaction; a database written by a newer fieldbook is
 * refused untouched. Every record that travels between devices carries a
 * UUID, the device it was last changed on (origin), a revision from a hybrid
 * logical clock (so edits are ordered without trusting laptop clocks),
 * updated_at, and a deleted flag (tombstone).
 *
 * Errors are never answers: every read says row, no row or error
 * (fb_store_step), and a busy or damaged database is an error, never "no
 * such record" or "a new database". The SQL side of the store (the
 * connection, prepared statements) is private to the core and the sync
 * library: src/core/sqlstore.h. */
#ifndef FIELDBOOK_STORE_H
#define FIELDBOOK_STORE_H

#include <stdint.h>
#include "fieldbook/error.h"

typedef struct fb_store fb_store;

enum {
	FB_OPEN_CREATE = 1,        /* create the file (mode 0600) if missing */
	FB_OPEN_READONLY = 2,      /* never write, never migrate */
	FB_OPEN_NO_MIGRATE = 4,    /* fail with FB_ESCHEMA if migration is due */
	FB_OPEN_MKDIRS = 8,        /* with CREATE: make missing parent folders (0700) */
	FB_OPEN_MAY_READONLY = 16, /* the caller may only read: when the file (or its folder)
	                            * cannot be written, open it read-only and say so
	                            * (fb_store_warning); a write then fails as read-only */
};

/* Open (or with FB_OPEN_CREATE make) a database. Before anything is
 * written to it, a file that is not fieldbook's, is from a newer
 * fieldbook, or shows damage (a garbled or cut-off file, a damaged first
 * page or settings table) is refused with FB_ESCHEMA and left exactly as
 * it was; the check reads the header and the small tables only, never the
 * whole file. A database another process holds locked is FB_EBUSY. When
 * the open fails, a file this call created is removed again. */
fb_status fb_store_open(const char *path, int flags, fb_store **out, fb_error *err);

/* Told about a schema upgrade while fb_store_open applies it, which can take
 * minutes on a large database (new indexes are built): first with done = 0,
 * then about every second of work, last with done = 1 (or -1 if it failed
 * and was rolled back). The front end shows
 * it; the core only reports. One hook for the process; NULL removes it. */
typedef void (*fb_migrate_progress_fn)(int from, int to, int done, void *ctx);
void fb_store_set_migrate_progress(fb_migrate_progress_fn fn, void *ctx);
void fb_store_close(fb_store *st);
/* Close st and remove its database and -wal, -shm and -journal files: for a
 * database this process has just created and must not leave behind (an
 * init that failed after the file was made). */
void fb_store_close_and_remove(fb_store *st);
const char *fb_store_path(fb_store *st);
/* What the front end should tell the user about this database (one line,
 * translated), NULL if nothing: write-ahead logging could not be had
 * (journal mode read back), the file was opened read-only because it
 * cannot be written (FB_OPEN_MAY_READONLY), it cannot be synced safely. */
const char *fb_store_warning(fb_store *st);
/* 1 if the store was opened read-only (asked for or fallen back to). */
int fb_store_readonly(fb_store *st);

/* The version of the SQLite library fieldbook runs on ("3.40.1"). */
const char *fb_store_sqlite_version(void);

/* Schema version of the open database and the newest this build knows. */
int fb_store_schema_version(fb_store *st);
int fb_schema_latest(void);

/* Transactions nest: only the outermost begin/commit touch SQLite; a
 * rollback anywhere rolls the whole outermost transaction back. */
fb_status fb_store_begin(fb_store *st, fb_error *err);
fb_status fb_store_commit(fb_store *st, fb_error *err);
void fb_store_rollback(fb_store *st);

/* The local id of the record with this uuid in table (a travelling table,
 * named by the caller's constant: "logs", "tickets"...), 0 if there is
 * none, -1 on a database error. Deleted records count. */
int64_t fb_store_id_of(fb_store *st, const char *table, const char *uuid);

/* A bulk load (a first import, demo data) into a database that holds much
 * less than it brings: outside any transaction, switch to a rollback
 * journal (TRUNCATE) while it runs, and back to WAL after (on = 0). In WAL
 * every page of a million-row transaction is written twice and the WAL
 * index (the -shm mapping, counted in memory use) grows with the
 * transaction; a rollback journal of a nearly empty database stays tiny,
 * and a crash still leaves the database as before (the hot journal is
 * rolled back at the next open). Returns 1 if switched, 0 if not (another
 * connection has the database open: the load simply runs in WAL). */
int fb_store_bulk_journal(fb_store *st, int on);

/* Set SQLite's page cache of the main database (PRAGMA cache_size: < 0 in
 * KiB, > 0 in pages) and return the previous setting, to put back. Bulk
 * work (import, export) lowers it to stay within the memory budget. */
int fb_store_cache_size(fb_store *st, int size);

/* The person acting on this store (signed in by fb_auth_sign_in), 0 if nobody. */
int64_t fb_store_actor(const fb_store *st);

/* This device's id (a UUID made at creation). */
const char *fb_store_device(fb_store *st);
/* Next revision of the hybrid logical clock: 48 bits of milliseconds since
 * the epoch, 16 bits of counter. Strictly increasing on this device. */
int64_t fb_store_next_rev(fb_store *st);
/* Advance the clock past a revision seen from another device. */
void fb_store_observe_rev(fb_store *st, int64_t rev);

/* Key/value settings (table meta). lookup puts a malloc'd copy in *value,
 * NULL if the key is not set; an error is an error. get is the same for
 * callers to whom "not set" and "cannot be read" mean the same (NULL). */
fb_status fb_meta_lookup(fb_store *st, const char *key, char **value, fb_error *err);
char *fb_meta_get(fb_store *st, const char *key);
fb_status fb_meta_set(fb_store *st, const char *key, const char *value, fb_error *err);

/* 1 if neither a work group nor headquarters (fb_hq_setup) has been set
 * up yet (the first-run path), 0 if one has, -1 if the database cannot say (busy, damaged: err says why) - which
 * must never start the first-run path. */
int fb_store_is_new(fb_store *st, fb_error *err);

/* Fill out with a new UUID (37 bytes with NUL) in the version-7 layout:
 * 48 bits of Unix milliseconds, then random bits. Time-ordered ids keep
 * inserts into the uuid indexes local (a random v4 id touches a random page
 * of a large index on every insert), and stay unique across devices.
 * FB_EIO (out = "", err says so) when the system gives no random numbers
 * (getrandom, tried a bounded number of times, then /dev/urandom); the
 * result must be looked at: an id of "" is never an answer. */
fb_status fb_uuid_random(char out[37], fb_error *err) __attribute__((warn_unused_result));
/* Deterministic version-7 UUID for a given millisecond time, its random
 * part from a 64-bit PRNG state (demo --seed). */
void fb_uuid_from_rng(uint64_t *state, int64_t ms, char out[37]);
/* 1 if s is a UUID in canonical lowercase 8-4-4-4-12 form. */
int fb_uuid_valid(const char *s);

/* The default database path: $FIELDBOOK_DB, else
 * $XDG_DATA_HOME/fieldbook/fieldbook.db, else
 * ~/.local/share/fieldbook/fieldbook.db. Writes into buf. */
const char *fb_default_db_path(char *buf, unsigned long size);

#endif
