// plot.hpp: the figures of every chapter, as SVG files and as terminal charts.
// LineChart (cost curves, schedules, moving averages; linear or log axes) and ContourPlot (a
// 2-D function's level sets with optimizer paths on top) become self-contained SVG text with
// "nice" ticks, a legend and the colour-blind-friendly Okabe-Ito palette. terminal_chart()
// draws a LineChart in plain ASCII for stdout. Same input, same bytes: no clocks, no randomness.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace common::plot {

using Range = std::pair<double, double>;

struct Series {
    std::string label;           // shown in the legend; an empty label is left out of it
    std::vector<double> x, y;    // same length; NaN/Inf, or y <= 0 on a log axis, break the line
    bool dashed = false;
    bool markers = false;        // small circles at each point (optimizer paths)
    std::string color = {};      // "#RRGGBB"; empty: the palette's colour for its position
};

struct LineChart {
    std::string title, x_label, y_label;    // labels include units: "epoch", "cost J (log scale)"
    std::vector<Series> series;
    bool log_x = false, log_y = false;
    std::optional<Range> x_range, y_range;  // otherwise from the data, padded a little
    int width = 720, height = 440;          // SVG size in pixels
};

struct ContourPlot {                         // contour lines of f(x, y), optimizer paths on top
    std::string title, x_label, y_label;
    std::function<double(double, double)> f;
    Range x_range{-1, 1}, y_range{-1, 1};
    std::vector<double> levels;              // contour levels, e.g. log_levels(0.01, 100, 12)
    std::vector<Series> paths;               // trajectories (x, y), drawn with markers
    std::optional<std::pair<double, double>> minimum;   // marked with a star if given
    int width = 720, height = 480;
    int grid = 120;                          // f is evaluated on grid x grid cells
};

namespace detail {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

// 10^d, correctly rounded (strtod is exact where pow need not be).
double pow10(int d);

// A coordinate as the SVG writes it: two decimals, trailing zeros dropped, never "-0".
std::string num(double v);

// Shortens an exponent: "2.50e+06" -> "2.5e6", "1e-05" -> "1e-5".
std::string tidy_exponent(std::string s);

// v with `digits` significant digits in %g style, short exponent, never "-0".
std::string short_g(double v, int digits);

// v in scientific notation with `digits` significant digits: 1e-4, 2.5e6.
std::string sci(double v, int digits);

// Text for XML content and attributes: escapes & < > " ', replaces control characters and
// invalid UTF-8 so the file always parses.
std::string xml(std::string_view s);

// Rough rendered width of a label in pixels (sans-serif averages about 0.6 em per character).
double text_width(std::string_view s, double font_size);

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Ticks

// Tick values at a 1-2-5 step inside [lo, hi], about `target` intervals: 0..1 -> 0, 0.2, ..., 1.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

// Tick values for a log axis over [lo, hi] (both > 0): the powers of ten inside, every k-th
// decade when there are more than max_count. When fewer than three powers of ten fall inside,
// the 1-2-5 multiples (0.02, 0.05, 0.1, 0.2, ...) if at most max_count of them, and for a
// range too narrow for two of those, linear nice ticks.
std::vector<double> log_ticks(double lo, double hi, int max_count = 8);

// Labels for evenly spaced ticks: as many decimals as the step needs ("0.3", never
// "0.30000000000000004"), scientific ("2.5e6", "1e-5") for very large or small values.
std::vector<std::string> tick_labels(const std::vector<double>& ticks);

// The label of one log-axis tick: "0.01", "1", "1000", "1e-5", "2e6".
std::string log_tick_label(double v);

// `count` contour levels from lo to hi with a constant ratio (lo, hi > 0).
std::vector<double> log_levels(double lo, double hi, int count);

namespace detail {  // two pieces of the drawing that the tests check on their own

struct Pt {
    double x, y;
};
using Run = std::vector<Pt>;   // an unbroken polyline

// Thins a pixel polyline for the file: within each pixel column keeps the first, lowest,
// highest and last point (so noise keeps its envelope), then drops points closer than half a
// pixel to the previous one. 100k points over 600 columns become at most ~2400.
std::vector<Pt> decimate(const std::vector<Pt>& p);

// Marching squares: the level set f = level of the (n+1) x (n+1) node values (row-major, row j
// at unit height j/n), joined into polylines in unit coordinates. Cells with a non-finite
// corner are skipped; saddles are resolved by the cell's centre value.
std::vector<Run> contour_lines(const std::vector<double>& values, int n, double level);

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// The public drawing functions

// The chart as a complete SVG document (about 720 px wide): series in the Okabe-Ito colours,
// the legend inside a free corner or else to the right of the plot.
std::string to_svg(const LineChart& chart);

// Grey contour lines of plot.f (marching squares on a grid x grid mesh, each line with its
// level as a tooltip), then each path in colour with markers and a ring at its start, clipped
// to the plot area, and the minimum as a star.
std::string to_svg(const ContourPlot& plot);

// Writes the SVG text to `file`, creating its folders; throws std::runtime_error naming the
// file if that fails.
void write_svg(const std::filesystem::path& file, const std::string& svg);

// Lists the figures a chapter wrote, relative to the working folder:
// "figures   a.svg" then "          b.svg" on the lines below.
void print_figures(const std::vector<std::filesystem::path>& files);

// A LineChart as plain ASCII: the title, then `height` rows of plot between two frame lines
// carrying the top and bottom y values, the x range below, and a legend line. Each series has
// its own glyph; later series are drawn over earlier ones.
std::string terminal_chart(const LineChart& chart, int width = 64, int height = 14);

}  // namespace common::plot
