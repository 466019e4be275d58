/* manifest.h - the bundle's manifest.txt: what the bundle holds and how to
 * check it (format version, identity, per file rows and SHA-256, revision
 * range, and what the sender had already seen from each device). */
#ifndef FB_SYNC_MANIFEST_H
#define FB_SYNC_MANIFEST_H

#include <stdint.h>
#include <stdio.h>

#include "fieldbook/error.h"
#include "sync.h"

#define FB_MANIFEST_NAME "manifest.txt"
#define FB_MANIFEST_MAX (256u * 1024) /* size cap when reading */
#define FB_MANIFEST_FILES 32          /* at least FB_SYNC_NTABLES (export.c checks) */
#define FB_MANIFEST_SEEN 512

typedef struct fb_manifest_file {
	char name[32];   /* "logs.csv" */
	long rows;       /* data rows (header excluded) */
	char sha256[65]; /* hex of the member's bytes */
} fb_manifest_file;

typedef struct fb_manifest_seen {
	char origin[65]; /* a device id */
	int64_t rev;     /* highest revision of that device the sender held */
} fb_manifest_seen;

#define FB_MANIFEST_HEADS 256

/* The last history entry of a device the bundle carries: its number and
 * hash, and whether the bundle carries that device's chain whole (the
 * sender's own chain, not cut to one group) or in part. */
typedef struct fb_manifest_head {
	char device[65];
	int64_t seq;
	char hash[65];
	int whole;
} fb_manifest_head;

typedef struct fb_manifest {
	int format;
	char bundle_id[37];
	char source_device[37];
	char source_group[37]; /* "" when the sender is not one group (HQ) */
	char source_group_name[128];
	char created_at[21];
	int64_t rev_from, rev_to;
	fb_manifest_file file[FB_MANIFEST_FILES];
	int nfiles;
	fb_manifest_seen seen[FB_MANIFEST_SEEN];
	int nseen;
	fb_manifest_head head[FB_MANIFEST_HEADS];
	int nheads;
} fb_manifest;

/* Parse n bytes of manifest text. FB_EFORMAT with the line on error; a
 * format newer than FB_BUNDLE_FORMAT is refused with a message to upgrade. */
fb_status fb_manifest_parse(const char *s, size_t n, fb_manifest *m, fb_error *err);
/* Write m as text to f. */
int fb_manifest_write(const fb_manifest *m, FILE *f);
/* The entry for file name, or NULL. */
const fb_manifest_file *fb_manifest_find(const fb_manifest *m, const char *name);
/* The chain head of device, or NULL. */
const fb_manifest_head *fb_manifest_find_head(const fb_manifest *m, const char *device);
/* What the sender had seen of origin (0 if nothing). */
int64_t fb_manifest_seen_rev(const fb_manifest *m, const char *origin);

#endif
