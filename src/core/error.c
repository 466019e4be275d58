/* error.c - the error object. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fieldbook/error.h"
#include "fieldbook/gettext.h"

fb_status fb_error_set(fb_error *err, fb_status code, const char *field, const char *fmt, ...)
{
	if (!err)
		return code;
	err->code = code;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	err->file[0] = '\0';
	err->line = 0;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

void fb_error_at(fb_error *err, const char *file, long line)
{
	if (!err)
		return;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
}

void fb_error_clear(fb_error *err)
{
	if (err)
		memset(err, 0, sizeof *err);
}

const char *fb_error_format(const fb_error *err, char *buf, unsigned long size)
{
	size_t n = 0;
	buf[0] = '\0';
	if (err->file[0])
		n += (size_t)snprintf(buf + n, size - n, err->line ? _("%s:%ld: ") : _("%s: "),
		                      err->file, err->line);
	if (n < size && err->field[0])
		n += (size_t)snprintf(buf + n, size - n, _("%s: "), err->field);
	if (n < size)
		snprintf(buf + n, size - n, "%s", err->msg);
	return buf;
}
