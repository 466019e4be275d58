#!/bin/bash
# test_cli_basic.sh - the command-line contract: help, version, exit codes,
# init, log and ticket round trips, bad input loses nothing.
. "$(dirname "$0")/lib.sh"
DB=$TMP/a.db

expect_rc 0 "--version" -- "$FB" --version
expect_grep "$TMP/out" "fieldbook 0" "--version"
expect_rc 0 "--help" -- "$FB" --help
expect_grep "$TMP/out" "Commands" "--help"
for c in init demo log ticket person; do
	expect_rc 0 "$c --help" -- "$FB" "$c" --help
	expect_grep "$TMP/out" "Usage: fieldbook $c" "$c --help"
done
expect_rc 2 "unknown command" -- "$FB" frobnicate
expect_rc 2 "unknown global option" -- "$FB" --frob
expect_rc 2 "unknown subcommand" -- "$FB" --db "$DB" log frob
expect_rc 2 "log without subcommand" -- "$FB" --db "$DB" log
expect_rc 1 "no database yet" -- "$FB" --db "$DB" log list
expect_grep "$TMP/err" "fieldbook init" "missing database names the way out"
[ ! -e "$DB" ] && pass || fail "a read command created the database"

# default database from the environment
export XDG_DATA_HOME=$TMP/xdg
expect_rc 0 "init at the default path" -- "$FB" init
[ -f "$TMP/xdg/fieldbook/fieldbook.db" ] && pass || fail "default path not used"
[ "$(stat -c %a "$TMP/xdg/fieldbook/fieldbook.db")" = 600 ] && pass || fail "database not 0600"
FIELDBOOK_DB=$TMP/env.db expect_rc 0 "FIELDBOOK_DB wins" -- "$FB" init
[ -f "$TMP/env.db" ] && pass || fail "FIELDBOOK_DB not used"

expect_rc 0 "init a group" -- fb_as "李　习" --db "$DB" init --group 第一工作组 --station 桃源镇 \
	--county 东湖区 --supervisor 周明 --leader "李　习" --member 王伟 --member 张芳
# HQ's own person (HQ's roster comes from HQ; put in as HQ's setup would):
# a second group is HQ's to set up
sqlite3 "$DB" "INSERT INTO people (uuid, name, role, origin, rev, updated_at) VALUES
  ('00000000-0000-7000-8000-0000000000a1', '市总刘', 'hq',
   (SELECT value FROM meta WHERE key = 'device_id'), 1, '2026-11-01T00:00:00Z')"
expect_rc 1 "init: bad member name rolls the whole group back" -- fb_as 市总刘 --db "$DB" init \
	--group 第二组 --station 城关街道 --leader 赵强 --member "$(printf 'a\tb')"
one_line "$TMP/err" "init error"
expect_grep "$TMP/err" "member" "init error names the member"
expect_rc 0 "person list" -- "$FB" --db "$DB" person list --format csv
[ "$(grep -c . "$TMP/out")" = 5 ] && pass || fail "person list: wanted header + 4 people"

expect_rc 0 "log add" -- fb_as 王伟 --db "$DB" log add --author 王伟 --date 2026年11月20日 \
	--unit 宏达机械有限公司 --activity 走进企业 --workers 12 --enterprises 1 \
	--enterprise-kinds "difficulty、small_private" --worker-kinds frontline,migrant \
	--content "到宏达机械走访，与职工座谈，了解到企业订单减少。" --findings "拖欠工资"
expect_grep "$TMP/out" "Daily log 1" "log add says the id"
expect_rc 0 "log show json" -- "$FB" --db "$DB" log show 1 --format json
expect_grep "$TMP/out" '"enterprise_kinds": "difficulty;small_private"' "kinds stored"
expect_grep "$TMP/out" '"date": "2026-11-20"' "Chinese date form accepted"

