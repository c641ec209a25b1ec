// chapter-adam: Adam (momentum's v over RMSprop's root mean square, both bias-corrected) on
// two 2-D functions and on a regression (the diabetes data unless --data): its path beside the
// earlier methods, what the bias corrections do, Adam's training, and the four methods side by
// side. The story's parts: main.cpp (settings, 1. paths, the summary), bias_correction.cpp
// (2.), training.cpp (3. training, 4. side by side). Run: make chapter-adam ARGS="--full"
#include "story.hpp"

namespace adam_chapter {
namespace {

// The earlier methods' alphas on the 2-D paths (GD, momentum, RMSprop), as in chapters 03
// and 04. Quadratic: GD and momentum 0.4, just under 2 / 4 (4 = the curvature along y).
// Rosenbrock: the gradient is about 160 long at the start, so GD and momentum need about
// 1e-3; RMSprop's first step is 1 / sqrt(1 - beta2) = 32 alpha long, so 5e-3.
constexpr double earlier_quadratic[3] = {0.4, 0.4, 0.1};
constexpr double earlier_rosenbrock[3] = {0.001, 0.001, 0.005};

// One function's paths: the table's cells of row k (alpha, ||p - p_min|| at the end, the
// first t within 0.1), and the figure with each method in its colour.
struct Paths {
    common::Function2d fn;
    std::vector<adam::PathRun> runs;
    std::size_t steps;
    std::string from() const { return "from (" + g(fn.start[0]) + ", " + g(fn.start[1]) + ")"; }
    std::string cells(std::size_t k) const {
        const auto& p = runs[k].points;
        const auto hit = common::steps_to_reach(fn, p, 0.1);
        char buf[96];
        std::snprintf(buf, sizeof buf, "%6.3g %12.3g %9s", runs[k].alpha,
                      common::distance_to_minimum(fn, p.back()),
                      common::overflowed(p, steps) ? "diverged"
                      : hit                        ? std::to_string(*hit).c_str() : "-");
        return buf;
    }
    void write(report::Figures& figures, const std::string& file, const std::string& name) const {
        std::vector<plot::Series> series;
        // Adam's path (the longest) beneath the others; GD's dashed without markers on top,
        // so that momentum's path shows through where the two run together (Rosenbrock's).
        for (std::size_t k : {3, 2, 1, 0}) {
            const std::string method(adam::name(runs[k].method));
            series.push_back(common::path_series(method + ", alpha = " + g(runs[k].alpha),
                                                 common::thinned(runs[k].points, 0.02), k == 0));
            series.back().color = report::method_color(method);
            series.back().markers = k != 0;
        }
        const std::string title = name + ": " + std::to_string(steps) + " steps " + from();
        figures.write(file, common::contour_with_paths(fn, title, std::move(series)));
    }
};

std::string section_paths(const Options& o, const adam::Hyper& hyper, report::Figures& figures) {
    std::printf("1. Paths on two 2-D functions beside the earlier methods: the distance to the "
                "minimum\n   at the end, and the first t within 0.1 of it.\n\n");
    const auto quad = common::elongated_quadratic(), rosen = common::rosenbrock();
    const Paths q{quad, adam::paths(quad, earlier_quadratic, o.quadratic.alpha, hyper,
                                    o.quadratic.steps), o.quadratic.steps};
    const Paths r{rosen, adam::paths(rosen, earlier_rosenbrock, o.rosenbrock.alpha, hyper,
                                     o.rosenbrock.steps), o.rosenbrock.steps};
    std::printf("  %-9s %-33s %s\n  %-9s %6s %12s %9s    %6s %12s %9s\n", "",
                ("0.1 x^2 + 2 y^2, " + q.from()).c_str(), ("Rosenbrock, " + r.from()).c_str(),
                "method", "alpha", "||p-p_min||", "t < 0.1", "alpha", "||p-p_min||", "t < 0.1");
    for (std::size_t k = 0; k < 4; ++k) {
        std::printf("  %-9s %s    %s\n", std::string(adam::name(q.runs[k].method)).c_str(),
                    q.cells(k).c_str(), r.cells(k).c_str());
    }
    const auto grad = quad.gradient(quad.start[0], quad.start[1]);
    const auto &gd1 = q.runs[0].points, &ad1 = q.runs[3].points;
    const std::string first = "On the quadratic Adam's first step is (" +
                              g((ad1[1][0] - ad1[0][0]) / o.quadratic.alpha, 4) + ", " +
                              g((ad1[1][1] - ad1[0][1]) / o.quadratic.alpha, 4) +
                              ") alpha, though the gradient (" + g(grad[0]) + ", " + g(grad[1]) +
                              ") is " + g(grad[1] / grad[0], 3) + " times steeper along y";
    const std::string ended = adam::ending_within(rosen, r.runs, 0.1);
    std::printf("\n");
    say(first + " (GD's: (" + g(gd1[1][0] - gd1[0][0], 3) + ", " + g(gd1[1][1] - gd1[0][1], 3) +
        ")). Ending within 0.1 of Rosenbrock's minimum after " +
        std::to_string(o.rosenbrock.steps) + " steps: " + ended + ".\n");
    q.write(figures, "paths-elongated-quadratic.svg", "f = 0.1 x^2 + 2 y^2");
    r.write(figures, "paths-rosenbrock.svg", "Rosenbrock");
    return first + "; ending within 0.1 of Rosenbrock's minimum: " + ended + ".";
}

int run(const Options& o) {
    const gd::Dataset<double> data = gd::load_standardized_regression(o.data);
    const bool inside = o.eps_placement == "inside";
    const adam::Hyper hyper{.alpha = o.alpha, .beta1 = o.beta1, .beta2 = o.beta2, .eps = o.eps,
                            .eps_placement = inside ? rmsprop::EpsPlacement::inside
                                                    : rmsprop::EpsPlacement::outside,
                            .bias_correction = o.bias_correction};
    const std::vector<double> theta_ols = gd::least_squares(data);
    const Story story{.o = o, .hyper = hyper, .data = data,
                      .data_name = report::data_name(o.data, CHAPTER_DIR "/data/diabetes.csv",
                                                     "the diabetes data"),
                      .theta_ols = theta_ols,
                      .J_ols = gd::cost<double>(theta_ols, data, gd::all_examples(data))};
    std::printf("Adam: momentum's average of dtheta divided by RMSprop's root mean square\n\n"
                "settings  beta1 = %g, beta2 = %g, eps = %g (%s the root), bias correction %s, "
                "seed = %llu\n          quadratic: alpha = %g, %zu steps; Rosenbrock: alpha = %g, "
                "%zu steps\n          regression: alpha = %g, %zu epochs, m_t = %zu; momentum has "
                "beta = beta1,\n          RMSprop Adam's beta2, eps and placement\n"
                "data      %s: m = %zu examples, %zu features, standardized, plus x_0 = 1\n\n",
                o.beta1, o.beta2, o.eps, o.eps_placement.c_str(), o.bias_correction ? "on" : "off",
                static_cast<unsigned long long>(o.seed), o.quadratic.alpha, o.quadratic.steps,
                o.rosenbrock.alpha, o.rosenbrock.steps, o.alpha, o.epochs, o.batch_size,
                story.data_name.c_str(), data.m(), data.p() - 1);
    std::printf("The update (adam::AdamRule in adam.hpp), t = 1, 2, ...:\n"
                "  v := beta1 v + (1 - beta1) dtheta          momentum's average of dtheta\n"
                "  s := beta2 s + (1 - beta2) dtheta^2        RMSprop's average of dtheta^2\n"
                "  v_corrected = v / (1 - beta1^t)     s_corrected = s / (1 - beta2^t)%s\n"
                "  theta := theta - alpha v_corrected / %s\n\n",
                o.bias_correction ? "" : "   (off)",
                inside ? "sqrt(s_corrected + eps)" : "(sqrt(s_corrected) + eps)");

    // The run with the user's settings first: if it diverges, say so and stop.
    adam::Adam<double> optimizer{.hyper = hyper};
    const adam::Run main_run = gd::train_from_zero(data, optimizer, story.training(), o.seed);
    if (main_run.history.diverged_at != 0) {
        double far = 0;  // the farthest a coordinate must travel, about alpha per step
        for (double t : theta_ols) far = std::max(far, std::abs(t));
        std::fprintf(stderr, "chapter-adam: %s. Adam moves each coordinate by up to a few alpha "
                     "per step and the largest |theta_ols| entry is %.4g, so an alpha far above "
                     "that overshoots; try --alpha 1.\n", diverged_text("Adam", main_run).c_str(),
                     far);
        return 1;
    }
    report::Figures figures(o.out);
    const std::string showed[] = {section_paths(o, hyper, figures),
                                  section_bias_correction(story, figures),
                                  section_training(story, optimizer, main_run, figures),
                                  section_side_by_side(story, figures)};
    std::printf("What this run showed:\n");
    for (const std::string& line : showed) say(line, "- ");
    std::printf("\n");
    figures.print();
    return 0;
}

}  // namespace
}  // namespace adam_chapter

