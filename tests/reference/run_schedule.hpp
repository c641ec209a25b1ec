// run_schedule.hpp: runs a `schedule` case (FORMAT.md) through the schedules of
// chapters/06-learning-rate-decay: the case's settings go through decay::make_schedule
// (which checks them), and alpha for i (or t) = 1..N is computed in T by decay::alpha.
#pragma once

#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include "chapters/06-learning-rate-decay/learning_rate_decay.hpp"
#include "tests/reference/compare.hpp"

namespace reference {

template <class T>
Outcome run_schedule(const Case& c) {
    // The case's names (FORMAT.md) for the chapter's schedules; constant is not a case.
    static const std::map<std::string, decay::Kind> kinds = {
        {"time", decay::Kind::time_based},
        {"exponential", decay::Kind::exponential},
        {"inverse_sqrt_epoch", decay::Kind::inverse_sqrt_epoch},
        {"inverse_sqrt_batch", decay::Kind::inverse_sqrt_batch},
        {"staircase", decay::Kind::staircase},
    };
    const std::string& name = c.word("schedule");
    const auto found = kinds.find(name);
    if (found == kinds.end()) {
        throw ReferenceError(c.where("schedule") + ": unknown schedule `" + name +
                             "` (expected time, exponential, inverse_sqrt_epoch, "
                             "inverse_sqrt_batch or staircase)");
    }
    const decay::Kind kind = found->second;

    std::size_t L = 1;
    if (decay::uses_L(kind)) {
        if (!c.has("step_length")) {
            throw ReferenceError(c.where("schedule") + ": case " + c.name + ": schedule " +
                                 "staircase needs `step_length` (L, epochs per step)");
        }
        const double step_length = c.number("step_length");
        if (!(step_length >= 1 && step_length <= 1e9) || step_length != std::floor(step_length)) {
            throw ReferenceError(c.where("step_length") +
                                 ": step_length must be a whole number >= 1 (got " +
                                 common::Checker::fmt(step_length) + ")");
        }
        L = std::size_t(step_length);
    } else if (c.has("step_length")) {
        throw ReferenceError(c.where("step_length") + ": step_length belongs to schedule "
                             "staircase only, not " + name);
    }

    decay::Schedule s;
    try {
        s = decay::make_schedule(kind, c.number("lr0"), c.number("k"), L);
    } catch (const std::invalid_argument& e) {
        throw ReferenceError(c.where("k") + ": case " + c.name + ": " + e.what());
    }

    // lr holds alpha for i = 1..N (epoch schedules) or t = 1..N (inverse_sqrt_batch):
    // n is passed as both i and t, and each schedule reads the one it uses.
    const auto& lr = c.matrix("lr");
    if (lr.rows() != 1) {
        throw ReferenceError(c.where("lr") + ": matrix lr is " +
                             common::shape(lr.rows(), lr.cols()) +
                             ", expected one row (1 x N: alpha for i or t = 1..N)");
    }
    const std::size_t N = lr.cols();
    Outcome out;
    for (std::size_t n = 1; n <= N; ++n) {
        out.compare("lr[" + std::to_string(n) + "]", lr(0, n - 1),
                    double(decay::alpha<T>(s, n, n)));
    }
    return out;
}

}  // namespace reference
