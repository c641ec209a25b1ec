// Tests of chapter 1, gradient descent: each variant does what the notes say it does and
// reaches the least-squares solution on a well-conditioned problem.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/01-gradient-descent/story.hpp"
#include "chapters/01-gradient-descent/vectorization.hpp"
#include "common/check.hpp"
#include "tests/gradient_descent/linear_model_test.hpp"

namespace gd = gradient_descent;

// "Make use of vectorization to speed up the training" (the notes' first advantage of
// mini-batch GD), measured in vectorization.hpp: the four ways must compute the same
// gradient and take the same steps, so that only the time can differ. Times are never
// asserted; the words chosen from them are, on given numbers.
void test_vectorization(common::Checker& check) {
    const auto data = well_conditioned_problem(203, 21, 0.5);
    const std::vector<double> theta = {0.3, -1.2, 2.5};
    const gd::Layouts<double> L = gd::both_layouts(data);
    std::vector<double> r(data.m()), by_matrix(3), by_element(3), by_example(3);
    for (gd::Columns batch : {gd::Columns{0, 203}, gd::Columns{64, 64}, gd::Columns{192, 11}}) {
        gd::gradient<double>(theta, data, batch, by_matrix);
        gd::gradient_by<double>(gd::Way::element, theta, L, batch, r, by_element);
        gd::gradient_by<double>(gd::Way::example, theta, L, batch, r, by_example);
        const std::string which = " (examples " + std::to_string(batch.first) + ".." +
                                  std::to_string(batch.first + batch.count - 1) + ")";
        check.all_close("vectorization: one element at a time = the matrix-vector product" +
                            which, by_matrix, by_element, 1e-13);
        check.all_close("vectorization: one example at a time = the matrix-vector product" +
                            which, by_matrix, by_example, 1e-13);
    }
    {  // by hand: x = (1, 2, -1), y = 4, theta = (0.5, 1, 2): r = 3.5, dtheta = -3.5 x
        gd::Dataset<double> one{common::Matrix<double>::from_rows({{1}, {2}, {-1}}), {4},
                                {"a", "b", "c"}};
        const gd::Layouts<double> L1 = gd::both_layouts(one);
        std::vector<double> r1(1), g(3);
        const std::vector<double> th = {0.5, 1, 2}, expected = {-3.5, -7, 3.5};
        for (gd::Way w : {gd::Way::element, gd::Way::example, gd::Way::matrix}) {
            gd::gradient_by<double>(w, th, L1, {0, 1}, r1, g);
            check.all_close("vectorization: each way gives dtheta = -(y - theta^T x) x by hand",
                            expected, g, 1e-15);
        }
    }
    // The four passes over all m (mini-batches weighted b_t / m) give one gradient.
    const auto passes = gd::time_passes(gd::four_passes(data.m(), 64), theta, L, 3);
    check.that("four_passes: element, example, per mini-batch of 64, over all m",
               passes.size() == 4 && passes[0].pass.way == gd::Way::element &&
                   passes[1].pass.way == gd::Way::example && passes[2].pass.m_t == 64 &&
                   passes[3].pass.m_t == 203);
    gd::gradient<double>(theta, data, gd::all_examples(data), by_matrix);
    for (const auto& p : passes) {
        check.all_close("four passes: the gradient over all m, way " +
                            gd::pass_name(p.pass, data.m()), by_matrix, p.dtheta, 1e-13);
    }
    check.that("largest_difference: relative to the largest |b_j|",
               gd::largest_difference({1, 2, 4.5}, {1, 2, 5}) == 0.1 &&
                   gd::largest_difference({0.5}, {0.25}) == 0.25);

    // Training: the same steps as train() (the same seed, the same orders), each way.
    const double J_ols =
        gd::cost<double>(gd::least_squares(data), data, gd::all_examples(data));
    std::vector<gd::TimedRun> runs;
    for (const auto& v : gd::timed_variants(32)) {
        runs.push_back(gd::train_timed(v, data, 0.05, 40, 7, J_ols, 2));
    }
    const auto sgd = gd::run(gd::Variant::stochastic, data, 0.05, 40, 32, 7);
    const auto mb = gd::run(gd::Variant::minibatch, data, 0.05, 40, 32, 7);
    const auto bt = gd::run(gd::Variant::batch, data, 0.05, 40, 32, 7);
    check.all_close("train_timed: stochastic GD takes train()'s steps", sgd.theta,
                    runs[0].theta, 1e-12);
    for (std::size_t n = 1; n <= 3; ++n) {
        check.all_close("train_timed: mini-batch GD takes train()'s steps, " +
                            runs[n].variant.name, mb.theta, runs[n].theta, 1e-12);
        check.all_close("train_timed: the same J epoch by epoch, " + runs[n].variant.name,
                        mb.history.cost, runs[n].cost, 1e-9);
        check.that("train_timed: the same epochs to 1% each way, " + runs[n].variant.name,
                   runs[n].within == runs[3].within && runs[n].within ==
                       gd::epochs_to_within(mb.history.cost, J_ols, 1.01));
    }
    check.all_close("train_timed: batch GD takes train()'s steps", bt.theta, runs[4].theta,
                    1e-12);
    check.that("train_timed: updates per epoch 203, ceil(203/32) = 7 and 1; batch GD does not "
               "shuffle", runs[0].updates_per_epoch == 203 && runs[3].updates_per_epoch == 7 &&
                   runs[4].updates_per_epoch == 1 && !runs[4].shuffles && runs[3].shuffles);

    // The words: from the numbers given, whatever they are.
    check.that("speed_against: 1 against 3.1 is 3.1 times faster",
               gd::speed_against(1, 3.1, "X") == "3.1 times faster than X");
    check.that("speed_against: 2 against 1 is 2 times slower",
               gd::speed_against(2, 1, "X") == "2 times slower than X");
    check.that("speed_against: within 25% either way is about as fast",
               gd::speed_against(1, 1.2, "X") == "about as fast as X (within 25%)" &&
                   gd::speed_against(1.2, 1, "X") == "about as fast as X (within 25%)");
    const std::string t = gd::timed("a sentence long enough to wrap over more than one line "
                                     "of the terminal, so that every one of its lines must be "
                                     "marked as a measured time and none of them escapes");
    bool all_marked = !t.empty();
    for (std::size_t i = 0; i < t.size(); i = t.find('\n', i) + 1) {
        all_marked = all_marked && t.compare(i, 7, "[time] ") == 0;
    }
    check.that("timed: every line of a sentence with times starts with [time]", all_marked, t);
    {
        std::vector<gd::PassResult> pr = {{{gd::Way::element, 100}, {1}, 4e-6},
                                          {{gd::Way::example, 100}, {1}, 2e-6},
                                          {{gd::Way::matrix, 10}, {1}, 2.1e-6},
                                          {{gd::Way::matrix, 100}, {1}, 1e-6}};
        const std::string all = gd::passes_verdict(pr, 100);
        check.that("passes_verdict: the product over all m 2 times faster than one example at "
                   "a time, 4 times than one element; per mini-batch about as fast",
                   all.find("one product over all 100 was 2 times faster than one example at a "
                            "time and 4 times faster than one element at a time; one product "
                            "per mini-batch of 10 was about as fast as one example at a time") !=
                       std::string::npos, all);
        const auto lines = gd::passes_lines(pr, 100, 5);
        check.that("passes_lines: every line with a time (us) starts with [time]",
                   std::all_of(lines.begin(), lines.end(), [](const std::string& l) {
                       return l.find(" us") == std::string::npos || l.starts_with("[time]");
                   }) && !lines.front().starts_with("[time]"));
    }
    {
        auto mk = [](std::size_t within, double work, double shuffle) {
            gd::TimedRun r;
            r.within = within;
            r.updates_per_epoch = 10;
            r.shuffles = true;
            r.work_per_epoch = 1e-6;
            r.shuffle_per_epoch = 3e-6;
            r.work_to_within = work;
            r.shuffle_to_within = shuffle;
            return r;
        };
        std::vector<gd::TimedRun> v = {mk(5, 50e-6, 10e-6), mk(9, 90e-6, 30e-6),
                                       mk(9, 60e-6, 30e-6), mk(9, 40e-6, 30e-6), mk(0, 0, 0)};
        for (std::size_t n = 0; n < v.size(); ++n) v[n].variant.name = "V" + std::to_string(n);
        std::string w = gd::training_verdict(v);
        check.that("training_verdict: fewest seconds of gradients wins (V3), but with the "
                   "shuffles counted V0 (60 us against 70 us)",
                   w.find("the soonest was V3 (40 us") != std::string::npos &&
                       w.find("with the shuffles counted, V0 (60 us)") != std::string::npos &&
                       w.find("3 times its gradients and steps") != std::string::npos, w);
        v[0].shuffle_to_within = 40e-6;
        w = gd::training_verdict(v);
        check.that("training_verdict: the same winner with the shuffles counted",
                   w.find("V3 (40 us of gradients and steps), also with the shuffles counted") !=
                       std::string::npos, w);
    }
}

