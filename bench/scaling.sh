#!/usr/bin/env bash
# Throughput of one `check` run on 1 process and on 2 and 3 MPI ranks (3
# oversubscribed on a 2-core machine), with rank 0's statistics, and a check
# that every run wrote the same report. The figures in README and
# docs/scaling.md come from here.
#   bench/scaling.sh [CASES] [OUT]      (default 2000 cases per statement)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${SINKCHECK_BUILD_DIR:-$ROOT/build}"
CASES="${1:-2000}"
OUT="${2:-$BUILD/scaling}"
SINKCHECK="$BUILD/sinkcheck"
MPIRUN="${MPIRUN:-mpirun}"
# Open MPI refuses root unless told (containers, CI).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export SINKCHECK_MPI_STATS=1
mkdir -p "$OUT"
run=(check all --cases "$CASES" --seed 1)
statements=$("$SINKCHECK" list | wc -l)
total=$((CASES * statements))

# Wall time and CPU time (user + system of the process and every rank): on a
# shared machine the wall time depends on the other load, the CPU time much less.
measure() {  # name, command…
  local name="$1"
  shift
  local times
  times=$( { TIMEFORMAT='%R %U %S'; time "$@" --report "$OUT/$name" >"$OUT/$name.log" 2>&1 || true; } 2>&1 )
  read -r wall user sys <<<"$times"
  awk -v name="$name" -v w="$wall" -v c="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" -v n="$total" \
    'BEGIN { printf "| %s | %.1f | %.0f | %.1f | %.0f |\n", name, w, n / w, c, n / c }'
  cmp -s "$OUT/$name/report.json" "$OUT/one-thread/report.json" 2>/dev/null ||
    [ "$name" = one-thread ] || echo "  $name: report.json DIFFERS from one-thread"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); $CASES cases x $statements statements = $total cases"
echo "| run | wall s | cases/s | CPU s | cases per CPU s |"
echo "|---|---:|---:|---:|---:|"
measure one-thread "$SINKCHECK" "${run[@]}" --jobs 1
measure one-process-two-threads "$SINKCHECK" "${run[@]}" --jobs 2
measure mpi-2-ranks "$MPIRUN" -n 2 "$SINKCHECK" "${run[@]}" --jobs 1
measure mpi-3-ranks-oversubscribed "$MPIRUN" --oversubscribe -n 3 "$SINKCHECK" "${run[@]}" --jobs 1
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -h "^mpi:" "$OUT"/mpi-*.log || true
