# lib.sh - drive the real fieldbook binary in tmux and assert on the screen.
# Sourced by tests/e2e/test_*.sh: they get the binary as $1.
#
#   e2e_start [ARGS...]     start fieldbook in a 100x30 tmux session
#   e2e_keys KEYS...        tmux send-keys (key names: Enter, Tab, C-s, BSpace...)
#   e2e_type TEXT           type literal text (Chinese too)
#   e2e_wait TEXT [SECS]    wait until TEXT is on the screen (fails after SECS)
#   e2e_gone TEXT [SECS]    wait until TEXT is no longer on the screen
#   e2e_screen              print the screen
#   e2e_fail MESSAGE        print the screen and fail
#   e2e_pid                 the process id of fieldbook
#   E2E_ENV="A=1 B=2"       extra environment for the program (before e2e_start)
# Each test has its own tmux socket and temp dir; both go at exit.
set -eu

FB=${1:?usage: $0 path/to/fieldbook}
case $FB in /*) ;; *) FB=$(pwd)/$FB ;; esac
E2E_DIR=$(mktemp -d "${TMPDIR:-/tmp}/fb-e2e.XXXXXX")
E2E_SOCK="fbe2e$$"
E2E_LANG=${E2E_LANG:-zh_CN.UTF-8}
export FIELDBOOK_TODAY=${FIELDBOOK_TODAY:-2026-11-22}
export FIELDBOOK_DB="$E2E_DIR/fieldbook.db"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}

e2e_cleanup() {
	tmux -L "$E2E_SOCK" kill-server 2>/dev/null || true
	sleep 0.2
	rm -rf "$E2E_DIR" 2>/dev/null || { sleep 1; rm -rf "$E2E_DIR"; }
}
trap e2e_cleanup EXIT

e2e_tmux() { tmux -L "$E2E_SOCK" -f /dev/null "$@"; }

# Start fieldbook (extra arguments go to it). It writes its exit code to
# $E2E_DIR/rc when it ends, and stderr to $E2E_DIR/stderr.
e2e_start() {
	rm -f "$E2E_DIR/rc"
	# the pane keeps the program's environment fixed: locale, clock, database
	e2e_tmux new-session -d -s fb -x "${E2E_COLS:-100}" -y "${E2E_ROWS:-30}" \
		"env LANG=$E2E_LANG LC_ALL=$E2E_LANG LANGUAGE= TERM=${E2E_TERM:-xterm-256color} \
		 FIELDBOOK_TODAY=$FIELDBOOK_TODAY FIELDBOOK_DB=$FIELDBOOK_DB \
		 FIELDBOOK_DRAFT_INTERVAL=1 EDITOR=${EDITOR:-false} ${E2E_ENV:-} \
		 ASAN_OPTIONS=$ASAN_OPTIONS sh -c 'echo \$\$ > $E2E_DIR/pid; exec \"\$0\" \"\$@\"' \
		 $FB $* 2>$E2E_DIR/stderr; echo \$? > $E2E_DIR/rc; sleep 600"
	e2e_tmux set-option -t fb -g status off >/dev/null
}

e2e_screen() { e2e_tmux capture-pane -p -t fb; }

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
	local text=$1 secs=${2:-10} i=0
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
	local text=$1 secs=${2:-10} i=0
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
	while [ ! -s "$E2E_DIR/rc" ] && [ "$i" -lt 100 ]; do
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

# Milliseconds since the epoch (for "no visible delay" checks).
e2e_ms() { date +%s%3N; }
