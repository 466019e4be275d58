/* reports_review.h - HQ's review on a report's screen (reports.c): where
 * the report stands and its history, and the review actions. */
#ifndef TUI_REPORTS_REVIEW_H
#define TUI_REPORTS_REVIEW_H

#include <stdint.h>
#include "app.h"
#include "view.h"

/* 1 if the person working is headquarters staff (role hq, or no group). */
int tui_review_is_hq(tui_app *app);
/* The report's standing at HQ ("returned: why") and its history, into v. */
void tui_review_lines(tui_app *app, tui_view *v, int64_t report_id);

/* The review actions (HQ's key table on a report's screen). */
enum { TUI_REVIEW_ACCEPT = 1, TUI_REVIEW_RETURN, TUI_REVIEW_COMMENT, TUI_REVIEW_READ };
/* Record one on the latest submitted revision of report_id (a return and a
 * comment ask for their text in a form). 1 if recorded. */
int tui_review_act(tui_app *app, int what, int64_t report_id);

#endif
