// chapter-gradient-descent: batch, stochastic and mini-batch gradient descent on a linear
// regression (the diabetes data unless --data), compared epoch by epoch; the notes' two
// figures redrawn as SVG. What the run showed is measured in gradient_descent.hpp and put
// into words in story.hpp.
// Run: make chapter-gradient-descent ARGS="--alpha 0.05"   (--help lists the flags)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "common/io/cli.hpp"
#include "common/io/plot.hpp"
#include "common/io/report.hpp"
#include "story.hpp"

namespace gd = gradient_descent;
namespace plot = common::plot;
namespace report = common::report;
using report::g;

namespace {

struct Options {
    double alpha = 0.01;
    std::size_t epochs = 100;
    std::size_t batch_size = 64;
    std::uint64_t seed = 1;
    std::string data = CHAPTER_DIR "/data/diabetes.csv";
    bool standardize = true;
    bool intercept = true;
    bool full = false;
    std::string out = FIGURE_DIR;
};

// A table cell: 4 decimals, or 6 significant digits for a value too large for that.
std::string cell(double x) {
    return std::abs(x) < 1e7 ? report::fixed(x, 4) : g(x);
}

int run(const Options& o) {
    gd::Dataset<double> data = gd::load_regression_csv(o.data);
    const std::size_t raw_features = data.p();
    if (o.standardize) gd::standardize(data);
    if (o.intercept) gd::add_intercept(data);
    const std::string data_name =
        report::data_name(o.data, CHAPTER_DIR "/data/diabetes.csv", "the diabetes data");
    std::printf("Gradient descent on h_theta(x) = theta^T x with squared loss\n\n");
    std::printf("data      %s: m = %zu examples, %zu features%s%s\n", data_name.c_str(),
                data.m(), raw_features,
                o.standardize ? ", standardized" : ", raw (not standardized)",
                o.intercept ? ", plus the intercept x_0 = 1" : ", no intercept");
    std::printf("settings  alpha = %g, epochs = %zu, m_t = %zu, seed = %llu\n\n", o.alpha,
                o.epochs, o.batch_size, static_cast<unsigned long long>(o.seed));

    const gd::LeastSquares<double> ols = gd::least_squares_fit(data);
    const std::vector<double>& theta_ols = ols.theta;
    const double J_ols = gd::cost<double>(theta_ols, data, gd::all_examples(data));
    const double lambda_max = gd::hessian_lambda_max(data);
    if (!ols.not_unique.empty()) {
        report::say("The normal equations (X X^T) theta = X y have many solutions: " +
                        ols.not_unique + ". theta_ols below is the minimum-norm one, the one "
                        "gradient descent started at theta = 0 tends to.",
                    0, 0);
    }
    report::say(std::string(ols.not_unique.empty() ? "The least-squares solution (normal "
                                                     "equations (X X^T) theta = X y)"
                                                   : "It") +
                    " has J(theta_ols) = " + g(J_ols, 8) +
                    ", the lowest cost any variant can reach.",
                0, 0);
    report::say("The Hessian X X^T / m of J has lambda_max = " + g(lambda_max, 4) +
                    ": batch GD converges for alpha < 2 / lambda_max = " + g(2 / lambda_max, 4) +
                    ", and alpha = " + g(o.alpha) + " is " +
                    (o.alpha < 2 / lambda_max ? "below" : "above") + " it.",
                0, 0);
    std::printf("\n");

    std::vector<gd::Run<double>> runs;
    std::vector<gd::Outcome> outcomes;
    for (gd::Variant v : gd::all_variants) {
        runs.push_back(gd::run(v, data, o.alpha, o.epochs, o.batch_size, o.seed));
        outcomes.push_back(
            gd::outcome(v, runs.back(), theta_ols, J_ols, data.m(), o.batch_size));
        const gd::Outcome& out = outcomes.back();
        if (!out.diverged()) continue;
        // One line per diverging variant, with what is known about that variant's own limit.
        report::say(gd::divergence_line(out, o.alpha,
                                        gd::step_limit(v, data, o.alpha, lambda_max), data.m()),
                    2, 0);
    }
    const std::vector<double> theta_0(data.p(), 0.0);  // where every run starts
    const double J_start = gd::cost<double>(theta_0, data, gd::all_examples(data));
    if (o.alpha > 0 && !gd::any_progress(outcomes, J_start)) {  // alpha = 0: nothing moves
        std::fprintf(stderr,
                     "chapter-gradient-descent: every variant diverged or ended above J(theta = "
                     "0) = %s with alpha = %g; try --alpha %s%s.\n",
                     g(J_start).c_str(), o.alpha, g(0.25 / lambda_max, 2).c_str(),
                     o.standardize ? ""
                                   : " or drop --no-standardize (raw features of "
                                     "different scales need a tiny alpha)");
        return 1;
    }
    if (std::any_of(outcomes.begin(), outcomes.end(), [](auto& x) { return x.diverged(); })) {
        std::printf("\n");
    }

    // ---- Tables ------------------------------------------------------------------------
    std::printf("Cost J(theta) on all m examples after epoch i (updates per epoch: batch 1,\n"
                "stochastic %zu, mini-batch %zu, the last of %zu examples):\n\n  %6s",
                outcomes[1].updates_per_epoch, outcomes[2].updates_per_epoch,
                gd::mini_batches(data.m(), o.batch_size).back().count, "i");
    for (gd::Variant v : gd::all_variants) std::printf(" %16s", gd::method_name(v).c_str());
    std::printf("\n");
    std::vector<std::size_t> shown = report::shown_epochs(o.epochs);
    if (o.full) {
        shown.resize(o.epochs);
        for (std::size_t i = 0; i < o.epochs; ++i) shown[i] = i + 1;
    }
    for (std::size_t i : shown) {
        std::printf("  %6zu", i);
        for (const auto& r : runs) {
            const auto& c = r.history.cost;
            std::printf(" %16s", i > c.size() ? "-" : r.history.diverged_at == i
                                                          ? "diverged"
                                                          : cell(c[i - 1]).c_str());
        }
        std::printf("\n");
    }

    std::printf("\nFinal theta beside the least-squares solution, in %s:\n\n  %-10s %12s",
                o.standardize ? "standardized units\n(theta_j per standard deviation of "
                                "feature j; the intercept in units of y)"
                              : "the data's own units",
                "feature", "theta_ols");
    for (gd::Variant v : gd::all_variants) std::printf(" %14s", gd::method_name(v).c_str());
    const std::size_t rows = o.full ? data.p() : std::min<std::size_t>(data.p(), 12);
    for (std::size_t j = 0; j < rows; ++j) {
        std::printf("\n  %s %12s", report::pad(data.features[j], 10).c_str(),
                    report::fixed(theta_ols[j], 4).c_str());
        for (std::size_t r = 0; r < runs.size(); ++r) {
            std::printf(" %14s", outcomes[r].diverged() ? "diverged"
                                                        : cell(runs[r].theta[j]).c_str());
        }
    }
    if (rows < data.p()) std::printf("\n  ... %zu more (--full prints all)", data.p() - rows);
    std::printf("\n  %-10s %12s", "distance", "");
    for (const auto& out : outcomes) {
        std::printf(" %14s", out.diverged() ? "-" : report::fixed(out.distance, 4).c_str());
    }
    std::printf("\n  (distance = ||theta - theta_ols||)\n\n");

    std::printf("Epochs until J <= 1.01 J(theta_ols):\n");
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const gd::Outcome& out = outcomes[r];
        std::printf(
            "  %-14s %s", gd::method_name(out.variant).c_str(),
            out.diverged() ? "diverged" : report::epoch_text(out.within, o.epochs).c_str());
        if (out.within) std::printf(" (%zu updates)", out.within * out.updates_per_epoch);
        std::printf("\n");
    }
    gd::print_vectorization(data, o.alpha, o.epochs, o.batch_size, o.seed, J_ols);

