#!/bin/bash
# test_packaging.sh - the installed program works wherever it is installed:
#   - one Release build (as a packager makes it: no -Werror, no build-tree
#     fallback for the catalogues) installed with `cmake --install --prefix`
#     into a temporary prefix, and again with DESTDIR: each installed binary
#     speaks Chinese under zh_CN.UTF-8 from the catalogues installed beside it
#     (fieldbook --version names the folder), and the man pages are there;
#   - a binary copied away from its catalogues says so once on stderr and
#     goes on in English;
#   - the .deb holds the binary, both catalogues, the man pages (English,
#     zh_CN, bundle(5)) and the copyright, declares its libraries, and the
#     binary extracted from it speaks Chinese;
#   - both man pages render without warnings (man-db) and document every
#     command, subcommand and option of every --help.
. "$(dirname "$0")/lib.sh"
SRC=${FB_SOURCE_DIR:?}
zh() { LANGUAGE= LC_ALL=zh_CN.UTF-8 "$@"; }

need() { # need TOOL...: a missing tool fails (never a silent pass)
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 || { fail "$t is missing: run sh packaging/setup.sh deps"; return 1; }
	done
}
need dpkg-deb dpkg-shlibdeps man gzip || { finish; exit 1; }
locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' ||
	{ fail "the zh_CN.UTF-8 locale is missing: run sh packaging/setup.sh deps"; finish; exit 1; }

# ---- the .deb (its build is the packager's build the installs below reuse)
deb=$(sh "$SRC/packaging/build-deb.sh" "$TMP/deb" 2>"$TMP/err") ||
	{ fail "build-deb: $(tail -3 "$TMP/err")"; finish; exit 1; }
build=$TMP/deb/build
# -Werror is CI's (FB_WERROR), never a packager's
if grep -q -- '-Werror' "$build/compile_commands.json"; then
	fail "the package build compiles with -Werror"
else
	pass
fi
dpkg-deb -c "$deb" | awk '{print $NF}' >"$TMP/list"
for f in ./usr/bin/fieldbook ./usr/share/locale/zh_CN/LC_MESSAGES/fieldbook.mo \
	./usr/share/locale/en/LC_MESSAGES/fieldbook.mo ./usr/share/man/man1/fieldbook.1.gz \
	./usr/share/man/zh_CN/man1/fieldbook.1.gz ./usr/share/man/man5/fieldbook-bundle.5.gz \
	./usr/share/doc/fieldbook/copyright; do
	grep -qxF "$f" "$TMP/list" && pass || fail "the package lacks $f"
done
# nothing outside /usr, nothing from the build machine
bad=$(grep -v '^\./$\|^\./usr/' "$TMP/list")
[ -z "$bad" ] && pass || fail "the package holds files outside /usr: $bad"
dpkg-deb -f "$deb" Depends >"$TMP/deps"
for lib in libc6 libsqlite3-0 libncursesw6 libcsv3 libzip4; do
	expect_grep "$TMP/deps" "$lib" "the package depends on $lib"
done
# the binary extracted from the package finds its catalogues in the package
dpkg-deb -x "$deb" "$TMP/x"
zh "$TMP/x/usr/bin/fieldbook" --help >"$TMP/out" 2>"$TMP/err"
expect_grep "$TMP/out" "用法" "the packaged binary speaks Chinese"
[ ! -s "$TMP/err" ] && pass || fail "the packaged binary complains: $(cat "$TMP/err")"
"$TMP/x/usr/bin/fieldbook" --version >"$TMP/out"
expect_grep "$TMP/out" "$TMP/x/usr/share/locale" "the packaged binary's catalogues"
# the packaged man pages are gzipped and render
zcat "$TMP/x/usr/share/man/zh_CN/man1/fieldbook.1.gz" | head -c 200 | grep -q '^\.' &&
	pass || fail "the packaged Chinese man page is not a man page"

# ---- cmake --install into any prefix, and with DESTDIR
check_install() { # check_install ROOT PREFIX-INSIDE-ROOT WHAT
	local root=$1 what=$3 bin=$1$2/bin/fieldbook share=$1$2/share
	[ -x "$bin" ] || { fail "$what: no $bin"; return; }
	zh "$bin" --help >"$TMP/out" 2>"$TMP/err"
	expect_grep "$TMP/out" "用法" "$what: Chinese help"
	[ ! -s "$TMP/err" ] && pass || fail "$what: stderr: $(cat "$TMP/err")"
	zh "$bin" --db "$TMP/none.db" log list >"$TMP/out" 2>"$TMP/err"
	expect_grep "$TMP/err" "没有数据库" "$what: Chinese error"
	"$bin" --version >"$TMP/out"
	expect_grep "$TMP/out" "$share/locale" "$what: catalogues found beside the binary"
	for m in man/man1/fieldbook.1 man/man5/fieldbook-bundle.5 man/zh_CN/man1/fieldbook.1; do
		[ -f "$share/$m" ] && pass || fail "$what: no $share/$m"
	done
	# man finds the Chinese page under a zh_CN locale
	zh env MANWIDTH=80 MANPATH="$share/man" man fieldbook 2>/dev/null | head -5 >"$TMP/man.txt"
	expect_grep "$TMP/man.txt" "名称" "$what: man shows the Chinese page under zh_CN"
	: "$root"
}
cmake --install "$build" --prefix "$TMP/prefix" >/dev/null 2>"$TMP/err" ||
	fail "cmake --install --prefix: $(tail -3 "$TMP/err")"
