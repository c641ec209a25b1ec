# Bad flags and bad data files given to chapter-gradient-descent: one clear line, right exit.
expect_run(gd-unknown-flag 2 "unknown flag --alpah; did you mean --alpha"
           $<TARGET_FILE:chapter-gradient-descent> --alpah 0.1)
expect_run(gd-alpha-out-of-range 2 "--alpha"
           $<TARGET_FILE:chapter-gradient-descent> --alpha -1)
expect_run(gd-help 0 "--batch-size"
           $<TARGET_FILE:chapter-gradient-descent> --help)
expect_run(gd-missing-data 2 "nothing-here.csv"
           $<TARGET_FILE:chapter-gradient-descent> --data ${bad}/nothing-here.csv)
expect_run(gd-ragged-csv 1 "ragged.csv:3"
           $<TARGET_FILE:chapter-gradient-descent> --data ${bad}/ragged.csv)
expect_run(gd-non-number-csv 1 "not-a-number.csv:4:2"
           $<TARGET_FILE:chapter-gradient-descent> --data ${bad}/not-a-number.csv)
expect_run(gd-empty-csv 1 "empty.csv"
           $<TARGET_FILE:chapter-gradient-descent> --data ${bad}/empty.csv)
expect_run(gd-diverges 1 "diverged.*alpha = 5.*try --alpha"
           $<TARGET_FILE:chapter-gradient-descent> --alpha 5 --out ${PROJECT_BINARY_DIR}/tmp-figures)
