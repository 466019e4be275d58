/* group.c - work groups and people. */
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "fieldbook/perm.h"
#include "internal.h"

/* 1 if a live row of table other than id already has this name (within
 * group_id for people), 0 if not, -1 on a database error. */
static int name_taken(fb_store *st, const char *sql, const char *name, int64_t id, int64_t group_id,
                      fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, sql, err);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, id);
	sqlite3_bind_int64(q, 3, group_id);
	int taken = fb_store_step(st, q, err);
	sqlite3_reset(q);
	return taken;
}

/* A row reader: the current row of s into out (strings malloc'd). */
typedef void (*row_read_fn)(sqlite3_stmt *s, void *out);

/* Step s (bound) to its first row and read it into out, zeroed first; s is
 * reset. FB_ENOTFOUND with err untouched when there is none (the caller
 * says what was not found), or the error. */
static fb_status read_first(fb_store *st, sqlite3_stmt *s, void *out, size_t size, row_read_fn read,
                            fb_error *err)
{
	fb_status rc = FB_OK;
	memset(out, 0, size);
	int row = fb_store_step(st, s, err);
	if (row > 0)
		read(s, out);
	else
		rc = row < 0 ? fb_stmt_failed(err) : FB_ENOTFOUND;
	sqlite3_reset(s);
	return rc;
}

/* The record id by sql (?1: the id) into out (zeroed first) with read;
 * FB_ENOTFOUND with err untouched, or the error. */
static fb_status read_by_id(fb_store *st, const char *sql, int64_t id, void *out, size_t size,
                            row_read_fn read, fb_error *err)
{
	fb_status rc;
	memset(out, 0, size);
	sqlite3_stmt *s = fb_store_by_id(st, sql, id, &rc, err);
	if (!s)
		return rc;
	read(s, out);
	sqlite3_reset(s);
	return FB_OK;
}

/* Hand every row of sql (its own statement, not the cache: visit may call
 * back into the store; ?1, if it has one, is p1) to visit after read has
 * read it into row, until visit returns nonzero. visit frees the row. */
static fb_status each_row(fb_store *st, const char *sql, int64_t p1, void *row, row_read_fn read,
                          int (*visit)(void *row, void *ctx), void *ctx, fb_error *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(fb_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return fb_store_dberr(st, err);
	if (sqlite3_bind_parameter_count(s) > 0)
		sqlite3_bind_int64(s, 1, p1);
	int step;
	while ((step = fb_store_step(st, s, err)) == 1) {
		read(s, row);
		if (visit(row, ctx))
			break;
	}
	sqlite3_finalize(s);
	return step < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* The caller's callback of fb_group_each or fb_person_each, for each_row. */
struct each_cb {
	fb_group_cb group;
	fb_person_cb person;
	void *ctx;
};

fb_status fb_group_check(fb_store *st, const fb_group *g, fb_error *err)
{
	fb_status s;
	if ((s = fb_check(st, FB_L_GROUPS_NAME, g->name, err)) ||
	    (s = fb_check(st, FB_L_GROUPS_STATION, g->station, err)) ||
	    (s = fb_check(st, FB_L_GROUPS_STATION_KIND, g->station_kind, err)) ||
	    (s = fb_check(st, FB_L_GROUPS_COUNTY, g->county, err)) ||
	    (s = fb_check(st, FB_L_GROUPS_SUPERVISOR, g->supervisor, err)) ||
	    (s = fb_check(st, FB_L_GROUPS_STARTED_ON, g->started_on, err)) ||
	    (s = fb_check(st, FB_L_GROUPS_ENDS_ON, g->ends_on, err)))
		return s;
	if (g->started_on && *g->started_on && g->ends_on && *g->ends_on &&
	    strcmp(g->started_on, g->ends_on) > 0)
		return fb_error_set(err, FB_EINVAL, "ends_on", _("is before the start of the stay"));
	return FB_OK;
}

fb_status fb_group_validate(fb_store *st, const fb_group *g, fb_error *err)
{
	fb_status s = fb_group_check(st, g, err);
	if (s)
		return s;
	int taken = name_taken(st,
	                       "SELECT 1 FROM work_groups WHERE name = ?1 AND deleted = 0 "
	                       "AND id <> ?2",
	                       g->name, g->id, 0, err);
	if (taken < 0)
		return fb_stmt_failed(err);
	if (taken)
		return fb_error_set(err, FB_EINVAL, "name",
		                    _("a work group named '%s' already exists"), g->name);
	return FB_OK;
}

fb_status fb_group_leader(fb_store *st, int64_t group_id, int64_t *id, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT id FROM people WHERE group_id = ?1 AND role = 'leader' AND deleted = 0 "
		"ORDER BY id LIMIT 1",
		err);
	*id = 0;
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, group_id);
	int row = fb_store_step(st, s, err);
	if (row > 0)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

fb_status fb_check_group_ref(fb_store *st, const char *field, int64_t id, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st, "SELECT deleted FROM work_groups WHERE id = ?1", err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, id);
	int row = fb_store_step(st, q, err), live = row == 1 && !sqlite3_column_int(q, 0);
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!live)
		return fb_error_set(err, FB_EINVAL, field, _("no such group"));
	return FB_OK;
}

