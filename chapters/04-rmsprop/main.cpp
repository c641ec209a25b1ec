// chapter-rmsprop: RMSprop beside plain gradient descent and momentum, on the elongated
// quadratic, on Rosenbrock's valley and on the diabetes regression; what eps inside or
// outside the square root changes; why beta2 matters without bias correction; beyond the
// notes, Adagrad's effective step against RMSprop's over a long run.
// Run: make chapter-rmsprop ARGS="--beta2 0.9"   (--help lists the flags; --full: long tables)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "chapters/04-rmsprop/rmsprop.hpp"
#include "chapters/04-rmsprop/story.hpp"
#include "common/io/report.hpp"

namespace {

namespace plot = common::plot;
namespace report = common::report;
using rmsprop::methods;
using Lines = std::vector<std::string>;  // the sentences for "What this run showed:"
const std::string shipped = "the diabetes data";

struct Options {
    double alpha = 1, beta2 = 0.99, eps = 1e-8;  // alpha: RMSprop's on the diabetes data
    std::string eps_placement = "inside";
    common::PathSettings quadratic{0.1, 50}, rosenbrock{5e-3, 3000};  // RMSprop: alpha, steps
    std::size_t epochs = 100, batch_size = 64, adagrad_epochs = 1000;
    std::uint64_t seed = 1;
    std::string data = CHAPTER_DIR "/data/diabetes.csv", out = FIGURE_DIR;
    bool full = false;  // the longer tables
};

rmsprop::Hyper hyper(const Options& o, double alpha) {
    return {alpha, o.beta2, o.eps, rmsprop::placement(o.eps_placement)};  // alpha, beta2, eps
}
std::string g(double x, int digits = 4) { return report::g(x, digits); }
void print(const Lines& lines) {
    for (const std::string& line : lines) std::printf("%s\n", line.c_str());
}

// RMSprop itself overflowed or diverged: one line naming its limit, exit status 1.
int fail(const std::string& what, double alpha, double beta2, const std::string& flag) {
    std::fprintf(stderr, "chapter-rmsprop: %s\n",
                 rmsprop::too_large(what, alpha, beta2, flag).c_str());
    return 1;
}
int overflowed(const rmsprop::PathSetup& p, const rmsprop::ThreePaths& r, double beta2,
               const std::string& flag) {
    return fail("RMSprop's path on " + p.fn.name + " overflowed after " +
                std::to_string(r.path[2].size() - 1) + " step(s)", r.alpha[2], beta2, flag);
}

// The outcome table of three paths; returns which ended lowest.
std::string outcomes(const rmsprop::ThreePaths& r, std::size_t n) {
    print(rmsprop::outcome_lines(r));
    const std::string f = "f after " + std::to_string(n) + (n == 1 ? " step: " : " steps: ") +
                          rmsprop::ranking(methods, r.f_end());
    std::printf("%s.\n\n", f.c_str());
    return f;
}

int quadratic_part(const Options& o, report::Figures& figures, Lines& sum) {
    const rmsprop::PathSetup quad = rmsprop::quadratic_setup();
    const rmsprop::Hyper h = hyper(o, o.quadratic.alpha);
    const rmsprop::ThreePaths q = rmsprop::three_paths(quad, h, o.quadratic.steps);
    if (q.outcome[2].overflowed) return overflowed(quad, q, o.beta2, "--quadratic-alpha 0.1");
    std::printf("1. %s, from (-5, -2), %zu steps\n\n", quad.fn.name.c_str(), o.quadratic.steps);
    report::say("RMSprop (alpha = " + g(o.quadratic.alpha) + ") divides each coordinate's step "
                "by its own root mean square: x and y get the rates alpha_x, alpha_y = alpha / " +
                rmsprop::denominator(h.eps_placement) + ", small where the gradient is large.",
                0, 0);
    std::printf("\n");
    print(rmsprop::path_table(h, q, o.full));
    const auto lambda = rmsprop::quadratic_curvature;
    const std::size_t k = std::min<std::size_t>(10, q.trace.size());
    const auto gd = rmsprop::gd_balance(quad.alpha_gd, lambda);
    const auto rms = rmsprop::rmsprop_balance(h, q.trace[k - 1], lambda);
    std::printf("\nalpha_eff lambda, lambda = %g (x), %g (y); a step multiplies a coordinate by "
                "~1 - that:\n", lambda[0], lambda[1]);
    for (const auto& [who, b, i] : {std::tuple{"GD, alpha = " + g(quad.alpha_gd), gd, 0},
                                    std::tuple{"RMSprop, step " + std::to_string(k), rms, 2}}) {
        std::printf("%s\n", rmsprop::balance_line(who, b, quad.fn, q.path[i]).c_str());
    }
    const std::string undone = "RMSprop's rates take away " + rmsprop::undone_words(
        gd.spread(), rms.spread()) + " GD's " + g(gd.spread(), 3) + "-fold spread";
    std::printf("%s.\n\n", undone.c_str());
    const std::string lowest = outcomes(q, o.quadratic.steps);
    sum.push_back("quadratic, " + lowest + "; " + undone + " (" + g(rms.spread(), 3) +
                  "-fold at step " + std::to_string(k) + ").");
    figures.write("paths-elongated-quadratic.svg", rmsprop::contour(quad, q, 0, "GD, momentum "
                  "and RMSprop on 0.1 x^2 + 2 y^2: " + std::to_string(o.quadratic.steps) +
                  " steps"));
    return 0;
}

int rosenbrock_part(const Options& o, report::Figures& figures, Lines& sum) {
    const rmsprop::PathSetup rosen = rmsprop::rosenbrock_setup();
    const auto r = rmsprop::three_paths(rosen, hyper(o, o.rosenbrock.alpha), o.rosenbrock.steps);
    if (r.outcome[2].overflowed) return overflowed(rosen, r, o.beta2, "--rosenbrock-alpha 0.005");
    std::printf("2. %s, from (-1.5, 2), %zu steps\n\n", rosen.fn.name.c_str(),
                o.rosenbrock.steps);
    report::say("GD and momentum keep chapter 03's small alpha (the walls' curvature is about "
                "2100 at the start); RMSprop's steps are about alpha per coordinate:", 0, 0);
    std::printf("\n");
    sum.push_back("Rosenbrock, " + outcomes(r, o.rosenbrock.steps) + ".");
    figures.write("paths-rosenbrock.svg", rmsprop::contour(rosen, r, 0.04, "GD, momentum and "
                  "RMSprop on Rosenbrock's valley: " + std::to_string(o.rosenbrock.steps) +
                  " steps"));
    return 0;
}

int diabetes_part(const Options& o, const gradient_descent::Dataset<double>& data,
                  report::Figures& figures, Lines& sum) {
    const std::string name = report::data_name(o.data, Options{}.data, shipped);
    const std::vector<double> ols = gradient_descent::least_squares(data);
    const double J_ols = rmsprop::floor_cost(data);
    const rmsprop::Hyper h = hyper(o, o.alpha);
    const double a_gd = rmsprop::diabetes_alpha_gd;
    const auto [runs, rms_s] = rmsprop::three_runs(data, h, {.epochs = o.epochs,
                                                              .batch_size = o.batch_size}, o.seed);
    const auto& rh = runs[2].history;
    if (rh.diverged_at) {
        return fail("RMSprop diverged on " + name + ": the cost became " +
                    (std::isnan(rh.cost.back()) ? "NaN" : "Inf") + " at epoch " +
                    std::to_string(rh.diverged_at), rh.diverged_alpha, o.beta2, "--alpha 1");
    }
    std::printf("3. Training curves: %s, m = %zu examples, %zu features plus x_0 = 1\n   "
                "(features standardized: theta is in standardized units)\n\n", name.c_str(),
                data.m(), data.p() - 1);
    report::say("J(theta_ols) = " + g(J_ols, 7) + " is the floor (least squares). The same seed "
                "gives all three the same mini-batches of m_t = " + std::to_string(o.batch_size) +
                ". Cost J on all m examples after each epoch:", 0, 0);
    const Lines labels = rmsprop::run_labels(o.alpha);
    std::printf("\n");
    print(rmsprop::cost_table(labels, runs, rmsprop::table_rows(o.epochs, o.full)));
    std::printf("\n");
    // GD or momentum diverging is part of the lesson: say so, with GD's limit, and go on.
    if (const std::string blew = rmsprop::diverged_list(labels, runs, 2); !blew.empty()) {
        report::say(rmsprop::diverged_sentence(blew, a_gd, 2 / gradient_descent::
                    hessian_lambda_max(data), name == shipped), 0, 0);
    }
    const auto [lo, hi] = rmsprop::effective_alpha_range(h, rms_s);
    report::say(rmsprop::rates_sentence(h.eps_placement, lo, hi, rms_s.size(),
                                        gradient_descent::distance(runs[2].theta, ols),
                                        gradient_descent::distance(runs[0].theta, ols)), 0, 0);
    std::printf("\n");
    sum.push_back(name + ", J at epoch " + std::to_string(o.epochs) + ": " +
                  rmsprop::ranking(methods, {runs[0].history.cost.back(),
                                   runs[1].history.cost.back(), rh.cost.back()}, 7) + ".");
    const plot::LineChart curves = rmsprop::cost_chart(runs, o.alpha, J_ols, o.epochs,
                                                       o.batch_size, name);
    if (o.full) std::printf("%s\n", plot::terminal_chart(curves).c_str());
    figures.write("cost-per-epoch.svg", curves);
    return 0;
}

void eps_and_beta2_part(const Options& o, report::Figures& figures, Lines& sum) {
    const double cross = rmsprop::eps_crossing(o.beta2, o.eps);  // (1 - beta2) g^2 = eps
    const plot::LineChart chart = rmsprop::eps_chart(o.beta2, o.eps);
    std::printf("4. eps inside or outside the square root\n\n");
    report::say("The notes divide by sqrt(s + eps) and set eps = 1e-8; torch.optim divides by "
                "sqrt(s) + eps. The first step from s = 0 (then s = (1 - beta2) g^2) in units of "
                "alpha, beta2 = " + g(o.beta2) + ":", 0, 0);
    std::printf("\n");
    print(rmsprop::eps_table(o.beta2, o.eps, o.full));
    const std::string alike = "eps = " + g(o.eps, 3) + " inside acts like eps = " +
                              g(std::sqrt(o.eps), 3) + " outside";
    std::printf("\nFor large |g| all three give 1 / sqrt(1 - beta2) = %s.\n",
                g(1 / std::sqrt(1 - o.beta2)).c_str());
    report::say(alike + " (its root): the two agree far from |g| = " + g(cross, 3) + ", where "
                "(1 - beta2) g^2 = eps, and differ most there (sqrt(2)).", 0, 0);
    sum.push_back(alike + "; they differ most at |g| = " + g(cross, 3) + ".");
    figures.write("eps-placement.svg", chart);
    std::printf("\n5. beta2 and the start from s = 0\n\n");
    report::say("s starts at 0 and RMSprop has no bias correction: under a steady gradient its "
                "step t is alpha / sqrt(1 - beta2^t), not alpha; Adam divides s by 1 - beta2^t "
                "for this (chapter 05).", 0, 0);
    for (double b2 : rmsprop::startup_rows(o.beta2)) {
        const std::string line = rmsprop::startup_line(b2);
        std::printf("  %s%s\n", line.c_str(), b2 == o.beta2 ? "  <- this run" : "");
        if (b2 == o.beta2) sum.push_back(line + " (no bias correction).");
    }
}

void adagrad_part(const Options& o, const gradient_descent::Dataset<double>& data,
                  report::Figures& figures, Lines& sum) {
    const std::string name = report::data_name(o.data, Options{}.data, shipped);
    const rmsprop::Hyper h = hyper(o, o.alpha);
    const auto r = rmsprop::adagrad_against_rmsprop(data, h, {.epochs = o.adagrad_epochs,
                                                    .batch_size = o.batch_size}, o.seed);
    std::printf("\n6. Beyond the notes: Adagrad, the sum RMSprop replaces by an average\n\n");
    report::say(rmsprop::adagrad_intro(h, name, o.batch_size, o.adagrad_epochs), 0, 0);
    std::printf("\n");
    print(rmsprop::effective_table(r));
    std::printf("\n");
    const Lines lines = rmsprop::adagrad_lines(r, rmsprop::floor_cost(data));
    for (const std::string& line : lines) report::say(line, 0, 0);
    sum.push_back("Adagrad (beyond the notes): " + lines[lines.size() > 1 ? 1 : 0]);
    figures.write("adagrad-effective-step.svg",
                  rmsprop::adagrad_chart(r, o.alpha, o.batch_size, name));
}

int run(const Options& o) {
    // The data first, so a bad file stops the program before anything is printed.
    const auto data = gradient_descent::load_standardized_regression(o.data);
    const auto place = rmsprop::placement(o.eps_placement);
    std::printf("RMSprop: s := beta2 s + (1 - beta2) dtheta^2,  theta := theta - alpha dtheta / "
                "%s\n\nsettings  beta2 = %s, eps = %s %s the root, seed = %llu\n"
                "          quadratic: alpha = %g, %zu steps; Rosenbrock: alpha = %g, %zu steps;\n"
                "          %s: alpha = %g, %zu epochs, m_t = %zu (GD, momentum: chapter 03's "
                "alpha)\n\n", rmsprop::denominator(place).c_str(), g(o.beta2).c_str(),
                g(o.eps).c_str(), rmsprop::name(place),
                static_cast<unsigned long long>(o.seed), o.quadratic.alpha, o.quadratic.steps,
                o.rosenbrock.alpha, o.rosenbrock.steps,
                report::data_name(o.data, Options{}.data, "diabetes").c_str(), o.alpha, o.epochs,
                o.batch_size);
    report::Figures figures(o.out);
    Lines sum;
    if (const int status = quadratic_part(o, figures, sum)) return status;
    if (const int status = rosenbrock_part(o, figures, sum)) return status;
    if (const int status = diabetes_part(o, data, figures, sum)) return status;
    eps_and_beta2_part(o, figures, sum);
    adagrad_part(o, data, figures, sum);
    std::printf("\n");
    figures.print();
    std::printf("\nWhat this run showed:\n");
    for (const std::string& line : sum) report::say("- " + line, 2, 0);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-rmsprop", "RMSprop (the notes' section) beside GD and momentum "
                    "on two 2-D functions and the diabetes regression; eps and beta2.");
    cli.flag("alpha", o.alpha, "RMSprop's learning rate alpha on the diabetes data "
             "(0: nothing moves)", common::at_least(0.0));
    cli.alias("lr", "alpha");
    cli.flag("beta2", o.beta2, "decay rate beta2 of s, the mean square of dtheta",
             common::half_open(0, 1));
    cli.flag("eps", o.eps, "eps, keeps the division finite where s is near 0", common::above(0.0));
    cli.choice("eps-placement", o.eps_placement, {"inside", "outside"}, "inside: dtheta / "
               "sqrt(s + eps) (the notes); outside: dtheta / (sqrt(s) + eps) (torch)");
    common::add_path_flags(cli, "quadratic", "the elongated quadratic", "RMSprop's", o.quadratic);
    common::add_path_flags(cli, "rosenbrock", "Rosenbrock's function", "RMSprop's", o.rosenbrock);
    gradient_descent::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data);
    cli.flag("adagrad-epochs", o.adagrad_epochs, "epochs of the long run of Adagrad against "
             "RMSprop (beyond the notes)", common::between(1, 100000));
    cli.flag("out", o.out, "folder for the SVG figures", common::output_folder());
    cli.flag("full", o.full, "also print the longer tables and the cost chart");
    if (const auto status = cli.parse_main(argc, argv)) return *status;
    return cli.run([&] { return run(o); });
}
