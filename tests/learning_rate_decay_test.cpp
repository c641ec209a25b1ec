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
    const auto all = decay::make_schedules("all", 0.1, {0.5}, 10);
    check.that("make_schedules: all five decaying schedules, then constant alpha",
               all.size() == 6 && all[0].kind == Kind::time_based &&
                   all[5].kind == Kind::constant && all[3].k == 0.5);
    check.that("make_schedules: one schedule runs beside constant alpha",
               decay::make_schedules("staircase", 0.1, {0.5}, 10).size() == 2);
    check.throws("make_schedules: k needs one value or five",
                 [] { decay::make_schedules("all", 0.1, {0.5, 0.9}, 10); },
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
    drives_train(check);
    decay_beats_constant(check);
    what_the_run_showed(check);
    return check.finish();
}
