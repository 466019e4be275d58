#!/bin/bash
# zh_CN output puts a full-width colon after Chinese labels and messages:
# no ASCII ':' in a line with Chinese text, except inside times (15:30) and
# file:line locations. Machine-readable output (CSV, JSON) is not touched.
. "$(dirname "$0")/lib.sh"
DB=$TMP/z.db
"$FB" --db "$DB" demo --logs 300 --seed 4 --end 2026-11-20 >/dev/null 2>&1 ||
	{ echo "FAIL: demo" >&2; exit 1; }
zh() { LANGUAGE= LC_ALL=zh_CN.UTF-8 "$FB" --db "$DB" "$@" 2>&1; }
# every line with CJK text and an ASCII colon that is not between digits
mixed() { grep -P '[^\x00-\x7f]' | grep -P '(?<![0-9]):(?![0-9])' | grep -Pv '\S+:[0-9]+：'; }
check() {
	local what=$1; shift
	out=$(zh "$@" | mixed)
	[ -z "$out" ] && pass || fail "$what: ASCII colon in Chinese text: $out"
}
check "log show" log show 3
check "ticket show" ticket show 1
check "target list" target list
check "core error" ticket event 1 note --by nobody --text x
check "date error" ticket event 1 note --by 1 --text x --date 2026-02-30
check "usage error" log list --bogus
check "out of range" log list --limit 999999999999
check "log list help" log --help
# the check itself catches a mixed line
[ -n "$(printf '状态: 已登记\n' | mixed)" ] && pass || fail "the check misses '状态: 已登记'"
[ -z "$(printf '时间 15:30，见 a.csv:12：错误\n' | mixed)" ] && pass || fail "times flagged"
# CSV and JSON keep their ASCII syntax
zh ticket show 1 --format json | grep -q '"status": "' && pass || fail "JSON keys changed"
finish
