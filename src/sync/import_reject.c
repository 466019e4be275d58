/* import_reject.c - how the importer refuses: a column of the row being
 * read (or the whole row) listed as an issue of the summary, once per
 * column, and a bundle-level error naming its file; and how it keeps the
 * losing version of a conflict for review. Every step of the import
 * reports through here; it calls nothing of the import's. */
#include <stdarg.h>
#include <stdio.h>

#include "import.h"

void imp_reject(importer *im, int j, const char *fmt, ...)
{
	imp_row *rw = &im->row;
	if (j >= 0 && rw->bad[j])
		return; /* one reason per column */
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (j >= 0)
		rw->bad[j] = 1;
	if (!rw->rejected) {
		rw->rejected = 1;
		im->cnt->rejected++;
	}
	im->failed = 1;
	fb_sync_add_issue(im->sum, 0, im->t->file, rw->line, j >= 0 ? im->t->cols[j].csv : "", NULL,
	                  msg);
}

int imp_keep_conflict(importer *im, const imp_row *rw, int64_t win_rev, int64_t lose_rev,
                      const char *lose_origin, const char *json, const char *what, const char *msg)
{
	char at[21];
	sqlite3_stmt *cs = im->conflict;
	sqlite3_reset(cs);
	sqlite3_bind_text(cs, 1, im->t->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(cs, 2, rw->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(cs, 3, win_rev);
	sqlite3_bind_int64(cs, 4, lose_rev);
	sqlite3_bind_text(cs, 5, lose_origin, -1, SQLITE_STATIC);
	sqlite3_bind_text(cs, 6, json ? json : "{}", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(cs, 7, fb_now_iso(at), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(cs, 8, what, -1, SQLITE_TRANSIENT);
	int rc = fb_store_step(im->st, cs, &im->fatal);
	sqlite3_reset(cs);
	if (rc < 0)
		return -1;
	im->cnt->conflicts++;
	fb_sync_add_issue(im->sum, 1, im->t->file, rw->line, "", rw->uuid, msg);
	fb_sync_set_what(im->sum, what);
	return 0;
}

/* code, file and the message of fmt and ap into err; returns code. */
static fb_status vrefuse(fb_error *err, fb_status code, const char *file, const char *fmt,
                         va_list ap) __attribute__((format(printf, 4, 0)));
static fb_status vrefuse(fb_error *err, fb_status code, const char *file, const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	fb_error_set(err, code, NULL, "%s", msg);
	fb_error_at(err, file, 0);
	return code;
}

fb_status imp_refuse(fb_error *err, fb_status code, const char *file, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fb_status s = vrefuse(err, code, file, fmt, ap);
	va_end(ap);
	return s;
}

fb_status imp_bundle_err(fb_error *err, const char *file, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fb_status s = vrefuse(err, FB_EFORMAT, file, fmt, ap);
	va_end(ap);
	return s;
}
