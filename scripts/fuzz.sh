#!/usr/bin/env bash
# Fuzzing: builds the six libFuzzer harnesses of fuzz/ (formula parser and
# evaluator, theory loader, safetensors reader, replay's report reader,
# merge's shard-record reader, the certificates.json checker) with
# clang, AddressSanitizer and UndefinedBehaviorSanitizer in build-fuzz/, then
# runs each for the given time, one after another, one job each (the machine
# may be shared).
#
#   bash scripts/fuzz.sh [SECONDS_PER_HARNESS] [HARNESS ...]     # default 600 s, all six
#
# Each fuzzer starts from the seed corpus in the repository
# (fuzz/corpus/<name>, fuzz/regressions/<name>) and grows its own working
# corpus in build-fuzz/corpus/<name>. A crash, a sanitizer report, an input
# slower than 30 s or one needing more than 2 GB is written to
# build-fuzz/findings/<name>/ and makes the script exit 1: minimise it
# (fuzz_<name> -minimize_crash=1 <file>), fix the defect, and add the input to
# fuzz/regressions/<name>/, where ctest's "fuzz corpus: <name>" replays it in
# the normal build from then on.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_packages

SECONDS_EACH="${1:-600}"
shift || true
HARNESSES=("$@")
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=(formula theory safetensors report shard certificates)
FUZZ_BUILD="${SINKCHECK_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}"

CC=clang CXX=clang++ cmake -S "$ROOT" -B "$FUZZ_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSINKCHECK_FUZZ=ON -DSINKCHECK_SANITIZE=address,undefined -DBUILD_TESTING=OFF -DSINKCHECK_BENCHMARKS=OFF \
  -DSINKCHECK_PYTHON=OFF >/dev/null
ninja -C "$FUZZ_BUILD" -j "$(nproc)" $(printf 'fuzz_%s ' "${HARNESSES[@]}")

# The largest input each fuzzer makes (longer seeds are cut to it here; the
# corpus drivers of ctest run them whole).
# The timeout is 30 s: AddressSanitizer makes GMP's allocation-heavy exact
# arithmetic 50-100x slower than the Release build (an exact power of a long
# sum near the exact stage's work budget took 10 s here and 0.08 s in
# Release; the corpus drivers of ctest replay every regression input there).
declare -A MAX_LEN=([formula]=8192 [theory]=65536 [safetensors]=65536 [report]=65536 [shard]=65536 [certificates]=65536)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/fuzz/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

status=0
summary=""
for name in "${HARNESSES[@]}"; do
  corpus="$FUZZ_BUILD/corpus/$name" findings="$FUZZ_BUILD/findings/$name" log="$FUZZ_BUILD/fuzz-$name.log"
  mkdir -p "$corpus" "$findings"
  echo "fuzz: $name for $SECONDS_EACH s (log: $log)"
  started=$SECONDS
  set +e
  "$FUZZ_BUILD/fuzz/fuzz_$name" "$corpus" "$ROOT/fuzz/corpus/$name" "$ROOT/fuzz/regressions/$name" \
    -max_total_time="$SECONDS_EACH" -timeout=30 -rss_limit_mb=2048 -max_len="${MAX_LEN[$name]}" \
    -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1
  code=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  # libFuzzer also writes inputs slower than 10 s as slow-unit-*, without
  # stopping: under the sanitizers that is about 0.1 s in Release, so they
  # are listed for a look (replay them with the corpus driver of the normal
  # build), not failures; crashes, leaks and timeouts are.
  found=$(find "$findings" -type f ! -name 'slow-unit-*' | wc -l)
  slow=$(find "$findings" -type f -name 'slow-unit-*' | wc -l)
  line="$name: ${runs:-?} executions in $((SECONDS - started)) s, corpus $(find "$corpus" -type f | wc -l) inputs, $found findings, $slow slow units (exit $code)"
  echo "fuzz: $line"
  summary+="$line"$'\n'
  if [ "$code" -ne 0 ] || [ "$found" -ne 0 ]; then status=1; fi
done
printf '\n%s' "$summary"
exit "$status"
