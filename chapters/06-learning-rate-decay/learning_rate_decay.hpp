// learning_rate_decay.hpp: chapter 6 of the notes, learning-rate decay. The five schedules
// of the notes, one function each (epoch i and mini-batch t both count from 1, t across
// epochs): time-based, exponential, inverse square root by epoch and by mini-batch, and
// the discrete staircase; a Schedule value that picks one (or a constant alpha), checks
// its settings and hands gradient_descent::train its alpha_at(i, t). Any optimizer of chapters
// 03-05 takes its alpha from it. What a run under each schedule showed (Outcome, the
// closing sentences) is computed here too. Leaves out: warm-up, cosine and cyclic schedules.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/05-adam/adam.hpp"
#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/01-gradient-descent/train.hpp"
#include "common/io/report.hpp"

namespace decay {

// i and t count from 1, as in the notes; 0 is a caller's mistake, not epoch "zero".
inline void check_counts_from_1(std::size_t n, const char* what) {
    if (n == 0) throw std::invalid_argument(std::string(what) + " counts from 1 (got 0)");
}

// ---- The notes' five schedules ----------------------------------------------------

// Time-based decay: alpha = alpha0 / (1 + k (i - 1)); alpha = alpha0 at i = 1.
template <class T>
T alpha_time_based(T alpha0, T k, std::size_t i) {
    check_counts_from_1(i, "epoch i");
    // EXERCISE learning-rate-decay: time-based: alpha = alpha0 / (1 + k (i - 1))
    return alpha0 / (T(1) + k * T(i - 1));
    // END EXERCISE, stub: return alpha0;
}

// Exponential decay: alpha = k^(i - 1) alpha0; alpha = alpha0 at i = 1.
template <class T>
T alpha_exponential(T alpha0, T k, std::size_t i) {
    check_counts_from_1(i, "epoch i");
    // EXERCISE learning-rate-decay: exponential: alpha = k^(i - 1) alpha0
    return std::pow(k, T(i - 1)) * alpha0;
    // END EXERCISE, stub: return alpha0;
}

// Inverse square root by epoch: alpha = k alpha0 / sqrt(i); alpha = k alpha0 at i = 1.
template <class T>
T alpha_inverse_sqrt_epoch(T alpha0, T k, std::size_t i) {
    check_counts_from_1(i, "epoch i");
    // EXERCISE learning-rate-decay: inverse square root by epoch: alpha = k alpha0 / sqrt(i)
    return k * alpha0 / std::sqrt(T(i));
    // END EXERCISE, stub: return alpha0;
}

// Inverse square root by mini-batch: alpha = k alpha0 / sqrt(t), t counted across epochs;
// alpha = k alpha0 at t = 1, and alpha changes at every step, inside an epoch too.
template <class T>
T alpha_inverse_sqrt_batch(T alpha0, T k, std::size_t t) {
    check_counts_from_1(t, "mini-batch t");
    // EXERCISE learning-rate-decay: inverse square root by mini-batch: alpha = k alpha0 / sqrt(t)
    return k * alpha0 / std::sqrt(T(t));
    // END EXERCISE, stub: return alpha0;
}

// Discrete staircase: alpha = k^floor((i - 1) / L) alpha0; alpha0 for epochs 1..L, then
// k alpha0 for L + 1..2L, and so on: it steps down at epochs 1 + L, 1 + 2L, ...
template <class T>
T alpha_staircase(T alpha0, T k, std::size_t L, std::size_t i) {
    check_counts_from_1(i, "epoch i");
    if (L == 0) throw std::invalid_argument("staircase: L counts epochs per step, >= 1 (got 0)");
    // EXERCISE learning-rate-decay: staircase: alpha = k^floor((i - 1) / L) alpha0
    return std::pow(k, T((i - 1) / L)) * alpha0;  // integer division: floor((i - 1) / L)
    // END EXERCISE, stub: return alpha0;
}

// ---- One schedule as a value -------------------------------------------------------

enum class Kind { constant, time_based, exponential, inverse_sqrt_epoch, inverse_sqrt_batch,
                  staircase };

inline constexpr Kind all_kinds[] = {Kind::time_based, Kind::exponential,
                                     Kind::inverse_sqrt_epoch, Kind::inverse_sqrt_batch,
                                     Kind::staircase, Kind::constant};

// The name on the command line: --schedule time, ..., inverse-sqrt-batch, constant.
inline std::string_view name(Kind kind) {
    switch (kind) {
        case Kind::constant: return "constant";
        case Kind::time_based: return "time";
        case Kind::exponential: return "exponential";
        case Kind::inverse_sqrt_epoch: return "inverse-sqrt-epoch";
        case Kind::inverse_sqrt_batch: return "inverse-sqrt-batch";
        case Kind::staircase: return "staircase";
    }
    return "?";
}

inline std::string_view formula(Kind kind) {
    switch (kind) {
        case Kind::constant: return "alpha = alpha0";
        case Kind::time_based: return "alpha = alpha0 / (1 + k (i - 1))";
        case Kind::exponential: return "alpha = k^(i - 1) alpha0";
        case Kind::inverse_sqrt_epoch: return "alpha = k alpha0 / sqrt(i)";
        case Kind::inverse_sqrt_batch: return "alpha = k alpha0 / sqrt(t)";
        case Kind::staircase: return "alpha = k^floor((i - 1) / L) alpha0";
    }
    return "?";
}

inline bool uses_k(Kind kind) { return kind != Kind::constant; }
inline bool uses_L(Kind kind) { return kind == Kind::staircase; }

struct Schedule {
    Kind kind = Kind::constant;
    double alpha0 = 0.1;   // alpha at i = 1 (k alpha0 for the inverse square roots)
    double k = 1;          // decay rate; unused by constant
    std::size_t L = 1;     // staircase only: epochs per step

