/* worker.c - workers met (worker.h): resident ID checks, masks, one record
 * per person met. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/perm.h"
#include "fieldbook/seal.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
#include "fieldbook/worker.h"
#include "internal.h"

fb_status fb_id_number_check(const char *id, fb_error *err)
{
	size_t n = strlen(id);
	if (n != 18 && n != 15)
		return fb_error_set(
			err, FB_EINVAL, "id_number",
			_("a resident ID number has 18 characters (or the old 15 digits), "
		          "not %zu"),
			fb_utf8_chars(id));
	for (size_t i = 0; i < n; i++) {
		int last = i == 17;
		if (!(id[i] >= '0' && id[i] <= '9') && !(last && (id[i] == 'X' || id[i] == 'x')))
			return last ? fb_error_set(err, FB_EINVAL, "id_number",
			                           _("the last character must be a digit or X"))
			            : fb_error_set(err, FB_EINVAL, "id_number",
			                           _("character %zu must be a digit"), i + 1);
	}
	fb_date birth;
	const char *b = id + 6;
	if (n == 18)
		birth.y = (b[0] - '0') * 1000 + (b[1] - '0') * 100 + (b[2] - '0') * 10 + (b[3] - '0'),
		b += 4;
	else
		birth.y = 1900 + (b[0] - '0') * 10 + (b[1] - '0'), b += 2;
	birth.m = (b[0] - '0') * 10 + (b[1] - '0');
	birth.d = (b[2] - '0') * 10 + (b[3] - '0');
	fb_date today = fb_today();
	if (!fb_date_valid(birth) || birth.y < 1900 ||
	    fb_date_to_days(birth) > fb_date_to_days(today))
		return fb_error_set(
			err, FB_EINVAL, "id_number",
			_("the date of birth in it (characters 7-%d) is not a real date"),
			n == 18 ? 14 : 12);
	if (n == 18) {
		static const int weight[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
		static const char check[] = "10X98765432";
		int sum = 0;
		for (int i = 0; i < 17; i++)
			sum += (id[i] - '0') * weight[i];
		char want = check[sum % 11], got = id[17] == 'x' ? 'X' : id[17];
		if (want != got)
			return fb_error_set(
				err, FB_EINVAL, "id_number",
				_("the check digit (the last character) should be %c, not %c: "
			          "a digit was mistyped"),
				want, got);
	}
	return FB_OK;
}

/* Keep the first `head` and the last `tail` bytes (ASCII), stars between. */
static char *mask(const char *s, size_t head, size_t tail, char *out, size_t size)
{
	size_t n = s ? strlen(s) : 0, len = 0;
	if (!size)
		return out;
	for (size_t i = 0; i < n && len + 1 < size; i++)
		out[len++] = (i < head || i >= n - tail) ? s[i] : '*';
	out[len] = '\0';
	return out;
}

char *fb_mask_phone(const char *phone, char *out, size_t size)
{
	size_t n = phone ? strlen(phone) : 0;
	if (n >= 11)
		return mask(phone, 3, 4, out, size);
	return mask(phone, 0, n > 2 ? 2 : 0, out, size);
}

char *fb_mask_id(const char *id, char *out, size_t size)
{
	size_t n = id ? strlen(id) : 0;
	return mask(id, n >= 8 ? 4 : 0, n >= 8 ? 4 : 0, out, size);
}

fb_status fb_worker_validate(fb_store *st, const fb_worker *w, fb_error *err)
{
	fb_status s;
	if ((s = fb_check(st, FB_L_WORKERS_NAME, w->name, err)) ||
	    (s = fb_check(st, FB_L_WORKERS_PHONE, w->phone, err)) ||
	    (s = fb_check(st, FB_L_WORKERS_ID_NUMBER, w->id_number, err)) ||
	    (s = fb_check_num(st, FB_L_WORKERS_WORKER_KINDS, w->worker_kinds, err)) ||
	    (s = fb_check(st, FB_L_WORKERS_RAISED, w->raised, err)))
		return s;
	if (w->id_number && *w->id_number && (s = fb_id_number_check(w->id_number, err)))
		return s;
	if (w->group_id <= 0)
		return fb_error_set(err, FB_EINVAL, "group", _("is required"));
	if ((s = fb_check_group_ref(st, "group", w->group_id, err)))
		return s;
	if (w->unit_id > 0) {
		int64_t group; /* 0: no such unit */
		if ((s = fb_store_int_by_id(
			     st, "SELECT group_id FROM units WHERE id = ?1 AND deleted = 0 AND merged_into IS NULL",
			     w->unit_id, &group, err)))
			return s;
		if (group != w->group_id)
			return fb_error_set(err, FB_EINVAL, "unit",
			                    _("no unit with id %lld in the group"),
			                    (long long)w->unit_id);
	}
	return FB_OK;
}

