/* register.c - registers for Excel (register.h) with libxlsxwriter
 * (Debian libxlsxwriter-dev) in constant-memory mode: each register is one
 * statement stepped row by row into its sheet, cells typed (dates as
 * dates, counts as numbers, phone numbers as text), codes as labels. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/seal.h"
#include "fieldbook/text.h"
#include "register.h"
#include "sqlstore.h"

enum { K_TEXT, K_DATE, K_NUM, K_CAT, K_MASK, K_YESNO };

/* A column of a register: its header (msgid), width in Excel's units (a
 * Chinese character takes two), what the cell is, the category kind. */
typedef struct reg_col {
	const char *title;
	double width;
	int kind;
	const char *cat;
} reg_col;

typedef struct reg_sheet {
	const char *name;  /* msgid of the sheet's name */
	const char *table; /* for progress */
	const reg_col *cols;
	int ncols;
	const char *sql; /* ?1 group (0: all); the columns in order */
	int history;     /* the last column is the ticket's history */
} reg_sheet;

static const reg_col log_cols[] = {
	{N_("Work group"), 16, K_TEXT, 0},
	{N_("Date"), 12, K_DATE, 0},
	{N_("Author"), 10, K_TEXT, 0},
	{N_("Unit"), 24, K_TEXT, 0},
	{N_("Activity"), 14, K_CAT, FB_CAT_ACTIVITY},
	{N_("Kinds of enterprise"), 30, K_MASK, FB_CAT_ENTERPRISE},
	{N_("Kinds of worker"), 30, K_MASK, FB_CAT_WORKER},
	{N_("Enterprises (count)"), 10, K_NUM, 0},
	{N_("Workers (count)"), 10, K_NUM, 0},
	{N_("Households (count)"), 10, K_NUM, 0},
	{N_("Content"), 60, K_TEXT, 0},
	{N_("Problems found"), 40, K_TEXT, 0},
	{N_("What was done"), 40, K_TEXT, 0},
	{N_("Next step"), 30, K_TEXT, 0},
};

static const reg_col ticket_cols[] = {
	{N_("Work group"), 16, K_TEXT, 0},
	{N_("Opened"), 12, K_DATE, 0},
	{N_("Due"), 12, K_DATE, 0},
	{N_("Status"), 10, K_CAT, FB_CAT_STATUS},
	{N_("Overdue"), 8, K_YESNO, 0},
	{N_("Routing"), 20, K_CAT, FB_CAT_ROUTING},
	{N_("Category"), 16, K_CAT, FB_CAT_PROBLEM},
	{N_("Title"), 30, K_TEXT, 0},
	{N_("Description"), 50, K_TEXT, 0},
	{N_("Unit"), 24, K_TEXT, 0},
	{N_("Raised by"), 12, K_TEXT, 0},
	{N_("Opened by"), 10, K_TEXT, 0},
	{N_("Owner"), 10, K_TEXT, 0},
	{N_("History"), 80, K_TEXT, 0},
};

static const reg_col people_cols[] = {
	{N_("Work group"), 16, K_TEXT, 0},    {N_("Name"), 10, K_TEXT, 0},
	{N_("Role"), 12, K_CAT, FB_CAT_ROLE}, {N_("Unit"), 24, K_TEXT, 0},
	{N_("Phone"), 16, K_TEXT, 0},         {N_("Joined on"), 12, K_DATE, 0},
};

/* Groups by name, then each group's rows in their order; tombstones left
 * out. The history column of a ticket is filled from its events. */
static const reg_sheet sheets[] = {
	{N_("Daily logs"), "logs", log_cols, 14,
         "SELECT g.name, l.date, p.name, l.unit, l.activity, l.enterprise_kinds, l.worker_kinds,"
         " l.enterprises, l.workers, l.households, l.content, l.findings, l.actions, l.next_step"
         " FROM work_groups g JOIN logs l ON l.group_id = g.id AND l.deleted = 0"
         " LEFT JOIN people p ON p.id = l.author_id"
         " WHERE g.deleted = 0 AND (?1 = 0 OR g.id = ?1) ORDER BY g.name, g.id, l.date, l.id",
         0},
	{N_("Ticket register"), "tickets", ticket_cols, 14,
         "SELECT g.name, t.opened_on, t.due_on, t.status, t.status NOT IN"
         " ('closed', 'answered', 'return_visit') AND t.due_on < ?2, t.routing, t.category,"
         " t.title, t.description, t.unit, coalesce(fb_open('tickets.raised_by', t.raised_by), ?4),"
         " o.name, w.name, t.id"
         " FROM work_groups g JOIN tickets t ON t.group_id = g.id AND t.deleted = 0"
         " LEFT JOIN people o ON o.id = t.opened_by LEFT JOIN people w ON w.id = t.owner_id"
         " WHERE g.deleted = 0 AND (?1 = 0 OR g.id = ?1) ORDER BY g.name, g.id, t.opened_on, t.id",
         1},
	{N_("People"), "people", people_cols, 6,
         "SELECT coalesce(g.name, ?3), p.name, p.role, p.unit, p.phone, p.joined_on"
         " FROM people p LEFT JOIN work_groups g ON g.id = p.group_id"
         " WHERE p.deleted = 0 AND (?1 = 0 OR p.group_id = ?1)"
         " ORDER BY g.name IS NULL, g.name, p.group_id,"
         " CASE p.role WHEN 'leader' THEN 0 WHEN 'member' THEN 1 ELSE 2 END, p.name, p.id",
         0},
};

