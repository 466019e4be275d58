#!/bin/bash
# test_sync_crafted.sh - bundles crafted from CSV with their manifest
# recomputed and signed with station A's own key, as an attacker holding
# A's laptop would (craft-bundle.sh): out-of-range values,
# controls and escapes, far-future dates, a 305-character two-line unit
# name, masks beyond the 8 kinds, Excel's artefacts. Each is refused with
# "file:line: column: why" on one line of stderr, prints nothing raw (no
# ESC, BEL or other control character) on stdout or stderr, also with
# --dry-run, and leaves the database the same byte for byte (compared after
# a WAL checkpoint).
. "$(dirname "$0")/lib.sh"
CRAFT="$(cd "$(dirname "$0")" && pwd)/craft-bundle.sh"
A=$TMP/a.db HQ=$TMP/hq.db
fb_hq_person "$HQ" || fail "HQ's own person"
expect_rc 0 "demo" -- "$FB" --db "$A" demo --logs 30 --seed 7
expect_rc 0 "export" -- fb_lead "$A" export --out "$TMP/a.zip" --plain
expect_rc 0 "import" -- fb_as 市总 --db "$HQ" import --pin "$(fp "$A")" "$TMP/a.zip"
export CRAFT_DB=$A
mkdir "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/a.zip")

G=$(sqlite3 "$HQ" "SELECT uuid FROM work_groups ORDER BY id LIMIT 1")
P=$(sqlite3 "$HQ" "SELECT uuid FROM people WHERE role = 'member' ORDER BY id LIMIT 1")
DEV=11111111-2222-7333-8444-555555555555
REV=$(( ($(date +%s) - 3600) * 1000 * 65536 ))
FUTURE_REV=$(( ($(date +%s) + 7 * 86400) * 1000 * 65536 ))
ESC=$'\e' BEL=$'\a'

# The database's bytes, with everything in the main file.
bytes() { sqlite3 "$HQ" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; sha256sum < "$HQ"; }

# no_raw FILE...: no control character but LF (and TAB) in them ($desc: what)
no_raw() {
	for f in "$@"; do
		if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$f"; then
			fail "$desc: a raw control character in $(basename "$f")"
			od -c "$f" | head -5 >&2
		else
			pass
		fi
	done
}

LOGS='uuid,group_uuid,author_uuid,date,unit,activity,enterprise_kinds,worker_kinds,enterprises,workers,households,content,findings,actions,next_step,origin,rev,updated_at,deleted'
# log_row [DATE [UNIT [EKINDS WKINDS [WORKERS [CONTENT [UPDATED [REV]]]]]]]: one
# row of logs.csv, good but for what is given
log_row() {
	printf '%s,%s,%s,%s,%s,enterprise_visit,%s,%s,1,%s,0,%s,,,,%s,%s,%s,0' \
		"$(cat /proc/sys/kernel/random/uuid)" "$G" "$P" "${1:-2026-11-20}" \
		"${2:-宏达机械有限公司}" "${3:-1}" "${4:-2}" "${5:-5}" "${6:-走访企业，与职工座谈。}" \
		"$DEV" "${8:-$REV}" "${7:-2026-11-20T08:00:00Z}"
}

# crafted NAME FILE PATTERN: the CSV in $TMP/csv as FILE of a crafted
# bundle; refused with PATTERN (grep) on stderr, nothing raw, nothing written.
# (Not in a pipeline: pass and fail must count in this shell.)
crafted() {
	local name=$1 file=$2 pattern=$3
	local d=$TMP/c-$name
	desc=$name
	mkdir "$d"
	cp "$TMP/x/manifest.txt" "$d/"
	cp "$TMP/csv" "$d/$file"
	sh "$CRAFT" "$d" "$d.zip" || fail "$name: cannot craft the bundle"
	local before
	before=$(bytes)
	expect_rc 1 "$name: refused" -- fb_as 市总 --db "$HQ" import "$d.zip"
	expect_grep "$TMP/err" "^fieldbook: $pattern" "$name: file:line: column: why"
	one_line "$TMP/err" "$name"
	expect_grep "$TMP/out" "Nothing was imported" "$name: said so"
	if grep -q "Bundle .* from" "$TMP/out"; then fail "$name: a success line"; else pass; fi
	desc=$name no_raw "$TMP/out" "$TMP/err"
	[ "$(bytes)" = "$before" ] && pass || fail "$name: the database changed"
	expect_rc 1 "$name: refused on a dry run" -- "$FB" --db "$HQ" import --dry-run "$d.zip"
	desc=$name no_raw "$TMP/out" "$TMP/err"
	[ "$(bytes)" = "$before" ] && pass || fail "$name: the dry run changed the database"
}

