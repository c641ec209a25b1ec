// Tests of common/update_loop.hpp, run with the chapters' update rules and chapter 2's EWMA:
// the EWMA step and its bias correction, the four update rules against steps worked by hand and
// against the notes' analytic claims, and the SIMD loop against the scalar loop for every
// rule, both scalar types and awkward lengths and offsets.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "common/aligned.hpp"
#include "common/check.hpp"
#include "chapters/02-ewma/ewma.hpp"
#include "chapters/05-adam/adam.hpp"
#include "common/matrix.hpp"
#include "common/random.hpp"
#include "common/update_loop.hpp"

namespace update_loop_test {

using common::Engine;
using rmsprop::EpsPlacement;
using momentum::MomentumForm;

constexpr Engine engines[] = {Engine::scalar, Engine::simd};

inline std::string name(Engine engine) { return engine == Engine::simd ? "simd" : "scalar"; }

// The state vectors of each method, for comparing two runs.
template <class T> using States = std::vector<const common::aligned_vector<T>*>;
template <class T> States<T> states(const gradient_descent::Sgd<T>&) {
    return {};
}
template <class T> States<T> states(const momentum::Momentum<T>& o) {
    return {&o.v};
}
template <class T> States<T> states(const rmsprop::RmsProp<T>& o) {
    return {&o.s};
}
template <class T> States<T> states(const adam::Adam<T>& o) {
    return {&o.v, &o.s};
}

// Runs `opt` from theta = 1 on a constant gradient grads[k] at step k, over 35 coordinates
// (whole SIMD blocks and a tail), with each engine, and checks every coordinate against
// the hand-worked want_theta[k].
template <class Opt>
void check_by_hand(common::Checker& check, const std::string& what, const Opt& proto,
                   const std::vector<double>& grads, const std::vector<double>& want_theta) {
    const std::size_t n = 35;
    for (Engine engine : engines) {
        Opt opt = proto;
        std::vector<double> theta(n, 1.0);
        for (std::size_t k = 0; k < grads.size(); ++k) {
            const std::vector<double> dtheta(n, grads[k]);
            opt.step(theta, dtheta, engine);
            check.all_close(what + ", step " + std::to_string(k + 1) + " (" + name(engine) + ")",
                            std::vector<double>(n, want_theta[k]), theta,
                            common::tol<double>::exact);
        }
    }
}

// Random theta0 and three steps' gradients, long enough for the longest length plus an offset.
// The gradients mix scales from 1e-3 to 1, so that eps matters for some coordinates, and
// stay below 1 so that rounding stays below tol<T>::simd, which is relative to max(1, |x|):
// with -march=native one compiler may fuse beta v + dtheta into one rounding in one loop and
// not in the other, an error of half a unit in the last place of the larger term.
// (Uniform draws: cheaper than normal ones, and any spread will do here.)
template <class T>
struct Pool {
    std::vector<T> theta0;
    std::vector<std::vector<T>> grads;