typedef struct writer {
	fb_store *st;
	lxw_workbook *wb;
	lxw_format *head, *date, *text;
	const fb_register_opts *o;
	char today[11];
	fb_error *err;
} writer;

/* libxlsxwriter's error as ours, naming the file. */
static fb_status xlsx_err(fb_error *err, const char *path, lxw_error e)
{
	fb_error_set(err, FB_EIO, NULL, _("cannot write the workbook: %s"), lxw_strerror(e));
	fb_error_at(err, path, 0);
	return FB_EIO;
}

/* A new sheet named after the register (and its part, past the first). */
static lxw_worksheet *new_sheet(writer *w, const reg_sheet *sh, int part)
{
	char name[64];
	if (part > 1)
		snprintf(name, sizeof name, "%s (%d)", _(sh->name), part);
	else
		snprintf(name, sizeof name, "%s", _(sh->name));
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
	if (!ws)
		return NULL;
	for (int c = 0; c < sh->ncols; c++) {
		const reg_col *col = &sh->cols[c];
		double head = (double)fb_text_width(_(col->title)) + 2;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
		                     head > col->width ? head : col->width,
		                     col->kind == K_DATE ? w->date : NULL);
		worksheet_write_string(ws, 0, (lxw_col_t)c, _(col->title), w->head);
	}
	worksheet_freeze_panes(ws, 1, 0);
	return ws;
}

/* A date cell from YYYY-MM-DD; text if it is not one. */
static void write_date(writer *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *v)
{
	int y, m, d;
	if (v && sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3) {
		lxw_datetime dt = {y, m, d, 0, 0, 0};
		worksheet_write_datetime(ws, r, c, &dt, w->date);
	} else if (v && *v) {
		worksheet_write_string(ws, r, c, v, w->text);
	}
}

/* A ticket's history: one line per step, oldest first: day, step, who,
 * what was said, to whom it was handed over. Caller frees. */
