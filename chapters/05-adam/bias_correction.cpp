// Part of chapter-adam's story (section 2): what the bias corrections do to the first steps
// of a constant gradient. (Section 3 shows what they do on the regression.)
#include "story.hpp"

namespace adam_chapter {

std::string section_bias_correction(const Story& s, report::Figures& figures) {
    const Options& o = s.o;
    std::printf("2. Bias correction. v and s start at 0, so they are too small by the factors "
                "1 - beta1^t and\n   1 - beta2^t until divided by them. A constant gradient "
                "dtheta = 1, step / alpha:\n\n  %6s %10s %10s %12s %12s %12s\n", "t", "v", "s",
                "corrected", "uncorrected", "predicted");
    const auto rows = adam::first_steps(s.hyper, std::vector<double>(10000, 1.0));
    const adam::UncorrectedScan scan = adam::scan_uncorrected(rows);
    for (const adam::FirstStep& r : rows) {
        const bool full_row = o.full && (r.t <= 20 || r.t % 1000 == 0);
        if (!full_row && r.t != 1 && r.t != 10 && r.t != scan.peak_t && r.t != scan.settled_t &&
            r.t != rows.back().t) {
            continue;
        }
        std::printf("  %6ld %10.6g %10.6g %12.9f %12.6f %12.6f\n", r.t, r.v, r.s,
                    r.step / o.alpha, r.step_uncorrected / o.alpha,
                    adam::uncorrected_step_ratio(o.beta1, o.beta2, r.t));  // eps neglected
    }
    const std::string words = "Without them the first step is (1 - beta1) / sqrt(1 - beta2) "
                              "= " + g(rows[0].step_uncorrected / o.alpha, 4) + " alpha; " +
                              adam::uncorrected_words(scan, rows.back().t) + ".";
    const std::string with = "With the corrections every step is " +
                             g(rows[0].step / o.alpha, 6) + " alpha.";
    std::printf("\n");
    say(with + " " + words + "\n");

    plot::LineChart steps{.title = "Adam's step for a constant gradient, with and without "
                                   "bias correction",
                          .x_label = "step t (log scale)", .y_label = "step size / alpha",
                          .series = {}, .log_x = true,
                          .y_range = plot::Range{0, std::ceil(std::max(1.0, scan.peak_ratio))}};
    plot::Series c{.label = "with bias correction", .x = {}, .y = {},
                   .color = report::method_color("Adam")};
    plot::Series u{.label = "without: (1 - beta1^t) / sqrt(1 - beta2^t)", .x = {}, .y = {},
                   .dashed = true};
    // Every t up to 50, then 50 per decade, evenly spaced on the log axis: the corrected line
    // is flat up to rounding, and all 10^4 steps would draw the last bits of that rounding.
    for (const adam::FirstStep& r : rows) {
        const double t = double(r.t);
        if (t > 50 && std::floor(50 * std::log10(t)) == std::floor(50 * std::log10(t - 1))) {
            continue;
        }
        c.x.push_back(t);
        c.y.push_back(r.step / o.alpha);
        u.x.push_back(t);
        u.y.push_back(r.step_uncorrected / o.alpha);
    }
    steps.series = {c, u};
    figures.write("bias-correction-steps.svg", steps);

    return "For a constant gradient each corrected step is " + g(rows[0].step / o.alpha, 6) +
           " alpha. " + words;
}

}  // namespace adam_chapter
