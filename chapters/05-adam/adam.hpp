// adam.hpp: the notes' section on Adam, Adam = momentum's v plus RMSprop's s, both corrected
// for starting at 0:
//   v := beta1 v + (1 - beta1) dtheta         s := beta2 s + (1 - beta2) dtheta^2
//   v_corrected = v / (1 - beta1^t)           s_corrected = s / (1 - beta2^t)
//   theta := theta - alpha v_corrected / sqrt(s_corrected + eps)
// AdamRule is those five lines; Adam holds v, s and t and runs it. Then what the chapter
// measures with it: the bias-corrected moments, the size of the first steps with and
// without the corrections (and where they settle), the step for a given gradient under
// each eps placement, the four methods' paths on a 2-D function and which end near the
// minimum, the methods on one regression and the alpha picked for each, and Adam's
// training runs. Beyond the notes (the last section): AdamW, Adam with an L2 term and
// AMSGrad, built on AdamRule's moments and step, and what the chapter measures with them.
// What the program prints and draws from these is in story.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/02-ewma/ewma.hpp"
#include "chapters/03-momentum/momentum.hpp"
#include "chapters/04-rmsprop/rmsprop.hpp"
#include "common/functions_2d.hpp"
#include "common/io/report.hpp"
#include "common/random.hpp"

namespace adam {

using rmsprop::EpsPlacement;

// ---- The update ------------------------------------------------------------------
// Convention: t counts the steps from 1, as the notes' "iteration t" does.

// v_corrected = v / (1 - beta1^t), and s_corrected = s / (1 - beta2^t): a moment without
// its start-at-0 bias. bias_correction is the divisor 1 - beta^t at this step (1 with bias
// correction off, which leaves the moment as it is). Generic: V is T or native_simd<T>.
template <class V, class T>
V corrected(const V& moment, T bias_correction) {
    // EXERCISE adam: v_corrected = v / (1 - beta1^t), s_corrected = s / (1 - beta2^t)
    return moment / bias_correction;
    // END EXERCISE, stub: return V(0);
}

// One coordinate (or W of them at once) of the notes' Adam step, one statement per line of
// the notes. moments() is the first two lines, step() the last three: the rules beyond the
// notes (AdamW, Adam-L2, AMSGrad) call them rather than repeat them.
// The fields are T; adam_rule() computes each in double from the hyperparameters and rounds
// it once to T, as torch.optim does (its betas are Python floats). In float, computing
// 1 - beta2 from float(beta2) = 0.99998999... instead gives 1.00136e-5 for beta2 = 0.99999:
// s comes out 1.4e-3 too large, relative, after a few hundred steps.
template <class T>
struct AdamRule {
    T alpha;
    T beta1;
    T beta2;
    T one_minus_beta1;   // 1 - beta1, computed in double, rounded once
    T one_minus_beta2;   // 1 - beta2, likewise
    T eps;
    T bias_correction1;  // 1 - beta1^t, computed in double, rounded once (1: correction off)
    T bias_correction2;  // 1 - beta2^t, likewise
    EpsPlacement eps_placement;

    template <class V>
    void operator()(V& theta, V& v, V& s, const V& dtheta) const {
        moments(v, s, dtheta);
        step(theta, v, s);
    }

    // v := beta1 v + (1 - beta1) dtheta and s := beta2 s + (1 - beta2) dtheta^2.
    template <class V>
    void moments(V& v, V& s, const V& dtheta) const {
        // EXERCISE adam: v := beta1 v + (1 - beta1) dtheta
        v = beta1 * v + one_minus_beta1 * dtheta;
        // END EXERCISE
        // EXERCISE adam: s := beta2 s + (1 - beta2) dtheta^2
        s = beta2 * s + one_minus_beta2 * (dtheta * dtheta);
        // END EXERCISE
    }