static char *history(writer *w, int64_t ticket)
{
	sqlite3_stmt *s = fb_store_stmt(
		w->st,
		"SELECT substr(e.at, 1, 10), e.kind, coalesce(p.name, ''), e.body, e.dept"
		" FROM ticket_events e LEFT JOIN people p ON p.id = e.actor_id"
		" WHERE e.ticket_id = ?1 ORDER BY e.rev, e.id",
		w->err);
	if (!s)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		sqlite3_reset(s);
		return NULL;
	}
	sqlite3_bind_int64(s, 1, ticket);
	int rc, n = 0;
	while ((rc = fb_store_step(w->st, s, w->err)) == 1) {
		const char *body = (const char *)sqlite3_column_text(s, 3);
		const char *dept = (const char *)sqlite3_column_text(s, 4);
		fprintf(f, "%s%s %s %s", n++ ? "\n" : "", sqlite3_column_text(s, 0),
		        fb_category_label(w->st, FB_CAT_EVENT,
		                          (const char *)sqlite3_column_text(s, 1)),
		        sqlite3_column_text(s, 2));
		if (body && *body)
			fprintf(f, _(": %s"), body);
		if (dept && *dept)
			fprintf(f, _(" (to %s)"), dept);
	}
	sqlite3_reset(s);
	fclose(f);
	if (rc < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* One register into its sheet(s); *rows gets its row count. */
static fb_status write_register(writer *w, const reg_sheet *sh, long *rows)
{
	sqlite3_stmt *s = fb_store_stmt(w->st, sh->sql, w->err);
	if (!s)
		return w->err->code;
	sqlite3_bind_int64(s, 1, w->o->group_id);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_text(s, 2, w->today, -1, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(s) >= 3)
		sqlite3_bind_text(s, 3, _("Headquarters"), -1, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(s) >= 4) /* a sealed value that does not open now */
		sqlite3_bind_text(s, 4, fb_seal_placeholder(), -1, SQLITE_TRANSIENT);
	int part = 1, rc;
	lxw_row_t r = 0;
	lxw_worksheet *ws = new_sheet(w, sh, part);
	fb_status st = ws ? FB_OK : fb_error_set(w->err, FB_ENOMEM, NULL, _("out of memory"));
	*rows = 0;
	while (st == FB_OK && (rc = fb_store_step(w->st, s, w->err)) == 1) {
		if (r + 1 >= LXW_ROW_MAX) { /* the sheet is full: go on in the next */
			worksheet_autofilter(ws, 0, 0, r, (lxw_col_t)(sh->ncols - 1));
			if (!(ws = new_sheet(w, sh, ++part))) {
				st = fb_error_set(w->err, FB_ENOMEM, NULL, _("out of memory"));
				break;
			}
			r = 0;
		}
		r++;
		for (int c = 0; c < sh->ncols; c++) {
			const reg_col *col = &sh->cols[c];
			const char *v = (const char *)sqlite3_column_text(s, c);
			char buf[1024];
			if (sh->history && c == sh->ncols - 1) {
				char *h = history(w, sqlite3_column_int64(s, c));
				if (!h) {
					st = w->err->code ? w->err->code
					                  : fb_error_set(w->err, FB_ENOMEM, NULL,
					                                 _("out of memory"));
					break;
				}
				worksheet_write_string(ws, r, (lxw_col_t)c, h, w->text);
				free(h);
			} else if (col->kind == K_DATE) {
				write_date(w, ws, r, (lxw_col_t)c, v);
			} else if (col->kind == K_NUM) {
				worksheet_write_number(ws, r, (lxw_col_t)c,
				                       sqlite3_column_double(s, c), NULL);
			} else if (col->kind == K_CAT && v) {
				worksheet_write_string(ws, r, (lxw_col_t)c,
				                       fb_category_label(w->st, col->cat, v), NULL);
			} else if (col->kind == K_MASK) {
				fb_category_mask_format(w->st, col->cat,
				                        (uint32_t)sqlite3_column_int64(s, c),
				                        FB_MASK_LABELS, buf, sizeof buf);
				if (buf[0])
					worksheet_write_string(ws, r, (lxw_col_t)c, buf, NULL);
			} else if (col->kind == K_YESNO) {
				worksheet_write_string(ws, r, (lxw_col_t)c,
				                       sqlite3_column_int(s, c) ? _("yes") : _("no"),
				                       NULL);
			} else if (v && *v) {
				/* text stays text: a phone number never becomes 1.38E+10 */
				worksheet_write_string(ws, r, (lxw_col_t)c, v, w->text);
			}
		}
		(*rows)++;
		if (w->o->progress && *rows % 10000 == 0)
			w->o->progress(w->o->progress_ctx, sh->table, *rows);
	}
	sqlite3_reset(s);
	if (st == FB_OK && rc < 0)
		st = w->err->code;
	if (st == FB_OK)
		worksheet_autofilter(ws, 0, 0, r, (lxw_col_t)(sh->ncols - 1));
	return st;
}

fb_status fb_register_write(fb_store *st, const char *path, const fb_register_opts *opts,
                            fb_register_counts *out, fb_error *err)
{
	static const fb_register_opts none = {0};
	const fb_register_opts *o = opts ? opts : &none;
	int which = o->registers ? o->registers : FB_REGISTER_ALL;
	char tmp[4096];
	fb_error local = {0};
	if (!err)
		err = &local;
	memset(out, 0, sizeof *out);
	snprintf(tmp, sizeof tmp, "%s.part", path);
	lxw_workbook_options wo = {.constant_memory = LXW_TRUE};
	writer w = {.st = st, .o = o, .err = err};
	fb_date_format(fb_today(), w.today);
	/* the file is made here first, readable by its owner only (it holds
	 * phone numbers), and a folder that cannot be written is said in one
	 * line (libxlsxwriter would print its own message at close) */
	unlink(tmp); /* a stale one from a crash: made anew with its mode */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fb_error_set(err, FB_EIO, NULL, _("cannot write the workbook: %s"), strerror(errno));
		fb_error_at(err, path, 0);
		return FB_EIO;
	}
	close(fd);
	if (!(w.wb = workbook_new_opt(tmp, &wo))) {
		unlink(tmp);
		fb_error_set(err, FB_EIO, NULL, _("cannot write the workbook"));
		fb_error_at(err, path, 0);
		return FB_EIO;
	}
	w.head = workbook_add_format(w.wb);
	format_set_bold(w.head);
	format_set_bg_color(w.head, 0xDDEBF7);
	format_set_border(w.head, LXW_BORDER_THIN);
	w.date = workbook_add_format(w.wb);
	format_set_num_format(w.date, "yyyy-mm-dd");
	w.text = workbook_add_format(w.wb);
	format_set_num_format(w.text, "@"); /* a text cell, as Excel's "Text" */
	fb_status s = FB_OK;
	long *counts[] = {&out->logs, &out->tickets, &out->people};
	for (int i = 0; i < 3 && s == FB_OK; i++)
		if (which & (1 << i))
			s = write_register(&w, &sheets[i], counts[i]);
	lxw_error e = workbook_close(w.wb);
	if (s == FB_OK && e != LXW_NO_ERROR)
		s = xlsx_err(err, path, e);
	if (s == FB_OK && rename(tmp, path) != 0) {
		fb_error_set(err, FB_EIO, NULL, _("cannot write the workbook: %s"), strerror(errno));
		fb_error_at(err, path, 0);
		s = FB_EIO;
	}
	if (s != FB_OK)
		unlink(tmp);
	return s;
}
