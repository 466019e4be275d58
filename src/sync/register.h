/* register.h - registers for Excel (台账): workbooks people open on Chinese
 * Windows, beside the bundle (the machine format). One sheet per register:
 * the logs register (工作日志), the ticket register (问题台账: each ticket
 * with status, routing, deadline, whether it is overdue, and its history),
 * the people (人员). Headers in the user's language, names and labels
 * instead of UUIDs and codes, dates as date cells, phone numbers as text,
 * a frozen header row, filters, column widths for Chinese text. Rows are
 * streamed from one statement each into libxlsxwriter's constant-memory
 * mode: memory stays bounded whatever the number of logs. A register
 * longer than a sheet's 1,048,575 rows goes on in a sheet "(2)". */
#ifndef FIELDBOOK_REGISTER_H
#define FIELDBOOK_REGISTER_H

#include <stdint.h>

#include "sync.h"

enum { FB_REGISTER_LOGS = 1, FB_REGISTER_TICKETS = 2, FB_REGISTER_PEOPLE = 4, FB_REGISTER_ALL = 7 };

typedef struct fb_register_opts {
	int64_t group_id;             /* only this work group (0: every group) */
	int registers;                /* FB_REGISTER_* bits (0: all) */
	fb_sync_progress_fn progress; /* rows written so far, per register */
	void *progress_ctx;
} fb_register_opts;

typedef struct fb_register_counts {
	long logs, tickets, people;
} fb_register_counts;

/* Write the workbook at path (a temporary file renamed into place: a
 * failure leaves no half-written workbook). FB_EIO naming the file when it
 * cannot be written. */
fb_status fb_register_write(fb_store *st, const char *path, const fb_register_opts *opts,
                            fb_register_counts *out, fb_error *err);

#endif
