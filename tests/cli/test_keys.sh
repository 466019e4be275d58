#!/bin/bash
# test_keys.sh - this device's keys: made at init and at the first open of
# a database from before keys (nothing lost), a fingerprint in six groups
# of five digits, rotation signed by the old key, a
# passphrase-protected backup that restores only with its passphrase.
. "$(dirname "$0")/lib.sh"

A=$TMP/a.db
expect_rc 0 "init" -- fb_lead "$A" init --group 测试组 --station 某镇 --leader 张三
expect_rc 0 "key show" -- "$FB" --db "$A" key show
expect_grep "$TMP/out" "^Fingerprint:  [0-9]\{5\} [0-9]\{5\} [0-9]\{5\} [0-9]\{5\} [0-9]\{5\} [0-9]\{5\}$" \
	"fingerprint as digit groups"
fp1=$(sed -n 's/^Fingerprint:  //p' "$TMP/out")
[ "$(sqlite3 "$A" "SELECT count(*) FROM device_keys WHERE retired_at IS NULL AND length(sign_sk) = 64 AND length(box_sk) = 32")" = 1 ] &&
	pass || fail "one current pair of each kind"

# A database without keys enrols at its next open and keeps its rows (one
# from before migration 011: tests/unit/test_store.c, every old schema).
O=$TMP/old.db
cp "$A" "$O"
sqlite3 "$O" "DELETE FROM device_keys"
before=$(sqlite3 "$O" "SELECT count(*) FROM people")
expect_rc 0 "old database opens" -- "$FB" --db "$O" key show
[ "$(sqlite3 "$O" "SELECT count(*) FROM device_keys")" = 1 ] && pass || fail "old database not enrolled"
[ "$(sqlite3 "$O" "SELECT count(*) FROM people")" = "$before" ] && pass || fail "rows lost at enrolment"

# Rotation: a new pair, the old one retired, the record signed by the old key.
expect_rc 0 "rotate" -- fb_lead "$A" key rotate
fp2=$(sed -n 's/^Fingerprint:  //p' "$TMP/out")
[ -n "$fp2" ] && [ "$fp2" != "$fp1" ] && pass || fail "rotation kept the fingerprint"
[ "$(sqlite3 "$A" "SELECT count(*) FROM device_keys WHERE retired_at IS NOT NULL")" = 1 ] && pass ||
	fail "old pair not kept"
[ "$(sqlite3 "$A" "SELECT length(rotation_sig), length(prev_sign_pk) FROM device_keys WHERE retired_at IS NULL")" = "64|32" ] &&
	pass || fail "no rotation record"

# Backup and restore: only with the passphrase, only into a new database.
printf 'correct horse battery\n' | fb_lead "$A" key backup "$TMP/a.keys" >"$TMP/out" 2>&1 && pass ||
	fail "backup"
[ "$(stat -c %a "$TMP/a.keys")" = 600 ] && pass || fail "backup not 0600"
for secret in $(sqlite3 "$A" "SELECT hex(sign_sk), hex(box_sk) FROM device_keys WHERE retired_at IS NULL" | tr '|' ' '); do
	od -An -tx1 -v "$TMP/a.keys" | tr -d ' \n' | grep -qi "$secret" && fail "secret key readable in the backup" || pass
done
expect_rc 0 "new database" -- fb_lead "$TMP/b.db" init
before=$(dump "$TMP/b.db")
printf 'wrong passphrase\n' >"$TMP/pw"
expect_rc 1 "wrong passphrase" -- fb_lead "$TMP/b.db" key restore "$TMP/a.keys" <"$TMP/pw"
expect_grep "$TMP/err" "wrong passphrase" "says the passphrase is wrong"
one_line "$TMP/err" "wrong passphrase"
[ "$(dump "$TMP/b.db")" = "$before" ] && pass || fail "a wrong passphrase wrote"
printf 'correct horse battery\n' >"$TMP/pw"
expect_rc 1 "restore over own records" -- fb_lead "$A" key restore "$TMP/a.keys" <"$TMP/pw"
expect_grep "$TMP/err" "new database" "restore only into a new database"
expect_rc 0 "restore" -- fb_lead "$TMP/b.db" key restore "$TMP/a.keys" <"$TMP/pw"
expect_rc 0 "restored keys" -- "$FB" --db "$TMP/b.db" key show
expect_grep "$TMP/out" "^Fingerprint:  $fp2$" "restored the current pair"
[ "$(sqlite3 "$TMP/b.db" "SELECT value FROM meta WHERE key = 'device_id'")" = \
  "$(sqlite3 "$A" "SELECT value FROM meta WHERE key = 'device_id'")" ] && pass || fail "device id not restored"
printf 'short\n' >"$TMP/pw"
expect_rc 1 "short passphrase" -- fb_lead "$A" key backup "$TMP/c.keys" <"$TMP/pw"
[ ! -e "$TMP/c.keys" ] && pass || fail "a refused backup left a file"
expect_rc 2 "unknown subcommand" -- "$FB" --db "$A" key frobnicate
finish
