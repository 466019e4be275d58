/* test_seal.c - personal data sealed at rest (fieldbook/seal.h): values
 * sealed and opened, the key's life through sign-ins (first key, pending
 * grants, password change, reset), legacy plain values sealed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/auth.h"
#include "fieldbook/seal.h"
#include "fieldbook/worker.h"
#include "internal.h"
#include "sqlstore.h"
#include "testutil.h"

#define LEADER_PW "leader-pass-1"
#define MEMBER_PW "member-pass-1"

static char *sealed_of(fb_store *st, const char *col, const char *plain)
{
	char *out = NULL;
	fb_error err = {0};
	assert_int_equal(fb_seal_text(st, col, "f", plain, &out, &err), FB_OK);
	return out;
}

static void test_round_trip(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	char *a = sealed_of(fx->st, "workers.name", "王芳");
	char *b = sealed_of(fx->st, "workers.name", "王芳");
	char *c = sealed_of(fx->st, "workers.name", "王芳芳");
	char *d = sealed_of(fx->st, "workers.phone", "王芳");
	assert_true(fb_seal_is_value(a));
	assert_null(strstr(a, "王芳"));
	assert_string_equal(a, b); /* deterministic: SQL equality still finds them */
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d); /* the column is in the nonce and the AD */
	char *plain = NULL;
	assert_int_equal(fb_seal_open_text(fx->st, "workers.name", a, &plain, &err), FB_OK);
	assert_string_equal(plain, "王芳");
	free(plain);
	/* moved to another column it does not open */
	assert_int_equal(fb_seal_open_text(fx->st, "workers.phone", a, &plain, &err), FB_EINVAL);
	assert_null(plain);
	/* one character changed does not open */
	size_t n = strlen(a);
	a[n - 3] = a[n - 3] == 'A' ? 'B' : 'A';
	assert_int_equal(fb_seal_open_text(fx->st, "workers.name", a, &plain, &err), FB_EINVAL);
	/* empty stays empty; legacy plain text reads as it is */
	char *e = sealed_of(fx->st, "workers.name", "");
	assert_string_equal(e, "");
	assert_int_equal(fb_seal_open_text(fx->st, "workers.name", "李四", &plain, &err), FB_OK);
	assert_string_equal(plain, "李四");
	free(plain);
	/* another database's key does not open it */
	fixture *other = fx_new();
	assert_int_equal(fb_seal_open_text(other->st, "workers.name", b, &plain, &err), FB_EINVAL);
	char *theirs = sealed_of(other->st, "workers.name", "王芳");
	assert_string_not_equal(theirs, b);
	fx_free(other);
	/* a value that looks sealed is refused as plain text */
	assert_int_equal(fb_seal_text(fx->st, "workers.name", "name", "fb1:xyz", &plain, &err),
	                 FB_EINVAL);
	free(a), free(b), free(c), free(d), free(e), free(theirs);
}

static int64_t add_worker(fixture *fx, const char *name, const char *phone)
{
	fb_error err = {0};
	fb_worker w = {.group_id = fx->group_id, .name = (char *)name, .phone = (char *)phone};
	assert_int_equal(fb_worker_save(fx->st, &w, 0, NULL, &err), FB_OK);
	return w.id;
}

/* What fb_worker_get shows as the worker's name now. */
static void expect_name(fixture *fx, int64_t id, const char *want)
{
	fb_error err = {0};
	fb_worker w;
	assert_int_equal(fb_worker_get(fx->st, id, &w, &err), FB_OK);
	assert_string_equal(w.name, want);
	fb_worker_free(&w);
}

static void test_no_key(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t id = add_worker(fx, "王芳", "13812348000");
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM workers WHERE name = '王芳' OR "
	                                "phone LIKE '%8000%'"),
	                 0);
	/* the same person met again is found over the ciphertext */
	fb_worker again = {.group_id = fx->group_id, .name = "王芳芳", .phone = "13812348000"};
	int64_t other = 0;
	assert_int_equal(fb_worker_save(fx->st, &again, 0, &other, &err), FB_EINVAL);
	assert_int_equal(other, id);
	/* the list filters on the opened name, and masks the phone */
	fb_worker_filter f = {.text = "芳"};
	fb_worker_row rows[4];
	assert_int_equal(fb_worker_page(fx->st, &f, FB_PAGE_FIRST, NULL, rows, 4, &err), 1);
	assert_string_equal(rows[0].name, "王芳");
	assert_string_equal(rows[0].phone, "138****8000");
	fb_seal_forget(fx->st);
	expect_name(fx, id, fb_seal_placeholder());
	assert_int_equal(fb_worker_page(fx->st, NULL, FB_PAGE_FIRST, NULL, rows, 4, &err), 1);
	assert_string_equal(rows[0].name, fb_seal_placeholder());
	assert_string_equal(rows[0].phone, fb_seal_placeholder());
	assert_int_equal(fb_worker_page(fx->st, &f, FB_PAGE_FIRST, NULL, rows, 4, &err), 0);
	fb_worker w = {.group_id = fx->group_id, .name = "张三"};
	assert_int_equal(fb_worker_save(fx->st, &w, 0, NULL, &err), FB_EPERM);
	assert_string_equal(err.field, "name");
}

