#!/bin/bash
# test_sync_lanes.sh - imports stay in their lane, clocks cannot be poisoned
# (issue 11). Two stations (第一工作组 on laptop A, 第二工作组 on laptop B)
# and HQ. Station A's attacker builds bundles from CSV with the manifest
# recomputed (craft-bundle.sh): changing B's log, moving it into A,
# tombstoning B's member, promoting itself to hq, demoting an HQ person,
# setting a target, an HQ answer and close on B's ticket and on its own,
# revision 999999999999999999 with a forged origin, forged `seen` lines, a
# created_at in 2099, a device that changes group. Each is refused naming
# file:line and why, with HQ's database the same row for row and byte for
# byte (lib.sh dump) and its clock where it was. A's own edit in a crafted
# bundle still goes in; after all of it every station imports HQ's next
# bundle.
. "$(dirname "$0")/lib.sh"
CRAFT="$(cd "$(dirname "$0")" && pwd)/craft-bundle.sh"
export CRAFT_DB=$TMP/a.db  # crafted from A's bundles, signed with its key
A=$TMP/a.db B=$TMP/b.db HQ=$TMP/hq.db
q() { sqlite3 "$1" "$2"; }
uuid() { cat /proc/sys/kernel/random/uuid; }

expect_rc 0 "init A" -- fb_as 李习 --db "$A" init --group 第一工作组 --station 桃源镇 --leader 李习 --member 王伟
expect_rc 0 "init B" -- fb_as 赵敏 --db "$B" init --group 第二工作组 --station 河西街道 --station-kind street --leader 赵敏 --member 孙丽
expect_rc 0 "A log" -- fb_as 王伟 --db "$A" log add --author 王伟 --unit 宏达机械 --activity enterprise_visit --content "走访宏达机械，职工反映加班费未足额发放。" --date 2026-11-20
expect_rc 0 "A ticket" -- fb_as 王伟 --db "$A" ticket add --by 王伟 --title 宏达机械加班费 --description "加班费未足额发放" --category working_hours --routing county_union --date 2026-11-20
expect_rc 0 "B log" -- fb_as 孙丽 --db "$B" log add --author 孙丽 --unit 河西社区 --activity worker_visit --content "走访困难职工家庭三户。" --date 2026-11-21
expect_rc 0 "B ticket" -- fb_as 孙丽 --db "$B" ticket add --by 孙丽 --title 困难职工帮扶 --description "申请困难补助" --category hardship --routing union_system --date 2026-11-21
expect_rc 0 "A export" -- fb_as 李习 --db "$A" export --out "$TMP/a1.zip" --plain --since-last hq
expect_rc 0 "B export" -- fb_as 赵敏 --db "$B" export --out "$TMP/b1.zip" --plain --since-last hq
fb_hq_person "$HQ" || fail "HQ's own person"
expect_rc 0 "HQ imports A" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$B" "$HQ") "$TMP/a1.zip"
# HQ keeping one group: a station under a new device id cannot pass for HQ
# (the new device signs its own bundle and its fingerprint is pinned: the
# lanes, not the signature, refuse the claim)
"$FB" --db "$TMP/f.db" init >/dev/null || fail "the new device"
FDEV=$(q "$TMP/f.db" "SELECT value FROM meta WHERE key = 'device_id'")
mkdir "$TMP/fake" && (cd "$TMP/fake" && unzip -q "$TMP/b1.zip" &&
	sed -i "s/^source_group .*/source_group /;s/^source_device .*/source_device $FDEV/" manifest.txt) &&
	CRAFT_DB=$TMP/f.db sh "$CRAFT" "$TMP/fake" "$TMP/fake.zip"
