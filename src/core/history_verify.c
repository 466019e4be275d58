/* history_verify.c - checking the history's chains: every device's chain
 * in a database, or one range of entries of a device as a bundle brings
 * them, for entries changed, out of order or missing. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fieldbook/history.h"
#include "fieldbook/i18n.h"
#include "internal.h"

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

/* The entry of q's row (the columns of fb_history_entry in order, from 0);
 * its strings are q's until its next step. */
static fb_history_entry entry_of(sqlite3_stmt *q)
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
	return e;
}

/* One row of the walk. */
static int walk_row(fb_store *st, walk *w, sqlite3_stmt *q, fb_history_break *b, fb_error *err)
{
	fb_history_entry e = entry_of(q);
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
		fb_history_entry e = entry_of(q);
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
