/* conflict.c - conflicts settled by people (conflict.h): the list with
 * each record as a person knows it, both versions side by side, and the
 * settlement (keep, or take the other version as a new revision that
 * travels). Driven by the bundle's table description (tables.c), the same
 * that writes a conflict's losing version as JSON (import_version.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conflict.h"
#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/encode.h"
#include "fieldbook/i18n.h"
#include "fieldbook/seal.h"
#include "fieldbook/perm.h"
#include "fieldbook/text.h"
#include "sqlstore.h"
#include "sync.h"
#include "sync_internal.h"
#include "tables.h"

static const fb_sync_table *table_of(const char *name)
{
	for (int i = 0; i < fb_sync_ntables; i++)
		if (!strcmp(fb_sync_tables[i].name, name))
			return &fb_sync_tables[i];
	return NULL;
}

/* Three texts that name a record of each table (static SQL, ?1 the uuid). */
static const struct {
	const char *table, *sql;
} record_sql[] = {
	{"tickets", "SELECT t.title, g.name, t.opened_on FROM tickets t LEFT JOIN work_groups g"
                    " ON g.id = t.group_id WHERE t.uuid = ?1"},
	{"logs", "SELECT l.date, p.name, l.unit FROM logs l LEFT JOIN people p"
                 " ON p.id = l.author_id WHERE l.uuid = ?1"},
	{"people", "SELECT p.name, g.name, '' FROM people p LEFT JOIN work_groups g"
                   " ON g.id = p.group_id WHERE p.uuid = ?1"},
	{"work_groups", "SELECT name, station, '' FROM work_groups WHERE uuid = ?1"},
	{"reports", "SELECT r.period_label, g.name, r.kind FROM reports r LEFT JOIN work_groups g"
                    " ON g.id = r.group_id WHERE r.uuid = ?1"},
	{"contacts", "SELECT name, org, met_on FROM contacts WHERE uuid = ?1"},
	{"targets", "SELECT note, metric, period FROM targets WHERE uuid = ?1"},
};

char *fb_sync_record_words(fb_store *st, const char *table, const char *uuid, char *out, size_t size)
{
	char raw[512];
	size_t off = (size_t)snprintf(raw, sizeof raw, "%s", fb_sync_table_label(table));
	int found = 0;
	for (size_t i = 0; i < sizeof record_sql / sizeof record_sql[0]; i++) {
		if (strcmp(record_sql[i].table, table))
			continue;
		sqlite3_stmt *s = fb_store_stmt(st, record_sql[i].sql, NULL);
		if (!s)
			break;
		sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
		if (fb_store_step(st, s, NULL) == 1) {
			found = 1;
			for (int k = 0; k < 3 && off < sizeof raw; k++) {
				const char *v = (const char *)sqlite3_column_text(s, k);
				if (v && *v)
					off += (size_t)snprintf(raw + off, sizeof raw - off,
					                        k ? " · %s" : " %s", v);
			}
		}
		sqlite3_reset(s);
		break;
	}
	if (!found && off < sizeof raw)
		snprintf(raw + off, sizeof raw - off, " %s", uuid);
	return fb_text_visible(raw, 0, out, size);
}

