/* import.h - the importer's state and the steps it is made of, shared by
 * the files of the import (not public: fb_bundle_import in sync.h is).
 *
 * One bundle, one importer, no hidden state: every buffer, statement and
 * counter of an import lives here, so imports are reentrant. The steps, in
 * the order a row meets them:
 *   import_archive.c  the zip's members and the manifest; a member as a stream
 *   import_sign.c     the manifest's signature, the sender's keys, replays
 *   import_row.c      one CSV record: header, cells against it, issues
 *   import_cell.c     one cell decoded by its column's kind (trimmed, typed)
 *   import_record.c   the row as the core's record, checked by its validator
 *   import_version.c  which version wins: insert, update, unchanged, conflict
 *   import_write.c    the statements of a table; writing a row; duplicates
 *   import_refs.c     references to local ids; the refused rows others are held for
 *   import_reject.c   refusals: a row's column listed as an issue, a bundle's error
 *   import_bulk.c     the text index rebuilt once for a bulk load
 *   lanes.c           what the sender may change (its lane), checked row by row
 *   import_book.c     what was seen from each device; devices; sync_imports; replay
 *   summary.c         the summary's issues and its JSON
 *   import.c          fb_bundle_import: the whole, in one transaction */
#ifndef FB_SYNC_IMPORT_H
#define FB_SYNC_IMPORT_H

#include <stdint.h>
#include <zip.h>

#include "csvio.h"
#include "fieldbook/history.h"
#include "fieldbook/date.h"
#include "search.h"
#include "sync.h"
#include "manifest.h"
#include "signature.h"
#include "sync_internal.h"
#include "tables.h"
#include "sqlstore.h"
#include "sync_internal.h"

#define IMP_MAXCOLS 24         /* columns of the widest table */
#define IMP_REF_SLOTS 64       /* uuid -> id cache slots per reference column */
#define IMP_MAX_ORIGINS 1024   /* devices remembered per import */
#define IMP_MAX_LINE_CELL 4096 /* bytes of a typed or single-line cell */
#define IMP_DEFAULT_BULK_MIN 5000
#define IMP_DEFAULT_MAX_MEMBER (4ull << 30)

typedef struct imp_ref {
	int64_t id;  /* 0: empty */
	int deleted; /* the record is a tombstone */
	char uuid[37];
} imp_ref;

typedef struct imp_origin_rev {
	char origin[65];
	int64_t rev;
} imp_origin_rev;

/* The row being read: its cells as the table's columns, decoded. */
typedef struct imp_row {
	long line;                         /* where the record starts */
	const char *val[IMP_MAXCOLS];      /* cell text ("" for a column the file lacks) */
	int64_t num[IMP_MAXCOLS];          /* numbers; references: the local id, 0 for none */
	unsigned char refdel[IMP_MAXCOLS]; /* the reference is to a tombstone */
	unsigned char bad[IMP_MAXCOLS];    /* the column was refused (listed once) */
	char norm[IMP_MAXCOLS][21];        /* dates and times in their one written form */
	char absent[IMP_MAXCOLS][1];       /* the (empty) cell of a column the file lacks */
	const char *uuid, *origin;         /* NULL while not valid */
	int64_t rev;
	int rejected; /* some column was refused: not applied */
	int held;     /* refers to a row of this bundle that was refused:
	                                not applied, and not listed (never a follow-on error) */
} imp_row;

/* The record's local version, if there is one. */
typedef struct imp_local {
	int64_t id, rev;
	char origin[65];
} imp_local;

/* What becomes of a row. */
typedef enum imp_action { IMP_SKIP, IMP_INSERT, IMP_UPDATE, IMP_RESTAMP } imp_action;

