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
set -u
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

logs() { "$check" "$1" | sed -n 's/.* logs=\([0-9]*\).*/\1/p'; }

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
author=$("$fb" --db "$db" log list --limit 1 --format csv | sed -n '2p' | cut -d, -f3)
add() { "$fb" --db "$1" log add --author "$author" --unit 测试单位 --activity research \
	--content "$2"; }

# ---- locked
"$check" --hold-lock "$db" 8 >"$work/lock.out" &
holder=$!
for _ in $(seq 50); do grep -q locked "$work/lock.out" 2>/dev/null && break; sleep 0.1; done
add "$db" "锁定时写入" 2>"$work/err" >/dev/null
expect_error "locked database" "in use|locked|busy" $? "$work/err"
"$fb" --db "$db" log list --limit 1 >/dev/null 2>&1 || die "locked database: reading failed too"
wait $holder
[ "$(logs "$db")" = 300 ] || die "locked database: $(logs "$db") logs, not 300"
add "$db" "解锁后写入" >/dev/null 2>&1 || die "locked database: writing after the lock failed"

# ---- read-only
ro=$work/ro
mkdir -p "$ro"
cp "$db" "$ro/ro.db"
sum=$(sha256sum <"$ro/ro.db")
chmod 0444 "$ro/ro.db"
chmod 0555 "$ro"
as_user=()
if [ "$(id -u)" = 0 ]; then
	as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	chmod o+rx "$work"
fi
"${as_user[@]}" "$fb" --db "$ro/ro.db" log add --author "$author" --unit 测试单位 \
	--activity research --content "只读时写入" 2>"$work/err" >/dev/null
expect_error "read-only database" "read-only|cannot read or write|readonly" $? "$work/err"
[ "$(sha256sum <"$ro/ro.db")" = "$sum" ] || die "read-only database: the file changed"
"${as_user[@]}" "$fb" --db "$ro/ro.db" log list --limit 1 >/dev/null 2>"$work/err" ||
	echo "note: reading a read-only database fails too: $(cat "$work/err")"
chmod 0755 "$ro"

# ---- full disk
disk=$work/disk
mkdir -p "$disk"
limit=()
if [ -z "${FB_RELIABILITY_NO_TMPFS:-}" ] && mount -t tmpfs -o size=3m tmpfs "$disk" 2>/dev/null; then
	mounted=1
	full_pattern="disk is full"
else
	echo "note: no tmpfs (mount not allowed): simulating a full disk with ulimit -f"
	full_pattern="disk is full|cannot read or write"
fi
cp "$db" "$disk/full.db"
before=$(logs "$disk/full.db")
if [ -n "$mounted" ]; then
	# leave about 200 KB free
	dd if=/dev/zero of="$disk/filler" bs=4096 count=$(( $(df -k --output=avail "$disk" |
		tail -1) / 4 - 50 )) status=none 2>/dev/null
fi
size_kb=$(( $(stat -c %s "$disk/full.db") / 1024 + 200 ))
big=$(printf '职工反映加班时间较长，加班费计算不够规范，休息休假难以保证。%.0s' $(seq 60))
ok=0 rc=0
for i in $(seq 200); do
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
[ -n "$mounted" ] && rm -f "$disk/filler"
after=$(logs "$disk/full.db") || die "full disk: database not whole"
[ "$after" = $((before + ok)) ] || die "full disk: $after logs, expected $before + $ok"
add "$disk/full.db" "空间释放后写入" >/dev/null 2>&1 || die "full disk: cannot write after freeing"
"$check" "$disk/full.db" >/dev/null || die "full disk: database not whole after freeing"

[ $fail -eq 0 ] && echo "ok: clear errors, nothing lost"
exit $fail
