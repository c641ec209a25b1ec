// story.hpp: what chapter-adam prints and draws, built from the run's numbers: the rows of
// the paths and bias-correction tables, the paths' contour plots and the step and cost
// charts, and the sentences (the first steps, the uncorrected steps, the training, the
// side-by-side) whose words are picked by comparing this run's numbers.
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
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

}  // namespace adam
