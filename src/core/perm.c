/* perm.c - the permissions table asked for each mutating call (perm.h).
 *
 * A check costs two indexed lookups through cached statements: the acting
 * person's role and group (people by id), then the widest scope the table
 * gives that role for the action (permissions by primary key). Lists and
 * searches never call it per row. */
#include <stdio.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/i18n.h"
#include "fieldbook/perm.h"
#include "fieldbook/text.h"
#include "internal.h"

#define FB_ACTION_CODE(name, code) code,
static const char *const action_codes[] = {FB_ACTIONS(FB_ACTION_CODE)};
#undef FB_ACTION_CODE
/* What each action is, in words: "only the group leader may <words>". */
static const char *const action_words[FB_ACT_COUNT] = {
	[FB_ACT_LOG_WRITE] = N_("write or change daily logs"),
	[FB_ACT_CONTACT_WRITE] = N_("record contacts"),
	[FB_ACT_TICKET_FILE] = N_("register tickets"),
	[FB_ACT_TICKET_EDIT] = N_("change or delete tickets"),
	[FB_ACT_TICKET_ROUTE] = N_("change a ticket's routing"),
	[FB_ACT_TICKET_STEP] = N_("take steps on tickets"),
	[FB_ACT_TICKET_NOTE] = N_("add notes to tickets"),
	[FB_ACT_TICKET_ANSWER] = N_("answer tickets"),
	[FB_ACT_TICKET_CLOSE] = N_("close tickets"),
	[FB_ACT_REPORT_WRITE] = N_("compile and edit reports"),
	[FB_ACT_REPORT_SUBMIT] = N_("submit reports"),
	[FB_ACT_PERSON_WRITE] = N_("change the roster"),
	[FB_ACT_PERSON_DELETE] = N_("remove people from the roster"),
	[FB_ACT_PERSON_RESET] = N_("reset passwords"),
	[FB_ACT_GROUP_WRITE] = N_("set up or change work groups"),
	[FB_ACT_TARGET_WRITE] = N_("set targets"),
	[FB_ACT_BUNDLE_IMPORT] = N_("import bundles"),
	[FB_ACT_LEDGER_WRITE] = N_("change the ledger of units and workers"),
	[FB_ACT_SHEET_WRITE] = N_("write or change contact record sheets"),
	[FB_ACT_SHEET_FILE] = N_("file contact record sheets"),
	[FB_ACT_CALENDAR_WRITE] = N_("change the holidays and make-up working days"),
	[FB_ACT_LEAVE_WRITE] = N_("record leave"),
	[FB_ACT_SCHEDULE_WRITE] = N_("change the schedule of reports"),
	[FB_ACT_REVIEW_WRITE] = N_("review reports"),
	[FB_ACT_REPORT_FILE] = N_("record reports handed in"),
	[FB_ACT_CONFLICT_SETTLE] = N_("settle conflicts"),
	[FB_ACT_POINT_WRITE] = N_("change contact points"),
	[FB_ACT_TOPIC_WRITE] = N_("publish research topics"),
	[FB_ACT_PAIRING_WRITE] = N_("change leader and county union pairings"),
};

enum { SCOPE_NONE, SCOPE_OWN, SCOPE_GROUP, SCOPE_ALL };

const char *fb_action_code(fb_action a)
{
	return a >= 0 && a < FB_ACT_COUNT ? action_codes[a] : "";
}

/* 1 if the database has no live person yet (a new one being set up by
 * init), 0 if it has, -1 on an error. Asked only when nobody is signed in. */
static int roster_empty(fb_store *st, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, "SELECT 1 FROM people WHERE deleted = 0 LIMIT 1", err);
	if (!s)
		return -1;
	int row = fb_store_step(st, s, err);
	sqlite3_reset(s);
	return row < 0 ? -1 : !row;
}

/* The widest scope `role` has for action on records of subject role subj
 * ("" for any): SCOPE_*, or -1 on an error. */
