// functions_2d_test.hpp: checks of common/functions_2d.hpp. A path recorded by path_2d, by
// hand; what the chapters measure on a path (distance to the minimum, steps to get near it,
// the zig-zag's crossings, an overflow) on paths written by hand; and the thinning of a
// long path for a figure; the flags of a path's alpha and length.
#pragma once

#include <array>
#include <string>

#include "common/check.hpp"
#include "common/io/cli.hpp"
#include "common/functions_2d.hpp"
#include "chapters/05-adam/adam.hpp"

inline void test_functions_2d(common::Checker& check) {
    const common::Function2d quad = common::elongated_quadratic();  // minimum (0, 0)
    const common::Function2d rosen = common::rosenbrock();          // minimum (1, 1)

    // path_2d: from (-5, -2) the gradient (0.2 x, 4 y) is (-1, -8); one step of plain GD
    // with alpha = 0.4 goes to (-5 + 0.4, -2 + 3.2) = (-4.6, 1.2).
    gradient_descent::Sgd<double> gd;
    gd.hyper.alpha = 0.4;
    const common::Path2d one = common::path_2d(quad, gd, 1);
    check.that("path_2d: the start, then theta after each step", one.size() == 2);
    check.all_close("path_2d: one GD step on 0.1 x^2 + 2 y^2 from (-5, -2) by hand",
                    std::array<double, 2>{-4.6, 1.2}, one.back(), common::tol<double>::exact);
    // alpha = 1e300: step 1 lands at about (1e300, 8e300), step 2 overflows to Inf.
    gradient_descent::Sgd<double> huge;
    huge.hyper.alpha = 1e300;
    const common::Path2d cut = common::path_2d(quad, huge, 10);
    check.that("path_2d: stops at the first point that is not finite (start + 1 step kept)",
               cut.size() == 2, std::to_string(cut.size()) + " points");
    check.that("overflowed: a path cut short by an overflow", common::overflowed(cut, 10));
    check.that("overflowed: not a path of all its steps", !common::overflowed(one, 1));

    // distance_to_minimum: (4, 5) is (3, 4) from Rosenbrock's minimum (1, 1): 5.
    check.close("distance_to_minimum: (4, 5) is 5 from (1, 1) by hand", 5.0,
                common::distance_to_minimum(rosen, {4, 5}), common::tol<double>::exact);

    // A zig-zag by hand around (0, 0): y = -2, 1, -0.5, -0.25, 0.004.
    const common::Path2d path = {{-5, -2}, {-4, 1}, {-3, -0.5}, {-2, -0.25}, {0.003, 0.004}};
    check.that("crossings: y = -2, 1, -0.5, -0.25, 0.004 crosses 0 three times",
               common::crossings(quad, path, 1) == 3);
    check.that("crossings: x = -5 ... 0.003 crosses 0 once", common::crossings(quad, path, 0) == 1);
    const auto k = common::steps_to_reach(quad, path, 0.01);
    check.that("steps_to_reach: within 0.01 first at step 4 (distance 0.005)", k && *k == 4);
    check.that("steps_to_reach: empty when the path never gets that close",
               !common::steps_to_reach(quad, path, 0.001));
    // Crossings count against the minimum's coordinate, not 0: x = 0.5, 1.5, 1.2, 0.9 crosses
    // Rosenbrock's x = 1 at the first and at the last step.
    const common::Path2d around = {{0.5, 0}, {1.5, 0}, {1.2, 0}, {0.9, 0}};
    check.that("crossings: x = 0.5, 1.5, 1.2, 0.9 crosses the minimum's x = 1 twice",
               common::crossings(rosen, around, 0) == 2);

    // thinned: points 0.1 apart or more from the last one kept, and always the last point.
    const common::Path2d crowded = {{0, 0}, {0.01, 0}, {0.02, 0}, {0.5, 0}, {0.51, 0}, {0.52, 0}};
    const common::Path2d kept = common::thinned(crowded, 0.1);
    check.that("thinned: gap 0.1 keeps x = 0, 0.5 and the last point 0.52",
               kept == common::Path2d{{0, 0}, {0.5, 0}, {0.52, 0}},
               std::to_string(kept.size()) + " points kept");
    check.that("thinned: gap 0 keeps every point", common::thinned(crowded, 0) == crowded);

    // add_path_flags: --<key>-alpha and --<key>-steps, with the method and function named.
    common::PathSettings rosen_run{.alpha = 0.1, .steps = 1000};
    common::Cli cli("chapter-test", "A chapter used by the tests.");
    common::add_path_flags(cli, "rosenbrock", "Rosenbrock's function", "Adam's", rosen_run);
    cli.parse({"--rosenbrock-alpha", "0.5", "--rosenbrock-steps=20"});
    check.that("add_path_flags: --rosenbrock-alpha 0.5 --rosenbrock-steps=20 are read",
               rosen_run.alpha == 0.5 && rosen_run.steps == 20);
    check.that("add_path_flags: --help says whose alpha, on which function",
               cli.help().find("Adam's alpha on Rosenbrock's function") != std::string::npos);
    check.throws("add_path_flags: --rosenbrock-steps 0 is refused",
                 [&] { cli.parse({"--rosenbrock-steps", "0"}); }, "must be between 1 and");
    check.throws("add_path_flags: --rosenbrock-alpha 0 is refused",
                 [&] { cli.parse({"--rosenbrock-alpha", "0"}); }, "must be > 0");
}
