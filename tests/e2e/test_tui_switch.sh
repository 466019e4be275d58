#!/bin/bash
# F2 switches person on every screen: from a list, the picker and the
# next person's password, then their home; from a half-typed form, the
# draft kept for its writer (offered to her when she is back). The help
# of every screen names the key.
. "$(dirname "$0")/lib.sh"

e2e_group_db
e2e_start
e2e_wait "谁在使用"
e2e_keys 2            # 王芳
e2e_sign_in
e2e_wait "王芳 · 城关镇蹲点组"
e2e_keys l
e2e_wait "工作日志"
e2e_keys ?
e2e_wait "更换使用人（任何界面均可"
e2e_keys Space
e2e_keys F2
e2e_wait "谁在使用"
e2e_keys 3            # 张伟
e2e_sign_in
e2e_wait "张伟 · 城关镇蹲点组"
# nobody is signed in at the picker: only the password let 张伟 in
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "红星机械厂"
e2e_wait "红星机械厂"
e2e_keys F2
e2e_wait "谁在使用"
grep -q "红星机械厂" "$FIELDBOOK_DB.draft" || e2e_fail "the draft was not kept at the switch"
grep -q "^person=$(sqlite3 "$FIELDBOOK_DB" "SELECT id FROM people WHERE name = '张伟'")$" \
	"$FIELDBOOK_DB.draft" || e2e_fail "the draft does not say it is 张伟's"
e2e_keys 2            # 王芳 again
e2e_sign_in
e2e_wait "张伟"       # his draft is offered, and stays his
e2e_keys n
e2e_wait "王芳 · 城关镇蹲点组"
[ -e "$FIELDBOOK_DB.draft" ] || e2e_fail "张伟's draft was dropped"
e2e_keys q
e2e_wait "退出 fieldbook？"
e2e_keys y
e2e_exited 0
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM logs")" = 0 ] || e2e_fail "a log was saved"
echo ok
