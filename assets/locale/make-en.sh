#!/bin/sh
# make-en.sh SRCDIR WORKDIR OUT.mo: the English catalogue. The sources' msgids
# are English, so the catalogue maps each one to itself (msgen), generated
# from the same xgettext run the translation test uses.
set -eu
src=$1; work=$2; out=$3
mkdir -p "$work"
find "$src/src" -name '*.c' | sort > "$work/po-files.txt"
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --add-comments=TRANSLATORS: --package-name=fieldbook -o "$work/fieldbook.pot" \
  --files-from="$work/po-files.txt" --directory=/
msgen -o "$work/en.po" "$work/fieldbook.pot"
sed -i 's/charset=CHARSET/charset=UTF-8/' "$work/en.po"
msgfmt -o "$out" "$work/en.po"