    // The step from the moments v and s: corrected, then theta moves.
    template <class V>
    void step(V& theta, const V& v, const V& s) const {
        using std::sqrt;  // sqrt(x): std::sqrt for T, the SIMD sqrt for native_simd<T>
        const V v_corrected = corrected(v, bias_correction1);  // v / (1 - beta1^t)
        const V s_corrected = corrected(s, bias_correction2);  // s / (1 - beta2^t)
        // EXERCISE adam: theta := theta - alpha v_corrected / sqrt(s_corrected + eps)
        if (eps_placement == EpsPlacement::inside) {
            theta = theta - alpha * v_corrected / sqrt(s_corrected + eps);
        } else {  // eps outside, as torch.optim: theta - alpha v_corrected / (sqrt(s_c) + eps)
            theta = theta - alpha * v_corrected / (sqrt(s_corrected) + eps);
        }
        // END EXERCISE
    }
};

// The rule of step t (from 1) for Adam's hyperparameters (any struct with Adam's fields,
// held in double): 1 - beta and 1 - beta^t (ewma::bias_correction, or 1 with bias
// correction off) computed in double, then every field rounded once to T.
template <class T, class H>
AdamRule<T> adam_rule(const H& hyper, long t) {
    const bool on = hyper.bias_correction;
    const double beta1 = hyper.beta1, beta2 = hyper.beta2;
    return {.alpha = T(hyper.alpha), .beta1 = T(beta1), .beta2 = T(beta2),
            .one_minus_beta1 = T(1 - beta1), .one_minus_beta2 = T(1 - beta2),
            .eps = T(hyper.eps),
            .bias_correction1 = on ? T(ewma::bias_correction(beta1, t)) : T(1),
            .bias_correction2 = on ? T(ewma::bias_correction(beta2, t)) : T(1),
            .eps_placement = hyper.eps_placement};
}

// The hyperparameters are double for every T, as torch.optim's are Python floats.
template <class T>
struct Adam {
    struct Hyper {
        double alpha = 0.001;  // learning rate
        double beta1 = 0.9;    // first moment: v averages dtheta (the momentum part)
        double beta2 = 0.999;  // second moment: s averages dtheta^2 (the RMSprop part)
        double eps = 1e-8;     // keeps the division finite where s is near 0
        EpsPlacement eps_placement = EpsPlacement::inside;  // Convention: sqrt(s + eps)
        bool bias_correction = true;  // divide by 1 - beta^t (the chapter turns it off to see why)
    } hyper;
    common::aligned_vector<T> v{};  // state: an EWMA of dtheta
    common::aligned_vector<T> s{};  // state: an EWMA of dtheta^2
    long t = 0;          // state: steps taken

