// The EWMA exercise (chapters/02-ewma/ewma.hpp): the step v_t = beta v_{t-1} + (1 - beta) x_t,
// the bias correction term 1 - beta^t, the corrected average and the weight of x_{t-k} in v_t.
// Each equation is checked on its own, against values computed here by hand; the corrected
// average is checked once the correction term is right (the header computes it with that
// term). The step is generic (momentum, RMSprop and Adam run it in native_simd lanes), so it
// is checked through common::run_simd in double and in float as well.
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "chapters/02-ewma/ewma.hpp"
#include "common/update_loop.hpp"
#include "tests/exercises/exercise.hpp"

namespace {

// v := step(v, x, beta) on n coordinates through the SIMD loop (and its scalar tail).
template <class T>
std::vector<double> simd_steps(std::vector<T> v, const std::vector<T>& x, T beta) {
    std::vector<T> out(v.size());
    common::run_simd([beta](auto& o, auto& v_i, const auto& x_i) {
        v_i = ewma::step(v_i, x_i, beta);
        o = v_i;
    }, std::span<T>(out), std::span<const T>(x), std::span<T>(v));
    return std::vector<double>(v.begin(), v.end());
}

std::string g(double x) {
    char t[32];
    std::snprintf(t, sizeof t, "%.4g", x);
    return t;
}

}  // namespace

