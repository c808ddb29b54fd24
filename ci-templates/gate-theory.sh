#!/usr/bin/env bash
# Gate a theory edit in a theory repository's CI.
#   gate-theory.sh SINKCHECK_DIR THEORY_FILE BASE_REVISION [REPORT_DIR]
# Checks the statements THEORY_FILE changes relative to its version at
# BASE_REVISION (all of them if it is new there) and exits non-zero when the
# edit makes one false; the report (JSON, Markdown, HTML) and JUnit XML
# (junit.xml, one testcase per claim) go to REPORT_DIR. Under GitHub Actions
# sinkcheck also annotates each broken claim's line of THEORY_FILE and writes
# the job summary.
set -euo pipefail
sinkcheck_dir="$1" theory="$2" base_rev="$3" report="${4:-gate-report}"
base_file=$(mktemp --suffix=.toml)
if git show "$base_rev:$theory" > "$base_file" 2>/dev/null; then
  base_args=(--base "$base_file")
else
  echo "gate-theory: $theory is new at $base_rev: checking every statement"
  base_args=()
fi
"$sinkcheck_dir/build/sinkcheck" gate --theory "$theory" "${base_args[@]}" --report "$report" \
  --junit "$report/junit.xml"
