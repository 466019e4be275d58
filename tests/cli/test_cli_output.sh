#!/bin/bash
# test_cli_output.sh - what the commands write: CSV that Excel on Chinese
# Windows shows as typed (BOM, CRLF, formulas neutralised, phone numbers and
# leading zeros kept as text) from every list, report and the overview;
# JSON and CSV carrying the exact data; text for a person with controls and
# invisible characters made visible; write errors on stdout; lists that say
# when more rows follow; labels accepted where codes are and shown where
# people read; one ID parser.
. "$(dirname "$0")/lib.sh"
DB=$TMP/a.db
# fb ARGS...: the binary on $DB signed in as the group leader 李习 (whom init
# below sets up, with the tests' secret)
fb() { fb_as 李习 --db "$DB" "$@"; }
BOM=$(printf '\357\273\277')
ESC=$(printf '\033')
BEL=$(printf '\007')
CR=$(printf '\r')
# has_byte FILE OCTAL...: the file holds one of these bytes
has_byte() { f=$1; shift; for b in "$@"; do LC_ALL=C grep -q "$(printf "\\$b")" "$f" && return 0; done; return 1; }
# has_c1 FILE: a C1 control (U+0080-U+009F, UTF-8 C2 80 to C2 9F)
has_c1() { LC_ALL=C grep -q "$(printf '\302')[$(printf '\200')-$(printf '\237')]" "$1"; }
# on_tty CMD...: run in a pseudo-terminal (stdout is a terminal), output in $TMP/tty
on_tty() { script -qec "$(printf '%q ' "$@")" /dev/null >"$TMP/tty" 2>&1; }

expect_rc 0 "init with a station kind by its label" -- fb init --group 第一工作组 \
	--station 城关街道 --station-kind 街道 --start 2026-11-01 --leader 李习 --member 王伟
[ "$(sqlite3 "$DB" 'SELECT station_kind FROM work_groups')" = street ] && pass ||
	fail "--station-kind 街道 not stored as street"
expect_rc 1 "an unknown station kind" -- fb init --group 第二组 --station 某地 --station-kind 火星
one_line "$TMP/err" "unknown station kind"
expect_grep "$TMP/err" "street (Street)" "the kinds are listed with their labels"
# HQ's own person: a second leader is HQ's to appoint
fb_hq_person "$DB" || fail "HQ's own person"
expect_rc 0 "a role by its label" -- fb_as 李习 --db "$DB" person add --group 1 --name 张芳 --role 组员 \
	--phone 13800138000 --unit 0571
expect_rc 0 "a role by its English label" -- fb_as 市总 --db "$DB" person add --group 1 --name 赵强 --role "group leader" \
	--unit "=1+1" --phone "+86 138 0013 8000"
[ "$(sqlite3 "$DB" "SELECT role FROM people WHERE name = '赵强'")" = leader ] && pass ||
	fail "--role 'group leader' not stored as leader"

# ---- CSV for Excel, from every list
expect_rc 0 "person list csv" -- fb person list --format csv
cp "$TMP/out" "$TMP/people.csv"
[ "$(head -c 3 "$TMP/people.csv")" = "$BOM" ] && pass || fail "person list csv: no BOM"
[ "$(grep -c "$CR\$" "$TMP/people.csv")" = "$(wc -l <"$TMP/people.csv")" ] && pass ||
	fail "person list csv: not every record ends with CRLF"
expect_grep "$TMP/people.csv" ',"=""0571""","=""13800138000"""' "phone and leading zero kept as text"
expect_grep "$TMP/people.csv" ",'=1+1,'+86 138 0013 8000" "formula and + neutralised"
expect_grep "$TMP/people.csv" "^1,李习,leader,1,2026-11-01," "ids and dates as they are"

expect_rc 0 "log add" -- fb_as 王伟 --db "$DB" log add --author 王伟 --date 2026-11-20 --unit "@SUM(A1)" \
	--activity 走进企业 --workers 12 --content "走访企业" --next "-下周回访"
