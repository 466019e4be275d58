/* import_history.c - the history a bundle brings is evidence: every entry
 * is what its hash says and the same as this database's copy of it
 * (import_record.c asks imp_history_entry for each row); once all rows are
 * in, each device's entries must chain - entry n's prev_hash the hash of
 * entry n - 1 - continuously with what this database held before, and end
 * at the chain head the manifest names. A chain the sender carries whole
 * (its own) must have no gap, from the entry before the bundle's first
 * on. Any break refuses the whole bundle (the import's transaction is
 * rolled back), naming the device and the entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "import.h"

struct imp_chain {
	char device[65];
	int64_t first, last; /* the bundle's lowest and highest entry of device */
	int64_t fork_at;     /* a cloned device: its other branch from this entry on */
};

/* The chain of device among those met, added if new; NULL when memory is
 * short. */
static struct imp_chain *chain_of(importer *im, const char *device)
{
	for (int i = im->nchains - 1; i >= 0; i--)
		if (!strcmp(im->chains[i].device, device))
			return &im->chains[i];
	if (im->nchains == im->chains_cap) {
		int cap = im->chains_cap ? im->chains_cap * 2 : 8;
		struct imp_chain *c = realloc(im->chains, (size_t)cap * sizeof *c);
		if (!c)
			return NULL;
		im->chains = c;
		im->chains_cap = cap;
	}
	struct imp_chain *c = &im->chains[im->nchains++];
	snprintf(c->device, sizeof c->device, "%s", device);
	c->first = c->last = c->fork_at = 0;
	return c;
}

fb_status imp_history_entry(importer *im, const fb_history_entry *e, fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(im->st,
	                                "SELECT uuid, hash FROM history WHERE device = ?1 "
	                                "AND seq = ?2",
	                                err);
	if (!q)
		return err && err->code ? err->code : FB_EDB;
	sqlite3_bind_text(q, 1, e->device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, e->seq);
	int row = fb_store_step(im->st, q, err);
	int differs = row == 1 && (strcmp((const char *)sqlite3_column_text(q, 0), e->uuid) ||
	                           strcmp((const char *)sqlite3_column_text(q, 1), e->hash));
	sqlite3_reset(q);
	if (row < 0)
		return err && err->code ? err->code : FB_EDB;
	struct imp_chain *c = chain_of(im, e->device);
	if (!c)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	/* Two laptops sharing one device id (a copied disk, found out by the
	 * lanes) each continue the chain: the other branch is kept as
	 * conflicts for review, from where it leaves this database's. */
	int cloned = im->lane.clone || im->sum->clone_suspected ||
	             (differs && imp_history_forks(im, e->device)); /* found out here */
	if (cloned && (differs || (c->fork_at && e->seq > c->fork_at && row == 0))) {
		if (!c->fork_at || e->seq < c->fork_at)
			c->fork_at = e->seq;
		im->row_fork = 1;
		return FB_OK;
	}
	if (differs)
		return fb_error_set(
			err, FB_EINVAL, "hash",
			_("entry %lld of device %s is not the one this database holds: one "
		          "of them was changed after it was written"),
			(long long)e->seq, e->device);
	if (!c->first || e->seq < c->first)
		c->first = e->seq;
	if (e->seq > c->last)
		c->last = e->seq;
	return FB_OK;
}

int imp_history_fork(importer *im, const imp_row *rw)
{
	static const char *const cols[] = {"device",    "seq",         "at",        "actor_name",
	                                   "table",     "record_uuid", "op",        "field",
	                                   "old_value", "new_value",   "prev_hash", "hash"};
	char *json = NULL, what[160];
	size_t len = 0;
	FILE *f = open_memstream(&json, &len);
	if (!f) {
		fb_error_set(&im->fatal, FB_ENOMEM, NULL, _("out of memory"));
		return -1;
	}
	fputc('{', f);
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		for (int j = 0; j < im->t->ncols; j++)
			if (!strcmp(im->t->cols[j].csv, cols[i])) {
				fprintf(f, "%s\"%s\": ", i ? ", " : "", cols[i]);
				fb_sync_json_str(f, rw->val[j] ? rw->val[j] : "");
			}
	fputc('}', f);
	if (fclose(f)) {
		free(json);
		fb_error_set(&im->fatal, FB_ENOMEM, NULL, _("out of memory"));
		return -1;
	}
	snprintf(what, sizeof what, _("an entry of the history of device %s"), rw->origin);
	int rc = imp_keep_conflict(im, rw, 0, rw->rev, rw->origin, json, what,
	                           _("the other laptop with this device id wrote another entry "
	                             "here: kept for review"));
	free(json);
	return rc < 0 ? -1 : IMP_SKIP;
}

