# lib.sh - helpers for tests that drive the real fieldbook binary.
# Source it; $1 of the test script is the binary.
set -u
FB=${1:?usage: $0 path/to/fieldbook}
TMP=$(mktemp -d /tmp/fbcli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export FIELDBOOK_TODAY=2026-11-22
# the disk's encryption "cannot tell" (no /proc there): no notice about it
export FIELDBOOK_DISK_ROOT=${FIELDBOOK_DISK_ROOT-/nonexistent}
export LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=
unset FIELDBOOK_DB
FAILS=0
PASSES=0

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { PASSES=$((PASSES + 1)); }

# expect_rc CODE DESCRIPTION -- command...: run, check the exit code; the
# output is in $TMP/out and $TMP/err.
expect_rc() {
	want=$1; desc=$2; shift 3
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" != "$want" ]; then
		fail "$desc: exit $got, wanted $want"
		sed 's/^/    out: /' "$TMP/out" | head -5 >&2
		sed 's/^/    err: /' "$TMP/err" | head -5 >&2
	else
		pass
	fi
}

# expect_grep FILE PATTERN DESCRIPTION
expect_grep() {
	if grep -q -- "$2" "$1"; then pass; else fail "$3: no '$2' in $(basename "$1")"; sed 's/^/    /' "$1" | head -5 >&2; fi
}

# one_line FILE DESCRIPTION: the error is exactly one line
one_line() {
	n=$(wc -l <"$1")
	if [ "$n" = 1 ]; then pass; else fail "$2: $n lines on stderr, wanted 1"; cat "$1" >&2; fi
}

# dump DB: the database to compare before and after: every row of every
# table (meta too) as an SQL dump, then the SHA-256 of the file's bytes,
# both of a copy whose WAL was checkpointed (PRAGMA wal_checkpoint(TRUNCATE);
# the database itself is not touched). Equal dumps: the same rows, the same
# bytes.
dump() {
	local c=$TMP/dump.db
	rm -f "$c" "$c-wal" "$c-shm"
	cp "$1" "$c" && { [ ! -e "$1-wal" ] || cp "$1-wal" "$c-wal"; } &&
		sqlite3 "$c" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null && sqlite3 "$c" .dump &&
		sha256sum <"$c"
	local rc=$?
	rm -f "$c" "$c-wal" "$c-shm"
	return $rc
}

finish() {
	echo "$PASSES passed, $FAILS failed"
	[ "$FAILS" = 0 ]
}

# fb_as NAME ARGS...: run the binary signed in as person NAME with the
# tests' secret, given on file descriptor 3 (--password-fd 3). Everyone a
# test creates gets it: a person without a password sets it at their first
# sign-in, and `fb_as LEADER init ... --leader LEADER` gives it to the
# leader. Every test command that changes data goes through it.
export FB_TEST_SECRET=${FB_TEST_SECRET:-test-secret-1}
fb_as() {
	local who=$1
	shift
	"$FB" --as "$who" --password-fd 3 "$@" 3<<<"$FB_TEST_SECRET"
}

# fb_hq_person DB [NAME]: HQ's own person (role hq, default 市总) in DB,
# made with the database if it is not there. HQ's roster is HQ's own (a
# station's bundle may not bring HQ people): a test puts one in as HQ's
# setup would. They sign in with fb_as like everyone.
fb_hq_person() {
	[ -e "$1" ] || "$FB" --db "$1" init >/dev/null || return 1
	sqlite3 "$1" "INSERT INTO people (uuid, name, role, origin, rev, updated_at) VALUES
	  (lower(hex(randomblob(4))) || '-0000-7000-8000-' || lower(hex(randomblob(6))),
	   '${2:-市总}', 'hq', (SELECT value FROM meta WHERE key = 'device_id'), 1,
	   '2026-11-01T00:00:00Z')"
}

# fb_lead DB ARGS...: run the binary on DB signed in as the one who runs it:
# its first HQ person, else its first group leader; on a demo database
# (fieldbook demo) with the demo password everyone there has. A database
# with nobody on its roster yet is being set up: nobody signs in.
fb_lead() {
	local db=$1 who="" pw=$FB_TEST_SECRET
	shift
	if [ -s "$db" ]; then
		# HQ's staff only where they were made (a station's copy of them
		# cannot sign in there)
		who=$(sqlite3 "$db" "SELECT name FROM people WHERE deleted = 0 AND (role = 'leader' OR
		  (role = 'hq' AND origin = (SELECT value FROM meta WHERE key = 'device_id')))
		  ORDER BY role = 'hq' DESC, id LIMIT 1" 2>/dev/null || true)
	fi
	if [ -z "$who" ]; then
		"$FB" --db "$db" "$@"
		return
	fi
	if [ -n "$(sqlite3 "$db" "SELECT 1 FROM meta WHERE key = 'demo_password'" 2>/dev/null || true)" ]; then
		pw=fieldbook-demo
	fi
	"$FB" --as "$who" --password-fd 3 --db "$db" "$@" 3<<<"$pw"
}

# fp DB: the fingerprint of DB's keys, as 'fieldbook key show' prints it
# (what the sender reads out over the phone; imports pin it with --pin).
fp() { "$FB" --db "$1" key show | sed -n 's/^Fingerprint:  //p'; }

# pins DB...: --pin options for the fingerprints of the databases that exist
# (the senders a person compared before importing their bundles).
pins() { for d; do [ -e "$d" ] && printf -- '--pin %s ' "$(fp "$d" | tr -d ' ')"; done; }
