/* file.h - files that must survive a power cut or a pulled USB stick. */
#ifndef FIELDBOOK_FILE_H
#define FIELDBOOK_FILE_H

#include "fieldbook/error.h"

/* Make a finished temporary file the real one: fsync fd (still open, the
 * caller closes it afterwards), rename tmp_path over final_path, then fsync
 * the folder so the rename itself is on disk. When this returns FB_OK the
 * whole file is there under its name after a crash; on an error tmp_path is
 * removed and final_path is untouched (FB_EIO naming the file). */
fb_status fb_file_commit(int fd, const char *tmp_path, const char *final_path, fb_error *err);
/* fsync the folder that holds path (after creating, renaming or removing a
 * file in it). */
fb_status fb_file_sync_dir(const char *path, fb_error *err);

#endif
