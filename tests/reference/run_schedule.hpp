// run_schedule.hpp: runs a `schedule` case (FORMAT.md) through the schedules of
// chapters/06-learning-rate-decay. The notes' five: the case's settings go through
// decay::make_schedule (which checks them), and alpha for i (or t) = 1..N is computed in T by
// decay::alpha. Beyond the notes, cosine and warmup_cosine: decay::alpha_cosine and
// decay::alpha_warmup_cosine, given their settings in T.
// A case holds exactly the keys its schedule uses; a missing or stray key is an error.
#pragma once

#include <cmath>
#include <cstddef>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "chapters/06-learning-rate-decay/learning_rate_decay.hpp"
#include "tests/reference/compare.hpp"

namespace reference {

namespace schedule_detail {

// The keys each schedule needs, beyond `schedule` and the matrix `lr`.
inline const std::map<std::string, std::set<std::string>>& schedule_keys() {
    static const std::map<std::string, std::set<std::string>> keys = {
        {"time", {"lr0", "k"}},
        {"exponential", {"lr0", "k"}},
        {"inverse_sqrt_epoch", {"lr0", "k"}},
        {"inverse_sqrt_batch", {"lr0", "k"}},
        {"staircase", {"lr0", "k", "step_length"}},
        // beyond the notes
        {"cosine", {"lr0", "lr_min", "T_max"}},
        {"warmup_cosine", {"lr0", "lr_min", "warmup", "total"}},
    };
    return keys;
}

// "a, b or c": the names of `keys` that satisfy `pick`.
template <class Pick>
std::string names_where(Pick pick) {
    std::string list;
    std::size_t count = 0, k = 0;
    for (const auto& [name, needs] : schedule_keys()) count += pick(name, needs) ? 1 : 0;
    for (const auto& [name, needs] : schedule_keys()) {
        if (!pick(name, needs)) continue;
        list += (k == 0 ? "" : k + 1 == count ? " or " : ", ") + name;
        ++k;
    }
    return list;
}

// Every key the schedule needs is there, and no other (a `k` in a cosine case, a `T_max` in
// a warmup_cosine case) is silently ignored.
inline void check_keys(const Case& c, const std::string& schedule) {
    const std::set<std::string>& need = schedule_keys().at(schedule);
    for (const std::string& key : need) {
        if (!c.has(key)) {
            throw ReferenceError(c.where("schedule") + ": case " + c.name + " (schedule " +
                                 schedule + ") lacks `" + key + "`");
        }
    }
    for (const auto& entry : c.lines) {
        const std::string& key = entry.first;
        if (key == "schedule" || key == "lr" || need.count(key)) continue;
        const std::string users = names_where(
            [&](const std::string&, const std::set<std::string>& needs) {
                return needs.count(key) > 0;
            });
        throw ReferenceError(c.where(key) + ": `" + key + "` is not used by schedule " +
                             schedule + ", only by " + users + " (case " + c.name + ")");
    }
}

// The number `key` as a whole number >= least.
inline std::size_t whole_number(const Case& c, const std::string& key, double least) {
    const double x = c.number(key);
    if (!(x >= least && x <= 1e9) || x != std::floor(x)) {
        throw ReferenceError(c.where(key) + ": " + key + " must be a whole number >= " +
                             common::Checker::fmt(least) + " (got " + common::Checker::fmt(x) +
                             ")");
    }
    return std::size_t(x);
}

// alpha0 and alpha_min of a cosine schedule: 0 <= alpha_min <= alpha0.
inline void check_cosine_rates(const Case& c) {
    const double lr0 = c.number("lr0"), lr_min = c.number("lr_min");
    if (!(std::isfinite(lr0) && lr0 >= 0)) {
        throw ReferenceError(c.where("lr0") + ": lr0 must be >= 0 (got " +
                             common::Checker::fmt(lr0) + ")");
    }
    if (!(lr_min >= 0 && lr_min <= lr0)) {
        throw ReferenceError(c.where("lr_min") + ": lr_min must be between 0 and lr0 = " +
                             common::Checker::fmt(lr0) + " (got " +
                             common::Checker::fmt(lr_min) + ")");
    }
}

}  // namespace schedule_detail

template <class T>
Outcome run_schedule(const Case& c) {
    using namespace schedule_detail;
    // The case's names (FORMAT.md) for the chapter's schedules; constant is not a case.
    static const std::map<std::string, decay::Kind> kinds = {
        {"time", decay::Kind::time_based},
        {"exponential", decay::Kind::exponential},
        {"inverse_sqrt_epoch", decay::Kind::inverse_sqrt_epoch},
        {"inverse_sqrt_batch", decay::Kind::inverse_sqrt_batch},
        {"staircase", decay::Kind::staircase},
    };
    const std::string& name = c.word("schedule");
    if (!schedule_keys().count(name)) {
        throw ReferenceError(c.where("schedule") + ": unknown schedule `" + name +
                             "` (expected " + names_where([](auto&, auto&) { return true; }) +
                             ")");
    }
    check_keys(c, name);

    // lr holds alpha for i = 1..N (epoch schedules) or t = 1..N (inverse_sqrt_batch,
    // warmup_cosine).
    const auto& lr = c.matrix("lr");
    if (lr.rows() != 1) {
        throw ReferenceError(c.where("lr") + ": matrix lr is " +
                             common::shape(lr.rows(), lr.cols()) +
                             ", expected one row (1 x N: alpha for i or t = 1..N)");
    }
    const std::size_t N = lr.cols();
    Outcome out;
    auto compare = [&](std::size_t n, double got) {
        out.compare("lr[" + std::to_string(n) + "]", lr(0, n - 1), got);
    };

    if (name == "cosine") {
        check_cosine_rates(c);
        const std::size_t T_max = whole_number(c, "T_max", 1);
        if (N > T_max + 1) {  // past i = T_max + 1 the formula rises again: no case pins it
            throw ReferenceError(c.where("lr") + ": matrix lr has " + std::to_string(N) +
                                 " columns, more than T_max + 1 = " + std::to_string(T_max + 1) +
                                 " (case " + c.name + ")");
        }
        const T alpha0 = T(c.number("lr0")), alpha_min = T(c.number("lr_min"));
        try {
            for (std::size_t i = 1; i <= N; ++i) {
                compare(i, double(decay::alpha_cosine(alpha0, alpha_min, T_max, i)));
            }
        } catch (const std::invalid_argument& e) {
            throw ReferenceError(c.where("schedule") + ": case " + c.name + ": " + e.what());
        }
        return out;
    }
    if (name == "warmup_cosine") {
        check_cosine_rates(c);
        const std::size_t total = whole_number(c, "total", 2);
        const std::size_t W = whole_number(c, "warmup", 1);
        if (W >= total) {
            throw ReferenceError(c.where("warmup") + ": warmup must be less than total = " +
                                 std::to_string(total) + " (got " + std::to_string(W) + ")");
        }
        if (N != total) {
            throw ReferenceError(c.where("lr") + ": matrix lr has " + std::to_string(N) +
                                 " columns, expected total = " + std::to_string(total) +
                                 " (case " + c.name + ")");
        }
        const T alpha0 = T(c.number("lr0")), alpha_min = T(c.number("lr_min"));
        try {
            for (std::size_t t = 1; t <= N; ++t) {
                compare(t, double(decay::alpha_warmup_cosine(alpha0, alpha_min, W, total, t)));
            }
        } catch (const std::invalid_argument& e) {
            throw ReferenceError(c.where("schedule") + ": case " + c.name + ": " + e.what());
        }
        return out;
    }

    const decay::Kind kind = kinds.at(name);
    const std::size_t L = decay::uses_L(kind) ? whole_number(c, "step_length", 1) : 1;
    decay::Schedule s;
    try {
        s = decay::make_schedule(kind, c.number("lr0"), c.number("k"), L);
    } catch (const std::invalid_argument& e) {
        throw ReferenceError(c.where("k") + ": case " + c.name + ": " + e.what());
    }
    // n is passed as both i and t, and each schedule reads the one it uses.
    for (std::size_t n = 1; n <= N; ++n) compare(n, double(decay::alpha<T>(s, n, n)));
    return out;
}

}  // namespace reference
