// Tests of common/rows.hpp: the SIMD row sums and maps against the plain loops, for every
// length from 0 to 70 (whole lanes, four lane-sums, tails).
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "common/check.hpp"
#include "common/random.hpp"
#include "common/rows.hpp"

inline void test_rows(common::Checker& check) {
    common::Rng rng(977);
    // Two sums of the same m numbers in different orders differ by at most
    // 2 (m - 1) eps_T sum_i |x_i| (each is within (m - 1) eps_T sum_i |x_i| of the exact sum).
    bool sums_ok = true, dots_ok = true, map_ok = true;
    const auto bound = [](std::size_t m, double eps_T, double size) {
        return 2 * double(m > 0 ? m - 1 : 0) * eps_T * size;
    };
    for (std::size_t m = 0; m <= 70; ++m) {
        std::vector<double> x(m), y(m), out(m);
        std::vector<float> xf(m);
        double sum_abs = 0, dot_abs = 0, sum_abs_f = 0;
        for (std::size_t i = 0; i < m; ++i) {
            x[i] = rng.uniform(-2, 2);
            y[i] = rng.uniform(-2, 2);
            xf[i] = float(x[i]);
            sum_abs += std::abs(x[i]);
            dot_abs += std::abs(x[i] * y[i]);
            sum_abs_f += std::abs(double(xf[i]));
        }
        const std::span<const double> xs(x), ys(y);
        const std::span<const float> xfs(xf);
        const double d_sum = std::abs(common::row_sum(xs) - common::row_sum_scalar(xs));
        const double d_sum_f =
            std::abs(double(common::row_sum(xfs) - common::row_sum_scalar(xfs)));
        const double d_dot = std::abs(common::row_dot(xs, ys) - common::row_dot_scalar(xs, ys));
        sums_ok = sums_ok && d_sum <= bound(m, 0x1p-53, sum_abs) &&
                  d_sum_f <= bound(m, 0x1p-24, sum_abs_f);
        dots_ok = dots_ok && d_dot <= bound(m + 1, 0x1p-53, dot_abs);
        common::simd_map([](auto a, auto b) { return (a + b) * b; }, std::span<double>(out),
                         xs, ys);
        for (std::size_t i = 0; i < m; ++i) map_ok = map_ok && out[i] == (x[i] + y[i]) * y[i];
    }
    check.that("row_sum (native_simd lanes + tail) = plain loop within the rounding bound, "
               "m = 0..70, float and double", sums_ok);
    check.that("row_dot (native_simd lanes + tail) = plain loop within the rounding bound, "
               "m = 0..70", dots_ok);
    check.that("simd_map = plain loop element by element (no a*b+c: FMA would differ), "
               "m = 0..70", map_ok);
}
