// chapter-adam: Adam (momentum's v over RMSprop's root mean square, both bias-corrected) on
// two 2-D functions and on a regression (the diabetes data unless --data): 1. its paths
// beside the earlier methods, 2. what the bias corrections do, 3. Adam's training, 4. the
// four methods side by side; beyond the notes, 5. AdamW against Adam-L2 and 6. AMSGrad on the
// counterexample of Reddi et al. Run: make chapter-adam ARGS="--full"
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "story.hpp"

namespace {

namespace gd = gradient_descent;
namespace plot = common::plot;
namespace report = common::report;
using report::g;
using report::say;

struct Options {
    // 1, not 0.001 (the Adam paper's and PyTorch's default; the notes: "needs to be tuned"):
    // Adam moves each coordinate about alpha per step, and theta_ols here has entries up to
    // 152 to reach in 700 steps (README, "Why alpha = 1").
    double alpha = 1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    std::string eps_placement = "inside";
    bool bias_correction = true;
    common::PathSettings quadratic{.alpha = 0.1, .steps = 1000};   // Adam's paths: steps
    common::PathSettings rosenbrock{.alpha = 0.1, .steps = 1000};  // of about alpha = 0.1
    std::size_t epochs = 100, batch_size = 64;
    std::uint64_t seed = 1;
    double weight_decay = 0.01, reddi_c = 3;  // beyond the notes: lambda, and C of Reddi et al.
    bool full = false;  // the long tables
    std::string data = CHAPTER_DIR "/data/diabetes.csv", out = FIGURE_DIR;
};

// The earlier methods' alphas on the 2-D paths (GD, momentum, RMSprop), as in chapters 03
// and 04. Quadratic: GD and momentum 0.4, just under 2 / 4 (4 = the curvature along y).
// Rosenbrock: the gradient is about 160 long at the start, so GD and momentum need about
// 1e-3; RMSprop's first step is 1 / sqrt(1 - beta2) = 32 alpha long, so 5e-3.
constexpr double earlier_quadratic[3] = {0.4, 0.4, 0.1};
constexpr double earlier_rosenbrock[3] = {0.001, 0.001, 0.005};
// The side-by-side's learning rates: each method gets the one with the lowest final cost.
constexpr double alpha_grid[] = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30};

std::string section_paths(const Options& o, const adam::Hyper& hyper, report::Figures& figures) {
    std::printf("1. Paths on two 2-D functions beside the earlier methods: the distance to the "
                "minimum\n   at the end, and the first t within 0.1 of it.\n\n");
    const auto quad = common::elongated_quadratic(), rosen = common::rosenbrock();
    const auto q = adam::paths(quad, earlier_quadratic, o.quadratic.alpha, hyper,
                               o.quadratic.steps);
    const auto r = adam::paths(rosen, earlier_rosenbrock, o.rosenbrock.alpha, hyper,
                               o.rosenbrock.steps);
    const auto from = [](const common::Function2d& fn) {
        return "from (" + g(fn.start[0]) + ", " + g(fn.start[1]) + ")";
    };
    std::printf("  %-9s %-33s %s\n  %-9s %6s %12s %9s    %6s %12s %9s\n", "",
                ("0.1 x^2 + 2 y^2, " + from(quad)).c_str(), ("Rosenbrock, " + from(rosen)).c_str(),
                "method", "alpha", "||p-p_min||", "t < 0.1", "alpha", "||p-p_min||", "t < 0.1");
    for (std::size_t k = 0; k < 4; ++k) {
        std::printf("  %-9s %s    %s\n", std::string(adam::name(q[k].method)).c_str(),
                    adam::path_cells(quad, q[k], o.quadratic.steps).c_str(),
                    adam::path_cells(rosen, r[k], o.rosenbrock.steps).c_str());
    }
    const std::string words = "On the quadratic " + adam::first_step_words(q) +
                              ". Within 0.1 of Rosenbrock's minimum after " +
                              std::to_string(o.rosenbrock.steps) + " steps: " +
                              adam::ending_within(rosen, r, 0.1) + ".";
    std::printf("\n");
    say(words + "\n");
    const auto steps = [](std::size_t n) { return ": " + std::to_string(n) + " steps "; };
    figures.write("paths-elongated-quadratic.svg", adam::paths_chart(quad, "f = 0.1 x^2 + 2 y^2" +
                  steps(o.quadratic.steps) + from(quad), q));
    figures.write("paths-rosenbrock.svg", adam::paths_chart(rosen, "Rosenbrock" +
                  steps(o.rosenbrock.steps) + from(rosen), r));
    return words;
}

