// gradient_descent.hpp: chapter 1 of the notes, batch, stochastic and mini-batch
// gradient descent on the linear model h_theta(x) = theta^T x with squared loss.
// The three variants differ only in how many examples feed each update:
// batch m_t = m (one update per epoch), stochastic m_t = 1 (m updates per epoch, in a
// new random order each epoch), mini-batch m_t (T = ceil(m / m_t) updates per epoch).
// The model, its cost J and gradient, and the training loop live in common/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/linear_model.hpp"
#include "common/optimizers.hpp"
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

// theta after the last epoch; cost, theta and time after each epoch.
using Run = common::Run<double>;

// Trains from theta = 0 with the plain step theta := theta - alpha dtheta, m_t examples per
// step as the variant says. Batch GD uses the examples in order (shuffling changes nothing
// there); the other two draw a new order every epoch from `seed`.
inline Run run(Variant v, const common::Dataset<double>& data, double alpha, std::size_t epochs,
               std::size_t m_t, std::uint64_t seed) {
    common::Sgd<double> step;  // theta := theta - alpha dtheta
    step.hyper.alpha = alpha;
    const common::TrainOptions options{.epochs = epochs,
                                       .batch_size = batch_size(v, data.m(), m_t),
                                       .shuffle = v != Variant::batch};
    return common::train_from_zero(data, step, options, seed);
}

}  // namespace gradient_descent
