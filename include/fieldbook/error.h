/* error.h - status codes and the error object every core call fills in.
 *
 * The core never prints. A failing call returns a non-zero fb_status and, when
 * given an fb_error, says which field (or file and line) is wrong and why, in
 * words fit for the user (already translated through gettext). */
#ifndef FIELDBOOK_ERROR_H
#define FIELDBOOK_ERROR_H

#include <stdint.h>

typedef enum fb_status {
	FB_OK = 0,
	FB_EINVAL,    /* a value failed validation: field says which */
	FB_ENOTFOUND, /* no such record */
	FB_ESTATE,    /* not allowed in the record's current state */
	FB_EDB,       /* SQLite failed (disk full, locked, corrupt...) */
	FB_ESCHEMA,   /* database from a newer fieldbook, or not ours */
	FB_EIO,       /* file system error */
	FB_ENOMEM,
	FB_EBUSY,   /* database locked by another fieldbook */
	FB_EFORMAT, /* malformed input file (bundle, CSV, manifest) */
	FB_EPERM    /* the acting person may not do this (or nobody is signed in) */
} fb_status;

typedef struct fb_error {
	fb_status code;
	char field[48]; /* field or column name ("date"), "" if none */
	char file[256]; /* input file the error is in, "" if none */
	long line;      /* 1-based line in file, 0 if none */
	char msg[512];  /* why, one line, translated */
} fb_error;

/* A warning: the record is valid and may be saved, but the user should be
 * told (a log dated outside the group's stay, a duplicate). The front end
 * shows msg (translated, one line) as it likes. */
typedef enum fb_warning_code {
	FB_WARN_OUTSIDE_STAY = 1,
	FB_WARN_DUPLICATE = 2,
	FB_WARN_ASSUMED = 3 /* a field left empty is saved with a value the rules assume */
} fb_warning_code;

typedef struct fb_warning {
	fb_warning_code code;
	char field[48];   /* the field it is about ("date"), "" if none */
	int64_t other_id; /* FB_WARN_DUPLICATE: the record it repeats, else 0 */
	char msg[256];
} fb_warning;

/* Record an error. err may be NULL (the status is still returned). */
fb_status fb_error_set(fb_error *err, fb_status code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Attach an input location to an error already set. */
void fb_error_at(fb_error *err, const char *file, long line);
void fb_error_clear(fb_error *err);
/* "file:line: field: msg" (only the parts that are set), for stderr. */
const char *fb_error_format(const fb_error *err, char *buf, unsigned long size);

#endif
