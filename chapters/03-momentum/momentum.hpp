// momentum.hpp: chapter 3 of the notes, gradient descent with momentum,
//   v := beta v + (1 - beta) dtheta        theta := theta - alpha v
// The rule is MomentumRule, written once for one number or W at a time; Momentum holds v and
// runs it. Then what the chapter measures with it: paths on the 2-D test
// functions and their zig-zag, runs on the linear model, and what a quadratic predicts
// (the largest stable alpha, the shrink factor per step); last, the chapter program's three
// problems run in one call each and the words its sentences pick from the numbers.
// Leaves out: Nesterov momentum.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/02-ewma/ewma.hpp"
#include "common/functions_2d.hpp"
#include "common/io/report.hpp"

namespace momentum {

// ---- The update ------------------------------------------------------------------

// Convention: notes = v := beta v + (1 - beta) dtheta (the default); unscaled = the
// notes' "equivalent" v := beta v + dtheta (torch.optim.SGD, d2l), which takes the same
// steps with an alpha (1 - beta) times as large.
enum class MomentumForm { notes, unscaled };

template <class T>
struct MomentumRule {
    T alpha;
    T beta;
    MomentumForm form;

    template <class V>
    void operator()(V& theta, V& v, const V& dtheta) const {
        // EXERCISE momentum: v := beta v + (1 - beta) dtheta (or beta v + dtheta, unscaled)
        if (form == MomentumForm::notes) {
            v = ewma::step(v, dtheta, beta);  // v := beta v + (1 - beta) dtheta
        } else {
            v = beta * v + dtheta;  // v := beta v + dtheta
        }
        theta = theta - alpha * v;  // theta := theta - alpha v
        // END EXERCISE
    }
};

template <class T>
struct Momentum {
    struct Hyper {
        T alpha = T(0.01);  // learning rate
        T beta = T(0.9);    // v averages dtheta over about 1 / (1 - beta) = 10 steps
        MomentumForm form = MomentumForm::notes;  // Convention: (1 - beta) dtheta
    } hyper;
    std::vector<T> v{};  // state: the velocity, an EWMA of dtheta

