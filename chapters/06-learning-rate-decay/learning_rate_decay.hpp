// learning_rate_decay.hpp: the notes' section on it, learning-rate decay. The five schedules
// of the notes, one function each (epoch i and mini-batch t both count from 1, t across
// epochs): time-based, exponential, inverse square root by epoch and by mini-batch, and
// the discrete staircase; a Schedule value that picks one (or a constant alpha), checks
// its settings and hands gradient_descent::train its alpha_at(i, t). Any optimizer of chapters
// 03-05 takes its alpha from it. Then what the chapter measures with them: a run under each
// schedule (Outcome: final J, J - J(theta_ols), the rises of J, the distance to theta_ols),
// the sum of alpha over a run, and the runs the story is told with (Picks). What the program
// prints and draws from these is in story.hpp. Beyond the notes: cosine annealing and
// linear warmup then cosine (below the notes' five). Leaves out: cyclic schedules.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/05-adam/adam.hpp"
#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/01-gradient-descent/train.hpp"

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

// ---- Beyond the notes: cosine annealing, and linear warmup then cosine ---------------
// Two schedules the notes do not state but a learner meets next (torch.optim.lr_scheduler):
//   cosine:        alpha = alpha_min + (alpha0 - alpha_min)(1 + cos(pi (i - 1) / T_max)) / 2
//                  by epoch i: alpha0 at i = 1, alpha_min at i = T_max + 1 (past it the
//                  formula rises again, as torch's closed form does);
//   warmup_cosine: alpha = alpha0 t / W for mini-batch t = 1..W, then the cosine above from
//                  alpha0 at t = W to alpha_min at t = N, with T_max = N - W.
// In torch: cosine is CosineAnnealingLR(T_max, eta_min=alpha_min) stepped once an epoch;
// warmup_cosine (W >= 2) is SequentialLR of LinearLR(start_factor=1/W, total_iters=W-1) and
// CosineAnnealingLR(T_max=N-W, eta_min=alpha_min), milestones=[W-1], stepped every mini-batch.
// alpha_min's type is taken from alpha0's, so alpha_cosine(0.1, 0, 99, i) is a double.

template <class T>
T alpha_cosine(T alpha0, std::type_identity_t<T> alpha_min, std::size_t T_max, std::size_t i) {
    check_counts_from_1(i, "epoch i");
    if (T_max == 0) throw std::invalid_argument("cosine: T_max must be >= 1 (got 0)");
    // EXERCISE learning-rate-decay: cosine: alpha = alpha_min + (alpha0 - alpha_min)(1 + cos(pi (i - 1) / T_max)) / 2
    const T angle = std::numbers::pi_v<T> * T(i - 1) / T(T_max);
    return alpha_min + (alpha0 - alpha_min) * (T(1) + std::cos(angle)) / T(2);
    // END EXERCISE, stub: return alpha0;
}

// Linear warmup over the first W mini-batches, then alpha_cosine with T_max = N - W, counted
// from t = W (alpha0) to t = N (alpha_min): cosine epoch i - 1 = t - W.
template <class T>
T alpha_warmup_cosine(T alpha0, std::type_identity_t<T> alpha_min, std::size_t W,
                      std::size_t N, std::size_t t) {
    check_counts_from_1(t, "mini-batch t");
    if (W == 0 || W >= N) {
        throw std::invalid_argument("warmup_cosine: needs 1 <= W < N (got W = " +
                                    std::to_string(W) + ", N = " + std::to_string(N) + ")");
    }
    if (t <= W) return alpha0 * T(t) / T(W);
    return alpha_cosine(alpha0, alpha_min, N - W, t - W + 1);
}

// ---- One schedule as a value -------------------------------------------------------

