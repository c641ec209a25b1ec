// chapter-batch-norm: batch normalization. Part 1 checks the derivation step by step, and
// shows where the notes' printed formula slips; part 2 measures the notes' four claims on a
// small network on the 8x8 digits (faster learning, an easier learning-rate search, a slight
// regularization that shrinks with the mini-batch size, running averages at test time) on
// one seed; part 3 (over_seeds.cpp) repeats claims 1 to 3 and the running averages in the
// forward pass over several seeds and prints their spread; part 4 (beyond.cpp), beyond the
// notes: layer norm checked, and against batch norm and neither at small mini-batches.
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
namespace report = common::report;
using batch_norm::percent;

namespace {

struct Options {
    bn::TrainOptions t;  // alpha 0.1, 20 epochs, m_t = 64, running beta 0.9, merged last batch
    std::uint64_t seed = 1;
    std::size_t seeds = 5;  // parts 3 and 4: seeds seed, seed + 1, ...
    std::size_t norm_epochs = 5;  // part 4's runs
    double eps = 1e-5;
    bool full = false;
    std::vector<double> alphas;  // the sweep; empty: the default list (or --full's)
    std::string data = CHAPTER_DIR "/data/digits.csv";
    std::string out = FIGURE_DIR;
};

const std::vector<std::size_t> architecture = {64, 32, 32, 10};

// "data      text", the text wrapped under itself at column 10.
void labelled(const char* label, const std::string& text) {
    std::printf("%-10s%s", label, report::wrapped(text, 10, 10).c_str() + 10);
}

// Part 1: the derivation, checked (checks.hpp measures, derivation_text words it).
bn::Derivation derivation(double eps, std::uint64_t seed, bool full) {
    const bn::Derivation d = bn::derivation_checks(eps, seed);
    const bn::DerivationText text = bn::derivation_text(d, eps);
    std::printf("== 1. The derivation, checked ==\n\n");
    report::say(text.forward, 0, 0);
    report::say(text.backward, 0, 0);
    if (full) {
        std::printf("\n  %3s %3s %7s %11s %11s %11s %13s\n", "n", "m", "eps", "dZ", "dgamma",
                    "dbeta", "staged/closed");
        for (const bn::ShapeCheck& s : d.shapes) {
            std::printf("  %3zu %3zu %7g %11.2e %11.2e %11.2e %13.2e\n", s.n, s.m, s.eps,
                        s.errors.dZ, s.errors.dgamma, s.errors.dbeta, s.errors.staged);
        }
        std::printf("\n");
    }
    for (const std::string* s : {&text.printed, &text.step, &text.broadcast, &text.two,
                                 &text.jacobian, &text.moments}) {
        if (s != &text.two || full) report::say(*s, 0, 0);  // m = 2: with --full
    }
    std::printf("\n");
    return d;
}

// Claim 3: "a slight regularization effect, smaller for larger mini-batches". The noise batch
// norm adds: how far a mini-batch's mu and sigma2 stray from the training set's, against m_t
// (the train/test gaps are measured over seeds in part 3).
void regularization(const bn::Network<double>& trained, const bn::Labelled<double>& train,
                    std::uint64_t seed, bool full, report::Figures& figures, bn::Findings& f) {
    const std::size_t draws = full ? 4000 : 400;
    f.noise = bn::layer1_noise(trained, train, draws, seed);
    std::printf("-- Claim 3: a slight regularization effect, smaller for larger m_t --\n");
    std::string rows;
    for (const bn::NoiseRow& r : f.noise.rows) {
        rows += (rows.empty() ? "" : ", ") + report::fixed(r.spread.mu, 3) + " (" +
                report::fixed(r.predicted, 3) + ")";
    }
    report::say("The noise batch norm adds: std of mu_t / sigma at layer 1 (Z = W x) over " +
                std::to_string(draws) + " random mini-batches of the N = " +
                std::to_string(train.m()) + " training examples, m_t = " +
                std::to_string(f.noise.rows.front().m_t) + " to " +
                std::to_string(f.noise.rows.back().m_t) + ": " + rows + "; in brackets "
                "sqrt((N - m_t)/(N - 1)) / sqrt(m_t), sampling without replacement.", 0, 0);
    if (full) {
        std::printf("  %5s %12s %12s %12s %12s\n", "m_t", "std(mu)/sig", "x sqrt(m_t)",
                    "predicted", "std(s2)/s2");
        for (const bn::NoiseRow& r : f.noise.rows) {
            std::printf("  %5zu %12.4f %12.4f %12.4f %12.4f\n", r.m_t, r.spread.mu,
                        r.spread.mu * std::sqrt(double(r.m_t)), r.predicted, r.spread.sigma2);
        }
    }
    figures.write("batch-statistics-noise.svg",
                  plot::LineChart{.title = "Claim 3 on " + f.data + ": the noise in a "
                                           "mini-batch's mu and sigma2",
                                  .x_label = "mini-batch size m_t (log scale)",
                                  .y_label = "std across mini-batches (relative, log scale)",
                                  .series = bn::noise_series(f.noise), .log_x = true,
                                  .log_y = true});
    std::printf("\n");
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
    const bn::Derivation d = derivation(o.eps, o.seed, o.full);

    bn::Findings f{.data = report::data_name(o.data, CHAPTER_DIR "/data/digits.csv",
                                             "the 8x8 digits"),
                   .epochs = t.epochs, .test_m = test.m(),
                   .derivation_agrees = d.agrees(), .worst_dZ = d.worst.dZ,
                   .printed_min = d.sign.printed_min, .printed_max = d.sign.printed_max,
                   .printed_rejected = d.sign.rejected()};
    const std::size_t T = bn::bn_mini_batches(train.m(), t.batch_size, t.merge_last_batch).size();
    std::printf("== 2. The claims, measured ==\n\n");
    labelled("data", f.data + ": " + std::to_string(digits.m()) + " images of 8 x 8 "
                "pixels (scaled to 0..1); shuffled with the seed: " + std::to_string(train.m()) +
                " to train, " + std::to_string(test.m()) + " to test");
    labelled("network", "64 -> 32 -> 32 -> 10, ReLU, softmax cross-entropy, He init; plain "
                "mini-batch GD, " + std::to_string(T) + " mini-batches per epoch. With batch "
                "norm: Z = W A, Z_tilde = gamma Z_norm + beta before each hidden ReLU, without "
                "a bias b (beta makes b redundant: this project's choice); gamma and beta are "
                "vectors, 2 x 32 numbers per hidden layer");
    std::printf("\n");
    report::Figures figures(o.out);

    // Claim 1: speeds up learning.
    const bn::Trained runs[2] = {
        bn::train_network(architecture, false, o.eps, train, test, t, o.seed),
        bn::train_network(architecture, true, o.eps, train, test, t, o.seed)};
    for (bool use_bn : {false, true}) {
        const std::string diverged = bn::diverged_words(runs[use_bn].history, use_bn, t.alpha);
        if (!diverged.empty()) throw std::runtime_error(diverged);
    }
    const bn::History &h0 = runs[0].history, &h1 = runs[1].history;
    std::printf("-- Claim 1: batch norm speeds up learning (this seed; all seeds in part 3) --\n"
                "  %6s %11s %11s %13s %13s\n",
                "epoch", "J without", "J with BN", "test without", "test with BN");
    for (std::size_t i : report::shown_epochs(t.epochs)) {
        std::printf("  %6zu %11.4f %11.4f %13s %13s\n", i, h0.cost[i - 1], h1.cost[i - 1],
                    percent(h0.test_accuracy[i - 1]).c_str(),
                    percent(h1.test_accuracy[i - 1]).c_str());
    }
    const plot::LineChart cost{.title = "Claim 1 on " + f.data + ": cost per epoch",
                               .x_label = "epoch", .y_label = "mean mini-batch cost J (log scale)",
                               .series = {report::epoch_series("without batch norm", h0.cost),
                                          report::epoch_series("with batch norm", h1.cost)},
                               .log_y = true};
    std::printf("\n");
    if (o.full) std::printf("%s\n", plot::terminal_chart(cost, 64, 7).c_str());
    figures.write("cost-per-epoch.svg", cost);
    figures.write("test-accuracy-per-epoch.svg",
                  plot::LineChart{.title = "Claim 1 on " + f.data + ": test accuracy per epoch",
                                  .x_label = "epoch",
                                  .y_label = "test accuracy (%, running averages)",
                                  .series = {bn::percent_series("without batch norm",
                                                                h0.test_accuracy),
                                             bn::percent_series("with batch norm",
                                                                h1.test_accuracy)},
                                  .y_range = std::pair{0.0, 100.0}});

    // Claim 3: a slight regularization, smaller with larger mini-batches.
    regularization(runs[1].net, train, o.seed, o.full, figures, f);

    // Claim 4: test time.
    f.test = bn::test_time(runs[1].net, train, test);
    std::printf("-- Claim 4: at test time, running averages stand in for the batch's mu and "
                "sigma2 --\nTest accuracy of claim 1's batch-norm network, by where mu and "
                "sigma2 come from:\n");
    for (const bn::TestTimeRow& r : bn::test_time_rows(f.test, t.running_beta, test.m())) {
        std::printf("  %-51s %7s%s%s\n", r.where.c_str(), r.accuracy.c_str(),
                    r.cost.empty() ? "" : "  ", r.cost.c_str());
    }
    std::printf("\n");

    // Part 3: claims 1, 2, 3 and the running averages in training, over seeds.
    const std::vector<double> alphas = bn::sweep_alphas(o.alphas, o.full);
    bn::over_seeds(digits, architecture, o.eps, t, alphas, o.seed, o.seeds, o.full, f);
    const std::vector<bn::SweepPoint> points[2] = {f.seeds.front().sweep[0],
                                                   f.seeds.front().sweep[1]};
    figures.write("learning-rate-sweep.svg",
                  plot::LineChart{.title = "Claim 2 on " + f.data + ": final test accuracy "
                                           "against alpha",
                                  .x_label = "learning rate alpha (log scale)",
                                  .y_label = "test accuracy after " + std::to_string(t.epochs) +
                                             " epochs (%)",
                                  .series = bn::sweep_series(alphas, points), .log_x = true,
                                  .y_range = std::pair{-4.0, 100.0}});
    bn::beyond_the_notes(digits, architecture, o.eps, t, o.seed, o.seeds, o.norm_epochs, o.full, f);
    const bn::LayerTime time = bn::time_layer(o.seed);
    std::printf("[time] batch norm forward + backward, float, n = 1024, m = 256: %.1f us, "
                "%.1f GB/s\n", time.seconds * 1e6, time.bytes_per_second / 1e9);
    report::say(bn::float_share_text(bn::float_shares(o.seed)), 0, 0);
    figures.print();
    const std::vector<std::string> showed = bn::what_this_run_showed(f);
    std::printf("\n%s\n", showed.front().c_str());
    for (std::size_t i = 1; i < showed.size(); ++i) report::say(showed[i], 2, 0);
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
    cli.flag("seeds", o.seeds, "parts 3 and 4 repeat the runs over seeds seed, seed + 1, ...",
             common::between(2, 100));
    cli.flag("norm-epochs", o.norm_epochs, "epochs of part 4's runs (batch norm, layer norm, "
             "neither at each m_t)", common::between(1, 10000));
    cli.flag("eps", o.eps, "eps of batch norm, sqrt(sigma2 + eps)", common::above(0.0));
    cli.flag("running-beta", o.t.running_beta, "beta of the running averages of mu and sigma2 "
             "(torch's momentum is 1 - beta)", common::half_open(0, 1));
    cli.flag("alphas", o.alphas, "learning rates of claim 2's sweep; none given: 9 from 0.001 "
             "to 10, or 13 with --full", common::above(0.0));
    cli.flag("full", o.full, "the longer tables and sweeps: every gradient-check shape, 13 "
             "learning rates, 6 mini-batch sizes, 4000 draws, 7 sizes in part 4");
    cli.flag("merge-last-batch", o.t.merge_last_batch, "a last mini-batch under m_t / 2 joins "
             "the one before");
    cli.flag("data", o.data, "the digits CSV (p0..p63, label): 3/4 train, 1/4 test",
             common::existing_file());
    cli.flag("out", o.out, "folder for the SVG figures", common::output_folder());
    if (const auto status = cli.parse_main(argc, argv)) return *status;
    return cli.run([&] { return run(o); });
}
