/* ticket_list.c - lists of tickets: a keyset page by filter (group, owner,
 * status, routing, category, words, dates, overdue). */
#include <stdio.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/ticket.h"
#include "internal.h"

void fb_ticket_row_cursor(const fb_ticket_row *row, const fb_ticket_filter *f, fb_cursor *c)
{
	(void)f;
	snprintf(c->key, sizeof c->key, "%s", row->opened_on);
	c->id = row->id;
}

/* Ticket search: the words in the ticket or anywhere in its history. */
#define TEXT_MATCH                                                                       \
	" AND (instr(t.title, ?8) OR instr(t.description, ?8) OR instr(t.unit, ?8) OR "  \
	"instr(fb_open('tickets.raised_by', t.raised_by), ?8) OR EXISTS (SELECT 1 FROM " \
	"ticket_events e WHERE e.ticket_id = "                                           \
	"t.id "                                                                          \
	"AND (instr(e.body, ?8) OR instr(e.dept, ?8))))"
#define OVERDUE FB_SQL_OVERDUE("t.status", "t.due_on", "?11")

/* One row of a ticket list (the SELECT of fb_ticket_page). */
static void read_row(sqlite3_stmt *s, void *row)
{
	fb_ticket_row *r = row;
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->opened_on, sizeof r->opened_on);
	fb_col_copy(s, 2, r->due_on, sizeof r->due_on);
	fb_col_copy(s, 3, r->title, sizeof r->title);
	fb_col_copy(s, 4, r->unit, sizeof r->unit);
	fb_col_copy(s, 5, r->status, sizeof r->status);
	fb_col_copy(s, 6, r->routing, sizeof r->routing);
	fb_col_copy(s, 7, r->category, sizeof r->category);
	fb_col_copy(s, 8, r->owner, sizeof r->owner);
	r->overdue = sqlite3_column_int(s, 9);
	r->events = sqlite3_column_int(s, 10);
}

int fb_ticket_page(fb_store *st, const fb_ticket_filter *f, fb_page_dir dir, const fb_cursor *from,
                   fb_ticket_row *rows, int max, fb_error *err)
{
	static const fb_ticket_filter none = {0};
	if (!f)
		f = &none;
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[128], order[96], where[1536], sql[2560], today[11];
	int reverse;
	fb_date_format(fb_today(), today);
	fb_page_sql("t.opened_on", "t.id", f->ascending, dir, cond, sizeof cond, order,
	            sizeof order, &reverse);
	int open = f->status && !strcmp(f->status, "open");
	/* ?1 ?2 cursor, ?3 group, ?4 owner, ?5 status, ?6 routing, ?7 category,
	 * ?8 text, ?9 from, ?10 to, ?11 today, ?12 limit */
	snprintf(where, sizeof where, "t.deleted = 0%s%s%s%s%s%s%s%s%s%s%s", cond[0] ? " AND " : "",
	         cond, f->group_id ? " AND t.group_id = ?3" : "",
	         f->owner_id ? " AND t.owner_id = ?4" : "",
	         open ? " AND t.status <> 'closed'" : (f->status ? " AND t.status = ?5" : ""),
	         f->routing ? " AND t.routing = ?6" : "", f->category ? " AND t.category = ?7" : "",
	         f->text && *f->text ? TEXT_MATCH : "", f->date_from ? " AND t.opened_on >= ?9" : "",
	         f->date_to ? " AND t.opened_on <= ?10" : "", f->overdue_only ? " AND " OVERDUE : "");
	snprintf(sql, sizeof sql,
	         "SELECT t.id, t.opened_on, t.due_on, t.title, t.unit, t.status, t.routing, "
	         "t.category, coalesce(o.name, ''), " OVERDUE ", "
	         "(SELECT count(*) FROM ticket_events e WHERE e.ticket_id = t.id) "
	         "FROM tickets t LEFT JOIN people o ON o.id = t.owner_id WHERE %s ORDER BY %s "
	         "LIMIT ?12",
	         where, order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	fb_page_bind_cursor(s, cond, from);
	if (f->group_id)
		sqlite3_bind_int64(s, 3, f->group_id);
	if (f->owner_id)
		sqlite3_bind_int64(s, 4, f->owner_id);
	if (f->status && !open)
		sqlite3_bind_text(s, 5, f->status, -1, SQLITE_TRANSIENT);
	if (f->routing)
		sqlite3_bind_text(s, 6, f->routing, -1, SQLITE_TRANSIENT);
	if (f->category)
		sqlite3_bind_text(s, 7, f->category, -1, SQLITE_TRANSIENT);
	if (f->text && *f->text)
		sqlite3_bind_text(s, 8, f->text, -1, SQLITE_TRANSIENT);
	if (f->date_from)
		sqlite3_bind_text(s, 9, f->date_from, -1, SQLITE_TRANSIENT);
	if (f->date_to)
		sqlite3_bind_text(s, 10, f->date_to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 11, today, -1, SQLITE_TRANSIENT);
	return fb_page_run(st, s, 12, rows, sizeof *rows, max, reverse, read_row, err);
}
