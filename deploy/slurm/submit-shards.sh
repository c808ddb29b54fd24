#!/bin/bash
# A run cut into N shards for any Slurm cluster, no MPI needed: a job array
# of N tasks and a merge that starts when all of them have ended.
#   SHARDS=32 CASES=1000000 bash deploy/slurm/submit-shards.sh
# OUT (default ./sinkcheck-shards-<date>) must be on a file system every
# node sees. Pass sbatch options (partition, account) in SBATCH_* variables.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export SHARDS="${SHARDS:-16}"
export OUT="${OUT:-$PWD/sinkcheck-shards-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
array=$(sbatch --parsable --export=ALL --array="1-$SHARDS" "$here/sinkcheck-shard.sbatch")
# afterany, not afterok: the merge also runs when a shard failed, and says which.
merge=$(sbatch --parsable --export=ALL --dependency="afterany:$array" "$here/sinkcheck-merge.sbatch")
echo "shards: job array $array (1-$SHARDS), merge: job $merge, report: $OUT/report"
