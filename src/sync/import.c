/* import.c - fb_bundle_import: validate a bundle and apply it in one
 * transaction.
 *
 * The zip's members are checked first, then the manifest (import_archive.c).
 * Each table's CSV is streamed straight from the zip through the CSV
 * reader; every row is decoded (import_row.c), checked by the core's
 * validator of its record (import_record.c), and, if good, applied inside
 * the one transaction (import_version.c, import_write.c), which is the
 * staging area: rows go on being applied after a bad one, so that later
 * rows find what they refer to and no error follows from another, but if
 * any row is rejected, a checksum or row count differs, or --dry-run was
 * asked, the transaction is rolled back and the database is exactly as
 * before. Memory stays flat: one record at a time, duplicate detection and
 * refused rows in temporary tables. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fieldbook/i18n.h"
#include "fieldbook/limits.h"
#include "import.h"
#include "seal.h"

/* 1 if s ends with suffix, in any case (LOGS.CSV is logs.csv). */
static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcasecmp(s + n - k, suffix);
}

/* The window of dates, times and revisions, fixed for the whole import. */
static void set_window(importer *im)
{
	fb_date_window(&im->date_first, &im->date_last);
	fb_time_window(im->time_first, im->time_last);
	fb_date_format(fb_today(), im->today);
	/* revisions come from the real clock (fb_store_next_rev), not the
	 * tests' FIELDBOOK_NOW */
	int64_t ms = ((int64_t)time(NULL) + FB_CLOCK_SKEW_DAYS * 86400) * 1000 + 999;
	im->rev_last = ms << 16 | 0xFFFF;
}

static void importer_free(importer *im);

/* A new importer with its buffers; NULL when memory is short. */
static importer *importer_new(fb_store *st, const fb_import_opts *opts, fb_sync_summary *sum)
{
	importer *im = calloc(1, sizeof *im);
	if (!im)
		return NULL;
	im->st = st;
	im->db = fb_store_db(st);
	im->opts = opts;
	im->sum = sum;
	im->m = calloc(1, sizeof *im->m);
	im->refs = calloc(IMP_MAXCOLS, sizeof *im->refs);
	im->local_seen = calloc(IMP_MAX_ORIGINS, sizeof *im->local_seen);
	im->incoming = calloc(IMP_MAX_ORIGINS, sizeof *im->incoming);
	im->buf = malloc(IMP_BUF);
	if (!im->m || !im->refs || !im->local_seen || !im->incoming || !im->buf) {
		importer_free(im);
		return NULL;
	}
	set_window(im);
	return im;
}

/* Finalize everything, put the page cache back, free (a half-made one too). */
static void importer_free(importer *im)
{
	sqlite3_stmt *all[] = {im->dup,      im->dup_line, im->touch,
	                       im->conflict, im->held_add, im->held_find};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		sqlite3_finalize(all[i]);
	imp_finalize_table(im);
	if (im->cache_size)
		fb_store_cache_size(im->st, im->cache_size);
	imp_bulk_free(im);
	imp_history_free(im);
	free(im->m);
	free(im->refs);
	free(im->local_seen);
	free(im->incoming);
	free(im->buf);
	free(im->sealed_buf);
	free(im);
}

/* The temporary tables and statements of the whole import (inside its
 * transaction), and what this device has seen. */
