#!/bin/bash
# test_sync_relay.sh - a record relayed through HQ arrives (issue 16): HQ
# exports to a peer, then imports station A's late bundle, whose rows carry
# revisions older than that export; the next --since-last export to the peer
# sends them all the same, because it selects by HQ's local change sequence
# (migration 015), not by revision. Also: an answer HQ adds is relayed, a
# re-export sends nothing new. (An old database's watermarks through the
# migration: tests/unit/test_sync_changes.c.)
. "$(dirname "$0")/lib.sh"
A=$TMP/a.db B=$TMP/b.db H=$TMP/hq.db P=$TMP/province.db
fb_hq_person "$H" || fail "HQ's own person"
fb_hq_person "$P" 省总 || fail "the province's own person"
q() { sqlite3 "$1" "$2"; }

expect_rc 0 "init A" -- fb_as 李习 --db "$A" init --group 第一工作组 --station 桃源镇 --leader 李习 --member 王伟
expect_rc 0 "A ticket" -- fb_as 王伟 --db "$A" ticket add --by 王伟 --title 宏达机械加班费 --description "加班费未足额发放" --category working_hours --routing county_union --date 2026-11-20
expect_rc 0 "A export" -- fb_as 李习 --db "$A" export --out "$TMP/a1.zip" --plain --since-last hq
sleep 0.05
expect_rc 0 "init B" -- fb_as 赵敏 --db "$B" init --group 第二工作组 --station 河西街道 --station-kind street --leader 赵敏 --member 孙丽
expect_rc 0 "B log" -- fb_as 孙丽 --db "$B" log add --author 孙丽 --unit 河西社区 --activity worker_visit --content "走访困难职工家庭三户。" --date 2026-11-21
# HQ hears from B first and sends everything on to the province: its
# watermark for the province is now above every revision of A's bundle.
expect_rc 0 "B export" -- fb_as 赵敏 --db "$B" export --out "$TMP/b1.zip" --plain --since-last hq
expect_rc 0 "HQ imports B" -- fb_as 市总 --db "$H" import $(pins "$A" "$B" "$H" "$P") "$TMP/b1.zip"
expect_rc 0 "HQ to province" -- fb_lead "$H" export --out "$TMP/h1.zip" --plain --since-last province
expect_rc 0 "province imports" -- fb_as 省总 --db "$P" import $(pins "$A" "$B" "$H" "$P") "$TMP/h1.zip"
arev=$(q "$A" "SELECT rev FROM tickets")
hwm=$(q "$H" "SELECT last_rev FROM sync_peers WHERE peer = 'province'")
[ "$arev" -lt "$hwm" ] && pass || fail "setup: A's revision $arev is not below HQ's watermark $hwm"

# A's bundle arrives late; HQ relays it.
expect_rc 0 "HQ imports A late" -- fb_as 市总 --db "$H" import $(pins "$A" "$B" "$H" "$P") "$TMP/a1.zip"
expect_rc 0 "HQ to province 2" -- fb_lead "$H" export --out "$TMP/h2.zip" --plain --since-last province
unzip -p "$TMP/h2.zip" tickets.csv | grep -q 宏达机械加班费 && pass || fail "A's ticket not relayed"
unzip -p "$TMP/h2.zip" logs.csv | grep -q 河西 && fail "B's rows sent twice" || pass
expect_rc 0 "province imports 2" -- fb_as 省总 --db "$P" import $(pins "$A" "$B" "$H" "$P") "$TMP/h2.zip"
[ "$(q "$P" "SELECT count(*) FROM tickets WHERE title = '宏达机械加班费'")" = 1 ] && pass ||
	fail "the relayed ticket did not arrive at the province"
[ "$(q "$P" "SELECT count(*) FROM ticket_events")" = "$(q "$H" "SELECT count(*) FROM ticket_events")" ] &&
	pass || fail "ticket history not relayed whole"

# An answer at HQ travels on; then nothing is left to send.
tid=$(q "$H" "SELECT id FROM tickets WHERE title = '宏达机械加班费'")
expect_rc 0 "HQ answers" -- fb_as 市总 --db "$H" ticket event "$tid" answer --text 企业已承诺本月补发
expect_rc 0 "HQ to province 3" -- fb_lead "$H" export --out "$TMP/h3.zip" --plain --since-last province
unzip -p "$TMP/h3.zip" ticket_events.csv | grep -q 企业已承诺本月补发 && pass || fail "the answer not relayed"
expect_rc 0 "HQ to province 4" -- fb_lead "$H" export --out "$TMP/h4.zip" --plain --since-last province
[ "$(unzip -p "$TMP/h4.zip" ticket_events.csv | wc -l)" = 1 ] && pass || fail "events sent again"
[ "$(unzip -p "$TMP/h4.zip" logs.csv | wc -l)" = 1 ] && pass || fail "logs sent again"

# Every write moves the sequence; a row's chg is never reused.
before=$(q "$H" "SELECT n FROM change_seq")
expect_rc 0 "HQ follows up" -- fb_as 市总 --db "$H" ticket event "$tid" note --text 已电话回访
after=$(q "$H" "SELECT n FROM change_seq")
[ "$after" -gt "$before" ] && pass || fail "change sequence did not move ($before -> $after)"
[ "$(q "$H" "SELECT max(chg) FROM ticket_events")" -gt "$before" ] && pass || fail "the new step's chg"
[ "$(q "$H" "SELECT count(*) FROM (SELECT chg FROM (SELECT chg FROM logs UNION ALL SELECT chg FROM tickets
   UNION ALL SELECT chg FROM ticket_events UNION ALL SELECT chg FROM people) GROUP BY chg HAVING count(*) > 1)")" = 0 ] &&
	pass || fail "a change number used twice"
finish
