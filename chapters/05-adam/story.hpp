// story.hpp: what the parts of chapter-adam share. main.cpp: settings, paths, summary;
// bias_correction.cpp: the first steps; training.cpp: training and the side-by-side.
// Each section prints, writes its figures and returns its line for "What this run showed".
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "adam.hpp"
#include "common/io/report.hpp"

namespace adam_chapter {

namespace gd = gradient_descent;
namespace plot = common::plot;
namespace report = common::report;
using report::g;

struct Options {
    // 1, not 0.001 (the Adam paper's and PyTorch's default; the notes: "needs to be tuned"):
    // Adam moves each coordinate about alpha per step, and theta_ols here has entries up to
    // 152 to reach in 700 steps (README, "Why alpha = 1").
    double alpha = 1, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    std::string eps_placement = "inside";
    bool bias_correction = true;
    common::PathSettings quadratic{.alpha = 0.1, .steps = 1000};   // Adam's paths: steps
    common::PathSettings rosenbrock{.alpha = 0.1, .steps = 1000};  // of about alpha = 0.1
    std::size_t epochs = 100, batch_size = 64;
    std::uint64_t seed = 1;
    bool full = false;  // the long tables
    std::string data, out;
};

// The regression every section trains on, and how the program names it.
struct Story {
    const Options& o;
    adam::Hyper hyper;
    const gd::Dataset<double>& data;
    std::string data_name;          // "the diabetes data", or the file's name
    std::vector<double> theta_ols;  // least squares, in standardized units
    double J_ols;                   // J(theta_ols)
    gd::TrainOptions training() const {
        return {.epochs = o.epochs, .batch_size = o.batch_size};
    }
};

// One line for a run whose cost became Inf or NaN, naming its epoch and alpha.
inline std::string diverged_text(const std::string& what, const adam::Run& r) {
    const bool nan = std::isnan(r.history.cost.back());
    return what + " diverged: the cost became " + (nan ? "NaN" : "Inf") +
           " at epoch " + std::to_string(r.history.diverged_at) + " with alpha = " + g(r.alpha);
}

// Prints `first` + text in lines of at most 92 columns, the later ones indented by two.
inline void say(const std::string& text, const std::string& first = "  ") {
    std::string line = first;
    bool fresh = true;  // nothing on the line yet but its indent
    for (std::size_t start = 0, end = 0; start < text.size(); start = end + 1) {
        end = std::min(text.find(' ', start), text.size());
        const std::string word = text.substr(start, end - start);
        if (!fresh && line.size() + 1 + word.size() > 92) {
            std::printf("%s\n", line.c_str());
            line = "  ";
            fresh = true;
        }
        line += (fresh ? "" : " ") + word;
        fresh = false;
    }
    std::printf("%s\n", line.c_str());
}

std::string section_bias_correction(const Story& s, report::Figures& figures);
std::string section_training(const Story& s, const adam::Adam<double>& opt, const adam::Run& run,
                             report::Figures& figures);
std::string section_side_by_side(const Story& s, report::Figures& figures);

}  // namespace adam_chapter
