/* stats_render.c - the overview as aligned tables with Unicode charts,
 * as CSV for spreadsheets and as JSON; and the chart primitives. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/category.h"
#include "fieldbook/date.h"
#include "fieldbook/i18n.h"
#include "fieldbook/stats.h"
#include "fieldbook/text.h"
#include "report_text.h"

/* ---- charts ---- */

char *fb_chart_bar(double value, double max, int cols, char *out, size_t size)
{
	static const char *const part[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	fb_sb b = {0};
	if (cols < 0)
		cols = 0;
	long eighths = max > 0 && value > 0 ? (long)(value / max * cols * 8 + 0.5) : 0;
	if (eighths > (long)cols * 8)
		eighths = (long)cols * 8;
	if (value > 0 && eighths == 0 && cols > 0)
		eighths = 1; /* something is not nothing */
	int used = (int)(eighths / 8);
	fb_sb_repeat(&b, "█", used);
	if (eighths % 8) {
		fb_sb_add(&b, part[eighths % 8]);
		used++;
	}
	fb_sb_repeat(&b, " ", cols - used);
	char *s = fb_sb_take(&b);
	fb_text_copy(s ? s : "", out, size);
	free(s);
	return out;
}

char *fb_chart_spark(const int *v, int n, int cols, char *out, size_t size)
{
	static const char *const level[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	fb_sb b = {0};
	if (cols < 1 || n < 1) {
		fb_text_copy("", out, size);
		return out;
	}
	int per = (n + cols - 1) / cols; /* values per column */
	int ncol = (n + per - 1) / per;
	long max = 0;
	for (int c = 0; c < ncol; c++) {
		long sum = 0;
		for (int i = c * per; i < n && i < (c + 1) * per; i++)
			sum += v[i];
		if (sum > max)
			max = sum;
	}
	for (int c = 0; c < ncol; c++) {
		long sum = 0;
		for (int i = c * per; i < n && i < (c + 1) * per; i++)
			sum += v[i];
		if (sum <= 0)
			fb_sb_add(&b, " ");
		else
			fb_sb_add(&b, level[(sum * 7 + max - 1) / max > 7 ? 7 : (sum * 7 + max - 1) / max]);
	}
	char *s = fb_sb_take(&b);
	fb_text_copy(s ? s : "", out, size);
	free(s);
	return out;
}

/* ---- helpers ---- */

/* "12/10" or "12" when there is no target. */
static const char *vs(char *buf, size_t size, int64_t v, int target)
{
	if (target >= 0)
		snprintf(buf, size, "%lld/%d", (long long)v, target);
	else
		snprintf(buf, size, "%lld", (long long)v);
	return buf;
}

static const char *num(char *buf, size_t size, int64_t v)
{
	snprintf(buf, size, "%lld", (long long)v);
	return buf;
}

static void kinds_list(fb_store *st, const char *kind, uint32_t mask, int covered, fb_sb *b)
{
	fb_category cats[32];
	int n = fb_category_list(st, kind, cats, 32), first = 1;
	for (int i = 0; i < n; i++) {
		if (cats[i].bit < 0 || cats[i].bit > 31 || !!(mask & (1u << cats[i].bit)) != covered)
			continue;
		fb_sb_add(b, first ? "" : (fb_lang_is_zh() ? "、" : ", "));
		fb_sb_add(b, fb_lang_is_zh() ? cats[i].label_zh : cats[i].label_en);
		first = 0;
	}
	if (first)
		fb_sb_add(b, "—");
}

static void heading(fb_sb *b, const char *title)
{
	fb_sb_addf(b, "%s\n", title);
	fb_sb_repeat(b, "─", (int)fb_text_width(title));
	fb_sb_add(b, "\n");
}

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

static int64_t key_workers(const fb_overview *o, int i) { return o->groups[i].workers; }
static int64_t key_enterprises(const fb_overview *o, int i) { return o->groups[i].enterprises; }
static int64_t key_logs(const fb_overview *o, int i) { return o->groups[i].logs; }
static int64_t key_open(const fb_overview *o, int i) { return o->groups[i].tickets_open; }
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

static void groups_table(const fb_overview *o, int namew, int width, fb_sb *b)
{
	const char *head[] = {_("Group"), _("Logged"), _("Missing"), _("Enterprises"),
	                      _("Workers"), _("Households"), _("Kinds"), _("Cadres"), _("Logs")};
	const int right[] = {0, 1, 1, 1, 1, 1, 1, 1, 1};
	fb_tbl t;
	fb_tbl_init(&t, 9, head, right);
	t.maxw[0] = namew;
	t.page = width;
	t.optional[7] = t.optional[8] = 1;
	for (int i = 0; i < o->ngroups; i++) {
		const fb_group_stats *g = &o->groups[i];
		char c[8][24];
		num(c[0], 24, g->days_logged);
		num(c[1], 24, g->days_missing);
		vs(c[2], 24, g->enterprises, g->target_enterprises);
		vs(c[3], 24, g->workers, g->target_workers);
		vs(c[4], 24, g->households, g->target_households);
		snprintf(c[5], 24, "%d/%d %d/%d",
		         __builtin_popcount(g->enterprise_kinds & o->enterprise_kinds_all),
		         o->enterprise_kinds_total,
		         __builtin_popcount(g->worker_kinds & o->worker_kinds_all), o->worker_kinds_total);
		num(c[6], 24, g->ncadres);
		num(c[7], 24, g->logs);
		const char *cells[] = {g->name, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]};
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
		fb_sb_addf(b, " %s\n", vs(tv, sizeof tv, v, t));
	}
	chart_rows_end(&c, o->ngroups, width, b);
	fb_sb_add(b, "\n");
}

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
			fb_sb_wrap(b, _("Every group has met every kind of enterprise and worker.\n"), width);
	}
	for (int r = 0; r < c.limit; r++) {
		const fb_group_stats *g = &o->groups[c.idx[r]];
		fb_sb line = {0};
		fb_sb_add(&line, _("enterprises: "));
		kinds_list(st, "enterprise_kind", g->enterprise_kinds, 0, &line);
		fb_sb_add(&line, _("; workers: "));
		kinds_list(st, "worker_kind", g->worker_kinds, 0, &line);
		labelled_text(b, g->name, namew, line.p ? line.p : "", width);
		fb_sb_free(&line);
	}
	chart_rows_end(&c, listed, width, b);
	fb_sb_add(b, "\n");
}

