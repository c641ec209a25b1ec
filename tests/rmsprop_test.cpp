// Tests of chapter 4, RMSprop: steps by hand, the first step from s = 0, what eps inside or
// outside the root changes, scale invariance, the balanced steps on the elongated quadratic,
// the +-alpha/2 hop a constant alpha ends in, and convergence near the least-squares solution.
// The rule is rmsprop::RmsProp; the rest of chapters/04-rmsprop/rmsprop.hpp measures it.
#include <array>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "chapters/04-rmsprop/rmsprop.hpp"
#include "chapters/04-rmsprop/story.hpp"
#include "common/check.hpp"
#include "common/functions_2d.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "common/random.hpp"
#include "chapters/01-gradient-descent/train.hpp"
#include "tests/gradient_descent/linear_model_test.hpp"

namespace {

using common::Checker;
using rmsprop::EpsPlacement;
using rmsprop::RmsProp;
using Hyper = rmsprop::Hyper;

std::string fmt(double x) { return Checker::fmt(x); }

// theta after each of the given steps, from theta0.
std::vector<std::vector<double>> run_steps(RmsProp<double> opt, std::vector<double> theta,
                                           const std::vector<std::vector<double>>& dthetas) {
    std::vector<std::vector<double>> out;
    for (const auto& g : dthetas) {
        opt.step(std::span<double>(theta), std::span<const double>(g));
        out.push_back(theta);
    }
    return out;
}

void by_hand(Checker& check) {
    // alpha = 0.1, beta2 = 0.5, eps = 1e-8 inside; theta_0 = (1, 2);
    // dtheta_1 = (2, 0), dtheta_2 = (-1, 3), dtheta_3 = (0, 3).
    // s_1 = 0.5 (4, 0) = (2, 0)
    //   theta_1 = (1 - 0.1 * 2 / sqrt(2 + 1e-8), 2 - 0.1 * 0 / sqrt(1e-8))
    //           = (0.858578644116243884, 2)       (eps keeps 0 / sqrt(0 + eps) finite)
    // s_2 = 0.5 (2, 0) + 0.5 (1, 9) = (1.5, 4.5)
    //   theta_2 = (0.858578644116243884 + 0.1 / sqrt(1.5 + 1e-8), 2 - 0.3 / sqrt(4.5 + 1e-8))
    //           = (0.940228301936850962, 1.858578643919825335)
    // s_3 = 0.5 (1.5, 4.5) + 0.5 (0, 9) = (0.75, 6.75)
    //   theta_3 = (0.940228301936850962, 1.858578643919825335 - 0.3 / sqrt(6.75 + 1e-8))
    //           = (0.940228301936850962, 1.743108590167433555)
    // (square roots from bc -l, 30 digits)
    const Hyper h{.alpha = 0.1, .beta2 = 0.5, .eps = 1e-8};
    RmsProp<double> opt{.hyper = h};
    const auto theta = run_steps(opt, {1, 2}, {{2, 0}, {-1, 3}, {0, 3}});
    const double tol = common::tol<double>::exact;
    check.all_close("rmsprop (s := beta2 s + (1 - beta2) dtheta^2; theta := theta - alpha dtheta "
                    "/ sqrt(s + eps)): theta_1 by hand",
                    std::vector<double>{0.858578644116243884, 2}, theta[0], tol);
    check.all_close("rmsprop: theta_2 by hand", std::vector<double>{0.940228301936850962,
                    1.858578643919825335}, theta[1], tol);
    check.all_close("rmsprop: theta_3 by hand (a zero gradient leaves theta_x unchanged)",
                    std::vector<double>{0.940228301936850962, 1.743108590167433555}, theta[2],
                    tol);
    RmsProp<double> again{.hyper = h};
    std::vector<double> t = {1, 2};
    for (const std::vector<double>& g : {std::vector<double>{2, 0}, {-1, 3}, {0, 3}}) {
        again.step(std::span<double>(t), std::span<const double>(g));
    }
    check.all_close("rmsprop: s_3 by hand = (0.75, 6.75)", std::vector<double>{0.75, 6.75},
                    again.s, tol);

    // Outside: theta_1 = 1 - 0.1 * 2 / (sqrt(2) + 1e-8) = 0.858578644762690488 (bc -l);
    // 0 / (sqrt(0) + 1e-8) = 0 for the second coordinate.
    RmsProp<double> out{.hyper = {.alpha = 0.1, .beta2 = 0.5, .eps = 1e-8,
                                  .eps_placement = EpsPlacement::outside}};
    check.all_close("rmsprop, eps outside (theta := theta - alpha dtheta / (sqrt(s) + eps)): "
                    "theta_1 by hand", std::vector<double>{0.858578644762690488, 2},
                    run_steps(out, {1, 2}, {{2, 0}})[0], tol);

    // The step is theta := theta - effective_alpha(s) dtheta, for either placement.
    for (EpsPlacement p : {EpsPlacement::inside, EpsPlacement::outside}) {
        const Hyper hp{.alpha = 0.3, .beta2 = 0.9, .eps = 1e-3, .eps_placement = p};
        RmsProp<double> o{.hyper = hp};
        std::vector<double> th = {0.5};
        const std::vector<double> g = {-0.2};
        o.step(std::span<double>(th), std::span<const double>(g));
        check.close(std::string("effective_alpha(s) = alpha / ") +
                        (p == EpsPlacement::inside ? "sqrt(s + eps)" : "(sqrt(s) + eps)") +
                        ": Delta theta = -effective_alpha(s) dtheta",
                    0.5 + rmsprop::effective_alpha(hp, o.s[0]) * 0.2, th[0], tol);
    }
}

void first_step(Checker& check) {
    // From s = 0: s_1 = (1 - beta2) g^2, |Delta theta| = alpha |g| / sqrt((1 - beta2) g^2 + eps).
    bool formula = true, direction = true;
    double worst = 0;
    for (double beta2 : {0.9, 0.99, 0.999}) {
        for (double g : {1e-6, 1e-3, 0.5, 1.0, 1e3}) {
            const Hyper h{.alpha = 0.01, .beta2 = beta2, .eps = 1e-8};
            const double want = h.alpha * g / std::sqrt((1 - beta2) * g * g + h.eps);
            const double err = common::relative_error(want, rmsprop::first_step(h, g));
            worst = std::max(worst, err);
            formula = formula && err <= common::tol<double>::exact;
            // theta moves against the gradient
            RmsProp<double> opt{.hyper = h};
            std::array<double, 1> theta = {0};
            const std::array<double, 1> minus_g = {-g};
            opt.step(std::span<double>(theta), std::span<const double>(minus_g));
            direction = direction && theta[0] > 0;
        }
    }
    check.that("first step from s = 0: |Delta theta| = alpha |g| / sqrt((1 - beta2) g^2 + eps) "
               "for beta2 in {0.9, 0.99, 0.999}, |g| from 1e-6 to 1e3", formula,
               "worst rel err " + fmt(worst));
    check.that("first step from s = 0: theta moves against dtheta", direction);
    // Large |g|: (1 - beta2) g^2 >> eps, so |Delta theta| -> alpha / sqrt(1 - beta2), whatever
    // |g|: with g = 1e4 the relative gap is eps / (2 (1 - beta2) g^2) <= 5e-14.
    for (double beta2 : {0.9, 0.99, 0.999}) {
        const Hyper h{.alpha = 0.01, .beta2 = beta2, .eps = 1e-8};
        check.close("first step for large |g| -> alpha / sqrt(1 - beta2), beta2 = " + fmt(beta2),
                    0.01 / std::sqrt(1 - beta2), rmsprop::first_step(h, 1e4), 1e-12);
    }

    // A constant gradient g: s_t = (1 - beta2^t) g^2, so step t is
    // alpha g / sqrt((1 - beta2^t) g^2 + eps), = alpha / sqrt(1 - beta2^t) (startup_factor)
    // up to eps / (2 (1 - beta2^t) g^2) <= 6e-8 for g = 3.
    const double beta2 = 0.99, g = 3;
    RmsProp<double> opt{.hyper = {.alpha = 0.01, .beta2 = beta2, .eps = 1e-8}};
    std::array<double, 1> theta = {0};
    const std::array<double, 1> dtheta = {g};
    double worst_step = 0, worst_factor = 0;
    for (std::size_t t = 1; t <= 1000; ++t) {
        const double before = theta[0];
        opt.step(std::span<double>(theta), std::span<const double>(dtheta));
        const double step = before - theta[0];
        const double bias = 1 - std::pow(beta2, double(t));  // 1 - beta2^t
        worst_step = std::max(worst_step, common::relative_error(
                                              0.01 * g / std::sqrt(bias * g * g + 1e-8), step));
        worst_factor = std::max(worst_factor, common::relative_error(
                                                  rmsprop::startup_factor(beta2, t), step / 0.01));
    }
    check.that("constant dtheta: step t = alpha g / sqrt((1 - beta2^t) g^2 + eps), t = 1..1000",
               worst_step <= 1e-10, "worst rel err " + fmt(worst_step));
    check.that("constant dtheta: step t / alpha = startup_factor = 1 / sqrt(1 - beta2^t) "
               "(to 1e-7: eps)", worst_factor <= 1e-7, "worst rel err " + fmt(worst_factor));
    check.close("startup_factor(0.999, 1) = 1 / sqrt(0.001) = 31.6227766016838",
                31.6227766016838, rmsprop::startup_factor(0.999, 1), 1e-13);
}

void eps_placement(Checker& check) {
    // First step from s = 0 with a = sqrt(1 - beta2) |g| and b = sqrt(1e-8) = 1e-4:
    //   inside, eps = 1e-8:   alpha |g| / sqrt(a^2 + b^2)
    //   outside, eps = 1e-4:  alpha |g| / (a + b)
    //   outside, eps = 1e-8:  alpha |g| / (a + 1e-8)
    // inside(1e-8) / outside(1e-4) = (a + b) / sqrt(a^2 + b^2), which lies in [1, sqrt(2)]:
    // about 1 + min(a, b) / max(a, b) far from a = b, and exactly sqrt(2) at a = b.
    bool small_agree = true, large_agree = true, bounded = true, large_same = true,
         small_apart = true;
    std::string detail;
    for (double beta2 : {0.9, 0.99, 0.999}) {
        const double root = std::sqrt(1 - beta2);
        for (int d = -14; d <= 4; ++d) {
            const double g = std::pow(10.0, d);
            const double a = root * g, b = 1e-4;
            const auto step = [&](double eps, EpsPlacement p) {
                return rmsprop::first_step(
                    {.alpha = 1, .beta2 = beta2, .eps = eps, .eps_placement = p}, g);
            };
            const double in8 = step(1e-8, EpsPlacement::inside);
            const double out8 = step(1e-8, EpsPlacement::outside);
            const double out4 = step(1e-4, EpsPlacement::outside);
            const double ratio = in8 / out4;
            bounded = bounded && ratio >= 1 - 1e-12 && ratio <= std::sqrt(2.0) + 1e-12;
            if (a <= 1e-3 * b) small_agree = small_agree && std::abs(ratio - 1) <= 1.001e-3;
            if (a >= 1e3 * b) large_agree = large_agree && std::abs(ratio - 1) <= 1.001e-3;
            // a >= 0.1: eps = 1e-8 in either place changes the step by < 1e-6.
            if (a >= 0.1) large_same = large_same && std::abs(in8 / out8 - 1) <= 1e-6;
            // a <= 1e-10: outside(1e-8) steps at least 9000 times as far as inside(1e-8).
            if (a <= 1e-10) small_apart = small_apart && out8 / in8 >= 9000;
            if (!(small_agree && large_agree && bounded && large_same && small_apart) &&
                detail.empty()) {
                detail = "beta2 " + fmt(beta2) + " |g| " + fmt(g) + ": in8 " + fmt(in8) +
                         " out8 " + fmt(out8) + " out4 " + fmt(out4);
            }
        }
        const double g_cross = 1e-4 / root;  // (1 - beta2) g^2 = eps
        const double in8 = rmsprop::first_step({.alpha = 1, .beta2 = beta2, .eps = 1e-8}, g_cross);
        const double out4 = rmsprop::first_step(
            {.alpha = 1, .beta2 = beta2, .eps = 1e-4, .eps_placement = EpsPlacement::outside},
            g_cross);
        check.close("eps: inside 1e-8 / outside 1e-4 = sqrt(2) where (1 - beta2) g^2 = eps, "
                    "beta2 = " + fmt(beta2), std::sqrt(2.0), in8 / out4, 1e-9);
    }
    check.that("eps: inside 1e-8 ~ outside 1e-4 within 0.1% where (1 - beta2) g^2 <= 1e-6 eps",
               small_agree, detail);
    check.that("eps: inside 1e-8 ~ outside 1e-4 within 0.1% where (1 - beta2) g^2 >= 1e6 eps",
               large_agree, detail);
    check.that("eps: 1 <= inside 1e-8 / outside 1e-4 <= sqrt(2) for every |g| from 1e-14 to 1e4",
               bounded, detail);
    check.that("eps: inside 1e-8 = outside 1e-8 within 1e-6 where sqrt(1 - beta2) |g| >= 0.1",
               large_same, detail);
    check.that("eps: outside 1e-8 steps >= 9000 times as far as inside 1e-8 where "
               "sqrt(1 - beta2) |g| <= 1e-10", small_apart, detail);
}

void scale_invariance(Checker& check) {
    // Gradients c dtheta give s scaled by c^2 and steps c dtheta / (c sqrt(s)): unchanged
    // while eps is negligible. Plain GD's steps scale by c.
    common::Rng rng(4);
    std::vector<std::vector<double>> g(60, std::vector<double>(5));
    for (auto& row : g) {
        for (std::size_t j = 0; j < row.size(); ++j) row[j] = rng.normal() * std::pow(10.0, j);
    }
    const std::vector<double> theta0 = {0.1, -0.2, 0.3, -0.4, 0.5};
    const auto scaled = [&](double c) {
        auto out = g;
        for (auto& row : out) {
            for (double& x : row) x *= c;
        }
        return out;
    };
    const auto last = [&](const Hyper& h, double c) {
        return run_steps(RmsProp<double>{.hyper = h}, theta0, scaled(c)).back();
    };
    const Hyper tiny{.alpha = 0.01, .beta2 = 0.99, .eps = 1e-300};
    for (double c : {1e-3, 1e3}) {
        check.all_close("scale invariance: dtheta -> " + fmt(c) + " dtheta leaves RMSprop's "
                        "theta unchanged (eps = 1e-300, negligible)",
                        last(tiny, 1), last(tiny, c), 1e-12);
    }
    const Hyper usual{.alpha = 0.01, .beta2 = 0.99, .eps = 1e-8};
    // With eps = 1e-8 the unscaled run feels eps a little (eps / (2 s) up to ~1e-6 on its
    // smallest gradients; measured 8.8e-7): nearly unchanged.
    check.all_close("scale invariance: dtheta -> 1000 dtheta, eps = 1e-8: theta unchanged to "
                    "1e-5", last(usual, 1), last(usual, 1e3), 1e-5);
    gradient_descent::Sgd<double> gd{.hyper = {.alpha = 0.01}};
    std::vector<double> a = theta0, b = theta0;
    gd.step(std::span<double>(a), std::span<const double>(g[0]));
    const auto g1000 = scaled(1e3);
    gd.step(std::span<double>(b), std::span<const double>(g1000[0]));
    check.close("plain GD is not scale invariant: 1000 dtheta moves theta 1000 times as far",
                1000 * (a[4] - theta0[4]), b[4] - theta0[4], 1e-12);
}

void elongated_quadratic(Checker& check) {
    // The chapter's setting: alpha = 0.1, beta2 = 0.99, eps = 1e-8 inside, 50 steps.
    const auto setup = rmsprop::quadratic_setup();
    const Hyper h{.alpha = 0.1, .beta2 = 0.99, .eps = 1e-8};
    const auto trace = rmsprop::trace_2d(setup.fn, h, 50);
    common::Path2d path = {setup.fn.start};
    for (const auto& s : trace) path.push_back(s.theta);
    gradient_descent::Sgd<double> gd{.hyper = {.alpha = setup.alpha_gd}};
    const common::Path2d gd_path = common::path_2d(setup.fn, gd, 50);
    const auto [lambda_x, lambda_y] = rmsprop::quadratic_curvature;

    // Step 1 moves x and y by the same alpha / sqrt(1 - beta2) = 1 (up to eps / (2 s) = 5e-7),
    // where GD moves y 8 times as far as x: 0.4 * 4 * 2 = 3.2 against 0.4 * 0.2 * 5 = 0.4.
    const auto first = rmsprop::step_lengths(path).front();
    check.close("quadratic: RMSprop's step 1 moves x by alpha / sqrt(1 - beta2)", 1, first[0],
                1e-6);
    check.close("quadratic: RMSprop's step 1 moves y by alpha / sqrt(1 - beta2)", 1, first[1],
                1e-6);
    const auto gd_first = rmsprop::step_lengths(gd_path).front();
    check.close("quadratic: GD's step 1 moves y 8 times as far as x", 8, gd_first[1] / gd_first[0],
                common::tol<double>::exact);

    // Balance: alpha_eff lambda per coordinate (each step multiplies the coordinate by about
    // 1 - alpha_eff lambda). GD: 0.08 and 1.6, 20 times apart. RMSprop: measured 2.5 (step 1,
    // = |x_0| / |y_0|) to 4.2, below 5 at every one of the 50 steps, and never above 1.
    double worst = 0, largest = 0;
    for (const auto& s : trace) {
        const double rx = rmsprop::effective_alpha(h, s.s[0]) * lambda_x;
        const double ry = rmsprop::effective_alpha(h, s.s[1]) * lambda_y;
        worst = std::max(worst, ry / rx);
        largest = std::max({largest, rx, ry});
    }
    check.that("quadratic: RMSprop's alpha_y lambda_y / alpha_x lambda_x < 5 at every step "
               "(GD's: 20)", trace.size() == 50 && worst < 5, "worst " + fmt(worst));
    check.close("quadratic: ... and = |x_0| / |y_0| = 2.5 at step 1", 2.5,
                rmsprop::effective_alpha(h, trace[0].s[1]) * lambda_y /
                    (rmsprop::effective_alpha(h, trace[0].s[0]) * lambda_x), 1e-6);
    check.that("quadratic: RMSprop's alpha_eff lambda < 1 in both coordinates (no overshoot)",
               largest < 1, "largest " + fmt(largest));
    check.that("quadratic: y changes sign at every GD step (alpha lambda_y = 1.6 > 1)",
               common::crossings(setup.fn, gd_path, 1) == 50);
    check.that("quadratic: y never changes sign under RMSprop",
               common::crossings(setup.fn, path, 1) == 0);
    const auto k_rms = common::steps_to_reach(setup.fn, path, 0.1);
    const auto k_gd = common::steps_to_reach(setup.fn, gd_path, 0.1);
    check.that("quadratic: RMSprop gets within 0.1 of the minimum sooner than GD",
               k_rms && k_gd && *k_rms < *k_gd,
               "RMSprop " + std::to_string(k_rms.value_or(0)) + ", GD " +
                   std::to_string(k_gd.value_or(0)));

    // Scale invariance on a path: 100 f has 100 times the gradient, the same RMSprop path up
    // to eps: on f, step 1 has s_x = 0.01 and eps / (2 s_x) = 5e-7 (measured gap 7.4e-7).
    common::Function2d steep = setup.fn;
    steep.gradient = [](double x, double y) { return std::array<double, 2>{20 * x, 400 * y}; };
    const auto steep_trace = rmsprop::trace_2d(steep, h, 50);
    double gap = 0;
    for (std::size_t k = 0; k < 50; ++k) {
        gap = std::max({gap, std::abs(steep_trace[k].theta[0] - trace[k].theta[0]),
                        std::abs(steep_trace[k].theta[1] - trace[k].theta[1])});
    }
    check.that("quadratic: RMSprop's path on 100 f equals its path on f (to 1e-5)",
               steep_trace.size() == 50 && gap < 1e-5, "gap " + fmt(gap));

    // A constant alpha ends in a hop between +a and -a, a = sqrt(alpha^2 / 4 - eps / lambda^2)
    // (rmsprop.hpp). beta2 = 0.9 forgets fast, so the hop is reached by step ~250.
    for (double alpha : {0.1, 0.2}) {
        const Hyper hh{.alpha = alpha, .beta2 = 0.9, .eps = 1e-8};
        const auto far = rmsprop::trace_2d(setup.fn, hh, 2000);
        const auto& end = far.back().theta;
        const auto& before = far[far.size() - 2].theta;
        check.all_close("quadratic, alpha = " + fmt(alpha) + ": after 2000 steps |x|, |y| = "
                        "sqrt(alpha^2 / 4 - eps / lambda^2), about alpha / 2",
                        std::vector<double>{rmsprop::hop_amplitude(alpha, 1e-8, lambda_x),
                                            rmsprop::hop_amplitude(alpha, 1e-8, lambda_y)},
                        std::vector<double>{std::abs(end[0]), std::abs(end[1])}, 1e-9);
        check.that("quadratic, alpha = " + fmt(alpha) + ": ... and hops across 0 each step",
                   end[0] * before[0] < 0 && end[1] * before[1] < 0);
    }
}

void convergence(Checker& check) {
    // Full batch on y = 1 + 2 x1 - 3 x2 + noise (m = 200): measured distance 7.6e-10 after
    // 300 steps at alpha = 0.03, beta2 = 0.99, before the hop of part 1 sets in.
    const auto data = well_conditioned_problem(200, 17, 0.5);
    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    RmsProp<double> opt{.hyper = {.alpha = 0.03, .beta2 = 0.99}};
    const auto run = gradient_descent::train_from_zero(
        data, opt, {.epochs = 300, .batch_size = data.m()}, 5);
    const double dist = gradient_descent::distance(run.theta, theta_ols);
    check.that("full-batch RMSprop reaches theta_ols (||theta - theta_ols|| < 1e-6 after 300 "
               "steps)", dist < 1e-6, "distance " + fmt(dist));

    // Diabetes (standardized, intercept), the chapter's mini-batch run: alpha = 1,
    // beta2 = 0.99, m_t = 64, 100 epochs, seed 1. Measured J = 1.0047 J(theta_ols).
    const auto diabetes = gradient_descent::load_standardized_regression(
        PROJECT_DIR "/chapters/04-rmsprop/data/diabetes.csv");
    const std::vector<double> ols = gradient_descent::least_squares(diabetes);
    const double J_ols = gradient_descent::cost<double>(
        ols, diabetes, gradient_descent::all_examples(diabetes));
    RmsProp<double> mb{.hyper = {.alpha = 1, .beta2 = 0.99}};
    const auto r = gradient_descent::train_from_zero(
        diabetes, mb, {.epochs = 100, .batch_size = 64}, 1);
    check.that("diabetes, mini-batch RMSprop: J after 100 epochs within 1% of J(theta_ols)",
               r.history.diverged_at == 0 && r.history.cost.back() <= 1.01 * J_ols,
               "J " + fmt(r.history.cost.back()) + ", J_ols " + fmt(J_ols));

    // Full batch on diabetes: the end point scales with alpha, since RMSprop on a quadratic is
    // unchanged when theta - theta_ols and alpha are scaled together (eps negligible).
    // Measured: distance 0.1658 at alpha = 0.1, 1.658 at alpha = 1 (after 5000 epochs).
    std::vector<double> d;
    for (double alpha : {0.1, 1.0}) {
        RmsProp<double> full{.hyper = {.alpha = alpha, .beta2 = 0.99}};
        const auto fr = gradient_descent::train_from_zero(
            diabetes, full, {.epochs = 5000, .batch_size = diabetes.m()}, 1);
        d.push_back(gradient_descent::distance(fr.theta, ols));
    }
    check.that("diabetes, full batch, alpha = 0.1: ||theta - theta_ols|| < 0.2 after 5000 steps",
               d[0] < 0.2, "distance " + fmt(d[0]));
    check.close("diabetes, full batch: the distance it settles at is proportional to alpha "
                "(alpha = 1 against 0.1: 10 times, to 2%)", 10, d[1] / d[0], 0.02);
}

// What decides the program's sentences (rmsprop.hpp, "What decides the chapter's
// sentences"): each comparison on values where the answer is known.
void sentence_decisions(Checker& check) {
    check.that("denominator(inside) = \"sqrt(s + eps)\", denominator(outside) = "
               "\"(sqrt(s) + eps)\"",
               rmsprop::denominator(EpsPlacement::inside) == "sqrt(s + eps)" &&
                   rmsprop::denominator(EpsPlacement::outside) == "(sqrt(s) + eps)");

    // GD at alpha = 0.4 on curvatures 0.2 and 4: alpha lambda = 0.08 and 1.6, 20 times apart.
    const auto lambda = rmsprop::quadratic_curvature;
    const auto gd = rmsprop::gd_balance(0.4, lambda);
    check.all_close("gd_balance(0.4): alpha lambda = (0.08, 1.6)", std::vector<double>{0.08, 1.6},
                    std::vector<double>{gd.x, gd.y}, common::tol<double>::exact);
    check.close("gd_balance(0.4).spread() = 1.6 / 0.08 = 20", 20, gd.spread(), 1e-12);
    // RMSprop's step 1 on the quadratic: s = (1 - beta2) dtheta^2 with dtheta = (-1, -8), so
    // alpha_eff lambda = (0.2, 4) alpha / sqrt(0.01 (1, 64) + eps) = (0.2, 0.5) (eps: 5e-7).
    const Hyper h{.alpha = 0.1, .beta2 = 0.99, .eps = 1e-8};
    const auto setup = rmsprop::quadratic_setup();
    const auto step1 = rmsprop::rmsprop_balance(h, rmsprop::trace_2d(setup.fn, h, 1)[0], lambda);
    check.all_close("rmsprop_balance at step 1 = (0.2, 0.5): alpha lambda / sqrt(s + eps)",
                    std::vector<double>{0.2, 0.5}, std::vector<double>{step1.x, step1.y}, 1e-6);
    check.that("undone_words: spread 20 -> 3.94 is \"most of\" (3.94^2 < 20), 20 -> 10 \"part "
               "of\", 20 -> 25 \"none of\", 16 -> 4 \"part of\" (4^2 = 16, not less)",
               rmsprop::undone_words(20, 3.94) == "most of" &&
                   rmsprop::undone_words(20, 10) == "part of" &&
                   rmsprop::undone_words(20, 25) == "none of" &&
                   rmsprop::undone_words(16, 4) == "part of");

    // The chapter's quadratic paths (measured): RMSprop within 0.1 at step 31, GD at 47,
    // momentum never in 50 steps; none leaves the chart x in [-6, 2], y in [-3, 3].
    const auto paths = rmsprop::three_paths(setup, h, 50);
    const auto& out = paths.outcome;
    check.that("three_paths on the quadratic: within 0.1 at step 47 (GD), never (momentum), 31 "
               "(RMSprop)", out[0].within == 47u && !out[1].within && out[2].within == 31u);
    check.that("three_paths: no path leaves the chart or overflows at the chapter's settings",
               !out[0].left_chart && !out[1].left_chart && !out[2].left_chart &&
                   !out[0].overflowed && !out[1].overflowed && !out[2].overflowed);
    bool same = paths.path[2].size() == 51 && paths.alpha[2] == 0.1 && paths.alpha[0] == 0.4;
    for (std::size_t k = 0; same && k < paths.trace.size(); ++k) {
        same = paths.path[2][k + 1] == paths.trace[k].theta;
    }
    check.that("three_paths: RMSprop's path is trace_2d's theta after each step", same);
    // alpha = 1: step 1 moves x by alpha / sqrt(1 - beta2) = 10, from -5 to 5 > 2.
    const auto wide = rmsprop::three_paths(setup, {.alpha = 1, .beta2 = 0.99, .eps = 1e-8}, 5);
    check.that("outcome: RMSprop at alpha = 1 leaves the chart at step 1 (x = 5 > 2)",
               wide.outcome[2].left_chart == 1u, "left at " +
               std::to_string(wide.outcome[2].left_chart.value_or(0)));
    check.that("outcome: a path with fewer points than steps + 1 overflowed",
               rmsprop::outcome(setup.fn, {setup.fn.start, {1, 1}}, 5).overflowed &&
                   !rmsprop::outcome(setup.fn, {setup.fn.start, {1, 1}}, 1).overflowed);

    check.that("smallest_first({3, NaN, 1, 2, 1}) = {2, 4, 3, 0, 1}: ties in order, NaN last",
               rmsprop::smallest_first({3, NAN, 1, 2, 1}) ==
                   std::vector<std::size_t>{2, 4, 3, 0, 1});
    const std::string ranked = rmsprop::ranking(rmsprop::methods, {0.000598, 0.01934, 4.662e-06});
    check.that("ranking: \"RMSprop (4.662e-06) < GD (0.000598) < momentum (0.01934)\"",
               ranked == "RMSprop (4.662e-06) < GD (0.000598) < momentum (0.01934)", ranked);
    const std::string diverged =
        rmsprop::ranking(rmsprop::methods, {INFINITY, 1438.87, 1436.58}, 6);
    check.that("ranking: a value that is not finite is \"diverged\" and last", diverged ==
               "RMSprop (1436.58) < momentum (1438.87) < GD (diverged)", diverged);
    check.that("compared(a, b): less, more, the same as",
               rmsprop::compared(1, 2, "below", "above") == "below" &&
                   rmsprop::compared(2, 1, "below", "above") == "above" &&
                   rmsprop::compared(2, 2, "below", "above") == "the same as");

    // eps: the three columns are first_step's; at |g| = eps_crossing, (1 - beta2) g^2 = eps and
    // inside eps / outside sqrt(eps) = sqrt(2), for eps and beta2 other than the defaults.
    for (const auto& [beta2, eps] : {std::pair{0.99, 1e-8}, std::pair{0.9, 1e-6}}) {
        const double cross = rmsprop::eps_crossing(beta2, eps);
        check.close("eps_crossing: (1 - beta2) g^2 = eps, beta2 = " + fmt(beta2) + ", eps = " +
                    fmt(eps), eps, (1 - beta2) * cross * cross, 1e-12);
        const auto s = rmsprop::eps_first_steps(beta2, eps, cross);
        check.close("eps_first_steps: inside eps / outside sqrt(eps) = sqrt(2) at eps_crossing, "
                    "eps = " + fmt(eps), std::sqrt(2.0), s[0] / s[2], 1e-9);
        check.close("eps_first_steps: the middle column is first_step with eps outside",
                    rmsprop::first_step({.alpha = 1, .beta2 = beta2, .eps = eps,
                                         .eps_placement = EpsPlacement::outside}, cross),
                    s[1], common::tol<double>::exact);
    }

    // startup_over_at: the first t with 1 / sqrt(1 - beta2^t) <= 1.01.
    // beta2^t <= 1 - 1 / 1.01^2 = 0.019704: t >= ln 0.019704 / ln beta2 = 37.3, 390.7, 3925.
    const std::size_t t99 = rmsprop::startup_over_at(0.99);
    check.that("startup_over_at: 38 (beta2 0.9), 391 (0.99), 3925 (0.999), 1 (0)",
               rmsprop::startup_over_at(0.9) == 38 && t99 == 391 &&
                   rmsprop::startup_over_at(0.999) == 3925 && rmsprop::startup_over_at(0) == 1,
               "0.99: " + std::to_string(t99));
    check.that("startup_over_at(0.99) = 391: startup_factor(391) <= 1.01 < startup_factor(390)",
               rmsprop::startup_factor(0.99, 391) <= 1.01 &&
                   rmsprop::startup_factor(0.99, 390) > 1.01);

    common::plot::LineChart chart{.title = "", .x_label = "", .y_label = "",
                                  .series = {{.label = "a", .x = {1, 2, 3},
                                              .y = {8020, 1430, NAN}},
                                             {.label = "b", .x = {1, 2}, .y = {-1, 2000}}}};
    const auto range = rmsprop::decade_range(chart);
    check.that("decade_range: [1000, 1.05 * 8020] for values 1430 .. 8020 (NaN, -1 ignored)",
               range && range->first == 1000 && std::abs(range->second - 8421) < 1e-9);
    chart.series = {{.label = "c", .x = {1}, .y = {-3}}};
    check.that("decade_range: empty when no value is positive", !rmsprop::decade_range(chart));

    check.that("table_rows: {1, 10, 100} for 100; {1, 2, 5, 10, 20, 50, 100} with full; "
               "{1, 3} for 3; {1} for 1",
               rmsprop::table_rows(100, false) == std::vector<std::size_t>{1, 10, 100} &&
                   rmsprop::table_rows(100, true) ==
                       std::vector<std::size_t>{1, 2, 5, 10, 20, 50, 100} &&
                   rmsprop::table_rows(3, false) == std::vector<std::size_t>{1, 3} &&
                   rmsprop::table_rows(1, false) == std::vector<std::size_t>{1});
    check.that("placement(\"outside\") = outside, placement(\"inside\") = inside",
               rmsprop::placement("outside") == EpsPlacement::outside &&
                   rmsprop::placement("inside") == EpsPlacement::inside);
    const std::vector<double> s = {1, 4, 0.25};
    const auto [lo, hi] = rmsprop::effective_alpha_range({.alpha = 1, .beta2 = 0.9, .eps = 1e-300},
                                                         s);
    check.all_close("effective_alpha_range(s = 1, 4, 0.25) = (1 / 2, 1 / 0.5)",
                    std::vector<double>{0.5, 2}, std::vector<double>{lo, hi}, 1e-15);
}

// three_runs trains the three methods exactly as three separate train_from_zero calls would.
void three_runs(Checker& check) {
    const auto data = well_conditioned_problem(120, 3, 0.5);
    const Hyper h{.alpha = 0.05, .beta2 = 0.9};
    const gradient_descent::TrainOptions options{.epochs = 5, .batch_size = 16};
    const auto r = rmsprop::three_runs(data, h, options, 7);
    RmsProp<double> rms{.hyper = h};
    const auto alone = gradient_descent::train_from_zero(data, rms, options, 7);
    gradient_descent::Sgd<double> gd{.hyper = {.alpha = rmsprop::diabetes_alpha_gd}};
    const auto gd_alone = gradient_descent::train_from_zero(data, gd, options, 7);
    check.all_close("three_runs: RMSprop's cost per epoch = its own train_from_zero's",
                    alone.history.cost, r.runs[2].history.cost, 0);
    check.all_close("three_runs: RMSprop's s at the end = its own run's", rms.s, r.rms_s, 0);
    check.all_close("three_runs: GD's cost per epoch = its own train_from_zero's (alpha 0.4)",
                    gd_alone.history.cost, r.runs[0].history.cost, 0);

    // diverged_list names the runs that diverged among the first `count`, and when.
    std::vector<gradient_descent::Run<double>> runs(3);
    runs[0].history.diverged_at = 3;
    runs[2].history.diverged_at = 7;
    const std::vector<std::string> labels = {"GD (alpha 0.4)", "momentum", "RMSprop"};
    check.that("diverged_list: \"GD (alpha 0.4) at epoch 3\" of the first two; both of three; "
               "\"\" when none diverged",
               rmsprop::diverged_list(labels, runs, 2) == "GD (alpha 0.4) at epoch 3" &&
                   rmsprop::diverged_list(labels, runs, 3) ==
                       "GD (alpha 0.4) at epoch 3, RMSprop at epoch 7" &&
                   rmsprop::diverged_list(labels, r.runs, 3).empty(),
               rmsprop::diverged_list(labels, runs, 3));
}

// What the chapter program prints and draws beside its tables' numbers: the failure line,
// the sentences about divergence and the final rates, the tables' lines and the figures.
void program_lines(Checker& check) {
    const std::string fail = rmsprop::too_large("it overflowed", 2, 0.99, "--alpha 1");
    check.that("too_large: names alpha and RMSprop's largest move alpha / sqrt(1 - beta2) = 20",
               fail == "it overflowed with alpha = 2: each step moves a coordinate by up to "
                       "alpha / sqrt(1 - beta2) = 20; try --alpha 1.", fail);
    const std::string noisy = rmsprop::diverged_sentence("GD (alpha 0.4) at epoch 3", 0.4,
                                                         0.497, true);
    check.that("diverged_sentence: 0.4 below the limit 0.497 on the shipped data: mini-batches "
               "too noisy; above it, or on other data, no such remark",
               noisy == "Diverged: GD (alpha 0.4) at epoch 3. alpha = 0.4 is below full-batch "
                        "GD's limit 2 / lambda_max = 0.497: mini-batches are too noisy "
                        "(--batch-size 8 or more keeps all three finite)." &&
                   rmsprop::diverged_sentence("x", 0.4, 0.3, true).ends_with(
                       "is above full-batch GD's limit 2 / lambda_max = 0.3.") &&
                   rmsprop::diverged_sentence("x", 0.4, 0.497, false).ends_with("= 0.497."),
               noisy);
    const std::string rates = rmsprop::rates_sentence(EpsPlacement::outside, 0.137, 0.172, 11,
                                                      22.9, 8.19);
    check.that("rates_sentence: the placement's denominator, the range, the distance against "
               "GD's; GD's left out when it is not finite",
               rates == "RMSprop ends with rates alpha / (sqrt(s) + eps) between 0.137 and 0.172 "
                        "over the 11 coordinates, ||theta - theta_ols|| = 22.9, more than GD's "
                        "8.19." &&
                   rmsprop::rates_sentence(EpsPlacement::inside, 1, 2, 3, 4, NAN).ends_with(
                       "||theta - theta_ols|| = 4."),
               rates);
    check.that("eps_table_powers: 5 rows around the crossing (k = 0), 9 with full",
               rmsprop::eps_table_powers(false) == std::vector<int>{-4, -2, 0, 1, 3} &&
                   rmsprop::eps_table_powers(true).size() == 9);
    check.that("eps_columns(1e-8): inside 1e-08, outside 1e-08, outside 0.0001",
               rmsprop::eps_columns(1e-8) == std::array<std::string, 3>{
                   "inside, 1e-08", "outside, 1e-08", "outside, 0.0001"});
    const auto chart = rmsprop::eps_chart(0.99, 1e-8);
    double widest = 0;  // the largest ratio inside eps / outside sqrt(eps) over the curve
    for (std::size_t i = 0; i < 101; ++i) {
        widest = std::max(widest, chart.series[0].y[i] / chart.series[2].y[i]);
    }
    check.that("eps_chart: three curves of 101 points, log-log, |g| from 1e-7 to 1e4 times the "
               "crossing 0.001, sqrt(eps) outside dashed; inside / sqrt(eps) outside peaks "
               "between 1.40 and sqrt(2)",
               chart.log_x && chart.log_y && chart.series.size() == 3 &&
                   chart.series[0].x.size() == 101 && chart.series[2].dashed &&
                   std::abs(chart.series[0].x[0] / 1e-10 - 1) < 1e-12 &&
                   std::abs(chart.series[0].x[100] / 10 - 1) < 1e-12 && widest > 1.40 &&
                   widest <= std::sqrt(2) + 1e-12 &&
                   chart.series[0].label == "eps inside, 1e-08 (the notes' form)",
               Checker::fmt(widest));
    check.that("startup_rows: 0.9, 0.99, 0.999, and a beta2 of its own (0.95) last",
               rmsprop::startup_rows(0.99) == std::vector<double>{0.9, 0.99, 0.999} &&
                   rmsprop::startup_rows(0.95) == std::vector<double>{0.9, 0.99, 0.999, 0.95});
    check.that("startup_line(0.99): step 1 is 10 alpha, within 1% of alpha from step 391",
               rmsprop::startup_line(0.99) ==
                   "beta2 = 0.99: step 1 is 10 alpha, within 1% of alpha from step 391",
               rmsprop::startup_line(0.99));

    const auto setup = rmsprop::quadratic_setup();
    const auto paths = rmsprop::three_paths(setup, {.alpha = 0.1, .beta2 = 0.99, .eps = 1e-8},
                                            50);
    const auto lines = rmsprop::outcome_lines(paths);
    check.that("outcome_lines: a heading and a line per method (RMSprop within 0.1 at step 31, "
               "f(end) 4.662e-06)",
               lines.size() == 4 && lines[0].find("within 0.1 at") != std::string::npos &&
                   lines[3].starts_with("  RMSprop, alpha = 0.1") &&
                   lines[3].find("step 31") != std::string::npos &&
                   lines[3].ends_with("4.662e-06"),
               lines.size() == 4 ? lines[3] : "");
    const auto wide = rmsprop::three_paths(setup, {.alpha = 1, .beta2 = 0.99, .eps = 1e-8}, 5);
    const auto wide_lines = rmsprop::outcome_lines(wide);
    check.that("outcome_lines: RMSprop at alpha = 1 gets a note, it leaves the chart at step 1",
               wide_lines.size() == 5 &&
                   wide_lines[4] == "  (RMSprop leaves the chart at step 1)",
               wide_lines.back());
    const auto contour = rmsprop::contour(setup, paths, 0, "title");
    check.that("contour: RMSprop first, momentum (with its beta), GD dashed on top, each in "
               "its method's colour",
               contour.paths.size() == 3 && contour.paths[0].label == "RMSprop, alpha = 0.1" &&
                   contour.paths[1].label == "momentum, alpha = 0.4, beta = 0.9" &&
                   contour.paths[2].label == "GD, alpha = 0.4 (dashed, on top)" &&
                   contour.paths[2].dashed &&
                   contour.paths[0].color == common::report::method_color("RMSprop") &&
                   contour.title == "title",
               contour.paths.empty() ? "" : contour.paths[1].label);

    std::vector<gradient_descent::Run<double>> runs(3);
    runs[0].history.cost = {8020.16, 1500};
    runs[1].history.cost = {2473.21, NAN};
    runs[2].history.cost = {1465.38};
    const auto labels = rmsprop::run_labels(1);
    check.that("run_labels(1): GD and momentum at chapter 03's alpha 0.4, RMSprop at 1",
               labels == std::vector<std::string>{"GD (alpha 0.4)", "momentum (alpha 0.4)",
                                                  "RMSprop (alpha 1)"});
    const auto table = rmsprop::cost_table(labels, runs, {1, 2});
    check.that("cost_table: a heading of the labels, J to 6 digits, 'diverged' for NaN or a "
               "run that stopped",
               table.size() == 3 && table[0].ends_with("   RMSprop (alpha 1)") &&
                   table[1] == "       1              8020.16              2473.21"
                               "              1465.38" &&
                   table[2] == "       2                 1500             diverged"
                               "             diverged",
               table.size() == 3 ? table[2] : "");
    const auto costs = rmsprop::cost_chart(runs, 1, 1430, 2, 64, "the data");
    check.that("cost_chart: three runs and the floor dashed, log y from the decade below 1430",
               costs.series.size() == 4 && costs.series[3].dashed && costs.series[3].y[0] == 1430 &&
                   costs.y_range && costs.y_range->first == 1000 &&
                   costs.title == "Mini-batch training (m_t = 64) on the data: cost per epoch",
               costs.title);
}

// Beyond the notes: Adagrad (s := s + dtheta^2; theta := theta - alpha dtheta / sqrt(s + eps),
// or / (sqrt(s) + eps) as torch.optim.Adagrad), and the long run against RMSprop.
void adagrad(Checker& check) {
    // By hand, written as a loop over steps with its own sums: 19 coordinates (whole SIMD
    // registers and a tail), dtheta_k[j] = sin(j + 3k) + 0.1 j, alpha = 0.1, eps = 1e-8.
    const std::size_t n = 19;
    for (EpsPlacement p : {EpsPlacement::inside, EpsPlacement::outside}) {
        const bool inside = p == EpsPlacement::inside;
        std::vector<double> want(n, 1.0), sum(n, 0.0);
        std::vector<double> simd(n, 1.0), scalar(n, 1.0);
        rmsprop::Adagrad<double> a{.hyper = {.alpha = 0.1, .eps = 1e-8, .eps_placement = p}};
        rmsprop::Adagrad<double> b = a;
        for (int k = 0; k < 4; ++k) {
            std::vector<double> g(n);
            for (std::size_t j = 0; j < n; ++j) {
                g[j] = std::sin(double(j) + 3.0 * k) + 0.1 * double(j);
                sum[j] += g[j] * g[j];
                want[j] -= 0.1 * g[j] / (inside ? std::sqrt(sum[j] + 1e-8)
                                                : std::sqrt(sum[j]) + 1e-8);
            }
            a.step(std::span<double>(simd), std::span<const double>(g), common::Engine::simd);
            b.step(std::span<double>(scalar), std::span<const double>(g),
                   common::Engine::scalar);
        }
        const std::string where = inside ? "eps inside (sqrt(s + eps))"
                                         : "eps outside (sqrt(s) + eps, torch's Adagrad)";
        check.all_close("adagrad (s := s + dtheta^2; theta := theta - alpha dtheta / sqrt(s + "
                        "eps)): theta after 4 steps by hand, " + where, want, simd, 1e-14);
        check.all_close("adagrad: s after 4 steps is the sum of the 4 dtheta^2, " + where, sum,
                        a.s, 1e-14);
        check.all_close("adagrad: the scalar loop and the SIMD loop agree, " + where, simd,
                        scalar, 1e-15);
    }
    // In float through the SIMD loop: the same rule, within float's rounding.
    {
        std::vector<float> theta(n, 1.0f), g(n);
        std::vector<double> want(n);
        for (std::size_t j = 0; j < n; ++j) {
            g[j] = float(0.5 - 0.05 * double(j));
            const double gj = double(g[j]);
            want[j] = 1.0 - 0.1 * gj / std::sqrt(gj * gj + 1e-8);
        }
        rmsprop::Adagrad<float> f{.hyper = {.alpha = 0.1f, .eps = 1e-8f}};
        f.step(std::span<float>(theta), std::span<const float>(g));
        check.all_close("adagrad in float: one step from s = 0 moves each coordinate by about "
                        "alpha sign(dtheta)", want, std::vector<double>(theta.begin(),
                        theta.end()), 1e-6);
    }
    // A gradient of steady size g: s = t g^2, so the effective step is alpha / (g sqrt(t));
    // RMSprop's s = (1 - beta2^t) g^2 tends to g^2 and its step to alpha / g.
    rmsprop::Adagrad<double> ada{.hyper = {.alpha = 0.5, .eps = 1e-8}};
    RmsProp<double> rms{.hyper = {.alpha = 0.5, .beta2 = 0.9, .eps = 1e-8}};
    std::vector<double> x = {0}, y = {0};
    const std::vector<double> g = {2};
    for (int t = 0; t < 400; ++t) {
        ada.step(std::span<double>(x), std::span<const double>(g));
        rms.step(std::span<double>(y), std::span<const double>(g));
    }
    check.close("adagrad: after 400 steps of dtheta = 2, s = 400 * 4 = 1600", 1600, ada.s[0],
                1e-15);
    check.close("effective_step: Adagrad's alpha / sqrt(s + eps) = 0.5 / sqrt(1600 + 1e-8)",
                0.5 / std::sqrt(1600 + 1e-8),
                rmsprop::effective_step(0.5, 1e-8, EpsPlacement::inside, ada.s[0]), 1e-15);
    check.close("effective_step: outside, 0.5 / (sqrt(1600) + 1e-8)", 0.5 / (40 + 1e-8),
                rmsprop::effective_step(0.5, 1e-8, EpsPlacement::outside, ada.s[0]), 1e-15);
    check.close("RMSprop under the same gradient: s -> g^2 = 4 (beta2 = 0.9, 400 steps)", 4,
                rms.s[0], 1e-12);
    check.that("median_effective_step: of 3 values the middle one, of 4 the mean of the middle "
               "two",
               rmsprop::median_effective_step(1, 0, EpsPlacement::outside,
                                              std::vector<double>{4, 1, 100}) == 0.5 &&
                   rmsprop::median_effective_step(1, 0, EpsPlacement::outside,
                                                  std::vector<double>{4, 1, 100, 16}) ==
                       (0.5 + 0.25) / 2);

    // The chapter's long run: diabetes, alpha = 1, beta2 = 0.99, m_t = 64, 1000 epochs.
    const auto diabetes = gradient_descent::load_standardized_regression(
        PROJECT_DIR "/chapters/04-rmsprop/data/diabetes.csv");
    const Hyper h{.alpha = 1, .beta2 = 0.99, .eps = 1e-8};
    const gradient_descent::TrainOptions options{.epochs = 1000, .batch_size = 64};
    const auto r = rmsprop::adagrad_against_rmsprop(diabetes, h, options, 1);
    rmsprop::Adagrad<double> alone{.hyper = {.alpha = 1, .eps = 1e-8}};
    const auto run = gradient_descent::train_from_zero(diabetes, alone, options, 1);
    check.all_close("adagrad_against_rmsprop: Adagrad's cost per epoch = its own run's",
                    run.history.cost, r.runs[1].history.cost, 0);
    check.close("adagrad_against_rmsprop: the last effective step recorded = the median of "
                "alpha / sqrt(s + eps) of its final s",
                rmsprop::median_effective_step(1, 1e-8, EpsPlacement::inside, alone.s),
                r.effective[1].back(), 1e-15);
    const auto& e = r.effective;
    const std::size_t N = e[1].size();
    check.that("long run: 7000 steps (7 mini-batches of 64 in 442, 1000 epochs)", N == 7000);
    const double ada_drop = e[1][N - 1] / e[1][N / 100 - 1];
    const double rms_drop = e[0][N - 1] / e[0][N / 100 - 1];
    check.that("long run: Adagrad's effective step falls below a third of its value at step "
               "N / 100, RMSprop's stays within a factor 2 of it", ada_drop < 1.0 / 3 &&
               rms_drop > 0.5 && rms_drop < 2, fmt(ada_drop) + ", " + fmt(rms_drop));
    bool falls = true;
    for (std::size_t k = 1; k < N; ++k) falls = falls && e[1][k] <= e[1][k - 1];
    check.that("long run: Adagrad's effective step never rises (s only grows)", falls);

    // The lines the program prints, from a made-up run: 200 steps, Adagrad's effective step
    // 1 / sqrt(t), RMSprop's 0.5 throughout; J 110 and 101 above a floor of 100.
    rmsprop::LongRun made;
    made.runs.resize(2);
    made.runs[0].history.cost = {101};
    made.runs[1].history.cost = {110};
    for (std::size_t t = 1; t <= 200; ++t) {
        made.effective[0].push_back(0.5);
        made.effective[1].push_back(1 / std::sqrt(double(t)));
    }
    const auto lines = rmsprop::adagrad_lines(made, 100);
    check.that("adagrad_lines: Adagrad at 7.1% of its first (1/sqrt(200)), RMSprop 100%",
               lines.size() == 3 && lines[0] == "After 200 steps Adagrad's effective step "
               "(median over the coordinates) is 7.1% of its first (1 -> 0.0707), RMSprop's "
               "100% (0.5 -> 0.5).", lines.empty() ? "" : lines[0]);
    check.that("adagrad_lines: from step 2 to 200, 1/sqrt(100) = 10%; RMSprop within a factor 2",
               lines.size() == 3 && lines[1].starts_with("From step 2 to step 200, Adagrad's "
               "alpha / sqrt(s) fell to 10% (a gradient of steady size: 1 / sqrt(100) = 10%); "
               "RMSprop's stayed within a factor 2, at 100%: its s averages"),
               lines.size() > 1 ? lines[1] : "");
    check.that("adagrad_lines: Adagrad ends 10 times as far above the floor (10 against 1)",
               lines.size() == 3 && lines[2].ends_with("Adagrad ends 10 times as far above the "
                                                       "floor."), lines.back());
    const auto chart = rmsprop::adagrad_chart(made, 1, 64, "the data");
    check.that("adagrad_chart: RMSprop, Adagrad and the 1 / sqrt(t) line through Adagrad's "
               "step 2, log-log, from step 1 to 200",
               chart.series.size() == 3 && chart.log_x && chart.log_y &&
                   chart.series[1].x.front() == 1 && chart.series[1].x.back() == 200 &&
                   chart.series[2].dashed &&
                   std::abs(chart.series[2].y.back() - 1 / std::sqrt(200.0)) < 1e-15);
}

// The defaults the notes give, pinned (a changed default fails here, naming the line).
// Notes, "RMSprop": "Initiate s = 0 ... and epsilon = 10^-8", and the step divides by
// sqrt(s + epsilon), epsilon inside the root. The RMSprop section gives no beta2; the
// header's 0.999 is the notes' typical beta2 for Adam ("beta2 (mean squared update): 0.999").
void defaults_of_the_notes(Checker& check) {
    const RmsProp<double> fresh{};
    check.close("default eps = 1e-8 (notes, RMSprop: \"Initiate ... epsilon = 10^-8\")", 1e-8,
                fresh.hyper.eps, 0);
    check.that("default eps placement: inside the root, sqrt(s + eps) (notes, RMSprop update)",
               fresh.hyper.eps_placement == EpsPlacement::inside);
    check.close("default beta2 = 0.999 (none in the notes' RMSprop; their Adam's typical beta2)",
                0.999, fresh.hyper.beta2, 0);
    // The same on a step where eps matters: dtheta = 1e-6 from s = 0, alpha = 1. Then
    // s = 0.001 * 1e-12 = 1e-15 and the step is 1e-6 / sqrt(1e-15 + 1e-8) = 0.0099999995
    // (eps = 1e-6 would give 0.001; eps outside, 1e-6 / (sqrt(1e-15) + 1e-8) = 24.0).
    RmsProp<double> opt{};
    opt.hyper.alpha = 1;
    std::vector<double> theta = {0.0};
    const std::vector<double> g = {1e-6};
    opt.step(std::span<double>(theta), std::span<const double>(g));
    check.close("a default RMSprop step on dtheta = 1e-6: 1e-6 / sqrt(1e-15 + 1e-8)",
                -1e-6 / std::sqrt(1e-15 + 1e-8), theta[0], 1e-12);
}

}  // namespace

int main() {
    Checker check("rmsprop");
    check.hint("s averages dtheta^2 (element-wise); divide dtheta by sqrt(s + eps) with "
               "eps inside the root, or sqrt(s) + eps for outside");
    defaults_of_the_notes(check);
    by_hand(check);
    first_step(check);
    eps_placement(check);
    scale_invariance(check);
    elongated_quadratic(check);
    convergence(check);
    sentence_decisions(check);
    three_runs(check);
    program_lines(check);
    adagrad(check);
    return check.finish();
}
