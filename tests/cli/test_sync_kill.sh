#!/bin/bash
# test_sync_kill.sh - kill -9 at random moments of an import: afterwards
# PRAGMA integrity_check is ok and the database holds either none or all of
# the bundle, never part. Short form by default; FB_KILLS=200 FB_KILL_LOGS=
# 20000 for the long form.
. "$(dirname "$0")/lib.sh"
kills=${FB_KILLS:-8}
logs=${FB_KILL_LOGS:-3000}

expect_rc 0 "demo" -- "$FB" --db "$TMP/a.db" demo --logs "$logs" --seed 11
expect_rc 0 "export" -- "$FB" --db "$TMP/a.db" export --out "$TMP/a.zip"
total=$(sqlite3 "$TMP/a.db" 'SELECT count(*) FROM logs')

# How long a whole import takes, to spread the kills over it.
start=$(date +%s%N)
fb_as 1 --db "$TMP/t.db" import "$TMP/a.zip" >/dev/null 2>&1 || fail "timing import"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
rm -f "$TMP"/t.db*

db=$TMP/hq.db
seen_none=0 seen_all=0
for i in $(seq "$kills"); do
	rm -f "$db" "$db-wal" "$db-shm"
	# fieldbook itself in the background (not a shell function): $! is its pid
	"$FB" --as 1 --password-fd 3 --db "$db" import "$TMP/a.zip" >/dev/null 2>&1 3<<<"$FB_TEST_SECRET" &
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
	case $n in
	0) seen_none=$((seen_none + 1)); pass ;;
	"$total") seen_all=$((seen_all + 1)); pass ;;
	*) fail "kill $i after ${delay} ms: $n of $total logs: a partial import" ;;
	esac
	fk=$(sqlite3 "$db" 'PRAGMA foreign_key_check' 2>&1)
	[ -z "$fk" ] && pass || fail "kill $i: foreign_key_check: $fk"
done
echo "$kills kills over ${ms} ms: $seen_none before, $seen_all after"
# And a clean import afterwards completes.
expect_rc 0 "import after the kills" -- fb_as 1 --db "$db" import "$TMP/a.zip"
got=$(sqlite3 "$db" "SELECT count(*) FROM logs")
[ "$got" = "$total" ] && pass || fail "final import: $got of $total logs"
finish
