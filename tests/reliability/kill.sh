#!/bin/bash
# kill.sh - kill -9 fieldbook at random moments and check that the database
# is whole and either before or after the interrupted transaction, never in
# between.
#
#   tests/reliability/kill.sh [--kills N] [--kinds LIST] [--seed S] [--short] [--work DIR]
#                             FIELDBOOK FB_CHECK
#
# Six kinds of work are killed in turn (N kills in all, default 210; LIST is
# a comma-separated subset, default all; "tui" means tui-save,tui-draft):
#   demo     fieldbook demo --logs 5200 (batches of 5000 logs): afterwards
#            the logs number 0, 5000 or 5200, nothing else;
#   write    fieldbook log add with a unique word: afterwards the log is
#            either absent or there in full and found by searching the word;
#   migrate  the first open of a schema-3 database (before the search index,
#            migration 004 builds it): afterwards the schema is 3 without the
#            index or the latest with an index holding exactly the live logs;
#   import   fieldbook import of a bundle of 2,000 logs from another group
#            (all or nothing): afterwards 5200 or 7200 logs, nothing else;
#   import-bulk the same bundle into a new database, the bulk path (one
#            index build at the end, a rollback journal instead of the WAL;
#            import --bulk-min 1000): afterwards no file, 0 or 2000 logs, and
#            a reopened database is back in WAL;
#   tui-save the TUI in tmux: a new daily log typed into the form (unit,
#            numbers, kinds ticked, content and problems, a unique word in
#            each), Ctrl-S, then kill -9 in turn after a random delay of up
#            to 1.2x the measured save (key to message on the screen), up
#            to 2x the measured time from the key to the first write to
#            the WAL, or the instant the WAL is written (a busy wait):
#            afterwards 5200 logs and the word nowhere, or 5201 and the log
#            there with every field as typed (compared with an undisturbed
#            save) and found by searching the word;
#   tui-draft the same form left open (the draft is autosaved every second,
#            FIELDBOOK_DRAFT_INTERVAL=1) and killed at a random moment over
#            two autosave periods, or (every other one) the instant the
#            autosave's temporary file appears: afterwards the database is
#            unchanged (5200 logs) and the draft is absent or whole; a whole
#            draft is offered at the next start, saved with Ctrl-S, and the
#            log it gives has every field as typed.
# Every kill is followed by fb_check (integrity_check, foreign_key_check,
# the search index's integrity-check, index == live logs, spot searches).
# A "before" state is checked on every table's rows: the content of the
# killed database (its WAL checkpointed in a copy) is that of the database
# the work started from, row for row.
# The delays come from bash's RANDOM seeded with S (printed at the start;
# default: from the clock), so a failing run can be repeated with --seed.
# The long form (without --short) fails unless every kind saw both a
# "before" and an "after" outcome: a run whose kills all landed before the
# work began or after it ended says nothing about atomicity. The CI short
# forms (a few kills) pass --short.
# The delay before each kill is uniform over 0..1.2x the work's measured
# duration (for log add, every other one over its first third), so kills
# land before, during and after the work; the summary counts which state
# each kill left. CI runs short forms (tests/cli/test_reliability_kill.sh,
# tests/cli/test_reliability_tui_kill.sh); run the long form by hand.
# The TUI kinds need tmux and sqlite3 (to name who is working in the copy
# of the database the TUI opens).
set -u
kills=210
kinds=demo,write,migrate,import,import-bulk,tui-save,tui-draft
work=
seed=$(( $(date +%s%N) % 1000000007 ))
short=
while [ $# -gt 2 ]; do
	case $1 in
	--kills) kills=$2; shift 2 ;;
	--kinds) kinds=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--short) short=1; shift ;;
	*) break ;;
	esac
done
usage="usage: kill.sh [--kills N] [--kinds LIST] [--seed S] [--short] [--work DIR] FIELDBOOK FB_CHECK"
case $seed in ''|*[!0-9]*) echo "kill.sh: --seed takes a whole number" >&2; exit 2 ;; esac
RANDOM=$seed
echo "seed: $seed (repeat this run with --seed $seed)"
[ $# -eq 2 ] || { echo "$usage" >&2; exit 2; }
kind_list=()
IFS=, read -r -a raw <<<"$kinds"
for kd in "${raw[@]}"; do
	case $kd in
	tui) kind_list+=(tui-save tui-draft) ;;
	demo|write|migrate|import|import-bulk|tui-save|tui-draft) kind_list+=("$kd") ;;
	*) echo "kill.sh: unknown kind '$kd' (demo, write, migrate, import, import-bulk, tui-save," \
		"tui-draft, tui)" >&2; exit 2 ;;
	esac