static const struct {
	const char *csv, *label;
} column_labels[] = {
	{"name", N_("Name")},
	{"station", N_("Station")},
	{"station_kind", N_("Kind of station")},
	{"county", N_("County/district")},
	{"supervisor", N_("Supervising leader")},
	{"started_on", N_("Stay starts on")},
	{"ends_on", N_("Stay ends on")},
	{"group_uuid", N_("Work group")},
	{"role", N_("Role")},
	{"unit", N_("Unit")},
	{"phone", N_("Phone")},
	{"joined_on", N_("Joined on")},
	{"author_uuid", N_("Author")},
	{"date", N_("Date")},
	{"activity", N_("Activity")},
	{"enterprise_kinds", N_("Kinds of enterprise")},
	{"worker_kinds", N_("Kinds of worker")},
	{"enterprises", N_("Enterprises (count)")},
	{"workers", N_("Workers (count)")},
	{"households", N_("Households (count)")},
	{"content", N_("Content")},
	{"findings", N_("Problems found")},
	{"actions", N_("What was done")},
	{"next_step", N_("Next step")},
	{"kind", N_("Kind")},
	{"org", N_("Organisation")},
	{"id_number", N_("ID number")},
	{"note", N_("Note")},
	{"met_on", N_("Met on")},
	{"title", N_("Title")},
	{"description", N_("Description")},
	{"raised_by", N_("Raised by")},
	{"category", N_("Category")},
	{"routing", N_("Routing")},
	{"status", N_("Status")},
	{"opened_on", N_("Opened")},
	{"due_on", N_("Due")},
	{"owner_uuid", N_("Owner")},
	{"opened_by_uuid", N_("Opened by")},
	{"log_uuid", N_("Daily log")},
	{"deleted", N_("Deleted")},
	{"value", N_("Target")},
	{"work_done", N_("Work done")},
	{"research", N_("Research")},
	{"problems", N_("Problems")},
	{"next_plan", N_("Next plan")},
};

const char *fb_sync_column_label(const char *csv)
{
	for (size_t i = 0; i < sizeof column_labels / sizeof column_labels[0]; i++)
		if (!strcmp(column_labels[i].csv, csv))
			return _(column_labels[i].label);
	return csv;
}

static void read_row(sqlite3_stmt *s, void *row)
{
	fb_conflict_row *r = row;
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	snprintf(r->table, sizeof r->table, "%s", (const char *)sqlite3_column_text(s, 1));
	snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(s, 2));
	snprintf(r->detected_at, sizeof r->detected_at, "%s",
	         (const char *)sqlite3_column_text(s, 3));
	r->resolved = sqlite3_column_int(s, 4);
	snprintf(r->choice, sizeof r->choice, "%s", (const char *)sqlite3_column_text(s, 5));
	fb_text_visible((const char *)sqlite3_column_text(s, 6), 0, r->settled_by,
	                sizeof r->settled_by);
	snprintf(r->settled_at, sizeof r->settled_at, "%s", (const char *)sqlite3_column_text(s, 7));
}

#define CONFLICT_COLS                                                                            \
	"c.id, c.table_name, c.uuid, c.detected_at, c.resolved, c.choice, coalesce(p.name, '')," \
	" coalesce(c.settled_at, '')"

/* The page runner of the core is private to it: the same keyset here. */
int fb_conflict_page(fb_store *st, int open_only, fb_page_dir dir, const fb_cursor *from,
                     fb_conflict_row *rows, int max, fb_error *err)
{
	if (max > FB_PAGE_MAX)
		max = FB_PAGE_MAX;
	if (max <= 0)
		return 0;
	if ((dir == FB_PAGE_NEXT || dir == FB_PAGE_PREV || dir == FB_PAGE_AT) && !from)
		return fb_error_set(err, FB_EINVAL, "cursor", _("a page needs a cursor")), -1;
	/* newest first: (detected_at, id) descending */
	static const char *const where[] = {
		[FB_PAGE_FIRST] = "1",
		[FB_PAGE_LAST] = "1",
		[FB_PAGE_NEXT] = "(c.detected_at, c.id) < (?1, ?2)",
		[FB_PAGE_PREV] = "(c.detected_at, c.id) > (?1, ?2)",
		[FB_PAGE_AT] = "(c.detected_at, c.id) <= (?1, ?2)",
	};
	int reverse = dir == FB_PAGE_LAST || dir == FB_PAGE_PREV;
	char sql[768];
	snprintf(sql, sizeof sql,
	         "SELECT " CONFLICT_COLS " FROM sync_conflicts c LEFT JOIN people p"
	         " ON p.id = c.settled_by WHERE (?3 = 0 OR c.resolved = 0) AND %s"
	         " ORDER BY c.detected_at %s, c.id %s LIMIT ?4",
	         where[dir], reverse ? "ASC" : "DESC", reverse ? "ASC" : "DESC");
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	if (from && dir != FB_PAGE_FIRST && dir != FB_PAGE_LAST) {
		sqlite3_bind_text(s, 1, from->key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, from->id);
	}
	sqlite3_bind_int(s, 3, open_only);
	sqlite3_bind_int(s, 4, max);
	int n = 0, rc;
	while (n < max && (rc = fb_store_step(st, s, err)) == 1)
		read_row(s, &rows[n++]);
	sqlite3_reset(s);
	if (n < max && rc < 0)
		return -1;
	for (int i = 0, j = n - 1; reverse && i < j; i++, j--) {
		fb_conflict_row t = rows[i];
		rows[i] = rows[j], rows[j] = t;
	}
	for (int i = 0; i < n; i++)
		fb_sync_record_words(st, rows[i].table, rows[i].uuid, rows[i].record,
		                     sizeof rows[i].record);
	return n;
}

