// linear_model.hpp: chapter 1 of the notes, the linear model h_theta(x) = theta^T x with
// squared loss, its data and its mini-batches; the optimizer chapters train the same model.
// X is p x m (one column per example), y has m targets.
// Equations: h = theta^T x; J = 1/(2b) sum (y - h)^2; dtheta = -(1/b) sum (y - h) x; the
// least-squares solution of the normal equations (X X^T) theta = X y.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
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
    // EXERCISE gradient-descent: r^(i) = y^(i) - h_theta(x^(i)) = y^(i) - theta^T x^(i)
    std::copy_n(d.y.begin() + std::ptrdiff_t(batch.first), batch.count, r.begin());
    for (std::size_t j = 0; j < theta.size(); ++j) {
        const std::span<const T> x_j = d.X.row(j).subspan(batch.first, batch.count);
        simd_map([theta_j = theta[j]](auto rk, auto xk) { return rk - theta_j * xk; }, r,
                 std::span<const T>(r), x_j);
    }
    // END EXERCISE
}

// J = 1/(2b) sum_k (y_k - h(x_k))^2 over the b examples of `batch` (b is the notes' m for
// batch GD, m_t for a mini-batch).
template <class T>
T cost(std::span<const T> theta, const Dataset<T>& d, Columns batch) {
    // EXERCISE gradient-descent: J(theta) = 1/(2m) sum_{i=1}^m (y^(i) - h_theta(x^(i)))^2
    T sum = 0;
    for (std::size_t k = batch.first; k < batch.first + batch.count; ++k) {
        const T r = d.y[k] - h(theta, d.X, k);
        sum += r * r;
    }
    return sum / T(2 * batch.count);
    // END EXERCISE, stub: return T(0);
}

// dtheta = -(1/b) sum_k r_k x_k = -(1/b) X r, given the b residuals r of `batch`.
template <class T>
void gradient_from_residuals(const Dataset<T>& d, Columns batch, std::span<const T> r,
                             std::span<T> dtheta) {
    // EXERCISE gradient-descent: dJ/dtheta_j = -(1/m) sum_{i=1}^m r^(i) x_j^(i)
    const T inv_b = T(1) / T(batch.count);
    for (std::size_t j = 0; j < dtheta.size(); ++j) {
        const std::span<const T> x_j = d.X.row(j).subspan(batch.first, batch.count);
        dtheta[j] = -inv_b * row_dot(r, x_j);
    }
    // END EXERCISE
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
    // EXERCISE gradient-descent: one example: dJ/dtheta_j = -(y^(i) - theta^T x^(i)) x_j^(i)
    const T r = y - row_dot(theta, x);                    // r = y - h_theta(x)
    simd_map([r](auto xj) { return -r * xj; }, dtheta, x);  // dtheta = -r x
    // END EXERCISE
}

// ---- The same equations, fast, on examples read as rows of X^T (what train() runs) -----
// A row of p = 20 features is 2 whole native_simd<double> vectors of W = 8 and 4 features
// left over. row_dot and simd_map take such a tail one number at a time, which on a row
// this short costs about as much as the vectors. Here the tail is one more vector instead
// (common::RowBlocks):
// only its first p % W lanes come from and go to memory, the others are 0.
// The tests hold these to the readable forms above (the sums are ordered differently, so
// they agree to rounding, not bit for bit).

// The plain step on one example, fused: theta := theta - alpha dtheta with dtheta =
// -(y - theta^T x) x (gradient_one_example), as theta := theta + (alpha r) x in one pass
// over theta, so dtheta is never written out and read back. Sgd::step_on_example runs it.
template <class T>
void sgd_step_on_example(std::span<T> theta, std::span<const T> x, T y, T alpha) {
    const common::RowBlocks<T> blocks(theta.size());
    using V = typename common::RowBlocks<T>::V;
    T* t = theta.data();
    const V alpha_r(alpha * (y - blocks.dot(t, x.data())));  // alpha r = alpha (y - theta^T x)
    for (std::size_t i = 0; i < blocks.whole; i += V::size()) {
        blocks.store(blocks.load(t, i) + alpha_r * blocks.load(x.data(), i), t, i);
    }
    blocks.store_tail(blocks.load_tail(t) + alpha_r * blocks.load_tail(x.data()), t);
}

