// run_batchnorm.hpp: runs a `batchnorm` case (FORMAT.md) through chapters/07-batch-norm:
// one training-mode forward pass (mu, sigma2, Z_norm, Z_tilde), the closed-form backward
// pass (dZ, dgamma, dbeta) and one step of the running averages, all in T.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "chapters/07-batch-norm/batch_norm.hpp"
#include "tests/reference/compare.hpp"

namespace reference {

namespace batchnorm_detail {

// An n x 1 matrix of the case as a vector of T.
template <class T>
std::vector<T> column(const Case& c, const std::string& key, std::size_t n) {
    const common::Matrix<double>& M = c.matrix(key, n, 1);
    return std::vector<T>(M.values().begin(), M.values().end());
}

// A computed vector of n against the case's n x 1 matrix `key`.
template <class T>
void compare_column(Outcome& out, const Case& c, const std::string& key, std::span<const T> got) {
    const common::Matrix<double>& want = c.matrix(key, got.size(), 1);
    for (std::size_t k = 0; k < got.size(); ++k) {
        out.compare(key + "(" + std::to_string(k + 1) + ")", want(k, 0), double(got[k]));
    }
}

}  // namespace batchnorm_detail

template <class T>
Outcome run_batchnorm(const Case& c) {
    using batchnorm_detail::column;
    using batchnorm_detail::compare_column;
    const common::Matrix<double>& Z_case = c.matrix("Z");
    const std::size_t n = Z_case.rows(), m = Z_case.cols();
    if (n == 0 || m == 0) throw ReferenceError(c.where("Z") + ": Z has no values");
    const double eps = c.number("eps");
    if (!(eps > 0)) throw ReferenceError(c.where("eps") + ": eps must be > 0");
    const double running_beta = c.number("running_beta");
    if (!(running_beta >= 0 && running_beta < 1)) {
        throw ReferenceError(c.where("running_beta") + ": running_beta must be in [0, 1)");
    }
    const common::Matrix<T> Z = as<T>(Z_case);
    const common::Matrix<T> dZ_tilde = as<T>(c.matrix("dZtilde", n, m));
    const std::vector<T> gamma = column<T>(c, "gamma", n);
    const std::vector<T> beta = column<T>(c, "beta", n);

    const batch_norm::Cache<T> cache = batch_norm::forward<T>(Z, gamma, beta, T(eps));
    const batch_norm::Gradients<T> grads = batch_norm::backward<T>(dZ_tilde, gamma, cache);
    batch_norm::Running<T> running{column<T>(c, "running_mu0", n),
                                   column<T>(c, "running_var0", n)};
    batch_norm::update_running(running, cache, T(running_beta));

    Outcome out;
    compare_column<T>(out, c, "mu", cache.mu);
    compare_column<T>(out, c, "var", cache.sigma2);
    out.compare_matrix<T>("Znorm", c.matrix("Znorm", n, m), cache.Z_norm);
    out.compare_matrix<T>("Ztilde", c.matrix("Ztilde", n, m), cache.Z_tilde);
    out.compare_matrix<T>("dZ", c.matrix("dZ", n, m), grads.dZ);
    compare_column<T>(out, c, "dgamma", grads.dgamma);
    compare_column<T>(out, c, "dbeta", grads.dbeta);
    compare_column<T>(out, c, "running_mu", running.mu);
    compare_column<T>(out, c, "running_var", running.sigma2);
    return out;
}

}  // namespace reference
