// Your copy of chapters/01-gradient-descent/gradient_descent.hpp for `make exercise-gradient-descent`: fill in each EXERCISE block.
// gradient_descent.hpp: chapter 1 of the notes, batch, stochastic and mini-batch
// gradient descent on the linear model h_theta(x) = theta^T x with squared loss.
// The three variants differ only in how many examples feed each update:
// batch m_t = m (one update per epoch), stochastic m_t = 1 (m updates per epoch, in a
// new random order each epoch), mini-batch m_t (T = ceil(m / m_t) updates per epoch).
//   theta := theta - alpha dtheta                 (the plain step: SgdRule, Sgd)
// The model, its cost J and gradient dtheta: linear_model.hpp; the loop over epochs and
// mini-batches: train.hpp. Later chapters include this header for both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

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
inline Run<double> run(Variant v, const gradient_descent::Dataset<double>& data, double alpha, std::size_t epochs,
               std::size_t m_t, std::uint64_t seed) {
    Sgd<double> step;  // theta := theta - alpha dtheta
    step.hyper.alpha = alpha;
    const gradient_descent::TrainOptions options{.epochs = epochs,
                                       .batch_size = batch_size(v, data.m(), m_t),
                                       .shuffle = v != Variant::batch};
    return gradient_descent::train_from_zero(data, step, options, seed);
}

}  // namespace gradient_descent
