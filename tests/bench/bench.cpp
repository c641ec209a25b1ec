// bench: how fast the update loop runs, scalar reference against SIMD, next to the memory
// ceiling of this machine (a STREAM-style triad over the same bytes, timed interleaved with
// the runs it is compared with), Adam's step against the divider and against its own form
// with the bias corrections as multipliers, and on aligned against misaligned storage; then
// batch norm forward + backward and one epoch of each gradient-descent variant; last, the
// targets these rows can be held to, met or not and why.
// One thread, timed in that thread's CPU time, median of repetitions.
// Run: make bench   (progress on stderr, the table on stdout, CSV and SVG in build/bench-results/)
#include <algorithm>
#include <ctime>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/io/cli.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/05-adam/adam.hpp"
#include "common/io/plot.hpp"
#include "common/random.hpp"
#include "chapters/01-gradient-descent/train.hpp"
#include "common/aligned.hpp"
#include "common/update_loop.hpp"
#include "chapters/07-batch-norm/batch_norm.hpp"
#include "chapters/07-batch-norm/fused.hpp"

namespace {

namespace stdx = std::experimental;
namespace plot = common::plot;

struct Options {
    std::size_t reps = 9;         // repetitions per configuration (at most 5 at P = 2^24)
    double ms = 2;                // each repetition lasts at least this long
    std::size_t max_log2 = 24;    // largest P = 2^max_log2
    std::string only = "all";     // update | batchnorm | gd | all
    std::string rule = "all";     // sgd | momentum | rmsprop | adam | nesterov | adagrad |
                                  // adamw | adam_l2 | amsgrad | all
    std::string out = BENCH_DIR;  // results.csv and throughput.svg go here
};

// Keeps results observable, so the compiler cannot drop the work that produced them.
volatile double sink = 0;

// ---- timing ----------------------------------------------------------------------

struct Timing {
    double median = 0, min = 0, max = 0;  // seconds per call
};

Timing summarize(std::vector<double> seconds) {
    std::sort(seconds.begin(), seconds.end());
    const std::size_t n = seconds.size();
    const double median = n % 2 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2;
    return {median, seconds.front(), seconds.back()};
}

// The time this thread has run, in seconds (POSIX CLOCK_THREAD_CPUTIME_ID), not the wall
// clock: while another process has the core, this clock stands still, so a busy machine
// moves the times less (the caches it shares with the other processes still move them).
double thread_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) + 1e-9 * double(now.tv_nsec);
}

double seconds_since(double start) {
    return thread_seconds() - start;
}

// A kernel to time: call() does the work once; one measurement runs it `calls` times.
struct Kernel {
    std::string variant;
    std::function<void()> call;
    std::size_t calls = 1;
    std::vector<double> seconds{};  // per call, one entry per repetition
};

// Calibrates each kernel to last about target_s per measurement, then runs the
// repetitions interleaved (kernel 1, kernel 2, ..., kernel 1, kernel 2, ...), so a
// change in the machine's load moves all of them together.
void measure_interleaved(std::vector<Kernel>& kernels, std::size_t reps, double target_s) {
    for (Kernel& k : kernels) {
        k.call();  // first touch, page faults, caches
        const double start = thread_seconds();
        k.call();
        const double once = std::max(seconds_since(start), 1e-9);
        k.calls = std::max<std::size_t>(1, std::size_t(std::ceil(target_s / once)));
    }
    for (std::size_t r = 0; r < reps; ++r) {
        for (Kernel& k : kernels) {
            if (k.calls > 1) k.call();  // warm the caches this kernel uses
            const double start = thread_seconds();
            for (std::size_t c = 0; c < k.calls; ++c) k.call();
            k.seconds.push_back(seconds_since(start) / double(k.calls));
        }
    }
}

// ---- results ---------------------------------------------------------------------

struct Row {
    std::string benchmark, rule, type, size, variant;
    Timing t;
    double gbps = 0;   // bytes counted / median seconds / 1e9; 0 when not meaningful
    double ratio = 0;  // gbps / the ceiling's gbps; 0 when not meaningful
    std::vector<double> seconds{};  // per call, one per repetition, in the interleaved order
};

std::string number_or_empty(double x, const char* format) {
    if (x == 0) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}

void write_csv(const std::filesystem::path& file, const std::vector<Row>& rows) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + file.string());
    out << "benchmark,rule,type,size,variant,threads,median_s,min_s,max_s,gbps,"
           "ratio_to_ceiling\n";
    for (const Row& r : rows) {
        char times[128];
        std::snprintf(times, sizeof times, "%.6e,%.6e,%.6e", r.t.median, r.t.min, r.t.max);
        out << r.benchmark << ',' << r.rule << ',' << r.type << ',' << r.size << ','
            << r.variant << ",1," << times << ',' << number_or_empty(r.gbps, "%.4f") << ','
            << number_or_empty(r.ratio, "%.4f") << '\n';
    }
    if (!out) throw std::runtime_error("write failed: " + file.string());
}

template <class T>
const char* type_name() {
    return sizeof(T) == 4 ? "float" : "double";
}

// ---- the ceiling: a STREAM triad a = b + s c -------------------------------------

// a := b + s c with the same SIMD type as the update loop, so the ceiling is what this
// machine's memory (or cache) delivers to one core, not what a scalar loop reaches. The
// arrays are 64-byte aligned (Triad below), loaded and stored with vector_aligned.
template <class T>
void triad(std::span<T> a, std::span<const T> b, std::span<const T> c, T s) {
    using V = stdx::native_simd<T>;
    constexpr std::size_t W = V::size();
    constexpr std::size_t A = stdx::memory_alignment_v<V>;
    if (!common::is_aligned(a.data(), A) || !common::is_aligned(b.data(), A) ||
        !common::is_aligned(c.data(), A)) {
        throw std::logic_error("bench: the triad's arrays must be aligned");
    }
    std::size_t i = 0;
    for (; i + W <= a.size(); i += W) {
        const V b_i(b.data() + i, stdx::vector_aligned);
        const V c_i(c.data() + i, stdx::vector_aligned);
        (b_i + s * c_i).copy_to(a.data() + i, stdx::vector_aligned);
    }
    for (; i < a.size(); ++i) a[i] = b[i] + s * c[i];
}

