# zstack_add_plugin(<target> [NO_INSTALL] <sources>...): a host plugin, a shared library that links only
# host-api and its plugin SDK (and SOCI, which the host shares with it), exports only its ZSTACK_PLUGIN symbols,
# and installs into ${ZSTACK_PLUGIN_INSTALL_DIR} (lib/zstack/plugins). In the source tree it is
# built into ${ZSTACK_PLUGIN_OUTPUT_DIR}, where the build tree's host finds it. NO_INSTALL: a
# plugin only the tests load.
function(zstack_add_plugin target)
  cmake_parse_arguments(ARG "NO_INSTALL" "" "" ${ARGN})
  add_library(${target} MODULE ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${target} PRIVATE ZStack::plugin-sdk)
  set_target_properties(${target} PROPERTIES PREFIX "lib" CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  if(ZSTACK_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ZSTACK_PLUGIN_OUTPUT_DIR})
  endif()
  # Unresolved symbols are load-time errors, not surprises at first call. Not under clang's
  # sanitizers: clang links their runtimes into executables only, so a plugin's references to
  # them are resolved when it is loaded.
  if(NOT ((ZSTACK_SANITIZE OR ZSTACK_TSAN) AND CMAKE_CXX_COMPILER_ID MATCHES "Clang"))
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION ${ZSTACK_PLUGIN_INSTALL_DIR})
  endif()
endfunction()
