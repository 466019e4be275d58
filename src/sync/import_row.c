/* import_row.c - one CSV record of a table. The header names each column
 * once, in any order; a column without a name is ignored while it is
 * empty, and so are rows without a value (each with a note). Each cell is
 * decoded (import_cell.c), the row checked as the core's record
 * (import_record.c); every bad column of every row is listed; rows that
 * are good go on to the version choice and the write. */
#include <stdlib.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
#include "import.h"

/* ------------------------------------------------------ the header */

/* A header cell's name (trimmed), made visible for an error. */
static int header_fail(fb_csv_reader *r, const char *name, const char *why)
{
	char b[48];
	fb_csv_reader_fail(r, FB_EFORMAT, imp_shown(name, b, sizeof b), "%s", why);
	return 1;
}

/* The header: every column known, none twice, none missing (but for
 * columns added later, which older bundles lack); cells without a name
 * are ignored while they stay empty. */
static int read_header(importer *im, fb_csv_reader *r, char **cell, size_t *len, int n)
{
	const fb_sync_table *t = im->t;
	for (int j = 0; j < t->ncols; j++)
		im->pos[j] = -1;
	im->nunnamed = 0;
	for (int i = 0; i < n; i++) {
		const char *problem = fb_csv_reader_problem(r, i);
		if (problem)
			return header_fail(r, "", problem);
		size_t k = len[i];
		const char *name = imp_trim(cell[i], &k);
		im->unnamed[i] = !*name;
		if (!*name) {
			im->nunnamed++;
			continue;
		}
		int found = -1;
		for (int j = 0; j < t->ncols; j++)
			if (!strcmp(name, t->cols[j].csv))
				found = j;
		if (found < 0)
			return header_fail(r, name, _("unknown column"));
		if (im->pos[found] >= 0)
			return header_fail(r, name, _("column appears twice"));
		im->pos[found] = i;
	}
	int absent = 0;
	for (int j = 0; j < t->ncols; j++)
		if (im->pos[j] < 0) {
			if (!(t->cols[j].flags & F_LATER)) /* a bundle from an older fieldbook */
				return header_fail(r, t->cols[j].csv, _("missing column"));
			absent = 1;
		}
	im->ncells = n;
	im->header = 1;
	if (absent && imp_prepare_update(im)) {
		fb_store_dberr(im->st, &im->fatal);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------- one record */

/* 1 if no cell of the record has a value (nor a problem). */
static int blank(size_t *len, int n, fb_csv_reader *r)
{
	for (int i = 0; i < n; i++)
		if (len[i] || fb_csv_reader_problem(r, i))
			return 0;
	return 1;
}

/* Refuse the cells of the row that are not text (bad bytes, NUL): each
 * under its column, those outside any column once for the row. */
static void reject_problems(importer *im, fb_csv_reader *r, int n)
{
	int row_level = 0;
	for (int i = 0; i < n; i++) {
		const char *problem = fb_csv_reader_problem(r, i);
		int j = -1;
		for (int k = 0; problem && i < im->ncells && k < im->t->ncols; k++)
			if (im->pos[k] == i)
				j = k;
		if (problem && (j >= 0 || !row_level++))
			imp_reject(im, j, "%s", problem);
	}
}

/* The row's cells against the header: as many (Excel's empty trailing
 * cells aside), nothing in a column without a name. 0 if refused. */
static int cells_fit(importer *im, fb_csv_reader *r, char **cell, size_t *len, int n)
{
	char b[64];
	int extra = 0;
	for (int i = im->ncells; i < n; i++)
		extra |= len[i] || fb_csv_reader_problem(r, i);
	if (extra || n < im->ncells) {
		reject_problems(im, r, n);
		imp_reject(im, -1, _("%d columns, expected %d"), n, im->ncells);
		return 0;
	}
	for (int i = 0; i < im->ncells; i++)
		if (im->unnamed[i] && (len[i] || fb_csv_reader_problem(r, i))) {
			reject_problems(im, r, n);
			imp_reject(im, -1,
			           _("column %d has no name but holds '%s': name it or delete it"),
			           i + 1, imp_shown(cell[i], b, sizeof b));
			return 0;
		}
	return 1;
}

/* Decode every cell of the row into im->row. 0 or -1 on a database error. */
static int decode_row(importer *im, fb_csv_reader *r, char **cell, size_t *len)
{
	imp_row *rw = &im->row;
	for (int j = 0; j < im->t->ncols; j++) {
		int i = im->pos[j];
		rw->absent[j][0] = 0;
		if (imp_decode_cell(im, r, rw, j, i < 0 ? rw->absent[j] : cell[i], i < 0 ? 0 : len[i]))
			return -1;
	}
	return 0;
}

/* A good row: its local version, duplicates, the sender's lane, which
 * version wins, the write. A refused or held row is remembered so that rows referring to it
 * are held back. 0 or -1 on a database error. */
static int apply_row(importer *im, imp_row *rw)
{
	if (rw->rejected || rw->held)
		return rw->uuid ? imp_hold(im, rw->uuid) : 0;
	imp_local loc;
	int found = imp_local_version(im, rw->uuid, &loc);
	if (found < 0)
		return -1;
	if (found) {
		long first = 0;
		int rc = imp_remember(im, loc.id, rw->line, &first);
		if (rc < 0)
			return -1;
		if (rc) {
			imp_reject(im, 0, _("the same uuid is on an earlier line (%ld)"), first);
			return 0;
		}
	}
	int in_lane = 1, lane = imp_lane_check(im, rw, found ? &loc : NULL, &in_lane);
	if (lane < 0)
		return -1;
	if (lane)
		return imp_hold(im, rw->uuid);
	if (in_lane)
		imp_note_incoming(im, rw->origin, rw->rev);
	int action = imp_choose(im, rw, found ? &loc : NULL);
	if (action < 0)
		return -1;
	return action == IMP_SKIP ? 0 : imp_write(im, rw, (imp_action)action);
}

/* The reader's row callback: the header, then each record; non-zero stops
 * the read (a database error, in im->fatal, or a bad header). */
static int on_record(fb_csv_reader *r, char **cell, size_t *len, int n, void *ctx)
{
	importer *im = ctx;
	if (!im->header)
		return read_header(im, r, cell, len, n);
	if (blank(len, n, r)) {
		if (!im->empty_rows++)
			im->first_empty = fb_csv_reader_line(r);
		return 0;
	}
	imp_row *rw = &im->row;
	memset(rw->bad, 0, sizeof rw->bad);
	memset(rw->refdel, 0, sizeof rw->refdel);
	memset(rw->num, 0, sizeof rw->num);
	rw->uuid = rw->origin = NULL;
	rw->rev = 0;
	rw->rejected = rw->held = 0;
	im->row_fork = 0;
	rw->line = fb_csv_reader_line(r);
	im->cnt->rows++;
	if (im->opts->progress && ++im->seq % 20000 == 0)
		im->opts->progress(im->opts->progress_ctx, im->t->name, im->cnt->rows);
	if (!cells_fit(im, r, cell, len, n))
		return 0;
	if (decode_row(im, r, cell, len) || (rw->uuid && !rw->held && imp_check_record(im, rw)) ||
	    (!rw->rejected && !rw->held && imp_seal_row(im, rw)) || apply_row(im, rw))
		return 1; /* a database error: im->fatal says which */
	return 0;
}

/* Notes for what the table's file had that was ignored. */
static void table_notes(importer *im)
{
	char msg[256];
	if (im->empty_rows) {
		snprintf(msg, sizeof msg, _("%ld empty rows ignored"), im->empty_rows);
		fb_sync_add_note(im->sum, im->t->file, im->first_empty, "", msg);
	}
	if (im->nunnamed) {
		snprintf(msg, sizeof msg, _("%d empty columns without a name ignored"), im->nunnamed);
		fb_sync_add_note(im->sum, im->t->file, 1, "", msg);
	}
}

fb_status imp_read_csv(importer *im, fb_csv_reader *r, fb_error *err)
{
	im->header = 0;
	im->empty_rows = im->first_empty = 0;
	im->nunnamed = 0;
	fb_error_clear(&im->fatal);
	fb_status s = imp_prepare_table(im, err);
	if (s)
		return s;
	imp_record_columns(im);
	fb_csv_reader_tolerant(r, 1);
	s = fb_csv_read(r, on_record, im);
	if (im->fatal.code) {
		*err = im->fatal;
		s = im->fatal.code;
	} else if (s) {
		*err = *fb_csv_reader_err(r);
	} else if (!im->header) {
		fb_error_set(err, FB_EFORMAT, "", _("the file is empty: no header row"));
		fb_error_at(err, im->t->file, 1);
		s = FB_EFORMAT;
	}
	if (s == FB_OK)
		table_notes(im);
	if (fb_csv_reader_converted(r))
		im->sum->converted++;
	imp_finalize_table(im);
	return s;
}
