/* log.c - daily logs: validation, writes (each in a transaction) and the
 * keyset-paged list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "fieldbook/log.h"
#include "fieldbook/search.h"
#include "fieldbook/text.h"
#include "internal.h"

/* The widest masks the categories allow (8 kinds each today), worked out
 * once per connection (slot: FB_MEMO_*): only migrations change
 * categories, and an import checks every log it brings. */
static uint32_t kinds_mask(fb_store *st, int slot, const char *kind)
{
	int *known;
	int64_t *memo = fb_store_memo(st, slot, &known);
	if (*known)
		return (uint32_t)*memo;
	fb_category cats[32];
	int n = fb_category_list(st, kind, cats, 32);
	uint32_t m = 0;
	for (int i = 0; i < n; i++)
		if (cats[i].bit >= 0 && cats[i].bit < 32)
			m |= 1u << cats[i].bit;
	*memo = m;
	*known = n > 0; /* none read (an error?): ask again next time */
	return m;
}

fb_status fb_log_validate(fb_store *st, const fb_log *log, fb_error *err)
{
	fb_status s;
	if (log->author_id <= 0)
		return fb_error_set(err, FB_EINVAL, "author", _("is required"));
	/* the author's group and tombstone only: an import checks every log */
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT coalesce(group_id, 0), deleted FROM people "
	                                    "WHERE id = ?1", err);
	if (!q)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(q, 1, log->author_id);
	int found = fb_store_step(st, q, err);
	int live = found == 1 && !sqlite3_column_int(q, 1);
	int has_group = found == 1 && sqlite3_column_int64(q, 0) > 0;
	sqlite3_reset(q);
	if (found < 0)
		return err ? err->code : FB_EDB;
	if (!live)
		return fb_error_set(err, FB_EINVAL, "author", _("no such person"));
	if (!has_group)
		return fb_error_set(err, FB_EINVAL, "author", _("belongs to no work group"));
	if ((s = fb_check_date("date", log->date, 1, 1, err)) ||
	    (s = fb_check_text("unit", log->unit, 1, 1, 100, err)) ||
	    (s = fb_check_category(st, FB_CAT_ACTIVITY, "activity", log->activity, 1, err)))
		return s;
	if (log->enterprise_kinds & ~kinds_mask(st, FB_MEMO_ENTERPRISE_KINDS, FB_CAT_ENTERPRISE))
		return fb_error_set(err, FB_EINVAL, "enterprise_kinds", _("has an unknown kind"));
	if (log->worker_kinds & ~kinds_mask(st, FB_MEMO_WORKER_KINDS, FB_CAT_WORKER))
		return fb_error_set(err, FB_EINVAL, "worker_kinds", _("has an unknown kind"));
	if ((s = fb_check_range("enterprises", log->enterprises, 1000, err)) ||
	    (s = fb_check_range("workers", log->workers, 10000, err)) ||
	    (s = fb_check_range("households", log->households, 1000, err)) ||
	    (s = fb_check_text("content", log->content, 1, 0, FB_TEXT_MAX_CHARS, err)) ||
	    (s = fb_check_text("findings", log->findings, 0, 0, FB_TEXT_MAX_CHARS, err)) ||
	    (s = fb_check_text("actions", log->actions, 0, 0, FB_TEXT_MAX_CHARS, err)) ||
	    (s = fb_check_text("next_step", log->next_step, 0, 0, FB_TEXT_MAX_CHARS, err)))
		return s;
	return FB_OK;
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
	sqlite3_bind_int(s, 9, log->enterprises);
	sqlite3_bind_int(s, 10, log->workers);
	sqlite3_bind_int(s, 11, log->households);
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

fb_status fb_log_insert(fb_store *st, fb_log *log, fb_error *err)
{
	fb_status rc = fb_log_validate(st, log, err);
	if (rc || (rc = fill_group(st, log, err)))
		return rc;
	sqlite3_stmt *s = fb_store_stmt(st,
	    "INSERT INTO logs (uuid, group_id, author_id, date, unit, activity, enterprise_kinds, "
	    "worker_kinds, enterprises, workers, households, content, findings, actions, next_step, "
	    "origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	    "?13, ?14, ?15, ?16, ?17, ?18)", err);
	if (!s)
		return err ? err->code : FB_EDB;
	if (!log->uuid[0])
		fb_uuid_random(log->uuid);
	if ((rc = fb_store_begin(st, err)))
		return rc;
	bind_log(st, s, log);
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	log->id = sqlite3_last_insert_rowid(fb_store_db(st));
	log->deleted = 0;
	return fb_store_commit(st, err);
}