static fb_status setup(importer *im, fb_error *err)
{
	static const char *const sql[] = {
		"CREATE TEMP TABLE IF NOT EXISTS sync_rows (k INTEGER PRIMARY KEY, line INTEGER)",
		"CREATE TEMP TABLE IF NOT EXISTS sync_touched (ticket_id INTEGER PRIMARY KEY)",
		"CREATE TEMP TABLE IF NOT EXISTS sync_held (uuid TEXT PRIMARY KEY) WITHOUT ROWID",
		"DELETE FROM temp.sync_rows",
		"DELETE FROM temp.sync_touched",
		"DELETE FROM temp.sync_held",
		"PRAGMA temp.cache_size = -1024", /* the duplicate check: see row_key */
	};
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++)
		if (sqlite3_exec(im->db, sql[i], NULL, NULL, NULL) != SQLITE_OK)
			return fb_store_dberr(im->st, err);
	/* Peak memory stays within the 16 MB budget whatever the bundle's
	 * size: the caches are capped for the import (one big transaction
	 * spills to the WAL and the temp file beyond them), and restored. */
	im->cache_size = fb_store_cache_size(im->st, -5000);
	struct {
		sqlite3_stmt **s;
		const char *sql;
	} stmts[] = {
		{&im->dup, "INSERT OR IGNORE INTO temp.sync_rows VALUES (?1, ?2)"},
		{&im->dup_line, "SELECT line FROM temp.sync_rows WHERE k = ?1"},
		{&im->touch, "INSERT OR IGNORE INTO temp.sync_touched VALUES (?1)"},
		{&im->held_add, "INSERT OR IGNORE INTO temp.sync_held VALUES (?1)"},
		{&im->held_find, "SELECT 1 FROM temp.sync_held WHERE uuid = ?1"},
		{&im->conflict, "INSERT INTO sync_conflicts (table_name, uuid, kept_rev, lost_rev, "
	                        "lost_origin, lost_row, detected_at, what) VALUES (?1, ?2, ?3, ?4, "
	                        "?5, ?6, ?7, ?8)"},
	};
	for (size_t i = 0; i < sizeof stmts / sizeof stmts[0]; i++)
		if (sqlite3_prepare_v2(im->db, stmts[i].sql, -1, stmts[i].s, NULL) != SQLITE_OK)
			return fb_store_dberr(im->st, err);
	fb_status s = imp_load_seen(im, err);
	if (s == FB_OK)
		s = imp_check_already(im, err);
	if (s == FB_OK)
		s = imp_lanes_begin(im, err);
	if (s == FB_OK && im->clone_hint[0])
		imp_clone_suspect(im, im->clone_hint); /* found out by the first attempt */
	if (s == FB_OK)
		s = imp_check_clocks(im, err);
	return s;
}

/* Select table i as the current one. */
static void use_table(importer *im, int i)
{
	im->t = &fb_sync_tables[i];
	im->tindex = i;
	im->cnt = &im->sum->t[i];
}

/* One table's CSV on its own, as saved by Excel. */
static fb_status apply_csv(importer *im, FILE *csv, int table, fb_error *err)
{
	use_table(im, table);
	fb_csv_reader *r = fb_csv_reader_file(im->t->file, csv);
	if (!r)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	fb_status s = imp_read_csv(im, r, err);
	fb_csv_reader_free(r);
	return s;
}

/* Every table of the zip, in order, each held to the manifest. */
static fb_status apply_zip(importer *im, zip_t *za, const zip_int64_t *index, fb_error *err)
{
	fb_status s = FB_OK;
	for (int i = 0; i < fb_sync_ntables && s == FB_OK; i++) {
		use_table(im, i);
		const fb_manifest_file *mf = fb_manifest_find(im->m, im->t->file);
		if (index[i] < 0 && !mf)
			continue;
		if (mf && !strcmp(im->t->name, "logs") && (s = imp_bulk_begin(im, mf, err)))
			return s;
		if (index[i] < 0)
			return imp_bundle_err(err, im->t->file,
			                      _("listed in the manifest but missing "
			                        "from the bundle"));
		if (!mf)
			return imp_bundle_err(err, im->t->file,
			                      _("in the bundle but not in the manifest"));
		s = imp_read_member(im, za, index[i], mf, err);
	}
	return s;
}

/* The error of a failed import: its first rejection. */
static fb_status first_rejection(const fb_sync_summary *sum, fb_error *err)
{
	const fb_sync_issue *is = &sum->issue[0];
	for (int i = 0; i < sum->nissues; i++)
		if (!sum->issue[i].conflict) {
			is = &sum->issue[i];
			break;
		}
	fb_error_set(err, FB_EINVAL, is->field, "%s", is->msg);
	fb_error_at(err, is->file, is->line);
	return FB_EINVAL;
}

/* Validate and apply in one transaction; rolled back on any error, any
 * rejected row, or a dry run. */
