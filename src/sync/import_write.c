/* import_write.c - the statements of the table being imported, built from
 * its column description (tables.c), the lookups of its references among
 * them (import_refs.c steps those); a row written with its version; the
 * bookkeeping of rows already met (duplicate uuids). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/seal.h"
#include "import.h"
#include "sync_internal.h"

/* Prepare sql for this import (finalized by the importer): 0, or 1. */
static int prep(importer *im, sqlite3_stmt **s, const char *sql)
{
	return sqlite3_prepare_v2(im->db, sql, -1, s, NULL) != SQLITE_OK;
}

int imp_seal_row(importer *im, imp_row *rw)
{
	imp_seal_free(im);
	for (int j = 0; j < im->t->ncols; j++) {
		const fb_sync_col *c = &im->t->cols[j];
		if (!(c->flags & F_SEALED) || !rw->val[j] || !*rw->val[j])
			continue;
		char col[96];
		snprintf(col, sizeof col, "%s.%s", im->t->name, c->db);
		if (!fb_seal_key_held(im->st)) {
			/* a database being set up has no key yet: its values are
			 * sealed at its first sign-in, as any from before sealing */
			int has = fb_seal_db_has_key(im->st, &im->fatal);
			if (has < 0)
				return -1;
			if (!has)
				continue;
		}
		if (fb_seal_text(im->st, col, c->csv, rw->val[j], &im->sealed[j], &im->fatal)) {
			fb_error_at(&im->fatal, im->t->file, rw->line);
			return -1;
		}
		rw->val[j] = im->sealed[j];
	}
	return 0;
}

void imp_seal_free(importer *im)
{
	for (int j = 0; j < IMP_MAXCOLS; j++) {
		free(im->sealed[j]);
		im->sealed[j] = NULL;
	}
}

void imp_finalize_table(importer *im)
{
	imp_seal_free(im);
	sqlite3_stmt **all[] = {&im->lookup, &im->ins, &im->upd, &im->local_json};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
	for (int j = 0; j < IMP_MAXCOLS; j++) {
		sqlite3_finalize(im->ref[j]);
		im->ref[j] = NULL;
	}
	if (im->refs)
		memset(im->refs, 0, IMP_MAXCOLS * sizeof *im->refs);
}

int imp_prepare_update(importer *im)
{
	const fb_sync_table *t = im->t;
	char sql[2048], sets[1400] = "";
	size_t sn = 0;
	sqlite3_finalize(im->upd);
	im->upd = NULL;
	if (t->append_only)
		return 0;
	/* every column of the table the file has (all of them until the
	 * header says otherwise), as ?(j + 1) */
	for (int j = 1; j < t->ncols; j++)
		if (!im->header || im->pos[j] >= 0)
			sn += (size_t)snprintf(sets + sn, sizeof sets - sn, "%s%s = ?%d",
			                       sn ? ", " : "", t->cols[j].db, j + 1);
	snprintf(sql, sizeof sql, "UPDATE %s SET %s WHERE uuid = ?1", t->name, sets);
	return prep(im, &im->upd, sql);
}

fb_status imp_prepare_table(importer *im, fb_error *err)
{
	const fb_sync_table *t = im->t;
	char sql[2048], cols[1024] = "", params[256] = "";
	size_t cn = 0, pn = 0;
	for (int j = 0; j < t->ncols; j++) {
		cn += (size_t)snprintf(cols + cn, sizeof cols - cn, "%s%s", j ? ", " : "",
		                       t->cols[j].db);
		pn += (size_t)snprintf(params + pn, sizeof params - pn, "%s?%d", j ? ", " : "",
		                       j + 1);
		if (t->cols[j].kind == C_REF) {
			snprintf(sql, sizeof sql, "SELECT id, deleted FROM %s WHERE uuid = ?1",
			         t->cols[j].ref);
			if (prep(im, &im->ref[j], sql))
				return fb_store_dberr(im->st, err);
		}
	}
	const char *origin = "origin"; /* the history names it device */
	for (int j = 0; j < t->ncols; j++)
		if (t->cols[j].kind == C_ORIGIN)
			origin = t->cols[j].db;
	snprintf(sql, sizeof sql, "SELECT id, rev, %s FROM %s WHERE uuid = ?1", origin, t->name);
	if (prep(im, &im->lookup, sql))
		return fb_store_dberr(im->st, err);
	snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (%s)", t->name, cols, params);
	if (prep(im, &im->ins, sql) || imp_prepare_update(im))
		return fb_store_dberr(im->st, err);
	fb_sync_select_sql(t, "WHERE t.uuid = ?1", 0, sql, sizeof sql);
	if (prep(im, &im->local_json, sql))
		return fb_store_dberr(im->st, err);
	return FB_OK;
}

