// chapter-batch-norm: batch normalization. First the derivation, checked step by step
// (forward by hand, backward against central differences, the Jacobian of Z_norm block by
// block and term by term); then the notes' four claims measured on a small network on the
// 8x8 digits: faster learning, an easier learning-rate search, a slight regularization that
// shrinks with the mini-batch size, and running averages at test time.
// Run: make chapter-batch-norm ARGS="--alpha 1"   (--help lists the flags; --full sweeps more)
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "batch_norm.hpp"
#include "checks.hpp"
#include "common/io/cli.hpp"
#include "common/io/plot.hpp"
#include "network.hpp"

namespace bn = batch_norm;
namespace plot = common::plot;
using common::Matrix;

namespace {

struct Options {
    double alpha = 0.1;
    std::size_t epochs = 20;
    std::size_t batch_size = 64;
    std::uint64_t seed = 1;
    double eps = 1e-5;
    double running_beta = 0.9;
    bool full = false;
    bool merge_last_batch = true;
    std::vector<double> alphas;  // the sweep; empty: the default list (or --full's)
    std::string data = CHAPTER_DIR "/data/digits.csv";
    std::string out = FIGURE_DIR;
};

const std::vector<std::size_t> architecture = {64, 32, 32, 10};
constexpr std::size_t m_train = 1347;  // of 1797; the other 450 are the test set

// Training one network, with or without batch norm, from the same seed.
struct Run {
    bn::Network<double> net;
    bn::History history;
};

Run train_one(const Options& o, bool use_bn, double alpha, std::size_t batch_size,
              std::size_t epochs, const bn::Labelled<double>& train_set,
              const bn::Labelled<double>& test_set) {
    common::Rng rng(o.seed);  // the same He-initialized W and the same orders with and without
    Run r{bn::make_network<double>(architecture, use_bn, o.eps, rng), {}};
    const bn::TrainOptions t{.alpha = alpha, .epochs = epochs, .batch_size = batch_size,
                             .running_beta = o.running_beta,
                             .merge_last_batch = o.merge_last_batch};
    r.history = bn::train(r.net, train_set, test_set, t, rng);
    return r;
}

const char* with(bool use_bn) { return use_bn ? "with batch norm" : "without"; }
const char* network_name(bool use_bn) {
    return use_bn ? "the network with batch norm" : "the network without batch norm";
}

std::string percent(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * x);
    return buf;
}

// ---- Part 1: the derivation ------------------------------------------------------------

