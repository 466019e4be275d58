/* log.c - daily logs: validation, writes (each in a transaction) and the
 * keyset-paged list. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "fieldbook/log.h"
#include "search.h"
#include "fieldbook/text.h"
#include "fieldbook/perm.h"
#include "internal.h"

fb_status fb_log_validate(fb_store *st, const fb_log *log, fb_error *err)
{
	fb_status s;
	int64_t group = 0, author_rev = 0;
	if ((s = fb_check_person_ref(st, "author", log->author_id, log->deleted ? -1 : log->rev,
	                             &group, &author_rev, err)))
		return s;
	if (group <= 0)
		return fb_error_set(err, FB_EINVAL, "author", _("belongs to no work group"));
	if (log->group_id > 0 && log->group_id != group && !(log->rev > 0 && log->rev < author_rev))
		return fb_error_set(err, FB_EINVAL, "author", _("is not in the log's work group"));
	if ((s = fb_check(st, FB_L_LOGS_DATE, log->date, err)) ||
	    (s = fb_check(st, FB_L_LOGS_UNIT, log->unit, err)) ||
	    (s = fb_check(st, FB_L_LOGS_ACTIVITY, log->activity, err)) ||
	    (s = fb_check_num(st, FB_L_LOGS_ENTERPRISE_KINDS, log->enterprise_kinds, err)) ||
	    (s = fb_check_num(st, FB_L_LOGS_WORKER_KINDS, log->worker_kinds, err)) ||
	    (s = fb_check_num(st, FB_L_LOGS_ENTERPRISES, log->enterprises, err)) ||
	    (s = fb_check_num(st, FB_L_LOGS_WORKERS, log->workers, err)) ||
	    (s = fb_check_num(st, FB_L_LOGS_HOUSEHOLDS, log->households, err)) ||
	    (s = fb_check(st, FB_L_LOGS_CONTENT, log->content, err)) ||
	    (s = fb_check(st, FB_L_LOGS_FINDINGS, log->findings, err)) ||
	    (s = fb_check(st, FB_L_LOGS_ACTIONS, log->actions, err)) ||
	    (s = fb_check(st, FB_L_LOGS_NEXT_STEP, log->next_step, err)))
		return s;
	return FB_OK;
}

/* The enterprises a log counts. A visit to an enterprise (走进企业) is at
 * least one enterprise visited, as a cadre counts it: the log names the
 * enterprise as its unit, so a count left at 0 is taken as 1 rather than
 * counting nothing (the figures' sums apply the same rule, FB_SQL_ENTERPRISES,
 * to logs written before it or elsewhere). */
static int64_t enterprises_counted(const fb_log *log)
{
	if (log->enterprises == 0 && log->activity && !strcmp(log->activity, "enterprise_visit"))
		return 1;
	return log->enterprises;
}

/* Bind the fields shared by insert and update (parameters 1-19). */
static void bind_log(fb_store *st, sqlite3_stmt *s, fb_log *log)
{
	fb_bind_text(s, 1, log->uuid);
	sqlite3_bind_int64(s, 2, log->group_id);
	sqlite3_bind_int64(s, 3, log->author_id);
	fb_bind_text(s, 4, log->date);
	fb_bind_text(s, 5, log->unit);
	fb_bind_text(s, 6, log->activity);
	sqlite3_bind_int64(s, 7, log->enterprise_kinds);
	sqlite3_bind_int64(s, 8, log->worker_kinds);
	log->enterprises = enterprises_counted(log);
	sqlite3_bind_int64(s, 9, log->enterprises);
	sqlite3_bind_int64(s, 10, log->workers);
	sqlite3_bind_int64(s, 11, log->households);
	fb_bind_text(s, 12, log->content);
	fb_bind_text(s, 13, log->findings);
	fb_bind_text(s, 14, log->actions);
	fb_bind_text(s, 15, log->next_step);
	snprintf(log->origin, sizeof log->origin, "%s", fb_store_device(st));
	fb_bind_text(s, 16, log->origin);
	log->rev = fb_store_next_rev(st);
	sqlite3_bind_int64(s, 17, log->rev);
	fb_now_iso(log->updated_at);
	fb_bind_text(s, 18, log->updated_at);
}