    Pool(std::size_t n, std::uint64_t seed) : theta0(n), grads(3, std::vector<T>(n)) {
        common::Rng rng(seed);
        const double scales[] = {1e-3, 1e-2, 0.1, 1.0};
        for (auto& x : theta0) x = T(rng.uniform(-2, 2));
        for (auto& g : grads) {
            for (auto& x : g) x = T(scales[rng.below(4)] * rng.uniform(-1, 1));
        }
    }
};

// Three steps of `proto` with run_scalar and with run_simd, over lengths around the lane
// width W and on spans that start at offset 0 or 1 of a vector (so no alignment holds);
// theta and every state must agree to tol<T>::simd. One check per rule and type.
template <class T, class Opt>
void check_engines_agree(common::Checker& check, const std::string& what, const Opt& proto,
                         const Pool<T>& pool) {
    constexpr std::size_t W = common::stdx::native_simd<T>::size();
    const std::size_t lengths[] = {0, 1, 2, W - 1, W, W + 1, 2 * W + 3, 1000, (1u << 20) + 5};
    double worst = 0;
    std::string where;
    for (std::size_t n : lengths) {
        for (std::size_t offset : {1, 0}) {
            if (n > 1000 && offset == 0) continue;  // the long run once, unaligned: keeps it fast
            std::vector<T> theta_scalar(pool.theta0.begin(), pool.theta0.begin() + n + offset);
            std::vector<T> theta_simd = theta_scalar;
            Opt scalar = proto;
            Opt simd = proto;
            for (const auto& g : pool.grads) {
                const std::span<const T> dtheta(g.data() + offset, n);
                scalar.step(std::span<T>(theta_scalar.data() + offset, n), dtheta,
                            Engine::scalar);
                simd.step(std::span<T>(theta_simd.data() + offset, n), dtheta, Engine::simd);
            }
            auto compare = [&](const std::string& array, std::span<const T> want,
                               std::span<const T> got) {
                for (std::size_t i = 0; i < want.size(); ++i) {
                    const double err = common::relative_error(want[i], got[i]);
                    if (!(err <= worst)) {  // also catches NaN
                        worst = std::isnan(err) ? INFINITY : err;
                        where = array + "[" + std::to_string(i) + "] n=" + std::to_string(n) +
                                " offset=" + std::to_string(offset) + ": scalar " +
                                common::Checker::fmt(want[i]) + " simd " +
                                common::Checker::fmt(got[i]);
                    }
                }
            };
            compare("theta", theta_scalar, theta_simd);
            const auto a = states(scalar);
            const auto b = states(simd);
            for (std::size_t k = 0; k < a.size(); ++k) {
                compare("state " + std::to_string(k), *a[k], *b[k]);
            }
        }
    }
    check.that(what + ": SIMD lanes agree with the scalar loop over 9 lengths, offsets 0/1 "
                      "(max rel err " + common::Checker::fmt(worst) + ")",
               worst <= common::tol<T>::simd, "worst at " + where);
}

template <class T>
void check_all_engines_agree(common::Checker& check, const std::string& type) {
    const Pool<T> pool((1u << 20) + 6, 2024);
    check_engines_agree(check, "sgd, " + type, gradient_descent::Sgd<T>{}, pool);
    for (MomentumForm form : {MomentumForm::notes, MomentumForm::unscaled}) {
        const std::string label = form == MomentumForm::notes ? "notes" : "unscaled";
        check_engines_agree(check, "momentum " + label + ", " + type,
                            momentum::Momentum<T>{.hyper = {.form = form}}, pool);
    }
    for (EpsPlacement place : {EpsPlacement::inside, EpsPlacement::outside}) {
        const std::string eps = place == EpsPlacement::inside ? "eps inside" : "eps outside";
        check_engines_agree(check, "rmsprop " + eps + ", " + type,
                            rmsprop::RmsProp<T>{.hyper = {.eps_placement = place}}, pool);
        for (bool correct : {true, false}) {
            check_engines_agree(
                check,
                "adam " + eps + (correct ? "" : ", no bias correction") + ", " + type,
                adam::Adam<T>{.hyper = {.eps_placement = place, .bias_correction = correct}},
                pool);
        }
    }
}

// Adam's first step is alpha v_corrected / sqrt(s_corrected) = alpha g / |g| for any scale
// of g, once eps is negligible: theta moves by alpha sign(g) in every coordinate.
template <class T>
void check_adam_first_step(common::Checker& check, const std::string& type) {
    common::Rng rng(5);
    const std::size_t n = 1000;
    std::vector<T> dtheta(n), want(n);
    for (std::size_t i = 0; i < n; ++i) {
        dtheta[i] = T(rng.normal() * std::pow(10.0, rng.uniform(-3, 3)));  // 1e-3 .. 1e3
        want[i] = dtheta[i] > 0 ? T(-1) : T(1);
    }
    for (Engine engine : engines) {
        adam::Adam<T> adam{.hyper = {.eps = T(1e-30)}};
        std::vector<T> theta(n, T(0));
        adam.step(theta, dtheta, engine);
        for (T& x : theta) x /= adam.hyper.alpha;  // in units of alpha
        check.all_close("adam (adam-3, bias correction): first step moves each coordinate by "
                        "alpha sign(g), g from 1e-3 to 1e3 (" + type + ", " + name(engine) + ")",
                        want, theta, common::tol<T>::exact);
    }
}

}  // namespace update_loop_test

