# lib.sh - drive the real fieldbook binary in tmux and assert on the screen.
# Sourced by tests/e2e/test_*.sh: they get the binary as $1.
#
#   e2e_start [ARGS...]     start fieldbook in a 100x30 tmux session (ends the
#                           previous one first, and waits until it is gone)
#   e2e_stop                end the session; returns when tmux and fieldbook
#                           have exited
#   e2e_keys KEYS...        tmux send-keys (key names: Enter, Tab, C-s, BSpace...)
#   e2e_type TEXT           type literal text (Chinese too)
#   e2e_wait TEXT [SECS]    wait until TEXT is on the screen (fails after SECS)
#   e2e_gone TEXT [SECS]    wait until TEXT is no longer on the screen
#   e2e_until SECS WHAT CMD...  poll CMD until it succeeds (fails after SECS
#                           saying WHAT); CMD runs each time, so a value to
#                           poll is a function's, never a "$(...)" argument
#   e2e_screen              print the screen
#   e2e_fail MESSAGE        print the screen and fail
#   e2e_pid                 the process id of fieldbook
#   e2e_cursor_field        the label of the form field holding the cursor
#   E2E_ENV="A=1 B=2"       extra environment for the program (before e2e_start)
#   E2E_HOME=DIR            run with HOME=DIR and neither FIELDBOOK_DB nor
#                           XDG_DATA_HOME (the default database path)
# Each start gets a tmux socket of its own (a server that is still dying
# from the last start can never take the next one's connection), and each
# test a temp dir; both go at exit.
set -eu

FB=${1:?usage: $0 path/to/fieldbook}
case $FB in /*) ;; *) FB=$(pwd)/$FB ;; esac
E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/fb-e2e.XXXXXX")
E2E_N=0
E2E_SOCK="$E2E_DIR/tmux.0"
E2E_LANG=${E2E_LANG:-zh_CN.UTF-8}
export FIELDBOOK_TODAY=${FIELDBOOK_TODAY:-2026-11-22}
export FIELDBOOK_DB="$E2E_DIR/fieldbook.db"
# the disk's encryption "cannot tell" (no /proc there): no notice about it
export FIELDBOOK_DISK_ROOT=${FIELDBOOK_DISK_ROOT-/nonexistent}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}

e2e_tmux() { tmux -S "$E2E_SOCK" -f /dev/null "$@"; }

# Poll until CMD succeeds: e2e_until SECS WHAT CMD...
e2e_until() {
	local secs=$1 what=$2 i=0
	shift 2
	while [ "$i" -lt $((secs * 20)) ]; do
		"$@" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	e2e_fail "$what (waited ${secs}s)"
}

# 0 when none of the process ids given is alive (a zombie waiting for its
# parent to reap it has exited: it counts as gone).
e2e_all_gone() {
	local p st
	for p in "$@"; do
		st=$(ps -o stat= -p "$p" 2>/dev/null || true)
		case $st in "" | Z*) ;; *) return 1 ;; esac
	done
	return 0
}

# End the current session and wait until its server and fieldbook are gone
# (fieldbook gets SIGHUP: it keeps its draft and exits).
e2e_stop() {
	[ -S "$E2E_SOCK" ] || return 0
	local spid pid
	spid=$(e2e_tmux display-message -p '#{pid}' 2>/dev/null || true)
	pid=$(cat "$E2E_DIR/pid" 2>/dev/null || true)
	e2e_tmux kill-server 2>/dev/null || true
	local i=0
	while ! e2e_all_gone $spid $pid && [ "$i" -lt 400 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	e2e_all_gone $spid $pid || { echo "FAIL: tmux or fieldbook did not exit" >&2; exit 1; }
	rm -f "$E2E_SOCK" "$E2E_DIR/pid"
}

e2e_cleanup() {
	e2e_stop || true
	rm -rf "$E2E_DIR" 2>/dev/null || true
}
trap e2e_cleanup EXIT

# Start fieldbook (extra arguments go to it). It writes its exit code to
# $E2E_DIR/rc when it ends, and stderr to $E2E_DIR/stderr.
e2e_start() {
	e2e_stop
	E2E_N=$((E2E_N + 1))
	E2E_SOCK="$E2E_DIR/tmux.$E2E_N"
	rm -f "$E2E_DIR/rc"
	local where="FIELDBOOK_DB=$FIELDBOOK_DB"
	[ -z "${E2E_HOME:-}" ] || where="-u FIELDBOOK_DB -u XDG_DATA_HOME HOME=$E2E_HOME"
	# the pane keeps the program's environment fixed: locale, clock, database
	e2e_tmux new-session -d -s fb -x "${E2E_COLS:-100}" -y "${E2E_ROWS:-30}" \
		"env $where LANG=$E2E_LANG LC_ALL=$E2E_LANG LANGUAGE= TERM=${E2E_TERM:-xterm-256color} \
		 FIELDBOOK_TODAY=$FIELDBOOK_TODAY \
		 FIELDBOOK_DRAFT_INTERVAL=1 EDITOR=${EDITOR:-false} ${E2E_ENV:-} \
		 ASAN_OPTIONS=$ASAN_OPTIONS sh -c 'echo \$\$ > $E2E_DIR/pid; exec \"\$0\" \"\$@\"' \
		 $FB $* 2>$E2E_DIR/stderr; echo \$? > $E2E_DIR/rc; sleep 600"
	e2e_tmux set-option -t fb -g status off >/dev/null
	e2e_until 20 "fieldbook did not start" test -s "$E2E_DIR/pid"
}

e2e_screen() { e2e_tmux capture-pane -p -t fb; }

# The label of the form field the cursor is in: the nearest row at or above
# the cursor that starts with a label (" * 标签" or "   标签" in column 3).
e2e_cursor_field() {
	local y
	y=$(e2e_tmux display-message -p -t fb '#{cursor_y}')
	e2e_screen | sed -n "2,$((y + 1))p" | grep -E '^ [ *] [^ ]' | tail -n 1 |
		sed -E 's/^ [ *] //; s/ .*//'
}

