/* export.c - write a bundle: one CSV per travelling table, streamed from a
 * query into a temporary file beside the output (hashed while written),
 * then stored in a zip with the manifest; the zip is written to a temporary
 * name and renamed into place, so a failed export leaves nothing half done. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "csvio.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/sync.h"
#include "manifest.h"
#include "sync_internal.h"
#include "tables.h"

/* Build the SELECT for table t into sql: references as the other row's
 * uuid. where is appended as is. */
void fb_sync_select_sql(const fb_sync_table *t, const char *where, char *sql, size_t size)
{
	size_t n = (size_t)snprintf(sql, size, "SELECT ");
	for (int i = 0; i < t->ncols && n < size; i++) {
		const fb_sync_col *c = &t->cols[i];
		if (c->kind == C_REF)
			n += (size_t)snprintf(sql + n, size - n, "%s(SELECT uuid FROM %s WHERE id = t.%s)",
			                      i ? ", " : "", c->ref, c->db);
		else
			n += (size_t)snprintf(sql + n, size - n, "%st.%s", i ? ", " : "", c->db);
	}
	if (n < size)
		snprintf(sql + n, size - n, " FROM %s t %s", t->name, where);
}

/* Write one row of s (columns as in t) to w. */
static void put_row(fb_csv_writer *w, const fb_sync_table *t, sqlite3_stmt *s)
{
	for (int i = 0; i < t->ncols; i++) {
		const fb_sync_col *c = &t->cols[i];
		switch (c->kind) {
		case C_REV: /* 18 digits: as ="..." so Excel keeps every digit */
			fb_csv_put_text(w, (const char *)sqlite3_column_text(s, i),
			                (size_t)sqlite3_column_bytes(s, i));
			break;
		case C_INT:
		case C_DELETED:
			fb_csv_put_int(w, sqlite3_column_int64(s, i));
			break;
		case C_TEXT:
			fb_csv_put_text(w, (const char *)sqlite3_column_text(s, i),
			                (size_t)sqlite3_column_bytes(s, i));
			break;
		default: /* uuids, codes, dates, times: never formula-like once validated */
			if (sqlite3_column_type(s, i) == SQLITE_NULL)
				fb_csv_put_raw(w, "", 0);
			else
				fb_csv_put_text(w, (const char *)sqlite3_column_text(s, i),
				                (size_t)sqlite3_column_bytes(s, i));
		}
	}
	fb_csv_end_row(w);
}

/* Export one table into the open file f; rows and hash into mf. */
static fb_status export_table(fb_store *st, const fb_sync_table *t, int64_t since, FILE *f,
                              fb_manifest_file *mf, int64_t *maxrev,
                              const fb_export_opts *opts, fb_error *err)
{
	char sql[2048], where[600];
	snprintf(where, sizeof where, "WHERE %s", t->since);
	fb_sync_select_sql(t, since >= 0 ? where : "", sql, sizeof sql);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(fb_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return fb_store_dberr(st, err);
	if (since >= 0 && sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_int64(s, 1, since);
	fb_csv_writer w;
	if (fb_csv_writer_init(&w, f)) {
		sqlite3_finalize(s);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	for (int i = 0; i < t->ncols; i++)
		fb_csv_put_raw(&w, t->cols[i].csv, strlen(t->cols[i].csv));
	fb_csv_end_row(&w);
	int revcol = -1;
	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i].kind == C_REV)
			revcol = i;
	long rows = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		put_row(&w, t, s);
		int64_t r = sqlite3_column_int64(s, revcol);
		if (r > *maxrev)
			*maxrev = r;
		if (++rows % 20000 == 0 && opts && opts->progress)
			opts->progress(opts->progress_ctx, t->name, rows);
	}
	fb_status status = FB_OK;
	if (rc != SQLITE_DONE)
		status = fb_store_dberr(st, err);
	sqlite3_finalize(s);
	if (fb_csv_writer_finish(&w, mf->sha256) && status == FB_OK)
		status = fb_error_set(err, FB_EIO, NULL, _("cannot write the bundle: %s"),
		                      strerror(errno));
	snprintf(mf->name, sizeof mf->name, "%s", t->file);
	mf->rows = rows;
	return status;
}