/* A person as a reference sees them, cached for the transaction (an
 * import checks the same few authors a million times). */
typedef struct person_ref {
	uint64_t epoch; /* fb_store_cache_epoch when read; 0: empty */
	int64_t id, group_id, rev;
	int deleted, exists;
	char name[64];
} person_ref;
#define PERSON_SLOTS 64

/* Read person id into r (r->exists 0 if there is none); the cache first. */
static fb_status person_ref_read(fb_store *st, int64_t id, person_ref *r, fb_error *err)
{
	uint64_t epoch = fb_store_cache_epoch(st);
	person_ref *slots = fb_store_cache_get(st, FB_CACHE_PEOPLE);
	if (epoch && !slots && (slots = calloc(PERSON_SLOTS, sizeof *slots)))
		fb_store_cache_set(st, FB_CACHE_PEOPLE, slots, free);
	person_ref *slot = epoch && slots ? &slots[(uint64_t)id % PERSON_SLOTS] : NULL;
	if (slot && slot->epoch == epoch && slot->id == id) {
		*r = *slot;
		return FB_OK;
	}
	sqlite3_stmt *q = fb_store_stmt(st,
	                                "SELECT coalesce(group_id, 0), deleted, rev, name "
	                                "FROM people WHERE id = ?1",
	                                err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, id);
	int row = fb_store_step(st, q, err);
	memset(r, 0, sizeof *r);
	r->id = id;
	r->epoch = epoch;
	if ((r->exists = row > 0)) {
		r->group_id = sqlite3_column_int64(q, 0);
		r->deleted = sqlite3_column_int(q, 1);
		r->rev = sqlite3_column_int64(q, 2);
		fb_col_copy(q, 3, r->name, sizeof r->name);
	}
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (slot)
		*slot = *r;
	return FB_OK;
}

fb_status fb_check_person_ref(fb_store *st, const char *field, int64_t id, int64_t rev,
                              int64_t *group_id, int64_t *person_rev, fb_error *err)
{
	if (id <= 0)
		return fb_error_set(err, FB_EINVAL, field, _("is required"));
	person_ref r;
	fb_status rc = person_ref_read(st, id, &r, err);
	if (rc)
		return rc;
	if (!r.exists)
		return fb_error_set(err, FB_EINVAL, field, _("no such person"));
	if (group_id)
		*group_id = r.group_id;
	if (person_rev)
		*person_rev = r.rev;
	int64_t removed_at = r.deleted ? r.rev : 0;
	if (removed_at && rev >= 0 && !(rev > 0 && rev < removed_at))
		return fb_error_set(err, FB_EINVAL, field, _("%s is no longer on the roster"),
		                    r.name);
	return FB_OK;
}

