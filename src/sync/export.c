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
#include "fieldbook/disk.h"
#include "fieldbook/file.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "sync.h"
#include "manifest.h"
#include "seal.h"
#include "signature.h"
#include "sync_internal.h"
#include "tables.h"
#include "sqlstore.h"
#include "export_stream.h"

#define EXPORT_CACHE_KB 3000 /* the snapshot's page cache, kB: tables are read in one pass */

/* The work group this device keeps, if it is a station: it keeps exactly
 * one, did not receive it from that group's own device, and has not
 * pinned a station's keys (fb_keys_is_hq); HQ leaves uuid and name empty. */
static fb_status source_group(fb_store *st, fb_manifest *m, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT uuid, name FROM work_groups WHERE deleted = 0 "
	                                "ORDER BY id LIMIT 2",
	                                err);
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
		s = fb_store_stmt(st,
		                  "SELECT count(*) FROM devices WHERE is_hq = 0 AND "
		                  "group_uuid = ?1",
		                  err);
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
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT origin, max_rev FROM sync_seen ORDER BY max_rev "
	                                "DESC",
	                                err);
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
static fb_status peer_marks(fb_store *st, const char *peer, int64_t *chg, int64_t *rev, fb_error *err)
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

fb_status fb_sync_change_seq(fb_store *st, int64_t *n, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT n FROM change_seq WHERE id = 1", err);
	if (!s)
		return err ? err->code : FB_EDB;
	int r = fb_store_step(st, s, err);
	*n = r > 0 ? sqlite3_column_int64(s, 0) : 0;
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
static fb_status fill_heads(fb_store *st, fb_manifest *m, int64_t since, int64_t group, fb_error *err)
{
	const fb_sync_table *t = &fb_sync_tables[fb_sync_ntables - 1];
	char sql[600];
	snprintf(sql, sizeof sql,
	         "SELECT t.device, max(t.seq), t.hash FROM history t WHERE %s AND %s "
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
			                      "for one group, or since the last export"),
			                    FB_MANIFEST_HEADS);
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
	fb_manifest *m; /* large (the seen list): on the heap */
	int64_t since;  /* the peer's change watermark, -1 for a full export */
	int64_t chg_to; /* the change sequence of the snapshot */
	char tmp[4200]; /* the temporary file, "" when there is none */
	char rec[4200]; /* its record in the database's private folder */
	int rec_fd;     /* the record, locked while this export runs; -1: none */
	int fd;
	zip_t *za;
	fb_error detail; /* what a table's producer reported */
	int64_t seq;     /* the bundle's sequence number (signed) */
	char *mtext;     /* the manifest's text, for its signature */
	size_t mlen;
	char *stext; /* the signature's text, for the sealed first record */
	size_t slen;
	fb_pubkeys to; /* the recipient's keys, when sealed */
	int sealed;
	int own_txn; /* the read transaction is ours to end */
	int cache;   /* the page cache size to put back */
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
	if ((s = fb_sync_change_seq(st, &j->chg_to, err)))
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

/* name made fit for a file name on any file system, into out (at most
 * max bytes, never a UTF-8 character cut in two). */
static void safe_name(const char *name, char *out, size_t max)
{
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && k < max; p++) {
		size_t len = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
		if (*p >= 0x80 && *p < 0xc0)
			continue; /* a stray continuation byte */
		if (k + len > max)
			break;
		if (*p < 0x80) {
			int bad = *p <= ' ' || *p == 0x7f || strchr("/\\:*?\"<>|", *p) ||
			          (k == 0 && *p == '.');
			out[k++] = bad ? '-' : (char)*p;
			continue;
		}
		size_t i = 1;
		while (i < len && (p[i] & 0xc0) == 0x80)
			i++;
		memcpy(out + k, p, i);
		k += i;
		p += i - 1;
	}
	out[k] = 0;
}

fb_status fb_bundle_default_name(fb_store *st, int64_t group_id, int kit, const char *date,
                                 char *buf, size_t n, fb_error *err)
{
	char group[64];
	fb_status s = FB_OK;
	if (group_id) {
		fb_group g;
		if ((s = fb_group_get(st, group_id, &g, err)))
			return s;
		safe_name(g.name, group, 60);
		fb_group_free(&g);
	} else {
		fb_manifest *m = calloc(1, sizeof *m);
		if (!m)
			return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		s = source_group(st, m, err);
		safe_name(m->source_group_name, group, 60);
		free(m);
		if (s)
			return s;
	}
	snprintf(buf, n, "fieldbook-%s%s-%s.zip", kit ? "kit-" : "", group[0] ? group : "hq", date);
	return FB_OK;
}

