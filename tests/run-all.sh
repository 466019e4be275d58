#!/bin/sh
# run-all.sh - build with ASan+UBSan and run every test: cmocka unit tests,
# CLI tests and end-to-end terminal tests (ctest), then the fuzz targets for
# a short fixed time and the core tests under valgrind.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${FB_TEST_BUILD:-$here/build-test}
jobs=$(nproc 2>/dev/null || echo 2)

echo "== build (ASan+UBSan, -Werror)"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DFB_SANITIZE=ON -DFB_TESTS=ON >/dev/null
cmake --build "$build" -j "$jobs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# A second compiler catches what the first forgives (-Werror on both).
if command -v clang >/dev/null 2>&1; then
	echo "== build with clang (-Werror)"
	CC=clang cmake -S "$here" -B "$build-clang" -DCMAKE_BUILD_TYPE=Release -DFB_TESTS=OFF >/dev/null
	cmake --build "$build-clang" -j "$jobs" >/dev/null
fi

echo "== tests"
cd "$build"
ctest --output-on-failure -j "$jobs" --timeout 900