printf '%s\r\n%s\r\n' "$LOGS" "$(log_row '' '' '' '' 999999999999999999)" > "$TMP/csv"
crafted workers-range logs.csv "logs.csv:2: workers: must be between 0 and 10000"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row '' '' '' '' 99999999999999999999)" > "$TMP/csv"
crafted workers-64bit logs.csv "logs.csv:2: workers: .*too large"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row '' '' 511)" > "$TMP/csv"
crafted kinds-9-of-8 logs.csv "logs.csv:2: enterprise_kinds: names a kind that does not exist"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row '' '' 1 33554432)" > "$TMP/csv"
crafted kinds-25-of-8 logs.csv "logs.csv:2: worker_kinds: names a kind that does not exist"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row 2099-06-01)" > "$TMP/csv"
crafted far-future logs.csv "logs.csv:2: date: '2099-06-01' is outside the dates"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row 2026-12-31)" > "$TMP/csv"
crafted future-log logs.csv "logs.csv:2: date: .*future"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row 11/12/2026)" > "$TMP/csv"
crafted day-or-month logs.csv "logs.csv:2: date: '11/12/2026': the day and the month"
long=$(printf '甲%.0s' $(seq 305))
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row '' "\"$long"$'\n'"第二行\"")" > "$TMP/csv"
crafted unit-305-two-lines logs.csv "logs.csv:2: unit: is too long"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row '' '' '' '' '' "看${ESC}]52;c;SGVsbG8=${BEL}剪贴板")" > "$TMP/csv"
crafted osc52-content logs.csv "logs.csv:2: content: contains the control character"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row '' "宏达${ESC}]0;owned${BEL}机械")" > "$TMP/csv"
crafted osc0-unit logs.csv "logs.csv:2: unit: contains the control character"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row "2026-11-20${ESC}[2J")" > "$TMP/csv"
crafted escape-in-date logs.csv "logs.csv:2: date: .*<U+001B>\[2J"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row '' '' '' '' '' '' '2026-11-20 08:30')" > "$TMP/csv"
crafted time-no-zone logs.csv "logs.csv:2: updated_at: .*no time zone"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row '' '' '' '' '' '' '' "$FUTURE_REV")" > "$TMP/csv"
crafted future-revision logs.csv "logs.csv:2: rev: revision"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row '' '' '' '' '' $'职工\xB9资')" > "$TMP/csv"
crafted bad-utf8 logs.csv "logs.csv:2: content: invalid UTF-8"
printf '%s,\r\n%s,备注\r\n' "$LOGS" "$(log_row)" > "$TMP/csv"
crafted nameless-column logs.csv "logs.csv:2: column 20 has no name"
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row | sed "s/$G/00000000-0000-4000-8000-00000000beef/")" > "$TMP/csv"
crafted group-nowhere logs.csv "logs.csv:2: group_uuid: refers to"

WG_HEADER='uuid,name,station,station_kind,county,supervisor,started_on,ends_on,origin,rev,updated_at,deleted'
printf '%s\r\n%s,第九组%s]0;owned%s,新华镇,town,东湖区,,2026-11-07,,%s,%s,2026-11-07T09:00:00Z,0\r\n' \
	"$WG_HEADER" "$(cat /proc/sys/kernel/random/uuid)" "$ESC" "$BEL" "$DEV" "$REV" > "$TMP/csv"
crafted osc0-group-name work_groups.csv "work_groups.csv:2: name: contains the control character"
PEOPLE='uuid,group_uuid,name,role,unit,phone,joined_on,origin,rev,updated_at,deleted'
printf '%s\r\n%s,%s,赵六,member,县总工会,1.38E+10,,%s,%s,2026-11-07T09:00:00Z,0\r\n' \
	"$PEOPLE" "$(cat /proc/sys/kernel/random/uuid)" "$G" "$DEV" "$REV" > "$TMP/csv"
crafted excel-phone people.csv "people.csv:2: phone: '1.38E+10' is a number Excel rounded"
printf '%s\r\n%s,%s,赵六%s七,member,县总工会,,,%s,%s,2026-11-07T09:00:00Z,0\r\n' \
	"$PEOPLE" "$(cat /proc/sys/kernel/random/uuid)" "$G" "$BEL" "$DEV" "$REV" > "$TMP/csv"
crafted bel-in-name people.csv "people.csv:2: name: contains the control character"

# The manifest reaches the terminal too: escapes in it are refused.
d=$TMP/m && mkdir "$d" && cp "$TMP/x/logs.csv" "$d/" &&
	sed "s/^source_group_name .*/source_group_name 第一${ESC}]0;owned${BEL}组/" "$TMP/x/manifest.txt" > "$d/manifest.txt"
sh "$CRAFT" "$d" "$d.zip"
before=$(bytes) desc=manifest
expect_rc 1 "escape in the manifest" -- "$FB" --db "$HQ" import --dry-run "$d.zip"
expect_grep "$TMP/err" "manifest.txt:5: source_group_name: " "the manifest line named"
no_raw "$TMP/out" "$TMP/err"
[ "$(bytes)" = "$before" ] && pass || fail "manifest: the database changed"

# Several bad rows and columns: each listed on stdout, the first on stderr.
printf '%s\r\n%s\r\n%s\r\n%s\r\n' "$LOGS" "$(log_row 2026-02-30 '' 511)" "$(log_row)" \
	"$(log_row '' '' '' '' -1)" > "$TMP/csv"
crafted several logs.csv "logs.csv:2: date: "
expect_grep "$TMP/out" "rejected: logs.csv:2: enterprise_kinds: names a kind that does not exist" "second column listed"
expect_grep "$TMP/out" "rejected: logs.csv:4: workers: must be between" "third row listed"
[ "$(grep -c '^rejected:' "$TMP/out")" = 3 ] && pass || fail "several: $(grep -c '^rejected:' "$TMP/out") rejections listed, wanted 3"

# And a good crafted bundle still goes in (the script is not the reason).
printf '%s\r\n%s\r\n' "$LOGS" "$(log_row)" > "$TMP/ok.csv"
mkdir "$TMP/ok" && cp "$TMP/x/manifest.txt" "$TMP/ok/" && cp "$TMP/ok.csv" "$TMP/ok/logs.csv"
sh "$CRAFT" "$TMP/ok" "$TMP/ok.zip"
expect_rc 0 "a good crafted bundle" -- fb_as 市总 --db "$HQ" import "$TMP/ok.zip"
expect_grep "$TMP/out" "^Daily logs  *1 " "its log inserted"
finish
