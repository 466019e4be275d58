/* export.c - write a bundle: one CSV per travelling table, streamed from a
 * query straight into the zip (libzip pulls the rows through a source
 * callback; each file is hashed as it goes), then the manifest. The zip is
 * written under a temporary name, fsynced and renamed into place
 * (fb_file_commit), so a failed export leaves nothing half done and a
 * finished one survives a pulled stick. */
#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "csvio.h"
#include "fieldbook/keys.h"
#include "fieldbook/date.h"
#include "fieldbook/file.h"
#include "fieldbook/i18n.h"
#include "sync.h"
#include "manifest.h"
#include "seal.h"
#include "signature.h"
#include "sync_internal.h"
#include "tables.h"
#include "sqlstore.h"

/* Build the SELECT for table t into sql: references as the other row's
 * uuid, or as its id if raw_refs (the exporter resolves those itself).
 * where is appended as is. */
void fb_sync_select_sql(const fb_sync_table *t, const char *where, int raw_refs, char *sql,
                        size_t size)
{
	size_t n = (size_t)snprintf(sql, size, "SELECT ");
	for (int i = 0; i < t->ncols && n < size; i++) {
		const fb_sync_col *c = &t->cols[i];
		if (c->kind == C_REF && !raw_refs)
			n += (size_t)snprintf(sql + n, size - n, "%s(SELECT uuid FROM %s WHERE id = t.%s)",
			                      i ? ", " : "", c->ref, c->db);
		else
			n += (size_t)snprintf(sql + n, size - n, "%st.%s", i ? ", " : "", c->db);
	}
	if (n < size)
		snprintf(sql + n, size - n, " FROM %s t %s", t->name, where);
}

/* References are exported as the other row's uuid. A few people and
 * groups account for every log, so a small direct-mapped cache per column
 * replaces a correlated subquery per row and cell. */
#define REF_SLOTS 256
typedef struct ref_cache {
	int64_t id[REF_SLOTS];   /* 0: empty (ids start at 1) */
	char uuid[REF_SLOTS][37];
} ref_cache;

/* The uuid of row id in table, through the cache; "" if there is none,
 * NULL after a database error (in err). */
static const char *ref_uuid(fb_store *st, ref_cache *rc, const char *table, int64_t id,
                            fb_error *err)
{
	unsigned slot = (unsigned)((uint64_t)id * 0x9E3779B97F4A7C15ULL >> 56) % REF_SLOTS;
	if (rc->id[slot] == id)
		return rc->uuid[slot];
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT uuid FROM %s WHERE id = ?1", table);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, id);
	int r = fb_store_step(st, s, err);
	rc->uuid[slot][0] = 0;
	rc->id[slot] = 0;
	const char *u = r > 0 ? (const char *)sqlite3_column_text(s, 0) : NULL;
	if (u)
		snprintf(rc->uuid[slot], sizeof rc->uuid[slot], "%s", u);
	sqlite3_reset(s);
	if (r < 0)
		return NULL;
	if (r > 0 && !u) { /* out of memory: never a blank reference */
		fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		return NULL;
	}
	rc->id[slot] = id;
	return rc->uuid[slot];
}

/* Column i of s as text; a value SQLite could not convert (out of memory)
 * fails the writer instead of becoming an empty cell. */
static const char *column_text(fb_csv_writer *w, sqlite3_stmt *s, int i)
{
	const char *v = (const char *)sqlite3_column_text(s, i);
	if (!v && sqlite3_column_type(s, i) != SQLITE_NULL)
		w->failed = 1;
	return v;
}

/* Write one row of s (columns as in t, references as ids) to w; -1 after
 * a database error (in err). */
static int put_row(fb_store *st, fb_csv_writer *w, const fb_sync_table *t, sqlite3_stmt *s,
                   ref_cache *refs, fb_error *err)
{
	int nref = 0;
	for (int i = 0; i < t->ncols; i++) {
		const fb_sync_col *c = &t->cols[i];
		switch (c->kind) {
		case C_REF: {
			ref_cache *rc = &refs[nref++];
			if (sqlite3_column_type(s, i) == SQLITE_NULL) {
				fb_csv_put_raw(w, "", 0);
			} else {
				const char *u = ref_uuid(st, rc, c->ref, sqlite3_column_int64(s, i), err);
				if (!u)
					return -1;
				fb_csv_put_raw(w, u, strlen(u));
			}
			break;
		}
		case C_REV: { /* 18 digits: as ="..." so Excel keeps every digit */
			char b[24];
			fb_csv_put_text(w, b, fb_csv_format_int(b, sqlite3_column_int64(s, i)));
			break;
		}
		case C_INT:
		case C_DELETED:
			fb_csv_put_int(w, sqlite3_column_int64(s, i));
			break;
		default: /* text; uuids, codes, dates, times (protected all the same) */
			fb_csv_put_text(w, column_text(w, s, i), (size_t)sqlite3_column_bytes(s, i));
		}
	}
	fb_csv_end_row(w);
	return 0;
}

/* One table streamed into the zip, in two threads. A producer thread
 * steps the query and formats rows into 256 kB chunks; libzip, in the
 * caller's thread, pulls the chunks through this source, hashing them
 * (SHA-256 here, CRC-32 in libzip) and writing them out. On two cores the
 * hashing and writing overlap the reading and formatting. Nothing is
 * written twice and at most RING chunks are held. The connection is used
 * by the producer only, and only while the caller waits in zip_close(). */