fb_status fb_person_check(fb_store *st, const fb_person *p, fb_error *err)
{
	fb_status s;
	if ((s = fb_check(st, FB_L_PEOPLE_NAME, p->name, err)) ||
	    (s = fb_check(st, FB_L_PEOPLE_ROLE, p->role, err)) ||
	    (s = fb_check(st, FB_L_PEOPLE_UNIT, p->unit, err)) ||
	    (s = fb_check(st, FB_L_PEOPLE_PHONE, p->phone, err)) ||
	    (s = fb_check(st, FB_L_PEOPLE_JOINED_ON, p->joined_on, err)))
		return s;
	if (strcmp(p->role, "hq") && p->group_id <= 0)
		return fb_error_set(err, FB_EINVAL, "group", _("a member or leader needs a group"));
	if (p->group_id <= 0)
		return FB_OK;
	fb_group g = {0};
	if ((s = fb_group_get(st, p->group_id, &g, err)) == FB_ENOTFOUND || (!s && g.deleted)) {
		fb_group_free(&g);
		return fb_error_set(err, FB_EINVAL, "group", _("no such group"));
	}
	int late = !s && p->joined_on && *p->joined_on && g.ends_on && *g.ends_on &&
	           strcmp(p->joined_on, g.ends_on) > 0;
	fb_group_free(&g);
	if (s)
		return s;
	if (late)
		return fb_error_set(err, FB_EINVAL, "joined_on",
		                    _("is after the end of the group's stay"));
	return FB_OK;
}

fb_status fb_person_validate(fb_store *st, const fb_person *p, fb_error *err)
{
	fb_status s = fb_person_check(st, p, err);
	if (s || p->group_id <= 0)
		return s;
	/* Names pick people out in the CLI and in bundles' eyes of the users:
	 * two live people of one group never share a name. */
	int taken = name_taken(st,
	                       "SELECT 1 FROM people WHERE name = ?1 AND deleted = 0 "
	                       "AND id <> ?2 AND group_id = ?3",
	                       p->name, p->id, p->group_id, err);
	if (taken < 0)
		return fb_stmt_failed(err);
	if (taken)
		return fb_error_set(err, FB_EINVAL, "name",
		                    _("the group already has someone named '%s'"), p->name);
	return FB_OK;
}

#define GROUP_COLS                                                                \
	"id, uuid, name, station, station_kind, county, supervisor, started_on, " \
	"ends_on, rev, deleted"

/* Fill g from a row of GROUP_COLS (strings malloc'd: fb_group_free). */
static void read_group(sqlite3_stmt *s, void *out)
{
	fb_group *g = out;
	g->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, g->uuid, sizeof g->uuid);
	g->name = fb_col_dup(s, 2);
	g->station = fb_col_dup(s, 3);
	g->station_kind = fb_col_dup(s, 4);
	g->county = fb_col_dup(s, 5);
	g->supervisor = fb_col_dup(s, 6);
	g->started_on = fb_col_dup(s, 7);
	g->ends_on = fb_col_dup(s, 8);
	g->rev = sqlite3_column_int64(s, 9);
	g->deleted = sqlite3_column_int(s, 10);
}

