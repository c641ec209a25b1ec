// fused.hpp: batch normalization with its passes merged, for speed. The same equations as
// batch_norm.hpp (its mu, sigma2, z_norm, z_tilde forward; dbeta, dgamma and the closed form
// of dZ backward, term 3 with its "-" sign), the same Cache and Gradients, the same
// signatures as batch_norm::forward and batch_norm::backward (the forms that reuse memory):
//   forward_fused, per feature row: mu (one pass), sigma2 as the mean of squared deviations
//     (a second pass: accurate where the mean is large against the spread), then z_norm and
//     z_tilde written together in ONE pass (the readable form writes Z_norm, then reads it
//     back for z_tilde);
//   backward_fused, per feature row: dbeta and dgamma summed in ONE pass, then dZ in one
//     pass (the readable form sums dbeta and dgamma in two).
// A float layer computes as batch_norm.hpp's does: mu's sum in Wide<T> (double) lanes, z - mu
// with mu as Split<T>. Read batch_norm.hpp for the equations; tests/batch_norm_test.cpp holds
// this form against it on several shapes, in double and float. The chapter's program uses
// the readable form.
// Leaves out: one-pass variance (E[z^2] - mu^2 cancels badly in float), threads.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

#include "chapters/07-batch-norm/batch_norm.hpp"
#include "common/update_loop.hpp"  // <experimental/simd> behind GCC's pragma, common::stdx

namespace batch_norm {

namespace fused_detail {

namespace stdx = common::stdx;

// out1_i = (z_i - mu) inv_std (z_norm), out2_i = gamma out1_i + beta (z_tilde): one pass,
// W examples at a time, then the last m % W one by one; z_i - mu as batch_norm.hpp's z_norm
// takes it, with mu as Split<T>.
template <class T>
void normalize_row(const T* z, Split<T> mu, T inv_std, T gamma, T beta, T* zn, T* zt,
                   std::size_t m) {
    using V = stdx::native_simd<T>;
    constexpr std::size_t W = V::size();
    std::size_t i = 0;
    for (; i + W <= m; i += W) {
        const V n = (V(z + i, stdx::element_aligned) - mu) * inv_std;
        n.copy_to(zn + i, stdx::element_aligned);
        const V t = gamma * n + beta;
        t.copy_to(zt + i, stdx::element_aligned);
    }
    for (; i < m; ++i) {
        const T n = (z[i] - mu) * inv_std;
        zn[i] = n;
        zt[i] = gamma * n + beta;
    }
}

// sum_i g_i and sum_i g_i zn_i in one pass: the lanes and order of common::simd_sum (four
// lane-sums side by side, then W at a time, then the tail), so each sum has the same bits
// as row_sum and row_dot of the readable form.
template <class T>
void two_sums(const T* g, const T* zn, std::size_t m, T& sum_g, T& sum_g_zn) {
    using V = stdx::native_simd<T>;
    constexpr std::size_t W = V::size();
    V a0(T(0)), a1(T(0)), a2(T(0)), a3(T(0));
    V b0(T(0)), b1(T(0)), b2(T(0)), b3(T(0));
    std::size_t i = 0;
    const auto load = [](const T* p) { return V(p, stdx::element_aligned); };
    for (; i + 4 * W <= m; i += 4 * W) {
        const V g0 = load(g + i), g1 = load(g + i + W), g2 = load(g + i + 2 * W),
                g3 = load(g + i + 3 * W);
        a0 += g0;
        a1 += g1;
        a2 += g2;
        a3 += g3;
        b0 += g0 * load(zn + i);
        b1 += g1 * load(zn + i + W);
        b2 += g2 * load(zn + i + 2 * W);
        b3 += g3 * load(zn + i + 3 * W);
    }
    for (; i + W <= m; i += W) {
        const V gi = load(g + i);
        a0 += gi;
        b0 += gi * load(zn + i);
    }
    T tail_a = 0, tail_b = 0;
    for (; i < m; ++i) {
        tail_a += g[i];
        tail_b += g[i] * zn[i];
    }
    sum_g = stdx::reduce((a0 + a1) + (a2 + a3)) + tail_a;
    sum_g_zn = stdx::reduce((b0 + b1) + (b2 + b3)) + tail_b;
}

// dZ_i = scale (g_i - mean_g - zn_i mean_g_zn): batch_norm::backward's line, one pass.
template <class T>
void dz_row(const T* g, const T* zn, T scale, T mean_g, T mean_g_zn, T* dz, std::size_t m) {
    using V = stdx::native_simd<T>;
    constexpr std::size_t W = V::size();
    std::size_t i = 0;
    for (; i + W <= m; i += W) {
        const V gi(g + i, stdx::element_aligned), zi(zn + i, stdx::element_aligned);
        const V d = scale * (gi - mean_g - zi * mean_g_zn);
        d.copy_to(dz + i, stdx::element_aligned);
    }
    for (; i < m; ++i) dz[i] = scale * (g[i] - mean_g - zn[i] * mean_g_zn);
}

}  // namespace fused_detail

// batch_norm::forward with z_norm and z_tilde in one pass. Z: (n, m); gamma, beta: n.
template <class T>
void forward_fused(const Matrix<T>& Z, std::span<const T> gamma, std::span<const T> beta,
                   T eps, Cache<T>& out) {
    fit_forward(Z, gamma, beta, eps, out);
    const std::size_t n = Z.rows(), m = Z.cols();
    for (std::size_t k = 0; k < n; ++k) {
        const std::span<const T> z = Z.row(k);
        const Wide<T> mu_k = mu(z);               // pass 1
        const T sigma2_k = sigma2<T>(z, mu_k);    // pass 2
        out.mu[k] = T(mu_k);
        out.sigma2[k] = sigma2_k;
        const T inv_std = T(1) / std::sqrt(sigma2_k + eps);
        fused_detail::normalize_row<T>(z.data(), mu_k, inv_std, gamma[k], beta[k],  // pass 3
                                    out.Z_norm.row(k).data(), out.Z_tilde.row(k).data(), m);
    }
}

// batch_norm::backward with dbeta and dgamma summed in one pass, then dZ in one pass.
template <class T>
void backward_fused(const Matrix<T>& dZ_tilde, std::span<const T> gamma, const Cache<T>& cache,
                    Gradients<T>& out) {
    fit_backward(dZ_tilde, gamma, cache, out);
    const std::size_t n = cache.Z_norm.rows(), m = cache.Z_norm.cols();
    const T inv_m = T(1) / T(m);
    for (std::size_t k = 0; k < n; ++k) {
        const T* g = dZ_tilde.row(k).data();
        const T* zn = cache.Z_norm.row(k).data();
        T dbeta = 0, dgamma = 0;
        fused_detail::two_sums(g, zn, m, dbeta, dgamma);  // pass 1
        out.dbeta[k] = dbeta;
        out.dgamma[k] = dgamma;
        const T scale = gamma[k] / std::sqrt(cache.sigma2[k] + cache.eps);
        fused_detail::dz_row(g, zn, scale, dbeta * inv_m, dgamma * inv_m,  // pass 2
                             out.dZ.row(k).data(), m);
    }
}

}  // namespace batch_norm
