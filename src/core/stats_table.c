/* stats_table.c - the overview as aligned tables with Unicode charts, and
 * its compact layout (the top few groups) for narrow terminals. */
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

/* A section heading underlined with ─. */
static void heading(fb_sb *b, const char *title)
{
	fb_sb_addf(b, "%s\n", title);
	fb_sb_repeat(b, "─", (int)fb_text_width(title));
	fb_sb_add(b, "\n");
}

/* Render t as text into b, free it, and leave a blank line. */
static void render_table(fb_tbl *t, fb_sb *b)
{
	fb_tbl_render(t, FB_TBL_TEXT, 0, b);
	if (t->oom)
		b->oom = 1;
	fb_tbl_free(t);
	fb_sb_add(b, "\n");
}

/* A label column (group or cadre name) fitted to namew, then the rest. */
static void label(fb_sb *b, const char *s, int namew)
{
	fb_sb_fit(b, s, namew);
	fb_sb_add(b, "  ");
}

/* A label, then text wrapped into the columns right of it. */
static void labelled_text(fb_sb *b, const char *name, int namew, const char *text, int width)
{
	fb_sb w = {0};
	fb_sb_wrap(&w, text, width - namew - 2);
	label(b, name, namew);
	for (const char *p = w.p ? w.p : ""; *p;) {
		size_t len = strcspn(p, "\n");
		fb_sb_addn(b, p, len);
		fb_sb_add(b, "\n");
		p += len;
		if (*p == '\n' && p[1]) {
			fb_sb_repeat(b, " ", namew + 2);
		}
		if (*p)
			p++;
	}
	if (!w.p || !*w.p)
		fb_sb_add(b, "\n");
	fb_sb_free(&w);
}

/* ---- table format ---- */

/* ---- the compact layout (narrow terminals, many groups) ---- */

/* How many rows a chart or list shows: all, or the top few when compact. */
static int shown(const fb_overview *o, int width, int n)
{
	int compact = !o->show_all && width <= 100;
	return compact && n > FB_STATS_COMPACT_TOP ? FB_STATS_COMPACT_TOP : n;
}

/* qsort_r order of indexes by their keys (ctx), largest first; ties in
 * index (id) order. */
static int by_key_desc(const void *a, const void *b, void *ctx)
{
	const int64_t *key = ctx;
	int x = *(const int *)a, y = *(const int *)b;
	if (key[x] != key[y])
		return key[x] < key[y] ? 1 : -1;
	return x - y;
}

/* idx: 0..n-1 ordered by key descending when only `limit` < n are shown
 * (the top ones), else in their own order. idx and key: n entries. */
static void top_order(int *idx, const int64_t *key, int n, int limit)
{
	for (int i = 0; i < n; i++)
		idx[i] = i;
	if (limit < n)
		qsort_r(idx, (size_t)n, sizeof *idx, by_key_desc, (void *)key);
}

/* The line under a shortened chart or list. */
static void more_line(fb_sb *b, int more, int cadres, int width)
{
	if (more <= 0)
		return;
	fb_sb m = {0};
	if (cadres)
		fb_sb_addf(&m, _("… and %d more cadres (all: --all; one group: --group G)\n"), more);
	else
		fb_sb_addf(&m, _("… and %d more groups (all: --all; one group: --group G)\n"), more);
	fb_sb_wrap(b, m.p ? m.p : "", width);
	fb_sb_free(&m);
}

/* The groups a chart or list shows, in order: idx[0..limit) (the top ones
 * by key when compact, else all in id order). */
typedef struct chart_rows {
	int *idx, limit;
	int64_t *key;
} chart_rows;

/* Sort keys of the compact charts: a group's workers, enterprises, logs, open tickets. */
static int64_t key_workers(const fb_overview *o, int i) { return o->groups[i].workers; }
static int64_t key_enterprises(const fb_overview *o, int i) { return o->groups[i].enterprises; }
static int64_t key_logs(const fb_overview *o, int i) { return o->groups[i].logs; }
static int64_t key_open(const fb_overview *o, int i) { return o->groups[i].tickets_open; }
/* Sort key: how many kinds of enterprise and worker the group has not met. */
static int64_t key_kinds_missing(const fb_overview *o, int i)
{
	return fb_bits(o->enterprise_kinds_all & ~o->groups[i].enterprise_kinds) +
	       fb_bits(o->worker_kinds_all & ~o->groups[i].worker_kinds);
}

