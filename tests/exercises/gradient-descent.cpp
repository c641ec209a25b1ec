// The gradient-descent exercise (chapters/01-gradient-descent/linear_model.hpp): the linear
// model's residuals, its cost J, the batch gradient and the gradient of one example, as the
// notes' sections on batch, stochastic and mini-batch gradient descent write them.
// Each equation is checked on its own: the gradient gets residuals made here, not the
// learner's, so a wrong residual does not make a right gradient look wrong. The residuals
// and the one-example gradient run through the SIMD helpers (simd_map, row_dot), so they
// are checked in double and in float, with whole SIMD registers and a scalar tail.
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "chapters/01-gradient-descent/linear_model.hpp"
#include "tests/exercises/exercise.hpp"

namespace {

using gradient_descent::Columns;
using gradient_descent::Dataset;

constexpr std::size_t p = 3, m = 37;  // 37 examples: whole SIMD registers and a tail

// Feature j of example k (feature 0 is the intercept x_0 = 1), the target of example k,
// and the theta the checks use; every value is computed here, by hand.
double x_of(std::size_t j, std::size_t k) {
    if (j == 0) return 1.0;
    if (j == 1) return 0.1 * double(k) - 1.5;
    return double((7 * k) % 11) / 5.0 - 1.0;
}
double y_of(std::size_t k) { return 3.0 + 0.05 * double(k) + double((5 * k) % 7) / 3.0; }
const std::vector<double> theta_d = {0.3, -1.2, 0.8};

template <class T>
Dataset<T> data() {
    Dataset<T> d;
    d.X = common::Matrix<T>(p, m);
    for (std::size_t j = 0; j < p; ++j) {
        for (std::size_t k = 0; k < m; ++k) d.X(j, k) = T(x_of(j, k));
    }
    for (std::size_t k = 0; k < m; ++k) d.y.push_back(T(y_of(k)));
    d.features = {"intercept", "x1", "x2"};
    return d;
}

template <class T>
std::vector<T> as(const std::vector<double>& v) {
    return std::vector<T>(v.begin(), v.end());
}
template <class T>
std::vector<double> to_double(const std::vector<T>& v) {
    return std::vector<double>(v.begin(), v.end());
}

// y_k - theta^T x_k for the examples first .. first + count - 1, by hand.
std::vector<double> residuals_by_hand(std::size_t first, std::size_t count) {
    std::vector<double> r;
    for (std::size_t k = first; k < first + count; ++k) {
        double h = 0;
        for (std::size_t j = 0; j < p; ++j) h += theta_d[j] * x_of(j, k);
        r.push_back(y_of(k) - h);
    }
    return r;
}

std::vector<double> scaled(std::vector<double> v, double c) {
    for (double& x : v) x *= c;
    return v;
}

// The learner's residuals of `batch` (r starts at 0, as gradient() makes it).
template <class T>
std::vector<double> learner_residuals(Columns batch) {
    const Dataset<T> d = data<T>();
    const std::vector<T> theta = as<T>(theta_d);
    std::vector<T> r(batch.count, T(0));
    gradient_descent::residuals(std::span<const T>(theta), d, batch, std::span<T>(r));
    return to_double(r);
}

// The learner's dtheta from the residuals r of `batch` (dtheta starts at 0).
template <class T>
std::vector<double> learner_gradient(Columns batch, const std::vector<double>& r) {
    const Dataset<T> d = data<T>();
    const std::vector<T> rt = as<T>(r);
    std::vector<T> dtheta(p, T(0));
    gradient_descent::gradient_from_residuals(d, batch, std::span<const T>(rt),
                                              std::span<T>(dtheta));
    return to_double(dtheta);
}

using exercise::g;

}  // namespace