void fb_conflict_row_cursor(const fb_conflict_row *row, fb_cursor *c)
{
	snprintf(c->key, sizeof c->key, "%s", row->detected_at);
	c->id = row->id;
}

int fb_conflict_open_for(fb_store *st, const char *uuid, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st, "SELECT 1 FROM sync_conflicts WHERE uuid = ?1 AND resolved = 0 LIMIT 1", err);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	int rc = fb_store_step(st, s, err);
	sqlite3_reset(s);
	return rc;
}

/* Who made a version: this database, or the group (or HQ) whose bundles
 * came from the device. */
static void who(fb_store *st, const char *origin, char *out, size_t size)
{
	char dev[FB_DEVICE_LABEL_SIZE];
	if (!strcmp(origin, fb_store_device(st))) {
		snprintf(out, size, "%s", _("this database"));
		return;
	}
	fb_device_label(origin, dev);
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT i.source_group, coalesce(g.name, '') FROM sync_imports i LEFT JOIN"
		" work_groups g ON g.uuid = i.source_group WHERE i.source_device = ?1"
		" ORDER BY i.id DESC LIMIT 1",
		NULL);
	int rc = 0;
	if (s) {
		sqlite3_bind_text(s, 1, origin, -1, SQLITE_TRANSIENT);
		rc = fb_store_step(st, s, NULL);
	}
	if (rc == 1) {
		const char *g = (const char *)sqlite3_column_text(s, 0);
		const char *name = (const char *)sqlite3_column_text(s, 1);
		char vis[160];
		fb_text_visible(g && *g ? name : _("headquarters"), 0, vis, sizeof vis);
		snprintf(out, size, _("%s (device %s)"), vis, dev);
	} else {
		snprintf(out, size, _("device %s"), dev);
	}
	if (s)
		sqlite3_reset(s);
}

/* A value as a person reads it: references by name, codes by label. */
static char *shown(fb_store *st, const fb_sync_table *t, const fb_sync_col *c, const char *v)
{
	char buf[512];
	if (!v)
		v = "";
	if (c->flags & F_SEALED) { /* personal data: opened when the key is held (seal.h) */
		snprintf(buf, sizeof buf, "%s.%s", t->name, c->db);
		return fb_seal_reveal(st, buf, v);
	}
	if (c->kind == C_REF && *v && strcmp(c->ref, "logs") && strcmp(c->ref, "tickets")) {
		snprintf(buf, sizeof buf, "SELECT name FROM %s WHERE uuid = ?1", c->ref);
		sqlite3_stmt *s = fb_store_stmt(st, buf, NULL);
		if (s) {
			sqlite3_bind_text(s, 1, v, -1, SQLITE_TRANSIENT);
			int rc = fb_store_step(st, s, NULL);
			snprintf(buf, sizeof buf, "%s",
			         rc == 1 ? (const char *)sqlite3_column_text(s, 0) : v);
			sqlite3_reset(s);
			return strdup(buf);
		}
	}
	if (c->kind == C_REF && *v) {
		fb_sync_record_words(st, c->ref, v, buf, sizeof buf);
		return strdup(buf);
	}
	if (c->kind == C_CAT && *v)
		return strdup(fb_category_label(st, c->ref, v));
	if (c->kind == C_DELETED)
		return strdup(strcmp(v, "1") ? _("no") : _("deleted"));
	return strdup(v);
}

