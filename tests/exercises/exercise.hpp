// exercise.hpp: the checker every exercise uses. An exercise is a chapter header whose
// equations were blanked (`make exercise-<name>` writes the learner's copy); a checker is
// a short program, tests/exercises/<name>.cpp, built against that copy. It declares one
// Equation per blanked block, runs checks on what the learner's code computes, and names
// the common wrong answers it recognizes. Sheet::finish() prints, equation by equation:
//   the first line: the file and line to edit next;
//   per equation: right, or its failing checks (values with enough digits to tell them
//   apart, and the relative error), the mistake it looks like, and its hint, once;
//   the last line: "Adam: 2 of 4 equations right (17 checks)".
// An equation counts as right only when it has checks, all pass, and the equations it
// builds on are right; CI builds every checker against the blanked copy and requires
// "0 of N": no check there may pass for an empty body.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/update_loop.hpp"

#ifndef EXERCISE_FILE
#error "EXERCISE_FILE (the exercise copy to read) is set by tests/exercises/CMakeLists.txt"
#endif

namespace exercise {

// Shortest %.Ng text (6 <= N <= 17) that tells a and b apart; both at that precision.
inline std::pair<std::string, std::string> told_apart(double a, double b) {
    char ta[64], tb[64];
    for (int digits = 6; digits <= 17; ++digits) {
        std::snprintf(ta, sizeof ta, "%.*g", digits, a);
        std::snprintf(tb, sizeof tb, "%.*g", digits, b);
        if (std::string(ta) != tb) break;
    }
    return {ta, tb};
}

// A number in a diagnosis: three significant digits.
inline std::string g(double x) {
    char t[64];
    std::snprintf(t, sizeof t, "%.3g", x);
    return t;
}

// An update rule through the SIMD loop (whole registers and the scalar tail) on arrays of
// T, with one state or two: what makes a rule that does not compile for native_simd<T> show.
template <class T, class Rule>
void simd_call(const Rule& rule, std::vector<T>& theta, std::vector<T>& state,
               const std::vector<T>& dtheta) {
    common::run_simd(rule, std::span<T>(theta), std::span<const T>(dtheta),
                     std::span<T>(state));
}
template <class T, class Rule>
void simd_call(const Rule& rule, std::vector<T>& theta, std::vector<T>& state1,
               std::vector<T>& state2, const std::vector<T>& dtheta) {
    common::run_simd(rule, std::span<T>(theta), std::span<const T>(dtheta),
                     std::span<T>(state1), std::span<T>(state2));
}

// |actual - expected| / max(1e-300, |expected|), with NaN never equal to a number.
inline double relative_error(double expected, double actual) {
    if (std::isnan(expected) || std::isnan(actual)) {
        return std::isnan(expected) && std::isnan(actual) ? 0.0 : INFINITY;
    }
    if (expected == actual) return 0.0;
    return std::abs(actual - expected) / std::max(1e-300, std::abs(expected));
}

// actual within `tolerance` of expected, relative to |expected| (absolute below 1e-12).
inline bool near(double expected, double actual, double tolerance) {
    if (std::isnan(expected) || std::isnan(actual)) return false;
    const double scale = std::max(std::abs(expected), 1e-12);
    return std::abs(actual - expected) <= tolerance * scale;
}

// One blanked equation of the exercise file and the checks of what it computes.
class Equation {
public:
    Equation(std::string name, std::string hint, int line)
        : name_(std::move(name)), hint_(std::move(hint)), line_(line) {}

    const std::string& name() const { return name_; }
    int line() const { return line_; }

    // A value the equation computes: expected and actual within `tolerance`, relative.
    bool close(std::string_view what, double expected, double actual, double tolerance) {
        ++checks_;
        if (near(expected, actual, tolerance)) return true;
        const auto [e, a] = told_apart(expected, actual);
        fail(std::string(what) + ": expected " + e + ", got " + a + " (relative error " +
             g(relative_error(expected, actual)) + ", tolerance " +
             g(tolerance) + ")");
        return false;
    }

