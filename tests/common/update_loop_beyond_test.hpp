// Tests of common/update_loop.hpp with the update rules beyond the notes (Nesterov, Adagrad,
// AdamW, Adam with L2, AMSGrad): the SIMD loop against the scalar loop, as for the notes' four
// (update_loop_test.hpp), in float and double, over lengths around the lane width and on
// spans that start off a SIMD-vector boundary; then bit for bit with theta at every offset
// 0..W+1 of aligned storage. The rules' values are checked by their chapters' tests and by
// the reference cases (tests/reference/cases/update-beyond.txt).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "chapters/03-momentum/momentum.hpp"
#include "chapters/04-rmsprop/rmsprop.hpp"
#include "chapters/05-adam/adam.hpp"
#include "common/aligned.hpp"
#include "common/check.hpp"
#include "common/update_loop.hpp"
#include "tests/common/update_loop_test.hpp"

namespace update_loop_beyond_test {

using common::Engine;
using momentum::MomentumForm;
using rmsprop::EpsPlacement;

// The state vectors of a method, whichever of v, s and s_max it has.
template <class T, class Opt>
std::vector<const common::aligned_vector<T>*> states_of(const Opt& o) {
    std::vector<const common::aligned_vector<T>*> out;
    if constexpr (requires { o.v; }) out.push_back(&o.v);
    if constexpr (requires { o.s; }) out.push_back(&o.s);
    if constexpr (requires { o.s_max; }) out.push_back(&o.s_max);
    return out;
}

// Three steps of `proto` with the scalar and the SIMD loop over lengths 0, 1, 2, W - 1, W,
// W + 1, 2W + 3, 1000 and 4099, on spans that start at offset 1 or 0 of a vector; theta and
// every state must agree to tol<T>::simd.
template <class T, class Opt>
void check_loops_agree(common::Checker& check, const std::string& what, const Opt& proto,
                         const update_loop_test::Pool<T>& pool) {
    constexpr std::size_t W = common::stdx::native_simd<T>::size();
    const std::size_t lengths[] = {0, 1, 2, W - 1, W, W + 1, 2 * W + 3, 1000, 4099};
    double worst = 0;
    std::string where = "nowhere";
    std::size_t compared = 0;
    for (std::size_t n : lengths) {
        for (std::size_t offset : {1, 0}) {
            std::vector<T> theta_scalar(pool.theta0.begin(), pool.theta0.begin() + n + offset);
            std::vector<T> theta_simd = theta_scalar;
            Opt scalar = proto;
            Opt simd = proto;
            for (const auto& g : pool.grads) {
                const std::span<const T> dtheta(g.data() + offset, n);
                scalar.step(std::span<T>(theta_scalar.data() + offset, n), dtheta,
                            Engine::scalar);
                simd.step(std::span<T>(theta_simd.data() + offset, n), dtheta, Engine::simd);
            }
            auto compare = [&](const std::string& array, std::span<const T> want,
                               std::span<const T> got) {
                if (want.size() != got.size()) {
                    worst = INFINITY;
                    where = array + ": lengths differ at n=" + std::to_string(n);
                    return;
                }
                for (std::size_t i = 0; i < want.size(); ++i, ++compared) {
                    const double err = common::relative_error(want[i], got[i]);
                    if (!(err <= worst)) {  // also catches NaN
                        worst = std::isnan(err) ? INFINITY : err;
                        where = array + "[" + std::to_string(i) + "] n=" + std::to_string(n) +
                                " offset=" + std::to_string(offset) + ": scalar " +
                                common::Checker::fmt(want[i]) + " simd " +
                                common::Checker::fmt(got[i]);
                    }
                }
            };
            compare("theta", theta_scalar, theta_simd);
            const auto a = states_of<T>(scalar);
            const auto b = states_of<T>(simd);
            for (std::size_t k = 0; k < a.size(); ++k) {
                compare("state " + std::to_string(k), *a[k], *b[k]);
            }
        }
    }
    check.that(what + ": SIMD lanes agree with the scalar loop over 9 lengths, offsets 0/1, " +
                   "3 steps (max rel err " + common::Checker::fmt(worst) + ", " +
                   std::to_string(compared) + " values)",
               compared > 0 && worst <= common::tol<T>::simd, "worst at " + where);
}

// Two steps of `proto` with each loop, theta and dtheta starting at every element offset
// 0 .. W + 1 of aligned storage (so run_simd peels 0 .. W - 1 coordinates first and then
// meets the method's own aligned states off their boundary), lengths 0 .. 3W + 1; theta and
// every state must be equal bit for bit.
template <class T, class Opt>
void check_loops_offsets(common::Checker& check, const std::string& what, const Opt& proto) {
    constexpr std::size_t W = common::stdx::native_simd<T>::size();
    std::size_t cases = 0, differ = 0;
    std::string first;
    const auto same = [](const auto& a, const auto& b) {
        return a.size() == b.size() &&  // memcmp takes no null, even for 0 bytes
               (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
    };
    for (std::size_t offset = 0; offset <= W + 1; ++offset) {
        for (std::size_t n = 0; n <= 3 * W + 1; ++n, ++cases) {
            const std::size_t size = offset + n;
            common::aligned_vector<T> theta(size), g1(size), g2(size);
            for (std::size_t k = 0; k < size; ++k) {
                theta[k] = T(std::sin(double(k) + 0.5));
                g1[k] = T(std::cos(3.0 * double(k)));
                g2[k] = T(0.1 * std::sin(7.0 * double(k)));
            }
            auto theta2 = theta;
            Opt scalar = proto, simd = proto;
            for (const auto* g : {&g1, &g2}) {
                const std::span<const T> dtheta(g->data() + offset, n);
                scalar.step(std::span<T>(theta.data() + offset, n), dtheta, Engine::scalar);
                simd.step(std::span<T>(theta2.data() + offset, n), dtheta, Engine::simd);
            }
            bool equal = same(theta, theta2);
            const auto a = states_of<T>(scalar);
            const auto b = states_of<T>(simd);
            for (std::size_t k = 0; k < a.size(); ++k) equal = equal && same(*a[k], *b[k]);
            if (!equal && differ++ == 0) {
                first = "first at offset " + std::to_string(offset) + ", length " +
                        std::to_string(n);
            }
        }
    }
    check.that(what + ": run_simd equals run_scalar bit for bit, theta at offsets 0..W+1 of " +
                   "aligned storage, lengths 0..3W+1, 2 steps (" + std::to_string(cases) +
                   " cases)",
               differ == 0, std::to_string(differ) + " cases differ, " + first);
}

// Every rule beyond the notes, in each of its forms, through both checks.
template <class T>
void check_all(common::Checker& check, const std::string& type) {
    const update_loop_test::Pool<T> pool(4099 + 2, 2025);
    auto both = [&](const std::string& what, const auto& proto) {
        check_loops_agree<T>(check, what + ", " + type, proto, pool);
        check_loops_offsets<T>(check, what + ", " + type, proto);
    };
    for (MomentumForm form : {MomentumForm::notes, MomentumForm::unscaled}) {
        const std::string label = form == MomentumForm::notes ? "notes" : "unscaled";
        both("nesterov " + label, momentum::Nesterov<T>{.hyper = {.form = form}});
    }
    for (EpsPlacement place : {EpsPlacement::inside, EpsPlacement::outside}) {
        const std::string eps = place == EpsPlacement::inside ? "eps inside" : "eps outside";
        both("adagrad " + eps, rmsprop::Adagrad<T>{.hyper = {.eps_placement = place}});
        adam::AdamW<T> adamw;
        adamw.hyper.eps_placement = place;
        adamw.hyper.weight_decay = T(0.05);
        both("adamw " + eps, adamw);
        adam::AdamL2<T> adam_l2;
        adam_l2.hyper.eps_placement = place;
        adam_l2.hyper.weight_decay = T(0.05);
        both("adam_l2 " + eps, adam_l2);
        adam::AmsGrad<T> amsgrad;
        amsgrad.hyper.eps_placement = place;
        both("amsgrad " + eps, amsgrad);
    }
}

}  // namespace update_loop_beyond_test

inline void test_update_loop_beyond(common::Checker& check) {
    update_loop_beyond_test::check_all<float>(check, "float");
    update_loop_beyond_test::check_all<double>(check, "double");
}
