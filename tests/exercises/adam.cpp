// The Adam exercise (chapters/05-adam/adam.hpp): v, s, their bias correction and the step;
// beyond the notes, AdamW's decoupled decay and AMSGrad's running maximum of s.
// Each equation is checked on its own: the step is checked on the v and s the learner's
// code produced, so a wrong v does not make a right step look wrong.
#include <algorithm>
#include <cmath>
#include <span>
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

// The rule as adam_rule() builds it, from beta1^t and beta2^t (0: correction off): 1 - beta
// and 1 - beta^t computed in double, rounded once to T.
template <class T>
AdamRule<T> rule_of(double alpha, double beta1, double beta2, double eps, double beta1_t,
                    double beta2_t, EpsPlacement placement) {
    return {.alpha = T(alpha), .beta1 = T(beta1), .beta2 = T(beta2),
            .one_minus_beta1 = T(1 - beta1), .one_minus_beta2 = T(1 - beta2), .eps = T(eps),
            .bias_correction1 = T(1 - beta1_t), .bias_correction2 = T(1 - beta2_t),
            .eps_placement = placement};
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
        "new gradient; the rule holds 1 - beta1 as one_minus_beta1 (computed in double).");
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
        "s is RMSprop's EWMA of the squared gradient, element by element: dtheta * dtheta; "
        "the rule holds 1 - beta2 as one_minus_beta2 (computed in double).");
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
        "corrected(moment, bias_correction) gets 1 - beta^t already computed (in double, by "
        "adam_rule): divide the moment by it. With bias correction off it is 1, and the "
        "moment comes back unchanged.");
    c_eq.run([&] {
        // After one step from 0, v = (1 - beta1) dtheta: the corrected v is dtheta itself.
        const double dtheta = 0.4, v1 = (1 - beta1) * dtheta;
        const double got = adam::corrected(v1, 1 - beta1);  // 1 - beta1^1
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
                   adam::corrected(s3, 1 - b3), 1e-12);
        c_eq.close("correction off (divisor 1) leaves the moment as it is", 0.25,
                   adam::corrected(0.25, 1.0), 1e-15);
        using V = common::stdx::native_simd<float>;
        const V lanes = adam::corrected(V(0.02f), 0.1f);
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

    // ---- Beyond the notes: AdamW's decoupled weight decay
    auto& decay_eq = sheet.equation(
        "theta := theta - alpha lambda theta",
        "AdamW shrinks theta before the Adam step, by the fraction alpha lambda of itself "
        "(lambda is weight_decay); the Adam step then runs on the shrunk theta.");
    decay_eq.run([&] {
        // dtheta = 0 with v = s = 0: the Adam step after the decay does not move theta, so
        // theta after the call is the decay alone (2 (1 - 0.1 * 0.5) = 1.9).
        const double a = 0.1, lambda = 0.5, theta0 = 2.0;
        const adam::AdamWRule<double> rule{
            .adam = rule_of<double>(a, beta1, beta2, 1e-8, 0.5, 0.25, EpsPlacement::inside),
            .weight_decay = lambda};
        State x{theta0, 0.0, 0.0};
        rule(x.theta, x.v, x.s, 0.0);
        decay_eq.close("theta = 2 after the decay alone (dtheta = 0), alpha = 0.1, lambda = 0.5",
                       theta0 - a * lambda * theta0, x.theta, 1e-12);
        decay_eq.mistake("the decay is not scaled by alpha: theta := theta - lambda theta "
                         "removes " + g(lambda) + " of theta per step instead of alpha lambda "
                         "= " + g(a * lambda) + ".",
                         theta0 - lambda * theta0, x.theta);
        decay_eq.mistake("theta is missing from the decay: theta := theta - alpha lambda "
                         "takes a constant off, whatever theta's size and sign.",
                         theta0 - a * lambda, x.theta);
        decay_eq.mistake("the decay goes the wrong way: theta := theta + alpha lambda theta "
                         "grows theta.",
                         theta0 + a * lambda * theta0, x.theta);
        decay_eq.mistake("theta is set to alpha lambda theta; subtract it from theta instead.",
                         a * lambda * theta0, x.theta);
        // Through the SIMD loop, 11 coordinates, double and float.
        const auto wf = adam::AdamWRule<float>{
            .adam = rule_of<float>(a, beta1, beta2, 1e-8, 0.5, 0.25, EpsPlacement::inside),
            .weight_decay = float(lambda)};
        std::vector<double> td(11), vd(11, 0.0), sd(11, 0.0), dd(11, 0.0), want(11);
        std::vector<float> tf(11), vf(11, 0.0f), sf(11, 0.0f), df(11, 0.0f);
        for (std::size_t i = 0; i < 11; ++i) {
            td[i] = 1.5 - 0.3 * double(i);
            tf[i] = float(td[i]);
            want[i] = td[i] - a * lambda * td[i];
        }
        simd_call(rule, td, vd, sd, dd);
        decay_eq.close_all("the decay through the SIMD loop (double, 11 coordinates)", want, td,
                           1e-12);
        simd_call(wf, tf, vf, sf, df);
        decay_eq.close_all("the decay through the SIMD loop (float)", want,
                           std::vector<double>(tf.begin(), tf.end()), 1e-6);
    });

    // ---- Beyond the notes: AMSGrad's running maximum
    auto& max_eq = sheet.equation(
        "s_max := max(s_max, s)",
        "AMSGrad keeps the largest s seen so far, the uncorrected s just updated above your "
        "block; the step below divides by it. Call max unqualified (the rule says `using "
        "std::max;`), so that native_simd lanes take their own max.");
    max_eq.builds_on(s_eq);
    max_eq.run([&] {
        const double b2t = 0.25;  // beta2^t
        const adam::AmsGradRule<double> rule{
            .adam = rule_of<double>(alpha, beta1, beta2, 1e-8, 0.5, b2t, EpsPlacement::inside)};
        // From s_max = 1e-4 below the new s: s_max becomes the learner's own new s.
        double theta = 1.0, v = 0.1, s = 0.2, s_max = 1e-4;
        const double dtheta = 2.0;
        rule(theta, v, s, s_max, dtheta);
        max_eq.close("s_max below the new s (1e-4): it becomes s", s, s_max, 1e-12);
        max_eq.mistake("s_max is the max of the corrected s: keep the uncorrected s (torch's "
                       "max_exp_avg_sq); the step below corrects s_max itself.",
                       std::max(1e-4, s / (1 - b2t)), s_max);
        max_eq.mistake("s_max takes the max with dtheta^2: compare with s, the average just "
                       "updated.",
                       std::max(1e-4, dtheta * dtheta), s_max);
        // From s_max = 5 above it: s_max stays 5.
        double theta2 = 1.0, v2 = 0.1, s2 = 0.2, s_max2 = 5.0;
        rule(theta2, v2, s2, s_max2, dtheta);
        max_eq.close("s_max above the new s (5): it stays 5", 5.0, s_max2, 1e-15);
        max_eq.mistake("s_max just follows s: that is Adam again, with no memory of the "
                       "largest s; keep the larger of s_max and s.",
                       s2, s_max2);
        // Through the SIMD loop: half the coordinates below the new s, half above.
        std::vector<double> th(11, 1.0), vv(11, 0.1), ss(11), mm(11), d(11), want(11);
        std::vector<float> thf(11, 1.0f), vf(11, 0.1f), sf(11), mf(11), df(11);
        for (std::size_t i = 0; i < 11; ++i) {
            ss[i] = 0.01 * double(i + 1);
            mm[i] = i % 2 ? 1.0 : 1e-3;
            d[i] = 1.0 - 0.2 * double(i);
            sf[i] = float(ss[i]);
            mf[i] = float(mm[i]);
            df[i] = float(d[i]);
        }
        std::vector<double> s_after(ss);
        for (std::size_t i = 0; i < 11; ++i) {  // the s the learner's own code gives
            double v0 = 0.1;
            rule.adam.moments(v0, s_after[i], d[i]);
            want[i] = std::max(mm[i], s_after[i]);
        }
        common::run_simd(rule, std::span<double>(th), std::span<const double>(d),
                         std::span<double>(vv), std::span<double>(ss), std::span<double>(mm));
        max_eq.close_all("s_max through the SIMD loop (double, 11 coordinates)", want, mm, 1e-12);
        const adam::AmsGradRule<float> rf{
            .adam = rule_of<float>(alpha, beta1, beta2, 1e-8, 0.5, b2t, EpsPlacement::inside)};
        common::run_simd(rf, std::span<float>(thf), std::span<const float>(df),
                         std::span<float>(vf), std::span<float>(sf), std::span<float>(mf));
        max_eq.close_all("s_max through the SIMD loop (float)", want,
                         std::vector<double>(mf.begin(), mf.end()), 1e-5);
    });
    return sheet.finish();
}
