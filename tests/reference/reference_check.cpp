// reference-check FILE... [--float]: runs every case of the given reference files through
// the project's own code and prints one line per case: name, largest relative error,
// pass or fail. Exits non-zero if any case fails, any file is malformed, or a case is of
// a kind this build cannot run: no case is ever skipped.
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/check.hpp"
#include "tests/reference/reference.hpp"
#include "tests/reference/run_batchnorm.hpp"
#include "tests/reference/run_ewma.hpp"
#include "tests/reference/run_layernorm.hpp"
#include "tests/reference/run_linreg.hpp"
#include "tests/reference/run_schedule.hpp"
#include "tests/reference/run_update.hpp"

namespace {

using Runner = std::function<reference::Outcome(const reference::Case&)>;

template <class T>
std::map<std::string, Runner> runners() {
    return {
        {"batchnorm", reference::run_batchnorm<T>},
        {"ewma", reference::run_ewma<T>},
        {"layernorm", reference::run_layernorm<T>},
        {"linreg", reference::run_linreg<T>},
        {"schedule", reference::run_schedule<T>},
        {"update", reference::run_update<T>},
    };
}

template <class T>
int check_files(const std::vector<std::string>& files) {
    const double tolerance = common::tol<T>::reference;
    const auto run = runners<T>();
    int passed = 0, failed = 0;
    for (const std::string& file : files) {
        std::vector<reference::Case> cases;
        try {
            cases = reference::read_cases(file);
            if (cases.empty()) throw reference::ReferenceError(file + ": holds no case");
        } catch (const std::exception& e) {
            std::printf("FAIL %s\n", e.what());
            ++failed;
            continue;
        }
        for (const reference::Case& c : cases) {
            const auto runner = run.find(c.kind);
            if (runner == run.end()) {
                std::printf("FAIL %-34s %-9s cannot run kind `%s` yet (%s)\n", c.name.c_str(),
                            c.kind.c_str(), c.kind.c_str(), c.where("kind").c_str());
                ++failed;
                continue;
            }
            try {
                const reference::Outcome out = runner->second(c);
                const bool ok = out.compared > 0 && out.max_error <= tolerance;
                std::printf("%s %-34s %-9s max rel err %.2e (tol %.0e, %zu values)%s%s\n",
                            ok ? "pass" : "FAIL", c.name.c_str(), c.kind.c_str(), out.max_error,
                            tolerance, out.compared, ok ? "" : "  worst: ",
                            ok ? "" : out.worst.c_str());
                (ok ? passed : failed)++;
            } catch (const std::exception& e) {
                std::printf("FAIL %-34s %-9s %s\n", c.name.c_str(), c.kind.c_str(), e.what());
                ++failed;
            }
        }
    }
    std::printf("reference-check (%s): %d passed, %d failed\n",
                sizeof(T) == sizeof(float) ? "float" : "double", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    bool use_float = false;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--float") == 0) {
            use_float = true;
        } else if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::printf("usage: reference-check [--float] FILE...\n"
                        "Runs every case in the reference files (tests/reference/FORMAT.md)\n"
                        "through the project's code, in double (tolerance %.0e) or, with\n"
                        "--float, in float (tolerance %.0e).\n",
                        common::tol<double>::reference, common::tol<float>::reference);
            return 0;
        } else if (argv[i][0] == '-') {
            std::fprintf(stderr, "reference-check: error: unknown flag %s (--help)\n", argv[i]);
            return 2;
        } else {
            files.push_back(argv[i]);
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "reference-check: error: give at least one case file, e.g. "
                             "tests/reference/cases/linreg.txt\n");
        return 2;
    }
    return use_float ? check_files<float>(files) : check_files<double>(files);
}