static fb_status run(importer *im, zip_t *za, const zip_int64_t *index, FILE *csv, int table,
                     fb_error *err)
{
	/* A bundle that will take the bulk path (imp_bulk_begin) runs with a
	 * rollback journal (see fb_store_bulk_journal). */
	const fb_import_opts *opts = im->opts;
	im->bulk_load = imp_bulk_size(im, fb_manifest_find(im->m, "logs.csv"));
	int journal = !opts->dry_run && im->bulk_load && fb_store_bulk_journal(im->st, 1);
	fb_status s = fb_store_begin(im->st, err);
	if (s == FB_OK) {
		s = setup(im, err);
		if (s == FB_OK)
			s = csv ? apply_csv(im, csv, table, err) : apply_zip(im, za, index, err);
		if (s == FB_OK && im->lane.restart && !im->failed) {
			/* a cloned device found out half way: the rows before must be
			 * conflicts too, so everything is applied again knowing it */
			fb_store_rollback(im->st);
			if (journal)
				fb_store_bulk_journal(im->st, 0);
			return FB_OK;
		}
		if (s == FB_OK && im->failed)
			s = first_rejection(im->sum, err);
		if (s == FB_OK)
			s = imp_history_check(im, err);
		if (s == FB_OK)
			s = imp_replay_statuses(im, err);
		if (s == FB_OK && !opts->dry_run)
			s = imp_bulk_end(im, err);
		if (s == FB_OK && !opts->dry_run)
			s = imp_record_sender(im, err);
		if (s == FB_OK && !opts->dry_run)
			s = imp_record_import(im, err);
		if (s == FB_OK && !opts->dry_run)
			s = fb_store_commit(im->st, err);
		else
			fb_store_rollback(im->st);
	}
	if (journal)
		fb_store_bulk_journal(im->st, 0);
	return s;
}

/* A lone table CSV: no manifest, so one is made up for it. */
static fb_status open_csv(importer *im, const char *path, FILE **csv, int *table, fb_error *err)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (int i = 0; i < fb_sync_ntables; i++)
		if (!strcasecmp(base, fb_sync_tables[i].file))
			*table = i;
	if (*table < 0)
		return imp_bundle_err(err, path,
		                      _("a CSV file must be named after its table "
		                        "(logs.csv, tickets.csv, people.csv...)"));
	*csv = fopen(path, "rb");
	if (!*csv)
		return fb_error_set(err, FB_EIO, NULL, _("cannot open %s: %s"), path,
		                    strerror(errno));
	fb_manifest *m = im->m;
	m->format = FB_BUNDLE_FORMAT;
	im->bare = 1;
	snprintf(m->source_device, sizeof m->source_device, "csv");
	fb_now_iso(m->created_at);
	imp_fill_sender(im);
	return fb_uuid_random(m->bundle_id, err);
}

/* The length of the signature at the start of a sealed bundle's first
 * record (up to the end of its "signature" line), 0 if there is none. */
static size_t sig_length(const char *head, size_t n)
{
	for (size_t i = 0; i + 10 < n; i++) {
		if ((i == 0 || head[i - 1] == '\n') && !memcmp(head + i, "signature ", 10)) {
			const char *nl = memchr(head + i, '\n', n - i);
			return nl ? (size_t)(nl - head) + 1 : 0;
		}
	}
	return 0;
}

/* A sealed bundle: opened with this device's keys, the signature and the
 * manifest of its first record checked before anything else is decrypted,
 * then the zip into a temporary file without a name (beside the database:
 * nothing readable is left if the import is killed). */
static fb_status open_sealed(importer *im, const char *path, int fd, zip_t **za,
                             zip_int64_t *index, char **head, fb_error *err)
{
	fb_seal_reader r;
	size_t hn = 0;
	fb_status s = fb_seal_open(&r, fd, path, im->st, im->opts->passphrase, head, &hn, err);
	size_t sn = s == FB_OK ? sig_length(*head, hn) : 0;
	if (s == FB_OK && !sn)
		s = imp_bundle_err(err, path, _("the sealed bundle holds no signature: refused"));
	if (s == FB_OK)
		s = imp_verify_manifest(im, *head, sn, *head + sn, hn - sn, err);
	int zfd = -1;
	if (s == FB_OK && (zfd = fb_seal_tmpfile(fb_store_path(im->st))) < 0)
		s = fb_error_set(err, FB_EIO, NULL, _("cannot create a temporary file beside the "
		                                      "database: %s"), strerror(errno));
	if (s == FB_OK)
		s = fb_seal_rest(&r, zfd, err);
	fb_seal_close(&r);
	if (s) {
		if (zfd >= 0)
			close(zfd);
		return s;
	}
	im->sealed_head = *head;
	im->sealed_len = hn;
	return imp_open_bundle(im, path, zfd, za, index, err);
}