    void step(std::span<T> theta, std::span<const T> dtheta,
              common::Engine engine = common::Engine::simd) {
        common::size_state("Adam", theta, dtheta, v, s);
        t += 1;  // on iteration t
        common::run(engine, adam_rule<T>(hyper, t), theta, dtheta, std::span<T>(v),
                    std::span<T>(s));
    }
    void reset() {
        v.clear();
        s.clear();
        t = 0;
    }
};

using Hyper = Adam<double>::Hyper;

// v_corrected = v / (1 - beta1^t): the first moment without its start-at-0 bias.
inline double v_corrected(double v, double beta1, long t) {
    return corrected(v, ewma::bias_correction(beta1, t));
}

// s_corrected = s / (1 - beta2^t): the second moment without its start-at-0 bias.
inline double s_corrected(double s, double beta2, long t) {
    return corrected(s, ewma::bias_correction(beta2, t));
}

// How much larger the uncorrected step v / sqrt(s) is than the corrected one
// v_corrected / sqrt(s_corrected) at step t, eps negligible:
//   (1 - beta1^t) / sqrt(1 - beta2^t)   (= 0.1 / sqrt(0.001) = 3.16 at t = 1 for the defaults)
inline double uncorrected_step_ratio(double beta1, double beta2, long t) {
    return ewma::bias_correction(beta1, t) / std::sqrt(ewma::bias_correction(beta2, t));
}

// One row of the bias-correction table: the states after step t and the step taken.
struct FirstStep {
    long t;
    double dtheta;            // the gradient fed at step t
    double v, v_corrected;    // first moment, raw and corrected
    double s, s_corrected;    // second moment, raw and corrected
    double step;              // |theta_{t-1} - theta_t| with the corrections
    double step_uncorrected;  // the same without them (same v and s: they do not depend on theta)
};

// Feeds one parameter the gradients dtheta_1, dtheta_2, ... and records Adam's states and
// step sizes, once with bias correction and once without (adam::Adam both times).
inline std::vector<FirstStep> first_steps(Hyper hyper, std::span<const double> dtheta) {
    hyper.bias_correction = true;
    adam::Adam<double> corrected{.hyper = hyper};
    hyper.bias_correction = false;
    adam::Adam<double> uncorrected{.hyper = hyper};
    std::vector<FirstStep> rows;
    double theta_c = 0, theta_u = 0;
    for (std::size_t k = 0; k < dtheta.size(); ++k) {
        const double before_c = theta_c, before_u = theta_u;
        const double g = dtheta[k];
        corrected.step(std::span<double>(&theta_c, 1), std::span<const double>(&g, 1));
        uncorrected.step(std::span<double>(&theta_u, 1), std::span<const double>(&g, 1));
        const long t = corrected.t;
        const double v = corrected.v[0], s = corrected.s[0];
        rows.push_back({.t = t,
                        .dtheta = g,
                        .v = v,
                        .v_corrected = v_corrected(v, hyper.beta1, t),
                        .s = s,
                        .s_corrected = s_corrected(s, hyper.beta2, t),
                        .step = std::abs(theta_c - before_c),
                        .step_uncorrected = std::abs(theta_u - before_u)});
    }
    return rows;
}

// Where the uncorrected steps of first_steps() stand against the corrected ones: the step
// furthest from it (longest for the defaults; shortest when beta1 is large and beta2 small)
// and the first t from which every uncorrected step is within `within` (10%) of it.
struct UncorrectedScan {
    long peak_t = 0;          // the t whose ratio uncorrected / corrected is furthest from 1
    double peak_ratio = 1;    // that ratio: the uncorrected step in corrected steps
    long settled_t = 0;       // from this t on all are within; 0: the last row is still off
};

inline UncorrectedScan scan_uncorrected(std::span<const FirstStep> rows, double within = 0.1) {
    UncorrectedScan scan;
    double furthest = -1;
    bool last_off = false;
    for (const FirstStep& r : rows) {
        const double ratio = r.step_uncorrected / r.step;
        if (std::abs(std::log(ratio)) > furthest) {  // in log: 2x as far off as 0.5x
            furthest = std::abs(std::log(ratio));
            scan.peak_t = r.t;
            scan.peak_ratio = ratio;
        }
        last_off = std::abs(ratio - 1) > within;
        if (last_off) scan.settled_t = r.t + 1;
    }
    if (rows.empty()) return scan;
    if (last_off) scan.settled_t = 0;
    else if (scan.settled_t == 0) scan.settled_t = rows.front().t;
    return scan;
}

// The size of Adam's first step (t = 1) for a gradient dtheta, under the given settings.
// With bias correction, v_corrected = dtheta and s_corrected = dtheta^2 at t = 1, so this is
//   alpha |dtheta| / sqrt(dtheta^2 + eps)   (inside)   or   alpha |dtheta| / (|dtheta| + eps)
// (outside): where eps sits decides how small gradients are treated.
inline double first_step(const Hyper& hyper, double dtheta) {
    adam::Adam<double> opt{.hyper = hyper};
    double theta = 0;
    opt.step(std::span<double>(&theta, 1), std::span<const double>(&dtheta, 1));
    return std::abs(theta);
}

// Whether eps shapes the steps of a run: the smallest root mean square sqrt(s_corrected)
// (smallest_rms) within 100 times sqrt(eps), where sqrt(s + eps) and sqrt(s) + eps part.
inline bool eps_matters(double smallest_rms, double eps) {
    return smallest_rms <= 100 * std::sqrt(eps);
}

// ---- The four methods on one regression, same budget -------------------------------

enum class Method { gd, momentum, rmsprop, adam };

inline constexpr Method all_methods[] = {Method::gd, Method::momentum, Method::rmsprop,
                                         Method::adam};

inline std::string_view name(Method m) {
    switch (m) {
        case Method::gd: return "GD";
        case Method::momentum: return "momentum";
        case Method::rmsprop: return "RMSprop";
        case Method::adam: return "Adam";
    }
    return "?";
}

// theta after the last epoch, cost and theta after each epoch, and the run's alpha.
using Run = gradient_descent::Run<double>;

// One method with learning rate alpha, from theta = 0 (gradient_descent::train_from_zero: the same
// seed gives every method the same mini-batches). The other hyperparameters come from
// Adam's, so the comparison isolates the two halves of Adam: momentum uses beta = beta1,
// RMSprop uses beta2, eps and the eps placement; Adam uses all of them.
inline Run train_method(Method m, const gradient_descent::Dataset<double>& data, double alpha,
                        const Hyper& hyper, const gradient_descent::TrainOptions& options,
                        std::uint64_t seed) {
    switch (m) {
        case Method::gd: {
            gradient_descent::Sgd<double> o;
            o.hyper.alpha = alpha;
            return gradient_descent::train_from_zero(data, o, options, seed);
        }
        case Method::momentum: {
            momentum::Momentum<double> o;
            o.hyper.alpha = alpha;
            o.hyper.beta = hyper.beta1;
            return gradient_descent::train_from_zero(data, o, options, seed);
        }
        case Method::rmsprop: {
            rmsprop::RmsProp<double> o;
            o.hyper = {.alpha = alpha, .beta2 = hyper.beta2, .eps = hyper.eps,
                       .eps_placement = hyper.eps_placement};
            return gradient_descent::train_from_zero(data, o, options, seed);
        }
        case Method::adam: {
            adam::Adam<double> o{.hyper = hyper};
            o.hyper.alpha = alpha;
            return gradient_descent::train_from_zero(data, o, options, seed);
        }
    }
    return {};
}

// The smallest root mean square sqrt(s_corrected) over the coordinates: how small the
// gradients Adam divides by have become (eps matters only where this nears sqrt(eps)).
inline double smallest_rms(const adam::Adam<double>& opt) {
    double smallest = INFINITY;
    for (double s : opt.s) {
        const double s_hat = opt.hyper.bias_correction ? s_corrected(s, opt.hyper.beta2, opt.t) : s;
        smallest = std::min(smallest, std::sqrt(s_hat));
    }
    return smallest;
}

// A method's runs over a grid of alphas, and the one picked: the lowest final cost among
// the runs that did not diverge. picked == runs.size() when every run diverged.
struct Pick {
    std::vector<Run> runs;  // one per alpha of the grid, in the grid's order
    std::size_t picked = 0;
    bool found() const { return picked < runs.size(); }
    const Run& best() const { return runs.at(picked); }
};

inline Pick pick_alpha(Method m, const gradient_descent::Dataset<double>& data,
                       std::span<const double> grid, const Hyper& hyper,
                       const gradient_descent::TrainOptions& options, std::uint64_t seed) {
    Pick p;
    p.picked = grid.size();
    for (std::size_t k = 0; k < grid.size(); ++k) {
        p.runs.push_back(train_method(m, data, grid[k], hyper, options, seed));
        const auto& h = p.runs.back().history;
        if (h.diverged_at != 0) continue;
        if (!p.found() || h.cost.back() < p.best().history.cost.back()) p.picked = k;
    }
    return p;
}

// The first of the picked runs to come within 1% of J(theta_ols) (the lowest epoch; ties go
// to the earlier method); picks.size() if none does.
inline std::size_t first_within(std::span<const Pick> picks, double J_ols) {
    std::size_t first = picks.size(), best = 0;
    for (std::size_t k = 0; k < picks.size(); ++k) {
        if (!picks[k].found()) continue;
        const std::size_t e =
            gradient_descent::epochs_to_within(picks[k].best().history.cost, J_ols, 1.01);
        if (e != 0 && (first == picks.size() || e < best)) {
            first = k;
            best = e;
        }
    }
    return first;
}

// ---- The four methods' paths on a 2-D function ---------------------------------------

struct PathRun {
    Method method;
    double alpha;
    common::Path2d points;  // point k: theta after k steps
};

// Each method's path from fn.start: GD, momentum (beta = beta1) and RMSprop (Adam's beta2, eps
// and placement) at the alphas `earlier` (in that order), Adam with `hyper` at adam_alpha.
inline std::vector<PathRun> paths(const common::Function2d& fn, std::span<const double, 3> earlier,
                                  double adam_alpha, const Hyper& hyper, std::size_t steps) {
    gradient_descent::Sgd<double> gd{.hyper = {.alpha = earlier[0]}};
    momentum::Momentum<double> mo{.hyper = {.alpha = earlier[1], .beta = hyper.beta1}};
    rmsprop::RmsProp<double> rms{.hyper = {.alpha = earlier[2], .beta2 = hyper.beta2,
                                           .eps = hyper.eps,
                                           .eps_placement = hyper.eps_placement}};
    Adam<double> ad{.hyper = hyper};
    ad.hyper.alpha = adam_alpha;
    return {{Method::gd, earlier[0], common::path_2d(fn, gd, steps)},
            {Method::momentum, earlier[1], common::path_2d(fn, mo, steps)},
            {Method::rmsprop, earlier[2], common::path_2d(fn, rms, steps)},
            {Method::adam, adam_alpha, common::path_2d(fn, ad, steps)}};
}

// The methods whose path ends within `radius` of fn's minimum, in the order of `runs`.
inline std::vector<Method> methods_within(const common::Function2d& fn,
                                          std::span<const PathRun> runs, double radius) {
    std::vector<Method> within;
    for (const PathRun& r : runs) {
        if (!r.points.empty() && common::distance_to_minimum(fn, r.points.back()) < radius) {
            within.push_back(r.method);
        }
    }
    return within;
}

// ---- The data: its most correlated features -----------------------------------------

// The two features (the intercept aside) whose columns are most correlated, and their
// correlation r. |r| near 1 makes J nearly flat along one direction (the two can trade
// weight), so theta can stay far from theta_ols while J is already close to J(theta_ols).
struct FeaturePair {
    std::string a, b;
    double r = 0;
    bool found() const { return !a.empty(); }
};

inline FeaturePair most_correlated(const gradient_descent::Dataset<double>& d) {
    const std::size_t m = d.m();
    std::vector<std::vector<double>> z;  // each feature centred and scaled to unit length
    std::vector<std::size_t> index;
    for (std::size_t j = 0; j < d.p(); ++j) {
        const auto row = d.X.row(j);
        double mean = 0, ss = 0;
        for (double x : row) mean += x / double(m);
        for (double x : row) ss += (x - mean) * (x - mean);
        if (!(ss > 0)) continue;  // the intercept x_0 = 1, or any constant column
        std::vector<double> c;
        for (double x : row) c.push_back((x - mean) / std::sqrt(ss));
        z.push_back(std::move(c));
        index.push_back(j);
    }
    FeaturePair best;
    for (std::size_t a = 0; a < z.size(); ++a) {
        for (std::size_t b = a + 1; b < z.size(); ++b) {
            double r = 0;
            for (std::size_t k = 0; k < m; ++k) r += z[a][k] * z[b][k];
            if (!best.found() || std::abs(r) > std::abs(best.r)) {
                best = {d.features[index[a]], d.features[index[b]], r};
            }
        }
    }
    return best;
}

// The project's own line for calling two features nearly collinear: |r| >= 0.8.
inline bool nearly_collinear(double r) { return std::abs(r) >= 0.8; }

// ---- Adam's training runs on one regression ------------------------------------------

// The default learning rate of the Adam paper and of PyTorch (the notes: alpha "needs to be
// tuned"), the program's second training run.
inline constexpr double paper_alpha = 0.001;

// Adam trained on one regression three ways, from theta = 0 on the same mini-batches: with
// `hyper`, at alpha = paper_alpha, and at hyper.alpha with bias correction the other way.
struct Variants {
    std::vector<Run> runs;
    std::vector<std::string> names;  // "alpha = 1", "alpha = 0.001", "alpha = 1, uncorrected"
    double smallest_rms = 0;         // smallest_rms() of the first run at its end
};

inline Variants train_variants(const gradient_descent::Dataset<double>& data, const Hyper& hyper,
                               const gradient_descent::TrainOptions& options,
                               std::uint64_t seed) {
    using common::report::g;
    Adam<double> opt{.hyper = hyper};
    Hyper other = hyper;
    other.bias_correction = !hyper.bias_correction;
    const std::string how = hyper.bias_correction ? "" : ", uncorrected";
    Variants v;
    v.runs = {gradient_descent::train_from_zero(data, opt, options, seed),
              train_method(Method::adam, data, paper_alpha, hyper, options, seed),
              train_method(Method::adam, data, hyper.alpha, other, options, seed)};
    v.names = {"alpha = " + g(hyper.alpha) + how, "alpha = " + g(paper_alpha) + how,
               "alpha = " + g(hyper.alpha) + (hyper.bias_correction ? ", uncorrected"
                                                                    : ", corrected")};
    v.smallest_rms = smallest_rms(opt);
    return v;
}

// ==== Beyond the notes ==================================================================
// Three rules the notes do not state, each Adam's moments and step (AdamRule::moments and
// ::step above) with one line more; lambda is the weight decay, s_max a running maximum:
//   AdamW (decoupled weight decay):  theta := theta - alpha lambda theta, then Adam's step
//   Adam with an L2 term:            dtheta := dtheta + lambda theta, then Adam's step
//   AMSGrad:                          after v and s, s_max := max(s_max, s); the step divides
//                                     by sqrt(s_max / (1 - beta2^t) + eps) instead
// In torch.optim: AdamW(weight_decay=lambda), Adam(weight_decay=lambda), Adam(amsgrad=True)
// (all with eps outside the root). Then what the chapter measures with them: the decay
// each of the first two applies to coordinates of different gradient scales, and the
// counterexample of Reddi, Kale and Kumar (2018) where Adam ends at the worst point.

// AdamW: the decay first, on theta before this step, then the notes' Adam step.
template <class T>
struct AdamWRule {
    AdamRule<T> adam;
    T weight_decay;  // lambda

