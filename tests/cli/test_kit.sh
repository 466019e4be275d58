#!/bin/bash
# test_kit.sh - enrolment offline: HQ writes a station kit sealed with a
# one-time passphrase; the station starts from it (init --from), HQ's keys
# pinned by the kit; a wrong passphrase or a damaged kit sets nothing up and
# leaves no file; an existing station enrols without losing data; kill -9
# during enrolment leaves nothing or all of it.
. "$(dirname "$0")/lib.sh"
HQ=$TMP/hq.db S=$TMP/s.db
expect_rc 0 "HQ sets the group up" -- fb_lead "$HQ" init --group 新建工作组 --station 桃源镇 --leader 张三 --member 李四
expect_rc 2 "--kit needs --group" -- fb_lead "$HQ" export --kit --out "$TMP/kit.bundle"
expect_rc 0 "HQ writes the kit" -- fb_lead "$HQ" export --kit --group 新建工作组 --out "$TMP/kit.bundle"
pass=$(sed -n 's/^  \([0-9-]*\)$/\1/p' "$TMP/out")
echo "$pass" | grep -qE '^[0-9]{5}(-[0-9]{5}){4}$' && pass || fail "passphrase not five groups of five digits: $pass"
for secret in 新建工作组 张三 桃源镇 "$(sqlite3 "$HQ" "SELECT uuid FROM work_groups")"; do
	grep -qaF -- "$secret" "$TMP/kit.bundle" && fail "kit shows $secret" || pass
done

# a wrong passphrase: nothing set up, no file left
echo 11111-22222-33333-44444-55555 >"$TMP/pw"
expect_rc 1 "wrong passphrase" -- fb_lead "$S" init --from "$TMP/kit.bundle" <"$TMP/pw"
expect_grep "$TMP/err" "wrong passphrase" "says so"
one_line "$TMP/err" "wrong passphrase"
[ ! -e "$S" ] && pass || fail "a refused kit left a database"
# a damaged kit
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[len(b) // 2] ^= 4; open(sys.argv[2], "wb").write(b)' \
	"$TMP/kit.bundle" "$TMP/bad.bundle"
echo "$pass" >"$TMP/pw"
expect_rc 1 "damaged kit" -- fb_lead "$S" init --from "$TMP/bad.bundle" <"$TMP/pw"
[ ! -e "$S" ] && pass || fail "a damaged kit left a database"
# a kit is not imported as a bundle
expect_rc 1 "kit imported as a bundle" -- fb_lead "$TMP/x.db" import "$TMP/kit.bundle"
expect_grep "$TMP/err" "station kit" "names it a kit"

# the right one
expect_rc 0 "init --from" -- fb_lead "$S" init --from "$TMP/kit.bundle" <"$TMP/pw"
expect_grep "$TMP/out" "$(fp "$HQ")" "HQ's fingerprint shown"
[ "$(sqlite3 "$S" "SELECT kind, pinned_by FROM peer_keys")" = "hq|kit" ] && pass || fail "HQ not pinned by the kit"
[ "$(sqlite3 "$S" "SELECT count(*) FROM people")" = 2 ] && pass || fail "roster not there"
# the station's first bundle is sealed for HQ at once
expect_rc 0 "station log" -- fb_as 李四 --db "$S" log add --author 李四 --unit 宏达机械 --activity enterprise_visit --enterprises 1 --content 入驻后第一条 --date 2026-11-22
expect_rc 0 "sealed for HQ" -- fb_as 李四 --db "$S" export --out "$TMP/s1.bundle" --since-last hq
expect_rc 0 "HQ pins and imports" -- fb_lead "$HQ" import --pin "$(fp "$S")" "$TMP/s1.bundle"
[ "$(sqlite3 "$HQ" "SELECT count(*) FROM logs WHERE content = '入驻后第一条'")" = 1 ] && pass || fail "log not at HQ"

# an existing station enrols the same way, keeping its records
O=$TMP/old.db H2=$TMP/hq2.db
expect_rc 0 "old station" -- "$FB" --db "$O" demo --logs 30 --seed 4
n=$(sqlite3 "$O" "SELECT count(*) FROM logs")
expect_rc 0 "its plain bundle" -- fb_lead "$O" export --out "$TMP/o.zip" --plain
expect_rc 0 "HQ2 takes it" -- fb_lead "$H2" import --pin "$(fp "$O")" "$TMP/o.zip"
expect_rc 0 "HQ2's kit" -- fb_lead "$H2" export --kit --group "$(sqlite3 "$H2" "SELECT name FROM work_groups")" --out "$TMP/kit2.bundle"
sed -n 's/^  \([0-9-]*\)$/\1/p' "$TMP/out" >"$TMP/pw2"
expect_rc 0 "existing station from the kit" -- fb_lead "$O" init --from "$TMP/kit2.bundle" <"$TMP/pw2"
[ "$(sqlite3 "$O" "SELECT count(*) FROM logs")" = "$n" ] && pass || fail "records lost at enrolment"
expect_rc 0 "now sealed for HQ2" -- fb_lead "$O" export --out "$TMP/o2.bundle" --since-last hq
expect_rc 0 "HQ2 opens it" -- fb_lead "$H2" import "$TMP/o2.bundle"

# kill -9 during enrolment: no file, or nothing of the kit, or all of it
for i in 1 2 3 4 5 6; do
	rm -f "$TMP/k.db"*
	fb_lead "$TMP/k.db" init --from "$TMP/kit.bundle" <"$TMP/pw" >/dev/null 2>&1 &
	pid=$!
	sleep "0.$((RANDOM % 9))"
	kill -9 $(pgrep -P $pid) $pid 2>/dev/null # fb_as runs it in a subshell
	wait $pid 2>/dev/null
	[ -e "$TMP/k.db" ] || { pass; continue; }
	state=$(sqlite3 "$TMP/k.db" "SELECT (SELECT count(*) FROM work_groups) || '/' || (SELECT count(*) FROM peer_keys)" 2>/dev/null)
	case $state in ""|0/0|1/1) pass ;; *) fail "enrolment kill $i: between ($state)" ;; esac
done
finish
