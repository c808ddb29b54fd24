#!/usr/bin/env bash
# The MPI protocol under repetition: `mutate P2.b` (many short jobs, chunks of
# a fraction of a millisecond, so rank 0's own chunks finish while it decodes
# the workers' parts) under `mpirun -n 3`, RUNS times, each within a time
# limit, each byte-identical to the single-process mutation.json. A lost
# chunk hung one run in about six of the default test (fixed: rank 0's local
# worker is handed a chunk only after its last completion was taken).
# Usage: mpi_stress.sh SINKCHECK_BINARY MPIEXEC WORK_DIR [RUNS]
set -euo pipefail
binary=$1 mpiexec=$2 work=$3 runs=${4:-40}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
rm -rf "$work" && mkdir -p "$work"
"$binary" mutate P2.b --cases 60 --report "$work/one" > "$work/one.log" 2>&1 || true
test -s "$work/one/mutation.json"
for run in $(seq 1 "$runs"); do
  status=0
  timeout -k 10 120 "$mpiexec" --oversubscribe -n 3 "$binary" mutate P2.b --cases 60 --report "$work/mpi" \
    > "$work/mpi.log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "run $run of $runs: mpirun exited with $status (124: it hung for 120 s)"; cat "$work/mpi.log"; exit 1
  fi
  cmp "$work/one/mutation.json" "$work/mpi/mutation.json" || { echo "run $run: mutation.json differs"; exit 1; }
done
echo "$runs runs of mpirun -n 3 mutate P2.b: none hung, all byte-identical to one process"
