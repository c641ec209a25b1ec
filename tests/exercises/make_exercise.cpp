// make-exercise TAG REAL.hpp EXERCISE.hpp [--check]: writes the learner's copy of a header.
// Every block of REAL.hpp between
//     // EXERCISE TAG: the equation it carries
//     ...the code...
//     // END EXERCISE                        (or: // END EXERCISE, stub: return T(0);)
// is emptied (keeping the EXERCISE line, so the learner sees which equation goes there, and
// the stub, so the copy still compiles); blocks of other tags are kept. With --check, the
// existing EXERCISE.hpp must equal what would be written (the exercises cannot rot).
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string trimmed(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    return a == std::string::npos ? "" : s.substr(a);
}

std::string read(const std::string& path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    ok = bool(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

int main(int argc, char** argv) {
    const bool check = argc == 5 && std::strcmp(argv[4], "--check") == 0;
    if (argc != 4 && !check) {
        std::fprintf(stderr, "usage: make-exercise TAG REAL.hpp EXERCISE.hpp [--check]\n");
        return 2;
    }
    const std::string tag = argv[1], real = argv[2], exercise = argv[3];
    bool ok = false;
    std::istringstream in(read(real, ok));
    if (!ok) {
        std::fprintf(stderr, "make-exercise: cannot read %s\n", real.c_str());
        return 2;
    }
    const std::string begin = "// EXERCISE " + tag + ":";
    std::string out = "// Your copy of " + real.substr(real.rfind("/chapters/") + 1) +
                      " for `make exercise-" + tag + "`: fill in each EXERCISE block.\n";
    std::string line;
    int blocks = 0, line_no = 0, open_line = 0;
    bool inside = false;
    while (std::getline(in, line)) {
        ++line_no;
        const std::string t = trimmed(line);
        if (!inside && t.rfind(begin, 0) == 0) {
            inside = true;
            open_line = line_no;
            ++blocks;
            out += line + "\n";
            out += line.substr(0, line.size() - t.size()) + "// (your code here)\n";
        } else if (inside && t.rfind("// END EXERCISE", 0) == 0) {
            inside = false;
            const auto stub = t.find("stub: ");
            if (stub != std::string::npos) {
                out += line.substr(0, line.size() - t.size()) + t.substr(stub + 6) + "\n";
            }
        } else if (!inside) {
            out += line + "\n";
        }
    }
    if (inside) {
        std::fprintf(stderr, "%s:%d: EXERCISE block without // END EXERCISE\n", real.c_str(),
                     open_line);
        return 1;
    }
    if (blocks == 0) {
        std::fprintf(stderr, "%s: no `%s` block\n", real.c_str(), begin.c_str());
        return 1;
    }
    if (check) {
        const std::string existing = read(exercise, ok);
        if (!ok || existing != out) {
            std::fprintf(stderr, "%s is out of date with %s: run `make exercise-reset-%s` and "
                                 "commit it\n", exercise.c_str(), real.c_str(), tag.c_str());
            return 1;
        }
        return 0;
    }
    std::error_code ignored;
    std::filesystem::create_directories(std::filesystem::path(exercise).parent_path(), ignored);
    std::ofstream o(exercise, std::ios::binary);
    o << out;
    if (!o) {
        std::fprintf(stderr, "make-exercise: cannot write %s\n", exercise.c_str());
        return 1;
    }
    std::printf("wrote %s (%d exercise block%s)\n", exercise.c_str(), blocks, blocks == 1 ? "" : "s");
    return 0;
}