enum class Kind { constant, time_based, exponential, inverse_sqrt_epoch, inverse_sqrt_batch,
                  staircase, cosine, warmup_cosine };

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
        case Kind::cosine: return "cosine";
        case Kind::warmup_cosine: return "warmup-cosine";
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
        case Kind::cosine:
            return "alpha = alpha_min + (alpha0 - alpha_min)(1 + cos(pi (i - 1) / T_max)) / 2";
        case Kind::warmup_cosine:
            return "alpha0 t / W for t <= W, then cosine from t = W to t = N";
    }
    return "?";
}

inline bool is_cosine(Kind kind) { return kind == Kind::cosine || kind == Kind::warmup_cosine; }
inline bool uses_k(Kind kind) { return kind != Kind::constant && !is_cosine(kind); }
inline bool uses_L(Kind kind) { return kind == Kind::staircase; }

struct Schedule {
    Kind kind = Kind::constant;
    double alpha0 = 0.1;   // alpha at i = 1 (k alpha0 for the inverse square roots)
    double k = 1;          // decay rate; unused by constant
    std::size_t L = 1;     // staircase only: epochs per step
    double alpha_min = 0;  // cosine and warmup_cosine: where the cosine ends
    std::size_t T_max = 1;   // cosine only: alpha_min at epoch T_max + 1
    std::size_t warmup = 1;  // warmup_cosine only: W, the mini-batches of the linear warmup
    std::size_t total = 2;   // warmup_cosine only: N, alpha_min at mini-batch N

    // alpha for epoch i and mini-batch t (both from 1); an epoch schedule ignores t.
    double alpha(std::size_t i, std::size_t t) const;
    // Whether alpha changes at every mini-batch (t) rather than once per epoch (i).
    bool per_minibatch() const {
        return kind == Kind::inverse_sqrt_batch || kind == Kind::warmup_cosine;
    }
    // The alpha_at(i, t) that gradient_descent::train calls before each step.
    template <class T = double>
    gradient_descent::AlphaSchedule<T> as_alpha_at() const;
};

