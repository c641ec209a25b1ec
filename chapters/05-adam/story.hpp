// story.hpp: what chapter-adam prints and draws, built from the run's numbers: the rows of
// the paths and bias-correction tables, the paths' contour plots and the step and cost
// charts, and the sentences (the first steps, the uncorrected steps, the training, the
// side-by-side) whose words are picked by comparing this run's numbers.
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/05-adam/adam.hpp"
#include "common/functions_2d.hpp"
#include "common/io/report.hpp"

namespace adam {

// ---- Words for the measurements ------------------------------------------------------

// The scan in words: "the steps are longest at t = 12 (6.569 alpha) and within 10% of alpha
// from t = 1751 on", or "stay within 10% of alpha throughout". last_t: the last row's t.
inline std::string uncorrected_words(const UncorrectedScan& scan, long last_t) {
    if (scan.settled_t == 1) return "the steps stay within 10% of alpha throughout";
    const std::string peak = common::report::g(scan.peak_ratio, 4);
    return std::string("the steps are ") + (scan.peak_ratio > 1 ? "longest" : "shortest") +
           " at t = " + std::to_string(scan.peak_t) + " (" + peak + " alpha) and " +
           (scan.settled_t == 0 ? "still more than 10% off at t = " + std::to_string(last_t)
                                : "within 10% of alpha from t = " +
                                      std::to_string(scan.settled_t) + " on");
}

// The methods whose path ends within `radius` of fn's minimum (methods_within), in words:
// "Adam", "RMSprop and Adam", "GD, RMSprop and Adam", or "none of the four".
inline std::string ending_within(const common::Function2d& fn, std::span<const PathRun> runs,
                                 double radius) {
    const std::vector<Method> within = methods_within(fn, runs, radius);
    if (within.empty()) return "none of the four";
    std::string text(name(within[0]));
    for (std::size_t k = 1; k < within.size(); ++k) {
        text += (k + 1 == within.size() ? " and " : ", ") + std::string(name(within[k]));
    }
    return text;
}

// The sentence on the most correlated pair: whether it is nearly collinear and, if so and J
// has come within 1% of J(theta_ols), why theta can still be far from theta_ols.
inline std::string collinearity_sentence(const FeaturePair& p, double J, double J_ols) {
    if (!p.found()) return "";
    const std::string r = common::report::g(p.r, 3);
    const std::string head =
        "The most correlated features, " + p.a + " and " + p.b + " (r = " + r + ")";
    if (!nearly_collinear(p.r)) return head + ", are not nearly collinear.";
    if (J > 1.01 * J_ols) return head + ", are nearly collinear.";
    return head + ", are nearly collinear: J is almost flat along one direction, so theta can "
                  "stay far from theta_ols while J is close to J(theta_ols).";
}

// When run A and run B first come within 1% of J(theta_ols) (epochs a and b, 0 = not within
// the run's `epochs`), as one sentence: "A comes within 1% of J(theta_ols) at epoch 9, 35
// epochs earlier than B (epoch 44)", "... later than ...", "... at the same epoch as B", or
// which one gets there when the other does not.
inline std::string reach_sentence(std::string_view A, std::size_t a, std::string_view B,
                                  std::size_t b, std::size_t epochs) {
    const std::string a_(A), b_(B), in = " in " + std::to_string(epochs) + " epochs";
    const std::string within = " within 1% of J(theta_ols)";
    if (a == 0 && b == 0) return "neither " + a_ + " nor " + b_ + " comes" + within + in;
    if (a == 0) {
        return a_ + " does not come" + within + in + "; " + b_ + " does, at epoch " +
               std::to_string(b);
    }
    const std::string head = a_ + " comes" + within + " at epoch " + std::to_string(a);
    if (b == 0) {
        return head + "; " + b_ + " is not within 1% after " + std::to_string(epochs) + " epochs";
    }
    if (a == b) return head + ", at the same epoch as " + b_;
    const std::size_t gap = a < b ? b - a : a - b;
    return head + ", " + std::to_string(gap) + (gap == 1 ? " epoch " : " epochs ") +
           (a < b ? "earlier" : "later") + " than " + b_ + " (epoch " + std::to_string(b) + ")";
}

// ---- What the program prints: rows, series and sentences from its runs ---------------

// One line for a run whose cost became Inf or NaN, naming its epoch and alpha.
inline std::string diverged_text(const std::string& what, const Run& r) {
    const bool nan = std::isnan(r.history.cost.back());
    return what + " diverged: the cost became " + (nan ? "NaN" : "Inf") + " at epoch " +
           std::to_string(r.history.diverged_at) + " with alpha = " + common::report::g(r.alpha);
}

// The update as the program prints it under its settings, with bias correction on or off
// and eps inside or outside the root.
inline std::string update_text(bool bias_correction, bool inside) {
    return std::string("The update (adam::AdamRule in adam.hpp), t = 1, 2, ...:\n"
                       "  v := beta1 v + (1 - beta1) dtheta          momentum's average of "
                       "dtheta\n  s := beta2 s + (1 - beta2) dtheta^2        RMSprop's average "
                       "of dtheta^2\n  v_corrected = v / (1 - beta1^t)     s_corrected = s / "
                       "(1 - beta2^t)") + (bias_correction ? "" : "   (off)") +
           "\n  theta := theta - alpha v_corrected / " +
           (inside ? "sqrt(s_corrected + eps)" : "(sqrt(s_corrected) + eps)") + "\n\n";
}

// The error line when the run at the user's alpha diverges: its epoch and alpha, and the
// largest |theta_ols| entry (a coordinate moves about alpha per step).
inline std::string diverged_message(const Run& run,
                                    const gradient_descent::Dataset<double>& data) {
    double far = 0;
    for (double t : gradient_descent::least_squares(data)) far = std::max(far, std::abs(t));
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.4g", far);
    return "chapter-adam: " + diverged_text("Adam", run) + ". Adam moves each coordinate by up "
           "to a few alpha per step and the largest |theta_ols| entry is " + buf + ", so an "
           "alpha far above that overshoots; try --alpha 1.\n";
}

// A row of the paths table: alpha, ||p - p_min|| at the end, and the first t within 0.1 of
// the minimum ("-" if none, "diverged" if theta overflowed before `steps` steps).
inline std::string path_cells(const common::Function2d& fn, const PathRun& run,
                              std::size_t steps) {
    const auto hit = common::steps_to_reach(fn, run.points, 0.1);
    const std::string reached = common::overflowed(run.points, steps) ? "diverged"
                                : hit ? std::to_string(*hit) : "-";
    char buf[96];
    std::snprintf(buf, sizeof buf, "%6.3g %12.3g %9s", run.alpha,
                  common::distance_to_minimum(fn, run.points.back()), reached.c_str());
    return buf;
}

// The first steps of paths(): GD's along -dtheta, Adam's about alpha in each coordinate:
// "GD's first step (0.4, 3.2) goes along -dtheta, 8 times as far in y as in x; Adam's is
// (1, 1) alpha".
inline std::string first_step_words(std::span<const PathRun> runs) {
    using common::report::g;
    const auto& p = runs[0].points;
    const double dx = p[1][0] - p[0][0], dy = p[1][1] - p[0][1];
    const auto& q = runs[3].points;
    const double a = runs[3].alpha;
    return "GD's first step (" + g(dx, 4) + ", " + g(dy, 4) + ") goes along -dtheta, " +
           g(std::abs(dy / dx), 3) + " times as far in y as in x; Adam's is (" +
           g((q[1][0] - q[0][0]) / a, 4) + ", " + g((q[1][1] - q[0][1]) / a, 4) + ") alpha";
}

// The four paths of paths() on fn as a contour plot: Adam's (the longest) beneath the others,
// GD's dashed without markers on top, so momentum's shows through where the two run together.
inline common::plot::ContourPlot paths_chart(const common::Function2d& fn, std::string title,
                                             std::span<const PathRun> runs) {
    std::vector<common::plot::Series> series;
    for (std::size_t k = runs.size(); k-- > 0;) {
        const std::string method(name(runs[k].method));
        series.push_back(common::path_series(method + ", alpha = " +
                                                 common::report::g(runs[k].alpha),
                                             common::thinned(runs[k].points, 0.02), k == 0));
        series.back().color = common::report::method_color(method);
        series.back().markers = k != 0;
    }
    return common::contour_with_paths(fn, std::move(title), std::move(series));
}

// The rows of the bias-correction table: t = 1, 10, the peak, where the steps settle and
// the last; with `full` also every t up to 20 and every 1000th.
inline std::vector<FirstStep> shown_first_steps(std::span<const FirstStep> rows,
                                                const UncorrectedScan& scan, bool full) {
    std::vector<FirstStep> shown;
    for (const FirstStep& r : rows) {
        if ((full && (r.t <= 20 || r.t % 1000 == 0)) || r.t == 1 || r.t == 10 ||
            r.t == scan.peak_t || r.t == scan.settled_t || r.t == rows.back().t) {
            shown.push_back(r);
        }
    }
    return shown;
}

// The step / alpha with and without the corrections as two chart series over t: every t up
// to 50, then 50 per decade, evenly spaced on a log axis (the corrected line is flat up to
// rounding, and all 10^4 steps would draw the last bits of that rounding).
inline std::vector<common::plot::Series> step_series(std::span<const FirstStep> rows,
                                                     double alpha) {
    common::plot::Series c{.label = "with bias correction", .x = {}, .y = {},
                           .color = common::report::method_color("Adam")};
    common::plot::Series u{.label = "without: (1 - beta1^t) / sqrt(1 - beta2^t)", .x = {},
                           .y = {}, .dashed = true};
    for (const FirstStep& r : rows) {
        const double t = double(r.t);
        if (t > 50 && std::floor(50 * std::log10(t)) == std::floor(50 * std::log10(t - 1))) {
            continue;
        }
        c.x.push_back(t);
        c.y.push_back(r.step / alpha);
        u.x.push_back(t);
        u.y.push_back(r.step_uncorrected / alpha);
    }
    return {c, u};
}

// What the corrections do to the steps of a constant gradient, in words (eps neglected):
// "For a constant gradient every corrected step is 1 alpha. Without the corrections the
// first step is 3.162 alpha; the steps are longest at t = 12 (...) ...".
inline std::string constant_gradient_words(std::span<const FirstStep> rows, double alpha) {
    using common::report::g;
    return "For a constant gradient every corrected step is " + g(rows[0].step / alpha, 6) +
           " alpha. Without the corrections the first step is " +
           g(rows[0].step_uncorrected / alpha, 4) + " alpha; " +
           uncorrected_words(scan_uncorrected(rows), rows.back().t) + ".";
}

// The training in words. reach: when the run and the paper_alpha run come within 1% of
// J(theta_ols); uncorrected: the same for the two bias-correction settings; paragraph: those
// with J(theta_ols), where the run ends, the most correlated features, the paper_alpha run's
// intercept and whether eps matters.
struct TrainingWords {
    std::string reach, uncorrected, paragraph;
};

inline TrainingWords training_words(const Variants& v,
                                    const gradient_descent::Dataset<double>& data,
                                    const std::vector<double>& theta_ols, double J_ols,
                                    double eps) {
    using common::report::g;
    const auto within = [&](const Run& r) {
        return r.history.diverged_at ? 0 : gradient_descent::epochs_to_within(r.history.cost,
                                                                              J_ols, 1.01);
    };
    const bool corrected = v.names[2].ends_with("uncorrected");  // the first run is corrected
    const std::size_t epochs = v.runs[0].history.cost.size();
    TrainingWords w;
    w.reach = reach_sentence("Adam at " + v.names[0], within(v.runs[0]), v.names[1],
                             within(v.runs[1]), epochs) + ".";
    w.reach[0] = char(std::toupper(w.reach[0]));  // "neither ..." starts a sentence here
    w.uncorrected = "At the same alpha and with the same mini-batches, " +
                    reach_sentence("the uncorrected run", within(v.runs[corrected ? 2 : 0]),
                                   "the corrected one", within(v.runs[corrected ? 0 : 2]),
                                   epochs) + ".";
    const Run &run = v.runs[0], &slow = v.runs[1];
    const double J = run.history.cost.back();
    const bool matters = eps_matters(v.smallest_rms, eps);
    w.paragraph =
        "J(theta_ols) = " + g(J_ols) + ". " + w.reach + " At the end J / J(theta_ols) = " +
        g(J / J_ols, 6) + " and ||theta - theta_ols|| = " +
        g(gradient_descent::distance(run.theta, theta_ols), 4) +
        " (theta in standardized units). " +
        collinearity_sentence(most_correlated(data), J, J_ols) +
        (slow.history.diverged_at ? "" : " With alpha = " + g(paper_alpha) + ", after " +
         std::to_string(slow.history.steps) + " steps the intercept is " + g(slow.theta[0], 3) +
         " of the " + g(theta_ols[0], 5) + " it needs.") + " " + w.uncorrected +
        " The smallest sqrt(s_corrected) at the end is " + g(v.smallest_rms, 3) + ", " +
        (matters ? "within 100 times" : "far above") + " sqrt(eps) = " + g(std::sqrt(eps)) +
        ": where eps sits " + (matters ? "shapes" : "hardly changes") + " these steps.";
    return w;
}

// The cost per epoch of each run of train_variants() beside J(theta_ols), log scale, the
// first run in Adam's colour; the y range leaves room above the curves for the legend.
inline common::plot::LineChart variants_chart(const Variants& v, double J_ols,
                                              const std::string& data_name) {
    common::plot::LineChart chart{.title = "Adam on " + data_name + ": cost per epoch",
                                  .x_label = "epoch", .y_label = "cost J (log scale)",
                                  .series = {}, .log_y = true};
    double top = J_ols;
    for (std::size_t k = 0; k < v.runs.size(); ++k) {
        chart.series.push_back(common::report::epoch_series("Adam, " + v.names[k],
                                                            v.runs[k].history.cost));
        if (k == 0) chart.series.back().color = common::report::method_color("Adam");
        for (double c : chart.series.back().y) top = std::isfinite(c) ? std::max(top, c) : top;
    }
    const double epochs = double(v.runs[0].history.cost.size());
    chart.series.push_back(
        common::report::level_series("least squares J(theta_ols)", J_ols, 1, epochs));
    chart.y_range = common::plot::Range{0.7 * J_ols, 4 * top};
    return chart;
}

// The side-by-side's name of a method: every one takes mini-batch steps there.
inline std::string side_label(Method m) {
    return m == Method::gd ? "mini-batch GD" : std::string(name(m));
}

// The side-by-side's chart: each method's picked run (those that did not all diverge) in
// its colour, labelled with its alpha, beside J(theta_ols).
inline common::plot::LineChart side_by_side_chart(std::span<const Pick> picks, double J_ols,
                                                  const std::string& data_name) {
    common::plot::LineChart chart{.title = "Four methods on " + data_name +
                                           ", each at its best alpha",
                                  .x_label = "epoch", .y_label = "cost J (log scale)",
                                  .series = {}, .log_y = true};
    double epochs = 1;
    for (std::size_t k = 0; k < picks.size(); ++k) {
        if (!picks[k].found()) continue;
        const Run& r = picks[k].best();
        const std::string label = side_label(all_methods[k]);
        chart.series.push_back(common::report::epoch_series(
            label + ", alpha = " + common::report::g(r.alpha), r.history.cost));
        chart.series.back().color = common::report::method_color(label);
        epochs = std::max(epochs, double(r.history.cost.size()));
    }
    chart.series.push_back(
        common::report::level_series("least squares J(theta_ols)", J_ols, 1, epochs));
    return chart;
}

// The side-by-side in words: how close the methods that did not diverge end to J(theta_ols)
// and which comes within 1% of it first: "All four end within 0.43% of J(theta_ols); the
// first within 1% of J(theta_ols) is mini-batch GD (epoch 6)".
inline std::string side_by_side_words(std::span<const Pick> picks, double J_ols) {
    double worst = 0;
    std::size_t ended = 0;
    for (const Pick& p : picks) {
        if (!p.found()) continue;
        worst = std::max(worst, p.best().history.cost.back() / J_ols - 1);
        ++ended;
    }
    if (ended == 0) return "Every method diverged at every alpha of the grid";
    const std::size_t first = first_within(picks, J_ols);
    const std::string fastest =
        first == picks.size()
            ? "none comes within 1% of J(theta_ols)"
            : "the first within 1% of J(theta_ols) is " + side_label(all_methods[first]) +
                  " (epoch " + std::to_string(gradient_descent::epochs_to_within(
                                   picks[first].best().history.cost, J_ols, 1.01)) + ")";
    const char* count[] = {"", "one", "two", "three", "four"};
    const std::string n = ended < 5 ? count[ended] : std::to_string(ended);
    return (ended == picks.size() ? "All " + n : "The " + n + " that did not diverge") +
           " end within " +
           common::report::g(100 * worst, worst < 0.1 ? 2 : 3) + "% of J(theta_ols); " + fastest;
}

// ==== Beyond the notes: what the program prints and draws ==============================

// The table of compare_decay(): per coordinate its gradient scale, the decay each rule
// applied in units of alpha lambda theta, and 1 / sqrt(s_corrected) of the L2 run (what
// the L2 share should be near).
inline std::string decay_rows(const DecayComparison& d) {
    std::string text;
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %14s %10s %10s %23s\n", "gradient scale", "AdamW",
                  "Adam-L2", "1 / sqrt(s_corrected)");
    text += buf;
    for (std::size_t i = 0; i < d.scales.size(); ++i) {
        std::snprintf(buf, sizeof buf, "  %14g %10.3g %10.3g %23.3g\n", d.scales[i],
                      d.adamw.share[i], d.l2.share[i], 1 / d.l2.rms[i]);
        text += buf;
    }
    return text;
}

