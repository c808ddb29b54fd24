# Coq-level tests (default ctest, labels unit and coq), with Debian's coqc:
# the libraries of propositions/coq/ build alone with coq_makefile, as
# `sinkcheck prove`'s DIR/coq/ does; every tests/coq/*.v is a claim in the form
# `prove` generates and must be proved on the allowed axioms only, except the
# false variants (`false_*.v`, `*_false_*.v`), which Coq must reject although
# their statements compile (tests/coq/run_coq_test.cmake).
find_program(SINKCHECK_COQC coqc REQUIRED)
set(SINKCHECK_COQ_LIBRARY_DIR ${CMAKE_CURRENT_BINARY_DIR}/coq-libraries)
add_test(NAME "coq: the libraries of propositions/coq build alone"
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/coq/run_coq.sh ${PROJECT_SOURCE_DIR}/propositions/coq
                 ${SINKCHECK_COQ_LIBRARY_DIR})
set_tests_properties("coq: the libraries of propositions/coq build alone"
                     PROPERTIES FIXTURES_SETUP coq_libraries LABELS "unit;coq")

file(GLOB SINKCHECK_COQ_TEST_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/coq/*.v)
foreach(file ${SINKCHECK_COQ_TEST_FILES})
  get_filename_component(stem ${file} NAME_WE)
  if(stem MATCHES "(^|_)false_")
    set(expect rejected)
  else()
    set(expect proved)
  endif()
  add_test(NAME "coq: ${stem} is ${expect}"
           COMMAND ${CMAKE_COMMAND} -DCOQC=${SINKCHECK_COQC} -DLIBRARY_DIR=${SINKCHECK_COQ_LIBRARY_DIR}
                   -DFILE=${file} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/coq-claims/${stem}
                   -DEXPECT=${expect} -P ${CMAKE_CURRENT_SOURCE_DIR}/coq/run_coq_test.cmake)
  set_tests_properties("coq: ${stem} is ${expect}" PROPERTIES FIXTURES_REQUIRED coq_libraries LABELS "unit;coq")
endforeach()

# The Coq definitions of P3 against the concrete model on exact instances (tests/test_smoothing_coq.cpp).
add_test(NAME "coq: the Coq model of P3 evaluates to the concrete model's values"
         COMMAND sinkcheck_tests "[.coq-link]")
set_tests_properties("coq: the Coq model of P3 evaluates to the concrete model's values" PROPERTIES
                     LABELS "unit;coq" FIXTURES_REQUIRED coq_libraries
                     ENVIRONMENT "SINKCHECK_COQ_LIBRARY_DIR=${SINKCHECK_COQ_LIBRARY_DIR}")

if(SINKCHECK_LONG_TESTS)
  # `sinkcheck prove 'P3.*'` end to end, read from proofs.json (samples and runs Coq: label long).
  add_test(NAME "prove: P3's claims proved, the literal only-ifs and false variants refuted"
           COMMAND sinkcheck_tests "[.prove-p3]")
  set_tests_properties("prove: P3's claims proved, the literal only-ifs and false variants refuted" PROPERTIES
                       LABELS "long" TIMEOUT 1800)
endif()
