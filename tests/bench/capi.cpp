// capi.cpp: a small C ABI over the chapters' own code, for tests/bench/compare_torch.py,
// which builds it into a shared library and loads it with ctypes beside PyTorch and NumPy.
// Nothing is re-implemented here: each call hands its arrays to the chapters' types.
//   update rules (float): gradient_descent::Sgd, momentum::Momentum, rmsprop::RmsProp,
//     adam::Adam; an optimizer object keeps its state (v, s, t) in its own 64-byte-aligned
//     storage, as the chapters do, and dl_opt_state copies it out;
//   batch norm (float, Z is n x m): batch_norm::forward + batch_norm::backward, or their
//     passes-merged forms forward_fused + backward_fused (fused.hpp), each into its own cache;
//   gradient descent (double): gradient_descent::train with gradient_descent::Sgd, its
//     per-epoch times (History::seconds, the shuffle included, the cost J after the epoch not).
// Every function returns 0 on success; on failure 1, and dl_last_error() says why (no C++
// exception crosses the boundary). Not part of the CMake build or of make test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"
#include "chapters/01-gradient-descent/train.hpp"
#include "chapters/03-momentum/momentum.hpp"
#include "chapters/04-rmsprop/rmsprop.hpp"
#include "chapters/05-adam/adam.hpp"
#include "chapters/07-batch-norm/batch_norm.hpp"
#include "chapters/07-batch-norm/fused.hpp"
#include "common/random.hpp"

namespace {

std::string last_error;

// Runs f; turns an exception into return value 1 and the message dl_last_error() gives.
template <class F>
int guarded(F f) {
    try {
        f();
        return 0;
    } catch (const std::exception& e) {
        last_error = e.what();
    } catch (...) {
        last_error = "unknown error";
    }
    return 1;
}

using Optimizer = std::variant<gradient_descent::Sgd<float>, momentum::Momentum<float>,
                               rmsprop::RmsProp<float>, adam::Adam<float>>;

struct BatchNorm {
    common::Matrix<float> Z, dZ_tilde;  // n x m
    std::vector<float> gamma, beta;     // n
    float eps = 0;
    batch_norm::Cache<float> cache[2];        // [0]: readable form, [1]: fused form
    batch_norm::Gradients<float> grads[2];
};

struct Regression {
    gradient_descent::Dataset<double> data;  // X is p x m, as the chapters hold it
};

rmsprop::EpsPlacement placement(int eps_outside) {
    return eps_outside ? rmsprop::EpsPlacement::outside : rmsprop::EpsPlacement::inside;
}

}  // namespace

extern "C" {

const char* dl_last_error() { return last_error.c_str(); }

// ---- update rules, float ----------------------------------------------------------------

// theta := theta - alpha dtheta
void* dl_sgd_new(double alpha) {
    gradient_descent::Sgd<float> o;
    o.hyper.alpha = float(alpha);
    return new Optimizer(o);
}

// unscaled = 0: the notes' v := beta v + (1 - beta) dtheta; 1: v := beta v + dtheta (torch).
void* dl_momentum_new(double alpha, double beta, int unscaled) {
    momentum::Momentum<float> o;  // hyperparameters in double, as torch's
    o.hyper.alpha = alpha;
    o.hyper.beta = beta;
    o.hyper.form = unscaled ? momentum::MomentumForm::unscaled : momentum::MomentumForm::notes;
    return new Optimizer(o);
}

void* dl_rmsprop_new(double alpha, double beta2, double eps, int eps_outside) {
    rmsprop::RmsProp<float> o;
    o.hyper.alpha = alpha;
    o.hyper.beta2 = beta2;
    o.hyper.eps = eps;
    o.hyper.eps_placement = placement(eps_outside);
    return new Optimizer(o);
}

void* dl_adam_new(double alpha, double beta1, double beta2, double eps, int eps_outside) {
    adam::Adam<float> o;
    o.hyper.alpha = alpha;
    o.hyper.beta1 = beta1;
    o.hyper.beta2 = beta2;
    o.hyper.eps = eps;
    o.hyper.eps_placement = placement(eps_outside);
    return new Optimizer(o);
}

void dl_opt_free(void* opt) { delete static_cast<Optimizer*>(opt); }

// `count` steps of the optimizer's rule (SIMD loop) on theta (n) with the same dtheta (n).
int dl_opt_step(void* opt, float* theta, const float* dtheta, std::size_t n,
                std::size_t count) {
    return guarded([&] {
        const std::span<float> th(theta, n);
        const std::span<const float> dth(dtheta, n);
        std::visit([&](auto& o) {
            for (std::size_t c = 0; c < count; ++c) o.step(th, dth);
        }, *static_cast<Optimizer*>(opt));
    });
}

// Copies the state out: v (momentum, Adam) and s (RMSprop, Adam), n values each, into the
// arrays given (null: skip); *t gets Adam's step count (0 for the others).
int dl_opt_state(void* opt, float* v, float* s, std::size_t n, long* t) {
    return guarded([&] {
        const auto copy = [n](const auto& state, float* out) {
            if (out == nullptr) return;
            if (state.size() != n) {
                throw std::invalid_argument("dl_opt_state: the state has " +
                                            std::to_string(state.size()) + " values, not " +
                                            std::to_string(n));
            }
            std::copy(state.begin(), state.end(), out);
        };
        *t = 0;
        std::visit([&](const auto& o) {
            using O = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<O, momentum::Momentum<float>>) copy(o.v, v);
            if constexpr (std::is_same_v<O, rmsprop::RmsProp<float>>) copy(o.s, s);
            if constexpr (std::is_same_v<O, adam::Adam<float>>) {
                copy(o.v, v);
                copy(o.s, s);
                *t = o.t;
            }
        }, *static_cast<Optimizer*>(opt));
    });
}

