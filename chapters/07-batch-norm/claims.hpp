// claims.hpp: how chapter 7 reads its measurements of the notes' claims about batch norm.
// Claim 1: the first epoch at a test accuracy; claim 2: the widest run of learning rates
// that train well; claim 3: how far a mini-batch's mu and sigma2 stray from the training
// set's, and the log-log slope of that spread against m_t; claim 4: how far the running
// averages are from the training set's statistics, and accuracy with a batch's own ones.
// Each verdict's words are picked here from the numbers of one run, and the table cells and
// chart series the program prints are built here, so that main.cpp only calls and prints.
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

// Which network reached the level first, from the two first_epoch_at (0: never).
inline std::string sooner_words(std::size_t with_bn, std::size_t without) {
    if (with_bn == 0 && without == 0) return "neither network reached it";
    if (without == 0) return "only the network with batch norm reached it";
    if (with_bn == 0) return "only the network without batch norm reached it";
    if (with_bn < without) return "batch norm got there sooner";
    if (with_bn > without) return "batch norm got there later";
    return "both got there in the same epoch";
}

// A per-epoch accuracy (fractions) as a chart series in percent: epoch i at x = i.
inline common::plot::Series percent_series(std::string label,
                                           const std::vector<double>& accuracy) {
    common::plot::Series s = common::report::epoch_series(std::move(label), accuracy);
    for (double& y : s.y) y *= 100;
    return s;
}