inline void test_update_loop(common::Checker& check) {
    using namespace update_loop_test;
    using common::tol;

    // ---- ewma.hpp ------------------------------------------------------------------------
    // 0.9 * 0 + 0.1 * 10 = 1;  0.9 * 1 + 0.1 * 20 = 2.9;  1 - 0.9^2 = 0.19;  1 - 0.5^3 = 0.875
    check.close("ewma (v := beta v + (1 - beta) x): by hand, v = 0, x = 10, beta = 0.9", 1.0,
                ewma::step(0.0, 10.0, 0.9), tol<double>::exact);
    check.close("ewma (v := beta v + (1 - beta) x): by hand, v = 1, x = 20, beta = 0.9", 2.9,
                ewma::step(1.0, 20.0, 0.9), tol<double>::exact);
    check.close("ewma (bias correction 1 - beta^t): by hand, beta = 0.9, t = 2", 0.19,
                ewma::bias_correction(0.9, 2), tol<double>::exact);
    check.close("ewma (bias correction 1 - beta^t): by hand, beta = 0.5, t = 3", 0.875,
                ewma::bias_correction(0.5, 3), tol<double>::exact);
    {
        // From v = 0, t steps of a constant x give v_t = (1 - beta) x (1 + beta + ... +
        // beta^(t-1)) = x (1 - beta^t); dividing by 1 - beta^t gives back x at every t.
        double worst_v = 0, worst_corrected = 0;
        const double x = 3.7;
        for (double beta : {0.5, 0.9, 0.98}) {
            double v = 0;
            for (long t = 1; t <= 200; ++t) {
                v = ewma::step(v, x, beta);
                const double correction = ewma::bias_correction(beta, t);
                worst_v = std::max(worst_v, common::relative_error(x * correction, v));
                worst_corrected = std::max(worst_corrected,
                                           common::relative_error(x, v / correction));
            }
        }
        check.that("ewma: from v = 0, a constant x gives v_t = x (1 - beta^t), beta 0.5/0.9/0.98,"
                   " t = 1..200",
                   worst_v <= tol<double>::exact, "max rel err " + common::Checker::fmt(worst_v));
        check.that("ewma (bias correction): v_t / (1 - beta^t) of a constant x is x at every t",
                   worst_corrected <= tol<double>::exact,
                   "max rel err " + common::Checker::fmt(worst_corrected));
    }

    // ---- the four rules, worked by hand (theta0 = 1, alpha = 0.1) --------------------------
    // sgd: theta1 = 1 - 0.1 * 2 = 0.8;  theta2 = 0.8 - 0.1 * (-1) = 0.9
    check_by_hand(check, "sgd (theta := theta - alpha dtheta): by hand",
                  gradient_descent::Sgd<double>{.hyper = {.alpha = 0.1}}, {2, -1}, {0.8, 0.9});
    // momentum, beta = 0.5, notes: v1 = 0.5 * 2 = 1, theta1 = 1 - 0.1 * 1 = 0.9;
    // v2 = 0.5 * 1 + 0.5 * 4 = 2.5, theta2 = 0.9 - 0.1 * 2.5 = 0.65
    check_by_hand(check, "momentum (v := beta v + (1 - beta) dtheta): by hand",
                  momentum::Momentum<double>{.hyper = {.alpha = 0.1, .beta = 0.5}}, {2, 4},
                  {0.9, 0.65});
    // unscaled: v1 = 2, theta1 = 1 - 0.2 = 0.8; v2 = 0.5 * 2 + 4 = 5, theta2 = 0.8 - 0.5 = 0.3
    check_by_hand(check, "momentum unscaled (v := beta v + dtheta): by hand",
                  momentum::Momentum<double>{
                      .hyper = {.alpha = 0.1, .beta = 0.5, .form = MomentumForm::unscaled}},
                  {2, 4}, {0.8, 0.3});
    // rmsprop, beta2 = 0.75: s1 = 0.25 * 16 = 4, s2 = 0.75 * 4 + 0.25 * 4 = 4.
    // inside, eps = 5: theta1 = 1 - 0.1 * 4 / sqrt(4 + 5) = 1 - 0.4 / 3 = 13/15,
    //                  theta2 = 13/15 - 0.1 * 2 / 3 = 12/15 = 0.8.
    // outside, eps = 1: sqrt(4) + 1 = 3 as well, so the same numbers; with eps = 5 outside,
    //                  theta1 = 1 - 0.4 / (2 + 5) = 33/35 instead.
    check_by_hand(check, "rmsprop (theta := theta - alpha dtheta / sqrt(s + eps)): by hand",
                  rmsprop::RmsProp<double>{.hyper = {.alpha = 0.1, .beta2 = 0.75, .eps = 5}},
                  {4, 2}, {13.0 / 15, 0.8});
    check_by_hand(check, "rmsprop (eps outside: dtheta / (sqrt(s) + eps)): by hand",
                  rmsprop::RmsProp<double>{.hyper = {.alpha = 0.1, .beta2 = 0.75, .eps = 1,
                                                    .eps_placement = EpsPlacement::outside}},
                  {4, 2}, {13.0 / 15, 0.8});
    check_by_hand(check, "rmsprop (Convention: the same eps = 5 outside the root differs)",
                  rmsprop::RmsProp<double>{.hyper = {.alpha = 0.1, .beta2 = 0.75, .eps = 5,
                                                    .eps_placement = EpsPlacement::outside}},
                  {4}, {33.0 / 35});
    // adam, beta1 = beta2 = 0.5, gradients 4 then -4:
    //   t = 1: v = 0.5 * 4 = 2, s = 0.5 * 16 = 8; v_corrected = 2 / 0.5 = 4, s_corrected = 16;
    //          inside, eps = 9: theta1 = 1 - 0.1 * 4 / sqrt(25) = 0.92
    //   t = 2: v = 0.5 * 2 - 0.5 * 4 = -1, s = 0.5 * 8 + 0.5 * 16 = 12;
    //          v_corrected = -1 / 0.75 = -4/3, s_corrected = 12 / 0.75 = 16;
    //          theta2 = 0.92 + 0.1 * (4/3) / 5 = 0.92 + 2/75 = 71/75
    //   outside, eps = 1: sqrt(16) + 1 = 5 at both steps, so the same numbers.
    //   no bias correction, eps = 1: theta1 = 1 - 0.1 * 2 / sqrt(8 + 1) = 14/15
    const adam::Adam<double> adam_by_hand{
        .hyper = {.alpha = 0.1, .beta1 = 0.5, .beta2 = 0.5, .eps = 9}};
    check_by_hand(check, "adam (adam-3, theta := theta - alpha v_corrected / "
                         "sqrt(s_corrected + eps)): by hand",
                  adam_by_hand, {4, -4}, {0.92, 71.0 / 75});
    check_by_hand(check, "adam (eps outside: v_corrected / (sqrt(s_corrected) + eps)): by hand",
                  adam::Adam<double>{.hyper = {.alpha = 0.1, .beta1 = 0.5, .beta2 = 0.5,
                                                 .eps = 1,
                                                 .eps_placement = EpsPlacement::outside}},
                  {4, -4}, {0.92, 71.0 / 75});
    check_by_hand(check, "adam (bias correction off: v / sqrt(s + eps)): by hand",
                  adam::Adam<double>{.hyper = {.alpha = 0.1, .beta1 = 0.5, .beta2 = 0.5,
                                                 .eps = 1, .bias_correction = false}},
                  {4}, {14.0 / 15});
    {
        adam::Adam<double> adam = adam_by_hand;
        std::vector<double> theta(3, 1.0);
        adam.step(theta, std::vector<double>(3, 4.0));
        adam.step(theta, std::vector<double>(3, -4.0));
        check.that("adam (adam-1, adam-2): by hand, after 2 steps v = -1, s = 12, t = 2",
                   adam.v == common::aligned_vector<double>(3, -1.0) &&
                       adam.s == common::aligned_vector<double>(3, 12.0) && adam.t == 2);
    }

    // ---- analytic claims ---------------------------------------------------------------------
    {
        // Momentum with beta = 0: v := 0 v + 1 dtheta = dtheta exactly, so theta := theta -
        // alpha dtheta, the same float operations as plain gradient descent.
        const Pool<float> pool_f(2 * 16 + 3, 11);
        const Pool<double> pool_d(2 * 16 + 3, 12);
        auto same_as_gd = [&](const auto& pool, MomentumForm form, Engine engine) {
            using T = typename std::decay_t<decltype(pool.theta0)>::value_type;
            gradient_descent::Sgd<T> gd{.hyper = {.alpha = T(0.1)}};
            momentum::Momentum<T> momentum{.hyper = {.alpha = T(0.1), .beta = T(0), .form = form}};
            std::vector<T> theta_gd = pool.theta0, theta_momentum = pool.theta0;
            for (const auto& g : pool.grads) {
                gd.step(theta_gd, g, engine);
                momentum.step(theta_momentum, g, engine);
            }
            return theta_gd == theta_momentum;
        };
        bool all_same = true;
        for (Engine engine : engines) {
            for (MomentumForm form : {MomentumForm::notes, MomentumForm::unscaled}) {
                all_same = all_same && same_as_gd(pool_f, form, engine) &&
                           same_as_gd(pool_d, form, engine);
            }
        }
        check.that("momentum: beta = 0 is plain gradient descent bit for bit (both forms, "
                   "float and double, both engines, 3 steps)",
                   all_same);
    }
    {
        // The unscaled velocity is the notes' one divided by (1 - beta), so alpha (1 - beta)
        // with the unscaled form takes the notes' steps.
        const Pool<double> pool(1000, 13);
        const double alpha = 0.01, beta = 0.9;
        momentum::Momentum<double> notes{.hyper = {.alpha = alpha, .beta = beta}};
        momentum::Momentum<double> unscaled{
            .hyper = {.alpha = alpha * (1 - beta), .beta = beta, .form = MomentumForm::unscaled}};
        std::vector<double> theta_notes = pool.theta0, theta_unscaled = pool.theta0;
        for (int k = 0; k < 20; ++k) {
            const auto& g = pool.grads[k % 3];
            notes.step(theta_notes, g);
            unscaled.step(theta_unscaled, g);
        }
        check.all_close("momentum (Convention): the unscaled form with alpha (1 - beta) takes the "
                        "notes' steps (20 steps)",
                        theta_notes, theta_unscaled, tol<double>::exact);
    }
    check_adam_first_step<float>(check, "float");
    check_adam_first_step<double>(check, "double");
    {
        // For tiny gradients s is tiny, and sqrt(s + 1e-8) ~ 1e-4 ~ sqrt(s) + 1e-4: eps = 1e-8
        // inside the root acts like eps = 1e-4 outside it. Here |g| <= 1e-6, s = 1e-3 g^2 <=
        // 1e-15, so the two first steps differ by at most sqrt(s) / 1e-4 ~ 3e-4, relatively.
        // The same eps = 1e-8 outside the root takes steps more than 100 times larger.
        common::Rng rng(17);
        const std::size_t n = 100;
        std::vector<double> dtheta(n);
        for (auto& g : dtheta) g = rng.uniform(1e-7, 1e-6) * (rng.uniform() < 0.5 ? -1 : 1);
        auto first_step = [&](double eps, EpsPlacement place) {
            rmsprop::RmsProp<double> rmsprop{.hyper = {.eps = eps, .eps_placement = place}};
            std::vector<double> theta(n, 0.0);
            rmsprop.step(theta, dtheta);
            return theta;
        };
        const auto inside = first_step(1e-8, EpsPlacement::inside);
        const auto outside = first_step(1e-4, EpsPlacement::outside);
        const auto outside_same_eps = first_step(1e-8, EpsPlacement::outside);
        double worst = 0, smallest_ratio = INFINITY;
        for (std::size_t i = 0; i < n; ++i) {
            worst = std::max(worst, std::abs(outside[i] / inside[i] - 1));
            smallest_ratio = std::min(smallest_ratio, outside_same_eps[i] / inside[i]);
        }
        check.that("rmsprop (Convention): for tiny gradients eps = 1e-8 inside the root acts "
                   "like eps = 1e-4 outside (first steps agree to 1e-3)",
                   worst <= 1e-3, "max rel diff " + common::Checker::fmt(worst));
        check.that("rmsprop (Convention): eps = 1e-8 outside the root takes steps > 100x those "
                   "of eps = 1e-8 inside, for tiny gradients",
                   smallest_ratio > 100, "smallest ratio " + common::Checker::fmt(smallest_ratio));
    }

    // ---- the engine: SIMD against scalar ---------------------------------------------------
    check_all_engines_agree<float>(check, "float");
    check_all_engines_agree<double>(check, "double");

    // ---- lengths ---------------------------------------------------------------------------
    {
        std::vector<double> theta(5, 1.0), dtheta(4, 1.0), state(3, 0.0);
        const gradient_descent::SgdRule<double> sgd{.alpha = 0.1};
        const momentum::MomentumRule<double> momentum{
            .alpha = 0.1, .beta = 0.9, .one_minus_beta = 0.1, .form = MomentumForm::notes};
        check.throws("update loop: run_simd names the lengths when theta and dtheta differ",
                     [&] {
                         common::run_simd(sgd, std::span<double>(theta),
                                          std::span<const double>(dtheta));
                     },
                     "theta has 5, dtheta 4");
        check.throws("update loop: run_scalar names the lengths when a state differs",
                     [&] {
                         common::run_scalar(momentum, std::span<double>(theta),
                                            std::span<const double>(theta.data(), 5),
                                            std::span<double>(state));
                     },
                     "theta has 5, dtheta 5, state 3");
        adam::Adam<double> adam;
        check.throws("adam: a step with dtheta shorter than theta is an error",
                     [&] { adam.step(theta, dtheta); }, "theta has 5, dtheta 4");
        check.that("adam: a failed step changes nothing (t = 0, no state)",
                   adam.t == 0 && adam.v.empty() && adam.s.empty());
        adam.step(theta, std::vector<double>(5, 1.0));
        std::vector<double> longer(7, 1.0);
        check.throws("adam: a later step with another length of theta is an error",
                     [&] { adam.step(longer, longer); },
                     "Adam: theta has 7 values but the state was sized to 5");
        adam.reset();
        adam.step(longer, longer);
        check.that("adam: after reset() the state is sized to the new theta",
                   adam.v.size() == 7 && adam.s.size() == 7 && adam.t == 1);
        momentum::Momentum<float> empty;
        std::vector<float> none;
        empty.step(none, none);
        check.that("momentum: a step over an empty theta is allowed and does nothing",
                   empty.v.empty());
    }
}

