#!/bin/bash
# fieldbook rollup push|stats against a real PostgreSQL 15 that this test
# starts itself: initdb into a temporary directory as an unprivileged user
# (nobody when run as root), listening only on a Unix socket there, password
# authentication (scram) with the password in a PGPASSFILE. Two demo city
# databases made headquarters' are pushed twice (the second changes
# nothing), edited and pushed incrementally, a push is killed with SIGKILL
# in the middle (the warehouse keeps the previous state, the next push
# completes it), a second identity for a city is refused, a wrong password
# is one line without the password, and `rollup stats` equals `stats` for
# each city. Without PostgreSQL: SKIPPED loudly (exit 77, ctest's Skipped),
# and a failure under CI=true.
. "$(dirname "$0")/lib.sh"

PGBIN=${FB_PGBIN:-/usr/lib/postgresql/15/bin}
skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: test_rollup cannot run: $1 (CI=true: nothing may be skipped)" >&2
		exit 1
	fi
	echo "SKIPPED: test_rollup: $1 - NOTHING OF THE ROLL-UP WAS TESTED" >&2
	exit 77 # ctest: Skipped (SKIP_RETURN_CODE in tests/CMakeLists.txt)
}
[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] || skip_or_fail "no PostgreSQL in $PGBIN (postgresql-15)"

# The server's directory, owned by the unprivileged user that runs it.
PGT=$(mktemp -d /tmp/fbpg.XXXXXX)
chmod 755 "$PGT"
RUNAS=()
if [ "$(id -u)" = 0 ]; then
	chown nobody "$PGT"
	RUNAS=(runuser -u nobody --)
fi
pg_stop() { "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGT/data" -m immediate stop >/dev/null 2>&1; }
trap 'pg_stop; rm -rf "$TMP" "$PGT"' EXIT
PW=warehouse-pw-$$
printf '%s\n' "$PW" >"$PGT/pw"
chmod 644 "$PGT/pw"
"${RUNAS[@]}" "$PGBIN/initdb" -D "$PGT/data" -U fbadmin --auth=scram-sha-256 \
	--pwfile="$PGT/pw" -E UTF8 --locale=C.UTF-8 >"$TMP/initdb.log" 2>&1 ||
	{ cat "$TMP/initdb.log" >&2; skip_or_fail "initdb failed"; }
rm -f "$PGT/pw"
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGT/data" -l "$PGT/log" -w -o \
	"-c listen_addresses='' -c unix_socket_directories='$PGT' -c port=5433 -c fsync=off" \
	start >/dev/null 2>&1 || { cat "$PGT/log" >&2; skip_or_fail "the server did not start"; }

printf '*:*:*:fbadmin:%s\n' "$PW" >"$TMP/pgpass"
chmod 600 "$TMP/pgpass"
export PGPASSFILE=$TMP/pgpass
unset PGPASSWORD PGHOST PGPORT PGUSER PGDATABASE
U="host=$PGT port=5433 user=fbadmin dbname=province"
PSQL=(/usr/bin/psql -X -q -t -A -v ON_ERROR_STOP=1)
"${PSQL[@]}" "host=$PGT port=5433 user=fbadmin dbname=postgres" -c "CREATE DATABASE province" ||
	fail "create the warehouse database"
pq() { "${PSQL[@]}" "$U" -c "$1"; }

# Two cities: demo data, made headquarters' (site hq, the federation's name,
# HQ's own person).
city() { # DB FEDERATION LOGS GROUPS SEED
	"$FB" --db "$1" demo --logs "$3" --groups "$4" --seed "$5" >/dev/null || fail "demo $1"
	sqlite3 "$1" "INSERT INTO meta (key, value) VALUES ('site', 'hq'), ('hq_federation', '$2'),
	  ('hq_department', '组织部')" || fail "make $1 HQ's"
	fb_hq_person "$1" || fail "HQ's person in $1"
}
A=$TMP/a.db B=$TMP/b.db
city "$A" 东湖市总工会 600 3 7
city "$B" 西山市总工会 400 2 8

