#!/bin/bash
# test_sync_stations.sh - the acceptance story through the real binary: two
# stations and HQ; bundles imported at HQ twice in both orders; HQ answers a
# ticket and sends it back; the same log edited on both sides. Nothing lost,
# nothing duplicated, the conflict visible. The stations' first bundles are
# plain (they do not know HQ's key yet) and pinned at HQ by fingerprint; from
# then on every bundle is sealed for its recipient alone.
. "$(dirname "$0")/lib.sh"
A=$TMP/a.db B=$TMP/b.db H1=$TMP/hq1.db H2=$TMP/hq2.db
q() { sqlite3 "$1" "$2"; }

expect_rc 0 "init A" -- fb_as "李　习" --db "$A" init --group 第一工作组 --station 桃源镇 --leader 李　习 --member 王伟
expect_rc 0 "init B" -- fb_as 赵敏 --db "$B" init --group 第二工作组 --station 河西街道 --station-kind street --leader 赵敏 --member 孙丽
expect_rc 0 "A log" -- fb_as 王伟 --db "$A" log add --author 王伟 --unit 宏达机械 --activity enterprise_visit --content "走访宏达机械，职工反映加班费未足额发放。" --date 2026-11-20
expect_rc 0 "A ticket" -- fb_as 王伟 --db "$A" ticket add --by 王伟 --title 宏达机械加班费 --description "加班费未足额发放" --category working_hours --routing county_union --date 2026-11-20
expect_rc 0 "B log" -- fb_as 孙丽 --db "$B" log add --author 孙丽 --unit 河西社区 --activity worker_visit --content "走访困难职工家庭三户。" --date 2026-11-21
expect_rc 0 "B ticket" -- fb_as 孙丽 --db "$B" ticket add --by 孙丽 --title 困难职工帮扶 --description "申请困难补助" --category hardship --routing union_system --date 2026-11-21
expect_rc 1 "A cannot seal for an unknown HQ" -- fb_lead "$A" export --out "$TMP/a1.zip" --since-last hq
expect_grep "$TMP/err" "HQ's key is not known" "says why, and the way out"
[ ! -e "$TMP/a1.zip" ] && pass || fail "a refused export left a file"
expect_rc 0 "A export" -- fb_lead "$A" export --out "$TMP/a1.zip" --since-last hq --plain
expect_rc 0 "B export" -- fb_lead "$B" export --out "$TMP/b1.zip" --since-last hq --plain
pins="--pin $(fp "$A" | tr -d ' ') --pin $(fp "$B" | tr -d ' ')"

# HQ 1 takes A then B, HQ 2 B then A; both twice.
expect_rc 0 "HQ1" -- fb_as 1 --db "$H1" import $pins "$TMP/a1.zip" "$TMP/b1.zip" "$TMP/a1.zip"
expect_rc 0 "HQ2" -- fb_as 1 --db "$H2" import $pins "$TMP/b1.zip" "$TMP/a1.zip" "$TMP/b1.zip"
for h in "$H1" "$H2"; do
	[ "$(q "$h" 'SELECT count(*) FROM logs')" = 2 ] && pass || fail "logs at $(basename "$h")"
	[ "$(q "$h" 'SELECT count(*) FROM tickets')" = 2 ] && pass || fail "tickets at $(basename "$h")"
	[ "$(q "$h" 'SELECT count(*) FROM ticket_events')" = 2 ] && pass || fail "events at $(basename "$h")"
	[ "$(q "$h" 'SELECT count(*) FROM work_groups')" = 2 ] && pass || fail "groups at $(basename "$h")"
done
tables="SELECT uuid, content, rev, origin, deleted FROM logs ORDER BY uuid;
SELECT uuid, status, rev FROM tickets ORDER BY uuid; SELECT uuid FROM ticket_events ORDER BY uuid;"
[ "$(q "$H1" "$tables")" = "$(q "$H2" "$tables")" ] && pass || fail "HQ1 and HQ2 differ"

# HQ answers A's ticket and sends A its group's news.
tid=$(q "$H1" "SELECT id FROM tickets WHERE title = '宏达机械加班费'")
expect_rc 0 "HQ escalates" -- fb_as "李　习" --db "$H1" ticket event "$tid" escalate --by 李　习 --dept 县人社局 --text 转县人社局督办
# HQ's own person (HQ's roster is HQ's: put in here as HQ's setup would)
sqlite3 "$H1" "INSERT INTO people (uuid, name, role, origin, rev, updated_at) VALUES
  ('00000000-0000-7000-8000-0000000000a1', '市总刘', 'hq',
   (SELECT value FROM meta WHERE key = 'device_id'), 1, '2026-11-01T00:00:00Z')"
