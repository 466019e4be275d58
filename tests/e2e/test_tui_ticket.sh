#!/bin/bash
# File a ticket, reply to it (answer), try an action the life cycle forbids,
# close it; the history shows every step with who did it. The station's
# leader files it; answers are HQ's: the ticket travels to HQ in the
# station's bundle (plain, its fingerprint pinned there), where HQ's staff
# answers and closes it.
. "$(dirname "$0")/lib.sh"

e2e_group_db
e2e_start
e2e_wait "谁在使用"
e2e_keys 1            # 李明, the leader
e2e_sign_in
e2e_wait "李明 · 城关镇蹲点组"
e2e_keys i
e2e_wait "登记问题"
e2e_type "职工反映加班费未按规定发放"
e2e_keys Tab Right Tab Tab
e2e_type "红星纺织厂"
e2e_keys Tab
e2e_type "一线职工"
e2e_keys Tab Tab Tab Tab
e2e_type "车间职工反映近三个月加班费未按规定标准发放。"
e2e_keys C-s
e2e_wait "已登记"
e2e_keys t
e2e_wait "职工反映加班费未按规定发放"
e2e_keys Enter
e2e_wait "办理过程"
e2e_wait "李明  登记 → 已登记"
# return visit is not possible before an answer: a clear message
e2e_keys v
e2e_wait "不能这样操作"
# the leader may not answer: said at once, before anything is typed
e2e_keys a
e2e_wait "只有市总工会可以答复问题"
e2e_screen | grep -q "答复内容" && e2e_fail "the answer form opened for the leader"
e2e_wait "办理过程"
e2e_keys q q q
e2e_wait "退出 fieldbook？"
e2e_keys y
e2e_exited 0
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM ticket_events WHERE kind = 'answer'")" = 0 ] ||
	e2e_fail "the leader's answer was recorded"
# to HQ
S=$FIELDBOOK_DB
export FIELDBOOK_DB=$E2E_DIR/hq.db
fb_as 赵敏 init --hq 东湖市总工会 --staff 赵敏 >/dev/null
fb_as 李明 --db "$S" export --out "$E2E_DIR/s.zip" --plain >/dev/null 2>&1
fp=$(LANGUAGE=en LC_ALL=C.UTF-8 "$FB" --db "$S" key show | sed -n 's/^Fingerprint:  //p')
fb_as 赵敏 import --pin "$fp" "$E2E_DIR/s.zip" >/dev/null
e2e_start
e2e_wait "谁在使用"
e2e_keys 1            # 赵敏, HQ's staff
e2e_sign_in
e2e_wait "fieldbook · 东湖市总工会"
e2e_keys t
e2e_wait "职工反映加班费未按规定发放"
e2e_keys Enter
e2e_wait "李明  登记 → 已登记"
# reply
e2e_keys a
e2e_wait "答复内容"
e2e_keys C-s
e2e_wait "此项为必填项"
e2e_type "已协调企业，下月起按标准补发。"
e2e_keys C-s
e2e_wait "已记录：答复"
e2e_wait "答复 → 已答复"
e2e_wait "已协调企业，下月起按标准补发。"
# close
e2e_keys c
e2e_wait "情况说明"
e2e_type "回访职工，加班费已补发，办结。"
e2e_keys C-s
e2e_wait "办结 → 已办结"
e2e_wait "状态：已办结"
e2e_keys q
# the list now shows it closed; "open only" hides it
e2e_wait "已办结"
e2e_keys s
e2e_wait "没有符合条件的问题"
e2e_keys q q
e2e_wait "退出 fieldbook？"
e2e_keys y
e2e_exited 0
out=$(LANGUAGE=en "$FB" ticket show 1 2>&1 || true)
echo "$out" | grep -q "Status: Closed" || e2e_fail "ticket not closed in the database: $out"
echo "$out" | grep -q "Answered" || e2e_fail "no answer in the history: $out"
echo ok
