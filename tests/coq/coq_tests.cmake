# Coq-level tests of the symbolic models' libraries (propositions/coq/*.v), run
# with Debian's coqc: each library compiles alone; claim files in the form
# `sinkcheck prove` generates are proved (shipped claims, true variants) or
# rejected (false variants). Included from tests/CMakeLists.txt.
find_program(SINKCHECK_COQC coqc REQUIRED)
set(coq_library_dir ${CMAKE_CURRENT_BINARY_DIR}/coq-libraries)

add_test(NAME "coq: SinkcheckSmoothing compiles"
         COMMAND ${CMAKE_COMMAND} -E chdir ${coq_library_dir}
                 ${SINKCHECK_COQC} -q -Q . Sinkcheck SinkcheckSmoothing.v)
set_tests_properties("coq: SinkcheckSmoothing compiles" PROPERTIES
                     LABELS "unit" FIXTURES_SETUP coq_smoothing)
file(MAKE_DIRECTORY ${coq_library_dir})
configure_file(${PROJECT_SOURCE_DIR}/propositions/coq/SinkcheckSmoothing.v ${coq_library_dir}/SinkcheckSmoothing.v COPYONLY)

function(sinkcheck_coq_claim_test file expect fixture)
  get_filename_component(name ${file} NAME_WE)
  add_test(NAME "coq: ${name} is ${expect}"
           COMMAND ${CMAKE_COMMAND} -DCOQC=${SINKCHECK_COQC} -DLIBRARY_DIR=${coq_library_dir}
                   -DFILE=${CMAKE_CURRENT_SOURCE_DIR}/coq/${file} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/coq-claims
                   -DEXPECT=${expect} -P ${CMAKE_CURRENT_SOURCE_DIR}/coq/run_coq_test.cmake)
  set_tests_properties("coq: ${name} is ${expect}" PROPERTIES LABELS "unit" FIXTURES_REQUIRED ${fixture})
endfunction()

# P3 (docs/propositions/P3-smoothing.md): shipped claims, then false variants.
foreach(file P3_a_1.v P3_a_3.v P3_b_3.v P3_c_4.v P3_d_2.v P3_e_5.v P3_e_6.v)
  sinkcheck_coq_claim_test(${file} proved coq_smoothing)
endforeach()
foreach(file false_dD1_without_spread_factor.v false_condition_without_beta.v
             false_literal_decreases_only_if.v false_literal_increases_only_if.v false_rho_prime_without_k.v)
  sinkcheck_coq_claim_test(${file} rejected coq_smoothing)
endforeach()

# The Coq definitions against the concrete model on exact instances (tests/test_smoothing_coq.cpp).
add_test(NAME "coq: the Coq model of P3 evaluates to the concrete model's values"
         COMMAND sinkcheck_tests "[.coq-link]")
set_tests_properties("coq: the Coq model of P3 evaluates to the concrete model's values" PROPERTIES
                     LABELS "unit" FIXTURES_REQUIRED coq_smoothing
                     ENVIRONMENT "SINKCHECK_COQ_LIBRARY_DIR=${coq_library_dir}")

if(SINKCHECK_LONG_TESTS)
  # `sinkcheck prove 'P3.*'` end to end, read from proofs.json (samples and runs Coq: label long).
  add_test(NAME "prove: P3's claims proved, the literal only-ifs and false variants refuted"
           COMMAND sinkcheck_tests "[.prove-p3]")
  set_tests_properties("prove: P3's claims proved, the literal only-ifs and false variants refuted" PROPERTIES
                       LABELS "long" TIMEOUT 1800)
endif()
