// Tests of chapter 7, batch normalization: the forward lines by hand, the notes' oracles
// (Z_norm has mean 0 and variance ~1 per feature; gamma = sqrt(sigma2 + eps), beta = mu give
// back Z), the backward pass against central differences and against the staged version,
// the Jacobian of Z_norm, running averages, the network's own backward pass, a short run;
// fused.hpp's passes-merged forward and backward against the readable form;
// the notes' vectorized formula as printed ("+" before the Z_norm term), which central
// differences and the reference cases reject, and the other slips the chapter's README lists
// (np.sum without keepdims, gamma sets the standard deviation, gamma and beta are vectors);
// training with the running averages in the forward pass; and how the chapter's program
// reads its measurements (claims.hpp): the first epoch at a level, the widest range of good
// learning rates, the spread of the batch statistics and its log-log slope, the spread over
// seeds and the words of each verdict, picked from the numbers; the sentences, rows and
// chart series the program prints (checks.hpp, claims.hpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <cstddef>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "chapters/07-batch-norm/batch_norm.hpp"
#include "chapters/07-batch-norm/checks.hpp"
#include "chapters/07-batch-norm/claims.hpp"
#include "chapters/07-batch-norm/fused.hpp"
#include "chapters/07-batch-norm/network.hpp"
#include "common/check.hpp"
#include "tests/reference/reference.hpp"
#include "tests/reference/run_batchnorm.hpp"

namespace bn = batch_norm;
using common::Matrix;

namespace {

// A constant feature and m = 2, worked by hand (eps = 0.25, so sqrt(eps) = 0.5, and
// feature 2 = 2 -+ 1.2 has sigma2 + eps = 1.44 + 0.25 = 1.69 = 1.3^2):
// feature 1: mu 3, var 0, Znorm 0, Ztilde = beta = 1, dgamma 0, dbeta 1 + 3 = 4,
//   dZ = gamma / sqrt(eps) (g - mean g) = 4 (-1, 1).
// feature 2: mu 2, var 1.44, Znorm -+12/13, Ztilde = 0.5 Znorm - 1 = (-19/13, -7/13),
//   dbeta 1, dgamma = -2 (12/13) - 12/13 = -36/13,
//   dZ = gamma eps (g1 - g2) / (2 s^3) (1, -1) = 0.5 0.25 3 / (2 2.197) (1, -1) = +-187.5/2197.
// running (beta 0.5, from mu 0, var 1): mu (1.5, 1), var (0.5, 1.22).
const char* hand_case = R"(case constant_feature_m2
kind batchnorm
eps 0.25
matrix Z 2 2
3 3
0.8 3.2
matrix gamma 2 1
2
0.5
matrix beta 2 1
1
-1
matrix dZtilde 2 2
1 3
2 -1
matrix mu 2 1
3
2
matrix var 2 1
0
1.44
matrix Znorm 2 2
0 0
-0.92307692307692307 0.92307692307692307
matrix Ztilde 2 2
1 1
-1.4615384615384615 -0.53846153846153846
matrix dZ 2 2
-4 4
0.085343650432407829 -0.085343650432407829
matrix dgamma 2 1
0
-2.7692307692307692
matrix dbeta 2 1
4
1
running_beta 0.5
matrix running_mu0 2 1
0
0
matrix running_var0 2 1
1
1
matrix running_mu 2 1
1.5
1
matrix running_var 2 1
0.5
1.22
end
)";

bool contains(const std::vector<std::string>& lines, const std::string& text) {
    for (const std::string& line : lines)
        if (line.find(text) != std::string::npos) return true;
    return false;
}

bool all_finite(std::span<const double> xs) {
    for (double x : xs)
        if (!std::isfinite(x)) return false;
    return true;
}

// The 5-4-3-3 test network with `norm`, its parameters moved away from their starting values
// (gamma, beta away from 1, 0), six examples: backward()'s dtheta against central
// differences of the cross-entropy; the largest error, and the network, X and tape used.
struct NetworkCheck {
    bn::Network<double> net;
    Matrix<double> X;
    bn::Tape<double> tape;
    double error = 0;
};

NetworkCheck network_against_central_differences(bn::Norm norm) {
    common::Rng r(11);
    NetworkCheck c{bn::make_network<double>({5, 4, 3, 3}, norm, 1e-5, r), Matrix<double>(5, 6),
                   {}, 0};
    for (double& t : c.net.theta) t += 0.1 * r.normal();
    for (double& v : c.X.values()) v = r.normal();
    const std::vector<int> y = {0, 2, 1, 1, 0, 2};
    bn::forward(c.net, c.X, c.tape);
    std::vector<double> dtheta(c.net.theta.size());
    bn::backward(c.net, c.tape, std::span<const int>(y), std::span<double>(dtheta));
    const auto numeric = common::numerical_gradient(
        [&](std::span<const double> theta) {
            bn::Network<double> moved = c.net;
            moved.theta.assign(theta.begin(), theta.end());
            bn::Tape<double> t;
            bn::forward(moved, c.X, t);
            return bn::cross_entropy(t.P, std::span<const int>(y));
        },
        c.net.theta);
    c.error = common::max_gradient_error(dtheta, numeric);
    return c;
}

}  // namespace