before=$(dump "$HQ")
expect_rc 1 "a new device claiming HQ at an HQ of one group" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$B" "$HQ" "$TMP/f.db") "$TMP/fake.zip"
expect_grep "$TMP/err" "source_device: $FDEV claims to send for headquarters" "refused"
[ "$(dump "$HQ")" = "$before" ] && pass || fail "the database changed"
expect_rc 0 "HQ imports B" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$B" "$HQ") "$TMP/b1.zip"
GA=$(q "$HQ" "SELECT id FROM work_groups WHERE name = '第一工作组'")
GB=$(q "$HQ" "SELECT id FROM work_groups WHERE name = '第二工作组'")
expect_rc 0 "HQ person" -- fb_as 市总 --db "$HQ" person add --group "$GA" --name 周建国 --role hq --unit 组织部
TB=$(q "$HQ" "SELECT id FROM tickets WHERE title = '困难职工帮扶'")
TA=$(q "$HQ" "SELECT id FROM tickets WHERE title = '宏达机械加班费'")
expect_rc 0 "HQ answers A" -- fb_as 周建国 --db "$HQ" ticket event "$TA" answer --by 周建国 --text 已协调县总工会
expect_rc 0 "HQ routes B" -- fb_as 赵敏 --db "$HQ" ticket event "$TB" escalate --by 赵敏 --dept 县总工会 --text 转县总工会
expect_rc 0 "HQ to A" -- fb_as 周建国 --db "$HQ" export --out "$TMP/h1a.zip" --plain --since-last a --group "$GA"
expect_rc 0 "HQ to B" -- fb_as 周建国 --db "$HQ" export --out "$TMP/h1b.zip" --plain --since-last b --group "$GB"
expect_rc 0 "A imports HQ" -- fb_as 李习 --db "$A" import $(pins "$A" "$B" "$HQ") "$TMP/h1a.zip"
expect_grep "$TMP/out" "^Ticket history  *1 " "HQ's answer reached A"
expect_rc 0 "B imports HQ" -- fb_as 赵敏 --db "$B" import $(pins "$A" "$B" "$HQ") "$TMP/h1b.zip"
expect_grep "$TMP/out" "^Ticket history  *1 " "HQ's step reached B"

# What the attacker on A knows: A's database, HQ's bundle to A.
mkdir "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/a1.zip")
A_DEV=$(q "$A" "SELECT value FROM meta WHERE key = 'device_id'")
B_DEV=$(q "$B" "SELECT value FROM meta WHERE key = 'device_id'")
HQ_DEV=$(q "$HQ" "SELECT value FROM meta WHERE key = 'device_id'")
uA=$(q "$HQ" "SELECT uuid FROM work_groups WHERE id = $GA")
uB=$(q "$HQ" "SELECT uuid FROM work_groups WHERE id = $GB")
wangwei=$(q "$HQ" "SELECT uuid FROM people WHERE name = '王伟'")
sunli=$(q "$HQ" "SELECT uuid FROM people WHERE name = '孙丽'")
zhou=$(q "$HQ" "SELECT uuid FROM people WHERE name = '周建国'")
blog=$(q "$HQ" "SELECT uuid FROM logs WHERE unit = '河西社区'")
alog=$(q "$HQ" "SELECT uuid FROM logs WHERE unit = '宏达机械'")
btk=$(q "$HQ" "SELECT uuid FROM tickets WHERE id = $TB")
atk=$(q "$HQ" "SELECT uuid FROM tickets WHERE title = '宏达机械加班费'")
REV=$(( ($(date +%s) + 3600) * 1000 * 65536 ))  # an hour ahead: newer than anything, inside the drift
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
hlc() { q "$HQ" "SELECT value FROM meta WHERE key = 'hlc'"; }

LOGS='uuid,group_uuid,author_uuid,date,unit,activity,enterprise_kinds,worker_kinds,enterprises,workers,households,content,findings,actions,next_step,origin,rev,updated_at,deleted'
PEOPLE='uuid,group_uuid,name,role,unit,phone,joined_on,origin,rev,updated_at,deleted'
EVENTS='uuid,ticket_uuid,kind,actor_uuid,at,body,dept,routing,status_after,origin,rev'
TARGETS='uuid,scope,metric,period,group_uuid,value,note,origin,rev,updated_at,deleted'
# log_row UUID GROUP AUTHOR CONTENT [ORIGIN [REV]]
log_row() {
	printf '%s,%s,%s,2026-11-21,河西社区,worker_visit,0,0,0,3,3,%s,,,,%s,%s,%s,0' \
		"$1" "$2" "$3" "$4" "${5:-$A_DEV}" "${6:-$REV}" "$NOW"
}

