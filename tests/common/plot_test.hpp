// plot_test.hpp: checks of common/io/plot.hpp, run by the common test suite.
// The SVG output is checked for the structure a browser needs (root element, balanced groups,
// escaped text, no "nan"), for nice ticks, for the degenerate inputs a chapter can produce
// (empty, single, constant, all-NaN, huge series) and for determinism; then the contour
// tracer, the terminal chart and write_svg.
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "common/check.hpp"
#include "common/io/plot.hpp"

namespace plot_test {

inline std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

// The structural claims every SVG the project writes must satisfy.
inline bool well_formed(const std::string& svg) {
    const std::string end = "</svg>\n";
    return svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0 &&
           svg.size() > end.size() && svg.compare(svg.size() - end.size(), end.size(), end) == 0 &&
           count(svg, "<g") == count(svg, "</g>") && count(svg, "<text") == count(svg, "</text>") &&
           svg.find("\n<title>") == svg.find('\n') && svg.find("viewBox=") != std::string::npos;
}

inline bool has_no_nan_or_inf(std::string svg) {
    for (char& c : svg) c = char(std::tolower(static_cast<unsigned char>(c)));
    return svg.find("nan") == std::string::npos && svg.find("inf") == std::string::npos;
}

inline bool same(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::abs(a[i] - b[i]) > 1e-12 * std::max(1.0, std::abs(b[i]))) return false;
    }
    return true;
}

inline std::string show(const std::vector<double>& v) {
    std::string s;
    for (const double x : v) s += common::Checker::fmt(x) + " ";
    return s;
}

// Cost curves shaped like the three gradient descent variants of chapter 1.
inline common::plot::LineChart cost_curves() {
    common::plot::LineChart c;
    c.title = "Training cost";
    c.x_label = "epoch";
    c.y_label = "cost J (log scale)";
    c.log_y = true;
    const char* names[] = {"batch", "mini-batch", "stochastic"};
    for (int k = 0; k < 3; ++k) {
        common::plot::Series s{names[k], {}, {}};
        for (int e = 0; e <= 100; ++e) {
            s.x.push_back(e);
            s.y.push_back(2.0 * std::exp(-0.05 * (k + 1) * e) + 1e-3 * (1 + (e * 7 % 5) * k));
        }
        c.series.push_back(s);
    }
    return c;
}

}  // namespace plot_test

