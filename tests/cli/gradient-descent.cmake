# Bad flags and bad data files given to chapter-gradient-descent: one clear line, right exit.
expect_run(gd-unknown-flag 2 "unknown flag --alpah; did you mean --alpha"
           $<TARGET_FILE:chapter-gradient-descent> --alpah 0.1)
expect_run(gd-alpha-out-of-range 2 "--alpha"
           $<TARGET_FILE:chapter-gradient-descent> --alpha -1)
expect_run(gd-help 0 "--batch-size.*full"
           $<TARGET_FILE:chapter-gradient-descent> --help)
expect_run(gd-missing-data 2 "nothing-here.csv"
           $<TARGET_FILE:chapter-gradient-descent> --data ${bad}/nothing-here.csv)
expect_run(gd-ragged-csv 1 "ragged.csv:3"
           $<TARGET_FILE:chapter-gradient-descent> --data ${bad}/ragged.csv)
expect_run(gd-non-number-csv 1 "not-a-number.csv:4:2"
           $<TARGET_FILE:chapter-gradient-descent> --data ${bad}/not-a-number.csv)
expect_run(gd-empty-csv 1 "empty.csv"
           $<TARGET_FILE:chapter-gradient-descent> --data ${bad}/empty.csv)
# Every variant diverges (batch GD grows, finite, above J(theta = 0)): nothing to compare,
# so a clear line and exit 1.
expect_run(gd-diverges 1 "diverged.*alpha = 5.*try --alpha"
           $<TARGET_FILE:chapter-gradient-descent> --alpha 5
           --out ${PROJECT_BINARY_DIR}/tmp-figures)

# The default output is short and ends with what the run showed.
expect_short(gradient-descent-short 120
             $<TARGET_FILE:chapter-gradient-descent> --out ${PROJECT_BINARY_DIR}/tmp-figures)
string(CONCAT gd_pattern "What this run showed:\n.*Stochastic GD got within 1% of the floor"
       ".*one example per step is a noisy gradient")
expect_sentence(gd-showed "${gd_pattern}" ""
                $<TARGET_FILE:chapter-gradient-descent> --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Other data: the titles name that file, never the diabetes data; theta in standardized units.
string(CONCAT gd_pattern "data      gradient-descent-small.csv: m = 24.*standardized units"
       ".*Cost J per epoch on gradient-descent-small.csv")
expect_sentence(gd-other-data "${gd_pattern}" "diabetes"
                $<TARGET_FILE:chapter-gradient-descent>
                --data ${CMAKE_CURRENT_SOURCE_DIR}/data/gradient-descent-small.csv
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Stochastic GD diverges at alpha = 0.3 and is reported in one line, without batch GD's
# limit; batch and mini-batch GD are still run and reported (exit 0).
string(CONCAT gd_pattern
       "Stochastic GD diverged: J became Inf or NaN at epoch [0-9]+ with alpha = 0.3 "
       "\\(no limit on alpha is known "
       "for the stochastic step;"
       ".*Final theta.*mini-batch GD.*What this run showed:\n"
       "- Stochastic GD diverged \\(epoch [0-9]+\\); the other variants ran on.\n"
       "- Batch GD takes one step per epoch; with alpha = 0.3 below its limit")
expect_sentence(gd-stochastic-diverges "${gd_pattern}"
                "stochastic step[^\n]*2 / lambda_max|Batch GD needs"
                $<TARGET_FILE:chapter-gradient-descent> --alpha 0.3
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# m_t = 1: mini-batch GD is stochastic GD, so neither is called the noisier.
string(CONCAT gd_pattern "J rose by 79.49 in all for stochastic GD and by 79.49 for "
       "mini-batch GD: here the two are about as noisy")
expect_sentence(gd-same-noise "${gd_pattern}" "one example per step is a noisy gradient"
                $<TARGET_FILE:chapter-gradient-descent> --batch-size 1
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Batch GD just above its limit 2 / lambda_max = 0.497: its sentence says so and that J grew;
# mini-batch GD still gets below J(theta = 0), so the run goes on.
expect_sentence(gd-batch-above-limit
                "alpha = 0.5 above its limit 0.497, J grew: it is diverging"
                "J fell every epoch"
                $<TARGET_FILE:chapter-gradient-descent> --alpha 0.5
                --out ${PROJECT_BINARY_DIR}/tmp-figures)

# alpha = 0 is valid and degenerate: every variant runs, nothing moves, and the program says
# so (exit 0), instead of reporting that no variant made progress.
string(CONCAT gd_pattern "100 +14537.2410 +14537.2410 +14537.2410.*"
       "With alpha = 0 every step theta := theta - 0 dtheta leaves theta where it started: all "
       "three variants end at J = 14537.2")
expect_sentence(gd-alpha-zero "${gd_pattern}" "try --alpha|fell every epoch"
                $<TARGET_FILE:chapter-gradient-descent> --alpha 0
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Vectorization on its own: the four ways give one gradient, and the three ways of the same
# mini-batch steps reach 1% of the floor in the same epoch; every line with a time in
# microseconds is marked [time] (the determinism check leaves those lines out).
string(CONCAT gd_pattern "The four gradients differ by at most [0-9.e-]+ of the largest "
       "\\|dtheta_j\\|: the same gradient, to rounding\\..*"
       "mini-batch GD, one element at a time +59 +413 mini-batch GD, one example at a time +59 "
       "+413 mini-batch GD, one product per batch +59 +413")
expect_sentence(gd-vectorization "${gd_pattern}" "(^|\n)[^[\n][^\n]*[0-9] us"
                $<TARGET_FILE:chapter-gradient-descent> --out ${PROJECT_BINARY_DIR}/tmp-figures)
