// momentum.hpp: the notes' section on momentum, gradient descent with momentum,
//   v := beta v + (1 - beta) dtheta        theta := theta - alpha v
// The rule is MomentumRule, written once for one number or W at a time; Momentum holds v and
// runs it. Then what the chapter measures with it: paths on the 2-D test
// functions and their zig-zag, runs on the linear model, and what a quadratic predicts
// (the largest stable alpha, the shrink factor per step); last, the chapter program's three
// problems and the other form, each run and measured in one call. What the program prints
// and draws from these numbers is in story.hpp.
// Beyond the notes (last section): Nesterov momentum, which calls the same v update, and the
// best factor per step of GD, heavy-ball momentum and Nesterov on a quadratic, measured.
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

namespace momentum {

// ---- The update ------------------------------------------------------------------

// Convention: notes = v := beta v + (1 - beta) dtheta (the default); unscaled = the
// notes' "equivalent" v := beta v + dtheta (torch.optim.SGD, d2l), which takes the same
// steps with an alpha (1 - beta) times as large.
enum class MomentumForm { notes, unscaled };

// The velocity update, written once: momentum (MomentumRule) and Nesterov momentum
// (NesterovRule, "Beyond the notes" below) both call it. one_minus_beta is 1 - beta, given
// rather than computed here: momentum_rule() computes it in double and rounds it once to T.
template <class T, class V>
void update_velocity(V& v, const V& dtheta, T beta, T one_minus_beta, MomentumForm form) {
    if (form == MomentumForm::notes) {
        // EXERCISE momentum: v := beta v + (1 - beta) dtheta
        v = beta * v + one_minus_beta * dtheta;
        // END EXERCISE
    } else {
        // EXERCISE momentum: v := beta v + dtheta
        v = beta * v + dtheta;
        // END EXERCISE
    }
}

// The fields are T, each rounded once from the double hyperparameters by momentum_rule().
template <class T>
struct MomentumRule {
    static constexpr const char* method = "Momentum";  // for error messages
    T alpha;
    T beta;
    T one_minus_beta;  // 1 - beta, computed in double, then rounded once to T
    MomentumForm form;

    template <class V>
    void operator()(V& theta, V& v, const V& dtheta) const {
        update_velocity(v, dtheta, beta, one_minus_beta, form);
        // EXERCISE momentum: theta := theta - alpha v
        theta = theta - alpha * v;
        // END EXERCISE
    }
};

// The rule (MomentumRule or NesterovRule) for a velocity method's hyperparameters (any
// struct with alpha, beta and form, held in double): 1 - beta is computed in double and
// each field rounded once to T, as torch.optim does (its beta is a Python float). In float,
// 1 - float(beta) would carry float(beta)'s rounding: 1.4e-3 relative for beta = 0.99999.
template <template <class> class Rule, class T, class H>
Rule<T> momentum_rule(const H& hyper) {
    const double beta = hyper.beta;
    return {.alpha = T(hyper.alpha), .beta = T(beta), .one_minus_beta = T(1 - beta),
            .form = hyper.form};
}

// The optimizer around a rule whose one state is the velocity v: momentum here, and
// Nesterov momentum (beyond the notes, below) with the same hyperparameters and state.
// The hyperparameters are double for every T, as torch.optim's are Python floats.
template <class T, template <class> class Rule>
struct VelocityMethod {
    struct Hyper {
        double alpha = 0.01;  // learning rate
        double beta = 0.9;    // v averages dtheta over about 1 / (1 - beta) = 10 steps
        MomentumForm form = MomentumForm::notes;  // Convention: (1 - beta) dtheta
    } hyper;
    common::aligned_vector<T> v{};  // state: the velocity, an EWMA of dtheta

