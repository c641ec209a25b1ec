// The RMSprop exercise (chapters/04-rmsprop/rmsprop.hpp): s, the mean square, and the step;
// then, beyond the notes, Adagrad's s, the sum of squares (its step is RMSprop's). Each
// equation is checked on its own: the step is checked on the s the learner's code produced,
// so a wrong s does not make a right step look wrong.
#include <cmath>
#include <string>
#include <vector>

#include "chapters/04-rmsprop/rmsprop.hpp"
#include "tests/exercises/exercise.hpp"

namespace {

using rmsprop::EpsPlacement;
using rmsprop::RmsPropRule;

// One call of the learner's rule on one coordinate.
struct State {
    double theta, s;
};
State one_call(const RmsPropRule<double>& rule, State x, double dtheta) {
    rule(x.theta, x.s, dtheta);
    return x;
}

using exercise::simd_call;

template <class T>
RmsPropRule<T> rule_of(double alpha, double beta2, double eps, EpsPlacement placement) {
    return {.alpha = T(alpha), .beta2 = T(beta2), .one_minus_beta2 = T(1 - beta2), .eps = T(eps),
            .eps_placement = placement};
}

std::vector<double> widened(const std::vector<float>& x) { return {x.begin(), x.end()}; }

// 11 coordinates (whole SIMD registers and a scalar tail).
constexpr std::size_t n = 11;

}  // namespace