expect_rc 0 "log list csv" -- fb log list --format csv
expect_grep "$TMP/out" "^${BOM}id,date,author,activity,unit,workers,content$CR\$" "log list csv head"
expect_grep "$TMP/out" "^1,2026-11-20,王伟,enterprise_visit,'@SUM(A1),12,走访企业$CR\$" "log list csv row"
expect_rc 0 "ticket add" -- fb_as 王伟 --db "$DB" ticket add --by 王伟 --title "=HYPERLINK(\"x\")" --description d \
	--category 拖欠工资 --routing 县级工会自身解决 --date 2026-11-20
expect_rc 0 "ticket list csv" -- fb ticket list --format csv
expect_grep "$TMP/out" "^${BOM}id,opened_on" "ticket list csv BOM"
expect_grep "$TMP/out" ",0,\"'=HYPERLINK(\"\"x\"\")\"$CR\$" "ticket title neutralised"
expect_rc 0 "target list csv" -- fb target list --format csv
expect_grep "$TMP/out" "^${BOM}id,scope,metric" "target list csv BOM"
expect_rc 0 "weekly csv" -- fb report weekly --week 2026-W47 --format csv
[ "$(head -c 3 "$TMP/out")" = "$BOM" ] && pass || fail "report csv: no BOM"
expect_grep "$TMP/out" "^王伟,.*$CR\$" "report csv rows end with CRLF"
expect_rc 0 "report list csv" -- fb report list --format csv
expect_grep "$TMP/out" "^${BOM}id,group,kind" "report list csv BOM"
expect_rc 0 "stats csv" -- fb stats --from 2026-11-16 --format csv
expect_grep "$TMP/out" "^${BOM}group,station,cadres" "stats csv BOM"
expect_grep "$TMP/out" "^第一工作组,城关街道,.*$CR\$" "stats csv CRLF"
expect_rc 0 "stats csv cadres" -- fb stats --from 2026-11-16 --format csv --cadres
expect_grep "$TMP/out" "^${BOM}group,cadre,role" "stats cadres csv BOM"

# ---- stored text with terminal controls: ESC, OSC 52 (clipboard), OSC 0
# (title), CR, C1 (CSI U+009B), a zero-width space. The core refuses them
# from the command line, so they are written behind its back, as a bundle
# from another program could bring them.
OSC52="'||char(27)||']52;c;cm0gLXJmIH4='||char(7)||'"
OSC0="'||char(27)||']0;pwned'||char(7)||'"
sqlite3 "$DB" "UPDATE tickets SET title = '欠薪$OSC0问题', description = '两个月$OSC52未发'||char(155)||'31m';
	INSERT INTO ticket_events (uuid, ticket_id, kind, at, actor_id, body, status_after, origin, rev)
	  VALUES ('0193a1b2-c3d4-7e5f-8a6b-1c2d3e4f5a6b', 1, 'answer', '2026-11-21T04:00:00Z', 1,
	  '企业承诺补发'||char(13)||'企业拒绝补发', 'answered', 'x', 1);
	UPDATE people SET name = '王'||char(155)||'伟' WHERE name = '王伟';
	UPDATE people SET unit = '宏达'||char(8203)||'机械' WHERE name = '张芳';" ||
	fail "could not plant the test data"
trig=$(sqlite3 "$DB" "SELECT sql FROM sqlite_master WHERE name = 'logs_fts_update'")
sqlite3 "$DB" "DROP TRIGGER logs_fts_update;
	UPDATE logs SET content = '走访$OSC52企业'||char(13)||'假话', findings = '${OSC0}x'; $trig;" ||
	fail "could not plant the log"