// The triad's arrays for a footprint of `bytes`: three arrays of bytes / (3 sizeof(T)).
// Counted traffic per element: read b, read c, write a, and the write-allocate read of
// a's cache line that a normal store costs: 4 sizeof(T) bytes.
template <class T>
struct Triad {
    common::aligned_vector<T> a, b, c;  // 64-byte aligned: the best this machine does
    explicit Triad(std::size_t bytes)
        : a(bytes / (3 * sizeof(T)), T(0)), b(a.size(), T(1)), c(a.size(), T(2)) {}
    void operator()() { triad<T>(a, b, c, T(0.5)); }
    double bytes_counted() const { return 4.0 * double(a.size() * sizeof(T)); }
};

// ---- the update rules --------------------------------------------------------------

// The traffic of one rule's step, per parameter.
struct RuleInfo {
    const char* name;
    int arrays;  // theta, dtheta and the states: the footprint is arrays P sizeof(T)
    int reads;   // every array is read once
    int writes;  // theta and each state are written back in place (no write-allocate)
};

// The notes' four, then the rules beyond the notes: Nesterov keeps momentum's v, Adagrad
// RMSprop's s, AdamW and Adam with L2 Adam's v and s, AMSGrad adds s_max.
constexpr RuleInfo rule_infos[] = {
    {"sgd", 2, 2, 1},      {"momentum", 3, 3, 2}, {"rmsprop", 3, 3, 2}, {"adam", 4, 4, 3},
    {"nesterov", 3, 3, 2}, {"adagrad", 3, 3, 2},  {"adamw", 4, 4, 3},   {"adam_l2", 4, 4, 3},
    {"amsgrad", 5, 5, 4}};

struct UpdateResult {
    Row triad, scalar, simd;
};

// One step of `method` (gradient_descent::Sgd, Momentum, RmsProp, Adam, or one of the rules
// beyond the notes, with the chapters' default hyperparameters) over P parameters, scalar
// loop and SIMD loop, against the triad.
template <class T, class Method>
UpdateResult bench_update(Method method, const RuleInfo& info, std::size_t log2_P,
                          const Options& o) {
    const std::size_t P = std::size_t(1) << log2_P;
    common::Rng rng(log2_P);
    common::aligned_vector<T> theta(P), dtheta(P);  // as the states: 64-byte aligned
    for (std::size_t i = 0; i < P; ++i) {
        theta[i] = T(rng.uniform(-1, 1));
        dtheta[i] = T(rng.uniform(-1, 1));
    }
    Triad<T> ceiling(std::size_t(info.arrays) * P * sizeof(T));
    std::vector<Kernel> kernels{
        {"triad", [&] { ceiling(); }},
        {"scalar", [&] { method.step(theta, dtheta, common::Engine::scalar); }},
        {"simd", [&] { method.step(theta, dtheta, common::Engine::simd); }}};
    const std::size_t reps = log2_P >= 24 ? std::min<std::size_t>(o.reps, 5) : o.reps;
    measure_interleaved(kernels, reps, o.ms * 1e-3);
    sink = sink + double(theta[P / 2]) + double(ceiling.a[ceiling.a.size() / 2]);

    const double update_bytes = double((info.reads + info.writes) * P * sizeof(T));
    auto row = [&](const Kernel& k, double bytes, double ceiling_gbps) {
        const Timing t = summarize(k.seconds);
        const double gbps = bytes / t.median / 1e9;
        return Row{"update", info.name, type_name<T>(), std::to_string(P), k.variant, t, gbps,
                   ceiling_gbps > 0 ? gbps / ceiling_gbps : 1.0, k.seconds};
    };
    UpdateResult r;
    r.triad = row(kernels[0], ceiling.bytes_counted(), 0);
    r.triad.variant = "triad";
    r.scalar = row(kernels[1], update_bytes, r.triad.gbps);
    r.simd = row(kernels[2], update_bytes, r.triad.gbps);
    return r;
}

template <class T>
UpdateResult bench_rule(const RuleInfo& info, std::size_t log2_P, const Options& o) {
    const std::string rule = info.name;
    if (rule == "sgd") return bench_update<T>(gradient_descent::Sgd<T>{}, info, log2_P, o);
    if (rule == "momentum") return bench_update<T>(momentum::Momentum<T>{}, info, log2_P, o);
    if (rule == "rmsprop") return bench_update<T>(rmsprop::RmsProp<T>{}, info, log2_P, o);
    if (rule == "adam") return bench_update<T>(adam::Adam<T>{}, info, log2_P, o);
    if (rule == "nesterov") return bench_update<T>(momentum::Nesterov<T>{}, info, log2_P, o);
    if (rule == "adagrad") return bench_update<T>(rmsprop::Adagrad<T>{}, info, log2_P, o);
    if (rule == "adamw") return bench_update<T>(adam::AdamW<T>{}, info, log2_P, o);
    if (rule == "adam_l2") return bench_update<T>(adam::AdamL2<T>{}, info, log2_P, o);
    if (rule == "amsgrad") return bench_update<T>(adam::AmsGrad<T>{}, info, log2_P, o);
    throw std::logic_error("bench: no method for rule " + rule);
}

// ---- the divider: the in-cache limit of RMSprop and Adam --------------------------------

// theta := dtheta / sqrt(s): the one square root and one division per parameter that Adam
// cannot do without, run through the same update loop (common::run_scalar, run_simd) as the
// rules. In cache its SIMD time is the least an Adam step can take on this machine.
struct DividerRule {
    template <class V>
    void operator()(V& theta, V& s, const V& dtheta) const {
        using std::sqrt;
        theta = dtheta / sqrt(s);
    }
};

// Adam's step with the two bias corrections as multipliers: alpha / (1 - beta1^t) and
// 1 / (1 - beta2^t) computed once per step (in double, rounded once), so a coordinate costs
// one division (and one square root) where the notes' form costs three divisions:
//   theta := theta - (alpha / (1 - beta1^t)) v / sqrt(s (1 / (1 - beta2^t)) + eps)
// The bench's own rule, not a chapter's: what the notes' readable form costs in time. Its
// results differ from adam::AdamRule's by rounding only.
template <class T>
struct AdamMultipliersRule {
    T beta1, beta2, one_minus_beta1, one_minus_beta2, eps;
    T alpha_over_correction1;  // alpha / (1 - beta1^t)
    T inverse_correction2;     // 1 / (1 - beta2^t)

    // Step t of Adam's default hyperparameters (eps inside the root, as the notes).
    static AdamMultipliersRule at_step(long t) {
        const adam::Adam<T> defaults;
        const auto& h = defaults.hyper;
        const double b1 = double(h.beta1), b2 = double(h.beta2);
        const double c1 = 1 - std::pow(b1, double(t)), c2 = 1 - std::pow(b2, double(t));
        return {T(b1), T(b2), T(1 - b1), T(1 - b2), T(double(h.eps)),
                T(double(h.alpha) / c1), T(1 / c2)};
    }

