/* stats_render.c - the overview in the format asked for (the formats are
 * stats_table.c, stats_csv.c, stats_json.c; the cells they share are in
 * stats_impl.h). */
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

char *fb_stats_render(fb_store *st, const fb_overview *o, fb_stats_format fmt, int width)
{
	if (width <= 0)
		width = 80;
	switch (fmt) {
	case FB_SFMT_CSV_GROUPS: return fb_stats_render_csv_groups(st, o);
	case FB_SFMT_CSV_CADRES: return fb_stats_render_csv_cadres(o);
	case FB_SFMT_JSON: return fb_stats_render_json(st, o);
	default: return fb_stats_render_table(st, o, width);
	}
}
