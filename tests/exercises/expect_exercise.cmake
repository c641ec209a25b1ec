# cmake -DTOOL=exercise-tool -DTAG=adam -DMODE=real|blank|mistake|compile ... -P expect_exercise.cmake
#   real:    -DCHECKER=exe   the checker exits 0 and reports "N of N equations right"
#   blank:   -DCHECKER=exe   it exits 1 and reports "0 of N": no check passes on empty bodies
#   mistake: -DCHECKER=exe -DTEXT=...  it exits 1 and prints "Looks like: ...TEXT..."
#   compile: -DBUILD=dir -DTARGET=t -DCOPY=file -DTEXT=...  building t fails, and the
#            condensed errors name the copy's line and print "Hint: ...TEXT..."
if(MODE STREQUAL "compile")
  set(log ${BUILD}/${TARGET}.log)
  execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD} --target ${TARGET}
                  RESULT_VARIABLE built OUTPUT_FILE ${log} ERROR_FILE ${log})
  if(built EQUAL 0)
    message(FATAL_ERROR "FAIL ${TARGET} compiled; its mistake should not")
  endif()
  execute_process(COMMAND ${TOOL} condense ${TAG} ${log} ${COPY} OUTPUT_VARIABLE out
                  ERROR_VARIABLE out)
  string(FIND "${out}" "Hint: ${TEXT}" at)
  get_filename_component(name ${COPY} NAME)
  if(at EQUAL -1 OR NOT out MATCHES "${name}:[0-9]+: error")
    message(FATAL_ERROR "FAIL expected a line of the copy and \"Hint: ${TEXT}\" in:\n${out}")
  endif()
  message(STATUS "ok   ${TARGET}: the compiler's errors come with the hint\n${out}")
  return()
endif()

execute_process(COMMAND ${CHECKER} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REGEX MATCH "([0-9]+) of ([0-9]+) equations right" counts "${out}")
set(right ${CMAKE_MATCH_1})
set(total ${CMAKE_MATCH_2})
if(counts STREQUAL "")
  message(FATAL_ERROR "FAIL no \"N of N equations right\" line (exit ${code}):\n${out}")
endif()
if(MODE STREQUAL "real")
  if(NOT code EQUAL 0 OR NOT right EQUAL total)
    message(FATAL_ERROR "FAIL the real header: expected exit 0 and ${total} of ${total} "
                        "right, got exit ${code} and ${right}:\n${out}")
  endif()
elseif(MODE STREQUAL "blank")
  if(NOT code EQUAL 1 OR NOT right EQUAL 0)
    message(FATAL_ERROR "FAIL the blanked copy: expected exit 1 and 0 of ${total} right, "
                        "got exit ${code} and ${right}: a check passes on an empty body\n${out}")
  endif()
elseif(MODE STREQUAL "mistake")
  string(FIND "${out}" "Looks like: ${TEXT}" at)
  if(NOT code EQUAL 1 OR at EQUAL -1)
    message(FATAL_ERROR "FAIL expected exit 1 and \"Looks like: ${TEXT}\", got exit "
                        "${code}:\n${out}")
  endif()
else()
  message(FATAL_ERROR "unknown MODE ${MODE}")
endif()
message(STATUS "ok   ${MODE}: ${right} of ${total} equations right, as expected\n${out}")
