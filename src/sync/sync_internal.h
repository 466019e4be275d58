/* sync_internal.h - helpers shared by export.c and import.c. */
#ifndef FB_SYNC_INTERNAL_H
#define FB_SYNC_INTERNAL_H

#include <stddef.h>
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

#endif
