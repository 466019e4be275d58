/* due_impl.h - what the reporting calendar's files share (report_schedule.c,
 * report_due_rules.c, report_due.c, report_filing.c). Not public API. */
#ifndef FIELDBOOK_DUE_IMPL_H
#define FIELDBOOK_DUE_IMPL_H

#include "fieldbook/date.h"
#include "fieldbook/due.h"
#include "internal.h"

#define ymd fb_date_or_epoch

/* ---- due-date rules (report_due_rules.c) ---- */

/* A due rule's parts: kind 'a' after:N, 'd' days:N, 'f' fixed:MM-DD. */
typedef struct fb_due_rule {
	char kind;
	int n, month, day;
} fb_due_rule;
/* Read a due rule (after:N, days:N or fixed:MM-DD); FB_EINVAL naming
 * due_rule if text is none. */
fb_status fb_due_rule_parse(const char *text, fb_due_rule *r, fb_error *err);
/* The period of unit (not stay) containing d. */
void fb_due_period_at(const char *unit, fb_date d, fb_period *p);

/* ---- filings (report_filing.c) ---- */

/* The day a report written elsewhere was filed: into it->done_on, left as
 * it is if it was not (it->code, group_id, person_id and period.start say
 * which). */
fb_status fb_due_filed_state(fb_store *st, fb_due_item *it, fb_error *err);

#endif
