#!/bin/bash
# Short form of the kill -9 harness (tests/reliability/kill.sh) for CI:
# FB_RELIABILITY_KILLS kills (default 10: demo, log add, migration, bundle
# import and a first (bulk) import into a new database in turn; the TUI
# kinds have their own short form, test_reliability_tui_kill.sh). The long form: tests/reliability/kill.sh
# --kills 210 BIN CHECK (all seven kinds).
set -eu
exec bash "$FB_SOURCE_DIR/tests/reliability/kill.sh" --short \
	--kinds demo,write,migrate,import,import-bulk ${FB_RELIABILITY_SEED:+--seed "$FB_RELIABILITY_SEED"} \
	--kills "${FB_RELIABILITY_KILLS:-10}" \
	"$1" "$FB_BUILD_DIR/tests/reliability/fb_check"
