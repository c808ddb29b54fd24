# sinkcheck_layer(TARGET FOLDER SOURCES … LINKS …)
#
# Makes TARGET a static library of one layer. Its include path is a folder of
# symbolic links, build/layers/FOLDER/, holding a link to FOLDER and to the
# folder of every sinkcheck layer it links (directly or through another
# layer), and nothing else. A source of the layer that includes a header of a
# layer above it ("reports/…" from engine/) therefore fails to compile:
# the layering is enforced by the build, not by review.
#
# The links are made at configure time; sources are always compiled from the
# source tree, so only the lookup of quoted includes goes through the links.
function(sinkcheck_layer target folder)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINKS" ${ARGN})
  add_library(${target} STATIC ${ARG_SOURCES})
  target_link_libraries(${target} PUBLIC ${ARG_LINKS})
  set(root ${CMAKE_BINARY_DIR}/layers/${folder})
  file(REMOVE_RECURSE ${root})
  file(MAKE_DIRECTORY ${root})
  set(visible ${folder})
  foreach(dep IN LISTS ARG_LINKS)
    if(TARGET ${dep})
      get_target_property(dep_folders ${dep} SINKCHECK_LAYER_FOLDERS)
      if(dep_folders)
        list(APPEND visible ${dep_folders})
      endif()
    endif()
  endforeach()
  list(REMOVE_DUPLICATES visible)
  foreach(f IN LISTS visible)
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${f} ${root}/${f} SYMBOLIC)
  endforeach()
  set_target_properties(${target} PROPERTIES SINKCHECK_LAYER_FOLDERS "${visible}")
  # PUBLIC: a layer above sees this layer's folders through its own links too.
  target_include_directories(${target} PUBLIC ${root})
endfunction()
