/* test_disk.c - the encrypted-disk check on fake /proc and /sys trees, the
 * notice remembered in the database, and the private folder's clean-up. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "fieldbook/disk.h"
#include "testutil.h"

/* A fake tree: root (a fresh folder), the file whose disk is asked about
 * (data/x.db, real, so its st_dev is real) and that device's numbers. */
typedef struct tree {
	char root[128], file[192], dev[32];
} tree;

static void put(const char *root, const char *rel, const char *text)
{
	char path[512], cmd[600];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void tree_new(tree *t)
{
	snprintf(t->root, sizeof t->root, "/tmp/fbdisk.XXXXXX");
	assert_non_null(mkdtemp(t->root));
	snprintf(t->file, sizeof t->file, "%s/data/x.db", t->root);
	put(t->root, "data/x.db", "");
	struct stat sb;
	assert_int_equal(stat(t->file, &sb), 0);
	snprintf(t->dev, sizeof t->dev, "%u:%u", major(sb.st_dev), minor(sb.st_dev));
}

static void tree_free(tree *t)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->root);
	assert_int_equal(system(cmd), 0);
}

/* mountinfo with an unrelated line and the file's mount (type, source). */
static void mount_as(tree *t, const char *type, const char *src)
{
	char text[1024];
	snprintf(text, sizeof text,
	         "22 1 0:21 / /proc rw,nosuid - proc proc rw\n"
	         "27 1 %s / / rw,relatime shared:1 - %s %s rw\n",
	         t->dev, type, src);
	put(t->root, "proc/self/mountinfo", text);
}

/* root/sys/dev/block/<the file's device>/rel holds text. */
static void sys_put(tree *t, const char *rel, const char *text)
{
	char p[256];
	snprintf(p, sizeof p, "sys/dev/block/%s/%s", t->dev, rel);
	put(t->root, p, text);
}

static void test_plain_disk(void **state)
{
	(void)state;
	tree t;
	tree_new(&t);
	mount_as(&t, "ext4", "/dev/sda2");
	sys_put(&t, "size", "1000\n");
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_PLAIN);
	/* a database not made yet: its folder's disk */
	char later[160];
	snprintf(later, sizeof later, "%s/data/new.db", t.root);
	assert_int_equal(fb_disk_encryption_at(later, t.root), FB_DISK_PLAIN);
	/* LVM on a plain partition */
	sys_put(&t, "dm/uuid", "LVM-abcdef\n");
	sys_put(&t, "slaves/sda2/size", "1000\n");
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_PLAIN);
	tree_free(&t);
}

static void test_dm_crypt(void **state)
{
	(void)state;
	tree t;
	tree_new(&t);
	mount_as(&t, "ext4", "/dev/mapper/luks-1234");
	sys_put(&t, "dm/uuid", "CRYPT-LUKS2-1234abcd-luks-1234\n");
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_ENCRYPTED);
	tree_free(&t);
}

static void test_lvm_on_luks(void **state)
{
	(void)state;
	tree t;
	tree_new(&t);
	mount_as(&t, "xfs", "/dev/mapper/vg-root");
	sys_put(&t, "dm/uuid", "LVM-Qw3abc\n");
	sys_put(&t, "slaves/dm-0/dm/uuid", "CRYPT-LUKS1-77aa-sda3_crypt\n");
	sys_put(&t, "slaves/dm-0/slaves/sda3/size", "1\n");
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_ENCRYPTED);
	tree_free(&t);
}

static void test_stacked_file_systems(void **state)
{
	(void)state;
	tree t;
	tree_new(&t);
	mount_as(&t, "ecryptfs", "/home/.ecryptfs/me/.Private");
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_ENCRYPTED);
	mount_as(&t, "fuse.gocryptfs", "/home/me/cipher");
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_ENCRYPTED);
	/* in memory: not encrypted, but not on a disk either */
	mount_as(&t, "tmpfs", "tmpfs");
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_MEMORY);
	tree_free(&t);
}

static void test_cannot_tell(void **state)
{
	(void)state;
	tree t;
	tree_new(&t);
	/* no /proc */
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_UNKNOWN);
	/* the device is not in mountinfo */
	put(t.root, "proc/self/mountinfo", "22 1 0:21 / /proc rw - proc proc rw\n");
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_UNKNOWN);
	/* an overlay or network mount: no block device behind it */
	mount_as(&t, "overlay", "overlay");
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_UNKNOWN);
	mount_as(&t, "nfs4", "server:/export");
	assert_int_equal(fb_disk_encryption_at(t.file, t.root), FB_DISK_UNKNOWN);
	assert_int_equal(fb_disk_encryption_at("/nonexistent/dir/x.db", t.root), FB_DISK_UNKNOWN);
	tree_free(&t);
}

