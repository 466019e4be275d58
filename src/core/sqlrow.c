/* sqlrow.c - small helpers between SQLite rows and the core's records:
 * reading columns, binding values (the sync binder too). Stepping a write
 * is the store's (store.c), tombstones are tombstone.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/text.h"
#include "internal.h"

char *fb_col_dup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return t ? strdup((const char *)t) : NULL;
}

void fb_col_copy(sqlite3_stmt *s, int col, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	fb_text_copy(t ? (const char *)t : "", out, size);
}

void fb_bind_text(sqlite3_stmt *s, int idx, const char *v)
{
	sqlite3_bind_text(s, idx, v ? v : "", -1, SQLITE_STATIC);
}

void fb_bind_opt_id(sqlite3_stmt *s, int idx, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(s, idx, id);
	else
		sqlite3_bind_null(s, idx);
}

int64_t fb_bind_sync(fb_store *st, sqlite3_stmt *s, int origin, int rev, int updated)
{
	char now[21];
	int64_t r = fb_store_next_rev(st);
	fb_bind_text(s, origin, fb_store_device(st));
	sqlite3_bind_int64(s, rev, r);
	sqlite3_bind_text(s, updated, fb_now_iso(now), -1, SQLITE_TRANSIENT);
	return r;
}
