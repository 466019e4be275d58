/* point.c - contact points, research topics and leader-county pairings
 * (point.h): validation against the limits table, permissions through
 * perm.c, every change in the history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "fieldbook/perm.h"
#include "fieldbook/point.h"
#include "fieldbook/seal.h"
#include "internal.h"

/* The group of live unit id into *group (0: no such unit). */
static fb_status unit_group(fb_store *st, int64_t id, int64_t *group, fb_error *err)
{
	return fb_store_int_by_id(st, "SELECT group_id FROM units WHERE id = ?1 AND deleted = 0",
	                          id, group, err);
}

/* Person id is a live person of role hq: 1, 0, -1 on an error. */
static int is_hq_person(fb_store *st, int64_t id, fb_error *err)
{
	int64_t hq;
	if (fb_store_int_by_id(st, "SELECT role = 'hq' FROM people WHERE id = ?1 AND deleted = 0",
	                       id, &hq, err))
		return -1;
	return hq != 0;
}

static fb_status need_hq_person(fb_store *st, const char *field, int64_t id, fb_error *err)
{
	int hq = is_hq_person(st, id, err);
	if (hq < 0)
		return fb_stmt_failed(err);
	if (!hq)
		return fb_error_set(err, FB_EINVAL, field, _("no headquarters person with id %lld"),
		                    (long long)id);
	return FB_OK;
}

/* Unit id is a live unit: FB_OK, or FB_EINVAL naming "unit". */
static fb_status need_unit(fb_store *st, int64_t id, fb_error *err)
{
	int64_t group = 0;
	fb_status rc = unit_group(st, id, &group, err);
	if (rc)
		return rc;
	if (group <= 0)
		return fb_error_set(err, FB_EINVAL, "unit", _("no unit with id %lld"), (long long)id);
	return FB_OK;
}

/* Open the save of a record of table, q taking at ?1 the id of an edited
 * record or the uuid of a new one: fb_hist_save_begin, then ?1 bound. */
static fb_status save_open(fb_store *st, sqlite3_stmt *q, const char *table, int64_t id,
                           char uuid[37], fb_hist_snap *before, fb_error *err)
{
	fb_status rc = fb_hist_save_begin(st, table, id, uuid, before, err);
	if (rc)
		return rc;
	if (id)
		sqlite3_bind_int64(q, 1, id);
	else
		fb_bind_text(q, 1, uuid);
	return FB_OK;
}

/* A keyset list of this file: its SELECT up to "WHERE x.deleted = 0", the
 * (key, id) it is ordered by and whether ascending, its rows. */
struct page_def {
	const char *select;
	const char *key, *id;
	int asc;
	/* " AND ... = ?3" when the filter value is not 0; NULL: the SELECT
	 * itself reads ?3, always bound */
	const char *filter;
	fb_page_read_fn read;
	size_t size;
};

/* A page of d's list (fb_page_run's result) with filter at ?3. */
static int page_of(fb_store *st, const struct page_def *d, int64_t filter, fb_page_dir dir,
                   const fb_cursor *from, void *rows, int max, fb_error *err)
{
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[128], order[96], sql[1024];
	int reverse;
	fb_page_sql(d->key, d->id, d->asc, dir, cond, sizeof cond, order, sizeof order, &reverse);
	int bind = !d->filter || filter;
	snprintf(sql, sizeof sql, "%s%s%s%s ORDER BY %s LIMIT ?4", d->select,
	         cond[0] ? " AND " : "", cond, d->filter && filter ? d->filter : "", order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	fb_page_bind_cursor(s, cond, from);
	if (bind)
		sqlite3_bind_int64(s, 3, filter);
	return fb_page_run(st, s, 4, rows, d->size, max, reverse, d->read, err);
}

/* ------------------------------------------------------------ points */

fb_status fb_point_validate(fb_store *st, const fb_point *p, fb_error *err)
{
	fb_status rc;
	if ((rc = fb_check(st, FB_L_POINTS_SINCE, p->since, err)) ||
	    (rc = fb_check(st, FB_L_POINTS_LIAISON_NAME, p->liaison_name, err)) ||
	    (rc = fb_check(st, FB_L_POINTS_LIAISON_PHONE, p->liaison_phone, err)) ||
	    (rc = fb_check(st, FB_L_POINTS_NOTE, p->note, err)))
		return rc;
	if ((rc = need_unit(st, p->unit_id, err)))
		return rc;
	if (p->leader_id && (rc = need_hq_person(st, "leader", p->leader_id, err)))
		return rc;
	return FB_OK;
}

/* Another live point at the same unit: its id, 0 none, -1 error. */
static int64_t point_at(fb_store *st, int64_t unit, int64_t self, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st,
	                                "SELECT id FROM contact_points WHERE unit_id = ?1 AND "
	                                "deleted = 0 AND id <> ?2 LIMIT 1",
	                                err);
	if (!q)
		return -1;
	sqlite3_bind_int64(q, 1, unit);
	sqlite3_bind_int64(q, 2, self);
	int row = fb_store_step(st, q, err);
	int64_t id = row > 0 ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return row < 0 ? -1 : id;
}