// The decay comparison in words: the range of AdamW's shares, and the L2 shares of the
// coordinates with the smallest and the largest gradients.
inline std::string decay_words(const DecayComparison& d) {
    using common::report::g;
    const auto [lo, hi] = std::minmax_element(d.adamw.share.begin(), d.adamw.share.end());
    const std::size_t small = std::size_t(std::min_element(d.scales.begin(), d.scales.end()) -
                                          d.scales.begin());
    const std::size_t large = std::size_t(std::max_element(d.scales.begin(), d.scales.end()) -
                                          d.scales.begin());
    const bool same = *hi - *lo < 1e-6;
    return std::string("AdamW's decay is ") +
           (same ? g(*lo, 4) : "between " + g(*lo, 3) + " and " + g(*hi, 3)) +
           " alpha lambda theta for every coordinate, whatever its gradients. With the L2 term "
           "the decay goes through the division by sqrt(s_corrected): the coordinate with "
           "gradients of scale " + g(d.scales[large]) + " gets " + g(d.l2.share[large], 3) +
           " times it, the one of scale " + g(d.scales[small]) + " " +
           g(d.l2.share[small], 3) + " times (" +
           (d.l2.share[large] < d.l2.share[small] ? "large" : "small") +
           " gradients, little decay).";
}

