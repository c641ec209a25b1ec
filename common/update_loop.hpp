// update_loop.hpp: the element-wise update engine. An update rule (a chapter's header) says
// what happens to one coordinate of theta and its states; the engine runs it over whole
// arrays, one number at a time (run_scalar, the readable reference) or W numbers at a
// time in native_simd<T> lanes (run_simd, the fast path). Both call the very same rule.
// Leaves out: threads, intrinsics, alignment (the spans may start at any address).
// Introduced in: chapters/03-momentum
#pragma once

#include <concepts>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

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

// The fast loop: the same rule with V = native_simd<T>, on W coordinates per call, in
// one pass over memory (load theta, the states, dtheta; update; store theta, the states).
// element_aligned: no alignment is assumed. The last n % W coordinates go one by one.
template <class T, class Rule, std::same_as<std::span<T>>... State>
void run_simd(Rule rule, std::span<T> theta, std::span<const T> dtheta,
              State... state) {
    check_lengths(theta, dtheta, state...);
    using V = stdx::native_simd<T>;
    constexpr std::size_t W = V::size();
    const std::size_t n = theta.size();
    std::size_t i = 0;
    for (; i + W <= n; i += W) {
        V theta_i(theta.data() + i, stdx::element_aligned);  // coordinates i .. i + W - 1
        const V dtheta_i(dtheta.data() + i, stdx::element_aligned);
        [&](auto... state_i) {  // one V per state, loaded by the call below
            rule(theta_i, state_i..., dtheta_i);
            (state_i.copy_to(state.data() + i, stdx::element_aligned), ...);
        }(V(state.data() + i, stdx::element_aligned)...);
        theta_i.copy_to(theta.data() + i, stdx::element_aligned);
    }
    for (; i < n; ++i) {  // the tail, V = T
        rule(theta[i], state[i]..., dtheta[i]);
    }
}

// On the first step, sizes each state to theta's length, all zeros (states start at 0).
// A later step with another length is an error: the states belong to one theta.
template <class T, class... State>
void size_state(const char* method, std::span<T> theta, std::span<const T> dtheta,
                State&... state) {
    check_lengths(theta, dtheta);
    for (std::vector<T>* s : {&state...}) {
        if (s->empty()) {
            s->assign(theta.size(), T(0));
        } else if (s->size() != theta.size()) {
            throw std::invalid_argument(
                std::string(method) + ": theta has " + std::to_string(theta.size()) +
                " values but the state was sized to " + std::to_string(s->size()) +
                " on the first step (reset() starts over with another theta)");
        }
    }
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
