// Part of chapter-adam's story: Adam trained on the regression beside alpha = 0.001 and beside
// the other bias-correction setting (section 3), and the four methods side by side at their
// best alphas (section 4).
#include "story.hpp"

namespace adam_chapter {

// 0.001: the default of the Adam paper and of PyTorch (the notes leave alpha to be tuned).
constexpr double alpha_default = 0.001;

// The side-by-side's learning rates: each method gets the one with the lowest final cost.
constexpr double alpha_grid[] = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30};

std::string section_training(const Story& s, const adam::Adam<double>& opt, const adam::Run& run,
                             report::Figures& figures) {
    const Options& o = s.o;
    const std::size_t per_epoch = gd::mini_batches(s.data.m(), o.batch_size).size();
    // The run, at alpha = 0.001, and at alpha with bias correction the other way round.
    adam::Hyper other = s.hyper;
    other.bias_correction = !o.bias_correction;
    const std::vector<adam::Run> runs = {
        run, adam::train_method(adam::Method::adam, s.data, alpha_default, s.hyper, s.training(),
                                o.seed),
        adam::train_method(adam::Method::adam, s.data, o.alpha, other, s.training(), o.seed)};
    const std::string how = o.bias_correction ? "" : ", uncorrected";
    const std::string names[] = {"alpha = " + g(o.alpha) + how,
                                 "alpha = " + g(alpha_default) + how,
                                 "alpha = " + g(o.alpha) + (o.bias_correction ? ", uncorrected"
                                                                              : ", corrected")};
    std::printf("3. Training on %s, m_t = %zu (%zu step%s per epoch), the settings above, beside"
                "\n   alpha = 0.001 (the Adam paper's and PyTorch's default; the notes: alpha "
                "\"needs to be tuned\"):\n\n  %6s", s.data_name.c_str(), o.batch_size, per_epoch,
                per_epoch == 1 ? "" : "s", "epoch");
    for (std::size_t k = 0; k < runs.size(); ++k) std::printf(" %24s", names[k].c_str());
    for (std::size_t i : report::shown_epochs(o.epochs)) {
        std::printf("\n  %6zu", i);
        for (const auto& r : runs) {
            const bool gone = r.history.diverged_at != 0 && i >= r.history.diverged_at;
            std::printf(" %24s", gone ? "diverged" : g(r.history.cost[i - 1], 8).c_str());
        }
    }
    for (std::size_t k = 1; k < runs.size(); ++k) {  // a variant that diverged: one line
        if (runs[k].history.diverged_at) {
            std::printf("\n  (%s)", diverged_text("Adam at " + names[k], runs[k]).c_str());
        }
    }
    const auto within = [&](const adam::Run& r) {
        return r.history.diverged_at ? 0 : gd::epochs_to_within(r.history.cost, s.J_ols, 1.01);
    };
    std::string reach = adam::reach_sentence("Adam at " + names[0], within(runs[0]), names[1],
                                             within(runs[1]), o.epochs) + ".";
    reach[0] = char(std::toupper(reach[0]));  // "neither ..." starts a sentence here
    const std::size_t on = within(runs[o.bias_correction ? 0 : 2]);
    const std::size_t off = within(runs[o.bias_correction ? 2 : 0]);
    const std::string uncorrected =
        " At the same alpha and with the same mini-batches, " +
        adam::reach_sentence("the uncorrected run", off, "the corrected one", on, o.epochs) + ".";
    const double J = run.history.cost.back(), rms = adam::smallest_rms(opt);
    const std::string eps = "The smallest sqrt(s_corrected) at the end is " + g(rms, 3) + ", " +
                            (adam::eps_matters(rms, o.eps) ? "within 100 times" : "far above") +
                            " sqrt(eps) = " + g(std::sqrt(o.eps)) + ": where eps sits " +
                            (adam::eps_matters(rms, o.eps) ? "shapes" : "hardly changes") +
                            " these steps.";
    const adam::Run& slow = runs[1];
    std::printf("\n\n");
    say("J(theta_ols) = " + g(s.J_ols) + ". " + reach + " At the end J / J(theta_ols) = " +
        g(J / s.J_ols, 6) + " and ||theta - theta_ols|| = " +
        g(gd::distance(run.theta, s.theta_ols), 4) + " (theta in standardized units). " +
        adam::collinearity_sentence(adam::most_correlated(s.data), J, s.J_ols) +
        (slow.history.diverged_at ? "" : " With alpha = 0.001, after " +
         std::to_string(slow.history.steps) + " steps the intercept is " + g(slow.theta[0], 3) +
         " of the " + g(s.theta_ols[0], 5) + " it needs.") + uncorrected + " " + eps + "\n");

    plot::LineChart chart{.title = "Adam on " + s.data_name + ": cost per epoch",
                          .x_label = "epoch", .y_label = "cost J (log scale)", .series = {},
                          .log_y = true};
    double top = s.J_ols;
    for (std::size_t k = 0; k < runs.size(); ++k) {
        chart.series.push_back(report::epoch_series("Adam, " + names[k], runs[k].history.cost));
        if (k == 0) chart.series.back().color = report::method_color("Adam");
        for (double c : chart.series.back().y) top = std::isfinite(c) ? std::max(top, c) : top;
    }
    const auto floor = report::level_series("least squares J(theta_ols)", s.J_ols, 1, o.epochs);
    chart.series.push_back(floor);
    if (o.full) std::printf("%s\n", plot::terminal_chart(chart).c_str());
    chart.y_range = plot::Range{0.7 * s.J_ols, 4 * top};  // room above the curves for the legend
    figures.write("cost-per-epoch.svg", chart);
    return reach + uncorrected;
}

