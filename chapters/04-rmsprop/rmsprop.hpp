// rmsprop.hpp: the notes' section on RMSprop, RMSprop, measured.
//   s := beta2 s + (1 - beta2) dtheta^2            (element-wise: one s per coordinate)
//   theta := theta - alpha dtheta / sqrt(s + eps)   (eps inside the root, as the notes write it)
// The rule is RmsPropRule, written once for one number or W at a time; RmsProp holds s and
// runs it. Then what the chapter measures with it (each coordinate's effective learning
// rate, the first step from s = 0, the start-up without bias correction), the 2-D paths,
// the hop a constant alpha ends in, the balance of the rates along x and y, what a path did
// and the order of the methods' results, where eps matters, and the diabetes runs. What the
// program prints and draws from these numbers is in story.hpp. Beyond the notes, at the end:
// Adagrad (s sums dtheta^2; the same step), and its long run against RMSprop.
// Leaves out: centered RMSprop and RMSprop with momentum (torch options, not in the notes).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/functions_2d.hpp"
#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/02-ewma/ewma.hpp"
#include "chapters/03-momentum/momentum.hpp"

namespace rmsprop {

// ---- The update ------------------------------------------------------------------

// Convention: eps inside the root, dtheta / sqrt(s + eps), as the notes write it (the
// default), or outside, dtheta / (sqrt(s) + eps), as torch.optim does. For small s,
// eps = 1e-8 inside acts like eps = 1e-4 outside, since sqrt(1e-8) = 1e-4.
enum class EpsPlacement { inside, outside };

// theta := theta - alpha dtheta / sqrt(s + eps), with s already updated: the step RMSprop
// takes, and Adagrad too (below), written once for both.
template <class V, class T>
void divided_step(V& theta, const V& s, const V& dtheta, T alpha, T eps,
                  EpsPlacement eps_placement);

// The fields are T, each rounded once from the double hyperparameters by rmsprop_rule().
template <class T>
struct RmsPropRule {
    T alpha;
    T beta2;
    T one_minus_beta2;  // 1 - beta2, computed in double, then rounded once to T
    T eps;
    EpsPlacement eps_placement;

    template <class V>
    void operator()(V& theta, V& s, const V& dtheta) const {
        // EXERCISE rmsprop: s := beta2 s + (1 - beta2) dtheta^2
        s = beta2 * s + one_minus_beta2 * (dtheta * dtheta);
        // END EXERCISE
        divided_step(theta, s, dtheta, alpha, eps, eps_placement);
    }
};

template <class V, class T>
void divided_step(V& theta, const V& s, const V& dtheta, T alpha, T eps,
                  EpsPlacement eps_placement) {
    using std::sqrt;  // sqrt(x): std::sqrt for T, the SIMD sqrt for native_simd<T>
    // EXERCISE rmsprop: theta := theta - alpha dtheta / sqrt(s + eps)
    if (eps_placement == EpsPlacement::inside) {
        theta = theta - alpha * dtheta / sqrt(s + eps);
    } else {  // eps outside, as torch.optim: theta - alpha dtheta / (sqrt(s) + eps)
        theta = theta - alpha * dtheta / (sqrt(s) + eps);
    }
    // END EXERCISE
}

// The rule for RMSprop's hyperparameters (any struct with alpha, beta2, eps and
// eps_placement, held in double): 1 - beta2 is computed in double and each field rounded
// once to T, as torch.optim does (its beta2 is a Python float). In float, 1 - float(beta2)
// would carry float(beta2)'s rounding: 1.4e-3 relative for beta2 = 0.99999.
template <class T, class H>
RmsPropRule<T> rmsprop_rule(const H& hyper) {
    const double beta2 = hyper.beta2;
    return {.alpha = T(hyper.alpha), .beta2 = T(beta2), .one_minus_beta2 = T(1 - beta2),
            .eps = T(hyper.eps), .eps_placement = hyper.eps_placement};
}

// The hyperparameters are double for every T, as torch.optim's are Python floats.
template <class T>
struct RmsProp {
    struct Hyper {
        double alpha = 0.001;  // learning rate
        double beta2 = 0.999;  // s averages dtheta^2 over about 1000 steps
        double eps = 1e-8;     // keeps the division finite where s is near 0
        EpsPlacement eps_placement = EpsPlacement::inside;  // Convention: sqrt(s + eps)
    } hyper;
    common::aligned_vector<T> s{};  // state: an EWMA of dtheta^2, the gradient's mean square