/* The author's group: a log belongs to the group its author is in. */
static fb_status fill_group(fb_store *st, fb_log *log, fb_error *err)
{
	fb_person p = {0};
	fb_status s = fb_person_get(st, log->author_id, &p, err);
	if (s == FB_OK)
		log->group_id = p.group_id;
	fb_person_free(&p);
	return s;
}

/* The acting person may write log id (0: a new one) as it is stored, and
 * as it will be (its author and group in log). */
static fb_status may_write(fb_store *st, int64_t id, const fb_log *log, fb_error *err)
{
	if (id) {
		sqlite3_stmt *s = fb_store_stmt(st,
		                                "SELECT group_id, author_id FROM logs "
		                                "WHERE id = ?1 AND deleted = 0",
		                                err);
		if (!s)
			return fb_stmt_failed(err);
		sqlite3_bind_int64(s, 1, id);
		int row = fb_store_step(st, s, err);
		fb_perm_on was = {0};
		if (row > 0) {
			was.group_id = sqlite3_column_int64(s, 0);
			was.owner = sqlite3_column_int64(s, 1);
		}
		sqlite3_reset(s);
		if (row < 0)
			return fb_stmt_failed(err);
		if (row == 0)
			return fb_error_set(err, FB_ENOTFOUND, "id", _("no daily log with id %lld"),
			                    (long long)id);
		fb_status rc = fb_perm_check(st, FB_ACT_LOG_WRITE, &was, err);
		if (rc || !log)
			return rc;
	}
	fb_perm_on now = {.group_id = log->group_id, .owner = log->author_id};
	return fb_perm_check(st, FB_ACT_LOG_WRITE, &now, err);
}

fb_status fb_log_insert(fb_store *st, fb_log *log, fb_error *err)
{
	fb_status rc = fb_log_validate(st, log, err);
	if (rc || (rc = fill_group(st, log, err)) || (rc = may_write(st, 0, log, err)))
		return rc;
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "INSERT INTO logs (uuid, group_id, author_id, date, unit, "
	                                "activity, enterprise_kinds, "
	                                "worker_kinds, enterprises, workers, households, content, "
	                                "findings, actions, next_step, "
	                                "origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	                                "?7, ?8, ?9, ?10, ?11, ?12, "
	                                "?13, ?14, ?15, ?16, ?17, ?18)",
	                                err);
	if (!s)
		return err ? err->code : FB_EDB;
	if ((rc = fb_new_uuid(log->uuid, err)) || (rc = fb_store_begin(st, err)))
		return rc;
	bind_log(st, s, log);
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	log->id = sqlite3_last_insert_rowid(fb_store_db(st));
	log->deleted = 0;
	if ((rc = fb_hist_note(st, "logs", log->id, "insert", err))) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_log_update(fb_store *st, fb_log *log, fb_error *err)
{
	fb_status rc = fb_log_validate(st, log, err);
	if (rc || (rc = fill_group(st, log, err)) || (rc = may_write(st, log->id, log, err)))
		return rc;
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"UPDATE logs SET group_id = ?2, author_id = ?3, date = ?4, unit = ?5, activity = "
		"?6, "
		"enterprise_kinds = ?7, worker_kinds = ?8, enterprises = ?9, workers = ?10, "
		"households = ?11, content = ?12, findings = ?13, actions = ?14, next_step = ?15, "
		"origin = ?16, rev = ?17, updated_at = ?18 WHERE id = ?19 AND deleted = 0",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	if ((rc = fb_store_begin(st, err)))
		return rc;
	fb_hist_snap before;
	if ((rc = fb_hist_take(st, "logs", log->id, &before, err))) {
		fb_store_rollback(st);
		if (rc == FB_ENOTFOUND)
			fb_error_set(err, FB_ENOTFOUND, "id", _("no daily log with id %lld"),
			             (long long)log->id);
		return rc;
	}
	bind_log(st, s, log);
	sqlite3_bind_int64(s, 19, log->id);
	rc = fb_step_done(st, s, err);
	if (rc == FB_OK && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no daily log with id %lld"),
		                  (long long)log->id);
	return fb_hist_save_end(st, "logs", &log->id, &before, rc, err);
}

