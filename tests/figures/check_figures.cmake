# cmake -DCHAPTER=exe -DCOMMITTED=dir -DOUT=dir -DCOMPARE=svg-compare -P check_figures.cmake
# Redraws a chapter's figures into OUT and compares each with the committed copy in
# COMMITTED: the figures in the README can never drift from what the code draws.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${CHAPTER} --out ${OUT} RESULT_VARIABLE code OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT code EQUAL 0)
  message(FATAL_ERROR "FAIL the chapter exited with ${code}: ${err}")
endif()
file(GLOB committed RELATIVE ${COMMITTED} ${COMMITTED}/*.svg)
file(GLOB drawn RELATIVE ${OUT} ${OUT}/*.svg)
if(NOT committed STREQUAL drawn)
  message(FATAL_ERROR "FAIL the chapter draws [${drawn}] but [${committed}] are committed; "
                      "run `make figures` and commit the figures")
endif()
set(failed 0)
foreach(svg IN LISTS committed)
  execute_process(COMMAND ${COMPARE} ${COMMITTED}/${svg} ${OUT}/${svg} RESULT_VARIABLE c)
  if(NOT c EQUAL 0)
    set(failed 1)
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "FAIL a committed figure differs from what the code draws now; if the "
                      "change is intended, run `make figures` and commit the figures")
endif()
