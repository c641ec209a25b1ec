// run_update.hpp: runs an `update` case (FORMAT.md) through the chapters' update rules: the
// rule's method (Sgd, Momentum, RmsProp, Adam) is fed row t of `grad` at step t, once with
// the scalar loop and once with the SIMD loop, and after every step theta and the states
// (v, s; Adam's uncorrected v and s) are compared with rows t of `theta`, `v`, `s`.
// A case holds exactly the keys its rule uses; a missing or stray key is an error.
#pragma once

#include <cstddef>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "chapters/05-adam/adam.hpp"
#include "common/update_loop.hpp"
#include "tests/reference/compare.hpp"

namespace reference {

namespace update_detail {

// The keys (words, numbers and matrices alike) each rule needs, beyond theta0, grad, theta.
inline const std::set<std::string>& keys_of(const std::string& rule) {
    static const std::set<std::string> sgd = {"lr"};
    static const std::set<std::string> momentum = {"lr", "beta", "v"};
    static const std::set<std::string> rmsprop = {"lr", "beta2", "eps", "eps_placement", "s"};
    static const std::set<std::string> adam = {"lr", "beta1", "beta2", "eps", "eps_placement",
                                               "v",  "s"};
    if (rule == "sgd") return sgd;
    if (rule == "momentum" || rule == "momentum_unscaled") return momentum;
    if (rule == "rmsprop") return rmsprop;
    return adam;
}

// Every key the rule needs is there, and no key it does not use (a stray `beta` in an
// `sgd` case, a `v` in an `rmsprop` case) is silently ignored.
inline void check_keys(const Case& c, const std::string& rule) {
    const std::set<std::string>& need = keys_of(rule);
    for (const std::string& key : need) {
        if (!c.has(key)) {
            throw ReferenceError(c.where("rule") + ": case " + c.name + " (rule " + rule +
                                 ") lacks `" + key + "`");
        }
    }
    for (const auto& [key, line] : c.lines) {
        if (key == "rule" || key == "theta0" || key == "grad" || key == "theta") continue;
        if (!need.count(key)) {
            throw ReferenceError(c.where(key) + ": `" + key + "` is not used by rule " + rule +
                                 " (case " + c.name + ")");
        }
    }
}

inline rmsprop::EpsPlacement eps_placement(const Case& c) {
    const std::string& word = c.word("eps_placement");
    if (word == "inside") return rmsprop::EpsPlacement::inside;
    if (word == "outside") return rmsprop::EpsPlacement::outside;
    throw ReferenceError(c.where("eps_placement") + ": unknown eps_placement `" + word +
                         "` (expected inside or outside)");
}

// Feeds the T gradient rows to `opt` with one engine; compares theta and the states after
// each step. The labels say which engine and which step, e.g. "v (simd)[3][2]".
template <class T, class Opt>
void run_engine(Opt opt, common::Engine engine, const Case& c, std::size_t steps, std::size_t p,
                Outcome& out) {
    const std::string tag = engine == common::Engine::simd ? " (simd)" : " (scalar)";
    const common::Matrix<T> grad = as<T>(c.matrix("grad", steps, p));
    const common::Matrix<T> theta0 = as<T>(c.matrix("theta0", 1, p));
    std::vector<T> theta(theta0.values().begin(), theta0.values().end());
    for (std::size_t t = 0; t < steps; ++t) {
        opt.step(std::span<T>(theta), std::span<const T>(grad.row(t)), engine);
        out.compare_row<T>("theta" + tag, c.matrix("theta", steps, p), t, theta);
        if constexpr (requires { opt.v; }) {
            out.compare_row<T>("v" + tag, c.matrix("v", steps, p), t, opt.v);
        }
        if constexpr (requires { opt.s; }) {
            out.compare_row<T>("s" + tag, c.matrix("s", steps, p), t, opt.s);
        }
    }
}

template <class T, class Opt>
void run_both_engines(const Opt& opt, const Case& c, std::size_t steps, std::size_t p,
                      Outcome& out) {
    run_engine<T>(opt, common::Engine::scalar, c, steps, p, out);
    run_engine<T>(opt, common::Engine::simd, c, steps, p, out);
}

}  // namespace update_detail

template <class T>
Outcome run_update(const Case& c) {
    using namespace update_detail;
    const std::string& rule = c.word("rule");
    if (rule != "sgd" && rule != "momentum" && rule != "momentum_unscaled" && rule != "rmsprop" &&
        rule != "adam") {
        throw ReferenceError(c.where("rule") + ": unknown rule `" + rule +
                             "` (expected sgd, momentum, momentum_unscaled, rmsprop or adam)");
    }
    check_keys(c, rule);
    const std::size_t p = c.matrix("theta0").cols();
    const std::size_t steps = c.matrix("grad").rows();
    c.matrix("theta0", 1, p);  // shapes: theta0 1 x P; grad, theta, v, s T x P
    c.matrix("grad", steps, p);
    c.matrix("theta", steps, p);
    const T alpha = T(c.number("lr"));

    Outcome out;
    if (rule == "sgd") {
        gradient_descent::Sgd<T> opt;
        opt.hyper.alpha = alpha;
        run_both_engines<T>(opt, c, steps, p, out);
    } else if (rule == "momentum" || rule == "momentum_unscaled") {
        momentum::Momentum<T> opt;
        opt.hyper = {.alpha = alpha,
                     .beta = T(c.number("beta")),
                     .form = rule == "momentum" ? momentum::MomentumForm::notes
                                                : momentum::MomentumForm::unscaled};
        run_both_engines<T>(opt, c, steps, p, out);
    } else if (rule == "rmsprop") {
        rmsprop::RmsProp<T> opt;
        opt.hyper = {.alpha = alpha,
                     .beta2 = T(c.number("beta2")),
                     .eps = T(c.number("eps")),
                     .eps_placement = eps_placement(c)};
        run_both_engines<T>(opt, c, steps, p, out);
    } else {
        adam::Adam<T> opt;
        opt.hyper = {.alpha = alpha,
                     .beta1 = T(c.number("beta1")),
                     .beta2 = T(c.number("beta2")),
                     .eps = T(c.number("eps")),
                     .eps_placement = eps_placement(c),
                     .bias_correction = true};
        run_both_engines<T>(opt, c, steps, p, out);
    }
    return out;
}

}  // namespace reference
