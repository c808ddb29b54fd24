# SINKCHECK_ALLOCATOR: the malloc of sinkcheck's programs (the command, the
# tests, the benchmarks). Exact arithmetic allocates a GMP number for every
# rational it makes; with two threads glibc's arenas (their locks, frees
# across threads) cost `check all` CPU that jemalloc (Debian's
# libjemalloc-dev) does not, with byte-identical reports. Its settings are in
# cli/allocator_settings.cpp; docs/profile.md says why.
#
# AUTO: jemalloc when pkg-config finds it; jemalloc: required; system: glibc.
# Sanitizer and fuzzer builds keep the system allocator (the sanitizers
# bring their own). Libraries never link it, only executables
# (sinkcheck_use_allocator), so the Python module loaded into a Python
# process never mixes two allocators.
set(SINKCHECK_ALLOCATOR AUTO CACHE STRING "malloc of the programs: AUTO (jemalloc when found), jemalloc or system")
set_property(CACHE SINKCHECK_ALLOCATOR PROPERTY STRINGS AUTO jemalloc system)
if(NOT SINKCHECK_ALLOCATOR MATCHES "^(AUTO|jemalloc|system)$")
  message(FATAL_ERROR "SINKCHECK_ALLOCATOR: '${SINKCHECK_ALLOCATOR}' is not AUTO, jemalloc or system")
endif()

set(SINKCHECK_JEMALLOC_LIBRARY "")
if(SINKCHECK_SANITIZE OR SINKCHECK_FUZZ)
  if(SINKCHECK_ALLOCATOR STREQUAL "jemalloc")
    message(FATAL_ERROR "SINKCHECK_ALLOCATOR=jemalloc cannot be combined with sanitizers or fuzzers")
  endif()
elseif(NOT SINKCHECK_ALLOCATOR STREQUAL "system")
  if(SINKCHECK_ALLOCATOR STREQUAL "jemalloc")
    pkg_check_modules(JEMALLOC REQUIRED jemalloc)
  else()
    pkg_check_modules(JEMALLOC QUIET jemalloc)
  endif()
  if(JEMALLOC_FOUND)
    find_library(JEMALLOC_LIBRARY NAMES jemalloc HINTS ${JEMALLOC_LIBRARY_DIRS} REQUIRED)
    set(SINKCHECK_JEMALLOC_LIBRARY "${JEMALLOC_LIBRARY}")
  endif()
endif()
if(SINKCHECK_JEMALLOC_LIBRARY)
  message(STATUS "sinkcheck: programs use jemalloc (${SINKCHECK_JEMALLOC_LIBRARY})")
else()
  message(STATUS "sinkcheck: programs use the system allocator")
endif()

# Links `target` (an executable) with the chosen allocator. Nothing calls
# jemalloc by name: it replaces malloc and free by being loaded before the C
# library, so the linker must keep it even where it drops unused libraries.
function(sinkcheck_use_allocator target)
  if(SINKCHECK_JEMALLOC_LIBRARY)
    target_link_libraries(${target} PRIVATE "-Wl,--push-state,--no-as-needed" "${SINKCHECK_JEMALLOC_LIBRARY}"
                                            "-Wl,--pop-state")
    target_compile_definitions(${target} PRIVATE SINKCHECK_WITH_JEMALLOC)
    # Its settings (malloc_conf), in the program itself.
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cli/allocator_settings.cpp)
  endif()
endfunction()
