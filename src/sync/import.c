/* import.c - validate a bundle and apply it in one transaction.
 *
 * The zip's members are checked first (names, duplicates, sizes,
 * compression ratio), then the manifest. Each table's CSV is streamed
 * straight from the zip through the CSV reader; every row is validated
 * (types, dates, codes, references, duplicate UUIDs) and applied inside the
 * one transaction, which is the staging area: if any row is rejected, a
 * checksum or row count differs, or --dry-run was asked, the transaction is
 * rolled back and the database is exactly as before. Memory stays flat: one
 * record at a time, duplicate detection in a temporary table.
 *
 * Apply rule, per record (uuid) with local version L and incoming I:
 *  - no L: insert;  same (rev, origin): unchanged;
 *  - the two versions are concurrent when they come from different devices,
 *    the sender had not seen L (L.rev > what the manifest says the sender
 *    had seen of L.origin) and we had not seen I (I.rev > what sync_seen
 *    says we had imported from I.origin): a conflict. The higher (rev,
 *    origin) wins, the other version goes to sync_conflicts as JSON;
 *  - otherwise the higher (rev, origin) wins silently (a stale copy from an
 *    older bundle never overwrites a newer one; a tombstone is a version
 *    like any other, so an old bundle cannot resurrect a deleted record).
 * Ticket events are append-only: inserted when missing; the status of every
 * ticket that got events is replayed from its merged history by the core. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "csvio.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/search.h"
#include "fieldbook/sync.h"
#include "fieldbook/ticket.h"
#include "manifest.h"
#include "sha256.h"
#include "sync_internal.h"
#include "tables.h"

#define MAXCOLS 24
#define DEFAULT_MAX_MEMBER (4ull << 30)
#define BOMB_RATIO 200        /* uncompressed/compressed beyond this is refused */
#define BOMB_MIN (16u << 20)  /* ... for members larger than this */
#define MAX_ORIGINS 1024

#define REF_SLOTS 64

typedef struct ref_slot {
	int64_t id;                  /* 0: empty */
	char uuid[37];
} ref_slot;

typedef struct origin_rev {
	char origin[65];
	int64_t rev;
} origin_rev;

typedef struct imp {
	fb_store *st;
	sqlite3 *db;
	const fb_import_opts *opts;
	fb_sync_summary *sum;
	const fb_manifest *m;
	int failed;                  /* some row was rejected */
	long seq;                    /* rows processed, for progress */
	/* the table being read */
	const fb_sync_table *t;
	int tindex;
	fb_sync_counts *cnt;
	int header;                  /* header row seen */
	int pos[MAXCOLS];            /* spec column -> CSV column, -1: absent (F_LATER) */
	int npresent;                /* columns in the CSV */
	sqlite3_stmt *lookup, *ins, *upd, *local_json, *cat, *dup, *dup_line, *touch, *conflict;
	sqlite3_stmt *ref[MAXCOLS];
	ref_slot (*refs)[REF_SLOTS]; /* a small cache per reference column */
	char cat_ok[MAXCOLS][64];    /* last code found valid per column */
	/* what this device had seen before the import; what the bundle brings */
	origin_rev *local_seen;
	int nlocal;
	origin_rev *incoming;
	int nincoming;
	int64_t maxrev;
	char manifest_sha[65];       /* of manifest.txt, "" for a bare CSV */
	int known_content;           /* same bundle and manifest imported before */
	int bare;                    /* a lone CSV (edited in Excel?), no manifest */
	/* bulk mode (search.h): the text index is rebuilt once at the end
	 * instead of row by row while many logs are written */
	fb_search_bulk bulk;
	int bulk_on;
	int bulk_load;               /* the bundle's logs take the bulk path */
	int cache_size;              /* main.cache_size before the import (0: unknown) */
} imp;

/* ------------------------------------------------------------ helpers */

/* The uuid -> id cache of a reference column, direct-mapped: a bundle's
 * logs name a few dozen authors and groups over and over. */
