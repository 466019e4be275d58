#!/bin/bash
# test_point.sh - contact points (联系点), research topics (调研课题) and HQ
# leader pairings from the command line: who may write them, validation,
# the liaison sealed at rest, and bundles: a station's points reach HQ, HQ's
# topics and pairings reach the station, a station forging a topic is refused.
. "$(dirname "$0")/lib.sh"
CRAFT="$(cd "$(dirname "$0")" && pwd)/craft-bundle.sh"
A=$TMP/a.db HQ=$TMP/hq.db
q() { sqlite3 "$1" "$2"; }

for c in point topic pairing; do
	expect_rc 0 "$c --help" -- $FB "$c" --help
	expect_grep "$TMP/out" "Usage: fieldbook $c" "$c --help"
done

expect_rc 0 "init A" -- fb_as 李习 --db "$A" init --group 第一工作组 --station 桃源镇 --county 东湖区 \
	--leader 李习 --member 王伟
expect_rc 0 "unit" -- fb_as 王伟 --db "$A" unit add --by 王伟 --name 桃源镇总工会 --kind union
expect_rc 0 "unit 2" -- fb_as 王伟 --db "$A" unit add --by 王伟 --name 宏达机械有限公司
expect_rc 0 "the leader signs in: pending grants" -- fb_as 李习 --db "$A" stats

# Permissions: a member may not, the leader may.
before=$(dump "$A")
expect_rc 1 "a member adds a point" -- fb_as 王伟 --db "$A" point add --unit 1 --since 2026-03-01
expect_grep "$TMP/err" "contact points" "the refusal says what"
one_line "$TMP/err" "member refused"
# Validation: a date ahead, an unknown unit, a liaison's name too long, a leader who is not HQ.
expect_rc 1 "since in the future" -- fb_as 李习 --db "$A" point add --unit 1 --since 2027-06-01
expect_grep "$TMP/err" "--since" "names the option"
expect_rc 1 "no such unit" -- fb_as 李习 --db "$A" point add --unit 99 --since 2026-03-01
expect_rc 1 "liaison too long" -- fb_as 李习 --db "$A" point add --unit 1 --since 2026-03-01 \
	--liaison 一二三四五六七八九十一二三四五六七
expect_grep "$TMP/err" "--liaison" "names the option"
expect_rc 1 "leader not HQ" -- fb_as 李习 --db "$A" point add --unit 1 --since 2026-03-01 --leader 王伟
expect_grep "$TMP/err" "headquarters" "says the leader must be HQ"
[ "$(dump "$A")" = "$before" ] && pass || fail "a refused point changed the database"

expect_rc 0 "point add" -- fb_as 李习 --db "$A" point add --unit 桃源镇总工会 --since 2026-03-01 \
	--liaison 陈静 --liaison-phone 13800001111 --note 镇总工会联系点
expect_grep "$TMP/out" "Contact point 1" "says the id"
expect_rc 1 "one point per unit" -- fb_as 李习 --db "$A" point add --unit 1 --since 2026-03-02
[ "$(q "$A" "SELECT count(*) FROM contact_points WHERE liaison_name = '陈静' OR liaison_phone = '13800001111'")" = 0 ] &&
	pass || fail "the liaison is sealed at rest"
expect_rc 0 "point show json" -- fb_as 李习 --db "$A" point show 1 --format json
expect_grep "$TMP/out" '"liaison_name": "陈静"' "the leader reads the liaison"
expect_rc 0 "point edit" -- fb_as 李习 --db "$A" point edit 1 --note 改为长期联系点
[ "$(q "$A" "SELECT count(*) FROM history WHERE tbl = 'contact_points' AND field = 'note'")" = 1 ] &&
	pass || fail "the edit is history"
[ "$(q "$A" "SELECT count(*) FROM history WHERE tbl = 'contact_points' AND field LIKE 'liaison%'")" = 0 ] &&
	pass || fail "the liaison stays out of history"
expect_rc 0 "point list csv" -- $FB --db "$A" point list --format csv
expect_grep "$TMP/out" "桃源镇总工会" "listed"
expect_rc 0 "point list json" -- $FB --db "$A" point list --format json
expect_grep "$TMP/out" '"since": "2026-03-01"' "json"
expect_rc 0 "second point" -- fb_as 李习 --db "$A" point add --unit 2 --since 2026-04-01
expect_rc 0 "delete it" -- fb_as 李习 --db "$A" point delete 2
[ "$(q "$A" "SELECT deleted FROM contact_points WHERE id = 2")" = 1 ] && pass || fail "tombstoned"
expect_rc 1 "topics are HQ's" -- fb_as 李习 --db "$A" topic add --year 2026 --title 新就业形态劳动者入会
expect_rc 1 "pairings are HQ's" -- fb_as 李习 --db "$A" pairing add --leader 李习 --unit 1