clean() { # FILE DESCRIPTION: no raw control reaches the terminal
	if has_byte "$1" 033 007 015 || has_c1 "$1"; then
		fail "$2: a raw control character in the output"; cat -A "$1" | head -5 >&2
	else
		pass
	fi
}
expect_rc 0 "ticket show" -- fb ticket show 1
clean "$TMP/out" "ticket show"
expect_grep "$TMP/out" "企业承诺补发<U+000D>企业拒绝补发" "the CR is shown, both answers readable"
expect_grep "$TMP/out" "欠薪<U+001B>]0;pwned<U+0007>问题" "OSC 0 in the title made visible"
expect_grep "$TMP/out" "两个月<U+001B>]52;c;" "OSC 52 in the description made visible"
expect_grep "$TMP/out" "未发<U+009B>31m" "C1 made visible"
expect_rc 0 "log show" -- fb log show 1
clean "$TMP/out" "log show"
expect_grep "$TMP/out" "Author: 王<U+009B>伟" "C1 in a name made visible"
expect_grep "$TMP/out" "走访<U+001B>]52;c;cm0gLXJmIH4=<U+0007>企业<U+000D>假话" "log content made visible"
for c in "log list" "ticket list" "person list" "stats --from 2026-11-16" "report weekly --week 2026-W47"; do
	expect_rc 0 "$c" -- fb $c
	clean "$TMP/out" "$c"
done
expect_rc 0 "person list" -- fb person list
expect_grep "$TMP/out" "宏达<U+200B>机械" "an invisible character made visible"
# JSON keeps the data, escaped
expect_rc 0 "ticket show json" -- fb ticket show 1 --format json
clean "$TMP/out" "ticket show json"
expect_grep "$TMP/out" '"title": "欠薪\\u001b\]0;pwned\\u0007问题"' "JSON escapes ESC and BEL"
expect_grep "$TMP/out" '"text": "企业承诺补发\\r企业拒绝补发"' "JSON keeps the CR, escaped"
expect_grep "$TMP/out" '未发\\u009b31m' "JSON escapes C1"
expect_rc 0 "log show json" -- fb log show 1 --format json
clean "$TMP/out" "log show json"
expect_rc 0 "person list json" -- fb person list --format json
expect_grep "$TMP/out" '宏达\\u200b机械' "JSON escapes invisible characters"
# CSV to a file keeps every byte; CSV to a terminal shows them
expect_rc 0 "ticket list csv to a file" -- fb ticket list --format csv
has_byte "$TMP/out" 033 && pass || fail "CSV to a file lost the data's ESC"
on_tty "$FB" --db "$DB" ticket list --format csv
has_byte "$TMP/tty" 033 && fail "CSV on a terminal: a raw ESC" || pass
expect_grep "$TMP/tty" "欠薪<U+001B>]0;pwned<U+0007>问题" "CSV on a terminal made visible"
on_tty fb_as 李习 --db "$DB" report weekly --week 2026-W47 --format csv
has_c1 "$TMP/tty" && fail "report CSV on a terminal: a raw C1" || pass
# errors on stderr: one line, controls visible
expect_rc 1 "an unknown person with an escape" -- fb log list --author "$(printf 'x\033]0;t\007')"
one_line "$TMP/err" "error with an escape"
clean "$TMP/err" "stderr"

# ---- a write error on stdout exits 1 with a message, never 0
for c in "log list" "log list --format csv" "log list --format json" "log show 1" \
	"ticket show 1" "ticket list" "person list" "target list" "report list" "stats" \
	"stats --format csv" "report weekly --week 2026-W47" "--help" "log --help"; do
	fb $c >/dev/full 2>"$TMP/err"
	rc=$?
	[ $rc = 1 ] && pass || fail "$c > /dev/full: exit $rc, wanted 1"
	one_line "$TMP/err" "$c > /dev/full"
	expect_grep "$TMP/err" "cannot write the output: No space left on device" "$c > /dev/full says why"
done
fb export --out "$TMP/full.zip" --plain >/dev/full 2>"$TMP/err"
[ $? = 1 ] && pass || fail "export summary > /dev/full: exit 0"
"$FB" --db "$TMP/big.db" demo --logs 3000 --seed 5 >/dev/null 2>&1 || fail "demo"
"$FB" --db "$TMP/big.db" log list --limit 0 --format csv >/dev/full 2>"$TMP/err"
[ $? = 1 ] && pass || fail "a long list to /dev/full: exit 0"
one_line "$TMP/err" "a long list to /dev/full"

