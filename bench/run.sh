#!/usr/bin/env bash
# Builds and runs the benchmarks, then the Python references (NumPy, mpmath).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${SINKCHECK_BUILD_DIR:-$ROOT/build}"
# Other engineers' builds share the machine: the load goes with the figures.
uptime
ninja -C "$BUILD" bench_attention bench_propositions bench_sink_representability bench_smoothing bench_nuclear_norm bench_engine
"$BUILD/bench/bench_attention" --benchmark_min_time=0.5
# The fast path and the roofline GEMM built for this machine (SINKCHECK_NATIVE_ARCH).
if ninja -C "$BUILD" -t targets all | grep '^bench_attention_native:' >/dev/null; then
  ninja -C "$BUILD" bench_attention_native
  "$BUILD/bench/bench_attention_native" --benchmark_min_time=0.5 --benchmark_filter='gemm|fast'
fi
# NumPy on the same computation, one BLAS thread like the kernel.
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 /usr/bin/python3 "$ROOT/bench/reference_numpy.py"
"$BUILD/bench/bench_propositions" --benchmark_min_time=1
"$BUILD/bench/bench_sink_representability" --benchmark_min_time=1
"$BUILD/bench/bench_smoothing" --benchmark_min_time=1
/usr/bin/python3 "$ROOT/bench/reference_mpmath.py" 64
# The certified nuclear-norm program (our interior point and DSDP; DSDP at
# n = 24 takes minutes) and cvxopt on the same programs.
"$BUILD/bench/bench_nuclear_norm" --benchmark_filter='interior_point|dsdp/(8|16)/'
"$BUILD/bench/bench_nuclear_norm" --dump "$BUILD/nuclear-norm-programs" >/dev/null
/usr/bin/python3 "$ROOT/bench/reference_cvxopt.py" "$BUILD"/nuclear-norm-programs/nn_8_*.json "$BUILD"/nuclear-norm-programs/nn_16_*.json
# check all at 2000 cases per statement, 1 thread against 2 (a few minutes).
"$BUILD/bench/bench_engine"