    template <class V>
    void operator()(V& theta, V& v, V& s, const V& dtheta) const {
        using std::sqrt;
        v = beta1 * v + one_minus_beta1 * dtheta;
        s = beta2 * s + one_minus_beta2 * (dtheta * dtheta);
        theta = theta - alpha_over_correction1 * v / sqrt(s * inverse_correction2 + eps);
    }
};

// Before the multipliers row is timed: the two rules take the same steps from the same
// states, to rounding (three steps, SIMD loop, relative to the step's size), or the row would
// time something else than Adam.
template <class T>
void check_multipliers(const AdamMultipliersRule<T>& mult, const adam::AdamRule<T>& notes,
                       std::span<const T> dtheta) {
    const std::size_t n = std::min<std::size_t>(dtheta.size(), 1000);
    const std::span<const T> g = dtheta.first(n);
    std::vector<T> a(n, T(1)), b(n, T(1)), va(n, T(0)), sa(n, T(0)), vb(n, T(0)), sb(n, T(0));
    for (int step = 0; step < 3; ++step) {
        common::run_simd<T>(notes, std::span<T>(a), g, std::span<T>(va), std::span<T>(sa));
        common::run_simd<T>(mult, std::span<T>(b), g, std::span<T>(vb), std::span<T>(sb));
    }
    const double tolerance = sizeof(T) == 4 ? 1e-4 : 1e-12;
    for (std::size_t i = 0; i < n; ++i) {
        const double step = std::abs(1 - double(a[i]));
        if (std::abs(double(a[i]) - double(b[i])) > tolerance * std::max(step, 1e-30)) {
            throw std::logic_error("bench: Adam with multipliers steps to " +
                                   std::to_string(b[i]) + " where adam::AdamRule steps to " +
                                   std::to_string(a[i]) + " (coordinate " +
                                   std::to_string(i) + ")");
        }
    }
}

struct DividerResult {
    Row divider_scalar, divider_simd, adam_scalar, adam_simd, mult_scalar, mult_simd;
};

// Adam's scalar and SIMD loops beside the divider's and beside Adam with the corrections
// as multipliers (AdamMultipliersRule, on its own theta, v and s), interleaved, at P
// parameters.
template <class T>
DividerResult bench_divider(std::size_t log2_P, const Options& o) {
    const std::size_t P = std::size_t(1) << log2_P;
    common::Rng rng(log2_P + 101);
    common::aligned_vector<T> theta(P), dtheta(P), s(P), theta2(P), theta3(P), v3(P, T(0)),
        s3(P, T(0));
    for (std::size_t i = 0; i < P; ++i) {
        theta[i] = theta2[i] = theta3[i] = T(rng.uniform(-1, 1));
        dtheta[i] = T(rng.uniform(-1, 1));
        s[i] = T(rng.uniform(0.5, 2));
    }
    adam::Adam<T> adam;
    const auto mult = AdamMultipliersRule<T>::at_step(10);
    check_multipliers(mult, adam::adam_rule<T>(adam.hyper, 10), std::span<const T>(dtheta));
    const std::span<T> s_span(s), v3_span(v3), s3_span(s3);
    std::vector<Kernel> kernels{
        {"divider-scalar", [&] { common::run_scalar<T>(DividerRule{}, theta2, dtheta, s_span); }},
        {"divider-simd", [&] { common::run_simd<T>(DividerRule{}, theta2, dtheta, s_span); }},
        {"adam-scalar", [&] { adam.step(theta, dtheta, common::Engine::scalar); }},
        {"adam-simd", [&] { adam.step(theta, dtheta, common::Engine::simd); }},
        {"multipliers-scalar",
         [&] { common::run_scalar<T>(mult, theta3, dtheta, v3_span, s3_span); }},
        {"multipliers-simd",
         [&] { common::run_simd<T>(mult, theta3, dtheta, v3_span, s3_span); }}};
    measure_interleaved(kernels, o.reps, o.ms * 1e-3);
    sink = sink + double(theta[P / 2]) + double(theta2[P / 3]) + double(theta3[P / 4]);
    auto row = [&](const Kernel& k, const char* rule, const char* variant) {
        return Row{"divider", rule, type_name<T>(), std::to_string(P), variant,
                   summarize(k.seconds), 0, 0, k.seconds};
    };
    return {row(kernels[0], "divider", "scalar"), row(kernels[1], "divider", "simd"),
            row(kernels[2], "adam", "scalar"), row(kernels[3], "adam", "simd"),
            row(kernels[4], "adam_multipliers", "scalar"),
            row(kernels[5], "adam_multipliers", "simd")};
}

// ---- alignment: what 64-byte-aligned storage is worth --------------------------------

struct AlignmentResult {
    Row aligned, misaligned;
};

// Adam's step (float or double, the chapter's default hyperparameters, run_simd) twice,
// interleaved: on 64-byte-aligned arrays, and with dtheta, v and s starting 16 bytes past
// a 64-byte boundary, as plain std::vector's large blocks do with glibc. theta stays
// aligned in both: run_simd peels to theta's boundary, so moving theta alone (or all four
// arrays by the same amount) would be undone by the peel.
template <class T>
AlignmentResult bench_alignment(std::size_t log2_P, const Options& o) {
    const std::size_t P = std::size_t(1) << log2_P;
    constexpr std::size_t off = 16 / sizeof(T);  // 16 bytes, in elements
    common::Rng rng(log2_P + 202);
    common::aligned_vector<T> theta(P), theta2(P), dtheta(P + off), v(P + off, T(0)),
        s(P + off, T(0));
    for (std::size_t i = 0; i < P; ++i) theta[i] = theta2[i] = T(rng.uniform(-1, 1));
    for (T& g : dtheta) g = T(rng.uniform(-1, 1));
    // t = 10: the bias-correction factors of a step well past the first
    const adam::AdamRule<T> rule = adam::adam_rule<T>(adam::Adam<T>{}.hyper, 10);
    auto step = [&](common::aligned_vector<T>& th, std::size_t k) {
        common::run_simd<T>(rule, std::span<T>(th), std::span<const T>(dtheta.data() + k, P),
                            std::span<T>(v.data() + k, P), std::span<T>(s.data() + k, P));
    };
    std::vector<Kernel> kernels{{"aligned", [&] { step(theta, 0); }},
                                {"misaligned", [&] { step(theta2, off); }}};
    const std::size_t reps = log2_P >= 24 ? std::min<std::size_t>(o.reps, 5) : o.reps;
    measure_interleaved(kernels, reps, o.ms * 1e-3);
    sink = sink + double(theta[P / 2]) + double(theta2[P / 3]);
    auto row = [&](const Kernel& k) {
        const Timing t = summarize(k.seconds);
        return Row{"alignment", "adam", type_name<T>(), std::to_string(P), k.variant, t,
                   7.0 * double(P * sizeof(T)) / t.median / 1e9, 0};
    };
    return {row(kernels[0]), row(kernels[1])};
}