/* 0, or -1 (b marked out of memory). Free with chart_rows_end. */
static int chart_rows_begin(chart_rows *c, const fb_overview *o, int width,
                            int64_t (*key)(const fb_overview *, int), fb_sb *b)
{
	size_t n = (size_t)(o->ngroups ? o->ngroups : 1);
	c->idx = malloc(sizeof *c->idx * n);
	c->key = malloc(sizeof *c->key * n);
	if (!c->idx || !c->key) {
		free(c->idx), free(c->key);
		b->oom = 1;
		return -1;
	}
	for (int i = 0; i < o->ngroups; i++)
		c->key[i] = key(o, i);
	c->limit = shown(o, width, o->ngroups);
	top_order(c->idx, c->key, o->ngroups, c->limit);
	return 0;
}

/* Say how many of `of` groups were left out, then free c. */
static void chart_rows_end(chart_rows *c, int of, int width, fb_sb *b)
{
	more_line(b, of - c->limit, 0, width);
	free(c->idx);
	free(c->key);
}

/* The groups' table: days, visits against targets, kinds covered. */
static void groups_table(const fb_overview *o, int namew, int width, fb_sb *b)
{
	const char *head[] = {_("Group"),   _("Logged"),     _("Missing"),     _("Enterprises"),
	                      _("Workers"), _("Households"), _("Kinds"),       _("Cadres"),
	                      _("Logs"),    _("Units met"),  _("Workers met"), _("Contact days")};
	const int right[] = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	fb_tbl t;
	fb_tbl_init(&t, o->ledger ? 12 : 9, head, right);
	t.maxw[0] = namew;
	t.page = width;
	t.optional[7] = t.optional[8] = 1;
	for (int i = 0; i < o->ngroups; i++) {
		const fb_group_stats *g = &o->groups[i];
		char c[11][24];
		fb_stats_num(c[0], 24, g->days_logged);
		fb_stats_num(c[1], 24, g->days_missing);
		fb_stats_vs(c[2], 24, g->enterprises, g->target_enterprises);
		fb_stats_vs(c[3], 24, g->workers, g->target_workers);
		fb_stats_vs(c[4], 24, g->households, g->target_households);
		snprintf(c[5], 24, "%d/%d %d/%d",
		         __builtin_popcount(g->enterprise_kinds & o->enterprise_kinds_all),
		         o->enterprise_kinds_total,
		         __builtin_popcount(g->worker_kinds & o->worker_kinds_all),
		         o->worker_kinds_total);
		fb_stats_num(c[6], 24, g->ncadres);
		fb_stats_num(c[7], 24, g->logs);
		fb_stats_num(c[8], 24, g->units_met);
		fb_stats_num(c[9], 24, g->workers_met);
		fb_stats_num(c[10], 24, g->contact_days);
		const char *cells[] = {g->name, c[0], c[1], c[2], c[3], c[4],
		                       c[5],    c[6], c[7], c[8], c[9], c[10]};
		fb_tbl_row(&t, cells);
	}
	render_table(&t, b);
}

/* Bars of a figure against its target (or against the largest value). */
static void bars(const fb_overview *o, int which, int namew, int width, fb_sb *b)
{
	int64_t max = 1;
	for (int i = 0; i < o->ngroups; i++) {
		const fb_group_stats *g = &o->groups[i];
		int64_t v = which ? g->enterprises : g->workers;
		int t = which ? g->target_enterprises : g->target_workers;
		if (v > max)
			max = v;
		if (t > max)
			max = t;
	}
	int barw = width - namew - 2 - 12;
	if (barw < 10)
		barw = 10;
	chart_rows c;
	if (chart_rows_begin(&c, o, width, which ? key_enterprises : key_workers, b))
		return;
	for (int r = 0; r < c.limit; r++) {
		const fb_group_stats *g = &o->groups[c.idx[r]];
		int64_t v = which ? g->enterprises : g->workers;
		int t = which ? g->target_enterprises : g->target_workers;
		char bar[1024], tv[32];
		label(b, g->name, namew);
		fb_chart_bar((double)v, (double)max, barw, bar, sizeof bar);
		/* Mark the target with │ inside the bar's track when it falls there. */
		if (t > 0) {
			int pos = (int)((double)t / (double)max * barw + 0.5) - 1;
			size_t at = fb_text_prefix(bar, pos < 0 ? 0 : pos);
			if (pos >= 0 && pos < barw && bar[at] == ' ') {
				char tmp[1024];
				snprintf(tmp, sizeof tmp, "%.*s│%s", (int)at, bar, bar + at + 1);
				snprintf(bar, sizeof bar, "%s", tmp);
			}
		}
		fb_sb_add(b, bar);
		fb_sb_addf(b, " %s\n", fb_stats_vs(tv, sizeof tv, v, t));
	}
	chart_rows_end(&c, o->ngroups, width, b);
	fb_sb_add(b, "\n");
}