# attack NAME FILE PATTERN [MANIFEST-SED]: the CSV in $TMP/csv as FILE of a
# bundle crafted from A's; refused at HQ with PATTERN on stderr, nothing
# written (every row, the bytes, the clock), also on a dry run.
attack() {
	local name=$1 file=$2 pattern=$3 msed=${4:-}
	local d=$TMP/c-$name
	mkdir "$d"
	if [ -n "$msed" ]; then sed "$msed" "$TMP/x/manifest.txt" > "$d/manifest.txt"; else cp "$TMP/x/manifest.txt" "$d/"; fi
	cp "$TMP/csv" "$d/$file"
	sh "$CRAFT" "$d" "$d.zip" || fail "$name: cannot craft the bundle"
	local before clock
	before=$(dump "$HQ") clock=$(hlc)
	expect_rc 1 "$name: refused" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$B" "$HQ") "$d.zip"
	expect_grep "$TMP/err" "^fieldbook: $pattern" "$name: file:line: why"
	one_line "$TMP/err" "$name"
	# (a refused manifest has no rows to list)
	[ -n "$msed" ] || expect_grep "$TMP/out" "Nothing was imported" "$name: said so"
	[ "$(dump "$HQ")" = "$before" ] && pass || fail "$name: the database changed"
	[ "$(hlc)" = "$clock" ] && pass || fail "$name: the clock moved ($clock -> $(hlc))"
	expect_rc 1 "$name: refused on a dry run" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$B" "$HQ") --dry-run "$d.zip"
	[ "$(dump "$HQ")" = "$before" ] && pass || fail "$name: the dry run changed the database"
}

# 周建国 and 赵敏 set their first passwords at HQ with no key holder signed in:
# 市总's next sign-in grants them HQ's data key (seal.h); before the attacks,
# so that each refused import leaves HQ's database as it was
expect_rc 0 "HQ's key holder signs in: pending grants" -- fb_as 市总 --db "$HQ" stats
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row "$blog" "$uB" "$sunli" 篡改第二组的日志)" > "$TMP/csv"
attack b-log logs.csv "logs.csv:2: this record belongs to 第二工作组, the bundle comes from 第一工作组"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row "$blog" "$uA" "$wangwei" 把第二组的日志搬进第一组)" > "$TMP/csv"
attack b-log-moved logs.csv "logs.csv:2: this record belongs to 第二工作组, the bundle comes from 第一工作组"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row "$(uuid)" "$uA" "$sunli" 以第二组组员的名义写日志)" > "$TMP/csv"
attack b-author logs.csv "logs.csv:2: author_uuid: "
printf '%s\r\n%s,%s,孙丽,member,,,,%s,%s,%s,1\r\n' "$PEOPLE" "$sunli" "$uB" "$A_DEV" "$REV" "$NOW" > "$TMP/csv"
attack b-member-tombstone people.csv "people.csv:2: this record belongs to 第二工作组"
printf '%s\r\n%s,%s,王伟,hq,,,,%s,%s,%s,0\r\n' "$PEOPLE" "$wangwei" "$uA" "$A_DEV" "$REV" "$NOW" > "$TMP/csv"
attack promote-self people.csv "people.csv:2: role: only headquarters may make someone headquarters staff"
printf '%s\r\n%s,%s,周建国,member,组织部,,,%s,%s,%s,0\r\n' "$PEOPLE" "$zhou" "$uA" "$A_DEV" "$REV" "$NOW" > "$TMP/csv"
attack demote-hq people.csv "people.csv:2: this person is headquarters staff: only headquarters may change them"
printf '%s\r\n00000000-0000-4000-8000-000000000003,group,workers,programme,,0,,%s,%s,%s,0\r\n' "$TARGETS" "$A_DEV" "$REV" "$NOW" > "$TMP/csv"
attack target targets.csv "targets.csv:2: only headquarters may set Targets, the bundle comes from 第一工作组"
printf '%s\r\n%s,%s,answer,%s,%s,已解决,,,answered,%s,%s\r\n' "$EVENTS" "$(uuid)" "$btk" "$zhou" "$NOW" "$A_DEV" "$REV" > "$TMP/csv"
attack hq-answer-b ticket_events.csv "ticket_events.csv:2: this record belongs to 第二工作组"
printf '%s\r\n%s,%s,close,%s,%s,办结,,,closed,%s,%s\r\n' "$EVENTS" "$(uuid)" "$btk" "$sunli" "$NOW" "$A_DEV" "$REV" > "$TMP/csv"
attack close-b ticket_events.csv "ticket_events.csv:2: this record belongs to 第二工作组"
printf '%s\r\n%s,%s,answer,%s,%s,市总已答复,,,answered,%s,%s\r\n' "$EVENTS" "$(uuid)" "$atk" "$zhou" "$NOW" "$A_DEV" "$REV" > "$TMP/csv"
attack hq-answer-own ticket_events.csv "ticket_events.csv:2: actor_uuid: 周建国 is headquarters staff"
printf '%s\r\n%s,%s,close,,%s,办结,,,closed,%s,%s\r\n' "$EVENTS" "$(uuid)" "$atk" "$NOW" "$A_DEV" "$REV" > "$TMP/csv"
attack close-nobody ticket_events.csv "ticket_events.csv:2: actor_uuid: "
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row "$alog" "$uA" "$wangwei" 未来的修改 "$B_DEV" 999999999999999999)" > "$TMP/csv"
attack rev-poison logs.csv "logs.csv:2: rev: revision 999999999999999999 was made more than a day from now"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row "$alog" "$uA" "$wangwei" 冒充第二组设备 "$B_DEV")" > "$TMP/csv"
attack forged-origin logs.csv "logs.csv:2: origin: a change made by device $B_DEV, of another lane"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row "$alog" "$uA" "$wangwei" 冒充市总的修改 "$HQ_DEV")" > "$TMP/csv"
attack forged-hq-origin logs.csv "logs.csv:2: origin: claims to be a change made by this database"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row "$alog" "$uA" "$wangwei" 正常修改)" > "$TMP/csv"
attack seen-poison logs.csv "manifest.txt: seen: revision 999999999999999999 was made more than" \
	"\$a seen $B_DEV 999999999999999999"
