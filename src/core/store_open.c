/* store_open.c - opening a database, in the order that keeps it safe:
 * make the file (if asked), look at it without writing (a foreign, newer
 * or damaged database is refused exactly as it is), then configure it,
 * migrate it and load this device's identity. A file made here and not
 * opened is removed again. */
#include <sodium.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "bigram.h"
#include "fieldbook/i18n.h"
#include "fieldbook/keys.h"
#include "fieldbook/seal.h"
#include "migrate.h"
#include "store_impl.h"
#include "unit_key.h"

/* ---- the migration progress hook (one for the process) ---- */

static fb_migrate_progress_fn migrate_progress;
static void *migrate_progress_ctx;
static int migrate_from, migrate_to;
static time_t migrate_last; /* when the hook was last told */

void fb_store_set_migrate_progress(fb_migrate_progress_fn fn, void *ctx)
{
	migrate_progress = fn;
	migrate_progress_ctx = ctx;
}

/* SQLite's progress handler during a migration: at most one report a
 * second; never interrupts. */
static int migrate_tick(void *unused)
{
	time_t now = time(NULL);
	(void)unused;
	if (now != migrate_last && migrate_progress) {
		migrate_last = now;
		migrate_progress(migrate_from, migrate_to, 0, migrate_progress_ctx);
	}
	return 0;
}

/* ---- the file ---- */

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

/* The database file exists afterwards, or an error says why: missing and
 * not to be created, or it cannot be made. *created: made here (0600 from
 * the first byte; SQLite gives its -wal and -shm files the same mode). */
static fb_status prepare_file(const char *path, int flags, int *created, fb_error *err)
{
	struct stat sb;
	*created = 0;
	if (stat(path, &sb) == 0) {
		/* Personal data: a database readable by others (copied in with a
		 * loose umask) is made private again when we may write it. */
		if (!(flags & FB_OPEN_READONLY) && (sb.st_mode & 077) && sb.st_uid == geteuid())
			chmod(path, 0600);
		return FB_OK;
	}
	if (!(flags & FB_OPEN_CREATE))
		return fb_error_set(err, FB_EIO, NULL,
		                    _("no database at %s (create one with: fieldbook init)"), path);
	if ((flags & FB_OPEN_MKDIRS) && make_parent_dirs(path) < 0)
		return fb_error_set(err, FB_EIO, NULL, _("cannot create the folder for %s: %s"),
		                    path, strerror(errno));
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return fb_error_set(err, FB_EIO, NULL, _("cannot create %s: %s"), path,
		                    strerror(errno));
	close(fd);
	*created = 1;
	return FB_OK;
}

/* Size of path + suffix, 0 if there is no such file. */
static off_t file_size(const char *path, const char *suffix)
{
	char f[4096];
	struct stat sb;
	if (snprintf(f, sizeof f, "%s%s", path, suffix) >= (int)sizeof f || stat(f, &sb) != 0)
		return 0;
	return sb.st_size;
}

/* The big-endian 32-bit number at p. */
static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* FB_ESCHEMA: path is damaged (why), nothing was changed. */
static fb_status damaged(fb_error *err, const char *path, const char *why)
{
	return fb_error_set(err, FB_ESCHEMA, NULL,
	                    _("%s is damaged (%s); it was not changed: restore it from a copy, or "
	                      "import the group's last bundle into a new database"),
	                    path, why);
}

/* What the file's header (its first 100 bytes) shows without SQLite: a
 * file that is not SQLite at all, a page size that cannot be, a file
 * shorter than its pages (truncated: a copy cut short, a full disk). A
 * file with a hot journal or a WAL may be shorter; SQLite mends it. */
static fb_status check_header(const char *path, fb_error *err)
{
	unsigned char h[100];
	off_t size = file_size(path, "");
	if (size == 0)
		return FB_OK; /* new: SQLite writes the first page */
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fb_error_set(err, FB_EIO, NULL, _("cannot read %s: %s"), path,
		                    strerror(errno));
	ssize_t n = read(fd, h, sizeof h);
	close(fd);
	if (n != (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16))
		return fb_error_set(err, FB_ESCHEMA, NULL, _("%s is not a fieldbook database"), path);
	unsigned page = (unsigned)h[16] << 8 | h[17];
	if (page == 1)
		page = 65536;
	if (page < 512 || (page & (page - 1)))
		return damaged(err, path, _("its header is garbled"));
	if (file_size(path, "-journal") > 0 || file_size(path, "-wal") > 0)
		return FB_OK;
	unsigned pages = be32(h + 28);
	int size_valid = pages > 0 && be32(h + 24) == be32(h + 92);
	if (size % page || (size_valid && (uint64_t)size < (uint64_t)pages * page))
		return damaged(err, path, _("the file is shorter than its contents: cut off"));
	return FB_OK;
}

