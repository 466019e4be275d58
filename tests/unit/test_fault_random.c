/* test_fault_random.c - a system that gives no random numbers (getrandom
 * refused, /dev/urandom missing: a sandbox, a broken chroot). Every record
 * id, the device id of a new database and a bundle's id come from there:
 * each write then fails with an error that says so, and nothing is
 * written - never a record with an empty id. getrandom and open are
 * wrapped at link time (-Wl,--wrap, tests/CMakeLists.txt); they pass
 * through until no_random is set. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "sync.h"
#include "testutil.h"

static int no_random;

ssize_t __real_getrandom(void *buf, size_t n, unsigned flags);
ssize_t __wrap_getrandom(void *buf, size_t n, unsigned flags);
ssize_t __wrap_getrandom(void *buf, size_t n, unsigned flags)
{
	if (no_random) {
		errno = EPERM; /* as a seccomp filter answers */
		return -1;
	}
	return __real_getrandom(buf, n, flags);
}

int __real_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if (no_random && !strcmp(path, "/dev/urandom")) {
		errno = ENOENT;
		return -1;
	}
	return __real_open(path, flags, mode);
}

#define setup fx_setup
#define teardown fx_teardown

static void test_uuid_says_why(void **state)
{
	(void)state;
	char u[37] = "x";
	fb_error err = {0};
	no_random = 1;
	assert_int_equal(fb_uuid_random(u, &err), FB_EIO);
	no_random = 0;
	assert_string_equal(u, "");
	assert_non_null(strstr(err.msg, "random numbers"));
	assert_int_equal(fb_uuid_random(u, &err), FB_OK);
	assert_true(fb_uuid_valid(u));
}

static void test_writes_fail_unchanged(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	unsigned long before = fx_file_hash(fx->path);
	long long logs = fx_int(fx->st, "SELECT count(*) FROM logs");
	fb_log l = fx_log(fx, "2026-11-20", "走访企业。");
	no_random = 1;
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_EIO);
	assert_non_null(strstr(err.msg, "random numbers"));
	fb_ticket t = {.opened_by = fx->member_id,
	               .opened_on = "2026-11-20",
	               .title = "标题",
	               .description = "问题",
	               .category = "wage_arrears",
	               .routing = "county_union"};
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_EIO);
	/* a bundle needs an id of its own: no file is left */
	char path[256];
	snprintf(path, sizeof path, "%s/out.zip", fx->dir);
	fb_export_opts o = {0};
	fb_sync_summary sum;
	assert_int_equal(fb_bundle_export(fx->st, path, &o, &sum, &err), FB_EIO);
	assert_non_null(strstr(err.msg, "random numbers"));
	no_random = 0;
	struct stat sb;
	assert_int_not_equal(stat(path, &sb), 0);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM logs"), logs);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM logs WHERE uuid = ''"), 0);
	assert_true(fx_file_hash(fx->path) == before);
	/* and with random numbers back, the same writes go through */
	assert_int_equal(fb_log_insert(fx->st, &l, &err), FB_OK);
	assert_true(fb_uuid_valid(l.uuid));
}

static void test_new_database_needs_a_device_id(void **state)
{
	fixture *fx = *state;
	char path[256];
	snprintf(path, sizeof path, "%s/new.db", fx->dir);
	fb_store *st = NULL;
	fb_error err = {0};
	no_random = 1;
	assert_int_equal(fb_store_open(path, FB_OPEN_CREATE, &st, &err), FB_EIO);
	no_random = 0;
	assert_null(st);
	assert_non_null(strstr(err.msg, "random numbers"));
	struct stat sb;
	assert_int_not_equal(stat(path, &sb), 0); /* a failed first open leaves no file */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uuid_says_why),
		cmocka_unit_test_setup_teardown(test_writes_fail_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_database_needs_a_device_id, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
