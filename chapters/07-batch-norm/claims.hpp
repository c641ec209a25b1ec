// claims.hpp: how chapter 7 reads its measurements of the notes' claims about batch norm.
// Claim 1: the first epoch at a test accuracy; claim 2: the widest run of learning rates
// that train well; claim 3: how far a mini-batch's mu and sigma2 stray from the training
// set's, the log-log slope of that spread against m_t, and the train/test gap at the same
// number of epochs for several m_t; claim 4: how far the running averages are from the
// training set's statistics, and accuracy with a batch's own ones. Over seeds (run_seed):
// each number's mean, sd, min and max, and the verdicts (speed_verdict, range_verdict,
// regularization_verdict, feedback_verdict, running_gap_verdict) read from the paired
// differences per seed. Each verdict's words are picked here from the numbers, and the
// table cells and chart series the program prints are built here, so that main.cpp and
// over_seeds.cpp only call and print.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chapters/07-batch-norm/batch_norm.hpp"
#include "chapters/07-batch-norm/network.hpp"
#include "common/io/report.hpp"
#include "common/random.hpp"

namespace batch_norm {

// An accuracy (a fraction) as text: 0.971 -> "97.1%".
inline std::string percent(double x) { return common::report::fixed(100 * x, 1) + "%"; }

// ---- Claim 1: "speeds up learning" -------------------------------------------------

// One training run of the chapter: the network of `sizes`, with or without batch norm,
// from Rng(seed), which then shuffles the examples: runs with one seed start from the same
// He-initialized W and see the examples in the same orders.
struct Trained {
    Network<double> net;
    History history;
};

inline Trained train_network(const std::vector<std::size_t>& sizes, bool use_bn, double eps,
                             const Labelled<double>& train_set,
                             const Labelled<double>& test_set, const TrainOptions& t,
                             std::uint64_t seed) {
    common::Rng rng(seed);
    Trained r{make_network<double>(sizes, use_bn, eps, rng), {}};
    r.history = train(r.net, train_set, test_set, t, rng);
    return r;
}

// The first epoch (1-based) whose accuracy is at least `level`; 0 if none is.
inline std::size_t first_epoch_at(const std::vector<double>& accuracy, double level) {
    for (std::size_t i = 0; i < accuracy.size(); ++i) {
        if (accuracy[i] >= level) return i + 1;
    }
    return 0;
}

// A per-epoch accuracy (fractions) as a chart series in percent: epoch i at x = i.
inline common::plot::Series percent_series(std::string label,
                                           const std::vector<double>& accuracy) {
    common::plot::Series s = common::report::epoch_series(std::move(label), accuracy);
    for (double& y : s.y) y *= 100;
    return s;
}

// The one line that reports a diverged training run of claim 1 (empty if it did not).
inline std::string diverged_words(const History& h, bool use_bn, double alpha) {
    if (h.diverged_at == 0) return "";
    return std::string("training ") + (use_bn ? "with" : "without") + " batch norm diverged: "
           "the cost became Inf or NaN in epoch " + std::to_string(h.diverged_at) +
           " with alpha = " + common::report::g(alpha) + "; try --alpha " +
           common::report::g(std::min(alpha / 10, 0.1));
}

// ---- Claim 2: "makes the hyperparameter search much easier" --------------------------

// The widest stretch of consecutive learning rates of a sweep (alphas increasing) whose
// final accuracy is at least `level` (a diverged run counts as NaN: below any level).
struct AlphaRange {
    double lo = 0, hi = 0;  // 0, 0: no alpha reached the level
    bool found() const { return lo > 0; }
    double factor() const { return found() ? hi / lo : 0; }  // hi / lo
};

inline AlphaRange widest_good_range(const std::vector<double>& alphas,
                                    const std::vector<double>& accuracy, double level) {
    AlphaRange best;
    std::size_t start = 0;
    for (std::size_t i = 0; i < alphas.size() && i < accuracy.size(); ++i) {
        if (!(accuracy[i] >= level)) {
            start = i + 1;
            continue;
        }
        const AlphaRange here{alphas[start], alphas[i]};
        if (!best.found() || here.factor() > best.factor()) best = here;
    }
    return best;
}

// The learning rates of the sweep: those given (sorted, each once), or the default list.
// alpha = 1 is left out of the default on purpose: there the network without batch norm
// is at the edge of stability, and its final accuracy depends on the last bits of rounding.
inline std::vector<double> sweep_alphas(std::vector<double> given, bool full) {
    if (given.empty() && full) {
        given = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10};
    }
    if (given.empty()) given = {0.001, 0.01, 0.03, 0.1, 0.3, 0.5, 2, 3, 10};
    std::sort(given.begin(), given.end());
    given.erase(std::unique(given.begin(), given.end()), given.end());
    return given;
}

// One run of the sweep per alpha, each from Rng(seed) as in claim 1: the final test
// accuracy (NaN when the run diverged) and the epoch in which it diverged (0: it did not).
struct SweepPoint {
    double accuracy = 0;
    std::size_t diverged_at = 0;
};

