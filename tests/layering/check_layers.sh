#!/usr/bin/env bash
# The layering is enforced by the build: a layer's sources see only the
# include roots of the layers below it (cmake/Layers.cmake). This test
# compiles, with each layer's own include root, one include of a header of
# the same layer (must compile: the control) and one of a layer above (must
# fail with "No such file"), so a broken include root cannot pass unnoticed.
# Usage: check_layers.sh CXX BUILD_DIR
set -u
cxx="$1"
layers="$(cd "$2" && pwd)/layers"
# Compile from an empty folder: a quoted include is first looked up beside
# the including file, and for standard input that is the working directory.
cd "$(mktemp -d)" || exit 1
failures=0
probe() {  # probe LAYER HEADER EXPECT(ok|missing)
  local layer="$1" header="$2" expect="$3" out
  out=$(printf '#include "%s"\n' "$header" | "$cxx" -std=c++17 -fsyntax-only -x c++ -I"$layers/$layer" $(pkg-config --cflags eigen3 2>/dev/null) - 2>&1)
  local status=$?
  if [ "$expect" = ok ] && [ $status -ne 0 ]; then
    echo "FAIL: $layer cannot include its own $header:"; echo "$out" | head -5; failures=$((failures + 1))
  elif [ "$expect" = missing ] && ! echo "$out" | grep -q "$header: No such file"; then
    echo "FAIL: $layer includes $header from a layer above it (status $status)"; failures=$((failures + 1))
  else
    echo "ok: $layer + $header -> $expect"
  fi
}
probe verify verify/verdict.hpp ok
probe verify engine/statement.hpp missing
probe verify theory/theory_file.hpp missing
probe theory verify/verdict.hpp ok
probe theory engine/results.hpp missing
probe generators verify/verdict.hpp ok
probe generators engine/statement.hpp missing
probe engine verify/verdict.hpp ok
probe engine propositions/registry.hpp missing
probe engine reports/writers.hpp missing
probe engine engine/safetensors.hpp ok
probe propositions verify/verdict.hpp ok
probe propositions reports/writers.hpp missing
probe propositions cli/commands.hpp missing
probe propositions propositions/heads_input.hpp ok
probe reports verify/verdict.hpp ok
probe reports propositions/registry.hpp missing
probe reports cli/commands.hpp missing
echo "$((18 - failures)) passed, $failures failed"
[ $failures -eq 0 ]