void fb_sync_remove_leftovers(const char *path)
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
	fb_sync_remove_leftovers(j->path);
	snprintf(j->tmp, sizeof j->tmp, "%s.tmp.XXXXXX", j->path);
	*fd = mkstemp(j->tmp);
	if (*fd < 0) {
		j->tmp[0] = 0;
		return fb_error_set(err, FB_EIO, NULL, _("cannot create %s: %s"), j->path,
		                    strerror(errno));
	}
	/* a kill -9 from here on: the next start of fieldbook removes it */
	fb_disk_forget(j->rec_fd, j->rec);
	const char *db = fb_store_path(j->st);
	j->rec_fd = db ? fb_disk_remember(db, j->tmp, j->rec, sizeof j->rec) : -1;
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
			return fb_error_set(err, FB_EIO, NULL,
			                    _("cannot create a temporary file beside "
			                      "the database: %s"),
			                    strerror(errno));
	} else {
		fb_status s = create_tmp(j, &j->fd, err);
		if (s)
			return s;
	}
	j->za = exp_open_output(j->fd);
	return j->za ? FB_OK : zip_fail(NULL, err);
}

_Static_assert(FB_MANIFEST_FILES >= FB_SYNC_NTABLES, "a manifest entry for every table");

/* Add table t as a member streamed from its query when the archive is
 * written; its manifest entry is filled in then. */
static fb_status add_table(export_job *j, const fb_sync_table *t, fb_error *err)
{
	table_src *ts = calloc(1, sizeof *ts);
	if (!ts)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	fb_manifest_file *mf = &j->m->file[j->m->nfiles++];
	snprintf(mf->name, sizeof mf->name, "%s", t->file);
	*ts = (table_src){.st = j->st,
	                  .t = t,
	                  .since = j->since,
	                  .group_id = j->opts->group_id,
	                  .opts = j->opts,
	                  .mf = mf,
	                  .maxrev = &j->m->rev_to,
	                  .err = &j->detail};
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
	zip_source_t *src = zip_source_function(j->za, exp_table_source, ts);
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
		*ms = (manifest_src){.m = j->m,
		                     .st = j->st,
		                     .seq = j->seq,
		                     .is_sig = is_sig,
		                     .mtext = &j->mtext,
		                     .mlen = &j->mlen,
		                     .stext = &j->stext,
		                     .slen = &j->slen,
		                     .err = &j->detail};
		zip_error_init(&ms->error);
		msrc = zip_source_function(j->za, exp_manifest_source, ms);
		if (!msrc) {
			zip_error_fini(&ms->error);
			free(ms);
		}
	}
	if (!msrc || zip_file_add(j->za, is_sig ? FB_SIG_NAME : FB_MANIFEST_NAME, msrc,
	                          ZIP_FL_ENC_UTF_8) < 0) {
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
	sqlite3_stmt *u = fb_store_stmt(
		st,
		"INSERT INTO sync_peers (peer, last_rev, last_export_at, last_chg) VALUES (?1, ?2, "
		"?3, ?4) "
		"ON CONFLICT(peer) DO UPDATE SET last_rev = max(last_rev, excluded.last_rev), "
		"last_export_at = excluded.last_export_at, last_chg = max(last_chg, "
		"excluded.last_chg)",
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
		sqlite3_stmt *q = fb_store_stmt(j->st,
		                                "SELECT min(id), count(*) FROM work_groups WHERE "
		                                "deleted = 0",
		                                err);
		if (!q)
			return err && err->code ? err->code : FB_EDB;
		if (fb_store_step(j->st, q, err) > 0 && sqlite3_column_int(q, 1) == 1)
			gid = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
	}
	if (!hq) {
		if (!gid)
			return fb_error_set(
				err, FB_EINVAL, "group",
				_("this database keeps several groups: name the group the "
			          "bundle is for (--group), so that it is sealed for its "
			          "station"));
		sqlite3_stmt *q =
			fb_store_stmt(j->st, "SELECT uuid FROM work_groups WHERE id = ?1", err);
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
		return fb_error_set(
			err, FB_ESTATE, NULL,
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
	fb_sync_summary_identity(sum, m);
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
	export_job j = {.st = st, .opts = opts, .path = path, .fd = -1, .rec_fd = -1};
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
	fb_disk_forget(j.rec_fd, j.rec);
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