# ---- lists say when more rows follow, and how to see them
expect_rc 0 "log list --limit 3" -- "$FB" --db "$TMP/big.db" log list --limit 3 --format csv
[ "$(wc -l <"$TMP/out")" = 4 ] && pass || fail "--limit 3: head + 3 rows"
expect_grep "$TMP/err" "3 shown, and more follow" "more rows announced"
last=$(tail -1 "$TMP/out" | cut -d, -f1)
expect_grep "$TMP/err" "after $last'" "the way to the next ones names the last ID"
expect_rc 0 "the next ones" -- "$FB" --db "$TMP/big.db" log list --limit 3 --after "$last" --format csv
"$FB" --db "$TMP/big.db" log list --limit 6 --format csv >"$TMP/six"
[ "$(sed -n 5,7p "$TMP/six")" = "$(sed -n 2,4p "$TMP/out")" ] && pass || fail "--after continues the list"
expect_rc 0 "all of them" -- "$FB" --db "$TMP/big.db" log list --limit 0 --format csv
[ "$(wc -l <"$TMP/out")" = 3001 ] && pass || fail "--limit 0 lists every log"
[ -s "$TMP/err" ] && fail "a whole list announced more" || pass
expect_rc 0 "exactly the limit" -- "$FB" --db "$TMP/big.db" log list --limit 3000 --format csv
[ -s "$TMP/err" ] && fail "a list of exactly the limit announced more" || pass
expect_rc 0 "ticket list --limit 1" -- "$FB" --db "$TMP/big.db" ticket list --limit 1 --format csv
expect_grep "$TMP/err" "more follow" "ticket list announces more"
t1=$(tail -1 "$TMP/out" | cut -d, -f1)
expect_rc 0 "ticket list --after" -- "$FB" --db "$TMP/big.db" ticket list --limit 1 --after "$t1" --format csv
t2=$(tail -1 "$TMP/out" | cut -d, -f1)
[ -n "$t2" ] && [ "$t2" != "$t1" ] && pass || fail "ticket list --after gave no next ticket"

# ---- labels where codes are asked for, labels where people read
expect_rc 0 "report list by English label" -- fb report list --kind "weekly report" --format csv
expect_grep "$TMP/out" ",weekly," "--kind by label"
expect_rc 2 "an unknown kind" -- fb report list --kind 年报
expect_grep "$TMP/err" "weekly (Weekly report)" "kinds listed with labels"
expect_rc 0 "a section by its label" -- fb report edit 1 --section "topical research" --text 调研内容
expect_grep "$TMP/out" "Topical research updated" "the section named by its label"
expect_rc 0 "report list" -- fb report list
expect_grep "$TMP/out" "Weekly report" "the kind shown as a label"
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	zh() { LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 fb "$@"; }
	expect_rc 0 "zh: --kind 周报告" -- zh report list --kind 周报告 --format csv
	expect_grep "$TMP/out" ",weekly," "--kind 周报告"
	expect_rc 0 "zh: --section 下步计划" -- zh report edit 1 --section 下步计划 --text 继续走访
	expect_grep "$TMP/out" "下步计划已更新" "section label in Chinese"
	expect_rc 0 "zh: a section by its heading" -- zh report edit 1 --section 本周工作开展情况 --text 走访
	expect_rc 0 "zh: report list" -- zh report list
	expect_grep "$TMP/out" "周报告" "kind label in Chinese"
	expect_rc 0 "zh: export" -- zh export --out "$TMP/zh.zip" --plain
	# people: the group's four and HQ's own person
	expect_grep "$TMP/out" "工作组 1，人员 5，工作日志 1" "table names in Chinese in the summary"
else
	fail "the zh_CN.UTF-8 locale is missing: run sh packaging/setup.sh deps"
fi
expect_rc 0 "export" -- fb export --out "$TMP/en.zip" --plain
expect_grep "$TMP/out" "(Work groups 1, People 5, Daily logs 1, Reports 1, Problem tickets 1, Ticket history 2" \
	"table names, not codes, in the summary"
