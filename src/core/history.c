/* history.c - the history of records: entries written inside the
 * transaction of each change (the writers call fb_hist_take before and
 * fb_hist_changes after; fb_hist_note for inserts, deletes, undeletes),
 * the per-device hash chain (BLAKE2b through libsodium), one record's
 * history a keyset page at a time, and the chain check of a database. */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/history.h"
#include "fieldbook/i18n.h"
#include "internal.h"

/* How a field's value reads: as it is, a category's label, a mask of
 * kinds, or the record a uuid names. */
enum { V_TEXT, V_CAT, V_MASK, V_PERSON, V_GROUP, V_LOG, V_UNIT };

typedef struct hist_field {
	const char *name;   /* the entry's field */
	const char *column; /* in the table */
	int kind;
	const char *cat;   /* V_CAT, V_MASK: the category kind */
	const char *label; /* what a person reads, N_() */
} hist_field;

typedef struct hist_table {
	const char *name;
	const hist_field *f;
	int n;
} hist_table;

static const hist_field log_fields[] = {
	{"author", "author_id", V_PERSON, 0, NC_("history field", "author")},
	{"date", "date", V_TEXT, 0, NC_("history field", "date")},
	{"unit", "unit", V_TEXT, 0, NC_("history field", "unit visited")},
	{"activity", "activity", V_CAT, "activity", NC_("history field", "activity")},
	{"enterprise_kinds", "enterprise_kinds", V_MASK, "enterprise_kind",
         NC_("history field", "kinds of enterprise")},
	{"worker_kinds", "worker_kinds", V_MASK, "worker_kind",
         NC_("history field", "kinds of worker")},
	{"enterprises", "enterprises", V_TEXT, 0, NC_("history field", "enterprises visited")},
	{"workers", "workers", V_TEXT, 0, NC_("history field", "workers talked to")},
	{"households", "households", V_TEXT, 0, NC_("history field", "households visited")},
	{"content", "content", V_TEXT, 0, NC_("history field", "what was learned")},
	{"findings", "findings", V_TEXT, 0, NC_("history field", "problems found")},
	{"actions", "actions", V_TEXT, 0, NC_("history field", "what was done")},
	{"next_step", "next_step", V_TEXT, 0, NC_("history field", "next step")},
};

static const hist_field ticket_fields[] = {
	{"title", "title", V_TEXT, 0, NC_("history field", "title")},
	{"description", "description", V_TEXT, 0, NC_("history field", "description")},
	{"unit", "unit", V_TEXT, 0, NC_("history field", "unit")},
	{"raised_by", "raised_by", V_TEXT, 0, NC_("history field", "raised by")},
	{"category", "category", V_CAT, "problem", NC_("history field", "category")},
	{"routing", "routing", V_CAT, "routing", NC_("history field", "routing")},
	{"status", "status", V_CAT, "ticket_status", NC_("history field", "status")},
	{"opened_on", "opened_on", V_TEXT, 0, NC_("history field", "opened on")},
	{"due_on", "due_on", V_TEXT, 0, NC_("history field", "due date")},
	{"opened_by", "opened_by", V_PERSON, 0, NC_("history field", "filed by")},
	{"owner", "owner_id", V_PERSON, 0, NC_("history field", "owner")},
	{"log", "log_id", V_LOG, 0, NC_("history field", "daily log")},
};

static const hist_field report_fields[] = {
	{"status", "status", V_TEXT, 0, NC_("history field", "status")},
	{"author", "author_id", V_PERSON, 0, NC_("history field", "author")},
	{"work_done", "work_done", V_TEXT, 0, NC_("history field", "work done")},
	{"research", "research", V_TEXT, 0, NC_("history field", "topical research")},
	{"problems", "problems", V_TEXT, 0, NC_("history field", "problems")},
	{"next_plan", "next_plan", V_TEXT, 0, NC_("history field", "next plan")},
	{"submitted_at", "submitted_at", V_TEXT, 0, NC_("history field", "submitted at")},
};

static const hist_field person_fields[] = {
	{"name", "name", V_TEXT, 0, NC_("history field", "name")},
	{"role", "role", V_CAT, "role", NC_("history field", "role")},
	{"unit", "unit", V_TEXT, 0, NC_("history field", "unit")},
	{"phone", "phone", V_TEXT, 0, NC_("history field", "phone")},
	{"joined_on", "joined_on", V_TEXT, 0, NC_("history field", "joined on")},
	{"group", "group_id", V_GROUP, 0, NC_("history field", "work group")},
};

