// new_file.hpp: open a file under a name no one else is using, beside where it is needed.
// write_svg writes a figure there before renaming it over the old one; the --out check
// writes a probe there. "x" (create, never open an existing file) makes the name this
// program's alone, so programs writing into one folder at once never share a file.
// Leaves out: cleanup (the caller removes or renames what it made).
#pragma once

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

namespace common {

// Creates folder/.<stem>.<number><suffix> for writing and sets `made` to its path;
// nullptr with errno set when no such file can be created.
inline std::FILE* open_new_file(const std::filesystem::path& folder, const std::string& stem,
                                const std::string& suffix, std::filesystem::path& made) {
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    for (int attempt = 0; attempt < 100; ++attempt) {
        made = folder / ("." + stem + "." + std::to_string((stamp + attempt) % 1000000007) +
                         suffix);
        if (std::FILE* f = std::fopen(made.c_str(), "wbx")) return f;
        if (errno != EEXIST) break;
    }
    return nullptr;
}

}  // namespace common