#define RING 3
#define EXPORT_CACHE_KB 3000
#define CHUNK (128u << 10)

typedef struct chunk {
	char *data;
	size_t len, cap;
} chunk;

typedef struct table_src {
	fb_store *st;
	const fb_sync_table *t;
	int64_t since;            /* -1: full export */
	int64_t group_id;         /* 0: every group */
	const fb_export_opts *opts;
	fb_manifest_file *mf;     /* rows and hash, filled in at close */
	int64_t *maxrev;
	sqlite3_stmt *s;
	int revcol;
	fb_csv_writer w;          /* the producer's chunk being filled */
	ref_cache *refs;          /* one per C_REF column */
	zip_error_t error;
	fb_error *err;            /* first failure, for the caller */
	/* between the threads, under mu */
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	chunk ring[RING];         /* filled chunks: ring[head .. head+count) */
	unsigned head, count;
	int done;                 /* the producer published its last chunk */
	int failed;               /* the producer stopped on an error */
	int cancel;               /* the consumer gave up: stop producing */
	long rows;
	/* the consumer's own */
	size_t pos;               /* read offset in ring[head] */
	long reported;            /* rows last told to the progress callback */
	fb_sha256 sha;
} table_src;

/* What both of our zip sources answer alike: stat (size unknown until
 * written), error, the commands supported. */
static zip_int64_t source_common(zip_error_t *error, void *data, zip_uint64_t len,
                                 zip_source_cmd_t cmd)
{
	switch (cmd) {
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->mtime = time(NULL);
		st->valid |= ZIP_STAT_MTIME;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(error, data, len);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
		                                      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		                                      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* Producer: hand the filled chunk over (waiting for a free slot) and
 * take that slot's old buffer to fill next. -1 if the consumer gave up. */
static int publish(table_src *ts, int last, int failed)
{
	pthread_mutex_lock(&ts->mu);
	while (ts->count == RING && !ts->cancel)
		pthread_cond_wait(&ts->cv, &ts->mu);
	if (ts->cancel) {
		pthread_mutex_unlock(&ts->mu);
		return -1;
	}
	chunk *c = &ts->ring[(ts->head + ts->count) % RING];
	char *spare = c->data;
	size_t spare_cap = c->cap;
	c->data = ts->w.buf;
	c->len = ts->w.len;
	c->cap = ts->w.cap;
	ts->count++;
	ts->done = last;
	ts->failed = failed;
	pthread_cond_broadcast(&ts->cv);
	pthread_mutex_unlock(&ts->mu);
	ts->w.buf = spare ? spare : malloc(CHUNK);
	ts->w.cap = spare ? spare_cap : CHUNK;
	ts->w.len = 0;
	if (!ts->w.buf)
		ts->w.failed = 1;
	return 0;
}

/* Producer thread: step the query, format rows into chunks, publish them;
 * the last chunk says whether it stopped on an error (in ts->err). */
static void *produce(void *arg)
{
	table_src *ts = arg;
	long rows = 0;
	int r;
	while ((r = fb_store_step(ts->st, ts->s, ts->err)) > 0) {
		if (put_row(ts->st, &ts->w, ts->t, ts->s, ts->refs, ts->err)) {
			r = -1;
			break;
		}
		int64_t rev = sqlite3_column_int64(ts->s, ts->revcol);
		if (rev > *ts->maxrev)
			*ts->maxrev = rev;
		if (++rows % 4096 == 0) {
			pthread_mutex_lock(&ts->mu);
			ts->rows = rows;
			pthread_mutex_unlock(&ts->mu);
		}
		if (ts->w.failed)
			break;
		if (ts->w.len >= CHUNK - 8192 && publish(ts, 0, 0))
			return NULL;
	}
	if (r >= 0 && ts->w.failed) {
		fb_error_set(ts->err, FB_ENOMEM, NULL, _("out of memory"));
		r = -1;
	}
	pthread_mutex_lock(&ts->mu);
	ts->rows = rows;
	pthread_mutex_unlock(&ts->mu);
	publish(ts, 1, r < 0);
	return NULL;
}

/* Consumer: copy up to len bytes of the next chunk into data. */
static zip_int64_t consume(table_src *ts, void *data, zip_uint64_t len)
{
	pthread_mutex_lock(&ts->mu);
	while (!ts->count && !ts->done)
		pthread_cond_wait(&ts->cv, &ts->mu);
	long rows = ts->rows;
	int failed = ts->failed, empty = !ts->count;
	pthread_mutex_unlock(&ts->mu);
	if (ts->opts->progress && rows / 20000 > ts->reported / 20000) {
		ts->reported = rows;
		ts->opts->progress(ts->opts->progress_ctx, ts->t->name, rows);
	}
	if (failed) {
		zip_error_set(&ts->error, ZIP_ER_READ, EIO);
		return -1;
	}
	if (empty)
		return 0;
	chunk *c = &ts->ring[ts->head]; /* the producer leaves filled slots alone */
	size_t k = c->len - ts->pos < len ? c->len - ts->pos : (size_t)len;
	memcpy(data, c->data + ts->pos, k);
	fb_sha256_update(&ts->sha, c->data + ts->pos, k);
	ts->pos += k;
	if (ts->pos == c->len) {
		ts->pos = 0;
		pthread_mutex_lock(&ts->mu);
		ts->head = (ts->head + 1) % RING;
		ts->count--;
		pthread_cond_broadcast(&ts->cv);
		pthread_mutex_unlock(&ts->mu);
	}
	return (zip_int64_t)k;
}

/* Stop the producer (if it still runs) and wait for it. */
static void stop_producer(table_src *ts)
{
	if (!ts->started)
		return;
	pthread_mutex_lock(&ts->mu);
	ts->cancel = 1;
	pthread_cond_broadcast(&ts->cv);
	pthread_mutex_unlock(&ts->mu);
	pthread_join(ts->thread, NULL);
	ts->started = 0;
}

/* Open a table's source: prepare its query (not cached: the producer
 * finalizes it), write the header, start the producer. */
static zip_int64_t open_table(table_src *ts)
{
	char sql[2048], where[800] = "";
	if (ts->since >= 0 || ts->group_id)
		snprintf(where, sizeof where, "WHERE %s AND %s", ts->since >= 0 ? ts->t->since : "1",
		         ts->group_id ? ts->t->group : "1");
	fb_sync_select_sql(ts->t, where, 1, sql, sizeof sql);
	if (sqlite3_prepare_v2(fb_store_db(ts->st), sql, -1, &ts->s, NULL) != SQLITE_OK) {
		fb_store_dberr(ts->st, ts->err);
		zip_error_set(&ts->error, ZIP_ER_OPEN, 0);
		return -1;
	}
	int np = sqlite3_bind_parameter_count(ts->s);
	if (ts->since >= 0 && np >= 1)
		sqlite3_bind_int64(ts->s, 1, ts->since);
	if (ts->group_id && np >= 2)
		sqlite3_bind_int64(ts->s, 2, ts->group_id);
	if (fb_csv_writer_init(&ts->w, NULL)) {
		fb_error_set(ts->err, FB_ENOMEM, NULL, _("out of memory"));
		zip_error_set(&ts->error, ZIP_ER_MEMORY, 0);
		return -1;
	}
	for (int i = 0; i < ts->t->ncols; i++)
		fb_csv_put_raw(&ts->w, ts->t->cols[i].csv, strlen(ts->t->cols[i].csv));
	fb_csv_end_row(&ts->w);
	fb_sha256_init(&ts->sha);
	if (pthread_create(&ts->thread, NULL, produce, ts)) {
		fb_error_set(ts->err, FB_ENOMEM, NULL, _("out of memory"));
		zip_error_set(&ts->error, ZIP_ER_MEMORY, 0);
		return -1;
	}
	ts->started = 1;
	return 0;
}

static zip_int64_t table_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	table_src *ts = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		return open_table(ts);
	case ZIP_SOURCE_READ:
		return consume(ts, data, len);
	case ZIP_SOURCE_CLOSE:
		stop_producer(ts);
		sqlite3_finalize(ts->s);
		ts->s = NULL;
		ts->mf->rows = ts->rows;
		fb_sha256_hex(&ts->sha, ts->mf->sha256);
		return 0;
	case ZIP_SOURCE_FREE:
		stop_producer(ts);
		sqlite3_finalize(ts->s);
		free(ts->w.buf);
		for (int i = 0; i < RING; i++)
			free(ts->ring[i].data);
		free(ts->refs);
		pthread_mutex_destroy(&ts->mu);
		pthread_cond_destroy(&ts->cv);
		zip_error_fini(&ts->error);
		free(ts);
		return 0;
	default:
		return source_common(&ts->error, data, len, cmd);
	}
}