static unsigned ref_slot_of(const char *uuid)
{
	uint32_t h = 2166136261u;
	for (const char *p = uuid; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h % REF_SLOTS;
}

static int prep(imp *im, sqlite3_stmt **s, const char *sql)
{
	return sqlite3_prepare_v2(im->db, sql, -1, s, NULL) != SQLITE_OK;
}

static int64_t local_seen(imp *im, const char *origin)
{
	if (!strcmp(origin, fb_store_device(im->st)))
		return INT64_MAX;
	for (int i = 0; i < im->nlocal; i++)
		if (!strcmp(im->local_seen[i].origin, origin))
			return im->local_seen[i].rev;
	return 0;
}

/* Remember the highest incoming revision per origin (few devices; the
 * last one found is checked first since rows come grouped). */
static void note_incoming(imp *im, const char *origin, int64_t rev)
{
	static int last;
	if (rev > im->maxrev)
		im->maxrev = rev;
	if (last < im->nincoming && !strcmp(im->incoming[last].origin, origin)) {
		if (rev > im->incoming[last].rev)
			im->incoming[last].rev = rev;
		return;
	}
	for (int i = 0; i < im->nincoming; i++)
		if (!strcmp(im->incoming[i].origin, origin)) {
			last = i;
			if (rev > im->incoming[i].rev)
				im->incoming[i].rev = rev;
			return;
		}
	if (im->nincoming < MAX_ORIGINS) {
		snprintf(im->incoming[im->nincoming].origin, 65, "%s", origin);
		im->incoming[im->nincoming].rev = rev;
		last = im->nincoming++;
	}
}

/* Add an issue to the summary (the first FB_SYNC_MAX_ISSUES are kept). */
static void add_issue(fb_sync_summary *sum, int conflict, const char *file, long line,
                      const char *field, const char *uuid, const char *msg)
{
	if (sum->nissues >= FB_SYNC_MAX_ISSUES) {
		sum->more_issues++;
		return;
	}
	fb_sync_issue *is = &sum->issue[sum->nissues++];
	is->conflict = conflict;
	snprintf(is->file, sizeof is->file, "%s", file);
	is->line = line;
	snprintf(is->field, sizeof is->field, "%s", field ? field : "");
	snprintf(is->uuid, sizeof is->uuid, "%s", uuid ? uuid : "");
	snprintf(is->msg, sizeof is->msg, "%s", msg);
}

/* Reject the current row: counted, listed, and the import will fail. */
static int reject(imp *im, fb_csv_reader *r, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int reject(imp *im, fb_csv_reader *r, const char *field, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	im->failed = 1;
	im->cnt->rejected++;
	add_issue(im->sum, 0, im->t->file, fb_csv_reader_line(r), field, NULL, msg);
	return 0; /* go on reading: report every bad row at once */
}

/* Append s as a JSON string to the memstream f. */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p == '\r')
			fputs("\\r", f);
		else if (*p == '\t')
			fputs("\\t", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static int is_number_kind(int k)
{
	return k == C_INT || k == C_REV || k == C_DELETED;
}

/* The losing version as JSON: from the bundle's values, or (local) from
 * the database row. Caller frees. */
static char *loser_json(imp *im, const char *uuid, const char **val, int local)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	const fb_sync_table *t = im->t;
	int have = 1;
	if (local) {
		sqlite3_reset(im->local_json);
		sqlite3_bind_text(im->local_json, 1, uuid, -1, SQLITE_STATIC);
		have = sqlite3_step(im->local_json) == SQLITE_ROW;
	}
	fputc('{', f);
	for (int j = 0; have && j < t->ncols; j++) {
		const char *v = local ? (const char *)sqlite3_column_text(im->local_json, j) : val[j];
		if (j)
			fputc(',', f);
		json_str(f, t->cols[j].csv);
		fputc(':', f);
		if (!v || (!*v && t->cols[j].flags & F_OPT && t->cols[j].kind != C_TEXT))
			fputs("null", f);
		else if (is_number_kind(t->cols[j].kind))
			fputs(v, f);
		else
			json_str(f, v);
	}
	fputc('}', f);
	if (local)
		sqlite3_reset(im->local_json);
	fclose(f);
	return buf;
}

/* ---------------------------------------------------------- validation */

static int valid_int(const char *s, int64_t *out)
{
	if (!*s || strlen(s) > 18)
		return 0;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return 1;
}

/* A date as written by fieldbook (2026-11-22) or by Excel (2026/11/22),
 * normalised into out. */
static int valid_date(const char *s, char out[11])
{
	fb_date d;
	if (*s < '0' || *s > '9' || fb_date_parse(s, &d, "", NULL))
		return 0;
	fb_date_format(d, out);
	return 1;
}

/* A time 2026-11-22T08:30:00Z (also Excel's "2026/11/22 8:30[:00]"),
 * normalised into out. */
static int valid_time(const char *s, char out[21])
{
	/* fast path: exactly what fieldbook writes */
	if (strlen(s) == 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
	    s[16] == ':' && s[19] == 'Z') {
		int v[6], pos[6] = {0, 5, 8, 11, 14, 17}, w[6] = {4, 2, 2, 2, 2, 2};
		for (int i = 0; i < 6; i++) {
			v[i] = 0;
			for (int k = 0; k < w[i]; k++) {
				char c = s[pos[i] + k];
				if (c < '0' || c > '9')
					return 0;
				v[i] = v[i] * 10 + (c - '0');
			}
		}
		fb_date dd = {v[0], v[1], v[2]};
		if (!fb_date_valid(dd) || v[3] > 23 || v[4] > 59 || v[5] > 60)
			return 0;
		memcpy(out, s, 21);
		return 1;
	}
	int y, mo, d, h, mi, sec = 0, n = 0;
	char sep1, sep2, t;
	if (sscanf(s, "%4d%c%2d%c%2d%c%2d:%2d%n", &y, &sep1, &mo, &sep2, &d, &t, &h, &mi, &n) != 8)
		return 0;
	if (sep1 != sep2 || (sep1 != '-' && sep1 != '/') || (t != 'T' && t != ' '))
		return 0;
	const char *p = s + n;
	if (*p == ':') {
		int k = 0;
		if (sscanf(p, ":%2d%n", &sec, &k) != 1)
			return 0;
		p += k;
	}
	if (*p == 'Z')
		p++;
	fb_date dd = {y, mo, d};
	if (*p || !fb_date_valid(dd) || h > 23 || mi > 59 || sec > 60 || h < 0 || mi < 0 || sec < 0)
		return 0;
	char tmp[80];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, sec);
	if (strlen(tmp) != 20)
		return 0;
	memcpy(out, tmp, 21);
	return 1;
}

/* Text: no control characters but tab and line breaks. */
static int valid_text(const char *s, size_t n, int required)
{
	int blank = 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return 0;
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			blank = 0;
	}
	return !(required && blank);
}

static int valid_origin(const char *s, size_t n)
{
	if (!n || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	return 1;
}

static int category_ok(imp *im, int j, const char *kind, const char *code)
{
	if (!strcmp(im->cat_ok[j], code))
		return 1;
	sqlite3_reset(im->cat);
	sqlite3_bind_text(im->cat, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->cat, 2, code, -1, SQLITE_STATIC);
	int ok = sqlite3_step(im->cat) == SQLITE_ROW;
	sqlite3_reset(im->cat);
	if (ok && strlen(code) < sizeof im->cat_ok[j])
		strcpy(im->cat_ok[j], code);
	return ok;
}

/* Id of the referenced record, 0 if missing. */
static int64_t resolve(imp *im, int j, const char *uuid)
{
	ref_slot *slot = &im->refs[j][ref_slot_of(uuid)];
	if (slot->id && !strcmp(slot->uuid, uuid))
		return slot->id;
	sqlite3_stmt *s = im->ref[j];
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	int64_t id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (id && strlen(uuid) < sizeof slot->uuid) {
		strcpy(slot->uuid, uuid);
		slot->id = id;
	}
	return id;
}

/* 1 if the bundle's values differ from the database row of uuid. */
static int differs(imp *im, const char *uuid, const char **val, const int64_t *num)
{
	const fb_sync_table *t = im->t;
	sqlite3_stmt *s = im->local_json;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	int diff = 0;
	if (sqlite3_step(s) == SQLITE_ROW) {
		for (int j = 0; j < t->ncols && !diff; j++) {
			int k = t->cols[j].kind;
			if (im->pos[j] < 0)
				continue; /* not in the bundle: kept as it is */
			if (k == C_INT || k == C_REV || k == C_DELETED) {
				diff = sqlite3_column_int64(s, j) != num[j];
			} else {
				const char *v = (const char *)sqlite3_column_text(s, j);
				diff = strcmp(v ? v : "", val[j]) != 0;
			}
		}
	}
	sqlite3_reset(s);
	return diff;
}

/* ------------------------------------------------------------ one row */

static int prepare_update(imp *im);

/* Check the header: every column known, none twice, none missing (but for
 * columns added later, which older bundles lack). */
static int read_header(imp *im, fb_csv_reader *r, char **field, int n)
{
	const fb_sync_table *t = im->t;
	for (int j = 0; j < t->ncols; j++)
		im->pos[j] = -1;
	for (int i = 0; i < n; i++) {
		int found = -1;
		for (int j = 0; j < t->ncols; j++)
			if (!strcmp(field[i], t->cols[j].csv))
				found = j;
		if (found < 0) {
			fb_csv_reader_fail(r, FB_EFORMAT, field[i], _("unknown column"));
			return 1;
		}
		if (im->pos[found] >= 0) {
			fb_csv_reader_fail(r, FB_EFORMAT, field[i], _("column appears twice"));
			return 1;
		}
		im->pos[found] = i;
	}
	int absent = 0;
	for (int j = 0; j < t->ncols; j++)
		if (im->pos[j] < 0) {
			if (t->cols[j].flags & F_LATER) { /* a bundle from an older fieldbook */
				absent = 1;
				continue;
			}
			fb_csv_reader_fail(r, FB_EFORMAT, t->cols[j].csv, _("missing column"));
			return 1;
		}
	im->npresent = n;
	im->header = 1;
	if (absent && prepare_update(im)) {
		fb_csv_reader_fail(r, FB_EDB, "", "%s", sqlite3_errmsg(im->db));
		return 1;
	}
	return 0;
}

static int gt(int64_t ra, const char *oa, int64_t rb, const char *ob)
{
	return ra > rb || (ra == rb && strcmp(oa, ob) > 0);
}

static int step_write(imp *im, sqlite3_stmt *s, fb_csv_reader *r)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return 0;
	fb_csv_reader_fail(r, FB_EDB, "", "%s", sqlite3_errmsg(im->db));
	return 1;
}

