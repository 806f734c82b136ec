# Fails when a doctest case name holds a ';': doctest_discover_tests passes each name as a
# --test-case filter inside a CMake list, where a ';' splits it into filters that match nothing,
# so that CTest entry would "pass" without running anything.
# Usage: cmake -DTESTS=<chronoline_tests> -P check.cmake
execute_process(COMMAND "${TESTS}" --list-test-cases OUTPUT_VARIABLE names RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${TESTS} --list-test-cases failed (${rc})")
endif()
string(FIND "${names}" ";" at)
if(NOT at EQUAL -1)
  string(SUBSTRING "${names}" ${at} 80 around)
  message(FATAL_ERROR "a test case name holds ';' (use ',' or 'and'): near \"${around}\"")
endif()
