// Tests of chapter 5, Adam (adam::Adam and what chapters/05-adam/adam.hpp measures):
// two steps by hand, the notes' claims about the first step, the bias corrections and eps,
// the reductions to RMSprop, invariance to the gradient's scale, and convergence to the
// least-squares solution of the diabetes regression; then the words, rows and charts that
// chapters/05-adam/story.hpp builds from a run's numbers. (The `update` reference cases, adam
// among them, run through adam::Adam in reference-check: tests/reference/run_update.hpp.)
#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "chapters/05-adam/adam.hpp"
#include "common/check.hpp"
#include "common/functions_2d.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/05-adam/story.hpp"
#include "common/random.hpp"
#include "chapters/01-gradient-descent/train.hpp"

namespace {

using common::Engine;
using rmsprop::EpsPlacement;
constexpr double exact = common::tol<double>::exact;

// One Adam (or AdamW, AdamL2, AmsGrad) step on a vector theta.
template <class Opt>
void step(Opt& opt, std::vector<double>& theta, const std::vector<double>& g,
          Engine engine = Engine::simd) {
    opt.step(std::span<double>(theta), std::span<const double>(g), engine);
}

// Two steps by hand, alpha = 0.1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, theta_0 = (0, 0),
// dtheta_1 = (2, -1), dtheta_2 = (1, -3).
//   t = 1, coordinate 0: v = 0.1 * 2 = 0.2, s = 0.001 * 4 = 0.004,
//          v_corrected = 0.2 / 0.1 = 2, s_corrected = 0.004 / 0.001 = 4,
//          step = 0.1 * 2 / sqrt(4 + 1e-8) = 0.099999999875, theta = -0.099999999875
//   t = 1, coordinate 1: v = -0.1, s = 0.001, v_corrected = -1, s_corrected = 1,
//          theta = +0.1 / sqrt(1 + 1e-8) = 0.0999999995
//   t = 2, coordinate 0: v = 0.9 * 0.2 + 0.1 * 1 = 0.28, s = 0.999 * 0.004 + 0.001 * 1 = 0.004996,
//          v_corrected = 0.28 / (1 - 0.81) = 1.473684210526..., s_corrected = 0.004996 /
//          (1 - 0.998001) = 2.499249624812..., step = 0.1 * 1.4736842 / sqrt(2.4992496 + 1e-8)
//          = 0.093217963694649, theta = -0.193217963569649
//   t = 2, coordinate 1: v = -0.09 - 0.3 = -0.39, s = 0.000999 + 0.009 = 0.009999,
//          v_corrected = -2.052631578947..., s_corrected = 5.002001000500...,
//          step = -0.091778111806289, theta = 0.191778111306289
//   Outside the root, step 2 divides by sqrt(s_corrected) + eps instead:
//          theta = -0.099999999500 - 0.093217963291490 = -0.193217962791490 (coordinate 0)
void by_hand(common::Checker& check) {
    for (Engine engine : {Engine::scalar, Engine::simd}) {
        const std::string how = engine == Engine::scalar ? " (scalar loop)" : " (SIMD loop)";
        adam::Adam<double> opt{.hyper = {.alpha = 0.1}};
        std::vector<double> theta = {0, 0};
        step(opt, theta, {2, -1}, engine);
        check.all_close("adam by hand: v := beta1 v + (1 - beta1) dtheta at t = 1" + how,
                        std::vector<double>{0.2, -0.1}, opt.v, exact);
        check.all_close("adam by hand: s := beta2 s + (1 - beta2) dtheta^2 at t = 1" + how,
                        std::vector<double>{0.004, 0.001}, opt.s, exact);
        check.all_close("adam by hand: theta := theta - alpha v_corrected / sqrt(s_corrected + "
                        "eps) at t = 1" + how,
                        std::vector<double>{-0.099999999875, 0.0999999995}, theta, exact);
        step(opt, theta, {1, -3}, engine);
        check.all_close("adam by hand: v at t = 2" + how, std::vector<double>{0.28, -0.39},
                        opt.v, exact);
        check.all_close("adam by hand: s at t = 2" + how,
                        std::vector<double>{0.004996, 0.009999}, opt.s, exact);
        check.all_close("adam by hand: theta at t = 2" + how,
                        std::vector<double>{-0.193217963569649, 0.191778111306289}, theta, exact);
        check.that("adam by hand: t counts the steps, 2 after two" + how, opt.t == 2);
    }
    adam::Adam<double> out{.hyper = {.alpha = 0.1, .eps_placement = EpsPlacement::outside}};
    std::vector<double> theta = {0, 0};
    step(out, theta, {2, -1});
    step(out, theta, {1, -3});
    check.close("adam by hand, eps outside: theta := theta - alpha v_corrected / "
                "(sqrt(s_corrected) + eps) at t = 2", -0.193217962791490, theta[0], exact);
    check.close("v_corrected = v / (1 - beta1^t): 0.28 / 0.19 by hand", 0.28 / 0.19,
                adam::v_corrected(0.28, 0.9, 2), exact);
    check.close("s_corrected = s / (1 - beta2^t): 0.004996 / 0.001999 by hand",
                0.004996 / 0.001999, adam::s_corrected(0.004996, 0.999, 2), exact);
}

// 37 gradients of both signs and sizes 10^lo .. 10^hi (37: the SIMD loop's tail runs too).
std::vector<double> mixed_gradient(std::uint64_t seed, double lo = -1, double hi = 3) {
    common::Rng rng(seed);
    std::vector<double> g(37);
    for (double& x : g) x = (rng.uniform() < 0.5 ? -1 : 1) * std::pow(10.0, rng.uniform(lo, hi));
    return g;
}

// The first step is alpha sign(dtheta) in every coordinate: at t = 1 v_corrected = dtheta and
// s_corrected = dtheta^2, so v_corrected / sqrt(s_corrected) = sign(dtheta) (eps negligible:
// |dtheta| >= 10, so eps / dtheta^2 <= 1e-10). Without the corrections it is
// (1 - beta1) / sqrt(1 - beta2) times longer: 0.1 / sqrt(0.001) = 3.16 for the defaults.
// (Uncorrected, s = (1 - beta2) dtheta^2 >= 0.1 still dwarfs eps: |dtheta| >= 10 is needed.)
void first_step(common::Checker& check) {
    const std::vector<double> g = mixed_gradient(5, 1, 3);
    for (EpsPlacement placement : {EpsPlacement::inside, EpsPlacement::outside}) {
        const std::string where = placement == EpsPlacement::inside ? " (eps inside)"
                                                                    : " (eps outside)";
        for (auto [beta1, beta2] : {std::array<double, 2>{0.9, 0.999}, {0.5, 0.99}}) {
            const std::string betas = " beta1 = " + common::Checker::fmt(beta1) +
                                      ", beta2 = " + common::Checker::fmt(beta2);
            adam::Adam<double> corrected{.hyper = {.alpha = 0.001, .beta1 = beta1,
                                                     .beta2 = beta2, .eps_placement = placement}};
            adam::Adam<double> uncorrected = corrected;
            uncorrected.hyper.bias_correction = false;
            std::vector<double> theta_c(g.size(), 0.0), theta_u(g.size(), 0.0);
            step(corrected, theta_c, g);
            step(uncorrected, theta_u, g);
            std::vector<double> in_alphas(g.size()), ratio(g.size());
            for (std::size_t j = 0; j < g.size(); ++j) {
                in_alphas[j] = -theta_c[j] / (0.001 * std::copysign(1.0, g[j]));
                ratio[j] = theta_u[j] / theta_c[j];
            }
            check.all_close("adam: first step = alpha sign(dtheta) in every coordinate, |dtheta| "
                            "from 10 to 1000," + betas + where,
                            std::vector<double>(g.size(), 1.0), in_alphas, 1e-6);
            const double predicted = (1 - beta1) / std::sqrt(1 - beta2);
            check.all_close("adam: without bias correction the first step is (1 - beta1) / "
                            "sqrt(1 - beta2) = " + common::Checker::fmt(predicted) +
                                " times longer," + betas + where,
                            std::vector<double>(g.size(), predicted), ratio, 1e-6);
        }
    }
    check.close("uncorrected_step_ratio(0.9, 0.999, 1) = 0.1 / sqrt(0.001) = 3.16227766",
                3.1622776601683795, adam::uncorrected_step_ratio(0.9, 0.999, 1), exact);
}

// A constant gradient: the corrected moments equal dtheta and dtheta^2 at every t, so every
// step has the same length; the uncorrected step is (1 - beta1^t) / sqrt(1 - beta2^t) times it
// (eps negligible: dtheta = 37, so even the uncorrected s >= 0.001 * 37^2 = 1.4 >> 1e-8).
void constant_gradient(common::Checker& check) {
    const double g = 37;
    const std::vector<double> gs(200, g);
    const adam::Hyper hyper{.alpha = 0.01};
    const auto rows = adam::first_steps(hyper, gs);
    std::vector<double> v_hat, s_hat, steps, ratios, predicted;
    for (const auto& r : rows) {
        v_hat.push_back(r.v_corrected);
        s_hat.push_back(r.s_corrected);
        steps.push_back(r.step);
        ratios.push_back(r.step_uncorrected / r.step);
        predicted.push_back(adam::uncorrected_step_ratio(0.9, 0.999, r.t));
    }
    check.all_close("ewma bias correction: v_corrected of a constant dtheta = dtheta, t = 1..200",
                    std::vector<double>(gs.size(), g), v_hat, 1e-13);
    check.all_close("ewma bias correction: s_corrected of a constant dtheta = dtheta^2, t = "
                    "1..200", std::vector<double>(gs.size(), g * g), s_hat, 1e-12);
    const double step_by_hand = 0.01 * g / std::sqrt(g * g + 1e-8);
    check.all_close("adam: a constant dtheta gives steps of alpha dtheta / sqrt(dtheta^2 + eps) "
                    "at every t", std::vector<double>(gs.size(), step_by_hand), steps, 1e-13);
    check.all_close("adam: uncorrected / corrected step = (1 - beta1^t) / sqrt(1 - beta2^t), "
                    "t = 1..200", predicted, ratios, 1e-8);
    // (1 - 0.9^10) / sqrt(1 - 0.999^10) = 0.6513215599 / 0.0997749... = 6.5278808
    check.close("adam: without correction the 10th step is 6.53 alpha long (constant dtheta)",
                6.527880, rows[9].step_uncorrected / 0.01, 1e-6);
}

// beta1 = 0: v = dtheta, and v_corrected = dtheta (1 - 0^t = 1), so Adam becomes RMSprop with a
// bias-corrected s. Identities checked on 60 steps of gradients of mixed sizes:
//   (a) without bias correction, Adam(beta1 = 0) takes exactly RMSprop's steps;
//   (b) with it, theta_t = theta_{t-1} - alpha dtheta_t / sqrt(s_t / (1 - beta2^t) + eps),
//       where s_t is RMSprop's s after the same gradients.
void beta1_zero(common::Checker& check) {
    adam::Adam<double> plain{.hyper = {.alpha = 0.01, .beta1 = 0, .bias_correction = false}};
    adam::Adam<double> corrected{.hyper = {.alpha = 0.01, .beta1 = 0}};
    rmsprop::RmsProp<double> rms{.hyper = {.alpha = 0.01, .beta2 = 0.999, .eps = 1e-8}};
    std::vector<double> theta_a(37, 0.5), theta_c(37, 0.5), theta_r(37, 0.5);
    double worst_a = 0, worst_b = 0;
    for (long t = 1; t <= 60; ++t) {
        const std::vector<double> g = mixed_gradient(100 + std::uint64_t(t));
        std::vector<double> expected = theta_c;
        step(plain, theta_a, g);
        rms.step(std::span<double>(theta_r), std::span<const double>(g));
        step(corrected, theta_c, g);
        for (std::size_t j = 0; j < g.size(); ++j) {
            expected[j] -= 0.01 * g[j] / std::sqrt(rms.s[j] / (1 - std::pow(0.999, double(t))) +
                                                   1e-8);
            worst_a = std::max(worst_a, common::relative_error(theta_r[j], theta_a[j]));
            worst_b = std::max(worst_b, common::relative_error(expected[j], theta_c[j]));
        }
        theta_c = expected;  // compare step by step, not accumulated drift
    }
    check.that("adam with beta1 = 0 and no bias correction takes RMSprop's steps (60 steps)",
               worst_a <= exact, "max rel err " + common::Checker::fmt(worst_a));
    check.that("adam with beta1 = 0: theta := theta - alpha dtheta / sqrt(s / (1 - beta2^t) + "
               "eps), s = RMSprop's s", worst_b <= exact,
               "max rel err " + common::Checker::fmt(worst_b));
}

// Scaling the cost by c > 0 scales every gradient by c; v by c, s by c^2, so v / sqrt(s) and
// Adam's path do not change (eps negligible: 1e-20 here). Plain GD's path does change.
void scale_invariance(common::Checker& check) {
    const common::Function2d f = common::elongated_quadratic();
    auto scaled = [&](double c) {
        common::Function2d g = f;
        g.f = [f, c](double x, double y) { return c * f.f(x, y); };
        g.gradient = [f, c](double x, double y) {
            const auto d = f.gradient(x, y);
            return std::array<double, 2>{c * d[0], c * d[1]};
        };
        return g;
    };
    adam::Adam<double> base{.hyper = {.alpha = 0.1, .eps = 1e-20}};
    const auto path = common::path_2d(f, base, 100);
    for (double c : {1e-3, 7.5, 1e4}) {
        adam::Adam<double> opt{.hyper = {.alpha = 0.1, .eps = 1e-20}};
        const auto other = common::path_2d(scaled(c), opt, 100);
        double worst = other.size() == path.size() ? 0 : INFINITY;
        for (std::size_t k = 0; k < path.size() && k < other.size(); ++k) {
            worst = std::max({worst, std::abs(path[k][0] - other[k][0]),
                              std::abs(path[k][1] - other[k][1])});
        }
        check.that("adam: the path on c f equals the path on f, c = " + common::Checker::fmt(c) +
                       " (100 steps, eps = 1e-20)", worst <= 1e-10,
                   "max |difference| " + common::Checker::fmt(worst));
    }
    gradient_descent::Sgd<double> gd1{.hyper = {.alpha = 0.1}}, gd2{.hyper = {.alpha = 0.1}};
    const auto p1 = common::path_2d(f, gd1, 5);
    const auto p2 = common::path_2d(scaled(2), gd2, 5);
    check.that("plain GD is not scale-invariant: its first step on 2 f is twice as long",
               std::abs((p2[1][0] - p2[0][0]) / (p1[1][0] - p1[0][0]) - 2) < exact);
}

// eps = 1e-8 inside the root acts like sqrt(1e-8) = 1e-4 outside it for small gradients: at
// t = 1 the steps are alpha g / sqrt(g^2 + eps) and alpha g / (g + sqrt(eps)); with
// x = g / sqrt(eps) their ratio is (1 + x) / sqrt(1 + x^2), within x of 1.
void eps_placement(common::Checker& check) {
    const adam::Hyper inside{.alpha = 1, .eps = 1e-8};
    const adam::Hyper outside_root{.alpha = 1, .eps = 1e-4, .eps_placement = EpsPlacement::outside};
    const adam::Hyper outside_same{.alpha = 1, .eps = 1e-8, .eps_placement = EpsPlacement::outside};
    for (double g : {1e-6, 1e-7, 1e-9, 1e-12}) {
        const double a = adam::first_step(inside, g), b = adam::first_step(outside_root, g);
        const double x = g / 1e-4;
        check.that("eps placement: eps = 1e-8 inside = eps = 1e-4 outside for |dtheta| = " +
                       common::Checker::fmt(g) + " (to within |dtheta| / 1e-4)",
                   std::abs(a / b - 1) <= x * (1 + 1e-6),
                   "ratio " + common::Checker::fmt(a / b));
        check.close("eps placement: eps = 1e-8 inside gives alpha |dtheta| / 1e-4 for |dtheta| = " +
                        common::Checker::fmt(g), 1.0, a / (g / 1e-4), 1.01 * x);
    }
    check.close("eps placement: the two differ most near |dtheta| = sqrt(eps): 2 sqrt(eps) / "
                "sqrt(2 eps) = sqrt(2)", std::sqrt(2.0),
                adam::first_step(inside, 1e-4) / adam::first_step(outside_root, 1e-4), 1e-6);
    const double tiny = adam::first_step(outside_same, 1e-8) / adam::first_step(inside, 1e-8);
    check.that("eps placement: eps = 1e-8 outside takes a step 5000 times longer on |dtheta| = "
               "1e-8", std::abs(tiny - 5000) < 1, "ratio " + common::Checker::fmt(tiny));
    for (const adam::Hyper& h : {inside, outside_root, outside_same}) {
        check.close(std::string("eps placement: for |dtheta| = 1, eps = ") +
                        common::Checker::fmt(h.eps) +
                        (h.eps_placement == EpsPlacement::inside ? " inside" : " outside") +
                        " steps alpha to within 1e-4", 1.0, adam::first_step(h, 1.0), 1.01e-4);
    }
}

// The chapter's helpers, and Adam on the diabetes data.
void diabetes(common::Checker& check) {
    const gradient_descent::Dataset<double> data =
        gradient_descent::load_standardized_regression(PROJECT_DIR "/chapters/05-adam/data/diabetes.csv");
    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    const double J_ols = gradient_descent::cost<double>(theta_ols, data, gradient_descent::all_examples(data));

    // Full batch, alpha = 3, 1000 steps: Adam reaches theta_ols itself, even along the nearly
    // flat direction of the collinear s1, s2 (measured distance ~1e-5; tolerance 1e-3).
    const gradient_descent::TrainOptions full{.epochs = 1000, .batch_size = data.m()};
    const adam::Run r = adam::train_method(adam::Method::adam, data, 3, adam::Hyper{}, full, 1);
    check.that("adam converges to theta_ols on diabetes, full batch, alpha = 3, 1000 steps "
               "(||theta - theta_ols|| < 1e-3)", gradient_descent::distance(r.theta, theta_ols) < 1e-3,
               "distance " + common::Checker::fmt(gradient_descent::distance(r.theta, theta_ols)));
    check.close("adam on diabetes, full batch: J(theta) = J(theta_ols) to 1e-10", J_ols,
                r.history.cost.back(), 1e-10);

    // The chapter's default: mini-batches of 64, alpha = 1, 100 epochs: within 1% of J_ols.
    const gradient_descent::TrainOptions mini{.epochs = 100, .batch_size = 64};
    const adam::Run m = adam::train_method(adam::Method::adam, data, 1, adam::Hyper{}, mini, 1);
    check.that("adam on diabetes, m_t = 64, alpha = 1: J within 1% of J(theta_ols) after 100 "
               "epochs", m.history.cost.back() <= 1.01 * J_ols,
               "J / J_ols = " + common::Checker::fmt(m.history.cost.back() / J_ols));

    // train_method: momentum takes beta = beta1, and momentum with beta = 0 is plain GD.
    const gradient_descent::TrainOptions short_run{.epochs = 3, .batch_size = 64};
    const auto gd = adam::train_method(adam::Method::gd, data, 0.05, adam::Hyper{}, short_run, 4);
    const auto mo = adam::train_method(adam::Method::momentum, data, 0.05,
                                       adam::Hyper{.beta1 = 0}, short_run, 4);
    check.all_close("train_method: momentum with beta = beta1 = 0 is plain GD", gd.theta,
                    mo.theta, exact);

    // pick_alpha: the lowest final cost among the runs that did not diverge.
    const double grid[] = {0.01, 0.1, 10};
    const gradient_descent::TrainOptions pick_run{.epochs = 30, .batch_size = 64};
    const auto pick = adam::pick_alpha(adam::Method::gd, data, grid, adam::Hyper{}, pick_run, 4);
    check.that("pick_alpha: GD with alpha = 10 diverges (alpha > 2 / lambda_max = 0.5)",
               pick.runs[2].history.diverged_at != 0);
    check.that("pick_alpha: picks the lower final cost of the runs that did not diverge",
               pick.found() && pick.picked < 2 &&
                   pick.best().history.cost.back() <= pick.runs[0].history.cost.back() &&
                   pick.best().history.cost.back() <= pick.runs[1].history.cost.back());
    // (gradient_descent::epochs_to_within, which the side-by-side prints, is checked in
    // tests/gradient_descent/linear_model_test.hpp.)
}

// The scan of the uncorrected steps (section 2 of the program) against a scan by hand of
// (1 - beta1^t) / sqrt(1 - beta2^t), the ratio while eps is negligible (dtheta = 1: eps / s
// <= 1e-8 / 0.001).
void uncorrected_scan(common::Checker& check) {
    const std::vector<double> ones(10000, 1.0);
    const auto rows = adam::first_steps(adam::Hyper{}, ones);
    const adam::UncorrectedScan scan = adam::scan_uncorrected(rows);
    long settled = 1;
    for (long t = 1; t <= 10000; ++t) {
        if (std::abs(adam::uncorrected_step_ratio(0.9, 0.999, t) - 1) > 0.1) settled = t + 1;
    }
    check.that("scan_uncorrected, defaults: the uncorrected steps are longest at t = 12",
               scan.peak_t == 12, "peak_t " + std::to_string(scan.peak_t));
    check.close("scan_uncorrected, defaults: the longest is (1 - 0.9^12) / sqrt(1 - 0.999^12) "
                "= 6.5685 alpha", adam::uncorrected_step_ratio(0.9, 0.999, 12), scan.peak_ratio,
                1e-6);
    check.that("scan_uncorrected, defaults: within 10% of the corrected step from t = 1751 "
               "on (1751 by hand)", scan.settled_t == settled && settled == 1751,
               "settled_t " + std::to_string(scan.settled_t) + ", by hand " +
                   std::to_string(settled));
    check.that("uncorrected_words, defaults: names the peak and where the steps settle",
               adam::uncorrected_words(scan, 10000) ==
                   "the steps are longest at t = 12 (6.569 alpha) and within 10% of alpha "
                   "from t = 1751 on", adam::uncorrected_words(scan, 10000));

    // beta1 = 0.99, beta2 = 0.9: v forgets its zero start more slowly than s, so the
    // uncorrected steps are too short, shortest at t = 1: 0.01 / sqrt(0.1) = 0.0316.
    const auto slow_v = adam::first_steps({.beta1 = 0.99, .beta2 = 0.9}, ones);
    const adam::UncorrectedScan s2 = adam::scan_uncorrected(slow_v);
    check.that("scan_uncorrected, beta1 = 0.99, beta2 = 0.9: shortest at t = 1",
               s2.peak_t == 1 && s2.peak_ratio < 1, "peak_t " + std::to_string(s2.peak_t));
    check.close("scan_uncorrected, beta1 = 0.99, beta2 = 0.9: shortest = 0.01 / sqrt(0.1)",
                0.01 / std::sqrt(0.1), s2.peak_ratio, 1e-6);
    check.that("uncorrected_words, beta1 = 0.99, beta2 = 0.9: says shortest",
               adam::uncorrected_words(s2, 10000).starts_with("the steps are shortest at t = 1 "
                                                              "(0.03162 alpha)"),
               adam::uncorrected_words(s2, 10000));
    // beta1 = beta2 = 0: v = dtheta and s = dtheta^2, nothing to correct.
    const auto none = adam::first_steps({.beta1 = 0, .beta2 = 0}, std::span(ones).first(50));
    const adam::UncorrectedScan s3 = adam::scan_uncorrected(none);
    check.that("scan_uncorrected, beta1 = beta2 = 0: within 10% from t = 1",
               s3.settled_t == 1 && adam::uncorrected_words(s3, 50) ==
                                        "the steps stay within 10% of alpha throughout",
               adam::uncorrected_words(s3, 50));
    // Only 10 rows of the defaults: still 6.5 times too long at the last one.
    const adam::UncorrectedScan s4 = adam::scan_uncorrected(std::span(rows).first(10));
    check.that("scan_uncorrected, 10 rows of the defaults: not settled (settled_t = 0)",
               s4.settled_t == 0 && adam::uncorrected_words(s4, 10).ends_with(
                                        "still more than 10% off at t = 10"),
               adam::uncorrected_words(s4, 10));
}

// The comparisons whose words the program prints.
void comparison_words(common::Checker& check) {
    check.that("reach_sentence: earlier, with the gap in epochs",
               adam::reach_sentence("A", 12, "B", 44, 100) ==
               "A comes within 1% of J(theta_ols) at epoch 12, 32 epochs earlier than B (epoch 44)",
               adam::reach_sentence("A", 12, "B", 44, 100));
    check.that("reach_sentence: later, one epoch",
               adam::reach_sentence("A", 45, "B", 44, 100) ==
               "A comes within 1% of J(theta_ols) at epoch 45, 1 epoch later than B (epoch 44)",
               adam::reach_sentence("A", 45, "B", 44, 100));
    check.that("reach_sentence: the same epoch",
               adam::reach_sentence("A", 7, "B", 7, 100) ==
               "A comes within 1% of J(theta_ols) at epoch 7, at the same epoch as B",
               adam::reach_sentence("A", 7, "B", 7, 100));
    check.that("reach_sentence: only A gets there",
               adam::reach_sentence("A", 7, "B", 0, 100) ==
               "A comes within 1% of J(theta_ols) at epoch 7; B is not within 1% after 100 epochs",
               adam::reach_sentence("A", 7, "B", 0, 100));
    check.that("reach_sentence: only B gets there",
               adam::reach_sentence("A", 0, "B", 9, 30) ==
               "A does not come within 1% of J(theta_ols) in 30 epochs; B does, at epoch 9",
               adam::reach_sentence("A", 0, "B", 9, 30));
    check.that("reach_sentence: neither",
               adam::reach_sentence("A", 0, "B", 0, 30) ==
               "neither A nor B comes within 1% of J(theta_ols) in 30 epochs",
               adam::reach_sentence("A", 0, "B", 0, 30));
    check.that("eps_matters: only where sqrt(s_corrected) is within 100 sqrt(eps)",
               adam::eps_matters(0.01, 1e-8) && !adam::eps_matters(0.0101, 1e-8) &&
                   !adam::eps_matters(7.42, 1e-8));
    check.that("nearly_collinear: |r| >= 0.8 (the project's own line)",
               adam::nearly_collinear(0.8) && adam::nearly_collinear(-0.9) &&
                   !adam::nearly_collinear(0.79));

    // first_within: the pick whose cost first drops to 1.01 J_ols; ties to the earlier method.
    const auto pick = [](std::vector<double> cost) {
        adam::Pick p;
        p.runs.push_back({{}, {.cost = std::move(cost)}, 1.0});
        return p;
    };
    const std::vector<adam::Pick> picks = {pick({5, 3, 1.005}), pick({5, 1.01, 1}),
                                           pick({1.0, 1, 1}), adam::Pick{}};
    check.that("first_within: epoch 1 beats epoch 2 and 3; an empty pick is skipped",
               adam::first_within(picks, 1.0) == 2);
    const std::vector<adam::Pick> slow = {pick({5, 5}), pick({2, 2})};
    check.that("first_within: none within 1% gives picks.size()",
               adam::first_within(slow, 1.0) == slow.size());
}

// most_correlated on features with known correlations, and on the diabetes data.
void correlation(common::Checker& check) {
    gradient_descent::Dataset<double> d;
    d.X = common::Matrix<double>(4, 4);
    const double x[4] = {1, 2, 3, 4}, z[4] = {1, -1, 1, -1};
    for (std::size_t k = 0; k < 4; ++k) {
        d.X(0, k) = 1;                 // the intercept: constant, left out
        d.X(1, k) = x[k];
        d.X(2, k) = z[k];
        d.X(3, k) = 1 - 2 * x[k];      // w = 1 - 2 x: r(x, w) = -1
    }
    d.features = {"intercept", "x", "z", "w"};
    const adam::FeaturePair p = adam::most_correlated(d);
    check.that("most_correlated: w = 1 - 2x is the pair (x, w)", p.a == "x" && p.b == "w",
               p.a + ", " + p.b);
    check.close("most_correlated: r(x, 1 - 2x) = -1", -1.0, p.r, 1e-14);
    d.X = common::Matrix<double>(3, 4);
    for (std::size_t k = 0; k < 4; ++k) {
        d.X(0, k) = 1;
        d.X(1, k) = x[k];
        d.X(2, k) = z[k];
    }
    // centred x = (-1.5, -0.5, 0.5, 1.5), z = (1, -1, 1, -1): x.z = -2, |x| = sqrt(5), |z| = 2
    check.close("most_correlated: r(x, z) = -2 / (2 sqrt(5)) by hand", -1 / std::sqrt(5.0),
                adam::most_correlated(d).r, 1e-14);
    const auto diabetes = gradient_descent::load_standardized_regression(
        PROJECT_DIR "/chapters/05-adam/data/diabetes.csv");
    const adam::FeaturePair s = adam::most_correlated(diabetes);
    check.that("most_correlated on the diabetes data: the serum features s1 and s2",
               s.a == "s1" && s.b == "s2", s.a + ", " + s.b);
    check.close("most_correlated on the diabetes data: r(s1, s2) = 0.8966", 0.8966, s.r, 1e-4);
    const std::string near = adam::collinearity_sentence(s, 1.005, 1.0);
    check.that("collinearity_sentence: J within 1% of J(theta_ols) and r >= 0.8 explains the "
               "flat direction", near.find("(r = 0.897), are nearly collinear: J is almost flat")
                   != std::string::npos, near);
    check.that("collinearity_sentence: J not yet within 1% says only 'nearly collinear'",
               adam::collinearity_sentence(s, 1.02, 1.0).ends_with("are nearly collinear."));
    check.that("collinearity_sentence: r below 0.8 says 'not nearly collinear'",
               adam::collinearity_sentence(adam::most_correlated(d), 1, 1).ends_with(
                   "(r = -0.447), are not nearly collinear."),
               adam::collinearity_sentence(adam::most_correlated(d), 1, 1));
}

// The program's runs come from the header's functions: check they are the runs they claim.
void program_runs(common::Checker& check) {
    const auto quad = common::elongated_quadratic();
    const double earlier[3] = {0.4, 0.3, 0.1};
    const adam::Hyper hyper{.beta1 = 0.7, .beta2 = 0.99};
    const auto runs = adam::paths(quad, earlier, 0.2, hyper, 30);
    momentum::Momentum<double> mo{.hyper = {.alpha = 0.3, .beta = 0.7}};
    adam::Adam<double> ad{.hyper = {.alpha = 0.2, .beta1 = 0.7, .beta2 = 0.99}};
    check.that("paths: momentum at its alpha with beta = beta1",
               runs[1].points == common::path_2d(quad, mo, 30) && runs[1].alpha == 0.3);
    check.that("paths: Adam at its own alpha with the given beta1, beta2",
               runs[3].points == common::path_2d(quad, ad, 30) && runs[3].alpha == 0.2);
    check.that("ending_within: the methods whose last point is within the radius",
               adam::ending_within(quad, runs, 1e9) == "GD, momentum, RMSprop and Adam" &&
                   adam::ending_within(quad, runs, 0) == "none of the four",
               adam::ending_within(quad, runs, 1e9));

}

// What the program prints is decided by the header: the rows of its tables, its charts'
// series and its sentences, on the shipped functions and data and on made-up runs.
void program_words(common::Checker& check) {
    adam::Run gone{{}, {.cost = {5, INFINITY}, .diverged_at = 2}, 1e200};
    check.that("diverged_text: names Inf, the epoch and alpha",
               adam::diverged_text("Adam", gone) ==
                   "Adam diverged: the cost became Inf at epoch 2 with alpha = 1e+200",
               adam::diverged_text("Adam", gone));

    // Paths on the quadratic at the program's defaults (values of the run, pinned).
    const auto quad = common::elongated_quadratic();
    const double earlier[3] = {0.4, 0.4, 0.1};
    const auto runs = adam::paths(quad, earlier, 0.1, adam::Hyper{}, 1000);
    check.that("path_cells: GD at 0.4 ends 3.07e-36 from the minimum, within 0.1 at t = 47",
               adam::path_cells(quad, runs[0], 1000) == "   0.4     3.07e-36        47",
               adam::path_cells(quad, runs[0], 1000));
    const double wild[3] = {10, 0.4, 0.1};  // GD at 10 > 2 / 4: theta overflows
    const auto blown = adam::paths(quad, wild, 0.1, adam::Hyper{}, 1000);
    check.that("path_cells: a path whose theta overflowed says 'diverged'",
               adam::path_cells(quad, blown[0], 1000).ends_with(" diverged"),
               adam::path_cells(quad, blown[0], 1000));
    check.that("first_step_words: GD's step along -dtheta = (1, 8), Adam's alpha per coordinate",
               adam::first_step_words(runs) == "GD's first step (0.4, 3.2) goes along -dtheta, "
                                               "8 times as far in y as in x; Adam's is (1, 1) "
                                               "alpha", adam::first_step_words(runs));
    // eps = 1: Adam's first step is alpha dtheta / sqrt(dtheta^2 + 1) = (1 / sqrt(2),
    // 8 / sqrt(65)) alpha = (0.7071, 0.9923) alpha.
    const auto big_eps = adam::paths(quad, earlier, 0.1, adam::Hyper{.eps = 1}, 1);
    check.that("first_step_words, eps = 1: Adam's first step (0.7071, 0.9923) alpha",
               adam::first_step_words(big_eps).ends_with("Adam's is (0.7071, 0.9923) alpha"),
               adam::first_step_words(big_eps));
    const auto contour = adam::paths_chart(quad, "title", runs);
    check.that("paths_chart: Adam's path first (beneath) in its colour, GD's last, dashed, "
               "no markers", contour.paths.size() == 4 &&
                   contour.paths[0].color == common::report::method_color("Adam") &&
                   contour.paths[3].dashed && !contour.paths[3].markers &&
                   contour.paths[3].label == "GD, alpha = 0.4");

    // The bias-correction table and chart for the defaults.
    const auto rows = adam::first_steps(adam::Hyper{}, std::vector<double>(10000, 1.0));
    const auto scan = adam::scan_uncorrected(rows);
    std::vector<long> ts;
    for (const auto& r : adam::shown_first_steps(rows, scan, false)) ts.push_back(r.t);
    check.that("shown_first_steps: t = 1, 10, the peak 12, the settling 1751 and the last",
               ts == std::vector<long>{1, 10, 12, 1751, 10000});
    check.that("shown_first_steps, full: every t to 20, 1751 and every 1000th (31 rows)",
               adam::shown_first_steps(rows, scan, true).size() == 31);
    const auto series = adam::step_series(rows, 0.001);
    bool flat = true, rising = true;
    for (double y : series[0].y) flat = flat && std::abs(y - 1) < 1e-6;
    for (std::size_t k = 1; k < series[0].x.size(); ++k) {
        rising = rising && series[0].x[k] > series[0].x[k - 1];
    }
    check.that("step_series: the corrected step is alpha at every t drawn", flat);
    check.that("step_series: every t to 50, then fewer, increasing, up to 10^4",
               series[0].x.size() > 50 && series[0].x.size() < 200 && series[0].x[49] == 50 &&
                   rising && series[0].x.back() <= 10000, std::to_string(series[0].x.size()));
    check.close("step_series: the uncorrected step at t = 1 is 0.1 / sqrt(0.001) alpha",
                0.1 / std::sqrt(0.001), series[1].y[0], 1e-4);
    check.that("constant_gradient_words: the corrected step, the first uncorrected one, the scan",
               adam::constant_gradient_words(rows, 0.001) ==
                   "For a constant gradient every corrected step is 1 alpha. Without the "
                   "corrections the first step is 3.162 alpha; the steps are longest at t = 12 "
                   "(6.569 alpha) and within 10% of alpha from t = 1751 on.",
               adam::constant_gradient_words(rows, 0.001));

    // Training on the diabetes data at the program's defaults, and without bias correction.
    const auto data = gradient_descent::load_standardized_regression(
        PROJECT_DIR "/chapters/05-adam/data/diabetes.csv");
    const auto theta_ols = gradient_descent::least_squares(data);
    const double J_ols =
        gradient_descent::cost<double>(theta_ols, data, gradient_descent::all_examples(data));
    const gradient_descent::TrainOptions mini{.epochs = 100, .batch_size = 64};
    const auto v = adam::train_variants(data, adam::Hyper{.alpha = 1}, mini, 1);
    check.that("train_variants: the run, alpha = 0.001, and the run uncorrected",
               v.names == std::vector<std::string>{"alpha = 1", "alpha = 0.001",
                                                   "alpha = 1, uncorrected"} &&
                   v.runs[1].alpha == 0.001 && v.runs[2].alpha == 1);
    const auto w = adam::training_words(v, data, theta_ols, J_ols, 1e-8);
    check.that("training_words: alpha = 1 within 1% at epoch 44, alpha = 0.001 not in 100",
               w.reach == "Adam at alpha = 1 comes within 1% of J(theta_ols) at epoch 44; "
                          "alpha = 0.001 is not within 1% after 100 epochs.", w.reach);
    check.that("training_words: the uncorrected run gets there 32 epochs earlier",
               w.uncorrected.ends_with("the uncorrected run comes within 1% of J(theta_ols) at "
                                       "epoch 12, 32 epochs earlier than the corrected one "
                                       "(epoch 44)."), w.uncorrected);
    check.that("training_words: the intercept at alpha = 0.001, and eps far below the rms",
               w.paragraph.find("after 700 steps the intercept is 0.698 of the 152.13 it needs")
                       != std::string::npos &&
                   w.paragraph.ends_with("is 7.53, far above sqrt(eps) = 0.0001: where eps sits "
                                         "hardly changes these steps."), w.paragraph);
    const auto off = adam::train_variants(
        data, adam::Hyper{.alpha = 3, .bias_correction = false}, mini, 1);
    const auto off_words = adam::training_words(off, data, theta_ols, J_ols, 1e-8);
    check.that("training_words, no bias correction at alpha = 3: 7 epochs later than corrected",
               off.names[2] == "alpha = 3, corrected" &&
                   off_words.uncorrected.find("at epoch 19, 7 epochs later than the corrected "
                                              "one (epoch 12)") != std::string::npos,
               off_words.uncorrected);
    const auto chart = adam::variants_chart(v, J_ols, "the diabetes data");
    check.that("variants_chart: three runs, the first in Adam's colour, then J(theta_ols) "
               "dashed; the range reaches below the floor",
               chart.series.size() == 4 &&
                   chart.series[0].color == common::report::method_color("Adam") &&
                   chart.series[3].dashed && chart.series[3].y[0] == J_ols &&
                   chart.y_range && chart.y_range->first == 0.7 * J_ols);

    // The side-by-side's words and chart on made-up picks (J_ols = 1).
    const auto pick = [](std::vector<double> cost) {
        adam::Pick p;
        p.runs.push_back({{}, {.cost = std::move(cost)}, 1.0});
        return p;
    };
    const std::vector<adam::Pick> picks = {pick({5, 3, 1.005}), pick({5, 1.01, 1}),
                                           pick({1.0, 1, 1}), adam::Pick{}};
    check.that("side_by_side_words: three ended, the worst 0.5% above, RMSprop first (epoch 1)",
               adam::side_by_side_words(picks, 1.0) ==
                   "The three that did not diverge end within 0.5% of J(theta_ols); the first "
                   "within 1% of J(theta_ols) is RMSprop (epoch 1)",
               adam::side_by_side_words(picks, 1.0));
    const std::vector<adam::Pick> four = {pick({2, 1.5}), pick({2, 1.5}), pick({2, 1.5}),
                                          pick({3, 2})};
    check.that("side_by_side_words: all four, none within 1%",
               adam::side_by_side_words(four, 1.0) ==
                   "All four end within 100% of J(theta_ols); none comes within 1% of "
                   "J(theta_ols)", adam::side_by_side_words(four, 1.0));
    const auto side = adam::side_by_side_chart(picks, 1.0, "x.csv");
    check.that("side_by_side_chart: the three picked runs in their colours, then J(theta_ols)",
               side.series.size() == 4 && side.series[0].label == "mini-batch GD, alpha = 1" &&
                   side.series[0].color == common::report::method_color("mini-batch GD") &&
                   side.series[2].color == common::report::method_color("RMSprop"));
}

// The defaults the notes give, pinned (a changed default fails here, naming the line).
// Notes, "Adam", "Typical values for the hyperparameters": "beta1 (momentum update): 0.9",
// "beta2 (mean squared update): 0.999", "epsilon: 10^-8" (also "Initiate ... epsilon =
// 10^-8"); the step divides by sqrt(s_corrected + epsilon), epsilon inside the root; and
// "alpha: needs to be tuned", so no alpha of the notes is pinned.
void defaults_of_the_notes(common::Checker& check) {
    const adam::Adam<double> fresh{};
    check.close("default beta1 = 0.9 (notes, Adam's typical values: \"beta1 ...: 0.9\")", 0.9,
                fresh.hyper.beta1, 0);
    check.close("default beta2 = 0.999 (notes, Adam's typical values: \"beta2 ...: 0.999\")",
                0.999, fresh.hyper.beta2, 0);
    check.close("default eps = 1e-8 (notes, Adam's typical values: \"epsilon: 10^-8\")", 1e-8,
                fresh.hyper.eps, 0);
    check.that("default eps placement: inside the root, sqrt(s_corrected + eps) (notes, Adam "
               "update); bias correction on (notes: \"Apply bias corrections\")",
               fresh.hyper.eps_placement == EpsPlacement::inside && fresh.hyper.bias_correction);
    // On a step where each default matters: dtheta = 1e-6 at t = 1, alpha = 1. Then
    // v_corrected = 1e-6, s_corrected = 1e-12 and the step is 1e-6 / sqrt(1e-12 + 1e-8).
    adam::Adam<double> opt{};
    opt.hyper.alpha = 1;
    std::vector<double> theta = {0.0};
    step(opt, theta, {1e-6});
    check.close("a default Adam step on dtheta = 1e-6: 1e-6 / sqrt(1e-12 + 1e-8)",
                -1e-6 / std::sqrt(1e-12 + 1e-8), theta[0], 1e-12);
}

// ==== Beyond the notes ====================================================================

// A reference for the three rules beyond the notes, written out per coordinate without
// adam.hpp (eps inside the root, bias correction on): rule 0 AdamW, 1 Adam-L2, 2 AMSGrad.
struct Reference {
    double alpha, beta1, beta2, eps, lambda;
    std::vector<double> theta, v, s, s_max;
    long t = 0;
    void step(int rule, const std::vector<double>& g) {
        t += 1;
        const double c1 = 1 - std::pow(beta1, double(t)), c2 = 1 - std::pow(beta2, double(t));
        for (std::size_t i = 0; i < theta.size(); ++i) {
            double d = g[i];
            if (rule == 0) theta[i] *= 1 - alpha * lambda;  // decoupled decay, before the step
            if (rule == 1) d += lambda * theta[i];         // L2: the gradient of lambda/2 theta^2
            v[i] = beta1 * v[i] + (1 - beta1) * d;
            s[i] = beta2 * s[i] + (1 - beta2) * d * d;
            if (s[i] > s_max[i]) s_max[i] = s[i];
            const double denominator = rule == 2 ? s_max[i] : s[i];
            theta[i] -= alpha * (v[i] / c1) / std::sqrt(denominator / c2 + eps);
        }
    }
};

// The gradient of coordinate i at step t: large at first, then small, so s falls after its
// peak (AMSGrad's s_max then stays above it), signs mixed.
double beyond_gradient(std::size_t i, long t) {
    const double size = t <= 3 ? 5.0 : 0.2;
    return size * std::sin(1.0 + 0.7 * double(i) + 1.3 * double(t));
}

template <class Opt>
void beyond_against_reference(common::Checker& check, const std::string& name, int rule,
                              Opt opt, Engine engine) {
    const std::size_t n = 11;  // whole SIMD registers and a scalar tail
    Reference ref{.alpha = 0.05, .beta1 = 0.9, .beta2 = 0.99, .eps = 1e-8, .lambda = 0.3,
                  .theta = {}, .v = std::vector<double>(n), .s = std::vector<double>(n),
                  .s_max = std::vector<double>(n)};
    for (std::size_t i = 0; i < n; ++i) ref.theta.push_back(1.0 - 0.25 * double(i));
    std::vector<double> theta = ref.theta;
    for (long t = 1; t <= 12; ++t) {
        std::vector<double> g;
        for (std::size_t i = 0; i < n; ++i) g.push_back(beyond_gradient(i, t));
        ref.step(rule, g);
        step(opt, theta, g, engine);
    }
    const std::string how = engine == Engine::scalar ? " (scalar loop)" : " (SIMD loop)";
    check.all_close(name + ": theta after 12 steps against a loop written out by hand" + how,
                    ref.theta, theta, 1e-12);
    check.all_close(name + ": v after 12 steps" + how, ref.v, opt.v, 1e-12);
    check.all_close(name + ": s after 12 steps" + how, ref.s, opt.s, 1e-12);
    if constexpr (requires { opt.s_max; }) {
        check.all_close(name + ": s_max := max(s_max, s), the max of the uncorrected s" + how,
                        ref.s_max, opt.s_max, 1e-12);
    }
}

void beyond_rules(common::Checker& check) {
    const adam::DecayHyper<double> decay{.alpha = 0.05, .beta2 = 0.99, .weight_decay = 0.3};
    const adam::Adam<double>::Hyper plain{.alpha = 0.05, .beta2 = 0.99};
    for (Engine engine : {Engine::scalar, Engine::simd}) {
        beyond_against_reference(check, "adamw", 0, adam::AdamW<double>{.hyper = decay}, engine);
        beyond_against_reference(check, "adam_l2", 1, adam::AdamL2<double>{.hyper = decay},
                                 engine);
        beyond_against_reference(check, "amsgrad", 2, adam::AmsGrad<double>{.hyper = plain},
                                 engine);
    }
    // One step by hand, alpha = 0.1, lambda = 0.5, theta = 2, dtheta = 1, t = 1 (so
    // v_corrected = dtheta and s_corrected = dtheta^2 of the gradient the step sees):
    //   AdamW:  theta := 2 - 0.1 * 0.5 * 2 = 1.9, then 1.9 - 0.1 * 1 / sqrt(1 + 1e-8)
    //   Adam-L2: dtheta := 1 + 0.5 * 2 = 2, theta := 2 - 0.1 * 2 / sqrt(4 + 1e-8)
    adam::AdamW<double> w{.hyper = {.alpha = 0.1, .weight_decay = 0.5}};
    adam::AdamL2<double> l2{.hyper = {.alpha = 0.1, .weight_decay = 0.5}};
    std::vector<double> a = {2.0}, b = {2.0};
    step(w, a, {1.0});
    step(l2, b, {1.0});
    check.close("adamw by hand: theta := theta - alpha lambda theta (2 -> 1.9), then the Adam "
                "step", 1.9 - 0.1 / std::sqrt(1 + 1e-8), a[0], 1e-15);
    check.close("adam_l2 by hand: dtheta := dtheta + lambda theta (1 -> 2), then the Adam step",
                2.0 - 0.1 * 2 / std::sqrt(4 + 1e-8), b[0], 1e-15);
    check.close("adam_l2 by hand: v is of the L2 gradient, (1 - beta1) 2", 0.2, l2.v[0], 1e-15);
    // AMSGrad keeps the max of the uncorrected s (torch's code), not of s_corrected (its
    // docstring): beta2 = 0.5, gradients 3, 0.1, 0.1: s = 4.5, 2.255, 1.1325, so s_max = 4.5,
    // and step 3 divides by sqrt(4.5 / (1 - 0.5^3) + eps), not by the largest s_corrected
    // so far, 4.5 / (1 - 0.5) = 9.
    adam::AmsGrad<double> ams{.hyper = {.alpha = 0.1, .beta2 = 0.5}};
    std::vector<double> c = {0.0};
    step(ams, c, {3.0});
    step(ams, c, {0.1});
    const double before = c[0];
    step(ams, c, {0.1});
    check.close("amsgrad: s_max after gradients 3, 0.1, 0.1 (beta2 = 0.5) is the uncorrected s "
                "of step 1, 4.5", 4.5, ams.s_max[0], 1e-15);
    const double v3 = ams.v[0] / (1 - std::pow(0.9, 3.0));
    check.close("amsgrad: step 3 divides by sqrt(s_max / (1 - beta2^3) + eps), as torch's code",
                before - 0.1 * v3 / std::sqrt(4.5 / 0.875 + 1e-8), c[0], 1e-15);
    // The float rule through the SIMD loop agrees with the double one.
    adam::AmsGrad<float> amsf{.hyper = {.alpha = 0.1f}};
    adam::AmsGrad<double> amsd{.hyper = {.alpha = 0.1}};
    std::vector<float> xf(9, 1.0f);
    std::vector<double> xd(9, 1.0);
    for (long t = 1; t <= 5; ++t) {
        std::vector<float> gf;
        std::vector<double> gd;
        for (std::size_t i = 0; i < 9; ++i) {
            gd.push_back(beyond_gradient(i, t));
            gf.push_back(float(gd.back()));
        }
        amsf.step(std::span<float>(xf), std::span<const float>(gf));
        amsd.step(std::span<double>(xd), std::span<const double>(gd));
    }
    check.all_close("amsgrad in float (SIMD loop) against double", xd,
                    std::vector<double>(xf.begin(), xf.end()), 1e-4);
}

// The decay comparison: AdamW's decay is alpha lambda theta whatever the gradients; with L2
// a coordinate with large gradients gets about 1 / sqrt(s_corrected) of it.
void beyond_decay(common::Checker& check) {
    const adam::DecayHyper<double> hyper{};  // alpha = 0.001, lambda = 0.01
    const adam::DecayComparison d = adam::compare_decay(hyper, {1, 100}, 1.0, 1000, 7);
    check.all_close("adamw: the decay applied is alpha lambda theta per step (share 1) at "
                    "gradient scales 1 and 100", std::vector<double>{1, 1}, d.adamw.share, 1e-6);
    check.that("adam_l2: the coordinate with gradients of scale 100 gets under 5% of alpha "
               "lambda theta, the one of scale 1 over half",
               d.l2.share[1] < 0.05 && d.l2.share[0] > 0.5,
               "shares " + common::report::g(d.l2.share[0]) + ", " +
                   common::report::g(d.l2.share[1]));
    for (std::size_t i = 0; i < 2; ++i) {
        check.close("adam_l2: the share is about 1 / sqrt(s_corrected) (within 25%), scale " +
                        common::report::g(d.scales[i]),
                    1.0, d.l2.share[i] * d.l2.rms[i], 0.25);
    }
    const std::string words = adam::decay_words(d);
    check.that("decay_words: scale 100 gets the smaller share, in words",
               words.find("scale 100 gets") != std::string::npos &&
                   words.find("(large gradients, little decay)") != std::string::npos, words);
}

// Reddi, Kale and Kumar's problem: Adam with beta1 = 0, beta2 = 1 / (1 + C^2) ends near +1,
// AMSGrad near the best point -1, Adam with the usual betas near -1; with and without bias
// correction. The regret is recomputed here from the run's x.
void beyond_reddi(common::Checker& check) {
    const double C = 3, alpha = 0.5;
    const long T = 30000;
    check.that("reddi_gradient: C at t = 1, 4, 7; -1 at t = 2, 3, 5",
               adam::reddi_gradient(C, 1) == C && adam::reddi_gradient(C, 4) == C &&
                   adam::reddi_gradient(C, 7) == C && adam::reddi_gradient(C, 2) == -1 &&
                   adam::reddi_gradient(C, 3) == -1 && adam::reddi_gradient(C, 5) == -1);
    for (bool on : {true, false}) {
        const std::string how = on ? " (bias correction on)" : " (bias correction off)";
        const adam::Reddi r = adam::reddi(C, alpha, 0, T, on);
        // Step 1 by hand: g = 3 from x = 0, beta1 = 0: v = 3, s = (1 - beta2) 9; with the
        // correction s_corrected = 9, the step is 0.5 * 3 / 3 = 0.5; without it v / sqrt(s).
        const double beta2 = 1 / (1 + C * C);
        const double first = on ? 0.5 * 3 / std::sqrt(9 + 1e-8)
                                : 0.5 * 3 / std::sqrt((1 - beta2) * 9 + 1e-8);
        check.close("reddi: Adam's first step from x = 0" + how, -std::min(first, 1.0),
                    r.adam.x[0], 1e-12);
        check.that("reddi: Adam with beta2 = 1 / (1 + C^2) ends near +1" + how,
                   r.adam.end() > 0.9, common::report::g(r.adam.end()));
        check.that("reddi: AMSGrad ends near -1" + how, r.amsgrad.end() < -0.9,
                   common::report::g(r.amsgrad.end()));
        check.that("reddi: Adam with beta1 = 0.9, beta2 = 0.999 ends near -1" + how,
                   r.adam_usual.end() < -0.9, common::report::g(r.adam_usual.end()));
        check.that("reddi: Adam's average regret stays above (C - 2) / 3, AMSGrad's falls "
                   "below 0.01" + how,
                   r.adam.regret() > (C - 2) / 3 && r.amsgrad.regret() < 0.01 &&
                       r.amsgrad.regret() > -0.01,
                   common::report::g(r.adam.regret()) + ", " +
                       common::report::g(r.amsgrad.regret()));
        // R_T = sum of g_t x_t (x_t before step t) - min over [-1, 1] of sum of g_t x.
        for (const auto* run : {&r.adam, &r.amsgrad}) {
            double loss = 0, sum = 0, x = 0;
            for (long t = 1; t <= T; ++t) {
                const double g = t % 3 == 1 ? C : -1;
                loss += g * x;
                sum += g;
                x = run->x[std::size_t(t - 1)];
            }
            const double best = std::min(sum, -sum);  // x = +1 or x = -1
            check.close("reddi: R_T / T recomputed from the run's x" + how,
                        (loss - best) / double(T), run->regret(), 1e-12);
        }
    }
    check.that("where_words: near +1, near -1, in between",
               adam::where_words(0.95).starts_with("near +1") &&
                   adam::where_words(-0.95).starts_with("near -1") &&
                   adam::where_words(0.2) == "at x_T = 0.2");
}

}  // namespace

