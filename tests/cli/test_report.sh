#!/bin/bash
# test_report.sh - fieldbook report and fieldbook stats through the real
# binary: compile a weekly report from logs typed in with `log add`, read it
# as Markdown and CSV, edit and submit it, revise it after submission, the
# errors (exit codes, one line, database unchanged), and the HQ overview
# fitting 80 columns and using more when there is more.
. "$(dirname "$0")/lib.sh"
DB="$TMP/fb.db"
# everything as the group leader 张伟 (init makes him the first person);
# targets as HQ's person 市总刘 (hq), put in below as HQ's setup would
fb() { fb_as 张伟 --db "$DB" "$@"; }
hq() { fb_as 市总刘 --db "$DB" "$@"; }

expect_rc 0 "init" -- fb init --group 第一工作组 --station 城关镇 --start 2026-11-01 \
	--leader 张伟 --member 李娜 --member 王芳
sqlite3 "$DB" "INSERT INTO people (uuid, name, role, origin, rev, updated_at) VALUES
  ('00000000-0000-7000-8000-0000000000a1', '市总刘', 'hq',
   (SELECT value FROM meta WHERE key = 'device_id'), 1, '2026-11-01T00:00:00Z')"
addlog() { # author date workers [more options]
	who=$1 day=$2 n=$3; shift 3
	expect_rc 0 "log add $who $day" -- fb log add --author "$who" --date "$day" \
		--unit 宏达机械有限公司 --activity enterprise_visit --enterprises 1 --workers "$n" \
		--content 走访企业了解生产经营情况 "$@"
}
for d in 16 17 18 20; do addlog 张伟 2026-11-$d 3; done
addlog 张伟 2026-11-19 9
# The log of the 19th is deleted: a tombstone, which must not count.
id19=$(fb log list --author 张伟 --from 2026-11-19 --to 2026-11-19 --format csv | sed -n 2p | cut -d, -f1)
expect_rc 0 "log rm" -- fb log rm "$id19"
addlog 李娜 2026-11-16 2 --findings 职工反映拖欠工资 --actions 已与企业沟通
addlog 李娜 2026-11-17 2
# init recorded everyone as joining with the group's start.
expect_rc 0 "person list" -- fb person list --format csv
expect_grep "$TMP/out" "^[0-9]*,王芳,member,1,2026-11-01," "init: joined with the stay's start"
# 王芳 joins mid-week, on Wednesday.
expect_rc 1 "bad --joined" -- fb person edit 王芳 --joined 2026-11-31
expect_rc 2 "edit with nothing to change" -- fb person edit 王芳
expect_rc 0 "person edit --joined" -- fb person edit 王芳 --joined 2026-11-18
expect_rc 0 "person list" -- fb person list --format csv
expect_grep "$TMP/out" "^[0-9]*,王芳,member,1,2026-11-18," "joined_on changed"
expect_grep "$TMP/out" "^[0-9]*,李娜,member,1,2026-11-01," "others unchanged"
addlog 王芳 2026-11-18 5 --next 下周回访宏达机械
addlog 王芳 2026-11-19 5

expect_rc 0 "weekly csv" -- fb report weekly --week 2026-W47 --format csv
expect_grep "$TMP/out" "^张伟,4,5,1,4,4,12,0,Group leader,2026-11-19" "张伟 missed the 19th only"
expect_grep "$TMP/out" "^李娜,2,5,3,2,2,4,0,Member,2026-11-18 2026-11-19 2026-11-20" "李娜's missing days"
expect_grep "$TMP/out" "^王芳,2,3,1,2,2,10,0,Member,2026-11-20" "王芳 counted from the day she joined"
expect_grep "$TMP/out" "^Total,8,13,5,8,8,26,0,," "totals"

expect_rc 0 "weekly md" -- fb report weekly --week 2026-W47 --format md
expect_grep "$TMP/out" "^# Weekly report · 第一工作组 · 2026-W47 (2026-11-16 to 2026-11-22)" "Markdown title"
expect_grep "$TMP/out" "^| 李娜   |" "Markdown table padded by display width"
expect_grep "$TMP/out" "职工反映拖欠工资" "problems pre-filled from the logs"
expect_grep "$TMP/out" "下周回访宏达机械" "next plan pre-filled from the logs"
expect_grep "$TMP/out" "^- Revision 1, draft" "a draft"

expect_rc 0 "list" -- fb report list --format csv
expect_grep "$TMP/out" "^1,第一工作组,weekly,2026-W47,2026-11-16,2026-11-22,1,draft," "listed as a draft"
printf '本周走访企业8家，职工26人。\n重点了解了企业生产经营情况。\n' >"$TMP/work.txt"
expect_rc 0 "edit from a file" -- fb report edit 1 --section work_done --file "$TMP/work.txt"
expect_rc 0 "edit with --text" -- fb report edit 1 --section next_plan --text 下周继续走访
expect_rc 0 "submit" -- fb report submit 1
expect_grep "$TMP/out" "submitted" "submit says so"

