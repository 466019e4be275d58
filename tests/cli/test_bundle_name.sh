#!/bin/bash
# test_bundle_name.sh - export without --out names the bundle after the work
# group and the day (fieldbook-GROUP-DATE.zip, a kit fieldbook-kit-...), in
# the current folder, a name safe on any stick; never a person's name or
# phone. --xlsx still needs --out.
. "$(dirname "$0")/lib.sh"

S=$TMP/s.db HQ=$TMP/hq.db
expect_rc 0 "station" -- fb_lead "$S" init --group 城关镇蹲点组 --station 城关镇 --leader 李明 --member 王芳
expect_rc 0 "a phone" -- fb_lead "$S" person edit 王芳 --phone 13800138000
mkdir -p "$TMP/stick" && cd "$TMP/stick" || exit 1
expect_rc 0 "export, no --out" -- fb_lead "$S" export --plain
[ -s "fieldbook-城关镇蹲点组-2026-11-22.zip" ] && pass || fail "station bundle: $(ls)"
expect_grep "$TMP/out" "fieldbook-城关镇蹲点组-2026-11-22.zip" "the summary names the file"
ls | grep -q -e 李明 -e 王芳 -e 13800138000 && fail "a person in a file name: $(ls)" || pass
expect_rc 2 "--xlsx still needs --out" -- fb_lead "$S" export --xlsx
expect_grep "$TMP/err" "out FILE is required" "--xlsx without --out"

# HQ: a group's bundle and its kit name that group; HQ's own says hq
expect_rc 0 "HQ" -- fb_lead "$HQ" init --hq 某市总工会 --staff 市总
expect_rc 0 "HQ's bundle" -- fb_lead "$HQ" export --plain
[ -s "fieldbook-hq-2026-11-22.zip" ] && pass || fail "HQ's bundle: $(ls)"
expect_rc 0 "HQ learns the station" -- fb_lead "$HQ" import --pin "$(fp "$S" | tr -d ' ')" \
	"$TMP/stick/fieldbook-城关镇蹲点组-2026-11-22.zip"
# a name no stick takes as it is: slashes, colons, spaces, a leading dot
sqlite3 "$HQ" "UPDATE work_groups SET name = '.东 区/一组:*?' WHERE name = '城关镇蹲点组'"
expect_rc 0 "kit, no --out" -- fb_lead "$HQ" export --kit --group '.东 区/一组:*?'
[ -s "fieldbook-kit--东-区-一组----2026-11-22.zip" ] && pass || fail "the kit: $(ls)"
[ -z "$(find "$TMP/stick" -mindepth 2)" ] && pass || fail "a slash made a folder"

cd / && finish