// "near +1", "near -1" or "at x = 0.25": where an online run ends.
inline std::string where_words(double x) {
    if (x > 0.9) return "near +1 (x_T = " + common::report::g(x, 4) + ")";
    if (x < -0.9) return "near -1 (x_T = " + common::report::g(x, 4) + ")";
    return "at x_T = " + common::report::g(x, 4);
}

// The rows of the Reddi table: where each run ends and its average regret, with the bias
// correction of `r` and, in brackets, with the other setting (`other`).
inline std::string reddi_rows(const Reddi& r, const Reddi& other) {
    using common::report::g;
    const std::string b2 = g(1 / (1 + r.C * r.C), 3);
    const std::string names[] = {"Adam, beta1 = 0, beta2 = " + b2,
                                 "AMSGrad, beta1 = 0, beta2 = " + b2,
                                 "Adam, beta1 = 0.9, beta2 = 0.999"};
    const OnlineRun* runs[][2] = {{&r.adam, &other.adam}, {&r.amsgrad, &other.amsgrad},
                                  {&r.adam_usual, &other.adam_usual}};
    std::string text;
    char buf[200];
    std::snprintf(buf, sizeof buf, "  %-34s %20s %22s\n", "method", "x_T", "R_T / T");
    text += buf;
    for (std::size_t k = 0; k < 3; ++k) {
        const std::string x = g(runs[k][0]->end(), 4) + " (" + g(runs[k][1]->end(), 4) + ")";
        const std::string R =
            g(runs[k][0]->regret(), 3) + " (" + g(runs[k][1]->regret(), 3) + ")";
        std::snprintf(buf, sizeof buf, "  %-34s %20s %22s\n", names[k].c_str(), x.c_str(),
                      R.c_str());
        text += buf;
    }
    return text;
}

