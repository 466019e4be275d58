#!/bin/bash
# test_auth.sh - people sign in (--as, --password-fd): a member is refused
# every leader and HQ action with the core's message, nothing changed;
# wrong passwords lock, across runs; the password never from argv; kill -9
# during a sign-in and during a password change leaves the old or the new
# password working, never neither.
. "$(dirname "$0")/lib.sh"
DB=$TMP/a.db
q() { sqlite3 "$DB" "$1"; }
expect_rc 0 "init by the leader" -- fb_as 李明 --db "$DB" init --group 第一组 --station 桃源镇 \
	--leader 李明 --member 王芳 --member 张伟
expect_rc 0 "the member's first sign-in sets it" -- fb_as 王芳 --db "$DB" log add --unit 宏达机械 \
	--activity enterprise_visit --content "走访企业，了解生产经营情况。"
expect_rc 0 "the leader files a ticket" -- fb_as 李明 --db "$DB" ticket add --title 拖欠工资 \
	--description 三个月工资未发 --category wage_arrears --routing county_union
expect_rc 0 "the leader compiles the weekly report" -- fb_as 李明 --db "$DB" report weekly --week 2026-W47
rid=$(q "SELECT max(id) FROM reports")
# another member's log, the member's own ticket, a bundle for the import
expect_rc 0 "another member's log" -- fb_as 张伟 --db "$DB" log add --unit 红星纺织 \
	--activity enterprise_visit --content "走访红星纺织，了解用工情况。"
other_log=$(q "SELECT id FROM logs WHERE author_id = (SELECT id FROM people WHERE name = '张伟')")
expect_rc 0 "the member files a ticket" -- fb_as 王芳 --db "$DB" ticket add --title 宿舍漏雨 \
	--description 宿舍漏雨未修 --category other --routing county_union
own_ticket=$(q "SELECT max(id) FROM tickets")
expect_rc 0 "a submitted report (HQ reviews it)" -- fb_as 李明 --db "$DB" report weekly --week 2026-W45
sid=$(q "SELECT max(id) FROM reports")
expect_rc 0 "the leader submits it" -- fb_as 李明 --db "$DB" report submit "$sid"
expect_rc 0 "a bundle to import" -- fb_as 李明 --db "$DB" export --out "$TMP/b.zip" --plain
before=$(dump "$DB")

# a member tries every leader and HQ action
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 expect_rc 1 "member submits" -- fb_as 王芳 --db "$DB" report submit "$rid"
expect_grep "$TMP/err" "只有带队组长可以报送周报告" "the refusal in Chinese"
expect_rc 1 "member submits (en)" -- fb_as 王芳 --db "$DB" report submit "$rid"
expect_grep "$TMP/err" "only the Group leader may submit the weekly report" "submit refusal"
one_line "$TMP/err" "submit refusal"
for args in "report edit $rid --section work_done --text 改写" "ticket event 1 answer --text 答复" \
	"ticket event 1 close --text 办结" "person add --group 1 --name 新人" "person edit 张伟 --phone 1" \
	"person edit 王芳 --role hq" "person edit 王芳 --role leader" "person reset 张伟" \
	"target set --scope group --metric workers --period programme --value 0" \
	"log rm 9999" "init --group 第二组 --station 城关镇" \
	"log edit $other_log --content 改写别人的日志" "log rm $other_log" \
	"ticket event 1 start" "ticket event $own_ticket answer --text 答复" \
	"ticket event $own_ticket close --text 办结" \
	"ticket event $own_ticket escalate --dept 县总工会 --routing party_gov" \
	"report weekly --week 2026-W46" "report review $sid --comment 很好" \
	"report review $rid --accept" \
	"report schedule set weekly --title 周报" "import $TMP/b.zip" \
	"calendar add --from 2026-12-25 --kind holiday --name 假日" \
	"calendar leave --person 张伟 --from 2026-11-23"; do
	# shellcheck disable=SC2086
	expect_rc 1 "member: $args" -- fb_as 王芳 --db "$DB" $args
	grep -q "may\|no daily log" "$TMP/err" && pass || { fail "member: $args: not a refusal"; cat "$TMP/err" >&2; }
done
[ "$(dump "$DB")" = "$before" ] && pass || fail "a refused member changed the database"