// ---- batch normalization -------------------------------------------------------------

// batch_norm::forward then batch_norm::backward on Z (n x m), against the triad over the
// same footprint (Z, the cached Z_norm, Z_tilde, dZ_tilde, dZ: five n x m matrices).
// Bytes counted as for the triad: the pass reads Z and dZ_tilde, writes Z_tilde and dZ, and
// writes then reads back the cached Z_norm; each of the three matrices it writes is written
// without being read first, so each costs a write-allocate read too: 3 + 3 + 3 = 9 n m values.
// Interleaved with them: batch_norm::forward_fused + backward_fused (fused.hpp, the same
// equations with the passes merged) into its own Cache and Gradients, returned in fused_row.
template <class T>
Row bench_batch_norm(std::size_t n, std::size_t m, const Options& o, Row& triad_row,
                     Row& fused_row) {
    common::Rng rng(n * 7919 + m);
    common::Matrix<T> Z(n, m), dZ_tilde(n, m);
    for (T& z : Z.values()) z = T(rng.uniform(-2, 3));
    for (T& g : dZ_tilde.values()) g = T(rng.uniform(-1, 1));
    std::vector<T> gamma(n), beta(n);
    for (std::size_t k = 0; k < n; ++k) {
        gamma[k] = T(rng.uniform(0.5, 1.5));
        beta[k] = T(rng.uniform(-0.5, 0.5));
    }
    batch_norm::Cache<T> cache;
    batch_norm::Gradients<T> grads;
    batch_norm::Cache<T> fused_cache;
    batch_norm::Gradients<T> fused_grads;
    const T eps = T(1e-5);
    Triad<T> ceiling(5 * n * m * sizeof(T));
    std::vector<Kernel> kernels{
        {"triad", [&] { ceiling(); }},
        {"forward+backward", [&] {
             batch_norm::forward<T>(Z, gamma, beta, eps, cache);
             batch_norm::backward<T>(dZ_tilde, gamma, cache, grads);
         }},
        {"forward+backward fused", [&] {
             batch_norm::forward_fused<T>(Z, gamma, beta, eps, fused_cache);
             batch_norm::backward_fused<T>(dZ_tilde, gamma, fused_cache, fused_grads);
         }}};
    measure_interleaved(kernels, o.reps, o.ms * 1e-3);
    sink = sink + double(grads.dZ(n / 2, m / 2)) + double(fused_grads.dZ(n / 2, m / 2)) +
           double(ceiling.a[1]);

    const std::string size = std::to_string(n) + "x" + std::to_string(m);
    const Timing tt = summarize(kernels[0].seconds);
    triad_row = Row{"batchnorm", "triad", type_name<T>(), size, "triad", tt,
                    ceiling.bytes_counted() / tt.median / 1e9, 1.0};
    const Timing t = summarize(kernels[1].seconds);
    const double gbps = 9.0 * double(n * m * sizeof(T)) / t.median / 1e9;
    const Timing tf = summarize(kernels[2].seconds);
    const double fused_gbps = 9.0 * double(n * m * sizeof(T)) / tf.median / 1e9;
    fused_row = Row{"batchnorm", "forward+backward", type_name<T>(), size, "fused", tf,
                    fused_gbps, fused_gbps / triad_row.gbps, kernels[2].seconds};
    return Row{"batchnorm", "forward+backward", type_name<T>(), size, "simd", t, gbps,
               gbps / triad_row.gbps, kernels[1].seconds};
}

// ---- gradient descent epochs ---------------------------------------------------------

// m examples of p features, x ~ U(-1, 1) scaled to unit variance, y = theta_true^T x + noise.
gradient_descent::Dataset<double> synthetic_regression(std::size_t m, std::size_t p) {
    common::Rng rng(2024);
    gradient_descent::Dataset<double> d;
    d.X = common::Matrix<double>(p, m);
    std::vector<double> theta_true(p);
    for (double& t : theta_true) t = rng.uniform(-1, 1);
    d.y.assign(m, 0.0);
    for (std::size_t j = 0; j < p; ++j) {
        d.features.push_back("x" + std::to_string(j + 1));
        for (std::size_t k = 0; k < m; ++k) {
            d.X(j, k) = std::sqrt(3.0) * rng.uniform(-1, 1);
            d.y[k] += theta_true[j] * d.X(j, k);
        }
    }
    for (double& y : d.y) y += 0.1 * rng.uniform(-1, 1);
    return d;
}

struct GdRow {
    Row row;
    double per_example_ns;
};

