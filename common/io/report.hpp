// report.hpp: the few pieces every chapter program uses to show a run: which epochs a table
// prints, a cost curve as a chart series, a level line, short numbers in sentences, how a
// title names its data, one colour per optimization method in every figure, and the list of
// figures a chapter wrote. Presentation only: no equation of the notes lives here.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/io/plot.hpp"

namespace common::report {

// Epochs a table shows: 1, 2, 5, 10, 20, 50, ... below `epochs`, then `epochs` itself.
inline std::vector<std::size_t> shown_epochs(std::size_t epochs) {
    std::vector<std::size_t> shown;
    for (std::size_t decade = 1; decade < epochs; decade *= 10) {
        for (std::size_t k : {1, 2, 5}) {
            if (k * decade < epochs) shown.push_back(k * decade);
        }
    }
    if (epochs > 0) shown.push_back(epochs);
    return shown;
}

// A per-epoch series (cost J, accuracy, ...) as a chart series: epoch i at x = i, for
// i = first .. last (1-based, clipped to the values there are).
inline plot::Series epoch_series(std::string label, const std::vector<double>& values,
                                 std::size_t first = 1, std::size_t last = SIZE_MAX) {
    plot::Series s{.label = std::move(label), .x = {}, .y = {}};
    for (std::size_t i = std::max<std::size_t>(first, 1); i <= std::min(last, values.size());
         ++i) {
        s.x.push_back(double(i));
        s.y.push_back(values[i - 1]);
    }
    return s;
}

// A dashed horizontal line at y from x0 to x1: a floor such as J(theta_ols), or a level.
inline plot::Series level_series(std::string label, double y, double x0, double x1) {
    return {.label = std::move(label), .x = {x0, std::max(x1, x0 + 1)}, .y = {y, y},
            .dashed = true, .color = "#777777"};
}

// x in printf's %g with `digits` significant digits: 0.001, 1e-08, 3.16228. NaN is "nan"
// whatever its sign bit (printf writes "-nan" for some).
inline std::string g(double x, int digits = 6) {
    if (std::isnan(x)) return "nan";
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    return buf;
}

// x with `decimals` decimals: fixed(1439.361, 2) = "1439.36". From 1e15 on, where %f would
// write up to 309 digits, g(x) instead: fixed(1.7e308, 4) = "1.7e+308". NaN is "nan".
inline std::string fixed(double x, int decimals) {
    if (std::isnan(x)) return "nan";
    if (std::abs(x) >= 1e15) return g(x);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
    return buf;
}

// text left-aligned in `width` columns on screen, as printf's %-*s would be for ASCII: a
// UTF-8 character counts once however many bytes it takes ("θ_1" is 3 columns, 4 bytes).
inline std::string pad(std::string_view text, std::size_t width) {
    std::size_t columns = 0;
    for (const char c : text) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    std::string out(text);
    if (columns < width) out.append(width - columns, ' ');
    return out;
}

// "epoch 12", or "not within N epochs" for 0 (never reached).
inline std::string epoch_text(std::size_t epoch, std::size_t epochs) {
    return epoch == 0 ? "not within " + std::to_string(epochs) + " epochs"
                      : "epoch " + std::to_string(epoch);
}

// How a title or a sentence names the data: the shipped file by what it is ("the diabetes
// data"), any other file by its file name ("my.csv"), so that no figure claims data it was
// not drawn from.
inline std::string data_name(const std::string& path, const std::string& shipped_path,
                             const std::string& shipped_name) {
    std::error_code ec;
    if (std::filesystem::equivalent(path, shipped_path, ec)) return shipped_name;
    return std::filesystem::path(path).filename().string();
}

// A sentence built from the run, wrapped at `width` columns: the first line indented by
// `first` spaces, the others by `indent`. Words are never split; a word longer than the
// line stands on a line of its own.
inline std::string wrapped(std::string_view text, std::size_t indent = 2, std::size_t first = 2,
                           std::size_t width = 92) {
    std::string out;
    std::size_t col = 0, lead = first;
    for (std::size_t i = 0, j = 0; i < text.size(); i = j + 1) {
        j = std::min(text.find(' ', i), text.size());
        if (j == i) continue;  // runs of spaces
        if (col > lead && col + 1 + (j - i) > width) {
            out += '\n';
            col = 0;
            lead = indent;
        }
        if (col == 0) {
            out.append(lead, ' ');
            col = lead;
        } else {
            out += ' ';
            ++col;
        }
        out.append(text.substr(i, j - i));
        col += j - i;
    }
    return out + '\n';
}

// Prints wrapped(text, indent, first) on stdout.
inline void say(std::string_view text, std::size_t indent = 2, std::size_t first = 2) {
    std::fputs(wrapped(text, indent, first).c_str(), stdout);
}

// One colour per optimization method in every chapter's figures (Okabe-Ito colours, which
// colour-blind readers tell apart). Series of any other name take the palette in order.
inline std::string method_color(std::string_view method) {
    struct Entry {
        std::string_view method, color;
    };
    static constexpr Entry table[] = {
        {"GD", "#000000"},            {"batch GD", "#000000"},
        {"stochastic GD", "#E69F00"}, {"mini-batch GD", "#56B4E9"},
        {"momentum", "#0072B2"},      {"RMSprop", "#009E73"},
        {"Adam", "#D55E00"},          {"least squares", "#777777"},
    };
    for (const Entry& e : table) {
        if (e.method == method) return std::string(e.color);
    }
    return {};
}

// The figures a chapter writes into one folder, listed at the end of its output.
class Figures {
public:
    explicit Figures(std::filesystem::path folder) : folder_(std::move(folder)) {}

    // Writes folder/name as SVG (a LineChart or a ContourPlot) and remembers it.
    template <class Chart>
    void write(const std::string& name, const Chart& chart) {
        const std::filesystem::path file = folder_ / name;
        plot::write_svg(file, plot::to_svg(chart));
        files_.push_back(file);
    }

    // "figures   a.svg" and the others below it, relative to the working folder.
    void print() const { plot::print_figures(files_); }

    const std::vector<std::filesystem::path>& files() const { return files_; }

private:
    std::filesystem::path folder_;
    std::vector<std::filesystem::path> files_;
};

}  // namespace common::report