    void step(std::span<T> theta, std::span<const T> dtheta,
              common::Engine engine = common::Engine::simd) {
        common::size_state("Momentum", theta, dtheta, v);
        const MomentumRule<T> rule{
            .alpha = hyper.alpha, .beta = hyper.beta, .form = hyper.form};
        common::run(engine, rule, theta, dtheta, std::span<T>(v));
    }
    void reset() { v.clear(); }
};

// ---- The two forms -----------------------------------------------------------------

// The unscaled form v := beta v + dtheta keeps v / (1 - beta) of the notes' v, so it takes
// the notes' steps when its alpha is alpha (1 - beta).
inline double unscaled_alpha(double alpha, double beta) {
    return alpha * (1 - beta);  // alpha_unscaled = alpha_notes (1 - beta)
}

// How much of one gradient a step applies, per unit alpha: (1 - beta) in the notes' form,
// 1 in the unscaled form. Momentum is then the heavy ball with step alpha_eff = alpha times it.
inline double alpha_eff(double alpha, double beta, MomentumForm form) {
    return form == MomentumForm::notes ? alpha * (1 - beta) : alpha;
}

// v after k steps of one constant gradient g, from v_0 = 0: an EWMA of a constant,
// v_k = (1 - beta^k) g (the bias of chapters/02-ewma; unscaled: divided by 1 - beta).
inline double v_after_constant_gradient(double g, double beta, long k, MomentumForm form) {
    const double v = ewma::bias_correction(beta, k) * g;  // v_k = (1 - beta^k) g
    return form == MomentumForm::notes ? v : v / (1 - beta);
}

// ---- What a quadratic predicts -----------------------------------------------------
// Along a direction of curvature lambda the gradient is lambda theta, and momentum reads
//   theta_{k+1} = theta_k - alpha_eff lambda theta_k + beta (theta_k - theta_{k-1}),
// whose solutions go as z^k for the roots z of  z^2 - (1 + beta - alpha_eff lambda) z + beta.
// beta = 0 leaves plain GD, z = 1 - alpha lambda.

// The factor by which the distance shrinks per step in the long run, the largest |z| (above 1
// it grows). Complex roots (too much momentum: the path circles in) have |z| = sqrt(beta).
inline double shrink_factor(double lambda, double alpha, double beta, MomentumForm form) {
    const double b = 1 + beta - alpha_eff(alpha, beta, form) * lambda;
    const std::complex<double> root = std::sqrt(std::complex<double>(b * b - 4 * beta));
    return std::max(std::abs((b + root) / 2.0), std::abs((b - root) / 2.0));
}

// Complex roots: the path overshoots and circles in, shrinking by sqrt(beta) per step.
inline bool circles(double lambda, double alpha, double beta, MomentumForm form) {
    const double b = 1 + beta - alpha_eff(alpha, beta, form) * lambda;
    return b * b < 4 * beta;
}

// Both roots lie inside the unit circle iff 0 < alpha_eff lambda < 2 (1 + beta):
// alpha < 2 (1 + beta) / ((1 - beta) lambda) in the notes' form, 2 / lambda for plain GD.
inline double alpha_limit(double lambda, double beta, MomentumForm form) {
    return 2 * (1 + beta) / (alpha_eff(1, beta, form) * lambda);
}

// ---- Paths on a 2-D function -------------------------------------------------------
// (common/functions_2d.hpp measures them: distance_to_minimum, steps_to_reach, crossings.)

inline common::Path2d gd_path(const common::Function2d& fn, double alpha, std::size_t steps) {
    gradient_descent::Sgd<double> gd;
    gd.hyper.alpha = alpha;  // theta := theta - alpha dtheta
    return common::path_2d(fn, gd, steps);
}

inline common::Path2d momentum_path(const common::Function2d& fn, double alpha, double beta,
                          MomentumForm form, std::size_t steps) {
    momentum::Momentum<double> m;
    m.hyper = {.alpha = alpha, .beta = beta, .form = form};
    return common::path_2d(fn, m, steps);
}

// A path that stopped early (a coordinate overflowed) or ended farther from the minimum
// than it started.
inline bool diverged(const common::Function2d& fn, const common::Path2d& path, std::size_t steps) {
    return common::overflowed(path, steps) ||
           !(common::distance_to_minimum(fn, path.back()) <=
             common::distance_to_minimum(fn, path.front()));
}

// The largest coordinate difference between two paths over their common steps.
inline double max_difference(const common::Path2d& a, const common::Path2d& b) {
    double worst = 0;
    for (std::size_t k = 0; k < std::min(a.size(), b.size()); ++k) {
        for (std::size_t c = 0; c < 2; ++c) worst = std::max(worst, std::abs(a[k][c] - b[k][c]));
    }
    return worst;
}

// ---- Mini-batch training of the linear model -----------------------------------------

using Run = gradient_descent::Run<double>;  // theta after the last epoch, cost and theta per epoch

// Plain mini-batch GD from theta = 0, a new order of the examples each epoch from `seed`.
inline Run train_gd(const gradient_descent::Dataset<double>& data, double alpha, std::size_t epochs,
                    std::size_t m_t, std::uint64_t seed) {
    gradient_descent::Sgd<double> gd;
    gd.hyper.alpha = alpha;
    return gradient_descent::train_from_zero(data, gd, {.epochs = epochs, .batch_size = m_t}, seed);
}

// Momentum from theta = 0 on the same mini-batches as train_gd with the same seed.
inline Run train_momentum(const gradient_descent::Dataset<double>& data, double alpha, double beta,
                          MomentumForm form, std::size_t epochs, std::size_t m_t,
                          std::uint64_t seed) {
    momentum::Momentum<double> m;
    m.hyper = {.alpha = alpha, .beta = beta, .form = form};
    return gradient_descent::train_from_zero(data, m, {.epochs = epochs, .batch_size = m_t}, seed);
}

// The largest |theta_a - theta_b| over all epochs both runs finished and all coordinates.
inline double max_difference(const Run& a, const Run& b) {
    double worst = 0;
    const auto& ta = a.history.theta;
    const auto& tb = b.history.theta;
    for (std::size_t i = 0; i < std::min(ta.size(), tb.size()); ++i) {
        for (std::size_t j = 0; j < std::min(ta[i].size(), tb[i].size()); ++j) {
            worst = std::max(worst, std::abs(ta[i][j] - tb[i][j]));
        }
    }
    return worst;
}

// The mean of J - J_ols over epochs first..last (1-based, inclusive): how far above the
// floor a run keeps bouncing once it got there.
inline double mean_excess(const Run& r, double J_ols, std::size_t first, std::size_t last) {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = first; i <= last && i <= r.history.cost.size(); ++i, ++n) {
        sum += r.history.cost[i - 1] - J_ols;
    }
    return n == 0 ? 0 : sum / double(n);
}