int main() {
    exercise::Sheet sheet("EWMA", "ewma");

    // ---- v_t = beta v_{t-1} + (1 - beta) x_t
    auto& v_eq = sheet.equation(
        "v_t = beta v_{t-1} + (1 - beta) x_t",
        "step returns the new average v_t from the old one, v, and the new value x. Write "
        "the constant 1 as T(1): the same line runs on float, double and native_simd lanes, "
        "and a double such as 1.0 does not mix with float lanes.");
    v_eq.run([&] {
        const double beta = 0.9, v0 = 0.5, x = 2.0;
        const double got = ewma::step(v0, x, beta);
        v_eq.close("v after one step from v = 0.5 with x = 2, beta = 0.9", beta * v0 +
                   (1 - beta) * x, got, 1e-12);
        v_eq.mistake("beta and 1 - beta are swapped: v := (1 - beta) v + beta x keeps only "
                     "0.1 of the average and follows the newest x (weight 0.9): no smoothing.",
                     (1 - beta) * v0 + beta * x, got);
        v_eq.mistake("(1 - beta) is missing: v := beta v + x (momentum's other form) adds up "
                     "about 1 / (1 - beta) = 10 values of x instead of averaging them.",
                     beta * v0 + x, got);
        const std::vector<double> x1 = {4.0, 2.0, 6.0};
        const std::vector<double> v = ewma::ewma_series(x1, 0.5);
        v_eq.close_all("v_1..v_3 of x = 4, 2, 6 from v_0 = 0, beta = 0.5 (2, 2, 4)",
                       std::vector<double>{2.0, 2.0, 4.0}, v, 1e-12);
        // 19 coordinates: whole SIMD registers and a scalar tail, in double and in float.
        std::vector<double> vd(19), xd(19), want(19);
        for (std::size_t i = 0; i < 19; ++i) {
            vd[i] = 0.1 * double(i) - 0.5;
            xd[i] = 1.05 - 0.3 * double(i);  // no v comes out 0
            want[i] = 0.8 * vd[i] + 0.2 * xd[i];
        }
        v_eq.close_all("v through the SIMD loop (double, 19 coordinates, beta = 0.8)", want,
                       simd_steps<double>(vd, xd, 0.8), 1e-12);
        v_eq.close_all("v through the SIMD loop (float)", want,
                       simd_steps<float>(std::vector<float>(vd.begin(), vd.end()),
                                         std::vector<float>(xd.begin(), xd.end()), 0.8f),
                       1e-5);
    });

    // ---- 1 - beta^t
    auto& b_eq = sheet.equation(
        "the bias correction term 1 - beta^t",
        "This is the sum of the weights (1 - beta) beta^k of v_t (the notes' s_t): what a "
        "series started at v_0 = 0 falls short by. The first step has t = 1; t is a long, so "
        "convert it to T for std::pow.");
    b_eq.run([&] {
        const double got1 = ewma::bias_correction(0.9, 1);
        b_eq.close("1 - beta^t at t = 1, beta = 0.9 (0.1: v_1 = 0.1 x_1)", 0.1, got1, 1e-12);
        b_eq.mistake("the term is 1 - beta^(t-1), t counted from 0: at t = 1 it is 0 and the "
                     "first corrected value divides by zero.",
                     0.0, got1, 1e-15);
        b_eq.mistake("the term is 1 - beta^(t+1), t counted from 0: at t = 1 it is "
                     "1 - 0.9^2 = 0.19, so v_1 is corrected to 0.53 x_1, not x_1.",
                     1 - 0.9 * 0.9, got1);
        const double got10 = ewma::bias_correction(0.9, 10);
        b_eq.close("1 - beta^t at t = 10, beta = 0.9", 1 - std::pow(0.9, 10.0), got10, 1e-12);
        b_eq.mistake("the term is beta^t: it must be 1 - beta^t, the sum of the weights "
                     "(near 1 late in the series, small at the start).",
                     std::pow(0.9, 10.0), got10);
        b_eq.mistake("the term is (1 - beta)^t: beta is raised to the power t, then taken "
                     "from 1.",
                     std::pow(0.1, 10.0), got10);
        b_eq.close("1 - beta^t at t = 3, beta = 0.98", 1 - std::pow(0.98, 3.0),
                   ewma::bias_correction(0.98, 3), 1e-12);
        b_eq.close("1 - beta^t at t = 7, beta = 0.5 in float", 1 - std::pow(0.5, 7.0),
                   double(ewma::bias_correction(0.5f, 7)), 1e-6);
    });

    // ---- tilde v_t = v_t / (1 - beta^t)
    auto& c_eq = sheet.equation(
        "tilde v_t = v_t / (1 - beta^t)",
        "v_corrected[t - 1] is v_t divided by the bias correction term of its own step, with "
        "t = 1 for the first value (bias_correction gives the term). Each v_t is corrected "
        "on its own: nothing is fed back into v.");
    c_eq.builds_on(b_eq);
    c_eq.run([&] {
        // v of x = 10 every day, beta = 0.9: v_t = 10 (1 - 0.9^t), so tilde v_t = 10.
        const double beta = 0.9;
        const std::size_t T = 6;
        std::vector<double> v(T), want(T, 10.0), times(T), shifted(T), over_beta(T);
        for (std::size_t t = 1; t <= T; ++t) {
            const double term = 1 - std::pow(beta, double(t));
            v[t - 1] = 10.0 * term;
            times[t - 1] = v[t - 1] * term;
            shifted[t - 1] = v[t - 1] / (1 - std::pow(beta, double(t - 1)));
            over_beta[t - 1] = v[t - 1] / std::pow(beta, double(t));
        }
        const std::vector<double> got = ewma::bias_corrected(v, beta);
        c_eq.close_all("tilde v_t for t = 1..6 of a constant x = 10, beta = 0.9 (all 10)", want,
                       got, 1e-12);
        c_eq.mistake("v_t is multiplied by 1 - beta^t (the notes' word \"multiply\" read "
                     "literally): the correction divides, so tilde v_1 = " +
                         g(v[0]) + " / 0.1 = 10, not " + g(times[0]) + ".",
                     times, got);
        if (got.size() == T && !std::isfinite(got[0])) {
            c_eq.mistake("t is counted from 0: the first value is divided by 1 - beta^0 = 0 "
                         "(it comes out inf) and each later v_t by the term of the step "
                         "before; the first step has t = 1.",
                         std::vector<double>(shifted.begin() + 1, shifted.end()),
                         std::vector<double>(got.begin() + 1, got.end()));
        }
        c_eq.mistake("v_t is divided by beta^t, not by 1 - beta^t.", over_beta, got);
        c_eq.mistake("nothing is divided: tilde v_t = v_t, still too low by 1 - beta^t at the "
                     "start.",
                     v, got);
        const std::vector<float> vf(v.begin(), v.end());
        const std::vector<float> got_f = ewma::bias_corrected(vf, 0.9f);
        c_eq.close_all("tilde v_t in float", want,
                       std::vector<double>(got_f.begin(), got_f.end()), 1e-5);
    });

    // ---- the weight of x_{t-k} in v_t: (1 - beta) beta^k
    auto& w_eq = sheet.equation(
        "the weight of x_{t-k} in v_t: (1 - beta) beta^k",
        "Unroll the step: the newest value x_t (k = 0) gets 1 - beta, and each day older "
        "multiplies its weight by beta once more (the notes' v_3 = (1 - beta) beta^2 x_1 + "
        "...).");
    w_eq.run([&] {
        const double beta = 0.9;
        const double got0 = ewma::weight(beta, 0), got3 = ewma::weight(beta, 3);
        w_eq.close("the weight of the newest x_t (k = 0), beta = 0.9: 1 - beta", 0.1, got0,
                   1e-12);
        w_eq.close("the weight of x_{t-3}, beta = 0.9: 0.1 * 0.9^3", 0.1 * 0.729, got3, 1e-12);
        w_eq.mistake("the weight is one power off, (1 - beta) beta^(k+1): the newest x_t "
                     "(k = 0) must get 1 - beta = 0.1, and the weights then add up to "
                     "beta (1 - beta^t), not 1 - beta^t.",
                     0.1 * 0.9 * 0.729, got3);
        w_eq.mistake("the weight is one power off, (1 - beta) beta^(k-1): x_{t-3} gets "
                     "0.1 * 0.9^2; the newest x_t (k = 0) has beta^0 = 1.",
                     0.1 * 0.81, got3);
        w_eq.mistake("(1 - beta) is missing: beta^k alone adds up to about 1 / (1 - beta), "
                     "not to 1 - beta^t.",
                     0.729, got3);
        w_eq.mistake("beta and 1 - beta are swapped: beta (1 - beta)^k.", 0.9 * 0.001, got3);
        double sum = 0;
        for (std::size_t k = 0; k < 8; ++k) sum += ewma::weight(0.5, k);
        w_eq.close("the weights of v_8 add up to 1 - beta^8 (beta = 0.5: the notes' s_t)",
                   1 - std::pow(0.5, 8.0), sum, 1e-12);
        w_eq.close("the weight of x_{t-5} in float, beta = 0.98", 0.02 * std::pow(0.98, 5.0),
                   double(ewma::weight(0.98f, 5)), 1e-5);
    });
    return sheet.finish();
}
