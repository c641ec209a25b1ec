// chapter-ewma: exponentially weighted averages of Seattle's daily maximum temperature for a
// few beta; the burn-in of v_0 = 0 and its bias correction, the "1/(1 - beta) days" claim and
// s_t = 1 - beta^t in numbers; the notes' figure redrawn with and without the correction.
// Run: make chapter-ewma ARGS="--betas 0.8,0.95"   (--help lists the flags)
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/io/cli.hpp"
#include "chapters/02-ewma/ewma.hpp"
#include "common/io/plot.hpp"
#include "ewma.hpp"

namespace plot = common::plot;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t max_betas = 6;

struct Options {
    std::vector<double> betas = {0.5, 0.9, 0.98};
    std::size_t days = 365;  // the year 2012, as in the notes' figure; 0: every day in the file
    std::string data = CHAPTER_DIR "/data/seattle-temperature.csv";
    std::string column = "temp_max";
    std::string out = FIGURE_DIR;
};

// A mistake that shows only once the data are read (--days larger than the file): exit 2.
struct LateUsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The first value of a `date` column, if the file has one (read as text: read_csv parses
// numbers only). Used to label the x axis; "" when there is none.
std::string first_date(const std::string& path) {
    std::ifstream in(path);
    std::string header, line;
    if (!std::getline(in, header)) return {};
    while (std::getline(in, line) && line.find_first_not_of(" \t\r") == std::string::npos) {
    }
    auto fields = [](const std::string& s) {
        std::vector<std::string> out(1);
        for (char c : s) {
            if (c == ',') out.emplace_back();
            else if (c != '\r' && c != ' ' && c != '\t') out.back() += c;
        }
        return out;
    };
    const auto names = fields(header), values = fields(line);
    for (std::size_t j = 0; j < names.size() && j < values.size(); ++j) {
        if (names[j] == "date" || names[j] == "\xEF\xBB\xBF" "date") return values[j];
    }
    return {};
}

// A number for the tables; "overflow" instead of a silent inf or nan.
std::string num(double v, int digits = 6) {
    if (!std::isfinite(v)) return "overflow";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

// beta in its shortest exact form: 0.9, 0.98, 0.9999999999999999.
std::string beta_text(double beta) {
    char buf[40];
    const auto r = std::to_chars(buf, buf + sizeof buf, beta);
    return std::string(buf, r.ptr);
}

// The raw data as isolated points (a NaN between neighbours keeps the chart from joining them).
plot::Series data_points(const std::string& label, const std::vector<double>& x,
                         std::size_t days) {
    plot::Series s{.label = label, .x = {}, .y = {}, .markers = true};
    for (std::size_t t = 1; t <= days && t <= x.size(); ++t) {
        s.x.insert(s.x.end(), {double(t), nan});
        s.y.insert(s.y.end(), {x[t - 1], nan});
    }
    return s;
}

plot::Series curve(const std::string& label, const std::vector<double>& y, std::size_t days,
                   bool dashed = false) {
    plot::Series s{.label = label, .x = {}, .y = {}, .dashed = dashed};
    for (std::size_t t = 1; t <= days && t <= y.size(); ++t) {
        s.x.push_back(double(t));
        s.y.push_back(y[t - 1]);
    }
    return s;
}

int run(const Options& o) {
    std::vector<double> x = ewma::read_series(o.data, o.column);
    const std::string file = std::filesystem::path(o.data).filename().string();
    const std::size_t in_file = x.size();
    if (o.days > in_file) {
        throw LateUsageError("--days " + std::to_string(o.days) + " is more than the " +
                             std::to_string(in_file) + " days in " + file + "; use --days " +
                             std::to_string(in_file) + " or fewer (0 = all)");
    }
    if (o.days > 0) x.resize(o.days);
    const std::size_t T = x.size();
    const std::string date = first_date(o.data);
    const bool is_temperature = o.column == "temp_max" || o.column == "temp_min";
    const std::string unit = is_temperature ? " °C" : "";
    const double beta_max = *std::max_element(o.betas.begin(), o.betas.end());

    std::printf("Exponentially weighted averages: v_0 = 0, v_t = beta v_{t-1} + (1 - beta) x_t"
                "\n\n");
    std::printf("data      %s, column %s: %zu days%s%s, %zu used (--days)\n", file.c_str(),
                o.column.c_str(), in_file, date.empty() ? "" : " from ", date.c_str(), T);
    std::printf("settings  betas =");
    for (std::size_t i = 0; i < o.betas.size(); ++i) {
        std::printf("%s %s", i ? "," : "", beta_text(o.betas[i]).c_str());
    }
    std::printf("; days = %zu\n\n", T);

    // 1. "About 1/(1 - beta) days": where the weight beta^k falls below 1/e of the newest.
    std::printf("1. Unrolled, v_t = sum_{k=0}^{t-1} (1 - beta) beta^k x_{t-k}: the value k days\n"
                "   old has weight (1 - beta) beta^k, beta^k times the newest one's. With\n"
                "   eps = 1 - beta, beta^(1/eps) = (1 - eps)^(1/eps) ~ 1/e = %.4f: the weights\n"
                "   fall to 1/e after about 1/(1 - beta) days, the \"about 1/(1 - beta) days\"\n"
                "   the average covers.\n\n", 1 / std::numbers::e);
    std::printf("   %8s %12s %6s %12s %12s\n", "beta", "1/(1-beta)", "k*", "beta^(k*-1)",
                "beta^k*");
    for (double b : o.betas) {
        const std::size_t k = ewma::days_to_one_over_e(b);
        std::printf("   %8s %12s %6zu %12.4f %12.4f\n", beta_text(b).c_str(),
                    num(ewma::effective_days(b)).c_str(), k, std::pow(b, double(k - 1)),
                    std::pow(b, double(k)));
    }
    std::printf("   (k* is the first k with beta^k < 1/e: beta^(k*-1) >= %.4f > beta^k*)\n",
                1 / std::numbers::e);
    std::printf("\n   The weight (1 - beta) beta^k on x_{t-k}:\n\n   %8s", "k");
    for (double b : o.betas) std::printf(" %12s", ("beta " + beta_text(b)).c_str());
    std::printf("\n");
    for (std::size_t k : {0, 1, 2, 5, 10, 20, 50, 100, 200}) {
        std::printf("   %8zu", k);
        for (double b : o.betas) std::printf(" %12.3e", ewma::weight(b, k));
        std::printf("\n");
    }

    // 2. The weights of v_t add up to s_t = 1 - beta^t, not to 1.
    std::printf("\n2. The weights of v_t add up to s_t = sum_{k=0}^{t-1} (1 - beta) beta^k = "
                "1 - beta^t,\n   not 1: the missing beta^t is the weight left on v_0 = 0. "
                "A constant series x_t = c\n   therefore gives v_t = c (1 - beta^t), too low "
                "until beta^t is small.\n\n   %8s", "t");
    for (double b : o.betas) std::printf(" %12s", ("beta " + beta_text(b)).c_str());
    std::printf("\n");
    for (std::size_t t : {1, 2, 3, 10, 50, 100, 500}) {
        std::printf("   %8zu", t);
        for (double b : o.betas) std::printf(" %12.6f", ewma::sum_of_weights(b, t));
        std::printf("\n");
    }
    double worst = 0;
    for (double b : o.betas) {
        for (std::size_t t = 1; t <= T; t = t < 100 ? t + 1 : t * 11 / 10) {
            worst = std::max(worst, std::abs(ewma::sum_of_weights(b, t) -
                                             ewma::bias_correction(b, long(t))));
        }
    }
    std::printf("   (each the sum term by term; it differs from 1 - beta^t by at most %.1e "
                "for t <= %zu)\n", worst, T);

    // 3. The burn-in of the largest beta, with the notes' v_1, v_2, v_3.
    const double b = beta_max, e = 1 - beta_max;
    const std::vector<double> v = ewma::ewma_series(x, b);
    const std::vector<double> v_corrected = ewma::bias_corrected(v, b);
    std::printf("\n3. The burn-in, beta = %s%s: v_0 = 0 makes the first values far too low.\n\n",
                beta_text(b).c_str(), b == 0.98 ? " (the notes' example)" : "");
    std::printf("   v_1 = (1 - beta) x_1 = %s * %s = %s%s\n", num(e).c_str(), num(x[0]).c_str(),
                num(v[0]).c_str(), unit.c_str());
    if (T >= 2) {
        std::printf("   v_2 = beta (1 - beta) x_1 + (1 - beta) x_2 = %s * %s + %s * %s = %s%s\n",
                    num(b * e).c_str(), num(x[0]).c_str(), num(e).c_str(), num(x[1]).c_str(),
                    num(v[1]).c_str(), unit.c_str());
    }
    if (T >= 3) {
        std::printf("   v_3 = beta^2 (1 - beta) x_1 + beta (1 - beta) x_2 + (1 - beta) x_3\n"
                    "       = %s * %s + %s * %s + %s * %s = %s%s\n", num(b * b * e).c_str(),
                    num(x[0]).c_str(), num(b * e).c_str(), num(x[1]).c_str(), num(e).c_str(),
                    num(x[2]).c_str(), num(v[2]).c_str(), unit.c_str());
    }
    const std::size_t burn_in = ewma::burn_in_days(b, 0.01);
    std::printf("\n   %6s %10s %10s %12s %14s %16s\n", "t", "x_t", "v_t", "1 - beta^t",
                "v_corrected_t", "mean x_1..x_t");
    std::vector<std::size_t> shown = {1, 2, 3, 5, 10, 20, 50, 100, burn_in};
    std::sort(shown.begin(), shown.end());
    shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
    double running_sum = 0;
    for (std::size_t t = 1, i = 0; t <= T && i < shown.size(); ++t) {
        running_sum += x[t - 1];
        if (t != shown[i]) continue;
        ++i;
        std::printf("   %6zu %10s %10.4f %12.6f %14.4f %16.4f%s\n", t, num(x[t - 1]).c_str(),
                    v[t - 1], ewma::bias_correction(b, long(t)), v_corrected[t - 1],
                    running_sum / double(t), t == burn_in ? "   <- 1 - beta^t >= 0.99" : "");
    }
    std::printf("\n   v_1 = %s%s against x_1 = %s%s: v_1 = beta v_0 + (1 - beta) x_1 puts the\n"
                "   weight beta = %s on v_0 = 0. Dividing by 1 - beta^t undoes that: "
                "v_corrected_1 = x_1.\n", num(v[0], 4).c_str(), unit.c_str(), num(x[0]).c_str(),
                unit.c_str(), beta_text(b).c_str());
    std::printf("   While t is small against 1/(1 - beta) = %s, the weights are nearly equal "
                "and\n   v_corrected_t is close to the plain mean of the days so far; later it "
                "follows\n   the last ~%s days. 1 - beta^t passes 0.99 at t = %zu: from then on "
                "v_t and\n   v_corrected_t differ by less than 1%%.\n",
                num(ewma::effective_days(b), 4).c_str(), num(ewma::effective_days(b), 4).c_str(),
                burn_in);
    std::printf("   Burn-in (first t with beta^t < 0.01, about ln(100)/(1 - beta) = "
                "4.6/(1 - beta) days):\n  ");
    for (std::size_t i = 0; i < o.betas.size(); ++i) {
        std::printf("%s beta %s: %zu days", i ? "," : "", beta_text(o.betas[i]).c_str(),
                    ewma::burn_in_days(o.betas[i], 0.01));
    }
    std::printf(".\n");

    // 4. The correction is applied to v and never fed back.
    const std::vector<double> first_days(x.begin(), x.begin() + long(std::min<std::size_t>(T, 5)));
    const std::vector<double> fed_back = ewma::fed_back_series(first_days, b);
    std::printf("\n4. The correction divides the finished v_t; it is never fed back. Feeding\n"
                "   v_corrected into the recursion (w_t = beta w_corrected_{t-1} + (1 - beta)"
                " x_t,\n   w_corrected_t = w_t / (1 - beta^t)) divides again at every step:\n\n");
    std::printf("   %6s %10s %22s %22s\n", "t", "x_t", "v_corrected_t (right)",
                "fed back (wrong)");
    for (std::size_t t = 1; t <= fed_back.size(); ++t) {
        std::printf("   %6zu %10s %22.4f %22s\n", t, num(x[t - 1]).c_str(), v_corrected[t - 1],
                    num(fed_back[t - 1]).c_str());
    }

    // 5. Larger beta: smoother, but further from the day's value.
    std::printf("\n5. Larger beta averages over more days: a smoother curve that adapts more "
                "slowly\n   (days 1..%zu, bias-corrected).\n\n   %8s %24s %28s\n", T, "beta",
                "mean |change| per day", "mean |x_t - v_corrected_t|");
    double data_change = 0;
    for (std::size_t t = 1; t < T; ++t) data_change += std::abs(x[t] - x[t - 1]);
    std::printf("   %8s %24s %28s\n", "data x_t",
                num(T > 1 ? data_change / double(T - 1) : 0, 4).c_str(), "0");
    std::vector<std::vector<double>> vs, vs_corrected;
    for (double bb : o.betas) {
        vs.push_back(ewma::ewma_series(x, bb));
        vs_corrected.push_back(ewma::bias_corrected(vs.back(), bb));
        const auto& c = vs_corrected.back();
        double change = 0, gap = 0;
        for (std::size_t t = 0; t < T; ++t) {
            if (t > 0) change += std::abs(c[t] - c[t - 1]);
            gap += std::abs(x[t] - c[t]);
        }
        std::printf("   %8s %24s %28s\n", beta_text(bb).c_str(),
                    num(T > 1 ? change / double(T - 1) : 0, 4).c_str(),
                    num(gap / double(T), 4).c_str());
    }

    // Figures (Greek letters and sub/superscripts here: SVG shows UTF-8 text).
    const std::string data_label =
        o.column == "temp_max" ? "daily maximum temperature" : o.column;
    const std::string y_label = is_temperature ? data_label + " (°C)" : o.column;
    const std::string x_label = date.empty() ? "day (row of " + file + ")"
                                             : "day (day 1 = " + date + ")";
    plot::LineChart raw{.title = "EWMA vₜ from v₀ = 0, no bias correction: the start is too low",
                        .x_label = x_label, .y_label = y_label, .series = {}};
    {  // headroom above the data so the legend fits inside, top left
        const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
        const double span = std::max(*hi - *lo, 1e-9 * std::max(1.0, std::abs(*hi)));
        raw.y_range = plot::Range{*lo - 0.05 * span, *hi + 0.2 * span};
    }
    plot::LineChart corrected = raw;
    corrected.title = "Bias-corrected EWMA vₜ / (1 − βᵗ): on track from day 1";
    raw.series.push_back(data_points(data_label, x, T));
    corrected.series.push_back(raw.series.back());
    for (std::size_t i = 0; i < o.betas.size(); ++i) {
        const std::string label = "β = " + beta_text(o.betas[i]) + " (≈ " +
                                  num(ewma::effective_days(o.betas[i]), 3) + " days)";
        raw.series.push_back(curve(label, vs[i], T));
        corrected.series.push_back(curve(label, vs_corrected[i], T));
    }

    const std::size_t zoom = std::min<std::size_t>(T, 60);
    plot::LineChart burn{.title = "The first " + std::to_string(zoom) + " days, β = " +
                                  beta_text(b) + ": the burn-in of v₀ = 0 and its correction",
                         .x_label = x_label, .y_label = y_label, .series = {}};
    burn.series.push_back(data_points(data_label, x, zoom));
    burn.series.push_back(curve("vₜ, from v₀ = 0 (uncorrected)", v, zoom, true));
    burn.series.push_back(curve("vₜ / (1 − βᵗ), bias-corrected", v_corrected, zoom));

    // beta^k against k, with the 1/e line; a dot on each curve at k = 1/(1 - beta).
    const double k_max = std::min(1000.0, std::ceil(3 * ewma::effective_days(beta_max)));
    plot::LineChart weights{.title = "Weight of xₜ₋ₖ relative to the newest, βᵏ: "
                                     "1/e at k ≈ 1/(1 − β)",
                            .x_label = "k, age of the value (days)",
                            .y_label = "βᵏ = weight of xₜ₋ₖ / weight of xₜ",
                            .series = {}};
    for (double bb : o.betas) {
        const double k_e = ewma::effective_days(bb);
        plot::Series s{.label = "β = " + beta_text(bb) + ", dot at k = 1/(1 − β) = " +
                                num(k_e, 4),
                       .x = {}, .y = {}};
        for (double k = 0; k <= k_max; ++k) {
            s.x.push_back(k);
            s.y.push_back(std::pow(bb, k));
        }
        s.x.insert(s.x.end(), {nan, k_e});  // an isolated point: drawn as a dot
        s.y.insert(s.y.end(), {nan, std::pow(bb, k_e)});
        weights.series.push_back(s);
    }
    weights.series.push_back({.label = "1/e = 0.368", .x = {0, k_max},
                              .y = {1 / std::numbers::e, 1 / std::numbers::e}, .dashed = true});

    std::printf("\n%s\n", plot::terminal_chart(corrected).c_str());
    const std::filesystem::path out = o.out;
    const std::vector<std::pair<std::string, const plot::LineChart*>> figures = {
        {"ewma-uncorrected.svg", &raw},
        {"ewma-bias-corrected.svg", &corrected},
        {"burn-in-first-days.svg", &burn},
        {"weights.svg", &weights}};
    std::vector<std::filesystem::path> written;
    for (const auto& [file, chart] : figures) {
        plot::write_svg(out / file, plot::to_svg(*chart));
        written.push_back(out / file);
    }
    plot::print_figures(written);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-ewma",
                    "Exponentially weighted averages v_t = beta v_{t-1} + (1 - beta) x_t of a "
                    "daily temperature series: burn-in, bias correction, and why beta averages "
                    "over about 1/(1 - beta) days (chapter 2 of the notes).");
    cli.flag("betas", o.betas, "the betas to compare, comma separated, at most 6",
             common::half_open(0, 1));
    cli.flag("days", o.days, "how many days to use from the start of the file (0 = all)",
             common::between(0, 100000000));
    cli.flag("data", o.data, "CSV file with a header row and the column --column",
             common::existing_file());
    cli.flag("column", o.column, "the column of --data to average");
    cli.flag("out", o.out, "folder for the SVG figures");
    cli.parse_or_exit(argc, argv);
    if (o.betas.size() > max_betas) {
        return cli.usage_error("--betas has " + std::to_string(o.betas.size()) +
                               " values; give at most " + std::to_string(max_betas) +
                               " so the curves stay readable");
    }
    return cli.run([&] {
        try {
            return run(o);
        } catch (const LateUsageError& e) {
            return cli.usage_error(e.what());
        }
    });
}
