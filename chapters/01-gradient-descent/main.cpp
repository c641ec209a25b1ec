// chapter-gradient-descent: batch, stochastic and mini-batch gradient descent on the
// diabetes regression, compared epoch by epoch; the notes' two figures redrawn as SVG.
// Run: make chapter-gradient-descent ARGS="--alpha 0.05"   (--help lists the flags)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "common/io/cli.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "common/io/plot.hpp"
#include "chapters/01-gradient-descent/train.hpp"
#include "gradient_descent.hpp"

namespace gd = gradient_descent;
namespace plot = common::plot;

namespace {

struct Options {
    double alpha = 0.01;
    std::size_t epochs = 100;
    std::size_t batch_size = 64;
    std::uint64_t seed = 1;
    std::string data = CHAPTER_DIR "/data/diabetes.csv";
    bool standardize = true;
    bool intercept = true;
    std::string out = FIGURE_DIR;
};

plot::Series cost_series(gd::Variant v, const gd::Run<double>& r, std::size_t from) {
    plot::Series s{.label = std::string(gd::name(v)), .x = {}, .y = {}};
    for (std::size_t i = from; i < r.history.cost.size(); ++i) {
        s.x.push_back(double(i + 1));
        s.y.push_back(r.history.cost[i]);
    }
    return s;
}

double median(std::vector<double> xs) {
    if (xs.empty()) return 0;
    std::sort(xs.begin(), xs.end());
    return xs[xs.size() / 2];
}

int run(const Options& o) {
    gradient_descent::Dataset<double> data = gradient_descent::load_regression_csv(o.data);
    const std::size_t raw_features = data.p();
    if (o.standardize) gradient_descent::standardize(data);
    if (o.intercept) gradient_descent::add_intercept(data);
    std::printf("Gradient descent on h_theta(x) = theta^T x with squared loss\n\n");
    std::printf("data      %s: m = %zu examples, %zu features%s%s\n",
                std::filesystem::path(o.data).filename().c_str(), data.m(), raw_features,
                o.standardize ? ", standardized" : ", raw (not standardized)",
                o.intercept ? ", plus the intercept x_0 = 1" : ", no intercept");
    std::printf("settings  alpha = %g, epochs = %zu, m_t = %zu, seed = %llu\n\n", o.alpha,
                o.epochs, o.batch_size, static_cast<unsigned long long>(o.seed));

    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    const double J_ols = gradient_descent::cost<double>(theta_ols, data, gradient_descent::all_examples(data));
    const double lambda_max = gradient_descent::hessian_lambda_max(data);
    std::printf("The least-squares solution (normal equations (X X^T) theta = X y) has\n"
                "J(theta_ols) = %.6f, the lowest cost any variant can reach.\n", J_ols);
    std::printf("The Hessian X X^T / m of J has lambda_max = %.4g, so batch GD converges\n"
                "for alpha < 2 / lambda_max = %.4g.\n\n", lambda_max, 2 / lambda_max);

    std::vector<gd::Run<double>> runs;
    for (gd::Variant v : gd::all_variants) {
        runs.push_back(gd::run(v, data, o.alpha, o.epochs, o.batch_size, o.seed));
    }

    // Stop with a clear message when a run diverged, instead of printing NaN rows.
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const auto& h = runs[r].history;
        if (h.diverged_at != 0) {
            std::fprintf(stderr,
                         "chapter-gradient-descent: %s gradient descent diverged: the cost "
                         "became %s at epoch %zu with alpha = %g. Batch GD needs alpha < "
                         "2 / lambda_max = %.3g; try --alpha %.2g%s.\n",
                         std::string(gd::name(gd::all_variants[r])).c_str(),
                         std::isnan(h.cost.back()) ? "NaN" : "Inf", h.diverged_at, o.alpha,
                         2 / lambda_max, 0.5 / lambda_max,
                         o.standardize ? "" : " or drop --no-standardize: raw features of "
                                              "different scales need a tiny alpha");
            return 1;
        }
    }

    std::printf("Cost J(theta) on all m examples after each epoch (steps per epoch: batch 1, "
                "stochastic %zu, mini-batch %zu):\n\n", data.m(),
                gradient_descent::mini_batches(data.m(), o.batch_size).size());
    std::printf("  %6s %16s %16s %16s\n", "epoch", "batch", "stochastic", "mini-batch");
    std::vector<std::size_t> shown = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    std::erase_if(shown, [&](std::size_t i) { return i > o.epochs; });
    if (shown.empty() || shown.back() != o.epochs) shown.push_back(o.epochs);
    for (std::size_t i : shown) {
        std::printf("  %6zu", i);
        for (const auto& r : runs) std::printf(" %16.6f", r.history.cost[i - 1]);
        std::printf("\n");
    }

