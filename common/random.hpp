// random.hpp: the project's one source of randomness, seeded explicitly.
// xoshiro256** (Blackman and Vigna) seeded through splitmix64, with uniform, integer and
// normal draws and a Fisher-Yates shuffle written out here, so that the same seed gives
// the same numbers with every standard library (std::normal_distribution and
// std::shuffle do not promise that). No global state: pass an Rng to whatever draws.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <utility>
#include <vector>

namespace common {

class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : state_) word = splitmix64(seed);
    }

    // 64 random bits (xoshiro256**).
    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform in [0, 1), 53 random bits.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }

    // Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    // Uniform integer in [0, n), n >= 1, by Lemire's multiply-shift ("Fast Random Integer
    // Generation in an Interval", 2019). Take 64 random bits x and form the 128-bit product
    // x n: its high 64 bits, floor(x n / 2^64), are in [0, n), and its low 64 bits say where
    // in that value's stretch x fell. Each value v is hit by the x in [v 2^64 / n,
    // (v + 1) 2^64 / n), a stretch of floor(2^64 / n) or one more x, so taken as they come
    // some values would be slightly more likely. Rejecting the x whose low bits fall below
    // t = 2^64 mod n leaves exactly floor(2^64 / n) x for every value: uniform. Since t < n,
    // only a low part below n needs that check, so the one division (for t) is almost never
    // done, unlike x % n on every draw. Only integer multiplies and shifts: the same stream
    // on every platform. (unsigned __int128, a GCC and Clang extension, holds the product.)
    std::uint64_t below(std::uint64_t n) {
        __extension__ typedef unsigned __int128 u128;
        u128 product = u128(next()) * n;
        std::uint64_t low = std::uint64_t(product);
        if (low < n) {
            const std::uint64_t t = (0 - n) % n;  // 2^64 mod n
            while (low < t) {
                product = u128(next()) * n;
                low = std::uint64_t(product);
            }
        }
        return std::uint64_t(product >> 64);
    }

    // Standard normal draw, Marsaglia's polar method (only sqrt and log are used).
    double normal() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u, v, r2;
        do {
            u = uniform(-1.0, 1.0);
            v = uniform(-1.0, 1.0);
            r2 = u * u + v * v;
        } while (r2 >= 1.0 || r2 == 0.0);
        const double f = std::sqrt(-2.0 * std::log(r2) / r2);
        spare_ = v * f;
        has_spare_ = true;
        return u * f;
    }

    double normal(double mean, double stddev) { return mean + stddev * normal(); }

    // Fisher-Yates: every order equally likely.
    template <class T>
    void shuffle(std::span<T> items) {
        for (std::size_t i = items.size(); i > 1; --i) {
            std::swap(items[i - 1], items[below(i)]);
        }
    }

    // A random order of 0..n-1.
    std::vector<std::size_t> permutation(std::size_t n) {
        std::vector<std::size_t> order(n);
        std::iota(order.begin(), order.end(), std::size_t{0});
        shuffle(std::span<std::size_t>(order));
        return order;
    }

private:
    static std::uint64_t splitmix64(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t state_[4];
    double spare_ = 0;
    bool has_spare_ = false;
};

}  // namespace common