# Bad values: exit 1, one line naming the field, database unchanged.
before=$(dump "$DB")
bad() { # DESCRIPTION FIELD args...
	desc=$1; field=$2; shift 2
	expect_rc 1 "$desc" -- fb_as 王伟 --db "$DB" log add --author 王伟 --unit 宏达机械 \
		--activity enterprise_visit --content 内容 "$@"
	one_line "$TMP/err" "$desc"
	expect_grep "$TMP/err" "$field" "$desc names $field"
}
bad "impossible date" --date --date 2026-02-30
bad "future date" --date --date 2027-01-01
bad "not a date" --date --date yesterdayish
bad "unknown activity" --activity --activity dancing
bad "negative count" --workers --workers -3
bad "not a number" --workers --workers 十二
bad "too many" --enterprises --enterprises 5000
bad "unknown kind" --enterprise-kinds --enterprise-kinds 大企业
bad "empty content" --content --content ""
bad "control character" --content --content "$(printf 'x\001y')"
bad "invalid UTF-8" --findings --findings "$(printf 'x\377y')"
bad "unknown author" --author --author 查无此人
[ "$(dump "$DB")" = "$before" ] && pass || fail "a refused log changed the database"

expect_rc 0 "log edit" -- fb_as "李　习" --db "$DB" log edit 1 --workers 15 --next "下周回访"
expect_rc 0 "log show text" -- "$FB" --db "$DB" log show 1
expect_grep "$TMP/out" "下周回访" "edit kept"
expect_grep "$TMP/out" "15 workers" "edit changed the count"
expect_grep "$TMP/out" "Fri" "weekday shown"
expect_rc 1 "edit with a bad value" -- fb_as "李　习" --db "$DB" log edit 1 --date 2026-13-01
expect_rc 1 "show a missing log" -- "$FB" --db "$DB" log show 99
expect_rc 2 "show without id" -- "$FB" --db "$DB" log show
for i in 1 2 3 4 5; do
	fb_as 张芳 --db "$DB" log add --author 张芳 --date 2026-11-1$i --unit "恒信纺织厂" \
		--activity worker_visit --content "走访职工第$i次，职工反映加班多。" >/dev/null || fail "log add $i"
done
expect_rc 0 "log list" -- "$FB" --db "$DB" log list --limit 3
[ "$(wc -l <"$TMP/out")" = 4 ] && pass || fail "log list --limit 3: header + 3 rows"
expect_rc 0 "log list csv" -- "$FB" --db "$DB" log list --format csv --limit 0
[ "$(wc -l <"$TMP/out")" = 7 ] && pass || fail "log list csv: header + 6 rows"
expect_rc 0 "log list json" -- "$FB" --db "$DB" log list --format json --author 张芳
[ "$(grep -c '"id"' "$TMP/out")" = 5 ] && pass || fail "json rows by author"
expect_rc 0 "log list search" -- "$FB" --db "$DB" log list --search 订单 --format csv
[ "$(wc -l <"$TMP/out")" = 2 ] && pass || fail "search finds one log"
expect_rc 0 "log list --after" -- "$FB" --db "$DB" log list --after 1 --format csv
expect_rc 1 "bad --format value" -- "$FB" --db "$DB" log list --limit x
expect_rc 2 "bad format" -- "$FB" --db "$DB" log list --format xml
expect_rc 0 "log rm" -- fb_as "李　习" --db "$DB" log rm 2
expect_rc 1 "log rm twice" -- fb_as "李　习" --db "$DB" log rm 2
expect_rc 0 "list after rm" -- "$FB" --db "$DB" log list --format csv --limit 0
[ "$(wc -l <"$TMP/out")" = 6 ] && pass || fail "tombstoned log left the list"

# Tickets: register, walk to closed.
expect_rc 0 "ticket add" -- fb_as 王伟 --db "$DB" ticket add --by 王伟 --title "宏达机械拖欠工资" \
	--description "职工反映两个月工资未发" --category 拖欠工资 --routing county_union \
	--unit 宏达机械有限公司 --log 1
expect_rc 1 "ticket add: bad routing" -- fb_as 王伟 --db "$DB" ticket add --by 王伟 --title t \
	--description d --category wage_arrears --routing 火星
