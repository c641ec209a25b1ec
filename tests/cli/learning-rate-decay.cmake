# Bad flags given to chapter-learning-rate-decay: one clear line naming the flag, exit 2.
expect_run(decay-k-negative 2 "--k -1: .*must be >= 0"
           $<TARGET_FILE:chapter-learning-rate-decay> --k -1)
expect_run(decay-k-grows 2 "--k: exponential schedule: k must be <= 1 \\(got 1.5\\)"
           $<TARGET_FILE:chapter-learning-rate-decay> --schedule exponential --k 1.5)
expect_run(decay-k-count 2 "--k: give one value for every schedule or five"
           $<TARGET_FILE:chapter-learning-rate-decay> --k 0.5,0.9)
expect_run(decay-L-zero 2 "--L 0: must be between 1 and"
           $<TARGET_FILE:chapter-learning-rate-decay> --L 0)
expect_run(decay-step-length-zero 2 "--step-length 0: must be between 1 and"
           $<TARGET_FILE:chapter-learning-rate-decay> --step-length 0)
expect_run(decay-unknown-schedule 2
           "--schedule cyclic: must be one of all, time, .*, cosine, warmup-cosine, constant"
           $<TARGET_FILE:chapter-learning-rate-decay> --schedule cyclic)
expect_run(decay-unknown-optimizer 2 "--optimizer sgd: must be one of gd, momentum, rmsprop, adam"
           $<TARGET_FILE:chapter-learning-rate-decay> --optimizer sgd)
expect_run(decay-alpha0-negative 2 "--alpha0 -0.1: must be >= 0"
           $<TARGET_FILE:chapter-learning-rate-decay> --alpha0 -0.1)
expect_run(decay-help 0
           "--schedule.*--optimizer.*--alpha0.*--k.*--L.*--alpha-min.*--T-max.*--warmup"
           $<TARGET_FILE:chapter-learning-rate-decay> --help)
# Beyond the notes: the cosine schedules' settings, checked once the run's N is known.
expect_run(decay-alpha-min-above 2
           "--alpha-min: cosine schedule: alpha_min must be between 0 and alpha0 = 0.1 \\(got 0.5"
           $<TARGET_FILE:chapter-learning-rate-decay> --alpha-min 0.5)
expect_run(decay-warmup-too-long 2
           "--warmup: warmup-cosine schedule: the warmup W must be .* below the run's N = 56"
           $<TARGET_FILE:chapter-learning-rate-decay> --epochs 2 --warmup 56)
expect_run(decay-diverges 1 "schedule diverged: .* at epoch [0-9]+ with alpha = .*try --alpha0"
           $<TARGET_FILE:chapter-learning-rate-decay> --alpha0 5
           --out ${PROJECT_BINARY_DIR}/tmp-figures)
