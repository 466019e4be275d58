/* unit.c - the units of the contact ledger (unit.h): name keys, one record
 * per real unit, matching as the user types, merging two records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/perm.h"
#include "fieldbook/seal.h"
#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/text.h"
#include "fieldbook/unit.h"
#include "internal.h"
#include "unit_key.h"

/* Legal-form suffixes a name key drops, longest first: 某某有限公司 and
 * 某某有限责任公司 are one unit. One is cut, never the whole name. */
static const char *const suffixes[] = {"股份有限公司", "有限责任公司", "有限公司", "责任公司",
                                       "集团公司",     "公司",         NULL};

/* Characters a key drops: spaces, brackets, dots and dashes. */
static int dropped(uint32_t cp)
{
	static const uint32_t set[] = {' ',    '\t',   '(',    ')',    '[',    ']',    '.',
	                               '-',    '_',    0x00B7, 0x3000, 0x3001, 0x3002, 0x3010,
	                               0x3011, 0x300C, 0x300D, 0x30FB, 0xFF08, 0xFF09, 0};
	for (int i = 0; set[i]; i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

char *fb_unit_name_key(const char *name, char *out, size_t size)
{
	size_t n = name ? strlen(name) : 0, len = 0;
	if (!size)
		return out;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = fb_utf8_decode(name + i, n - i, &cp);
		i += k ? k : 1;
		if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
			cp -= 0xFEE0;
		if (dropped(cp))
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		char buf[4];
		size_t m = fb_utf8_encode(cp, buf);
		if (len + m + 1 > size)
			break;
		memcpy(out + len, buf, m);
		len += m;
	}
	out[len] = '\0';
	for (int s = 0; suffixes[s]; s++) {
		size_t sl = strlen(suffixes[s]);
		if (len > sl && !memcmp(out + len - sl, suffixes[s], sl)) {
			out[len - sl] = '\0';
			break;
		}
	}
	return out;
}

/* fb_unit_key(name): the name key, NULL for NULL. */
static void sql_unit_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *name = (const char *)sqlite3_value_text(argv[0]);
	if (!name) {
		sqlite3_result_null(ctx);
		return;
	}
	size_t size = strlen(name) + 1;
	char *key = sqlite3_malloc64(size);
	if (!key) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	fb_unit_name_key(name, key, size);
	sqlite3_result_text(ctx, key, -1, sqlite3_free);
}

fb_status fb_unit_register(sqlite3 *db, fb_error *err)
{
	if (sqlite3_create_function(db, "fb_unit_key", 1,
	                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	                            sql_unit_key, NULL, NULL) != SQLITE_OK)
		return fb_error_set(err, FB_EDB, "", "%s", sqlite3_errmsg(db));
	return FB_OK;
}

fb_status fb_unit_validate(fb_store *st, const fb_unit *u, fb_error *err)
{
	fb_status s;
	if ((s = fb_check(st, FB_L_UNITS_KIND, u->kind, err)))
		return s;
	if (!strcmp(u->kind, "worker"))
		return fb_error_set(err, FB_EINVAL, "kind",
		                    _("a worker is recorded as a worker met, not as a unit"));
	if ((s = fb_check(st, FB_L_UNITS_NAME, u->name, err)) ||
	    (s = fb_check_num(st, FB_L_UNITS_ENTERPRISE_KINDS, u->enterprise_kinds, err)) ||
	    (s = fb_check(st, FB_L_UNITS_OWNERSHIP, u->ownership, err)) ||
	    (s = fb_check(st, FB_L_UNITS_SECTOR, u->sector, err)) ||
	    (s = fb_check_num(st, FB_L_UNITS_HEADCOUNT, u->headcount, err)) ||
	    (s = fb_check(st, FB_L_UNITS_ADDRESS, u->address, err)) ||
	    (s = fb_check(st, FB_L_UNITS_HAS_UNION, u->has_union[0] ? u->has_union : "unknown", err)) ||
	    (s = fb_check(st, FB_L_UNITS_CONTACT_PERSON, u->contact_person, err)) ||
	    (s = fb_check(st, FB_L_UNITS_CONTACT_PHONE, u->contact_phone, err)) ||
	    (s = fb_check(st, FB_L_UNITS_NOTE, u->note, err)))
		return s;
	if (u->enterprise_kinds && strcmp(u->kind, "enterprise"))
		return fb_error_set(err, FB_EINVAL, "enterprise_kinds",
		                    _("only an enterprise has kinds of enterprise"));
	if (u->group_id <= 0)
		return fb_error_set(err, FB_EINVAL, "group", _("is required"));
	return fb_check_group_ref(st, "group", u->group_id, err);
}

