// Your copy of chapters/01-gradient-descent/linear_model.hpp for `make exercise-gradient-descent`: fill in each EXERCISE block.
// linear_model.hpp: chapter 1 of the notes, the linear model h_theta(x) = theta^T x with
// squared loss, its data and its mini-batches; the optimizer chapters train the same model.
// X is p x m (one column per example), y has m targets.
// Equations: h = theta^T x; J = 1/(2b) sum (y - h)^2; dtheta = -(1/b) sum (y - h) x; the
// least-squares solution of the normal equations (X X^T) theta = X y.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/io/csv.hpp"
#include "common/matrix.hpp"
#include "common/rows.hpp"

namespace gradient_descent {

using common::CsvError;
using common::Matrix;
using common::row_dot;
using common::simd_map;

// A regression data set in the notes' layout.
template <class T>
struct Dataset {
    Matrix<T> X;                         // p x m: features x examples
    std::vector<T> y;                    // m targets
    std::vector<std::string> features;   // p names, for printing theta
    std::size_t p() const { return X.rows(); }
    std::size_t m() const { return X.cols(); }
};

// The examples first .. first + count - 1: a mini-batch, or all m for batch GD.
struct Columns {
    std::size_t first = 0;
    std::size_t count = 0;
};

template <class T>
Columns all_examples(const Dataset<T>& d) { return {0, d.m()}; }

// h_theta(x^(k)) = theta^T x^(k), for example (column) k.
template <class T>
T h(std::span<const T> theta, const Matrix<T>& X, std::size_t k) {
    T sum = 0;
    for (std::size_t j = 0; j < theta.size(); ++j) sum += theta[j] * X(j, k);
    return sum;
}

// r = y - theta^T X over the b examples of `batch` (r has b values): the error of each
// prediction. Row by row, r := r - theta_j x_j, each pass over one feature's contiguous
// values.
template <class T>
void residuals(std::span<const T> theta, const Dataset<T>& d, Columns batch, std::span<T> r) {
    // EXERCISE gradient-descent: r = y - theta^T X, one feature row at a time
    // (your code here)
}

// J = 1/(2b) sum_k (y_k - h(x_k))^2 over the b examples of `batch`.
template <class T>
T cost(std::span<const T> theta, const Dataset<T>& d, Columns batch) {
    T sum = 0;
    for (std::size_t k = batch.first; k < batch.first + batch.count; ++k) {
        // EXERCISE gradient-descent: J = 1/(2b) sum_k (y_k - h(x_k))^2
        // (your code here)
    }
    return sum / T(2 * batch.count);
}

// dtheta = -(1/b) sum_k r_k x_k = -(1/b) X r, given the b residuals r of `batch`.
template <class T>
void gradient_from_residuals(const Dataset<T>& d, Columns batch, std::span<const T> r,
                             std::span<T> dtheta) {
    const T inv_b = T(1) / T(batch.count);
    for (std::size_t j = 0; j < dtheta.size(); ++j) {
        const std::span<const T> x_j = d.X.row(j).subspan(batch.first, batch.count);
        // EXERCISE gradient-descent: dtheta_j = -(1/b) sum_k r_k x_jk
        // (your code here)
    }
}

// dtheta = -(1/b) sum_k (y_k - h(x_k)) x_k over the b examples of `batch`.
template <class T>
void gradient(std::span<const T> theta, const Dataset<T>& d, Columns batch,
              std::span<T> dtheta) {
    std::vector<T> r(batch.count);
    residuals(theta, d, batch, std::span<T>(r));
    gradient_from_residuals(d, batch, std::span<const T>(r), dtheta);
}

// ---- One example at a time (stochastic GD, m_t = 1) ----------------------------------
// Example k's p features are column k of X, m values apart in memory. Stochastic GD reads
// one example per step, so train() reads them as the rows of X^T instead (m x p), where
// example k is the contiguous row k.

// dtheta = -(y - theta^T x) x: the gradient of one example x (a contiguous row of X^T).
template <class T>
void gradient_one_example(std::span<const T> theta, std::span<const T> x, T y,
                          std::span<T> dtheta) {
    // EXERCISE gradient-descent: r = y - theta^T x, then dtheta = -r x
    // (your code here)
}

// Split m examples into T = ceil(m / m_t) mini-batches of m_t, in order; the last one is
// smaller when m_t does not divide m. m_t >= m gives one batch of all m.
inline std::vector<Columns> mini_batches(std::size_t m, std::size_t m_t) {
    if (m_t == 0) throw std::invalid_argument("mini-batch size m_t must be at least 1");
    std::vector<Columns> batches;
    for (std::size_t first = 0; first < m; first += m_t) {
        batches.push_back({first, std::min(m_t, m - first)});
    }
    return batches;
}

// The examples in the given order: column k of the result is column order[k] of d.
// `out` is reused between epochs, so shuffling allocates nothing after the first epoch.
template <class T>
void reorder_examples(const Dataset<T>& d, std::span<const std::size_t> order,
                      Dataset<T>& out) {
    if (out.X.rows() != d.p() || out.X.cols() != d.m()) out.X = Matrix<T>(d.p(), d.m());
    out.y.resize(d.m());
    for (std::size_t j = 0; j < d.p(); ++j) {
        auto src = d.X.row(j);
        auto dst = out.X.row(j);
        for (std::size_t k = 0; k < order.size(); ++k) dst[k] = src[order[k]];
    }
    for (std::size_t k = 0; k < order.size(); ++k) out.y[k] = d.y[order[k]];
    out.features = d.features;
}

// The least-squares solution: solve the normal equations (X X^T) theta = X y.
template <class T>
std::vector<T> least_squares(const Dataset<T>& d) {
    Matrix<T> Y(1, d.m());
    std::copy(d.y.begin(), d.y.end(), Y.row(0).begin());
    const Matrix<T> XXt = matmul_transposed(d.X, d.X);
    const Matrix<T> Xy = matmul_transposed(d.X, Y);  // p x 1
    const Matrix<T> theta = solve(XXt, Xy);
    return {theta.values().begin(), theta.values().end()};
}

// lambda_max of the Hessian X X^T / m of J: batch GD converges for alpha < 2 / lambda_max.
template <class T>
T hessian_lambda_max(const Dataset<T>& d) {
    Matrix<T> H = matmul_transposed(d.X, d.X);
    for (T& h : H.values()) h /= T(d.m());
    return largest_eigenvalue(H);
}

// Per-feature mean and standard deviation (1/m), kept so the scaling can be explained.
template <class T>
struct Standardization {
    std::vector<T> mean, stddev;
};

// x_j := (x_j - mean_j) / stddev_j for every feature row j. Refuses a constant feature.
template <class T>
Standardization<T> standardize(Dataset<T>& d) {
    Standardization<T> s;
    for (std::size_t j = 0; j < d.p(); ++j) {
        auto row = d.X.row(j);
        T mean = 0;
        for (T x : row) mean += x;
        mean /= T(d.m());
        T var = 0;
        for (T x : row) var += (x - mean) * (x - mean);
        const T stddev = std::sqrt(var / T(d.m()));
        if (!(stddev > 0)) {
            throw std::invalid_argument("feature \"" + d.features[j] +
                                        "\" is constant, so it cannot be standardized; "
                                        "drop that column from the data file");
        }
        for (T& x : row) x = (x - mean) / stddev;
        s.mean.push_back(mean);
        s.stddev.push_back(stddev);
    }
    return s;
}

// Adds x_0 = 1 as the first feature, so theta_0 is the intercept.
template <class T>
void add_intercept(Dataset<T>& d) {
    Matrix<T> X(d.p() + 1, d.m());
    std::fill(X.row(0).begin(), X.row(0).end(), T(1));
    for (std::size_t j = 0; j < d.p(); ++j) {
        std::copy(d.X.row(j).begin(), d.X.row(j).end(), X.row(j + 1).begin());
    }
    d.X = std::move(X);
    d.features.insert(d.features.begin(), "intercept");
}

// Reads a CSV file whose last column is the target and every other column a feature.
inline Dataset<double> load_regression_csv(const std::string& path) {
    const common::CsvTable table = common::read_csv(path);
    const std::size_t columns = table.header.size();
    if (columns < 2) {
        throw CsvError(path +
                       ": needs at least two columns (features, then the target); found " +
                       std::to_string(columns));
    }
    Dataset<double> d;
    d.X = Matrix<double>(columns - 1, table.rows.rows());
    for (std::size_t k = 0; k < table.rows.rows(); ++k) {
        for (std::size_t j = 0; j + 1 < columns; ++j) d.X(j, k) = table.rows(k, j);
        d.y.push_back(table.rows(k, columns - 1));
    }
    d.features.assign(table.header.begin(), table.header.end() - 1);
    return d;
}

// ||a - b|| = sqrt(sum_j (a_j - b_j)^2): how far theta is from theta_ols, or from another
// run's theta. Both must have the same length.
template <class T>
T distance(std::span<const T> a, std::span<const T> b) {
    if (a.size() != b.size()) {
        throw std::invalid_argument("distance: the vectors have " + std::to_string(a.size()) +
                                    " and " + std::to_string(b.size()) + " entries");
    }
    T sum = 0;
    for (std::size_t j = 0; j < a.size(); ++j) sum += (a[j] - b[j]) * (a[j] - b[j]);
    return std::sqrt(sum);
}

template <class T>
T distance(const std::vector<T>& a, const std::vector<T>& b) {
    return distance(std::span<const T>(a), std::span<const T>(b));
}

// The regression as the optimizer chapters train it: the CSV file read, every feature
// standardized (mean 0, variance 1), then x_0 = 1 added for the intercept.
inline Dataset<double> load_standardized_regression(const std::string& path) {
    Dataset<double> d = load_regression_csv(path);
    standardize(d);
    add_intercept(d);
    return d;
}

}  // namespace gradient_descent
