# ctest: the checked-in API reference equals what zstack-apidoc generates from the
# registered parameter tables.  cmake -DTOOL=... -DCONFIG=... -DLANG=zh|en -DEXPECTED=... -P
execute_process(COMMAND ${TOOL} --config ${CONFIG} --lang ${LANG} OUTPUT_VARIABLE generated RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "zstack-apidoc failed (${rc})")
endif()
file(READ ${EXPECTED} expected)
if(NOT generated STREQUAL expected)
  message(FATAL_ERROR "${EXPECTED} is out of date: regenerate it with\n  ${TOOL} --config ${CONFIG} --lang ${LANG} > ${EXPECTED}")
endif()
