/* sync.h - bundles: the one file (a zip of CSVs plus a manifest) that
 * carries a work group's records between stations and headquarters.
 *
 * Export writes every travelling table (full, or what changed since the last
 * export to a peer). Import validates the whole bundle and applies it in one
 * transaction: last writer wins by (rev, origin); an edit made on both sides
 * since they last synced is a conflict, whose losing version is kept in
 * sync_conflicts. The format is documented in packaging/fieldbook-bundle.5. */
#ifndef FIELDBOOK_SYNC_H
#define FIELDBOOK_SYNC_H

#include <stdint.h>
#include "fieldbook/store.h"

/* The format version this build writes and the newest it reads. 2 added
 * people.joined_on; 3 the history and its chain heads; 4 the signature
 * (manifest.sig), which every bundle must carry: older, unsigned bundles
 * are refused (their sender updates fieldbook and exports again). */
#define FB_BUNDLE_FORMAT 4
#define FB_SYNC_NTABLES 23
#define FB_SYNC_MAX_ISSUES 100 /* rejections/conflicts listed in a summary */
#define FB_SYNC_MAX_NOTES 16   /* notes (what was ignored) listed in a summary */

/* Progress of a long export or import: rows done so far in table. */
typedef void (*fb_sync_progress_fn)(void *ctx, const char *table, long rows_done);

typedef struct fb_export_opts {
	const char *peer;       /* record the export for this peer (NULL: none) */
	int since_last;         /* only rows changed since the last export to peer */
	int compress;           /* deflate the CSVs (default: stored, faster) */
	int64_t group_id;       /* only this work group's records (0: all) */
	int plain;              /* a plain zip anyone can read (else sealed for the
	                            recipient: HQ, or the station of group_id) */
	const char *passphrase; /* a station kit: sealed with this one-time passphrase
	                            (argon2id) instead of a recipient's key */
	fb_sync_progress_fn progress;
	void *progress_ctx;
} fb_export_opts;

typedef struct fb_import_opts {
	int dry_run;            /* validate and count, write nothing */
	uint64_t max_member;    /* cap on one member's size (0: 4 GiB) */
	const char *pin;        /* the fingerprint a person compared: pin the sender's
	                            keys if they are the bundle's (NULL: none) */
	const char *passphrase; /* a station kit's passphrase: its signer is pinned as
	                            HQ (the passphrase read over the phone vouches) */
	long bulk_min;          /* logs from which a bundle that at least doubles the
	                            database rebuilds the text index once (0: 5000) */
	fb_sync_progress_fn progress;
	void *progress_ctx;
} fb_import_opts;

typedef struct fb_sync_counts {
	const char *table; /* static name */
	long rows;         /* rows in the bundle's file */
	long inserted, updated, unchanged, conflicts, rejected;
} fb_sync_counts;

/* A rejected row (file:line: field: why), a conflict (what lost) or a
 * note (what was ignored). Text from the bundle in field and msg is made
 * visible (fb_text_visible): never a raw control character. */
typedef struct fb_sync_issue {
	int conflict; /* 0: rejection (or a note), 1: conflict */
	char file[32];
	long line;
	char field[48];
	char uuid[37];
	char what[160]; /* a conflict's record as people know it: "问题 12《…》" */
	char msg[320];
} fb_sync_issue;

typedef struct fb_sync_summary {
	fb_sync_counts t[FB_SYNC_NTABLES];
	int ntables;
	char bundle_id[37];
	char source_device[37];
	char source_group[37];
	char source_group_name[128];
	char created_at[21];
	int64_t rev_from, rev_to;
	int converted;           /* files converted from GB18030 */
	char fingerprint[36];    /* of the keys that signed the bundle */
	int pinned;              /* the sender's keys were pinned by this import */
	char unknown_device[37]; /* refused: the bundle's device is not pinned here */
	int sender_hq;           /* the bundle came from headquarters' lane */
	long clock_behind_days;  /* the sender's clock looks this far behind (0: it does not;
	                            flagged from FB_CLOCK_BEHIND_DAYS) */
	int clone_suspected;     /* its device looks like two laptops with one id */
	char clone_note[200];    /* why, in words */
	int already;             /* this bundle was imported before */
	int dry_run;
	fb_sync_issue issue[FB_SYNC_MAX_ISSUES];
	int nissues;
	long more_issues;                      /* issues not listed */
	fb_sync_issue note[FB_SYNC_MAX_NOTES]; /* ignored, the import goes on:
	                            empty rows, empty nameless columns */
	int nnotes;
	long more_notes;
} fb_sync_summary;

/* Write a bundle to path (atomically: a temporary file renamed into place),
 * signed by this device; sealed for its recipient unless opts->plain (a
 * recipient whose key is not pinned: FB_ESTATE saying so). sum gets the
 * per-table row counts. */
fb_status fb_bundle_export(fb_store *st, const char *path, const fb_export_opts *opts,
                           fb_sync_summary *sum, fb_error *err);

/* The name of a bundle when none is given, into buf:
 * fieldbook-GROUP-DATE.zip (a station kit: fieldbook-kit-GROUP-DATE.zip),
 * GROUP being group_id's name (0: this station's group; headquarters
 * without a group: hq), made safe for a file name on any stick (no / \ : * ?
 * " < > |, spaces or controls; at most 60 bytes of it). What a person needs
 * to tell bundles apart, never a person's name or phone. */
fb_status fb_bundle_default_name(fb_store *st, int64_t group_id, int kit, const char *date,
                                 char *buf, size_t n, fb_error *err);

/* A one-time passphrase for a station kit: five groups of five digits
 * (about 83 bits), read out over the phone. */
void fb_kit_passphrase(char out[32]);

/* Validate and apply the bundle at path (a zip, or a single table's CSV
 * named like logs.csv) in one transaction. Every row is checked by the
 * core's validator of its record. On a validation error nothing is
 * written, err names file:line: field, and sum lists every rejected row
 * and column found (up to FB_SYNC_MAX_ISSUES, the rest counted). */
fb_status fb_bundle_import(fb_store *st, const char *path, const fb_import_opts *opts,
                           fb_sync_summary *sum, fb_error *err);

/* A travelling table's name ("work_groups") as people read it, translated
 * ("work groups", 工作组); an unknown name as it is. */
const char *fb_sync_table_label(const char *table);

/* The summary as JSON (one line). Caller frees. */
char *fb_sync_summary_json(const fb_sync_summary *sum);
/* The label a person reads for a table code ("work_groups" -> 工作组),
 * translated; the code itself if it is not a bundle's table. */
const char *fb_sync_table_label(const char *table);

#endif