    void step(std::span<T> theta, std::span<const T> dtheta,
              common::Engine engine = common::Engine::simd) {
        common::size_state(Rule<T>::method, theta, dtheta, v);
        const Rule<T> rule = momentum_rule<Rule, T>(hyper);
        common::run(engine, rule, theta, dtheta, std::span<T>(v));
    }
    void reset() { v.clear(); }
};

template <class T>
using Momentum = VelocityMethod<T, MomentumRule>;

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

// ==== Beyond the notes ================================================================
// What a learner meets next, which the notes do not state: Nesterov momentum, and why
// momentum works, measured on quadratics.

// ---- Nesterov momentum -----------------------------------------------------------------
// The same v as momentum (update_velocity above); the step then looks one step further ahead,
// taking beta of the new v plus the gradient's own share:
//   notes' form:  v := beta v + (1 - beta) dtheta
//                 theta := theta - alpha (beta v + (1 - beta) dtheta)
//   unscaled:     v := beta v + dtheta
//                 theta := theta - alpha (dtheta + beta v)
// The unscaled form is torch.optim.SGD(lr=alpha, momentum=beta, nesterov=True) (its buffer
// starts at dtheta_1 = beta 0 + dtheta_1); as for momentum, the notes' form with alpha takes
// the unscaled form's steps with alpha (1 - beta).
template <class T>
struct NesterovRule {
    static constexpr const char* method = "Nesterov";  // for error messages
    T alpha;
    T beta;
    T one_minus_beta;  // 1 - beta, computed in double, then rounded once to T
    MomentumForm form;

