#!/bin/bash
# The log form asks before saving a log that the core warns about (a date
# before the stay began, an exact duplicate): "no" keeps the form open and
# saves nothing, "yes" saves. A visit to an enterprise with no count is
# saved and the status line says it was counted as 1.
. "$(dirname "$0")/lib.sh"

fb_as "李明" init --group "城关镇蹲点组" --station "城关镇" --leader "李明" --member "王芳" \
	--start 2026-11-25 --end 2026-12-20 >/dev/null
logs() { sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM logs"; }
e2e_start
e2e_wait "谁在使用"
e2e_keys 2
e2e_sign_in
e2e_wait "王芳 · 城关镇蹲点组"
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "红星机械厂"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_type "了解用工情况"
e2e_keys C-s
e2e_wait "早于记录人在本组蹲点的开始日期（2026-11-25）"
e2e_wait "仍然保存吗？"
[ -z "${SHOW:-}" ] || e2e_screen
e2e_keys n
e2e_wait "未保存。"
[ "$(logs)" = 0 ] || e2e_fail "a 'no' saved the log"
e2e_keys C-s
e2e_wait "仍然保存吗？"
e2e_keys y
# the form's activity is 走进企业 and no count was given
e2e_wait "工作日志已填写；走进企业未填写走访企业数：按 1 家计。"
[ "$(logs)" = 1 ] || e2e_fail "a 'yes' did not save the log"
e2e_stop
