// adam.hpp: chapter 5 of the notes, Adam = momentum's v plus RMSprop's s, both corrected
// for starting at 0:
//   v := beta1 v + (1 - beta1) dtheta         s := beta2 s + (1 - beta2) dtheta^2
//   v_corrected = v / (1 - beta1^t)           s_corrected = s / (1 - beta2^t)
//   theta := theta - alpha v_corrected / sqrt(s_corrected + eps)
// AdamRule is those five lines; Adam holds v, s and t and runs it. Then what the chapter
// measures with it: the bias-corrected moments
// v_corrected = v / (1 - beta1^t), s_corrected = s / (1 - beta2^t), the size of the first
// steps with and without the corrections, the step for a given gradient under each eps
// placement, and the side-by-side of the four methods on one regression.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/02-ewma/ewma.hpp"
#include "chapters/03-momentum/momentum.hpp"
#include "chapters/04-rmsprop/rmsprop.hpp"

namespace adam {

using rmsprop::EpsPlacement;

// ---- The update ------------------------------------------------------------------
// Convention: t counts the steps from 1, as the notes' "iteration t" does.

// One coordinate (or W of them at once) of the notes' Adam step, one statement per line of
// the notes. beta1_t and beta2_t are beta1^t and beta2^t at this step (0 with bias
// correction off, which leaves v_corrected = v and s_corrected = s).
template <class T>
struct AdamRule {
    T alpha;
    T beta1;
    T beta2;
    T eps;
    T beta1_t;  // beta1^t
    T beta2_t;  // beta2^t
    EpsPlacement eps_placement;

    template <class V>
    void operator()(V& theta, V& v, V& s, const V& dtheta) const {
        using std::sqrt;  // sqrt(x): std::sqrt for T, the SIMD sqrt for native_simd<T>
        // EXERCISE adam: v, s as in momentum and RMSprop; v_corrected, s_corrected; the step
        v = ewma::step(v, dtheta, beta1);           // v := beta1 v + (1 - beta1) dtheta
        s = ewma::step(s, dtheta * dtheta, beta2);  // s := beta2 s + (1 - beta2) dtheta^2
        const V v_corrected = v / (T(1) - beta1_t);  // v_corrected = v / (1 - beta1^t)
        const V s_corrected = s / (T(1) - beta2_t);  // s_corrected = s / (1 - beta2^t)
        if (eps_placement == EpsPlacement::inside) {
            // theta := theta - alpha v_corrected / sqrt(s_corrected + eps)
            theta = theta - alpha * v_corrected / sqrt(s_corrected + eps);
        } else {
            theta = theta - alpha * v_corrected / (sqrt(s_corrected) + eps);
        }
        // END EXERCISE
    }
};

template <class T>
struct Adam {
    struct Hyper {
        T alpha = T(0.001);  // learning rate
        T beta1 = T(0.9);    // first moment: v averages dtheta (the momentum part)
        T beta2 = T(0.999);  // second moment: s averages dtheta^2 (the RMSprop part)
        T eps = T(1e-8);     // keeps the division finite where s is near 0
        EpsPlacement eps_placement = EpsPlacement::inside;  // Convention: sqrt(s + eps)
        bool bias_correction = true;  // divide by 1 - beta^t (the chapter turns it off to see why)
    } hyper;
    std::vector<T> v{};  // state: an EWMA of dtheta
    std::vector<T> s{};  // state: an EWMA of dtheta^2
    long t = 0;          // state: steps taken

    void step(std::span<T> theta, std::span<const T> dtheta,
              common::Engine engine = common::Engine::simd) {
        common::size_state("Adam", theta, dtheta, v, s);
        t += 1;  // on iteration t
        const bool on = hyper.bias_correction;
        const AdamRule<T> rule{.alpha = hyper.alpha, .beta1 = hyper.beta1,
                               .beta2 = hyper.beta2, .eps = hyper.eps,
                               .beta1_t = on ? std::pow(hyper.beta1, T(t)) : T(0),
                               .beta2_t = on ? std::pow(hyper.beta2, T(t)) : T(0),
                               .eps_placement = hyper.eps_placement};
        common::run(engine, rule, theta, dtheta, std::span<T>(v), std::span<T>(s));
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
    return v / ewma::bias_correction(beta1, t);
}

// s_corrected = s / (1 - beta2^t): the second moment without its start-at-0 bias.
inline double s_corrected(double s, double beta2, long t) {
    return s / ewma::bias_correction(beta2, t);
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

}  // namespace adam