    template <class V>
    void operator()(V& theta, V& v, const V& dtheta) const {
        update_velocity(v, dtheta, beta, one_minus_beta, form);
        if (form == MomentumForm::notes) {
            // EXERCISE momentum: theta := theta - alpha (beta v + (1 - beta) dtheta)
            theta = theta - alpha * (beta * v + one_minus_beta * dtheta);
            // END EXERCISE
        } else {
            // EXERCISE momentum: theta := theta - alpha (dtheta + beta v)
            theta = theta - alpha * (dtheta + beta * v);
            // END EXERCISE
        }
    }
};

// Nesterov's optimizer is momentum's with this rule: the same alpha, beta, form and v.
template <class T>
using Nesterov = VelocityMethod<T, NesterovRule>;

inline common::Path2d nesterov_path(const common::Function2d& fn, double alpha, double beta,
                                    MomentumForm form, std::size_t steps) {
    momentum::Nesterov<double> m;
    m.hyper = {.alpha = alpha, .beta = beta, .form = form};
    return common::path_2d(fn, m, steps);
}

// ---- Why momentum works: the best rates on a quadratic -----------------------------------
// On f = (lambda_min x^2 + lambda_max y^2) / 2, condition number kappa = lambda_max / lambda_min.
// Alphas here are of the unscaled (heavy-ball) form; the notes' form takes alpha / (1 - beta).

// Nesterov along a direction of curvature lambda (alpha_eff as for momentum) reads
//   theta_{k+1} = (1 + beta) c theta_k - beta c theta_{k-1},  c = 1 - alpha_eff lambda,
// whose solutions go as z^k for the roots z of z^2 - (1 + beta) c z + beta c; the largest |z|.
inline double nesterov_shrink_factor(double lambda, double alpha, double beta,
                                     MomentumForm form) {
    const double c = 1 - alpha_eff(alpha, beta, form) * lambda;
    const double b = (1 + beta) * c;
    const std::complex<double> root = std::sqrt(std::complex<double>(b * b - 4 * beta * c));
    return std::max(std::abs((b + root) / 2.0), std::abs((b - root) / 2.0));
}

// Both roots inside the unit circle iff 0 < alpha_eff lambda < 2 (1 + beta) / (1 + 2 beta)
// (at z = -1: 1 + (1 + 2 beta) c > 0): below momentum's 2 (1 + beta) for beta > 0.
inline double nesterov_alpha_limit(double lambda, double beta, MomentumForm form) {
    return 2 * (1 + beta) / ((1 + 2 * beta) * alpha_eff(1, beta, form) * lambda);  // limit
}

inline double gd_best_alpha(double lambda_min, double lambda_max) {
    return 2 / (lambda_max + lambda_min);  // alpha = 2 / (lambda_max + lambda_min)
}
inline double gd_best_rate(double kappa) {
    return (kappa - 1) / (kappa + 1);  // rate = (kappa - 1) / (kappa + 1)
}
inline double heavy_ball_best_beta(double kappa) {
    const double r = (std::sqrt(kappa) - 1) / (std::sqrt(kappa) + 1);
    return r * r;  // beta = ((sqrt kappa - 1) / (sqrt kappa + 1))^2
}
inline double heavy_ball_best_alpha(double lambda_min, double lambda_max) {
    const double s = std::sqrt(lambda_max) + std::sqrt(lambda_min);
    return 4 / (s * s);  // alpha = 4 / (sqrt lambda_max + sqrt lambda_min)^2
}
inline double heavy_ball_best_rate(double kappa) {
    return (std::sqrt(kappa) - 1) / (std::sqrt(kappa) + 1);  // rate = sqrt(beta)
}
// Nesterov's usual tuning (not its best on a quadratic): alpha = 1 / lambda_max, beta =
// (sqrt kappa - 1) / (sqrt kappa + 1); then lambda_min has a double root 1 - 1 / sqrt kappa.
inline double nesterov_alpha(double lambda_max) {
    return 1 / lambda_max;  // alpha = 1 / lambda_max
}
inline double nesterov_beta(double kappa) {
    return (std::sqrt(kappa) - 1) / (std::sqrt(kappa) + 1);  // beta = (sqrt k - 1) / (sqrt k + 1)
}

// f = (lambda_min x^2 + lambda_max y^2) / 2 from the elongated quadratic's start (-5, -2).
inline common::Function2d diagonal_quadratic(double lambda_min, double lambda_max) {
    common::Function2d fn = common::elongated_quadratic();
    char name[80];
    std::snprintf(name, sizeof name, "f = %g x^2 + %g y^2", lambda_min / 2, lambda_max / 2);
    fn.name = name;
    fn.f = [=](double x, double y) { return (lambda_min * x * x + lambda_max * y * y) / 2; };
    fn.gradient = [=](double x, double y) {
        return std::array<double, 2>{lambda_min * x, lambda_max * y};
    };
    return fn;
}

// One method's run at its tuning: the predicted factor per step (largest |root| over both
// curvatures), and the measured one, (e_K / e_k0)^(1 / (K - k0)) with e_k the distance to the
// minimum, K the first step with e_K <= 1e-12 e_0 and k0 = K / 2 (a burn-in of half the run).
struct Rate {
    std::string method;
    double alpha = 0, beta = 0;  // alpha in the form the run used
    double predicted = 0, measured = 0;
    std::size_t k0 = 0, K = 0;
    std::optional<std::size_t> steps_1e6;  // first k with e_k <= 1e-6 e_0
    std::vector<double> error;             // e_k / e_0 for k = 0..K (the figure)
};

// Measure the factor per step of a path (see Rate).
inline void measure_rate(const common::Function2d& fn, const common::Path2d& path, Rate& r) {
    const double e0 = common::distance_to_minimum(fn, path.front());
    std::vector<double> e;
    for (const auto& p : path) e.push_back(common::distance_to_minimum(fn, p));
    r.K = e.size() - 1;
    for (std::size_t k = 0; k < e.size(); ++k) {
        if (!r.steps_1e6 && e[k] <= 1e-6 * e0) r.steps_1e6 = k;
        if (e[k] <= 1e-12 * e0) {
            r.K = k;
            break;
        }
    }
    r.k0 = r.K / 2;
    for (std::size_t k = 0; k <= r.K; ++k) r.error.push_back(e[k] / e0);
    r.measured = r.K < 2 ? std::nan("")  // too short a path to measure
                         : std::pow(e[r.K] / e[r.k0], 1.0 / double(r.K - r.k0));
}

// GD, heavy ball and Nesterov, each at its tuning, on one quadratic, in `form`.
struct Rates {
    common::Function2d fn;
    double lambda_min = 0, lambda_max = 0, kappa = 0;
    Rate gd, heavy_ball, nesterov;
};

inline Rates rates(double lambda_min, double lambda_max, MomentumForm form,
                   std::size_t max_steps) {
    Rates q;
    q.fn = diagonal_quadratic(lambda_min, lambda_max);
    q.lambda_min = lambda_min;
    q.lambda_max = lambda_max;
    q.kappa = lambda_max / lambda_min;
    // The unscaled alpha in `form`: the notes' form takes alpha / (1 - beta).
    const auto in_form = [&](double alpha, double beta) {
        return form == MomentumForm::notes ? alpha / (1 - beta) : alpha;
    };
    const auto worst = [&](auto factor, double alpha, double beta) {
        return std::max(factor(lambda_min, alpha, beta, form),
                        factor(lambda_max, alpha, beta, form));
    };
    q.gd.method = "plain GD";
    q.gd.alpha = gd_best_alpha(lambda_min, lambda_max);
    q.gd.predicted = worst(shrink_factor, q.gd.alpha, 0);
    measure_rate(q.fn, gd_path(q.fn, q.gd.alpha, max_steps), q.gd);

    const double hb_beta = heavy_ball_best_beta(q.kappa);
    q.heavy_ball.method = "heavy ball";
    q.heavy_ball.alpha = in_form(heavy_ball_best_alpha(lambda_min, lambda_max), hb_beta);
    q.heavy_ball.beta = hb_beta;
    q.heavy_ball.predicted = worst(shrink_factor, q.heavy_ball.alpha, hb_beta);
    measure_rate(q.fn, momentum_path(q.fn, q.heavy_ball.alpha, hb_beta, form, max_steps),
                 q.heavy_ball);

    const double n_beta = nesterov_beta(q.kappa);
    q.nesterov.method = "Nesterov";
    q.nesterov.alpha = in_form(nesterov_alpha(lambda_max), n_beta);
    q.nesterov.beta = n_beta;
    q.nesterov.predicted = worst(nesterov_shrink_factor, q.nesterov.alpha, n_beta);
    measure_rate(q.fn, nesterov_path(q.fn, q.nesterov.alpha, n_beta, form, max_steps),
                 q.nesterov);
    return q;
}

// The double root of heavy ball and Nesterov at these tunings makes the error go as
// k rho^k, so a window k0..K measures rho (K / k0)^(1 / (K - k0)): this factor.
inline double double_root_factor(const Rate& r) {
    if (r.K < 2) return std::nan("");
    return std::pow(double(r.K) / double(r.k0), 1.0 / double(r.K - r.k0));
}

// Beyond the notes, in one call: the rates on the chapter's elongated quadratic (kappa 20)
// and on one with kappa 1000, and Nesterov's two forms on the elongated quadratic at the
// chapter's alpha, beta: the other form with same_steps_alpha takes the same steps.
struct Beyond {
    Rates chapter, steep;
    MomentumForm form = MomentumForm::notes;
    double alpha = 0, beta = 0, alpha_other = 0;  // Nesterov's forms: chosen, the other
    double difference = 0, scale = 0;  // largest gap of the two paths, largest |coordinate|
    bool diverged = false;  // the chosen form's path diverged (alpha above limit)
    double limit = 0;       // nesterov_alpha_limit along y (lambda = 4) in the chosen form
};

inline Beyond beyond(MomentumForm form, double alpha, double beta, std::size_t steps) {
    Beyond b;
    b.chapter = rates(0.2, 4, form, 20000);
    b.steep = rates(0.004, 4, form, 20000);
    b.form = form;
    b.alpha = alpha;
    b.beta = beta;
    const MomentumForm other =
        form == MomentumForm::notes ? MomentumForm::unscaled : MomentumForm::notes;
    b.alpha_other = same_steps_alpha(alpha, beta, other);
    const common::Function2d fn = common::elongated_quadratic();
    const common::Path2d path = nesterov_path(fn, alpha, beta, form, steps);
    b.difference = max_difference(path, nesterov_path(fn, b.alpha_other, beta, other, steps));
    for (const auto& p : path) b.scale = std::max({b.scale, std::abs(p[0]), std::abs(p[1])});
    b.diverged = diverged(fn, path, steps);
    b.limit = nesterov_alpha_limit(4, beta, form);
    return b;
}

}  // namespace momentum
