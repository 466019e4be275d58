#!/bin/sh
# fieldbook conflict: a log changed at the station and at HQ since they
# last met is a conflict at HQ, listed by what a person knows (date, author,
# unit), shown with both versions and who made each; settled there by
# taking the station's version (named, recorded, refused a second time),
# which goes back to the station in HQ's bundle for the group: both sides
# end with the same record and no open conflict. Then one kept. Bad input:
# one line, exit 1 or 2, nothing changed.
. "$(dirname "$0")/lib.sh"
A=$TMP/a.db
HQ=$TMP/hq.db
log_id() { sqlite3 "$1" "SELECT id FROM logs WHERE uuid = '$LU'"; }
content() { sqlite3 "$1" "SELECT content FROM logs WHERE uuid = '$LU'"; }

fb_as 李明 --db "$A" init --group 城关镇蹲点组 --station 城关镇 --leader 李明 --member 王芳 >/dev/null
fb_as 王芳 --db "$A" log add --author 王芳 --date 2026-11-20 --unit 宏达机械 \
	--activity enterprise_visit --content 原稿 >/dev/null
LU=$(sqlite3 "$A" "SELECT uuid FROM logs")
fb_as 赵敏 --db "$HQ" init --hq 东湖市总工会 --staff 赵敏 >/dev/null
fb_as 李明 --db "$A" export --out "$TMP/a1.zip" --peer hq --plain >/dev/null 2>&1
fb_as 赵敏 --db "$HQ" import --pin "$(fp "$A")" "$TMP/a1.zip" >/dev/null
fb_as 赵敏 --db "$HQ" export --out "$TMP/h1.zip" --group 城关镇蹲点组 >/dev/null
fb_as 李明 --db "$A" import --pin "$(fp "$HQ")" "$TMP/h1.zip" >/dev/null
fb_as 王芳 --db "$A" log edit "$(log_id "$A")" --content 甲站修改 >/dev/null
# at HQ its author edits it too (only an author changes their log)
fb_as 王芳 --db "$HQ" log edit "$(log_id "$HQ")" --content 总部修改 >/dev/null
fb_as 李明 --db "$A" export --out "$TMP/a2.zip" --since-last hq >/dev/null
expect_rc 0 "import the conflicting bundle" -- fb_as 赵敏 --db "$HQ" import "$TMP/a2.zip"

expect_rc 0 "list" -- "$FB" --db "$HQ" conflict list
expect_grep "$TMP/out" "to settle.*Daily logs 2026-11-20 · 王芳 · 宏达机械" "the log as people know it"
ID=$(sqlite3 "$HQ" "SELECT id FROM sync_conflicts")
expect_rc 0 "show" -- "$FB" --db "$HQ" conflict show "$ID"
expect_grep "$TMP/out" "\* Content: in force: 总部修改 | other: 甲站修改" "both versions side by side"
expect_grep "$TMP/out" "Other: .*made by 城关镇蹲点组" "who made the other one"
expect_grep "$TMP/out" "  Author: 王芳" "the author by name"

before=$(dump "$HQ")
expect_rc 2 "neither keep nor take" -- fb_as 赵敏 --db "$HQ" conflict settle "$ID" --by 赵敏
expect_rc 2 "nobody" -- fb_as 赵敏 --db "$HQ" conflict settle "$ID" --take
expect_rc 1 "nobody known" -- fb_as 赵敏 --db "$HQ" conflict settle "$ID" --take --by 无名
one_line "$TMP/err" "nobody known"
expect_rc 1 "no such conflict" -- fb_as 赵敏 --db "$HQ" conflict settle 99 --take --by 赵敏
expect_grep "$TMP/err" "no conflict 99" "the missing one named"
[ "$(dump "$HQ")" = "$before" ] && pass || fail "a refused settle changed the database"

expect_rc 0 "take" -- fb_as 赵敏 --db "$HQ" conflict settle "$ID" --take --by 赵敏
[ "$(content "$HQ")" = 甲站修改 ] && pass || fail "HQ did not take the station's version"
expect_rc 1 "settle twice" -- fb_as 赵敏 --db "$HQ" conflict settle "$ID" --keep --by 赵敏
expect_grep "$TMP/err" "settled before" "a second settlement refused"
expect_rc 0 "list all" -- "$FB" --db "$HQ" conflict list --all --format csv
expect_grep "$TMP/out" "other version taken by 赵敏" "who settled it"
expect_rc 0 "nothing open" -- "$FB" --db "$HQ" conflict list --format csv
[ "$(wc -l <"$TMP/out")" = 1 ] && pass || fail "a settled conflict is still open"

# the decision travels back to the station, which ends the same
fb_as 赵敏 --db "$HQ" export --out "$TMP/h2.zip" --group 城关镇蹲点组 >/dev/null
expect_rc 0 "station imports HQ's answer" -- fb_as 李明 --db "$A" import "$TMP/h2.zip"
[ "$(content "$A")" = 甲站修改 ] && pass || fail "the station's record differs: $(content "$A")"
[ "$(sqlite3 "$A" "SELECT count(*) FROM sync_conflicts WHERE resolved = 0")" = 0 ] && pass ||
	fail "a conflict opened at the station"

# a second round, kept: the record stays HQ's
fb_as 王芳 --db "$A" log edit "$(log_id "$A")" --content 甲站再改 >/dev/null
fb_as 王芳 --db "$HQ" log edit "$(log_id "$HQ")" --content 总部再改 >/dev/null
fb_as 李明 --db "$A" export --out "$TMP/a3.zip" --since-last hq >/dev/null
fb_as 赵敏 --db "$HQ" import "$TMP/a3.zip" >/dev/null
ID2=$(sqlite3 "$HQ" "SELECT id FROM sync_conflicts WHERE resolved = 0")
[ -n "$ID2" ] && pass || fail "no second conflict"
expect_rc 0 "keep" -- fb_as 赵敏 --db "$HQ" conflict settle "$ID2" --keep --by 赵敏
[ "$(content "$HQ")" = 总部再改 ] && pass || fail "keep changed the record"
[ "$(sqlite3 "$HQ" "SELECT choice FROM sync_conflicts WHERE id = $ID2")" = kept ] && pass ||
	fail "the choice is not recorded"

LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$FB" --db "$HQ" conflict list --all >"$TMP/out" 2>&1
expect_grep "$TMP/out" "赵敏 保留了现行内容" "the list in Chinese"
finish
