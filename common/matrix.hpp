// matrix.hpp: Matrix<T>, the one matrix type of the project.
// Row-major rows x cols storage. As in the notes, a data matrix has one column per
// example: X is p x m (features x examples), Z is n x m, so one feature's values over
// the examples are contiguous (row(i)) and a sum "over examples" is a row sum.
// Also here: the few products the chapters need and solve(), the linear system solver
// behind the least-squares solution. No expression templates, no views.
#pragma once

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/aligned.hpp"

namespace common {

template <class T>
class Matrix {
public:
    Matrix() = default;
    Matrix(std::size_t rows, std::size_t cols, T value = T{})
        : rows_(rows), cols_(cols), data_(rows * cols, value) {}

    // Matrix<double>::from_rows({{1, 2}, {3, 4}}): rows as written.
    static Matrix from_rows(std::initializer_list<std::initializer_list<T>> rows) {
        Matrix M(rows.size(), rows.size() ? rows.begin()->size() : 0);
        std::size_t i = 0;
        for (const auto& r : rows) {
            if (r.size() != M.cols_) throw std::invalid_argument("Matrix::from_rows: ragged rows");
            std::copy(r.begin(), r.end(), M.row(i++).begin());
        }
        return M;
    }

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    std::size_t size() const { return data_.size(); }
    bool empty() const { return data_.empty(); }

    T& operator()(std::size_t i, std::size_t j) {
        assert(i < rows_ && j < cols_);
        return data_[i * cols_ + j];
    }
    const T& operator()(std::size_t i, std::size_t j) const {
        assert(i < rows_ && j < cols_);
        return data_[i * cols_ + j];
    }

    std::span<T> row(std::size_t i) {
        assert(i < rows_);
        return {data_.data() + i * cols_, cols_};
    }
    std::span<const T> row(std::size_t i) const {
        assert(i < rows_);
        return {data_.data() + i * cols_, cols_};
    }

    // All elements, row after row.
    std::span<T> values() { return data_; }
    std::span<const T> values() const { return data_; }
    T* data() { return data_.data(); }
    const T* data() const { return data_.data(); }

    Matrix transpose() const {
        Matrix Mt(cols_, rows_);
        for (std::size_t i = 0; i < rows_; ++i)
            for (std::size_t j = 0; j < cols_; ++j) Mt(j, i) = (*this)(i, j);
        return Mt;
    }

    void fill(T value) { std::fill(data_.begin(), data_.end(), value); }

    friend bool operator==(const Matrix&, const Matrix&) = default;

private:
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    aligned_vector<T> data_;  // 64-byte aligned: row 0 starts on a cache line
};

inline std::string shape(std::size_t rows, std::size_t cols) {
    return std::to_string(rows) + " x " + std::to_string(cols);
}

// C := A B
template <class T>
Matrix<T> matmul(const Matrix<T>& A, const Matrix<T>& B) {
    if (A.cols() != B.rows()) {
        throw std::invalid_argument("matmul: cannot multiply " + shape(A.rows(), A.cols()) +
                                    " by " + shape(B.rows(), B.cols()));
    }
    Matrix<T> C(A.rows(), B.cols());
    for (std::size_t i = 0; i < A.rows(); ++i)
        for (std::size_t k = 0; k < A.cols(); ++k) {
            const T a = A(i, k);
            auto c = C.row(i);
            auto b = B.row(k);
            for (std::size_t j = 0; j < B.cols(); ++j) c[j] += a * b[j];
        }
    return C;
}

// C := A B^T, the shape of X X^T in the normal equations.
template <class T>
Matrix<T> matmul_transposed(const Matrix<T>& A, const Matrix<T>& B) {
    if (A.cols() != B.cols()) {
        throw std::invalid_argument("matmul_transposed: " + shape(A.rows(), A.cols()) +
                                    " times the transpose of " + shape(B.rows(), B.cols()));
    }
    Matrix<T> C(A.rows(), B.rows());
    for (std::size_t i = 0; i < A.rows(); ++i)
        for (std::size_t j = 0; j < B.rows(); ++j) {
            T sum = 0;
            auto a = A.row(i);
            auto b = B.row(j);
            for (std::size_t k = 0; k < A.cols(); ++k) sum += a[k] * b[k];
            C(i, j) = sum;
        }
    return C;
}

// Solves A x = B for x by Gaussian elimination with partial pivoting.
// A is n x n, B is n x k. Throws when A is singular to working precision.
template <class T>
Matrix<T> solve(Matrix<T> A, Matrix<T> B) {
    const std::size_t n = A.rows();
    if (A.cols() != n || B.rows() != n) {
        throw std::invalid_argument("solve: A is " + shape(A.rows(), A.cols()) + ", B is " +
                                    shape(B.rows(), B.cols()) + "; A must be n x n, B n x k");
    }
    T scale = 0;
    for (T a : A.values()) scale = std::max(scale, std::abs(a));
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t pivot = c;
        for (std::size_t r = c + 1; r < n; ++r)
            if (std::abs(A(r, c)) > std::abs(A(pivot, c))) pivot = r;
        if (!(std::abs(A(pivot, c)) > scale * T(n) * std::numeric_limits<T>::epsilon())) {
            throw std::domain_error("solve: the matrix is singular (column " + std::to_string(c + 1) +
                                    " has no usable pivot); are two features identical or constant?");
        }
        if (pivot != c) {
            std::swap_ranges(A.row(c).begin(), A.row(c).end(), A.row(pivot).begin());
            std::swap_ranges(B.row(c).begin(), B.row(c).end(), B.row(pivot).begin());
        }
        for (std::size_t r = c + 1; r < n; ++r) {
            const T f = A(r, c) / A(c, c);
            if (f == 0) continue;
            for (std::size_t j = c; j < n; ++j) A(r, j) -= f * A(c, j);
            for (std::size_t j = 0; j < B.cols(); ++j) B(r, j) -= f * B(c, j);
        }
    }
    for (std::size_t c = n; c-- > 0;) {
        for (std::size_t j = 0; j < B.cols(); ++j) {
            T sum = B(c, j);
            for (std::size_t k = c + 1; k < n; ++k) sum -= A(c, k) * B(k, j);
            B(c, j) = sum / A(c, c);
        }
    }
    return B;
}

// The largest eigenvalue of a symmetric positive semi-definite matrix, by power iteration.
// For the cost J of the linear model, lambda_max of X X^T / m bounds the learning rate:
// batch gradient descent converges for alpha < 2 / lambda_max.
template <class T>
T largest_eigenvalue(const Matrix<T>& A, int iterations = 500) {
    std::vector<T> v(A.rows(), T(1)), Av(A.rows());
    T lambda = 0;
    for (int it = 0; it < iterations; ++it) {
        for (std::size_t i = 0; i < A.rows(); ++i) {
            T sum = 0;
            for (std::size_t j = 0; j < A.cols(); ++j) sum += A(i, j) * v[j];
            Av[i] = sum;
        }
        T norm = 0;
        for (T x : Av) norm += x * x;
        norm = std::sqrt(norm);
        if (norm == 0) return 0;
        lambda = norm;
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = Av[i] / norm;
    }
    return lambda;
}

}  // namespace common
