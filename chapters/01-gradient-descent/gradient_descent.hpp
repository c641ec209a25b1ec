// gradient_descent.hpp: the notes' first section, batch, stochastic and mini-batch
// gradient descent on the linear model h_theta(x) = theta^T x with squared loss.
// The three variants differ only in how many examples feed each update:
// batch m_t = m (one update per epoch), stochastic m_t = 1 (m updates per epoch, in a
// new random order each epoch), mini-batch m_t (T = ceil(m / m_t) updates per epoch).
//   theta := theta - alpha dtheta                 (the plain step: SgdRule, Sgd)
// The model, its cost J and gradient dtheta: linear_model.hpp; the loop over epochs and
// mini-batches: train.hpp. Later chapters include this header for both.
// What a run showed is measured here too (Outcome: divergence, final J, distance to theta_ols,
// epochs to within 1% of J(theta_ols); step_limit; first_within, lowest_J, nearest); the
// words, tables and figures the chapter program makes of them are in story.hpp.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/01-gradient-descent/train.hpp"
#include "common/update_loop.hpp"

namespace gradient_descent {

using common::Engine;

// ---- The plain step -----------------------------------------------------------------
// The rule is written once, for one number or W numbers at once (V = T or native_simd<T>);
// common::run takes it over the whole of theta, one coordinate or W at a time.
template <class T>
struct SgdRule {
    T alpha;

    template <class V>
    void operator()(V& theta, const V& dtheta) const {
        theta = theta - alpha * dtheta;  // theta := theta - alpha dtheta
    }
};

template <class T>
struct Sgd {
    struct Hyper {
        T alpha = T(0.01);  // learning rate
    } hyper;

    void step(std::span<T> theta, std::span<const T> dtheta,
              Engine engine = Engine::simd) {
        common::run(engine, SgdRule<T>{.alpha = hyper.alpha}, theta, dtheta);
    }
    // The same step on one example's gradient -(y - theta^T x) x, fused with it
    // (linear_model.hpp): train() takes it for stochastic GD.
    void step_on_example(std::span<T> theta, std::span<const T> x, T y) {
        sgd_step_on_example(theta, x, y, hyper.alpha);
    }
    void reset() {}  // no state
};

// ---- The three variants -------------------------------------------------------------

enum class Variant { batch, stochastic, minibatch };

inline constexpr Variant all_variants[] = {Variant::batch, Variant::stochastic,
                                           Variant::minibatch};

inline std::string_view name(Variant v) {
    switch (v) {
        case Variant::batch: return "batch";
        case Variant::stochastic: return "stochastic";
        case Variant::minibatch: return "mini-batch";
    }
    return "?";
}

// How many examples feed one update: m, 1 or m_t.
inline std::size_t batch_size(Variant v, std::size_t m, std::size_t m_t) {
    switch (v) {
        case Variant::batch: return m;           // all m examples per update
        case Variant::stochastic: return 1;      // one example per update
        case Variant::minibatch: return m_t;     // m = m_t T
    }
    return m_t;
}

// Trains from theta = 0 with the plain step theta := theta - alpha dtheta, m_t examples per
// step as the variant says. Batch GD uses the examples in order (shuffling changes nothing
// there); the other two draw a new order every epoch from `seed`.
inline Run<double> run(Variant v, const gradient_descent::Dataset<double>& data, double alpha,
                       std::size_t epochs, std::size_t m_t, std::uint64_t seed) {
    Sgd<double> step;  // theta := theta - alpha dtheta
    step.hyper.alpha = alpha;
    const gradient_descent::TrainOptions options{.epochs = epochs,
                                       .batch_size = batch_size(v, data.m(), m_t),
                                       .shuffle = v != Variant::batch};
    return gradient_descent::train_from_zero(data, step, options, seed);
}

// ---- What a run showed -------------------------------------------------------------
// The values the chapter program's sentences are picked from (in story.hpp), so that they
// stay true under any flags and any data.

// How much J still jumps at the end: the sum of its rises J_i - J_(i-1) > 0 over the last n
// epochs (all, if fewer). 0 for a curve that only falls, however fast; noise makes it > 0.
inline double rises_last(const std::vector<double>& cost, std::size_t n) {
    double sum = 0;
    for (std::size_t i = cost.size() - std::min(n, cost.size()) + 1; i < cost.size(); ++i) {
        sum += std::max(0.0, cost[i] - cost[i - 1]);
    }
    return sum;
}

// What is known about how large alpha may be, for each variant's step.
//   batch GD: J is quadratic with Hessian H = X X^T / m, so batch GD converges exactly when
//     alpha < 2 / lambda_max(H).
//   stochastic GD: no such limit for the run as a whole is known. One step on example x
//     multiplies that example's error r = y - theta^T x by (1 - alpha ||x||^2): it makes
//     that error larger when alpha ||x||^2 > 2.
//   mini-batch GD: no limit is known for the run either.
struct StepLimit {
    bool known = false;        // a limit alpha < alpha_max holds for this variant
    double alpha_max = 0;      // that limit: 2 / lambda_max for batch GD
    std::size_t growing = 0;   // stochastic GD: examples with alpha ||x||^2 > 2
};

inline StepLimit step_limit(Variant v, const Dataset<double>& data, double alpha,
                            double lambda_max) {
    StepLimit limit;
    if (v == Variant::batch) {
        limit.known = true;
        limit.alpha_max = 2 / lambda_max;  // alpha < 2 / lambda_max
    } else if (v == Variant::stochastic) {
        for (std::size_t k = 0; k < data.m(); ++k) {
            double norm2 = 0;  // ||x^(k)||^2
            for (std::size_t j = 0; j < data.p(); ++j) norm2 += data.X(j, k) * data.X(j, k);
            if (alpha * norm2 > 2) ++limit.growing;
        }
    }
    return limit;
}

// One variant's run, summed up.
struct Outcome {
    Variant variant = Variant::batch;
    std::size_t diverged_at = 0;   // epoch whose J was Inf or NaN; 0 if none
    double final_J = std::numeric_limits<double>::quiet_NaN();
    double distance = std::numeric_limits<double>::quiet_NaN();   // ||theta - theta_ols||
    std::size_t within = 0;        // first epoch with J <= 1.01 J(theta_ols); 0 if none
    std::size_t updates_per_epoch = 0;
    double rises = std::numeric_limits<double>::quiet_NaN();  // of J, last 10 epochs
    bool J_fell_every_epoch = false;
    bool J_grew = false;           // J ended above its value after epoch 1