/* Note that this import has dealt with row id of the current table (first
 * met on line). 0 the first time; 1 if it was met before, with that line in
 * *first; -1 on a database error. The key packs table and id into one
 * integer: the temp table is a dense, mostly appended b-tree (a few bytes a
 * row), so its bounded cache holds large bundles. */
static int remember_row(imp *im, int64_t id, long line, long *first)
{
	int64_t key = ((int64_t)im->tindex << 40) | id;
	sqlite3_reset(im->dup);
	sqlite3_bind_int64(im->dup, 1, key);
	sqlite3_bind_int64(im->dup, 2, line);
	int rc = sqlite3_step(im->dup);
	sqlite3_reset(im->dup);
	if (rc == SQLITE_DONE)
		return 0;
	if ((rc & 0xff) != SQLITE_CONSTRAINT)
		return -1;
	sqlite3_reset(im->dup_line);
	sqlite3_bind_int64(im->dup_line, 1, key);
	if (first && sqlite3_step(im->dup_line) == SQLITE_ROW)
		*first = (long)sqlite3_column_int64(im->dup_line, 0);
	sqlite3_reset(im->dup_line);
	return 1;
}

static int on_row(fb_csv_reader *r, char **field, size_t *len, int n, void *ctx)
{
	imp *im = ctx;
	const fb_sync_table *t = im->t;
	if (!im->header)
		return read_header(im, r, field, n);
	im->cnt->rows++;
	if (n != im->npresent)
		return reject(im, r, "", _("%d columns, expected %d"), n, im->npresent);
	if (im->opts->progress && ++im->seq % 20000 == 0)
		im->opts->progress(im->opts->progress_ctx, t->name, im->cnt->rows);

	const char *val[MAXCOLS];
	char norm[MAXCOLS][21];
	int64_t num[MAXCOLS];
	int64_t rev = 0;
	const char *uuid = NULL, *origin = NULL;
	char empty[1] = ""; /* the value of a column the bundle does not have */
	for (int j = 0; j < t->ncols; j++) {
		const fb_sync_col *c = &t->cols[j];
		int i = im->pos[j];
		char *v = i < 0 ? empty : field[i];
		size_t vn = i < 0 ? 0 : len[i];
		if (c->kind == C_TEXT || c->kind == C_CAT || c->kind == C_REV)
			vn = fb_csv_cell_restore(v, vn);
		val[j] = v;
		num[j] = 0;
		int opt_empty = !vn && (c->flags & F_OPT);
		switch (c->kind) {
		case C_UUID:
			if (!fb_uuid_valid(v))
				return reject(im, r, c->csv, _("not a UUID: %.40s"), v);
			uuid = v;
			break;
		case C_REF:
			if (opt_empty)
				break;
			if (!fb_uuid_valid(v))
				return reject(im, r, c->csv, _("not a UUID: %.40s"), v);
			if (!(num[j] = resolve(im, j, v)))
				return reject(im, r, c->csv, _("refers to %s %s, which is neither in the "
				                               "bundle nor in the database"), c->ref, v);
			break;
		case C_TEXT:
			if (!valid_text(v, vn, c->flags & F_REQ))
				return reject(im, r, c->csv, vn ? _("control character in the text")
				                                  : _("must not be empty"));
			break;
		case C_CAT:
			if (opt_empty)
				break;
			if (!category_ok(im, j, c->ref, v))
				return reject(im, r, c->csv, _("unknown code '%.40s'"), v);
			break;
		case C_INT:
		case C_REV:
			if (!valid_int(v, &num[j]))
				return reject(im, r, c->csv, _("not a whole number: '%.40s'"), v);
			if (c->kind == C_REV)
				rev = num[j];
			break;
		case C_DELETED:
			if (strcmp(v, "0") && strcmp(v, "1"))
				return reject(im, r, c->csv, _("must be 0 or 1"));
			num[j] = v[0] == '1';
			break;
		case C_DATE:
			if (opt_empty)
				break;
			if (!valid_date(v, norm[j]))
				return reject(im, r, c->csv, _("not a date like 2026-11-22: '%.40s'"), v);
			val[j] = norm[j];
			break;
		case C_TIME:
		case C_UPDATED:
			if (opt_empty)
				break;
			if (!valid_time(v, norm[j]))
				return reject(im, r, c->csv,
				              _("not a time like 2026-11-22T08:30:00Z: '%.40s'"), v);
			val[j] = norm[j];
			break;
		case C_ORIGIN:
			if (!valid_origin(v, vn))
				return reject(im, r, c->csv, _("not a device id"));
			origin = v;
			break;
		}
	}

	/* The local version. */
	sqlite3_reset(im->lookup);
	sqlite3_bind_text(im->lookup, 1, uuid, -1, SQLITE_STATIC);
	int found = sqlite3_step(im->lookup) == SQLITE_ROW;
	int64_t lid = 0, lrev = 0;
	char lorigin[65] = "";
	if (found) {
		lid = sqlite3_column_int64(im->lookup, 0);
		lrev = sqlite3_column_int64(im->lookup, 1);
		snprintf(lorigin, sizeof lorigin, "%s", sqlite3_column_text(im->lookup, 2));
	}
	sqlite3_reset(im->lookup);

	/* A uuid twice in the bundle: its row was inserted or looked at
	 * already. Rows are remembered by local id (new ones once inserted). */
	if (found) {
		long first = 0;
		int rc = remember_row(im, lid, fb_csv_reader_line(r), &first);
		if (rc < 0) {
			fb_csv_reader_fail(r, FB_EDB, "", "%s", sqlite3_errmsg(im->db));
			return 1;
		}
		if (rc)
			return reject(im, r, "uuid", _("the same uuid is on an earlier line (%ld)"),
			              first);
	}
	if (im->failed)
		return 0; /* keep validating, but write nothing more */
	note_incoming(im, origin, rev);

	sqlite3_stmt *w = NULL;
	int restamp = 0;
	if (!found) {
		w = im->ins;
		im->cnt->inserted++;
	} else if (t->append_only) {
		im->cnt->unchanged++;
	} else if (lrev == rev && !strcmp(lorigin, origin)) {
		/* The same version. In a lone CSV, edited cells with the revision
		 * left as it was are an edit made here (in Excel): a new version. */
		if (im->bare && differs(im, uuid, val, num)) {
			w = im->upd;
			restamp = 1;
			im->cnt->updated++;
		} else {
			im->cnt->unchanged++;
		}
	} else {
		int newer = gt(rev, origin, lrev, lorigin);
		int concurrent = strcmp(origin, lorigin) &&
		                 lrev > fb_manifest_seen_rev(im->m, lorigin) &&
		                 rev > local_seen(im, origin);
		if (concurrent) {
			char *json = loser_json(im, uuid, val, newer);
			char at[21], msg[256];
			im->cnt->conflicts++;
			sqlite3_stmt *cs = im->conflict;
			sqlite3_reset(cs);
			sqlite3_bind_text(cs, 1, t->name, -1, SQLITE_STATIC);
			sqlite3_bind_text(cs, 2, uuid, -1, SQLITE_STATIC);
			sqlite3_bind_int64(cs, 3, newer ? rev : lrev);
			sqlite3_bind_int64(cs, 4, newer ? lrev : rev);
			sqlite3_bind_text(cs, 5, newer ? lorigin : origin, -1, SQLITE_STATIC);
			sqlite3_bind_text(cs, 6, json ? json : "{}", -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(cs, 7, fb_now_iso(at), -1, SQLITE_TRANSIENT);
			free(json);
			if (step_write(im, cs, r))
				return 1;
			snprintf(msg, sizeof msg,
			         newer ? _("changed on both sides: the bundle's version wins, this "
			                   "database's is kept for review")
			               : _("changed on both sides: this database's version wins, the "
			                   "bundle's is kept for review"));
			add_issue(im->sum, 1, t->file, fb_csv_reader_line(r), "", uuid, msg);
			if (newer)
				w = im->upd;
		} else if (newer) {
			w = im->upd;
			im->cnt->updated++;
		} else {
			im->cnt->unchanged++;
		}
	}
	if (!w)
		return 0;
	sqlite3_reset(w);
	char now[21];
	if (restamp)
		fb_now_iso(now);
	for (int j = 0; j < t->ncols; j++) {
		const fb_sync_col *c = &t->cols[j];
		int p = j + 1;
		if (restamp && (c->kind == C_REV || c->kind == C_ORIGIN || c->kind == C_UPDATED)) {
			if (c->kind == C_REV)
				sqlite3_bind_int64(w, p, fb_store_next_rev(im->st));
			else
				sqlite3_bind_text(w, p, c->kind == C_ORIGIN ? fb_store_device(im->st) : now,
				                  -1, SQLITE_TRANSIENT);
			continue;
		}
		switch (c->kind) {
		case C_REF:
			if (num[j])
				sqlite3_bind_int64(w, p, num[j]);
			else
				sqlite3_bind_null(w, p);
			break;
		case C_INT:
		case C_REV:
		case C_DELETED:
			sqlite3_bind_int64(w, p, num[j]);
			break;
		case C_DATE:
		case C_TIME:
			if (!*val[j])
				sqlite3_bind_null(w, p);
			else
				sqlite3_bind_text(w, p, val[j], -1, SQLITE_STATIC);
			break;
		default:
			sqlite3_bind_text(w, p, val[j], -1, SQLITE_STATIC);
		}
	}
	if (step_write(im, w, r))
		return 1;
	if (!found && remember_row(im, sqlite3_last_insert_rowid(im->db), fb_csv_reader_line(r),
	                           NULL) < 0) {
		fb_csv_reader_fail(r, FB_EDB, "", "%s", sqlite3_errmsg(im->db));
		return 1;
	}
	if (t->append_only) {
		sqlite3_reset(im->touch);
		sqlite3_bind_int64(im->touch, 1, num[1]);
		if (step_write(im, im->touch, r))
			return 1;
	}
	return 0;
}

/* ---------------------------------------------------------- statements */


static void finalize_table(imp *im)
{
	sqlite3_stmt **all[] = {&im->lookup, &im->ins, &im->upd, &im->local_json};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		sqlite3_finalize(*all[i]);
		*all[i] = NULL;
	}
	for (int j = 0; j < MAXCOLS; j++) {
		sqlite3_finalize(im->ref[j]);
		im->ref[j] = NULL;
		im->cat_ok[j][0] = 0;
	}
	if (im->refs)
		memset(im->refs, 0, MAXCOLS * sizeof *im->refs);
}

