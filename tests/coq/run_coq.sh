#!/bin/sh
# Builds every Coq library of SOURCE_DIR (propositions/coq) alone into OUT_DIR,
# with coq_makefile, as `sinkcheck prove`'s DIR/coq/ is built
# (tests/coq/CoqTests.cmake):   run_coq.sh SOURCE_DIR OUT_DIR
set -eu
rm -rf "$2" && mkdir -p "$2" && cp "$1"/*.v "$2"/ && cd "$2"
{ echo "-R . Sinkcheck"; ls *.v; } > _CoqProject
coq_makefile -f _CoqProject -o CoqMakefile && make -s -f CoqMakefile
