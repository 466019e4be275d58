#!/bin/bash
# Short form of the kill -9 harness (tests/reliability/kill.sh) for CI:
# FB_RELIABILITY_KILLS kills (default 9: demo, log add, migration and
# bundle import in turn; the TUI kinds have their own short form,
# test_reliability_tui_kill.sh). The long form: tests/reliability/kill.sh
# --kills 210 BIN CHECK (all six kinds).
set -eu
exec bash "$FB_SOURCE_DIR/tests/reliability/kill.sh" --kinds demo,write,migrate,import \
	--kills "${FB_RELIABILITY_KILLS:-9}" \
	"$1" "$FB_BUILD_DIR/tests/reliability/fb_check"