// ---- What the chapter program reports: plain values and the words they pick, tested -----

// One sentence about where a 2-D path went: "overflows after 8 steps", "ends farther away
// than it started: ...", "gets within 0.01 after 34 steps, ends at distance ...", "ends at
// distance ...".
inline std::string path_outcome(const common::Function2d& fn, const common::Path2d& path,
                                std::size_t steps) {
    char buf[160];
    const double end = common::distance_to_minimum(fn, path.back());
    if (common::overflowed(path, steps)) {
        std::snprintf(buf, sizeof buf, "overflows after %zu steps", path.size() - 1);
    } else if (diverged(fn, path, steps)) {
        std::snprintf(buf, sizeof buf, "ends farther away than it started (distance %.3g)", end);
    } else if (const auto k = common::steps_to_reach(fn, path, 0.01)) {
        std::snprintf(buf, sizeof buf, "gets within 0.01 after %zu steps, ends at distance %.3g",
                      *k, end);
    } else {
        std::snprintf(buf, sizeof buf, "ends at distance %.3g", end);
    }
    return buf;
}

// Steps to get within 0.01 of the minimum for several beta (0 is plain GD), each path at most
// `budget` steps, and the factor per step a quadratic predicts (the worse of two curvatures).
struct BetaSweep {
    std::vector<double> betas;
    std::vector<std::optional<std::size_t>> steps;
    std::vector<double> factor;
    double best_beta = 0;  // the beta > 0 with the fewest steps; 0 if none got there

    std::optional<std::size_t> steps_of(double beta) const {
        for (std::size_t i = 0; i < betas.size(); ++i) {
            if (betas[i] == beta) return steps[i];
        }
        return std::nullopt;
    }
};

// The sweep over 0, 0.5, 0.8, 0.9, 0.95, 0.99 and `beta` on fn, curvatures lambda_x, lambda_y.
inline BetaSweep sweep_beta(const common::Function2d& fn, double lambda_x, double lambda_y,
                            double alpha, double beta, MomentumForm form, std::size_t budget) {
    BetaSweep s{.betas = {0, 0.5, 0.8, 0.9, 0.95, 0.99}, .steps = {}, .factor = {}};
    if (std::find(s.betas.begin(), s.betas.end(), beta) == s.betas.end()) s.betas.push_back(beta);
    std::sort(s.betas.begin(), s.betas.end());
    std::optional<std::size_t> fewest;
    for (double b : s.betas) {
        s.steps.push_back(common::steps_to_reach(fn, momentum_path(fn, alpha, b, form, budget),
                                                 0.01));
        s.factor.push_back(std::max(shrink_factor(lambda_x, alpha, b, form),
                                    shrink_factor(lambda_y, alpha, b, form)));
        if (b > 0 && s.steps.back() && (!fewest || *s.steps.back() < *fewest)) {
            fewest = s.steps.back();
            s.best_beta = b;
        }
    }
    return s;
}

// How momentum's steps to a target compare with plain GD's: "faster than", "slower than" or
// "as fast as" plain GD (both got there).
inline std::string speed_word(std::size_t gd, std::size_t mom) {
    return mom < gd ? "faster than" : mom > gd ? "slower than" : "as fast as";
}

// "momentum with beta = 0.9 was slower than plain GD (108 against 75 steps)", or which of
// the two never got there.
inline std::string speed_sentence(double beta, std::optional<std::size_t> gd,
                                  std::optional<std::size_t> mom) {
    char buf[200];
    if (gd && mom) {
        std::snprintf(buf, sizeof buf, "momentum with beta = %g was %s plain GD (%zu against "
                      "%zu steps)", beta, speed_word(*gd, *mom).c_str(), *mom, *gd);
    } else if (mom) {
        std::snprintf(buf, sizeof buf, "momentum with beta = %g got there in %zu steps, plain "
                      "GD never did", beta, *mom);
    } else if (gd) {
        std::snprintf(buf, sizeof buf, "momentum with beta = %g never got there, plain GD did "
                      "in %zu steps", beta, *gd);
    } else {
        std::snprintf(buf, sizeof buf, "neither momentum with beta = %g nor plain GD got there",
                      beta);
    }
    return buf;
}

