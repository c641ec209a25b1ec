// run_batchnorm.hpp: runs a `batchnorm` case (FORMAT.md) through the project's code.
#pragma once

#include "tests/reference/compare.hpp"

namespace reference {

template <class T>
Outcome run_batchnorm(const Case& c) {
    throw ReferenceError(c.where("kind") + ": kind batchnorm cannot be run yet");
}

}  // namespace reference
