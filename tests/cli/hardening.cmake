# Hardening checks across the chapters: output that cannot be written, flags spelled oddly,
# data files the regression chapters must handle or refuse with a message that points the
# right way. Each reproduces a bad input that once went wrong.
set(gd $<TARGET_FILE:chapter-gradient-descent>)
set(scratch ${PROJECT_BINARY_DIR}/tmp-hardening)

# A full disk keeps the figures already there (tests/common/full_disk.cmake; skipped where a
# tmpfs cannot be mounted).
add_test(NAME hardening-full-disk-keeps-figures
         COMMAND ${CMAKE_COMMAND} -DPROGRAM=${gd} -DDIR=${scratch}/full-disk
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/common/full_disk.cmake)
set_tests_properties(hardening-full-disk-keeps-figures PROPERTIES
                     SKIP_REGULAR_EXPRESSION "SKIP cannot mount" RUN_SERIAL ON)

# A bad --out is refused before the run, with the reason, exit 2 (chapter 07 ran for 5 s).
expect_run(hardening-out-is-a-file 2 "--out .*: is a file, not a folder"
           $<TARGET_FILE:chapter-batch-norm> --out ${CMAKE_CURRENT_SOURCE_DIR}/data/empty.csv)
expect_run(hardening-out-cannot-be-created 2
           "--out /proc/no-such-folder: cannot create the folder: .*[A-Za-z]"
           $<TARGET_FILE:chapter-batch-norm> --out /proc/no-such-folder)

# Output that cannot be written is an error: stdout on /dev/full.
add_test(NAME hardening-stdout-full
         COMMAND sh -c "$<TARGET_FILE:chapter-ewma> --out ${scratch}/ewma > /dev/full")
set_tests_properties(hardening-stdout-full PROPERTIES
                     PASS_REGULAR_EXPRESSION "cannot write the output: No space left on device")
add_test(NAME hardening-stdout-full-status
         COMMAND sh -c "$<TARGET_FILE:chapter-ewma> --out ${scratch}/ewma > /dev/full; test $? = 1")

# Flags: --no- once only; --help takes no value; an over-long number states the flag's range.
expect_run(hardening-no-no-flag 2 "unknown flag --no-no-standardize"
           ${gd} --no-no-standardize)
expect_run(hardening-help-with-value 2 "--help takes no value" ${gd} --help=no)
string(REPEAT 9 400 nines)
expect_run(hardening-over-long-epochs 2 "--epochs 9+...: must be between 1 and 100000"
           ${gd} --epochs ${nines})
# A flag error returns from main: valgrind finds no leak of any kind (an exit() inside a
# catch left 237 bytes "possibly lost"). On the portable build only: valgrind can run neither
# the sanitizers nor AVX-512 code.
find_program(VALGRIND valgrind)
if(VALGRIND AND PORTABLE AND NOT SANITIZE)
  expect_run(hardening-flag-error-no-leak 2 "unknown flag --alpah"
             ${VALGRIND} -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
             --error-exitcode=3 ${gd} --alpah 1)
  expect_run(hardening-help-no-leak 0 "usage: chapter-gradient-descent"
             ${VALGRIND} -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all
             --error-exitcode=3 ${gd} --help)
endif()

# Regression data the least-squares comparison cannot solve uniquely: gradient descent runs,
# and theta_ols is the minimum-norm solution. A duplicated column (x2 = x1, y = 2 x1 + 5 in
# standardized units) splits the weight evenly, theta_1 = theta_2 = 1, where every variant
# ends; the message names the column by its name.
string(REPLACE " " "[ \n]" dup_pattern "feature \"x2\" is a linear combination of the")
string(CONCAT dup_pattern "${dup_pattern}"
       ".* x1 +1\\.0000 +1\\.0000 +1\\.0000 +1\\.0000 x2 +1\\.0000 +1\\.0000 +1\\.0000 "
       "+1\\.0000 x3 ")