// "lower" / "higher" / "the same": how a compares with b.
inline std::string lower_or_higher(double a, double b) {
    return a < b ? "lower" : a > b ? "higher" : "the same";
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

// Claim 2's table cell: the final test accuracy, or the epoch in which the run diverged.
inline std::string sweep_cell(const SweepPoint& p) {
    return p.diverged_at ? "diverged in epoch " + std::to_string(p.diverged_at)
                         : percent(p.accuracy);
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

// Whether batch norm widened the range of good learning rates.
inline std::string wider_words(const AlphaRange& with_bn, const AlphaRange& without) {
    if (!with_bn.found() && !without.found()) return "neither network got there";
    if (!without.found()) return "only batch norm got there at all";
    if (!with_bn.found()) return "only the network without batch norm got there";
    const double ratio = with_bn.factor() / without.factor();
    if (ratio > 1.0001) return "a wider range with batch norm";
    if (ratio < 0.9999) return "a narrower range with batch norm";
    return "the same range with and without";
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

// Claim 3's gap: a network trained with mini-batches of m_t for as many updates as `t`
// makes (so epochs grow with m_t), from Rng(seed) as every run of the chapter; cost and
// accuracy on the training and the test set in test mode.
struct Gap {
    std::size_t epochs = 0, diverged_at = 0;
    Score train, test;
    double accuracy_gap() const { return train.accuracy - test.accuracy; }
};

inline Gap train_test_gap(const std::vector<std::size_t>& sizes, bool use_bn, double eps,
                          const Labelled<double>& train_set, const Labelled<double>& test_set,
                          TrainOptions t, std::size_t m_t, std::uint64_t seed) {
    const std::size_t updates =
        t.epochs * bn_mini_batches(train_set.m(), t.batch_size, t.merge_last_batch).size();
    const std::size_t T = bn_mini_batches(train_set.m(), m_t, t.merge_last_batch).size();
    t.batch_size = m_t;
    t.epochs = std::max<std::size_t>(1, (updates + T - 1) / T);
    const Trained r = train_network(sizes, use_bn, eps, train_set, test_set, t, seed);
    if (r.history.diverged_at != 0) return {t.epochs, r.history.diverged_at, {}, {}};
    return {t.epochs, 0, evaluate(r.net, train_set), evaluate(r.net, test_set)};
}

// Claim 3's table cells after m_t, epochs and the network: train and test accuracy, their
// gap, the train and test cost; or the epoch in which the run diverged.
inline std::string gap_cells(const Gap& g) {
    if (g.diverged_at != 0) return " diverged in epoch " + std::to_string(g.diverged_at);
    char buf[96];
    std::snprintf(buf, sizeof buf, " %7s %7s %6s %8.4f %8.4f", percent(g.train.accuracy).c_str(),
                  percent(g.test.accuracy).c_str(), percent(g.accuracy_gap()).c_str(),
                  g.train.cost, g.test.cost);
    return buf;
}

// How a train/test gap moved from the smallest m_t to the largest, judged against
// `resolution` (the size of the smallest step one can tell apart: one test example in
// accuracy). The claim predicts a larger gap (less regularization) for a larger m_t.
inline std::string gap_words(double first, double last, double resolution) {
    const double change = last - first;
    if (std::abs(change) <= resolution) {
        return "barely moved (at most one test example): no effect measurable here";
    }
    return change > 0 ? "grew, the direction the claim predicts"
                      : "shrank, against the direction the claim predicts";
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

// ---- The closing summary ---------------------------------------------------------------

// The numbers of one run that the closing lines state.
struct Findings {
    std::string data;                  // report::data_name of the data
    std::size_t epochs = 0, test_m = 0;
    bool derivation_agrees = false;    // Derivation::agrees()
    double worst_dZ = 0;               // worst dZ error against central differences
    std::size_t at_with = 0, at_without = 0;  // first epoch at 90% test accuracy (0: never)
    double J_with = 0, J_without = 0;  // final mean mini-batch cost
    AlphaRange range_with, range_without;     // alphas reaching 90%
    Noise noise;                       // claim 3: the noise in mu_t and sigma2_t
    std::vector<std::size_t> gap_at;   // m_t of each train/test accuracy gap, with batch norm
    std::vector<double> gaps;
    TestTime test;                     // claim 4
};

// "What this run showed:" and its bullets ("- ..."), one per part of the story, each picked
// from the run's numbers; the program wraps each bullet with report::say(bullet, 2, 0).
inline std::vector<std::string> what_this_run_showed(const Findings& f) {
    using common::report::g;
    const auto range = [](const AlphaRange& r) {
        if (!r.found()) return std::string("for no alpha of the sweep");
        if (r.lo == r.hi) return "only at alpha " + g(r.lo);
        return "for alpha " + g(r.lo) + " to " + g(r.hi) + " (a factor of " + g(r.factor(), 3) +
               ")";
    };
    const auto reached = [&](std::size_t at) {
        if (at) return "in epoch " + std::to_string(at);
        return f.epochs == 1 ? std::string("not within 1 epoch")
                             : "not within " + std::to_string(f.epochs) + " epochs";
    };
    std::vector<std::string> lines = {"What this run showed:"};
    lines.push_back(std::string("- The closed-form and staged backward passes ") +
                    (f.derivation_agrees ? "agree" : "DO NOT agree") +
                    " with central differences (worst relative error of dZ " +
                    g(f.worst_dZ, 3) + ").");
    lines.push_back("- Claim 1, on " + f.data + ": 90% test accuracy with batch norm " +
                    reached(f.at_with) + ", without " + reached(f.at_without) + ": " +
                    sooner_words(f.at_with, f.at_without) + "; final cost J " +
                    g(f.J_with, 4) + " with batch norm, " + g(f.J_without, 4) + " without (" +
                    lower_or_higher(f.J_with, f.J_without) + " with batch norm).");
    lines.push_back("- Claim 2: 90% or more with batch norm " + range(f.range_with) +
                    ", without " + range(f.range_without) + ": " +
                    wider_words(f.range_with, f.range_without) + ".");
    std::string claim3;
    if (f.noise.sloped) {
        claim3 = "the noise in mu_t " + slope_words(f.noise.slope_fpc) + " (log-log slope " +
                 g(f.noise.slope_fpc, 3) + " with the finite-population factor divided out, " +
                 g(f.noise.slope, 3) + " without)";
    }
    if (f.gaps.size() >= 2) {
        claim3 += std::string(claim3.empty() ? "b" : "; b") +
                  "atch norm's train/test accuracy gap went from " + percent(f.gaps.front()) +
                  " at m_t = " + std::to_string(f.gap_at.front()) + " to " +
                  percent(f.gaps.back()) + " at " + std::to_string(f.gap_at.back()) + ": it " +
                  gap_words(f.gaps.front(), f.gaps.back(), 1.0 / double(f.test_m));
    }
    if (!claim3.empty()) lines.push_back("- Claim 3: " + claim3 + ".");
    const TestTime& t = f.test;
    lines.push_back("- Claim 4: the running averages (within " + g(t.error.mu, 2) +
                    " sigma in mu and " + percent(t.error.sigma2) + " in sigma2 of the training "
                    "set's statistics) did " + as_well_words(t.running.accuracy,
                                                              t.whole.accuracy, f.test_m) +
                    " those statistics (" + percent(t.running.accuracy) + " against " +
                    percent(t.whole.accuracy) + " on the test set); each test example alone "
                    "(sigma2 = 0, so Z_norm = 0): " + percent(t.own.one_at_a_time) + ".");
    return lines;
}

}  // namespace batch_norm