attack created-2099 logs.csv "manifest.txt: created_at: the bundle says it was made at 2099-06-01T08:00:00Z" \
	"s/^created_at .*/created_at 2099-06-01T08:00:00Z/"
attack rev-to-poison logs.csv "manifest.txt: rev_to: revision 999999999999999999" \
	"s/^rev_to .*/rev_to 999999999999999999/"
attack switch-group logs.csv "manifest.txt: source_group: device $A_DEV sent bundles for 第一工作组 before, this one claims 第二工作组" \
	"s/^source_group .*/source_group $uB/;s/^source_group_name .*/source_group_name 第二工作组/"
attack claim-hq logs.csv "manifest.txt: source_group: device $A_DEV sent bundles for 第一工作组 before, this one claims headquarters" \
	"s/^source_group .*/source_group /"
# (signed with A's key, the manifest naming another device: refused at the
# signature, before the lanes)
attack new-device-hq logs.csv "manifest.sig: the manifest names device 99999999-2222-7333-8444-555555555555, the signature device $A_DEV: forged" \
	"s/^source_group .*/source_group /;s/^source_device .*/source_device 99999999-2222-7333-8444-555555555555/"
attack own-device logs.csv "manifest.sig: the manifest names device $HQ_DEV, the signature device $A_DEV: forged" \
	"s/^source_group .*/source_group /;s/^source_device .*/source_device $HQ_DEV/"

# The same in Chinese: file, line, why.
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 fb_as 市总 --db "$HQ" import $(pins "$A" "$B" "$HQ") "$TMP/c-b-log.zip" >"$TMP/out" 2>"$TMP/err"
if locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
	expect_grep "$TMP/err" "logs.csv:2：这条记录属于第二工作组，数据包来自第一工作组" "the refusal in Chinese"
fi

