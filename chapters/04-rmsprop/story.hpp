// story.hpp: what chapter-rmsprop prints and draws, built from the run's numbers: the
// denominator and the words that compare the rates, the rankings of the three methods, the
// outcome and cost tables, the lines when a run diverges, the eps table's columns and rows,
// the start-up lines, and the figures (the paths over the contours, the cost curves, the
// first steps against eps). Each sentence picks its words by comparing this run's numbers
// (checked in tests/rmsprop_test.cpp); the numbers themselves are measured in rmsprop.hpp.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chapters/04-rmsprop/rmsprop.hpp"
#include "common/functions_2d.hpp"
#include "common/io/plot.hpp"
#include "common/io/report.hpp"

namespace rmsprop {

// ---- Words the sentences pick ------------------------------------------------------------

// The denominator of the step as a sentence writes it: "sqrt(s + eps)" or "(sqrt(s) + eps)".
inline std::string denominator(EpsPlacement p) {
    return p == EpsPlacement::inside ? "sqrt(s + eps)" : "(sqrt(s) + eps)";
}

// How much of GD's spread RMSprop's rates take away, on a log scale: "most of" (more than
// half: RMSprop's spread below the square root of GD's), "part of" (less, but narrower than
// GD's), or "none of" (as wide as GD's or wider).
inline std::string undone_words(double gd_spread, double rms_spread) {
    if (rms_spread * rms_spread < gd_spread) return "most of";
    if (rms_spread < gd_spread) return "part of";
    return "none of";
}

// The three methods of every comparison, in this order, named as report::method_color knows
// them.
inline const std::array<std::string, 3> methods = {"GD", "momentum", "RMSprop"};

// "RMSprop (4.662e-06) < GD (0.000598) < momentum (0.01934)": the names from the smallest
// value to the largest, each with its value to `digits` significant digits, or "diverged"
// for a value that is not finite (those come last).
inline std::string ranking(const std::array<std::string, 3>& names,
                           const std::vector<double>& values, int digits = 4) {
    std::string text;
    for (std::size_t i : smallest_first(values)) {
        text += (text.empty() ? "" : " < ") + names[i] + " (" +
                (std::isfinite(values[i]) ? common::report::g(values[i], digits) : "diverged") +
                ")";
    }
    return text;
}

// A comparison in words: `less` if a < b, `more` if a > b, "the same as" if equal (or NaN).
inline std::string compared(double a, double b, const std::string& less,
                            const std::string& more) {
    return a < b ? less : a > b ? more : "the same as";
}

// "GD (alpha 0.4) at epoch 3, momentum (alpha 0.4) at epoch 18": which of the first `count`
// runs diverged and when, each named by its label; "" if none did.
inline std::string diverged_list(const std::vector<std::string>& labels,
                                 const std::vector<gradient_descent::Run<double>>& runs,
                                 std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < std::min(count, runs.size()); ++i) {
        if (const std::size_t at = runs[i].history.diverged_at) {
            text += (text.empty() ? "" : ", ") + labels[i] + " at epoch " + std::to_string(at);
        }
    }
    return text;
}

// ---- Table rows and chart ranges ---------------------------------------------------------

// A log-scale y range for a chart, from the power of ten at or below its lowest positive
// value to 5% above its highest; empty if no value is positive and finite. Chosen for how
// the figures read: the cost curves get a labelled 1000 below J(theta_ols) = 1430.
inline std::optional<common::plot::Range> decade_range(const common::plot::LineChart& chart) {
    double lo = INFINITY, hi = 0;
    for (const auto& s : chart.series) {
        for (double y : s.y) {
            if (std::isfinite(y) && y > 0) lo = std::min(lo, y), hi = std::max(hi, y);
        }
    }
    if (!(hi > 0)) return std::nullopt;
    return common::plot::Range{std::pow(10.0, std::floor(std::log10(lo))), hi * 1.05};
}