/* One sparkline of daily logs per group (the top ones when compact). */
static void sparklines(const fb_overview *o, int namew, int width, fb_sb *b)
{
	int sparkw = width - namew - 2 - 12;
	if (sparkw < 8)
		sparkw = 8;
	chart_rows c;
	if (chart_rows_begin(&c, o, width, key_logs, b))
		return;
	for (int r = 0; r < c.limit; r++) {
		int i = c.idx[r];
		char spark[4096];
		const int *v = o->daily + (size_t)i * (size_t)o->ndays;
		int peak = 0;
		for (int d = 0; d < o->ndays; d++)
			peak = v[d] > peak ? v[d] : peak;
		label(b, o->groups[i].name, namew);
		fb_sb_add(b, fb_chart_spark(v, o->ndays, sparkw, spark, sizeof spark));
		fb_sb_add(b, "  ");
		fb_sb_addf(b, _("max %d"), peak);
		fb_sb_add(b, "\n");
	}
	chart_rows_end(&c, o->ngroups, width, b);
	fb_sb_add(b, "\n");
}

/* The kinds each group has not met yet (when compact, only groups that have some). */
static void kinds_missing(fb_store *st, const fb_overview *o, int namew, int width, fb_sb *b)
{
	chart_rows c;
	if (chart_rows_begin(&c, o, width, key_kinds_missing, b))
		return;
	int listed = o->ngroups; /* compact: only the groups with a kind not yet met */
	if (c.limit < o->ngroups) {
		listed = 0;
		for (int i = 0; i < o->ngroups; i++)
			listed += c.key[i] > 0;
		if (c.limit > listed)
			c.limit = listed;
		if (!listed)
			fb_sb_wrap(b, _("Every group has met every kind of enterprise and worker.\n"),
			           width);
	}
	for (int r = 0; r < c.limit; r++) {
		const fb_group_stats *g = &o->groups[c.idx[r]];
		fb_sb line = {0};
		fb_sb_add(&line, _("enterprises: "));
		fb_sb_kinds(&line, st, FB_CAT_ENTERPRISE, g->enterprise_kinds,
		            FB_MASK_LABELS | FB_MASK_MISSING, "—");
		fb_sb_add(&line, _("; workers: "));
		fb_sb_kinds(&line, st, FB_CAT_WORKER, g->worker_kinds,
		            FB_MASK_LABELS | FB_MASK_MISSING, "—");
		labelled_text(b, g->name, namew, line.p ? line.p : "", width);
		fb_sb_free(&line);
	}
	chart_rows_end(&c, listed, width, b);
	fb_sb_add(b, "\n");
}

/* Tickets per group, then each group's tickets by status and routing. */
static void tickets_table(fb_store *st, const fb_overview *o, int namew, int width, fb_sb *b)
{
	const char *head[] = {_("Group"),   _("Tickets"),     _("Open"),
	                      _("Overdue"), _("Oldest open"), _("Days open")};
	const int right[] = {0, 1, 1, 1, 0, 1};
	fb_tbl t;
	fb_tbl_init(&t, 6, head, right);
	t.maxw[0] = namew;
	long today =
		fb_date_to_days((fb_date){atoi(o->today), atoi(o->today + 5), atoi(o->today + 8)});
	for (int i = 0; i < o->ngroups; i++) {
		const fb_group_stats *g = &o->groups[i];
		char c[4][24], age[24] = "";
		if (g->oldest_open_id) {
			fb_date d = {atoi(g->oldest_open_on), atoi(g->oldest_open_on + 5),
			             atoi(g->oldest_open_on + 8)};
			fb_stats_num(age, sizeof age, today - fb_date_to_days(d));
		}
		const char *cells[] = {g->name,
		                       fb_stats_num(c[0], 24, g->tickets),
		                       fb_stats_num(c[1], 24, g->tickets_open),
		                       fb_stats_num(c[2], 24, g->tickets_overdue),
		                       g->oldest_open_on,
		                       age};
		fb_tbl_row(&t, cells);
	}
	render_table(&t, b);
	/* By status and routing: one line per group, labels and counts (when
	 * compact, for the groups with the most open tickets). */
	chart_rows c;
	if (chart_rows_begin(&c, o, width, key_open, b))
		return;
	for (int r = 0; r < c.limit; r++) {
		const fb_group_stats *g = &o->groups[c.idx[r]];
		fb_sb line = {0};
		for (int k = 0; k < o->nstatus; k++)
			if (g->by_status[k])
				fb_sb_addf(&line, "%s%s %d", line.len ? " · " : "",
				           fb_category_label(st, FB_CAT_STATUS, o->status_codes[k]),
				           g->by_status[k]);
		fb_sb_add(&line, line.len ? "  |  " : "— |  ");
		size_t mark = line.len;
		for (int k = 0; k < o->nrouting; k++)
			if (g->by_routing[k])
				fb_sb_addf(&line, "%s%s %d", line.len > mark ? " · " : "",
				           fb_category_label(st, FB_CAT_ROUTING, o->routing_codes[k]),
				           g->by_routing[k]);
		labelled_text(b, g->name, namew, line.p ? line.p : "", width);
		fb_sb_free(&line);
	}
	chart_rows_end(&c, o->ngroups, width, b);
	fb_sb_add(b, "\n");
}

