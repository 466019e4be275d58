#!/bin/bash
# First run on an empty database: set up my group through the form (Chinese
# typed in: the kind of station, the stay's dates, a day that does not
# exist), become its leader, see the home screen; the group is in the
# database afterwards. q on the home screen asks first; the next start asks
# who is working. Also: the welcome menu offers demo data.
. "$(dirname "$0")/lib.sh"

e2e_start
e2e_wait "设置我的工作组"
e2e_wait "打开演示数据"
e2e_keys Enter
e2e_wait "工作组"
# required fields empty: Ctrl-S marks every one of them at once, nothing saved
e2e_keys C-s
e2e_wait "此项为必填项"
[ "$(e2e_screen | grep -c "此项为必填项")" = 3 ] || e2e_fail "not every required field is marked"
e2e_wait "未保存：3 项需要修改"
e2e_type "城关镇蹲点组"
e2e_keys Tab
e2e_type "城关镇"
# the kind of station (镇, 街道...) and the stay's dates are asked for
e2e_keys Tab
e2e_wait "< 镇 >"
e2e_keys Right
e2e_wait "< 街道 >"
e2e_keys Tab
e2e_type "平安县"
e2e_keys Tab
e2e_type "2026年11月1日"
e2e_keys Tab
e2e_type "2027-02-30"
e2e_keys Tab
e2e_wait "日历上没有 2027-02-30 这一天"
e2e_keys BTab BSpace BSpace
e2e_type "28"
e2e_keys Tab Tab
e2e_type "李明"
e2e_keys Tab
e2e_type "王芳、张伟"
e2e_keys C-s
e2e_wait "首页"
e2e_wait "李明 · 城关镇蹲点组"
e2e_wait "尚未填写"
# people and groups screen shows the three of us
e2e_keys p
e2e_wait "王芳"
e2e_wait "张伟"
e2e_keys q
e2e_wait "首页"
# q on the home screen asks first: n stays, y quits
e2e_keys q
e2e_wait "退出 fieldbook？"
e2e_keys n
e2e_gone "退出 fieldbook？"
e2e_wait "首页"
e2e_keys q
e2e_wait "退出 fieldbook？"
e2e_keys y
e2e_exited 0
out=$("$FB" person list --format csv)
echo "$out" | grep -q "李明" || e2e_fail "leader not saved: $out"
echo "$out" | grep -q "张伟" || e2e_fail "member not saved: $out"
group=$(sqlite3 "$FIELDBOOK_DB" "SELECT station_kind, started_on, ends_on FROM work_groups")
[ "$group" = "street|2026-11-01|2027-02-28" ] || e2e_fail "kind and dates not saved: $group"
# the next start asks who is working (the laptop is shared), the last
# person first: it never resumes silently
e2e_start
e2e_wait "谁在使用"
e2e_screen | grep -q "首页" && e2e_fail "resumed without asking"
e2e_keys Enter
e2e_sign_in
e2e_wait "首页"
e2e_wait "李明 · 城关镇蹲点组"
e2e_keys q y
e2e_exited 0
echo ok
