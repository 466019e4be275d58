#!/bin/bash
# test_cli_demo.sh - demo data: size, determinism, and the list's columns
# line up on screen (every row has the same display width up to the last
# column).
. "$(dirname "$0")/lib.sh"
DB=$TMP/demo.db
expect_rc 0 "demo" -- "$FB" --db "$DB" demo --logs 5000 --seed 3 --end 2026-11-20
expect_grep "$TMP/out" "5000" "demo reports the size"
[ "$(sqlite3 "$DB" 'select count(*) from logs')" = 5000 ] && pass || fail "5000 logs"
expect_rc 0 "demo again, same seed" -- "$FB" --db "$TMP/demo2.db" demo --logs 5000 --seed 3 --end 2026-11-20
a=$(sqlite3 "$DB" 'select group_concat(uuid||content) from (select * from logs order by id limit 100)')
b=$(sqlite3 "$TMP/demo2.db" 'select group_concat(uuid||content) from (select * from logs order by id limit 100)')
[ "$a" = "$b" ] && pass || fail "same seed, different data"
expect_rc 1 "demo: bad size" -- "$FB" --db "$DB" demo --logs many
expect_rc 0 "log list" -- "$FB" --db "$DB" log list --limit 20
# The Content column starts at the same display column on every line:
# cut each line before its last two-space gap and measure the display width
# (wc -L counts CJK as two columns).
w=$(while IFS= read -r l; do printf '%s\n' "${l%  *}" | wc -L; done <"$TMP/out" | sort -u | wc -l)
[ "$w" = 1 ] && pass || { fail "columns do not line up"; cat "$TMP/out" >&2; }
[ "$(wc -l <"$TMP/out")" = 21 ] && pass || fail "20 rows and a header"
grep -qP '[\x{4e00}-\x{9fff}]' "$TMP/out" && pass || fail "no Chinese in the list"
finish
