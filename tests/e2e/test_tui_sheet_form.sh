#!/bin/bash
# A contact record sheet (联系基层工会记录单) from the ledger's s (zh_CN): a
# problem beyond the cadre's authority is refused until the department it
# is handed to is named (the core's rule, shown on the field); then saved,
# and the CLI shows the sheet with its fields.
. "$(dirname "$0")/lib.sh"

e2e_group_db
fb_as 王芳 unit add --by 王芳 --name 城关镇总工会 --kind union >/dev/null

e2e_start
e2e_wait "谁在使用"
e2e_keys 2            # 王芳
e2e_sign_in
e2e_wait "王芳 · 城关镇蹲点组"
e2e_keys u
e2e_wait "城关镇总工会"
e2e_keys s
e2e_wait "联系基层工会记录单"
e2e_keys Tab Tab
e2e_type "工会主席李红"
e2e_keys Tab
e2e_type "了解镇总工会组建和服务职工情况。"
e2e_keys Tab
e2e_type "建议增加职工服务站经费。"
e2e_keys Tab
e2e_type "部分企业拖欠职工工资。"
e2e_keys Tab Right
e2e_wait "是：移交办理"
e2e_keys C-s
e2e_wait "超出职权范围的问题需要移交：请写明部门"
# the cursor is on the field refused
e2e_type "县人社局劳动监察大队"
e2e_keys C-s
e2e_wait "的联系基层工会记录单已填写。"
e2e_keys q
e2e_keys q
e2e_wait "退出"
e2e_keys y
e2e_exited 0

s=$(fb_as 王芳 sheet show 1)
for want in 城关镇总工会 工会主席李红 了解镇总工会组建和服务职工情况 部分企业拖欠职工工资 县人社局劳动监察大队; do
	printf '%s\n' "$s" | grep -q "$want" || e2e_fail "the sheet lacks $want: $s"
done
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM contact_sheets WHERE beyond = 1")" = 1 ] ||
	e2e_fail "not marked beyond authority"
echo ok