// The rows (steps, epochs) a short table shows: 1, 10, 100, ... below n, then n itself; with
// `full`, 1, 2, 5, 10, 20, 50, ... below n, then n (as report::shown_epochs).
inline std::vector<std::size_t> table_rows(std::size_t n, bool full) {
    std::vector<std::size_t> rows;
    for (std::size_t decade = 1; decade < n; decade *= 10) {
        for (std::size_t k : {1, 2, 5}) {
            if (k * decade < n && (full || k == 1)) rows.push_back(k * decade);
        }
    }
    if (n > 0) rows.push_back(n);
    return rows;
}

// ---- The chapter program's lines and figures ---------------------------------------------

// The one line when RMSprop itself overflowed or diverged: what happened with this alpha,
// RMSprop's largest move per step alpha / sqrt(1 - beta2), and the flag to try.
inline std::string too_large(const std::string& what, double alpha, double beta2,
                             const std::string& flag) {
    char buf[400];
    std::snprintf(buf, sizeof buf, "%s with alpha = %g: each step moves a coordinate by up to "
                  "alpha / sqrt(1 - beta2) = %g; try %s.", what.c_str(), alpha,
                  alpha / std::sqrt(1 - beta2), flag.c_str());
    return buf;
}

// The three paths over fn's contours in each method's colour, labelled with their alphas
// (momentum's with its beta). Where they share a stretch (all three on Rosenbrock's floor),
// RMSprop is drawn first with markers `gap` apart, momentum over it (2.3 gap), GD dashed on
// top (5.3 gap): what is below shows between dashes and markers.
inline common::plot::ContourPlot contour(const PathSetup& p, const ThreePaths& r, double gap,
                                        const std::string& title) {
    std::vector<common::plot::Series> paths;
    for (const auto& [i, spacing] : {std::pair{2, 1.0}, {1, 2.3}, {0, 5.3}}) {
        paths.push_back(common::path_series(
            methods[i] + ", alpha = " + common::report::g(r.alpha[i], 4) +
                (i == 1 ? ", beta = " + common::report::g(p.beta, 4) : "") +
                (i == 0 ? " (dashed, on top)" : ""),
            common::thinned(r.path[i], spacing * gap), i == 0));
        paths.back().color = common::report::method_color(methods[i]);
    }
    return common::contour_with_paths(p.fn, title, std::move(paths));
}

// After GD or momentum diverged on the data (`which`: diverged_list's text): GD's alpha
// against full-batch GD's limit 2 / lambda_max, and, when it is below that limit on the
// shipped data, that the mini-batches are too noisy and which --batch-size keeps all three
// finite (measured there: 8 and more).
inline std::string diverged_sentence(const std::string& which, double alpha_gd, double limit,
                                     bool shipped_data) {
    char buf[400];
    std::snprintf(buf, sizeof buf, "Diverged: %s. alpha = %g is %s full-batch GD's limit "
                  "2 / lambda_max = %.3g%s.", which.c_str(), alpha_gd,
                  compared(alpha_gd, limit, "below", "above").c_str(), limit,
                  alpha_gd < limit && shipped_data ? ": mini-batches are too noisy "
                  "(--batch-size 8 or more keeps all three finite)" : "");
    return buf;
}

// Where RMSprop's rates ended on the data (lo..hi over `count` coordinates) and its distance
// to theta_ols, against GD's when GD's is finite.
inline std::string rates_sentence(EpsPlacement p, double lo, double hi, std::size_t count,
                                  double d_rms, double d_gd) {
    using common::report::g;
    return "RMSprop ends with rates alpha / " + denominator(p) + " between " + g(lo, 3) +
           " and " + g(hi, 3) + " over the " + std::to_string(count) +
           " coordinates, ||theta - theta_ols|| = " + g(d_rms, 3) +
           (std::isfinite(d_gd) ? ", " + compared(d_rms, d_gd, "less than", "more than") +
                                      " GD's " + g(d_gd, 3) : "") + ".";
}

