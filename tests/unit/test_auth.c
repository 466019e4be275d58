/* test_auth.c - signing in, lockout, resets (auth.c) and the rule set
 * (perm.c): a member trying every leader and HQ action is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldbook/auth.h"
#include "fieldbook/perm.h"
#include "fieldbook/report.h"
#include "fieldbook/review.h"
#include "internal.h"
#include "testutil.h"

#define SECRET "test-secret-1"

static void test_secret_rules(void **state)
{
	(void)state;
	fb_error err = {0};
	assert_int_equal(fb_auth_secret_check("12345", &err), FB_EINVAL);
	assert_non_null(strstr(err.msg, "6 digits"));
	assert_int_equal(fb_auth_secret_check("123456", &err), FB_OK);
	assert_int_equal(fb_auth_secret_check("abc1234", &err), FB_EINVAL);
	assert_int_equal(fb_auth_secret_check("abcd1234", &err), FB_OK);
	assert_int_equal(fb_auth_secret_check("密码密码密码密码", &err), FB_OK); /* 8 characters */
	assert_int_equal(fb_auth_secret_check("", &err), FB_EINVAL);
	assert_int_equal(fb_auth_secret_check("abc\tdefgh", &err), FB_EINVAL);
}

static void test_first_sign_in_sets_it(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_auth_result r;
	fx_as(fx, 0);
	assert_int_equal(fb_auth_has_secret(fx->st, fx->member_id, &err), 0);
	/* a first secret must still follow the rules */
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", "123", &r, &err), FB_EINVAL);
	assert_int_equal(fb_store_actor(fx->st), 0);
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, &r, &err), FB_OK);
	assert_true(r.first);
	assert_int_equal(fb_store_actor(fx->st), fx->member_id);
	fb_auth_sign_out(fx->st);
	assert_int_equal(fb_store_actor(fx->st), 0);
	/* now it is theirs: another one is wrong */
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", "other-secret", &r, &err), FB_EPERM);
	assert_int_equal(fb_store_actor(fx->st), 0);
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, &r, &err), FB_OK);
	assert_false(r.first);
	/* the hash is argon2id, never the secret */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM person_secrets WHERE hash LIKE "
	                                "'$argon2id$%' AND person_id > 0"),
	                 1);
	/* 李习 finds 李　习 */
	assert_int_equal(fb_auth_sign_in(fx->st, "李习", SECRET, &r, &err), FB_OK);
	assert_int_equal(r.person_id, fx->leader_id);
}

static void test_unknown_is_a_wrong_password(void **state)
{
	fixture *fx = *state;
	fb_error err = {0}, err2 = {0};
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, NULL, &err), FB_OK);
	fx_as(fx, 0);
	long before = fb_auth_verifications;
	assert_int_equal(fb_auth_sign_in(fx->st, "没有这人", SECRET, NULL, &err), FB_EPERM);
	assert_int_equal(fb_auth_verifications, before + 1); /* one argon2id, as below */
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", "wrong-secret", NULL, &err2), FB_EPERM);
	assert_int_equal(fb_auth_verifications, before + 2);
	assert_string_equal(err.msg, err2.msg);
	/* by number too */
	assert_int_equal(fb_auth_sign_in_id(fx->st, 4242, SECRET, NULL, &err), FB_EPERM);
	assert_string_equal(err.msg, err2.msg);
	assert_int_equal(fb_store_actor(fx->st), 0);
	/* nobody's row never locks */
	for (int i = 0; i < FB_AUTH_MAX_TRIES + 2; i++)
		assert_int_equal(fb_auth_sign_in(fx->st, "没有这人", SECRET, NULL, &err), FB_EPERM);
	assert_int_equal(fx_int(fx->st, "SELECT locked_until FROM person_secrets "
	                                "WHERE person_id = 0"),
	                 0);
}

