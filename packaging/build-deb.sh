#!/bin/sh
# build-deb.sh [OUTDIR] - build fieldbook_VERSION_ARCH.deb with dpkg-deb from
# a Release build installed into a staging root (no debhelper needed).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/build-deb}
build=$out/build
stage=$out/root
rm -rf "$stage"
mkdir -p "$out"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFB_TESTS=OFF \
	-DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
DESTDIR=$stage cmake --install "$build" >/dev/null
gzip -9n "$stage"/usr/share/man/man*/*.[0-9] 2>/dev/null || true
version=$(sed -n 's/^project(fieldbook VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")
arch=$(dpkg --print-architecture)
mkdir -p "$stage/DEBIAN" "$stage/usr/share/doc/fieldbook"
cp "$here/packaging/debian/copyright" "$stage/usr/share/doc/fieldbook/copyright"
size=$(du -sk "$stage/usr" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
	"$here/packaging/debian/control.in" > "$stage/DEBIAN/control"
deb="$out/fieldbook_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb" >/dev/null
echo "$deb"
