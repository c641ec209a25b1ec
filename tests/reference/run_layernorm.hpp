// run_layernorm.hpp: runs a `layernorm` case (FORMAT.md) through chapters/07-batch-norm's
// layer normalization: one forward pass (mu and sigma2 of each example, Z_norm, Z_tilde) and
// the backward pass (dZ, dgamma, dbeta), all in T. Z is n features x m examples as for
// batchnorm; mu and var are 1 x m (one per example), gamma, beta, dgamma, dbeta n x 1.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "chapters/07-batch-norm/batch_norm.hpp"
#include "tests/reference/compare.hpp"
#include "tests/reference/run_batchnorm.hpp"

namespace reference {

template <class T>
Outcome run_layernorm(const Case& c) {
    using batchnorm_detail::column;
    using batchnorm_detail::compare_column;
    const common::Matrix<double>& Z_case = c.matrix("Z");
    const std::size_t n = Z_case.rows(), m = Z_case.cols();
    if (n == 0 || m == 0) throw ReferenceError(c.where("Z") + ": Z has no values");
    const double eps = c.number("eps");
    if (!(eps > 0)) throw ReferenceError(c.where("eps") + ": eps must be > 0");
    const common::Matrix<T> Z = as<T>(Z_case);
    const common::Matrix<T> dZ_tilde = as<T>(c.matrix("dZtilde", n, m));
    const std::vector<T> gamma = column<T>(c, "gamma", n);
    const std::vector<T> beta = column<T>(c, "beta", n);
    // every expected matrix's shape, before any work
    for (const char* key : {"mu", "var"}) c.matrix(key, 1, m);
    for (const char* key : {"Znorm", "Ztilde", "dZ"}) c.matrix(key, n, m);
    for (const char* key : {"dgamma", "dbeta"}) c.matrix(key, n, 1);

    const batch_norm::Cache<T> cache =
        batch_norm::layer_norm_forward<T>(Z, std::span<const T>(gamma),
                                          std::span<const T>(beta), T(eps));
    const batch_norm::Gradients<T> grads =
        batch_norm::layer_norm_backward<T>(dZ_tilde, std::span<const T>(gamma), cache);

    Outcome out;
    out.compare_row<T>("mu", c.matrix("mu", 1, m), 0, std::span<const T>(cache.mu));
    out.compare_row<T>("var", c.matrix("var", 1, m), 0, std::span<const T>(cache.sigma2));
    if (cache.mu.size() != m || cache.sigma2.size() != m) {  // one per example, not per feature
        out.compare("mu and var: one per example, count", double(m),
                    double(cache.mu.size() != m ? cache.mu.size() : cache.sigma2.size()));
    }
    out.compare_matrix<T>("Znorm", c.matrix("Znorm", n, m), cache.Z_norm);
    out.compare_matrix<T>("Ztilde", c.matrix("Ztilde", n, m), cache.Z_tilde);
    out.compare_matrix<T>("dZ", c.matrix("dZ", n, m), grads.dZ);
    compare_column<T>(out, c, "dgamma", grads.dgamma);
    compare_column<T>(out, c, "dbeta", grads.dbeta);
    return out;
}

}  // namespace reference
