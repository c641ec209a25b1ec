// chapter-momentum: gradient descent with momentum beside plain gradient descent, on the
// elongated quadratic, on Rosenbrock's valley and on the diabetes regression with mini-batches;
// then the notes' "equivalent" unscaled form measured against theirs. Figures as SVG.
// Run: make chapter-momentum ARGS="--beta 0.5"   (--help lists the flags)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/io/cli.hpp"
#include "common/functions_2d.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "common/io/plot.hpp"
#include "momentum.hpp"

namespace plot = common::plot;
using momentum::MomentumForm;

namespace {

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
    std::string data = CHAPTER_DIR "/data/diabetes.csv";
    std::string out = FIGURE_DIR;

    MomentumForm momentum_form() const {
        return form == "notes" ? MomentumForm::notes : MomentumForm::unscaled;
    }
    MomentumForm other_form() const {
        return form == "notes" ? MomentumForm::unscaled : MomentumForm::notes;
    }
};

// A number as %g prints it: 0.4, 0.001, 1e-05.
std::string g(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

std::string form_name(MomentumForm form) {
    return form == MomentumForm::notes ? "notes' form v := beta v + (1 - beta) dtheta"
                                       : "unscaled form v := beta v + dtheta";
}

// The rows of a table: 1, 2, 5, 10, 20, 50, ... up to n, and n itself.
std::vector<std::size_t> shown_rows(std::size_t n) {
    std::vector<std::size_t> rows;
    for (std::size_t decade = 1; decade <= n; decade *= 10) {
        for (std::size_t k : {1, 2, 5}) {
            if (k * decade <= n) rows.push_back(k * decade);
        }
    }
    if (rows.empty() || rows.back() != n) rows.push_back(n);
    return rows;
}

// A cost: six decimals while it is a sensible number, %g once a run blows up.
std::string cost_text(double J) {
    char buf[48];
    std::snprintf(buf, sizeof buf, std::abs(J) < 1e7 ? "%.6f" : "%.4g", J);
    return buf;
}

std::string steps_text(const std::optional<std::size_t>& k) {
    return k ? std::to_string(*k) : "never";
}

// One sentence about where a 2-D path went.
std::string outcome(const common::Function2d& fn, const common::Path2d& path, std::size_t steps) {
    char buf[160];
    if (common::overflowed(path, steps)) {
        std::snprintf(buf, sizeof buf, "overflows after %zu steps", path.size() - 1);
    } else if (momentum::diverged(fn, path, steps)) {
        std::snprintf(buf, sizeof buf,
                      "ends farther away than it started: distance %.3g after %zu steps",
                      common::distance_to_minimum(fn, path.back()), steps);
    } else if (const auto k = common::steps_to_reach(fn, path, 0.01)) {
        std::snprintf(buf, sizeof buf, "gets within 0.01 after %zu steps, ends at distance %.3g",
                      *k, common::distance_to_minimum(fn, path.back()));
    } else {
        std::snprintf(buf, sizeof buf, "ends at distance %.3g",
                      common::distance_to_minimum(fn, path.back()));
    }
    return buf;
}

// Everything computed before anything is printed, so a diverging run stops the program
// before a half-written report.
struct Bowl {
    common::Function2d fn = common::elongated_quadratic();
    double lambda_x = 0.2, lambda_y = 4;  // f = 0.1 x^2 + 2 y^2: Hessian diag(0.2, 4)
    common::Path2d gd, mom;
    // Steps to get within 0.01 of the minimum for several beta (0 is plain GD), and the
    // beta > 0 that needs the fewest (0 if none gets there).
    std::vector<double> betas;
    std::vector<std::optional<std::size_t>> steps_to_001;
    double best_beta = 0;
    common::Path2d best;  // the path with best_beta, o.quadratic.steps long
};

constexpr std::size_t sweep_budget = 10000;  // steps each path of the beta sweep may take

void sweep_beta(const Options& o, Bowl& b) {
    b.betas = {0, 0.5, 0.8, 0.9, 0.95, 0.99};
    if (std::find(b.betas.begin(), b.betas.end(), o.beta) == b.betas.end()) {
        b.betas.push_back(o.beta);
    }
    std::sort(b.betas.begin(), b.betas.end());
    std::optional<std::size_t> fewest;
    for (double beta : b.betas) {
        const auto path = momentum::momentum_path(b.fn, o.quadratic.alpha, beta,
                                                  o.momentum_form(), sweep_budget);
        b.steps_to_001.push_back(common::steps_to_reach(b.fn, path, 0.01));
        const auto& k = b.steps_to_001.back();
        if (beta > 0 && k && (!fewest || *k < *fewest)) {
            fewest = k;
            b.best_beta = beta;
        }
    }
    if (b.best_beta > 0) {
        b.best = momentum::momentum_path(b.fn, o.quadratic.alpha, b.best_beta, o.momentum_form(),
                                         o.quadratic.steps);
    }
}

struct Diabetes {
    gradient_descent::Dataset<double> data;
    std::vector<double> theta_ols;
    double J_ols = 0, J_0 = 0, lambda_max = 0;
    momentum::Run gd, mom;
};

// One sentence about where a training run went.
std::string outcome(const Diabetes& d, const momentum::Run& r, std::size_t epochs) {
    char buf[200];
    const auto& cost = r.history.cost;
    if (r.history.diverged_at != 0) {
        std::snprintf(buf, sizeof buf, "the cost became %s at epoch %zu",
                      std::isnan(cost.back()) ? "NaN" : "Inf", r.history.diverged_at);
    } else if (!(cost.back() <= d.J_0)) {
        std::snprintf(buf, sizeof buf, "the cost grew to %.3g after %zu epochs (J(0) = %.6g)",
                      cost.back(), epochs, d.J_0);
    } else {
        std::snprintf(buf, sizeof buf,
                      "J - J_ols after %zu epochs %.4g, ||theta - theta_ols|| %.4g", epochs,
                      cost.back() - d.J_ols, gradient_descent::distance(r.theta, d.theta_ols));
    }
    return buf;
}

// The first problem with the chapter's own momentum run: one line, or "" if none.
std::string divergence(const Options& o, const Bowl& bowl, const common::Path2d& rosenbrock,
                       const common::Function2d& rosen, const Diabetes& d) {
    const MomentumForm form = o.momentum_form();
    char buf[512];
    const double bowl_limit = momentum::alpha_limit(bowl.lambda_y, o.beta, form);
    // The limit is exact on a quadratic, where a short path may not show the growth yet.
    if (!(o.quadratic.alpha < bowl_limit)) {
        std::snprintf(buf, sizeof buf,
                      "momentum diverges on %s with alpha = %g: after %zu steps it is at "
                      "distance %.3g from the minimum (it started at %.3g). With beta = %g it "
                      "needs alpha < %.3g there; try --quadratic-alpha %.2g.",
                      bowl.fn.name.c_str(), o.quadratic.alpha, bowl.mom.size() - 1,
                      common::distance_to_minimum(bowl.fn, bowl.mom.back()),
                      common::distance_to_minimum(bowl.fn, bowl.mom.front()), o.beta, bowl_limit,
                      bowl_limit / 4);
        return buf;
    }
    const auto& cost = d.mom.history.cost;
    if (d.mom.history.diverged_at != 0 || !(cost.back() <= 10 * d.J_0)) {
        char what[160];
        if (d.mom.history.diverged_at != 0) {
            std::snprintf(what, sizeof what, "the cost became %s at epoch %zu",
                          std::isnan(cost.back()) ? "NaN" : "Inf", d.mom.history.diverged_at);
        } else {
            std::snprintf(what, sizeof what, "the cost grew to %.3g in %zu epochs (J(0) = %.6g)",
                          cost.back(), o.epochs, d.J_0);
        }
        const double limit = momentum::alpha_limit(d.lambda_max, o.beta, form);
        std::snprintf(buf, sizeof buf,
                      "momentum diverged on the diabetes data: %s with alpha = %g. With beta = "
                      "%g the full batch needs alpha < 2 (1 + beta) / (%slambda_max) = %.3g, "
                      "small mini-batches less; try --alpha %.2g.",
                      what, o.alpha, o.beta, form == MomentumForm::notes ? "(1 - beta) " : "",
                      limit, std::min(limit / 4, o.alpha / 10));
        return buf;
    }
    if (momentum::diverged(rosen, rosenbrock, o.rosenbrock.steps)) {
        std::snprintf(buf, sizeof buf,
                      "momentum diverged on Rosenbrock's function with alpha = %g (it %s); "
                      "try --rosenbrock-alpha %.2g.",
                      o.rosenbrock.alpha, outcome(rosen, rosenbrock, o.rosenbrock.steps).c_str(),
                      o.rosenbrock.alpha / 4);
        return buf;
    }
    return "";
}

void print_bowl(const Options& o, const Bowl& b) {
    const MomentumForm form = o.momentum_form();
    const double alpha = o.quadratic.alpha;
    std::printf("1. The elongated quadratic %s, from (%g, %g), alpha = %g, %zu steps\n\n",
                b.fn.name.c_str(), b.fn.start[0], b.fn.start[1], alpha, o.quadratic.steps);
    std::printf(
        "Curvature %g along x, %g along y. Plain GD is stable for alpha < 2 / %g = %g;\n"
        "momentum with beta = %g for alpha < %.3g.\n\n",
        b.lambda_x, b.lambda_y, b.lambda_y, 2 / b.lambda_y, o.beta,
        momentum::alpha_limit(b.lambda_y, o.beta, form));
    std::printf("  %5s  %10s %10s %10s   %10s %10s %10s\n", "step", "GD x", "GD y", "distance",
                "mom. x", "mom. y", "distance");
    for (std::size_t k : shown_rows(o.quadratic.steps)) {
        std::printf("  %5zu", k);
        for (const auto* path : {&b.gd, &b.mom}) {
            if (k < path->size()) {
                const auto& p = (*path)[k];
                std::printf("  %10.4g %10.4g %10.4g ", p[0], p[1],
                            common::distance_to_minimum(b.fn, p));
            } else {
                std::printf("  %32s ", "(overflowed)");
            }
        }
        std::printf("\n");
    }
    if (!(alpha < 2 / b.lambda_y)) {
        std::printf(
            "\nPlain GD diverges: alpha = %g is above its limit %g, and each step "
            "multiplies y by\n1 - %g alpha = %.3g.\n",
            alpha, 2 / b.lambda_y, b.lambda_y, 1 - b.lambda_y * alpha);
    }
    const std::size_t gd_cross = common::crossings(b.fn, b.gd, 1);
    const std::size_t mom_cross = common::crossings(b.fn, b.mom, 1);
    std::printf(
        "\nThe zig-zag: y changed sign at %zu of %zu steps under plain GD, where each step\n"
        "multiplies y by 1 - %g alpha = %.3g; at %zu of %zu under momentum, whose v\n"
        "averages the last ~1 / (1 - beta) = %.3g gradients%s.\n",
        gd_cross, b.gd.size() - 1, b.lambda_y, 1 - b.lambda_y * alpha, mom_cross,
        b.mom.size() - 1, 1 / (1 - o.beta),
        mom_cross < gd_cross ? ", in which alternating signs cancel" : "");

    std::printf(
        "\nIn the long run each step multiplies the distance by a factor (below 1 it "
        "shrinks):\nthe larger root |z| of z^2 - (1 + beta - alpha_eff lambda) z + beta, "
        "alpha_eff = alpha%s\n",
        form == MomentumForm::notes ? " (1 - beta)" : "");
    std::printf("  %-8s %10s %10s\n", "", "plain GD", "momentum");
    for (const auto& [name, lambda] : {std::pair{"along x", b.lambda_x}, {"along y", b.lambda_y}}) {
        std::printf("  %-8s %10.4g %10.4g\n", name, std::abs(1 - alpha * lambda),
                    momentum::shrink_factor(lambda, alpha, o.beta, form));
    }
    if (momentum::circles(b.lambda_x, alpha, o.beta, form) ||
        momentum::circles(b.lambda_y, alpha, o.beta, form)) {
        std::printf(
            "(complex roots, |z| = sqrt(beta) = %.3g: with this much momentum the path\n"
            "overshoots and circles in.)\n",
            std::sqrt(o.beta));
    }

    std::printf(
        "\nSteps until the distance to the minimum is below 0.01 (at most %zu), alpha = %g:\n",
        sweep_budget, alpha);
    std::printf("  %6s %8s %14s\n", "beta", "steps", "factor");
    for (std::size_t i = 0; i < b.betas.size(); ++i) {
        const double beta = b.betas[i];
        const double factor = std::max(momentum::shrink_factor(b.lambda_x, alpha, beta, form),
                                       momentum::shrink_factor(b.lambda_y, alpha, beta, form));
        std::printf("  %6g %8s %14.4g%s\n", beta, steps_text(b.steps_to_001[i]).c_str(), factor,
                    beta == 0        ? "   (plain GD)"
                    : beta == o.beta ? "   <- --beta"
                                     : "");
    }
    std::printf(
        "Too little momentum keeps GD's factor, too much makes the path circle in at\n"
        "sqrt(beta) per step; the fewest steps lie in between.\n");
    if (b.best_beta > 0 && b.best_beta != o.beta) {
        std::printf("The figures add the path with beta = %g.\n", b.best_beta);
    }
    std::printf("\n");
}

void print_rosenbrock(const Options& o, const common::Function2d& fn, const common::Path2d& gd,
                      const common::Path2d& mom, const common::Path2d& gd_big,
                      const common::Path2d& mom_big, double alpha_big) {
    const std::size_t n = o.rosenbrock.steps;
    std::printf("2. Rosenbrock's valley %s,\n   from (%g, %g), minimum (1, 1), %zu steps\n\n",
                fn.name.c_str(), fn.start[0], fn.start[1], n);
    std::printf("Distance to the minimum; alpha = %g, and alpha / (1 - beta) = %g:\n\n",
                o.rosenbrock.alpha, alpha_big);
    const std::string a = g(o.rosenbrock.alpha), A = g(alpha_big);
    std::printf("  %6s %14s %14s %14s %14s\n", "step", ("GD " + a).c_str(),
                ("momentum " + a).c_str(), ("GD " + A).c_str(), ("momentum " + A).c_str());
    for (std::size_t k : shown_rows(n)) {
        std::printf("  %6zu", k);
        for (const auto* path : {&gd, &mom, &gd_big, &mom_big}) {
            if (k < path->size()) {
                std::printf(" %14.4g", common::distance_to_minimum(fn, (*path)[k]));
            } else {
                std::printf(" %14s", "overflowed");
            }
        }
        std::printf("\n");
    }
    std::printf("\nalpha = %-7g plain GD %s;\n%16s momentum %s.\n", o.rosenbrock.alpha,
                outcome(fn, gd, n).c_str(), "", outcome(fn, mom, n).c_str());
    std::printf("alpha = %-7g plain GD %s;\n%16s momentum %s.\n\n", alpha_big,
                outcome(fn, gd_big, n).c_str(), "", outcome(fn, mom_big, n).c_str());
    const double d_gd = common::distance_to_minimum(fn, gd.back()),
                 d_mom = common::distance_to_minimum(fn, mom.back());
    if (!momentum::diverged(fn, gd, n) && std::abs(d_gd - d_mom) < 0.1 * d_gd) {
        std::printf(
            "At one alpha momentum ends where GD ends: along the slowly bending valley\n"
            "floor the average of recent gradients is the current gradient, so once v\n"
            "has built up (about 1 / (1 - beta) = %g steps) it takes GD's steps.\n",
            1 / (1 - o.beta));
    }
    if (momentum::diverged(fn, gd_big, n) && !momentum::diverged(fn, mom_big, n)) {
        std::printf(
            "Momentum averages away the steep, alternating part of the gradient, so it\n"
            "keeps a learning rate that throws plain GD out of the valley.\n");
    }
    std::printf("\n");
}

void print_diabetes(const Options& o, const Diabetes& d) {
    const MomentumForm form = o.momentum_form();
    std::printf("3. Mini-batch training on the diabetes data\n\n");
    std::printf("data      %s: m = %zu examples, %zu features, standardized, plus x_0 = 1\n",
                std::filesystem::path(o.data).filename().c_str(), d.data.m(), d.data.p() - 1);
    std::printf(
        "settings  alpha = %g, beta = %g, m_t = %zu (%zu steps per epoch), %zu epochs, "
        "seed = %llu, theta starts at 0\n\n",
        o.alpha, o.beta, o.batch_size, gradient_descent::mini_batches(d.data.m(), o.batch_size).size(),
        o.epochs, static_cast<unsigned long long>(o.seed));
    std::printf(
        "The Hessian X X^T / m has lambda_max = %.4g: plain GD needs alpha < %.3g,\n"
        "momentum alpha < %.3g. J(theta_ols) = %.6f is the floor.\n\n",
        d.lambda_max, 2 / d.lambda_max, momentum::alpha_limit(d.lambda_max, o.beta, form), d.J_ols);
    const std::size_t gd_stop = d.gd.history.diverged_at;
    std::printf("  %6s %14s %14s %14s %14s\n", "epoch", "GD J", "momentum J", "GD J - J_ols",
                "mom. J - J_ols");
    for (std::size_t i : shown_rows(o.epochs)) {
        std::printf("  %6zu", i);
        if (gd_stop != 0 && i >= gd_stop) {
            std::printf(" %14s", "diverged");
        } else {
            std::printf(" %14s", cost_text(d.gd.history.cost[i - 1]).c_str());
        }
        std::printf(" %14s", cost_text(d.mom.history.cost[i - 1]).c_str());
        if (gd_stop != 0 && i >= gd_stop) {
            std::printf(" %14s", "");
        } else {
            std::printf(" %14.4g", d.gd.history.cost[i - 1] - d.J_ols);
        }
        std::printf(" %14.4g\n", d.mom.history.cost[i - 1] - d.J_ols);
    }
    if (gd_stop != 0) {
        std::printf(
            "\nPlain GD diverged at epoch %zu (alpha = %g is above its limit %.3g); "
            "momentum did not.\n",
            gd_stop, o.alpha, 2 / d.lambda_max);
    } else {
        const std::size_t first = o.epochs / 2 + 1;
        std::printf("\nMean of J - J_ols over epochs %zu..%zu: plain GD %.4g, momentum %.4g.\n",
                    first, o.epochs, momentum::mean_excess(d.gd, d.J_ols, first, o.epochs),
                    momentum::mean_excess(d.mom, d.J_ols, first, o.epochs));
        std::printf("||theta - theta_ols|| after %zu epochs: plain GD %.4g, momentum %.4g.\n",
                    o.epochs, gradient_descent::distance(d.gd.theta, d.theta_ols),
                    gradient_descent::distance(d.mom.theta, d.theta_ols));
        std::printf(
            "Each mini-batch gradient is noisy; v averages about %.3g of them, so at "
            "one alpha\nmomentum's steps carry less of any one mini-batch's noise.\n",
            1 / (1 - o.beta));
    }
    const std::size_t T = gradient_descent::mini_batches(d.data.m(), o.batch_size).size();
    std::printf(
        "Momentum starts slowly: v starts at 0, and after t steps of a steady gradient\n"
        "v is (1 - beta^t) of it, %.0f%% after the first epoch's %zu steps (the bias of\n"
        "chapter 02, which Adam corrects).\n\n",
        100 * ewma::bias_correction(o.beta, long(T)), T);
}

// alpha in the other form that takes the same steps as alpha in the chosen one:
// alpha (1 - beta) unscaled, alpha / (1 - beta) in the notes' form.
double same_steps_alpha(double alpha, double beta, MomentumForm other) {
    return other == MomentumForm::unscaled ? momentum::unscaled_alpha(alpha, beta)
                                           : alpha / (1 - beta);
}

void print_equivalence(const Options& o, const Bowl& b, const Diabetes& d) {
    const MomentumForm other = o.other_form();
    const double alpha_other = same_steps_alpha(o.alpha, o.beta, other);
    const double quadratic_other = same_steps_alpha(o.quadratic.alpha, o.beta, other);
    // The quadratic's alpha, when --quadratic-alpha differs from the diabetes data's.
    std::string on_quadratic;
    if (o.quadratic.alpha != o.alpha) {
        on_quadratic = " (" + g(quadratic_other) + " in place of " + g(o.quadratic.alpha) +
                       " on the quadratic)";
    }
    if (other == MomentumForm::unscaled) {
        std::printf(
            "4. The notes' \"equivalent\" rule, the %s\n   (torch.optim.SGD, "
            "d2l)\n\n",
            form_name(other).c_str());
        std::printf(
            "Its v is the notes' v / (1 - beta), so alpha (1 - beta) = %g in place of "
            "%g%s\ntakes the same steps:\n",
            alpha_other, o.alpha, on_quadratic.c_str());
    } else {
        std::printf("4. The %s, beside the unscaled one\n\n", form_name(other).c_str());
        std::printf(
            "Its v is (1 - beta) times the unscaled v, so alpha / (1 - beta) = %g in "
            "place of %g%s\ntakes the same steps:\n",
            alpha_other, o.alpha, on_quadratic.c_str());
    }
    const common::Path2d bowl_other =
        momentum::momentum_path(b.fn, quadratic_other, o.beta, other, o.quadratic.steps);
    const momentum::Run run_other = momentum::train_momentum(d.data, alpha_other, o.beta, other,
                                                             o.epochs, o.batch_size, o.seed);
    std::printf("  quadratic, %zu steps:   largest difference of the points %.3g\n",
                o.quadratic.steps, momentum::max_difference(b.mom, bowl_other));
    std::printf(
        "  diabetes, %zu epochs:  largest |theta difference| %.3g (theta up to %.4g):"
        " rounding\n",
        o.epochs, momentum::max_difference(d.mom, run_other),
        *std::max_element(d.theta_ols.begin(), d.theta_ols.end(),
                          [](double a, double b) { return std::abs(a) < std::abs(b); }));

    std::printf("\nWith the same alpha = %g%s its steps are %g times %s:\n", o.alpha,
                o.quadratic.alpha != o.alpha
                    ? (" (" + g(o.quadratic.alpha) + " on the quadratic)").c_str()
                    : "",
                1 / (1 - o.beta), other == MomentumForm::unscaled ? "larger" : "smaller");
    const common::Path2d bowl_same =
        momentum::momentum_path(b.fn, o.quadratic.alpha, o.beta, other, o.quadratic.steps);
    const momentum::Run run_same =
        momentum::train_momentum(d.data, o.alpha, o.beta, other, o.epochs, o.batch_size, o.seed);
    std::printf("  quadratic: it %s (limit alpha < %.3g)\n",
                outcome(b.fn, bowl_same, o.quadratic.steps).c_str(),
                momentum::alpha_limit(b.lambda_y, o.beta, other));
    std::printf("  diabetes: %s (limit alpha < %.3g)\n", outcome(d, run_same, o.epochs).c_str(),
                momentum::alpha_limit(d.lambda_max, o.beta, other));
    std::printf(
        "\nA third convention: torch.optim.SGD(momentum=beta, dampening=beta) starts its\n"
        "buffer at dtheta_1, not (1 - beta) dtheta_1, so at step t its buffer exceeds the\n"
        "notes' v by beta^t dtheta_1 (tests/reference/FORMAT.md); no warm-up, no bias.\n\n");
}

plot::Series y_per_step(std::string label, const common::Path2d& path) {
    plot::Series s{.label = std::move(label), .x = {}, .y = {}};
    for (std::size_t k = 0; k < path.size(); ++k) {
        s.x.push_back(double(k));
        s.y.push_back(path[k][1]);
    }
    return s;
}

// J - J_ols per epoch; values above J(0), where a diverging run is heading, are left out.
plot::Series excess_cost(std::string label, const momentum::Run& r, double J_ols, double J_0) {
    plot::Series s{.label = std::move(label), .x = {}, .y = {}};
    for (std::size_t i = 0; i < r.history.cost.size(); ++i) {
        if (!(r.history.cost[i] <= 10 * J_0)) break;
        s.x.push_back(double(i + 1));
        s.y.push_back(r.history.cost[i] - J_ols);
    }
    return s;
}

int run(const Options& o) {
    const MomentumForm form = o.momentum_form();
    const std::string mom_label =
        "momentum, beta = " + g(o.beta) + (form == MomentumForm::notes ? "" : " (unscaled)");

    Bowl bowl;
    bowl.gd = momentum::gd_path(bowl.fn, o.quadratic.alpha, o.quadratic.steps);
    bowl.mom = momentum::momentum_path(bowl.fn, o.quadratic.alpha, o.beta, form, o.quadratic.steps);
    sweep_beta(o, bowl);

    const common::Function2d rosen = common::rosenbrock();
    const double alpha_big = o.rosenbrock.alpha / (1 - o.beta);
    const auto rosen_gd = momentum::gd_path(rosen, o.rosenbrock.alpha, o.rosenbrock.steps);
    const auto rosen_mom =
        momentum::momentum_path(rosen, o.rosenbrock.alpha, o.beta, form, o.rosenbrock.steps);
    const auto rosen_gd_big = momentum::gd_path(rosen, alpha_big, o.rosenbrock.steps);
    const auto rosen_mom_big =
        momentum::momentum_path(rosen, alpha_big, o.beta, form, o.rosenbrock.steps);

    Diabetes d;
    d.data = gradient_descent::load_standardized_regression(o.data);
    d.theta_ols = gradient_descent::least_squares(d.data);
    d.J_ols = gradient_descent::cost<double>(d.theta_ols, d.data, gradient_descent::all_examples(d.data));
    d.J_0 = gradient_descent::cost<double>(std::vector<double>(d.data.p(), 0.0), d.data,
                                 gradient_descent::all_examples(d.data));
    d.lambda_max = gradient_descent::hessian_lambda_max(d.data);
    d.gd = momentum::train_gd(d.data, o.alpha, o.epochs, o.batch_size, o.seed);
    d.mom = momentum::train_momentum(d.data, o.alpha, o.beta, form, o.epochs, o.batch_size, o.seed);

    std::printf("Gradient descent with momentum (%s)\n\n", form_name(form).c_str());
    std::printf(
        "settings  beta = %g, seed = %llu\n"
        "          quadratic: alpha = %g, %zu steps; Rosenbrock: alpha = %g, %zu steps\n"
        "          diabetes: alpha = %g, %zu epochs, m_t = %zu\n\n",
        o.beta, static_cast<unsigned long long>(o.seed), o.quadratic.alpha, o.quadratic.steps,
        o.rosenbrock.alpha, o.rosenbrock.steps, o.alpha, o.epochs, o.batch_size);

    if (const std::string problem = divergence(o, bowl, rosen_mom, rosen, d); !problem.empty()) {
        std::fprintf(stderr, "chapter-momentum: %s\n", problem.c_str());
        return 1;
    }

    print_bowl(o, bowl);
    print_rosenbrock(o, rosen, rosen_gd, rosen_mom, rosen_gd_big, rosen_mom_big, alpha_big);
    print_diabetes(o, d);
    print_equivalence(o, bowl, d);

    // Figures
    const std::filesystem::path out = o.out;
    std::vector<std::filesystem::path> written;
    auto write = [&](const std::string& name, const std::string& svg) {
        plot::write_svg(out / name, svg);
        written.push_back(out / name);
    };
    // The path with the beta of the fewest steps, dashed, when that is not --beta.
    std::vector<plot::Series> bowl_paths = {common::path_series("plain GD", bowl.gd),
                                            common::path_series(mom_label, bowl.mom)};
    std::string best_label;
    if (bowl.best_beta > 0 && bowl.best_beta != o.beta) {
        best_label = "momentum, beta = " + g(bowl.best_beta) +
                     (form == MomentumForm::notes ? "" : " (unscaled)");
        bowl_paths.push_back(common::path_series(best_label, bowl.best, true));
    }
    write(
        "paths-elongated-quadratic.svg",
        plot::to_svg(common::contour_with_paths(
            bowl.fn,
            "Plain GD and momentum on " + bowl.fn.name + ", alpha = " + g(o.quadratic.alpha) +
                ", " + std::to_string(o.quadratic.steps) + " steps",
            bowl_paths)));
    plot::LineChart ys{.title = "The steep coordinate y step by step: zig-zag against swing",
                       .x_label = "step",
                       .y_label = "y (the minimum is at y = 0)",
                       .series = {y_per_step("plain GD", bowl.gd), y_per_step(mom_label, bowl.mom)},
                       .y_range = bowl.fn.y_range};
    if (!best_label.empty()) {
        ys.series.push_back(y_per_step(best_label, bowl.best));
        ys.series.back().dashed = true;
    }
    write("y-per-step-elongated-quadratic.svg", plot::to_svg(ys));
    // Colours as in the other figures (plain GD first); the long path dashed, so the two
    // short ones show through where it runs over them. Markers at least 0.04 apart.
    constexpr double gap = 0.04;
    std::vector<plot::Series> rosen_paths = {
        common::path_series("plain GD, alpha = " + g(o.rosenbrock.alpha),
                            common::thinned(rosen_gd, gap)),
        common::path_series("momentum, alpha = " + g(o.rosenbrock.alpha),
                            common::thinned(rosen_mom, gap)),
        common::path_series("momentum, alpha = " + g(alpha_big),
                            common::thinned(rosen_mom_big, gap),
                            true)};
    if (!momentum::diverged(rosen, rosen_gd_big, o.rosenbrock.steps)) {
        rosen_paths.push_back(common::path_series("plain GD, alpha = " + g(alpha_big),
                                                  common::thinned(rosen_gd_big, gap), true));
    }
    write("paths-rosenbrock.svg",
          plot::to_svg(common::contour_with_paths(rosen,
                                                  "Plain GD and momentum in Rosenbrock's valley, " +
                                                      std::to_string(o.rosenbrock.steps) +
                                                      " steps, beta = " + g(o.beta),
                                                  rosen_paths)));
    plot::LineChart cost{.title = "Diabetes, mini-batches of " + std::to_string(o.batch_size) +
                                  ": cost above the floor, alpha = " + g(o.alpha),
                         .x_label = "epoch",
                         .y_label = "J(theta) - J(theta_ols) (log scale)",
                         .series = {excess_cost("plain GD", d.gd, d.J_ols, d.J_0),
                                    excess_cost(mom_label, d.mom, d.J_ols, d.J_0)},
                         .log_y = true};
    std::printf("%s\n", plot::terminal_chart(cost).c_str());
    write("cost-per-epoch.svg", plot::to_svg(cost));
    plot::print_figures(written);
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
    gradient_descent::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data);
    cli.flag("out", o.out, "folder for the SVG figures");
    cli.parse_or_exit(argc, argv);
    return cli.run([&] { return run(o); });
}
