#!/bin/bash
# Conflicts settled on screen at HQ: the home counts the open conflict; the
# list names the log by date, author and unit; Enter shows both versions,
# what differs first, and who made each; t takes the station's version
# (asked first), which is recorded with who settled it; the list of all
# shows it settled. The station then gets the same record back.
. "$(dirname "$0")/lib.sh"

A="$E2E_DIR/a.db"
log_id() { sqlite3 "$1" "SELECT id FROM logs"; }
fp() { LANGUAGE=en LC_ALL=C.UTF-8 "$FB" --db "$1" key show | sed -n 's/^Fingerprint:  //p'; }
fb_as 李明 --db "$A" init --group 城关镇蹲点组 --station 城关镇 --leader 李明 --member 王芳 >/dev/null
fb_as 王芳 --db "$A" log add --author 王芳 --date 2026-11-20 --unit 宏达机械 \
	--activity enterprise_visit --content 原稿 >/dev/null || e2e_fail "log add"
fb_as 赵敏 init --hq 东湖市总工会 --staff 赵敏 >/dev/null || e2e_fail "hq"
# the first bundles plain, each side pinning the other's fingerprint
fb_as 李明 --db "$A" export --out "$E2E_DIR/a1.zip" --peer hq --plain >/dev/null 2>&1
fb_as 赵敏 import --pin "$(fp "$A")" "$E2E_DIR/a1.zip" >/dev/null || e2e_fail "import a1"
fb_as 赵敏 export --out "$E2E_DIR/h1.zip" --group 城关镇蹲点组 >/dev/null
fb_as 李明 --db "$A" import --pin "$(fp "$FIELDBOOK_DB")" "$E2E_DIR/h1.zip" >/dev/null ||
	e2e_fail "import h1"
fb_as 王芳 --db "$A" log edit "$(log_id "$A")" --content 甲站修改 >/dev/null
# at HQ its author edits it too (only an author changes their log)
fb_as 王芳 log edit "$(log_id "$FIELDBOOK_DB")" --content 总部修改 >/dev/null
fb_as 李明 --db "$A" export --out "$E2E_DIR/a2.zip" --since-last hq >/dev/null
fb_as 赵敏 import "$E2E_DIR/a2.zip" >/dev/null || e2e_fail "import a2"

e2e_start
e2e_wait "谁在使用"
e2e_keys Enter        # 赵敏, HQ's staff
e2e_sign_in
e2e_wait "冲突 1"
# the log itself says it has a conflict
e2e_keys l
e2e_wait "宏达机械"
e2e_keys Enter
e2e_wait "这条记录双方都修改过"
e2e_keys q
e2e_wait "宏达机械"
e2e_keys q
e2e_wait "冲突 1"
e2e_keys c
e2e_wait "工作日志 2026-11-20 · 王芳 · 宏达机械"
e2e_screen | grep "王芳" | grep -q "待处理" || e2e_fail "the conflict is not open"
e2e_keys Enter
e2e_wait "工作内容（不同）"
e2e_wait "现行：总部修改"
e2e_wait "另一方：甲站修改"
e2e_wait "城关镇蹲点组（设备"
e2e_keys t
e2e_wait "采用另一方内容吗"
e2e_keys y
e2e_wait "现在采用另一方内容"
e2e_wait "赵敏 采用了另一方内容"
e2e_keys q
e2e_wait "没有待处理的冲突"
e2e_keys a
e2e_wait "赵敏 采用了另一方内容"
e2e_keys q
e2e_wait "冲突 0"
e2e_keys q y
e2e_exited 0
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT content FROM logs")" = 甲站修改 ] || e2e_fail "not taken"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT p.name FROM sync_conflicts c JOIN people p ON p.id = c.settled_by")" = 赵敏 ] ||
	e2e_fail "who settled it is not recorded"
fb_as 赵敏 export --out "$E2E_DIR/h2.zip" --group 城关镇蹲点组 >/dev/null
fb_as 李明 --db "$A" import "$E2E_DIR/h2.zip" >/dev/null || e2e_fail "import h2"
[ "$(sqlite3 "$A" "SELECT content FROM logs")" = 甲站修改 ] || e2e_fail "the station differs"
echo ok
