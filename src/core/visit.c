/* visit.c - the links between daily logs and the units and workers they
 * covered (visit.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/perm.h"
#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/seal.h"
#include "fieldbook/unit.h"
#include "fieldbook/visit.h"
#include "internal.h"

fb_status fb_visit_validate(fb_store *st, const fb_visit_row *r, fb_error *err)
{
	fb_status rc;
	if (!r->is_worker && (rc = fb_check(st, FB_L_LINKS_MODE, r->mode, err)))
		return rc;
	if (r->deleted)
		return FB_OK;
	if (r->log_id <= 0)
		return fb_error_set(err, FB_EINVAL, "log", _("is required"));
	if (r->target_id <= 0)
		return fb_error_set(err, FB_EINVAL, r->is_worker ? "worker" : "unit",
		                    _("is required"));
	return FB_OK;
}

/* The group of live log id into *group; FB_EINVAL naming "log" if none,
 * FB_EPERM if the person signed in may not write that log. */
static fb_status log_group(fb_store *st, int64_t id, int64_t *group, fb_error *err)
{
	sqlite3_stmt *s =
		fb_store_stmt(st, "SELECT group_id FROM logs WHERE id = ?1 AND deleted = 0", err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, id);
	int row = fb_store_step(st, s, err);
	*group = row > 0 ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return fb_error_set(err, FB_EINVAL, "log", _("no daily log with id %lld"),
		                    (long long)id);
	/* linking is writing the log: its author, their leader, HQ */
	return fb_perm_check_row(st, FB_ACT_LOG_WRITE, "logs", id, err);
}

/* The live record id of table (units: the unit it was merged into) of
 * group; FB_EINVAL naming field if there is none in the group. */
static fb_status target_of(fb_store *st, const char *sql, const char *field, int64_t id,
                           int64_t group, int64_t *out, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, id);
	int row = fb_store_step(st, s, err);
	int64_t g = row > 0 ? sqlite3_column_int64(s, 0) : 0;
	*out = row > 0 ? sqlite3_column_int64(s, 1) : 0;
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row || g != group)
		return fb_error_set(err, FB_EINVAL, field,
		                    !strcmp(field, "unit")
		                            ? _("no unit with id %lld in the log's group")
		                            : _("no worker with id %lld in the log's group"),
		                    (long long)id);
	return FB_OK;
}

/* Insert a link, or (a live pair already there) set its mode: sql_find
 * finds the live pair (?1 log, ?2 target), sql_mode sets ?3 on row ?1,
 * sql_add inserts (?1 uuid ?2 log ?3 target ?4 mode ?5 origin ?6 rev ?7 now). */
