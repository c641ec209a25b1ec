// Part 4 of chapter-batch-norm, beyond the notes: layer normalization. Its backward against
// central differences (checks.hpp, including m = 1, where batch norm's sigma2 is 0), then
// batch norm, layer norm and neither trained on the digits at several mini-batch sizes over
// seeds (claims.hpp picks the verdicts from the numbers).
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "checks.hpp"
#include "claims.hpp"
#include "common/io/report.hpp"
#include "network.hpp"

namespace batch_norm {

void beyond_the_notes(const Labelled<double>& data, const std::vector<std::size_t>& sizes,
                      double eps, const TrainOptions& t, std::uint64_t seed, std::size_t seeds,
                      std::size_t epochs, bool full, Findings& f) {
    namespace report = common::report;
    std::printf("== 4. Beyond the notes: layer normalization ==\n\n");
    report::say("Layer norm: mu and sigma2 over each example's n features (a column of Z) "
                "instead of over the m examples, by the same mu(), sigma2() and z_norm(); gamma "
                "and beta still one per feature; no running averages, the same at test time.",
                0, 0);
    const LayerNormCheck d = layer_norm_checks(seed);
    report::say(layer_norm_check_text(d), 0, 0);
    if (full) {
        std::printf("  %3s %3s %7s %11s %11s %11s %11s\n", "n", "m", "eps", "dZ", "dgamma",
                    "dbeta", "max |dZ|");
        for (const LayerNormShape& s : d.shapes) {
            std::printf("  %3zu %3zu %7g %11.2e %11.2e %11.2e %11.3g\n", s.n, s.m, s.eps,
                        s.errors.dZ, s.errors.dgamma, s.errors.dbeta, s.dZ_largest);
        }
    }
    f.layer_norm_agrees = d.agrees();
    f.layer_norm_worst_dZ = d.worst.dZ;

    f.norms = compare_norms(data, sizes, eps, t, norm_batch_sizes(full), epochs, seed, seeds);
    const NormComparison& c = f.norms;
    std::printf("\nThe network with batch norm, layer norm (in its place, also without b) or "
                "neither, at\neach m_t: final test accuracy after %zu epoch%s (--norm-epochs), "
                "alpha = %g, mean (min..max)\nover %zu seeds (%llu to %llu: each its own split, "
                "W and orders)%s:\n", c.epochs, c.epochs == 1 ? "" : "s", c.alpha, c.seeds,
                static_cast<unsigned long long>(c.seed),
                static_cast<unsigned long long>(c.seed + c.seeds - 1),
                full ? "" : "; --full: 7 sizes");
    std::printf("  %4s %-19s %-19s %-19s %s\n", "m_t", "batch norm", "layer norm", "neither",
                "layer vs batch, paired");
    for (std::size_t row = 0; row < c.m_t.size(); ++row) {
        std::printf("  %4zu %-19s %-19s %-19s %s\n", c.m_t[row],
                    norm_cell(c.accuracy[row][0]).c_str(), norm_cell(c.accuracy[row][1]).c_str(),
                    norm_cell(c.accuracy[row][2]).c_str(), layer_vs_batch(c, row).c_str());
    }
    std::printf("\n");
}

}  // namespace batch_norm
