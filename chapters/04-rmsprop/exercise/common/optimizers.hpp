// Your copy of common/optimizers.hpp for `make exercise-rmsprop`: fill in each EXERCISE block.
// optimizers.hpp: the notes' four update methods: plain gradient descent, momentum,
// RMSprop, Adam. Each rule is written once, as an element-wise function object whose
// body is the notes' equations, one statement each; each method is Hyper + state +
// step(), and step() runs its rule over theta with update_loop.hpp (scalar or SIMD).
// Leaves out: weight decay, Nesterov, AMSGrad, gradient clipping (not in the notes).
#pragma once

#include <cmath>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/ewma.hpp"
#include "common/update_loop.hpp"

namespace common {

// Convention: eps inside the root, dtheta / sqrt(s + eps), as the notes write it (the
// default), or outside, dtheta / (sqrt(s) + eps), as torch.optim does. For small s,
// eps = 1e-8 inside acts like eps = 1e-4 outside, since sqrt(1e-8) = 1e-4.
enum class EpsPlacement { inside, outside };

// Convention: notes = v := beta v + (1 - beta) dtheta (the default); unscaled = the
// notes' "equivalent" v := beta v + dtheta (torch.optim.SGD, d2l), which takes the same
// steps with an alpha (1 - beta) times as large.
enum class MomentumForm { notes, unscaled };

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

// ---- Plain gradient descent ------------------------------------------------------
// Introduced in: chapters/01-gradient-descent
template <class T>
struct SgdRule {
    T alpha;

    template <class V>
    void operator()(V& theta, const V& dtheta) const {
        // EXERCISE gradient-descent: theta := theta - alpha dtheta
        theta = theta - alpha * dtheta;
        // END EXERCISE
    }
};

template <class T>
struct Sgd {
    struct Hyper {
        T alpha = T(0.01);  // learning rate
    } hyper;

    void step(std::span<T> theta, std::span<const T> dtheta,
              Engine engine = Engine::simd) {
        run(engine, SgdRule<T>{.alpha = hyper.alpha}, theta, dtheta);
    }
    void reset() {}  // no state
};

// ---- Momentum --------------------------------------------------------------------
// Introduced in: chapters/03-momentum
template <class T>
struct MomentumRule {
    T alpha;
    T beta;
    MomentumForm form;

    template <class V>
    void operator()(V& theta, V& v, const V& dtheta) const {
        // EXERCISE momentum: v := beta v + (1 - beta) dtheta (or beta v + dtheta, unscaled)
        if (form == MomentumForm::notes) {
            v = ewma(v, dtheta, beta);  // v := beta v + (1 - beta) dtheta
        } else {
            v = beta * v + dtheta;  // v := beta v + dtheta
        }
        theta = theta - alpha * v;  // theta := theta - alpha v
        // END EXERCISE
    }
};

template <class T>
struct Momentum {
    struct Hyper {
        T alpha = T(0.01);  // learning rate
        T beta = T(0.9);    // v averages dtheta over about 1 / (1 - beta) = 10 steps
        MomentumForm form = MomentumForm::notes;  // Convention: (1 - beta) dtheta
    } hyper;
    std::vector<T> v{};  // state: the velocity, an EWMA of dtheta

    void step(std::span<T> theta, std::span<const T> dtheta,
              Engine engine = Engine::simd) {
        size_state("Momentum", theta, dtheta, v);
        const MomentumRule<T> rule{
            .alpha = hyper.alpha, .beta = hyper.beta, .form = hyper.form};
        run(engine, rule, theta, dtheta, std::span<T>(v));
    }
    void reset() { v.clear(); }
};

// ---- RMSprop ---------------------------------------------------------------------
// Introduced in: chapters/04-rmsprop
template <class T>
struct RmsPropRule {
    T alpha;
    T beta2;
    T eps;
    EpsPlacement eps_placement;

