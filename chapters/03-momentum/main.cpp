// chapter-momentum: gradient descent with momentum beside plain gradient descent, on the
// elongated quadratic, in Rosenbrock's valley and on the diabetes regression with
// mini-batches; then the notes' "equivalent" unscaled form measured against theirs.
// --full adds the step-by-step tables. Run: make chapter-momentum ARGS="--beta 0.8"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/03-momentum/momentum.hpp"
#include "common/functions_2d.hpp"
#include "common/io/cli.hpp"
#include "common/io/plot.hpp"
#include "common/io/report.hpp"

namespace plot = common::plot;
namespace report = common::report;
namespace gd = gradient_descent;
using momentum::MomentumForm;
using report::g;

namespace {

const std::string shipped = CHAPTER_DIR "/data/diabetes.csv";
constexpr std::size_t budget = 10000;  // steps each path of the beta sweep may take

struct Options {
    double alpha = 0.4;  // on the diabetes data, whose lambda_max is about 4
    double beta = 0.9;
    std::string form = "notes";
    std::size_t epochs = 100;
    std::size_t batch_size = 64;
    std::uint64_t seed = 1;
    // 0.1 x^2 + 2 y^2 has curvature 4 along y, like the data: plain GD needs alpha < 0.5
    common::PathSettings quadratic{.alpha = 0.4, .steps = 50};
    common::PathSettings rosenbrock{.alpha = 1e-3, .steps = 3000};
    std::string data = shipped;
    bool full = false;
    std::string out = FIGURE_DIR;
};

// The series of one method in its colour ("GD", "momentum"), drawn dashed if asked.
plot::Series as(const char* method, plot::Series s, bool dashed = false) {
    return s.color = report::method_color(method), s.dashed = dashed, s;
}

// Prints text wrapped at 92 columns, the first line indented by `first` spaces, the rest
// by `indent`.
void say(const std::string& text, std::size_t indent = 3, std::size_t first = 3) {
    std::size_t col = 0, lead = first;
    for (std::size_t i = 0, j; i < text.size(); i = j + 1) {
        j = std::min(text.find(' ', i), text.size());
        if (col > lead && col + (j - i) > 92) col = 0, lead = indent, std::printf("\n");
        if (col == 0) col = lead, std::printf("%*s", int(lead), "");
        else ++col, std::printf(" ");
        col += j - i;
        std::printf("%.*s", int(j - i), text.c_str() + i);
    }
    std::printf("\n");
}

plot::Series y_per_step(std::string label, const common::Path2d& path) {
    plot::Series s{.label = std::move(label), .x = {}, .y = {}};
    for (std::size_t k = 0; k < path.size(); ++k) s.x.push_back(double(k));
    for (const auto& p : path) s.y.push_back(p[1]);
    return s;
}

// |theta - theta_min| of each path at the steps report::shown_epochs picks (--full).
void distance_table(const common::Function2d& fn, const std::vector<std::string>& names,
                    const std::vector<const common::Path2d*>& paths, std::size_t steps) {
    std::printf("\n   %6s", "step");
    for (const auto& name : names) std::printf(" %16s", name.c_str());
    for (std::size_t k : report::shown_epochs(steps)) {
        std::printf("\n   %6zu", k);
        for (const auto* p : paths) {
            std::printf(" %16s", k < p->size() ? g(common::distance_to_minimum(fn, (*p)[k]), 4)
                                                     .c_str() : "overflowed");
        }
    }
    std::printf("\n");
}

int run(const Options& o) {
    const MomentumForm form = o.form == "notes" ? MomentumForm::notes : MomentumForm::unscaled;
    const double a = o.quadratic.alpha, b = o.beta;
    const std::string data_name = report::data_name(o.data, shipped, "the diabetes data");
    const momentum::Bowl q = momentum::bowl(a, b, form, o.quadratic.steps, budget);
    const auto& [bowl, lambda_x, lambda_y, bowl_gd, bowl_mom, gd_cross, mom_cross, sweep, speed] =
        q;
    const std::size_t n = o.rosenbrock.steps;
    const momentum::Valley r = momentum::valley(o.rosenbrock.alpha, b, form, n);
    const gd::Dataset<double> data = gd::load_standardized_regression(o.data);
    const momentum::Training t = momentum::training(data, o.alpha, b, form, o.epochs,
                                                    o.batch_size, o.seed);
    const double data_limit = momentum::alpha_limit(t.lambda_max, b, form);

    // The chapter's own momentum run diverging stops the program with one line.
    const std::string problem = momentum::first_problem(q, a, o.quadratic.steps, r, n, t,
                                                        data_name, o.alpha, b, form);
    if (!problem.empty()) {
        std::fprintf(stderr, "chapter-momentum: %s\n", problem.c_str());
        return 1;
    }

    std::printf("Gradient descent with momentum, the %s form, beta = %s:\n"
                "v := beta v + %sdtheta, theta := theta - alpha v\n", o.form == "notes" ?
                "notes'" : "unscaled", g(b).c_str(), o.form == "notes" ? "(1 - beta) " : "");
    std::printf("\n1. The elongated quadratic %s from (%g, %g), alpha = %s, %zu steps.\n"
                "   Curvature %g along x, %g along y: plain GD is stable for alpha < %g,\n"
                "   momentum (beta = %s) for alpha < %s.\n", bowl.name.c_str(), bowl.start[0],
                bowl.start[1], g(a).c_str(), o.quadratic.steps, lambda_x, lambda_y,
                2 / lambda_y, g(b).c_str(), g(momentum::alpha_limit(lambda_y, b, form), 4).c_str());
    if (const std::string gd_out = momentum::gd_divergence(lambda_y, a); !gd_out.empty()) {
        say(gd_out);
    }
    if (o.full) {
        distance_table(bowl, {"GD distance", "mom. distance"}, {&bowl_gd, &bowl_mom},
                       o.quadratic.steps);
    }
    std::printf("\n   Per step the distance shrinks in the long run by the larger root |z| of\n"
                "   z^2 - (1 + beta - alpha_eff lambda) z + beta, alpha_eff = alpha%s:\n"
                "   %-8s %9s %9s\n", form == MomentumForm::notes ? " (1 - beta)" : "", "",
                "plain GD", "momentum");
    for (const auto& [name, lambda] : {std::pair{"along x", lambda_x}, {"along y", lambda_y}}) {
        std::printf("   %-8s %9.4g %9.4g   momentum %s\n", name, std::abs(1 - a * lambda),
                    momentum::shrink_factor(lambda, a, b, form),
                    momentum::overshoot_words(lambda, a, b, form).c_str());
    }
    std::printf("   y changed sign at %zu of %zu steps under plain GD, at %zu of %zu under\n"
                "   momentum: momentum %s.\n", gd_cross, bowl_gd.size() - 1, mom_cross,
                bowl_mom.size() - 1, momentum::zigzag_word(gd_cross, mom_cross).c_str());
    std::printf("\n   Steps to within 0.01 of the minimum (at most %zu), alpha = %s:\n"
                "   %6s %8s %10s\n", budget, g(a).c_str(), "beta", "steps", "factor");
    for (std::size_t i = 0; i < sweep.betas.size(); ++i) {
        const double beta = sweep.betas[i];
        std::printf("   %6g %8s %10.4g%s\n", beta,
                    sweep.steps[i] ? std::to_string(*sweep.steps[i]).c_str() : "never",
                    sweep.factor[i], beta == 0 ? "   (plain GD)" : beta == b ? "   <- --beta" : "");
    }
    say(speed + "; the fewest steps: " +
        (sweep.best_beta > 0 ? "beta = " + g(sweep.best_beta) : "none of them") + ".");

    std::printf("\n2. Rosenbrock's valley %s\n   from (%g, %g), minimum (1, 1), %zu steps; "
                "alpha and alpha / (1 - beta):\n", r.fn.name.c_str(), r.fn.start[0],
                r.fn.start[1], n);
    if (o.full) {
        distance_table(r.fn, {"GD " + g(r.alpha), "momentum " + g(r.alpha), "GD " +
                       g(r.alpha_big), "momentum " + g(r.alpha_big)},
                       {&r.gd, &r.mom, &r.gd_big, &r.mom_big}, n);
    }
    for (const auto& [alpha, gd_p, mom_p] : {std::tuple{r.alpha, &r.gd, &r.mom},
                                             {r.alpha_big, &r.gd_big, &r.mom_big}}) {
        std::printf("   alpha = %-7s plain GD %s;\n   %15s momentum %s.\n", g(alpha).c_str(),
                    momentum::path_outcome(r.fn, *gd_p, n).c_str(), "",
                    momentum::path_outcome(r.fn, *mom_p, n).c_str());
    }
    say("So " + r.sentence + ".");

    const std::string file = std::filesystem::path(o.data).filename().string();
    std::printf("\n3. Mini-batch training on %s (%sm = %zu, %zu features, standardized,\n"
                "   plus x_0 = 1): alpha = %s, m_t = %zu (steps per epoch: %zu), %zu epochs, "
                "seed %llu,\n   theta from 0.\n"
                "   lambda_max = %.4g: plain GD needs alpha < %.3g, momentum alpha < %.3g;\n"
                "   J(theta_ols) = %.7g is the floor.\n\n   %6s %14s %14s\n", data_name.c_str(),
                data_name == file ? "" : (file + ": ").c_str(), data.m(), data.p() - 1,
                g(o.alpha).c_str(), o.batch_size, t.steps_per_epoch, o.epochs,
                static_cast<unsigned long long>(o.seed), t.lambda_max,
                2 / t.lambda_max, data_limit, t.J_ols, "epoch", "GD J - J_ols", "mom. J - J_ols");
    const std::size_t gd_stop = t.gd.history.diverged_at;
    for (std::size_t i : report::shown_epochs(o.epochs)) {
        std::printf("   %6zu %14s %14.4g\n", i, gd_stop != 0 && i >= gd_stop
                    ? "diverged" : g(t.gd.history.cost[i - 1] - t.J_ols, 4).c_str(),
                    t.mom.history.cost[i - 1] - t.J_ols);
    }
    say("Momentum " + momentum::run_outcome(t.mom, t.J_ols, t.J_0, t.theta_ols) + "; plain GD " +
        momentum::run_outcome(t.gd, t.J_ols, t.J_0, t.theta_ols) +
        " (theta in standardized units). So " + t.sentence + ". v starts at 0: after the first "
        "epoch (steps: " + std::to_string(t.steps_per_epoch) + ") of a steady gradient v holds " +
        g(100 * ewma::bias_correction(b, long(t.steps_per_epoch)), 2) + "% of it.");

    // 4. The other form: with alpha (1 - beta) (or / (1 - beta)) the same steps.
    const momentum::OtherForm f = momentum::compare_forms(
        form, bowl, bowl_mom, a, o.quadratic.steps, data, t.mom, o.alpha, b, o.epochs,
        o.batch_size, o.seed, t.theta_ols);
    const bool same = momentum::same_to_rounding(f.difference, f.theta_max);
    const bool other_unscaled = f.form == MomentumForm::unscaled;
    const std::string by = other_unscaled ? "(1 - beta)" : "/ (1 - beta)";
    std::printf("\n4. The %s\n", other_unscaled ? "unscaled form v := beta v + dtheta (the "
                "notes' \"equivalent\" rule)" : "notes' form v := beta v + (1 - beta) dtheta");
    say(momentum::forms_sentence(f, o.alpha, b, momentum::path_outcome(bowl, f.path_same_alpha,
        o.quadratic.steps), data_name, momentum::run_outcome(f.run_same_alpha, t.J_ols, t.J_0,
        t.theta_ols)) + " (torch.optim.SGD(momentum=beta, dampening=beta) starts its buffer at "
        "dtheta_1: tests/reference/FORMAT.md.)");

    // Figures: plain GD is drawn last and dashed, so neither method hides the other; a second
    // momentum path (the beta of the fewest steps, or the larger alpha) in another colour.
    const std::string mom_label = "momentum, β = " + g(b) + (o.form == "notes" ? "" : ", unscaled");
    auto path = [](const char* method, std::string label, const common::Path2d& p, bool dashed) {
        return as(method, common::path_series(std::move(label), common::thinned(p, 0.04)),
                  dashed);
    };
    std::vector<plot::Series> bowl_paths = {path("momentum", mom_label, bowl_mom, false)};
    plot::LineChart ys{.title = "The steep coordinate y step by step, " + bowl.name,
                       .x_label = "step", .y_label = "y (the minimum is at y = 0)",
                       .series = {as("momentum", y_per_step(mom_label, bowl_mom))},
                       .y_range = bowl.y_range};
    if (sweep.best_beta > 0 && sweep.best_beta != b) {
        bowl_paths.push_back(path("", "momentum, β = " + g(sweep.best_beta) + " (fewest steps)",
                                  momentum::momentum_path(bowl, a, sweep.best_beta, form,
                                                          o.quadratic.steps), true));
        bowl_paths.back().color = "#CC79A7";
    }
    bowl_paths.push_back(path("GD", "plain GD", bowl_gd, true));
    ys.series.push_back(as("GD", y_per_step("plain GD", bowl_gd), true));
    std::vector<plot::Series> rosen_paths = {
        path("", "momentum, α = " + g(r.alpha_big), r.mom_big, true),
        path("momentum", "momentum, α = " + g(r.alpha), r.mom, false)};
    rosen_paths[0].color = "#CC79A7";
    if (!r.gd_big_out) {
        rosen_paths.push_back(path("GD", "plain GD, α = " + g(r.alpha_big), r.gd_big, false));
    }
    rosen_paths.push_back(path("GD", "plain GD, α = " + g(r.alpha), r.gd, true));
    plot::LineChart cost{
        .title = "Cost above the floor on " + data_name + ", mini-batches of " +
                 std::to_string(o.batch_size) + ", α = " + g(o.alpha),
        .x_label = "epoch", .y_label = "J(θ) − J(θ_ols) (log scale)",
        .series = {as("momentum", report::epoch_series(mom_label, momentum::excess_cost(
                                                                      t.mom, t.J_ols, t.J_0))),
                   as("GD", report::epoch_series("plain GD",
                                                 momentum::excess_cost(t.gd, t.J_ols, t.J_0)))},
        .log_y = true};
    std::printf("\n%s\n", plot::terminal_chart(cost).c_str());
    report::Figures figures(o.out);
    figures.write("paths-elongated-quadratic.svg",
                  common::contour_with_paths(bowl, "Plain GD and momentum on " + bowl.name +
                                                       ", α = " + g(a), bowl_paths));
    figures.write("y-per-step-elongated-quadratic.svg", ys);
    figures.write("paths-rosenbrock.svg",
                  common::contour_with_paths(r.fn, "Plain GD and momentum in Rosenbrock's "
                                                    "valley, β = " + g(b), rosen_paths));
    figures.write("cost-per-epoch.svg", cost);
    figures.print();

    std::printf("\nWhat this run showed (beta = %s):\n", g(b).c_str());
    say("- Quadratic: momentum " + momentum::zigzag_word(gd_cross, mom_cross) + " (y changed "
        "sign " + std::to_string(mom_cross) + " times against " + std::to_string(gd_cross) +
        "), and " + speed + ".", 2, 0);
    say("- Rosenbrock: " + r.sentence + ".", 2, 0);
    say("- On " + data_name + ": " + t.sentence + ".", 2, 0);
    say("- The " + std::string(other_unscaled ? "unscaled" : "notes'") + " form with alpha " +
        by + " took " + (same ? "the same steps, to rounding." : "other steps."), 2, 0);
    if (!o.full) std::printf("(--full adds the paths step by step.)\n");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-momentum",
                    "Gradient descent with momentum beside plain gradient descent: on an "
                    "elongated quadratic, on Rosenbrock's valley and on the diabetes regression "
                    "(chapter 3 of the notes).");
    cli.flag("alpha", o.alpha,
             "learning rate alpha of plain GD and momentum on the diabetes data "
             "(lambda_max is about 4)",
             common::above(0.0));
    cli.alias("lr", "alpha");
    cli.flag("beta", o.beta, "momentum beta: v averages about 1 / (1 - beta) gradients",
             common::half_open(0, 1));
    cli.choice("form", o.form, {"notes", "unscaled"},
               "notes: v := beta v + (1 - beta) dtheta; unscaled: v := beta v + dtheta");
    const std::string whose = "plain GD's and momentum's";
    common::add_path_flags(cli, "quadratic", "the elongated quadratic", whose, o.quadratic);
    common::add_path_flags(cli, "rosenbrock", "Rosenbrock's function", whose, o.rosenbrock);
    gd::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data);
    cli.flag("full", o.full, "also print the paths and the training step by step");
    cli.flag("out", o.out, "folder for the SVG figures");
    cli.parse_or_exit(argc, argv);
    return cli.run([&] { return run(o); });
}
