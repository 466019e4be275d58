#!/bin/sh
# fieldbook init --hq: headquarters set up from the command line (names,
# staff without a group, the bundle schedule); bad input named in one line,
# exit 1 or 2, nothing written; a station's database never becomes HQ's.
. "$(dirname "$0")/lib.sh"
DB=$TMP/hq.db

expect_rc 0 "init --hq" -- fb_as 赵敏 --db "$DB" init --hq 东湖市总工会 --department 组织部 \
	--staff 赵敏 --staff "钱　进" --bundle-days 10
expect_grep "$TMP/out" "东湖市总工会" "init --hq names HQ"
[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'site'")" = hq ] && pass ||
	fail "site is not hq"
[ "$(sqlite3 "$DB" "SELECT value FROM meta WHERE key = 'hq_bundle_days'")" = 10 ] && pass ||
	fail "bundle days not kept"
[ "$(sqlite3 "$DB" "SELECT group_concat(name, ',') FROM people WHERE role = 'hq' AND group_id IS NULL")" = "赵敏,钱　进" ] &&
	pass || fail "staff not saved"

# bad input: one line naming the option, no file left behind
expect_rc 1 "empty federation" -- fb_as 赵敏 --db "$TMP/x.db" init --hq "" --staff 赵敏
expect_grep "$TMP/err" "\-\-hq" "the option is named"
one_line "$TMP/err" "empty federation"
[ ! -e "$TMP/x.db" ] && pass || fail "a failed init --hq left a database"
expect_rc 1 "no staff" -- fb_as 赵敏 --db "$TMP/x.db" init --hq 东湖市总工会
expect_grep "$TMP/err" "\-\-staff" "no staff is named"
expect_rc 2 "bad days" -- fb_as 赵敏 --db "$TMP/x.db" init --hq 东湖市总工会 --staff 赵敏 \
	--bundle-days soon
expect_rc 2 "hq and group" -- fb_as 赵敏 --db "$TMP/x.db" init --hq 东湖市总工会 --staff 赵敏 \
	--group 城关镇蹲点组
expect_rc 2 "staff without hq" -- fb_as 赵敏 --db "$TMP/x.db" init --staff 赵敏

# a station's database stays a station's, untouched
ST=$TMP/st.db
fb_as 李明 --db "$ST" init --group 城关镇蹲点组 --station 城关镇 --leader 李明 >/dev/null
before=$(dump "$ST")
expect_rc 1 "station to HQ" -- fb_as 李明 --db "$ST" init --hq 东湖市总工会 --staff 赵敏
expect_grep "$TMP/err" "work group" "refusal says why"
[ "$(dump "$ST")" = "$before" ] && pass || fail "the station's database changed"

# in Chinese
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 fb_as 李明 --db "$ST" init --hq 东湖市总工会 \
	--staff 赵敏 >"$TMP/out" 2>"$TMP/err"
expect_grep "$TMP/err" "单独的数据库" "the refusal in Chinese"
finish