inline std::vector<SweepPoint> sweep(const std::vector<double>& alphas,
                                     const std::vector<std::size_t>& sizes, bool use_bn,
                                     double eps, const Labelled<double>& train_set,
                                     const Labelled<double>& test_set, TrainOptions t,
                                     std::uint64_t seed) {
    std::vector<SweepPoint> points;
    for (double alpha : alphas) {
        t.alpha = alpha;
        const History h = train_network(sizes, use_bn, eps, train_set, test_set, t, seed).history;
        points.push_back({h.diverged_at ? std::nan("") : h.test_accuracy.back(), h.diverged_at});
    }
    return points;
}

// Claim 2's chart series: final test accuracy (%) against alpha without and with batch norm
// (points[0], points[1]), then, for a side with a diverged run, its markers near the bottom.
inline std::vector<common::plot::Series> sweep_series(const std::vector<double>& alphas,
                                                      const std::vector<SweepPoint> (&points)[2]) {
    std::vector<common::plot::Series> s = {
        {.label = "without batch norm", .x = alphas, .markers = true},
        {.label = "with batch norm", .x = alphas, .markers = true}};
    common::plot::Series diverged[2] = {{.label = "diverged (without)", .markers = true},
                                        {.label = "diverged (with)", .markers = true}};
    for (int use_bn : {0, 1}) {
        for (std::size_t i = 0; i < alphas.size() && i < points[use_bn].size(); ++i) {
            s[use_bn].y.push_back(100 * points[use_bn][i].accuracy);
            if (points[use_bn][i].diverged_at == 0) continue;
            diverged[use_bn].x.push_back(alphas[i]);
            diverged[use_bn].y.push_back(2 * use_bn);  // the two sides' markers apart
        }
    }
    for (const common::plot::Series& d : diverged) {
        if (!d.x.empty()) s.push_back(d);
    }
    return s;
}

// ---- Claim 3: "a slight regularization effect, smaller for larger mini-batches" -------

// How far a mini-batch's statistics stray from those of all N examples of Z (n x N):
// the std over `draws` random mini-batches of m_t examples (without replacement), divided
// by each feature's own sigma (mu) or sigma2 (sigma2), averaged over the features that vary.
struct Spread {
    double mu = 0;      // std over draws of mu_t / sigma
    double sigma2 = 0;  // std over draws of sigma2_t / sigma2
};

inline Spread batch_statistic_spread(const Matrix<double>& Z, std::size_t m_t,
                                     std::size_t draws, common::Rng& rng) {
    const std::size_t n = Z.rows(), N = Z.cols();
    if (m_t == 0 || m_t > N || draws == 0) {
        throw std::invalid_argument("batch_statistic_spread: need 0 < m_t <= N = " +
                                    std::to_string(N) + " and draws > 0");
    }
    std::vector<std::size_t> index(N);
    for (std::size_t k = 0; k < N; ++k) index[k] = k;
    std::vector<double> sum_mu(n), sum_mu2(n), sum_var(n), sum_var2(n), z(m_t);
    for (std::size_t d = 0; d < draws; ++d) {
        for (std::size_t i = 0; i < m_t; ++i) {  // m_t examples without replacement
            std::swap(index[i], index[i + rng.below(N - i)]);
        }
        for (std::size_t k = 0; k < n; ++k) {
            for (std::size_t i = 0; i < m_t; ++i) z[i] = Z(k, index[i]);
            const double m = mu<double>(z), v = sigma2<double>(z, m);
            sum_mu[k] += m;
            sum_mu2[k] += m * m;
            sum_var[k] += v;
            sum_var2[k] += v * v;
        }
    }
    const double K = double(draws);
    const auto sd = [K](double sum, double sum2) {  // std over the K draws
        return std::sqrt(std::max(0.0, sum2 / K - (sum / K) * (sum / K)));
    };
    Spread s;
    std::size_t used = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const double m = mu<double>(Z.row(k)), v = sigma2<double>(Z.row(k), m);
        if (!(v > 1e-12)) continue;  // a feature that never varies has nothing to spread
        s.mu += sd(sum_mu[k], sum_mu2[k]) / std::sqrt(v);
        s.sigma2 += sd(sum_var[k], sum_var2[k]) / v;
        ++used;
    }
    if (used > 0) {
        s.mu /= double(used);
        s.sigma2 /= double(used);
    }
    return s;
}

// std(mu_t) / sigma that sampling m_t of N without replacement predicts:
// sqrt((N - m_t) / (N - 1)) / sqrt(m_t).
inline double predicted_mu_spread(double m_t, double N) {
    return std::sqrt((N - m_t) / (N - 1)) / std::sqrt(m_t);
}