static void test_lockout_survives_reopen(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, NULL, &err), FB_OK);
	for (int i = 0; i < FB_AUTH_MAX_TRIES; i++)
		assert_int_equal(fb_auth_sign_in(fx->st, "王伟", "wrong-secret", NULL, &err),
		                 FB_EPERM);
	/* locked: even the right one is refused, and said so */
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, NULL, &err), FB_ESTATE);
	assert_non_null(strstr(err.msg, "locked"));
	fb_store_close(fx->st);
	assert_int_equal(fb_store_open(fx->path, 0, &fx->st, &err), FB_OK);
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, NULL, &err), FB_ESTATE);
	assert_int_equal(fb_store_actor(fx->st), 0);
	/* the lock runs out (moved into the past here) */
	sqlite3_exec(fb_store_db(fx->st), "UPDATE person_secrets SET locked_until = 1", NULL, NULL,
	             NULL);
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, NULL, &err), FB_OK);
	assert_int_equal(fx_int(fx->st, "SELECT failed FROM person_secrets WHERE person_id = 2"), 0);
}

/* A database opened read-only (a copy on a stick): the password is still
 * checked, a wrong one refused, and no try is written (it could not be). */
static void test_read_only_sign_in(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, NULL, &err), FB_OK);
	fb_store_close(fx->st);
	assert_int_equal(fb_store_open(fx->path, FB_OPEN_READONLY, &fx->st, &err), FB_OK);
	assert_true(fb_store_readonly(fx->st));
	for (int i = 0; i < FB_AUTH_MAX_TRIES + 1; i++)
		assert_int_equal(fb_auth_sign_in(fx->st, "王伟", "wrong-secret", NULL, &err),
		                 FB_EPERM);
	assert_int_equal(fb_store_actor(fx->st), 0);
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, NULL, &err), FB_OK);
	assert_int_equal(fb_store_actor(fx->st), fx->member_id);
	assert_int_equal(fx_int(fx->st, "SELECT failed + locked_until FROM person_secrets "
	                                "WHERE person_id = 2"),
	                 0);
	/* a first sign-in cannot set a password there: nothing was saved */
	fb_auth_sign_out(fx->st);
	assert_int_equal(fb_auth_sign_in(fx->st, "李　习", SECRET, NULL, &err), FB_EDB);
	assert_non_null(strstr(err.msg, "nothing was saved"));
	assert_int_equal(fb_store_actor(fx->st), 0);
}

static void test_change_and_reset(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	fb_auth_result r;
	int64_t hq = fx_hq(fx);
	fx_as(fx, 0);
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, NULL, &err), FB_OK);
	assert_int_equal(fb_auth_change(fx->st, "wrong-secret", "new-secret-2", &err), FB_EPERM);
	assert_int_equal(fb_auth_change(fx->st, SECRET, "12", &err), FB_EINVAL);
	assert_int_equal(fb_auth_change(fx->st, SECRET, "new-secret-2", &err), FB_OK);
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", SECRET, NULL, &err), FB_EPERM);
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", "new-secret-2", NULL, &err), FB_OK);
	/* a member resets nobody: not the leader, not another member */
	assert_int_equal(fb_auth_reset(fx->st, fx->other_id, "654321", &err), FB_EPERM);
	assert_int_equal(fb_auth_reset(fx->st, fx->leader_id, "654321", &err), FB_EPERM);
	/* the leader resets a member of the group, not themself, not HQ */
	assert_int_equal(fb_auth_sign_in(fx->st, "李习", SECRET, NULL, &err), FB_OK);
	assert_int_equal(fb_auth_reset(fx->st, fx->member_id, "654321", &err), FB_OK);
	assert_int_equal(fb_auth_reset(fx->st, fx->leader_id, "654321", &err), FB_EPERM);
	assert_int_equal(fb_auth_reset(fx->st, hq, "654321", &err), FB_EPERM);
	assert_int_equal(
		fx_int(fx->st, "SELECT changed_by FROM person_secrets WHERE person_id = 2"),
		fx->leader_id);
	/* the reset is history: whose, by whom (the refused ones are not) */
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history WHERE op = 'reset'"), 1);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM history h JOIN people p ON p.uuid = "
	                                "h.record_uuid JOIN people a ON a.uuid = h.actor_uuid "
	                                "WHERE h.op = 'reset' AND p.id = 2 AND a.name = '李　习' "
	                                "AND h.new_value = ''"),
	                 1);
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", "new-secret-2", NULL, &err), FB_EPERM);
	assert_int_equal(fb_auth_sign_in(fx->st, "王伟", "654321", &r, &err), FB_OK);
	assert_true(r.must_change);
	/* HQ resets the leader's */
	fx_as(fx, hq);
	assert_int_equal(fb_auth_reset(fx->st, fx->leader_id, "777777", &err), FB_OK);
	fx_as(fx, 0);
	assert_int_equal(fb_auth_sign_in(fx->st, "李习", "777777", &r, &err), FB_OK);
	assert_true(r.must_change);
}

