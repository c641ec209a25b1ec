// rows.hpp: loops over one row of a matrix in the notes' layout, where a row is one
// feature's values over the examples: sums over the examples (simd_sum, row_sum, row_dot)
// and element-wise maps (simd_map), W values at a time in native_simd<T> lanes, the rest
// one by one; and RowBlocks, a short row (one example's p features) as whole vectors plus
// one partial vector. The linear model's residuals and gradient and batch normalization run
// on them.
// Introduced in: chapters/01-gradient-descent; also chapters/07-batch-norm.
#pragma once

#include <cstddef>
#include <span>
#include <stdexcept>
#include <type_traits>

#include "common/update_loop.hpp"  // <experimental/simd> behind GCC's pragma, common::stdx

namespace common {

// sum_i f(x_i, y_i, ...) over one row: W examples at a time in native_simd lanes, then
// reduce() across the lanes, then the last m % W examples one by one. f is written once and
// called with V = native_simd<Sum> and V = Sum, like the chapters' update rules. Sum, the
// type the terms are made and added in, is T unless the caller names a wider one
// (simd_sum<double> on a float row: chapters/07-batch-norm's mu).
// A plain `sum += x[i]` loop is not vectorized (without -ffast-math the compiler must keep
// the order of the additions); the lanes reorder the sum on purpose. Four lane-sums run side
// by side so that each addition need not wait for the one before (the latency of an add is
// about four times its throughput).
template <class Wider = void, class T, class F, class... Rows>
auto simd_sum(F f, std::span<const T> x, Rows... rows) {
    using Sum = std::conditional_t<std::is_void_v<Wider>, T, Wider>;
    using V = stdx::native_simd<Sum>;
    constexpr std::size_t W = V::size();
    const std::size_t m = x.size();
    if (((rows.size() != m) || ...)) {
        throw std::invalid_argument("simd_sum: rows of different lengths");
    }
    const auto load = [&](std::size_t i) {  // f of examples i .. i + W - 1
        return f(V(x.data() + i, stdx::element_aligned),
                 V(rows.data() + i, stdx::element_aligned)...);
    };
    V s0(Sum(0)), s1(Sum(0)), s2(Sum(0)), s3(Sum(0));
    std::size_t i = 0;
    for (; i + 4 * W <= m; i += 4 * W) {
        s0 += load(i);
        s1 += load(i + W);
        s2 += load(i + 2 * W);
        s3 += load(i + 3 * W);
    }
    for (; i + W <= m; i += W) s0 += load(i);
    Sum tail = 0;  // the last m % W examples, V = Sum, summed while the lanes are reduced
    for (; i < m; ++i) tail += f(Sum(x[i]), Sum(rows[i])...);
    return Sum(stdx::reduce((s0 + s1) + (s2 + s3)) + tail);
}

// out_i = f(x_i, y_i, ...) for each example i of one feature: W at a time in native_simd<T>
// lanes, then the last m % W one by one. Needed for speed: at -O2, GCC 12 leaves such a loop
// scalar when m is not known at compile time (its cheap cost model refuses the tail).
// out may be one of the inputs (an update in place).
template <class T, class F, class... Rows>
void simd_map(F f, std::span<T> out, Rows... rows) {
    using V = stdx::native_simd<T>;
    constexpr std::size_t W = V::size();
    const std::size_t m = out.size();
    if (((rows.size() != m) || ...)) {
        throw std::invalid_argument("simd_map: rows of different lengths");
    }
    std::size_t i = 0;
    for (; i + W <= m; i += W) {
        const V result = f(V(rows.data() + i, stdx::element_aligned)...);
        result.copy_to(out.data() + i, stdx::element_aligned);
    }
    for (; i < m; ++i) out[i] = f(rows[i]...);  // the tail, V = T
}

// sum_i x_i, the fast way and the readable way (tests hold them together).
template <class T>
T row_sum(std::span<const T> x) {
    return simd_sum([](auto xi) { return xi; }, x);
}
template <class T>
T row_sum_scalar(std::span<const T> x) {
    T sum = 0;
    for (T xi : x) sum += xi;
    return sum;
}

// sum_i x_i y_i: dgamma = sum_i dZ_tilde * Z_norm, and dW = dZ A^T row by row.
template <class T>
T row_dot(std::span<const T> x, std::span<const T> y) {
    return simd_sum([](auto xi, auto yi) { return xi * yi; }, x, y);
}
template <class T>
T row_dot_scalar(std::span<const T> x, std::span<const T> y) {
    if (x.size() != y.size()) throw std::invalid_argument("row_dot: rows of different lengths");
    T sum = 0;
    for (std::size_t i = 0; i < x.size(); ++i) sum += x[i] * y[i];
    return sum;
}

// The blocks of W features a row of p splits into: `whole` features in full vectors, then
// one partial vector holding the last `count`, its lanes in `tail`.
template <class T>
struct RowBlocks {
    using V = stdx::native_simd<T>;
    static constexpr std::size_t W = V::size();
    std::size_t whole;
    std::size_t count;               // p % W features in the partial vector
    typename V::mask_type tail;      // its lanes below count; the others are 0

    explicit RowBlocks(std::size_t p)
        : whole(p - p % W), count(p % W),
          tail(V([](auto lane) { return T(lane); }) < V(T(count))) {}

    V load(const T* row, std::size_t i) const { return V(row + i, stdx::element_aligned); }
    void store(const V& v, T* row, std::size_t i) const {
        v.copy_to(row + i, stdx::element_aligned);
    }
    // The tail under the mask where the hardware masks loads and stores (AVX-512: the
    // masked lanes touch no memory); elsewhere one number at a time, since without hardware
    // masking (SSE2, the portable build) a masked where(...).copy_to may write the whole
    // vector, past the row's end. Both give the same lanes.
#ifdef __AVX512F__
    static constexpr bool hardware_masks = true;
#else
    static constexpr bool hardware_masks = false;
#endif
    V load_tail(const T* row) const {
        if constexpr (hardware_masks) {
            V v(T(0));
            where(tail, v).copy_from(row + whole, stdx::element_aligned);
            return v;
        } else {
            const T* x = row + whole;
            const std::size_t c = count;
            return V([x, c](auto lane) { return std::size_t(lane) < c ? x[lane] : T(0); });
        }
    }
    void store_tail(const V& v, T* row) const {
        if constexpr (hardware_masks) {
            where(tail, v).copy_to(row + whole, stdx::element_aligned);
        } else {
            for (std::size_t j = 0; j < count; ++j) row[whole + j] = v[j];
        }
    }
    // theta^T x over the p features.
    T dot(const T* theta, const T* x) const {
        V sum(T(0));
        for (std::size_t i = 0; i < whole; i += W) sum += load(theta, i) * load(x, i);
        sum += load_tail(theta) * load_tail(x);
        return stdx::reduce(sum);
    }
};

}  // namespace common
