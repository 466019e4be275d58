/* date.c - civil dates, ISO weeks and the (overridable) clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fieldbook/date.h"
#include "fieldbook/i18n.h"

/* 1 if y is a leap year in the Gregorian calendar. */
static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1-12) of year y. */
static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : dm[m - 1];
}

int fb_date_valid(fb_date d)
{
	return d.y >= 1900 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	       d.d <= days_in_month(d.y, d.m);
}

/* Howard Hinnant's days_from_civil. */
long fb_date_to_days(fb_date d)
{
	long y = d.y - (d.m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

fb_date fb_date_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp + (mp < 10 ? 3 : -9);
	fb_date r = {(int)(y + (m <= 2)), (int)m, (int)d};
	return r;
}

fb_date fb_date_add(fb_date d, long days)
{
	return fb_date_from_days(fb_date_to_days(d) + days);
}

int fb_date_weekday(fb_date d)
{
	long z = fb_date_to_days(d); /* 1970-01-01 was a Thursday (3) */
	return (int)(((z % 7) + 7 + 3) % 7);
}

void fb_date_iso_week(fb_date d, int *year, int *week)
{
	/* The ISO year of d is the year of the Thursday in d's week. */
	long z = fb_date_to_days(d);
	long thursday = z - fb_date_weekday(d) + 3;
	fb_date th = fb_date_from_days(thursday);
	fb_date jan1 = {th.y, 1, 1};
	*year = th.y;
	*week = (int)((thursday - fb_date_to_days(jan1)) / 7 + 1);
}

fb_status fb_iso_week_monday(int year, int week, fb_date *monday, fb_error *err)
{
	fb_date jan4 = {year, 1, 4};
	if (year < 1900 || year > 9999 || week < 1 || week > 53)
		return fb_error_set(err, FB_EINVAL, "week", _("%d-W%02d is not a week"), year, week);
	long mon1 = fb_date_to_days(jan4) - fb_date_weekday(jan4);
	fb_date m = fb_date_from_days(mon1 + 7L * (week - 1));
	int y, w;
	fb_date_iso_week(m, &y, &w);
	if (y != year || w != week)
		return fb_error_set(err, FB_EINVAL, "week", _("%d has no week %d"), year, week);
	*monday = m;
	return FB_OK;
}

fb_status fb_iso_week_parse(const char *s, fb_date *monday, fb_error *err)
{
	int y, w, n = 0;
	if (!s || sscanf(s, "%4d-W%2d%n", &y, &w, &n) != 2 || s[n] != '\0')
		return fb_error_set(err, FB_EINVAL, "week",
		                    _("'%s' is not a week; write it like 2026-W47"), s ? s : "");
	return fb_iso_week_monday(y, w, monday, err);
}

char *fb_date_format(fb_date d, char out[11])
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
	         (unsigned)d.d % 100u);
	return out;
}

/* Read up to maxdigits decimal digits at *p into *out, moving *p; returns how many. */
static int parse_num(const char **p, int maxdigits, int *out)
{
	int v = 0, n = 0;
	while (n < maxdigits && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	*out = v;
	return n;
}

fb_status fb_date_parse(const char *s, fb_date *out, const char *field, fb_error *err)
{
	if (!s || !*s)
		return fb_error_set(err, FB_EINVAL, field, _("a date is required (YYYY-MM-DD)"));
	if (!strcmp(s, "today") || !strcmp(s, "今天")) {
		*out = fb_today();
		return FB_OK;
	}
	if (!strcmp(s, "yesterday") || !strcmp(s, "昨天")) {
		*out = fb_date_add(fb_today(), -1);
		return FB_OK;
	}
	const char *p = s;
	fb_date d;
	int ok = parse_num(&p, 4, &d.y) == 4;
	int cjk = 0;
	if (ok && (*p == '-' || *p == '/'))
		p++;
	else if (ok && !strncmp(p, "年", 3))
		p += 3, cjk = 1;
	else
		ok = 0;
	ok = ok && parse_num(&p, 2, &d.m) >= 1;
	if (ok && !cjk && (*p == '-' || *p == '/'))
		p++;
	else if (ok && cjk && !strncmp(p, "月", 3))
		p += 3;
	else
		ok = 0;
	ok = ok && parse_num(&p, 2, &d.d) >= 1;
	if (ok && cjk && !strncmp(p, "日", 3))
		p += 3;
	if (!ok || *p != '\0')
		return fb_error_set(err, FB_EINVAL, field,
		                    _("'%s' is not a date; write it like 2026-11-22"), s);
	if (!fb_date_valid(d))
		return fb_error_set(err, FB_EINVAL, field, _("%s does not exist in the calendar"), s);
	*out = d;
	return FB_OK;
}

fb_date fb_today(void)
{
	const char *env = getenv("FIELDBOOK_TODAY");
	fb_date d;
	if (env && env[0] >= '0' && env[0] <= '9' && fb_date_parse(env, &d, "FIELDBOOK_TODAY", NULL) == FB_OK)
		return d;
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

char *fb_now_iso(char out[21])
{
	const char *env = getenv("FIELDBOOK_NOW");
	if (env && strlen(env) == 20) {
		memcpy(out, env, 21);
		return out;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

fb_status fb_datetime_parse(const char *s, char out[21], const char *field, fb_error *err)
{
	char day[64];
	const char *sep = s ? strpbrk(s, " T") : NULL;
	int h = 12, mi = 0, sec = 0, n = 0;
	if (sep && (size_t)(sep - s) < sizeof day) {
		memcpy(day, s, (size_t)(sep - s));
		day[sep - s] = '\0';
		if ((sscanf(sep + 1, "%2d:%2d%n:%2d%n", &h, &mi, &n, &sec, &n) < 2) ||
		    sep[1 + n] != '\0' || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 ||
		    sec > 59 || sep[1] < '0' || sep[1] > '9')
			return fb_error_set(err, FB_EINVAL, field,
			                    _("'%s' is not a date and time; write it like "
			                      "2026-11-22 15:30"), s);
	} else {
		snprintf(day, sizeof day, "%s", s ? s : "");
	}
	fb_date d;
	fb_status rc = fb_date_parse(day, &d, field, err);
	if (rc)
		return rc;
	struct tm tm = {.tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d, .tm_hour = h,
	                .tm_min = mi, .tm_sec = sec, .tm_isdst = -1};
	time_t t = mktime(&tm);
	if (t == (time_t)-1 || !gmtime_r(&t, &tm))
		return fb_error_set(err, FB_EINVAL, field, _("'%s' is not a date and time; write it "
		                                             "like 2026-11-22 15:30"), s);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return FB_OK;
}

char *fb_local_time(const char *iso, int with_time, char *out, size_t size)
{
	struct tm tm = {0};
	const char *end = iso ? strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) : NULL;
	if (!size)
		return out;
	time_t t = end && !*end ? timegm(&tm) : (time_t)-1;
	if (t == (time_t)-1 || !localtime_r(&t, &tm) ||
	    !strftime(out, size, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm))
		snprintf(out, size, "%s", iso ? iso : "");
	return out;
}
