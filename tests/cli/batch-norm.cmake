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
expect_run(bn-help 0 "--norm-epochs.*--running-beta.*--full"
           $<TARGET_FILE:chapter-batch-norm> --help)
expect_run(bn-diverges 1 "diverged.*epoch 1 with alpha = 100.*try --alpha"
           $<TARGET_FILE:chapter-batch-norm> --alpha 100 --epochs 1
           --out ${PROJECT_BINARY_DIR}/tmp-figures)

expect_run(bn-norm-epochs-zero 2 "--norm-epochs 0: must be between 1 and 10000"
           $<TARGET_FILE:chapter-batch-norm> --norm-epochs 0)

# The default run is short: at most 150 lines on stdout (part 4, beyond the notes, adds 28).
expect_short(batch-norm-short 150
             $<TARGET_FILE:chapter-batch-norm> --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
if(SANITIZE)  # ten minutes under the sanitizers; the other builds check the line count
  set_tests_properties(batch-norm-short PROPERTIES DISABLED ON)
endif()

# Sentences computed from the run: under these flags a sentence fixed to the default run's
# numbers would be false. (expect_sentence reads a wrapped sentence as one line.)
expect_run(bn-seeds-one 2 "--seeds 1: must be between 2 and 100"
           $<TARGET_FILE:chapter-batch-norm> --seeds 1)
# Seeds 2 to 4: the spread over three seeds, and its verdict.
string(CONCAT bn_seed "Over 3 seeds \\(2 to 4.*Claim 1, on the 8x8 digits over 3 seeds: 90% test "
           "accuracy in epoch 3.0 \\+- 0.0 with batch norm, 6.0 \\+- 1.0 without: sooner with "
           "batch norm on every seed")
string(CONCAT bn_seed_absent "Over 5 seeds|epoch 3.4")
expect_sentence(bn-sentence-seed "${bn_seed}" "${bn_seed_absent}"
                $<TARGET_FILE:chapter-batch-norm> --seed 2 --seeds 3 --alphas 0.1
                --norm-epochs 1 --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
# Two epochs: neither network reaches 90% on any seed, and no alpha of the sweep does.
string(CONCAT bn_epochs "epoch 3: 90% not reached within 2 epochs.*in epoch 3.0 \\+- 0.0 with "
           "batch norm, 3.0 \\+- 0.0 without: no difference beyond the spread of the seeds.*"
           "spans a factor of 0 to 0 with batch norm")
string(CONCAT bn_epochs_absent "sooner with batch norm|wider with batch norm")
expect_sentence(bn-sentence-epochs "${bn_epochs}" "${bn_epochs_absent}"
                $<TARGET_FILE:chapter-batch-norm> --epochs 2 --seeds 2 --alphas 0.1
                --norm-epochs 1 --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
# Running averages that forget slowly (beta = 0.999) lag behind the training set's statistics:
# batch norm reaches 90% later at test time, the running averages do worse at test time, and
# trained with them in the forward pass the network's train/test gap is larger.
string(CONCAT bn_beta "later with batch norm on every seed.*the train/test gap, 4.2 \\+- 0.7 "
           "against 3.6 \\+- 0.7 points: larger with the running averages \\(less "
           "regularization, as the notes say\\) on every seed.*did worse than those statistics")
string(CONCAT bn_beta_absent "did as well as|sooner with batch norm")
expect_sentence(bn-sentence-running-beta "${bn_beta}" "${bn_beta_absent}"
                $<TARGET_FILE:chapter-batch-norm> --running-beta 0.999 --seeds 2 --alphas 0.1
                --norm-epochs 1 --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
# A sweep of three rates: the range of good alphas is read from this sweep.
string(CONCAT bn_alphas "spans a factor of 10 to 10 with batch norm, 0 to 0 without.*"
           "wider by a factor of 10 or more on every seed")
string(CONCAT bn_alphas_absent "100 to 100")
expect_sentence(bn-sentence-alphas "${bn_alphas}" "${bn_alphas_absent}"
                $<TARGET_FILE:chapter-batch-norm> --alphas 0.01,0.1,1 --epochs 5 --seeds 2
                --norm-epochs 1 --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
# Other data: sentences and titles name the file, not the shipped digits.
string(CONCAT bn_data "Claim 1, on batch-norm-small.csv over 2 seeds: 90% test accuracy")
expect_sentence(bn-sentence-data "${bn_data}" "8x8 digits"
                $<TARGET_FILE:chapter-batch-norm> --data ${bad}/batch-norm-small.csv
                --epochs 3 --seeds 2 --norm-epochs 1 --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
# Bad data stops before anything is printed, with one line naming the file.
expect_run(bn-data-empty 1 "empty.csv:1: the file is empty"
           $<TARGET_FILE:chapter-batch-norm> --data ${bad}/empty.csv)
# Part 4, beyond the notes: after one epoch per run (not the default five) batch norm is
# ahead at m_t = 64 on both seeds, while layer norm still leads at m_t = 2.
string(CONCAT bn_norms "after 1 epoch \\(--norm-epochs\\).*Final test accuracy after 1 epoch over "
           "2 seeds: at m_t = 2 batch norm [0-9.]+ \\+- [0-9.]+%, layer norm .*\\(layer norm "
           "higher on every seed; best: layer norm.*at m_t = 64 .*\\(batch norm higher on every "
           "seed; best: batch norm")
string(CONCAT bn_norms_absent "after 5 epochs|after 1 epochs")
expect_sentence(bn-sentence-norms "${bn_norms}" "${bn_norms_absent}"
                $<TARGET_FILE:chapter-batch-norm> --seeds 2 --norm-epochs 1 --alphas 0.1
                --epochs 2 --out ${PROJECT_BINARY_DIR}/tmp-batch-norm)
