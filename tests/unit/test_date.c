/* test_date.c - calendar dates and ISO weeks. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

static void test_parse(void **state)
{
	(void)state;
	fb_date d;
	char out[11];
	fb_error err = {0};
	assert_int_equal(fb_date_parse("2026-11-22", &d, "date", &err), FB_OK);
	assert_string_equal(fb_date_format(d, out), "2026-11-22");
	assert_int_equal(fb_date_parse("2026年11月2日", &d, "date", &err), FB_OK);
	assert_string_equal(fb_date_format(d, out), "2026-11-02");
	assert_int_equal(fb_date_parse("2026/1/5", &d, "date", &err), FB_OK);
	assert_string_equal(fb_date_format(d, out), "2026-01-05");
	assert_int_equal(fb_date_parse("2024-02-29", &d, "date", &err), FB_OK);
	setenv("FIELDBOOK_TODAY", "2026-11-22", 1);
	assert_int_equal(fb_date_parse("今天", &d, "date", &err), FB_OK);
	assert_string_equal(fb_date_format(d, out), "2026-11-22");
	assert_int_equal(fb_date_parse("yesterday", &d, "date", &err), FB_OK);
	assert_string_equal(fb_date_format(d, out), "2026-11-21");

	const char *bad[] = {"2026-02-30", "2100-02-29", "2026-13-01", "2026-00-10", "2026-11-31",
	                     "26-11-22", "2026-11-22x", "", "2026年11月", "abc", "2026-1-"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fb_error_clear(&err);
		assert_int_equal(fb_date_parse(bad[i], &d, "date", &err), FB_EINVAL);
		assert_string_equal(err.field, "date");
		assert_true(strlen(err.msg) > 0);
	}
}

static void test_days_and_weekdays(void **state)
{
	(void)state;
	fb_date d = {1970, 1, 1};
	assert_int_equal(fb_date_to_days(d), 0);
	assert_int_equal(fb_date_weekday(d), 3); /* Thursday */
	fb_date s = {2026, 11, 22};
	assert_int_equal(fb_date_weekday(s), 6); /* Sunday */
	for (long z = -800000; z < 800000; z += 997) {
		fb_date x = fb_date_from_days(z);
		assert_true(fb_date_valid(x) || x.y < 1900);
		assert_int_equal(fb_date_to_days(x), z);
	}
	fb_date e = fb_date_add((fb_date){2026, 12, 31}, 1);
	assert_int_equal(e.y, 2027);
	assert_int_equal(e.m, 1);
	assert_int_equal(e.d, 1);
}

static void test_iso_weeks(void **state)
{
	(void)state;
	int y, w;
	fb_date_iso_week((fb_date){2026, 11, 22}, &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 47);
	fb_date_iso_week((fb_date){2026, 12, 31}, &y, &w); /* Thursday: 2026 has 53 weeks */
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	fb_date_iso_week((fb_date){2027, 1, 3}, &y, &w);    /* Sunday: still 2026-W53 */
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	fb_date_iso_week((fb_date){2027, 1, 4}, &y, &w);
	assert_int_equal(y, 2027);
	assert_int_equal(w, 1);
	fb_date_iso_week((fb_date){2024, 12, 30}, &y, &w);  /* Monday: 2025-W01 */
	assert_int_equal(y, 2025);
	assert_int_equal(w, 1);

	fb_date m;
	fb_error err = {0};
	assert_int_equal(fb_iso_week_parse("2026-W47", &m, &err), FB_OK);
	assert_int_equal(m.m, 11);
	assert_int_equal(m.d, 16);
	assert_int_equal(fb_iso_week_parse("2026-W53", &m, &err), FB_OK);
	assert_int_equal(m.d, 28);
	assert_int_equal(fb_iso_week_parse("2027-W53", &m, &err), FB_EINVAL); /* 2027 has 52 */
	assert_int_equal(fb_iso_week_parse("2026-47", &m, &err), FB_EINVAL);
	assert_int_equal(fb_iso_week_parse("2026-W00", &m, &err), FB_EINVAL);
}

/* The one UTC -> local time function (the CLI and the TUI both use it). */
static void test_local_time(void **state)
{
	(void)state;
	char out[32], small[11];
	setenv("TZ", "CST-8", 1); /* China time, POSIX form: no tzdata needed */
	tzset();
	assert_string_equal(fb_local_time("2026-11-22T08:30:00Z", 1, out, sizeof out),
	                    "2026-11-22 16:30");
	assert_string_equal(fb_local_time("2026-11-22T20:05:00Z", 1, out, sizeof out),
	                    "2026-11-23 04:05");
	assert_string_equal(fb_local_time("2026-11-22T20:05:00Z", 0, small, sizeof small),
	                    "2026-11-23");
	assert_string_equal(fb_local_time("garbage", 1, out, sizeof out), "garbage");
	assert_string_equal(fb_local_time("2026-11-22T08:30:00", 1, out, sizeof out),
	                    "2026-11-22T08:30:00"); /* no zone: not converted */
	assert_string_equal(fb_local_time(NULL, 1, out, sizeof out), "");
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_days_and_weekdays),
		cmocka_unit_test(test_iso_weeks),
		cmocka_unit_test(test_local_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