fb_status fb_point_save(fb_store *st, fb_point *p, fb_error *err)
{
	fb_status rc = fb_point_validate(st, p, err);
	if (rc)
		return rc;
	if ((rc = unit_group(st, p->unit_id, &p->group_id, err)))
		return rc;
	fb_perm_on on = {.group_id = p->group_id};
	if ((rc = fb_perm_check(st, FB_ACT_POINT_WRITE, &on, err)) ||
	    (p->id && (rc = fb_perm_check_row(st, FB_ACT_POINT_WRITE, "contact_points", p->id, err))))
		return rc == FB_ENOTFOUND
		               ? fb_error_set(err, FB_ENOTFOUND, "id",
		                              _("no contact point with id %lld"), (long long)p->id)
		               : rc;
	int64_t other = point_at(st, p->unit_id, p->id, err);
	if (other < 0)
		return fb_stmt_failed(err);
	if (other)
		return fb_error_set(err, FB_ESTATE, "unit",
		                    _("the unit is already contact point %lld"), (long long)other);
	sqlite3_stmt *q =
		p->id ? fb_store_stmt(
				st,
				"UPDATE contact_points SET group_id = ?2, unit_id = ?3, since = "
				"?4, liaison_name = ?5, liaison_phone = ?6, leader_id = ?7, "
				"note = ?8, origin = ?9, rev = ?10, updated_at = ?11 "
				"WHERE id = ?1 AND deleted = 0",
				err)
		      : fb_store_stmt(
				st,
				"INSERT INTO contact_points (uuid, group_id, unit_id, since, "
				"liaison_name, liaison_phone, leader_id, note, origin, rev, "
				"updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
				"?11)",
				err);
	if (!q)
		return fb_stmt_failed(err);
	static const char *const cols[] = {"contact_points.liaison_name",
	                                   "contact_points.liaison_phone"};
	const char *in[] = {p->liaison_name, p->liaison_phone};
	char *sealed[2];
	if ((rc = fb_seal_many(st, 2, cols, in, sealed, err)))
		return rc;
	fb_hist_snap before;
	if ((rc = save_open(st, q, "contact_points", p->id, p->uuid, &before, err))) {
		fb_seal_many_free(2, sealed);
		return rc;
	}
	sqlite3_bind_int64(q, 2, p->group_id);
	sqlite3_bind_int64(q, 3, p->unit_id);
	fb_bind_text(q, 4, p->since);
	fb_bind_text(q, 5, sealed[0]);
	fb_bind_text(q, 6, sealed[1]);
	fb_bind_opt_id(q, 7, p->leader_id);
	fb_bind_text(q, 8, p->note);
	p->rev = fb_bind_sync(st, q, 9, 10, 11);
	rc = fb_step_done(st, q, err);
	fb_seal_many_free(2, sealed);
	return fb_hist_save_end(st, "contact_points", &p->id, &before, rc, err);
}