# In its lane: A's own edit of its own log, crafted the same way, goes in.
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row "$alog" "$uA" "$wangwei" 第一组自己的修改)" > "$TMP/csv"
mkdir "$TMP/ok" && cp "$TMP/x/manifest.txt" "$TMP/ok/" && cp "$TMP/csv" "$TMP/ok/logs.csv"
sh "$CRAFT" "$TMP/ok" "$TMP/ok.zip"
expect_rc 0 "A's own edit" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$B" "$HQ") "$TMP/ok.zip"
[ "$(q "$HQ" "SELECT content FROM logs WHERE uuid = '$alog'")" = 第一组自己的修改 ] && pass || fail "A's edit not applied"
[ "$(q "$HQ" "SELECT count(*) FROM devices WHERE device = '$A_DEV' AND group_uuid = '$uA' AND is_hq = 0")" = 1 ] && pass ||
	fail "A's device not recorded in its lane"

# A forged `seen` line cannot hide a conflict: HQ edits A's log, A's
# bundle edits it too and says it had seen all of HQ's revisions.
hlog=$(q "$HQ" "SELECT id FROM logs WHERE uuid = '$alog'")
# its author edits it at HQ (HQ may not change a station's log)
expect_rc 0 "HQ edits A's log" -- fb_as 王伟 --db "$HQ" log edit "$hlog" --content 市总的修改
REV2=$(( REV + 65536000 ))
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row "$alog" "$uA" "$wangwei" 第一组隐瞒冲突的修改 "$A_DEV" "$REV2")" > "$TMP/csv"
mkdir "$TMP/seen" && sed "\$a seen $HQ_DEV $REV2" "$TMP/x/manifest.txt" > "$TMP/seen/manifest.txt" &&
	cp "$TMP/csv" "$TMP/seen/logs.csv" && sh "$CRAFT" "$TMP/seen" "$TMP/seen.zip"
expect_rc 0 "forged seen: in its lane" -- fb_as 市总 --db "$HQ" import $(pins "$A" "$B" "$HQ") "$TMP/seen.zip"
expect_grep "$TMP/out" "note: manifest.txt:0: claims to have seen revision $REV2 of this database" "the forged seen named"
expect_grep "$TMP/out" "^Daily logs  *0  *0  *0  *1  *0" "still a conflict"
[ "$(q "$HQ" "SELECT count(*) FROM sync_conflicts WHERE lost_row LIKE '%市总的修改%'")" = 1 ] && pass ||
	fail "HQ's edit lost without a conflict"

# HQ's clock stayed within the drift: its next bundle imports everywhere.
bound=$(( ($(date +%s) + 86400) * 1000 * 65536 ))
[ "$(hlc)" -le "$bound" ] && pass || fail "HQ's clock moved past the bound: $(hlc)"
expect_rc 0 "HQ's note on A's ticket" -- fb_as 周建国 --db "$HQ" ticket event "$TA" note --by 周建国 --text 已转县人社局
expect_rc 0 "HQ to A again" -- fb_as 周建国 --db "$HQ" export --out "$TMP/h2a.zip" --plain --since-last a --group "$GA"
expect_rc 0 "HQ to B again" -- fb_as 周建国 --db "$HQ" export --out "$TMP/h2b.zip" --plain --since-last b --group "$GB"
expect_rc 0 "A imports HQ's next bundle" -- fb_as 李习 --db "$A" import $(pins "$A" "$B" "$HQ") "$TMP/h2a.zip"
expect_grep "$TMP/out" "^Ticket history  *1 " "the note reached A"
# the versions the attacker made under A's id, which A never made, are kept there as conflicts
expect_grep "$TMP/out" "note: logs.csv:2: the bundle holds changes under this database's own device id" "A told"
[ "$(q "$A" "SELECT content FROM logs WHERE uuid = '$alog'")" = "走访宏达机械，职工反映加班费未足额发放。" ] && pass ||
	fail "A's own log replaced by a version A never made"
[ "$(q "$A" "SELECT count(*) FROM sync_conflicts WHERE uuid = '$alog'")" = 1 ] && pass || fail "not kept as a conflict at A"
expect_rc 0 "B imports HQ's next bundle" -- fb_as 赵敏 --db "$B" import $(pins "$A" "$B" "$HQ") "$TMP/h2b.zip"
[ "$(q "$B" "SELECT content FROM logs WHERE uuid = '$blog'")" = 走访困难职工家庭三户。 ] && pass || fail "B's log was changed"
[ "$(q "$B" "SELECT deleted FROM people WHERE uuid = '$sunli'")" = 0 ] && pass || fail "B's member was tombstoned"
finish
