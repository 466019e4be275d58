/* sync_internal.h - helpers shared by export.c and import.c. */
#ifndef FB_SYNC_INTERNAL_H
#define FB_SYNC_INTERNAL_H

#include <stddef.h>
#include "tables.h"

/* The SELECT of table t's bundle columns (references as uuids, or as ids
 * if raw_refs), followed by `where`. */
void fb_sync_select_sql(const fb_sync_table *t, const char *where, int raw_refs, char *sql,
                        size_t size);

#endif