/* (Re)prepare the update of a row by uuid: every column of the table the
 * CSV has (all of them until the header says otherwise), as ?(j + 1). */
static int prepare_update(imp *im)
{
	const fb_sync_table *t = im->t;
	char sql[2048], sets[1400] = "";
	size_t sn = 0;
	sqlite3_finalize(im->upd);
	im->upd = NULL;
	if (t->append_only)
		return 0;
	for (int j = 1; j < t->ncols; j++)
		if (!im->header || im->pos[j] >= 0)
			sn += (size_t)snprintf(sets + sn, sizeof sets - sn, "%s%s = ?%d", sn ? ", " : "",
			                       t->cols[j].db, j + 1);
	snprintf(sql, sizeof sql, "UPDATE %s SET %s WHERE uuid = ?1", t->name, sets);
	return prep(im, &im->upd, sql);
}

/* Prepare the per-table statements. */
static fb_status prepare_table(imp *im, fb_error *err)
{
	const fb_sync_table *t = im->t;
	char sql[2048], cols[1024] = "", params[256] = "";
	size_t cn = 0, pn = 0;
	for (int j = 0; j < t->ncols; j++) {
		cn += (size_t)snprintf(cols + cn, sizeof cols - cn, "%s%s", j ? ", " : "",
		                       t->cols[j].db);
		pn += (size_t)snprintf(params + pn, sizeof params - pn, "%s?%d", j ? ", " : "", j + 1);
		if (t->cols[j].kind == C_REF) {
			snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE uuid = ?1", t->cols[j].ref);
			if (prep(im, &im->ref[j], sql))
				goto fail;
		}
	}
	snprintf(sql, sizeof sql, "SELECT id, rev, origin FROM %s WHERE uuid = ?1", t->name);
	if (prep(im, &im->lookup, sql))
		goto fail;
	snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (%s)", t->name, cols, params);
	if (prep(im, &im->ins, sql))
		goto fail;
	if (prepare_update(im))
		goto fail;
	fb_sync_select_sql(t, "WHERE t.uuid = ?1", 0, sql, sizeof sql);
	if (prep(im, &im->local_json, sql))
		goto fail;
	return FB_OK;
fail:
	return fb_store_dberr(im->st, err);
}

