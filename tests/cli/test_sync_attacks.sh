#!/bin/bash
# test_sync_attacks.sh - a found stick and a forger, through the real
# binary. A sealed bundle shows no name, phone, group name or uuid; a bundle
# for another device, cut short, with a bit flipped anywhere, re-signed with
# another key, with the signature of another manifest, or replayed after a
# later one: each refused with a message a person can act on, and the
# database compared byte for byte before and after. Keys rotated: the old
# key's record is followed; kill -9 during a rotation leaves old or new keys.
. "$(dirname "$0")/lib.sh"
RESIGN=${FB_RESIGN:-${FB_BUILD_DIR:?}/tests/fb_resign}
A=$TMP/a.db B=$TMP/b.db HQ=$TMP/hq.db
expect_rc 0 "HQ" -- fb_lead "$HQ" init
fb_hq_person "$HQ" || fail "HQ's own person"
expect_rc 0 "HQ's keys to the stations" -- fb_lead "$HQ" export --out "$TMP/h0.zip" --plain
expect_rc 0 "station A" -- "$FB" --db "$A" demo --logs 40 --seed 5
expect_rc 0 "station B" -- "$FB" --db "$B" demo --logs 10 --seed 6
for s in "$A" "$B"; do
	expect_rc 0 "station pins HQ" -- fb_lead "$s" import --pin "$(fp "$HQ")" "$TMP/h0.zip"
done
# HQ's staff came to the stations with HQ's bundle; on a station's laptop
# nobody may take their name (set "their" first password and act as HQ)
before=$(dump "$B")
expect_rc 1 "HQ's staff at a station" -- fb_as 市总 --db "$B" log list
expect_grep "$TMP/err" "headquarters staff sign in on headquarters' database" "says where they sign in"
[ "$(dump "$B")" = "$before" ] && pass || fail "a password was set for HQ's staff at B"
expect_rc 0 "A's sealed bundle" -- fb_lead "$A" export --out "$TMP/a1.bundle" --since-last hq
[ "$(stat -c %a "$TMP/a1.bundle")" = 600 ] && pass || fail "bundle not 0600"
expect_rc 0 "HQ imports it" -- fb_lead "$HQ" import --pin "$(fp "$A")" "$TMP/a1.bundle"

# ---- a found stick: nothing of the group in its bytes
q() { sqlite3 "$A" "$1"; }
for secret in "$(q "SELECT name FROM people WHERE deleted = 0 ORDER BY id LIMIT 1")" \
	"$(q "SELECT phone FROM people WHERE phone <> '' LIMIT 1")" \
	"$(q "SELECT name FROM work_groups LIMIT 1")" "$(q "SELECT uuid FROM work_groups LIMIT 1")" \
	"$(q "SELECT uuid FROM logs LIMIT 1")" "$(q "SELECT value FROM meta WHERE key = 'device_id'")" \
	"$(q "SELECT unit FROM logs LIMIT 1")" logs.csv manifest; do
	[ -n "$secret" ] || { fail "no secret to look for"; continue; }
	if grep -qaF -- "$secret" "$TMP/a1.bundle"; then fail "found in the sealed bundle: $secret"; else pass; fi
done
# the same bundle plain shows them: the test can fail
expect_rc 0 "plain" -- fb_lead "$A" export --out "$TMP/plain.zip" --plain
unzip -p "$TMP/plain.zip" people.csv | grep -qF "$(q "SELECT phone FROM people WHERE phone <> '' LIMIT 1")" &&
	pass || fail "the plain bundle does not hold the phone: the grep above proves nothing"

# refused NAME PATTERN FILE [DB]: refused with PATTERN, one line, nothing written
refused() {
	local db=${4:-$HQ} before
	before=$(dump "$db")
	expect_rc 1 "$1" -- fb_lead "$db" import "$3"
	expect_grep "$TMP/err" "$2" "$1: says why"
	one_line "$TMP/err" "$1"
	[ "$(dump "$db")" = "$before" ] && pass || { fail "$1: the database changed"; [ -n "${FB_DEBUG_DUMP:-}" ] && diff <(echo "$before") <(dump "$db") >&2; }
}

refused "sealed for HQ, opened at B" "sealed for another device" "$TMP/a1.bundle" "$B"

# ---- damage: cut short, a bit flipped anywhere
fb_lead "$A" log add --author "$(q "SELECT name FROM people WHERE role = 'member' LIMIT 1")" \
	--unit 宏达机械 --activity enterprise_visit --enterprises 1 --content 第二个数据包 --date 2026-11-20 >/dev/null
expect_rc 0 "A's next bundle" -- fb_lead "$A" export --out "$TMP/a2.bundle" --since-last hq
size=$(stat -c %s "$TMP/a2.bundle")
for cut in 20 200 $((size / 2)) $((size - 1)); do
	head -c "$cut" "$TMP/a2.bundle" >"$TMP/cut.bundle"
	refused "cut to $cut bytes" "damaged\|not a" "$TMP/cut.bundle"