/* The notice is due once on a plain disk, never on an encrypted one. */
static void test_notice_once(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	tree t;
	snprintf(t.root, sizeof t.root, "%s/fake", fx->dir);
	snprintf(t.file, sizeof t.file, "%s", fx->path);
	struct stat sb;
	assert_int_equal(stat(fx->path, &sb), 0);
	snprintf(t.dev, sizeof t.dev, "%u:%u", major(sb.st_dev), minor(sb.st_dev));
	mount_as(&t, "ext4", "/dev/mapper/luks-1");
	sys_put(&t, "dm/uuid", "CRYPT-LUKS2-1-luks-1\n");
	setenv("FIELDBOOK_DISK_ROOT", t.root, 1);
	assert_int_equal(fb_disk_notice_due(fx->st), 0);
	sys_put(&t, "dm/uuid", "LVM-1\n");
	assert_int_equal(fb_disk_notice_due(fx->st), 1);
	assert_int_equal(fb_disk_notice_due(fx->st), 1); /* asking does not mark it */
	fb_error err = {0};
	assert_int_equal(fb_disk_notice_shown(fx->st, &err), FB_OK);
	assert_int_equal(fb_disk_notice_due(fx->st), 0);
	unsetenv("FIELDBOOK_DISK_ROOT");
	fx_free(fx);
}

static int exists(const char *p) { return access(p, F_OK) == 0; }

/* Temporaries are 0600 in a 0700 folder; the clean-up removes what a dead
 * session left and keeps what a live one holds. */
static void test_leftovers(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	char dir[256], live[512], dead[512], rec[512], tmp[512], swp[600], orphan[600];
	fb_error err = {0};
	assert_int_equal(fb_disk_scratch_dir(fx->path, dir, sizeof dir, &err), FB_OK);
	struct stat sb;
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	int lfd = fb_disk_scratch_file(fx->path, "edit", ".txt", live, sizeof live, &err);
	assert_true(lfd >= 0);
	assert_int_equal(fstat(lfd, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	int dfd = fb_disk_scratch_file(fx->path, "edit", ".txt", dead, sizeof dead, &err);
	assert_true(dfd >= 0);
	close(dfd); /* its session is gone */
	/* the live editor's swap file stays, a dead one's goes */
	const char *lb = strrchr(live, '/') + 1, *db = strrchr(dead, '/') + 1;
	snprintf(swp, sizeof swp, "%s/.%s.swp", dir, lb);
	snprintf(orphan, sizeof orphan, "%s/.%s.swp", dir, db);
	put("/", swp, "x");
	put("/", orphan, "x");
	/* a killed export: its temporary file beside the target, and the record */
	snprintf(tmp, sizeof tmp, "%s/out.zip.tmp.Ab3dEf", fx->dir);
	put("/", tmp, "PK");
	int rfd = fb_disk_remember(fx->path, tmp, rec, sizeof rec);
	assert_true(rfd >= 0);
	/* the dead editor's file and swap file go; what is held stays */
	assert_int_equal(fb_disk_clean_leftovers(fx->path), 2);
	assert_false(exists(dead) || exists(orphan));
	assert_true(exists(tmp) && exists(rec) && exists(live) && exists(swp));
	close(rfd); /* the export is killed */
	assert_int_equal(fb_disk_clean_leftovers(fx->path), 2);
	assert_false(exists(tmp) || exists(rec));
	assert_true(exists(live) && exists(swp));
	/* a record naming something that is not an export's temporary file */
	char victim[512];
	snprintf(victim, sizeof victim, "%s/precious.txt", fx->dir);
	put("/", victim, "keep");
	rfd = fb_disk_remember(fx->path, victim, rec, sizeof rec);
	close(rfd);
	assert_int_equal(fb_disk_clean_leftovers(fx->path), 1);
	assert_true(exists(victim) && !exists(rec));
	/* the export done: fb_disk_forget removes its record */
	rfd = fb_disk_remember(fx->path, tmp, rec, sizeof rec);
	fb_disk_forget(rfd, rec);
	assert_false(exists(rec));
	close(lfd);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_disk),  cmocka_unit_test(test_dm_crypt),
		cmocka_unit_test(test_lvm_on_luks), cmocka_unit_test(test_stacked_file_systems),
		cmocka_unit_test(test_cannot_tell), cmocka_unit_test(test_notice_once),
		cmocka_unit_test(test_leftovers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