static const hist_field target_fields[] = {
	{"value", "value", V_TEXT, 0, NC_("history field", "value")},
	{"note", "note", V_TEXT, 0, NC_("history field", "note")},
	{"scope", "scope", V_TEXT, 0, NC_("history field", "scope")},
	{"metric", "metric", V_TEXT, 0, NC_("history field", "metric")},
	{"period", "period", V_TEXT, 0, NC_("history field", "period")},
	{"group", "group_id", V_GROUP, 0, NC_("history field", "work group")},
};

/* The contact ledger (migration 013): units (a merge is the merged_into
 * entry) and contact record sheets. Workers have no history here: every
 * field of theirs but the kinds is personal data, which history keeps in
 * the clear. */
static const hist_field unit_fields[] = {
	{"name", "name", V_TEXT, 0, NC_("history field", "name")},
	{"kind", "kind", V_CAT, "contact_kind", NC_("history field", "kind")},
	{"enterprise_kinds", "enterprise_kinds", V_MASK, "enterprise_kind",
         NC_("history field", "kinds of enterprise")},
	{"ownership", "ownership", V_CAT, "ownership", NC_("history field", "ownership")},
	{"sector", "sector", V_TEXT, 0, NC_("history field", "sector")},
	{"headcount", "headcount", V_TEXT, 0, NC_("history field", "headcount")},
	{"address", "address", V_TEXT, 0, NC_("history field", "address")},
	{"has_union", "has_union", V_TEXT, 0, NC_("history field", "has a union")},
	{"contact_person", "contact_person", V_TEXT, 0, NC_("history field", "contact person")},
	{"contact_phone", "contact_phone", V_TEXT, 0, NC_("history field", "contact phone")},
	{"note", "note", V_TEXT, 0, NC_("history field", "note")},
	{"merged_into", "merged_into", V_UNIT, 0, NC_("history field", "merged into")},
};

static const hist_field sheet_fields[] = {
	{"unit", "unit_id", V_UNIT, 0, NC_("history field", "unit")},
	{"author", "author_id", V_PERSON, 0, NC_("history field", "author")},
	{"date", "date", V_TEXT, 0, NC_("history field", "date")},
	{"mode", "mode", V_CAT, "contact_mode", NC_("history field", "contact mode")},
	{"met_with", "met_with", V_TEXT, 0, NC_("history field", "received by")},
	{"content", "content", V_TEXT, 0, NC_("history field", "what was learned")},
	{"opinions", "opinions", V_TEXT, 0, NC_("history field", "opinions and suggestions")},
	{"problem", "problem", V_TEXT, 0, NC_("history field", "problems")},
	{"beyond", "beyond", V_TEXT, 0, NC_("history field", "beyond authority")},
	{"handed_to", "handed_to", V_TEXT, 0, NC_("history field", "handed over to")},
	{"feedback", "feedback", V_TEXT, 0, NC_("history field", "feedback")},
	{"filed_by", "filed_by", V_PERSON, 0, NC_("history field", "filed by")},
	{"filed_on", "filed_on", V_TEXT, 0, NC_("history field", "filed on")},
};

#define TABLE(name, f)                          \
	{                                       \
		name, f, sizeof f / sizeof f[0] \
	}
static const hist_table tables[] = {
	TABLE("logs", log_fields),
	TABLE("tickets", ticket_fields),
	TABLE("reports", report_fields),
	TABLE("people", person_fields),
	TABLE("targets", target_fields),
	TABLE("units", unit_fields),
	TABLE("contact_sheets", sheet_fields),
};
#define NTABLES (int)(sizeof tables / sizeof tables[0])

static const hist_table *table_of(const char *name)
{
	for (int i = 0; i < NTABLES; i++)
		if (name && !strcmp(tables[i].name, name))
			return &tables[i];
	return NULL;
}

static const hist_field *field_of(const hist_table *t, const char *name)
{
	for (int i = 0; t && i < t->n; i++)
		if (!strcmp(t->f[i].name, name))
			return &t->f[i];
	return NULL;
}

/* ---- the chain ---- */

