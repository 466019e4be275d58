/* test_point.c - contact points, research topics and pairings (point.h):
 * add, edit, delete; validation refusals; who may; the history; the
 * liaison sealed at rest and kept out of the history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static int64_t add_unit(fixture *fx, const char *kind, const char *name)
{
	fb_unit u = {0};
	u.group_id = fx->group_id;
	snprintf(u.kind, sizeof u.kind, "%s", kind);
	u.name = (char *)name;
	fb_error err = {0};
	assert_int_equal(fb_unit_save(fx->st, &u, 0, NULL, &err), FB_OK);
	return u.id;
}

static fb_point point_of(int64_t unit)
{
	fb_point p = {0};
	p.unit_id = unit;
	snprintf(p.since, sizeof p.since, "2026-03-01");
	p.liaison_name = "陈静";
	p.liaison_phone = "13800001111";
	p.note = "镇总工会联系点";
	return p;
}

static void test_point_add_edit_delete(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t unit = add_unit(fx, "union", "桃源镇总工会");
	fx_as(fx, fx->leader_id);
	fb_point p = point_of(unit);
	assert_int_equal(fb_point_save(fx->st, &p, &err), FB_OK);
	assert_true(p.id > 0);
	assert_int_equal(p.group_id, fx->group_id);
	/* sealed at rest, opened for the key holder */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM contact_points WHERE "
	                                "liaison_name = '陈静' OR liaison_phone = '13800001111'"),
	                 0);
	fb_point got;
	assert_int_equal(fb_point_get(fx->st, p.id, &got, &err), FB_OK);
	assert_string_equal(got.liaison_name, "陈静");
	assert_string_equal(got.liaison_phone, "13800001111");
	assert_string_equal(got.unit_name, "桃源镇总工会");
	/* edit: one history entry for the note, none for the liaison */
	free(got.note);
	got.note = strdup("改为长期联系点");
	free(got.liaison_name);
	got.liaison_name = strdup("陈静华");
	assert_int_equal(fb_point_save(fx->st, &got, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl = "
	                                "'contact_points' AND op = 'insert'"),
	                 1);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl = "
	                                "'contact_points' AND field = 'note' AND new_value = "
	                                "'改为长期联系点'"),
	                 1);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl = "
	                                "'contact_points' AND field LIKE 'liaison%'"),
	                 0);
	fb_point_free(&got);
	fb_point_row rows[4];
	assert_int_equal(fb_point_page(fx->st, fx->group_id, FB_PAGE_FIRST, NULL, rows, 4, &err), 1);
	assert_string_equal(rows[0].unit, "桃源镇总工会");
	/* one point per unit */
	fb_point again = point_of(unit);
	assert_int_equal(fb_point_save(fx->st, &again, &err), FB_ESTATE);
	/* delete: a tombstone, with its history */
	assert_int_equal(fb_point_delete(fx->st, p.id, &err), FB_OK);
	assert_int_equal(fb_point_get(fx->st, p.id, &got, &err), FB_ENOTFOUND);
	assert_int_equal(fx_int(fx->st, "SELECT deleted FROM contact_points"), 1);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl = "
	                                "'contact_points' AND op = 'delete'"),
	                 1);
	assert_int_equal(fb_point_delete(fx->st, p.id, &err), FB_ENOTFOUND);
}

static void test_point_refusals(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t unit = add_unit(fx, "union", "桃源镇总工会");
	fx_as(fx, fx->leader_id);
	long long before = fx_int(fx->st, "SELECT count(*) FROM history");
	fb_point p = point_of(unit);
	snprintf(p.since, sizeof p.since, "2027-06-01"); /* ahead of the fixed today */
	assert_int_equal(fb_point_save(fx->st, &p, &err), FB_EINVAL);
	assert_string_equal(err.field, "since");
	p = point_of(unit);
	p.since[0] = 0;
	assert_int_equal(fb_point_save(fx->st, &p, &err), FB_EINVAL);
	assert_string_equal(err.field, "since");
	p = point_of(unit);
	p.liaison_name = "一二三四五六七八九十一二三四五六七"; /* 17 > 16 */
	assert_int_equal(fb_point_save(fx->st, &p, &err), FB_EINVAL);
	assert_string_equal(err.field, "liaison_name");
	p = point_of(unit);
	p.liaison_phone = "1380000abcd";
	assert_int_equal(fb_point_save(fx->st, &p, &err), FB_EINVAL);
	assert_string_equal(err.field, "liaison_phone");
	p = point_of(9999);
	assert_int_equal(fb_point_save(fx->st, &p, &err), FB_EINVAL);
	assert_string_equal(err.field, "unit");
	p = point_of(unit);
	p.leader_id = fx->member_id; /* not HQ staff */
	assert_int_equal(fb_point_save(fx->st, &p, &err), FB_EINVAL);
	assert_string_equal(err.field, "leader");
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM contact_points"), 0);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history"), before);
}

