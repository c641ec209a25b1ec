// Tests of common/linear_model.hpp and common/train.hpp: the linear model's equations on a
// worked example, its gradient against finite differences, and its mini-batches.
#pragma once

#include <cmath>
#include <vector>

#include "common/check.hpp"
#include "common/linear_model.hpp"
#include "common/optimizers.hpp"
#include "common/random.hpp"
#include "common/train.hpp"

// A small problem with a known answer: y = 1 + 2 x1 - 3 x2 + noise, intercept in row 0.
inline common::Dataset<double> well_conditioned_problem(std::size_t m, std::uint64_t seed,
                                                        double noise) {
    common::Rng rng(seed);
    common::Dataset<double> d{common::Matrix<double>(3, m), std::vector<double>(m),
                              {"intercept", "x1", "x2"}};
    for (std::size_t k = 0; k < m; ++k) {
        d.X(0, k) = 1;
        d.X(1, k) = rng.normal();
        d.X(2, k) = rng.normal();
        d.y[k] = 1 + 2 * d.X(1, k) - 3 * d.X(2, k) + noise * rng.normal();
    }
    return d;
}

inline void test_linear_model(common::Checker& check) {
    using common::Matrix;
    // Worked example: x^(1) = (1, 2), x^(2) = (1, -1), y = (3, 0), theta = (1, 0.5).
    // h = (1 + 1, 1 - 0.5) = (2, 0.5); residuals y - h = (1, -0.5)
    // J = 1/(2*2) (1 + 0.25) = 0.3125
    // dtheta = -(1/2) (1*(1,2) + (-0.5)*(1,-1)) = -(1/2) (0.5, 2.5) = (-0.25, -1.25)
    common::Dataset<double> d{Matrix<double>::from_rows({{1, 1}, {2, -1}}), {3, 0}, {"a", "b"}};
    const std::vector<double> theta = {1, 0.5};
    check.close("h = theta^T x on a worked example", 0.5, common::h<double>(theta, d.X, 1), 0);
    check.close("J = 1/(2m) sum (y - h)^2 on a worked example", 0.3125,
                common::cost<double>(theta, d, common::all_examples(d)), common::tol<double>::exact);
    std::vector<double> g(2);
    common::gradient<double>(theta, d, common::all_examples(d), g);
    check.all_close("dtheta = -(1/m) sum (y - h) x on a worked example",
                    std::vector<double>{-0.25, -1.25}, g, common::tol<double>::exact);
    common::gradient<double>(theta, d, {1, 1}, g);
    // one example, the second: -(1)(-0.5)(1, -1) = (0.5, -0.5)
    check.all_close("dtheta of a mini-batch of one example uses b = 1",
                    std::vector<double>{0.5, -0.5}, g, common::tol<double>::exact);

    // the gradient against central differences on random data, shifted and scaled
    common::Rng rng(231);
    common::Dataset<double> r{Matrix<double>(4, 5), std::vector<double>(5), {"a", "b", "c", "d"}};
    for (double& x : r.X.values()) x = 5 * rng.normal() + 12;
    for (double& y : r.y) y = rng.normal();
    std::vector<double> t0(4);
    for (double& t : t0) t = rng.normal();
    std::vector<double> analytic(4);
    common::gradient<double>(t0, r, common::all_examples(r), analytic);
    const auto numeric = common::numerical_gradient(
        [&](std::span<const double> t) { return common::cost<double>(t, r, common::all_examples(r)); },
        t0);
    const double err = common::max_gradient_error(analytic, numeric);
    // central differences in double: expect errors around 1e-10
    check.that("dtheta matches central differences (rel err < 1e-7)", err < common::tol<double>::grad,
               "max rel err " + common::Checker::fmt(err));

    // mini-batches: m = 50, m_t = 16 gives 16, 16, 16, 2
    const auto batches = common::mini_batches(50, 16);
    check.that("mini-batches: m = 50, m_t = 16 gives T = 4 mini-batches",
               batches.size() == 4, std::to_string(batches.size()) + " mini-batches");
    check.that("mini-batches: the last one is smaller (2 examples) and they tile 0..49",
               batches.size() == 4 && batches[3].first == 48 && batches[3].count == 2 &&
                   batches[1].first == 16 && batches[1].count == 16);
    check.that("mini-batches: m_t = m gives one batch (batch GD)",
               common::mini_batches(50, 50).size() == 1);
    check.that("mini-batches: m_t > m gives one batch of all m",
               common::mini_batches(50, 80).size() == 1 && common::mini_batches(50, 80)[0].count == 50);
    check.that("mini-batches: m_t = 1 gives m batches (stochastic GD)",
               common::mini_batches(50, 1).size() == 50);
    check.throws("mini-batches: m_t = 0 is refused", [] { common::mini_batches(5, 0); }, "at least 1");

    // reordering examples keeps (x, y) pairs together
    const std::vector<std::size_t> order = {1, 0};
    common::Dataset<double> swapped;
    common::reorder_examples(d, order, swapped);
    check.that("reorder: column k of the result is column order[k], with its target",
               swapped.X(1, 0) == -1 && swapped.y[0] == 0 && swapped.X(1, 1) == 2 && swapped.y[1] == 3);

    // least squares recovers the coefficients of a noiseless problem
    const auto exact = well_conditioned_problem(40, 3, 0.0);
    check.all_close("least squares: (X X^T) theta = X y recovers theta = (1, 2, -3)",
                    std::vector<double>{1, 2, -3}, common::least_squares(exact),
                    common::tol<double>::exact);

    // standardization
    common::Dataset<double> s{Matrix<double>::from_rows({{1, 2, 3, 4}}), {0, 0, 0, 0}, {"x"}};
    const auto stats = common::standardize(s);
    double mean = 0, var = 0;
    for (double x : s.X.row(0)) mean += x / 4;
    for (double x : s.X.row(0)) var += (x - mean) * (x - mean) / 4;
    check.close("standardize: mean 0", 0, mean, common::tol<double>::exact);
    check.close("standardize: variance 1", 1, var, common::tol<double>::exact);
    check.close("standardize: keeps the mean it removed (2.5)", 2.5, stats.mean[0], 0);
    common::Dataset<double> flat{Matrix<double>::from_rows({{7, 7, 7}}), {0, 0, 0}, {"s9"}};
    check.throws("standardize: a constant feature is refused by name",
                 [&] { common::standardize(flat); }, "\"s9\" is constant");
    common::add_intercept(s);
    check.that("add_intercept: row 0 is all ones and is called intercept",
               s.p() == 2 && s.X(0, 3) == 1 && s.features[0] == "intercept");

    // the training loop stops on divergence and says where
    auto big = well_conditioned_problem(40, 4, 0.1);
    std::vector<double> th(3, 0.0);
    common::Sgd<double> step;
    step.hyper.alpha = 50;  // far above 2 / lambda_max
    common::Rng rng2(1);
    const auto hist = common::train(big, th, step, {.epochs = 1000, .batch_size = 40}, rng2);
    check.that("train: a diverging run stops at the epoch whose cost is Inf/NaN",
               hist.diverged_at > 0 && hist.diverged_at < 1000 &&
                   hist.cost.size() == hist.diverged_at && hist.diverged_alpha == 50,
               "diverged_at = " + std::to_string(hist.diverged_at));
}
