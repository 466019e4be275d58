/* sheet.h - the contact record sheet (联系基层工会记录单, circular 004):
 * one per contact with a grassroots union, in the circular's fields,
 * filed (备案) by the group leader. A problem beyond the cadre's authority
 * is marked on it and handed over; the problem becomes a ticket in one step
 * (fb_sheet_to_ticket) and the ticket points back at the sheet. A filed
 * sheet is evidence: it is not changed any more. */
#ifndef FIELDBOOK_SHEET_H
#define FIELDBOOK_SHEET_H

#include <stdint.h>
#include "fieldbook/page.h"
#include "fieldbook/store.h"

typedef struct fb_sheet {
	int64_t id;
	char uuid[37];
	int64_t group_id;  /* filled in from the author */
	int64_t unit_id;   /* the unit contacted, required, of the author's group */
	int64_t author_id; /* the cadre, required */
	int64_t log_id;    /* the daily log of the contact, 0 if none */
	char date[11];     /* YYYY-MM-DD, required, not in the future */
	char mode[32];     /* category contact_mode; "" = on_site */
	char *met_with;    /* who received the cadre (name and post) */
	char *content;     /* 联系内容: the situation and the work done, required */
	char *opinions;    /* 意见建议 heard */
	char *problem;     /* 存在问题 */
	int beyond;        /* 1: beyond the cadre's authority: handed over (needs handed_to) */
	char *handed_to;   /* the department it is handed over to */
	char *feedback;    /* 情况反馈 */
	int64_t ticket_id; /* read only: the ticket made from the problem, 0 if none */
	int64_t filed_by;  /* read only: the leader who filed it, 0 if not filed */
	char filed_on[11]; /* read only */
	int64_t rev;       /* read only */
	char *author_name, *unit_name, *filed_by_name; /* joined, read only */
} fb_sheet;

typedef struct fb_sheet_row {
	int64_t id;
	char date[11];
	char author[64];
	char unit[304];
	char mode[32];
	int64_t ticket_id;
	int filed;
	char problem[256]; /* its start, cut at a character boundary */
} fb_sheet_row;

typedef struct fb_sheet_filter {
	int64_t group_id, unit_id, author_id; /* 0 any */
	int unfiled_only;
} fb_sheet_filter;

/* Fields against the limits table; the author on the roster, the unit live
 * and of the author's group, the log (when given) the author's; a problem
 * beyond authority names the department it is handed over to. */
fb_status fb_sheet_validate(fb_store *st, const fb_sheet *s, fb_error *err);
/* Insert (id 0) or update; FB_ESTATE for a filed sheet. */
fb_status fb_sheet_save(fb_store *st, fb_sheet *s, fb_error *err);
fb_status fb_sheet_get(fb_store *st, int64_t id, fb_sheet *out, fb_error *err);
void fb_sheet_free(fb_sheet *s);
/* File the sheet (备案) by leader_id on date (NULL: today): a leader of the
 * sheet's group (or HQ). FB_ESTATE if already filed. */
fb_status fb_sheet_file(fb_store *st, int64_t id, int64_t leader_id, const char *date, fb_error *err);
/* Turn the sheet's problem into a ticket, opened by `by` with category and
 * routing codes: title from the unit and the problem, the problem as its
 * description, who received the cadre as who raised it, the sheet's date
 * and log. A problem beyond authority gets its hand-over step to the
 * sheet's department. Both point at each other; one transaction. The
 * ticket's id into *ticket_id. FB_ESTATE when the sheet has no problem or
 * already a ticket. */
fb_status fb_sheet_to_ticket(fb_store *st, int64_t id, int64_t by, const char *category,
                             const char *routing, int64_t *ticket_id, fb_error *err);

/* Keyset page, newest first (date, id). */
int fb_sheet_page(fb_store *st, const fb_sheet_filter *f, fb_page_dir dir, const fb_cursor *from,
                  fb_sheet_row *rows, int max, fb_error *err);
void fb_sheet_row_cursor(const fb_sheet_row *row, fb_cursor *c);

#endif