/* The JSON path of a column: $."name". */
static void path_of(const fb_sync_col *c, char *out, size_t size)
{
	snprintf(out, size, "$.\"%s\"", c->csv);
}

/* The conflict's own row: table, uuid, lost version, its origin. */
static fb_status read_conflict(fb_store *st, int64_t id, fb_conflict_row *r, char **lost,
                               char *lost_origin, size_t osize, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT " CONFLICT_COLS ", c.lost_row, c.lost_origin FROM sync_conflicts c"
		" LEFT JOIN people p ON p.id = c.settled_by WHERE c.id = ?1",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_int64(s, 1, id);
	int rc = fb_store_step(st, s, err);
	if (rc == 1) {
		read_row(s, r);
		*lost = strdup((const char *)sqlite3_column_text(s, 8));
		snprintf(lost_origin, osize, "%s", (const char *)sqlite3_column_text(s, 9));
	}
	sqlite3_reset(s);
	if (rc < 0)
		return err ? err->code : FB_EDB;
	if (rc == 0)
		return fb_error_set(err, FB_ENOTFOUND, "conflict", _("no conflict %lld"),
		                    (long long)id);
	if (!*lost)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	fb_sync_record_words(st, r->table, r->uuid, r->record, sizeof r->record);
	return FB_OK;
}

/* The other version's value of column c (from the JSON), malloc'd; NULL
 * for a JSON null. */
static char *json_value(fb_store *st, const char *json, const fb_sync_col *c)
{
	char path[96];
	path_of(c, path, sizeof path);
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT json_extract(?1, ?2)", NULL);
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, json, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_TRANSIENT);
	char *v = NULL;
	if (fb_store_step(st, s, NULL) == 1 && sqlite3_column_type(s, 0) != SQLITE_NULL)
		v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	return v;
}

fb_status fb_conflict_get(fb_store *st, int64_t id, fb_conflict_detail *d, fb_error *err)
{
	char *lost = NULL, lost_origin[65] = "", sql[2048];
	memset(d, 0, sizeof *d);
	fb_status rc = read_conflict(st, id, &d->row, &lost, lost_origin, sizeof lost_origin, err);
	const fb_sync_table *t = rc ? NULL : table_of(d->row.table);
	if (rc == FB_OK && !t)
		rc = fb_error_set(err, FB_EINVAL, "conflict",
		                  _("conflict %lld is about an unknown "
		                    "table"),
		                  (long long)id);
	if (rc) {
		free(lost);
		return rc;
	}
	fb_sync_select_sql(t, "WHERE t.uuid = ?1", 0, sql, sizeof sql);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s) {
		free(lost);
		return err ? err->code : FB_EDB;
	}
	sqlite3_bind_text(s, 1, d->row.uuid, -1, SQLITE_TRANSIENT);
	int step = fb_store_step(st, s, err);
	d->present = step == 1;
	char *cur[FB_CONFLICT_MAX_FIELDS] = {0};
	for (int j = 0; d->present && j < t->ncols && j < FB_CONFLICT_MAX_FIELDS; j++) {
		const char *v = (const char *)sqlite3_column_text(s, j);
		cur[j] = strdup(v ? v : "");
	}
	sqlite3_reset(s);
	if (step < 0) {
		free(lost);
		return err ? err->code : FB_EDB;
	}
	snprintf(d->other_by, sizeof d->other_by, "%s", "");
	who(st, lost_origin, d->other_by, sizeof d->other_by);
	for (int j = 0; j < t->ncols && j < FB_CONFLICT_MAX_FIELDS; j++) {
		const fb_sync_col *c = &t->cols[j];
		char *other = json_value(st, lost, c);
		if (c->kind == C_ORIGIN && cur[j])
			who(st, cur[j], d->in_force_by, sizeof d->in_force_by);
		if (c->kind == C_UPDATED) {
			snprintf(d->in_force_at, sizeof d->in_force_at, "%s", cur[j] ? cur[j] : "");
			snprintf(d->other_at, sizeof d->other_at, "%s", other ? other : "");
		}
		if (c->kind != C_UUID && c->kind != C_ORIGIN && c->kind != C_REV &&
		    c->kind != C_UPDATED) {
			fb_conflict_field *f = &d->f[d->nfields++];
			f->column = c->csv;
			f->in_force = shown(st, t, c, cur[j]);
			f->other = shown(st, t, c, other);
			f->differs = strcmp(cur[j] ? cur[j] : "", other ? other : "") != 0;
		}
		free(other);
		free(cur[j]);
	}
	free(lost);
	return FB_OK;
}

