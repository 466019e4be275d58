#!/bin/bash
# A member tries every leader and HQ action the TUI has: editing and
# deleting another's log, steps on another's ticket, answering, closing and
# re-routing their own ticket, compiling, editing and submitting reports,
# importing a bundle, adding to the roster. Each key is missing from the
# screen's key bar and help, and pressed it says the core's refusal on the
# status line; nothing is written. The group's leader then sees the same
# keys (the ones a leader may use), so a screen that offered nothing to
# anyone would fail here.
. "$(dirname "$0")/lib.sh"

e2e_group_db
fb_as 张伟 log add --author 张伟 --unit 红星机械厂 --activity enterprise_visit --workers 3 --enterprises 1 \
	--content 张伟走访红星机械厂 >/dev/null
fb_as 张伟 ticket add --by 张伟 --title 张伟登记的问题 --description 加班费未足额发放 \
	--category wage_arrears --routing county_union --date 2026-11-20 >/dev/null
fb_as 王芳 ticket add --by 王芳 --title 王芳登记的问题 --description 宿舍漏雨 \
	--category other --routing county_union --date 2026-11-21 >/dev/null
fb_as 李明 report weekly --week 2026-W47 >/dev/null
snapshot() {
	sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM logs WHERE deleted = 0;
	  SELECT group_concat(content) FROM logs;
	  SELECT count(*) FROM ticket_events; SELECT group_concat(routing) FROM tickets;
	  SELECT count(*), group_concat(status) FROM reports; SELECT count(*) FROM people"
}
before=$(snapshot)

bar() { e2e_screen | tail -n 1; }
# the key bar lacks (no) or shows (yes) an entry: "e 编辑"
bar_has() {
	local want=$1 entry=$2
	if bar | grep -qF -- "$entry"; then
		[ "$want" = yes ] || e2e_fail "the key bar offers '$entry'"
	else
		[ "$want" = no ] || e2e_fail "the key bar lacks '$entry'"
	fi
}
# the help page (?) lacks or lists a key's words
help_has() {
	local want=$1 words=$2
	e2e_keys ?
	e2e_wait "按键："
	if e2e_screen | sed -n '2,$p' | grep -qF -- "$words"; then
		[ "$want" = yes ] || e2e_fail "the help offers '$words'"
	else
		[ "$want" = no ] || e2e_fail "the help lacks '$words'"
	fi
	e2e_keys Space
	e2e_gone "按键："
}
# KEY pressed: the refusal (the core's words) on the status line
refused() {
	e2e_keys "$1"
	e2e_wait "$2"
	e2e_screen | tail -n 2 | head -n 1 | grep -qF -- "$2" ||
		e2e_fail "the refusal of '$1' is not on the status line"
}

e2e_start
e2e_wait "谁在使用"
e2e_keys 2 # 王芳, a member
e2e_sign_in
e2e_wait "王芳 · 城关镇蹲点组"

# another's log: no edit, no delete
e2e_keys l
e2e_wait "红星机械厂"
bar_has no "e 编辑"
help_has no "删除"
refused e "组员只能对本人的记录填写或修改工作日志"
refused D "组员只能对本人的记录填写或修改工作日志"
e2e_keys Enter
e2e_wait "张伟走访红星机械厂"
bar_has no "e 编辑"
refused e "组员只能对本人的记录填写或修改工作日志"
e2e_keys q q
e2e_wait "王芳 · 城关镇蹲点组"

# another's ticket: no step at all; answering and closing are not a member's
e2e_keys t
e2e_wait "张伟登记的问题"
e2e_keys Down Enter
e2e_wait "加班费未足额发放"
for entry in "a/r 答复" "h 问题移交" "v " "c 办结"; do bar_has no "$entry"; done
help_has no "上报协调"
refused a "只有市总工会可以答复问题"
refused c "只有带队组长或市总工会可以办结问题"
refused h "组员只能对本人的记录办理问题"
refused e "组员只能对本人的记录修改或删除问题"
e2e_keys q
e2e_wait "王芳登记的问题"
# her own ticket: she may hand it over, not answer, close or re-route it
e2e_keys g Enter
e2e_wait "宿舍漏雨"
bar_has yes "h 问题移交"
bar_has no "c 办结"
bar_has no "a/r 答复"
refused c "只有带队组长或市总工会可以办结问题"
e2e_keys x
e2e_wait "接收部门"
e2e_keys Tab
for _ in 1 2 3 4; do e2e_keys Right; done
e2e_wait "< 解决途径不变 >"
e2e_screen | grep -qE "党委政府协调|工会系统内解决" && e2e_fail "a member is offered another routing"
e2e_keys Escape
e2e_gone "接收部门"
# nor in the edit form: her ticket's routing is the only choice
e2e_keys e
e2e_wait "修改问题"
e2e_keys Tab Tab
for _ in 1 2 3 4; do e2e_keys Right; done
e2e_wait "< 县级工会自身解决 >"
e2e_screen | grep -qE "党委政府协调|工会系统内解决" && e2e_fail "the edit form offers another routing"
e2e_keys Escape
e2e_gone "修改问题"
e2e_keys q q
e2e_wait "王芳 · 城关镇蹲点组"

# reports: compiling, editing and submitting are the leader's
e2e_keys r
e2e_wait "周报告"
bar_has no "汇总本周报告"
refused w "只有带队组长可以编写报告"
refused m "只有带队组长可以编写报告"
e2e_keys Enter
e2e_wait "报送时限"
bar_has no "S 报送"
bar_has no "修改各部分内容"
refused S "只有带队组长可以报送周报告"
refused e "只有带队组长可以编写报告"
refused 1 "只有带队组长可以编写报告"
e2e_keys q q
e2e_wait "王芳 · 城关镇蹲点组"

# bundles: importing is the leader's (checking one writes nothing)
e2e_keys b
e2e_wait "数据包"
bar_has no "导入数据包"
refused i "可以导入数据包"
e2e_keys q
e2e_wait "王芳 · 城关镇蹲点组"

# the roster
e2e_keys p
e2e_wait "李明"
bar_has no "给本组添加人员"
refused a "修改人员名单"
e2e_keys q
e2e_wait "王芳 · 城关镇蹲点组"
[ "$(snapshot)" = "$before" ] || e2e_fail "a member's refused action wrote: $(snapshot)"

# the leader: the same screens offer what a leader may do
e2e_keys F2
e2e_wait "谁在使用"
e2e_keys 1 # 李明
e2e_sign_in
e2e_wait "李明 · 城关镇蹲点组"
e2e_keys l
e2e_wait "红星机械厂"
bar_has yes "e 编辑"
help_has yes "删除"
e2e_keys Enter
e2e_wait "张伟走访红星机械厂"
bar_has yes "e 编辑"
e2e_keys q q t
e2e_wait "张伟登记的问题"
e2e_keys Down Enter
e2e_wait "加班费未足额发放"
bar_has yes "h 问题移交"
bar_has yes "c 办结"
bar_has no "a/r 答复" # answers are HQ's
e2e_keys q q r
e2e_wait "周报告"
bar_has yes "汇总本周报告"
e2e_keys Enter
e2e_wait "报送时限"
bar_has yes "S 报送"
bar_has yes "修改各部分内容"
e2e_keys q q b
e2e_wait "数据包"
bar_has yes "导入数据包"
e2e_keys q p
e2e_wait "王芳"
bar_has yes "给本组添加人员"
e2e_keys q
e2e_wait "李明 · 城关镇蹲点组"
e2e_stop
echo ok
