#!/bin/bash
# test_init_cleanup.sh - a failed init leaves no file; a database that was
# there before a failed init stays as it was; a damaged database is said to
# be damaged and not changed.
. "$(dirname "$0")/lib.sh"
DB=$TMP/new.db

# the group is fine, the leader's name is not (an invisible character)
expect_rc 1 "init with a bad leader" -- "$FB" --db "$DB" init --group 第一组 --station 桃源镇 \
	--leader "$(printf '李\342\200\213习')"
expect_grep "$TMP/err" "U+200B ZERO WIDTH SPACE" "the character is named"
one_line "$TMP/err" "init with a bad leader"
for f in "$DB" "$DB-wal" "$DB-shm" "$DB-journal"; do
	[ ! -e "$f" ] && pass || fail "a failed init left $(basename "$f")"
done

# an existing database keeps what it had
expect_rc 0 "init" -- fb_as 李习 --db "$DB" init --group 第一组 --station 桃源镇 --leader 李习
expect_rc 1 "a second group with a bad member" -- fb_as 李习 --db "$DB" init --group 第二组 \
	--station 城关镇 --member "$(printf 'a\tb')"
[ -f "$DB" ] && pass || fail "a failed init removed a database that was there"
expect_rc 0 "person list" -- "$FB" --db "$DB" person list --format csv
expect_grep "$TMP/out" "李习" "the first group's people are still there"
if grep -q "第二组" "$TMP/out"; then fail "half of the failed init was kept"; else pass; fi

# a database cut off is damaged, and stays exactly as it was
expect_rc 0 "demo" -- "$FB" --db "$TMP/cut.db" demo --logs 300 --end 2026-11-20
size=$(stat -c %s "$TMP/cut.db")
truncate -s $((size / 2)) "$TMP/cut.db"
before=$(md5sum <"$TMP/cut.db")
expect_rc 1 "a cut-off database" -- "$FB" --db "$TMP/cut.db" log list
expect_grep "$TMP/err" "damaged" "the damage is named"
one_line "$TMP/err" "a cut-off database"
[ "$(md5sum <"$TMP/cut.db")" = "$before" ] && pass || fail "the damaged database was changed"
[ ! -s "$TMP/cut.db-wal" ] && pass || fail "a WAL was written into the damaged database"
finish
