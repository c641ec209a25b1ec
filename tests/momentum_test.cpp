// Tests of chapter 3, gradient descent with momentum: steps worked by hand, the notes'
// claims measured (beta = 0 is plain GD, the "equivalent" unscaled form, v as an EWMA,
// fewer steps on the elongated quadratic), what a quadratic predicts (largest stable alpha,
// factor per step), convergence to least squares, and the `update` reference runner's checks.
#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "chapters/03-momentum/momentum.hpp"
#include "common/check.hpp"
#include "common/functions_2d.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/03-momentum/story.hpp"
#include "tests/gradient_descent/linear_model_test.hpp"
#include "tests/reference/run_update.hpp"

using common::Checker;
using common::Engine;
using momentum::MomentumForm;

namespace {

constexpr Engine engines[] = {Engine::scalar, Engine::simd};

std::string name(Engine e) { return e == Engine::simd ? "simd" : "scalar"; }

// Three steps of `Method` in both forms and both engines on an 18-long theta (nine copies
// of a 2-vector: SIMD lanes and tail): theta and v after each step against the values by
// hand (the notes' form with alpha = 0.1, the unscaled form with alpha = 0.01, whose v is
// ten times the notes'). theta_label(notes) and v_label(notes) name the equations checked.
template <class Method, class ThetaLabel, class VLabel>
void three_steps(Checker& check, const std::vector<std::array<double, 2>>& grads,
                 const std::vector<std::array<double, 2>>& want_theta,
                 const std::vector<std::array<double, 2>>& want_v, ThetaLabel theta_label,
                 VLabel v_label) {
    constexpr std::size_t pairs = 9;
    for (MomentumForm form : {MomentumForm::notes, MomentumForm::unscaled}) {
        const bool notes = form == MomentumForm::notes;
        for (Engine engine : engines) {
            Method m;
            m.hyper = {.alpha = notes ? 0.1 : 0.01, .beta = 0.9, .form = form};
            std::vector<double> theta;
            for (std::size_t i = 0; i < pairs; ++i) theta.insert(theta.end(), {1.0, -2.0});
            for (std::size_t k = 0; k < grads.size(); ++k) {
                std::vector<double> dtheta, theta_k, v_k;
                for (std::size_t i = 0; i < pairs; ++i) {
                    dtheta.insert(dtheta.end(), grads[k].begin(), grads[k].end());
                    theta_k.insert(theta_k.end(), want_theta[k].begin(), want_theta[k].end());
                    for (double v : want_v[k]) v_k.push_back(notes ? v : 10 * v);
                }
                m.step(theta, dtheta, engine);
                const std::string at = std::string(notes ? "notes" : "unscaled") + ", " +
                                       name(engine) + ", step " + std::to_string(k + 1);
                check.all_close(theta_label(notes) + ", " + at, theta_k, theta,
                                common::tol<double>::exact);
                check.all_close(v_label(notes) + ", " + at, v_k, m.v,
                                common::tol<double>::exact);
            }
        }
    }
}

// Three steps by hand, in every coordinate pair of an 18-long theta (SIMD lanes and tail).
void steps_by_hand(Checker& check) {
    // alpha = 0.1, beta = 0.9, theta_0 = (1, -2); dtheta_1 = (2, 4), dtheta_2 = (-1, 0),
    // dtheta_3 = (0.5, 1). Notes' form, v := 0.9 v + 0.1 dtheta, theta := theta - 0.1 v:
    //   v_1 = 0.1 (2, 4)                       = (0.2, 0.4)
    //   theta_1 = (1 - 0.02, -2 - 0.04)        = (0.98, -2.04)
    //   v_2 = 0.9 (0.2, 0.4) + 0.1 (-1, 0)     = (0.08, 0.36)
    //   theta_2 = (0.98 - 0.008, -2.04 - 0.036) = (0.972, -2.076)
    //   v_3 = 0.9 (0.08, 0.36) + 0.1 (0.5, 1)  = (0.122, 0.424)
    //   theta_3 = (0.972 - 0.0122, -2.076 - 0.0424) = (0.9598, -2.1184)
    // Unscaled form with alpha = 0.1 (1 - 0.9) = 0.01, v := 0.9 v + dtheta:
    //   v_1 = (2, 4), v_2 = 0.9 (2, 4) + (-1, 0) = (0.8, 3.6),
    //   v_3 = 0.9 (0.8, 3.6) + (0.5, 1) = (1.22, 4.24): ten times the notes' v, and
    //   theta_k = theta_k - 0.01 v_k gives the same theta as above.
    const std::vector<std::array<double, 2>> grads = {{2, 4}, {-1, 0}, {0.5, 1}};
    const std::vector<std::array<double, 2>> want_theta = {
        {0.98, -2.04}, {0.972, -2.076}, {0.9598, -2.1184}};
    const std::vector<std::array<double, 2>> want_v = {{0.2, 0.4}, {0.08, 0.36}, {0.122, 0.424}};
    three_steps<momentum::Momentum<double>>(
        check, grads, want_theta, want_v, [](bool) {
            return std::string("momentum by hand (theta := theta - alpha v)");
        }, [](bool notes) {
            return std::string(notes ? "v := beta v + (1 - beta) dtheta"
                                     : "v := beta v + dtheta") + " by hand";
        });
}

// v after k steps of one constant gradient is (1 - beta^k) g: v is an EWMA started at 0.
void ewma_view(Checker& check) {
    const double beta = 0.9;
    std::vector<double> g(19);
    for (std::size_t i = 0; i < g.size(); ++i) g[i] = 0.5 * double(i) - 3.25;  // never 0
    for (MomentumForm form : {MomentumForm::notes, MomentumForm::unscaled}) {
        for (Engine engine : engines) {
            momentum::Momentum<double> m;
            m.hyper = {.alpha = 0.01, .beta = beta, .form = form};
            std::vector<double> theta(g.size(), 0.0);
            double worst = 0;
            for (long k = 1; k <= 40; ++k) {
                m.step(theta, g, engine);
                for (std::size_t i = 0; i < g.size(); ++i) {
                    // notes: (1 - beta^k) g; unscaled: sum_{j<k} beta^j g = (1 - beta^k) g / (1 -
                    // beta)
                    const double want = form == MomentumForm::notes
                                            ? (1 - std::pow(beta, double(k))) * g[i]
                                            : (1 - std::pow(beta, double(k))) / (1 - beta) * g[i];
                    worst = std::max(worst, common::relative_error(want, m.v[i]));
                    worst = std::max(
                        worst, common::relative_error(
                                   want, momentum::v_after_constant_gradient(g[i], beta, k, form)));
                }
            }
            check.that(std::string("EWMA view: v_k = (1 - beta^k) g") +
                           (form == MomentumForm::notes ? "" : " / (1 - beta) (unscaled)") +
                           " for k = 1..40, " + name(engine),
                       worst <= common::tol<double>::exact, "max rel err " + Checker::fmt(worst));
        }
    }
}

// beta = 0 is plain GD; the unscaled form with alpha (1 - beta) is the notes' form.
void equivalences(Checker& check, const gradient_descent::Dataset<double>& diabetes) {
    const auto gd = momentum::train_gd(diabetes, 0.3, 20, 64, 3);
    const auto m0 = momentum::train_momentum(diabetes, 0.3, 0.0, MomentumForm::notes, 20, 64, 3);
    for (std::size_t i : {std::size_t(0), std::size_t(19)}) {
        check.all_close("beta = 0: momentum is plain GD (diabetes, m_t = 64, theta after epoch " +
                            std::to_string(i + 1) + ")",
                        gd.history.theta[i], m0.history.theta[i], common::tol<double>::exact);
    }

    const double alpha = 0.4, beta = 0.9;
    const auto notes =
        momentum::train_momentum(diabetes, alpha, beta, MomentumForm::notes, 30, 64, 5);
    const auto unscaled = momentum::train_momentum(diabetes, momentum::unscaled_alpha(alpha, beta),
                                                   beta, MomentumForm::unscaled, 30, 64, 5);
    for (std::size_t i : {std::size_t(0), std::size_t(9), std::size_t(29)}) {
        check.all_close(
            "unscaled form with alpha (1 - beta) = notes' form with alpha: diabetes "
            "theta after epoch " +
                std::to_string(i + 1),
            notes.history.theta[i], unscaled.history.theta[i], common::tol<double>::exact);
    }
    const auto fn = common::elongated_quadratic();
    const auto p_notes = momentum::momentum_path(fn, alpha, beta, MomentumForm::notes, 200);
    const auto p_unscaled = momentum::momentum_path(fn, momentum::unscaled_alpha(alpha, beta), beta,
                                                    MomentumForm::unscaled, 200);
    check.that("unscaled form with alpha (1 - beta) = notes' form: elongated quadratic, 200 steps",
               momentum::max_difference(p_notes, p_unscaled) <= common::tol<double>::exact,
               "max |difference| " + Checker::fmt(momentum::max_difference(p_notes, p_unscaled)));
    // With the same alpha, the unscaled steps are 1 / (1 - beta) times the notes' at step 1.
    const auto same = momentum::momentum_path(fn, alpha, beta, MomentumForm::unscaled, 1);
    const double ratio = (same[1][1] - same[0][1]) / (p_notes[1][1] - p_notes[0][1]);
    check.close("unscaled form with the same alpha: first step 1 / (1 - beta) = 10 times longer",
                10.0, ratio, common::tol<double>::exact);
}

// The zig-zag of plain GD on f = 0.1 x^2 + 2 y^2 (this project's test function, not a
// picture of the notes) at one alpha, measured against momentum.
void elongated_quadratic(Checker& check) {
    const auto fn = common::elongated_quadratic();
    const double alpha = 0.4;  // plain GD: y := (1 - 4 alpha) y = -0.6 y, a zig-zag
    const auto gd = momentum::gd_path(fn, alpha, 10000);
    const auto m8 = momentum::momentum_path(fn, alpha, 0.8, MomentumForm::notes, 10000);
    const auto m9 = momentum::momentum_path(fn, alpha, 0.9, MomentumForm::notes, 10000);
    const auto k_gd = common::steps_to_reach(fn, gd, 0.01);
    const auto k_m8 = common::steps_to_reach(fn, m8, 0.01);
    const auto k_m9 = common::steps_to_reach(fn, m9, 0.01);
    const std::string counts = "GD " + (k_gd ? std::to_string(*k_gd) : "never") + ", beta 0.8 " +
                               (k_m8 ? std::to_string(*k_m8) : "never") + ", beta 0.9 " +
                               (k_m9 ? std::to_string(*k_m9) : "never");
    check.that(
        "elongated quadratic, alpha = 0.4: momentum (beta = 0.8) gets within 0.01 of the "
        "minimum in under half of GD's steps (" +
            counts + ")",
        k_gd && k_m8 && 2 * *k_m8 < *k_gd, counts);
    // Too much momentum for a 20:1 bowl: complex roots, factor sqrt(0.9) = 0.949 > GD's 0.92.
    check.that(
        "elongated quadratic, alpha = 0.4: with beta = 0.9 the path circles in and needs "
        "more steps than GD (" +
            counts + ")",
        k_gd && k_m9 && *k_m9 > *k_gd, counts);

    const auto gd50 = momentum::gd_path(fn, alpha, 50);
    const auto m50 = momentum::momentum_path(fn, alpha, 0.9, MomentumForm::notes, 50);
    const std::size_t c_gd = common::crossings(fn, gd50, 1),
                      c_m = common::crossings(fn, m50, 1);
    check.that("zig-zag: plain GD's y changes sign at every one of 50 steps (1 - 4 alpha < 0)",
               c_gd == 50, std::to_string(c_gd) + " sign changes");
    check.that("zig-zag damped: momentum's y changes sign at most 10 times in 50 steps (" +
                   std::to_string(c_m) + ")",
               c_m <= 10, std::to_string(c_m) + " sign changes");
}

// What the characteristic roots predict, against paths.
void quadratic_predictions(Checker& check) {
    using momentum::alpha_limit;
    using momentum::shrink_factor;
    check.close("factor per step with beta = 0 is plain GD's |1 - alpha lambda|", 0.6,
                shrink_factor(4, 0.4, 0, MomentumForm::notes), common::tol<double>::exact);
    check.close("factor per step with complex roots is sqrt(beta)", std::sqrt(0.9),
                shrink_factor(4, 0.4, 0.9, MomentumForm::notes), common::tol<double>::exact);
    // beta = 0.5, alpha_eff = 0.2, lambda = 0.2: z^2 - 1.46 z + 0.5, roots (1.46 +- sqrt(0.1316)) /
    // 2
    check.close("factor per step with real roots: the larger root of z^2 - 1.46 z + 0.5",
                (1.46 + std::sqrt(1.46 * 1.46 - 2)) / 2,
                shrink_factor(0.2, 0.4, 0.5, MomentumForm::notes), common::tol<double>::exact);
    check.close("largest stable alpha, notes' form: 2 (1 + beta) / ((1 - beta) lambda) = 9.5", 9.5,
                alpha_limit(4, 0.9, MomentumForm::notes), common::tol<double>::exact);
    check.close("largest stable alpha, plain GD (beta = 0): 2 / lambda = 0.5", 0.5,
                alpha_limit(4, 0, MomentumForm::notes), common::tol<double>::exact);

    // Measured: the envelope of the distance shrinks by sqrt(beta) per step.
    const auto fn = common::elongated_quadratic();
    const auto path = momentum::momentum_path(fn, 0.4, 0.9, MomentumForm::notes, 1400);
    auto envelope = [&](std::size_t from) {  // 200 steps > one turn (about 86 steps along x)
        double d = 0;
        for (std::size_t k = from; k < from + 200; ++k)
            d = std::max(d, common::distance_to_minimum(fn, path[k]));
        return d;
    };
    const double measured = std::pow(envelope(1200) / envelope(200), 1.0 / 1000);
    check.close("measured factor per step on the elongated quadratic = sqrt(0.9) (to 0.2%)",
                std::sqrt(0.9), measured, 2e-3);

    // Just below the limit a path converges, just above it diverges.
    for (MomentumForm form : {MomentumForm::notes, MomentumForm::unscaled}) {
        for (double beta : {0.0, 0.5, 0.9}) {
            const double limit = alpha_limit(4, beta, form);
            const auto below = momentum::momentum_path(fn, 0.98 * limit, beta, form, 3000);
            const auto above = momentum::momentum_path(fn, 1.02 * limit, beta, form, 3000);
            const std::string at = std::string(form == MomentumForm::notes ? "notes" : "unscaled") +
                                   ", beta = " + Checker::fmt(beta) + ", limit " +
                                   Checker::fmt(limit);
            const double end = common::distance_to_minimum(fn, below.back());
            check.that("0.98 x the largest stable alpha converges (" + at + ")",
                       !momentum::diverged(fn, below, 3000) && end < 1e-3,
                       "distance " + Checker::fmt(end));
            check.that("1.02 x the largest stable alpha diverges (" + at + ")",
                       momentum::diverged(fn, above, 3000));
        }
    }
}

// Momentum reaches the least-squares solution.
void convergence(Checker& check, const gradient_descent::Dataset<double>& diabetes) {
    const auto data = well_conditioned_problem(200, 17, 0.5);
    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    const auto batch =
        momentum::train_momentum(data, 1.0, 0.9, MomentumForm::notes, 1000, data.m(), 1);
    const double d_batch = gradient_descent::distance(batch.theta, theta_ols);
    check.that("batch momentum (alpha 1, beta 0.9, 1000 steps) converges to theta_ols within 1e-8",
               d_batch < 1e-8, "distance " + Checker::fmt(d_batch));
    const auto mini = momentum::train_momentum(data, 0.01, 0.9, MomentumForm::notes, 300, 32, 5);
    const double d_mini = gradient_descent::distance(mini.theta, theta_ols);
    check.that("mini-batch momentum (m_t 32, alpha 0.01, 300 epochs) ends within 1e-2 of theta_ols",
               d_mini < 1e-2, "distance " + Checker::fmt(d_mini));

    // Diabetes at the chapter's default alpha = 0.4, m_t = 64, seed 1: momentum's average
    // excess cost over epochs 51..100 is below plain GD's (noisy mini-batch steps averaged).
    const std::vector<double> ols = gradient_descent::least_squares(diabetes);
    const double J_ols =
        gradient_descent::cost<double>(ols, diabetes, gradient_descent::all_examples(diabetes));
    const auto gd = momentum::train_gd(diabetes, 0.4, 100, 64, 1);
    const auto mom = momentum::train_momentum(diabetes, 0.4, 0.9, MomentumForm::notes, 100, 64, 1);
    const double e_gd = momentum::mean_excess(gd, J_ols, 51, 100);
    const double e_mom = momentum::mean_excess(mom, J_ols, 51, 100);
    check.that(
        "diabetes, alpha 0.4: momentum's mean J - J_ols over epochs 51..100 is under half "
        "of GD's (" +
            Checker::fmt(e_mom) + " vs " + Checker::fmt(e_gd) + ")",
        2 * e_mom < e_gd);
    check.that("diabetes, alpha 0.4: momentum ends with J within 1% of J(theta_ols)",
               mom.history.cost.back() < 1.01 * J_ols,
               "J " + Checker::fmt(mom.history.cost.back()) + ", J_ols " + Checker::fmt(J_ols));
}

// diverged() on a path written by hand (crossings and steps_to_reach, which the chapter
// measures with, are checked in tests/common/functions_2d_test.hpp).
void path_helpers(Checker& check) {
    const auto fn = common::elongated_quadratic();  // minimum (0, 0)
    const common::Path2d path = {{-5, -2}, {-4, 1}, {-3, -0.5}, {-2, -0.25}, {0.003, 0.004}};
    check.that("diverged: a path that ends nearer than it started has not diverged",
               !momentum::diverged(fn, path, 4));
    check.that("diverged: a path cut short by an overflow has", momentum::diverged(fn, path, 9));
}

// The `update` runner (tests/reference/run_update.hpp) refuses malformed cases by line.
void reference_runner(Checker& check) {
    auto run = [](const std::string& text) {
        std::istringstream in(text);
        const auto cases = reference::parse_cases(in, "inline.txt");
        return reference::run_update<double>(cases.at(0));
    };
    const std::string head = "case c\nkind update\n";
    const std::string data =
        "matrix theta0 1 2\n1 2\nmatrix grad 1 2\n0.5 -1\n"
        "matrix theta 1 2\n0.95 2.1\n";
    // sgd by hand: theta = (1, 2) - 0.1 (0.5, -1) = (0.95, 2.1)
    const auto ok = run(head + "rule sgd\nlr 0.1\n" + data + "end\n");
    check.that("update runner: an sgd step by hand passes, with both engines (4 values)",
               ok.compared == 4 && ok.max_error < 1e-15, ok.worst);
    check.throws(
        "update runner: an unknown rule names its line",
        [&] { run(head + "rule heavy_ball\nlr 0.1\n" + data + "end\n"); },
        "inline.txt:3: unknown rule `heavy_ball`");
    check.throws(
        "update runner: an unknown eps_placement names its line",
        [&] {
            run(head +
                "rule rmsprop\nlr 0.1\nbeta2 0.9\neps 1e-8\neps_placement "
                "between\n" +
                data + "matrix s 1 2\n0 0\nend\n");
        },
        "inline.txt:7: unknown eps_placement `between`");
    check.throws(
        "update runner: a momentum case without beta is refused",
        [&] { run(head + "rule momentum\nlr 0.1\n" + data + "matrix v 1 2\n0 0\nend\n"); },
        "lacks `beta`");
    check.throws(
        "update runner: a key the rule does not use is refused, with its line",
        [&] { run(head + "rule sgd\nlr 0.1\nbeta 0.9\n" + data + "end\n"); },
        "inline.txt:5: `beta` is not used by rule sgd");
    check.throws(
        "update runner: a v of the wrong shape names its line",
        [&] {
            run(head + "rule momentum\nlr 0.1\nbeta 0.9\n" + data + "matrix v 1 3\n0 0 0\nend\n");
        },
        "inline.txt:12: matrix v is 1 x 3, expected 1 x 2");
}

// What the chapter program prints: the measures behind each sentence and the words they pick.
void chapter_sentences(Checker& check, const gradient_descent::Dataset<double>& diabetes) {
    using momentum::MomentumForm;
    const auto bowl = common::elongated_quadratic();
    const auto sweep = momentum::sweep_beta(bowl, 0.2, 4, 0.4, 0.9, MomentumForm::notes, 10000);
    check.that("sweep_beta: 0, 0.5, 0.8, 0.9, 0.95, 0.99 need 75, 69, 34, 108, 191, 852 steps "
               "to within 0.01; the fewest is beta 0.8",
               sweep.steps_of(0) == 75u && sweep.steps_of(0.5) == 69u &&
                   sweep.steps_of(0.8) == 34u && sweep.steps_of(0.9) == 108u &&
                   sweep.steps_of(0.95) == 191u && sweep.steps_of(0.99) == 852u &&
                   sweep.best_beta == 0.8);
    check.close("sweep_beta: the factor of beta 0.9 is sqrt(0.9) (complex roots)",
                std::sqrt(0.9), sweep.factor[3], 1e-12);
    const auto with_07 = momentum::sweep_beta(bowl, 0.2, 4, 0.4, 0.7, MomentumForm::notes, 100);
    check.that("sweep_beta: a --beta not in the list is added in order; a short budget gives "
               "'never' (0.99 within 100 steps)",
               with_07.betas.size() == 7 && with_07.betas[2] == 0.7 && !with_07.steps_of(0.99));
    check.that("speed_word: fewer steps 'faster than', more 'slower than', equal 'as fast as'",
               momentum::speed_word(75, 34) == "faster than" &&
                   momentum::speed_word(75, 108) == "slower than" &&
                   momentum::speed_word(75, 75) == "as fast as");
    check.that("speed_sentence: when plain GD never got there (it diverged), it says so",
               momentum::speed_sentence(0.9, std::nullopt, 83) ==
                   "momentum with beta = 0.9 got there in 83 steps, plain GD never did",
               momentum::speed_sentence(0.9, std::nullopt, 83));
    check.that("gd_divergence: alpha 1 is above 2 / 4 = 0.5 (y := -3 y); 0.4 is below",
               momentum::gd_divergence(4, 1).find("limit 2 / 4 = 0.5; each step multiplies y "
                                                  "by 1 - 4 alpha = -3") != std::string::npos &&
                   momentum::gd_divergence(4, 0.4).empty(),
               momentum::gd_divergence(4, 1));
    check.that("speed_sentence: names beta and both step counts",
               momentum::speed_sentence(0.9, 75, 108) ==
                   "momentum with beta = 0.9 was slower than plain GD (108 against 75 steps)",
               momentum::speed_sentence(0.9, 75, 108));
    check.that("zigzag_word: 7 sign changes against 50 damped it; 50 against 50 did not",
               momentum::zigzag_word(50, 7) == "damped the zig-zag" &&
                   momentum::zigzag_word(50, 50) == "did not damp the zig-zag");
    // Along x (lambda 0.2, alpha 0.4): b = 1 + beta - 0.08 (1 - beta); b^2 < 4 beta for
    // beta 0.9 (1.892^2 = 3.580 < 3.6), not for beta 0.5 (1.46^2 = 2.132 > 2).
    check.that("overshoot_words: along x, beta 0.9 circles in (complex roots), beta 0.5 does not",
               momentum::overshoot_words(0.2, 0.4, 0.9, MomentumForm::notes).starts_with(
                   "overshoots") &&
                   momentum::overshoot_words(0.2, 0.4, 0.5, MomentumForm::notes).starts_with(
                       "approaches"));
    check.that("about_the_same: 0.448 and 0.451 are (within 10%), 0.4 and 0.5 are not",
               momentum::about_the_same(0.451, 0.448) && !momentum::about_the_same(0.4, 0.5));
    check.that("rosenbrock_sentence: the words follow the distances and who left the valley",
               momentum::rosenbrock_sentence(0.001, 0.451, 0.448, 0.01, true, false) ==
                   "at alpha = 0.001 momentum ended about where plain GD ended (0.448 against "
                   "0.451); at alpha = 0.01 momentum stayed in the valley, plain GD did not" &&
                   momentum::rosenbrock_sentence(0.001, 0.451, 4e-6, 0.01, true, true).find(
                       "nearer the minimum than plain GD") != std::string::npos &&
                   momentum::rosenbrock_sentence(0.001, 0.451, 4e-6, 0.01, true, true).ends_with(
                       "both left the valley"));
    check.that("training_sentence: lower, higher, the same, or plain GD's divergence",
               momentum::training_sentence(0, 0.497, 51, 100, 95.5, 7.6).ends_with(
                   "momentum settled lower") &&
                   momentum::training_sentence(0, 0.497, 51, 100, 1e-18, 0.04).ends_with(
                       "momentum settled higher") &&
                   momentum::training_sentence(0, 0.497, 51, 100, 95.5, 95.5).ends_with(
                       "as low as plain GD") &&
                   momentum::training_sentence(46, 0.497, 51, 100, 0, 0).starts_with(
                       "plain GD diverged at epoch 46"));
    {
        // The chapter's defaults on the diabetes data: momentum ends nearer the floor.
        const momentum::Training t =
            momentum::training(diabetes, 0.4, 0.9, MomentumForm::notes, 100, 64, 1);
        const std::string said_t = momentum::training_sentence(t);
        check.that("training (diabetes, alpha 0.4, 100 epochs): 7 steps per epoch; momentum's "
                   "mean J - J_ols over epochs 51..100 below plain GD's",
                   t.steps_per_epoch == 7 && said_t.ends_with("momentum settled lower"), said_t);
        check.that("excess_cost: J - J_ols per epoch, 100 values for a run that did not diverge",
                   momentum::excess_cost(t.mom, t.J_ols, t.J_0).size() == 100 &&
                       momentum::excess_cost(t.mom, t.J_ols, t.J_0).back() ==
                           t.mom.history.cost.back() - t.J_ols);
        const momentum::Training wild =
            momentum::training(diabetes, 1.0, 0.9, MomentumForm::notes, 100, 64, 1);
        const std::string said_wild = momentum::training_sentence(wild);
        check.that("training (alpha 1, above 2 / lambda_max = 0.497): plain GD diverges, the "
                   "sentence says so; excess_cost stops before it",
                   wild.gd.history.diverged_at != 0 &&
                       said_wild.starts_with("plain GD diverged") &&
                       momentum::excess_cost(wild.gd, wild.J_ols, wild.J_0).size() <
                           wild.gd.history.diverged_at,
                   said_wild);
        const auto mom_path = momentum::momentum_path(bowl, 0.4, 0.9, MomentumForm::notes, 50);
        const momentum::OtherForm f = momentum::compare_forms(
            MomentumForm::notes, bowl, mom_path, 0.4, 50, diabetes, t.mom, 0.4, 0.9, 100, 64, 1,
            t.theta_ols);
        check.that("compare_forms: the unscaled form with alpha (1 - beta) = 0.04 takes the same "
                   "steps to rounding (quadratic and diabetes)",
                   f.form == MomentumForm::unscaled && std::abs(f.alpha_same - 0.04) < 1e-15 &&
                       momentum::same_to_rounding(f.difference, f.theta_max),
                   Checker::fmt(f.difference));
        const std::string said = momentum::forms_sentence(f, 0.4, 0.9, "Q", "the data", "D");
        check.that("forms_sentence: alpha (1 - beta) = 0.04 in place of 0.4 takes the same "
                   "steps; the same alpha takes steps 10 times larger",
                   said.starts_with("With alpha (1 - beta) (0.04 in place of 0.4)") &&
                       said.find("the same steps, to rounding") != std::string::npos &&
                       said.ends_with("10 times larger: on the quadratic it Q; on the data it D."),
                   said);
        check.that("same_to_rounding: 1e-6 on theta up to 152 is not rounding",
                   !momentum::same_to_rounding(1e-6, 152));
    }
    {
        const momentum::Valley v = momentum::valley(0.001, 0.9, MomentumForm::notes, 3000);
        const std::string said_v = momentum::rosenbrock_sentence(v);
        check.that("valley (Rosenbrock, alpha 0.001 and 0.01): plain GD leaves at 0.01, "
                   "momentum does not",
                   v.alpha_big == 0.001 / (1 - 0.9) && v.gd_big_out && !v.mom_big_out &&
                       said_v.find("about where plain GD ended") != std::string::npos,
                   said_v);
    }
    const auto gd_path = momentum::gd_path(bowl, 0.4, 50);
    check.that("path_outcome: GD on the bowl, 50 steps, ends at distance 0.0773 without "
               "getting within 0.01",
               momentum::path_outcome(bowl, gd_path, 50) == "ends at distance 0.0773",
               momentum::path_outcome(bowl, gd_path, 50));
    check.that("quadratic_problem: alpha 20 is above the limit 9.5 (beta 0.9), 0.4 is not",
               momentum::quadratic_problem(bowl, gd_path, 50, 4, 20, 0.9, MomentumForm::notes)
                       .find("needs alpha < 9.5") != std::string::npos &&
                   momentum::quadratic_problem(bowl, gd_path, 50, 4, 0.4, 0.9,
                                               MomentumForm::notes).empty());
}

// What the chapter program draws and its closing bullets, at the chapter's defaults.
void chapter_figures(Checker& check, const gradient_descent::Dataset<double>& diabetes) {
    const auto notes = MomentumForm::notes;
    const momentum::Bowl q = momentum::bowl(0.4, 0.9, notes, 50, 10000);
    const momentum::Valley r = momentum::valley(0.001, 0.9, notes, 3000);
    const momentum::Training t = momentum::training(diabetes, 0.4, 0.9, notes, 100, 64, 1);
    const momentum::OtherForm f = momentum::compare_forms(notes, q.fn, q.mom, 0.4, 50, diabetes,
                                                          t.mom, 0.4, 0.9, 100, 64, 1,
                                                          t.theta_ols);
    const auto lines = momentum::showed(q, r, t, "the data", f);
    check.that("showed: four bullets; the quadratic's names the zig-zag (7 against 50 sign "
               "changes) and the speed; the last says the unscaled form took the same steps",
               lines.size() == 4 &&
                   lines[0] == "Quadratic: momentum damped the zig-zag (y changed sign 7 times "
                               "against 50), and momentum with beta = 0.9 was slower than plain "
                               "GD (108 against 75 steps)." &&
                   lines[2].starts_with("On the data: over epochs 51..100") &&
                   lines[3] == "The unscaled form with alpha (1 - beta) took the same steps, to "
                               "rounding.",
               lines.empty() ? "" : lines[0]);
    const momentum::BowlFigures fig = momentum::bowl_figures(q, 0.4, 0.9, notes, 50);
    const auto& p = fig.paths.paths;
    check.that("bowl_figures: momentum solid in its colour, the fewest-steps beta 0.8 dashed, "
               "plain GD last, dashed, in GD's colour",
               p.size() == 3 && p[0].label == "momentum, β = 0.9" && !p[0].dashed &&
                   p[0].color == common::report::method_color("momentum") &&
                   p[1].label == "momentum, β = 0.8 (fewest steps)" && p[1].dashed &&
                   p[2].label == "plain GD" && p[2].dashed &&
                   p[2].color == common::report::method_color("GD"),
               p.empty() ? "" : p.back().label);
    const auto& ys = fig.ys.series;
    check.that("bowl_figures: y per step, steps 0..50, from y = -2; plain GD dashed",
               ys.size() == 2 && ys[0].x.size() == 51 && ys[0].x.back() == 50 &&
                   ys[0].y[0] == -2 && ys[1].y[1] == q.gd[1][1] && ys[1].dashed);
    check.that("bowl_figures: with beta 0.8 (the fewest steps itself) no second momentum path",
               momentum::bowl_figures(momentum::bowl(0.4, 0.8, notes, 50, 10000), 0.4, 0.8, notes,
                                      50).paths.paths.size() == 2);
    const auto v = momentum::valley_figure(r, 0.9).paths;
    check.that("valley_figure: plain GD at alpha 0.01 diverged and is left out; GD at 0.001 "
               "is last and dashed",
               v.size() == 3 && v[0].label == "momentum, α = 0.01" &&
                   v[1].label == "momentum, α = 0.001" && v[2].label == "plain GD, α = 0.001" &&
                   v[2].dashed,
               v.empty() ? "" : v.back().label);
    const auto cost = momentum::cost_chart(t, "the data", 64, 0.4, 0.9, MomentumForm::unscaled);
    check.that("cost_chart: J - J_ols of both runs per epoch (100 points), log axis; the label "
               "names the unscaled form",
               cost.log_y && cost.series.size() == 2 && cost.series[0].x.size() == 100 &&
                   cost.series[0].y.back() == t.mom.history.cost.back() - t.J_ols &&
                   cost.series[0].label == "momentum, β = 0.9, unscaled" &&
                   cost.title == "Cost above the floor on the data, mini-batches of 64, α = 0.4",
               cost.title);
}

// The defaults the notes give, pinned (a changed default fails here, naming the line).
// Notes, "Gradient Descent with Momentum": the update v := beta v + (1 - beta) dtheta, then
// theta := theta - alpha v, and under it "Hyperparameters: alpha, beta (= 0.9 usually works
// well ...)". The unscaled v := beta v + dtheta is their "equivalent" rule, not the default.
void defaults_of_the_notes(Checker& check) {
    const momentum::Momentum<double> fresh{};
    check.close("default beta = 0.9 (notes, momentum hyperparameters: \"= 0.9 usually works "
                "well\")", 0.9, fresh.hyper.beta, 0);
    check.that("default form: the notes' v := beta v + (1 - beta) dtheta (notes, momentum "
               "update), not the unscaled \"equivalent\" rule",
               fresh.hyper.form == MomentumForm::notes);
    // The same on a step: from v = 0, theta = 1, dtheta = 2, alpha = 0.5: the notes' form with
    // beta = 0.9 gives v = 0.1 * 2 = 0.2 and theta = 1 - 0.5 * 0.2 = 0.9 (beta = 0.8: 0.8;
    // unscaled: v = 2, theta = 0).
    momentum::Momentum<double> opt{};
    opt.hyper.alpha = 0.5;
    std::vector<double> theta = {1.0};
    const std::vector<double> g = {2.0};
    opt.step(std::span<double>(theta), std::span<const double>(g));
    check.close("a default Momentum step: v = (1 - 0.9) * 2 = 0.2, theta = 1 - 0.5 * 0.2 = 0.9",
                0.9, theta[0], 1e-15);
}

// ---- Beyond the notes ------------------------------------------------------------------

// Nesterov momentum: three steps by hand in both forms, both engines, an 18-long theta.
void nesterov_by_hand(Checker& check) {
    // alpha = 0.1, beta = 0.9, theta_0 = (1, -2); dtheta = (2, 4), (-1, 0), (0.5, 1).
    // v is momentum's: (0.2, 0.4), (0.08, 0.36), (0.122, 0.424). The step is
    // theta := theta - 0.1 (0.9 v + 0.1 dtheta):
    //   0.9 (0.2, 0.4) + 0.1 (2, 4)      = (0.38, 0.76)    theta_1 = (0.962, -2.076)
    //   0.9 (0.08, 0.36) + 0.1 (-1, 0)   = (-0.028, 0.324) theta_2 = (0.9648, -2.1084)
    //   0.9 (0.122, 0.424) + 0.1 (0.5, 1) = (0.1598, 0.4816) theta_3 = (0.94882, -2.15656)
    // Unscaled, alpha = 0.01, v = (2, 4), (0.8, 3.6), (1.22, 4.24): theta := theta - 0.01
    // (dtheta + 0.9 v), e.g. 0.01 ((2, 4) + 0.9 (2, 4)) = (0.038, 0.076): the same thetas.
    const std::vector<std::array<double, 2>> grads = {{2, 4}, {-1, 0}, {0.5, 1}};
    const std::vector<std::array<double, 2>> want_theta = {
        {0.962, -2.076}, {0.9648, -2.1084}, {0.94882, -2.15656}};
    const std::vector<std::array<double, 2>> want_v = {{0.2, 0.4}, {0.08, 0.36}, {0.122, 0.424}};
    three_steps<momentum::Nesterov<double>>(
        check, grads, want_theta, want_v, [](bool notes) {
            return std::string("Nesterov by hand (") +
                   (notes ? "theta := theta - alpha (beta v + (1 - beta) dtheta)"
                          : "theta := theta - alpha (dtheta + beta v)") + ")";
        }, [](bool) { return std::string("Nesterov's v is momentum's v, by hand"); });
    momentum::Nesterov<double> fresh{};
    check.that("Nesterov's default form is the notes' (1 - beta) dtheta, like Momentum's",
               fresh.hyper.form == MomentumForm::notes && fresh.hyper.beta == 0.9);
}

// The two forms of Nesterov: alpha_unscaled = alpha_notes (1 - beta) takes the same steps;
// scalar and SIMD agree; and beta = 0 is plain GD.
void nesterov_forms(Checker& check, const gradient_descent::Dataset<double>& diabetes) {
    const double alpha = 0.4, beta = 0.9;
    const auto fn = common::elongated_quadratic();
    const auto notes = momentum::nesterov_path(fn, alpha, beta, MomentumForm::notes, 300);
    const auto unscaled = momentum::nesterov_path(fn, momentum::unscaled_alpha(alpha, beta), beta,
                                                  MomentumForm::unscaled, 300);
    check.that("Nesterov: unscaled form with alpha (1 - beta) = notes' form with alpha "
               "(elongated quadratic, 300 steps)",
               momentum::max_difference(notes, unscaled) <= common::tol<double>::exact,
               "max |difference| " + Checker::fmt(momentum::max_difference(notes, unscaled)));
    const auto gd = momentum::gd_path(fn, alpha, 300);
    const auto zero = momentum::nesterov_path(fn, alpha, 0.0, MomentumForm::notes, 300);
    check.that("Nesterov with beta = 0 is plain GD (elongated quadratic, 300 steps)",
               momentum::max_difference(gd, zero) <= common::tol<double>::exact,
               "max |difference| " + Checker::fmt(momentum::max_difference(gd, zero)));
    // On the diabetes data, mini-batches of 64: the two forms, and scalar against SIMD.
    namespace g = gradient_descent;
    const auto train = [&](double a, MomentumForm form) {
        momentum::Nesterov<double> m;
        m.hyper = {.alpha = a, .beta = beta, .form = form};
        return g::train_from_zero(diabetes, m, {.epochs = 20, .batch_size = 64}, 5);
    };
    const auto run_notes = train(0.4, MomentumForm::notes);
    const auto run_unscaled = train(momentum::unscaled_alpha(0.4, beta), MomentumForm::unscaled);
    check.all_close("Nesterov: unscaled form with alpha (1 - beta) = notes' form: diabetes theta "
                    "after 20 epochs", run_notes.theta, run_unscaled.theta,
                    common::tol<double>::exact);
    const auto J_ols = g::cost<double>(g::least_squares(diabetes), diabetes,
                                       g::all_examples(diabetes));
    check.that("Nesterov on the diabetes data ends within 10% of J(theta_ols) (20 epochs)",
               run_notes.history.cost.back() < 1.1 * J_ols,
               Checker::fmt(run_notes.history.cost.back()) + " against " + Checker::fmt(J_ols));
    std::vector<double> grad(19), t_scalar(19, 1.0), t_simd(19, 1.0);
    momentum::Nesterov<double> a, b;
    a.hyper = b.hyper = {.alpha = 0.1, .beta = 0.8, .form = MomentumForm::unscaled};
    for (int k = 0; k < 5; ++k) {
        for (std::size_t i = 0; i < grad.size(); ++i) grad[i] = std::sin(double(i + 7 * k));
        a.step(t_scalar, grad, Engine::scalar);
        b.step(t_simd, grad, Engine::simd);
    }
    check.all_close("Nesterov: scalar and SIMD loops agree (19 coordinates, 5 steps)", t_scalar,
                    t_simd, common::tol<double>::exact);
}

// Nesterov's largest stable alpha, 2 (1 + beta) / ((1 + 2 beta) lambda alpha_eff): just below
// it a path converges, just above it diverges (both forms).
void nesterov_limit(Checker& check) {
    check.close("Nesterov's limit, unscaled: 2 (1 + 0.9) / ((1 + 1.8) 4) = 0.3393", 3.8 / 11.2,
                momentum::nesterov_alpha_limit(4, 0.9, MomentumForm::unscaled),
                common::tol<double>::exact);
    const auto fn = common::elongated_quadratic();
    for (MomentumForm form : {MomentumForm::notes, MomentumForm::unscaled}) {
        for (double beta : {0.0, 0.5, 0.9}) {
            const double limit = momentum::nesterov_alpha_limit(4, beta, form);
            const auto below = momentum::nesterov_path(fn, 0.98 * limit, beta, form, 3000);
            const auto above = momentum::nesterov_path(fn, 1.02 * limit, beta, form, 3000);
            const std::string at = std::string(form == MomentumForm::notes ? "notes" : "unscaled") +
                                   ", beta = " + Checker::fmt(beta) + ", limit " +
                                   Checker::fmt(limit);
            const double end = common::distance_to_minimum(fn, below.back());
            check.that("Nesterov: 0.98 x the largest stable alpha converges (" + at + ")",
                       !momentum::diverged(fn, below, 3000) && end < 1e-3,
                       "distance " + Checker::fmt(end));
            check.that("Nesterov: 1.02 x the largest stable alpha diverges (" + at + ")",
                       momentum::diverged(fn, above, 3000));
        }
    }
    const momentum::Beyond b = momentum::beyond(MomentumForm::unscaled, 0.4, 0.9, 50);
    check.that("Beyond, unscaled form at alpha = 0.4 > 0.339: Nesterov's path diverges and the "
               "sentence says so", b.diverged && momentum::nesterov_forms_sentence(b, 50).find(
                   "both diverge: Nesterov needs alpha < 0.339") != std::string::npos,
               momentum::nesterov_forms_sentence(b, 50));
}

// What a quadratic predicts at the best tunings, against closed forms.
void best_rates(Checker& check) {
    for (double kappa : {20.0, 1000.0}) {
        const double L = 4, mu = L / kappa, s = std::sqrt(kappa);
        const std::string at = " (kappa = " + Checker::fmt(kappa) + ")";
        const double a_gd = momentum::gd_best_alpha(mu, L);
        check.close("GD at alpha = 2 / (lambda_max + lambda_min): |1 - alpha lambda_min| = "
                    "(kappa - 1) / (kappa + 1)" + at, (kappa - 1) / (kappa + 1),
                    std::abs(1 - a_gd * mu), common::tol<double>::exact);
        check.close("GD: |1 - alpha lambda_max| is the same factor" + at,
                    (kappa - 1) / (kappa + 1), std::abs(1 - a_gd * L), common::tol<double>::exact);
        const double b = momentum::heavy_ball_best_beta(kappa);
        const double a = momentum::heavy_ball_best_alpha(mu, L);
        // At both ends the discriminant (1 + beta - alpha lambda)^2 - 4 beta is 0: a double
        // root sqrt(beta) = (sqrt kappa - 1) / (sqrt kappa + 1).
        for (double lambda : {mu, L}) {
            const double d = (1 + b - a * lambda) * (1 + b - a * lambda) - 4 * b;
            check.that("heavy ball at its best alpha, beta: double root at lambda = " +
                           Checker::fmt(lambda) + at, std::abs(d) < 1e-12,
                       "discriminant " + Checker::fmt(d));
            check.close("heavy ball's factor per step at lambda = " + Checker::fmt(lambda) +
                            " is (sqrt kappa - 1) / (sqrt kappa + 1)" + at, (s - 1) / (s + 1),
                        momentum::shrink_factor(lambda, a, b, MomentumForm::unscaled), 1e-7);
        }
        check.close("heavy ball: the notes' form with alpha / (1 - beta) has the same factor" + at,
                    (s - 1) / (s + 1),
                    momentum::shrink_factor(mu, a / (1 - b), b, MomentumForm::notes), 1e-7);
        const double nb = momentum::nesterov_beta(kappa), na = momentum::nesterov_alpha(L);
        check.close("Nesterov at alpha = 1 / L, beta = (sqrt kappa - 1) / (sqrt kappa + 1): "
                    "factor at lambda_min 1 - 1 / sqrt kappa" + at, 1 - 1 / s,
                    momentum::nesterov_shrink_factor(mu, na, nb, MomentumForm::unscaled), 1e-7);
        check.close("Nesterov's factor at lambda_max is 0 (c = 1 - lambda / L = 0)" + at, 0,
                    momentum::nesterov_shrink_factor(L, na, nb, MomentumForm::unscaled), 0);
        check.that("predicted order: heavy ball < Nesterov < plain GD" + at,
                   (s - 1) / (s + 1) < 1 - 1 / s && 1 - 1 / s < (kappa - 1) / (kappa + 1));
    }
    // Nesterov's factor from its recurrence, written out: theta_{k+1} = (1 + beta) c theta_k -
    // beta c theta_{k-1}, with a lambda where the roots are real and distinct (kappa 20 tuning,
    // lambda = 0.1 < lambda_min): the ratio of successive values tends to the larger root.
    const double beta = momentum::nesterov_beta(20), c = 1 - 0.25 * 0.1;
    double prev = 1, cur = 1;
    for (int k = 0; k < 400; ++k) {
        const double next = (1 + beta) * c * cur - beta * c * prev;
        prev = cur;
        cur = next;
    }
    check.close("Nesterov's factor = the ratio theta_{k+1} / theta_k of its recurrence "
                "(lambda = 0.1, alpha = 0.25, beta = (sqrt 20 - 1) / (sqrt 20 + 1))",
                std::abs(cur / prev),
                momentum::nesterov_shrink_factor(0.1, 0.25, beta, MomentumForm::unscaled), 1e-9);
}

// The rates measured on the two quadratics of the chapter program, in both forms.
void measured_rates(Checker& check) {
    for (MomentumForm form : {MomentumForm::notes, MomentumForm::unscaled}) {
        for (double mu : {0.2, 0.004}) {
            const momentum::Rates q = momentum::rates(mu, 4, form, 20000);
            const double kappa = 4 / mu, s = std::sqrt(kappa);
            const std::string at = std::string(" (kappa = ") + Checker::fmt(kappa) + ", " +
                                   (form == MomentumForm::notes ? "notes" : "unscaled") + ")";
            check.close("measured GD factor = (kappa - 1) / (kappa + 1) (rounding)" + at,
                        (kappa - 1) / (kappa + 1), q.gd.measured, 1e-9);
            // GD's error shrinks by exactly rho each step: ln(1e6) / ln(1 / rho) steps.
            const double need = std::ceil(std::log(1e6) / std::log((kappa + 1) / (kappa - 1)));
            check.that("GD's steps to 1e-6 = ceil(ln 1e6 / ln(1 / rho)) = " + Checker::fmt(need) +
                           at, q.gd.steps_1e6 && double(*q.gd.steps_1e6) == need);
            for (const auto& [r, rho] : {std::pair{&q.heavy_ball, (s - 1) / (s + 1)},
                                         std::pair{&q.nesterov, 1 - 1 / s}}) {
                // The double root: measured / predicted = (K / k0)^(1 / (K - k0)) up to 0.3%;
                // in all, within 2.5% of the predicted factor, and never below it.
                check.close("measured " + r->method + " factor = predicted within 2.5%" + at,
                            rho, r->measured, 0.025);
                check.that("measured " + r->method + " factor is not below the predicted" + at,
                           r->measured >= rho * (1 - 1e-9),
                           Checker::fmt(r->measured) + " < " + Checker::fmt(rho));
                check.close("measured " + r->method + " factor = predicted x the double root's "
                            "(K / k0)^(1 / (K - k0)) within 0.3%" + at,
                            rho * std::pow(double(r->K) / double(r->k0),
                                           1.0 / double(r->K - r->k0)),
                            r->measured, 3e-3);
            }
            check.that("measured order: heavy ball < Nesterov < plain GD" + at,
                       q.heavy_ball.measured < q.nesterov.measured &&
                           q.nesterov.measured < q.gd.measured);
            check.that("steps to 1e-6: heavy ball < Nesterov < plain GD" + at,
                       q.heavy_ball.steps_1e6 && q.nesterov.steps_1e6 && q.gd.steps_1e6 &&
                           *q.heavy_ball.steps_1e6 < *q.nesterov.steps_1e6 &&
                           *q.nesterov.steps_1e6 < *q.gd.steps_1e6);
        }
    }
    // The measurement itself, on a made-up path whose distance shrinks by 0.5 per step.
    common::Path2d path;
    for (int k = 0; k <= 60; ++k) path.push_back({std::pow(0.5, k), 0});
    momentum::Rate r;
    momentum::measure_rate(common::elongated_quadratic(), path, r);
    check.that("measure_rate: 0.5 per step reaches 1e-12 at K = 40, 1e-6 at 20, k0 = 20",
               r.K == 40 && r.k0 == 20 && r.steps_1e6 == 20u,
               "K " + std::to_string(r.K) + ", k0 " + std::to_string(r.k0));
    check.close("measure_rate: a factor of 0.5 per step measures 0.5", 0.5, r.measured,
                common::tol<double>::exact);
    momentum::Rate one;
    momentum::measure_rate(common::elongated_quadratic(), common::Path2d{{1, 0}, {0.5, 0}}, one);
    check.that("measure_rate: a path of one step is too short to measure (NaN)",
               std::isnan(one.measured), Checker::fmt(one.measured));
}

// The sentences of the "Beyond the notes" section pick their words from the numbers.
void beyond_sentences(Checker& check) {
    const momentum::Beyond b = momentum::beyond(MomentumForm::notes, 0.4, 0.9, 50);
    check.that("fastest_first: heavy ball, Nesterov, plain GD at kappa 20",
               momentum::fastest_first(b.chapter) == "heavy ball, Nesterov, plain GD",
               momentum::fastest_first(b.chapter));
    momentum::Rates swapped = b.chapter;
    std::swap(swapped.gd.measured, swapped.heavy_ball.measured);
    check.that("fastest_first follows the measured factors (GD's and heavy ball's swapped)",
               momentum::fastest_first(swapped) == "plain GD, Nesterov, heavy ball",
               momentum::fastest_first(swapped));
    const std::string growth = momentum::growth_sentence(b.chapter, b.steep);
    check.that("growth_sentence: GD's steps grow like kappa, heavy ball's like sqrt kappa",
               growth.find("times the steps (like kappa)") != std::string::npos &&
                   growth.find("heavy ball " ) != std::string::npos &&
                   growth.find("Nesterov") != std::string::npos &&
                   growth.find("(like sqrt kappa), Nesterov") != std::string::npos, growth);
    const std::string tolerance = momentum::tolerance_sentence(b.chapter, b.steep);
    check.that("tolerance_sentence: the double root explains the gap to within 0.3%",
               tolerance.find("(K / k0)^(1 / (K - k0)) = 1.02, the gap to within 0.3%") !=
                   std::string::npos, tolerance);
    momentum::Rates off = b.chapter;
    off.heavy_ball.measured *= 1.1;
    const std::string off_sentence = momentum::tolerance_sentence(off, b.steep);
    check.that("tolerance_sentence: a measured factor 10% off is NOT explained by the double root",
               off_sentence.find("which does NOT explain the gap") != std::string::npos,
               off_sentence);
    momentum::Rates never = b.steep;
    never.heavy_ball.steps_1e6.reset();
    const std::string never_sentence = momentum::growth_sentence(b.chapter, never);
    check.that("growth_sentence: a run that never got to 1e-6 is not measured",
               never_sentence.find("heavy ball (not measured: never got there)") !=
                   std::string::npos, never_sentence);
    // The figure: e_k / e_0 of each method beside its predicted rho^k, every 4th step.
    const auto chart = momentum::rates_chart(b.steep);
    check.that("rates_chart: 6 series (GD, heavy ball, Nesterov; measured, predicted dashed)",
               chart.series.size() == 6 && !chart.series[0].dashed && chart.series[1].dashed &&
                   chart.series[2].label == "heavy ball, measured" && chart.log_y,
               std::to_string(chart.series.size()) + " series");
    if (chart.series.size() == 6) {
        const auto& gd = chart.series[0];
        double worst = 0;
        for (std::size_t i = 0; i < gd.x.size(); ++i) {
            worst = std::max(worst, common::relative_error(std::pow(999.0 / 1001.0, gd.x[i]),
                                                           gd.y[i]));
        }
        check.that("rates_chart: GD's measured e_k / e_0 = (999 / 1001)^k at every drawn k "
                   "(kappa 1000)", !gd.x.empty() && gd.x[1] == 4 && worst < 1e-9,
                   "max rel err " + Checker::fmt(worst));
        const auto& hb = chart.series[2];
        check.that("rates_chart: heavy ball's line ends at or below 1e-12 of the start, "
                   "Nesterov's reaches step K = " + std::to_string(b.steep.nesterov.K),
                   !hb.y.empty() && hb.y.back() <= 1e-12 * 1.0001 &&
                       chart.series[4].x.back() + 4 > double(b.steep.nesterov.K),
                   Checker::fmt(hb.y.empty() ? 0 : hb.y.back()));
    }
    const std::string steps = momentum::steps_sentence(b.chapter);
    check.that("steps_sentence carries the measured steps to 1e-6",
               steps.find("needs " + std::to_string(*b.chapter.heavy_ball.steps_1e6) +
                          " steps where plain GD needs " +
                          std::to_string(*b.chapter.gd.steps_1e6)) != std::string::npos, steps);
    check.that("Nesterov's forms on the quadratic take the same steps, to rounding",
               momentum::same_to_rounding(b.difference, b.scale) &&
                   momentum::nesterov_forms_sentence(b, 50).find("the same steps, to rounding") !=
                       std::string::npos, Checker::fmt(b.difference));
    check.close("Beyond: the other form's alpha is alpha (1 - beta)", 0.04, b.alpha_other,
                common::tol<double>::exact);
}

}  // namespace

int main() {
    Checker check("momentum");
    check.hint("v starts at 0; update v first, v := beta v + (1 - beta) dtheta, then "
               "step theta := theta - alpha v with the new v");
    const gradient_descent::Dataset<double> diabetes =
        gradient_descent::load_standardized_regression(PROJECT_DIR
                                                       "/chapters/03-momentum/data/diabetes.csv");

    defaults_of_the_notes(check);
    steps_by_hand(check);
    ewma_view(check);
    equivalences(check, diabetes);
    elongated_quadratic(check);
    quadratic_predictions(check);
    convergence(check, diabetes);
    path_helpers(check);
    reference_runner(check);
    chapter_sentences(check, diabetes);
    chapter_figures(check, diabetes);
    nesterov_by_hand(check);
    nesterov_forms(check, diabetes);
    nesterov_limit(check);
    best_rates(check);
    measured_rates(check);
    beyond_sentences(check);
    return check.finish();
}