std::string section_bias_correction(const Options& o, const adam::Hyper& hyper,
                                    report::Figures& figures) {
    std::printf("2. Bias correction. v and s start at 0, so they are too small by the factors "
                "1 - beta1^t and\n   1 - beta2^t until divided by them. A constant gradient "
                "dtheta = 1, step / alpha:\n\n  %6s %10s %10s %12s %12s %12s\n", "t", "v", "s",
                "corrected", "uncorrected", "predicted");
    adam::Hyper unit = hyper;  // steps per unit alpha (alpha = 0, nothing moves: at alpha 1)
    const double a = unit.alpha = o.alpha > 0 ? o.alpha : 1;
    const auto rows = adam::first_steps(unit, std::vector<double>(10000, 1.0));
    const adam::UncorrectedScan scan = adam::scan_uncorrected(rows);
    for (const adam::FirstStep& r : adam::shown_first_steps(rows, scan, o.full)) {
        std::printf("  %6ld %10.6g %10.6g %12.9f %12.6f %12.6f\n", r.t, r.v, r.s,
                    r.step / a, r.step_uncorrected / a,
                    adam::uncorrected_step_ratio(o.beta1, o.beta2, r.t));
    }
    const std::string words = adam::constant_gradient_words(rows, a);
    std::printf("\n");
    say(words + "\n");
    figures.write("bias-correction-steps.svg",
                  plot::LineChart{.title = "Adam's step for a constant gradient, with and "
                                           "without bias correction",
                                  .x_label = "step t (log scale)", .y_label = "step size / alpha",
                                  .series = adam::step_series(rows, a), .log_x = true,
                                  .y_range = plot::Range{0, std::ceil(std::max(
                                                                1.0, scan.peak_ratio))}});
    return words;
}

std::string section_training(const Options& o, const adam::Hyper& hyper,
                             const adam::Variants& v, const gd::Dataset<double>& data,
                             const std::string& data_name, report::Figures& figures) {
    const std::size_t per_epoch = gd::mini_batches(data.m(), o.batch_size).size();
    std::printf("3. Training on %s, m_t = %zu (%zu step%s per epoch), the settings above, beside"
                "\n   alpha = 0.001 (the Adam paper's and PyTorch's default; the notes: alpha "
                "\"needs to be tuned\"):\n\n  %6s", data_name.c_str(), o.batch_size, per_epoch,
                per_epoch == 1 ? "" : "s", "epoch");
    for (const std::string& name : v.names) std::printf(" %24s", name.c_str());
    for (std::size_t i : report::shown_epochs(o.epochs)) {
        std::printf("\n  %6zu", i);
        for (const adam::Run& r : v.runs) {
            const bool gone = r.history.diverged_at != 0 && i >= r.history.diverged_at;
            std::printf(" %24s", gone ? "diverged" : g(r.history.cost[i - 1], 8).c_str());
        }
    }
    for (std::size_t k = 1; k < v.runs.size(); ++k) {  // a variant that diverged: one line
        if (v.runs[k].history.diverged_at) {
            std::printf("\n  (%s)", adam::diverged_text("Adam at " + v.names[k],
                                                        v.runs[k]).c_str());
        }
    }
    const std::vector<double> theta_ols = gd::least_squares(data);
    const double J_ols = gd::cost<double>(theta_ols, data, gd::all_examples(data));
    const adam::TrainingWords words = adam::training_words(v, data, theta_ols, J_ols, hyper.eps);
    std::printf("\n\n");
    say(words.paragraph + "\n");

    const plot::LineChart chart = adam::variants_chart(v, J_ols, data_name);
    if (o.full) {  // the terminal's chart takes its range from the curves
        plot::LineChart terminal = chart;
        terminal.y_range.reset();
        std::printf("%s\n", plot::terminal_chart(terminal).c_str());
    }
    figures.write("cost-per-epoch.svg", chart);
    return words.reach + " " + words.uncorrected;
}

std::string section_side_by_side(const Options& o, const adam::Hyper& hyper,
                                 const gd::Dataset<double>& data, const std::string& data_name,
                                 report::Figures& figures) {
    std::printf("4. The four methods side by side on %s, %zu epochs, m_t = %zu, seed %llu\n   "
                "(the same mini-batches), each at its alpha of {0.001, 0.003, ..., 30} with the "
                "lowest final J:\n\n  %-14s %8s %14s %12s %13s %21s\n", data_name.c_str(),
                o.epochs, o.batch_size, static_cast<unsigned long long>(o.seed), "method",
                "alpha", "final J", "J / J_ols", "epochs to 1%", "||theta - theta_ols||");
    const std::vector<double> theta_ols = gd::least_squares(data);
    const double J_ols = gd::cost<double>(theta_ols, data, gd::all_examples(data));
    const gd::TrainOptions training{.epochs = o.epochs, .batch_size = o.batch_size};
    std::vector<adam::Pick> picks;
    for (adam::Method m : adam::all_methods) {
        picks.push_back(adam::pick_alpha(m, data, alpha_grid, hyper, training, o.seed));
        const std::string label = adam::side_label(m);
        if (!picks.back().found()) {
            std::printf("  %-14s every alpha of the grid diverged\n", label.c_str());
            continue;
        }
        const adam::Run& r = picks.back().best();
        const std::size_t hit = gd::epochs_to_within(r.history.cost, J_ols, 1.01);
        std::printf("  %-14s %8g %14.8g %12.6g %13s %21.4g\n", label.c_str(), r.alpha,
                    r.history.cost.back(), r.history.cost.back() / J_ols,
                    hit ? std::to_string(hit).c_str() : "-", gd::distance(r.theta, theta_ols));
    }
    figures.write("side-by-side.svg", adam::side_by_side_chart(picks, J_ols, data_name));
    std::string words = adam::side_by_side_words(picks, J_ols);
    std::printf("\n");
    say(words + ". The features are standardized, so one alpha suits every coordinate and the "
        "per-coordinate scaling of RMSprop and Adam has little to fix here.\n");
    words[0] = char(std::tolower(words[0]));
    return "Side by side at each method's best alpha, " + words + ".";
}