/* Feed one field: its length (4 bytes, big-endian) and its bytes. */
static void feed(crypto_generichash_state *h, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	unsigned char len[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
	                        (unsigned char)(n >> 8), (unsigned char)n};
	crypto_generichash_update(h, len, sizeof len);
	if (n)
		crypto_generichash_update(h, (const unsigned char *)s, n);
}

void fb_history_hash(const fb_history_entry *e, char out[FB_HISTORY_HASH])
{
	crypto_generichash_state h;
	unsigned char md[32];
	char seq[24], rev[24];
	snprintf(seq, sizeof seq, "%lld", (long long)e->seq);
	snprintf(rev, sizeof rev, "%lld", (long long)e->rev);
	crypto_generichash_init(&h, NULL, 0, sizeof md);
	const char *f[] = {"fieldbook-history-1",
	                   e->uuid,
	                   e->device,
	                   seq,
	                   rev,
	                   e->at,
	                   e->actor_uuid,
	                   e->actor_name,
	                   e->group_uuid,
	                   e->table,
	                   e->record_uuid,
	                   e->op,
	                   e->field,
	                   e->old_value,
	                   e->new_value,
	                   e->prev_hash};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		feed(&h, f[i]);
	crypto_generichash_final(&h, md, sizeof md);
	sodium_bin2hex(out, FB_HISTORY_HASH, md, sizeof md);
}

