#!/bin/bash
# A routing change by escalation is shown in the ticket's timeline, as
# 'ticket show' shows it: one step escalated from the CLI, one from the
# TUI's escalation form with a new routing chosen.
. "$(dirname "$0")/lib.sh"

e2e_group_db
fb_as 李明 ticket add --by 李明 --title 职工反映欠薪 --description 拖欠工资三个月 \
	--category wage_arrears --routing county_union >/dev/null
fb_as 李明 ticket event 1 start --by 李明 >/dev/null
fb_as 李明 ticket event 1 escalate --by 李明 --dept 区总工会 --routing union_system \
	--text 需要上级工会协调 >/dev/null
fb_as 李明 ticket add --by 李明 --title 厂区道路积水 --description 雨天厂区积水影响上下班 \
	--category other --routing county_union >/dev/null
fb_as 李明 ticket event 2 start --by 李明 >/dev/null
e2e_start
e2e_wait "谁在使用"
e2e_keys 1
e2e_sign_in
e2e_wait "李明 · 城关镇蹲点组"
e2e_keys t
e2e_wait "厂区道路积水"
# the newest first: #2; escalate it from the TUI to the Party committee
e2e_keys Enter
e2e_wait "雨天厂区积水影响上下班"
e2e_keys x
e2e_wait "接收部门"
e2e_type "镇党委"
e2e_keys Tab Right
e2e_wait "< 党委政府协调 >"
e2e_keys C-s
e2e_wait "已记录"
e2e_wait "解决途径：县级工会自身解决 → 党委政府协调"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT routing FROM tickets WHERE id = 2")" = party_gov ] ||
	e2e_fail "the TUI's escalation did not change the routing"
# #1 was escalated from the CLI
e2e_keys q
e2e_wait "职工反映欠薪"
e2e_keys Down Enter
e2e_wait "拖欠工资三个月"
e2e_wait "解决途径：县级工会自身解决 → 工会系统内解决"
e2e_stop
echo ok