int main() {
    exercise::Sheet sheet("RMSprop", "rmsprop");
    const double alpha = 0.1;

    // ---- s := beta2 s + (1 - beta2) dtheta^2
    auto& s_eq = sheet.equation(
        "s := beta2 s + (1 - beta2) dtheta^2",
        "s is an EWMA (chapter 02) of the squared gradient, element by element: keep beta2 "
        "of the old s and add (1 - beta2), given as one_minus_beta2, of dtheta * dtheta.");
    s_eq.run([&] {
        // beta2 = 0.9 here, so that each wrong variant gives a clearly different s.
        const double beta2 = 0.9, s0 = 0.2, dtheta = 2.0;
        const auto rule = rule_of<double>(alpha, beta2, 1e-8, EpsPlacement::inside);
        const double s = one_call(rule, {1.0, s0}, dtheta).s;
        s_eq.close("s after one step from s = 0.2 with dtheta = 2, beta2 = 0.9",
                   beta2 * s0 + (1 - beta2) * dtheta * dtheta, s, 1e-12);
        s_eq.mistake("dtheta is not squared: s must average dtheta^2, the gradient's square "
                     "(here 4, not 2).",
                     beta2 * s0 + (1 - beta2) * dtheta, s);
        s_eq.mistake("beta2 and 1 - beta2 are swapped: s := (1 - beta2) s + beta2 dtheta^2 "
                     "keeps only 10% of the old s.",
                     (1 - beta2) * s0 + beta2 * dtheta * dtheta, s);
        s_eq.mistake("(1 - beta2) is missing: s := beta2 s + dtheta^2 grows to about "
                     "1 / (1 - beta2) times the mean square.",
                     beta2 * s0 + dtheta * dtheta, s);
        s_eq.mistake("s is replaced by dtheta^2: nothing of the old s is kept, so it is no "
                     "average.",
                     dtheta * dtheta, s);
        // From s = 0, after k steps of a constant gradient g: (1 - beta2^k) g^2.
        const auto rule_999 = rule_of<double>(alpha, 0.999, 1e-8, EpsPlacement::inside);
        double sk = 0, th = 0;
        for (int k = 0; k < 3; ++k) rule_999(th, sk, -3.0);
        s_eq.close("s after 3 steps of dtheta = -3 from s = 0, beta2 = 0.999: (1 - 0.999^3) 9",
                   (1 - 0.999 * 0.999 * 0.999) * 9, sk, 1e-12);
        // Through the SIMD loop: s_i = 0.05 i, dtheta_i = 1 - 0.3 i, in double and float.
        // (In float, beta2 is 0.999f and 1 - beta2 is 0.001 rounded once to float, as the
        // rule holds them: want_f uses both.)
        const double beta2_f = double(0.999f), one_minus_beta2_f = double(float(1 - 0.999));
        std::vector<double> theta(n, 1.0), ss(n), d(n), want(n), want_f(n);
        std::vector<float> tf(n, 1.0f), sf(n), df(n);
        for (std::size_t i = 0; i < n; ++i) {
            ss[i] = 0.05 * double(i);
            d[i] = 1.0 - 0.3 * double(i);
            sf[i] = float(ss[i]);
            df[i] = float(d[i]);
            want[i] = 0.999 * ss[i] + (1 - 0.999) * d[i] * d[i];
            want_f[i] = beta2_f * double(sf[i]) +
                        one_minus_beta2_f * double(df[i]) * double(df[i]);
        }
        simd_call(rule_999, theta, ss, d);
        s_eq.close_all("s through the SIMD loop (double, 11 coordinates)", want, ss, 1e-12);
        simd_call(rule_of<float>(alpha, 0.999, 1e-8, EpsPlacement::inside), tf, sf, df);
        s_eq.close_all("s through the SIMD loop (float, 11 coordinates)", want_f, widened(sf),
                       1e-5);
    });

    // ---- theta := theta - alpha dtheta / sqrt(s + eps)
    auto& step_eq = sheet.equation(
        "theta := theta - alpha dtheta / sqrt(s + eps)",
        "divide the gradient by the root of s (already updated when this is called); "
        "eps_placement says where eps goes: inside the root (the notes) or outside, "
        "sqrt(s) + eps (torch.optim).");
    step_eq.run([&] {
        // eps = 1e-4 and a small s make the two placements of eps visibly different.
        const double eps = 1e-4, beta2 = 0.9, theta0 = 1.0, s0 = 3e-5, dtheta = 0.01;
        for (EpsPlacement placement : {EpsPlacement::inside, EpsPlacement::outside}) {
            const bool inside = placement == EpsPlacement::inside;
            const auto rule = rule_of<double>(alpha, beta2, eps, placement);
            const State after = one_call(rule, {theta0, s0}, dtheta);
            const double s = after.s;  // the s the learner's own code gave
            const double want_inside = theta0 - alpha * dtheta / std::sqrt(s + eps);
            const double want_outside = theta0 - alpha * dtheta / (std::sqrt(s) + eps);
            const double want = inside ? want_inside : want_outside;
            step_eq.close(std::string("theta after one step, eps = 1e-4 ") +
                              (inside ? "inside the root (the notes)" : "outside (torch)"),
                          want, after.theta, 1e-12);
            if (inside) {
                step_eq.mistake("eps is outside the root, sqrt(s) + eps, where eps_placement "
                                "asks for the notes' sqrt(s + eps).",
                                want_outside, after.theta);
            } else {
                step_eq.mistake("eps is inside the root where eps_placement == outside asks "
                                "for sqrt(s) + eps (torch's placement).",
                                want_inside, after.theta);
            }
            step_eq.mistake("the root is missing: divide by sqrt(s + eps), not by s + eps (a "
                            "step of alpha / sqrt(s), not alpha, for a steady gradient).",
                            theta0 - alpha * dtheta / (s + eps), after.theta);
            step_eq.mistake("eps is left out: dtheta / sqrt(s) divides by 0 where s = 0.",
                            theta0 - alpha * dtheta / std::sqrt(s), after.theta);
            step_eq.mistake("the step goes uphill: theta := theta + ... (subtract it).",
                            2 * theta0 - want, after.theta);
            step_eq.mistake("the step does not divide by the root of s: theta := theta - alpha "
                            "dtheta is plain gradient descent.",
                            theta0 - alpha * dtheta, after.theta);
        }
        // Through the SIMD loop: 11 coordinates, float with eps inside, double with eps
        // outside; want from the s the learner's code gives.
        std::vector<float> tf(n, 1.0f), sf(n), df(n);
        std::vector<double> td(n, 1.0), sd(n), dd(n), want(n);
        for (std::size_t i = 0; i < n; ++i) {
            sd[i] = 0.001 * double(i + 1);
            dd[i] = 0.5 - 0.1 * double(i);
            sf[i] = float(sd[i]);
            df[i] = float(dd[i]);
        }
        const auto rule_f = rule_of<float>(alpha, 0.999, 1e-8, EpsPlacement::inside);
        simd_call(rule_f, tf, sf, df);
        for (std::size_t i = 0; i < n; ++i) {
            want[i] = 1.0 - alpha * double(df[i]) / std::sqrt(double(sf[i]) + 1e-8);
        }
        step_eq.close_all("theta through the SIMD loop (float, 11 coordinates, eps inside)",
                          want, widened(tf), 1e-5);
        const auto rule_d = rule_of<double>(alpha, 0.999, 1e-4, EpsPlacement::outside);
        simd_call(rule_d, td, sd, dd);
        for (std::size_t i = 0; i < n; ++i) {
            want[i] = 1.0 - alpha * dd[i] / (std::sqrt(sd[i]) + 1e-4);
        }
        step_eq.close_all("theta through the SIMD loop (double, 11 coordinates, eps outside)",
                          want, td, 1e-12);
    });

    // ---- Beyond the notes, Adagrad: s := s + dtheta^2
    auto& sum_eq = sheet.equation(
        "s := s + dtheta^2",
        "Adagrad keeps every squared gradient: add dtheta * dtheta to s, element by element, "
        "with no beta2 and nothing forgotten.");
    sum_eq.run([&] {
        using rmsprop::AdagradRule;
        const double s0 = 0.2, dtheta = 2.0;
        const AdagradRule<double> rule{.alpha = alpha, .eps = 1e-8,
                                       .eps_placement = EpsPlacement::inside};
        double theta = 1.0, s = s0;
        rule(theta, s, dtheta);
        sum_eq.close("s after one step from s = 0.2 with dtheta = 2", s0 + dtheta * dtheta, s,
                     1e-12);
        sum_eq.mistake("dtheta is not squared: s must sum dtheta^2 (here 4, not 2).",
                       s0 + dtheta, s);
        sum_eq.mistake("s is averaged, (s + dtheta^2) / 2, not summed: that forgets the past "
                       "like an EWMA with beta2 = 0.5, and Adagrad's step no longer shrinks.",
                       (s0 + dtheta * dtheta) / 2, s);
        sum_eq.mistake("s is replaced by dtheta^2: Adagrad's s is the sum over all steps so "
                       "far.", dtheta * dtheta, s);
        // After 3 steps of dtheta = -3 from s = 0: 3 * 9, whatever alpha and eps.
        double sk = 0, th = 0;
        for (int k = 0; k < 3; ++k) rule(th, sk, -3.0);
        sum_eq.close("s after 3 steps of dtheta = -3 from s = 0: 27", 27, sk, 1e-12);
        // Through the SIMD loop: s_i = 0.05 i, dtheta_i = 1 - 0.3 i, in double and float.
        std::vector<double> theta_d(n, 1.0), sd(n), d(n), want(n), want_f(n);
        std::vector<float> tf(n, 1.0f), sf(n), df(n);
        for (std::size_t i = 0; i < n; ++i) {
            sd[i] = 0.05 * double(i);
            d[i] = 1.0 - 0.3 * double(i);
            sf[i] = float(sd[i]);
            df[i] = float(d[i]);
            want[i] = sd[i] + d[i] * d[i];
            want_f[i] = double(sf[i]) + double(df[i]) * double(df[i]);
        }
        simd_call(rule, theta_d, sd, d);
        sum_eq.close_all("s through the SIMD loop (double, 11 coordinates)", want, sd, 1e-12);
        simd_call(AdagradRule<float>{.alpha = float(alpha), .eps = 1e-8f,
                                     .eps_placement = EpsPlacement::inside}, tf, sf, df);
        sum_eq.close_all("s through the SIMD loop (float, 11 coordinates)", want_f, widened(sf),
                         1e-6);
    });
    return sheet.finish();
}