done
flip() { python3 -c 'import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[int(sys.argv[2])] ^= 1 << int(sys.argv[3])
open(sys.argv[4], "wb").write(b)' "$TMP/a2.bundle" "$1" "$2" "$TMP/flip.bundle"; }
for at in 0 8 9 20 60 120 140 160 $((size / 2)) $((size - 20)) $((size - 1)); do
	flip "$at" $((at % 8))
	refused "bit flipped at $at" "damaged\|not a\|another device\|zip" "$TMP/flip.bundle"
done
expect_rc 0 "the undamaged bundle still imports" -- fb_lead "$HQ" import "$TMP/a2.bundle"

# ---- replay: A's first bundle again, after its second
refused "replay of an older bundle" "older than one already imported" "$TMP/a1.bundle"

# ---- forgery: plain bundles re-signed
mkdir "$TMP/p1" "$TMP/p2"
(cd "$TMP/p1" && unzip -q "$TMP/plain.zip")
fb_lead "$A" log add --author "$(q "SELECT name FROM people WHERE role = 'member' LIMIT 1")" \
	--unit 宏达机械 --activity enterprise_visit --enterprises 1 --content 第三个数据包 --date 2026-11-20 >/dev/null
expect_rc 0 "another plain bundle" -- fb_lead "$A" export --out "$TMP/plain2.zip" --plain
(cd "$TMP/p2" && unzip -q "$TMP/plain2.zip")
# the signature of another manifest
cp "$TMP/p1/manifest.sig" "$TMP/p2/manifest.sig"
(cd "$TMP/p2" && zip -q -X "$TMP/swapped.zip" ./*.csv manifest.txt manifest.sig)
refused "the signature of another manifest" "signature does not match" "$TMP/swapped.zip"
# signed by B's key, claiming to be A
"$RESIGN" "$B" "$TMP/p2" --device "$(q "SELECT value FROM meta WHERE key = 'device_id'")"
(cd "$TMP/p2" && zip -q -X "$TMP/forged.zip" ./*.csv manifest.txt manifest.sig)
refused "re-signed with another key" "new keys that its pinned keys did not announce.*--pin" "$TMP/forged.zip"
# signed by B as B: an unknown device, its fingerprint named
"$RESIGN" "$B" "$TMP/p2"
(cd "$TMP/p2" && zip -q -X "$TMP/asb.zip" ./*.csv manifest.txt manifest.sig)
refused "a device not registered" "not registered here.*$(fp "$B")" "$TMP/asb.zip"
# a wrong fingerprint typed: refused too
before=$(dump "$HQ")
expect_rc 1 "a wrong --pin" -- fb_lead "$HQ" import --pin "$(fp "$A")" "$TMP/asb.zip"
expect_grep "$TMP/err" "is not this bundle's" "the mismatch named"
[ "$(dump "$HQ")" = "$before" ] && pass || fail "a wrong --pin wrote"
# an unsigned bundle (a fieldbook from before signatures)
rm "$TMP/p2/manifest.sig"
(cd "$TMP/p2" && zip -q -X "$TMP/unsigned.zip" ./*.csv manifest.txt)
refused "unsigned" "not signed" "$TMP/unsigned.zip"

# ---- rotation: the record signed by the old key is followed
expect_rc 0 "A rotates its keys" -- fb_lead "$A" key rotate
expect_rc 0 "A's bundle with new keys" -- fb_lead "$A" export --out "$TMP/a3.bundle" --since-last hq
expect_rc 0 "HQ follows the rotation" -- fb_lead "$HQ" import "$TMP/a3.bundle"
[ "$(sqlite3 "$HQ" "SELECT pinned_by, rotated_from IS NOT NULL FROM peer_keys WHERE retired_at IS NULL AND kind = 'station'")" = "rotation|1" ] &&
	pass || fail "new keys not pinned by rotation"
[ "$(sqlite3 "$HQ" "SELECT count(*) FROM peer_keys WHERE retired_at IS NOT NULL")" = 1 ] && pass ||
	fail "old key not kept (retired)"

# kill -9 during a rotation: old keys or new, one current pair, never between
for i in 1 2 3 4 5 6; do
	old=$(fp "$A")
	fb_lead "$A" key rotate >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((RANDOM % 10))"
	kill -9 $(pgrep -P $pid) $pid 2>/dev/null # fb_as runs it in a subshell
	wait $pid 2>/dev/null
	cur=$(sqlite3 -cmd ".timeout 5000" "$A" "SELECT count(*) FROM device_keys WHERE retired_at IS NULL" 2>&1)
	[ "$cur" = 1 ] && pass || fail "rotation kill $i: not exactly one current pair: $cur"
	new=$(fp "$A")
	retired=$(sqlite3 -cmd ".timeout 5000" "$A" "SELECT count(*) FROM device_keys WHERE retired_at IS NOT NULL")
	[ -n "$new" ] && pass || fail "rotation kill $i: no keys"
	[ "$new" = "$old" ] || [ "$(sqlite3 -cmd ".timeout 5000" "$A" "SELECT length(rotation_sig) FROM device_keys WHERE retired_at IS NULL")" = 64 ] &&
		pass || fail "rotation kill $i: new keys without their record"
	: "$retired"
done
expect_rc 0 "A's bundle after the kills" -- fb_lead "$A" export --out "$TMP/a4.bundle" --since-last hq
finish