/* The live, unmerged unit of the group (other than self) that is the
 * same as key: equal key first, else one key containing the other. *other
 * gets its id (0: none) and name (caller frees). */
static fb_status find_same(fb_store *st, int64_t group, int64_t self, const char *key,
                           int64_t *other, char **name, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT id, name FROM units WHERE group_id = ?1 AND deleted = 0 AND merged_into IS "
		"NULL "
		"AND id <> ?2 AND (name_key = ?3 OR (length(?3) >= 2 AND length(name_key) >= 2 AND "
		"(instr(name_key, ?3) > 0 OR instr(?3, name_key) > 0))) "
		"ORDER BY name_key <> ?3, id LIMIT 1",
		err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, group);
	sqlite3_bind_int64(s, 2, self);
	sqlite3_bind_text(s, 3, key, -1, SQLITE_TRANSIENT);
	*other = 0;
	*name = NULL;
	int row = fb_store_step(st, s, err);
	if (row > 0) {
		*other = sqlite3_column_int64(s, 0);
		*name = fb_col_dup(s, 1);
	}
	sqlite3_reset(s);
	if (row < 0)
		return fb_stmt_failed(err);
	if (row > 0 && !*name)
		return fb_error_set(err, FB_ENOMEM, "", _("out of memory"));
	return FB_OK;
}

/* Fill in has_union's default, check u and that the acting person may
 * write it (a unit that is not there is left for the update to say). */
static fb_status may_save(fb_store *st, fb_unit *u, fb_error *err)
{
	if (!u->has_union[0])
		snprintf(u->has_union, sizeof u->has_union, "unknown");
	fb_status rc = fb_unit_validate(st, u, err);
	fb_perm_on on = {.group_id = u->group_id};
	if (rc || (rc = fb_perm_check(st, FB_ACT_LEDGER_WRITE, &on, err)) ||
	    (u->id && (rc = fb_perm_check_row(st, FB_ACT_LEDGER_WRITE, "units", u->id, err)) &&
	     rc != FB_ENOTFOUND))
		return rc;
	return FB_OK;
}

/* FB_EINVAL naming name if another unit of u's group has the name key
 * key: the same unit written another way (its id into *other, if not
 * NULL). */
static fb_status refuse_same(fb_store *st, const fb_unit *u, const char *key, int64_t *other,
                             fb_error *err)
{
	int64_t same = 0;
	char *name = NULL;
	fb_status rc = find_same(st, u->group_id, u->id, key, &same, &name, err);
	if (rc == FB_OK && same) {
		char vis[320];
		rc = fb_error_set(err, FB_EINVAL, "name",
		                  _("looks like unit %lld \"%s\" already in the ledger: use it, "
		                    "merge the two, or say it is a different unit"),
		                  (long long)same, fb_text_visible(name, 0, vis, sizeof vis));
		if (other)
			*other = same;
	}
	free(name);
	return rc;
}

/* The UPDATE of unit u, or its INSERT if it is new (?1 uuid, ?2-?13 the
 * fields, ?14-?16 origin, revision, time, ?17 id, ?18 group). */
static sqlite3_stmt *save_stmt(fb_store *st, const fb_unit *u, fb_error *err)
{
	if (u->id)
		return fb_store_stmt(
			st,
			"UPDATE units SET kind = ?2, name = ?3, name_key = ?4, enterprise_kinds = "
			"?5, "
			"ownership = ?6, sector = ?7, headcount = ?8, address = ?9, has_union = "
			"?10, "
			"contact_person = ?11, contact_phone = ?12, note = ?13, origin = ?14, rev "
			"= ?15, "
			"updated_at = ?16 WHERE id = ?17 AND deleted = 0 AND group_id = ?18",
			err);
	return fb_store_stmt(st,
	                     "INSERT INTO units (uuid, kind, name, name_key, "
	                     "enterprise_kinds, ownership, sector, "
	                     "headcount, address, has_union, contact_person, contact_phone, "
	                     "note, origin, rev, "
	                     "updated_at, group_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	                     "?9, ?10, ?11, ?12, "
	                     "?13, ?14, ?15, ?16, ?18)",
	                     err);
}

