# The double fast path's kernels (verify/attention_fast_kernel.cpp: they
# propose, never decide) built for several x86-64 levels in the default build:
# baseline (SSE2), x86-64-v3 (AVX2 + FMA) and x86-64-v4 (AVX-512), each as an
# object library of its own with its own namespace (SINKCHECK_KERNEL_LEVEL),
# linked into sinkcheck_verify; verify/attention_fast.cpp picks the best level
# the CPU supports at start-up (SINKCHECK_ISA forces one). Only this file gets
# the flags: the certified stages keep the baseline build.
#
# SINKCHECK_NATIVE=ON builds one copy for -march=SINKCHECK_NATIVE_ARCH instead
# (for people building on and for one machine).
option(SINKCHECK_NATIVE "Build the double fast path's kernels for this machine only (-march=...)" OFF)
set(SINKCHECK_NATIVE_ARCH "native" CACHE STRING "the -march of SINKCHECK_NATIVE (native, x86-64-v3, ...)")

include(CheckCXXCompilerFlag)

# sinkcheck_fast_kernel(LEVEL OPTIONS…): one copy of the kernels in sinkcheck_verify.
function(sinkcheck_fast_kernel level)
  set(target sinkcheck_fast_kernel_${level})
  add_library(${target} OBJECT ${PROJECT_SOURCE_DIR}/verify/attention_fast_kernel.cpp)
  # The verify layer's include folder (cmake/Layers.cmake) and Eigen's headers.
  target_include_directories(${target} PRIVATE ${CMAKE_BINARY_DIR}/layers/verify)
  target_link_libraries(${target} PRIVATE Eigen3::Eigen)
  target_compile_definitions(${target} PRIVATE SINKCHECK_KERNEL_LEVEL=${level})
  # -ffp-contract=off: GCC contracts nothing on its own; Eigen's packet code
  # still uses FMA where the level has it.
  # -Wno-maybe-uninitialized: GCC 12 warns inside its own AVX-512 intrinsics
  # (_mm512_extractf64x4_pd's deliberately undefined operand) as Eigen inlines them.
  target_compile_options(${target} PRIVATE ${ARGN} -ffp-contract=off -Wno-maybe-uninitialized)
  target_sources(sinkcheck_verify PRIVATE $<TARGET_OBJECTS:${target}>)
  # tests/fast_kernel_symbols.sh checks each copy's symbols.
  set_property(GLOBAL APPEND PROPERTY SINKCHECK_FAST_KERNEL_TARGETS ${target})
endfunction()

set(levels "")
if(SINKCHECK_NATIVE)
  sinkcheck_fast_kernel(native -march=${SINKCHECK_NATIVE_ARCH})
  list(APPEND levels NATIVE)
else()
  sinkcheck_fast_kernel(baseline)
  foreach(level v3 v4)
    check_cxx_compiler_flag(-march=x86-64-${level} SINKCHECK_HAS_X86_64_${level})
    if(SINKCHECK_HAS_X86_64_${level})
      sinkcheck_fast_kernel(${level} -march=x86-64-${level})
      string(TOUPPER ${level} upper)
      list(APPEND levels ${upper})
    endif()
  endforeach()
endif()
list(TRANSFORM levels PREPEND SINKCHECK_FAST_KERNEL_)
set_source_files_properties(verify/attention_fast.cpp PROPERTIES COMPILE_DEFINITIONS "${levels}")
message(STATUS "sinkcheck: fast-path kernels for ${levels}")