    template <class V>
    void operator()(V& theta, V& s, const V& dtheta) const {
        using std::sqrt;  // sqrt(x): std::sqrt for T, the SIMD sqrt for native_simd<T>
        // EXERCISE rmsprop: s := beta2 s + (1 - beta2) dtheta^2, then the step over sqrt(s)
        // (your code here)
    }
};

template <class T>
struct RmsProp {
    struct Hyper {
        T alpha = T(0.001);  // learning rate
        T beta2 = T(0.999);  // s averages dtheta^2 over about 1000 steps
        T eps = T(1e-8);     // keeps the division finite where s is near 0
        EpsPlacement eps_placement = EpsPlacement::inside;  // Convention: sqrt(s + eps)
    } hyper;
    std::vector<T> s{};  // state: an EWMA of dtheta^2, the gradient's mean square

    void step(std::span<T> theta, std::span<const T> dtheta,
              Engine engine = Engine::simd) {
        size_state("RmsProp", theta, dtheta, s);
        const RmsPropRule<T> rule{.alpha = hyper.alpha, .beta2 = hyper.beta2,
                                  .eps = hyper.eps, .eps_placement = hyper.eps_placement};
        run(engine, rule, theta, dtheta, std::span<T>(s));
    }
    void reset() { s.clear(); }
};

// ---- Adam ------------------------------------------------------------------------
// Introduced in: chapters/05-adam
template <class T>
struct AdamRule {
    T alpha;
    T beta1;
    T beta2;
    T eps;
    T correction1;  // 1 - beta1^t (1 with bias correction off)
    T correction2;  // 1 - beta2^t (1 with bias correction off)
    EpsPlacement eps_placement;

    template <class V>
    void operator()(V& theta, V& v, V& s, const V& dtheta) const {
        using std::sqrt;  // sqrt(x): std::sqrt for T, the SIMD sqrt for native_simd<T>
        // EXERCISE adam: v, s as in momentum and RMSprop; v_corrected, s_corrected; the step
        v = ewma(v, dtheta, beta1);             // v := beta1 v + (1 - beta1) dtheta
        s = ewma(s, dtheta * dtheta, beta2);    // s := beta2 s + (1 - beta2) dtheta^2
        // v_corrected = v / (1 - beta1^t), s_corrected = s / (1 - beta2^t), as products with
        // the reciprocals: one division per coordinate fewer each, and the same numbers to
        // the last bit or two
        const V v_corrected = v * (T(1) / correction1);
        const V s_corrected = s * (T(1) / correction2);
        if (eps_placement == EpsPlacement::inside) {
            // theta := theta - alpha v_corrected / sqrt(s_corrected + eps)
            theta = theta - alpha * v_corrected / sqrt(s_corrected + eps);
        } else {
            theta = theta - alpha * v_corrected / (sqrt(s_corrected) + eps);
        }
        // END EXERCISE
    }
};

template <class T>
struct Adam {
    struct Hyper {
        T alpha = T(0.001);  // learning rate
        T beta1 = T(0.9);    // first moment: v averages dtheta (the momentum part)
        T beta2 = T(0.999);  // second moment: s averages dtheta^2 (the RMSprop part)
        T eps = T(1e-8);     // keeps the division finite where s is near 0
        EpsPlacement eps_placement = EpsPlacement::inside;  // Convention: sqrt(s + eps)
        bool bias_correction = true;  // divide by 1 - beta^t (chapters/05-adam: off)
    } hyper;
    std::vector<T> v{};  // state: an EWMA of dtheta
    std::vector<T> s{};  // state: an EWMA of dtheta^2
    long t = 0;          // state: steps taken

    void step(std::span<T> theta, std::span<const T> dtheta,
              Engine engine = Engine::simd) {
        size_state("Adam", theta, dtheta, v, s);
        t += 1;  // Convention: the first step has t = 1
        const bool correct = hyper.bias_correction;
        const AdamRule<T> rule{
            .alpha = hyper.alpha, .beta1 = hyper.beta1, .beta2 = hyper.beta2,
            .eps = hyper.eps,
            .correction1 = correct ? bias_correction(hyper.beta1, t) : T(1),
            .correction2 = correct ? bias_correction(hyper.beta2, t) : T(1),
            .eps_placement = hyper.eps_placement};
        run(engine, rule, theta, dtheta, std::span<T>(v), std::span<T>(s));
    }
    void reset() {
        v.clear();
        s.clear();
        t = 0;
    }
};

}  // namespace common
