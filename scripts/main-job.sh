#!/usr/bin/env bash
# The main job: install what is missing, build the sinkcheck program (Release), check every
# statement of the shipped theory at the default budget, write the reports.
# Extra arguments go to `sinkcheck check` (e.g. --cases 1000 --seed 3).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_packages
configure
# Only the program it runs: the tests, fuzzers, benchmarks and the Python
# module (scripts/test.sh, a plain `cmake --build`) are not needed to check.
build sinkcheck
REPORT="${SINKCHECK_REPORT_DIR:-$ROOT/out/report}"
set +e
"$BUILD/sinkcheck" check all --report "$REPORT" "$@"
status=$?
set -e
echo "sinkcheck: reports in $REPORT (report.json, report.md, report.html); exit $status"
exit $status