/* The checked week's report status of a group, translated. */
static const char *week_status(const fb_group_stats *g)
{
	if (!strcmp(g->week_report, "submitted"))
		return _("submitted");
	if (!strcmp(g->week_report, "draft"))
		return _("draft, not submitted");
	return _("not started");
}

/* The last bundle received from each group and its weekly report. */
static void freshness_table(const fb_overview *o, int namew, int width, fb_sb *b)
{
	char wk[64];
	snprintf(wk, sizeof wk, _("Report %s"), o->week_label);
	const char *head[] = {_("Group"), _("Last bundle"), _("Days old"), wk};
	const int right[] = {0, 0, 1, 0};
	fb_tbl t;
	fb_tbl_init(&t, 4, head, right);
	t.maxw[0] = namew;
	for (int i = 0; i < o->ngroups; i++) {
		const fb_group_stats *g = &o->groups[i];
		char days[24] = "";
		if (g->stale_days >= 0)
			fb_stats_num(days, sizeof days, g->stale_days);
		const char *cells[] = {g->name, *g->last_bundle_at ? g->last_bundle_at : _("never"),
		                       days, week_status(g)};
		fb_tbl_row(&t, cells);
	}
	render_table(&t, b);
	fb_sb line = {0};
	int late = 0;
	for (int i = 0; i < o->ngroups; i++)
		if (strcmp(o->groups[i].week_report, "submitted")) {
			fb_sb_addf(&line, "%s%s", late ? (fb_lang_is_zh() ? "、" : ", ") : "",
			           o->groups[i].name);
			late++;
		}
	fb_sb msg = {0};
	if (late)
		fb_sb_addf(&msg, _("Weekly report %s not submitted (%d): %s\n\n"), o->week_label,
		           late, line.p);
	else
		fb_sb_addf(&msg, _("Every group has submitted its weekly report %s.\n\n"),
		           o->week_label);
	fb_sb_wrap(b, msg.p, width);
	fb_sb_free(&msg);
	fb_sb_free(&line);
}

/* Every cadre's figures (when compact, the ones missing most days). */
static void cadres_table(const fb_overview *o, int namew, int width, fb_sb *b)
{
	const char *head[] = {_("Group"),       _("Cadre"),   _("Days logged"), _("Missing"),
	                      _("Enterprises"), _("Workers"), _("This year")};
	const int right[] = {0, 0, 1, 1, 1, 1, 1};
	fb_tbl t;
	fb_tbl_init(&t, 7, head, right);
	t.maxw[0] = namew;
	t.maxw[1] = 12;
	t.page = width;
	/* Compact: the cadres missing the most days (each row names its group). */
	int64_t *key = malloc(sizeof *key * (size_t)(o->ncadres ? o->ncadres : 1));
	int *idx = malloc(sizeof *idx * (size_t)(o->ncadres ? o->ncadres : 1));
	int limit = shown(o, width, o->ncadres);
	if (o->ngroups <= FB_STATS_COMPACT_TOP)
		limit = o->ncadres; /* a few groups: every cadre fits */
	if (!key || !idx) {
		free(key), free(idx);
		fb_tbl_free(&t);
		b->oom = 1;
		return;
	}
	for (int i = 0; i < o->ncadres; i++)
		key[i] = o->cadres[i].days_missing;
	top_order(idx, key, o->ncadres, limit);
	for (int r = 0; r < limit; r++) {
		int i = idx[r];
		const fb_cadre_stats *c = &o->cadres[i];
		char v[5][24];
		const char *gname =
			limit == o->ncadres && i > 0 && o->cadres[i - 1].group_id == c->group_id
				? ""
				: o->groups[c->group_index].name;
		const char *cells[] = {gname,
		                       c->name,
		                       fb_stats_num(v[0], 24, c->days_logged),
		                       fb_stats_num(v[1], 24, c->days_missing),
		                       fb_stats_vs(v[2], 24, c->enterprises, c->target_enterprises),
		                       fb_stats_vs(v[3], 24, c->workers, c->target_workers),
		                       fb_stats_vs(v[4], 24, c->year_days, c->target_year_days)};
		fb_tbl_row(&t, cells);
	}
	render_table(&t, b);
	more_line(b, o->ncadres - limit, 1, width);
	if (limit < o->ncadres)
		fb_sb_add(b, "\n");
	free(key);
	free(idx);
}