fb_status fb_point_get(fb_store *st, int64_t id, fb_point *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	fb_status rc;
	sqlite3_stmt *q = fb_store_by_id(
		st,
		"SELECT p.id, p.uuid, p.group_id, p.unit_id, p.since, p.liaison_name, "
		"p.liaison_phone, coalesce(p.leader_id, 0), p.note, p.rev, u.name, "
		"coalesce(l.name, '') FROM contact_points p JOIN units u ON u.id = p.unit_id "
		"LEFT JOIN people l ON l.id = p.leader_id WHERE p.id = ?1 AND p.deleted = 0",
		id, &rc, err);
	if (!q)
		return rc != FB_ENOTFOUND
		               ? rc
		               : fb_error_set(err, rc, "id", _("no contact point with id %lld"),
		                              (long long)id);
	out->id = sqlite3_column_int64(q, 0);
	fb_col_copy(q, 1, out->uuid, sizeof out->uuid);
	out->group_id = sqlite3_column_int64(q, 2);
	out->unit_id = sqlite3_column_int64(q, 3);
	fb_col_copy(q, 4, out->since, sizeof out->since);
	out->liaison_name = fb_col_dup(q, 5);
	out->liaison_phone = fb_col_dup(q, 6);
	out->leader_id = sqlite3_column_int64(q, 7);
	out->note = fb_col_dup(q, 8);
	out->rev = sqlite3_column_int64(q, 9);
	out->unit_name = fb_col_dup(q, 10);
	out->leader_name = fb_col_dup(q, 11);
	sqlite3_reset(q);
	if (!out->liaison_name || !out->liaison_phone || !out->note || !out->unit_name ||
	    !out->leader_name)
		rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	else if (!(rc = fb_seal_reveal_field(st, "contact_points.liaison_name", &out->liaison_name,
	                                     err)))
		rc = fb_seal_reveal_field(st, "contact_points.liaison_phone", &out->liaison_phone,
		                          err);
	if (rc)
		fb_point_free(out);
	return rc;
}

void fb_point_free(fb_point *p)
{
	free(p->liaison_name);
	free(p->liaison_phone);
	free(p->note);
	free(p->unit_name);
	free(p->leader_name);
	p->liaison_name = p->liaison_phone = p->note = p->unit_name = p->leader_name = NULL;
}

fb_status fb_point_delete(fb_store *st, int64_t id, fb_error *err)
{
	fb_status rc = fb_perm_check_row(st, FB_ACT_POINT_WRITE, "contact_points", id, err);
	if (rc == FB_OK)
		rc = fb_tombstone(st, "contact_points", id, err);
	if (rc == FB_ENOTFOUND)
		return fb_error_set(err, FB_ENOTFOUND, "id", _("no contact point with id %lld"),
		                    (long long)id);
	return rc;
}

static void read_point_row(sqlite3_stmt *s, void *row)
{
	fb_point_row *r = row;
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->since, sizeof r->since);
	fb_col_copy(s, 2, r->unit, sizeof r->unit);
	fb_col_copy(s, 3, r->leader, sizeof r->leader);
	fb_col_copy(s, 4, r->group, sizeof r->group);
	r->topics = sqlite3_column_int(s, 5);
}

int fb_point_page(fb_store *st, int64_t group_id, fb_page_dir dir, const fb_cursor *from,
                  fb_point_row *rows, int max, fb_error *err)
{
	static const struct page_def d = {
		.select = "SELECT p.id, p.since, u.name, coalesce(l.name, ''), g.name, (SELECT "
			  "count(*) "
			  "FROM point_topics t WHERE t.point_id = p.id AND t.deleted = 0) "
			  "FROM contact_points p JOIN units u ON u.id = p.unit_id "
			  "JOIN work_groups g ON g.id = p.group_id LEFT JOIN people l ON l.id = "
			  "p.leader_id "
			  "WHERE p.deleted = 0",
		.key = "p.since",
		.id = "p.id",
		.asc = 1,
		.filter = " AND p.group_id = ?3",
		.read = read_point_row,
		.size = sizeof *rows};
	return page_of(st, &d, group_id, dir, from, rows, max, err);
}

void fb_point_row_cursor(const fb_point_row *row, fb_cursor *c)
{
	snprintf(c->key, sizeof c->key, "%s", row->since);
	c->id = row->id;
}

