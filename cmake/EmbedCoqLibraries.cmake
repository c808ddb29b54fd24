# cmake -DOUTPUT=file.cpp -DLIBRARIES="a.v|b.v" -P EmbedCoqLibraries.cmake
#
# Writes a C++ source holding every Coq library of propositions/coq/ as a
# string (propositions/coq_libraries.hpp looks them up by module name), so
# that `sinkcheck prove` writes them verbatim next to the generated claims.
set(body "// Generated from propositions/coq/*.v by cmake/EmbedCoqLibraries.cmake: do not edit.\n")
string(APPEND body "#include \"propositions/coq_libraries.hpp\"\n\nnamespace sinkcheck {\n\n")
string(APPEND body "const std::vector<CoqLibrary>& coq_libraries() {\n  static const std::vector<CoqLibrary> libraries = {\n")
string(REPLACE "|" ";" LIBRARIES "${LIBRARIES}")
list(SORT LIBRARIES)
foreach(file IN LISTS LIBRARIES)
  get_filename_component(module ${file} NAME_WE)
  file(READ ${file} text)
  string(FIND "${text}" ")sinkcheck_coq\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains the raw string's end marker")
  endif()
  string(APPEND body "      {\"${module}\", R\"sinkcheck_coq(${text})sinkcheck_coq\"},\n")
endforeach()
string(APPEND body "  };\n  return libraries;\n}\n\n}  // namespace sinkcheck\n")
# Rewritten only when it changes: the library's objects stay cached.
set(old "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
endif()
if(NOT old STREQUAL body)
  file(WRITE ${OUTPUT} "${body}")
endif()
