#!/usr/bin/env bash
# The sanitizer run a release needs: builds sinkcheck with AddressSanitizer
# and UndefinedBehaviorSanitizer (SINKCHECK_SANITIZE=address,undefined) in
# build-sanitize/, then runs the unit tests, the fuzz corpora (ctest label
# "unit" holds both) and `sinkcheck check all` at a small budget. Any
# sanitizer report fails the run (undefined behaviour aborts).
#
#   bash scripts/sanitize.sh [CASES]      # cases per statement for check all, default 20
#
# SINKCHECK_SANITIZE=thread bash scripts/sanitize.sh runs the same with
# ThreadSanitizer, in build-sanitize-thread/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_packages

CASES="${1:-20}"
SANITIZERS="${SINKCHECK_SANITIZE:-address,undefined}"
SUFFIX=""
if [ "$SANITIZERS" = thread ]; then SUFFIX="-thread"; fi
SAN_BUILD="${SINKCHECK_SANITIZE_BUILD_DIR:-$ROOT/build-sanitize$SUFFIX}"

# The Python module stays out: a sanitized shared object cannot be loaded
# into an uninstrumented python3.
cmake -S "$ROOT" -B "$SAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSINKCHECK_SANITIZE="$SANITIZERS" \
  -DSINKCHECK_BENCHMARKS=OFF -DSINKCHECK_PYTHON=OFF >/dev/null
ninja -C "$SAN_BUILD" -j "$(nproc)"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/fuzz/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1}"

echo "sanitize ($SANITIZERS): unit tests and fuzz corpora"
ctest --test-dir "$SAN_BUILD" -L unit --output-on-failure -j "$(nproc)"
echo "sanitize ($SANITIZERS): check all at $CASES cases"
"$SAN_BUILD/sinkcheck" check all --cases "$CASES" --seed 1 --report "$SAN_BUILD/sanitize-report"
echo "sanitize ($SANITIZERS): clean"
