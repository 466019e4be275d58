/* history.c - what the history of records holds and how an entry is
 * sealed: the tables and fields that have a history, the hash of an entry
 * in its device's chain (BLAKE2b through libsodium), and an entry checked.
 * The entries are written in history_write.c, read in history_read.c and
 * their chains checked in history_verify.c. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "fieldbook/history.h"
#include "fieldbook/i18n.h"
#include "internal.h"
#include "history_impl.h"

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

/* Contact points, research topics, pairings and their visits (migration
 * 019). The liaison's name and phone are personal data: not in history. */
static const hist_field point_fields[] = {
	{"unit", "unit_id", V_UNIT, 0, NC_("history field", "unit")},
	{"since", "since", V_TEXT, 0, NC_("history field", "since")},
	{"leader", "leader_id", V_PERSON, 0, NC_("history field", "HQ leader responsible")},
	{"note", "note", V_TEXT, 0, NC_("history field", "note")},
};

static const hist_field topic_fields[] = {
	{"year", "year", V_TEXT, 0, NC_("history field", "year")},
	{"title", "title", V_TEXT, 0, NC_("history field", "title")},
	{"description", "description", V_TEXT, 0, NC_("history field", "description")},
};

static const hist_field pairing_fields[] = {
	{"leader", "leader_id", V_PERSON, 0, NC_("history field", "HQ leader")},
	{"unit", "unit_id", V_UNIT, 0, NC_("history field", "county union")},
	{"since", "since", V_TEXT, 0, NC_("history field", "since")},
	{"note", "note", V_TEXT, 0, NC_("history field", "note")},
};

static const hist_field pvisit_fields[] = {
	{"date", "date", V_TEXT, 0, NC_("history field", "date")},
	{"mode", "mode", V_CAT, "contact_mode", NC_("history field", "contact mode")},
	{"note", "note", V_TEXT, 0, NC_("history field", "note")},
};

static const hist_field ptopic_fields[] = {
	{"point", "point_id", V_TEXT, 0, NC_("history field", "contact point")},
	{"topic", "topic_id", V_TEXT, 0, NC_("history field", "research topic")},
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
	TABLE("contact_points", point_fields),
	TABLE("research_topics", topic_fields),
	TABLE("point_topics", ptopic_fields),
	TABLE("pairings", pairing_fields),
	TABLE("pairing_visits", pvisit_fields),
};
#define NTABLES (int)(sizeof tables / sizeof tables[0])

const hist_table *fb_hist_table_of(const char *name)
{
	for (int i = 0; i < NTABLES; i++)
		if (name && !strcmp(tables[i].name, name))
			return &tables[i];
	return NULL;
}

const hist_field *fb_hist_field_of(const hist_table *t, const char *name)
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
	const hist_table *t = fb_hist_table_of(e->table);
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
	if (!strcmp(e->op, "update") ? !fb_hist_field_of(t, e->field) : *e->field)
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
