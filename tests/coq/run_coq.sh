#!/bin/sh
# The Coq-level tests (tests/coq/CoqTests.cmake):
#   run_coq.sh libraries SOURCE_DIR OUT_DIR   build every library of SOURCE_DIR (propositions/coq) alone,
#                                             with coq_makefile, as `sinkcheck prove`'s DIR/coq/ is built
#   run_coq.sh accept|reject LIB_DIR FILE     coqc FILE against the built libraries: Coq must accept it
#                                             (a true claim) or reject it (a false variant)
set -u
case "$1" in
  libraries)
    rm -rf "$3" && mkdir -p "$3" && cp "$2"/*.v "$3"/ && cd "$3" || exit 1
    { echo "-R . Sinkcheck"; ls *.v; } > _CoqProject
    coq_makefile -f _CoqProject -o CoqMakefile && make -s -f CoqMakefile
    ;;
  accept|reject)
    work=$(mktemp -d) || exit 1
    cp "$3" "$work"/ && cd "$work" || exit 1
    coqc -Q "$2" Sinkcheck "$(basename "$3")"
    status=$?
    cd / && rm -rf "$work"
    if [ "$1" = accept ]; then
      [ $status -eq 0 ] || { echo "Coq rejected $3, which must be proved"; exit 1; }
    else
      [ $status -ne 0 ] || { echo "Coq accepted $3, a false variant"; exit 1; }
      echo "rejected, as it must be"
    fi
    ;;
  *) echo "usage: run_coq.sh libraries SOURCE_DIR OUT_DIR | accept|reject LIB_DIR FILE" >&2; exit 2 ;;
esac
