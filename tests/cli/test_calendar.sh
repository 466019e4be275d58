#!/bin/bash
# test_calendar.sh - the reporting calendar through the real binary: a
# leader compiles last week's report on Monday and submits it a day late
# (marked late by one day), what is due and overdue per group, HQ's summary,
# the stage summary due soon the week before 30 September, National Day as
# holidays (not days missing), leave, filings, the schedule edited by HQ;
# bad input refused with one line and the database unchanged.
. "$(dirname "$0")/lib.sh"
DB="$TMP/fb.db"
fb() { "$FB" --db "$DB" "$@"; }

expect_rc 0 "init" -- fb_as 张伟 --db "$DB" init --group 第一工作组 --station 城关镇 \
	--start 2026-09-01 --end 2026-10-31 --leader 张伟 --member 李娜
# HQ's own person, who keeps the calendar and the schedule of reports
fb_hq_person "$DB" || fail "HQ's own person"
# the leader compiles last week's (W40) report on Monday 5 October ... a
# holiday: due on the first working day after the week, Thursday 8 October
export FIELDBOOK_TODAY=2026-10-09 FIELDBOOK_NOW=2026-10-09T02:00:00Z
expect_rc 0 "weekly W40" -- fb_as 张伟 --db "$DB" report weekly --week 2026-W40 --format csv
# National Day: 李娜 logged nothing; only 28-30 September are missing
expect_grep "$TMP/out" "^李娜,0,3,3,.*2026-09-28 2026-09-29 2026-09-30" "1-7 October are holidays"
id=$(fb report list --format csv | awk -F, '$4 == "2026-W40" {print $1}')
expect_rc 0 "submit a day late" -- fb_as 张伟 --db "$DB" report submit "$id"
expect_rc 0 "due csv" -- fb report due --group 第一工作组 --format csv
expect_grep "$TMP/out" "^第一工作组,Weekly report,,2026-W40,2026-10-08,late,2026-10-09,$id,weekly,2026-09-28,2026-10-04,1.\?$" "W40 late by one day"
expect_grep "$TMP/out" "^第一工作组,Weekly report,,2026-W39,2026-09-28,overdue,,,weekly,2026-09-21,2026-09-27,11.\?$" "W39 overdue"
expect_rc 0 "due table" -- fb report due --group 第一工作组
expect_grep "$TMP/out" "submitted late by 1 day" "the table says late by one day"
expect_rc 0 "open only" -- fb report due --open --format csv
if grep -q ",late," "$TMP/out"; then fail "--open lists a submitted report"; else pass; fi
expect_rc 0 "summary" -- fb report due --summary --format csv
expect_grep "$TMP/out" "^第一工作组,[0-9]*,1," "one late report in the summary"
expect_grep "$TMP/out" "^Headquarters," "HQ's own reports"

# the stage summary is due on 30 September: due soon the week before
expect_rc 0 "stage due soon" -- fb report due --date 2026-09-23 --format csv
expect_grep "$TMP/out" "^第一工作组,Stage summary,,stage,2026-09-30,due_soon,,,stage,2026-09-01,2026-09-23,7.\?$" "due soon on 23 September"
expect_rc 0 "stage not yet" -- fb report due --date 2026-09-22 --format csv
expect_grep "$TMP/out" "^第一工作组,Stage summary,,stage,2026-09-30,not_due," "not yet on 22 September"

# leave: 李娜 away the week of 21 September; those days are not missing
expect_rc 0 "leave" -- fb_as 张伟 --db "$DB" calendar leave --person 李娜 \
	--from 2026-09-21 --to 2026-09-25 --reason 病假
expect_rc 0 "weekly W39" -- fb_as 张伟 --db "$DB" report weekly --week 2026-W39 --format csv
expect_grep "$TMP/out" "^李娜,0,0,0," "no day due during leave"
expect_rc 0 "leaves" -- fb calendar leaves --year 2026 --format csv
expect_grep "$TMP/out" ",李娜,2026-09-21,2026-09-25,病假" "leave listed"

# holidays as data
expect_rc 0 "calendar list" -- fb calendar list --from 2026-10-01 --to 2026-10-31
expect_grep "$TMP/out" "国庆节调休上班" "make-up day listed"
expect_grep "$TMP/out" "18 working days" "October 2026 has 18 working days"
expect_rc 0 "add 2027 New Year" -- fb_as 市总 --db "$DB" calendar add --from 2027-01-01 \
	--to 2027-01-03 --kind holiday --name 元旦

