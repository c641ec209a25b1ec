// Your copy of chapters/07-batch-norm/batch_norm.hpp for `make exercise-batch-norm`: fill in each EXERCISE block.
// batch_norm.hpp: chapter 7 of the notes, batch normalization of one layer's Z (n x m:
// n features, one column per example; one feature's m values are one contiguous row).
// Forward, one function per line of the notes: mu, sigma2, z_norm, z_tilde. Backward two
// ways: the closed form (vectorized, three labelled terms) and node by node through mu,
// sigma2, Z_norm; the Jacobian d z_norm / d z of one feature; running averages for test time.
// Leaves out: convolutional layers (statistics per channel), the unbiased variance of torch.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/02-ewma/ewma.hpp"
#include "common/matrix.hpp"
#include "common/rows.hpp"

namespace batch_norm {

using common::Matrix;

// Sums over one feature's examples (row_sum, row_dot, simd_sum) and element-wise maps
// (simd_map) come from common/rows.hpp.
using common::row_dot;
using common::row_dot_scalar;
using common::row_sum;
using common::row_sum_scalar;
using common::simd_map;
using common::simd_sum;

// ---- Forward, one feature (one row z of Z), one function per line of the notes --------

// mu = (1/m) sum_i z^(i)
template <class T>
T mu(std::span<const T> z) {
    // EXERCISE batch-norm: mu = (1/m) sum_i z^(i)
    // (your code here)
    return T(0);
}

// sigma2 = (1/m) sum_i (z^(i) - mu)^2
// Convention: the biased 1/m variance of the notes (torch.nn.BatchNorm1d's running
// variance uses the unbiased 1/(m - 1) one).
template <class T>
T sigma2(std::span<const T> z, T mu) {
    const auto squared_deviation = [mu](auto zi) {
        const auto c = zi - mu;
        return c * c;
    };
    // EXERCISE batch-norm: sigma2 = (1/m) sum_i (z^(i) - mu)^2 (squared_deviation above)
    // (your code here)
    return T(1);
}

// z_norm^(i) = (z^(i) - mu) / sqrt(sigma2 + eps)
template <class T>
void z_norm(std::span<const T> z, T mu, T sigma2, T eps, std::span<T> out) {
    // EXERCISE batch-norm: z_norm^(i) = (z^(i) - mu) / sqrt(sigma2 + eps)
    // (your code here)
}

// z_tilde^(i) = gamma z_norm^(i) + beta
template <class T>
void z_tilde(std::span<const T> z_norm, T gamma, T beta, std::span<T> out) {
    // EXERCISE batch-norm: z_tilde^(i) = gamma z_norm^(i) + beta
    // (your code here)
}

// ---- Forward, the whole layer --------------------------------------------------------

// What forward() computes and backward() needs.
template <class T>
struct Cache {
    std::vector<T> mu;     // n: batch mean of each feature
    std::vector<T> sigma2; // n: batch variance of each feature (1/m)
    Matrix<T> Z_norm;      // n x m: (Z - mu) / sqrt(sigma2 + eps)
    Matrix<T> Z_tilde;     // n x m: gamma Z_norm + beta, the layer's output
    T eps = 0;             // the eps used
};

// M as rows x cols, reusing its memory when it already has that shape.
template <class T>
void fit(Matrix<T>& M, std::size_t rows, std::size_t cols) {
    if (M.rows() != rows || M.cols() != cols || M.size() != rows * cols) M = Matrix<T>(rows, cols);
}

inline void check_parameters(std::size_t n, std::size_t gamma, std::size_t beta) {
    if (gamma != n || beta != n) {
        throw std::invalid_argument("batch norm: Z has " + std::to_string(n) +
                                    " features (rows) but gamma has " + std::to_string(gamma) +
                                    " values and beta " + std::to_string(beta));
    }
}

// Training mode: mu and sigma2 of this mini-batch. Z: (n, m); gamma, beta: n.
// Writes into `out`, reusing its memory from call to call.
template <class T>
void forward(const Matrix<T>& Z, std::span<const T> gamma, std::span<const T> beta, T eps,
             Cache<T>& out) {
    const std::size_t n = Z.rows(), m = Z.cols();
    check_parameters(n, gamma.size(), beta.size());
    if (m == 0) throw std::invalid_argument("batch norm: Z has no examples (m = 0)");
    out.mu.resize(n);
    out.sigma2.resize(n);
    fit(out.Z_norm, n, m);
    fit(out.Z_tilde, n, m);
    out.eps = eps;
    for (std::size_t k = 0; k < n; ++k) {  // feature k: its row stays in L1 for all four lines
        const std::span<const T> z = Z.row(k);
        out.mu[k] = mu(z);
        out.sigma2[k] = sigma2(z, out.mu[k]);
        z_norm(z, out.mu[k], out.sigma2[k], eps, out.Z_norm.row(k));
        z_tilde<T>(out.Z_norm.row(k), gamma[k], beta[k], out.Z_tilde.row(k));
    }
}

template <class T>
Cache<T> forward(const Matrix<T>& Z, std::span<const T> gamma, std::span<const T> beta,
                 T eps) {
    Cache<T> out;
    forward(Z, gamma, beta, eps, out);
    return out;
}

// Test mode: the same two lines z_norm, z_tilde with fixed statistics (running averages,
// or those of the whole training set) in place of the mini-batch's.
template <class T>
void forward_test(const Matrix<T>& Z, std::span<const T> gamma, std::span<const T> beta, T eps,
                  std::span<const T> mu, std::span<const T> sigma2, Matrix<T>& Z_tilde) {
    const std::size_t n = Z.rows(), m = Z.cols();
    check_parameters(n, gamma.size(), beta.size());
    check_parameters(n, mu.size(), sigma2.size());
    fit(Z_tilde, n, m);
    for (std::size_t k = 0; k < n; ++k) {
        z_norm(Z.row(k), mu[k], sigma2[k], eps, Z_tilde.row(k));
        z_tilde<T>(Z_tilde.row(k), gamma[k], beta[k], Z_tilde.row(k));
    }
}

// ---- Backward ------------------------------------------------------------------------

template <class T>
struct Gradients {
    Matrix<T> dZ;            // n x m: dJ/dZ
    std::vector<T> dgamma;   // n
    std::vector<T> dbeta;    // n
};

// The closed form, one feature at a time, means over the m examples. Term 3's sign is "-":
// the notes' vectorized formula prints "+" there (their quotient rule adds the term through
// sqrt(sigma2 + eps) where it must be subtracted); central differences agree with "-".
//   dZ = gamma / sqrt(sigma2 + eps) (dZ_tilde - mean(dZ_tilde) - Z_norm mean(dZ_tilde * Z_norm))
//                                    [term 1]   [term 2]         [term 3]
//   dgamma = sum_i dZ_tilde * Z_norm     dbeta = sum_i dZ_tilde
// dZ_tilde: (n, m), from the layer above. Needs only the cache, not Z.
template <class T>
void backward(const Matrix<T>& dZ_tilde, std::span<const T> gamma, const Cache<T>& cache,
              Gradients<T>& out) {
    const std::size_t n = cache.Z_norm.rows(), m = cache.Z_norm.cols();
    if (dZ_tilde.rows() != n || dZ_tilde.cols() != m) {
        throw std::invalid_argument("batch norm backward: dZ_tilde is " +
                                    common::shape(dZ_tilde.rows(), dZ_tilde.cols()) +
                                    ", the forward pass had Z " + common::shape(n, m));
    }
    if (gamma.size() != n) {
        throw std::invalid_argument("batch norm backward: gamma has " +
                                    std::to_string(gamma.size()) + " values for " +
                                    std::to_string(n) + " features");
    }
    fit(out.dZ, n, m);
    out.dgamma.resize(n);
    out.dbeta.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
        const std::span<const T> g = dZ_tilde.row(k);
        const std::span<const T> zn = cache.Z_norm.row(k);
        // EXERCISE batch-norm: dbeta, dgamma, and dZ = gamma / sqrt(sigma2 + eps) (terms 1 - 2 - 3)
        // (your code here)
    }
}

