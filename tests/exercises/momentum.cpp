// The momentum exercise (chapters/03-momentum/momentum.hpp): v in the notes' form, v in the
// unscaled form, and the step; beyond the notes, Nesterov's step in both forms (its v is
// momentum's, the same block). Each equation is checked on its own: a step is checked on
// the v the learner's code produced, so a wrong v does not make a right step look wrong.
#include <cstdio>
#include <string>
#include <vector>

#include "chapters/03-momentum/momentum.hpp"
#include "tests/exercises/exercise.hpp"

namespace {

using momentum::MomentumForm;
using momentum::MomentumRule;
using momentum::NesterovRule;

// One call of the learner's rule (momentum's or Nesterov's) on one coordinate.
struct State {
    double theta, v;
};
template <class Rule>
State one_call(const Rule& rule, State x, double dtheta) {
    rule(x.theta, x.v, dtheta);
    return x;
}

using exercise::simd_call;

// The rules as the optimizers build them: 1 - beta computed in double, rounded once to T.
template <class T>
MomentumRule<T> rule_of(double alpha, double beta, MomentumForm form) {
    return {.alpha = T(alpha), .beta = T(beta), .one_minus_beta = T(1 - beta), .form = form};
}

template <class T>
NesterovRule<T> nesterov_of(double alpha, double beta, MomentumForm form) {
    return {.alpha = T(alpha), .beta = T(beta), .one_minus_beta = T(1 - beta), .form = form};
}

std::vector<double> widened(const std::vector<float>& x) { return {x.begin(), x.end()}; }

// 11 coordinates (whole SIMD registers and a scalar tail): v_i = 0.1 i, dtheta_i = 1 - 0.3 i.
constexpr std::size_t n = 11;
double v_start(std::size_t i) { return 0.1 * double(i); }
double dtheta_of(std::size_t i) { return 1.0 - 0.3 * double(i); }

// v of the given form after one step from v_start(i) with dtheta_of(i), by hand, checked
// through the SIMD loop in double and in float.
void check_v_simd(exercise::Equation& eq, MomentumForm form, double beta,
                  const std::string& name) {
    const double alpha = 0.1;
    std::vector<double> theta(n, 1.0), v(n), d(n), want(n);
    std::vector<float> tf(n, 1.0f), vf(n), df(n);
    for (std::size_t i = 0; i < n; ++i) {
        v[i] = v_start(i);
        d[i] = dtheta_of(i);
        vf[i] = float(v[i]);
        df[i] = float(d[i]);
        want[i] = form == MomentumForm::notes ? beta * v[i] + (1 - beta) * d[i]
                                              : beta * v[i] + d[i];
    }
    simd_call(rule_of<double>(alpha, beta, form), theta, v, d);
    eq.close_all(name + " through the SIMD loop (double, 11 coordinates)", want, v, 1e-12);
    simd_call(rule_of<float>(alpha, beta, form), tf, vf, df);
    eq.close_all(name + " through the SIMD loop (float, 11 coordinates)", want, widened(vf),
                 1e-5);
}

// Nesterov's step in `form`, by hand, with the v the learner's code made: notes' form
// beta v + (1 - beta) dtheta, unscaled dtheta + beta v.
double nesterov_by_hand(double theta, double v, double dtheta, double alpha, double beta,
                        MomentumForm form) {
    const double look_ahead = form == MomentumForm::notes ? beta * v + (1 - beta) * dtheta
                                                          : dtheta + beta * v;
    return theta - alpha * look_ahead;
}

// Nesterov's step through the SIMD loop in double and float, 11 coordinates, checked on the
// learner's own v.
void check_nesterov_simd(exercise::Equation& eq, MomentumForm form, double alpha, double beta,
                         const std::string& name) {
    std::vector<double> theta(n), v(n), d(n), want(n);
    std::vector<float> tf(n), vf(n), df(n);
    for (std::size_t i = 0; i < n; ++i) {
        theta[i] = 1.0 + 0.05 * double(i);
        v[i] = v_start(i);
        d[i] = dtheta_of(i);
        tf[i] = float(theta[i]);
        vf[i] = float(v[i]);
        df[i] = float(d[i]);
    }
    const std::vector<double> theta_before = theta;
    simd_call(nesterov_of<double>(alpha, beta, form), theta, v, d);
    for (std::size_t i = 0; i < n; ++i) {
        want[i] = nesterov_by_hand(theta_before[i], v[i], d[i], alpha, beta, form);
    }
    eq.close_all(name + " through the SIMD loop (double, 11 coordinates)", want, theta, 1e-12);
    simd_call(nesterov_of<float>(alpha, beta, form), tf, vf, df);
    for (std::size_t i = 0; i < n; ++i) {
        want[i] = nesterov_by_hand(theta_before[i], double(vf[i]), d[i], alpha, beta, form);
    }
    eq.close_all(name + " through the SIMD loop (float, 11 coordinates)", want, widened(tf),
                 1e-6);
}

}  // namespace

