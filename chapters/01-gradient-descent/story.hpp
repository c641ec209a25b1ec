// story.hpp: what chapter-gradient-descent prints and draws, built from the run's numbers:
// the variants' names in sentences and legends, the y-range of the figure of the last
// epochs and which curves fit on it, the one line for a diverged variant, and the closing
// lines "What this run showed:". What they are built from (Outcome, step_limit,
// first_within, lowest_J, nearest, ...) is measured in gradient_descent.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/01-gradient-descent/vectorization.hpp"
#include "common/io/report.hpp"

namespace gradient_descent {

// "batch GD", "stochastic GD", "mini-batch GD": the name in sentences, legends and colours.
inline std::string method_name(Variant v) { return std::string(name(v)) + " GD"; }

// ---- The figure of the last epochs --------------------------------------------------

// The y-range that shows the last n epochs of the given cost curves beside the floor J_ols:
// from the lowest to the highest of them, padded by 5% of the span.
inline std::pair<double, double> last_epochs_range(
    const std::vector<const std::vector<double>*>& costs, double J_ols, std::size_t n) {
    double lo = J_ols, hi = J_ols;
    for (const std::vector<double>* c : costs) {
        for (std::size_t i = c->size() - std::min(n, c->size()); i < c->size(); ++i) {
            lo = std::min(lo, (*c)[i]);
            hi = std::max(hi, (*c)[i]);
        }
    }
    const double pad = 0.05 * std::max(hi - lo, 1e-9 * std::max(1.0, std::abs(hi)));
    return {lo - pad, hi + pad};
}

// Whether the last n costs of a curve lie inside a range.
inline bool inside(const std::vector<double>& cost, std::pair<double, double> range,
                   std::size_t n) {
    for (std::size_t i = cost.size() - std::min(n, cost.size()); i < cost.size(); ++i) {
        if (!(cost[i] >= range.first && cost[i] <= range.second)) return false;
    }
    return true;
}

// ---- What a run showed, in words ---------------------------------------------------
// Each sentence picks its words from the outcomes, so it is true for any flags and data.

// "Mini-batch GD": a name at the start of a sentence.
inline std::string capitalized(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
    return s;
}

// "J = 1439.93, 0.705% above the floor", or "J = 3072.9, 2.15 times the floor".
inline std::string above_floor(double J, double J_ols) {
    using common::report::g;
    if (J > 2 * J_ols) return "J = " + g(J) + ", " + g(J / J_ols, 3) + " times the floor";
    return "J = " + g(J) + ", " + g(100 * (J - J_ols) / J_ols, 3) + "% above the floor";
}

// The one line that reports a diverged variant, with what is known about its own limit.
inline std::string divergence_line(const Outcome& o, double alpha, const StepLimit& limit,
                                   std::size_t m) {
    using common::report::g;
    std::string why = limit.known
        ? "its limit is alpha < 2 / lambda_max = " + g(limit.alpha_max, 4)
        : "no limit on alpha is known for the " + std::string(name(o.variant)) + " step";
    if (o.variant == Variant::stochastic) {
        why += "; one step makes an example's error larger when alpha ||x||^2 > 2, here for " +
               std::to_string(limit.growing) + " of " + std::to_string(m);
    }
    return capitalized(method_name(o.variant)) + " diverged: J became Inf or NaN at epoch " +
           std::to_string(o.diverged_at) + " with alpha = " + g(alpha) + " (" + why + ").";
}

struct RunFacts {
    double alpha = 0, lambda_max = 0, J_ols = 0;
    std::size_t epochs = 0;   // epochs run
    std::size_t last = 10;    // the epochs Outcome::rises looks at
};

// The closing lines "What this run showed:", for outcomes of batch, stochastic, mini-batch.
inline std::vector<std::string> what_this_run_showed(const std::vector<Outcome>& outcomes,
                                                     const RunFacts& f) {
    using common::report::g;
    std::vector<std::string> lines;
    const bool all_still = std::all_of(outcomes.begin(), outcomes.end(), [&](const Outcome& o) {
        return !o.diverged() && o.final_J == outcomes[0].final_J;
    });
    if (f.alpha == 0 && all_still) {  // a valid setting with an obvious result
        return {"With alpha = 0 every step theta := theta - 0 dtheta leaves theta where it "
                "started: all three variants end at J = " + g(outcomes[0].final_J) + ", " +
                g(outcomes[0].final_J / f.J_ols, 3) + " times the floor, as they began."};
    }
    for (const Outcome& o : outcomes) {
        if (o.diverged()) {
            lines.push_back(capitalized(method_name(o.variant)) + " diverged (epoch " +
                            std::to_string(o.diverged_at) + "); the other variants ran on.");
        }
    }
    const Outcome& batch = outcomes[0];
    const double limit = 2 / f.lambda_max;  // batch GD: alpha < 2 / lambda_max
    if (!batch.diverged()) {
        lines.push_back(
            "Batch GD takes one step per epoch; with alpha = " + g(f.alpha) +
            (f.alpha < limit ? " below" : " above") + " its limit " + g(limit, 3) + ", " +
            (batch.J_fell_every_epoch ? "J fell every epoch"
             : batch.J_grew           ? "J grew: it is diverging"
                                      : "J did not fall every epoch") +
            ", and it " +
            (batch.within ? "was within 1% of the floor at epoch " + std::to_string(batch.within)
                          : "ends at " + above_floor(batch.final_J, f.J_ols)) + ".");
    }
    if (const auto first = first_within(outcomes)) {
        const Outcome& o = outcomes[*first];
        lines.push_back(capitalized(method_name(o.variant)) +
                        " got within 1% of the floor J(theta_ols) in the fewest epochs (" +
                        std::to_string(o.within) + ", " +
                        std::to_string(o.within * o.updates_per_epoch) + " updates).");
    } else {
        lines.push_back("No variant got within 1% of the floor in " + std::to_string(f.epochs) +
                        (f.epochs == 1 ? " epoch." : " epochs."));
    }
    const Outcome &s = outcomes[1], &mb = outcomes[2];
    if (!s.diverged() && !mb.diverged()) {
        lines.push_back(
            "Over the last " +
            (f.last == 1 ? std::string("epoch") : std::to_string(f.last) + " epochs") +
            " J rose by " + g(s.rises, 4) +
            " in all for stochastic GD and by " + g(mb.rises, 4) + " for mini-batch GD: " +
            (s.rises == 0 && mb.rises == 0 ? "neither went up; both still descend."
             : s.rises > 2 * mb.rises
                 ? "one example per step is a noisy gradient, and a fixed alpha keeps "
                   "theta jumping."
             : mb.rises > 2 * s.rises ? "here the mini-batch steps are the noisier."
                                      : "here the two are about as noisy."));
    }
    const auto low = lowest_J(outcomes), near = nearest(outcomes);
    if (low && near) {
        const Outcome &l = outcomes[*low], &n = outcomes[*near];
        std::string line = capitalized(method_name(l.variant)) + " ends lowest in J (" +
                           above_floor(l.final_J, f.J_ols) + ")";
        if (low == near) {
            line += " and nearest theta_ols (distance " + g(l.distance, 4) + ").";
        } else {
            line += "; " + method_name(n.variant) + " ends nearest theta_ols (distance " +
                    g(n.distance, 4) + " against " + g(l.distance, 4) +
                    "): J changes little along some directions of theta, so a low J need "
                    "not mean theta near theta_ols.";
        }
        lines.push_back(line);
    }
    return lines;
}

// ---- Vectorization, measured (vectorization.hpp) -------------------------------------
// Every line that shows a wall-clock time starts with "[time]": those numbers differ run to
// run; every other line is the same in every run.

// A sentence with measured times, wrapped, each line marked "[time] ".
inline std::string timed(std::string_view text) {
    const std::string w = common::report::wrapped(text, 2, 0, 85);
    std::string out;
    for (std::size_t i = 0; i < w.size();) {
        const std::size_t j = w.find('\n', i);
        out += "[time] " + w.substr(i, j - i + 1);
        i = j + 1;
    }
    return out;
}

// How long `t` took against `reference`, which took `what`: "3.1 times faster than what",
// "2 times slower than what", or "about as fast as what (within 25%)". 25% is above the
// spread of these medians over runs on an idle machine (about 10%).
inline std::string speed_against(double t, double reference, const std::string& what) {
    using common::report::g;
    if (!(t > 0) || !(reference > 0)) return "not measurably different from " + what;
    const double ratio = reference / t;
    if (ratio >= 1.25) return g(ratio, 2) + " times faster than " + what;
    if (ratio <= 0.8) return g(1 / ratio, 2) + " times slower than " + what;
    return "about as fast as " + what + " (within 25%)";
}

inline std::string pass_name(const Pass& pass, std::size_t m) {
    if (pass.way == Way::element) return "one element at a time";
    if (pass.way == Way::example) return "one example (column) at a time";
    return pass.m_t >= m ? "one product over all " + std::to_string(m)
                         : "one product per mini-batch of " + std::to_string(pass.m_t);
}

// "0.971 us", "12.6 us", "1003 us": three significant digits, never an exponent.
inline std::string microseconds(double seconds) {
    const double us = seconds * 1e6;
    return (us >= 100 ? common::report::fixed(us, 0) : common::report::g(us, 3)) + " us";
}

// The sentence the four passes' times support.
inline std::string passes_verdict(const std::vector<PassResult>& r, std::size_t m) {
    const PassResult &element = r[0], &example = r[1], &per_batch = r[2], &all = r[3];
    const std::string by_example = "one example at a time";
    return "The same arithmetic on the same examples: " + pass_name(all.pass, m) + " was " +
           speed_against(all.seconds, example.seconds, by_example) + " and " +
           speed_against(all.seconds, element.seconds, "one element at a time") + "; " +
           pass_name(per_batch.pass, m) + " was " +
           speed_against(per_batch.seconds, example.seconds, by_example) + ".";
}

// The four passes of four_passes(): how far each gradient is from the product over all m
// (deterministic), then each one's time, then the sentence the times support.
inline std::vector<std::string> passes_lines(const std::vector<PassResult>& r, std::size_t m,
                                             std::size_t repeats) {
    using common::report::g;
    char buf[160];
    double worst = 0;
    for (const PassResult& p : r) {
        worst = std::max(worst, largest_difference(p.dtheta, r.back().dtheta));
    }
    std::vector<std::string> lines = {
        "  The four gradients differ by at most " + g(worst, 2) + " of the largest |dtheta_j|:",
        worst < 1e-12 ? "  the same gradient, to rounding."
                      : "  not the same gradient: the ways do not compute the same thing."};
    for (const PassResult& p : r) {
        std::snprintf(buf, sizeof buf, "[time]   %-36s %10s per pass (median of %zu)",
                      pass_name(p.pass, m).c_str(), microseconds(p.seconds).c_str(), repeats);
        lines.push_back(buf);
    }
    std::string out = timed(passes_verdict(r, m));
    for (std::size_t i = 0; i < out.size();) {
        const std::size_t j = out.find('\n', i);
        lines.push_back(out.substr(i, j - i));
        i = j + 1;
    }
    return lines;
}

// The runs of timed_variants(): epochs to 1% and updates (deterministic), then per epoch
// the shuffle and the gradients-and-steps, and the time to 1% (marked [time]).
inline std::vector<std::string> training_lines(const std::vector<TimedRun>& runs,
                                               std::size_t epochs) {
    char buf[200];
    std::vector<std::string> lines;
    std::snprintf(buf, sizeof buf, "  %-38s %12s %8s", "variant", "epochs to 1%",
                  "updates");
    lines.push_back(buf);
    for (const TimedRun& r : runs) {
        const std::string e = r.diverged_at ? "diverged"
                              : r.within    ? std::to_string(r.within)
                                            : "> " + std::to_string(epochs);
        std::snprintf(buf, sizeof buf, "  %-38s %12s %8s", r.variant.name.c_str(), e.c_str(),
                      r.within ? std::to_string(r.within * r.updates_per_epoch).c_str() : "-");
        lines.push_back(buf);
    }
    std::snprintf(buf, sizeof buf, "[time] %-37s %8s %10s  %s", "per epoch (median)",
                  "shuffle", "gradients", "to 1%: gradients + shuffles");
    lines.push_back(buf);
    for (const TimedRun& r : runs) {
        const std::string to = r.within ? microseconds(r.work_to_within) + " + " +
                                              microseconds(r.shuffle_to_within)
                                        : "-";
        std::snprintf(buf, sizeof buf, "[time] %-37s %8s %10s  %s",
                      r.variant.name.c_str(),
                      r.shuffles ? microseconds(r.shuffle_per_epoch).c_str() : "none",
                      microseconds(r.work_per_epoch).c_str(), to.c_str());
        lines.push_back(buf);
    }
    return lines;
}

// The sentences the timed training runs support, each marked [time]: what vectorization
// alone changed (the same mini-batch steps three ways), what the shuffle costs, and which
// variant reached 1% of the floor soonest, with and without its shuffles.
inline std::string training_verdict(const std::vector<TimedRun>& runs) {
    const TimedRun &sgd = runs[0], &elem = runs[1], &ex = runs[2], &prod = runs[3];
    std::string text =
        "The same mini-batch steps (the same theta, epoch by epoch): one product per "
        "mini-batch took " + microseconds(prod.work_per_epoch) + " per epoch, " +
        speed_against(prod.work_per_epoch, ex.work_per_epoch, "one example at a time") +
        " and " +
        speed_against(prod.work_per_epoch, elem.work_per_epoch, "one element at a time") +
        "; " +
        (!prod.shuffles ? std::string("with m_t >= m it does not shuffle.")
                        : "its shuffle took " + microseconds(prod.shuffle_per_epoch) +
                              " more per epoch") +
        (!prod.shuffles ? std::string()
         : prod.work_per_epoch > 0
             ? " (" + common::report::g(prod.shuffle_per_epoch / prod.work_per_epoch, 2) +
                   " times its gradients and steps)."
             : ".");
    const TimedRun *fastest = nullptr, *fastest_all = nullptr;
    for (const TimedRun& r : runs) {
        if (!r.within) continue;
        if (!fastest || r.work_to_within < fastest->work_to_within) fastest = &r;
        const double all = r.work_to_within + r.shuffle_to_within;
        if (!fastest_all || all < fastest_all->work_to_within + fastest_all->shuffle_to_within) {
            fastest_all = &r;
        }
    }
    if (!fastest) return text + " No variant reached 1% of J(theta_ols).";
    text += " To 1% of J(theta_ols) the soonest was " + fastest->variant.name + " (" +
            microseconds(fastest->work_to_within) + " of gradients and steps)";
    text += fastest_all == fastest
                ? ", also with the shuffles counted"
                : "; with the shuffles counted, " + fastest_all->variant.name + " (" +
                      microseconds(fastest_all->work_to_within +
                                   fastest_all->shuffle_to_within) + ")";
    if (sgd.within && fastest != &sgd) {
        text += "; stochastic GD needed " + microseconds(sgd.work_to_within) + " for its " +
                std::to_string(sgd.within * sgd.updates_per_epoch) + " updates";
    }
    return text + ".";
}

// The section of the chapter's output on vectorization: the four passes at theta = 0, then
// plain GD trained each way with alpha, epochs, m_t and seed; J_ols is the floor.
inline void print_vectorization(const Dataset<double>& data, double alpha, std::size_t epochs,
                                std::size_t m_t, std::uint64_t seed, double J_ols) {
    const std::size_t passes = 200, repeats = 5;
    std::printf("\nVectorization on its own: the gradient at theta = 0 over the same %zu "
                "examples, four ways\n(lines marked [time] are wall-clock and differ run to "
                "run):\n\n", data.m());
    const std::vector<double> theta0(data.p(), 0.0);
    const Layouts<double> L = both_layouts(data);
    for (const std::string& line :
         passes_lines(time_passes(four_passes(data.m(), m_t), theta0, L, passes), data.m(),
                      passes)) {
        std::printf("%s\n", line.c_str());
    }
    std::printf("\nPlain GD from theta = 0, alpha = %s, each way (the shuffle draws a new "
                "order and copies\nthe examples into it; times are medians of %zu runs):\n\n",
                common::report::g(alpha).c_str(), repeats);
    std::vector<TimedRun> runs;
    for (const TimedVariant& v : timed_variants(m_t)) {
        runs.push_back(train_timed(v, data, alpha, epochs, seed, J_ols, repeats));
    }
    for (const std::string& line : training_lines(runs, epochs)) {
        std::printf("%s\n", line.c_str());
    }
    std::fputs(timed(training_verdict(runs)).c_str(), stdout);
}

}  // namespace gradient_descent