inline void test_plot(common::Checker& check) {
    using namespace common::plot;
    using plot_test::count;
    using plot_test::well_formed;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();

    // --- line chart structure
    const LineChart curves = plot_test::cost_curves();
    const std::string svg = to_svg(curves);
    check.that("plot: line chart SVG has a root <svg>, a <title> first, balanced <g>/<text>",
               well_formed(svg));
    check.that("plot: SVG has a white background and sans-serif text",
               svg.find("fill=\"#fff\"/>") != std::string::npos &&
                   svg.find("font-family=\"sans-serif\"") != std::string::npos);
    check.that("plot: SVG shows the title, both axis labels and every legend label",
               svg.find("<title>Training cost</title>") != std::string::npos &&
                   count(svg, ">Training cost</text>") == 1 && count(svg, ">epoch</text>") == 1 &&
                   count(svg, ">cost J (log scale)</text>") == 1 &&
                   count(svg, ">batch</text>") == 1 && count(svg, ">mini-batch</text>") == 1 &&
                   count(svg, ">stochastic</text>") == 1);
    check.that("plot: the same chart gives the same bytes twice", svg == to_svg(curves));
    check.that("plot: the log-y chart labels its ticks as powers of ten",
               svg.find(">0.01</text>") != std::string::npos &&
                   svg.find(">0.1</text>") != std::string::npos &&
                   svg.find(">1</text>") != std::string::npos);

    LineChart special;
    special.title = "a <b> & \"c\"";
    special.x_label = "x < 1";
    special.y_label = "y & z";
    special.series.push_back({"p<q>&r", {0, 1, 2}, {1, 2, 3}});
    const std::string escaped = to_svg(special);
    check.that("plot: <, >, & and quotes in titles and labels are escaped",
               well_formed(escaped) && escaped.find("p&lt;q&gt;&amp;r") != std::string::npos &&
                   escaped.find("a &lt;b&gt; &amp; &quot;c&quot;") != std::string::npos &&
                   escaped.find("x &lt; 1") != std::string::npos &&
                   escaped.find("y &amp; z") != std::string::npos &&
                   escaped.find("p<q") == std::string::npos);

    // --- non-finite and degenerate data
    LineChart broken = curves;
    broken.series[0].y[10] = nan;
    broken.series[1].y[20] = inf;
    broken.series[2].y[30] = -1;        // not drawable on the log axis
    broken.series[2].x[40] = -inf;
    const std::string broken_svg = to_svg(broken);
    check.that("plot: NaN, Inf and y <= 0 on a log axis never reach the SVG",
               well_formed(broken_svg) && plot_test::has_no_nan_or_inf(broken_svg));
    check.that("plot: a NaN breaks the line into two pieces",
               count(broken_svg, "<path d=\"M") >= count(to_svg(curves), "<path d=\"M") + 3);

    struct Case {
        const char* what;
        std::vector<Series> series;
        bool log_y;
    };
    const std::vector<Case> degenerate = {
        {"no series at all", {}, false},
        {"an empty series", {{"empty", {}, {}}}, false},
        {"a single point", {{"one", {3}, {7}}}, false},
        {"a single point on a log axis", {{"one", {3}, {7}}}, true},
        {"all-equal values", {{"flat", {1, 1, 1}, {5, 5, 5}}}, false},
        {"all-zero values", {{"zero", {0, 1, 2}, {0, 0, 0}}}, false},
        {"an all-NaN series", {{"missing", {0, 1, 2}, {nan, nan, nan}}}, false},
        {"only non-positive values on a log axis", {{"neg", {0, 1}, {-1, 0}}}, true},
        {"x and y of different lengths", {{"short", {0, 1, 2, 3}, {1, 2}}}, false},
        {"values near the double limits", {{"huge", {0, 1, 2}, {-1e308, 1e308, 0}}}, false},
        {"a range of 1e-300", {{"tiny", {0, 1, 2}, {1e-300, 2e-300, 3e-300}}}, false},
    };
    for (const Case& c : degenerate) {
        LineChart chart;
        chart.title = "degenerate";
        chart.series = c.series;
        chart.log_y = c.log_y;
        const std::string out = to_svg(chart);
        const std::string term = terminal_chart(chart, 40, 8);
        check.that(std::string("plot: a valid chart, without nan/inf, for ") + c.what,
                   well_formed(out) && plot_test::has_no_nan_or_inf(out) &&
                       plot_test::has_no_nan_or_inf(term),
                   out.substr(0, 200));
    }
    LineChart single;
    single.series.push_back({"one", {3}, {7}});
    check.that("plot: a single point is drawn as a dot",
               count(to_svg(single), "<circle") == 1);

    LineChart outside = special;
    outside.y_range = std::pair{1.5, 2.5};
    const std::string clipped = to_svg(outside);
    check.that("plot: data beyond a fixed y_range is clipped to the plot area",
               well_formed(clipped) && clipped.find("clip-path=\"url(#plot-area)\"") !=
                                           std::string::npos);

    // --- long series are thinned, keeping their extremes
    LineChart noisy;
    Series long_series{"noise", {}, {}};
    for (int i = 0; i < 100000; ++i) {
        long_series.x.push_back(i);
        long_series.y.push_back(i == 54321 ? 10.0 : std::sin(i * 0.37));   // one spike
    }
    noisy.series.push_back(long_series);
    const std::string noisy_svg = to_svg(noisy);
    check.that("plot: a 100k-point series makes a file under 150 kB",
               well_formed(noisy_svg) && noisy_svg.size() < 150000,
               std::to_string(noisy_svg.size()) + " bytes");
    {
        using common::plot::detail::Pt;
        std::vector<Pt> pixels;
        for (int i = 0; i < 100000; ++i) {
            pixels.push_back({i * 0.006, i == 54321 ? -50.0 : 100 + 20 * std::sin(i * 0.37)});
        }
        const auto kept = common::plot::detail::decimate(pixels);
        double top = 1e9;
        for (const Pt& p : kept) top = std::min(top, p.y);
        check.that("plot: decimation keeps at most 4 points per pixel column",
                   kept.size() <= 4 * 601, std::to_string(kept.size()) + " points");
        check.that("plot: decimation keeps a one-point spike", top == -50.0);
    }

    // --- ticks
    check.that("plot: nice ticks of 0..1 are 0, 0.2, ..., 1",
               plot_test::same(nice_ticks(0, 1, 5), {0, 0.2, 0.4, 0.6, 0.8, 1}),
               plot_test::show(nice_ticks(0, 1, 5)));
    check.that("plot: nice ticks of 0..97 are 0, 20, ..., 80",
               plot_test::same(nice_ticks(0, 97, 5), {0, 20, 40, 60, 80}),
               plot_test::show(nice_ticks(0, 97, 5)));
    check.that("plot: nice ticks of -3.2..4.9 step by 2",
               plot_test::same(nice_ticks(-3.2, 4.9, 5), {-2, 0, 2, 4}),
               plot_test::show(nice_ticks(-3.2, 4.9, 5)));
    check.that("plot: nice ticks of 0.0012..0.0019 step by 0.0002",
               plot_test::same(nice_ticks(0.0012, 0.0019, 4), {0.0012, 0.0014, 0.0016, 0.0018}),
               plot_test::show(nice_ticks(0.0012, 0.0019, 4)));
    check.that("plot: a zero-width range gives one tick, not a division by zero",
               nice_ticks(2, 2, 5).size() == 1);
    const auto labels = tick_labels(nice_ticks(0, 1, 10));
    check.that("plot: tick labels are compact (0.3, not 0.30000000000000004)",
               labels.size() == 11 && labels[0] == "0" && labels[3] == "0.3" && labels[10] == "1",
               labels.size() > 3 ? labels[3] : "");
    const auto big = tick_labels({0, 2e6, 4e6});
    const auto tiny = tick_labels({1e-5, 2e-5, 3e-5});
    check.that("plot: very large and very small tick labels use short exponents",
               big[1] == "2e6" && tiny[0] == "1e-5" && tiny[2] == "3e-5",
               big[1] + " " + tiny[0] + " " + tiny[2]);

    bool powers = true;
    const auto decades = log_ticks(3e-6, 20);
    for (const double v : decades) {
        const double e = std::log10(v);
        powers = powers && std::abs(e - std::round(e)) < 1e-12 &&
                 v == std::pow(10.0, std::round(e));
    }
    check.that("plot: log-axis ticks of 3e-6..20 are the powers of ten 1e-5..10",
               powers && decades.size() == 7 && decades.front() == 1e-5 && decades.back() == 10,
               plot_test::show(decades));
    const auto wide = log_ticks(1e-30, 1e30, 8);
    bool wide_powers = wide.size() >= 2 && wide.size() <= 8;
    for (const double v : wide) {
        wide_powers = wide_powers && v == std::pow(10.0, std::round(std::log10(v)));
    }
    check.that("plot: 1e-30..1e30 gets at most 8 log ticks, powers of ten including 1",
               wide_powers && std::count(wide.begin(), wide.end(), 1.0) == 1,
               plot_test::show(wide));
    check.that("plot: a log range inside one decade falls back to 1-2-5 ticks",
               plot_test::same(log_ticks(1.5, 12), {2, 5, 10}),
               plot_test::show(log_ticks(1.5, 12)));
    check.that("plot: log-axis tick labels read 1e-5, 0.01, 1, 1000, 1e6",
               log_tick_label(1e-5) == "1e-5" && log_tick_label(0.01) == "0.01" &&
                   log_tick_label(1) == "1" && log_tick_label(1000) == "1000" &&
                   log_tick_label(1e6) == "1e6");

    const auto levels = log_levels(0.01, 100, 5);
    check.that("plot: log_levels(0.01, 100, 5) = 0.01, 0.1, 1, 10, 100",
               plot_test::same(levels, {0.01, 0.1, 1, 10, 100}), plot_test::show(levels));
    check.throws("plot: log_levels rejects a non-positive bound",
                 [] { log_levels(0, 1, 3); }, "lo=0");

    // --- contour plot
    {
        const int n = 80;
        std::vector<double> grid;
        for (int j = 0; j <= n; ++j) {
            for (int i = 0; i <= n; ++i) {
                const double x = -1 + 2.0 * i / n, y = -1 + 2.0 * j / n;
                grid.push_back(x * x + y * y);
            }
        }
        const auto lines = common::plot::detail::contour_lines(grid, n, 0.25);
        double worst = 0;
        std::size_t points = 0;
        for (const auto& line : lines) {
            for (const auto& p : line) {
                worst = std::max(worst, std::abs(std::hypot(-1 + 2 * p.x, -1 + 2 * p.y) - 0.5));
                ++points;
            }
        }
        check.that("plot: marching squares traces x^2 + y^2 = 0.25 as one closed circle",
                   lines.size() == 1 && points > 40 && lines[0].front().x == lines[0].back().x &&
                       lines[0].front().y == lines[0].back().y,
                   std::to_string(lines.size()) + " lines");
        check.that("plot: the traced circle has radius 0.5 to within the grid spacing",
                   worst < 2.0 / n * 0.25, common::Checker::fmt(worst));
    }
    ContourPlot contour;
    contour.title = "f = 0.1 x\u00b2 + 2 y\u00b2";
    contour.x_label = "x1";
    contour.y_label = "x2";
    contour.f = [](double x, double y) { return 0.1 * x * x + 2 * y * y; };
    contour.x_range = {-5, 1};
    contour.y_range = {-3, 3};
    contour.levels = log_levels(0.05, 20, 8);
    contour.minimum = std::pair{0.0, 0.0};
    Series path{"gradient descent", {}, {}};
    double x1 = -4.5, x2 = 2;
    for (int k = 0; k < 20; ++k) {
        path.x.push_back(x1);
        path.y.push_back(x2);
        x1 -= 0.4 * 0.2 * x1;
        x2 -= 0.4 * 4 * x2;
    }
    path.x.push_back(40);   // leaves the plot area: clipped, never stretched
    path.y.push_back(nan);
    contour.paths.push_back(path);
    const std::string contour_svg = to_svg(contour);
    check.that("plot: contour SVG is well formed, without nan/inf",
               well_formed(contour_svg) && plot_test::has_no_nan_or_inf(contour_svg));
    check.that("plot: contour SVG has one contour path per level of the paraboloid",
               count(contour_svg, "\"><title>f = ") == contour.levels.size());
    check.that("plot: contour SVG draws the path with markers, its start, the minimum, legend",
               count(contour_svg, "<circle") >= 20 && contour_svg.find("r=\"5\"") !=
                   std::string::npos && contour_svg.find("<polygon") != std::string::npos &&
                   contour_svg.find(">gradient descent</text>") != std::string::npos &&
                   contour_svg.find(">minimum</text>") != std::string::npos);
    check.that("plot: contour paths are clipped to the plot area",
               contour_svg.find("<g class=\"paths\" clip-path=\"url(#plot-area)\">") !=
                   std::string::npos);
    check.that("plot: the same contour plot gives the same bytes twice",
               contour_svg == to_svg(contour));
    ContourPlot empty_contour;
    check.that("plot: a contour plot without f, levels or paths is still valid",
               well_formed(to_svg(empty_contour)));

    // --- terminal chart
    const std::string term = terminal_chart(curves, 50, 10);
    std::vector<std::string> lines;
    {
        std::istringstream in(term);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
    }
    std::size_t framed = 0;
    bool ascii = true, widths = true;
    for (const std::string& line : lines) {
        if (line.find('|') != std::string::npos) {
            ++framed;
            widths = widths && line.size() - line.find('|') == 52;
        }
        for (const char c : line) ascii = ascii && static_cast<unsigned char>(c) < 128;
    }
    check.that("plot: terminal chart starts with the title", !lines.empty() &&
                                                                 lines[0] == "Training cost");
    check.that("plot: terminal chart has the requested 10 rows of width 50", framed == 10 &&
                                                                                  widths,
               std::to_string(framed) + " rows");
    check.that("plot: terminal chart is plain ASCII and the same twice",
               ascii && term == terminal_chart(curves, 50, 10));
    check.that("plot: terminal legend maps each glyph to its series",
               term.find("* batch   o mini-batch   + stochastic") != std::string::npos, term);
    check.that("plot: terminal chart shows the x range and label below the frame",
               term.find("epoch") != std::string::npos && term.find(" 100\n") != std::string::npos,
               term);
    LineChart growth;
    growth.log_y = true;
    growth.series.push_back({"10^x", {0, 1, 2, 3, 4}, {1, 10, 100, 1000, 10000}});
    const std::string diagonal = terminal_chart(growth, 9, 5);
    std::vector<std::string> rows;
    {
        std::istringstream in(diagonal);
        for (std::string line; std::getline(in, line);) {
            const auto bar = line.find('|');
            if (bar != std::string::npos) rows.push_back(line.substr(bar + 1));
        }
    }
    check.that("plot: terminal chart honours log_y (10^x runs corner to corner through the middle)",
               rows.size() == 5 && rows[0][8] == '*' && rows[2][4] == '*' && rows[4][0] == '*' &&
                   diagonal.find("1e4 +") != std::string::npos,
               diagonal);

    // --- write_svg
    namespace fs = std::filesystem;
    const fs::path root = fs::temp_directory_path() / "plot_test_write_svg";
    fs::remove_all(root);
    const fs::path file = root / "a" / "b" / "chart.svg";
    write_svg(file, svg);
    std::ifstream in(file, std::ios::binary);
    const std::string back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    check.that("plot: write_svg creates the folders and writes the bytes", back == svg);
    const fs::path blocker = root / "plain-file";
    std::ofstream(blocker) << "not a folder";
    check.throws("plot: write_svg under a regular file throws, naming the path",
                 [&] { write_svg(blocker / "chart.svg", svg); }, (blocker / "chart.svg").string());
    {
        // Over an old figure: the new bytes replace it in one rename, nothing else is left.
        write_svg(file, "<svg>new</svg>");
        std::ifstream again(file, std::ios::binary);
        const std::string now((std::istreambuf_iterator<char>(again)),
                              std::istreambuf_iterator<char>());
        std::size_t files = 0;
        for (const auto& e : fs::directory_iterator(file.parent_path())) files += e.exists();
        check.that("plot: write_svg over an old figure replaces it and leaves no temporary file",
                   now == "<svg>new</svg>" && files == 1, now);
        // A write that fails at the last step (the name is taken by a folder): the reason is
        // named and the temporary file removed.
        const fs::path taken = root / "taken.svg";
        fs::create_directories(taken / "inside");
        check.throws("plot: write_svg that cannot put its file in place names the reason",
                     [&] { write_svg(taken, svg); },
                     "cannot write " + taken.string() + ": Is a directory");
        std::size_t partial = 0;
        for (const auto& e : fs::directory_iterator(root)) {
            partial += e.path().filename().string().find("partial") != std::string::npos;
        }
        check.that("plot: a failed write_svg removes its temporary file", partial == 0);
    }
    fs::remove_all(root);
    // Two paths that end at the same point: each end is a square in its path's colour, the
    // second smaller than the first, drawn after both paths, so both stay visible; a path
    // whose last point is off the chart gets none.
    {
        ContourPlot two;
        two.f = [](double x, double y) { return x * x + y * y; };
        two.levels = {0.5};
        two.paths.push_back({.label = "first", .x = {-0.5, 0.2}, .y = {0.5, 0.1},
                             .color = "#0072B2"});
        two.paths.push_back({.label = "second", .x = {0.5, 0.2}, .y = {-0.5, 0.1},
                             .color = "#000000"});
        two.paths.push_back({.label = "gone", .x = {0.1, 9}, .y = {0.1, 9}, .color = "#D55E00"});
        const std::string svg = to_svg(two);
        const auto first = svg.find("width=\"16\" height=\"16\" fill=\"#0072B2\"");
        const auto second = svg.find("width=\"11\" height=\"11\" fill=\"#000000\"");
        const auto last_line = svg.rfind("<path");
        check.that("plot: each path's end is a square in its colour, nested when ends coincide",
                   first != std::string::npos && second != std::string::npos && first < second);
        check.that("plot: the end squares are drawn after every path line",
                   first != std::string::npos && last_line != std::string::npos &&
                       first > svg.rfind("<path", svg.find("class=\"legend\"")));
        check.that("plot: a path that ends off the chart gets no end square",
                   svg.find("fill=\"#D55E00\" stroke=\"#fff\"") == svg.rfind(
                       "fill=\"#D55E00\" stroke=\"#fff\"") &&
                       svg.find("height=\"6\" fill=\"#D55E00\"") == std::string::npos);
    }
    // a log axis with no power of ten inside (a cost between 1430 and 1490) still gets ticks
    const auto narrow = common::plot::log_ticks(1430, 1490);
    check.that("plot: log ticks of a range without a power of ten (1430..1490) exist and lie inside",
               !narrow.empty() && narrow.front() >= 1430 && narrow.back() <= 1490);
}
