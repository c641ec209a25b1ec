// chapter-ewma: exponentially weighted averages of a daily temperature series for a few beta:
// "about 1/(1 - beta) days", the burn-in of v_0 = 0 and its bias correction, the correction
// never fed back, and smoothness against lag. --full adds the weights and their sums s_t.
// Run: make chapter-ewma ARGS="--betas 0.8,0.95"   (--help lists the flags)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/02-ewma/story.hpp"
#include "common/io/cli.hpp"
#include "common/io/plot.hpp"
#include "common/io/report.hpp"

namespace plot = common::plot;
namespace report = common::report;
using report::g;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
const std::string shipped = CHAPTER_DIR "/data/seattle-temperature.csv";

struct Options {
    std::vector<double> betas = {0.5, 0.9, 0.98};  // the project's choice, from short to long
    std::size_t days = 365;  // one year (the project's choice), or all if fewer; 0: all
    bool days_given = false;  // --days on the command line: more than the file is an error
    std::string data = shipped;
    std::string column = "temp_max";
    bool full = false;
    std::string out = FIGURE_DIR;
};

struct LateUsageError : std::runtime_error {  // --days beyond the file: exit 2
    using std::runtime_error::runtime_error;
};

std::string b_(double beta) { return g(beta, 10); }  // 0.9, 0.98, 0.999

// The data x_1..x_days as isolated points (a NaN between neighbours keeps them apart).
plot::Series points(const std::string& label, const std::vector<double>& x, std::size_t days) {
    plot::Series s{.label = label, .x = {}, .y = {}, .markers = true};
    for (std::size_t t = 1; t <= days && t <= x.size(); ++t) {
        s.x.insert(s.x.end(), {double(t), nan});
        s.y.insert(s.y.end(), {x[t - 1], nan});
    }
    return s;
}

