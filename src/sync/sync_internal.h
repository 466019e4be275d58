/* sync_internal.h - helpers shared by export.c and import.c. */
#ifndef FB_SYNC_INTERNAL_H
#define FB_SYNC_INTERNAL_H

#include <stddef.h>
#include "tables.h"

/* The SELECT of table t's bundle columns (references as uuids, or as ids
 * if raw_refs), followed by `where`. */
void fb_sync_select_sql(const fb_sync_table *t, const char *where, int raw_refs, char *sql,
                        size_t size);

/* Who sent the bundle being imported, filled by the archive reader: the
 * device and, once its signature was checked against the key pinned here
 * (verified = 1, set only by that check), the group and kind it was
 * pinned as. Lanes checks read it. */
struct imp_sender {
	char device[37];
	char group[37];
	int is_hq;
	int verified;
};

#endif
