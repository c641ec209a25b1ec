// Tests of chapter 1, gradient descent: each variant does what the notes say it does and
// reaches the least-squares solution on a well-conditioned problem.
#include <cmath>
#include <vector>

#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "common/check.hpp"
#include "tests/gradient_descent/linear_model_test.hpp"

namespace gd = gradient_descent;

int main() {
    common::Checker check("gradient-descent");
    check.hint("r = y - theta^T X row by row; dtheta_j = -(1/b) sum_k r_k x_jk; for one "
               "example dtheta = -(y - theta^T x) x; theta := theta - alpha dtheta "
               "(chapters/01-gradient-descent/linear_model.hpp, gradient_descent.hpp)");
    const auto data = well_conditioned_problem(200, 17, 0.5);
    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    const std::vector<double> theta0(data.p(), 0.0);  // every run starts at theta = 0

    // Batch GD: one epoch is exactly one step theta := theta - alpha dtheta on all m examples.
    const auto one = gd::run(gd::Variant::batch, data, 0.1, 1, 64, 1);
    std::vector<double> dtheta(data.p());
    gradient_descent::gradient<double>(theta0, data, gradient_descent::all_examples(data), dtheta);
    std::vector<double> by_hand(data.p());
    for (std::size_t j = 0; j < data.p(); ++j) by_hand[j] = theta0[j] - 0.1 * dtheta[j];
    check.all_close("batch GD: one epoch = one step theta := theta - alpha dtheta over all m",
                    by_hand, one.theta, common::tol<double>::exact);

    // Stochastic GD's gradient of one example x (a row of X^T): dtheta = -(y - theta^T x) x.
    // x = (1, 2, -1), y = 4, theta = (0.5, 1, 2): theta^T x = 0.5, r = 3.5, dtheta = -3.5 x.
    {
        const std::vector<double> x = {1, 2, -1}, theta = {0.5, 1, 2};
        std::vector<double> g(3);
        gradient_descent::gradient_one_example<double>(theta, x, 4.0, g);
        check.all_close("stochastic GD: dtheta = -(y - theta^T x) x of one example, by hand",
                        std::vector<double>{-3.5, -7, 3.5}, g, common::tol<double>::exact);
    }

    // Updates per epoch: batch 1, stochastic m, mini-batch T = ceil(m / m_t).
    const auto b = gd::run(gd::Variant::batch, data, 0.1, 3, 64, 1);
    const auto s = gd::run(gd::Variant::stochastic, data, 0.01, 3, 64, 1);
    const auto mb = gd::run(gd::Variant::minibatch, data, 0.05, 3, 64, 1);
    check.that("batch GD takes 1 step per epoch", b.history.steps == 3);
    check.that("stochastic GD takes m steps per epoch", s.history.steps == 3 * 200);
    check.that("mini-batch GD takes T = ceil(200/64) = 4 steps per epoch", mb.history.steps == 12);

    // Each variant converges to the least-squares solution.
    struct Setting {
        gd::Variant v;
        double alpha;
        std::size_t epochs;
        double tolerance;  // stochastic GD stays in a noise ball of size ~ alpha
    };
    for (const Setting& st : {Setting{gd::Variant::batch, 0.5, 200, 1e-8},
                              Setting{gd::Variant::minibatch, 0.01, 300, 1e-2},
                              Setting{gd::Variant::stochastic, 0.002, 200, 5e-2}}) {
        const auto r = gd::run(st.v, data, st.alpha, st.epochs, 32, 5);
        const double dist = gradient_descent::distance(r.theta, theta_ols);
        check.that(std::string(gd::name(st.v)) +
                       " GD converges to theta_ols (||theta - theta_ols|| < " +
                       common::Checker::fmt(st.tolerance) + ")",
                   dist < st.tolerance, "distance " + common::Checker::fmt(dist));
    }

    // Reproducible: the same seed gives the same run; another seed another order.
    const auto s1 = gd::run(gd::Variant::stochastic, data, 0.01, 2, 1, 9);
    const auto s2 = gd::run(gd::Variant::stochastic, data, 0.01, 2, 1, 9);
    const auto s3 = gd::run(gd::Variant::stochastic, data, 0.01, 2, 1, 10);
    check.that("stochastic GD: the same seed reproduces theta exactly", s1.theta == s2.theta);
    check.that("stochastic GD: another seed visits the examples in another order",
               s1.theta != s3.theta);

    // Batch GD's cost never rises for a small enough alpha (alpha < 2 / lambda_max).
    bool monotone = true;
    for (std::size_t i = 1; i < b.history.cost.size(); ++i) {
        monotone = monotone && b.history.cost[i] <= b.history.cost[i - 1];
    }
    check.that("batch GD: J decreases every epoch for a small alpha", monotone);
    test_linear_model(check);  // the model, its data and the training loop (linear_model_test.hpp)
    return check.finish();
}
