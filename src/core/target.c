/* target.c - targets (data, editable by HQ, travelling in bundles). */
#include <stdio.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/target.h"
#include "internal.h"

/* The codes a target may use, with the label a user reads (translated). */
struct label { const char *code, *label; };
static const struct label scopes[] = {
	{"cadre", N_("Cadre")}, {"group", N_("Work group")}, {"leader", N_("Leader")},
	{"contact_point", N_("Contact point")}, {NULL, NULL}};
static const struct label metrics[] = {
	{"enterprises", N_("Enterprises visited")}, {"workers", N_("Workers met")},
	{"households", N_("Households visited")}, {"grassroots_days", N_("Days at the grassroots")},
	{"contact_days", N_("Days of grassroots contact")},
	{"contact_units", N_("Grassroots units contacted")}, {"research_topics", N_("Research topics")},
	{"reports", N_("Written reports")}, {"logs", N_("Daily logs")}, {NULL, NULL}};
static const struct label periods[] = {
	{"programme", N_("Whole programme")}, {"year", N_("Year")}, {"half_year", N_("Half year")},
	{"month", N_("Month")}, {"week", N_("Week")}, {NULL, NULL}};

static const struct label *find(const char *v, const struct label *list)
{
	for (; v && list->code; list++)
		if (!strcmp(v, list->code))
			return list;
	return NULL;
}

const char *fb_target_label(const char *code)
{
	const struct label *l = find(code, scopes);
	if (!l)
		l = find(code, metrics);
	if (!l)
		l = find(code, periods);
	return l ? _(l->label) : code;
}

fb_status fb_target_validate(const fb_target *t, fb_error *err)
{
	if (!find(t->scope, scopes))
		return fb_error_set(err, FB_EINVAL, "scope",
		                    _("'%s' is not a scope (cadre, group, leader, contact_point)"),
		                    t->scope);
	if (!find(t->metric, metrics))
		return fb_error_set(err, FB_EINVAL, "metric", _("'%s' is not a measure"), t->metric);
	if (!find(t->period, periods))
		return fb_error_set(err, FB_EINVAL, "period",
		                    _("'%s' is not a period (programme, year, half_year, month, week)"),
		                    t->period);
	if (t->value < 0 || t->value > 100000)
		return fb_error_set(err, FB_EINVAL, "value", _("must be between 0 and %ld"), 100000L);
	return fb_check_text("note", t->note, 0, 1, 80, err);
}

fb_status fb_target_save(fb_store *st, fb_target *t, fb_error *err)
{
	fb_status rc = fb_target_validate(t, err);
	if (rc)
		return rc;
	/* One live target per (scope, metric, period, group): setting one that
	 * exists updates it. */
	sqlite3_stmt *s = fb_store_stmt(st,
	    "SELECT id, uuid FROM targets WHERE scope = ?1 AND metric = ?2 AND period = ?3 "
	    "AND coalesce(group_id, 0) = ?4 AND deleted = 0", err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, t->scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, t->metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, t->period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, t->group_id);
	if (!t->id && sqlite3_step(s) == SQLITE_ROW) {
		t->id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, t->uuid, sizeof t->uuid);
	}
	sqlite3_reset(s);
	if (t->id)
		/* an empty note keeps the one there (HQ's wording of the rule) */
		s = fb_store_stmt(st, "UPDATE targets SET value = ?2, note = coalesce(nullif(?3, ''), "
		                      "note), origin = ?4, rev = ?5, updated_at = ?6 WHERE id = ?1", err);
	else
		s = fb_store_stmt(st, "INSERT INTO targets (uuid, scope, metric, period, group_id, value, "
		                      "note, origin, rev, updated_at) VALUES (?7, ?8, ?9, ?10, ?11, ?2, "
		                      "?3, ?4, ?5, ?6)", err);
	if (!s)
		return err ? err->code : FB_EDB;
	if ((rc = fb_store_begin(st, err)))
		return rc;
	if (t->id) {
		sqlite3_bind_int64(s, 1, t->id);
	} else {
		if (!t->uuid[0])
			fb_uuid_random(t->uuid);
		fb_bind_text(s, 7, t->uuid);
		fb_bind_text(s, 8, t->scope);
		fb_bind_text(s, 9, t->metric);
		fb_bind_text(s, 10, t->period);
		fb_bind_opt_id(s, 11, t->group_id);
	}
	sqlite3_bind_int(s, 2, t->value);
	fb_bind_text(s, 3, t->note);
	t->rev = fb_bind_sync(st, s, 4, 5, 6);
	if ((rc = fb_step_done(st, s, err))) {
		fb_store_rollback(st);
		return rc;
	}
	if (!t->id)
		t->id = sqlite3_last_insert_rowid(fb_store_db(st));
	return fb_store_commit(st, err);
}

fb_status fb_target_value(fb_store *st, const char *scope, const char *metric, const char *period,
                          int64_t group_id, int *value, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st,
	    "SELECT value FROM targets WHERE scope = ?1 AND metric = ?2 AND period = ?3 "
	    "AND deleted = 0 AND (group_id = ?4 OR group_id IS NULL) "
	    "ORDER BY group_id IS NULL, rev DESC LIMIT 1", err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, group_id);
	fb_status rc = FB_OK;
	if (sqlite3_step(s) == SQLITE_ROW)
		*value = sqlite3_column_int(s, 0);
	else
		rc = fb_error_set(err, FB_ENOTFOUND, "target", _("no target for %s %s per %s"), scope,
		                  metric, period);
	sqlite3_reset(s);
	return rc;
}

fb_status fb_target_each(fb_store *st, fb_target_cb cb, void *ctx, fb_error *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(fb_store_db(st),
	        "SELECT id, uuid, scope, metric, period, coalesce(group_id, 0), value, note, rev, "
	        "deleted FROM targets WHERE deleted = 0 ORDER BY scope, metric, period, group_id",
	        -1, &s, NULL) != SQLITE_OK)
		return fb_store_dberr(st, err);
	while (sqlite3_step(s) == SQLITE_ROW) {
		fb_target t = {0};
		t.id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, t.uuid, sizeof t.uuid);
		fb_col_copy(s, 2, t.scope, sizeof t.scope);
		fb_col_copy(s, 3, t.metric, sizeof t.metric);
		fb_col_copy(s, 4, t.period, sizeof t.period);
		t.group_id = sqlite3_column_int64(s, 5);
		t.value = sqlite3_column_int(s, 6);
		fb_col_copy(s, 7, t.note, sizeof t.note);
		t.rev = sqlite3_column_int64(s, 8);
		t.deleted = sqlite3_column_int(s, 9);
		if (cb(&t, ctx))
			break;
	}
	sqlite3_finalize(s);
	return FB_OK;
}