done
[ ${#kind_list[@]} -gt 0 ] || { echo "$usage" >&2; exit 2; }
nkinds=${#kind_list[@]}
# 0 if kind $1 is one of those to kill.
wants() { local kd; for kd in "${kind_list[@]}"; do [ "$kd" = "$1" ] && return 0; done; return 1; }
fb=$(readlink -f "$1") check=$(readlink -f "$2")
[ -x "$fb" ] && [ -x "$check" ] || { echo "kill.sh: $1 or $2 is not executable" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "FAIL: kill.sh needs sqlite3 (packaging/setup.sh)" >&2; exit 1; }
sock=fbkill$$ tui_n=0 # each TUI start gets a socket of its own: $sock.$tui_n
made_work=
if [ -z "$work" ]; then
	work=$(mktemp -d)
	made_work=1
fi
cleanup() {
	tmux -L "$sock.$tui_n" kill-server 2>/dev/null
	[ -n "$made_work" ] && rm -rf "$work"
}
trap cleanup EXIT
export FIELDBOOK_TODAY=2026-11-20 LANGUAGE=en LC_ALL=C.UTF-8
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
fail=0
declare -A seen

die() { echo "FAIL: $*" >&2; fail=1; }

# Milliseconds since the epoch.
ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

# Sleep a random time, uniform in 0..$1 ms. RANDOM is drawn here, in this
# shell (a subshell would reseed it and the run could not be repeated).
pause() { local d=$(( (RANDOM * 32768 + RANDOM) % ($1 + 1) ));
	sleep "$(printf '%d.%03d' $((d / 1000)) $((d % 1000)))"; }

# Run "$@" in the background, kill -9 it after a random delay of up to
# max_ms; sets $killed to 1 if it was still running.
run_and_kill() {
	local max=$1; shift
	# fd 3: the demo's password, for commands signed in with --password-fd 3
	"$@" >/dev/null 2>&1 3<"$work/password" &
	local pid=$!
	pause "$max"
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

# Count one more kill that left state $1.
count() { seen[$1]=$(( ${seen[$1]:-0} + 1 )); }

field() { echo "$state" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# the latest schema: the highest NNN of assets/sql/NNN_name.sql
latest=$(ls "$(dirname "$0")/../../assets/sql/" | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$/\1/p' |
	sort -n | tail -1)

# The rows of every table of database $1, as the SHA-256 of a full dump of a
# copy whose WAL was checkpointed (the original is not touched). A kill
# during the sign-in has used up a try (auth.c counts it before verifying):
# the count of failed tries is not the work's rows and is left out.
content() {
	local c=$work/content.db
	rm -f "$c" "$c-wal" "$c-shm"
	cp "$1" "$c" && { [ ! -e "$1-wal" ] || cp "$1-wal" "$c-wal"; } &&
		sqlite3 "$c" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
		{ [ -z "$(sqlite3 "$c" "SELECT 1 FROM sqlite_master WHERE name = 'person_secrets'")" ] ||
			sqlite3 "$c" "UPDATE person_secrets SET failed = 0"; } &&
		sqlite3 "$c" .dump | sha256sum | cut -d' ' -f1
	local rc=$?
	rm -f "$c" "$c-wal" "$c-shm"
	return $rc
}

# A kill left database $1 "before": its rows are those of the start ($2, a
# content() sum); says which kill ($3) otherwise.
same_as_before() {
	local now
	now=$(content "$1") || { die "$3: cannot read the rows"; return 1; }
	[ "$now" = "$2" ] || { die "$3: the counts say before, but the rows differ from the start"; return 1; }
}
# as NAME ARGS...: the binary signed in as NAME with the demo's password
# (fieldbook demo: everyone has it). Killed runs sign in through
# run_and_kill's fd 3 instead, so that the pid killed is fieldbook's own.
echo fieldbook-demo >"$work/password"
as() {
	local who=$1
	shift
	"$fb" --as "$who" --password-fd 3 "$@" 3<<<fieldbook-demo
}

# ---- the databases every kill starts from
base=$work/base.db
if wants demo || wants write || wants migrate || wants import || wants import-bulk; then
	"$fb" --db "$base" demo --logs 5200 --seed 3 --end 2026-11-20 >/dev/null 2>&1 ||
		{ echo "FAIL: cannot make the base database" >&2; exit 1; }
	author=$("$fb" --db "$base" log list --limit 1 --format csv | sed -n '2p' | cut -d, -f3)
	[ -n "$author" ] || { echo "FAIL: no author in the base database" >&2; exit 1; }
	lead=$(sqlite3 "$base" "SELECT name FROM people WHERE role = 'leader' AND deleted = 0
		ORDER BY id LIMIT 1")
	base_rows=$(content "$base") || { echo "FAIL: cannot dump the base database" >&2; exit 1; }
fi
if wants migrate; then
	v3=$work/v3.db
	cp "$base" "$v3"
	"$check" --strip-search "$v3" || { echo "FAIL: cannot make a schema-3 database" >&2; exit 1; }
	checked "$v3" setup || exit 1
	[ "$(field schema)" = 3 ] ||
		{ echo "FAIL: strip-search left schema $(field schema)" >&2; exit 1; }
	v3_rows=$(content "$v3") || { echo "FAIL: cannot dump the schema-3 database" >&2; exit 1; }
fi

if wants import || wants import-bulk; then
	bundle=$work/other.zip
	# the export opens the sealed personal fields: a demo leader signs in (seal.h)
	"$fb" --db "$work/other.db" demo --logs 2000 --seed 11 --end 2026-11-20 >/dev/null 2>&1 &&
		olead=$(sqlite3 "$work/other.db" "SELECT name FROM people WHERE role = 'leader' AND
		  deleted = 0 ORDER BY id LIMIT 1") &&
		"$fb" --db "$work/other.db" --as "$olead" --password-fd 3 export --out "$bundle" \
			--plain >/dev/null 2>&1 3<<<fieldbook-demo ||
		{ echo "FAIL: cannot make the bundle" >&2; exit 1; }
	# the other station's fingerprint, as compared by a person: imports pin it
	pin=$("$fb" --db "$work/other.db" key show | sed -n 's/^Fingerprint:  //p')
fi

# ---- the TUI in tmux (tui-save, tui-draft)
tmx() { tmux -L "$sock.$tui_n" -f /dev/null "$@"; }

# Start the TUI on database $1 in a fresh 100x30 tmux session, on a socket
# of its own (a server still dying from the last start cannot take its
# connection); $tui_pid is fieldbook itself (exec'd by the pane's shell).
tui_start() {
	tmx kill-server 2>/dev/null
	tui_n=$((tui_n + 1))
	tmx new-session -d -s fb -x 100 -y 30 "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=en \
		TERM=xterm-256color FIELDBOOK_TODAY=$FIELDBOOK_TODAY FIELDBOOK_DRAFT_INTERVAL=1 \
		ASAN_OPTIONS=$ASAN_OPTIONS '$fb' --db '$1' 2>>'$work/tui.err'"
	tui_pid=$(tmx display-message -p -t fb '#{pane_pid}')
}

tui_screen() { tmx capture-pane -p -t fb 2>/dev/null; }

# Wait up to $2 seconds (default 15) for text $1 on the screen; 1 if not.
tui_wait() {
	local i
	for ((i = 0; i < ${2:-15} * 50; i++)); do
		tui_screen | grep -qF -- "$1" && return 0
		sleep 0.02
	done
	echo "---- screen (waiting for '$1') ----" >&2
	tui_screen >&2
	return 1
}

# kill -9 the TUI, wait until it is gone, close tmux.
tui_kill() {
	kill -9 "$tui_pid" 2>/dev/null
	local i
	for ((i = 0; i < 500; i++)); do
		kill -0 "$tui_pid" 2>/dev/null || break
		sleep 0.01
	done
	tmx kill-server 2>/dev/null
}

# Busy-wait (at most $2 ms) until database $1's WAL was written after
# $work/ref was touched: the moment a commit begins.
wal_written() {
	local until=$(( $(ms) + $2 ))
	until [[ "$1-wal" -nt "$work/ref" ]] || [ "$(ms)" -gt "$until" ]; do :; done
}

# Past the "Who is working?" question of every start (the person
# remembered, first in the list) and their password (the demo's) to the
# home screen; 1 if it did not come.
tui_home() {
	tui_wait "Who is working?" || return 1
	tmx send-keys -t fb Enter
	tui_wait "Password or PIN for" || return 1
	tmx send-keys -t fb -l fieldbook-demo
	tmx send-keys -t fb Enter
	tui_wait "write today's log"
}

# Quit the TUI with q from the home screen (and y to its question) and
# wait until it has ended.
tui_quit() {
	tmx send-keys -t fb q y
	local i
	for ((i = 0; i < 500; i++)); do
		kill -0 "$tui_pid" 2>/dev/null || break
		sleep 0.02
	done
	tui_kill
}

# Open a new daily log on database $1 and type every kind of field, with
# the unique word $2 in the unit, the content and the problems found; 1 if
# the screen did not follow.
tui_fill() {
	tui_start "$1"
	tui_home || return 1
	tmx send-keys -t fb n
	tui_wait "New daily log" || return 1
	tmx send-keys -t fb -l "单位$2"
	tmx send-keys -t fb Tab BSpace 3 Tab BSpace 1 2 Tab Tab Space Tab Right Space Tab
	tmx send-keys -t fb -l "$tui_content$2"
	tmx send-keys -t fb Tab
	tmx send-keys -t fb -l "问题$2"
	tui_wait "问题$2"
}

# The log in database $1 found by searching word $2, as JSON with the
# fields every copy has (id, uuid, rev, origin, updated_at) taken out and
# the word replaced by WORD; empty if the search does not find exactly one.
log_shape() {
	local ids
	ids=$("$fb" --db "$1" log list --search "$2" --format csv | tail -n +2 | cut -d, -f1)
	[ "$(echo "$ids" | grep -c .)" = 1 ] || return 0
	"$fb" --db "$1" log show "$ids" --format json |
		sed -E 's/"(id|uuid|rev|origin|updated_at)": ("[^"]*"|[0-9]+)(, )?//g' |
		sed "s/$2/WORD/g"
}

# A draft file is whole: its header, kind log, the separator, and the unit
# and content as typed (the content may stop short if the autosave came
# while it was being typed: then it is a prefix of what was typed).
draft_whole() {
	local d=$1 word=$2 unit text
	[ "$(head -n 1 "$d")" = "fieldbook-draft 1" ] || return 1
	grep -qx "kind=log" "$d" && grep -qx -- "--" "$d" || return 1
	unit=$(sed -n 's/^unit=//p' "$d")
	text=$(sed -n 's/^content=//p' "$d")
	case "单位$word" in "$unit"*) ;; *) return 1 ;; esac
	case "$tui_content$word" in "$text"*) ;; *) return 1 ;; esac
}

tui_content=$(printf '走访职工，了解到拖欠工资情况，已向企业反映并跟进。%.0s' 1 2 3)
if wants tui-save || wants tui-draft; then
	command -v tmux >/dev/null && command -v sqlite3 >/dev/null ||
		{ echo "FAIL: the TUI kinds need tmux and sqlite3" >&2; exit 1; }
	# a smaller database (the checks after each kill take less time), the
	# TUI opens straight on the home screen of $tauthor
	tbase=$work/tui.db
	"$fb" --db "$tbase" demo --logs 500 --seed 3 --end 2026-11-20 >/dev/null 2>&1 ||
		{ echo "FAIL: cannot make the TUI's database" >&2; exit 1; }
	tauthor=$("$fb" --db "$tbase" log list --limit 1 --format csv | sed -n '2p' | cut -d, -f3)
	sqlite3 "$tbase" "INSERT OR REPLACE INTO meta VALUES ('tui.current_person',
		(SELECT id FROM people WHERE name = '$tauthor' AND deleted = 0))" ||
		{ echo "FAIL: cannot name who works in the TUI" >&2; exit 1; }
	tbase_rows=$(content "$tbase") || { echo "FAIL: cannot dump the TUI's database" >&2; exit 1; }
fi

# The checker itself must be able to fail: a log deleted behind the index.
cp "$([ -e "$base" ] && echo "$base" || echo "$tbase")" "$work/broken.db"
sqlite3 "$work/broken.db" "DROP TRIGGER logs_fts_delete; DELETE FROM logs WHERE id = 7;"
if "$check" "$work/broken.db" >/dev/null 2>&1; then
	die "fb_check did not notice a log missing from the index"
fi
# ... and so must the row comparison: one changed cell in the meta table
cp "$work/broken.db" "$work/broken2.db"
sqlite3 "$work/broken2.db" "UPDATE meta SET value = value || 'x' WHERE key = 'device_id'"
[ "$(content "$work/broken.db")" != "$(content "$work/broken2.db")" ] ||
	die "the row comparison does not see a changed meta row"
rm -f "$work"/broken.db* "$work"/broken2.db*

# ---- measure each kind of work once, undisturbed
undisturbed=""
if wants demo; then
	t0=$(ms); "$fb" --db "$work/m.db" demo --logs 5200 --seed 3 --end 2026-11-20 >/dev/null 2>&1
	t_demo=$(( $(ms) - t0 ))
	undisturbed="$undisturbed, demo ${t_demo} ms"
fi
if wants write; then
	cp "$base" "$work/m.db"
	t0=$(ms); as "$author" --db "$work/m.db" log add --author "$author" --unit 测试单位 \
		--activity research --content "计时用的日志内容" >/dev/null 2>&1; t_write=$(( $(ms) - t0 ))
	undisturbed="$undisturbed, log add ${t_write} ms"
fi
if wants migrate; then
	cp "$v3" "$work/m.db"
	t0=$(ms); "$fb" --db "$work/m.db" log list --limit 1 >/dev/null 2>&1
	t_migrate=$(( $(ms) - t0 ))
	undisturbed="$undisturbed, migration ${t_migrate} ms"
fi
if wants import; then
	cp "$base" "$work/m.db"
	t0=$(ms); as "$lead" --db "$work/m.db" import --pin "$pin" "$bundle" >/dev/null 2>&1; t_import=$(( $(ms) - t0 ))
	[ "$("$check" "$work/m.db" | sed 's/.* logs=\([0-9]*\).*/\1/')" = 7200 ] ||
		{ echo "FAIL: the undisturbed import did not give 7200 logs" >&2; exit 1; }
	undisturbed="$undisturbed, import ${t_import} ms"
fi
if wants import-bulk; then
	rm -f "$work/m.db"*
	t0=$(ms); "$fb" --db "$work/m.db" import --pin "$pin" --bulk-min 1000 "$bundle" >/dev/null 2>&1
	t_bulk=$(( $(ms) - t0 ))
	[ "$("$check" "$work/m.db" | sed 's/.* logs=\([0-9]*\).*/\1/')" = 2000 ] ||
		{ echo "FAIL: the undisturbed bulk import did not give 2000 logs" >&2; exit 1; }
	undisturbed="$undisturbed, bulk import ${t_bulk} ms"
fi
if wants tui-save || wants tui-draft; then
	# a save without a kill: the log is there, every field as typed; its
	# shape is what every "after" must match. Ctrl-S to the message on the
	# screen is the save's duration.
	cp "$tbase" "$work/m.db"
	tui_fill "$work/m.db" 参照 || { echo "FAIL: the TUI form did not fill" >&2; exit 1; }
	touch "$work/ref"
	t0=$(ms)
	tmx send-keys -t fb C-s
	wal_written "$work/m.db" 5000
	t_commit=$(( $(ms) - t0 ))
	tui_wait "written" || { echo "FAIL: the TUI did not save" >&2; exit 1; }
	t_save=$(( $(ms) - t0 ))
	tui_quit
	checked "$work/m.db" "undisturbed TUI save" || exit 1
	[ "$(field logs)" = 501 ] || { echo "FAIL: a TUI save gave $(field logs) logs" >&2; exit 1; }
	shape=$(log_shape "$work/m.db" 参照)
	for want in '"date": "2026-11-20"' "\"author\": \"$tauthor\"" '"unit": "单位WORD"' \
		'"activity": "enterprise_visit"' '"enterprises": 3' '"workers": 12' \
		"\"content\": \"${tui_content}WORD\"" '"findings": "问题WORD"' \
		'"enterprise_kinds": "[a-z_]+"' '"worker_kinds": "[a-z_]+"'; do
		echo "$shape" | grep -Eq -- "$want" ||
			{ echo "FAIL: the saved log lacks $want: $shape" >&2; exit 1; }
	done
	[ ! -e "$work/m.db.draft" ] || { echo "FAIL: the draft outlived the save" >&2; exit 1; }
	# ... and the comparison can fail: the same log with its content cut
	sqlite3 "$work/m.db" "DROP TRIGGER logs_fts_update; UPDATE logs SET content = substr(content, 1, 20) || '参照'
		WHERE unit = '单位参照'"
	[ "$(log_shape "$work/m.db" 参照)" != "$shape" ] ||
		{ echo "FAIL: a log cut short looks whole to the check" >&2; exit 1; }
	undisturbed="$undisturbed, TUI save ${t_save} ms (first write to the WAL ${t_commit} ms)"
fi
if wants tui-draft; then
	# form open to the first autosaved draft
	cp "$tbase" "$work/m.db"
	tui_fill "$work/m.db" 计时 || { echo "FAIL: the TUI form did not fill" >&2; exit 1; }
	t0=$(ms)
	for ((i = 0; i < 500; i++)); do [ -e "$work/m.db.draft" ] && break; sleep 0.01; done
	t_draft=$(( $(ms) - t0 ))
	tui_kill
	draft_whole "$work/m.db.draft" 计时 ||
		{ echo "FAIL: no whole draft autosaved within 5 s" >&2; exit 1; }
	undisturbed="$undisturbed, first draft ${t_draft} ms after typing"
fi
rm -f "$work"/m.db*
echo "undisturbed:${undisturbed#,}"

content=$(printf '走访职工，了解到拖欠工资情况，已向企业反映并跟进。%.0s' 1 2 3 4 5 6 7 8)
for ((k = 0; k < kills; k++)); do
	db=$work/k.db
	rm -f "$db" "$db"-wal "$db"-shm "$db".draft*
	kind=${kind_list[k % nkinds]}
	round=$((k / nkinds))
	case $kind in
	demo) # into a new database
		run_and_kill $((t_demo * 12 / 10)) "$fb" --db "$db" demo --logs 5200 --seed 3 \
			--end 2026-11-20
		if [ ! -e "$db" ]; then
			count demo:nofile; continue
		fi
		checked "$db" "demo kill $k" || continue
		n=$(field logs)
		case $n in
		0|5000|5200) count demo:$n ;;
		*) die "demo kill $k: $n logs, between batches" ;;
		esac
		# a kill before the schema was made leaves no tickets table: no tickets
		if [ "$n" = 0 ] && [ "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_schema
			WHERE name = 'tickets'")" = 1 ] &&
			[ "$(sqlite3 "$db" "SELECT count(*) FROM tickets")" != 0 ]; then
			die "demo kill $k: no logs but tickets"
		fi
		;;
	write) # one log add
		cp "$base" "$db"
		word="编号$RANDOM$k"
		# the commit comes early in a short process: every other kill aims
		# at the first third
		run_and_kill $(( round % 2 ? t_write / 3 : t_write * 12 / 10 )) "$fb" --as "$author" --password-fd 3 --db "$db" \
			log add --author "$author" \
			--unit 测试单位 --activity research --content "$content$word"
		checked "$db" "write kill $k" || continue
		n=$(field logs)
		ids=$("$fb" --db "$db" log list --search "$word" --format csv | tail -n +2 | cut -d, -f1)
		found=$(echo "$ids" | grep -c .)
		if [ "$n" = 5200 ] && [ "$found" = 0 ]; then
			same_as_before "$db" "$base_rows" "write kill $k"
			count write:before
		elif [ "$n" = 5201 ] && [ "$found" = 1 ]; then
			# the whole content, up to the word at its end
			"$fb" --db "$db" log show "$ids" --format json | grep -q "\"content\": \"$content$word\"" ||
				die "write kill $k: log $ids is there but not in full"
			count write:after
		else
			die "write kill $k: $n logs, the new one found $found times"
		fi
		;;
	migrate) # the 004 migration on first open
		cp "$v3" "$db"
		run_and_kill $((t_migrate * 12 / 10)) "$fb" --db "$db" log list --limit 1
		checked "$db" "migration kill $k" || continue
		s=$(field schema)
		case $s in
		3|"$latest") count migrate:$s ;;
		*) die "migration kill $k: schema $s" ;;
		esac
		[ "$s" = 3 ] && same_as_before "$db" "$v3_rows" "migration kill $k"
		[ "$(field logs)" = 5200 ] || die "migration kill $k: $(field logs) logs, not 5200"
		# the next open finishes the job
		"$fb" --db "$db" log list --limit 1 >/dev/null 2>&1 || die "migration kill $k: reopen failed"
		checked "$db" "migration kill $k, reopened" || continue
		[ "$(field schema)" = "$latest" ] ||
			die "migration kill $k: reopen left schema $(field schema)"
		;;
	import) # a bundle import
		cp "$base" "$db"
		run_and_kill $((t_import * 12 / 10)) "$fb" --as "$lead" --password-fd 3 --db "$db" import --pin "$pin" "$bundle"
		checked "$db" "import kill $k" || continue
		n=$(field logs)
		case $n in
		5200|7200) count import:$n ;;
		*) die "import kill $k: $n logs, neither before (5200) nor after (7200)" ;;
		esac
		[ "$n" = 5200 ] && same_as_before "$db" "$base_rows" "import kill $k"
		;;
	import-bulk) # the first import into a new database: bulk path, rollback journal
		run_and_kill $((t_bulk * 12 / 10)) "$fb" --db "$db" import --pin "$pin" --bulk-min 1000 "$bundle"
		if [ ! -e "$db" ]; then
			count import-bulk:nofile; continue
		fi
		checked "$db" "bulk import kill $k" || continue
		n=$(field logs)
		case $n in
		0|2000) count import-bulk:$n ;;
		*) die "bulk import kill $k: $n logs, neither before (0) nor after (2000)" ;;
		esac
		"$fb" --db "$db" log list --limit 1 >/dev/null 2>&1 || die "bulk import kill $k: reopen failed"
		[ "$(sqlite3 "$db" "PRAGMA journal_mode")" = wal ] ||
			die "bulk import kill $k: not back in WAL after a reopen"
		;;
	tui-save) # Ctrl-S in the TUI, killed during the save
		cp "$tbase" "$db"
		word="编号$RANDOM$k"
		tui_fill "$db" "$word" || { die "tui-save kill $k: the form did not fill"; tui_kill
			continue; }
		touch "$work/ref"
		tmx send-keys -t fb C-s
		case $((round % 3)) in
		0) pause $((t_save * 12 / 10)) ;;
		1) pause $((t_commit * 2)) ;;
		2) wal_written "$db" 2000 ;; # the instant the commit begins
		esac
		tui_kill
		checked "$db" "tui-save kill $k" || continue
		n=$(field logs)
		got=$(log_shape "$db" "$word")
		if [ "$n" = 500 ] && [ -z "$got" ]; then
			same_as_before "$db" "$tbase_rows" "tui-save kill $k"
			count tui-save:before
		elif [ "$n" = 501 ] && [ "$got" = "$shape" ]; then
			count tui-save:after
			# a draft autosaved before Ctrl-S and still there names the
			# log's uuid: the next start knows the log was saved, drops
			# the draft and does not offer it (a second copy if saved)
			if [ -e "$db.draft" ]; then
				count tui-save:after+draft
				tui_start "$db"
				tui_home ||
					{ die "tui-save kill $k: no home screen after the kill"; tui_kill
						continue; }
				tui_screen | grep -qF "unsaved draft" &&
					die "tui-save kill $k: a draft of a saved log was offered again"
				[ ! -e "$db.draft" ] ||
					die "tui-save kill $k: the draft of a saved log was kept"
				tui_quit
				[ "$(field logs)" = 501 ] || die "tui-save kill $k: $(field logs) logs"
			fi
		else
			die "tui-save kill $k: $n logs; the new one: ${got:-not found}"
		fi
		;;
	tui-draft) # the form left open: killed around the autosaves
		cp "$tbase" "$db"
		word="编号$RANDOM$k"
		tui_fill "$db" "$word" || { die "tui-draft kill $k: the form did not fill"; tui_kill
			continue; }
		if ((round % 2)); then
			# the instant the autosave's temporary file appears (a busy
			# wait, for at most two autosave periods)
			until=$(( $(ms) + t_draft * 2 + 1000 ))
			until compgen -G "$db.draft.*" >/dev/null || [ "$(ms)" -gt "$until" ]; do :; done
		else
			pause $((t_draft * 2))
		fi
		tui_kill
		checked "$db" "tui-draft kill $k" || continue
		[ "$(field logs)" = 500 ] || die "tui-draft kill $k: $(field logs) logs, not 500"
		same_as_before "$db" "$tbase_rows" "tui-draft kill $k"
		if compgen -G "$db.draft.*" >/dev/null; then
			# killed inside the autosave: its temporary file stays behind
			count tui-draft:temp-left
			rm -f "$db".draft.*
		fi
		if [ ! -e "$db.draft" ]; then
			count tui-draft:none
			continue
		fi
		draft_whole "$db.draft" "$word" ||
			{ die "tui-draft kill $k: the draft is not whole: $(cat "$db.draft")"; continue; }
		if ! grep -qx "findings=问题$word" "$db.draft"; then
			count tui-draft:partial # autosaved while the form was being typed
			continue
		fi
		# the next start offers it; Ctrl-S saves it as typed
		tui_start "$db"
		tui_wait "Who is working?" && tmx send-keys -t fb Enter &&
			tui_wait "Password or PIN for" && tmx send-keys -t fb -l fieldbook-demo &&
			tmx send-keys -t fb Enter && tui_wait "unsaved draft" && tmx send-keys -t fb y && tui_wait "问题$word" &&
			tmx send-keys -t fb C-s && tui_wait "written" ||
			{ die "tui-draft kill $k: the draft was not offered and saved"; tui_kill
				continue; }
		tui_quit
		checked "$db" "tui-draft kill $k, draft saved" || continue
		got=$(log_shape "$db" "$word")
		[ "$(field logs)" = 501 ] && [ "$got" = "$shape" ] ||
			die "tui-draft kill $k: the saved draft gave $(field logs) logs: ${got:-not found}"
		[ ! -e "$db.draft" ] || die "tui-draft kill $k: the draft outlived its save"
		count tui-draft:whole
		;;
	esac