// r_k = y_k - theta^T x_k for the b examples `examples` (indices into the m examples, in
// any order), example k read as row k of X^T (m x p): residuals() for examples that need
// not be neighbours in X.
template <class T>
void residuals_of_examples(std::span<const T> theta, const Matrix<T>& Xt, std::span<const T> y,
                           std::span<const std::size_t> examples, std::span<T> r) {
    const common::RowBlocks<T> blocks(theta.size());
    for (std::size_t n = 0; n < examples.size(); ++n) {
        const std::size_t k = examples[n];
        r[n] = y[k] - blocks.dot(theta.data(), Xt.row(k).data());
    }
}

// dtheta = -(1/b) sum_k r_k x_k over the same examples: gradient_from_residuals() for them.
// W features at a time, their sum held in one vector over all b examples and stored once.
template <class T>
void gradient_from_residuals_of_examples(const Matrix<T>& Xt,
                                         std::span<const std::size_t> examples,
                                         std::span<const T> r, std::span<T> dtheta) {
    const common::RowBlocks<T> blocks(dtheta.size());
    using V = typename common::RowBlocks<T>::V;
    const V minus_inv_b(-T(1) / T(examples.size()));
    for (std::size_t i = 0; i < blocks.whole; i += V::size()) {
        V sum(T(0));
        for (std::size_t n = 0; n < examples.size(); ++n) {
            sum += r[n] * blocks.load(Xt.row(examples[n]).data(), i);
        }
        blocks.store(minus_inv_b * sum, dtheta.data(), i);
    }
    V sum(T(0));  // the last, partial block of features
    for (std::size_t n = 0; n < examples.size(); ++n) {
        sum += r[n] * blocks.load_tail(Xt.row(examples[n]).data());
    }
    blocks.store_tail(minus_inv_b * sum, dtheta.data());
}

// dtheta = -(1/b) sum_k (y_k - theta^T x_k) x_k over `examples`, read as rows of X^T, so a
// shuffled mini-batch needs no reordered copy of X. r is scratch of at least b values.
template <class T>
void gradient_of_examples(std::span<const T> theta, const Matrix<T>& Xt, std::span<const T> y,
                          std::span<const std::size_t> examples, std::span<T> r,
                          std::span<T> dtheta) {
    const std::span<T> r_b = r.first(examples.size());
    residuals_of_examples(theta, Xt, y, examples, r_b);                         // r = y - theta^T X
    gradient_from_residuals_of_examples(Xt, examples, std::span<const T>(r_b), dtheta);  // -X r/b
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

// Eigenvalues and eigenvectors of a symmetric matrix A (cyclic Jacobi rotations): on return
// A is diagonal, A(i, i) the eigenvalues, and column i of the returned V the eigenvector of
// A(i, i). For the small Gram matrices of the minimum-norm least-squares solution below.
template <class T>
Matrix<T> symmetric_eigen(Matrix<T>& A) {
    const std::size_t n = A.rows();
    Matrix<T> V(n, n);
    for (std::size_t i = 0; i < n; ++i) V(i, i) = 1;
    const auto rotate = [n](Matrix<T>& M, std::size_t p, std::size_t q, T c, T s, bool rows) {
        for (std::size_t k = 0; k < n; ++k) {
            T& a = rows ? M(p, k) : M(k, p);
            T& b = rows ? M(q, k) : M(k, q);
            const T ap = a, aq = b;
            a = c * ap - s * aq;
            b = s * ap + c * aq;
        }
    };
    for (int sweep = 0; sweep < 100; ++sweep) {
        T off = 0, all = 0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) (i == j ? all : off) += A(i, j) * A(i, j);
        if (!(off > std::numeric_limits<T>::epsilon() * std::numeric_limits<T>::epsilon() *
                        (all + off))) {
            break;
        }
        for (std::size_t p = 0; p + 1 < n; ++p) {
            for (std::size_t q = p + 1; q < n; ++q) {
                if (A(p, q) == 0) continue;
                const T theta = (A(q, q) - A(p, p)) / (2 * A(p, q));
                const T t = (theta >= 0 ? T(1) : T(-1)) /
                            (std::abs(theta) + std::sqrt(theta * theta + 1));
                const T c = 1 / std::sqrt(t * t + 1), s = t * c;
                rotate(A, p, q, c, s, false);  // A P
                rotate(A, p, q, c, s, true);   // P^T (A P)
                rotate(V, p, q, c, s, false);  // V P
            }
        }
    }
    return V;
}

