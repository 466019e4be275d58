/* stats_json.c - the overview as JSON: every figure of every group and cadre. */
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

/* ---- JSON ---- */

static void jkey(fb_sb *b, const char *k, int first)
{
	fb_sb_add(b, first ? "" : ", ");
	fb_sb_json(b, k);
	fb_sb_add(b, ": ");
}

/* Append "key": integer. */
static void jint(fb_sb *b, const char *k, int64_t v)
{
	jkey(b, k, 0);
	fb_sb_addf(b, "%lld", (long long)v);
}

/* Append "key": target, null when there is none (v < 0). */
static void jtarget(fb_sb *b, const char *k, int v)
{
	jkey(b, k, 0);
	if (v < 0)
		fb_sb_add(b, "null");
	else
		fb_sb_addf(b, "%d", v);
}

/* Append "key": "string". */
static void jstr(fb_sb *b, const char *k, const char *v)
{
	jkey(b, k, 0);
	fb_sb_json(b, v);
}

/* The figures groups and cadres share. */
static void jfigures(fb_sb *b, int logs, int logged, int due, int missing, int64_t ent, int tent,
                     int64_t wrk, int twrk, int64_t hh)
{
	jint(b, "logs", logs);
	jint(b, "days_logged", logged);
	jint(b, "days_due", due);
	jint(b, "days_missing", missing);
	jint(b, "enterprises", ent);
	jtarget(b, "target_enterprises", tent);
	jint(b, "workers", wrk);
	jtarget(b, "target_workers", twrk);
	jint(b, "households", hh);
}

/* Append "key": [codes] of the kinds in mask. */
static void jkinds(fb_store *st, fb_sb *b, const char *k, const char *kind, uint32_t mask)
{
	fb_category cats[32];
	int n = fb_category_list(st, kind, cats, 32), first = 1;
	jkey(b, k, 0);
	fb_sb_add(b, "[");
	for (int i = 0; i < n; i++)
		if (cats[i].bit >= 0 && cats[i].bit < 32 && (mask & (1u << cats[i].bit))) {
			fb_sb_add(b, first ? "" : ", ");
			fb_sb_json(b, cats[i].code);
			first = 0;
		}
	fb_sb_add(b, "]");
}

/* A group's tickets now: totals, by status and routing, the oldest open. */
static void json_tickets(const fb_overview *o, const fb_group_stats *g, fb_sb *b)
{
	jkey(b, "tickets", 0);
	fb_sb_addf(b, "{\"total\": %d, \"open\": %d, \"overdue\": %d, \"by_status\": {", g->tickets,
	           g->tickets_open, g->tickets_overdue);
	for (int k = 0; k < o->nstatus; k++) {
		jkey(b, o->status_codes[k], k == 0);
		fb_sb_addf(b, "%d", g->by_status[k]);
	}
	fb_sb_add(b, "}, \"by_routing\": {");
	for (int k = 0; k < o->nrouting; k++) {
		jkey(b, o->routing_codes[k], k == 0);
		fb_sb_addf(b, "%d", g->by_routing[k]);
	}
	fb_sb_add(b, "}, \"oldest_open\": ");
	if (g->oldest_open_id) {
		fb_sb_addf(b, "{\"id\": %lld, \"opened_on\": ", (long long)g->oldest_open_id);
		fb_sb_json(b, g->oldest_open_on);
		jstr(b, "title", g->oldest_open_title);
		fb_sb_add(b, "}");
	} else {
		fb_sb_add(b, "null");
	}
	fb_sb_add(b, "}");
}