// Least-squares slope of log y against log x (y = c x^s gives s).
inline double log_log_slope(const std::vector<double>& x, const std::vector<double>& y) {
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

// How a spread falls with m_t, from its log-log slope: 1/sqrt(m_t) is -0.5.
inline std::string slope_words(double slope) {
    if (std::abs(slope + 0.5) <= 0.05) return "shrank as 1/sqrt(m_t)";
    if (slope < 0) return "shrank, but not as 1/sqrt(m_t)";
    return "did not shrink";
}

// The spread of the mini-batch statistics for each m_t of `sizes` (each at most N), and
// the log-log slope of std(mu_t)/sigma against m_t, raw and with the finite-population
// factor sqrt((N - m_t)/(N - 1)) divided out (which leaves 1/sqrt(m_t): slope -0.5).
struct NoiseRow {
    std::size_t m_t = 0;
    Spread spread;
    double predicted = 0;  // predicted_mu_spread(m_t, N)
};
struct Noise {
    std::vector<NoiseRow> rows;
    bool sloped = false;  // two sizes or more: the slopes mean something
    double slope = 0, slope_fpc = 0;
};

inline Noise batch_noise(const Matrix<double>& Z, const std::vector<std::size_t>& sizes,
                         std::size_t draws, common::Rng& rng) {
    Noise noise;
    std::vector<double> x, mu, mu_fpc;
    const double N = double(Z.cols());
    for (std::size_t m_t : sizes) {
        const NoiseRow row{m_t, batch_statistic_spread(Z, m_t, draws, rng),
                           predicted_mu_spread(double(m_t), N)};
        noise.rows.push_back(row);
        x.push_back(double(m_t));
        mu.push_back(row.spread.mu);
        mu_fpc.push_back(row.spread.mu / (row.predicted * std::sqrt(double(m_t))));
    }
    noise.sloped = sizes.size() >= 2;
    if (noise.sloped) {
        noise.slope = log_log_slope(x, mu);
        noise.slope_fpc = log_log_slope(x, mu_fpc);
    }
    return noise;
}

// Claim 3's chart series against m_t: std(mu_t)/sigma and std(sigma2_t)/sigma2 as measured,
// 1/sqrt(m_t) drawn through the first point, and predicted_mu_spread.
inline std::vector<common::plot::Series> noise_series(const Noise& noise) {
    std::vector<common::plot::Series> s = {
        {.label = "mu_t / sigma", .markers = true},
        {.label = "sigma2_t / sigma2", .markers = true},
        {.label = "1/sqrt(m_t), from the first point", .dashed = true},
        {.label = "sqrt((N - m_t)/(N - 1)) / sqrt(m_t)", .dashed = true}};
    for (const NoiseRow& r : noise.rows) {
        const double x = double(r.m_t), x0 = double(noise.rows.front().m_t);
        const double ys[4] = {r.spread.mu, r.spread.sigma2,
                              noise.rows.front().spread.mu * std::sqrt(x0 / x), r.predicted};
        for (int k = 0; k < 4; ++k) s[k].x.push_back(x), s[k].y.push_back(ys[k]);
    }
    return s;
}

// Claim 3's noise as the program measures it: layer 1's Z = W x (no b) of the trained
// network on the training set, mini-batches of m_t = 16, 32, ..., 512 (those of at most
// N / 2), `draws` of each from Rng(seed + 1).
inline Noise layer1_noise(const Network<double>& trained, const Labelled<double>& train_set,
                          std::size_t draws, std::uint64_t seed) {
    std::vector<std::size_t> sizes = {16, 32, 64, 128, 256, 512};
    std::erase_if(sizes, [&](std::size_t m_t) { return 2 * m_t > train_set.m(); });
    Matrix<double> Z1(trained.sizes[1], train_set.m());
    dense(trained.W(0), std::span<const double>(), train_set.X, Z1);
    common::Rng rng(seed + 1);
    return batch_noise(Z1, sizes, draws, rng);
}

// The m_t of claim 3's train/test gaps: 16, 64, 256 (--full: 16, 32, ..., 512), those of
// at most N / 2.
inline std::vector<std::size_t> gap_sizes(std::size_t N, bool full) {
    std::vector<std::size_t> sizes = {16, 64, 256};
    if (full) sizes = {16, 32, 64, 128, 256, 512};
    std::erase_if(sizes, [&](std::size_t m_t) { return 2 * m_t > N; });
    return sizes;
}

// Claim 3's gap: a network trained with mini-batches of m_t for the same number of epochs
// as `t` (so the same examples seen, fewer updates for a larger m_t), from Rng(seed) as
// every run of the chapter; cost and accuracy on the training and the test set, test mode.
struct Gap {
    std::size_t epochs = 0, diverged_at = 0;
    Score train, test;
    double accuracy_gap() const {  // NaN for a run that diverged
        return diverged_at ? std::nan("") : train.accuracy - test.accuracy;
    }
};

inline Gap train_test_gap(const std::vector<std::size_t>& sizes, bool use_bn, double eps,
                          const Labelled<double>& train_set, const Labelled<double>& test_set,
                          TrainOptions t, std::size_t m_t, std::uint64_t seed) {
    t.batch_size = m_t;
    const Trained r = train_network(sizes, use_bn, eps, train_set, test_set, t, seed);
    if (r.history.diverged_at != 0) return {t.epochs, r.history.diverged_at, {}, {}};
    return {t.epochs, 0, evaluate(r.net, train_set), evaluate(r.net, test_set)};
}

// ---- Claim 4: running averages at test time ---------------------------------------------

// How many of m test examples two accuracies are apart.
inline long examples_apart(double a, double b, std::size_t m) {
    return std::lround(std::abs(a - b) * double(m));
}

// Whether accuracy a does as well as b, on m test examples (within one example).
inline std::string as_well_words(double a, double b, std::size_t m) {
    if (examples_apart(a, b, m) <= 1) return "as well as";
    return a > b ? "better than" : "worse than";
}

// How far running averages are from the statistics they estimate (e.g. those of the whole
// training set), worst over every feature of every batch-norm layer.
struct RunningError {
    double mu = 0;      // |running mu - mu| / sqrt(sigma2 + eps): in units of sigma
    double sigma2 = 0;  // |running sigma2 / sigma2 - 1|: relative
};

inline RunningError running_error(const std::vector<Running<double>>& running,
                                  const std::vector<Running<double>>& actual, double eps) {
    RunningError e;
    for (std::size_t h = 0; h < actual.size() && h < running.size(); ++h) {
        for (std::size_t k = 0; k < actual[h].mu.size(); ++k) {
            const double sd = std::sqrt(actual[h].sigma2[k] + eps);
            e.mu = std::max(e.mu, std::abs(running[h].mu[k] - actual[h].mu[k]) / sd);
            e.sigma2 = std::max(e.sigma2,
                                std::abs(running[h].sigma2[k] / actual[h].sigma2[k] - 1));
        }
    }
    return e;
}

// Test accuracy with batch norm in training mode on the test examples themselves: all of
// them as one batch, and each example alone (m = 1: sigma2 = 0, Z_norm = 0).
struct OwnStatistics {
    double one_batch = 0;
    double one_at_a_time = 0;
};

inline OwnStatistics own_statistics_accuracy(const Network<double>& net,
                                             const Labelled<double>& test) {
    OwnStatistics a;
    Tape<double> tape;
    forward(net, test.X, tape);
    a.one_batch = accuracy(tape.P, std::span<const int>(test.y));
    std::size_t right = 0;
    for (std::size_t k = 0; k < test.m(); ++k) {
        const std::size_t order[1] = {k};
        const Labelled<double> one = select(test, std::span<const std::size_t>(order));
        forward(net, one.X, tape);
        right += accuracy(tape.P, std::span<const int>(one.y)) == 1.0;
    }
    a.one_at_a_time = double(right) / double(test.m());
    return a;
}

// Claim 4 in numbers: the test set in test mode with the running averages and with the
// whole training set's statistics, how far apart those are, and the test set's own ones.
struct TestTime {
    Score running, whole;
    RunningError error;  // running averages against the training set's statistics
    OwnStatistics own;
};

inline TestTime test_time(const Network<double>& net, const Labelled<double>& train_set,
                          const Labelled<double>& test_set) {
    const std::vector<Running<double>> whole = full_batch_statistics(net, train_set);
    return {evaluate(net, test_set), evaluate(net, test_set, &whole),
            running_error(net.running, whole, net.eps), own_statistics_accuracy(net, test_set)};
}

// Claim 4's table: where mu and sigma2 come from, the test accuracy, and the test cost
// where the network is in test mode (empty for a batch's own statistics).
struct TestTimeRow {
    std::string where, accuracy, cost;
};

inline std::vector<TestTimeRow> test_time_rows(const TestTime& t, double running_beta,
                                               std::size_t test_m) {
    using common::report::fixed;
    return {{"running averages (beta = " + common::report::g(running_beta) +
                 "), kept during training",
             percent(t.running.accuracy), "(J " + fixed(t.running.cost, 4) + ")"},
            {"the whole training set, one more pass after it", percent(t.whole.accuracy),
             "(J " + fixed(t.whole.cost, 4) + ")"},
            {"the " + std::to_string(test_m) + " test examples as one batch",
             percent(t.own.one_batch), ""},
            {"each test example alone (m = 1: sigma2 = 0)", percent(t.own.one_at_a_time), ""}};
}

// ---- Over seeds: each claim's numbers with their spread, and verdicts read from it ------

// mean, sample standard deviation (n - 1), min and max of one number over the seeds.
struct SeedSpread {
    double mean = 0, sd = 0, min = 0, max = 0;
    std::size_t n = 0;
};

inline SeedSpread seed_spread(std::vector<double> x) {
    std::erase_if(x, [](double v) { return !std::isfinite(v); });  // a diverged run
    SeedSpread s;
    s.n = x.size();
    if (x.empty()) return s;
    s.min = *std::min_element(x.begin(), x.end());
    s.max = *std::max_element(x.begin(), x.end());
    for (double v : x) s.mean += v / double(x.size());
    for (double v : x) s.sd += (v - s.mean) * (v - s.mean);
    s.sd = x.size() > 1 ? std::sqrt(s.sd / double(x.size() - 1)) : 0;
    return s;
}

// "3.2 +- 0.5 (3..4)", each number multiplied by `scale` and printed with `decimals`.
inline std::string spread_text(const SeedSpread& s, int decimals, double scale = 1) {
    using common::report::fixed;
    return fixed(scale * s.mean, decimals) + " +- " + fixed(scale * s.sd, decimals) + " (" +
           fixed(scale * s.min, decimals) + ".." + fixed(scale * s.max, decimals) + ")";
}

// "3.2 +- 0.5": the mean and sd only.
inline std::string mean_sd(const std::vector<double>& x, int decimals, double scale = 1) {
    const SeedSpread s = seed_spread(x);
    return common::report::fixed(scale * s.mean, decimals) + " +- " +
           common::report::fixed(scale * s.sd, decimals);
}

// How a paired difference a - b (one value per seed) reads against its spread and against
// `resolution`, the smallest difference that means anything (one test example, one epoch).
enum class Change { up_every, up_mean, none, down_mean, down_every };

inline Change paired_change(const std::vector<double>& a, const std::vector<double>& b,
                            double resolution) {
    std::vector<double> d;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (std::isfinite(a[i] - b[i])) d.push_back(a[i] - b[i]);
    }
    const SeedSpread s = seed_spread(d);
    if (d.empty()) return Change::none;
    if (s.min > resolution) return Change::up_every;
    if (s.max < -resolution) return Change::down_every;
    const double standard_error = s.sd / std::sqrt(double(s.n));
    if (std::abs(s.mean) > resolution && std::abs(s.mean) > 2 * standard_error) {
        return s.mean > 0 ? Change::up_mean : Change::down_mean;
    }
    return Change::none;
}