fb_status fb_group_save(fb_store *st, fb_group *g, fb_error *err)
{
	fb_status rc = fb_group_validate(st, g, err);
	fb_perm_on on = {.group_id = g->id};
	if (rc || (rc = fb_perm_check(st, FB_ACT_GROUP_WRITE, &on, err)))
		return rc;
	sqlite3_stmt *s;
	if (g->id == 0) {
		s = fb_store_stmt(st,
		                  "INSERT INTO work_groups (uuid, name, station, station_kind, "
		                  "county, supervisor, "
		                  "started_on, ends_on, origin, rev, updated_at) "
		                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, ''), nullif(?8, ''), "
		                  "?9, ?10, ?11)",
		                  err);
		if ((rc = fb_new_uuid(g->uuid, err)))
			return rc;
	} else {
		s = fb_store_stmt(
			st,
			"UPDATE work_groups SET name = ?2, station = ?3, station_kind = ?4, county "
			"= ?5, "
			"supervisor = ?6, started_on = nullif(?7, ''), ends_on = nullif(?8, ''), "
			"origin = ?9, rev = ?10, updated_at = ?11 WHERE id = ?12 AND deleted = 0",
			err);
	}
	if (!s)
		return err ? err->code : FB_EDB;
	fb_bind_text(s, 1, g->uuid);
	fb_bind_text(s, 2, g->name);
	fb_bind_text(s, 3, g->station);
	fb_bind_text(s, 4, g->station_kind && *g->station_kind ? g->station_kind : "town");
	fb_bind_text(s, 5, g->county);
	fb_bind_text(s, 6, g->supervisor);
	fb_bind_text(s, 7, g->started_on);
	fb_bind_text(s, 8, g->ends_on);
	g->rev = fb_bind_sync(st, s, 9, 10, 11);
	if (g->id)
		sqlite3_bind_int64(s, 12, g->id);
	if ((rc = fb_store_begin(st, err)))
		return rc;
	rc = fb_step_done(st, s, err);
	if (rc == FB_OK && g->id && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "group", _("no such group"));
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	if (!g->id)
		g->id = sqlite3_last_insert_rowid(fb_store_db(st));
	return fb_store_commit(st, err);
}

fb_status fb_group_get(fb_store *st, int64_t id, fb_group *out, fb_error *err)
{
	fb_status rc = read_by_id(st, "SELECT " GROUP_COLS " FROM work_groups WHERE id = ?1", id,
	                          out, sizeof *out, read_group, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "group", _("no group with id %lld"), (long long)id);
	return rc;
}

fb_status fb_group_find(fb_store *st, const char *name_or_id, fb_group *out, fb_error *err)
{
	char *end;
	long long id = strtoll(name_or_id, &end, 10);
	if (*name_or_id && !*end)
		return fb_group_get(st, id, out, err);
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT " GROUP_COLS
		" FROM work_groups WHERE name = ?1 AND deleted = 0 ORDER BY id LIMIT 1",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, name_or_id, -1, SQLITE_STATIC);
	fb_status rc = read_first(st, s, out, sizeof *out, read_group, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "group", _("no group named '%s'"), name_or_id);
	return rc;
}

static int visit_group(void *row, void *ctx)
{
	const struct each_cb *e = ctx;
	int stop = e->group(row, e->ctx);
	fb_group_free(row);
	return stop;
}

fb_status fb_group_each(fb_store *st, fb_group_cb cb, void *ctx, fb_error *err)
{
	fb_group g;
	struct each_cb e = {.group = cb, .ctx = ctx};
	return each_row(st, "SELECT " GROUP_COLS " FROM work_groups WHERE deleted = 0 ORDER BY id",
	                0, &g, read_group, visit_group, &e, err);
}

void fb_group_free(fb_group *g)
{
	free(g->name);
	free(g->station);
	free(g->station_kind);
	free(g->county);
	free(g->supervisor);
	free(g->started_on);
	free(g->ends_on);
	g->name = g->station = g->station_kind = g->county = g->supervisor = NULL;
	g->started_on = g->ends_on = NULL;
}

#define PERSON_COLS \
	"id, uuid, coalesce(group_id, 0), name, role, unit, phone, rev, deleted, joined_on"

/* Fill p from a row of PERSON_COLS (strings malloc'd: fb_person_free). */
static void read_person(sqlite3_stmt *s, void *out)
{
	fb_person *p = out;
	p->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, p->uuid, sizeof p->uuid);
	p->group_id = sqlite3_column_int64(s, 2);
	p->name = fb_col_dup(s, 3);
	p->role = fb_col_dup(s, 4);
	p->unit = fb_col_dup(s, 5);
	p->phone = fb_col_dup(s, 6);
	p->rev = sqlite3_column_int64(s, 7);
	p->deleted = sqlite3_column_int(s, 8);
	p->joined_on = fb_col_dup(s, 9);
}

