// chapter-adam: Adam (momentum's v plus RMSprop's s, both bias-corrected) on two 2-D
// functions and on the diabetes regression: its path beside the earlier methods, what the
// bias corrections do in the first steps, where eps sits, and all four methods side by side.
// Run: make chapter-adam ARGS="--beta1 0.8"   (--help lists the flags)
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "adam.hpp"
#include "common/io/cli.hpp"
#include "common/functions_2d.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "common/io/plot.hpp"

namespace plot = common::plot;
using adam::Method;

namespace {

struct Options {
    // 1, not the notes' typical 0.001: Adam moves each coordinate by about alpha per step,
    // and theta_ols here has entries up to 152 to reach in 700 steps (README, "Why alpha = 1").
    double alpha = 1;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double eps = 1e-8;
    std::string eps_placement = "inside";
    bool bias_correction = true;
    common::PathSettings quadratic{.alpha = 0.1, .steps = 1000};  // Adam's paths: steps of
    common::PathSettings rosenbrock{.alpha = 0.1, .steps = 1000};  // about alpha = 0.1
    std::size_t epochs = 100;
    std::size_t batch_size = 64;
    std::uint64_t seed = 1;
    std::string data = CHAPTER_DIR "/data/diabetes.csv";
    std::string out = FIGURE_DIR;
};

// Every run on the diabetes data: the same epochs and m_t, and (from o.seed) the same
// mini-batches.
gradient_descent::TrainOptions training(const Options& o) {
    return {.epochs = o.epochs, .batch_size = o.batch_size};
}

// The learning rates of the side-by-side: each method gets the one with the lowest final cost.
constexpr double alpha_grid[] = {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30};

// The notes' typical Adam learning rate, drawn for contrast.
constexpr double alpha_notes = 0.001;

// Learning rates of the earlier methods on the 2-D paths, in the order GD, momentum,
// RMSprop: the alphas of chapters 03 and 04, so the pictures match (Adam's are flags).
// Quadratic: GD and momentum 0.4, just under 2 / 4 (4 = the curvature along y), so GD
// zig-zags across the narrow direction; RMSprop 0.1, a step of about 0.1.
constexpr std::array<double, 3> earlier_alphas_quadratic = {0.4, 0.4, 0.1};
// Rosenbrock: the gradient is about 160 long at the start, so GD and momentum need alpha
// near 1e-3; RMSprop's first step is 1 / sqrt(1 - beta2) = 32 alpha long, so 5e-3.
constexpr std::array<double, 3> earlier_alphas_rosenbrock = {0.001, 0.001, 0.005};

std::string g_text(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
}

// On the diabetes data every method takes mini-batch steps; on the 2-D functions, full ones.
std::string training_name(Method m) {
    return m == Method::gd ? std::string("mini-batch GD") : std::string(adam::name(m));
}

std::string method_label(const std::string& name, double alpha) {
    return name + ", alpha = " + g_text(alpha);
}

// A cost in 6 characters: 1436, or 6e+165 for a run that blew up without overflowing.
std::string cost_text(double J) {
    char buf[32];
    std::snprintf(buf, sizeof buf, J < 1e6 ? "%.0f" : "%.0e", J);
    return buf;
}

plot::Series cost_series(std::string label, const std::vector<double>& cost, std::size_t last,
                         bool dashed = false) {
    plot::Series s{.label = std::move(label), .x = {}, .y = {}, .dashed = dashed};
    for (std::size_t i = 0; i < std::min(last, cost.size()); ++i) {
        s.x.push_back(double(i + 1));
        s.y.push_back(cost[i]);
    }
    return s;
}

plot::Series floor_series(double J_ols, std::size_t epochs) {
    return {.label = "least squares J(theta_ols)", .x = {1.0, double(std::max<std::size_t>(
                                                                  epochs, 2))},
            .y = {J_ols, J_ols}, .dashed = true};
}

// Writes a line chart as SVG and returns its path.
std::filesystem::path write_chart(const std::filesystem::path& file,
                                  const plot::LineChart& chart) {
    plot::write_svg(file, plot::to_svg(chart));
    return file;
}

// Epochs to print: 1, 2, 5, 10, 20, 50, ... up to and including the last.
std::vector<std::size_t> shown_epochs(std::size_t epochs) {
    std::vector<std::size_t> shown = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
    std::erase_if(shown, [&](std::size_t i) { return i > epochs; });
    if (shown.empty() || shown.back() != epochs) shown.push_back(epochs);
    return shown;
}

std::string epochs_text(std::size_t hit) {
    return hit == 0 ? std::string("not reached") : std::to_string(hit);
}

// A run at the user's alpha that diverged: one clear line, then exit status 1.
int diverged(const std::string& what, const adam::Run& r) {
    const auto& h = r.history;
    std::fprintf(stderr,
                 "chapter-adam: %s diverged: the cost became %s at epoch %zu with alpha = %g. "
                 "Adam moves each coordinate by up to a few alpha per step and theta_ols has "
                 "entries near 150, so alpha far above that overshoots; try --alpha 1.\n",
                 what.c_str(), std::isnan(h.cost.back()) ? "NaN" : "Inf", h.diverged_at,
                 r.alpha);
    return 1;
}

// ---- 1. Paths on the 2-D functions --------------------------------------------------

struct PathRun {
    Method method;
    double alpha;
    common::Path2d points;
};

// Each method's path from fn.start: the earlier methods at their stated alphas, momentum
// with beta = beta1, RMSprop with Adam's beta2, eps and placement; Adam at adam_alpha.
std::vector<PathRun> paths(const common::Function2d& fn, const std::array<double, 3>& earlier,
                           double adam_alpha, const adam::Hyper& hyper, std::size_t steps) {
    std::vector<PathRun> runs;
    for (std::size_t k = 0; k < 4; ++k) {
        const Method m = adam::all_methods[k];
        const double a = m == Method::adam ? adam_alpha : earlier[k];
        common::Path2d points;
        if (m == Method::gd) {
            gradient_descent::Sgd<double> o{.hyper = {.alpha = a}};
            points = common::path_2d(fn, o, steps);
        } else if (m == Method::momentum) {
            momentum::Momentum<double> o{.hyper = {.alpha = a, .beta = hyper.beta1}};
            points = common::path_2d(fn, o, steps);
        } else if (m == Method::rmsprop) {
            rmsprop::RmsProp<double> o{.hyper = {.alpha = a, .beta2 = hyper.beta2,
                                                .eps = hyper.eps,
                                                .eps_placement = hyper.eps_placement}};
            points = common::path_2d(fn, o, steps);
        } else {
            adam::Adam<double> o{.hyper = hyper};
            o.hyper.alpha = a;
            points = common::path_2d(fn, o, steps);
        }
        runs.push_back({m, a, std::move(points)});
    }
    return runs;
}

void print_paths(const common::Function2d& fn, const std::vector<PathRun>& runs,
                 std::size_t steps) {
    std::printf("  %s, from (%g, %g), minimum at (%g, %g):\n\n", fn.name.c_str(), fn.start[0],
                fn.start[1], fn.minimum[0], fn.minimum[1]);
    std::printf("    %-14s %7s %14s %14s %18s\n", "method", "alpha", "f at the end",
                "||p - p_min||", "first step < 0.1");
    for (const PathRun& r : runs) {
        const std::string name(adam::name(r.method));
        if (common::overflowed(r.points, steps)) {
            std::printf("    %-14s %7g %14s   (left the chart after step %zu)\n", name.c_str(),
                        r.alpha, "diverged", r.points.size() - 1);
            continue;
        }
        const auto& p = r.points.back();
        const auto hit = common::steps_to_reach(fn, r.points, 0.1);
        std::printf("    %-14s %7g %14.3e %14.3e %18s\n", name.c_str(), r.alpha, fn.f(p[0], p[1]),
                    common::distance_to_minimum(fn, p), hit ? std::to_string(*hit).c_str() : "-");
    }
    std::printf("    (first step < 0.1: the first step t at which ||p - p_min|| < 0.1)\n\n");
}

std::filesystem::path write_paths(const common::Function2d& fn, const std::vector<PathRun>& runs,
                                  std::size_t steps, const std::filesystem::path& file,
                                  const std::string& title) {
    // In reverse order, so the longest path (Adam's) is drawn beneath: on Rosenbrock's
    // function all four follow the same valley, and the shorter paths stay visible on top.
    std::vector<plot::Series> series;
    for (std::size_t k : {3, 2, 1, 0}) {
        const PathRun& r = runs[k];
        const std::string label = method_label(std::string(adam::name(r.method)), r.alpha);
        series.push_back(common::path_series(label, r.points, r.method == Method::gd));
    }
    const std::string full = title + ": " + std::to_string(steps) + " steps from (" +
                             g_text(fn.start[0]) + ", " + g_text(fn.start[1]) + ")";
    plot::write_svg(file, plot::to_svg(common::contour_with_paths(fn, full, std::move(series))));
    return file;
}

void section_paths(const Options& o, const adam::Hyper& hyper, const std::filesystem::path& out,
                   std::vector<std::filesystem::path>& figures) {
    std::printf("1. Paths on two 2-D functions, beside the earlier methods. Momentum uses beta "
                "= beta1,\n   RMSprop uses Adam's beta2, eps and eps placement; each alpha is "
                "stated.\n\n");
    const auto quad = common::elongated_quadratic();
    const auto rosen = common::rosenbrock();
    const auto quad_runs =
        paths(quad, earlier_alphas_quadratic, o.quadratic.alpha, hyper, o.quadratic.steps);
    const auto rosen_runs =
        paths(rosen, earlier_alphas_rosenbrock, o.rosenbrock.alpha, hyper, o.rosenbrock.steps);

    print_paths(quad, quad_runs, o.quadratic.steps);
    const auto g = quad.gradient(quad.start[0], quad.start[1]);
    const auto& gd = quad_runs[0].points;
    const auto& ad = quad_runs[3].points;
    if (gd.size() > 1 && ad.size() > 1) {
        std::printf("  At the start the gradient is (%g, %g), %g times steeper along y. GD's "
                    "first step is\n  (%+.3g, %+.3g); Adam's is (%+.4g, %+.4g): about alpha in "
                    "each coordinate, because at\n  t = 1 v_corrected / sqrt(s_corrected) = "
                    "dtheta / |dtheta|. Adam heads along the diagonal,\n  then its steps "
                    "shrink along y, where dtheta keeps changing sign and v averages it out.\n\n",
                    g[0], g[1], g[1] / g[0], gd[1][0] - gd[0][0], gd[1][1] - gd[0][1],
                    ad[1][0] - ad[0][0], ad[1][1] - ad[0][1]);
    }
    print_paths(rosen, rosen_runs, o.rosenbrock.steps);
    std::printf("  In Rosenbrock's curved valley the gradient is steep across the valley and "
                "flat along\n  it. GD and momentum must keep alpha small for the steep "
                "direction and crawl along the\n  flat one; RMSprop and Adam divide each "
                "coordinate by its own root mean square.\n\n");
    figures.push_back(write_paths(quad, quad_runs, o.quadratic.steps,
                                  out / "paths-elongated-quadratic.svg",
                                  "f = 0.1 x^2 + 2 y^2"));
    figures.push_back(write_paths(rosen, rosen_runs, o.rosenbrock.steps,
                                  out / "paths-rosenbrock.svg",
                                  "Rosenbrock"));
}

// ---- 2. Bias correction -------------------------------------------------------------

int section_bias_correction(const Options& o, const adam::Hyper& hyper,
                            const gradient_descent::Dataset<double>& data, double J_ols,
                            const std::filesystem::path& out,
                            std::vector<std::filesystem::path>& figures) {
    const bool inside = hyper.eps_placement == rmsprop::EpsPlacement::inside;
    std::printf("2. Bias correction. v and s start at 0, so for a while they are too small by "
                "the factors\n   1 - beta1^t and 1 - beta2^t. A constant gradient dtheta = 1 "
                "shows it (eps = %g %s):\n\n", o.eps, inside ? "inside" : "outside");
    const std::size_t long_run = 10000;
    const std::vector<double> ones(long_run, 1.0);
    const auto rows = adam::first_steps(hyper, ones);
    std::printf("  %3s %9s %12s %10s %12s %12s %14s %10s\n", "t", "v", "v_corrected", "s",
                "s_corrected", "step/alpha", "step/alpha", "predicted");
    std::printf("  %3s %9s %12s %10s %12s %12s %14s %10s\n", "", "", "", "", "", "corrected",
                "uncorrected", "ratio");
    for (std::size_t k = 0; k < 10; ++k) {
        const auto& r = rows[k];
        std::printf("  %3ld %9.6f %12.9f %10.7f %12.9f %12.9f %14.6f %10.6f\n", r.t, r.v,
                    r.v_corrected, r.s, r.s_corrected, r.step / o.alpha,
                    r.step_uncorrected / o.alpha,
                    adam::uncorrected_step_ratio(o.beta1, o.beta2, r.t));
    }
    // The step furthest from alpha (too long for the defaults; too short when beta1 is
    // large and beta2 small), and the first t from which all steps are within 10% of alpha.
    std::size_t peak = 0, settled = 0;
    auto off = [&](std::size_t k) {
        return std::abs(std::log(rows[k].step_uncorrected / rows[k].step));
    };
    for (std::size_t k = 0; k < rows.size(); ++k) {
        if (off(k) > off(peak)) peak = k;
        if (std::abs(rows[k].step_uncorrected / rows[k].step - 1) > 0.1) settled = k + 2;
    }
    std::printf("\n  (predicted ratio = (1 - beta1^t) / sqrt(1 - beta2^t), the uncorrected step "
                "over the\n  corrected one when eps is negligible.)\n");
    std::printf("  With the corrections v_corrected = dtheta and s_corrected = dtheta^2 at every "
                "t, so every\n  step is alpha long. Without them s is %.0f times too small at "
                "t = 1 and v %.0f times, so\n  the first step is (1 - beta1) / sqrt(1 - beta2) "
                "= %g / %.4g = %.4g alpha.\n ", 1 / (1 - o.beta2), 1 / (1 - o.beta1), 1 - o.beta1,
                std::sqrt(1 - o.beta2), rows[0].step_uncorrected / o.alpha);
    if (settled == 0) {
        std::printf(" The uncorrected steps stay within 10%% of alpha throughout.\n");
    } else {
        std::printf(" The uncorrected steps are %s at t = %ld (%.4g alpha) and\n  ",
                    rows[peak].step_uncorrected > rows[peak].step ? "longest" : "shortest",
                    rows[peak].t, rows[peak].step_uncorrected / o.alpha);
        if (settled > rows.size()) {
            std::printf("still more than 10%% off at t = %zu", long_run);
        } else {
            std::printf("come within 10%% of alpha only from t = %zu on", settled);
        }
        std::printf(": for all those steps an uncorrected\n  Adam runs with another "
                    "alpha than the one you set.\n");
    }
    std::printf("  s forgets its zero start over about 1 / (1 - beta2) = %.0f steps, v over "
                "1 / (1 - beta1) = %.0f.\n\n", 1 / (1 - o.beta2), 1 / (1 - o.beta1));

    plot::LineChart chart{.title = "Adam's step for a constant gradient, with and without "
                                   "bias correction",
                          .x_label = "step t (log scale)",
                          .y_label = "step size / alpha",
                          .series = {},
                          .log_x = true};
    plot::Series c{.label = "with bias correction", .x = {}, .y = {}};
    plot::Series u{.label = "without: (1 - beta1^t) / sqrt(1 - beta2^t)", .x = {}, .y = {},
                   .dashed = true};
    // Every t up to 50, then 50 per decade, evenly spaced on the log axis: the corrected
    // line is flat up to rounding, and with all 10^4 steps its drawing (each pixel column
    // keeps its lowest and highest point) would follow the last bits of that rounding.
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::size_t t = k + 1;
        if (t > 50 && std::floor(50 * std::log10(double(t))) ==
                          std::floor(50 * std::log10(double(t - 1)))) {
            continue;
        }
        c.x.push_back(double(rows[k].t));
        c.y.push_back(rows[k].step / o.alpha);
        u.x.push_back(double(rows[k].t));
        u.y.push_back(rows[k].step_uncorrected / o.alpha);
    }
    chart.series = {c, u};
    chart.y_range =
        plot::Range{0, std::ceil(std::max(1.0, rows[peak].step_uncorrected / o.alpha))};
    figures.push_back(write_chart(out / "bias-correction-steps.svg", chart));

