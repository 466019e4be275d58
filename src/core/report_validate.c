/* report_validate.c - the rules of one report revision as a record (for a
 * revision that arrives from another device; the core's own compile, edit
 * and submit make revisions that follow them by construction). */
#include <stdio.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "fieldbook/log.h"
#include "fieldbook/report.h"
#include "internal.h"
#include "report_text.h"

/* The period a kind gives for the period's first day: a report's period is
 * always one of those (fb_period_week, fb_period_month), or for a stage
 * summary any span labelled "stage". */
static fb_status check_period(fb_report_kind kind, const fb_period *p, fb_error *err)
{
	fb_status rc;
	if ((rc = fb_check_date("period_start", p->start, 1, 0, err)) ||
	    (rc = fb_check_date("period_end", p->end, 1, 0, err)) ||
	    (rc = fb_check_text("period_label", p->label, 1, 1, sizeof p->label - 1, err)))
		return rc;
	if (strcmp(p->start, p->end) > 0)
		return fb_error_set(err, FB_EINVAL, "period_end", _("is before the start of the period"));
	fb_period want;
	if (kind == FB_REPORT_WEEKLY) {
		fb_period_week_of(p->start, &want);
	} else if (kind == FB_REPORT_MONTHLY) {
		char ym[8];
		snprintf(ym, sizeof ym, "%.7s", p->start);
		if (fb_period_month(ym, &want, NULL))
			return fb_error_set(err, FB_EINVAL, "period_start", _("is not a month"));
	} else {
		snprintf(want.start, sizeof want.start, "%s", p->start);
		snprintf(want.end, sizeof want.end, "%s", p->end);
		snprintf(want.label, sizeof want.label, "stage");
	}
	if (strcmp(want.start, p->start) || strcmp(want.end, p->end))
		return fb_error_set(err, FB_EINVAL, "period_start",
		                    _("%s to %s is not the period of a %s report (%s to %s)"), p->start,
		                    p->end, fb_report_kind_code(kind), want.start, want.end);
	if (strcmp(want.label, p->label))
		return fb_error_set(err, FB_EINVAL, "period_label", _("should be %s"), want.label);
	return FB_OK;
}

fb_status fb_report_validate(fb_store *st, const fb_report *r, const char *figures,
                             fb_error *err)
{
	if (r->group_id <= 0)
		return fb_error_set(err, FB_EINVAL, "group", _("is required"));
	fb_group g = {0};
	fb_status rc = fb_group_get(st, r->group_id, &g, NULL);
	fb_group_free(&g);
	if (rc)
		return fb_error_set(err, FB_EINVAL, "group", _("no such group"));
	if ((unsigned)r->kind > FB_REPORT_STAGE)
		return fb_error_set(err, FB_EINVAL, "kind", _("is not a kind of report (weekly, "
		                                              "monthly, stage)"));
	if ((rc = check_period(r->kind, &r->period, err)))
		return rc;
	if (r->revision_no < 1 || r->revision_no > FB_REPORT_MAX_REVISION)
		return fb_error_set(err, FB_EINVAL, "revision_no", _("must be between 1 and %d"),
		                    FB_REPORT_MAX_REVISION);
	int submitted = !strcmp(r->status, "submitted");
	if (!submitted && strcmp(r->status, "draft"))
		return fb_error_set(err, FB_EINVAL, "status", _("is draft or submitted"));
	if ((rc = fb_check_person(st, "author", r->author_id, 0, err)))
		return rc;
	for (int i = 0; i < FB_SEC_COUNT; i++)
		if ((rc = fb_check_text(fb_report_section_code((fb_report_section)i), r->sections[i], 0,
		                        0, FB_TEXT_MAX_CHARS, err)))
			return rc;
	if (submitted && !r->submitted_at[0])
		return fb_error_set(err, FB_EINVAL, "submitted_at", _("a submitted report has a time"));
	if (!submitted && r->submitted_at[0])
		return fb_error_set(err, FB_EINVAL, "submitted_at", _("a draft has not been submitted"));
	if (r->submitted_at[0] && !fb_time_in_window(r->submitted_at))
		return fb_error_set(err, FB_EINVAL, "submitted_at", _("%s is outside %s to %s"),
		                    r->submitted_at, FB_DATE_EARLIEST, _("tomorrow"));
	if (figures && (submitted || *figures)) {
		fb_report_figures f;
		rc = fb_report_figures_decode(figures, &f, err);
		fb_report_figures_free(&f);
		if (rc)
			return fb_error_set(err, FB_EINVAL, "figures", "%s", err ? err->msg : "");
	}
	return FB_OK;
}
