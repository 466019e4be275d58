#!/bin/bash
# Locked, read-only and full-disk databases: clear errors, nothing lost
# (tests/reliability/errors.sh).
set -eu
exec bash "$FB_SOURCE_DIR/tests/reliability/errors.sh" "$1" \
	"$FB_BUILD_DIR/tests/reliability/fb_check"
