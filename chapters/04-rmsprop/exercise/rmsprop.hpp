// Your copy of chapters/04-rmsprop/rmsprop.hpp for `make exercise-rmsprop`: fill in each EXERCISE block.
// rmsprop.hpp: chapter 4 of the notes, RMSprop, measured.
//   s := beta2 s + (1 - beta2) dtheta^2            (element-wise: one s per coordinate)
//   theta := theta - alpha dtheta / sqrt(s + eps)   (eps inside the root, as the notes write it)
// The rule is RmsPropRule, written once for one number or W at a time; RmsProp holds s and
// runs it. Then what the chapter measures with it (each coordinate's effective learning
// rate, the first step from s = 0, the start-up without bias correction), the 2-D paths,
// the hop a constant alpha ends in, what decides the program's sentences (the balance of the
// rates, a path's outcome, the rankings, where eps matters) and the diabetes runs.
// Leaves out: centered RMSprop and RMSprop with momentum (torch options, not in the notes).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/functions_2d.hpp"
#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/02-ewma/ewma.hpp"
#include "chapters/03-momentum/momentum.hpp"
#include "common/io/report.hpp"

namespace rmsprop {

// ---- The update ------------------------------------------------------------------

// Convention: eps inside the root, dtheta / sqrt(s + eps), as the notes write it (the
// default), or outside, dtheta / (sqrt(s) + eps), as torch.optim does. For small s,
// eps = 1e-8 inside acts like eps = 1e-4 outside, since sqrt(1e-8) = 1e-4.
enum class EpsPlacement { inside, outside };

template <class T>
struct RmsPropRule {
    T alpha;
    T beta2;
    T eps;
    EpsPlacement eps_placement;

    template <class V>
    void operator()(V& theta, V& s, const V& dtheta) const {
        using std::sqrt;  // sqrt(x): std::sqrt for T, the SIMD sqrt for native_simd<T>
        // EXERCISE rmsprop: s := beta2 s + (1 - beta2) dtheta^2, then the step over sqrt(s)
        // (your code here)
    }
};

template <class T>
struct RmsProp {
    struct Hyper {
        T alpha = T(0.001);  // learning rate
        T beta2 = T(0.999);  // s averages dtheta^2 over about 1000 steps
        T eps = T(1e-8);     // keeps the division finite where s is near 0
        EpsPlacement eps_placement = EpsPlacement::inside;  // Convention: sqrt(s + eps)
    } hyper;
    std::vector<T> s{};  // state: an EWMA of dtheta^2, the gradient's mean square

