// momentum.hpp: the notes' section on momentum, gradient descent with momentum,
//   v := beta v + (1 - beta) dtheta        theta := theta - alpha v
// The rule is MomentumRule, written once for one number or W at a time; Momentum holds v and
// runs it. Then what the chapter measures with it: paths on the 2-D test
// functions and their zig-zag, runs on the linear model, and what a quadratic predicts
// (the largest stable alpha, the shrink factor per step); last, the chapter program's three
// problems and the other form, each run and measured in one call. What the program prints
// and draws from these numbers is in story.hpp.
// Leaves out: Nesterov momentum.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/02-ewma/ewma.hpp"
#include "common/functions_2d.hpp"

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
        if (form == MomentumForm::notes) {
            // EXERCISE momentum: v := beta v + (1 - beta) dtheta
            v = ewma::step(v, dtheta, beta);
            // END EXERCISE
        } else {
            // EXERCISE momentum: v := beta v + dtheta
            v = beta * v + dtheta;
            // END EXERCISE
        }
        // EXERCISE momentum: theta := theta - alpha v
        theta = theta - alpha * v;
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
    common::aligned_vector<T> v{};  // state: the velocity, an EWMA of dtheta

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

// ---- The beta sweep on a 2-D function ------------------------------------------------

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

// ---- The chapter's three problems, each run and measured in one call -------------------

// The elongated quadratic 0.1 x^2 + 2 y^2 (Hessian diag(0.2, 4)) at one alpha: both paths,
// how often each crossed y = 0 (the zig-zag) and the beta sweep.
struct Bowl {
    common::Function2d fn = common::elongated_quadratic();
    double lambda_x = 0.2, lambda_y = 4;
    common::Path2d gd, mom;
    std::size_t gd_crossings = 0, mom_crossings = 0;
    BetaSweep sweep;
    double beta = 0;  // momentum's beta in gd, mom (sweep.steps_of(beta) is its row)
};

inline Bowl bowl(double alpha, double beta, MomentumForm form, std::size_t steps,
                 std::size_t budget) {
    Bowl b;
    b.gd = gd_path(b.fn, alpha, steps);
    b.mom = momentum_path(b.fn, alpha, beta, form, steps);
    b.gd_crossings = common::crossings(b.fn, b.gd, 1);
    b.mom_crossings = common::crossings(b.fn, b.mom, 1);
    b.sweep = sweep_beta(b.fn, b.lambda_x, b.lambda_y, alpha, beta, form, budget);
    b.beta = beta;
    return b;
}

// Rosenbrock's valley: plain GD and momentum at alpha and at alpha / (1 - beta).
struct Valley {
    common::Function2d fn = common::rosenbrock();
    double alpha = 0, alpha_big = 0;  // alpha_big = alpha / (1 - beta)
    common::Path2d gd, mom, gd_big, mom_big;
    bool gd_big_out = false, mom_big_out = false;  // diverged at alpha_big
    double d_gd = 0, d_mom = 0;  // distance to the minimum at the end, at alpha
};

inline Valley valley(double alpha, double beta, MomentumForm form, std::size_t steps) {
    Valley v{.alpha = alpha, .alpha_big = alpha / (1 - beta)};
    v.gd = gd_path(v.fn, alpha, steps);
    v.mom = momentum_path(v.fn, alpha, beta, form, steps);
    v.gd_big = gd_path(v.fn, v.alpha_big, steps);
    v.mom_big = momentum_path(v.fn, v.alpha_big, beta, form, steps);
    v.gd_big_out = diverged(v.fn, v.gd_big, steps);
    v.mom_big_out = diverged(v.fn, v.mom_big, steps);
    v.d_gd = common::distance_to_minimum(v.fn, v.gd.back());
    v.d_mom = common::distance_to_minimum(v.fn, v.mom.back());
    return v;
}

// Mini-batch training of the linear model: the floor J(theta_ols), J(0), lambda_max of the
// Hessian, plain GD and momentum on the same mini-batches, and the mean height of each above
// the floor over the second half of the epochs, first..last.
struct Training {
    std::vector<double> theta_ols;
    double J_ols = 0, J_0 = 0, lambda_max = 0;
    std::size_t steps_per_epoch = 0;
    Run gd, mom;
    std::size_t first = 0, last = 0;
    double gd_excess = 0, mom_excess = 0;  // mean_excess over epochs first..last
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
    t.first = epochs / 2 + 1;
    t.last = epochs;
    t.gd_excess = mean_excess(t.gd, t.J_ols, t.first, t.last);
    t.mom_excess = mean_excess(t.mom, t.J_ols, t.first, t.last);
    return t;
}

// ---- The other form, measured against the chosen one -----------------------------------

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

}  // namespace momentum