// Plain GD on a direction of curvature lambda diverges for alpha >= 2 / lambda: the line that
// says so, or "" when it is stable.
inline std::string gd_divergence(double lambda, double alpha) {
    if (alpha < 2 / lambda) return "";
    char buf[200];
    std::snprintf(buf, sizeof buf, "Plain GD diverges here: alpha = %g is not below its limit "
                  "2 / %g = %g; each step multiplies y by 1 - %g alpha = %.3g.", alpha, lambda,
                  2 / lambda, lambda, 1 - lambda * alpha);
    return buf;
}

// The zig-zag: whether momentum's path crossed the minimum's y less often than plain GD's.
inline std::string zigzag_word(std::size_t gd_crossings, std::size_t mom_crossings) {
    return mom_crossings < gd_crossings ? "damped the zig-zag" : "did not damp the zig-zag";
}

// Along a direction of curvature lambda: does momentum overshoot and circle in (complex roots,
// shrinking by sqrt(beta) per step) or approach without circling (real roots)?
inline std::string overshoot_words(double lambda, double alpha, double beta, MomentumForm form) {
    return circles(lambda, alpha, beta, form) ? "overshoots and circles in (complex roots)"
                                              : "approaches without circling (real roots)";
}

// Two distances "about the same": within 10% of the larger.
inline bool about_the_same(double a, double b) {
    return std::abs(a - b) <= 0.1 * std::max(std::abs(a), std::abs(b));
}

// One sentence about where a training run went: NaN/Inf, grew above J(0), or how far above
// the floor J_ols it ended.
inline std::string run_outcome(const Run& r, double J_ols, double J_0,
                               const std::vector<double>& theta_ols) {
    char buf[200];
    const auto& cost = r.history.cost;
    if (r.history.diverged_at != 0) {
        std::snprintf(buf, sizeof buf, "the cost became %s at epoch %zu",
                      std::isnan(cost.back()) ? "NaN" : "Inf", r.history.diverged_at);
    } else if (!(cost.back() <= J_0)) {
        std::snprintf(buf, sizeof buf, "the cost grew to %.4g (J(0) = %.6g)", cost.back(), J_0);
    } else {
        std::snprintf(buf, sizeof buf, "ends %.4g above the floor, ||theta - theta_ols|| %.4g",
                      cost.back() - J_ols, gradient_descent::distance(r.theta, theta_ols));
    }
    return buf;
}

// J - J_ols per epoch, for a chart: up to the first epoch whose cost is not below 10 J(0)
// (a diverging run, which a log axis could not show), left out from there on.
inline std::vector<double> excess_cost(const Run& r, double J_ols, double J_0) {
    std::vector<double> excess;
    for (double J : r.history.cost) {
        if (!(J < 10 * J_0)) break;
        excess.push_back(J - J_ols);
    }
    return excess;
}

// What the two Rosenbrock runs showed: at alpha, where momentum ended against plain GD
// (distances d_mom, d_gd); at the larger alpha_big, which of them stayed in the valley.
inline std::string rosenbrock_sentence(double alpha, double d_gd, double d_mom,
                                       double alpha_big, bool gd_big_out, bool mom_big_out) {
    char buf[320];
    std::snprintf(buf, sizeof buf, "at alpha = %g momentum ended %s (%.3g against %.3g); at "
                  "alpha = %g %s", alpha,
                  about_the_same(d_gd, d_mom) ? "about where plain GD ended"
                  : d_mom < d_gd              ? "nearer the minimum than plain GD"
                                              : "farther from the minimum than plain GD",
                  d_mom, d_gd, alpha_big,
                  gd_big_out && !mom_big_out    ? "momentum stayed in the valley, plain GD did not"
                  : !gd_big_out && !mom_big_out ? "both stayed in the valley"
                  : gd_big_out                  ? "both left the valley"
                                  : "plain GD stayed in the valley, momentum did not");
    return buf;
}

