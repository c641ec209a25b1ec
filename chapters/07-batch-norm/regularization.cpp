// Claim 3 of chapter-batch-norm: "a slight regularization effect, smaller for larger
// mini-batches". The noise batch norm adds (how far a mini-batch's mu and sigma2 stray from
// the training set's, against m_t), then the train/test gap for several m_t.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "claims.hpp"

namespace bn = batch_norm;
namespace plot = common::plot;
using batch_norm::percent;

void regularization(const bn::Network<double>& trained, const bn::Labelled<double>& train,
                    const bn::Labelled<double>& test, const bn::TrainOptions& t,
                    std::uint64_t seed, bool full, common::report::Figures& figures,
                    bn::Findings& f) {
    std::vector<std::size_t> sizes = {16, 32, 64, 128, 256, 512};
    std::erase_if(sizes, [&](std::size_t m_t) { return 2 * m_t > train.m(); });
    const std::size_t draws = full ? 4000 : 400;
    bn::Matrix<double> Z1(trained.sizes[1], train.m());  // layer 1's Z = W x, no b
    bn::dense(trained.W(0), std::span<const double>(), train.X, Z1);
    common::Rng rng(seed + 1);
    f.noise = bn::batch_noise(Z1, sizes, draws, rng);
    std::printf("-- Claim 3: a slight regularization effect, smaller for larger m_t --\n"
                "The noise batch norm adds: std of mu_t / sigma and sigma2_t / sigma2 at layer 1 "
                "(Z = W x)\nover %zu random mini-batches of the N = %zu training examples; "
                "predicted, sampling\nwithout replacement: sqrt((N - m_t)/(N - 1)) / "
                "sqrt(m_t).\n  %5s %12s %12s %12s %12s\n", draws,
                train.m(), "m_t", "std(mu)/sig", "x sqrt(m_t)", "predicted", "std(s2)/s2");
    plot::Series spread[4] = {{.label = "mu_t / sigma", .markers = true},
                              {.label = "sigma2_t / sigma2", .markers = true},
                              {.label = "1/sqrt(m_t), from the first point", .dashed = true},
                              {.label = "sqrt((N - m_t)/(N - 1)) / sqrt(m_t)", .dashed = true}};
    for (const bn::NoiseRow& r : f.noise.rows) {
        const double x = double(r.m_t), x0 = double(f.noise.rows.front().m_t);
        const double ys[4] = {r.spread.mu, r.spread.sigma2,
                              f.noise.rows.front().spread.mu * std::sqrt(x0 / x), r.predicted};
        std::printf("  %5zu %12.4f %12.4f %12.4f %12.4f\n", r.m_t, r.spread.mu,
                    r.spread.mu * std::sqrt(x), r.predicted, r.spread.sigma2);
        for (int k = 0; k < 4; ++k) spread[k].x.push_back(x), spread[k].y.push_back(ys[k]);
    }
    figures.write("batch-statistics-noise.svg",
                  plot::LineChart{.title = "Claim 3 on " + f.data + ": the noise in a "
                                           "mini-batch's mu and sigma2",
                                  .x_label = "mini-batch size m_t (log scale)",
                                  .y_label = "std across mini-batches (relative, log scale)",
                                  .series = {spread[0], spread[1], spread[2], spread[3]},
                                  .log_x = true, .log_y = true});

    if (!full) sizes = {16, 64, 256};
    std::erase_if(sizes, [&](std::size_t m_t) { return 2 * m_t > train.m(); });
    std::printf("\nTrain/test gap, each m_t trained for as many updates as claim 1 (test mode%s):"
                "\n  %5s %6s %-16s %7s %7s %6s %8s %8s\n", full ? "" : "; --full: without",
                "m_t", "epochs", "", "train", "test", "gap", "J train", "J test");
    for (std::size_t m_t : sizes) {
        for (bool use_bn : {false, true}) {
            if (!use_bn && !full) continue;
            const bn::Gap g = bn::train_test_gap(trained.sizes, use_bn, trained.eps, train, test,
                                                 t, m_t, seed);
            std::printf("  %5zu %6zu %-16s", m_t, g.epochs,
                        use_bn ? "with batch norm" : "without");
            if (g.diverged_at != 0) {
                std::printf(" diverged in epoch %zu\n", g.diverged_at);
                continue;
            }
            std::printf(" %7s %7s %6s %8.4f %8.4f\n", percent(g.train.accuracy).c_str(),
                        percent(g.test.accuracy).c_str(), percent(g.accuracy_gap()).c_str(),
                        g.train.cost, g.test.cost);
            if (use_bn) f.gaps.push_back(g.accuracy_gap()), f.gap_at.push_back(m_t);
        }
    }
    std::printf("\n");
}
