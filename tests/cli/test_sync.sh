#!/bin/bash
# test_sync.sh - export and import through the real binary: summaries in
# text and JSON, idempotence, dry run, Excel's GBK CSV, one-line errors with
# file:line, hostile archives (traversal, duplicates, bomb), exit codes.
. "$(dirname "$0")/lib.sh"

A=$TMP/a.db HQ=$TMP/hq.db
fb_hq_person "$HQ" || fail "HQ's own person"
expect_rc 0 "demo" -- "$FB" --db "$A" demo --logs 60 --seed 7
expect_rc 0 "export" -- fb_lead "$A" export --out "$TMP/a.zip" --peer hq --plain
expect_grep "$TMP/out" "logs 60" "export names the counts"
expect_grep "$TMP/err" "not sealed" "a plain bundle warns"
# without --out a bundle gets its default name (test_bundle_name.sh); registers need one
expect_rc 2 "export --xlsx without --out" -- fb_lead "$A" export --xlsx
expect_rc 2 "--full with --since-last" -- fb_lead "$A" export --out x.zip --full --since-last hq

# The archive is what Excel expects: BOM, CRLF, header first.
mkdir "$TMP/x" && (cd "$TMP/x" && unzip -q "$TMP/a.zip")
head -c 3 "$TMP/x/logs.csv" | od -An -tx1 | grep -q "ef bb bf" && pass || fail "no BOM"
head -1 "$TMP/x/logs.csv" | grep -q $'uuid,group_uuid,author_uuid,date,.*deleted\r$' && pass ||
	fail "header or CRLF"
grep -q '"=""1[0-9]\{10\}"""' "$TMP/x/people.csv" && pass || fail "phones not kept as text"

expect_rc 1 "import from a device not pinned" -- fb_as 市总 --db "$HQ" import "$TMP/a.zip"
expect_grep "$TMP/err" "not registered here.*fingerprint is $(fp "$A")" "names the fingerprint to compare"
one_line "$TMP/err" "unknown device"
expect_rc 0 "import" -- fb_as 市总 --db "$HQ" import --pin "$(fp "$A")" "$TMP/a.zip"
expect_grep "$TMP/out" "^Daily logs  *60  *0  *0  *0  *0" "text summary (tables by their names)"
expect_rc 0 "import again" -- fb_as 市总 --db "$HQ" import "$TMP/a.zip" --format json
expect_grep "$TMP/out" '"logs":{"rows":60,"inserted":0,"updated":0,"unchanged":60,"conflicts":0,"rejected":0}' "idempotent, JSON"
expect_grep "$TMP/out" '"already_imported":true' "JSON notes the repeat"

# Dry run on an empty database writes nothing.
expect_rc 0 "dry run" -- "$FB" --db "$TMP/d.db" import --dry-run --pin "$(fp "$A")" "$TMP/a.zip"
expect_grep "$TMP/out" "Dry run" "dry run said so"
[ "$(sqlite3 "$TMP/d.db" 'SELECT count(*) FROM logs')" = 0 ] && pass || fail "dry run wrote"
[ "$(sqlite3 "$TMP/d.db" 'SELECT count(*) FROM peer_keys')" = 0 ] && pass || fail "dry run pinned"

# Excel on Chinese Windows saves GBK: converted, and said so.
tail -c +4 "$TMP/x/people.csv" | iconv -f UTF-8 -t GB18030 > "$TMP/people.csv"
expect_rc 0 "GBK people.csv" -- fb_as 市总 --db "$HQ" import "$TMP/people.csv"
expect_grep "$TMP/out" "GB18030" "conversion reported"
expect_grep "$TMP/out" "^People  *0  *0  *[1-9]" "GBK rows matched as unchanged"
# An edit made in Excel (revision untouched) is a new version made here.
u=$(sed -n '2p' "$TMP/x/people.csv" | cut -c1-36)
sed '2s/,leader,/,member,/' "$TMP/x/people.csv" > "$TMP/people.csv"
expect_rc 0 "people.csv edited in Excel" -- fb_as 市总 --db "$HQ" import "$TMP/people.csv"
expect_grep "$TMP/out" "^People  *0  *1 " "the edit counted as an update"
[ "$(sqlite3 "$HQ" "SELECT role FROM people WHERE uuid = '$u'")" = member ] && pass ||
	fail "Excel edit not applied"
[ "$(sqlite3 "$HQ" "SELECT origin = (SELECT value FROM meta WHERE key = 'device_id') FROM people WHERE uuid = '$u'")" = 1 ] &&
	pass || fail "Excel edit not stamped with this device"
# Something that is neither UTF-8 nor GBK: refused with the way out.
mkdir -p "$TMP/bin"
{ head -1 "$TMP/x/people.csv"; printf 'ab\xff\xff\xff,x\r\n'; } > "$TMP/bin/people.csv"
expect_rc 1 "binary CSV" -- fb_as 市总 --db "$HQ" import "$TMP/bin/people.csv"
expect_grep "$TMP/err" "UTF-8" "tells to save as UTF-8"
one_line "$TMP/err" "encoding error"