    template <class V>
    void operator()(V& theta, V& v, V& s, const V& dtheta) const {
        const T alpha = adam.alpha, lambda = weight_decay;
        // EXERCISE adam: theta := theta - alpha lambda theta
        theta = theta - alpha * lambda * theta;
        // END EXERCISE
        adam(theta, v, s, dtheta);
    }
};

// Adam with an L2 term lambda/2 ||theta||^2 in the cost: its gradient joins dtheta before v
// and s, so the decay is divided by sqrt(s_corrected) like the rest of the step.
template <class T>
struct AdamL2Rule {
    AdamRule<T> adam;
    T weight_decay;  // lambda

    template <class V>
    void operator()(V& theta, V& v, V& s, const V& dtheta) const {
        const V dtheta_l2 = dtheta + weight_decay * theta;  // dtheta := dtheta + lambda theta
        adam(theta, v, s, dtheta_l2);
    }
};

// AMSGrad as torch.optim runs it: the running maximum of the uncorrected s, corrected with
// this step's beta2^t (not the maximum of the corrected s_corrected).
template <class T>
struct AmsGradRule {
    AdamRule<T> adam;

    // always_inline: the SIMD max carries its own optimize attribute, after which g++ 12
    // would leave this call out of the SIMD loop (3x the time; tests/bench/README.md).
    template <class V>
    [[gnu::always_inline]] void operator()(V& theta, V& v, V& s, V& s_max,
                                           const V& dtheta) const {
        using std::max;  // max(a, b): std::max for T, the lane-wise max for native_simd<T>
        adam.moments(v, s, dtheta);
        // EXERCISE adam: s_max := max(s_max, s)
        s_max = max(s_max, s);
        // END EXERCISE
        adam.step(theta, v, s_max);
    }
};

// Adam's hyperparameters plus lambda, for AdamW and AdamL2: double for every T, as Adam's.
template <class T>
struct DecayHyper {
    double alpha = 0.001;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    EpsPlacement eps_placement = EpsPlacement::inside;
    bool bias_correction = true;
    double weight_decay = 0.01;  // lambda: torch's AdamW default (its Adam's is 0)
};

// AdamW or AdamL2 (Rule), holding v, s and t like Adam.
template <class T, template <class> class Rule>
struct DecayedAdam {
    using Hyper = DecayHyper<T>;
    Hyper hyper;
    common::aligned_vector<T> v{};
    common::aligned_vector<T> s{};
    long t = 0;

