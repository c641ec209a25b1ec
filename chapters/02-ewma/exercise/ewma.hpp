// Your copy of chapters/02-ewma/ewma.hpp for `make exercise-ewma`: fill in each EXERCISE block.
// ewma.hpp: chapter 2 of the notes, exponentially weighted (moving) averages of a series.
//   v_0 = 0,  v_t = beta v_{t-1} + (1 - beta) x_t   (one step: ewma::step)
//   v_t = sum_{k=0}^{t-1} (1 - beta) beta^k x_{t-k}  (unrolled: the weight of x_{t-k})
//   s_t = sum_{k=0}^{t-1} (1 - beta) beta^k = 1 - beta^t   (why starting at v_0 = 0 is too low)
//   v_corrected_t = v_t / (1 - beta^t)   (bias correction, applied to v, never fed back)
//   beta^k falls to about 1/e at k = 1/(1 - beta): "averages over about 1/(1 - beta) days".
// Leaves out: the optimizers built from the same step (chapters 03-05).
#pragma once

#include <cmath>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/io/csv.hpp"

namespace ewma {

// ---- The step and its bias correction: momentum, RMSprop, Adam and batch norm's running
// averages are all built from these two.

// One EWMA step. V is a number (float, double) or native_simd<T>, W numbers at once.
// beta has V's element type, so nothing narrows: 0.9f for a float v, 0.9 for a double.
template <class V, class T>
V step(const V& v, const V& x, T beta)
    requires std::same_as<decltype(beta * v), V>
{
    // EXERCISE ewma: v := beta v + (1 - beta) x
    // (your code here)
    return v;
}

// The bias-correction divisor 1 - beta^t, t = 1, 2, ... (the first step has t = 1).
// An EWMA started at v = 0 is too small by this factor: v_corrected = v / (1 - beta^t).
template <class T>
T bias_correction(T beta, long t) {
    // EXERCISE ewma: the bias-correction divisor 1 - beta^t
    // (your code here)
    return T(1);
}

// ---- The series ----------------------------------------------------------------------

// v_1..v_T of the series x_1..x_T, starting from v_0 = 0.
template <class T>
std::vector<T> ewma_series(const std::vector<T>& x, T beta) {
    std::vector<T> v;
    v.reserve(x.size());
    T v_t = 0;  // v_0 = 0
    for (const T& x_t : x) {
        v_t = step(v_t, x_t, beta);  // v_t = beta v_{t-1} + (1 - beta) x_t
        v.push_back(v_t);
    }
    return v;
}

// v_corrected_t = v_t / (1 - beta^t) for t = 1..T. Takes the uncorrected series v: the
// correction rescales each v_t for display and is never fed back into the recursion.
template <class T>
std::vector<T> bias_corrected(const std::vector<T>& v, T beta) {
    std::vector<T> v_corrected(v.size());
    for (std::size_t t = 1; t <= v.size(); ++t) {
        // EXERCISE ewma: v_corrected_t = v_t / (1 - beta^t)
        // (your code here)
    }
    return v_corrected;
}

// The weight of x_{t-k} in v_t: (1 - beta) beta^k, k = 0 for the newest value.
template <class T>
T weight(T beta, std::size_t k) {
    // EXERCISE ewma: the weight of x_{t-k} in v_t is (1 - beta) beta^k
    // (your code here)
    return T(0);
}

// v_t written out as the weighted sum of x_1..x_t (t from 1): the recursion unrolled.
template <class T>
T v_unrolled(const std::vector<T>& x, T beta, std::size_t t) {
    if (t < 1 || t > x.size()) {
        throw std::out_of_range("v_unrolled: t = " + std::to_string(t) + " is outside 1.." +
                                std::to_string(x.size()));
    }
    T v_t = 0;
    for (std::size_t k = 0; k < t; ++k) v_t += weight(beta, k) * x[t - 1 - k];  // x_{t-k}
    return v_t;
}

// s_t = sum_{k=0}^{t-1} (1 - beta) beta^k, added up term by term; equals 1 - beta^t.
template <class T>
T sum_of_weights(T beta, std::size_t t) {
    T s_t = 0;
    for (std::size_t k = 0; k < t; ++k) s_t += weight(beta, k);
    return s_t;
}

// "About 1/(1 - beta) days": 1/(1 - beta).
inline double effective_days(double beta) { return 1 / (1 - beta); }

// The first whole n >= 1 with beta^n < level (0 <= beta < 1, 0 < level < 1):
// n = floor(ln level / ln beta) + 1, settled by pow where rounding could put it one off.
inline std::size_t first_power_below(double beta, double level) {
    if (!(beta >= 0 && beta < 1) || !(level > 0 && level < 1)) {
        throw std::invalid_argument("first_power_below: need 0 <= beta < 1 and 0 < level < 1, "
                                    "got beta = " + std::to_string(beta) + ", level = " +
                                    std::to_string(level));
    }
    if (beta < level) return 1;  // beta^1 is already below (beta = 0 included)
    double n = std::floor(std::log(level) / std::log(beta)) + 1;
    if (n < 1e15) {  // whole numbers are exact in a double far beyond this
        if (n > 1 && std::pow(beta, n - 1) < level) {
            --n;
        } else if (std::pow(beta, n) >= level) {
            ++n;
        }
    }
    return std::size_t(n);
}

// k*: the first k with beta^k < 1/e, the age at which a value's weight has fallen below
// 1/e of the newest one's. With eps = 1 - beta, beta^(1/eps) = (1 - eps)^(1/eps) ~ 1/e, so
// k* ~ 1/(1 - beta); exactly, k* is the first whole number above -1 / ln beta.
inline std::size_t days_to_one_over_e(double beta) {
    return first_power_below(beta, 1 / std::numbers::e);
}

// How long the burn-in lasts: the first t with beta^t < fraction; from then on the divisor
// 1 - beta^t is within `fraction` of 1, and v_t and v_corrected_t differ by less than that share.
inline std::size_t burn_in_days(double beta, double fraction) {
    return first_power_below(beta, fraction);
}

// The mistake the notes warn against: feeding v_corrected back into the recursion,
// w_t = beta w_corrected_{t-1} + (1 - beta) x_t, w_corrected_t = w_t / (1 - beta^t).
// Each step divides again by a small 1 - beta^t, so the values blow up for large beta.
template <class T>
std::vector<T> fed_back_series(const std::vector<T>& x, T beta) {
    std::vector<T> out;
    out.reserve(x.size());
    T w = 0;
    for (std::size_t t = 1; t <= x.size(); ++t) {
        w = step(w, x[t - 1], beta) / bias_correction(beta, long(t));  // wrong
        out.push_back(w);
    }
    return out;
}

// One numeric column of a CSV file (e.g. temp_max of seattle-temperature.csv) as a series.
inline std::vector<double> read_series(const std::string& path, const std::string& column) {
    const common::CsvTable table = common::read_csv(path, {column});
    const auto& rows = table.rows;
    std::vector<double> x(rows.rows());
    for (std::size_t t = 0; t < rows.rows(); ++t) x[t] = rows(t, 0);
    return x;
}

}  // namespace ewma