    // The same on the diabetes data, at alpha and 10 alpha.
    adam::Hyper with = hyper, without = hyper;
    with.bias_correction = true;
    without.bias_correction = false;
    std::vector<adam::Run> runs;
    for (double a : {o.alpha, 10 * o.alpha}) {
        runs.push_back(adam::train_method(Method::adam, data, a, with, training(o), o.seed));
        runs.push_back(adam::train_method(Method::adam, data, a, without, training(o), o.seed));
    }
    for (std::size_t k = 0; k < 2; ++k) {  // the runs at the user's alpha must not diverge
        if (runs[k].history.diverged_at != 0) {
            return diverged(k == 0 ? "Adam" : "Adam without bias correction", runs[k]);
        }
    }
    const bool show_10 = runs[2].history.diverged_at == 0 && runs[3].history.diverged_at == 0;
    std::printf("  On the diabetes data, cost J after each of the first epochs (J(theta_ols) = "
                "%.2f):\n\n", J_ols);
    std::printf("  %6s %26s", "", ("alpha = " + g_text(o.alpha)).c_str());
    if (show_10) std::printf(" %30s", ("alpha = " + g_text(10 * o.alpha)).c_str());
    std::printf("\n  %6s %12s %13s", "epoch", "corrected", "uncorrected");
    if (show_10) std::printf(" %16s %13s", "corrected", "uncorrected");
    std::printf("\n");
    const std::size_t first = std::min<std::size_t>(10, o.epochs);
    for (std::size_t i = 0; i < first; ++i) {
        std::printf("  %6zu %12.2f %13.2f", i + 1, runs[0].history.cost[i],
                    runs[1].history.cost[i]);
        if (show_10) {
            std::printf(" %16.2f %13.2f", runs[2].history.cost[i], runs[3].history.cost[i]);
        }
        std::printf("\n");
    }
    const std::size_t steps_per_epoch = gradient_descent::mini_batches(data.m(), o.batch_size).size();
    std::printf("\n  With %zu steps per epoch, epoch 1 ends at t = %zu, where an uncorrected step "
                "is %.3g alpha.\n", steps_per_epoch, steps_per_epoch,
                adam::uncorrected_step_ratio(o.beta1, o.beta2, long(steps_per_epoch)));
    for (std::size_t k = 0; k < (show_10 ? 4u : 2u); k += 2) {
        const double c = runs[k].history.cost[0], u = runs[k + 1].history.cost[0];
        std::printf("  At alpha = %s the uncorrected run is %s after epoch 1 (J = %.2f against "
                    "%.2f):\n  %s\n", g_text(runs[k].alpha).c_str(), u < c ? "ahead" : "behind",
                    u, c,
                    u < c ? "this start wants longer steps than alpha, and the extra length "
                            "helps by accident."
                          : "the extra length overshoots.");
    }
    std::printf("  Either way the uncorrected run does not use the alpha you chose: the "
                "corrections make\n  alpha mean what it says from the first step.\n\n");