expect_rc 1 "a station's leader does not answer" -- fb_as "李　习" --db "$H1" ticket event "$tid" answer --text 企业已承诺本月补发
expect_grep "$TMP/err" "only the Headquarters may answer tickets" "the refusal says who may"
expect_rc 0 "HQ answers" -- fb_as 市总刘 --db "$H1" ticket event "$tid" answer --text 企业已承诺本月补发
gid=$(q "$H1" "SELECT id FROM work_groups WHERE name = '第一工作组'")
expect_rc 0 "HQ export to A" -- fb_lead "$H1" export --out "$TMP/h1.zip" --since-last a --group "$gid"
expect_rc 1 "B cannot open A's bundle" -- fb_as 赵敏 --db "$B" import --pin "$(fp "$H1")" "$TMP/h1.zip"
expect_grep "$TMP/err" "sealed for another device" "B told the bundle is not for it"
expect_rc 0 "A imports HQ's answer" -- fb_as 1 --db "$A" import --pin "$(fp "$H1")" "$TMP/h1.zip"
[ "$(q "$A" "SELECT count(*) FROM logs WHERE unit = '河西社区'")" = 0 ] && pass || fail "B's log sent to A"
expect_grep "$TMP/out" "^Ticket history  *2 " "two new events at A"
atid=$(q "$A" "SELECT id FROM tickets WHERE title = '宏达机械加班费'")
expect_rc 0 "A ticket show" -- "$FB" --db "$A" ticket show "$atid"
expect_grep "$TMP/out" "企业已承诺本月补发" "the answer in A's ticket history"
[ "$(q "$A" "SELECT status FROM tickets WHERE id = $atid")" = answered ] && pass ||
	fail "A's ticket status is $(q "$A" "SELECT status FROM tickets WHERE id = $atid")"

# The same log edited on both sides.
alog=$(q "$A" "SELECT id FROM logs LIMIT 1")
hlog=$(q "$H1" "SELECT id FROM logs WHERE unit = '宏达机械'")
expect_rc 0 "A edits" -- fb_as 1 --db "$A" log edit "$alog" --content "站点修改：加班费问题已与企业沟通。"
sleep 0.01
expect_rc 0 "HQ edits" -- fb_as 1 --db "$H1" log edit "$hlog" --content "市总修改：请县总工会跟进。"
expect_rc 0 "A export 2" -- fb_lead "$A" export --out "$TMP/a2.zip" --since-last hq
expect_rc 1 "HQ2 cannot open a bundle sealed for HQ1" -- fb_as 1 --db "$H2" import "$TMP/a2.zip"
expect_grep "$TMP/err" "sealed for another device" "HQ2 told"
expect_rc 0 "HQ imports A's edit" -- fb_as 1 --db "$H1" import "$TMP/a2.zip" --format json
expect_grep "$TMP/out" '"logs":{"rows":1,"inserted":0,"updated":0,"unchanged":0,"conflicts":1' "conflict counted"
expect_grep "$TMP/out" '"kind":"conflict"' "conflict listed"
[ "$(q "$H1" "SELECT count(*) FROM sync_conflicts WHERE lost_row LIKE '%站点修改%'")" = 1 ] && pass ||
	fail "the losing version is not kept"
[ "$(q "$H1" "SELECT content FROM logs WHERE id = $hlog")" = "市总修改：请县总工会跟进。" ] && pass ||
	fail "the later edit did not win"
# HQ's version goes back; A converges without a second conflict.
expect_rc 0 "HQ export 2" -- fb_lead "$H1" export --out "$TMP/h2.zip" --since-last a --group "$gid"
expect_rc 0 "A imports" -- fb_as 1 --db "$A" import "$TMP/h2.zip"
expect_grep "$TMP/out" "^Daily logs  *0  *1  *0  *0  *0" "A takes HQ's version"
[ "$(q "$A" "SELECT content FROM logs WHERE id = $alog")" = "市总修改：请县总工会跟进。" ] && pass ||
	fail "A did not converge"
[ "$(q "$A" 'SELECT count(*) FROM sync_conflicts')" = 0 ] && pass || fail "spurious conflict at A"
[ "$(q "$A" 'SELECT count(*) FROM logs')" = 1 ] && pass || fail "duplicated logs at A"
finish
