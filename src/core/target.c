/* target.c - targets (data, editable by HQ, travelling in bundles). */
#include <stdio.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/target.h"
#include "fieldbook/perm.h"
#include "internal.h"

/* The label a user reads for each code of the limits table's lists
 * (fb_words_target_*), in the same order (translated). */
static const char *const scope_labels[] = {N_("Cadre"), N_("Work group"), N_("Leader"),
                                           N_("Contact point")};
static const char *const metric_labels[] = {N_("Enterprises visited"),
                                            N_("Workers met"),
                                            N_("Households visited"),
                                            N_("Days at the grassroots"),
                                            N_("Days of grassroots contact"),
                                            N_("Grassroots units contacted"),
                                            N_("Research topics"),
                                            N_("Written reports"),
                                            N_("Daily logs")};
static const char *const period_labels[] = {N_("Whole programme"), N_("Year"), N_("Half year"),
                                            N_("Month"), N_("Week")};

/* The label of code in a list of codes with its labels, NULL if not in it. */
static const char *find(const char *v, const char *const *codes, const char *const *labels)
{
	for (int i = 0; v && codes[i]; i++)
		if (!strcmp(v, codes[i]))
			return labels[i];
	return NULL;
}

const char *fb_target_label(const char *code)
{
	const char *l = find(code, fb_words_target_scope, scope_labels);
	if (!l)
		l = find(code, fb_words_target_metric, metric_labels);
	if (!l)
		l = find(code, fb_words_target_period, period_labels);
	return l ? _(l) : code;
}

fb_status fb_target_validate(const fb_target *t, fb_error *err)
{
	fb_status s;
	if ((s = fb_check(NULL, FB_L_TARGETS_SCOPE, t->scope, err)) ||
	    (s = fb_check(NULL, FB_L_TARGETS_METRIC, t->metric, err)) ||
	    (s = fb_check(NULL, FB_L_TARGETS_PERIOD, t->period, err)) ||
	    (s = fb_check_num(NULL, FB_L_TARGETS_VALUE, t->value, err)) ||
	    (s = fb_check(NULL, FB_L_TARGETS_NOTE, t->note, err)))
		return s;
	if (t->group_id < 0)
		return fb_error_set(err, FB_EINVAL, "group", _("no such group"));
	return FB_OK;
}

fb_status fb_target_save(fb_store *st, fb_target *t, fb_error *err)
{
	fb_status rc = fb_target_validate(t, err);
	fb_perm_on on = {.group_id = t->group_id};
	if (rc || (t->group_id > 0 && (rc = fb_check_group_ref(st, "group", t->group_id, err))) ||
	    (rc = fb_perm_check(st, FB_ACT_TARGET_WRITE, &on, err)))
		return rc;
	/* One live target per (scope, metric, period, group): setting one that
	 * exists updates it. */
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT id, uuid FROM targets WHERE scope = ?1 AND metric = ?2 AND period = ?3 "
		"AND coalesce(group_id, 0) = ?4 AND deleted = 0",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, t->scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, t->metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, t->period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, t->group_id);
	int row = t->id ? 0 : fb_store_step(st, s, err);
	if (row > 0) {
		t->id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, t->uuid, sizeof t->uuid);
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (t->id)
		/* an empty note keeps the one there (HQ's wording of the rule) */
		s = fb_store_stmt(st,
		                  "UPDATE targets SET value = ?2, note = coalesce(nullif(?3, ''), "
		                  "note), origin = ?4, rev = ?5, updated_at = ?6 WHERE id = ?1",
		                  err);
	else
		s = fb_store_stmt(
			st,
			"INSERT INTO targets (uuid, scope, metric, period, group_id, value, "
			"note, origin, rev, updated_at) VALUES (?7, ?8, ?9, ?10, ?11, ?2, "
			"?3, ?4, ?5, ?6)",
			err);
	if (!s)
		return err ? err->code : FB_EDB;
	if ((!t->id && (rc = fb_new_uuid(t->uuid, err))) || (rc = fb_store_begin(st, err)))
		return rc;
	fb_hist_snap before = {0};
	if (t->id && (rc = fb_hist_take(st, "targets", t->id, &before, err))) {
		fb_store_rollback(st);
		return rc;
	}
	int inserted = !t->id;
	if (t->id) {
		sqlite3_bind_int64(s, 1, t->id);
	} else {
		fb_bind_text(s, 7, t->uuid);
		fb_bind_text(s, 8, t->scope);
		fb_bind_text(s, 9, t->metric);
		fb_bind_text(s, 10, t->period);
		fb_bind_opt_id(s, 11, t->group_id);
	}
	sqlite3_bind_int64(s, 2, t->value);
	fb_bind_text(s, 3, t->note);
	t->rev = fb_bind_sync(st, s, 4, 5, 6);
	if ((rc = fb_step_done(st, s, err)) == FB_OK) {
		if (inserted)
			t->id = sqlite3_last_insert_rowid(fb_store_db(st));
		rc = inserted ? fb_hist_note(st, "targets", t->id, "insert", err)
		              : fb_hist_changes(st, &before, err);
	}
	fb_hist_snap_free(&before);
	if (rc) {
		if (inserted)
			t->id = 0;
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

fb_status fb_target_value(fb_store *st, const char *scope, const char *metric, const char *period,
                          int64_t group_id, int *value, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT value FROM targets WHERE scope = ?1 AND metric = ?2 AND period = ?3 "
		"AND deleted = 0 AND (group_id = ?4 OR group_id IS NULL) "
		"ORDER BY group_id IS NULL, rev DESC LIMIT 1",
		err);
	if (!s)
		return err ? err->code : FB_EDB;
	sqlite3_bind_text(s, 1, scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, metric, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, group_id);
	fb_status rc = FB_OK;
	int row = fb_store_step(st, s, err);
	if (row > 0) /* held to 0-100000 by the limits table */
		*value = (int)(sqlite3_column_int64(s, 0) > 100000 ? 100000
		                                                   : sqlite3_column_int64(s, 0));
	else if (row < 0)
		rc = fb_stmt_failed(err);
	else
		rc = fb_error_set(err, FB_ENOTFOUND, "target", _("no target for %s %s per %s"),
		                  scope, metric, period);
	sqlite3_reset(s);
	return rc;
}

fb_status fb_target_each(fb_store *st, fb_target_cb cb, void *ctx, fb_error *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(fb_store_db(st),
	                       "SELECT id, uuid, scope, metric, period, coalesce(group_id, 0), "
	                       "value, note, rev, "
	                       "deleted FROM targets WHERE deleted = 0 ORDER BY scope, metric, "
	                       "period, group_id",
	                       -1, &s, NULL) != SQLITE_OK)
		return fb_store_dberr(st, err);
	int row;
	while ((row = fb_store_step(st, s, err)) == 1) {
		fb_target t = {0};
		t.id = sqlite3_column_int64(s, 0);
		fb_col_copy(s, 1, t.uuid, sizeof t.uuid);
		fb_col_copy(s, 2, t.scope, sizeof t.scope);
		fb_col_copy(s, 3, t.metric, sizeof t.metric);
		fb_col_copy(s, 4, t.period, sizeof t.period);
		t.group_id = sqlite3_column_int64(s, 5);
		t.value = sqlite3_column_int64(s, 6);
		fb_col_copy(s, 7, t.note, sizeof t.note);
		t.rev = sqlite3_column_int64(s, 8);
		t.deleted = sqlite3_column_int(s, 9);
		if (cb(&t, ctx))
			break;
	}
	sqlite3_finalize(s);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}
