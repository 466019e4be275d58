#!/bin/bash
# First run on an empty database: set up my group through the form (Chinese
# typed in), become its leader, see the home screen; the group is in the
# database afterwards. Also: the welcome menu offers demo data.
. "$(dirname "$0")/lib.sh"

e2e_start
e2e_wait "设置我的工作组"
e2e_wait "打开演示数据"
e2e_keys Enter
e2e_wait "工作组"
# required fields empty: Ctrl-S shows the inline error, nothing saved
e2e_keys C-s
e2e_wait "此项为必填项"
e2e_type "城关镇蹲点组"
e2e_keys Tab
e2e_type "城关镇"
e2e_keys Tab
e2e_type "平安县"
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
e2e_keys q
e2e_exited 0
out=$("$FB" person list --format csv)
echo "$out" | grep -q "李明" || e2e_fail "leader not saved: $out"
echo "$out" | grep -q "张伟" || e2e_fail "member not saved: $out"
# the next start remembers who is working: straight to the home screen
e2e_stop
e2e_start
e2e_wait "李明 · 城关镇蹲点组"
e2e_keys q
e2e_exited 0
echo ok