/* ------------------------------------------------------------ members */

typedef struct member {
	zip_file_t *zf;
	uint64_t got, declared;
	int too_big;
} member;

/* Read from a zip member, refusing more bytes than its declared size. */
static ssize_t member_read(void *src, char *buf, size_t n)
{
	member *mb = src;
	zip_int64_t k = zip_fread(mb->zf, buf, n);
	if (k < 0) {
		errno = EIO;
		return -1;
	}
	mb->got += (uint64_t)k;
	if (mb->got > mb->declared) {
		mb->too_big = 1;
		errno = EFBIG;
		return -1;
	}
	return (ssize_t)k;
}

/* Read one table's CSV through on_row. */
static fb_status import_csv(imp *im, fb_csv_reader *r, fb_error *err)
{
	im->header = 0;
	fb_status s = prepare_table(im, err);
	if (s)
		return s;
	s = fb_csv_read(r, on_row, im);
	if (s) {
		*err = *fb_csv_reader_err(r);
	} else if (!im->header) {
		fb_error_set(err, FB_EFORMAT, "", _("the file is empty: no header row"));
		fb_error_at(err, im->t->file, 1);
		s = FB_EFORMAT;
	}
	if (fb_csv_reader_converted(r))
		im->sum->converted++;
	finalize_table(im);
	return s;
}

/* Is name a member we expect? Its table index, FB_SYNC_NTABLES for the
 * manifest, -1 otherwise. */
static int member_kind(const char *name)
{
	if (!strcmp(name, FB_MANIFEST_NAME))
		return FB_SYNC_NTABLES;
	for (int i = 0; i < fb_sync_ntables; i++)
		if (!strcmp(name, fb_sync_tables[i].file))
			return i;
	return -1;
}

static fb_status bundle_err(fb_error *err, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static fb_status bundle_err(fb_error *err, const char *file, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fb_error_set(err, FB_EFORMAT, NULL, "%s", msg);
	fb_error_at(err, file, 0);
	return FB_EFORMAT;
}

/* Check every member of the archive before reading any: only the names we
 * know, each once, within the size caps, not encrypted. index[] gets each
 * expected member's index (-1 if absent). */
static fb_status check_members(zip_t *za, const char *path, uint64_t cap,
                               zip_int64_t index[FB_SYNC_NTABLES + 1], fb_error *err)
{
	for (int i = 0; i <= FB_SYNC_NTABLES; i++)
		index[i] = -1;
	zip_int64_t n = zip_get_num_entries(za, 0);
	if (n > 2 * (FB_SYNC_NTABLES + 1))
		return bundle_err(err, path, _("too many members (%lld): not a fieldbook bundle"),
		                  (long long)n);
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t zs;
		const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		if (!name || zip_stat_index(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &zs))
			return bundle_err(err, path, _("unreadable member %lld"), (long long)i);
		if (name[0] == '/' || strstr(name, "..") || strchr(name, '\\'))
			return bundle_err(err, path, _("member '%.100s' points outside the bundle: "
			                                "refused"), name);
		int k = member_kind(name);
		if (k < 0)
			return bundle_err(err, path, _("unexpected member '%.100s': not a fieldbook "
			                                "bundle"), name);
		if (index[k] >= 0)
			return bundle_err(err, path, _("member '%s' appears twice: refused"), name);
		index[k] = i;
		if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE)
			return bundle_err(err, path, _("member '%s' is encrypted"), name);
		if (!(zs.valid & ZIP_STAT_SIZE) || zs.size > cap ||
		    (k == FB_SYNC_NTABLES && zs.size > FB_MANIFEST_MAX))
			return bundle_err(err, path, _("member '%s' is too large (%llu bytes): refused"),
			                  name, (unsigned long long)zs.size);
		if ((zs.valid & ZIP_STAT_COMP_SIZE) && zs.size > BOMB_MIN &&
		    zs.size / (zs.comp_size ? zs.comp_size : 1) > BOMB_RATIO)
			return bundle_err(err, path, _("member '%s' expands %llu times: refused as a "
			                                "decompression bomb"), name,
			                  (unsigned long long)(zs.size / (zs.comp_size ? zs.comp_size
			                                                               : 1)));
	}
	if (index[FB_SYNC_NTABLES] < 0)
		return bundle_err(err, path, _("no %s: not a fieldbook bundle"), FB_MANIFEST_NAME);
	return FB_OK;
}

static fb_status read_manifest(zip_t *za, zip_int64_t idx, fb_manifest *m, char sha[65],
                               fb_error *err)
{
	zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!zf)
		return bundle_err(err, FB_MANIFEST_NAME, _("cannot read: %s"), zip_strerror(za));
	char *buf = malloc(FB_MANIFEST_MAX + 1);
	zip_int64_t n = buf ? zip_fread(zf, buf, FB_MANIFEST_MAX + 1) : -1;
	zip_fclose(zf);
	fb_status s;
	if (n < 0 || (uint64_t)n > FB_MANIFEST_MAX)
		s = bundle_err(err, FB_MANIFEST_NAME, _("cannot read: the bundle is damaged"));
	else
		s = fb_manifest_parse(buf, (size_t)n, m, err);
	if (s == FB_OK) {
		fb_sha256 c;
		fb_sha256_init(&c);
		fb_sha256_update(&c, buf, (size_t)n);
		fb_sha256_hex(&c, sha);
	}
	free(buf);
	return s;
}