# Station -> HQ: the points travel.
expect_rc 0 "A export" -- fb_as 李习 --db "$A" export --out "$TMP/a1.zip" --plain --since-last hq
unzip -l "$TMP/a1.zip" | grep -q " contact_points.csv" && pass || fail "the bundle has contact_points.csv"
fb_hq_person "$HQ" || fail "HQ's own person"
expect_rc 0 "HQ imports A" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$HQ") "$TMP/a1.zip"
[ "$(q "$HQ" "SELECT count(*) FROM contact_points WHERE deleted = 0")" = 1 ] && pass || fail "the point reached HQ"
[ "$(q "$HQ" "SELECT count(*) FROM contact_points WHERE deleted = 1")" = 1 ] && pass || fail "the delete reached HQ"
expect_rc 0 "HQ reads the liaison" -- fb_as 市总 --db "$HQ" point show 1 --format json
expect_grep "$TMP/out" '"liaison_phone": "13800001111"' "the liaison's phone at HQ"

# HQ publishes a topic, pairs a leader with the county union, visits twice.
expect_rc 0 "HQ topic" -- fb_as 市总 --db "$HQ" topic add --year 2026 --title 新就业形态劳动者入会 \
	--description 联系点每半年报送一次书面材料
expect_rc 1 "topic without a title" -- fb_as 市总 --db "$HQ" topic add --year 2026 --title ""
expect_rc 1 "topic year out of range" -- fb_as 市总 --db "$HQ" topic add --year 1999 --title x
expect_rc 0 "topic edit" -- fb_as 市总 --db "$HQ" topic edit 1 --title 新就业形态劳动者入会和维权
[ "$(q "$HQ" "SELECT count(*) FROM history WHERE tbl = 'research_topics'")" = 2 ] && pass || fail "topic history"
expect_rc 0 "topic list" -- $FB --db "$HQ" topic list --format table
expect_grep "$TMP/out" "新就业形态劳动者入会和维权" "listed"
HQU=$(q "$HQ" "SELECT id FROM units WHERE name = '桃源镇总工会'")
expect_rc 0 "pairing" -- fb_as 市总 --db "$HQ" pairing add --leader 市总 --unit "$HQU" --since 2026-01-05
expect_rc 1 "pairing with a station cadre" -- fb_as 市总 --db "$HQ" pairing add --leader 王伟 --unit "$HQU"
expect_rc 0 "visit 1" -- fb_as 市总 --db "$HQ" pairing visit 1 --date 2026-03-10 --mode 实地走访
expect_rc 0 "visit 2" -- fb_as 市总 --db "$HQ" pairing visit 1 --date 2026-09-10 --mode wechat
expect_rc 1 "bad mode" -- fb_as 市总 --db "$HQ" pairing visit 1 --date 2026-09-11 --mode 写信
expect_rc 0 "pairing list" -- $FB --db "$HQ" pairing list --year 2026 --format csv
expect_grep "$TMP/out" "2/2" "two visits against two"

# HQ -> station: the topic and the pairing travel.
GA=$(q "$HQ" "SELECT id FROM work_groups WHERE name = '第一工作组'")
expect_rc 0 "HQ to A" -- fb_as 市总 --db "$HQ" export --out "$TMP/h1.zip" --plain --since-last a --group "$GA"
expect_rc 0 "A imports HQ" -- fb_as 李习 --db "$A" import $(pins "$A" "$HQ") "$TMP/h1.zip"
[ "$(q "$A" "SELECT count(*) FROM research_topics")" = 1 ] && pass || fail "the topic reached A"
[ "$(q "$A" "SELECT count(*) FROM pairing_visits")" = 2 ] && pass || fail "the visits reached A"
expect_rc 0 "A takes the topic up" -- fb_as 李习 --db "$A" point take 1 --topic 1
expect_rc 1 "twice" -- fb_as 李习 --db "$A" point take 1 --topic 1
expect_rc 0 "A export 2" -- fb_as 李习 --db "$A" export --out "$TMP/a2.zip" --plain --since-last hq
expect_rc 0 "HQ imports A 2" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$HQ") "$TMP/a2.zip"
[ "$(q "$HQ" "SELECT count(*) FROM point_topics WHERE deleted = 0")" = 1 ] && pass || fail "the take-up reached HQ"

# A station bundle forging a topic is refused, nothing written.
mkdir "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/a2.zip")
A_DEV=$(q "$A" "SELECT value FROM meta WHERE key = 'device_id'")
REV=$(( ($(date +%s) + 3600) * 1000 * 65536 ))
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf 'uuid,year,title,description,published_by_uuid,origin,rev,updated_at,deleted\r\n%s,2026,伪造的课题,,,%s,%s,%s,0\r\n' \
	"$(cat /proc/sys/kernel/random/uuid)" "$A_DEV" "$REV" "$NOW" > "$TMP/x/research_topics.csv"
CRAFT_DB=$A sh "$CRAFT" "$TMP/x" "$TMP/forged.zip" || fail "cannot craft the bundle"
before=$(dump "$HQ")
expect_rc 1 "a forged topic" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$HQ") "$TMP/forged.zip"
expect_grep "$TMP/err" "research_topics.csv:2: only headquarters" "refused with the reason"
[ "$(dump "$HQ")" = "$before" ] && pass || fail "the forged bundle changed HQ"

finish
