/* date_window.c - the window of dates and times any record may carry (see
 * limits.h): one place, so the forms, the command line and the importer
 * refuse the same far-future or reset-clock values. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fieldbook/date.h"
#include "fieldbook/limits.h"

void fb_date_window(fb_date *first, fb_date *last)
{
	fb_date_parse(FB_DATE_FIRST, first, "", NULL);
	*last = fb_date_add(fb_today(), FB_DATE_AHEAD_DAYS);
}

void fb_time_window(char first[21], char last[21])
{
	snprintf(first, 21, "%sT00:00:00Z", FB_DATE_FIRST);
	char now[21];
	struct tm tm = {0};
	const char *end = strptime(fb_now_iso(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	time_t t = end && !*end ? timegm(&tm) : time(NULL);
	t += FB_CLOCK_SKEW_DAYS * 86400;
	gmtime_r(&t, &tm);
	strftime(last, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int fb_time_in_window(const char *iso)
{
	char now[21], first[21], last[21];
	if (strncmp(iso, FB_DATE_FIRST, 10) < 0)
		return 0;
	if (strcmp(iso, fb_now_iso(now)) <= 0)
		return 1;
	fb_time_window(first, last);
	return strcmp(iso, last) <= 0;
}
