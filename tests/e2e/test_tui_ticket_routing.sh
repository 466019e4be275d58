#!/bin/bash
# A routing change by escalation is shown in the ticket's timeline, as
# 'ticket show' shows it: one step escalated from the CLI, one from the
# TUI's escalation form with a new routing chosen. A routing is HQ's to
# change: HQ's staff does both, on the station's tickets at HQ.
. "$(dirname "$0")/lib.sh"

# the station: its leader registers two tickets and starts on them
S=$E2E_DIR/station.db
fb_as 李明 --db "$S" init --group "城关镇蹲点组" --station "城关镇" --leader 李明 \
	--member 王芳 --member 张伟 >/dev/null
fb_as 李明 --db "$S" ticket add --by 李明 --title 职工反映欠薪 --description 拖欠工资三个月 \
	--category wage_arrears --routing county_union >/dev/null
fb_as 李明 --db "$S" ticket event 1 start --by 李明 >/dev/null
fb_as 李明 --db "$S" ticket add --by 李明 --title 厂区道路积水 --description 雨天厂区积水影响上下班 \
	--category other --routing county_union >/dev/null
fb_as 李明 --db "$S" ticket event 2 start --by 李明 >/dev/null
# a routing is HQ's to change: the tickets at HQ (a plain first bundle,
# pinned by the fingerprint compared with the station)
fb_as 赵敏 init --hq 东湖市总工会 --staff 赵敏 >/dev/null
fb_as 李明 --db "$S" export --out "$E2E_DIR/s.zip" --plain >/dev/null 2>&1
fp=$(LANGUAGE=en LC_ALL=C.UTF-8 "$FB" --db "$S" key show | sed -n 's/^Fingerprint:  //p')
fb_as 赵敏 import --pin "$fp" "$E2E_DIR/s.zip" >/dev/null
t1=$(sqlite3 "$FIELDBOOK_DB" "SELECT id FROM tickets WHERE title = '职工反映欠薪'")
t2=$(sqlite3 "$FIELDBOOK_DB" "SELECT id FROM tickets WHERE title = '厂区道路积水'")
[ -n "$t1" ] && [ -n "$t2" ] || e2e_fail "the station's tickets did not reach HQ"
fb_as 赵敏 ticket event "$t1" escalate --by 赵敏 --dept 区总工会 --routing union_system \
	--text 需要上级工会协调 >/dev/null
e2e_start
e2e_wait "谁在使用"
e2e_keys 1            # 赵敏, HQ's staff
e2e_sign_in
e2e_wait "fieldbook · 东湖市总工会"   # HQ's home
e2e_wait "周日 · 赵敏"
# HQ's staff have no group: the title bar ends with the name
e2e_screen | head -n 1 | grep -qE "· 赵敏 *$" || e2e_fail "the title bar: $(e2e_screen | head -n 1)"
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
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT routing FROM tickets WHERE id = $t2")" = party_gov ] ||
	e2e_fail "the TUI's escalation did not change the routing"
# #1 was escalated from the CLI
e2e_keys q
e2e_wait "职工反映欠薪"
e2e_keys Down Enter
e2e_wait "拖欠工资三个月"
e2e_wait "解决途径：县级工会自身解决 → 工会系统内解决"
e2e_stop
echo ok