/* The sender's lane and what this database knew of its device. */
typedef struct imp_lanes {
	int on;               /* lanes apply (a bundle, not a lone CSV) */
	int known;            /* the device sent bundles here before */
	int self;             /* the bundle says it comes from this database: it
	                                may bring back only what is here already */
	char group_name[128]; /* the sender's group as people read it */
	int clone;            /* the device is suspected of being two laptops */
	int clone_now;        /* ... found out by this bundle */
	char clone_why[200];  /* how, in words */
	int64_t dev_max_rev;  /* its highest own revision accepted before */
	int64_t dev_max_seen; /* the highest clock it declared before */
	char dev_last_at[21]; /* created_at of its newest bundle accepted before */
	int64_t seen_self;    /* the clock this bundle declares for its device */
	int restart;          /* a clone found out half way: apply again from the start */
	char last_origin[65]; /* the origin whose lane was looked up last, */
	int last_other;       /* ... and whether it is of another lane */
} imp_lanes;

typedef struct importer {
	fb_store *st;
	sqlite3 *db;
	const fb_import_opts *opts;
	fb_sync_summary *sum;
	fb_manifest *m;           /* the bundle's manifest (owned; made up for a bare CSV) */
	struct imp_sender sender; /* who sent it, from the manifest (import_archive.c) */
	imp_lanes lane;
	char clone_hint[200];  /* a second attempt: the clone the first found, why */
	char manifest_sha[65]; /* of manifest.txt, "" for a bare CSV */
	int known_content;     /* same bundle and manifest imported before */
	int bare;              /* a lone CSV (edited in Excel?), no manifest */
	int failed;            /* some row was refused: everything is rolled back */
	fb_error fatal;        /* a database error met while reading rows */
	long seq;              /* rows processed, for progress */
	/* the window of dates and times (fb_date_window), fixed for the import */
	fb_date date_first, date_last;
	char time_first[21], time_last[21];
	int64_t rev_last; /* the highest revision a clock can have made by now */
	char today[11];
	/* the table being read */
	const fb_sync_table *t;
	int tindex;
	fb_sync_counts *cnt;
	int header;                               /* header row seen */
	int pos[IMP_MAXCOLS];                     /* column -> CSV cell, -1: absent (F_LATER) */
	int ncells;                               /* cells in the header */
	unsigned char unnamed[FB_CSV_MAX_FIELDS]; /* header cells without a name: ignored */
	int nunnamed;
	long empty_rows, first_empty; /* rows without a value, ignored */
	int rec_col[IMP_MAXCOLS];     /* the column of each member of the table's record */
	sqlite3_stmt *lookup, *ins, *upd, *local_json;
	sqlite3_stmt *ref[IMP_MAXCOLS];
	imp_ref (*refs)[IMP_REF_SLOTS]; /* a small cache per reference column */
	/* statements of the whole import */
	sqlite3_stmt *dup, *dup_line, *touch, *conflict, *held_add, *held_find;
	/* what this device had seen before the import; what the bundle brings */
	imp_origin_rev *local_seen;
	int nlocal;
	imp_origin_rev *incoming;
	int nincoming;
	int last_incoming; /* the origin found last (rows come grouped) */
	int64_t maxrev;
	/* bulk mode (search.h): the text index is rebuilt once at the end
	 * instead of row by row while many logs are written */
	fb_search_bulk bulk;
	int bulk_on;
	int bulk_load;            /* the bundle's logs take the bulk path */
	int cache_size;           /* main.cache_size before the import (0: unknown) */
	char *buf;                /* scratch for hashing a member (IMP_BUF bytes) */
	struct imp_chain *chains; /* history: the devices met, their first and last entry */
	int row_fork;             /* the history row is a cloned device's other branch */
	int nchains, chains_cap;
	imp_row row; /* the row being read */
	char *sealed[IMP_MAXCOLS]; /* the row's personal cells sealed (imp_seal_row), owned */
	/* the sender as its signature showed it (import_sign.c): the pinned
	 * device, group and kind, verified; imp_fill_sender takes it */
	struct imp_sender signer;
	int have_signer;
	fb_bundle_sig sig;  /* manifest.sig, parsed */
	int pin_new;        /* pin is to be pinned in the transaction */
	int pin_kind_known; /* pin's kind and group come from the pinned key */
	fb_peer_key pin;
	/* a sealed bundle: its first chunk (signature then manifest), already
	 * verified; the zip inside must hold the same bytes */
	const char *sealed_head;
	size_t sealed_len;
	char *sealed_buf; /* owns sealed_head */
} importer;