/* The work group this device keeps, if it keeps exactly one (a station);
 * HQ (several groups) leaves uuid and name empty. */
static void source_group(fb_store *st, fb_manifest *m)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT uuid, name FROM work_groups WHERE deleted = 0 "
	                                    "ORDER BY id LIMIT 2", NULL);
	if (!s)
		return;
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW && n++ == 0) {
		snprintf(m->source_group, sizeof m->source_group, "%s", sqlite3_column_text(s, 0));
		snprintf(m->source_group_name, sizeof m->source_group_name, "%s",
		         sqlite3_column_text(s, 1));
	}
	sqlite3_reset(s);
	if (n != 1)
		m->source_group[0] = m->source_group_name[0] = 0;
	for (char *p = m->source_group_name; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

/* The sender's knowledge for the manifest: sync_seen plus this device. */
static void fill_seen(fb_store *st, fb_manifest *m, int64_t now)
{
	snprintf(m->seen[0].origin, sizeof m->seen[0].origin, "%s", fb_store_device(st));
	m->seen[0].rev = now;
	m->nseen = 1;
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT origin, max_rev FROM sync_seen ORDER BY max_rev "
	                                    "DESC", NULL);
	if (!s)
		return;
	while (m->nseen < FB_MANIFEST_SEEN && sqlite3_step(s) == SQLITE_ROW) {
		const char *o = (const char *)sqlite3_column_text(s, 0);
		if (!strcmp(o, fb_store_device(st)) || strlen(o) >= sizeof m->seen[0].origin)
			continue;
		snprintf(m->seen[m->nseen].origin, sizeof m->seen[0].origin, "%s", o);
		m->seen[m->nseen++].rev = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
}

/* The peer's watermark for --since-last (0 if never exported to it). */
static int64_t peer_rev(fb_store *st, const char *peer)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT last_rev FROM sync_peers WHERE peer = ?1", NULL);
	int64_t r = 0;
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, peer, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		r = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return r;
}

/* A temporary file next to path: "<path>.<suffix>.XXXXXX". Caller unlinks
 * tmp and closes the FILE. */
static FILE *temp_beside(const char *path, const char *suffix, char *tmp, size_t size)
{
	snprintf(tmp, size, "%s.%s.XXXXXX", path, suffix);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "w+");
	if (!f) {
		close(fd);
		unlink(tmp);
	}
	return f;
}

