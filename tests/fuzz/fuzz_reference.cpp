// libFuzzer target: the reference case reader on arbitrary text. It may refuse the input
// with a ReferenceError naming the line; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "tests/reference/reference.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        for (const reference::Case& c : reference::parse_cases(in, "fuzz.txt")) {
            for (const auto& [key, M] : c.matrices) (void)c.matrix(key, M.rows(), M.cols());
        }
    } catch (const reference::ReferenceError&) {
    }
    return 0;
}
