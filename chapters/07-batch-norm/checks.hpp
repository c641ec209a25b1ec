// checks.hpp: the checks of chapter 7's derivation, shared by main.cpp (which prints their
// numbers in derivation_text's sentences) and tests/batch_norm_test.cpp (which asserts
// them). Central differences in double (common::numerical_gradient) of J = sum dZ_tilde *
// Z_tilde against backward(), the corrected form of the notes' vectorized formula (term 3
// with the sign "-"), and against dZ_as_printed, the notes' formula as printed ("+"), which
// they reject; the full (n m) x (n m) Jacobian of Z_norm by central differences against the
// corrected element-wise derivative and the printed one, block by block and term by term;
// the np.sum without keepdims slip. derivation_checks() runs them all for part 1.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/07-batch-norm/batch_norm.hpp"
#include "common/check.hpp"
#include "common/io/report.hpp"
#include "common/random.hpp"

namespace batch_norm {

// A random layer as the gradient-check recipe wants it: inputs shifted and scaled
// (5 N(0,1) + 12), gamma in [0.5, 2), beta and the upstream dZ_tilde N(0,1).
struct Problem {
    Matrix<double> Z, dZ_tilde;
    std::vector<double> gamma, beta;
    double eps = 1e-5;
};

inline Problem random_problem(std::size_t n, std::size_t m, double eps, common::Rng& rng) {
    Problem p{Matrix<double>(n, m), Matrix<double>(n, m), std::vector<double>(n),
              std::vector<double>(n), eps};
    for (double& z : p.Z.values()) z = 5 * rng.normal() + 12;
    for (double& g : p.dZ_tilde.values()) g = rng.normal();
    for (double& g : p.gamma) g = rng.uniform(0.5, 2);
    for (double& b : p.beta) b = rng.normal();
    return p;
}

// J = sum_{k,i} dZ_tilde(k,i) Z_tilde(k,i): its gradient is what backward() returns when
// dZ_tilde arrives from above.
inline double projected(const Problem& p, const Matrix<double>& Z,
                        std::span<const double> gamma, std::span<const double> beta) {
    const Cache<double> c = forward(Z, gamma, beta, p.eps);
    double J = 0;
    for (std::size_t q = 0; q < Z.size(); ++q) J += p.dZ_tilde.values()[q] * c.Z_tilde.values()[q];
    return J;
}

// The worst common::gradient_error |a - n| / (|a| + |n|) over a gradient, where an element
// more than 1000 times smaller than the largest is judged against 1/1000 of the largest:
// its finite difference carries the absolute rounding error of J (about 1e-16 |J| / h),
// which no relative tolerance can hold for an element that is nearly 0.
inline double worst_error(std::span<const double> analytic, std::span<const double> numeric) {
    double largest = 0;
    for (std::size_t i = 0; i < analytic.size(); ++i) {
        largest = std::max(largest, std::abs(analytic[i]) + std::abs(numeric[i]));
    }
    double worst = 0;
    for (std::size_t i = 0; i < analytic.size(); ++i) {
        worst = std::max(worst, common::gradient_error(analytic[i], numeric[i],
                                                       std::max(1e-8, 1e-3 * largest)));
    }
    return worst;
}

// ---- The gradients two other ways, to check backward()'s closed form ----------------
// Node by node through mu, sigma2, Z_norm (backward_staged), and through the m x m Jacobian
// of z_norm (jacobian, chain_through). They live here, not in batch_norm.hpp: they are
// checks of its closed form, not the layer.

// The same gradients node by node, back through the graph of the forward pass:
//   c = z - mu,  sigma2 = (1/m) sum c^2,  s = sqrt(sigma2 + eps),  z_norm = c / s,
//   z_tilde = gamma z_norm + beta.
// Each line is one chain-rule step; plain loops. Needs Z (for c) besides the cache.
template <class T>
Gradients<T> backward_staged(const Matrix<T>& Z, const Matrix<T>& dZ_tilde,
                             std::span<const T> gamma, const Cache<T>& cache) {
    const std::size_t n = Z.rows(), m = Z.cols();
    if (dZ_tilde.rows() != n || dZ_tilde.cols() != m || cache.Z_norm.rows() != n ||
        cache.Z_norm.cols() != m || gamma.size() != n) {
        throw std::invalid_argument("backward_staged: Z, dZ_tilde, the cache and gamma "
                                    "do not belong to one layer");
    }
    Gradients<T> out{Matrix<T>(n, m), std::vector<T>(n), std::vector<T>(n)};
    for (std::size_t k = 0; k < n; ++k) {
        const T mu_k = cache.mu[k];
        const T var_eps = cache.sigma2[k] + cache.eps;
        const T s = std::sqrt(var_eps);
        std::vector<T> c(m), dz_norm(m);
        for (std::size_t i = 0; i < m; ++i) c[i] = Z(k, i) - mu_k;
        T dgamma = 0, dbeta = 0, dsigma2 = 0, dmu = 0, sum_c = 0;
        for (std::size_t i = 0; i < m; ++i) {
            dbeta += dZ_tilde(k, i);                           // z_tilde = ... + beta
            dgamma += dZ_tilde(k, i) * cache.Z_norm(k, i);     // z_tilde = gamma z_norm ...
            dz_norm[i] = dZ_tilde(k, i) * gamma[k];            // dz_norm = gamma dz_tilde
        }
        for (std::size_t i = 0; i < m; ++i) {  // z_norm = c (sigma2 + eps)^(-1/2)
            dsigma2 += dz_norm[i] * c[i] * T(-0.5) / (var_eps * s);
        }
        for (std::size_t i = 0; i < m; ++i) {  // c = z - mu, in z_norm and in sigma2
            dmu += -dz_norm[i] / s;
            sum_c += c[i];
        }
        dmu += dsigma2 * T(-2) * sum_c / T(m);  // sum_c = 0 up to rounding
        for (std::size_t i = 0; i < m; ++i) {
            // z reaches J three ways: through c directly, through sigma2, through mu
            out.dZ(k, i) = dz_norm[i] / s + dsigma2 * T(2) * c[i] / T(m) + dmu / T(m);
        }
        out.dgamma[k] = dgamma;
        out.dbeta[k] = dbeta;
    }
    return out;
}

// ---- The element-wise derivation: the Jacobian of z_norm for one feature -------------

// d z_norm^(i) / d z^(j) = (1 / sqrt(sigma2 + eps)) (delta_ij - 1/m - z_norm^(i) z_norm^(j) / m),
// split into its three terms; each is an m x m matrix (row i, column j).
template <class T>
struct JacobianTerms {
    Matrix<T> delta;    // delta_ij / sqrt(sigma2 + eps): z^(j) moves z_norm^(j) directly
    Matrix<T> mean;     // -(1/m) / sqrt(sigma2 + eps): through mu
    Matrix<T> product;  // -(z_norm^(i) z_norm^(j) / m) / sqrt(sigma2 + eps): through sigma2
};

template <class T>
JacobianTerms<T> jacobian_terms(std::span<const T> z_norm, T sigma2, T eps) {
    const std::size_t m = z_norm.size();
    const T inv_std = T(1) / std::sqrt(sigma2 + eps);
    JacobianTerms<T> J{Matrix<T>(m, m), Matrix<T>(m, m), Matrix<T>(m, m)};
    for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t j = 0; j < m; ++j) {
            J.delta(i, j) = (i == j ? T(1) : T(0)) * inv_std;
            J.mean(i, j) = -(T(1) / T(m)) * inv_std;
            J.product(i, j) = -(z_norm[i] * z_norm[j] / T(m)) * inv_std;
        }
    }
    return J;
}

