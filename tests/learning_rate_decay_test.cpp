// Tests of chapter 6, learning-rate decay: each schedule's formula by hand, the shapes the
// notes describe (decay, staircase steps, per-mini-batch against per-epoch), the checks of
// make_schedule, and the schedule driving gradient_descent::train for every optimizer; then
// the lines, rows and labels chapters/06-learning-rate-decay/story.hpp builds from a run.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "chapters/06-learning-rate-decay/learning_rate_decay.hpp"
#include "chapters/06-learning-rate-decay/story.hpp"
#include "common/check.hpp"
#include "tests/gradient_descent/linear_model_test.hpp"

using decay::Kind;

namespace {

constexpr double exact = common::tol<double>::exact;

void formulas_by_hand(common::Checker& check) {
    // At i = 1 (t = 1) time-based, exponential and staircase give alpha0; the inverse
    // square roots give k alpha0 (k / sqrt(1)), so there k scales the first alpha too.
    check.close("time-based (alpha0 / (1 + k (i - 1))): alpha = alpha0 at i = 1", 0.3,
                decay::alpha_time_based(0.3, 0.7, 1), exact);
    check.close("exponential (k^(i-1) alpha0): alpha = alpha0 at i = 1", 0.3,
                decay::alpha_exponential(0.3, 0.7, 1), exact);
    check.close("staircase (k^floor((i-1)/L) alpha0): alpha = alpha0 at i = 1", 0.3,
                decay::alpha_staircase(0.3, 0.7, 4, 1), exact);
    check.close("inverse sqrt by epoch (k alpha0 / sqrt(i)): alpha = k alpha0 at i = 1", 0.21,
                decay::alpha_inverse_sqrt_epoch(0.3, 0.7, 1), exact);
    check.close("inverse sqrt by mini-batch (k alpha0 / sqrt(t)): alpha = k alpha0 at t = 1",
                0.21, decay::alpha_inverse_sqrt_batch(0.3, 0.7, 1), exact);

    // One value each, by hand.
    // time-based: 0.2 / (1 + 1 * (3 - 1)) = 0.2 / 3 = 0.0666...
    check.close("time-based: alpha0 = 0.2, k = 1, i = 3 gives 0.2 / 3", 0.2 / 3,
                decay::alpha_time_based(0.2, 1.0, 3), exact);
    // exponential: 0.5^(4 - 1) * 0.1 = 0.125 * 0.1 = 0.0125
    check.close("exponential: alpha0 = 0.1, k = 0.5, i = 4 gives 0.0125", 0.0125,
                decay::alpha_exponential(0.1, 0.5, 4), exact);
    // inverse sqrt by epoch: 0.8 * 0.5 / sqrt(4) = 0.4 / 2 = 0.2
    check.close("inverse sqrt by epoch: alpha0 = 0.5, k = 0.8, i = 4 gives 0.2", 0.2,
                decay::alpha_inverse_sqrt_epoch(0.5, 0.8, 4), exact);
    // inverse sqrt by mini-batch: 1 * 0.01 / sqrt(16) = 0.0025
    check.close("inverse sqrt by mini-batch: alpha0 = 0.01, k = 1, t = 16 gives 0.0025",
                0.0025, decay::alpha_inverse_sqrt_batch(0.01, 1.0, 16), exact);
    // staircase: 0.5^floor((11 - 1) / 5) * 1 = 0.5^2 = 0.25
    check.close("staircase: alpha0 = 1, k = 0.5, L = 5, i = 11 gives 0.25", 0.25,
                decay::alpha_staircase(1.0, 0.5, 5, 11), exact);
    // In float the same formulas: 0.5^3 * 0.1 in float is 0.0125 to float precision.
    check.close("exponential in float: alpha0 = 0.1, k = 0.5, i = 4 gives 0.0125", 0.0125,
                decay::alpha_exponential(0.1f, 0.5f, 4), common::tol<float>::exact);

    // Schedule::alpha dispatches to the same functions.
    const auto s = decay::make_schedule(Kind::staircase, 1.0, 0.5, 5);
    check.close("Schedule{staircase}.alpha(11, t) = alpha_staircase(.., 11)", 0.25,
                s.alpha(11, 999), exact);
    check.close("Schedule{constant}.alpha(i, t) = alpha0 at every i, t", 0.3,
                decay::make_schedule(Kind::constant, 0.3).alpha(50, 5000), exact);
    check.throws("epoch i counts from 1: alpha_time_based(.., 0) is refused",
                 [] { decay::alpha_time_based(0.1, 0.5, 0); }, "counts from 1");
}

void decay_shapes(common::Checker& check) {
    // Non-increasing for 0 < k < 1 over 1000 epochs (and mini-batches), every schedule;
    // strictly decreasing for time-based, exponential and the inverse square roots.
    for (Kind kind : decay::all_kinds) {
        if (kind == Kind::constant) continue;
        for (double k : {0.1, 0.5, 0.9, 0.99}) {
            const auto s = decay::make_schedule(kind, 0.1, k, 7);
            bool non_increasing = true, strictly = true, positive = true;
            for (std::size_t n = 1; n < 1000; ++n) {
                const double a = s.alpha(n, n), b = s.alpha(n + 1, n + 1);
                non_increasing = non_increasing && b <= a;
                strictly = strictly && (b < a || a == 0);  // 0.1^(i-1) reaches 0 near i = 325
                positive = positive && (b > 0 || kind == Kind::exponential);  // 0.1^999 underflows
            }
            const std::string what = std::string(decay::name(kind)) + ", k = " +
                                     common::Checker::fmt(k);
            check.that(what + ": alpha never rises over 1000 epochs", non_increasing);
            check.that(what + ": alpha stays > 0", positive);
            if (kind != Kind::staircase) {
                check.that(what + ": alpha falls at every epoch (or mini-batch)", strictly);
            }
        }
    }

    // The staircase holds alpha for L epochs and steps down by k exactly at 1 + L, 1 + 2L...
    const std::size_t L = 3;
    const auto stairs = decay::make_schedule(Kind::staircase, 0.8, 0.5, L);
    bool steps_right = true;
    std::string where;
    for (std::size_t i = 2; i <= 40; ++i) {
        const double before = stairs.alpha(i - 1, 1), now = stairs.alpha(i, 1);
        const bool step_here = (i - 1) % L == 0;  // i = 1 + L, 1 + 2L, ...
        const bool ok = step_here ? std::abs(now - 0.5 * before) <= 1e-15 : now == before;
        if (!ok && where.empty()) where = "at i = " + std::to_string(i);
        steps_right = steps_right && ok;
    }
    check.that("staircase, L = 3: alpha halves at i = 4, 7, 10, ... and is constant between",
               steps_right, where);
    check.close("staircase, L = 3: alpha at i = 10 is 0.5^3 alpha0 = 0.1", 0.1,
                stairs.alpha(10, 1), exact);
    check.close("staircase with L = 1 is exponential decay: alpha at i = 6 equal",
                decay::alpha_exponential(0.8, 0.5, 6), decay::alpha_staircase(0.8, 0.5, 1, 6),
                exact);

    // Inside one epoch (i fixed, t = 1..T) only the mini-batch schedule changes.
    for (Kind kind : decay::all_kinds) {
        const auto s = decay::make_schedule(kind, 0.1, 0.5, 2);
        bool changes = true, constant = true;
        for (std::size_t t = 7; t <= 10; ++t) {  // epoch 2 of T = 5 mini-batches: t = 6..10
            changes = changes && s.alpha(2, t) < s.alpha(2, t - 1);
            constant = constant && s.alpha(2, t) == s.alpha(2, 6);
        }
        const std::string n(decay::name(kind));
        if (kind == Kind::inverse_sqrt_batch) {
            check.that(n + ": alpha falls at every mini-batch t inside epoch 2",
                       changes && s.per_minibatch());
            check.close(n + ": alpha at t = 9 is 0.5 * 0.1 / 3", 0.05 / 3, s.alpha(2, 9), exact);
        } else {
            check.that(n + ": alpha is the same for every mini-batch t of epoch 2",
                       constant && !s.per_minibatch());
        }
    }
}

void settings_checked(common::Checker& check) {
    using decay::make_schedule;
    check.throws("make_schedule: k < 0 refused, saying why",
                 [] { make_schedule(Kind::time_based, 0.1, -0.5); },
                 "k must be >= 0 (got -0.5): alpha = alpha0 / (1 + k (i - 1)) would make alpha "
                 "negative");
    check.throws("make_schedule: k = NaN refused",
                 [] { make_schedule(Kind::exponential, 0.1, std::nan("")); }, "k must be >= 0");
    // Valid but degenerate settings run and give the obvious result.
    {
        const auto time0 = make_schedule(Kind::time_based, 0.1, 0.0);
        bool constant = true;
        for (std::size_t i = 1; i <= 100; ++i) constant = constant && time0.alpha(i, i) == 0.1;
        check.that("make_schedule: time-based k = 0 runs and is a constant alpha0 (i = 1..100)",
                   constant);
        const auto exp0 = make_schedule(Kind::exponential, 0.1, 0.0);
        check.that("make_schedule: exponential k = 0 gives alpha0 at i = 1, then 0",
                   exp0.alpha(1, 1) == 0.1 && exp0.alpha(2, 1) == 0 && exp0.alpha(9, 1) == 0);
        const auto stair0 = make_schedule(Kind::staircase, 0.1, 0.0, 3);
        check.that("make_schedule: staircase k = 0, L = 3 gives alpha0 for epochs 1..3, then 0",
                   stair0.alpha(3, 1) == 0.1 && stair0.alpha(4, 1) == 0);
        check.that("make_schedule: inverse sqrt k = 0 gives alpha = 0 (nothing moves)",
                   make_schedule(Kind::inverse_sqrt_batch, 0.1, 0.0).alpha(1, 1) == 0);
        const auto still = make_schedule(Kind::time_based, 0.0, 0.5);
        check.that("make_schedule: alpha0 = 0 runs, alpha = 0 throughout",
                   still.alpha(1, 1) == 0 && still.alpha(50, 700) == 0);
    }
    check.throws("make_schedule: L < 1 refused for the staircase",
                 [] { make_schedule(Kind::staircase, 0.1, 0.5, 0); }, "L must be >= 1 (got 0)");
    check.throws("make_schedule: alpha0 < 0 refused, saying why",
                 [] { make_schedule(Kind::constant, -1.0); },
                 "alpha0 must be >= 0 (got -1): a negative learning rate steps uphill");
    check.throws("make_schedule: alpha0 = inf refused",
                 [] { make_schedule(Kind::time_based, INFINITY, 0.5); }, "alpha0 must be >= 0");
    // Decision (learning_rate_decay.hpp): k > 1 would make these grow; refused.
    check.throws("make_schedule: exponential with k > 1 (growth) refused",
                 [] { make_schedule(Kind::exponential, 0.1, 1.5); }, "k must be <= 1 (got 1.5)");
    check.throws("make_schedule: staircase with k > 1 (growth) refused",
                 [] { make_schedule(Kind::staircase, 0.1, 2.0, 5); }, "grows instead of decaying");
    bool allowed = true;
    try {
        make_schedule(Kind::exponential, 0.1, 1.0);         // k = 1: constant, allowed
        make_schedule(Kind::time_based, 0.1, 3.0);          // any k > 0 decays
        make_schedule(Kind::inverse_sqrt_epoch, 0.1, 2.0);  // k only scales alpha
        make_schedule(Kind::constant, 0.1, -7.0, 0);        // k, L unused by constant
    } catch (const std::exception&) {
        allowed = false;
    }
    check.that("make_schedule: k = 1, k > 1 where it only scales, and unused k, L are allowed",
               allowed);
}

// The schedule sets alpha before every step of gradient_descent::train, with i and t from 1.
void drives_train(common::Checker& check) {
    const auto data = well_conditioned_problem(20, 3, 0.5);  // m = 20
    const auto s = decay::make_schedule(Kind::inverse_sqrt_batch, 0.1, 1.0);
    std::vector<std::pair<std::size_t, std::size_t>> calls;
    std::vector<double> alphas;
    const gradient_descent::AlphaSchedule<double> inner = s.as_alpha_at();
    gradient_descent::AlphaSchedule<double> recorder = [&](std::size_t i, std::size_t t) {
        calls.emplace_back(i, t);
        alphas.push_back(inner(i, t));
        return alphas.back();
    };
    gradient_descent::Sgd<double> sgd;
    std::vector<double> theta(data.p(), 0.0);
    common::Rng rng(1);
    gradient_descent::train(data, theta, sgd, {.epochs = 3, .batch_size = 8, .shuffle = true}, rng,
                  recorder);
    // m = 20, m_t = 8: T = 3 mini-batches per epoch, t = 1..9 over 3 epochs.
    bool indices = calls.size() == 9;
    for (std::size_t n = 0; indices && n < 9; ++n) {
        indices = calls[n].first == n / 3 + 1 && calls[n].second == n + 1;
    }
    check.that("train calls alpha_at(i, t) before each step: (1,1) (1,2) (1,3) (2,4) ... (3,9)",
               indices);
    check.close("after training the optimizer's alpha is the schedule's at t = 9: 0.1 / 3",
                0.1 / 3, sgd.hyper.alpha, exact);

    // Two epochs of batch GD by hand: theta_i = theta_{i-1} - alpha(i) dtheta(theta_{i-1}).
    const auto time = decay::make_schedule(Kind::time_based, 0.2, 1.0);  // 0.2, then 0.1
    std::vector<double> by_hand(data.p(), 0.0), dtheta(data.p());
    for (std::size_t i = 1; i <= 2; ++i) {
        gradient_descent::gradient<double>(by_hand, data, gradient_descent::all_examples(data),
                                           dtheta);
        for (std::size_t j = 0; j < data.p(); ++j) by_hand[j] -= time.alpha(i, i) * dtheta[j];
    }
    const auto run = decay::train(time, decay::Method::gd, data, 2, data.m(), 7);
    check.all_close("batch GD under time-based decay: 2 epochs = steps of alpha 0.2 then 0.1",
                    by_hand, run.theta, exact);

    // Every optimizer takes its alpha from the schedule: after 4 epochs of T = 3 steps
    // its alpha is the schedule's at i = 4, t = 12.
    const auto expo = decay::make_schedule(Kind::exponential, 0.05, 0.5);
    for (decay::Method m : {decay::Method::gd, decay::Method::momentum, decay::Method::rmsprop,
                            decay::Method::adam}) {
        const auto r = decay::train(expo, m, data, 4, 8, 2);
        check.close(std::string(decay::name(m)) + " under exponential decay: final alpha = "
                    "0.5^3 * 0.05", 0.05 * 0.125, r.alpha, exact);
    }
}

// The notes' claim: on a noisy problem a decaying alpha ends lower than the constant alpha0.
void decay_beats_constant(common::Checker& check) {
    // y = 1 + 2 x1 - 3 x2 + 3 noise, m = 200; mini-batches of 4 make each step noisy.
    const auto data = well_conditioned_problem(200, 11, 3.0);
    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    const double J_ols =
        gradient_descent::cost<double>(theta_ols, data, gradient_descent::all_examples(data));
    auto excess = [&](const decay::Schedule& s) {
        const auto r = decay::train(s, decay::Method::gd, data, 100, 4, 5);
        return r.history.cost.back() - J_ols;
    };
    const double constant = excess(decay::make_schedule(Kind::constant, 0.1));
    // Measured: constant alpha = 0.1 ends at J - J_ols = 0.135 (it keeps jumping around the
    // minimum); exponential (k = 0.95) 9.6e-7, time-based (k = 0.1) 2.8e-4, staircase
    // (k = 0.5, L = 10) 1.2e-6, inverse sqrt by mini-batch (k = 1) 5.6e-7. The check asks
    // for less than half the constant run's excess, a margin of 480x at the closest.
    for (const auto& s : {decay::make_schedule(Kind::exponential, 0.1, 0.95),
                          decay::make_schedule(Kind::time_based, 0.1, 0.1),
                          decay::make_schedule(Kind::staircase, 0.1, 0.5, 10),
                          decay::make_schedule(Kind::inverse_sqrt_batch, 0.1, 1.0)}) {
        const double decayed = excess(s);
        check.that(std::string(decay::name(s.kind)) + " decay ends lower than constant alpha0 "
                   "= 0.1 on a noisy problem (m_t = 4, 100 epochs)",
                   decayed < 0.5 * constant,
                   "J - J_ols " + common::Checker::fmt(decayed) + " against constant " +
                       common::Checker::fmt(constant));
    }
}

// What a run showed: the values and sentences the chapter program prints, from outcomes
// made by hand, so that each sentence is seen to follow the numbers.
void what_the_run_showed(common::Checker& check) {
    const decay::Schedule constant = decay::make_schedule(Kind::constant, 0.1);
    const decay::Schedule batchwise = decay::make_schedule(Kind::inverse_sqrt_batch, 0.1, 2);
    check.close("alpha_sum: constant alpha 0.1 over 3 epochs of T = 2 steps is 0.6", 0.6,
                decay::alpha_sum(constant, 3, 2), 1e-15);
    check.close("alpha_sum: k alpha0 / sqrt(t), t = 1..4, is 0.2 (1 + 1/sqrt2 + 1/sqrt3 + 1/2)",
                0.2 * (1 + 1 / std::sqrt(2.0) + 1 / std::sqrt(3.0) + 0.5),
                decay::alpha_sum(batchwise, 2, 2), 1e-15);
    const decay::Curve c = decay::alpha_curve(batchwise, 1, 4);
    check.all_close("alpha_curve: the t'-th mini-batch of epoch 1 at x = 1 + (t' - 1) / T",
                    std::vector<double>{1, 1.25, 1.5, 1.75, 2}, c.x, exact);
    check.all_close("alpha_curve: k alpha0 / sqrt(t) for t = 1..4, held to the epoch's end",
                    std::vector<double>{0.2, 0.2 / std::sqrt(2.0), 0.2 / std::sqrt(3.0), 0.1, 0.1},
                    c.y, exact);
    const decay::CosineSettings cos{.alpha_min = 0.01, .T_max = 9, .warmup = 5, .total = 50};
    const auto all = decay::make_schedules("all", 0.1, {0.5}, 10, cos);
    check.that("make_schedules: the notes' five, cosine, warmup-cosine, then constant alpha",
               all.size() == 8 && all[0].kind == Kind::time_based &&
                   all[5].kind == Kind::cosine && all[5].T_max == 9 &&
                   all[6].kind == Kind::warmup_cosine && all[6].warmup == 5 &&
                   all[6].total == 50 && all[6].alpha_min == 0.01 &&
                   all[7].kind == Kind::constant && all[3].k == 0.5);
    check.that("make_schedules: one schedule runs beside constant alpha",
               decay::make_schedules("staircase", 0.1, {0.5}, 10, cos).size() == 2 &&
                   decay::make_schedules("warmup-cosine", 0.1, {0.5}, 10, cos).size() == 2);
    check.throws("make_schedules: k needs one value or five",
                 [] { decay::make_schedules("all", 0.1, {0.5, 0.9}, 10, {}); },
                 "give one value for every schedule or five");
    check.that("method_title: plain GD named by m_t against m (442 examples)",
               decay::method_title(decay::Method::gd, 442, 442) == "Batch GD" &&
                   decay::method_title(decay::Method::gd, 1, 442) == "Stochastic GD" &&
                   decay::method_title(decay::Method::gd, 16, 442) == "Mini-batch GD");
    check.that("default_alpha0: 1 for RMSprop and Adam, 0.1 for GD and momentum",
               decay::default_alpha0(decay::Method::adam) == 1 &&
                   decay::default_alpha0(decay::Method::momentum) == 0.1);
    check.that("method_named: adam is Adam, anything else plain GD",
               decay::method_named("adam") == decay::Method::adam &&
                   decay::method_named("gd") == decay::Method::gd);

    // Outcomes as the diabetes data gave them with m_t = m = 442 (the full batch): the
    // constant run ends both nearer theta_ols and lower in J than time-based decay.
    auto made = [](const decay::Schedule& s, double J, double excess, double rises,
                   double distance) {
        decay::Outcome o{.schedule = s};
        o.run.history.cost = {2 * J, J};
        o.final_J = J;
        o.excess = excess;
        o.rises = rises;
        o.distance = distance;
        return o;
    };
    const decay::Schedule time = decay::make_schedule(Kind::time_based, 0.1, 0.1);
    const decay::Schedule sqrt_epoch = decay::make_schedule(Kind::inverse_sqrt_epoch, 0.1, 1);
    std::vector<decay::Outcome> full = {made(time, 1525.75, 95.9, 0, 51.85),
                                        made(sqrt_epoch, 1723.8, 293.9, 0, 55.8),
                                        made(constant, 1439.36, 9.51, 0, 46.96)};
    auto has = [](const std::vector<std::string>& lines, const std::string& text) {
        for (const std::string& l : lines) {
            if (l.find(text) != std::string::npos) return true;
        }
        return false;
    };
    const decay::RunFacts at_m{.m = 442, .m_t = 442, .epochs = 100, .lambda_max = 4};
    auto lines = decay::what_this_run_showed(full, at_m);
    check.that("showed, m_t = m: the constant run ends both nearer theta_ols and lower in J",
               has(lines, "The constant run ends nearer theta_ols (46.96 against 51.85) and "
                          "lower in J (1439.36 against 1525.75)."));
    check.that("showed, m_t = m: decay does not end lower, and no mini-batch noise is claimed",
               has(lines, "decay does not end lower here") &&
                   has(lines, "there is no mini-batch noise") && !has(lines, "noisy"));
    check.that("showed: no sentence carries a line break (report::say wraps it)",
               std::none_of(lines.begin(), lines.end(), [](const std::string& l) {
                   return l.find('\n') != std::string::npos;
               }));
    check.that("showed, m_t = m: the decay with the smaller alpha sum stalls",
               has(lines, "Too fast a decay stalls: inverse-sqrt-epoch, k = 1"));
    const decay::RunFacts above_m{.m = 442, .m_t = 1000, .epochs = 100, .lambda_max = 4};
    check.that("showed, m_t > m: said as m_t = 1000 >= m = 442, not m_t = m",
               has(decay::what_this_run_showed(full, above_m), "With m_t = 1000 >= m = 442"));
    check.that("showed: constant alpha alone is reported as such",
               has(decay::what_this_run_showed({full[2]}, at_m),
                   "Only constant alpha = 0.1 ran: it ends at J - J(theta_ols) = 9.51"));
    check.that("in_story: constant, lowest and highest decay are drawn",
               decay::in_story(full, 0) && decay::in_story(full, 1) && decay::in_story(full, 2));

    // With mini-batches (m_t = 16): the constant run jumps (J rose by 205.6), ends nearer
    // theta_ols yet higher in J.
    std::vector<decay::Outcome> mini = {made(time, 1433.44, 3.59, 0.38, 28.18),
                                        made(constant, 1534.88, 105.03, 205.6, 11.25)};
    const decay::RunFacts at_16{.m = 442, .m_t = 16, .epochs = 100, .lambda_max = 4};
    lines = decay::what_this_run_showed(mini, at_16);
    check.that("showed, m_t = 16: decay ends lower and calms the mini-batch noise",
               has(lines, "decay ends lower") &&
                   has(lines, "with alpha held at 0.1 each step moves the full alpha along one "
                              "noisy gradient of m_t = 16 examples; decay shrinks those "
                              "steps and calms it."));
    check.that("showed, m_t = 16: nearer theta_ols yet higher in J is told as such",
               has(lines, "The constant run ends nearer theta_ols (11.25 against 28.18) yet "
                          "higher in J (1534.88 against 1433.44): J changes little"));
    mini[1].run.history.diverged_at = 7;
    mini[1].run.history.diverged_alpha = 0.1;
    mini[1].run.history.cost.push_back(INFINITY);
    check.that("showed: a diverged schedule is named in one line, and no comparison with it",
               has(decay::what_this_run_showed(mini, at_16),
                   "The constant schedule diverged (epoch 7); the others ran on.") &&
                   decay::what_this_run_showed(mini, at_16).size() == 2);
    mini.push_back(made(sqrt_epoch, 1434.64, 4.79, 0.47, 32.69));
    check.that("showed: constant alpha diverged; the lowest and highest decays are named",
               has(decay::what_this_run_showed(mini, at_16),
                   "Constant alpha = 0.1 diverged; of the decays, time, k = 0.1 ends "
                   "lowest, at J - J(theta_ols) = 3.59, and inverse-sqrt-epoch, k = 1 "
                   "highest, at 4.79."));
    const std::string line16 = decay::divergence_line(mini[1], at_16);
    check.that("divergence_line: no limit is claimed for GD with mini-batches",
               line16.find("no limit on alpha is known for gd with m_t = 16") !=
                       std::string::npos &&
                   line16.find("lambda_max") == std::string::npos, line16);
    const std::string line_m = decay::divergence_line(mini[1], at_m);
    check.that("divergence_line: plain GD with m_t = m needs alpha < 2 / lambda_max = 0.5",
               line_m.find("needs alpha < 2 / lambda_max = 0.5") != std::string::npos, line_m);

    // The lines main prints as they are: the update's rule, the stop line, the table rows.
    check.that("rule: Adam's settings are the ones train() runs with",
               decay::rule(decay::Method::adam) ==
                   "Adam, beta1 = 0.9, beta2 = 0.999, eps = 1e-8");
    const std::string stop = decay::no_progress_line(at_16, 5, 20000);
    check.that("no_progress_line: plain GD is sent below 2 / lambda_max = 0.5, to 0.5 / 4",
               stop.find("J(theta = 0) = 20000 with alpha0 = 5; start lower: try --alpha0 "
                         "0.12.") != std::string::npos, stop);
    const decay::RunFacts adam16{.method = decay::Method::adam, .m = 442, .m_t = 16,
                                 .epochs = 100, .lambda_max = 4};
    const std::string stop_adam = decay::no_progress_line(adam16, 2, 20000);
    check.that("no_progress_line: Adam has no such limit, alpha0 / 4 = 0.5",
               stop_adam.find("try --alpha0 0.5.") != std::string::npos, stop_adam);
    const std::string row = decay::table_row(full[0]);
    check.that("table_row: label, final J and J - J_ols to 4 decimals, distance to 3",
               row.find("time, k = 0.1") == 2 && row.find("1525.7500") != std::string::npos &&
                   row.find("95.9000") != std::string::npos &&
                   row.find("51.850") != std::string::npos, row);
    check.that("table_row: a diverged schedule says so and nothing else",
               decay::table_row(mini[1]).find("diverged") != std::string::npos &&
                   decay::table_row(mini[1]).find("inf") == std::string::npos,
               decay::table_row(mini[1]));
}

// Beyond the notes: cosine annealing and linear warmup then cosine (FORMAT of the reference
// cases: cosine by epoch i, warmup_cosine by mini-batch t).
void beyond_the_notes(common::Checker& check) {
    const double pi = std::acos(-1.0), r2 = std::sqrt(2.0), r3 = std::sqrt(3.0);
    // alpha_min + (alpha0 - alpha_min)(1 + cos(pi (i - 1) / T_max)) / 2, alpha0 = 0.1,
    // alpha_min = 0.01, T_max = 4: cos(0), cos(pi/4) = sqrt2/2, cos(pi/2) = 0, ..., cos(pi).
    const std::vector<double> want = {0.1, 0.01 + 0.045 * (1 + r2 / 2), 0.055,
                                      0.01 + 0.045 * (1 - r2 / 2), 0.01};
    std::vector<double> got;
    for (std::size_t i = 1; i <= 5; ++i) got.push_back(decay::alpha_cosine(0.1, 0.01, 4, i));
    check.all_close("cosine (alpha_min + (alpha0 - alpha_min)(1 + cos(pi (i - 1) / T_max)) / 2)"
                    ": alpha0 = 0.1, alpha_min = 0.01, T_max = 4, i = 1..5", want, got, 1e-15);
    check.close("cosine in float: i = 3 of T_max = 4 is halfway, 0.055", 0.055,
                double(decay::alpha_cosine(0.1f, 0.01f, 4, 3)), 1e-6);
    check.close("cosine past T_max + 1 rises again (torch's closed form): i = 7 of T_max = 4",
                0.055, decay::alpha_cosine(0.1, 0.01, 4, 7), 1e-14);
    // torch's CosineAnnealingLR stepped once an epoch (its recursive form), written here:
    // eta_e = eta_min + (eta_{e-1} - eta_min)(1 + cos(pi e / T)) / (1 + cos(pi (e - 1) / T)).
    double eta = 0.3, worst = 0;
    for (std::size_t e = 1; e <= 20; ++e) {
        eta = 0.02 + (eta - 0.02) * (1 + std::cos(pi * double(e) / 20)) /
                         (1 + std::cos(pi * double(e - 1) / 20));
        worst = std::max(worst, std::abs(eta - decay::alpha_cosine(0.3, 0.02, 20, e + 1)));
    }
    check.close("cosine = torch's recursive CosineAnnealingLR at epoch i - 1 (T_max = 20, "
                "largest difference over i = 2..21)", 0, worst, 1e-15);
    // alpha0 t / W for t <= W, then cosine with T_max = N - W: W = 4, N = 10, alpha0 = 0.2.
    std::vector<double> warm;
    for (std::size_t t = 1; t <= 10; ++t) warm.push_back(decay::alpha_warmup_cosine(0.2, 0.0,
                                                                                    4, 10, t));
    const std::vector<double> want_warm = {0.05, 0.1, 0.15, 0.2, 0.1 * (1 + r3 / 2),
                                           0.1 * 1.5, 0.1, 0.1 * 0.5, 0.1 * (1 - r3 / 2), 0};
    check.all_close("warmup_cosine (alpha0 t / W, then cosine from t = W to N): W = 4, N = 10, "
                    "alpha0 = 0.2, alpha_min = 0, t = 1..10", want_warm, warm, 1e-14);
    bool same = true;
    for (std::size_t t = 1; t <= 12; ++t) {
        same = same && std::abs(decay::alpha_warmup_cosine(0.1, 0.001, 1, 12, t) -
                                decay::alpha_cosine(0.1, 0.001, 11, t)) <= 1e-17;
    }
    check.that("warmup_cosine with W = 1 is cosine with T_max = N - 1 (N = 12)", same);
    // As a Schedule: cosine by epoch i, warmup-cosine by mini-batch t.
    const auto c = decay::make_cosine(0.1, 0.01, 4);
    const auto w = decay::make_warmup_cosine(0.2, 0.0, 4, 10);
    check.close("Schedule{cosine}.alpha(3, t) = alpha_cosine(.., 3), whatever t", 0.055,
                c.alpha(3, 77), exact);
    check.close("Schedule{warmup-cosine}.alpha(i, 2) = alpha0 2 / W, whatever i", 0.1,
                w.alpha(9, 2), exact);
    check.that("per_minibatch: warmup-cosine yes, cosine no",
               w.per_minibatch() && !c.per_minibatch());
    check.throws("make_cosine: T_max = 0 refused", [] { decay::make_cosine(0.1, 0, 0); },
                 "T_max must be >= 1");
    check.throws("make_cosine: alpha_min above alpha0 refused",
                 [] { decay::make_cosine(0.1, 0.2, 5); }, "alpha_min must be between 0 and");
    check.throws("make_warmup_cosine: W = N refused", [] {
        decay::make_warmup_cosine(0.1, 0, 10, 10); }, "below the run's N = 10");
    check.throws("make_warmup_cosine: W = 0 refused", [] {
        decay::make_warmup_cosine(0.1, 0, 0, 10); }, "at least 1");
    check.throws("make_schedule: the cosine kinds are made by make_cosine",
                 [] { decay::make_schedule(Kind::cosine, 0.1); }, "make_cosine");
    const auto d = decay::cosine_settings(0.001, 0, 0, 100, 28);
    const auto one = decay::cosine_settings(0, 0, 0, 1, 1);
    const auto given = decay::cosine_settings(0, 9, 5, 100, 28);
    check.that("cosine_settings: defaults T_max = epochs - 1 = 99, W = T = 28, N = 2800; at "
               "least 1 for one epoch; given values kept",
               d.T_max == 99 && d.warmup == 28 && d.total == 2800 && d.alpha_min == 0.001 &&
                   one.T_max == 1 && one.warmup == 1 && given.T_max == 9 && given.warmup == 5);
    check.throws("alpha_cosine: T_max = 0 refused", [] { decay::alpha_cosine(0.1, 0.0, 0, 1); },
                 "T_max must be >= 1");
}

// Beyond the notes, what the program prints and draws of the cosine schedules (story.hpp).
void beyond_the_notes_story(common::Checker& check) {
    const auto cos = decay::make_cosine(0.1, 0, 99);
    const auto warm = decay::make_warmup_cosine(0.1, 0, 28, 2800);
    const auto time = decay::make_schedule(Kind::time_based, 0.1, 0.1);
    const auto constant = decay::make_schedule(Kind::constant, 0.1);
    check.that("label: cosine by its T_max, warmup-cosine by its W; settings in full",
               decay::label(cos) == "cosine, T_max = 99" &&
                   decay::label(warm) == "warmup-cosine, W = 28" &&
                   decay::settings(warm) == "W = 28, N = 2800, alpha_min = 0",
               decay::label(warm) + " | " + decay::settings(warm));
    const auto listed = decay::schedule_lines(cos);
    const auto short_one = decay::schedule_lines(time);
    check.that("schedule_lines: cosine's settings on a line of their own (over 100 columns "
               "otherwise); time-based on one line, as before",
               listed.size() == 2 && listed[1] == std::string(22, ' ') + "T_max = 99, "
               "alpha_min = 0" && listed[0].size() <= 100 && short_one.size() == 1 &&
               short_one[0] == "  time                alpha = alpha0 / (1 + k (i - 1))      "
                               "k = 0.1", short_one.empty() ? "" : short_one[0]);
    check.that("flag_of: the flag each refusal names",
               decay::flag_of("cosine schedule: alpha_min must be") == "--alpha-min" &&
                   decay::flag_of("cosine schedule: T_max must be >= 1") == "--T-max" &&
                   decay::flag_of("warmup-cosine schedule: the warmup W") == "--warmup" &&
                   decay::flag_of("exponential schedule: k must be <= 1") == "--k");
    // Outcomes made by hand: cosine 0.9 above the floor, warmup-cosine 0.87, time 3.6,
    // constant 105; J after epoch 1: 2170.91 with warmup, 1617.42 without.
    auto made = [](const decay::Schedule& s, std::vector<double> cost, double excess) {
        decay::Outcome o{.schedule = s};
        o.run.history.cost = std::move(cost);
        o.final_J = o.run.history.cost.back();
        o.excess = excess;
        o.rises = 0;
        o.distance = 1;
        return o;
    };
    std::vector<decay::Outcome> outs = {made(time, {1700, 1433.4}, 3.6),
                                        made(cos, {1617.42, 1430.75}, 0.9),
                                        made(warm, {2170.91, 1430.7}, 0.87),
                                        made(constant, {1600, 1534.9}, 105)};
    const decay::Picks p = decay::picks(outs);
    check.that("picks: the notes' lowest decay is time-based, not cosine (told apart)",
               p.best == &outs[0] && p.worst == &outs[0] && p.constant == &outs[3]);
    const auto lines = decay::beyond_lines(outs);
    check.that("beyond_lines: cosine below the notes' lowest and below constant alpha",
               lines.size() == 3 && lines[0] == "cosine, T_max = 99 ends at J - J(theta_ols) = "
               "0.9, below the notes' lowest (time, k = 0.1, at 3.6) and below constant "
               "alpha's 105.", lines.empty() ? "" : lines[0]);
    check.that("beyond_lines: the warmup starts slower (2170.91 against 1617.42) and ends "
               "below cosine (0.87 against 0.9)",
               lines.size() == 3 && lines[2] == "The warmup's small first steps (alpha0 / W = "
               "0.00357 at t = 1): after epoch 1, J = 2170.91 with warmup against 1617.42 "
               "without: it starts slower; at the end warmup-cosine is below cosine (0.87 "
               "against 0.9).", lines.size() == 3 ? lines[2] : "");
    outs[2].run.history.cost = outs[1].run.history.cost;
    outs[2].schedule = decay::make_warmup_cosine(0.1, 0, 1, 100);
    const auto same = decay::beyond_lines(outs);
    check.that("beyond_lines: a warmup-cosine that ran J for J as cosine is told as such",
               same.size() == 3 && same[2] == "warmup-cosine, W = 1 ran exactly as cosine, "
               "T_max = 99 did, J for J: here the two give the same alpha at every step (W = 1 "
               "is no warmup).", same.size() == 3 ? same[2] : "");
    outs[1].run.history.diverged_at = 13;
    check.that("beyond_lines: a diverged cosine says so, with its epoch",
               decay::beyond_lines(outs)[0] == "cosine, T_max = 99 diverged (epoch 13).");
    const auto shown = decay::what_this_run_showed(outs, {.m = 442, .m_t = 16, .epochs = 100});
    check.that("what_this_run_showed: a diverged cosine is left to beyond_lines",
               std::none_of(shown.begin(), shown.end(), [](const std::string& l) {
                   return l.find("cosine") != std::string::npos;
               }));
    const auto chart = decay::alpha_chart({cos, warm, constant}, "t", 3, 28);
    check.that("alpha_chart: cosine per epoch (2 points an epoch), warmup-cosine per mini-batch "
               "(29), constant dashed grey",
               chart.series.size() == 3 && chart.series[0].x.size() == 6 &&
                   chart.series[1].x.size() == 3 * 29 && chart.series[1].y[0] == 0.1 / 28 &&
                   chart.series[2].dashed && chart.series[2].color == "#777777");
}

// Reading the notes critically (chapters/06-learning-rate-decay/README.md).
void reading_the_notes(common::Checker& check) {
    using decay::make_schedule;
    // Notes, "Inverse square root decay": alpha = k alpha0 / sqrt(i), and k alpha0 / sqrt(t):
    // at i = 1 (t = 1) that is k alpha0, while time-based, exponential and staircase decay
    // give alpha0 at i = 1 whatever k is.
    check.close("inverse sqrt by epoch starts at k alpha0 = 0.5 * 0.1 (notes: k alpha0 / sqrt(i))",
                0.05, decay::alpha_inverse_sqrt_epoch(0.1, 0.5, 1), 1e-15);
    check.close("inverse sqrt by mini-batch starts at k alpha0 = 0.5 * 0.1", 0.05,
                decay::alpha_inverse_sqrt_batch(0.1, 0.5, 1), 1e-15);
    check.that("time-based, exponential, staircase start at alpha0 whatever k (k = 0.5)",
               decay::alpha_time_based(0.1, 0.5, 1) == 0.1 &&
                   decay::alpha_exponential(0.1, 0.5, 1) == 0.1 &&
                   decay::alpha_staircase(0.1, 0.5, 4, 1) == 0.1);
    // Notes: t is "the current mini-batch", and the mini-batch loop runs t = 1..T in each
    // epoch. The schedule counts t across epochs: with T = 28, epoch 2 starts at t = 29.
    const auto batch = make_schedule(Kind::inverse_sqrt_batch, 0.1, 1.0);
    check.close("inverse sqrt by mini-batch counts t across epochs: 0.1 / sqrt(29) at the "
                "first mini-batch of epoch 2 (T = 28)", 0.1 / std::sqrt(29.0),
                batch.alpha(2, 29), 1e-15);
    auto has = [](const std::vector<std::string>& lines, const std::string& text) {
        return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
            return l.find(text) != std::string::npos;
        });
    };
    const auto lines = decay::notes_reading_lines(
        {make_schedule(Kind::time_based, 0.1, 0.1),
         make_schedule(Kind::inverse_sqrt_epoch, 0.1, 0.5), batch,
         make_schedule(Kind::constant, 0.1)}, 28);
    check.that("notes_reading_lines: time-based starts at alpha0; inverse sqrt by epoch at "
               "k alpha0 = 0.05 with k = 0.5, and would start at 0.025 with k = 0.25",
               has(lines, "At i = t = 1: time 0.1 (alpha0, whatever k); inverse-sqrt-epoch "
                          "0.05 = k alpha0 with k = 0.5 (k = 0.25 would start at 0.025)"),
               lines.empty() ? "" : lines[0]);
    check.that("notes_reading_lines: epoch 2 starts at t = 29, alpha = 0.01857; restarted, 0.1",
               has(lines, "t = T + 1 = 29 and alpha = 0.01857. Read as the t = 1..T of the "
                          "notes' mini-batch loop, t would restart every epoch and alpha jump "
                          "back to 0.1."));
}

}  // namespace

int main() {
    common::Checker check("learning-rate-decay");
    check.hint("epochs i and mini-batches t count from 1, so the first epoch uses i - 1 "
               "= 0 and alpha = alpha0 (k alpha0 for the square roots)");
    formulas_by_hand(check);
    decay_shapes(check);
    settings_checked(check);
    reading_the_notes(check);
    beyond_the_notes(check);
    beyond_the_notes_story(check);
    drives_train(check);
    decay_beats_constant(check);
    what_the_run_showed(check);
    return check.finish();
}