int main() {
    common::Checker check("batch-norm");
    check.hint("means are over the m examples of one feature (a row); the variance "
               "divides by m, not m - 1; dZ has three terms");
    const double eps = 1e-5;

    // ---- Forward, by hand ----
    // Z = [1 2 3 6; 4 4 4 4]: mu = (3, 4); sigma2 = ((-2)^2 + (-1)^2 + 0 + 3^2) / 4 = 3.5, and 0.
    const Matrix<double> Z = Matrix<double>::from_rows({{1, 2, 3, 6}, {4, 4, 4, 4}});
    const std::vector<double> gamma = {2, 3}, beta = {0.5, -1};
    const bn::Cache<double> c = bn::forward<double>(Z, gamma, beta, eps);
    check.all_close("mu = (1/m) sum_i z^(i): (3, 4) by hand", std::vector<double>{3, 4}, c.mu,
                    common::tol<double>::exact);
    check.all_close("sigma2 = (1/m) sum_i (z^(i) - mu)^2: (3.5, 0) by hand (1/m, not 1/(m-1))",
                    std::vector<double>{3.5, 0}, c.sigma2, common::tol<double>::exact);
    const double s = std::sqrt(3.5 + eps);
    check.all_close("Z_norm = (Z - mu) / sqrt(sigma2 + eps): (-2, -1, 0, 3) / sqrt(3.5 + eps)",
                    std::vector<double>{-2 / s, -1 / s, 0, 3 / s}, c.Z_norm.row(0),
                    common::tol<double>::exact);
    check.all_close("Z_tilde = gamma Z_norm + beta: 2 Z_norm + 0.5 by hand",
                    std::vector<double>{-4 / s + 0.5, -2 / s + 0.5, 0.5, 6 / s + 0.5},
                    c.Z_tilde.row(0), common::tol<double>::exact);

    // ---- mu, sigma2 per feature: row k = a_k + b_k (-1, 1, -1, 1, ...) has mu = a_k,
    // sigma2 = b_k^2
    {
        const std::size_t m = 38;
        Matrix<double> Zk(3, m);
        const double a[3] = {-7, 0.25, 1e3}, b[3] = {2, 0.5, 30};
        for (std::size_t k = 0; k < 3; ++k)
            for (std::size_t i = 0; i < m; ++i) Zk(k, i) = a[k] + b[k] * (i % 2 ? 1 : -1);
        const std::vector<double> ones(3, 1.0), zeros(3, 0.0);
        const bn::Cache<double> ck = bn::forward<double>(Zk, ones, zeros, eps);
        check.all_close("mu per feature: a_k for rows a_k +- b_k", std::vector<double>(a, a + 3),
                        ck.mu, common::tol<double>::exact);
        check.all_close("sigma2 per feature: b_k^2 for rows a_k +- b_k",
                        std::vector<double>{4, 0.25, 900}, ck.sigma2, common::tol<double>::exact);
    }

    // ---- Oracles: Z_norm has mean 0, variance sigma2 / (sigma2 + eps) per feature ----
    common::Rng rng(7);
    {
        const bn::Problem p = bn::random_problem(5, 33, eps, rng);
        const bn::Cache<double> cp = bn::forward<double>(p.Z, p.gamma, p.beta, eps);
        bool mean_ok = true, var_ok = true;
        std::string detail;
        for (std::size_t k = 0; k < 5; ++k) {
            double mean = 0, var = 0;
            for (double v : cp.Z_norm.row(k)) mean += v / 33;
            for (double v : cp.Z_norm.row(k)) var += (v - mean) * (v - mean) / 33;
            const double want_var = cp.sigma2[k] / (cp.sigma2[k] + eps);
            mean_ok = mean_ok && std::abs(mean) < 1e-12;
            var_ok = var_ok && std::abs(var - want_var) < 1e-12 && std::abs(var - 1) < 1e-5;
            detail += " " + common::Checker::fmt(mean) + "/" + common::Checker::fmt(var);
        }
        check.that("Z_norm: every feature has mean 0 before gamma, beta (5 x 33)", mean_ok, detail);
        check.that("Z_norm: every feature has variance sigma2/(sigma2 + eps) ~ 1", var_ok, detail);

        // The identity case: gamma = sqrt(sigma2 + eps), beta = mu give back Z.
        std::vector<double> g_id(5), b_id(5);
        for (std::size_t k = 0; k < 5; ++k) {
            g_id[k] = std::sqrt(cp.sigma2[k] + eps);
            b_id[k] = cp.mu[k];
        }
        const bn::Cache<double> ci = bn::forward<double>(p.Z, g_id, b_id, eps);
        check.all_close("identity: gamma = sqrt(sigma2 + eps), beta = mu give Z_tilde = Z",
                        p.Z.values(), ci.Z_tilde.values(), common::tol<double>::exact);
    }

    // ---- Backward against central differences (relative error < 1e-7), and staged ----
    struct Shape {
        std::size_t n, m;
        double eps;
    };
    for (const Shape sh : {Shape{3, 4, 1e-5}, Shape{1, 5, 1e-5}, Shape{1, 2, 10.0},
                           Shape{4, 2, 10.0}, Shape{2, 7, 1e-3}, Shape{5, 16, 1e-5},
                           Shape{3, 33, 1e-5}}) {
        const bn::Problem p = bn::random_problem(sh.n, sh.m, sh.eps, rng);
        const bn::GradientErrors e = bn::gradient_check(p);
        const std::string at = " (n = " + std::to_string(sh.n) + ", m = " + std::to_string(sh.m) +
                               ", eps = " + common::Checker::fmt(sh.eps) + ")";
        check.that("dZ closed form = central differences, error " + common::Checker::fmt(e.dZ) + at,
                   e.dZ < common::tol<double>::grad);
        check.that("dgamma = sum_i dZ_tilde * Z_norm = central differences" + at,
                   e.dgamma < common::tol<double>::grad, common::Checker::fmt(e.dgamma));
        check.that("dbeta = sum_i dZ_tilde = central differences" + at,
                   e.dbeta < common::tol<double>::grad, common::Checker::fmt(e.dbeta));
        check.that("staged backward (through mu, sigma2, Z_norm) = closed form" + at,
                   e.staged < common::tol<double>::exact, common::Checker::fmt(e.staged));
    }
    {
        // m = 2: dZ = gamma eps (g1 - g2) / (2 (sigma2 + eps)^(3/2)) (1, -1), tiny.
        const bn::TwoExamples t = bn::two_examples_check(bn::random_problem(1, 2, 1e-5, rng));
        const double want = t.predicted;
        check.that("m = 2: dZ = gamma eps (g1 - g2) / (2 (sigma2 + eps)^(3/2)) (1, -1)",
                   std::abs(t.dZ1 - want) < 1e-6 * std::abs(want) &&
                       std::abs(t.dZ2 + want) < 1e-6 * std::abs(want),
                   common::Checker::fmt(t.dZ1) + " vs " + common::Checker::fmt(want));
    }

    // ---- The Jacobian of Z_norm ----
    {
        const bn::Problem p = bn::random_problem(3, 4, eps, rng);
        const bn::JacobianErrors e = bn::jacobian_check(p);
        check.that("Jacobian: d Z_norm(k, .) / d Z(p, .) is exactly 0 for p != k (12 x 12)",
                   e.off_feature == 0, common::Checker::fmt(e.off_feature));
        check.that("Jacobian: (delta_ij - 1/m - z_norm^(i) z_norm^(j) / m) / sqrt(sigma2 + eps) "
                   "= central differences", e.closed_form < common::tol<double>::grad,
                   common::Checker::fmt(e.closed_form));
        check.that("Jacobian: J^T (gamma dZ_tilde) = the vectorized dZ",
                   e.chain < common::tol<double>::exact, common::Checker::fmt(e.chain));
        const char* terms[3] = {"delta_ij -> term 1 (dZ_tilde)", "-1/m -> term 2 (-mean dZ_tilde)",
                                "-z_norm z_norm / m -> term 3 (-Z_norm mean(dZ_tilde Z_norm))"};
        for (int r = 0; r < 3; ++r) {
            check.that(std::string("Jacobian term by term: ") + terms[r],
                       e.term[r] < common::tol<double>::exact, common::Checker::fmt(e.term[r]));
        }
        const bn::Cache<double> cp = bn::forward<double>(p.Z, p.gamma, p.beta, eps);
        const Matrix<double> J = bn::jacobian<double>(cp.Z_norm.row(1), cp.sigma2[1], eps);
        // Each row of J sums to 0: shifting all z by the same amount changes nothing.
        double rows = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            double sum = 0;
            for (std::size_t j = 0; j < 4; ++j) sum += J(i, j);
            rows = std::max(rows, std::abs(sum));
        }
        check.that("Jacobian: each row sums to 0 (Z_norm ignores a shift of all z^(j))",
                   rows < 1e-15, common::Checker::fmt(rows));
    }

    // ---- A constant feature (sigma2 = 0): eps decides, everything stays finite ----
    for (double e : {1e-5, 1e-8}) {
        const Matrix<double> Zc = Matrix<double>::from_rows({{2.5, 2.5, 2.5}});
        const Matrix<double> g = Matrix<double>::from_rows({{1, -2, 4}});
        const std::vector<double> gm = {3}, bt = {0.7};
        const bn::Cache<double> cc = bn::forward<double>(Zc, gm, bt, e);
        const bn::Gradients<double> gc = bn::backward<double>(g, gm, cc);
        check.all_close("constant feature: Z_norm = 0, Z_tilde = beta (eps " +
                        common::Checker::fmt(e) + ")", std::vector<double>{0.7, 0.7, 0.7},
                        cc.Z_tilde.values(), common::tol<double>::exact);
        // dZ = gamma / sqrt(eps) (g - mean g), mean g = 1
        const double k = 3 / std::sqrt(e);
        check.all_close("constant feature: dZ = gamma / sqrt(eps) (dZ_tilde - mean), finite",
                        std::vector<double>{0, -3 * k, 3 * k}, gc.dZ.values(),
                        common::tol<double>::exact);
        check.that("constant feature: dgamma = 0, dbeta = 3, all finite",
                   gc.dgamma[0] == 0 && gc.dbeta[0] == 3 && all_finite(gc.dZ.values()));
    }
    {
        const Matrix<float> Zf = Matrix<float>::from_rows({{1e4f, 1e4f, 1e4f, 1e4f}});
        const std::vector<float> gm = {1}, bt = {0};
        const bn::Cache<float> cf = bn::forward<float>(Zf, gm, bt, 1e-5f);
        check.that("constant feature in float: Z_norm = 0 exactly",
                   cf.Z_norm(0, 0) == 0 && cf.Z_norm(0, 3) == 0 && cf.sigma2[0] == 0);
    }

    // ---- Running averages, by hand; test mode ----
    {
        bn::Running<double> r = bn::Running<double>::start(2);
        bn::update_running(r, c, 0.9);  // batch mu (3, 4), sigma2 (3.5, 0)
        bn::update_running(r, c, 0.9);
        // mu: 0 -> 0.3 -> 0.57 and 0 -> 0.4 -> 0.76;
        // sigma2: 1 -> 1.25 -> 1.475 and 1 -> 0.9 -> 0.81
        check.all_close("running mu := beta mu + (1 - beta) mu_batch, twice: 0.57, 0.76 by hand",
                        std::vector<double>{0.57, 0.76}, r.mu, common::tol<double>::exact);
        check.all_close("running sigma2, twice from 1: 1.475, 0.81 by hand (biased sigma2)",
                        std::vector<double>{1.475, 0.81}, r.sigma2, common::tol<double>::exact);
        Matrix<double> out;
        bn::forward_test<double>(Z, gamma, beta, eps, r.mu, r.sigma2, out);
        const double sd = std::sqrt(1.475 + eps);
        check.close("test mode: z_tilde = gamma (z - running mu) / sqrt(running sigma2 + eps) "
                    "+ beta",
                    2 * (6 - 0.57) / sd + 0.5, out(0, 3), common::tol<double>::exact);
        bn::forward_test<double>(Z, gamma, beta, eps, c.mu, c.sigma2, out);
        check.all_close("test mode with the batch's own mu, sigma2 = training mode",
                        c.Z_tilde.values(), out.values(), common::tol<double>::exact);
    }

    // ---- float against double: the same layer to float precision ----
    {
        const bn::Problem p = bn::random_problem(4, 37, 1e-3, rng);
        Matrix<float> Zf(4, 37), gf(4, 37);
        for (std::size_t q = 0; q < Zf.size(); ++q) {
            Zf.values()[q] = float(p.Z.values()[q]);
            gf.values()[q] = float(p.dZ_tilde.values()[q]);
        }
        const std::vector<float> gam(p.gamma.begin(), p.gamma.end());
        const std::vector<float> bet(p.beta.begin(), p.beta.end());
        const bn::Cache<float> cf = bn::forward<float>(Zf, gam, bet, 1e-3f);
        const bn::Gradients<float> df = bn::backward<float>(gf, gam, cf);
        const bn::Cache<double> cd = bn::forward<double>(p.Z, p.gamma, p.beta, 1e-3);
        const bn::Gradients<double> dd = bn::backward<double>(p.dZ_tilde, p.gamma, cd);
        check.all_close("float forward = double forward (Z_tilde)", cd.Z_tilde.values(),
                        cf.Z_tilde.values(), common::tol<float>::reference);
        check.all_close("float backward = double backward (dZ)", dd.dZ.values(), df.dZ.values(),
                        common::tol<float>::reference);
    }

    // ---- float as exact as float allows: values 1e4 +- 1 ----
    // A float layer's sums and z - mu run in double (batch_norm.hpp, Wide<T>): against a
    // double layer on the SAME float inputs (so the inputs' own rounding, an ulp of 1e4 is
    // 2^-10, plays no part) every output agrees to 1e-5. In float, mu alone would be off by
    // up to 5e-4 and Z_norm by as much. Readable and fused forms, and layer norm (whose
    // example's features are all near 1e4); 8 x 203: SIMD lanes and a tail.
    {
        const std::size_t n = 8, m = 203;
        const double offset = 1e4, tolerance = 1e-5;
        common::Rng frng(17);  // its own stream: the checks below draw as they did
        Matrix<float> Zf(n, m), gf(n, m);
        for (float& v : Zf.values()) v = float(offset + frng.normal());
        for (float& v : gf.values()) v = float(frng.normal());
        std::vector<float> gam(n), bet(n);
        for (std::size_t k = 0; k < n; ++k) {
            gam[k] = float(0.5 + frng.uniform());
            bet[k] = float(frng.normal());
        }
        Matrix<double> Zd(n, m), gd(n, m);  // the same float values, in double
        std::copy(Zf.values().begin(), Zf.values().end(), Zd.values().begin());
        std::copy(gf.values().begin(), gf.values().end(), gd.values().begin());
        const std::vector<double> gamd(gam.begin(), gam.end()), betd(bet.begin(), bet.end());
        const auto agree = [&](const std::string& form, const bn::Cache<double>& cd,
                               const bn::Gradients<double>& dd, const bn::Cache<float>& cf,
                               const bn::Gradients<float>& df) {
            const std::string on = " (" + form + ", float against double on the same float "
                                   "inputs 1e4 + N(0, 1), 8 x 203)";
            check.all_close("float arithmetic exact to 1e-5: mu" + on, cd.mu, cf.mu, tolerance);
            check.all_close("float arithmetic exact to 1e-5: sigma2" + on, cd.sigma2, cf.sigma2,
                            tolerance);
            check.all_close("float arithmetic exact to 1e-5: Z_norm" + on, cd.Z_norm.values(),
                            cf.Z_norm.values(), tolerance);
            check.all_close("float arithmetic exact to 1e-5: Z_tilde" + on, cd.Z_tilde.values(),
                            cf.Z_tilde.values(), tolerance);
            check.all_close("float arithmetic exact to 1e-5: dZ" + on, dd.dZ.values(),
                            df.dZ.values(), tolerance);
            check.all_close("float arithmetic exact to 1e-5: dgamma" + on, dd.dgamma, df.dgamma,
                            tolerance);
            check.all_close("float arithmetic exact to 1e-5: dbeta" + on, dd.dbeta, df.dbeta,
                            tolerance);
        };
        const float epsf = 1e-5f;
        const bn::Cache<double> cd = bn::forward<double>(Zd, gamd, betd, double(epsf));
        const bn::Gradients<double> dd = bn::backward<double>(gd, gamd, cd);
        const bn::Cache<float> cf = bn::forward<float>(Zf, gam, bet, epsf);
        agree("readable form", cd, dd, cf, bn::backward<float>(gf, gam, cf));
        bn::Cache<float> cff;
        bn::Gradients<float> dff;
        bn::forward_fused<float>(Zf, gam, bet, epsf, cff);
        bn::backward_fused<float>(gf, gam, cff, dff);
        agree("fused form", cd, dd, cff, dff);
        const bn::Cache<double> ld = bn::layer_norm_forward<double>(Zd, gamd, betd, double(epsf));
        const bn::Cache<float> lf = bn::layer_norm_forward<float>(Zf, gam, bet, epsf);
        agree("layer norm", ld, bn::layer_norm_backward<double>(gd, gamd, ld), lf,
              bn::layer_norm_backward<float>(gf, gam, lf));
    }

    // ---- The chapter's sentence on a float layer's two shares of error (checks.hpp) ----
    {
        const std::vector<bn::FloatShare> shares = bn::float_shares(1);
        check.that("float_shares: offsets 1e2, 1e4, 1e6", shares.size() == 3 &&
                   shares[0].offset == 1e2 && shares[1].offset == 1e4 && shares[2].offset == 1e6);
        for (const bn::FloatShare& s : shares) {
            const std::string at = " at offset " + common::Checker::fmt(s.offset) +
                                   ": arithmetic " + common::Checker::fmt(s.arithmetic) +
                                   ", inputs " + common::Checker::fmt(s.inputs) + ", total " +
                                   common::Checker::fmt(s.total);
            check.that("float layer, arithmetic's share <= 1e-5" + at, s.arithmetic <= 1e-5,
                       "tol 1e-05");
            check.that("float layer, the inputs' rounding is most of the error" + at,
                       s.inputs > 10 * s.arithmetic && s.total >= 0.5 * s.inputs &&
                           s.total <= 2 * s.inputs);
        }
        const std::string text = bn::float_share_text(shares);
        check.that("float sentence: the offsets and the verdict from the numbers",
                   text.find("Z = 1e2, 1e4, 1e6 + N(0, 1)") != std::string::npos &&
                       text.find("(<= 1e-05 at 1e4: met)") != std::string::npos, text);
        std::vector<bn::FloatShare> worse = shares;
        worse[1].arithmetic = 2e-5;
        const std::string worse_text = bn::float_share_text(worse);
        check.that("float sentence: an arithmetic share over 1e-5 at 1e4 reads NOT met",
                   worse_text.find("at 1e4: NOT met") != std::string::npos &&
                       worse_text.find("2.0e-05") != std::string::npos, worse_text);
    }

    // ---- fused.hpp against the readable form: the same numbers, passes merged ----
    // One Cache and one Gradients for every shape, in turn larger and smaller, so the fused
    // form's reuse of their memory is tested too; m = 1, n = 1, odd sizes, SIMD tails.
    {
        struct FusedShape {
            std::size_t n, m;
        };
        const FusedShape shapes[] = {{1, 1}, {3, 1}, {1, 5}, {7, 13}, {2, 67}, {1, 1},
                                     {5, 37}, {4, 64}, {3, 203}, {6, 9}};
        const auto compare = [&]<class T>(T, const char* type, double tolerance) {
            bn::Cache<T> cache;
            bn::Gradients<T> grads;
            double worst[7] = {};  // mu, sigma2, Z_norm, Z_tilde, dZ, dgamma, dbeta
            bool shapes_ok = true;
            for (const FusedShape sh : shapes) {
                const bn::Problem p = bn::random_problem(sh.n, sh.m, 1e-3, rng);
                Matrix<T> Zt(sh.n, sh.m), gt(sh.n, sh.m);
                for (std::size_t q = 0; q < Zt.size(); ++q) {
                    Zt.values()[q] = T(p.Z.values()[q]);
                    gt.values()[q] = T(p.dZ_tilde.values()[q]);
                }
                const std::vector<T> gam(p.gamma.begin(), p.gamma.end());
                const std::vector<T> bet(p.beta.begin(), p.beta.end());
                const bn::Cache<T> want = bn::forward<T>(Zt, gam, bet, T(1e-3));
                const bn::Gradients<T> dwant = bn::backward<T>(gt, gam, want);
                bn::forward_fused<T>(Zt, gam, bet, T(1e-3), cache);
                bn::backward_fused<T>(gt, gam, cache, grads);
                shapes_ok = shapes_ok && cache.Z_norm.rows() == sh.n &&
                            cache.Z_norm.cols() == sh.m && grads.dZ.rows() == sh.n &&
                            grads.dZ.cols() == sh.m && cache.mu.size() == sh.n &&
                            grads.dgamma.size() == sh.n && cache.eps == T(1e-3);
                const auto err = [](const auto& a, const auto& b) {
                    double e = a.size() == b.size() ? 0.0 : INFINITY;
                    for (std::size_t q = 0; q < std::min(a.size(), b.size()); ++q) {
                        e = std::max(e, common::relative_error(double(a[q]), double(b[q])));
                    }
                    return e;
                };
                const double e[7] = {err(want.mu, cache.mu),
                                     err(want.sigma2, cache.sigma2),
                                     err(want.Z_norm.values(), cache.Z_norm.values()),
                                     err(want.Z_tilde.values(), cache.Z_tilde.values()),
                                     err(dwant.dZ.values(), grads.dZ.values()),
                                     err(dwant.dgamma, grads.dgamma),
                                     err(dwant.dbeta, grads.dbeta)};
                for (int q = 0; q < 7; ++q) worst[q] = std::max(worst[q], e[q]);
            }
            const std::string on = std::string(" (") + type + ", 10 shapes from 1 x 1 to 3 x 203)";
            check.that(std::string("fused forward/backward: one Cache and Gradients reused, "
                                   "resized to each shape") + on, shapes_ok);
            const char* names[7] = {"mu", "sigma2", "Z_norm", "Z_tilde", "dZ", "dgamma", "dbeta"};
            for (int q = 0; q < 7; ++q) {
                check.that(std::string("fused = readable: ") + names[q] + ", max rel err " +
                               common::Checker::fmt(worst[q]) + on,
                           worst[q] <= tolerance,
                           "tol " + common::Checker::fmt(tolerance));
            }
        };
        compare(double(0), "double", common::tol<double>::simd);
        compare(float(0), "float", common::tol<float>::simd);
    }

    // ---- Shapes that do not fit are refused with a message ----
    check.throws("forward: gamma of the wrong length is refused",
                 [&] { bn::forward<double>(Z, std::vector<double>{1}, beta, eps); },
                 "gamma has 1 values");
    check.throws("backward: dZ_tilde of the wrong shape is refused",
                 [&] { bn::backward<double>(Matrix<double>(2, 3), gamma, c); },
                 "dZ_tilde is 2 x 3");

    // ---- Reference cases by hand: a constant feature and m = 2, double and float ----
    {
        std::istringstream text(hand_case);
        const auto cases = reference::parse_cases(text, "hand_case");
        const reference::Outcome d = reference::run_batchnorm<double>(cases.at(0));
        const reference::Outcome f = reference::run_batchnorm<float>(cases.at(0));
        check.that("reference runner, constant feature + m = 2 by hand, double (" +
                       std::to_string(d.compared) + " values)",
                   d.compared == 24 && d.max_error <= common::tol<double>::reference, d.worst);
        check.that("reference runner, constant feature + m = 2 by hand, float",
                   f.compared == 24 && f.max_error <= common::tol<float>::reference, f.worst);
    }

    // ---- The network: its backward pass against central differences ----
    for (bool use_bn : {false, true}) {
        const NetworkCheck c =
            network_against_central_differences(use_bn ? bn::Norm::batch : bn::Norm::none);
        const bn::Network<double>& net = c.net;
        const double err = c.error;
        check.that(std::string("network backward = central differences, ") +
                       (use_bn ? "with" : "without") + " batch norm (5-4-3-3, m = 6), error " +
                       common::Checker::fmt(err), err < common::tol<double>::grad);
        check.that(std::string("network ") + (use_bn ? "with" : "without") +
                       " batch norm: b only where there is no batch norm",
                   net.theta.size() == (use_bn ? 5 * 4 + 8 + 4 * 3 + 6 + 3 * 3 + 3
                                               : 5 * 4 + 4 + 4 * 3 + 3 + 3 * 3 + 3));
    }

    // ---- The data, the split, the mini-batches ----
    const bn::Labelled<double> digits =
        bn::load_digits(PROJECT_DIR "/chapters/07-batch-norm/data/digits.csv");
    {
        std::vector<int> counts(10, 0);
        for (int label : digits.y) ++counts[std::size_t(label)];
        check.that("digits: 1797 examples of 64 pixels, 178 zeros and 180 nines (UCI counts)",
                   digits.m() == 1797 && digits.X.rows() == 64 && counts[0] == 178 &&
                       counts[9] == 180);
        const auto pixels = digits.X.values();
        const auto [lo, hi] = std::minmax_element(pixels.begin(), pixels.end());
        check.that("digits: pixels scaled by 1/16 to 0..1", *lo == 0 && *hi == 1);
    }
    const auto [train_set, test_set] = bn::split(digits, 1347, 1);
    check.that("split: 1347 train, 450 test", train_set.m() == 1347 && test_set.m() == 450);
    const auto batches = bn::bn_mini_batches(1347, 64);
    check.that("mini-batches: 1347 = 64 x 20 + 67, the last 3 examples join the 21st",
               batches.size() == 21 && batches.back().count == 67 && batches.back().first == 1280);
    check.that("mini-batches without merging: 22, the last of 3 examples",
               bn::bn_mini_batches(1347, 64, false).size() == 22);

    // ---- A short training run (claim 1 measured): batch norm learns faster ----
    {
        const bn::TrainOptions o{.alpha = 0.1, .epochs = 4, .batch_size = 64};
        common::Rng r1(1), r2(1);
        bn::Network<double> plain = bn::make_network<double>({64, 32, 32, 10}, false, 1e-5, r1);
        bn::Network<double> with_bn = bn::make_network<double>({64, 32, 32, 10}, true, 1e-5, r2);
        const bn::History h_plain = bn::train(plain, train_set, test_set, o, r1);
        const bn::History h_bn = bn::train(with_bn, train_set, test_set, o, r2);
        const double acc = h_bn.test_accuracy.back();
        check.that("4 epochs with batch norm (alpha 0.1, m_t 64) reach 90% test accuracy",
                   acc >= 0.9, "test accuracy " + common::Checker::fmt(acc));
        check.that("claim 1: after 4 epochs, batch norm has the lower cost and the higher "
                   "test accuracy",
                   h_bn.cost.back() < h_plain.cost.back() &&
                       h_bn.test_accuracy.back() > h_plain.test_accuracy.back(),
                   "J " + common::Checker::fmt(h_bn.cost.back()) + " vs " +
                       common::Checker::fmt(h_plain.cost.back()));
        const auto full = bn::full_batch_statistics(with_bn, train_set);
        const double with_full = bn::evaluate(with_bn, test_set, &full).accuracy;
        check.that("claim 4: running averages do about as well as the training set's statistics",
                   std::abs(with_full - acc) < 0.02,
                   common::Checker::fmt(acc) + " vs " + common::Checker::fmt(with_full));
    }
    // ---- Part 1 of the program: derivation_checks() runs every check above, one seed ----
    {
        const bn::Derivation d = bn::derivation_checks(eps, 1);
        double worst_dZ = 0;
        for (const bn::ShapeCheck& sc : d.shapes) worst_dZ = std::max(worst_dZ, sc.errors.dZ);
        check.that("derivation_checks: 5 shapes, worst dZ is the largest of them, all agree",
                   d.shapes.size() == 5 && d.worst.dZ == worst_dZ && d.agrees(),
                   "worst dZ " + common::Checker::fmt(d.worst.dZ));
        check.all_close("derivation_checks: the worked example's mu = (3, 4), sigma2 = (3.5, 0)",
                        std::vector<double>{3, 4, 3.5, 0},
                        std::vector<double>{d.example.mu[0], d.example.mu[1],
                                            d.example.sigma2[0], d.example.sigma2[1]},
                        common::tol<double>::exact);
        const bn::DerivationText text = bn::derivation_text(d, eps);
        check.that("derivation_text: the worked example's numbers and the worst errors, in "
                   "%e with 2 decimals (sci)",
                   text.forward.find("mu = 3, 4; sigma2 = 3.5, 0") != std::string::npos &&
                       text.forward.find("Z_norm = -1.06904 -0.534522 0 1.60357") !=
                           std::string::npos &&
                       text.backward.find("on 5 shapes") != std::string::npos &&
                       text.backward.find("of dZ " + bn::sci(d.worst.dZ, 2) + ",") !=
                           std::string::npos &&
                       bn::sci(2.6912e-8, 2) == "2.69e-08",
                   text.forward);
        check.that("derivation_text: the m = 2 case and the Jacobian carry their measured "
                   "numbers",
                   text.two.find("backward " + bn::sci(d.two.dZ1, 4)) != std::string::npos &&
                       text.jacobian.find("closed form " + bn::sci(d.jacobian.closed_form, 1)) !=
                           std::string::npos &&
                       text.moments.find("eps = " + common::report::g(eps) + ")") !=
                           std::string::npos);
        bn::Derivation bad = d;
        bad.worst.dZ = 1e-3;
        check.that("Derivation::agrees() is false when dZ misses central differences by 1e-3",
                   !bad.agrees());
    }

    // ---- Claim 1: the first epoch at a level, and the words that compare two of them ----
    {
        const std::vector<double> acc = {0.5, 0.89, 0.9, 0.95, 0.7};
        check.that("first_epoch_at: 0.5, 0.89, 0.9, 0.95 first reach 0.9 at epoch 3 (>=)",
                   bn::first_epoch_at(acc, 0.9) == 3,
                   std::to_string(bn::first_epoch_at(acc, 0.9)));
        check.that("first_epoch_at: 0 when no epoch reaches the level",
                   bn::first_epoch_at(acc, 0.96) == 0 && bn::first_epoch_at({}, 0.1) == 0);
        const common::plot::Series pct = bn::percent_series("with", {0.5, 0.971});
        check.all_close("percent_series: accuracies 0.5, 0.971 at epochs 1, 2 as 50%, 97.1%",
                        std::vector<double>{1, 2, 50, 97.1},
                        std::vector<double>{pct.x[0], pct.x[1], pct.y[0], pct.y[1]},
                        common::tol<double>::exact);
        bn::History h;
        h.diverged_at = 1;
        check.that("diverged_words: names the network, the epoch and alpha, suggests alpha / 10 "
                   "(at most 0.1); empty when the run did not diverge",
                   bn::diverged_words(h, false, 100).find(
                       "training without batch norm diverged: the cost became Inf or NaN in "
                       "epoch 1 with alpha = 100; try --alpha 0.1") == 0 &&
                       bn::diverged_words(h, true, 0.5).find("with batch norm") !=
                           std::string::npos &&
                       bn::diverged_words(h, true, 0.5).find("try --alpha 0.05") !=
                           std::string::npos &&
                       bn::diverged_words(bn::History{}, true, 0.5).empty(),
                   bn::diverged_words(h, false, 100));
    }

    // ---- Claim 2: the widest stretch of good learning rates ----
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const std::vector<double> alphas = {0.001, 0.01, 0.1, 1, 10, 100};
        const bn::AlphaRange r =
            bn::widest_good_range(alphas, {0.5, 0.95, nan, 0.92, 0.93, 0.91}, 0.9);
        check.that("widest_good_range: a diverged run (NaN) breaks the stretch; 1 to 100 "
                   "(factor 100) beats 0.01 alone",
                   r.lo == 1 && r.hi == 100 && r.factor() == 100,
                   common::Checker::fmt(r.lo) + " to " + common::Checker::fmt(r.hi));
        const bn::AlphaRange none = bn::widest_good_range(alphas, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6},
                                                          0.9);
        const bn::AlphaRange one = bn::widest_good_range(alphas, {0, 0, 0.9, 0, 0, 0}, 0.9);
        check.that("widest_good_range: none reaches 0.9 -> not found; one alpha -> factor 1",
                   !none.found() && one.found() && one.lo == 0.1 && one.hi == 0.1 &&
                       one.factor() == 1);
        const std::vector<bn::SweepPoint> points[2] = {{{0.5, 0}, {nan, 1}},
                                                       {{0.25, 0}, {0.971, 0}}};
        const std::vector<common::plot::Series> sw = bn::sweep_series({0.1, 10}, points);
        check.that("sweep_series: accuracy in % per side, then markers only where a run "
                   "diverged (without, at alpha 10)",
                   sw.size() == 3 && sw[0].y[0] == 50 && std::isnan(sw[0].y[1]) &&
                       sw[1].y[0] == 25 && std::abs(sw[1].y[1] - 97.1) < 1e-12 &&
                       sw[2].label == "diverged (without)" && sw[2].x == std::vector<double>{10},
                   std::to_string(sw.size()) + " series");
    }

    // ---- Claim 3: the spread of the batch statistics, its slope, the gap's words ----
    {
        std::vector<double> x = {16, 32, 64, 128}, y;
        for (double v : x) y.push_back(3 / std::sqrt(v));
        check.close("log_log_slope: y = 3 / sqrt(x) has slope -0.5", -0.5,
                    bn::log_log_slope(x, y), common::tol<double>::exact);
        common::Rng r(5);
        Matrix<double> Zs(3, 1000);
        for (double& v : Zs.values()) v = 4 * r.normal() + 7;
        const bn::Spread all = bn::batch_statistic_spread(Zs, 1000, 3, r);
        // std = sqrt(sum2/K - mean^2) keeps about sqrt(1e-16) |mu| / sigma of rounding
        check.that("batch_statistic_spread: mini-batches of all N examples do not spread "
                   "(under 1e-7, the rounding of sum2/K - mean^2)",
                   all.mu < 1e-7 && all.sigma2 < 1e-7,
                   common::Checker::fmt(all.mu) + " " + common::Checker::fmt(all.sigma2));
        const bn::Spread s100 = bn::batch_statistic_spread(Zs, 100, 2000, r);
        const double want = bn::predicted_mu_spread(100, 1000);  // sqrt(900/999) / 10
        check.that("batch_statistic_spread: std(mu_t)/sigma of m_t = 100 of 1000 is "
                   "sqrt((N - m_t)/(N - 1)) / sqrt(m_t) = 0.0949 within 5% (2000 draws)",
                   std::abs(s100.mu / want - 1) < 0.05,
                   common::Checker::fmt(s100.mu) + " vs " + common::Checker::fmt(want));
        const bn::Noise noise = bn::batch_noise(Zs, {16, 64, 256}, 1000, r);
        check.that("batch_noise: with the finite-population factor divided out the slope is "
                   "-0.5 within 0.05; raw it is steeper",
                   std::abs(noise.slope_fpc + 0.5) < 0.05 && noise.slope < noise.slope_fpc &&
                       noise.sloped && noise.rows.size() == 3,
                   common::Checker::fmt(noise.slope_fpc) + ", raw " +
                       common::Checker::fmt(noise.slope));
        check.throws("batch_statistic_spread: m_t > N is refused",
                     [&] { bn::batch_statistic_spread(Zs, 1001, 1, r); }, "m_t <= N");
        check.that("slope_words: -0.497 shrinks as 1/sqrt(m_t), -0.3 not, +0.1 not at all",
                   bn::slope_words(-0.497) == "shrank as 1/sqrt(m_t)" &&
                       bn::slope_words(-0.3) == "shrank, but not as 1/sqrt(m_t)" &&
                       bn::slope_words(0.1) == "did not shrink");
    }

    // ---- Claim 4: two accuracies in test examples; running averages against the truth ----
    {
        check.that("examples_apart: 97.1% and 97.3% of 450 are 1 example apart",
                   bn::examples_apart(437.0 / 450, 438.0 / 450, 450) == 1);
        check.that("as_well_words: 1 example apart is as well as; 22 worse; 22 better",
                   bn::as_well_words(437.0 / 450, 438.0 / 450, 450) == "as well as" &&
                       bn::as_well_words(416.0 / 450, 438.0 / 450, 450) == "worse than" &&
                       bn::as_well_words(438.0 / 450, 416.0 / 450, 450) == "better than");
        const std::vector<bn::Running<double>> truth = {{{1, -2}, {4, 0.25}}};
        const std::vector<bn::Running<double>> running = {{{1.2, -2}, {4, 0.3}}};
        const bn::RunningError e = bn::running_error(running, truth, 0);
        check.all_close("running_error: 0.2 / sqrt(4) = 0.1 sigma in mu, 0.3/0.25 - 1 = 0.2 "
                        "in sigma2", std::vector<double>{0.1, 0.2},
                        std::vector<double>{e.mu, e.sigma2}, common::tol<double>::exact);
    }

    // ---- The program's rows: claim 3's noise chart and gap cells, claim 4's table ----
    {
        bn::Noise noise;
        noise.rows = {{16, {0.25, 0.3}, 0.24}, {64, {0.125, 0.15}, 0.12}};
        const std::vector<common::plot::Series> ns = bn::noise_series(noise);
        check.all_close("noise_series: 1/sqrt(m_t) through the first point: 0.25 at 16, 0.125 "
                        "at 64; the prediction as given",
                        std::vector<double>{0.25, 0.125, 0.24, 0.12, 0.3, 0.15},
                        std::vector<double>{ns[2].y[0], ns[2].y[1], ns[3].y[0], ns[3].y[1],
                                            ns[1].y[0], ns[1].y[1]},
                        common::tol<double>::exact);
        check.that("gap_sizes: 16, 64, 256 (--full: 16 .. 512), only m_t <= N / 2",
                   bn::gap_sizes(1347, false) == std::vector<std::size_t>{16, 64, 256} &&
                       bn::gap_sizes(1347, true).size() == 6 &&
                       bn::gap_sizes(200, false) == std::vector<std::size_t>{16, 64});
        bn::TestTime tt;
        tt.running = {0.1062, 0.971};
        tt.whole = {0.1061, 0.973};
        tt.own = {0.971, 0.087};
        const std::vector<bn::TestTimeRow> rows = bn::test_time_rows(tt, 0.9, 450);
        check.that("test_time_rows: running averages with beta and J, the whole training set, "
                   "the 450 test examples as one batch and alone (no J)",
                   rows.size() == 4 && rows[0].where.find("beta = 0.9)") != std::string::npos &&
                       rows[0].accuracy == "97.1%" && rows[0].cost == "(J 0.1062)" &&
                       rows[1].accuracy == "97.3%" &&
                       rows[2].where == "the 450 test examples as one batch" &&
                       rows[2].cost.empty() && rows[3].accuracy == "8.7%",
                   rows.empty() ? "" : rows[0].where);
    }

    // ---- The notes' vectorized formula as printed ("+" before the Z_norm term) ----
    {
        common::Rng r(23);
        double printed_min = 1, corrected_max = 0;
        std::string detail;
        for (const Shape sh : {Shape{3, 4, 1e-5}, Shape{1, 5, 1e-5}, Shape{2, 7, 1e-3},
                               Shape{5, 16, 1e-5}, Shape{4, 2, 10.0}}) {
            const bn::SignCheck sc = bn::sign_check(bn::random_problem(sh.n, sh.m, sh.eps, r));
            printed_min = std::min(printed_min, sc.printed);
            corrected_max = std::max(corrected_max, sc.corrected);
            detail += " " + common::Checker::fmt(sc.printed) + "/" + common::Checker::fmt(sc.off);
            check.that("printed - corrected = 2 gamma/sqrt(sigma2 + eps) Z_norm mean(dZ_tilde "
                       "Z_norm), and both sum to 0 over the batch (n = " +
                           std::to_string(sh.n) + ", m = " + std::to_string(sh.m) + ")",
                       sc.difference < 1e-13 && sc.sums < 1e-13 && sc.off > 0.05,
                       common::Checker::fmt(sc.difference) + " " + common::Checker::fmt(sc.sums));
        }
        check.that("central differences reject the notes' dZ as printed on every shape (worst "
                   "error > 1e-2, per shape printed/||diff||:" + detail + ")",
                   printed_min > 1e-2, common::Checker::fmt(printed_min));
        check.that("central differences accept backward(), the corrected form ('-' before the "
                   "Z_norm term), on the same shapes",
                   corrected_max < common::tol<double>::grad, common::Checker::fmt(corrected_max));
        // The shipped reference cases (float64, cross-checked against torch): backward()
        // reproduces their dZ; the printed formula is off by more than 10% in every case.
        const auto cases =
            reference::read_cases(PROJECT_DIR "/tests/reference/cases/batchnorm.txt");
        double off_min = 1e9, off_max = 0, right_max = 0;
        for (const reference::Case& rc : cases) {
            const Matrix<double>& Zr = rc.matrix("Z");
            const std::size_t n = Zr.rows();
            const Matrix<double>& G = rc.matrix("gamma", n, 1);
            const Matrix<double>& B = rc.matrix("beta", n, 1);
            const std::vector<double> gm(G.values().begin(), G.values().end());
            const std::vector<double> bt(B.values().begin(), B.values().end());
            const bn::Cache<double> cr = bn::forward<double>(Zr, gm, bt, rc.number("eps"));
            const Matrix<double>& want = rc.matrix("dZ");
            const double off = bn::relative_distance(
                bn::dZ_as_printed<double>(rc.matrix("dZtilde"), gm, cr).values(), want.values());
            off_min = std::min(off_min, off);
            off_max = std::max(off_max, off);
            right_max = std::max(right_max, bn::relative_distance(
                bn::backward<double>(rc.matrix("dZtilde"), gm, cr).dZ.values(), want.values()));
        }
        check.that("reference cases: the printed formula misses their dZ by ||diff|| / ||dZ|| "
                   "> 0.1 in each of " + std::to_string(cases.size()) + " cases (" +
                       common::Checker::fmt(off_min) + " to " + common::Checker::fmt(off_max) +
                       "); backward() within 1e-12",
                   cases.size() >= 6 && off_min > 0.1 && right_max < 1e-12,
                   common::Checker::fmt(right_max));
        // The element-wise line where the sign flips.
        const bn::JacobianErrors je = bn::jacobian_check(bn::random_problem(3, 4, eps, r));
        check.that("the notes' d z_norm^(i)/d z^(j) as printed (+ z_norm^(i) z_norm^(j) / m): "
                   "central differences reject it, the corrected one agrees",
                   je.printed > 1e-2 && je.closed_form < common::tol<double>::grad,
                   common::Checker::fmt(je.printed) + " vs " +
                       common::Checker::fmt(je.closed_form));
        // np.sum(..., axis = 1) without keepdims: with n = m it broadcasts along the examples.
        const bn::Problem sq = bn::random_problem(5, 5, eps, r);
        const bn::Cache<double> cq = bn::forward<double>(sq.Z, sq.gamma, sq.beta, eps);
        const double wrong = bn::worst_error(
            bn::dZ_sums_without_keepdims<double>(sq.dZ_tilde, sq.gamma, cq).values(),
            bn::numerical_dZ(sq));
        check.that("np.sum without keepdims, n = m = 5: central differences reject the "
                   "broadcast result", wrong > 1e-2, common::Checker::fmt(wrong));
        check.throws("np.sum without keepdims: n != m is refused (NumPy would refuse too)",
                     [&] {
                         const bn::Problem p = bn::random_problem(2, 3, eps, r);
                         const bn::Cache<double> cp =
                             bn::forward<double>(p.Z, p.gamma, p.beta, eps);
                         bn::dZ_sums_without_keepdims<double>(p.dZ_tilde, p.gamma, cp);
                     },
                     "only when n = m");
        // gamma sets the standard deviation of Z_tilde; the variance is gamma^2.
        const bn::Problem pg = bn::random_problem(2, 40, 1e-12, r);
        const std::vector<double> three = {3, 3};
        const bn::Cache<double> cg = bn::forward<double>(pg.Z, three, pg.beta, 1e-12);
        double mean = 0, var = 0;
        for (double v : cg.Z_tilde.row(1)) mean += v / 40;
        for (double v : cg.Z_tilde.row(1)) var += (v - mean) * (v - mean) / 40;
        check.all_close("gamma = 3: Z_tilde has standard deviation 3 and variance 9 = gamma^2",
                        std::vector<double>{3, 9}, std::vector<double>{std::sqrt(var), var}, 1e-9);
        // gamma and beta are vectors: one value per feature, 2 n numbers per layer.
        common::Rng rn(3);
        const bn::Network<double> net = bn::make_network<double>({64, 32, 32, 10}, true, 1e-5, rn);
        check.that("gamma and beta: 32 values each per hidden layer (2 x 32 numbers, not two)",
                   net.gamma(0).size() == 32 && net.beta(1).size() == 32);
    }

    // ---- Training with the running averages in the forward pass ----
    {
        common::Rng r(31);
        const bn::Problem p = bn::random_problem(3, 6, eps, r);
        const bn::Cache<double> cp = bn::forward<double>(p.Z, p.gamma, p.beta, eps);
        bn::Gradients<double> gr;
        bn::backward_running<double>(p.dZ_tilde, p.gamma, cp, cp.mu, 1.0, gr);
        check.all_close("backward_running with w = 1 (the batch's own mu, sigma2) = backward()",
                        bn::backward<double>(p.dZ_tilde, p.gamma, cp).dZ.values(),
                        gr.dZ.values(), common::tol<double>::exact);
        for (const double running_beta : {0.9, 0.5}) {
            common::Rng rr(11);
            bn::Network<double> net = bn::make_network<double>({5, 4, 3, 3}, true, 1e-5, rr);
            for (double& t : net.theta) t += 0.1 * rr.normal();
            for (bn::Running<double>& run : net.running) {  // running averages away from 0, 1
                for (double& v : run.mu) v = rr.normal();
                for (double& v : run.sigma2) v = rr.uniform(0.5, 2);
            }
            Matrix<double> X(5, 6);
            for (double& v : X.values()) v = rr.normal();
            const std::vector<int> y = {0, 2, 1, 1, 0, 2};
            bn::Tape<double> tape;
            bn::forward<double>(net, X, tape, nullptr, &running_beta);
            std::vector<double> dtheta(net.theta.size());
            bn::Feedback fb;
            bn::backward(net, tape, std::span<const int>(y), std::span<double>(dtheta), &fb);
            const auto numeric = common::numerical_gradient(
                [&](std::span<const double> theta) {
                    bn::Network<double> moved = net;
                    moved.theta.assign(theta.begin(), theta.end());
                    bn::Tape<double> t;
                    bn::forward<double>(moved, X, t, nullptr, &running_beta);
                    return bn::cross_entropy(t.P, std::span<const int>(y));
                },
                net.theta);
            const double err = common::max_gradient_error(dtheta, numeric);
            check.that("network backward with the running averages in the forward pass (beta " +
                           common::Checker::fmt(running_beta) + ") = central differences, " +
                           common::Checker::fmt(err),
                       err < common::tol<double>::grad && fb.direct > 0 && fb.through > 0);
        }
        check.close("Feedback::ratio: sqrt(through / direct) = sqrt(1 / 4) = 0.5", 0.5,
                    bn::Feedback{1, 4}.ratio(), common::tol<double>::exact);
    }

    // ---- Over seeds: the spread and the verdicts picked from it ----
    {
        const bn::SeedSpread sp = bn::seed_spread({3, 4, 3, 4, 3, std::nan("")});
        check.all_close("seed_spread: 3, 4, 3, 4, 3 (a NaN left out): mean 3.4, sd sqrt(0.3), "
                        "min 3, max 4", std::vector<double>{3.4, std::sqrt(0.3), 3, 4, 5},
                        std::vector<double>{sp.mean, sp.sd, sp.min, sp.max, double(sp.n)},
                        common::tol<double>::exact);
        check.that("spread_text: \"3.4 +- 0.5 (3.0..4.0)\"",
                   bn::spread_text(sp, 1) == "3.4 +- 0.5 (3.0..4.0)", bn::spread_text(sp, 1));
        using C = bn::Change;
        const std::vector<double> zero(5, 0.0);
        check.that("paired_change: every seed above, every seed below, a mean beyond 2 standard "
                   "errors, and nothing beyond the spread",
                   bn::paired_change({1, 2, 1, 3, 2}, zero, 0.5) == C::up_every &&
                       bn::paired_change({-1, -2, -1, -3, -2}, zero, 0.5) == C::down_every &&
                       bn::paired_change({2, 2, 2, 2, -0.2}, zero, 0.5) == C::up_mean &&
                       bn::paired_change({-2, -2, -2, -2, 0.2}, zero, 0.5) == C::down_mean &&
                       bn::paired_change({1, -1, 1, -1, 0.5}, zero, 0.5) == C::none &&
                       bn::paired_change({0.4, 0.4, 0.4, 0.4, 0.4}, zero, 0.5) == C::none);
        check.that("speed_verdict: 3 vs 6 epochs sooner on every seed; one seed later: on "
                   "average; mixed: no difference",
                   bn::speed_verdict({3, 4, 3, 4, 3}, {5, 8, 6, 6, 5}) ==
                           "sooner with batch norm on every seed" &&
                       bn::speed_verdict({3, 3, 3, 3, 7}, {6, 6, 6, 6, 6}).find(
                           "sooner with batch norm on average") == 0 &&
                       bn::speed_verdict({3, 6, 5, 6, 4}, {5, 4, 5, 6, 4}) ==
                           "no difference beyond the spread of the seeds" &&
                       bn::speed_verdict({6, 6, 6}, {3, 3, 3}) ==
                           "later with batch norm on every seed");
        check.that("range_verdict: 2 decades against 1.2 is wider on every seed; against 0.5 "
                   "a factor of 10 or more; the same: no difference",
                   bn::range_verdict({2, 2, 2}, {1.2, 1, 1.22}) ==
                           "wider with batch norm on every seed" &&
                       bn::range_verdict({2, 2, 2}, {0.5, 1, -1}) ==
                           "wider by a factor of 10 or more on every seed, a much bigger range" &&
                       bn::range_verdict({1, 1, 1}, {1, 1, 1}) ==
                           "no difference beyond the spread of the seeds" &&
                       bn::range_verdict({1, 1, 1}, {2, 2, 2}) ==
                           "narrower with batch norm on every seed");
        const double one = 1.0 / 450;
        check.that("regularization_verdict: a gap 1 point larger at the larger m_t on every seed "
                   "grew; 1 point smaller shrank; +-0.6 within the spread is not measurable",
                   bn::regularization_verdict({0.02, 0.03, 0.025}, {0.03, 0.04, 0.035}, one)
                           .find("grew, the direction the claim predicts") == 0 &&
                       bn::regularization_verdict({0.03, 0.04, 0.035}, {0.02, 0.03, 0.025}, one)
                           .find("shrank, against") == 0 &&
                       bn::regularization_verdict({0.023, 0.03, 0.02, 0.025, 0.03},
                                                  {0.03, 0.024, 0.026, 0.019, 0.029}, one)
                           .find("not measurable at this size") != std::string::npos);
        check.that("feedback_verdict: 0.027 against 0.165 is smaller on every seed; "
                   "running_gap_verdict: the same gaps are not measurably different, 2 points "
                   "more on every seed is less regularization",
                   bn::feedback_verdict({0.165, 0.16, 0.17}, {0.027, 0.025, 0.028}) ==
                           "smaller with the running averages on every seed" &&
                       bn::feedback_verdict({0.1, 0.1}, {0.2, 0.2}) ==
                           "larger with the running averages on every seed" &&
                       bn::running_gap_verdict({0.028, 0.03, 0.025}, {0.028, 0.03, 0.025}, one) ==
                           "not measurably different at this size" &&
                       bn::running_gap_verdict({0.02, 0.02, 0.02}, {0.04, 0.045, 0.04}, one)
                           .find("larger with the running averages (less regularization") == 0);
        bn::SeedRun a, b;
        a.sweep[1] = {{0.97, 0}};
        b.sweep[1] = {{0.95, 0}};
        a.sweep[0] = {{std::nan(""), 1}};
        b.sweep[0] = {{0.096, 0}};
        const std::vector<bn::SeedRun> two = {a, b};
        check.that("sweep_seed_cell: the mean (min..max) of the seeds that trained, and how many "
                   "diverged",
                   bn::sweep_seed_cell(two, true, 0) == "96.0% (95.0..97.0)" &&
                       bn::sweep_seed_cell(two, false, 0) == "9.6% (9.6..9.6), 1 diverged",
                   bn::sweep_seed_cell(two, false, 0));
        check.that("decades: a factor of 100 is 2, one alpha 0, none -1",
                   bn::decades({0.03, 3}) == 2 && bn::decades({0.1, 0.1}) == 0 &&
                       bn::decades({}) == -1);
    }

    // ---- The closing lines: each picks its words from the numbers it is given ----
    {
        bn::Findings f{.data = "my.csv", .epochs = 20, .test_m = 450, .derivation_agrees = true,
                       .worst_dZ = 2.7e-8, .printed_min = 0.78, .printed_max = 1,
                       .printed_rejected = true};
        f.gap_at = {16, 256};
        for (int k = 0; k < 5; ++k) {
            bn::SeedRun r;
            r.at_with = 3 + k % 2;
            r.at_without = 5 + k;
            r.range[1] = {0.03, 3};
            r.range[0] = {0.03, 0.5};
            const double g16 = 0.02 + 0.002 * k, g256 = 0.021 + 0.002 * ((k * 3) % 5);
            for (bool use_bn : {false, true}) {
                r.gaps[use_bn] = {bn::Gap{.train = {0, g16}, .test = {0, 0}},
                                  bn::Gap{.train = {0, g256}, .test = {0, 0}}};
            }
            r.feedback[0] = 0.16 + 0.001 * k;
            r.feedback[1] = 0.027;
            r.running_gap[0] = bn::Gap{.train = {0, 0.03}, .test = {0, 0}};
            r.running_gap[1] = bn::Gap{.train = {0, 0.05 + 0.001 * k}, .test = {0, 0}};
            f.seeds.push_back(r);
        }
        f.test.running.accuracy = 416.0 / 450;
        f.test.whole.accuracy = 438.0 / 450;
        const std::vector<std::string> lines = bn::what_this_run_showed(f);
        const auto said_within_95 = [](const std::string& bullet) {  // as report::say prints it
            std::istringstream said(common::report::wrapped(bullet, 2, 0));
            for (std::string l; std::getline(said, l);)
                if (l.size() > 95) return false;
            return bullet.rfind("- ", 0) == 0;
        };
        check.that("what_this_run_showed: a heading and then bullets \"- ...\" that "
                   "report::say(bullet, 2, 0) prints in lines of at most 95 columns",
                   lines.front() == "What this run showed:" &&
                       std::all_of(lines.begin() + 1, lines.end(), said_within_95));
        check.that("what_this_run_showed: the printed formula rejected; claim 1 over 5 seeds on "
                   "my.csv, sooner on every seed; claim 2's factors and verdict",
                   contains(lines, "misses by 0.78 to 1: rejected.") &&
                       contains(lines, "Claim 1, on my.csv over 5 seeds") &&
                       contains(lines, "epoch 3.4 +- 0.5 with batch norm") &&
                       contains(lines, "sooner with batch norm on every seed") &&
                       contains(lines, "spans a factor of 100 to 100 with batch norm, 16.7 to "
                                       "16.7 without") &&
                       contains(lines, "wider with batch norm on every seed"),
                   lines.size() > 2 ? lines[2] : "");
        check.that("what_this_run_showed: claim 3 not measurable, the running averages' "
                   "feedback smaller and their gap larger, claim 4 worse",
                   contains(lines, "not measurable at this size") &&
                       contains(lines, "smaller with the running averages on every seed") &&
                       contains(lines, "larger with the running averages (less regularization") &&
                       contains(lines, "did worse than those statistics"));
    }
    // ---- Beyond the notes: layer normalization (statistics over each example's features) ----
    {
        // Z (n = 4, m = 2): example 1 = (1, 2, 3, 6): mu 3, sigma2 (4 + 1 + 0 + 9) / 4 = 3.5;
        // example 2 = (4, 4, 4, 4): mu 4, sigma2 0, Z_norm 0, Z_tilde = beta.
        const Matrix<double> Zl = Matrix<double>::from_rows({{1, 4}, {2, 4}, {3, 4}, {6, 4}});
        const std::vector<double> gl = {2, 0.5, 1, 3}, bl = {0.5, -1, 0, 2};
        const bn::Cache<double> cl = bn::layer_norm_forward<double>(Zl, gl, bl, eps);
        check.all_close("layer norm mu^(i) = (1/n) sum_k z_k^(i): (3, 4) by hand, one per example",
                        std::vector<double>{3, 4}, cl.mu, common::tol<double>::exact);
        check.all_close("layer norm sigma2^(i) = (1/n) sum_k (z_k^(i) - mu^(i))^2: (3.5, 0) by "
                        "hand (1/n)", std::vector<double>{3.5, 0}, cl.sigma2,
                        common::tol<double>::exact);
        const double sl = std::sqrt(3.5 + eps);
        std::vector<double> zn_want = {-2 / sl, 0, -1 / sl, 0, 0, 0, 3 / sl, 0}, zt_want;
        for (std::size_t q = 0; q < 8; ++q) zt_want.push_back(gl[q / 2] * zn_want[q] + bl[q / 2]);
        check.all_close("layer norm z_norm_k^(i) = (z_k^(i) - mu^(i)) / sqrt(sigma2^(i) + eps): "
                        "(-2, -1, 0, 3) / sqrt(3.5 + eps) and 0 for the constant example",
                        zn_want, cl.Z_norm.values(), common::tol<double>::exact);
        check.all_close("layer norm z_tilde_k^(i) = gamma_k z_norm_k^(i) + beta_k (gamma, beta "
                        "per feature), beta for the constant example", zt_want,
                        cl.Z_tilde.values(), common::tol<double>::exact);

        // m = 1: layer norm normalizes the one example; batch norm's sigma2 is 0 everywhere.
        const Matrix<double> Z1 = Matrix<double>::from_rows({{1}, {2}, {6}});
        const std::vector<double> g1 = {1, 2, 0.5}, b1 = {0.1, 0.2, 0.3};
        const bn::Cache<double> ln1 = bn::layer_norm_forward<double>(Z1, g1, b1, eps);
        const bn::Cache<double> bn1 = bn::forward<double>(Z1, g1, b1, eps);
        check.that("layer norm at m = 1: mu 3, sigma2 14/3 of the one example (by hand)",
                   ln1.mu.size() == 1 && std::abs(ln1.mu[0] - 3) < 1e-15 &&
                       std::abs(ln1.sigma2[0] - 14.0 / 3) < 1e-14,
                   common::Checker::fmt(ln1.sigma2[0]));
        check.all_close("batch norm at m = 1: sigma2 = 0 for every feature, Z_tilde = beta "
                        "whatever Z is", std::vector<double>{0.1, 0.2, 0.3}, bn1.Z_tilde.values(),
                        common::tol<double>::exact);

        // n = 1: sigma2 = 0, Z_norm = 0, Z_tilde = beta and dZ = 0 (FORMAT.md).
        const Matrix<double> Zn1 = Matrix<double>::from_rows({{5, -2, 7}});
        const std::vector<double> gn1 = {3}, bn1v = {0.25};
        const bn::Cache<double> cn1 = bn::layer_norm_forward<double>(Zn1, gn1, bn1v, eps);
        const bn::Gradients<double> dn1 = bn::layer_norm_backward<double>(
            Matrix<double>::from_rows({{1, 2, -3}}), gn1, cn1);
        check.that("layer norm with n = 1: Z_tilde = beta and dZ = 0 for every example",
                   std::all_of(cn1.Z_tilde.values().begin(), cn1.Z_tilde.values().end(),
                               [](double v) { return v == 0.25; }) &&
                       std::all_of(dn1.dZ.values().begin(), dn1.dZ.values().end(),
                                   [](double v) { return v == 0; }));
    }
    {
        // Backward by the chain rule through the n x n Jacobian of each example's z_norm,
        // d z_norm_j / d z_k = (delta_jk - 1/n - z_norm_j z_norm_k / n) / sqrt(sigma2 + eps),
        // with dJ/dz_norm_j = gamma_j dZ_tilde_j: written apart from the closed form's means.
        for (const Shape sh : {Shape{5, 7, 1e-5}, Shape{8, 1, 1e-5}, Shape{13, 3, 1e-2}}) {
            const bn::Problem p = bn::random_problem(sh.n, sh.m, sh.eps, rng);
            const bn::Cache<double> cp = bn::layer_norm_forward<double>(p.Z, p.gamma, p.beta,
                                                                        p.eps);
            const bn::Gradients<double> gp = bn::layer_norm_backward<double>(p.dZ_tilde,
                                                                            p.gamma, cp);
            Matrix<double> dZ_chain(sh.n, sh.m);
            std::vector<double> dgamma(sh.n, 0), dbeta(sh.n, 0);
            for (std::size_t i = 0; i < sh.m; ++i) {
                const double s = std::sqrt(cp.sigma2[i] + p.eps);
                for (std::size_t k = 0; k < sh.n; ++k) {
                    double sum = 0;
                    for (std::size_t j = 0; j < sh.n; ++j) {
                        const double jac = ((j == k ? 1.0 : 0.0) - 1.0 / double(sh.n) -
                                            cp.Z_norm(j, i) * cp.Z_norm(k, i) / double(sh.n)) / s;
                        sum += p.gamma[j] * p.dZ_tilde(j, i) * jac;
                    }
                    dZ_chain(k, i) = sum;
                    dgamma[k] += p.dZ_tilde(k, i) * cp.Z_norm(k, i);
                    dbeta[k] += p.dZ_tilde(k, i);
                }
            }
            const std::string at = " (n = " + std::to_string(sh.n) + ", m = " +
                                   std::to_string(sh.m) + ")";
            check.all_close("layer norm dZ^(i) = (g - mean_k g - z_norm mean_k(g z_norm)) / "
                            "sqrt(sigma2 + eps) = the chain rule through the Jacobian" + at,
                            dZ_chain.values(), gp.dZ.values(), 1e-12);
            check.all_close("layer norm dgamma = sum_i dZ_tilde * Z_norm, by a loop" + at,
                            dgamma, gp.dgamma, 1e-12);
            check.all_close("layer norm dbeta = sum_i dZ_tilde, by a loop" + at, dbeta, gp.dbeta,
                            1e-12);
            const bn::LayerNormShape e = bn::layer_norm_gradient_check(p);
            check.that("layer norm dZ = central differences, error " +
                           common::Checker::fmt(e.errors.dZ) + at,
                       e.errors.dZ < common::tol<double>::grad && e.dZ_largest > 1e-3);
            check.that("layer norm dgamma, dbeta = central differences" + at,
                       e.errors.dgamma < common::tol<double>::grad &&
                           e.errors.dbeta < common::tol<double>::grad,
                       common::Checker::fmt(e.errors.dgamma) + " " +
                           common::Checker::fmt(e.errors.dbeta));
            // Batch norm's form, gamma_k / sqrt(sigma2 + eps) outside the means, on the columns:
            Matrix<double> bn_form(sh.n, sh.m);
            for (std::size_t i = 0; i < sh.m; ++i) {
                double mg = 0, mgz = 0;
                for (std::size_t k = 0; k < sh.n; ++k) {
                    mg += p.dZ_tilde(k, i) / double(sh.n);
                    mgz += p.dZ_tilde(k, i) * cp.Z_norm(k, i) / double(sh.n);
                }
                for (std::size_t k = 0; k < sh.n; ++k) {
                    bn_form(k, i) = p.gamma[k] / std::sqrt(cp.sigma2[i] + p.eps) *
                                    (p.dZ_tilde(k, i) - mg - cp.Z_norm(k, i) * mgz);
                }
            }
            check.that("layer norm: batch norm's gamma / sqrt(sigma2 + eps) (...) form is wrong "
                       "when gamma varies (off by more than 1%)" + at,
                       bn::relative_distance(bn_form.values(), gp.dZ.values()) > 1e-2,
                       common::Checker::fmt(
                           bn::relative_distance(bn_form.values(), gp.dZ.values())));
        }
        // With one gamma for every feature the two forms agree (gamma factors out of the means).
        bn::Problem p = bn::random_problem(6, 4, eps, rng);
        p.gamma.assign(6, 1.7);
        const bn::Cache<double> cp = bn::layer_norm_forward<double>(p.Z, p.gamma, p.beta, eps);
        const bn::Gradients<double> gp = bn::layer_norm_backward<double>(p.dZ_tilde, p.gamma, cp);
        const bn::Cache<double> ct = bn::forward<double>(
            p.Z.transpose(), std::vector<double>(4, 1.7), std::vector<double>(4, 0.0), eps);
        const bn::Gradients<double> gt = bn::backward<double>(p.dZ_tilde.transpose(),
                                                               std::vector<double>(4, 1.7), ct);
        check.all_close("layer norm with gamma the same for all features = batch norm on the "
                        "transpose (m x n) with that gamma", gt.dZ.transpose().values(),
                        gp.dZ.values(), 1e-12);
    }
    {
        const std::vector<double> g3v(3, 1.0), b2v(2, 0.0);
        bool threw = false;
        try {
            bn::layer_norm_forward<double>(Matrix<double>(3, 2), g3v, b2v, eps);
        } catch (const std::invalid_argument& e) {
            threw = std::string(e.what()).find("layer norm: Z has 3 features") != std::string::npos;
        }
        check.that("layer norm: beta of the wrong size is refused, naming the shapes", threw);
        const bn::LayerNormCheck d = bn::layer_norm_checks(1);
        check.that("layer_norm_checks: agrees, includes m = 1, where batch norm's sigma2 and dZ "
                   "are 0 and layer norm's dZ is not",
                   d.agrees() && d.bn_sigma2 == 0 && d.bn_dZ == 0 && d.ln_dZ > 1e-3 &&
                       d.ln_sigma2 > 0 && d.ln_error < common::tol<double>::grad,
                   bn::layer_norm_check_text(d));
    }

    // ---- The network with layer norm: backward against central differences, no running ----
    {
        const NetworkCheck c = network_against_central_differences(bn::Norm::layer);
        const bn::Network<double>& net = c.net;
        const Matrix<double>& X = c.X;
        const bn::Tape<double>& tape = c.tape;
        const double err = c.error;
        check.that("network backward = central differences with layer norm (5-4-3-3, m = 6), "
                   "error " + common::Checker::fmt(err), err < common::tol<double>::grad);
        check.that("network with layer norm: gamma, beta and no b in the hidden layers, no "
                   "running averages; mu of each example (m = 6) in the cache",
                   net.theta.size() == 5 * 4 + 8 + 4 * 3 + 6 + 3 * 3 + 3 &&
                       net.running.empty() && tape.bn[0].mu.size() == 6);
        // One example at a time gives the same probabilities as the whole batch.
        Matrix<double> x0(5, 1);
        for (std::size_t j = 0; j < 5; ++j) x0(j, 0) = X(j, 3);
        bn::Tape<double> one;
        bn::forward(net, x0, one);
        check.all_close("network with layer norm: example 4 alone = example 4 in the batch",
                        std::vector<double>{tape.P(0, 3), tape.P(1, 3), tape.P(2, 3)},
                        one.P.values(), 1e-14);
    }
    check.that("mini-batches at m_t = 2: 1347 = 2 x 673 + 1, the last example joins the 673rd",
               bn::bn_mini_batches(1347, 2).size() == 673 &&
                   bn::bn_mini_batches(1347, 2).back().count == 3);

    // ---- Batch norm, layer norm, neither against m_t: how the program reads the numbers ----
    {
        bn::NormComparison cmp{{2, 64}, 5, 450, 0.1, 1, 3, {}};
        // [row][batch, layer, none][seed]
        cmp.accuracy = {{{0.40, 0.50, 0.45}, {0.95, 0.96, 0.955}, {0.93, 0.94, 0.935}},
                        {{0.93, 0.92, std::nan("")}, {0.94, 0.92, 0.925}, {0.88, 0.89, 0.9}}};
        check.that("norm_cell: mean (min..max) over the seeds that did not diverge, and how many "
                   "did", bn::norm_cell(cmp.accuracy[0][0]) == "45.0% (40.0..50.0)" &&
                       bn::norm_cell(cmp.accuracy[1][0]) == "92.5% (92.0..93.0), 1 diverged",
                   bn::norm_cell(cmp.accuracy[1][0]));
        check.that("layer_vs_batch: higher on every seed at m_t = 2; no clear difference at 64 "
                   "(the diverged seed left out)",
                   bn::layer_vs_batch(cmp, 0) == "layer norm higher on every seed" &&
                       bn::layer_vs_batch(cmp, 1) == "no clear difference",
                   bn::layer_vs_batch(cmp, 1));
        check.that("norm_best: layer norm above both on every seed at m_t = 2; at 64 the "
                   "highest mean (layer norm, 92.8 against 92.5) but level with batch norm on "
                   "seed 2: without \"every seed\"",
                   bn::norm_best(cmp, 0) == "layer norm, above both on every seed" &&
                       bn::norm_best(cmp, 1) == "layer norm",
                   bn::norm_best(cmp, 0) + " | " + bn::norm_best(cmp, 1));
        const std::string sum = bn::layer_norm_summary(cmp, true, 7.3e-9);
        check.that("layer_norm_summary: the check and both ends of m_t with their verdicts",
                   sum.find("agrees with central differences (worst dZ error 7.3e-09)") !=
                           std::string::npos &&
                       sum.find("after 5 epochs over 3 seeds") != std::string::npos &&
                       sum.find("at m_t = 2 batch norm 45.0 +- 5.0%, layer norm 95.5 +- 0.5%") !=
                           std::string::npos &&
                       sum.find("(layer norm higher on every seed; best: layer norm, above both "
                                "on every seed)") != std::string::npos &&
                       sum.find("at m_t = 64") != std::string::npos,
                   sum);
    }
    return check.finish();
}
