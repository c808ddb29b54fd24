# SINKCHECK_SANITIZE: sanitizers for every target, as a comma-separated list
# for -fsanitize= ("address,undefined"; "thread"; empty: none). Undefined
# behaviour aborts instead of printing and going on, so a test or a fuzz
# corpus fails on it. scripts/sanitize.sh builds with address,undefined in a
# folder of its own.
set(SINKCHECK_SANITIZE "" CACHE STRING "sanitizers, e.g. address,undefined or thread (empty: none)")
if(SINKCHECK_SANITIZE)
  string(REPLACE "," ";" sanitizers "${SINKCHECK_SANITIZE}")
  foreach(s IN LISTS sanitizers)
    if(NOT s MATCHES "^(address|undefined|leak|thread)$")
      message(FATAL_ERROR "SINKCHECK_SANITIZE: unknown sanitizer '${s}' (known: address, undefined, leak, thread)")
    endif()
  endforeach()
  if("thread" IN_LIST sanitizers AND ("address" IN_LIST sanitizers OR "leak" IN_LIST sanitizers))
    message(FATAL_ERROR "SINKCHECK_SANITIZE: thread cannot be combined with address or leak")
  endif()
  add_compile_options(-fsanitize=${SINKCHECK_SANITIZE} -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${SINKCHECK_SANITIZE})
  if("undefined" IN_LIST sanitizers)
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()

# SINKCHECK_FUZZ: build the fuzz harnesses as libFuzzer fuzzers (clang only):
# every object is instrumented for coverage, and fuzz/ links -fsanitize=fuzzer.
option(SINKCHECK_FUZZ "Build the libFuzzer fuzzers (clang; see scripts/fuzz.sh)" OFF)
if(SINKCHECK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SINKCHECK_FUZZ needs clang (libFuzzer): configure with CXX=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
