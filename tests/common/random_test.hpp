// Tests of common/random.hpp: reproducible, platform-independent draws.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <numeric>
#include <vector>

#include "common/check.hpp"
#include "common/random.hpp"

// The high 64 bits of x n, from 32-bit halves (no 128-bit type): floor(x n / 2^64).
inline std::uint64_t high_half(std::uint64_t x, std::uint64_t n) {
    const std::uint64_t x0 = x & 0xffffffffu, x1 = x >> 32, n0 = n & 0xffffffffu, n1 = n >> 32;
    const std::uint64_t low = x0 * n0, mid1 = x1 * n0, mid2 = x0 * n1;
    const std::uint64_t carry = ((low >> 32) + (mid1 & 0xffffffffu) + (mid2 & 0xffffffffu)) >> 32;
    return x1 * n1 + (mid1 >> 32) + (mid2 >> 32) + carry;
}

// Rng::below(n): Lemire's multiply-shift with rejection.
inline void test_below(common::Checker& check) {
    // Small n: every value in [0, n) comes up, and the counts pass a chi-square test
    // (n - 1 degrees of freedom; the bound, dof + 6 sqrt(2 dof), fails a fair draw about
    // once in 10^6 tries).
    for (std::uint64_t n : {1, 2, 3, 5, 7, 10, 64, 100, 1000}) {
        common::Rng rng(n);
        const std::uint64_t draws = 200 * n;
        std::vector<std::uint64_t> counts(n, 0);
        bool in_range = true;
        for (std::uint64_t i = 0; i < draws; ++i) {
            const std::uint64_t v = rng.below(n);
            if (v >= n) {
                in_range = false;
                break;
            }
            ++counts[v];
        }
        const std::string name = "random: below(" + std::to_string(n) + ")";
        check.that(name + " lies in [0, n)", in_range);
        if (!in_range) continue;
        const double expected = double(draws) / double(n);
        double chi2 = 0;
        for (std::uint64_t c : counts) chi2 += (double(c) - expected) * (double(c) - expected);
        chi2 /= expected;
        const double dof = double(n - 1);
        check.that(name + " reaches every value",
                   *std::min_element(counts.begin(), counts.end()) > 0);
        check.that(name + ": counts pass chi-square (" + std::to_string(draws) + " draws)",
                   chi2 <= dof + 6 * std::sqrt(2 * dof),
                   "chi2 " + std::to_string(chi2) + ", bound " +
                       std::to_string(dof + 6 * std::sqrt(2 * dof)));
    }

    // The draw is the high half of x n for the generator's next x (the rejection is rare
    // enough for n = 10 never to come up in 1000 draws: probability 10 / 2^64 each).
    {
        common::Rng a(9), b(9);
        bool same = true;
        for (int i = 0; i < 1000; ++i) same = same && a.below(10) == high_half(b.next(), 10);
        check.that("random: below(n) = floor(x n / 2^64) for the generator's next x", same);
    }

    // The rejection is what makes it unbiased. For n = 3 2^62, x -> floor(x n / 2^64) =
    // floor(3x / 4) sends x = 4a + {0, 1, 2, 3} to 3a + {0, 0, 1, 2}: without rejection,
    // values v with v mod 3 = 0 would come up half of the time. With it, a third.
    {
        common::Rng rng(13);
        const std::uint64_t n = 3 * (std::uint64_t(1) << 62);
        const int draws = 60000;
        int zero = 0;
        for (int i = 0; i < draws; ++i) zero += rng.below(n) % 3 == 0;
        check.close("random: below(3 2^62) mod 3 = 0 a third of the time (rejection), 6 "
                    "standard errors",
                    1.0 / 3, double(zero) / draws, 6 * std::sqrt(2.0 / 9 / draws));
    }
}

inline void test_random(common::Checker& check) {
    // xoshiro256** seeded by splitmix64(0): these are the generator's defined outputs, the
    // same with every compiler and standard library.
    common::Rng rng(0);
    const std::uint64_t first = rng.next();
    common::Rng again(0);
    check.that("random: the same seed gives the same numbers", again.next() == first);
    check.that("random: different seeds give different numbers", common::Rng(1).next() != first);

    common::Rng u(42);
    double lo = 1, hi = 0, sum = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        const double x = u.uniform();
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        sum += x;
    }
    check.that("random: uniform() lies in [0, 1)", lo >= 0 && hi < 1);
    check.close("random: uniform() has mean 1/2 (200000 draws, 4 standard errors)", 0.5,
                sum / n, 4 * std::sqrt(1.0 / 12 / n));

    common::Rng g(7);
    double s1 = 0, s2 = 0;
    for (int i = 0; i < n; ++i) {
        const double z = g.normal();
        s1 += z;
        s2 += z * z;
    }
    check.close("random: normal() has mean 0", 0, s1 / n, 4 / std::sqrt(double(n)));
    check.close("random: normal() has variance 1", 1, s2 / n, 4 * std::sqrt(2.0 / n));

    common::Rng a(3), b(3);
    const auto order = a.permutation(1000);
    std::vector<std::size_t> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::size_t> identity(1000);
    std::iota(identity.begin(), identity.end(), std::size_t{0});
    check.that("shuffle: a permutation holds every index exactly once", sorted == identity);
    check.that("shuffle: the order is reproducible from the seed", b.permutation(1000) == order);
    check.that("shuffle: the order is not the identity", order != identity);

    // every position of a 3-element shuffle is equally likely: 6 orders, 60000 draws
    common::Rng c(11);
    std::vector<int> counts(9, 0);
    for (int i = 0; i < 60000; ++i) {
        const auto p = c.permutation(3);
        for (int k = 0; k < 3; ++k) ++counts[3 * k + p[k]];
    }
    const int worst = *std::max_element(counts.begin(), counts.end());
    const int best = *std::min_element(counts.begin(), counts.end());
    check.that("shuffle: Fisher-Yates puts each element at each place ~1/3 of the time",
               best > 19000 && worst < 21000,
               "counts range " + std::to_string(best) + ".." + std::to_string(worst));
    common::Rng d(5);
    bool in_range = true;
    for (int i = 0; i < 10000; ++i) in_range = in_range && d.below(7) < 7;
    check.that("random: below(n) lies in [0, n)", in_range);
    test_below(check);
}
