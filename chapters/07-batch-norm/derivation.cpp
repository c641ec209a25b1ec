// Part 1 of chapter-batch-norm: the derivation, checked. Prints what derivation_checks()
// (checks.hpp) measured: the forward pass on a worked example, the closed-form and staged
// backward passes against central differences, the m = 2 case, the Jacobian of Z_norm.
#include <cstdio>

#include "checks.hpp"

void print_derivation(const batch_norm::Derivation& d, double eps, bool full) {
    const batch_norm::Cache<double>& c = d.example;
    std::printf("== 1. The derivation, checked ==\n\nForward on Z = [1 2 3 6; 4 4 4 4] (n = 2, "
                "m = 4), gamma = 1, beta = 0: mu = %g, %g;\nsigma2 = %g, %g (by hand: 14/4, and "
                "0); Z_norm =", c.mu[0], c.mu[1], c.sigma2[0], c.sigma2[1]);
    for (double v : c.Z_norm.row(0)) std::printf(" %.6g", v);
    std::printf("\n= (-2, -1, 0, 3) / sqrt(3.5 + eps), and %g %g %g %g for the constant feature "
                "(eps avoids 0/0).\n"
                "Backward, the closed form dZ = gamma / "
                "sqrt(sigma2 + eps) (dZ_tilde - mean(dZ_tilde) - Z_norm\nmean(dZ_tilde * Z_norm))"
                " and the staged pass (node by node through mu, sigma2, Z_norm), against\n"
                "central differences (h = 1e-4) of J = sum dZ_tilde * Z_tilde on %zu shapes, "
                "Z ~ 5 N(0,1) + 12:\n", c.Z_norm(1, 0), c.Z_norm(1, 1), c.Z_norm(1, 2),
                c.Z_norm(1, 3), d.shapes.size());
    if (full) {
        std::printf("\n  %3s %3s %7s %11s %11s %11s %13s\n", "n", "m", "eps", "dZ", "dgamma",
                    "dbeta", "staged/closed");
        for (const batch_norm::ShapeCheck& s : d.shapes) {
            std::printf("  %3zu %3zu %7g %11.2e %11.2e %11.2e %13.2e\n", s.n, s.m, s.eps,
                        s.errors.dZ, s.errors.dgamma, s.errors.dbeta, s.errors.staged);
        }
    }
    std::printf("  worst |a - n| / (|a| + |n|): dZ %.2e, dgamma %.2e, dbeta %.2e;\n  staged "
                "against closed form %.2e\n", d.worst.dZ, d.worst.dgamma, d.worst.dbeta,
                d.worst.staged);
    std::printf("With m = 2, Z_norm is about +-1 whatever the input: dZ = gamma eps (g1 - g2) / "
                "(2 (sigma2 +\neps)^(3/2)) (1, -1), tiny: backward %.4e, the formula %.4e "
                "(eps = 1e-5).\n", d.two.dZ1, d.two.predicted);
    const batch_norm::JacobianErrors& je = d.jacobian;
    std::printf("d z_norm^(i) / d z^(j) = (delta_ij - 1/m - z_norm^(i) z_norm^(j) / m) / "
                "sqrt(sigma2 + eps)\nagainst the 12 x 12 Jacobian of a 3 x 4 Z by central "
                "differences: %.1e between features\n(feature k uses nothing of p); closed form "
                "%.1e; J^T (gamma dZ_tilde) vs dZ %.1e;\nits terms delta_ij, -1/m, -z_norm "
                "z_norm / m vs terms 1, 2, 3 of dZ: %.1e, %.1e, %.1e.\n", je.off_feature,
                je.closed_form, je.chain, je.term[0], je.term[1], je.term[2]);
    std::printf("Z_norm of a 5 x 16 Z, per feature: worst |mean| %.1e, worst |variance - 1| "
                "%.1e\n(it is sigma2 / (sigma2 + eps), eps = %g).\n\n", d.worst_mean,
                d.worst_var, eps);
}
