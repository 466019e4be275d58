#!/bin/bash
# Short form of the kill -9 harness (tests/reliability/kill.sh) for CI:
# FB_RELIABILITY_KILLS kills (default 9: three each of demo, log add and
# migration). The long form: tests/reliability/kill.sh --kills 210 BIN CHECK.
set -eu
exec bash "$FB_SOURCE_DIR/tests/reliability/kill.sh" --kills "${FB_RELIABILITY_KILLS:-9}" \
	"$1" "$FB_BUILD_DIR/tests/reliability/fb_check"
