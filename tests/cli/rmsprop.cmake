# Bad flags given to chapter-rmsprop: one clear line naming the flag and what it accepts, exit
# status 2; an alpha so large that a path or the cost overflows: one line, exit status 1.
expect_run(rmsprop-beta2-one 2 "--beta2 1: must be >= 0 and < 1"
           $<TARGET_FILE:chapter-rmsprop> --beta2 1)
expect_run(rmsprop-eps-zero 2 "--eps 0: must be > 0"
           $<TARGET_FILE:chapter-rmsprop> --eps 0)
expect_run(rmsprop-eps-placement-sideways 2
           "--eps-placement sideways: must be one of inside, outside"
           $<TARGET_FILE:chapter-rmsprop> --eps-placement sideways)
expect_run(rmsprop-alpha-negative 2 "--alpha -0.1: must be >= 0"
           $<TARGET_FILE:chapter-rmsprop> --alpha -0.1)
expect_run(rmsprop-unknown-flag 2 "unknown flag --beta1; did you mean --beta2"
           $<TARGET_FILE:chapter-rmsprop> --beta1 0.9)
expect_run(rmsprop-help 0
           "--alpha, --lr.*--eps-placement inside\\|outside.*--quadratic-steps.*--rosenbrock-steps.*--adagrad-epochs"
           $<TARGET_FILE:chapter-rmsprop> --help)
expect_run(rmsprop-lr-alias 0
           "outside the root.*quadratic: alpha = 0.05, 20 steps.*diabetes: alpha = 0.5, 3 epochs"
           $<TARGET_FILE:chapter-rmsprop> --lr 0.5 --quadratic-alpha 0.05 --quadratic-steps 20
           --rosenbrock-steps 100 --epochs 3 --eps-placement outside
           --out ${PROJECT_BINARY_DIR}/tmp-figures)