    plot::LineChart cost{.title = "Adam on the diabetes data, first 20 epochs: with and "
                                  "without bias correction",
                         .x_label = "epoch",
                         .y_label = "cost J (log scale)",
                         .series = {},
                         .log_y = true};
    const std::size_t shown = std::min<std::size_t>(20, o.epochs);
    for (std::size_t k = 0; k < (show_10 ? 4u : 2u); ++k) {
        const std::string a = g_text(k < 2 ? o.alpha : 10 * o.alpha);
        cost.series.push_back(cost_series(
            (k % 2 == 0 ? "corrected, alpha = " : "uncorrected, alpha = ") + a,
            runs[k].history.cost, shown, k % 2 == 1));
    }
    cost.series.push_back(floor_series(J_ols, shown));
    figures.push_back(write_chart(out / "bias-correction-diabetes.svg", cost));
    return 0;
}

// ---- 3. Where eps sits ----------------------------------------------------------------

int section_eps(const Options& o, const adam::Hyper& hyper, const gradient_descent::Dataset<double>& data) {
    const double root_eps = std::sqrt(o.eps);
    std::printf("3. Where eps sits. At t = 1 (corrected) v_corrected = dtheta and s_corrected = "
                "dtheta^2, so\n   the first step is alpha |dtheta| / sqrt(dtheta^2 + eps) "
                "(inside, the notes) or\n   alpha |dtheta| / (|dtheta| + eps) (outside, "
                "torch.optim). First step / alpha:\n\n");
    adam::Hyper in = hyper, out_root = hyper, out_same = hyper;
    in.bias_correction = out_root.bias_correction = out_same.bias_correction = true;
    in.eps_placement = rmsprop::EpsPlacement::inside;
    out_root.eps_placement = out_same.eps_placement = rmsprop::EpsPlacement::outside;
    out_root.eps = root_eps;
    std::printf("  %10s %18s %18s %18s\n", "|dtheta|", ("inside, " + g_text(o.eps)).c_str(),
                ("outside, " + g_text(root_eps)).c_str(), ("outside, " + g_text(o.eps)).c_str());
    for (double g : {1e2, 1.0, 1e-2, 1e-4, 1e-6, 1e-8, 1e-10}) {
        std::printf("  %10.0e %18.6g %18.6g %18.6g\n", g, adam::first_step(in, g) / o.alpha,
                    adam::first_step(out_root, g) / o.alpha,
                    adam::first_step(out_same, g) / o.alpha);
    }
    const double g_small = root_eps * 1e-2;
    const double a_in = adam::first_step(in, g_small), a_out = adam::first_step(out_root, g_small);
    std::printf("\n  For |dtheta| >> sqrt(eps) = %g all three take the step alpha. For |dtheta| "
                "<< %g,\n  eps = %g inside the root acts like eps = %g outside it: both give "
                "alpha |dtheta| / %g\n  (at |dtheta| = %g they differ by %.2g%%), while eps = %g "
                "outside still takes full steps\n  of alpha on gradients that are almost 0. "
                "Near |dtheta| = sqrt(eps) they differ by up to\n  sqrt(2): sqrt(2 eps) against "
                "2 sqrt(eps).\n", root_eps, root_eps, o.eps, root_eps, root_eps, g_small,
                100 * std::abs(a_in / a_out - 1), o.eps);

    adam::Hyper run_in = hyper, run_out = hyper;
    run_in.eps_placement = rmsprop::EpsPlacement::inside;
    run_out.eps_placement = rmsprop::EpsPlacement::outside;
    adam::Adam<double> opt_in{.hyper = run_in}, opt_out{.hyper = run_out};
    const adam::Run r_in = gradient_descent::train_from_zero(data, opt_in, training(o), o.seed);
    const adam::Run r_out = gradient_descent::train_from_zero(data, opt_out, training(o), o.seed);
    if (r_in.history.diverged_at != 0) return diverged("Adam (eps inside)", r_in);
    if (r_out.history.diverged_at != 0) return diverged("Adam (eps outside)", r_out);
    double worst = 0;
    for (std::size_t j = 0; j < r_in.theta.size(); ++j) {
        worst = std::max(worst, std::abs(r_in.theta[j] - r_out.theta[j]));
    }
    std::printf("  On the diabetes data, after %zu epochs the smallest root mean square "
                "sqrt(s_corrected)\n  of any coordinate is %.3g, %s sqrt(eps) = %g. The two "
                "placements end at\n  J = %.10g (inside) and %.10g (outside); "
                "max |theta_inside - theta_outside|\n  = %.2g. eps matters only where "
                "gradients get as small as sqrt(eps).\n\n", o.epochs,
                adam::smallest_rms(opt_in),
                adam::smallest_rms(opt_in) > 100 * root_eps ? "far above" : "not far from",
                root_eps, r_in.history.cost.back(), r_out.history.cost.back(), worst);
    return 0;
}