// The whole Jacobian, d z_norm^(i) / d z^(j), m x m (symmetric).
template <class T>
Matrix<T> jacobian(std::span<const T> z_norm, T sigma2, T eps) {
    const JacobianTerms<T> t = jacobian_terms(z_norm, sigma2, eps);
    Matrix<T> J = t.delta;
    for (std::size_t q = 0; q < J.size(); ++q) {
        J.values()[q] += t.mean.values()[q] + t.product.values()[q];
    }
    return J;
}

// dz^(j) = sum_i (d J / d z_norm^(i)) (d z_norm^(i) / d z^(j)) = (J^T (gamma dz_tilde))_j:
// the chain rule through the Jacobian, the slow way to the closed form.
template <class T>
std::vector<T> chain_through(const Matrix<T>& J, std::span<const T> dz_tilde, T gamma) {
    std::vector<T> dz(J.cols(), T(0));
    for (std::size_t i = 0; i < J.rows(); ++i)
        for (std::size_t j = 0; j < J.cols(); ++j) dz[j] += J(i, j) * gamma * dz_tilde[i];
    return dz;
}

struct GradientErrors {
    double dZ = 0, dgamma = 0, dbeta = 0;  // worst common::gradient_error of each
    double staged = 0;                     // staged against closed form, worst relative_error
};

// h = 1e-4 against inputs of spread 5 around 12: small enough for the truncation error
// (about h^2), large enough for the rounding error of J (about 1e-16 |J| / h).
// dJ/dZ of J = projected(...) by central differences, in Z's order.
inline std::vector<double> numerical_dZ(const Problem& p, double h = 1e-4) {
    const std::span<const double> gamma(p.gamma), beta(p.beta);
    const std::vector<double> z(p.Z.values().begin(), p.Z.values().end());
    return common::numerical_gradient(
        [&](std::span<const double> x) {
            Matrix<double> Z(p.Z.rows(), p.Z.cols());
            std::copy(x.begin(), x.end(), Z.values().begin());
            return projected(p, Z, gamma, beta);
        }, z, h);
}

inline GradientErrors gradient_check(const Problem& p, double h = 1e-4) {
    const std::span<const double> gamma(p.gamma), beta(p.beta);
    const Cache<double> cache = forward(p.Z, gamma, beta, p.eps);
    const Gradients<double> g = backward(p.dZ_tilde, gamma, cache);
    const Gradients<double> s = backward_staged(p.Z, p.dZ_tilde, gamma, cache);
    const std::vector<double> num_dZ = numerical_dZ(p, h);
    const std::vector<double> num_dgamma = common::numerical_gradient(
        [&](std::span<const double> x) { return projected(p, p.Z, x, beta); }, p.gamma, h);
    const std::vector<double> num_dbeta = common::numerical_gradient(
        [&](std::span<const double> x) { return projected(p, p.Z, gamma, x); }, p.beta, h);
    GradientErrors e;
    e.dZ = worst_error(g.dZ.values(), num_dZ);
    e.dgamma = worst_error(g.dgamma, num_dgamma);
    e.dbeta = worst_error(g.dbeta, num_dbeta);
    for (std::size_t q = 0; q < g.dZ.size(); ++q) {
        e.staged = std::max(e.staged, common::relative_error(g.dZ.values()[q], s.dZ.values()[q]));
    }
    for (std::size_t k = 0; k < g.dgamma.size(); ++k) {
        e.staged = std::max({e.staged, common::relative_error(g.dgamma[k], s.dgamma[k]),
                             common::relative_error(g.dbeta[k], s.dbeta[k])});
    }
    return e;
}

// d Z_norm(k, i) / d Z(p, j) by central differences: row k m + i, column p m + j.
inline Matrix<double> numerical_jacobian(const Matrix<double>& Z, double eps, double h = 1e-5) {
    const std::size_t n = Z.rows(), m = Z.cols();
    const std::vector<double> ones(n, 1.0), zeros(n, 0.0);  // gamma 1, beta 0: Z_tilde = Z_norm
    Matrix<double> J(n * m, n * m);
    Matrix<double> X = Z;
    for (std::size_t col = 0; col < n * m; ++col) {
        const double x = X.values()[col];
        X.values()[col] = x + h;
        const Cache<double> up = forward<double>(X, ones, zeros, eps);
        X.values()[col] = x - h;
        const Cache<double> down = forward<double>(X, ones, zeros, eps);
        X.values()[col] = x;
        for (std::size_t row = 0; row < n * m; ++row) {
            J(row, col) = (up.Z_norm.values()[row] - down.Z_norm.values()[row]) / (2 * h);
        }
    }
    return J;
}