static fb_status link(fb_store *st, const char *sql_find, const char *sql_mode, const char *sql_add,
                      int64_t log_id, int64_t target, const char *mode, fb_error *err)
{
	sqlite3_stmt *f = fb_store_stmt(st, sql_find, err);
	if (!f)
		return fb_stmt_failed(err);
	fb_status rc = fb_store_begin(st, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(f, 1, log_id);
	sqlite3_bind_int64(f, 2, target);
	int row = fb_store_step(st, f, err);
	int64_t have = row > 0 ? sqlite3_column_int64(f, 0) : 0;
	sqlite3_reset(f);
	char now[21], uuid[37] = "";
	fb_now_iso(now);
	if (row < 0) {
		rc = fb_stmt_failed(err);
	} else if (have && sql_mode) {
		sqlite3_stmt *m = fb_store_stmt(st, sql_mode, err);
		if (!m) {
			rc = fb_stmt_failed(err);
		} else {
			sqlite3_bind_int64(m, 1, have);
			fb_bind_text(m, 3, mode);
			fb_bind_text(m, 5, fb_store_device(st));
			sqlite3_bind_int64(m, 6, fb_store_next_rev(st));
			sqlite3_bind_text(m, 7, now, -1, SQLITE_TRANSIENT);
			rc = fb_step_done(st, m, err);
		}
	} else if (!have) {
		sqlite3_stmt *a = fb_store_stmt(st, sql_add, err);
		if (!a)
			rc = fb_stmt_failed(err);
		else if (!(rc = fb_new_uuid(uuid, err))) {
			fb_bind_text(a, 1, uuid);
			sqlite3_bind_int64(a, 2, log_id);
			sqlite3_bind_int64(a, 3, target);
			if (mode)
				fb_bind_text(a, 4, mode);
			fb_bind_text(a, 5, fb_store_device(st));
			sqlite3_bind_int64(a, 6, fb_store_next_rev(st));
			sqlite3_bind_text(a, 7, now, -1, SQLITE_TRANSIENT);
			rc = fb_step_done(st, a, err);
		}
	}
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_visit_add_unit(fb_store *st, int64_t log_id, int64_t unit_id, const char *mode,
                            fb_error *err)
{
	if (!mode || !*mode)
		mode = "on_site";
	int64_t group, target;
	fb_status rc;
	if ((rc = fb_check(st, FB_L_LINKS_MODE, mode, err)) ||
	    (rc = log_group(st, log_id, &group, err)) ||
	    (rc = target_of(st,
	                    "SELECT group_id, coalesce(merged_into, id) FROM units "
	                    "WHERE id = ?1 AND deleted = 0",
	                    "unit", unit_id, group, &target, err)))
		return rc;
	return link(st,
	            "SELECT id FROM log_units WHERE log_id = ?1 AND unit_id = ?2 AND deleted = 0 "
	            "ORDER BY id LIMIT 1",
	            "UPDATE log_units SET mode = ?3, origin = ?5, rev = ?6, updated_at = ?7 "
	            "WHERE id = ?1 AND mode <> ?3",
	            "INSERT INTO log_units (uuid, log_id, unit_id, mode, origin, rev, updated_at) "
	            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	            log_id, target, mode, err);
}

fb_status fb_visit_add_worker(fb_store *st, int64_t log_id, int64_t worker_id, fb_error *err)
{
	int64_t group, target;
	fb_status rc;
	if ((rc = log_group(st, log_id, &group, err)) ||
	    (rc = target_of(st, "SELECT group_id, id FROM workers WHERE id = ?1 AND deleted = 0",
	                    "worker", worker_id, group, &target, err)))
		return rc;
	return link(
		st,
		"SELECT id FROM log_workers WHERE log_id = ?1 AND worker_id = ?2 AND deleted = 0 "
		"ORDER BY id LIMIT 1",
		NULL,
		"INSERT INTO log_workers (uuid, log_id, worker_id, origin, rev, updated_at) "
		"VALUES (?1, ?2, ?3, ?5, ?6, ?7)",
		log_id, target, NULL, err);
}

/* Tombstone the live links of a pair (sql: ?1 log ?2 target ?3 origin
 * ?4 rev ?5 now); FB_ENOTFOUND naming field if there was none. */
static fb_status unlink(fb_store *st, const char *sql, const char *field, int64_t log_id,
                        int64_t target, fb_error *err)
{
	fb_status rc = fb_perm_check_row(st, FB_ACT_LOG_WRITE, "logs", log_id, err);
	if (rc && rc != FB_ENOTFOUND)
		return rc;
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return fb_stmt_failed(err);
	char now[21];
	rc = fb_store_begin(st, err);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, log_id);
	sqlite3_bind_int64(s, 2, target);
	fb_bind_text(s, 3, fb_store_device(st));
	sqlite3_bind_int64(s, 4, fb_store_next_rev(st));
	sqlite3_bind_text(s, 5, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	rc = fb_step_done(st, s, err);
	if (rc == FB_OK && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, field,
		                  _("the daily log %lld has no link to %lld"), (long long)log_id,
		                  (long long)target);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_visit_remove_unit(fb_store *st, int64_t log_id, int64_t unit_id, fb_error *err)
{
	return unlink(st,
	              "UPDATE log_units SET deleted = 1, origin = ?3, rev = ?4, updated_at = ?5 "
	              "WHERE log_id = ?1 AND unit_id = ?2 AND deleted = 0",
	              "unit", log_id, unit_id, err);
}

fb_status fb_visit_remove_worker(fb_store *st, int64_t log_id, int64_t worker_id, fb_error *err)
{
	return unlink(st,
	              "UPDATE log_workers SET deleted = 1, origin = ?3, rev = ?4, updated_at = ?5 "
	              "WHERE log_id = ?1 AND worker_id = ?2 AND deleted = 0",
	              "worker", log_id, worker_id, err);
}

fb_status fb_visit_each(fb_store *st, int64_t log_id, fb_visit_cb cb, void *ctx, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT 0, u.id, u.name, min(v.mode) FROM log_units v JOIN units u ON u.id = "
		"v.unit_id "
		"WHERE v.log_id = ?1 AND v.deleted = 0 GROUP BY u.id "
		"UNION ALL SELECT 1, w.id, coalesce(fb_open('workers.name', w.name), ?2), '' "
		"FROM log_workers v "
		"JOIN workers w ON w.id = v.worker_id WHERE v.log_id = ?1 AND v.deleted = 0 "
		"GROUP BY w.id ORDER BY 1, 3, 2",
		err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, log_id);
	sqlite3_bind_text(s, 2, fb_seal_placeholder(), -1, SQLITE_TRANSIENT); /* seal.h */
	int row;
	while ((row = fb_store_step(st, s, err)) > 0) {
		fb_visit_link l = {sqlite3_column_int64(s, 1),
		                   (const char *)sqlite3_column_text(s, 2),
		                   (const char *)sqlite3_column_text(s, 3), sqlite3_column_int(s, 0)};
		if (!l.name)
			l.name = "";
		if (!l.mode)
			l.mode = "";
		if (cb(&l, ctx))
			break;
	}
	sqlite3_reset(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* name's key, malloc'd (caller frees); NULL out of memory. */
static char *key_of(const char *name)
{
	size_t n = strlen(name) * 4 + 8;
	char *key = malloc(n);
	return key ? fb_unit_name_key(name, key, n) : NULL;
}

/* The id of the first row of s after binding (0 if none) into *id. */
static fb_status first_id(fb_store *st, sqlite3_stmt *s, int64_t *id, fb_error *err)
{
	int row = fb_store_step(st, s, err);
	*id = row > 0 ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

fb_status fb_visit_link_named(fb_store *st, int64_t log_id, const char *text, int64_t unit_id,
                              const char *before, int *added, fb_error *err)
{
	*added = 0;
	if (!text || !text[0])
		return FB_OK;
	int64_t group;
	fb_status rc = log_group(st, log_id, &group, err);
	if (rc)
		return rc;
	char *key = unit_id ? NULL : key_of(text);
	if (!unit_id && !key)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	if (!unit_id) {
		sqlite3_stmt *s =
			fb_store_stmt(st,
		                      "SELECT id FROM units WHERE group_id = ?1 AND name_key "
		                      "= ?2 AND deleted = 0 AND merged_into IS NULL "
		                      "ORDER BY id LIMIT 1",
		                      err);
		if (!s) {
			free(key);
			return fb_stmt_failed(err);
		}
		sqlite3_bind_int64(s, 1, group);
		fb_bind_text(s, 2, key);
		rc = first_id(st, s, &unit_id, err);
	}
	free(key);
	if (!rc && !unit_id) {
		fb_unit u = {.group_id = group, .name = (char *)text};
		snprintf(u.kind, sizeof u.kind, "%s", "enterprise");
		snprintf(u.has_union, sizeof u.has_union, "%s", "unknown");
		/* distinct: units with a near name were there to be chosen */
		if (!(rc = fb_unit_save(st, &u, 1, NULL, err))) {
			unit_id = u.id;
			*added = 1;
		}
	}
	if (!rc && before && before[0]) {
		char *old = key_of(before);
		if (!old)
			return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		sqlite3_stmt *s = fb_store_stmt(
			st,
			"SELECT l.unit_id FROM log_units l JOIN units u ON u.id = l.unit_id WHERE "
			"l.log_id = ?1 AND l.deleted = 0 AND u.name_key = ?2 AND l.unit_id <> ?3 "
			"LIMIT 1",
			err);
		int64_t stale = 0;
		if (!s) {
			rc = fb_stmt_failed(err);
		} else {
			sqlite3_bind_int64(s, 1, log_id);
			fb_bind_text(s, 2, old);
			sqlite3_bind_int64(s, 3, unit_id);
			rc = first_id(st, s, &stale, err);
		}
		free(old);
		if (!rc && stale)
			rc = fb_visit_remove_unit(st, log_id, stale, err);
	}
	return rc ? rc : fb_visit_add_unit(st, log_id, unit_id, NULL, err);
}
