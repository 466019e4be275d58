/* test_review.c - HQ's review of reports: what is refused, a decision
 * standing, a return while the group edits (the edit is the next revision,
 * nothing lost), the status a group and HQ read, the history in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/review.h"
#include "report_fixture.h"

/* Compile and submit W47 of group 1; its id. */
static int64_t submitted_w47(fixture *fx)
{
	fb_period p;
	fb_report r;
	fb_error err;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	int64_t id = r.id;
	fb_report_free(&r);
	assert_int_equal(fb_report_submit(fx->st, id, &err), FB_OK);
	return id;
}

/* HQ's person 4 reviews; the group's leader acts again afterwards. */
static fb_status review(fixture *fx, int64_t id, const char *d, const char *body, fb_error *err)
{
	fb_review v = {.report_id = id, .body = body, .reviewer_id = 4};
	snprintf(v.decision, sizeof v.decision, "%s", d);
	int64_t was = fb_store_actor(fx->st);
	fx_as(fx, 4);
	fb_status rc = fb_review_add(fx->st, &v, err);
	fx_as(fx, was);
	return rc;
}

static void test_refused(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_period p;
	fb_report r;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, 1, FB_REPORT_WEEKLY, &p, &r, &err), FB_OK);
	int64_t draft = r.id;
	fb_report_free(&r);
	assert_int_equal(review(fx, draft, "accepted", "", &err), FB_EINVAL);
	assert_string_equal(err.field, "report");
	assert_int_equal(fb_report_submit(fx->st, draft, &err), FB_OK);
	assert_int_equal(review(fx, draft, "returned", "　 ", &err), FB_EINVAL);
	assert_string_equal(err.field, "body");
	assert_int_equal(review(fx, draft, "comment", "", &err), FB_EINVAL);
	assert_int_equal(review(fx, draft, "approve", "", &err), FB_EINVAL);
	assert_string_equal(err.field, "decision");
	assert_int_equal(review(fx, 999, "read", "", &err), FB_EINVAL);
	assert_int_equal(review(fx, draft, "returned", "bad \xff byte", &err), FB_EINVAL);
	/* the group's leader may not review the group's own report */
	fb_review own = {.report_id = draft, .reviewer_id = fb_store_actor(fx->st)};
	snprintf(own.decision, sizeof own.decision, "accepted");
	assert_int_equal(fb_review_add(fx->st, &own, &err), FB_EPERM);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM report_reviews"), 0);
}

static void test_return_and_resubmit(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t id = submitted_w47(fx);
	fb_review_status s;
	assert_int_equal(fb_review_status_of(fx->st, id, &s, &err), FB_OK);
	assert_int_equal(s.state, FB_REVIEW_WAITING);
	assert_int_equal(review(fx, id, "read", "", &err), FB_OK);
	assert_int_equal(fb_review_status_of(fx->st, id, &s, &err), FB_OK);
	assert_int_equal(s.state, FB_REVIEW_READ);
	/* the group starts revising before HQ's return arrives */
	int64_t next = 0;
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_PROBLEMS, "补充", &next, &err),
	                 FB_OK);
	assert_true(next != id);
	assert_int_equal(review(fx, id, "returned", "请补充问题清单", &err), FB_OK);
	assert_int_equal(fb_review_status_of(fx->st, next, &s, &err), FB_OK);
	assert_int_equal(s.state, FB_REVIEW_RETURNED);
	assert_int_equal(s.revision_id, id);
	assert_string_equal(s.reason, "请补充问题清单");
	/* a decision stands; a comment can follow */
	assert_int_equal(review(fx, id, "accepted", "", &err), FB_ESTATE);
	assert_int_equal(review(fx, id, "comment", "补充后再报", &err), FB_OK);
	assert_int_equal(fb_review_status_of(fx->st, id, &s, &err), FB_OK);
	assert_int_equal(s.state, FB_REVIEW_RETURNED);
	/* the edit became the next revision, nothing lost: resubmitted, reviewed */
	assert_int_equal(fb_report_submit(fx->st, next, &err), FB_OK);
	assert_int_equal(review(fx, id, "accepted", "", &err), FB_ESTATE);
	assert_non_null(strstr(err.msg, "2"));
	assert_int_equal(fb_review_status_of(fx->st, id, &s, &err), FB_OK);
	assert_int_equal(s.state, FB_REVIEW_WAITING);
	assert_int_equal(s.revision_no, 2);
	assert_int_equal(review(fx, next, "accepted", "", &err), FB_OK);
	assert_int_equal(fb_review_status_of(fx->st, id, &s, &err), FB_OK);
	assert_int_equal(s.state, FB_REVIEW_ACCEPTED);
	/* the returned revision is as it was */
	fb_report old;
	assert_int_equal(fb_report_get(fx->st, id, &old, &err), FB_OK);
	assert_string_equal(old.status, "submitted");
	assert_null(strstr(old.sections[FB_SEC_PROBLEMS], "补充"));
	fb_report_free(&old);
}

typedef struct seen {
	char what[8][12];
	int rev[8];
	int n;
} seen;

static int collect(const fb_report_event *e, void *ctx)
{
	seen *s = ctx;
	if (s->n < 8) {
		snprintf(s->what[s->n], sizeof s->what[0], "%s", e->what);
		s->rev[s->n++] = e->revision_no;
	}
	return 0;
}

static void test_history(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t id = submitted_w47(fx);
	setenv("FIELDBOOK_NOW", "2026-11-22T11:00:00Z", 1);
	assert_int_equal(review(fx, id, "returned", "请补充", &err), FB_OK);
	setenv("FIELDBOOK_NOW", "2026-11-22T12:00:00Z", 1);
	int64_t next = 0;
	assert_int_equal(fb_report_set_section(fx->st, id, FB_SEC_WORK_DONE, "改", &next, &err),
	                 FB_OK);
	assert_int_equal(fb_report_submit(fx->st, next, &err), FB_OK);
	setenv("FIELDBOOK_NOW", "2026-11-22T13:00:00Z", 1);
	assert_int_equal(review(fx, next, "accepted", "", &err), FB_OK);
	seen s = {0};
	assert_int_equal(fb_report_history(fx->st, id, collect, &s, &err), FB_OK);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.what[0], "submitted");
	assert_int_equal(s.rev[0], 1);
	assert_string_equal(s.what[1], "returned");
	assert_string_equal(s.what[2], "submitted");
	assert_int_equal(s.rev[2], 2);
	assert_string_equal(s.what[3], "accepted");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refused, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_return_and_resubmit, rf_setup, rf_teardown),
		cmocka_unit_test_setup_teardown(test_history, rf_setup, rf_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
