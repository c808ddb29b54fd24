#!/usr/bin/env bash
# Renders a report.html in headless Chromium, as a reader's browser would:
# fails on a script error, a failed load, or a blank page.
# Usage: render_html.sh REPORT_DIR SINKCHECK_BINARY
set -euo pipefail
dir="$1"
mkdir -p "$dir"
# False variants of the shipped theory (P2's and P1's sink rates, P4's U_sink
# with 3 in place of 12), so the page has counterexamples to draw.
sed -e 's|holds = "g <= K\*exp(-m) / (1 + K\*exp(-m))"|holds = "g <= exp(-m)"|' \
    -e 's|holds = "gate <= K_i\*exp(-kappa) / (1 + K_i\*exp(-kappa))"|holds = "gate <= K_i*exp(-2*kappa)"|' \
    -e 's|holds = "cost_sink <= 12\*kappa\*C/sqrt(d)"|holds = "cost_sink <= 3*kappa*C/sqrt(d)"|' \
  "$(dirname "$0")/../theory/sinkcheck.toml" > "$dir/false-rate.toml"
"$2" check 'P1.c' 'P2.*' 'P3.*' --cases 60 --theory "$dir/false-rate.toml" --report "$dir" >/dev/null 2>&1 || true
"$2" check 'P4.*' --cases 8 --theory "$dir/false-rate.toml" --report "$dir/p4" >/dev/null 2>&1 || true
grep -q '"counterexample"' "$dir/p4/report.json" || { echo "render_html: the P4 variant was not refuted" >&2; exit 1; }
grep -q '"counterexample"' "$dir/report.json" || { echo "render_html: the variant was not refuted" >&2; exit 1; }
test -s "$dir/report.html"
render() {  # PAGE PNG
  local profile log size
  profile=$(mktemp -d)
  log="$2.log"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --enable-logging=stderr --v=0 --window-size=1200,1600 --screenshot="$2" \
    "file://$1" >"$log" 2>&1
  rm -rf "$profile"
  if grep -E "Uncaught|SyntaxError|ReferenceError|ERR_FILE_NOT_FOUND|Failed to load" "$log"; then
    echo "render_html: $1 reported errors" >&2
    exit 1
  fi
  size=$(stat -c %s "$2")
  [ "$size" -gt 20000 ] || { echo "render_html: screenshot of $size bytes looks blank" >&2; exit 1; }
  echo "render_html: rendered $1, screenshot $2 ($size bytes)"
}
render "$dir/report.html" "$dir/report.png"
render "$dir/p4/report.html" "$dir/p4/report.png"
# Every kind of picture the report promises is on the page.
for title in "log10 of the attention weights" "D_k(lambda) / D_k(0)" "rho(lambda): output similarity" \
             "D_k(lambda) of the case" "attention weights of W*"; do
  grep -qF "$title" "$dir/report.html" || { echo "render_html: no figure \"$title\" in the page" >&2; exit 1; }
done
for title in "Each bound against the certified optimum" "lambda thresholds of the upper bounds" \
             "Sinks are cheaper: U_sink &lt; L_diag" "attention of the sink construction"; do
  grep -qF "$title" "$dir/p4/report.html" || { echo "render_html: no figure \"$title\" in the P4 page" >&2; exit 1; }
done