/* Bind unit u, its name key, this device, u->rev and now to s (save_stmt's). */
static void bind_unit(fb_store *st, sqlite3_stmt *s, const fb_unit *u, const char *key,
                      char *const sealed[2])
{
	char now[21];
	if (!u->id)
		fb_bind_text(s, 1, u->uuid);
	fb_bind_text(s, 2, u->kind);
	fb_bind_text(s, 3, u->name);
	fb_bind_text(s, 4, key);
	sqlite3_bind_int64(s, 5, u->enterprise_kinds);
	fb_bind_text(s, 6, u->ownership);
	fb_bind_text(s, 7, u->sector);
	sqlite3_bind_int64(s, 8, u->headcount);
	fb_bind_text(s, 9, u->address);
	fb_bind_text(s, 10, u->has_union);
	fb_bind_text(s, 11, sealed[0]); /* contact_person, contact_phone: sealed (seal.h) */
	fb_bind_text(s, 12, sealed[1]);
	fb_bind_text(s, 13, u->note);
	fb_bind_text(s, 14, fb_store_device(st));
	sqlite3_bind_int64(s, 15, u->rev);
	sqlite3_bind_text(s, 16, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	if (u->id)
		sqlite3_bind_int64(s, 17, u->id);
	sqlite3_bind_int64(s, 18, u->group_id);
}

static fb_status save_sealed(fb_store *st, fb_unit *u, int distinct, int64_t *other,
                             char *const sealed[2], fb_error *err);

fb_status fb_unit_save(fb_store *st, fb_unit *u, int distinct, int64_t *other, fb_error *err)
{
	if (other)
		*other = 0;
	fb_status rc = may_save(st, u, err);
	if (rc)
		return rc;
	static const char *const cols[2] = {"units.contact_person", "units.contact_phone"};
	const char *plain[2] = {u->contact_person, u->contact_phone};
	char *sealed[2];
	if ((rc = fb_seal_many(st, 2, cols, plain, sealed, err)))
		return rc;
	rc = save_sealed(st, u, distinct, other, sealed, err);
	fb_seal_many_free(2, sealed);
	return rc;
}

/* fb_unit_save's writing, the contact person and phone sealed. */
static fb_status save_sealed(fb_store *st, fb_unit *u, int distinct, int64_t *other,
                             char *const sealed[2], fb_error *err)
{
	fb_status rc;
	size_t ksize = strlen(u->name) + 1;
	char *key = malloc(ksize);
	if (!key)
		return fb_error_set(err, FB_ENOMEM, "", _("out of memory"));
	fb_unit_name_key(u->name, key, ksize);
	if (!distinct && (rc = refuse_same(st, u, key, other, err))) {
		free(key);
		return rc;
	}
	sqlite3_stmt *s = save_stmt(st, u, err);
	if (!s) {
		free(key);
		return fb_stmt_failed(err);
	}
	if ((!u->id && (rc = fb_new_uuid(u->uuid, err))) || (rc = fb_store_begin(st, err))) {
		free(key);
		return rc;
	}
	fb_hist_snap before = {0};
	if (u->id && (rc = fb_hist_take(st, "units", u->id, &before, err))) {
		fb_store_rollback(st);
		free(key);
		return rc;
	}
	u->rev = fb_store_next_rev(st);
	bind_unit(st, s, u, key, sealed);
	rc = fb_step_done(st, s, err);
	free(key);
	if (rc == FB_OK && u->id && sqlite3_changes(fb_store_db(st)) == 0)
		rc = fb_error_set(err, FB_ENOTFOUND, "id", _("no unit with id %lld in the group"),
		                  (long long)u->id);
	return fb_hist_save_end(st, "units", &u->id, &before, rc, err);
}

fb_status fb_unit_get(fb_store *st, int64_t id, fb_unit *out, fb_error *err)
{
	fb_status rc;
	sqlite3_stmt *s = fb_store_by_id(st,
	                                 "SELECT id, uuid, group_id, kind, name, enterprise_kinds, "
	                                 "ownership, sector, headcount, "
	                                 "address, has_union, contact_person, contact_phone, note, "
	                                 "coalesce(merged_into, 0), rev "
	                                 "FROM units WHERE id = ?1 AND deleted = 0",
	                                 id, &rc, err);
	memset(out, 0, sizeof *out);
	if (!s)
		return rc == FB_ENOTFOUND
		               ? fb_error_set(err, rc, "id", _("no unit with id %lld"), (long long)id)
		               : rc;
	rc = FB_OK;
	out->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, out->uuid, sizeof out->uuid);
	out->group_id = sqlite3_column_int64(s, 2);
	fb_col_copy(s, 3, out->kind, sizeof out->kind);
	out->name = fb_col_dup(s, 4);
	out->enterprise_kinds = (uint32_t)sqlite3_column_int64(s, 5);
	fb_col_copy(s, 6, out->ownership, sizeof out->ownership);
	out->sector = fb_col_dup(s, 7);
	out->headcount = sqlite3_column_int64(s, 8);
	out->address = fb_col_dup(s, 9);
	fb_col_copy(s, 10, out->has_union, sizeof out->has_union);
	out->contact_person = fb_col_dup(s, 11);
	out->contact_phone = fb_col_dup(s, 12);
	out->note = fb_col_dup(s, 13);
	out->merged_into = sqlite3_column_int64(s, 14);
	out->rev = sqlite3_column_int64(s, 15);
	if (!out->name || !out->sector || !out->address || !out->contact_person ||
	    !out->contact_phone || !out->note ||
	    fb_seal_reveal_field(st, "units.contact_person", &out->contact_person, err) ||
	    fb_seal_reveal_field(st, "units.contact_phone", &out->contact_phone, err))
		rc = fb_error_set(err, FB_ENOMEM, "", _("out of memory"));
	sqlite3_reset(s);
	if (rc)
		fb_unit_free(out);
	return rc;
}

