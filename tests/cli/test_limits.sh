#!/bin/bash
# The CLI holds input to the one limits table (src/core/limits_table.h):
# counts out of the table's range, text over its length, are refused in
# one line naming the option and the limit, exit 1, nothing written; the
# largest value the table allows is taken.
. "$(dirname "$0")/lib.sh"
DB=$TMP/l.db
export LANGUAGE=en
fb_as 李明 --db "$DB" init --group 城关镇蹲点组 --station 城关镇 --leader 李明 --member 王芳 >/dev/null ||
	fail "init"
add() { fb_as 王芳 --db "$DB" log add --author 王芳 --unit 宏达机械 --activity research \
	--content 了解用工情况 "$@"; }
# HQ's own person, for targets (HQ's roster is HQ's: put in as HQ's setup would)
sqlite3 "$DB" "INSERT INTO people (uuid, name, role, origin, rev, updated_at) VALUES
  ('00000000-0000-7000-8000-0000000000a1', '市总刘', 'hq',
   (SELECT value FROM meta WHERE key = 'device_id'), 1, '2026-11-01T00:00:00Z')"
# first sign-ins set the passwords: before the database is taken
fb_as 王芳 --db "$DB" log list >/dev/null && fb_as 市总刘 --db "$DB" log list >/dev/null || fail "sign in"
before=$(dump "$DB")
expect_rc 1 "enterprises over the table's 1000" -- add --enterprises 1001
one_line "$TMP/err" "enterprises"
expect_grep "$TMP/err" "^fieldbook: --enterprises: 1001 is out of range (0 to 1000)$" "names the range"
expect_rc 1 "workers over 10000" -- add --workers 10001
expect_grep "$TMP/err" "(0 to 10000)" "workers range"
expect_rc 1 "households negative" -- add --households -1
expect_grep "$TMP/err" "(0 to 1000)" "households range"
expect_rc 1 "a count past 64 bits" -- add --workers 99999999999999999999
expect_grep "$TMP/err" "out of range" "64 bits"
unit=$(printf '宏%.0s' $(seq 101))
expect_rc 1 "a unit of 101 characters" -- add --unit "$unit"
one_line "$TMP/err" "unit"
expect_grep "$TMP/err" "^fieldbook: --unit: " "names --unit"
expect_grep "$TMP/err" "100" "says the limit"
expect_rc 1 "a target over the table's 100000" -- fb_as 市总刘 --db "$DB" target set --scope cadre \
	--metric workers --period programme --value 100001
expect_grep "$TMP/err" "^fieldbook: --value: 100001 is out of range (0 to 100000)$" "target range"
[ "$(dump "$DB")" = "$before" ] && pass || fail "a refused value changed the database"
# the limits themselves are accepted
expect_rc 0 "the largest counts" -- add --enterprises 1000 --workers 10000 --households 1000 \
	--unit "$(printf '宏%.0s' $(seq 100))"
expect_rc 0 "the largest target" -- fb_as 市总刘 --db "$DB" target set --scope cadre \
	--metric workers --period programme --value 100000
# every list command holds --format, --limit and --after to the same rules
for cmd in "log list" "ticket list" "report list"; do
	expect_rc 2 "$cmd --format xml" -- "$FB" --db "$DB" $cmd --format xml
	expect_grep "$TMP/err" "^fieldbook $cmd: --format must be table, csv or json" "$cmd format"
	expect_rc 1 "$cmd --limit -1" -- "$FB" --db "$DB" $cmd --limit -1
	expect_grep "$TMP/err" "^fieldbook: --limit: -1 is out of range (0 to 100000000)$" "$cmd limit"
	expect_rc 1 "$cmd --after 0" -- "$FB" --db "$DB" $cmd --after 0
	expect_grep "$TMP/err" "^fieldbook: --after" "$cmd after"
	expect_rc 0 "$cmd --format json --limit 0" -- "$FB" --db "$DB" $cmd --format json --limit 0
done
finish