/* A database set up as init does: the leader with a password. */
static void setup_real(fixture *fx, int64_t *leader, int64_t *member)
{
	fb_error err = {0};
	fb_group g = {
		.name = "第二工作组", .station = "桃源镇", .county = "东湖区", .supervisor = "周明"};
	assert_int_equal(fb_group_save(fx->st, &g, &err), FB_OK);
	fx->group_id = g.id;
	fb_person p = {.group_id = g.id, .name = "李习", .role = "leader"};
	assert_int_equal(fb_auth_first_person(fx->st, &p, LEADER_PW, &err), FB_OK);
	*leader = p.id;
	assert_true(fb_seal_key_held(fx->st));
	fb_person m = {.group_id = g.id, .name = "王伟", .role = "member"};
	assert_int_equal(fb_person_save(fx->st, &m, &err), FB_OK);
	*member = m.id;
}

static void sign_in(fixture *fx, int64_t id, const char *pw)
{
	fb_error err = {0};
	fb_auth_sign_out(fx->st);
	assert_false(fb_seal_key_held(fx->st));
	assert_int_equal(fb_auth_sign_in_id(fx->st, id, pw, NULL, &err), FB_OK);
}

static void test_pending_grant(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t leader, member;
	setup_real(fx, &leader, &member);
	int64_t id = add_worker(fx, "王芳", "13812348000");
	/* the member sets a first password with no key holder about */
	sign_in(fx, member, MEMBER_PW);
	assert_false(fb_seal_key_held(fx->st));
	expect_name(fx, id, fb_seal_placeholder());
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM data_key_grants"), 1);
	/* the leader's next sign-in grants it */
	sign_in(fx, leader, LEADER_PW);
	assert_true(fb_seal_key_held(fx->st));
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM data_key_grants"), 2);
	sign_in(fx, member, MEMBER_PW);
	assert_true(fb_seal_key_held(fx->st));
	expect_name(fx, id, "王芳");
	/* a wrong password opens nothing */
	fb_auth_sign_out(fx->st);
	assert_int_equal(fb_auth_sign_in_id(fx->st, member, "member-pass-2", NULL, &err), FB_EPERM);
	assert_false(fb_seal_key_held(fx->st));
	/* password change keeps access */
	sign_in(fx, member, MEMBER_PW);
	assert_int_equal(fb_auth_change(fx->st, MEMBER_PW, "member-pass-2", &err), FB_OK);
	sign_in(fx, member, "member-pass-2");
	assert_true(fb_seal_key_held(fx->st));
	expect_name(fx, id, "王芳");
	/* a reset by the leader: a new key pair, granted at once */
	sign_in(fx, leader, LEADER_PW);
	assert_int_equal(fb_auth_reset(fx->st, member, "member-pass-3", &err), FB_OK);
	sign_in(fx, member, "member-pass-3");
	assert_true(fb_seal_key_held(fx->st));
	expect_name(fx, id, "王芳");
	/* the old password's wrapping opens nothing any more */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM person_keys"), 2);
}

static void test_legacy_sealed(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_group g = {
		.name = "第三工作组", .station = "桃源镇", .county = "东湖区", .supervisor = "周明"};
	assert_int_equal(fb_group_save(fx->st, &g, &err), FB_OK);
	fx->group_id = g.id;
	fb_person p = {.group_id = g.id, .name = "李习", .role = "leader"};
	/* no password yet: no key (as a database from before sealing) */
	assert_int_equal(fb_auth_first_person(fx->st, &p, NULL, &err), FB_OK);
	assert_false(fb_seal_key_held(fx->st));
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO workers (uuid, group_id, name, phone, raised, origin, rev, "
	         "updated_at) "
	         "VALUES ('00000000-0000-7000-8000-000000000001', %lld, '王芳', '13812348000', "
	         "'工资', 'd', 1, '2026-11-01T00:00:00Z')",
	         (long long)g.id);
	assert_int_equal(sqlite3_exec(fb_store_db(fx->st), sql, NULL, NULL, NULL), SQLITE_OK);
	int64_t id = fx_int(fx->st, "SELECT id FROM workers");
	expect_name(fx, id, "王芳"); /* legacy plain text reads as it is */
	fb_auth_sign_out(fx->st);
	assert_int_equal(fb_auth_sign_in_id(fx->st, p.id, LEADER_PW, NULL, &err), FB_OK);
	assert_true(fb_seal_key_held(fx->st));
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM workers WHERE substr(name, 1, 4) = "
	                                "'fb1:' AND substr(phone, 1, 4) = 'fb1:' AND "
	                                "substr(raised, 1, 4) = 'fb1:'"),
	                 1);
	expect_name(fx, id, "王芳");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_no_key, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_pending_grant, fx_setup_empty, fx_teardown),
		cmocka_unit_test_setup_teardown(test_legacy_sealed, fx_setup_empty, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
