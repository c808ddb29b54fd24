#!/bin/bash
# Long runs in bounded memory, under an address-space limit (ulimit -v), so a
# regression shows as a failed allocation instead of a slow, swapping machine:
#   1. check --certificates streams the case certificates to disk (that the
#      streamed file is byte for byte the held one is tests/test_cli.cpp's):
#      the run fits a small address space, the file holds one certificate per
#      case, in case order, and no spool is left;
#   2. mutate on a theory of many claims in one statement: memory linear in
#      the variants (it was variants x claims: 300 claims took 7.7 GB).
#
#   bounded_memory.sh SINKCHECK PYTHON WORK_DIR
set -u
sinkcheck=$1 python=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 2
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The limits are address space (virtual memory), well above what the fixed
# code uses and below what the old code needed at these sizes.
certificates_cases=${CERTIFICATES_CASES:-200} certificates_limit_kb=${CERTIFICATES_LIMIT_KB:-500000}
( ulimit -v "$certificates_limit_kb"
  "$sinkcheck" check P1.a --cases "$certificates_cases" --seed 5 --targeted 0 --jobs 2 --certificates \
    --report "$work/certificates" >"$work/certificates.log" 2>&1 )
code=$?
[ "$code" -eq 0 ] || fail "check P1.a --cases $certificates_cases --certificates under ulimit -v $certificates_limit_kb exited $code: $(tail -3 "$work/certificates.log")"
"$python" - "$work/certificates" "$certificates_cases" <<'PY' || fail "certificates.json does not hold one certificate per case in order"
import json, os, sys
folder, cases = sys.argv[1], int(sys.argv[2])
with open(os.path.join(folder, "certificates.json")) as f:
    data = json.load(f)
(statement,) = data["statements"]
assert [c["case"] for c in statement["cases"]] == list(range(cases)), "cases out of order or missing"
assert statement["random_cases"] == cases
assert not [n for n in os.listdir(folder) if n.startswith(".certificates")], "spool files left behind"
PY

claims=${MUTATE_CLAIMS:-120} mutate_limit_kb=${MUTATE_LIMIT_KB:-700000}
{
  echo 'schema = 1'
  echo '[P2.b]'
  echo 'title = "many claims"'
  for i in $(seq 1 "$claims"); do
    printf '[[P2.b.claim]]\nname = "rate %d"\nassume = "m >= 0"\nholds = "g <= K*exp(-m)/(1+K*exp(-m)) + %d"\n' "$i" "$i"
  done
} >"$work/many-claims.toml"
( ulimit -v "$mutate_limit_kb"
  "$sinkcheck" mutate P2.b --cases 1 --jobs 2 --no-prove --theory "$work/many-claims.toml" --report "$work/mutate" \
    >"$work/mutate.log" 2>&1 )
code=$?
[ "$code" -eq 0 ] || fail "mutate of $claims claims under ulimit -v $mutate_limit_kb exited $code: $(tail -3 "$work/mutate.log")"
"$python" -c "
import json, sys
data = json.load(open(sys.argv[1]))
assert data['score']['total'] >= int(sys.argv[2]), data['score']
" "$work/mutate/mutation.json" "$claims" || fail "mutation.json does not list a variant per claim"

[ "$failures" -eq 0 ] && echo "bounded memory: certificates of $certificates_cases cases and mutate of $claims claims fit"
exit $((failures > 0))