done
summary=""
for key in $(printf '%s\n' "${!seen[@]}" | sort); do summary="$summary $key=${seen[$key]}"; done
echo "kills: $kills (seed $seed); states left:$summary"
# The outcomes that are "before" and "after" the work, for each kind.
outcomes() {
	case $1 in
	demo) echo "demo:nofile demo:0|demo:5200" ;;
	write) echo "write:before|write:after" ;;
	migrate) echo "migrate:3|migrate:6" ;;
	import) echo "import:5200|import:7200" ;;
	import-bulk) echo "import-bulk:nofile import-bulk:0|import-bulk:2000" ;;
	tui-save) echo "tui-save:before|tui-save:after" ;;
	tui-draft) echo "tui-draft:none|tui-draft:whole tui-draft:partial" ;;
	esac
}
missed=""
for kd in "${kind_list[@]}"; do
	o=$(outcomes "$kd")
	for side in before after; do
		if [ $side = before ]; then keys=${o%%|*}; else keys=${o#*|}; fi
		n=0
		for key in $keys; do n=$((n + ${seen[$key]:-0})); done
		[ $n -gt 0 ] || missed="$missed $kd:$side"
	done
done
if [ -n "$missed" ]; then
	if [ -n "$short" ]; then
		echo "note (short form): no kill left$missed"
	else
		die "no kill left$missed: the kills missed the work; run more kills (--kills) or another seed"
	fi
fi
if [ -n "${seen[tui-save:after+draft]:-}" ]; then
	echo "note: ${seen[tui-save:after+draft]} kills came after the log was committed and" \
		"before its autosaved draft was removed: the next start recognised the draft as" \
		"saved (by the log's uuid) and dropped it"
fi
[ $fail -eq 0 ] && echo "ok: every kill left a whole database, before or after"
exit $fail
