// momentum.hpp: chapter 3 of the notes, gradient descent with momentum,
//   v := beta v + (1 - beta) dtheta        theta := theta - alpha v
// The rule is MomentumRule, written once for one number or W at a time; Momentum holds v and
// runs it. Then what the chapter measures with it: paths on the 2-D test
// functions and their zig-zag, runs on the linear model, and what a quadratic predicts
// (the largest stable alpha, the shrink factor per step). Leaves out: Nesterov momentum.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>
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

}  // namespace momentum