fb_status fb_point_take_topic(fb_store *st, int64_t point, int64_t topic, fb_error *err)
{
	fb_point p;
	fb_status rc = fb_point_get(st, point, &p, err);
	if (rc)
		return rc;
	int64_t group = p.group_id;
	fb_point_free(&p);
	fb_perm_on on = {.group_id = group};
	if ((rc = fb_perm_check(st, FB_ACT_POINT_WRITE, &on, err)))
		return rc;
	sqlite3_stmt *q = fb_store_stmt(
		st,
		"SELECT (SELECT count(*) FROM research_topics WHERE id = ?2 AND deleted = 0), "
		"(SELECT count(*) FROM point_topics WHERE point_id = ?1 AND topic_id = ?2 AND "
		"deleted = 0)",
		err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, point);
	sqlite3_bind_int64(q, 2, topic);
	int row = fb_store_step(st, q, err);
	int has_topic = row > 0 ? sqlite3_column_int(q, 0) : 0;
	int taken = row > 0 ? sqlite3_column_int(q, 1) : 0;
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!has_topic)
		return fb_error_set(err, FB_EINVAL, "topic", _("no research topic with id %lld"),
		                    (long long)topic);
	if (taken)
		return fb_error_set(err, FB_ESTATE, "topic",
		                    _("the contact point has already taken up this topic"));
	char uuid[37] = "";
	if ((rc = fb_new_uuid(uuid, err)))
		return rc;
	q = fb_store_stmt(st,
	                  "INSERT INTO point_topics (uuid, group_id, point_id, topic_id, origin, "
	                  "rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	                  err);
	if (!q)
		return fb_stmt_failed(err);
	if ((rc = fb_store_begin(st, err)))
		return rc;
	fb_bind_text(q, 1, uuid);
	sqlite3_bind_int64(q, 2, group);
	sqlite3_bind_int64(q, 3, point);
	sqlite3_bind_int64(q, 4, topic);
	fb_bind_sync(st, q, 5, 6, 7);
	rc = fb_step_done(st, q, err);
	int64_t id = 0;
	return fb_hist_save_end(st, "point_topics", &id, NULL, rc, err);
}

fb_status fb_point_topic_validate(fb_store *st, const fb_point_topic *t, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(
		st,
		"SELECT (SELECT group_id FROM contact_points WHERE id = ?1 AND deleted = 0), "
		"(SELECT count(*) FROM research_topics WHERE id = ?2 AND deleted = 0)",
		err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, t->point_id);
	sqlite3_bind_int64(q, 2, t->topic_id);
	int row = fb_store_step(st, q, err);
	int64_t group = row > 0 ? sqlite3_column_int64(q, 0) : 0;
	int topic = row > 0 ? sqlite3_column_int(q, 1) : 0;
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!group || group != t->group_id)
		return fb_error_set(err, FB_EINVAL, "point", _("no contact point with id %lld"),
		                    (long long)t->point_id);
	if (!topic)
		return fb_error_set(err, FB_EINVAL, "topic", _("no research topic with id %lld"),
		                    (long long)t->topic_id);
	return FB_OK;
}

/* ------------------------------------------------------------ topics */

fb_status fb_topic_validate(fb_store *st, const fb_topic *t, fb_error *err)
{
	fb_status rc;
	if ((rc = fb_check_num(st, FB_L_TOPICS_YEAR, t->year, err)) ||
	    (rc = fb_check(st, FB_L_TOPICS_TITLE, t->title, err)) ||
	    (rc = fb_check(st, FB_L_TOPICS_DESCRIPTION, t->description, err)))
		return rc;
	return FB_OK;
}

fb_status fb_topic_save(fb_store *st, fb_topic *t, fb_error *err)
{
	fb_status rc = fb_topic_validate(st, t, err);
	if (rc)
		return rc;
	fb_perm_on on = {0};
	if ((rc = fb_perm_check(st, FB_ACT_TOPIC_WRITE, &on, err)))
		return rc;
	sqlite3_stmt *q =
		t->id ? fb_store_stmt(
				st,
				"UPDATE research_topics SET year = ?2, title = ?3, description "
				"= ?4, origin = ?6, rev = ?7, updated_at = ?8 WHERE id = ?1 "
				"AND deleted = 0",
				err)
		      : fb_store_stmt(
				st,
				"INSERT INTO research_topics (uuid, year, title, description, "
				"published_by, origin, rev, updated_at) VALUES (?1, ?2, ?3, "
				"?4, ?5, ?6, ?7, ?8)",
				err);
	if (!q)
		return fb_stmt_failed(err);
	fb_hist_snap before;
	if ((rc = save_open(st, q, "research_topics", t->id, t->uuid, &before, err)))
		return rc;
	sqlite3_bind_int(q, 2, t->year);
	fb_bind_text(q, 3, t->title);
	fb_bind_text(q, 4, t->description);
	if (!t->id) { /* ?5 only in the insert: who published it stays */
		t->published_by = fb_store_actor(st);
		fb_bind_opt_id(q, 5, t->published_by);
	}
	t->rev = fb_bind_sync(st, q, 6, 7, 8);
	rc = fb_step_done(st, q, err);
	if (rc == FB_OK && t->id && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no research topic with id %lld"),
		                  (long long)t->id);
	return fb_hist_save_end(st, "research_topics", &t->id, &before, rc, err);
}

