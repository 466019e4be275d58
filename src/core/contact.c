/* contact.c - the contacts ledger (enterprises, workers, households,
 * unions met); personal fields are optional text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/contact.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/perm.h"
#include "fieldbook/seal.h"
#include "internal.h"

fb_status fb_contact_validate(fb_store *st, const fb_contact *c, fb_error *err)
{
	fb_status s;
	if ((s = fb_check(st, FB_L_CONTACTS_KIND, c->kind, err)) ||
	    (s = fb_check(st, FB_L_CONTACTS_NAME, c->name, err)) ||
	    (s = fb_check(st, FB_L_CONTACTS_ORG, c->org, err)) ||
	    (s = fb_check(st, FB_L_CONTACTS_PHONE, c->phone, err)) ||
	    (s = fb_check(st, FB_L_CONTACTS_ID_NUMBER, c->id_number, err)) ||
	    (s = fb_check(st, FB_L_CONTACTS_NOTE, c->note, err)) ||
	    (s = fb_check(st, FB_L_CONTACTS_MET_ON, c->met_on, err)))
		return s;
	/* A worker's kind is a worker kind (八必访), an enterprise's an
	 * enterprise kind (8类企业); households and unions take either. */
	if (c->subkind && *c->subkind) {
		int worker = !strcmp(c->kind, "worker"),
		    enterprise = !strcmp(c->kind, "enterprise");
		int found =
			worker ? 0 : fb_category_find(st, FB_CAT_ENTERPRISE, c->subkind, NULL, err);
		if (found == 0 && !enterprise)
			found = fb_category_find(st, FB_CAT_WORKER, c->subkind, NULL, err);
		if (found < 0)
			return fb_stmt_failed(err);
		if (!found)
			return fb_error_set(err, FB_EINVAL, "subkind",
			                    _("'%s' is not a kind of enterprise or worker"),
			                    c->subkind);
	}
	if (c->group_id <= 0)
		return fb_error_set(err, FB_EINVAL, "group", _("is required"));
	if ((s = fb_check_group_ref(st, "group", c->group_id, err)))
		return s;
	if (c->log_id > 0) {
		int64_t group; /* 0: no such log */
		if ((s = fb_store_int_by_id(st, "SELECT group_id FROM logs WHERE id = ?1",
		                            c->log_id, &group, err)))
			return s;
		if (group != c->group_id)
			return fb_error_set(err, FB_EINVAL, "log",
			                    _("no daily log with id %lld in the group"),
			                    (long long)c->log_id);
	}
	return FB_OK;
}