int main() {
    exercise::Sheet sheet("Gradient descent", "gradient-descent");
    const Columns all{0, m}, part{5, 29};  // all 37 examples; a mini-batch of 29 from 5

    // ---- r^(i) = y^(i) - theta^T x^(i)
    auto& r_eq = sheet.equation(
        "r^(i) = y^(i) - h_theta(x^(i)) = y^(i) - theta^T x^(i)",
        "r holds one value per example of `batch` (examples batch.first, ..., batch.first + "
        "batch.count - 1): its target minus the prediction theta^T x. X keeps one feature per "
        "row (d.X.row(j)), so the prediction can be taken away one feature row at a time "
        "with simd_map.");
    r_eq.run([&] {
        const std::vector<double> want = residuals_by_hand(0, m);
        const std::vector<double> got = learner_residuals<double>(all);
        r_eq.close_all("r for all 37 examples (double, through simd_map)", want, got, 1e-12);
        r_eq.mistake("the residual's sign is flipped: r = theta^T x - y. J does not notice "
                     "(r is squared), but the gradient -(1/m) sum r x then points uphill and "
                     "every step theta := theta - alpha dtheta climbs J (gradient ascent).",
                     scaled(want, -1.0), got);
        std::vector<double> no_y = want;
        for (std::size_t k = 0; k < m; ++k) no_y[k] -= y_of(k);
        r_eq.mistake("y is missing: r = -theta^T x. Start r from the batch's targets y, then "
                     "take theta^T x away.",
                     no_y, got);
        const std::vector<double> want_part = residuals_by_hand(part.first, part.count);
        const std::vector<double> got_part = learner_residuals<double>(part);
        r_eq.close_all("r for the mini-batch of examples 5..33 (29 values)", want_part,
                       got_part, 1e-12);
        r_eq.mistake("r is computed for the first 29 examples, not for the batch's: the batch "
                     "starts at example batch.first (5 here), in y and in each row of X.",
                     residuals_by_hand(0, part.count), got_part);
        r_eq.close_all("r for all 37 examples in float (theta^T x in float)", want,
                       learner_residuals<float>(all), 1e-5);
    });

    // ---- J(theta) = 1/(2m) sum (y - h)^2
    auto& j_eq = sheet.equation(
        "J(theta) = 1/(2m) sum_{i=1}^m (y^(i) - h_theta(x^(i)))^2",
        "Sum the squared errors y - h(theta, d.X, k) over the batch's examples (h is given "
        "above), then divide by 2m, where m is the batch's number of examples, batch.count "
        "(the notes' m_t for a mini-batch).");
    j_eq.run([&] {
        double squares = 0, sum = 0;
        for (double r : residuals_by_hand(0, m)) {
            squares += r * r;
            sum += r;
        }
        const double want = squares / (2.0 * double(m));
        const Dataset<double> d = data<double>();
        const double got = gradient_descent::cost(std::span<const double>(theta_d), d, all);
        j_eq.close("J on all 37 examples: (1/74) sum r^2", want, got, 1e-12);
        j_eq.mistake("J has no 1/(2m): it is the plain sum of squares, 2m = 74 times the "
                     "notes' J here, and it grows with the number of examples.",
                     squares, got);
        j_eq.mistake("J divides by m, not by 2m: twice the notes' J. The 1/2 is there so "
                     "that it cancels the 2 of the square's derivative: dJ/dtheta = -(1/m) "
                     "sum r x.",
                     squares / double(m), got);
        j_eq.mistake("the errors are not squared: sum r / (2m) lets positive and negative "
                     "errors cancel, so it is no measure of fit.",
                     sum / (2.0 * double(m)), got);
        double squares_part = 0;
        for (double r : residuals_by_hand(part.first, part.count)) squares_part += r * r;
        const double got_part =
            gradient_descent::cost(std::span<const double>(theta_d), d, part);
        j_eq.close("J on the mini-batch of examples 5..33: (1/58) sum r^2",
                   squares_part / (2.0 * double(part.count)), got_part, 1e-12);
        j_eq.mistake("J divides by all m = 37 examples of the data, not by the batch's "
                     "batch.count = 29: a mini-batch's J is 1/(2 m_t) sum over its m_t "
                     "examples.",
                     squares_part / (2.0 * double(m)), got_part);
        double squares_first = 0;
        for (double r : residuals_by_hand(0, part.count)) squares_first += r * r;
        j_eq.mistake("J sums the first 29 examples, not the batch's: the batch starts at "
                     "example batch.first (5 here).",
                     squares_first / (2.0 * double(part.count)), got_part);
        const Dataset<float> df = data<float>();
        const std::vector<float> theta_f = as<float>(theta_d);
        j_eq.close("J on all 37 examples in float", want,
                   double(gradient_descent::cost(std::span<const float>(theta_f), df, all)),
                   1e-5);
    });

    // ---- dJ/dtheta_j = -(1/m) sum r x_j
    auto& d_eq = sheet.equation(
        "dJ/dtheta_j = -(1/m) sum_{i=1}^m r^(i) x_j^(i)",
        "r already holds the batch's residuals. For each feature j, add up r times feature "
        "j of the same examples (row_dot with the batch's part of d.X.row(j)), then scale "
        "by -1/m, m = batch.count.");
    d_eq.run([&] {
        // Residuals made here (not the learner's): r_k = 1.5 - 0.1 k + (k mod 3).
        std::vector<double> r(m);
        for (std::size_t k = 0; k < m; ++k) r[k] = 1.5 - 0.1 * double(k) + double(k % 3);
        const auto by_hand = [&](Columns batch, const std::vector<double>& rb, double scale) {
            std::vector<double> dtheta(p, 0.0);
            for (std::size_t j = 0; j < p; ++j) {
                for (std::size_t i = 0; i < batch.count; ++i) {
                    dtheta[j] += rb[i] * x_of(j, batch.first + i);
                }
                dtheta[j] *= scale;
            }
            return dtheta;
        };
        const double b = double(m);
        const std::vector<double> got = learner_gradient<double>(all, r);
        d_eq.close_all("dtheta on all 37 examples", by_hand(all, r, -1.0 / b), got, 1e-12);
        d_eq.mistake("dtheta has no 1/m: it is m = 37 times the gradient of the notes' J, so "
                     "a learning rate alpha acts like 37 alpha (and the right alpha depends "
                     "on the batch size).",
                     by_hand(all, r, -1.0), got);
        d_eq.mistake("dtheta's sign is flipped: +(1/m) sum r x points uphill, and theta := "
                     "theta - alpha dtheta climbs J (gradient ascent).",
                     by_hand(all, r, 1.0 / b), got);
        d_eq.mistake("dtheta has 1/(2m) where the notes' J gives 1/m: the 2 of d(r^2) = "
                     "2 r dr cancels the 1/2 of J, so the gradient is half what it should be.",
                     by_hand(all, r, -0.5 / b), got);
        const std::vector<double> r_part(r.begin(), r.begin() + std::ptrdiff_t(part.count));
        const std::vector<double> got_part = learner_gradient<double>(part, r_part);
        d_eq.close_all("dtheta on the mini-batch of examples 5..33 (r has its 29 values)",
                       by_hand(part, r_part, -1.0 / double(part.count)), got_part, 1e-12);
        d_eq.mistake("dtheta divides by all m = 37 examples of the data, not by the batch's "
                     "batch.count = 29.",
                     by_hand(part, r_part, -1.0 / b), got_part);
        d_eq.mistake("dtheta uses the first 29 examples of X, not the batch's: r_i belongs to "
                     "example batch.first + i (5 + i here).",
                     by_hand({0, part.count}, r_part, -1.0 / double(part.count)), got_part);
        d_eq.close_all("dtheta on all 37 examples in float", by_hand(all, r, -1.0 / b),
                       learner_gradient<float>(all, r), 1e-5);
    });

    // ---- one example: dJ/dtheta_j = -(y - theta^T x) x_j
    auto& o_eq = sheet.equation(
        "one example: dJ/dtheta_j = -(y^(i) - theta^T x^(i)) x_j^(i)",
        "Stochastic GD's J = 1/2 (y - theta^T x)^2 has one example and no 1/m: compute its "
        "residual y - theta^T x (row_dot), then dtheta_j = minus that residual times x_j, "
        "for every j (simd_map).");
    o_eq.run([&] {
        // 19 features: whole SIMD registers and a tail in double and in float.
        constexpr std::size_t n = 19;
        std::vector<double> theta(n), x(n);
        for (std::size_t j = 0; j < n; ++j) {
            theta[j] = 0.05 * double(j) - 0.4;
            x[j] = 1.0 - 0.1 * double(j) + double(j % 4) * 0.25;
        }
        const double y = 2.5;
        double h = 0;
        for (std::size_t j = 0; j < n; ++j) h += theta[j] * x[j];
        const double r = y - h;
        const auto times_x = [&](double c) {
            std::vector<double> v(n);
            for (std::size_t j = 0; j < n; ++j) v[j] = c * x[j];
            return v;
        };
        std::vector<double> got(n, 0.0);
        gradient_descent::gradient_one_example(std::span<const double>(theta),
                                               std::span<const double>(x), y,
                                               std::span<double>(got));
        o_eq.close_all("dtheta of one example with 19 features (double, residual " + g(r) +
                           ")",
                       times_x(-r), got, 1e-12);
        o_eq.mistake("dtheta's sign is flipped (r = theta^T x - y, or the minus of -r x "
                     "dropped): every step theta := theta - alpha dtheta climbs J (gradient "
                     "ascent).",
                     times_x(r), got);
        o_eq.mistake("dtheta has a factor 1/2: the 2 of d(r^2) = 2 r dr cancels the 1/2 of "
                     "J = 1/2 r^2, so dtheta_j = -r x_j.",
                     times_x(-0.5 * r), got);
        o_eq.mistake("x_j is missing: every dtheta_j is -r; each must be -r times its own "
                     "feature x_j.",
                     std::vector<double>(n, -r), got);
        const std::vector<float> theta_f = as<float>(theta), x_f = as<float>(x);
        std::vector<float> got_f(n, 0.0f);
        gradient_descent::gradient_one_example(std::span<const float>(theta_f),
                                               std::span<const float>(x_f), float(y),
                                               std::span<float>(got_f));
        o_eq.close_all("dtheta of one example in float", times_x(-r), to_double(got_f), 1e-5);
    });
    return sheet.finish();
}