// RMSprop's path as a table: per step shown (table_rows) theta, each coordinate's rate
// alpha / sqrt(s + eps) and the step's length along x and y.
inline std::vector<std::string> path_table(const Hyper& h, const ThreePaths& q, bool full) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %6s %10s %10s %11s %11s %11s %11s", "step k", "x", "y",
                  "alpha_x", "alpha_y", "|dx|", "|dy|");
    std::vector<std::string> lines = {buf};
    const common::Path2d d = step_lengths(q.path[2]);
    for (std::size_t k : table_rows(q.trace.size(), full)) {
        const auto& t = q.trace[k - 1];
        std::snprintf(buf, sizeof buf, "  %6zu %10.4f %10.4f %11.3e %11.3e %11.3e %11.3e", k,
                      t.theta[0], t.theta[1], effective_alpha(h, t.s[0]),
                      effective_alpha(h, t.s[1]), d[k - 1][0], d[k - 1][1]);
        lines.push_back(buf);
    }
    return lines;
}

// "  GD, alpha = 0.4     0.08 (x), 1.6 (y): 20 times apart; y changes sign at 50 of 50 steps"
inline std::string balance_line(const std::string& who, const RateBalance& b,
                                const common::Function2d& fn, const common::Path2d& path) {
    using common::report::g;
    char buf[200];
    std::snprintf(buf, sizeof buf, "  %-18s %s (x), %s (y): %s times apart; y changes sign at "
                  "%zu of %zu steps", who.c_str(), g(b.x, 3).c_str(), g(b.y, 3).c_str(),
                  g(b.spread(), 3).c_str(), common::crossings(fn, path, 1), path.size() - 1);
    return buf;
}

// The outcome table of three paths, as lines: a heading, then per method its alpha, the first
// step within 0.1 of the minimum, the end point and f there, and a note under any path that
// left the chart.
inline std::vector<std::string> outcome_lines(const ThreePaths& r) {
    using common::report::g;
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-24s %14s %24s %11s", "method", "within 0.1 at",
                  "end point (x, y)", "f(end)");
    std::vector<std::string> lines = {buf};
    for (std::size_t i = 0; i < 3; ++i) {
        const PathOutcome& o = r.outcome[i];
        std::snprintf(buf, sizeof buf, "  %-24s %14s %24s %11.4g",
                      (methods[i] + ", alpha = " + g(r.alpha[i], 4)).c_str(),
                      o.within ? ("step " + std::to_string(*o.within)).c_str() : "never",
                      ("(" + g(o.end[0], 4) + ", " + g(o.end[1], 4) + ")").c_str(), o.f_end);
        lines.push_back(buf);
        if (o.left_chart) {
            lines.push_back("  (" + methods[i] + " leaves the chart at step " +
                            std::to_string(*o.left_chart) + ")");
        }
    }
    return lines;
}

// The three training runs' labels: "GD (alpha 0.4)", "momentum (alpha 0.4)", "RMSprop (alpha 1)".
inline std::vector<std::string> run_labels(double alpha) {
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < 3; ++i) {
        labels.push_back(methods[i] + " (alpha " +
                         common::report::g(i < 2 ? diabetes_alpha_gd : alpha, 4) + ")");
    }
    return labels;
}

// The training table, as lines: a heading of the runs' labels, then the cost J of each run
// after each epoch in `epochs` ("diverged" once it is not finite or the run stopped).
inline std::vector<std::string> cost_table(const std::vector<std::string>& labels,
                                           const std::vector<gradient_descent::Run<double>>& runs,
                                           const std::vector<std::size_t>& epochs) {
    char buf[48];
    std::string line = "   epoch";
    for (const std::string& label : labels) {
        std::snprintf(buf, sizeof buf, " %20s", label.c_str());
        line += buf;
    }
    std::vector<std::string> lines = {line};
    for (std::size_t e : epochs) {
        std::snprintf(buf, sizeof buf, "  %6zu", e);
        line = buf;
        for (const auto& r : runs) {
            const auto& c = r.history.cost;
            const double J = e <= c.size() ? c[e - 1] : NAN;
            std::snprintf(buf, sizeof buf, " %20s",
                          std::isfinite(J) ? common::report::g(J, 6).c_str() : "diverged");
            line += buf;
        }
        lines.push_back(line);
    }
    return lines;
}