    void step(std::span<T> theta, std::span<const T> dtheta,
              common::Engine engine = common::Engine::simd) {
        common::size_state("Adam with weight decay", theta, dtheta, v, s);
        t += 1;
        const Rule<T> rule{.adam = adam_rule<T>(hyper, t),
                           .weight_decay = T(hyper.weight_decay)};
        common::run(engine, rule, theta, dtheta, std::span<T>(v), std::span<T>(s));
    }
    void reset() {
        v.clear();
        s.clear();
        t = 0;
    }
};

template <class T>
using AdamW = DecayedAdam<T, AdamWRule>;
template <class T>
using AdamL2 = DecayedAdam<T, AdamL2Rule>;

template <class T>
struct AmsGrad {
    using Hyper = typename Adam<T>::Hyper;
    Hyper hyper;
    common::aligned_vector<T> v{};
    common::aligned_vector<T> s{};
    common::aligned_vector<T> s_max{};  // state: the largest s so far (uncorrected)
    long t = 0;

    void step(std::span<T> theta, std::span<const T> dtheta,
              common::Engine engine = common::Engine::simd) {
        common::size_state("AMSGrad", theta, dtheta, v, s, s_max);
        t += 1;
        const AmsGradRule<T> rule{.adam = adam_rule<T>(hyper, t)};
        common::run(engine, rule, theta, dtheta, std::span<T>(v), std::span<T>(s),
                    std::span<T>(s_max));
    }
    void reset() {
        v.clear();
        s.clear();
        s_max.clear();
        t = 0;
    }
};

// ---- AdamW against Adam with L2: the decay of coordinates of different gradient scales --

// Coordinates that all start at theta_0 and get gradients of pure noise (mean 0, standard
// deviation `scale`), so only the decay pulls them towards 0. Each rule runs twice on the
// same gradients, with lambda and with lambda = 0; the decay of a coordinate is the gap
// between the two at the end, as a fraction of what a decay of alpha lambda theta at every
// step adds up to: (theta without decay - theta with it) / (alpha lambda sum of theta_{t-1}),
// theta_{t-1} of the run with decay. AdamW's is 1 by its first line (the Adam steps of the
// two runs are the same); Adam-L2's is about 1 / sqrt(s_corrected).
struct DecayShare {
    std::vector<double> share;  // per coordinate: the decay applied / alpha lambda theta
    std::vector<double> rms;    // per coordinate: sqrt(s_corrected) of the run with decay
};

template <template <class> class Rule>
DecayShare decay_share(const DecayHyper<double>& hyper, std::span<const double> scales,
                       double theta0, long steps, std::uint64_t seed) {
    DecayedAdam<double, Rule> with{.hyper = hyper}, without{.hyper = hyper};
    without.hyper.weight_decay = 0;
    std::vector<double> a(scales.size(), theta0), b(a), g(a.size()), sum(a.size(), 0.0);
    common::Rng rng(seed);
    for (long t = 0; t < steps; ++t) {
        for (std::size_t i = 0; i < g.size(); ++i) {
            g[i] = scales[i] * rng.normal();
            sum[i] += a[i];
        }
        with.step(std::span<double>(a), std::span<const double>(g));
        without.step(std::span<double>(b), std::span<const double>(g));
    }
    DecayShare d;
    for (std::size_t i = 0; i < a.size(); ++i) {
        d.share.push_back((b[i] - a[i]) / (hyper.alpha * hyper.weight_decay * sum[i]));
        d.rms.push_back(std::sqrt(s_corrected(with.s[i], hyper.beta2, with.t)));
    }
    return d;
}

struct DecayComparison {
    DecayHyper<double> hyper;
    double theta0;
    long steps;
    std::vector<double> scales;
    DecayShare adamw, l2;
};

inline DecayComparison compare_decay(const DecayHyper<double>& hyper,
                                     std::vector<double> scales, double theta0, long steps,
                                     std::uint64_t seed) {
    return {.hyper = hyper, .theta0 = theta0, .steps = steps, .scales = scales,
            .adamw = decay_share<AdamWRule>(hyper, scales, theta0, steps, seed),
            .l2 = decay_share<AdamL2Rule>(hyper, scales, theta0, steps, seed)};
}

// ---- AMSGrad and the counterexample of Reddi, Kale and Kumar (ICLR 2018) --------------

// The online problem of their Theorem 1: on [-1, 1], f_t(x) = C x when t mod 3 = 1 and -x
// otherwise. The gradients sum to (C - 2) per three steps, so for C > 2 the best fixed
// point is x = -1.
inline double reddi_gradient(double C, long t) { return t % 3 == 1 ? C : -1.0; }

// One run: x_t played at step t, then an optimizer step with alpha / sqrt(t) and a
// projection onto [-1, 1]. x: x_t after each step; regret: R_t / t after each step, where
// R_t = sum of f_k(x_k) - min over x in [-1, 1] of sum of f_k(x) (= -|sum of gradients|).
struct OnlineRun {
    std::vector<double> x, average_regret;
    double end() const { return x.back(); }
    double regret() const { return average_regret.back(); }
};

template <class Optimizer>
OnlineRun reddi_run(Optimizer opt, double C, double alpha, double x1, long steps) {
    OnlineRun run;
    double x = x1, loss = 0, sum_g = 0;
    for (long t = 1; t <= steps; ++t) {
        const double g = reddi_gradient(C, t);
        loss += g * x;  // f_t(x_t) = g_t x_t: the problem is linear
        sum_g += g;
        opt.hyper.alpha = alpha / std::sqrt(double(t));
        opt.step(std::span<double>(&x, 1), std::span<const double>(&g, 1));
        x = std::clamp(x, -1.0, 1.0);
        run.x.push_back(x);
        run.average_regret.push_back((loss + std::abs(sum_g)) / double(t));
    }
    return run;
}

// The three runs of the chapter: Adam and AMSGrad with beta1 = 0, beta2 = 1 / (1 + C^2)
// (Theorem 1's), and Adam with the usual beta1 = 0.9, beta2 = 0.999.
struct Reddi {
    double C, alpha, x1;
    long steps;
    bool bias_correction;
    OnlineRun adam, amsgrad, adam_usual;
};

inline Reddi reddi(double C, double alpha, double x1, long steps, bool bias_correction) {
    Hyper theorem{.alpha = alpha, .beta1 = 0, .beta2 = 1 / (1 + C * C), .eps = 1e-8,
                  .eps_placement = EpsPlacement::inside, .bias_correction = bias_correction};
    Hyper usual = theorem;
    usual.beta1 = 0.9;
    usual.beta2 = 0.999;
    return {.C = C, .alpha = alpha, .x1 = x1, .steps = steps,
            .bias_correction = bias_correction,
            .adam = reddi_run(Adam<double>{.hyper = theorem}, C, alpha, x1, steps),
            .amsgrad = reddi_run(AmsGrad<double>{.hyper = theorem}, C, alpha, x1, steps),
            .adam_usual = reddi_run(Adam<double>{.hyper = usual}, C, alpha, x1, steps)};
}

}  // namespace adam
