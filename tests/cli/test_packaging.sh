#!/bin/bash
# test_packaging.sh - the Debian package builds and holds the binary, the
# catalogues and the man page; the man page renders without warnings.
. "$(dirname "$0")/lib.sh"
SRC=${FB_SOURCE_DIR:?}
deb=$(sh "$SRC/packaging/build-deb.sh" "$TMP/deb" 2>"$TMP/err") || fail "build-deb: $(tail -3 "$TMP/err")"
if [ -f "$deb" ]; then
	dpkg-deb -c "$deb" >"$TMP/list"
	expect_grep "$TMP/list" "./usr/bin/fieldbook" "binary in the package"
	expect_grep "$TMP/list" "zh_CN/LC_MESSAGES/fieldbook.mo" "Chinese catalogue in the package"
	expect_grep "$TMP/list" "man1/fieldbook.1.gz" "man page in the package"
	dpkg-deb -f "$deb" Depends >"$TMP/deps"
	expect_grep "$TMP/deps" "libsqlite3-0" "dependencies declared"
fi
if command -v man >/dev/null 2>&1; then
	MANWIDTH=80 man --warnings -l "$SRC/packaging/fieldbook.1" >/dev/null 2>"$TMP/man.err"
	[ ! -s "$TMP/man.err" ] && pass || fail "man page warnings: $(head -3 "$TMP/man.err")"
fi
finish
