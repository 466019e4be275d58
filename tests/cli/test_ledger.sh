#!/bin/bash
# test_ledger.sh - the contact ledger from the command line: units (one
# record per unit however typed, merge, no delete of a visited unit),
# workers (ID numbers checked, phones masked, met again is one record),
# visit links, coverage against the targets and where to go next.
. "$(dirname "$0")/lib.sh"
DB=$TMP/a.db
F="$FB --db $DB"
# personal fields open only for someone signed in who holds the group's key (seal.h)
S="fb_as 王伟 --db $DB"

for c in unit worker visit coverage; do
	expect_rc 0 "$c --help" -- $FB "$c" --help
	expect_grep "$TMP/out" "Usage: fieldbook $c" "$c --help"
done
expect_rc 0 "init" -- fb_as "李　习" --db "$DB" init --group 第一工作组 --station 桃源镇 --county 东湖区 \
	--supervisor 周明 --leader "李　习" --member 王伟 --member 张芳 --member 赵强
expect_rc 0 "unit add" -- fb_as 王伟 --db "$DB" unit add --by 王伟 --name 宏达机械有限公司 \
	--kinds difficulty,small_private --ownership 民营 --headcount 320 --union yes
expect_grep "$TMP/out" "Unit 1" "unit add says the id"
# 王伟 set his first password with no key holder signed in: the group's key
# is granted to him at the leader's next sign-in (seal.h, pending grants)
expect_rc 0 "the leader signs in: pending grants" -- fb_as "李　习" --db "$DB" stats
expect_rc 0 "unit add union" -- fb_as 王伟 --db "$DB" unit add --by 王伟 --name 桃源镇总工会 --kind 基层工会
expect_rc 0 "unit add household" -- fb_as 王伟 --db "$DB" unit add --by 王伟 --name 职工王芳家 --kind household

# A unit typed another way is the unit in the ledger: refused, named, nothing saved.
before=$(dump "$DB")
for name in "宏达机械有限责任公司" "宏达 机械" "宏达机械股份有限公司" "ＨＤ宏达机械有限公司"; do
	expect_rc 1 "same unit typed as $name" -- fb_as 王伟 --db "$DB" unit add --by 王伟 --name "$name"
	one_line "$TMP/err" "same unit $name"
	expect_grep "$TMP/err" "--name" "the error names the field"
	expect_grep "$TMP/err" "宏达机械有限公司" "the error names the unit in the ledger"
done
expect_rc 1 "unknown kind" -- fb_as 王伟 --db "$DB" unit add --by 王伟 --name 某厂 --kinds 大企业
expect_rc 1 "kinds of a union" -- fb_as 王伟 --db "$DB" unit add --by 王伟 --name 某工会 --kind union --kinds difficulty
one_line "$TMP/err" "kinds of a union"
expect_rc 1 "control character" -- fb_as 王伟 --db "$DB" unit add --by 王伟 --name "$(printf 'a\033b')"
[ "$(dump "$DB")" = "$before" ] && pass || fail "a refused unit changed the database"
expect_rc 0 "a different unit, said so" -- fb_as 王伟 --db "$DB" unit add --by 王伟 --name 宏达机械制造厂 --new

expect_rc 0 "unit list --match" -- $F unit list --match 宏达 --format csv
[ "$(sed -n 2p "$TMP/out" | cut -d, -f1)" = 1 ] && pass || fail "the likeliest unit first"
expect_rc 0 "unit show" -- $F unit show 1 --format json
expect_grep "$TMP/out" '"enterprise_kinds": "difficulty;small_private"' "unit show json"

# Workers: ID numbers checked, the same person is one record.
expect_rc 0 "worker add" -- fb_as 王伟 --db "$DB" worker add --by 王伟 --name 王芳 --unit 宏达机械 \
	--phone 13812348000 --kinds 一线职工,农民工 --id-number 11010519491231002x
before=$(dump "$DB")
expect_rc 1 "bad check digit" -- fb_as 王伟 --db "$DB" worker add --by 王伟 --name 刘洋 --id-number 110105194912310021
one_line "$TMP/err" "bad check digit"
expect_grep "$TMP/err" "--id-number" "names the option"
expect_grep "$TMP/err" "X" "says the right check digit"
expect_rc 1 "short ID" -- fb_as 王伟 --db "$DB" worker add --by 王伟 --name 刘洋 --id-number 1101051949
expect_rc 1 "met again" -- fb_as 王伟 --db "$DB" worker add --by 王伟 --name 王芳芳 --phone 13812348000
one_line "$TMP/err" "met again"
expect_grep "$TMP/err" "worker 1" "names the worker met before"
[ "$(dump "$DB")" = "$before" ] && pass || fail "a refused worker changed the database"
expect_rc 0 "worker list csv" -- $S worker list --format csv
expect_grep "$TMP/out" "138\*\*\*\*8000" "phones masked in lists"
grep -q 13812348000 "$TMP/out" && fail "a list shows the whole phone" || pass
expect_rc 0 "worker show masks the ID" -- $S worker show 1
expect_grep "$TMP/out" "1101\*\*\*\*\*\*\*\*\*\*002X" "ID masked"
expect_rc 0 "worker show --reveal" -- $S worker show 1 --reveal
expect_grep "$TMP/out" "11010519491231002X" "ID revealed, X in capitals"