    // alpha for epoch i and mini-batch t (both from 1); an epoch schedule ignores t.
    double alpha(std::size_t i, std::size_t t) const;
    // Whether alpha changes at every mini-batch (t) rather than once per epoch (i).
    bool per_minibatch() const { return kind == Kind::inverse_sqrt_batch; }
    // The alpha_at(i, t) that gradient_descent::train calls before each step.
    template <class T = double>
    gradient_descent::AlphaSchedule<T> as_alpha_at() const;
};

// alpha of schedule s at epoch i, mini-batch t, computed in T (double, or float).
template <class T>
T alpha(const Schedule& s, std::size_t i, std::size_t t) {
    const T alpha0 = T(s.alpha0), k = T(s.k);
    switch (s.kind) {
        case Kind::constant: return alpha0;
        case Kind::time_based: return alpha_time_based(alpha0, k, i);
        case Kind::exponential: return alpha_exponential(alpha0, k, i);
        case Kind::inverse_sqrt_epoch: return alpha_inverse_sqrt_epoch(alpha0, k, i);
        case Kind::inverse_sqrt_batch: return alpha_inverse_sqrt_batch(alpha0, k, t);
        case Kind::staircase: return alpha_staircase(alpha0, k, s.L, i);
    }
    return alpha0;
}

inline double Schedule::alpha(std::size_t i, std::size_t t) const {
    return decay::alpha<double>(*this, i, t);
}

template <class T>
gradient_descent::AlphaSchedule<T> Schedule::as_alpha_at() const {
    return [s = *this](std::size_t i, std::size_t t) { return decay::alpha<T>(s, i, t); };
}

// A Schedule whose settings make sense, or std::invalid_argument saying what to fix.
// Decision: for exponential and staircase, k > 1 is an error, not a warning: alpha would
// grow as k^(i-1) (doubling every epoch for k = 2) and the run would diverge; k = 1 is
// allowed and keeps alpha constant. For time-based decay any k > 0 decays; for the
// inverse square roots k only scales alpha (k alpha0 at the start), so k > 1 is allowed.
inline Schedule make_schedule(Kind kind, double alpha0, double k = 1, std::size_t L = 1) {
    const std::string who = std::string(name(kind)) + " schedule";
    auto number = [](double x) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", x);
        return std::string(buf);
    };
    if (!std::isfinite(alpha0) || alpha0 <= 0) {
        throw std::invalid_argument(who + ": alpha0 must be > 0 (got " + number(alpha0) +
                                    "); it is the learning rate at epoch 1, e.g. 0.1");
    }
    if (uses_k(kind)) {
        if (!std::isfinite(k) || k <= 0) {
            throw std::invalid_argument(who + ": k must be > 0 (got " + number(k) + "); " +
                                        std::string(formula(kind)) + " decays for k > 0");
        }
        if ((kind == Kind::exponential || kind == Kind::staircase) && k > 1) {
            throw std::invalid_argument(
                who + ": k must be <= 1 (got " + number(k) + "): " + std::string(formula(kind)) +
                " grows instead of decaying for k > 1; use 0 < k < 1, e.g. 0.9");
        }
    }
    if (uses_L(kind) && L < 1) {
        throw std::invalid_argument(who + ": L must be >= 1 (got " + std::to_string(L) +
                                    "); it is the number of epochs per step, e.g. 10");
    }
    return Schedule{.kind = kind, .alpha0 = alpha0, .k = uses_k(kind) ? k : 1,
                    .L = uses_L(kind) ? L : 1};
}

