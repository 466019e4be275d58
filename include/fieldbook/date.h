/* date.h - calendar dates (YYYY-MM-DD), ISO weeks, today. */
#ifndef FIELDBOOK_DATE_H
#define FIELDBOOK_DATE_H

#include <stddef.h>
#include "fieldbook/error.h"

typedef struct fb_date { int y, m, d; } fb_date;

/* Parse "2026-11-22", "2026/11/22", "2026年11月22日", "today", "yesterday",
 * "今天", "昨天". Returns FB_EINVAL (naming `field`) for anything else,
 * including dates that do not exist (2026-02-30). */
fb_status fb_date_parse(const char *s, fb_date *out, const char *field, fb_error *err);
/* Writes "YYYY-MM-DD" (11 bytes). */
char *fb_date_format(fb_date d, char out[11]);
int fb_date_valid(fb_date d);
/* Days since 1970-01-01 and back. */
long fb_date_to_days(fb_date d);
fb_date fb_date_from_days(long days);
fb_date fb_date_add(fb_date d, long days);
/* 0 = Monday ... 6 = Sunday. */
int fb_date_weekday(fb_date d);
/* ISO 8601 week: year and week number. */
void fb_date_iso_week(fb_date d, int *year, int *week);
/* Monday of ISO week (year, week); fails if the week does not exist. */
fb_status fb_iso_week_monday(int year, int week, fb_date *monday, fb_error *err);
/* Parse "2026-W47" into its Monday. */
fb_status fb_iso_week_parse(const char *s, fb_date *monday, fb_error *err);
/* Today in local time, or $FIELDBOOK_TODAY (YYYY-MM-DD) when set: tests fix
 * the clock with it. */
fb_date fb_today(void);
/* Current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC), honouring $FIELDBOOK_NOW. */
char *fb_now_iso(char out[21]);
/* Parse a local date and time typed by the user: any date fb_date_parse
 * takes, optionally followed by " HH:MM" or "THH:MM" (seconds allowed);
 * a date alone means 12:00 that day. Writes it as UTC
 * "YYYY-MM-DDTHH:MM:SSZ" (21 bytes). FB_EINVAL naming `field` otherwise. */
fb_status fb_datetime_parse(const char *s, char out[21], const char *field, fb_error *err);
/* The one UTC -> local time conversion: a UTC "YYYY-MM-DDTHH:MM:SSZ" in
 * local time as "YYYY-MM-DD HH:MM" (17 bytes with the NUL), or just
 * "YYYY-MM-DD" when with_time is 0 (11). Anything else is copied as it is
 * (as much as fits). Writes at most size - 1 bytes; returns out. */
char *fb_local_time(const char *iso, int with_time, char *out, size_t size);

/* The window of dates and times a record may carry, whichever way it comes
 * in (typed, imported): the limits of fieldbook/limits.h (FB_DATE_FIRST,
 * FB_DATE_AHEAD_DAYS, FB_CLOCK_SKEW_DAYS), in the forms the importer wants. */
/* The first and last date of the window (today moves: ask once per batch). */
void fb_date_window(fb_date *first, fb_date *last);
/* The first and last time of the window as "YYYY-MM-DDTHH:MM:SSZ". */
void fb_time_window(char first[21], char last[21]);
/* 1 if the UTC time iso ("YYYY-MM-DDTHH:MM:SSZ") lies in the window (cheap
 * for the common case, a time before now). */
int fb_time_in_window(const char *iso);

#endif
