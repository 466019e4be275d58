/* rollup_impl.h - what rollup.c and rollup_stats.c share: the connection
 * to the warehouse and its errors as one line. */
#ifndef FB_SYNC_ROLLUP_IMPL_H
#define FB_SYNC_ROLLUP_IMPL_H

#include <libpq-fe.h>

#include "fieldbook/error.h"

/* Connect to conninfo; NULL with err set (FB_EINVAL for a password in the
 * string, FB_EIO for a failed connection: libpq's first line, which never
 * holds the password). Caller PQfinish()es. */
PGconn *fb_rollup_connect(const char *conninfo, fb_error *err);
/* The server's error on c (or result r) as err, one line; returns FB_EIO. */
fb_status fb_rollup_pgerr(PGconn *c, const PGresult *r, fb_error *err);
/* Run sql (no parameters), expecting no rows: FB_OK or the error. */
fb_status fb_rollup_exec(PGconn *c, const char *sql, fb_error *err);
/* The warehouse's schema version into *v: 0 if there is no schema. */
fb_status fb_rollup_version(PGconn *c, int *v, fb_error *err);

#endif
