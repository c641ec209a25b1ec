// Tests of chapters/01-gradient-descent/linear_model.hpp and train.hpp: the linear model's
// equations on a worked example, its gradient against finite differences, its mini-batches,
// the data as the optimizer chapters load it, and a training run from theta = 0.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "common/check.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "common/random.hpp"
#include "chapters/01-gradient-descent/train.hpp"

// A small problem with a known answer: y = 1 + 2 x1 - 3 x2 + noise, intercept in row 0.
inline gradient_descent::Dataset<double> well_conditioned_problem(std::size_t m,
                                                                  std::uint64_t seed,
                                                                  double noise) {
    common::Rng rng(seed);
    gradient_descent::Dataset<double> d{common::Matrix<double>(3, m), std::vector<double>(m),
                              {"intercept", "x1", "x2"}};
    for (std::size_t k = 0; k < m; ++k) {
        d.X(0, k) = 1;
        d.X(1, k) = rng.normal();
        d.X(2, k) = rng.normal();
        d.y[k] = 1 + 2 * d.X(1, k) - 3 * d.X(2, k) + noise * rng.normal();
    }
    return d;
}

// The fast forms train() runs on rows of X^T (linear_model.hpp) against the readable
// equations on a reordered copy of X: for p below, at and between multiples of the SIMD
// width W (the masked last block), shuffled mini-batches with a shorter last one.
template <class T>
void test_rows_of_Xt(common::Checker& check, const std::string& type) {
    namespace gd = gradient_descent;
    const double tol = common::tol<T>::simd * 10;
    for (std::size_t p : {std::size_t(1), std::size_t(3), std::size_t(8), std::size_t(11),
                          std::size_t(16), std::size_t(20), std::size_t(37)}) {
        const std::string at = " (" + type + ", p = " + std::to_string(p) + ")";
        common::Rng rng(100 + p);
        const std::size_t m = 37;
        gd::Dataset<T> d{common::Matrix<T>(p, m), std::vector<T>(m), {}};
        for (T& x : d.X.values()) x = T(rng.normal(1, 2));
        for (T& y : d.y) y = T(rng.normal());
        std::vector<T> theta(p);
        for (T& t : theta) t = T(rng.normal());
        const common::Matrix<T> Xt = d.X.transpose();
        const std::vector<std::size_t> order = rng.permutation(m);
        gd::Dataset<T> copy;  // the examples in `order`, as the readable forms read them
        gd::reorder_examples(d, std::span<const std::size_t>(order), copy);

        std::vector<T> r_rows(m), r_copy(m), g_rows(p), g_copy(p);
        double worst_r = 0, worst_g = 0;
        for (const gd::Columns& batch : gd::mini_batches(m, 10)) {
            const auto examples =
                std::span<const std::size_t>(order).subspan(batch.first, batch.count);
            gd::gradient_of_examples<T>(theta, Xt, d.y, examples, r_rows, g_rows);
            gd::residuals<T>(theta, copy, batch, std::span<T>(r_copy).first(batch.count));
            gd::gradient<T>(theta, copy, batch, g_copy);
            for (std::size_t n = 0; n < batch.count; ++n) {
                worst_r = std::max(worst_r, common::relative_error(r_copy[n], r_rows[n]));
            }
            for (std::size_t j = 0; j < p; ++j) {
                worst_g = std::max(worst_g, common::relative_error(g_copy[j], g_rows[j]));
            }
        }
        check.close("residuals_of_examples = residuals() on a reordered copy of X" + at, 0,
                    worst_r, tol);
        check.close("gradient_of_examples = gradient() on a reordered copy of X, shuffled "
                    "mini-batches of 10" + at, 0, worst_g, tol);

        // the fused plain step on one example against gradient_one_example, then Sgd::step
        std::vector<T> fused = theta, readable = theta, g(p);
        gd::Sgd<T> sgd;
        sgd.hyper.alpha = T(0.01);
        for (std::size_t k : order) {
            sgd.step_on_example(fused, Xt.row(k), d.y[k]);
            gd::gradient_one_example<T>(readable, Xt.row(k), d.y[k], g);
            sgd.step(readable, g);
        }
        check.all_close("Sgd::step_on_example = gradient_one_example, then Sgd::step, over " +
                            std::to_string(m) + " examples" + at,
                        readable, fused, tol);
    }
}

