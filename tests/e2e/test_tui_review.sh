#!/bin/bash
# HQ's review in the TUI (zh_CN): HQ opens the report a station submitted a
# day late, sees it waiting, returns it with the reason; the return travels
# back in a bundle and the leader reads "退回修改：why" on the report's
# screen with what to do, and its history.
. "$(dirname "$0")/lib.sh"

export FIELDBOOK_TODAY=2026-11-24 FIELDBOOK_NOW=2026-11-24T02:00:00Z
S=$E2E_DIR/station.db
fb_as 张伟 --db "$S" init --group 第一工作组 --station 城关镇 --start 2026-11-09 --leader 张伟 \
	--member 李娜 >/dev/null
fb_as 张伟 --db "$S" report weekly --week 2026-W47 >/dev/null
fb_as 张伟 --db "$S" report submit 1 >/dev/null
# HQ's database with its own staff; the station's first bundle is plain and
# HQ pins the station's fingerprint, compared over the phone
fp() { LANGUAGE=en LC_ALL=C.UTF-8 "$FB" --db "$1" key show | sed -n 's/^Fingerprint:  //p'; }
fb_as 市总王 init --hq 东湖市总工会 --staff 市总王 >/dev/null
fb_as 张伟 --db "$S" export --out "$E2E_DIR/s.zip" --since-last hq --plain >/dev/null
fb_as 市总王 import --pin "$(fp "$S")" "$E2E_DIR/s.zip" >/dev/null
E2E_COLS=100 E2E_ROWS=30 e2e_start
e2e_wait "谁在使用"
e2e_keys Enter        # 市总王, HQ's staff
e2e_sign_in
e2e_wait "fieldbook · 东湖市总工会"   # HQ's home: every group side by side
e2e_keys r
e2e_wait "2026-W47"
e2e_keys Enter
e2e_wait "市总审阅（第1版）：待审阅"
e2e_wait "R 退回修改"
e2e_keys R
e2e_wait "退回原因（工作组可见）"
e2e_type "请补充走访企业的具体问题"
e2e_keys C-s
e2e_wait "报告已退回"
e2e_wait "市总审阅（第1版）：退回修改：请补充走访企业的具体问题"
e2e_wait "第1版  退回修改  市总王：请补充走访企业的具体问题"
e2e_keys q q y
e2e_stop
# the return goes back to the station
gid=$(sqlite3 "$FIELDBOOK_DB" "SELECT id FROM work_groups WHERE name = '第一工作组'")
fb_as 市总王 export --out "$E2E_DIR/h.zip" --since-last station --group "$gid" >/dev/null
E2E_ENV="FIELDBOOK_DB=$S" E2E_COLS=100 E2E_ROWS=30 e2e_start
e2e_wait "谁在使用"
e2e_keys Enter        # 张伟, the leader
e2e_sign_in
e2e_wait "首页"
# the leader imports it on the bundles screen: HQ's device is not
# registered here, so only with the fingerprint compared with HQ
e2e_keys b
e2e_wait "导入数据包"
e2e_keys i
e2e_wait "数据包文件"
e2e_type "$E2E_DIR/h.zip"
e2e_keys C-s
e2e_wait "失败：未作任何更改"
e2e_wait "未登记的设备"
[ "$(sqlite3 "$S" "SELECT count(*) FROM report_reviews")" = 0 ] ||
	e2e_fail "a bundle from an unregistered device was imported"
e2e_keys i
e2e_wait "数据包文件"
e2e_keys C-a C-k
e2e_type "$E2E_DIR/h.zip"
e2e_keys Tab
e2e_type "$(fp "$FIELDBOOK_DB")"
e2e_keys C-s
e2e_wait "数据包已导入"
e2e_keys q
e2e_wait "首页"
e2e_keys r
e2e_wait "2026-W47"
e2e_keys Enter
e2e_wait "市总审阅（第1版）：退回修改：请补充走访企业的具体问题"
e2e_wait "请修改报告（按 e）后重新报送（按 S）"
e2e_wait "e 修改各部分内容"
e2e_stop
echo "ok"
