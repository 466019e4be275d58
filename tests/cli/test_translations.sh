#!/bin/bash
# test_translations.sh - the zh_CN catalogues:
#   - every msgid of the sources (_, N_, and with a context C_, NC_) has a
#     Simplified Chinese translation, none empty, and they compile;
#   - one msgid, one meaning: no two catalogues translate a msgid (with its
#     context) differently (the build merges them with msgcat --use-first,
#     which would hide it);
#   - the terms of assets/locale/TERMS.md, in the catalogues and the Chinese
#     man page; full-width punctuation in Chinese text;
#   - the binary speaks Chinese under zh_CN.UTF-8 and English under
#     en_US.UTF-8, and a msgid with a context shows without it in English.
# Each check is also run once on a broken input, to show that it can fail.
. "$(dirname "$0")/lib.sh"
SRC=${FB_SOURCE_DIR:?}
LINT="python3 $SRC/tests/cli/po_lint.py"
PO=("$SRC"/assets/locale/zh_CN/*.po)
command -v python3 >/dev/null 2>&1 || { fail "python3 is missing: run sh packaging/setup.sh deps"; finish; exit 1; }

find "$SRC/src" -name '*.c' | sort > "$TMP/files"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
	--keyword=NC_:1c,2 -o "$TMP/fieldbook.pot" --files-from="$TMP/files" 2>"$TMP/xg.err" ||
	fail "xgettext: $(cat "$TMP/xg.err")"
grep -q '^msgctxt ' "$TMP/fieldbook.pot" && pass || fail "xgettext found no C_/NC_ context"
msgcat --use-first -o "$TMP/zh.po" "${PO[@]}" || fail "msgcat"
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

# ---- one msgid, one meaning
if $LINT conflicts "${PO[@]}" >"$TMP/lint" 2>&1; then pass; else fail "msgids translated two ways:"; cat "$TMP/lint" >&2; fi
printf 'msgid "Tickets"\nmsgstr "问题清单"\n' >"$TMP/a.po"
printf 'msgid "Tickets"\nmsgstr "问题数"\n\nmsgctxt "x"\nmsgid "Same"\nmsgstr "相同"\n' >"$TMP/b.po"
printf 'msgctxt "y"\nmsgid "Same"\nmsgstr "未变"\n' >"$TMP/c.po"
$LINT conflicts "$TMP/a.po" "$TMP/b.po" "$TMP/c.po" >"$TMP/lint" 2>&1
[ "$(grep -c . "$TMP/lint")" = 1 ] && grep -q '"Tickets"' "$TMP/lint" && pass ||
	fail "the conflict check does not see exactly one conflict: $(cat "$TMP/lint")"

# ---- terms and punctuation
terms=$SRC/assets/locale/TERMS.md
if $LINT terms "$terms" "${PO[@]}" "$SRC/packaging/zh_CN/fieldbook.1" >"$TMP/lint" 2>&1; then
	pass
else
	fail "terms that TERMS.md rejects:"; cat "$TMP/lint" >&2
fi
printf 'msgid "Due"\nmsgstr "办理期限"\n\nmsgid "Tickets"\nmsgstr "问题数"\n' >"$TMP/t.po"
$LINT terms "$terms" "$TMP/t.po" >"$TMP/lint" 2>&1
grep -q '办理期限' "$TMP/lint" && pass || fail "the terms check misses 办理期限"
grep -q '"问题数"' "$TMP/lint" && fail "the terms check refuses the allowed 问题数" || pass
if $LINT punct "${PO[@]}" >"$TMP/lint" 2>&1; then pass; else fail "ASCII punctuation in Chinese:"; cat "$TMP/lint" >&2; fi
printf 'msgid "a"\nmsgstr "状态: 已登记,请稍候(或按 q)"\n\nmsgid "b"\nmsgstr "见 a.csv:12：时间 15:30，用法 [--date 日期]"\n' >"$TMP/p.po"
$LINT punct "$TMP/p.po" >"$TMP/lint" 2>&1
[ "$(grep -c . "$TMP/lint")" = 1 ] && grep -q 'msgid "a"' "$TMP/lint" && pass ||
	fail "the punctuation check is wrong on its own example: $(cat "$TMP/lint")"

# ---- the binary
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$FB" --help >"$TMP/zh.txt" 2>&1
	expect_grep "$TMP/zh.txt" "用法" "Chinese help under zh_CN.UTF-8"
	LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$FB" --db "$TMP/x.db" log list >"$TMP/zh.err" 2>&1
	expect_grep "$TMP/zh.err" "没有数据库\|处没有数据库" "Chinese error under zh_CN.UTF-8"
	# a msgid with a context: the target list's Period is 周期
	"$FB" --db "$TMP/t.db" init >/dev/null 2>&1
	LC_ALL=zh_CN.UTF-8 "$FB" --db "$TMP/t.db" target list >"$TMP/zh.txt" 2>&1
	expect_grep "$TMP/zh.txt" "周期" "the target list's period column (msgctxt target)"
else
	fail "the zh_CN.UTF-8 locale is missing: run sh packaging/setup.sh deps"
fi
if locale -a 2>/dev/null | grep -qi '^en_US\.utf-\?8$'; then
	LANG=en_US.UTF-8 LC_ALL=en_US.UTF-8 "$FB" --help >"$TMP/en.txt" 2>&1
	expect_grep "$TMP/en.txt" "Usage" "English help under en_US.UTF-8"
	LC_ALL=en_US.UTF-8 "$FB" --db "$TMP/t.db" target list >"$TMP/en.txt" 2>&1
	expect_grep "$TMP/en.txt" "Period" "a msgid with a context shows without it"
	grep -q $'\x04' "$TMP/en.txt" && fail "a context leaks into English output" || pass
else
	fail "the en_US.UTF-8 locale is missing: run sh packaging/setup.sh deps"
fi
# without any catalogue (the C locale), a context never shows either
LC_ALL=C "$FB" --db "$TMP/t.db" target list >"$TMP/c.txt" 2>&1
expect_grep "$TMP/c.txt" "Period" "the C locale shows the msgid"
grep -q $'\x04\|^target' "$TMP/c.txt" && fail "a context leaks into untranslated output" || pass
finish
