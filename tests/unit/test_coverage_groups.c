/* test_coverage_groups.c - every group's coverage at once (HQ's view) is
 * each group's own coverage: the whole stay and a period, deleted groups
 * left out, bad dates refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/coverage.h"
#include "fieldbook/demo.h"
#include "sqlstore.h"
#include "testutil.h"

typedef struct seen {
	int n;
	int64_t id[16];
	fb_coverage cov[16];
} seen;

static int collect(int64_t id, const char *name, const fb_coverage *cov, void *ctx)
{
	seen *s = ctx;
	assert_non_null(name);
	assert_true(name[0]);
	assert_true(s->n < 16);
	s->id[s->n] = id;
	s->cov[s->n++] = *cov;
	return 0;
}

#define SAME(field) assert_int_equal(a->field, b->field)
static void same(const fb_coverage *a, const fb_coverage *b)
{
	SAME(units), SAME(enterprises), SAME(unions), SAME(households), SAME(communities);
	SAME(enterprise_kinds), SAME(workers), SAME(worker_kinds), SAME(head_count);
	SAME(contact_days), SAME(sheets), SAME(logs);
	SAME(t_enterprises), SAME(t_workers), SAME(t_households), SAME(t_contact_days);
	SAME(t_contact_units);
}

/* Every group of the store against fb_coverage_get over [from, to]. */
static void check_period(fb_store *st, const char *from, const char *to, int groups)
{
	seen s = {0};
	fb_error err = {0};
	assert_int_equal(fb_coverage_groups(st, from, to, collect, &s, &err), FB_OK);
	assert_int_equal(s.n, groups);
	for (int i = 0; i < s.n; i++) {
		fb_coverage one;
		fb_coverage_filter f = {.group_id = s.id[i], .from = from, .to = to};
		assert_int_equal(fb_coverage_get(st, &f, &one, &err), FB_OK);
		same(&s.cov[i], &one);
		if (i > 0)
			assert_true(s.id[i] > s.id[i - 1]);
	}
}

static int stop_at_first(int64_t id, const char *name, const fb_coverage *cov, void *ctx)
{
	(void)id, (void)name, (void)cov;
	++*(int *)ctx;
	return 1;
}

static void test_each_group_is_its_own(void **state)
{
	(void)state;
	fixture *fx = fx_new_empty();
	fb_error err = {0};
	fb_demo_opts o = {.logs = 3000, .groups = 3, .seed = 5, .end_on = "2026-11-20"};
	assert_int_equal(fb_demo_generate(fx->st, &o, &err), FB_OK);
	check_period(fx->st, NULL, NULL, 3);
	check_period(fx->st, "2026-10-01", "2026-10-31", 3);
	check_period(fx->st, "2026-11-20", "2026-11-20", 3);
	/* the figures are not all zero (the comparison would then prove nothing) */
	seen s = {0};
	assert_int_equal(fb_coverage_groups(fx->st, NULL, NULL, collect, &s, &err), FB_OK);
	for (int i = 0; i < s.n; i++) {
		assert_true(s.cov[i].units > 0);
		assert_true(s.cov[i].workers > 0);
		assert_true(s.cov[i].contact_days > 0);
	}
	/* the callback stops the walk */
	int calls = 0;
	assert_int_equal(fb_coverage_groups(fx->st, NULL, NULL, stop_at_first, &calls, &err), FB_OK);
	assert_int_equal(calls, 1);
	/* a deleted group is left out */
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st),
	                              "UPDATE work_groups SET deleted = 1 WHERE id = "
	                              "(SELECT min(id) FROM work_groups)",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	check_period(fx->st, NULL, NULL, 2);
	fx_free(fx);
}

static void test_bad_dates(void **state)
{
	(void)state;
	fixture *fx = fx_new();
	seen s = {0};
	fb_error err = {0};
	assert_int_equal(fb_coverage_groups(fx->st, "2026-13-01", NULL, collect, &s, &err),
	                 FB_EINVAL);
	assert_string_equal(err.field, "from");
	assert_int_equal(fb_coverage_groups(fx->st, NULL, "2026-02-30", collect, &s, &err),
	                 FB_EINVAL);
	assert_string_equal(err.field, "to");
	assert_int_equal(s.n, 0);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_group_is_its_own),
		cmocka_unit_test(test_bad_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
