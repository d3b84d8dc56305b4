# soci::core, the SOCI library plugins and the host share (one copy in the process: a plugin's
# DAO runs on the host's soci::session). SOCI 4.0 as packaged by Debian ships no CMake config,
# so it is found by hand. Used by the source tree and by the installed ZStackHostApi package.
if(NOT TARGET soci::core)
  find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
  find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
  add_library(soci::core UNKNOWN IMPORTED)
  set_target_properties(soci::core PROPERTIES IMPORTED_LOCATION ${SOCI_CORE_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${SOCI_INCLUDE_DIR} INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS}")
endif()
