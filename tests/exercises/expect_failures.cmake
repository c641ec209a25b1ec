# cmake -DBUILD=dir -DTARGET=test-x-exercise -DMUST_FAIL="a;b" -P expect_failures.cmake
# Builds an exercise test against the untouched exercise copies and runs it: it must fail,
# and each MUST_FAIL text must appear in a FAIL line, so no exercise passes by accident.
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD} --target ${TARGET}
                RESULT_VARIABLE built OUTPUT_VARIABLE build_out ERROR_VARIABLE build_out)
if(NOT built EQUAL 0)
  message(FATAL_ERROR "FAIL the exercise copies do not compile:\n${build_out}")
endif()
execute_process(COMMAND ${BUILD}/tests/${TARGET} RESULT_VARIABLE code OUTPUT_VARIABLE out
                ERROR_VARIABLE out)
if(code EQUAL 0)
  message(FATAL_ERROR "FAIL the untouched exercise passes: its checks cannot tell an empty "
                      "exercise from a solved one\n${out}")
endif()
string(REGEX MATCHALL "FAIL [^\n]*" fails "${out}")
list(LENGTH fails count)
foreach(text IN LISTS MUST_FAIL)
  string(FIND "${fails}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "FAIL no failing check mentions \"${text}\"\n${out}")
  endif()
endforeach()
message(STATUS "ok   ${TARGET} fails ${count} checks as it should, including [${MUST_FAIL}]")