# A late log does not change the submitted report.
addlog 李娜 2026-11-18 1
expect_rc 0 "show submitted" -- fb report show 1 --format csv
expect_grep "$TMP/out" "^李娜,2,5,3," "frozen figures"
expect_rc 0 "show text" -- fb report show 1
expect_grep "$TMP/out" "重点了解了企业生产经营情况" "edited section kept"
expect_grep "$TMP/out" "Revision 1, submitted" "submitted status shown"

# Errors: one line, the right exit code, the database unchanged.
dump "$DB" >"$TMP/before"
expect_rc 1 "submit twice" -- fb report submit 1
one_line "$TMP/err" "submit twice"
expect_grep "$TMP/err" "already submitted" "why"
printf 'bad \001 byte\n' >"$TMP/bad.txt"
expect_rc 1 "control character in a file" -- fb report edit 1 --section research --file "$TMP/bad.txt"
one_line "$TMP/err" "bad file"
expect_grep "$TMP/err" "bad.txt" "the error names the file"
expect_rc 1 "no such week" -- fb report weekly --week 2027-W53
one_line "$TMP/err" "no such week"
expect_rc 1 "missing file" -- fb report edit 1 --section research --file "$TMP/nope.txt"
expect_rc 2 "bad section" -- fb report edit 1 --section gossip --text x
expect_rc 2 "no text" -- fb report edit 1 --section research
expect_rc 2 "bad format" -- fb report weekly --format pdf
expect_rc 2 "unknown subcommand" -- fb report publish
expect_rc 1 "no such report" -- fb report show 99
dump "$DB" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" && pass || fail "a failed command changed the database"

# After submission an edit makes revision 2; revision 1 stays as history.
expect_rc 0 "edit after submit" -- fb report edit 1 --section problems --text 拖欠工资问题已移交
expect_grep "$TMP/out" "new revision, report 2" "the new revision is named"
expect_rc 0 "list all revisions" -- fb report list --all --format csv
[ "$(grep -c '^[0-9]' "$TMP/out")" = 2 ] && pass || fail "two revisions listed"
expect_rc 0 "show revision 2" -- fb report show 2 --format csv
expect_grep "$TMP/out" "^李娜,3,5,2," "revision 2 has live figures"
expect_rc 1 "edit the old revision" -- fb report edit 1 --section problems --text x
one_line "$TMP/err" "old revision"

# The overview: fits 80 columns, uses more when wider; CSV and JSON.
expect_rc 0 "stats 80" -- fb stats --from 2026-11-16 --width 80
expect_grep "$TMP/out" "^第一工作组" "the group is there"
expect_grep "$TMP/out" "27/50" "workers against the group target (26 + the late log)"
w=$(wc -L <"$TMP/out")
[ "$w" -le 80 ] && pass || fail "stats at 80 columns is $w wide"
expect_rc 0 "stats 140" -- fb stats --from 2026-11-16 --width 140
w=$(wc -L <"$TMP/out")
[ "$w" -gt 80 ] && [ "$w" -le 140 ] && pass || fail "stats at 140 columns is $w wide"
COLUMNS=100 fb stats --from 2026-11-16 >"$TMP/out" 2>&1
w=$(wc -L <"$TMP/out")
[ "$w" -gt 80 ] && [ "$w" -le 100 ] && pass || fail "stats with COLUMNS=100 is $w wide"
expect_rc 0 "stats csv" -- fb stats --from 2026-11-16 --format csv
# the head follows the BOM (issue 10: Excel on Chinese Windows reads UTF-8)
expect_grep "$TMP/out" "^$(printf '\357\273\277')group,station,cadres,logs,days_logged" "CSV head"
expect_grep "$TMP/out" "^第一工作组,城关镇,3,9," "CSV row"
expect_rc 0 "stats csv cadres" -- fb stats --from 2026-11-16 --format csv --cadres
expect_grep "$TMP/out" "^第一工作组,王芳,member," "cadre rows"
expect_rc 0 "stats json" -- fb stats --from 2026-11-16 --format json
expect_grep "$TMP/out" '"week_report": "submitted"' "the week's report is submitted"
# Targets are data: HQ sets a group's own target and the overview uses it.
expect_rc 0 "target set" -- hq target set --scope group --metric workers --period programme \
	--value 40 --group 第一工作组 --note 专项目标
expect_rc 0 "target list" -- fb target list --format csv
expect_grep "$TMP/out" ",group,workers,programme,第一工作组,40,专项目标" "the group's own target listed"
expect_rc 0 "stats with the new target" -- fb stats --from 2026-11-16 --format csv
expect_grep "$TMP/out" "^第一工作组,城关镇,3,9,.*,27,40," "the overview uses it"
dump "$DB" >"$TMP/before"
expect_rc 1 "target bad scope" -- hq target set --scope town --metric workers --period year --value 3
one_line "$TMP/err" "target bad scope"
expect_grep "$TMP/err" "\-\-scope" "names the option"
expect_rc 2 "target without value" -- hq target set --scope group --metric workers --period year
dump "$DB" >"$TMP/after"
cmp -s "$TMP/before" "$TMP/after" && pass || fail "a failed target set changed the database"
expect_rc 1 "stats bad period" -- fb stats --from 2026-11-30 --to 2026-11-01
one_line "$TMP/err" "bad period"
expect_rc 2 "stats bad format" -- fb stats --format xml
finish