/* ---------------------------------------------------------- bulk index */

static void bulk_free(imp *im)
{
	fb_search_bulk_free(&im->bulk);
	im->bulk_on = 0;
}

/* Does a bundle bringing mf's logs take the bulk path: at least twice as
 * many logs as the database holds (a first import, a new HQ)? */
static int bulk_size(imp *im, const fb_manifest_file *mf)
{
	const char *env = getenv("FB_SYNC_BULK_MIN");
	long min = env ? atol(env) : 5000;
	sqlite3_stmt *s;
	if (!mf || mf->rows < min || prep(im, &s, "SELECT coalesce(max(id), 0) FROM logs"))
		return 0;
	long have = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return mf->rows >= 2 * have;
}

/* Before the logs: stop indexing row by row (inside the transaction: a
 * rollback puts everything back). A bulk-sized bundle (im->bulk_load,
 * decided before the transaction) rebuilds the whole index once at the
 * end; a smaller one indexes just its new logs, in one sorted pass. */
static fb_status bulk_begin(imp *im, const fb_manifest_file *mf, fb_error *err)
{
	if (im->known_content || !mf || mf->rows < 1)
		return FB_OK;
	fb_status rc = im->bulk_load ? fb_search_bulk_begin(im->st, &im->bulk, err)
	                             : fb_search_defer_begin(im->st, &im->bulk, err);
	im->bulk_on = rc == FB_OK;
	return rc;
}

/* After the apply: the triggers back, the index rebuilt once. */
static fb_status bulk_end(imp *im, fb_error *err)
{
	if (!im->bulk_on)
		return FB_OK;
	im->bulk_on = 0;
	return fb_search_bulk_end(im->st, &im->bulk, err);
}

/* ---------------------------------------------------------- the import */

static fb_status setup(imp *im, fb_error *err)
{
	static const char *const sql[] = {
		"CREATE TEMP TABLE IF NOT EXISTS sync_rows (k INTEGER PRIMARY KEY, line INTEGER)",
		"CREATE TEMP TABLE IF NOT EXISTS sync_touched (ticket_id INTEGER PRIMARY KEY)",
		"DELETE FROM temp.sync_rows",
		"DELETE FROM temp.sync_touched",
		"PRAGMA temp.cache_size = -1024", /* the duplicate check: see remember_row */
	};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++)
		if (sqlite3_exec(im->db, sql[i], NULL, NULL, NULL) != SQLITE_OK)
			return fb_store_dberr(im->st, err);
	/* Peak memory stays within the 16 MB budget whatever the bundle's
	 * size: the caches are capped for the import (one big transaction
	 * spills to the WAL and the temp file beyond them), and restored. */
	im->cache_size = fb_store_cache_size(im->st, -5000);
	if (prep(im, &im->dup, "INSERT INTO temp.sync_rows VALUES (?1, ?2)") ||
	    prep(im, &im->dup_line, "SELECT line FROM temp.sync_rows WHERE k = ?1") ||
	    prep(im, &im->touch, "INSERT OR IGNORE INTO temp.sync_touched VALUES (?1)") ||
	    prep(im, &im->cat, "SELECT 1 FROM categories WHERE kind = ?1 AND code = ?2") ||
	    prep(im, &im->conflict,
	         "INSERT INTO sync_conflicts (table_name, uuid, kept_rev, lost_rev, lost_origin, "
	         "lost_row, detected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"))
		return fb_store_dberr(im->st, err);
	im->refs = calloc(MAXCOLS, sizeof *im->refs);
	im->local_seen = calloc(MAX_ORIGINS, sizeof *im->local_seen);
	im->incoming = calloc(MAX_ORIGINS, sizeof *im->incoming);
	if (!im->refs || !im->local_seen || !im->incoming)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	sqlite3_stmt *s;
	if (prep(im, &s, "SELECT origin, max_rev FROM sync_seen"))
		return fb_store_dberr(im->st, err);
	while (im->nlocal < MAX_ORIGINS && sqlite3_step(s) == SQLITE_ROW) {
		snprintf(im->local_seen[im->nlocal].origin, 65, "%s", sqlite3_column_text(s, 0));
		im->local_seen[im->nlocal++].rev = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return FB_OK;
}

static void teardown(imp *im)
{
	sqlite3_finalize(im->dup);
	sqlite3_finalize(im->dup_line);
	sqlite3_finalize(im->touch);
	sqlite3_finalize(im->cat);
	sqlite3_finalize(im->conflict);
	finalize_table(im);
	free(im->refs);
	im->refs = NULL;
	if (im->cache_size)
		fb_store_cache_size(im->st, im->cache_size);
	free(im->local_seen);
	free(im->incoming);
}

/* Replay the status of every ticket that got events (the core's rule:
 * fb_ticket_recompute_status). */
static fb_status replay_statuses(imp *im, fb_error *err)
{
	sqlite3_stmt *tk;
	if (prep(im, &tk, "SELECT ticket_id FROM temp.sync_touched"))
		return fb_store_dberr(im->st, err);
	fb_status s = FB_OK;
	while (s == FB_OK && sqlite3_step(tk) == SQLITE_ROW)
		s = fb_ticket_recompute_status(im->st, sqlite3_column_int64(tk, 0), NULL, err);
	sqlite3_finalize(tk);
	return s;
}