    void step(std::span<T> theta, std::span<const T> dtheta,
              common::Engine engine = common::Engine::simd) {
        common::size_state("RmsProp", theta, dtheta, s);
        const RmsPropRule<T> rule{.alpha = hyper.alpha, .beta2 = hyper.beta2,
                                  .eps = hyper.eps, .eps_placement = hyper.eps_placement};
        common::run(engine, rule, theta, dtheta, std::span<T>(s));
    }
    void reset() { s.clear(); }
};

using Hyper = RmsProp<double>::Hyper;

inline const char* name(EpsPlacement p) {
    return p == EpsPlacement::inside ? "inside" : "outside";
}

// The learning rate a coordinate with mean square s really gets, since the step is
// theta := theta - (alpha / sqrt(s + eps)) dtheta   (inside), or
// theta := theta - (alpha / (sqrt(s) + eps)) dtheta (outside).
inline double effective_alpha(const Hyper& h, double s) {
    return h.eps_placement == EpsPlacement::inside ? h.alpha / std::sqrt(s + h.eps)
                                                   : h.alpha / (std::sqrt(s) + h.eps);
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

// ---- What decides the chapter's sentences (each checked in tests/rmsprop_test.cpp) -------

// The denominator of the step as a sentence writes it: "sqrt(s + eps)" or "(sqrt(s) + eps)".
inline std::string denominator(EpsPlacement p) {
    return p == EpsPlacement::inside ? "sqrt(s + eps)" : "(sqrt(s) + eps)";
}

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

// How much of GD's spread RMSprop's rates take away, on a log scale: "most of" (more than
// half: RMSprop's spread below the square root of GD's), "part of" (less, but narrower than
// GD's), or "none of" (as wide as GD's or wider).
inline std::string undone_words(double gd_spread, double rms_spread) {
    if (rms_spread * rms_spread < gd_spread) return "most of";
    if (rms_spread < gd_spread) return "part of";
    return "none of";
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

// The three methods of every comparison, in this order, named as report::method_color knows
// them.
inline const std::array<std::string, 3> methods = {"GD", "momentum", "RMSprop"};

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

// "RMSprop (4.662e-06) < GD (0.000598) < momentum (0.01934)": the names from the smallest
// value to the largest, each with its value to `digits` significant digits, or "diverged"
// for a value that is not finite (those come last).
inline std::string ranking(const std::array<std::string, 3>& names,
                           const std::vector<double>& values, int digits = 4) {
    std::string text;
    for (std::size_t i : smallest_first(values)) {
        char value[32];
        std::snprintf(value, sizeof value, "%.*g", digits, values[i]);
        text += (text.empty() ? "" : " < ") + names[i] + " (" +
                (std::isfinite(values[i]) ? value : "diverged") + ")";
    }
    return text;
}

// A comparison in words: `less` if a < b, `more` if a > b, "the same as" if equal (or NaN).
inline std::string compared(double a, double b, const std::string& less,
                            const std::string& more) {
    return a < b ? less : a > b ? more : "the same as";
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

// A log-scale y range for a chart, from the power of ten at or below its lowest positive
// value to 5% above its highest; empty if no value is positive and finite. Chosen for how
// the figures read: the cost curves get a labelled 1000 below J(theta_ols) = 1430.
inline std::optional<common::plot::Range> decade_range(const common::plot::LineChart& chart) {
    double lo = INFINITY, hi = 0;
    for (const auto& s : chart.series) {
        for (double y : s.y) {
            if (std::isfinite(y) && y > 0) lo = std::min(lo, y), hi = std::max(hi, y);
        }
    }
    if (!(hi > 0)) return std::nullopt;
    return common::plot::Range{std::pow(10.0, std::floor(std::log10(lo))), hi * 1.05};
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
    r.rms_s = rms.s;
    return r;
}

// "GD (alpha 0.4) at epoch 3, momentum (alpha 0.4) at epoch 18": which of the first `count`
// runs diverged and when, each named by its label; "" if none did.
inline std::string diverged_list(const std::vector<std::string>& labels,
                                 const std::vector<gradient_descent::Run<double>>& runs,
                                 std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < std::min(count, runs.size()); ++i) {
        if (const std::size_t at = runs[i].history.diverged_at) {
            text += (text.empty() ? "" : ", ") + labels[i] + " at epoch " + std::to_string(at);
        }
    }
    return text;
}

// The rows (steps, epochs) a short table shows: 1, 10, 100, ... below n, then n itself; with
// `full`, 1, 2, 5, 10, 20, 50, ... below n, then n (as report::shown_epochs).
inline std::vector<std::size_t> table_rows(std::size_t n, bool full) {
    std::vector<std::size_t> rows;
    for (std::size_t decade = 1; decade < n; decade *= 10) {
        for (std::size_t k : {1, 2, 5}) {
            if (k * decade < n && (full || k == 1)) rows.push_back(k * decade);
        }
    }
    if (n > 0) rows.push_back(n);
    return rows;
}

// "inside" or "outside" (the --eps-placement flag) as an EpsPlacement.
inline EpsPlacement placement(const std::string& word) {
    return word == "outside" ? EpsPlacement::outside : EpsPlacement::inside;
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

// ---- The chapter program's lines and figures ---------------------------------------------

// The one line when RMSprop itself overflowed or diverged: what happened with this alpha,
// RMSprop's largest move per step alpha / sqrt(1 - beta2), and the flag to try.
inline std::string too_large(const std::string& what, double alpha, double beta2,
                             const std::string& flag) {
    char buf[400];
    std::snprintf(buf, sizeof buf, "%s with alpha = %g: each step moves a coordinate by up to "
                  "alpha / sqrt(1 - beta2) = %g; try %s.", what.c_str(), alpha,
                  alpha / std::sqrt(1 - beta2), flag.c_str());
    return buf;
}

// The three paths over fn's contours in each method's colour, labelled with their alphas
// (momentum's with its beta). Where they share a stretch (all three on Rosenbrock's floor),
// RMSprop is drawn first with markers `gap` apart, momentum over it (2.3 gap), GD dashed on
// top (5.3 gap): what is below shows between dashes and markers.
inline common::plot::ContourPlot contour(const PathSetup& p, const ThreePaths& r, double gap,
                                        const std::string& title) {
    std::vector<common::plot::Series> paths;
    for (const auto& [i, spacing] : {std::pair{2, 1.0}, {1, 2.3}, {0, 5.3}}) {
        paths.push_back(common::path_series(
            methods[i] + ", alpha = " + common::report::g(r.alpha[i], 4) +
                (i == 1 ? ", beta = " + common::report::g(p.beta, 4) : "") +
                (i == 0 ? " (dashed, on top)" : ""),
            common::thinned(r.path[i], spacing * gap), i == 0));
        paths.back().color = common::report::method_color(methods[i]);
    }
    return common::contour_with_paths(p.fn, title, std::move(paths));
}

// After GD or momentum diverged on the data (`which`: diverged_list's text): GD's alpha
// against full-batch GD's limit 2 / lambda_max, and, when it is below that limit on the
// shipped data, that the mini-batches are too noisy and which --batch-size keeps all three
// finite (measured there: 8 and more).
inline std::string diverged_sentence(const std::string& which, double alpha_gd, double limit,
                                     bool shipped_data) {
    char buf[400];
    std::snprintf(buf, sizeof buf, "Diverged: %s. alpha = %g is %s full-batch GD's limit "
                  "2 / lambda_max = %.3g%s.", which.c_str(), alpha_gd,
                  compared(alpha_gd, limit, "below", "above").c_str(), limit,
                  alpha_gd < limit && shipped_data ? ": mini-batches are too noisy "
                  "(--batch-size 8 or more keeps all three finite)" : "");
    return buf;
}

// Where RMSprop's rates ended on the data (lo..hi over `count` coordinates) and its distance
// to theta_ols, against GD's when GD's is finite.
inline std::string rates_sentence(EpsPlacement p, double lo, double hi, std::size_t count,
                                  double d_rms, double d_gd) {
    using common::report::g;
    return "RMSprop ends with rates alpha / " + denominator(p) + " between " + g(lo, 3) +
           " and " + g(hi, 3) + " over the " + std::to_string(count) +
           " coordinates, ||theta - theta_ols|| = " + g(d_rms, 3) +
           (std::isfinite(d_gd) ? ", " + compared(d_rms, d_gd, "less than", "more than") +
                                      " GD's " + g(d_gd, 3) : "") + ".";
}

// The outcome table of three paths, as lines: a heading, then per method its alpha, the first
// step within 0.1 of the minimum, the end point and f there, and a note under any path that
// left the chart.
inline std::vector<std::string> outcome_lines(const ThreePaths& r) {
    using common::report::g;
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-24s %14s %24s %11s", "method", "within 0.1 at",
                  "end point (x, y)", "f(end)");
    std::vector<std::string> lines = {buf};
    for (std::size_t i = 0; i < 3; ++i) {
        const PathOutcome& o = r.outcome[i];
        std::snprintf(buf, sizeof buf, "  %-24s %14s %24s %11.4g",
                      (methods[i] + ", alpha = " + g(r.alpha[i], 4)).c_str(),
                      o.within ? ("step " + std::to_string(*o.within)).c_str() : "never",
                      ("(" + g(o.end[0], 4) + ", " + g(o.end[1], 4) + ")").c_str(), o.f_end);
        lines.push_back(buf);
        if (o.left_chart) {
            lines.push_back("  (" + methods[i] + " leaves the chart at step " +
                            std::to_string(*o.left_chart) + ")");
        }
    }
    return lines;
}

// The three training runs' labels: "GD (alpha 0.4)", "momentum (alpha 0.4)", "RMSprop (alpha 1)".
inline std::vector<std::string> run_labels(double alpha) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < 3; ++i) {
        labels.push_back(methods[i] + " (alpha " +
                         common::report::g(i < 2 ? diabetes_alpha_gd : alpha, 4) + ")");
    }
    return labels;
}

// The training table, as lines: a heading of the runs' labels, then the cost J of each run
// after each epoch in `epochs` ("diverged" once it is not finite or the run stopped).
inline std::vector<std::string> cost_table(const std::vector<std::string>& labels,
                                           const std::vector<gradient_descent::Run<double>>& runs,
                                           const std::vector<std::size_t>& epochs) {
    char buf[48];
    std::string line = "   epoch";
    for (const std::string& label : labels) {
        std::snprintf(buf, sizeof buf, " %20s", label.c_str());
        line += buf;
    }
    std::vector<std::string> lines = {line};
    for (std::size_t e : epochs) {
        std::snprintf(buf, sizeof buf, "  %6zu", e);
        line = buf;
        for (const auto& r : runs) {
            const auto& c = r.history.cost;
            const double J = e <= c.size() ? c[e - 1] : NAN;
            std::snprintf(buf, sizeof buf, " %20s",
                          std::isfinite(J) ? common::report::g(J, 6).c_str() : "diverged");
            line += buf;
        }
        lines.push_back(line);
    }
    return lines;
}

// The cost per epoch of the three runs in their colours, the floor J(theta_ols) dashed, on a
// log axis from the decade below the lowest value (decade_range).
inline common::plot::LineChart cost_chart(const std::vector<gradient_descent::Run<double>>& runs,
                                          double alpha, double J_ols, std::size_t epochs,
                                          std::size_t m_t, const std::string& data_name) {
    common::plot::LineChart chart{.title = "Mini-batch training (m_t = " + std::to_string(m_t) +
                                           ") on " + data_name + ": cost per epoch",
                                  .x_label = "epoch", .y_label = "cost J (log scale)",
                                  .series = {}, .log_y = true};
    const std::vector<std::string> labels = run_labels(alpha);
    for (std::size_t i = 0; i < 3; ++i) {
        chart.series.push_back(common::report::epoch_series(labels[i], runs[i].history.cost));
        chart.series.back().color = common::report::method_color(methods[i]);
    }
    chart.series.push_back(common::report::level_series("least squares", J_ols, 1,
                                                        double(epochs)));
    chart.y_range = decade_range(chart);
    return chart;
}

// The eps table's three columns and the eps figure's three curves: eps inside, eps outside,
// sqrt(eps) outside the root.
inline std::array<std::string, 3> eps_columns(double eps) {
    using common::report::g;
    return {"inside, " + g(eps, 3), "outside, " + g(eps, 3), "outside, " + g(std::sqrt(eps), 3)};
}

// The eps table's rows: |g| = eps_crossing times 10^k for these k (0: the crossing itself).
inline std::vector<int> eps_table_powers(bool full) {
    if (full) return {-5, -4, -3, -2, -1, 0, 1, 2, 3};
    return {-4, -2, 0, 1, 3};
}

// The first step from s = 0 over |g| from 1e-7 to 1e4 times the crossing, log-log, for eps
// inside, eps outside and sqrt(eps) outside (dashed): the eps figure.
inline common::plot::LineChart eps_chart(double beta2, double eps) {
    using common::report::g;
    const double cross = eps_crossing(beta2, eps);
    const std::array<std::string, 3> names = eps_columns(eps);
    common::plot::LineChart chart{
        .title = "First RMSprop step from s = 0, beta2 = " + g(beta2) +
                 ": eps inside or outside the root",
        .x_label = "gradient |g| (log scale)", .y_label = "first step / alpha (log scale)",
        .series = {}, .log_x = true, .log_y = true};
    for (std::size_t c = 0; c < 3; ++c) {
        common::plot::Series s{.label = "eps " + names[c] + (c == 0 ? " (the notes' form)" : ""),
                               .x = {}, .y = {}, .dashed = c == 2};
        for (int i = 0; i <= 100; ++i) s.x.push_back(cross * std::pow(10.0, -7 + 0.11 * i));
        for (double x : s.x) s.y.push_back(eps_first_steps(beta2, eps, x)[c]);
        chart.series.push_back(std::move(s));
    }
    return chart;
}

// The beta2 of the start-up lines: 0.9, 0.99, 0.999, and this run's if it is none of them.
inline std::vector<double> startup_rows(double beta2) {
    std::vector<double> rows = {0.9, 0.99, 0.999};
    if (std::find(rows.begin(), rows.end(), beta2) == rows.end()) rows.push_back(beta2);
    return rows;
}

// "beta2 = 0.99: step 1 is 10 alpha, within 1% of alpha from step 391".
inline std::string startup_line(double beta2) {
    using common::report::g;
    return "beta2 = " + g(beta2) + ": step 1 is " + g(startup_factor(beta2, 1), 3) +
           " alpha, within 1% of alpha from step " + std::to_string(startup_over_at(beta2));
}

}  // namespace rmsprop