template <class T>
Gradients<T> backward(const Matrix<T>& dZ_tilde, std::span<const T> gamma,
                      const Cache<T>& cache) {
    Gradients<T> out;
    backward(dZ_tilde, gamma, cache, out);
    return out;
}

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

// ---- Running averages for test time ---------------------------------------------------

// The statistics a test-time layer uses, one value per feature. Start: mu 0, sigma2 1.
template <class T>
struct Running {
    std::vector<T> mu;
    std::vector<T> sigma2;
    static Running start(std::size_t n) {
        return {std::vector<T>(n, T(0)), std::vector<T>(n, T(1))};
    }
};

// After each training mini-batch, with ewma::step:
//   running_mu := beta running_mu + (1 - beta) mu
//   running_sigma2 := beta running_sigma2 + (1 - beta) sigma2      (biased, as in the notes)
// torch.nn.BatchNorm1d writes momentum = 1 - beta and feeds the unbiased m/(m-1) sigma2.
template <class T>
void update_running(Running<T>& r, const Cache<T>& cache, T beta) {
    if (r.mu.size() != cache.mu.size() || r.sigma2.size() != cache.sigma2.size()) {
        throw std::invalid_argument("update_running: running averages for " +
                                    std::to_string(r.mu.size()) + " features, batch has " +
                                    std::to_string(cache.mu.size()));
    }
    for (std::size_t k = 0; k < r.mu.size(); ++k) {
        r.mu[k] = ewma::step(r.mu[k], cache.mu[k], beta);
        r.sigma2[k] = ewma::step(r.sigma2[k], cache.sigma2[k], beta);
    }
}

}  // namespace batch_norm
