// story.hpp: what chapter-gradient-descent prints and draws, built from the run's numbers:
// the variants' names in sentences and legends, the y-range of the figure of the last
// epochs and which curves fit on it, the one line for a diverged variant, and the closing
// lines "What this run showed:". What they are built from (Outcome, step_limit,
// first_within, lowest_J, nearest, ...) is measured in gradient_descent.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "chapters/01-gradient-descent/gradient_descent.hpp"
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

}  // namespace gradient_descent
