# zstack_add_plugin(<target> <sources>...): a host plugin, a shared library that links only
# host-api, exports only its ZSTACK_PLUGIN symbols, and lands in lib/zstack/plugins.
function(zstack_add_plugin target)
  add_library(${target} MODULE ${ARGN})
  target_link_libraries(${target} PRIVATE zstack-host-api soci::core)
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    LIBRARY_OUTPUT_DIRECTORY ${ZSTACK_PLUGIN_OUTPUT_DIR})
  # Unresolved symbols are load-time errors, not surprises at first call. Not under clang's
  # sanitizers: clang links their runtimes into executables only, so a plugin's references to
  # them are resolved when it is loaded.
  if(NOT ((ZSTACK_SANITIZE OR ZSTACK_TSAN) AND CMAKE_CXX_COMPILER_ID MATCHES "Clang"))
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
endfunction()
