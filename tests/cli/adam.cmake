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
           "beta1 = 0.8.*quadratic: alpha = 0.2, 10 steps.*diabetes: alpha = 0.5, 3 epochs"
           $<TARGET_FILE:chapter-adam> --lr 0.5 --beta1 0.8 --epochs 3 --quadratic-alpha 0.2
           --quadratic-steps 10 --rosenbrock-steps 10 --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_run(adam-help-2d 0 "--quadratic-alpha.*--rosenbrock-steps.*--data FILE"
           $<TARGET_FILE:chapter-adam> --help)
expect_run(adam-ragged-csv 1 "ragged.csv:3"
           $<TARGET_FILE:chapter-adam> --data ${bad}/ragged.csv)
