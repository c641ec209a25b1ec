// Tests of common/matrix.hpp: layout, products and the linear solver.
#pragma once

#include "common/check.hpp"
#include "common/matrix.hpp"

inline void test_matrix(common::Checker& check) {
    using common::Matrix;
    const auto A = Matrix<double>::from_rows({{1, 2, 3}, {4, 5, 6}});
    check.that("matrix: rows x cols, row-major (A(1,2) is row 2, column 3)",
               A.rows() == 2 && A.cols() == 3 && A(1, 2) == 6 && A.row(1)[0] == 4);
    const auto At = A.transpose();
    check.that("matrix: transpose swaps rows and columns", At.rows() == 3 && At(2, 1) == 6);
    const auto AAt = common::matmul(A, At);
    // [1 2 3; 4 5 6] [1 4; 2 5; 3 6] = [14 32; 32 77]
    check.all_close("matrix: A A^T by hand = [14 32; 32 77]", std::vector<double>{14, 32, 32, 77},
                    AAt.values(), 0);
    check.that("matrix: matmul_transposed(A, A) equals matmul(A, A^T)",
               common::matmul_transposed(A, A) == AAt);
    check.throws("matrix: matmul of mismatched shapes names both shapes",
                 [&] { common::matmul(A, A); }, "2 x 3 by 2 x 3");
    // [2 1; 1 3] x = [3; 5] has x = [4/5, 7/5]
    const auto x = common::solve(Matrix<double>::from_rows({{2, 1}, {1, 3}}),
                                 Matrix<double>::from_rows({{3}, {5}}));
    check.all_close("solve: [2 1; 1 3] x = [3; 5] gives x = [0.8, 1.4]",
                    std::vector<double>{0.8, 1.4}, x.values(), common::tol<double>::exact);
    // a zero leading pivot needs a row swap: [0 1; 1 0] x = [2; 3] gives x = [3, 2]
    const auto y = common::solve(Matrix<double>::from_rows({{0, 1}, {1, 0}}),
                                 Matrix<double>::from_rows({{2}, {3}}));
    check.all_close("solve: partial pivoting handles a zero pivot", std::vector<double>{3, 2},
                    y.values(), common::tol<double>::exact);
    // [2 1; 1 2] has eigenvalues 3 and 1
    check.close("largest_eigenvalue: [2 1; 1 2] has lambda_max = 3", 3,
                common::largest_eigenvalue(Matrix<double>::from_rows({{2, 1}, {1, 2}})),
                common::tol<double>::exact);
    check.throws("solve: a singular matrix is refused with a hint",
                 [] { common::solve(Matrix<double>::from_rows({{1, 2}, {2, 4}}),
                                    Matrix<double>::from_rows({{1}, {2}})); },
                 "singular");
}
