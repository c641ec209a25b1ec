// Tests of chapter 2, exponentially weighted averages: the recursion by hand, its unrolled
// form, s_t = 1 - beta^t, bias correction (constant series, never fed back), the "about
// 1/(1 - beta) days" claim, and the chapter's functions on the real Seattle temperatures.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "chapters/02-ewma/ewma.hpp"
#include "chapters/02-ewma/story.hpp"
#include "common/check.hpp"

using common::tol;

namespace {

std::string b_(double beta) { return " (beta " + common::Checker::fmt(beta) + ")"; }

}  // namespace

int main() {
    common::Checker check("ewma");
    check.hint("v := beta v + (1 - beta) x from v_0 = 0; the divisor is 1 - beta^t with "
               "t from 1; the weight of x_{t-k} is (1 - beta) beta^k");
    const double exact = tol<double>::exact;

    // ---- v_t = beta v_{t-1} + (1 - beta) x_t, v_0 = 0, by hand ---------------------------
    // x = 1, 2, 3 and beta = 0.5: v_1 = 0.5 * 1 = 0.5; v_2 = 0.5 * 0.5 + 0.5 * 2 = 1.25;
    // v_3 = 0.5 * 1.25 + 0.5 * 3 = 2.125. Corrected: 0.5 / 0.5 = 1, 1.25 / 0.75 = 5/3,
    // 2.125 / 0.875 = 17/7.
    {
        const std::vector<double> x = {1, 2, 3};
        const auto v = ewma::ewma_series(x, 0.5);
        const auto v_corrected = ewma::bias_corrected(v, 0.5);
        check.all_close("ewma_series (v_t = beta v_{t-1} + (1 - beta) x_t, v_0 = 0): v_1..v_3 "
                        "by hand, x = 1,2,3, beta 0.5",
                        std::vector<double>{0.5, 1.25, 2.125}, v, exact);
        check.all_close("bias_corrected (v_t / (1 - beta^t)): by hand, x = 1,2,3, beta 0.5",
                        std::vector<double>{1, 5.0 / 3, 17.0 / 7}, v_corrected, exact);
    }

    // ---- the notes' v_1, v_2, v_3 on the first three Seattle days, beta = 0.98 ------------
    // v_1 = 0.02 * 12.8 = 0.256; v_2 = 0.0196 * 12.8 + 0.02 * 10.6 = 0.25088 + 0.212 = 0.46288;
    // v_3 = 0.019208 * 12.8 + 0.0196 * 10.6 + 0.02 * 11.7 = 0.2458624 + 0.20776 + 0.234
    //     = 0.6876224. Corrected: 0.256 / 0.02 = 12.8, 0.46288 / 0.0396 = 11.688888...,
    //     0.6876224 / 0.058808 = 11.692667...
    {
        const std::vector<double> x = {12.8, 10.6, 11.7};
        const auto v = ewma::ewma_series(x, 0.98);
        check.all_close("ewma_series: the notes' v_1 = (1-beta)x_1, v_2 = beta(1-beta)x_1 + "
                        "(1-beta)x_2, v_3, by hand, beta 0.98",
                        std::vector<double>{0.256, 0.46288, 0.6876224}, v, exact);
        check.all_close("bias_corrected: v_1..v_3 / (1 - 0.98^t) by hand",
                        std::vector<double>{12.8, 0.46288 / 0.0396, 0.6876224 / 0.058808},
                        ewma::bias_corrected(v, 0.98), exact);
        check.that("burn-in: v_1 = 0.02 x_1 is far below x_1 = 12.8 (v_1 < 0.03 x_1)",
                   v[0] < 0.03 * x[0], "v_1 = " + common::Checker::fmt(v[0]));
    }

    // ---- unrolled form v_t = sum_{k=0}^{t-1} (1 - beta) beta^k x_{t-k} ---------------------
    check.close("weight ((1 - beta) beta^k): by hand, beta 0.9, k = 2: 0.1 * 0.81 = 0.081",
                0.081, ewma::weight(0.9, 2), exact);
    check.close("weight ((1 - beta) beta^k): k = 0 is the newest value's weight 1 - beta",
                0.02, ewma::weight(0.98, 0), exact);
    {
        std::vector<double> x(200);
        for (std::size_t t = 0; t < x.size(); ++t) {
            x[t] = std::sin(0.1 * double(t)) + 0.01 * double(t);
        }
        for (double beta : {0.5, 0.9, 0.98}) {
            const auto v = ewma::ewma_series(x, beta);
            std::vector<double> unrolled;
            for (std::size_t t = 1; t <= x.size(); ++t) {
                unrolled.push_back(ewma::v_unrolled(x, beta, t));
            }
            check.all_close("v_unrolled (sum_k (1 - beta) beta^k x_{t-k}) equals the recursion, "
                            "t = 1..200" + b_(beta), v, unrolled, exact);
        }
        check.throws("v_unrolled: t = 0 is refused (t counts from 1)",
                     [&] { (void)ewma::v_unrolled(x, 0.9, 0); }, "outside 1..200");
    }

    // ---- s_t = sum_{k=0}^{t-1} (1 - beta) beta^k = 1 - beta^t -------------------------------
    check.close("sum_of_weights (s_t = 1 - beta^t): by hand, beta 0.9, t = 2: 0.1 + 0.09 = 0.19",
                0.19, ewma::sum_of_weights(0.9, 2), exact);
    for (double beta : {0.0, 0.5, 0.9, 0.98, 0.999}) {
        std::vector<double> want, got;
        for (std::size_t t = 1; t <= 1000; ++t) {
            want.push_back(1 - std::pow(beta, double(t)));
            got.push_back(ewma::sum_of_weights(beta, t));
        }
        check.all_close("sum_of_weights: s_t (added term by term) = 1 - beta^t for t = 1..1000" +
                            b_(beta), want, got, exact);
    }
    // The weights of all past values sum to 1 in the limit: 1 - 0.98^5000 = 1 - 1.7e-44.
    check.close("weights: sum_{k>=0} (1 - beta) beta^k = 1 (5000 terms, beta 0.98)", 1.0,
                ewma::sum_of_weights(0.98, 5000), exact);

    // ---- bias correction on a constant series ----------------------------------------------
    // x_t = c: v_t = c (1 - beta^t) (the sum of the weights times c), v_corrected_t = c.
    for (double beta : {0.5, 0.9, 0.98}) {
        const double c = 17.5;
        const std::vector<double> x(300, c);
        const auto v = ewma::ewma_series(x, beta);
        std::vector<double> want_v;
        for (std::size_t t = 1; t <= x.size(); ++t) {
            want_v.push_back(c * (1 - std::pow(beta, double(t))));
        }
        check.all_close("constant x = 17.5: uncorrected v_t = x (1 - beta^t), t = 1..300" +
                            b_(beta), want_v, v, exact);
        check.all_close("constant x = 17.5: v_corrected_t = x at every t = 1..300" + b_(beta), x,
                        ewma::bias_corrected(v, beta), exact);
    }

    // ---- beta = 0: no averaging, v = x -----------------------------------------------------
    {
        const std::vector<double> x = {3.5, -1.25, 8, 0, 2.75};
        const auto v = ewma::ewma_series(x, 0.0);
        check.that("beta = 0: v_t = x_t exactly (v_t = 0 v_{t-1} + 1 x_t)", v == x);
        check.that("beta = 0: v_corrected_t = x_t exactly (1 - 0^t = 1)",
                   ewma::bias_corrected(v, 0.0) == x);
        check.that("beta = 0: averages over 1/(1 - 0) = 1 day, k* = 1",
                   ewma::effective_days(0.0) == 1 && ewma::days_to_one_over_e(0.0) == 1);
    }

    // ---- the correction is applied to v and never fed back ---------------------------------
    {
        std::vector<double> x(100);
        for (std::size_t t = 0; t < x.size(); ++t) x[t] = 10 + 5 * std::cos(0.2 * double(t));
        for (double beta : {0.5, 0.9, 0.98}) {
            // the uncorrected recursion, written out here, then divided afterwards
            std::vector<double> want;
            double v = 0;
            for (std::size_t t = 1; t <= x.size(); ++t) {
                v = beta * v + (1 - beta) * x[t - 1];
                want.push_back(v / (1 - std::pow(beta, double(t))));
            }
            check.all_close("bias_corrected(ewma_series(x)) = v_t / (1 - beta^t) of the "
                            "uncorrected recursion, t = 1..100" + b_(beta),
                            want, ewma::bias_corrected(ewma::ewma_series(x, beta), beta), exact);
        }
        // Fed back, x = 12.8, 10.6, beta 0.9: w_1 = 1.28 / 0.1 = 12.8 (the same), but
        // w_2 = (0.9 * 12.8 + 0.1 * 10.6) / 0.19 = 12.58 / 0.19 = 66.2105..., not 11.6421...
        const std::vector<double> two = {12.8, 10.6};
        const auto wrong = ewma::fed_back_series(two, 0.9);
        const auto right = ewma::bias_corrected(ewma::ewma_series(two, 0.9), 0.9);
        check.close("fed back: w_corrected_1 = x_1 (the first step agrees)", 12.8, wrong[0],
                    exact);
        check.close("fed back: w_corrected_2 = 12.58 / 0.19 by hand", 12.58 / 0.19, wrong[1],
                    exact);
        check.close("not fed back: v_corrected_2 = (0.09 * 12.8 + 0.1 * 10.6) / 0.19 by hand",
                    (0.09 * 12.8 + 0.1 * 10.6) / 0.19, right[1], exact);
        check.that("fed back differs: feeding v_corrected into the recursion is wrong "
                   "(w_corrected_2 > 5 v_corrected_2)", wrong[1] > 5 * right[1]);
    }

    // ---- "about 1/(1 - beta) days": beta^k first drops below 1/e at k* ~ 1/(1 - beta) -----
    // By hand: 0.9^9 = 0.3874 >= 1/e = 0.3679 > 0.9^10 = 0.3487, so k* = 10 = 1/(1 - 0.9);
    // 0.98^49 = 0.3716 >= 1/e > 0.98^50 = 0.3642, so k* = 50 = 1/(1 - 0.98).
    check.that("k* (first k with beta^k < 1/e) = 10 for beta 0.9, by hand",
               ewma::days_to_one_over_e(0.9) == 10);
    check.that("k* = 50 for beta 0.98, by hand", ewma::days_to_one_over_e(0.98) == 50);
    // For each beta: k* is the first k with beta^k < 1/e (counted by repeated multiplication
    // here), and |k* - 1/(1 - beta)| <= 1, the notes' "about 1/(1 - beta) days". (Why it
    // holds: with eps = 1 - beta, eps < -ln beta < eps / (1 - eps), so -1/ln beta lies in
    // (1/eps - 1, 1/eps) and k*, the next whole number above it, within 1 of 1/eps.)
    for (double beta : {0.3, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999}) {
        std::size_t counted = 0;
        for (double p = 1; p >= 1 / std::numbers::e; p *= beta) ++counted;  // p = beta^counted
        const std::size_t k_star = ewma::days_to_one_over_e(beta);
        check.that("days_to_one_over_e: k* = the first k with beta^k < 1/e, counted" + b_(beta),
                   k_star == counted,
                   "k* " + std::to_string(k_star) + " counted " + std::to_string(counted));
        const double days = ewma::effective_days(beta);
        check.that("1/e claim: |k* - 1/(1 - beta)| <= 1" + b_(beta),
                   std::abs(double(k_star) - days) <= 1,
                   "k* " + std::to_string(k_star) + ", 1/(1-beta) " + common::Checker::fmt(days));
    }
    check.throws("days_to_one_over_e: beta = 1 is refused",
                 [] { (void)ewma::days_to_one_over_e(1.0); }, "need 0 <= beta < 1");
    // Burn-in: the first t with 0.98^t < 0.01 is 228 (ln 0.01 / ln 0.98 = 227.95).
    check.that("burn_in_days: first t with 0.98^t < 0.01 is 228",
               ewma::burn_in_days(0.98, 0.01) == 228 && std::pow(0.98, 227.0) >= 0.01 &&
                   std::pow(0.98, 228.0) < 0.01);

    // ---- the chapter's functions on the real Seattle temperatures --------------------------
    const std::string file = PROJECT_DIR "/chapters/02-ewma/data/seattle-temperature.csv";
    const std::vector<double> x = ewma::read_series(file, "temp_max");
    check.that("read_series: 1461 days of temp_max (2012-01-01 .. 2015-12-31)", x.size() == 1461,
               std::to_string(x.size()) + " values");
    if (x.size() >= 365) {
        check.all_close("read_series: the file's first three temp_max values 12.8, 10.6, 11.7",
                        std::vector<double>{12.8, 10.6, 11.7},
                        std::vector<double>(x.begin(), x.begin() + 3), exact);
        // beta 0.9 by hand: v_1 = 1.28, v_2 = 0.9 * 1.28 + 1.06 = 2.212,
        // v_3 = 0.9 * 2.212 + 1.17 = 3.1608; corrected 12.8, 2.212 / 0.19, 3.1608 / 0.271.
        const std::vector<double> year(x.begin(), x.begin() + 365);
        const auto v = ewma::ewma_series(year, 0.9);
        const auto v_corrected = ewma::bias_corrected(v, 0.9);
        check.all_close("real slice: v_1..v_3 by hand, beta 0.9",
                        std::vector<double>{1.28, 2.212, 3.1608},
                        std::vector<double>(v.begin(), v.begin() + 3), exact);
        check.all_close("real slice: v_corrected_1..3 by hand, beta 0.9",
                        std::vector<double>{12.8, 2.212 / 0.19, 3.1608 / 0.271},
                        std::vector<double>(v_corrected.begin(), v_corrected.begin() + 3), exact);
        // v_corrected_t is a weighted average of x_1..x_t (weights (1-beta)beta^k / (1-beta^t),
        // summing to 1), so it lies between their minimum and maximum; v_t need not.
        for (double beta : {0.5, 0.9, 0.98}) {
            const auto c = ewma::bias_corrected(ewma::ewma_series(year, beta), beta);
            double lo = year[0], hi = year[0];
            bool inside = true;
            for (std::size_t t = 0; t < year.size(); ++t) {
                lo = std::min(lo, year[t]);
                hi = std::max(hi, year[t]);
                inside = inside && c[t] >= lo - 1e-9 && c[t] <= hi + 1e-9;
            }
            check.that("real slice, 365 days: v_corrected_t lies within min..max of x_1..x_t" +
                           b_(beta), inside);
        }
        const auto v98 = ewma::ewma_series(year, 0.98);
        check.that("real slice: uncorrected v_10 (beta 0.98) is below the coldest of days 1..10 "
                   "(the burn-in)",
                   v98[9] < *std::min_element(year.begin(), year.begin() + 10),
                   "v_10 = " + common::Checker::fmt(v98[9]));
        // float agrees with double to float precision on the year
        std::vector<float> year_f(year.begin(), year.end());
        const auto v_f = ewma::bias_corrected(ewma::ewma_series(year_f, 0.98f), 0.98f);
        check.all_close("float: v_corrected over 365 days agrees with double",
                        ewma::bias_corrected(v98, 0.98), v_f, tol<float>::reference);
    }
    // ---- what the chapter program prints: each sentence's numbers and words ----------------
    check.close("mean_gap (mean |x_t - a_t|): by hand, |1-2| + |4-2| over 2 days = 1.5", 1.5,
                ewma::mean_gap({1, 4, 9}, {2, 2}), exact);
    check.close("mean_change (mean |a_t - a_{t-1}|): by hand, 1, 3, 2: (2 + 1) / 2 = 1.5", 1.5,
                ewma::mean_change({1, 3, 2}), exact);
    check.all_close("running_mean (mean of x_1..x_t): by hand, 2, 4, 9 -> 2, 3, 5",
                    std::vector<double>{2, 3, 5}, ewma::running_mean({2, 4, 9}), exact);
    {
        // x = 4, 4, 4 and beta 0.5: v = 2, 3, 3.5, v_corrected = 4, 4, 4; the burn-in
        // (0.5^7 < 0.01 <= 0.5^6) is 7 days, longer than the 3 of the series.
        const ewma::Summary r = ewma::summarize({4, 4, 4}, 0.5);
        check.that("summarize: burn-in of beta 0.5 is 7 days, more than the series' 3, so it "
                   "covers days 1..3", r.burn_in == 7 && !r.burn_in_within && r.early == 3);
        check.close("summarize: uncorrected v_t sits (2 + 1 + 0.5) / 3 from x = 4 over the "
                    "burn-in", 3.5 / 3, r.gap_v, exact);
        check.that("summarize: bias-corrected v_t of a constant sits 0 from it, changes by 0",
                   r.gap_corrected == 0 && r.change == 0 && r.lag == 0);
        check.that("summarize: k* = 2 = 1/(1 - 0.5) days", r.k_star == 2 && r.days == 2);
    }
    {
        using ewma::Trend;
        auto at = [](double beta, std::size_t burn_in) {
            return ewma::Summary{.beta = beta, .burn_in = burn_in};
        };
        const auto field = &ewma::Summary::burn_in;
        check.that("trend_with_beta: taken in order of beta, not of the list (9 < 44 < 228)",
                   ewma::trend_with_beta({at(0.98, 228), at(0.5, 9), at(0.9, 44)}, field) ==
                       Trend::rises);
        check.that("trend_with_beta: falls, flat, mixed by hand",
                   ewma::trend_with_beta({at(0.1, 5), at(0.2, 3)}, field) == Trend::falls &&
                       ewma::trend_with_beta({at(0.1, 5), at(0.2, 5)}, field) == Trend::flat &&
                       ewma::trend_with_beta({at(0.1, 5)}, field) == Trend::flat &&
                       ewma::trend_with_beta({at(0.1, 5), at(0.2, 3), at(0.3, 4)}, field) ==
                           Trend::mixed);
        check.that("trend_word: the given words for rises/falls, fixed ones otherwise",
                   std::string(ewma::trend_word(Trend::rises, "up", "down")) == "up" &&
                       std::string(ewma::trend_word(Trend::falls, "up", "down")) == "down" &&
                       std::string(ewma::trend_word(Trend::mixed, "up", "down")) ==
                           "is not in order of beta");
    }
    check.that("k_star_claim: a miss of 4e-14 reads as equal, 0.429 as within 0.429",
               ewma::k_star_claim(4e-14) == "equals 1/(1 - beta) (to rounding)" &&
                   ewma::k_star_claim(0.4286) == "is within 0.429 of 1/(1 - beta)",
               ewma::k_star_claim(0.4286));
    check.that("largest_k_star_miss: beta 0.3 has k* = 1 against 1/0.7 = 1.43 (miss 0.43)",
               std::abs(ewma::largest_k_star_miss({ewma::summarize({1}, 0.3),
                                                   ewma::summarize({1}, 0.9)}) -
                        (1 / 0.7 - 1)) < 1e-12);
    check.that("table_days: 1..100 in steps, the burn-in 228 and the last day 365",
               ewma::table_days(228, 365) ==
                   std::vector<std::size_t>{1, 2, 3, 5, 10, 20, 50, 100, 228, 365});
    check.that("table_days: nothing beyond T = 100 (burn-in 4603), each day once",
               ewma::table_days(4603, 100) ==
                       std::vector<std::size_t>{1, 2, 3, 5, 10, 20, 50, 100} &&
                   ewma::table_days(1, 2) == std::vector<std::size_t>{1, 2});
    check.that("largest_sum_gap: s_t term by term is 1 - beta^t to 1e-14, t <= 365",
               ewma::largest_sum_gap({0.5, 0.9, 0.98}, 365) < 1e-14);
    if (x.size() >= 365) {
        // The chapter's default run: larger beta is smoother but further from the data, and
        // over the burn-in the correction brings v closer to the data.
        const std::vector<double> year(x.begin(), x.begin() + 365);
        std::vector<ewma::Summary> s;
        for (double beta : {0.9, 0.5, 0.98}) s.push_back(ewma::summarize(year, beta));
        check.that("Seattle 2012: the mean daily change of v_corrected falls as beta grows",
                   ewma::trend_with_beta(s, &ewma::Summary::change) == ewma::Trend::falls);
        check.that("Seattle 2012: the mean distance from the data rises as beta grows",
                   ewma::trend_with_beta(s, &ewma::Summary::lag) == ewma::Trend::rises);
        check.that("Seattle 2012, beta 0.98: over the 228 burn-in days v_corrected is closer "
                   "to the data than v (3.64 against 4.76)",
                   s[2].early == 228 && s[2].gap_corrected < s[2].gap_v &&
                       std::abs(s[2].gap_v - 4.76) < 0.01 &&
                       std::abs(s[2].gap_corrected - 3.638) < 0.01,
                   common::Checker::fmt(s[2].gap_corrected) + " vs " +
                       common::Checker::fmt(s[2].gap_v));
        check.that("first_date: the Seattle file starts on 2012-01-01",
                   ewma::first_date(file) == "2012-01-01", ewma::first_date(file));
    }
    {
        // The closing sentences pick their words from the summaries (what_this_run_showed).
        const std::vector<double> zigzag = {0, 10, 0, 10, 0, 10, 0, 10};
        const std::vector<ewma::Summary> s = {ewma::summarize(zigzag, 0.9),
                                              ewma::summarize(zigzag, 0.3)};
        const auto lines = ewma::what_this_run_showed(s, 8, {4, 40}, {4, 4.5}, " °C");
        auto has = [&](const std::string& text) {
            return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
                return l.find(text) != std::string::npos;
            });
        };
        check.that("largest_beta, smallest_beta: 0.9 and 0.3 whatever their order",
                   ewma::largest_beta(s).beta == 0.9 && ewma::smallest_beta(s).beta == 0.3);
        check.that("showed: beta = 0.9's burn-in of 44 days is more than the 8 days run",
                   has("beta = 0.9 needs 44 days for 1 - beta^t > 0.99 (more than the 8)"));
        check.that("showed: k* = 1 for beta 0.3 is within 0.429 of 1/(1 - beta) = 1.43",
                   has("k* (where beta^k falls below 1/e) is within 0.429 of 1/(1 - beta)"));
        check.that("showed: the fed-back value on its last day beside v_corrected there",
                   has("Fed back, the correction gave 40 on day 2 where v_corrected_2 = 4.5."));
        check.that("showed: on a zig-zag the larger beta changes less and sits further off, "
                   "in the data's unit",
                   has(" °C: as beta grows the change falls and the distance rises."),
                   lines.back());
        check.that("showed: no sentence carries a line break (report::say wraps it)",
                   !has("\n"));
    }
    // ---- Reading the notes critically (chapters/02-ewma/README.md) -----------------------
    // Notes, EWMA section: v_t is "approximately averaging over 1/(1 - beta) days", with
    // (1 - 1/n)^n ~ 1/e "considered small enough". The values older than N = 1/(1 - beta)
    // days still carry sum_{k >= N} (1 - beta) beta^k = beta^N of the weight: by hand
    // 0.9^10 = 0.3486784401 and 0.98^50 = 0.36416968..., about 1/e = 0.368, not small.
    check.close("notes' 1/(1 - beta) days: the values older than 10 days carry 0.9^10 = 34.9% "
                "of the weight (beta 0.9)", 0.3486784401,
                ewma::weight_older_than(0.9, ewma::whole_days(0.9)), 1e-12);
    check.close("notes' 1/(1 - beta) days: the values older than 50 days carry 0.98^50 = 36.4% "
                "of the weight (beta 0.98)", 0.36416968008711675,
                ewma::weight_older_than(0.98, ewma::whole_days(0.98)), 1e-12);
    for (double beta : {0.5, 0.9, 0.98}) {
        const std::size_t N = ewma::whole_days(beta);
        double older = 0;  // the weights (1 - beta) beta^k of k = N .. N + 20000, added up
        for (std::size_t k = N; k < N + 20000; ++k) older += ewma::weight(beta, k);
        check.close("weight_older_than: beta^N = the sum of the weights of k >= N" + b_(beta),
                    older, ewma::weight_older_than(beta, N), 1e-12);
    }
    check.that("older_weight_sentence: 34.9% for beta 0.9 (10 days), 36.4% for 0.98 (50 days)",
               ewma::older_weight_sentence(
                   {ewma::Summary{.beta = 0.9}, ewma::Summary{.beta = 0.98}})
                       .find("34.9% (beta = 0.9, 10 days) and 36.4% (beta = 0.98, 50 days)") !=
                   std::string::npos);
    // Notes: "multiply the values of the original uncorrected series by the bias correction
    // terms", where v_corrected_t = v_t / (1 - beta^t). The code divides: on day 1 that gives
    // x_1 exactly (v_1 = (1 - beta) x_1); multiplying by 1 - beta^t would give (1 - beta)^2 x_1.
    {
        const std::vector<double> v = ewma::ewma_series(std::vector<double>{12.8, 10.6}, 0.98);
        check.close("bias correction divides by 1 - beta^t (the notes' \"multiply\" read as by "
                    "1/(1 - beta^t)): v_corrected_1 = x_1", 12.8,
                    ewma::bias_corrected(v, 0.98)[0], 1e-12);
        const std::string sentence = ewma::multiply_reading_sentence(0.98, 12.8, v[0], " C");
        check.that("multiply_reading_sentence: multiplying by 1 - beta would give "
                   "0.02^2 x_1 = 0.00512, further from x_1",
                   sentence.find("v_1 (1 - beta) = 0.00512 C on day 1, further from x_1 = "
                                 "12.8 C") != std::string::npos, sentence);
        check.that("multiply_reading_sentence: with beta = 0 both readings give x_1 (as near)",
                   ewma::multiply_reading_sentence(0, 3, 3, "").find("as near to x_1") !=
                       std::string::npos);
    }
    check.throws("read_series: a missing column is named in the error",
                 [&] { (void)ewma::read_series(file, "temp_avg"); }, "no column \"temp_avg\"");
    return check.finish();
}