// What the training runs showed: plain GD diverged at epoch gd_stop (0: it did not), or the
// mean height above the floor over epochs first..last and which method settled lower.
inline std::string training_sentence(std::size_t gd_stop, double gd_limit, std::size_t first,
                                     std::size_t last, double gd_excess, double mom_excess) {
    char buf[320];
    if (gd_stop != 0) {
        std::snprintf(buf, sizeof buf, "plain GD diverged at epoch %zu (its limit is alpha < "
                      "%.3g), momentum did not", gd_stop, gd_limit);
    } else {
        std::snprintf(buf, sizeof buf, "over epochs %zu..%zu momentum stayed on average %.4g "
                      "above the floor, plain GD %.4g: momentum settled %s", first, last,
                      mom_excess, gd_excess,
                      about_the_same(gd_excess, mom_excess) && std::abs(gd_excess - mom_excess) <=
                              1e-9 * std::abs(gd_excess)
                          ? "as low as plain GD"
                      : mom_excess < gd_excess ? "lower"
                                               : "higher");
    }
    return buf;
}

// ---- The chapter's three problems, each run and measured in one call -------------------

// The elongated quadratic 0.1 x^2 + 2 y^2 (Hessian diag(0.2, 4)) at one alpha: both paths,
// how often each crossed y = 0 (the zig-zag), the beta sweep and the speed sentence.
struct Bowl {
    common::Function2d fn = common::elongated_quadratic();
    double lambda_x = 0.2, lambda_y = 4;
    common::Path2d gd, mom;
    std::size_t gd_crossings = 0, mom_crossings = 0;
    BetaSweep sweep;
    std::string speed;  // speed_sentence of beta against plain GD
};

inline Bowl bowl(double alpha, double beta, MomentumForm form, std::size_t steps,
                 std::size_t budget) {
    Bowl b;
    b.gd = gd_path(b.fn, alpha, steps);
    b.mom = momentum_path(b.fn, alpha, beta, form, steps);
    b.gd_crossings = common::crossings(b.fn, b.gd, 1);
    b.mom_crossings = common::crossings(b.fn, b.mom, 1);
    b.sweep = sweep_beta(b.fn, b.lambda_x, b.lambda_y, alpha, beta, form, budget);
    b.speed = speed_sentence(beta, b.sweep.steps_of(0), b.sweep.steps_of(beta));
    return b;
}

// Rosenbrock's valley: plain GD and momentum at alpha and at alpha / (1 - beta).
struct Valley {
    common::Function2d fn = common::rosenbrock();
    double alpha = 0, alpha_big = 0;  // alpha_big = alpha / (1 - beta)
    common::Path2d gd, mom, gd_big, mom_big;
    bool gd_big_out = false, mom_big_out = false;  // diverged at alpha_big
    std::string sentence;                          // rosenbrock_sentence of the four paths
};

inline Valley valley(double alpha, double beta, MomentumForm form, std::size_t steps) {
    Valley v{.alpha = alpha, .alpha_big = alpha / (1 - beta)};
    v.gd = gd_path(v.fn, alpha, steps);
    v.mom = momentum_path(v.fn, alpha, beta, form, steps);
    v.gd_big = gd_path(v.fn, v.alpha_big, steps);
    v.mom_big = momentum_path(v.fn, v.alpha_big, beta, form, steps);
    v.gd_big_out = diverged(v.fn, v.gd_big, steps);
    v.mom_big_out = diverged(v.fn, v.mom_big, steps);
    v.sentence = rosenbrock_sentence(alpha, common::distance_to_minimum(v.fn, v.gd.back()),
                                     common::distance_to_minimum(v.fn, v.mom.back()),
                                     v.alpha_big, v.gd_big_out, v.mom_big_out);
    return v;
}

// Mini-batch training of the linear model: the floor J(theta_ols), J(0), lambda_max of the
// Hessian, plain GD and momentum on the same mini-batches, and what they showed over the
// second half of the epochs.
struct Training {
    std::vector<double> theta_ols;
    double J_ols = 0, J_0 = 0, lambda_max = 0;
    std::size_t steps_per_epoch = 0;
    Run gd, mom;
    std::string sentence;  // training_sentence
};