// The Reddi runs in words: where each ends and its average regret; when Adam and AMSGrad end
// on opposite sides, why.
inline std::string reddi_words(const Reddi& r) {
    using common::report::g;
    const double best_side = 2 * (r.C - 2) / 3;  // R_T / T at x = +1: (C - 2) (1 + 1) / 3
    std::string text = "With beta2 = " + g(1 / (1 + r.C * r.C), 3) + " Adam ends " +
                       where_words(r.adam.end()) + ", average regret " + g(r.adam.regret(), 3) +
                       " (at x = +1 it would be 2 (C - 2) / 3 = " + g(best_side, 3) +
                       "); AMSGrad ends " + where_words(r.amsgrad.end()) + ", average regret " +
                       g(r.amsgrad.regret(), 3) + ".";
    if (r.adam.end() > 0.9 && r.amsgrad.end() < -0.9) {
        text += " Adam's s forgets the rare gradient C = " + g(r.C) + " within a step or two, "
                "so each gradient -1 is divided by a small sqrt(s) and the two steps up "
                "outweigh the one down; AMSGrad keeps the largest s and the step down wins.";
    }
    text += " With beta1 = 0.9, beta2 = 0.999 Adam ends " + where_words(r.adam_usual.end()) +
            ", average regret " + g(r.adam_usual.regret(), 3) +
            ": an s that averages over about 1000 steps remembers the large gradient.";
    return text;
}