fb_status fb_contact_save(fb_store *st, fb_contact *c, fb_error *err)
{
	fb_status rc = fb_contact_validate(st, c, err);
	fb_perm_on on = {.group_id = c->group_id};
	if (rc || (rc = fb_perm_check(st, FB_ACT_CONTACT_WRITE, &on, err)))
		return rc;
	if (c->id) { /* and the group it is in now */
		sqlite3_stmt *q =
			fb_store_stmt(st, "SELECT group_id FROM contacts WHERE id = ?1", err);
		if (!q)
			return fb_stmt_failed(err);
		sqlite3_bind_int64(q, 1, c->id);
		int row = fb_store_step(st, q, err);
		on.group_id = row > 0 ? sqlite3_column_int64(q, 0) : c->group_id;
		sqlite3_reset(q);
		if (row < 0)
			return fb_stmt_failed(err);
		if ((rc = fb_perm_check(st, FB_ACT_CONTACT_WRITE, &on, err)))
			return rc;
	}
	sqlite3_stmt *s;
	if (c->id)
		s = fb_store_stmt(
			st,
			"UPDATE contacts SET group_id = ?2, log_id = ?3, kind = ?4, name = ?5, org "
			"= ?6, "
			"subkind = ?7, phone = ?8, id_number = ?9, note = ?10, met_on = "
			"nullif(?11, ''), "
			"origin = ?12, rev = ?13, updated_at = ?14 WHERE id = ?15 AND deleted = 0",
			err);
	else
		s = fb_store_stmt(st,
		                  "INSERT INTO contacts (uuid, group_id, log_id, kind, name, org, "
		                  "subkind, phone, "
		                  "id_number, note, met_on, origin, rev, updated_at) VALUES (?1, "
		                  "?2, ?3, ?4, ?5, ?6, "
		                  "?7, ?8, ?9, ?10, nullif(?11, ''), ?12, ?13, ?14)",
		                  err);
	if (!s)
		return err ? err->code : FB_EDB;
	/* name, phone, id_number: sealed (seal.h) */
	static const char *const cols[3] = {"contacts.name", "contacts.phone", "contacts.id_number"};
	const char *plain[3] = {c->name, c->phone, c->id_number};
	char *sealed[3];
	if ((rc = fb_seal_many(st, 3, cols, plain, sealed, err)))
		return rc;
	if ((!c->id && (rc = fb_new_uuid(c->uuid, err))) || (rc = fb_store_begin(st, err))) {
		fb_seal_many_free(3, sealed);
		return rc;
	}
	if (!c->id)
		fb_bind_text(s, 1, c->uuid);
	sqlite3_bind_int64(s, 2, c->group_id);
	fb_bind_opt_id(s, 3, c->log_id);
	fb_bind_text(s, 4, c->kind);
	fb_bind_text(s, 5, sealed[0]);
	fb_bind_text(s, 6, c->org);
	fb_bind_text(s, 7, c->subkind);
	fb_bind_text(s, 8, sealed[1]);
	fb_bind_text(s, 9, sealed[2]);
	fb_bind_text(s, 10, c->note);
	fb_bind_text(s, 11, c->met_on);
	c->rev = fb_bind_sync(st, s, 12, 13, 14);
	if (c->id)
		sqlite3_bind_int64(s, 15, c->id);
	rc = fb_step_done(st, s, err);
	fb_seal_many_free(3, sealed);
	if (rc == FB_OK && c->id && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no contact with id %lld"),
		                  (long long)c->id);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	if (!c->id)
		c->id = sqlite3_last_insert_rowid(fb_store_db(st));
	return fb_store_commit(st, err);
}

fb_status fb_contact_get(fb_store *st, int64_t id, fb_contact *out, fb_error *err)
{
	fb_status rc;
	sqlite3_stmt *s = fb_store_by_id(
		st,
		"SELECT id, uuid, group_id, coalesce(log_id, 0), kind, name, org, subkind, phone, "
		"id_number, note, met_on, rev, deleted FROM contacts WHERE id = ?1 AND deleted = 0",
		id, &rc, err);
	memset(out, 0, sizeof *out);
	if (!s)
		return rc == FB_ENOTFOUND ? fb_error_set(err, rc, "id",
		                                         _("no contact with id %lld"), (long long)id)
		                          : rc;
	rc = FB_OK;
	out->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, out->uuid, sizeof out->uuid);
	out->group_id = sqlite3_column_int64(s, 2);
	out->log_id = sqlite3_column_int64(s, 3);
	out->kind = fb_col_dup(s, 4);
	out->name = fb_col_dup(s, 5);
	out->org = fb_col_dup(s, 6);
	out->subkind = fb_col_dup(s, 7);
	out->phone = fb_col_dup(s, 8);
	out->id_number = fb_col_dup(s, 9);
	out->note = fb_col_dup(s, 10);
	out->met_on = fb_col_dup(s, 11);
	out->rev = sqlite3_column_int64(s, 12);
	out->deleted = sqlite3_column_int(s, 13);
	if (fb_seal_reveal_field(st, "contacts.name", &out->name, err) ||
	    fb_seal_reveal_field(st, "contacts.phone", &out->phone, err) ||
	    fb_seal_reveal_field(st, "contacts.id_number", &out->id_number, err))
		rc = FB_ENOMEM;
	sqlite3_reset(s);
	return rc;
}

void fb_contact_free(fb_contact *c)
{
	char **f[] = {&c->kind,  &c->name,      &c->org,  &c->subkind,
	              &c->phone, &c->id_number, &c->note, &c->met_on};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}