inline std::string change_words(Change c, const std::string& up, const std::string& down,
                                const std::string& none) {
    switch (c) {
        case Change::up_every: return up + " on every seed";
        case Change::up_mean: return up + " on average, not on every seed";
        case Change::down_mean: return down + " on average, not on every seed";
        case Change::down_every: return down + " on every seed";
        case Change::none: break;
    }
    return none;
}

// The mean of b - a over the seeds, as "x +- sd".
inline std::string difference_text(const std::vector<double>& a, const std::vector<double>& b,
                                   int decimals, double scale = 1) {
    std::vector<double> d;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) d.push_back(b[i] - a[i]);
    const SeedSpread s = seed_spread(d);
    const double mean = scale * s.mean;  // no "-0.0" for a mean that rounds to 0
    return common::report::fixed(std::abs(mean) < 0.5 * std::pow(10.0, -decimals) ? 0 : mean,
                                 decimals) + " +- " +
           common::report::fixed(scale * s.sd, decimals);
}

// Claim 1 over seeds: the first epoch at 90% test accuracy (epochs + 1 where it was not
// reached), with and without batch norm; sooner means at least one epoch sooner.
inline std::string speed_verdict(const std::vector<double>& with_bn,
                                 const std::vector<double>& without) {
    return change_words(paired_change(without, with_bn, 0.5), "sooner with batch norm",
                        "later with batch norm",
                        "no difference beyond the spread of the seeds");
}