/* Bookkeeping after a successful apply: sync_seen, sync_imports, clock. */
static fb_status record_import(imp *im, long rows, fb_error *err)
{
	sqlite3_stmt *s;
	if (prep(im, &s, "INSERT INTO sync_seen (origin, max_rev) VALUES (?1, ?2) ON CONFLICT "
	                 "(origin) DO UPDATE SET max_rev = max(max_rev, excluded.max_rev)"))
		return fb_store_dberr(im->st, err);
	for (int i = 0; i < im->nincoming; i++) {
		if (!strcmp(im->incoming[i].origin, fb_store_device(im->st)))
			continue;
		sqlite3_bind_text(s, 1, im->incoming[i].origin, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, im->incoming[i].rev);
		int rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(s);
			return fb_store_dberr(im->st, err);
		}
	}
	sqlite3_finalize(s);
	char *json = fb_sync_summary_json(im->sum);
	char at[21];
	if (prep(im, &s, "INSERT INTO sync_imports (bundle_id, source_device, source_group, "
	                 "created_at, imported_at, rows, summary, manifest_sha256) "
	                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	                 "ON CONFLICT (bundle_id) DO UPDATE SET manifest_sha256 = excluded.manifest_sha256")) {
		free(json);
		return fb_store_dberr(im->st, err);
	}
	const fb_manifest *m = im->m;
	sqlite3_bind_text(s, 1, m->bundle_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, m->source_device, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, m->source_group, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, m->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, fb_now_iso(at), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, rows);
	sqlite3_bind_text(s, 7, json ? json : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, im->manifest_sha, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	free(json);
	if (rc != SQLITE_DONE)
		return fb_store_dberr(im->st, err);
	/* Seen from a device 'seed' or from this one: revisions still count. */
	fb_store_observe_rev(im->st, im->maxrev);
	return FB_OK;
}

/* Was this bundle imported before? Sets known_content when its manifest
 * was the same too. */
static int already_imported(imp *im, const char *bundle_id)
{
	sqlite3_stmt *s;
	if (prep(im, &s, "SELECT manifest_sha256 FROM sync_imports WHERE bundle_id = ?1"))
		return 0;
	sqlite3_bind_text(s, 1, bundle_id, -1, SQLITE_STATIC);
	int r = sqlite3_step(s) == SQLITE_ROW;
	if (r && im->manifest_sha[0])
		im->known_content = !strcmp((const char *)sqlite3_column_text(s, 0), im->manifest_sha);
	sqlite3_finalize(s);
	return r;
}

