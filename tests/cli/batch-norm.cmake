# Bad flags given to chapter-batch-norm: one clear line that says what to fix, exit status 2.
expect_run(bn-running-beta-one 2 "--running-beta 1: must be >= 0 and < 1"
           $<TARGET_FILE:chapter-batch-norm> --running-beta 1)
expect_run(bn-eps-zero 2 "--eps 0: must be > 0"
           $<TARGET_FILE:chapter-batch-norm> --eps 0)
expect_run(bn-batch-size-zero 2 "--batch-size 0: must be between 2 and 100000"
           $<TARGET_FILE:chapter-batch-norm> --batch-size 0)
expect_run(bn-batch-size-one 2 "--batch-size 1: must be between 2"
           $<TARGET_FILE:chapter-batch-norm> --batch-size 1)
expect_run(bn-unknown-flag 2 "unknown flag --runing-beta; did you mean --running-beta"
           $<TARGET_FILE:chapter-batch-norm> --runing-beta 0.9)
expect_run(bn-alphas-negative 2 "--alphas 0.1,-1: element 2"
           $<TARGET_FILE:chapter-batch-norm> --alphas 0.1,-1)
expect_run(bn-help 0 "--running-beta.*--full"
           $<TARGET_FILE:chapter-batch-norm> --help)
expect_run(bn-diverges 1 "diverged.*epoch 1 with alpha = 100.*try --alpha"
           $<TARGET_FILE:chapter-batch-norm> --alpha 100 --epochs 1
           --out ${PROJECT_BINARY_DIR}/tmp-figures)