// The largest |float - double| / |double| of two runs' states: a relative error that stays
// meaningful for states far below 1 (s = 1e-5 g^2 at the first step).
double worst_relative(std::span<const float> f, std::span<const double> d) {
    double worst = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
        worst = std::max(worst, std::abs(double(f[i]) - d[i]) / std::abs(d[i]));
    }
    return worst;
}

// Float as exact as float allows: the rules compute 1 - beta, 1 - beta^t in double and round
// them once to float (adam_rule, rmsprop_rule, momentum_rule). With beta = 0.99999, forming
// 1 - beta in float from float(beta) gives 1.00136e-5: s (or v) 1.4e-3 too large, relative.
// Each optimizer runs 300 steps in float and in double on the same float gradients.
void float_constants(common::Checker& check) {
    const std::size_t P = 5, steps = 300;
    common::Rng rng(7);
    std::vector<std::vector<double>> grads(steps, std::vector<double>(P));
    for (auto& g : grads) {
        for (double& x : g) x = double(float(30 * (0.5 + rng.normal())));  // float-exact
    }
    auto run = [&](auto opt_f, auto opt_d, auto state_f, auto state_d, const std::string& what) {
        std::vector<float> theta_f(P, 0.5f), g_f(P);
        std::vector<double> theta_d(P, 0.5);
        for (const auto& g : grads) {
            for (std::size_t i = 0; i < P; ++i) g_f[i] = float(g[i]);
            opt_f.step(std::span<float>(theta_f), std::span<const float>(g_f));
            opt_d.step(std::span<double>(theta_d), std::span<const double>(g));
        }
        const double err = worst_relative(state_f(opt_f), state_d(opt_d));
        check.that(what + " in float within 1e-5 of double after 300 steps (beta = 0.99999: "
                   "1 - beta computed in double, rounded once)", err <= 1e-5,
                   "largest relative error " + common::Checker::fmt(err));
    };
    adam::Adam<float> adam_f;
    adam_f.hyper.beta2 = 0.99999;
    adam::Adam<double> adam_d;
    adam_d.hyper.beta2 = 0.99999;
    run(adam_f, adam_d, [](const auto& o) { return std::span<const float>(o.s); },
        [](const auto& o) { return std::span<const double>(o.s); }, "Adam's s");
    rmsprop::RmsProp<float> rms_f;
    rms_f.hyper.beta2 = 0.99999;
    rmsprop::RmsProp<double> rms_d;
    rms_d.hyper.beta2 = 0.99999;
    run(rms_f, rms_d, [](const auto& o) { return std::span<const float>(o.s); },
        [](const auto& o) { return std::span<const double>(o.s); }, "RMSprop's s");
    momentum::Momentum<float> mom_f;
    mom_f.hyper.beta = 0.99999;
    momentum::Momentum<double> mom_d;
    mom_d.hyper.beta = 0.99999;
    run(mom_f, mom_d, [](const auto& o) { return std::span<const float>(o.v); },
        [](const auto& o) { return std::span<const double>(o.v); }, "momentum's v");
}

int main() {
    common::Checker check("adam");
    check.hint("v and s are EWMAs of dtheta and dtheta^2; correct each by 1 - beta^t; "
               "the step is alpha v_corrected / sqrt(s_corrected + eps)");
    defaults_of_the_notes(check);
    by_hand(check);
    first_step(check);
    constant_gradient(check);
    beta1_zero(check);
    scale_invariance(check);
    eps_placement(check);
    diabetes(check);
    uncorrected_scan(check);
    comparison_words(check);
    correlation(check);
    program_runs(check);
    program_words(check);
    beyond_rules(check);
    beyond_decay(check);
    beyond_reddi(check);
    float_constants(check);
    return check.finish();
}