void fb_unit_free(fb_unit *u)
{
	char **f[] = {&u->name,           &u->sector,        &u->address,
	              &u->contact_person, &u->contact_phone, &u->note};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		free(*f[i]);
		*f[i] = NULL;
	}
}

/* How many live visit links, workers and sheets point at the unit; -1 on
 * an error. */
static int64_t references(fb_store *st, int64_t id, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT (SELECT count(*) FROM log_units WHERE unit_id = ?1 AND deleted = 0) + "
		"(SELECT count(*) FROM workers WHERE unit_id = ?1 AND deleted = 0) + "
		"(SELECT count(*) FROM contact_sheets WHERE unit_id = ?1 AND deleted = 0)",
		err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int row = fb_store_step(st, s, err);
	int64_t n = row > 0 ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	return n;
}

fb_status fb_unit_delete(fb_store *st, int64_t id, fb_error *err)
{
	fb_status rc = fb_perm_check_row(st, FB_ACT_LEDGER_WRITE, "units", id, err);
	if (rc && rc != FB_ENOTFOUND)
		return rc;
	int64_t n = references(st, id, err);
	if (n < 0)
		return fb_stmt_failed(err);
	if (n > 0)
		return fb_error_set(
			err, FB_ESTATE, "id",
			_("unit %lld has %lld visits, workers or sheets: merge it into the "
		          "unit it really is instead"),
			(long long)id, (long long)n);
	rc = fb_tombstone(st, "units", id, err);
	if (rc == FB_ENOTFOUND)
		return fb_error_set(err, FB_ENOTFOUND, "id", _("no unit with id %lld"),
		                    (long long)id);
	return rc;
}

/* Run one write of the merge: ?1 from, ?2 into, ?3 origin, ?4 rev, ?5 now. */
static fb_status merge_step(fb_store *st, const char *sql, int64_t from, int64_t into,
                            const char *now, fb_error *err)
{
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return fb_stmt_failed(err);
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, into);
	fb_bind_text(s, 3, fb_store_device(st));
	sqlite3_bind_int64(s, 4, fb_store_next_rev(st));
	sqlite3_bind_text(s, 5, now, -1, SQLITE_TRANSIENT);
	return fb_step_done(st, s, err);
}

