/* store.c - the open SQLite connection: the prepared-statement cache,
 * errors, transactions, settings (meta) and this device's id among them,
 * the hybrid logical clock and closing. Opening is store_open.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "fieldbook/file.h"
#include "fieldbook/i18n.h"
#include "migrate.h"
#include "store_impl.h"

uint64_t fb_store_cache_epoch(fb_store *st) { return st->depth > 0 && !st->failed ? st->epoch : 0; }

void fb_store_update_hook(void *ctx, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
	fb_store *st = ctx;
	(void)op, (void)db, (void)rowid;
	if (table[0] == 'p' ? !strcmp(table, "people") : !strcmp(table, "work_groups"))
		st->epoch += 2; /* stays odd/even as transactions set it; never 0 again */
}

void *fb_store_cache_get(fb_store *st, int slot) { return st->cache[slot]; }

void fb_store_cache_set(fb_store *st, int slot, void *p, void (*free_fn)(void *))
{
	if (st->cache[slot] && st->cache_free[slot])
		st->cache_free[slot](st->cache[slot]);
	st->cache[slot] = p;
	st->cache_free[slot] = free_fn;
}

/* ---- the statement cache: an open-addressing table keyed by SQL text ---- */

/* FNV-1a of the SQL text: the statement cache's key. */
static unsigned hash_sql(const char *s)
{
	unsigned h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int fb_store_grow_slots(fb_store *st)
{
	unsigned n = st->nslots ? st->nslots * 2 : 64;
	struct stmt_slot *ns = calloc(n, sizeof *ns);
	if (!ns)
		return -1;
	for (unsigned i = 0; i < st->nslots; i++) {
		struct stmt_slot *o = &st->slots[i];
		if (!o->sql)
			continue;
		unsigned j = o->hash & (n - 1);
		while (ns[j].sql)
			j = (j + 1) & (n - 1);
		ns[j] = *o;
	}
	free(st->slots);
	st->slots = ns;
	st->nslots = n;
	return 0;
}

sqlite3_stmt *fb_store_stmt(fb_store *st, const char *sql, fb_error *err)
{
	if (st->used * 10 >= st->nslots * 7 && fb_store_grow_slots(st) < 0) {
		fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		return NULL;
	}
	unsigned h = hash_sql(sql), j = h & (st->nslots - 1);
	while (st->slots[j].sql) {
		struct stmt_slot *s = &st->slots[j];
		if (s->hash == h && !strcmp(s->sql, sql)) {
			sqlite3_reset(s->stmt);
			sqlite3_clear_bindings(s->stmt);
			return s->stmt;
		}
		j = (j + 1) & (st->nslots - 1);
	}
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
		fb_store_dberr(st, err);
		return NULL;
	}
	char *copy = strdup(sql);
	if (!copy) {
		sqlite3_finalize(stmt);
		fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		return NULL;
	}
	st->slots[j].sql = copy;
	st->slots[j].hash = h;
	st->slots[j].stmt = stmt;
	st->used++;
	return stmt;
}

/* ---- errors ---- */

fb_status fb_store_dberr(fb_store *st, fb_error *err)
{
	int rc = sqlite3_extended_errcode(st->db) & 0xff;
	const char *m = sqlite3_errmsg(st->db);
	switch (rc) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return fb_error_set(err, FB_EBUSY, NULL,
		                    _("the database is in use by another fieldbook; try again"));
	case SQLITE_FULL:
		return fb_error_set(err, FB_EDB, NULL, _("the disk is full; nothing was saved"));
	case SQLITE_READONLY: /* say why when we know it: the file, or its folder */
		if (st->readonly && st->ro_folder)
			return fb_error_set(
				err, FB_EDB, NULL,
				_("nothing was saved: the folder of %s cannot be written "
			          "(fieldbook keeps its journal beside the database); copy "
			          "the database to a folder you may write"),
				st->path);
		if (st->readonly)
			return fb_error_set(err, FB_EDB, NULL,
			                    _("nothing was saved: %s is read-only"), st->path);
		return fb_error_set(err, FB_EDB, NULL,
		                    _("the database is read-only; nothing was saved"));
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return fb_error_set(err, FB_ESCHEMA, NULL,
		                    _("%s is not a fieldbook database or is damaged"), st->path);
	case SQLITE_NOMEM: return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return fb_error_set(err, FB_EIO, NULL, _("cannot read or write %s: %s"), st->path, m);
	default: return fb_error_set(err, FB_EDB, NULL, _("database error: %s"), m);
	}
}