static fb_status zip_fail(zip_t *za, fb_error *err)
{
	return fb_error_set(err, FB_EIO, NULL, _("cannot write the bundle: %s"),
	                    za ? zip_strerror(za) : strerror(errno));
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
	static fb_manifest m; /* large (seen list): not on the stack */
	memset(&m, 0, sizeof m);
	m.format = FB_BUNDLE_FORMAT;
	fb_uuid_random(m.bundle_id);
	snprintf(m.source_device, sizeof m.source_device, "%s", fb_store_device(st));
	fb_now_iso(m.created_at);

	char ztmp[4200], tmp[FB_SYNC_NTABLES][4200];
	FILE *tf[FB_SYNC_NTABLES] = {0};
	zip_t *za = NULL;
	fb_status s = fb_store_begin(st, err); /* one consistent snapshot */
	if (s)
		return s;
	int64_t now = fb_store_next_rev(st);
	int64_t since = opts->since_last ? peer_rev(st, opts->peer) : -1;
	m.rev_from = since > 0 ? since : 0;
	source_group(st, &m);
	fill_seen(st, &m, now);

	snprintf(ztmp, sizeof ztmp, "%s.tmp.XXXXXX", path);
	int zfd = mkstemp(ztmp);
	if (zfd < 0) {
		s = fb_error_set(err, FB_EIO, NULL, _("cannot create %s: %s"), path, strerror(errno));
		goto out;
	}
	close(zfd);
	int zerr;
	za = zip_open(ztmp, ZIP_TRUNCATE, &zerr);
	if (!za) {
		s = zip_fail(NULL, err);
		goto out;
	}
	for (int i = 0; i < fb_sync_ntables; i++) {
		const fb_sync_table *t = &fb_sync_tables[i];
		tf[i] = temp_beside(path, t->name, tmp[i], sizeof tmp[i]);
		if (!tf[i]) {
			s = fb_error_set(err, FB_EIO, NULL, _("cannot create %s: %s"), tmp[i],
			                 strerror(errno));
			goto out;
		}
		fb_manifest_file *mf = &m.file[m.nfiles++];
		s = export_table(st, t, since, tf[i], mf, &m.rev_to, opts, err);
		if (s)
			goto out;
		sum->t[sum->ntables].table = t->name;
		sum->t[sum->ntables].rows = mf->rows;
		sum->t[sum->ntables++].inserted = mf->rows;
		zip_source_t *src = zip_source_file(za, tmp[i], 0, -1);
		zip_int64_t idx = src ? zip_file_add(za, t->file, src, ZIP_FL_ENC_UTF_8) : -1;
		if (idx < 0) {
			zip_source_free(src);
			s = zip_fail(za, err);
			goto out;
		}
		zip_set_file_compression(za, (zip_uint64_t)idx,
		                         opts->compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
		                         opts->compress ? 1 : 0);
	}
	if (m.rev_to < m.rev_from)
		m.rev_to = m.rev_from;
	char *mtext = NULL;
	size_t mlen = 0;
	FILE *mf = open_memstream(&mtext, &mlen);
	if (!mf || fb_manifest_write(&m, mf) || fclose(mf)) {
		s = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		goto out;
	}
	zip_source_t *msrc = zip_source_buffer(za, mtext, mlen, 1);
	if (!msrc || zip_file_add(za, FB_MANIFEST_NAME, msrc, ZIP_FL_ENC_UTF_8) < 0) {
		if (msrc)
			zip_source_free(msrc);
		else
			free(mtext);
		s = zip_fail(za, err);
		goto out;
	}
	if (zip_close(za)) {
		s = zip_fail(za, err);
		zip_discard(za);
		za = NULL;
		goto out;
	}
	za = NULL;
	if (rename(ztmp, path)) {
		s = fb_error_set(err, FB_EIO, NULL, _("cannot create %s: %s"), path, strerror(errno));
		goto out;
	}
	ztmp[0] = 0;
	if (opts->peer) {
		char at[21];
		sqlite3_stmt *u = fb_store_stmt(st,
		    "INSERT INTO sync_peers (peer, last_rev, last_export_at) VALUES (?1, ?2, ?3) "
		    "ON CONFLICT(peer) DO UPDATE SET last_rev = max(last_rev, excluded.last_rev), "
		    "last_export_at = excluded.last_export_at", err);
		if (!u) {
			s = FB_EDB;
			goto out;
		}
		sqlite3_bind_text(u, 1, opts->peer, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(u, 2, now);
		sqlite3_bind_text(u, 3, fb_now_iso(at), -1, SQLITE_TRANSIENT);
		if (sqlite3_step(u) != SQLITE_DONE)
			s = fb_store_dberr(st, err);
		sqlite3_reset(u);
	}
	snprintf(sum->bundle_id, sizeof sum->bundle_id, "%s", m.bundle_id);
	snprintf(sum->source_device, sizeof sum->source_device, "%s", m.source_device);
	snprintf(sum->source_group, sizeof sum->source_group, "%s", m.source_group);
	snprintf(sum->source_group_name, sizeof sum->source_group_name, "%s", m.source_group_name);
	snprintf(sum->created_at, sizeof sum->created_at, "%s", m.created_at);
	sum->rev_from = m.rev_from;
	sum->rev_to = m.rev_to;
out:
	if (za)
		zip_discard(za);
	for (int i = 0; i < FB_SYNC_NTABLES; i++)
		if (tf[i]) {
			fclose(tf[i]);
			unlink(tmp[i]);
		}
	if (ztmp[0])
		unlink(ztmp);
	if (s == FB_OK)
		s = fb_store_commit(st, err);
	else
		fb_store_rollback(st);
	return s;
}
