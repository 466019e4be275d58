#!/bin/bash
# errors.sh - a locked database, a read-only database and a full disk give a
# clear one-line error, exit 1, and lose nothing.
#
#   tests/reliability/errors.sh FIELDBOOK FB_CHECK
#
# Full disk: a 3 MB tmpfs when mount works (root with CAP_SYS_ADMIN), else
# a file size limit (ulimit -f, SIGXFSZ ignored) - SQLite then sees EFBIG
# instead of ENOSPC and the message is the I/O one. Read-only: the file made
# read-only, the command run as nobody when we are root (root ignores file
# modes). Locked: fb_check --hold-lock keeps BEGIN EXCLUSIVE while fieldbook
# tries to write (it waits its 5 s busy timeout, then says so).
# "Nothing changed" is checked on the bytes: the database and its WAL are
# copied, the copy checkpointed (PRAGMA wal_checkpoint(TRUNCATE)) and
# hashed, before and after. A part that cannot run here says SKIPPED; under
# CI=true it fails instead.
set -u -o pipefail
[ $# -eq 2 ] || { echo "usage: errors.sh FIELDBOOK FB_CHECK" >&2; exit 2; }
fb=$(readlink -f "$1") check=$(readlink -f "$2")
work=$(mktemp -d)
mounted=
cleanup() {
	[ -n "$mounted" ] && umount "$work/disk" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
export FIELDBOOK_TODAY=2026-11-20 LANGUAGE=en LC_ALL=C.UTF-8
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
fail=0
die() { echo "FAIL: $*" >&2; fail=1; }
# skipped WHAT WHY: says so; in CI (CI=true) a part that cannot run fails.
skipped() {
	if [ "${CI:-}" = true ]; then die "$1 cannot run here ($2), and CI=true"; else
		echo "SKIPPED $1: $2"; fi
}
command -v sqlite3 >/dev/null || { echo "FAIL: errors.sh needs sqlite3" >&2; exit 1; }

# The number of logs of a whole database; fails (and says why) if fb_check
# finds it damaged.
logs() {
	local out
	out=$("$check" "$1") || return 1
	echo "$out" | sed -n 's/.* logs=\([0-9]*\).*/\1/p'
}

# The bytes of database $1 as they are once its WAL is checkpointed, taken
# from a copy (the original is not touched): the SHA-256 of the copy.
bytes() {
	local c=$work/bytes.db
	rm -f "$c" "$c-wal" "$c-shm"
	cp "$1" "$c" && { [ ! -e "$1-wal" ] || cp "$1-wal" "$c-wal"; } || return 1
	sqlite3 "$c" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null || return 1
	sha256sum <"$c" | cut -d' ' -f1
	rm -f "$c" "$c-wal" "$c-shm"
}

# One line on stderr, exit status 1, and a message matching $2.
expect_error() {
	local what=$1 pattern=$2 rc=$3 err=$4
	[ "$rc" = 1 ] || die "$what: exit $rc, not 1"
	[ "$(grep -c . "$err")" = 1 ] || die "$what: not one line: $(cat "$err")"
	grep -Eqi "$pattern" "$err" || die "$what: unclear message: $(cat "$err")"
	echo "ok   $what: $(cat "$err")"
}

db=$work/base.db
"$fb" --db "$db" demo --logs 300 --seed 5 --end 2026-11-20 >/dev/null 2>&1 ||
	{ echo "FAIL: cannot make a database" >&2; exit 1; }
author=$("$fb" --db "$db" log list --limit 1 --format csv | sed -n '2p' | cut -d, -f3) ||
	{ echo "FAIL: cannot list the logs" >&2; exit 1; }
[ -n "$author" ] || { echo "FAIL: no author in the database" >&2; exit 1; }
# the author signs in with the demo database's password (fieldbook demo)
add() { "$fb" --db "$1" --as "$author" --password-fd 3 log add --unit 测试单位 \
	--activity research --content "$2" 3<<<fieldbook-demo; }

# ---- locked
sum=$(bytes "$db") || { echo "FAIL: cannot checkpoint a copy of the database" >&2; exit 1; }
"$check" --hold-lock "$db" 8 >"$work/lock.out" &
holder=$!
for _ in $(seq 100); do grep -q locked "$work/lock.out" 2>/dev/null && break; sleep 0.1; done
grep -q locked "$work/lock.out" || die "locked database: fb_check did not take the lock"
add "$db" "锁定时写入" 2>"$work/err" >/dev/null
expect_error "locked database" "in use|locked|busy" $? "$work/err"
"$fb" --db "$db" log list --limit 1 >/dev/null 2>&1 || die "locked database: reading failed too"
wait $holder || die "locked database: fb_check --hold-lock failed"
[ "$(logs "$db")" = 300 ] || die "locked database: $(logs "$db") logs, not 300"
[ "$(bytes "$db")" = "$sum" ] || die "locked database: the database changed"
add "$db" "解锁后写入" >/dev/null 2>&1 || die "locked database: writing after the lock failed"

# ---- read-only
ro=$work/ro
mkdir -p "$ro"
cp "$db" "$ro/ro.db"
sum=$(sha256sum <"$ro/ro.db")
chmod 0444 "$ro/ro.db"
chmod 0555 "$ro"
as_user=()
ro_ok=1
if [ "$(id -u)" = 0 ]; then
	as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	chmod o+rx "$work"
	if ! "${as_user[@]}" true 2>/dev/null; then
		skipped "read-only database" "root cannot drop to nobody (setpriv)"
		ro_ok=
	fi
fi
if [ -n "$ro_ok" ]; then
	"${as_user[@]}" "$fb" --db "$ro/ro.db" --as "$author" --password-fd 3 log add --unit 测试单位 \
		--activity research --content "只读时写入" 2>"$work/err" >/dev/null 3<<<fieldbook-demo
	expect_error "read-only database" "read-only|cannot read or write|readonly" $? "$work/err"
	[ "$(sha256sum <"$ro/ro.db")" = "$sum" ] || die "read-only database: the file changed"
	# reading a read-only WAL database in a read-only folder works (it is
	# opened immutable: SQLite cannot make its -shm file there)
	"${as_user[@]}" "$fb" --db "$ro/ro.db" log list --limit 1 >/dev/null 2>"$work/err" ||
		die "read-only database: reading failed: $(cat "$work/err")"
	# the file writable, its folder not: refused naming the folder, unchanged
	chmod 0755 "$ro"
	chmod 0666 "$ro/ro.db"
	chmod 0555 "$ro"
	"${as_user[@]}" "$fb" --db "$ro/ro.db" --as "$author" --password-fd 3 log add --unit 测试单位 \
		--activity research --content "文件夹只读时写入" 2>"$work/err" >/dev/null 3<<<fieldbook-demo
	expect_error "read-only folder" "the folder of .*ro.db cannot be written" $? "$work/err"
	[ "$(sha256sum <"$ro/ro.db")" = "$sum" ] || die "read-only folder: the file changed"
	"${as_user[@]}" "$fb" --db "$ro/ro.db" log list --limit 1 >/dev/null 2>"$work/err" ||
		die "read-only folder: reading failed: $(cat "$work/err")"
fi
chmod 0755 "$ro"

# ---- full disk
disk=$work/disk
mkdir -p "$disk"
limit=()
if [ -z "${FB_RELIABILITY_NO_TMPFS:-}" ] && mount -t tmpfs -o size=3m tmpfs "$disk" 2>/dev/null; then
	mounted=1
	full_pattern="disk is full"
else
	# not a skip: the file size limit fills "the disk" as surely (EFBIG)
	echo "note: no tmpfs (mount not allowed): simulating a full disk with ulimit -f"
	full_pattern="disk is full|cannot read or write"
fi
cp "$db" "$disk/full.db"
before=$(logs "$disk/full.db")
if [ -n "$mounted" ]; then
	# leave about 400 KB free: the first log's write-ahead log takes up to
	# some 170 KB (its pages of the text index, the history, the sign-in's
	# try), so at least one log fits and then the disk fills up
	avail=$(df -k --output=avail "$disk" | tail -1) || die "full disk: df failed"
	dd if=/dev/zero of="$disk/filler" bs=4096 count=$(( avail / 4 - 100 )) status=none 2>/dev/null
	[ -s "$disk/filler" ] || die "full disk: could not fill the tmpfs"
fi
size_kb=$(( $(stat -c %s "$disk/full.db") / 1024 + 200 ))
big=$(printf '职工反映加班时间较长，加班费计算不够规范，休息休假难以保证。%.0s' $(seq 60))
ok=0 rc=0
for i in $(seq 200); do
	prev=$(bytes "$disk/full.db") || { die "full disk: cannot checkpoint a copy"; break; }
	if [ -n "$mounted" ]; then
		add "$disk/full.db" "$big$i" >/dev/null 2>"$work/err"; rc=$?
	else
		(ulimit -f "$size_kb"; trap '' XFSZ; add "$disk/full.db" "$big$i") >/dev/null \
			2>"$work/err"; rc=$?
	fi
	[ $rc = 0 ] || break
	ok=$((ok + 1))
done
expect_error "full disk (after $ok logs)" "$full_pattern" $rc "$work/err"
[ "$ok" -gt 0 ] || die "full disk: not one log fitted: the test says nothing about a disk filling up"
[ "$(bytes "$disk/full.db")" = "$prev" ] || die "full disk: the failed log add changed the database"
[ -n "$mounted" ] && rm -f "$disk/filler"
after=$(logs "$disk/full.db") || die "full disk: database not whole"
[ "$after" = $((before + ok)) ] || die "full disk: $after logs, expected $before + $ok"
add "$disk/full.db" "空间释放后写入" >/dev/null 2>&1 || die "full disk: cannot write after freeing"
"$check" "$disk/full.db" >/dev/null || die "full disk: database not whole after freeing"

[ $fail -eq 0 ] && echo "ok: clear errors, nothing lost"
exit $fail
