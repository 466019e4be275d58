/* stats_chart.c - the terminal charts: bars of eighth blocks, sparklines. */
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