// Claim 2 over seeds: the width of the widest run of good learning rates in decades
// (log10 hi/lo; -1 where no rate was good). "Much bigger" is read as a factor of 10 or
// more in alpha on every seed.
inline double decades(const AlphaRange& r) { return r.found() ? std::log10(r.factor()) : -1; }

inline std::string range_verdict(const std::vector<double>& with_bn,
                                 const std::vector<double>& without) {
    const Change c = paired_change(with_bn, without, 0.01);
    if (c == Change::up_every && paired_change(with_bn, without, 0.99) == Change::up_every) {
        return "wider by a factor of 10 or more on every seed, a much bigger range";
    }
    return change_words(c, "wider with batch norm", "narrower with batch norm",
                        "no difference beyond the spread of the seeds");
}

// Claim 3 over seeds: batch norm's train/test accuracy gap at the smallest and the largest
// m_t. The claim predicts a larger gap (less regularization) at the larger m_t.
inline std::string regularization_verdict(const std::vector<double>& gap_small,
                                          const std::vector<double>& gap_large,
                                          double resolution) {
    return change_words(paired_change(gap_large, gap_small, resolution),
                        "grew, the direction the claim predicts,",
                        "shrank, against the direction the claim predicts,",
                        "did not change beyond the spread of the seeds: not measurable at "
                        "this size");
}

// The notes' last paragraph over seeds: the size of dZ's terms through mu and sigma2
// (Feedback::ratio) and the train/test accuracy gap, training with the batch's own
// statistics and with the running averages. The notes predict smaller terms and a
// smaller regularization effect (a larger gap) with the running averages.
inline std::string feedback_verdict(const std::vector<double>& own,
                                    const std::vector<double>& running) {
    return change_words(paired_change(own, running, 0), "smaller with the running averages",
                        "larger with the running averages", "no different");
}

inline std::string running_gap_verdict(const std::vector<double>& own,
                                       const std::vector<double>& running, double resolution) {
    return change_words(paired_change(running, own, resolution),
                        "larger with the running averages (less regularization, as the notes "
                        "say)", "smaller with the running averages (against the notes)",
                        "not measurably different at this size");
}

// One seed of the chapter's measurements: the data split with the seed, every network
// started and shuffled from Rng(seed) (seed = --seed gives part 2's runs).
struct SeedRun {
    std::uint64_t seed = 0;
    std::size_t test_m = 0;
    double at_with = 0, at_without = 0;  // claim 1: first epoch at 90% (epochs + 1: never)
    double J_with = 0, J_without = 0;    // claim 1: final mean mini-batch cost
    std::vector<SweepPoint> sweep[2];    // claim 2: without, with
    AlphaRange range[2];                 // claim 2: without, with
    std::vector<Gap> gaps[2];            // claim 3: per gap size, without, with
    double feedback[2] = {0, 0};         // batch's own statistics, running averages
    Gap running_gap[2];                  // the same two, at m_t of claim 1
};