/* Step a write: 0, or -1 with im->fatal set. */
static int step_write(importer *im, sqlite3_stmt *s)
{
	int rc = fb_store_step(im->st, s, &im->fatal);
	sqlite3_reset(s);
	return rc < 0 ? -1 : 0;
}

/* The key of row id of the current table in temp.sync_rows: table and id
 * in one integer, so the temp table is a dense, mostly appended b-tree (a
 * few bytes a row) whose bounded cache holds large bundles. */
static int64_t row_key(importer *im, int64_t id) { return ((int64_t)im->tindex << 40) | id; }

int imp_remember(importer *im, int64_t id, long line, long *first)
{
	sqlite3_reset(im->dup);
	sqlite3_bind_int64(im->dup, 1, row_key(im, id));
	sqlite3_bind_int64(im->dup, 2, line);
	if (step_write(im, im->dup))
		return -1;
	if (sqlite3_changes(im->db))
		return 0;
	sqlite3_reset(im->dup_line);
	sqlite3_bind_int64(im->dup_line, 1, row_key(im, id));
	int rc = fb_store_step(im->st, im->dup_line, &im->fatal);
	if (rc == 1 && first)
		*first = (long)sqlite3_column_int64(im->dup_line, 0);
	sqlite3_reset(im->dup_line);
	return rc < 0 ? -1 : 1;
}

/* The sync binder: bind the sync columns (origin, rev, updated_at) of the
 * row, as the bundle has them or, for an edit made here in Excel
 * (restamp), as a new version of this device made at now. */
static void bind_sync(importer *im, sqlite3_stmt *w, const imp_row *rw, int restamp, const char *now)
{
	const fb_sync_table *t = im->t;
	for (int j = 0; j < t->ncols; j++) {
		int k = t->cols[j].kind, p = j + 1;
		if (k == C_REV)
			sqlite3_bind_int64(w, p, restamp ? fb_store_next_rev(im->st) : rw->num[j]);
		else if (k == C_ORIGIN)
			sqlite3_bind_text(w, p, restamp ? fb_store_device(im->st) : rw->val[j], -1,
			                  SQLITE_STATIC);
		else if (k == C_UPDATED)
			sqlite3_bind_text(w, p, restamp ? now : rw->val[j], -1, SQLITE_STATIC);
	}
}

/* Bind the record columns of the row (all but the sync columns). */
static void bind_values(importer *im, sqlite3_stmt *w, const imp_row *rw)
{
	const fb_sync_table *t = im->t;
	for (int j = 0; j < t->ncols; j++) {
		int p = j + 1;
		switch (t->cols[j].kind) {
		case C_ORIGIN:
		case C_REV:
		case C_UPDATED: break; /* bind_sync */
		case C_REF:
			if (rw->num[j])
				sqlite3_bind_int64(w, p, rw->num[j]);
			else
				sqlite3_bind_null(w, p);
			break;
		case C_INT:
		case C_DELETED: sqlite3_bind_int64(w, p, rw->num[j]); break;
		case C_DATE:
		case C_TIME:
			if (!*rw->val[j])
				sqlite3_bind_null(w, p);
			else
				sqlite3_bind_text(w, p, rw->val[j], -1, SQLITE_STATIC);
			break;
		default: sqlite3_bind_text(w, p, rw->val[j], -1, SQLITE_STATIC);
		}
	}
}

int imp_write(importer *im, imp_row *rw, imp_action action)
{
	sqlite3_stmt *w = action == IMP_INSERT ? im->ins : im->upd;
	char now[21] = "";
	if (action == IMP_RESTAMP)
		fb_now_iso(now);
	sqlite3_reset(w);
	bind_values(im, w, rw);
	bind_sync(im, w, rw, action == IMP_RESTAMP, now);
	if (step_write(im, w))
		return -1;
	if (action == IMP_INSERT &&
	    imp_remember(im, sqlite3_last_insert_rowid(im->db), rw->line, NULL) < 0)
		return -1;
	if (!strcmp(im->t->name, "ticket_events")) { /* its ticket's status is replayed at the end */
		sqlite3_reset(im->touch);
		sqlite3_bind_int64(im->touch, 1, rw->num[1]);
		if (step_write(im, im->touch))
			return -1;
	}
	return 0;
}
