# Bad flags and diverging learning rates given to chapter-momentum: one clear line, right exit.
set(momentum_out --out ${PROJECT_BINARY_DIR}/tmp-figures/momentum)
expect_run(momentum-beta-one 2 "--beta 1: must be >= 0 and < 1"
           $<TARGET_FILE:chapter-momentum> --beta 1)
expect_run(momentum-unknown-flag 2 "unknown flag --bet; did you mean --beta"
           $<TARGET_FILE:chapter-momentum> --bet 0.5)
expect_run(momentum-bad-form 2 "--form sideways: must be one of notes, unscaled"
           $<TARGET_FILE:chapter-momentum> --form sideways)
expect_run(momentum-alpha-zero 2 "--lr 0: must be > 0"
           $<TARGET_FILE:chapter-momentum> --lr 0)
expect_run(momentum-help 0 "--form notes[|]unscaled.*--quadratic-alpha.*--rosenbrock-steps"
           $<TARGET_FILE:chapter-momentum> --help)
# alpha = 20 is above 2 (1 + beta) / ((1 - beta) 4) = 9.5 on the elongated quadratic
expect_run(momentum-diverges-quadratic 1
           "momentum diverges on f = .*alpha = 20.*try --quadratic-alpha"
           $<TARGET_FILE:chapter-momentum> --quadratic-alpha 20 ${momentum_out})
# alpha = 9 is below that limit, but not stable with mini-batches of the diabetes data
expect_run(momentum-diverges-diabetes 1 "diverged on the diabetes data.*alpha = 9.*try --alpha"
           $<TARGET_FILE:chapter-momentum> --alpha 9 ${momentum_out})
expect_run(momentum-diverges-rosenbrock 1 "diverged on Rosenbrock.*try --rosenbrock-alpha"
           $<TARGET_FILE:chapter-momentum> --rosenbrock-alpha 0.05 ${momentum_out})
# the unscaled form diverges where the notes' form does not: limit 2 (1 + beta) / 4 = 0.95
expect_run(momentum-unscaled-diverges 1
           "momentum diverges on f = .*alpha = 1[.]2.*needs alpha < 0[.]95"
           $<TARGET_FILE:chapter-momentum> --form unscaled --quadratic-alpha 1.2 ${momentum_out})
# --alpha is the diabetes data's, --quadratic-alpha the quadratic's: each shows where it goes
expect_run(momentum-alphas 0
           "quadratic: alpha = 0.3, 20 steps.*diabetes: alpha = 0.2, 3 epochs.*figures"
           $<TARGET_FILE:chapter-momentum> --lr 0.2 --quadratic-alpha 0.3 --quadratic-steps 20
           --rosenbrock-steps 100 --epochs 3 ${momentum_out})
