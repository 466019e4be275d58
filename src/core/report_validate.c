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

_Static_assert(FB_L_REPORTS_RESEARCH == FB_L_REPORTS_WORK_DONE + FB_SEC_RESEARCH &&
                   FB_L_REPORTS_NEXT_PLAN == FB_L_REPORTS_WORK_DONE + FB_SEC_NEXT_PLAN,
               "the sections' limits follow the sections' order");

fb_status fb_report_validate(fb_store *st, const fb_report *r, fb_error *err)
{
	fb_status s;
	if ((s = fb_check_group_ref(st, "group", r->group_id, err)) ||
	    (s = fb_check(st, FB_L_REPORTS_KIND, fb_report_kind_code(r->kind), err)) ||
	    (s = fb_check(st, FB_L_REPORTS_PERIOD_START, r->period.start, err)) ||
	    (s = fb_check(st, FB_L_REPORTS_PERIOD_END, r->period.end, err)) ||
	    (s = fb_check(st, FB_L_REPORTS_PERIOD_LABEL, r->period.label, err)) ||
	    (s = fb_check_num(st, FB_L_REPORTS_REVISION_NO, r->revision_no, err)) ||
	    (s = fb_check(st, FB_L_REPORTS_STATUS, r->status, err)) ||
	    (s = fb_check(st, FB_L_REPORTS_SUBMITTED_AT, r->submitted_at, err)))
		return s;
	for (int i = 0; i < FB_SEC_COUNT; i++)
		if ((s = fb_check(st, FB_L_REPORTS_WORK_DONE + i, r->sections[i], err)))
			return s;
	if ((s = check_period(r->kind, &r->period, err)))
		return s;
	int submitted = !strcmp(r->status, "submitted");
	if (submitted && !r->submitted_at[0])
		return fb_error_set(err, FB_EINVAL, "submitted_at", _("a submitted report has a time"));
	if (!submitted && r->submitted_at[0])
		return fb_error_set(err, FB_EINVAL, "submitted_at", _("a draft has not been submitted"));
	if (r->author_id > 0 &&
	    (s = fb_check_person_ref(st, "author", r->author_id, r->rev, NULL, NULL, err)))
		return s;
	return FB_OK;
}

fb_status fb_report_figures_check(const char *figures, int submitted, fb_error *err)
{
	if (!figures || (!submitted && !*figures))
		return FB_OK;
	fb_report_figures f;
	fb_status rc = fb_report_figures_decode(figures, &f, err);
	fb_report_figures_free(&f);
	if (rc)
		return fb_error_set(err, FB_EINVAL, "figures", "%s", err ? err->msg : "");
	return FB_OK;
}
