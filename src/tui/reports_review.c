/* reports_review.c - HQ's review on a report's screen: the standing
 * (waiting, read, accepted, returned: why), the history of revisions and
 * reviews, and accept / return with a reason / comment / mark read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/group.h"
#include "fieldbook/review.h"
#include "dialog.h"
#include "form.h"
#include "reports_review.h"
#include "runner.h"
#include "util.h"

int tui_review_is_hq(tui_app *app)
{
	fb_person p = {0};
	fb_error err;
	int hq = app->me && fb_person_get(app->st, app->me, &p, &err) == FB_OK && p.role &&
	         !strcmp(p.role, "hq");
	fb_person_free(&p);
	return hq || (app->me && !app->group_id);
}

static int history_line(const fb_report_event *e, void *ctx)
{
	tui_view *v = ctx;
	char at[17];
	tui_view_add(v, !strcmp(e->what, "returned") ? TUI_A_OVERDUE : TUI_A_NORMAL, 2,
	             _("%s  revision %d  %s  %s%s%s"), fb_local_time(e->at, 1, at, sizeof at),
	             e->revision_no, fb_report_event_label(e->what), e->who, e->body[0] ? "：" : "",
	             e->body);
	return 0;
}

void tui_review_lines(tui_app *app, tui_view *v, int64_t report_id)
{
	fb_review_status s;
	fb_error err;
	char buf[600];
	if (fb_review_status_of(app->st, report_id, &s, &err) != FB_OK) {
		tui_view_add(v, TUI_A_ERROR, 0, "%s", fb_error_format(&err, buf, sizeof buf));
		return;
	}
	if (s.state == FB_REVIEW_NONE)
		return;
	int attr = s.state == FB_REVIEW_RETURNED ? TUI_A_OVERDUE : TUI_A_NORMAL;
	if (s.reason[0])
		tui_view_add(v, attr, 0, _("At HQ (revision %d): %s: %s"), s.revision_no,
		             fb_review_state_label(s.state), s.reason);
	else
		tui_view_add(v, attr, 0, _("At HQ (revision %d): %s"), s.revision_no,
		             fb_review_state_label(s.state));
	if (s.state == FB_REVIEW_RETURNED && !tui_review_is_hq(app))
		tui_view_add(
			v, TUI_A_OVERDUE, 0, "%s",
			_("Returned for rework: edit the report (e) and submit it again (S)."));
	tui_view_add(v, TUI_A_LABEL, 0, "%s", _("History"));
	if (fb_report_history(app->st, report_id, history_line, v, &err) != FB_OK)
		tui_view_add(v, TUI_A_ERROR, 2, "%s", fb_error_format(&err, buf, sizeof buf));
	tui_view_add(v, 0, 0, " ");
}

typedef struct review_form {
	int64_t revision;
	const char *decision;
} review_form;

static int save_review(tui_app *app, tui_form *fm, void *ctx)
{
	review_form *rf = ctx;
	tui_field *f = tui_form_field(fm, "body");
	char *text = tui_ledit_get(&f->ed);
	fb_review r = {.report_id = rf->revision, .body = text, .reviewer_id = app->me};
	snprintf(r.decision, sizeof r.decision, "%s", rf->decision);
	fb_error err;
	fb_status st = fb_review_add(app->st, &r, &err);
	free(text);
	if (st != FB_OK) {
		tui_form_fail(fm, &err);
		return -1;
	}
	return 0;
}

int tui_review_act(tui_app *app, int what, int64_t report_id)
{
	if (!tui_review_is_hq(app)) {
		tui_say(app, 1, "%s", _("Reports are reviewed at HQ."));
		return 0;
	}
	fb_review_status s;
	fb_error err;
	char buf[600];
	if (fb_review_status_of(app->st, report_id, &s, &err) != FB_OK) {
		tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
		return 0;
	}
	if (!s.revision_id) {
		tui_say(app, 1, "%s", _("Nothing submitted yet to review."));
		return 0;
	}
	review_form rf = {s.revision_id, what == TUI_REVIEW_ACCEPT   ? "accepted"
	                                 : what == TUI_REVIEW_RETURN ? "returned"
	                                 : what == TUI_REVIEW_READ   ? "read"
	                                                             : "comment"};
	if (what == TUI_REVIEW_ACCEPT || what == TUI_REVIEW_READ) {
		if (what == TUI_REVIEW_ACCEPT && !tui_confirm(app, _("Accept this report?")))
			return 0;
		fb_review r = {.report_id = rf.revision, .body = "", .reviewer_id = app->me};
		snprintf(r.decision, sizeof r.decision, "%s", rf.decision);
		if (fb_review_add(app->st, &r, &err) != FB_OK) {
			tui_say(app, 1, "%s", fb_error_format(&err, buf, sizeof buf));
			return 0;
		}
		tui_say(app, 0, "%s",
		        what == TUI_REVIEW_ACCEPT ? _("Report accepted.") : _("Marked read."));
		return 1;
	}
	tui_form fm;
	tui_form_init(&fm, what == TUI_REVIEW_RETURN ? _("Return for rework") : _("Comment"));
	tui_field *f = tui_form_add(&fm, "body",
	                            what == TUI_REVIEW_RETURN ? _("Why (the group reads it)")
	                                                      : _("Comment"),
	                            TUI_F_AREA, 1, FB_TEXT_MAX_CHARS);
	f->rows = 4;
	int saved = tui_form_run(app, &fm, NULL, 0, save_review, &rf);
	tui_form_free(&fm);
	if (saved)
		tui_say(app, 0, "%s",
		        what == TUI_REVIEW_RETURN ? _("Report returned.") : _("Comment added."));
	return saved;
}
