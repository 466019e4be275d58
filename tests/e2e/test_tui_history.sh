#!/bin/bash
# A log's and a ticket's history in the TUI: H on their details opens the
# list of changes (when, who, field: old → new, in Chinese), through the
# one list engine; q goes back to the details.
. "$(dirname "$0")/lib.sh"

# row_has WHO CHANGE: a history row of WHO with CHANGE on the screen
row_has() { e2e_screen | grep -F -- "$2" | grep -qF -- "$1"; }

e2e_group_db
fb_as 王芳 log add --author 王芳 --unit 红星机械厂 --activity enterprise_visit --workers 3 \
	--content "走访红星机械厂。" --date 2026-11-20 >/dev/null
fb_as 王芳 log edit 1 --workers 12 --unit 红星纺织厂 >/dev/null
fb_as 王芳 ticket add --by 王芳 --title 红星加班费 --description "加班费未足额发放" \
	--category working_hours --routing county_union --date 2026-11-20 --due 2026-12-04 >/dev/null
# the routing is HQ's to change: HQ's staff escalates it
e2e_hq_person 市总
fb_as 市总 ticket event 1 escalate --by 市总 --dept 县总工会 --routing union_system \
	--text "报县总协调" >/dev/null
e2e_start
e2e_wait "谁在使用"
e2e_keys 2            # 王芳
e2e_sign_in
e2e_wait "王芳 · 城关镇蹲点组"
e2e_keys l
e2e_wait "红星纺织厂"
e2e_keys Enter
e2e_wait "走访单位"
e2e_keys H
e2e_wait "工作日志的修改记录"
e2e_wait "创建"
e2e_wait "走访职工数：3 → 12"
e2e_wait "走访单位：红星机械厂 → 红星纺织厂"
# who made each change: the person signed in when it was made
e2e_until 5 "王芳 is not shown as who edited the log" row_has 王芳 "走访职工数：3 → 12"
e2e_keys q
e2e_wait "走访单位"
e2e_gone "工作日志的修改记录"
e2e_keys q q
e2e_wait "王芳 · 城关镇蹲点组"
e2e_keys t
e2e_wait "红星加班费"
e2e_keys Enter
e2e_wait "报县总协调"
e2e_keys H
e2e_wait "问题的修改记录"
e2e_wait "状态：已登记 → 已上报"
e2e_wait "解决途径：县级工会自身解决 → 工会系统内解决"
e2e_until 5 "市总 is not shown as who escalated the ticket" row_has 市总 "状态：已登记 → 已上报"
e2e_keys q q q q
e2e_wait "退出 fieldbook？"
e2e_keys y
e2e_exited 0
echo ok
