/* store.c - the SQLite connection, its settings, transactions, the
 * prepared-statement cache and the hybrid logical clock. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "fieldbook/i18n.h"
#include "fieldbook/migrate.h"
#include "fieldbook/search.h"
#include "fieldbook/store.h"
#include "internal.h"

#define FB_APPLICATION_ID 0x46424B31 /* "FBK1" in the database header */

struct stmt_slot {
	char *sql;        /* owned copy, NULL if the slot is free */
	unsigned hash;
	sqlite3_stmt *stmt;
};

struct fb_store {
	sqlite3 *db;
	char *path;
	int readonly;
	int depth;           /* nesting of fb_store_begin */
	int failed;          /* an inner level rolled back */
	char device[37];
	int64_t hlc;         /* last revision handed out or observed */
	int64_t hlc_saved;   /* value of meta.hlc in the database */
	struct stmt_slot *slots;
	unsigned nslots, used;
	int64_t memo[FB_MEMO_SLOTS]; /* fb_store_memo */
	int memo_known[FB_MEMO_SLOTS];
};

static fb_migrate_progress_fn migrate_progress;
static void *migrate_progress_ctx;
static int migrate_from, migrate_to;

void fb_store_set_migrate_progress(fb_migrate_progress_fn fn, void *ctx)
{
	migrate_progress = fn;
	migrate_progress_ctx = ctx;
}

/* SQLite's progress handler during a migration: at most one report a
 * second; never interrupts. */
static int migrate_tick(void *unused)
{
	static time_t last;
	time_t now = time(NULL);
	(void)unused;
	if (now != last && migrate_progress) {
		last = now;
		migrate_progress(migrate_from, migrate_to, 0, migrate_progress_ctx);
	}
	return 0;
}