fb_status fb_unit_merge(fb_store *st, int64_t from, int64_t into, fb_error *err)
{
	if (from == into)
		return fb_error_set(err, FB_EINVAL, "into", _("a unit cannot be merged into itself"));
	fb_unit a, b;
	fb_status rc = fb_unit_get(st, from, &a, err);
	if (rc)
		return rc;
	rc = fb_unit_get(st, into, &b, err);
	if (rc) {
		fb_unit_free(&a);
		return rc;
	}
	if ((rc = fb_perm_check_row(st, FB_ACT_LEDGER_WRITE, "units", from, err)) ||
	    (rc = fb_perm_check_row(st, FB_ACT_LEDGER_WRITE, "units", into, err))) {
		fb_unit_free(&a);
		fb_unit_free(&b);
		return rc;
	}
	if (a.merged_into || b.merged_into)
		rc = fb_error_set(err, FB_ESTATE, "id",
		                  _("unit %lld was already merged into unit %lld"),
		                  (long long)(a.merged_into ? from : into),
		                  (long long)(a.merged_into ? a.merged_into : b.merged_into));
	else if (a.group_id != b.group_id)
		rc = fb_error_set(err, FB_EINVAL, "into",
		                  _("units of two work groups cannot be merged"));
	else if (strcmp(a.kind, b.kind))
		rc = fb_error_set(err, FB_EINVAL, "into",
		                  _("a unit of one kind cannot be merged into a unit of another"));
	fb_unit_free(&a);
	fb_unit_free(&b);
	if (rc)
		return rc;
	char now[21];
	fb_now_iso(now);
	static const char *const steps[] = {
		/* a pair the kept unit already has loses the merged unit's link */
		"UPDATE log_units SET deleted = 1, origin = ?3, rev = ?4, updated_at = ?5 "
		"WHERE unit_id = ?1 AND deleted = 0 AND log_id IN "
		"(SELECT log_id FROM log_units WHERE unit_id = ?2 AND deleted = 0)",
		"UPDATE log_units SET unit_id = ?2, origin = ?3, rev = ?4, updated_at = ?5 "
		"WHERE unit_id = ?1",
		"UPDATE workers SET unit_id = ?2, origin = ?3, rev = ?4, updated_at = ?5 "
		"WHERE unit_id = ?1",
		"UPDATE contact_sheets SET unit_id = ?2, origin = ?3, rev = ?4, updated_at = ?5 "
		"WHERE unit_id = ?1",
		"UPDATE units SET merged_into = ?2, origin = ?3, rev = ?4, updated_at = ?5 "
		"WHERE merged_into = ?1",
		"UPDATE units SET enterprise_kinds = enterprise_kinds | "
		"(SELECT enterprise_kinds FROM units WHERE id = ?1), origin = ?3, rev = ?4, "
		"updated_at = ?5 WHERE id = ?2",
		"UPDATE units SET merged_into = ?2, origin = ?3, rev = ?4, updated_at = ?5 "
		"WHERE id = ?1",
		NULL};
	if ((rc = fb_store_begin(st, err)))
		return rc;
	/* the merge is history: the merged record's merged_into, the kept one's kinds */
	fb_hist_snap ha = {0}, hb = {0};
	rc = fb_hist_take(st, "units", from, &ha, err);
	if (!rc)
		rc = fb_hist_take(st, "units", into, &hb, err);
	for (int i = 0; steps[i] && !rc; i++)
		rc = merge_step(st, steps[i], from, into, now, err);
	if (!rc)
		rc = fb_hist_changes(st, &ha, err);
	if (!rc)
		rc = fb_hist_changes(st, &hb, err);
	fb_hist_snap_free(&ha);
	fb_hist_snap_free(&hb);
	if (rc) {
		fb_store_rollback(st);
		return rc;
	}
	return fb_store_commit(st, err);
}

/* One row of a unit list or of the matches (the SELECTs below). */
static void read_row(sqlite3_stmt *s, void *row)
{
	fb_unit_row *r = row;
	r->id = sqlite3_column_int64(s, 0);
	fb_col_copy(s, 1, r->name, sizeof r->name);
	fb_col_copy(s, 2, r->kind, sizeof r->kind);
	r->enterprise_kinds = (uint32_t)sqlite3_column_int64(s, 3);
	r->visits = sqlite3_column_int64(s, 4);
	fb_col_copy(s, 5, r->last_visit, sizeof r->last_visit);
	fb_col_copy(s, 6, r->key, sizeof r->key);
}