// The cost per epoch of the three runs in their colours, the floor J(theta_ols) dashed, on a
// log axis from the decade below the lowest value (decade_range).
inline common::plot::LineChart cost_chart(const std::vector<gradient_descent::Run<double>>& runs,
                                          double alpha, double J_ols, std::size_t epochs,
                                          std::size_t m_t, const std::string& data_name) {
    common::plot::LineChart chart{.title = "Mini-batch training (m_t = " + std::to_string(m_t) +
                                           ") on " + data_name + ": cost per epoch",
                                  .x_label = "epoch", .y_label = "cost J (log scale)",
                                  .series = {}, .log_y = true};
    const std::vector<std::string> labels = run_labels(alpha);
    for (std::size_t i = 0; i < 3; ++i) {
        chart.series.push_back(common::report::epoch_series(labels[i], runs[i].history.cost));
        chart.series.back().color = common::report::method_color(methods[i]);
    }
    chart.series.push_back(common::report::level_series("least squares", J_ols, 1,
                                                        double(epochs)));
    chart.y_range = decade_range(chart);
    return chart;
}

// The eps table's three columns and the eps figure's three curves: eps inside, eps outside,
// sqrt(eps) outside the root.
inline std::array<std::string, 3> eps_columns(double eps) {
    using common::report::g;
    return {"inside, " + g(eps, 3), "outside, " + g(eps, 3), "outside, " + g(std::sqrt(eps), 3)};
}

// The eps table's rows: |g| = eps_crossing times 10^k for these k (0: the crossing itself).
inline std::vector<int> eps_table_powers(bool full) {
    if (full) return {-5, -4, -3, -2, -1, 0, 1, 2, 3};
    return {-4, -2, 0, 1, 3};
}

// The eps table, as lines: a heading of its columns, then per |g| (eps_table_powers around
// the crossing) the first step in units of alpha for each column and the first over the third.
inline std::vector<std::string> eps_table(double beta2, double eps, bool full) {
    using common::report::g;
    const double cross = eps_crossing(beta2, eps);
    const std::array<std::string, 3> c = eps_columns(eps);
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %10s %16s %16s %16s %10s", "|g|", c[0].c_str(),
                  c[1].c_str(), c[2].c_str(), "1st / 3rd");
    std::vector<std::string> lines = {buf};
    for (int k : eps_table_powers(full)) {
        const double at = cross * std::pow(10.0, k);
        const auto s = eps_first_steps(beta2, eps, at);
        std::snprintf(buf, sizeof buf, "  %10s %16s %16s %16s %10s", g(at, 3).c_str(),
                      g(s[0], 6).c_str(), g(s[1], 6).c_str(), g(s[2], 6).c_str(),
                      common::report::fixed(s[0] / s[2], 4).c_str());
        lines.push_back(buf);
    }
    return lines;
}

// The first step from s = 0 over |g| from 1e-7 to 1e4 times the crossing, log-log, for eps
// inside, eps outside and sqrt(eps) outside (dashed): the eps figure.
inline common::plot::LineChart eps_chart(double beta2, double eps) {
    using common::report::g;
    const double cross = eps_crossing(beta2, eps);
    const std::array<std::string, 3> names = eps_columns(eps);
    common::plot::LineChart chart{
        .title = "First RMSprop step from s = 0, beta2 = " + g(beta2) +
                 ": eps inside or outside the root",
        .x_label = "gradient |g| (log scale)", .y_label = "first step / alpha (log scale)",
        .series = {}, .log_x = true, .log_y = true};
    for (std::size_t c = 0; c < 3; ++c) {
        common::plot::Series s{.label = "eps " + names[c] + (c == 0 ? " (the notes' form)" : ""),
                               .x = {}, .y = {}, .dashed = c == 2};
        for (int i = 0; i <= 100; ++i) s.x.push_back(cross * std::pow(10.0, -7 + 0.11 * i));
        for (double x : s.x) s.y.push_back(eps_first_steps(beta2, eps, x)[c]);
        chart.series.push_back(std::move(s));
    }
    return chart;
}

