// story.hpp: what chapter-learning-rate-decay prints and draws, built from the run's numbers:
// the names and settings of the schedules and optimizers as printed, alpha as a chart curve,
// the table after training, the lines for a diverged schedule and for a run that made no
// progress, which runs the terminal chart draws, and the closing lines "What this run
// showed:", whose words are picked by comparing this run's numbers.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/06-learning-rate-decay/learning_rate_decay.hpp"
#include "common/io/report.hpp"

namespace decay {

// ---- Names and labels -----------------------------------------------------------------

// The update that takes alpha from the schedule, with the settings it runs with.
inline std::string_view rule(Method m) {
    switch (m) {
        case Method::gd: return "theta := theta - alpha dtheta";
        case Method::momentum: return "momentum, beta = 0.9";
        case Method::rmsprop: return "RMSprop, beta2 = 0.999, eps = 1e-8 in the root";
        case Method::adam: return "Adam, beta1 = 0.9, beta2 = 0.999, eps = 1e-8";
    }
    return "";
}

// The method's name in a title; plain GD by how many examples feed a step: "Batch GD" for
// m_t >= m, "Stochastic GD" for m_t = 1, else "Mini-batch GD".
inline std::string method_title(Method method, std::size_t m_t, std::size_t m) {
    switch (method) {
        case Method::gd:
            return m_t >= m ? "Batch GD" : m_t == 1 ? "Stochastic GD" : "Mini-batch GD";
        case Method::momentum: return "Momentum";
        case Method::rmsprop: return "RMSprop";
        case Method::adam: return "Adam";
    }
    return "";
}

// What the formula takes besides alpha0: "k = 0.5, L = 10"; "T_max = 99, alpha_min = 0";
// "W = 28, N = 2800, alpha_min = 0"; "" for constant alpha.
inline std::string settings(const Schedule& s) {
    using common::report::g;
    std::string text = uses_k(s.kind) ? "k = " + g(s.k) : "";
    if (uses_L(s.kind)) text += ", L = " + std::to_string(s.L);
    if (s.kind == Kind::cosine) text = "T_max = " + std::to_string(s.T_max);
    if (s.kind == Kind::warmup_cosine) {
        text = "W = " + std::to_string(s.warmup) + ", N = " + std::to_string(s.total);
    }
    if (is_cosine(s.kind)) text += ", alpha_min = " + g(s.alpha_min);
    return text;
}

// "staircase, k = 0.5, L = 10", "cosine, T_max = 99", "warmup-cosine, W = 28": a legend
// entry, a row of the final table, a sentence's name.
inline std::string label(const Schedule& s) {
    std::string rest = settings(s);
    if (is_cosine(s.kind)) rest = rest.substr(0, rest.find(','));
    return std::string(name(s.kind)) + (rest.empty() ? "" : ", " + rest);
}

// The schedule's line in the list at the top: name, formula, settings; the settings go on a
// line of their own, under the formula, where the three would pass 100 columns.
inline std::vector<std::string> schedule_lines(const Schedule& s) {
    char buf[200];
    const std::string rest = settings(s), f(formula(s.kind));
    if (22 + std::max<std::size_t>(38, f.size() + 2) + rest.size() <= 100) {
        std::snprintf(buf, sizeof buf, "  %-19s %-*s%s", std::string(name(s.kind)).c_str(),
                      rest.empty() ? 0 : int(std::max<std::size_t>(38, f.size() + 2)),
                      f.c_str(), rest.c_str());
        return {buf};
    }
    std::snprintf(buf, sizeof buf, "  %-19s %s", std::string(name(s.kind)).c_str(), f.c_str());
    return {buf, std::string(22, ' ') + rest};
}

// The flag to name when make_schedules refuses a setting (its message says which).
inline std::string flag_of(std::string_view message) {
    if (message.find("alpha_min") != std::string_view::npos) return "--alpha-min";
    if (message.find("T_max") != std::string_view::npos) return "--T-max";
    if (message.find("warmup") != std::string_view::npos) return "--warmup";
    return "--k";
}

// ---- Charts, table and lines from a run -----------------------------------------------

// alpha as a curve over epochs 1 .. epochs of T mini-batches, epoch i spanning [i, i + 1)
// on the x axis: an epoch schedule holds alpha for the whole epoch (a step); one that
// changes per mini-batch t has its t'-th mini-batch of epoch i at x = i + (t' - 1) / T.
struct Curve {
    std::vector<double> x, y;
};

inline Curve alpha_curve(const Schedule& s, std::size_t epochs, std::size_t T) {
    Curve c;
    for (std::size_t i = 1; i <= epochs; ++i) {
        for (std::size_t t = (i - 1) * T + 1; t <= i * T; ++t) {
            if (!s.per_minibatch() && t != (i - 1) * T + 1) continue;
            c.x.push_back(double(i) + double(t - (i - 1) * T - 1) / double(T));
            c.y.push_back(s.alpha(i, t));
        }
        c.x.push_back(double(i + 1));  // alpha holds until the next epoch starts
        c.y.push_back(c.y.back());
    }
    return c;
}

// The one line that reports a diverged schedule, with what is known about the limit on
// alpha for this optimizer and m_t: only plain GD on all m examples has one, 2 / lambda_max.
inline std::string divergence_line(const Outcome& o, const RunFacts& f) {
    using common::report::g;
    const auto& h = o.run.history;
    const std::string limit =
        f.method == Method::gd && f.full_batch()
            ? "plain GD with m_t = m needs alpha < 2 / lambda_max = " + g(2 / f.lambda_max, 4)
            : "no limit on alpha is known for " + std::string(name(f.method)) +
                  " with m_t = " + std::to_string(f.m_t);
    return "The " + label(o.schedule) + " schedule diverged: J became " +
           (std::isnan(h.cost.back()) ? "NaN" : "Inf") + " at epoch " +
           std::to_string(h.diverged_at) + " with alpha = " + g(h.diverged_alpha) + " (" +
           limit + ").";
}

// The line that stops the program when no schedule got below J(theta = 0), with the
// suggested_alpha0 to try.
inline std::string no_progress_line(const RunFacts& f, double alpha0, double J_start) {
    using common::report::g;
    return "no schedule ended below J(theta = 0) = " + g(J_start) + " with alpha0 = " +
           g(alpha0) + "; start lower: try --alpha0 " + g(suggested_alpha0(f, alpha0), 2) + ".";
}

// The table after training: its heading, and one row per schedule ("diverged" for a run
// that did). Numbers too large for their decimals are printed in %g.
inline std::string table_heading() {
    char buf[160];
    std::snprintf(buf, sizeof buf, "  %-30s %12s %13s %10s %9s %11s", "schedule", "final J",
                  "J - J_ols", "rises", "distance", "final alpha");
    return buf;
}

inline std::string table_row(const Outcome& r) {
    using common::report::g;
    char buf[256];
    if (r.diverged()) {
        std::snprintf(buf, sizeof buf, "  %-30s %12s", label(r.schedule).c_str(), "diverged");
        return buf;
    }
    auto num = [](double x, int decimals) {
        return std::abs(x) < 1e7 ? common::report::fixed(x, decimals) : g(x, 4);
    };
    std::snprintf(buf, sizeof buf, "  %-30s %12s %13s %10.4g %9s %11.4g",
                  label(r.schedule).c_str(), num(r.final_J, 4).c_str(), num(r.excess, 4).c_str(),
                  r.rises, num(r.distance, 3).c_str(), r.run.alpha);
    return buf;
}

// Reading the notes critically (README): the notes call k "the decay rate", but it is a
// rate in time-based decay, a base in exponential and staircase decay and a scale in the
// inverse square roots, which alone start at k alpha0 rather than alpha0 at i = 1; and
// their t, "the current mini-batch", runs 1..T within each epoch in the mini-batch loop,
// where the per-mini-batch schedule must count on across epochs. Shown on this run's
// schedules (alpha0, the k of each, T mini-batches per epoch).
inline std::vector<std::string> notes_reading_lines(const std::vector<Schedule>& schedules,
                                                    std::size_t T) {
    using common::report::g;
    std::vector<std::string> lines;
    std::string at_alpha0, scaled;
    for (const Schedule& s : schedules) {
        if (s.kind == Kind::constant || is_cosine(s.kind)) continue;
        const double a1 = s.alpha(1, 1);
        const bool sqrt_kind =
            s.kind == Kind::inverse_sqrt_epoch || s.kind == Kind::inverse_sqrt_batch;
        if (!sqrt_kind) {
            at_alpha0 += (at_alpha0.empty() ? "" : ", ") + std::string(name(s.kind)) + " " +
                         g(a1, 4);
        } else {
            const double other_k = s.k == 0.5 ? 0.25 : 0.5;
            scaled += (scaled.empty() ? "" : "; ") + std::string(name(s.kind)) + " " +
                      g(a1, 4) + " = k alpha0 with k = " + g(s.k) + " (k = " + g(other_k) +
                      " would start at " + g(Schedule{s.kind, s.alpha0, other_k}.alpha(1, 1),
                                             4) + ")";
        }
    }
    if (!at_alpha0.empty() || !scaled.empty()) {
        lines.push_back("At i = t = 1: " + (at_alpha0.empty() ? std::string()
                                            : at_alpha0 + " (alpha0, whatever k)") +
                        (!at_alpha0.empty() && !scaled.empty() ? "; " : "") + scaled +
                        ". The notes' one \"decay rate\" k is a rate in time-based decay, a "
                        "base in exponential and staircase decay, a scale in the inverse "
                        "square roots.");
    }
    for (const Schedule& s : schedules) {
        if (s.kind != Kind::inverse_sqrt_batch || T == 1) continue;
        lines.push_back(std::string(name(s.kind)) + " counts t on across epochs: at the "
                        "first mini-batch of epoch 2, t = T + 1 = " + std::to_string(T + 1) +
                        " and alpha = " + g(s.alpha(2, T + 1), 4) + ". Read as the t = 1..T of "
                        "the notes' mini-batch loop, t would restart every epoch and alpha "
                        "jump back to " + g(s.alpha(2, 1), 4) + ".");
    }
    return lines;
}

// ---- Beyond the notes: the cosine schedules in the run ------------------------------------

// A comparison in words: `less` if a < b, `more` if a > b, "level with" if equal (or NaN).
inline std::string compared(double a, double b, const std::string& less,
                            const std::string& more) {
    return a < b ? less : a > b ? more : "level with";
}

// The chart of alpha over the first `epochs` epochs of T mini-batches, one curve per
// schedule, constant alpha dashed grey.
inline common::plot::LineChart alpha_chart(const std::vector<Schedule>& schedules,
                                           std::string title, std::size_t epochs,
                                           std::size_t T) {
    common::plot::LineChart chart{.title = std::move(title),
                                  .x_label = "epoch (epoch i runs from i to i + 1)",
                                  .y_label = "learning rate alpha", .series = {},
                                  .x_range = common::plot::Range{1, double(epochs + 1)}};
    for (const auto& s : schedules) {
        Curve c = alpha_curve(s, epochs, T);
        chart.series.push_back({.label = label(s), .x = std::move(c.x), .y = std::move(c.y),
                                .dashed = s.kind == Kind::constant});
        if (s.kind == Kind::constant) chart.series.back().color = "#777777";
    }
    return chart;
}

// J - J(theta_ols) per epoch of each run that did not diverge, constant alpha dashed, grey.
inline common::plot::LineChart excess_chart(const std::vector<Outcome>& results, double J_ols,
                                            std::string title) {
    common::plot::LineChart chart{.title = std::move(title), .x_label = "epoch",
                                  .y_label = "J - J(theta_ols) (log scale)", .series = {},
                                  .log_y = true};
    for (const auto& r : results) {
        if (r.diverged()) continue;
        std::vector<double> excess = r.run.history.cost;
        for (double& J : excess) J -= J_ols;
        chart.series.push_back(common::report::epoch_series(label(r.schedule), excess));
        chart.series.back().dashed = r.schedule.kind == Kind::constant;
        if (r.schedule.kind == Kind::constant) chart.series.back().color = "#777777";
    }
    return chart;
}

// "Beyond the notes": where the cosine schedules ended against the notes' lowest decay and
// constant alpha, and what the warmup changed in epoch 1 and at the end (each word picked by
// comparing this run's numbers). Empty when neither cosine schedule ran.
inline std::vector<std::string> beyond_lines(const std::vector<Outcome>& outcomes) {
    using common::report::g;
    const Outcome *cos = nullptr, *warm = nullptr;
    for (const Outcome& o : outcomes) {
        if (o.schedule.kind == Kind::cosine) cos = &o;
        if (o.schedule.kind == Kind::warmup_cosine) warm = &o;
    }
    std::vector<std::string> lines;
    const Picks p = picks(outcomes);
    auto ends = [&](const Outcome& o) {
        if (o.diverged()) {
            return label(o.schedule) + " diverged (epoch " +
                   std::to_string(o.run.history.diverged_at) + ")";
        }
        std::string text = label(o.schedule) + " ends at J - J(theta_ols) = " + g(o.excess, 4);
        if (p.best) {
            text += ", " + compared(o.excess, p.best->excess, "below", "above") + " the " +
                    "notes' lowest (" + label(p.best->schedule) + ", at " +
                    g(p.best->excess, 4) + ")";
        }
        if (p.constant) {
            text += (p.best ? " and " : ", ") +
                    compared(o.excess, p.constant->excess, "below", "above") +
                    " constant alpha's " + g(p.constant->excess, 4);
        }
        return text;
    };
    for (const Outcome* o : {cos, warm}) {
        if (o) lines.push_back(ends(*o) + ".");
    }
    if (cos && warm && !cos->diverged() && !warm->diverged()) {
        const double J1_w = warm->run.history.cost[0], J1_c = cos->run.history.cost[0];
        if (warm->run.history.cost == cos->run.history.cost) {
            lines.push_back(label(warm->schedule) + " ran exactly as " + label(cos->schedule) +
                            " did, J for J: here the two give the same alpha at every step" +
                            (warm->schedule.warmup == 1 ? " (W = 1 is no warmup)." : "."));
            return lines;
        }
        lines.push_back(
            "The warmup's small first steps (alpha0 / W = " +
            g(warm->schedule.alpha(1, 1), 3) + " at t = 1): after epoch 1, J = " + g(J1_w, 6) +
            " with warmup against " + g(J1_c, 6) + " without: it starts " +
            compared(J1_w, J1_c, "faster", "slower") + "; at the end warmup-cosine is " +
            compared(warm->excess, cos->excess, "below", "above") + " cosine (" +
            g(warm->excess, 4) + " against " + g(cos->excess, 4) + ").");
    }
    return lines;
}

// Whether outcomes[n] is one of the picks: the terminal chart draws only those three.
inline bool in_story(const std::vector<Outcome>& outcomes, std::size_t n) {
    const Picks p = picks(outcomes);
    const Outcome* o = &outcomes[n];
    return o == p.constant || o == p.best || o == p.worst;
}

// The closing lines "What this run showed:".
inline std::vector<std::string> what_this_run_showed(const std::vector<Outcome>& outcomes,
                                                     const RunFacts& f) {
    using common::report::g;
    std::vector<std::string> lines;
    for (const Outcome& o : outcomes) {
        if (o.diverged() && !is_cosine(o.schedule.kind)) {  // those: in beyond_lines
            lines.push_back("The " + label(o.schedule) + " schedule diverged (epoch " +
                            std::to_string(o.run.history.diverged_at) +
                            "); the others ran on.");
        }
    }
    const auto [constant, best, worst] = picks(outcomes);
    if (!constant && best) {
        const Outcome* c = nullptr;
        for (const Outcome& o : outcomes) {
            if (o.schedule.kind == Kind::constant) c = &o;
        }
        if (c) {
            std::string line = "Constant alpha = " + g(c->schedule.alpha0) +
                               " diverged; of the decays, " + label(best->schedule) +
                               " ends lowest, at J - J(theta_ols) = " + g(best->excess, 4);
            if (worst != best) {
                line += ", and " + label(worst->schedule) + " highest, at " +
                        g(worst->excess, 4);
            }
            lines.push_back(line + ".");
        }
    }
    const bool cosine_ran = std::any_of(outcomes.begin(), outcomes.end(), [](const Outcome& o) {
        return is_cosine(o.schedule.kind);
    });
    if (constant && !best && !cosine_ran) {  // a cosine schedule alone: told in beyond_lines
        lines.push_back("Only constant alpha = " + g(constant->schedule.alpha0) +
                        " ran: it ends at J - J(theta_ols) = " + g(constant->excess, 4) +
                        "; name a decaying --schedule (or all) to compare.");
    }
    if (!constant || !best) return lines;
    // Valid but degenerate settings, with their obvious results: alpha0 = 0 moves nothing;
    // a schedule whose alpha never changes (time-based k = 0) is the constant schedule.
    const std::vector<double>& constant_cost = constant->run.history.cost;
    const bool all_same = std::all_of(outcomes.begin(), outcomes.end(), [&](const Outcome& o) {
        return !o.diverged() && o.run.history.cost == constant_cost;
    });
    if (constant->schedule.alpha0 == 0 && all_same) {
        lines.push_back("With alpha0 = 0 every schedule gives alpha = 0 at every step: theta "
                        "stays at 0 and J at " + g(constant->final_J) + " under all of them.");
        return lines;
    }
    if (best->run.history.cost == constant->run.history.cost &&
        best->run.theta == constant->run.theta) {
        lines.push_back("The lowest decay, " + label(best->schedule) + ", ran exactly as " +
                        "constant alpha = " + g(constant->schedule.alpha0) + " did, J for J (" +
                        "J - J(theta_ols) = " + g(best->excess, 4) + " at the end): with " +
                        "this k its alpha stays alpha0, so it is no decay at all.");
        return lines;
    }
    if (f.epochs < 20) {
        lines.push_back("Run 20 epochs or more (--epochs) to see how the schedules end.");
        return lines;
    }
    const std::string b = label(best->schedule);
    const bool decay_lower = best->excess < constant->excess;
    lines.push_back("Constant alpha = " + g(constant->schedule.alpha0) +
                    " ends at J - J(theta_ols) = " + g(constant->excess, 4) + "; the lowest "
                    "decay, " + b + ", ends at " + g(best->excess, 4) +
                    (decay_lower ? ": decay ends lower."
                                 : ": decay does not end lower here."));
    if (f.full_batch()) {
        const std::string m_t = f.m_t == f.m ? "m_t = m = " + std::to_string(f.m)
                                              : "m_t = " + std::to_string(f.m_t) +
                                                    " >= m = " + std::to_string(f.m);
        lines.push_back("With " + m_t + " every step uses the exact gradient: there is no "
                        "mini-batch noise for decay to calm" +
                        (decay_lower ? "." : ", and the shrinking steps only slow the run."));
    } else {
        const bool calmer = best->rises < 0.5 * constant->rises;
        lines.push_back(
            "Over the last 10 epochs J rose by " + g(constant->rises, 4) +
            " in all under constant alpha and by " + g(best->rises, 4) + " under " + b +
            ": " +
            (calmer ? "with alpha held at " + g(constant->schedule.alpha0) +
                          " each step moves the full alpha along one noisy gradient of m_t = " +
                          std::to_string(f.m_t) + (f.m_t == 1 ? " example" : " examples") +
                          (decay_lower ? "; decay shrinks those steps and calms it."
                                       : "; decay shrinks those steps and calms it, yet ends "
                                         "higher: here the noise costs less than the smaller "
                                         "steps.")
                    : "here decay did not calm the mini-batch noise (m_t = " +
                          std::to_string(f.m_t) + ")."));
    }
    if (worst != best) {
        const double sum_w = alpha_sum(worst->schedule, f.epochs, f.T());
        const double sum_b = alpha_sum(best->schedule, f.epochs, f.T());
        const std::string w = label(worst->schedule);
        const std::string times = g(worst->excess / best->excess, 3) + " times that of " + b;
        const std::string sums = "(alpha summed over all steps: " + g(sum_w, 4) +
                                 " against " + g(sum_b, 4) + ")";
        if (sum_w < sum_b) {
            lines.push_back("Too fast a decay stalls: " + w + " ends at " +
                            g(worst->excess, 4) + ", " + times + " " + sums + ".");
        } else if (!f.full_batch() && worst->rises > best->rises) {
            lines.push_back("Too slow a decay stays noisy: " + w + " ends at " +
                            g(worst->excess, 4) + ", " + times + ", its J rising by " +
                            g(worst->rises, 4) + " over the last 10 epochs " + sums + ".");
        } else {
            lines.push_back(w + " ends highest of the decays, at " + g(worst->excess, 4) +
                            ", " + times + " " + sums + ".");
        }
    }
    // Nearer theta_ols and lower in J need not go together: say which it was.
    const bool c_nearer = constant->distance < best->distance;
    const Outcome& near = c_nearer ? *constant : *best;
    const Outcome& far = c_nearer ? *best : *constant;
    const std::string near_name = c_nearer ? "The constant run" : "The " + b + " run";
    const bool near_lower = near.final_J < far.final_J;
    lines.push_back(near_name + " ends nearer theta_ols (" + g(near.distance, 4) +
                    " against " + g(far.distance, 4) + ")" + (near_lower ? " and " : " yet ") +
                    (near_lower ? "lower" : "higher") + " in J (" + g(near.final_J) +
                    " against " + g(far.final_J) + ")" +
                    (near_lower ? "."
                                : ": J changes little along some directions of theta, so a "
                                  "lower J need not mean a theta nearer theta_ols."));
    return lines;
}

}  // namespace decay
