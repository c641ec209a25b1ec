// checks.hpp: the checks of chapter 7's derivation, shared by main.cpp (which prints their
// numbers in derivation_text's sentences) and tests/batch_norm_test.cpp (which asserts
// them). Central differences in double (common::numerical_gradient) of J = sum dZ_tilde *
// Z_tilde against backward(); the full (n m) x (n m) Jacobian of Z_norm by central
// differences against the closed form (term 3 with the sign "-", where the notes print
// "+"), block by block and term by term;
// derivation_checks() runs them all for the program's part 1.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
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

struct GradientErrors {
    double dZ = 0, dgamma = 0, dbeta = 0;  // worst common::gradient_error of each
    double staged = 0;                     // staged against closed form, worst relative_error
};

// h = 1e-4 against inputs of spread 5 around 12: small enough for the truncation error
// (about h^2), large enough for the rounding error of J (about 1e-16 |J| / h).
inline GradientErrors gradient_check(const Problem& p, double h = 1e-4) {
    const std::span<const double> gamma(p.gamma), beta(p.beta);
    const Cache<double> cache = forward(p.Z, gamma, beta, p.eps);
    const Gradients<double> g = backward(p.dZ_tilde, gamma, cache);
    const Gradients<double> s = backward_staged(p.Z, p.dZ_tilde, gamma, cache);
    const std::vector<double> z(p.Z.values().begin(), p.Z.values().end());
    const std::vector<double> num_dZ = common::numerical_gradient(
        [&](std::span<const double> x) {
            Matrix<double> Z(p.Z.rows(), p.Z.cols());
            std::copy(x.begin(), x.end(), Z.values().begin());
            return projected(p, Z, gamma, beta);
        }, z, h);
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

struct JacobianErrors {
    double off_feature = 0;   // largest |d Z_norm(k, .) / d Z(p, .)|, p != k: exactly 0
    double closed_form = 0;   // feature blocks: the closed form against central differences
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
        for (std::size_t i = 0; i < m; ++i) {
            for (std::size_t j = 0; j < m; ++j) {
                const double n_ij = numeric(k * m + i, k * m + j);
                e.closed_form = std::max(e.closed_form, common::relative_error(J(i, j), n_ij));
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
};

struct Derivation {
    Cache<double> example;           // forward on Z = [1 2 3 6; 4 4 4 4], gamma 1, beta 0
    std::vector<ShapeCheck> shapes;  // gradient_check, (n, m, eps) each
    TwoExamples two;                 // m = 2, eps as given
    JacobianErrors jacobian;         // a 3 x 4 Z
    double worst_mean = 0;           // Z_norm of a 5 x 16 Z: worst |mean| of a feature
    double worst_var = 0;            // and worst |variance - 1|
    GradientErrors worst;            // the worst of each column over the shapes

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
    for (const ShapeCheck s : {ShapeCheck{3, 4, 1e-5, {}}, ShapeCheck{1, 5, 1e-5, {}},
                               ShapeCheck{2, 7, 1e-3, {}}, ShapeCheck{5, 16, 1e-5, {}},
                               ShapeCheck{4, 2, 10.0, {}}}) {
        const GradientErrors e = gradient_check(random_problem(s.n, s.m, s.eps, rng));
        d.shapes.push_back({s.n, s.m, s.eps, e});
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
    std::string forward, backward, two, jacobian, moments;
};

inline DerivationText derivation_text(const Derivation& d, double eps) {
    using common::report::g;
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
                " (it is sigma2 / (sigma2 + eps), eps = " + g(eps) + ").";
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

}  // namespace batch_norm