// One series per run of `r` (x_t, or R_t / t with `regret`), every t up to 50 then 50 per
// decade on a log axis.
inline common::plot::LineChart reddi_chart(const Reddi& r, bool regret) {
    using common::report::g;
    const std::string b2 = g(1 / (1 + r.C * r.C), 3);
    common::plot::LineChart chart{
        .title = std::string(regret ? "Average regret R_t / t" : "Where x is") + " on f_t(x) = " +
                 g(r.C) + "x (t mod 3 = 1) or -x, steps " + g(r.alpha) + " / sqrt(t)",
        .x_label = "step t (log scale)", .y_label = regret ? "R_t / t" : "x after step t",
        .series = {}, .log_x = true};
    const std::pair<std::string, const OnlineRun*> runs[] = {
        {"Adam, beta1 = 0, beta2 = " + b2, &r.adam},
        {"AMSGrad, beta1 = 0, beta2 = " + b2, &r.amsgrad},
        {"Adam, beta1 = 0.9, beta2 = 0.999", &r.adam_usual}};
    for (const auto& [label, run] : runs) {
        common::plot::Series s{.label = label, .x = {}, .y = {}, .dashed = run == &r.adam_usual};
        const std::vector<double>& y = regret ? run->average_regret : run->x;
        for (std::size_t k = 0; k < y.size(); ++k) {
            const double t = double(k + 1);
            if (t > 50 && std::floor(50 * std::log10(t)) == std::floor(50 * std::log10(t - 1))) {
                continue;
            }
            s.x.push_back(t);
            s.y.push_back(y[k]);
        }
        chart.series.push_back(std::move(s));
    }
    if (!regret) chart.y_range = common::plot::Range{-1.1, 1.8};  // room for the legend
    return chart;
}

