#!/bin/bash
# Short form of the kill -9 harness for the TUI (tests/reliability/kill.sh,
# kinds tui-save and tui-draft) for CI: FB_RELIABILITY_TUI_KILLS kills
# (default 10, half during a Ctrl-S save, half around the draft's autosave).
# The long form: tests/reliability/kill.sh --kinds tui --kills 200 BIN CHECK.
set -eu
exec bash "$FB_SOURCE_DIR/tests/reliability/kill.sh" --short --kinds tui \
	${FB_RELIABILITY_SEED:+--seed "$FB_RELIABILITY_SEED"} \
	--kills "${FB_RELIABILITY_TUI_KILLS:-10}" "$1" "$FB_BUILD_DIR/tests/reliability/fb_check"