std::string section_side_by_side(const Story& s, report::Figures& figures) {
    const Options& o = s.o;
    std::printf("4. The four methods side by side on %s, %zu epochs, m_t = %zu, seed %llu\n   "
                "(the same mini-batches), each at its alpha of {0.001, 0.003, ..., 30} with the "
                "lowest final J:\n\n", s.data_name.c_str(), o.epochs, o.batch_size,
                static_cast<unsigned long long>(o.seed));
    std::vector<adam::Pick> picks;
    for (adam::Method m : adam::all_methods) {
        picks.push_back(adam::pick_alpha(m, s.data, alpha_grid, s.hyper, s.training(), o.seed));
    }
    const auto label = [](std::size_t k) {  // every method takes mini-batch steps here
        return std::string(k == 0 ? "mini-batch GD" : adam::name(adam::all_methods[k]));
    };
    std::printf("  %-14s %8s %14s %12s %13s %21s\n", "method", "alpha", "final J", "J / J_ols",
                "epochs to 1%", "||theta - theta_ols||");
    plot::LineChart chart{.title = "Four methods on " + s.data_name + ", each at its best alpha",
                          .x_label = "epoch", .y_label = "cost J (log scale)", .series = {},
                          .log_y = true};
    double worst = 0;
    std::size_t ended = 0;  // methods with an alpha of the grid that did not diverge
    for (std::size_t k = 0; k < picks.size(); ++k) {
        if (!picks[k].found()) {
            std::printf("  %-14s every alpha of the grid diverged\n", label(k).c_str());
            continue;
        }
        const adam::Run& r = picks[k].best();
        const std::size_t hit = gd::epochs_to_within(r.history.cost, s.J_ols, 1.01);
        std::printf("  %-14s %8g %14.8g %12.6g %13s %21.4g\n", label(k).c_str(), r.alpha,
                    r.history.cost.back(), r.history.cost.back() / s.J_ols,
                    hit ? std::to_string(hit).c_str() : "-", gd::distance(r.theta, s.theta_ols));
        chart.series.push_back(report::epoch_series(label(k) + ", alpha = " + g(r.alpha),
                                                    r.history.cost));
        chart.series.back().color = report::method_color(label(k));
        worst = std::max(worst, r.history.cost.back() / s.J_ols - 1);
        ++ended;
    }
    chart.series.push_back(
        report::level_series("least squares J(theta_ols)", s.J_ols, 1, o.epochs));
    figures.write("side-by-side.svg", chart);
    const std::size_t first = adam::first_within(picks, s.J_ols);
    const std::string fastest =
        first == picks.size()
            ? "none comes within 1% of J(theta_ols)"
            : "the first within 1% of J(theta_ols) is " + label(first) + " (epoch " +
                  std::to_string(gd::epochs_to_within(picks[first].best().history.cost, s.J_ols,
                                                      1.01)) + ")";
    const std::string all =
        ended == 4 ? "All four" : "The " + std::to_string(ended) + " that did not diverge";
    std::printf("\n");
    say(all + " end within " + g(100 * worst, 2) + "% of J(theta_ols); " + fastest + ". The "
        "features are standardized, so one alpha suits every coordinate and the per-coordinate "
        "scaling of RMSprop and Adam has little to fix here.\n");
    return "Side by side at each method's best alpha, " + fastest + ".";
}

}  // namespace adam_chapter