// The least-squares solution theta_ols, and whether it is the only one.
template <class T>
struct LeastSquares {
    std::vector<T> theta;
    // "" when the normal equations (X X^T) theta = X y have one solution. Otherwise why they
    // have many (p >= m, or a feature that is a combination of the others), and theta is the
    // minimum-norm one, where gradient descent from theta = 0 converges.
    std::string not_unique;
};

// The minimum-norm least-squares solution theta = X^+ y, from the eigenvectors of the smaller
// of the two Gram matrices (never more than min(p, m)^2 values): for p <= m, X X^T = V L V^T
// and theta = V L^+ V^T X y; for p > m, X^T X = U L U^T and theta = X U L^+ U^T y.
// Eigenvalues below 1e-12 of the largest count as 0.
template <class T>
std::vector<T> minimum_norm_least_squares(const Dataset<T>& d) {
    const bool wide = d.p() > d.m();
    constexpr std::size_t max_gram = 1000;  // Jacobi takes seconds beyond
    if (std::min(d.p(), d.m()) > max_gram) {
        throw std::invalid_argument(
            "the least-squares solution is not unique, and the minimum-norm one would need "
            "the eigenvectors of a " + std::to_string(std::min(d.p(), d.m())) + " x " +
            std::to_string(std::min(d.p(), d.m())) + " matrix (at most " +
            std::to_string(max_gram) + "); drop the duplicated or collinear columns");
    }
    Matrix<T> Y(1, d.m());
    std::copy(d.y.begin(), d.y.end(), Y.row(0).begin());
    const Matrix<T> Xt = wide ? d.X.transpose() : Matrix<T>();
    Matrix<T> G = wide ? matmul_transposed(Xt, Xt) : matmul_transposed(d.X, d.X);
    // b = X y (p <= m) or y (p > m), in the space of G
    const Matrix<T> b = wide ? Y.transpose() : matmul_transposed(d.X, Y);
    const Matrix<T> V = symmetric_eigen(G);
    const std::size_t n = G.rows();
    T largest = 0;
    for (std::size_t i = 0; i < n; ++i) largest = std::max(largest, G(i, i));
    std::vector<T> z(n, T(0));  // V L^+ V^T b
    for (std::size_t i = 0; i < n; ++i) {
        if (!(G(i, i) > largest * T(1e-12))) continue;
        T vb = 0;
        for (std::size_t k = 0; k < n; ++k) vb += V(k, i) * b(k, 0);
        for (std::size_t k = 0; k < n; ++k) z[k] += V(k, i) * vb / G(i, i);
    }
    if (!wide) return z;
    std::vector<T> theta(d.p(), T(0));  // X z
    for (std::size_t j = 0; j < d.p(); ++j) theta[j] = row_dot(d.X.row(j), std::span<const T>(z));
    return theta;
}