// The decaying schedules, in the order of the notes (and of --k's five values).
inline constexpr Kind decaying[] = {Kind::time_based, Kind::exponential,
                                    Kind::inverse_sqrt_epoch, Kind::inverse_sqrt_batch,
                                    Kind::staircase};

// The schedules a run compares: `which` decaying one ("all", or a name such as "staircase")
// and constant alpha last. k holds one value for all five or one each, in the order of
// `decaying`; each schedule is checked by make_schedule (std::invalid_argument if wrong).
inline std::vector<Schedule> make_schedules(std::string_view which, double alpha0,
                                            const std::vector<double>& k, std::size_t L) {
    if (k.size() != 1 && k.size() != 5) {
        throw std::invalid_argument("give one value for every schedule or five (time, "
                                    "exponential, inverse-sqrt-epoch, inverse-sqrt-batch, "
                                    "staircase), not " + std::to_string(k.size()));
    }
    std::vector<Schedule> schedules;
    for (std::size_t n = 0; n < 5; ++n) {
        if (which != "all" && which != name(decaying[n])) continue;
        const double k_n = k.size() == 1 ? k[0] : k[n];
        schedules.push_back(make_schedule(decaying[n], alpha0, k_n, L));
    }
    schedules.push_back(make_schedule(Kind::constant, alpha0));
    return schedules;
}

// ---- Training under a schedule -----------------------------------------------------

enum class Method { gd, momentum, rmsprop, adam };

// The method named on the command line: gd, momentum, rmsprop, adam.
inline Method method_named(std::string_view text) {
    return text == "momentum" ? Method::momentum
           : text == "rmsprop" ? Method::rmsprop
           : text == "adam"    ? Method::adam
                               : Method::gd;
}

inline std::string_view name(Method m) {
    switch (m) {
        case Method::gd: return "gd";
        case Method::momentum: return "momentum";
        case Method::rmsprop: return "rmsprop";
        case Method::adam: return "adam";
    }
    return "?";
}

// The update that takes alpha from the schedule, with the settings it runs with.
inline std::string_view rule(Method m) {
    switch (m) {
        case Method::gd: return "theta := theta - alpha dtheta";
        case Method::momentum: return "momentum, beta = 0.9";
        case Method::rmsprop: return "RMSprop, beta2 = 0.999, eps = 1e-8 in the root";
        case Method::adam: return "Adam, beta1 = 0.9, beta2 = 0.999, eps = 1e-8";
    }
    return "";
}