inline Training training(const gradient_descent::Dataset<double>& data, double alpha,
                         double beta, MomentumForm form, std::size_t epochs, std::size_t m_t,
                         std::uint64_t seed) {
    namespace g = gradient_descent;
    Training t;
    t.theta_ols = g::least_squares(data);
    t.J_ols = g::cost<double>(t.theta_ols, data, g::all_examples(data));
    t.J_0 = g::cost<double>(std::vector<double>(data.p(), 0.0), data, g::all_examples(data));
    t.lambda_max = g::hessian_lambda_max(data);
    t.steps_per_epoch = g::mini_batches(data.m(), m_t).size();
    t.gd = train_gd(data, alpha, epochs, m_t, seed);
    t.mom = train_momentum(data, alpha, beta, form, epochs, m_t, seed);
    const std::size_t first = epochs / 2 + 1;
    t.sentence = training_sentence(t.gd.history.diverged_at, 2 / t.lambda_max, first, epochs,
                                   mean_excess(t.gd, t.J_ols, first, epochs),
                                   mean_excess(t.mom, t.J_ols, first, epochs));
    return t;
}

// ---- When the chapter's own momentum run diverges: one line that says so and what to try,
// "" when it did not. The quadratic's limit is exact, so it is checked before the path shows
// the growth.
inline std::string quadratic_problem(const common::Function2d& fn, const common::Path2d& path,
                                     std::size_t steps, double lambda, double alpha,
                                     double beta, MomentumForm form) {
    const double limit = alpha_limit(lambda, beta, form);
    if (alpha < limit) return "";
    char buf[400];
    std::snprintf(buf, sizeof buf, "momentum diverges on %s with alpha = %g: it %s. With beta = "
                  "%g it needs alpha < %.3g there; try --quadratic-alpha %.2g.",
                  fn.name.c_str(), alpha, path_outcome(fn, path, steps).c_str(), beta, limit,
                  limit / 4);
    return buf;
}

inline std::string training_problem(const std::string& data_name, const Run& r, double J_ols,
                                    double J_0, const std::vector<double>& theta_ols,
                                    double alpha, double beta, double limit) {
    if (r.history.diverged_at == 0 && r.history.cost.back() <= 10 * J_0) return "";
    char buf[400];
    std::snprintf(buf, sizeof buf, "momentum diverged on %s: %s with alpha = %g. With beta = %g "
                  "the full batch needs alpha < %.3g, small mini-batches less; try --alpha %.2g.",
                  data_name.c_str(), run_outcome(r, J_ols, J_0, theta_ols).c_str(), alpha, beta,
                  limit, std::min(limit / 4, alpha / 10));
    return buf;
}

inline std::string rosenbrock_problem(const common::Function2d& fn, const common::Path2d& path,
                                      std::size_t steps, double alpha) {
    if (!diverged(fn, path, steps)) return "";
    char buf[300];
    std::snprintf(buf, sizeof buf, "momentum diverged on Rosenbrock's function with alpha = %g "
                  "(it %s); try --rosenbrock-alpha %.2g.", alpha,
                  path_outcome(fn, path, steps).c_str(), alpha / 4);
    return buf;
}

// The first of the three problems on which the chapter's own momentum run diverged, as one
// line; "" if none did.
inline std::string first_problem(const Bowl& q, double q_alpha, std::size_t q_steps,
                                 const Valley& r, std::size_t r_steps, const Training& t,
                                 const std::string& data_name, double alpha, double beta,
                                 MomentumForm form) {
    std::string p = quadratic_problem(q.fn, q.mom, q_steps, q.lambda_y, q_alpha, beta, form);
    if (p.empty()) {
        p = training_problem(data_name, t.mom, t.J_ols, t.J_0, t.theta_ols, alpha, beta,
                             alpha_limit(t.lambda_max, beta, form));
    }
    return p.empty() ? rosenbrock_problem(r.fn, r.mom, r_steps, r.alpha) : p;
}

// alpha in the other form that takes the same steps as alpha in `form`: alpha (1 - beta)
// in the unscaled form, alpha / (1 - beta) in the notes' form.
inline double same_steps_alpha(double alpha, double beta, MomentumForm other) {
    return other == MomentumForm::unscaled ? unscaled_alpha(alpha, beta) : alpha / (1 - beta);
}

// The other form beside the chosen one, on the quadratic (path of `steps`) and on the data:
// with same_steps_alpha it takes the same steps (difference = the largest gap of the paths
// and the thetas), with the same alpha steps 1/(1 - beta) times larger or smaller.
struct OtherForm {
    MomentumForm form;
    double alpha_same, difference, theta_max;  // theta_max: the largest |theta_ols_j|
    common::Path2d path_same_alpha;
    Run run_same_alpha;
};

