#!/bin/bash
# The shared laptop locks when nobody touches it (FIELDBOOK_IDLE_LOCK
# seconds; ten minutes by default): the half-typed log is saved as a draft,
# the person is signed out, and only their password goes on, back in the
# form with the text as typed; a wrong one is refused. At the lock, Esc
# quits and the draft is offered at the next start.
. "$(dirname "$0")/lib.sh"

e2e_group_db
E2E_ENV="FIELDBOOK_IDLE_LOCK=2"
e2e_start
e2e_wait "谁在使用"
e2e_keys 2            # 王芳
e2e_sign_in
e2e_wait "王芳 · 城关镇蹲点组"
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "红星机械厂"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_type "走访红星机械厂，了解加班费发放情况。"
e2e_wait "加班费发放情况。"
# away: after two seconds the lock, the typing in the draft
e2e_wait "已锁定" 10
e2e_gone "新建工作日志"
grep -q "加班费发放情况。" "$FIELDBOOK_DB.draft" || e2e_fail "the draft was not saved at the lock"
e2e_type "not-her-password"
e2e_keys Enter
e2e_wait "姓名或密码不对"
e2e_gone "新建工作日志"
e2e_sign_in
e2e_wait "新建工作日志"
e2e_wait "走访红星机械厂，了解加班费发放情况。"
e2e_keys C-s
# the form's header names her too: the save is done when the form is gone
e2e_gone "新建工作日志"
e2e_wait "王芳 · 城关镇蹲点组"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM logs l JOIN people p ON p.id = l.author_id
	WHERE p.name = '王芳' AND l.unit = '红星机械厂' AND l.content LIKE '%加班费发放情况。'")" = 1 ] ||
	e2e_fail "the log was not saved in her name after the lock"

# locked again on the home screen; Esc quits, a new draft kept for the next start
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "东风社区"
e2e_wait "已锁定" 10
e2e_keys Escape
e2e_exited 0
grep -q "东风社区" "$FIELDBOOK_DB.draft" || e2e_fail "the draft was not kept when the lock quit"
E2E_ENV=
e2e_start
e2e_wait "谁在使用"
e2e_keys 2
e2e_sign_in
e2e_wait "未保存草稿"
echo ok