// m = 2: Z_norm is about +-1 whatever the input, so the closed form reduces to
// dZ = gamma eps (g1 - g2) / (2 (sigma2 + eps)^(3/2)) (1, -1), too small for central
// differences to resolve. backward()'s dZ of one feature (n = 1) beside that prediction.
struct TwoExamples {
    double dZ1 = 0, dZ2 = 0;  // backward()
    double predicted = 0;     // gamma eps (g1 - g2) / (2 (sigma2 + eps)^(3/2))
};

inline TwoExamples two_examples_check(const Problem& p) {
    const std::span<const double> gamma(p.gamma), beta(p.beta);
    const Cache<double> c = forward(p.Z, gamma, beta, p.eps);
    const Gradients<double> g = backward(p.dZ_tilde, gamma, c);
    const double s = std::sqrt(c.sigma2[0] + p.eps);
    return {g.dZ(0, 0), g.dZ(0, 1),
            p.gamma[0] * p.eps * (p.dZ_tilde(0, 0) - p.dZ_tilde(0, 1)) / (2 * s * s * s)};
}

// ---- The notes' vectorized formula as printed, and where its sign flips -----------------

inline void check_layer(const char* what, std::size_t rows, std::size_t cols, std::size_t gamma,
                        std::size_t n, std::size_t m) {
    if (rows != n || cols != m || gamma != n) {
        throw std::invalid_argument(std::string(what) + ": dZ_tilde is " +
                                    common::shape(rows, cols) +
                                    " and gamma has " + std::to_string(gamma) +
                                    " values; the forward pass had Z " + common::shape(n, m));
    }
}

// The notes' vectorized dZ exactly as printed, with "+" before the Z_norm term:
//   dZ = gamma/sqrt(sigma2 + eps) dZ_tilde
//        + gamma/sqrt(sigma2 + eps) Z_norm (1/m) np.sum(dZ_tilde * Z_norm, axis = 1)
//        - gamma/sqrt(sigma2 + eps) (1/m) np.sum(dZ_tilde, axis = 1)
// Kept only so that central differences can reject it: backward() in batch_norm.hpp is the
// corrected form, "-" before the Z_norm term. The two differ by exactly
// 2 gamma/sqrt(sigma2 + eps) Z_norm mean(dZ_tilde * Z_norm); both sum to 0 over the batch.
template <class T>
Matrix<T> dZ_as_printed(const Matrix<T>& dZ_tilde, std::span<const T> gamma,
                        const Cache<T>& cache) {
    const std::size_t n = cache.Z_norm.rows(), m = cache.Z_norm.cols();
    check_layer("dZ_as_printed", dZ_tilde.rows(), dZ_tilde.cols(), gamma.size(), n, m);
    Matrix<T> dZ(n, m);
    for (std::size_t k = 0; k < n; ++k) {
        const T scale = gamma[k] / std::sqrt(cache.sigma2[k] + cache.eps);
        T sum_g = 0, sum_g_zn = 0;  // np.sum(dZ_tilde), np.sum(dZ_tilde * Z_norm) of feature k
        for (std::size_t i = 0; i < m; ++i) {
            sum_g += dZ_tilde(k, i);
            sum_g_zn += dZ_tilde(k, i) * cache.Z_norm(k, i);
        }
        for (std::size_t i = 0; i < m; ++i) {
            dZ(k, i) = scale * dZ_tilde(k, i) + scale * cache.Z_norm(k, i) * sum_g_zn / T(m) -
                       scale * sum_g / T(m);  // "+" as printed
        }
    }
    return dZ;
}

// The corrected formula as NumPy would evaluate it with np.sum(..., axis = 1) and no
// keepdims = True: the sums have shape (n,), and broadcasting lines a shape-(n,) vector up
// with the LAST axis of an n x m array, the examples. With n = m nothing complains, and
// element (k, i) takes the sums of feature i instead of feature k (gamma and sigma2 taken as
// n x 1 columns, as in a layer's parameters).
template <class T>
Matrix<T> dZ_sums_without_keepdims(const Matrix<T>& dZ_tilde, std::span<const T> gamma,
                                   const Cache<T>& cache) {
    const std::size_t n = cache.Z_norm.rows(), m = cache.Z_norm.cols();
    check_layer("dZ_sums_without_keepdims", dZ_tilde.rows(), dZ_tilde.cols(), gamma.size(), n, m);
    if (n != m) {
        throw std::invalid_argument("dZ_sums_without_keepdims: NumPy broadcasts a shape (" +
                                    std::to_string(n) + ",) sum against " + common::shape(n, m) +
                                    " only when n = m");
    }
    std::vector<T> mean_g(n), mean_g_zn(n);
    for (std::size_t k = 0; k < n; ++k) {
        mean_g[k] = row_sum_scalar(dZ_tilde.row(k)) / T(m);
        mean_g_zn[k] = row_dot_scalar(dZ_tilde.row(k), cache.Z_norm.row(k)) / T(m);
    }
    Matrix<T> dZ(n, m);
    for (std::size_t k = 0; k < n; ++k) {
        const T scale = gamma[k] / std::sqrt(cache.sigma2[k] + cache.eps);
        for (std::size_t i = 0; i < m; ++i) {  // mean_g[i]: feature i's sum, broadcast by column
            dZ(k, i) = scale * (dZ_tilde(k, i) - mean_g[i] - cache.Z_norm(k, i) * mean_g_zn[i]);
        }
    }
    return dZ;
}

// The notes' element-wise d z_norm^(i) / d z^(j) as printed (the line after their quotient
// rule): (delta_ij - 1/m)/sqrt(sigma2 + eps) + (z^(i) - mu)(z^(j) - mu)/(m (sigma2 + eps)^(3/2))
// = (delta_ij - 1/m + z_norm^(i) z_norm^(j) / m) / sqrt(sigma2 + eps): "+" where jacobian()
// has "-". This is the line where the sign flips; every later line carries it.
template <class T>
Matrix<T> jacobian_as_printed(std::span<const T> z_norm, T sigma2, T eps) {
    const std::size_t m = z_norm.size();
    const T inv_std = T(1) / std::sqrt(sigma2 + eps);
    Matrix<T> J(m, m);
    for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t j = 0; j < m; ++j) {
            J(i, j) = ((i == j ? T(1) : T(0)) - T(1) / T(m) + z_norm[i] * z_norm[j] / T(m)) *
                      inv_std;
        }
    }
    return J;
}

