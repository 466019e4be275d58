#!/bin/bash
# Signing in on the shared laptop: who is working, then the password (a
# wrong one is refused and asked again; the first sign-in sets it); a member
# is not offered to submit the weekly report, and S says who may; w
# switches to another person, who signs in.
. "$(dirname "$0")/lib.sh"

FB_TEST_SECRET=${FB_TEST_SECRET:-test-secret-1}
"$FB" --as 李明 --password-fd 3 init --group "城关镇蹲点组" --station "城关镇" --leader 李明 \
	--member 王芳 --member 张伟 >/dev/null 3<<<"$FB_TEST_SECRET" || e2e_fail "init"
"$FB" --as 李明 --password-fd 3 report weekly --week 2026-W47 >/dev/null 3<<<"$FB_TEST_SECRET" ||
	e2e_fail "the leader compiles the weekly report"
e2e_start
e2e_wait "谁在使用"
e2e_keys 1            # 李明, who has a password
e2e_wait "密码"
e2e_type "not-the-password"
e2e_keys Enter
e2e_wait "姓名或密码不对"
e2e_screen | grep -q "首页" && e2e_fail "a wrong password let him in"
e2e_keys Escape       # back to who is working: 王芳 instead
e2e_wait "谁在使用"
e2e_keys 2
e2e_wait "尚无密码"   # her first sign-in sets it
e2e_type "$FB_TEST_SECRET"
e2e_keys Enter
e2e_wait "王芳 · 城关镇蹲点组"
e2e_keys r
e2e_wait "2026-W47"
e2e_keys Enter
e2e_wait "报送时限"
# submitting is not offered to her; S says who may, before any question
e2e_screen | tail -n 1 | grep -qF "S 报送" && e2e_fail "a member is offered to submit"
e2e_keys S
e2e_wait "只有带队组长可以报送周报告"
e2e_screen | grep -q "报送后不能再修改" && e2e_fail "a member was asked to confirm a submit"
e2e_screen | grep -q "报告已报送" && e2e_fail "a member submitted the weekly report"
e2e_keys q
e2e_wait "2026-W47"
e2e_keys q
e2e_wait "首页"
# switch person: w, the leader, his password
e2e_keys w
e2e_wait "谁在使用"
e2e_keys 1
e2e_sign_in
e2e_wait "李明 · 城关镇蹲点组"
e2e_keys q
e2e_wait "退出 fieldbook？"
e2e_keys y
e2e_exited 0
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM person_secrets WHERE person_id > 0")" = 2 ] ||
	e2e_fail "two people have passwords now"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT status FROM reports")" = draft ] ||
	e2e_fail "the report was submitted"
echo ok
