#!/bin/bash
# kill.sh - kill -9 fieldbook at random moments and check that the database
# is whole and either before or after the interrupted transaction, never in
# between.
#
#   tests/reliability/kill.sh [--kills N] [--work DIR] FIELDBOOK FB_CHECK
#
# Four kinds of work are killed in turn (N kills in all, default 210):
#   demo     fieldbook demo --logs 5200 (batches of 5000 logs): afterwards
#            the logs number 0, 5000 or 5200, nothing else;
#   write    fieldbook log add with a unique word: afterwards the log is
#            either absent or there in full and found by searching the word;
#   migrate  the first open of a schema-3 database (before the search index,
#            migration 004 builds it): afterwards the schema is 3 without the
#            index or 6 (the latest) with an index holding exactly the live logs;
#   import   fieldbook import of a bundle of 2,000 logs from another group
#            (all or nothing): afterwards 5200 or 7200 logs, nothing else.
# Every kill is followed by fb_check (integrity_check, foreign_key_check,
# the search index's integrity-check, index == live logs, spot searches).
# The delay before each kill is uniform over 0..1.2x the work's measured
# duration (for log add, every other one over its first third), so kills
# land before, during and after the work; the summary counts which state
# each kill left. CI runs a short form
# (tests/cli/test_reliability_kill.sh); run the long form by hand.
set -u
kills=210
work=
while [ $# -gt 2 ]; do
	case $1 in
	--kills) kills=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || { echo "usage: kill.sh [--kills N] [--work DIR] FIELDBOOK FB_CHECK" >&2; exit 2; }
