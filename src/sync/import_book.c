/* import_book.c - an import's bookkeeping: what this device had seen from
 * each device before (sync_seen) and what the bundle brings, whether the
 * bundle came before, and after a good apply the ticket statuses replayed,
 * sync_seen advanced, the import recorded (sync_imports) and the clock
 * moved past the highest revision seen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/ticket.h"
#include "import.h"

fb_status imp_load_seen(importer *im, fb_error *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(im->db, "SELECT origin, max_rev FROM sync_seen", -1, &s, NULL))
		return fb_store_dberr(im->st, err);
	int rc;
	while (im->nlocal < IMP_MAX_ORIGINS && (rc = fb_store_step(im->st, s, err)) == 1) {
		snprintf(im->local_seen[im->nlocal].origin, 65, "%s", sqlite3_column_text(s, 0));
		im->local_seen[im->nlocal++].rev = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return rc < 0 ? err->code : FB_OK;
}

int64_t imp_local_seen(importer *im, const char *origin)
{
	if (!strcmp(origin, fb_store_device(im->st)))
		return INT64_MAX;
	for (int i = 0; i < im->nlocal; i++)
		if (!strcmp(im->local_seen[i].origin, origin))
			return im->local_seen[i].rev;
	return 0;
}

void imp_note_incoming(importer *im, const char *origin, int64_t rev)
{
	if (rev > im->maxrev)
		im->maxrev = rev;
	int i = im->last_incoming;
	if (i >= im->nincoming || strcmp(im->incoming[i].origin, origin))
		for (i = 0; i < im->nincoming && strcmp(im->incoming[i].origin, origin); i++)
			;
	if (i == im->nincoming) {
		if (i == IMP_MAX_ORIGINS)
			return;
		snprintf(im->incoming[i].origin, sizeof im->incoming[i].origin, "%s", origin);
		im->incoming[i].rev = rev;
		im->nincoming++;
	}
	im->last_incoming = i;
	if (rev > im->incoming[i].rev)
		im->incoming[i].rev = rev;
}

fb_status imp_check_already(importer *im, fb_error *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(im->db, "SELECT manifest_sha256 FROM sync_imports WHERE bundle_id = ?1",
	                       -1, &s, NULL))
		return fb_store_dberr(im->st, err);
	sqlite3_bind_text(s, 1, im->m->bundle_id, -1, SQLITE_STATIC);
	int rc = fb_store_step(im->st, s, err);
	im->sum->already = rc == 1;
	if (rc == 1 && im->manifest_sha[0])
		im->known_content = !strcmp((const char *)sqlite3_column_text(s, 0), im->manifest_sha);
	sqlite3_finalize(s);
	return rc < 0 ? err->code : FB_OK;
}

fb_status imp_replay_statuses(importer *im, fb_error *err)
{
	sqlite3_stmt *tk;
	if (sqlite3_prepare_v2(im->db, "SELECT ticket_id FROM temp.sync_touched", -1, &tk, NULL))
		return fb_store_dberr(im->st, err);
	fb_status s = FB_OK;
	int rc;
	while (s == FB_OK && (rc = fb_store_step(im->st, tk, err)) == 1)
		s = fb_ticket_recompute_status(im->st, sqlite3_column_int64(tk, 0), NULL, err);
	sqlite3_finalize(tk);
	return s ? s : rc < 0 ? err->code : FB_OK;
}

/* sync_seen: the highest revision now held from each other device. */
static fb_status advance_seen(importer *im, fb_error *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(im->db, "INSERT INTO sync_seen (origin, max_rev) VALUES (?1, ?2) "
	                               "ON CONFLICT (origin) DO UPDATE SET "
	                               "max_rev = max(max_rev, excluded.max_rev)", -1, &s, NULL))
		return fb_store_dberr(im->st, err);
	int rc = 0;
	for (int i = 0; i < im->nincoming && rc >= 0; i++) {
		if (!strcmp(im->incoming[i].origin, fb_store_device(im->st)))
			continue;
		sqlite3_bind_text(s, 1, im->incoming[i].origin, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, im->incoming[i].rev);
		rc = fb_store_step(im->st, s, err);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc < 0 ? err->code : FB_OK;
}

fb_status imp_record_import(importer *im, fb_error *err)
{
	fb_status st = advance_seen(im, err);
	if (st)
		return st;
	long rows = 0;
	for (int i = 0; i < fb_sync_ntables; i++)
		rows += im->sum->t[i].rows;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(im->db, "INSERT INTO sync_imports (bundle_id, source_device, "
	                               "source_group, created_at, imported_at, rows, summary, "
	                               "manifest_sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	                               "ON CONFLICT (bundle_id) DO UPDATE SET "
	                               "manifest_sha256 = excluded.manifest_sha256", -1, &s, NULL))
		return fb_store_dberr(im->st, err);
	char *json = fb_sync_summary_json(im->sum);
	char at[21];
	const fb_manifest *m = im->m;
	sqlite3_bind_text(s, 1, m->bundle_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, m->source_device, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, m->source_group, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, m->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, fb_now_iso(at), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, rows);
	sqlite3_bind_text(s, 7, json ? json : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, im->manifest_sha, -1, SQLITE_STATIC);
	int rc = fb_store_step(im->st, s, err);
	sqlite3_finalize(s);
	free(json);
	if (rc < 0)
		return err->code;
	/* Seen from a device 'seed' or from this one: revisions still count. */
	fb_store_observe_rev(im->st, im->maxrev);
	return FB_OK;
}
