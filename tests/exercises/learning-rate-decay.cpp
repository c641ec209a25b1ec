// The learning-rate decay exercise (chapters/06-learning-rate-decay/learning_rate_decay.hpp):
// the notes' five schedules, one function each, and beyond the notes cosine annealing. Each
// is checked on its own, over a run of epochs (or mini-batches) in double and in float; the
// expected values are the formulas written out here.
#include <cmath>
#include <string>
#include <vector>

#include "chapters/06-learning-rate-decay/learning_rate_decay.hpp"
#include "tests/exercises/exercise.hpp"

namespace {

// f(i) for i = first..last.
template <class F>
std::vector<double> over(std::size_t first, std::size_t last, F f) {
    std::vector<double> out;
    for (std::size_t i = first; i <= last; ++i) out.push_back(double(f(i)));
    return out;
}

constexpr char stays[] =
    "alpha stays alpha0 (the stand-in's value): i (or t) is not used, so nothing decays.";

}  // namespace

int main() {
    exercise::Sheet sheet("Learning-rate decay", "learning-rate-decay");

    // ---- time-based: alpha = alpha0 / (1 + k (i - 1))
    auto& time_eq = sheet.equation(
        "time-based: alpha = alpha0 / (1 + k (i - 1))",
        "epoch i counts from 1 and alpha0 is the rate of epoch 1: divide alpha0 by 1 plus k "
        "times the epochs already done.");
    time_eq.run([&] {
        const double alpha0 = 0.5, k = 0.3;
        const auto got = over(1, 6, [&](std::size_t i) {
            return decay::alpha_time_based(alpha0, k, i);
        });
        const auto want = over(1, 6, [&](std::size_t i) {
            return alpha0 / (1 + k * double(i - 1));
        });
        time_eq.close_all("alpha at epochs 1..6 (alpha0 = 0.5, k = 0.3)", want, got, 1e-12);
        time_eq.mistake("the epoch is counted from 0: alpha0 / (1 + k i) is already decayed at "
                        "epoch 1 (0.385, not alpha0 = 0.5); the notes write i - 1.",
                        over(1, 6, [&](std::size_t i) { return alpha0 / (1 + k * double(i)); }),
                        got);
        time_eq.mistake("k is left out: alpha0 / (1 + (i - 1)) = alpha0 / i decays at the same "
                        "speed whatever k is.",
                        over(1, 6, [&](std::size_t i) { return alpha0 / double(i); }), got);
        time_eq.mistake("the parentheses: alpha0 / (1 + k) * (i - 1) multiplies by i - 1 (0 at "
                        "epoch 1); the whole 1 + k (i - 1) is the divisor.",
                        over(1, 6, [&](std::size_t i) {
                            return alpha0 / (1 + k) * double(i - 1);
                        }),
                        got);
        time_eq.mistake(stays, std::vector<double>(6, alpha0), got);
        time_eq.close("alpha at epoch 4 in float (alpha0 = 0.5, k = 0.3)", 0.5 / 1.9,
                      double(decay::alpha_time_based(0.5f, 0.3f, 4)), 1e-6);
    });

    // ---- exponential: alpha = k^(i - 1) alpha0
    auto& exp_eq = sheet.equation(
        "exponential: alpha = k^(i - 1) alpha0",
        "alpha0 is the rate of epoch 1; each later epoch multiplies it by k once more (std::pow "
        "takes the exponent as T).");
    exp_eq.run([&] {
        const double alpha0 = 0.5, k = 0.8;
        const auto got = over(1, 6, [&](std::size_t i) {
            return decay::alpha_exponential(alpha0, k, i);
        });
        const auto want = over(1, 6, [&](std::size_t i) {
            double a = alpha0;
            for (std::size_t j = 1; j < i; ++j) a *= k;  // k^(i - 1) alpha0
            return a;
        });
        exp_eq.close_all("alpha at epochs 1..6 (alpha0 = 0.5, k = 0.8)", want, got, 1e-12);
        exp_eq.mistake("the exponent is i, not i - 1: k^i alpha0 is already decayed at epoch 1 "
                       "(0.4, not alpha0 = 0.5).",
                       over(1, 6, [&](std::size_t i) { return std::pow(k, double(i)) * alpha0; }),
                       got);
        exp_eq.mistake("this is alpha0 e^(-k (i - 1)), another textbook's exponential decay; "
                       "the notes' k is the factor per epoch, k^(i - 1).",
                       over(1, 6, [&](std::size_t i) {
                           return alpha0 * std::exp(-k * double(i - 1));
                       }),
                       got);
        exp_eq.mistake("k is read as the part lost per epoch: (1 - k)^(i - 1) alpha0; in the "
                       "notes k is the part kept, alpha = k^(i - 1) alpha0.",
                       over(1, 6, [&](std::size_t i) {
                           return std::pow(1 - k, double(i - 1)) * alpha0;
                       }),
                       got);
        exp_eq.mistake(stays, std::vector<double>(6, alpha0), got);
        exp_eq.close("alpha at epoch 3 in float (alpha0 = 0.5, k = 0.8): 0.64 alpha0", 0.32,
                     double(decay::alpha_exponential(0.5f, 0.8f, 3)), 1e-6);
    });

    // ---- inverse square root by epoch: alpha = k alpha0 / sqrt(i)
    auto& isq_eq = sheet.equation(
        "inverse square root by epoch: alpha = k alpha0 / sqrt(i)",
        "k scales alpha0 (k alpha0 at epoch 1), and the rate falls with the root of the "
        "epoch number i, counted from 1.");
    isq_eq.run([&] {
        const double alpha0 = 0.5, k = 0.6;
        const auto got = over(1, 6, [&](std::size_t i) {
            return decay::alpha_inverse_sqrt_epoch(alpha0, k, i);
        });
        const auto want = over(1, 6, [&](std::size_t i) {
            return k * alpha0 / std::sqrt(double(i));
        });
        isq_eq.close_all("alpha at epochs 1..6 (alpha0 = 0.5, k = 0.6)", want, got, 1e-12);
        isq_eq.mistake("k is left out: alpha0 / sqrt(i) starts at alpha0 = 0.5, not at "
                       "k alpha0 = 0.3.",
                       over(1, 6, [&](std::size_t i) { return alpha0 / std::sqrt(double(i)); }),
                       got);
        isq_eq.mistake("the root is missing: k alpha0 / i falls with i, not with sqrt(i) (epoch "
                       "4: 0.075, not 0.15).",
                       over(1, 6, [&](std::size_t i) { return k * alpha0 / double(i); }), got);
        isq_eq.mistake("i - 1 under the root, as in the other schedules: the notes divide by "
                       "sqrt(i), and sqrt(i - 1) is 0 at epoch 1.",
                       k * alpha0 / std::sqrt(4.0), got[4]);
        isq_eq.mistake(stays, std::vector<double>(6, alpha0), got);
        isq_eq.close("alpha at epoch 9 in float (alpha0 = 0.5, k = 0.6): 0.3 / 3", 0.1,
                     double(decay::alpha_inverse_sqrt_epoch(0.5f, 0.6f, 9)), 1e-6);
    });

    // ---- inverse square root by mini-batch: alpha = k alpha0 / sqrt(t)
    auto& isqb_eq = sheet.equation(
        "inverse square root by mini-batch: alpha = k alpha0 / sqrt(t)",
        "as by epoch, with t, the mini-batch number counted from 1 across epochs, in place of "
        "the epoch i.");
    isqb_eq.run([&] {
        const double alpha0 = 0.5, k = 0.6;
        const std::vector<std::size_t> ts = {1, 2, 3, 4, 100, 1000};
        std::vector<double> got, want, no_k, no_root;
        for (std::size_t t : ts) {
            got.push_back(decay::alpha_inverse_sqrt_batch(alpha0, k, t));
            want.push_back(k * alpha0 / std::sqrt(double(t)));
            no_k.push_back(alpha0 / std::sqrt(double(t)));
            no_root.push_back(k * alpha0 / double(t));
        }
        isqb_eq.close_all("alpha at mini-batches t = 1, 2, 3, 4, 100, 1000 (alpha0 = 0.5, "
                          "k = 0.6)", want, got, 1e-12);
        isqb_eq.mistake("k is left out: alpha0 / sqrt(t) starts at alpha0 = 0.5, not at "
                        "k alpha0 = 0.3.", no_k, got);
        isqb_eq.mistake("the root is missing: k alpha0 / t falls with t, not with sqrt(t) (at "
                        "t = 100: 0.003, not 0.03).", no_root, got);
        isqb_eq.mistake(stays, std::vector<double>(ts.size(), alpha0), got);
        // Through a Schedule: in epoch i = 3 the mini-batch t = 25 sets alpha, not i.
        const decay::Schedule s = decay::make_schedule(decay::Kind::inverse_sqrt_batch, alpha0, k);
        isqb_eq.close("a Schedule at epoch 3, mini-batch 25: alpha = k alpha0 / sqrt(25)",
                      k * alpha0 / 5, s.alpha(3, 25), 1e-12);
        isqb_eq.close("alpha at mini-batch 16 in float (alpha0 = 0.5, k = 0.6): 0.3 / 4", 0.075,
                      double(decay::alpha_inverse_sqrt_batch(0.5f, 0.6f, 16)), 1e-6);
    });

    // ---- staircase: alpha = k^floor((i - 1) / L) alpha0
    auto& stair_eq = sheet.equation(
        "staircase: alpha = k^floor((i - 1) / L) alpha0",
        "alpha0 for epochs 1..L, k alpha0 for L + 1..2L, and so on: the exponent is the number "
        "of whole steps of L epochs already done (an integer division of size_t floors).");
    stair_eq.run([&] {
        const double alpha0 = 0.8, k = 0.5;
        const std::size_t L = 3;
        const auto got = over(1, 10, [&](std::size_t i) {
            return decay::alpha_staircase(alpha0, k, L, i);
        });
        // By hand: 0.8 for epochs 1-3, 0.4 for 4-6, 0.2 for 7-9, 0.1 from 10.
        const std::vector<double> want = {0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1};
        stair_eq.close_all("alpha at epochs 1..10 (alpha0 = 0.8, k = 0.5, L = 3)", want, got,
                           1e-12);
        stair_eq.mistake("floor(i / L) in place of floor((i - 1) / L): the first step down comes "
                         "at epoch L (3), one epoch early, and epoch 1..L are not all alpha0.",
                         over(1, 10, [&](std::size_t i) {
                             return std::pow(k, double(i / L)) * alpha0;
                         }),
                         got);
        stair_eq.mistake("the floor is missing: k^((i - 1) / L) with a real division decays "
                         "smoothly, every epoch, instead of in steps of L epochs.",
                         over(1, 10, [&](std::size_t i) {
                             return std::pow(k, double(i - 1) / double(L)) * alpha0;
                         }),
                         got);
        stair_eq.mistake("L is not used: k^(i - 1) alpha0 is the exponential schedule, a step "
                         "down every epoch.",
                         over(1, 10, [&](std::size_t i) {
                             return std::pow(k, double(i - 1)) * alpha0;
                         }),
                         got);
        stair_eq.mistake(stays, std::vector<double>(10, alpha0), got);
        const std::vector<double> want_1 = {0.8, 0.4, 0.2, 0.1};
        stair_eq.close_all("with L = 1 it is the exponential schedule: epochs 1..4", want_1,
                           over(1, 4, [&](std::size_t i) {
                               return decay::alpha_staircase(alpha0, k, std::size_t(1), i);
                           }),
                           1e-12);
        stair_eq.close("alpha at epoch 7 in float (alpha0 = 0.8, k = 0.5, L = 3): 0.25 alpha0",
                       0.2, double(decay::alpha_staircase(0.8f, 0.5f, L, 7)), 1e-6);
    });

    // ---- Beyond the notes, cosine annealing:
    // alpha = alpha_min + (alpha0 - alpha_min)(1 + cos(pi (i - 1) / T_max)) / 2
    auto& cos_eq = sheet.equation(
        "cosine: alpha = alpha_min + (alpha0 - alpha_min)(1 + cos(pi (i - 1) / T_max)) / 2",
        "half a cosine wave from alpha0 down to alpha_min: (1 + cos(angle)) / 2 goes from 1 to "
        "0 as the angle goes from 0 (epoch 1) to pi (epoch T_max + 1).");
    cos_eq.run([&] {
        const double alpha0 = 0.5, alpha_min = 0.05, pi = std::acos(-1.0);
        const std::size_t T_max = 8;
        const auto got = over(1, 9, [&](std::size_t i) {
            return decay::alpha_cosine(alpha0, alpha_min, T_max, i);
        });
        // By hand: cos(pi j / 8) for j = 0..8 is 1, c1, sqrt2/2, c3, 0, -c3, -sqrt2/2, -c1, -1
        // with c1 = cos(pi/8) = sqrt(2 + sqrt2)/2 and c3 = cos(3pi/8) = sqrt(2 - sqrt2)/2.
        const double r2 = std::sqrt(2.0), c1 = std::sqrt(2 + r2) / 2, c3 = std::sqrt(2 - r2) / 2;
        std::vector<double> want;
        for (double c : {1.0, c1, r2 / 2, c3, 0.0, -c3, -r2 / 2, -c1, -1.0}) {
            want.push_back(alpha_min + (alpha0 - alpha_min) * (1 + c) / 2);
        }
        cos_eq.close_all("alpha at epochs 1..9 (alpha0 = 0.5, alpha_min = 0.05, T_max = 8)",
                         want, got, 1e-12);
        cos_eq.mistake("the epoch is not shifted: cos(pi i / T_max) is already below alpha0 at "
                       "epoch 1 and reaches alpha_min at epoch T_max, one epoch early; the angle "
                       "is pi (i - 1) / T_max.",
                       over(1, 9, [&](std::size_t i) {
                           return alpha_min + (alpha0 - alpha_min) *
                                                  (1 + std::cos(pi * double(i) / 8)) / 2;
                       }),
                       got);
        cos_eq.mistake("alpha_min is left out: alpha0 (1 + cos(...)) / 2 falls to 0, not to "
                       "alpha_min (0.05 here).",
                       over(1, 9, [&](std::size_t i) {
                           return alpha0 * (1 + std::cos(pi * double(i - 1) / 8)) / 2;
                       }),
                       got);
        cos_eq.mistake("the / 2 is missing: (1 + cos(...)) runs from 2 to 0, so alpha starts "
                       "at 2 alpha0 - alpha_min, not alpha0.",
                       over(1, 9, [&](std::size_t i) {
                           return alpha_min + (alpha0 - alpha_min) *
                                                  (1 + std::cos(pi * double(i - 1) / 8));
                       }),
                       got);
        cos_eq.mistake("pi is missing: cos((i - 1) / T_max) turns by 1 radian over the run, "
                       "not by pi, so alpha never gets near alpha_min.",
                       over(1, 9, [&](std::size_t i) {
                           return alpha_min + (alpha0 - alpha_min) *
                                                  (1 + std::cos(double(i - 1) / 8)) / 2;
                       }),
                       got);
        cos_eq.mistake(stays, std::vector<double>(9, alpha0), got);
        cos_eq.close("alpha at epoch 5 of T_max = 8 in float: halfway, (0.5 + 0.05) / 2", 0.275,
                     double(decay::alpha_cosine(0.5f, 0.05f, T_max, 5)), 1e-6);
    });
    return sheet.finish();
}
