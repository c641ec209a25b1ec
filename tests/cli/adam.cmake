# Bad flags given to chapter-adam: one clear line naming the flag and its range, exit status 2;
# an alpha so large that the cost overflows: one line naming the epoch and alpha, exit status 1.
expect_run(adam-beta1-one 2 "--beta1 1: must be >= 0 and < 1"
           $<TARGET_FILE:chapter-adam> --beta1 1)
expect_run(adam-beta2-negative 2 "--beta2 -0.1: must be >= 0 and < 1"
           $<TARGET_FILE:chapter-adam> --beta2 -0.1)
expect_run(adam-eps-zero 2 "--eps 0: must be > 0"
           $<TARGET_FILE:chapter-adam> --eps 0)
expect_run(adam-eps-placement-unknown 2 "must be one of inside, outside"
           $<TARGET_FILE:chapter-adam> --eps-placement middle)
expect_run(adam-unknown-flag 2 "unknown flag --beta3; did you mean --beta1"
           $<TARGET_FILE:chapter-adam> --beta3 0.9)
expect_run(adam-help 0 "--eps-placement inside\\|outside.*--\\[no-\\]bias-correction"
           $<TARGET_FILE:chapter-adam> --help)
# Adam cannot blow up the way GD does: each step moves a coordinate by at most a few alpha
# ((1 - beta1) / sqrt(1 - beta2) = 3.16 alpha at t = 1, about 6.5 alpha at most without the
# corrections). Even --alpha 1e5 ends at a finite cost (J = 2382 against J(theta_ols) = 1430);
# only an alpha so large that theta itself overflows the cost (1e200: J ~ 1e400) diverges.
expect_run(adam-diverges 1
           "Adam diverged: the cost became (Inf|NaN) at epoch 1 with alpha = 1e\\+200.*try --alpha"
           $<TARGET_FILE:chapter-adam> --alpha 1e200 --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_run(adam-lr-alias 0
           "beta1 = 0.8.*quadratic: alpha = 0.2, 10 steps.*regression: alpha = 0.5, 3 epochs"
           $<TARGET_FILE:chapter-adam> --lr 0.5 --beta1 0.8 --epochs 3 --quadratic-alpha 0.2
           --quadratic-steps 10 --rosenbrock-steps 10 --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_run(adam-help-2d 0 "--quadratic-alpha.*--rosenbrock-steps.*--data FILE"
           $<TARGET_FILE:chapter-adam> --help)
expect_run(adam-ragged-csv 1 "ragged.csv:3"
           $<TARGET_FILE:chapter-adam> --data ${bad}/ragged.csv)

# The default output is short, and ends with what the run showed.
expect_short(adam-short 150 $<TARGET_FILE:chapter-adam> --out ${PROJECT_BINARY_DIR}/tmp-figures)

# Sentences computed from the run: each runs flags or data under which the default run's
# sentence would be false. A sentence may wrap, so each space of a pattern also matches a
# line break and the next line's indent.
string(ASCII 10 adam_newline)
function(adam_sentence NAME TEXT ABSENT)
  string(REPLACE " " "[ ${adam_newline}]+" pattern "${TEXT}")
  expect_sentence(${NAME} "${pattern}" "${ABSENT}" ${ARGN})
endfunction()
# Another data file: its own J(theta_ols) with significant digits, its own most correlated
# columns by name, no word of the diabetes data.
set(adam_pattern "J\\(theta_ols\\) = 2.23821e-06. .* The most correlated features, ")
string(APPEND adam_pattern "a and b \\(r = 0.993\\), are nearly collinear.")
adam_sentence(adam-small-data "${adam_pattern}"
  "diabetes|s1 and s2|J\\(theta_ols\\) = 0.0[0-9]?[^0-9e]"
  $<TARGET_FILE:chapter-adam> --data ${CMAKE_CURRENT_SOURCE_DIR}/data/adam-small.csv
  --out ${PROJECT_BINARY_DIR}/tmp-figures)
# Without bias correction both training columns are uncorrected, and the run says when it
# reaches 1% of J(theta_ols) against the corrected run at the same alpha: at alpha = 3 later
# (at the default alpha = 1, earlier).
set(adam_pattern "alpha = 0.001, uncorrected .* the uncorrected run comes within 1% of ")
string(APPEND adam_pattern "J\\(theta_ols\\) at epoch 19, 7 epochs later than the corrected ")
string(APPEND adam_pattern "one \\(epoch 12\\)")
adam_sentence(adam-no-bias-correction "${adam_pattern}" "earlier than the corrected one"
  $<TARGET_FILE:chapter-adam> --no-bias-correction --alpha 3
  --out ${PROJECT_BINARY_DIR}/tmp-figures)
# beta1 = 0.99 with beta2 = 0.9: v lags s, so the uncorrected steps are too short.
adam_sentence(adam-uncorrected-shortest
  "the steps are shortest at t = 1 \\(0.03162 alpha\\)" "steps are longest"
  $<TARGET_FILE:chapter-adam> --beta1 0.99 --beta2 0.9 --out ${PROJECT_BINARY_DIR}/tmp-figures)
# 10 steps on Rosenbrock's function: no method gets within 0.1 of the minimum.
adam_sentence(adam-rosenbrock-none
  "Rosenbrock's minimum after 10 steps: none of the four" "minimum: Adam"
  $<TARGET_FILE:chapter-adam> --rosenbrock-steps 10 --out ${PROJECT_BINARY_DIR}/tmp-figures)

# Valid but degenerate settings run (exit 0) with the obvious result: alpha = 0 moves nothing
# (the step sizes per unit alpha are still shown); beta1 = beta2 = 0 averages nothing, and
# the bias corrections 1 - 0^t = 1 change nothing.
string(CONCAT adam_pattern "For a constant gradient every corrected step is 1 alpha.*"
       "Neither Adam at alpha = 0 nor alpha = 0.001 comes within 1%")
expect_sentence(adam-alpha-zero "${adam_pattern}" "nan|diverged"
                $<TARGET_FILE:chapter-adam> --alpha 0 --out ${PROJECT_BINARY_DIR}/tmp-figures)
string(CONCAT adam_pattern "Without the corrections the first step is 1 alpha.*the uncorrected "
       "run comes within 1% of J\\(theta_ols\\) at epoch [0-9]+, at the same epoch as the "
       "corrected one")
expect_sentence(adam-betas-zero "${adam_pattern}" "nan|diverged"
                $<TARGET_FILE:chapter-adam> --beta1 0 --beta2 0
                --out ${PROJECT_BINARY_DIR}/tmp-figures)
# The notes' defaults, as the program starts (notes, Adam's typical values: beta1 0.9,
# beta2 0.999, epsilon 10^-8, inside the root).
string(CONCAT adam_pattern "--beta1 VALUE [^\n]*\\(default 0.9;.*--beta2 VALUE [^\n]*"
       "\\(default 0.999;.*--eps VALUE [^\n]*\\(default 1e-08;.*--eps-placement "
       "inside[|]outside [^\n]*\\(default inside\\)")
expect_sentence(adam-notes-defaults "${adam_pattern}" "" $<TARGET_FILE:chapter-adam> --help)

# Beyond the notes: the flags of sections 5 and 6, their ranges, and the sentences under a
# C for which the default run's numbers would be false (C = 20: beta2 = 1 / 401 and the
# regret of x = +1 is 2 (20 - 2) / 3 = 12), and a lambda that changes the L2 shares.
expect_run(adam-help-beyond 0 "--weight-decay VALUE.*--reddi-c VALUE"
           $<TARGET_FILE:chapter-adam> --help)
expect_run(adam-weight-decay-zero 2 "--weight-decay 0: must be > 0"
           $<TARGET_FILE:chapter-adam> --weight-decay 0)
expect_run(adam-reddi-c-two 2 "--reddi-c 2: must be > 2"
           $<TARGET_FILE:chapter-adam> --reddi-c 2)
set(adam_pattern "With beta2 = 0.00249 Adam ends near \\+1 \\(x_T = 0.99[0-9]*\\), average regret ")
string(APPEND adam_pattern "12 \\(at x = \\+1 it would be 2 \\(C - 2\\) / 3 = 12\\); AMSGrad ends ")
string(APPEND adam_pattern "near -1")
adam_sentence(adam-reddi-c "${adam_pattern}" "= 0.667|beta2 = 0.1 "
  $<TARGET_FILE:chapter-adam> --reddi-c 20 --epochs 2 --quadratic-steps 10
  --rosenbrock-steps 10 --out ${PROJECT_BINARY_DIR}/tmp-figures)
