# Coq-level tests (default ctest, label "coq"): the libraries of
# propositions/coq/ build alone; every tests/coq/*.v is a claim in the form
# `sinkcheck prove` generates and must be accepted by Coq, except the false
# variants (`*_false_*.v`), which Coq must reject. Skipped without coqc.
find_program(SINKCHECK_COQC coqc)
if(SINKCHECK_COQC)
  set(SINKCHECK_COQ_LIBRARY_DIR ${CMAKE_CURRENT_BINARY_DIR}/coq-libraries)
  add_test(NAME "coq: the libraries of propositions/coq build alone"
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/coq/run_coq.sh libraries ${PROJECT_SOURCE_DIR}/propositions/coq
                   ${SINKCHECK_COQ_LIBRARY_DIR})
  set_tests_properties("coq: the libraries of propositions/coq build alone"
                       PROPERTIES FIXTURES_SETUP coq_libraries LABELS coq)
  file(GLOB SINKCHECK_COQ_TEST_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/coq/*.v)
  foreach(file ${SINKCHECK_COQ_TEST_FILES})
    get_filename_component(stem ${file} NAME_WE)
    if(stem MATCHES "_false_")
      set(expect reject)
      set(title "coq: false variant ${stem} is rejected")
    else()
      set(expect accept)
      set(title "coq: ${stem} is proved")
    endif()
    add_test(NAME "${title}"
             COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/coq/run_coq.sh ${expect} ${SINKCHECK_COQ_LIBRARY_DIR} ${file})
    set_tests_properties("${title}" PROPERTIES FIXTURES_REQUIRED coq_libraries LABELS coq)
  endforeach()
endif()
