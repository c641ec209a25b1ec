// functions_2d.hpp: two-dimensional test functions on which an optimizer's path can be
// drawn over contour lines, and the loop that records that path.
// Introduced in: chapters/03-momentum (RMSprop and Adam reuse the same problems, so
// their pictures sit side by side). f(x, y), its gradient, its minimum, a start point.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "common/plot.hpp"

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

// The points an optimizer visits from fn.start in `steps` steps (start included). Stops
// early if a point is no longer finite, so a diverging path ends where it left the chart.
template <class Opt>
std::vector<std::array<double, 2>> path_2d(const Function2d& fn, Opt& optimizer,
                                           std::size_t steps) {
    std::vector<std::array<double, 2>> points = {fn.start};
    std::array<double, 2> theta = fn.start;
    for (std::size_t k = 0; k < steps; ++k) {
        const std::array<double, 2> dtheta = fn.gradient(theta[0], theta[1]);
        optimizer.step(std::span<double>(theta), std::span<const double>(dtheta));
        if (!std::isfinite(theta[0]) || !std::isfinite(theta[1])) break;
        points.push_back(theta);
    }
    return points;
}

// A path as a plot series: markers at each visited point.
inline plot::Series path_series(std::string label, const std::vector<std::array<double, 2>>& points,
                                bool dashed = false) {
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