# nobody signed in
expect_rc 1 "no --as" -- "$FB" --db "$DB" log add --author 王芳 --unit x --activity enterprise_visit --content 内容内容
expect_grep "$TMP/err" "nobody is signed in" "says nobody is signed in"
expect_grep "$TMP/err" "fieldbook --as NAME" "says how to sign in"
one_line "$TMP/err" "no --as"

# wrong passwords lock, and the lock survives the process
for i in 1 2 3 4 5; do
	expect_rc 1 "wrong password for 王芳 $i" -- "$FB" --db "$DB" --as 王芳 --password-fd 3 log add \
		--unit x --activity enterprise_visit --content 内容内容内容 3<<<"not-her-password"
	expect_grep "$TMP/err" "wrong name or password" "wrong password said"
done
expect_rc 1 "locked even with the right one" -- fb_as 王芳 --db "$DB" log list
expect_grep "$TMP/err" "locked until" "the lock said"
expect_rc 1 "an unknown name: the same answer" -- "$FB" --db "$DB" --as 无名氏 --password-fd 3 log list 3<<<"x"
expect_grep "$TMP/err" "wrong name or password" "unknown name as a wrong password"
q "UPDATE person_secrets SET locked_until = 1 WHERE person_id = 2"
expect_rc 0 "after the lock, the right one" -- fb_as 王芳 --db "$DB" log list

# the leader resets the member's password; the member changes it
expect_rc 0 "leader resets" -- "$FB" --db "$DB" --as 李明 --password-fd 3 person reset 王芳 \
	3< <(printf '%s\n%s\n' "$FB_TEST_SECRET" "123456")
expect_rc 0 "the reset one works" -- "$FB" --db "$DB" --as 王芳 --password-fd 3 log list 3<<<"123456"
expect_grep "$TMP/err" "reset" "told to change it"
expect_rc 0 "passwd" -- "$FB" --db "$DB" --as 王芳 --password-fd 3 person passwd \
	3< <(printf '%s\n%s\n' "123456" "$FB_TEST_SECRET")
expect_rc 0 "the new one works" -- fb_as 王芳 --db "$DB" log list
expect_rc 1 "the old one does not" -- "$FB" --db "$DB" --as 王芳 --password-fd 3 log list 3<<<"123456"
expect_rc 2 "no password on the command line" -- "$FB" --db "$DB" --as 王芳 --password "$FB_TEST_SECRET" log list
expect_rc 1 "no terminal and no fd" -- "$FB" --db "$DB" --as 王芳 log list </dev/null
q "UPDATE person_secrets SET failed = 0, locked_until = 0"

# kill -9 during password changes and sign-ins: one of the two works
NEW=another-secret-2
for i in 1 2 3 4 5 6; do
	cur=$FB_TEST_SECRET; [ $((i % 2)) = 0 ] && cur=$NEW
	nxt=$NEW; [ "$cur" = "$NEW" ] && nxt=$FB_TEST_SECRET
	"$FB" --db "$DB" --as 王芳 --password-fd 3 person passwd 3< <(printf '%s\n%s\n' "$cur" "$nxt") >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((i * 3))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	q "UPDATE person_secrets SET failed = 0, locked_until = 0"
	ok=0
	for s in "$FB_TEST_SECRET" "$NEW"; do
		"$FB" --db "$DB" --as 王芳 --password-fd 3 log list 3<<<"$s" >/dev/null 2>&1 && ok=$((ok + 1))
	done
	[ "$ok" = 1 ] && pass || fail "kill $i during passwd: $ok of the two passwords work"
	# the one that works becomes the start of the next round
	"$FB" --db "$DB" --as 王芳 --password-fd 3 log list 3<<<"$FB_TEST_SECRET" >/dev/null 2>&1 ||
		"$FB" --db "$DB" --as 王芳 --password-fd 3 person passwd 3< <(printf '%s\n%s\n' "$NEW" "$FB_TEST_SECRET") >/dev/null 2>&1
	q "UPDATE person_secrets SET failed = 0, locked_until = 0"
	"$FB" --db "$DB" --as 王芳 --password-fd 3 log list 3<<<"wrong-one" >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((i * 2))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	expect_rc 0 "after kill $i during a sign-in" -- fb_as 王芳 --db "$DB" log list
done
[ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = ok ] && pass || fail "integrity after the kills"
finish
