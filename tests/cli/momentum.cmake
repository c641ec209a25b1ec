# Bad flags and diverging learning rates given to chapter-momentum: one clear line, right exit.
set(momentum_out --out ${PROJECT_BINARY_DIR}/tmp-figures/momentum)
expect_run(momentum-beta-one 2 "--beta 1: must be >= 0 and < 1"
           $<TARGET_FILE:chapter-momentum> --beta 1)
expect_run(momentum-unknown-flag 2 "unknown flag --bet; did you mean --beta"
           $<TARGET_FILE:chapter-momentum> --bet 0.5)
expect_run(momentum-bad-form 2 "--form sideways: must be one of notes, unscaled"
           $<TARGET_FILE:chapter-momentum> --form sideways)
expect_run(momentum-alpha-negative 2 "--lr -1: must be >= 0"
           $<TARGET_FILE:chapter-momentum> --lr -1)
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
           "quadratic .*alpha = 0.3, 20 steps.*the diabetes data .*alpha = 0.2, .*3 epochs.*figures"
           $<TARGET_FILE:chapter-momentum> --lr 0.2 --quadratic-alpha 0.3 --quadratic-steps 20
           --rosenbrock-steps 100 --epochs 3 ${momentum_out})

# The default output is short (about 100 lines for the notes, 40 beyond them); its sentences
# follow the run's flags and data.
expect_short(momentum-short 145 $<TARGET_FILE:chapter-momentum> ${momentum_out})
# beta = 0.9 is too much momentum for this bowl: slower than plain GD; beta = 0.8 is faster
expect_sentence(momentum-slower-default
                "momentum damped the zig-zag.*was slower than plain GD .108 against 75 steps"
                "faster than plain GD" $<TARGET_FILE:chapter-momentum> ${momentum_out})
expect_sentence(momentum-faster-beta
                "with beta = 0.8 was faster than plain GD .34 against 75 steps"
                "slower than plain GD" $<TARGET_FILE:chapter-momentum> --beta 0.8 ${momentum_out})
# beta = 0.5: real roots along x, no overshoot there (beta = 0.9 has complex roots along x)
expect_sentence(momentum-no-overshoot-along-x
                "along x +0.92 +0.9114 +momentum approaches without circling"
                "along x +[0-9.]+ +[0-9.]+ +momentum overshoots"
                $<TARGET_FILE:chapter-momentum> --beta 0.5 ${momentum_out})
expect_sentence(momentum-overshoot-along-x-default
                "along x +0.92 +0.9487 +momentum overshoots and circles in"
                "along x +[0-9.]+ +[0-9.]+ +momentum approaches"
                $<TARGET_FILE:chapter-momentum> ${momentum_out})
# beta = 0 is plain GD: no damping of the zig-zag, as fast, the same height
expect_sentence(momentum-beta-zero
                "momentum did not damp the zig-zag.*as fast as plain GD.*as low as plain GD"
                "momentum damped|settled lower|settled higher"
                $<TARGET_FILE:chapter-momentum> --beta 0 ${momentum_out})
# alpha = 1 is above plain GD's limit 2 / 4.02 on the data: GD diverges, momentum goes on
expect_sentence(momentum-gd-diverges
                "data: plain GD diverged at epoch [0-9]+ .its limit is alpha < 0.497., momentum"
                "settled" $<TARGET_FILE:chapter-momentum> --alpha 1 ${momentum_out})
# another data file is named by its file name; on this small full-batch problem plain GD
# reaches the floor and momentum, still circling in, ends higher
expect_sentence(momentum-other-data
                "On momentum-small.csv: over epochs 51..100 .*momentum settled higher"
                "diabetes|settled lower"
                $<TARGET_FILE:chapter-momentum> --data ${bad}/momentum-small.csv ${momentum_out})
expect_sentence(momentum-full "step +GD distance +mom. distance" "--full adds"
                $<TARGET_FILE:chapter-momentum> --full ${momentum_out})
