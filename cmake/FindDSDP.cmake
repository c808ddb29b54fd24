# Debian's libdsdp-dev ships neither a CMake config nor a pkg-config file.
# libdsdp.so already records its LAPACK/BLAS dependencies (see ldd), but a
# static libdsdp.a would not, so they are added to the link interface.
find_path(DSDP_INCLUDE_DIR dsdp5.h PATH_SUFFIXES dsdp)
find_library(DSDP_LIBRARY dsdp)
find_package(LAPACK QUIET)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(DSDP REQUIRED_VARS DSDP_LIBRARY DSDP_INCLUDE_DIR)
if(DSDP_FOUND AND NOT TARGET DSDP::DSDP)
  add_library(DSDP::DSDP UNKNOWN IMPORTED)
  set_target_properties(DSDP::DSDP PROPERTIES
    IMPORTED_LOCATION "${DSDP_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${DSDP_INCLUDE_DIR}")
  if(LAPACK_FOUND)
    set_property(TARGET DSDP::DSDP PROPERTY INTERFACE_LINK_LIBRARIES "${LAPACK_LIBRARIES}")
  endif()
endif()
