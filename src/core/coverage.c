/* coverage.c - distinct units and workers met, kinds covered, contact
 * days against the targets, and where to go next (coverage.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/coverage.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/target.h"
#include "internal.h"

/* The statements exist twice: over a cadre (author_id) and over a group
 * (group_id); each reads one index range. ?1 the person or group, ?2 ?3
 * the first and last day. */
#define UNITS_SQL(col)                                                                      \
	"SELECT u.kind, u.enterprise_kinds FROM units u WHERE u.id IN ("                    \
	"SELECT unit_id FROM log_units WHERE " col " = ?1 AND date BETWEEN ?2 AND ?3 AND "  \
	"deleted = 0 UNION SELECT unit_id FROM contact_sheets WHERE " col " = ?1 AND date " \
	"BETWEEN ?2 AND ?3 AND deleted = 0)"
#define WORKER_KINDS_SQL(col)                                                                    \
	"SELECT w.worker_kinds FROM workers w WHERE w.id IN (SELECT worker_id FROM log_workers " \
	"WHERE " col " = ?1 AND date BETWEEN ?2 AND ?3 AND deleted = 0)"
#define DAYS_SQL(col)                                                                              \
	"SELECT (SELECT count(*) FROM (SELECT date FROM logs WHERE " col " = ?1 AND date "         \
	"BETWEEN ?2 AND ?3 AND deleted = 0 UNION SELECT date FROM contact_sheets WHERE " col       \
	" = ?1 AND date BETWEEN ?2 AND ?3 AND deleted = 0)), "                                     \
	"(SELECT count(*) FROM logs WHERE " col " = ?1 AND date BETWEEN ?2 AND ?3 AND "            \
	"deleted = 0), (SELECT coalesce(sum(workers), 0) FROM logs WHERE " col " = ?1 AND "        \
	"date BETWEEN ?2 AND ?3 AND deleted = 0), (SELECT count(*) FROM contact_sheets WHERE " col \
	" = ?1 AND date BETWEEN ?2 AND ?3 AND deleted = 0)"

static sqlite3_stmt *prepare(fb_store *st, const char *sql, int64_t who, const char *from,
                             const char *to, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return NULL;
	sqlite3_bind_int64(s, 1, who);
	sqlite3_bind_text(s, 2, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, to, -1, SQLITE_TRANSIENT);
	return s;
}

/* The target value, -1 when none is set (or on an error: err says). */
static int target(fb_store *st, const char *scope, const char *metric, const char *period,
                  int64_t group)
{
	int v = -1;
	if (fb_target_value(st, scope, metric, period, group, &v, NULL))
		return -1;
	return v;
}

/* The person's group and role; FB_EINVAL naming "person" if unknown. */
static fb_status person_of(fb_store *st, int64_t id, int64_t *group, char role[16], fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st, "SELECT coalesce(group_id, 0), role FROM people WHERE id = ?1 AND deleted = 0",
		err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, id);
	int row = fb_store_step(st, s, err);
	if (row > 0) {
		*group = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, role, 16);
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return fb_error_set(err, FB_EINVAL, "person", _("no person with id %lld"),
		                    (long long)id);
	return FB_OK;
}

void fb_coverage_count_unit(fb_coverage *c, const char *kind, uint32_t enterprise_kinds)
{
	c->units++;
	if (!kind)
		return;
	if (!strcmp(kind, "enterprise")) {
		c->enterprises++;
		c->enterprise_kinds |= enterprise_kinds;
	} else if (!strcmp(kind, "union")) {
		c->unions++;
	} else if (!strcmp(kind, "household")) {
		c->households++;
	} else if (!strcmp(kind, "community")) {
		c->communities++;
	}
}