void derivation(const Options& o) {
    std::printf("== 1. The derivation, checked ==\n\n");
    // Worked example: a feature with spread and a constant one.
    const Matrix<double> Z = Matrix<double>::from_rows({{1, 2, 3, 6}, {4, 4, 4, 4}});
    const std::vector<double> gamma = {1, 1}, beta = {0, 0};
    const bn::Cache<double> c = bn::forward<double>(Z, gamma, beta, o.eps);
    std::printf("Forward on Z = [1 2 3 6; 4 4 4 4] (n = 2 features, m = 4 examples):\n");
    std::printf("  mu = (1/m) sum_i z^(i)              = %g, %g\n", c.mu[0], c.mu[1]);
    std::printf("  sigma2 = (1/m) sum_i (z^(i) - mu)^2 = %g, %g   (by hand: 14/4 = 3.5, 0)\n",
                c.sigma2[0], c.sigma2[1]);
    std::printf("  Z_norm = (Z - mu) / sqrt(sigma2 + eps):\n");
    for (std::size_t k = 0; k < 2; ++k) {
        std::printf("    ");
        for (double v : c.Z_norm.row(k)) std::printf(" %10.6f", v);
        std::printf("\n");
    }
    std::printf("  Row 1 is (-2, -1, 0, 3) / sqrt(3.5 + eps): mean 0, variance 3.5 / (3.5 + eps) "
                "= %.9f.\n  The constant feature has sigma2 = 0: eps alone keeps the division "
                "finite; Z_norm = 0.\n\n", 3.5 / (3.5 + o.eps));

    // Backward against central differences, several shapes.
    std::printf("Backward, the closed form of the notes:\n"
                "  dZ = gamma / sqrt(sigma2 + eps) (dZ_tilde - mean(dZ_tilde) - Z_norm "
                "mean(dZ_tilde * Z_norm))\n"
                "  dgamma = sum_i dZ_tilde * Z_norm,  dbeta = sum_i dZ_tilde\n"
                "against central differences (double, h = 1e-4) of J = sum dZ_tilde * Z_tilde, "
                "Z ~ 5 N(0,1) + 12.\nWorst |a - n| / (|a| + |n|) (an element under 1/1000 of "
                "the largest is judged against\n1/1000 of the largest); the last column: the "
                "node-by-node (staged) backward against it.\n\n");
    std::printf("  %3s %3s %7s %11s %11s %11s %13s\n", "n", "m", "eps", "dZ", "dgamma", "dbeta",
                "staged/closed");
    struct Shape {
        std::size_t n, m;
        double eps;
    };
    common::Rng rng(o.seed);
    for (const Shape s : {Shape{3, 4, 1e-5}, Shape{1, 5, 1e-5}, Shape{2, 7, 1e-3},
                          Shape{5, 16, 1e-5}, Shape{4, 2, 10.0}}) {
        const bn::Problem p = bn::random_problem(s.n, s.m, s.eps, rng);
        const bn::GradientErrors e = bn::gradient_check(p);
        std::printf("  %3zu %3zu %7g %11.2e %11.2e %11.2e %13.2e\n", s.n, s.m, s.eps, e.dZ,
                    e.dgamma, e.dbeta, e.staged);
    }
    // m = 2: the output is +-1 whatever the input, so dZ is of order eps / sigma^3.
    const bn::Problem two = bn::random_problem(1, 2, 1e-5, rng);
    const bn::TwoExamples t2 = bn::two_examples_check(two);
    std::printf("\nWith m = 2, Z_norm = +-|z1 - z2| / sqrt((z1 - z2)^2 + 4 eps), about +-1 "
                "whatever the input,\nso dZ = gamma eps (g1 - g2) / (2 (sigma2 + eps)^(3/2)) "
                "(1, -1) is tiny: at eps = 1e-5,\ndZ = (%.4e, %.4e) and the formula gives "
                "%.4e. Finite differences cannot resolve\nsuch a gradient next to a J of size 1: "
                "the m = 2 row above uses eps = 10.\n\n",
                t2.dZ1, t2.dZ2, t2.predicted);

    // The Jacobian of Z_norm, block by block and term by term.
    const bn::Problem jp = bn::random_problem(3, 4, o.eps, rng);
    const bn::JacobianErrors je = bn::jacobian_check(jp);
    std::printf("The element-wise derivation, per feature:\n"
                "  d z_norm^(i) / d z^(j) = (1 / sqrt(sigma2 + eps)) (delta_ij - 1/m - z_norm^(i) "
                "z_norm^(j) / m)\nagainst the whole 12 x 12 Jacobian d Z_norm / d Z of a 3 x 4 Z "
                "by central differences:\n");
    std::printf("  entries between two different features       %.1e  (exactly 0: feature k "
                "uses nothing of p)\n", je.off_feature);
    std::printf("  closed form vs central differences, blocks   %.1e\n", je.closed_form);
    std::printf("  J^T (gamma dZ_tilde) vs the vectorized dZ     %.1e\n", je.chain);
    std::printf("  term by term, against terms 1, 2, 3 of dZ:   %.1e, %.1e, %.1e\n"
                "  (delta_ij / s -> dZ_tilde / s, -1/(m s) -> -mean(dZ_tilde) / s,\n"
                "   -z_norm z_norm / (m s) -> -Z_norm mean(dZ_tilde * Z_norm) / s, "
                "s = sqrt(sigma2 + eps))\n\n", je.term[0], je.term[1], je.term[2]);

    // Z_norm has mean 0 and variance sigma2 / (sigma2 + eps), about 1, per feature.
    const bn::Problem mp = bn::random_problem(5, 16, o.eps, rng);
    const bn::Cache<double> mc = bn::forward<double>(mp.Z, mp.gamma, mp.beta, mp.eps);
    double worst_mean = 0, worst_var = 0;
    for (std::size_t k = 0; k < 5; ++k) {
        const std::span<const double> zn = mc.Z_norm.row(k);
        const double mean = bn::row_sum_scalar(zn) / 16;
        const double var = bn::row_dot_scalar(zn, zn) / 16 - mean * mean;
        worst_mean = std::max(worst_mean, std::abs(mean));
        worst_var = std::max(worst_var, std::abs(var - 1));
    }
    std::printf("Before gamma and beta, each feature of Z_norm (a 5 x 16 Z) has mean 0 (worst "
                "|mean| %.1e)\nand variance sigma2 / (sigma2 + eps), about 1 (worst |var - 1| "
                "%.1e).\n\n", worst_mean, worst_var);
}

