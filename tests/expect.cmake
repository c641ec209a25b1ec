# cmake -DCOMMAND="prog;arg;..." -DCODE=N -DPATTERN=regex -P expect.cmake
# Runs a command and checks its exit status and that stdout+stderr match a pattern: how
# the tests check that bad input gets one clear message and the right exit status.
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT "${code}" STREQUAL "${CODE}")
  message(FATAL_ERROR "FAIL expected exit status ${CODE}, got ${code}\nstdout: ${out}\nstderr: ${err}")
endif()
if(NOT "${out}${err}" MATCHES "${PATTERN}")
  message(FATAL_ERROR "FAIL output lacks /${PATTERN}/\nstdout: ${out}\nstderr: ${err}")
endif()
message(STATUS "ok   exit status ${code}, output matches /${PATTERN}/")