// RMSprop and Adam move each coordinate by about alpha per step, whatever the gradient's
// size; the diabetes intercept sits near 152, so they get a larger alpha0 by default.
// This program's own choice, not the notes'.
inline double default_alpha0(Method m) {
    return (m == Method::rmsprop || m == Method::adam) ? 1.0 : 0.1;
}

// The method's name in a title; plain GD by how many examples feed a step: "Batch GD" for
// m_t >= m, "Stochastic GD" for m_t = 1, else "Mini-batch GD".
inline std::string method_title(Method method, std::size_t m_t, std::size_t m) {
    switch (method) {
        case Method::gd:
            return m_t >= m ? "Batch GD" : m_t == 1 ? "Stochastic GD" : "Mini-batch GD";
        case Method::momentum: return "Momentum";
        case Method::rmsprop: return "RMSprop";
        case Method::adam: return "Adam";
    }
    return "";
}

// theta after the last epoch, cost and theta after each epoch, and alpha: the schedule's
// alpha at the last step.
using Run = gradient_descent::Run<double>;

// Trains from theta = 0 on `data` with mini-batches of m_t, the optimizer `method` (with
// chapters 03-05's defaults: beta = 0.9, beta1 = 0.9, beta2 = 0.999, eps = 1e-8) taking its
// alpha from s before every step. A new order of the examples every epoch, drawn from `seed`.
inline Run train(const Schedule& s, Method method,
                 const gradient_descent::Dataset<double>& data, std::size_t epochs,
                 std::size_t m_t, std::uint64_t seed) {
    const gradient_descent::TrainOptions options{.epochs = epochs, .batch_size = m_t,
                                                 .shuffle = true};
    auto go = [&](auto optimizer) {
        optimizer.hyper.alpha = s.alpha0;
        return gradient_descent::train_from_zero(data, optimizer, options, seed,
                                                 s.as_alpha_at());
    };
    switch (method) {
        case Method::gd: return go(gradient_descent::Sgd<double>{});
        case Method::momentum: return go(momentum::Momentum<double>{});
        case Method::rmsprop: return go(rmsprop::RmsProp<double>{});
        case Method::adam: return go(adam::Adam<double>{});
    }
    return {};
}

// ---- What a run under each schedule showed ------------------------------------------
// The values and sentences the chapter program prints: each sentence picks its words from
// the numbers of the run, so it stays true under any flags and any data.

// What the formula takes besides alpha0: "k = 0.5, L = 10"; "" for constant alpha.
inline std::string settings(const Schedule& s) {
    std::string text = uses_k(s.kind) ? "k = " + common::report::g(s.k) : "";
    if (uses_L(s.kind)) text += ", L = " + std::to_string(s.L);
    return text;
}

// "staircase, k = 0.5, L = 10": a legend entry, a row of the final table, a sentence's name.
inline std::string label(const Schedule& s) {
    const std::string rest = settings(s);
    return std::string(name(s.kind)) + (rest.empty() ? "" : ", " + rest);
}

// The sum of alpha over all steps of `epochs` epochs of T mini-batches: how far the steps
// can carry theta in all. A schedule with a smaller sum has decayed sooner.
inline double alpha_sum(const Schedule& s, std::size_t epochs, std::size_t T) {
    double sum = 0;
    for (std::size_t i = 1; i <= epochs; ++i) {
        for (std::size_t t = (i - 1) * T + 1; t <= i * T; ++t) sum += s.alpha(i, t);
    }
    return sum;
}