    void step(std::span<T> theta, std::span<const T> dtheta,
              common::Engine engine = common::Engine::simd) {
        common::size_state("RmsProp", theta, dtheta, s);
        const RmsPropRule<T> rule = rmsprop_rule<T>(hyper);
        common::run(engine, rule, theta, dtheta, std::span<T>(s));
    }
    void reset() { s.clear(); }
};

using Hyper = RmsProp<double>::Hyper;

// The placement as the --eps-placement flag spells it, and back.
inline const char* name(EpsPlacement p) {
    return p == EpsPlacement::inside ? "inside" : "outside";
}
inline EpsPlacement placement(const std::string& word) {
    return word == "outside" ? EpsPlacement::outside : EpsPlacement::inside;
}

// The learning rate a coordinate with mean square s really gets, since the step is
// theta := theta - (alpha / sqrt(s + eps)) dtheta   (inside), or
// theta := theta - (alpha / (sqrt(s) + eps)) dtheta (outside).
// Measured with RmsPropRule itself: with beta2 = 1 the rule leaves s as it is, and a unit
// gradient from theta = 0 moves theta by exactly -alpha_eff.
inline double effective_alpha(const Hyper& h, double s) {
    Hyper keep = h;
    keep.beta2 = 1;
    const RmsPropRule<double> rule = rmsprop_rule<double>(keep);
    double theta = 0;
    rule(theta, s, 1.0);
    return -theta;
}

// |theta_1 - theta_0| for one coordinate: the first step from s = 0 with gradient g, taken
// by rmsprop::RmsProp itself. After it s = (1 - beta2) g^2, so (inside)
// |Delta theta| = alpha |g| / sqrt((1 - beta2) g^2 + eps) -> alpha / sqrt(1 - beta2) for large |g|.
inline double first_step(const Hyper& h, double g) {
    rmsprop::RmsProp<double> opt{.hyper = h};
    std::array<double, 1> theta = {0.0};
    const std::array<double, 1> dtheta = {g};
    opt.step(std::span<double>(theta), std::span<const double>(dtheta));
    return std::abs(theta[0]);
}

// 1 / sqrt(1 - beta2^t): with a constant gradient g, s starting at 0 and eps negligible,
// s_t = (1 - beta2^t) g^2, so step t is alpha / sqrt(1 - beta2^t), larger than alpha until
// beta2^t is small (t of a few times 1 / (1 - beta2)). RMSprop has no bias correction;
// Adam divides s by 1 - beta2^t for exactly this reason (chapters/05-adam).
inline double startup_factor(double beta2, std::size_t t) {
    return 1 / std::sqrt(1 - std::pow(beta2, double(t)));
}

// Where RMSprop ends on a quadratic with a constant alpha: near the minimum s shrinks with
// the gradient, so dtheta / sqrt(s + eps) does not shrink and the coordinate settles into
// hopping between +a and -a, a step of 2a = alpha lambda a / sqrt(lambda^2 a^2 + eps) each:
// a = sqrt(alpha^2 / 4 - eps / lambda^2), about alpha / 2 (eps inside the root).
inline double hop_amplitude(double alpha, double eps, double lambda) {
    return std::sqrt(std::max(0.0, alpha * alpha / 4 - eps / (lambda * lambda)));
}

// ---- Paths on the 2-D test functions ---------------------------------------------------

// One RMSprop step on a 2-D function, as recorded: theta after the step, the dtheta that
// made it, and s after it.
struct Step2d {
    std::array<double, 2> theta, dtheta, s;
};

// `steps` RMSprop steps from fn.start; entry k - 1 is step k. Stops early if theta stops
// being finite.
inline std::vector<Step2d> trace_2d(const common::Function2d& fn, const Hyper& h,
                                    std::size_t steps) {
    rmsprop::RmsProp<double> opt{.hyper = h};
    std::array<double, 2> theta = fn.start;
    std::vector<Step2d> trace;
    for (std::size_t k = 0; k < steps; ++k) {
        const std::array<double, 2> dtheta = fn.gradient(theta[0], theta[1]);
        opt.step(std::span<double>(theta), std::span<const double>(dtheta));
        if (!std::isfinite(theta[0]) || !std::isfinite(theta[1])) break;
        trace.push_back({theta, dtheta, {opt.s[0], opt.s[1]}});
    }
    return trace;
}

// |x_k - x_{k-1}| and |y_k - y_{k-1}| of each step of a path (start included in `path`).
inline common::Path2d step_lengths(const common::Path2d& path) {
    common::Path2d d;
    for (std::size_t k = 1; k < path.size(); ++k) {
        d.push_back({std::abs(path[k][0] - path[k - 1][0]),
                     std::abs(path[k][1] - path[k - 1][1])});
    }
    return d;
}

// Plain GD and momentum beside RMSprop on one 2-D function, as chapter 03 runs them.
// GD's alpha is bounded by the steepest curvature (alpha < 2 / lambda_max); momentum runs
// at the same alpha with beta = 0.9. RMSprop's alpha (a flag) is of another kind: each of
// its steps moves each coordinate by about alpha, whatever the curvature.
struct PathSetup {
    common::Function2d fn;
    double alpha_gd;  // plain GD and momentum
    double beta;      // momentum
};

// The curvatures of 0.1 x^2 + 2 y^2 (its Hessian's diagonal): 0.2 along x, 4 along y.
inline constexpr std::array<double, 2> quadratic_curvature = {0.2, 4};

inline PathSetup quadratic_setup() {
    // Curvatures 0.2 (x) and 4 (y): GD converges for alpha < 2 / 4 = 0.5; at 0.4 the y
    // coordinate flips sign every step (1 - 0.4 * 4 = -0.6) while x shrinks by only
    // 1 - 0.4 * 0.2 = 0.92 per step.
    return {common::elongated_quadratic(), 0.4, 0.9};
}

inline PathSetup rosenbrock_setup() {
    // At the start (-1.5, 2) the Hessian's largest eigenvalue is about 2100, so GD needs
    // alpha below about 1e-3 there; along the valley floor the curvature is far smaller.
    return {common::rosenbrock(), 1e-3, 0.9};
}

// ---- What the chapter measures on the paths and the first steps -----------------------

// alpha_eff lambda along x and y: each step multiplies a coordinate by about
// 1 - alpha_eff lambda, so above 1 it overshoots and changes sign. `spread` is how many
// times apart the two are: 1 means x and y shrink at the same rate.
struct RateBalance {
    double x, y;
    double spread() const { return std::max(x, y) / std::min(x, y); }
};

// Plain GD: alpha_eff = alpha in both coordinates.
inline RateBalance gd_balance(double alpha, std::array<double, 2> lambda) {
    return {alpha * lambda[0], alpha * lambda[1]};
}

// RMSprop after a recorded step: alpha_eff = effective_alpha(s) per coordinate.
inline RateBalance rmsprop_balance(const Hyper& h, const Step2d& step,
                                   std::array<double, 2> lambda) {
    return {effective_alpha(h, step.s[0]) * lambda[0], effective_alpha(h, step.s[1]) * lambda[1]};
}

// What a path did, for its table row and the sentences about it.
struct PathOutcome {
    std::optional<std::size_t> within;      // first step within `radius` of the minimum
    std::optional<std::size_t> left_chart;  // first step outside the figure's x or y range
    std::array<double, 2> end;              // the last point
    double f_end;                           // f there
    bool overflowed;                        // stopped early, or f(end) is not finite
};

inline PathOutcome outcome(const common::Function2d& fn, const common::Path2d& path,
                           std::size_t steps, double radius = 0.1) {
    PathOutcome o{.within = common::steps_to_reach(fn, path, radius), .left_chart = {},
                  .end = path.back(), .f_end = fn.f(path.back()[0], path.back()[1]),
                  .overflowed = false};
    o.overflowed = common::overflowed(path, steps) || !std::isfinite(o.f_end);
    for (std::size_t k = 0; k < path.size() && !o.left_chart; ++k) {
        const auto& [x, y] = path[k];
        if (!(x >= fn.x_range.first && x <= fn.x_range.second && y >= fn.y_range.first &&
              y <= fn.y_range.second)) {
            o.left_chart = k;
        }
    }
    return o;
}

// The indices of `values` from the smallest to the largest (ties keep their order; NaN last).
inline std::vector<std::size_t> smallest_first(const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return values[a] < values[b] || (!std::isnan(values[a]) && std::isnan(values[b]));
    });
    return order;
}