/* The manifest, written last: made when libzip opens it, by which time
 * every table has been streamed and hashed; then its signature. The text
 * is the job's (text, len): the signature's source reads it. */
typedef struct manifest_src {
	fb_manifest *m;
	fb_store *st;             /* for the signature: the device's key */
	int64_t seq;              /* the bundle's sequence number */
	int is_sig;               /* this source is manifest.sig */
	char **mtext;             /* the manifest's text (the job owns it) */
	size_t *mlen;
	char **stext;             /* the signature's (the job owns it) */
	size_t *slen;
	char *text;               /* what this source serves */
	size_t len, pos;
	fb_error *err;            /* a signing failure, for the caller */
	zip_error_t error;
} manifest_src;

/* Make what the source serves: the manifest's text, or its signature. */
static zip_int64_t manifest_open(manifest_src *ms)
{
	free(ms->text);
	ms->text = NULL;
	ms->pos = 0;
	if (ms->is_sig) {
		if (!*ms->mtext ||
		    fb_sig_make(ms->st, ms->seq, *ms->mtext, *ms->mlen, &ms->text, &ms->len, ms->err)) {
			zip_error_set(&ms->error, ZIP_ER_INTERNAL, 0);
			return -1;
		}
		free(*ms->stext);
		if (!(*ms->stext = malloc(ms->len + 1))) {
			zip_error_set(&ms->error, ZIP_ER_MEMORY, 0);
			return -1;
		}
		memcpy(*ms->stext, ms->text, ms->len + 1);
		*ms->slen = ms->len;
		return 0;
	}
	FILE *f = open_memstream(&ms->text, &ms->len);
	if (!f || fb_manifest_write(ms->m, f) || fclose(f)) {
		zip_error_set(&ms->error, ZIP_ER_MEMORY, 0);
		return -1;
	}
	free(*ms->mtext);
	*ms->mtext = malloc(ms->len + 1);
	if (!*ms->mtext) {
		zip_error_set(&ms->error, ZIP_ER_MEMORY, 0);
		return -1;
	}
	memcpy(*ms->mtext, ms->text, ms->len + 1);
	*ms->mlen = ms->len;
	return 0;
}