// alpha of schedule s at epoch i, mini-batch t, as T (double, or float): computed in double
// from the schedule's double settings and rounded once to T, so a float run gets the float
// nearest the schedule's alpha (as torch.optim.lr_scheduler's Python-float rates).
template <class T>
T alpha(const Schedule& s, std::size_t i, std::size_t t) {
    const double alpha0 = s.alpha0, k = s.k;
    switch (s.kind) {
        case Kind::constant: return T(alpha0);
        case Kind::time_based: return T(alpha_time_based(alpha0, k, i));
        case Kind::exponential: return T(alpha_exponential(alpha0, k, i));
        case Kind::inverse_sqrt_epoch: return T(alpha_inverse_sqrt_epoch(alpha0, k, i));
        case Kind::inverse_sqrt_batch: return T(alpha_inverse_sqrt_batch(alpha0, k, t));
        case Kind::staircase: return T(alpha_staircase(alpha0, k, s.L, i));
        case Kind::cosine: return T(alpha_cosine(alpha0, s.alpha_min, s.T_max, i));
        case Kind::warmup_cosine:
            return T(alpha_warmup_cosine(alpha0, s.alpha_min, s.warmup, s.total, t));
    }
    return T(alpha0);
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
// Valid but degenerate settings run and give the obvious result: alpha0 = 0 (nothing
// moves), time-based k = 0 (a constant alpha0), exponential k = 0 (alpha0 in epoch 1, then
// 0), staircase k = 0 (alpha0 for L epochs, then 0), inverse square root k = 0 (alpha = 0).
// Refused, as meaningless: k < 0 (a negative alpha, or one that flips sign every epoch; in
// time-based decay 1 + k (i - 1) reaches 0) and alpha0 < 0 (steps uphill).
inline Schedule make_schedule(Kind kind, double alpha0, double k = 1, std::size_t L = 1) {
    const std::string who = std::string(name(kind)) + " schedule";
    if (is_cosine(kind)) {
        throw std::invalid_argument(who + ": made by make_cosine or make_warmup_cosine, which "
                                    "take alpha_min, T_max or W and N");
    }
    auto number = [](double x) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", x);
        return std::string(buf);
    };
    if (!std::isfinite(alpha0) || alpha0 < 0) {
        throw std::invalid_argument(who + ": alpha0 must be >= 0 (got " + number(alpha0) +
                                    "): a negative learning rate steps uphill; alpha0 is "
                                    "the learning rate at epoch 1, e.g. 0.1");
    }
    if (uses_k(kind)) {
        if (!std::isfinite(k) || k < 0) {
            throw std::invalid_argument(
                who + ": k must be >= 0 (got " + number(k) + "): " +
                std::string(formula(kind)) + " would make alpha negative or flip its sign; "
                "k = 0 is allowed (for time-based decay a constant alpha0)");
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

// Beyond the notes: the cosine schedules, checked. alpha0 as in make_schedule; alpha_min
// in [0, alpha0] (above alpha0 the "decay" would rise); cosine: T_max >= 1; warmup_cosine:
// 1 <= W < N. std::invalid_argument says what to fix.
inline void check_cosine(const std::string& who, double alpha0, double alpha_min) {
    make_schedule(Kind::constant, alpha0);  // alpha0's checks
    if (!std::isfinite(alpha_min) || alpha_min < 0 || alpha_min > alpha0) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%s: alpha_min must be between 0 and alpha0 = %g "
                      "(got %g): the cosine falls from alpha0 to alpha_min", who.c_str(),
                      alpha0, alpha_min);
        throw std::invalid_argument(buf);
    }
}

inline Schedule make_cosine(double alpha0, double alpha_min, std::size_t T_max) {
    check_cosine("cosine schedule", alpha0, alpha_min);
    if (T_max < 1) {
        throw std::invalid_argument("cosine schedule: T_max must be >= 1 (got 0); alpha "
                                    "reaches alpha_min at epoch T_max + 1, e.g. epochs - 1");
    }
    return Schedule{.kind = Kind::cosine, .alpha0 = alpha0, .alpha_min = alpha_min,
                    .T_max = T_max};
}

inline Schedule make_warmup_cosine(double alpha0, double alpha_min, std::size_t W,
                                   std::size_t N) {
    check_cosine("warmup-cosine schedule", alpha0, alpha_min);
    if (W < 1 || W >= N) {
        throw std::invalid_argument("warmup-cosine schedule: the warmup W must be at least 1 "
                                    "and below the run's N = " + std::to_string(N) +
                                    " mini-batches (got W = " + std::to_string(W) + ")");
    }
    return Schedule{.kind = Kind::warmup_cosine, .alpha0 = alpha0, .alpha_min = alpha_min,
                    .warmup = W, .total = N};
}

// The settings of the two cosine schedules in a run: alpha_min, T_max (cosine, by epoch),
// W and N (warmup_cosine, by mini-batch).
struct CosineSettings {
    double alpha_min = 0;
    std::size_t T_max = 1, warmup = 1, total = 2;
};

// The settings of a run of `epochs` epochs of T mini-batches (N = epochs T); T_max = 0 and
// W = 0 ask for the program's defaults: T_max = epochs - 1 (alpha_min at the last epoch, at
// least 1) and W = T, one epoch of warmup (at most N - 1, at least 1).
inline CosineSettings cosine_settings(double alpha_min, std::size_t T_max, std::size_t W,
                                      std::size_t epochs, std::size_t T) {
    const std::size_t N = epochs * T;
    return {.alpha_min = alpha_min,
            .T_max = T_max ? T_max : std::max<std::size_t>(1, epochs - 1),
            .warmup = W ? W : std::max<std::size_t>(1, std::min(T, N - 1)), .total = N};
}

// The decaying schedules, in the order of the notes (and of --k's five values).
inline constexpr Kind decaying[] = {Kind::time_based, Kind::exponential,
                                    Kind::inverse_sqrt_epoch, Kind::inverse_sqrt_batch,
                                    Kind::staircase};

// The schedules a run compares: `which` decaying one ("all", or a name such as "staircase")
// and constant alpha last; "all" has the notes' five, then cosine and warmup_cosine (with
// `cosine`'s settings). k holds one value for all five or one each, in the order of
// `decaying`; each schedule is checked by make_schedule (std::invalid_argument if wrong).
inline std::vector<Schedule> make_schedules(std::string_view which, double alpha0,
                                            const std::vector<double>& k, std::size_t L,
                                            const CosineSettings& cosine) {
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
    if (which == "all" || which == "cosine") {
        schedules.push_back(make_cosine(alpha0, cosine.alpha_min, cosine.T_max));
    }
    // With "all", a run of one mini-batch in all (N = 1) has no room for a warmup: left out.
    if ((which == "all" && cosine.total >= 2) || which == "warmup-cosine") {
        schedules.push_back(make_warmup_cosine(alpha0, cosine.alpha_min, cosine.warmup,
                                               cosine.total));
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

// RMSprop and Adam move each coordinate by about alpha per step, whatever the gradient's
// size; the diabetes intercept sits near 152, so they get a larger alpha0 by default.
// This program's own choice, not the notes'.
inline double default_alpha0(Method m) {
    return (m == Method::rmsprop || m == Method::adam) ? 1.0 : 0.1;
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

// ---- What a run under each schedule measured -------------------------------------

// The sum of alpha over all steps of `epochs` epochs of T mini-batches: how far the steps
// can carry theta in all. A schedule with a smaller sum has decayed sooner.
inline double alpha_sum(const Schedule& s, std::size_t epochs, std::size_t T) {
    double sum = 0;
    for (std::size_t i = 1; i <= epochs; ++i) {
        for (std::size_t t = (i - 1) * T + 1; t <= i * T; ++t) sum += s.alpha(i, t);
    }
    return sum;
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

// The run besides its outcomes: the optimizer, m, m_t, the epochs and lambda_max.
struct RunFacts {
    Method method = Method::gd;
    std::size_t m = 0, m_t = 0, epochs = 0;
    double lambda_max = 0;   // of the Hessian X X^T / m
    std::size_t T() const { return gradient_descent::mini_batches(m, m_t).size(); }
    bool full_batch() const { return m_t >= m; }   // no mini-batch noise
};

// Whether any schedule ended finite and below J_start = J(theta = 0), where all start.
inline bool any_progress(const std::vector<Outcome>& outcomes, double J_start) {
    for (const Outcome& o : outcomes) {
        if (!o.diverged() && o.final_J < J_start) return true;
    }
    return false;
}

// The alpha0 to try when no schedule got below J(theta = 0): a start 4 times lower, and for
// plain GD and momentum also below batch GD's limit 2 / lambda_max.
inline double suggested_alpha0(const RunFacts& f, double alpha0) {
    const bool plain = f.method == Method::gd || f.method == Method::momentum;
    return plain ? std::min(alpha0, 2 / f.lambda_max) / 4 : alpha0 / 4;
}

// The runs the story is told with: constant alpha, and the notes' decaying schedules that
// ended lowest (best) and highest (worst) in J; diverged runs and the cosine schedules
// (told apart, under "Beyond the notes") are left out (nullptr if none).
struct Picks {
    const Outcome* constant = nullptr;
    const Outcome* best = nullptr;
    const Outcome* worst = nullptr;
};

inline Picks picks(const std::vector<Outcome>& outcomes) {
    Picks p;
    for (const Outcome& o : outcomes) {
        if (o.diverged() || is_cosine(o.schedule.kind)) continue;
        if (o.schedule.kind == Kind::constant) {
            p.constant = &o;
        } else {
            if (!p.best || o.excess < p.best->excess) p.best = &o;
            if (!p.worst || o.excess > p.worst->excess) p.worst = &o;
        }
    }
    return p;
}

}  // namespace decay
