#!/bin/sh
# build-deb.sh [OUTDIR] - build fieldbook_VERSION_ARCH.deb with dpkg-deb from
# a Release build installed into a staging root (no debhelper needed): the
# binary, the catalogues (English and zh_CN), the man pages (fieldbook(1),
# its Chinese version under zh_CN, fieldbook-bundle(5)) and the copyright.
# Depends is computed by dpkg-shlibdeps from the libraries the binary links.
# Prints the path of the .deb.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/build-deb}
build=$out/build
stage=$out/root
rm -rf "$stage"
mkdir -p "$out"
# No -Werror (FB_WERROR is off): a packager's compiler may warn where ours
# did not. No build-tree fallback for the catalogues: the package's binary
# finds them at /usr/share/locale.
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DFB_TESTS=OFF -DFB_SANITIZE=OFF \
	-DFB_WERROR=OFF -DFB_BUILD_TREE_LOCALE=OFF -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
DESTDIR=$stage cmake --install "$build" >/dev/null
find "$stage/usr/share/man" -type f -name '*.[0-9]' -exec gzip -9n {} +
version=$(sed -n 's/^project(fieldbook VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")
arch=$(dpkg --print-architecture)
mkdir -p "$stage/DEBIAN" "$stage/usr/share/doc/fieldbook"
cp "$here/packaging/debian/copyright" "$stage/usr/share/doc/fieldbook/copyright"
# dpkg-shlibdeps wants a debian/control beside it; an empty one will do.
shl=$out/shlibdeps
rm -rf "$shl"
mkdir -p "$shl/debian"
: >"$shl/debian/control"
depends=$(cd "$shl" && dpkg-shlibdeps -O -e "$stage/usr/bin/fieldbook" 2>/dev/null |
	sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
size=$(du -sk "$stage/usr" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
	-e "s/@DEPENDS@/$depends/" "$here/packaging/debian/control.in" > "$stage/DEBIAN/control"
deb="$out/fieldbook_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb" >/dev/null
echo "$deb"