static int is_hash(const char *s)
{
	if (!s || strlen(s) != 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

static int is_op(const char *op)
{
	static const char *const ops[] = {"insert", "update", "delete", "undelete", "reset"};
	for (size_t i = 0; op && i < sizeof ops / sizeof ops[0]; i++)
		if (!strcmp(op, ops[i]))
			return 1;
	return 0;
}

fb_status fb_history_entry_check(const fb_history_entry *e, fb_error *err)
{
	const hist_table *t = table_of(e->table);
	if (!e->device || !*e->device)
		return fb_error_set(err, FB_EINVAL, "device", _("is required"));
	if (e->seq < 1)
		return fb_error_set(err, FB_EINVAL, "seq", _("must be 1 or more"));
	if (!t)
		return fb_error_set(err, FB_EINVAL, "table", _("'%s' is not a table with a history"),
		                    e->table ? e->table : "");
	if (!fb_uuid_valid(e->record_uuid))
		return fb_error_set(err, FB_EINVAL, "record_uuid", _("not a UUID"));
	if (*e->actor_uuid && !fb_uuid_valid(e->actor_uuid))
		return fb_error_set(err, FB_EINVAL, "actor_uuid", _("not a UUID"));
	if (*e->group_uuid && !fb_uuid_valid(e->group_uuid))
		return fb_error_set(err, FB_EINVAL, "group_uuid", _("not a UUID"));
	if (!is_op(e->op))
		return fb_error_set(err, FB_EINVAL, "op",
		                    _("'%s' is not insert, update, delete, undelete or "
		                      "reset"),
		                    e->op ? e->op : "");
	if (!strcmp(e->op, "update") ? !field_of(t, e->field) : *e->field)
		return fb_error_set(err, FB_EINVAL, "field", _("'%s' is not a field of %s"),
		                    e->field, e->table);
	if (e->seq == 1 ? *e->prev_hash != 0 : !is_hash(e->prev_hash))
		return fb_error_set(err, FB_EINVAL, "prev_hash", _("not the hash of an entry"));
	if (!is_hash(e->hash))
		return fb_error_set(err, FB_EINVAL, "hash", _("not the hash of an entry"));
	char h[FB_HISTORY_HASH];
	fb_history_hash(e, h);
	if (strcmp(h, e->hash))
		return fb_error_set(
			err, FB_EINVAL, "hash",
			_("entry %lld of device %s was changed after it was written: its "
		          "hash does not match what it says"),
			(long long)e->seq, e->device);
	return FB_OK;
}

/* ---- writing entries ---- */

/* What the entries of one change share. */
typedef struct writer {
	fb_store *st;
	char actor_uuid[37];
	char actor_name[256];
	char at[21];
	int64_t seq;
	char prev[FB_HISTORY_HASH];
} writer;

/* The acting person, the time and this device's chain head. */
static fb_status writer_begin(fb_store *st, writer *w, fb_error *err)
{
	memset(w, 0, sizeof *w);
	w->st = st;
	fb_now_iso(w->at);
	int64_t actor = fb_store_actor(st);
	if (actor) {
		sqlite3_stmt *q =
			fb_store_stmt(st, "SELECT uuid, name FROM people WHERE id = ?1", err);
		if (!q)
			return fb_stmt_failed(err);
		sqlite3_bind_int64(q, 1, actor);
		int row = fb_store_step(st, q, err);
		if (row > 0) {
			fb_col_copy(q, 0, w->actor_uuid, sizeof w->actor_uuid);
			fb_col_copy(q, 1, w->actor_name, sizeof w->actor_name);
		}
		sqlite3_reset(q);
		if (row < 0)
			return fb_stmt_failed(err);
	}
	sqlite3_stmt *q = fb_store_stmt(st,
	                                "SELECT seq, hash FROM history WHERE device = ?1 "
	                                "ORDER BY seq DESC LIMIT 1",
	                                err);
	if (!q)
		return fb_stmt_failed(err);
	fb_bind_text(q, 1, fb_store_device(st));
	int row = fb_store_step(st, q, err);
	if (row > 0) {
		w->seq = sqlite3_column_int64(q, 0);
		fb_col_copy(q, 1, w->prev, sizeof w->prev);
	}
	sqlite3_reset(q);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

/* Append one entry to this device's chain. */
static fb_status put_entry(writer *w, const char *table, const char *record, const char *group,
                           const char *op, const char *field, const char *old_value,
                           const char *new_value, fb_error *err)
{
	fb_store *st = w->st;
	char uuid[37] = "", hash[FB_HISTORY_HASH];
	fb_status rc = fb_new_uuid(uuid, err);
	if (rc)
		return rc;
	fb_history_entry e = {.uuid = uuid,
	                      .device = fb_store_device(st),
	                      .seq = w->seq + 1,
	                      .rev = fb_store_next_rev(st),
	                      .at = w->at,
	                      .actor_uuid = w->actor_uuid,
	                      .actor_name = w->actor_name,
	                      .group_uuid = group,
	                      .table = table,
	                      .record_uuid = record,
	                      .op = op,
	                      .field = field,
	                      .old_value = old_value,
	                      .new_value = new_value,
	                      .prev_hash = w->prev};
	fb_history_hash(&e, hash);
	sqlite3_stmt *s =
		fb_store_stmt(st,
	                      "INSERT INTO history (uuid, device, seq, rev, at, actor_uuid, "
	                      "actor_name, group_uuid, "
	                      "tbl, record_uuid, op, field, old_value, new_value, prev_hash, hash) "
	                      "VALUES (?1, ?2, ?3, "
	                      "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	                      err);
	if (!s)
		return fb_stmt_failed(err);
	const char *text[] = {uuid,          e.device,  NULL,    NULL,   w->at, w->actor_uuid,
	                      w->actor_name, group,     table,   record, op,    field,
	                      old_value,     new_value, w->prev, hash};
	for (int i = 0; i < 16; i++)
		if (text[i])
			fb_bind_text(s, i + 1, text[i]);
	sqlite3_bind_int64(s, 3, e.seq);
	sqlite3_bind_int64(s, 4, e.rev);
	if ((rc = fb_step_done(st, s, err)))
		return rc;
	w->seq++;
	memcpy(w->prev, hash, sizeof hash);
	return FB_OK;
}

/* The SELECT of a table's record: uuid, group uuid, then each field as text. */
static sqlite3_stmt *snap_stmt(fb_store *st, const hist_table *t, fb_error *err)
{
	char sql[4096];
	size_t n = (size_t)snprintf(sql, sizeof sql,
	                            "SELECT t.uuid, coalesce((SELECT uuid FROM "
	                            "work_groups WHERE id = t.group_id), '')");
	for (int i = 0; i < t->n && n < sizeof sql; i++) {
		const hist_field *f = &t->f[i];
		const char *ref = f->kind == V_PERSON  ? "people"
		                  : f->kind == V_GROUP ? "work_groups"
		                  : f->kind == V_LOG   ? "logs"
		                  : f->kind == V_UNIT  ? "units"
		                                       : NULL;
		if (ref)
			n += (size_t)snprintf(
				sql + n, sizeof sql - n,
				", coalesce((SELECT uuid FROM %s WHERE id = t.%s), '')", ref,
				f->column);
		else
			n += (size_t)snprintf(sql + n, sizeof sql - n,
			                      ", coalesce(CAST(t.%s AS TEXT), '')", f->column);
	}
	if (n < sizeof sql)
		snprintf(sql + n, sizeof sql - n, " FROM %s t WHERE t.id = ?1", t->name);
	return fb_store_stmt(st, sql, err);
}

void fb_hist_snap_free(fb_hist_snap *snap)
{
	for (int i = 0; i < FB_HIST_MAXF; i++) {
		free(snap->v[i]);
		snap->v[i] = NULL;
	}
	snap->n = 0;
}

/* Read record id's values into snap (uuid and group first). */
static fb_status read_snap(fb_store *st, const hist_table *t, int64_t id, fb_hist_snap *snap,
                           fb_error *err)
{
	sqlite3_stmt *q = snap_stmt(st, t, err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, id);
	snap->table = t->name;
	snap->id = id;
	snap->n = 0;
	int row = fb_store_step(st, q, err);
	fb_status rc = FB_OK;
	if (row > 0) {
		for (int i = 0; i < t->n + 2; i++) {
			snap->v[i] = fb_col_dup(q, i);
			if (!snap->v[i])
				rc = fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		}
		snap->n = t->n + 2;
	} else if (row == 0) {
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no record with id %lld"),
		                  (long long)id);
	} else {
		rc = fb_stmt_failed(err);
	}
	sqlite3_reset(q);
	if (rc)
		fb_hist_snap_free(snap);
	return rc;
}

fb_status fb_hist_take(fb_store *st, const char *table, int64_t id, fb_hist_snap *snap, fb_error *err)
{
	memset(snap, 0, sizeof *snap);
	const hist_table *t = table_of(table);
	return t && !fb_store_history_is_off(st) ? read_snap(st, t, id, snap, err) : FB_OK;
}

fb_status fb_hist_changes(fb_store *st, fb_hist_snap *before, fb_error *err)
{
	const hist_table *t = table_of(before->table);
	if (!t || !before->n)
		return FB_OK;
	fb_hist_snap now;
	memset(&now, 0, sizeof now);
	fb_status rc = read_snap(st, t, before->id, &now, err);
	writer w;
	int started = 0;
	for (int i = 0; rc == FB_OK && i < t->n; i++) {
		if (!strcmp(before->v[i + 2], now.v[i + 2]))
			continue;
		if (!started++ && (rc = writer_begin(st, &w, err)))
			break;
		rc = put_entry(&w, t->name, now.v[0], now.v[1], "update", t->f[i].name,
		               before->v[i + 2], now.v[i + 2], err);
	}
	fb_hist_snap_free(&now);
	fb_hist_snap_free(before);
	return rc;
}

fb_status fb_hist_note(fb_store *st, const char *table, int64_t id, const char *op, fb_error *err)
{
	const hist_table *t = table_of(table);
	if (!t || fb_store_history_is_off(st))
		return FB_OK;
	sqlite3_stmt *q = snap_stmt(st, t, err);
	if (!q)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(q, 1, id);
	char uuid[37] = "", group[37] = "";
	int row = fb_store_step(st, q, err);
	if (row > 0) {
		fb_col_copy(q, 0, uuid, sizeof uuid);
		fb_col_copy(q, 1, group, sizeof group);
	}
	sqlite3_reset(q);
	if (row < 0)
		return fb_stmt_failed(err);
	if (!row)
		return fb_error_set(err, FB_ENOTFOUND, "id", _("no record with id %lld"),
		                    (long long)id);
	writer w;
	fb_status rc = writer_begin(st, &w, err);
	return rc ? rc : put_entry(&w, t->name, uuid, group, op, "", "", "", err);
}

/* ---- reading ---- */

const char *fb_history_op_label(const char *op)
{
	if (!strcmp(op, "insert"))
		return C_("history", "created");
	if (!strcmp(op, "update"))
		return C_("history", "changed");
	if (!strcmp(op, "delete"))
		return C_("history", "deleted");
	if (!strcmp(op, "undelete"))
		return C_("history", "restored");
	if (!strcmp(op, "reset")) /* a person's password, by their leader or HQ */
		return C_("history", "password reset");
	return op;
}

const char *fb_history_field_label(const char *table, const char *field)
{
	const hist_field *f = field_of(table_of(table), field);
	return f ? _(f->label) : field;
}

static void read_hist_row(sqlite3_stmt *s, void *row)
{
	fb_history_row *r = row;
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->device, sizeof r->device);
	r->seq = sqlite3_column_int64(s, 2);
	fb_col_copy(s, 3, r->at, sizeof r->at);
	fb_col_copy(s, 4, r->actor, sizeof r->actor);
	fb_col_copy(s, 5, r->op, sizeof r->op);
	fb_col_copy(s, 6, r->field, sizeof r->field);
	fb_col_copy(s, 7, r->old_value, sizeof r->old_value);
	fb_col_copy(s, 8, r->new_value, sizeof r->new_value);
}

/* The words for value v of field f, in place (a reference's name or
 * number, a code's label); left as it is if there are none. */
static fb_status in_words(fb_store *st, const hist_field *f, char *v, size_t size, fb_error *err)
{
	if (!*v)
		return FB_OK;
	if (f->kind == V_CAT) {
		const char *label = fb_category_label(st, f->cat, v);
		if (label && strcmp(label, v))
			snprintf(v, size, "%s", label);
		return FB_OK;
	}
	if (f->kind == V_MASK) {
		char *end, words[FB_HISTORY_VALUE];
		unsigned long long mask = strtoull(v, &end, 10);
		if (!*end &&
		    fb_category_mask_format(st, f->cat, (uint32_t)mask, FB_MASK_LABELS, words,
		                            sizeof words) &&
		    *words)
			snprintf(v, size, "%s", words);
		return FB_OK;
	}
	const char *sql = f->kind == V_PERSON  ? "SELECT name FROM people WHERE uuid = ?1"
	                  : f->kind == V_GROUP ? "SELECT name FROM work_groups WHERE uuid = ?1"
	                  : f->kind == V_LOG   ? "SELECT CAST(id AS TEXT) FROM logs WHERE uuid = ?1"
	                  : f->kind == V_UNIT  ? "SELECT name FROM units WHERE uuid = ?1"
	                                       : NULL;
	if (!sql)
		return FB_OK;
	sqlite3_stmt *q = fb_store_stmt(st, sql, err);
	if (!q)
		return fb_stmt_failed(err);
	char uuid[37];
	snprintf(uuid, sizeof uuid, "%s", v);
	fb_bind_text(q, 1, uuid);
	int row = fb_store_step(st, q, err);
	if (row > 0)
		fb_col_copy(q, 0, v, size);
	sqlite3_reset(q);
	return row < 0 ? fb_stmt_failed(err) : FB_OK;
}

int fb_history_page(fb_store *st, const char *table, const char *uuid, fb_page_dir dir,
                    const fb_cursor *from, fb_history_row *rows, int max, fb_error *err)
{
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[128], order[96], sql[1024];
	int reverse;
	fb_page_sql("h.at", "h.id", 1, dir, cond, sizeof cond, order, sizeof order, &reverse);
	snprintf(sql, sizeof sql,
	         "SELECT h.id, h.device, h.seq, h.at, h.actor_name, h.op, h.field, h.old_value, "
	         "h.new_value FROM history h WHERE h.record_uuid = ?3 AND h.tbl = ?4%s%s "
	         "ORDER BY %s LIMIT ?5",
	         cond[0] ? " AND " : "", cond, order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	fb_page_bind_cursor(s, cond, from);
	fb_bind_text(s, 3, uuid);
	fb_bind_text(s, 4, table);
	int n = fb_page_run(st, s, 5, rows, sizeof *rows, max, reverse, read_hist_row, err);
	const hist_table *t = table_of(table);
	for (int i = 0; i < n; i++) {
		const hist_field *f = field_of(t, rows[i].field);
		if (f && (in_words(st, f, rows[i].old_value, sizeof rows[i].old_value, err) ||
		          in_words(st, f, rows[i].new_value, sizeof rows[i].new_value, err)))
			return -1;
	}
	return n;
}

void fb_history_row_cursor(const fb_history_row *row, fb_cursor *c)
{
	snprintf(c->key, sizeof c->key, "%s", row->at);
	c->id = row->id;
}

/* ---- checking chains ---- */

/* The walk over chains in (device, seq) order. */
typedef struct walk {
	char device[65];
	int64_t seq; /* last entry seen of device, 0 before its first */
	char hash[FB_HISTORY_HASH];
	int64_t whole_to; /* entries 1..whole_to of device must all be here */
} walk;

static int brk_set(fb_history_break *b, const char *device, int64_t seq, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int brk_set(fb_history_break *b, const char *device, int64_t seq, const char *fmt, ...)
{
	snprintf(b->device, sizeof b->device, "%s", device);
	b->seq = seq;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b->msg, sizeof b->msg, fmt, ap);
	va_end(ap);
	return 1;
}

/* How far device's chain must be whole here: this device's own chain all
 * of it (INT64_MAX), a chain received whole up to where it was. -1 on an
 * error. */
static int64_t whole_to(fb_store *st, const char *device, fb_error *err)
{
	if (!strcmp(device, fb_store_device(st)))
		return INT64_MAX;
	sqlite3_stmt *q =
		fb_store_stmt(st, "SELECT whole_to FROM history_chains WHERE device = ?1", err);
	if (!q)
		return -1;
	fb_bind_text(q, 1, device);
	int row = fb_store_step(st, q, err);
	int64_t v = row > 0 ? sqlite3_column_int64(q, 0) : row < 0 ? -1 : 0;
	sqlite3_reset(q);
	return v;
}

/* One row of the walk (the columns of fb_history_entry in order, from 0). */
static int walk_row(fb_store *st, walk *w, sqlite3_stmt *q, fb_history_break *b, fb_error *err)
{
#define T(i) ((const char *)sqlite3_column_text(q, i))
	fb_history_entry e = {T(0),
	                      T(1),
	                      sqlite3_column_int64(q, 2),
	                      sqlite3_column_int64(q, 3),
	                      T(4),
	                      T(5),
	                      T(6),
	                      T(7),
	                      T(8),
	                      T(9),
	                      T(10),
	                      T(11),
	                      T(12),
	                      T(13),
	                      T(14),
	                      T(15)};
#undef T
	if (strcmp(w->device, e.device)) {
		if (w->seq && w->seq < w->whole_to && w->whole_to != INT64_MAX)
			return brk_set(b, w->device, w->seq + 1,
			               _("entry %lld of device %s is missing"),
			               (long long)(w->seq + 1), w->device);
		snprintf(w->device, sizeof w->device, "%s", e.device);
		w->seq = 0;
		w->hash[0] = 0;
		if ((w->whole_to = whole_to(st, e.device, err)) < 0)
			return -1;
	}
	char h[FB_HISTORY_HASH];
	fb_history_hash(&e, h);
	if (strcmp(h, e.hash))
		return brk_set(
			b, e.device, e.seq,
			_("entry %lld of device %s was changed after it was written: its hash "
		          "does not match what it says"),
			(long long)e.seq, e.device);
	if (e.seq == w->seq + 1) {
		if (strcmp(e.prev_hash, w->seq ? w->hash : ""))
			return brk_set(
				b, e.device, e.seq,
				_("entry %lld of device %s does not follow entry %lld: the chain "
			          "is broken"),
				(long long)e.seq, e.device, (long long)(e.seq - 1));
	} else if (w->seq + 1 <= w->whole_to) {
		return brk_set(b, e.device, w->seq + 1, _("entry %lld of device %s is missing"),
		               (long long)(w->seq + 1), e.device);
	}
	w->seq = e.seq;
	memcpy(w->hash, e.hash, sizeof h);
	return 0;
}

#define ENTRY_COLS                                                              \
	"uuid, device, seq, rev, at, actor_uuid, actor_name, group_uuid, tbl, " \
	"record_uuid, op, field, old_value, new_value, prev_hash, hash"

/* Walk q's rows (ordered by device, seq); 0, 1 broken, -1 error. */
static int walk_all(fb_store *st, sqlite3_stmt *q, walk *w, fb_history_break *b, int64_t *entries,
                    fb_error *err)
{
	int row, rc = 0;
	int64_t n = 0;
	while (rc == 0 && (row = fb_store_step(st, q, err)) == 1) {
		n++;
		rc = walk_row(st, w, q, b, err);
	}
	sqlite3_reset(q);
	if (entries)
		*entries = n;
	if (rc)
		return rc;
	if (row < 0)
		return -1;
	return 0;
}

int fb_history_verify(fb_store *st, fb_history_break *brk, int64_t *entries, fb_error *err)
{
	fb_history_break scratch;
	if (!brk)
		brk = &scratch;
	memset(brk, 0, sizeof *brk);
	/* not a cached statement: it runs once and walks the whole table */
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(fb_store_db(st),
	                       "SELECT " ENTRY_COLS " FROM history ORDER BY device, seq", -1, &q,
	                       NULL) != SQLITE_OK) {
		fb_store_dberr(st, err);
		return -1;
	}
	walk w = {0};
	int rc = walk_all(st, q, &w, brk, entries, err);
	sqlite3_finalize(q);
	if (rc == 0 && w.seq && w.seq < w.whole_to && w.whole_to != INT64_MAX)
		rc = brk_set(brk, w.device, w.seq + 1, _("entry %lld of device %s is missing"),
		             (long long)(w.seq + 1), w.device);
	return rc;
}

/* 1 if this database holds an entry of device numbered below seq, 0 if
 * not, -1 on an error. */
static int any_before(fb_store *st, const char *device, int64_t seq, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(st,
	                                "SELECT 1 FROM history WHERE device = ?1 AND seq < ?2 "
	                                "LIMIT 1",
	                                err);
	if (!q)
		return -1;
	fb_bind_text(q, 1, device);
	sqlite3_bind_int64(q, 2, seq);
	int row = fb_store_step(st, q, err);
	sqlite3_reset(q);
	return row;
}

int fb_history_verify_range(fb_store *st, const char *device, int64_t from, int64_t to, int whole,
                            fb_history_break *brk, fb_error *err)
{
	memset(brk, 0, sizeof *brk);
	/* from the entry before the range to the one after it (which must
	 * link to the range's last) */
	sqlite3_stmt *q = fb_store_stmt(st,
	                                "SELECT " ENTRY_COLS " FROM history WHERE device = ?1 "
	                                "AND seq BETWEEN ?2 AND ?3 ORDER BY seq",
	                                err);
	if (!q)
		return -1;
	fb_bind_text(q, 1, device);
	sqlite3_bind_int64(q, 2, from > 1 ? from - 1 : 1);
	sqlite3_bind_int64(q, 3, to + 1);
	int64_t prev = 0;
	char prev_hash[FB_HISTORY_HASH] = "", h[FB_HISTORY_HASH];
	int row, rc = 0;
	while (rc == 0 && (row = fb_store_step(st, q, err)) == 1) {
#define T(i) ((const char *)sqlite3_column_text(q, i))
		fb_history_entry e = {T(0),
		                      T(1),
		                      sqlite3_column_int64(q, 2),
		                      sqlite3_column_int64(q, 3),
		                      T(4),
		                      T(5),
		                      T(6),
		                      T(7),
		                      T(8),
		                      T(9),
		                      T(10),
		                      T(11),
		                      T(12),
		                      T(13),
		                      T(14),
		                      T(15)};
#undef T
		fb_history_hash(&e, h);
		if (strcmp(h, e.hash)) {
			rc = brk_set(
				brk, device, e.seq,
				_("entry %lld of device %s was changed after it was written: its "
			          "hash does not match what it says"),
				(long long)e.seq, device);
		} else if (prev ? e.seq == prev + 1 : e.seq == 1) {
			if (strcmp(e.prev_hash, prev_hash))
				rc = brk_set(
					brk, device, e.seq,
					_("entry %lld of device %s does not follow entry %lld: the "
				          "chain is broken"),
					(long long)e.seq, device, (long long)(e.seq - 1));
		} else if (whole && prev && prev + 1 <= to) {
			rc = brk_set(brk, device, prev + 1, _("entry %lld of device %s is missing"),
			             (long long)(prev + 1), device);
		} else if (whole && !prev && e.seq > from) {
			rc = brk_set(brk, device, from, _("entry %lld of device %s is missing"),
			             (long long)from, device);
		} else if (whole && !prev && e.seq == from) {
			/* nothing here before the range: the bundles before it may not
			 * have arrived yet - unless earlier entries are here */
			int before = any_before(st, device, from, err);
			if (before < 0)
				rc = -1;
			else if (before)
				rc = brk_set(
					brk, device, from - 1,
					_("entry %lld of device %s is missing: import the earlier "
				          "bundles first"),
					(long long)(from - 1), device);
		}
		prev = e.seq;
		memcpy(prev_hash, e.hash, sizeof prev_hash);
	}
	sqlite3_reset(q);
	if (rc == 0 && row < 0)
		rc = -1;
	if (rc == 0 && whole && prev < to)
		rc = brk_set(brk, device, prev + 1, _("entry %lld of device %s is missing"),
		             (long long)(prev + 1), device);
	return rc;
}
