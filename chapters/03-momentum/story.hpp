// story.hpp: what chapter-momentum prints and draws, built from the run's numbers: the
// sentence about each path and training run, the speed, zig-zag and overshoot words, the one
// line when the chapter's own momentum run diverges, the sentence about the two forms, the
// closing "What this run showed:" bullets, the series and charts of the figures, and the
// "Beyond the notes" section (the rates of GD, heavy ball and Nesterov; Nesterov's forms). Each
// sentence picks its words by comparing this run's numbers (checked in
// tests/momentum_test.cpp); the numbers themselves are measured in momentum.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chapters/03-momentum/momentum.hpp"
#include "common/functions_2d.hpp"
#include "common/io/plot.hpp"
#include "common/io/report.hpp"

namespace momentum {

// ---- Sentences about paths, speeds and training runs -----------------------------------

// One sentence about where a 2-D path went: "overflows after 8 steps", "ends farther away
// than it started: ...", "gets within 0.01 after 34 steps, ends at distance ...", "ends at
// distance ...".
inline std::string path_outcome(const common::Function2d& fn, const common::Path2d& path,
                                std::size_t steps) {
    char buf[160];
    const double end = common::distance_to_minimum(fn, path.back());
    if (common::overflowed(path, steps)) {
        std::snprintf(buf, sizeof buf, "overflows after %zu steps", path.size() - 1);
    } else if (diverged(fn, path, steps)) {
        std::snprintf(buf, sizeof buf, "ends farther away than it started (distance %.3g)", end);
    } else if (const auto k = common::steps_to_reach(fn, path, 0.01)) {
        std::snprintf(buf, sizeof buf, "gets within 0.01 after %zu steps, ends at distance %.3g",
                      *k, end);
    } else {
        std::snprintf(buf, sizeof buf, "ends at distance %.3g", end);
    }
    return buf;
}

// How momentum's steps to a target compare with plain GD's: "faster than", "slower than" or
// "as fast as" plain GD (both got there).
inline std::string speed_word(std::size_t gd, std::size_t mom) {
    return mom < gd ? "faster than" : mom > gd ? "slower than" : "as fast as";
}

// "momentum with beta = 0.9 was slower than plain GD (108 against 75 steps)", or which of
// the two never got there.
inline std::string speed_sentence(double beta, std::optional<std::size_t> gd,
                                  std::optional<std::size_t> mom) {
    char buf[200];
    if (gd && mom) {
        std::snprintf(buf, sizeof buf, "momentum with beta = %g was %s plain GD (%zu against "
                      "%zu steps)", beta, speed_word(*gd, *mom).c_str(), *mom, *gd);
    } else if (mom) {
        std::snprintf(buf, sizeof buf, "momentum with beta = %g got there in %zu steps, plain "
                      "GD never did", beta, *mom);
    } else if (gd) {
        std::snprintf(buf, sizeof buf, "momentum with beta = %g never got there, plain GD did "
                      "in %zu steps", beta, *gd);
    } else {
        std::snprintf(buf, sizeof buf, "neither momentum with beta = %g nor plain GD got there",
                      beta);
    }
    return buf;
}

// The speed sentence of the quadratic's own beta against plain GD (beta = 0 in the sweep).
inline std::string speed_sentence(const Bowl& q) {
    return speed_sentence(q.beta, q.sweep.steps_of(0), q.sweep.steps_of(q.beta));
}

// Plain GD on a direction of curvature lambda diverges for alpha >= 2 / lambda: the line that
// says so, or "" when it is stable.
inline std::string gd_divergence(double lambda, double alpha) {
    if (alpha < 2 / lambda) return "";
    char buf[200];
    std::snprintf(buf, sizeof buf, "Plain GD diverges here: alpha = %g is not below its limit "
                  "2 / %g = %g; each step multiplies y by 1 - %g alpha = %.3g.", alpha, lambda,
                  2 / lambda, lambda, 1 - lambda * alpha);
    return buf;
}

// The zig-zag: whether momentum's path crossed the minimum's y less often than plain GD's.
inline std::string zigzag_word(std::size_t gd_crossings, std::size_t mom_crossings) {
    return mom_crossings < gd_crossings ? "damped the zig-zag" : "did not damp the zig-zag";
}

// Along a direction of curvature lambda: does momentum overshoot and circle in (complex roots,
// shrinking by sqrt(beta) per step) or approach without circling (real roots)?
inline std::string overshoot_words(double lambda, double alpha, double beta, MomentumForm form) {
    return circles(lambda, alpha, beta, form) ? "overshoots and circles in (complex roots)"
                                              : "approaches without circling (real roots)";
}

// Two distances "about the same": within 10% of the larger.
inline bool about_the_same(double a, double b) {
    return std::abs(a - b) <= 0.1 * std::max(std::abs(a), std::abs(b));
}

// One sentence about where a training run went: NaN/Inf, grew above J(0), or how far above
// the floor J_ols it ended.
inline std::string run_outcome(const Run& r, double J_ols, double J_0,
                               const std::vector<double>& theta_ols) {
    char buf[200];
    const auto& cost = r.history.cost;
    if (r.history.diverged_at != 0) {
        std::snprintf(buf, sizeof buf, "the cost became %s at epoch %zu",
                      std::isnan(cost.back()) ? "NaN" : "Inf", r.history.diverged_at);
    } else if (!(cost.back() <= J_0)) {
        std::snprintf(buf, sizeof buf, "the cost grew to %.4g (J(0) = %.6g)", cost.back(), J_0);
    } else {
        std::snprintf(buf, sizeof buf, "ends %.4g above the floor, ||theta - theta_ols|| %.4g",
                      cost.back() - J_ols, gradient_descent::distance(r.theta, theta_ols));
    }
    return buf;
}

// J - J_ols per epoch, for a chart: up to the first epoch whose cost is not below 10 J(0)
// (a diverging run, which a log axis could not show), left out from there on.
inline std::vector<double> excess_cost(const Run& r, double J_ols, double J_0) {
    std::vector<double> excess;
    for (double J : r.history.cost) {
        if (!(J < 10 * J_0)) break;
        excess.push_back(J - J_ols);
    }
    return excess;
}

// What the two Rosenbrock runs showed: at alpha, where momentum ended against plain GD
// (distances d_mom, d_gd); at the larger alpha_big, which of them stayed in the valley.
inline std::string rosenbrock_sentence(double alpha, double d_gd, double d_mom,
                                       double alpha_big, bool gd_big_out, bool mom_big_out) {
    char buf[320];
    std::snprintf(buf, sizeof buf, "at alpha = %g momentum ended %s (%.3g against %.3g); at "
                  "alpha = %g %s", alpha,
                  about_the_same(d_gd, d_mom) ? "about where plain GD ended"
                  : d_mom < d_gd              ? "nearer the minimum than plain GD"
                                              : "farther from the minimum than plain GD",
                  d_mom, d_gd, alpha_big,
                  gd_big_out && !mom_big_out    ? "momentum stayed in the valley, plain GD did not"
                  : !gd_big_out && !mom_big_out ? "both stayed in the valley"
                  : gd_big_out                  ? "both left the valley"
                                  : "plain GD stayed in the valley, momentum did not");
    return buf;
}

// What the training runs showed: plain GD diverged at epoch gd_stop (0: it did not), or the
// mean height above the floor over epochs first..last and which method settled lower.
inline std::string training_sentence(std::size_t gd_stop, double gd_limit, std::size_t first,
                                     std::size_t last, double gd_excess, double mom_excess) {
    char buf[320];
    if (gd_stop != 0) {
        std::snprintf(buf, sizeof buf, "plain GD diverged at epoch %zu (its limit is alpha < "
                      "%.3g), momentum did not", gd_stop, gd_limit);
    } else {
        std::snprintf(buf, sizeof buf, "over epochs %zu..%zu momentum stayed on average %.4g "
                      "above the floor, plain GD %.4g: momentum settled %s", first, last,
                      mom_excess, gd_excess,
                      about_the_same(gd_excess, mom_excess) && std::abs(gd_excess - mom_excess) <=
                              1e-9 * std::abs(gd_excess)
                          ? "as low as plain GD"
                      : mom_excess < gd_excess ? "lower"
                                               : "higher");
    }
    return buf;
}

// The Rosenbrock sentence of a measured valley.
inline std::string rosenbrock_sentence(const Valley& v) {
    return rosenbrock_sentence(v.alpha, v.d_gd, v.d_mom, v.alpha_big, v.gd_big_out,
                               v.mom_big_out);
}

// The training sentence of measured runs: plain GD's limit is 2 / lambda_max.
inline std::string training_sentence(const Training& t) {
    return training_sentence(t.gd.history.diverged_at, 2 / t.lambda_max, t.first, t.last,
                             t.gd_excess, t.mom_excess);
}

// ---- When the chapter's own momentum run diverges: one line that says so and what to try,
// "" when it did not. The quadratic's limit is exact, so it is checked before the path shows
// the growth.
inline std::string quadratic_problem(const common::Function2d& fn, const common::Path2d& path,
                                     std::size_t steps, double lambda, double alpha,
                                     double beta, MomentumForm form) {
    const double limit = alpha_limit(lambda, beta, form);
    if (alpha < limit) return "";
    char buf[400];
    std::snprintf(buf, sizeof buf, "momentum diverges on %s with alpha = %g: it %s. With beta = "
                  "%g it needs alpha < %.3g there; try --quadratic-alpha %.2g.",
                  fn.name.c_str(), alpha, path_outcome(fn, path, steps).c_str(), beta, limit,
                  limit / 4);
    return buf;
}

inline std::string training_problem(const std::string& data_name, const Run& r, double J_ols,
                                    double J_0, const std::vector<double>& theta_ols,
                                    double alpha, double beta, double limit) {
    if (r.history.diverged_at == 0 && r.history.cost.back() <= 10 * J_0) return "";
    char buf[400];
    std::snprintf(buf, sizeof buf, "momentum diverged on %s: %s with alpha = %g. With beta = %g "
                  "the full batch needs alpha < %.3g, small mini-batches less; try --alpha %.2g.",
                  data_name.c_str(), run_outcome(r, J_ols, J_0, theta_ols).c_str(), alpha, beta,
                  limit, std::min(limit / 4, alpha / 10));
    return buf;
}

inline std::string rosenbrock_problem(const common::Function2d& fn, const common::Path2d& path,
                                      std::size_t steps, double alpha) {
    if (!diverged(fn, path, steps)) return "";
    char buf[300];
    std::snprintf(buf, sizeof buf, "momentum diverged on Rosenbrock's function with alpha = %g "
                  "(it %s); try --rosenbrock-alpha %.2g.", alpha,
                  path_outcome(fn, path, steps).c_str(), alpha / 4);
    return buf;
}

// The first of the three problems on which the chapter's own momentum run diverged, as one
// line; "" if none did.
inline std::string first_problem(const Bowl& q, double q_alpha, std::size_t q_steps,
                                 const Valley& r, std::size_t r_steps, const Training& t,
                                 const std::string& data_name, double alpha, double beta,
                                 MomentumForm form) {
    std::string p = quadratic_problem(q.fn, q.mom, q_steps, q.lambda_y, q_alpha, beta, form);
    if (p.empty()) {
        p = training_problem(data_name, t.mom, t.J_ols, t.J_0, t.theta_ols, alpha, beta,
                             alpha_limit(t.lambda_max, beta, form));
    }
    return p.empty() ? rosenbrock_problem(r.fn, r.mom, r_steps, r.alpha) : p;
}

// What compare_forms showed, in two sentences: the same steps (or not) with the other alpha,
// and where the same alpha took each problem (the outcomes given as text).
inline std::string forms_sentence(const OtherForm& f, double alpha, double beta,
                                  const std::string& on_quadratic, const std::string& data_name,
                                  const std::string& on_data) {
    const bool unscaled = f.form == MomentumForm::unscaled;
    char buf[640];
    std::snprintf(buf, sizeof buf, "With alpha %s (%g in place of %g) the largest difference "
                  "of the paths and thetas is %.3g (theta up to %.4g): %s. With the same alpha "
                  "its steps are %.4g times %s: on the quadratic it %s; on %s it %s.",
                  unscaled ? "(1 - beta)" : "/ (1 - beta)", f.alpha_same, alpha, f.difference,
                  f.theta_max, same_to_rounding(f.difference, f.theta_max)
                      ? "the same steps, to rounding" : "NOT the same steps",
                  1 / (1 - beta), unscaled ? "larger" : "smaller", on_quadratic.c_str(),
                  data_name.c_str(), on_data.c_str());
    return buf;
}

// ---- The chapter program's closing lines and figures ------------------------------------

// The bullets under "What this run showed:", one per problem, each from this run's numbers.
inline std::vector<std::string> showed(const Bowl& q, const Valley& r, const Training& t,
                                       const std::string& data_name, const OtherForm& f) {
    const bool same = same_to_rounding(f.difference, f.theta_max);
    const bool other_unscaled = f.form == MomentumForm::unscaled;
    return {"Quadratic: momentum " + zigzag_word(q.gd_crossings, q.mom_crossings) +
                " (y changed sign " + std::to_string(q.mom_crossings) + " times against " +
                std::to_string(q.gd_crossings) + "), and " + speed_sentence(q) + ".",
            "Rosenbrock: " + rosenbrock_sentence(r) + ".",
            "On " + data_name + ": " + training_sentence(t) + ".",
            std::string("The ") + (other_unscaled ? "unscaled" : "notes'") + " form with alpha " +
                (other_unscaled ? "(1 - beta)" : "/ (1 - beta)") + " took " +
                (same ? "the same steps, to rounding." : "other steps.")};
}

// ---- Beyond the notes: the rates of GD, heavy ball and Nesterov, and Nesterov's forms -----

// The methods of one quadratic, fastest (smallest measured factor) first: "heavy ball,
// Nesterov, plain GD".
inline std::string fastest_first(const Rates& q) {
    std::vector<const Rate*> r = {&q.gd, &q.heavy_ball, &q.nesterov};
    std::stable_sort(r.begin(), r.end(),
                     [](const Rate* a, const Rate* b) { return a->measured < b->measured; });
    return r[0]->method + ", " + r[1]->method + ", " + r[2]->method;
}

inline std::string steps_words(const Rate& r) {
    return r.steps_1e6 ? std::to_string(*r.steps_1e6) : "more than " + std::to_string(r.K);
}

// "heavy-ball momentum needs 38 steps where plain GD needs 139 (Nesterov 65) at kappa = 20"
inline std::string steps_sentence(const Rates& q) {
    return "heavy-ball momentum needs " + steps_words(q.heavy_ball) + " steps where plain GD "
           "needs " + steps_words(q.gd) + " (Nesterov " + steps_words(q.nesterov) +
           ") at kappa = " + common::report::g(q.kappa, 4);
}

// How the steps to 1e-6 grew from kappa a to kappa b, and whether each growth is nearer to
// kappa's own growth or to sqrt kappa's (on a log scale).
inline std::string growth_sentence(const Rates& a, const Rates& b) {
    using common::report::g;
    const double k = b.kappa / a.kappa;
    const auto grew = [](const Rate& x, const Rate& y) {
        return x.steps_1e6 && y.steps_1e6 ? double(*y.steps_1e6) / double(*x.steps_1e6) : 0.0;
    };
    const auto times = [&](double ratio, const std::string& unit) {
        if (ratio <= 0) return std::string("(not measured: never got there)");
        return g(ratio, 3) + unit + " (" +
               (std::abs(std::log(ratio / k)) < std::abs(std::log(ratio / std::sqrt(k)))
                    ? "like kappa)" : "like sqrt kappa)");
    };
    return "With kappa " + g(k, 4) + " times larger (sqrt: " + g(std::sqrt(k), 3) +
           "), plain GD needed " + times(grew(a.gd, b.gd), " times the steps") +
           ", heavy ball " + times(grew(a.heavy_ball, b.heavy_ball), " times") +
           ", Nesterov " + times(grew(a.nesterov, b.nesterov), " times");
}

// How close the measured factors came to the predicted ones: plain GD's largest relative
// gap, the momentum methods' largest, and the double root's share of it.
inline std::string tolerance_sentence(const Rates& a, const Rates& b) {
    using common::report::g;
    double gd = 0, worst = 0;
    const Rate* w = &a.heavy_ball;
    for (const Rates* q : {&a, &b}) {
        gd = std::max(gd, std::abs(q->gd.measured / q->gd.predicted - 1));
        for (const Rate* r : {&q->heavy_ball, &q->nesterov}) {
            if (std::abs(r->measured / r->predicted - 1) > worst) {
                worst = std::abs(r->measured / r->predicted - 1);
                w = r;
            }
        }
    }
    // The double root explains the gap when measured / predicted is its factor within 0.3%.
    const double ratio = w->measured / w->predicted;
    const bool explained = std::abs(ratio / double_root_factor(*w) - 1) <= 3e-3;
    return "Plain GD's measured factors match the prediction to " + g(gd, 2) +
           " (relative); heavy ball's and Nesterov's differ by up to " + g(100 * worst, 3) +
           "% (" + w->method + ", measured / predicted = " + g(ratio, 5) + "): at their double "
           "root the error goes as k rho^k, which over the steps " + std::to_string(w->k0) +
           ".." + std::to_string(w->K) + " adds a factor (K / k0)^(1 / (K - k0)) = " +
           g(double_root_factor(*w), 5) + (explained ? ", the gap to within 0.3%"
                                                     : ", which does NOT explain the gap");
}

// Nesterov's other form with same_steps_alpha against the chosen form on the quadratic.
inline std::string nesterov_forms_sentence(const Beyond& b, std::size_t steps) {
    using common::report::g;
    const bool notes = b.form == MomentumForm::notes;
    return std::string("Nesterov in the ") + (notes ? "unscaled form" : "notes' form") +
           " with alpha " + (notes ? "(1 - beta)" : "/ (1 - beta)") + " = " + g(b.alpha_other) +
           " against the " + (notes ? "notes'" : "unscaled") + " form with alpha = " +
           g(b.alpha) + ", beta = " + g(b.beta) + ", " + std::to_string(steps) +
           " steps on the elongated quadratic: largest difference " + g(b.difference, 3) +
           ", " + (same_to_rounding(b.difference, b.scale) ? "the same steps, to rounding"
                                                            : "NOT the same steps") +
           (b.diverged ? " (both diverge: Nesterov needs alpha < " + g(b.limit, 3) +
                             " along y, from alpha_eff lambda < 2 (1 + beta) / (1 + 2 beta); "
                             "momentum needs alpha < " + g(alpha_limit(4, b.beta, b.form), 3) +
                             ")"
                       : "");
}

// The table of one quadratic's three runs.
inline void print_rates(const Rates& q) {
    std::printf("\n   %s, kappa = %s:\n   %-11s %8s %8s %10s %9s %12s %8s\n",
                q.fn.name.c_str(), common::report::g(q.kappa, 4).c_str(), "method", "alpha",
                "beta", "predicted", "measured", "steps k0..K", "to 1e-6");
    for (const Rate* r : {&q.gd, &q.heavy_ball, &q.nesterov}) {
        const std::string window = std::to_string(r->k0) + ".." + std::to_string(r->K);
        std::printf("   %-11s %8.4g %8.4g %10.4f %9.4f %12s %8s\n", r->method.c_str(), r->alpha,
                    r->beta, r->predicted, r->measured, window.c_str(), steps_words(*r).c_str());
    }
}

// The chapter program's "Beyond the notes" section.
inline void print_beyond(const Beyond& b, std::size_t steps) {
    namespace report = common::report;
    const bool notes = b.form == MomentumForm::notes;
    std::printf("\nBeyond the notes: why momentum works, measured; Nesterov momentum.\n");
    report::say(std::string("On f = (lambda_min x^2 + lambda_max y^2) / 2 from (-5, -2), "
                "kappa = lambda_max / lambda_min, each method tuned for kappa, and its predicted "
                "factor per step: plain GD alpha = 2 / (lambda_max + lambda_min), (kappa - 1) / "
                "(kappa + 1); heavy ball beta = ((sqrt kappa - 1) / (sqrt kappa + 1))^2, "
                "alpha = 4 / (sqrt lambda_max + sqrt lambda_min)^2 in the unscaled (heavy-ball) "
                "form, sqrt beta; Nesterov alpha = 1 / lambda_max, beta = (sqrt kappa - 1) / "
                "(sqrt kappa + 1), (sqrt kappa - 1) / sqrt kappa (the double root of z^2 - "
                "(1 + beta) c z + beta c, c = 1 - alpha lambda_min). ") +
                (notes ? "These run in the notes' form, which takes alpha / (1 - beta) for the "
                         "same steps: the alphas below are those."
                       : "These run in the unscaled form; the notes' form would take alpha / "
                         "(1 - beta).") +
                " Measured: (e_K / e_k0)^(1 / (K - k0)), e_k the distance to the minimum, K the "
                "first step with e_K <= 1e-12 e_0, k0 = K / 2.", 3, 3);
    print_rates(b.chapter);
    print_rates(b.steep);
    std::printf("\n");
    for (const std::string& line :
         {"To shrink the error 1e6-fold, " + steps_sentence(b.chapter) + ", and " +
              steps_words(b.steep.heavy_ball) + " where plain GD needs " +
              steps_words(b.steep.gd) + " (Nesterov " + steps_words(b.steep.nesterov) +
              ") at kappa = " + report::g(b.steep.kappa, 4) + ".",
          growth_sentence(b.chapter, b.steep) + ".",
          "Fastest first, measured: " + fastest_first(b.chapter) + " at kappa = " +
              report::g(b.chapter.kappa, 4) + "; " + fastest_first(b.steep) + " at kappa = " +
              report::g(b.steep.kappa, 4) + ".",
          tolerance_sentence(b.chapter, b.steep) + ".",
          nesterov_forms_sentence(b, steps) + ". The unscaled form is torch.optim.SGD(lr=alpha, "
              "momentum=beta, nesterov=True)."}) {
        report::say("- " + line, 5, 3);
    }
}

namespace plot = common::plot;

// A series in a method's colour (report::method_color: "GD", "momentum") or in `color` given
// as "#RRGGBB", dashed if asked.
inline plot::Series colored(const std::string& method_or_color, plot::Series s,
                            bool dashed = false) {
    s.color = method_or_color.starts_with("#") ? method_or_color
                                               : common::report::method_color(method_or_color);
    s.dashed = dashed;
    return s;
}

// A 2-D path over a contour plot: its points 0.04 apart, in a method's colour.
inline plot::Series drawn_path(const std::string& method_or_color, std::string label,
                                const common::Path2d& path, bool dashed) {
    return colored(method_or_color,
                   common::path_series(std::move(label), common::thinned(path, 0.04)), dashed);
}

// The steep coordinate y of a path at each step k = 0, 1, ...
inline plot::Series y_per_step(std::string label, const common::Path2d& path) {
    plot::Series s{.label = std::move(label), .x = {}, .y = {}};
    for (std::size_t k = 0; k < path.size(); ++k) s.x.push_back(double(k));
    for (const auto& p : path) s.y.push_back(p[1]);
    return s;
}

// "momentum, β = 0.9", with ", unscaled" in the unscaled form: momentum's label in figures.
inline std::string momentum_label(double beta, MomentumForm form) {
    return "momentum, β = " + common::report::g(beta) +
           (form == MomentumForm::notes ? "" : ", unscaled");
}

// The quadratic's two figures: the paths over the contours and y step by step. Momentum
// solid; the beta of the fewest steps, when it is not `beta`, dashed in another colour;
// plain GD last and dashed, so neither method hides the other.
struct BowlFigures {
    plot::ContourPlot paths;
    plot::LineChart ys;
};

inline BowlFigures bowl_figures(const Bowl& q, double alpha, double beta, MomentumForm form,
                                std::size_t steps) {
    const std::string label = momentum_label(beta, form);
    std::vector<plot::Series> paths = {drawn_path("momentum", label, q.mom, false)};
    if (q.sweep.best_beta > 0 && q.sweep.best_beta != beta) {
        paths.push_back(drawn_path("#CC79A7", "momentum, β = " + common::report::g(
                                        q.sweep.best_beta) + " (fewest steps)",
                                    momentum_path(q.fn, alpha, q.sweep.best_beta, form, steps),
                                    true));
    }
    paths.push_back(drawn_path("GD", "plain GD", q.gd, true));
    return {common::contour_with_paths(q.fn, "Plain GD and momentum on " + q.fn.name + ", α = " +
                                                 common::report::g(alpha), std::move(paths)),
            {.title = "The steep coordinate y step by step, " + q.fn.name, .x_label = "step",
             .y_label = "y (the minimum is at y = 0)",
             .series = {colored("momentum", y_per_step(label, q.mom)),
                        colored("GD", y_per_step("plain GD", q.gd), true)},
             .y_range = q.fn.y_range}};
}

// Rosenbrock's valley: momentum at alpha (solid) and at alpha / (1 - beta) (dashed, another
// colour), plain GD at alpha / (1 - beta) unless it diverged, and at alpha dashed on top.
inline plot::ContourPlot valley_figure(const Valley& r, double beta) {
    using common::report::g;
    std::vector<plot::Series> paths = {
        drawn_path("#CC79A7", "momentum, α = " + g(r.alpha_big), r.mom_big, true),
        drawn_path("momentum", "momentum, α = " + g(r.alpha), r.mom, false)};
    if (!r.gd_big_out) {
        paths.push_back(drawn_path("GD", "plain GD, α = " + g(r.alpha_big), r.gd_big, false));
    }
    paths.push_back(drawn_path("GD", "plain GD, α = " + g(r.alpha), r.gd, true));
    return common::contour_with_paths(
        r.fn, "Plain GD and momentum in Rosenbrock's valley, β = " + g(beta), std::move(paths));
}

// Beyond the notes: e_k / e_0 per step of the three methods on one quadratic, log scale, up
// to the last step Nesterov measured, with each predicted rho^k dashed beside it.
inline plot::LineChart rates_chart(const Rates& q) {
    using common::report::g;
    const std::size_t last = q.nesterov.K;
    plot::LineChart chart{.title = "Why momentum works: " + q.fn.name + ", κ = " + g(q.kappa, 4) +
                                   ", each tuned for κ",
                          .x_label = "step k", .y_label = "distance to the minimum / at the "
                                                          "start (log scale)",
                          .series = {}, .log_y = true};
    for (const auto& [r, color] : {std::pair{&q.gd, std::string("GD")},
                                   {&q.heavy_ball, std::string("momentum")},
                                   {&q.nesterov, std::string("#CC79A7")}}) {
        plot::Series measured{.label = r->method + ", measured", .x = {}, .y = {}};
        plot::Series predicted{.label = "predicted " + g(r->predicted, 4) + "^k", .x = {},
                               .y = {}};
        const std::size_t end = std::min(last, r->K);
        for (std::size_t k = 0; k <= end; k = k + 4 > end && k < end ? end : k + 4) {
            measured.x.push_back(double(k));  // every 4th step and the last
            measured.y.push_back(r->error[k]);
            predicted.x.push_back(double(k));
            predicted.y.push_back(std::pow(r->predicted, double(k)));
        }
        chart.series.push_back(colored(color, measured));
        chart.series.push_back(colored(color, predicted, true));
    }
    return chart;
}

// The training runs' J - J_ols per epoch on a log axis (excess_cost: a diverging run stops).
inline plot::LineChart cost_chart(const Training& t, const std::string& data_name,
                                  std::size_t m_t, double alpha, double beta, MomentumForm form) {
    return {.title = "Cost above the floor on " + data_name + ", mini-batches of " +
                     std::to_string(m_t) + ", α = " + common::report::g(alpha),
            .x_label = "epoch", .y_label = "J(θ) − J(θ_ols) (log scale)",
            .series = {colored("momentum", common::report::epoch_series(
                                               momentum_label(beta, form),
                                               excess_cost(t.mom, t.J_ols, t.J_0))),
                       colored("GD", common::report::epoch_series(
                                         "plain GD", excess_cost(t.gd, t.J_ols, t.J_0)))},
            .log_y = true};
}

}  // namespace momentum