// The beta2 of the start-up lines: 0.9, 0.99, 0.999, and this run's if it is none of them.
inline std::vector<double> startup_rows(double beta2) {
    std::vector<double> rows = {0.9, 0.99, 0.999};
    if (std::find(rows.begin(), rows.end(), beta2) == rows.end()) rows.push_back(beta2);
    return rows;
}

// "beta2 = 0.99: step 1 is 10 alpha, within 1% of alpha from step 391".
inline std::string startup_line(double beta2) {
    using common::report::g;
    return "beta2 = " + g(beta2) + ": step 1 is " + g(startup_factor(beta2, 1), 3) +
           " alpha, within 1% of alpha from step " + std::to_string(startup_over_at(beta2));
}

// ---- Beyond the notes: Adagrad ---------------------------------------------------------

// Adagrad's colour in the figure (RMSprop keeps its own).
inline const std::string adagrad_color = "#CC79A7";

// value / first as a percentage, "5.0%" (one decimal below 10%, none above); words when the
// ratio is not a number (an exercise copy whose step is still blank moves nothing).
inline std::string percent_of(double value, double first) {
    char buf[32];
    const double p = 100 * value / first;
    if (!std::isfinite(p)) return "(not a number: a step of 0)";
    std::snprintf(buf, sizeof buf, p < 10 ? "%.1f%%" : "%.0f%%", p);
    return buf;
}

// The paragraph that opens the long run.
inline std::string adagrad_intro(const Hyper& h, const std::string& data_name, std::size_t m_t,
                                 std::size_t epochs) {
    using common::report::g;
    return "Adagrad: s := s + dtheta^2, then RMSprop's step theta := theta - alpha dtheta / " +
           denominator(h.eps_placement) + ". Its s never forgets, so alpha / sqrt(s) only "
           "shrinks. Both at alpha = " + g(h.alpha) + " (RMSprop's beta2 = " + g(h.beta2) +
           ") on " + data_name + ", m_t = " + std::to_string(m_t) + ", " +
           std::to_string(epochs) + " epochs:";
}

// The table of the long run: the median effective step of each after steps 1, 10, 100, ...
// and the last (rows as table_rows).
inline std::vector<std::string> effective_table(const LongRun& r) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "  %8s %22s %22s", "step", "RMSprop alpha/sqrt(s)",
                  "Adagrad alpha/sqrt(s)");
    std::vector<std::string> lines = {buf};
    const std::size_t n = std::min(r.effective[0].size(), r.effective[1].size());
    for (std::size_t k : table_rows(n, false)) {
        std::snprintf(buf, sizeof buf, "  %8zu %22.4g %22.4g", k, r.effective[0][k - 1],
                      r.effective[1][k - 1]);
        lines.push_back(buf);
    }
    return lines;
}

