#!/bin/bash
# Resize while typing in a form: below 80x24 a clear message, back to a
# larger size the form returns with the text kept. kill -9 while the form is
# half filled: the autosaved draft (it says whose it is) is offered at the
# next start, after who is working, and saved under its writer's name.
# SIGTERM: the draft is written and the terminal restored.
. "$(dirname "$0")/lib.sh"

e2e_group_db
e2e_start
e2e_wait "谁在使用"
e2e_keys 3            # 张伟
e2e_sign_in
e2e_wait "张伟 · 城关镇蹲点组"
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "东风社区职工之家"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_type "走访社区困难职工家庭三户，送去慰问金，了解到两户子女入学有困难，需要协调。"
e2e_wait "需要协调。"
e2e_tmux resize-window -t fb -x 70 -y 20
e2e_wait "终端窗口太小（70x20）"
e2e_tmux resize-window -t fb -x 100 -y 30
e2e_wait "东风社区职工之家"
e2e_wait "了解到两户子女入学有困难"
e2e_tmux resize-window -t fb -x 80 -y 24
e2e_wait "东风社区职工之家"
e2e_wait "需要协调。"
# typing goes on after the resizes, at the cursor
e2e_type "下周回访。"
e2e_wait "下周回访。"
e2e_tmux resize-window -t fb -x 100 -y 30
e2e_wait "需要协调。下周回访。"

# power cut: kill -9 once the autosave has the last words typed
e2e_until 20 "no draft autosaved with the last words typed" \
	grep -q "需要协调。下周回访。" "$FIELDBOOK_DB.draft"
[ "$(stat -c %a "$FIELDBOOK_DB.draft")" = 600 ] || e2e_fail "draft is not mode 0600"
grep -q "^person=$(sqlite3 "$FIELDBOOK_DB" "SELECT id FROM people WHERE name = '张伟'")$" \
	"$FIELDBOOK_DB.draft" || e2e_fail "the draft does not say whose it is"
kill -9 "$(e2e_pid)"
e2e_stop
# the next start asks who is working; 王芳 now: the draft says it is 张伟's,
# and opening it asks 张伟 to sign in and makes them the person working
# (the log carries their name)
e2e_start
e2e_wait "谁在使用"
e2e_keys 2
e2e_sign_in
e2e_wait "张伟有一篇工作日志的未保存草稿"
e2e_keys y
# its writer signs in (Esc at the password: the draft is kept for them)
e2e_wait "张伟  (城关镇蹲点组, 组员)的密码"
e2e_keys Escape
e2e_wait "草稿为张伟保留"
e2e_wait "王芳 · 城关镇蹲点组"
e2e_screen | grep -q "新建工作日志" && e2e_fail "someone else's draft opened without them"
[ -e "$FIELDBOOK_DB.draft" ] || e2e_fail "the draft was not kept for its writer"
e2e_keys q y
e2e_exited 0
e2e_start
e2e_wait "谁在使用"
e2e_keys 2
e2e_sign_in
e2e_wait "张伟有一篇工作日志的未保存草稿"
e2e_keys y
e2e_sign_in "张伟  (城关镇蹲点组, 组员)的密码"
e2e_wait "张伟 · 城关镇蹲点组"
e2e_wait "东风社区职工之家"
e2e_wait "需要协调。下周回访。"
e2e_keys C-s
e2e_wait "工作日志已填写"
[ ! -e "$FIELDBOOK_DB.draft" ] || e2e_fail "draft not removed after saving"
e2e_keys q y
e2e_exited 0
LANGUAGE=en "$FB" log list --format csv | grep "东风社区职工之家" | grep -q "张伟" ||
	e2e_fail "draft not saved as 张伟's log"

# SIGTERM while typing: draft written, exit code 143, terminal restored
e2e_stop
e2e_start
e2e_wait "谁在使用"
e2e_keys Enter
e2e_sign_in
e2e_wait "首页"
e2e_keys i
e2e_wait "登记问题"
e2e_type "社区职工子女入学难"
e2e_wait "社区职工子女入学难" # typed keys reach the form before the signal
kill -TERM "$(e2e_pid)"
e2e_exited 143
grep -q "社区职工子女入学难" "$FIELDBOOK_DB.draft" || e2e_fail "SIGTERM did not save the draft"
grep -q "^kind=ticket" "$FIELDBOOK_DB.draft" || e2e_fail "draft kind wrong"
# declining the draft deletes it
e2e_stop
e2e_start
e2e_wait "谁在使用"
e2e_keys Enter
e2e_sign_in
e2e_wait "张伟有一个问题的未保存草稿"
e2e_keys n
e2e_wait "首页"
[ ! -e "$FIELDBOOK_DB.draft" ] || e2e_fail "declined draft not removed"
e2e_keys q y
e2e_exited 0

# killed after a save committed, before its draft was removed: the draft
# names the new log's uuid, so the next start drops it without offering it
# (saving it again would make a second copy). A draft of a log that does
# not exist is still offered. Autosave temporaries a kill left behind are
# removed once they are a minute old.
uuid=$(sqlite3 "$FIELDBOOK_DB" "SELECT uuid FROM logs WHERE unit = '东风社区职工之家'")
[ -n "$uuid" ] || e2e_fail "no saved log to name"
draft() {
	printf 'fieldbook-draft 1\nkind=log\nid=0\nuuid=%s\nsaved=%s\n--\nunit=东风社区职工之家\n' \
		"$1" "$(date +%s)" >"$FIELDBOOK_DB.draft"
}
draft "$uuid"
printf 'x' >"$FIELDBOOK_DB.draft.AAAAAA"
touch -d '-2 minutes' "$FIELDBOOK_DB.draft.AAAAAA"
printf 'x' >"$FIELDBOOK_DB.draft.BBBBBB"
e2e_stop
e2e_start
e2e_wait "谁在使用"
e2e_keys Enter
e2e_sign_in
e2e_wait "首页"
e2e_screen | grep -q "未保存草稿" && e2e_fail "the draft of a saved log was offered again"
[ ! -e "$FIELDBOOK_DB.draft" ] || e2e_fail "the draft of a saved log was kept"
[ ! -e "$FIELDBOOK_DB.draft.AAAAAA" ] || e2e_fail "an old autosave temporary was kept"
[ -e "$FIELDBOOK_DB.draft.BBBBBB" ] || e2e_fail "a fresh autosave temporary was removed"
e2e_keys q y
e2e_exited 0
rm -f "$FIELDBOOK_DB.draft.BBBBBB"
draft "$(cat /proc/sys/kernel/random/uuid)"
e2e_stop
e2e_start
e2e_wait "谁在使用"
e2e_keys Enter
e2e_sign_in
e2e_wait "未保存草稿"
e2e_keys n
e2e_wait "首页"
e2e_keys q y
e2e_exited 0
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM logs WHERE unit = '东风社区职工之家'")" = 1 ] ||
	e2e_fail "the log was saved twice"
echo ok
