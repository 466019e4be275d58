/* inbox.h - headquarters' inbox: a folder of bundles (a USB stick mounted
 * anywhere) listed with who sent each, when it was made and whether it was
 * imported before; a bundle's import summary in words a person reads.
 *
 * The folder's file names are read once and sorted (names only: 10,000
 * bundles are a few hundred KB); a bundle's manifest is read only when its
 * entry is asked for (a page at a time), the way fb_bundle_import opens
 * the bundle, so the inbox reads what the import will read. */
#ifndef FIELDBOOK_INBOX_H
#define FIELDBOOK_INBOX_H

#include <stddef.h>
#include <stdint.h>

#include "sync.h"

typedef struct fb_inbox fb_inbox;

/* List the bundles (*.zip, any case; not hidden files) in dir, by name.
 * FB_EIO naming the folder when it cannot be read. */
fb_status fb_inbox_open(const char *dir, fb_inbox **out, fb_error *err);
void fb_inbox_close(fb_inbox *ib);
int fb_inbox_count(const fb_inbox *ib);
/* The folder as given, and the path of entry i (into buf). */
const char *fb_inbox_dir(const fb_inbox *ib);
const char *fb_inbox_path(const fb_inbox *ib, int i, char *buf, size_t size);
const char *fb_inbox_name(const fb_inbox *ib, int i);

/* What an entry's manifest says, and what this database knows of it. */
typedef struct fb_inbox_entry {
	int index;
	char name[256]; /* file name in the folder */
	int64_t size;   /* bytes, -1 when gone */
	int readable;   /* the manifest was read; else error says why */
	char error[320];
	char bundle_id[37];
	char device[37];
	char group_uuid[37]; /* "" when the sender is HQ (several groups) */
	char group_name[128];
	char created_at[21];
	int64_t group_id; /* the group here, 0 when this database does not know it */
	int imported;     /* this bundle was imported here before */
	char imported_at[21];
} fb_inbox_entry;

/* The fingerprints (comma-separated) a person compared with the senders:
 * the bundles of those devices are read and imported as if pinned (as
 * import --pin). pins is kept, not copied: it outlives ib. */
void fb_inbox_set_pins(fb_inbox *ib, const char *pins);

/* Entry i, its manifest read (a damaged or vanished file is an entry with
 * readable = 0 and the reason, not an error). -1 with err only on a
 * database error. */
int fb_inbox_entry_get(fb_store *st, const fb_inbox *ib, int i, fb_inbox_entry *e, fb_error *err);

/* Import entry i (fb_bundle_import; opts->dry_run: only check it). A
 * bundle from a work group this database does not know is refused
 * (FB_EINVAL) unless new_group says the user accepted the
 * group: a group is never added silently. An unreadable entry (damaged,
 * gone) is FB_EFORMAT naming the file. */
fb_status fb_inbox_import(fb_store *st, const fb_inbox *ib, int i, int new_group,
                          const fb_import_opts *opts, fb_sync_summary *sum, fb_error *err);

/* The summary of an import (or a check) in one line a person reads:
 * "城关镇蹲点组: new 工作日志 5, 问题 2; updated 人员 1; 3 rejected; 1 conflict",
 * every table by its label, only the counts that are not zero. */
char *fb_sync_summary_words(const fb_sync_summary *sum, char *out, size_t size);

#endif
