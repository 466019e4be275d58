/* report_period.c - the periods reports cover: an ISO week, a month, the
 * group's stay. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/date.h"
#include "fieldbook/group.h"
#include "fieldbook/i18n.h"
#include "fieldbook/report.h"
#include "internal.h"
#include "report_text.h"

/* ---- periods ---- */

fb_status fb_period_week(const char *iso_week, fb_period *p, fb_error *err)
{
	fb_date mon;
	fb_status rc = fb_iso_week_parse(iso_week ? iso_week : "", &mon, err);
	if (rc)
		return rc;
	int y, w;
	fb_date_iso_week(mon, &y, &w);
	fb_date_format(mon, p->start);
	fb_date_format(fb_date_add(mon, 6), p->end);
	snprintf(p->label, sizeof p->label, "%04d-W%02d", y, w);
	return FB_OK;
}

void fb_period_week_of(const char *date, fb_period *p)
{
	fb_date d = {1970, 1, 1};
	fb_date_parse(date, &d, "date", NULL);
	fb_date mon = fb_date_add(d, -fb_date_weekday(d));
	int y, w;
	fb_date_iso_week(mon, &y, &w);
	fb_date_format(mon, p->start);
	fb_date_format(fb_date_add(mon, 6), p->end);
	snprintf(p->label, sizeof p->label, "%04d-W%02d", y, w);
}

fb_status fb_period_month(const char *ym, fb_period *p, fb_error *err)
{
	int y = 0, m = 0, used = 0;
	if (!ym || sscanf(ym, "%4d-%2d%n", &y, &m, &used) != 2 || ym[used] != '\0' || y < 1900 ||
	    m < 1 || m > 12 || strlen(ym) != 7)
		return fb_error_set(err, FB_EINVAL, "month", _("'%s' is not a month; write it like 2026-11"),
		                    ym ? ym : "");
	fb_date first = {y, m, 1};
	fb_date next = m == 12 ? (fb_date){y + 1, 1, 1} : (fb_date){y, m + 1, 1};
	fb_date_format(first, p->start);
	fb_date_format(fb_date_add(next, -1), p->end);
	snprintf(p->label, sizeof p->label, "%04d-%02d", y, m);
	return FB_OK;
}

fb_status fb_period_stage(fb_store *st, int64_t group_id, fb_period *p, fb_error *err)
{
	fb_group g;
	fb_status rc = fb_group_get(st, group_id, &g, err);
	if (rc)
		return rc;
	char start[11] = "", today[11];
	fb_date_format(fb_today(), today);
	if (g.started_on && *g.started_on) {
		snprintf(start, sizeof start, "%s", g.started_on);
	} else {
		/* No recorded start: the stay began with the group's first log. */
		sqlite3_stmt *s = fb_store_stmt(
		    st, "SELECT MIN(date) FROM logs WHERE group_id = ?1 AND deleted = 0", err);
		int row = -1;
		if (s) {
			sqlite3_bind_int64(s, 1, group_id);
			if ((row = fb_store_step(st, s, err)) > 0 && sqlite3_column_type(s, 0) != SQLITE_NULL)
				fb_col_copy(s, 0, start, sizeof start);
			sqlite3_reset(s);
		}
		if (row < 0) {
			fb_group_free(&g);
			return fb_stmt_failed(err);
		}
	}
	if (!*start) {
		fb_group_free(&g);
		return fb_error_set(err, FB_ESTATE, "group",
		                    _("the group has neither a start date nor any log yet"));
	}
	snprintf(p->start, sizeof p->start, "%s", start);
	fb_date_min(g.ends_on, today, p->end);
	if (strcmp(p->end, p->start) < 0)
		snprintf(p->end, sizeof p->end, "%s", p->start);
	snprintf(p->label, sizeof p->label, "stage");
	fb_group_free(&g);
	return FB_OK;
}