static zip_int64_t manifest_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	manifest_src *ms = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		return manifest_open(ms);
	case ZIP_SOURCE_READ: {
		size_t k = ms->len - ms->pos < len ? ms->len - ms->pos : (size_t)len;
		memcpy(data, ms->text + ms->pos, k);
		ms->pos += k;
		return (zip_int64_t)k;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_FREE:
		free(ms->text);
		zip_error_fini(&ms->error);
		free(ms);
		return 0;
	default:
		return source_common(&ms->error, data, len, cmd);
	}
}

/* The archive itself: libzip writes it through this source into the file
 * we created, in 1 MB pwrite()s instead of a stdio stream's 4 kB ones,
 * seeking back only to finish each member's header. */
typedef struct out_src {
	int fd;
	char *buf;                /* bytes not yet written, from file offset off */
	size_t len, cap;
	zip_uint64_t off, pos, end; /* buffer start, write position, file size */
	zip_error_t error;
} out_src;

static int out_flush(out_src *o)
{
	size_t done = 0;
	while (done < o->len) {
		ssize_t k = pwrite(o->fd, o->buf + done, o->len - done, (off_t)(o->off + done));
		if (k < 0) {
			if (errno == EINTR)
				continue;
			zip_error_set(&o->error, ZIP_ER_WRITE, errno);
			return -1;
		}
		done += (size_t)k;
	}
	o->off += o->len;
	o->len = 0;
	return 0;
}

