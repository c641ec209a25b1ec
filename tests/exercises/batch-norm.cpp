// The batch-norm exercise (chapters/07-batch-norm/batch_norm.hpp): the four lines of the
// forward pass (mu, sigma2, z_norm, z_tilde) and the backward pass in the notes' n x m layout
// (dbeta, dgamma, dZ), then beyond the notes layer norm's dZ of one example. Each line is
// checked on its own, on inputs the checker makes: sigma2 gets the exact mu, z_norm the exact
// mu and sigma2, backward() a cache computed here by hand, layer norm's dZ an example's z_norm
// by hand, so a wrong mu does not make a right sigma2 look wrong. dZ reads dbeta and dgamma
// (its means are dbeta / m and dgamma / m): it is checked once they are right. Every output
// buffer starts as NaN, so an empty body can pass no check; the gradients are held against the
// by-hand formulas AND against central differences of the checker's own forward pass.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/07-batch-norm/batch_norm.hpp"
#include "tests/exercises/exercise.hpp"

namespace {

using batch_norm::Matrix;
const double not_set = std::numeric_limits<double>::quiet_NaN();

std::string g3(double x) {
    char t[32];
    std::snprintf(t, sizeof t, "%.3g", x);
    return t;
}

template <class T>
std::vector<T> as(const std::vector<double>& x) {
    return std::vector<T>(x.begin(), x.end());
}
template <class T>
std::vector<double> doubles(std::span<const T> x) {
    return std::vector<double>(x.begin(), x.end());
}

// The forward pass by hand, in double, straight from the notes (plain loops).
struct Layer {
    std::size_t n = 0, m = 0;
    Matrix<double> Z, dZ_tilde;
    std::vector<double> gamma, beta;
    double eps = 0;
    std::vector<double> mu, sigma2;
    Matrix<double> Z_norm, Z_tilde;
};

void forward_by_hand(Layer& L) {
    L.mu.assign(L.n, 0);
    L.sigma2.assign(L.n, 0);
    L.Z_norm = Matrix<double>(L.n, L.m);
    L.Z_tilde = Matrix<double>(L.n, L.m);
    for (std::size_t k = 0; k < L.n; ++k) {
        for (std::size_t i = 0; i < L.m; ++i) L.mu[k] += L.Z(k, i) / double(L.m);
        for (std::size_t i = 0; i < L.m; ++i) {
            L.sigma2[k] += (L.Z(k, i) - L.mu[k]) * (L.Z(k, i) - L.mu[k]) / double(L.m);
        }
        for (std::size_t i = 0; i < L.m; ++i) {
            L.Z_norm(k, i) = (L.Z(k, i) - L.mu[k]) / std::sqrt(L.sigma2[k] + L.eps);
            L.Z_tilde(k, i) = L.gamma[k] * L.Z_norm(k, i) + L.beta[k];
        }
    }
}

// J = sum_{k,i} dZ_tilde(k, i) Z_tilde(k, i), through the forward pass by hand.
double projected(Layer L) {
    forward_by_hand(L);
    double J = 0;
    for (std::size_t k = 0; k < L.n; ++k)
        for (std::size_t i = 0; i < L.m; ++i) J += L.dZ_tilde(k, i) * L.Z_tilde(k, i);
    return J;
}

// Central differences of J in Z (in Z's order), in gamma and in beta; h = 1e-5.
struct Numeric {
    std::vector<double> dZ, dgamma, dbeta;
};
Numeric central_differences(const Layer& L, double h = 1e-5) {
    Numeric d;
    for (std::size_t q = 0; q < L.Z.size(); ++q) {
        Layer up = L, down = L;
        up.Z.values()[q] += h;
        down.Z.values()[q] -= h;
        d.dZ.push_back((projected(up) - projected(down)) / (2 * h));
    }
    for (std::size_t k = 0; k < L.n; ++k) {
        Layer up = L, down = L;
        up.gamma[k] += h;
        down.gamma[k] -= h;
        d.dgamma.push_back((projected(up) - projected(down)) / (2 * h));
        up = L;
        down = L;
        up.beta[k] += h;
        down.beta[k] -= h;
        d.dbeta.push_back((projected(up) - projected(down)) / (2 * h));
    }
    return d;
}

// n = 3 features, m = 13 examples: whole SIMD registers and a tail, in double and in float.
Layer make_layer() {
    Layer L;
    L.n = 3;
    L.m = 13;
    L.Z = Matrix<double>(L.n, L.m);
    L.dZ_tilde = Matrix<double>(L.n, L.m);
    for (std::size_t k = 0; k < L.n; ++k) {
        for (std::size_t i = 0; i < L.m; ++i) {
            L.Z(k, i) = 10 + 3 * std::sin(1.3 * double(i) + 2.1 * double(k)) + 0.2 * double(i * k);
            L.dZ_tilde(k, i) = std::cos(0.7 * double(i) - 1.1 * double(k)) + 0.3 * double(k);
        }
    }
    L.gamma = {1.5, 0.8, 2.0};
    L.beta = {0.3, -1.0, 0.5};
    L.eps = 1e-3;
    forward_by_hand(L);
    return L;
}

// The cache backward() reads, filled from the forward pass by hand.
template <class T>
batch_norm::Cache<T> cache_of(const Layer& L) {
    batch_norm::Cache<T> c;
    c.mu = as<T>(L.mu);
    c.sigma2 = as<T>(L.sigma2);
    c.Z_norm = Matrix<T>(L.n, L.m);
    c.Z_tilde = Matrix<T>(L.n, L.m);
    for (std::size_t q = 0; q < L.Z.size(); ++q) {
        c.Z_norm.values()[q] = T(L.Z_norm.values()[q]);
        c.Z_tilde.values()[q] = T(L.Z_tilde.values()[q]);
    }
    c.eps = T(L.eps);
    return c;
}

// The learner's backward() on that cache, every output starting as NaN.
template <class T>
batch_norm::Gradients<T> learner_backward(const Layer& L) {
    const batch_norm::Cache<T> c = cache_of<T>(L);
    Matrix<T> dZ_tilde(L.n, L.m);
    for (std::size_t q = 0; q < L.Z.size(); ++q) dZ_tilde.values()[q] = T(L.dZ_tilde.values()[q]);
    const std::vector<T> gamma = as<T>(L.gamma);
    batch_norm::Gradients<T> out{Matrix<T>(L.n, L.m, T(not_set)), std::vector<T>(L.n, T(not_set)),
                                 std::vector<T>(L.n, T(not_set))};
    batch_norm::backward<T>(dZ_tilde, gamma, c, out);
    return out;
}

// dZ by a formula: element (k, i) = scale_k (dZ_tilde - a_k - b_k Z_norm), with the scale,
// a (what is subtracted for the mean term) and b (the coefficient of Z_norm) of each feature.
std::vector<double> dZ_from(const Layer& L, const std::vector<double>& scale,
                            const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> dZ;
    for (std::size_t k = 0; k < L.n; ++k)
        for (std::size_t i = 0; i < L.m; ++i)
            dZ.push_back(scale[k] * (L.dZ_tilde(k, i) - a[k] - b[k] * L.Z_norm(k, i)));
    return dZ;
}

// ||a - b|| / ||b||
double distance(const std::vector<double>& a, const std::vector<double>& b) {
    double d = 0, nb = 0;
    for (std::size_t q = 0; q < a.size(); ++q) {
        d += (a[q] - b[q]) * (a[q] - b[q]);
        nb += b[q] * b[q];
    }
    return std::sqrt(d / std::max(nb, 1e-300));
}

// `what`, a gradient against `numeric` (central differences, or the closed form in double):
// the worst |analytic - numeric| relative to the largest |numeric|, which keeps elements near
// 0 from failing on rounding. An all-zero (or NaN) gradient fails: its error is 1 (or NaN).
void against_numeric(exercise::Equation& e, const std::string& what,
                     const std::vector<double>& analytic, const std::vector<double>& numeric,
                     double tolerance) {
    double largest = 0, worst = 0;
    std::size_t at = 0;
    for (double v : numeric) largest = std::max(largest, std::abs(v));
    for (std::size_t q = 0; q < numeric.size(); ++q) {
        const double err = q < analytic.size() ? std::abs(analytic[q] - numeric[q]) / largest
                                               : INFINITY;
        if (std::isnan(err) ? !std::isnan(worst) : err > worst) {  // the first NaN is worst
            worst = err;
            at = q;
        }
    }
    const bool ok = analytic.size() == numeric.size() && largest > 0 && worst <= tolerance;
    const auto [a, n] = exercise::told_apart(at < analytic.size() ? analytic[at] : not_set,
                                             numeric[at]);
    e.that(what, ok,
           "worst |yours - expected| / max|expected| = " + g3(worst) + " (tolerance " +
               g3(tolerance) + "), at element " + std::to_string(at) + ": yours " + a +
               ", expected " + n);
}

}  // namespace

