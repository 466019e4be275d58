#!/bin/bash
# test_history.sh - every change is history, through the real binary: a
# log's and a ticket's edits shown under `show` (who, when, field: old →
# new), a delete undone; a history entry changed with sqlite3 in a
# station's database refuses its next bundle at HQ with nothing written,
# and `verify` finds it (exit 1 naming the device and the entry).
. "$(dirname "$0")/lib.sh"
A=$TMP/a.db H=$TMP/hq.db
q() { sqlite3 "$1" "$2"; }

expect_rc 0 "init" -- fb_as 李　习 --db "$A" init --group 第一工作组 --station 桃源镇 --leader 李　习 --member 王伟
expect_rc 0 "log add" -- fb_as 王伟 --db "$A" log add --author 王伟 --unit 宏达机械 --activity enterprise_visit --content "走访宏达机械。" --workers 3 --date 2026-11-20
expect_rc 0 "log edit" -- fb_as 王伟 --db "$A" log edit 1 --workers 12 --content "走访宏达机械，座谈十二人。"
expect_rc 0 "log show" -- "$FB" --db "$A" log show 1
expect_grep "$TMP/out" "^History:" "a history under the log"
expect_grep "$TMP/out" "workers talked to: 3 → 12" "the old and the new number"
expect_grep "$TMP/out" "what was learned: 走访宏达机械。 → 走访宏达机械，座谈十二人。" "the old and the new text"
expect_grep "$TMP/out" "  created$" "the insert"
expect_rc 0 "log rm" -- fb_as 王伟 --db "$A" log rm 1
expect_rc 1 "show deleted" -- "$FB" --db "$A" log show 1
expect_rc 0 "log undelete" -- fb_as 王伟 --db "$A" log undelete 1
expect_grep "$TMP/out" "restored" "undelete says so"
expect_rc 1 "undelete a live log" -- fb_as 王伟 --db "$A" log undelete 1
one_line "$TMP/err" "undelete a live log"
expect_rc 0 "log show again" -- "$FB" --db "$A" log show 1
expect_grep "$TMP/out" "  deleted$" "the delete in the history"
expect_grep "$TMP/out" "  restored$" "the undelete in the history"

# Chinese first
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$FB" --db "$A" log show 1 >"$TMP/zh" 2>&1
expect_grep "$TMP/zh" "修改记录：" "the history heading in Chinese"
expect_grep "$TMP/zh" "走访职工数：3 → 12" "the field's Chinese label"

# a ticket's routing, due date and owner
expect_rc 0 "ticket add" -- fb_as 王伟 --db "$A" ticket add --by 王伟 --title 宏达机械加班费 --description "加班费未足额发放" --category working_hours --routing county_union --date 2026-11-20
expect_rc 0 "ticket rm" -- fb_as 李　习 --db "$A" ticket rm 1
expect_rc 0 "ticket undelete" -- fb_as 李　习 --db "$A" ticket undelete 1
expect_rc 0 "ticket show" -- "$FB" --db "$A" ticket show 1
expect_grep "$TMP/out" "^Changes:" "a ticket's changes"
expect_grep "$TMP/out" "  deleted$" "the ticket's delete"

# the station's bundle at HQ; verify holds on both sides
expect_rc 0 "export 1" -- fb_as 李　习 --db "$A" export --out "$TMP/a1.zip" --plain --since-last hq
expect_rc 0 "import 1" -- fb_as 市总 --db "$H" import $(pins "$A" "$H") "$TMP/a1.zip"
expect_rc 0 "verify station" -- "$FB" --db "$A" verify
expect_rc 0 "verify HQ" -- "$FB" --db "$H" verify
expect_grep "$TMP/out" "every chain holds" "verify says so"
n=$(q "$A" "SELECT count(*) FROM history")
[ "$(q "$H" "SELECT count(*) FROM history")" = "$n" ] && pass || fail "HQ holds the station's history"

# an entry changed with sqlite3 at the station
dev=$(q "$A" "SELECT value FROM meta WHERE key = 'device_id'")
seq=$(q "$A" "SELECT seq FROM history WHERE field = 'workers'")
q "$A" "DROP TRIGGER history_no_update; UPDATE history SET new_value = '2' WHERE field = 'workers'"
expect_rc 1 "verify finds it" -- "$FB" --db "$A" verify
expect_grep "$TMP/err" "entry $seq of device $dev was changed" "verify names the device and the entry"
one_line "$TMP/err" "verify"
expect_rc 0 "log edit 2" -- fb_as 王伟 --db "$A" log edit 1 --households 2
expect_rc 0 "export 2" -- fb_as 李　习 --db "$A" export --out "$TMP/a2.zip" --plain
# HQ's own person (HQ's roster is HQ's: put in as HQ's setup would), signed
# in once (the first sign-in sets the password) before the database is taken
sqlite3 "$H" "INSERT INTO people (uuid, name, role, origin, rev, updated_at) VALUES
  ('00000000-0000-7000-8000-0000000000a1', '市总', 'hq',
   (SELECT value FROM meta WHERE key = 'device_id'), 1, '2026-11-01T00:00:00Z')"
fb_as 市总 --db "$H" log list >/dev/null || fail "HQ signs in"
before=$(dump "$H")
expect_rc 1 "HQ refuses" -- fb_as 市总 --db "$H" import $(pins "$A" "$H") "$TMP/a2.zip"
expect_grep "$TMP/err" "history.csv" "the message names the file"
expect_grep "$TMP/err" "entry $seq of device $dev" "the message names the device and the entry"
[ "$(dump "$H")" = "$before" ] && pass || fail "the refused bundle changed HQ's database"
expect_rc 0 "HQ still verifies" -- "$FB" --db "$H" verify

# an entry removed at HQ afterwards
q "$H" "DROP TRIGGER history_no_delete; DELETE FROM history WHERE seq = 2"
expect_rc 1 "verify at HQ finds the removal" -- "$FB" --db "$H" verify
expect_grep "$TMP/err" "entry 2 of device $dev is missing" "the missing entry named"
finish
