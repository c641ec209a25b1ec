# Bad flags given to chapter-rmsprop: one clear line naming the flag and what it accepts, exit
# status 2; an alpha so large that a path or the cost overflows: one line, exit status 1.
expect_run(rmsprop-beta2-one 2 "--beta2 1: must be >= 0 and < 1"
           $<TARGET_FILE:chapter-rmsprop> --beta2 1)
expect_run(rmsprop-eps-zero 2 "--eps 0: must be > 0"
           $<TARGET_FILE:chapter-rmsprop> --eps 0)
expect_run(rmsprop-eps-placement-sideways 2
           "--eps-placement sideways: must be one of inside, outside"
           $<TARGET_FILE:chapter-rmsprop> --eps-placement sideways)
expect_run(rmsprop-alpha-negative 2 "--alpha -0.1: must be > 0"
           $<TARGET_FILE:chapter-rmsprop> --alpha -0.1)
expect_run(rmsprop-unknown-flag 2 "unknown flag --beta1; did you mean --beta2"
           $<TARGET_FILE:chapter-rmsprop> --beta1 0.9)
expect_run(rmsprop-help 0
           "--alpha, --lr.*--eps-placement inside\\|outside.*--quadratic-steps.*--rosenbrock-steps"
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
# Plain GD and momentum at chapter 03's alpha = 0.4 blow up on mini-batches of one example;
# RMSprop does not. That is part of the lesson: the program says so and goes on.
expect_run(rmsprop-gd-diverges 0
           "Diverged: GD \\(alpha 0.4\\) at epoch 3.*--batch-size 8 or more.*figures"
           $<TARGET_FILE:chapter-rmsprop> --batch-size 1 --out ${PROJECT_BINARY_DIR}/tmp-figures)
expect_run(rmsprop-ragged-csv 1 "ragged.csv:3"
           $<TARGET_FILE:chapter-rmsprop> --data ${bad}/ragged.csv)