static void test_permissions(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t unit = add_unit(fx, "union", "桃源镇总工会");
	/* a member may not write a contact point, the leader and HQ may */
	fx_as(fx, fx->member_id);
	fb_point p = point_of(unit);
	assert_int_equal(fb_point_save(fx->st, &p, &err), FB_EPERM);
	fx_as(fx, fx->leader_id);
	assert_int_equal(fb_point_save(fx->st, &p, &err), FB_OK);
	fx_as(fx, fx->member_id);
	assert_int_equal(fb_point_delete(fx->st, p.id, &err), FB_EPERM);
	/* topics: only HQ */
	fb_topic t = {.year = 2026, .title = "新就业形态劳动者入会", .description = ""};
	fx_as(fx, fx->leader_id);
	assert_int_equal(fb_topic_save(fx->st, &t, &err), FB_EPERM);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM research_topics"), 0);
	int64_t hq = fx_hq(fx);
	assert_int_equal(fb_topic_save(fx->st, &t, &err), FB_OK);
	assert_int_equal(t.published_by, hq);
	/* the leader takes it up for their point; a member may not */
	fx_as(fx, fx->member_id);
	assert_int_equal(fb_point_take_topic(fx->st, p.id, t.id, &err), FB_EPERM);
	fx_as(fx, fx->leader_id);
	assert_int_equal(fb_point_take_topic(fx->st, p.id, t.id, &err), FB_OK);
	assert_int_equal(fb_point_take_topic(fx->st, p.id, t.id, &err), FB_ESTATE);
	assert_int_equal(fb_point_take_topic(fx->st, p.id, 999, &err), FB_EINVAL);
	/* pairings: only HQ, with an HQ leader */
	fb_pairing pr = {.leader_id = hq, .unit_id = unit, .since = "2026-01-05", .note = ""};
	assert_int_equal(fb_pairing_save(fx->st, &pr, &err), FB_EPERM);
	fx_as(fx, hq);
	fb_pairing bad = pr;
	bad.leader_id = fx->leader_id;
	assert_int_equal(fb_pairing_save(fx->st, &bad, &err), FB_EINVAL);
	assert_string_equal(err.field, "leader");
	assert_int_equal(fb_pairing_save(fx->st, &pr, &err), FB_OK);
	fb_pairing_visit v = {.pairing_id = pr.id, .date = "2026-03-10", .note = ""};
	assert_int_equal(fb_pairing_visit_add(fx->st, &v, &err), FB_OK);
	fb_pairing_visit v2 = {.pairing_id = pr.id, .date = "2026-09-10", .mode = "wechat"};
	assert_int_equal(fb_pairing_visit_add(fx->st, &v2, &err), FB_OK);
	fb_pairing_visit v3 = {.pairing_id = pr.id, .date = "2026-09-11", .mode = "letter"};
	assert_int_equal(fb_pairing_visit_add(fx->st, &v3, &err), FB_EINVAL);
	assert_string_equal(err.field, "mode");
	fb_pairing_visit v4 = {.pairing_id = 4242, .date = "2026-09-11"};
	assert_int_equal(fb_pairing_visit_add(fx->st, &v4, &err), FB_ENOTFOUND);
	fx_as(fx, fx->leader_id);
	fb_pairing_visit v5 = {.pairing_id = pr.id, .date = "2026-10-11"};
	assert_int_equal(fb_pairing_visit_add(fx->st, &v5, &err), FB_EPERM);
	fb_pairing_row rows[2];
	assert_int_equal(fb_pairing_page(fx->st, 2026, FB_PAGE_FIRST, NULL, rows, 2, &err), 1);
	assert_int_equal(rows[0].visits_year, 2);
	assert_int_equal(fb_pairing_page(fx->st, 2025, FB_PAGE_FIRST, NULL, rows, 2, &err), 1);
	assert_int_equal(rows[0].visits_year, 0);
	/* every change is history */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl IN "
	                                "('research_topics', 'point_topics', 'pairings', "
	                                "'pairing_visits') AND op = 'insert'"),
	                 5);
}

static void test_topic_edit_and_limits(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fx_hq(fx);
	fb_topic t = {.year = 1999, .title = "x", .description = ""};
	assert_int_equal(fb_topic_save(fx->st, &t, &err), FB_EINVAL);
	assert_string_equal(err.field, "year");
	t.year = 2026;
	t.title = "";
	assert_int_equal(fb_topic_save(fx->st, &t, &err), FB_EINVAL);
	assert_string_equal(err.field, "title");
	t.title = "两行\n题目";
	assert_int_equal(fb_topic_save(fx->st, &t, &err), FB_EINVAL);
	t.title = "产业工人队伍建设改革";
	assert_int_equal(fb_topic_save(fx->st, &t, &err), FB_OK);
	fb_topic got;
	assert_int_equal(fb_topic_get(fx->st, t.id, &got, &err), FB_OK);
	free(got.title);
	got.title = strdup("产业工人队伍建设改革调研");
	assert_int_equal(fb_topic_save(fx->st, &got, &err), FB_OK);
	fb_topic_free(&got);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE tbl = "
	                                "'research_topics' AND field = 'title'"),
	                 1);
	fb_topic_row rows[2];
	assert_int_equal(fb_topic_page(fx->st, 2026, FB_PAGE_FIRST, NULL, rows, 2, &err), 1);
	assert_string_equal(rows[0].title, "产业工人队伍建设改革调研");
	assert_int_equal(fb_topic_page(fx->st, 2025, FB_PAGE_FIRST, NULL, rows, 2, &err), 0);
	fb_topic none = {.id = 77, .year = 2026, .title = "x"};
	assert_int_equal(fb_topic_save(fx->st, &none, &err), FB_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_point_add_edit_delete, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_point_refusals, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_permissions, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_topic_edit_and_limits, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