fb_status fb_topic_get(fb_store *st, int64_t id, fb_topic *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	fb_status rc;
	sqlite3_stmt *q = fb_store_by_id(st,
	                                 "SELECT id, uuid, year, title, description, "
	                                 "coalesce(published_by, 0), rev FROM research_topics "
	                                 "WHERE id = ?1 AND deleted = 0",
	                                 id, &rc, err);
	if (!q)
		return rc != FB_ENOTFOUND
		               ? rc
		               : fb_error_set(err, rc, "id", _("no research topic with id %lld"),
		                              (long long)id);
	out->id = sqlite3_column_int64(q, 0);
	fb_col_copy(q, 1, out->uuid, sizeof out->uuid);
	out->year = sqlite3_column_int(q, 2);
	out->title = fb_col_dup(q, 3);
	out->description = fb_col_dup(q, 4);
	out->published_by = sqlite3_column_int64(q, 5);
	out->rev = sqlite3_column_int64(q, 6);
	sqlite3_reset(q);
	if (!out->title || !out->description) {
		fb_topic_free(out);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	return FB_OK;
}

void fb_topic_free(fb_topic *t)
{
	free(t->title);
	free(t->description);
	t->title = t->description = NULL;
}

static void read_topic_row(sqlite3_stmt *s, void *row)
{
	fb_topic_row *r = row;
	r->id = sqlite3_column_int64(s, 0);
	r->year = sqlite3_column_int(s, 1);
	fb_col_copy(s, 2, r->title, sizeof r->title);
	r->points = sqlite3_column_int(s, 3);
}

int fb_topic_page(fb_store *st, int year, fb_page_dir dir, const fb_cursor *from,
                  fb_topic_row *rows, int max, fb_error *err)
{
	static const struct page_def d = {
		.select =
			"SELECT t.id, t.year, t.title, (SELECT count(*) FROM point_topics p WHERE "
			"p.topic_id = t.id AND p.deleted = 0) FROM research_topics t WHERE "
			"t.deleted = 0",
		.key = "t.year",
		.id = "t.id",
		.asc = 0,
		.filter = " AND t.year = ?3",
		.read = read_topic_row,
		.size = sizeof *rows};
	return page_of(st, &d, year, dir, from, rows, max, err);
}

void fb_topic_row_cursor(const fb_topic_row *row, fb_cursor *c)
{
	snprintf(c->key, sizeof c->key, "%d", row->year);
	c->id = row->id;
}

/* ---------------------------------------------------------- pairings */

fb_status fb_pairing_validate(fb_store *st, const fb_pairing *p, fb_error *err)
{
	fb_status rc;
	if ((rc = fb_check(st, FB_L_PAIRINGS_SINCE, p->since, err)) ||
	    (rc = fb_check(st, FB_L_PAIRINGS_NOTE, p->note, err)) ||
	    (rc = need_hq_person(st, "leader", p->leader_id, err)))
		return rc;
	return need_unit(st, p->unit_id, err);
}

fb_status fb_pairing_save(fb_store *st, fb_pairing *p, fb_error *err)
{
	fb_status rc = fb_pairing_validate(st, p, err);
	if (rc)
		return rc;
	fb_perm_on on = {0};
	if ((rc = fb_perm_check(st, FB_ACT_PAIRING_WRITE, &on, err)) ||
	    (rc = unit_group(st, p->unit_id, &p->group_id, err)))
		return rc;
	sqlite3_stmt *q =
		p->id ? fb_store_stmt(
				st,
				"UPDATE pairings SET group_id = ?2, leader_id = ?3, unit_id = "
				"?4, since = ?5, note = ?6, origin = ?7, rev = ?8, updated_at "
				"= ?9 WHERE id = ?1 AND deleted = 0",
				err)
		      : fb_store_stmt(
				st,
				"INSERT INTO pairings (uuid, group_id, leader_id, unit_id, "
				"since, note, origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, "
				"?5, ?6, ?7, ?8, ?9)",
				err);
	if (!q)
		return fb_stmt_failed(err);
	fb_hist_snap before;
	if ((rc = save_open(st, q, "pairings", p->id, p->uuid, &before, err)))
		return rc;
	sqlite3_bind_int64(q, 2, p->group_id);
	sqlite3_bind_int64(q, 3, p->leader_id);
	sqlite3_bind_int64(q, 4, p->unit_id);
	fb_bind_text(q, 5, p->since);
	fb_bind_text(q, 6, p->note);
	p->rev = fb_bind_sync(st, q, 7, 8, 9);
	rc = fb_step_done(st, q, err);
	if (rc == FB_OK && p->id && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no pairing with id %lld"),
		                  (long long)p->id);
	return fb_hist_save_end(st, "pairings", &p->id, &before, rc, err);
}

fb_status fb_pairing_visit_validate(fb_store *st, const fb_pairing_visit *v, fb_error *err)
{
	fb_status rc;
	if ((rc = fb_check(st, FB_L_PVISITS_DATE, v->date, err)) ||
	    (rc = fb_check(st, FB_L_PVISITS_MODE, v->mode[0] ? v->mode : "on_site", err)) ||
	    (rc = fb_check(st, FB_L_PVISITS_NOTE, v->note, err)))
		return rc;
	return FB_OK;
}

fb_status fb_pairing_visit_add(fb_store *st, fb_pairing_visit *v, fb_error *err)
{
	if (!v->mode[0])
		snprintf(v->mode, sizeof v->mode, "on_site");
	fb_status rc = fb_pairing_visit_validate(st, v, err);
	if (rc)
		return rc;
	fb_perm_on on = {0};
	if ((rc = fb_perm_check(st, FB_ACT_PAIRING_WRITE, &on, err)))
		return rc;
	sqlite3_stmt *q =
		fb_store_stmt(st, "SELECT group_id FROM pairings WHERE id = ?1 AND deleted = 0", err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, v->pairing_id);
	int row = fb_store_step(st, q, err);
	int64_t group = row > 0 ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return fb_error_set(err, FB_ENOTFOUND, "pairing", _("no pairing with id %lld"),
		                    (long long)v->pairing_id);
	q = fb_store_stmt(
		st,
		"INSERT INTO pairing_visits (uuid, group_id, pairing_id, date, mode, note, "
		"origin, rev, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		err);
	if (!q)
		return fb_stmt_failed(err);
	if ((rc = fb_new_uuid(v->uuid, err)) || (rc = fb_store_begin(st, err)))
		return rc;
	fb_bind_text(q, 1, v->uuid);
	sqlite3_bind_int64(q, 2, group);
	sqlite3_bind_int64(q, 3, v->pairing_id);
	fb_bind_text(q, 4, v->date);
	fb_bind_text(q, 5, v->mode);
	fb_bind_text(q, 6, v->note);
	fb_bind_sync(st, q, 7, 8, 9);
	rc = fb_step_done(st, q, err);
	v->id = 0; /* a visit is only ever added */
	return fb_hist_save_end(st, "pairing_visits", &v->id, NULL, rc, err);
}

static void read_pairing_row(sqlite3_stmt *s, void *row)
{
	fb_pairing_row *r = row;
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->leader, sizeof r->leader);
	fb_col_copy(s, 2, r->unit, sizeof r->unit);
	fb_col_copy(s, 3, r->since, sizeof r->since);
	r->visits_year = sqlite3_column_int(s, 4);
}

int fb_pairing_page(fb_store *st, int year, fb_page_dir dir, const fb_cursor *from,
                    fb_pairing_row *rows, int max, fb_error *err)
{
	static const struct page_def d = {
		.select = "SELECT p.id, l.name, u.name, p.since, (SELECT count(*) FROM "
			  "pairing_visits v "
			  "WHERE v.pairing_id = p.id AND v.deleted = 0 AND substr(v.date, 1, 4) = "
			  "printf('%04d', ?3)) FROM pairings p JOIN people l ON l.id = p.leader_id "
			  "JOIN units u ON u.id = p.unit_id WHERE p.deleted = 0",
		.key = "''",
		.id = "p.id",
		.asc = 1,
		.filter = NULL,
		.read = read_pairing_row,
		.size = sizeof *rows};
	return page_of(st, &d, year, dir, from, rows, max, err);
}

void fb_pairing_row_cursor(const fb_pairing_row *row, fb_cursor *c)
{
	c->key[0] = 0;
	c->id = row->id;
}