/* Refuse the bundle for device's chain: history.csv, why. */
static fb_status refuse(fb_error *err, const char *why)
{
	fb_error_set(err, FB_EINVAL, "history", "%s", why);
	fb_error_at(err, "history.csv", 0);
	return FB_EINVAL;
}

/* Remember that device's chain is here whole up to seq. */
static fb_status note_whole(importer *im, const char *device, int64_t seq, fb_error *err)
{
	sqlite3_stmt *u = fb_store_stmt(
		im->st,
		"INSERT INTO history_chains (device, whole_to) VALUES (?1, ?2) ON CONFLICT(device) "
		"DO UPDATE SET whole_to = max(whole_to, excluded.whole_to)",
		err);
	if (!u)
		return err && err->code ? err->code : FB_EDB;
	sqlite3_bind_text(u, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(u, 2, seq);
	int rc = fb_store_step(im->st, u, err);
	sqlite3_reset(u);
	return rc < 0 ? (err && err->code ? err->code : FB_EDB) : FB_OK;
}

/* The hash of device's entry seq here into out ("" if none); -1 on error. */
static int hash_here(importer *im, const char *device, int64_t seq, char out[65], fb_error *err)
{
	sqlite3_stmt *q = fb_store_stmt(im->st,
	                                "SELECT hash FROM history WHERE device = ?1 AND "
	                                "seq = ?2",
	                                err);
	if (!q)
		return -1;
	sqlite3_bind_text(q, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, seq);
	out[0] = 0;
	int row = fb_store_step(im->st, q, err);
	if (row == 1)
		snprintf(out, 65, "%s", sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	return row < 0 ? -1 : 0;
}

fb_status imp_history_check(importer *im, fb_error *err)
{
	char why[512], hash[65];
	for (int i = 0; i < im->nchains; i++) {
		const struct imp_chain *c = &im->chains[i];
		if (!c->first)
			continue; /* every entry of it was the other branch of a clone */
		const fb_manifest_head *h =
			im->bare || c->fork_at ? NULL : fb_manifest_find_head(im->m, c->device);
		if (!im->bare && !h && !c->fork_at) {
			snprintf(why, sizeof why,
			         _("the manifest names no chain head for the history of "
			           "device %s"),
			         c->device);
			return refuse(err, why);
		}
		if (h && h->seq != c->last) {
			snprintf(why, sizeof why,
			         _("the history of device %s ends at entry %lld, but the "
			           "manifest says it ends at entry %lld: entries are "
			           "missing"),
			         c->device, (long long)c->last, (long long)h->seq);
			return refuse(err, why);
		}
		int whole = h && h->whole;
		fb_history_break b;
		int rc = fb_history_verify_range(im->st, c->device, c->first, c->last, whole, &b,
		                                 err);
		if (rc < 0)
			return err && err->code ? err->code : FB_EDB;
		if (rc > 0)
			return refuse(err, b.msg);
		if (h) {
			if (hash_here(im, c->device, h->seq, hash, err) < 0)
				return err && err->code ? err->code : FB_EDB;
			if (strcmp(hash, h->hash)) {
				snprintf(why, sizeof why,
				         _("entry %lld of device %s is not the chain head the "
				           "manifest names"),
				         (long long)h->seq, c->device);
				return refuse(err, why);
			}
		}
		/* whole from entry 1 on, if the range follows what is here */
		if (whole && c->first > 1 && hash_here(im, c->device, c->first - 1, hash, err) < 0)
			return err && err->code ? err->code : FB_EDB;
		fb_status s;
		if (whole && (c->first == 1 || *hash) && strcmp(c->device, fb_store_device(im->st)) &&
		    (s = note_whole(im, c->device, h->seq, err)))
			return s;
	}
	return FB_OK;
}

void imp_history_free(importer *im)
{
	free(im->chains);
	im->chains = NULL;
	im->nchains = im->chains_cap = 0;
}