// ---- Part 2: the claims ----------------------------------------------------------------

// Epochs at which a table row is printed: 1, 2, 3, 5, 10, 15, ... and the last.
std::vector<std::size_t> shown_epochs(std::size_t epochs) {
    std::vector<std::size_t> shown = {1, 2, 3, 5};
    for (std::size_t i = 10; i < epochs; i += (i < 50 ? 5 : i < 200 ? 50 : 500)) shown.push_back(i);
    std::erase_if(shown, [&](std::size_t i) { return i >= epochs; });
    shown.push_back(epochs);
    return shown;
}

std::size_t first_epoch_at(const std::vector<double>& accuracy, double level) {
    for (std::size_t i = 0; i < accuracy.size(); ++i)
        if (accuracy[i] >= level) return i + 1;
    return 0;
}

plot::Series per_epoch(const std::string& label, const std::vector<double>& y, double scale,
                       bool dashed) {
    plot::Series s{.label = label, .x = {}, .y = {}, .dashed = dashed};
    for (std::size_t i = 0; i < y.size(); ++i) {
        s.x.push_back(double(i + 1));
        s.y.push_back(scale * y[i]);
    }
    return s;
}

void write(const std::filesystem::path& file, const plot::LineChart& chart,
           std::vector<std::filesystem::path>& written) {
    plot::write_svg(file, plot::to_svg(chart));
    written.push_back(file);
}

// Claim 3: the spread of a mini-batch's mu and sigma2 around those of the whole training set.
struct Spread {
    double mu = 0;      // std over draws of mu_t / sigma, averaged over the features
    double sigma2 = 0;  // std over draws of sigma2_t / sigma2, averaged over the features
};

Spread batch_statistic_spread(const Matrix<double>& Z, std::size_t m_t, std::size_t draws,
                              common::Rng& rng) {
    const std::size_t n = Z.rows(), N = Z.cols();
    std::vector<std::size_t> index(N);
    for (std::size_t k = 0; k < N; ++k) index[k] = k;
    std::vector<double> sum_mu(n), sum_mu2(n), sum_var(n), sum_var2(n), z(m_t);
    for (std::size_t d = 0; d < draws; ++d) {
        for (std::size_t i = 0; i < m_t; ++i) {  // m_t examples without replacement
            std::swap(index[i], index[i + rng.below(N - i)]);
        }
        for (std::size_t k = 0; k < n; ++k) {
            for (std::size_t i = 0; i < m_t; ++i) z[i] = Z(k, index[i]);
            const double mu = bn::mu<double>(z);
            const double var = bn::sigma2<double>(z, mu);
            sum_mu[k] += mu;
            sum_mu2[k] += mu * mu;
            sum_var[k] += var;
            sum_var2[k] += var * var;
        }
    }
    Spread s;
    std::size_t used = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const double mu = bn::mu<double>(Z.row(k));
        const double var = bn::sigma2<double>(Z.row(k), mu);
        if (!(var > 1e-12)) continue;  // a feature that never varies has nothing to spread
        const double K = double(draws);
        const auto sd = [K](double sum, double sum2) {  // std over the K draws
            return std::sqrt(std::max(0.0, sum2 / K - (sum / K) * (sum / K)));
        };
        const double sd_mu = sd(sum_mu[k], sum_mu2[k]);
        const double sd_var = sd(sum_var[k], sum_var2[k]);
        s.mu += sd_mu / std::sqrt(var);
        s.sigma2 += sd_var / var;
        ++used;
    }
    if (used > 0) {
        s.mu /= double(used);
        s.sigma2 /= double(used);
    }
    return s;
}

