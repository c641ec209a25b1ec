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

# The default run is short: at most 120 lines on stdout.
expect_short(batch-norm-short 120
             $<TARGET_FILE:chapter-batch-norm> --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)

# Sentences computed from the run: under these flags a sentence fixed to the default run's
# numbers would be false. (expect_sentence reads a wrapped sentence as one line.)
# Seed 2: without batch norm 90% test accuracy comes in epoch 8 (5 with seed 1), and the
# train/test gap grows with m_t (flat with seed 1).
string(CONCAT bn_seed "without in epoch 8: batch norm got there sooner.*"
           "from 2.9% at m_t = 16 to 3.9% at 256: it grew")
string(CONCAT bn_seed_absent "in epoch 5|barely moved")
expect_sentence(bn-sentence-seed "${bn_seed}" "${bn_seed_absent}"
                $<TARGET_FILE:chapter-batch-norm> --seed 2 --alphas 0.1
                --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
# Two epochs: neither network reaches 90%, and no alpha of the sweep does.
string(CONCAT bn_epochs "not within 2 epochs, without not within 2 epochs: neither network "
           "reached it.*Claim 2: 90% or more with batch norm for no alpha of the sweep")
string(CONCAT bn_epochs_absent "got there sooner|epoch 3")
expect_sentence(bn-sentence-epochs "${bn_epochs}" "${bn_epochs_absent}"
                $<TARGET_FILE:chapter-batch-norm> --epochs 2 --alphas 0.1
                --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
# Running averages that forget slowly (beta = 0.999) lag behind the training set's statistics:
# batch norm reaches 90% later at test time, and the running averages do worse.
string(CONCAT bn_beta "in epoch 17, without in epoch 5: batch norm got there later.*"
           "did worse than those statistics")
string(CONCAT bn_beta_absent "did as well as|got there sooner")
expect_sentence(bn-sentence-running-beta "${bn_beta}" "${bn_beta_absent}"
                $<TARGET_FILE:chapter-batch-norm> --running-beta 0.999 --alphas 0.1
                --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
# A sweep of three rates: the range of good alphas is read from this sweep.
string(CONCAT bn_alphas "with batch norm for alpha 0.1 to 1 \\(a factor of 10\\), "
           "without only at alpha 0.1: a wider range")
string(CONCAT bn_alphas_absent "0.03 to 3")
expect_sentence(bn-sentence-alphas "${bn_alphas}" "${bn_alphas_absent}"
                $<TARGET_FILE:chapter-batch-norm> --alphas 0.01,0.1,1 --epochs 5
                --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
# Other data: sentences and titles name the file, not the shipped digits.
string(CONCAT bn_data "Claim 1, on batch-norm-small.csv: 90% test accuracy")
expect_sentence(bn-sentence-data "${bn_data}" "8x8 digits"
                $<TARGET_FILE:chapter-batch-norm> --data ${bad}/batch-norm-small.csv
                --epochs 3 --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
# Bad data stops before anything is printed, with one line naming the file.
expect_run(bn-data-empty 1 "empty.csv:1: the file is empty"
           $<TARGET_FILE:chapter-batch-norm> --data ${bad}/empty.csv)