int main(int argc, char** argv) {
    adam_chapter::Options o;
    o.data = CHAPTER_DIR "/data/diabetes.csv";
    o.out = FIGURE_DIR;
    common::Cli cli("chapter-adam", "Adam: momentum plus RMSprop with bias-corrected moments, "
                    "on two 2-D functions and the diabetes regression (chapter 5 of the notes).");
    cli.flag("alpha", o.alpha, "Adam's learning rate alpha on the regression: about the "
             "size of a step in each coordinate", common::above(0.0));
    cli.alias("lr", "alpha");
    cli.flag("beta1", o.beta1, "decay of v, the average of dtheta", common::half_open(0, 1));
    cli.flag("beta2", o.beta2, "decay of s, the average of dtheta^2", common::half_open(0, 1));
    cli.flag("eps", o.eps, "keeps the division finite where s is near 0", common::above(0.0));
    cli.choice("eps-placement", o.eps_placement, {"inside", "outside"},
               "sqrt(s_corrected + eps) as the notes, or sqrt(s_corrected) + eps as torch.optim");
    cli.flag("bias-correction", o.bias_correction,
             "divide v by 1 - beta1^t and s by 1 - beta2^t");
    common::add_path_flags(cli, "quadratic", "the elongated quadratic", "Adam's", o.quadratic);
    common::add_path_flags(cli, "rosenbrock", "Rosenbrock's function", "Adam's", o.rosenbrock);
    gradient_descent::add_training_flags(cli, o.epochs, o.batch_size, o.seed, o.data);
    cli.flag("full", o.full, "also print the long tables: more steps t, a chart of the training");
    cli.flag("out", o.out, "folder for the SVG figures");
    cli.parse_or_exit(argc, argv);
    return cli.run([&] { return adam_chapter::run(o); });
}
