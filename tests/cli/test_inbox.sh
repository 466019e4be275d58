#!/bin/sh
# fieldbook inbox: headquarters' folder of bundles - the list (sender, made,
# imported before or not), --check writes nothing, --import imports each
# new bundle on its own (a damaged one does not hold back the others), a
# group HQ does not know only with --new-groups (never silently), and the
# summary in words; a folder that cannot be read is one line, exit 1.
. "$(dirname "$0")/lib.sh"
HQ=$TMP/hq.db
IN=$TMP/stick
mkdir -p "$IN"

station() { # DB GROUP LEADER
	fb_as "$3" --db "$1" init --group "$2" --station 城关镇 --leader "$3" --member 王芳 >/dev/null &&
		fb_as 王芳 --db "$1" log add --author 王芳 --date 2026-11-20 --unit 宏达机械 \
			--activity enterprise_visit --content "走访宏达机械" >/dev/null
}
station "$TMP/a.db" 城关镇蹲点组 李明 || fail "station a"
station "$TMP/b.db" 桃源镇蹲点组 周强 || fail "station b"
fb_as 李明 --db "$TMP/a.db" export --out "$IN/a-城关镇.zip" --plain >/dev/null 2>&1 || fail "export a"
fb_as 周强 --db "$TMP/b.db" export --out "$IN/b-桃源镇.zip" --plain >/dev/null 2>&1 || fail "export b"
head -c 300 "$IN/a-城关镇.zip" >"$IN/c-cut.zip"
echo "not a bundle" >"$IN/notes.txt"
fb_as 赵敏 --db "$HQ" init --hq 东湖市总工会 --staff 赵敏 >/dev/null || fail "hq"

expect_rc 0 "list" -- "$FB" --db "$HQ" inbox "$IN" $(pins "$TMP/a.db" "$TMP/b.db") --format csv
expect_grep "$TMP/out" "a-城关镇.zip,城关镇蹲点组,.*,new group" "a from a new group"
expect_grep "$TMP/out" "b-桃源镇.zip,桃源镇蹲点组" "b listed with its group"
expect_grep "$TMP/out" "c-cut.zip,,,cannot be read" "the cut bundle named"
grep -q notes.txt "$TMP/out" && fail "a file that is not a bundle listed" || pass

# HQ's staff signed in once (the first sign-in sets the password) before
# the database is taken
fb_as 赵敏 --db "$HQ" log list >/dev/null || fail "HQ signs in"
before=$(dump "$HQ")
expect_rc 1 "check" -- fb_as 赵敏 --db "$HQ" inbox "$IN" $(pins "$TMP/a.db" "$TMP/b.db") --check
expect_grep "$TMP/out" "a-城关镇.zip: 城关镇蹲点组: would add Work groups 1, People 2, Daily logs 1" \
	"the check in words"
expect_grep "$TMP/out" "c-cut.zip: not imported" "the cut bundle in the check"
expect_rc 1 "import without --new-groups" -- fb_as 赵敏 --db "$HQ" inbox "$IN" $(pins "$TMP/a.db" "$TMP/b.db") --import
expect_grep "$TMP/out" "does not know yet: 城关镇蹲点组" "the unknown group is named"
expect_grep "$TMP/out" "\-\-new-groups" "the way on is said"
[ "$(dump "$HQ")" = "$before" ] && pass || fail "a group was added silently"

expect_rc 1 "import" -- fb_as 赵敏 --db "$HQ" inbox "$IN" $(pins "$TMP/a.db" "$TMP/b.db") --import --new-groups
expect_grep "$TMP/out" "a-城关镇.zip: 城关镇蹲点组: new Work groups 1, People 2, Daily logs 1" \
	"a imported, in words"
expect_grep "$TMP/out" "b-桃源镇.zip: 桃源镇蹲点组: new" "b imported beside the cut one"
[ "$(sqlite3 "$HQ" "SELECT count(*) FROM logs")" = 2 ] && pass || fail "logs of both groups"
expect_rc 0 "list again" -- "$FB" --db "$HQ" inbox "$IN" $(pins "$TMP/a.db" "$TMP/b.db") --format csv
expect_grep "$TMP/out" "a-城关镇.zip,城关镇蹲点组,.*,imported before" "a imported before"
rm "$IN/c-cut.zip"
expect_rc 0 "import again" -- fb_as 赵敏 --db "$HQ" inbox "$IN" $(pins "$TMP/a.db" "$TMP/b.db") --import
expect_grep "$TMP/out" "imported before" "nothing new to import"

expect_rc 1 "no folder" -- "$FB" --db "$HQ" inbox "$TMP/none"
one_line "$TMP/err" "no folder"
expect_grep "$TMP/err" "$TMP/none" "the folder named"
expect_rc 2 "two folders" -- "$FB" --db "$HQ" inbox "$IN" $(pins "$TMP/a.db" "$TMP/b.db") "$IN"
expect_rc 2 "check and import" -- "$FB" --db "$HQ" inbox "$IN" $(pins "$TMP/a.db" "$TMP/b.db") --check --import

LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$FB" --db "$HQ" inbox "$IN" $(pins "$TMP/a.db" "$TMP/b.db") >"$TMP/out" 2>&1
expect_grep "$TMP/out" "此前已导入" "the list in Chinese"
finish
