/* import_book.c - an import's bookkeeping: what this device had seen from
 * each device before (sync_seen) and what the bundle brings, whether the
 * bundle came before, and after a good apply the ticket statuses replayed,
 * sync_seen advanced, the import recorded (sync_imports) and the clock
 * moved past the highest revision seen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>

#include "fieldbook/i18n.h"
#include "fieldbook/limits.h"
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
		im->known_content =
			!strcmp((const char *)sqlite3_column_text(s, 0), im->manifest_sha);
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
	if (sqlite3_prepare_v2(im->db,
	                       "INSERT INTO sync_seen (origin, max_rev) VALUES (?1, ?2) "
	                       "ON CONFLICT (origin) DO UPDATE SET "
	                       "max_rev = max(max_rev, excluded.max_rev)",
	                       -1, &s, NULL))
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

/* The sender in devices: its lane on first sight, what it sent since. */
static fb_status record_device(importer *im, fb_error *err)
{
	const imp_lanes *ln = &im->lane;
	if (!ln->on || ln->self)
		return FB_OK;
	int64_t own = 0;
	for (int i = 0; i < im->nincoming; i++)
		if (!strcmp(im->incoming[i].origin, im->sender.device))
			own = im->incoming[i].rev;
	sqlite3_stmt *s = fb_store_stmt(
		im->st,
		"INSERT INTO devices (device, group_uuid, is_hq, first_seen, last_seen, max_rev, "
		"max_seen, last_bundle_at, clone_suspected, clone_note) VALUES "
		"(?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (device) DO UPDATE SET "
		"last_seen = excluded.last_seen, max_rev = max(max_rev, excluded.max_rev), "
		"max_seen = max(max_seen, excluded.max_seen), "
		"last_bundle_at = max(last_bundle_at, excluded.last_bundle_at), "
		"clone_note = CASE WHEN excluded.clone_suspected AND NOT clone_suspected "
		"THEN excluded.clone_note ELSE clone_note END, "
		"clone_suspected = max(clone_suspected, excluded.clone_suspected)",
		err);
	if (!s)
		return err->code;
	char at[21], note[260];
	snprintf(note, sizeof note, "%s %s", fb_now_iso(at), ln->clone_why);
	sqlite3_bind_text(s, 1, im->sender.device, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, im->sender.group, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, im->sender.is_hq);
	sqlite3_bind_text(s, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, own);
	sqlite3_bind_int64(s, 6, ln->seen_self);
	sqlite3_bind_text(s, 7, im->m->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 8, ln->clone);
	sqlite3_bind_text(s, 9, ln->clone ? note : "", -1, SQLITE_TRANSIENT);
	int rc = fb_store_step(im->st, s, err);
	sqlite3_reset(s);
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
	if (sqlite3_prepare_v2(im->db,
	                       "INSERT INTO sync_imports (bundle_id, source_device, "
	                       "source_group, created_at, imported_at, rows, summary, "
	                       "manifest_sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	                       "ON CONFLICT (bundle_id) DO UPDATE SET "
	                       "manifest_sha256 = excluded.manifest_sha256",
	                       -1, &s, NULL))
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
	if ((st = record_device(im, err)))
		return st;
	/* Seen from a device 'seed' or from this one: revisions still count; never
	 * past the bound (every revision was checked against it) */
	if (im->maxrev <= im->rev_last)
		fb_store_observe_rev(im->st, im->maxrev);
	return FB_OK;
}

/* ------------------------------------------------ clocks and clones */

/* The wall-clock seconds of a revision (milliseconds << 16 | counter). */
static int64_t rev_seconds(int64_t rev) { return (rev >> 16) / 1000; }

/* Seconds since the epoch of an ISO time (YYYY-MM-DDTHH:MM:SSZ), 0 if bad. */
static int64_t iso_seconds(const char *iso)
{
	struct tm tm = {0};
	const char *end = strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return end && !*end ? (int64_t)timegm(&tm) : 0;
}

/* The highest revision of this database a peer can have seen: what it
 * sent to its peers (sync_peers), or, before any export to a peer, its
 * clock (meta.hlc). */
static int64_t local_clock(importer *im, int *rc)
{
	sqlite3_stmt *s = fb_store_stmt(im->st,
	                                "SELECT coalesce((SELECT max(last_rev) FROM "
	                                "sync_peers), CAST(value AS INTEGER)) FROM meta "
	                                "WHERE key = 'hlc'",
	                                &im->fatal);
	if (!s) {
		*rc = -1;
		return 0;
	}
	*rc = fb_store_step(im->st, s, &im->fatal);
	int64_t v = *rc == 1 ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return v;
}

/* Refuse a manifest's revision beyond the clock's bound. */
static fb_status rev_too_far(const char *key, int64_t rev, fb_error *err)
{
	fb_error_set(err, FB_EFORMAT, key,
	             _("revision %lld was made more than %d day from now: "
	               "the clock of the laptop that made the bundle, or of "
	               "this one, is wrong"),
	             (long long)rev, FB_CLOCK_SKEW_DAYS);
	fb_error_at(err, FB_MANIFEST_NAME, 0);
	return FB_EFORMAT;
}