inline void test_linear_model(common::Checker& check) {
    using common::Matrix;
    // Worked example: x^(1) = (1, 2), x^(2) = (1, -1), y = (3, 0), theta = (1, 0.5).
    // h = (1 + 1, 1 - 0.5) = (2, 0.5); residuals y - h = (1, -0.5)
    // J = 1/(2*2) (1 + 0.25) = 0.3125
    // dtheta = -(1/2) (1*(1,2) + (-0.5)*(1,-1)) = -(1/2) (0.5, 2.5) = (-0.25, -1.25)
    gradient_descent::Dataset<double> d{
        Matrix<double>::from_rows({{1, 1}, {2, -1}}), {3, 0}, {"a", "b"}};
    const std::vector<double> theta = {1, 0.5};
    check.close("h = theta^T x on a worked example", 0.5,
                gradient_descent::h<double>(theta, d.X, 1), 0);
    check.close("J = 1/(2m) sum (y - h)^2 on a worked example", 0.3125,
                gradient_descent::cost<double>(theta, d, gradient_descent::all_examples(d)),
                common::tol<double>::exact);
    std::vector<double> g(2);
    gradient_descent::gradient<double>(theta, d, gradient_descent::all_examples(d), g);
    check.all_close("dtheta = -(1/m) sum (y - h) x on a worked example",
                    std::vector<double>{-0.25, -1.25}, g, common::tol<double>::exact);
    gradient_descent::gradient<double>(theta, d, {1, 1}, g);
    // one example, the second: -(1)(-0.5)(1, -1) = (0.5, -0.5)
    check.all_close("dtheta of a mini-batch of one example uses b = 1",
                    std::vector<double>{0.5, -0.5}, g, common::tol<double>::exact);

    // stochastic GD's form: the example as a row of X^T
    const Matrix<double> rows = d.X.transpose();
    std::vector<double> g_one(2);
    gradient_descent::gradient_one_example<double>(theta, rows.row(1), d.y[1], g_one);
    check.all_close("dtheta = -(y - theta^T x) x of one example, from its row of X^T",
                    std::vector<double>{0.5, -0.5}, g_one, common::tol<double>::exact);

    // the gradient against central differences on random data, shifted and scaled
    common::Rng rng(231);
    gradient_descent::Dataset<double> r{
        Matrix<double>(4, 5), std::vector<double>(5), {"a", "b", "c", "d"}};
    for (double& x : r.X.values()) x = 5 * rng.normal() + 12;
    for (double& y : r.y) y = rng.normal();
    std::vector<double> t0(4);
    for (double& t : t0) t = rng.normal();
    std::vector<double> analytic(4);
    gradient_descent::gradient<double>(t0, r, gradient_descent::all_examples(r), analytic);
    const auto numeric = common::numerical_gradient(
        [&](std::span<const double> t) {
            return gradient_descent::cost<double>(t, r, gradient_descent::all_examples(r));
        },
        t0);
    const double err = common::max_gradient_error(analytic, numeric);
    // central differences in double: expect errors around 1e-10
    check.that("dtheta matches central differences (rel err < 1e-7)",
               err < common::tol<double>::grad, "max rel err " + common::Checker::fmt(err));

    // mini-batches: m = 50, m_t = 16 gives 16, 16, 16, 2
    const auto batches = gradient_descent::mini_batches(50, 16);
    check.that("mini-batches: m = 50, m_t = 16 gives T = 4 mini-batches",
               batches.size() == 4, std::to_string(batches.size()) + " mini-batches");
    check.that("mini-batches: the last one is smaller (2 examples) and they tile 0..49",
               batches.size() == 4 && batches[3].first == 48 && batches[3].count == 2 &&
                   batches[1].first == 16 && batches[1].count == 16);
    check.that("mini-batches: m_t = m gives one batch (batch GD)",
               gradient_descent::mini_batches(50, 50).size() == 1);
    check.that("mini-batches: m_t > m gives one batch of all m",
               gradient_descent::mini_batches(50, 80).size() == 1 &&
                   gradient_descent::mini_batches(50, 80)[0].count == 50);
    check.that("mini-batches: m_t = 1 gives m batches (stochastic GD)",
               gradient_descent::mini_batches(50, 1).size() == 50);
    check.throws(
        "mini-batches: m_t = 0 is refused", [] { gradient_descent::mini_batches(5, 0); },
        "at least 1");

    // reordering examples keeps (x, y) pairs together
    const std::vector<std::size_t> order = {1, 0};
    gradient_descent::Dataset<double> swapped;
    gradient_descent::reorder_examples(d, order, swapped);
    check.that("reorder: column k of the result is column order[k], with its target",
               swapped.X(1, 0) == -1 && swapped.y[0] == 0 && swapped.X(1, 1) == 2 &&
                   swapped.y[1] == 3);

    // least squares recovers the coefficients of a noiseless problem
    const auto exact = well_conditioned_problem(40, 3, 0.0);
    check.all_close("least squares: (X X^T) theta = X y recovers theta = (1, 2, -3)",
                    std::vector<double>{1, 2, -3}, gradient_descent::least_squares(exact),
                    common::tol<double>::exact);

    // standardization
    gradient_descent::Dataset<double> s{
        Matrix<double>::from_rows({{1, 2, 3, 4}}), {0, 0, 0, 0}, {"x"}};
    const auto stats = gradient_descent::standardize(s);
    double mean = 0, var = 0;
    for (double x : s.X.row(0)) mean += x / 4;
    for (double x : s.X.row(0)) var += (x - mean) * (x - mean) / 4;
    check.close("standardize: mean 0", 0, mean, common::tol<double>::exact);
    check.close("standardize: variance 1", 1, var, common::tol<double>::exact);
    check.close("standardize: keeps the mean it removed (2.5)", 2.5, stats.mean[0], 0);
    gradient_descent::Dataset<double> flat{
        Matrix<double>::from_rows({{7, 7, 7}}), {0, 0, 0}, {"s9"}};
    check.throws("standardize: a constant feature is refused by name",
                 [&] { gradient_descent::standardize(flat); }, "\"s9\" is constant");
    gradient_descent::add_intercept(s);
    check.that("add_intercept: row 0 is all ones and is called intercept",
               s.p() == 2 && s.X(0, 3) == 1 && s.features[0] == "intercept");

    // ||a - b||: (1, 2, 3) against (4, 6, 3) differ by (3, 4, 0), so the distance is 5
    const std::vector<double> a = {1, 2, 3}, b = {4, 6, 3};
    check.close("distance ||a - b|| by hand: (3, 4, 0) is 5 long", 5.0,
                gradient_descent::distance(a, b), common::tol<double>::exact);
    const std::vector<float> af = {1, 2, 3}, bf = {4, 6, 3};
    check.close(
        "distance of spans, in float: 5", 5.0,
        gradient_descent::distance(std::span<const float>(af), std::span<const float>(bf)),
        common::tol<float>::exact);
    check.close("distance of a vector to itself is 0", 0.0, gradient_descent::distance(a, a),
                0);
    check.throws("distance: vectors of different lengths are refused",
                 [&] { gradient_descent::distance(a, std::vector<double>{1, 2}); },
                 "3 and 2 entries");

    // load_standardized_regression: read, standardize each feature, then add x_0 = 1.
    // Feature a = (1, 2, 3, 4): mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25,
    // so its first value becomes -1.5 / sqrt(1.25) = -1.3416407864998738; y is kept as it is.
    {
        namespace fs = std::filesystem;
        const fs::path file =
            fs::temp_directory_path() /
            ("linear_model_test_" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
             ".csv");
        std::ofstream(file) << "a,b,y\n1,10,5\n2,30,6\n3,20,7\n4,40,8\n";
        gradient_descent::Dataset<double> loaded;
        std::string error;
        try {
            loaded = gradient_descent::load_standardized_regression(file.string());
        } catch (const std::exception& e) {
            error = e.what();
        }
        std::error_code ec;
        fs::remove(file, ec);
        check.that("load_standardized_regression: 4 examples, p = 3 (intercept, a, b)",
                   loaded.m() == 4 && loaded.p() == 3 &&
                       loaded.features == std::vector<std::string>{"intercept", "a", "b"},
                   error);
        if (loaded.p() == 3 && loaded.m() == 4) {
            check.all_close("load_standardized_regression: row 0 is x_0 = 1",
                            std::vector<double>(4, 1.0), loaded.X.row(0),
                            common::tol<double>::exact);
            check.close(
                "load_standardized_regression: a is standardized, (1 - 2.5) / sqrt(1.25)",
                -1.3416407864998738, loaded.X(1, 0), common::tol<double>::exact);
            check.all_close("load_standardized_regression: the targets y are not scaled",
                            std::vector<double>{5, 6, 7, 8}, loaded.y, 0);
        }
    }

    // train_from_zero: theta starts at 0, and the seed alone decides the mini-batches.
    {
        const auto data = well_conditioned_problem(40, 6, 0.5);
        gradient_descent::Sgd<double> one;
        one.hyper.alpha = 0.1;
        const auto r =
            gradient_descent::train_from_zero(data, one, {.epochs = 1, .batch_size = 40}, 3);
        std::vector<double> dtheta(3);
        gradient_descent::gradient<double>(std::vector<double>(3, 0.0), data,
                                           gradient_descent::all_examples(data), dtheta);
        check.all_close("train_from_zero: one full-batch epoch is theta = 0 - alpha dtheta(0)",
                        std::vector<double>{-0.1 * dtheta[0], -0.1 * dtheta[1],
                                            -0.1 * dtheta[2]},
                        r.theta, common::tol<double>::exact);
        gradient_descent::Sgd<double> a1, a2;
        a1.hyper.alpha = a2.hyper.alpha = 0.05;
        const gradient_descent::TrainOptions mini{.epochs = 3, .batch_size = 8};
        std::vector<double> by_train(3, 0.0);
        common::Rng rng(11);
        gradient_descent::train(data, by_train, a1, mini, rng);
        const auto from_zero = gradient_descent::train_from_zero(data, a2, mini, 11);
        check.that("train_from_zero(seed) = train from theta = 0 with Rng(seed), mini-batches "
                   "of 8", from_zero.theta == by_train && from_zero.history.steps == 15);
        // alpha_at(i, t) = 0.1 / t over 3 epochs of T = 5 mini-batches: the last is t = 15.
        gradient_descent::Sgd<double> decaying;
        const auto scheduled = gradient_descent::train_from_zero<double>(
            data, decaying, mini, 11,
            [](std::size_t, std::size_t t) { return 0.1 / double(t); });
        check.close("train_from_zero: Run.alpha is the schedule's alpha at the last step, "
                    "0.1 / 15", 0.1 / 15, scheduled.alpha, common::tol<double>::exact);
    }
    // epochs_to_within: the first epoch with J <= factor J_ols, counted from 1; 0 if none.
    check.that(
        "epochs_to_within: J = 120, 105, 100.5 reaches 1.01 x 100 at epoch 3",
        gradient_descent::epochs_to_within<double>({120, 105, 100.5, 100.9}, 100, 1.01) == 3);
    check.that("epochs_to_within: 0 when no epoch gets within the factor",
               gradient_descent::epochs_to_within<double>({120, 105}, 100, 1.01) == 0);

    // train with m_t = 1 reads the examples as rows of X^T; the steps are those of gradient()
    // on one column of X at a time, in the same shuffled order (up to summation order)
    {
        const auto data = well_conditioned_problem(30, 5, 0.3);
        gradient_descent::Sgd<double> sgd;
        sgd.hyper.alpha = 0.05;
        std::vector<double> by_train(3, 0.0);
        common::Rng rng_train(4);
        gradient_descent::train(data, by_train, sgd, {.epochs = 2, .batch_size = 1},
                                rng_train);
        std::vector<double> by_columns(3, 0.0), g_k(3);
        common::Rng rng_columns(4);
        for (int epoch = 0; epoch < 2; ++epoch) {
            for (const std::size_t k : rng_columns.permutation(30)) {
                gradient_descent::gradient<double>(by_columns, data, {k, 1}, g_k);
                for (std::size_t j = 0; j < 3; ++j) by_columns[j] -= 0.05 * g_k[j];
            }
        }
        check.all_close("train, m_t = 1: the same steps as gradient() on one column at a time",
                        by_columns, by_train, 1e-13);
    }

    // the training loop stops on divergence and says where
    auto big = well_conditioned_problem(40, 4, 0.1);
    std::vector<double> th(3, 0.0);
    gradient_descent::Sgd<double> step;
    step.hyper.alpha = 50;  // far above 2 / lambda_max
    common::Rng rng2(1);
    const auto hist =
        gradient_descent::train(big, th, step, {.epochs = 1000, .batch_size = 40}, rng2);
    check.that("train: a diverging run stops at the epoch whose cost is Inf/NaN",
               hist.diverged_at > 0 && hist.diverged_at < 1000 &&
                   hist.cost.size() == hist.diverged_at && hist.diverged_alpha == 50,
               "diverged_at = " + std::to_string(hist.diverged_at));

    test_rows_of_Xt<double>(check, "double");
    test_rows_of_Xt<float>(check, "float");
}
