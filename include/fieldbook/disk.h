/* disk.h - what a lost laptop reveals: is the database on an encrypted
 * file system, and the private folder for a session's temporary files. */
#ifndef FIELDBOOK_DISK_H
#define FIELDBOOK_DISK_H

#include <stddef.h>

#include "fieldbook/error.h"
#include "fieldbook/store.h"

typedef enum fb_disk_state {
	FB_DISK_UNKNOWN = -1,  /* cannot tell (not Linux, no /proc, a network or overlay mount) */
	FB_DISK_PLAIN = 0,     /* on a disk that is not encrypted */
	FB_DISK_ENCRYPTED = 1, /* dm-crypt (LUKS, also under LVM), fscrypt, ecryptfs, gocryptfs.. */
	FB_DISK_MEMORY = 2,    /* tmpfs or ramfs: in memory, gone at power-off (not encrypted,
	                        * but nothing of it stays on a disk unless swapped out) */
} fb_disk_state;

/* Whether the file at path (or, when it does not exist yet, its folder) lies
 * on an encrypted file system, on Linux: the mount that holds it (its st_dev
 * in root/proc/self/mountinfo) is ecryptfs or an encrypting FUSE file system,
 * its folder has the fscrypt flag, or its block device is a dm-crypt device
 * (root/sys/dev/block/MAJ:MIN/dm/uuid begins with CRYPT-), itself or through
 * the devices under it (slaves/: LVM on LUKS). root is "" for the running
 * system; tests give a folder with fake proc/ and sys/ trees. Never fails:
 * what cannot be read is FB_DISK_UNKNOWN. */
fb_disk_state fb_disk_encryption_at(const char *path, const char *root);
/* fb_disk_encryption_at with the root of FIELDBOOK_DISK_ROOT (for tests; ""
 * when unset). */
fb_disk_state fb_disk_encryption(const char *path);

/* 1 when st's database lies on a disk that is not encrypted (FB_DISK_PLAIN)
 * and the notice saying so has not been shown for it yet; else 0. */
int fb_disk_notice_due(fb_store *st);
/* Remember in st's meta table that the notice was shown. */
fb_status fb_disk_notice_shown(fb_store *st, fb_error *err);

/* The private folder for db_path's temporary files (db_path + ".tmp", mode
 * 0700, owned by this user; made when missing) into buf. FB_EIO when it
 * cannot be made or is not a private folder of this user. */
fb_status fb_disk_scratch_dir(const char *db_path, char *buf, size_t n, fb_error *err);
/* A new temporary file (mode 0600) in db_path's private folder, named
 * prefix-XXXXXX + suffix, its name into buf; locked (flock) while the
 * returned descriptor is open, so another session's clean-up leaves it
 * alone. -1 with err filled when it cannot be made. */
int fb_disk_scratch_file(const char *db_path, const char *prefix, const char *suffix, char *buf,
                         size_t n, fb_error *err);
/* Record that the temporary file tmp_path (a plain export's, beside its
 * target) exists until fb_disk_forget: a file in db_path's private folder
 * naming it, locked while the returned descriptor is open; -1 on failure. */
int fb_disk_remember(const char *db_path, const char *tmp_path, char *rec, size_t n);
/* The record of fb_disk_remember is done with: removed and closed. */
void fb_disk_forget(int fd, const char *rec);
/* Remove what a killed session of db_path left behind: every unlocked file
 * in its private folder (editor temporaries) and the export temporaries
 * (NAME.tmp.XXXXXX) that unlocked records name. The number removed. */
int fb_disk_clean_leftovers(const char *db_path);

#endif
