// chapter-learning-rate-decay: the notes' five learning-rate schedules drawn side by side,
// then mini-batch training on the diabetes regression under each of them and under a
// constant alpha: what decay buys (a settled cost) and what too fast a decay costs.
// Run: make chapter-learning-rate-decay ARGS="--optimizer adam"   (--help lists the flags)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/io/cli.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "common/io/plot.hpp"
#include "learning_rate_decay.hpp"

namespace plot = common::plot;
using decay::Kind;

namespace {

// The decaying schedules, in the order of the notes (and of --k's five values).
constexpr Kind decaying[] = {Kind::time_based, Kind::exponential, Kind::inverse_sqrt_epoch,
                             Kind::inverse_sqrt_batch, Kind::staircase};

struct Options {
    std::string schedule = "all";
    std::string optimizer = "gd";
    double alpha0 = 0.1;                              // 1 for rmsprop and adam, see below
    std::vector<double> k = {0.1, 0.95, 1, 1, 0.5};   // one per decaying schedule
    std::size_t L = 10;
    std::size_t epochs = 100;
    std::size_t batch_size = 16;
    std::uint64_t seed = 1;
    std::string data = CHAPTER_DIR "/data/diabetes.csv";
    std::string out = FIGURE_DIR;
    bool k_given = false;       // --k on the command line, else each schedule's default
    bool alpha0_given = false;  // --alpha0 on the command line, else default_alpha0()
};

// RMSprop and Adam move each coordinate by about alpha per step, whatever the gradient's
// size; the intercept of this regression sits near 152, so they need a larger alpha0.
double default_alpha0(decay::Method m) {
    return (m == decay::Method::rmsprop || m == decay::Method::adam) ? 1.0 : 0.1;
}

std::string method_rule(decay::Method m) {
    switch (m) {
        case decay::Method::gd: return "theta := theta - alpha dtheta";
        case decay::Method::momentum: return "momentum, beta = 0.9 (the notes' defaults)";
        case decay::Method::rmsprop: return "RMSprop, beta2 = 0.999, eps = 1e-8 inside the root";
        case decay::Method::adam: return "Adam, beta1 = 0.9, beta2 = 0.999, eps = 1e-8";
    }
    return "";
}

const char* method_title(decay::Method m) {
    switch (m) {
        case decay::Method::gd: return "Mini-batch GD";
        case decay::Method::momentum: return "Momentum";
        case decay::Method::rmsprop: return "RMSprop";
        case decay::Method::adam: return "Adam";
    }
    return "";
}

struct Result {
    decay::Schedule schedule;
    decay::Run run;
    double excess = 0;     // J - J(theta_ols) after the last epoch
    double spread = 0;     // max - min of J over the last 10 epochs
    double distance = 0;   // ||theta - theta_ols||
};

// What the formula takes besides alpha0: "k = 0.5, L = 10"; "" for constant alpha.
std::string settings(const decay::Schedule& s) {
    char buf[64] = "";
    if (decay::uses_k(s.kind)) std::snprintf(buf, sizeof buf, "k = %g", s.k);
    std::string text = buf;
    if (decay::uses_L(s.kind)) text += ", L = " + std::to_string(s.L);
    return text;
}

// "staircase, k = 0.5, L = 10": a legend entry, a row of the final table.
std::string label(const decay::Schedule& s) {
    const std::string rest = settings(s);
    return std::string(decay::name(s.kind)) + (rest.empty() ? "" : ", " + rest);
}

// Epochs shown in the tables: 1, 2, 5, 10, 20, 50, ... and the last one.
std::vector<std::size_t> shown_epochs(std::size_t epochs) {
    std::vector<std::size_t> shown;
    for (std::size_t base = 1; base <= epochs; base *= 10) {
        for (std::size_t f : {1, 2, 5}) {
            if (f * base <= epochs) shown.push_back(f * base);
        }
    }
    if (shown.back() != epochs) shown.push_back(epochs);
    return shown;
}

void print_epoch_header(const std::vector<std::size_t>& shown) {
    std::printf("  %-19s", "epoch i");
    for (std::size_t i : shown) std::printf(" %9zu", i);
    std::printf("\n");
}

int run(const Options& o, decay::Method method, const std::vector<decay::Schedule>& schedules) {
    const gradient_descent::Dataset<double> data = gradient_descent::load_standardized_regression(o.data);
    const std::size_t T = gradient_descent::mini_batches(data.m(), o.batch_size).size();

    std::printf("Learning-rate decay: alpha shrinks as training goes on\n\n");
    std::printf("data      %s: m = %zu examples, %zu features, standardized, plus the "
                "intercept x_0 = 1\n", std::filesystem::path(o.data).filename().c_str(),
                data.m(), data.p() - 1);
    std::printf("settings  optimizer %s: %s\n"
                "          alpha0 = %g, epochs = %zu, m_t = %zu (T = %zu mini-batches per "
                "epoch), seed = %llu\n",
                std::string(decay::name(method)).c_str(), method_rule(method).c_str(), o.alpha0,
                o.epochs, o.batch_size, T, static_cast<unsigned long long>(o.seed));
    if (!o.alpha0_given && o.alpha0 != 0.1) {
        std::printf("          (alpha0 = %g is the default for %s: it moves each theta_j by "
                    "about\n          alpha per step, and the intercept is near 152)\n",
                    o.alpha0, std::string(decay::name(method)).c_str());
    }
    std::printf("\n");
    std::printf("The schedules (epoch i and mini-batch t count from 1; t runs on across "
                "epochs):\n\n");
    for (const decay::Schedule& s : schedules) {
        const std::string rest = settings(s);
        std::printf("  %-19s %-*s%s\n", std::string(decay::name(s.kind)).c_str(),
                    rest.empty() ? 0 : 38, std::string(decay::formula(s.kind)).c_str(),
                    rest.c_str());
    }
    if (!o.k_given) {
        std::printf("\n  Each schedule has its own default k: one k cannot suit all five (k = "
                    "0.95 is a\n  gentle exponential decay, but time-based decay with k = 0.95 "
                    "nearly halves\n  alpha at epoch 2). --k 0.5 sets one k for all, --k "
                    "a,b,c,d,e one each, in the\n  order above.\n");
    }
    std::printf("\n");

    // alpha at the start of some epochs; the per-mini-batch schedule at t = (i - 1) T + 1.
    const std::vector<std::size_t> shown = shown_epochs(o.epochs);
    std::printf("alpha at the first mini-batch of epoch i (t = (i - 1) T + 1):\n\n");
    print_epoch_header(shown);
    for (const auto& s : schedules) {
        std::printf("  %-19s", std::string(decay::name(s.kind)).c_str());
        for (std::size_t i : shown) std::printf(" %9.3g", s.alpha(i, (i - 1) * T + 1));
        std::printf("\n");
    }
    for (const auto& s : schedules) {
        if (!s.per_minibatch()) continue;
        std::printf("  %s changes inside an epoch too: in epoch 1 it goes from %.4g (t = 1)\n"
                    "  to %.4g (t = %zu), a factor sqrt(T) = %.3g.\n",
                    std::string(decay::name(s.kind)).c_str(), s.alpha(1, 1), s.alpha(1, T), T,
                    std::sqrt(double(T)));
    }

    // ---- Training -------------------------------------------------------------------
    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    const double J_ols = gradient_descent::cost<double>(theta_ols, data, gradient_descent::all_examples(data));
    std::vector<Result> results;
    for (const decay::Schedule& s : schedules) {
        Result r{s, decay::train(s, method, data, o.epochs, o.batch_size, o.seed)};
        const auto& h = r.run.history;
        if (h.diverged_at != 0) {
            // Plain and momentum steps need alpha < 2 / lambda_max of the Hessian X X^T / m
            // (less with small, noisy mini-batches); RMSprop and Adam scale their own steps.
            const bool plain = method == decay::Method::gd || method == decay::Method::momentum;
            const double limit = plain ? 2 / gradient_descent::hessian_lambda_max(data) : 0;
            const double suggest = plain ? std::min(o.alpha0 / 4, limit / 4) : o.alpha0 / 4;
            char why[160] = "";
            if (plain) {
                std::snprintf(why, sizeof why, " (%s steps need alpha < 2 / lambda_max = %.3g, "
                              "less with small mini-batches)",
                              std::string(decay::name(method)).c_str(), limit);
            }
            std::fprintf(stderr,
                         "chapter-learning-rate-decay: the %s schedule diverged: the cost "
                         "became %s at epoch %zu with alpha = %g. Start lower%s: try --alpha0 "
                         "%.2g.\n",
                         std::string(decay::name(s.kind)).c_str(),
                         std::isnan(h.cost.back()) ? "NaN" : "Inf", h.diverged_at,
                         h.diverged_alpha, why, suggest);
            return 1;
        }
        const auto& cost = h.cost;
        const std::size_t from = cost.size() > 10 ? cost.size() - 10 : 0;
        const auto [lo, hi] = std::minmax_element(cost.begin() + std::ptrdiff_t(from), cost.end());
        r.excess = cost.back() - J_ols;
        r.spread = *hi - *lo;
        r.distance = gradient_descent::distance(r.run.theta, theta_ols);
        results.push_back(std::move(r));
    }

    std::printf("\nTraining from theta = 0 with %s under each schedule, the same seed (the\n"
                "same mini-batches) for all. The least-squares solution has J(theta_ols) =\n"
                "%.4f, the floor. J - J(theta_ols) after epoch i:\n\n",
                std::string(decay::name(method)).c_str(), J_ols);
    print_epoch_header(shown);
    for (const auto& r : results) {
        std::printf("  %-19s", std::string(decay::name(r.schedule.kind)).c_str());
        for (std::size_t i : shown) std::printf(" %9.3f", r.run.history.cost[i - 1] - J_ols);
        std::printf("\n");
    }
    std::printf("\nAfter %zu epoch%s (spread = max - min of J over the last %zu epochs: how much"
                " J\nstill jumps; distance = ||theta - theta_ols||):\n\n", o.epochs,
                o.epochs == 1 ? "" : "s", std::min<std::size_t>(10, o.epochs));
    std::printf("  %-30s %12s %13s %10s %9s %11s\n", "schedule", "final J", "J - J_ols",
                "spread", "distance", "final alpha");
    for (const auto& r : results) {
        std::printf("  %-30s %12.4f %13.4f %10.4f %9.3f %11.4g\n", label(r.schedule).c_str(),
                    r.run.history.cost.back(), r.excess, r.spread, r.distance,
                    r.run.alpha);
    }

    // ---- The story, with the numbers of this run -------------------------------------
    const Result* constant = nullptr;
    const Result* best = nullptr;    // lowest final cost among the decaying schedules
    const Result* worst = nullptr;   // highest
    for (const auto& r : results) {
        if (r.schedule.kind == Kind::constant) {
            constant = &r;
        } else {
            if (!best || r.excess < best->excess) best = &r;
            if (!worst || r.excess > worst->excess) worst = &r;
        }
    }
    std::printf("\n");
    if (constant && best && o.epochs < 20) {
        std::printf("Run 20 epochs or more (--epochs) to see how the schedules end.\n");
    } else if (constant && best) {
        const bool noisy = constant->spread > 2 * best->spread;
        std::printf("Constant alpha = %g ends at J - J_ols = %.3f, and over its last 10 epochs "
                    "J\nmoved by %.3f: %s\n", constant->schedule.alpha0, constant->excess,
                    constant->spread,
                    noisy ? "every step follows one noisy mini-batch gradient at full size,\n"
                            "so theta keeps jumping around the minimum instead of settling."
                          : "here about as noisy as the decaying runs' last epochs.");
        std::printf("Decay shrinks the steps as theta nears the minimum: %s ends at %.3f\n"
                    "(spread %.4f, final alpha %.3g)%s\n", label(best->schedule).c_str(),
                    best->excess, best->spread, best->run.alpha,
                    best->excess < constant->excess ? ", below the constant run."
                                                    : ", not below the constant run here.");
        const std::string best_name(decay::name(best->schedule.kind));
        if (worst != best && worst->run.alpha < best->run.alpha) {
            // The worst ended with the smaller alpha: it decayed too soon.
            const auto& c = worst->run.history.cost;
            const std::size_t i10 = std::min<std::size_t>(10, c.size());
            std::printf("Too fast a decay stalls: %s is down to alpha = %.3g by\n"
                        "the end of epoch %zu and ends at %.3f (%.3f after epoch %zu), %.1f "
                        "times the\nfinal excess of %s.\n",
                        label(worst->schedule).c_str(), worst->schedule.alpha(i10, i10 * T), i10,
                        worst->excess, c[i10 - 1] - J_ols, i10, worst->excess / best->excess,
                        best_name.c_str());
        } else if (worst != best) {
            std::printf("Too slow a decay stays noisy: %s ends at %.3f with\nalpha = %.3g "
                        "still (spread %.4f), %.1f times the final excess of %s.\n",
                        label(worst->schedule).c_str(), worst->excess, worst->run.alpha,
                        worst->spread, worst->excess / best->excess, best_name.c_str());
        }
        if (constant->distance < best->distance) {
            std::printf("The constant run ends nearer theta_ols (%.2f against %.2f) yet higher "
                        "in\nJ: the serum features s1 and s2 are strongly correlated, so J is "
                        "almost\nflat along one direction, and only large steps travel it. "
                        "Decay buys a\nlow, steady cost, not the exact least-squares theta.\n",
                        constant->distance, best->distance);
        }
    }

    // ---- Figures -------------------------------------------------------------------
    const std::filesystem::path out = o.out;
    char title[160];
    std::snprintf(title, sizeof title, "Learning-rate schedules, alpha0 = %g", o.alpha0);
    // Epoch i spans [i, i + 1) on the x axis: an epoch schedule holds alpha for the whole
    // epoch (a step), inverse-sqrt-batch changes at every mini-batch t, at x = i + (t' - 1)/T
    // for the t'-th mini-batch of epoch i.
    plot::LineChart alphas{.title = title,
                           .x_label = "epoch (epoch i runs from i to i + 1)",
                           .y_label = "learning rate alpha",
                           .series = {},
                           .x_range = plot::Range{1, double(o.epochs + 1)}};
    for (const auto& s : schedules) {
        plot::Series line{.label = label(s), .x = {}, .y = {},
                          .dashed = s.kind == Kind::constant};
        for (std::size_t i = 1; i <= o.epochs; ++i) {
            for (std::size_t t = (i - 1) * T + 1; t <= i * T; ++t) {
                if (!s.per_minibatch() && t != (i - 1) * T + 1) continue;
                line.x.push_back(double(i) + double(t - (i - 1) * T - 1) / double(T));
                line.y.push_back(s.alpha(i, t));
            }
            line.x.push_back(double(i + 1));  // alpha holds until the next epoch starts
            line.y.push_back(line.y.back());
        }
        alphas.series.push_back(std::move(line));
    }
    // The first epochs, zoomed in: one step per epoch against one per mini-batch.
    const std::size_t zoom = std::min<std::size_t>(3, o.epochs);
    plot::LineChart first = alphas;
    std::snprintf(title, sizeof title, "The first %zu epochs: alpha per epoch i or per "
                  "mini-batch t (T = %zu)", zoom, T);
    first.title = title;
    first.x_range = plot::Range{1, double(zoom + 1)};
    for (auto& line : first.series) {
        // keep the points up to the first at x = zoom + 1: the hold of epoch `zoom`
        const auto end = std::find_if(line.x.begin(), line.x.end(),
                                      [&](double x) { return x >= double(zoom + 1); }) + 1;
        line.y.resize(std::size_t(end - line.x.begin()));
        line.x.erase(end, line.x.end());
    }
    std::snprintf(title, sizeof title, "%s (m_t = %zu) on the diabetes data: J above its "
                  "floor", method_title(method), o.batch_size);
    plot::LineChart costs{.title = title,
                          .x_label = "epoch",
                          .y_label = "J - J(theta_ols) (log scale)",
                          .series = {},
                          .log_y = true};
    for (const auto& r : results) {
        plot::Series line{.label = label(r.schedule), .x = {}, .y = {},
                          .dashed = r.schedule.kind == Kind::constant};
        for (std::size_t i = 0; i < r.run.history.cost.size(); ++i) {
            line.x.push_back(double(i + 1));
            line.y.push_back(r.run.history.cost[i] - J_ols);
        }
        costs.series.push_back(std::move(line));
    }
    // The terminal chart tells the story with three curves: constant, best, worst.
    plot::LineChart terminal = costs;
    terminal.title = "J - J(theta_ols) per epoch (log scale)";
    terminal.y_label = "";
    terminal.series.clear();
    for (std::size_t n = 0; n < results.size(); ++n) {
        const Result* r = &results[n];
        if (r == constant || r == best || r == worst) terminal.series.push_back(costs.series[n]);
    }
    std::printf("\n%s\n", plot::terminal_chart(terminal).c_str());
    plot::write_svg(out / "schedules.svg", plot::to_svg(alphas));
    plot::write_svg(out / "schedules-first-epochs.svg", plot::to_svg(first));
    plot::write_svg(out / "cost-per-epoch.svg", plot::to_svg(costs));
    plot::print_figures({out / "schedules.svg", out / "schedules-first-epochs.svg",
                         out / "cost-per-epoch.svg"});
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-learning-rate-decay",
                    "Learning-rate decay (chapter 6 of the notes): the five schedules of the "
                    "notes and a constant alpha, drawn and then used to train the diabetes "
                    "regression with mini-batches.");
    cli.choice("schedule", o.schedule,
               {"all", "time", "exponential", "inverse-sqrt-epoch", "inverse-sqrt-batch",
                "staircase", "constant"},
               "which schedule to run (a single one runs beside constant alpha)");
    cli.choice("optimizer", o.optimizer, {"gd", "momentum", "rmsprop", "adam"},
               "the update that takes its alpha from the schedule");
    cli.flag("alpha0", o.alpha0,
             "initial learning rate alpha0; with --optimizer rmsprop or adam the default is 1",
             common::above(0.0));
    cli.alias("alpha", "alpha0");
    cli.alias("lr", "alpha0");
    cli.flag("k", o.k,
             "decay rate k: one value for every schedule, or five, one each for time, "
             "exponential, inverse-sqrt-epoch, inverse-sqrt-batch, staircase",
             common::above(0.0));
    cli.flag("L", o.L, "staircase: epochs per step, the L of k^floor((i - 1) / L)",
             common::between(1, 100000));
    cli.alias("step-length", "L");
    gradient_descent::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data, 10000);
    cli.flag("out", o.out, "folder for the SVG figures");
    cli.parse_or_exit(argc, argv);

    const decay::Method method = o.optimizer == "gd"         ? decay::Method::gd
                                 : o.optimizer == "momentum" ? decay::Method::momentum
                                 : o.optimizer == "rmsprop"  ? decay::Method::rmsprop
                                                             : decay::Method::adam;
    o.alpha0_given = cli.given("alpha0");  // or its aliases --alpha, --lr
    if (!o.alpha0_given) o.alpha0 = default_alpha0(method);
    o.k_given = cli.given("k");

    // The schedules to run, each checked by make_schedule; a bad k is a usage error.
    std::vector<decay::Schedule> schedules;
    if (o.k.size() != 1 && o.k.size() != 5) {
        return cli.usage_error("--k: give one value for every schedule or five (time, "
                               "exponential, inverse-sqrt-epoch, inverse-sqrt-batch, "
                               "staircase), not " + std::to_string(o.k.size()));
    }
    try {
        for (std::size_t n = 0; n < 5; ++n) {
            if (o.schedule != "all" && o.schedule != decay::name(decaying[n])) continue;
            const double k = o.k.size() == 1 ? o.k[0] : o.k[n];
            schedules.push_back(decay::make_schedule(decaying[n], o.alpha0, k, o.L));
        }
        schedules.push_back(decay::make_schedule(Kind::constant, o.alpha0));
    } catch (const std::invalid_argument& e) {
        return cli.usage_error(std::string("--k: ") + e.what());
    }
    return cli.run([&] { return run(o, method, schedules); });
}
