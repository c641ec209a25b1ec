// chapter-batch-norm: batch normalization. Part 1 (derivation.cpp) checks the derivation
// step by step; part 2 (here) measures the notes' four claims on a small network on the 8x8
// digits: faster learning, an easier learning-rate search, a slight regularization that
// shrinks with the mini-batch size, and running averages at test time.
// Run: make chapter-batch-norm ARGS="--alpha 1"   (--help lists the flags; --full for more)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "checks.hpp"
#include "claims.hpp"
#include "common/io/cli.hpp"
#include "common/io/report.hpp"
#include "network.hpp"

namespace bn = batch_norm;
namespace plot = common::plot;
using batch_norm::percent;
namespace report = common::report;

// The other parts of the story: derivation.cpp (part 1), regularization.cpp (claim 3).
void print_derivation(const bn::Derivation& d, double eps, bool full);
void regularization(const bn::Network<double>& trained, const bn::Labelled<double>& train,
                    const bn::Labelled<double>& test, const bn::TrainOptions& t,
                    std::uint64_t seed, bool full, report::Figures& figures, bn::Findings& f);

namespace {

struct Options {
    bn::TrainOptions t;  // alpha 0.1, 20 epochs, m_t = 64, running beta 0.9, merged last batch
    std::uint64_t seed = 1;
    double eps = 1e-5;
    bool full = false;
    std::vector<double> alphas;  // the sweep; empty: the default list (or --full's)
    std::string data = CHAPTER_DIR "/data/digits.csv";
    std::string out = FIGURE_DIR;
};

const std::vector<std::size_t> architecture = {64, 32, 32, 10};
plot::Series in_percent(std::string label, const std::vector<double>& accuracy) {
    plot::Series s = report::epoch_series(std::move(label), accuracy);
    for (double& y : s.y) y *= 100;
    return s;
}

int run(const Options& o) {
    const bn::TrainOptions& t = o.t;
    const bn::Labelled<double> digits = bn::load_digits(o.data);  // bad data: stop before output
    if (digits.m() < 8) throw std::runtime_error(o.data + ": needs at least 8 examples");
    const auto [train, test] = bn::split(digits, digits.m() * 3 / 4, o.seed);  // 3/4 train
    std::printf("Batch normalization: the derivation checked, the claims measured\n\n"
                "settings  alpha = %g, epochs = %zu, m_t = %zu, seed = %llu, eps = %g, running "
                "beta = %g%s%s\n\n", t.alpha, t.epochs, t.batch_size,
                static_cast<unsigned long long>(o.seed), o.eps, t.running_beta,
                o.full ? ", --full" : "", t.merge_last_batch ? "" : ", no merge of last batch");
    const bn::Derivation derivation = bn::derivation_checks(o.eps, o.seed);
    print_derivation(derivation, o.eps, o.full);

    bn::Findings f{.data = report::data_name(o.data, CHAPTER_DIR "/data/digits.csv",
                                             "the 8x8 digits"),
                   .epochs = t.epochs, .test_m = test.m(),
                   .derivation_agrees = derivation.agrees(), .worst_dZ = derivation.worst.dZ};
    std::printf("== 2. The claims, measured ==\n\n"
                "data      %s: %zu images of 8 x 8 pixels (scaled to 0..1); shuffled with the "
                "seed:\n          %zu to train, %zu to test\n"
                "network   64 -> 32 -> 32 -> 10, ReLU, softmax cross-entropy, He init; plain "
                "mini-batch GD,\n          %zu mini-batches per epoch. With batch norm: Z = W A, "
                "Z_tilde = gamma Z_norm + beta\n          before each hidden ReLU, without a "
                "bias b (beta makes b redundant)\n\n", f.data.c_str(), digits.m(), train.m(),
                test.m(), bn::bn_mini_batches(train.m(), t.batch_size, t.merge_last_batch).size());
    report::Figures figures(o.out);

    // Claim 1: speeds up learning.
    const bn::Trained runs[2] = {
        bn::train_network(architecture, false, o.eps, train, test, t, o.seed),
        bn::train_network(architecture, true, o.eps, train, test, t, o.seed)};
    for (bool use_bn : {false, true}) {
        if (runs[use_bn].history.diverged_at == 0) continue;
        std::fprintf(stderr, "chapter-batch-norm: training %s batch norm diverged: the cost "
                     "became Inf or NaN in epoch %zu with alpha = %g; try --alpha %g\n",
                     use_bn ? "with" : "without", runs[use_bn].history.diverged_at, t.alpha,
                     std::min(t.alpha / 10, 0.1));
        return 1;
    }
    const bn::History &h0 = runs[0].history, &h1 = runs[1].history;
    std::printf("-- Claim 1: batch norm speeds up learning --\n  %6s %11s %11s %13s %13s\n",
                "epoch", "J without", "J with BN", "test without", "test with BN");
    for (std::size_t i : report::shown_epochs(t.epochs)) {
        std::printf("  %6zu %11.4f %11.4f %13s %13s\n", i, h0.cost[i - 1], h1.cost[i - 1],
                    percent(h0.test_accuracy[i - 1]).c_str(),
                    percent(h1.test_accuracy[i - 1]).c_str());
    }
    f.at_with = bn::first_epoch_at(h1.test_accuracy, 0.9);
    f.at_without = bn::first_epoch_at(h0.test_accuracy, 0.9);
    f.J_with = h1.cost.back();
    f.J_without = h0.cost.back();
    const plot::LineChart cost{.title = "Claim 1 on " + f.data + ": cost per epoch",
                               .x_label = "epoch", .y_label = "mean mini-batch cost J (log scale)",
                               .series = {report::epoch_series("without batch norm", h0.cost),
                                          report::epoch_series("with batch norm", h1.cost)},
                               .log_y = true};
    std::printf("\n%s\n", plot::terminal_chart(cost, 64, 7).c_str());
    figures.write("cost-per-epoch.svg", cost);
    figures.write("test-accuracy-per-epoch.svg",
                  plot::LineChart{.title = "Claim 1 on " + f.data + ": test accuracy per epoch",
                                  .x_label = "epoch",
                                  .y_label = "test accuracy (%, running averages)",
                                  .series = {in_percent("without batch norm", h0.test_accuracy),
                                             in_percent("with batch norm", h1.test_accuracy)},
                                  .y_range = std::pair{0.0, 100.0}});

    // Claim 2: an easier search for alpha.
    const std::vector<double> alphas = bn::sweep_alphas(o.alphas, o.full);
    const std::vector<bn::SweepPoint> points[2] = {
        bn::sweep(alphas, architecture, false, o.eps, train, test, t, o.seed),
        bn::sweep(alphas, architecture, true, o.eps, train, test, t, o.seed)};
    std::printf("-- Claim 2: batch norm makes the search for alpha easier --\nFinal test "
                "accuracy after %zu epochs:\n  %8s %22s %22s\n", t.epochs, "alpha", "without",
                "with batch norm");
    plot::Series sweep[2] = {{.label = "without batch norm", .x = alphas, .markers = true},
                             {.label = "with batch norm", .x = alphas, .markers = true}};
    plot::Series diverged[2] = {{.label = "diverged (without)", .markers = true},
                                {.label = "diverged (with)", .markers = true}};
    for (std::size_t i = 0; i < alphas.size(); ++i) {
        std::printf("  %8g", alphas[i]);
        for (bool use_bn : {false, true}) {
            const bn::SweepPoint& p = points[use_bn][i];
            sweep[use_bn].y.push_back(100 * p.accuracy);
            const std::size_t at = p.diverged_at;
            if (at) diverged[use_bn].x.push_back(alphas[i]);
            if (at) diverged[use_bn].y.push_back(2 * use_bn);  // a marker at the bottom
            std::printf(" %22s", (at ? "diverged in epoch " + std::to_string(at)
                                     : percent(p.accuracy)).c_str());
        }
        std::printf("\n");
    }
    f.range_with = bn::widest_good_range(alphas, sweep[1].y, 90);
    f.range_without = bn::widest_good_range(alphas, sweep[0].y, 90);
    plot::LineChart sweep_chart{.title = "Claim 2 on " + f.data + ": final test accuracy "
                                         "against alpha",
                                .x_label = "learning rate alpha (log scale)",
                                .y_label = "test accuracy after " + std::to_string(t.epochs) +
                                           " epochs (%)",
                                .series = {sweep[0], sweep[1]}, .log_x = true,
                                .y_range = std::pair{-4.0, 100.0}};
    for (const plot::Series& d : diverged) {
        if (!d.x.empty()) sweep_chart.series.push_back(d);
    }
    figures.write("learning-rate-sweep.svg", sweep_chart);
    std::puts("");

    // Claim 3: a slight regularization, smaller with larger mini-batches.
    regularization(runs[1].net, train, test, t, o.seed, o.full, figures, f);

    // Claim 4: test time.
    f.test = bn::test_time(runs[1].net, train, test);
    const std::string running = "running averages (beta = " + report::g(t.running_beta) +
                                "), kept during training",
                      as_one = "the " + std::to_string(test.m()) + " test examples as one batch";
    std::printf("-- Claim 4: at test time, running averages stand in for the batch's mu and "
                "sigma2 --\nTest accuracy of claim 1's batch-norm network, by where mu and "
                "sigma2 come from:\n  %-51s %7s  (J %.4f)\n  the whole training set, one more "
                "pass after it      %7s  (J %.4f)\n  %-51s %7s\n  each test example alone "
                "(m = 1: sigma2 = 0)         %7s\n\n", running.c_str(),
                percent(f.test.running.accuracy).c_str(), f.test.running.cost,
                percent(f.test.whole.accuracy).c_str(), f.test.whole.cost, as_one.c_str(),
                percent(f.test.own.one_batch).c_str(), percent(f.test.own.one_at_a_time).c_str());
    const bn::LayerTime time = bn::time_layer(o.seed);
    std::printf("[time] batch norm forward + backward, float, n = 1024, m = 256: %.1f us, "
                "%.1f GB/s\n", time.seconds * 1e6, time.bytes_per_second / 1e9);
    figures.print();
    std::printf("\n");
    for (const std::string& line : bn::what_this_run_showed(f)) std::puts(line.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-batch-norm",
                    "Batch normalization (chapter 7 of the notes): the forward and backward "
                    "pass checked against the derivation, then its claimed effects measured on "
                    "a small network on the 8x8 digits.");
    cli.flag("alpha", o.t.alpha, "learning rate alpha of claims 1, 3 and 4", common::above(0.0));
    cli.alias("lr", "alpha");
    cli.flag("epochs", o.t.epochs, "epochs of every training run", common::between(1, 10000));
    cli.flag("batch-size", o.t.batch_size, "mini-batch size m_t; batch norm needs at least 2",
             common::between(2, 100000));
    cli.flag("seed", o.seed, "seed of the split, the initial weights and the orders");
    cli.flag("eps", o.eps, "eps of batch norm, sqrt(sigma2 + eps)", common::above(0.0));
    cli.flag("running-beta", o.t.running_beta, "beta of the running averages of mu and sigma2 "
             "(torch's momentum is 1 - beta)", common::half_open(0, 1));
    cli.flag("alphas", o.alphas, "learning rates of claim 2's sweep; none given: 9 from 0.001 "
             "to 10, or 13 with --full", common::above(0.0));
    cli.flag("full", o.full, "the longer tables and sweeps: every gradient-check shape, 13 "
             "learning rates, 6 mini-batch sizes, 4000 draws");
    cli.flag("merge-last-batch", o.t.merge_last_batch, "a last mini-batch under m_t / 2 joins "
             "the one before");
    cli.flag("data", o.data, "the digits CSV (p0..p63, label): 3/4 train, 1/4 test",
             common::existing_file());
    cli.flag("out", o.out, "folder for the SVG figures");
    cli.parse_or_exit(argc, argv);
    return cli.run([&] { return run(o); });
}