# The process id of fieldbook in the pane (written by the pane's command).
e2e_pid() { cat "$E2E_DIR/pid"; }

e2e_fail() {
	echo "FAIL: $*" >&2
	echo "---- screen ----" >&2
	e2e_screen >&2 || true
	echo "---- stderr ----" >&2
	cat "$E2E_DIR/stderr" >&2 2>/dev/null || true
	exit 1
}

e2e_keys() { e2e_tmux send-keys -t fb "$@"; }
e2e_type() { e2e_tmux send-keys -t fb -l "$1"; }

e2e_wait() {
	local text=$1 secs=${2:-20} i=0
	while [ "$i" -lt $((secs * 10)) ]; do
		if e2e_screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	e2e_fail "'$text' did not appear within ${secs}s"
}

e2e_gone() {
	local text=$1 secs=${2:-20} i=0
	while [ "$i" -lt $((secs * 10)) ]; do
		if ! e2e_screen | grep -qF -- "$text"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	e2e_fail "'$text' still on the screen after ${secs}s"
}

# Wait for the program to end; its exit code must be $1 (default 0).
e2e_exited() {
	local want=${1:-0} i=0
	while [ ! -s "$E2E_DIR/rc" ] && [ "$i" -lt 200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$E2E_DIR/rc" ] || e2e_fail "fieldbook did not exit"
	local rc
	rc=$(cat "$E2E_DIR/rc")
	[ "$rc" = "$want" ] || e2e_fail "exit code $rc, wanted $want"
}

# A database with one group (组长 李明, members 王芳 张伟) set up by the CLI.
e2e_group_db() {
	"$FB" init --group "城关镇蹲点组" --station "城关镇" --leader "李明" \
		--member "王芳" --member "张伟" >/dev/null
}

# The password prompt after "who is working": type the tests' secret
# (the first sign-in of a person sets it), or on a demo database the demo
# password the screen shows. FB_TEST_SECRET as in
# tests/cli/lib.sh.
FB_TEST_SECRET=${FB_TEST_SECRET:-test-secret-1}
# fb_as NAME ARGS...: the CLI signed in as NAME (as in tests/cli/lib.sh)
fb_as() {
	local who=$1
	shift
	"$FB" --as "$who" --password-fd 3 "$@" 3<<<"$FB_TEST_SECRET"
}
# e2e_hq_person [NAME]: HQ's own person (role hq, no group; default 市总) in
# $FIELDBOOK_DB, as in tests/cli/lib.sh fb_hq_person: HQ's roster is HQ's (a
# station's bundle may not bring HQ people), so a test puts one in as HQ's
# setup would. They sign in with fb_as like everyone; a station's "who is
# working" does not list them.
e2e_hq_person() {
	sqlite3 "$FIELDBOOK_DB" "INSERT INTO people (uuid, name, role, origin, rev, updated_at) VALUES
	  (lower(hex(randomblob(4))) || '-0000-7000-8000-' || lower(hex(randomblob(6))),
	   '${1:-市总}', 'hq', (SELECT value FROM meta WHERE key = 'device_id'), 1,
	   '2026-11-01T00:00:00Z')"
}
e2e_sign_in() {
	e2e_wait "${1:-密码}"
	# a demo database: everyone has the demo password, which the screen shows
	if e2e_screen | grep -q "fieldbook-demo"; then e2e_type fieldbook-demo; else
		e2e_type "$FB_TEST_SECRET"; fi
	e2e_keys Enter
}

# Milliseconds since the epoch (for "no visible delay" checks).
e2e_ms() { date +%s%3N; }
