#!/bin/bash
# Reports: compile this week's report from the logs, edit a section, submit
# it. Bundles: export, check the bundle (every row already here), and a
# broken file gives an error with nothing changed.
. "$(dirname "$0")/lib.sh"

"$FB" demo --logs 300 --seed 3 >/dev/null
# at 80x24, as a laptop's terminal opens
E2E_COLS=80 E2E_ROWS=24 e2e_start
e2e_wait "谁在使用"
e2e_keys Enter
e2e_sign_in
e2e_wait "首页"
e2e_wait "本周周报告：尚未汇总"
e2e_keys r
e2e_wait "还没有报告"
e2e_keys w
e2e_wait "2026-W47"
e2e_wait "草稿"
e2e_keys e
e2e_wait "本周工作开展情况"
# the cursor is in the section, after its last word: a new line for ours
e2e_keys C-e Enter
e2e_type "另：本周组织职工座谈一次。"
e2e_wait "另：本周组织职工座谈一次。"
[ "$(e2e_cursor_field)" = "本周工作开展情况" ] || e2e_fail "cursor not in the first section"
e2e_keys C-s
e2e_wait "报告已保存"
# reading further down, e opens the section at the top of the screen with
# the cursor in it (not the first one); 4 opens the fourth
line3() { e2e_screen | sed -n 3p; }
in_field() { [ "$(e2e_cursor_field)" = "$1" ]; }
scrolled() { [ "$(line3)" != "$before" ]; }
for _ in $(seq 80); do
	before=$(line3)
	case $before in "  专题调研"*) break ;; esac
	e2e_keys j
	e2e_until 10 "the report did not scroll to 专题调研" scrolled
done
case $(line3) in "  专题调研"*) ;; *) e2e_fail "could not scroll to a section" ;; esac
e2e_keys e
e2e_until 10 "cursor not in the section read" in_field "专题调研"
e2e_keys Escape
e2e_wait "修改各部分内容"
e2e_keys 4
e2e_until 10 "cursor not in the fourth section" in_field "下周工作计划"
e2e_keys Escape
e2e_wait "修改各部分内容"
e2e_keys S
e2e_wait "报送后不能再修改"
e2e_keys y
e2e_wait "报告已报送"
e2e_keys q
e2e_wait "已报送"
# f filters by kind; k only moves (it used to be both)
e2e_keys f
e2e_wait "报告 · 周报告"
e2e_keys f
e2e_wait "报告 · 月交流纪要"
e2e_wait "还没有报告"
e2e_keys f f
e2e_gone "报告 · "
e2e_keys k
e2e_gone "报告 · "
e2e_wait "已报送"
e2e_keys q
e2e_wait "首页"
e2e_wait "本周周报告：已于"
out=$(LANGUAGE=en "$FB" report list 2>&1)
echo "$out" | grep -q "submitted" || e2e_fail "report not submitted: $out"
LANGUAGE=en "$FB" report show 1 2>&1 | grep -q "另：本周组织职工座谈一次。" || e2e_fail "section not saved"

e2e_keys b
e2e_wait "导出数据包"
e2e_keys e
e2e_wait "数据包文件"
# the name offered says the group and the day, no person
e2e_wait "/fieldbook-$(sqlite3 "$FIELDBOOK_DB" "SELECT name FROM work_groups ORDER BY id LIMIT 1")-$FIELDBOOK_TODAY.zip"
e2e_keys C-a C-k
e2e_type "$E2E_DIR/bundle.zip"
# HQ's key is not known here: a sealed bundle is refused, saying why
e2e_keys C-s
e2e_wait "失败：未作任何更改"
[ -e "$E2E_DIR/bundle.zip" ] && e2e_fail "a refused export left a file"
e2e_keys e
e2e_wait "数据包文件"
e2e_keys C-a C-k
e2e_type "$E2E_DIR/bundle.zip"
e2e_keys Tab Tab
e2e_wait "< 密封"
e2e_keys Right
e2e_keys C-s
e2e_wait "已导出到 "
[ -s "$E2E_DIR/bundle.zip" ] || e2e_fail "no bundle written"
e2e_keys c
e2e_type "$E2E_DIR/bundle.zip"
e2e_keys C-s
e2e_wait "已检查"
# the tables by their names, not their codes
e2e_wait "工作日志"
e2e_wait "办理记录"
e2e_screen | grep -qE "ticket_events|work_groups" && e2e_fail "a table code on the screen"
printf 'not a zip' > "$E2E_DIR/broken.zip"
before=$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM logs")
e2e_keys i
e2e_type "$E2E_DIR/broken.zip"
e2e_keys C-s
e2e_wait "失败：未作任何更改"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM logs")" = "$before" ] || e2e_fail "database changed"
e2e_keys q q
e2e_wait "退出 fieldbook？"
e2e_keys y
e2e_exited 0
echo ok
