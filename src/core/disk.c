/* disk.c - is the database on an encrypted file system (Linux: mountinfo,
 * dm-crypt in /sys, fscrypt's flag, ecryptfs), and the private folder for a
 * session's temporary files, cleaned at the next start. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/fs.h>
#endif

#include "fieldbook/disk.h"
#include "fieldbook/i18n.h"

#define NOTICE_KEY "disk_notice_shown"

/* The folder that holds path, into buf. */
static void folder_of(const char *path, char *buf, size_t n)
{
	char *copy = strdup(path);
	snprintf(buf, n, "%s", copy ? dirname(copy) : ".");
	free(copy);
}

/* The first line of file (without its newline) into buf: 0, or -1. */
static int read_line(const char *file, char *buf, size_t n)
{
	FILE *f = fopen(file, "re");
	if (!f)
		return -1;
	int ok = fgets(buf, (int)n, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = 0;
	return ok ? 0 : -1;
}

/* fscrypt: the folder has the encryption flag. */
static int fscrypt_folder(const char *dir)
{
#if defined(__linux__) && defined(FS_IOC_GETFLAGS)
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	long flags = 0;
	int r = ioctl(fd, FS_IOC_GETFLAGS, &flags);
	close(fd);
	return r == 0 && (flags & 0x00000800L); /* FS_ENCRYPT_FL */
#else
	(void)dir;
	return 0;
#endif
}

/* The block device at sysdir (a /sys/dev/block/MAJ:MIN folder) is dm-crypt,
 * or stands on one (its slaves/, depth levels down): 1, 0 not, -1 it does
 * not exist. */
static int dm_crypt(const char *sysdir, int depth)
{
	char f[4200], uuid[256];
	struct stat sb;
	if (stat(sysdir, &sb) != 0)
		return -1;
	snprintf(f, sizeof f, "%s/dm/uuid", sysdir);
	if (read_line(f, uuid, sizeof uuid) == 0 && !strncmp(uuid, "CRYPT-", 6))
		return 1;
	if (depth <= 0)
		return 0;
	snprintf(f, sizeof f, "%s/slaves", sysdir);
	DIR *d = opendir(f);
	struct dirent *e;
	int found = 0;
	while (d && !found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char sub[4600];
		snprintf(sub, sizeof sub, "%s/%s", f, e->d_name);
		found = dm_crypt(sub, depth - 1) == 1;
	}
	if (d)
		closedir(d);
	return found;
}

/* A line of mountinfo for the device maj:min: its file system type and
 * source into type and src; 0 found, -1 not. */
static int find_mount(const char *root, unsigned maj, unsigned min, char *type, char *src)
{
	char file[4200], line[8192], want[32];
	snprintf(file, sizeof file, "%s/proc/self/mountinfo", root);
	snprintf(want, sizeof want, "%u:%u", maj, min);
	FILE *f = fopen(file, "re");
	if (!f)
		return -1;
	int found = -1;
	while (found && fgets(line, sizeof line, f)) {
		char dev[32];
		/* id parent maj:min root mountpoint options... - type source super */
		if (sscanf(line, "%*s %*s %31s", dev) != 1 || strcmp(dev, want))
			continue;
		const char *dash = strstr(line, " - ");
		if (dash && sscanf(dash + 3, "%63s %1023s", type, src) == 2)
			found = 0;
	}
	fclose(f);
	return found;
}

/* The verdict for a mount of file system type on block device maj:min
 * (source src when the device number is not a block device's: btrfs). */
static fb_disk_state mount_state(const char *root, const char *type, const char *src, unsigned maj,
                                 unsigned min)
{
	static const char *const encrypting[] = {"ecryptfs", "fuse.gocryptfs", "fuse.encfs",
	                                         "fuse.cryfs", "fuse.securefs"};
	for (size_t i = 0; i < sizeof encrypting / sizeof *encrypting; i++)
		if (!strcmp(type, encrypting[i]))
			return FB_DISK_ENCRYPTED;
	if (!strcmp(type, "tmpfs") || !strcmp(type, "ramfs"))
		return FB_DISK_MEMORY;
	char sysdir[4200];
	snprintf(sysdir, sizeof sysdir, "%s/sys/dev/block/%u:%u", root, maj, min);
	int r = dm_crypt(sysdir, 8);
	struct stat sb;
	if (r < 0 && !strncmp(src, "/dev/", 5) && stat(src, &sb) == 0 && S_ISBLK(sb.st_mode)) {
		snprintf(sysdir, sizeof sysdir, "%s/sys/dev/block/%u:%u", root, major(sb.st_rdev),
		         minor(sb.st_rdev));
		r = dm_crypt(sysdir, 8);
	}
	return r < 0 ? FB_DISK_UNKNOWN : r ? FB_DISK_ENCRYPTED : FB_DISK_PLAIN;
}

fb_disk_state fb_disk_encryption_at(const char *path, const char *root)
{
	char dir[4096], type[64], src[1024];
	struct stat sb;
	if (!path || !root)
		return FB_DISK_UNKNOWN;
	folder_of(path, dir, sizeof dir);
	if (stat(path, &sb) != 0 && stat(dir, &sb) != 0)
		return FB_DISK_UNKNOWN;
	if (fscrypt_folder(dir))
		return FB_DISK_ENCRYPTED;
	unsigned maj = major(sb.st_dev), min = minor(sb.st_dev);
	if (find_mount(root, maj, min, type, src) != 0)
		return FB_DISK_UNKNOWN;
	return mount_state(root, type, src, maj, min);
}

fb_disk_state fb_disk_encryption(const char *path)
{
	const char *root = getenv("FIELDBOOK_DISK_ROOT");
	return fb_disk_encryption_at(path, root ? root : "");
}

int fb_disk_notice_due(fb_store *st)
{
	const char *path = fb_store_path(st);
	if (!path || fb_disk_encryption(path) != FB_DISK_PLAIN)
		return 0;
	char *seen = fb_meta_get(st, NOTICE_KEY);
	int due = !seen || !*seen;
	free(seen);
	return due;
}

fb_status fb_disk_notice_shown(fb_store *st, fb_error *err)
{
	return fb_meta_set(st, NOTICE_KEY, "1", err);
}

fb_status fb_disk_scratch_dir(const char *db_path, char *buf, size_t n, fb_error *err)
{
	struct stat sb;
	if ((size_t)snprintf(buf, n, "%s.tmp", db_path) >= n)
		return fb_error_set(err, FB_EIO, NULL, _("the path %s is too long"), db_path);
	if (mkdir(buf, 0700) != 0 && errno != EEXIST)
		return fb_error_set(err, FB_EIO, NULL, _("cannot create the folder %s: %s"), buf,
		                    strerror(errno));
	if (lstat(buf, &sb) != 0 || !S_ISDIR(sb.st_mode) || sb.st_uid != geteuid())
		return fb_error_set(err, FB_EIO, NULL,
		                    _("%s is not a private folder of this user: move it away"), buf);
	if ((sb.st_mode & 0777) != 0700 && chmod(buf, 0700) != 0)
		return fb_error_set(err, FB_EIO, NULL, _("cannot create the folder %s: %s"), buf,
		                    strerror(errno));
	return FB_OK;
}

int fb_disk_scratch_file(const char *db_path, const char *prefix, const char *suffix, char *buf,
                         size_t n, fb_error *err)
{
	char dir[4096];
	if (fb_disk_scratch_dir(db_path, dir, sizeof dir, err))
		return -1;
	size_t sl = strlen(suffix);
	if ((size_t)snprintf(buf, n, "%s/%s-XXXXXX%s", dir, prefix, suffix) >= n) {
		fb_error_set(err, FB_EIO, NULL, _("the path %s is too long"), db_path);
		return -1;
	}
	int fd = mkostemps(buf, (int)sl, O_CLOEXEC); /* mode 0600 */
	if (fd < 0) {
		fb_error_set(err, FB_EIO, NULL, _("cannot create a temporary file in %s: %s"), dir,
		             strerror(errno));
		return -1;
	}
	flock(fd, LOCK_EX); /* ours: a fresh file nobody else holds */
	return fd;
}

int fb_disk_remember(const char *db_path, const char *tmp_path, char *rec, size_t n)
{
	int fd = fb_disk_scratch_file(db_path, "export", ".rec", rec, n, NULL);
	if (fd < 0)
		return -1;
	char cwd[4096] = "";
	if (tmp_path[0] != '/' && !getcwd(cwd, sizeof cwd)) {
		fb_disk_forget(fd, rec);
		return -1;
	}
	char abs[8300];
	snprintf(abs, sizeof abs, "%s%s%s\n", cwd, cwd[0] ? "/" : "", tmp_path);
	size_t len = strlen(abs);
	if (write(fd, abs, len) != (ssize_t)len) {
		fb_disk_forget(fd, rec);
		return -1;
	}
	return fd;
}

void fb_disk_forget(int fd, const char *rec)
{
	if (fd < 0)
		return;
	unlink(rec);
	close(fd);
}

/* name ends in .tmp.XXXXXX (an export's temporary file). */
static int export_tmp_name(const char *name)
{
	size_t n = strlen(name);
	return n > 11 && !strncmp(name + n - 11, ".tmp.", 5) && !strchr(name + n - 6, '/');
}

/* Remove the file f if no live session holds it, and for an export record
 * the temporary file it names: the number of files removed. */
static int clean_one(const char *f)
{
	int fd = open(f, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return 0;
	}
	int removed = 0;
	size_t n = strlen(f);
	if (n > 4 && !strcmp(f + n - 4, ".rec")) {
		char named[8300];
		ssize_t r = read(fd, named, sizeof named - 1);
		named[r > 0 ? r : 0] = 0;
		named[strcspn(named, "\n")] = 0;
		if (export_tmp_name(named) && unlink(named) == 0)
			removed++;
	}
	removed += unlink(f) == 0;
	close(fd);
	return removed;
}

/* An editor's own file beside our edit-XXXXXX.txt in dir (vim's
 * .edit-XXXXXX.txt.swp, a backup edit-XXXXXX.txt~) whose session still runs:
 * the edit file is there and locked. */
static int live_editor_file(const char *dir, const char *name)
{
	const char *e = strstr(name, "edit-");
	if (!e || strlen(e) < 11 || (!strncmp(name, "edit-", 5) && !strcmp(e + 11, ".txt")))
		return 0;
	char f[4400];
	snprintf(f, sizeof f, "%s/%.11s.txt", dir, e);
	int fd = open(f, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	int live = flock(fd, LOCK_SH | LOCK_NB) != 0;
	close(fd);
	return live;
}

int fb_disk_clean_leftovers(const char *db_path)
{
	char dir[4096];
	if ((size_t)snprintf(dir, sizeof dir, "%s.tmp", db_path) >= sizeof dir)
		return 0;
	struct stat sb;
	if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || sb.st_uid != geteuid())
		return 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	int removed = 0;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    live_editor_file(dir, e->d_name))
			continue;
		char f[4400];
		snprintf(f, sizeof f, "%s/%s", dir, e->d_name);
		removed += clean_one(f);
	}
	if (d)
		closedir(d);
	return removed;
}
