// chapter-momentum: gradient descent with momentum beside plain gradient descent, on the
// elongated quadratic, in Rosenbrock's valley and on the diabetes regression with
// mini-batches; then the notes' "equivalent" unscaled form measured against theirs; beyond
// the notes, the best factor per step of GD, heavy ball and Nesterov on two quadratics.
// --full adds the step-by-step tables. Run: make chapter-momentum ARGS="--beta 0.8"
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/03-momentum/momentum.hpp"
#include "chapters/03-momentum/story.hpp"
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
    const auto& [bowl, lambda_x, lambda_y, bowl_gd, bowl_mom, gd_cross, mom_cross, sweep, q_beta] =
        q;
    const std::size_t n = o.rosenbrock.steps;
    const momentum::Valley r = momentum::valley(o.rosenbrock.alpha, b, form, n);
    const gd::Dataset<double> data = gd::load_standardized_regression(o.data);
    const momentum::Training t = momentum::training(data, o.alpha, b, form, o.epochs,
                                                    o.batch_size, o.seed);

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
    std::printf("\n1. The elongated quadratic %s from (%g, %g), alpha = %s, %zu steps.\n",
                bowl.name.c_str(), bowl.start[0], bowl.start[1], g(a).c_str(), o.quadratic.steps);
    report::say("Curvature " + g(lambda_x) + " along x, " + g(lambda_y) + " along y: plain GD is "
                "stable for alpha < " + g(2 / lambda_y) + ", momentum (beta = " + g(b) +
                ") for alpha < " + g(momentum::alpha_limit(lambda_y, b, form), 4) + ".", 3, 3);
    if (const std::string gd_out = momentum::gd_divergence(lambda_y, a); !gd_out.empty()) {
        report::say(gd_out, 3, 3);
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
    report::say("y changed sign at " + std::to_string(gd_cross) + " of " +
                std::to_string(bowl_gd.size() - 1) + " steps under plain GD, at " +
                std::to_string(mom_cross) + " of " + std::to_string(bowl_mom.size() - 1) +
                " under momentum: momentum " + momentum::zigzag_word(gd_cross, mom_cross) + ".",
                3, 3);
    std::printf("\n   Steps to within 0.01 of the minimum (at most %zu), alpha = %s:\n"
                "   %6s %8s %10s\n", budget, g(a).c_str(), "beta", "steps", "factor");
    for (std::size_t i = 0; i < sweep.betas.size(); ++i) {
        const double beta = sweep.betas[i];
        std::printf("   %6g %8s %10.4g%s\n", beta,
                    sweep.steps[i] ? std::to_string(*sweep.steps[i]).c_str() : "never",
                    sweep.factor[i], beta == 0 ? "   (plain GD)" : beta == b ? "   <- --beta" : "");
    }
    report::say(momentum::speed_sentence(q) + "; the fewest steps: " +
                (sweep.best_beta > 0 ? "beta = " + g(sweep.best_beta) : "none of them") + ".",
                3, 3);

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
    report::say("So " + momentum::rosenbrock_sentence(r) + ".", 3, 3);

    const std::string file = std::filesystem::path(o.data).filename().string();
    std::printf("\n");
    report::say("3. Mini-batch training on " + data_name + " (" + (data_name == file ? "" : file +
                ": ") + "m = " + std::to_string(data.m()) + ", " + std::to_string(data.p() - 1) +
                " features, standardized, plus x_0 = 1): alpha = " + g(o.alpha) + ", m_t = " +
                std::to_string(o.batch_size) + " (steps per epoch: " +
                std::to_string(t.steps_per_epoch) + "), " + std::to_string(o.epochs) +
                " epochs, seed " + std::to_string(o.seed) + ", theta from 0.", 3, 0);
    report::say("lambda_max = " + g(t.lambda_max, 4) + ": plain GD needs alpha < " +
                g(2 / t.lambda_max, 3) + ", momentum alpha < " +
                g(momentum::alpha_limit(t.lambda_max, b, form), 3) + "; J(theta_ols) = " +
                g(t.J_ols, 7) + " is the floor.", 3, 3);
    std::printf("\n   %6s %14s %14s\n", "epoch", "GD J - J_ols", "mom. J - J_ols");
    const std::size_t gd_stop = t.gd.history.diverged_at;
    for (std::size_t i : report::shown_epochs(o.epochs)) {
        std::printf("   %6zu %14s %14.4g\n", i, gd_stop != 0 && i >= gd_stop
                    ? "diverged" : g(t.gd.history.cost[i - 1] - t.J_ols, 4).c_str(),
                    t.mom.history.cost[i - 1] - t.J_ols);
    }
    report::say("Momentum " + momentum::run_outcome(t.mom, t.J_ols, t.J_0, t.theta_ols) +
                "; plain GD " + momentum::run_outcome(t.gd, t.J_ols, t.J_0, t.theta_ols) +
                " (theta in standardized units). So " + momentum::training_sentence(t) +
                ". v starts at 0: after the first epoch (steps: " +
                std::to_string(t.steps_per_epoch) + ") of a steady gradient v holds " +
                g(100 * ewma::bias_correction(b, long(t.steps_per_epoch)), 2) + "% of it.", 3, 3);

    // 4. The other form: with alpha (1 - beta) (or / (1 - beta)) the same steps.
    const momentum::OtherForm f = momentum::compare_forms(
        form, bowl, bowl_mom, a, o.quadratic.steps, data, t.mom, o.alpha, b, o.epochs,
        o.batch_size, o.seed, t.theta_ols);
    std::printf("\n4. The %s\n", f.form == MomentumForm::unscaled ? "unscaled form v := beta v "
                "+ dtheta (the notes' \"equivalent\" rule)" : "notes' form v := beta v + "
                "(1 - beta) dtheta");
    report::say(momentum::forms_sentence(f, o.alpha, b, momentum::path_outcome(
        bowl, f.path_same_alpha, o.quadratic.steps), data_name, momentum::run_outcome(
        f.run_same_alpha, t.J_ols, t.J_0, t.theta_ols)) + " (torch.optim.SGD(momentum=beta, "
        "dampening=beta) starts its buffer at dtheta_1: tests/reference/FORMAT.md.)", 3, 3);

    const plot::LineChart cost = momentum::cost_chart(t, data_name, o.batch_size, o.alpha, b,
                                                      form);
    std::printf("\n%s\n", plot::terminal_chart(cost).c_str());
    const momentum::BowlFigures bowl_figures =
        momentum::bowl_figures(q, a, b, form, o.quadratic.steps);
    report::Figures figures(o.out);
    figures.write("paths-elongated-quadratic.svg", bowl_figures.paths);
    figures.write("y-per-step-elongated-quadratic.svg", bowl_figures.ys);
    figures.write("paths-rosenbrock.svg", momentum::valley_figure(r, b));
    figures.write("cost-per-epoch.svg", cost);
    const momentum::Beyond beyond = momentum::beyond(form, a, b, o.quadratic.steps);
    figures.write("rates-kappa-1000.svg", momentum::rates_chart(beyond.steep));
    figures.print();
    if (!o.full) std::printf("(--full adds the paths step by step.)\n");

    std::printf("\nWhat this run showed:\n");
    for (const std::string& line : momentum::showed(q, r, t, data_name, f)) {
        report::say("- " + line, 2, 0);
    }

    // Beyond the notes: the rates of GD, heavy ball and Nesterov; Nesterov's two forms.
    momentum::print_beyond(beyond, o.quadratic.steps);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-momentum",
                    "Gradient descent with momentum beside plain gradient descent: on an "
                    "elongated quadratic, on Rosenbrock's valley and on the diabetes regression "
                    "(the notes' section on momentum); beyond the notes, the best factor per "
                    "step of plain GD, heavy-ball and Nesterov momentum on two quadratics, and "
                    "Nesterov's two forms.");
    cli.flag("alpha", o.alpha,
             "learning rate alpha of plain GD and momentum on the diabetes data "
             "(lambda_max is about 4; 0: nothing moves)",
             common::at_least(0.0));
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
    cli.flag("out", o.out, "folder for the SVG figures", common::output_folder());
    if (const auto status = cli.parse_main(argc, argv)) return *status;
    return cli.run([&] { return run(o); });
}