/* A bundle: sealed (the usual), or a plain zip. */
static fb_status open_bundle(importer *im, const char *path, zip_t **za, zip_int64_t *index,
                             fb_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) /* libzip's words for it */
		return imp_open_bundle(im, path, -1, za, index, err);
	fb_status s;
	if (fb_seal_is_sealed(fd)) {
		s = open_sealed(im, path, fd, za, index, &im->sealed_buf, err);
	} else {
		s = imp_open_bundle(im, path, -1, za, index, err);
	}
	close(fd);
	return s;
}

fb_status imp_peek_bundle(fb_store *st, const char *path, const char *pins, fb_manifest *m,
                          fb_error *err)
{
	fb_import_opts o = {.dry_run = 1, .pin = pins};
	fb_sync_summary *sum = calloc(1, sizeof *sum);
	importer *im = sum ? importer_new(st, &o, sum) : NULL;
	if (!im) {
		free(sum);
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	}
	zip_t *za = NULL;
	zip_int64_t index[IMP_NMEMBERS];
	fb_status s = open_bundle(im, path, &za, index, err);
	if (s == FB_OK)
		*m = *im->m;
	if (za)
		zip_discard(za);
	importer_free(im);
	free(sum);
	return s;
}

/* After a failed import nothing was applied: the counts say so (rows
 * read and rejected stay, for the message). */
static void nothing_applied(fb_sync_summary *sum)
{
	for (int i = 0; i < sum->ntables; i++)
		sum->t[i].inserted = sum->t[i].updated = sum->t[i].unchanged = sum->t[i].conflicts =
			0;
}

/* An empty summary for the tables. */
static void reset_summary(fb_sync_summary *sum, const fb_import_opts *opts)
{
	memset(sum, 0, sizeof *sum);
	sum->dry_run = opts->dry_run;
	sum->ntables = fb_sync_ntables;
	for (int i = 0; i < fb_sync_ntables; i++)
		sum->t[i].table = fb_sync_tables[i].name;
}

fb_status fb_bundle_import(fb_store *st, const char *path, const fb_import_opts *opts,
                           fb_sync_summary *sum, fb_error *err)
{
	fb_import_opts none = {0};
	fb_error scratch;
	if (!opts)
		opts = &none;
	if (!err)
		err = &scratch;
	fb_error_clear(err);
	reset_summary(sum, opts);
	char clone_hint[200] = "";
	fb_status s;
	for (int attempt = 0;; attempt++) {
		importer *im = importer_new(st, opts, sum);
		if (!im)
			return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
		snprintf(im->clone_hint, sizeof im->clone_hint, "%s", clone_hint);
		zip_t *za = NULL;
		FILE *csv = NULL;
		int table = -1;
		zip_int64_t index[IMP_NMEMBERS];
		s = ends_with(path, ".csv") ? open_csv(im, path, &csv, &table, err)
		                            : open_bundle(im, path, &za, index, err);
		if (s == FB_OK) {
			fb_sync_summary_identity(sum, im->m);
			s = run(im, za, index, csv, table, err);
		}
		int again = s == FB_OK && im->lane.restart && !attempt;
		if (again) {
			snprintf(clone_hint, sizeof clone_hint, "%s", im->lane.clone_why);
			reset_summary(sum, opts);
		}
		if (s != FB_OK)
			nothing_applied(sum);
		importer_free(im);
		if (za)
			zip_discard(za);
		if (csv)
			fclose(csv);
		if (!again)
			break;
	}
	return s;
}
