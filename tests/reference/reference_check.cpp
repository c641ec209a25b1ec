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
#include <type_traits>
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

// The float tolerance of the update, ewma and schedule kinds: their rules compute every
// derived constant (1 - beta, 1 - beta^t, a schedule's alpha) in double and round it once to
// float, so only float's own rounding of each step is left. The kinds that sum over many
// examples (linreg, batchnorm, layernorm) keep common::tol<float>::reference.
constexpr double float_rule_tolerance = 1e-5;
// The loosest tolerance an update case may ask for in float with `float_tolerance`.
constexpr double float_tolerance_limit = 1e-4;

// The tolerance case c is held to in T: 1e-9 in double; in float, 1e-5 for update, ewma and
// schedule, or the case's own `float_tolerance` (a long run whose rounding adds up, as the
// 400 steps of update-long.txt), else common::tol<float>::reference.
template <class T>
double tolerance_of(const reference::Case& c) {
    const bool own = c.has("float_tolerance");
    const double asked = own ? c.number("float_tolerance") : 0;
    if (own && !(asked > 0 && asked <= float_tolerance_limit)) {  // checked in double too
        throw reference::ReferenceError(
            c.where("float_tolerance") + ": float_tolerance must be in (0, 1e-4] in case " +
            c.name + " (1e-5 is the update kind's own)");
    }
    if (!std::is_same_v<T, float>) return common::tol<T>::reference;
    if (own) return asked;
    if (c.kind == "update" || c.kind == "ewma" || c.kind == "schedule") {
        return float_rule_tolerance;
    }
    return common::tol<T>::reference;
}

template <class T>
int check_files(const std::vector<std::string>& files) {
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
                const double tolerance = tolerance_of<T>(c);
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
                        "--float, in float (tolerance %.0e for update, ewma and schedule\n"
                        "cases, or a case's own float_tolerance; %.0e for the others).\n",
                        common::tol<double>::reference, float_rule_tolerance,
                        common::tol<float>::reference);
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
