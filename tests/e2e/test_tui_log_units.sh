#!/bin/bash
# The daily-log form offers the ledger's units as the unit is typed (zh_CN):
# part of a unit's name shows it with its kind and visits; Down and Enter
# take it; the save links the log to that unit (no second unit is made).
# A name with the same name key is linked too; a new name says before the
# save that it adds a unit, and does.
. "$(dirname "$0")/lib.sh"

e2e_group_db
fb_as 王芳 unit add --by 王芳 --name 宏达机械有限公司 --kinds difficulty >/dev/null
fb_as 王芳 unit add --by 王芳 --name 宏达物流有限公司 >/dev/null
fb_as 王芳 unit add --by 王芳 --name 华联纺织厂 >/dev/null

e2e_start
e2e_wait "谁在使用"
e2e_keys 2            # 王芳
e2e_sign_in
e2e_wait "王芳 · 城关镇蹲点组"
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "宏达"
e2e_wait "宏达机械有限公司 · 企业 · 走访 0 次"
e2e_wait "宏达物流有限公司"
e2e_wait "↓/↑ 选择，回车选用，Esc 关闭候选。"
e2e_screen | grep -q "华联纺织厂" && e2e_fail "a unit not matching was offered"
# Esc closes the offers, not the form
e2e_keys Escape
e2e_gone "宏达物流有限公司"
e2e_wait "新建工作日志"
e2e_type "机"
e2e_wait "宏达机械有限公司 · 企业"
e2e_keys Down
e2e_wait "> 宏达机械有限公司"
e2e_keys Enter
e2e_wait "台账中已有：保存时本日志将关联到“宏达机械有限公司”。"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_type "到宏达机械走访，了解生产经营情况。"
e2e_keys C-s
e2e_wait "的工作日志已填写"
# a name typed another way (有限责任公司): the same unit, said before saving
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "华联 纺织厂"
e2e_wait "台账中已有：保存时本日志将关联到“华联纺织厂”。"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_type "到华联纺织厂座谈。"
e2e_keys C-s
e2e_wait "的工作日志已填写"
# a new unit: said before the save
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "城南社区"
e2e_wait "台账中没有这个单位：保存时将新增该单位。"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_type "到城南社区走访。"
e2e_keys C-s
e2e_wait "的工作日志已填写"
# edit the last log: its unit spelt as another unit of the ledger moves the
# link there (the log is not linked twice)
e2e_keys l
e2e_wait "城南社区"
e2e_keys e
e2e_wait "修改工作日志"
e2e_keys Tab Tab End BSpace BSpace BSpace BSpace
e2e_type "华联纺织厂"
e2e_wait "台账中已有：保存时本日志将关联到“华联纺织厂”。"
e2e_keys C-s
e2e_wait "的工作日志已保存"
e2e_keys q
e2e_keys q
e2e_wait "退出"
e2e_keys y
e2e_exited 0

units=$(fb_as 王芳 unit list --format csv)
[ "$(printf '%s\n' "$units" | grep -c 宏达机械)" = 1 ] || e2e_fail "宏达机械 twice: $units"
[ "$(printf '%s\n' "$units" | grep -c 华联纺织)" = 1 ] || e2e_fail "华联纺织厂 twice: $units"
[ "$(printf '%s\n' "$units" | grep -c 城南社区)" = 1 ] || e2e_fail "城南社区 not added: $units"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM units")" = 4 ] || e2e_fail "units: $units"
v=$(fb_as 王芳 visit list 1)
printf '%s\n' "$v" | grep -q 宏达机械有限公司 || e2e_fail "log 1 not linked: $v"
v=$(fb_as 王芳 visit list 2)
printf '%s\n' "$v" | grep -q 华联纺织厂 || e2e_fail "log 2 not linked: $v"
v=$(fb_as 王芳 visit list 3)
printf '%s\n' "$v" | grep -q 华联纺织厂 || e2e_fail "log 3 not linked to its new unit: $v"
printf '%s\n' "$v" | grep -q 城南社区 && e2e_fail "log 3 still linked to its old unit: $v"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM log_units WHERE log_id = 3 AND deleted = 0")" = 1 ] ||
	e2e_fail "log 3 linked twice"
# three logs, three live links: the edit moved one, it did not add one
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM log_units WHERE deleted = 0")" = 3 ] ||
	e2e_fail "links: $(sqlite3 "$FIELDBOOK_DB" "SELECT log_id, unit_id FROM log_units WHERE deleted = 0")"

# the demo's ledger: part of the name of a unit 陈国涛's group visits most
# (its legal-form suffix left off) offers it first; taken, saved, linked
export FIELDBOOK_DB=$E2E_DIR/demo.db
"$FB" demo --logs 200 >/dev/null 2>&1 || e2e_fail "demo failed"
q="SELECT u.id, u.name FROM units u JOIN log_units l ON l.unit_id = u.id AND l.deleted = 0
   WHERE u.group_id = (SELECT group_id FROM people WHERE name = '陈国涛') AND u.kind = 'enterprise'
     AND u.merged_into IS NULL AND u.deleted = 0 GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1"
row=$(sqlite3 "$FIELDBOOK_DB" "$q")
uid=${row%%|*} name=${row#*|}
[ -n "$uid" ] || e2e_fail "no demo unit"
part=$(printf '%s' "$name" | sed -E 's/(股份有限公司|有限责任公司|有限公司|公司)$//')
before=$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM log_units WHERE unit_id = $uid AND deleted = 0")
nunits=$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM units")
e2e_start
e2e_wait "谁在使用"
e2e_keys 2            # 陈国涛
e2e_sign_in
e2e_wait "陈国涛"
e2e_keys n
e2e_wait "新建工作日志"
e2e_type "$part"
e2e_wait "$name · 企业 · 走访 $before 次"
e2e_keys Down
e2e_wait "> $name"
e2e_keys Enter
e2e_wait "台账中已有：保存时本日志将关联到“$name”。"
e2e_keys Tab Tab Tab Tab Tab Tab
e2e_type "回访企业，了解问题整改情况。"
e2e_keys C-s
e2e_wait "的工作日志已填写"
e2e_keys q
e2e_wait "退出"
e2e_keys y
e2e_exited 0
after=$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM log_units WHERE unit_id = $uid AND deleted = 0")
[ "$after" = $((before + 1)) ] || e2e_fail "$name: $before visits, then $after"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM units")" = "$nunits" ] ||
	e2e_fail "a unit was added"
echo ok