// The first feature (in file order) that is a linear combination of the ones before it,
// found by eliminating X X^T in order (p <= m); d.p() when there is none.
template <class T>
std::size_t first_dependent_feature(const Dataset<T>& d) {
    Matrix<T> G = matmul_transposed(d.X, d.X);
    T scale = 0;
    for (std::size_t j = 0; j < G.rows(); ++j) scale = std::max(scale, G(j, j));
    for (std::size_t c = 0; c < G.rows(); ++c) {
        if (!(G(c, c) > scale * T(1e-10))) return c;
        for (std::size_t r = c + 1; r < G.rows(); ++r) {
            const T f = G(r, c) / G(c, c);
            for (std::size_t j = c; j < G.cols(); ++j) G(r, j) -= f * G(c, j);
        }
    }
    return G.rows();
}

// The least-squares solution: solve the normal equations (X X^T) theta = X y. When they have
// no unique solution, the minimum-norm one, with the reason in not_unique.
template <class T>
LeastSquares<T> least_squares_fit(const Dataset<T>& d) {
    if (d.p() > d.m()) {
        return {minimum_norm_least_squares(d),
                "with p = " + std::to_string(d.p()) + " parameters and only m = " +
                    std::to_string(d.m()) + " examples, the least-squares solution is not unique"};
    }
    Matrix<T> Y(1, d.m());
    std::copy(d.y.begin(), d.y.end(), Y.row(0).begin());
    const Matrix<T> XXt = matmul_transposed(d.X, d.X);
    const Matrix<T> Xy = matmul_transposed(d.X, Y);  // p x 1
    try {
        const Matrix<T> theta = solve(XXt, Xy);
        return {{theta.values().begin(), theta.values().end()}, ""};
    } catch (const std::domain_error&) {
        const std::size_t j = first_dependent_feature(d);
        const std::string which =
            j < d.p() ? "feature \"" + d.features[j] +
                            "\" is a linear combination of the features before it (a copy, or "
                            "collinear)"
                      : "the features are collinear";
        return {minimum_norm_least_squares(d),
                which + ", so the least-squares solution is not unique"};
    }
}

template <class T>
std::vector<T> least_squares(const Dataset<T>& d) {
    return least_squares_fit(d).theta;
}

// lambda_max of the Hessian X X^T / m of J: batch GD converges for alpha < 2 / lambda_max.
// For p > m, from X^T X / m, which has the same non-zero eigenvalues and only m^2 entries.
template <class T>
T hessian_lambda_max(const Dataset<T>& d) {
    Matrix<T> H;
    if (d.p() > d.m()) {
        const Matrix<T> Xt = d.X.transpose();
        H = matmul_transposed(Xt, Xt);
    } else {
        H = matmul_transposed(d.X, d.X);
    }
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
    const std::size_t m = table.rows.rows();
    if (m < 3) {
        throw CsvError(path + ": only " + std::to_string(m) + " example" + (m == 1 ? "" : "s") +
                       " (lines of numbers); a regression needs at least 3 (with 2, every "
                       "standardized feature is -1 and +1, so the features cannot be told "
                       "apart); add examples");
    }
    // The cost J sums m squared errors: targets so large that y^2 m overflows a double leave
    // J infinite from the first epoch, whatever the learning rate.
    const std::size_t target = columns - 1;
    double largest = 0;
    for (std::size_t k = 0; k < m; ++k) {
        largest = std::max(largest, std::abs(table.rows(k, target)));
    }
    const double limit = std::sqrt(std::numeric_limits<double>::max() / double(4 * m));
    if (largest > limit) {
        char shown[32];
        std::snprintf(shown, sizeof shown, "%.3g", largest);
        throw CsvError(path + ": the target \"" + table.header[target] + "\" reaches " + shown +
                       "; its square times the number of examples overflows a double, so the "
                       "cost J would be Inf whatever the learning rate; rescale the column "
                       "(e.g. divide it by 1e" +
                       std::to_string(int(std::ceil(std::log10(largest / limit)))) + ")");
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