void imp_clone_suspect(importer *im, const char *why)
{
	imp_lanes *ln = &im->lane;
	if (!ln->clone) {
		ln->clone = ln->clone_now = 1;
		snprintf(ln->clone_why, sizeof ln->clone_why, "%s", why);
	}
	im->sum->clone_suspected = 1;
	snprintf(im->sum->clone_note, sizeof im->sum->clone_note, "%s", why);
}

fb_status imp_check_clocks(importer *im, fb_error *err)
{
	const fb_manifest *m = im->m;
	imp_lanes *ln = &im->lane;
	if (im->bare)
		return FB_OK;
	if (strcmp(m->created_at, im->time_last) > 0 || strcmp(m->created_at, im->time_first) < 0) {
		fb_error_set(err, FB_EFORMAT, "created_at",
		             _("the bundle says it was made at %s, "
		               "outside the times fieldbook accepts (%s to %s): the clock of the "
		               "laptop that made it is wrong"),
		             m->created_at, im->time_first, im->time_last);
		fb_error_at(err, FB_MANIFEST_NAME, 0);
		return FB_EFORMAT;
	}
	if (m->rev_from > im->rev_last)
		return rev_too_far("rev_from", m->rev_from, err);
	if (m->rev_to > im->rev_last)
		return rev_too_far("rev_to", m->rev_to, err);
	int rc;
	int64_t mine = local_clock(im, &rc);
	if (rc < 0)
		return *err = im->fatal, err->code;
	for (int i = 0; i < m->nseen; i++) {
		if (m->seen[i].rev > im->rev_last)
			return rev_too_far("seen", m->seen[i].rev, err);
		if (!strcmp(m->seen[i].origin, fb_store_device(im->st)) && m->seen[i].rev > mine) {
			/* nobody has seen more of this database than it sent out: a
			 * higher value would hide conflicts with edits made here since */
			char msg[256];
			snprintf(msg, sizeof msg,
			         _("claims to have seen revision %lld of this database, "
			           "which has sent none after %lld: taken as %lld"),
			         (long long)m->seen[i].rev, (long long)mine, (long long)mine);
			fb_sync_add_note(im->sum, FB_MANIFEST_NAME, 0, "seen", msg);
			im->m->seen[i].rev = mine;
		}
	}
	/* a clock far behind: accepted, flagged */
	int64_t made = iso_seconds(m->created_at),
		now = iso_seconds(im->time_last) - FB_CLOCK_SKEW_DAYS * 86400;
	int64_t ahead = ln->seen_self ? rev_seconds(ln->seen_self) - made : 0;
	long days = 0;
	if (now - made > (int64_t)FB_CLOCK_BEHIND_DAYS * 86400)
		days = (long)((now - made) / 86400);
	if (ahead > (int64_t)FB_CLOCK_SKEW_DAYS * 86400 && ahead / 86400 > days)
		days = (long)(ahead / 86400);
	im->sum->clock_behind_days = days;
	/* the same device with a clock that went back while time went on: two
	 * laptops share its id (a copied disk) */
	char why[200];
	int later = ln->known && strcmp(m->created_at, ln->dev_last_at) > 0;
	int64_t sent = ln->dev_max_seen > ln->dev_max_rev ? ln->dev_max_seen : ln->dev_max_rev;
	if (later && ln->seen_self && ln->seen_self < sent) {
		snprintf(why, sizeof why, _("its clock (%lld) is behind what it sent before (%lld)"),
		         (long long)ln->seen_self, (long long)sent);
		imp_clone_suspect(im, why);
	} else if (later && m->rev_from > 0 && m->rev_from < ln->dev_max_rev) {
		/* "what changed since revision R" from a device that already sent
		 * changes after R which this bundle does not know of */
		snprintf(why, sizeof why,
		         _("it sends what changed since revision %lld, but changes "
		           "of its own up to %lld came from it before"),
		         (long long)m->rev_from, (long long)ln->dev_max_rev);
		imp_clone_suspect(im, why);
	}
	return FB_OK;
}

int imp_clone_divergent(importer *im, const imp_row *rw, const imp_local *loc)
{
	imp_lanes *ln = &im->lane;
	if (!ln->on || strcmp(rw->origin, im->sender.device) || strcmp(loc->origin, rw->origin) ||
	    rw->rev == loc->rev)
		return 0;
	if (ln->clone)
		return 1;
	/* a device whose clock had passed the version it sent us, now sending
	 * an older one of its own: it is not the laptop that sent that version */
	if (rw->rev < loc->rev && ln->seen_self >= loc->rev) {
		imp_clone_suspect(im, _("it sends an older version of its own record than it sent "
		                        "before"));
		ln->restart = 1; /* rows before this one must be conflicts too */
		return 1;
	}
	return 0;
}

int imp_history_forks(importer *im, const char *device)
{
	imp_lanes *ln = &im->lane;
	if (!ln->on)
		return 0;
	if (!strcmp(device, fb_store_device(im->st)))
		return im->sender.is_hq; /* this database's id on another laptop, relayed by HQ */
	if (strcmp(device, im->sender.device))
		return 0;
	if (!ln->clone) {
		/* found out here: the rows before must be conflicts too */
		imp_clone_suspect(im, _("its history differs from the one it sent before"));
		ln->restart = 1;
	}
	return 1;
}
