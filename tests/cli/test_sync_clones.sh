#!/bin/bash
# test_sync_clones.sh - nothing is silently lost (issue 11). Two laptops
# sharing one device id (station A's disk copied to A2): both edit the same
# log and send to HQ. HQ detects the copy, keeps the divergent edit as a
# conflict named as people know it (the log's author and date, not a UUID),
# and says so in words (the ticket's number and title: test_sync_lanes.c).
# A bundle from a clock far behind is accepted and flagged.
. "$(dirname "$0")/lib.sh"
CRAFT="$(cd "$(dirname "$0")" && pwd)/craft-bundle.sh"
export CRAFT_DB=$TMP/a.db  # crafted from A's bundles, signed with its key
A=$TMP/a.db A2=$TMP/a2.db HQ=$TMP/hq.db
fb_hq_person "$HQ" || fail "HQ's own person"
q() { sqlite3 "$1" "$2"; }

expect_rc 0 "init A" -- fb_as 李习 --db "$A" init --group 第一工作组 --station 桃源镇 --leader 李习 --member 王伟
expect_rc 0 "A log" -- fb_as 王伟 --db "$A" log add --author 王伟 --unit 宏达机械 --activity enterprise_visit --content 原稿 --date 2026-11-20
expect_rc 0 "A ticket" -- fb_as 王伟 --db "$A" ticket add --by 王伟 --title 宏达机械加班费 --description "加班费未足额发放" --category working_hours --routing county_union --date 2026-11-20
expect_rc 0 "A export 1" -- fb_as 李习 --db "$A" export --out "$TMP/a1.zip" --plain --since-last hq
expect_rc 0 "HQ imports A" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$A2" "$HQ") "$TMP/a1.zip"

# The disk is copied: A2 is A, device id and all.
sqlite3 "$A" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$A" "$A2"
[ "$(q "$A" "SELECT value FROM meta WHERE key = 'device_id'")" = "$(q "$A2" "SELECT value FROM meta WHERE key = 'device_id'")" ] && pass || fail "not a clone"
alog=$(q "$A" "SELECT id FROM logs")
expect_rc 0 "A edits" -- fb_as 王伟 --db "$A" log edit "$alog" --content 甲机的修改
expect_rc 0 "A export 2" -- fb_as 李习 --db "$A" export --out "$TMP/a2.zip" --plain --since-last hq
expect_rc 0 "HQ imports A's edit" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$A2" "$HQ") "$TMP/a2.zip"
if grep -q "Warning: two laptops" "$TMP/out"; then fail "a genuine bundle flagged as a clone"; else pass; fi
sleep 1 # the copy's bundle is made later, by its own clock
expect_rc 0 "A2 edits" -- fb_as 王伟 --db "$A2" log edit "$alog" --content 乙机的修改
expect_rc 0 "A2 export" -- fb_as 李习 --db "$A2" export --out "$TMP/a2b.zip" --plain --since-last hq
before=$(q "$HQ" "SELECT count(*) FROM sync_conflicts WHERE table_name <> 'history'")
expect_rc 0 "HQ imports the copy's bundle" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$A2" "$HQ") "$TMP/a2b.zip"
expect_grep "$TMP/out" "^Warning: two laptops seem to share one device id (a copied disk)" "said in words"
expect_grep "$TMP/out" "^Daily logs  *0  *0  *0  *1  *0" "a conflict, not an update"
expect_grep "$TMP/out" "^conflict: logs.csv:2: the daily log of 王伟, 2026-11-20: " "the conflict named by author and date"
[ "$(q "$HQ" "SELECT count(*) FROM sync_conflicts WHERE table_name <> 'history'")" = $((before + 1)) ] && pass || fail "not one conflict kept"
# the copy's history goes on from the same entry: its branch is kept for review too
[ "$(q "$HQ" "SELECT count(*) FROM sync_conflicts WHERE table_name = 'history' AND lost_row LIKE '%乙机的修改%'")" = 1 ] && pass ||
	fail "the copy's history entry was not kept"
expect_rc 0 "HQ's chains hold" -- "$FB" --db "$HQ" verify
[ "$(q "$HQ" "SELECT count(*) FROM sync_conflicts WHERE lost_row LIKE '%甲机的修改%'")" = 1 ] && pass ||
	fail "A's edit was lost silently"
[ "$(q "$HQ" "SELECT what FROM sync_conflicts WHERE lost_row LIKE '%甲机的修改%'")" = "the daily log of 王伟, 2026-11-20" ] && pass ||
	fail "the kept conflict is not named: $(q "$HQ" "SELECT what FROM sync_conflicts")"
[ "$(q "$HQ" "SELECT clone_suspected FROM devices")" = 1 ] && pass ||
	fail "the device is not flagged"
expect_rc 0 "JSON" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$A2" "$HQ") "$TMP/a2b.zip" --format json
expect_grep "$TMP/out" '"clone_suspected":true' "flag in JSON"

# In Chinese, the same words.
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 fb_as 市总 --db "$TMP/hq-zh.db" import $(pins "$A" "$A2" "$HQ") "$TMP/a1.zip" "$TMP/a2.zip" "$TMP/a2b.zip" >"$TMP/out" 2>"$TMP/err"
expect_grep "$TMP/out" "警告：似乎有两台电脑共用同一个设备编号" "the warning in Chinese"
expect_grep "$TMP/out" "王伟 2026-11-20 的工作日志" "the log named in Chinese"

# A bundle from a clock far behind: accepted, flagged.
mkdir "$TMP/old" && (cd "$TMP/old" && unzip -q "$TMP/a1.zip" &&
	sed -i 's/^created_at .*/created_at 2020-03-01T08:00:00Z/' manifest.txt && rm -f ./*.csv) &&
	sh "$CRAFT" "$TMP/old" "$TMP/old.zip"
expect_rc 0 "a clock far behind: accepted" -- fb_as 市总 --db "$TMP/hq3.db" import $(pins "$A" "$A2" "$HQ") "$TMP/old.zip"
expect_grep "$TMP/out" "^Note: the clock of the laptop that made this bundle looks [0-9]* days behind" "flagged"
finish
