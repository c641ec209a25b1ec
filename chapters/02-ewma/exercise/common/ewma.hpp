// Your copy of common/ewma.hpp for `make exercise-ewma`: fill in each EXERCISE block.
// ewma.hpp: one step of the exponentially weighted moving average, and the divisor of
// its bias correction. Notes, "Exponentially weighted averages":
//   v := beta v + (1 - beta) x          v_corrected = v / (1 - beta^t)
// Momentum, RMSprop, Adam and batch norm's running averages are all built from ewma().
// Leaves out: averaging a whole series, burn-in plots (chapters/02-ewma has them).
// Introduced in: chapters/02-ewma
#pragma once

#include <cmath>
#include <concepts>

namespace common {

// One EWMA step. V is a number (float, double) or native_simd<T>, W numbers at once.
// beta has V's element type, so nothing narrows: 0.9f for a float v, 0.9 for a double.
template <class V, class T>
V ewma(const V& v, const V& x, T beta)
    requires std::same_as<decltype(beta * v), V>
{
    // EXERCISE ewma: v := beta v + (1 - beta) x
    // (your code here)
    return v;
}

// The bias-correction divisor 1 - beta^t, t = 1, 2, ... (the first step has t = 1).
// An EWMA started at v = 0 is too small by this factor: v_corrected = v / (1 - beta^t).
template <class T>
T bias_correction(T beta, long t) {
    // EXERCISE ewma: the bias-correction divisor 1 - beta^t
    // (your code here)
    return T(1);
}

}  // namespace common