    // Element by element; reports the first element that differs.
    bool close_all(std::string_view what, std::span<const double> expected,
                   std::span<const double> actual, double tolerance) {
        if (expected.size() != actual.size()) {
            return that(what, false, "expected " + std::to_string(expected.size()) +
                                         " values, got " + std::to_string(actual.size()));
        }
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (!near(expected[i], actual[i], tolerance)) {
                return close(std::string(what) + ", element " + std::to_string(i), expected[i],
                             actual[i], tolerance);
            }
        }
        ++checks_;
        return true;
    }

    // A claim that is true or false; `detail` says what was seen when it is false.
    bool that(std::string_view what, bool ok, std::string_view detail) {
        ++checks_;
        if (!ok) fail(std::string(what) + ": " + std::string(detail));
        return ok;
    }

    // A known wrong answer: `wrong` is what the mistake would give. When the learner's
    // `actual` equals it (and the equation is not right), `diagnosis` is printed.
    void mistake(std::string_view diagnosis, double wrong, double actual,
                 double tolerance = 1e-9) {
        if (near(wrong, actual, tolerance)) diagnose(diagnosis);
    }
    void mistake(std::string_view diagnosis, std::span<const double> wrong,
                 std::span<const double> actual, double tolerance = 1e-9) {
        if (wrong.size() != actual.size() || wrong.empty()) return;
        for (std::size_t i = 0; i < wrong.size(); ++i) {
            if (!near(wrong[i], actual[i], tolerance)) return;
        }
        diagnose(diagnosis);
    }
    // A mistake recognized by other means than one value.
    void diagnose(std::string_view diagnosis) {
        if (std::find(diagnoses_.begin(), diagnoses_.end(), diagnosis) == diagnoses_.end()) {
            diagnoses_.emplace_back(diagnosis);
        }
    }

    // This equation's checks use `earlier`'s result: it is right only once that one is.
    void builds_on(const Equation& earlier) { builds_on_.push_back(&earlier); }

    // Runs checks that may throw; an exception is a failed check that names it.
    void run(const std::function<void()>& checks) {
        try {
            checks();
        } catch (const std::exception& e) {
            ++checks_;
            fail(std::string("threw an exception: ") + e.what());
        }
    }

    int checks() const { return checks_; }
    bool own_checks_pass() const { return checks_ > 0 && failures_.empty(); }
    const Equation* waiting_for() const {
        for (const Equation* e : builds_on_) {
            if (!e->right()) return e;
        }
        return nullptr;
    }
    bool right() const { return own_checks_pass() && waiting_for() == nullptr; }
    const std::vector<std::string>& failures() const { return failures_; }
    const std::vector<std::string>& diagnoses() const { return diagnoses_; }
    const std::string& hint() const { return hint_; }

private:
    void fail(std::string text) { failures_.push_back(std::move(text)); }

    std::string name_, hint_;
    int line_;
    int checks_ = 0;
    std::vector<std::string> failures_, diagnoses_;
    std::vector<const Equation*> builds_on_;
};

// The markers of the exercise file: "// EXERCISE <tag>: <equation>" and their lines.
struct Marker {
    std::string name;
    int line = 0;  // the marker's own line; the learner's code goes just below it
};

inline std::vector<Marker> read_markers(const std::string& path, const std::string& tag) {
    std::vector<Marker> markers;
    std::ifstream in(path);
    const std::string begin = "// EXERCISE " + tag + ":";
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const auto at = line.find(begin);
        if (at == std::string::npos || line.find_first_not_of(" \t") != at) continue;
        std::string name = line.substr(at + begin.size());
        name.erase(0, name.find_first_not_of(' '));
        while (!name.empty() && (name.back() == ' ' || name.back() == '\r')) name.pop_back();
        markers.push_back({name, number});
    }
    return markers;
}

class Sheet {
public:
    // title: how the last line names the exercise ("Adam"); tag: its name in the markers
    // and in `make exercise-<tag>`.
    Sheet(std::string title, std::string tag)
        : title_(std::move(title)), tag_(std::move(tag)),
          markers_(read_markers(EXERCISE_FILE, tag_)) {}

