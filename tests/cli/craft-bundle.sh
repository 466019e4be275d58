#!/bin/sh
# craft-bundle.sh DIR OUT.zip - make a bundle of the CSV files in DIR as an
# attacker would: its manifest.txt gets a fresh bundle_id and its file lines
# recomputed (data rows and SHA-256 of each CSV), so that only the importer's
# checks of the rows themselves stand between the bundle and the database.
# Rows are counted as RFC 4180 records (a line end inside quotes is data).
set -eu
dir=$1
case $2 in /*) out=$2 ;; *) out=$(pwd)/$2 ;; esac
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
rm -f "$out"
zip -q -X "$out" ./*.csv manifest.txt
