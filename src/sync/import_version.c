/* import_version.c - which version of a record wins (see
 * fieldbook-bundle(5)). Per record (uuid) with local version L and incoming
 * version I:
 *  - no L: insert;  same (rev, origin): unchanged, but in a lone CSV whose
 *    cells differ from L: an edit made here in Excel, a new version;
 *  - the two versions are concurrent when they come from different devices,
 *    the sender had not seen L (L.rev > what the manifest says the sender
 *    had seen of L.origin) and we had not seen I (I.rev > what sync_seen
 *    says we had imported from I.origin): a conflict. The higher (rev,
 *    origin) wins, the other version goes to sync_conflicts as JSON;
 *  - two versions from one device are concurrent only when that device is
 *    two laptops (a cloned disk, import_book.c): then a conflict too;
 *  - otherwise the higher (rev, origin) wins silently (a stale copy from an
 *    older bundle never overwrites a newer one; a tombstone is a version
 *    like any other, so an old bundle cannot resurrect a deleted record).
 * Ticket events are append-only: inserted when missing, never changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "import.h"

int imp_local_version(importer *im, const char *uuid, imp_local *loc)
{
	sqlite3_stmt *s = im->lookup;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	int rc = fb_store_step(im->st, s, &im->fatal);
	if (rc == 1) {
		loc->id = sqlite3_column_int64(s, 0);
		loc->rev = sqlite3_column_int64(s, 1);
		snprintf(loc->origin, sizeof loc->origin, "%s",
		         (const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	return rc;
}

/* 1 if version (ra, oa) is higher than (rb, ob): rev first, then origin. */
static int higher(int64_t ra, const char *oa, int64_t rb, const char *ob)
{
	return ra > rb || (ra == rb && strcmp(oa, ob) > 0);
}

/* Columns stored as integers. */
static int is_number_kind(int k) { return k == C_INT || k == C_REV || k == C_DELETED; }

/* The database row of uuid read into local_json: 1, 0 if none, -1. */
static int read_local(importer *im, const char *uuid)
{
	sqlite3_reset(im->local_json);
	sqlite3_bind_text(im->local_json, 1, uuid, -1, SQLITE_STATIC);
	return fb_store_step(im->st, im->local_json, &im->fatal);
}

/* 1 if the row's values differ from the database row of its uuid, 0 if
 * not, -1 on error. Columns the file lacks are not compared. */
static int differs(importer *im, const imp_row *rw)
{
	const fb_sync_table *t = im->t;
	sqlite3_stmt *s = im->local_json;
	int rc = read_local(im, rw->uuid);
	if (rc <= 0)
		return rc;
	int diff = 0;
	for (int j = 0; !diff && j < t->ncols; j++) {
		if (im->pos[j] < 0)
			continue;
		if (is_number_kind(t->cols[j].kind)) {
			diff = sqlite3_column_int64(s, j) != rw->num[j];
		} else {
			const char *v = (const char *)sqlite3_column_text(s, j);
			diff = strcmp(v ? v : "", rw->val[j]) != 0;
		}
	}
	sqlite3_reset(s);
	return diff;
}

/* The losing version as JSON: from the row (local = 0) or the database.
 * Caller frees; NULL when memory is short or on a database error. */
static char *loser_json(importer *im, const imp_row *rw, int local)
{
	const fb_sync_table *t = im->t;
	if (local && read_local(im, rw->uuid) != 1)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f) {
		fputc('{', f);
		for (int j = 0; j < t->ncols; j++) {
			const char *v = local ? (const char *)sqlite3_column_text(im->local_json, j)
			                      : rw->val[j];
			if (j)
				fputc(',', f);
			fb_sync_json_str(f, t->cols[j].csv);
			fputc(':', f);
			if (!v || (!*v && t->cols[j].flags & F_OPT && t->cols[j].kind != C_TEXT))
				fputs("null", f);
			else if (is_number_kind(t->cols[j].kind))
				fputs(v, f);
			else
				fb_sync_json_str(f, v);
		}
		fputc('}', f);
		fclose(f);
	}
	if (local)
		sqlite3_reset(im->local_json);
	return buf;
}

/* The cell of column csv of the row ("" if the table has none). */
static const char *cell(const importer *im, const imp_row *rw, const char *csv)
{
	for (int j = 0; j < im->t->ncols; j++)
		if (!strcmp(im->t->cols[j].csv, csv))
			return rw->val[j];
	return "";
}

/* The name of the person the row's column csv refers to ("" if none). */
static void person_name(importer *im, const imp_row *rw, const char *csv, char *buf, size_t size)
{
	buf[0] = 0;
	for (int j = 0; j < im->t->ncols; j++)
		if (!strcmp(im->t->cols[j].csv, csv) && rw->num[j]) {
			sqlite3_stmt *s =
				fb_store_stmt(im->st, "SELECT name FROM people WHERE id = ?1", NULL);
			if (!s)
				return;
			sqlite3_bind_int64(s, 1, rw->num[j]);
			if (fb_store_step(im->st, s, NULL) == 1)
				snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
			sqlite3_reset(s);
		}
}

/* The record of a conflict as a person knows it: the ticket's number and
 * title, the log's author and date, the person's name. */