// ---- 4. Training curves ---------------------------------------------------------------

void section_training(const Options& o, const gradient_descent::Dataset<double>& data,
                      const adam::Run& run, double J_ols, const std::vector<double>& theta_ols,
                      const std::filesystem::path& out,
                      std::vector<std::filesystem::path>& figures) {
    adam::Hyper notes;  // the notes' typical values: alpha 0.001, beta1 0.9, beta2 0.999
    notes.alpha = alpha_notes;
    const adam::Run slow =
        adam::train_method(Method::adam, data, alpha_notes, notes, training(o), o.seed);
    const std::size_t steps_per_epoch = gradient_descent::mini_batches(data.m(), o.batch_size).size();
    std::printf("4. Training on the diabetes data with mini-batches of m_t = %zu (%zu steps per "
                "epoch), with\n   the settings above, beside the notes' typical alpha = %g "
                "(cost J on all m examples):\n\n", o.batch_size, steps_per_epoch, alpha_notes);
    std::printf("  %6s %16s %16s\n", "epoch", ("alpha = " + g_text(o.alpha)).c_str(),
                ("alpha = " + g_text(alpha_notes)).c_str());
    for (std::size_t i : shown_epochs(o.epochs)) {
        std::printf("  %6zu %16.4f %16.4f\n", i, run.history.cost[i - 1],
                    slow.history.cost[i - 1]);
    }
    const std::size_t hit = gradient_descent::epochs_to_within(run.history.cost, J_ols, 1.01);
    const std::string reached =
        hit == 0 ? "J does not come within 1% of it in " + std::to_string(o.epochs) + " epochs"
                 : "J is within 1% of it from epoch " + std::to_string(hit) + " on";
    std::printf("\n  J(theta_ols) = %.4f. With alpha = %g, %s. At the end\n  J / J(theta_ols) "
                "= %.5f and ||theta - theta_ols|| = %.3f: the serum features s1 and s2\n  are "
                "nearly collinear, so J is almost flat along one direction and theta can be far\n"
                "  from theta_ols while J is close to J(theta_ols). With alpha = %g each "
                "coordinate moves\n  about %g per step: after %zu steps the intercept is %.3f "
                "of the %.2f it needs.\n\n", J_ols, o.alpha, reached.c_str(),
                run.history.cost.back() / J_ols, gradient_descent::distance(run.theta, theta_ols),
                alpha_notes, alpha_notes, run.history.steps, slow.theta[0], theta_ols[0]);

    plot::LineChart chart{.title = "Adam on the diabetes data: cost per epoch",
                          .x_label = "epoch",
                          .y_label = "cost J (log scale)",
                          .series = {},
                          .log_y = true};
    chart.series.push_back(cost_series(method_label("Adam", o.alpha), run.history.cost,
                                       o.epochs));
    chart.series.push_back(cost_series(method_label("Adam", alpha_notes) +
                                           " (the notes' value)",
                                       slow.history.cost, o.epochs));
    chart.series.push_back(floor_series(J_ols, o.epochs));
    std::printf("%s\n", plot::terminal_chart(chart).c_str());
    // Room above the curves for the legend: the alpha = 0.001 line runs along the top.
    double top = J_ols;
    for (const auto& s : chart.series) {
        top = std::max(top, *std::max_element(s.y.begin(), s.y.end()));
    }
    chart.y_range = plot::Range{0.7 * J_ols, 4 * top};
    figures.push_back(write_chart(out / "cost-per-epoch.svg", chart));
}