int fb_store_step(fb_store *st, sqlite3_stmt *s, fb_error *err)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	fb_store_dberr(st, err);
	return -1;
}

sqlite3_stmt *fb_store_by_id(fb_store *st, const char *sql, int64_t id, fb_status *rc, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, sql, err);
	if (!q) {
		*rc = fb_stmt_failed(err);
		return NULL;
	}
	sqlite3_bind_int64(q, 1, id);
	int row = fb_store_step(st, q, err);
	if (row > 0)
		return q;
	sqlite3_reset(q);
	*rc = row < 0 ? fb_stmt_failed(err) : FB_ENOTFOUND;
	return NULL;
}

fb_status fb_store_int_by_id(fb_store *st, const char *sql, int64_t id, int64_t *value, fb_error *err)
{
	fb_status rc;
	sqlite3_stmt *q = fb_store_by_id(st, sql, id, &rc, err);
	*value = q ? sqlite3_column_int64(q, 0) : 0;
	if (!q)
		return rc == FB_ENOTFOUND ? FB_OK : rc;
	sqlite3_reset(q);
	return FB_OK;
}

fb_status fb_step_done(fb_store *st, sqlite3_stmt *s, fb_error *err)
{
	fb_status r = fb_store_step(st, s, err) < 0 ? (err ? err->code : FB_EDB) : FB_OK;
	sqlite3_reset(s);
	return r;
}

fb_status fb_stmt_failed(fb_error *err) { return err && err->code ? err->code : FB_EDB; }

int fb_store_exec(fb_store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

int fb_store_pragma_int(fb_store *st, const char *sql, int *out)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		rc = SQLITE_OK;
	sqlite3_finalize(s);
	return rc;
}