#define ROW_COLUMNS                                                                             \
	"u.id, u.name, u.kind, u.enterprise_kinds, "                                            \
	"(SELECT count(*) FROM log_units v WHERE v.unit_id = u.id AND v.deleted = 0), "         \
	"coalesce((SELECT max(v.date) FROM log_units v WHERE v.unit_id = u.id AND v.deleted = " \
	"0), "                                                                                  \
	"''), u.name_key"

int fb_unit_match(fb_store *st, int64_t group_id, const char *text, fb_unit_row *rows, int max,
                  fb_error *err)
{
	if (max <= 0 || !text)
		return 0;
	if (max > FB_PAGE_MAX)
		max = FB_PAGE_MAX;
	char key[512];
	fb_unit_name_key(text, key, sizeof key);
	if (!key[0])
		return 0;
	/* ?1 key, ?2 group, ?3 limit. The index narrows to the units holding
	 * every bigram; instr verifies; the best come first. */
	sqlite3_stmt *s = fb_store_stmt(
		st,
		"SELECT " ROW_COLUMNS " FROM (SELECT m.id, m.name_key <> ?1 AS inexact, "
		"instr(m.name_key, ?1) <> 1 AS inside, length(m.name_key) AS len "
		"FROM units_fts JOIN units m ON m.id = units_fts.rowid "
		"WHERE units_fts MATCH fb_search_query(?1) AND instr(m.name_key, ?1) > 0 "
		"AND (?2 = 0 OR m.group_id = ?2) ORDER BY inexact, inside, len, m.id LIMIT ?3) b "
		"JOIN units u ON u.id = b.id ORDER BY b.inexact, b.inside, b.len, u.id",
		err);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, group_id);
	return fb_page_run(st, s, 3, rows, sizeof *rows, max, 0, read_row, err);
}

int fb_unit_page(fb_store *st, const fb_unit_filter *f, fb_page_dir dir, const fb_cursor *from,
                 fb_unit_row *rows, int max, fb_error *err)
{
	static const fb_unit_filter none = {0};
	if (!f)
		f = &none;
	int go = fb_page_begin(dir, from, &max, err);
	if (go <= 0)
		return go;
	char cond[128], order[96], sql[1536], key[512] = "";
	int reverse;
	/* (kind, id): the units of one kind together, oldest first */
	fb_page_sql("u.kind", "u.id", 1, dir, cond, sizeof cond, order, sizeof order, &reverse);
	if (f->text)
		fb_unit_name_key(f->text, key, sizeof key);
	/* ?1 ?2 cursor, ?3 group, ?4 kind, ?5 key, ?6 limit */
	snprintf(sql, sizeof sql,
	         "SELECT " ROW_COLUMNS " FROM units u WHERE u.deleted = 0%s%s%s%s%s%s "
	         "ORDER BY %s LIMIT ?6",
	         f->include_merged ? "" : " AND u.merged_into IS NULL", cond[0] ? " AND " : "",
	         cond, f->group_id ? " AND u.group_id = ?3" : "", f->kind ? " AND u.kind = ?4" : "",
	         key[0] ? " AND instr(u.name_key, ?5) > 0" : "", order);
	sqlite3_stmt *s = fb_store_stmt(st, sql, err);
	if (!s)
		return -1;
	fb_page_bind_cursor(s, cond, from);
	if (f->group_id)
		sqlite3_bind_int64(s, 3, f->group_id);
	if (f->kind)
		sqlite3_bind_text(s, 4, f->kind, -1, SQLITE_TRANSIENT);
	if (key[0])
		sqlite3_bind_text(s, 5, key, -1, SQLITE_TRANSIENT);
	return fb_page_run(st, s, 6, rows, sizeof *rows, max, reverse, read_row, err);
}

void fb_unit_row_cursor(const fb_unit_row *row, fb_cursor *c)
{
	snprintf(c->key, sizeof c->key, "%s", row->kind);
	c->id = row->id;
}