// GD, momentum and RMSprop on one 2-D function: their paths, what each did, their alphas,
// and RMSprop's theta, dtheta and s at each step.
struct ThreePaths {
    std::array<common::Path2d, 3> path;
    std::array<PathOutcome, 3> outcome;
    std::array<double, 3> alpha;
    std::vector<Step2d> trace;
    std::vector<double> f_end() const { return {outcome[0].f_end, outcome[1].f_end,
                                                outcome[2].f_end}; }
};

inline ThreePaths three_paths(const PathSetup& p, const Hyper& h, std::size_t steps) {
    gradient_descent::Sgd<double> gd{.hyper = {.alpha = p.alpha_gd}};
    momentum::Momentum<double> mom{.hyper = {.alpha = p.alpha_gd, .beta = p.beta}};
    ThreePaths r{.path = {common::path_2d(p.fn, gd, steps), common::path_2d(p.fn, mom, steps),
                          {p.fn.start}},
                 .outcome = {}, .alpha = {p.alpha_gd, p.alpha_gd, h.alpha},
                 .trace = trace_2d(p.fn, h, steps)};
    for (const auto& s : r.trace) r.path[2].push_back(s.theta);
    for (std::size_t i = 0; i < 3; ++i) r.outcome[i] = outcome(p.fn, r.path[i], steps);
    return r;
}

