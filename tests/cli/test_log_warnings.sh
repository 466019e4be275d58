#!/bin/bash
# log add / log edit say what fb_log_warnings finds - a date outside the
# group's stay, an exact duplicate, a visit to an enterprise with no count
# (counted as 1) - on stderr after the save, in the user's language; the
# log is saved all the same (exit 0), and a clean log says nothing.
. "$(dirname "$0")/lib.sh"
DB=$TMP/w.db
export LANGUAGE=en
fb_as 李明 --db "$DB" init --group 城关镇蹲点组 --station 城关镇 --leader 李明 --member 王芳 \
	--start 2026-11-10 --end 2026-11-30 >/dev/null || fail "init"
add() { fb_as 王芳 --db "$DB" log add --author 王芳 --unit 宏达机械 --activity research "$@"; }

expect_rc 0 "a clean log" -- add --date 2026-11-12 --content 了解用工情况
[ -s "$TMP/err" ] && fail "a clean log: stderr not empty: $(cat "$TMP/err")" || pass

expect_rc 0 "before the stay: saved all the same" -- add --date 2026-11-05 --content 蹲点之前
expect_grep "$TMP/out" "Daily log 2 saved" "saved"
expect_grep "$TMP/err" "^fieldbook: warning: 2026-11-05 is before the author's stay with the group began (2026-11-10)$" "before the stay"
one_line "$TMP/err" "before the stay"

expect_rc 0 "an exact duplicate" -- add --date 2026-11-12 --content 了解用工情况
expect_grep "$TMP/err" "^fieldbook: warning: daily log 1 of the same day says exactly the same$" "duplicate"

expect_rc 0 "a visit to an enterprise, no count" -- fb_as 王芳 --db "$DB" log add --author 王芳 \
	--unit 宏达机械 --activity enterprise_visit --date 2026-11-13 --content 走访企业
expect_grep "$TMP/err" "counted as 1" "counted as 1"
[ "$(sqlite3 "$DB" "SELECT enterprises FROM logs WHERE id = 4")" = 1 ] && pass ||
	fail "the visit is saved with 1 enterprise"

# an edit that moves a log out of the stay says so too; the log itself is
# never its own duplicate
expect_rc 0 "edit after the stay" -- fb_as 王芳 --db "$DB" log edit 1 --date 2026-11-12 --content 了解用工情况
expect_grep "$TMP/err" "^fieldbook: warning: daily log 3 of the same day says exactly the same$" \
	"the other copy, not itself"
one_line "$TMP/err" "edit: one warning"
FIELDBOOK_TODAY=2026-12-05 expect_rc 0 "edit after the end" -- fb_as 王芳 --db "$DB" log edit 1 --date 2026-12-02
expect_grep "$TMP/err" "after the group's stay ended (2026-11-30)" "after the stay"

# in Chinese
LANGUAGE= LC_ALL=zh_CN.UTF-8 expect_rc 0 "zh_CN" -- add --date 2026-11-06 --content 中文提示
expect_grep "$TMP/err" "^fieldbook：警告：2026-11-06早于记录人在本组蹲点的开始日期（2026-11-10）$" "zh_CN warning"
finish