int main() {
    exercise::Sheet sheet("Batch norm", "batch-norm");

    // One feature's row: z = (2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9), m = 13. Its sum is 65,
    // mu = 5; its squared deviations sum to 116, sigma2 = 116 / 13 (by hand).
    const std::vector<double> z = {2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9};
    const double m = double(z.size());
    double sum = 0, sum_sq = 0, sum_dev2 = 0;
    for (double v : z) sum += v;
    const double mu = sum / m;
    for (double v : z) {
        sum_sq += v * v;
        sum_dev2 += (v - mu) * (v - mu);
    }
    const double sigma2 = sum_dev2 / m;
    const std::vector<float> zf = as<float>(z);

    // ---- mu = (1/m) sum_i z^(i)
    auto& mu_eq = sheet.equation(
        "mu = (1/m) sum_i z^(i)",
        "The mean of one feature over the m examples of the mini-batch: wide_row_sum adds the "
        "row (in double for a float row), and m is z.size() (make it a T before dividing).");
    mu_eq.run([&] {
        const double got = batch_norm::mu<double>(z);
        mu_eq.close("mu of z = (2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9), m = 13 (double)", mu, got,
                    1e-12);
        mu_eq.mistake("mu is the sum sum_i z^(i) = " + g3(sum) + " of the row, not its mean: "
                      "divide by m = 13.", sum, got);
        mu_eq.mistake("the sum is divided by m - 1 = 12; the mean divides by m = 13.",
                      sum / (m - 1), got);
        mu_eq.close("mu of the same row in float (SIMD lanes and a tail)", mu,
                    double(batch_norm::mu<float>(zf)), 1e-6);
        mu_eq.close("mu of (1, 2, 3, 6), m = 4", 3.0,
                    batch_norm::mu<double>(std::vector<double>{1, 2, 3, 6}), 1e-12);
    });

    // ---- sigma2 = (1/m) sum_i (z^(i) - mu)^2
    auto& s_eq = sheet.equation(
        "sigma2 = (1/m) sum_i (z^(i) - mu)^2",
        "The notes' (biased) variance: the mean of the squared deviations from mu, divided by m. "
        "simd_sum(f, z) sums f over the row and calls f with native_simd<T> lanes as well as "
        "with T: write f as a lambda [mu](auto zi) {...} using only -, * and +.");
    s_eq.run([&] {
        const double got = batch_norm::sigma2<double>(z, mu);
        s_eq.close("sigma2 of the row, given mu = 5: 116 / 13 (double)", sigma2, got, 1e-12);
        s_eq.mistake("sigma2 is divided by m - 1 = 12 (the unbiased variance, torch's running "
                     "variance): the notes' batch variance divides by m = 13, " + g3(sigma2) +
                         " here, not " + g3(sum_dev2 / (m - 1)) + ".",
                     sum_dev2 / (m - 1), got);
        s_eq.mistake("the sum of squared deviations (" + g3(sum_dev2) + ") is not divided by m.",
                     sum_dev2, got);
        if (std::abs(got) < 1e-9) {
            s_eq.diagnose("the deviations are not squared: sum_i (z^(i) - mu) is 0 for any row.");
        }
        s_eq.mistake("that is the standard deviation sqrt(sigma2): sigma2 is the variance, "
                     "without the root.", std::sqrt(sigma2), got);
        s_eq.mistake("mu is not subtracted: (1/m) sum_i z^(i)^2 = " + g3(sum_sq / m) +
                         " is the second moment, not the variance.",
                     sum_sq / m, got);
        s_eq.close("sigma2 of the same row in float (SIMD lanes and a tail)", sigma2,
                   double(batch_norm::sigma2<float>(zf, float(mu))), 1e-6);
        s_eq.close("sigma2 of (1, 2, 3, 6) given mu = 3: 14 / 4", 3.5,
                   batch_norm::sigma2<double>(std::vector<double>{1, 2, 3, 6}, 3.0), 1e-12);
    });

    // ---- z_norm^(i) = (z^(i) - mu) / sqrt(sigma2 + eps)
    auto& n_eq = sheet.equation(
        "z_norm^(i) = (z^(i) - mu) / sqrt(sigma2 + eps)",
        "Subtract mu from each example and divide by the root of sigma2 + eps (eps inside the "
        "root). The root is one number per feature: compute it once, then let simd_map write "
        "each example's value into out.");
    n_eq.run([&] {
        const double eps = 0.25;  // large, so that where eps goes shows in the values
        std::vector<double> out(z.size(), not_set), want, no_root, outside, no_eps, no_mu;
        for (double v : z) {
            want.push_back((v - mu) / std::sqrt(sigma2 + eps));
            no_root.push_back((v - mu) / (sigma2 + eps));
            outside.push_back((v - mu) / (std::sqrt(sigma2) + eps));
            no_eps.push_back((v - mu) / std::sqrt(sigma2));
            no_mu.push_back(v / std::sqrt(sigma2 + eps));
        }
        batch_norm::z_norm<double>(z, mu, sigma2, eps, out);
        n_eq.close_all("z_norm of the row, mu = 5, sigma2 = 116/13, eps = 0.25 (double)", want,
                       out, 1e-12);
        n_eq.mistake("the root is missing: z_norm divides by sqrt(sigma2 + eps), not by "
                     "sigma2 + eps (with sigma2 = " + g3(sigma2) + " your values are " +
                         g3(std::sqrt(sigma2 + eps)) + " times too small).",
                     no_root, out);
        n_eq.mistake("eps is outside the root, sqrt(sigma2) + eps; the notes put it inside: "
                     "sqrt(sigma2 + eps).", outside, out);
        n_eq.mistake("eps is left out: sqrt(sigma2 + eps) keeps a constant feature (sigma2 = 0) "
                     "from dividing by 0.", no_eps, out);
        n_eq.mistake("mu is not subtracted: z_norm is centred, (z^(i) - mu) over the root.",
                     no_mu, out);
        std::vector<float> outf(z.size(), float(not_set));
        batch_norm::z_norm<float>(zf, float(mu), float(sigma2), float(eps), outf);
        n_eq.close_all("z_norm in float (SIMD lanes and a tail)", want,
                       doubles<float>(outf), 1e-5);
        std::vector<double> flat(4, not_set);
        batch_norm::z_norm<double>(std::vector<double>{4, 4, 4, 4}, 4.0, 0.0, 1e-5, flat);
        n_eq.close_all("a constant feature (4, 4, 4, 4): mu = 4, sigma2 = 0, z_norm = 0, "
                       "not 0/0", std::vector<double>(4, 0.0), flat, 1e-12);
    });

    // ---- z_tilde^(i) = gamma z_norm^(i) + beta
    auto& t_eq = sheet.equation(
        "z_tilde^(i) = gamma z_norm^(i) + beta",
        "Scale each z_norm by gamma and shift it by beta, element by element, with simd_map "
        "writing into out.");
    t_eq.run([&] {
        const std::vector<double> zn = {-1.5, -0.4, 0.0, 0.3, 1.1, 2.2, -0.9, 0.6, -2.0,
                                        0.75, 1.4, -0.2, 0.05};
        const double gamma = 1.5, beta = -0.7;
        std::vector<double> out(zn.size(), not_set), want, swapped, minus, inside;
        for (double v : zn) {
            want.push_back(gamma * v + beta);
            swapped.push_back(beta * v + gamma);
            minus.push_back(gamma * v - beta);
            inside.push_back(gamma * (v + beta));
        }
        batch_norm::z_tilde<double>(zn, gamma, beta, out);
        t_eq.close_all("z_tilde of 13 values, gamma = 1.5, beta = -0.7 (double)", want, out,
                       1e-12);
        t_eq.mistake("gamma and beta are swapped: gamma scales z_norm (it sets the standard "
                     "deviation), beta is added (it sets the mean).", swapped, out);
        t_eq.mistake("beta is subtracted: z_tilde = gamma z_norm + beta.", minus, out);
        t_eq.mistake("beta is added before scaling, gamma (z_norm + beta): add it after.",
                     inside, out);
        std::vector<float> outf(zn.size(), float(not_set));
        batch_norm::z_tilde<float>(as<float>(zn), float(gamma), float(beta), outf);
        t_eq.close_all("z_tilde in float (SIMD lanes and a tail)", want, doubles<float>(outf),
                       1e-6);
        // The notes: gamma = sqrt(sigma2 + eps) and beta = mu give back z itself.
        const double eps = 1e-5;
        std::vector<double> zn_row, back(z.size(), not_set);
        for (double v : z) zn_row.push_back((v - mu) / std::sqrt(sigma2 + eps));
        batch_norm::z_tilde<double>(zn_row, std::sqrt(sigma2 + eps), mu, back);
        t_eq.close_all("gamma = sqrt(sigma2 + eps), beta = mu give back z (the notes' identity)",
                       z, back, 1e-12);
    });

    // ---- the backward pass, on a 3 x 13 layer whose cache is made here by hand
    const Layer L = make_layer();
    const Numeric numeric = central_differences(L);
    std::vector<double> dbeta(L.n, 0), dgamma(L.n, 0), column(L.n, 0), column_zn(L.n, 0);
    for (std::size_t k = 0; k < L.n; ++k) {
        for (std::size_t i = 0; i < L.m; ++i) {
            dbeta[k] += L.dZ_tilde(k, i);
            dgamma[k] += L.dZ_tilde(k, i) * L.Z_norm(k, i);
        }
        for (std::size_t j = 0; j < L.n; ++j) {  // the wrong axis: column k, over the features
            column[k] += L.dZ_tilde(j, k);
            column_zn[k] += L.dZ_tilde(j, k) * L.Z_norm(j, k);
        }
    }
    batch_norm::Gradients<double> gd;
    batch_norm::Gradients<float> gf;
    std::string backward_error;  // what backward() threw, if it did: each equation says so
    try {
        gd = learner_backward<double>(L);
        gf = learner_backward<float>(L);
    } catch (const std::exception& e) {
        backward_error = e.what();
    }
    const auto backward_ran = [&] {
        if (!backward_error.empty()) throw std::runtime_error("backward(): " + backward_error);
    };
    const std::string layer = " (n = 3 features, m = 13 examples, double)";

    // ---- dbeta = sum_i dZ_tilde^(i)
    auto& b_eq = sheet.equation(
        "dbeta = sum_i dZ_tilde^(i)",
        "beta is added to every z_tilde of feature k, so dJ/dbeta_k sums dZ_tilde over feature "
        "k's m examples: row k of dZ_tilde, which the loop calls g.");
    b_eq.run([&] {
        backward_ran();
        b_eq.close_all("dbeta, one per feature" + layer, dbeta, gd.dbeta, 1e-12);
        b_eq.mistake("dbeta is sum_i dZ_tilde * z_norm, dgamma's sum: dgamma and dbeta are "
                     "swapped. beta is added, so dbeta = sum_i dZ_tilde.", dgamma, gd.dbeta);
        b_eq.mistake("dbeta[k] sums column k of dZ_tilde, the n features of example k (the "
                     "notes' [dZ_tilde]_.k in their example-by-feature indexing). In the n x m "
                     "layout feature k's examples are row k: sum over the examples, axis = 1.",
                     column, gd.dbeta);
        std::vector<double> mean(dbeta);
        for (double& v : mean) v /= double(L.m);
        b_eq.mistake("dbeta is the mean of dZ_tilde over the examples: it is the sum (any 1/m "
                     "of the cost is already in dZ_tilde).", mean, gd.dbeta);
        b_eq.close_all("dbeta in float (SIMD lanes and a tail)", dbeta,
                       doubles<float>(gf.dbeta), 1e-5);
        against_numeric(b_eq, "dbeta against central differences of J = sum dZ_tilde * Z_tilde "
                        "(h = 1e-5), and not all 0",
                        doubles<double>(gd.dbeta), numeric.dbeta, 1e-8);
    });

    // ---- dgamma = sum_i dZ_tilde^(i) * z_norm^(i)
    auto& gm_eq = sheet.equation(
        "dgamma = sum_i dZ_tilde^(i) * z_norm^(i)",
        "gamma multiplies z_norm, so dJ/dgamma_k sums dZ_tilde * z_norm over feature k's "
        "examples: row_dot of the rows g and zn.");
    gm_eq.run([&] {
        backward_ran();
        gm_eq.close_all("dgamma, one per feature" + layer, dgamma, gd.dgamma, 1e-12);
        gm_eq.mistake("dgamma is sum_i dZ_tilde, dbeta's sum: dgamma and dbeta are swapped. "
                      "gamma multiplies z_norm, so dgamma = sum_i dZ_tilde * z_norm.",
                      dbeta, gd.dgamma);
        gm_eq.mistake("dgamma[k] sums column k, over the n features of example k; feature k's "
                      "examples are row k of dZ_tilde and Z_norm (axis = 1).",
                      column_zn, gd.dgamma);
        std::vector<double> with_tilde(L.n, 0);
        for (std::size_t k = 0; k < L.n; ++k)
            for (std::size_t i = 0; i < L.m; ++i)
                with_tilde[k] += L.dZ_tilde(k, i) * L.Z_tilde(k, i);
        gm_eq.mistake("dgamma multiplies dZ_tilde by Z_tilde, the layer's output; "
                      "z_tilde = gamma z_norm + beta, so d z_tilde / d gamma = z_norm.",
                      with_tilde, gd.dgamma);
        gm_eq.close_all("dgamma in float (SIMD lanes and a tail)", dgamma,
                        doubles<float>(gf.dgamma), 1e-5);
        against_numeric(gm_eq,
                        "dgamma against central differences of J = sum dZ_tilde * Z_tilde "
                        "(h = 1e-5), and not all 0",
                        doubles<double>(gd.dgamma), numeric.dgamma, 1e-8);
    });

    // ---- dZ = gamma/sqrt(sigma2 + eps) (dZ_tilde - dbeta/m - Z_norm dgamma/m)
    auto& z_eq = sheet.equation(
        "dZ = gamma/sqrt(sigma2 + eps) (dZ_tilde - dbeta/m - Z_norm dgamma/m)",
        "The means are dbeta/m and dgamma/m of this feature (out.dbeta[k], out.dgamma[k], just "
        "above); gamma[k] / sqrt(sigma2 + eps), from the cache, multiplies all three terms, and "
        "the Z_norm term is subtracted.");
    z_eq.builds_on(b_eq);
    z_eq.builds_on(gm_eq);
    z_eq.run([&] {
        backward_ran();
        const double mm = double(L.m);
        std::vector<double> scale, no_root, no_gamma, mean_g, mean_g_zn, zero(L.n, 0.0);
        std::vector<double> col_m, col_n, col_zn_m, col_zn_n;
        for (std::size_t k = 0; k < L.n; ++k) {
            scale.push_back(L.gamma[k] / std::sqrt(L.sigma2[k] + L.eps));
            no_root.push_back(L.gamma[k] / (L.sigma2[k] + L.eps));
            no_gamma.push_back(1 / std::sqrt(L.sigma2[k] + L.eps));
            mean_g.push_back(dbeta[k] / mm);
            mean_g_zn.push_back(dgamma[k] / mm);
            col_m.push_back(column[k] / mm);
            col_n.push_back(column[k] / double(L.n));
            col_zn_m.push_back(column_zn[k] / mm);
            col_zn_n.push_back(column_zn[k] / double(L.n));
        }
        std::vector<double> minus_zn(mean_g_zn);
        for (double& v : minus_zn) v = -v;
        const std::vector<double> want = dZ_from(L, scale, mean_g, mean_g_zn);
        const std::vector<double> mine(gd.dZ.values().begin(), gd.dZ.values().end());
        z_eq.close_all("dZ by the closed form" + layer, want, mine, 1e-9);
        const std::vector<double> printed = dZ_from(L, scale, mean_g, minus_zn);
        z_eq.mistake("the notes' slip: the sign before the Z_norm term is \"+\" as the notes "
                     "print it (their quotient rule adds the term through sqrt(sigma2 + eps) "
                     "where it must be subtracted). The sign before the Z_norm term must be "
                     "\"-\"; with \"+\" dZ is off by " +
                         g3(100 * distance(printed, want)) + "% here and central differences "
                         "reject it.",
                     printed, mine);
        z_eq.mistake("dZ is only gamma / sqrt(sigma2 + eps) dZ_tilde, the gradient with mu and "
                     "sigma2 held fixed; z also moves mu and sigma2: subtract dbeta/m and "
                     "Z_norm dgamma/m (off by " +
                         g3(100 * distance(dZ_from(L, scale, zero, zero), want)) + "% here).",
                     dZ_from(L, scale, zero, zero), mine);
        z_eq.mistake("the Z_norm dgamma/m term (the path through sigma2) is missing.",
                     dZ_from(L, scale, mean_g, zero), mine);
        z_eq.mistake("the dbeta/m term (the path through mu) is missing.",
                     dZ_from(L, scale, zero, mean_g_zn), mine);
        z_eq.mistake("the root is missing: the scale is gamma / sqrt(sigma2 + eps), not "
                     "gamma / (sigma2 + eps).", dZ_from(L, no_root, mean_g, mean_g_zn), mine);
        z_eq.mistake("gamma is missing from the scale: z_tilde = gamma z_norm + beta, so every "
                     "term carries gamma / sqrt(sigma2 + eps).",
                     dZ_from(L, no_gamma, mean_g, mean_g_zn), mine);
        const char* axis = "the means are taken over column k, the features of example k, "
                           "instead of over the examples of feature k (row k, axis = 1): use "
                           "dbeta/m and dgamma/m of feature k.";
        z_eq.mistake(axis, dZ_from(L, scale, col_m, col_zn_m), mine);
        z_eq.mistake(axis, dZ_from(L, scale, col_n, col_zn_n), mine);
        against_numeric(z_eq, "dZ against central differences of J = sum dZ_tilde * Z_tilde "
                        "(h = 1e-5), and not all 0", mine, numeric.dZ, 1e-6);
        against_numeric(z_eq, "dZ in float (SIMD lanes and a tail), relative to its largest "
                        "element", doubles<float>(gf.dZ.values()), want, 1e-5);
    });
    // ---- beyond the notes: layer norm's dZ for one example, means over its n features
    auto& ln_eq = sheet.equation(
        "dZ^(i) = (g - mean_k g - z_norm mean_k(g z_norm)) / sqrt(sigma2 + eps)",
        "Layer norm, one example: its n features, g = gamma_k dZ_tilde_k (feature by feature, "
        "before any mean), then the two means over the n features, of g and of g * z_norm; "
        "1 / sqrt(sigma2 + eps) multiplies all three terms, and gamma does not come back.");
    ln_eq.run([&] {
        // One example of n = 13 features (SIMD lanes and a tail): z, its mean and variance
        // over the features by hand, gamma varying along the features.
        const std::size_t n = 13;
        const double eps = 1e-2;
        std::vector<double> zc(n), dzt(n), gam(n), zn(n);
        double mean_z = 0, var_z = 0;
        for (std::size_t k = 0; k < n; ++k) {
            zc[k] = 3 * std::sin(0.9 * double(k) + 0.4) + 0.5 * double(k);
            dzt[k] = std::cos(1.7 * double(k)) - 0.2;
            gam[k] = 0.5 + 0.25 * double(k % 5);
            mean_z += zc[k] / double(n);
        }
        for (double v : zc) var_z += (v - mean_z) * (v - mean_z) / double(n);
        for (std::size_t k = 0; k < n; ++k) zn[k] = (zc[k] - mean_z) / std::sqrt(var_z + eps);
        // the by-hand formula, and the wrong ones, as (scale_k, weights of g, means)
        const auto formula = [&](bool gamma_inside, bool gamma_outside, double sign,
                                 bool means, bool root) {
            std::vector<double> g(n), out(n);
            double mg = 0, mgz = 0;
            for (std::size_t k = 0; k < n; ++k) g[k] = (gamma_inside ? gam[k] : 1) * dzt[k];
            for (std::size_t k = 0; k < n; ++k) {
                mg += g[k] / double(n);
                mgz += g[k] * zn[k] / double(n);
            }
            const double s = root ? std::sqrt(var_z + eps) : var_z + eps;
            for (std::size_t k = 0; k < n; ++k) {
                out[k] = (gamma_outside ? gam[k] : 1) / s *
                         (g[k] - (means ? mg + sign * zn[k] * mgz : 0));
            }
            return out;
        };
        const std::vector<double> want = formula(true, false, 1, true, true);
        std::vector<double> out(n, not_set);
        batch_norm::layer_norm_dz<double>(dzt, gam, zn, var_z, eps, out);
        ln_eq.close_all("dZ of one example, n = 13 features, gamma varying (double)", want, out,
                        1e-12);
        ln_eq.mistake("that is batch norm's form, gamma_k / sqrt(sigma2 + eps) (dZ_tilde - "
                      "mean_k dZ_tilde - z_norm mean_k(dZ_tilde z_norm)): in layer norm gamma "
                      "varies along the features the means run over, so it goes inside them, "
                      "g = gamma dZ_tilde (off by " +
                          g3(100 * distance(formula(false, true, 1, true, true), want)) +
                          "% here).",
                      formula(false, true, 1, true, true), out);
        ln_eq.mistake("gamma is missing: z_tilde_k = gamma_k z_norm_k + beta_k, so the "
                      "gradient reaching z_norm is g = gamma dZ_tilde.",
                      formula(false, false, 1, true, true), out);
        ln_eq.mistake("the sign before the z_norm term is \"+\" (as the notes print batch "
                      "norm's); it must be \"-\".", formula(true, false, -1, true, true), out);
        ln_eq.mistake("dZ is only g / sqrt(sigma2 + eps), with mu and sigma2 held fixed: "
                      "subtract mean_k g and z_norm mean_k(g z_norm).",
                      formula(true, false, 1, false, true), out);
        ln_eq.mistake("the root is missing: divide by sqrt(sigma2 + eps), not sigma2 + eps.",
                      formula(true, false, 1, true, false), out);
        std::vector<float> outf(n, float(not_set));
        batch_norm::layer_norm_dz<float>(as<float>(dzt), as<float>(gam), as<float>(zn),
                                         float(var_z), float(eps), outf);
        against_numeric(ln_eq, "dZ in float (SIMD lanes and a tail), relative to its largest "
                        "element", doubles<float>(outf), want, 1e-5);
        // Central differences of J = sum_k dZ_tilde_k z_tilde_k through this example's
        // forward pass by hand (beta drops out of the differences).
        const auto J = [&](const std::vector<double>& z) {
            double mu1 = 0, var1 = 0, sum = 0;
            for (double v : z) mu1 += v / double(n);
            for (double v : z) var1 += (v - mu1) * (v - mu1) / double(n);
            for (std::size_t k = 0; k < n; ++k) {
                sum += dzt[k] * gam[k] * (z[k] - mu1) / std::sqrt(var1 + eps);
            }
            return sum;
        };
        std::vector<double> numeric_dz;
        for (std::size_t k = 0; k < n; ++k) {
            std::vector<double> up = zc, down = zc;
            up[k] += 1e-5;
            down[k] -= 1e-5;
            numeric_dz.push_back((J(up) - J(down)) / 2e-5);
        }
        against_numeric(ln_eq, "dZ against central differences of J = sum_k dZ_tilde_k "
                        "z_tilde_k (h = 1e-5), and not all 0", out, numeric_dz, 1e-7);
    });
    return sheet.finish();
}
