#!/bin/bash
# The reporting calendar in the TUI (zh_CN): on Tuesday 24 November the
# leader's home screen lists last week's report as overdue by a day, the
# key bar carries the reminder; the reports due list compiles last week's
# report (W47, not the current week) with Enter, its screen shows the
# deadline; submitted, it is marked submitted late by one day.
. "$(dirname "$0")/lib.sh"

export FIELDBOOK_TODAY=2026-11-24 FIELDBOOK_NOW=2026-11-24T02:00:00Z
fb_as 张伟 init --group 第一工作组 --station 城关镇 --start 2026-11-09 --leader 张伟 \
	--member 李娜 >/dev/null
E2E_COLS=100 E2E_ROWS=30 e2e_start
e2e_wait "谁在使用"
e2e_keys Enter        # 张伟, the leader
e2e_sign_in
e2e_wait "首页"
e2e_wait "报送提醒"
e2e_wait "2026-11-23  已逾期1天  周报告 2026-W47"
e2e_wait "2026-11-30  即将到期（还剩6天）  周报告 2026-W48"
e2e_wait "另有1项，共2项逾期（按 d 查看）"
e2e_wait "d 逾期报告2份"
e2e_keys d
e2e_wait "报送提醒 · 即将到期或已逾期"
e2e_wait "2026-W48"
# the second row: last week's report
e2e_keys j Enter
e2e_wait "报送时限 2026-11-23 · 已逾期1天"
e2e_wait "周报告 2026-W47"
e2e_keys S
e2e_wait "报送后不能再修改"
e2e_keys y
e2e_wait "报告已报送"
e2e_wait "报送时限 2026-11-23 · 逾期1天报送"
e2e_keys q
# only what is due: W47 has left the list; a shows every report
e2e_gone "2026-W47"
e2e_keys a
e2e_wait "报送提醒 · 全部"
e2e_wait "逾期1天报送"
e2e_keys q
e2e_wait "d 逾期报告1份"
e2e_stop
echo "ok"
