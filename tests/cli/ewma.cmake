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

# The default output is short, and its sentences follow the run's flags and data.
set(ewma_out --out ${PROJECT_BINARY_DIR}/tmp-figures/ewma)
expect_short(ewma-short 120 $<TARGET_FILE:chapter-ewma> ${ewma_out})
# beta = 0.999 over 100 days: the burn-in (4603 days) outlasts the run, and no fixed 0.98
expect_sentence(ewma-burn-in-longer-than-run
                "beta = 0.999 needs 4603 days for 1 - beta\\^t > 0.99 \\(more than the 100\\)"
                "beta = 0.98|within the"
                $<TARGET_FILE:chapter-ewma> --betas 0.3,0.999 --days 100 ${ewma_out})
# beta = 0.3: k* = 1 against 1/(1 - 0.3) = 1.43, so k* is not "equal" to 1/(1 - beta)
expect_sentence(ewma-k-star-within "k\\* \\(where beta\\^k falls below 1/e\\) is within 0.429"
                "equals 1/\\(1 - beta\\)"
                $<TARGET_FILE:chapter-ewma> --betas 0.3,0.9 ${ewma_out})
# the defaults: k* = 1/(1 - beta) and the burn-in of 0.98 ends within the year
expect_sentence(ewma-default-sentences
                "equals 1/\\(1 - beta\\).*beta = 0.98 needs 228 days.*\\(within the 365\\)"
                "is within"
                $<TARGET_FILE:chapter-ewma> ${ewma_out})
# another file is named by its file name, never as Seattle's temperatures, and has no unit
expect_sentence(ewma-other-data
                "ewma-small.csv, column x.*needs 228 days for 1 - beta.t > 0.99 .more than the 12"
                "Seattle|°C"
                $<TARGET_FILE:chapter-ewma> --data ${bad}/ewma-small.csv --column x ${ewma_out})
# the daily minimum is named as such
expect_sentence(ewma-minimum "What this run showed \\(Seattle's daily minimum temperature"
                "maximum"
                $<TARGET_FILE:chapter-ewma> --column temp_min ${ewma_out})
expect_sentence(ewma-full "beta\\^k of x_.t-k.*s_500" "--full adds"
                $<TARGET_FILE:chapter-ewma> --full ${ewma_out})

# beta = 0 is valid and degenerate: no averaging, v_t = x_t (and 1 - beta^t = 1, nothing to
# correct). It runs and shows exactly that.
string(CONCAT ewma_pattern "v_1 = \\(1 - beta\\) x_1 = 1 \\* 12.8 = 12.8 °C.*"
       " 2 +10.6 +10.6000 +1.000000 +10.6000 .*beta = 0 needs 1 day for")
expect_sentence(ewma-beta-zero "${ewma_pattern}" "needs 1 days|≈ 1 days"
                $<TARGET_FILE:chapter-ewma> --betas 0 --out ${PROJECT_BINARY_DIR}/tmp-figures)
# The notes' "approximately averaging over 1/(1 - beta) days" against the weight still on
# older days, and their "multiply" against the code's division (Reading the notes critically).
string(CONCAT ewma_pattern "the values older than that still carry 25% \\(beta = 0.5, 2 days\\), "
       "34.9% \\(beta = 0.9, 10 days\\) and 36.4% \\(beta = 0.98, 50 days\\) of its weight.*"
       "this code divides v_t by 1 - beta\\^t.*would give v_1 \\(1 - beta\\) = 0.00512 °C on "
       "day 1, further from x_1 = 12.8 °C")
expect_sentence(ewma-reading-the-notes "${ewma_pattern}" ""
                $<TARGET_FILE:chapter-ewma> --out ${PROJECT_BINARY_DIR}/tmp-figures)