// ---- aligned storage ---------------------------------------------------------------------

// run_simd against run_scalar, bit for bit, for Adam's rule (two states): theta, dtheta, v
// and s start at every element offset 0 .. W + 1 into aligned storage, so run_simd peels
// 0 .. W - 1 coordinates before its aligned blocks, with every length 0 .. 3W + 1. With
// `skew`, dtheta and the states start one element later than theta, so they are not
// aligned where theta is and run_simd loads them element_aligned.
template <class T>
void check_simd_offsets(common::Checker& check, const std::string& type, bool skew) {
    constexpr std::size_t W = common::stdx::native_simd<T>::size();
    adam::Hyper hyper;
    hyper.alpha = 0.01;
    const adam::AdamRule<T> rule = adam::adam_rule<T>(hyper, 3);  // beta1^3 = 0.729
    const std::size_t extra = skew ? 1 : 0;
    std::size_t cases = 0, differ = 0;
    std::string first;
    for (std::size_t offset = 0; offset <= W + 1; ++offset) {
        for (std::size_t n = 0; n <= 3 * W + 1; ++n, ++cases) {
            const std::size_t size = offset + extra + n;
            common::aligned_vector<T> theta(size), dtheta(size), v(size), s(size);
            for (std::size_t k = 0; k < size; ++k) {
                theta[k] = T(std::sin(double(k) + 0.5));
                dtheta[k] = T(std::cos(3.0 * double(k)));
                v[k] = T(0.1 * std::sin(7.0 * double(k)));
                s[k] = T(0.01 + 0.01 * std::cos(double(k)) * std::cos(double(k)));
            }
            auto theta2 = theta, v2 = v, s2 = s;
            const std::size_t o = offset, d = offset + extra;
            const std::span<const T> g(dtheta.data() + d, n);
            common::run_scalar(rule, std::span<T>(theta.data() + o, n), g,
                               std::span<T>(v.data() + d, n), std::span<T>(s.data() + d, n));
            common::run_simd(rule, std::span<T>(theta2.data() + o, n), g,
                             std::span<T>(v2.data() + d, n), std::span<T>(s2.data() + d, n));
            const auto same = [](const auto& a, const auto& b) {
                return a.size() == b.size() &&  // memcmp takes no null, even for 0 bytes
                       (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
            };
            if (!(same(theta, theta2) && same(v, v2) && same(s, s2)) && differ++ == 0) {
                first = "first at offset " + std::to_string(offset) + ", length " +
                        std::to_string(n);
            }
        }
    }
    check.that("update loop (" + type + "): run_simd equals run_scalar bit for bit, Adam's " +
                   "rule (theta, v, s), theta at offsets 0..W+1 of aligned storage, lengths " +
                   "0..3W+1" + (skew ? ", dtheta and states one element later" : "") + " (" +
                   std::to_string(cases) + " cases)",
               differ == 0, std::to_string(differ) + " cases differ, " + first);
}

// AlignedAllocator: every block starts on a 64-byte boundary, small or large (glibc
// serves 128 KiB and more from mmap, 16 bytes past a boundary for plain new).
template <class T>
void check_aligned_storage(common::Checker& check, const std::string& type) {
    bool ok = true;
    std::string bad;
    for (std::size_t n : {1, 3, 17, 100, 4096, 40000, 1 << 20}) {
        const common::aligned_vector<T> a(n);
        const common::Matrix<T> M(n, 2);
        if (!common::is_aligned(a.data(), 64) || !common::is_aligned(M.data(), 64)) {
            ok = false;
            bad += " " + std::to_string(n);
        }
    }
    check.that("aligned storage (" + type + "): aligned_vector and Matrix start on a 64-byte " +
                   "boundary for 1, 3, 17, 100, 4096, 40000 and 2^20 elements",
               ok, "misaligned at sizes" + bad);
}

inline void test_aligned_storage(common::Checker& check) {
    check_simd_offsets<float>(check, "float", false);
    check_simd_offsets<double>(check, "double", false);
    check_simd_offsets<float>(check, "float", true);
    check_simd_offsets<double>(check, "double", true);
    check_aligned_storage<float>(check, "float");
    check_aligned_storage<double>(check, "double");
}
