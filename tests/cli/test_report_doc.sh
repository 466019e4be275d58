#!/bin/bash
# test_report_doc.sh - fieldbook report doc ID --out FILE.docx on a demo
# database: the document of a real report holds its title and its text
# escaped, is readable by its owner only and replaces an old file whole;
# an unknown report, a missing --out, a folder that is not there, a person
# of another group and nobody signed in are refused in one line with the
# right exit code, and leave no file behind.
. "$(dirname "$0")/lib.sh"
DB=$TMP/d.db
expect_rc 0 "demo" -- "$FB" --db "$DB" demo --logs 600 --groups 2 --seed 5
lead1=$(sqlite3 "$DB" "SELECT name FROM people WHERE role = 'leader' AND group_id = 1 AND deleted = 0 LIMIT 1")
lead2=$(sqlite3 "$DB" "SELECT name FROM people WHERE role = 'leader' AND group_id = 2 AND deleted = 0 LIMIT 1")
member1=$(sqlite3 "$DB" "SELECT name FROM people WHERE role = 'member' AND group_id = 1 AND deleted = 0 LIMIT 1")
group1=$(sqlite3 "$DB" "SELECT name FROM work_groups WHERE id = 1")
[ -n "$lead1" ] && [ -n "$lead2" ] && [ -n "$member1" ] && pass || fail "the demo has no two groups with leaders"
as() { local who=$1; shift; "$FB" --db "$DB" --as "$who" --password-fd 3 "$@" 3<<<fieldbook-demo; }
# the XML of the document's body (python's zipfile: no unzip needed)
docxml() { python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode("utf-8"))' "$1"; }

expect_rc 0 "compile a weekly report" -- as "$lead1" report weekly --week 2026-W46 --group 1 --format csv
id=$(sqlite3 "$DB" "SELECT id FROM reports WHERE group_id = 1 AND kind = 'weekly' AND period_start = '2026-11-09'")
[ -n "$id" ] && pass || fail "no report was compiled"
expect_rc 0 "edit" -- as "$lead1" report edit "$id" --section work_done --text '走访A&B公司，听取"职工<代表>"意见'

mkdir -p "$TMP/docs"
out=$TMP/docs/周报告.docx
expect_rc 0 "report doc" -- as "$member1" report doc "$id" --out "$out"
expect_grep "$TMP/out" "^Report $id written to $out\.$" "says where"
[ -s "$out" ] && pass || fail "no document"
docxml "$out" >"$TMP/doc.xml" && pass || fail "not a zip with word/document.xml"
expect_grep "$TMP/doc.xml" ">$group1 Weekly report<" "the title"
expect_grep "$TMP/doc.xml" '走访A&amp;B公司，听取&quot;职工&lt;代表&gt;&quot;意见' "the text escaped"
grep -q '<代表>' "$TMP/doc.xml" && fail "the text's '<' raw in the XML" || pass
expect_grep "$TMP/doc.xml" "$member1" "the members' figures"
python3 -c 'import sys, zipfile; n = set(zipfile.ZipFile(sys.argv[1]).namelist()); sys.exit(0 if {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} <= n else 1)' "$out" &&
	pass || fail "parts missing"
[ "$(stat -c %a "$out")" = 600 ] && pass || fail "mode $(stat -c %a "$out"), wanted 600"
[ "$(ls "$TMP/docs" | wc -l)" = 1 ] && pass || fail "something beside the document: $(ls "$TMP/docs")"
# in Chinese: the title and the message
LANGUAGE= LC_ALL=zh_CN.UTF-8 expect_rc 0 "report doc in zh_CN" -- as "$lead1" report doc "$id" --out "$out"
expect_grep "$TMP/out" "^报告${id}已写入" "the message in Chinese"
docxml "$out" >"$TMP/doc.xml"
expect_grep "$TMP/doc.xml" ">${group1}周报告<" "the title in Chinese"
expect_grep "$TMP/doc.xml" ">一、" "headings numbered 一、"
[ "$(ls "$TMP/docs" | wc -l)" = 1 ] && pass || fail "the old file not replaced whole: $(ls "$TMP/docs")"
expect_rc 0 "report doc --help" -- "$FB" report doc --help
expect_grep "$TMP/out" "report doc ID --out FILE.docx" "--help"

# refusals: one line, the exit code, no file
expect_rc 1 "unknown id" -- as "$lead1" report doc 9999 --out "$TMP/docs/x.docx"
one_line "$TMP/err" "unknown id"
expect_grep "$TMP/err" "no report with id 9999" "unknown id said"
expect_rc 2 "no --out" -- as "$lead1" report doc "$id"
expect_grep "$TMP/err" "\-\-out is required" "no --out said"
expect_rc 2 "no id" -- as "$lead1" report doc --out "$TMP/docs/x.docx"
expect_rc 2 "two ids" -- as "$lead1" report doc "$id" 7 --out "$TMP/docs/x.docx"
expect_rc 2 "unknown option" -- as "$lead1" report doc "$id" --out "$TMP/docs/x.docx" --bogus
expect_rc 1 "a folder that is not there" -- as "$lead1" report doc "$id" --out "$TMP/nowhere/x.docx"
one_line "$TMP/err" "missing folder"
expect_grep "$TMP/err" "cannot write $TMP/nowhere/x.docx" "the path said"
[ ! -e "$TMP/nowhere" ] && pass || fail "the missing folder was made"
expect_rc 1 "a folder as the file" -- as "$lead1" report doc "$id" --out "$TMP/docs"
one_line "$TMP/err" "folder as the file"
expect_rc 1 "another group's leader" -- as "$lead2" report doc "$id" --out "$TMP/docs/x.docx"
one_line "$TMP/err" "another group"
expect_grep "$TMP/err" "may read reports only in their own work group" "refused as of another group"
expect_rc 1 "nobody signed in" -- "$FB" --db "$DB" report doc "$id" --out "$TMP/docs/x.docx"
one_line "$TMP/err" "nobody"
expect_grep "$TMP/err" "nobody is signed in" "refused without a sign-in"
[ "$(ls "$TMP/docs")" = 周报告.docx ] && pass || fail "a refusal left a file: $(ls "$TMP/docs")"
ls "$TMP" | grep -q '\.tmp' && fail "a temporary left: $(ls "$TMP")" || pass
# what a writer killed before its rename left is removed by the next one
echo partial >"$TMP/docs/周报告.docx.tmp.Ab3xYz"
echo keep >"$TMP/docs/周报告.docx.tmp.notes.txt"
expect_rc 0 "again over a leftover" -- as "$lead1" report doc "$id" --out "$TMP/docs/周报告.docx"
[ ! -e "$TMP/docs/周报告.docx.tmp.Ab3xYz" ] && pass || fail "a killed writer's temporary stayed"
[ -e "$TMP/docs/周报告.docx.tmp.notes.txt" ] && pass || fail "a file that is not a temporary was removed"
finish
