# cmake -DCOQC=coqc -DLIBRARY_DIR=dir -DFILE=claim.v -DWORK=dir -DEXPECT=proved|rejected -P run_coq_test.cmake
#
# Compiles one claim file in the form `sinkcheck prove` generates (docs/proving.md)
# against the compiled libraries in LIBRARY_DIR (logical path Sinkcheck).
#   proved:   coqc accepts it, and each theorem rests only on the allowed axioms
#             (Print Assumptions: the real numbers' and classical logic's).
#   rejected: coqc refuses it, although its statements are well formed (the same
#             file with every proof replaced by `Abort.` compiles): the tactic,
#             not a typo, failed.
get_filename_component(name ${FILE} NAME_WE)
file(MAKE_DIRECTORY ${WORK})
file(READ ${FILE} text)
string(REGEX MATCHALL "Theorem [A-Za-z0-9_]+" theorems "${text}")
if(theorems STREQUAL "")
  message(FATAL_ERROR "${FILE}: no theorem")
endif()

function(compile source out_var rc_var)
  execute_process(COMMAND ${COQC} -q -Q ${LIBRARY_DIR} Sinkcheck ${source}
                  WORKING_DIRECTORY ${WORK} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  set(${out_var} "${out}" PARENT_SCOPE)
  set(${rc_var} ${rc} PARENT_SCOPE)
endfunction()

if(EXPECT STREQUAL "proved")
  set(checked "${text}\n")
  foreach(t IN LISTS theorems)
    string(REPLACE "Theorem " "" t "${t}")
    string(APPEND checked "Print Assumptions ${t}.\n")
  endforeach()
  file(WRITE ${WORK}/${name}.v "${checked}")
  compile(${WORK}/${name}.v out rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${FILE}: coqc rejected a claim expected to be proved:\n${out}")
  endif()
  # Each `Print Assumptions` prints "Axioms:" and then every axiom as `name` at the
  # start of a line, its type indented below (or "Closed under the global context"):
  # each must be one of the allowed set of docs/proving.md.
  string(REPLACE ";" "," out_lines "${out}")
  string(REPLACE "\n" ";" out_lines "${out_lines}")
  set(axioms_seen 0)
  foreach(line IN LISTS out_lines)
    if(line MATCHES "^Axioms:" OR line MATCHES "^Closed under the global context" OR line MATCHES "^[ \t]" OR line STREQUAL "")
      continue()
    endif()
    string(REGEX REPLACE "[ \t].*$" "" axiom "${line}")
    if(NOT axiom MATCHES "^(ClassicalDedekindReals\\.sig_forall_dec|ClassicalDedekindReals\\.sig_not_dec|FunctionalExtensionality\\.functional_extensionality_dep|classic|Classical_Prop\\.classic|PrimInt63\\..*|PrimFloat\\..*|Uint63\\..*|FloatAxioms\\..*)$")
      message(FATAL_ERROR "${FILE}: a proof rests on '${axiom}', outside the allowed axioms:\n${out}")
    endif()
    math(EXPR axioms_seen "${axioms_seen} + 1")
  endforeach()
  if(axioms_seen EQUAL 0)
    message(FATAL_ERROR "${FILE}: no axiom listed: Print Assumptions did not run as expected:\n${out}")
  endif()
elseif(EXPECT STREQUAL "rejected")
  file(WRITE ${WORK}/${name}.v "${text}")
  compile(${WORK}/${name}.v out rc)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${FILE}: coqc accepted a false variant:\n${out}")
  endif()
  string(REGEX REPLACE "Proof\\. intros\\. [a-z_]+\\. Qed\\." "Abort." statements "${text}")
  file(WRITE ${WORK}/${name}_statement.v "${statements}")
  compile(${WORK}/${name}_statement.v out2 rc2)
  if(NOT rc2 EQUAL 0)
    message(FATAL_ERROR "${FILE}: the statement itself does not compile, so the rejection proves nothing:\n${out2}")
  endif()
else()
  message(FATAL_ERROR "EXPECT must be proved or rejected")
endif()