inline SeedRun run_seed(const Labelled<double>& data, const std::vector<std::size_t>& sizes,
                        double eps, const TrainOptions& t, const std::vector<double>& alphas,
                        const std::vector<std::size_t>& gap_at, std::uint64_t seed) {
    const auto [train_set, test_set] = split(data, data.m() * 3 / 4, seed);
    SeedRun r;
    r.seed = seed;
    r.test_m = test_set.m();
    const auto epoch_at = [&](const History& h) {
        const std::size_t at = first_epoch_at(h.test_accuracy, 0.9);
        return double(at ? at : t.epochs + 1);
    };
    for (bool use_bn : {false, true}) {
        const Trained run = train_network(sizes, use_bn, eps, train_set, test_set, t, seed);
        (use_bn ? r.at_with : r.at_without) = epoch_at(run.history);
        (use_bn ? r.J_with : r.J_without) =
            run.history.cost.empty() ? std::nan("") : run.history.cost.back();
        r.sweep[use_bn] = sweep(alphas, sizes, use_bn, eps, train_set, test_set, t, seed);
        std::vector<double> accuracy;
        for (const SweepPoint& p : r.sweep[use_bn]) accuracy.push_back(p.accuracy);
        r.range[use_bn] = widest_good_range(alphas, accuracy, 0.9);
        for (std::size_t m_t : gap_at) {
            r.gaps[use_bn].push_back(
                m_t == t.batch_size && run.history.diverged_at == 0
                    ? Gap{t.epochs, 0, evaluate(run.net, train_set), evaluate(run.net, test_set)}
                    : train_test_gap(sizes, use_bn, eps, train_set, test_set, t, m_t, seed));
        }
        if (!use_bn) continue;
        r.feedback[0] = run.history.feedback.ratio();
        r.running_gap[0] = {t.epochs, run.history.diverged_at, evaluate(run.net, train_set),
                            evaluate(run.net, test_set)};
        TrainOptions rt = t;
        rt.running_in_forward = true;
        const Trained running = train_network(sizes, true, eps, train_set, test_set, rt, seed);
        r.feedback[1] = running.history.feedback.ratio();
        r.running_gap[1] = {t.epochs, running.history.diverged_at,
                            evaluate(running.net, train_set), evaluate(running.net, test_set)};
    }
    return r;
}

// A column of numbers over the seeds, picked out of each SeedRun.
template <class F>
std::vector<double> over(const std::vector<SeedRun>& runs, F pick) {
    std::vector<double> x;
    for (const SeedRun& r : runs) x.push_back(double(pick(r)));
    return x;
}

// Claim 2's cell over seeds: mean final test accuracy (min to max) of the seeds that did
// not diverge, and how many did.
inline std::string sweep_seed_cell(const std::vector<SeedRun>& runs, bool use_bn, std::size_t i) {
    std::vector<double> ok;
    std::size_t diverged = 0;
    for (const SeedRun& r : runs) {
        if (r.sweep[use_bn][i].diverged_at) ++diverged;
        else ok.push_back(r.sweep[use_bn][i].accuracy);
    }
    if (ok.empty()) return "diverged (" + std::to_string(diverged) + " of " +
                           std::to_string(runs.size()) + ")";
    const SeedSpread s = seed_spread(ok);
    return percent(s.mean) + " (" + common::report::fixed(100 * s.min, 1) + ".." +
           common::report::fixed(100 * s.max, 1) + ")" +
           (diverged ? ", " + std::to_string(diverged) + " diverged" : "");
}

// ---- Beyond the notes: batch norm, layer norm or neither, against the mini-batch size ----
// The same network, seeds and alpha, trained for `epochs` at each m_t with each Norm; the
// number is the final test accuracy (batch norm at test time: its running averages; layer
// norm: the same computation as in training). NaN marks a run that diverged.

inline std::vector<std::size_t> norm_batch_sizes(bool full) {
    return full ? std::vector<std::size_t>{2, 4, 8, 16, 32, 64, 128}
                : std::vector<std::size_t>{2, 4, 8, 16, 64};
}

constexpr Norm norms[3] = {Norm::batch, Norm::layer, Norm::none};

struct NormComparison {
    std::vector<std::size_t> m_t;  // one row each
    std::size_t epochs = 0, test_m = 0;
    double alpha = 0;
    std::uint64_t seed = 0;        // seeds seed, seed + 1, ...
    std::size_t seeds = 0;
    // accuracy[row][j][s]: final test accuracy at m_t[row] with norms[j] on seed s
    std::vector<std::vector<std::vector<double>>> accuracy;
};

