/* stats_csv.c - the overview as CSV for spreadsheets: by group, by cadre. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/stats.h"
#include "fieldbook/text.h"
#include "report_text.h"
#include "stats_impl.h"

/* ---- CSV ---- */

/* The table as CSV (caller frees); the table is freed. */
static char *csv_take(fb_tbl *t)
{
	fb_sb b = {0};
	fb_tbl_render(t, FB_TBL_CSV, 0, &b);
	if (t->oom)
		b.oom = 1;
	fb_tbl_free(t);
	return fb_sb_take(&b);
}

char *fb_stats_render_csv_groups(fb_store *st, const fb_overview *o)
{
	const char *head[FB_TBL_MAXCOLS] = {"group",
	                                    "station",
	                                    "cadres",
	                                    "logs",
	                                    "days_logged",
	                                    "days_due",
	                                    "days_missing",
	                                    "enterprises",
	                                    "target_enterprises",
	                                    "workers",
	                                    "target_workers",
	                                    "households",
	                                    "target_households",
	                                    "enterprise_kinds_covered",
	                                    "enterprise_kinds_not_covered",
	                                    "worker_kinds_covered",
	                                    "worker_kinds_not_covered",
	                                    "tickets",
	                                    "tickets_open",
	                                    "tickets_overdue",
	                                    "oldest_open_on",
	                                    "last_bundle_at",
	                                    "stale_days",
	                                    "week",
	                                    "week_report",
	                                    "practical",
	                                    "research",
	                                    "typical",
	                                    "place"};
	int ncols = 29;
	char shead[FB_STATS_MAX_STATUS + FB_STATS_MAX_ROUTING][40];
	for (int k = 0; k < o->nstatus; k++) {
		snprintf(shead[k], sizeof shead[k], "status_%s", o->status_codes[k]);
		head[ncols++] = shead[k];
	}
	for (int k = 0; k < o->nrouting; k++) {
		snprintf(shead[o->nstatus + k], sizeof shead[0], "routing_%s", o->routing_codes[k]);
		head[ncols++] = shead[o->nstatus + k];
	}
	static const char *const ledger_head[] = {"units_met", "workers_met", "contact_days",
	                                          "sheets"};
	for (int k = 0; o->ledger && k < 4; k++)
		head[ncols++] = ledger_head[k];
	fb_tbl t;
	fb_tbl_init(&t, ncols, head, NULL);
	for (int i = 0; i < o->ngroups; i++) {
		const fb_group_stats *g = &o->groups[i];
		char v[48][24];
		fb_sb ek = {0}, wk = {0};
		fb_sb_kinds(&ek, st, FB_CAT_ENTERPRISE, g->enterprise_kinds,
		            FB_MASK_LABELS | FB_MASK_MISSING, "—");
		fb_sb_kinds(&wk, st, FB_CAT_WORKER, g->worker_kinds,
		            FB_MASK_LABELS | FB_MASK_MISSING, "—");
		const char *cells[FB_TBL_MAXCOLS] = {
			g->name,
			g->station,
			fb_stats_num(v[0], 24, g->ncadres),
			fb_stats_num(v[1], 24, g->logs),
			fb_stats_num(v[2], 24, g->days_logged),
			fb_stats_num(v[3], 24, g->days_due),
			fb_stats_num(v[4], 24, g->days_missing),
			fb_stats_num(v[5], 24, g->enterprises),
			g->target_enterprises < 0 ? ""
						  : fb_stats_num(v[6], 24, g->target_enterprises),
			fb_stats_num(v[7], 24, g->workers),
			g->target_workers < 0 ? "" : fb_stats_num(v[8], 24, g->target_workers),
			fb_stats_num(v[9], 24, g->households),
			g->target_households < 0 ? "" : fb_stats_num(v[10], 24, g->target_households),
			fb_stats_num(
				v[11], 24,
				__builtin_popcount(g->enterprise_kinds & o->enterprise_kinds_all)),
			ek.p,
			fb_stats_num(v[12], 24,
		                     __builtin_popcount(g->worker_kinds & o->worker_kinds_all)),
			wk.p,
			fb_stats_num(v[13], 24, g->tickets),
			fb_stats_num(v[14], 24, g->tickets_open),
			fb_stats_num(v[15], 24, g->tickets_overdue),
			g->oldest_open_on,
			g->last_bundle_at,
			g->stale_days < 0 ? "" : fb_stats_num(v[16], 24, g->stale_days),
			o->week_label,
			g->week_report,
			fb_stats_num(v[17], 24, g->practical),
			fb_stats_num(v[18], 24, g->research),
			fb_stats_num(v[19], 24, g->typical),
			fb_stats_num(v[20], 24, g->place)};
		int c = 29;
		for (int k = 0; k < o->nstatus; k++)
			cells[c++] = fb_stats_num(v[21 + k], 24, g->by_status[k]);
		for (int k = 0; k < o->nrouting; k++)
			cells[c++] = fb_stats_num(v[21 + o->nstatus + k], 24, g->by_routing[k]);
		const int64_t ledger[] = {g->units_met, g->workers_met, g->contact_days, g->sheets};
		for (int k = 0; o->ledger && k < 4; k++)
			cells[c++] =
				fb_stats_num(v[21 + o->nstatus + o->nrouting + k], 24, ledger[k]);
		fb_tbl_row(&t, cells);
		fb_sb_free(&ek);
		fb_sb_free(&wk);
	}
	return csv_take(&t);
}

char *fb_stats_render_csv_cadres(const fb_overview *o)
{
	const char *head[] = {"group",
	                      "cadre",
	                      "role",
	                      "logs",
	                      "days_logged",
	                      "days_due",
	                      "days_missing",
	                      "enterprises",
	                      "target_enterprises",
	                      "workers",
	                      "target_workers",
	                      "households",
	                      "year_days",
	                      "target_year_days",
	                      "enterprise_kinds_covered",
	                      "worker_kinds_covered"};
	fb_tbl t;
	fb_tbl_init(&t, 16, head, NULL);
	for (int i = 0; i < o->ncadres; i++) {
		const fb_cadre_stats *c = &o->cadres[i];
		char v[14][24];
		const char *cells[] = {
			o->groups[c->group_index].name,
			c->name,
			c->role,
			fb_stats_num(v[0], 24, c->logs),
			fb_stats_num(v[1], 24, c->days_logged),
			fb_stats_num(v[2], 24, c->days_due),
			fb_stats_num(v[3], 24, c->days_missing),
			fb_stats_num(v[4], 24, c->enterprises),
			c->target_enterprises < 0 ? ""
						  : fb_stats_num(v[5], 24, c->target_enterprises),
			fb_stats_num(v[6], 24, c->workers),
			c->target_workers < 0 ? "" : fb_stats_num(v[7], 24, c->target_workers),
			fb_stats_num(v[8], 24, c->households),
			fb_stats_num(v[9], 24, c->year_days),
			c->target_year_days < 0 ? "" : fb_stats_num(v[10], 24, c->target_year_days),
			fb_stats_num(
				v[11], 24,
				__builtin_popcount(c->enterprise_kinds & o->enterprise_kinds_all)),
			fb_stats_num(v[12], 24,
		                     __builtin_popcount(c->worker_kinds & o->worker_kinds_all))};
		fb_tbl_row(&t, cells);
	}
	return csv_take(&t);
}