// ---- 5. Side by side ------------------------------------------------------------------

void section_side_by_side(const Options& o, const adam::Hyper& hyper,
                          const gradient_descent::Dataset<double>& data, double J_ols,
                          const std::vector<double>& theta_ols, const std::filesystem::path& out,
                          std::vector<std::filesystem::path>& figures) {
    std::printf("5. All four methods side by side, with mini-batches: the same data, %zu epochs, "
                "m_t = %zu,\n   seed %llu (the same example order for all), theta = 0 at the "
                "start. Momentum has\n   beta = beta1 = %g; RMSprop has beta2 = %g and eps = %g "
                "%s; Adam has the beta1, beta2,\n   eps and bias correction set above. Each "
                "method's alpha is the one of the grid below with\n   the lowest final cost "
                "(runs that diverged are out). Final cost J for each alpha:\n\n",
                o.epochs, o.batch_size, static_cast<unsigned long long>(o.seed), o.beta1,
                o.beta2, o.eps,
                hyper.eps_placement == rmsprop::EpsPlacement::inside ? "inside" : "outside");
    std::printf("  %-14s", "alpha");
    for (double a : alpha_grid) std::printf(" %6g ", a);
    std::printf("\n");
    std::vector<adam::Pick> picks;
    for (Method m : adam::all_methods) {
        picks.push_back(adam::pick_alpha(m, data, alpha_grid, hyper, training(o), o.seed));
        std::printf("  %-14s", training_name(m).c_str());
        for (std::size_t k = 0; k < picks.back().runs.size(); ++k) {
            const auto& h = picks.back().runs[k].history;
            std::printf(" %6s%c", h.diverged_at != 0 ? "div." : cost_text(h.cost.back()).c_str(),
                        k == picks.back().picked ? '*' : ' ');
        }
        std::printf("\n");
    }
    std::printf("  (* = picked; div. = diverged, the cost became Inf or NaN)\n\n");

    std::printf("  %-14s %8s %14s %12s %16s %16s\n", "method", "alpha", "final J",
                "J / J_ols", "epochs to 1%", "||theta-theta_ols||");
    plot::LineChart chart{.title = "Four methods on the diabetes data, same budget, each at "
                                   "its best alpha",
                          .x_label = "epoch",
                          .y_label = "cost J (log scale)",
                          .series = {},
                          .log_y = true};
    for (std::size_t k = 0; k < picks.size(); ++k) {
        const std::string name = training_name(adam::all_methods[k]);
        if (!picks[k].found()) {
            std::printf("  %-14s every alpha of the grid diverged\n", name.c_str());
            continue;
        }
        const adam::Run& r = picks[k].best();
        std::printf("  %-14s %8g %14.4f %12.6f %16s %16.3f\n", name.c_str(), r.alpha,
                    r.history.cost.back(), r.history.cost.back() / J_ols,
                    epochs_text(gradient_descent::epochs_to_within(r.history.cost, J_ols, 1.01)).c_str(),
                    gradient_descent::distance(r.theta, theta_ols));
        chart.series.push_back(cost_series(method_label(name, r.alpha),
                                           r.history.cost, o.epochs));
    }
    chart.series.push_back(floor_series(J_ols, o.epochs));
    for (std::size_t k = 0; k < picks.size(); ++k) {
        const std::size_t last = std::size(alpha_grid) - 1;
        if (picks[k].found() && (picks[k].picked == 0 || picks[k].picked == last)) {
            std::printf("  (%s's alpha is at the %s end of the grid: a %s alpha may do "
                        "better.)\n", training_name(adam::all_methods[k]).c_str(),
                        picks[k].picked == 0 ? "low" : "high",
                        picks[k].picked == 0 ? "smaller" : "larger");
        }
    }
    // Why the adaptive methods arrive later here: the size of the first steps.
    const std::size_t a = 0, d = 3;  // GD and Adam
    if (picks[a].found() && picks[d].found()) {
        std::vector<double> dtheta(data.p());
        const std::vector<double> zero(data.p(), 0.0);
        gradient_descent::gradient<double>(zero, data, gradient_descent::all_examples(data), dtheta);
        const double alpha_gd = picks[a].best().alpha, alpha_adam = picks[d].best().alpha;
        const double need = std::abs(theta_ols[0]) / alpha_adam;
        double worst = 0;
        for (const auto& p : picks) {
            if (p.found()) worst = std::max(worst, p.best().history.cost.back() / J_ols - 1);
        }
        std::printf("\n  J(theta_ols) = %.4f. The four end within %.2g%% of it; they differ in "
                    "how fast they\n  get there. At theta = 0 the intercept's gradient is "
                    "%.2f: GD's step on it is\n  alpha |dtheta| = %.3g, long while far away. "
                    "Adam's step is about alpha = %g whatever\n  |dtheta| is, so the intercept "
                    "(%.2f away) needs at least %.0f steps = %.0f epochs.\n  The features are "
                    "standardized, so one alpha suits every coordinate and RMSprop's\n  and "
                    "Adam's per-coordinate scaling has little to fix; their strength is a step "
                    "of about\n  alpha whatever the gradient's scale (section 1), for "
                    "parameters whose gradients differ\n  by orders of magnitude, as the "
                    "layers of a deep network do.\n\n",
                    J_ols, 100 * worst, dtheta[0], alpha_gd * std::abs(dtheta[0]), alpha_adam,
                    std::abs(theta_ols[0]), std::ceil(need),
                    std::ceil(need / double(gradient_descent::mini_batches(data.m(), o.batch_size).size())));
    }
    figures.push_back(write_chart(out / "side-by-side.svg", chart));
}

