#!/bin/sh
# setup.sh - install what fieldbook needs on Debian 12, build it, and run it
# or its tests. Idempotent: packages and locales already present are skipped.
#
#   sh packaging/setup.sh run     install, build, start fieldbook (default database)
#   sh packaging/setup.sh test    install, build with sanitizers, run every test
#   sh packaging/setup.sh deps    only install the packages and locales
#   sh packaging/setup.sh build   install and build build/fieldbook
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-run}
[ $# -gt 0 ] && shift

# What the build and every test need on a fresh Debian 12 (minbase):
#   build: build-essential (gcc, make, dpkg-dev: dpkg-shlibdeps for the .deb),
#          cmake, pkg-config, gettext (msgcat, msgfmt, xgettext, msgen),
#          libncurses-dev, libsqlite3-dev, libcsv-dev, libzip-dev,
#          libsodium-dev, libxlsxwriter-dev, libcmocka-dev (unit tests),
#          libpq-dev (the provincial roll-up's PostgreSQL client),
#          libssl-dev (libcrypto's SHA-256 for the bundle checksums);
#   tests: locales (zh_CN.UTF-8, en_US.UTF-8), sqlite3 (CLI and reliability
#          tests), tmux (end-to-end tests), zip unzip (bundle tests), python3
#          (crafted zips in test_sync, the catalogue checks), man-db (man -l:
#          the man pages render; it brings groff-base and bsdextrautils' col),
#          clang libclang-rt-14-dev (the clang build and libFuzzer), valgrind,
#          postgresql-15 (test_rollup starts its own server: initdb, pg_ctl).
# Everything else the tests call (util-linux's setpriv and mount, coreutils,
# mawk, sed, grep, gzip, dpkg-deb) is in every Debian system.
PACKAGES="build-essential cmake pkg-config gettext locales libncurses-dev libsqlite3-dev
sqlite3 libcsv-dev libcmocka-dev libzip-dev libsodium-dev libxlsxwriter-dev libssl-dev tmux clang
libclang-rt-14-dev valgrind zip unzip python3 man-db libpq-dev postgresql-15"

say() { printf 'setup: %s\n' "$*" >&2; }

need_root() {
	if [ "$(id -u)" != 0 ]; then
		say "installing packages needs root: run this as root (or with sudo)"
		exit 1
	fi
}

install_packages() {
	missing=""
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		need_root
		say "installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing >/dev/null
	fi
	# zh_CN.UTF-8 and en_US.UTF-8: a fresh Debian has neither.
	gen=""
	for l in zh_CN en_US; do
		locale -a 2>/dev/null | grep -qi "^$l\.utf-\?8$" || gen="$gen $l"
	done
	if [ -n "$gen" ]; then
		need_root
		say "generating locales:$gen"
		for l in $gen; do
			grep -q "^$l.UTF-8 UTF-8" /etc/locale.gen 2>/dev/null ||
				echo "$l.UTF-8 UTF-8" >> /etc/locale.gen
		done
		locale-gen >/dev/null
	fi
}

jobs() { nproc 2>/dev/null || echo 2; }

build() { # build DIR [cmake options...]
	dir=$1; shift
	cmake -S "$here" -B "$dir" "$@" >/dev/null
	cmake --build "$dir" -j "$(jobs)"
}

case $cmd in
deps)
	install_packages ;;
build)
	install_packages
	build "$here/build" -DCMAKE_BUILD_TYPE=Release -DFB_TESTS=OFF ;;
run)
	install_packages
	build "$here/build" -DCMAKE_BUILD_TYPE=Release -DFB_TESTS=OFF
	if [ -t 1 ]; then
		# Chinese when the user's locale is Chinese; UTF-8 either way.
		case ${LC_ALL:-${LANG:-}} in
		*.UTF-8|*.utf8) ;;
		*) export LANG=zh_CN.UTF-8 ;;
		esac
	fi
	exec "$here/build/fieldbook" "$@" ;;
test)
	install_packages
	exec sh "$here/tests/run-all.sh" "$@" ;;
*)
	say "usage: setup.sh run|test|deps|build"
	exit 2 ;;
esac
