// functions_2d.hpp: two-dimensional test functions on which an optimizer's path can be
// drawn over contour lines, the loop that records that path, and what is measured on it
// (distance to the minimum, steps to get near it, the zig-zag, an overflow), and the flags
// that set a path's alpha and length, named alike in every chapter that draws paths.
// Introduced in: chapters/03-momentum (RMSprop and Adam reuse the same problems, so
// their pictures sit side by side). f(x, y), its gradient, its minimum, a start point.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/io/cli.hpp"
#include "common/io/plot.hpp"

namespace common {

struct Function2d {
    std::string name;     // e.g. "f = 0.1 x^2 + 2 y^2"
    std::function<double(double, double)> f;
    std::function<std::array<double, 2>(double, double)> gradient;
    std::array<double, 2> minimum;
    std::array<double, 2> start;
    std::pair<double, double> x_range, y_range;  // what the figure shows
};

// f = 0.1 x^2 + 2 y^2: curvature 0.2 along x and 4 along y, a condition number of 20.
// Plain gradient descent zig-zags across the narrow y direction and crawls along x.
inline Function2d elongated_quadratic() {
    return {.name = "f = 0.1 x^2 + 2 y^2",
            .f = [](double x, double y) { return 0.1 * x * x + 2 * y * y; },
            .gradient = [](double x, double y) { return std::array<double, 2>{0.2 * x, 4 * y}; },
            .minimum = {0, 0},
            .start = {-5, -2},
            .x_range = {-6, 2},
            .y_range = {-3, 3}};
}

// Rosenbrock's banana f = (1 - x)^2 + 100 (y - x^2)^2: a curved, flat-bottomed valley
// with its minimum at (1, 1).
inline Function2d rosenbrock() {
    return {.name = "f = (1 - x)^2 + 100 (y - x^2)^2 (Rosenbrock)",
            .f = [](double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); },
            .gradient =
                [](double x, double y) {
                    return std::array<double, 2>{-2 * (1 - x) - 400 * x * (y - x * x),
                                                 200 * (y - x * x)};
                },
            .minimum = {1, 1},
            .start = {-1.5, 2},
            .x_range = {-2, 2},
            .y_range = {-1, 3}};
}

// The points of a path: point k is theta after k steps, point 0 the start.
using Path2d = std::vector<std::array<double, 2>>;

// The points an optimizer visits from fn.start in `steps` steps (start included). Stops
// early if a point is no longer finite, so a diverging path ends where it left the chart.
template <class Opt>
Path2d path_2d(const Function2d& fn, Opt& optimizer, std::size_t steps) {
    Path2d points = {fn.start};
    std::array<double, 2> theta = fn.start;
    for (std::size_t k = 0; k < steps; ++k) {
        const std::array<double, 2> dtheta = fn.gradient(theta[0], theta[1]);
        optimizer.step(std::span<double>(theta), std::span<const double>(dtheta));
        if (!std::isfinite(theta[0]) || !std::isfinite(theta[1])) break;
        points.push_back(theta);
    }
    return points;
}

// Whether path_2d stopped before `steps` steps because theta overflowed.
inline bool overflowed(const Path2d& path, std::size_t steps) { return path.size() < steps + 1; }

// ||p - p_min||: how far a point is from fn's minimum.
inline double distance_to_minimum(const Function2d& fn, const std::array<double, 2>& p) {
    return std::hypot(p[0] - fn.minimum[0], p[1] - fn.minimum[1]);
}

// The first k at which the path is within `radius` of the minimum; empty if it never is.
inline std::optional<std::size_t> steps_to_reach(const Function2d& fn, const Path2d& path,
                                                 double radius) {
    for (std::size_t k = 0; k < path.size(); ++k) {
        if (distance_to_minimum(fn, path[k]) < radius) return k;
    }
    return std::nullopt;
}

// The zig-zag: at how many steps coordinate c crosses the minimum's value, from one side to
// the other. Plain GD with alpha lambda > 1 along c crosses it at every step.
inline std::size_t crossings(const Function2d& fn, const Path2d& path, std::size_t c) {
    std::size_t n = 0;
    for (std::size_t k = 1; k < path.size(); ++k) {
        const double before = path[k - 1][c] - fn.minimum[c], after = path[k][c] - fn.minimum[c];
        n += (before < 0 && after > 0) || (before > 0 && after < 0);
    }
    return n;
}

// For a figure: the points of a long path at least `gap` apart (each measured from the last
// point kept; the first and the last point always stay), so thousands of tiny steps along a
// valley floor do not bury each other under markers, while every large jump stays.
inline Path2d thinned(const Path2d& path, double gap) {
    Path2d kept;
    for (std::size_t k = 0; k < path.size(); ++k) {
        if (kept.empty() || k + 1 == path.size() ||
            std::hypot(path[k][0] - kept.back()[0], path[k][1] - kept.back()[1]) >= gap) {
            kept.push_back(path[k]);
        }
    }
    return kept;
}

// A chapter's paths on one 2-D function: its method's alpha there and the steps of a path.
struct PathSettings {
    double alpha = 0.1;
    std::size_t steps = 100;
};

// The flags --<key>-alpha and --<key>-steps of `s`: for example
// add_path_flags(cli, "rosenbrock", "Rosenbrock's function", "RMSprop's", s) registers
// --rosenbrock-alpha ("RMSprop's alpha on Rosenbrock's function") and --rosenbrock-steps.
inline void add_path_flags(Cli& cli, const std::string& key, const std::string& where,
                           const std::string& whose, PathSettings& s) {
    cli.flag(key + "-alpha", s.alpha, whose + " alpha on " + where, above(0.0));
    cli.flag(key + "-steps", s.steps, "steps of the paths on " + where, between(1, 1000000));
}

// A path as a plot series: markers at each visited point.
inline plot::Series path_series(std::string label, const Path2d& points, bool dashed = false) {
    plot::Series s{.label = std::move(label), .x = {}, .y = {}, .dashed = dashed, .markers = true};
    for (const auto& p : points) {
        s.x.push_back(p[0]);
        s.y.push_back(p[1]);
    }
    return s;
}

// The contour plot of fn with the given paths drawn on top.
inline plot::ContourPlot contour_with_paths(const Function2d& fn, std::string title,
                                            std::vector<plot::Series> paths) {
    const double lo = std::max(1e-3, fn.f(fn.minimum[0], fn.minimum[1]) + 1e-3);
    const double hi = std::max({fn.f(fn.x_range.first, fn.y_range.first),
                                fn.f(fn.x_range.second, fn.y_range.second),
                                fn.f(fn.x_range.first, fn.y_range.second),
                                fn.f(fn.x_range.second, fn.y_range.first)});
    return {.title = std::move(title),
            .x_label = "x",
            .y_label = "y",
            .f = fn.f,
            .x_range = fn.x_range,
            .y_range = fn.y_range,
            .levels = plot::log_levels(lo, hi, 14),
            .paths = std::move(paths),
            .minimum = std::pair<double, double>{fn.minimum[0], fn.minimum[1]}};
}

}  // namespace common