inline OtherForm compare_forms(MomentumForm chosen, const common::Function2d& fn,
                               const common::Path2d& path, double fn_alpha, std::size_t steps,
                               const gradient_descent::Dataset<double>& data, const Run& run,
                               double alpha, double beta, std::size_t epochs, std::size_t m_t,
                               std::uint64_t seed, const std::vector<double>& theta_ols) {
    OtherForm f{.form = chosen == MomentumForm::notes ? MomentumForm::unscaled
                                                      : MomentumForm::notes,
                .alpha_same = 0, .difference = 0, .theta_max = 0, .path_same_alpha = {},
                .run_same_alpha = {}};
    f.alpha_same = same_steps_alpha(alpha, beta, f.form);
    const auto path_other = momentum_path(fn, same_steps_alpha(fn_alpha, beta, f.form), beta,
                                          f.form, steps);
    const Run run_other = train_momentum(data, f.alpha_same, beta, f.form, epochs, m_t, seed);
    f.difference = std::max(max_difference(path, path_other), max_difference(run, run_other));
    for (double t : theta_ols) f.theta_max = std::max(f.theta_max, std::abs(t));
    f.path_same_alpha = momentum_path(fn, fn_alpha, beta, f.form, steps);
    f.run_same_alpha = train_momentum(data, alpha, beta, f.form, epochs, m_t, seed);
    return f;
}

// Whether two runs took the same steps: their largest difference is below 1e-9 of `scale`.
inline bool same_to_rounding(double max_difference, double scale) {
    return max_difference <= 1e-9 * std::max(1.0, std::abs(scale));
}

// What compare_forms showed, in two sentences: the same steps (or not) with the other alpha,
// and where the same alpha took each problem (the outcomes given as text).
inline std::string forms_sentence(const OtherForm& f, double alpha, double beta,
                                  const std::string& on_quadratic, const std::string& data_name,
                                  const std::string& on_data) {
    const bool unscaled = f.form == MomentumForm::unscaled;
    char buf[640];
    std::snprintf(buf, sizeof buf, "With alpha %s (%g in place of %g) the largest difference "
                  "of the paths and thetas is %.3g (theta up to %.4g): %s. With the same alpha "
                  "its steps are %.4g times %s: on the quadratic it %s; on %s it %s.",
                  unscaled ? "(1 - beta)" : "/ (1 - beta)", f.alpha_same, alpha, f.difference,
                  f.theta_max, same_to_rounding(f.difference, f.theta_max)
                      ? "the same steps, to rounding" : "NOT the same steps",
                  1 / (1 - beta), unscaled ? "larger" : "smaller", on_quadratic.c_str(),
                  data_name.c_str(), on_data.c_str());
    return buf;
}

// ---- The chapter program's closing lines and figures ------------------------------------

// The bullets under "What this run showed:", one per problem, each from this run's numbers.
inline std::vector<std::string> showed(const Bowl& q, const Valley& r, const Training& t,
                                       const std::string& data_name, const OtherForm& f) {
    const bool same = same_to_rounding(f.difference, f.theta_max);
    const bool other_unscaled = f.form == MomentumForm::unscaled;
    return {"Quadratic: momentum " + zigzag_word(q.gd_crossings, q.mom_crossings) +
                " (y changed sign " + std::to_string(q.mom_crossings) + " times against " +
                std::to_string(q.gd_crossings) + "), and " + q.speed + ".",
            "Rosenbrock: " + r.sentence + ".", "On " + data_name + ": " + t.sentence + ".",
            std::string("The ") + (other_unscaled ? "unscaled" : "notes'") + " form with alpha " +
                (other_unscaled ? "(1 - beta)" : "/ (1 - beta)") + " took " +
                (same ? "the same steps, to rounding." : "other steps.")};
}

namespace plot = common::plot;

// A series in a method's colour (report::method_color: "GD", "momentum") or in `color` given
// as "#RRGGBB", dashed if asked.
inline plot::Series colored(const std::string& method_or_color, plot::Series s,
                            bool dashed = false) {
    s.color = method_or_color.starts_with("#") ? method_or_color
                                               : common::report::method_color(method_or_color);
    s.dashed = dashed;
    return s;
}