static void describe(importer *im, const imp_row *rw, const imp_local *loc, char *buf, size_t size)
{
	const char *t = im->t->name;
	char who[128];
	if (!strcmp(t, "tickets")) {
		snprintf(buf, size, _("ticket %lld \"%s\""), (long long)loc->id,
		         cell(im, rw, "title"));
	} else if (!strcmp(t, "logs")) {
		person_name(im, rw, "author_uuid", who, sizeof who);
		snprintf(buf, size, _("the daily log of %s, %s"), who, cell(im, rw, "date"));
	} else if (!strcmp(t, "reports")) {
		snprintf(buf, size, _("the report for %s to %s"), cell(im, rw, "period_start"),
		         cell(im, rw, "period_end"));
	} else if (!strcmp(t, "contacts")) {
		snprintf(buf, size, _("the contact record of %s, %s"), cell(im, rw, "name"),
		         cell(im, rw, "met_on"));
	} else if (!strcmp(t, "people")) {
		snprintf(buf, size, _("the person %s"), cell(im, rw, "name"));
	} else if (!strcmp(t, "work_groups")) {
		snprintf(buf, size, _("the work group %s"), cell(im, rw, "name"));
	} else if (!strcmp(t, "targets")) {
		snprintf(buf, size, _("the target \"%s\""), cell(im, rw, "note"));
	} else {
		snprintf(buf, size, "%s", _(im->t->label));
	}
}

/* Keep the losing side of a conflict in sync_conflicts and list it. */
static int keep_conflict(importer *im, const imp_row *rw, const imp_local *loc, int newer)
{
	char *json = loser_json(im, rw, newer);
	if (!json && im->fatal.code)
		return -1;
	char what[160];
	describe(im, rw, loc, what, sizeof what);
	int rc = imp_keep_conflict(im, rw, newer ? rw->rev : loc->rev, newer ? loc->rev : rw->rev,
	                           newer ? loc->origin : rw->origin, json, what,
	                           newer ? _("changed on both sides: the bundle's version wins, "
	                                     "this database's is kept for review")
	                                 : _("changed on both sides: this database's version wins, "
	                                     "the bundle's is kept for review"));
	free(json);
	return rc;
}

/* Were the two versions made without either knowing the other? From
 * different devices: the sender had not seen L and we had not seen I.
 * From one device: only if two laptops share its id (a cloned disk). */
static int is_concurrent(importer *im, const imp_row *rw, const imp_local *loc)
{
	if (!strcmp(rw->origin, loc->origin))
		return imp_clone_divergent(im, rw, loc);
	return loc->rev > fb_manifest_seen_rev(im->m, loc->origin) &&
	       rw->rev > imp_local_seen(im, rw->origin);
}

int imp_would_change(importer *im, const imp_row *rw, const imp_local *loc)
{
	if (!loc)
		return 1;
	if (im->t->append_only)
		return 0;
	if (loc->rev == rw->rev && !strcmp(loc->origin, rw->origin))
		return im->bare ? differs(im, rw) : 0;
	return higher(rw->rev, rw->origin, loc->rev, loc->origin) || is_concurrent(im, rw, loc);
}

/* A row under this database's own device id that it never made: another
 * laptop has its id (a copied disk). Said once an import. */
static void own_id_elsewhere(importer *im, const imp_row *rw)
{
	if (im->sum->clone_suspected)
		return;
	im->sum->clone_suspected = 1;
	snprintf(im->sum->clone_note, sizeof im->sum->clone_note, "%s",
	         _("the bundle holds changes under this database's own device id that it never "
	           "made: another laptop seems to share its id (a copied disk); they are kept as "
	           "conflicts"));
	fb_sync_add_note(im->sum, im->t->file, rw->line, "origin", im->sum->clone_note);
}

int imp_choose(importer *im, imp_row *rw, const imp_local *loc)
{
	fb_sync_counts *cnt = im->cnt;
	if (im->row_fork)
		return imp_history_fork(im, rw);
	int mine = im->lane.on && !strcmp(rw->origin, fb_store_device(im->st));
	if (!loc) {
		if (mine)
			own_id_elsewhere(im, rw);
		cnt->inserted++;
		return IMP_INSERT;
	}
	if (im->t->append_only) {
		cnt->unchanged++;
		return IMP_SKIP;
	}
	if (loc->rev == rw->rev && !strcmp(loc->origin, rw->origin)) {
		int d = im->bare ? differs(im, rw) : 0;
		if (d < 0)
			return -1;
		if (d)
			cnt->updated++;
		else
			cnt->unchanged++;
		return d ? IMP_RESTAMP : IMP_SKIP;
	}
	if (mine && rw->rev > loc->rev) {
		/* a version under this database's own id that it never made: this
		 * one stays, the other is kept for review */
		own_id_elsewhere(im, rw);
		return keep_conflict(im, rw, loc, 0) ? -1 : IMP_SKIP;
	}
	int newer = higher(rw->rev, rw->origin, loc->rev, loc->origin);
	int concurrent = is_concurrent(im, rw, loc);
	if (concurrent) {
		if (keep_conflict(im, rw, loc, newer))
			return -1;
		return newer ? IMP_UPDATE : IMP_SKIP;
	}
	if (newer)
		cnt->updated++;
	else
		cnt->unchanged++;
	return newer ? IMP_UPDATE : IMP_SKIP;
}
