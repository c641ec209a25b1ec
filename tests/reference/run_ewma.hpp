// run_ewma.hpp: runs an `ewma` case (FORMAT.md) through chapters/02-ewma/ewma.hpp:
// v_t = beta v_{t-1} + (1 - beta) x_t from v_0 = 0 (ewma_series, built on ewma::step)
// and v_corrected_t = v_t / (1 - beta^t) (bias_corrected), both compared at every t.
#pragma once

#include <string>
#include <vector>

#include "chapters/02-ewma/ewma.hpp"
#include "tests/reference/compare.hpp"

namespace reference {

template <class T>
Outcome run_ewma(const Case& c) {
    const auto& x_case = c.matrix("x");
    if (x_case.rows() != 1) {
        throw ReferenceError(c.where("x") + ": matrix x is " +
                             common::shape(x_case.rows(), x_case.cols()) +
                             ", expected 1 x T (one row: the series) in case " + c.name);
    }
    const std::size_t T_len = x_case.cols();
    const auto& expected_v = c.matrix("v", 1, T_len);
    const auto& expected_v_corrected = c.matrix("v_corrected", 1, T_len);
    const double beta = c.number("beta");
    if (!(beta >= 0 && beta < 1)) {
        throw ReferenceError(c.where("beta") + ": beta must be in [0, 1) in case " + c.name);
    }

    const common::Matrix<T> x_matrix = as<T>(x_case);
    const std::vector<T> x(x_matrix.values().begin(), x_matrix.values().end());
    const std::vector<T> v = ewma::ewma_series(x, T(beta));
    const std::vector<T> v_corrected = ewma::bias_corrected(v, T(beta));

    Outcome out;
    out.compare_row<T>("v", expected_v, 0, v);
    out.compare_row<T>("v_corrected", expected_v_corrected, 0, v_corrected);
    return out;
}

}  // namespace reference
