#!/usr/bin/env bash
# The fast path's instruction sets (verify/attention_fast.hpp): at every level
# this build has and this CPU supports, forced with SINKCHECK_ISA, the fast
# path's unit tests pass and `check` writes the report.json of the run that
# chose its level itself, byte for byte (the fast path only proposes). An
# unknown level is bad input: exit 2.
#   isa_levels.sh SINKCHECK SINKCHECK_TESTS WORK_DIR
set -euo pipefail
sinkcheck=$1 tests=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
run_check() { "$sinkcheck" check all --cases 15 --seed 5 --jobs 2 --report "$work/$1" > /dev/null; }

run_check chosen
compared=0
for level in baseline v3 v4 native; do
  # A level the build lacks or the CPU cannot run is refused at start-up (exit 2).
  status=0
  SINKCHECK_ISA=$level "$sinkcheck" list > /dev/null 2>&1 || status=$?
  if [ "$status" -eq 2 ]; then echo "level $level: not available here"; continue; fi
  [ "$status" -eq 0 ] || { echo "SINKCHECK_ISA=$level sinkcheck list: exit $status" >&2; exit 1; }
  SINKCHECK_ISA=$level "$tests" '[fast]' > "$work/tests-$level.log" ||
    { cat "$work/tests-$level.log" >&2; echo "fast-path tests fail at $level" >&2; exit 1; }
  SINKCHECK_ISA=$level run_check "$level"
  cmp "$work/chosen/report.json" "$work/$level/report.json"
  echo "level $level: fast-path tests pass, report.json identical"
  compared=$((compared + 1))
done
[ "$compared" -ge 1 ] || { echo "no level could be forced" >&2; exit 1; }

status=0
SINKCHECK_ISA=sse9 "$sinkcheck" list > /dev/null 2>&1 || status=$?
[ "$status" -eq 2 ] || { echo "SINKCHECK_ISA=sse9: exit $status, expected 2" >&2; exit 1; }
