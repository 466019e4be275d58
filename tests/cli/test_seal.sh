#!/bin/sh
# test_seal.sh - personal data sealed at rest (fieldbook/seal.h): a worker's
# name and phone are nowhere in the database's bytes (nor its WAL); lists
# without --as show them sealed, with --as opened (masked as ever); a
# station's bundle brings them to HQ readable for HQ's signed-in staff and
# sealed again in HQ's file, with HQ's own key.
. "$(dirname "$0")/lib.sh"
DB=$TMP/st.db
NAME=陈晓静
PHONE=13812348000

expect_rc 0 "init" -- fb_as "李　习" --db "$DB" init --group 第一工作组 --station 桃源镇 \
	--county 东湖区 --supervisor 周明 --leader "李　习" --member 王伟
[ "$(sqlite3 "$DB" "SELECT count(*) FROM seal_key")" = 1 ] && pass || fail "init made no data key"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM data_key_grants")" = 1 ] && pass ||
	fail "init granted the key to nobody"
expect_rc 0 "unit add" -- fb_as "李　习" --db "$DB" unit add --by "李　习" --name 宏达机械有限公司 \
	--contact 刘建国 --contact-phone 13900001111
expect_rc 0 "worker add" -- fb_as "李　习" --db "$DB" worker add --by "李　习" --name "$NAME" \
	--phone "$PHONE" --unit 宏达机械 --raised 欠薪问题
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
for f in "$DB" "$DB-wal"; do
	[ -e "$f" ] || continue
	grep -aq "$PHONE" "$f" && fail "the phone is in $(basename "$f")" || pass
	grep -aq "$NAME" "$f" && fail "the name is in $(basename "$f")" || pass
	grep -aq 13900001111 "$f" && fail "the contact's phone is in $(basename "$f")" || pass
	grep -aq 刘建国 "$f" && fail "the contact person is in $(basename "$f")" || pass
	grep -aq 欠薪问题 "$f" && fail "what they raised is in $(basename "$f")" || pass
done
[ "$(sqlite3 "$DB" "SELECT substr(name, 1, 4) FROM workers")" = "fb1:" ] && pass ||
	fail "the name is not stored sealed"

# without --as: sealed; with it: opened, the phone masked
expect_rc 0 "worker list without --as" -- "$FB" --db "$DB" worker list --format csv
expect_grep "$TMP/out" "(sealed)" "the list shows the placeholder"
grep -q "$NAME" "$TMP/out" && fail "the name shows without a sign-in" || pass
expect_rc 0 "worker list --as" -- fb_as "李　习" --db "$DB" worker list --format csv
expect_grep "$TMP/out" "$NAME" "the name shows to the signed-in leader"
expect_grep "$TMP/out" "138\*\*\*\*8000" "the phone masked in the list"
expect_rc 0 "worker list --match" -- fb_as "李　习" --db "$DB" worker list --match 晓静 --format csv
expect_grep "$TMP/out" "$NAME" "the name filter opens the names"
expect_rc 0 "unit show --as" -- fb_as "李　习" --db "$DB" unit show 1
expect_grep "$TMP/out" "刘建国" "the unit's contact person opened"
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$FB" --db "$DB" worker list --format csv \
	>"$TMP/out" 2>"$TMP/err"
expect_grep "$TMP/out" "（已加密）" "the placeholder in Chinese"

# writes without the key are refused, nothing written
before=$(dump "$DB")
expect_rc 1 "a member without a grant" -- fb_as 王伟 --db "$DB" worker add --by 王伟 --name 张三
expect_grep "$TMP/err" "group's key" "the refusal says why"
one_line "$TMP/err" "refusal"
expect_rc 0 "the member's list, sealed until the leader signs in" -- fb_as 王伟 --db "$DB" worker list --format csv
expect_grep "$TMP/out" "(sealed)" "a member without a grant sees them sealed"
expect_rc 0 "the leader signs in: the pending grant" -- fb_as "李　习" --db "$DB" stats
expect_rc 0 "the member's list" -- fb_as 王伟 --db "$DB" worker list --format csv
expect_grep "$TMP/out" "$NAME" "the member reads the name after the leader's sign-in"

# export needs the key; the bundle carries the values opened, HQ seals them with its own
expect_rc 1 "export without --as" -- "$FB" --db "$DB" export --out "$TMP/x.zip" --peer hq --plain
expect_grep "$TMP/err" "group's key" "export without the key says why"
[ ! -e "$TMP/x.zip" ] && pass || fail "a refused export left a bundle"
HQ=$TMP/hq.db
expect_rc 0 "init --hq" -- fb_as 赵敏 --db "$HQ" init --hq 东湖市总工会 --staff 赵敏
[ "$(sqlite3 "$HQ" "SELECT count(*) FROM seal_key")" = 1 ] && pass || fail "init --hq made no data key"
expect_rc 0 "export" -- fb_as "李　习" --db "$DB" export --out "$TMP/b.zip" --peer hq --plain
before=$(dump "$HQ")
expect_rc 1 "import at HQ without --as" -- "$FB" --db "$HQ" import --pin "$(fp "$DB")" "$TMP/b.zip"
expect_grep "$TMP/err" "signed in" "the refusal says why"
[ "$(dump "$HQ")" = "$before" ] && pass || fail "a refused import changed HQ's database"
expect_rc 0 "import at HQ" -- fb_as 赵敏 --db "$HQ" import --pin "$(fp "$DB")" "$TMP/b.zip"
sqlite3 "$HQ" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
for f in "$HQ" "$HQ-wal"; do
	[ -e "$f" ] || continue
	grep -aq "$PHONE" "$f" && fail "the phone is in HQ's $(basename "$f")" || pass
	grep -aq "$NAME" "$f" && fail "the name is in HQ's $(basename "$f")" || pass
done
[ "$(sqlite3 "$HQ" "SELECT name FROM workers")" != "$(sqlite3 "$DB" "SELECT name FROM workers")" ] &&
	pass || fail "HQ stores the station's ciphertext, not its own"
expect_rc 0 "HQ's list --as" -- fb_as 赵敏 --db "$HQ" worker list --format csv
expect_grep "$TMP/out" "$NAME" "HQ's signed-in staff read the name"
expect_rc 0 "HQ's list without --as" -- "$FB" --db "$HQ" worker list --format csv
expect_grep "$TMP/out" "(sealed)" "HQ's list without a sign-in is sealed"
# imported again: unchanged (the sealing is deterministic)
expect_rc 0 "import again" -- fb_as 赵敏 --db "$HQ" import --pin "$(fp "$DB")" "$TMP/b.zip"
grep -Eq "^Workers met +0 +0 +1 +0 +0" "$TMP/out" && pass ||
	fail "the same bundle again: the worker is not unchanged"

finish