fb=$1 check=$2
[ -x "$fb" ] && [ -x "$check" ] || { echo "kill.sh: $fb or $check is not executable" >&2; exit 2; }
if [ -z "$work" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
export FIELDBOOK_TODAY=2026-11-20 LANGUAGE=en LC_ALL=C.UTF-8
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
fail=0
declare -A seen

die() { echo "FAIL: $*" >&2; fail=1; }

# Milliseconds since the epoch.
ms() { date +%s%3N; }

# A random delay in seconds (fractional), uniform in 0..max_ms.
delay() { local max=$1 d; d=$(( (RANDOM * 32768 + RANDOM) % (max + 1) ));
	printf '%d.%03d' $((d / 1000)) $((d % 1000)); }

# Run "$@" in the background, kill -9 it after a random delay of up to
# max_ms; sets $killed to 1 if it was still running.
run_and_kill() {
	local max=$1; shift
	"$@" >/dev/null 2>&1 &
	local pid=$!
	sleep "$(delay "$max")"
	if kill -9 "$pid" 2>/dev/null; then killed=1; else killed=0; fi
	wait "$pid" 2>/dev/null
}

# fb_check the database; prints its summary line into $state.
checked() {
	state=$("$check" "$1" 2>"$work/check.err") || {
		die "$2: database not whole: $(cat "$work/check.err")"
		return 1
	}
}

field() { echo "$state" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

# ---- the databases every kill starts from
base=$work/base.db
"$fb" --db "$base" demo --logs 5200 --seed 3 --end 2026-11-20 >/dev/null 2>&1 ||
	{ echo "FAIL: cannot make the base database" >&2; exit 1; }
author=$("$fb" --db "$base" log list --limit 1 --format csv | sed -n '2p' | cut -d, -f3)
[ -n "$author" ] || { echo "FAIL: no author in the base database" >&2; exit 1; }
v3=$work/v3.db
cp "$base" "$v3"
"$check" --strip-search "$v3" || { echo "FAIL: cannot make a schema-3 database" >&2; exit 1; }
checked "$v3" setup || exit 1
[ "$(field schema)" = 3 ] || { echo "FAIL: strip-search left schema $(field schema)" >&2; exit 1; }

bundle=$work/other.zip
"$fb" --db "$work/other.db" demo --logs 2000 --seed 11 --end 2026-11-20 >/dev/null 2>&1 &&
	"$fb" --db "$work/other.db" export --out "$bundle" >/dev/null 2>&1 ||
	{ echo "FAIL: cannot make the bundle" >&2; exit 1; }

# The checker itself must be able to fail: a log deleted behind the index.
cp "$base" "$work/broken.db"
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 "$work/broken.db" "DROP TRIGGER logs_fts_delete; DELETE FROM logs WHERE id = 7;"
	if "$check" "$work/broken.db" >/dev/null 2>&1; then
		die "fb_check did not notice a log missing from the index"
	fi
fi

# ---- measure each kind of work once, undisturbed
t0=$(ms); "$fb" --db "$work/m.db" demo --logs 5200 --seed 3 --end 2026-11-20 >/dev/null 2>&1
t_demo=$(( $(ms) - t0 ))
cp "$base" "$work/m.db"
t0=$(ms); "$fb" --db "$work/m.db" log add --author "$author" --unit 测试单位 --activity research \
	--content "计时用的日志内容" >/dev/null 2>&1; t_write=$(( $(ms) - t0 ))
cp "$v3" "$work/m.db"
t0=$(ms); "$fb" --db "$work/m.db" log list --limit 1 >/dev/null 2>&1; t_migrate=$(( $(ms) - t0 ))
cp "$base" "$work/m.db"
t0=$(ms); "$fb" --db "$work/m.db" import "$bundle" >/dev/null 2>&1; t_import=$(( $(ms) - t0 ))
[ "$("$check" "$work/m.db" | sed 's/.* logs=\([0-9]*\).*/\1/')" = 7200 ] ||
	{ echo "FAIL: the undisturbed import did not give 7200 logs" >&2; exit 1; }
rm -f "$work"/m.db*
echo "undisturbed: demo ${t_demo} ms, log add ${t_write} ms, migration ${t_migrate} ms," \
	"import ${t_import} ms"

content=$(printf '走访职工，了解到拖欠工资情况，已向企业反映并跟进。%.0s' 1 2 3 4 5 6 7 8)
for ((k = 0; k < kills; k++)); do
	db=$work/k.db
	rm -f "$db" "$db-wal" "$db-shm"
	case $((k % 4)) in
	0) # demo into a new database
		run_and_kill $((t_demo * 12 / 10)) "$fb" --db "$db" demo --logs 5200 --seed 3 \
			--end 2026-11-20
		if [ ! -e "$db" ]; then
			seen[demo:nofile]=$(( ${seen[demo:nofile]:-0} + 1 )); continue
		fi
		checked "$db" "demo kill $k" || continue
		n=$(field logs)
		case $n in
		0|5000|5200) seen[demo:$n]=$(( ${seen[demo:$n]:-0} + 1 )) ;;
		*) die "demo kill $k: $n logs, between batches" ;;
		esac
		;;
	1) # one log add
		cp "$base" "$db"
		word="编号$RANDOM$k"
		# the commit comes early in a short process: every other kill aims
		# at the first third
		run_and_kill $(( (k / 4) % 2 ? t_write / 3 : t_write * 12 / 10 )) "$fb" --db "$db" \
			log add --author "$author" \
			--unit 测试单位 --activity research --content "$content$word"
		checked "$db" "write kill $k" || continue
		n=$(field logs)
		ids=$("$fb" --db "$db" log list --search "$word" --format csv | tail -n +2 | cut -d, -f1)
		found=$(echo "$ids" | grep -c .)
		if [ "$n" = 5200 ] && [ "$found" = 0 ]; then
			seen[write:before]=$(( ${seen[write:before]:-0} + 1 ))
		elif [ "$n" = 5201 ] && [ "$found" = 1 ]; then
			# the whole content, up to the word at its end
			"$fb" --db "$db" log show "$ids" --format json | grep -q "\"content\": \"$content$word\"" ||
				die "write kill $k: log $ids is there but not in full"
			seen[write:after]=$(( ${seen[write:after]:-0} + 1 ))
		else
			die "write kill $k: $n logs, the new one found $found times"
		fi
		;;
	2) # the 004 migration on first open
		cp "$v3" "$db"
		run_and_kill $((t_migrate * 12 / 10)) "$fb" --db "$db" log list --limit 1
		checked "$db" "migration kill $k" || continue
		s=$(field schema)
		case $s in
		3|6) seen[migrate:$s]=$(( ${seen[migrate:$s]:-0} + 1 )) ;;
		*) die "migration kill $k: schema $s" ;;
		esac
		[ "$(field logs)" = 5200 ] || die "migration kill $k: $(field logs) logs, not 5200"
		# the next open finishes the job
		"$fb" --db "$db" log list --limit 1 >/dev/null 2>&1 || die "migration kill $k: reopen failed"
		checked "$db" "migration kill $k, reopened" || continue
		[ "$(field schema)" = 6 ] || die "migration kill $k: reopen left schema $(field schema)"
		;;
	3) # a bundle import
		cp "$base" "$db"
		run_and_kill $((t_import * 12 / 10)) "$fb" --db "$db" import "$bundle"
		checked "$db" "import kill $k" || continue
		n=$(field logs)
		case $n in
		5200|7200) seen[import:$n]=$(( ${seen[import:$n]:-0} + 1 )) ;;
		*) die "import kill $k: $n logs, neither before (5200) nor after (7200)" ;;
		esac
		;;
	esac
done
summary=""
for key in $(printf '%s\n' "${!seen[@]}" | sort); do summary="$summary $key=${seen[$key]}"; done
echo "kills: $kills; states left:$summary"
[ $fail -eq 0 ] && echo "ok: every kill left a whole database, before or after" 
exit $fail
