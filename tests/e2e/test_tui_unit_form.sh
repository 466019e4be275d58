#!/bin/bash
# The ledger's forms (zh_CN): add a unit with a; a second unit with the same
# name key is named and asked about; edit it with e; record a worker met
# there with w: a wrong check digit of an 18-digit ID is refused with the
# reason, the worker is saved once it is right. The CLI lists the phone
# masked and the database file does not hold it in clear text.
. "$(dirname "$0")/lib.sh"

e2e_group_db
e2e_start
e2e_wait "谁在使用"
e2e_keys 2            # 王芳
e2e_sign_in
e2e_wait "王芳 · 城关镇蹲点组"
e2e_keys u
e2e_wait "台账中还没有单位：按 a 新增。"
e2e_keys a
e2e_wait "新增单位"
e2e_type "宏达机械有限公司"
e2e_keys Tab Tab Tab Tab
e2e_type "机械制造"
e2e_keys C-s
e2e_wait "单位“宏达机械有限公司”已加入台账。"
# the same unit typed another way: named, asked, and not saved on "no"
e2e_keys a
e2e_wait "新增单位"
e2e_type "宏达机械有限责任公司"
e2e_keys C-s
e2e_wait "仍作为另一条记录保存吗？"
e2e_keys n
e2e_wait "新增单位"
e2e_keys Escape
e2e_wait "离开"
e2e_keys y
e2e_wait "台账：走访单位"
# edit: the address
e2e_keys e
e2e_wait "修改单位"
e2e_wait "宏达机械有限公司"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_type "城关镇工业园1号"
e2e_keys C-s
e2e_wait "单位“宏达机械有限公司”已保存。"
# a worker met there: a wrong check digit is refused with the reason
e2e_keys w
e2e_wait "走访的职工"
e2e_type "赵敏"
e2e_keys Tab
e2e_type "13812348000"
e2e_keys Tab
e2e_type "110105194912310021"
e2e_keys C-s
e2e_wait "校验"
e2e_wait "走访的职工"
e2e_keys BSpace
e2e_type "X"
e2e_keys C-s
e2e_wait "职工“赵敏”已加入台账。"
e2e_keys q
e2e_keys q
e2e_wait "退出"
e2e_keys y
e2e_exited 0

u=$(fb_as 王芳 unit show 1)
printf '%s\n' "$u" | grep -q "城关镇工业园1号" || e2e_fail "the edit is not there: $u"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM units")" = 1 ] || e2e_fail "a second unit"
w=$(fb_as 王芳 worker list)
printf '%s\n' "$w" | grep -q "138\*\*\*\*8000" || e2e_fail "the phone is not masked: $w"
printf '%s\n' "$w" | grep -q "13812348000" && e2e_fail "the phone is listed in clear: $w"
[ -s "$FIELDBOOK_DB" ] && [ "$(cat "$FIELDBOOK_DB"* | grep -c 13812348000)" = 0 ] || e2e_fail "the phone is in clear text in the db"
[ "$(cat "$FIELDBOOK_DB"* | grep -c 11010519491231002X)" = 0 ] || e2e_fail "the ID is in clear text in the db"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM workers")" = 1 ] || e2e_fail "no worker row"
echo ok