/* Every leader and HQ action, tried by a member: refused with FB_EPERM and
 * a message that says who may; nothing written. */
static void test_member_refused(void **state)
{
	fixture *fx = *state;
	fb_error err = {0};
	int64_t hq = fx_hq(fx);
	/* what there is to act on: a log of the other member, a ticket of the leader's */
	fx_as(fx, fx->leader_id);
	fb_log other = fx_log(fx, "2026-11-20", "另一位组员的日志。");
	other.author_id = fx->other_id;
	assert_int_equal(fb_log_insert(fx->st, &other, &err), FB_OK);
	fb_ticket t = {.opened_by = fx->leader_id,
	               .opened_on = "2026-11-20",
	               .title = "拖欠工资",
	               .description = "三个月工资未发。",
	               .category = "wage_arrears",
	               .routing = "county_union"};
	assert_int_equal(fb_ticket_insert(fx->st, &t, &err), FB_OK);
	fb_period p;
	fb_report r;
	assert_int_equal(fb_period_week("2026-W47", &p, &err), FB_OK);
	assert_int_equal(fb_report_compile(fx->st, fx->group_id, FB_REPORT_WEEKLY, &p, &r, &err),
	                 FB_OK);
	int64_t rid = r.id;
	fb_report_free(&r);

	fx_as(fx, fx->member_id);
	char sums[256];
	snprintf(sums, sizeof sums, "%lld/%lld/%lld/%lld",
	         fx_int(fx->st, "SELECT sum(rev) FROM logs"),
	         fx_int(fx->st, "SELECT sum(rev) FROM tickets"),
	         fx_int(fx->st, "SELECT sum(rev) FROM reports"),
	         fx_int(fx->st, "SELECT sum(rev) FROM people"));

	/* the weekly report: compile, edit, submit */
	assert_int_equal(fb_report_submit(fx->st, rid, &err), FB_EPERM);
	assert_string_equal(err.msg, "only the Group leader may submit the weekly report");
	assert_int_equal(fb_report_compile(fx->st, fx->group_id, FB_REPORT_WEEKLY, &p, &r, &err),
	                 FB_EPERM);
	assert_int_equal(fb_report_set_section(fx->st, rid, FB_SEC_WORK_DONE, "改写", NULL, &err),
	                 FB_EPERM);
	/* HQ's review of a draft: refused as such, never told the report's
	 * state; a permission check on a row that is not there says so */
	fb_review v = {.report_id = rid, .reviewer_id = fx->member_id};
	snprintf(v.decision, sizeof v.decision, "accepted");
	assert_int_equal(fb_review_add(fx->st, &v, &err), FB_EPERM);
	assert_non_null(strstr(err.msg, "may"));
	fx_as(fx, hq);
	assert_int_equal(fb_perm_check_row(fx->st, FB_ACT_REVIEW_WRITE, "reports", 99999, &err),
	                 FB_ENOTFOUND);
	assert_non_null(strstr(err.msg, "99999"));
	fx_as(fx, fx->member_id);
	/* another's log */
	other.content = "改掉别人的日志。";
	assert_int_equal(fb_log_update(fx->st, &other, &err), FB_EPERM);
	assert_non_null(strstr(err.msg, "only for their own records"));
	assert_int_equal(fb_log_delete(fx->st, other.id, &err), FB_EPERM);
	fb_log mine = fx_log(fx, "2026-11-21", "以别人的名义写。");
	mine.author_id = fx->other_id;
	assert_int_equal(fb_log_insert(fx->st, &mine, &err), FB_EPERM);
	/* the leader's ticket: edit, delete, answer, close, route */
	fb_ticket u = t;
	u.title = "改标题";
	assert_int_equal(fb_ticket_update(fx->st, &u, &err), FB_EPERM);
	assert_int_equal(fb_ticket_delete(fx->st, t.id, &err), FB_EPERM);
	const char *kinds[] = {"answer", "close", "start", "note"};
	for (int i = 0; i < 4; i++) {
		fb_ticket_event ev = {
			.ticket_id = t.id, .kind = (char *)kinds[i], .body = "答复：已解决。"};
		assert_int_equal(fb_ticket_event_add(fx->st, &ev, &err), FB_EPERM);
	}
	/* a step in someone else's name */
	fb_ticket_event forged = {
		.ticket_id = t.id, .kind = "note", .actor_id = fx->leader_id, .body = "x"};
	assert_int_equal(fb_ticket_event_add(fx->st, &forged, &err), FB_EPERM);
	/* the roster: promote oneself, add, remove, edit another */
	fb_person me;
	assert_int_equal(fb_person_get(fx->st, fx->member_id, &me, &err), FB_OK);
	char *role = me.role;
	me.role = "hq";
	assert_int_equal(fb_person_save(fx->st, &me, &err), FB_EPERM);
	me.role = "leader";
	assert_int_equal(fb_person_save(fx->st, &me, &err), FB_EPERM);
	me.role = role;
	fb_person_free(&me);
	fb_person nw = {.group_id = fx->group_id, .name = "新来的", .role = "member"};
	assert_int_equal(fb_person_save(fx->st, &nw, &err), FB_EPERM);
	assert_int_equal(fb_person_delete(fx->st, fx->other_id, &err), FB_EPERM);
	fb_person oth;
	assert_int_equal(fb_person_get(fx->st, fx->other_id, &oth, &err), FB_OK);
	assert_int_equal(fb_person_save(fx->st, &oth, &err), FB_EPERM);
	fb_person_free(&oth);
	/* groups and targets */
	fb_group g;
	assert_int_equal(fb_group_get(fx->st, fx->group_id, &g, &err), FB_OK);
	assert_int_equal(fb_group_save(fx->st, &g, &err), FB_EPERM);
	fb_group_free(&g);
	fb_group ng = {.name = "第九工作组", .station = "城关镇"};
	assert_int_equal(fb_group_save(fx->st, &ng, &err), FB_EPERM);
	fb_target tg = {.scope = "cadre", .metric = "workers", .period = "programme", .value = 0};
	assert_int_equal(fb_target_save(fx->st, &tg, &err), FB_EPERM);
	assert_string_equal(err.msg, "only the Headquarters may set targets");
	/* resets */
	assert_int_equal(fb_auth_reset(fx->st, fx->other_id, "123456", &err), FB_EPERM);
	assert_false(fb_perm_allowed(fx->st, FB_ACT_BUNDLE_IMPORT, NULL));
	assert_false(fb_perm_allowed(fx->st, FB_ACT_TICKET_ANSWER, NULL));

	char after[256];
	snprintf(after, sizeof after, "%lld/%lld/%lld/%lld",
	         fx_int(fx->st, "SELECT sum(rev) FROM logs"),
	         fx_int(fx->st, "SELECT sum(rev) FROM tickets"),
	         fx_int(fx->st, "SELECT sum(rev) FROM reports"),
	         fx_int(fx->st, "SELECT sum(rev) FROM people"));
	assert_string_equal(sums, after);
	assert_int_equal(fx_int(fx->st, "SELECT count(*) FROM person_secrets"), 1); /* row 0 */

	/* what a member may do: their own log, a ticket they file, a note on it */
	fb_log own = fx_log(fx, "2026-11-21", "自己的日志。");
	assert_int_equal(fb_log_insert(fx->st, &own, &err), FB_OK);
	own.content = "自己改自己的。";
	assert_int_equal(fb_log_update(fx->st, &own, &err), FB_OK);
	fb_ticket mt = {.opened_by = fx->member_id,
	                .owner_id = fx->member_id,
	                .opened_on = "2026-11-21",
	                .title = "社保未缴",
	                .description = "企业未缴社保。",
	                .category = "social_insurance",
	                .routing = "county_union"};
	assert_int_equal(fb_ticket_insert(fx->st, &mt, &err), FB_OK);
	fb_ticket_event note = {.ticket_id = mt.id, .kind = "note", .body = "补充情况。"};
	if (fb_ticket_event_add(fx->st, &note, &err) != FB_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(note.actor_id, fx->member_id);
	/* HQ answers; the leader closes */
	fx_as(fx, hq);
	fb_ticket_event ans = {.ticket_id = mt.id, .kind = "answer", .body = "已协调。"};
	assert_int_equal(fb_ticket_event_add(fx->st, &ans, &err), FB_OK);
	fx_as(fx, fx->leader_id);
	fb_ticket_event cl = {.ticket_id = mt.id, .kind = "close", .body = "办结。"};
	assert_int_equal(fb_ticket_event_add(fx->st, &cl, &err), FB_OK);
	/* nobody signed in: refused, and said so */
	fx_as(fx, 0);
	assert_int_equal(fb_log_delete(fx->st, own.id, &err), FB_EPERM);
	assert_non_null(strstr(err.msg, "nobody is signed in"));
}

static void test_first_person_only_once(void **state)
{
	(void)state;
	fixture *fx = fx_new_empty();
	fb_error err = {0};
	fb_group g = {.name = "第一工作组", .station = "桃源镇"};
	assert_int_equal(fb_group_save(fx->st, &g, &err), FB_OK); /* empty roster: setting up */
	fb_person lead = {.group_id = g.id, .name = "李习", .role = "leader"};
	assert_int_equal(fb_auth_first_person(fx->st, &lead, SECRET, &err), FB_OK);
	assert_int_equal(fb_store_actor(fx->st), lead.id);
	fb_person m = {.group_id = g.id, .name = "王伟", .role = "member"};
	assert_int_equal(fb_person_save(fx->st, &m, &err), FB_OK); /* as the leader */
	fx_as(fx, 0);
	fb_person x = {.group_id = g.id, .name = "张芳", .role = "member"};
	assert_int_equal(fb_person_save(fx->st, &x, &err), FB_EPERM);
	assert_int_equal(fb_auth_first_person(fx->st, &x, SECRET, &err), FB_EPERM);
	fb_group g2 = {.name = "第二工作组", .station = "城关镇"};
	assert_int_equal(fb_group_save(fx->st, &g2, &err), FB_EPERM);
	assert_int_equal(fb_auth_sign_in(fx->st, "李习", SECRET, NULL, &err), FB_OK);
	fx_free(fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_rules),
		cmocka_unit_test_setup_teardown(test_first_sign_in_sets_it, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_is_a_wrong_password, fx_setup,
	                                        fx_teardown),
		cmocka_unit_test_setup_teardown(test_lockout_survives_reopen, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_read_only_sign_in, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_change_and_reset, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_member_refused, fx_setup, fx_teardown),
		cmocka_unit_test(test_first_person_only_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
