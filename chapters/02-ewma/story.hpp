// story.hpp: what chapter-ewma prints and draws, built from the run's numbers: how titles
// name the data and date its days, the days the burn-in table shows, the words for k* and
// for how a quantity moves with beta, and the closing lines "What this run showed:". What
// they are built from (Summary, summarize, trend_with_beta, largest_k_star_miss, ...) is
// measured in ewma.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

#include "chapters/02-ewma/ewma.hpp"
#include "common/io/report.hpp"

namespace ewma {

// ---- Naming the data ----------------------------------------------------------------

// How sentences and titles name a column of the shipped Seattle file.
inline std::string seattle_name(const std::string& column) {
    return column == "temp_max"   ? "Seattle's daily maximum temperature"
           : column == "temp_min" ? "Seattle's daily minimum temperature"
                                  : "the Seattle data, column " + column;
}

// The first value of a `date` column as text ("2012-01-01"), "" if the file has none: the
// x axis of the figures counts days from it.
inline std::string first_date(const std::string& path) {
    std::ifstream in(path);
    std::string header, line;
    if (!std::getline(in, header)) return {};
    while (std::getline(in, line) && line.find_first_not_of(" \t\r") == std::string::npos) {
    }
    auto fields = [](const std::string& text) {
        std::vector<std::string> out(1);
        for (char c : text) {
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

// ---- Tables and sentences ----------------------------------------------------------

// The days t a burn-in table shows: 1, 2, 3, 5, 10, 20, 50, 100, the burn-in's end and the
// last day T, in order, each once, none beyond T.
inline std::vector<std::size_t> table_days(std::size_t burn_in, std::size_t T) {
    std::vector<std::size_t> days = {1, 2, 3, 5, 10, 20, 50, 100, burn_in, T};
    std::erase_if(days, [T](std::size_t t) { return t > T || t == 0; });
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    return days;
}

// What the largest |k* - 1/(1 - beta)| says: "equals 1/(1 - beta) (to rounding)" when it is
// below 1e-9, else "is within <miss> of 1/(1 - beta)".
inline std::string k_star_claim(double miss) {
    if (miss < 1e-9) return "equals 1/(1 - beta) (to rounding)";
    return "is within " + common::report::g(miss, 3) + " of 1/(1 - beta)";
}

// Reading the notes: "approximately averaging over 1/(1 - beta) days", against the weight
// v_t still puts on older days, beta^N with N = 1/(1 - beta) (weight_older_than).
inline std::string older_weight_sentence(const std::vector<Summary>& s) {
    using common::report::g;
    std::string shares;
    for (std::size_t n = 0; n < s.size(); ++n) {
        const std::size_t N = whole_days(s[n].beta);
        shares += (n == 0 ? "" : n + 1 == s.size() ? " and " : ", ") +
                  g(100 * weight_older_than(s[n].beta, N), 3) + "% (beta = " +
                  g(s[n].beta, 10) + ", " + std::to_string(N) + (N == 1 ? " day)" : " days)");
    }
    return "So v_t is no average over the last 1/(1 - beta) days alone: the values older than "
           "that still carry " + shares + " of its weight (beta^N; 1/e = 36.8%).";
}

// Reading the notes: they say to "multiply" the uncorrected values by the bias correction
// terms; the code divides by 1 - beta^t. What multiplying by 1 - beta^t would give on day 1.
inline std::string multiply_reading_sentence(double beta, double x_1, double v_1,
                                             const std::string& unit) {
    using common::report::g;
    const double multiplied = v_1 * bias_correction(beta, 1L);
    const bool further = std::abs(x_1 - multiplied) > std::abs(x_1 - v_1);
    return "The notes say to \"multiply\" the uncorrected values by the bias correction "
           "terms; this code divides v_t by 1 - beta^t (multiplies by 1/(1 - beta^t)), so "
           "v_corrected_1 = " + g(v_1 / bias_correction(beta, 1L), 4) + unit + " = x_1. "
           "Multiplying by 1 - beta^t instead would give v_1 (1 - beta) = " + g(multiplied, 4) +
           unit + " on day 1, " + (further ? "further from" : "as near to") + " x_1 = " +
           g(x_1, 4) + unit + (further ? " than" : " as") + " v_1 = " + g(v_1, 4) + unit +
           " itself.";
}

// The words for a trend: `rises` or `falls` as given, "stays the same", or "is not in order
// of beta".
inline const char* trend_word(Trend t, const char* rises, const char* falls) {
    return t == Trend::rises   ? rises
           : t == Trend::falls ? falls
           : t == Trend::flat  ? "stays the same"
                               : "is not in order of beta";
}

// The trend of a field as beta grows, in words: trend_word(trend_with_beta(s, field), ...).
template <class Field>
const char* trend_of(const std::vector<Summary>& s, Field Summary::*field, const char* rises,
                     const char* falls) {
    return trend_word(trend_with_beta(s, field), rises, falls);
}

// The closing lines "What this run showed:" for the summaries of a series of T days.
// fed_back and v_corrected are the largest beta's fed-back and bias-corrected series, unit
// is " °C" or "". Each sentence picks its words from the numbers: true for any data.
inline std::vector<std::string> what_this_run_showed(const std::vector<Summary>& s,
                                                     std::size_t T,
                                                     const std::vector<double>& fed_back,
                                                     const std::vector<double>& v_corrected,
                                                     const std::string& unit) {
    using common::report::g;
    const Summary &big = largest_beta(s), &small = smallest_beta(s);
    const std::string n = std::to_string(fed_back.size());
    return {
        "For every beta, k* (where beta^k falls below 1/e) " +
            k_star_claim(largest_k_star_miss(s)) + "; the burn-in " +
            trend_of(s, &Summary::burn_in, "lengthens", "shortens") + " as beta grows.",
        "From v_0 = 0, beta = " + g(big.beta, 10) + " needs " + std::to_string(big.burn_in) +
            (big.burn_in == 1 ? " day" : " days") + " for 1 - beta^t > 0.99 (" +
            (big.burn_in_within ? "within the " : "more than the ") + std::to_string(T) +
            "). Over days 1.." + std::to_string(big.early) + ", v_t sat " + g(big.gap_v, 4) +
            unit + " from the data on average, v_corrected_t " + g(big.gap_corrected, 4) +
            unit + ".",
        "Fed back, the correction gave " + g(fed_back.back(), 4) + " on day " + n +
            " where v_corrected_" + n + " = " + g(v_corrected[fed_back.size() - 1], 4) + ".",
        "From beta = " + g(small.beta, 10) + " to " + g(big.beta, 10) +
            " the mean daily change went " + g(small.change, 4) + " -> " + g(big.change, 4) +
            unit + ", the mean distance from the data " + g(small.lag, 4) + " -> " +
            g(big.lag, 4) + unit + ": as beta grows the change " +
            trend_of(s, &Summary::change, "rises", "falls") + " and the distance " +
            trend_of(s, &Summary::lag, "rises", "falls") + "."};
}

}  // namespace ewma