// alpha as a curve over epochs 1 .. epochs of T mini-batches, epoch i spanning [i, i + 1)
// on the x axis: an epoch schedule holds alpha for the whole epoch (a step); one that
// changes per mini-batch t has its t'-th mini-batch of epoch i at x = i + (t' - 1) / T.
struct Curve {
    std::vector<double> x, y;
};

inline Curve alpha_curve(const Schedule& s, std::size_t epochs, std::size_t T) {
    Curve c;
    for (std::size_t i = 1; i <= epochs; ++i) {
        for (std::size_t t = (i - 1) * T + 1; t <= i * T; ++t) {
            if (!s.per_minibatch() && t != (i - 1) * T + 1) continue;
            c.x.push_back(double(i) + double(t - (i - 1) * T - 1) / double(T));
            c.y.push_back(s.alpha(i, t));
        }
        c.x.push_back(double(i + 1));  // alpha holds until the next epoch starts
        c.y.push_back(c.y.back());
    }
    return c;
}

// One schedule's run, summed up.
struct Outcome {
    Schedule schedule;
    Run run;
    double final_J = std::numeric_limits<double>::quiet_NaN();
    double excess = std::numeric_limits<double>::quiet_NaN();    // J - J(theta_ols), the end
    double rises = std::numeric_limits<double>::quiet_NaN();     // of J, last 10 epochs
    double distance = std::numeric_limits<double>::quiet_NaN();  // ||theta - theta_ols||

    bool diverged() const { return run.history.diverged_at != 0; }
};

inline Outcome outcome(const Schedule& s, Run run, const std::vector<double>& theta_ols,
                       double J_ols) {
    Outcome o{.schedule = s, .run = std::move(run)};
    if (o.diverged()) return o;
    const std::vector<double>& cost = o.run.history.cost;
    o.final_J = cost.back();
    o.excess = cost.back() - J_ols;
    o.rises = gradient_descent::rises_last(cost, 10);
    o.distance = gradient_descent::distance(o.run.theta, theta_ols);
    return o;
}

// What the sentences need to know about the run besides the outcomes.
struct RunFacts {
    Method method = Method::gd;
    std::size_t m = 0, m_t = 0, epochs = 0;
    double lambda_max = 0;   // of the Hessian X X^T / m
    std::size_t T() const { return gradient_descent::mini_batches(m, m_t).size(); }
    bool full_batch() const { return m_t >= m; }   // no mini-batch noise
};

// The one line that reports a diverged schedule, with what is known about the limit on
// alpha for this optimizer and m_t: only plain GD on all m examples has one, 2 / lambda_max.
inline std::string divergence_line(const Outcome& o, const RunFacts& f) {
    using common::report::g;
    const auto& h = o.run.history;
    const std::string limit =
        f.method == Method::gd && f.full_batch()
            ? "plain GD with m_t = m needs alpha < 2 / lambda_max = " + g(2 / f.lambda_max, 4)
            : "no limit on alpha is known for " + std::string(name(f.method)) +
                  " with m_t = " + std::to_string(f.m_t);
    return "The " + label(o.schedule) + " schedule diverged: J became " +
           (std::isnan(h.cost.back()) ? "NaN" : "Inf") + " at epoch " +
           std::to_string(h.diverged_at) + " with alpha = " + g(h.diverged_alpha) + " (" +
           limit + ").";
}

// Whether any schedule ended finite and below J_start = J(theta = 0), where all start.
inline bool any_progress(const std::vector<Outcome>& outcomes, double J_start) {
    for (const Outcome& o : outcomes) {
        if (!o.diverged() && o.final_J < J_start) return true;
    }
    return false;
}

// The line that stops the program when no schedule got below J(theta = 0): a start 4 times
// lower, and for plain GD and momentum also below batch GD's limit 2 / lambda_max.
inline std::string no_progress_line(const RunFacts& f, double alpha0, double J_start) {
    using common::report::g;
    const bool plain = f.method == Method::gd || f.method == Method::momentum;
    const double suggest = plain ? std::min(alpha0, 2 / f.lambda_max) / 4 : alpha0 / 4;
    return "no schedule ended below J(theta = 0) = " + g(J_start) + " with alpha0 = " +
           g(alpha0) + "; start lower: try --alpha0 " + g(suggest, 2) + ".";
}