# --quadratic-alpha 1 is above plain GD's limit 0.5 on the bowl: said in one line, and the
# speed sentence says plain GD never got there (no fixed "slower")
expect_sentence(momentum-gd-diverges-quadratic
                "Plain GD diverges here: alpha = 1 is not below.*in 83 steps, plain GD never did"
                "slower than plain GD|faster than plain GD"
                $<TARGET_FILE:chapter-momentum> --quadratic-alpha 1 ${momentum_out})

# Valid but degenerate settings run (exit 0) with the obvious result: alpha = 0 moves nothing
# (momentum and plain GD stay at J(theta = 0), 1.311e4 above the floor; beta = 0: see
# momentum-beta-zero above).
string(CONCAT momentum_pattern "over epochs 51..100 momentum stayed on average 1.311e\\+04 "
       "above the floor, plain GD 1.311e\\+04")
expect_sentence(momentum-alpha-zero "${momentum_pattern}" "diverged"
                $<TARGET_FILE:chapter-momentum> --alpha 0 ${momentum_out})
# The notes' defaults, as the program starts (notes, momentum: beta "= 0.9 usually works
# well"; their update v := beta v + (1 - beta) dtheta).
string(CONCAT momentum_pattern "--beta VALUE [^\n]*\\(default 0.9;.*"
       "--form notes[|]unscaled [^\n]*\\(default notes\\)")
expect_sentence(momentum-notes-defaults "${momentum_pattern}" ""
                $<TARGET_FILE:chapter-momentum> --help)

# Beyond the notes: the rates at the best tunings. Predicted by hand: GD alpha = 2 / 4.2 =
# 0.4762, factor 19 / 21 = 0.9048 (GD measures it exactly); heavy ball beta = ((sqrt 20 - 1) /
# (sqrt 20 + 1))^2 = 0.4026, factor 0.6345; Nesterov 1 - 1 / sqrt 20 = 0.7764. GD's steps to
# 1e-6: ceil(ln 1e6 / ln(21 / 19)) = 139, at kappa 1000 ceil(ln 1e6 / ln(1001 / 999)) = 6908.
string(CONCAT momentum_pattern "Beyond the notes.*kappa = 20:.*"
       "plain GD +0.4762 +0 +0.9048 +0.9048 +[0-9.]+ +139 heavy ball +[0-9.]+ +0.4026 +0.6345 .*"
       "Nesterov +[0-9.]+ +0.6345 +0.7764 .*kappa = 1000:.*plain GD .* 6908 heavy ball.*"
       "where plain GD needs 139.*Fastest first, measured: heavy ball, Nesterov, plain GD")
expect_sentence(momentum-beyond "${momentum_pattern}" "NOT the same steps|both diverge"
                $<TARGET_FILE:chapter-momentum> ${momentum_out})
# The notes' form runs heavy ball at alpha_hb / (1 - beta) = (4 / (2 + sqrt 0.2)^2) / (1 -
# 0.4026) = 1.118, the unscaled form at alpha_hb = 0.6679; Nesterov at 1 / 4 = 0.25.
expect_sentence(momentum-beyond-notes-alpha "heavy ball +1.118 +0.4026" "heavy ball +0.6679"
                $<TARGET_FILE:chapter-momentum> ${momentum_out})
# --form unscaled at alpha 0.4: Nesterov's limit along y is 2 (1.9) / (2.8 * 4) = 0.339, so
# both of its forms diverge (and still take the same steps); momentum's limit is 0.95.
string(CONCAT momentum_pattern "heavy ball +0.6679 +0.4026.*Nesterov +0.25 +0.6345.*"
       "the same steps, to rounding .both diverge: Nesterov needs alpha < 0.339")
expect_sentence(momentum-beyond-unscaled "${momentum_pattern}" "heavy ball +1.118"
                $<TARGET_FILE:chapter-momentum> --form unscaled ${momentum_out})
