/* export_stream.c - the bundle's members as libzip sources (see
 * export_stream.h): rows as CSV cells, a table streamed by a producer
 * thread, the manifest, the output file. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fieldbook/file.h"
#include "fieldbook/i18n.h"
#include "fieldbook/seal.h"
#include "export_stream.h"
#include "signature.h"
#include "sqlstore.h"
#include "sync_internal.h"

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
			n += (size_t)snprintf(sql + n, size - n,
			                      "%s(SELECT uuid FROM %s WHERE id = t.%s)",
			                      i ? ", " : "", c->ref, c->db);
		else
			n += (size_t)snprintf(sql + n, size - n, "%st.%s", i ? ", " : "", c->db);
	}
	if (n < size)
		snprintf(sql + n, size - n, " FROM %s t %s", t->name, where);
}

/* The uuid of row id in table, through the cache; "" if there is none,
 * NULL after a database error (in err). */
static const char *ref_uuid(fb_store *st, ref_cache *rc, const char *table, int64_t id, fb_error *err)
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

/* A personal value (F_SEALED) written opened: the bundle's own encryption
 * protects it, and the importing database seals it with its own key. -1
 * if it does not open here (no key held: err says so). */
static int put_opened(fb_store *st, fb_csv_writer *w, const fb_sync_table *t, const fb_sync_col *c,
                      const char *v, fb_error *err)
{
	char col[96], *plain;
	snprintf(col, sizeof col, "%s.%s", t->name, c->db);
	if (fb_seal_open_text(st, col, v, &plain, err))
		return -1;
	fb_csv_put_text(w, plain, strlen(plain));
	sodium_memzero(plain, strlen(plain));
	free(plain);
	return 0;
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
				const char *u =
					ref_uuid(st, rc, c->ref, sqlite3_column_int64(s, i), err);
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
		case C_DELETED: fb_csv_put_int(w, sqlite3_column_int64(s, i)); break;
		default: /* text; uuids, codes, dates, times (protected all the same) */
			if (c->flags & F_SEALED) {
				if (put_opened(st, w, t, c, column_text(w, s, i), err))
					return -1;
				break;
			}
			fb_csv_put_text(w, column_text(w, s, i), (size_t)sqlite3_column_bytes(s, i));
		}
	}
	fb_csv_end_row(w);
	return 0;
}

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
	case ZIP_SOURCE_ERROR: return zip_error_to_data(error, data, len);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
		                                      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		                                      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default: zip_error_set(error, ZIP_ER_OPNOTSUPP, 0); return -1;
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
		snprintf(where, sizeof where, "WHERE %s AND %s",
		         ts->since >= 0 ? ts->t->since : "1", ts->group_id ? ts->t->group : "1");
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

zip_int64_t exp_table_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	table_src *ts = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN: return open_table(ts);
	case ZIP_SOURCE_READ: return consume(ts, data, len);
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
	default: return source_common(&ts->error, data, len, cmd);
	}
}

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

zip_int64_t exp_manifest_source(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
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
	case ZIP_SOURCE_CLOSE: return 0;
	case ZIP_SOURCE_FREE:
		free(ms->text);
		zip_error_fini(&ms->error);
		free(ms);
		return 0;
	default: return source_common(&ms->error, data, len, cmd);
	}
}

/* The archive itself: libzip writes it through this source into the file
 * we created, in 1 MB pwrite()s instead of a stdio stream's 4 kB ones,
 * seeking back only to finish each member's header. */
typedef struct out_src {
	int fd;
	char *buf; /* bytes not yet written, from file offset off */
	size_t len, cap;
	zip_uint64_t off, pos, end; /* buffer start, write position, file size */
	zip_error_t error;
} out_src;

/* Write the buffered bytes at their offset (pwrite, EINTR retried); 0, or
 * -1 with the error in o->error. */
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

/* libzip's output: writes buffered into the file, seeks within what was
 * written, no reading back. */
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
	case ZIP_SOURCE_TELL_WRITE: return (zip_int64_t)o->pos;
	case ZIP_SOURCE_COMMIT_WRITE: return out_flush(o);
	case ZIP_SOURCE_ROLLBACK_WRITE:
	case ZIP_SOURCE_REMOVE: /* the caller unlinks the temporary file */ o->len = 0; return 0;
	case ZIP_SOURCE_FREE:
		free(o->buf);
		zip_error_fini(&o->error);
		free(o);
		return 0;
	case ZIP_SOURCE_ERROR: return zip_error_to_data(&o->error, data, len);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(
			ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
			ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
			ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE, ZIP_SOURCE_ROLLBACK_WRITE,
			ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE, ZIP_SOURCE_TELL_WRITE,
			ZIP_SOURCE_REMOVE, -1);
	default: /* reading: there is no old archive to read */
		zip_error_set(&o->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* A zip archive written into the open file fd (not closed by it). */
zip_t *exp_open_output(int fd)
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
