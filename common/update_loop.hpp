// update_loop.hpp: the element-wise update engine. An update rule (a chapter's header) says
// what happens to one coordinate of theta and its states; the engine runs it over whole
// arrays, one number at a time (run_scalar, the readable reference) or W numbers at a
// time in native_simd<T> lanes (run_simd, the fast path). Both call the very same rule.
// run_simd peels coordinates one by one until theta sits on a SIMD-vector boundary, then
// loads and stores aligned where each array allows (storage from common/aligned.hpp does).
// Leaves out: threads, intrinsics, prefetching, non-temporal stores.
// Introduced in: chapters/03-momentum
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/aligned.hpp"

#if defined(__GNUC__) && !defined(__clang__)
// GCC < 13 raises a false -Wuninitialized inside avx512fintrin.h (GCC bug 105593) where
// sqrt meets a native_simd under -march=native. The warning points into this include.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <experimental/simd>
#pragma GCC diagnostic pop
#else
#include <experimental/simd>
#endif

namespace common {

namespace stdx = std::experimental;

// Which loop a step runs. Both give the same numbers up to rounding; the tests hold them
// to it.
enum class Engine { scalar, simd };

// theta, dtheta and every state must have one length; otherwise say what each has.
template <class T, class... State>
void check_lengths(std::span<T> theta, std::span<const T> dtheta, State... state) {
    const std::size_t n = theta.size();
    if (dtheta.size() == n && ((state.size() == n) && ...)) return;
    std::string message = "update loop: lengths differ: theta has " + std::to_string(n) +
                          ", dtheta " + std::to_string(dtheta.size());
    ((message += ", state " + std::to_string(state.size())), ...);
    throw std::invalid_argument(message);
}

// The reference loop: rule(theta[i], state[i]..., dtheta[i]) for each i, with V = T.
template <class T, class Rule, std::same_as<std::span<T>>... State>
void run_scalar(Rule rule, std::span<T> theta, std::span<const T> dtheta,
                State... state) {
    check_lengths(theta, dtheta, state...);
    for (std::size_t i = 0; i < theta.size(); ++i) {
        rule(theta[i], state[i]..., dtheta[i]);
    }
}

// Whether p sits on a multiple of `alignment` bytes.
template <class T>
bool is_aligned(const T* p, std::size_t alignment) {
    return reinterpret_cast<std::uintptr_t>(p) % alignment == 0;
}

// run_simd's whole blocks, from coordinate i while W more remain; returns where they end.
// [[gnu::flatten]] inlines every call in it (the rule and the members it calls, such as
// AdamRule::moments and ::step, and the SIMD library's), so the rule does not stay a function
// called once per vector wherever the compiler's inlining budget runs out (g++ 12 once left
// AdamRule's members out of line that way: AdamW and Adam-L2 ran 1.8-1.9x Adam's time in
// cache). Only this loop is flattened (noinline: it stays one function, called once a run):
// the length check's message, the peel and the tail stay out of it. Flattening alone does
// not inline a rule that calls stdx::max (AMSGrad) with g++ 12: libstdc++ gives max an
// optimize attribute, which g++ will not mix into a function without it, so that rule's
// operator() says [[gnu::always_inline]] itself. The rule comes by value, a
// local copy whose fields no store to theta or a state can change.
template <class V, class Rule, class ThetaFlag, class DthetaFlag, class StateFlag, class T,
          class... State>
[[gnu::flatten, gnu::noinline]]
std::size_t run_blocks(const Rule rule, ThetaFlag theta_flag, DthetaFlag dtheta_flag,
                       StateFlag state_flag, std::size_t i, std::size_t n, T* theta,
                       const T* dtheta, State*... state) {
    constexpr std::size_t W = V::size();
    for (; i + W <= n; i += W) {
        V theta_i(theta + i, theta_flag);  // coordinates i .. i + W - 1
        const V dtheta_i(dtheta + i, dtheta_flag);
        [&](auto... state_i) {  // one V per state, loaded by the call below
            rule(theta_i, state_i..., dtheta_i);
            (state_i.copy_to(state + i, state_flag), ...);
        }(V(state + i, state_flag)...);
        theta_i.copy_to(theta + i, theta_flag);
    }
    return i;
}

// The fast loop: the same rule with V = native_simd<T>, on W coordinates per call, in
// one pass over memory (load theta, the states, dtheta; update; store theta, the states).
// First the coordinates before theta's first SIMD-vector boundary go one by one (none when
// theta starts on one); then whole blocks, loaded and stored with vector_aligned for theta
// and with vector_aligned for dtheta and the states when they are aligned at that point too
// (element_aligned otherwise: the states share one flag, aligned only when all are); then
// the last coordinates one by one. Every coordinate meets the same rule, so where the
// blocks start changes no result.
template <class T, class Rule, std::same_as<std::span<T>>... State>
void run_simd(Rule rule, std::span<T> theta, std::span<const T> dtheta,
              State... state) {
    check_lengths(theta, dtheta, state...);
    using V = stdx::native_simd<T>;
    constexpr std::size_t A = stdx::memory_alignment_v<V>;  // bytes, V::size() sizeof(T)
    const std::size_t n = theta.size();
    std::size_t i = 0;
    const auto one = [&](std::size_t k) { rule(theta[k], state[k]..., dtheta[k]); };  // V = T
    const std::uintptr_t off = reinterpret_cast<std::uintptr_t>(theta.data()) % A;
    const bool alignable = off % sizeof(T) == 0;  // false only for a theta split mid-number
    if (alignable && off != 0) {                  // peel to theta's boundary
        const std::size_t peel = std::min(n, (A - off) / sizeof(T));
        for (; i < peel; ++i) one(i);
    }
    const auto blocks = [&](auto theta_flag, auto dtheta_flag, auto state_flag) {
        i = run_blocks<V>(rule, theta_flag, dtheta_flag, state_flag, i, n, theta.data(),
                          dtheta.data(), state.data()...);
    };
    const bool dtheta_aligned = is_aligned(dtheta.data() + i, A);
    const bool states_aligned = (is_aligned(state.data() + i, A) && ...);
    constexpr auto aligned = stdx::vector_aligned;
    constexpr auto element = stdx::element_aligned;
    if (!alignable) {
        blocks(element, element, element);
    } else if (dtheta_aligned && states_aligned) {
        blocks(aligned, aligned, aligned);
    } else if (dtheta_aligned) {
        blocks(aligned, aligned, element);
    } else if (states_aligned) {
        blocks(aligned, element, aligned);
    } else {
        blocks(aligned, element, element);
    }
    for (; i < n; ++i) one(i);  // the tail
}

// On the first step, sizes each state to theta's length, all zeros (states start at 0).
// A later step with another length is an error: the states belong to one theta.
// Each state is a std::vector<T> with any allocator (aligned_vector<T> in the chapters).
template <class T, class... Alloc>
void size_state(const char* method, std::span<T> theta, std::span<const T> dtheta,
                std::vector<T, Alloc>&... state) {
    check_lengths(theta, dtheta);
    const auto size_one = [&](auto& s) {
        if (s.empty()) {
            s.assign(theta.size(), T(0));
        } else if (s.size() != theta.size()) {
            throw std::invalid_argument(
                std::string(method) + ": theta has " + std::to_string(theta.size()) +
                " values but the state was sized to " + std::to_string(s.size()) +
                " on the first step (reset() starts over with another theta)");
        }
    };
    (size_one(state), ...);
}

// The rule over whole arrays, with the chosen loop.
template <class T, class Rule, std::same_as<std::span<T>>... State>
void run(Engine engine, Rule rule, std::span<T> theta, std::span<const T> dtheta,
         State... state) {
    if (engine == Engine::simd) {
        run_simd(rule, theta, dtheta, state...);
    } else {
        run_scalar(rule, theta, dtheta, state...);
    }
}

}  // namespace common