// The table after training: its heading, and one row per schedule ("diverged" for a run
// that did). Numbers too large for their decimals are printed in %g.
inline std::string table_heading() {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-30s %12s %13s %10s %9s %11s", "schedule", "final J",
                  "J - J_ols", "rises", "distance", "final alpha");
    return buf;
}

inline std::string table_row(const Outcome& r) {
    using common::report::g;
    char buf[256];
    if (r.diverged()) {
        std::snprintf(buf, sizeof buf, "  %-30s %12s", label(r.schedule).c_str(), "diverged");
        return buf;
    }
    auto num = [](double x, int decimals) {
        return std::abs(x) < 1e7 ? common::report::fixed(x, decimals) : g(x, 4);
    };
    std::snprintf(buf, sizeof buf, "  %-30s %12s %13s %10.4g %9s %11.4g",
                  label(r.schedule).c_str(), num(r.final_J, 4).c_str(), num(r.excess, 4).c_str(),
                  r.rises, num(r.distance, 3).c_str(), r.run.alpha);
    return buf;
}

// The runs the story is told with: constant alpha, and the decaying schedules that ended
// lowest (best) and highest (worst) in J; diverged runs are left out (nullptr if none).
struct Picks {
    const Outcome* constant = nullptr;
    const Outcome* best = nullptr;
    const Outcome* worst = nullptr;
};

inline Picks picks(const std::vector<Outcome>& outcomes) {
    Picks p;
    for (const Outcome& o : outcomes) {
        if (o.diverged()) continue;
        if (o.schedule.kind == Kind::constant) {
            p.constant = &o;
        } else {
            if (!p.best || o.excess < p.best->excess) p.best = &o;
            if (!p.worst || o.excess > p.worst->excess) p.worst = &o;
        }
    }
    return p;
}

// Whether outcomes[n] is one of the picks: the terminal chart draws only those three.
inline bool in_story(const std::vector<Outcome>& outcomes, std::size_t n) {
    const Picks p = picks(outcomes);
    const Outcome* o = &outcomes[n];
    return o == p.constant || o == p.best || o == p.worst;
}

