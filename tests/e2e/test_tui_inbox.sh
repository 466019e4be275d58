#!/bin/bash
# Headquarters' inbox: a folder of bundles (as on a USB stick) listed with
# sender, date and state; a group HQ does not know is imported only when
# the user says it is theirs (no: skipped, nothing added); "import all"
# imports each new bundle with a result in words per bundle, a damaged one
# named with why; Enter shows a bundle's counts; the home then shows both
# groups side by side. The stations' first bundles are plain and come from
# devices HQ has not registered: refused until the fingerprints compared
# with the senders are typed under the folder.
. "$(dirname "$0")/lib.sh"

IN="$E2E_DIR/stick"
mkdir -p "$IN"
for g in 城关镇 桃源镇; do
	db="$E2E_DIR/$g.db"
	fb_as "李$g" --db "$db" init --group "${g}蹲点组" --station "$g" --leader "李$g" \
		--member "王$g" >/dev/null || e2e_fail "init $g"
	fb_as "王$g" --db "$db" log add --author "王$g" --date 2026-11-20 --unit 宏达机械 \
		--activity enterprise_visit --content "走访宏达机械" >/dev/null || e2e_fail "log $g"
	# a first bundle: plain (HQ's key is not pinned at the station yet)
	fb_as "李$g" --db "$db" export --out "$IN/$g.zip" --plain >/dev/null 2>&1 ||
		e2e_fail "export $g"
done
head -c 200 "$IN/城关镇.zip" >"$IN/坏的.zip"
# what 'fieldbook key show' prints at each station, read out over the phone
fp() { LANGUAGE=en LC_ALL=C.UTF-8 "$FB" --db "$1" key show | sed -n 's/^Fingerprint:  //p'; }
PINS="$(fp "$E2E_DIR/城关镇.db"), $(fp "$E2E_DIR/桃源镇.db")"
case $PINS in [0-9]*", "[0-9]*) ;; *) e2e_fail "no fingerprints: $PINS" ;; esac
fb_as 赵敏 init --hq 东湖市总工会 --staff 赵敏 >/dev/null || e2e_fail "hq"

e2e_start
e2e_wait "谁在使用"
e2e_keys Enter        # 赵敏, HQ's staff
e2e_sign_in
e2e_wait "还没有工作组"
e2e_keys b
e2e_wait "数据包文件夹"
e2e_keys C-u
e2e_type "$E2E_DIR/none"
e2e_keys C-s
e2e_wait "无法读取文件夹"
e2e_keys C-u
e2e_type "$IN"
e2e_keys C-s
e2e_wait "3 个数据包"
# no fingerprint typed: the stations' bundles are not read, saying why
e2e_gone "新工作组"
e2e_keys Down Enter
e2e_wait "这个数据包来自未登记的设备"
e2e_wait "按 f，输入已与对方核对过的指纹"
e2e_keys q
e2e_wait "收件箱"
# f: the folder again, with the fingerprints compared (a wrong one is marked)
e2e_keys f
e2e_wait "指纹"
e2e_keys Tab
e2e_type "123 abc"
e2e_keys C-s
e2e_wait "指纹是分组的数字"
e2e_keys C-u
e2e_type "$PINS"
e2e_keys C-s
e2e_wait "3 个数据包"
e2e_wait "新工作组"
e2e_screen | grep "坏的.zip" | grep -q "无法读取" || e2e_fail "the damaged bundle is not named"
# import all: the first group is not ours (n), the second is (y)
e2e_keys a
e2e_wait "这是本市的工作组吗"
e2e_keys n
e2e_wait "这是本市的工作组吗"
e2e_keys y
e2e_wait "已导入 1 个数据包，1 个未导入，1 个已跳过。"
e2e_screen | grep "城关镇.zip" | grep -q "已跳过" || e2e_fail "城关镇 not skipped"
e2e_screen | grep "桃源镇.zip" | grep -q "桃源镇蹲点组：新增 工作组 1" ||
	e2e_fail "桃源镇's result in words"
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT group_concat(name) FROM work_groups")" = 桃源镇蹲点组 ] ||
	e2e_fail "a group was added without asking"
# the one skipped, imported on its own: i, then yes
e2e_keys Home
e2e_wait "城关镇.zip"
e2e_keys Down
e2e_keys i
e2e_wait "这是本市的工作组吗"
e2e_keys y
e2e_wait "城关镇蹲点组：新增 工作组 1"
e2e_keys Enter
e2e_wait "工作日志"
e2e_wait "新增"
e2e_keys q
e2e_wait "收件箱"
e2e_keys q
e2e_wait "城关镇蹲点组"
e2e_wait "桃源镇蹲点组"
e2e_keys q y
e2e_exited 0
[ "$(sqlite3 "$FIELDBOOK_DB" "SELECT count(*) FROM logs")" = 2 ] || e2e_fail "logs not imported"
echo ok