inline NormComparison compare_norms(const Labelled<double>& data,
                                    const std::vector<std::size_t>& sizes, double eps,
                                    const TrainOptions& t, const std::vector<std::size_t>& m_ts,
                                    std::size_t epochs, std::uint64_t seed, std::size_t seeds) {
    NormComparison c{m_ts, epochs, 0, t.alpha, seed, seeds, {}};
    c.accuracy.assign(m_ts.size(), std::vector<std::vector<double>>(3));
    for (std::size_t s = 0; s < seeds; ++s) {
        const auto [train_set, test_set] = split(data, data.m() * 3 / 4, seed + s);
        c.test_m = test_set.m();
        for (std::size_t row = 0; row < m_ts.size(); ++row) {
            TrainOptions o = t;
            o.batch_size = m_ts[row];
            o.epochs = epochs;
            o.running_in_forward = false;
            for (std::size_t j = 0; j < 3; ++j) {
                common::Rng rng(seed + s);
                Network<double> net = make_network<double>(sizes, norms[j], eps, rng);
                const History h = train(net, train_set, test_set, o, rng);
                c.accuracy[row][j].push_back(h.diverged_at || h.test_accuracy.empty()
                                                 ? std::nan("")
                                                 : h.test_accuracy.back());
            }
        }
    }
    return c;
}

// A cell: "97.1% (96.2..97.6)" over the seeds that did not diverge, and how many did.
inline std::string norm_cell(const std::vector<double>& accuracy) {
    const SeedSpread s = seed_spread(accuracy);
    const std::size_t diverged = accuracy.size() - s.n;
    if (s.n == 0) return "diverged";
    return percent(s.mean) + " (" + common::report::fixed(100 * s.min, 1) + ".." +
           common::report::fixed(100 * s.max, 1) + ")" +
           (diverged ? ", " + std::to_string(diverged) + " diverged" : "");
}

// Layer norm against batch norm on one row, paired by seed; resolution: one test example.
inline std::string layer_vs_batch(const NormComparison& c, std::size_t row) {
    return change_words(paired_change(c.accuracy[row][1], c.accuracy[row][0],
                                      1.0 / double(c.test_m)),
                        "layer norm higher", "batch norm higher", "no clear difference");
}

// Which of the three has the highest mean at a row, and whether it beats both others on
// every seed.
inline std::string norm_best(const NormComparison& c, std::size_t row) {
    std::size_t best = 0;
    for (std::size_t j = 1; j < 3; ++j) {
        if (seed_spread(c.accuracy[row][j]).mean > seed_spread(c.accuracy[row][best]).mean) {
            best = j;
        }
    }
    bool every = true;
    for (std::size_t j = 0; j < 3; ++j) {
        if (j != best) {
            every = every && paired_change(c.accuracy[row][best], c.accuracy[row][j],
                                           1.0 / double(c.test_m)) == Change::up_every;
        }
    }
    return std::string(norm_name(norms[best])) + (every ? ", above both on every seed" : "");
}

// The closing bullet: the check, then the smallest and the largest m_t.
inline std::string layer_norm_summary(const NormComparison& c, bool check_agrees,
                                      double worst_dZ) {
    using common::report::g;
    std::string text = "- Beyond the notes, layer norm: its backward " +
                       std::string(check_agrees ? "agrees" : "DOES NOT agree") +
                       " with central differences (worst dZ error " + g(worst_dZ, 3) +
                       "), also at m = 1 where batch norm's sigma2 is 0.";
    if (c.m_t.empty() || c.seeds == 0) return text;
    text += " Final test accuracy after " + std::to_string(c.epochs) +
            (c.epochs == 1 ? " epoch over " : " epochs over ") +
            std::to_string(c.seeds) + " seeds";
    for (std::size_t row : {std::size_t(0), c.m_t.size() - 1}) {
        text += std::string(row ? "; " : ": ") + "at m_t = " + std::to_string(c.m_t[row]) +
                " batch norm " + mean_sd(c.accuracy[row][0], 1, 100) + "%, layer norm " +
                mean_sd(c.accuracy[row][1], 1, 100) + "%, neither " +
                mean_sd(c.accuracy[row][2], 1, 100) + "% (" + layer_vs_batch(c, row) +
                "; best: " + norm_best(c, row) + ")";
        if (c.m_t.size() == 1) break;
    }
    return text + ".";
}

// ---- The closing summary ---------------------------------------------------------------

// The numbers of one run that the closing lines state.
struct Findings {
    std::string data;                  // report::data_name of the data
    std::size_t epochs = 0, test_m = 0;
    bool derivation_agrees = false;    // Derivation::agrees()
    double worst_dZ = 0;               // worst dZ error against central differences
    double printed_min = 0, printed_max = 0;  // the notes' printed dZ: worst error per shape
    bool printed_rejected = false;     // PrintedSign::rejected()
    Noise noise;                       // claim 3: the noise in mu_t and sigma2_t
    std::vector<SeedRun> seeds;        // claims 1, 2, 3 and the running averages, per seed
    std::vector<std::size_t> gap_at;   // m_t of each train/test gap of SeedRun::gaps
    TestTime test;                     // claim 4
    // Beyond the notes (part 4): layer norm's check and the comparison against m_t
    bool layer_norm_agrees = false;
    double layer_norm_worst_dZ = 0;
    NormComparison norms;
};

