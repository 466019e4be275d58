#!/bin/sh
# craft-bundle.sh DIR OUT.zip [DB] - make a bundle of the CSV files in DIR as
# an attacker who holds a station's laptop would: its manifest.txt gets a
# fresh bundle_id and its file lines recomputed (data rows and SHA-256 of
# each CSV), and it is signed with the secret key of the station's database
# DB (default: $CRAFT_DB) by tests/tools/fb_resign, so that only the
# importer's checks of the rows themselves stand between the bundle and the
# database. Rows are counted as RFC 4180 records (a line end inside quotes
# is data). The bundle is a plain zip (what --plain writes).
set -eu
dir=$1
case $2 in /*) out=$2 ;; *) out=$(pwd)/$2 ;; esac
db=${3:-${CRAFT_DB:?craft-bundle: name the signing database}}
case $db in /*) ;; *) db=$(pwd)/$db ;; esac
resign=${FB_RESIGN:-${FB_BUILD_DIR:?craft-bundle: FB_BUILD_DIR or FB_RESIGN}/tests/fb_resign}
cd "$dir"
[ -f manifest.txt ] || { echo "craft-bundle: no manifest.txt in $dir" >&2; exit 2; }
id=$(cat /proc/sys/kernel/random/uuid)
awk -v id="$id" '/^file / { next } /^bundle_id / { print "bundle_id " id; next } { print }' \
	manifest.txt > manifest.new
for f in *.csv; do
	[ -f "$f" ] || continue
	rows=$(awk '{ q += gsub(/"/, "\"") } q % 2 == 0 { n++ } END { print n - 1 }' "$f")
	sha=$(sha256sum "$f" | cut -d' ' -f1)
	echo "file $f $rows $sha" >> manifest.new
done
mv manifest.new manifest.txt
"$resign" "$db" .
rm -f "$out"
zip -q -X "$out" ./*.csv manifest.txt manifest.sig