/* ---- the connection ---- */

static fb_status new_store(const char *path, fb_store **out, fb_error *err)
{
	fb_store *st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path)) || fb_store_grow_slots(st) < 0) {
		if (st)
			free(st->path);
		free(st);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	*out = st;
	return FB_OK;
}

/* 1 if this process may write path and create the -wal and -shm files
 * beside it (or they exist and may be written). */
static int writable(const char *path, int *folder)
{
	char *copy = strdup(path), wal[4096], shm[4096];
	int dir_ok = copy && access(dirname(copy), W_OK) == 0;
	free(copy);
	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(shm, sizeof shm, "%s-shm", path);
	int file_ok = access(path, W_OK) == 0;
	*folder = file_ok && !dir_ok;
	return file_ok && (dir_ok || (access(wal, W_OK) == 0 && access(shm, W_OK) == 0));
}

/* 1 if path's header says write-ahead logging (file format 2). */
static int wal_mode(const char *path)
{
	unsigned char h[20];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, h, sizeof h) : -1;
	if (fd >= 0)
		close(fd);
	return n == (ssize_t)sizeof h && h[18] == 2 && h[19] == 2;
}

/* The name SQLite opens: the path, or for a WAL database in a folder that
 * cannot be written (a read-only stick: SQLite cannot make its -shm file
 * there) the URI "file:PATH?immutable=1" - nobody can change the file
 * while it is read. Into out. */
static const char *open_name(const fb_store *st, char *out, size_t size, int *uri)
{
	char *copy = strdup(st->path), shm[4096];
	int dir_ok = copy && access(dirname(copy), W_OK) == 0;
	free(copy);
	snprintf(shm, sizeof shm, "%s-shm", st->path);
	*uri = st->readonly && !dir_ok && access(shm, F_OK) != 0 && wal_mode(st->path);
	if (!*uri)
		return st->path;
	size_t o = (size_t)snprintf(out, size, "file:");
	for (const unsigned char *p = (const unsigned char *)st->path; *p && o + 4 < size; p++)
		o += (size_t)(*p == '%' || *p == '?' || *p == '#' || *p < 0x20
		                      ? snprintf(out + o, size - o, "%%%02X", *p)
		                      : snprintf(out + o, size - o, "%c", *p));
	snprintf(out + o, size - o, "?immutable=1");
	return out;
}

/* Open the SQLite connection: read-write unless asked for read-only or,
 * with FB_OPEN_MAY_READONLY, the file cannot be written (a copy on a
 * read-only stick: it is read as it is, and the warning says so). */