#define IMP_BUF (1u << 16)
/* index[] of a bundle's members: the tables, then the manifest, then its
 * signature */
#define IMP_MANIFEST FB_SYNC_NTABLES
#define IMP_SIGNATURE (FB_SYNC_NTABLES + 1)
#define IMP_NMEMBERS (FB_SYNC_NTABLES + 2)

/* ---- import.c ---- */
/* The manifest of the bundle at path into m, opened as fb_bundle_import
 * opens it for st (unsealed with this device's keys, its members and its
 * signature checked against the keys pinned here or the fingerprints
 * pins, as import --pin); nothing written. */
fb_status imp_peek_bundle(fb_store *st, const char *path, const char *pins, fb_manifest *m,
                          fb_error *err);

/* ---- import_archive.c ---- */
/* Open the zip at path (or in fd, which it takes over, if fd >= 0: a
 * sealed bundle opened into a temporary file), check its members (names, sizes, ratio, none
 * encrypted), check the manifest's signature (imp_check_signature) and
 * only then parse the manifest into im->m. index[] gets each table's
 * member (-1: absent), then the manifest's and the signature's. */
fb_status imp_open_bundle(importer *im, const char *path, int fd, zip_t **za,
                          zip_int64_t index[IMP_NMEMBERS], fb_error *err);
/* Import the member of the current table, checking its bytes against the
 * manifest entry mf (SHA-256, row count, no more than declared). */
fb_status imp_read_member(importer *im, zip_t *za, zip_int64_t idx, const fb_manifest_file *mf,
                          fb_error *err);
/* The sender from the manifest (im->sender): its device and group, HQ when
 * it names no group; not verified. */
void imp_fill_sender(importer *im);
/* Check the signature sig (sn bytes) and only then parse the manifest man
 * (mn bytes) into im->m, and check the sender (imp_check_signature,
 * imp_check_sender); the manifest's SHA-256 into im->manifest_sha. */
fb_status imp_verify_manifest(importer *im, const char *sig, size_t sn, const char *man, size_t mn,
                              fb_error *err);

/* ---- import_sign.c ---- */
/* Check manifest.sig (sn bytes) over the manifest's mn bytes against the
 * key pinned for its device, before the manifest is parsed: an unknown
 * device (unless --pin names its fingerprint), a bad signature, or new keys
 * without a rotation record signed by the pinned ones are refused, saying
 * what to do. */
fb_status imp_check_signature(importer *im, const char *sigtext, size_t sn, const char *man,
                              size_t mn, fb_error *err);
/* After the manifest is parsed: it names the signing device; the bundle is
 * not older than the last one imported from it (a replay). */
fb_status imp_check_sender(importer *im, fb_error *err);
/* In the import's transaction: pin what was learnt, and the sender's last
 * bundle. */
fb_status imp_record_sender(importer *im, fb_error *err);

/* ---- import_row.c ---- */
/* Read one table's CSV from r through the row pipeline. */
fb_status imp_read_csv(importer *im, fb_csv_reader *r, fb_error *err);

/* ---- import_cell.c ---- */
/* Decode cell v (n bytes, writable) of column j into the row, refusing it
 * with its reason if it is bad. 0, or -1 on a database error. */
