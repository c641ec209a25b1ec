// The Adam exercise (chapters/05-adam/adam.hpp): v, s, their bias correction and the step.
// Each equation is checked on its own: the step is checked on the v and s the learner's
// code produced, so a wrong v does not make a right step look wrong.
#include <cmath>
#include <string>
#include <vector>

#include "chapters/05-adam/adam.hpp"
#include "tests/exercises/exercise.hpp"

namespace {

using adam::AdamRule;
using rmsprop::EpsPlacement;

// One call of the learner's rule on one coordinate.
struct State {
    double theta, v, s;
};
State one_call(const AdamRule<double>& rule, State x, double dtheta) {
    rule(x.theta, x.v, x.s, dtheta);
    return x;
}

using exercise::simd_call;

template <class T>
AdamRule<T> rule_of(double alpha, double beta1, double beta2, double eps, double beta1_t,
                    double beta2_t, EpsPlacement placement) {
    return {.alpha = T(alpha), .beta1 = T(beta1), .beta2 = T(beta2), .eps = T(eps),
            .beta1_t = T(beta1_t), .beta2_t = T(beta2_t), .eps_placement = placement};
}

using exercise::g;

}  // namespace

int main() {
    exercise::Sheet sheet("Adam", "adam");
    const double beta1 = 0.9, beta2 = 0.999, alpha = 0.1;

    // ---- v := beta1 v + (1 - beta1) dtheta
    auto& v_eq = sheet.equation(
        "v := beta1 v + (1 - beta1) dtheta",
        "v is momentum's EWMA of dtheta: keep beta1 of the old v and add (1 - beta1) of the "
        "new gradient (ewma::step from chapter 02 does exactly this).");
    v_eq.run([&] {
        const auto rule = rule_of<double>(alpha, beta1, beta2, 1e-8, 0, 0, EpsPlacement::inside);
        const double v0 = 0.5, dtheta = 2.0;
        const double v = one_call(rule, {1.0, v0, 0.2}, dtheta).v;
        v_eq.close("v after one step from v = 0.5 with dtheta = 2, beta1 = 0.9",
                   beta1 * v0 + (1 - beta1) * dtheta, v, 1e-12);
        v_eq.mistake("beta1 and 1 - beta1 are swapped: v := (1 - beta1) v + beta1 dtheta "
                     "follows the newest gradient, not the average.",
                     (1 - beta1) * v0 + beta1 * dtheta, v);
        v_eq.mistake("(1 - beta1) is missing: v := beta1 v + dtheta is the unscaled form, "
                     "about 1 / (1 - beta1) = 10 times too large once it settles.",
                     beta1 * v0 + dtheta, v);
        v_eq.mistake("v is averaging dtheta^2: that is s, the second moment.",
                     beta1 * v0 + (1 - beta1) * dtheta * dtheta, v);
        // 11 coordinates: whole SIMD registers and a scalar tail, in double and in float.
        std::vector<double> theta(11, 1.0), vv(11), ss(11, 0.2), d(11);
        for (std::size_t i = 0; i < d.size(); ++i) {
            vv[i] = 0.1 * double(i);
            d[i] = 1.0 - 0.3 * double(i);
        }
        std::vector<double> want(11);
        for (std::size_t i = 0; i < 11; ++i) want[i] = beta1 * vv[i] + (1 - beta1) * d[i];
        simd_call(rule, theta, vv, ss, d);
        v_eq.close_all("v through the SIMD loop (double, 11 coordinates)", want, vv, 1e-12);
        std::vector<float> tf(11, 1.0f), vf(11), sf(11, 0.2f), df(11);
        for (std::size_t i = 0; i < 11; ++i) {
            vf[i] = float(0.1 * double(i));
            df[i] = float(1.0 - 0.3 * double(i));
        }
        simd_call(rule_of<float>(alpha, beta1, beta2, 1e-8, 0, 0, EpsPlacement::inside), tf, vf,
                  sf, df);
        v_eq.close_all("v through the SIMD loop (float)", want,
                       std::vector<double>(vf.begin(), vf.end()), 1e-6);
    });

    // ---- s := beta2 s + (1 - beta2) dtheta^2
    auto& s_eq = sheet.equation(
        "s := beta2 s + (1 - beta2) dtheta^2",
        "s is RMSprop's EWMA of the squared gradient, element by element: dtheta * dtheta.");
    s_eq.run([&] {
        const auto rule = rule_of<double>(alpha, beta1, beta2, 1e-8, 0, 0, EpsPlacement::inside);
        const double s0 = 0.2, dtheta = 2.0;
        const double s = one_call(rule, {1.0, 0.5, s0}, dtheta).s;
        s_eq.close("s after one step from s = 0.2 with dtheta = 2, beta2 = 0.999",
                   beta2 * s0 + (1 - beta2) * dtheta * dtheta, s, 1e-12);
        s_eq.mistake("dtheta is not squared: s must average dtheta^2, the gradient's square.",
                     beta2 * s0 + (1 - beta2) * dtheta, s);
        s_eq.mistake("beta2 and 1 - beta2 are swapped: s := (1 - beta2) s + beta2 dtheta^2.",
                     (1 - beta2) * s0 + beta2 * dtheta * dtheta, s);
        s_eq.mistake("(1 - beta2) is missing: s := beta2 s + dtheta^2 grows to about "
                     "1 / (1 - beta2) = 1000 times the mean square.",
                     beta2 * s0 + dtheta * dtheta, s);
        std::vector<double> theta(11, 1.0), vv(11, 0.5), ss(11), d(11), want(11);
        for (std::size_t i = 0; i < 11; ++i) {
            ss[i] = 0.05 * double(i);
            d[i] = 1.0 - 0.3 * double(i);
            want[i] = beta2 * ss[i] + (1 - beta2) * d[i] * d[i];
        }
        simd_call(rule, theta, vv, ss, d);
        s_eq.close_all("s through the SIMD loop (double, 11 coordinates)", want, ss, 1e-12);
    });

    // ---- v_corrected = v / (1 - beta^t)
    auto& c_eq = sheet.equation(
        "v_corrected = v / (1 - beta1^t), s_corrected = s / (1 - beta2^t)",
        "corrected(moment, beta_t) gets beta^t already computed: divide the moment by "
        "1 - beta_t. With beta_t = 0 (correction off) it returns the moment unchanged.");
    c_eq.run([&] {
        // After one step from 0, v = (1 - beta1) dtheta: the corrected v is dtheta itself.
        const double dtheta = 0.4, v1 = (1 - beta1) * dtheta;
        const double got = adam::corrected(v1, beta1);
        c_eq.close("v_corrected at t = 1: v = (1 - 0.9) 0.4 over 1 - 0.9^1 is the gradient 0.4",
                   dtheta, got, 1e-12);
        const double ratio = adam::uncorrected_step_ratio(beta1, beta2, 1);
        c_eq.mistake("v and s are not divided by 1 - beta^t: your first Adam step would be " +
                         g(ratio) + " alpha instead of alpha (for beta1 = 0.9, beta2 = "
                         "0.999).",
                     v1, got);
        c_eq.mistake("the moment is multiplied by 1 - beta^t (the notes' word \"multiply\" read "
                     "literally); the correction divides, so v_corrected is the gradient's "
                     "size.",
                     v1 * (1 - beta1), got);
        c_eq.mistake("the moment is divided by beta^t instead of 1 - beta^t.", v1 / beta1, got);
        const double s3 = 0.0123, b3 = std::pow(beta2, 3.0);
        c_eq.close("s_corrected at t = 3: 0.0123 / (1 - 0.999^3)", s3 / (1 - b3),
                   adam::corrected(s3, b3), 1e-12);
        c_eq.close("correction off (beta_t = 0) leaves the moment as it is", 0.25,
                   adam::corrected(0.25, 0.0), 1e-15);
        using V = common::stdx::native_simd<float>;
        const V lanes = adam::corrected(V(0.02f), 0.9f);
        c_eq.close("the same function on native_simd<float> lanes", 0.2, double(lanes[0]), 1e-6);
    });

    // ---- theta := theta - alpha v_corrected / sqrt(s_corrected + eps)
    auto& step_eq = sheet.equation(
        "theta := theta - alpha v_corrected / sqrt(s_corrected + eps)",
        "use v_corrected and s_corrected (computed just above your block); eps_placement says "
        "where eps goes: inside the root (the notes) or outside, sqrt(s_corrected) + eps "
        "(torch.optim).");
    step_eq.builds_on(c_eq);
    step_eq.run([&] {
        // eps = 1e-4 and a small s make the two placements of eps visibly different.
        const double eps = 1e-4, b1t = 0.5, b2t = 0.25, theta0 = 1.0, dtheta = 0.01;
        for (EpsPlacement placement : {EpsPlacement::inside, EpsPlacement::outside}) {
            const bool inside = placement == EpsPlacement::inside;
            const auto rule = rule_of<double>(alpha, beta1, beta2, eps, b1t, b2t, placement);
            const State after = one_call(rule, {theta0, 0.02, 3e-5}, dtheta);
            const double vc = after.v / (1 - b1t), sc = after.s / (1 - b2t);
            const double want_inside = theta0 - alpha * vc / std::sqrt(sc + eps);
            const double want_outside = theta0 - alpha * vc / (std::sqrt(sc) + eps);
            const double want = inside ? want_inside : want_outside;
            step_eq.close(std::string("theta after one step, eps ") +
                              (inside ? "inside the root (the notes)" : "outside (torch)"),
                          want, after.theta, 1e-12);
            if (inside) {
                step_eq.mistake("eps is outside the root, sqrt(s_corrected) + eps, where "
                                "eps_placement asks for the notes' sqrt(s_corrected + eps).",
                                want_outside, after.theta);
            } else {
                step_eq.mistake("eps is inside the root where eps_placement == outside asks "
                                "for sqrt(s_corrected) + eps (torch's placement).",
                                want_inside, after.theta);
            }
            step_eq.mistake("the step goes uphill: theta := theta + ... (subtract it).",
                            2 * theta0 - want, after.theta);
            step_eq.mistake("the step uses v and s, not v_corrected and s_corrected.",
                            theta0 - alpha * after.v / (inside ? std::sqrt(after.s + eps)
                                                               : std::sqrt(after.s) + eps),
                            after.theta);
            step_eq.mistake("the root is missing: divide by sqrt(s_corrected + eps), not by "
                            "s_corrected + eps.",
                            theta0 - alpha * vc / (sc + eps), after.theta);
        }
        // Through the SIMD loop in float: 11 coordinates, the notes' placement.
        const auto rule = rule_of<float>(alpha, beta1, beta2, 1e-8, b1t, b2t,
                                         EpsPlacement::inside);
        std::vector<float> theta(11, 1.0f), vv(11), ss(11), d(11);
        std::vector<double> want(11);
        for (std::size_t i = 0; i < 11; ++i) {
            vv[i] = float(0.01 * double(i + 1));
            ss[i] = float(0.001 * double(i + 1));
            d[i] = float(0.5 - 0.1 * double(i));
        }
        std::vector<float> v_after(vv), s_after(ss);
        for (std::size_t i = 0; i < 11; ++i) {  // v and s the learner's own code gives
            float th = 1.0f;
            rule(th, v_after[i], s_after[i], d[i]);
            want[i] = 1.0 - alpha * (double(v_after[i]) / (1 - b1t)) /
                                std::sqrt(double(s_after[i]) / (1 - b2t) + 1e-8);
        }
        simd_call(rule, theta, vv, ss, d);
        step_eq.close_all("theta through the SIMD loop (float, 11 coordinates)", want,
                          std::vector<double>(theta.begin(), theta.end()), 1e-5);
    });
    return sheet.finish();
}