/* The acting person may act on person id as stored (role and group): FB_OK,
 * FB_EPERM, FB_ENOTFOUND if there is no live person id. subject2 (may be
 * NULL): the role they will have. */
static fb_status may_change_person(fb_store *st, fb_action action, int64_t id, const char *subject2,
                                   fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	                                "SELECT coalesce(group_id, 0), role FROM people "
	                                "WHERE id = ?1 AND deleted = 0",
	                                err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, id);
	int row = fb_store_step(st, s, err);
	char role[32] = "";
	fb_perm_on on = {.owner = id, .subject = role, .subject2 = subject2};
	if (row > 0) {
		on.group_id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, role, sizeof role);
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (row == 0)
		return fb_error_set(err, FB_ENOTFOUND, "person", _("no person with id %lld"),
		                    (long long)id);
	return fb_perm_check(st, action, &on, err);
}

fb_status fb_person_save(fb_store *st, fb_person *p, fb_error *err)
{
	fb_status rc = fb_person_validate(st, p, err);
	if (rc)
		return rc;
	/* as they are (an edit), and as they will be: their new group, role */
	fb_perm_on will = {.group_id = p->group_id,
	                   .owner = p->id,
	                   .subject = p->role && *p->role ? p->role : "member"};
	if ((p->id && (rc = may_change_person(st, FB_ACT_PERSON_WRITE, p->id, p->role, err))) ||
	    (rc = fb_perm_check(st, FB_ACT_PERSON_WRITE, &will, err)))
		return rc;
	sqlite3_stmt *s;
	if (p->id == 0) {
		s = fb_store_stmt(
			st,
			"INSERT INTO people (uuid, group_id, name, role, unit, phone, origin, rev, "
			"updated_at, "
			"joined_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, nullif(?11, ''))",
			err);
		if ((rc = fb_new_uuid(p->uuid, err)))
			return rc;
	} else {
		s = fb_store_stmt(
			st,
			"UPDATE people SET group_id = ?2, name = ?3, role = ?4, unit = ?5, phone = "
			"?6, "
			"origin = ?7, rev = ?8, updated_at = ?9, joined_on = nullif(?11, '') "
			"WHERE id = ?10 AND deleted = 0",
			err);
	}
	if (!s)
		return err ? err->code : FB_EDB;
	fb_bind_text(s, 1, p->uuid);
	fb_bind_opt_id(s, 2, p->group_id);
	fb_bind_text(s, 3, p->name);
	fb_bind_text(s, 4, p->role);
	fb_bind_text(s, 5, p->unit);
	fb_bind_text(s, 6, p->phone);
	p->rev = fb_bind_sync(st, s, 7, 8, 9);
	if (p->id)
		sqlite3_bind_int64(s, 10, p->id);
	fb_bind_text(s, 11, p->joined_on);
	if ((rc = fb_store_begin(st, err)))
		return rc;
	fb_hist_snap before = {0};
	if (p->id && (rc = fb_hist_take(st, "people", p->id, &before, err))) {
		sqlite3_reset(s);
		fb_store_rollback(st);
		if (rc == FB_ENOTFOUND)
			fb_error_set(err, rc, "person", _("no such person"));
		return rc;
	}
	rc = fb_step_done(st, s, err);
	if (rc == FB_OK && p->id && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "person", _("no such person"));
	if (rc == FB_OK)
		rc = p->id ? fb_hist_changes(st, &before, err)
		           : fb_hist_note(st, "people", sqlite3_last_insert_rowid(fb_store_db(st)),
		                          "insert", err);
	fb_hist_snap_free(&before);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	if (!p->id)
		p->id = fb_store_id_of(st, "people", p->uuid);
	return fb_store_commit(st, err);
}