/* The live worker of the group (not self) who is this person: the same ID
 * number, phone, or name at the same unit. Its id into *other (0: none),
 * the field that matched into *field. */
static fb_status find_same(fb_store *st, const fb_worker *w, int64_t *other, const char **field,
                           fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT id, CASE WHEN ?3 <> '' AND id_number = ?3 THEN 'id_number' "
		"WHEN ?4 <> '' AND phone = ?4 THEN 'phone' ELSE 'name' END FROM workers "
		"WHERE group_id = ?1 AND deleted = 0 AND id <> ?2 AND ((?3 <> '' AND id_number = "
		"?3) "
		"OR (?4 <> '' AND phone = ?4) OR (name = ?5 AND coalesce(unit_id, 0) = ?6)) "
		"ORDER BY id LIMIT 1",
		err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, w->group_id);
	sqlite3_bind_int64(s, 2, w->id);
	fb_bind_text(s, 3, w->id_number);
	fb_bind_text(s, 4, w->phone);
	fb_bind_text(s, 5, w->name);
	sqlite3_bind_int64(s, 6, w->unit_id);
	*other = 0;
	*field = "name";
	int row = fb_store_step(st, s, err);
	if (row > 0) {
		*other = sqlite3_column_int64(s, 0);
		const char *f = (const char *)sqlite3_column_text(s, 1);
		*field = f && !strcmp(f, "id_number") ? "id_number"
		         : f && !strcmp(f, "phone")   ? "phone"
		                                      : "name";
	}
	sqlite3_reset(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

static fb_status write_worker(fb_store *st, fb_worker *w, const fb_worker *sealed, int distinct,
                              int64_t *other, fb_error *err);

fb_status fb_worker_save(fb_store *st, fb_worker *w, int distinct, int64_t *other, fb_error *err)
{
	if (other)
		*other = 0;
	if (w->id_number && strlen(w->id_number) == 18 && w->id_number[17] == 'x') /* length first */
		w->id_number[17] = 'X';
	fb_status rc = fb_worker_validate(st, w, err);
	fb_perm_on on = {.group_id = w->group_id};
	if (rc || (rc = fb_perm_check(st, FB_ACT_LEDGER_WRITE, &on, err)) ||
	    (w->id && (rc = fb_perm_check_row(st, FB_ACT_LEDGER_WRITE, "workers", w->id, err)) &&
	     rc != FB_ENOTFOUND))
		return rc;
	/* what is stored: the personal fields sealed (seal.h); equal values
	 * seal equal, so find_same compares them as they are */
	fb_worker sealed = *w;
	sealed.name = sealed.phone = sealed.id_number = sealed.raised = NULL;
	if ((rc = fb_seal_text(st, "workers.name", "name", w->name, &sealed.name, err)) ||
	    (rc = fb_seal_text(st, "workers.phone", "phone", w->phone, &sealed.phone, err)) ||
	    (rc = fb_seal_text(st, "workers.id_number", "id_number", w->id_number,
	                       &sealed.id_number, err)) ||
	    (rc = fb_seal_text(st, "workers.raised", "raised", w->raised, &sealed.raised, err))) {
		fb_worker_free(&sealed);
		return rc;
	}
	rc = write_worker(st, w, &sealed, distinct, other, err);
	fb_worker_free(&sealed);
	return rc;
}

/* The save's writing, the personal fields of sealed as stored. */
static fb_status write_worker(fb_store *st, fb_worker *w, const fb_worker *sealed, int distinct,
                              int64_t *other, fb_error *err)
{
	fb_status rc = FB_OK;
	if (!distinct) {
		int64_t same;
		const char *field;
		if ((rc = find_same(st, sealed, &same, &field, err)))
			return rc;
		if (same) {
			if (other)
				*other = same;
			return fb_error_set(
				err, FB_EINVAL, field,
				_("is the same as worker %lld already in the ledger: a worker "
			          "met again is the same record"),
				(long long)same);
		}
	}
	sqlite3_stmt *s;
	if (w->id)
		s = fb_store_stmt(
			st,
			"UPDATE workers SET unit_id = ?2, name = ?3, phone = ?4, id_number = ?5, "
			"worker_kinds = ?6, raised = ?7, origin = ?8, rev = ?9, updated_at = ?10 "
			"WHERE id = ?11 AND group_id = ?12 AND deleted = 0",
			err);
	else
		s = fb_store_stmt(st,
		                  "INSERT INTO workers (uuid, unit_id, name, phone, id_number, "
		                  "worker_kinds, raised, "
		                  "origin, rev, updated_at, group_id) VALUES (?1, ?2, ?3, ?4, ?5, "
		                  "?6, ?7, ?8, ?9, ?10, "
		                  "?12)",
		                  err);
	if (!s)
		return fb_stmt_failed(err);
	if ((!w->id && (rc = fb_new_uuid(w->uuid, err))) || (rc = fb_store_begin(st, err)))
		return rc;
	char now[21];
	w->rev = fb_store_next_rev(st);
	if (!w->id)
		fb_bind_text(s, 1, w->uuid);
	fb_bind_opt_id(s, 2, w->unit_id);
	fb_bind_text(s, 3, sealed->name);
	fb_bind_text(s, 4, sealed->phone);
	fb_bind_text(s, 5, sealed->id_number);
	sqlite3_bind_int64(s, 6, w->worker_kinds);
	fb_bind_text(s, 7, sealed->raised);
	fb_bind_text(s, 8, fb_store_device(st));
	sqlite3_bind_int64(s, 9, w->rev);
	sqlite3_bind_text(s, 10, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	if (w->id)
		sqlite3_bind_int64(s, 11, w->id);
	sqlite3_bind_int64(s, 12, w->group_id);
	rc = fb_step_done(st, s, err);
	if (rc == FB_OK && w->id && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no worker with id %lld in the group"),
		                  (long long)w->id);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	if (!w->id)
		w->id = sqlite3_last_insert_rowid(fb_store_db(st));
	return fb_store_commit(st, err);
}

fb_status fb_worker_get(fb_store *st, int64_t id, fb_worker *out, fb_error *err)
{
	fb_status rc;
	sqlite3_stmt *s = fb_store_by_id(st,
	                                 "SELECT id, uuid, group_id, coalesce(unit_id, 0), name, "
	                                 "phone, id_number, worker_kinds, "
	                                 "raised, rev FROM workers WHERE id = ?1 AND deleted = 0",
	                                 id, &rc, err);
	memset(out, 0, sizeof *out);
	if (!s)
		return rc == FB_ENOTFOUND ? fb_error_set(err, rc, "id", _("no worker with id %lld"),
		                                         (long long)id)
		                          : rc;
	rc = FB_OK;
	out->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, out->uuid, sizeof out->uuid);
	out->group_id = sqlite3_column_int64(s, 2);
	out->unit_id = sqlite3_column_int64(s, 3);
	out->name = fb_col_dup(s, 4);
	out->phone = fb_col_dup(s, 5);
	out->id_number = fb_col_dup(s, 6);
	out->worker_kinds = (uint32_t)sqlite3_column_int64(s, 7);
	out->raised = fb_col_dup(s, 8);
	out->rev = sqlite3_column_int64(s, 9);
	if (!out->name || !out->phone || !out->id_number || !out->raised ||
	    fb_seal_reveal_field(st, "workers.name", &out->name, err) ||
	    fb_seal_reveal_field(st, "workers.phone", &out->phone, err) ||
	    fb_seal_reveal_field(st, "workers.id_number", &out->id_number, err) ||
	    fb_seal_reveal_field(st, "workers.raised", &out->raised, err))
		rc = fb_error_set(err, FB_ENOMEM, "", _("out of memory"));
	sqlite3_reset(s);
	if (rc)
		fb_worker_free(out);
	return rc;
}

void fb_worker_free(fb_worker *w)
{
	char **f[] = {&w->name, &w->phone, &w->id_number, &w->raised};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

fb_status fb_worker_delete(fb_store *st, int64_t id, fb_error *err)
{
	fb_status rc = fb_perm_check_row(st, FB_ACT_LEDGER_WRITE, "workers", id, err);
	if (rc && rc != FB_ENOTFOUND)
		return rc;
	int64_t n;
	if ((rc = fb_store_int_by_id(
		     st, "SELECT count(*) FROM log_workers WHERE worker_id = ?1 AND deleted = 0",
		     id, &n, err)))
		return rc;
	if (n > 0)
		return fb_error_set(
			err, FB_ESTATE, "id",
			_("worker %lld was met in %lld daily logs: the logs keep the record"),
			(long long)id, (long long)n);
	rc = fb_tombstone(st, "workers", id, err);
	if (rc == FB_ENOTFOUND)
		return fb_error_set(err, FB_ENOTFOUND, "id", _("no worker with id %lld"),
		                    (long long)id);
	return rc;
}

/* One row of a worker list; the phone masked. */
static void read_row(sqlite3_stmt *s, void *row)
{
	fb_worker_row *r = row;
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->name, sizeof r->name);
	const char *phone = (const char *)sqlite3_column_text(s, 2);
	if (phone && !strcmp(phone, fb_seal_placeholder())) /* sealed: as it is */
		fb_col_copy(s, 2, r->phone, sizeof r->phone);
	else
		fb_mask_phone(phone, r->phone, sizeof r->phone);
	fb_col_copy(s, 3, r->unit, sizeof r->unit);
	r->worker_kinds = (uint32_t)sqlite3_column_int64(s, 4);
	r->visits = sqlite3_column_int64(s, 5);
	fb_col_copy(s, 6, r->last_visit, sizeof r->last_visit);
}

int fb_worker_page(fb_store *st, const fb_worker_filter *f, fb_page_dir dir, const fb_cursor *from,
                   fb_worker_row *rows, int max, fb_error *err)
{
	static const fb_worker_filter none = {0};
	if (!f)
		f = &none;
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[128], order[96], sql[1536];
	int reverse;
	/* newest first: the key is constant, the id orders */
	fb_page_sql("''", "w.id", 0, dir, cond, sizeof cond, order, sizeof order, &reverse);
	/* ?1 ?2 cursor, ?3 group, ?4 unit, ?5 text, ?6 limit */
	snprintf(sql, sizeof sql,
	         "SELECT w.id, coalesce(fb_open('workers.name', w.name), ?7), "
	         "coalesce(fb_open('workers.phone', w.phone), ?7), coalesce(u.name, ''), "
	         "w.worker_kinds, "
	         "(SELECT count(*) FROM log_workers v WHERE v.worker_id = w.id AND v.deleted = 0), "
	         "coalesce((SELECT max(v.date) FROM log_workers v WHERE v.worker_id = w.id AND "
	         "v.deleted = 0), '') FROM workers w LEFT JOIN units u ON u.id = w.unit_id "
	         "WHERE w.deleted = 0%s%s%s%s%s ORDER BY %s LIMIT ?6",
	         cond[0] ? " AND " : "", cond, f->group_id ? " AND w.group_id = ?3" : "",
	         f->unit_id ? " AND w.unit_id = ?4" : "",
	         f->text && *f->text ? " AND instr(fb_open('workers.name', w.name), ?5) > 0" : "",
	         order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	fb_page_bind_cursor(s, cond, from);
	if (f->group_id)
		sqlite3_bind_int64(s, 3, f->group_id);
	if (f->unit_id)
		sqlite3_bind_int64(s, 4, f->unit_id);
	if (f->text && *f->text)
		sqlite3_bind_text(s, 5, f->text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 7, fb_seal_placeholder(), -1, SQLITE_TRANSIENT);
	return fb_page_run(st, s, 6, rows, sizeof *rows, max, reverse, read_row, err);
}

void fb_worker_row_cursor(const fb_worker_row *row, fb_cursor *c)
{
	c->key[0] = '\0';
	c->id = row->id;
}