fb_status fb_coverage_get(fb_store *st, const fb_coverage_filter *f, fb_coverage *out, fb_error *err)
{
	memset(out, 0, sizeof *out);
	char today[11];
	fb_date_format(fb_today(), today);
	const char *from = f->from ? f->from : FB_DATE_FIRST, *to = f->to ? f->to : today;
	fb_date d;
	if (f->from && fb_date_parse(f->from, &d, "from", err))
		return FB_EINVAL;
	if (f->to && fb_date_parse(f->to, &d, "to", err))
		return FB_EINVAL;
	int cadre = f->author_id > 0;
	int64_t group = f->group_id, who = cadre ? f->author_id : f->group_id;
	char role[16] = "";
	fb_status rc;
	if (cadre && (rc = person_of(st, f->author_id, &group, role, err)))
		return rc;
	if (!cadre && (rc = fb_check_group_ref(st, "group", group, err)))
		return rc;
	sqlite3_stmt *s = prepare(st, cadre ? UNITS_SQL("author_id") : UNITS_SQL("group_id"), who,
	                          from, to, err);
	if (!s)
		return fb_stmt_failed(err);
	int row;
	while ((row = fb_store_step(st, s, err)) > 0)
		fb_coverage_count_unit(out, (const char *)sqlite3_column_text(s, 0),
		                       (uint32_t)sqlite3_column_int64(s, 1));
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	s = prepare(st, cadre ? WORKER_KINDS_SQL("author_id") : WORKER_KINDS_SQL("group_id"), who,
	            from, to, err);
	if (!s)
		return fb_stmt_failed(err);
	while ((row = fb_store_step(st, s, err)) > 0) {
		out->workers++;
		out->worker_kinds |= (uint32_t)sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	s = prepare(st, cadre ? DAYS_SQL("author_id") : DAYS_SQL("group_id"), who, from, to, err);
	if (!s)
		return fb_stmt_failed(err);
	row = fb_store_step(st, s, err);
	if (row > 0) {
		out->contact_days = sqlite3_column_int64(s, 0);
		out->logs = sqlite3_column_int64(s, 1);
		out->head_count = sqlite3_column_int64(s, 2);
		out->sheets = sqlite3_column_int64(s, 3);
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	const char *scope = cadre ? "cadre" : "group";
	out->t_enterprises = target(st, scope, "enterprises", "programme", group);
	out->t_workers = target(st, scope, "workers", "programme", group);
	out->t_households = target(st, scope, "households", "programme", group);
	out->t_contact_days = cadre ? target(st, "cadre", "contact_days", "year", group) : -1;
	out->t_contact_units = cadre && (!strcmp(role, "leader") || !strcmp(role, "hq"))
	                               ? target(st, "leader", "contact_units", "year", group)
	                               : -1;
	return FB_OK;
}

/* Call cb for each kind of `kind` not in mask. */
static int missing_kinds(fb_store *st, const char *kind, fb_next_kind what, uint32_t mask,
                         fb_next_cb cb, void *ctx)
{
	fb_category cats[32];
	int n = fb_category_list(st, kind, cats, 32);
	for (int i = 0; i < n; i++) {
		if (cats[i].bit < 0 || (mask & (1u << cats[i].bit)))
			continue;
		fb_next_item it = {what, cats[i].code, 0, "", "", ""};
		if (cb(&it, ctx))
			return 1;
	}
	return 0;
}

fb_status fb_coverage_next(fb_store *st, const fb_coverage_filter *f, const fb_coverage *cov,
                           int max_units, fb_next_cb cb, void *ctx, fb_error *err)
{
	if (missing_kinds(st, FB_CAT_ENTERPRISE, FB_NEXT_ENTERPRISE_KIND, cov->enterprise_kinds, cb,
	                  ctx) ||
	    missing_kinds(st, FB_CAT_WORKER, FB_NEXT_WORKER_KIND, cov->worker_kinds, cb, ctx))
		return FB_OK;
	int64_t group = f->group_id;
	char role[16];
	fb_status rc;
	if (!group && f->author_id > 0 && (rc = person_of(st, f->author_id, &group, role, err)))
		return rc;
	/* the group's units, never visited first, then the longest ago */
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT u.id, u.name, coalesce((SELECT max(v.date) FROM log_units v WHERE "
		"v.unit_id = "
		"u.id AND v.deleted = 0), '') AS last FROM units u WHERE u.group_id = ?1 AND "
		"u.deleted = 0 AND u.merged_into IS NULL ORDER BY last, u.id LIMIT ?2",
		err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, group);
	sqlite3_bind_int(s, 2, max_units);
	int row, stop = 0;
	while (!stop && (row = fb_store_step(st, s, err)) > 0) {
		fb_next_item it = {FB_NEXT_STALE_UNIT,
		                   NULL,
		                   sqlite3_column_int64(s, 0),
		                   (const char *)sqlite3_column_text(s, 1),
		                   "",
		                   (const char *)sqlite3_column_text(s, 2)};
		stop = cb(&it, ctx);
	}
	sqlite3_reset(s);
	if (!stop && row < 0)
		return fb_stmt_failed(err);
	if (stop)
		return FB_OK;
	/* tickets answered (or handed over) and not yet visited again */
	s = fb_store_stmt(
		st,
		"SELECT t.id, t.title, t.unit, coalesce((SELECT max(substr(e.at, 1, 10)) FROM "
		"ticket_events e WHERE e.ticket_id = t.id), t.opened_on) FROM tickets t "
		"WHERE t.group_id = ?1 AND t.deleted = 0 AND t.status IN ('answered', "
		"'handed_over') "
		"ORDER BY 4, t.id LIMIT ?2",
		err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, group);
	sqlite3_bind_int(s, 2, max_units);
	while (!stop && (row = fb_store_step(st, s, err)) > 0) {
		fb_next_item it = {FB_NEXT_RETURN_VISIT,
		                   NULL,
		                   sqlite3_column_int64(s, 0),
		                   (const char *)sqlite3_column_text(s, 1),
		                   (const char *)sqlite3_column_text(s, 2),
		                   (const char *)sqlite3_column_text(s, 3)};
		stop = cb(&it, ctx);
	}
	sqlite3_reset(s);
	return !stop && row < 0 ? fb_stmt_failed(err) : FB_OK;
}

typedef struct cadre {
	int64_t id, group;
	char name[64], role[16], group_name[128];
} cadre;

fb_status fb_coverage_cadres(fb_store *st, int64_t group_id, const char *from, const char *to,
                             fb_cadre_cov_cb cb, void *ctx, fb_error *err)
{
	/* Read the roster in pieces by (group, id), computing between reads:
	 * the statements of fb_coverage_get are not the roster's. */
	int64_t after_group = -1, after_id = 0;
	for (;;) {
		sqlite3_stmt *s = fb_store_stmt(
			st,
			"SELECT p.id, p.group_id, p.name, p.role, g.name FROM people p JOIN "
			"work_groups g "
			"ON g.id = p.group_id WHERE p.deleted = 0 AND p.role IN ('member', "
			"'leader') AND "
			"(?1 = 0 OR p.group_id = ?1) AND (p.group_id, p.id) > (?2, ?3) "
			"ORDER BY p.group_id, p.id LIMIT 64",
			err);
		if (!s)
			return fb_stmt_failed(err);
		sqlite3_bind_int64(s, 1, group_id);
		sqlite3_bind_int64(s, 2, after_group);
		sqlite3_bind_int64(s, 3, after_id);
		cadre batch[64];
		int n = 0, row;
		while (n < 64 && (row = fb_store_step(st, s, err)) > 0) {
			batch[n].id = sqlite3_column_int64(s, 0);
			batch[n].group = sqlite3_column_int64(s, 1);
			fb_col_copy(s, 2, batch[n].name, sizeof batch[n].name);
			fb_col_copy(s, 3, batch[n].role, sizeof batch[n].role);
			fb_col_copy(s, 4, batch[n].group_name, sizeof batch[n].group_name);
			n++;
		}
		sqlite3_reset(s);
		if (n < 64 && row < 0)
			return fb_stmt_failed(err);
		for (int i = 0; i < n; i++) {
			fb_coverage cov;
			fb_coverage_filter f = {batch[i].group, batch[i].id, from, to};
			fb_status rc = fb_coverage_get(st, &f, &cov, err);
			if (rc)
				return rc;
			if (cb(batch[i].id, batch[i].name, batch[i].role, batch[i].group,
			       batch[i].group_name, &cov, ctx))
				return FB_OK;
		}
		if (n < 64)
			return FB_OK;
		after_group = batch[n - 1].group;
		after_id = batch[n - 1].id;
	}
}
