/* history_read.c - reading one record's history, a keyset page at a time,
 * with its operations, fields and values in words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/history.h"
#include "fieldbook/i18n.h"
#include "fieldbook/seal.h"
#include "internal.h"
#include "history_impl.h"

const char *fb_history_op_label(const char *op)
{
	if (!strcmp(op, "insert"))
		return C_("history", "created");
	if (!strcmp(op, "update"))
		return C_("history", "changed");
	if (!strcmp(op, "delete"))
		return C_("history", "deleted");
	if (!strcmp(op, "undelete"))
		return C_("history", "restored");
	if (!strcmp(op, "reset")) /* a person's password, by their leader or HQ */
		return C_("history", "password reset");
	return op;
}

const char *fb_history_field_label(const char *table, const char *field)
{
	const hist_field *f = fb_hist_field_of(fb_hist_table_of(table), field);
	return f ? _(f->label) : field;
}

static void read_hist_row(sqlite3_stmt *s, void *row)
{
	fb_history_row *r = row;
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->device, sizeof r->device);
	r->seq = sqlite3_column_int64(s, 2);
	fb_col_copy(s, 3, r->at, sizeof r->at);
	fb_col_copy(s, 4, r->actor, sizeof r->actor);
	fb_col_copy(s, 5, r->op, sizeof r->op);
	fb_col_copy(s, 6, r->field, sizeof r->field);
	fb_col_copy(s, 7, r->old_value, sizeof r->old_value);
	fb_col_copy(s, 8, r->new_value, sizeof r->new_value);
}

/* The words for value v of field f, in place (a reference's name or
 * number, a code's label); left as it is if there are none. */
static fb_status in_words(fb_store *st, const hist_field *f, char *v, size_t size, fb_error *err)
{
	if (!*v)
		return FB_OK;
	if (f->kind == V_CAT) {
		const char *label = fb_category_label(st, f->cat, v);
		if (label && strcmp(label, v))
			snprintf(v, size, "%s", label);
		return FB_OK;
	}
	if (f->kind == V_MASK) {
		char *end, words[FB_HISTORY_VALUE];
		unsigned long long mask = strtoull(v, &end, 10);
		if (!*end &&
		    fb_category_mask_format(st, f->cat, (uint32_t)mask, FB_MASK_LABELS, words,
		                            sizeof words) &&
		    *words)
			snprintf(v, size, "%s", words);
		return FB_OK;
	}
	const char *sql = f->kind == V_PERSON  ? "SELECT name FROM people WHERE uuid = ?1"
	                  : f->kind == V_GROUP ? "SELECT name FROM work_groups WHERE uuid = ?1"
	                  : f->kind == V_LOG   ? "SELECT CAST(id AS TEXT) FROM logs WHERE uuid = ?1"
	                  : f->kind == V_UNIT  ? "SELECT name FROM units WHERE uuid = ?1"
	                                       : NULL;
	if (!sql)
		return FB_OK;
	sqlite3_stmt *q = fb_store_stmt(st, sql, err);
	if (!q)
		return fb_stmt_failed(err);
	char uuid[37];
	snprintf(uuid, sizeof uuid, "%s", v);
	fb_bind_text(q, 1, uuid);
	int row = fb_store_step(st, q, err);
	if (row > 0)
		fb_col_copy(q, 0, v, size);
	sqlite3_reset(q);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* h.v as shown: opened if sealed (the field's name is its column's), the
 * placeholder (?6) if it does not open now. */
#define SHOWN(v)                                                                              \
	"CASE WHEN substr(h." v ", 1, 4) = '" FB_SEAL_PREFIX "' THEN coalesce(fb_open(h.tbl " \
	"|| '.' || h.field, h." v "), ?6) ELSE h." v " END"

int fb_history_page(fb_store *st, const char *table, const char *uuid, fb_page_dir dir,
                    const fb_cursor *from, fb_history_row *rows, int max, fb_error *err)
{
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[128], order[96], sql[1024];
	int reverse;
	fb_page_sql("h.at", "h.id", 1, dir, cond, sizeof cond, order, sizeof order, &reverse);
	snprintf(sql, sizeof sql,
	         /* a sealed personal value (seal.h) shown opened when the key is held */
	         "SELECT h.id, h.device, h.seq, h.at, h.actor_name, h.op, h.field, " SHOWN(
			 "old_value") ", " SHOWN("new_value") " FROM history h WHERE h.record_uuid "
	                                                      "= ?3 AND h.tbl = ?4%s%s "
	                                                      "ORDER BY %s LIMIT ?5",
	         cond[0] ? " AND " : "", cond, order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	fb_page_bind_cursor(s, cond, from);
	fb_bind_text(s, 3, uuid);
	fb_bind_text(s, 4, table);
	sqlite3_bind_text(s, 6, fb_seal_placeholder(), -1, SQLITE_TRANSIENT);
	int n = fb_page_run(st, s, 5, rows, sizeof *rows, max, reverse, read_hist_row, err);
	const hist_table *t = fb_hist_table_of(table);
	for (int i = 0; i < n; i++) {
		const hist_field *f = fb_hist_field_of(t, rows[i].field);
		if (f && (in_words(st, f, rows[i].old_value, sizeof rows[i].old_value, err) ||
		          in_words(st, f, rows[i].new_value, sizeof rows[i].new_value, err)))
			return -1;
	}
	return n;
}

void fb_history_row_cursor(const fb_history_row *row, fb_cursor *c)
{
	snprintf(c->key, sizeof c->key, "%s", row->at);
	c->id = row->id;
}