static void copy_identity(fb_sync_summary *sum, const fb_manifest *m)
{
	snprintf(sum->bundle_id, sizeof sum->bundle_id, "%s", m->bundle_id);
	snprintf(sum->source_device, sizeof sum->source_device, "%s", m->source_device);
	snprintf(sum->source_group, sizeof sum->source_group, "%s", m->source_group);
	snprintf(sum->source_group_name, sizeof sum->source_group_name, "%s", m->source_group_name);
	snprintf(sum->created_at, sizeof sum->created_at, "%s", m->created_at);
	sum->rev_from = m->rev_from;
	sum->rev_to = m->rev_to;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

/* The no-op path: this bundle, with this very manifest, was applied
 * before, and every row then either went in or lost to a newer version.
 * Rows are never removed and versions only grow, so applying it again
 * changes nothing: check that the member's bytes are still the ones the
 * manifest vouches for (SHA-256, no more than declared) and count its rows
 * unchanged, without parsing a single record. */
static fb_status verify_known_member(imp *im, zip_t *za, zip_int64_t index,
                                     const fb_manifest_file *mf, uint64_t declared,
                                     fb_error *err)
{
	const char *file = im->t->file;
	member mb = {.declared = declared};
	mb.zf = zip_fopen_index(za, (zip_uint64_t)index, 0);
	if (!mb.zf)
		return bundle_err(err, file, _("cannot read: %s"), zip_strerror(za));
	static char buf[1u << 16];
	fb_sha256 sha;
	fb_sha256_init(&sha);
	ssize_t k;
	while ((k = member_read(&mb, buf, sizeof buf)) > 0)
		fb_sha256_update(&sha, buf, (size_t)k);
	zip_fclose(mb.zf);
	char hex[65];
	fb_sha256_hex(&sha, hex);
	if (k < 0)
		return bundle_err(err, file, mb.too_big
		                  ? _("longer than its declared size: refused")
		                  : _("cannot read: the bundle is damaged (truncated or changed)"));
	if (strcmp(hex, mf->sha256))
		return bundle_err(err, file, _("checksum does not match the manifest: the bundle is "
		                               "damaged or was changed"));
	im->cnt->rows = mf->rows;
	im->cnt->unchanged = mf->rows;
	return FB_OK;
}

/* Apply every table: from the zip (za) or one bare CSV file (csv). */
static fb_status apply_all(imp *im, zip_t *za, const zip_int64_t *index, FILE *csv,
                           int csv_table, fb_error *err)
{
	fb_status s = FB_OK;
	uint64_t cap = im->opts->max_member ? im->opts->max_member : DEFAULT_MAX_MEMBER;
	for (int i = 0; i < fb_sync_ntables && s == FB_OK; i++) {
		const fb_sync_table *t = &fb_sync_tables[i];
		im->t = t;
		im->tindex = i;
		im->cnt = &im->sum->t[i];
		if (csv) {
			if (i != csv_table)
				continue;
			fb_csv_reader *r = fb_csv_reader_file(t->file, csv);
			if (!r)
				return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
			s = import_csv(im, r, err);
			fb_csv_reader_free(r);
			continue;
		}
		const fb_manifest_file *mf = fb_manifest_find(im->m, t->file);
		if (index[i] < 0 && !mf)
			continue;
		if (mf && !strcmp(t->name, "logs") && (s = bulk_begin(im, mf, err)))
			return s;
		if (index[i] < 0)
			return bundle_err(err, t->file, _("listed in the manifest but missing from the "
			                                   "bundle"));
		if (!mf)
			return bundle_err(err, t->file, _("in the bundle but not in the manifest"));
		zip_stat_t zs;
		zip_stat_index(za, (zip_uint64_t)index[i], 0, &zs);
		if (im->known_content) {
			s = verify_known_member(im, za, index[i], mf, zs.size < cap ? zs.size : cap, err);
			continue;
		}
		member mb = {.declared = zs.size < cap ? zs.size : cap};
		mb.zf = zip_fopen_index(za, (zip_uint64_t)index[i], 0);
		if (!mb.zf)
			return bundle_err(err, t->file, _("cannot read: %s"), zip_strerror(za));
		fb_csv_reader *r = fb_csv_reader_new(t->file, member_read, &mb);
		if (!r) {
			zip_fclose(mb.zf);
			return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		}
		s = import_csv(im, r, err);
		char sha[65];
		fb_csv_reader_sha(r, sha);
		if (s == FB_EIO || mb.too_big)
			s = bundle_err(err, t->file, mb.too_big
			               ? _("longer than its declared size: refused")
			               : _("cannot read: the bundle is damaged (truncated or changed)"));
		else if (s == FB_OK && strcmp(sha, mf->sha256))
			s = bundle_err(err, t->file, _("checksum does not match the manifest: the "
			                                "bundle is damaged or was changed"));
		else if (s == FB_OK && mf->rows != im->cnt->rows)
			s = bundle_err(err, t->file, _("%ld rows, the manifest says %ld: the bundle "
			                                "is damaged or was changed"),
			               im->cnt->rows, mf->rows);
		fb_csv_reader_free(r);
		zip_fclose(mb.zf);
	}
	return s;
}

fb_status fb_bundle_import(fb_store *st, const char *path, const fb_import_opts *opts,
                           fb_sync_summary *sum, fb_error *err)
{
	fb_import_opts none = {0};
	if (!opts)
		opts = &none;
	memset(sum, 0, sizeof *sum);
	sum->dry_run = opts->dry_run;
	sum->ntables = fb_sync_ntables;
	for (int i = 0; i < fb_sync_ntables; i++)
		sum->t[i].table = fb_sync_tables[i].name;

	static fb_manifest m;
	memset(&m, 0, sizeof m);
	imp im = {.st = st, .db = fb_store_db(st), .opts = opts, .sum = sum, .m = &m};
	zip_t *za = NULL;
	FILE *csv = NULL;
	int csv_table = -1;
	zip_int64_t index[FB_SYNC_NTABLES + 1];
	fb_status s = FB_OK;

	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (ends_with(path, ".csv")) {
		/* One table's CSV, as saved by Excel: no manifest, no checksum. */
		for (int i = 0; i < fb_sync_ntables; i++)
			if (!strcasecmp(base, fb_sync_tables[i].file))
				csv_table = i;
		if (csv_table < 0)
			return bundle_err(err, path, _("a CSV file must be named after its table "
			                               "(logs.csv, tickets.csv, people.csv...)"));
		csv = fopen(path, "rb");
		if (!csv)
			return fb_error_set(err, FB_EIO, NULL, _("cannot open %s: %s"), path,
			                    strerror(errno));
		m.format = FB_BUNDLE_FORMAT;
		im.bare = 1;
		fb_uuid_random(m.bundle_id);
		snprintf(m.source_device, sizeof m.source_device, "csv");
		fb_now_iso(m.created_at);
	} else {
		int zerr;
		za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
		if (!za && zerr == ZIP_ER_EXISTS)
			return bundle_err(err, path, _("two members have the same name: refused"));
		if (!za) {
			zip_error_t ze;
			zip_error_init_with_code(&ze, zerr);
			s = bundle_err(err, path, _("not a readable bundle (zip): %s"),
			               zip_error_strerror(&ze));
			zip_error_fini(&ze);
			return s;
		}
		uint64_t cap = opts->max_member ? opts->max_member : DEFAULT_MAX_MEMBER;
		if ((s = check_members(za, path, cap, index, err)) ||
		    (s = read_manifest(za, index[FB_SYNC_NTABLES], &m, im.manifest_sha, err))) {
			zip_discard(za);
			return s;
		}
	}
	copy_identity(sum, &m);

	/* A bundle that will take the bulk path (bulk_begin) runs with a
	 * rollback journal (see fb_store_bulk_journal). */
	im.bulk_load = bulk_size(&im, fb_manifest_find(&m, "logs.csv"));
	int journal = !opts->dry_run && im.bulk_load && fb_store_bulk_journal(st, 1);
	if ((s = fb_store_begin(st, err)))
		goto out;
	sum->already = already_imported(&im, m.bundle_id);
	s = setup(&im, err);
	if (s == FB_OK)
		s = apply_all(&im, za, index, csv, csv_table, err);
	if (s == FB_OK && im.failed) {
		const fb_sync_issue *is = &sum->issue[0];
		for (int i = 0; i < sum->nissues; i++)
			if (!sum->issue[i].conflict) {
				is = &sum->issue[i];
				break;
			}
		fb_error_set(err, FB_EINVAL, is->field, "%s", is->msg);
		fb_error_at(err, is->file, is->line);
		s = FB_EINVAL;
	}
	if (s == FB_OK)
		s = replay_statuses(&im, err);
	if (s == FB_OK && !opts->dry_run)
		s = bulk_end(&im, err);
	long rows = 0;
	for (int i = 0; i < fb_sync_ntables; i++)
		rows += sum->t[i].rows;
	if (s == FB_OK && !opts->dry_run)
		s = record_import(&im, rows, err);
	teardown(&im);
	bulk_free(&im);
	if (s == FB_OK && !opts->dry_run) {
		s = fb_store_commit(st, err);
	} else {
		fb_store_rollback(st);
	}
out:
	if (journal)
		fb_store_bulk_journal(st, 0);
	if (za)
		zip_discard(za);
	if (csv)
		fclose(csv);
	return s;
}

/* ------------------------------------------------------------- summary */

char *fb_sync_summary_json(const fb_sync_summary *sum)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fputs("{\"bundle_id\":", f);
	json_str(f, sum->bundle_id);
	fputs(",\"source_device\":", f);
	json_str(f, sum->source_device);
	fputs(",\"source_group\":", f);
	json_str(f, sum->source_group);
	fputs(",\"source_group_name\":", f);
	json_str(f, sum->source_group_name);
	fputs(",\"created_at\":", f);
	json_str(f, sum->created_at);
	fprintf(f, ",\"dry_run\":%s,\"already_imported\":%s,\"converted_from_gb18030\":%d,"
	           "\"tables\":{", sum->dry_run ? "true" : "false",
	        sum->already ? "true" : "false", sum->converted);
	for (int i = 0; i < sum->ntables; i++) {
		const fb_sync_counts *c = &sum->t[i];
		fprintf(f, "%s\"%s\":{\"rows\":%ld,\"inserted\":%ld,\"updated\":%ld,\"unchanged\":%ld,"
		           "\"conflicts\":%ld,\"rejected\":%ld}", i ? "," : "", c->table, c->rows,
		        c->inserted, c->updated, c->unchanged, c->conflicts, c->rejected);
	}
	fputs("},\"issues\":[", f);
	for (int i = 0; i < sum->nissues; i++) {
		const fb_sync_issue *is = &sum->issue[i];
		fprintf(f, "%s{\"kind\":\"%s\",\"file\":", i ? "," : "",
		        is->conflict ? "conflict" : "rejected");
		json_str(f, is->file);
		fprintf(f, ",\"line\":%ld,\"field\":", is->line);
		json_str(f, is->field);
		fputs(",\"uuid\":", f);
		json_str(f, is->uuid);
		fputs(",\"message\":", f);
		json_str(f, is->msg);
		fputc('}', f);
	}
	fprintf(f, "],\"more_issues\":%ld}", sum->more_issues);
	fclose(f);
	return buf;
}
