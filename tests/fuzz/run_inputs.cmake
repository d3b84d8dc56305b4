# ctest: runs a libFuzzer target once over each file of INPUTS/corpus and INPUTS/regressions
# (libFuzzer runs every file named on its command line once, then exits); fails when one of
# them crashes, leaks, hangs past the timeout or trips a sanitizer.
#   cmake -DFUZZER=<binary> -DINPUTS=tests/fuzz/<target> -P run_inputs.cmake
file(GLOB inputs LIST_DIRECTORIES false ${INPUTS}/corpus/* ${INPUTS}/regressions/*)
list(FILTER inputs EXCLUDE REGEX "/\\.[^/]*$")  # .gitkeep
if(NOT inputs)
  message(FATAL_ERROR "no inputs in ${INPUTS}/corpus or ${INPUTS}/regressions")
endif()
list(LENGTH inputs count)
message(STATUS "${FUZZER}: ${count} inputs")
execute_process(COMMAND ${FUZZER} -timeout=10 ${inputs} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${FUZZER} failed (${rc}) on one of the inputs of ${INPUTS}")
endif()