int imp_decode_cell(importer *im, fb_csv_reader *r, imp_row *rw, int j, char *v, size_t n);
/* Trim what surrounds a typed cell in place (ASCII blanks, U+3000, U+00A0). */
char *imp_trim(char *s, size_t *n);
/* A cell's text made visible and cut to fit buf, for a message. */
const char *imp_shown(const char *v, char *buf, size_t size);

/* ---- import_record.c ---- */
/* Check the row as the core's record of its table with the core's
 * validator, refusing each failing column once. 0, or -1 on a database
 * error (im->fatal set). */
int imp_check_record(importer *im, imp_row *rw);
/* After the check: the row's personal cells (F_SEALED) sealed with this
 * database's key in place, so that comparisons with the local version and
 * the write see them as stored. 0, or -1 (im->fatal set: no key held). */
int imp_seal_row(importer *im, imp_row *rw);
/* Free what imp_seal_row made. */
void imp_seal_free(importer *im);
/* Find the columns of the current table's record (once per table). */
void imp_record_columns(importer *im);

/* ---- import_version.c ---- */
/* The local version of uuid: 1 found (into *loc), 0 none, -1 error. */
int imp_local_version(importer *im, const char *uuid, imp_local *loc);
/* What to do with the row given its local version (loc NULL: none);
 * counts it and keeps a conflict's losing version. -1 on a database error. */
int imp_choose(importer *im, imp_row *rw, const imp_local *loc);

/* Would the row change anything here (insert, update, or a conflict
 * kept)? 1, 0, -1 on a database error. No side effect. */
int imp_would_change(importer *im, const imp_row *rw, const imp_local *loc);

/* ---- lanes.c ---- */
/* The sender's lane, once the manifest is read (inside the transaction):
 * a device that changes lane, or an unknown one claiming headquarters, is
 * refused (FB_EFORMAT naming manifest.txt). */
fb_status imp_lanes_begin(importer *im, fb_error *err);
/* Check a good row against the sender's lane before it is applied: 0 in
 * its lane, 1 refused (listed with imp_reject), -1 on a database error.
 * *in_lane: the row's origin is of the sender's lane (what was seen of it
 * may move forward). */
int imp_lane_check(importer *im, imp_row *rw, const imp_local *loc, int *in_lane);

/* ---- import_write.c ---- */
/* Prepare the statements of the current table (and the update once the
 * header says which columns the file has: imp_prepare_update). */
fb_status imp_prepare_table(importer *im, fb_error *err);
int imp_prepare_update(importer *im);
void imp_finalize_table(importer *im);
/* Write the row as action says; 0 or -1 (im->fatal set). */
int imp_write(importer *im, imp_row *rw, imp_action action);
/* Note row id of the current table as met on line: 0 the first time, 1 if
 * met before (its first line into *first), -1 on error. */
int imp_remember(importer *im, int64_t id, long line, long *first);

/* ---- import_refs.c ---- */
/* The local id and tombstone flag of the record uuid of table (column j's
 * reference): 1 found, 0 none, -1 error. Cached. */
int imp_resolve(importer *im, int j, const char *uuid, int64_t *id, int *deleted);
/* Refused rows of this bundle, by uuid, so that rows referring to them are
 * held back silently: add one (0/-1), ask for one (1 held, 0 not, -1). */
int imp_hold(importer *im, const char *uuid);
int imp_is_held(importer *im, const char *uuid);

/* ---- import_reject.c ---- */
/* Refuse column j of the current row (j < 0: the whole row) for a reason
 * that may quote cells: the message is made visible before it is kept. */