# a report written elsewhere, handed in
expect_rc 0 "file" -- fb_as 张伟 --db "$DB" report file research --period 2026-09-01 --on 2026-10-09
expect_rc 0 "due after filing" -- fb report due --group 第一工作组 --format csv
expect_grep "$TMP/out" "^第一工作组,Stationing research report,,stage,2026-10-20,on_time,2026-10-09," "filed on time"

# HQ edits the schedule
expect_rc 0 "schedule" -- fb report schedule --format csv
expect_grep "$TMP/out" "^stage,Stage summary,leader,stay,fixed:09-30,stage,\"=\"\"003\"\"\"" "seeded from the circulars"
expect_rc 0 "schedule set" -- fb_as 市总 --db "$DB" report schedule set monthly --due after:3
expect_rc 0 "new kind" -- fb_as 市总 --db "$DB" report schedule set topic --title 年度调研课题 \
	--writer leader --period half_year --due days:15 --circular 000
expect_rc 0 "schedule again" -- fb report schedule --format csv
expect_grep "$TMP/out" "^monthly,Monthly exchange minutes,leader,month,after:3,monthly,\"=\"\"003\"\"\"" "rule changed"
expect_grep "$TMP/out" "^topic,年度调研课题,leader,half_year,days:15,,\"=\"\"000\"\"\"" "new report"

# the member has signed in before (her first sign-in sets her password)
expect_rc 0 "the member signs in" -- fb_as 李娜 --db "$DB" report due
# and the leader after her: his sign-in grants her the group's key (seal.h)
expect_rc 0 "the leader signs in" -- fb_as 张伟 --db "$DB" report due
# bad input: one line naming the field, exit 1, nothing changed
dump "$DB" >"$TMP/before"
bad() { # description field command...
	d=$1 f=$2; shift 2
	expect_rc 1 "$d" -- "$@"
	one_line "$TMP/err" "$d"
	expect_grep "$TMP/err" "$f" "$d names $f"
}
hq() { fb_as 市总 --db "$DB" "$@"; }
lead() { fb_as 张伟 --db "$DB" "$@"; }
bad "overlapping holiday" "--from" hq calendar add --from 2026-10-05 --kind holiday --name 重叠
bad "holiday ends before it starts" "--to" fb calendar add --from 2027-02-03 --to 2027-02-01 --kind holiday --name 春节
bad "unknown kind" "--kind" fb calendar add --from 2027-02-03 --kind vacation --name 春节
bad "leave ends before it starts" "--to" fb calendar leave --person 李娜 --from 2026-10-20 --to 2026-10-19
bad "overlapping leave" "--from" lead calendar leave --person 李娜 --from 2026-09-25 --to 2026-09-28
bad "rule with no date" "due_rule" fb report schedule set weekly --due fixed:02-30
bad "rule with no date" "due_rule" fb report schedule set weekly --due after:0
bad "filing a compiled report" "code" fb report file weekly --period 2026-09-28
bad "filing a wrong period" "period" lead report file quarterly --period 2026-07-02
bad "filing twice" "period" lead report file research --period 2026-09-01
bad "filing in the future" "filed_on" lead report file quarterly --period 2026-07-01 --on 2026-10-10
# who may: the holidays and the schedule are HQ's, leave the leader's
bad "the leader adds a holiday" "only the Headquarters may change the holidays" lead calendar add \
	--from 2027-05-06 --kind holiday --name 组里的假
bad "a member records leave" "only the Group leader or Headquarters may record leave" \
	fb_as 李娜 --db "$DB" calendar leave --person 李娜 --from 2026-10-26
bad "the leader sets the schedule" "only the Headquarters may change the schedule" lead report \
	schedule set monthly --due after:5
bad "nobody signed in" "nobody is signed in" fb calendar add --from 2027-05-06 --kind holiday \
	--name 无人
dump "$DB" >"$TMP/after"
if cmp -s "$TMP/before" "$TMP/after"; then pass; else fail "a refused command changed the database"; fi
expect_rc 2 "unknown option" -- fb report due --bogus
expect_grep "$TMP/err" "unknown option '--bogus'" "names the option"
expect_rc 2 "missing value" -- fb calendar add --from
expect_grep "$TMP/err" "option '--from' needs a value" "names the option"
expect_rc 2 "unknown subcommand" -- fb calendar bogus
expect_rc 0 "help" -- fb report due --help
expect_grep "$TMP/out" "Usage: fieldbook report due" "help text"
expect_rc 0 "help" -- fb calendar --help
expect_grep "$TMP/out" "make-up working days" "calendar help text"
finish