fb_status fb_person_get(fb_store *st, int64_t id, fb_person *out, fb_error *err)
{
	fb_status rc = read_by_id(st, "SELECT " PERSON_COLS " FROM people WHERE id = ?1", id, out,
	                          sizeof *out, read_person, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "person", _("no person with id %lld"), (long long)id);
	return rc;
}

/* Names compare without ASCII or ideographic spaces: 李　习 is 李习. */
#define BARE(x) "replace(replace(" x ", ' ', ''), '\xE3\x80\x80', '')"

fb_status fb_person_find(fb_store *st, const char *name, int64_t group_id, fb_person *out,
                         fb_error *err)
{
	char *end;
	long long id = strtoll(name, &end, 10);
	if (*name && !*end)
		return fb_person_get(st, id, out, err);
	/* Exact names first, then names that differ only in spaces. */
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT " PERSON_COLS
		", (SELECT group_concat(x.id || ' ' || coalesce(g.name, ''), '; ') "
		"FROM people x LEFT JOIN work_groups g ON g.id = x.group_id WHERE x.deleted = 0 "
		"AND (?2 = 0 OR x.group_id = ?2) AND " BARE("x.name") " = " BARE(
			"?1") ") "
			      "FROM people WHERE deleted = 0 AND (?2 = 0 OR group_id = ?2) "
			      "AND " BARE("name") " = " BARE(
				      "?1") " ORDER BY name <> ?1, id LIMIT 2",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, group_id);
	fb_status rc = FB_OK;
	memset(out, 0, sizeof *out);
	int row = fb_store_step(st, s, err);
	if (row > 0) {
		read_person(s, out);
		char who[256];
		fb_col_copy(s, 10, who, sizeof who);
		if ((row = fb_store_step(st, s, err)) != 0) { /* more than one: say who they are */
			fb_person_free(out);
			memset(out, 0, sizeof *out);
			rc = row < 0 ? fb_stmt_failed(err)
			             : fb_error_set(err, FB_EINVAL, "person",
			                            _("several people are named '%s' (%s): give "
			                              "the number "
			                              "instead"),
			                            name, who);
		}
	} else if (row < 0) {
		rc = fb_stmt_failed(err);
	} else {
		rc = fb_error_set(err, FB_ENOTFOUND, "person", _("no one named '%s'"), name);
	}
	sqlite3_reset(s);
	return rc;
}

fb_status fb_person_delete(fb_store *st, int64_t id, fb_error *err)
{
	fb_status rc = may_change_person(st, FB_ACT_PERSON_DELETE, id, NULL, err);
	if (rc)
		return rc;
	rc = fb_tombstone(st, "people", id, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "person", _("no person with id %lld"), (long long)id);
	return rc;
}

fb_status fb_person_undelete(fb_store *st, int64_t id, fb_error *err)
{
	fb_status rc = fb_record_undelete(st, "people", id, err);
	if (rc == FB_ENOTFOUND)
		fb_error_set(err, rc, "person", _("no removed person with id %lld"), (long long)id);
	return rc;
}

static int visit_person(void *row, void *ctx)
{
	const struct each_cb *e = ctx;
	int stop = e->person(row, e->ctx);
	fb_person_free(row);
	return stop;
}

fb_status fb_person_each(fb_store *st, int64_t group_id, fb_person_cb cb, void *ctx, fb_error *err)
{
	fb_person p;
	struct each_cb e = {.person = cb, .ctx = ctx};
	return each_row(st,
	                "SELECT " PERSON_COLS
	                " FROM people WHERE deleted = 0 AND (?1 = 0 OR group_id = ?1) "
	                "ORDER BY group_id, CASE role WHEN 'leader' THEN 0 WHEN 'member' "
	                "THEN 1 ELSE 2 END, id",
	                group_id, &p, read_person, visit_person, &e, err);
}

void fb_person_free(fb_person *p)
{
	free(p->name);
	free(p->role);
	free(p->unit);
	free(p->phone);
	free(p->joined_on);
	p->name = p->role = p->unit = p->phone = p->joined_on = NULL;
}