# A bad row: file:line: field: why, on one line; nothing applied.
before=$(dump "$HQ")
sed '3s/,20[0-9][0-9]-[0-9][0-9]-[0-9][0-9],/,2026-13-45,/' "$TMP/x/logs.csv" > "$TMP/logs.csv"
expect_rc 1 "bad date" -- fb_as 市总 --db "$HQ" import "$TMP/logs.csv"
expect_grep "$TMP/err" "logs.csv:3: date: " "error names file:line: field"
one_line "$TMP/err" "bad date error"
expect_grep "$TMP/out" "rejected: logs.csv:3: date" "summary lists the rejection"
[ "$(dump "$HQ")" = "$before" ] && pass || fail "database changed by a refused import"

# A changed byte inside the zip: checksum.
cp -r "$TMP/x" "$TMP/t" && sed -i '5s/。/，/' "$TMP/t/logs.csv"
(cd "$TMP/t" && zip -q -X "$TMP/tampered.zip" *.csv manifest.txt manifest.sig)
expect_rc 1 "tampered" -- fb_as 市总 --db "$HQ" import "$TMP/tampered.zip"
expect_grep "$TMP/err" "logs.csv: checksum" "tampering detected"
one_line "$TMP/err" "checksum error"

# A decompression bomb: 40 MB of zeros as a member.
mkdir "$TMP/bomb" && cp "$TMP/x/manifest.txt" "$TMP/x/manifest.sig" "$TMP/bomb/" &&
	head -c 40000000 /dev/zero > "$TMP/bomb/logs.csv"
(cd "$TMP/bomb" && zip -q -9 "$TMP/bomb.zip" logs.csv manifest.txt manifest.sig)
rm -f "$TMP/bomb/logs.csv"
expect_rc 1 "bomb" -- fb_as 市总 --db "$HQ" import "$TMP/bomb.zip"
expect_grep "$TMP/err" "decompression bomb" "bomb refused"

# Traversal and duplicate members (zip(1) cannot write them; Python can).
if python3 -c 'import zipfile' 2>/dev/null; then
	python3 - "$TMP" <<'PY'
import sys, zipfile, warnings
warnings.simplefilter("ignore")
d = sys.argv[1]
src = zipfile.ZipFile(d + "/a.zip")
for name, extra in (("evil", "../../etc/passwd"), ("dup", "logs.csv")):
    with zipfile.ZipFile("%s/%s.zip" % (d, name), "w") as z:
        for i in src.infolist():
            z.writestr(i.filename, src.read(i.filename))
        z.writestr(extra, "x")
PY
	expect_rc 1 "traversal" -- fb_as 市总 --db "$HQ" import "$TMP/evil.zip"
	expect_grep "$TMP/err" "outside" "traversal refused"
	expect_rc 1 "duplicate member" -- fb_as 市总 --db "$HQ" import "$TMP/dup.zip"
	expect_grep "$TMP/err" "same name" "duplicate refused"
else
	echo "note: python3 missing, traversal/duplicate archives covered by test_sync_bundle only"
fi
[ "$(dump "$HQ")" = "$before" ] && pass || fail "database changed by refused bundles"

# Incremental export: nothing changed since the last one to hq.
expect_rc 0 "since-last" -- fb_lead "$A" export --out "$TMP/a2.zip" --since-last hq --plain
expect_grep "$TMP/out" "Daily logs 0\|records (Work groups" "incremental export is small"
unzip -p "$TMP/a2.zip" logs.csv | wc -l | grep -qx 1 && pass || fail "incremental has logs"

# Several bundles in one command: each on its own; a bad one fails alone.
B=$TMP/b.db
expect_rc 0 "second station" -- "$FB" --db "$B" demo --logs 20 --seed 8
expect_rc 0 "second export" -- fb_lead "$B" export --out "$TMP/b.zip" --plain
expect_rc 1 "two good, one tampered" -- fb_as 1 --db "$TMP/hq2.db" import --pin "$(fp "$A")" --pin "$(fp "$B")" "$TMP/a.zip" "$TMP/tampered.zip" "$TMP/b.zip"
[ "$(sqlite3 "$TMP/hq2.db" 'SELECT count(*) FROM logs')" = 80 ] && pass || fail "good bundles of a batch"
expect_grep "$TMP/err" "checksum" "the bad one named"

# HQ to one station: only that group's records.
gid=$(sqlite3 "$TMP/hq2.db" "ATTACH '$A' AS a; SELECT w.id FROM main.work_groups w JOIN a.work_groups s USING (uuid);")
expect_rc 0 "export --group" -- fb_lead "$TMP/hq2.db" export --out "$TMP/toa.zip" --group "$gid"
expect_grep "$TMP/out" "Work groups 1, .*Daily logs 60" "only group A's records"

expect_rc 1 "missing file" -- fb_as 市总 --db "$HQ" import "$TMP/nope.zip"
expect_rc 2 "no file" -- "$FB" --db "$HQ" import
finish