void fb_conflict_detail_free(fb_conflict_detail *d)
{
	for (int i = 0; i < d->nfields; i++)
		free(d->f[i].in_force), free(d->f[i].other);
	d->nfields = 0;
}

/* The version in force as JSON (as import_version.c writes a loser):
 * ?1 the uuid. */
static void current_json_sql(const fb_sync_table *t, char *sql, size_t size)
{
	size_t n = (size_t)snprintf(sql, size, "SELECT json_object(");
	for (int j = 0; j < t->ncols && n < size; j++) {
		const fb_sync_col *c = &t->cols[j];
		if (c->kind == C_REF)
			n += (size_t)snprintf(sql + n, size - n,
			                      "%s'%s', (SELECT uuid FROM %s WHERE id = t.%s)",
			                      j ? ", " : "", c->csv, c->ref, c->db);
		else
			n += (size_t)snprintf(sql + n, size - n, "%s'%s', t.%s", j ? ", " : "",
			                      c->csv, c->db);
	}
	if (n < size)
		snprintf(sql + n, size - n, "), t.rev, t.origin FROM %s t WHERE t.uuid = ?1",
		         t->name);
}

/* The other version written over the record as a new revision made here:
 * ?1 the JSON, ?2 rev, ?3 origin, ?4 updated_at, ?5 the uuid. A column the
 * JSON lacks keeps its value (optional ones may be null). */
static void take_sql(const fb_sync_table *t, char *sql, size_t size)
{
	size_t n = (size_t)snprintf(sql, size, "UPDATE %s SET ", t->name);
	for (int j = 0; j < t->ncols && n < size; j++) {
		const fb_sync_col *c = &t->cols[j];
		char path[96];
		if (c->kind == C_UUID || c->kind == C_ORIGIN || c->kind == C_REV ||
		    c->kind == C_UPDATED)
			continue;
		path_of(c, path, sizeof path);
		if (c->kind == C_REF)
			n += (size_t)snprintf(sql + n, size - n,
			                      "%s = coalesce((SELECT id FROM %s WHERE uuid ="
			                      " json_extract(?1, '%s')), %s), ",
			                      c->db, c->ref, path, c->flags & F_OPT ? "NULL" : c->db);
		else if (c->flags & F_OPT)
			n += (size_t)snprintf(sql + n, size - n, "%s = json_extract(?1, '%s'), ",
			                      c->db, path);
		else
			n += (size_t)snprintf(sql + n, size - n,
			                      "%s = coalesce(json_extract(?1, '%s'), %s), ", c->db,
			                      path, c->db);
	}
	if (n < size)
		snprintf(sql + n, size - n, "rev = ?2, origin = ?3, updated_at = ?4 WHERE uuid = ?5");
}

/* Take the other version: the record becomes it (a new revision), and
 * the conflict keeps the version it replaced. */
