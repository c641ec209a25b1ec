// ewma.hpp: the notes' part on exponentially weighted (moving) averages of a series.
//   v_0 = 0,  v_t = beta v_{t-1} + (1 - beta) x_t   (one step: ewma::step)
//   v_t = sum_{k=0}^{t-1} (1 - beta) beta^k x_{t-k}  (unrolled: the weight of x_{t-k})
//   s_t = sum_{k=0}^{t-1} (1 - beta) beta^k = 1 - beta^t   (why starting at v_0 = 0 is too low)
//   v_corrected_t = v_t / (1 - beta^t)   (bias correction, applied to v, never fed back)
//   beta^k falls to about 1/e at k = 1/(1 - beta): the notes' "approximately averaging
//   over 1/(1 - beta) days".
// What the chapter measures with them (Summary: k*, burn-in, gaps, change and lag per beta;
// trend_with_beta, largest_k_star_miss, largest_sum_gap) is here too; the words, tables and
// figures the chapter program makes of it are in story.hpp.
// Leaves out: the optimizers built from the same step (chapters 03-05).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <concepts>
#include <cstddef>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/io/csv.hpp"

namespace ewma {

// ---- The step and its bias correction: momentum, RMSprop, Adam and batch norm's running
// averages are all this EWMA. The optimizers' rules write the step out with 1 - beta given
// (computed in double and rounded once to their T); Adam's corrections call
// bias_correction in double.

// One EWMA step. V is a number (float, double) or native_simd<T>, W numbers at once.
// beta has V's element type, so nothing narrows: 0.9f for a float v, 0.9 for a double.
template <class V, class T>
V step(const V& v, const V& x, T beta)
    requires std::same_as<decltype(beta * v), V>
{
    // EXERCISE ewma: v_t = beta v_{t-1} + (1 - beta) x_t
    return beta * v + (T(1) - beta) * x;
    // END EXERCISE, stub: return v;
}

// The bias-correction divisor 1 - beta^t, t = 1, 2, ... (the first step has t = 1).
// An EWMA started at v = 0 is too small by this factor: v_corrected = v / (1 - beta^t).
template <class T>
T bias_correction(T beta, long t) {
    // EXERCISE ewma: the bias correction term 1 - beta^t
    return T(1) - std::pow(beta, T(t));
    // END EXERCISE, stub: return T(1);
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
    // EXERCISE ewma: tilde v_t = v_t / (1 - beta^t)
    for (std::size_t t = 1; t <= v.size(); ++t) {
        v_corrected[t - 1] = v[t - 1] / bias_correction(beta, long(t));
    }
    // END EXERCISE
    return v_corrected;
}

// The weight of x_{t-k} in v_t: (1 - beta) beta^k, k = 0 for the newest value.
template <class T>
T weight(T beta, std::size_t k) {
    // EXERCISE ewma: the weight of x_{t-k} in v_t: (1 - beta) beta^k
    return (T(1) - beta) * std::pow(beta, T(k));
    // END EXERCISE, stub: return T(0);
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

// The share of v_t's weight on the values N or more days old, x_{t-N}, x_{t-N-1}, ...:
// sum_{k >= N} (1 - beta) beta^k = beta^N (of a series long enough). At N = 1/(1 - beta)
// it is about 1/e = 37%: "averaging over 1/(1 - beta) days" leaves over a third of the
// weight on older days.
inline double weight_older_than(double beta, std::size_t N) {
    return std::pow(beta, double(N));
}

// 1/(1 - beta) as a whole number of days (10 for 0.9, 50 for 0.98, 2 for 0.5).
inline std::size_t whole_days(double beta) {
    return std::size_t(std::llround(effective_days(beta)));
}

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

// ---- What the chapter measures: plain values, each tested ----------------------------

// The mean of |x_t - a_t| over t = 1..n (n clipped to both lengths): how far a curve sits
// from the data.
inline double mean_gap(const std::vector<double>& x, const std::vector<double>& a,
                       std::size_t n = SIZE_MAX) {
    n = std::min({n, x.size(), a.size()});
    double sum = 0;
    for (std::size_t t = 0; t < n; ++t) sum += std::abs(x[t] - a[t]);
    return n == 0 ? 0 : sum / double(n);
}

// The mean day-to-day change |a_t - a_{t-1}|, t = 2..T: how rough a curve is (0 if T < 2).
inline double mean_change(const std::vector<double>& a) {
    double sum = 0;
    for (std::size_t t = 1; t < a.size(); ++t) sum += std::abs(a[t] - a[t - 1]);
    return a.size() < 2 ? 0 : sum / double(a.size() - 1);
}

// The mean of x_1..x_t for t = 1..T: what v_corrected_t is close to while t << 1/(1 - beta).
inline std::vector<double> running_mean(const std::vector<double>& x) {
    std::vector<double> mean(x.size());
    double sum = 0;
    for (std::size_t t = 1; t <= x.size(); ++t) mean[t - 1] = (sum += x[t - 1]) / double(t);
    return mean;
}

// One beta on a series x_1..x_T: the numbers the chapter prints about it.
struct Summary {
    double beta = 0;
    double days = 1;             // 1/(1 - beta): "approximately averaging over 1/(1 - beta) days"
    std::size_t k_star = 1;      // the first k with beta^k < 1/e
    std::size_t burn_in = 1;     // the first t with beta^t < 0.01, i.e. 1 - beta^t > 0.99
    bool burn_in_within = true;  // burn_in <= T: the burn-in ends inside the series
    std::size_t early = 0;       // min(T, burn_in): the days of the burn-in the series holds
    double gap_v = 0;            // mean |x_t - v_t| over t = 1..early (uncorrected)
    double gap_corrected = 0;    // mean |x_t - v_corrected_t| over the same days
    double change = 0;           // mean |v_corrected_t - v_corrected_{t-1}| over the series
    double lag = 0;              // mean |x_t - v_corrected_t| over the series
};

inline Summary summarize(const std::vector<double>& x, double beta) {
    const std::vector<double> v = ewma_series(x, beta);
    const std::vector<double> v_corrected = bias_corrected(v, beta);
    Summary s{.beta = beta, .days = effective_days(beta), .k_star = days_to_one_over_e(beta),
              .burn_in = burn_in_days(beta, 0.01)};
    s.burn_in_within = s.burn_in <= x.size();
    s.early = std::min(x.size(), s.burn_in);
    s.gap_v = mean_gap(x, v, s.early);
    s.gap_corrected = mean_gap(x, v_corrected, s.early);
    s.change = mean_change(v_corrected);
    s.lag = mean_gap(x, v_corrected);
    return s;
}

// The largest |k* - 1/(1 - beta)| over the summaries: how far "about 1/(1 - beta) days" is
// from the first k with beta^k < 1/e (at most 1, see days_to_one_over_e).
inline double largest_k_star_miss(const std::vector<Summary>& s) {
    double worst = 0;
    for (const Summary& b : s) worst = std::max(worst, std::abs(double(b.k_star) - b.days));
    return worst;
}

// How a quantity moves as beta grows: taken in order of beta, it never falls (rises), never
// rises (falls), both (mixed); "flat" when all are equal or there are fewer than two betas.
enum class Trend { rises, falls, flat, mixed };

template <class Field>
Trend trend_with_beta(std::vector<Summary> s, Field Summary::*field) {
    std::sort(s.begin(), s.end(), [](const Summary& a, const Summary& b) {
        return a.beta < b.beta;
    });
    bool up = false, down = false;
    for (std::size_t i = 1; i < s.size(); ++i) {
        up = up || s[i].*field > s[i - 1].*field;
        down = down || s[i].*field < s[i - 1].*field;
    }
    return up && down ? Trend::mixed : up ? Trend::rises : down ? Trend::falls : Trend::flat;
}

// The summaries of the largest and the smallest beta (s must not be empty).
inline const Summary& largest_beta(const std::vector<Summary>& s) {
    return *std::max_element(s.begin(), s.end(),
                             [](const Summary& a, const Summary& b) { return a.beta < b.beta; });
}
inline const Summary& smallest_beta(const std::vector<Summary>& s) {
    return *std::min_element(s.begin(), s.end(),
                             [](const Summary& a, const Summary& b) { return a.beta < b.beta; });
}

// The largest |difference| of the term-by-term sum s_t and 1 - beta^t over t = 1..T.
inline double largest_sum_gap(const std::vector<double>& betas, std::size_t T) {
    double worst = 0;
    for (double beta : betas) {
        for (std::size_t t = 1; t <= T; t = t < 100 ? t + 1 : t * 11 / 10) {
            worst = std::max(worst, std::abs(sum_of_weights(beta, t) -
                                             bias_correction(beta, long(t))));
        }
    }
    return worst;
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