static unsigned hash_sql(const char *s)
{
	unsigned h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int grow_slots(fb_store *st)
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
	if (st->used * 10 >= st->nslots * 7 && grow_slots(st) < 0) {
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
	case SQLITE_READONLY:
		return fb_error_set(err, FB_EDB, NULL,
		                    _("the database is read-only; nothing was saved"));
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return fb_error_set(err, FB_ESCHEMA, NULL,
		                    _("%s is not a fieldbook database or is damaged"), st->path);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return fb_error_set(err, FB_EIO, NULL, _("cannot read or write %s: %s"), st->path, m);
	default:
		return fb_error_set(err, FB_EDB, NULL, _("database error: %s"), m);
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

static int exec(fb_store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

static int pragma_int(fb_store *st, const char *sql, int *out)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc;
}

/* mkdir -p for the directory part of path, mode 0700 (personal data). */
static int make_parent_dirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static fb_status load_identity(fb_store *st, fb_error *err)
{
	char *dev = fb_meta_get(st, "device_id");
	if (!dev) {
		if (st->readonly)
			return fb_error_set(err, FB_ESCHEMA, NULL, _("%s has no device id"), st->path);
		fb_uuid_random(st->device);
		if (fb_meta_set(st, "device_id", st->device, err))
			return err ? err->code : FB_EDB;
	} else {
		snprintf(st->device, sizeof st->device, "%s", dev);
		free(dev);
	}
	char *h = fb_meta_get(st, "hlc");
	st->hlc = st->hlc_saved = h ? strtoll(h, NULL, 10) : 0;
	free(h);
	return FB_OK;
}

fb_status fb_store_open(const char *path, int flags, fb_store **out, fb_error *err)
{
	*out = NULL;
	struct stat sb;
	int exists = stat(path, &sb) == 0;
	if (!exists && !(flags & FB_OPEN_CREATE))
		return fb_error_set(err, FB_EIO, NULL,
		                    _("no database at %s (create one with: fieldbook init)"), path);
	if (!exists) {
		if ((flags & FB_OPEN_MKDIRS) && make_parent_dirs(path) < 0)
			return fb_error_set(err, FB_EIO, NULL, _("cannot create the folder for %s: %s"),
			                    path, strerror(errno));
		/* Create the file ourselves so it is 0600 from the first byte;
		 * SQLite gives its -wal and -shm files the same mode. */
		int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0)
			return fb_error_set(err, FB_EIO, NULL, _("cannot create %s: %s"), path,
			                    strerror(errno));
		close(fd);
	}

	/* Personal data: a database readable by others (copied in with a
	 * loose umask) is made private again when we may write it. */
	if (exists && !(flags & FB_OPEN_READONLY) && (sb.st_mode & 077) && sb.st_uid == geteuid())
		chmod(path, 0600);

	fb_store *st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path)) || grow_slots(st) < 0) {
		if (st)
			free(st->path);
		free(st);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	st->readonly = (flags & FB_OPEN_READONLY) != 0;
	int oflags = st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		fb_status s = fb_store_dberr(st, err);
		fb_store_close(st);
		return s;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);

	/* Look before touching: a newer or foreign database is refused as it is. */
	int version = 0, appid = 0, tables = 0;
	if (pragma_int(st, "PRAGMA user_version", &version) != SQLITE_OK ||
	    pragma_int(st, "PRAGMA application_id", &appid) != SQLITE_OK ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables) != SQLITE_OK) {
		fb_status s = fb_store_dberr(st, err);
		fb_store_close(st);
		return s;
	}
	if ((appid != 0 && appid != FB_APPLICATION_ID) || (appid == 0 && tables > 0 && version == 0)) {
		fb_error_set(err, FB_ESCHEMA, NULL, _("%s is not a fieldbook database"), path);
		fb_store_close(st);
		return FB_ESCHEMA;
	}
	if (version > fb_schema_latest()) {
		fb_error_set(err, FB_ESCHEMA, NULL,
		             _("%s was written by a newer fieldbook (schema %d, this one knows up to %d); "
		               "it was not changed: update fieldbook to open it"),
		             path, version, fb_schema_latest());
		fb_store_close(st);
		return FB_ESCHEMA;
	}
	if (version < fb_schema_latest() && (st->readonly || (flags & FB_OPEN_NO_MIGRATE))) {
		fb_error_set(err, FB_ESCHEMA, NULL,
		             _("%s needs a schema upgrade (schema %d to %d); open it read-write"), path,
		             version, fb_schema_latest());
		fb_store_close(st);
		return FB_ESCHEMA;
	}

	if (fb_search_register(st->db, err) != FB_OK) {
		fb_status s = err ? err->code : FB_EDB;
		fb_store_close(st);
		return s;
	}
	exec(st, "PRAGMA foreign_keys = ON");
	/* 6 MB: the largest part of the 16 MB peak-RSS budget (with the
	 * libraries, about 5 MB, and FTS5's pending terms, 1 MB) */
	exec(st, "PRAGMA cache_size = -6000");
	if (!st->readonly) {
		exec(st, "PRAGMA journal_mode = WAL");
		/* WAL + FULL: a committed transaction survives a power cut. */
		exec(st, "PRAGMA synchronous = FULL");
		int upgrading = version < fb_schema_latest() && migrate_progress;
		if (upgrading) {
			migrate_from = version;
			migrate_to = fb_schema_latest();
			migrate_progress(migrate_from, migrate_to, 0, migrate_progress_ctx);
			sqlite3_progress_handler(st->db, 100000, migrate_tick, NULL);
		}
		fb_status s = fb_migrate(st->db, 0, err);
		if (upgrading) {
			sqlite3_progress_handler(st->db, 0, NULL, NULL);
			migrate_progress(migrate_from, migrate_to, s == FB_OK ? 1 : -1,
			                 migrate_progress_ctx);
		}
		if (s == FB_OK && appid == 0) {
			char sql[64];
			snprintf(sql, sizeof sql, "PRAGMA application_id = %d", FB_APPLICATION_ID);
			if (exec(st, sql) != SQLITE_OK)
				s = fb_store_dberr(st, err);
		}
		if (s != FB_OK) {
			fb_store_close(st);
			return s;
		}
	}
	if (load_identity(st, err) != FB_OK) {
		fb_status s = err ? err->code : FB_EDB;
		fb_store_close(st);
		return s;
	}
	*out = st;
	return FB_OK;
}

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
	if (st->db)
		sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