/* Group i as one JSON object. */
static void json_group(fb_store *st, const fb_overview *o, int i, fb_sb *b)
{
	const fb_group_stats *g = &o->groups[i];
	fb_sb_add(b, i ? ",\n  {" : "\n  {");
	jkey(b, "id", 1);
	fb_sb_addf(b, "%lld", (long long)g->group_id);
	jstr(b, "name", g->name);
	jstr(b, "station", g->station);
	jint(b, "cadres", g->ncadres);
	jfigures(b, g->logs, g->days_logged, g->days_due, g->days_missing, g->enterprises,
	         g->target_enterprises, g->workers, g->target_workers, g->households);
	jtarget(b, "target_households", g->target_households);
	jkinds(st, b, "enterprise_kinds", "enterprise_kind", g->enterprise_kinds);
	jkinds(st, b, "enterprise_kinds_not_covered", "enterprise_kind",
	       ~g->enterprise_kinds & o->enterprise_kinds_all);
	jkinds(st, b, "worker_kinds", "worker_kind", g->worker_kinds);
	jkinds(st, b, "worker_kinds_not_covered", "worker_kind",
	       ~g->worker_kinds & o->worker_kinds_all);
	if (o->ledger) {
		jkey(b, "ledger", 0);
		fb_sb_addf(b,
		           "{\"units_met\": %lld, \"workers_met\": %lld, \"contact_days\": %lld, "
		           "\"sheets\": %lld}",
		           (long long)g->units_met, (long long)g->workers_met,
		           (long long)g->contact_days, (long long)g->sheets);
	}
	json_tickets(o, g, b);
	jkey(b, "last_bundle_at", 0);
	if (*g->last_bundle_at)
		fb_sb_json(b, g->last_bundle_at);
	else
		fb_sb_add(b, "null");
	jtarget(b, "stale_days", g->stale_days);
	jstr(b, "week_report", g->week_report);
	jint(b, "week_revision", g->week_revision);
	jkey(b, "four_comparisons", 0);
	fb_sb_addf(b,
	           "{\"practical\": %d, \"research\": %d, \"typical\": %d, \"workers\": %lld,"
	           " \"ranks\": [%d, %d, %d, %d], \"score\": %d, \"place\": %d}",
	           g->practical, g->research, g->typical, (long long)g->workers, g->rank[0],
	           g->rank[1], g->rank[2], g->rank[3], g->score, g->place);
	jkey(b, "daily_logs", 0);
	fb_sb_add(b, "[");
	for (int d = 0; d < o->ndays; d++)
		fb_sb_addf(b, "%s%d", d ? "," : "", o->daily[(size_t)i * (size_t)o->ndays + d]);
	fb_sb_add(b, "]}");
}

/* Cadre i as one JSON object. */
static void json_cadre(fb_store *st, const fb_overview *o, int i, fb_sb *b)
{
	const fb_cadre_stats *c = &o->cadres[i];
	fb_sb_add(b, i ? ",\n  {" : "\n  {");
	jkey(b, "id", 1);
	fb_sb_addf(b, "%lld", (long long)c->person_id);
	jint(b, "group_id", c->group_id);
	jstr(b, "name", c->name);
	jstr(b, "role", c->role);
	jfigures(b, c->logs, c->days_logged, c->days_due, c->days_missing, c->enterprises,
	         c->target_enterprises, c->workers, c->target_workers, c->households);
	jint(b, "year_days", c->year_days);
	jtarget(b, "target_year_days", c->target_year_days);
	jkinds(st, b, "enterprise_kinds", "enterprise_kind", c->enterprise_kinds);
	jkinds(st, b, "worker_kinds", "worker_kind", c->worker_kinds);
	fb_sb_add(b, "}");
}

char *fb_stats_render_json(fb_store *st, const fb_overview *o)
{
	fb_sb b = {0};
	fb_sb_add(&b, "{");
	jkey(&b, "from", 1);
	fb_sb_json(&b, o->from);
	jstr(&b, "to", o->to);
	jstr(&b, "week", o->week_label);
	jkey(&b, "groups", 0);
	fb_sb_add(&b, "[");
	for (int i = 0; i < o->ngroups; i++)
		json_group(st, o, i, &b);
	fb_sb_add(&b, "],\n");
	jkey(&b, "cadres", 1);
	fb_sb_add(&b, "[");
	for (int i = 0; i < o->ncadres; i++)
		json_cadre(st, o, i, &b);
	fb_sb_add(&b, "]}\n");
	return fb_sb_take(&b);
}