// ||a - b|| / ||b|| over all elements.
inline double relative_distance(std::span<const double> a, std::span<const double> b) {
    double d = 0, nb = 0;
    for (std::size_t q = 0; q < a.size() && q < b.size(); ++q) {
        d += (a[q] - b[q]) * (a[q] - b[q]);
        nb += b[q] * b[q];
    }
    return std::sqrt(d / std::max(nb, 1e-300));
}

// The printed formula and the corrected one (backward()) on one problem, against the same
// central differences.
struct SignCheck {
    double printed = 0;     // worst_error of dZ_as_printed against central differences
    double corrected = 0;   // the same for backward()
    double off = 0;         // ||printed - corrected|| / ||corrected||
    double difference = 0;  // printed - corrected vs 2 scale Z_norm mean(dZ_tilde Z_norm):
                            // worst |.|, relative to the largest |dZ|
    double sums = 0;        // worst |sum_i dZ(k, i)| of either formula, relative to max |dZ|
};

inline SignCheck sign_check(const Problem& p, double h = 1e-4) {
    const std::size_t n = p.Z.rows(), m = p.Z.cols();
    const std::span<const double> gamma(p.gamma), beta(p.beta);
    const Cache<double> cache = forward(p.Z, gamma, beta, p.eps);
    const Matrix<double> right = backward(p.dZ_tilde, gamma, cache).dZ;
    const Matrix<double> printed = dZ_as_printed(p.dZ_tilde, gamma, cache);
    const std::vector<double> numeric = numerical_dZ(p, h);
    SignCheck s{worst_error(printed.values(), numeric), worst_error(right.values(), numeric),
                relative_distance(printed.values(), right.values()), 0, 0};
    double largest = 0;
    for (double v : right.values()) largest = std::max(largest, std::abs(v));
    for (std::size_t k = 0; k < n; ++k) {
        const double scale = p.gamma[k] / std::sqrt(cache.sigma2[k] + p.eps);
        const double mean_g_zn = row_dot_scalar(p.dZ_tilde.row(k), cache.Z_norm.row(k)) / double(m);
        double sum_p = 0, sum_r = 0;
        for (std::size_t i = 0; i < m; ++i) {
            const double predicted = 2 * scale * cache.Z_norm(k, i) * mean_g_zn;
            s.difference = std::max(s.difference,
                                    std::abs(printed(k, i) - right(k, i) - predicted) / largest);
            sum_p += printed(k, i);
            sum_r += right(k, i);
        }
        s.sums = std::max({s.sums, std::abs(sum_p) / largest, std::abs(sum_r) / largest});
    }
    return s;
}

struct JacobianErrors {
    double off_feature = 0;   // largest |d Z_norm(k, .) / d Z(p, .)|, p != k: exactly 0
    double closed_form = 0;   // feature blocks: the closed form against central differences
    double printed = 0;       // feature blocks: jacobian_as_printed against central differences
    double chain = 0;         // J^T (gamma dZ_tilde) against the vectorized dZ of backward()
    double term[3] = {0, 0, 0};  // each term of J against the same term of the closed form
};

inline JacobianErrors jacobian_check(const Problem& p) {
    const std::size_t n = p.Z.rows(), m = p.Z.cols();
    const std::span<const double> gamma(p.gamma), beta(p.beta);
    const Cache<double> cache = forward(p.Z, gamma, beta, p.eps);
    const Gradients<double> g = backward(p.dZ_tilde, gamma, cache);
    const Matrix<double> numeric = numerical_jacobian(p.Z, p.eps);
    JacobianErrors e;
    for (std::size_t k = 0; k < n; ++k) {
        for (std::size_t q = 0; q < n; ++q) {
            for (std::size_t i = 0; i < m; ++i) {
                for (std::size_t j = 0; j < m; ++j) {
                    const double v = numeric(k * m + i, q * m + j);
                    if (q != k) e.off_feature = std::max(e.off_feature, std::abs(v));
                }
            }
        }
        const std::span<const double> zn = cache.Z_norm.row(k);
        const Matrix<double> J = jacobian(zn, cache.sigma2[k], p.eps);
        const Matrix<double> P = jacobian_as_printed(zn, cache.sigma2[k], p.eps);
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = 0; j < m; ++j) {
                const double n_ij = numeric(k * m + i, k * m + j);
                e.closed_form = std::max(e.closed_form, common::relative_error(J(i, j), n_ij));
                e.printed = std::max(e.printed, common::relative_error(P(i, j), n_ij));
            }
        }
        const std::span<const double> dzt = p.dZ_tilde.row(k);
        const std::vector<double> dz = chain_through(J, dzt, p.gamma[k]);
        for (std::size_t j = 0; j < m; ++j) {
            e.chain = std::max(e.chain, common::relative_error(g.dZ(k, j), dz[j]));
        }
        // The closed form's three terms, scale = gamma / sqrt(sigma2 + eps):
        // term 1 = scale dZ_tilde, term 2 = -scale mean(dZ_tilde),
        // term 3 = -scale Z_norm mean(dZ_tilde Z_norm)
        const double scale = p.gamma[k] / std::sqrt(cache.sigma2[k] + p.eps);
        const double mean_g = row_sum_scalar(dzt) / double(m);
        const double mean_g_zn = row_dot_scalar(dzt, zn) / double(m);
        const JacobianTerms<double> t = jacobian_terms(zn, cache.sigma2[k], p.eps);
        const std::vector<double> by_term[3] = {chain_through(t.delta, dzt, p.gamma[k]),
                                                chain_through(t.mean, dzt, p.gamma[k]),
                                                chain_through(t.product, dzt, p.gamma[k])};
        for (std::size_t j = 0; j < m; ++j) {
            const double closed[3] = {scale * dzt[j], -scale * mean_g, -scale * zn[j] * mean_g_zn};
            for (int r = 0; r < 3; ++r) {
                e.term[r] = std::max(e.term[r], common::relative_error(closed[r], by_term[r][j]));
            }
        }
    }
    return e;
}

