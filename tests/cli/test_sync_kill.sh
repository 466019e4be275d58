#!/bin/bash
# test_sync_kill.sh - kill -9 at random moments of an import of a sealed
# bundle: afterwards PRAGMA integrity_check is ok and the database holds
# either none or all of the bundle (and its sender pinned or not), never
# part; no readable leftover. Then kill -9 during a sealed export: the
# bundle's name holds a whole bundle or nothing, a leftover temporary file
# is ciphertext and the next export removes it. Short form by default;
# FB_KILLS=200 FB_KILL_LOGS=20000 for the long form.
. "$(dirname "$0")/lib.sh"
kills=${FB_KILLS:-8}
logs=${FB_KILL_LOGS:-3000}

expect_rc 0 "demo" -- "$FB" --db "$TMP/a.db" demo --logs "$logs" --seed 11
# HQ's keys reach the station in a (plain, empty) bundle from HQ.
base=$TMP/hq-base.db
expect_rc 0 "HQ init" -- "$FB" --db "$base" init
expect_rc 0 "HQ's first bundle" -- fb_lead "$base" export --out "$TMP/h.zip" --plain
expect_rc 0 "A pins HQ" -- fb_lead "$TMP/a.db" import --pin "$(fp "$base")" "$TMP/h.zip"
expect_rc 0 "export" -- fb_lead "$TMP/a.db" export --out "$TMP/a.zip"
total=$(sqlite3 "$TMP/a.db" 'SELECT count(*) FROM logs')
PIN=$(fp "$TMP/a.db")
phone=$(sqlite3 "$TMP/a.db" "SELECT phone FROM people WHERE phone <> '' LIMIT 1")

# How long a whole import takes, to spread the kills over it.
start=$(date +%s%N)
cp "$base" "$TMP/t.db"
fb_as 1 --db "$TMP/t.db" import --pin "$PIN" "$TMP/a.zip" >/dev/null 2>&1 || fail "timing import"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
rm -f "$TMP"/t.db*

db=$TMP/hq.db
seen_none=0 seen_all=0
for i in $(seq "$kills"); do
	rm -f "$db" "$db-wal" "$db-shm"
	cp "$base" "$db"
	# fieldbook itself in the background (not a shell function): $! is its pid
	"$FB" --as 1 --password-fd 3 --db "$db" import --pin "$PIN" "$TMP/a.zip" >/dev/null 2>&1 3<<<"$FB_TEST_SECRET" &
	pid=$!
	delay=$(( RANDOM % (ms + 50) ))
	sleep "$(printf '0.%03d' $(( delay % 1000 )))"
	[ $delay -ge 1000 ] && sleep $(( delay / 1000 ))
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	# killed while the file was being created or migrated: still "before"
	if [ ! -f "$db" ] || [ "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'logs'")" = 0 ]; then
		seen_none=$((seen_none + 1)); pass; continue
	fi
	ic=$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)
	[ "$ic" = ok ] && pass || fail "kill $i after ${delay} ms: integrity_check: $ic"
	n=$(sqlite3 "$db" 'SELECT count(*) FROM logs' 2>&1)
	pinned=$(sqlite3 "$db" 'SELECT count(*) FROM peer_keys' 2>&1)
	case $n/$pinned in
	0/0) seen_none=$((seen_none + 1)); pass ;;
	"$total"/1) seen_all=$((seen_all + 1)); pass ;;
	*) fail "kill $i after ${delay} ms: $n of $total logs, $pinned keys pinned: a partial import" ;;
	esac
	# the decrypted zip had no name: nothing readable beside the database
	left=$(find "$TMP" -type f ! -name '*.db' ! -name '*.db-wal' ! -name '*.db-shm' \
		-exec grep -lsa -- "$phone" {} + | tr '\n' ' ')
	[ -z "$left" ] && pass || fail "kill $i: a readable leftover: $left"
done
echo "$kills kills over ${ms} ms: $seen_none before, $seen_all after"
# And a clean import afterwards completes.
expect_rc 0 "import after the kills" -- fb_as 1 --db "$db" import --pin "$PIN" "$TMP/a.zip"
got=$(sqlite3 "$db" "SELECT count(*) FROM logs")
[ "$got" = "$total" ] && pass || fail "final import: $got of $total logs"

# kill -9 during a sealed export.
start=$(date +%s%N)
fb_lead "$TMP/a.db" export --out "$TMP/t.bundle" >/dev/null 2>&1 || fail "timing export"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
rm -f "$TMP/t.bundle"
out=$TMP/stick/a.bundle
mkdir -p "$TMP/stick"
whole=0 nothing=0
for i in $(seq "$kills"); do
	rm -f "$out"
	fb_lead "$TMP/a.db" export --out "$out" >/dev/null 2>&1 &
	pid=$!
	delay=$(( RANDOM % (ms + 20) ))
	sleep "$(printf '0.%03d' $(( delay % 1000 )))"
	[ $delay -ge 1000 ] && sleep $(( delay / 1000 ))
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	if [ -e "$out" ]; then
		rm -f "$TMP/k.db"*; cp "$base" "$TMP/k.db"
		"$FB" --db "$TMP/k.db" import --pin "$PIN" "$out" >/dev/null 2>&1 && pass ||
			fail "kill $i after ${delay} ms: the bundle under its name is not whole"
		whole=$((whole + 1))
	else
		nothing=$((nothing + 1)); pass
	fi
	left=$(find "$TMP/stick" -type f -exec grep -lsa -- "$phone" {} + | tr '\n' ' ')
	[ -z "$left" ] && pass || fail "export kill $i: readable: $left"
done
echo "$kills export kills over ${ms} ms: $nothing nothing, $whole whole"
ls "$TMP/stick" | grep -q '\.tmp\.' && left=1 || left=0
expect_rc 0 "export after the kills" -- fb_lead "$TMP/a.db" export --out "$out"
ls "$TMP/stick" | grep -q '\.tmp\.' && fail "the next export left the leftovers" || pass
echo "leftovers before the last export: $left"
finish