int main() {
    common::Checker check("gradient-descent");
    check.hint("r = y - theta^T X row by row; dtheta_j = -(1/b) sum_k r_k x_jk; for one "
               "example dtheta = -(y - theta^T x) x; theta := theta - alpha dtheta "
               "(chapters/01-gradient-descent/linear_model.hpp, gradient_descent.hpp)");
    const auto data = well_conditioned_problem(200, 17, 0.5);
    const std::vector<double> theta_ols = gradient_descent::least_squares(data);
    const std::vector<double> theta0(data.p(), 0.0);  // every run starts at theta = 0

    // Batch GD: one epoch is exactly one step theta := theta - alpha dtheta on all m examples.
    const auto one = gd::run(gd::Variant::batch, data, 0.1, 1, 64, 1);
    std::vector<double> dtheta(data.p());
    gradient_descent::gradient<double>(theta0, data, gradient_descent::all_examples(data),
                                       dtheta);
    std::vector<double> by_hand(data.p());
    for (std::size_t j = 0; j < data.p(); ++j) by_hand[j] = theta0[j] - 0.1 * dtheta[j];
    check.all_close("batch GD: one epoch = one step theta := theta - alpha dtheta over all m",
                    by_hand, one.theta, common::tol<double>::exact);

    // Stochastic GD's gradient of one example x (a row of X^T): dtheta = -(y - theta^T x) x.
    // x = (1, 2, -1), y = 4, theta = (0.5, 1, 2): theta^T x = 0.5, r = 3.5, dtheta = -3.5 x.
    {
        const std::vector<double> x = {1, 2, -1}, theta = {0.5, 1, 2};
        std::vector<double> g(3);
        gradient_descent::gradient_one_example<double>(theta, x, 4.0, g);
        check.all_close("stochastic GD: dtheta = -(y - theta^T x) x of one example, by hand",
                        std::vector<double>{-3.5, -7, 3.5}, g, common::tol<double>::exact);
    }

    // Updates per epoch: batch 1, stochastic m, mini-batch T = ceil(m / m_t).
    const auto b = gd::run(gd::Variant::batch, data, 0.1, 3, 64, 1);
    const auto s = gd::run(gd::Variant::stochastic, data, 0.01, 3, 64, 1);
    const auto mb = gd::run(gd::Variant::minibatch, data, 0.05, 3, 64, 1);
    check.that("batch GD takes 1 step per epoch", b.history.steps == 3);
    check.that("stochastic GD takes m steps per epoch", s.history.steps == 3 * 200);
    check.that("mini-batch GD takes T = ceil(200/64) = 4 steps per epoch",
               mb.history.steps == 12);

    // Each variant converges to the least-squares solution.
    struct Setting {
        gd::Variant v;
        double alpha;
        std::size_t epochs;
        double tolerance;  // stochastic GD stays in a noise ball of size ~ alpha
    };
    for (const Setting& st : {Setting{gd::Variant::batch, 0.5, 200, 1e-8},
                              Setting{gd::Variant::minibatch, 0.01, 300, 1e-2},
                              Setting{gd::Variant::stochastic, 0.002, 200, 5e-2}}) {
        const auto r = gd::run(st.v, data, st.alpha, st.epochs, 32, 5);
        const double dist = gradient_descent::distance(r.theta, theta_ols);
        check.that(std::string(gd::name(st.v)) +
                       " GD converges to theta_ols (||theta - theta_ols|| < " +
                       common::Checker::fmt(st.tolerance) + ")",
                   dist < st.tolerance, "distance " + common::Checker::fmt(dist));
    }

    // Reproducible: the same seed gives the same run; another seed another order.
    const auto s1 = gd::run(gd::Variant::stochastic, data, 0.01, 2, 1, 9);
    const auto s2 = gd::run(gd::Variant::stochastic, data, 0.01, 2, 1, 9);
    const auto s3 = gd::run(gd::Variant::stochastic, data, 0.01, 2, 1, 10);
    check.that("stochastic GD: the same seed reproduces theta exactly", s1.theta == s2.theta);
    check.that("stochastic GD: another seed visits the examples in another order",
               s1.theta != s3.theta);

    // Batch GD's cost never rises for a small enough alpha (alpha < 2 / lambda_max).
    bool monotone = true;
    for (std::size_t i = 1; i < b.history.cost.size(); ++i) {
        monotone = monotone && b.history.cost[i] <= b.history.cost[i - 1];
    }
    check.that("batch GD: J decreases every epoch for a small alpha", monotone);
    // ---- What a run showed: the values the chapter program picks its words from ----------
    // Batch GD's limit is alpha < 2 / lambda_max of X X^T / m; none is claimed for the others.
    {
        const double lambda_max = gradient_descent::hessian_lambda_max(data);
        const auto limit = gd::step_limit(gd::Variant::batch, data, 0.1, lambda_max);
        check.close("step_limit: batch GD's limit is alpha < 2 / lambda_max", 2 / lambda_max,
                    limit.alpha_max, common::tol<double>::exact);
        check.that("step_limit: batch GD's limit is known", limit.known);
        check.that("step_limit: no limit is claimed for the stochastic or mini-batch step",
                   !gd::step_limit(gd::Variant::stochastic, data, 0.1, lambda_max).known &&
                       !gd::step_limit(gd::Variant::minibatch, data, 0.1, lambda_max).known);
    }
    // Three examples with ||x||^2 = 1, 5, 10; alpha = 0.3 gives alpha ||x||^2 = 0.3, 1.5, 3:
    // only the third has alpha ||x||^2 > 2.
    {
        gd::Dataset<double> d{common::Matrix<double>::from_rows({{1, 1, 1}, {0, 2, 3}}),
                              {1, 1, 1}, {"intercept", "x"}};
        const auto limit = gd::step_limit(gd::Variant::stochastic, d, 0.3, 1.0);
        check.that("step_limit: stochastic GD counts the examples with alpha ||x||^2 > 2 "
                   "(1 of 3)", limit.growing == 1, "counted " + std::to_string(limit.growing));
        // The claim behind it: one step on example x multiplies its error by
        // 1 - alpha ||x||^2.
        std::vector<double> theta = {0.5, -0.25}, g(2);
        const std::vector<double> x = {1, 3};
        const double r0 = 1 - (0.5 - 0.75);
        gd::gradient_one_example<double>(theta, x, 1.0, g);
        gd::SgdRule<double>{.alpha = 0.3}(theta[0], g[0]);
        gd::SgdRule<double>{.alpha = 0.3}(theta[1], g[1]);
        check.close("one stochastic step multiplies that example's error by 1 - alpha ||x||^2",
                    r0 * (1 - 0.3 * 10), 1 - (theta[0] + 3 * theta[1]), 1e-12);
    }
    check.close("rises_last: the rises within the last 3 of 5, 1, 3, 2 sum to 3 - 1 = 2", 2,
                gd::rises_last({5, 1, 3, 2}, 3), 0);
    check.close("rises_last: all of them when fewer than n: 1 -> 3 and 2 -> 6 sum to 6", 6,
                gd::rises_last({5, 1, 3, 2, 6}, 10), 0);
    check.close("rises_last: a curve that only falls does not jump", 0,
                gd::rises_last({50, 10, 2, 1}, 10), 0);
    {
        const double J_ols = gd::cost<double>(theta_ols, data, gd::all_examples(data));
        std::vector<gd::Outcome> outcomes;
        for (gd::Variant v : gd::all_variants) {
            const double alpha = v == gd::Variant::stochastic ? 50.0 : 0.05;  // diverges
            const auto r = gd::run(v, data, alpha, 40, 32, 3);
            outcomes.push_back(gd::outcome(v, r, theta_ols, J_ols, data.m(), 32));
        }
        check.that("outcome: stochastic GD at alpha = 50 diverged and has no final J",
                   outcomes[1].diverged() && std::isnan(outcomes[1].final_J));
        check.that("outcome: mini-batch GD with m = 200, m_t = 32 takes 7 updates per epoch",
                   outcomes[2].updates_per_epoch == 7);
        check.that("outcome: batch GD at alpha = 0.05 has J falling every epoch",
                   outcomes[0].J_fell_every_epoch);
        const double J_start = gd::cost<double>(theta0, data, gd::all_examples(data));
        check.that("any_progress: batch GD at alpha = 0.05 ends below J(theta = 0)",
                   gd::any_progress(outcomes, J_start));
        check.that("any_progress: not when the only finite run ends above J(theta = 0)",
                   !gd::any_progress({outcomes[1], gd::Outcome{.final_J = 2 * J_start}},
                                     J_start));
        const auto first = gd::first_within(outcomes);
        check.that(
            "first_within: mini-batch GD (7 updates per epoch) gets within 1% before "
            "batch GD; the diverged run is skipped",
            first && *first == 2,
            "within: batch " + std::to_string(outcomes[0].within) + ", mini-batch " +
                std::to_string(outcomes[2].within));
        const auto low = gd::lowest_J(outcomes);
        const std::size_t other = low && *low == 0 ? 2 : 0;
        check.that("lowest_J: the lower final J of the runs that did not diverge",
                   low && *low != 1 && outcomes[*low].final_J <= outcomes[other].final_J);
    }
    {
        const std::vector<double> a = {9, 5, 4, 6}, b = {50, 40, 30, 20};
        const auto range = gd::last_epochs_range({&a}, 3, 3);  // 3 .. 6, padded by 0.15
        check.all_close("last_epochs_range: from the floor 3 to the highest 6 of the last 3, "
                        "padded 5%", std::vector<double>{2.85, 6.15},
                        std::vector<double>{range.first, range.second}, 1e-12);
        check.that("inside: a curve far above the range is left out of the figure",
                   gd::inside(a, range, 3) && !gd::inside(b, range, 3));
    }

    // The sentences pick their words from the outcomes (what_this_run_showed).
    {
        auto has = [](const std::vector<std::string>& lines, const std::string& text) {
            for (const std::string& l : lines) {
                if (l.find(text) != std::string::npos) return true;
            }
            return false;
        };
        gd::Outcome b{.variant = gd::Variant::batch, .final_J = 300, .distance = 9,
                      .updates_per_epoch = 1, .rises = 0, .J_grew = true};
        gd::Outcome s{.variant = gd::Variant::stochastic, .final_J = 120, .distance = 1,
                      .within = 5, .updates_per_epoch = 100, .rises = 40};
        gd::Outcome mb{.variant = gd::Variant::minibatch, .final_J = 101, .distance = 4,
                       .within = 8, .updates_per_epoch = 4, .rises = 1};
        const gd::RunFacts facts{.alpha = 0.6, .lambda_max = 4, .J_ols = 100, .epochs = 20};
        auto lines = gd::what_this_run_showed({b, s, mb}, facts);
        check.that("showed: batch GD above its limit 2 / lambda_max = 0.5, J grew",
                   has(lines, "alpha = 0.6 above its limit 0.5, J grew: it is diverging"));
        check.that("showed: stochastic GD (rises 40 against 1) is the noisier",
                   has(lines, "one example per step is a noisy gradient"));
        check.that("showed: lowest J (mini-batch) and nearest theta (stochastic) told apart",
                   has(lines, "Mini-batch GD ends lowest in J (J = 101, 1% above the floor); "
                              "stochastic GD ends nearest theta_ols (distance 1 against 4)"));
        check.that("showed: fewest epochs to within 1% is stochastic GD's 5 (500 updates)",
                   has(lines, "Stochastic GD got within 1% of the floor J(theta_ols) in the "
                              "fewest epochs (5, 500 updates)"));
        check.that("showed: no sentence carries a line break (report::say wraps it)",
                   std::none_of(lines.begin(), lines.end(), [](const std::string& l) {
                       return l.find('\n') != std::string::npos;
                   }));
        mb.rises = 40;
        s.diverged_at = 3;
        lines = gd::what_this_run_showed({b, s, mb}, facts);
        check.that("showed: a diverged variant is named, and no noise comparison is made",
                   has(lines, "Stochastic GD diverged (epoch 3); the other variants ran on.") &&
                       !has(lines, "noisy"));
        s.diverged_at = 0;
        lines = gd::what_this_run_showed({b, s, mb}, facts);
        check.that("showed: equal rises are 'about as noisy'",
                   has(lines, "here the two are about as noisy"));
        const std::string st = gd::divergence_line(s, 0.3, {.growing = 7}, 50);
        check.that("divergence_line: the stochastic step's own facts, not batch GD's limit",
                   st.find("no limit on alpha is known for the stochastic step") !=
                           std::string::npos &&
                       st.find("here for 7 of 50") != std::string::npos &&
                       st.find("lambda_max") == std::string::npos, st);
        const std::string bt = gd::divergence_line(b, 0.6, {.known = true, .alpha_max = 0.5}, 50);
        check.that("divergence_line: batch GD's limit alpha < 2 / lambda_max",
                   bt.find("its limit is alpha < 2 / lambda_max = 0.5") != std::string::npos, bt);
    }

    test_vectorization(check);  // the four ways of the same gradient (vectorization.hpp)
    test_linear_model(check);  // the model, its data and the training loop (linear_model_test.hpp)
    return check.finish();
}
