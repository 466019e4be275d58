/* report_list.c - the keyset-paged list of reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/report.h"
#include "internal.h"

/* ---- lists ---- */

/* One row of a report list (the SELECT of fb_report_page). */
static void read_list_row(sqlite3_stmt *s, void *row)
{
	fb_report_row *r = row;
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	r->group_id = sqlite3_column_int64(s, 1);
	fb_col_copy(s, 2, r->group_name, sizeof r->group_name);
	fb_col_copy(s, 3, r->kind, sizeof r->kind);
	fb_col_copy(s, 4, r->period_start, sizeof r->period_start);
	fb_col_copy(s, 5, r->period_end, sizeof r->period_end);
	fb_col_copy(s, 6, r->label, sizeof r->label);
	r->revision_no = sqlite3_column_int(s, 7);
	fb_col_copy(s, 8, r->status, sizeof r->status);
	fb_col_copy(s, 9, r->submitted_at, sizeof r->submitted_at);
	fb_col_copy(s, 10, r->updated_at, sizeof r->updated_at);
}

int fb_report_page(fb_store *st, const fb_report_filter *f, fb_page_dir dir,
                   const fb_cursor *from, fb_report_row *rows, int max, fb_error *err)
{
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[96], order[96], sql[1024];
	int reverse;
	fb_page_sql("r.period_start", "r.id", 0, dir, cond, sizeof cond, order, sizeof order,
	            &reverse);
	/* ?1 ?2 cursor, ?3 group, ?4 kind, ?5 period start, ?6 limit */
	snprintf(sql, sizeof sql,
	         "SELECT r.id, r.group_id, g.name, r.kind, r.period_start, r.period_end,"
	         " r.period_label, r.revision_no, r.status, IFNULL(r.submitted_at, ''), r.updated_at"
	         " FROM reports r JOIN work_groups g ON g.id = r.group_id WHERE r.deleted = 0"
	         " AND (?3 = 0 OR r.group_id = ?3) AND (?4 IS NULL OR r.kind = ?4)"
	         " AND (?5 IS NULL OR r.period_start = ?5)%s%s%s ORDER BY %s LIMIT ?6",
	         f && f->all_revisions ? ""
	                               : " AND NOT EXISTS (SELECT 1 FROM reports n WHERE"
	                                 " n.group_id = r.group_id AND n.kind = r.kind AND"
	                                 " n.period_start = r.period_start AND"
	                                 " n.revision_no > r.revision_no AND n.deleted = 0)",
	         *cond ? " AND " : "", cond, order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	fb_page_bind_cursor(s, cond, from);
	sqlite3_bind_int64(s, 3, f ? f->group_id : 0);
	if (f && f->kind)
		sqlite3_bind_text(s, 4, f->kind, -1, SQLITE_TRANSIENT);
	if (f && f->period_start)
		sqlite3_bind_text(s, 5, f->period_start, -1, SQLITE_TRANSIENT);
	return fb_page_run(st, s, 6, rows, sizeof *rows, max, reverse, read_list_row, err);
}

void fb_report_row_cursor(const fb_report_row *row, fb_cursor *c)
{
	snprintf(c->key, sizeof c->key, "%s", row->period_start);
	c->id = row->id;
}
