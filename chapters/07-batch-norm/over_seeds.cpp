// Part 3 of chapter-batch-norm, over seeds: claims 1, 2 and 3 and the running averages in
// the forward pass, each measured on every seed (split, initial W and orders from the seed)
// and printed as mean +- sd (min to max); claims.hpp picks the verdicts from these numbers.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "claims.hpp"
#include "network.hpp"

namespace batch_norm {

namespace {

// "  label                        with                      without"
void row(const std::string& label, const std::string& with_bn, const std::string& without) {
    std::printf("  %-28s %-29s %s\n", label.c_str(), with_bn.c_str(), without.c_str());
}

}  // namespace

void over_seeds(const Labelled<double>& data, const std::vector<std::size_t>& sizes, double eps,
                const TrainOptions& t, const std::vector<double>& alphas, std::uint64_t seed,
                std::size_t count, bool full, Findings& f) {
    const auto [train_set, test_set] = split(data, data.m() * 3 / 4, seed);
    f.gap_at = gap_sizes(train_set.m(), full);
    for (std::size_t s = 0; s < count; ++s) {
        f.seeds.push_back(run_seed(data, sizes, eps, t, alphas, f.gap_at, seed + s));
    }
    const std::vector<SeedRun>& runs = f.seeds;
    const auto spread = [&](auto pick, int decimals, double scale = 1) {
        return spread_text(seed_spread(over(runs, pick)), decimals, scale);
    };
    std::printf("== 3. Over %zu seeds (%llu to %llu: each its own split, initial W and "
                "orders) ==\n\n", count, static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(seed + count - 1));
    row("mean +- sd (min to max)", "with batch norm", "without");
    row("claim 1: epoch at 90% test",
        spread([](const SeedRun& r) { return r.at_with; }, 1),
        spread([](const SeedRun& r) { return r.at_without; }, 1));
    row("claim 1: final cost J", spread([](const SeedRun& r) { return r.J_with; }, 3),
        spread([](const SeedRun& r) { return r.J_without; }, 3));
    const auto never = [&](const SeedRun& r) {
        return r.at_with > double(t.epochs) || r.at_without > double(t.epochs);
    };
    if (std::any_of(runs.begin(), runs.end(), never)) {
        std::printf("  (epoch %zu: 90%% not reached within %zu epochs)\n", t.epochs + 1, t.epochs);
    }
    if (full) {
        row("claim 2: log10 (hi / lo) of alpha",
            spread([](const SeedRun& r) { return decades(r.range[1]); }, 2),
            spread([](const SeedRun& r) { return decades(r.range[0]); }, 2));
    }
    std::printf("\nClaim 2, final test accuracy after %zu epochs, mean (min..max):\n", t.epochs);
    std::printf("  %8s %-30s %s\n", "alpha", "with batch norm", "without");
    for (std::size_t i = 0; i < alphas.size(); ++i) {
        std::printf("  %8g %-30s %s\n", alphas[i], sweep_seed_cell(runs, true, i).c_str(),
                    sweep_seed_cell(runs, false, i).c_str());
    }
    std::printf("\nClaim 3, train/test accuracy gap in points after %zu epochs at every m_t:\n",
                t.epochs);
    row("m_t", "with batch norm", "without");
    for (std::size_t k = 0; k < f.gap_at.size(); ++k) {
        const auto gap = [k](bool use_bn) {
            return [k, use_bn](const SeedRun& r) { return r.gaps[use_bn][k].accuracy_gap(); };
        };
        row(std::to_string(f.gap_at[k]), spread(gap(true), 1, 100), spread(gap(false), 1, 100));
    }
    std::printf("\nTraining with the running averages (beta = %g) in the forward pass, batch "
                "norm, m_t = %zu:\n", t.running_beta, t.batch_size);
    row("", "batch's own mu, sigma2", "running averages");
    row("|dZ via mu, sigma2|/|direct|",
        spread([](const SeedRun& r) { return r.feedback[0]; }, 3),
        spread([](const SeedRun& r) { return r.feedback[1]; }, 3));
    row("train/test gap (points)",
        spread([](const SeedRun& r) { return r.running_gap[0].accuracy_gap(); }, 1, 100),
        spread([](const SeedRun& r) { return r.running_gap[1].accuracy_gap(); }, 1, 100));
    row("test accuracy (%)",
        spread([](const SeedRun& r) { return r.running_gap[0].test.accuracy; }, 1, 100),
        spread([](const SeedRun& r) { return r.running_gap[1].test.accuracy; }, 1, 100));
    std::printf("\n");
}

}  // namespace batch_norm
