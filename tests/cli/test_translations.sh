#!/bin/bash
# test_translations.sh - every user-visible string has a Simplified Chinese
# translation, the catalogues compile, and the binary speaks Chinese under
# zh_CN.UTF-8 and English under en_US.UTF-8.
. "$(dirname "$0")/lib.sh"
SRC=${FB_SOURCE_DIR:?}
find "$SRC/src" -name '*.c' | sort > "$TMP/files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ -o "$TMP/fieldbook.pot" \
	--files-from="$TMP/files" 2>"$TMP/xg.err" || fail "xgettext: $(cat "$TMP/xg.err")"
msgcat --use-first -o "$TMP/zh.po" "$SRC"/assets/locale/zh_CN/*.po || fail "msgcat"
# msgcmp counts untranslated and fuzzy entries as missing.
if msgcmp "$TMP/zh.po" "$TMP/fieldbook.pot" 2>"$TMP/cmp.err"; then
	pass
else
	fail "untranslated messages:"
	grep -A1 'this message' "$TMP/cmp.err" | head -40 >&2
fi
msgfmt --check -o /dev/null "$TMP/zh.po" 2>"$TMP/fmt.err" && pass || fail "msgfmt: $(head -5 "$TMP/fmt.err")"
# No empty translations hide in the catalogues.
empty=$(msgattrib --untranslated --no-obsolete "$TMP/zh.po" | grep -c '^msgid "[^"]' || true)
[ "$empty" = 0 ] && pass || fail "$empty empty translations"

if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$FB" --help >"$TMP/zh.txt" 2>&1
	expect_grep "$TMP/zh.txt" "用法" "Chinese help under zh_CN.UTF-8"
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$FB" --db "$TMP/x.db" log list >"$TMP/zh.err" 2>&1
	expect_grep "$TMP/zh.err" "没有数据库\|处没有数据库" "Chinese error under zh_CN.UTF-8"
else
	fail "the zh_CN.UTF-8 locale is missing: run sh packaging/setup.sh deps"
fi
if locale -a 2>/dev/null | grep -qi '^en_US\.utf-\?8$'; then
	LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 "$FB" --help >"$TMP/en.txt" 2>&1
	expect_grep "$TMP/en.txt" "Usage" "English help under en_US.UTF-8"
else
	fail "the en_US.UTF-8 locale is missing: run sh packaging/setup.sh deps"
fi
finish
