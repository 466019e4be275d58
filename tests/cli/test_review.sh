#!/bin/bash
# test_review.sh - the acceptance story of the reporting calendar across a
# station and HQ, through bundles: the leader submits last week's report a
# day late; HQ sees it late, returns it with a comment; the return travels
# back, the leader sees "returned: why", revises (a new revision) and
# resubmits; HQ accepts; both sides hold the same history. HQ's holiday and
# schedule changes reach the station. Bad reviews are refused, one line.
. "$(dirname "$0")/lib.sh"
S=$TMP/station.db H=$TMP/hq.db
q() { sqlite3 "$1" "$2"; }
export FIELDBOOK_TODAY=2026-11-24 FIELDBOOK_NOW=2026-11-24T02:00:00Z

expect_rc 0 "init" -- fb_as 张伟 --db "$S" init --group 第一工作组 --station 城关镇 \
	--start 2026-11-09 --leader 张伟 --member 李娜
expect_rc 0 "compile W47" -- fb_as 张伟 --db "$S" report weekly --week 2026-W47
expect_rc 0 "submit" -- fb_as 张伟 --db "$S" report submit 1
fb_hq_person "$H" || fail "HQ's own person"
expect_rc 0 "to HQ" -- fb_lead "$S" export --out "$TMP/s1.zip" --since-last hq --plain
expect_rc 0 "HQ imports" -- fb_as 市总 --db "$H" import --pin "$(fp "$S")" "$TMP/s1.zip"
expect_rc 0 "HQ due" -- "$FB" --db "$H" report due --summary --format csv
expect_grep "$TMP/out" "^第一工作组,1,1," "HQ sees one overdue (W46) and one late (W47)"
hid=$(q "$H" "SELECT id FROM reports WHERE period_label = '2026-W47'")

# a draft cannot be reviewed; a return needs its reason; one line each
dump "$H" >"$TMP/before"
expect_rc 1 "return without a reason" -- fb_as 市总 --db "$H" report review "$hid" --return "　"
one_line "$TMP/err" "return without a reason"
expect_grep "$TMP/err" "reason" "says a reason is needed"
expect_rc 2 "two decisions" -- "$FB" --db "$H" report review "$hid" --accept --read
expect_rc 1 "no such report" -- "$FB" --db "$H" report review 999 --read
one_line "$TMP/err" "no such report"
dump "$H" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" && pass || fail "a refused review changed HQ's database"

expect_rc 0 "HQ reads" -- fb_as 市总 --db "$H" report review "$hid" --read
expect_rc 0 "HQ returns" -- fb_as 市总 --db "$H" report review "$hid" --return 请补充走访企业的具体问题
expect_grep "$TMP/out" "returned" "returned"
expect_rc 0 "HQ's overview" -- "$FB" --db "$H" report due --summary --format csv
expect_grep "$TMP/out" "^第一工作组,1,1,[0-9]*,[0-9]*,[0-9]*,[0-9]*,0,0,0,1" "one returned in the overview"
expect_rc 1 "accept after a return" -- fb_as 市总 --db "$H" report review "$hid" --accept
expect_grep "$TMP/err" "already" "a decision stands"
# HQ also publishes 2027's New Year and a changed rule
expect_rc 0 "HQ holiday" -- fb_as 市总 --db "$H" calendar add --from 2027-01-01 --to 2027-01-03 \
	--kind holiday --name 元旦
expect_rc 0 "HQ rule" -- fb_as 市总 --db "$H" report schedule set monthly --due after:3
gid=$(q "$H" "SELECT id FROM work_groups WHERE name = '第一工作组'")
expect_rc 0 "HQ export" -- fb_lead "$H" export --out "$TMP/h1.zip" --since-last station --group "$gid"
expect_rc 0 "station imports" -- fb_as 张伟 --db "$S" import --pin "$(fp "$H")" "$TMP/h1.zip"
expect_rc 0 "station sees the return" -- "$FB" --db "$S" report show 1
expect_grep "$TMP/out" "At HQ (revision 1): returned: 请补充走访企业的具体问题" "returned: why"
expect_grep "$TMP/out" "Deadline 2026-11-23 · submitted late by 1 day" "late by a day"
expect_rc 0 "holiday arrived" -- "$FB" --db "$S" calendar list --year 2027 --format csv
expect_grep "$TMP/out" ",2027-01-01,2027-01-03,holiday,元旦" "HQ's holiday at the station"
expect_rc 0 "rule arrived" -- "$FB" --db "$S" report schedule --format csv
expect_grep "$TMP/out" "^monthly,.*,after:3," "HQ's rule at the station"

# the leader revises and resubmits: revision 2
expect_rc 0 "revise" -- fb_as 张伟 --db "$S" report edit 1 --section problems --text 宏达机械拖欠加班费，已协调县人社局。
expect_grep "$TMP/out" "report 2" "a new revision"
expect_rc 0 "resubmit" -- fb_as 张伟 --db "$S" report submit 2
expect_rc 0 "to HQ again" -- fb_lead "$S" export --out "$TMP/s2.zip" --since-last hq
expect_rc 0 "HQ imports again" -- fb_as 市总 --db "$H" import "$TMP/s2.zip"
h2=$(q "$H" "SELECT id FROM reports WHERE period_label = '2026-W47' AND revision_no = 2")
expect_rc 1 "the old revision is not reviewed" -- fb_as 市总 --db "$H" report review "$hid" --accept
expect_grep "$TMP/err" "revision 2" "points at the new revision"
expect_rc 0 "HQ accepts" -- fb_as 市总 --db "$H" report review "$h2" --accept
expect_rc 0 "HQ's overview" -- "$FB" --db "$H" report due --summary --format csv
expect_grep "$TMP/out" "^第一工作组,[0-9]*,1,[0-9]*,[0-9]*,[0-9]*,[0-9]*,0,0,1,0" "one accepted in the overview"
expect_rc 0 "HQ export 2" -- fb_lead "$H" export --out "$TMP/h2.zip" --since-last station --group "$gid"
expect_rc 0 "station imports 2" -- fb_as 张伟 --db "$S" import "$TMP/h2.zip"
expect_rc 0 "accepted at the station" -- "$FB" --db "$S" report show 2
expect_grep "$TMP/out" "At HQ (revision 2): accepted" "accepted"
# the whole exchange, the same on both sides
expect_rc 0 "history at the station" -- "$FB" --db "$S" report history 2 --format csv
cut -d, -f1,3,4,6 "$TMP/out" >"$TMP/hs"
expect_rc 0 "history at HQ" -- "$FB" --db "$H" report history "$h2" --format csv
cut -d, -f1,3,4,6 "$TMP/out" >"$TMP/hh"
cmp -s "$TMP/hs" "$TMP/hh" && pass || { fail "the histories differ"; diff "$TMP/hs" "$TMP/hh" >&2; }
expect_grep "$TMP/hs" ",1,returned,请补充走访企业的具体问题" "the return in the history"
expect_grep "$TMP/hs" ",2,submitted," "the resubmission in the history"
expect_grep "$TMP/hs" ",2,accepted," "the acceptance in the history"
expect_rc 0 "help" -- "$FB" report review --help
expect_grep "$TMP/out" "Usage: fieldbook report review" "help"
finish