// The first step from s = 0 in units of alpha for a gradient of size g, with eps inside, eps
// outside and sqrt(eps) outside the root: the three columns of the chapter's eps table.
inline std::array<double, 3> eps_first_steps(double beta2, double eps, double g) {
    const auto step = [&](double e, EpsPlacement p) {
        return first_step({.alpha = 1, .beta2 = beta2, .eps = e, .eps_placement = p}, g);
    };
    return {step(eps, EpsPlacement::inside), step(eps, EpsPlacement::outside),
            step(std::sqrt(eps), EpsPlacement::outside)};
}

// The |g| where (1 - beta2) g^2 = eps: there the two placements differ most (by sqrt(2)
// with eps inside and sqrt(eps) outside); far from it they agree.
inline double eps_crossing(double beta2, double eps) { return std::sqrt(eps / (1 - beta2)); }

// The first step t at which a steady gradient's step is within `within` (0.01: 1%) of alpha,
// startup_factor(beta2, t) <= 1 + within: when RMSprop's inflated start is over.
inline std::size_t startup_over_at(double beta2, double within = 0.01) {
    if (beta2 <= 0) return 1;
    // beta2^t <= 1 - 1 / (1 + within)^2, then checked against startup_factor itself
    const double t = std::log(1 - 1 / ((1 + within) * (1 + within))) / std::log(beta2);
    std::size_t k = std::max<std::size_t>(1, std::size_t(std::ceil(t)));
    while (k > 1 && startup_factor(beta2, k - 1) <= 1 + within) --k;
    while (startup_factor(beta2, k) > 1 + within) ++k;
    return k;
}

// ---- Training curves on the diabetes regression ----------------------------------------

// Plain mini-batch GD and momentum (beta = 0.9) run beside RMSprop at this alpha, as in
// chapter 03: below GD's limit 2 / lambda_max = 0.497 on the standardized data.
inline constexpr double diabetes_alpha_gd = 0.4;
inline constexpr double diabetes_beta = 0.9;

// GD and momentum (at diabetes_alpha_gd) and RMSprop (h) trained from theta = 0 with the
// same seed, so all three see the same mini-batches; rms_s is RMSprop's s at the end.
struct ThreeRuns {
    std::vector<gradient_descent::Run<double>> runs;
    std::vector<double> rms_s;
};

inline ThreeRuns three_runs(const gradient_descent::Dataset<double>& data, const Hyper& h,
                            const gradient_descent::TrainOptions& options, std::uint64_t seed) {
    gradient_descent::Sgd<double> gd{.hyper = {.alpha = diabetes_alpha_gd}};
    momentum::Momentum<double> mom{.hyper = {.alpha = diabetes_alpha_gd, .beta = diabetes_beta}};
    RmsProp<double> rms{.hyper = h};
    ThreeRuns r;
    r.runs = {gradient_descent::train_from_zero(data, gd, options, seed),
              gradient_descent::train_from_zero(data, mom, options, seed),
              gradient_descent::train_from_zero(data, rms, options, seed)};
    r.rms_s.assign(rms.s.begin(), rms.s.end());
    return r;
}

// J(theta_ols), the least-squares floor of the cost on `data`.
inline double floor_cost(const gradient_descent::Dataset<double>& data) {
    return gradient_descent::cost<double>(gradient_descent::least_squares(data), data,
                                          gradient_descent::all_examples(data));
}

// The lowest and the highest effective rate alpha_eff = effective_alpha(s) over coordinates.
inline std::pair<double, double> effective_alpha_range(const Hyper& h,
                                                       std::span<const double> s) {
    double lo = INFINITY, hi = 0;
    for (double sj : s) {
        lo = std::min(lo, effective_alpha(h, sj)), hi = std::max(hi, effective_alpha(h, sj));
    }
    return {lo, hi};
}