// What the long run showed, from its numbers: each one's effective step after the last step
// against its first, then against step n / 100 (100 times fewer steps, where a gradient of
// steady size would leave Adagrad's at 1 / sqrt(100) = 10%), then J at the end of each.
inline std::vector<std::string> adagrad_lines(const LongRun& r, double J_ols) {
    using common::report::g;
    const auto& [rms, ada] = r.effective;
    const std::size_t n = std::min(rms.size(), ada.size());
    if (n < 100) return {"Run at least 100 steps (--adagrad-epochs) to see where the effective "
                         "steps go."};
    const std::size_t k0 = n / 100;
    const double ada_k0 = ada[n - 1] / ada[k0 - 1], rms_k0 = rms[n - 1] / rms[k0 - 1];
    const bool steady = rms_k0 > 0.5 && rms_k0 < 2;
    std::vector<std::string> lines;
    lines.push_back("After " + std::to_string(n) + " steps Adagrad's effective step (median "
                    "over the coordinates) is " + percent_of(ada[n - 1], ada[0]) +
                    " of its first (" + g(ada[0], 3) + " -> " + g(ada[n - 1], 3) +
                    "), RMSprop's " + percent_of(rms[n - 1], rms[0]) + " (" + g(rms[0], 3) +
                    " -> " + g(rms[n - 1], 3) + ").");
    lines.push_back("From step " + std::to_string(k0) + " to step " + std::to_string(n) +
                    ", Adagrad's alpha / sqrt(s) fell to " +
                    percent_of(ada[n - 1], ada[k0 - 1]) +
                    " (a gradient of steady size: 1 / sqrt(100) = 10%); RMSprop's " +
                    (steady ? "stayed within a factor 2, at " : "went to ") +
                    percent_of(rms[n - 1], rms[k0 - 1]) + (ada_k0 < rms_k0
                    ? ": its s averages over about 1 / (1 - beta2) steps, Adagrad's sums "
                      "them all." : "."));
    const double J_rms = r.runs[0].history.cost.back(), J_ada = r.runs[1].history.cost.back();
    lines.push_back("J after " + std::to_string(r.runs[1].history.cost.size()) + " epochs: "
                    "RMSprop " + g(J_rms, 7) + ", Adagrad " + g(J_ada, 7) + " (floor " +
                    g(J_ols, 7) + "): Adagrad ends " + (J_ada - J_ols > 2 * (J_rms - J_ols)
                    ? g((J_ada - J_ols) / (J_rms - J_ols), 3) + " times as far above the "
                      "floor." : compared(J_ada, J_rms, "lower.", "higher, but close.")));
    return lines;
}

// The median effective step over the steps of the long run, log-log: Adagrad's falls along
// 1 / sqrt(t) (the dashed line through its value at step n / 100), RMSprop's holds. About
// 120 points per curve, evenly spaced in log t.
inline common::plot::LineChart adagrad_chart(const LongRun& r, double alpha, std::size_t m_t,
                                             const std::string& data_name) {
    using common::report::g;
    const std::size_t n = std::min(r.effective[0].size(), r.effective[1].size());
    std::vector<std::size_t> steps;
    for (int j = 0; j <= 120 && n > 0; ++j) {
        const auto k = std::size_t(std::llround(std::pow(double(n), j / 120.0)));
        if (steps.empty() || k > steps.back()) steps.push_back(std::min(k, n));
    }
    common::plot::LineChart chart{
        .title = "Effective step alpha / sqrt(s), alpha = " + g(alpha) + ", m_t = " +
                 std::to_string(m_t) + " on " + data_name + ": Adagrad sums, RMSprop averages",
        .x_label = "step t (log scale)",
        .y_label = "alpha / sqrt(s), median over coordinates (log)",
        .series = {}, .log_x = true, .log_y = true};
    const std::array<std::string, 2> names = {"RMSprop", "Adagrad"};
    for (std::size_t m = 0; m < 2; ++m) {
        common::plot::Series s{.label = names[m], .x = {}, .y = {}};
        for (std::size_t k : steps) {
            s.x.push_back(double(k));
            s.y.push_back(r.effective[m][k - 1]);
        }
        s.color = m == 0 ? common::report::method_color("RMSprop") : adagrad_color;
        chart.series.push_back(std::move(s));
    }
    if (n >= 100) {
        const double k0 = double(n / 100), at = r.effective[1][n / 100 - 1];
        common::plot::Series ref{.label = "falling as 1 / sqrt(t)", .x = {}, .y = {},
                                 .dashed = true};
        for (std::size_t k : steps) {
            ref.x.push_back(double(k));
            ref.y.push_back(at * std::sqrt(k0 / double(k)));
        }
        ref.color = "#777777";
        chart.series.push_back(std::move(ref));
    }
    return chart;
}

}  // namespace rmsprop