expect_rc 0 "rollup --help" -- "$FB" rollup --help
expect_grep "$TMP/out" "rollup push URL" "help names push"
expect_rc 2 "no subcommand" -- "$FB" rollup
expect_rc 2 "unknown subcommand" -- "$FB" --db "$A" rollup pull "$U"
expect_rc 2 "push without URL" -- "$FB" --db "$A" rollup push
expect_rc 2 "stats bad format" -- "$FB" rollup stats "$U" --format xml
expect_rc 1 "password on the command line" -- "$FB" --db "$A" rollup push "$U password=$PW"
one_line "$TMP/err" "password on the command line"
expect_rc 1 "password in a URI" -- "$FB" --db "$A" rollup push "postgresql://fbadmin:$PW@/province?host=$PGT&port=5433"
one_line "$TMP/err" "password in a URI"
if grep -q -- "$PW" "$TMP/err" "$TMP/out"; then fail "the URI's password was echoed"; else pass; fi
if grep -q -- "$PW" "$TMP/err" "$TMP/out"; then fail "the password was echoed"; else pass; fi

# Wrong credentials: one line, the password never shown.
PGPASSFILE=/dev/null PGPASSWORD=not-the-pw-$$ expect_rc 1 "wrong password" -- \
	"$FB" --db "$A" rollup push "$U"
one_line "$TMP/err" "wrong password"
expect_grep "$TMP/err" "password authentication failed" "the server's reason"
if grep -q -- "not-the-pw-$$" "$TMP/err" "$TMP/out"; then fail "the wrong password was echoed"; else pass; fi
[ -z "$(pq "SELECT to_regclass('fieldbook.cities')")" ] && pass || fail "a refused push made the schema"

# A station's database is not pushed.
"$FB" --db "$TMP/st.db" demo --logs 20 --seed 3 >/dev/null
expect_rc 1 "a station's database" -- "$FB" --db "$TMP/st.db" rollup push "$U"
one_line "$TMP/err" "a station's database"

# The figures of the warehouse, and of the city databases.
counts() { # the warehouse's rows, every table
	pq "SELECT city, (SELECT count(*) FROM fieldbook.logs l WHERE l.city = c.city),
	  (SELECT count(*) FROM fieldbook.people l WHERE l.city = c.city),
	  (SELECT count(*) FROM fieldbook.tickets l WHERE l.city = c.city),
	  (SELECT count(*) FROM fieldbook.ticket_events l WHERE l.city = c.city),
	  (SELECT count(*) FROM fieldbook.work_groups l WHERE l.city = c.city),
	  (SELECT count(*) FROM fieldbook.targets l WHERE l.city = c.city),
	  (SELECT count(*) FROM fieldbook.workers l WHERE l.city = c.city),
	  (SELECT count(*) FROM fieldbook.logs l WHERE l.city = c.city AND deleted = 1),
	  (SELECT count(*) FROM fieldbook.tickets l WHERE l.city = c.city AND status = 'closed'),
	  (SELECT max(rev) FROM fieldbook.logs l WHERE l.city = c.city),
	  (SELECT sum(workers) FROM fieldbook.logs l WHERE l.city = c.city), last_chg
	  FROM fieldbook.cities c ORDER BY city"
}
local_counts() { # DB FEDERATION: the same figures from the city's database
	sqlite3 "$1" "SELECT '$2', (SELECT count(*) FROM logs), (SELECT count(*) FROM people),
	  (SELECT count(*) FROM tickets), (SELECT count(*) FROM ticket_events),
	  (SELECT count(*) FROM work_groups), (SELECT count(*) FROM targets),
	  (SELECT count(*) FROM workers), (SELECT count(*) FROM logs WHERE deleted = 1),
	  (SELECT count(*) FROM tickets WHERE status = 'closed'), (SELECT max(rev) FROM logs),
	  (SELECT sum(workers) FROM logs), (SELECT n FROM change_seq)"
}
same_as_cities() { # DESCRIPTION
	local want got
	want=$( (local_counts "$A" 东湖市总工会; local_counts "$B" 西山市总工会) | LC_ALL=C sort)
	got=$(counts | LC_ALL=C sort)
	if [ "$want" = "$got" ]; then pass; else
		fail "$1: the warehouse differs from the cities"
		diff <(echo "$want") <(echo "$got") | head -6 >&2
	fi
}

