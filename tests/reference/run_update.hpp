// run_update.hpp: runs a `update` case (FORMAT.md) through the project's code.
#pragma once

#include "tests/reference/compare.hpp"

namespace reference {

template <class T>
Outcome run_update(const Case& c) {
    throw ReferenceError(c.where("kind") + ": kind update cannot be run yet");
}

}  // namespace reference
