#!/bin/bash
# zh_CN at 80x24, the size a laptop's terminal opens at: the key bar of
# every screen keeps the key that leaves it whole (q 返回, q 退出, Esc 离开);
# dialogs are drawn with line-drawing characters; the people screen lines
# up names of different widths (李　习, 王芳, 欧阳明辉).
. "$(dirname "$0")/lib.sh"

e2e_group_db
fb_as 1 person add --group "城关镇蹲点组" --name "李　习" --phone 13800000000 >/dev/null
fb_as 1 person add --group "城关镇蹲点组" --name "欧阳明辉" >/dev/null
E2E_COLS=80 E2E_ROWS=24 e2e_start
# the last row (the key bar) ends with $1
bar_ends() {
	e2e_until 10 "the key bar does not end with '$1'" \
		sh -c "tmux -S '$E2E_SOCK' capture-pane -p -t fb | tail -n 1 | grep -q -- '$1\$'"
}
e2e_wait "谁在使用"
bar_ends "Esc/q 返回"
e2e_keys Enter
e2e_sign_in
e2e_wait "首页"
bar_ends "q 退出"
for screen in l:工作日志 t:问题清单 m:我的问题清单 r:报告 b:数据包 p:人员和工作组; do
	e2e_keys "${screen%%:*}"
	e2e_wait "fieldbook · ${screen#*:}"
	bar_ends "q 返回"
	e2e_keys q
	e2e_wait "fieldbook · 首页"
done
# a form: Esc leaves, F1 helps, neither cut
e2e_keys n
e2e_wait "新建工作日志"
bar_ends "F1 帮助"
e2e_screen | tail -n 1 | grep -q "Esc 离开" || e2e_fail "Esc 离开 cut from the form's key bar"
e2e_keys Escape
e2e_wait "首页"
# people: the role column starts at the same display column whatever the
# name's width
e2e_keys p
e2e_wait "欧阳明辉"
col() { e2e_screen | grep -E "^ +$1 " | head -n 1 | sed 's/ 组员.*//; s/ 带队组长.*//' | wc -L; }
c1=$(col "王芳") c2=$(col "李　习") c3=$(col "欧阳明辉") c4=$(col "李明")
[ "$c1" = "$c2" ] && [ "$c1" = "$c3" ] && [ "$c1" = "$c4" ] ||
	e2e_fail "roles not aligned: $c1 $c2 $c3 $c4"
e2e_keys q
e2e_wait "fieldbook · 首页"
# the quit question is a box drawn with line-drawing characters
e2e_keys q
e2e_wait "退出 fieldbook？"
e2e_screen | grep -q "┌─" || e2e_fail "the dialog has no line-drawing border"
e2e_screen | grep -q "└─" || e2e_fail "the dialog has no line-drawing border"
e2e_screen | grep -qE "^ *\+-+\+" && e2e_fail "the dialog is drawn with +-|"
e2e_keys y
e2e_exited 0
echo ok