/* The live tickets opened from log id: "12 title; 15 title" into out (at
 * most three named); returns how many there are, -1 on a database error. */
static int tickets_from(fb_store *st, int64_t id, char *out, size_t size, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st,
	                                "SELECT id, title FROM tickets WHERE log_id = ?1 "
	                                "AND deleted = 0 ORDER BY id",
	                                err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, id);
	int n = 0, row;
	size_t len = 0;
	out[0] = '\0';
	while ((row = fb_store_step(st, q, err)) == 1) {
		if (n++ < 3 && len < size)
			len += (size_t)snprintf(out + len, size - len, "%s%lld %s", len ? "; " : "",
			                        (long long)sqlite3_column_int64(q, 0),
			                        (const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_reset(q);
	return row < 0 ? -1 : n;
}

fb_status fb_log_delete(fb_store *st, int64_t id, fb_error *err)
{
	/* A ticket names the log it came from as its evidence: while a live
	 * ticket does, the log stays (delete or re-link the ticket first). */
	char which[256];
	fb_status rc = may_write(st, id, NULL, err);
	if (rc)
		return rc;
	int n = tickets_from(st, id, which, sizeof which, err);
	if (n < 0)
		return fb_stmt_failed(err);
	if (n > 0)
		return fb_error_set(
			err, FB_ESTATE, "id",
			_("daily log %lld cannot be deleted: the ticket(s) %s came from it"),
			(long long)id, which);
	rc = fb_tombstone(st, "logs", id, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "id", _("no daily log with id %lld"), (long long)id);
	return rc;
}

fb_status fb_log_undelete(fb_store *st, int64_t id, fb_error *err)
{
	fb_status rc = fb_record_undelete(st, "logs", id, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "id", _("no deleted daily log with id %lld"), (long long)id);
	return rc;
}

/* Add a warning to out[*n] if there is room. */
static void warn(fb_warning *out, int max, int *n, fb_warning_code code, const char *field,
                 int64_t other, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
static void warn(fb_warning *out, int max, int *n, fb_warning_code code, const char *field,
                 int64_t other, const char *fmt, ...)
{
	if (*n >= max)
		return;
	fb_warning *w = &out[(*n)++];
	memset(w, 0, sizeof *w);
	w->code = code;
	w->other_id = other;
	snprintf(w->field, sizeof w->field, "%s", field);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->msg, sizeof w->msg, fmt, ap);
	va_end(ap);
}

/* The author's stay: from the later of the group's start and their
 * joining, to the group's end ("" for an open end). */
static fb_status author_stay(fb_store *st, int64_t author, char from[11], char to[11], fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(
		st,
		"SELECT coalesce(max(coalesce(g.started_on, ''), coalesce(p.joined_on, '')), ''), "
		"coalesce(g.ends_on, '') FROM people p JOIN work_groups g ON g.id = p.group_id "
		"WHERE p.id = ?1",
		err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, author);
	from[0] = to[0] = '\0';
	int row = fb_store_step(st, q, err);
	if (row > 0) {
		fb_col_copy(q, 0, from, 11);
		fb_col_copy(q, 1, to, 11);
	}
	sqlite3_reset(q);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* Another live log of the same author that says exactly the same: its id,
 * 0 if none, -1 on a database error. */
static int64_t duplicate_of(fb_store *st, const fb_log *log, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(
		st,
		"SELECT id FROM logs WHERE author_id = ?1 AND date = ?2 AND deleted = 0 AND id <> "
		"?3 "
		"AND unit = ?4 AND activity = ?5 AND content = ?6 AND findings = ?7 AND actions = "
		"?8 "
		"AND next_step = ?9 AND enterprises = ?10 AND workers = ?11 AND households = ?12 "
		"AND enterprise_kinds = ?13 AND worker_kinds = ?14 ORDER BY id LIMIT 1",
		err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, log->author_id);
	fb_bind_text(q, 2, log->date);
	sqlite3_bind_int64(q, 3, log->id);
	fb_bind_text(q, 4, log->unit);
	fb_bind_text(q, 5, log->activity);
	fb_bind_text(q, 6, log->content);
	fb_bind_text(q, 7, log->findings);
	fb_bind_text(q, 8, log->actions);
	fb_bind_text(q, 9, log->next_step);
	sqlite3_bind_int64(q, 10, enterprises_counted(log));
	sqlite3_bind_int64(q, 11, log->workers);
	sqlite3_bind_int64(q, 12, log->households);
	sqlite3_bind_int64(q, 13, log->enterprise_kinds);
	sqlite3_bind_int64(q, 14, log->worker_kinds);
	int row = fb_store_step(st, q, err);
	int64_t id = row > 0 ? sqlite3_column_int64(q, 0) : row;
	sqlite3_reset(q);
	return id;
}

int fb_log_warnings(fb_store *st, const fb_log *log, fb_warning *out, int max, fb_error *err)
{
	int n = 0;
	char from[11], to[11];
	if (!log->date || !*log->date)
		return 0;
	if (author_stay(st, log->author_id, from, to, err))
		return -1;
	if (*from && strcmp(log->date, from) < 0)
		warn(out, max, &n, FB_WARN_OUTSIDE_STAY, "date", 0,
		     _("%s is before the author's stay with the group began (%s)"), log->date, from);
	else if (*to && strcmp(log->date, to) > 0)
		warn(out, max, &n, FB_WARN_OUTSIDE_STAY, "date", 0,
		     _("%s is after the group's stay ended (%s)"), log->date, to);
	int64_t dup = duplicate_of(st, log, err);
	if (dup < 0)
		return -1;
	if (dup > 0)
		warn(out, max, &n, FB_WARN_DUPLICATE, "", dup,
		     _("daily log %lld of the same day says exactly the same"), (long long)dup);
	if (enterprises_counted(log) != log->enterprises)
		warn(out, max, &n, FB_WARN_ASSUMED, "enterprises", 0, "%s",
		     _("no number of enterprises was given for a visit to an enterprise: it is "
		       "counted as 1"));
	return n;
}

fb_status fb_log_get(fb_store *st, int64_t id, int include_deleted, fb_log *out, fb_error *err)
{
	fb_status rc;
	sqlite3_stmt *s = fb_store_by_id(
		st,
		"SELECT l.id, l.uuid, l.group_id, l.author_id, l.date, l.unit, l.activity, "
		"l.enterprise_kinds, l.worker_kinds, l.enterprises, l.workers, l.households, "
		"l.content, "
		"l.findings, l.actions, l.next_step, l.origin, l.rev, l.updated_at, l.deleted, "
		"p.name "
		"FROM logs l JOIN people p ON p.id = l.author_id WHERE l.id = ?1",
		id, &rc, err);
	memset(out, 0, sizeof *out);
	if (s && !include_deleted && sqlite3_column_int(s, 19)) {
		sqlite3_reset(s);
		s = NULL;
		rc = FB_ENOTFOUND;
	}
	if (!s)
		return rc == FB_ENOTFOUND
		               ? fb_error_set(err, rc, "id", _("no daily log with id %lld"),
		                              (long long)id)
		               : rc;
	out->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, out->uuid, sizeof out->uuid);
	out->group_id = sqlite3_column_int64(s, 2);
	out->author_id = sqlite3_column_int64(s, 3);
	out->date = fb_col_dup(s, 4);
	out->unit = fb_col_dup(s, 5);
	out->activity = fb_col_dup(s, 6);
	out->enterprise_kinds = (uint32_t)sqlite3_column_int64(s, 7);
	out->worker_kinds = (uint32_t)sqlite3_column_int64(s, 8);
	out->enterprises = sqlite3_column_int64(s, 9);
	out->workers = sqlite3_column_int64(s, 10);
	out->households = sqlite3_column_int64(s, 11);
	out->content = fb_col_dup(s, 12);
	out->findings = fb_col_dup(s, 13);
	out->actions = fb_col_dup(s, 14);
	out->next_step = fb_col_dup(s, 15);
	fb_col_copy(s, 16, out->origin, sizeof out->origin);
	out->rev = sqlite3_column_int64(s, 17);
	fb_col_copy(s, 18, out->updated_at, sizeof out->updated_at);
	out->deleted = sqlite3_column_int(s, 19);
	out->author_name = fb_col_dup(s, 20);
	sqlite3_reset(s);
	return FB_OK;
}

void fb_log_free(fb_log *log)
{
	free(log->date);
	free(log->unit);
	free(log->activity);
	free(log->content);
	free(log->findings);
	free(log->actions);
	free(log->next_step);
	free(log->author_name);
	log->date = log->unit = log->activity = log->content = NULL;
	log->findings = log->actions = log->next_step = log->author_name = NULL;
}

void fb_log_row_cursor(const fb_log_row *row, const fb_log_filter *f, fb_cursor *c)
{
	(void)f;
	snprintf(c->key, sizeof c->key, "%s", row->date);
	c->id = row->id;
}

/* Filters present, as bits: the SQL differs per combination, so each
 * combination is its own cached statement and can use its own index. */
enum { F_FROM = 1, F_TO = 2, F_AUTHOR = 4, F_GROUP = 8, F_ACTIVITY = 16, F_TEXT = 32 };

/* One row of a log list (the SELECT of fb_log_page). */
static void read_row(sqlite3_stmt *s, void *row)
{
	fb_log_row *r = row;
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->date, sizeof r->date);
	fb_col_copy(s, 2, r->author, sizeof r->author);
	fb_col_copy(s, 3, r->unit, sizeof r->unit);
	fb_col_copy(s, 4, r->activity, sizeof r->activity);
	r->enterprises = sqlite3_column_int64(s, 5);
	r->workers = sqlite3_column_int64(s, 6);
	r->households = sqlite3_column_int64(s, 7);
	fb_col_copy(s, 8, r->excerpt, sizeof r->excerpt);
}

int fb_log_page(fb_store *st, const fb_log_filter *f, fb_page_dir dir, const fb_cursor *from,
                fb_log_row *rows, int max, fb_error *err)
{
	static const fb_log_filter none = {0};
	if (!f)
		f = &none;
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[128], order[96], where[1024], sql[2048], textcond[512];
	int reverse, text = f->text && *f->text;
	if (text) /* read the search index in list order (search.h) */
		fb_search_page_sql(f->ascending, dir, cond, sizeof cond, order, sizeof order,
		                   &reverse);
	else
		fb_page_sql("l.date", "l.id", f->ascending, dir, cond, sizeof cond, order,
		            sizeof order, &reverse);
	/* Parameters: ?1 ?2 cursor, ?3 from, ?4 to, ?5 author, ?6 group,
	 * ?7 activity, ?8 text, ?9 limit. */
	snprintf(where, sizeof where, "l.deleted = 0%s%s%s%s%s%s%s%s%s", cond[0] ? " AND " : "",
	         cond, f->date_from ? " AND l.date >= ?3" : "",
	         f->date_to ? " AND l.date <= ?4" : "", f->author_id ? " AND l.author_id = ?5" : "",
	         f->group_id ? " AND l.group_id = ?6" : "",
	         f->activity ? " AND l.activity = ?7" : "", text ? " AND " : "",
	         text ? fb_search_log_match(8, f->date_from ? 3 : 0, f->date_to ? 4 : 0, textcond,
	                                    sizeof textcond)
	              : "");
	snprintf(sql, sizeof sql,
	         "SELECT l.id, l.date, p.name, l.unit, l.activity, l.enterprises, l.workers, "
	         "l.households, substr(l.content, 1, 80) FROM %s JOIN people p ON p.id = "
	         "l.author_id WHERE %s ORDER BY %s LIMIT ?9",
	         text ? fb_search_log_from() : "logs l", where, order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	fb_page_bind_cursor(s, cond, from);
	if (f->date_from)
		sqlite3_bind_text(s, 3, f->date_from, -1, SQLITE_TRANSIENT);
	if (f->date_to)
		sqlite3_bind_text(s, 4, f->date_to, -1, SQLITE_TRANSIENT);
	if (f->author_id)
		sqlite3_bind_int64(s, 5, f->author_id);
	if (f->group_id)
		sqlite3_bind_int64(s, 6, f->group_id);
	if (f->activity)
		sqlite3_bind_text(s, 7, f->activity, -1, SQLITE_TRANSIENT);
	if (text && fb_search_bind(s, 8, f->text, err) != FB_OK)
		return -1;
	return fb_page_run(st, s, 9, rows, sizeof *rows, max, reverse, read_row, err);
}