int run(const Options& o) {
    const gd::Dataset<double> data = gd::load_standardized_regression(o.data);
    const std::string data_name = report::data_name(o.data, CHAPTER_DIR "/data/diabetes.csv",
                                                    "the diabetes data");
    const bool inside = o.eps_placement == "inside";
    const adam::Hyper hyper{.alpha = o.alpha, .beta1 = o.beta1, .beta2 = o.beta2, .eps = o.eps,
                            .eps_placement = inside ? rmsprop::EpsPlacement::inside
                                                    : rmsprop::EpsPlacement::outside,
                            .bias_correction = o.bias_correction};
    std::printf("Adam: momentum's average of dtheta divided by RMSprop's root mean square\n\n"
                "settings  beta1 = %g, beta2 = %g, eps = %g (%s the root), bias correction %s, "
                "seed = %llu\n          quadratic: alpha = %g, %zu steps; Rosenbrock: alpha = %g, "
                "%zu steps\n          regression: alpha = %g, %zu epochs, m_t = %zu; momentum has "
                "beta = beta1,\n          RMSprop Adam's beta2, eps and placement\n"
                "data      %s: m = %zu examples, %zu features, standardized, plus x_0 = 1\n\n",
                o.beta1, o.beta2, o.eps, o.eps_placement.c_str(), o.bias_correction ? "on" : "off",
                static_cast<unsigned long long>(o.seed), o.quadratic.alpha, o.quadratic.steps,
                o.rosenbrock.alpha, o.rosenbrock.steps, o.alpha, o.epochs, o.batch_size,
                data_name.c_str(), data.m(), data.p() - 1);
    std::printf("%s", adam::update_text(o.bias_correction, inside).c_str());

    // The run with the user's settings first: if it diverges, say so and stop.
    const adam::Variants variants = adam::train_variants(
        data, hyper, {.epochs = o.epochs, .batch_size = o.batch_size}, o.seed);
    if (variants.runs[0].history.diverged_at != 0) {
        std::fprintf(stderr, "%s", adam::diverged_message(variants.runs[0], data).c_str());
        return 1;
    }
    report::Figures figures(o.out);
    const std::string showed[] = {
        section_paths(o, hyper, figures), section_bias_correction(o, hyper, figures),
        section_training(o, hyper, variants, data, data_name, figures),
        section_side_by_side(o, hyper, data, data_name, figures),
        adam::section_beyond(o.weight_decay, o.reddi_c, o.seed, figures)};
    std::printf("What this run showed:\n");
    for (const std::string& line : showed) say("- " + line, 2, 0);
    std::printf("\n");
    figures.print();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-adam", "Adam: momentum plus RMSprop with bias-corrected moments, "
                    "on two 2-D functions and the diabetes regression (the notes' Adam section).");
    cli.flag("alpha", o.alpha, "Adam's learning rate alpha on the regression: about the "
             "size of a step in each coordinate (0: nothing moves)", common::at_least(0.0));
    cli.alias("lr", "alpha");
    cli.flag("beta1", o.beta1, "decay of v, the average of dtheta", common::half_open(0, 1));
    cli.flag("beta2", o.beta2, "decay of s, the average of dtheta^2", common::half_open(0, 1));
    cli.flag("eps", o.eps, "keeps the division finite where s is near 0", common::above(0.0));
    cli.choice("eps-placement", o.eps_placement, {"inside", "outside"},
               "sqrt(s_corrected + eps) as the notes, or sqrt(s_corrected) + eps as torch.optim");
    cli.flag("bias-correction", o.bias_correction,
             "divide v by 1 - beta1^t and s by 1 - beta2^t");
    common::add_path_flags(cli, "quadratic", "the elongated quadratic", "Adam's", o.quadratic);
    common::add_path_flags(cli, "rosenbrock", "Rosenbrock's function", "Adam's", o.rosenbrock);
    gd::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data);
    cli.flag("weight-decay", o.weight_decay, "lambda of AdamW and Adam-L2 (beyond the notes)",
             common::above(0.0));
    cli.flag("reddi-c", o.reddi_c, "C of Reddi et al.'s problem (beyond the notes)",
             common::above(2.0));
    cli.flag("full", o.full, "also print the long tables: more steps t, a chart of the training");
    cli.flag("out", o.out, "folder for the SVG figures", common::output_folder());
    if (const auto status = cli.parse_main(argc, argv)) return *status;
    return cli.run([&] { return run(o); });
}