check_install "" "$TMP/prefix" "install --prefix"
DESTDIR=$TMP/dest cmake --install "$build" --prefix /opt/fieldbook >/dev/null 2>"$TMP/err" ||
	fail "DESTDIR install: $(tail -3 "$TMP/err")"
check_install "$TMP/dest" /opt/fieldbook "DESTDIR install"

# a binary without catalogues says so once, and speaks English
mkdir -p "$TMP/lonely"
cp "$TMP/prefix/bin/fieldbook" "$TMP/lonely/"
zh "$TMP/lonely/fieldbook" --help >"$TMP/out" 2>"$TMP/err"
expect_grep "$TMP/out" "Usage" "a binary without catalogues speaks English"
one_line "$TMP/err" "a binary without catalogues"
expect_grep "$TMP/err" "zh_CN" "a binary without catalogues names the language"
# ... and so does a locale that is not installed (once, in English)
LANGUAGE= LC_ALL=xx_YY.UTF-8 "$TMP/prefix/bin/fieldbook" --help >"$TMP/out" 2>"$TMP/err"
one_line "$TMP/err" "a locale that is not installed"
expect_grep "$TMP/err" "xx_YY.UTF-8" "a locale that is not installed is named"
# English needs no word of warning
LANGUAGE= LC_ALL=C.UTF-8 "$TMP/lonely/fieldbook" --help >/dev/null 2>"$TMP/err"
[ ! -s "$TMP/err" ] && pass || fail "English warns: $(cat "$TMP/err")"

# ---- the man pages: no warnings, every command and option
render() { # render PAGE LOCALE
	LANGUAGE= LC_ALL=$2 MANWIDTH=80 man --warnings -l "$1" 2>"$TMP/man.err" | col -b
	[ ! -s "$TMP/man.err" ] || fail "$1 warns: $(head -3 "$TMP/man.err")"
}
render "$SRC/packaging/fieldbook.1" C.UTF-8 >"$TMP/en.man"
render "$SRC/packaging/zh_CN/fieldbook.1" zh_CN.UTF-8 >"$TMP/zh.man"
render "$SRC/packaging/fieldbook-bundle.5" C.UTF-8 >/dev/null
# the rendered page as one line per section (SS), whitespace squeezed
sections() {
	awk '/^   [^ ]/ { printf "\n" } { printf " %s", $0 } END { printf "\n" }' "$1" |
		tr -s ' '
}
sections "$TMP/en.man" >"$TMP/en.sec"
sections "$TMP/zh.man" >"$TMP/zh.sec"
grep -q 'fieldbook-bundle(5)' "$TMP/en.man" && pass || fail "fieldbook.1 does not refer to fieldbook-bundle(5)"
grep -q 'fieldbook-bundle(5)' "$TMP/zh.man" && pass || fail "the Chinese page does not refer to fieldbook-bundle(5)"
LANGUAGE=en "$FB" --help >"$TMP/help"
cmds=$(awk '/^Commands:/ { f = 1; next } /^$/ { f = 0 } f { print $1 }' "$TMP/help")
[ "$(echo "$cmds" | wc -w)" -ge 10 ] && pass || fail "fieldbook --help lists only: $cmds"
for page in en zh; do
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$TMP/help" | sort -u); do
		grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" "$TMP/$page.man" && pass ||
			fail "$page page: no global option $opt"
	done
	for c in $cmds; do
		sec=$(grep "^ fieldbook $c " "$TMP/$page.sec")
		[ -n "$sec" ] || { fail "$page page: no section for fieldbook $c"; continue; }
		LANGUAGE=en "$FB" "$c" --help >"$TMP/c.help" 2>&1
		for sub in $(grep -oE "fieldbook $c [a-z]+" "$TMP/c.help" | awk '{print $3}' | sort -u); do
			case "$sec" in *"fieldbook $c $sub"*) pass ;;
			*) fail "$page page: fieldbook $c $sub is not documented" ;; esac
		done
		for opt in $(grep -o -- '--[a-z][a-z-]*' "$TMP/c.help" | sort -u); do
			echo "$sec" | grep -qE -- "(^|[^a-z-])$opt([^a-z-]|\$)" && pass ||
				fail "$page page: fieldbook $c $opt is not documented"
		done
	done
done
# the check itself fails on a page without a command
sed '/^\.SS "fieldbook stats"/,/^\.SS "fieldbook target"/{/^\.SS "fieldbook target"/!d}' \
	"$SRC/packaging/fieldbook.1" >"$TMP/cut.1"
LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$TMP/cut.1" 2>/dev/null | col -b >"$TMP/cut.man"
sections "$TMP/cut.man" | grep -q '^ fieldbook stats ' && fail "a page without stats passes" || pass
finish
