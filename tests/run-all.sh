#!/bin/sh
# run-all.sh - build with ASan+UBSan and -Werror (FB_WERROR) and run every
# test: cmocka unit tests, CLI tests and end-to-end terminal tests (ctest),
# then a clang build, the fuzz targets for a short fixed time and the unit
# tests under valgrind. A stage whose tool is missing says SKIPPED; under
# CI=true (.ci/run) it fails instead. Ends with "== all stages passed".
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${FB_TEST_BUILD:-$here/build-test}
jobs=$(nproc 2>/dev/null || echo 2)

# skipped STAGE WHY: a stage that cannot run here; fatal in CI.
skipped() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $1 cannot run: $2 (CI=true: nothing may be skipped)" >&2
		exit 1
	fi
	echo "== $1: SKIPPED ($2)"
}

echo "== build (ASan+UBSan, -Werror)"
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DFB_SANITIZE=ON -DFB_TESTS=ON -DFB_WERROR=ON >/dev/null
cmake --build "$build" -j "$jobs"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# A second compiler catches what the first forgives (-Werror on both).
if command -v clang >/dev/null 2>&1; then
	echo "== build with clang (-Werror)"
	CC=clang cmake -S "$here" -B "$build-clang" -DCMAKE_BUILD_TYPE=Release -DFB_TESTS=OFF -DFB_WERROR=ON >/dev/null
	cmake --build "$build-clang" -j "$jobs" >/dev/null
else
	skipped "build with clang" "no clang"
fi

echo "== tests"
cd "$build"
# --no-tests=error: a build that registered no test fails, never passes
ctest --output-on-failure --no-tests=error -j "$jobs" --timeout 900

# ---- fuzz targets (bench helper): tests/fuzz/fuzz_*.c built with clang and
# libFuzzer in their own build dir, each run FB_FUZZ_SECONDS (default 20)
# from its seed corpus tests/fuzz/corpus/<name>/. New inputs go to a scratch
# copy, never into the repository. Skipped, loudly, without clang.
fuzz_secs=${FB_FUZZ_SECONDS:-20}
if command -v clang >/dev/null 2>&1; then
	echo "== fuzz (clang, libFuzzer, ${fuzz_secs}s each)"
	fbuild=${FB_FUZZ_BUILD:-$here/build-fuzz}
	CC=clang cmake -S "$here" -B "$fbuild" -DCMAKE_BUILD_TYPE=Debug -DFB_FUZZ=ON \
		-DFB_SANITIZE=ON -DFB_TESTS=OFF -DFB_WERROR=ON >/dev/null
	cmake --build "$fbuild" -j "$jobs" --target fuzz_all
	scratch=$(mktemp -d)
	nfuzz=0
	for bin in "$fbuild"/fuzz/fuzz_*; do
		[ -x "$bin" ] || continue
		nfuzz=$((nfuzz + 1))
		name=$(basename "$bin")
		seeds=$here/tests/fuzz/corpus/${name#fuzz_}
		mkdir -p "$scratch/$name"
		echo "-- $name"
		(cd "$scratch" && "$bin" -max_total_time="$fuzz_secs" -max_len=4096 -timeout=10 \
			-rss_limit_mb=1024 -print_final_stats=1 "$scratch/$name" \
			$( [ -d "$seeds" ] && echo "$seeds" ) >"$scratch/$name.log" 2>&1) || {
			tail -40 "$scratch/$name.log"
			echo "FAIL: $name found a crash (reproducer in $scratch)" >&2
			exit 1
		}
		grep -E "^stat::number_of_executed_units|^Done" "$scratch/$name.log" || true
	done
	rm -rf "$scratch"
	[ "$nfuzz" -gt 0 ] || { echo "FAIL: no fuzz target was built" >&2; exit 1; }
else
	skipped "fuzz" "no clang"
fi

# ---- valgrind memcheck (bench helper): the unit tests in a build without
# sanitizers; any memory error or definite/indirect leak fails the run.
if command -v valgrind >/dev/null 2>&1; then
	echo "== valgrind memcheck (unit tests, no sanitizers)"
	vbuild=${FB_VALGRIND_BUILD:-$here/build-valgrind}
	cmake -S "$here" -B "$vbuild" -DCMAKE_BUILD_TYPE=Debug -DFB_SANITIZE=OFF -DFB_TESTS=ON -DFB_WERROR=ON \
		>/dev/null
	cmake --build "$vbuild" -j "$jobs"
	export FIELDBOOK_TODAY=2026-11-22 LANGUAGE=en
	vfail=0
	vran=0
	# test_demo writes thousands of logs (~3 min under valgrind) and
	# test_fault_injection runs three operations some 16,000 times (it runs
	# under ASan above, which checks its failure paths for leaks and bad
	# accesses): left out unless FB_VALGRIND_EXCLUDE says otherwise.
	exclude=${FB_VALGRIND_EXCLUDE-test_demo test_fault_injection}
	for t in "$vbuild"/tests/test_*; do
		[ -x "$t" ] || continue
		case " $exclude " in *" $(basename "$t") "*)
			echo "SKIPPED $(basename "$t") (left out by FB_VALGRIND_EXCLUDE)"; continue ;; esac
		log=$vbuild/valgrind-$(basename "$t").log
		vran=$((vran + 1))
		if (cd "$vbuild/tests" && valgrind --quiet --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
			"$t" >"$log" 2>&1); then
			echo "ok   $(basename "$t")"
		else
			echo "FAIL $(basename "$t") (log: $log)"
			grep -E "==[0-9]+==" "$log" | head -30
			vfail=1
		fi
	done
	[ $vfail -eq 0 ] || { echo "FAIL: valgrind found errors" >&2; exit 1; }
	[ $vran -gt 0 ] || { echo "FAIL: no unit test ran under valgrind" >&2; exit 1; }
else
	skipped "valgrind" "not installed"
fi
echo "== all stages passed"
