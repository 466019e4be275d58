#!/bin/bash
# test_disk.sh - init warns in one line when the database lies on a disk
# that is not encrypted (fake /proc and /sys trees through
# FIELDBOOK_DISK_ROOT), and not on an encrypted one; a plain export killed
# with kill -9 leaves a 0600 temporary file beside its target that the next
# start of fieldbook removes.
. "$(dirname "$0")/lib.sh"

mkdir -p "$TMP/data"
dev=$(stat -c '%Hd:%Ld' "$TMP/data")
# fake_root NAME TYPE UUID: a tree whose mount of $TMP/data is TYPE on a
# block device with dm uuid UUID ("" for a plain partition)
fake_root() {
	local r=$TMP/$1
	mkdir -p "$r/proc/self" "$r/sys/dev/block/$dev"
	printf '22 1 0:21 / /proc rw - proc proc rw\n27 1 %s / / rw - %s /dev/x rw\n' \
		"$dev" "$2" >"$r/proc/self/mountinfo"
	if [ -n "$3" ]; then mkdir -p "$r/sys/dev/block/$dev/dm"; echo "$3" >"$r/sys/dev/block/$dev/dm/uuid"; fi
	echo "$r"
}
plain=$(fake_root plain ext4 "")
luks=$(fake_root luks ext4 CRYPT-LUKS2-0123-luks-0123)

FIELDBOOK_DISK_ROOT=$plain expect_rc 0 "init on a plain disk" -- "$FB" --db "$TMP/data/p.db" init
expect_grep "$TMP/err" "is on a disk that is not encrypted" "init's warning"
one_line "$TMP/err" "init's warning"
expect_grep "$TMP/out" "Database ready" "init's output"
FIELDBOOK_DISK_ROOT=$luks expect_rc 0 "init on LUKS" -- "$FB" --db "$TMP/data/l.db" init
[ -s "$TMP/err" ] && fail "init on LUKS warned: $(cat "$TMP/err")" || pass
expect_rc 0 "init, cannot tell" -- "$FB" --db "$TMP/data/u.db" init
[ -s "$TMP/err" ] && fail "init warned without knowing: $(cat "$TMP/err")" || pass
LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 FIELDBOOK_DISK_ROOT=$plain \
	expect_rc 0 "init in Chinese" -- "$FB" --db "$TMP/data/z.db" init
expect_grep "$TMP/err" "警告：.*所在的硬盘没有加密" "init's warning in Chinese"

# kill -9 during a plain export: caught while its temporary file exists
db=$TMP/a.db
expect_rc 0 "demo" -- "$FB" --db "$db" demo --logs 3000 --seed 5
phone=$(sqlite3 "$db" "SELECT phone FROM people WHERE phone <> '' LIMIT 1")
mkdir -p "$TMP/stick"
lead=$(sqlite3 "$db" "SELECT name FROM people WHERE role = 'leader' AND deleted = 0 LIMIT 1")
caught=
for try in 1 2 3 4 5; do
	rm -f "$TMP/stick/"*
	# the demo leader exports (export opens the sealed personal fields); exec
	# so that $! is fieldbook itself, which the kill must hit
	(exec "$FB" --db "$db" --as "$lead" --password-fd 3 export --plain \
		--out "$TMP/stick/a.zip" >/dev/null 2>&1 3<<<fieldbook-demo) &
	pid=$!
	for _ in $(seq 400); do
		ls "$TMP/stick" | grep -q '\.tmp\.' && break
		sleep 0.01
	done
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	left=$(ls "$TMP/stick" | grep '\.tmp\.' || true)
	if [ -n "$left" ] && [ ! -e "$TMP/stick/a.zip" ]; then caught=$left; break; fi
done
if [ -z "$caught" ]; then
	fail "no export was caught before its end in 5 tries"
else
	[ "$(stat -c %a "$TMP/stick/$caught")" = 600 ] && pass ||
		fail "the export's temporary file is mode $(stat -c %a "$TMP/stick/$caught")"
	ls "$db.tmp/"export-*.rec >/dev/null 2>&1 && pass || fail "no record of the export in $db.tmp"
	[ "$(stat -c %a "$db.tmp")" = 700 ] && pass || fail "$db.tmp is mode $(stat -c %a "$db.tmp")"
	# the next start of fieldbook, whatever the command
	"$FB" --db "$db" log list >/dev/null 2>&1
	[ -e "$TMP/stick/$caught" ] && fail "the next start left $caught" || pass
	ls "$db.tmp/" | grep -q . && fail "the next start left $(ls "$db.tmp")" || pass
fi
left=$(grep -rlsa -- "$phone" "$TMP/stick" "$db.tmp" | tr '\n' ' ')
[ -z "$left" ] && pass || fail "readable after the next start: $left"
# a finished export leaves neither a temporary file nor a record
expect_rc 0 "export" -- fb_lead "$db" export --plain --out "$TMP/stick/b.zip"
ls "$TMP/stick" | grep -q '\.tmp\.' && fail "a finished export left a temporary file" || pass
ls "$db.tmp/" | grep -q . && fail "a finished export left $(ls "$db.tmp")" || pass

echo "$PASSES passed, $FAILS failed"
[ "$FAILS" = 0 ]
