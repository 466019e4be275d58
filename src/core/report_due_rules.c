/* report_due_rules.c - when a report is due: the due rules (after:N
 * working days, days:N, fixed:MM-DD), the periods they count from, and a
 * report's state against its due date. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "report_text.h"
#include "due_impl.h"

/* ---- due rules ---- */

fb_status fb_due_rule_parse(const char *text, fb_due_rule *r, fb_error *err)
{
	int used = 0;
	memset(r, 0, sizeof *r);
	if (text && sscanf(text, "after:%3d%n", &r->n, &used) == 1 && !text[used] && r->n >= 1 &&
	    r->n <= 60) {
		r->kind = 'a';
		return FB_OK;
	}
	if (text && sscanf(text, "days:%3d%n", &r->n, &used) == 1 && !text[used] && r->n >= 0 &&
	    r->n <= 366) {
		r->kind = 'd';
		return FB_OK;
	}
	if (text && strlen(text) == 11 &&
	    sscanf(text, "fixed:%2d-%2d%n", &r->month, &r->day, &used) == 2 && !text[used] &&
	    isdigit((unsigned char)text[6]) && isdigit((unsigned char)text[9])) {
		/* a date every year has (29 February would make no date most years) */
		if (fb_date_valid((fb_date){2027, r->month, r->day})) {
			r->kind = 'f';
			return FB_OK;
		}
	}
	return fb_error_set(err, FB_EINVAL, "due_rule",
	                    _("'%s' makes no date; write after:N (the Nth working day after the "
	                      "period, N 1-60), days:N (0-366) or fixed:MM-DD (like fixed:09-30)"),
	                    text ? text : "");
}

fb_status fb_due_date(const fb_workdays *w, const char *text, const fb_period *p, char out[11],
                      fb_error *err)
{
	fb_due_rule r;
	fb_status rc = fb_due_rule_parse(text, &r, err);
	if (rc)
		return rc;
	fb_date d;
	if (r.kind == 'a') {
		d = fb_workdays_after(w, ymd(p->end), r.n);
	} else if (r.kind == 'd') {
		d = fb_date_add(ymd(p->end), r.n);
	} else {
		fb_date start = ymd(p->start);
		d = (fb_date){start.y, r.month, r.day};
		if (fb_date_to_days(d) < fb_date_to_days(start))
			d.y++;
	}
	fb_date_format(d, out);
	return FB_OK;
}

static const char *const state_codes[] = {"not_due", "due_soon", "overdue", "on_time", "late"};

const char *fb_due_state_code(fb_due_state s) { return (unsigned)s < 5 ? state_codes[s] : ""; }

const char *fb_due_state_label(fb_due_state s)
{
	switch (s) {
	case FB_DUE_NOT_YET: return _("not due yet");
	case FB_DUE_SOON: return _("due soon");
	case FB_DUE_OVERDUE: return _("overdue");
	case FB_DUE_ON_TIME: return _("submitted on time");
	case FB_DUE_LATE: return _("submitted late");
	}
	return "";
}

char *fb_due_state_text(const fb_due_item *it, char *out, size_t size)
{
	int one = it->days == 1;
	switch (it->state) {
	case FB_DUE_OVERDUE:
		if (one)
			snprintf(out, size, "%s", _("overdue by 1 day"));
		else
			snprintf(out, size, _("overdue by %d days"), it->days);
		break;
	case FB_DUE_LATE:
		if (one)
			snprintf(out, size, "%s", _("submitted late by 1 day"));
		else
			snprintf(out, size, _("submitted late by %d days"), it->days);
		break;
	case FB_DUE_SOON:
		if (it->days == 0)
			snprintf(out, size, "%s", _("due today"));
		else if (one)
			snprintf(out, size, "%s", _("due soon (1 day left)"));
		else
			snprintf(out, size, _("due soon (%d days left)"), it->days);
		break;
	default: snprintf(out, size, "%s", fb_due_state_label(it->state));
	}
	return out;
}

fb_due_state fb_due_state_of(const char *due, const char *done, const char *today, int *days)
{
	long d = fb_date_to_days(ymd(due)), t = fb_date_to_days(ymd(today));
	if (done && *done) {
		long s = fb_date_to_days(ymd(done));
		*days = s > d ? (int)(s - d) : 0;
		return s > d ? FB_DUE_LATE : FB_DUE_ON_TIME;
	}
	if (t > d) {
		*days = (int)(t - d);
		return FB_DUE_OVERDUE;
	}
	*days = (int)(d - t);
	return d - t <= FB_DUE_SOON_DAYS ? FB_DUE_SOON : FB_DUE_NOT_YET;
}

/* ---- periods ---- */

void fb_due_period_at(const char *unit, fb_date d, fb_period *p)
{
	char ds[11];
	if (!strcmp(unit, "week")) {
		fb_period_week_of(fb_date_format(d, ds), p);
		return;
	}
	int months = !strcmp(unit, "month")     ? 1
	             : !strcmp(unit, "bimonth") ? 2
	             : !strcmp(unit, "quarter") ? 3
	                                        : 6;
	int first = (d.m - 1) / months * months + 1;
	fb_date a = {d.y, first, 1};
	fb_date next =
		first + months > 12 ? (fb_date){d.y + 1, 1, 1} : (fb_date){d.y, first + months, 1};
	fb_date_format(a, p->start);
	fb_date_format(fb_date_add(next, -1), p->end);
	int i = (first - 1) / months + 1;
	if (months == 1)
		snprintf(p->label, sizeof p->label, "%04d-%02d", d.y, d.m);
	else
		snprintf(p->label, sizeof p->label, "%04d-%c%d", d.y,
		         months == 2   ? 'B'
		         : months == 3 ? 'Q'
		                       : 'H',
		         i);
}

fb_status fb_due_period_of(fb_store *st, const fb_schedule *s, int64_t group_id, const char *date,
                           fb_period *p, fb_error *err)
{
	if (!strcmp(s->period, "stay"))
		return fb_period_stage(st, group_id, p, err);
	fb_date d;
	fb_status rc = fb_date_parse(date, &d, "period", err);
	if (!rc)
		fb_due_period_at(s->period, d, p);
	return rc;
}
