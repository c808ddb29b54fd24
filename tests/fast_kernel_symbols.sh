#!/usr/bin/env bash
# The fast path's copies built for AVX2 / AVX-512 (cmake/FastKernels.cmake)
# must define no symbol the linker may merge with another copy: every weak or
# unique symbol of such an object lies in its own namespaces (its renamed
# Eigen, sinkcheck_fast_eigen_LEVEL, or sinkcheck::fast::kernel_LEVEL).
# Otherwise the linker could keep the AVX-512 body of, say, an Eigen template
# for the baseline code too, and the program would crash on an older CPU.
#   fast_kernel_symbols.sh OBJECT…   (the object of level L is in a folder named sinkcheck_fast_kernel_L.dir)
set -euo pipefail
checked=0
for object in "$@"; do
  level=$(echo "$object" | sed -n 's/.*sinkcheck_fast_kernel_\([a-z0-9]*\)\.dir.*/\1/p')
  [ -n "$level" ] || { echo "$object: not a fast-kernel object" >&2; exit 1; }
  # Weak (W, V) and unique (u) symbols, demangled; the personality routine's
  # reference (DW.ref.__gxx_personality_v0) is the C++ runtime's and the same in every copy.
  stray=$(nm -C --defined-only "$object" | awk '$2 ~ /^[WVu]$/ { $1 = ""; $2 = ""; sub(/^  /, ""); print }' |
    grep -v -e "^DW.ref.__gxx_personality_v0$" -e "sinkcheck_fast_eigen_$level::" -e "sinkcheck::fast::kernel_$level::" |
    grep -v -e "^guard variable for sinkcheck_fast_eigen_$level::" || true)
  if [ -n "$stray" ]; then
    echo "$object: symbols the linker may share with another instruction set:" >&2
    echo "$stray" >&2
    exit 1
  fi
  checked=$((checked + 1))
done
[ "$checked" -ge 1 ] || { echo "no object given" >&2; exit 1; }
echo "$checked fast-kernel objects: every shareable symbol is their own"
