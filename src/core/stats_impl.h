/* stats_impl.h - what the overview's renderers share (stats_render.c,
 * stats_table.c, stats_csv.c, stats_json.c). Not public API. */
#ifndef FIELDBOOK_STATS_IMPL_H
#define FIELDBOOK_STATS_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "fieldbook/stats.h"

/* "12/10" (a figure against its target) or "12" when there is no target
 * (target < 0), into buf; returns buf. Inline: the renderers below
 * fb_stats_render share them without calling back up to it. */
static inline const char *fb_stats_vs(char *buf, size_t size, int64_t v, int target)
{
	if (target >= 0)
		snprintf(buf, size, "%lld/%d", (long long)v, target);
	else
		snprintf(buf, size, "%lld", (long long)v);
	return buf;
}
/* v as decimal digits into buf; returns buf. */
static inline const char *fb_stats_num(char *buf, size_t size, int64_t v)
{
	snprintf(buf, size, "%lld", (long long)v);
	return buf;
}

/* The four formats (fb_stats_render picks one); each returns a malloc'd
 * string, NULL when out of memory. */
char *fb_stats_render_table(fb_store *st, const fb_overview *o, int width);
char *fb_stats_render_csv_groups(fb_store *st, const fb_overview *o);
char *fb_stats_render_csv_cadres(const fb_overview *o);
char *fb_stats_render_json(fb_store *st, const fb_overview *o);

#endif
