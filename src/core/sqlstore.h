/* sqlstore.h - the store's SQL side: the connection and its prepared
 * statements. Private to libfieldbook and fieldbook_sync (the front ends
 * never run SQL: they call the core). */
#ifndef FIELDBOOK_SQLSTORE_H
#define FIELDBOOK_SQLSTORE_H

#include <sqlite3.h>

#include "fieldbook/store.h"

/* The open connection (owned by the store). */
sqlite3 *fb_store_db(fb_store *st);
/* A cached prepared statement for sql (reset, bindings cleared). The store
 * owns it; do not finalize. NULL on error (err filled in). */
sqlite3_stmt *fb_store_stmt(fb_store *st, const char *sql, fb_error *err);
/* Turn the connection's last error into err (FB_EDB, FB_EBUSY...). */
fb_status fb_store_dberr(fb_store *st, fb_error *err);
/* Step s once, the one way to read a result: 1 a row, 0 done, -1 an error
 * (err filled in by fb_store_dberr). A busy or damaged database is never
 * mistaken for "no such row". */
int fb_store_step(fb_store *st, sqlite3_stmt *s, fb_error *err);
/* sql (?1: id) stepped to its first row: the statement on that row (the
 * caller reads it, then resets it), or NULL with *rc the error, or
 * FB_ENOTFOUND with err untouched (the caller says what was not found). */
sqlite3_stmt *fb_store_by_id(fb_store *st, const char *sql, int64_t id, fb_status *rc, fb_error *err);
/* The first column of sql's first row (?1: id) into *value, 0 when there is
 * no row: FB_OK or the error. */
fb_status fb_store_int_by_id(fb_store *st, const char *sql, int64_t id, int64_t *value,
                             fb_error *err);

#endif
