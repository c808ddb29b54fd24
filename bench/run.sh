#!/usr/bin/env bash
# Every benchmark and its Python reference in one run, then the tables of
# README.md ("Performance") and docs/profile.md rewritten from that run alone
# and docs/proving.md's timing
# (bench/tables.py, between <!-- bench:NAME:begin --> and <!-- bench:NAME:end -->).
#   bash bench/run.sh             builds what it runs, measures (8-10 minutes
#                                 on a quiet 2-core machine), writes the tables
#   bash bench/run.sh --no-write  measures, prints the tables, edits nothing
# Results (Google Benchmark JSON, the references' JSON, logs) go to
# $SINKCHECK_BENCH_OUT (default build/bench-results). Run it on a quiet
# machine: the load average at the start and the end goes into the tables.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${SINKCHECK_BUILD_DIR:-$ROOT/build}"
OUT="${SINKCHECK_BENCH_OUT:-$BUILD/bench-results}"
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3
WRITE=1
[ "${1:-}" = "--no-write" ] && WRITE=0
# Open MPI refuses root unless told (containers, CI).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# The Python references on one BLAS thread, like the kernels.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

# Benchmarks on, whatever the folder was configured with before.
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSINKCHECK_BENCHMARKS=ON > /dev/null
ninja -C "$BUILD" sinkcheck bench_attention bench_propositions bench_sink_representability bench_smoothing \
  bench_nuclear_norm bench_engine bench_case_costs
rm -rf "$OUT"
mkdir -p "$OUT"
{
  echo "commit=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/meta.env"

section() { echo; echo "== $* ($(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg))"; }
# A Google Benchmark program, its results as JSON in $OUT/NAME.json.
gbench() {  # NAME PROGRAM ARGS…
  local name="$1" program="$2"
  shift 2
  "$BUILD/bench/$program" --benchmark_out="$OUT/$name.json" --benchmark_out_format=json "$@"
}
# A level of the fast path this CPU runs (verify/attention_fast.hpp): sinkcheck refuses others at start-up.
level_runs() { SINKCHECK_ISA="$1" "$BUILD/sinkcheck" list > /dev/null 2>&1; }
# A failing reference (a missing Python package) costs its column, not the run.
optional() { "$@" || echo "  (not run: $* exited $?)" | tee -a "$OUT/skipped.log"; }

section "attention fast path and its roofline at every instruction set the CPU runs"
for level in v4 v3 baseline; do
  level_runs "$level" || continue
  SINKCHECK_ISA=$level gbench "attention-$level" bench_attention --benchmark_filter='gemm|attention_fast' \
    --benchmark_min_time=0.5
done
optional "$PYTHON" "$ROOT/bench/reference_numpy.py" --json "$OUT/numpy.json"

section "one query at 128-4096 bits (Arb, MPFI, raw Arb, double intervals) and mpmath"
gbench query bench_attention --benchmark_filter='query' --benchmark_min_time=0.3
optional "$PYTHON" "$ROOT/bench/reference_mpmath.py" 64 --json "$OUT/mpmath.json"

section "statements' kernels"
gbench propositions bench_propositions --benchmark_min_time=0.5
gbench sink_representability bench_sink_representability --benchmark_min_time=0.5
gbench smoothing bench_smoothing --benchmark_min_time=0.5

section "certified nuclear-norm programs (DSDP at n = 24 takes minutes: left out) and cvxopt"
gbench nuclear_norm bench_nuclear_norm --benchmark_filter='interior_point|dsdp/(8|16)/'
"$BUILD/bench/bench_nuclear_norm" --dump "$OUT/nuclear-norm-programs" > /dev/null
optional "$PYTHON" "$ROOT/bench/reference_cvxopt.py" --json "$OUT/cvxopt.json" \
  "$OUT"/nuclear-norm-programs/nn_8_*.json "$OUT"/nuclear-norm-programs/nn_16_*.json

section "per-case cost of every statement, one thread"
"$BUILD/bench/bench_case_costs" --json "$OUT/case_costs.json" > "$OUT/case_costs.md"
cat "$OUT/case_costs.md"

section "the allocator's settings: the slowest statements and the fast path under each (MALLOC_CONF overrides the built-in malloc_conf)"
# "built-in": the programs' malloc_conf (cli/allocator_settings.cpp); the
# others set every value that differs, jemalloc 5.3's defaults first.
allocator_runs=("built-in="
  "jemalloc-defaults=oversize_threshold:8388608,dirty_decay_ms:10000,muzzy_decay_ms:0"
  "never-purge=oversize_threshold:8388608,dirty_decay_ms:-1,muzzy_decay_ms:-1")
for entry in "${allocator_runs[@]}"; do
  name=${entry%%=*} conf=${entry#*=}
  [ -n "$conf" ] || conf_shown=$(sed -n 's/.*malloc_conf = "\([^"]*\)".*/\1/p' "$ROOT/cli/allocator_settings.cpp")
  echo "${conf:-$conf_shown}" > "$OUT/allocator-$name.conf"
  MALLOC_CONF=$conf "$BUILD/bench/bench_case_costs" --json "$OUT/allocator-$name-costs.json" P1.a P1.b P4.U_diag \
    > /dev/null 2>&1
  MALLOC_CONF=$conf gbench "allocator-$name-attention" bench_attention --benchmark_filter='attention_fast/64/1024' \
    --benchmark_min_time=0.5 > /dev/null
done

section "check all, 600 cases per statement: 1 thread, 2 threads, 2 MPI ranks of 1 thread"
# Wall and CPU time (user, system: the ranks too) of each run, and its exit status.
timed() {  # NAME COMMAND…
  local name="$1" status=0
  shift
  { TIMEFORMAT='%R %U %S'; time "$@" --report "$OUT/runs/$name" > "$OUT/runs/$name.log" 2>&1; } \
    2> "$OUT/runs/$name.time" || status=$?
  echo "$name $(tail -n 1 "$OUT/runs/$name.time") $status" | tee -a "$OUT/runs.txt"
  return "$status"
}
mkdir -p "$OUT/runs"
run=(check all --cases 600 --seed 4)
timed one-thread "$BUILD/sinkcheck" "${run[@]}" --jobs 1
timed two-threads "$BUILD/sinkcheck" "${run[@]}" --jobs 2
# A build without MPI refuses to run as one of several ranks: the row is then missing.
if command -v mpirun > /dev/null; then optional timed mpi-2-ranks mpirun -n 2 "$BUILD/sinkcheck" "${run[@]}" --jobs 1; fi
for name in two-threads mpi-2-ranks; do
  [ -f "$OUT/runs/$name/report.json" ] || continue
  if cmp -s "$OUT/runs/one-thread/report.json" "$OUT/runs/$name/report.json"; then echo "$name identical" >> "$OUT/reports.txt"
  else echo "$name DIFFERS" >> "$OUT/reports.txt"; fi
done

section "prove all: sampling, then Coq on every claim a symbolic model states (a cold proof cache)"
timed prove-all env SINKCHECK_PROOF_CACHE="$OUT/proof-cache" "$BUILD/sinkcheck" prove all --jobs "$(nproc)" || true

section "check all, 2000 cases per statement, 1 against 2 threads in one process (bench_engine)"
gbench engine bench_engine

echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/meta.env"
section "tables"
if [ "$WRITE" = 1 ]; then
  "$PYTHON" "$ROOT/bench/tables.py" "$OUT" "$ROOT/README.md" "$ROOT/docs/profile.md" "$ROOT/docs/proving.md"
else
  "$PYTHON" "$ROOT/bench/tables.py" "$OUT"
fi