void fb_store_warn(fb_store *st, const char *fmt, ...)
{
	if (st->warning[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->warning, sizeof st->warning, fmt, ap);
	va_end(ap);
}

const char *fb_store_warning(fb_store *st) { return st->warning[0] ? st->warning : NULL; }

int fb_store_readonly(fb_store *st) { return st->readonly; }

/* ---- closing ---- */

void fb_store_close(fb_store *st)
{
	if (!st)
		return;
	for (unsigned i = 0; i < st->nslots; i++) {
		if (st->slots[i].sql) {
			sqlite3_finalize(st->slots[i].stmt);
			free(st->slots[i].sql);
		}
	}
	free(st->slots);
	for (int i = 0; i < FB_CACHE_COUNT; i++)
		fb_store_cache_set(st, i, NULL, NULL);
	if (st->db)
		sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

void fb_store_remove_files(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	char f[4096];
	for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++)
		if (snprintf(f, sizeof f, "%s%s", path, suffix[i]) < (int)sizeof f)
			unlink(f);
}

void fb_store_close_and_remove(fb_store *st)
{
	if (!st)
		return;
	char *path = strdup(st->path);
	fb_store_close(st);
	if (path) {
		fb_store_remove_files(path);
		fb_file_sync_dir(path, NULL);
	}
	free(path);
}

sqlite3 *fb_store_db(fb_store *st) { return st->db; }
const char *fb_store_path(fb_store *st) { return st->path; }
const char *fb_store_device(fb_store *st) { return st->device; }
int64_t fb_store_actor(const fb_store *st) { return st->actor; }
void fb_store_set_actor(fb_store *st, int64_t person_id) { st->actor = person_id; }
void fb_store_history_off(fb_store *st, int off) { st->history_off = off; }
int fb_store_history_is_off(const fb_store *st) { return st->history_off; }

int fb_store_schema_version(fb_store *st)
{
	int v = -1;
	if (fb_store_pragma_int(st, "PRAGMA user_version", &v) != SQLITE_OK)
		return -1;
	return v;
}

const char *fb_store_sqlite_version(void) { return sqlite3_libversion(); }

int fb_schema_latest(void) { return fb_migrations[fb_migration_count - 1].version; }

/* ---- transactions ---- */

/* After an error SQLite may have rolled the transaction back by itself (out
 * of memory, disk full, I/O); a statement that then ran would commit on its
 * own, half an operation. The hook turns that commit into a rollback, so the
 * operation fails and nothing of it is written. */
int fb_store_commit_guard(void *ctx)
{
	const fb_store *st = ctx;
	return st->depth > 0 && !st->committing;
}

/* ROLLBACK, tried again once if it failed (out of memory) and left the
 * transaction open; fb_store_begin ends one that is still open. */
static void rollback(fb_store *st)
{
	if (fb_store_exec(st, "ROLLBACK") != SQLITE_OK && !sqlite3_get_autocommit(st->db))
		fb_store_exec(st, "ROLLBACK");
}

fb_status fb_store_begin(fb_store *st, fb_error *err)
{
	if (st->depth++ > 0)
		return FB_OK;
	st->failed = 0;
	st->epoch += 2;
	/* a transaction left open by a ROLLBACK that itself failed */
	if (!sqlite3_get_autocommit(st->db))
		fb_store_exec(st, "ROLLBACK");
	if (fb_store_exec(st, "BEGIN IMMEDIATE") != SQLITE_OK) {
		st->depth = 0;
		return fb_store_dberr(st, err);
	}
	return FB_OK;
}

/* Write the clock's value to meta when it moved (inside the transaction
 * being committed). */
static fb_status save_hlc(fb_store *st, fb_error *err)
{
	if (st->hlc == st->hlc_saved)
		return FB_OK;
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", (long long)st->hlc);
	fb_status s = fb_meta_set(st, "hlc", buf, err);
	if (s == FB_OK)
		st->hlc_saved = st->hlc;
	return s;
}

fb_status fb_store_commit(fb_store *st, fb_error *err)
{
	if (st->depth <= 0)
		return FB_OK;
	if (--st->depth > 0)
		return FB_OK;
	st->epoch += 2;
	if (st->failed || sqlite3_get_autocommit(st->db)) {
		/* an inner level failed, or SQLite rolled back by itself */
		fb_store_exec(st, "ROLLBACK");
		return fb_error_set(err, FB_EDB, NULL, _("the change was rolled back"));
	}
	fb_status s = save_hlc(st, err);
	st->committing = 1;
	if (s == FB_OK && fb_store_exec(st, "COMMIT") != SQLITE_OK)
		s = fb_store_dberr(st, err);
	st->committing = 0;
	if (s != FB_OK) {
		rollback(st);
		/* what meta.hlc holds again; if even that cannot be read, the
		 * clock keeps its value: later revisions stay larger */
		char *h = NULL;
		if (fb_meta_lookup(st, "hlc", &h, NULL) == FB_OK)
			st->hlc_saved = h ? strtoll(h, NULL, 10) : 0;
		free(h);
	}
	return s;
}

void fb_store_rollback(fb_store *st)
{
	if (st->depth <= 0)
		return;
	if (--st->depth > 0) {
		st->failed = 1;
		return;
	}
	st->epoch += 2;
	rollback(st);
}

/* ---- lookups and settings ---- */

int64_t fb_store_id_of(fb_store *st, const char *table, const char *uuid)
{
	char sql[96];
	if (snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE uuid = ?1", table) >= (int)sizeof sql)
		return -1;
	sqlite3_stmt *s = fb_store_stmt(st, sql, NULL);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	int row = fb_store_step(st, s, NULL);
	int64_t id = row > 0 ? sqlite3_column_int64(s, 0) : row;
	sqlite3_reset(s);
	return id;
}

int fb_store_bulk_journal(fb_store *st, int on)
{
	if (st->readonly || st->depth > 0)
		return 0;
	sqlite3_stmt *s;
	int switched = 0;
	const char *want = on ? "truncate" : "wal";
	char sql[48];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode = %s", want);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		/* the answer is the mode in force: read back, never assumed */
		if (fb_store_step(st, s, NULL) > 0) {
			const char *mode = (const char *)sqlite3_column_text(s, 0);
			switched = mode && !strcmp(mode, want);
		}
		sqlite3_finalize(s);
	}
	if (!on && !switched)
		fb_store_warn(st,
		              _("%s could not go back to write-ahead logging after a bulk load; "
		                "it stays in rollback-journal mode"),
		              st->path);
	return switched;
}

int fb_store_cache_size(fb_store *st, int size)
{
	int old = 0;
	fb_store_pragma_int(st, "PRAGMA main.cache_size", &old);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %d", size);
	fb_store_exec(st, sql);
	return old;
}

/* ---- the hybrid logical clock ---- */

/* The wall clock in milliseconds since the epoch (the revision clock's base). */
static int64_t now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

int64_t fb_store_next_rev(fb_store *st)
{
	int64_t phys = now_ms() << 16;
	st->hlc = phys > st->hlc ? phys : st->hlc + 1;
	return st->hlc;
}

void fb_store_observe_rev(fb_store *st, int64_t rev)
{
	if (rev > st->hlc)
		st->hlc = rev;
}

fb_status fb_meta_lookup(fb_store *st, const char *key, char **value, fb_error *err)
{
	*value = NULL;
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT value FROM meta WHERE key = ?1", err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int row = fb_store_step(st, s, err);
	fb_status rc = row < 0 ? fb_stmt_failed(err) : FB_OK;
	if (row > 0 && !(*value = strdup((const char *)sqlite3_column_text(s, 0))))
		rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	sqlite3_reset(s);
	return rc;
}

char *fb_meta_get(fb_store *st, const char *key)
{
	char *v = NULL;
	fb_meta_lookup(st, key, &v, NULL);
	return v;
}

fb_status fb_meta_set(fb_store *st, const char *key, const char *value, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "INSERT INTO meta(key, value) VALUES (?1, ?2) "
	                                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	                                err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	return fb_step_done(st, s, err);
}

fb_status fb_store_set_device(fb_store *st, const char *device, fb_error *err)
{
	fb_status s = fb_meta_set(st, "device_id", device, err);
	if (s == FB_OK)
		snprintf(st->device, sizeof st->device, "%s", device);
	return s;
}

int fb_store_is_new(fb_store *st, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT 1 FROM work_groups WHERE deleted = 0 UNION ALL "
	                                "SELECT 1 FROM meta WHERE key = 'site' LIMIT 1",
	                                err);
	if (!s)
		return -1;
	int row = fb_store_step(st, s, err);
	sqlite3_reset(s);
	return row < 0 ? -1 : !row;
}

const char *fb_default_db_path(char *buf, unsigned long size)
{
	const char *env = getenv("FIELDBOOK_DB");
	if (env && *env) {
		snprintf(buf, size, "%s", env);
		return buf;
	}
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg) {
		snprintf(buf, size, "%s/fieldbook/fieldbook.db", xdg);
		return buf;
	}
	const char *home = getenv("HOME");
	snprintf(buf, size, "%s/.local/share/fieldbook/fieldbook.db", home && *home ? home : ".");
	return buf;
}