// "What this run showed:" and its bullets ("- ..."), one per part of the story, each picked
// from the run's numbers; the program wraps each bullet with report::say(bullet, 2, 0).
inline std::vector<std::string> what_this_run_showed(const Findings& f) {
    using common::report::g;
    const std::vector<SeedRun>& runs = f.seeds;
    const std::string seeds = std::to_string(runs.size()) + " seeds";
    std::vector<std::string> lines = {"What this run showed:"};
    lines.push_back(std::string("- The corrected closed form and the staged pass ") +
                    (f.derivation_agrees ? "agree" : "DO NOT agree") +
                    " with central differences (worst dZ error " + g(f.worst_dZ, 3) +
                    "); the notes' formula as printed misses by " +
                    g(f.printed_min, 3) + " to " + g(f.printed_max, 3) + ": " +
                    (f.printed_rejected ? "rejected." : "NOT rejected."));
    if (runs.empty()) return lines;
    const auto at_with = over(runs, [](const SeedRun& r) { return r.at_with; });
    const auto at_without = over(runs, [](const SeedRun& r) { return r.at_without; });
    lines.push_back("- Claim 1, on " + f.data + " over " + seeds + ": 90% test accuracy in "
                    "epoch " + mean_sd(at_with, 1) + " with batch norm, " +
                    mean_sd(at_without, 1) + " without: " + speed_verdict(at_with, at_without) +
                    ".");
    const auto d_with = over(runs, [](const SeedRun& r) { return decades(r.range[1]); });
    const auto d_without = over(runs, [](const SeedRun& r) { return decades(r.range[0]); });
    const auto factors = [&](bool use_bn) {
        const SeedSpread s = seed_spread(over(runs, [&](const SeedRun& r) {
            return r.range[use_bn].factor();
        }));
        return g(s.min, 3) + " to " + g(s.max, 3);
    };
    lines.push_back("- Claim 2: the widest run of alphas at 90% or more spans a factor of " +
                    factors(true) + " with batch norm, " + factors(false) + " without (0: no "
                    "alpha): " + range_verdict(d_with, d_without) + ".");
    std::string claim3;
    if (f.noise.sloped) {
        claim3 = "the noise in mu_t " + slope_words(f.noise.slope_fpc) + " (slope " +
                 g(f.noise.slope_fpc, 3) + ")";
    }
    if (f.gap_at.size() >= 2) {
        const std::size_t last = f.gap_at.size() - 1;
        const auto small =
            over(runs, [](const SeedRun& r) { return r.gaps[1].front().accuracy_gap(); });
        const auto large =
            over(runs, [](const SeedRun& r) { return r.gaps[1].back().accuracy_gap(); });
        claim3 += std::string(claim3.empty() ? "b" : "; b") +
                  "atch norm's train/test accuracy gap after " + std::to_string(f.epochs) +
                  " epochs went from " + mean_sd(small, 1, 100) + " points at m_t = " +
                  std::to_string(f.gap_at.front()) + " to " + mean_sd(large, 1, 100) + " at " +
                  std::to_string(f.gap_at[last]) + " (change " +
                  difference_text(small, large, 1, 100) + "): it " +
                  regularization_verdict(small, large, 1.0 / double(f.test_m));
    }
    if (!claim3.empty()) lines.push_back("- Claim 3: " + claim3 + ".");
    const auto fb_own = over(runs, [](const SeedRun& r) { return r.feedback[0]; });
    const auto fb_run = over(runs, [](const SeedRun& r) { return r.feedback[1]; });
    const auto gap_own =
        over(runs, [](const SeedRun& r) { return r.running_gap[0].accuracy_gap(); });
    const auto gap_run =
        over(runs, [](const SeedRun& r) { return r.running_gap[1].accuracy_gap(); });
    lines.push_back("- Running averages in the forward pass while training: dZ's terms through "
                    "mu and sigma2 are " + mean_sd(fb_run, 3) + " of the direct term, against " +
                    mean_sd(fb_own, 3) + " with the batch's own statistics: " +
                    feedback_verdict(fb_own, fb_run) + "; the train/test gap, " +
                    mean_sd(gap_run, 1, 100) + " against " + mean_sd(gap_own, 1, 100) +
                    " points: " + running_gap_verdict(gap_own, gap_run, 1.0 / double(f.test_m)) +
                    ".");
    const TestTime& t = f.test;
    lines.push_back("- Claim 4: the running averages (within " + g(t.error.mu, 2) +
                    " sigma in mu and " + percent(t.error.sigma2) + " in sigma2 of the training "
                    "set's statistics) did " + as_well_words(t.running.accuracy,
                                                              t.whole.accuracy, f.test_m) +
                    " those statistics (" + percent(t.running.accuracy) + " against " +
                    percent(t.whole.accuracy) + " on the test set); each test example alone "
                    "(sigma2 = 0, so Z_norm = 0): " + percent(t.own.one_at_a_time) + ".");
    if (f.norms.seeds > 0) {
        lines.push_back(layer_norm_summary(f.norms, f.layer_norm_agrees, f.layer_norm_worst_dZ));
    }
    return lines;
}

// Parts 3 and 4 of the program, each printing its section and filling f.
void over_seeds(const Labelled<double>& data, const std::vector<std::size_t>& sizes, double eps,
                const TrainOptions& t, const std::vector<double>& alphas, std::uint64_t seed,
                std::size_t count, bool full, Findings& f);  // over_seeds.cpp
void beyond_the_notes(const Labelled<double>& data, const std::vector<std::size_t>& sizes,
                      double eps, const TrainOptions& t, std::uint64_t seed, std::size_t seeds,
                      std::size_t epochs, bool full, Findings& f);  // beyond.cpp

}  // namespace batch_norm