# Visits: a week of logs linked to units and workers; counts are distinct.
for d in 16 17 18; do
	expect_rc 0 "log $d" -- fb_as 王伟 --db "$DB" log add --author 王伟 --date 2026-11-$d --unit 宏达机械有限公司 \
		--activity 走进企业 --workers 40 --content "到宏达机械召开职工座谈会。"
done
expect_rc 0 "log by 张芳" -- fb_as 张芳 --db "$DB" log add --author 张芳 --date 2026-11-18 --unit 桃源镇总工会 \
	--activity 座谈会 --content "与镇总工会座谈。"
for l in 1 2 3; do
	expect_rc 0 "visit $l" -- fb_as 王伟 --db "$DB" visit add $l --unit 宏达机械
	expect_rc 0 "visit $l worker" -- fb_as 王伟 --db "$DB" visit add $l --worker 1
done
expect_rc 0 "visit by phone" -- fb_as 王伟 --db "$DB" visit add 3 --unit 职工王芳家 --mode 电话
expect_rc 0 "visit of 张芳" -- fb_as 张芳 --db "$DB" visit add 4 --unit 4 --mode wechat
expect_rc 1 "an ambiguous unit" -- fb_as 王伟 --db "$DB" visit add 1 --unit 宏达
one_line "$TMP/err" "ambiguous unit"
expect_rc 1 "an unknown mode" -- fb_as 王伟 --db "$DB" visit add 1 --unit 1 --mode 飞鸽
expect_rc 0 "visit list" -- $F visit list 3 --format csv
[ "$(grep -c . "$TMP/out")" = 4 ] && pass || fail "visit list: header + 2 units + 1 worker"
expect_grep "$TMP/out" "phone" "the mode kept"

expect_rc 0 "coverage of a cadre" -- $F coverage --by 王伟 --format json
expect_grep "$TMP/out" '"units": 2' "two distinct units, one met three times"
expect_grep "$TMP/out" '"workers": 1' "one worker met three times"
expect_grep "$TMP/out" '"contact_days": 3' "three contact days"
expect_grep "$TMP/out" '"head_count": 120' "head counts typed stay a number"
expect_grep "$TMP/out" '"target_contact_days": 21' "the 21-day target"
expect_grep "$TMP/out" '"code": "dispute_prone"' "a kind not met is where to go next"
expect_rc 0 "coverage of the group" -- $F coverage --group 第一工作组 --from 2026-11-16 --to 2026-11-22
expect_grep "$TMP/out" "Units met: 3" "group: distinct over its cadres"
expect_grep "$TMP/out" "宏达机械有限公司" "units named"
expect_rc 0 "coverage of every cadre" -- $F coverage --cadres --format csv
expect_grep "$TMP/out" "王伟,2,Member\|,王伟,member,2,1,2,1,2,3,0" "one row per cadre"
expect_rc 2 "coverage needs a subject" -- $F coverage
expect_rc 1 "coverage bad date" -- $F coverage --group 第一工作组 --from 2026-13-01

# A visited unit is not deleted; two records of one unit are merged.
expect_rc 1 "rm a visited unit" -- fb_as 王伟 --db "$DB" unit rm 1 --by 王伟
one_line "$TMP/err" "rm refused"
expect_rc 0 "merge" -- fb_as 李习 --db "$DB" unit merge 4 --into 1 --by "李　习"
expect_rc 0 "merged unit shows where it went" -- $F unit show 4
expect_grep "$TMP/out" "Merged into unit 1" "merge is history"
expect_rc 1 "merge again" -- fb_as 李习 --db "$DB" unit merge 4 --into 1 --by "李　习"
expect_rc 0 "rm an unvisited unit" -- fb_as 王伟 --db "$DB" unit add --by 王伟 --name 临时测试厂
expect_rc 0 "rm an unvisited unit" -- fb_as 王伟 --db "$DB" unit rm 5 --by 王伟

# The contact record sheet: filed by the leader, its problem a ticket in one step.
expect_rc 0 "sheet --help" -- $FB sheet --help
expect_grep "$TMP/out" "Usage: fieldbook sheet" "sheet --help"
before=$(dump "$DB")
expect_rc 1 "beyond without a department" -- fb_as 王伟 --db "$DB" sheet add --by 王伟 --unit 桃源镇总工会 \
	--date 2026-11-18 --content "了解建会情况。" --problem "两家企业拖欠工资" --beyond
