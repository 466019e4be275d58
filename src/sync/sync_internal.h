/* sync_internal.h - helpers shared by export.c, import.c, rollup.c and docx.c. */
#ifndef FB_SYNC_INTERNAL_H
#define FB_SYNC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "manifest.h"
#include "sqlstore.h"
#include "sync.h"
#include "tables.h"

/* Who sent a bundle, as its manifest says (filled by the archive reader,
 * import_archive.c) and as the import lanes use it (lanes.c). `verified` is
 * set only by a check of the bundle's signature; until then the lanes
 * trust the device recorded in the manifest and what this database has
 * seen of it (the devices table). */
struct imp_sender {
	char device[37]; /* source_device */
	char group[37];  /* source_group: the work group's uuid, "" for HQ */
	int is_hq;       /* the bundle claims to come from headquarters */
	int verified;    /* its signature was checked (crypto) */
};

/* The SELECT of table t's bundle columns (references as uuids, or as ids
 * if raw_refs), followed by `where`. */
void fb_sync_select_sql(const fb_sync_table *t, const char *where, int raw_refs, char *sql,
                        size_t size);

/* The database's change sequence now (change_seq.n; 0 before the first
 * change): rows written later have a higher one. export.c. */
fb_status fb_sync_change_seq(fb_store *st, int64_t *n, fb_error *err);

/* What a killed writer of path (an export, a document) left behind: its
 * temporary files (path.tmp. and mkstemp's six characters, never a
 * finished file's name) are removed. export.c. */
void fb_sync_remove_leftovers(const char *path);

/* The bundle's identity from its manifest into the summary: its id, the
 * device and group it comes from, when it was made, its revisions.
 * summary.c. */
void fb_sync_summary_identity(fb_sync_summary *sum, const fb_manifest *m);

#endif