if grep -q "work_groups" "$TMP/out"; then fail "a table code in the summary"; else pass; fi
# a submitted report: the time shown local, kept UTC in CSV
expect_rc 0 "submit" -- fb report submit 1
TZ=Asia/Shanghai fb report list --format csv >"$TMP/rl.csv"
utc=$(sed -n 2p "$TMP/rl.csv" | tr -d '\r' | cut -d, -f9)
case $utc in *T*Z) pass ;; *) fail "report list csv: submitted_at '$utc' not UTC" ;; esac
local_time=$(TZ=Asia/Shanghai date -d "$utc" '+%Y-%m-%d %H:%M')
TZ=Asia/Shanghai fb report list >"$TMP/rl.txt"
expect_grep "$TMP/rl.txt" "$local_time" "submitted_at shown in local time"
# the importer names the sending device by the random tail of its id (a
# clean station: this one's rows were given control characters above)
fb_as 赵敏 --db "$TMP/st.db" init --group 第三组 --station 清水镇 --leader 赵敏 >/dev/null
dev=$(sqlite3 "$TMP/st.db" "SELECT value FROM meta WHERE key = 'device_id'")
fb_lead "$TMP/st.db" export --out "$TMP/st.zip" --plain >/dev/null 2>&1
fb_as 李习 --db "$TMP/hq.db" import --pin "$(fp "$TMP/st.db")" "$TMP/st.zip" >"$TMP/imp" 2>&1
expect_grep "$TMP/imp" "(device ${dev: -8})" "device shown by its random tail"

# ---- help lists every subcommand
expect_rc 0 "--help" -- "$FB" --help
expect_grep "$TMP/out" "add, edit, list" "person edit in the command list"
expect_grep "$TMP/out" "weekly, monthly, stage, show, list, edit, submit" "report subcommands listed"
expect_rc 0 "person --help" -- "$FB" person --help
expect_grep "$TMP/out" "person edit" "person --help shows edit"

# ---- one ID parser, 64-bit
expect_rc 2 "log show -1" -- fb log show -1
for bad in 0 1x "" 99999999999999999999 " 1" "+1"; do
	expect_rc 1 "log show '$bad'" -- fb log show "$bad"
	expect_grep "$TMP/err" "not an ID" "log show '$bad' says what an ID is"
done
expect_rc 1 "an ID past 32 bits" -- fb log show 4294967297
expect_grep "$TMP/err" "4294967297" "a 64-bit ID is looked up, not refused"
expect_rc 1 "ticket --log" -- fb_as 李习 --db "$DB" ticket add --by 李习 --title t --description d --log abc
expect_grep "$TMP/err" "not an ID" "--log parsed as an ID"
expect_rc 1 "--after" -- fb log list --after 0
expect_grep "$TMP/err" "not an ID" "--after parsed as an ID"

# ---- the terminal's width: $COLUMNS first, then the terminal's own
COLUMNS=60 "$FB" --db "$TMP/big.db" log list >"$TMP/w60" 2>/dev/null
w=$(wc -L <"$TMP/w60")
[ "$w" -le 60 ] && pass || fail "COLUMNS=60: a table $w columns wide"
script -qec "stty cols 200; COLUMNS=60 $(printf '%q' "$FB") --db $(printf '%q' "$TMP/big.db") log list 2>/dev/null" \
	/dev/null >"$TMP/tty" 2>&1
w=$(tr -d '\r' <"$TMP/tty" | wc -L)
[ "$w" -le 60 ] && pass || fail "COLUMNS=60 in a 200-column terminal: a table $w columns wide"
script -qec "stty cols 70; unset COLUMNS; $(printf '%q' "$FB") --db $(printf '%q' "$TMP/big.db") log list 2>/dev/null" \
	/dev/null >"$TMP/tty" 2>&1
w=$(tr -d '\r' <"$TMP/tty" | wc -L)
[ "$w" -le 70 ] && [ "$w" -gt 60 ] && pass || fail "a 70-column terminal: a table $w columns wide"
finish
