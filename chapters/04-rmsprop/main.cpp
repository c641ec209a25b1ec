// chapter-rmsprop: RMSprop beside plain gradient descent and momentum, on the elongated
// quadratic, on Rosenbrock's valley and on the diabetes regression; what eps inside or
// outside the square root changes; why beta2 matters without bias correction.
// Run: make chapter-rmsprop ARGS="--beta2 0.9"   (--help lists the flags)
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/io/cli.hpp"
#include "common/functions_2d.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/03-momentum/momentum.hpp"
#include "chapters/04-rmsprop/rmsprop.hpp"
#include "common/io/plot.hpp"
#include "chapters/01-gradient-descent/train.hpp"
#include "rmsprop.hpp"

namespace plot = common::plot;
using common::Path2d;

namespace {

struct Options {
    double alpha = 1;  // RMSprop on the diabetes data
    double beta2 = 0.99;
    double eps = 1e-8;
    std::string eps_placement = "inside";
    common::PathSettings quadratic{.alpha = 0.1, .steps = 50};      // RMSprop's paths
    common::PathSettings rosenbrock{.alpha = 5e-3, .steps = 3000};
    std::size_t epochs = 100;
    std::size_t batch_size = 64;
    std::uint64_t seed = 1;
    std::string data = CHAPTER_DIR "/data/diabetes.csv";
    std::string out = FIGURE_DIR;
};

rmsprop::Hyper hyper(const Options& o, double alpha) {
    return {.alpha = alpha, .beta2 = o.beta2, .eps = o.eps,
            .eps_placement = o.eps_placement == "inside" ? rmsprop::EpsPlacement::inside
                                                         : rmsprop::EpsPlacement::outside};
}

// The step numbers worth a table row: 1, 2, 3, 5, 10, 20, 50, ... up to `last`.
std::vector<std::size_t> rows_up_to(std::size_t last, std::vector<std::size_t> wanted) {
    std::erase_if(wanted, [&](std::size_t k) { return k > last; });
    return wanted;
}

std::string reached(const std::optional<std::size_t>& k) {
    return k ? "step " + std::to_string(*k) : "never";
}

// A log-scale y range from the power of ten below the lowest value to the highest. Chosen for
// how the figures read, not needed for the ticks: the cost curves get a labelled 1000 below
// the floor J(theta_ols) = 1430 (from the data alone only 2000 and 5000 are labelled), and
// the effective rates get room below their lines for the legend.
std::optional<plot::Range> decade_range(const plot::LineChart& chart) {
    double lo = INFINITY, hi = 0;
    for (const auto& s : chart.series) {
        for (double y : s.y) {
            if (std::isfinite(y) && y > 0) lo = std::min(lo, y), hi = std::max(hi, y);
        }
    }
    if (!(hi > 0)) return std::nullopt;
    return plot::Range{std::pow(10.0, std::floor(std::log10(lo))), hi * 1.05};
}

// A path that stopped early (theta overflowed) or whose f is no longer finite.
bool left_range(const common::Function2d& fn, const Path2d& path, std::size_t steps) {
    const auto& e = path.back();
    return common::overflowed(path, steps) || !std::isfinite(fn.f(e[0], e[1]));
}

// One line for a path that left the range of a double, and the exit status 1.
int path_overflow(const common::Function2d& fn, const std::string& flag, double alpha,
                  double beta2, std::size_t points, double default_alpha) {
    std::fprintf(stderr,
                 "chapter-rmsprop: RMSprop's path on %s overflowed after %zu step(s) with alpha "
                 "= %g: each step moves a coordinate by up to alpha / sqrt(1 - beta2) = %g; try "
                 "%s %g.\n", fn.name.c_str(), points - 1, alpha, alpha / std::sqrt(1 - beta2),
                 flag.c_str(), default_alpha);
    return 1;
}

// A table cell: x in `format`, in %.3e once it is too long for a column, "diverged" if it
// is Inf or NaN.
std::string number(double x, const char* format) {
    if (!std::isfinite(x)) return "diverged";
    char buf[64];
    std::snprintf(buf, sizeof buf, std::abs(x) < 1e9 ? format : "%.3e", x);
    return buf;
}

struct Paths {
    Path2d gd, momentum, rmsprop;
    std::vector<rmsprop::Step2d> trace;  // RMSprop's theta, dtheta and s at each step
};

Paths run_paths(const rmsprop::PathSetup& p, const rmsprop::Hyper& h, std::size_t steps) {
    Paths r;
    gradient_descent::Sgd<double> gd{.hyper = {.alpha = p.alpha_gd}};
    momentum::Momentum<double> momentum{.hyper = {.alpha = p.alpha_gd, .beta = p.beta}};
    r.gd = common::path_2d(p.fn, gd, steps);
    r.momentum = common::path_2d(p.fn, momentum, steps);
    r.trace = rmsprop::trace_2d(p.fn, h, steps);
    r.rmsprop = {p.fn.start};
    for (const auto& s : r.trace) r.rmsprop.push_back(s.theta);
    return r;
}

// Where each path ended and when it first came within 0.1 of the minimum.
void print_outcome(const rmsprop::PathSetup& p, double alpha_rmsprop, const Paths& r) {
    std::printf("  %-28s %14s %22s %12s\n", "method", "within 0.1 at", "end point (x, y)",
                "f(end)");
    const auto row = [&](const std::string& label, const Path2d& path) {
        const auto& e = path.back();
        char end[64];
        std::snprintf(end, sizeof end, "(%.4g, %.4g)", e[0], e[1]);
        std::printf("  %-28s %14s %22s %12.3e\n", label.c_str(),
                    reached(common::steps_to_reach(p.fn, path, 0.1)).c_str(), end,
                    p.fn.f(e[0], e[1]));
    };
    char label[64];
    std::snprintf(label, sizeof label, "GD, alpha = %g", p.alpha_gd);
    row(label, r.gd);
    std::snprintf(label, sizeof label, "momentum, alpha = %g", p.alpha_gd);
    row(label, r.momentum);
    std::snprintf(label, sizeof label, "RMSprop, alpha = %g", alpha_rmsprop);
    row(label, r.rmsprop);
}

// The paths over fn's contour lines, each drawn with its points at least `gap` apart (0: every
// point): a marker at each of 3000 steps would paint one thick line over the others.
plot::ContourPlot contour(const rmsprop::PathSetup& p, double alpha_rmsprop, const Paths& r,
                          double gap, const std::string& title) {
    char gd[48], momentum[64], rms[48];
    std::snprintf(gd, sizeof gd, "GD, alpha = %g", p.alpha_gd);
    std::snprintf(momentum, sizeof momentum, "momentum, alpha = %g, beta = %g", p.alpha_gd,
                  p.beta);
    std::snprintf(rms, sizeof rms, "RMSprop, alpha = %g", alpha_rmsprop);
    std::vector<plot::Series> paths = {
        common::path_series(gd, common::thinned(r.gd, gap)),
        common::path_series(momentum, common::thinned(r.momentum, gap)),
        common::path_series(rms, common::thinned(r.rmsprop, gap))};
    // Where GD stopped, in case RMSprop's path, drawn later on the same valley, hides it.
    const double end_x = r.gd.back()[0], end_y = r.gd.back()[1];
    if (common::distance_to_minimum(p.fn, r.gd.back()) > 0.1) {
        paths.push_back({.label = "where GD stopped", .x = {end_x}, .y = {end_y},
                         .markers = true});
    }
    return common::contour_with_paths(p.fn, title, std::move(paths));
}

int run(const Options& o) {
    // The data first, so a bad file stops the program before anything is printed.
    const gradient_descent::Dataset<double> data = gradient_descent::load_standardized_regression(o.data);
    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    const double J_ols = gradient_descent::cost<double>(theta_ols, data, gradient_descent::all_examples(data));
    const rmsprop::Hyper h = hyper(o, o.quadratic.alpha);
    const rmsprop::Hyper hd = hyper(o, o.alpha);
    std::printf("RMSprop: s := beta2 s + (1 - beta2) dtheta^2,  theta := theta - alpha dtheta / "
                "%s\n\n", h.eps_placement == rmsprop::EpsPlacement::inside ? "sqrt(s + eps)"
                                                                          : "(sqrt(s) + eps)");
    std::printf("settings  beta2 = %g, eps = %g (%s the root), seed = %llu\n", o.beta2, o.eps,
                rmsprop::name(h.eps_placement), static_cast<unsigned long long>(o.seed));
    std::printf("          quadratic: alpha = %g, %zu steps; Rosenbrock: alpha = %g, %zu steps\n",
                o.quadratic.alpha, o.quadratic.steps, o.rosenbrock.alpha, o.rosenbrock.steps);
    std::printf("          diabetes: alpha = %g, %zu epochs, m_t = %zu\n", o.alpha,
                o.epochs, o.batch_size);
    std::printf("          beside it, as in chapter 03: plain GD and momentum (beta = 0.9)\n\n");

    // ---- 1. The elongated quadratic --------------------------------------------------
    const rmsprop::PathSetup quad = rmsprop::quadratic_setup();
    const Paths q = run_paths(quad, h, o.quadratic.steps);
    const std::size_t long_run = 5000;  // to show where a constant alpha ends
    const std::vector<rmsprop::Step2d> far = rmsprop::trace_2d(quad.fn, h, long_run);
    Path2d far_path = {quad.fn.start};
    for (const auto& step : far) far_path.push_back(step.theta);
    for (const auto& [path, steps] : {std::pair{q.rmsprop, o.quadratic.steps},
                                      std::pair{far_path, long_run}}) {
        if (left_range(quad.fn, path, steps)) {
            return path_overflow(quad.fn, "--quadratic-alpha", o.quadratic.alpha, o.beta2,
                                 path.size(), Options{}.quadratic.alpha);
        }
    }
    std::printf("1. %s, from (%g, %g), %zu steps\n\n", quad.fn.name.c_str(), quad.fn.start[0],
                quad.fn.start[1], o.quadratic.steps);
    std::printf("dtheta = (0.2 x, 4 y): y is 20 times as steep as x. Plain GD (alpha = %g) "
                "moves each\ncoordinate by alpha times its gradient, so y jumps across the "
                "valley while x crawls:\n\n", quad.alpha_gd);
    const Path2d gd_steps = rmsprop::step_lengths(q.gd);
    const Path2d rms_steps = rmsprop::step_lengths(q.rmsprop);  // lengths of RMSprop's steps
    std::printf("  %6s %10s %10s %11s %11s %10s\n", "step k", "x", "y", "|dx|", "|dy|",
                "|dy|/|dx|");
    for (std::size_t k : rows_up_to(gd_steps.size(), {1, 2, 3, 5, 10, 20})) {
        const auto& d = gd_steps[k - 1];
        std::printf("  %6zu %10.4f %10.4f %11.3e %11.3e %10.3g\n", k, q.gd[k][0], q.gd[k][1],
                    d[0], d[1], d[1] / d[0]);
    }
    std::printf("\nRMSprop (alpha = %g) divides each coordinate's step by its own root mean "
                "square sqrt(s):\nthe effective learning rate alpha / sqrt(s + eps) is small "
                "where the gradient is large.\n\n", o.quadratic.alpha);
    std::printf("  %6s %10s %10s %11s %11s %11s %11s %10s\n", "step k", "x", "y",
                "alpha_x", "alpha_y", "|dx|", "|dy|", "|dy|/|dx|");
    for (std::size_t k : rows_up_to(q.trace.size(), {1, 2, 3, 5, 10, 20})) {
        const auto& t = q.trace[k - 1];
        const auto& d = rms_steps[k - 1];
        std::printf("  %6zu %10.4f %10.4f %11.3e %11.3e %11.3e %11.3e %10.3g\n", k, t.theta[0],
                    t.theta[1], rmsprop::effective_alpha(h, t.s[0]),
                    rmsprop::effective_alpha(h, t.s[1]), d[0], d[1], d[1] / d[0]);
    }
    std::printf("  (alpha_x = alpha / sqrt(s_x + eps), the learning rate x really gets; "
                "alpha_y the same for y)\n\n");
    std::printf("Step 1 moves both coordinates by alpha / sqrt(1 - beta2) = %.3g: after it "
                "s = (1 - beta2) dtheta^2,\nso the step alpha dtheta / sqrt(s + eps) has the "
                "same size whatever the gradient.\n\n",
                o.quadratic.alpha / std::sqrt(1 - o.beta2));
    const auto [lambda_x, lambda_y] = rmsprop::quadratic_curvature;
    const std::size_t k = std::min<std::size_t>(10, q.trace.size());
    const double rate_x = rmsprop::effective_alpha(h, q.trace[k - 1].s[0]) * lambda_x;
    const double rate_y = rmsprop::effective_alpha(h, q.trace[k - 1].s[1]) * lambda_y;
    std::printf("How fast a coordinate converges is set by its effective learning rate times "
                "its\ncurvature (%g along x, %g along y): each step multiplies it by about 1 - "
                "alpha lambda.\n", lambda_x, lambda_y);
    std::printf("  plain GD        alpha lambda = %.3g along x, %.3g along y: %.3g times apart; "
                "y changes\n                  sign at %zu of %zu steps (1 - %.3g = %.3g), x "
                "shrinks by only %.3g per step\n", quad.alpha_gd * lambda_x,
                quad.alpha_gd * lambda_y, lambda_y / lambda_x,
                common::crossings(quad.fn, q.gd, 1), q.gd.size() - 1, quad.alpha_gd * lambda_y,
                1 - quad.alpha_gd * lambda_y, 1 - quad.alpha_gd * lambda_x);
    std::printf("  RMSprop, k = %-2zu alpha_x lambda_x = %.3g, alpha_y lambda_y = %.3g: %.3g times "
                "apart;\n                  y changes sign at %zu of %zu steps\n", k, rate_x,
                rate_y, rate_y / rate_x, common::crossings(quad.fn, q.rmsprop, 1),
                q.rmsprop.size() - 1);
    std::printf("RMSprop's effective rates undo most of the 20-fold difference in curvature, so "
                "x and y\nshrink at similar rates and the path heads for the minimum instead of "
                "zig-zagging\nacross the valley and crawling along it.\n\n");
    print_outcome(quad, o.quadratic.alpha, q);

    // Run on: a constant alpha does not settle.
    std::printf("\nRun on, RMSprop does not stay at the minimum. Distance to (0, 0) after k "
                "steps:\n\n  %6s", "k");
    const std::vector<std::size_t> ks = rows_up_to(far.size(), {50, 200, 500, 1000, 2000, 5000});
    for (std::size_t step : ks) std::printf(" %10zu", step);
    std::printf("\n  %6s", "dist.");
    for (std::size_t step : ks) {
        std::printf(" %10.3g", common::distance_to_minimum(quad.fn, far_path[step]));
    }
    std::printf("\n\nNear the minimum the gradient shrinks and s forgets the larger gradients "
                "of about\n1 / (1 - beta2) = %.0f steps before, so alpha / sqrt(s + eps) grows "
                "and the steps stop\nshrinking. ", 1 / (1 - o.beta2));
    const auto& last = far.back().theta;
    const double a_x = rmsprop::hop_amplitude(o.quadratic.alpha, o.eps, lambda_x);
    const double a_y = rmsprop::hop_amplitude(o.quadratic.alpha, o.eps, lambda_y);
    if (h.eps_placement == rmsprop::EpsPlacement::inside && far.size() == long_run &&
        std::abs(std::abs(last[0]) - a_x) < 1e-3 * o.quadratic.alpha &&
        std::abs(std::abs(last[1]) - a_y) < 1e-3 * o.quadratic.alpha) {
        std::printf("After %zu steps each coordinate hops between +a and -a, a step of 2a "
                    "each\ntime with dtheta / sqrt(s + eps) = +-1 nearly: |x| = %.7f and |y| = "
                    "%.7f,\nwhere a = sqrt(alpha^2 / 4 - eps / lambda^2) = %.7f and %.7f, about "
                    "alpha / 2.\nA constant alpha sets how close RMSprop gets; chapter 06 lets "
                    "alpha decay.\n\n", long_run, std::abs(last[0]), std::abs(last[1]), a_x,
                    a_y);
    } else {
        std::printf("A constant alpha sets how close RMSprop gets; chapter 06 lets alpha "
                    "decay.\n\n");
    }

    // ---- 2. Rosenbrock ----------------------------------------------------------------
    const rmsprop::PathSetup rosen = rmsprop::rosenbrock_setup();
    const rmsprop::Hyper hr = hyper(o, o.rosenbrock.alpha);
    const Paths r = run_paths(rosen, hr, o.rosenbrock.steps);
    if (left_range(rosen.fn, r.rmsprop, o.rosenbrock.steps)) {
        return path_overflow(rosen.fn, "--rosenbrock-alpha", o.rosenbrock.alpha, o.beta2,
                             r.rmsprop.size(), Options{}.rosenbrock.alpha);
    }
    std::printf("2. %s, from (%g, %g), %zu steps\n\n", rosen.fn.name.c_str(),
                rosen.fn.start[0], rosen.fn.start[1], o.rosenbrock.steps);
    std::printf("The valley's walls are steep (curvature about 2100 at the start), so GD "
                "needs alpha <= %g\nand then crawls along the nearly flat floor. RMSprop's "
                "step is about alpha in each\ncoordinate whatever the curvature, so it can run "
                "at alpha = %g:\n\n", rosen.alpha_gd, o.rosenbrock.alpha);
    print_outcome(rosen, o.rosenbrock.alpha, r);
    double longest = 0;
    for (const auto& d : rmsprop::step_lengths(r.rmsprop)) {
        longest = std::max({longest, d[0], d[1]});
    }
    std::printf("\nRMSprop's longest step in any coordinate: %.3g (at most alpha / sqrt(1 - "
                "beta2) = %.3g).\nThe valley bends, so its steep direction is not along x or "
                "y: rescaling each axis\nhelps less here than on the quadratic, whose valley "
                "lies along an axis.\n\n", longest,
                o.rosenbrock.alpha / std::sqrt(1 - o.beta2));

    // ---- 3. Diabetes ------------------------------------------------------------------
    std::printf("3. Training curves: %s, m = %zu examples, %zu features (standardized) plus "
                "x_0 = 1\n\n", std::filesystem::path(o.data).filename().c_str(), data.m(),
                data.p() - 1);
    gradient_descent::Sgd<double> gd{.hyper = {.alpha = rmsprop::diabetes_alpha_gd}};
    momentum::Momentum<double> momentum{
        .hyper = {.alpha = rmsprop::diabetes_alpha_gd, .beta = rmsprop::diabetes_beta}};
    rmsprop::RmsProp<double> rms{.hyper = hd};
    char label[3][48];
    std::snprintf(label[0], 48, "GD (alpha %g)", rmsprop::diabetes_alpha_gd);
    std::snprintf(label[1], 48, "momentum (alpha %g)", rmsprop::diabetes_alpha_gd);
    std::snprintf(label[2], 48, "RMSprop (alpha %g)", o.alpha);
    const std::vector<std::string> labels = {label[0], label[1], label[2]};
    // The same seed: all three see the same mini-batches. `rms` keeps its s for below.
    const gradient_descent::TrainOptions options{.epochs = o.epochs, .batch_size = o.batch_size};
    const std::vector<gradient_descent::Run<double>> runs = {
        gradient_descent::train_from_zero(data, gd, options, o.seed),
        gradient_descent::train_from_zero(data, momentum, options, o.seed),
        gradient_descent::train_from_zero(data, rms, options, o.seed)};
    // RMSprop diverging stops the program; plain GD or momentum diverging is part of the
    // lesson (their alpha is chapter 03's, fixed): say so and go on.
    const auto& rms_hist = runs[2].history;
    if (rms_hist.diverged_at != 0) {
        std::fprintf(stderr,
                     "chapter-rmsprop: RMSprop diverged on the diabetes data: the cost became %s "
                     "at epoch %zu with alpha = %g. Each step moves a coordinate by up to alpha "
                     "/ sqrt(1 - beta2) = %g; try --alpha %g.\n",
                     std::isnan(rms_hist.cost.back()) ? "NaN" : "Inf", rms_hist.diverged_at,
                     double(rms_hist.diverged_alpha),
                     rms_hist.diverged_alpha / std::sqrt(1 - o.beta2), Options{}.alpha);
        return 1;
    }
    const auto diverged = [](const gradient_descent::Run<double>& run) {
        return run.history.diverged_at != 0;
    };
    std::printf("J(theta_ols) = %.4f is the floor (least squares). The same seed gives all "
                "three the same\nmini-batches. Cost J on all m examples after each epoch:\n\n",
                J_ols);
    std::printf("  %6s", "epoch");
    for (const std::string& label : labels) std::printf(" %20s", label.c_str());
    std::printf("\n");
    std::vector<std::size_t> shown = rows_up_to(o.epochs, {1, 2, 5, 10, 20, 50, 100, 200, 500,
                                                           1000});
    if (shown.empty() || shown.back() != o.epochs) shown.push_back(o.epochs);
    for (std::size_t i : shown) {
        std::printf("  %6zu", i);
        for (const auto& run : runs) {
            const auto& c = run.history.cost;
            std::printf(" %20s", i <= c.size() ? number(c[i - 1], "%.4f").c_str() : "diverged");
        }
        std::printf("\n");
    }
    std::printf("  %6s", "dist.");
    for (const auto& run : runs) {
        const double d = diverged(run) ? NAN : gradient_descent::distance(run.theta, theta_ols);
        std::printf(" %20s", number(d, "%.4f").c_str());
    }
    std::printf("\n");
    std::printf("  %6s", "1%");
    for (const auto& run : runs) {
        const std::size_t hit = gradient_descent::epochs_to_within(run.history.cost, J_ols, 1.01);
        std::printf(" %20s", hit == 0 ? "never" : std::to_string(hit).c_str());
    }
    std::printf("\n  (dist. = ||theta - theta_ols|| after the last epoch; 1%% = the first "
                "epoch with\n   J <= 1.01 J(theta_ols))\n\n");
    std::string blew_up;
    for (std::size_t k = 0; k < runs.size(); ++k) {
        if (!diverged(runs[k])) continue;
        blew_up += (blew_up.empty() ? "" : " and ") + labels[k] + " at epoch " +
                   std::to_string(runs[k].history.diverged_at);
    }
    if (!blew_up.empty()) {
        std::printf("Diverged: %s.\nAt chapter 03's alpha = %g, mini-batches of m_t = %zu "
                    "are too noisy for plain steps\nalpha dtheta. RMSprop's steps stay below "
                    "alpha / sqrt(1 - beta2) per coordinate however\nlarge the gradient, so it "
                    "does not blow up. (--batch-size 8 or more keeps all three\nfinite.)\n\n",
                    blew_up.c_str(), rmsprop::diabetes_alpha_gd, o.batch_size);
    }

    double mean_y = 0;
    for (double y : data.y) mean_y += y / double(data.m());
    std::printf("How they start: GD's step is alpha times the gradient, and at theta = 0 the "
                "intercept's\ngradient is about -mean(y) = %.1f, so GD's first step moves "
                "theta_0 by about %.3g.\nRMSprop moves every coordinate by about alpha / sqrt(1 "
                "- beta2) = %.3g at first, then less\nas s catches up: theta_0 (%.1f at the "
                "optimum) travels at a pace set by alpha, not by\nits gradient. theta_0 after "
                "epoch 1:\n", -mean_y, rmsprop::diabetes_alpha_gd * mean_y,
                o.alpha / std::sqrt(1 - o.beta2), theta_ols[0]);
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const double theta_0 = runs[k].history.theta.front()[0];
        std::printf("  %-20s %8s\n", labels[k].c_str(), number(theta_0, "%.1f").c_str());
    }
    double lo = INFINITY, hi = 0;
    for (double s : rms.s) {
        lo = std::min(lo, rmsprop::effective_alpha(hd, s));
        hi = std::max(hi, rmsprop::effective_alpha(hd, s));
    }
    double diag_lo = INFINITY, diag_hi = 0;  // the Hessian X X^T / m's diagonal
    for (std::size_t j = 0; j < data.p(); ++j) {
        double sum = 0;
        for (double x : data.X.row(j)) sum += x * x / double(data.m());
        diag_lo = std::min(diag_lo, sum), diag_hi = std::max(diag_hi, sum);
    }
    const auto& gd_run = runs[0];
    const auto& rms_run = runs[2];
    // The features where RMSprop's theta is farthest from theta_ols, farthest first.
    std::vector<std::size_t> order(data.p());
    for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return std::abs(rms_run.theta[a] - theta_ols[a]) >
               std::abs(rms_run.theta[b] - theta_ols[b]);
    });
    std::string farthest;
    for (std::size_t k = 0; k < std::min<std::size_t>(4, order.size()); ++k) {
        farthest += (k ? ", " : "") + data.features[order[k]];
    }
    char curvature[64];
    if (diag_hi - diag_lo < 1e-9 * diag_hi) {
        std::snprintf(curvature, sizeof curvature, "is %.3g for every one", diag_hi);
    } else {
        std::snprintf(curvature, sizeof curvature, "lies between %.3g and %.3g", diag_lo,
                      diag_hi);
    }
    std::printf("\nWhere it ends: RMSprop's effective learning rates alpha / sqrt(s + eps) lie "
                "between %.3g\nand %.3g for the %zu coordinates after the last epoch. The "
                "curvature of J along each\ncoordinate (the diagonal of the Hessian X X^T / m) "
                "%s: the features\nare standardized, so there is little for a per-coordinate "
                "scale to even out, and\nRMSprop ends up much like GD with one alpha of about "
                "%.2g.\n", lo, hi, rms.s.size(), curvature, std::sqrt(lo * hi));
    if (!diverged(gd_run)) {
        std::printf("Against GD at %g: J at the last epoch %.2f against %.2f, distance to "
                    "theta_ols\n%.2f against %.2f.\n", rmsprop::diabetes_alpha_gd,
                    rms_run.history.cost.back(), gd_run.history.cost.back(),
                    gradient_descent::distance(rms_run.theta, theta_ols),
                    gradient_descent::distance(gd_run.theta, theta_ols));
    }
    std::printf("RMSprop's theta is farthest from theta_ols in %s: correlated features,\nalong "
                "whose joint direction J is nearly flat; no per-axis scale straightens a "
                "valley\nthat does not lie along an axis. Rescaling each coordinate pays off "
                "where the coordinates'\nscales differ (part 1).\n\n", farthest.c_str());

    // ---- 4. Where eps sits -------------------------------------------------------------
    std::printf("4. eps inside or outside the square root\n\n");
    std::printf("The notes divide by sqrt(s + eps); torch.optim divides by sqrt(s) + eps. The "
                "first step\nfrom s = 0 (then s = (1 - beta2) g^2), in units of alpha, for a "
                "gradient of size |g|:\n\n");
    const auto with = [&](double eps, rmsprop::EpsPlacement p) {
        return rmsprop::Hyper{.alpha = 1, .beta2 = o.beta2, .eps = eps, .eps_placement = p};
    };
    const rmsprop::Hyper in8 = with(1e-8, rmsprop::EpsPlacement::inside);
    const rmsprop::Hyper out8 = with(1e-8, rmsprop::EpsPlacement::outside);
    const rmsprop::Hyper out4 = with(1e-4, rmsprop::EpsPlacement::outside);
    std::printf("  %8s %16s %16s %16s %14s\n", "|g|", "inside, 1e-8", "outside, 1e-8",
                "outside, 1e-4", "in8 / out4");
    for (int d = -8; d <= 0; ++d) {
        const double g = std::pow(10.0, d);
        const double a = rmsprop::first_step(in8, g), b = rmsprop::first_step(out8, g),
                     c = rmsprop::first_step(out4, g);
        std::printf("  %8.0e %16.6g %16.6g %16.6g %14.4f\n", g, a, b, c, a / c);
    }
    std::printf("  (in8 / out4 = inside, 1e-8 over outside, 1e-4)\n");
    const double g_cross = std::sqrt(1e-8 / (1 - o.beta2));
    std::printf("\nFor large |g| all three give alpha / sqrt(1 - beta2) = %.4g. For small |g|, "
                "eps = 1e-8\ninside acts like eps = 1e-4 outside, since sqrt(1e-8) = 1e-4: both "
                "damp the step to\nabout |g| / 1e-4, while eps = 1e-8 outside still takes "
                "nearly full steps on gradients\nas small as 1e-6. The two forms differ most, "
                "by sqrt(2) = 1.414, where (1 - beta2) g^2 = eps,\nat |g| = %.3g. So the same "
                "eps means different things in the two places: eps = 1e-8 from\na torch "
                "setting is not the notes' eps = 1e-8.\n\n", 1 / std::sqrt(1 - o.beta2),
                g_cross);

    // ---- 5. Why beta2 = 0.99 ----------------------------------------------------------
    std::printf("5. beta2 and the start from s = 0\n\n");
    std::printf("s starts at 0 and RMSprop has no bias correction, so with a steady gradient "
                "step t is\nalpha / sqrt(1 - beta2^t), larger than alpha until beta2^t is "
                "small:\n\n");
    std::printf("  %8s %10s %10s %10s %10s\n", "beta2", "t = 1", "t = 10", "t = 100",
                "t = 1000");
    for (double b2 : {0.9, 0.99, 0.999}) {
        std::printf("  %8g", b2);
        for (std::size_t t : {1, 10, 100, 1000}) {
            std::printf(" %10.3f", rmsprop::startup_factor(b2, t));
        }
        std::printf("\n");
    }
    std::printf("  (step t / alpha)\n\nThe default beta2 = 0.99 (torch.optim.RMSprop's "
                "default) averages dtheta^2 over about\n100 steps, and its inflated start is "
                "over after a few hundred. beta2 = 0.999, Adam's usual\nvalue, makes the first "
                "step 31.6 times alpha and is still 1.26 times at step 1000; Adam\ndivides s by "
                "1 - beta2^t for that reason (chapter 05). beta2 = 0.9, the value RMSprop was\n"
                "introduced with, forgets within about 10 steps, so s follows the latest "
                "gradients\nclosely. Try --beta2 0.9 and --beta2 0.999 and compare the paths "
                "and the curves.\n\n");

    // ---- Figures -------------------------------------------------------------------------
    const std::filesystem::path out = o.out;
    std::vector<std::filesystem::path> written;
    const auto write = [&](const std::string& file, const std::string& svg) {
        plot::write_svg(out / file, svg);
        written.push_back(out / file);
    };
    write("paths-elongated-quadratic.svg",
          plot::to_svg(contour(quad, o.quadratic.alpha, q, 0,
                               "GD, momentum and RMSprop on 0.1 x^2 + 2 y^2: " +
                                   std::to_string(o.quadratic.steps) + " steps")));
    write("paths-rosenbrock.svg",
          plot::to_svg(contour(rosen, o.rosenbrock.alpha, r, 0.04,
                               "GD, momentum and RMSprop on Rosenbrock's valley: " +
                                   std::to_string(o.rosenbrock.steps) + " steps")));

    // Effective learning rate times curvature, per coordinate and step: each step multiplies
    // the coordinate by about 1 - (this), so above 1 it overshoots and changes sign.
    plot::LineChart rates{.title = "Effective learning rate x curvature on 0.1 x^2 + 2 y^2 "
                                   "(above 1: overshoot)",
                          .x_label = "step k",
                          .y_label = "alpha_eff lambda (log scale)",
                          .series = {},
                          .log_y = true};
    const auto rate_series = [&](std::string label, std::size_t c, bool gd) {
        plot::Series s{.label = std::move(label), .x = {}, .y = {}, .dashed = c == 0};
        for (std::size_t k = 1; k <= q.trace.size(); ++k) {
            s.x.push_back(double(k));
            s.y.push_back(rmsprop::quadratic_curvature[c] *
                          (gd ? quad.alpha_gd : rmsprop::effective_alpha(h, q.trace[k - 1].s[c])));
        }
        return s;
    };
    rates.series = {rate_series("GD, x: alpha 0.2", 0, true),
                    rate_series("GD, y: alpha 4", 1, true),
                    rate_series("RMSprop, x: alpha_x 0.2", 0, false),
                    rate_series("RMSprop, y: alpha_y 4", 1, false)};
    rates.y_range = decade_range(rates);
    write("effective-rates-elongated-quadratic.svg", plot::to_svg(rates));

    plot::LineChart curves{.title = "Mini-batch training (m_t = " + std::to_string(o.batch_size) +
                                    ") on the diabetes data: cost per epoch",
                           .x_label = "epoch",
                           .y_label = "cost J (log scale)",
                           .series = {},
                           .log_y = true};
    for (std::size_t k = 0; k < runs.size(); ++k) {
        const auto& run = runs[k];
        plot::Series s{.label = labels[k], .x = {}, .y = {}};
        for (std::size_t i = 0; i < run.history.cost.size(); ++i) {
            s.x.push_back(double(i + 1));
            s.y.push_back(run.history.cost[i]);
        }
        curves.series.push_back(std::move(s));
    }
    curves.series.push_back({.label = "least squares", .x = {1.0, double(o.epochs)},
                             .y = {J_ols, J_ols}, .dashed = true});
    curves.y_range = decade_range(curves);
    std::printf("%s\n", plot::terminal_chart(curves).c_str());
    write("cost-per-epoch.svg", plot::to_svg(curves));

    plot::LineChart eps_chart{.title = "First RMSprop step from s = 0: eps inside or outside "
                                       "the root",
                              .x_label = "gradient |g| (log scale)",
                              .y_label = "first step / alpha (log scale)",
                              .series = {},
                              .log_x = true,
                              .log_y = true};
    const std::array<std::pair<const char*, rmsprop::Hyper>, 3> eps_cases = {{
        {"inside, eps = 1e-8 (the notes)", in8},
        {"outside, eps = 1e-8 (torch)", out8},
        {"outside, eps = 1e-4", out4}}};
    for (std::size_t c = 0; c < eps_cases.size(); ++c) {
        plot::Series s{.label = eps_cases[c].first, .x = {}, .y = {}, .dashed = c == 2};
        for (int i = 0; i <= 100; ++i) {
            const double g = std::pow(10.0, -10 + 0.11 * i);
            s.x.push_back(g);
            s.y.push_back(rmsprop::first_step(eps_cases[c].second, g));
        }
        eps_chart.series.push_back(std::move(s));
    }
    write("eps-placement.svg", plot::to_svg(eps_chart));

    plot::print_figures(written);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-rmsprop",
                    "RMSprop (chapter 4 of the notes) beside plain gradient descent and "
                    "momentum: paths on an elongated quadratic and on Rosenbrock's valley, "
                    "training curves on the diabetes regression, and what eps inside or "
                    "outside the square root changes.");
    cli.flag("alpha", o.alpha, "RMSprop's learning rate alpha on the diabetes data",
             common::above(0.0));
    cli.alias("lr", "alpha");
    cli.flag("beta2", o.beta2, "decay rate beta2 of s, the mean square of dtheta",
             common::half_open(0, 1));
    cli.flag("eps", o.eps, "eps, keeps the division finite where s is near 0",
             common::above(0.0));
    cli.choice("eps-placement", o.eps_placement, {"inside", "outside"},
               "inside: dtheta / sqrt(s + eps) (the notes); outside: dtheta / (sqrt(s) + eps) "
               "(torch)");
    common::add_path_flags(cli, "quadratic", "the elongated quadratic", "RMSprop's", o.quadratic);
    common::add_path_flags(cli, "rosenbrock", "Rosenbrock's function", "RMSprop's", o.rosenbrock);
    gradient_descent::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data);
    cli.flag("out", o.out, "folder for the SVG figures");
    cli.parse_or_exit(argc, argv);
    return cli.run([&] { return run(o); });
}