std::vector<GdRow> bench_gd(const Options& o) {
    constexpr std::size_t m = 10000, p = 20;
    static_assert(p % 4 == 0, "the fused loop below sums four at a time");
    const gradient_descent::Dataset<double> data = synthetic_regression(m, p);
    const std::string size = std::to_string(m) + "x" + std::to_string(p);
    std::vector<GdRow> out;
    struct Variant {
        const char* name;
        std::size_t m_t;
        bool shuffle;
    };
    // Each epoch as train() runs it (the shuffle included, except for batch GD), and the
    // stochastic epoch without the shuffle: m times the per-example update alone
    // (residual, gradient, step: the inner loop of train()).
    for (const Variant v : {Variant{"batch", m, false}, Variant{"mini-batch", 64, true},
                            Variant{"stochastic", 1, true},
                            Variant{"stochastic-no-shuffle", 1, false}}) {
        std::fprintf(stderr, "bench: gd %s epochs\n", v.name);
        gradient_descent::Sgd<double> opt;
        opt.hyper.alpha = 0.01;
        common::Rng rng(7);
        std::vector<double> theta(p, 0.0);
        const std::size_t epochs = 2 + 4 * o.reps;
        const gradient_descent::TrainOptions options{
            .epochs = epochs, .batch_size = v.m_t, .shuffle = v.shuffle};
        const gradient_descent::History<double> h = gradient_descent::train(data, theta, opt, options, rng);
        if (h.diverged_at != 0) throw std::runtime_error("gd benchmark diverged");
        // Epochs 1 and 2 warm up; the rest are the repetitions.
        const Timing t = summarize({h.seconds.begin() + 2, h.seconds.end()});
        sink = sink + theta[0];
        out.push_back({Row{"gd-epoch", "sgd", "double", size, v.name, t, 0, 0},
                       t.median / double(m) * 1e9});
    }

    // One epoch's parts alone, interleaved: the shuffle (a permutation), the copy of X in
    // that order that the readable path makes (a chapter built on an exercise copy; train()
    // reads rows of X^T instead), and the stochastic step over the m rows of X^T three ways:
    // readable (gradient_one_example, then Sgd::step), as train() takes it
    // (Sgd::step_on_example), and hand-fused into one scalar loop (h, r and
    // theta := theta + alpha r x together, no dtheta).
    std::fprintf(stderr, "bench: gd shuffles and the stochastic step alone\n");
    common::Rng rng(8);
    gradient_descent::Dataset<double> shuffled;
    const common::Matrix<double> Xt = data.X.transpose();
    std::vector<double> theta_readable(p, 0.0), theta_step(p, 0.0), theta_fused(p, 0.0);
    std::vector<double> dtheta(p);
    gradient_descent::Sgd<double> sgd;
    sgd.hyper.alpha = 0.01;
    const double alpha = sgd.hyper.alpha;
    std::vector<Kernel> kernels{
        {"shuffle-permutation", [&] { sink = sink + double(rng.permutation(m)[0]); }},
        {"reorder-copy", [&] {
             const std::vector<std::size_t> order = rng.permutation(m);
             gradient_descent::reorder_examples(data, order, shuffled);
         }},
        {"stochastic-step-readable", [&] {
             for (std::size_t k = 0; k < m; ++k) {
                 gradient_descent::gradient_one_example<double>(theta_readable, Xt.row(k),
                                                                data.y[k], dtheta);
                 sgd.step(theta_readable, dtheta);
             }
         }},
        {"stochastic-step", [&] {
             for (std::size_t k = 0; k < m; ++k) sgd.step_on_example(theta_step, Xt.row(k), data.y[k]);
         }},
        {"stochastic-step-fused", [&] {
             const double* X = Xt.data();
             for (std::size_t k = 0; k < m; ++k) {
                 const double* x = X + k * p;
                 double s0 = 0, s1 = 0, s2 = 0, s3 = 0;  // p = 20: five rounds of four sums
                 for (std::size_t j = 0; j < p; j += 4) {
                     s0 += theta_fused[j] * x[j];
                     s1 += theta_fused[j + 1] * x[j + 1];
                     s2 += theta_fused[j + 2] * x[j + 2];
                     s3 += theta_fused[j + 3] * x[j + 3];
                 }
                 const double r = data.y[k] - ((s0 + s1) + (s2 + s3));
                 for (std::size_t j = 0; j < p; ++j) theta_fused[j] += alpha * r * x[j];
             }
         }}};
    measure_interleaved(kernels, o.reps, o.ms * 1e-3);
    sink = sink + shuffled.y[0] + theta_readable[0] + theta_step[0] + theta_fused[0];
    for (const Kernel& k : kernels) {
        const Timing t = summarize(k.seconds);
        out.push_back({Row{"gd-epoch", "sgd", "double", size, k.variant, t, 0, 0},
                       t.median / double(m) * 1e9});
    }
    return out;
}

// ---- the figure ----------------------------------------------------------------------

// GB/s against the footprint (MiB the arrays occupy), log-log: in cache the update is
// compute-bound and the SIMD loop pulls away from the scalar one; beyond the caches all
// meet the memory ceiling.
std::string throughput_svg(const std::vector<UpdateResult>& results) {
    plot::LineChart chart{.title = "Update loop throughput, float, one thread",
                          .x_label = "footprint of the arrays (MiB, log scale)",
                          .y_label = "GB/s moved (log scale)",
                          .series = {},
                          .log_x = true,
                          .log_y = true};
    auto footprint = [](const UpdateResult& r, int arrays) {
        return double(arrays) * std::stod(r.simd.size) * 4.0 / (1024.0 * 1024.0);
    };
    plot::Series ceiling{.label = "triad ceiling", .x = {}, .y = {}, .dashed = true};
    std::vector<std::pair<double, double>> ceiling_points;
    for (const char* rule : {"adam", "sgd"}) {
        const RuleInfo& info = *std::find_if(std::begin(rule_infos), std::end(rule_infos),
                                             [&](const RuleInfo& i) { return i.name == rule; });
        plot::Series simd{.label = std::string(rule) + " SIMD", .x = {}, .y = {}};
        plot::Series scalar{.label = std::string(rule) + " scalar", .x = {}, .y = {}};
        simd.markers = scalar.markers = true;
        for (const UpdateResult& r : results) {
            if (r.simd.rule != rule || r.simd.type != "float") continue;
            const double x = footprint(r, info.arrays);
            simd.x.push_back(x);
            simd.y.push_back(r.simd.gbps);
            scalar.x.push_back(x);
            scalar.y.push_back(r.scalar.gbps);
            ceiling_points.emplace_back(x, r.triad.gbps);
        }
        chart.series.push_back(simd);
        chart.series.push_back(scalar);
    }
    std::sort(ceiling_points.begin(), ceiling_points.end());
    for (const auto& [x, y] : ceiling_points) {
        ceiling.x.push_back(x);
        ceiling.y.push_back(y);
    }
    chart.series.push_back(ceiling);
    return plot::to_svg(chart);
}

// ---- the targets ---------------------------------------------------------------------

// The median over repetitions of a's time / b's time, each repetition's pair measured back
// to back: on a busy machine a repetition that lost the core to another process slows both
// or one, and the median of the pairs' ratios is less moved by it than the ratio of medians.
double paired_ratio(const Row& a, const Row& b) {
    std::vector<double> ratios;
    for (std::size_t r = 0; r < std::min(a.seconds.size(), b.seconds.size()); ++r) {
        ratios.push_back(a.seconds[r] / b.seconds[r]);
    }
    return summarize(ratios).median;
}

// One target: what is compared, the measured ratio, the bound, and why not when not met.
void print_target(const std::string& what, double ratio, const char* relation, double bound,
                  const std::string& reason) {
    const bool met = relation[0] == '>' ? ratio >= bound : ratio <= bound;
    std::printf("  %-50s %6.2f x  (%s %g x: %s)\n", what.c_str(), ratio, relation, bound,
                met ? "met" : "not met");
    if (met) return;
    // The reason, wrapped at 96 columns under "why:".
    std::string line = "      why:";
    std::size_t start = 0;
    while (start < reason.size()) {
        std::size_t end = reason.find(' ', start);
        if (end == std::string::npos) end = reason.size();
        const std::string word = reason.substr(start, end - start);
        if (line.size() + 1 + word.size() > 96) {
            std::printf("%s\n", line.c_str());
            line = "          ";
        }
        line += " " + word;
        start = end + 1;
    }
    std::printf("%s\n", line.c_str());
}

