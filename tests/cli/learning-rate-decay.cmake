# Bad flags given to chapter-learning-rate-decay: one clear line naming the flag, exit 2.
expect_run(decay-k-zero 2 "--k 0: .*must be > 0"
           $<TARGET_FILE:chapter-learning-rate-decay> --k 0)
expect_run(decay-k-negative 2 "--k -1: .*must be > 0"
           $<TARGET_FILE:chapter-learning-rate-decay> --k -1)
expect_run(decay-k-grows 2 "--k: exponential schedule: k must be <= 1 \\(got 1.5\\)"
           $<TARGET_FILE:chapter-learning-rate-decay> --schedule exponential --k 1.5)
expect_run(decay-k-count 2 "--k: give one value for every schedule or five"
           $<TARGET_FILE:chapter-learning-rate-decay> --k 0.5,0.9)
expect_run(decay-L-zero 2 "--L 0: must be between 1 and"
           $<TARGET_FILE:chapter-learning-rate-decay> --L 0)
expect_run(decay-step-length-zero 2 "--step-length 0: must be between 1 and"
           $<TARGET_FILE:chapter-learning-rate-decay> --step-length 0)
expect_run(decay-unknown-schedule 2 "--schedule cosine: must be one of all, time, .*, constant"
           $<TARGET_FILE:chapter-learning-rate-decay> --schedule cosine)
expect_run(decay-unknown-optimizer 2 "--optimizer sgd: must be one of gd, momentum, rmsprop, adam"
           $<TARGET_FILE:chapter-learning-rate-decay> --optimizer sgd)
expect_run(decay-alpha0-zero 2 "--alpha0 0: must be > 0"
           $<TARGET_FILE:chapter-learning-rate-decay> --alpha0 0)
expect_run(decay-help 0 "--schedule.*--optimizer.*--alpha0.*--k.*--L"
           $<TARGET_FILE:chapter-learning-rate-decay> --help)
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
