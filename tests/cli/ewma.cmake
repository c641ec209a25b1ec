# Bad flags and bad data given to chapter-ewma: one clear line, the right exit status.
expect_run(ewma-beta-one-refused 2 "--betas 0.9,1: element 2 \\(1\\): must be >= 0 and < 1"
           $<TARGET_FILE:chapter-ewma> --betas 0.9,1)
expect_run(ewma-beta-negative-refused 2 "--betas.*>= 0"
           $<TARGET_FILE:chapter-ewma> --betas -0.5)
expect_run(ewma-unknown-flag 2 "unknown flag --beta; did you mean --betas"
           $<TARGET_FILE:chapter-ewma> --beta 0.9)
expect_run(ewma-help 0 "--betas.*--days.*--column"
           $<TARGET_FILE:chapter-ewma> --help)
expect_run(ewma-days-beyond-file 2 "--days 5000 is more than the 1461 days"
           $<TARGET_FILE:chapter-ewma> --days 5000 --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_run(ewma-too-many-betas 2 "at most 6"
           $<TARGET_FILE:chapter-ewma> --betas 0.1,0.2,0.3,0.4,0.5,0.6,0.7)
expect_run(ewma-missing-column 1 "no column \"temp_avg\""
           $<TARGET_FILE:chapter-ewma> --column temp_avg --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_run(ewma-non-number-csv 1 "not-a-number.csv:4:2"
           $<TARGET_FILE:chapter-ewma> --data ${bad}/not-a-number.csv --column y
           --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_run(ewma-three-days 0 "v_3 = .*figures"
           $<TARGET_FILE:chapter-ewma> --days 3 --out ${PROJECT_BINARY_DIR}/tmp-figures)