int main() {
    exercise::Sheet sheet("Momentum", "momentum");
    const double beta = 0.9, alpha = 0.1;
    const double theta0 = 1.0, v0 = 0.5, dtheta = 2.0;

    // ---- v := beta v + (1 - beta) dtheta  (form == notes)
    auto& notes_eq = sheet.equation(
        "v := beta v + (1 - beta) dtheta",
        "v is an EWMA of the gradients (chapter 02): keep beta of the old v and add "
        "(1 - beta) of the new dtheta, given as one_minus_beta (computed in double).");
    notes_eq.run([&] {
        const auto rule = rule_of<double>(alpha, beta, MomentumForm::notes);
        const double v = one_call(rule, {theta0, v0}, dtheta).v;
        notes_eq.close("v after one step from v = 0.5 with dtheta = 2, beta = 0.9",
                       beta * v0 + (1 - beta) * dtheta, v, 1e-12);
        notes_eq.mistake("beta and 1 - beta are swapped: v := (1 - beta) v + beta dtheta keeps "
                         "only 10% of the old v and follows the newest gradient.",
                         (1 - beta) * v0 + beta * dtheta, v);
        notes_eq.mistake("this is the unscaled form v := beta v + dtheta; form == notes asks "
                         "for (1 - beta) dtheta, and the unscaled v settles 1 / (1 - beta) = 10 "
                         "times larger.",
                         beta * v0 + dtheta, v);
        notes_eq.mistake("v is replaced by the gradient (v := dtheta): nothing of the old v is "
                         "kept, so this is plain gradient descent.",
                         dtheta, v);
        // From v = 0, after k steps of a constant gradient g: (1 - beta^k) g, below g.
        double vk = 0, th = 0;
        for (int k = 0; k < 3; ++k) rule(th, vk, 1.0);
        notes_eq.close("v after 3 steps of dtheta = 1 from v = 0: 1 - 0.9^3", 1 - 0.729, vk,
                       1e-12);
        check_v_simd(notes_eq, MomentumForm::notes, beta, "v (notes' form)");
    });

    // ---- v := beta v + dtheta  (form == unscaled)
    auto& unscaled_eq = sheet.equation(
        "v := beta v + dtheta",
        "the unscaled form (torch.optim.SGD) adds the whole gradient to beta of the old v: "
        "no (1 - beta) factor; alpha is then re-tuned by (1 - beta) instead.");
    unscaled_eq.run([&] {
        const auto rule = rule_of<double>(alpha, beta, MomentumForm::unscaled);
        const double v = one_call(rule, {theta0, v0}, dtheta).v;
        unscaled_eq.close("v after one step from v = 0.5 with dtheta = 2, beta = 0.9",
                          beta * v0 + dtheta, v, 1e-12);
        unscaled_eq.mistake("this is the notes' form v := beta v + (1 - beta) dtheta; "
                            "form == unscaled asks for v := beta v + dtheta, the whole gradient.",
                            beta * v0 + (1 - beta) * dtheta, v);
        unscaled_eq.mistake("(1 - beta) multiplies the old v: v := (1 - beta) v + dtheta; "
                            "the unscaled form keeps beta v.",
                            (1 - beta) * v0 + dtheta, v);
        unscaled_eq.mistake("v is replaced by the gradient (v := dtheta): nothing of the old v "
                            "is kept, so this is plain gradient descent.",
                            dtheta, v);
        double vk = 0, th = 0;
        for (int k = 0; k < 3; ++k) rule(th, vk, 1.0);
        unscaled_eq.close("v after 3 steps of dtheta = 1 from v = 0: 1 + 0.9 + 0.81",
                          1 + 0.9 + 0.81, vk, 1e-12);
        check_v_simd(unscaled_eq, MomentumForm::unscaled, beta, "v (unscaled form)");
    });

    // ---- theta := theta - alpha v
    auto& step_eq = sheet.equation(
        "theta := theta - alpha v",
        "the step moves theta against v, the averaged gradient (already updated just above "
        "your block), scaled by alpha.");
    step_eq.run([&] {
        for (MomentumForm form : {MomentumForm::notes, MomentumForm::unscaled}) {
            const bool notes = form == MomentumForm::notes;
            const State after = one_call(rule_of<double>(alpha, beta, form), {theta0, v0},
                                         dtheta);
            const double want = theta0 - alpha * after.v;  // the v the learner's code made
            step_eq.close(std::string("theta after one step from theta = 1 (") +
                              (notes ? "notes' form" : "unscaled form") + ", alpha = 0.1)",
                          want, after.theta, 1e-12);
            step_eq.mistake("the step uses dtheta, not v: theta := theta - alpha dtheta is "
                            "plain gradient descent, the momentum is ignored.",
                            theta0 - alpha * dtheta, after.theta);
            step_eq.mistake("the step goes uphill: theta := theta + alpha v (subtract it).",
                            theta0 + alpha * after.v, after.theta);
            step_eq.mistake("alpha is missing: theta := theta - v takes the whole of v "
                            "(10 times this step for alpha = 0.1).",
                            theta0 - after.v, after.theta);
        }
        // Through the SIMD loop, the learner's own v, in double and in float.
        for (MomentumForm form : {MomentumForm::notes, MomentumForm::unscaled}) {
            const std::string name = form == MomentumForm::notes ? "notes' form" : "unscaled form";
            std::vector<double> theta(n), v(n), d(n), want(n);
            std::vector<float> tf(n), vf(n), df(n);
            for (std::size_t i = 0; i < n; ++i) {
                theta[i] = 1.0 + 0.05 * double(i);
                v[i] = v_start(i);
                d[i] = dtheta_of(i);
                tf[i] = float(theta[i]);
                vf[i] = float(v[i]);
                df[i] = float(d[i]);
            }
            const std::vector<double> theta_before = theta;
            simd_call(rule_of<double>(alpha, beta, form), theta, v, d);
            for (std::size_t i = 0; i < n; ++i) want[i] = theta_before[i] - alpha * v[i];
            step_eq.close_all("theta through the SIMD loop (double, 11 coordinates, " + name + ")",
                              want, theta, 1e-12);
            simd_call(rule_of<float>(alpha, beta, form), tf, vf, df);
            for (std::size_t i = 0; i < n; ++i) {
                want[i] = theta_before[i] - alpha * double(vf[i]);
            }
            step_eq.close_all("theta through the SIMD loop (float, 11 coordinates, " + name + ")",
                              want, widened(tf), 1e-6);
        }
    });

    // ---- Beyond the notes: Nesterov's step, notes' form
    // From theta = 1, v = 0.5, dtheta = 2, alpha = 0.1, beta = 0.9; v is the learner's new v.
    auto& nag_eq = sheet.equation(
        "theta := theta - alpha (beta v + (1 - beta) dtheta)",
        "Nesterov looks one step ahead: v is already updated (momentum's v, above), and the step "
        "takes beta of this new v plus the (1 - beta) share of the gradient once more.");
    nag_eq.run([&] {
        const auto after = one_call(nesterov_of<double>(alpha, beta, MomentumForm::notes),
                                    {theta0, v0}, dtheta);
        nag_eq.close("Nesterov's theta after one step from theta = 1 (notes' form, alpha = 0.1, "
                     "beta = 0.9)",
                     nesterov_by_hand(theta0, after.v, dtheta, alpha, beta, MomentumForm::notes),
                     after.theta, 1e-12);
        nag_eq.mistake("this is momentum's step theta := theta - alpha v (beta times the OLD v "
                       "plus (1 - beta) dtheta gives the same): Nesterov takes beta times the "
                       "NEW v, one step further ahead.",
                       theta0 - alpha * after.v, after.theta);
        nag_eq.mistake("this is the unscaled form's step theta - alpha (dtheta + beta v); the "
                       "notes' form takes (1 - beta) dtheta, a step 10 times too large in the "
                       "gradient's share.",
                       theta0 - alpha * (beta * after.v + dtheta), after.theta);
        nag_eq.mistake("beta and 1 - beta are swapped: (1 - beta) v + beta dtheta.",
                       theta0 - alpha * ((1 - beta) * after.v + beta * dtheta), after.theta);
        nag_eq.mistake("the step goes uphill: subtract alpha (beta v + (1 - beta) dtheta).",
                       theta0 + alpha * (beta * after.v + (1 - beta) * dtheta), after.theta);
        check_nesterov_simd(nag_eq, MomentumForm::notes, alpha, beta, "Nesterov's theta (notes' "
                            "form)");
    });

    // ---- Beyond the notes: Nesterov's step, unscaled form (torch.optim.SGD, nesterov=True)
    auto& nag_u_eq = sheet.equation(
        "theta := theta - alpha (dtheta + beta v)",
        "as torch.optim.SGD(nesterov=True): the whole gradient plus beta of the v just updated "
        "above (no (1 - beta) factors in the unscaled form).");
    nag_u_eq.run([&] {
        const auto after = one_call(nesterov_of<double>(alpha, beta, MomentumForm::unscaled),
                                    {theta0, v0}, dtheta);
        nag_u_eq.close("Nesterov's theta after one step from theta = 1 (unscaled form, "
                       "alpha = 0.1, beta = 0.9)",
                       nesterov_by_hand(theta0, after.v, dtheta, alpha, beta,
                                        MomentumForm::unscaled),
                       after.theta, 1e-12);
        nag_u_eq.mistake("this is momentum's step theta := theta - alpha v (dtheta plus beta "
                         "times the OLD v gives the same): Nesterov adds beta times the NEW v.",
                         theta0 - alpha * after.v, after.theta);
        nag_u_eq.mistake("this is the notes' form's step theta - alpha (beta v + (1 - beta) "
                         "dtheta); the unscaled form takes the whole dtheta.",
                         theta0 - alpha * (beta * after.v + (1 - beta) * dtheta), after.theta);
        nag_u_eq.mistake("the step goes uphill: subtract alpha (dtheta + beta v).",
                         theta0 + alpha * (dtheta + beta * after.v), after.theta);
        check_nesterov_simd(nag_u_eq, MomentumForm::unscaled, alpha, beta,
                            "Nesterov's theta (unscaled form)");
    });
    return sheet.finish();
}