// Least-squares slope of log y against log x.
double log_log_slope(const std::vector<double>& x, const std::vector<double>& y) {
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    const double n = double(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double lx = std::log(x[i]), ly = std::log(y[i]);
        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
    }
    return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

// Batch norm forward + backward in float at (n, m) = (1024, 256): the memory it moves per
// second (Z read, Z_norm and Z_tilde written; dZ_tilde and Z_norm read, dZ written).
void time_layer(std::uint64_t seed) {
    const std::size_t n = 1024, m = 256;
    common::Rng rng(seed);
    Matrix<float> Z(n, m), dZ_tilde(n, m);
    for (float& v : Z.values()) v = float(rng.normal());
    for (float& v : dZ_tilde.values()) v = float(rng.normal());
    const std::vector<float> gamma(n, 1.0f), beta(n, 0.0f);
    bn::Cache<float> cache;
    bn::Gradients<float> grads;
    const auto once = [&] {
        bn::forward<float>(Z, gamma, beta, 1e-5f, cache);
        bn::backward<float>(dZ_tilde, gamma, cache, grads);
    };
    once();
    std::size_t reps = 0;
    const auto start = std::chrono::steady_clock::now();
    double seconds = 0;
    while (seconds < 0.05) {
        once();
        ++reps;
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    const double per = seconds / double(reps);
    // read Z, dZ_tilde, Z_norm; write Z_norm, Z_tilde, dZ, each with its write-allocate read
    std::printf("[time] batch norm forward + backward, float, n = %zu, m = %zu: %.1f us, "
                "%.1f GB/s\n", n, m, per * 1e6, 9.0 * double(n * m * sizeof(float)) / per / 1e9);
}

int run(const Options& o) {
    std::printf("Batch normalization: the derivation checked, the claims measured\n\n");
    std::printf("settings  alpha = %g, epochs = %zu, m_t = %zu, seed = %llu, eps = %g, "
                "running beta = %g%s%s\n\n", o.alpha, o.epochs, o.batch_size,
                static_cast<unsigned long long>(o.seed), o.eps, o.running_beta,
                o.full ? ", full sweeps" : "",
                o.merge_last_batch ? "" : ", last mini-batch kept small");
    derivation(o);

    const bn::Labelled<double> digits = bn::load_digits(o.data);
    if (digits.m() <= m_train) {
        throw std::runtime_error(o.data + " holds " + std::to_string(digits.m()) +
                                 " examples; the chapter trains on " + std::to_string(m_train) +
                                 " and tests on the rest, so it needs more");
    }
    const auto [train_set, test_set] = bn::split(digits, m_train, o.seed);
    std::printf("== 2. The claims, measured ==\n\n");
    std::printf("data      %s: %zu images of 8 x 8 pixels (scaled to 0..1), digits 0-9;\n"
                "          shuffled with the seed: %zu to train, %zu to test\n",
                std::filesystem::path(o.data).filename().c_str(), digits.m(), train_set.m(),
                test_set.m());
    {
        common::Rng r1(o.seed), r2(o.seed);
        const auto plain = bn::make_network<double>(architecture, false, o.eps, r1);
        const auto with_bn = bn::make_network<double>(architecture, true, o.eps, r2);
        std::printf("network   64 -> 32 -> 32 -> 10, ReLU, softmax cross-entropy, He init; plain "
                    "mini-batch GD\n          theta := theta - alpha dtheta (gradient_descent::Sgd). "
                    "%zu parameters without batch norm;\n          %zu with it (Z = W A, "
                    "Z_tilde = gamma Z_norm + beta before each hidden ReLU,\n          "
                    "b dropped)\n",
                    plain.theta.size(), with_bn.theta.size());
    }
    const std::size_t steps = bn::bn_mini_batches(train_set.m(), o.batch_size,
                                                  o.merge_last_batch).size();
    std::printf("          %zu mini-batches per epoch%s\n          test accuracy: batch norm "
                "uses the running averages of mu and sigma2\n\n", steps,
                o.merge_last_batch && train_set.m() % o.batch_size != 0 &&
                        2 * (train_set.m() % o.batch_size) < o.batch_size
                    ? " (a last one under m_t / 2 joins the one before)"
                    : "");

    std::vector<std::filesystem::path> written;
    const std::filesystem::path out = o.out;

    // Claim 1: speeds up learning.
    Run runs[2] = {train_one(o, false, o.alpha, o.batch_size, o.epochs, train_set, test_set),
                   train_one(o, true, o.alpha, o.batch_size, o.epochs, train_set, test_set)};
    for (bool use_bn : {false, true}) {
        const bn::History& h = runs[use_bn].history;
        if (h.diverged_at != 0) {
            std::fprintf(stderr,
                         "chapter-batch-norm: training %s diverged: the cost became Inf or NaN "
                         "in epoch %zu with alpha = %g; try --alpha %g (claim 2's sweep "
                         "shows which alphas train)\n",
                         network_name(use_bn), h.diverged_at, o.alpha, std::min(o.alpha / 10, 0.1));
            return 1;
        }
    }
    std::printf("-- Claim 1: batch norm speeds up learning --\n\n");
    std::printf("Mean mini-batch cost J over each epoch, and test accuracy after it (alpha = %g, "
                "m_t = %zu):\n\n", o.alpha, o.batch_size);
    std::printf("  %6s %13s %13s %13s %13s\n", "epoch", "J without", "J with BN", "test without",
                "test with BN");
    for (std::size_t i : shown_epochs(o.epochs)) {
        std::printf("  %6zu %13.4f %13.4f %13s %13s\n", i, runs[0].history.cost[i - 1],
                    runs[1].history.cost[i - 1],
                    percent(runs[0].history.test_accuracy[i - 1]).c_str(),
                    percent(runs[1].history.test_accuracy[i - 1]).c_str());
    }
    for (bool use_bn : {false, true}) {
        const std::size_t at = first_epoch_at(runs[use_bn].history.test_accuracy, 0.9);
        if (at == 0) {
            std::printf("  %s: test accuracy stays below 90%% for all %zu epochs\n",
                        with(use_bn), o.epochs);
        } else {
            std::printf("  %s: 90%% test accuracy first reached after epoch %zu\n",
                        with(use_bn), at);
        }
    }
    plot::LineChart cost_chart{.title = "Claim 1: cost per epoch, with and without batch norm",
                               .x_label = "epoch", .y_label = "mean mini-batch cost J (log scale)",
                               .series = {per_epoch("without batch norm", runs[0].history.cost,
                                                    1, false),
                                          per_epoch("with batch norm", runs[1].history.cost, 1,
                                                    false)},
                               .log_y = true};
    std::printf("\n%s\n", plot::terminal_chart(cost_chart).c_str());
    write(out / "cost-per-epoch.svg", cost_chart, written);
    plot::LineChart acc_chart{
        .title = "Claim 1: test accuracy per epoch (running averages at test time)",
        .x_label = "epoch", .y_label = "test accuracy (%)",
        .series = {per_epoch("without batch norm", runs[0].history.test_accuracy, 100, false),
                   per_epoch("with batch norm", runs[1].history.test_accuracy, 100, false)},
        .y_range = std::pair{0.0, 100.0}};
    write(out / "test-accuracy-per-epoch.svg", acc_chart, written);

    // Claim 2: an easier search for alpha.
    std::vector<double> alphas = o.alphas;
    if (alphas.empty()) {
        alphas = o.full ? std::vector<double>{0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2,
                                              0.5, 1, 2, 5, 10}
                        // alpha = 1 is left out on purpose: there, without batch norm,
                        // training sits at the edge of stability and its final accuracy
                        // depends on the last bits of rounding (compiler, SIMD width).
                        : std::vector<double>{0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 2, 3, 10};
    }
    std::sort(alphas.begin(), alphas.end());
    alphas.erase(std::unique(alphas.begin(), alphas.end()), alphas.end());
    std::printf("\n-- Claim 2: batch norm makes the search for alpha easier --\n\n");
    std::printf("Final test accuracy after %zu epochs, m_t = %zu, for each alpha:\n\n", o.epochs,
                o.batch_size);
    std::printf("  %8s %22s %22s\n", "alpha", "without", "with batch norm");
    plot::Series sweep[2], diverged{.label = "diverged (without)", .x = {}, .y = {},
                                    .markers = true};
    sweep[0].label = "without batch norm";
    sweep[1].label = "with batch norm";
    sweep[0].markers = sweep[1].markers = true;
    plot::Series diverged_bn = diverged;
    diverged_bn.label = "diverged (with)";
    double lo[2] = {0, 0}, hi[2] = {0, 0};
    bool any_diverged[2] = {false, false};
    for (std::size_t a = 0; a < alphas.size(); ++a) {
        std::printf("  %8g", alphas[a]);
        for (bool use_bn : {false, true}) {
            if (o.full) {
                std::fprintf(stderr, "[sweep %zu/%zu] alpha = %g %s\n",
                             2 * a + use_bn + 1, 2 * alphas.size(), alphas[a], with(use_bn));
            }
            const Run r = alphas[a] == o.alpha ? runs[use_bn]
                                               : train_one(o, use_bn, alphas[a], o.batch_size,
                                                           o.epochs, train_set, test_set);
            plot::Series& d = use_bn ? diverged_bn : diverged;
            sweep[use_bn].x.push_back(alphas[a]);
            d.x.push_back(alphas[a]);
            if (r.history.diverged_at != 0) {
                const std::string text =
                    "diverged in epoch " + std::to_string(r.history.diverged_at);
                std::printf(" %22s", text.c_str());
                sweep[use_bn].y.push_back(plot::detail::not_a_number);
                d.y.push_back(use_bn ? 2.0 : 0.0);
                any_diverged[use_bn] = true;
                continue;
            }
            const double acc = r.history.test_accuracy.back();
            std::printf(" %22s", percent(acc).c_str());
            sweep[use_bn].y.push_back(100 * acc);
            d.y.push_back(plot::detail::not_a_number);
            if (acc >= 0.9) {
                if (lo[use_bn] == 0) lo[use_bn] = alphas[a];
                hi[use_bn] = alphas[a];
            }
        }
        std::printf("\n");
    }
    std::printf("\n");
    for (bool use_bn : {false, true}) {
        if (lo[use_bn] == 0) {
            std::printf("  %s: no alpha of the sweep reaches 90%% test accuracy\n", with(use_bn));
        } else {
            std::printf("  %s: 90%% or more for alpha from %g to %g (a factor of %.3g)\n",
                        with(use_bn), lo[use_bn], hi[use_bn], hi[use_bn] / lo[use_bn]);
        }
    }
    plot::LineChart sweep_chart{
        .title = "Claim 2: final test accuracy against the learning rate",
        .x_label = "learning rate alpha (log scale)", .y_label = "test accuracy (%)",
        .series = {sweep[0], sweep[1]}, .log_x = true, .y_range = std::pair{-4.0, 100.0}};
    if (any_diverged[0]) sweep_chart.series.push_back(diverged);
    if (any_diverged[1]) sweep_chart.series.push_back(diverged_bn);
    write(out / "learning-rate-sweep.svg", sweep_chart, written);

    // Claim 3: a slight regularization, smaller with larger mini-batches.
    std::printf("\n-- Claim 3: a slight regularization effect, smaller for larger m_t --\n\n");
    const std::vector<std::size_t> sizes = {16, 32, 64, 128, 256, 512};
    const std::size_t draws = o.full ? 4000 : 400;
    Matrix<double> Z1(architecture[1], train_set.m());
    bn::dense(runs[1].net.W(0), std::span<const double>(), train_set.X, Z1);
    std::printf("How far a mini-batch's mu and sigma2 stray from the training set's: Z = W x of "
                "layer 1 of the\ntrained batch-norm network, %zu random mini-batches per m_t, "
                "std over them divided by each\nfeature's own sigma (for mu) or sigma2, averaged "
                "over the %zu features. Sampling without\nreplacement from N = %zu examples "
                "predicts std(mu_t)/sigma = sqrt((N - m_t)/(N - 1)) / sqrt(m_t).\n\n",
                draws, architecture[1], train_set.m());
    std::printf("  %5s %12s %14s %12s %14s %16s\n", "m_t", "std(mu)/sig", "x sqrt(m_t)",
                "predicted", "std(s2)/s2", "x sqrt(m_t)");
    common::Rng spread_rng(o.seed + 1);
    std::vector<double> xs, ys_mu, ys_var, ys_mu_fpc;
    const double N = double(train_set.m());
    for (std::size_t m_t : sizes) {
        const Spread s = batch_statistic_spread(Z1, m_t, draws, spread_rng);
        const double fpc = std::sqrt((N - double(m_t)) / (N - 1));
        const double root = std::sqrt(double(m_t));
        std::printf("  %5zu %12.4f %14.4f %12.4f %14.4f %16.4f\n", m_t, s.mu, s.mu * root,
                    fpc / root, s.sigma2, s.sigma2 * root);
        xs.push_back(double(m_t));
        ys_mu.push_back(s.mu);
        ys_var.push_back(s.sigma2);
        ys_mu_fpc.push_back(s.mu / fpc);
    }
    std::printf("\n  log-log slope of std against m_t: mu %.3f, sigma2 %.3f; mu with the "
                "finite-population\n  factor divided out %.3f (1/sqrt(m_t) is -0.5)\n",
                log_log_slope(xs, ys_mu), log_log_slope(xs, ys_var),
                log_log_slope(xs, ys_mu_fpc));
    plot::Series reference{.label = "1/sqrt(m_t), through m_t = 16", .x = xs, .y = {},
                           .dashed = true};
    plot::Series predicted{.label = "sqrt((N - m_t)/(N - 1)) / sqrt(m_t)", .x = xs, .y = {},
                           .dashed = true};
    for (double x : xs) {
        reference.y.push_back(ys_mu.front() * std::sqrt(xs.front() / x));
        predicted.y.push_back(std::sqrt((N - x) / (N - 1)) / std::sqrt(x));
    }
    plot::LineChart noise_chart{
        .title = "Claim 3: the noise in a mini-batch's mu and sigma2 shrinks as 1/sqrt(m_t)",
        .x_label = "mini-batch size m_t (log scale)",
        .y_label = "std across mini-batches (relative, log scale)",
        .series = {plot::Series{.label = "mu_t / sigma", .x = xs, .y = ys_mu, .markers = true},
                   plot::Series{.label = "sigma2_t / sigma2", .x = xs, .y = ys_var,
                                .markers = true},
                   reference, predicted},
        .log_x = true, .log_y = true};
    write(out / "batch-statistics-noise.svg", noise_chart, written);

    const std::vector<std::size_t> gap_sizes =
        o.full ? std::vector<std::size_t>{16, 32, 64, 128, 256, 512}
               : std::vector<std::size_t>{16, 64, 256};
    const std::size_t updates = o.epochs * steps;
    std::printf("\nTrain/test gap, each m_t trained for the same %zu updates (alpha = %g; "
                "accuracy and\ncost J in test mode, with the running averages):\n\n",
                updates, o.alpha);
    std::printf("  %5s %6s %-16s %8s %8s %7s %8s %8s %8s\n", "m_t", "epochs", "", "train",
                "test", "gap", "J train", "J test", "J gap");
    std::vector<double> gaps[2];
    for (std::size_t m_t : gap_sizes) {
        const std::size_t T = bn::bn_mini_batches(train_set.m(), m_t, o.merge_last_batch).size();
        const std::size_t epochs = std::max<std::size_t>(1, (updates + T - 1) / T);
        for (bool use_bn : {false, true}) {
            if (o.full) std::fprintf(stderr, "[gap] m_t = %zu %s\n", m_t, with(use_bn));
            const Run r = m_t == o.batch_size
                              ? runs[use_bn]
                              : train_one(o, use_bn, o.alpha, m_t, epochs, train_set, test_set);
            if (r.history.diverged_at != 0) {
                std::printf("  %5zu %6zu %-16s diverged in epoch %zu\n", m_t, epochs,
                            with(use_bn), r.history.diverged_at);
                continue;
            }
            const bn::Score tr = bn::evaluate(r.net, train_set);
            const bn::Score te = bn::evaluate(r.net, test_set);
            gaps[use_bn].push_back(tr.accuracy - te.accuracy);
            std::printf("  %5zu %6zu %-16s %8s %8s %7s %8.4f %8.4f %8.4f\n", m_t, epochs,
                        with(use_bn), percent(tr.accuracy).c_str(), percent(te.accuracy).c_str(),
                        percent(tr.accuracy - te.accuracy).c_str(), tr.cost, te.cost,
                        te.cost - tr.cost);
        }
    }
    for (bool use_bn : {false, true}) {
        if (gaps[use_bn].empty()) continue;
        const auto [lo, hi] = std::minmax_element(gaps[use_bn].begin(), gaps[use_bn].end());
        std::printf("%s  accuracy gap %s: %s to %s across m_t%s\n", use_bn ? "" : "\n",
                    with(use_bn), percent(*lo).c_str(), percent(*hi).c_str(),
                    use_bn ? " (one test example is 0.2 points)" : "");
    }

    // Claim 4: test time.
    std::printf("\n-- Claim 4: at test time, running averages stand in for the batch's mu and "
                "sigma2 --\n\n");
    const bn::Network<double>& net = runs[1].net;
    const auto full_stats = bn::full_batch_statistics(net, train_set);
    double worst_mu = 0, worst_var = 0;
    for (std::size_t h = 0; h < full_stats.size(); ++h) {
        for (std::size_t k = 0; k < full_stats[h].mu.size(); ++k) {
            const double sd = std::sqrt(full_stats[h].sigma2[k] + o.eps);
            const double d_mu = net.running[h].mu[k] - full_stats[h].mu[k];
            worst_mu = std::max(worst_mu, std::abs(d_mu) / sd);
            worst_var = std::max(worst_var, std::abs(net.running[h].sigma2[k] /
                                                     full_stats[h].sigma2[k] - 1));
        }
    }
    const bn::Score with_running = bn::evaluate(net, test_set);
    const bn::Score with_full = bn::evaluate(net, test_set, &full_stats);
    bn::Tape<double> tape;
    bn::forward(net, test_set.X, tape);  // the test set's own statistics, all 450 at once
    const double own = bn::accuracy(tape.P, std::span<const int>(test_set.y));
    std::size_t one_right = 0;
    for (std::size_t k = 0; k < test_set.m(); ++k) {  // one example at a time: sigma2 = 0
        const std::size_t order[1] = {k};
        const bn::Labelled<double> one = bn::select(test_set, std::span<const std::size_t>(order));
        bn::forward(net, one.X, tape);
        one_right += bn::accuracy(tape.P, std::span<const int>(one.y)) == 1.0;
    }
    std::printf("Test accuracy of the batch-norm network of claim 1, by where mu and sigma2 come "
                "from:\n\n");
    std::printf("  running averages (beta = %g), kept during training  %8s  (J %.4f)\n",
                o.running_beta, percent(with_running.accuracy).c_str(), with_running.cost);
    std::printf("  the whole training set, one more pass after it      %8s  (J %.4f)\n",
                percent(with_full.accuracy).c_str(), with_full.cost);
    std::printf("  the 450 test examples as one batch                  %8s\n",
                percent(own).c_str());
    std::printf("  each test example alone (m = 1: sigma2 = 0)         %8s\n",
                percent(double(one_right) / double(test_set.m())).c_str());
    std::printf("\n  The running averages differ from the training set's statistics by at most "
                "%.3f sigma in mu\n  and %.1f%% in sigma2. One example alone has sigma2 = 0 and "
                "Z_norm = 0: the network\n  sees no input at all, which is why test time needs "
                "statistics from training.\n\n", worst_mu, 100 * worst_var);

    time_layer(o.seed);
    std::printf("\n");
    plot::print_figures(written);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-batch-norm",
                    "Batch normalization (chapter 7 of the notes): the forward and backward "
                    "pass checked against the derivation, then its claimed effects measured on "
                    "a small network on the 8x8 digits.");
    cli.flag("alpha", o.alpha, "learning rate alpha of claims 1, 3 and 4", common::above(0.0));
    cli.alias("lr", "alpha");
    cli.flag("epochs", o.epochs, "epochs of every training run", common::between(1, 10000));
    cli.flag("batch-size", o.batch_size,
             "mini-batch size m_t; batch norm needs at least 2 examples",
             common::between(2, 100000));
    cli.flag("seed", o.seed, "seed of the split, the initial weights and the orders");
    cli.flag("eps", o.eps, "eps of batch norm, sqrt(sigma2 + eps)", common::above(0.0));
    cli.flag("running-beta", o.running_beta,
             "beta of the running averages of mu and sigma2; torch's momentum is 1 - beta",
             common::half_open(0, 1));
    cli.flag("alphas", o.alphas,
             "learning rates of the sweep in claim 2; none given: 0.001,0.01,0.03,0.1,0.3,0.5,"
             "2,3,10, or 13 from 0.001 to 10 with --full", common::above(0.0));
    cli.flag("full", o.full, "the longer sweeps: 13 learning rates, 6 mini-batch sizes, "
             "4000 draws");
    cli.flag("merge-last-batch", o.merge_last_batch,
             "let a last mini-batch under m_t / 2 join the one before");
    cli.flag("data", o.data, "the digits CSV (p0..p63, label)", common::existing_file());
    cli.flag("out", o.out, "folder for the SVG figures");
    cli.parse_or_exit(argc, argv);
    return cli.run([&] { return run(o); });
}