// Part 1 of the chapter's program, every number it prints: the forward pass on a worked
// example, gradient_check on five shapes, the m = 2 case, jacobian_check, and the mean and
// variance of each feature of Z_norm, from one Rng(seed) in that order.
struct ShapeCheck {
    std::size_t n = 0, m = 0;
    double eps = 0;
    GradientErrors errors;
    SignCheck sign;  // the notes' printed formula against the corrected one
};

// The notes' printed dZ over the shapes: every one of them rejected, the corrected accepted.
struct PrintedSign {
    double printed_min = 0, printed_max = 0;  // its worst_error per shape: smallest, largest
    double corrected = 0;                     // backward()'s worst over the shapes
    double off_min = 0, off_max = 0;          // ||printed - corrected|| / ||corrected||
    double difference = 0;  // worst gap from 2 scale Z_norm mean(dZ_tilde Z_norm), relative
    double sums = 0;        // worst |sum_i dZ| of either, relative: both sum to 0
    double broadcast = 0, broadcast_off = 0;  // np.sum without keepdims, n = m = 6: worst
                                              // error against central differences, distance

    // Central differences tell the two apart: the printed one misses by more than 1e-2 on
    // every shape, the corrected one agrees within the gradient tolerance.
    bool rejected() const {
        return printed_min > 1e-2 && corrected < common::tol<double>::grad;
    }
};

struct Derivation {
    Cache<double> example;           // forward on Z = [1 2 3 6; 4 4 4 4], gamma 1, beta 0
    std::vector<ShapeCheck> shapes;  // gradient_check, (n, m, eps) each
    TwoExamples two;                 // m = 2, eps as given
    JacobianErrors jacobian;         // a 3 x 4 Z
    double worst_mean = 0;           // Z_norm of a 5 x 16 Z: worst |mean| of a feature
    double worst_var = 0;            // and worst |variance - 1|
    GradientErrors worst;            // the worst of each column over the shapes
    PrintedSign sign;                // dZ_as_printed, and the broadcasting slip
    double gamma_sd = 0, gamma_var = 0;  // gamma = 3, the 5 x 16 Z: std and variance of
                                         // Z_tilde, the worst feature (|sd - 3| largest)

    // Closed form and staged pass agree with central differences and with each other.
    bool agrees() const {
        return worst.dZ < common::tol<double>::grad && worst.dgamma < common::tol<double>::grad &&
               worst.dbeta < common::tol<double>::grad && worst.staged < common::tol<double>::exact;
    }
};

inline Derivation derivation_checks(double eps, std::uint64_t seed) {
    Derivation d;
    const Matrix<double> Z = Matrix<double>::from_rows({{1, 2, 3, 6}, {4, 4, 4, 4}});
    d.example = forward<double>(Z, std::vector<double>{1, 1}, std::vector<double>{0, 0}, eps);
    common::Rng rng(seed);
    for (const ShapeCheck& s : {ShapeCheck{3, 4, 1e-5, {}}, ShapeCheck{1, 5, 1e-5, {}},
                               ShapeCheck{2, 7, 1e-3, {}}, ShapeCheck{5, 16, 1e-5, {}},
                               ShapeCheck{4, 2, 10.0, {}}}) {
        const Problem p = random_problem(s.n, s.m, s.eps, rng);
        const GradientErrors e = gradient_check(p);
        const SignCheck sc = sign_check(p);
        d.shapes.push_back({s.n, s.m, s.eps, e, sc});
        PrintedSign& ps = d.sign;
        const bool first = d.shapes.size() == 1;
        ps.printed_min = first ? sc.printed : std::min(ps.printed_min, sc.printed);
        ps.printed_max = std::max(ps.printed_max, sc.printed);
        ps.corrected = std::max(ps.corrected, sc.corrected);
        ps.off_min = first ? sc.off : std::min(ps.off_min, sc.off);
        ps.off_max = std::max(ps.off_max, sc.off);
        ps.difference = std::max(ps.difference, sc.difference);
        ps.sums = std::max(ps.sums, sc.sums);
        d.worst = {std::max(d.worst.dZ, e.dZ), std::max(d.worst.dgamma, e.dgamma),
                   std::max(d.worst.dbeta, e.dbeta), std::max(d.worst.staged, e.staged)};
    }
    d.two = two_examples_check(random_problem(1, 2, 1e-5, rng));
    d.jacobian = jacobian_check(random_problem(3, 4, eps, rng));
    const Problem p = random_problem(5, 16, eps, rng);
    const Cache<double> c = forward<double>(p.Z, p.gamma, p.beta, p.eps);
    for (std::size_t k = 0; k < c.Z_norm.rows(); ++k) {
        const std::span<const double> zn = c.Z_norm.row(k);
        const double mean = row_sum_scalar(zn) / double(zn.size());
        const double var = row_dot_scalar(zn, zn) / double(zn.size()) - mean * mean;
        d.worst_mean = std::max(d.worst_mean, std::abs(mean));
        d.worst_var = std::max(d.worst_var, std::abs(var - 1));
    }
    // gamma sets the standard deviation of Z_tilde, not its variance: gamma = 3 on p.Z
    const std::vector<double> three(p.Z.rows(), 3.0);
    const Cache<double> c3 = forward<double>(p.Z, three, p.beta, p.eps);
    for (std::size_t k = 0; k < c3.Z_tilde.rows(); ++k) {
        const std::span<const double> zt = c3.Z_tilde.row(k);
        const double mean = row_sum_scalar(zt) / double(zt.size());
        const double var = row_dot_scalar(zt, zt) / double(zt.size()) - mean * mean;
        if (k == 0 || std::abs(std::sqrt(var) - 3) > std::abs(d.gamma_sd - 3)) {
            d.gamma_sd = std::sqrt(var);
            d.gamma_var = var;
        }
    }
    // np.sum(..., axis = 1) without keepdims, n = m = 6: broadcast along the examples
    const Problem q = random_problem(6, 6, eps, rng);
    const Cache<double> cq = forward<double>(q.Z, q.gamma, q.beta, q.eps);
    const Matrix<double> wrong = dZ_sums_without_keepdims<double>(q.dZ_tilde, q.gamma, cq);
    d.sign.broadcast = worst_error(wrong.values(), numerical_dZ(q));
    d.sign.broadcast_off = relative_distance(
        wrong.values(), backward<double>(q.dZ_tilde, q.gamma, cq).dZ.values());
    return d;
}

