// run_linreg.hpp: runs a `linreg` case (FORMAT.md) through chapters/01-gradient-descent/linear_model.hpp and
// chapters/01-gradient-descent/train.hpp with the plain step theta := theta - alpha dtheta, no shuffling.
#pragma once

#include <string>
#include <vector>

#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "common/random.hpp"
#include "chapters/01-gradient-descent/train.hpp"
#include "tests/reference/compare.hpp"

namespace reference {

template <class T>
Outcome run_linreg(const Case& c) {
    const auto& X = c.matrix("X");
    const std::size_t p = X.rows(), m = X.cols();
    gradient_descent::Dataset<T> data{as<T>(X), {}, std::vector<std::string>(p, "x")};
    const auto y = as<T>(c.matrix("y", 1, m));
    data.y.assign(y.values().begin(), y.values().end());
    const auto theta0 = as<T>(c.matrix("theta0", p, 1));
    const auto& expected_theta = c.matrix("theta");
    const std::size_t epochs = expected_theta.rows();
    c.matrix("theta", epochs, p);
    const auto& expected_cost = c.matrix("cost", 1, epochs);

    const std::string variant = c.word("variant");
    const double batch_size = c.number("batch_size");
    if (variant != "batch" && variant != "minibatch" && variant != "stochastic") {
        throw ReferenceError(c.where("variant") + ": unknown variant `" + variant + "`");
    }
    if (!(batch_size >= 1)) throw ReferenceError(c.where("batch_size") + ": must be >= 1");

    gradient_descent::Sgd<T> step;
    step.hyper.alpha = T(c.number("lr"));
    std::vector<T> theta(theta0.values().begin(), theta0.values().end());
    common::Rng unused(0);
    const auto history = gradient_descent::train(
        data, theta, step,
        gradient_descent::TrainOptions{.epochs = epochs, .batch_size = std::size_t(batch_size),
                             .shuffle = false},
        unused);

    Outcome out;
    for (std::size_t i = 0; i < epochs; ++i) {
        if (i < history.theta.size()) {
            out.compare_row<T>("theta", expected_theta, i, history.theta[i]);
            out.compare("cost[" + std::to_string(i + 1) + "]", expected_cost(0, i),
                        double(history.cost[i]));
        } else {
            out.compare("cost[" + std::to_string(i + 1) + "] (run stopped early)",
                        expected_cost(0, i), NAN);
        }
    }
    const std::vector<T> theta_ols = gradient_descent::least_squares(data);
    out.compare_row<T>("theta_ols", c.matrix("theta_ols", 1, p), 0, theta_ols);
    return out;
}

}  // namespace reference
