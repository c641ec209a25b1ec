// gradient_descent.hpp: chapter 1 of the notes, batch, stochastic and mini-batch
// gradient descent on the linear model h_theta(x) = theta^T x with squared loss.
// The three variants differ only in how many examples feed each update:
// batch m_t = m (one update per epoch), stochastic m_t = 1 (m updates per epoch, in a
// new random order each epoch), mini-batch m_t (T = ceil(m / m_t) updates per epoch).
// The model, its cost J and gradient, and the training loop live in common/.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/linear_model.hpp"
#include "common/optimizers.hpp"
#include "common/random.hpp"
#include "common/train.hpp"

namespace gradient_descent {

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

struct Run {
    std::vector<double> theta;         // theta after the last epoch
    common::History<double> history;  // cost and theta after each epoch, time per epoch
};

// Trains from theta = theta0 with the plain step theta := theta - alpha dtheta.
// Batch GD uses the examples in order (shuffling changes nothing there); the other two
// draw a new order every epoch from `seed`.
inline Run run(Variant v, const common::Dataset<double>& data, std::vector<double> theta0,
               double alpha, std::size_t epochs, std::size_t m_t, std::uint64_t seed) {
    common::Sgd<double> step;  // theta := theta - alpha dtheta
    step.hyper.alpha = alpha;
    common::Rng rng(seed);
    const common::TrainOptions options{.epochs = epochs,
                                       .batch_size = batch_size(v, data.m(), m_t),
                                       .shuffle = v != Variant::batch};
    Run r{std::move(theta0), {}};
    r.history = common::train(data, r.theta, step, options, rng);
    return r;
}

// ||theta - theta_ols||, the distance to the least-squares solution.
inline double distance(const std::vector<double>& a, const std::vector<double>& b) {
    double sum = 0;
    for (std::size_t j = 0; j < a.size() && j < b.size(); ++j) sum += (a[j] - b[j]) * (a[j] - b[j]);
    return std::sqrt(sum);
}

}  // namespace gradient_descent