// x in printf's %e with `decimals` decimals: sci(2.69e-8, 2) = "2.69e-08".
inline std::string sci(double x, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*e", decimals, x);
    return buf;
}

// Part 1 as the program prints it: each sentence carries derivation_checks()' numbers.
struct DerivationText {
    std::string forward, backward, printed, step, broadcast, two, jacobian, moments;
};

inline DerivationText derivation_text(const Derivation& d, double eps) {
    using common::report::g;
    const auto report_fixed = common::report::fixed;
    const Cache<double>& c = d.example;
    const JacobianErrors& je = d.jacobian;
    std::string z_norm, constant;
    for (double v : c.Z_norm.row(0)) z_norm += " " + g(v);
    for (double v : c.Z_norm.row(1)) constant += g(v) + " ";
    DerivationText t;
    t.forward = "Forward on Z = [1 2 3 6; 4 4 4 4] (n = 2, m = 4), gamma = 1, beta = 0: mu = " +
                g(c.mu[0]) + ", " + g(c.mu[1]) + "; sigma2 = " + g(c.sigma2[0]) + ", " +
                g(c.sigma2[1]) + " (by hand: 14/4, and 0); Z_norm =" + z_norm +
                " = (-2, -1, 0, 3) / sqrt(3.5 + eps), and " + constant +
                "for the constant feature (eps avoids 0/0).";
    t.backward = "Backward, the closed form dZ = gamma / sqrt(sigma2 + eps) (dZ_tilde - "
                 "mean(dZ_tilde) - Z_norm mean(dZ_tilde * Z_norm)) and the staged pass (node "
                 "by node through mu, sigma2, Z_norm), against central differences (h = 1e-4) "
                 "of J = sum dZ_tilde * Z_tilde on " + std::to_string(d.shapes.size()) +
                 " shapes with Z from 5 N(0,1) + 12: worst |a - n| / (|a| + |n|) of dZ " +
                 sci(d.worst.dZ, 2) + ", dgamma " + sci(d.worst.dgamma, 2) + ", dbeta " +
                 sci(d.worst.dbeta, 2) + "; staged against closed form " +
                 sci(d.worst.staged, 2) + ".";
    const PrintedSign& ps = d.sign;
    t.printed = "The notes' dZ as printed (dZ_as_printed), \"+\" before the Z_norm term, "
                "against the same central differences: worst error " + sci(ps.printed_min, 2) +
                " to " + sci(ps.printed_max, 2) + " per shape: " +
                (ps.rejected() ? "they reject it" : "they DO NOT reject it") +
                " (the corrected form: " + sci(ps.corrected, 2) + "). It is off by ||printed - "
                "corrected|| / ||corrected|| = " + g(ps.off_min, 3) + " to " + g(ps.off_max, 3) +
                ", by 2 gamma / sqrt(sigma2 + eps) Z_norm mean(dZ_tilde * Z_norm) (to " +
                sci(ps.difference, 1) + "); both sum to 0 over the batch (" + sci(ps.sums, 1) +
                "): a check of sum_j dZ = 0 cannot see it.";
    t.step = "Where the sign flips: the notes' first line of d z_norm^(i) / d z^(j) joins the "
             "quotient rule's two terms with \"+\"; (u/v)' = (u'v - uv') / v^2 subtracts the one "
             "through sqrt(sigma2 + eps): (delta_ij - 1/m) / sqrt(sigma2 + eps) - (z^(i) - mu)"
             "(z^(j) - mu) / (m (sigma2 + eps)^(3/2)). As printed the line misses the Jacobian by "
             "central differences by " + sci(je.printed, 1) + ", corrected by " +
             sci(je.closed_form, 1) + "; every later line carries the \"+\".";
    t.broadcast = "np.sum(..., axis = 1) without keepdims = True has shape (n,); with n = m = 6 "
                  "NumPy broadcasts it along the examples without an error, and dZ is off by " +
                  g(ps.broadcast_off, 3) + " (central differences: worst " +
                  sci(ps.broadcast, 2) + ").";
    t.two = "With m = 2, Z_norm is about +-1 whatever the input: dZ = gamma eps (g1 - g2) / "
            "(2 (sigma2 + eps)^(3/2)) (1, -1), tiny: backward " + sci(d.two.dZ1, 4) +
            ", the formula " + sci(d.two.predicted, 4) + " (eps = 1e-5).";
    t.jacobian = "d z_norm^(i) / d z^(j) = (delta_ij - 1/m - z_norm^(i) z_norm^(j) / m) / "
                 "sqrt(sigma2 + eps) against the 12 x 12 Jacobian of a 3 x 4 Z by central "
                 "differences: " + sci(je.off_feature, 1) + " between features (feature k "
                 "uses nothing of p); closed form " + sci(je.closed_form, 1) +
                 "; J^T (gamma dZ_tilde) vs dZ " + sci(je.chain, 1) + "; its terms delta_ij, "
                 "-1/m, -z_norm z_norm / m vs terms 1, 2, 3 of dZ: " + sci(je.term[0], 1) +
                 ", " + sci(je.term[1], 1) + ", " + sci(je.term[2], 1) + ".";
    t.moments = "Z_norm of a 5 x 16 Z, per feature: worst |mean| " + sci(d.worst_mean, 1) +
                ", worst |variance - 1| " + sci(d.worst_var, 1) +
                " (it is sigma2 / (sigma2 + eps), eps = " + g(eps) + "). gamma = 3 gives "
                "Z_tilde a standard deviation of " + report_fixed(d.gamma_sd, 4) +
                ", variance " + report_fixed(d.gamma_var, 4) + ": gamma sets the standard "
                "deviation, the variance is gamma^2.";
    return t;
}

