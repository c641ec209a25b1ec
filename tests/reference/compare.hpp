// compare.hpp: what every reference runner reports: the largest relative error (against
// max(1, |expected|), as FORMAT.md says) and which value it was, so a failing case points
// at the quantity, step and element that went wrong.
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <string>

#include "common/check.hpp"
#include "tests/reference/reference.hpp"

namespace reference {

struct Outcome {
    double max_error = 0;
    std::string worst;  // e.g. "theta[3][1]: want 0.25 got 0.2500001"
    std::size_t compared = 0;

    // Compares one expected value with the project's result.
    void compare(const std::string& what, double expected, double actual) {
        const double err = common::relative_error(expected, actual);
        if (compared++ == 0 || err > max_error) {
            max_error = err;
            worst = what + ": want " + common::Checker::fmt(expected) + " got " +
                    common::Checker::fmt(actual);
        }
    }

    // Row `row` (0-based) of an expected matrix against a computed row; labels use t = row + 1.
    template <class T>
    void compare_row(const std::string& what, const common::Matrix<double>& expected,
                     std::size_t row, std::span<const T> actual) {
        for (std::size_t j = 0; j < expected.cols(); ++j) {
            compare(what + "[" + std::to_string(row + 1) + "][" + std::to_string(j + 1) + "]",
                    expected(row, j), j < actual.size() ? double(actual[j]) : NAN);
        }
    }

    // A whole expected matrix against a computed one of the same shape.
    template <class T>
    void compare_matrix(const std::string& what, const common::Matrix<double>& expected,
                        const common::Matrix<T>& actual) {
        if (expected.rows() != actual.rows() || expected.cols() != actual.cols()) {
            max_error = INFINITY;
            worst = what + ": computed " + common::shape(actual.rows(), actual.cols()) +
                    ", expected " + common::shape(expected.rows(), expected.cols());
            return;
        }
        for (std::size_t i = 0; i < expected.rows(); ++i)
            for (std::size_t j = 0; j < expected.cols(); ++j)
                compare(what + "(" + std::to_string(i + 1) + "," + std::to_string(j + 1) + ")",
                        expected(i, j), double(actual(i, j)));
    }
};

// A matrix of the case as T (e.g. float), same shape.
template <class T>
common::Matrix<T> as(const common::Matrix<double>& M) {
    common::Matrix<T> out(M.rows(), M.cols());
    for (std::size_t i = 0; i < M.size(); ++i) out.values()[i] = T(M.values()[i]);
    return out;
}

}  // namespace reference
