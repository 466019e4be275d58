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
expect_rc 1 "a target over the table's 100000" -- fb_as 李明 --db "$DB" target set --scope cadre \
	--metric workers --period programme --value 100001
expect_grep "$TMP/err" "^fieldbook: --value: 100001 is out of range (0 to 100000)$" "target range"
[ "$(dump "$DB")" = "$before" ] && pass || fail "a refused value changed the database"
# the limits themselves are accepted
expect_rc 0 "the largest counts" -- add --enterprises 1000 --workers 10000 --households 1000 \
	--unit "$(printf '宏%.0s' $(seq 100))"
expect_rc 0 "the largest target" -- fb_as 李明 --db "$DB" target set --scope cadre \
	--metric workers --period programme --value 100000
finish