static zip_int64_t out_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	out_src *o = ud;
	switch (cmd) {
	case ZIP_SOURCE_STAT: /* a new archive: nothing to read first */
		zip_error_set(&o->error, ZIP_ER_READ, ENOENT); /* how libzip spells it */
		return -1;
	case ZIP_SOURCE_BEGIN_WRITE:
		o->off = o->pos = o->end = 0;
		o->len = 0;
		return 0;
	case ZIP_SOURCE_WRITE:
		if (o->pos != o->off + o->len || o->len + len > o->cap) {
			if (out_flush(o))
				return -1;
			o->off = o->pos;
		}
		if (len > o->cap) { /* libzip writes in small pieces; just in case */
			ssize_t k = pwrite(o->fd, data, len, (off_t)o->pos);
			if (k != (ssize_t)len) {
				zip_error_set(&o->error, ZIP_ER_WRITE, k < 0 ? errno : ENOSPC);
				return -1;
			}
			o->off = o->pos + len;
		} else {
			memcpy(o->buf + o->len, data, len);
			o->len += len;
		}
		o->pos += len;
		if (o->pos > o->end)
			o->end = o->pos;
		return (zip_int64_t)len;
	case ZIP_SOURCE_SEEK_WRITE: {
		zip_int64_t at = zip_source_seek_compute_offset(o->pos, o->end, data, len, &o->error);
		if (at < 0)
			return -1;
		o->pos = (zip_uint64_t)at;
		return 0;
	}
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)o->pos;
	case ZIP_SOURCE_COMMIT_WRITE:
		return out_flush(o);
	case ZIP_SOURCE_ROLLBACK_WRITE:
	case ZIP_SOURCE_REMOVE: /* the caller unlinks the temporary file */
		o->len = 0;
		return 0;
	case ZIP_SOURCE_FREE:
		free(o->buf);
		zip_error_fini(&o->error);
		free(o);
		return 0;
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&o->error, data, len);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
		    ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
		    ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE, ZIP_SOURCE_ROLLBACK_WRITE,
		    ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE,
		    -1);
	default: /* reading: there is no old archive to read */
		zip_error_set(&o->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* A zip archive written into the open file fd (not closed by it). */
static zip_t *open_output(int fd)
{
	out_src *o = calloc(1, sizeof *o);
	if (!o || !(o->buf = malloc(o->cap = 1u << 20))) {
		free(o);
		errno = ENOMEM;
		return NULL;
	}
	o->fd = fd;
	zip_error_init(&o->error);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_function_create(out_source, o, &ze);
	if (!src) {
		free(o->buf);
		free(o);
		errno = ENOMEM;
		return NULL;
	}
	zip_t *za = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	if (!za) {
		zip_source_free(src);
		errno = zip_error_code_system(&ze) ? zip_error_code_system(&ze) : EIO;
	}
	zip_error_fini(&ze);
	return za;
}

/* The work group this device keeps, if it is a station: it keeps exactly
 * one, did not receive it from that group's own device, and has not
 * pinned a station's keys (fb_keys_is_hq); HQ leaves uuid and name empty. */
static fb_status source_group(fb_store *st, fb_manifest *m, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT uuid, name FROM work_groups WHERE deleted = 0 "
	                                    "ORDER BY id LIMIT 2", err);
	if (!s)
		return err ? err->code : FB_EDB;
	int n = 0, r;
	while ((r = fb_store_step(st, s, err)) > 0 && n++ == 0) {
		snprintf(m->source_group, sizeof m->source_group, "%s", sqlite3_column_text(s, 0));
		snprintf(m->source_group_name, sizeof m->source_group_name, "%s",
		         sqlite3_column_text(s, 1));
	}
	sqlite3_reset(s);
	if (r < 0)
		return err ? err->code : FB_EDB;
	if (n == 1) {
		/* a database that received its one group's records from a device of
		 * that group is not the group's station but headquarters (which
		 * keeps one group until the second arrives) */
		s = fb_store_stmt(st, "SELECT count(*) FROM devices WHERE is_hq = 0 AND "
		                      "group_uuid = ?1", err);
		if (!s)
			return err ? err->code : FB_EDB;
		sqlite3_bind_text(s, 1, m->source_group, -1, SQLITE_TRANSIENT);
		r = fb_store_step(st, s, err);
		if (r > 0 && sqlite3_column_int(s, 0))
			n = 0;
		sqlite3_reset(s);
		if (r < 0)
			return err ? err->code : FB_EDB;
	}
	int hq = fb_keys_is_hq(st, err);
	if (hq < 0)
		return err ? err->code : FB_EDB;
	if (n != 1 || hq)
		m->source_group[0] = m->source_group_name[0] = 0;
	for (char *p = m->source_group_name; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return FB_OK;
}

/* The sender's knowledge for the manifest: sync_seen plus this device. */
static fb_status fill_seen(fb_store *st, fb_manifest *m, int64_t now, fb_error *err)
{
	snprintf(m->seen[0].origin, sizeof m->seen[0].origin, "%s", fb_store_device(st));
	m->seen[0].rev = now;
	m->nseen = 1;
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT origin, max_rev FROM sync_seen ORDER BY max_rev "
	                                    "DESC", err);
	if (!s)
		return err ? err->code : FB_EDB;
	int r = 0;
	while (m->nseen < FB_MANIFEST_SEEN && (r = fb_store_step(st, s, err)) > 0) {
		const char *o = (const char *)sqlite3_column_text(s, 0);
		if (!strcmp(o, fb_store_device(st)) || strlen(o) >= sizeof m->seen[0].origin)
			continue;
		snprintf(m->seen[m->nseen].origin, sizeof m->seen[0].origin, "%s", o);
		m->seen[m->nseen++].rev = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return r < 0 ? (err ? err->code : FB_EDB) : FB_OK;
}

/* The peer's watermarks for --since-last: the last change sequence sent
 * (what to send now) into *chg and the highest revision sent (the
 * manifest's rev_from) into *rev; 0 and 0 if never exported to it. */
static fb_status peer_marks(fb_store *st, const char *peer, int64_t *chg, int64_t *rev,
                            fb_error *err)
{
	sqlite3_stmt *s =
	    fb_store_stmt(st, "SELECT last_chg, last_rev FROM sync_peers WHERE peer = ?1", err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, peer, -1, SQLITE_TRANSIENT);
	int r = fb_store_step(st, s, err);
	*chg = r > 0 ? sqlite3_column_int64(s, 0) : 0;
	*rev = r > 0 ? sqlite3_column_int64(s, 1) : 0;
	sqlite3_reset(s);
	return r < 0 ? (err ? err->code : FB_EDB) : FB_OK;
}

/* The change sequence in this snapshot: rows written later have a higher
 * chg, so the next --since-last export takes them. */
static fb_status snapshot_chg(fb_store *st, int64_t *chg, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT n FROM change_seq WHERE id = 1", err);
	if (!s)
		return err ? err->code : FB_EDB;
	int r = fb_store_step(st, s, err);
	*chg = r > 0 ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return r < 0 ? (err ? err->code : FB_EDB) : FB_OK;
}

static fb_status zip_fail(zip_t *za, fb_error *err)
{
	return fb_error_set(err, FB_EIO, NULL, _("cannot write the bundle: %s"),
	                    za ? zip_strerror(za) : strerror(errno));
}

/* The chain head of each device whose history entries the bundle carries
 * (the same conditions as the history's member): whole for this device's
 * own chain in a bundle not cut to one group, in part otherwise. */
static fb_status fill_heads(fb_store *st, fb_manifest *m, int64_t since, int64_t group,
                            fb_error *err)
{
	const fb_sync_table *t = &fb_sync_tables[fb_sync_ntables - 1];
	char sql[600];
	snprintf(sql, sizeof sql, "SELECT t.device, max(t.seq), t.hash FROM history t WHERE %s AND %s "
	                          "GROUP BY t.device ORDER BY t.device",
	         since >= 0 ? t->since : "?1 = ?1", group ? t->group : "?2 = ?2");
	sqlite3_stmt *q = fb_store_stmt(st, sql, err);
	if (!q)
		return err && err->code ? err->code : FB_EDB;
	sqlite3_bind_int64(q, 1, since);
	sqlite3_bind_int64(q, 2, group);
	int row;
	m->nheads = 0;
	while ((row = fb_store_step(st, q, err)) == 1) {
		if (m->nheads >= FB_MANIFEST_HEADS) {
			sqlite3_reset(q);
			return fb_error_set(err, FB_EINVAL, NULL,
			                    _("the history comes from more than %d devices: export "
			                      "for one group, or since the last export"), FB_MANIFEST_HEADS);
		}
		fb_manifest_head *h = &m->head[m->nheads++];
		snprintf(h->device, sizeof h->device, "%s", sqlite3_column_text(q, 0));
		h->seq = sqlite3_column_int64(q, 1);
		snprintf(h->hash, sizeof h->hash, "%s", sqlite3_column_text(q, 2));
		h->whole = !group && !strcmp(h->device, fb_store_device(st));
	}
	sqlite3_reset(q);
	return row < 0 ? (err && err->code ? err->code : FB_EDB) : FB_OK;
}

/* One export in progress: what fb_bundle_export's steps share. Nothing of
 * it is static, so exports may run in several threads on several stores. */
typedef struct export_job {
	fb_store *st;
	const fb_export_opts *opts;
	const char *path;
	fb_manifest *m;        /* large (the seen list): on the heap */
	int64_t since;         /* the peer's change watermark, -1 for a full export */
	int64_t chg_to;        /* the change sequence of the snapshot */
	char tmp[4200];        /* the temporary file, "" when there is none */
	int fd;
	zip_t *za;
	fb_error detail;       /* what a table's producer reported */
	int64_t seq;           /* the bundle's sequence number (signed) */
	char *mtext;           /* the manifest's text, for its signature */
	size_t mlen;
	char *stext;           /* the signature's text, for the sealed first record */
	size_t slen;
	fb_pubkeys to;         /* the recipient's keys, when sealed */
	int sealed;
	int own_txn;           /* the read transaction is ours to end */
	int cache;             /* the page cache size to put back */
} export_job;

/* One consistent snapshot: a read transaction, so that the TUI can still
 * save while a large export runs (WAL readers do not block the writer).
 * Inside a caller's transaction, that one is the snapshot. Then the
 * manifest's identity, sender and revision range. */
static fb_status begin_export(export_job *j, fb_error *err)
{
	fb_store *st = j->st;
	fb_manifest *m = j->m;
	j->own_txn = sqlite3_get_autocommit(fb_store_db(st));
	if (j->own_txn && sqlite3_exec(fb_store_db(st), "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		j->own_txn = 0;
		return fb_store_dberr(st, err);
	}
	/* Tables are read in one pass: a small cache does (memory budget). */
	j->cache = fb_store_cache_size(st, -EXPORT_CACHE_KB);
	m->format = FB_BUNDLE_FORMAT;
	fb_status s = fb_uuid_random(m->bundle_id, err);
	if (s)
		return s;
	snprintf(m->source_device, sizeof m->source_device, "%s", fb_store_device(st));
	fb_now_iso(m->created_at);
	int64_t now = fb_store_next_rev(st);
	j->seq = now; /* revisions only grow: a later bundle has a larger number */
	j->since = -1;
	int64_t rev_sent = 0;
	if ((s = snapshot_chg(st, &j->chg_to, err)))
		return s;
	if (j->opts->since_last && (s = peer_marks(st, j->opts->peer, &j->since, &rev_sent, err)))
		return s;
	m->rev_from = rev_sent;
	m->rev_to = m->rev_from;
	if ((s = source_group(st, m, err)) || (s = fill_seen(st, m, now, err)) ||
	    (s = fill_heads(st, m, j->since, j->opts->group_id, err)))
		return s;
	if (j->opts->passphrase) /* a station kit comes from HQ, whatever it keeps */
		m->source_group[0] = m->source_group_name[0] = 0;
	return FB_OK;
}

/* What a killed export to path left behind: its temporary files
 * (path.tmp.XXXXXX, never a finished bundle's name) are removed. */
static void remove_leftovers(const char *path)
{
	char *copy = strdup(path), *copy2 = strdup(path);
	if (copy && copy2) {
		const char *dir = dirname(copy), *base = basename(copy2);
		size_t bn = strlen(base);
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (strlen(e->d_name) != bn + 11 || strncmp(e->d_name, base, bn) ||
			    strncmp(e->d_name + bn, ".tmp.", 5))
				continue;
			char f[4400];
			snprintf(f, sizeof f, "%s/%s", dir, e->d_name);
			unlink(f);
		}
		if (d)
			closedir(d);
	}
	free(copy);
	free(copy2);
}

/* The temporary file beside path (mode 0600) into *fd, its name into
 * j->tmp. */
static fb_status create_tmp(export_job *j, int *fd, fb_error *err)
{
	remove_leftovers(j->path);
	snprintf(j->tmp, sizeof j->tmp, "%s.tmp.XXXXXX", j->path);
	*fd = mkstemp(j->tmp);
	if (*fd < 0) {
		j->tmp[0] = 0;
		return fb_error_set(err, FB_EIO, NULL, _("cannot create %s: %s"), j->path,
		                    strerror(errno));
	}
	return FB_OK;
}

/* The archive and the file it is written into: the temporary file beside
 * path, or for a sealed bundle a file without a name beside the database
 * (the plain zip never reaches the stick, and a kill leaves nothing). */
static fb_status create_archive(export_job *j, fb_error *err)
{
	if (j->sealed) {
		j->fd = fb_seal_tmpfile(fb_store_path(j->st));
		if (j->fd < 0)
			return fb_error_set(err, FB_EIO, NULL, _("cannot create a temporary file beside "
			                                         "the database: %s"), strerror(errno));
	} else {
		fb_status s = create_tmp(j, &j->fd, err);
		if (s)
			return s;
	}
	j->za = open_output(j->fd);
	return j->za ? FB_OK : zip_fail(NULL, err);
}

/* Add table t as a member streamed from its query when the archive is
 * written; its manifest entry is filled in then. */
static fb_status add_table(export_job *j, const fb_sync_table *t, fb_error *err)
{
	table_src *ts = calloc(1, sizeof *ts);
	if (!ts)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	fb_manifest_file *mf = &j->m->file[j->m->nfiles++];
	snprintf(mf->name, sizeof mf->name, "%s", t->file);
	*ts = (table_src){.st = j->st, .t = t, .since = j->since, .group_id = j->opts->group_id,
	                  .opts = j->opts, .mf = mf, .maxrev = &j->m->rev_to, .err = &j->detail};
	int nref = 0;
	for (int c = 0; c < t->ncols; c++) {
		if (t->cols[c].kind == C_REV)
			ts->revcol = c;
		nref += t->cols[c].kind == C_REF;
	}
	ts->refs = calloc((size_t)nref + 1, sizeof *ts->refs);
	if (!ts->refs) {
		free(ts);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	zip_error_init(&ts->error);
	pthread_mutex_init(&ts->mu, NULL);
	pthread_cond_init(&ts->cv, NULL);
	zip_source_t *src = zip_source_function(j->za, table_source, ts);
	if (!src) {
		zip_error_fini(&ts->error);
		pthread_mutex_destroy(&ts->mu);
		pthread_cond_destroy(&ts->cv);
		free(ts->refs);
		free(ts);
		return zip_fail(j->za, err);
	}
	zip_int64_t idx = zip_file_add(j->za, t->file, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(src);
		return zip_fail(j->za, err);
	}
	int deflate = j->opts->compress;
	zip_set_file_compression(j->za, (zip_uint64_t)idx, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
	                         deflate ? 1 : 0);
	return FB_OK;
}

/* The manifest member, made when libzip reaches it (after every table),
 * and its signature after it. */
static fb_status add_manifest(export_job *j, int is_sig, fb_error *err)
{
	manifest_src *ms = calloc(1, sizeof *ms);
	zip_source_t *msrc = NULL;
	if (ms) {
		*ms = (manifest_src){.m = j->m, .st = j->st, .seq = j->seq, .is_sig = is_sig,
		                     .mtext = &j->mtext, .mlen = &j->mlen, .stext = &j->stext,
		                     .slen = &j->slen, .err = &j->detail};
		zip_error_init(&ms->error);
		msrc = zip_source_function(j->za, manifest_source, ms);
		if (!msrc) {
			zip_error_fini(&ms->error);
			free(ms);
		}
	}
	if (!msrc ||
	    zip_file_add(j->za, is_sig ? FB_SIG_NAME : FB_MANIFEST_NAME, msrc, ZIP_FL_ENC_UTF_8) < 0) {
		if (msrc)
			zip_source_free(msrc);
		return zip_fail(j->za, err);
	}
	return FB_OK;
}

/* Seal the plain zip (j->fd) into the temporary file beside path, *out:
 * the signature and the manifest first, then the zip. */
static fb_status seal_archive(export_job *j, int *out, fb_error *err)
{
	char *head = malloc(j->slen + j->mlen + 1);
	if (!head || !j->stext || !j->mtext) {
		free(head);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	memcpy(head, j->stext, j->slen);
	memcpy(head + j->slen, j->mtext, j->mlen);
	fb_status s = create_tmp(j, out, err);
	if (s == FB_OK) {
		fb_seal_to to = {.to = j->opts->passphrase ? NULL : &j->to,
		                 .passphrase = j->opts->passphrase};
		s = fb_seal_write(j->fd, *out, &to, head, j->slen + j->mlen, err);
		if (s) {
			close(*out);
			unlink(j->tmp);
			j->tmp[0] = 0;
		}
	}
	free(head);
	return s;
}

/* Write the archive (here the tables are queried, formatted, hashed and
 * written), then make it the bundle: fsync it, rename it into place, fsync
 * the folder, so that a stick pulled after "written" holds all of it. */
static fb_status write_archive(export_job *j, fb_error *err)
{
	if (zip_close(j->za)) {
		fb_status s;
		if (j->detail.code) {
			if (err)
				*err = j->detail;
			s = j->detail.code;
		} else {
			s = zip_fail(j->za, err);
		}
		zip_discard(j->za);
		j->za = NULL;
		return s;
	}
	j->za = NULL;
	int out = j->fd;
	fb_status s = FB_OK;
	if (j->sealed && (s = seal_archive(j, &out, err)))
		return s;
	s = fb_file_commit(out, j->tmp, j->path, err);
	j->tmp[0] = 0; /* renamed, or removed by fb_file_commit */
	/* After the fsync the bytes are on the disk: closing cannot lose them. */
	close(out);
	if (out != j->fd)
		close(j->fd);
	j->fd = -1;
	return s;
}

/* The peer's watermarks: the snapshot's change sequence and the highest
 * revision sent. A row committed by another process after the snapshot has
 * a later chg, so the next --since-last export takes it. */
static fb_status record_peer(export_job *j, fb_error *err)
{
	fb_store *st = j->st;
	fb_status s = fb_store_begin(st, err);
	if (s)
		return s;
	char at[21];
	sqlite3_stmt *u = fb_store_stmt(st,
	    "INSERT INTO sync_peers (peer, last_rev, last_export_at, last_chg) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT(peer) DO UPDATE SET last_rev = max(last_rev, excluded.last_rev), "
	    "last_export_at = excluded.last_export_at, last_chg = max(last_chg, excluded.last_chg)",
	    err);
	if (!u) {
		fb_store_rollback(st);
		return err ? err->code : FB_EDB;
	}
	sqlite3_bind_text(u, 1, j->opts->peer, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(u, 2, j->m->rev_to);
	sqlite3_bind_text(u, 3, fb_now_iso(at), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(u, 4, j->chg_to);
	if (fb_store_step(st, u, err) < 0)
		s = err ? err->code : FB_EDB;
	sqlite3_reset(u);
	if (s == FB_OK)
		return fb_store_commit(st, err);
	fb_store_rollback(st);
	return s;
}

/* End the read transaction (if it is ours) and put the cache back. */
static void end_snapshot(export_job *j, int ok)
{
	if (j->own_txn)
		sqlite3_exec(fb_store_db(j->st), ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
	j->own_txn = 0;
	fb_store_cache_size(j->st, j->cache);
}

void fb_kit_passphrase(char out[32])
{
	size_t o = 0;
	for (int i = 0; i < 5; i++)
		o += (size_t)snprintf(out + o, 32 - o, "%s%05u", i ? "-" : "",
		                      (unsigned)randombytes_uniform(100000));
}

/* Whom the bundle is sealed to: a station's bundle to HQ, HQ's bundle
 * for a group to that group's station. Refused when that key is not
 * pinned here, saying how to get it (or how to write a plain bundle). */
static fb_status find_recipient(export_job *j, fb_error *err)
{
	fb_peer_key k;
	char group[37] = "";
	int hq = j->m->source_group[0] != 0; /* a station writes to HQ */
	int64_t gid = j->opts->group_id;
	if (!hq && !gid) { /* HQ with one group: for its station */
		sqlite3_stmt *q = fb_store_stmt(j->st, "SELECT min(id), count(*) FROM work_groups WHERE "
		                                       "deleted = 0", err);
		if (!q)
			return err && err->code ? err->code : FB_EDB;
		if (fb_store_step(j->st, q, err) > 0 && sqlite3_column_int(q, 1) == 1)
			gid = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	if (!hq) {
		if (!gid)
			return fb_error_set(err, FB_EINVAL, "group",
			                    _("this database keeps several groups: name the group the "
			                      "bundle is for (--group), so that it is sealed for its "
			                      "station"));
		sqlite3_stmt *q = fb_store_stmt(j->st, "SELECT uuid FROM work_groups WHERE id = ?1", err);
		if (!q)
			return err && err->code ? err->code : FB_EDB;
		sqlite3_bind_int64(q, 1, gid);
		int r = fb_store_step(j->st, q, err);
		if (r > 0)
			snprintf(group, sizeof group, "%s", (const char *)sqlite3_column_text(q, 0));
		sqlite3_reset(q);
		if (r < 0)
			return err && err->code ? err->code : FB_EDB;
	}
	int r = fb_peer_recipient(j->st, hq, group, &k, err);
	if (r < 0)
		return err && err->code ? err->code : FB_EDB;
	if (r == 0)
		return fb_error_set(err, FB_ESTATE, NULL,
		                    hq ? _("HQ's key is not known here, so the bundle cannot be sealed "
		                           "for HQ: start the station from HQ's kit (fieldbook init "
		                           "--from KIT) or import a bundle from HQ first; --plain writes "
		                           "a bundle anyone who finds it can read")
		                       : _("the key of this group's station is not known here, so the "
		                           "bundle cannot be sealed for it: import the station's first "
		                           "bundle (with --pin) first; --plain writes a bundle anyone "
		                           "who finds it can read"));
	j->to = k.k;
	j->sealed = 1;
	return FB_OK;
}

/* What the caller learns: rows per table and the bundle's identity. */
static void fill_summary(const fb_manifest *m, fb_sync_summary *sum)
{
	for (int i = 0; i < m->nfiles; i++) {
		sum->t[sum->ntables].table = fb_sync_tables[i].name;
		sum->t[sum->ntables].rows = m->file[i].rows;
		sum->t[sum->ntables++].inserted = m->file[i].rows;
	}
	snprintf(sum->bundle_id, sizeof sum->bundle_id, "%s", m->bundle_id);
	snprintf(sum->source_device, sizeof sum->source_device, "%s", m->source_device);
	snprintf(sum->source_group, sizeof sum->source_group, "%s", m->source_group);
	snprintf(sum->source_group_name, sizeof sum->source_group_name, "%s", m->source_group_name);
	snprintf(sum->created_at, sizeof sum->created_at, "%s", m->created_at);
	sum->rev_from = m->rev_from;
	sum->rev_to = m->rev_to;
}

fb_status fb_bundle_export(fb_store *st, const char *path, const fb_export_opts *opts,
                           fb_sync_summary *sum, fb_error *err)
{
	fb_export_opts none = {0};
	if (!opts)
		opts = &none;
	memset(sum, 0, sizeof *sum);
	if (opts->since_last && !opts->peer)
		return fb_error_set(err, FB_EINVAL, "since-last", _("name the peer"));
	export_job j = {.st = st, .opts = opts, .path = path, .fd = -1};
	j.m = calloc(1, sizeof *j.m);
	if (!j.m)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	fb_status s = begin_export(&j, err);
	if (s == FB_OK && opts->passphrase)
		j.sealed = 1; /* a kit: sealed with the passphrase */
	else if (s == FB_OK && !opts->plain)
		s = find_recipient(&j, err);
	if (s == FB_OK)
		s = create_archive(&j, err);
	for (int i = 0; s == FB_OK && i < fb_sync_ntables; i++)
		s = add_table(&j, &fb_sync_tables[i], err);
	if (s == FB_OK && (s = add_manifest(&j, 0, err)) == FB_OK &&
	    (s = add_manifest(&j, 1, err)) == FB_OK)
		s = write_archive(&j, err);
	if (j.za)
		zip_discard(j.za);
	if (j.fd >= 0)
		close(j.fd);
	if (j.tmp[0])
		unlink(j.tmp);
	end_snapshot(&j, s == FB_OK);
	if (s == FB_OK && opts->peer && (s = record_peer(&j, err)) != FB_OK)
		unlink(path); /* the export failed: no bundle left that looks made */
	if (s == FB_OK)
		fill_summary(j.m, sum);
	free(j.m);
	free(j.mtext);
	free(j.stext);
	return s;
}
