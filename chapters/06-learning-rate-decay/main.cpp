// chapter-learning-rate-decay: the notes' five learning-rate schedules drawn side by side,
// then training on a regression (the diabetes data unless --data) under each of them and
// under a constant alpha; beyond the notes, cosine annealing and warmup then cosine beside
// them. What the run showed is picked in story.hpp from the run.
// Run: make chapter-learning-rate-decay ARGS="--optimizer adam"   (--help lists the flags)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/io/cli.hpp"
#include "common/io/plot.hpp"
#include "common/io/report.hpp"
#include "story.hpp"

namespace plot = common::plot;
namespace report = common::report;
using decay::Kind;
using report::g;

namespace {

struct Options {
    std::string schedule = "all";
    std::string optimizer = "gd";
    double alpha0 = 0.1;                              // 1 for rmsprop and adam, see below
    std::vector<double> k = {0.1, 0.95, 1, 1, 0.5};   // one per decaying schedule
    std::size_t L = 10;
    double alpha_min = 0;                             // cosine and warmup-cosine
    std::size_t T_max = 0, warmup = 0;                // 0: epochs - 1, and T (one epoch)
    std::size_t epochs = 100;
    std::size_t batch_size = 16;
    std::uint64_t seed = 1;
    std::string data = CHAPTER_DIR "/data/diabetes.csv";
    std::string out = FIGURE_DIR;
    bool full = false;
    bool k_given = false;       // --k on the command line, else each schedule's default
    bool alpha0_given = false;  // --alpha0 on the command line, else decay::default_alpha0
};

void print(const std::vector<std::string>& lines) {
    for (const std::string& line : lines) std::printf("%s\n", line.c_str());
}

void print_epoch_header(const std::vector<std::size_t>& shown) {
    std::printf("  %-19s", "epoch i");
    for (std::size_t i : shown) std::printf(" %9zu", i);
    std::printf("\n");
}

int run(const Options& o, decay::Method method, const common::Cli& cli) {
    const gradient_descent::Dataset<double> data =
        gradient_descent::load_standardized_regression(o.data);
    const std::string data_name =
        report::data_name(o.data, CHAPTER_DIR "/data/diabetes.csv", "the diabetes data");
    const decay::RunFacts facts{.method = method, .m = data.m(), .m_t = o.batch_size,
                                .epochs = o.epochs,
                                .lambda_max = gradient_descent::hessian_lambda_max(data)};
    const std::size_t T = facts.T();
    const auto cosine = decay::cosine_settings(o.alpha_min, o.T_max, o.warmup, o.epochs, T);
    std::vector<decay::Schedule> schedules;  // each checked: a bad setting is a usage error
    try {
        schedules = decay::make_schedules(o.schedule, o.alpha0, o.k, o.L, cosine);
    } catch (const std::invalid_argument& e) {
        return cli.usage_error(decay::flag_of(e.what()) + ": " + e.what());
    }

    std::printf("Learning-rate decay: alpha shrinks as training goes on\n\n");
    std::printf("data      %s: m = %zu examples, %zu features, standardized, plus the "
                "intercept x_0 = 1\n", data_name.c_str(), data.m(), data.p() - 1);
    std::printf("settings  optimizer %s: %s\n"
                "          alpha0 = %g, epochs = %zu, m_t = %zu (T = %zu mini-batch%s per "
                "epoch), seed = %llu\n",
                std::string(decay::name(method)).c_str(), std::string(decay::rule(method)).c_str(),
                o.alpha0, o.epochs, o.batch_size, T, T == 1 ? "" : "es",
                static_cast<unsigned long long>(o.seed));
    if (!o.alpha0_given && o.alpha0 != 0.1) {
        report::say("(alpha0 = " + g(o.alpha0) + " is the default for " +
                    std::string(decay::name(method)) + " in this program, not the notes': it "
                    "moves each theta_j by about alpha per step, and the intercept is near 152)",
                    10, 10);
    }
    std::printf("\nThe schedules (epoch i and mini-batch t count from 1; t runs on across "
                "epochs):\n\n");
    for (const decay::Schedule& s : schedules) print(decay::schedule_lines(s));
    if (!o.k_given) {
        std::printf("  (each schedule has this program's own default k; --k 0.5 sets one k "
                    "for all,\n  --k a,b,c,d,e one each, in the order above)\n");
    }

    // alpha at the start of some epochs; the per-mini-batch schedule at t = (i - 1) T + 1.
    const std::vector<std::size_t> shown = report::shown_epochs(o.epochs);
    std::printf("\nalpha at the first mini-batch of epoch i (t = (i - 1) T + 1):\n\n");
    print_epoch_header(shown);
    for (const auto& s : schedules) {
        std::printf("  %-19s", std::string(decay::name(s.kind)).c_str());
        for (std::size_t i : shown) std::printf(" %9.3g", s.alpha(i, (i - 1) * T + 1));
        std::printf("\n");
    }
    for (const auto& s : schedules) {
        if (s.kind != Kind::inverse_sqrt_batch || T == 1) continue;
        report::say(std::string(decay::name(s.kind)) + " changes inside an epoch too: in "
                    "epoch 1 it goes from " + g(s.alpha(1, 1), 4) + " (t = 1) to " +
                    g(s.alpha(1, T), 4) + " (t = " + std::to_string(T) + "), a factor sqrt(T) = " +
                    g(std::sqrt(double(T)), 3) + ".");
    }
    for (const std::string& line : decay::notes_reading_lines(schedules, T)) report::say(line);

    // ---- Training -------------------------------------------------------------------
    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    const double J_ols =
        gradient_descent::cost<double>(theta_ols, data, gradient_descent::all_examples(data));
    std::printf("\n");
    report::say("Training from theta = 0 with " + std::string(decay::name(method)) +
                " under each schedule, the same seed (the same mini-batches) for all. The "
                "least-squares solution has J(theta_ols) = " + g(J_ols, 8) + ", the floor.",
                0, 0);
    std::vector<decay::Outcome> results;
    for (const decay::Schedule& s : schedules) {
        decay::Run run = decay::train(s, method, data, o.epochs, o.batch_size, o.seed);
        results.push_back(decay::outcome(s, std::move(run), theta_ols, J_ols));
        if (results.back().diverged()) {
            report::say(decay::divergence_line(results.back(), facts), 2, 0);
        }
    }
    const std::vector<double> theta_0(data.p(), 0.0);  // where every run starts
    const double J_start =
        gradient_descent::cost<double>(theta_0, data, gradient_descent::all_examples(data));
    if (o.alpha0 > 0 && !decay::any_progress(results, J_start)) {  // 0: nothing moves
        std::fprintf(stderr, "chapter-learning-rate-decay: %s\n",
                     decay::no_progress_line(facts, o.alpha0, J_start).c_str());
        return 1;
    }

    if (o.full) {
        std::printf("\nJ - J(theta_ols) after epoch i:\n\n");
        print_epoch_header(shown);
        for (const auto& r : results) {
            std::printf("  %-19s", std::string(decay::name(r.schedule.kind)).c_str());
            for (std::size_t i : shown) {
                const auto& c = r.run.history.cost;
                std::printf(" %9s", i <= c.size() ? g(c[i - 1] - J_ols, 4).c_str() : "-");
            }
            std::printf("\n");
        }
    }
    std::printf("\nAfter %zu epoch%s (rises = how much J went up in all over the last %zu "
                "epochs;\ndistance = ||theta - theta_ols||, theta in standardized units):\n\n",
                o.epochs, o.epochs == 1 ? "" : "s", std::min<std::size_t>(10, o.epochs));
    std::printf("%s\n", decay::table_heading().c_str());
    for (const auto& r : results) std::printf("%s\n", decay::table_row(r).c_str());
    const std::vector<std::string> beyond = decay::beyond_lines(results);
    if (!beyond.empty()) std::printf("\nBeyond the notes (cosine annealing, warmup):\n");
    for (const std::string& line : beyond) report::say("- " + line, 2, 0);

    // ---- Figures -------------------------------------------------------------------
    report::Figures figures(o.out);
    // alpha over the run's epochs; the first few, zoomed in, show one step per epoch
    // against one per mini-batch.
    const std::size_t zoom = std::min<std::size_t>(3, o.epochs);
    const plot::LineChart alphas = decay::alpha_chart(
        schedules, "Learning-rate schedules, alpha0 = " + g(o.alpha0), o.epochs, T);
    const plot::LineChart first = decay::alpha_chart(
        schedules, "The first " + std::to_string(zoom) + " epochs: alpha per epoch i or per "
        "mini-batch t (T = " + std::to_string(T) + ")", zoom, T);
    const plot::LineChart costs = decay::excess_chart(
        results, J_ols, decay::method_title(method, o.batch_size, data.m()) + " (m_t = " +
        std::to_string(o.batch_size) + ") on " + data_name + ": J above its floor");
    // The terminal chart tells the story with three curves: constant, lowest, highest.
    plot::LineChart terminal = costs;
    terminal.title = "J - J(theta_ols) per epoch on " + data_name + " (log scale)";
    terminal.y_label = "";
    terminal.series.clear();
    for (std::size_t n = 0, drawn = 0; n < results.size(); ++n) {
        if (results[n].diverged()) continue;
        if (decay::in_story(results, n)) terminal.series.push_back(costs.series[drawn]);
        ++drawn;
    }
    std::printf("\n%s\n", plot::terminal_chart(terminal).c_str());
    figures.write("schedules.svg", alphas);
    figures.write("schedules-first-epochs.svg", first);
    figures.write("cost-per-epoch.svg", costs);
    figures.print();

    std::printf("\nWhat this run showed:\n");
    for (const std::string& line : decay::what_this_run_showed(results, facts)) {
        report::say("- " + line, 2, 0);
    }
    if (!beyond.empty()) report::say("- Beyond the notes: " + beyond.front(), 2, 0);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("chapter-learning-rate-decay",
                    "Learning-rate decay (the notes' section): the five schedules of the "
                    "notes and a constant alpha, drawn and then used to train a regression "
                    "(the diabetes data unless --data) with mini-batches.");
    cli.choice("schedule", o.schedule,
               {"all", "time", "exponential", "inverse-sqrt-epoch", "inverse-sqrt-batch",
                "staircase", "cosine", "warmup-cosine", "constant"},
               "which schedule to run (a single one runs beside constant alpha)");
    cli.choice("optimizer", o.optimizer, {"gd", "momentum", "rmsprop", "adam"},
               "the update that takes its alpha from the schedule");
    cli.flag("alpha0", o.alpha0,
             "initial learning rate alpha0 (0: nothing moves); with --optimizer rmsprop or "
             "adam the default is 1", common::at_least(0.0));
    cli.alias("alpha", "alpha0");
    cli.alias("lr", "alpha0");
    cli.flag("k", o.k,
             "decay rate k: one value for every schedule, or five, one each for time, "
             "exponential, inverse-sqrt-epoch, inverse-sqrt-batch, staircase (0: time-based "
             "decay keeps alpha0)", common::at_least(0.0));
    cli.flag("L", o.L, "staircase: epochs per step, the L of k^floor((i - 1) / L)",
             common::between(1, 100000));
    cli.alias("step-length", "L");
    cli.flag("alpha-min", o.alpha_min, "cosine, warmup-cosine (beyond the notes): the alpha "
             "the cosine ends at, in [0, alpha0]", common::at_least(0.0));
    cli.flag("T-max", o.T_max, "cosine: alpha_min at epoch T_max + 1 (0: epochs - 1, the "
             "last epoch)", common::between(0, 1000000));
    cli.flag("warmup", o.warmup, "warmup-cosine: W, the mini-batches of the linear warmup "
             "(0: T, one epoch), below the run's N = epochs T", common::between(0, 100000000));
    gradient_descent::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data, 10000);
    cli.flag("full", o.full, "also print J - J(theta_ols) at the shown epochs");
    cli.flag("out", o.out, "folder for the SVG figures", common::output_folder());
    if (const auto status = cli.parse_main(argc, argv)) return *status;

    const decay::Method method = decay::method_named(o.optimizer);
    o.alpha0_given = cli.given("alpha0");  // or its aliases --alpha, --lr
    if (!o.alpha0_given) o.alpha0 = decay::default_alpha0(method);
    o.k_given = cli.given("k");
    return cli.run([&] { return run(o, method, cli); });
}