// printf's pattern with up to three numbers, as a string of whatever length it takes.
std::string format(const char* pattern, double a, double b = 0, double c = 0) {
    const int length = std::snprintf(nullptr, 0, pattern, a, b, c);
    std::string out(std::size_t(std::max(length, 0)), '\0');
    std::snprintf(out.data(), out.size() + 1, pattern, a, b, c);
    return out;
}

// The targets for the update loop and batch norm, each with its ratio from this run
// (the rows above) and, when not met, the reason the same run's numbers point to.
void print_targets(const std::vector<UpdateResult>& updates,
                   const std::vector<DividerResult>& dividers,
                   const std::vector<std::pair<Row, Row>>& batch_norms) {
    std::printf("\nTargets (this run's rows above; each ratio the median over repetitions of "
                "the two\ntimes measured back to back):\n");
    bool any = false;
    const auto find_update = [&](const char* size) -> const UpdateResult* {
        for (const UpdateResult& r : updates) {
            if (r.simd.rule == "adam" && r.simd.type == "float" && r.simd.size == size) {
                return &r;
            }
        }
        return nullptr;
    };
    const UpdateResult* in_cache = find_update("65536");
    for (const char* size : {"1048576", "16777216"}) {
        const UpdateResult* r = find_update(size);
        if (!r) continue;
        any = true;
        const double P = std::stod(size);
        const double ns = r->simd.t.median / P * 1e9;
        std::string reason = format(
            "Adam moves %.1f GB/s, the triad %.1f GB/s over the same footprint; Adam's 4 "
            "reads + 3 writes per parameter against the triad's 2 + 1 (+ 1 write-allocate)",
            r->simd.gbps, r->triad.gbps);
        if (in_cache) {
            const double ns_cache = in_cache->simd.t.median / 65536.0 * 1e9;
            reason += ns_cache >= 0.8 * ns
                          ? format("; in cache (2^16) the step already takes %.3f ns/param, "
                                   "%.0f%% of its %.3f here: the arithmetic, not memory, "
                                   "bounds it", ns_cache, 100 * ns_cache / ns, ns)
                          : format("; in cache (2^16) the step takes %.3f ns/param, %.0f%% of "
                                   "its %.3f here: memory bounds it", ns_cache,
                                   100 * ns_cache / ns, ns);
        }
        // GB/s over GB/s: (bytes / time) / (triad bytes / triad time)
        const double bytes = r->simd.gbps * r->simd.t.median;
        const double triad_bytes = r->triad.gbps * r->triad.t.median;
        print_target("Adam float SIMD / aligned triad (GB/s), P = 2^" +
                         std::to_string(std::size_t(std::log2(P))),
                     bytes / triad_bytes * paired_ratio(r->triad, r->simd), ">=", 1.0, reason);
    }
    for (const DividerResult& d : dividers) {
        if (d.adam_simd.type != "float" || d.adam_simd.size != "65536") continue;
        any = true;
        const double adam_ratio = paired_ratio(d.adam_simd, d.divider_simd);
        const double mult_ratio = paired_ratio(d.mult_simd, d.divider_simd);
        const std::string reason =
            mult_ratio <= 1.15
                ? format("Adam divides 3 times per parameter (v / (1 - beta1^t), s / (1 - "
                         "beta2^t), alpha v / sqrt), the divider once; with the corrections "
                         "as multipliers Adam takes %.2f x the divider (within), the notes' "
                         "form %.2f x", mult_ratio, adam_ratio)
                : format("Adam divides 3 times per parameter, the divider once; but even "
                         "with the corrections as multipliers (one division) Adam takes "
                         "%.2f x the divider: the moments' arithmetic and the two more arrays "
                         "(v and s written back, where the divider writes theta only) cost "
                         "the rest (the notes' form: %.2f x)",
                         mult_ratio, adam_ratio);
        print_target("Adam float SIMD / divider SIMD, P = 2^16 (time)", adam_ratio, "<=", 1.15,
                     reason);
    }
    for (const auto& [readable, fused] : batch_norms) {
        any = true;
        const std::string shape = readable.size.substr(0, readable.size.find('x')) + " x " +
                                  readable.size.substr(readable.size.find('x') + 1);
        print_target("batch norm float " + shape + ", readable / fused.hpp",
                     paired_ratio(readable, fused), "<=", 1.15,
                     format("the readable form's separate passes over each feature's row "
                            "(%.1f us) against fused.hpp's merged ones (%.1f us)",
                            readable.t.median * 1e6, fused.t.median * 1e6));
    }
    if (!batch_norms.empty()) {
        std::printf("  (batch norm: the bench has no hand-written loop; fused.hpp, the project's "
                    "merged\n  passes, is the fused form compared with.)\n");
    }
    if (!any) {
        std::printf("  none measured in this run (they need --only all or update with "
                    "--rule all or adam,\n  and --max-log2 20 or more for the triad ones)\n");
    }
}

// ---- main --------------------------------------------------------------------------

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    if (!(in >> one >> five >> fifteen)) return "unknown";
    return one + " " + five + " " + fifteen;
}