# alpha0's default depends on --optimizer unless alpha0 is given, also through an alias
expect_run(decay-alpha-alias-given 0 "alpha0 = 0.05, epochs = 2"
           $<TARGET_FILE:chapter-learning-rate-decay> --optimizer adam --lr 0.05 --epochs 2
           --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_run(decay-alpha0-default 0 "alpha0 = 1, epochs = 2.*the default for adam"
           $<TARGET_FILE:chapter-learning-rate-decay> --optimizer adam --epochs 2
           --out ${PROJECT_BINARY_DIR}/tmp-figures)

# The default output is short and ends with what the run showed.
expect_short(learning-rate-decay-short 120
             $<TARGET_FILE:chapter-learning-rate-decay> --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Mini-batches of 16 (the default): constant alpha jumps, decay calms it; the constant run
# ends nearer theta_ols yet higher in J.
string(CONCAT decay_pattern "with alpha held at 0.1 each step moves the full alpha along one noisy"
       " gradient of m_t = 16 examples; decay shrinks those steps and calms it\\..*"
       "The constant run ends nearer theta_ols \\(5.704 against 28.02\\) yet "
       "higher in J \\(1439.43 against 1433.35\\)")
expect_sentence(decay-default-sentences "${decay_pattern}" "there is no mini-batch"
                $<TARGET_FILE:chapter-learning-rate-decay> --out ${PROJECT_BINARY_DIR}/tmp-figures)
# m_t = m = 442, the full batch: no mini-batch noise to speak of, and the constant run ends
# both nearer theta_ols and LOWER in J than time-based decay (1439.36 against 1525.75).
string(CONCAT decay_pattern "decay does not end lower here\\..*"
       "With m_t = m = 442 every step uses the exact gradient: there is no mini-batch noise.*"
       "The constant run ends nearer theta_ols \\(46.96 against 51.85\\) and "
       "lower in J \\(1439.36 against 1525.75\\)\\.")
expect_sentence(decay-full-batch-sentences "${decay_pattern}" "yet higher in J|noisy|calms it"
                $<TARGET_FILE:chapter-learning-rate-decay> --batch-size 442
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Constant alpha = 1 diverges: one line, without a limit claimed for mini-batches; the
# decaying schedules still run and are reported (exit 0).
string(CONCAT decay_pattern
       "The constant schedule diverged: J became Inf at epoch [0-9]+ with alpha = 1 "
       "\\(no limit on alpha is known for gd with m_t = 16\\)\\."
       ".*inverse-sqrt-batch, k = 1 +14[0-9][0-9]\\.[0-9]+.*What this run showed:\n"
       "- The constant schedule diverged \\(epoch [0-9]+\\); the others ran on\\.\n"
       "- Constant alpha = 1 diverged; of the decays, inverse-sqrt-batch, k = 1 ends lowest")
expect_sentence(decay-constant-diverges "${decay_pattern}" "lambda_max"
                $<TARGET_FILE:chapter-learning-rate-decay> --alpha0 1
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Other data: the titles name that file, never the diabetes data.
string(CONCAT decay_pattern "data      gradient-descent-small.csv: m = 24"
       ".*J - J\\(theta_ols\\) per epoch on gradient-descent-small.csv")
expect_sentence(decay-other-data "${decay_pattern}" "diabetes"
                $<TARGET_FILE:chapter-learning-rate-decay>
                --data ${CMAKE_CURRENT_SOURCE_DIR}/data/gradient-descent-small.csv
                --out ${PROJECT_BINARY_DIR}/tmp-figures)

# Valid but degenerate settings run (exit 0) and give the obvious result: time-based decay
# with k = 0 is a constant alpha0, its run the constant run; alpha0 = 0 moves nothing.
string(CONCAT decay_pattern "time +0.1 +0.1 +0.1 +0.1 +0.1 +0.1 +0.1 .*"
       "The lowest decay, time, k = 0, ran exactly as constant alpha = 0.1 did, J for J")
expect_sentence(decay-time-k-zero "${decay_pattern}" "nearer theta_ols"
                $<TARGET_FILE:chapter-learning-rate-decay> --schedule time --k 0
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
string(CONCAT decay_pattern "With alpha0 = 0 every schedule gives alpha = 0 at every step: "
       "theta stays at 0 and J at 14537.2 under all of them\\.")
expect_sentence(decay-alpha0-zero "${decay_pattern}" "try --alpha0"
                $<TARGET_FILE:chapter-learning-rate-decay> --alpha0 0
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Reading the notes: the inverse square roots start at k alpha0, the others at alpha0; the
# per-mini-batch t counts on across epochs.
string(CONCAT decay_pattern "At i = t = 1: time 0.05, exponential 0.05, staircase 0.05 "
       "\\(alpha0, whatever k\\); inverse-sqrt-epoch 0.025 = k alpha0 with k = 0.5 .*"
       "at the first mini-batch of epoch 2, t = T \\+ 1 = 29 and alpha = 0.004642\\.")
expect_sentence(decay-reading-the-notes "${decay_pattern}" ""
                $<TARGET_FILE:chapter-learning-rate-decay> --alpha0 0.05 --k 0.5 --epochs 2
                --out ${PROJECT_BINARY_DIR}/tmp-figures)

# Beyond the notes, the default run: cosine (T_max = epochs - 1 = 99) and warmup-cosine
# (W = T = 28) end below the notes' lowest decay; the warmup starts slower, ends higher.
string(CONCAT decay_pattern "cosine, T_max = 99 +1430.8690 +1.0208 .*"
       "Beyond the notes \\(cosine annealing, warmup\\):.*"
       "- cosine, T_max = 99 ends at J - J\\(theta_ols\\) = 1.021, below the notes' lowest "
       "\\(time, k = 0.1, at 3.505\\) and below constant alpha's 9.58\\..*"
       "after epoch 1, J = 2198.03 with warmup against 1522.45 without: it starts slower; at "
       "the end warmup-cosine is above cosine \\(1.023 against 1.021\\)")
expect_sentence(decay-beyond-default "${decay_pattern}" "ran exactly as cosine"
                $<TARGET_FILE:chapter-learning-rate-decay> --out ${PROJECT_BINARY_DIR}/tmp-figures)
# The full batch (T = 1): the default W = 1 is no warmup, and warmup-cosine is cosine; there
# cosine ends above constant alpha (no mini-batch noise to calm).
string(CONCAT decay_pattern "cosine, T_max = 99 ends at J - J\\(theta_ols\\) = 10.96, below the "
       "notes' lowest \\(time, k = 0.1, at 95.9\\) and above constant alpha's 9.508\\..*"
       "warmup-cosine, W = 1 ran exactly as cosine, T_max = 99 did, J for J")
expect_sentence(decay-beyond-full-batch "${decay_pattern}" "it starts"
                $<TARGET_FILE:chapter-learning-rate-decay> --batch-size 442
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# One cosine schedule alone runs beside constant alpha and is told as such.
expect_sentence(decay-cosine-alone "- Beyond the notes: cosine, T_max = 9 ends at .* constant alpha's"
                "Only constant alpha|notes' lowest"
                $<TARGET_FILE:chapter-learning-rate-decay> --schedule cosine --epochs 20 --T-max 9
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