    // ---- Figures -----------------------------------------------------------------------
    report::Figures figures(o.out);
    plot::LineChart all{.title = "Cost per epoch on " + data_name + " (alpha = " + g(o.alpha) +
                                 ", m_t = " + std::to_string(o.batch_size) + ")",
                        .x_label = "epoch", .y_label = "cost J (log scale)", .series = {},
                        .log_y = true};
    const std::size_t n_last = std::min<std::size_t>(10, o.epochs);
    const std::size_t from = o.epochs - n_last + 1;
    plot::LineChart last{.title = "", .x_label = "epoch", .y_label = "cost J", .series = {}};
    std::vector<const std::vector<double>*> zoomed;  // stochastic and mini-batch, if they ran
    for (std::size_t r = 1; r < runs.size(); ++r) {
        if (!outcomes[r].diverged()) zoomed.push_back(&runs[r].history.cost);
    }
    if (zoomed.empty()) zoomed.push_back(&runs[0].history.cost);
    last.y_range = gd::last_epochs_range(zoomed, J_ols, n_last);
    std::string left_out;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        if (outcomes[r].diverged()) continue;
        const std::string name = gd::method_name(outcomes[r].variant);
        plot::Series s = report::epoch_series(name, runs[r].history.cost);
        s.color = report::method_color(name);
        all.series.push_back(s);
        if (gd::inside(runs[r].history.cost, *last.y_range, n_last)) {
            s = report::epoch_series(name, runs[r].history.cost, from);
            s.color = report::method_color(name);
            last.series.push_back(s);
        } else {
            left_out += (left_out.empty() ? "" : ", ") + name + " (J = " +
                        g(outcomes[r].final_J, 4) + ")";
        }
    }
    all.series.push_back(report::level_series("least squares", J_ols, 1, double(o.epochs)));
    last.series.push_back(report::level_series("least squares", J_ols, double(from),
                                               double(o.epochs)));
    last.title = "The last " + std::to_string(n_last) + " epochs on " + data_name +
                 (left_out.empty() ? "" : "; off the chart: " + left_out);
    plot::LineChart terminal = all;
    terminal.title = "Cost J per epoch on " + data_name + " (log scale)";
    terminal.y_label = "";
    std::printf("\n%s\n", plot::terminal_chart(terminal).c_str());
    figures.write("cost-per-epoch.svg", all);
    figures.write("cost-last-10-epochs.svg", last);
    figures.print();

    // ---- What this run showed ----------------------------------------------------------
    std::printf("\nWhat this run showed:\n");
    const gd::RunFacts facts{.alpha = o.alpha, .lambda_max = lambda_max, .J_ols = J_ols,
                             .epochs = o.epochs, .last = n_last};
    for (const std::string& line : gd::what_this_run_showed(outcomes, facts)) {
        report::say("- " + line, 2, 0);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-gradient-descent",
                    "Batch, stochastic and mini-batch gradient descent on a linear model "
                    "with squared loss (the notes' first section).");
    cli.flag("alpha", o.alpha, "learning rate alpha (0: nothing moves)", common::at_least(0.0));
    cli.alias("lr", "alpha");
    gd::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data);
    cli.flag("standardize", o.standardize, "scale each feature to mean 0, variance 1");
    cli.flag("intercept", o.intercept, "add the feature x_0 = 1 so theta_0 is the intercept");
    cli.flag("full", o.full, "print J after every epoch and every feature's theta");
    cli.flag("out", o.out, "folder for the SVG figures", common::output_folder());
    if (const auto status = cli.parse_main(argc, argv)) return *status;
    return cli.run([&] { return run(o); });
}
