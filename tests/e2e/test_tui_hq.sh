#!/bin/bash
# Headquarters in the terminal: the first run sets up HQ (its names and
# staff, no group), its home lists every group side by side with the
# figures that need HQ (logs this week, open and overdue tickets, last
# week's report, the newest bundle); who is working offers HQ's staff only.
. "$(dirname "$0")/lib.sh"

ST="$E2E_DIR/station.db"
BUNDLE="$E2E_DIR/inbox/chengguan.zip"
mkdir -p "$E2E_DIR/inbox"

e2e_start
e2e_wait "建立市总工会"
e2e_keys Down Down Enter
e2e_wait "市总工会名称"
# the staff is required: Ctrl-S on an empty form marks it
e2e_keys C-s
e2e_wait "此项为必填项"
e2e_type "东湖市总工会"
e2e_keys Tab
e2e_type "组织部"
e2e_keys Tab
e2e_type "赵敏、钱　进"
e2e_keys C-s
e2e_wait "东湖市总工会 · 逾期"
e2e_wait "还没有工作组"
e2e_wait "赵敏"
e2e_keys q
e2e_wait "退出 fieldbook？"
e2e_keys y
e2e_exited 0
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT value FROM meta WHERE key = 'site'")" = hq ] ||
	e2e_fail "the database is not HQ's"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM people WHERE role = 'hq' AND group_id IS NULL")" = 2 ] ||
	e2e_fail "HQ staff not saved"

# a station's bundle: a log this week, a ticket overdue, no weekly report
fb_as 李明 --db "$ST" init --group "城关镇蹲点组" --station "城关镇" --leader "李明" \
	--member "王芳" >/dev/null || e2e_fail "station init"
fb_as 王芳 --db "$ST" log add --author 王芳 --date 2026-11-20 --unit 宏达机械 \
	--activity enterprise_visit --content "走访宏达机械" >/dev/null || e2e_fail "log add"
fb_as 王芳 --db "$ST" ticket add --by 王芳 --title 宏达机械拖欠工资 --description 两月未发 \
	--category wage_arrears --routing county_union --date 2026-10-01 --due 2026-11-01 \
	>/dev/null || e2e_fail "ticket add"
# the first bundle plain; HQ's staff pins the fingerprint compared with the station
fb_as 李明 --db "$ST" export --out "$BUNDLE" --plain >/dev/null 2>&1 || e2e_fail "export"
fp=$(LANGUAGE=en LC_ALL=C.UTF-8 "$FB" --db "$ST" key show | sed -n 's/^Fingerprint:  //p')
fb_as 赵敏 import --pin "$fp" "$BUNDLE" >/dev/null || e2e_fail "import at HQ"

e2e_start
e2e_wait "谁在使用"
e2e_wait "赵敏"
e2e_screen | grep -q "李明" && e2e_fail "a station cadre offered as working at HQ"
e2e_keys Enter
e2e_sign_in
e2e_wait "城关镇蹲点组"
row=$(e2e_screen | grep "城关镇蹲点组")
# logs this week 1, cadres 1, open 1, overdue 1, the report missing and late
echo "$row" | grep -qE "城关镇蹲点组 +1 +1 +1 +1 +未编写，逾期" ||
	e2e_fail "figures of the group: $row"
e2e_wait "周报告 1、问题 1"
e2e_keys '?'
e2e_wait "数据包收件箱"
e2e_keys q
e2e_wait "城关镇蹲点组"
# x: the registers for Excel, written from the screen
e2e_keys x
e2e_wait "Excel 台账"
e2e_wait "所有工作组"
e2e_keys Tab C-u
e2e_type "$E2E_DIR/台账.xlsx"
e2e_keys C-s
e2e_wait "已写出：工作日志 1 篇，问题 1 件"
python3 "$(dirname "$0")/../cli/xlsx_cells.py" "$E2E_DIR/台账.xlsx" | grep -q "^H2 s @ 宏达机械拖欠工资$" ||
	e2e_fail "the ticket register does not hold the ticket"
e2e_keys q y
e2e_exited 0
echo "ok"
