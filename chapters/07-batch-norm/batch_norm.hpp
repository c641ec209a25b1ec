// batch_norm.hpp: chapter 7 of the notes, batch normalization of one layer's Z (n x m:
// n features, one column per example; one feature's m values are one contiguous row).
// Forward, one function per line of the notes: mu, sigma2, z_norm, z_tilde. Backward: dbeta,
// dgamma and the closed form of dZ (vectorized, three labelled terms); running averages for
// test time. checks.hpp computes the same gradients node by node and through the Jacobian
// d z_norm / d z, and holds them against this closed form and central differences.
// Beyond the notes (last section): layer normalization, the same lines with mu and sigma2
// over each example's features, forward and backward, built on the functions above.
// A float layer is as exact as float allows: mu adds in double lanes, and z - mu holds mu as
// two floats (the section after the includes).
// Leaves out: convolutional layers (statistics per channel), the unbiased variance of torch.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "chapters/02-ewma/ewma.hpp"
#include "common/matrix.hpp"
#include "common/rows.hpp"
#include "common/update_loop.hpp"  // <experimental/simd> behind GCC's pragma, common::stdx

namespace batch_norm {

using common::Matrix;

// Sums and maps over one feature's row, from common/rows.hpp: row_sum, row_dot, and
// simd_sum(f, z), which sums f over the row; simd_map(f, out, z) writes f of each element.
// All in native_simd<T> lanes: f gets W examples at a time as native_simd<T>, then the rest
// one by one as T.
using common::row_dot;
using common::row_dot_scalar;
using common::row_sum;
using common::row_sum_scalar;
using common::simd_map;
using common::simd_sum;

// ---- A float layer as exact as float allows -----------------------------------------------
// Where float loses: a feature whose mean is large against its spread (values 1e4 +- 1) has
// mu rounded to float off by up to half an ulp of 1e4 (5e-4), and z - mu then off by 5e-4
// where it should be about 1; a float sum of m values loses about log2(m) bits more.
// So, for a float layer: mu's sum adds in double lanes (wide_row_sum), and z - mu (in sigma2
// and z_norm) is taken with mu held as two floats (Split below). The other sums stay in
// float: their terms share no large offset (and sigma2's are all >= 0), so float keeps
// them within a few 1e-6 of the result. The outputs then agree with a double layer run on
// the same float inputs to a few 1e-6 (tests/batch_norm_test.cpp checks 1e-5 with values
// 1e4 +- 1). For a double layer nothing changes: Wide<double> is double, wide_row_sum is
// row_sum's loop, and Split's low half is 0.

// Wide<T>: the type wide_row_sum adds in: double for float, else T.
template <class T>
using Wide = std::conditional_t<std::is_same_v<T, float>, double, T>;

// mu as hi + lo, two T's (hi = mu rounded to T, lo = the rest, 0 for T = double): then
// z - mu = (z - hi) - lo in T lanes, where z - hi is exact for z within a factor 2 of hi, and
// the result is exact to T's precision however large mu is against z - mu. It costs one
// subtraction per element, in a loop that waits on memory anyway.
template <class T>
struct Split {
    T hi, lo;
    Split(Wide<T> mu) : hi(T(mu)), lo(T(mu - Wide<T>(hi))) {}  // implicit: z_norm(z, mu, ...)
};
template <class V, class T>
V operator-(V z, Split<T> mu) {
    return (z - mu.hi) - mu.lo;
}

// sum_i x_i in Wide<T> (mu's sum): common::simd_sum adding in native_simd<Wide<T>> lanes.
template <class T>
Wide<T> wide_row_sum(std::span<const T> x) {
    return common::simd_sum<Wide<T>>([](auto xi) { return xi; }, x);
}

// ---- Forward, one feature (one row z of Z), one function per line of the notes --------

// mu = (1/m) sum_i z^(i)
template <class T>
Wide<T> mu(std::span<const T> z) {
    // EXERCISE batch-norm: mu = (1/m) sum_i z^(i)
    return wide_row_sum(z) / T(z.size());
    // END EXERCISE, stub: return T(0);
}

// sigma2 = (1/m) sum_i (z^(i) - mu)^2
// Convention: the biased 1/m variance of the notes (torch.nn.BatchNorm1d's running
// variance uses the unbiased 1/(m - 1) one).
// (mu converts to Split<T>: zi - mu is (zi - hi) - lo, in T lanes.)
template <class T>
T sigma2(std::span<const T> z, Split<T> mu) {
    // EXERCISE batch-norm: sigma2 = (1/m) sum_i (z^(i) - mu)^2
    const auto squared_deviation = [mu](auto zi) {
        const auto c = zi - mu;
        return c * c;
    };
    return simd_sum(squared_deviation, z) / T(z.size());
    // END EXERCISE, stub: return T(1);
}

// z_norm^(i) = (z^(i) - mu) / sqrt(sigma2 + eps)
// (mu converts to Split<T>: zi - mu is (zi - hi) - lo, in T lanes.)
template <class T>
void z_norm(std::span<const T> z, Split<T> mu, T sigma2, T eps, std::span<T> out) {
    // EXERCISE batch-norm: z_norm^(i) = (z^(i) - mu) / sqrt(sigma2 + eps)
    const T inv_std = T(1) / std::sqrt(sigma2 + eps);
    simd_map([=](auto zi) { return (zi - mu) * inv_std; }, out, z);
    // END EXERCISE
}

// z_tilde^(i) = gamma z_norm^(i) + beta
template <class T>
void z_tilde(std::span<const T> z_norm, T gamma, T beta, std::span<T> out) {
    // EXERCISE batch-norm: z_tilde^(i) = gamma z_norm^(i) + beta
    simd_map([=](auto zi) { return gamma * zi + beta; }, out, z_norm);
    // END EXERCISE
}

// ---- Forward, the whole layer --------------------------------------------------------

// What forward() computes and backward() needs.
template <class T>
struct Cache {
    std::vector<T> mu;     // n: batch mean of each feature (layer norm: m, one per example)
    std::vector<T> sigma2; // n: batch variance of each feature, 1/m (layer norm: m, 1/n)
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

// forward()'s arguments checked (gamma and beta one value per feature, m >= 1), and `out`
// sized to Z, reusing its memory.
template <class T>
void fit_forward(const Matrix<T>& Z, std::span<const T> gamma, std::span<const T> beta, T eps,
                 Cache<T>& out) {
    const std::size_t n = Z.rows(), m = Z.cols();
    check_parameters(n, gamma.size(), beta.size());
    if (m == 0) throw std::invalid_argument("batch norm: Z has no examples (m = 0)");
    out.mu.resize(n);
    out.sigma2.resize(n);
    fit(out.Z_norm, n, m);
    fit(out.Z_tilde, n, m);
    out.eps = eps;
}

// Training mode: mu and sigma2 of this mini-batch. Z: (n, m); gamma, beta: n.
// Writes into `out`, reusing its memory from call to call.
template <class T>
void forward(const Matrix<T>& Z, std::span<const T> gamma, std::span<const T> beta, T eps,
             Cache<T>& out) {
    fit_forward(Z, gamma, beta, eps, out);
    const std::size_t n = Z.rows();
    for (std::size_t k = 0; k < n; ++k) {  // feature k: its row stays in L1 for all four lines
        const std::span<const T> z = Z.row(k);
        const Wide<T> mu_k = mu(z);  // kept in Wide<T> for z_norm, stored as T in the cache
        const T sigma2_k = sigma2<T>(z, mu_k);
        out.mu[k] = T(mu_k);
        out.sigma2[k] = sigma2_k;
        z_norm<T>(z, mu_k, sigma2_k, eps, out.Z_norm.row(k));
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
        z_norm<T>(Z.row(k), mu[k], sigma2[k], eps, Z_tilde.row(k));
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

// dbeta = sum_i dZ_tilde^(i) and dgamma = sum_i dZ_tilde^(i) * z_norm^(i) of feature k: its
// sums over its m examples (row k), into out.dbeta[k] and out.dgamma[k] (sized n). Batch
// norm's backward and layer norm's both use them: in both, gamma and beta are per feature.
template <class T>
void parameter_gradients(const Matrix<T>& dZ_tilde, const Matrix<T>& Z_norm, std::size_t k,
                         Gradients<T>& out) {
    const std::span<const T> g = dZ_tilde.row(k);
    const std::span<const T> zn = Z_norm.row(k);
    // EXERCISE batch-norm: dbeta = sum_i dZ_tilde^(i)
    out.dbeta[k] = row_sum(g);
    // END EXERCISE
    // EXERCISE batch-norm: dgamma = sum_i dZ_tilde^(i) * z_norm^(i)
    out.dgamma[k] = row_dot(g, zn);
    // END EXERCISE
}

// backward()'s arguments checked against the forward pass's cache (Z_norm is n x m), and
// `out` sized to them, reusing its memory.
template <class T>
void fit_backward(const Matrix<T>& dZ_tilde, std::span<const T> gamma, const Cache<T>& cache,
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
}

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
    fit_backward(dZ_tilde, gamma, cache, out);
    const std::size_t n = cache.Z_norm.rows(), m = cache.Z_norm.cols();
    for (std::size_t k = 0; k < n; ++k) {
        const std::span<const T> g = dZ_tilde.row(k);
        const std::span<const T> zn = cache.Z_norm.row(k);
        parameter_gradients(dZ_tilde, cache.Z_norm, k, out);
        // mean(dZ_tilde) = dbeta / m and mean(dZ_tilde * Z_norm) = dgamma / m: the notes'
        // (1/m) np.sum(..., axis = 1) of feature k, from parameter_gradients just above.
        // EXERCISE batch-norm: dZ = gamma/sqrt(sigma2 + eps) (dZ_tilde - dbeta/m - Z_norm dgamma/m)
        const T mean_g = out.dbeta[k] / T(m);
        const T mean_g_zn = out.dgamma[k] / T(m);
        const T scale = gamma[k] / std::sqrt(cache.sigma2[k] + cache.eps);
        simd_map([=](auto gi, auto zi) { return scale * (gi - mean_g - zi * mean_g_zn); },
                 out.dZ.row(k), g, zn);
        // END EXERCISE
    }
}

template <class T>
Gradients<T> backward(const Matrix<T>& dZ_tilde, std::span<const T> gamma,
                      const Cache<T>& cache) {
    Gradients<T> out;
    backward(dZ_tilde, gamma, cache, out);
    return out;
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

// ---- Beyond the notes: layer normalization ------------------------------------------
// The same two lines, z_norm and z_tilde, with mu and sigma2 taken over each example's n
// features instead of over the m examples; gamma and beta stay one per feature. Example i
// (column i of Z) is normalized on its own, so the layer needs no second example (m = 1
// works), keeps no running averages, and computes the same at training and test time.
//   mu^(i) = (1/n) sum_k z_k^(i)          sigma2^(i) = (1/n) sum_k (z_k^(i) - mu^(i))^2
//   z_norm_k^(i) = (z_k^(i) - mu^(i)) / sqrt(sigma2^(i) + eps)
//   z_tilde_k^(i) = gamma_k z_norm_k^(i) + beta_k
// The first three are mu(), sigma2() and z_norm() above applied to a column (copied into a
// row of Z's transpose, m x n), the last is z_tilde() on each feature's row. The cache holds
// m values in mu and sigma2 (one per example), Z_norm and Z_tilde n x m.
// torch: F.layer_norm(Z^T, (n,), gamma, beta, eps) on the m x n transpose, nn.LayerNorm(n).
template <class T>
void layer_norm_forward(const Matrix<T>& Z, std::span<const T> gamma, std::span<const T> beta,
                        T eps, Cache<T>& out) {
    const std::size_t n = Z.rows(), m = Z.cols();
    if (gamma.size() != n || beta.size() != n) {
        throw std::invalid_argument("layer norm: Z has " + std::to_string(n) +
                                    " features (rows) but gamma has " +
                                    std::to_string(gamma.size()) + " values and beta " +
                                    std::to_string(beta.size()));
    }
    if (n == 0 || m == 0) {
        throw std::invalid_argument("layer norm: Z is " + common::shape(n, m) +
                                    "; it needs at least one feature and one example");
    }
    const Matrix<T> Z_t = Z.transpose();  // m x n: example i's n features in row i
    Matrix<T> Z_norm_t(m, n);
    out.mu.resize(m);
    out.sigma2.resize(m);
    out.eps = eps;
    for (std::size_t i = 0; i < m; ++i) {
        const std::span<const T> z = Z_t.row(i);
        const Wide<T> mu_i = mu(z);
        const T sigma2_i = sigma2<T>(z, mu_i);
        out.mu[i] = T(mu_i);
        out.sigma2[i] = sigma2_i;
        z_norm<T>(z, mu_i, sigma2_i, eps, Z_norm_t.row(i));
    }
    out.Z_norm = Z_norm_t.transpose();
    fit(out.Z_tilde, n, m);
    for (std::size_t k = 0; k < n; ++k) {
        z_tilde<T>(out.Z_norm.row(k), gamma[k], beta[k], out.Z_tilde.row(k));
    }
}

template <class T>
Cache<T> layer_norm_forward(const Matrix<T>& Z, std::span<const T> gamma,
                            std::span<const T> beta, T eps) {
    Cache<T> out;
    layer_norm_forward(Z, gamma, beta, eps, out);
    return out;
}

// Layer norm's dZ for one example: its n features, with g = gamma * dZ_tilde (feature k's
// value times gamma_k) and means over the n features,
//   dZ^(i) = (g - mean_k g - z_norm^(i) mean_k(g * z_norm^(i))) / sqrt(sigma2^(i) + eps).
// gamma varies along the normalized axis, so it stays inside the means: batch norm's form
// gamma / sqrt(sigma2 + eps) (dZ_tilde - ...) is wrong here. All spans hold n values.
template <class T>
void layer_norm_dz(std::span<const T> dz_tilde, std::span<const T> gamma,
                   std::span<const T> z_norm, T sigma2, T eps, std::span<T> out) {
    // EXERCISE batch-norm: dZ^(i) = (g - mean_k g - z_norm mean_k(g z_norm)) / sqrt(sigma2 + eps)
    const std::size_t n = out.size();
    simd_map([](auto d, auto gk) { return gk * d; }, out, dz_tilde, gamma);  // g, kept in out
    const std::span<const T> g = out;
    const T mean_g = row_sum(g) / T(n);
    const T mean_g_zn = row_dot(g, z_norm) / T(n);
    const T inv_std = T(1) / std::sqrt(sigma2 + eps);
    simd_map([=](auto gk, auto zk) { return inv_std * (gk - mean_g - zk * mean_g_zn); }, out,
             g, z_norm);
    // END EXERCISE
}

// Backward: dgamma and dbeta are batch norm's sums over the examples (parameter_gradients);
// dZ is layer_norm_dz() on each column. Needs only the cache, not Z.
template <class T>
void layer_norm_backward(const Matrix<T>& dZ_tilde, std::span<const T> gamma,
                         const Cache<T>& cache, Gradients<T>& out) {
    const std::size_t n = cache.Z_norm.rows(), m = cache.Z_norm.cols();
    if (dZ_tilde.rows() != n || dZ_tilde.cols() != m) {
        throw std::invalid_argument("layer norm backward: dZ_tilde is " +
                                    common::shape(dZ_tilde.rows(), dZ_tilde.cols()) +
                                    ", the forward pass had Z " + common::shape(n, m));
    }
    if (gamma.size() != n || cache.sigma2.size() != m) {
        throw std::invalid_argument("layer norm backward: gamma has " +
                                    std::to_string(gamma.size()) + " values for " +
                                    std::to_string(n) + " features, the cache " +
                                    std::to_string(cache.sigma2.size()) + " variances for " +
                                    std::to_string(m) + " examples");
    }
    out.dgamma.resize(n);
    out.dbeta.resize(n);
    for (std::size_t k = 0; k < n; ++k) parameter_gradients(dZ_tilde, cache.Z_norm, k, out);
    const Matrix<T> dZ_tilde_t = dZ_tilde.transpose(), Z_norm_t = cache.Z_norm.transpose();
    Matrix<T> dZ_t(m, n);
    for (std::size_t i = 0; i < m; ++i) {
        layer_norm_dz<T>(dZ_tilde_t.row(i), gamma, Z_norm_t.row(i), cache.sigma2[i], cache.eps,
                         dZ_t.row(i));
    }
    out.dZ = dZ_t.transpose();
}

template <class T>
Gradients<T> layer_norm_backward(const Matrix<T>& dZ_tilde, std::span<const T> gamma,
                                 const Cache<T>& cache) {
    Gradients<T> out;
    layer_norm_backward(dZ_tilde, gamma, cache, out);
    return out;
}

}  // namespace batch_norm