static fb_status connect(fb_store *st, int flags, fb_error *err)
{
	st->readonly = (flags & FB_OPEN_READONLY) != 0;
	if (!st->readonly && (flags & FB_OPEN_MAY_READONLY) && !writable(st->path, &st->ro_folder)) {
		st->readonly = 1;
		if (st->ro_folder)
			fb_store_warn(st,
			              _("the folder of %s cannot be written (fieldbook keeps its "
			                "journal beside the database): it is shown as it is, and "
			                "nothing can be saved"),
			              st->path);
		else
			fb_store_warn(
				st,
				_("%s cannot be written here: it is shown as it is, and nothing "
			          "can be saved"),
				st->path);
	}
	int oflags = st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, uri;
	char name[8192];
	const char *what = open_name(st, name, sizeof name, &uri);
	if (uri)
		oflags |= SQLITE_OPEN_URI;
	if (sqlite3_open_v2(what, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return st->db ? fb_store_dberr(st, err)
		              : fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	st->epoch = 1; /* odd: never 0, the epoch of "do not cache" */
	sqlite3_update_hook(st->db, fb_store_update_hook, st);
	sqlite3_commit_hook(st->db, fb_store_commit_guard, st);
	fb_status s = fb_bigram_register(st->db, err); /* migration 004 and the lists need it */
	if (s == FB_OK)
		s = fb_unit_register(st->db, err); /* migration 013: units.name_key */
	if (s == FB_OK)
		s = fb_seal_register(st, err); /* fb_open(col, value): sealed personal data */
	if (s)
		return s;
	if (!st->readonly && sqlite3_db_readonly(st->db, "main") == 1) {
		if (!(flags & FB_OPEN_MAY_READONLY))
			return fb_error_set(err, FB_EIO, NULL, _("%s is read-only"), st->path);
		st->readonly = 1;
		fb_store_warn(st,
		              _("%s cannot be written here: it is shown as it is, and nothing "
		                "can be saved"),
		              st->path);
	}
	return FB_OK;
}

/* Look before touching: the schema version and application id, and a
 * check of the small table every open reads (meta). A foreign, newer or
 * damaged database is refused here, before anything is written. Never
 * the whole file: that takes seconds on a million logs. */
static fb_status inspect(fb_store *st, int flags, int *version, int *appid, fb_error *err)
{
	int tables = 0, ok = 0;
	if (fb_store_pragma_int(st, "PRAGMA user_version", version) != SQLITE_OK ||
	    fb_store_pragma_int(st, "PRAGMA application_id", appid) != SQLITE_OK ||
	    fb_store_pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables) != SQLITE_OK) {
		int rc = sqlite3_extended_errcode(st->db) & 0xff;
		if (rc == SQLITE_CORRUPT)
			return damaged(err, st->path, sqlite3_errmsg(st->db));
		return fb_store_dberr(st, err);
	}
	if ((*appid != 0 && *appid != FB_APPLICATION_ID) ||
	    (*appid == 0 && tables > 0 && *version == 0))
		return fb_error_set(err, FB_ESCHEMA, NULL, _("%s is not a fieldbook database"),
		                    st->path);
	if (*version > fb_schema_latest())
		return fb_error_set(
			err, FB_ESCHEMA, NULL,
			_("%s was written by a newer fieldbook (schema %d, this one knows up to "
		          "%d); it was not changed: update fieldbook to open it"),
			st->path, *version, fb_schema_latest());
	if (*version < fb_schema_latest() && (st->readonly || (flags & FB_OPEN_NO_MIGRATE)))
		return fb_error_set(
			err, FB_ESCHEMA, NULL,
			_("%s needs a schema upgrade (schema %d to %d); open it read-write"),
			st->path, *version, fb_schema_latest());
	if (*version == 0)
		return FB_OK; /* new and empty */
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check(meta)", -1, &s, NULL) != SQLITE_OK)
		return damaged(err, st->path, sqlite3_errmsg(st->db));
	int row = fb_store_step(st, s, err);
	ok = row > 0 && !strcmp((const char *)sqlite3_column_text(s, 0), "ok");
	char why[160];
	snprintf(why, sizeof why, "%s",
	         row > 0 ? (const char *)sqlite3_column_text(s, 0) : sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	if (row < 0 && err && err->code == FB_EBUSY)
		return FB_EBUSY;
	return ok ? FB_OK : damaged(err, st->path, why);
}

/* The one text a PRAGMA answers into out ("" if none); SQLite's code. */
static int pragma_text(fb_store *st, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	out[0] = '\0';
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(s, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
	sqlite3_finalize(s);
	return rc;
}

/* The connection's settings, each read back: what cannot be had is said
 * (fb_store_warning), never assumed. */
static fb_status configure(fb_store *st, fb_error *err)
{
	int fk = 0, sync = 0;
	char mode[16];
	if (fb_store_exec(st, "PRAGMA foreign_keys = ON") != SQLITE_OK ||
	    fb_store_pragma_int(st, "PRAGMA foreign_keys", &fk) != SQLITE_OK)
		return fb_store_dberr(st, err);
	if (fk != 1)
		fb_store_warn(st,
		              _("this SQLite library does not check references (foreign keys)"));
	/* 6 MB: the largest part of the 16 MB peak-RSS budget (with the
	 * libraries, about 5 MB, and FTS5's pending terms, 1 MB) */
	fb_store_exec(st, "PRAGMA cache_size = -6000");
	/* Deleted means gone: freed pages are overwritten with zeros, whatever
	 * the platform's SQLite was built with (read back). */
	int wipe = 0;
	if (fb_store_exec(st, "PRAGMA secure_delete = ON") != SQLITE_OK ||
	    fb_store_pragma_int(st, "PRAGMA secure_delete", &wipe) != SQLITE_OK)
		return fb_store_dberr(st, err);
	if (wipe != 1)
		fb_store_warn(
			st, _("this SQLite library cannot overwrite deleted data (secure_delete)"));
	if (st->readonly)
		return FB_OK;
	if (pragma_text(st, "PRAGMA journal_mode = WAL", mode, sizeof mode) != SQLITE_OK)
		return fb_store_dberr(st, err);
	if (strcmp(mode, "wal"))
		fb_store_warn(st,
		              _("%s cannot use write-ahead logging here (the journal mode is "
		                "'%s'): saving is slower, and a reader waits while someone saves"),
		              st->path, mode);
	/* WAL + FULL: a committed transaction survives a power cut. */
	if (fb_store_exec(st, "PRAGMA synchronous = FULL") != SQLITE_OK ||
	    fb_store_pragma_int(st, "PRAGMA synchronous", &sync) != SQLITE_OK)
		return fb_store_dberr(st, err);
	if (sync != 2)
		fb_store_warn(st, _("%s cannot be written safely here (synchronous is %d, not FULL)"),
		              st->path, sync);
	return FB_OK;
}

/* Apply the migrations due (telling the progress hook), and stamp a new
 * database as fieldbook's. */
static fb_status upgrade(fb_store *st, int version, int appid, fb_error *err)
{
	int telling = version < fb_schema_latest() && migrate_progress;
	if (telling) {
		migrate_from = version;
		migrate_to = fb_schema_latest();
		migrate_progress(migrate_from, migrate_to, 0, migrate_progress_ctx);
		sqlite3_progress_handler(st->db, 100000, migrate_tick, NULL);
	}
	fb_status s = fb_migrate(st->db, 0, err);
	if (telling) {
		sqlite3_progress_handler(st->db, 0, NULL, NULL);
		migrate_progress(migrate_from, migrate_to, s == FB_OK ? 1 : -1, migrate_progress_ctx);
	}
	if (s == FB_OK && appid == 0) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d", FB_APPLICATION_ID);
		if (fb_store_exec(st, sql) != SQLITE_OK)
			s = fb_store_dberr(st, err);
	}
	return s;
}

/* This device's id (made on first open) and the clock's last value. */
static fb_status load_identity(fb_store *st, fb_error *err)
{
	char *dev = NULL, *h = NULL;
	fb_status s = fb_meta_lookup(st, "device_id", &dev, err);
	if (s)
		return s;
	if (!dev) {
		if (st->readonly)
			return fb_error_set(err, FB_ESCHEMA, NULL, _("%s has no device id"),
			                    st->path);
		st->device[0] = '\0';
		if ((s = fb_new_uuid(st->device, err)) ||
		    (s = fb_meta_set(st, "device_id", st->device, err)))
			return s;
	} else {
		snprintf(st->device, sizeof st->device, "%s", dev);
		free(dev);
	}
	if ((s = fb_meta_lookup(st, "hlc", &h, err)))
		return s;
	st->hlc = st->hlc_saved = h ? strtoll(h, NULL, 10) : 0;
	free(h);
	return FB_OK;
}

/* Statement journals (a statement's undo inside a big transaction: each
 * row of an import, with its triggers, journals some twenty pages) stay in
 * memory (-1: never spilled) instead of going to a file in /var/tmp past
 * 64 KiB: a first import wrote them out a page at a time, 13 million
 * writes for 100,000 logs. The memory is given back after each statement;
 * it holds only pages the statement changed that the transaction had
 * changed before. */
#define STMT_JOURNAL_IN_MEMORY (-1)

/* Process-wide SQLite settings, once, before SQLite starts (if something
 * started it first, SQLite refuses and its defaults stay: slower, not
 * wrong). */
static void configure_sqlite(void)
{
	static int done;
	if (!done) {
		done = 1;
		sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STMT_JOURNAL_IN_MEMORY);
	}
}

fb_status fb_store_open(const char *path, int flags, fb_store **out, fb_error *err)
{
	fb_store *st = NULL;
	int created = 0, version = 0, appid = 0;
	*out = NULL;
	configure_sqlite();
	if (sodium_init() < 0) /* the history's hashes (history.c) */
		return fb_error_set(err, FB_ENOMEM, NULL,
		                    _("the cryptographic library cannot start"));
	fb_status s = prepare_file(path, flags, &created, err);
	if (!s)
		s = check_header(path, err);
	if (!s)
		s = new_store(path, &st, err);
	if (!s)
		s = connect(st, flags, err);
	if (!s)
		s = inspect(st, flags, &version, &appid, err);
	if (!s)
		s = configure(st, err);
	if (!s && !st->readonly)
		s = upgrade(st, version, appid, err);
	if (!s)
		s = load_identity(st, err);
	if (!s && sodium_init() < 0)
		s = fb_error_set(err, FB_EIO, NULL,
		                 _("the cryptography library cannot start "
		                   "(no random numbers?)"));
	if (!s && !st->readonly) /* a database from before keys enrols here */
		s = fb_keys_ensure(st, err);
	if (s) {
		fb_store_close(st);
		if (created) /* a failed first open leaves no file behind */
			fb_store_remove_files(path);
		return s;
	}
	*out = st;
	return FB_OK;
}
