// Your copy of chapters/01-gradient-descent/gradient_descent.hpp for `make exercise-gradient-descent`: fill in each EXERCISE block.
// gradient_descent.hpp: chapter 1 of the notes, batch, stochastic and mini-batch
// gradient descent on the linear model h_theta(x) = theta^T x with squared loss.
// The three variants differ only in how many examples feed each update:
// batch m_t = m (one update per epoch), stochastic m_t = 1 (m updates per epoch, in a
// new random order each epoch), mini-batch m_t (T = ceil(m / m_t) updates per epoch).
//   theta := theta - alpha dtheta                 (the plain step: SgdRule, Sgd)
// The model, its cost J and gradient dtheta: linear_model.hpp; the loop over epochs and
// mini-batches: train.hpp. Later chapters include this header for both.
// What a run showed (Outcome, step_limit, ...) is computed here too: the chapter program
// picks the words of its sentences from these values.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/01-gradient-descent/train.hpp"
#include "common/io/report.hpp"
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
        // EXERCISE gradient-descent: theta := theta - alpha dtheta
        // (your code here)
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
// The values the chapter program's sentences are picked from, so that they stay true under
// any flags and any data.

// "batch GD", "stochastic GD", "mini-batch GD": the name in sentences, legends and colours.
inline std::string method_name(Variant v) { return std::string(name(v)) + " GD"; }

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

// The y-range that shows the last n epochs of the given cost curves beside the floor J_ols:
// from the lowest to the highest of them, padded by 5% of the span.
inline std::pair<double, double> last_epochs_range(
    const std::vector<const std::vector<double>*>& costs, double J_ols, std::size_t n) {
    double lo = J_ols, hi = J_ols;
    for (const std::vector<double>* c : costs) {
        for (std::size_t i = c->size() - std::min(n, c->size()); i < c->size(); ++i) {
            lo = std::min(lo, (*c)[i]);
            hi = std::max(hi, (*c)[i]);
        }
    }
    const double pad = 0.05 * std::max(hi - lo, 1e-9 * std::max(1.0, std::abs(hi)));
    return {lo - pad, hi + pad};
}

// Whether the last n costs of a curve lie inside a range.
inline bool inside(const std::vector<double>& cost, std::pair<double, double> range,
                   std::size_t n) {
    for (std::size_t i = cost.size() - std::min(n, cost.size()); i < cost.size(); ++i) {
        if (!(cost[i] >= range.first && cost[i] <= range.second)) return false;
    }
    return true;
}

// ---- What a run showed, in words ---------------------------------------------------
// Each sentence picks its words from the outcomes, so it is true for any flags and data.

// "Mini-batch GD": a name at the start of a sentence.
inline std::string capitalized(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
    return s;
}

// "J = 1439.93, 0.705% above the floor", or "J = 3072.9, 2.15 times the floor".
inline std::string above_floor(double J, double J_ols) {
    using common::report::g;
    if (J > 2 * J_ols) return "J = " + g(J) + ", " + g(J / J_ols, 3) + " times the floor";
    return "J = " + g(J) + ", " + g(100 * (J - J_ols) / J_ols, 3) + "% above the floor";
}

// The one line that reports a diverged variant, with what is known about its own limit.
inline std::string divergence_line(const Outcome& o, double alpha, const StepLimit& limit,
                                   std::size_t m) {
    using common::report::g;
    std::string why = limit.known
        ? "its limit is alpha < 2 / lambda_max = " + g(limit.alpha_max, 4)
        : "no limit on alpha is known for the " + std::string(name(o.variant)) + " step";
    if (o.variant == Variant::stochastic) {
        why += "; one step makes an example's error larger when alpha ||x||^2 > 2, here for " +
               std::to_string(limit.growing) + " of " + std::to_string(m);
    }
    return capitalized(method_name(o.variant)) + " diverged: J became Inf or NaN at epoch " +
           std::to_string(o.diverged_at) + " with alpha = " + g(alpha) + " (" + why + ").";
}

struct RunFacts {
    double alpha = 0, lambda_max = 0, J_ols = 0;
    std::size_t epochs = 0;   // epochs run
    std::size_t last = 10;    // the epochs Outcome::rises looks at
};

// The closing lines "What this run showed:", for outcomes of batch, stochastic, mini-batch.
inline std::vector<std::string> what_this_run_showed(const std::vector<Outcome>& outcomes,
                                                     const RunFacts& f) {
    using common::report::g;
    std::vector<std::string> lines;
    for (const Outcome& o : outcomes) {
        if (o.diverged()) {
            lines.push_back(capitalized(method_name(o.variant)) + " diverged (epoch " +
                            std::to_string(o.diverged_at) + "); the other variants ran on.");
        }
    }
    const Outcome& batch = outcomes[0];
    const double limit = 2 / f.lambda_max;  // batch GD: alpha < 2 / lambda_max
    if (!batch.diverged()) {
        lines.push_back(
            "Batch GD takes one step per epoch; with alpha = " + g(f.alpha) +
            (f.alpha < limit ? " below" : " above") + " its limit " + g(limit, 3) + ", " +
            (batch.J_fell_every_epoch ? "J fell every epoch"
             : batch.J_grew           ? "J grew: it is diverging"
                                      : "J did not fall every epoch") +
            ", and it " +
            (batch.within ? "was within 1% of the floor at epoch " + std::to_string(batch.within)
                          : "ends at " + above_floor(batch.final_J, f.J_ols)) + ".");
    }
    if (const auto first = first_within(outcomes)) {
        const Outcome& o = outcomes[*first];
        lines.push_back(capitalized(method_name(o.variant)) +
                        " got within 1% of the floor J(theta_ols) in the fewest epochs (" +
                        std::to_string(o.within) + ", " +
                        std::to_string(o.within * o.updates_per_epoch) + " updates).");
    } else {
        lines.push_back("No variant got within 1% of the floor in " + std::to_string(f.epochs) +
                        (f.epochs == 1 ? " epoch." : " epochs."));
    }
    const Outcome &s = outcomes[1], &mb = outcomes[2];
    if (!s.diverged() && !mb.diverged()) {
        lines.push_back(
            "Over the last " +
            (f.last == 1 ? std::string("epoch") : std::to_string(f.last) + " epochs") +
            " J rose by " + g(s.rises, 4) +
            " in all for stochastic GD and by " + g(mb.rises, 4) + " for mini-batch GD: " +
            (s.rises == 0 && mb.rises == 0 ? "neither went up; both still descend."
             : s.rises > 2 * mb.rises
                 ? "one example per step is a noisy gradient, and a fixed alpha keeps "
                   "theta jumping."
             : mb.rises > 2 * s.rises ? "here the mini-batch steps are the noisier."
                                      : "here the two are about as noisy."));
    }
    const auto low = lowest_J(outcomes), near = nearest(outcomes);
    if (low && near) {
        const Outcome &l = outcomes[*low], &n = outcomes[*near];
        std::string line = capitalized(method_name(l.variant)) + " ends lowest in J (" +
                           above_floor(l.final_J, f.J_ols) + ")";
        if (low == near) {
            line += " and nearest theta_ols (distance " + g(l.distance, 4) + ").";
        } else {
            line += "; " + method_name(n.variant) + " ends nearest theta_ols (distance " +
                    g(n.distance, 4) + " against " + g(l.distance, 4) +
                    "): J changes little along some directions of theta, so a low J need "
                    "not mean theta near theta_ols.";
        }
        lines.push_back(line);
    }
    return lines;
}

}  // namespace gradient_descent
