// run_ewma.hpp: runs a `ewma` case (FORMAT.md) through the project's code.
#pragma once

#include "tests/reference/compare.hpp"

namespace reference {

template <class T>
Outcome run_ewma(const Case& c) {
    throw ReferenceError(c.where("kind") + ": kind ewma cannot be run yet");
}

}  // namespace reference
