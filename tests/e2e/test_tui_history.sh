#!/bin/bash
# A log's and a ticket's history in the TUI: H on their details opens the
# list of changes (when, who, field: old → new, in Chinese), through the
# one list engine; q goes back to the details.
. "$(dirname "$0")/lib.sh"

e2e_group_db
"$FB" log add --author 王芳 --unit 红星机械厂 --activity enterprise_visit --workers 3 \
	--content "走访红星机械厂。" --date 2026-11-20 >/dev/null
"$FB" log edit 1 --workers 12 --unit 红星纺织厂 >/dev/null
"$FB" ticket add --by 王芳 --title 红星加班费 --description "加班费未足额发放" \
	--category working_hours --routing county_union --date 2026-11-20 --due 2026-12-04 >/dev/null
"$FB" ticket event 1 escalate --by 李明 --dept 县总工会 --routing union_system \
	--text "报县总协调" >/dev/null
e2e_start
e2e_wait "谁在使用"
e2e_keys 2            # 王芳
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
e2e_wait "（未登录）"
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
e2e_keys q q q q
e2e_wait "退出 fieldbook？"
e2e_keys y
e2e_exited 0
echo ok