one_line "$TMP/err" "bad routing"
expect_rc 1 "close a registered ticket" -- fb_as "李　习" --db "$DB" ticket event 1 close --text x
expect_grep "$TMP/err" "cannot take the step" "illegal step explained"
expect_rc 1 "hand over without dept" -- fb_as 王伟 --db "$DB" ticket event 1 hand_over --by 王伟
expect_grep "$TMP/err" "dept" "missing dept named"
expect_rc 0 "hand over" -- fb_as 王伟 --db "$DB" ticket event 1 hand_over --by 王伟 --dept 县人社局
expect_rc 1 "a leader does not answer" -- fb_as "李　习" --db "$DB" ticket event 1 answer --text 企业承诺补发
expect_grep "$TMP/err" "only the Headquarters may answer tickets" "the refusal says who may"
expect_rc 0 "answer" -- fb_as 市总刘 --db "$DB" ticket event 1 answer --text 企业承诺补发
expect_rc 0 "return visit" -- fb_as 王伟 --db "$DB" ticket event 1 回访 --by 王伟 --text 已补发
expect_rc 0 "close" -- fb_as "李　习" --db "$DB" ticket event 1 close --by "李　习" --text 办结
expect_rc 0 "ticket show" -- "$FB" --db "$DB" ticket show 1 --format json
expect_grep "$TMP/out" '"status": "closed"' "ticket closed"
[ "$(grep -o '"step"' "$TMP/out" | wc -l)" = 5 ] && pass || fail "five steps in the history"
expect_rc 0 "ticket list open" -- "$FB" --db "$DB" ticket list --status open --format csv
[ "$(wc -l <"$TMP/out")" = 1 ] && pass || fail "no open tickets left"
expect_rc 0 "ticket list" -- "$FB" --db "$DB" ticket list
expect_grep "$TMP/out" "宏达机械拖欠工资" "ticket listed"

# Names: spaces do not count, several of one name must be told apart, no
# two of one name in a group, no two groups of one name.
expect_rc 0 "a padded name found without its space" -- "$FB" --db "$DB" log list --author 李习
expect_rc 1 "same name twice in a group" -- fb_as "李　习" --db "$DB" person add --group 1 --name 王伟
expect_grep "$TMP/err" "王伟" "duplicate person named"
expect_rc 1 "same group name twice" -- fb_as "李　习" --db "$DB" init --group 第一工作组 --station 城关街道
expect_rc 1 "a leader sets up no other group" -- fb_as "李　习" --db "$DB" init --group 第二工作组 --station 城关街道 --member 王伟
expect_grep "$TMP/err" "only in their own work group" "the refusal says why"
expect_rc 0 "another group" -- fb_as 市总刘 --db "$DB" init --group 第二工作组 --station 城关街道 --member 王伟
expect_rc 1 "an ambiguous name" -- "$FB" --db "$DB" log list --author 王伟
one_line "$TMP/err" "ambiguous name"
expect_grep "$TMP/err" "第二工作组" "ambiguous name lists the candidates"
expect_rc 2 "two leaders" -- fb_as 甲 --db "$DB" init --group 第三组 --station 镇 --leader 甲 --leader 乙

# Usage details: --help after a subcommand, a missing value, empty edits,
# list options on add, typed control characters never reach the terminal.
for c in "log edit" "log show" "log rm" "ticket show" "ticket event"; do
	expect_rc 0 "$c --help" -- "$FB" --db "$DB" $c --help
done
expect_rc 2 "missing value" -- fb_as 张芳 --db "$DB" log add --author 张芳 --content
expect_grep "$TMP/err" "needs a value" "missing value named"
expect_rc 2 "edit with nothing to change" -- fb_as "李　习" --db "$DB" log edit 1
expect_rc 2 "list option on add" -- fb_as 张芳 --db "$DB" log add --author 张芳 --limit 3
expect_rc 1 "escape in a name" -- "$FB" --db "$DB" log list --author "$(printf 'x\033[31my')"
if grep -q "$(printf '\033')" "$TMP/err"; then fail "an escape sequence reached stderr"; else pass; fi

# CSV for Excel: a BOM; tables fit the terminal's width.
"$FB" --db "$DB" log list --format csv >"$TMP/bom.csv"
[ "$(head -c 3 "$TMP/bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && pass || fail "CSV without BOM"
COLUMNS=80 "$FB" --db "$DB" log list >"$TMP/narrow.txt"
w=$(while IFS= read -r l; do printf '%s\n' "$l" | wc -L; done <"$TMP/narrow.txt" | sort -n | tail -1)
[ "$w" -le 80 ] && pass || { fail "log list is $w columns wide in an 80-column terminal"; cat "$TMP/narrow.txt" >&2; }

finish