// A 2-D path over a contour plot: its points 0.04 apart, in a method's colour.
inline plot::Series drawn_path(const std::string& method_or_color, std::string label,
                                const common::Path2d& path, bool dashed) {
    return colored(method_or_color,
                   common::path_series(std::move(label), common::thinned(path, 0.04)), dashed);
}

// The steep coordinate y of a path at each step k = 0, 1, ...
inline plot::Series y_per_step(std::string label, const common::Path2d& path) {
    plot::Series s{.label = std::move(label), .x = {}, .y = {}};
    for (std::size_t k = 0; k < path.size(); ++k) s.x.push_back(double(k));
    for (const auto& p : path) s.y.push_back(p[1]);
    return s;
}

// "momentum, β = 0.9", with ", unscaled" in the unscaled form: momentum's label in figures.
inline std::string momentum_label(double beta, MomentumForm form) {
    return "momentum, β = " + common::report::g(beta) +
           (form == MomentumForm::notes ? "" : ", unscaled");
}

// The quadratic's two figures: the paths over the contours and y step by step. Momentum
// solid; the beta of the fewest steps, when it is not `beta`, dashed in another colour;
// plain GD last and dashed, so neither method hides the other.
struct BowlFigures {
    plot::ContourPlot paths;
    plot::LineChart ys;
};

inline BowlFigures bowl_figures(const Bowl& q, double alpha, double beta, MomentumForm form,
                                std::size_t steps) {
    const std::string label = momentum_label(beta, form);
    std::vector<plot::Series> paths = {drawn_path("momentum", label, q.mom, false)};
    if (q.sweep.best_beta > 0 && q.sweep.best_beta != beta) {
        paths.push_back(drawn_path("#CC79A7", "momentum, β = " + common::report::g(
                                        q.sweep.best_beta) + " (fewest steps)",
                                    momentum_path(q.fn, alpha, q.sweep.best_beta, form, steps),
                                    true));
    }
    paths.push_back(drawn_path("GD", "plain GD", q.gd, true));
    return {common::contour_with_paths(q.fn, "Plain GD and momentum on " + q.fn.name + ", α = " +
                                                 common::report::g(alpha), std::move(paths)),
            {.title = "The steep coordinate y step by step, " + q.fn.name, .x_label = "step",
             .y_label = "y (the minimum is at y = 0)",
             .series = {colored("momentum", y_per_step(label, q.mom)),
                        colored("GD", y_per_step("plain GD", q.gd), true)},
             .y_range = q.fn.y_range}};
}

// Rosenbrock's valley: momentum at alpha (solid) and at alpha / (1 - beta) (dashed, another
// colour), plain GD at alpha / (1 - beta) unless it diverged, and at alpha dashed on top.
inline plot::ContourPlot valley_figure(const Valley& r, double beta) {
    using common::report::g;
    std::vector<plot::Series> paths = {
        drawn_path("#CC79A7", "momentum, α = " + g(r.alpha_big), r.mom_big, true),
        drawn_path("momentum", "momentum, α = " + g(r.alpha), r.mom, false)};
    if (!r.gd_big_out) {
        paths.push_back(drawn_path("GD", "plain GD, α = " + g(r.alpha_big), r.gd_big, false));
    }
    paths.push_back(drawn_path("GD", "plain GD, α = " + g(r.alpha), r.gd, true));
    return common::contour_with_paths(
        r.fn, "Plain GD and momentum in Rosenbrock's valley, β = " + g(beta), std::move(paths));
}

// The training runs' J - J_ols per epoch on a log axis (excess_cost: a diverging run stops).
inline plot::LineChart cost_chart(const Training& t, const std::string& data_name,
                                  std::size_t m_t, double alpha, double beta, MomentumForm form) {
    return {.title = "Cost above the floor on " + data_name + ", mini-batches of " +
                     std::to_string(m_t) + ", α = " + common::report::g(alpha),
            .x_label = "epoch", .y_label = "J(θ) − J(θ_ols) (log scale)",
            .series = {colored("momentum", common::report::epoch_series(
                                               momentum_label(beta, form),
                                               excess_cost(t.mom, t.J_ols, t.J_0))),
                       colored("GD", common::report::epoch_series(
                                         "plain GD", excess_cost(t.gd, t.J_ols, t.J_0)))},
            .log_y = true};
}

}  // namespace momentum
