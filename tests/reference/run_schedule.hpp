// run_schedule.hpp: runs a `schedule` case (FORMAT.md) through the project's code.
#pragma once

#include "tests/reference/compare.hpp"

namespace reference {

template <class T>
Outcome run_schedule(const Case& c) {
    throw ReferenceError(c.where("kind") + ": kind schedule cannot be run yet");
}

}  // namespace reference