    std::printf("\nFinal theta beside the least-squares solution:\n\n  %-10s %12s", "feature",
                "theta_ols");
    for (gd::Variant v : gd::all_variants) std::printf(" %12s", std::string(gd::name(v)).c_str());
    std::printf("\n");
    for (std::size_t j = 0; j < data.p(); ++j) {
        std::printf("  %-10s %12.4f", data.features[j].c_str(), theta_ols[j]);
        for (const auto& r : runs) std::printf(" %12.4f", r.theta[j]);
        std::printf("\n");
    }
    std::printf("  %-10s %12s", "distance", "");
    for (const auto& r : runs) std::printf(" %12.4f", gradient_descent::distance(r.theta, theta_ols));
    std::printf("\n  (distance = ||theta - theta_ols||)\n\n");

    // Epochs until J is within 1% of J(theta_ols): what each variant's epoch buys.
    std::printf("Epochs until J <= 1.01 J(theta_ols), and the time that took:\n");
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const std::size_t epochs = gradient_descent::epochs_to_within(runs[r].history.cost, J_ols, 1.01);
        const std::string name(gd::name(gd::all_variants[r]));
        if (epochs == 0) {
            std::printf("  %-11s not within %zu epochs\n", name.c_str(), o.epochs);
            continue;
        }
        std::printf("  %-11s %zu epochs (%zu updates)\n", name.c_str(), epochs,
                    epochs * gradient_descent::mini_batches(data.m(), gd::batch_size(gd::all_variants[r],
                                                  data.m(), o.batch_size)).size());
        double seconds = 0;
        for (std::size_t i = 0; i < epochs; ++i) seconds += runs[r].history.seconds[i];
        std::printf("[time] %-11s reached it in %.1f us\n", name.c_str(), seconds * 1e6);
    }

    std::printf("\nTime per epoch (median over %zu epochs; wall-clock, differs run to run):\n",
                o.epochs);
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const double s = median(runs[r].history.seconds);
        std::printf("[time] %-11s %9.2f us per epoch, %9.1f ns per example\n",
                    std::string(gd::name(gd::all_variants[r])).c_str(), s * 1e6,
                    s * 1e9 / double(data.m()));
    }
    std::printf("Batch and mini-batch GD compute r = y - theta^T X a whole row at a time\n"
                "(contiguous, vectorized); stochastic GD pays a step per example.\n");

    const std::filesystem::path out = o.out;
    plot::LineChart first{.title = "Gradient descent on the diabetes data: cost per epoch",
                          .x_label = "epoch",
                          .y_label = "cost J (log scale)",
                          .series = {},
                          .log_y = true};
    plot::LineChart last = first;
    last.title = "The last 10 epochs, zoomed in";
    last.y_label = "cost J";
    last.log_y = false;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        first.series.push_back(cost_series(gd::all_variants[r], runs[r], 0));
        last.series.push_back(cost_series(gd::all_variants[r], runs[r],
                                          o.epochs > 10 ? o.epochs - 10 : 0));
    }
    plot::Series ols{.label = "least squares", .x = {1.0, double(o.epochs)},
                     .y = {J_ols, J_ols}, .dashed = true};
    first.series.push_back(ols);
    last.series.push_back(ols);
    last.series.back().x.front() = double(o.epochs > 10 ? o.epochs - 9 : 1);

    std::printf("\n%s\n", plot::terminal_chart(first).c_str());
    plot::write_svg(out / "cost-per-epoch.svg", plot::to_svg(first));
    plot::write_svg(out / "cost-last-10-epochs.svg", plot::to_svg(last));
    plot::print_figures({out / "cost-per-epoch.svg", out / "cost-last-10-epochs.svg"});
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-gradient-descent",
                    "Batch, stochastic and mini-batch gradient descent on a linear model "
                    "with squared loss (chapter 1 of the notes).");
    cli.flag("alpha", o.alpha, "learning rate alpha", common::above(0.0));
    cli.alias("lr", "alpha");
    gradient_descent::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data);
    cli.flag("standardize", o.standardize, "scale each feature to mean 0, variance 1");
    cli.flag("intercept", o.intercept, "add the feature x_0 = 1 so theta_0 is the intercept");
    cli.flag("out", o.out, "folder for the SVG figures");
    cli.parse_or_exit(argc, argv);
    return cli.run([&] { return run(o); });
}