int run(const Options& o) {
    std::vector<double> x = ewma::read_series(o.data, o.column);
    const std::size_t in_file = x.size();
    const std::string file = std::filesystem::path(o.data).filename().string();
    if (o.days > in_file && o.days_given) {
        throw LateUsageError("--days " + std::to_string(o.days) + " is more than the " +
                             std::to_string(in_file) + " days in " + file + "; use --days " +
                             std::to_string(in_file) + " or fewer (0 = all)");
    }
    if (o.days > 0) x.resize(std::min(o.days, in_file));
    const std::size_t T = x.size();
    // What the data is, in titles and sentences: the shipped file by what it holds.
    const std::string seattle = ewma::seattle_name(o.column);
    const bool ours = report::data_name(o.data, shipped, seattle) == seattle;
    const std::string what = ours ? seattle : file + ", column " + o.column;
    const std::string date = ewma::first_date(o.data);
    const std::string unit = o.column.starts_with("temp_") ? " °C" : "";
    std::vector<ewma::Summary> s;
    for (double beta : o.betas) s.push_back(ewma::summarize(x, beta));
    const ewma::Summary& big = ewma::largest_beta(s);
    const double b = big.beta;
    const std::vector<double> v = ewma::ewma_series(x, b);
    const std::vector<double> v_corrected = ewma::bias_corrected(v, b);

    std::printf("Exponentially weighted averages: v_0 = 0, v_t = beta v_{t-1} + (1 - beta) x_t"
                "\n\ndata      %s (%s):\n          %zu days%s%s, the first %zu used\n"
                "settings  betas =", what.c_str(), file.c_str(), in_file,
                date.empty() ? "" : " from ", date.c_str(), T);
    for (const auto& r : s) {
        std::printf("%s %s", &r == &s[0] ? "" : ",", b_(r.beta).c_str());
    }
    std::printf("; days = %zu\n", T);

    std::printf("\n1. \"Approximately averaging over 1/(1 - beta) days\": x_{t-k} has "
                "weight\n   (1 - beta) beta^k, beta^k times the newest one's, and "
                "beta^(1/(1 - beta)) ~ 1/e = %.4f.\n\n   %8s %12s %6s %14s\n",
                1 / std::numbers::e, "beta", "1/(1-beta)", "k*", "burn-in days");
    for (const auto& r : s) {
        std::printf("   %8s %12s %6zu %14zu\n", b_(r.beta).c_str(), g(r.days, 4).c_str(),
                    r.k_star, r.burn_in);
    }
    std::printf("   (k* = first k with beta^k < 1/e; burn-in = first t with beta^t < 0.01)\n");
    report::say(ewma::older_weight_sentence(s), 3, 3);
    if (o.full) {
        std::printf("\n   The weight (1 - beta) beta^k of x_{t-k}; below, s_t, the sum of the "
                    "weights of v_t:\n\n   %8s", "k");
        for (const auto& r : s) std::printf(" %12s", ("beta " + b_(r.beta)).c_str());
        for (std::size_t k : {0, 1, 2, 5, 10, 20, 50, 100, 200}) {
            std::printf("\n   %8zu", k);
            for (const auto& r : s) std::printf(" %12.3e", ewma::weight(r.beta, k));
        }
        for (std::size_t t : {1, 2, 3, 10, 50, 100, 500}) {
            std::printf("\n   %8s", ("s_" + std::to_string(t)).c_str());
            for (const auto& r : s) std::printf(" %12.6f", ewma::sum_of_weights(r.beta, t));
        }
        std::printf("\n   s_t = 1 - beta^t, not 1: the missing beta^t is the weight left on "
                    "v_0 = 0\n   (the sums, term by term, differ from 1 - beta^t by at most "
                    "%.1e for t <= %zu).\n", ewma::largest_sum_gap(o.betas, T), T);
    }

    std::printf("\n2. The burn-in of the largest beta = %s, from v_0 = 0:\n\n"
                "   v_1 = (1 - beta) x_1 = %s * %s = %s%s\n", b_(b).c_str(), g(1 - b).c_str(),
                g(x[0]).c_str(), g(v[0]).c_str(), unit.c_str());
    if (T >= 3) {
        std::printf("   v_2 = (1 - beta) beta x_1 + (1 - beta) x_2 = %s%s\n   v_3 = (1 - beta) "
                    "beta^2 x_1 + (1 - beta) beta x_2 + (1 - beta) x_3 = %s%s\n",
                    g(v[1]).c_str(), unit.c_str(), g(v[2]).c_str(), unit.c_str());
    }
    std::printf("\n   %6s %10s %10s %12s %14s %16s\n", "t", "x_t", "v_t", "1 - beta^t",
                "v_corrected_t", "mean x_1..x_t");
    const std::vector<double> mean = ewma::running_mean(x);
    for (std::size_t t : ewma::table_days(big.burn_in, T)) {
        std::printf("   %6zu %10s %10s %12.6f %14s %16s%s\n", t, g(x[t - 1]).c_str(),
                    report::fixed(v[t - 1], 4).c_str(), ewma::bias_correction(b, long(t)),
                    report::fixed(v_corrected[t - 1], 4).c_str(),
                    report::fixed(mean[t - 1], 4).c_str(),
                    t == big.burn_in ? "   <- 1 - beta^t > 0.99" : "");
    }
    std::printf("   v_0 = 0 keeps the weight beta^t; v_corrected_t = v_t / (1 - beta^t) "
                "removes it.\n");
    report::say(ewma::multiply_reading_sentence(b, x[0], v[0], unit), 3, 3);

    const std::vector<double> first_5(x.begin(), x.begin() + std::min<std::size_t>(T, 5));
    const std::vector<double> fed_back = ewma::fed_back_series(first_5, b);
    std::printf("\n3. The correction divides the finished v_t and is never fed back; fed back,\n"
                "   w_t = beta w_corrected_{t-1} + (1 - beta) x_t is divided again each step:"
                "\n\n   %6s %10s %22s %22s\n", "t", "x_t", "v_corrected_t (right)",
                "fed back (wrong)");
    for (std::size_t t = 1; t <= fed_back.size(); ++t) {
        std::printf("   %6zu %10s %22s %22s\n", t, g(x[t - 1]).c_str(),
                    report::fixed(v_corrected[t - 1], 4).c_str(), g(fed_back[t - 1]).c_str());
    }

    std::printf("\n4. Smoothness against lag, bias-corrected, days 1..%zu:\n\n   %8s %24s %28s"
                "\n   %8s %24s %28s\n", T, "beta", "mean |change| per day",
                "mean |x_t - v_corrected_t|", "data", g(ewma::mean_change(x), 4).c_str(), "0");
    for (const auto& r : s) {
        std::printf("   %8s %24s %28s\n", b_(r.beta).c_str(), g(r.change, 4).c_str(),
                    g(r.lag, 4).c_str());
    }

    // Figures (Greek letters and sub/superscripts here: SVG shows UTF-8 text).
    const std::string y_label = o.column + (unit.empty() ? "" : " (°C)");
    const std::string x_label = date.empty() ? "day (row of " + file + ")"
                                             : "day (day 1 = " + date + ")";
    plot::LineChart raw{.title = "EWMA vₜ from v₀ = 0, no bias correction: " + what,
                        .x_label = x_label, .y_label = y_label, .series = {points("data", x, T)}};
    {  // headroom above the data so the legend fits inside, top left
        const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
        const double span = std::max(*hi - *lo, 1e-9 * std::max(1.0, std::abs(*hi)));
        raw.y_range = plot::Range{*lo - 0.05 * span, *hi + 0.2 * span};
    }
    plot::LineChart corrected = raw;
    corrected.title = "Bias-corrected EWMA vₜ / (1 − βᵗ): " + what;
    for (const auto& r : s) {
        const std::string label = "β = " + b_(r.beta) + " (≈ " + g(r.days, 3) +
                                  (r.days == 1 ? " day)" : " days)");
        const std::vector<double> v_r = ewma::ewma_series(x, r.beta);
        raw.series.push_back(report::epoch_series(label, v_r));
        corrected.series.push_back(
            report::epoch_series(label, ewma::bias_corrected(v_r, r.beta)));
    }
    const std::size_t zoom = std::min<std::size_t>(T, 60);
    plot::LineChart burn{.title = "The first " + std::to_string(zoom) + " days, β = " + b_(b) +
                                  ": v₀ = 0 and its correction",
                         .x_label = x_label, .y_label = y_label,
                         .series = {points("data", x, zoom),
                                    report::epoch_series("vₜ, from v₀ = 0 (uncorrected)", v, 1,
                                                         zoom),
                                    report::epoch_series("vₜ / (1 − βᵗ), bias-corrected",
                                                         v_corrected, 1, zoom)}};
    burn.series[1].dashed = true;
    // beta^k against k, with the 1/e line; a dot on each curve at k = 1/(1 - beta).
    const double k_max = std::min(1000.0, std::ceil(3 * big.days));
    plot::LineChart weights{.title = "Weight of xₜ₋ₖ relative to the newest, βᵏ, and 1/e",
                            .x_label = "k, age of the value (days)",
                            .y_label = "βᵏ = weight of xₜ₋ₖ / weight of xₜ", .series = {}};
    for (const auto& r : s) {
        plot::Series c{.label = "β = " + b_(r.beta) + ", dot at k = 1/(1 − β) = " +
                                g(r.days, 4), .x = {}, .y = {}};
        for (double k = 0; k <= k_max; ++k) c.x.push_back(k);
        for (double k : c.x) c.y.push_back(std::pow(r.beta, k));
        c.x.insert(c.x.end(), {nan, r.days});  // an isolated point: drawn as a dot
        c.y.insert(c.y.end(), {nan, std::pow(r.beta, r.days)});
        weights.series.push_back(c);
    }
    weights.series.push_back(report::level_series("1/e = 0.368", 1 / std::numbers::e, 0, k_max));

    std::printf("\n%s\n", plot::terminal_chart(corrected).c_str());
    report::Figures figures(o.out);
    figures.write("ewma-uncorrected.svg", raw);
    figures.write("ewma-bias-corrected.svg", corrected);
    figures.write("burn-in-first-days.svg", burn);
    figures.write("weights.svg", weights);
    figures.print();
    report::say("The notes' figure averages Oxford's daily temperatures; these figures "
                "average " + what + (ours ? " (the data this project ships)." : "."), 0, 0);

    std::printf("\nWhat this run showed (%s, %zu days):\n", what.c_str(), T);
    for (const std::string& line :
         ewma::what_this_run_showed(s, T, fed_back, v_corrected, unit)) {
        report::say("- " + line, 2, 0);
    }
    if (!o.full) std::printf("(--full adds the weights (1 - beta) beta^k and their sums s_t.)\n");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-ewma",
                    "Exponentially weighted averages v_t = beta v_{t-1} + (1 - beta) x_t of a "
                    "daily temperature series: burn-in, bias correction, and why beta averages "
                    "over about 1/(1 - beta) days (the notes' part on moving averages).");
    cli.flag("betas", o.betas, "the betas to compare, comma separated, at most 6",
             common::half_open(0, 1));
    cli.flag("days", o.days, "how many days to use from the start of the file (0 = all; "
             "the default 365 takes all of a shorter file)",
             common::between(0, 100000000));
    cli.flag("data", o.data, "CSV file with a header row and the column --column",
             common::existing_file());
    cli.flag("column", o.column, "the column of --data to average");
    cli.flag("full", o.full, "also print the weights (1 - beta) beta^k and their sums s_t");
    cli.flag("out", o.out, "folder for the SVG figures", common::output_folder());
    if (const auto status = cli.parse_main(argc, argv)) return *status;
    for (int i = 1; i < argc; ++i) o.days_given |= std::string(argv[i]).starts_with("--days");
    if (o.betas.size() > 6) {
        return cli.usage_error("--betas has " + std::to_string(o.betas.size()) +
                               " values; give at most 6 so the curves stay readable");
    }
    return cli.run([&] {
        try {
            return run(o);
        } catch (const LateUsageError& e) {
            return cli.usage_error(e.what());
        }
    });
}