static fb_status take(fb_store *st, const fb_sync_table *t, int64_t id, const char *uuid,
                      const char *lost, fb_error *err)
{
	char sql[4096], now[21];
	current_json_sql(t, sql, sizeof sql);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	int rc = fb_store_step(st, s, err);
	char *was = rc == 1 ? strdup((const char *)sqlite3_column_text(s, 0)) : NULL;
	int64_t was_rev = rc == 1 ? sqlite3_column_int64(s, 1) : 0;
	char was_origin[65] = "";
	if (rc == 1)
		snprintf(was_origin, sizeof was_origin, "%s",
		         (const char *)sqlite3_column_text(s, 2));
	sqlite3_reset(s);
	if (rc < 0)
		return err ? err->code : FB_EDB;
	if (rc == 0)
		return fb_error_set(err, FB_ENOTFOUND, "conflict",
		                    _("the record of this conflict is not in this database"));
	if (!was)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	int64_t rev = fb_store_next_rev(st);
	take_sql(t, sql, sizeof sql);
	fb_status r = FB_OK;
	if (!(s = fb_store_stmt(st, sql, err))) {
		r = err ? err->code : FB_EDB;
	} else {
		sqlite3_bind_text(s, 1, lost, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, rev);
		sqlite3_bind_text(s, 3, fb_store_device(st), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 4, fb_now_iso(now), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 5, uuid, -1, SQLITE_TRANSIENT);
		if (fb_store_step(st, s, err) < 0)
			r = err ? err->code : FB_EDB;
		sqlite3_reset(s);
	}
	if (r == FB_OK &&
	    (s = fb_store_stmt(st,
	                       "UPDATE sync_conflicts SET lost_row = ?1, lost_rev = ?2,"
	                       " lost_origin = ?3, kept_rev = ?4 WHERE id = ?5",
	                       err))) {
		sqlite3_bind_text(s, 1, was, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 2, was_rev);
		sqlite3_bind_text(s, 3, was_origin, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 4, rev);
		sqlite3_bind_int64(s, 5, id);
		if (fb_store_step(st, s, err) < 0)
			r = err ? err->code : FB_EDB;
		sqlite3_reset(s);
	} else if (r == FB_OK) {
		r = err ? err->code : FB_EDB;
	}
	free(was);
	return r;
}

fb_status fb_conflict_settle(fb_store *st, int64_t id, fb_conflict_choice choice, int64_t by,
                             fb_error *err)
{
	fb_conflict_row row;
	char *lost = NULL, lost_origin[65], now[21];
	fb_status rc = fb_store_begin(st, err);
	if (rc)
		return rc;
	rc = read_conflict(st, id, &row, &lost, lost_origin, sizeof lost_origin, err);
	const fb_sync_table *t = rc ? NULL : table_of(row.table);
	if (rc == FB_OK && row.resolved)
		rc = fb_error_set(err, FB_EINVAL, "conflict", _("conflict %lld was settled before"),
		                  (long long)id);
	else if (rc == FB_OK && !t)
		rc = fb_error_set(err, FB_EINVAL, "conflict",
		                  _("conflict %lld is about an unknown table"), (long long)id);
	if (rc == FB_OK) /* the record's group's leader, or HQ */
		rc = fb_perm_check_uuid(st, FB_ACT_CONFLICT_SETTLE, row.table, row.uuid, err);
	if (rc == FB_OK && choice == FB_CONFLICT_TAKE)
		rc = take(st, t, id, row.uuid, lost, err);
	sqlite3_stmt *s = NULL;
	if (rc == FB_OK &&
	    !(s = fb_store_stmt(st,
	                        "UPDATE sync_conflicts SET resolved = 1, choice = ?1,"
	                        " settled_by = ?2, settled_at = ?3 WHERE id = ?4",
	                        err)))
		rc = err ? err->code : FB_EDB;
	if (rc == FB_OK) {
		sqlite3_bind_text(s, 1, choice == FB_CONFLICT_TAKE ? "taken" : "kept", -1,
		                  SQLITE_STATIC);
		if (by > 0)
			sqlite3_bind_int64(s, 2, by);
		sqlite3_bind_text(s, 3, fb_now_iso(now), -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(s, 4, id);
		if (fb_store_step(st, s, err) < 0)
			rc = err ? err->code : FB_EDB;
		sqlite3_reset(s);
	}
	free(lost);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}
