// Tests of common/random.hpp: reproducible, platform-independent draws.
#pragma once

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "common/check.hpp"
#include "common/random.hpp"

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
}
