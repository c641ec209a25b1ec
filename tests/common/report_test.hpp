// Tests of common/io/report.hpp: the epochs a table shows, the series a chart draws, how a
// title names its data, and that each method keeps its colour.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <filesystem>
#include <string>
#include <vector>

#include "common/check.hpp"
#include "common/io/report.hpp"

inline void test_report(common::Checker& check) {
    namespace report = common::report;
    using Epochs = std::vector<std::size_t>;
    check.that("shown_epochs(100) = 1 2 5 10 20 50 100",
               report::shown_epochs(100) == Epochs{1, 2, 5, 10, 20, 50, 100});
    check.that("shown_epochs(7) = 1 2 5 7", report::shown_epochs(7) == Epochs{1, 2, 5, 7});
    check.that("shown_epochs(1) = 1", report::shown_epochs(1) == Epochs{1});
    check.that("shown_epochs(0) is empty", report::shown_epochs(0).empty());

    const std::vector<double> cost = {5, 4, 3, 2, 1};
    const auto s = report::epoch_series("J", cost, 2, 4);
    check.that("epoch_series(first 2, last 4): x = 2 3 4, y = 4 3 2",
               s.x == std::vector<double>{2, 3, 4} && s.y == std::vector<double>{4, 3, 2});
    const auto all = report::epoch_series("J", cost);
    check.that("epoch_series: every epoch by default", all.x.size() == 5 && all.y.back() == 1);

    // Cosmetics of extreme values (issue: hardening, round two).
    const double nan = std::numeric_limits<double>::quiet_NaN();
    check.that("g(-nan) and fixed(-nan) are \"nan\", never \"-nan\"",
               report::g(-nan) == "nan" && report::fixed(-nan, 4) == "nan" &&
                   report::g(std::copysign(nan, -1.0)) == "nan",
               report::g(-nan) + " " + report::fixed(-nan, 4));
    check.that("fixed(1.7e308, 4) is short: 1.7e+308, not 309 digits",
               report::fixed(1.7e308, 4) == "1.7e+308" &&
                   report::fixed(-3.4e300, 4) == "-3.4e+300",
               report::fixed(1.7e308, 4));
    check.that("fixed keeps its decimals below 1e15: fixed(123456789.5, 1)",
               report::fixed(123456789.5, 1) == "123456789.5", report::fixed(123456789.5, 1));
    check.that("pad counts a UTF-8 character once: pad(\"θ_1\", 6) has 3 spaces",
               report::pad("θ_1", 6) == "θ_1   " && report::pad("x1", 4) == "x1  " &&
                   report::pad("longer", 3) == "longer",
               "[" + report::pad("θ_1", 6) + "]");

    check.that("g(0.001) = 0.001, g(1e-8) = 1e-08",
               report::g(0.001) == "0.001" && report::g(1e-8) == "1e-08");
    check.that("fixed(1439.361, 2) = 1439.36", report::fixed(1439.361, 2) == "1439.36");
    check.that("epoch_text(0, 100) says it was not reached",
               report::epoch_text(0, 100) == "not within 100 epochs" &&
                   report::epoch_text(12, 100) == "epoch 12");

    check.that("wrapped: words kept whole, first line indented by `first`, the rest by `indent`",
               report::wrapped("aa bb cc dd", 4, 1, 8) == " aa bb\n    cc\n    dd\n",
               report::wrapped("aa bb cc dd", 4, 1, 8));
    check.that("wrapped: a line holds exactly `width` columns",
               report::wrapped("abc def", 0, 0, 7) == "abc def\n" &&
                   report::wrapped("abc defg", 0, 0, 7) == "abc\ndefg\n",
               report::wrapped("abc defg", 0, 0, 7));

    const std::string shipped = PROJECT_DIR "/chapters/01-gradient-descent/data/diabetes.csv";
    check.that("data_name: the shipped file is named by what it is",
               report::data_name(shipped, shipped, "the diabetes data") == "the diabetes data");
    check.that("data_name: any other file by its file name",
               report::data_name(PROJECT_DIR "/tests/data/ragged.csv", shipped,
                                 "the diabetes data") == "ragged.csv",
               report::data_name(PROJECT_DIR "/tests/data/ragged.csv", shipped, "x"));
    check.that("method_color: each method has its own colour",
               report::method_color("Adam") != report::method_color("momentum") &&
                   report::method_color("RMSprop") != report::method_color("GD") &&
                   !report::method_color("Adam").empty() &&
                   report::method_color("no such method").empty());
}
