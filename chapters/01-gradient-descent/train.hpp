// train.hpp: the notes' first section, the training loop every optimizer chapter runs on the
// linear model. Each epoch: shuffle the examples (unless
// told not to), split them into mini-batches of m_t, and for each mini-batch compute
// dtheta and let the optimizer step. Batch GD is m_t = m, stochastic GD is m_t = 1 (one
// example at a time, read as a row of X^T; plain GD's step fused with that example's
// gradient, Sgd::step_on_example). A shuffled epoch reads its examples as rows of
// X^T in the new order, so nothing but the order is rebuilt each epoch.
// A chapter built on a learner's exercise copy (`make chapter-gradient-descent EXERCISE=1`)
// defines READABLE_EQUATIONS_ONLY: its epochs then run the readable equations the learner
// wrote (a shuffled mini-batch on a reordered copy of X), which the fast forms skip.
// The learning rate can come from a schedule (chapters/06-learning-rate-decay).
// train_from_zero is the run the optimizer chapters put side by side: theta = 0, one seed.
#pragma once

#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "common/io/cli.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "common/random.hpp"

namespace gradient_descent {

using common::Cli;
using common::Rng;

// What a training loop needs of an optimizer: a learning rate it may set, and a step.
template <class O, class T>
concept Optimizer = requires(O opt, std::span<T> theta, std::span<const T> dtheta) {
    opt.hyper.alpha = T(1);
    opt.step(theta, dtheta);
};

struct TrainOptions {
    std::size_t epochs = 100;
    std::size_t batch_size = 64;   // m_t
    bool shuffle = true;           // a new order of the examples every epoch
};

// alpha for epoch i and mini-batch t (both counted from 1, t across all epochs).
template <class T>
using AlphaSchedule = std::function<T(std::size_t i, std::size_t t)>;

template <class T>
struct History {
    std::vector<T> cost;                   // full-set J after each epoch
    std::vector<std::vector<T>> theta;     // theta after each epoch
    std::vector<double> seconds;           // wall-clock time of each epoch (not deterministic)
    std::size_t steps = 0;                 // optimizer steps taken
    std::size_t diverged_at = 0;           // epoch whose cost was Inf or NaN; 0 if none
    T diverged_alpha = 0;                  // the alpha in use when that happened
};

// Trains theta in place; stops early, recording the epoch, when the cost becomes Inf/NaN.
template <class T, class Opt>
    requires Optimizer<Opt, T>
History<T> train(const Dataset<T>& data, std::vector<T>& theta, Opt& optimizer,
                 const TrainOptions& options, Rng& rng, const AlphaSchedule<T>& alpha_at = {}) {
    History<T> history;
    std::vector<T> dtheta(theta.size());
    const std::vector<Columns> batches = mini_batches(data.m(), options.batch_size);
    // Stochastic GD (m_t = 1) and every shuffled epoch read each example as a contiguous
    // row of X^T (m x p, made once here), in the epoch's order; mini-batches in the order of
    // the file read runs of columns of X (and, readable only, of a reordered copy of X).
#ifdef READABLE_EQUATIONS_ONLY
    constexpr bool fast = false;
#else
    constexpr bool fast = true;
#endif
    const bool one_at_a_time = options.batch_size == 1;
    const bool by_rows = one_at_a_time || (fast && options.shuffle);
    const Matrix<T> Xt = by_rows ? data.X.transpose() : Matrix<T>();
    std::vector<std::size_t> order(data.m());
    std::iota(order.begin(), order.end(), std::size_t(0));
    Dataset<T> shuffled;  // readable only: this epoch's examples, reordered
    std::vector<T> r(batches.empty() ? 0 : batches.front().count);  // a mini-batch's residuals
    std::size_t t = 0;
    for (std::size_t i = 1; i <= options.epochs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const Dataset<T>* epoch_data = &data;
        if (options.shuffle) {
            order = rng.permutation(data.m());
            if (!by_rows) {
                reorder_examples(data, order, shuffled);
                epoch_data = &shuffled;
            }
        }
        for (const Columns& batch : batches) {
            ++t;
            if (alpha_at) optimizer.hyper.alpha = alpha_at(i, t);
            if (one_at_a_time) {
                const std::size_t k = order[batch.first];  // the example this step reads
                // an optimizer that fuses the step with the example's gradient (Sgd) does
                if constexpr (fast && requires {
                                  optimizer.step_on_example(theta, Xt.row(k), T(0)); }) {
                    optimizer.step_on_example(theta, Xt.row(k), data.y[k]);
                    continue;
                }
                gradient_one_example<T>(theta, Xt.row(k), data.y[k], dtheta);  // -(y - h) x
            } else if (by_rows) {  // the examples order[first .. first + b - 1]
                const auto examples =
                    std::span<const std::size_t>(order).subspan(batch.first, batch.count);
                gradient_of_examples<T>(theta, Xt, data.y, examples, r, dtheta);  // -(1/b) X r
            } else {
                // the last mini-batch may be shorter
                const std::span<T> r_b = std::span<T>(r).first(batch.count);
                residuals<T>(theta, *epoch_data, batch, r_b);  // r = y - theta^T X
                gradient_from_residuals<T>(*epoch_data, batch, r_b, dtheta);  // -(1/b) X r
            }
            optimizer.step(theta, dtheta);
        }
        history.seconds.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        history.steps = t;
        history.cost.push_back(cost<T>(theta, data, all_examples(data)));
        history.theta.push_back(theta);
        if (!std::isfinite(double(history.cost.back()))) {
            history.diverged_at = i;
            history.diverged_alpha = optimizer.hyper.alpha;
            break;
        }
    }
    return history;
}

// A run from theta = 0: where theta ended and how it got there.
template <class T>
struct Run {
    std::vector<T> theta;  // theta after the last epoch
    History<T> history;    // cost and theta after each epoch
    T alpha = 0;           // alpha of the last step: constant, or where a schedule got to
};

// Trains from theta = 0, drawing the order of the examples from a fresh Rng(seed): the same
// seed gives every optimizer the same mini-batches, so runs side by side compare like for
// like. `optimizer` keeps its final state (v, s, t) for the caller to inspect.
template <class T, class Opt>
    requires Optimizer<Opt, T>
Run<T> train_from_zero(const Dataset<T>& data, Opt& optimizer, const TrainOptions& options,
                       std::uint64_t seed, const AlphaSchedule<T>& alpha_at = {}) {
    Run<T> r{std::vector<T>(data.p(), T(0)), {}, T(0)};
    Rng rng(seed);
    r.history = train(data, r.theta, optimizer, options, rng, alpha_at);
    r.alpha = optimizer.hyper.alpha;
    return r;
}

// The first epoch (from 1) whose cost is at most factor J_ols, e.g. 1.01 J(theta_ols): within
// 1% of the least-squares floor. 0 if no epoch gets there.
template <class T>
std::size_t epochs_to_within(const std::vector<T>& cost, T J_ols, T factor) {
    for (std::size_t i = 0; i < cost.size(); ++i) {
        if (cost[i] <= factor * J_ols) return i + 1;
    }
    return 0;
}

// The flags of a training run on a regression CSV file, as the optimizer chapters take them:
// --epochs, --batch-size (m_t), --seed, --data.
inline void add_training_flags(Cli& cli, std::size_t& epochs, std::size_t& batch_size,
                               std::uint64_t& seed, std::string& data,
                               std::size_t max_epochs = 100000) {
    cli.flag("epochs", epochs, "epochs: passes over all m examples",
             common::between(1, max_epochs));
    cli.flag("batch-size", batch_size, "mini-batch size m_t", common::between(1, 1000000));
    cli.flag("seed", seed, "seed of the random order of examples");
    cli.flag("data", data, "CSV file with a header row; the last column is the target",
             common::existing_file());
}

}  // namespace gradient_descent