# rollup stats equals stats, per city and group, over a period.
compare_stats() { # DESCRIPTION
	"$FB" rollup stats "$U" --from 2026-01-01 --to 2026-11-22 --format csv >"$TMP/rs.csv" ||
		{ fail "$1: rollup stats"; return; }
	for pair in "$A:东湖市总工会" "$B:西山市总工会"; do
		db=${pair%%:*} fed=${pair#*:}
		"$FB" --db "$db" stats --from 2026-01-01 --to 2026-11-22 --format csv >"$TMP/s.csv" ||
			{ fail "$1: stats on $fed"; continue; }
		python3 - "$TMP/s.csv" "$TMP/rs.csv" "$fed" <<'EOF' && pass || fail "$1: $fed: rollup stats differs from stats"
import csv, sys
keys = ["logs", "enterprises", "workers", "households", "tickets", "tickets_open", "status_closed"]
def rows(path, city=None):
    with open(path, encoding="utf-8-sig", newline="") as f:
        out = {}
        for r in csv.DictReader(f):
            if city is not None and r["city"] != city:
                continue
            out[r["group"]] = [r[k] for k in keys]
        return out
want, got = rows(sys.argv[1]), rows(sys.argv[2], sys.argv[3])
if not want or want != got or all(v[0] == "0" for v in want.values()):
    print("stats:       ", sorted(want.items()), file=sys.stderr)
    print("rollup stats:", sorted(got.items()), file=sys.stderr)
    sys.exit(1)
EOF
	done
	# per cadre: the same log figures as `stats --cadres`
	"$FB" rollup stats "$U" --from 2026-01-01 --to 2026-11-22 --format csv --cadres >"$TMP/rc.csv" ||
		{ fail "$1: rollup stats --cadres"; return; }
	for pair in "$A:东湖市总工会" "$B:西山市总工会"; do
		db=${pair%%:*} fed=${pair#*:}
		"$FB" --db "$db" stats --from 2026-01-01 --to 2026-11-22 --format csv --cadres >"$TMP/c.csv" ||
			{ fail "$1: stats --cadres on $fed"; continue; }
		python3 - "$TMP/c.csv" "$TMP/rc.csv" "$fed" <<'EOF' && pass || fail "$1: $fed: rollup stats --cadres differs from stats --cadres"
import csv, sys
keys = ["group", "cadre", "role", "logs", "enterprises", "workers", "households"]
def rows(path, city=None):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [[r[k] for k in keys] for r in csv.DictReader(f)
                if city is None or r["city"] == city]
want, got = rows(sys.argv[1]), rows(sys.argv[2], sys.argv[3])
if not want or sorted(want) != sorted(got):
    print("stats:       ", sorted(want)[:5], file=sys.stderr)
    print("rollup stats:", sorted(got)[:5], file=sys.stderr)
    sys.exit(1)
EOF
	done
}

# First push of both cities, then again: nothing changes.
expect_rc 0 "push A" -- "$FB" --db "$A" rollup push "$U"
expect_grep "$TMP/out" "东湖市总工会" "push names the city"
expect_rc 0 "push B" -- "$FB" --db "$B" rollup push "$U"
[ "$(pq "SELECT version FROM fieldbook.schema_version")" = 1 ] && pass || fail "schema version"
same_as_cities "first push"
compare_stats "first push"
[ "$(pq "SELECT count(*) FROM fieldbook.people WHERE phone <> ''")" = 0 ] && pass ||
	fail "people's phones left the city"
[ "$(pq "SELECT count(*) FROM fieldbook.workers WHERE name <> '' OR phone <> '' OR id_number <> ''")" = 0 ] &&
	pass || fail "workers' personal fields left the city"
[ "$(pq "SELECT count(*) FROM fieldbook.workers")" -gt 0 ] && pass || fail "no workers pushed"
[ "$(pq "SELECT count(*) FROM fieldbook.contact_sheets WHERE met_with <> ''") $(pq "SELECT count(*)
  FROM fieldbook.units WHERE address <> '' OR contact_person <> '' OR contact_phone <> ''") $(pq "SELECT
  count(*) FROM fieldbook.tickets WHERE raised_by <> ''")" = "0 0 0" ] && pass ||
	fail "contacts' names, units' addresses or who raised a ticket left the city"
[ "$(sqlite3 "$A" "SELECT count(*) > 0 FROM workers WHERE name <> ''") $(sqlite3 "$A" "SELECT
  count(*) > 0 FROM people WHERE phone <> ''")" = "1 1" ] && pass ||
	fail "the city has no personal data: the checks above prove nothing"
before=$(counts)
expect_rc 0 "push A again" -- "$FB" --db "$A" rollup push "$U"
expect_grep "$TMP/out" " 0 rows sent, 0 applied" "the second push sends nothing"
expect_rc 0 "push B again" -- "$FB" --db "$B" rollup push "$U"
[ "$before" = "$(counts)" ] && pass || fail "a second push changed the warehouse"

# Edits at city A: a new log, a log deleted, a ticket closed; the next push
# takes only those (and what they touch).
LEADER=$(sqlite3 "$A" "SELECT name FROM people WHERE role = 'leader' ORDER BY id LIMIT 1")
GONE=$(sqlite3 "$A" "SELECT id FROM logs WHERE deleted = 0 AND date >= '2026-01-01' ORDER BY id LIMIT 1")
TK=$(sqlite3 "$A" "SELECT id FROM tickets WHERE deleted = 0 AND status <> 'closed' ORDER BY id LIMIT 1")
FB_TEST_SECRET=fieldbook-demo expect_rc 0 "log add at A" -- fb_as "$LEADER" --db "$A" log add \
	--author "$LEADER" --unit 东湖纺织厂 --activity enterprise_visit --content 走访 \
	--date 2026-11-20 --workers 5
FB_TEST_SECRET=fieldbook-demo expect_rc 0 "log rm at A" -- fb_as "$LEADER" --db "$A" log rm "$GONE"
FB_TEST_SECRET=fieldbook-demo expect_rc 0 "ticket close at A" -- fb_as "$LEADER" --db "$A" ticket \
	event "$TK" close --by "$LEADER" --text 已解决
expect_rc 0 "incremental push A" -- "$FB" --db "$A" rollup push "$U"
sent=$(sed -n 's/.*, \([0-9]*\) rows sent.*/\1/p' "$TMP/out")
[ -n "$sent" ] && [ "$sent" -gt 0 ] && [ "$sent" -lt 40 ] && pass ||
	fail "the incremental push sent $sent rows (wanted a few)"
[ "$(pq "SELECT deleted FROM fieldbook.logs WHERE city = '东湖市总工会'
  AND uuid = '$(sqlite3 "$A" "SELECT uuid FROM logs WHERE id = $GONE")'")" = 1 ] && pass ||
	fail "the deleted log is not a tombstone in the warehouse"
same_as_cities "incremental push"
compare_stats "incremental push"

# A tombstone is never resurrected: an older live version pushed again (the
# city's database restored from before the deletion) leaves it deleted.
cp "$A" "$TMP/a-copy.db"
sqlite3 "$TMP/a-copy.db" "UPDATE logs SET deleted = 0, rev = rev - 1 WHERE id = $GONE;
  UPDATE change_seq SET n = n + 1;" 2>/dev/null
expect_rc 0 "push of a restored copy" -- "$FB" --db "$TMP/a-copy.db" rollup push "$U"
[ "$(pq "SELECT deleted FROM fieldbook.logs WHERE city = '东湖市总工会'
  AND uuid = '$(sqlite3 "$A" "SELECT uuid FROM logs WHERE id = $GONE")'")" = 1 ] && pass ||
	fail "an older live version resurrected a tombstone"
expect_rc 0 "push A after the copy" -- "$FB" --db "$A" rollup push "$U"
same_as_cities "after the restored copy"

# The same city from another database (another device): refused, nothing changed.
city "$TMP/other.db" 东湖市总工会 30 1 9
before=$(counts)
expect_rc 1 "a second identity" -- "$FB" --db "$TMP/other.db" rollup push "$U"
one_line "$TMP/err" "a second identity"
expect_grep "$TMP/err" "东湖市总工会" "the refusal names the city"
[ "$before" = "$(counts)" ] && pass || fail "a refused push changed the warehouse"
# ... and the same device under another name.
cp "$B" "$TMP/b-renamed.db"
sqlite3 "$TMP/b-renamed.db" "UPDATE meta SET value = '北河市总工会' WHERE key = 'hq_federation'"
expect_rc 1 "a city renamed" -- "$FB" --db "$TMP/b-renamed.db" rollup push "$U"
one_line "$TMP/err" "a city renamed"

# A push killed in the middle, SIGKILL once the logs are streaming (or being
# applied): the warehouse holds the previous state; the next push completes.
kill_push() { # DB DESCRIPTION
	local before pid caught=0
	before=$(counts)
	"$FB" --db "$1" rollup push "$U" >"$TMP/kill.out" 2>"$TMP/kill.err" &
	pid=$!
	for _ in $(seq 1 1200); do
		if [ "$(pq "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND
		  (query LIKE 'COPY %logs\" FROM STDIN%' OR query LIKE 'INSERT INTO fieldbook.\"logs\"%')")" != 0 ]; then
			caught=1
			break
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$caught" = 1 ] && pass || fail "$2: the push was not caught streaming (it ended first)"
	sleep 0.5
	[ "$before" = "$(counts)" ] && pass || fail "$2: a killed push left a half push"
}
C=$TMP/c.db
city "$C" 南湖市总工会 20000 4 10
kill_push "$C" "first push killed"
[ "$(pq "SELECT count(*) FROM fieldbook.logs WHERE city = '南湖市总工会'")" = 0 ] && pass ||
	fail "the killed push's rows are in the warehouse"
expect_rc 0 "push after the kill" -- "$FB" --db "$C" rollup push "$U"
city_c() { # the figures of city C in the warehouse, and in its database
	[ "$(pq "SELECT count(*), sum(workers), max(rev) FROM fieldbook.logs WHERE city = '南湖市总工会'")" = \
		"$(sqlite3 "$C" "SELECT count(*), sum(workers), max(rev) FROM logs")" ] && pass ||
		fail "$1: the push did not complete"
}
city_c "push after the kill"
# every log of C edited (a newer revision), the incremental push killed
sqlite3 "$C" "UPDATE logs SET workers = workers + 1, rev = rev + 1" || fail "edit C's logs"
kill_push "$C" "incremental push killed"
expect_rc 0 "incremental push after the kill" -- "$FB" --db "$C" rollup push "$U"
city_c "incremental push after the kill"
compare_stats "after the kills"

# The server stopped in the middle of a push: one line, exit 1; once it is
# back the warehouse holds the previous state and the next push completes.
sqlite3 "$C" "UPDATE logs SET households = households + 1, rev = rev + 1" || fail "edit C's logs"
before=$(counts)
"$FB" --db "$C" rollup push "$U" >"$TMP/stop.out" 2>"$TMP/stop.err" &
pid=$!
for _ in $(seq 1 1200); do
	[ "$(pq "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND
	  (query LIKE 'COPY %logs\" FROM STDIN%' OR query LIKE 'INSERT INTO fieldbook.\"logs\"%')")" != 0 ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.02
done
pg_stop
wait "$pid"
rc=$?
[ "$rc" = 1 ] && pass || fail "a push whose server stopped: exit $rc, wanted 1"
one_line "$TMP/stop.err" "a push whose server stopped"
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGT/data" -l "$PGT/log" -w -o \
	"-c listen_addresses='' -c unix_socket_directories='$PGT' -c port=5433 -c fsync=off" \
	start >/dev/null 2>&1 || fail "the server did not start again"
[ "$before" = "$(counts)" ] && pass || fail "a push cut off by the server left a half push"
expect_rc 0 "push once the server is back" -- "$FB" --db "$C" rollup push "$U"
city_c "push once the server is back"
[ "$(pq "SELECT sum(households) FROM fieldbook.logs WHERE city = '南湖市总工会'")" = \
	"$(sqlite3 "$C" "SELECT sum(households) FROM logs")" ] && pass || fail "the edit did not arrive"

# A warehouse from a newer fieldbook: refused, untouched.
pq "UPDATE fieldbook.schema_version SET version = 99" >/dev/null
before=$(counts)
FB_TEST_SECRET=fieldbook-demo fb_as "$LEADER" --db "$A" log add --author "$LEADER" --unit 东湖纺织厂 \
	--activity symposium --content 座谈 --date 2026-11-21 >/dev/null
expect_rc 1 "a newer warehouse" -- "$FB" --db "$A" rollup push "$U"
one_line "$TMP/err" "a newer warehouse"
[ "$before" = "$(counts)" ] && pass || fail "a newer warehouse was touched"
expect_rc 1 "stats on a newer warehouse" -- "$FB" rollup stats "$U"
pq "UPDATE fieldbook.schema_version SET version = 1" >/dev/null

# Formats.
expect_rc 0 "stats as json" -- "$FB" rollup stats "$U" --to 2026-11-22 --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d) >= 9, d' "$TMP/out" &&
	pass || fail "rollup stats json"
expect_rc 0 "stats as a table" -- "$FB" rollup stats "$U" --to 2026-11-22
expect_grep "$TMP/out" "西山市总工会" "the table names the cities"

# In Chinese.
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 expect_rc 2 "no subcommand (zh_CN)" -- "$FB" rollup
if grep -q '[a-z]\{6,\}' <(sed 's/rollup//; s/push//; s/stats//; s/fieldbook//g; s/--help//' "$TMP/err"); then
	fail "untranslated message: $(cat "$TMP/err")"
else pass; fi

finish