// ---- Beyond the notes: Adagrad -------------------------------------------------------
// Adagrad, the rule RMSprop grew out of: s sums dtheta^2 over all steps instead of
// averaging it, and the step is RMSprop's (divided_step).
//   s := s + dtheta^2                               (element-wise, no decay)
//   theta := theta - alpha dtheta / sqrt(s + eps)   (eps inside as the notes' RMSprop, or
//                                                     outside as torch.optim.Adagrad)
// Under a gradient of steady size g, s = t g^2 after t steps: the effective step
// alpha / sqrt(s) is alpha / (g sqrt(t)) and falls toward 0, where RMSprop's s settles near
// g^2 and its alpha / sqrt(s) near alpha / g. torch.optim.Adagrad(lr=alpha, eps=eps) with
// lr_decay = 0, initial_accumulator_value = 0 is the `outside` form; its state `sum` is s.

template <class T>
struct AdagradRule {
    T alpha;
    T eps;
    EpsPlacement eps_placement;

    template <class V>
    void operator()(V& theta, V& s, const V& dtheta) const {
        // EXERCISE rmsprop: s := s + dtheta^2
        s = s + dtheta * dtheta;
        // END EXERCISE
        divided_step(theta, s, dtheta, alpha, eps, eps_placement);
    }
};

template <class T>
struct Adagrad {
    struct Hyper {  // double for every T, as RMSprop's
        double alpha = 0.01;  // learning rate (torch's default)
        double eps = 1e-8;    // as RMSprop's: keeps the division finite where s is 0
        EpsPlacement eps_placement = EpsPlacement::inside;  // Convention: sqrt(s + eps)
    } hyper;
    common::aligned_vector<T> s{};  // state: the sum of dtheta^2 over all steps so far

    void step(std::span<T> theta, std::span<const T> dtheta,
              common::Engine engine = common::Engine::simd) {
        common::size_state("Adagrad", theta, dtheta, s);
        const AdagradRule<T> rule{.alpha = T(hyper.alpha), .eps = T(hyper.eps),
                                  .eps_placement = hyper.eps_placement};
        common::run(engine, rule, theta, dtheta, std::span<T>(s));
    }
    void reset() { s.clear(); }
};

// The effective step alpha / sqrt(s + eps) (or alpha / (sqrt(s) + eps)) of a coordinate with
// state s, for RMSprop and Adagrad alike: divided_step's move for a unit gradient.
inline double effective_step(double alpha, double eps, EpsPlacement p, double s) {
    double theta = 0;
    divided_step(theta, s, 1.0, alpha, eps, p);
    return -theta;
}

// The median of the coordinates' effective steps (the mean of the middle two for an even
// count): one number per step for the chart and the printed line.
inline double median_effective_step(double alpha, double eps, EpsPlacement p,
                                    std::span<const double> s) {
    std::vector<double> e;
    for (double sj : s) e.push_back(effective_step(alpha, eps, p, sj));
    if (e.empty()) return NAN;
    std::sort(e.begin(), e.end());
    const std::size_t h = e.size() / 2;
    return e.size() % 2 ? e[h] : (e[h - 1] + e[h]) / 2;
}

// An optimizer (RmsProp or Adagrad) that also records, after each step, the median
// effective step of its coordinates: what gradient_descent::train runs in the long run.
template <class Opt>
struct Watched : Opt {
    std::vector<double> effective;  // after step 1, 2, ...
    void step(std::span<double> theta, std::span<const double> dtheta) {
        Opt::step(theta, dtheta);
        effective.push_back(median_effective_step(this->hyper.alpha, this->hyper.eps,
                                                  this->hyper.eps_placement, this->s));
    }
};

// Adagrad against RMSprop on the same data, seed and alpha for a long run: each one's cost
// per epoch and median effective step after each step.
struct LongRun {
    std::vector<gradient_descent::Run<double>> runs;  // RMSprop, then Adagrad
    std::array<std::vector<double>, 2> effective;     // the same order
};

inline LongRun adagrad_against_rmsprop(const gradient_descent::Dataset<double>& data,
                                       const Hyper& h,
                                       const gradient_descent::TrainOptions& options,
                                       std::uint64_t seed) {
    Watched<RmsProp<double>> rms;
    rms.hyper = h;
    Watched<Adagrad<double>> ada;
    ada.hyper = {.alpha = h.alpha, .eps = h.eps, .eps_placement = h.eps_placement};
    LongRun r;
    r.runs = {gradient_descent::train_from_zero(data, rms, options, seed),
              gradient_descent::train_from_zero(data, ada, options, seed)};
    r.effective = {std::move(rms.effective), std::move(ada.effective)};
    return r;
}

}  // namespace rmsprop
