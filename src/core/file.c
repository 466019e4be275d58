/* file.c - durable replacement of files: fsync, rename, fsync the folder. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fieldbook/file.h"
#include "fieldbook/i18n.h"

fb_status fb_file_sync_dir(const char *path, fb_error *err)
{
	char *dir = strdup(path);
	if (!dir)
		return fb_error_set(err, FB_ENOMEM, NULL, _("out of memory"));
	char *slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fb_status rc = FB_OK;
	/* EINVAL: a file system that cannot sync folders (some FUSE mounts). */
	if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL))
		rc = fb_error_set(err, FB_EIO, NULL, _("cannot write the folder %s: %s"), dir,
		                  strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

fb_status fb_file_commit(int fd, const char *tmp_path, const char *final_path, fb_error *err)
{
	if (fsync(fd) != 0) {
		int e = errno;
		unlink(tmp_path);
		return fb_error_set(err, FB_EIO, NULL, _("cannot write %s: %s"), final_path, strerror(e));
	}
	if (rename(tmp_path, final_path) != 0) {
		int e = errno;
		unlink(tmp_path);
		return fb_error_set(err, FB_EIO, NULL, _("cannot write %s: %s"), final_path, strerror(e));
	}
	return fb_file_sync_dir(final_path, err);
}