fb_status fb_log_update(fb_store *st, fb_log *log, fb_error *err)
{
	fb_status rc = fb_log_validate(st, log, err);
	if (rc || (rc = fill_group(st, log, err)))
		return rc;
	sqlite3_stmt *s = fb_store_stmt(st,
	    "UPDATE logs SET group_id = ?2, author_id = ?3, date = ?4, unit = ?5, activity = ?6, "
	    "enterprise_kinds = ?7, worker_kinds = ?8, enterprises = ?9, workers = ?10, "
	    "households = ?11, content = ?12, findings = ?13, actions = ?14, next_step = ?15, "
	    "origin = ?16, rev = ?17, updated_at = ?18 WHERE id = ?19 AND deleted = 0", err);
	if (!s)
		return err ? err->code : FB_EDB;
	if ((rc = fb_store_begin(st, err)))
		return rc;
	bind_log(st, s, log);
	sqlite3_bind_int64(s, 19, log->id);
	rc = fb_step_done(st, s, err);
	if (rc == FB_OK && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no daily log with id %lld"),
		                  (long long)log->id);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_log_delete(fb_store *st, int64_t id, fb_error *err)
{
	fb_status rc = fb_tombstone(st, "logs", id, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "id", _("no daily log with id %lld"), (long long)id);
	return rc;
}

fb_status fb_log_get(fb_store *st, int64_t id, int include_deleted, fb_log *out, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	    "SELECT l.id, l.uuid, l.group_id, l.author_id, l.date, l.unit, l.activity, "
	    "l.enterprise_kinds, l.worker_kinds, l.enterprises, l.workers, l.households, l.content, "
	    "l.findings, l.actions, l.next_step, l.origin, l.rev, l.updated_at, l.deleted, p.name "
	    "FROM logs l JOIN people p ON p.id = l.author_id WHERE l.id = ?1", err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, id);
	memset(out, 0, sizeof *out);
	fb_status rc = FB_OK;
	if (sqlite3_step(s) == SQLITE_ROW && (include_deleted || !sqlite3_column_int(s, 19))) {
		out->id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, out->uuid, sizeof out->uuid);
		out->group_id = sqlite3_column_int64(s, 2);
		out->author_id = sqlite3_column_int64(s, 3);
		out->date = fb_col_dup(s, 4);
		out->unit = fb_col_dup(s, 5);
		out->activity = fb_col_dup(s, 6);
		out->enterprise_kinds = (uint32_t)sqlite3_column_int64(s, 7);
		out->worker_kinds = (uint32_t)sqlite3_column_int64(s, 8);
		out->enterprises = sqlite3_column_int(s, 9);
		out->workers = sqlite3_column_int(s, 10);
		out->households = sqlite3_column_int(s, 11);
		out->content = fb_col_dup(s, 12);
		out->findings = fb_col_dup(s, 13);
		out->actions = fb_col_dup(s, 14);
		out->next_step = fb_col_dup(s, 15);
		fb_col_copy(s, 16, out->origin, sizeof out->origin);
		out->rev = sqlite3_column_int64(s, 17);
		fb_col_copy(s, 18, out->updated_at, sizeof out->updated_at);
		out->deleted = sqlite3_column_int(s, 19);
		out->author_name = fb_col_dup(s, 20);
	} else {
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no daily log with id %lld"), (long long)id);
	}
	sqlite3_reset(s);
	return rc;
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

int fb_log_page(fb_store *st, const fb_log_filter *f, fb_page_dir dir, const fb_cursor *from,
                fb_log_row *rows, int max, fb_error *err)
{
	static const fb_log_filter none = {0};
	if (!f)
		f = &none;
	if (max > FB_PAGE_MAX)
		max = FB_PAGE_MAX;
	if (max <= 0)
		return 0;
	if ((dir == FB_PAGE_NEXT || dir == FB_PAGE_PREV || dir == FB_PAGE_AT) && !from) {
		fb_error_set(err, FB_EINVAL, "cursor", _("a page needs a cursor"));
		return -1;
	}
	char cond[128], order[96], where[1024], sql[2048], textcond[512];
	int reverse, text = f->text && *f->text;
	if (text) /* read the search index in list order (search.h) */
		fb_search_page_sql(f->ascending, dir, cond, sizeof cond, order, sizeof order, &reverse);
	else
		fb_page_sql("l.date", "l.id", f->ascending, dir, cond, sizeof cond, order, sizeof order,
		            &reverse);
	/* Parameters: ?1 ?2 cursor, ?3 from, ?4 to, ?5 author, ?6 group,
	 * ?7 activity, ?8 text, ?9 limit. */
	snprintf(where, sizeof where, "l.deleted = 0%s%s%s%s%s%s%s%s%s",
	         cond[0] ? " AND " : "", cond,
	         f->date_from ? " AND l.date >= ?3" : "", f->date_to ? " AND l.date <= ?4" : "",
	         f->author_id ? " AND l.author_id = ?5" : "", f->group_id ? " AND l.group_id = ?6" : "",
	         f->activity ? " AND l.activity = ?7" : "",
	         text ? " AND " : "", text ? fb_search_log_match(8, f->date_from ? 3 : 0, f->date_to ? 4 : 0, textcond,
	                                          sizeof textcond) : "");
	snprintf(sql, sizeof sql,
	         "SELECT l.id, l.date, p.name, l.unit, l.activity, l.enterprises, l.workers, "
	         "l.households, substr(l.content, 1, 80) FROM %s JOIN people p ON p.id = "
	         "l.author_id WHERE %s ORDER BY %s LIMIT ?9",
	         text ? fb_search_log_from() : "logs l", where, order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	if (cond[0]) {
		sqlite3_bind_text(s, 1, from->key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, from->id);
	}
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
	sqlite3_bind_int(s, 9, max);
	int n = 0, rc;
	while (n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		fb_log_row *r = &rows[n++];
		r->id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, r->date, sizeof r->date);
		fb_col_copy(s, 2, r->author, sizeof r->author);
		fb_col_copy(s, 3, r->unit, sizeof r->unit);
		fb_col_copy(s, 4, r->activity, sizeof r->activity);
		r->enterprises = sqlite3_column_int(s, 5);
		r->workers = sqlite3_column_int(s, 6);
		r->households = sqlite3_column_int(s, 7);
		fb_col_copy(s, 8, r->excerpt, sizeof r->excerpt);
	}
	if (n < max && rc != SQLITE_DONE) {
		fb_store_dberr(st, err);
		sqlite3_reset(s);
		return -1;
	}
	sqlite3_reset(s);
	if (reverse) {
		for (int i = 0, j = n - 1; i < j; i++, j--) {
			fb_log_row t = rows[i];
			rows[i] = rows[j];
			rows[j] = t;
		}
	}
	return n;
}