// ---- batch norm, float -------------------------------------------------------------------

// Z and dZ_tilde: n x m, row-major (feature k's m values contiguous); gamma, beta: n.
void* dl_bn_new(std::size_t n, std::size_t m, const float* Z, const float* dZ_tilde,
                const float* gamma, const float* beta, double eps) {
    auto* bn = new BatchNorm;
    bn->Z = common::Matrix<float>(n, m);
    bn->dZ_tilde = common::Matrix<float>(n, m);
    std::copy(Z, Z + n * m, bn->Z.data());
    std::copy(dZ_tilde, dZ_tilde + n * m, bn->dZ_tilde.data());
    bn->gamma.assign(gamma, gamma + n);
    bn->beta.assign(beta, beta + n);
    bn->eps = float(eps);
    return bn;
}

void dl_bn_free(void* bn) { delete static_cast<BatchNorm*>(bn); }

// `count` times: batch_norm::forward (training mode), then batch_norm::backward; with
// fused = 1, batch_norm::forward_fused, then backward_fused.
int dl_bn_run(void* handle, std::size_t count, int fused) {
    return guarded([&] {
        BatchNorm& bn = *static_cast<BatchNorm*>(handle);
        batch_norm::Cache<float>& cache = bn.cache[fused ? 1 : 0];
        batch_norm::Gradients<float>& grads = bn.grads[fused ? 1 : 0];
        for (std::size_t c = 0; c < count; ++c) {
            if (fused) {
                batch_norm::forward_fused<float>(bn.Z, bn.gamma, bn.beta, bn.eps, cache);
                batch_norm::backward_fused<float>(bn.dZ_tilde, bn.gamma, cache, grads);
            } else {
                batch_norm::forward<float>(bn.Z, bn.gamma, bn.beta, bn.eps, cache);
                batch_norm::backward<float>(bn.dZ_tilde, bn.gamma, cache, grads);
            }
        }
    });
}

// The last run's Z_tilde and dZ (n x m), dgamma and dbeta (n), of the form `fused` names.
int dl_bn_results(void* handle, int fused, float* Z_tilde, float* dZ, float* dgamma,
                  float* dbeta) {
    return guarded([&] {
        const BatchNorm& bn = *static_cast<const BatchNorm*>(handle);
        const batch_norm::Cache<float>& cache = bn.cache[fused ? 1 : 0];
        const batch_norm::Gradients<float>& grads = bn.grads[fused ? 1 : 0];
        if (grads.dZ.size() != bn.Z.size()) {
            throw std::logic_error("dl_bn_results: call dl_bn_run with the same form first");
        }
        std::copy(cache.Z_tilde.values().begin(), cache.Z_tilde.values().end(), Z_tilde);
        std::copy(grads.dZ.values().begin(), grads.dZ.values().end(), dZ);
        std::copy(grads.dgamma.begin(), grads.dgamma.end(), dgamma);
        std::copy(grads.dbeta.begin(), grads.dbeta.end(), dbeta);
    });
}

// ---- gradient descent on the linear model, double ------------------------------------------

// X: m x p row-major (one example per row, as NumPy holds it); the chapters' Dataset holds
// its transpose, p x m.
void* dl_gd_new(const double* X, const double* y, std::size_t m, std::size_t p) {
    auto* r = new Regression;
    r->data.X = common::Matrix<double>(p, m);
    for (std::size_t k = 0; k < m; ++k) {
        for (std::size_t j = 0; j < p; ++j) r->data.X(j, k) = X[k * p + j];
    }
    r->data.y.assign(y, y + m);
    r->data.features.assign(p, "x");
    return r;
}

void dl_gd_free(void* r) { delete static_cast<Regression*>(r); }

// gradient_descent::train: `epochs` epochs of m_t = batch_size examples per step (1:
// stochastic, m: batch), a new order every epoch from Rng(seed) when shuffle is set; theta
// (p) in place. seconds[i] and cost[i] (epochs values each, or null) get epoch i's time and
// the full-set cost J after it. A run that diverges stops early: its epochs are filled with 0.
int dl_gd_train(void* handle, double* theta, double alpha, std::size_t batch_size, int shuffle,
                std::size_t epochs, std::uint64_t seed, double* seconds, double* cost) {
    return guarded([&] {
        const Regression& r = *static_cast<const Regression*>(handle);
        std::vector<double> th(theta, theta + r.data.p());
        gradient_descent::Sgd<double> sgd;
        sgd.hyper.alpha = alpha;
        common::Rng rng(seed);
        const gradient_descent::TrainOptions options{
            .epochs = epochs, .batch_size = batch_size, .shuffle = shuffle != 0};
        const gradient_descent::History<double> h =
            gradient_descent::train(r.data, th, sgd, options, rng);
        std::copy(th.begin(), th.end(), theta);
        for (std::size_t i = 0; i < epochs; ++i) {
            if (seconds) seconds[i] = i < h.seconds.size() ? h.seconds[i] : 0;
            if (cost) cost[i] = i < h.cost.size() ? h.cost[i] : 0;
        }
    });
}

}  // extern "C"