/* The four comparisons ranking, by place. */
static void ranking_table(const fb_overview *o, int namew, fb_sb *b)
{
	const char *head[] = {_("Place"),         _("Group"),   _("Practical"), _("Research"),
	                      _("Typical cases"), _("Workers"), _("Score")};
	const int right[] = {1, 0, 1, 1, 1, 1, 1};
	fb_tbl t;
	fb_tbl_init(&t, 7, head, right);
	t.maxw[1] = namew;
	for (int place = 1; place <= o->ngroups; place++)
		for (int i = 0; i < o->ngroups; i++) {
			const fb_group_stats *g = &o->groups[i];
			if (g->place != place)
				continue;
			char v[6][24];
			const char *cells[] = {fb_stats_num(v[0], 24, g->place),
			                       g->name,
			                       fb_stats_num(v[1], 24, g->practical),
			                       fb_stats_num(v[2], 24, g->research),
			                       fb_stats_num(v[3], 24, g->typical),
			                       fb_stats_num(v[4], 24, g->workers),
			                       fb_stats_num(v[5], 24, g->score)};
			fb_tbl_row(&t, cells);
		}
	render_table(&t, b);
}

char *fb_stats_render_table(fb_store *st, const fb_overview *o, int width)
{
	fb_sb b = {0};
	int namew = 14 + (width > 80 ? (width - 80) / 4 : 0);
	if (namew > 24)
		namew = 24;
	fb_sb title = {0};
	fb_sb_addf(&title, _("Headquarters overview · %s to %s · %d groups, %d cadres"), o->from,
	           o->to, o->ngroups, o->ncadres);
	fb_sb_addf(&b, "%s\n", title.p ? title.p : "");
	fb_sb_repeat(&b, "═",
	             width < (int)fb_text_width(title.p ? title.p : "")
	                     ? width
	                     : (int)fb_text_width(title.p ? title.p : ""));
	fb_sb_add(&b, "\n");
	fb_sb_free(&title);
	fb_sb_addf(&title, _("Weekly reports checked: %s (%s to %s)\n\n"), o->week_label,
	           o->week_start, o->week_end);
	fb_sb_wrap(&b, title.p ? title.p : "", width);
	fb_sb_free(&title);
	if (o->ngroups == 0) {
		fb_sb_wrap(&b,
		           _("No work group yet: import the groups' bundles, or set one up with "
		             "'fieldbook init'.\n"),
		           width);
		return fb_sb_take(&b);
	}

	heading(&b, _("Groups: days logged, visits against targets, kinds covered "
	              "(enterprise/worker)"));
	groups_table(o, namew, width, &b);
	heading(&b, _("Workers visited against the group target (│ marks the target)"));
	bars(o, 0, namew, width, &b);
	heading(&b, _("Enterprises visited against the group target"));
	bars(o, 1, namew, width, &b);
	heading(&b, _("Daily logs over the period"));
	sparklines(o, namew, width, &b);
	heading(&b, _("Kinds not yet covered"));
	kinds_missing(st, o, namew, width, &b);
	heading(&b, _("Tickets (now) by status and routing"));
	tickets_table(st, o, namew, width, &b);
	heading(&b, _("Data received and weekly reports"));
	freshness_table(o, namew, width, &b);
	heading(&b, _("Cadres"));
	cadres_table(o, namew, width, &b);
	heading(&b, _("Four comparisons: practical things done, research, typical cases, workers"));
	ranking_table(o, namew, &b);
	return fb_sb_take(&b);
}