expect_sentence(hardening-duplicate-feature "${dup_pattern}" "column [0-9]"
                ${gd} --data ${bad}/hardening-duplicate.csv --epochs 2000
                --out ${scratch}/duplicate)
# More parameters than examples (p = 6, m = 3): batch GD from theta = 0 ends at the
# minimum-norm solution (distance 0).
# (The sentence is wrapped without indent: any of its spaces may be a line break.)
string(REPLACE " " "[ \n]" wide_pattern "with p = 6 parameters and only m = 3 examples")
expect_sentence(hardening-wide-file "${wide_pattern}.*distance +0\\.0000 +0\\.0000"
                "singular" ${gd} --data ${bad}/hardening-wide.csv --epochs 5000 --alpha 0.1
                --out ${scratch}/wide)
# 10^4 features, 3 examples: once 1.6 GB (p^2 values, twice) for 7.6 s; now within 300 MB.
# ulimit -v cannot work beside the sanitizers' reserved address space.
if(NOT SANITIZE)
  add_test(NAME hardening-wide-file-memory
           COMMAND ${CMAKE_COMMAND} -DPROGRAM=${gd} -DFILE=${scratch}/wide-10000.csv
                   -DCOLUMNS=10000 -DLIMIT_KB=300000
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/common/wide_csv.cmake)
endif()
expect_run(hardening-two-examples 1
           "hardening-two-rows.csv: only 2 examples .lines of numbers.; a regression needs at least"
           ${gd} --data ${bad}/hardening-two-rows.csv)

# Advice that points the right way: targets of 1e300 overflow the cost whatever alpha is.
expect_run(hardening-overflowing-target 1
           "the target \"y\" reaches 1e\\+300; its square times the number of examples overflows"
           ${gd} --data ${bad}/hardening-huge-target.csv)
# A header quoted as R's write.csv writes it: the names lose their quotes.
expect_sentence(hardening-quoted-header "column x" "\"\"x\"\""
                $<TARGET_FILE:chapter-ewma> --data ${bad}/hardening-quoted-header.csv --column x
                --out ${scratch}/quoted)
# Another separator is named.
expect_run(hardening-semicolons 1
           "\"1;2;3\" is not a number; the file looks separated by semicolons"
           ${gd} --data ${bad}/hardening-semicolon.csv)
expect_run(hardening-tabs 1 "is not a number; the file looks separated by tabs"
           ${gd} --data ${bad}/hardening-tab.csv)

# The optimizer chapters train the same regression: they run on a duplicated column and on more
# features than examples too (they refused both, the normal equations being singular).
foreach(chapter IN ITEMS rmsprop adam learning-rate-decay)
  foreach(data IN ITEMS duplicate wide)
    expect_run(hardening-${chapter}-${data} 0 "What this run showed"
               $<TARGET_FILE:chapter-${chapter}> --data ${bad}/hardening-${data}.csv
               --out ${scratch}/${chapter}-${data})
  endforeach()
endforeach()

# Cosmetics. UTF-8 feature names are padded by the columns they take on screen, not their
# bytes: "âge" (3 columns, 4 bytes) is followed by 7 + 1 spaces before theta_ols's 12 columns
# (14 spaces before a number of 6 characters, 13 before a negative one).
expect_run(hardening-utf8-names-aligned 0
           "\n  âge(              [0-9]|             -[0-9])"
           ${gd} --data ${bad}/hardening-utf8-names.csv --out ${scratch}/utf8)
# Values near the largest double print in %g, not as 300-digit fixed-point numbers (no run
# of 15 digits).
expect_sentence(hardening-ewma-huge-values "v_corrected_t"
                "[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]"
                $<TARGET_FILE:chapter-ewma> --data ${bad}/hardening-huge-values.csv
                --out ${scratch}/huge)
# An eps so large the steps are 0/inf prints "nan", never printf's "-nan".
expect_sentence(hardening-rmsprop-huge-eps "What this run showed" "-nan"
                $<TARGET_FILE:chapter-rmsprop> --eps 1e308 --out ${scratch}/eps)