one_line "$TMP/err" "beyond without a department"
expect_grep "$TMP/err" "--handed-to" "names the option"
expect_rc 1 "sheet in the future" -- fb_as 王伟 --db "$DB" sheet add --by 王伟 --unit 桃源镇总工会 \
	--date 2027-01-01 --content "了解建会情况。"
[ "$(dump "$DB")" = "$before" ] && pass || fail "a refused sheet changed the database"
expect_rc 0 "sheet add" -- fb_as 王伟 --db "$DB" sheet add --by 王伟 --unit 桃源镇总工会 --date 2026-11-18 \
	--met-with "陈静（工会主席）" --content "到镇总工会了解建会情况。" --problem "辖区两家企业拖欠工资三个月" \
	--beyond --handed-to 县人社局劳动监察大队 --mode 电话
expect_rc 0 "sheet ticket" -- fb_as 王伟 --db "$DB" sheet ticket 1 --by 王伟 --category 拖欠工资 --routing party_gov
expect_grep "$TMP/out" "Ticket 1" "the ticket's number"
expect_rc 0 "ticket show" -- $S ticket show 1 --format json
expect_grep "$TMP/out" '"status": "handed_over"' "handed over as the sheet says"
expect_grep "$TMP/out" '"raised_by": "陈静（工会主席）"' "raised by who received the cadre"
[ "$(sqlite3 "$DB" "SELECT sheet_id FROM tickets WHERE id = 1")" = 1 ] && pass || fail "the ticket points back at the sheet"
expect_rc 1 "a second ticket" -- fb_as 王伟 --db "$DB" sheet ticket 1 --by 王伟 --category 拖欠工资 --routing party_gov
expect_rc 1 "filed by a member" -- fb_as 王伟 --db "$DB" sheet file 1 --by 王伟
expect_rc 0 "filed by the leader" -- fb_as 李习 --db "$DB" sheet file 1 --by "李　习"
expect_rc 0 "sheet show prints the form" -- $F sheet show 1
expect_grep "$TMP/out" "联系基层工会记录单" "the form's title"
expect_grep "$TMP/out" "ticket 1" "the sheet names its ticket"
expect_rc 0 "sheet list csv" -- $F sheet list --format csv
[ "$(head -c 3 "$TMP/out" | od -An -tx1 | tr -d ' ')" = efbbbf ] && pass || fail "CSV starts with a BOM"
expect_grep "$TMP/out" "phone" "mode as a code in CSV"
expect_rc 0 "coverage counts the sheet" -- $F coverage --by 王伟 --format json
expect_grep "$TMP/out" '"sheets": 1' "one sheet"
expect_grep "$TMP/out" '"what": "return_visit"\|"what": "unit"' "where to go next lists units"

# Bundles carry the ledger: units (with the merge), workers, links, sheets.
expect_rc 0 "export" -- $S export --out "$TMP/b.zip" --plain
for f in units workers log_units log_workers contact_sheets; do
	unzip -l "$TMP/b.zip" | grep -q " $f.csv" && pass || fail "the bundle has no $f.csv"
done
expect_rc 0 "init HQ" -- fb_as hq --db "$TMP/hq.db" init
expect_rc 0 "import" -- fb_as hq --db "$TMP/hq.db" import --pin "$(fp "$DB")" "$TMP/b.zip"
for t in units workers log_units log_workers contact_sheets; do
	a=$(sqlite3 "$DB" "SELECT count(*) FROM $t WHERE deleted = 0")
	b=$(sqlite3 "$TMP/hq.db" "SELECT count(*) FROM $t WHERE deleted = 0")
	[ "$a" = "$b" ] && [ "$a" -gt 0 ] && pass || fail "$t: $a here, $b at HQ"
done
[ "$(sqlite3 "$TMP/hq.db" "SELECT count(*) FROM units WHERE merged_into IS NOT NULL")" = 1 ] && pass || fail "the merge travelled"
[ "$(sqlite3 "$TMP/hq.db" "SELECT count(*) FROM history WHERE tbl = 'units' AND field = 'merged_into'")" = 1 ] && pass || fail "the merge's history travelled"
[ "$(sqlite3 "$TMP/hq.db" "SELECT name_key FROM units WHERE name = '宏达机械有限公司'")" = 宏达机械 ] && pass || fail "the name key is made on arrival"
[ "$(sqlite3 "$TMP/hq.db" "SELECT count(*) FROM tickets WHERE sheet_id IS NOT NULL")" = 1 ] && pass || fail "the ticket points at its sheet at HQ"
expect_rc 0 "HQ sees the cadres" -- $FB --db "$TMP/hq.db" coverage --cadres --format csv
expect_grep "$TMP/out" "王伟" "HQ sees each cadre"

# zh_CN: the ledger speaks Chinese.
LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8 expect_rc 0 "coverage in Chinese" -- $F coverage --by 王伟
expect_grep "$TMP/out" "走访单位" "Chinese coverage"
finish