int64_t *fb_store_memo(fb_store *st, int slot, int **known)
{
	*known = &st->memo_known[slot];
	return &st->memo[slot];
}

sqlite3 *fb_store_db(fb_store *st) { return st->db; }
const char *fb_store_path(fb_store *st) { return st->path; }
const char *fb_store_device(fb_store *st) { return st->device; }

int fb_store_schema_version(fb_store *st)
{
	int v = -1;
	pragma_int(st, "PRAGMA user_version", &v);
	return v;
}

int fb_schema_latest(void)
{
	return fb_migrations[fb_migration_count - 1].version;
}

fb_status fb_store_begin(fb_store *st, fb_error *err)
{
	if (st->depth++ > 0)
		return FB_OK;
	st->failed = 0;
	if (exec(st, "BEGIN IMMEDIATE") != SQLITE_OK) {
		st->depth = 0;
		return fb_store_dberr(st, err);
	}
	return FB_OK;
}

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
	if (st->failed) {
		exec(st, "ROLLBACK");
		return fb_error_set(err, FB_EDB, NULL, _("the change was rolled back"));
	}
	fb_status s = save_hlc(st, err);
	if (s == FB_OK && exec(st, "COMMIT") != SQLITE_OK)
		s = fb_store_dberr(st, err);
	if (s != FB_OK) {
		exec(st, "ROLLBACK");
		char *h = fb_meta_get(st, "hlc");
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
	exec(st, "ROLLBACK");
}

static int64_t now_ms(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

int64_t fb_store_id_of(fb_store *st, const char *table, const char *uuid)
{
	char sql[96];
	if (snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE uuid = ?1", table) >= (int)sizeof sql)
		return -1;
	sqlite3_stmt *s = fb_store_stmt(st, sql, NULL);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : rc == SQLITE_DONE ? 0 : -1;
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
		if (sqlite3_step(s) == SQLITE_ROW) {
			const char *mode = (const char *)sqlite3_column_text(s, 0);
			switched = mode && !strcmp(mode, want);
		}
		sqlite3_finalize(s);
	}
	return switched;
}

int fb_store_cache_size(fb_store *st, int size)
{
	int old = 0;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA main.cache_size", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			old = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %d", size);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	return old;
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

char *fb_meta_get(fb_store *st, const char *key)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT value FROM meta WHERE key = ?1", NULL);
	char *v = NULL;
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return v;
}

fb_status fb_meta_set(fb_store *st, const char *key, const char *value, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
	    st, "INSERT INTO meta(key, value) VALUES (?1, ?2) "
	        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? FB_OK : fb_store_dberr(st, err);
}

int fb_store_is_new(fb_store *st)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT 1 FROM work_groups WHERE deleted = 0 LIMIT 1", NULL);
	if (!s)
		return 1;
	int isnew = sqlite3_step(s) != SQLITE_ROW;
	sqlite3_reset(s);
	return isnew;
}

static void format_uuid(const unsigned char b[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	int k = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[b[i] >> 4];
		out[k++] = hex[b[i] & 15];
	}
	out[k] = '\0';
}

static int64_t now_ms(void);

/* Version-7 layout: 48-bit big-endian milliseconds, version, variant. */
static void uuid_v7(unsigned char b[16], int64_t ms, char out[37])
{
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)((uint64_t)ms >> (40 - 8 * i));
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x70);
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80);
	format_uuid(b, out);
}

void fb_uuid_random(char out[37])
{
	unsigned char b[16];
	size_t got = 0;
	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);
		if (n > 0)
			got += (size_t)n;
	}
	uuid_v7(b, now_ms(), out);
}

/* splitmix64: small, fast, good enough for synthetic data. */
static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void fb_uuid_from_rng(uint64_t *state, int64_t ms, char out[37])
{
	unsigned char b[16];
	uint64_t a = splitmix(state), c = splitmix(state);
	memcpy(b, &a, 8);
	memcpy(b + 8, &c, 8);
	uuid_v7(b, ms, out);
}

int fb_uuid_valid(const char *s)
{
	if (!s || strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return 1;
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