static int scope_of(fb_store *st, const char *role, fb_action action, const char *subj, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT max(CASE scope WHEN 'all' THEN 3 WHEN 'group' THEN 2 WHEN 'own' THEN 1 "
		"END) "
		"FROM permissions WHERE role = ?1 AND action = ?2 AND subject IN ('', ?3)",
		err);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, action_codes[action], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, subj ? subj : "", -1, SQLITE_STATIC);
	int row = fb_store_step(st, s, err), scope = SCOPE_NONE;
	if (row > 0)
		scope = sqlite3_column_int(s, 0);
	sqlite3_reset(s);
	return row < 0 ? -1 : scope;
}

/* The roles that may do action at all, as labels joined by " or " (带队组长
 * 或市总工会), into out; "" if none. */
static void roles_allowed(fb_store *st, fb_action action, const char *subj, char *out, size_t size)
{
	out[0] = 0;
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT p.role FROM permissions p LEFT JOIN categories c ON c.kind = 'role' "
		"AND c.code = p.role WHERE p.action = ?1 AND p.subject IN ('', ?2) "
		"GROUP BY p.role ORDER BY min(coalesce(c.sort, 99)), p.role",
		NULL);
	if (!s)
		return;
	sqlite3_bind_text(s, 1, action_codes[action], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, subj ? subj : "", -1, SQLITE_STATIC);
	size_t n = 0;
	while (fb_store_step(st, s, NULL) == 1 && n < size) {
		const char *code = (const char *)sqlite3_column_text(s, 0);
		n += (size_t)snprintf(out + n, size - n, "%s%s", n ? _(" or ") : "",
		                      fb_category_label(st, FB_CAT_ROLE, code));
	}
	sqlite3_reset(s);
}

/* Check one subject role (NULL: the action is not on a person). *scope
 * gets the scope; FB_OK or the database error. */