// The layer's cost: forward + backward in float at (n, m) = (1024, 256), repeated for at
// least 0.05 s. Memory moved per pass: Z, dZ_tilde, Z_norm read; Z_norm, Z_tilde, dZ
// written, each with its write-allocate read: 9 n m floats.
struct LayerTime {
    double seconds = 0;           // per forward + backward
    double bytes_per_second = 0;  // 9 n m sizeof(float) / seconds
};

inline LayerTime time_layer(std::uint64_t seed) {
    const std::size_t n = 1024, m = 256;
    common::Rng rng(seed);
    Matrix<float> Z(n, m), dZ_tilde(n, m);
    for (float& v : Z.values()) v = float(rng.normal());
    for (float& v : dZ_tilde.values()) v = float(rng.normal());
    const std::vector<float> gamma(n, 1.0f), beta(n, 0.0f);
    Cache<float> cache;
    Gradients<float> grads;
    const auto once = [&] {
        forward<float>(Z, gamma, beta, 1e-5f, cache);
        backward<float>(dZ_tilde, gamma, cache, grads);
    };
    once();
    std::size_t reps = 0;
    const auto start = std::chrono::steady_clock::now();
    double seconds = 0;
    for (; seconds < 0.05; ++reps) {
        once();
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    const double per = seconds / double(reps);
    return {per, 9.0 * double(n * m * sizeof(float)) / per};
}

// ---- A float layer's error: the arithmetic's share and the inputs' own -----------------
// Z = offset + N(0, 1) (each feature's mean large against its spread), dZ_tilde N(0, 1),
// gamma 1, beta 0, n x m = 64 x 256: forward + backward in float, against double run on the
// same float-rounded inputs (what float's arithmetic costs; batch_norm.hpp adds mu's sum in
// double for a float layer and takes z - mu with mu as two floats) and against double on the
// inputs before their rounding to float (what that rounding adds: an ulp of 1e4 is
// 2^-10 = 9.8e-4, of 1e6 0.0625).
// Error: the worst |a - b| / max(1, |b|) over Z_norm, Z_tilde, dZ, dgamma and dbeta.
struct FloatShare {
    double offset = 0;
    double arithmetic = 0;  // float against double on the same float inputs
    double inputs = 0;      // double on the float inputs against double on the unrounded ones
    double total = 0;       // float against double on the unrounded inputs
};

inline std::vector<FloatShare> float_shares(std::uint64_t seed) {
    const std::size_t n = 64, m = 256;
    // Every output of forward + backward, in one vector: Z_norm, Z_tilde, dZ, dgamma, dbeta.
    const auto outputs = [&]<class T>(const Matrix<T>& Z, const Matrix<T>& dZ_tilde) {
        const std::vector<T> gamma(n, T(1)), beta(n, T(0));
        const Cache<T> c = forward<T>(Z, gamma, beta, T(1e-5));
        const Gradients<T> d = backward<T>(dZ_tilde, gamma, c);
        std::vector<double> all;
        for (const auto& part : {std::span<const T>(c.Z_norm.values()),
                                 std::span<const T>(c.Z_tilde.values()),
                                 std::span<const T>(d.dZ.values()), std::span<const T>(d.dgamma),
                                 std::span<const T>(d.dbeta)}) {
            all.insert(all.end(), part.begin(), part.end());
        }
        return all;
    };
    const auto worst = [](const std::vector<double>& want, const std::vector<double>& got) {
        double e = 0;
        for (std::size_t q = 0; q < want.size(); ++q) {
            e = std::max(e, common::relative_error(want[q], got[q]));
        }
        return e;
    };
    std::vector<FloatShare> shares;
    for (const double offset : {1e2, 1e4, 1e6}) {
        common::Rng rng(seed);
        Matrix<double> Z(n, m), dZ_tilde(n, m), Z_rounded(n, m), dZ_tilde_rounded(n, m);
        Matrix<float> Zf(n, m), dZ_tilde_f(n, m);
        for (std::size_t q = 0; q < Z.size(); ++q) {
            Z.values()[q] = offset + rng.normal();
            dZ_tilde.values()[q] = rng.normal();
            Zf.values()[q] = float(Z.values()[q]);
            dZ_tilde_f.values()[q] = float(dZ_tilde.values()[q]);
            Z_rounded.values()[q] = Zf.values()[q];
            dZ_tilde_rounded.values()[q] = dZ_tilde_f.values()[q];
        }
        const std::vector<double> exact = outputs(Z, dZ_tilde);
        const std::vector<double> same_inputs = outputs(Z_rounded, dZ_tilde_rounded);
        const std::vector<double> in_float = outputs(Zf, dZ_tilde_f);
        shares.push_back({offset, worst(same_inputs, in_float), worst(exact, same_inputs),
                          worst(exact, in_float)});
    }
    return shares;
}

// The shares as the program prints them, one sentence (the arithmetic's share: float
// against double on the same float inputs; the inputs': double on them against double on the
// unrounded ones); `aim` is the arithmetic's goal at offset 1e4.
inline std::string float_share_text(const std::vector<FloatShare>& shares, double aim = 1e-5) {
    std::string offsets, arithmetic, inputs;
    double at_1e4 = INFINITY;
    for (const FloatShare& s : shares) {
        const std::string sep = offsets.empty() ? "" : ", ";
        offsets += sep + "1e" + std::to_string(std::lround(std::log10(s.offset)));
        arithmetic += sep + sci(s.arithmetic, 1);
        inputs += sep + sci(s.inputs, 1);
        if (s.offset == 1e4) at_1e4 = s.arithmetic;
    }
    const std::string verdict = at_1e4 <= aim ? "met" : "NOT met";
    return "In float on Z = " + offsets + " + N(0, 1), error against double: the arithmetic " +
           arithmetic + " (<= " + sci(aim, 0) + " at 1e4: " + verdict + "), the inputs' "
           "rounding " + inputs + ".";
}

// ---- Beyond the notes: layer norm's gradients against central differences ------------
// J = sum dZ_tilde * Z_tilde through layer_norm_forward(), central differences (h = 1e-4)
// against layer_norm_backward(), in the notes' n x m layout, on shapes that include m = 1:
// there batch norm's sigma2 is 0 for every feature, its Z_norm 0, Z_tilde = beta whatever Z
// is, and dZ 0; layer norm normalizes the one example over its n features and still passes
// a gradient to Z.

inline double projected_layer_norm(const Problem& p, const Matrix<double>& Z,
                                   std::span<const double> gamma, std::span<const double> beta) {
    const Cache<double> c = layer_norm_forward(Z, gamma, beta, p.eps);
    double J = 0;
    for (std::size_t q = 0; q < Z.size(); ++q) J += p.dZ_tilde.values()[q] * c.Z_tilde.values()[q];
    return J;
}

struct LayerNormShape {
    std::size_t n = 0, m = 0;
    double eps = 0;
    GradientErrors errors;  // staged unused
    double dZ_largest = 0;  // largest |dZ|: the gradient is not trivially 0
};

struct LayerNormCheck {
    std::vector<LayerNormShape> shapes;
    GradientErrors worst;  // the worst of each over the shapes
    // One example (n = 8, m = 1), batch norm on the same Z and dZ_tilde:
    double bn_sigma2 = 0, bn_dZ = 0;  // its largest sigma2 and |dZ|: 0
    double ln_sigma2 = 0;             // layer norm's sigma2 of the example
    double ln_dZ = 0, ln_error = 0;   // layer norm's largest |dZ|, its worst error

    bool agrees() const {
        return worst.dZ < common::tol<double>::grad &&
               worst.dgamma < common::tol<double>::grad &&
               worst.dbeta < common::tol<double>::grad;
    }
};

inline LayerNormShape layer_norm_gradient_check(const Problem& p, double h = 1e-4) {
    const std::span<const double> gamma(p.gamma), beta(p.beta);
    const Cache<double> cache = layer_norm_forward(p.Z, gamma, beta, p.eps);
    const Gradients<double> g = layer_norm_backward(p.dZ_tilde, gamma, cache);
    const std::vector<double> z(p.Z.values().begin(), p.Z.values().end());
    const std::vector<double> num_dZ = common::numerical_gradient(
        [&](std::span<const double> x) {
            Matrix<double> Z(p.Z.rows(), p.Z.cols());
            std::copy(x.begin(), x.end(), Z.values().begin());
            return projected_layer_norm(p, Z, gamma, beta);
        }, z, h);
    const std::vector<double> num_dgamma = common::numerical_gradient(
        [&](std::span<const double> x) { return projected_layer_norm(p, p.Z, x, beta); },
        p.gamma, h);
    const std::vector<double> num_dbeta = common::numerical_gradient(
        [&](std::span<const double> x) { return projected_layer_norm(p, p.Z, gamma, x); },
        p.beta, h);
    LayerNormShape s{p.Z.rows(), p.Z.cols(), p.eps, {}, 0};
    s.errors.dZ = worst_error(g.dZ.values(), num_dZ);
    s.errors.dgamma = worst_error(g.dgamma, num_dgamma);
    s.errors.dbeta = worst_error(g.dbeta, num_dbeta);
    for (double v : g.dZ.values()) s.dZ_largest = std::max(s.dZ_largest, std::abs(v));
    return s;
}

inline LayerNormCheck layer_norm_checks(std::uint64_t seed) {
    LayerNormCheck d;
    common::Rng rng(seed + 7);  // its own stream: part 1's numbers stay as they were
    for (const LayerNormShape& s : {LayerNormShape{4, 3, 1e-5, {}, 0},
                                    LayerNormShape{16, 5, 1e-5, {}, 0},
                                    LayerNormShape{5, 7, 1e-3, {}, 0},
                                    LayerNormShape{8, 1, 1e-5, {}, 0}}) {
        const Problem p = random_problem(s.n, s.m, s.eps, rng);
        d.shapes.push_back(layer_norm_gradient_check(p));
        const GradientErrors& e = d.shapes.back().errors;
        d.worst = {std::max(d.worst.dZ, e.dZ), std::max(d.worst.dgamma, e.dgamma),
                   std::max(d.worst.dbeta, e.dbeta), 0};
        if (s.m != 1) continue;
        const std::span<const double> gamma(p.gamma), beta(p.beta);
        const Cache<double> bc = forward(p.Z, gamma, beta, p.eps);
        const Gradients<double> bg = backward(p.dZ_tilde, gamma, bc);
        for (double v : bc.sigma2) d.bn_sigma2 = std::max(d.bn_sigma2, v);
        for (double v : bg.dZ.values()) d.bn_dZ = std::max(d.bn_dZ, std::abs(v));
        d.ln_sigma2 = layer_norm_forward(p.Z, gamma, beta, p.eps).sigma2[0];
        d.ln_dZ = d.shapes.back().dZ_largest;
        d.ln_error = e.dZ;
    }
    return d;
}

// The check as the program prints it.
inline std::string layer_norm_check_text(const LayerNormCheck& d) {
    std::string shapes;
    for (const LayerNormShape& s : d.shapes) {
        shapes += (shapes.empty() ? "" : ", ") + std::to_string(s.n) + " x " +
                  std::to_string(s.m);
    }
    return "Layer norm's backward (dgamma, dbeta as batch norm's; dZ = (g - mean_k g - Z_norm "
           "mean_k(g * Z_norm)) / sqrt(sigma2 + eps) per example, g = gamma * dZ_tilde) against "
           "central differences (h = 1e-4) of J = sum dZ_tilde * Z_tilde on " + shapes +
           " (n x m): worst dZ " + sci(d.worst.dZ, 2) + ", dgamma " + sci(d.worst.dgamma, 2) +
           ", dbeta " + sci(d.worst.dbeta, 2) + (d.agrees() ? ": they agree." : ": they DO NOT "
           "agree.") + " One example (8 x 1): layer norm's sigma2 = " +
           common::report::g(d.ln_sigma2, 3) + ", largest |dZ| " + common::report::g(d.ln_dZ, 3) +
           " (error " + sci(d.ln_error, 2) + "); batch norm's sigma2 is " +
           common::report::g(d.bn_sigma2, 3) + " for every feature and its largest |dZ| " +
           common::report::g(d.bn_dZ, 3) + ": Z_tilde = beta, whatever Z is.";
}

}  // namespace batch_norm