void imp_reject(importer *im, int j, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Keep the losing version of row rw in sync_conflicts (the winner's rev,
 * the loser's rev and origin, its JSON: "{}" for NULL) and list it as a
 * conflict of the summary, msg about what. 0, or -1 on a database error
 * (im->fatal). */
int imp_keep_conflict(importer *im, const imp_row *rw, int64_t win_rev, int64_t lose_rev,
                      const char *lose_origin, const char *json, const char *what, const char *msg);
/* A refusal of the whole bundle (no line): code, file and the message in
 * err; returns code. */
fb_status imp_refuse(fb_error *err, fb_status code, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A bundle that is not what fieldbook writes: imp_refuse with FB_EFORMAT. */
fb_status imp_bundle_err(fb_error *err, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- import_bulk.c ---- */
/* Does a bundle bringing mf's logs take the bulk path? */
int imp_bulk_size(importer *im, const fb_manifest_file *mf);
fb_status imp_bulk_begin(importer *im, const fb_manifest_file *mf, fb_error *err);
fb_status imp_bulk_end(importer *im, fb_error *err);
void imp_bulk_free(importer *im);

/* ---- import_book.c ---- */
/* Read what this device has seen from each device (sync_seen). */
fb_status imp_load_seen(importer *im, fb_error *err);
/* What this device had imported from origin (its own: everything). */
int64_t imp_local_seen(importer *im, const char *origin);
/* Remember the highest incoming revision per origin. */
void imp_note_incoming(importer *im, const char *origin, int64_t rev);
/* Was this bundle imported before? (sum->already; known_content when its
 * manifest was the same too.) */
fb_status imp_check_already(importer *im, fb_error *err);
/* After the apply: ticket statuses replayed; sync_seen, sync_imports and
 * the clock brought forward. */
fb_status imp_replay_statuses(importer *im, fb_error *err);
fb_status imp_record_import(importer *im, fb_error *err);
/* The manifest's clocks against this one (refused beyond the drift,
 * flagged when far behind) and the signs of a cloned device: before any
 * row is read. */
fb_status imp_check_clocks(importer *im, fb_error *err);
/* A row of the sender's own that diverges from the version it sent before
 * (a cloned device): 1 if it must be a conflict, 0 if not. */
int imp_clone_divergent(importer *im, const imp_row *rw, const imp_local *loc);
/* May the history chain of device fork in this bundle (import_history.c)?
 * 1 for the sender's device (flagged as two laptops now, if it was not) and
 * for this database's own id in a bundle from HQ; 0 otherwise. */
int imp_history_forks(importer *im, const char *device);
/* Flag the sender's device as two laptops sharing one id, for why. */
void imp_clone_suspect(importer *im, const char *why);

/* ---- import_history.c ---- */
/* An entry of the bundle's history: the same as this database's entry of
 * that device and number, if there is one (FB_EINVAL naming "hash"), noted
 * for the chain check. FB_EDB/FB_ENOMEM as such. */
fb_status imp_history_entry(importer *im, const fb_history_entry *e, fb_error *err);
/* The row is an entry of a cloned device's other branch (im->row_fork):
 * kept as a conflict for review, never written. IMP_SKIP, or -1. */
int imp_history_fork(importer *im, const imp_row *rw);
/* Once every row is in: each device's entries chain, continuous with what
 * this database held, and end at the manifest's chain head; a whole chain
 * is remembered as such. FB_EINVAL naming history.csv, device and entry. */
fb_status imp_history_check(importer *im, fb_error *err);
void imp_history_free(importer *im);

/* ---- summary.c ---- */
/* Add an issue (rejection or conflict) to the summary; the first
 * FB_SYNC_MAX_ISSUES are listed, the rest counted. */
void fb_sync_add_issue(fb_sync_summary *sum, int conflict, const char *file, long line,
                       const char *field, const char *uuid, const char *msg);
/* What the last issue added is about, as people know it (a conflict's
 * ticket number and title, a log's date and author). */
void fb_sync_set_what(fb_sync_summary *sum, const char *what);
/* Append s to f as a JSON string (through the core's fb_json_encode). */
void fb_sync_json_str(FILE *f, const char *s);
/* Add a note (something ignored, the import goes on). */
void fb_sync_add_note(fb_sync_summary *sum, const char *file, long line, const char *field,
                      const char *msg);

#endif