    // The equation whose marker reads `// EXERCISE <tag>: <name>`.
    Equation& equation(const std::string& name, std::string hint) {
        int line = 0;
        for (const Marker& m : markers_) {
            if (m.name == name) line = m.line;
        }
        if (line == 0) unmarked_.push_back(name);
        equations_.push_back(std::make_unique<Equation>(name, std::move(hint), line));
        return *equations_.back();
    }

    // Prints the report; 0 when every equation is right, 1 otherwise, 2 when the file's
    // markers and the checker's equations disagree.
    int finish() const {
        const std::string file = EXERCISE_SHOWN;
        const std::string base = file.substr(file.rfind('/') + 1);
        std::vector<std::string> unchecked;
        for (const Marker& m : markers_) {
            const bool known = std::any_of(equations_.begin(), equations_.end(),
                                           [&](const auto& e) { return e->name() == m.name; });
            if (!known) unchecked.push_back(m.name);
        }
        if (!unmarked_.empty() || !unchecked.empty() || markers_.empty()) {
            for (const std::string& name : unmarked_) {
                std::printf("%s has no line `// EXERCISE %s: %s`: was the marker edited? "
                            "`make exercise-reset-%s` starts over and keeps your copy as a "
                            "backup.\n", file.c_str(), tag_.c_str(), name.c_str(), tag_.c_str());
            }
            for (const std::string& name : unchecked) {
                std::printf("%s: the marker `%s` has no check in tests/exercises/%s.cpp\n",
                            file.c_str(), name.c_str(), tag_.c_str());
            }
            if (markers_.empty()) {
                std::printf("%s has no `// EXERCISE %s:` line: is it the exercise file?\n",
                            file.c_str(), tag_.c_str());
            }
            return 2;
        }
        int right = 0, checks = 0;
        const Equation* first_wrong = nullptr;  // wrong on its own, not just waiting
        for (const auto& e : equations_) {
            checks += e->checks();
            if (e->right()) {
                ++right;
            } else if (first_wrong == nullptr && e->waiting_for() == nullptr) {
                first_wrong = e.get();
            }
        }
        const int n = int(equations_.size());
        if (first_wrong != nullptr) {
            std::printf("Edit %s:%d, where %s goes (%d of %d equations right so far).\n",
                        file.c_str(), first_wrong->line() + 1, first_wrong->name().c_str(),
                        right, n);
        } else {
            std::printf("%s: all %d equations right.\n", file.c_str(), n);
        }
        for (std::size_t k = 0; k < equations_.size(); ++k) {
            const Equation& e = *equations_[k];
            std::printf("\n[%zu] %s  (%s:%d)\n", k + 1, e.name().c_str(), base.c_str(),
                        e.line() + 1);
            if (e.right()) {
                std::printf("    right: %d check%s pass\n", e.checks(), e.checks() == 1 ? "" : "s");
                continue;
            }
            if (const Equation* w = e.waiting_for()) {
                std::printf("    checked once [%zu] is right: its checks use what [%zu] "
                            "computes\n", index_of(w) + 1, index_of(w) + 1);
                continue;
            }
            const auto& failures = e.failures();
            std::printf("    not right: %zu of %d checks fail\n", failures.size(), e.checks());
            const std::size_t shown = std::min<std::size_t>(failures.size(), 3);
            for (std::size_t i = 0; i < shown; ++i) {
                std::printf("    - %s\n", failures[i].c_str());
            }
            if (failures.size() > shown) {
                std::printf("    - and %zu more\n", failures.size() - shown);
            }
            for (const std::string& d : e.diagnoses()) {
                std::printf("    Looks like: %s\n", d.c_str());
            }
            if (!e.hint().empty()) std::printf("    Hint: %s\n", e.hint().c_str());
        }
        std::printf("\n%s: %d of %d equations right (%d checks)\n", title_.c_str(), right, n,
                    checks);
        return right == n ? 0 : 1;
    }

private:
    std::size_t index_of(const Equation* e) const {
        for (std::size_t k = 0; k < equations_.size(); ++k) {
            if (equations_[k].get() == e) return k;
        }
        return 0;
    }

    std::string title_, tag_;
    std::vector<Marker> markers_;
    std::vector<std::unique_ptr<Equation>> equations_;
    std::vector<std::string> unmarked_;
};

}  // namespace exercise
