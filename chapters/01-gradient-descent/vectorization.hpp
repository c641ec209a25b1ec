// vectorization.hpp: the notes' first advantage of mini-batch GD, "make use of vectorization
// to speed up the training", measured on its own. The same gradient
//   dtheta = -(1/b) sum_k (y_k - theta^T x_k) x_k
// over the same examples, computed four ways:
//   element     one multiply at a time: scalar loops over the examples k and features j
//   example     one example (a column of X, read as a contiguous row of X^T) at a time,
//               its p features as one vector operation: all stochastic GD can do
//   mini-batch  one matrix-vector product per mini-batch of m_t: r = y - theta^T X, then
//               dtheta = -(1/b) X r, a whole feature row of the mini-batch at a time
//   batch       one matrix-vector product over all m examples
// Then training runs that take the same steps in each way, timed with the shuffle (a new
// order drawn, and the examples copied into it) apart from the gradients and steps, and
// the time each variant needs to reach 1% of J(theta_ols). Times are wall-clock and differ
// run to run; the rest (the four gradients agree, the same steps reach the same theta in
// the same epochs) is deterministic and tested. The words are in story.hpp.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "chapters/01-gradient-descent/linear_model.hpp"
#include "common/random.hpp"
#include "common/rows.hpp"

namespace gradient_descent {

// How a mini-batch's gradient is computed.
enum class Way { element, example, matrix };

// The data in both layouts: X (p x m) for the element and matrix ways, X^T (m x p) for the
// example way, whose example k is then the contiguous row k.
template <class T>
struct Layouts {
    Dataset<T> d;
    Matrix<T> Xt;
};

template <class T>
Layouts<T> both_layouts(const Dataset<T>& d) { return {d, d.X.transpose()}; }

// dtheta over `batch`, one multiply at a time (scalar loops, no vector operation).
template <class T>
void gradient_by_elements(std::span<const T> theta, const Dataset<T>& d, Columns batch,
                          std::span<T> dtheta) {
    const std::size_t m = d.m(), p = theta.size();
    const T* X = d.X.data();  // X(j, k) = X[j m + k]
    std::fill(dtheta.begin(), dtheta.end(), T(0));
    for (std::size_t k = batch.first; k < batch.first + batch.count; ++k) {
        T h_k = 0;
        for (std::size_t j = 0; j < p; ++j) h_k += theta[j] * X[j * m + k];  // theta^T x_k
        const T r_k = d.y[k] - h_k;
        for (std::size_t j = 0; j < p; ++j) dtheta[j] -= r_k * X[j * m + k];  // -r_k x_k
    }
    const T inv_b = T(1) / T(batch.count);
    for (T& g : dtheta) g *= inv_b;
}

// dtheta over `batch`, one example at a time: r_k = y_k - theta^T x_k, dtheta -= r_k x_k,
// each a vector operation over the example's p features (a row of X^T).
template <class T>
void gradient_by_examples(std::span<const T> theta, const Matrix<T>& Xt, std::span<const T> y,
                          Columns batch, std::span<T> dtheta) {
    std::fill(dtheta.begin(), dtheta.end(), T(0));
    for (std::size_t k = batch.first; k < batch.first + batch.count; ++k) {
        const std::span<const T> x_k = Xt.row(k);
        const T r_k = y[k] - common::row_dot(theta, x_k);
        common::simd_map([r_k](auto g, auto x) { return g - r_k * x; }, dtheta,
                         std::span<const T>(dtheta), x_k);
    }
    const T inv_b = T(1) / T(batch.count);
    for (T& g : dtheta) g *= inv_b;
}

// dtheta over `batch` the given way; r is scratch of at least batch.count values.
template <class T>
void gradient_by(Way way, std::span<const T> theta, const Layouts<T>& L, Columns batch,
                 std::span<T> r, std::span<T> dtheta) {
    switch (way) {
        case Way::element: return gradient_by_elements(theta, L.d, batch, dtheta);
        case Way::example:
            return gradient_by_examples(theta, L.Xt, std::span<const T>(L.d.y), batch, dtheta);
        case Way::matrix: {
            const std::span<T> r_b = r.first(batch.count);
            residuals<T>(theta, L.d, batch, r_b);                          // r = y - theta^T X
            gradient_from_residuals<T>(L.d, batch, std::span<const T>(r_b), dtheta);  // -X r/b
            return;
        }
    }
}

// ---- 1. The same gradient over all m examples, four ways -----------------------------

// One pass computes dtheta over all m examples: `way` on mini-batches of m_t (m_t >= m:
// one batch), the mini-batches' gradients averaged with weights b_t / m.
struct Pass {
    Way way = Way::matrix;
    std::size_t m_t = 1;
};

// The four passes: one element at a time, one example at a time, one product per
// mini-batch of m_t, one product over all m.
inline std::vector<Pass> four_passes(std::size_t m, std::size_t m_t) {
    return {{Way::element, m}, {Way::example, m}, {Way::matrix, m_t}, {Way::matrix, m}};
}

template <class T>
void pass_gradient(const Pass& pass, std::span<const T> theta, const Layouts<T>& L,
                   std::span<T> r, std::span<T> g_batch, std::span<T> dtheta) {
    const std::size_t m = L.d.m();
    const std::vector<Columns> batches = mini_batches(m, pass.m_t);
    if (batches.size() == 1) return gradient_by(pass.way, theta, L, batches[0], r, dtheta);
    std::fill(dtheta.begin(), dtheta.end(), T(0));
    for (const Columns& b : batches) {
        gradient_by(pass.way, theta, L, b, r, g_batch);
        const T w = T(b.count) / T(m);
        for (std::size_t j = 0; j < dtheta.size(); ++j) dtheta[j] += w * g_batch[j];
    }
}

// The median of xs (the upper one of an even count); 0 for none.
inline double median_of(std::vector<double> xs) {
    if (xs.empty()) return 0;
    std::nth_element(xs.begin(), xs.begin() + std::ptrdiff_t(xs.size() / 2), xs.end());
    return xs[xs.size() / 2];
}

// What one pass gave and took.
struct PassResult {
    Pass pass;
    std::vector<double> dtheta;  // the gradient it computed (deterministic)
    double seconds = 0;          // median wall-clock time of one pass (not deterministic)
};

// Each of `passes` at theta, timed as the median of `repeats` runs.
inline std::vector<PassResult> time_passes(const std::vector<Pass>& passes,
                                           std::span<const double> theta,
                                           const Layouts<double>& L, std::size_t repeats) {
    std::vector<double> r(L.d.m()), g_batch(theta.size());
    std::vector<PassResult> out;
    for (const Pass& pass : passes) {
        PassResult res{.pass = pass, .dtheta = std::vector<double>(theta.size())};
        std::vector<double> seconds;
        for (std::size_t n = 0; n < std::max<std::size_t>(repeats, 1); ++n) {
            const auto start = std::chrono::steady_clock::now();
            pass_gradient<double>(pass, theta, L, r, g_batch, res.dtheta);
            seconds.push_back(std::chrono::duration<double>(
                                  std::chrono::steady_clock::now() - start).count());
        }
        res.seconds = median_of(seconds);
        out.push_back(std::move(res));
    }
    return out;
}

// The largest |a_j - b_j| / max(1, max_j |b_j|): how far a gradient is from a reference.
inline double largest_difference(const std::vector<double>& a, const std::vector<double>& b) {
    double scale = 1, worst = 0;
    for (double x : b) scale = std::max(scale, std::abs(x));
    for (std::size_t j = 0; j < a.size() && j < b.size(); ++j) {
        worst = std::max(worst, std::abs(a[j] - b[j]));
    }
    return worst / scale;
}

// ---- 2. Training, each way, the shuffle timed apart ---------------------------------

struct TimedVariant {
    std::string name;      // "stochastic GD, one example at a time", ...
    std::size_t m_t = 1;   // 1: stochastic; >= m: batch (no shuffle)
    Way way = Way::matrix;
};

// The five runs: stochastic GD one example at a time; mini-batch GD of m_t one element at a
// time, one example at a time and one product per mini-batch (the same steps three ways);
// batch GD, one product over all m.
inline std::vector<TimedVariant> timed_variants(std::size_t m_t) {
    return {{"stochastic GD (one example at a time)", 1, Way::example},
            {"mini-batch GD, one element at a time", m_t, Way::element},
            {"mini-batch GD, one example at a time", m_t, Way::example},
            {"mini-batch GD, one product per batch", m_t, Way::matrix},
            {"batch GD, one product over all m", 0, Way::matrix}};
}

// One variant's training, timed. Deterministic: theta, cost, within, updates_per_epoch,
// diverged_at. Wall-clock: the seconds (medians over the repeats of the run).
struct TimedRun {
    TimedVariant variant;
    std::vector<double> theta;
    std::vector<double> cost;            // J on all m after each epoch
    std::size_t updates_per_epoch = 0;
    std::size_t within = 0;              // first epoch with J <= 1.01 J_ols; 0 if none
    std::size_t diverged_at = 0;         // epoch whose J was Inf or NaN; 0 if none
    bool shuffles = false;               // batch GD keeps one order
    double shuffle_per_epoch = 0;        // seconds: a new order and the copy into it
    double work_per_epoch = 0;           // seconds: the gradients and the steps
    double work_to_within = 0;           // seconds of gradients and steps up to `within`
    double shuffle_to_within = 0;        // seconds of shuffles up to `within`
};

// Trains plain GD from theta = 0 with alpha, `epochs` epochs, the order of the examples drawn
// from `seed` (the same seed gives every variant the same orders). Runs `repeats` times:
// the same steps each time; the times reported are the medians over the repeats.
inline TimedRun train_timed(const TimedVariant& v, const Dataset<double>& data, double alpha,
                            std::size_t epochs, std::uint64_t seed, double J_ols,
                            std::size_t repeats) {
    using clock = std::chrono::steady_clock;
    const std::size_t m = data.m(), p = data.p();
    const std::size_t m_t = v.m_t == 0 ? m : std::min(v.m_t, m);
    const std::vector<Columns> batches = mini_batches(m, m_t);
    const Layouts<double> original = both_layouts(data);
    TimedRun run{.variant = v, .updates_per_epoch = batches.size(), .shuffles = m_t < m};
    std::vector<double> shuffle_epoch, work_epoch, work_within, shuffle_within;
    for (std::size_t rep = 0; rep < std::max<std::size_t>(repeats, 1); ++rep) {
        Layouts<double> L = original;
        common::Rng rng(seed);
        std::vector<double> theta(p, 0.0), dtheta(p), r(m), cost;
        std::vector<double> shuffle_s, work_s;
        std::size_t diverged_at = 0;
        for (std::size_t i = 1; i <= epochs; ++i) {
            const auto t0 = clock::now();
            if (run.shuffles) {  // a new order; the examples copied into it, in the layout
                const std::vector<std::size_t> order = rng.permutation(m);  // the way reads
                if (v.way == Way::example) {
                    for (std::size_t k = 0; k < m; ++k) {
                        std::copy_n(original.Xt.row(order[k]).begin(), p, L.Xt.row(k).begin());
                        L.d.y[k] = data.y[order[k]];
                    }
                } else {
                    reorder_examples(data, std::span<const std::size_t>(order), L.d);
                }
            }
            const auto t1 = clock::now();
            for (const Columns& b : batches) {
                gradient_by<double>(v.way, theta, L, b, r, dtheta);
                for (std::size_t j = 0; j < p; ++j) theta[j] -= alpha * dtheta[j];
            }
            const auto t2 = clock::now();
            shuffle_s.push_back(std::chrono::duration<double>(t1 - t0).count());
            work_s.push_back(std::chrono::duration<double>(t2 - t1).count());
            cost.push_back(gradient_descent::cost<double>(theta, data, all_examples(data)));
            if (!std::isfinite(cost.back())) {
                diverged_at = i;
                break;
            }
        }
        run.theta = theta;
        run.cost = cost;
        run.diverged_at = diverged_at;
        run.within = 0;
        for (std::size_t i = 0; i < cost.size(); ++i) {
            if (cost[i] <= 1.01 * J_ols) {
                run.within = i + 1;
                break;
            }
        }
        shuffle_epoch.push_back(median_of(shuffle_s));
        work_epoch.push_back(median_of(work_s));
        double w = 0, s = 0;
        for (std::size_t i = 0; i < run.within; ++i) {
            w += work_s[i];
            s += shuffle_s[i];
        }
        work_within.push_back(w);
        shuffle_within.push_back(s);
    }
    run.shuffle_per_epoch = median_of(shuffle_epoch);
    run.work_per_epoch = median_of(work_epoch);
    run.work_to_within = median_of(work_within);
    run.shuffle_to_within = median_of(shuffle_within);
    return run;
}

}  // namespace gradient_descent