// Sections 5 and 6 of the program, beyond the notes: AdamW against Adam-L2 (lambda, noise from
// `seed`), and Reddi et al.'s problem with C; returns the sentence for the run's summary.
inline std::string section_beyond(double lambda, double C, std::uint64_t seed,
                                  common::report::Figures& figures) {
    using common::report::g;
    using common::report::say;
    const adam::DecayHyper<double> decay{.weight_decay = lambda};  // alpha = 0.001
    const adam::DecayComparison d = adam::compare_decay(decay, {0.01, 1, 100}, 1, 1000, seed);
    std::printf("Beyond the notes (adam::AdamWRule, AdamL2Rule, AmsGradRule in adam.hpp)\n\n"
                "5. Weight decay lambda two ways. AdamW: theta := theta - alpha lambda theta, "
                "then the Adam\n   step. L2: dtheta := dtheta + lambda theta, then the Adam "
                "step. Three coordinates from\n   theta = %g, noise gradients (mean 0) of "
                "three scales, alpha = %g, lambda = %g, %ld steps,\n   each run beside one "
                "with lambda = 0: the decay applied, in units of alpha lambda theta:\n\n%s\n",
                d.theta0, decay.alpha, decay.weight_decay, d.steps, decay_rows(d).c_str());
    say(decay_words(d) + "\n");
    const long T = 100000;
    const adam::Reddi r = adam::reddi(C, 0.5, 0, T, true);
    std::printf("6. AMSGrad: s_max := max(s_max, s), and the step divides by sqrt(s_max / (1 - "
                "beta2^t) + eps).\n   On the counterexample of Reddi, Kale and Kumar (ICLR "
                "2018): f_t(x) = C x when\n   t mod 3 = 1, else -x, on [-1, 1] (best point x = "
                "-1), C = %g; steps alpha / sqrt(t),\n   alpha = %g, from x = %g, each projected "
                "onto [-1, 1], %ld steps; bias correction on (off\n   in brackets):\n\n%s\n",
                r.C, r.alpha, r.x1, T, reddi_rows(r, reddi(C, 0.5, 0, T, false)).c_str());
    say(reddi_words(r) + "\n");
    figures.write("reddi-x.svg", reddi_chart(r, false));
    figures.write("reddi-regret.svg", reddi_chart(r, true));
    return "Beyond the notes: with an L2 term the coordinate with gradients of scale " +
           g(d.scales.back()) + " gets " + g(d.l2.share.back(), 3) +
           " of AdamW's decay. On Reddi et al.'s problem Adam ends " +
           where_words(r.adam.end()) + ", AMSGrad " + where_words(r.amsgrad.end()) +
           ".";
}

}  // namespace adam
