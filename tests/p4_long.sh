#!/usr/bin/env bash
# The longer P4 search: 400 cases per statement on the widest tables of
# issue 26 (C up to 6 groups of 4 tokens, 8 nuisance coordinates, λ in
# [1/64, 64]; programs of a few thousand constraints), from a theory file
# whose domain is widened. --strict: an undecided case fails it too.
# Usage: p4_long.sh SINKCHECK_BINARY REPORT_DIR
set -euo pipefail
mkdir -p "$2"
sed -e 's/^groups_max = 3 /groups_max = 6 /' -e 's/^per_group_max = 3 /per_group_max = 4 /' \
    -e 's/^nuisance_dim_max = 3 /nuisance_dim_max = 8 /' \
    -e 's|^lambda_min = "1/8" |lambda_min = "1/64" |' -e 's/^lambda_max = 4$/lambda_max = 64/' \
  "$(dirname "$0")/../theory/sinkcheck.toml" > "$2/wide.toml"
grep -q '^groups_max = 6 ' "$2/wide.toml"
grep -q '^lambda_max = 64$' "$2/wide.toml"
grep -q '^lambda_min = "1/64" ' "$2/wide.toml"
"$1" check 'P4.*' --cases 400 --seed 17 --theory "$2/wide.toml" --report "$2" --strict
