# cmake -DPROGRAM=chapter -DFILE=path -DCOLUMNS=n -DLIMIT_KB=k -P wide_csv.cmake
# Writes a CSV of 3 examples and COLUMNS features (each feature non-constant), then runs
# PROGRAM on it with its virtual memory limited to LIMIT_KB: p^2 values would not fit, the
# data and min(p, m)^2 values do. Passes when the run exits 0 and compares with the
# minimum-norm least-squares solution.
set(header "")
set(row1 "")
set(row2 "")
set(row3 "")
foreach(j RANGE 1 ${COLUMNS})
  math(EXPR b "${j} % 97 + 1")
  math(EXPR c "2 * (${j} % 89) + 3")
  string(APPEND header "f${j},")
  string(APPEND row1 "0,")
  string(APPEND row2 "${b},")
  string(APPEND row3 "${c},")
endforeach()
file(WRITE ${FILE} "${header}y\n${row1}1\n${row2}2\n${row3}4\n")
file(SIZE ${FILE} bytes)
execute_process(COMMAND sh -c "ulimit -v ${LIMIT_KB} && exec \"$0\" \"$@\"" ${PROGRAM}
                        --data ${FILE} --epochs 5 --alpha 1e-5 --out ${FILE}-figures
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
string(REPLACE " " "[ \n]" pattern "with p = [0-9]+ parameters and only m = 3 examples")
if(NOT code EQUAL 0 OR NOT out MATCHES "${pattern}")
  message(FATAL_ERROR "FAIL ${COLUMNS} features, 3 examples (${bytes} bytes), memory limited "
                      "to ${LIMIT_KB} KB: exit ${code}\n${err}")
endif()
message(STATUS "ok   ${COLUMNS} features x 3 examples (${bytes} bytes) ran within ${LIMIT_KB} KB")
