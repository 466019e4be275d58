/* import_reject.c - how the importer refuses: a column of the row being
 * read (or the whole row) listed as an issue of the summary, once per
 * column, and a bundle-level error naming its file. Every step of the
 * import reports through here; it calls nothing of the import's. */
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