static void tickets_table(fb_store *st, const fb_overview *o, int namew, int width, fb_sb *b)
{
	const char *head[] = {_("Group"), _("Tickets"), _("Open"), _("Overdue"), _("Oldest open"),
	                      _("Days open")};
	const int right[] = {0, 1, 1, 1, 0, 1};
	fb_tbl t;
	fb_tbl_init(&t, 6, head, right);
	t.maxw[0] = namew;
	long today = fb_date_to_days((fb_date){atoi(o->today), atoi(o->today + 5), atoi(o->today + 8)});
	for (int i = 0; i < o->ngroups; i++) {
		const fb_group_stats *g = &o->groups[i];
		char c[4][24], age[24] = "";
		if (g->oldest_open_id) {
			fb_date d = {atoi(g->oldest_open_on), atoi(g->oldest_open_on + 5),
			             atoi(g->oldest_open_on + 8)};
			num(age, sizeof age, today - fb_date_to_days(d));
		}
		const char *cells[] = {g->name, num(c[0], 24, g->tickets), num(c[1], 24, g->tickets_open),
		                       num(c[2], 24, g->tickets_overdue), g->oldest_open_on, age};
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

static const char *week_status(const fb_group_stats *g)
{
	if (!strcmp(g->week_report, "submitted"))
		return _("submitted");
	if (!strcmp(g->week_report, "draft"))
		return _("draft, not submitted");
	return _("not started");
}

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
			num(days, sizeof days, g->stale_days);
		const char *cells[] = {g->name, *g->last_bundle_at ? g->last_bundle_at : _("never"), days,
		                       week_status(g)};
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
		fb_sb_addf(&msg, _("Weekly report %s not submitted (%d): %s\n\n"), o->week_label, late,
		           line.p);
	else
		fb_sb_addf(&msg, _("Every group has submitted its weekly report %s.\n\n"), o->week_label);
	fb_sb_wrap(b, msg.p, width);
	fb_sb_free(&msg);
	fb_sb_free(&line);
}

static void cadres_table(const fb_overview *o, int namew, int width, fb_sb *b)
{
	const char *head[] = {_("Group"), _("Cadre"), _("Days logged"), _("Missing"),
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
		const char *gname = limit == o->ncadres && i > 0 &&
		                            o->cadres[i - 1].group_id == c->group_id
		                        ? ""
		                        : o->groups[c->group_index].name;
		const char *cells[] = {gname, c->name, num(v[0], 24, c->days_logged),
		                       num(v[1], 24, c->days_missing),
		                       vs(v[2], 24, c->enterprises, c->target_enterprises),
		                       vs(v[3], 24, c->workers, c->target_workers),
		                       vs(v[4], 24, c->year_days, c->target_year_days)};
		fb_tbl_row(&t, cells);
	}
	render_table(&t, b);
	more_line(b, o->ncadres - limit, 1, width);
	if (limit < o->ncadres)
		fb_sb_add(b, "\n");
	free(key);
	free(idx);
}

static void ranking_table(const fb_overview *o, int namew, fb_sb *b)
{
	const char *head[] = {_("Place"), _("Group"), _("Practical"), _("Research"),
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
			const char *cells[] = {num(v[0], 24, g->place), g->name, num(v[1], 24, g->practical),
			                       num(v[2], 24, g->research), num(v[3], 24, g->typical),
			                       num(v[4], 24, g->workers), num(v[5], 24, g->score)};
			fb_tbl_row(&t, cells);
		}
	render_table(&t, b);
}

static char *render_table_format(fb_store *st, const fb_overview *o, int width)
{
	fb_sb b = {0};
	int namew = 14 + (width > 80 ? (width - 80) / 4 : 0);
	if (namew > 24)
		namew = 24;
	fb_sb title = {0};
	fb_sb_addf(&title, _("Headquarters overview · %s to %s · %d groups, %d cadres"), o->from,
	           o->to, o->ngroups, o->ncadres);
	fb_sb_addf(&b, "%s\n", title.p ? title.p : "");
	fb_sb_repeat(&b, "═", width < (int)fb_text_width(title.p ? title.p : "")
	                          ? width
	                          : (int)fb_text_width(title.p ? title.p : ""));
	fb_sb_add(&b, "\n");
	fb_sb_free(&title);
	fb_sb_addf(&title, _("Weekly reports checked: %s (%s to %s)\n\n"), o->week_label,
	           o->week_start, o->week_end);
	fb_sb_wrap(&b, title.p ? title.p : "", width);
	fb_sb_free(&title);
	if (o->ngroups == 0) {
		fb_sb_wrap(&b, _("No work group yet: import the groups' bundles, or set one up with "
		                 "'fieldbook init'.\n"), width);
		return fb_sb_take(&b);
	}

	heading(&b, _("Groups: days logged, visits against targets, kinds covered (enterprise/worker)"));
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

static char *render_csv_groups(fb_store *st, const fb_overview *o)
{
	const char *head[FB_TBL_MAXCOLS] = {
	    "group", "station", "cadres", "logs", "days_logged", "days_due", "days_missing",
	    "enterprises", "target_enterprises", "workers", "target_workers", "households",
	    "target_households", "enterprise_kinds_covered", "enterprise_kinds_not_covered",
	    "worker_kinds_covered", "worker_kinds_not_covered", "tickets", "tickets_open",
	    "tickets_overdue", "oldest_open_on", "last_bundle_at", "stale_days", "week",
	    "week_report", "practical", "research", "typical", "place"};
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
	fb_tbl t;
	fb_tbl_init(&t, ncols, head, NULL);
	for (int i = 0; i < o->ngroups; i++) {
		const fb_group_stats *g = &o->groups[i];
		char v[48][24];
		fb_sb ek = {0}, wk = {0};
		kinds_list(st, "enterprise_kind", g->enterprise_kinds, 0, &ek);
		kinds_list(st, "worker_kind", g->worker_kinds, 0, &wk);
		const char *cells[FB_TBL_MAXCOLS] = {
		    g->name, g->station, num(v[0], 24, g->ncadres), num(v[1], 24, g->logs),
		    num(v[2], 24, g->days_logged), num(v[3], 24, g->days_due),
		    num(v[4], 24, g->days_missing), num(v[5], 24, g->enterprises),
		    g->target_enterprises < 0 ? "" : num(v[6], 24, g->target_enterprises),
		    num(v[7], 24, g->workers),
		    g->target_workers < 0 ? "" : num(v[8], 24, g->target_workers),
		    num(v[9], 24, g->households),
		    g->target_households < 0 ? "" : num(v[10], 24, g->target_households),
		    num(v[11], 24, __builtin_popcount(g->enterprise_kinds & o->enterprise_kinds_all)),
		    ek.p, num(v[12], 24, __builtin_popcount(g->worker_kinds & o->worker_kinds_all)), wk.p,
		    num(v[13], 24, g->tickets), num(v[14], 24, g->tickets_open),
		    num(v[15], 24, g->tickets_overdue), g->oldest_open_on, g->last_bundle_at,
		    g->stale_days < 0 ? "" : num(v[16], 24, g->stale_days), o->week_label, g->week_report,
		    num(v[17], 24, g->practical), num(v[18], 24, g->research), num(v[19], 24, g->typical),
		    num(v[20], 24, g->place)};
		int c = 29;
		for (int k = 0; k < o->nstatus; k++)
			cells[c++] = num(v[21 + k], 24, g->by_status[k]);
		for (int k = 0; k < o->nrouting; k++)
			cells[c++] = num(v[21 + o->nstatus + k], 24, g->by_routing[k]);
		fb_tbl_row(&t, cells);
		fb_sb_free(&ek);
		fb_sb_free(&wk);
	}
	return csv_take(&t);
}

static char *render_csv_cadres(const fb_overview *o)
{
	const char *head[] = {"group", "cadre", "role", "logs", "days_logged", "days_due",
	                      "days_missing", "enterprises", "target_enterprises", "workers",
	                      "target_workers", "households", "year_days", "target_year_days",
	                      "enterprise_kinds_covered", "worker_kinds_covered"};
	fb_tbl t;
	fb_tbl_init(&t, 16, head, NULL);
	for (int i = 0; i < o->ncadres; i++) {
		const fb_cadre_stats *c = &o->cadres[i];
		char v[14][24];
		const char *cells[] = {
		    o->groups[c->group_index].name, c->name, c->role, num(v[0], 24, c->logs),
		    num(v[1], 24, c->days_logged), num(v[2], 24, c->days_due),
		    num(v[3], 24, c->days_missing), num(v[4], 24, c->enterprises),
		    c->target_enterprises < 0 ? "" : num(v[5], 24, c->target_enterprises),
		    num(v[6], 24, c->workers), c->target_workers < 0 ? "" : num(v[7], 24, c->target_workers),
		    num(v[8], 24, c->households), num(v[9], 24, c->year_days),
		    c->target_year_days < 0 ? "" : num(v[10], 24, c->target_year_days),
		    num(v[11], 24, __builtin_popcount(c->enterprise_kinds & o->enterprise_kinds_all)),
		    num(v[12], 24, __builtin_popcount(c->worker_kinds & o->worker_kinds_all))};
		fb_tbl_row(&t, cells);
	}
	return csv_take(&t);
}

/* ---- JSON ---- */

static void jkey(fb_sb *b, const char *k, int first)
{
	fb_sb_add(b, first ? "" : ", ");
	fb_sb_json(b, k);
	fb_sb_add(b, ": ");
}

static void jint(fb_sb *b, const char *k, int64_t v)
{
	jkey(b, k, 0);
	fb_sb_addf(b, "%lld", (long long)v);
}

static void jtarget(fb_sb *b, const char *k, int v)
{
	jkey(b, k, 0);
	if (v < 0)
		fb_sb_add(b, "null");
	else
		fb_sb_addf(b, "%d", v);
}

static void jstr(fb_sb *b, const char *k, const char *v)
{
	jkey(b, k, 0);
	fb_sb_json(b, v);
}

/* The figures groups and cadres share. */
static void jfigures(fb_sb *b, int logs, int logged, int due, int missing, int64_t ent,
                     int tent, int64_t wrk, int twrk, int64_t hh)
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

static char *render_json(fb_store *st, const fb_overview *o)
{
	fb_sb b = {0};
	fb_sb_add(&b, "{");
	jkey(&b, "from", 1);
	fb_sb_json(&b, o->from);
	jstr(&b, "to", o->to);
	jstr(&b, "week", o->week_label);
	jkey(&b, "groups", 0);
	fb_sb_add(&b, "[");
	for (int i = 0; i < o->ngroups; i++) {
		const fb_group_stats *g = &o->groups[i];
		fb_sb_add(&b, i ? ",\n  {" : "\n  {");
		jkey(&b, "id", 1);
		fb_sb_addf(&b, "%lld", (long long)g->group_id);
		jstr(&b, "name", g->name);
		jstr(&b, "station", g->station);
		jint(&b, "cadres", g->ncadres);
		jfigures(&b, g->logs, g->days_logged, g->days_due, g->days_missing, g->enterprises,
		         g->target_enterprises, g->workers, g->target_workers, g->households);
		jtarget(&b, "target_households", g->target_households);
		jkinds(st, &b, "enterprise_kinds", "enterprise_kind", g->enterprise_kinds);
		jkinds(st, &b, "enterprise_kinds_not_covered", "enterprise_kind",
		       ~g->enterprise_kinds & o->enterprise_kinds_all);
		jkinds(st, &b, "worker_kinds", "worker_kind", g->worker_kinds);
		jkinds(st, &b, "worker_kinds_not_covered", "worker_kind",
		       ~g->worker_kinds & o->worker_kinds_all);
		jkey(&b, "tickets", 0);
		fb_sb_addf(&b, "{\"total\": %d, \"open\": %d, \"overdue\": %d, \"by_status\": {",
		           g->tickets, g->tickets_open, g->tickets_overdue);
		for (int k = 0; k < o->nstatus; k++) {
			jkey(&b, o->status_codes[k], k == 0);
			fb_sb_addf(&b, "%d", g->by_status[k]);
		}
		fb_sb_add(&b, "}, \"by_routing\": {");
		for (int k = 0; k < o->nrouting; k++) {
			jkey(&b, o->routing_codes[k], k == 0);
			fb_sb_addf(&b, "%d", g->by_routing[k]);
		}
		fb_sb_add(&b, "}, \"oldest_open\": ");
		if (g->oldest_open_id) {
			fb_sb_addf(&b, "{\"id\": %lld, \"opened_on\": ", (long long)g->oldest_open_id);
			fb_sb_json(&b, g->oldest_open_on);
			jstr(&b, "title", g->oldest_open_title);
			fb_sb_add(&b, "}");
		} else {
			fb_sb_add(&b, "null");
		}
		fb_sb_add(&b, "}");
		jkey(&b, "last_bundle_at", 0);
		if (*g->last_bundle_at)
			fb_sb_json(&b, g->last_bundle_at);
		else
			fb_sb_add(&b, "null");
		jtarget(&b, "stale_days", g->stale_days);
		jstr(&b, "week_report", g->week_report);
		jint(&b, "week_revision", g->week_revision);
		jkey(&b, "four_comparisons", 0);
		fb_sb_addf(&b, "{\"practical\": %d, \"research\": %d, \"typical\": %d, \"workers\": %lld,"
		               " \"ranks\": [%d, %d, %d, %d], \"score\": %d, \"place\": %d}",
		           g->practical, g->research, g->typical, (long long)g->workers, g->rank[0], g->rank[1],
		           g->rank[2], g->rank[3], g->score, g->place);
		jkey(&b, "daily_logs", 0);
		fb_sb_add(&b, "[");
		for (int d = 0; d < o->ndays; d++)
			fb_sb_addf(&b, "%s%d", d ? "," : "", o->daily[(size_t)i * (size_t)o->ndays + d]);
		fb_sb_add(&b, "]}");
	}
	fb_sb_add(&b, "],\n");
	jkey(&b, "cadres", 1);
	fb_sb_add(&b, "[");
	for (int i = 0; i < o->ncadres; i++) {
		const fb_cadre_stats *c = &o->cadres[i];
		fb_sb_add(&b, i ? ",\n  {" : "\n  {");
		jkey(&b, "id", 1);
		fb_sb_addf(&b, "%lld", (long long)c->person_id);
		jint(&b, "group_id", (long)c->group_id);
		jstr(&b, "name", c->name);
		jstr(&b, "role", c->role);
		jfigures(&b, c->logs, c->days_logged, c->days_due, c->days_missing, c->enterprises,
		         c->target_enterprises, c->workers, c->target_workers, c->households);
		jint(&b, "year_days", c->year_days);
		jtarget(&b, "target_year_days", c->target_year_days);
		jkinds(st, &b, "enterprise_kinds", "enterprise_kind", c->enterprise_kinds);
		jkinds(st, &b, "worker_kinds", "worker_kind", c->worker_kinds);
		fb_sb_add(&b, "}");
	}
	fb_sb_add(&b, "]}\n");
	return fb_sb_take(&b);
}

char *fb_stats_render(fb_store *st, const fb_overview *o, fb_stats_format fmt, int width)
{
	if (width <= 0)
		width = 80;
	switch (fmt) {
	case FB_SFMT_CSV_GROUPS: return render_csv_groups(st, o);
	case FB_SFMT_CSV_CADRES: return render_csv_cadres(o);
	case FB_SFMT_JSON: return render_json(st, o);
	default: return render_table_format(st, o, width);
	}
}