    bool diverged() const { return diverged_at != 0; }
};

inline Outcome outcome(Variant v, const Run<double>& r, const std::vector<double>& theta_ols,
                       double J_ols, std::size_t m, std::size_t m_t) {
    Outcome o{.variant = v, .diverged_at = r.history.diverged_at};
    o.updates_per_epoch = mini_batches(m, batch_size(v, m, m_t)).size();
    if (o.diverged()) return o;
    const std::vector<double>& cost = r.history.cost;
    o.final_J = cost.back();
    o.distance = distance(r.theta, theta_ols);
    o.within = epochs_to_within(cost, J_ols, 1.01);
    o.rises = rises_last(cost, 10);
    o.J_fell_every_epoch = std::is_sorted(cost.rbegin(), cost.rend());
    o.J_grew = cost.back() > cost.front();
    return o;
}

// Whether any run ended finite and below J_start = J(theta = 0), where every run starts:
// if none did, the run has nothing to compare.
inline bool any_progress(const std::vector<Outcome>& outcomes, double J_start) {
    return std::any_of(outcomes.begin(), outcomes.end(), [&](const Outcome& o) {
        return !o.diverged() && o.final_J < J_start;
    });
}

// The outcome (index) with the least of `key` among the runs that did not diverge and for
// which `counts` holds; none if there is no such run.
template <class Key, class Counts>
std::optional<std::size_t> least(const std::vector<Outcome>& outcomes, Key key,
                                 Counts counts) {
    std::optional<std::size_t> best;
    for (std::size_t n = 0; n < outcomes.size(); ++n) {
        if (outcomes[n].diverged() || !counts(outcomes[n])) continue;
        if (!best || key(outcomes[n]) < key(outcomes[*best])) best = n;
    }
    return best;
}

// Which run got within 1% of J(theta_ols) in the fewest epochs.
inline std::optional<std::size_t> first_within(const std::vector<Outcome>& outcomes) {
    return least(outcomes, [](const Outcome& o) { return o.within; },
                 [](const Outcome& o) { return o.within != 0; });
}

// Which run ended lowest in J, and which nearest theta_ols.
inline std::optional<std::size_t> lowest_J(const std::vector<Outcome>& outcomes) {
    return least(outcomes, [](const Outcome& o) { return o.final_J; },
                 [](const Outcome&) { return true; });
}
inline std::optional<std::size_t> nearest(const std::vector<Outcome>& outcomes) {
    return least(outcomes, [](const Outcome& o) { return o.distance; },
                 [](const Outcome&) { return true; });
}

}  // namespace gradient_descent