int run(const Options& o) {
    const gradient_descent::Dataset<double> data = gradient_descent::load_standardized_regression(o.data);

    const adam::Hyper hyper{.alpha = o.alpha, .beta1 = o.beta1, .beta2 = o.beta2, .eps = o.eps,
                            .eps_placement = o.eps_placement == "inside"
                                                 ? rmsprop::EpsPlacement::inside
                                                 : rmsprop::EpsPlacement::outside,
                            .bias_correction = o.bias_correction};
    const bool inside = hyper.eps_placement == rmsprop::EpsPlacement::inside;

    std::printf("Adam: momentum's average of dtheta divided by RMSprop's root mean square\n\n");
    std::printf("settings  beta1 = %g, beta2 = %g, eps = %g (%s the root), bias correction %s, "
                "seed = %llu\n", o.beta1, o.beta2, o.eps, inside ? "inside" : "outside",
                o.bias_correction ? "on" : "off", static_cast<unsigned long long>(o.seed));
    std::printf("          quadratic: alpha = %g, %zu steps; Rosenbrock: alpha = %g, %zu steps\n",
                o.quadratic.alpha, o.quadratic.steps, o.rosenbrock.alpha, o.rosenbrock.steps);
    std::printf("          diabetes: alpha = %g, %zu epochs, m_t = %zu\n", o.alpha, o.epochs,
                o.batch_size);
    std::printf("data      %s: m = %zu examples, %zu features, standardized, plus the "
                "intercept x_0 = 1\n\n", std::filesystem::path(o.data).filename().c_str(),
                data.m(), data.p() - 1);
    std::printf("The update (adam::AdamRule in chapters/05-adam/adam.hpp), t = 1, 2, ...:\n"
                "  v := beta1 v + (1 - beta1) dtheta          momentum's average of dtheta\n"
                "  s := beta2 s + (1 - beta2) dtheta^2        RMSprop's average of dtheta^2\n"
                "  v_corrected = v / (1 - beta1^t)     s_corrected = s / (1 - beta2^t)%s\n"
                "  theta := theta - alpha v_corrected / %s\n\n",
                o.bias_correction ? "" : "   (off)",
                inside ? "sqrt(s_corrected + eps)" : "(sqrt(s_corrected) + eps)");

    // The run with the user's settings first: if it diverges, say so and stop.
    adam::Adam<double> optimizer{.hyper = hyper};
    const adam::Run main_run = gradient_descent::train_from_zero(data, optimizer, training(o), o.seed);
    if (main_run.history.diverged_at != 0) return diverged("Adam", main_run);

    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    const double J_ols = gradient_descent::cost<double>(theta_ols, data, gradient_descent::all_examples(data));
    const std::filesystem::path out = o.out;
    std::vector<std::filesystem::path> figures;

    section_paths(o, hyper, out, figures);
    if (int rc = section_bias_correction(o, hyper, data, J_ols, out, figures)) return rc;
    if (int rc = section_eps(o, hyper, data)) return rc;
    section_training(o, data, main_run, J_ols, theta_ols, out, figures);
    section_side_by_side(o, hyper, data, J_ols, theta_ols, out, figures);

    plot::print_figures(figures);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-adam",
                    "Adam: momentum plus RMSprop with bias-corrected moments, on two 2-D "
                    "functions and the diabetes regression (chapter 5 of the notes).");
    cli.flag("alpha", o.alpha, "Adam's learning rate alpha on the diabetes data: about the "
             "size of a step in each coordinate", common::above(0.0));
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
    gradient_descent::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data);
    cli.flag("out", o.out, "folder for the SVG figures");
    cli.parse_or_exit(argc, argv);
    return cli.run([&] { return run(o); });
}
