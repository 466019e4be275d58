#!/bin/bash
# ticket event --at / --date: a step recorded afterwards (a phone call made
# yesterday) carries the time it happened; never in the future, never before
# the ticket was opened or its last step, so the history stays in time
# order. A ticket registered afterwards (--date) starts its history that day.
. "$(dirname "$0")/lib.sh"
DB=$TMP/t.db
export LANGUAGE=en TZ=Asia/Shanghai
fb_as 李明 --db "$DB" init --group 城关镇蹲点组 --station 城关镇 --leader 李明 --member 王芳 >/dev/null
expect_rc 0 "backdated ticket" -- fb_as 王芳 --db "$DB" ticket add --by 王芳 --title 欠薪 \
	--description 拖欠工资三个月 --category wage_arrears --routing county_union --date 2026-11-19
expect_rc 0 "step on a date" -- fb_as 李明 --db "$DB" ticket event 1 start --by 李明 --date 2026-11-20
expect_rc 0 "step yesterday (at noon)" -- fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 \
	--text 电话联系企业 --date yesterday
expect_rc 0 "step at a time" -- fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 --text 企业回电 \
	--at "2026-11-21 15:30"
expect_rc 0 "step with T and seconds" -- fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 \
	--text 再次联系 --at 2026-11-21T18:05:09

# refused: exit 1, one line naming the option, nothing recorded
before=$(dump "$DB")
expect_rc 1 "before the last step" -- fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 --text x \
	--at "2026-11-21 09:00"
one_line "$TMP/err" "before the last step"
expect_grep "$TMP/err" "^fieldbook: --at: 2026-11-21 09:00 is before the ticket's last step (2026-11-21 18:05)" \
	"names the last step"
expect_rc 1 "yesterday noon, after yesterday 18:05" -- fb_as 王芳 --db "$DB" ticket event 1 note \
	--by 王芳 --text x --date yesterday
expect_grep "$TMP/err" "^fieldbook: --date: 2026-11-21 12:00 is before the ticket's last step" "noon"
expect_rc 1 "before opened" -- fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 --text x --date 2026-11-18
expect_grep "$TMP/err" "^fieldbook: --date: .*before the ticket was opened (2026-11-19)" "opened"
expect_rc 1 "future day" -- fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 --text x --date 2026-11-23
expect_grep "$TMP/err" "^fieldbook: --date: 2026-11-23 12:00 is in the future" "future"
expect_rc 1 "no such hour" -- fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 --text x --at "2026-11-21 25:00"
expect_grep "$TMP/err" "is not a date and time" "bad time"
expect_rc 1 "half a time" -- fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 --text x --at "2026-11-21 15"
expect_rc 1 "no such day" -- fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 --text x --date 2026-02-30
expect_grep "$TMP/err" "does not exist" "no such day"
expect_rc 2 "both" -- fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 --text x --date 2026-11-21 \
	--at "2026-11-21 19:00"
[ "$(dump "$DB")" = "$before" ] && pass || fail "a refused step changed the database"

# the history, in time order, starting the day the ticket was opened
"$FB" --db "$DB" ticket show 1 >"$TMP/show"
sed '/^Changes:/,$d' "$TMP/show" | grep -E '^  [0-9]{4}-' | cut -c3-18 >"$TMP/times"
printf '%s\n' "2026-11-19 12:00" "2026-11-20 12:00" "2026-11-21 12:00" "2026-11-21 15:30" \
	"2026-11-21 18:05" >"$TMP/want"
diff "$TMP/want" "$TMP/times" >/dev/null && pass || fail "history: $(cat "$TMP/times")"
"$FB" --db "$DB" ticket show 1 --format json >"$TMP/json"
expect_grep "$TMP/json" '"at": "2026-11-19T04:00:00Z"' "registered on the day opened (noon Beijing time, UTC)"
expect_grep "$TMP/json" '"at": "2026-11-21T07:30:00Z"' "--at in local time, stored in UTC"
sort -c "$TMP/times" && pass || fail "history not in time order: $(cat "$TMP/times")"
# in Chinese
LANGUAGE= LC_ALL=zh_CN.UTF-8 fb_as 王芳 --db "$DB" ticket event 1 note --by 王芳 --text x \
	--date 2026-11-18 2>"$TMP/err"
expect_grep "$TMP/err" "早于问题登记日期（2026-11-19）" "Chinese message"
finish