// The closing lines "What this run showed:".
inline std::vector<std::string> what_this_run_showed(const std::vector<Outcome>& outcomes,
                                                     const RunFacts& f) {
    using common::report::g;
    std::vector<std::string> lines;
    for (const Outcome& o : outcomes) {
        if (o.diverged()) {
            lines.push_back("The " + label(o.schedule) + " schedule diverged (epoch " +
                            std::to_string(o.run.history.diverged_at) +
                            "); the others ran on.");
        }
    }
    const auto [constant, best, worst] = picks(outcomes);
    if (!constant && best) {
        const Outcome* c = nullptr;
        for (const Outcome& o : outcomes) {
            if (o.schedule.kind == Kind::constant) c = &o;
        }
        if (c) {
            std::string line = "Constant alpha = " + g(c->schedule.alpha0) +
                               " diverged; of the decays, " + label(best->schedule) +
                               " ends lowest, at J - J(theta_ols) = " + g(best->excess, 4);
            if (worst != best) {
                line += ", and " + label(worst->schedule) + " highest, at " +
                        g(worst->excess, 4);
            }
            lines.push_back(line + ".");
        }
    }
    if (constant && !best) {
        lines.push_back("Only constant alpha = " + g(constant->schedule.alpha0) +
                        " ran: it ends at J - J(theta_ols) = " + g(constant->excess, 4) +
                        "; name a decaying --schedule (or all) to compare.");
    }
    if (!constant || !best) return lines;
    if (f.epochs < 20) {
        lines.push_back("Run 20 epochs or more (--epochs) to see how the schedules end.");
        return lines;
    }
    const std::string b = label(best->schedule);
    const bool decay_lower = best->excess < constant->excess;
    lines.push_back("Constant alpha = " + g(constant->schedule.alpha0) +
                    " ends at J - J(theta_ols) = " + g(constant->excess, 4) + "; the lowest "
                    "decay, " + b + ", ends at " + g(best->excess, 4) +
                    (decay_lower ? ": decay ends lower."
                                 : ": decay does not end lower here."));
    if (f.full_batch()) {
        const std::string m_t = f.m_t == f.m ? "m_t = m = " + std::to_string(f.m)
                                              : "m_t = " + std::to_string(f.m_t) +
                                                    " >= m = " + std::to_string(f.m);
        lines.push_back("With " + m_t + " every step uses the exact gradient: there is no "
                        "mini-batch noise for decay to calm" +
                        (decay_lower ? "." : ", and the shrinking steps only slow the run."));
    } else {
        const bool calmer = best->rises < 0.5 * constant->rises;
        lines.push_back(
            "Over the last 10 epochs J rose by " + g(constant->rises, 4) +
            " in all under constant alpha and by " + g(best->rises, 4) + " under " + b +
            ": " +
            (calmer ? "with alpha held at " + g(constant->schedule.alpha0) +
                          " each step moves the full alpha along one noisy gradient of m_t = " +
                          std::to_string(f.m_t) + (f.m_t == 1 ? " example" : " examples") +
                          (decay_lower ? "; decay shrinks those steps and calms it."
                                       : "; decay shrinks those steps and calms it, yet ends "
                                         "higher: here the noise costs less than the smaller "
                                         "steps.")
                    : "here decay did not calm the mini-batch noise (m_t = " +
                          std::to_string(f.m_t) + ")."));
    }
    if (worst != best) {
        const double sum_w = alpha_sum(worst->schedule, f.epochs, f.T());
        const double sum_b = alpha_sum(best->schedule, f.epochs, f.T());
        const std::string w = label(worst->schedule);
        const std::string times = g(worst->excess / best->excess, 3) + " times that of " + b;
        const std::string sums = "(alpha summed over all steps: " + g(sum_w, 4) +
                                 " against " + g(sum_b, 4) + ")";
        if (sum_w < sum_b) {
            lines.push_back("Too fast a decay stalls: " + w + " ends at " +
                            g(worst->excess, 4) + ", " + times + " " + sums + ".");
        } else if (!f.full_batch() && worst->rises > best->rises) {
            lines.push_back("Too slow a decay stays noisy: " + w + " ends at " +
                            g(worst->excess, 4) + ", " + times + ", its J rising by " +
                            g(worst->rises, 4) + " over the last 10 epochs " + sums + ".");
        } else {
            lines.push_back(w + " ends highest of the decays, at " + g(worst->excess, 4) +
                            ", " + times + " " + sums + ".");
        }
    }
    // Nearer theta_ols and lower in J need not go together: say which it was.
    const bool c_nearer = constant->distance < best->distance;
    const Outcome& near = c_nearer ? *constant : *best;
    const Outcome& far = c_nearer ? *best : *constant;
    const std::string near_name = c_nearer ? "The constant run" : "The " + b + " run";
    const bool near_lower = near.final_J < far.final_J;
    lines.push_back(near_name + " ends nearer theta_ols (" + g(near.distance, 4) +
                    " against " + g(far.distance, 4) + ")" + (near_lower ? " and " : " yet ") +
                    (near_lower ? "lower" : "higher") + " in J (" + g(near.final_J) +
                    " against " + g(far.final_J) + ")" +
                    (near_lower ? "."
                                : ": J changes little along some directions of theta, so a "
                                  "lower J need not mean a theta nearer theta_ols."));
    return lines;
}

}  // namespace decay