static fb_status check_scope(fb_store *st, const char *role, fb_action action, const char *subj,
                             int *scope, fb_error *err)
{
	*scope = scope_of(st, role, action, subj, err);
	return *scope < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* The acting person's role (into role[32]) and work group (0: none);
 * FB_EPERM naming what when they are no longer on the roster, or the
 * database error. */
static fb_status actor_of(fb_store *st, int64_t actor, const char *what, char *role, int64_t *group,
                          fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st, "SELECT role, coalesce(group_id, 0), deleted FROM people WHERE id = ?1", err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, actor);
	int row = fb_store_step(st, s, err);
	int deleted = 1;
	if (row > 0) {
		fb_col_copy(s, 0, role, 32);
		*group = sqlite3_column_int64(s, 1);
		deleted = sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (deleted)
		return fb_error_set(err, FB_EPERM, NULL,
		                    _("the person signed in is no longer on the roster: sign in "
		                      "again to %s"),
		                    what);
	return FB_OK;
}

fb_status fb_perm_check(fb_store *st, fb_action action, const fb_perm_on *on, fb_error *err)
{
	static const fb_perm_on none = {0};
	if (action < 0 || action >= FB_ACT_COUNT)
		return fb_error_set(err, FB_EINVAL, NULL, _("unknown action"));
	if (!on)
		on = &none;
	const char *what = on->what ? on->what : _(action_words[action]);
	int64_t actor = fb_store_actor(st);
	if (!actor) {
		/* Setting up a new database: its first group and first person. */
		if (action == FB_ACT_GROUP_WRITE || action == FB_ACT_PERSON_WRITE) {
			int empty = roster_empty(st, err);
			if (empty < 0)
				return fb_stmt_failed(err);
			if (empty)
				return FB_OK;
		}
		return fb_error_set(err, FB_EPERM, NULL, _("nobody is signed in: sign in to %s"),
		                    what);
	}
	char role[32] = "";
	int64_t group = 0;
	fb_status rc = actor_of(st, actor, what, role, &group, err);
	if (rc)
		return rc;
	int scope, scope2 = SCOPE_ALL;
	rc = check_scope(st, role, action, on->subject, &scope, err);
	if (!rc && on->subject2 && (!on->subject || strcmp(on->subject, on->subject2)))
		rc = check_scope(st, role, action, on->subject2, &scope2, err);
	if (rc)
		return rc;
	if (scope2 < scope)
		scope = scope2;
	const char *role_label = fb_category_label(st, FB_CAT_ROLE, role);
	int own = (on->owner && on->owner == actor) || (on->other && on->other == actor);
	switch (scope) {
	case SCOPE_ALL: return FB_OK;
	case SCOPE_GROUP:
		if (group && on->group_id == group)
			return FB_OK;
		return fb_error_set(err, FB_EPERM, NULL,
		                    _("a %s may %s only in their own work group"), role_label, what);
	case SCOPE_OWN:
		if (own)
			return FB_OK;
		return fb_error_set(err, FB_EPERM, NULL,
		                    _("a %s may %s only for their own records"), role_label, what);
	default: {
		char who[256];
		const char *subj = on->subject2 && scope2 == SCOPE_NONE ? on->subject2 : on->subject;
		roles_allowed(st, action, subj, who, sizeof who);
		if (!who[0])
			return fb_error_set(err, FB_EPERM, NULL, _("no one may %s"), what);
		return fb_error_set(err, FB_EPERM, NULL, _("only the %s may %s"), who, what);
	}
	}
}

fb_status fb_perm_check_read(fb_store *st, int64_t group_id, const char *what, fb_error *err)
{
	int64_t actor = fb_store_actor(st);
	if (!actor)
		return fb_error_set(err, FB_EPERM, NULL, _("nobody is signed in: sign in to %s"),
		                    what);
	char role[32] = "";
	int64_t group = 0;
	fb_status rc = actor_of(st, actor, what, role, &group, err);
	if (rc || (group && group == group_id))
		return rc;
	/* a role that acts on every group reads every group's records */
	sqlite3_stmt *s = fb_store_stmt(
		st, "SELECT 1 FROM permissions WHERE role = ?1 AND scope = 'all' LIMIT 1", err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_text(s, 1, role, -1, SQLITE_TRANSIENT);
	int every = fb_store_step(st, s, err);
	sqlite3_reset(s);
	if (every < 0)
		return fb_stmt_failed(err);
	if (every)
		return FB_OK;
	return fb_error_set(err, FB_EPERM, NULL, _("a %s may %s only in their own work group"),
	                    fb_category_label(st, FB_CAT_ROLE, role), what);
}

int fb_perm_allowed(fb_store *st, fb_action action, const fb_perm_on *on)
{
	return fb_perm_check(st, action, on, NULL) == FB_OK;
}

/* The tables whose rows fb_perm_check_row, fb_perm_check_uuid and
 * fb_perm_undelete check: the group column (NULL: the table has none, its
 * rows are HQ's), the person whose record a row is, a second person it is
 * theirs too (a ticket's owner) and, for people, the role of the person
 * acted on (fb_perm_on's subject). */
static const struct row_table {
	const char *name, *group, *owner, *other, *subject;
} row_tables[] = {
	{"units", "group_id", NULL, NULL, NULL},
	{"contact_points", "group_id", NULL, NULL, NULL},
	{"research_topics", NULL, NULL, NULL, NULL},
	{"pairings", "group_id", NULL, NULL, NULL},
	{"workers", "group_id", NULL, NULL, NULL},
	{"contact_sheets", "group_id", "author_id", NULL, NULL},
	{"leave", "group_id", "person_id", NULL, NULL},
	{"report_filings", "group_id", "person_id", NULL, NULL},
	{"logs", "group_id", "author_id", NULL, NULL},
	{"tickets", "group_id", "opened_by", "owner_id", NULL},
	{"reports", "group_id", "author_id", NULL, NULL},
	{"people", "group_id", "id", NULL, "role"},
	{"work_groups", "id", NULL, NULL, NULL},
	{"targets", "group_id", NULL, NULL, NULL},
	{"calendar_days", NULL, NULL, NULL, NULL},
	{"report_schedule", NULL, NULL, NULL, NULL},
};

/* Check action on the row of table where key (id, or uuid when not NULL)
 * is ?1; only a deleted row when deleted (undelete). */
static fb_status check_row(fb_store *st, fb_action action, const char *table, int64_t id,
                           const char *uuid, int deleted, fb_error *err)
{
	const struct row_table *t = NULL;
	for (size_t i = 0; i < sizeof row_tables / sizeof *row_tables; i++)
		if (!strcmp(row_tables[i].name, table))
			t = &row_tables[i];
	if (!t && uuid)
		return fb_perm_check(st, action, NULL, err);
	if (!t)
		return fb_error_set(err, FB_EINVAL, NULL, _("unknown table %s"), table);
	char sql[300];
	snprintf(sql, sizeof sql,
	         "SELECT coalesce(%s, 0), coalesce(%s, 0), coalesce(%s, 0), coalesce(%s, '') "
	         "FROM %s WHERE %s = ?1%s",
	         t->group ? t->group : "0", t->owner ? t->owner : "0", t->other ? t->other : "0",
	         t->subject ? t->subject : "''", t->name, uuid ? "uuid" : "id",
	         deleted ? " AND deleted = 1" : "");
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return fb_stmt_failed(err);
	if (uuid)
		sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(s, 1, id);
	int row = fb_store_step(st, s, err);
	char role[32] = "";
	fb_perm_on on = {0};
	if (row > 0) {
		on.group_id = sqlite3_column_int64(s, 0);
		on.owner = sqlite3_column_int64(s, 1);
		on.other = sqlite3_column_int64(s, 2);
		fb_col_copy(s, 3, role, sizeof role);
		if (role[0])
			on.subject = role;
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (row == 0) /* the caller may say it better; never an empty message */
		return fb_error_set(err, FB_ENOTFOUND, NULL, _("no record number %lld"),
		                    (long long)id);
	return fb_perm_check(st, action, &on, err);
}

/* What undoing a delete of a row of table asks: a log is written again,
 * a ticket edited, a person (of their role) deleted. */
static const struct {
	const char *table;
	fb_action action;
} undelete_actions[] = {
	{"logs", FB_ACT_LOG_WRITE},
	{"tickets", FB_ACT_TICKET_EDIT},
	{"people", FB_ACT_PERSON_DELETE},
};

fb_status fb_perm_undelete(fb_store *st, const char *table, int64_t id, fb_error *err)
{
	for (size_t i = 0; i < sizeof undelete_actions / sizeof *undelete_actions; i++)
		if (!strcmp(undelete_actions[i].table, table))
			return check_row(st, undelete_actions[i].action, table, id, NULL, 1, err);
	return fb_error_set(err, FB_EINVAL, NULL, _("unknown table %s"), table);
}

fb_status fb_record_undelete(fb_store *st, const char *table, int64_t id, fb_error *err)
{
	fb_status rc = fb_perm_undelete(st, table, id, err);
	return rc ? rc : fb_untombstone(st, table, id, err);
}

fb_status fb_perm_check_row(fb_store *st, fb_action action, const char *table, int64_t id,
                            fb_error *err)
{
	return check_row(st, action, table, id, NULL, 0, err);
}

fb_status fb_perm_check_uuid(fb_store *st, fb_action action, const char *table, const char *uuid,
                             fb_error *err)
{
	fb_status rc = check_row(st, action, table, 0, uuid ? uuid : "", 0, err);
	return rc == FB_ENOTFOUND ? fb_perm_check(st, action, NULL, err) : rc;
}
