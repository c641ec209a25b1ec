// check.hpp: the test helpers every test executable uses.
// A Checker counts checks; each check names the equation or claim it tests and, when it
// fails, prints expected, actual, the difference and the tolerance. finish() prints the
// closing "N passed, N failed" line and gives the exit code, so CTest sees every failure.
// Also here: the central finite-difference gradient used by every gradient check.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace common {

// Tolerances, named once. Relative errors are taken against max(1, |expected|).
template <class T> struct tol;
template <> struct tol<double> {
    static constexpr double reference = 1e-9;   // reference cases (tests/reference/FORMAT.md)
    static constexpr double simd = 1e-14;       // SIMD lanes against the scalar loop
    static constexpr double grad = 1e-7;        // analytic against central differences
    static constexpr double exact = 1e-12;      // identities that hold up to rounding
};
template <> struct tol<float> {
    static constexpr double reference = 1e-4;
    static constexpr double simd = 1e-6;
    static constexpr double grad = 1e-3;
    static constexpr double exact = 1e-5;
};

// |actual - expected| / max(1, |expected|): the error every reference comparison uses.
inline double relative_error(double expected, double actual) {
    if (std::isnan(expected) || std::isnan(actual)) {
        return (std::isnan(expected) && std::isnan(actual)) ? 0.0 : INFINITY;
    }
    return std::abs(actual - expected) / std::max(1.0, std::abs(expected));
}

// |a - n| / max(floor, |a| + |n|): the symmetric error of a gradient check.
inline double gradient_error(double analytic, double numeric, double floor = 1e-8) {
    return std::abs(analytic - numeric) / std::max(floor, std::abs(analytic) + std::abs(numeric));
}

class Checker {
public:
    explicit Checker(std::string suite) : suite_(std::move(suite)) {}

    // A claim that is true or false; `detail` says what was seen when it is false.
    bool that(std::string_view what, bool ok, std::string_view detail = {}) {
        if (ok) {
            pass(what, "");
        } else {
            fail(what, std::string(detail));
        }
        return ok;
    }

    // expected and actual agree to `tolerance`, relative to max(1, |expected|).
    bool close(std::string_view what, double expected, double actual, double tolerance) {
        const double err = relative_error(expected, actual);
        if (err <= tolerance) {
            pass(what, "rel err " + fmt(err));
            return true;
        }
        fail(what, "want " + fmt(expected) + " got " + fmt(actual) + " |d|=" +
                       fmt(std::abs(actual - expected)) + " tol=" + fmt(tolerance));
        return false;
    }

    // Element-wise close(); reports the worst element and at most a few failing ones.
    template <class A, class B>
    bool all_close(std::string_view what, const A& expected, const B& actual, double tolerance) {
        const std::size_t n = std::size(expected);
        if (n != std::size(actual)) {
            fail(what, "want " + std::to_string(n) + " values got " +
                           std::to_string(std::size(actual)));
            return false;
        }
        double worst = 0;
        std::size_t bad = 0;
        std::string first;
        auto e = std::begin(expected);
        auto a = std::begin(actual);
        for (std::size_t i = 0; i < n; ++i, ++e, ++a) {
            const double err = relative_error(double(*e), double(*a));
            worst = std::max(worst, err);
            if (!(err <= tolerance) && bad++ < 3) {
                first += "\n      [" + std::to_string(i) + "] want " + fmt(double(*e)) +
                         " got " + fmt(double(*a)) + " rel err " + fmt(err);
            }
        }
        if (bad == 0) {
            pass(what, "max rel err " + fmt(worst) + " over " + std::to_string(n));
            return true;
        }
        fail(what, std::to_string(bad) + " of " + std::to_string(n) +
                       " values off, max rel err " + fmt(worst) + " tol=" + fmt(tolerance) +
                       first);
        return false;
    }

    // Runs `body` and expects it to throw an exception whose message contains `needle`.
    template <class F>
    bool throws(std::string_view what, F&& body, std::string_view needle) {
        try {
            body();
        } catch (const std::exception& e) {
            const std::string msg = e.what();
            return that(what, msg.find(needle) != std::string::npos,
                        "message \"" + msg + "\" lacks \"" + std::string(needle) + "\"");
        }
        return that(what, false, "no error was raised");
    }

    // A one-line hint printed under every failing check from here on (for the exercises):
    // what to look at when the equation below it is not right yet. "" clears it.
    void hint(std::string text) { hint_ = std::move(text); }

    int passed() const { return passed_; }
    int failed() const { return failed_; }

    // Prints the closing line and returns the process exit code.
    int finish() const {
        std::printf("%s: %d passed, %d failed\n", suite_.c_str(), passed_, failed_);
        return failed_ == 0 ? 0 : 1;
    }

    static std::string fmt(double x) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", x);
        return buf;
    }

private:
    void pass(std::string_view what, const std::string& note) {
        ++passed_;
        std::printf("ok   %.*s%s%s\n", int(what.size()), what.data(), note.empty() ? "" : "  ",
                    note.c_str());
    }
    void fail(std::string_view what, const std::string& detail) {
        ++failed_;
        std::printf("FAIL %.*s: %s\n", int(what.size()), what.data(), detail.c_str());
        if (!hint_.empty()) std::printf("     hint: %s\n", hint_.c_str());
    }

    std::string suite_;
    std::string hint_;
    int passed_ = 0;
    int failed_ = 0;
};

// Central differences: df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h, in double.
inline std::vector<double> numerical_gradient(const std::function<double(std::span<const double>)>& f,
                                              std::vector<double> x, double h = 1e-5) {
    std::vector<double> g(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double xi = x[i];
        x[i] = xi + h;
        const double up = f(x);
        x[i] = xi - h;
        const double down = f(x);
        x[i] = xi;
        g[i] = (up - down) / (2 * h);
    }
    return g;
}

// The worst gradient_error between an analytic and a numerical gradient.
inline double max_gradient_error(std::span<const double> analytic, std::span<const double> numeric) {
    double worst = 0;
    for (std::size_t i = 0; i < analytic.size() && i < numeric.size(); ++i) {
        worst = std::max(worst, gradient_error(analytic[i], numeric[i]));
    }
    return worst;
}

}  // namespace common
