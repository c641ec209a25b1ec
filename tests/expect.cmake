# cmake -DCOMMAND="prog;arg;..." -DCODE=N -DPATTERN=regex [-DABSENT=regex] [-DMAX_LINES=n]
#       -P expect.cmake
#       [-DJOIN_WRAPPED=ON] -P expect.cmake
# Runs a command and checks its exit status, that stdout+stderr match PATTERN, that they do
# not match ABSENT (if given), and that stdout has at most MAX_LINES lines (if given): how
# the tests check that bad input gets one clear message and the right exit status, and that
# a sentence a chapter prints agrees with the numbers of its run. With JOIN_WRAPPED, a line
# break followed by the indent of a wrapped line (report::say) reads as one space, so a
# pattern is written as the sentence reads, wherever the wrapping falls.
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT "${code}" STREQUAL "${CODE}")
  message(FATAL_ERROR "FAIL expected exit status ${CODE}, got ${code}\nstdout: ${out}\nstderr: ${err}")
endif()
set(text "${out}${err}")
if(JOIN_WRAPPED)
  string(REGEX REPLACE "\n +" " " text "${text}")
endif()
if(NOT "${text}" MATCHES "${PATTERN}")
  message(FATAL_ERROR "FAIL output lacks /${PATTERN}/\nstdout: ${out}\nstderr: ${err}")
endif()
if(DEFINED ABSENT AND NOT "${ABSENT}" STREQUAL "" AND "${text}" MATCHES "${ABSENT}")
  message(FATAL_ERROR "FAIL output has /${ABSENT}/, which it must not: "
                      "'${CMAKE_MATCH_0}'\nstdout: ${out}\nstderr: ${err}")
endif()
if(DEFINED MAX_LINES AND NOT "${MAX_LINES}" STREQUAL "")
  string(REGEX MATCHALL "\n" newlines "${out}")
  list(LENGTH newlines lines)
  if(lines GREATER MAX_LINES)
    message(FATAL_ERROR "FAIL stdout has ${lines} lines, more than ${MAX_LINES}\nstdout: ${out}")
  endif()
endif()
message(STATUS "ok   exit status ${code}, output matches /${PATTERN}/")