int run(const Options& o) {
    std::printf("bench: one thread, timed in its CPU time (CLOCK_THREAD_CPUTIME_ID; the gd "
                "epochs: train()'s\nown wall-clock seconds); %s\n", BENCH_BUILD);
    std::printf("SIMD: native_simd<float> has %zu lanes, native_simd<double> %zu\n",
                stdx::native_simd<float>::size(), stdx::native_simd<double>::size());
    std::printf("load average at start (1, 5, 15 min): %s\n", load_average().c_str());
    std::printf("Each number: the median of %zu repetitions (at most 5 at P = 2^24), each "
                "lasting at least\n%g ms; min and max are in the CSV.\n", o.reps, o.ms);
    std::vector<Row> rows;
    std::vector<UpdateResult> updates;
    std::vector<DividerResult> dividers;
    std::vector<std::pair<Row, Row>> batch_norms;  // float: readable, fused

    if (o.only == "all" || o.only == "update") {
        std::printf(
            "\nUpdate rules, one step over P parameters. Bytes counted per parameter: every\n"
            "array read once and theta and the states written in place (sgd 2 reads + 1 "
            "write,\nmomentum, rmsprop, nesterov and adagrad 3 + 2, adam, adamw and adam_l2 "
            "4 + 3, amsgrad\n5 + 4), no write-allocate: the lines written were just read. "
            "Ceiling: the triad\na = b + s c over arrays of the same footprint, timed "
            "interleaved with the two loops,\ncounting 2 reads + 1 write + 1 write-allocate."
            "\n\n");
        std::printf("%-8s %-6s %5s %10s %10s %8s %9s %9s %9s %9s\n", "rule", "type", "P",
                    "scalar", "SIMD", "SIMD/", "scalar", "SIMD", "ceiling", "SIMD/");
        std::printf("%-8s %-6s %5s %10s %10s %8s %9s %9s %9s %9s\n", "", "", "",
                    "ns/param", "ns/param", "scalar", "GB/s", "GB/s", "GB/s", "ceiling");
        const std::size_t max_log2 = o.max_log2;
        for (const RuleInfo& info : rule_infos) {
            if (o.rule != "all" && o.rule != info.name) continue;
            for (int type = 0; type < 2; ++type) {
                for (std::size_t log2_P = 12; log2_P <= max_log2; log2_P += 4) {
                    std::fprintf(stderr, "bench: update %s %s P = 2^%zu\n", info.name,
                                 type == 0 ? "float" : "double", log2_P);
                    const UpdateResult r = type == 0 ? bench_rule<float>(info, log2_P, o)
                                                     : bench_rule<double>(info, log2_P, o);
                    const double P = double(std::size_t(1) << log2_P);
                    std::printf("%-8s %-6s %5s %10.3f %10.3f %8.1f %9.1f %9.1f %9.1f %9.2f\n",
                                info.name, r.simd.type.c_str(),
                                ("2^" + std::to_string(log2_P)).c_str(),
                                r.scalar.t.median / P * 1e9, r.simd.t.median / P * 1e9,
                                r.scalar.t.median / r.simd.t.median, r.scalar.gbps,
                                r.simd.gbps, r.triad.gbps, r.simd.ratio);
                    std::fflush(stdout);
                    rows.insert(rows.end(), {r.triad, r.scalar, r.simd});
                    updates.push_back(r);
                }
            }
        }
    }

    if ((o.only == "all" || o.only == "update") && (o.rule == "all" || o.rule == "adam")) {
        std::printf(
            "\nThe divider: Adam's one square root and one division per parameter alone\n"
            "(theta := dtheta / sqrt(s) through the same two loops), interleaved with Adam's "
            "step,\nin cache. No Adam loop can be faster than the divider's; so Adam's "
            "SIMD/scalar\ncannot exceed adam scalar / divider SIMD on this machine.\n\n");
        std::printf("%-6s %5s %9s %9s %9s %9s %9s %9s %9s\n", "type", "P", "divider", "divider",
                    "adam", "adam", "adam SIMD", "adam", "bound on");
        std::printf("%-6s %5s %9s %9s %9s %9s %9s %9s %9s\n", "", "", "scalar", "SIMD",
                    "scalar", "SIMD", "/divider", "SIMD/", "SIMD/");
        std::printf("%-6s %5s %9s %9s %9s %9s %9s %9s %9s\n", "", "", "ns/param", "ns/param",
                    "ns/param", "ns/param", "SIMD", "scalar", "scalar");
        for (int type = 0; type < 2; ++type) {
            for (const std::size_t log2_P : {std::size_t(12), std::size_t(16)}) {
                std::fprintf(stderr, "bench: divider %s P = 2^%zu\n",
                             type == 0 ? "float" : "double", log2_P);
                const DividerResult d = type == 0 ? bench_divider<float>(log2_P, o)
                                                  : bench_divider<double>(log2_P, o);
                const double P = double(std::size_t(1) << log2_P);
                const double ds = d.divider_scalar.t.median, dv = d.divider_simd.t.median;
                const double as = d.adam_scalar.t.median, av = d.adam_simd.t.median;
                std::printf("%-6s %5s %9.3f %9.3f %9.3f %9.3f %9.2f %9.1f %9.1f\n",
                            d.adam_simd.type.c_str(), ("2^" + std::to_string(log2_P)).c_str(),
                            ds / P * 1e9, dv / P * 1e9, as / P * 1e9, av / P * 1e9, av / dv,
                            as / av, as / dv);
                std::fflush(stdout);
                rows.insert(rows.end(), {d.divider_scalar, d.divider_simd, d.adam_scalar,
                                         d.adam_simd, d.mult_scalar, d.mult_simd});
                dividers.push_back(d);
            }
        }
        std::printf(
            "\nThe notes' three divisions per parameter (v / (1 - beta1^t), s / (1 - beta2^t),\n"
            "alpha v_corrected / sqrt(...)) against one: Adam with alpha / (1 - beta1^t) and\n"
            "1 / (1 - beta2^t) as multipliers, computed once per step (the bench's own rule,\n"
            "same loop), timed interleaved with the rows above.\n\n");
        std::printf("%-6s %5s %9s %9s %9s %9s %9s %9s %9s\n", "type", "P", "adam", "mult.",
                    "adam", "mult.", "adam/", "adam/", "mult./");
        std::printf("%-6s %5s %9s %9s %9s %9s %9s %9s %9s\n", "", "", "scalar", "scalar",
                    "SIMD", "SIMD", "mult.", "mult.", "divider");
        std::printf("%-6s %5s %9s %9s %9s %9s %9s %9s %9s\n", "", "", "ns/param", "ns/param",
                    "ns/param", "ns/param", "scalar", "SIMD", "SIMD");
        for (const DividerResult& d : dividers) {
            const double P = std::stod(d.adam_simd.size);
            const double as = d.adam_scalar.t.median, av = d.adam_simd.t.median;
            const double ms = d.mult_scalar.t.median, mv = d.mult_simd.t.median;
            std::printf("%-6s %5s %9.3f %9.3f %9.3f %9.3f %9.2f %9.2f %9.2f\n",
                        d.adam_simd.type.c_str(),
                        ("2^" + std::to_string(std::size_t(std::log2(P)))).c_str(),
                        as / P * 1e9, ms / P * 1e9, av / P * 1e9, mv / P * 1e9, as / ms,
                        av / mv, mv / d.divider_simd.t.median);
        }
    }

    if ((o.only == "all" || o.only == "update") && (o.rule == "all" || o.rule == "adam")) {
        std::printf(
            "\nAlignment: Adam's SIMD step on 64-byte-aligned arrays (as every array above),\n"
            "and with dtheta, v and s 16 bytes past a 64-byte boundary (theta aligned, so\n"
            "the loop's peel cannot fix it): their loads and stores straddle cache lines.\n"
            "Interleaved; bytes counted as in the update table (4 reads + 3 writes).\n\n");
        std::printf("%-6s %5s %10s %10s %9s %9s %11s\n", "type", "P", "aligned", "misaligned",
                    "aligned", "misalign.", "misaligned/");
        std::printf("%-6s %5s %10s %10s %9s %9s %11s\n", "", "", "ns/param", "ns/param",
                    "GB/s", "GB/s", "aligned");
        for (int type = 0; type < 2; ++type) {
            for (std::size_t log2_P = 12; log2_P <= o.max_log2; log2_P += 4) {
                std::fprintf(stderr, "bench: alignment %s P = 2^%zu\n",
                             type == 0 ? "float" : "double", log2_P);
                const AlignmentResult a = type == 0 ? bench_alignment<float>(log2_P, o)
                                                    : bench_alignment<double>(log2_P, o);
                const double P = double(std::size_t(1) << log2_P);
                std::printf("%-6s %5s %10.3f %10.3f %9.1f %9.1f %11.2f\n",
                            a.aligned.type.c_str(), ("2^" + std::to_string(log2_P)).c_str(),
                            a.aligned.t.median / P * 1e9, a.misaligned.t.median / P * 1e9,
                            a.aligned.gbps, a.misaligned.gbps,
                            a.misaligned.t.median / a.aligned.t.median);
                std::fflush(stdout);
                rows.insert(rows.end(), {a.aligned, a.misaligned});
            }
        }
    }

    if (o.only == "all" || o.only == "batchnorm") {
        std::printf("\nBatch normalization, batch_norm::forward + batch_norm::backward "
                    "(chapters/07-batch-norm),\nZ is n features x m examples. Bytes counted "
                    "as for the triad: read Z and dZ_tilde,\nwrite Z_tilde and dZ, write and "
                    "read back the cached Z_norm, and a write-allocate for\neach of the three "
                    "matrices written (9 n m values). Ceiling: the triad over the same\n"
                    "footprint (5 n x m matrices), interleaved.\nfused: "
                    "batch_norm::forward_fused + backward_fused (fused.hpp: the same equations, "
                    "z_norm\nand z_tilde in one pass, dbeta and dgamma in one), interleaved "
                    "with them; readable/fused\nis the readable form's median time over the "
                    "fused form's (aimed for: <= 1.15).\n\n");
        std::printf("%-6s %11s %10s %10s %10s %9s %9s %9s %8s %8s\n", "type", "n x m",
                    "median us", "min us", "max us", "GB/s", "ceiling", "/ceiling", "fused us",
                    "readable");
        std::printf("%-6s %11s %10s %10s %10s %9s %9s %9s %8s %8s\n", "", "", "", "", "", "",
                    "", "", "", "/fused");
        for (int type = 0; type < 2; ++type) {
            for (const auto& [n, m] : {std::pair<std::size_t, std::size_t>{1024, 256},
                                       std::pair<std::size_t, std::size_t>{256, 1024}}) {
                std::fprintf(stderr, "bench: batch norm %s %zu x %zu\n",
                             type == 0 ? "float" : "double", n, m);
                Row triad_row, fused;
                const Row r = type == 0 ? bench_batch_norm<float>(n, m, o, triad_row, fused)
                                        : bench_batch_norm<double>(n, m, o, triad_row, fused);
                std::printf("%-6s %11s %10.1f %10.1f %10.1f %9.1f %9.1f %9.2f %8.1f %8.2f\n",
                            r.type.c_str(), (std::to_string(n) + " x " + std::to_string(m)).c_str(),
                            r.t.median * 1e6, r.t.min * 1e6, r.t.max * 1e6, r.gbps,
                            triad_row.gbps, r.ratio, fused.t.median * 1e6,
                            r.t.median / fused.t.median);
                std::fflush(stdout);
                rows.insert(rows.end(), {triad_row, r, fused});
                if (type == 0) batch_norms.emplace_back(r, fused);
            }
        }
    }

    if (o.only == "all" || o.only == "gd") {
        std::printf("\nGradient descent on a synthetic regression, m = 10000 examples, p = 20, "
                    "double,\ngradient_descent::train with gradient_descent::Sgd (epochs include the shuffle; "
                    "batch does not shuffle);\nthen the parts alone, interleaved: the "
                    "shuffle, the reordered copy of X the readable path\nmakes (train() reads "
                    "rows of X^T instead), and the stochastic step over the rows of X^T\n"
                    "(readable: gradient_one_example + Sgd::step; stochastic-step: "
                    "Sgd::step_on_example, as\ntrain() runs it; fused: the same arithmetic "
                    "hand-fused into one scalar loop):\n\n");
        std::printf("%-24s %10s %10s %10s %14s\n", "variant", "median us", "min us", "max us",
                    "ns per example");
        for (const GdRow& g : bench_gd(o)) {
            std::printf("%-24s %10.1f %10.1f %10.1f %14.1f\n", g.row.variant.c_str(),
                        g.row.t.median * 1e6, g.row.t.min * 1e6, g.row.t.max * 1e6,
                        g.per_example_ns);
            rows.push_back(g.row);
        }
    }

    print_targets(updates, dividers, batch_norms);

    std::printf("\nload average at end (1, 5, 15 min): %s\n", load_average().c_str());
    const std::filesystem::path out(o.out);
    write_csv(out / "results.csv", rows);
    std::printf("wrote %s\n", (out / "results.csv").c_str());
    if (!updates.empty()) {
        plot::write_svg(out / "throughput.svg", throughput_svg(updates));
        std::printf("wrote %s\n", (out / "throughput.svg").c_str());
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    common::Cli cli("bench", "Times the update rules (scalar and SIMD) against a memory "
                             "ceiling, batch norm, and gradient-descent epochs.");
    cli.flag("reps", o.reps, "repetitions per configuration (at most 5 at P = 2^24)",
             common::between(1, 101));
    cli.flag("ms", o.ms, "each repetition runs the kernel for at least this many ms",
             common::between(0.1, 1000));
    cli.flag("max-log2", o.max_log2, "largest P = 2^N parameters (12, 16, 20, 24)",
             common::between(12, 24));
    cli.choice("only", o.only, {"all", "update", "batchnorm", "gd"}, "run only one part");
    cli.choice("rule", o.rule,
               {"all", "sgd", "momentum", "rmsprop", "adam", "nesterov", "adagrad", "adamw",
                "adam_l2", "amsgrad"},
               "time only one update rule");
    cli.flag("out", o.out, "folder for results.csv and throughput.svg");
    cli.parse_or_exit(argc, argv);
    return cli.run([&] { return run(o); });
}
