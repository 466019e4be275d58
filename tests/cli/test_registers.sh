#!/bin/sh
# fieldbook export --xlsx: the registers for Excel, read back cell by cell
# as a spreadsheet program reads the file (tests/cli/xlsx_cells.py: the
# workbook, its relationships, styles and sheets). Chinese headers, names
# and labels (never a UUID or a code), dates as date cells, phone numbers
# as text, a frozen header row, filters, widths for Chinese text, the
# ticket register with status, routing, deadline, overdue and history;
# --group: that group only. Bad input: one line, exit 1 or 2, no file.
. "$(dirname "$0")/lib.sh"
zh() { LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$@"; }
HQ=$TMP/hq.db
READ="python3 $(dirname "$0")/xlsx_cells.py"

for g in 城关镇 桃源镇; do
	db=$TMP/$g.db
	fb_as "李$g" --db "$db" init --group "${g}蹲点组" --station "$g" --leader "李$g" \
		--member "王$g" >/dev/null || fail "init $g"
	fb_as "王$g" --db "$db" person edit "王$g" --phone 13812345678 >/dev/null
	fb_as "王$g" --db "$db" log add --author "王$g" --date 2026-11-20 --unit 宏达机械 \
		--activity enterprise_visit --enterprise-kinds difficulty,small_private \
		--enterprises 2 --workers 12 --content "走访宏达机械" >/dev/null || fail "log $g"
	fb_as "王$g" --db "$db" ticket add --by "王$g" --title "${g}宏达机械拖欠工资" \
		--description 两月未发 --category wage_arrears --routing county_union \
		--date 2026-10-01 --due 2026-11-01 >/dev/null || fail "ticket $g"
	fb_as "李$g" --db "$db" export --out "$TMP/$g.zip" --plain >/dev/null 2>&1
done
fb_as 赵敏 --db "$HQ" init --hq 东湖市总工会 --staff 赵敏 >/dev/null
fb_as 赵敏 --db "$HQ" inbox "$TMP" $(pins "$TMP/城关镇.db" "$TMP/桃源镇.db") --import --new-groups >/dev/null || fail "inbox"
fb_as 赵敏 --db "$HQ" ticket event 1 answer --by 赵敏 --text "已转县人社局督办" >/dev/null ||
	fail "answer"

expect_rc 0 "export --xlsx" -- zh fb_as 赵敏 --db "$HQ" export --xlsx --out "$TMP/台账.xlsx"
expect_grep "$TMP/out" "工作日志 2 篇，问题 2 件，人员 5 人" "the counts"
[ "$(stat -c %a "$TMP/台账.xlsx")" = 600 ] && pass || fail "the workbook is readable by others"
$READ "$TMP/台账.xlsx" >"$TMP/cells" || fail "not a workbook"
sed -n '/^SHEET 工作日志/,/^SHEET/p' "$TMP/cells" >"$TMP/logs"
sed -n '/^SHEET 问题台账/,/^SHEET/p' "$TMP/cells" >"$TMP/tickets"
sed -n '/^SHEET 人员/,$p' "$TMP/cells" >"$TMP/people"
for s in logs tickets people; do
	expect_grep "$TMP/$s" "^FROZEN 1$" "$s: the header row is frozen"
	expect_grep "$TMP/$s" "^FILTER A1:" "$s: filters"
done
expect_grep "$TMP/logs" "^A1 s - 工作组$" "logs: Chinese header"
expect_grep "$TMP/logs" "^H1 s - 走访企业数$" "logs: the count's header"
expect_grep "$TMP/logs" "^B2 d yyyy-mm-dd 46346$" "logs: the date is a date cell (2026-11-20)"
expect_grep "$TMP/logs" "^E2 s - 走进企业$" "logs: the activity's label"
expect_grep "$TMP/logs" "^F2 s - 生产经营困难企业、小微民营企业$" "logs: kinds as labels"
expect_grep "$TMP/logs" "^H2 n - 2$" "logs: a count is a number"
expect_grep "$TMP/logs" "^A3 s @ 桃源镇蹲点组$" "logs: the second group"
# a Chinese header's column is wide enough for it (two units a character)
expect_grep "$TMP/logs" "^WIDTH 8 1[0-9]\." "logs: width of 走访企业数"
expect_grep "$TMP/tickets" "^C1 s - 答复期限$" "tickets: the due date's header"
expect_grep "$TMP/tickets" "^C2 d yyyy-mm-dd 46327$" "tickets: due 2026-11-01 as a date"
expect_grep "$TMP/tickets" "^D2 s - 已答复$" "tickets: status label after HQ's answer"
expect_grep "$TMP/tickets" "^E2 s - 否$" "tickets: answered, so not overdue"
expect_grep "$TMP/tickets" "^E3 s - 是$" "tickets: the other one is overdue"
expect_grep "$TMP/tickets" "^F2 s - 县级工会自身解决$" "tickets: routing label"
expect_grep "$TMP/tickets" "^N2 s @ 2026-10-01 登记 王城关镇：两月未发.n.* 答复 赵敏：已转县人社局督办$" \
	"tickets: the history with who and what"
expect_grep "$TMP/people" "^E[0-9]* s @ 13812345678$" "people: the phone number is text"
expect_grep "$TMP/people" "s - 市总工会$" "people: HQ's staff"
grep -qE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}' "$TMP/cells" && fail "a UUID in the workbook" || pass
grep -qE ' (enterprise_visit|county_union|wage_arrears|registered|answered) *$' "$TMP/cells" &&
	fail "a code in the workbook" || pass

# one group only
expect_rc 0 "--group" -- zh fb_as 赵敏 --db "$HQ" export --xlsx --out "$TMP/one.xlsx" --group 桃源镇蹲点组
$READ "$TMP/one.xlsx" >"$TMP/cells1"
grep -q "城关镇" "$TMP/cells1" && fail "another group's rows in a group's workbook" || pass
expect_grep "$TMP/cells1" "^A2 s @ 桃源镇蹲点组$" "the group's rows"

# bad input
expect_rc 1 "unwritable" -- fb_as 赵敏 --db "$HQ" export --xlsx --out "$TMP/none/x.xlsx"
one_line "$TMP/err" "unwritable"
expect_grep "$TMP/err" "$TMP/none/x.xlsx" "the file is named"
[ ! -e "$TMP/none/x.xlsx.part" ] && pass || fail "a partial workbook left"
expect_rc 2 "--xlsx --since-last" -- fb_as 赵敏 --db "$HQ" export --xlsx --out "$TMP/y.xlsx" \
	--since-last a
[ ! -e "$TMP/y.xlsx" ] && pass || fail "a refused export wrote a file"
finish