# RMSprop moves each coordinate by at most alpha / sqrt(1 - beta2) per step, so only an alpha
# so large that theta itself overflows f or the cost makes it fail.
expect_run(rmsprop-path-overflows 1
           "path on f = 0.1 x.2 \\+ 2 y.2 overflowed.*try --quadratic-alpha 0.1"
           $<TARGET_FILE:chapter-rmsprop> --quadratic-alpha 1e200
           --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_run(rmsprop-diverges 1
           "RMSprop diverged on the diabetes data.*epoch 1 with alpha = 1e\\+200.*try --alpha 1[.]"
           $<TARGET_FILE:chapter-rmsprop> --alpha 1e200
           --out ${PROJECT_BINARY_DIR}/tmp-figures)
# (A sentence wrapped at 92 columns may break a line where a pattern has a space:  .)
# Plain GD and momentum at chapter 03's alpha = 0.4 blow up on mini-batches of one example;
# RMSprop does not. That is part of the lesson: the program says so and goes on.
# (Chapter 04 prints its paragraphs unindented, so their wrapped lines are not joined into
# one: where a line may break, the pattern says [ \n]+.)
expect_sentence(rmsprop-gd-diverges
                "Diverged: GD \\(alpha 0.4\\) at epoch 3.*--batch-size 8 or[ \n]+more.*figures" ""
                $<TARGET_FILE:chapter-rmsprop> --batch-size 1 --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_run(rmsprop-ragged-csv 1 "ragged.csv:3"
           $<TARGET_FILE:chapter-rmsprop> --data ${bad}/ragged.csv)

# The default output is short (at most 120 lines; --full prints the longer tables).
expect_short(rmsprop-short 120 $<TARGET_FILE:chapter-rmsprop> --out ${PROJECT_BINARY_DIR}/tmp-figures)
# The sentences a run prints are computed from it: under non-default flags a fixed sentence
# would be false, so each test below runs such flags and names what must (not) be printed.
expect_sentence(rmsprop-says-defaults
                "take away most of GD's 20-fold spread.*f after 50 steps: RMSprop \\(4.662e-06\\) < GD"
                "leaves the chart"
                $<TARGET_FILE:chapter-rmsprop> --out ${PROJECT_BINARY_DIR}/tmp-figures)
# eps outside the root: every formula the run prints divides by (sqrt(s) + eps).
expect_sentence(rmsprop-says-eps-outside
                "theta := theta - alpha dtheta / \\(sqrt\\(s\\) \\+ eps\\).*eps = 1e-08 outside the root.*alpha_y = alpha / \\(sqrt\\(s\\) \\+ eps\\).*rates alpha / \\(sqrt\\(s\\) \\+ eps\\)"
                "alpha_y = alpha / sqrt\\(s \\+ eps\\)|rates alpha / sqrt\\(s \\+ eps\\)"
                $<TARGET_FILE:chapter-rmsprop> --eps-placement outside --rosenbrock-steps 100
                --epochs 3 --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Outside with eps = 1e-6 and beta2 = 0.9, RMSprop ends last on the quadratic after 50 steps.
expect_sentence(rmsprop-says-ranking
                "f after 50 steps: GD \\(0.000598\\) < momentum \\(0.01934\\) < RMSprop \\(0.02465\\)"
                "f after 50 steps: RMSprop"
                $<TARGET_FILE:chapter-rmsprop> --eps-placement outside --eps 1e-6 --beta2 0.9
                --rosenbrock-steps 100 --epochs 3 --out ${PROJECT_BINARY_DIR}/tmp-figures)
# beta2 = 0.9: the start-up and the eps crossing are this beta2's.
expect_sentence(rmsprop-says-beta2
                "1 / sqrt\\(1 - beta2\\) = 3.162.*beta2 = 0.9: step 1 is 3.16 alpha, within 1% of alpha from step 38  <- this run.*- beta2 = 0.9: step 1 is 3.16 alpha"
                "from step 391  <- this run|- beta2 = 0.99:"
                $<TARGET_FILE:chapter-rmsprop> --beta2 0.9 --rosenbrock-steps 100 --epochs 3
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# A beta2 outside the three rows gets its own row.
expect_sentence(rmsprop-says-beta2-row
                "beta2 = 0.95: step 1 is 4.47 alpha, within 1% of alpha from step 77  <- this run"
                "<- this run.*<- this run"
                $<TARGET_FILE:chapter-rmsprop> --beta2 0.95 --rosenbrock-steps 100 --epochs 3
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# eps = 1e-6: inside acts like sqrt(eps) = 0.001 outside; they differ most at |g| = 0.01.
expect_sentence(rmsprop-says-eps
                "eps = 1e-06 inside acts like eps = 0.001 outside.*\\|g\\|[ \n]+=[ \n]+0.01, where"
                "eps = 1e-08 inside acts"
                $<TARGET_FILE:chapter-rmsprop> --eps 1e-6 --rosenbrock-steps 100 --epochs 3
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# A large alpha on the quadratic: RMSprop's first step of alpha / sqrt(1 - beta2) = 10 leaves
# the chart (x in [-6, 2]).
expect_sentence(rmsprop-says-left-chart
                "RMSprop leaves the chart at step 1.*f after 50 steps: RMSprop"
                "(GD|momentum) leaves the chart"
                $<TARGET_FILE:chapter-rmsprop> --quadratic-alpha 1 --rosenbrock-steps 100
                --epochs 3 --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Other data: named by its file name, never as the diabetes data, with its own floor.
expect_sentence(rmsprop-says-data
                "Training curves: rmsprop-small.csv, m = 40 examples, 3 features.*J\\(theta_ols\\) = 0.9909448 is the floor.*- rmsprop-small.csv, J at epoch 100: "
                "diabetes"
                $<TARGET_FILE:chapter-rmsprop> --data ${CMAKE_CURRENT_SOURCE_DIR}/data/rmsprop-small.csv
                --rosenbrock-steps 100 --out ${PROJECT_BINARY_DIR}/tmp-figures)

# Valid but degenerate settings run (exit 0) with the obvious result: alpha = 0 leaves
# RMSprop at J(theta = 0) = 14537.24; beta2 = 0 keeps no average, s = dtheta^2, so every
# step is alpha from the first on.
expect_sentence(rmsprop-alpha-zero "J at epoch 100: .*< RMSprop \\(14537.24\\)" "diverged"
                $<TARGET_FILE:chapter-rmsprop> --alpha 0 --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_sentence(rmsprop-beta2-zero "beta2 = 0: step 1 is 1 alpha, within 1% of alpha from step 1"
                "diverged"
                $<TARGET_FILE:chapter-rmsprop> --beta2 0 --out ${PROJECT_BINARY_DIR}/tmp-figures)
# The notes' defaults, as the program starts (notes, RMSprop: "epsilon = 10^-8", inside the
# root); beta2 = 0.99 is this program's own choice (the notes give none for RMSprop).
string(CONCAT rmsprop_pattern "--eps VALUE [^\n]*\\(default 1e-08;.*"
       "--eps-placement inside[|]outside [^\n]*\\(default inside\\)")
expect_sentence(rmsprop-notes-defaults "${rmsprop_pattern}" ""
                $<TARGET_FILE:chapter-rmsprop> --help)

# Beyond the notes, Adagrad against RMSprop over 1000 epochs (7000 steps) of the diabetes data:
# Adagrad's effective step falls, RMSprop's holds.
string(CONCAT rms_pattern "After 7000 steps Adagrad's effective step \\(median over the "
       "coordinates\\) is 2.7% of its first \\(0.0433 -> 0.00116\\), RMSprop's 34% .*"
       "From step 70 to step 7000, Adagrad's alpha / sqrt\\(s\\) fell to 21% .*RMSprop's "
       "stayed within a factor 2, at 127%.*J after 1000 epochs: RMSprop 1435.798, Adagrad "
       "1861.505 \\(floor 1429.848\\): Adagrad ends 72.6 times as far above the floor")
string(REPLACE " " "[ \n]+" rms_pattern "${rms_pattern}")  # a line may break at any space
expect_sentence(rmsprop-adagrad-default "${rms_pattern}" "went to"
                $<TARGET_FILE:chapter-rmsprop> --out ${PROJECT_BINARY_DIR}/tmp-figures)
# A shorter long run: the numbers follow the flag.
expect_sentence(rmsprop-adagrad-epochs "After[ \n]+700[ \n]+steps.*From[ \n]+step[ \n]+7[ \n]+to[ \n]+step[ \n]+700"
                "After 7000 steps"
                $<TARGET_FILE:chapter-rmsprop> --adagrad-epochs 100 --rosenbrock-steps 100
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
