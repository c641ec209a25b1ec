// run_update.hpp: runs an `update` case (FORMAT.md) through the chapters' update rules: the
// rule's method (Sgd, Momentum, RmsProp, Adam; beyond the notes Nesterov, Adagrad, AdamW,
// AdamL2, AmsGrad) is fed row t of `grad` at step t, once with the scalar loop and once with
// the SIMD loop, and after every step theta and the states (v, s, s_max; Adam's uncorrected
// v and s) are compared with rows t of `theta`, `v`, `s`, `s_max`.
// A case holds exactly the keys its rule uses; a missing or stray key is an error.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "chapters/03-momentum/momentum.hpp"
#include "chapters/04-rmsprop/rmsprop.hpp"
#include "chapters/05-adam/adam.hpp"
#include "common/update_loop.hpp"
#include "tests/reference/compare.hpp"

namespace reference {

namespace update_detail {

// The keys (words, numbers and matrices alike) each rule needs, beyond theta0, grad, theta.
inline const std::map<std::string, std::set<std::string>>& rule_keys() {
    static const std::map<std::string, std::set<std::string>> keys = [] {
        const std::set<std::string> momentum = {"lr", "beta", "v"};
        const std::set<std::string> adam = {"lr", "beta1", "beta2", "eps", "eps_placement",
                                            "v",  "s"};
        std::set<std::string> adam_decay = adam, amsgrad = adam;
        adam_decay.insert("weight_decay");
        amsgrad.insert("s_max");
        return std::map<std::string, std::set<std::string>>{
            {"sgd", {"lr"}},
            {"momentum", momentum},
            {"momentum_unscaled", momentum},
            {"rmsprop", {"lr", "beta2", "eps", "eps_placement", "s"}},
            {"adam", adam},
            // beyond the notes
            {"nesterov", momentum},
            {"nesterov_unscaled", momentum},
            {"adagrad", {"lr", "eps", "eps_placement", "s"}},
            {"adamw", adam_decay},
            {"adam_l2", adam_decay},
            {"amsgrad", amsgrad},
        };
    }();
    return keys;
}

// "sgd, momentum, ... or amsgrad", for the message naming an unknown rule.
inline std::string known_rules() {
    std::string list;
    const auto& keys = rule_keys();
    std::size_t k = 0;
    for (const auto& [rule, _] : keys) {
        list += (k == 0 ? "" : k + 1 == keys.size() ? " or " : ", ") + rule;
        ++k;
    }
    return list;
}

// Every key the rule needs is there, and no key it does not use (a stray `beta` in an
// `sgd` case, a `v` in an `rmsprop` case) is silently ignored.
inline void check_keys(const Case& c, const std::string& rule) {
    const std::set<std::string>& need = rule_keys().at(rule);
    for (const std::string& key : need) {
        if (!c.has(key)) {
            throw ReferenceError(c.where("rule") + ": case " + c.name + " (rule " + rule +
                                 ") lacks `" + key + "`");
        }
    }
    for (const auto& [key, line] : c.lines) {
        if (key == "rule" || key == "theta0" || key == "grad" || key == "theta" ||
            key == "float_tolerance") {  // any rule's case may give it (reference_check.cpp)
            continue;
        }
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
        if constexpr (requires { opt.s_max; }) {
            out.compare_row<T>("s_max" + tag, c.matrix("s_max", steps, p), t, opt.s_max);
        }
    }
}

// Adam's hyperparameters from the case, bias correction on (FORMAT.md), into the Hyper of
// Adam, AdamW, AdamL2 or AmsGrad; weight_decay where the Hyper has one (AdamW, AdamL2).
// They stay double for every T, as the optimizers hold them (and torch.optim, whose
// hyperparameters are Python floats): the rule rounds each to T once.
template <class Hyper>
void set_adam_hyper(Hyper& h, const Case& c) {
    h.alpha = c.number("lr");
    h.beta1 = c.number("beta1");
    h.beta2 = c.number("beta2");
    h.eps = c.number("eps");
    h.eps_placement = eps_placement(c);
    h.bias_correction = true;
    if constexpr (requires { h.weight_decay; }) h.weight_decay = c.number("weight_decay");
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
    if (!rule_keys().count(rule)) {
        throw ReferenceError(c.where("rule") + ": unknown rule `" + rule + "` (expected " +
                             known_rules() + ")");
    }
    check_keys(c, rule);
    const std::size_t p = c.matrix("theta0").cols();
    const std::size_t steps = c.matrix("grad").rows();
    c.matrix("theta0", 1, p);  // shapes: theta0 1 x P; grad, theta, v, s, s_max T x P
    c.matrix("grad", steps, p);
    c.matrix("theta", steps, p);
    const double alpha = c.number("lr");  // hyperparameters in double, for every T

    Outcome out;
    if (rule == "sgd") {
        gradient_descent::Sgd<T> opt;
        opt.hyper.alpha = T(alpha);
        run_both_engines<T>(opt, c, steps, p, out);
    } else if (rule == "momentum" || rule == "momentum_unscaled") {
        momentum::Momentum<T> opt;
        opt.hyper = {.alpha = alpha,
                     .beta = c.number("beta"),
                     .form = rule == "momentum" ? momentum::MomentumForm::notes
                                                : momentum::MomentumForm::unscaled};
        run_both_engines<T>(opt, c, steps, p, out);
    } else if (rule == "rmsprop") {
        rmsprop::RmsProp<T> opt;
        opt.hyper = {.alpha = alpha,
                     .beta2 = c.number("beta2"),
                     .eps = c.number("eps"),
                     .eps_placement = eps_placement(c)};
        run_both_engines<T>(opt, c, steps, p, out);
    } else if (rule == "adam") {
        adam::Adam<T> opt;
        set_adam_hyper(opt.hyper, c);
        run_both_engines<T>(opt, c, steps, p, out);
    } else if (rule == "nesterov" || rule == "nesterov_unscaled") {
        momentum::Nesterov<T> opt;
        opt.hyper = {.alpha = alpha,
                     .beta = c.number("beta"),
                     .form = rule == "nesterov" ? momentum::MomentumForm::notes
                                                : momentum::MomentumForm::unscaled};
        run_both_engines<T>(opt, c, steps, p, out);
    } else if (rule == "adagrad") {
        rmsprop::Adagrad<T> opt;
        opt.hyper = {.alpha = alpha, .eps = c.number("eps"), .eps_placement = eps_placement(c)};
        run_both_engines<T>(opt, c, steps, p, out);
    } else if (rule == "adamw") {  // weight_decay: checked above that the case has it
        adam::AdamW<T> opt;
        set_adam_hyper(opt.hyper, c);
        run_both_engines<T>(opt, c, steps, p, out);
    } else if (rule == "adam_l2") {
        adam::AdamL2<T> opt;
        set_adam_hyper(opt.hyper, c);
        run_both_engines<T>(opt, c, steps, p, out);
    } else {  // amsgrad
        adam::AmsGrad<T> opt;
        set_adam_hyper(opt.hyper, c);
        run_both_engines<T>(opt, c, steps, p, out);
    }
    return out;
}

}  // namespace reference
