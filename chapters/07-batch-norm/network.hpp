// network.hpp: the small fully connected network on which chapter 7 measures the notes'
// claims about batch norm: dense layers, ReLU, softmax cross-entropy, trained with plain
// mini-batch gradient descent (theta := theta - alpha dtheta, gradient_descent::Sgd). With
// batch norm, each hidden layer computes Z = W A, Z_tilde = BN(Z), A = ReLU(Z_tilde) with no
// bias b: this project's choice, since BN subtracts the batch mean, which cancels any b, and
// beta adds a learned shift back, so b would be redundant. Layout as in the notes: A^[l] is
// n_l x m (examples are columns). Also: the 8x8 digits data set, and the option the notes'
// last paragraph describes, training with the running averages in the forward pass
// (backward_running), with the size of dZ's terms through mu and sigma2 (Feedback).
// Beyond the notes: layer norm in place of batch norm (Norm::layer), the same place in each
// hidden layer, gamma and beta per feature, no b, no running averages.
// Leaves out: dropout, weight decay, momentum.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/07-batch-norm/batch_norm.hpp"
#include "common/io/csv.hpp"
#include "chapters/01-gradient-descent/linear_model.hpp"  // Columns, mini_batches
#include "common/matrix.hpp"
#include "chapters/01-gradient-descent/gradient_descent.hpp"
#include "common/random.hpp"

namespace batch_norm {

// ---- Data --------------------------------------------------------------------------

// A classification set in the notes' layout: X is p x m, label k belongs to column k.
template <class T>
struct Labelled {
    Matrix<T> X;
    std::vector<int> y;
    std::size_t m() const { return X.cols(); }
};

// The 8x8 digits: columns p0..p63 (pixel counts 0..16, scaled by 1/16) and label (0..9).
inline Labelled<double> load_digits(const std::string& path) {
    std::vector<std::string> columns;
    for (int j = 0; j < 64; ++j) columns.push_back("p" + std::to_string(j));
    columns.push_back("label");
    const common::CsvTable table = common::read_csv(path, columns);
    const std::size_t m = table.rows.rows();
    Labelled<double> d{Matrix<double>(64, m), std::vector<int>(m)};
    for (std::size_t k = 0; k < m; ++k) {
        const std::string line = path + ":" + std::to_string(k + 2);  // + the header line
        for (std::size_t j = 0; j < 64; ++j) {
            const double v = table.rows(k, j);
            if (!(v >= 0 && v <= 16)) {
                throw common::CsvError(line + " (p" + std::to_string(j) + "): pixel value " +
                                       std::to_string(v) + " is outside 0..16");
            }
            d.X(j, k) = v / 16;  // pixels scaled to 0..1
        }
        const double label = table.rows(k, 64);
        if (!(label >= 0 && label <= 9 && label == std::floor(label))) {
            throw common::CsvError(line + " (label): " + std::to_string(label) +
                                   " is not a digit 0..9");
        }
        d.y[k] = int(label);
    }
    return d;
}

// The examples in `order` (columns of X, entries of y).
template <class T>
Labelled<T> select(const Labelled<T>& d, std::span<const std::size_t> order) {
    Labelled<T> out{Matrix<T>(d.X.rows(), order.size()), std::vector<int>(order.size())};
    for (std::size_t j = 0; j < d.X.rows(); ++j) {
        for (std::size_t k = 0; k < order.size(); ++k) out.X(j, k) = d.X(j, order[k]);
    }
    for (std::size_t k = 0; k < order.size(); ++k) out.y[k] = d.y[order[k]];
    return out;
}

// A fixed split: shuffle with the seed, the first m_train examples train, the rest test.
template <class T>
std::pair<Labelled<T>, Labelled<T>> split(const Labelled<T>& d, std::size_t m_train,
                                          std::uint64_t seed) {
    if (m_train == 0 || m_train >= d.m()) {
        throw std::invalid_argument("split: need 0 < m_train < m = " + std::to_string(d.m()));
    }
    common::Rng rng(seed);
    const std::vector<std::size_t> order = rng.permutation(d.m());
    const std::span<const std::size_t> all(order);
    return {select(d, all.first(m_train)), select(d, all.subspan(m_train))};
}

// ---- The network -------------------------------------------------------------------

// What normalizes each hidden layer's Z before its ReLU: nothing, batch norm (statistics
// over the mini-batch's examples) or, beyond the notes, layer norm (over each example's
// features).
enum class Norm { none, batch, layer };

inline const char* norm_name(Norm norm) {
    return norm == Norm::batch ? "batch norm" : norm == Norm::layer ? "layer norm" : "neither";
}

// Where layer l's parameters sit in theta. Hidden layers with batch norm (or layer norm)
// have gamma and beta and no b; the output layer and layers without a norm have b.
struct Layer {
    std::size_t n_in = 0, n_out = 0;
    bool bn = false;
    std::size_t W = 0, b = 0, gamma = 0, beta = 0;  // offsets into theta
};

template <class T>
struct Network {
    std::vector<std::size_t> sizes;   // n_0 (inputs), n_1, ..., n_L (classes)
    bool batch_norm = false;          // batch norm before each hidden activation
    bool layer_norm = false;          // with batch_norm: layer norm in its place (no running)
    T eps = T(1e-5);                  // batch norm's eps
    std::vector<Layer> layers;        // L layers
    std::vector<T> theta;             // all parameters: W, b or gamma, beta of each layer
    std::vector<Running<T>> running;  // running mu, sigma2 of each hidden layer (batch norm)

    std::size_t L() const { return layers.size(); }
    // Layer l's parameters, as views into theta: W is n_out x n_in, row-major.
    std::span<const T> W(std::size_t l) const {
        return view(layers[l].W, layers[l].n_out * layers[l].n_in);
    }
    std::span<const T> b(std::size_t l) const { return view(layers[l].b, layers[l].n_out); }
    std::span<const T> gamma(std::size_t l) const {
        return view(layers[l].gamma, layers[l].n_out);
    }
    std::span<const T> beta(std::size_t l) const { return view(layers[l].beta, layers[l].n_out); }

private:
    std::span<const T> view(std::size_t at, std::size_t count) const {
        return std::span<const T>(theta).subspan(at, count);
    }
};

// He initialization: W ~ N(0, 2 / n_in), b = 0, gamma = 1, beta = 0; running mu 0, sigma2 1.
// With Norm::layer the hidden layers have the same gamma, beta (no b) as with batch norm.
template <class T>
Network<T> make_network(const std::vector<std::size_t>& sizes, Norm norm, T eps,
                        common::Rng& rng) {
    if (sizes.size() < 2) throw std::invalid_argument("a network needs at least 2 sizes");
    const bool batch_norm = norm != Norm::none;
    Network<T> net;
    net.sizes = sizes;
    net.batch_norm = batch_norm;
    net.layer_norm = norm == Norm::layer;
    net.eps = eps;
    std::size_t at = 0;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        Layer layer{.n_in = sizes[l], .n_out = sizes[l + 1]};
        layer.bn = batch_norm && l + 2 < sizes.size();  // hidden layers only
        layer.W = at;
        at += layer.n_out * layer.n_in;
        if (layer.bn) {
            layer.gamma = at;
            layer.beta = at + layer.n_out;
            at += 2 * layer.n_out;
        } else {
            layer.b = at;
            at += layer.n_out;
        }
        net.layers.push_back(layer);
    }
    net.theta.assign(at, T(0));
    for (const Layer& layer : net.layers) {
        const double sd = std::sqrt(2.0 / double(layer.n_in));
        for (std::size_t q = 0; q < layer.n_out * layer.n_in; ++q) {
            net.theta[layer.W + q] = T(rng.normal(0.0, sd));
        }
        if (layer.bn) {
            std::fill_n(net.theta.begin() + std::ptrdiff_t(layer.gamma), layer.n_out, T(1));
            if (!net.layer_norm) net.running.push_back(Running<T>::start(layer.n_out));
        }
    }
    return net;
}

template <class T>
Network<T> make_network(const std::vector<std::size_t>& sizes, bool batch_norm, T eps,
                        common::Rng& rng) {
    return make_network<T>(sizes, batch_norm ? Norm::batch : Norm::none, eps, rng);
}

// Z = W A (+ b): W is n_out x n_in (row-major, inside theta), A is n_in x m.
template <class T>
void dense(std::span<const T> W, std::span<const T> b, const Matrix<T>& A, Matrix<T>& Z) {
    const std::size_t n_out = Z.rows(), n_in = A.rows();
    if (W.size() != n_out * n_in || A.cols() != Z.cols()) {
        throw std::invalid_argument("dense: W has " + std::to_string(W.size()) + " values, A is " +
                                    common::shape(n_in, A.cols()) + ", Z is " +
                                    common::shape(n_out, Z.cols()));
    }
    for (std::size_t i = 0; i < n_out; ++i) {
        const std::span<T> z = Z.row(i);
        std::fill(z.begin(), z.end(), b.empty() ? T(0) : b[i]);
        for (std::size_t k = 0; k < n_in; ++k) {  // z += w_ik a_k, a whole row at a time
            const T w = W[i * n_in + k];
            simd_map([w](auto zj, auto aj) { return zj + w * aj; }, z, std::span<const T>(z),
                     A.row(k));
        }
    }
}

// A = ReLU(Z) = max(0, Z)
template <class T>
void relu(const Matrix<T>& Z, Matrix<T>& A) {
    for (std::size_t q = 0; q < Z.size(); ++q) A.values()[q] = std::max(T(0), Z.values()[q]);
}

// Softmax of each column (example), computed with the largest logit subtracted.
template <class T>
void softmax(const Matrix<T>& Z, Matrix<T>& P) {
    const std::size_t c = Z.rows(), m = Z.cols();
    for (std::size_t k = 0; k < m; ++k) {
        T top = Z(0, k);
        for (std::size_t i = 1; i < c; ++i) top = std::max(top, Z(i, k));
        T sum = 0;
        for (std::size_t i = 0; i < c; ++i) sum += (P(i, k) = std::exp(Z(i, k) - top));
        for (std::size_t i = 0; i < c; ++i) P(i, k) /= sum;
    }
}

// J = -(1/m) sum_k log P(y_k, k), the cross-entropy of the softmax outputs.
template <class T>
T cross_entropy(const Matrix<T>& P, std::span<const int> y) {
    T sum = 0;
    for (std::size_t k = 0; k < y.size(); ++k) sum -= std::log(P(std::size_t(y[k]), k));
    return sum / T(y.size());
}

// What a forward pass keeps for the backward pass.
template <class T>
struct Tape {
    const Matrix<T>* X = nullptr;  // the input A^[0], not copied
    std::vector<Matrix<T>> Z;      // per layer: W A + b (before batch norm)
    std::vector<Cache<T>> bn;      // per layer with batch norm: its cache (Z_tilde inside)
    std::vector<Matrix<T>> A;      // per hidden layer: ReLU(Z_tilde), or ReLU(Z) without BN
    Matrix<T> P;                   // softmax of the last Z: the class probabilities
    // Training with the running averages in the forward pass (see backward_running):
    std::vector<std::vector<T>> batch_mu;  // per layer with batch norm: the batch's own mu
    T weight = 1;                          // 1 - beta: the batch's share of mu, sigma2 used
};

// The notes' last paragraph, as an option: train with the running averages in the forward
// pass. The layer normalizes with mu_hat = beta r_mu + (1 - beta) mu and sigma2_hat =
// beta r_sigma2 + (1 - beta) sigma2 (the running averages after this batch's update), so z
// reaches mu_hat and sigma2_hat with weight w = 1 - beta, and with s = sqrt(sigma2_hat + eps):
//   dZ = gamma / s (dZ_tilde - w mean(dZ_tilde) - w (Z - mu) / s mean(dZ_tilde * Z_norm))
// where Z_norm = (Z - mu_hat) / s and (Z - mu) / s = Z_norm + (mu_hat - mu) / s. With w = 1
// this is backward(): the terms through mu and sigma2 shrink by w.
template <class T>
void backward_running(const Matrix<T>& dZ_tilde, std::span<const T> gamma, const Cache<T>& cache,
                      std::span<const T> batch_mu, T w, Gradients<T>& out) {
    const std::size_t n = cache.Z_norm.rows(), m = cache.Z_norm.cols();
    if (dZ_tilde.rows() != n || dZ_tilde.cols() != m || gamma.size() != n ||
        batch_mu.size() != n) {
        throw std::invalid_argument("backward_running: dZ_tilde is " +
                                    common::shape(dZ_tilde.rows(), dZ_tilde.cols()) +
                                    ", the forward pass had Z " + common::shape(n, m));
    }
    fit(out.dZ, n, m);
    out.dgamma.resize(n);
    out.dbeta.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
        const std::span<const T> g = dZ_tilde.row(k), zn = cache.Z_norm.row(k);
        const T sum_g = row_sum(g), sum_g_zn = row_dot(g, zn);
        out.dbeta[k] = sum_g;
        out.dgamma[k] = sum_g_zn;
        const T s = std::sqrt(cache.sigma2[k] + cache.eps);
        const T shift = (cache.mu[k] - batch_mu[k]) / s;  // (Z - mu) / s = Z_norm + shift
        const T mean_g = w * sum_g / T(m), mean_g_zn = w * sum_g_zn / T(m), scale = gamma[k] / s;
        for (std::size_t i = 0; i < m; ++i) {
            out.dZ(k, i) = scale * (g[i] - mean_g - (zn[i] + shift) * mean_g_zn);
        }
    }
}

// How large the terms of dZ that flow through mu and sigma2 are against the term that does
// not: sums of squares of dZ - gamma / sqrt(sigma2 + eps) dZ_tilde and of
// gamma / sqrt(sigma2 + eps) dZ_tilde over every batch-norm layer and step.
struct Feedback {
    double through = 0, direct = 0;
    double ratio() const { return direct > 0 ? std::sqrt(through / direct) : 0; }
};

// Which mu, sigma2 the batch-norm layers use: the mini-batch's own (training), or fixed
// statistics given per hidden layer (test time: running averages, or the training set's).
template <class T>
void forward(const Network<T>& net, const Matrix<T>& X, Tape<T>& tape,
             const std::vector<Running<T>>* fixed_statistics = nullptr,
             const T* running_beta = nullptr) {
    const std::size_t L = net.L(), m = X.cols();
    if (X.rows() != net.sizes.front()) {
        throw std::invalid_argument("network: X has " + std::to_string(X.rows()) +
                                    " rows, the network takes " +
                                    std::to_string(net.sizes.front()));
    }
    if (fixed_statistics && fixed_statistics->size() != net.running.size()) {
        throw std::invalid_argument("network: statistics for " +
                                    std::to_string(fixed_statistics->size()) +
                                    " batch-norm layers, the network has " +
                                    std::to_string(net.running.size()));
    }
    tape.X = &X;
    tape.Z.resize(L);
    tape.bn.resize(L);
    tape.A.resize(L);
    tape.batch_mu.resize(L);
    tape.weight = running_beta ? T(1) - *running_beta : T(1);
    const Matrix<T>* A = &X;
    std::size_t h = 0;  // index of the batch-norm layer
    for (std::size_t l = 0; l < L; ++l) {
        const Layer& layer = net.layers[l];
        Matrix<T>& Z = tape.Z[l];
        fit(Z, layer.n_out, m);
        dense(net.W(l), layer.bn ? std::span<const T>() : net.b(l), *A, Z);
        if (l + 1 == L) break;
        const Matrix<T>* pre = &Z;  // what ReLU gets: Z_tilde with batch norm, Z without
        if (layer.bn && net.layer_norm) {  // the same at training and test time
            layer_norm_forward<T>(Z, net.gamma(l), net.beta(l), net.eps, tape.bn[l]);
            pre = &tape.bn[l].Z_tilde;
        } else if (layer.bn) {
            Cache<T>& c = tape.bn[l];
            if (fixed_statistics) {
                const Running<T>& s = (*fixed_statistics)[h];
                c.eps = net.eps;
                forward_test<T>(Z, net.gamma(l), net.beta(l), net.eps, s.mu, s.sigma2,
                                c.Z_tilde);
            } else if (running_beta) {  // the running averages after this batch's update
                batch_norm::forward(Z, net.gamma(l), net.beta(l), net.eps, c);
                tape.batch_mu[l] = c.mu;
                for (std::size_t k = 0; k < c.mu.size(); ++k) {
                    c.mu[k] = ewma::step(net.running[h].mu[k], c.mu[k], *running_beta);
                    c.sigma2[k] = ewma::step(net.running[h].sigma2[k], c.sigma2[k], *running_beta);
                    z_norm<T>(Z.row(k), c.mu[k], c.sigma2[k], net.eps, c.Z_norm.row(k));
                    z_tilde<T>(c.Z_norm.row(k), net.gamma(l)[k], net.beta(l)[k], c.Z_tilde.row(k));
                }
            } else {
                batch_norm::forward(Z, net.gamma(l), net.beta(l), net.eps, c);
            }
            pre = &c.Z_tilde;
            ++h;
        }
        Matrix<T>& A_l = tape.A[l];
        fit(A_l, layer.n_out, m);
        relu(*pre, A_l);
        A = &A_l;
    }
    fit(tape.P, net.sizes.back(), m);
    softmax(tape.Z[L - 1], tape.P);
}

// dtheta of J = cross_entropy(P, y) after a training-mode forward pass.
//   dZ^[L] = (P - Y) / m;  dW = dZ A^T;  db = sum_i dZ;  dA^[l-1] = W^T dZ;
//   dZ_tilde = dA * (Z_tilde > 0);  dZ, dgamma, dbeta = batch norm backward (or dZ = dZ_tilde).
template <class T>
void backward(const Network<T>& net, const Tape<T>& tape, std::span<const int> y,
              std::span<T> dtheta, Feedback* feedback = nullptr) {
    const std::size_t L = net.L(), m = tape.X->cols();
    if (y.size() != m || dtheta.size() != net.theta.size()) {
        throw std::invalid_argument("network backward: " + std::to_string(y.size()) +
                                    " labels for " + std::to_string(m) + " examples, dtheta of " +
                                    std::to_string(dtheta.size()) + " for " +
                                    std::to_string(net.theta.size()) + " parameters");
    }
    Matrix<T> dZ = tape.P;  // dZ^[L] = (P - Y) / m
    for (std::size_t k = 0; k < m; ++k) dZ(std::size_t(y[k]), k) -= T(1);
    for (T& v : dZ.values()) v /= T(m);
    Gradients<T> g;
    for (std::size_t l = L; l-- > 0;) {
        const Layer& layer = net.layers[l];
        const Matrix<T>& A_prev = l == 0 ? *tape.X : tape.A[l - 1];
        for (std::size_t i = 0; i < layer.n_out; ++i) {
            for (std::size_t k = 0; k < layer.n_in; ++k) {  // dW = dZ A^T
                dtheta[layer.W + i * layer.n_in + k] = row_dot<T>(dZ.row(i), A_prev.row(k));
            }
        }
        if (!layer.bn) {
            for (std::size_t i = 0; i < layer.n_out; ++i) {  // db = sum_i dZ
                dtheta[layer.b + i] = row_sum<T>(dZ.row(i));
            }
        }
        if (l == 0) break;
        // dA^[l-1] = W^T dZ, then through ReLU: dZ_tilde = dA * (Z_tilde > 0)
        const Layer& below = net.layers[l - 1];
        const Matrix<T>& pre = below.bn ? tape.bn[l - 1].Z_tilde : tape.Z[l - 1];
        Matrix<T> dA(layer.n_in, m);
        const std::span<const T> W = net.W(l);
        for (std::size_t i = 0; i < layer.n_out; ++i) {
            const std::span<const T> dz = dZ.row(i);
            for (std::size_t k = 0; k < layer.n_in; ++k) {  // da_k += w_ik dz_i
                const T w = W[i * layer.n_in + k];
                const std::span<T> da = dA.row(k);
                simd_map([w](auto a, auto d) { return a + w * d; }, da, std::span<const T>(da),
                         dz);
            }
        }
        for (std::size_t q = 0; q < dA.size(); ++q) {
            if (!(pre.values()[q] > T(0))) dA.values()[q] = T(0);
        }
        if (below.bn) {
            const Cache<T>& cache = tape.bn[l - 1];
            if (net.layer_norm) {
                layer_norm_backward(dA, net.gamma(l - 1), cache, g);
            } else if (tape.weight != T(1)) {
                backward_running<T>(dA, net.gamma(l - 1), cache, tape.batch_mu[l - 1],
                                    tape.weight, g);
            } else {
                batch_norm::backward(dA, net.gamma(l - 1), cache, g);
            }
            for (std::size_t k = 0; feedback && !net.layer_norm && k < below.n_out; ++k) {
                const T scale = net.gamma(l - 1)[k] / std::sqrt(cache.sigma2[k] + cache.eps);
                for (std::size_t i = 0; i < m; ++i) {
                    const double direct = double(scale * dA(k, i));
                    feedback->direct += direct * direct;
                    feedback->through += (double(g.dZ(k, i)) - direct) *
                                         (double(g.dZ(k, i)) - direct);
                }
            }
            std::copy(g.dgamma.begin(), g.dgamma.end(), dtheta.subspan(below.gamma).begin());
            std::copy(g.dbeta.begin(), g.dbeta.end(), dtheta.subspan(below.beta).begin());
            std::swap(dZ, g.dZ);
        } else {
            std::swap(dZ, dA);
        }
    }
}

// The fraction of examples whose most probable class is the label.
template <class T>
double accuracy(const Matrix<T>& P, std::span<const int> y) {
    std::size_t right = 0;
    for (std::size_t k = 0; k < y.size(); ++k) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < P.rows(); ++i)
            if (P(i, k) > P(best, k)) best = i;
        right += best == std::size_t(y[k]);
    }
    return double(right) / double(y.size());
}

// Cost and accuracy of the network on a data set, at test time: batch norm uses the
// running averages, or `statistics` when given (e.g. those of the whole training set).
struct Score {
    double cost = 0;
    double accuracy = 0;
};
template <class T>
Score evaluate(const Network<T>& net, const Labelled<T>& d,
               const std::vector<Running<T>>* statistics = nullptr) {
    Tape<T> tape;
    forward(net, d.X, tape, statistics ? statistics : &net.running);
    return {double(cross_entropy(tape.P, std::span<const int>(d.y))),
            accuracy(tape.P, std::span<const int>(d.y))};
}

// mu and sigma2 of every batch-norm layer over the whole of `d` in one batch: the
// statistics the running averages estimate.
template <class T>
std::vector<Running<T>> full_batch_statistics(const Network<T>& net, const Labelled<T>& d) {
    Tape<T> tape;
    forward(net, d.X, tape);  // training mode, one batch of all m examples
    std::vector<Running<T>> stats;
    for (std::size_t l = 0; l < net.L(); ++l) {
        if (net.layers[l].bn) stats.push_back({tape.bn[l].mu, tape.bn[l].sigma2});
    }
    return stats;
}

// ---- Training ------------------------------------------------------------------------

struct TrainOptions {
    double alpha = 0.1;           // learning rate
    std::size_t epochs = 20;
    std::size_t batch_size = 64;  // m_t
    double running_beta = 0.9;    // beta of the running averages of mu and sigma2
    bool running_in_forward = false;  // normalize with the running averages while training
    bool merge_last_batch = true; // a last mini-batch under m_t / 2 joins the one before
};

struct History {
    std::vector<double> cost;           // mean mini-batch cost J over each epoch (training mode)
    std::vector<double> test_accuracy;  // after each epoch, test mode (running averages)
    std::size_t steps = 0;
    std::size_t diverged_at = 0;        // epoch in which J became Inf or NaN; 0 if none
    Feedback feedback;                  // dZ's terms through mu and sigma2, over all steps
};

// Mini-batches of m_t examples in order. With `merge`, a last mini-batch of fewer than m_t / 2
// examples (or of one example, at m_t = 2) joins the one before: batch norm over a handful of
// examples gives mu and sigma2 so noisy that one such step per epoch can undo training at a
// large alpha (with m = 1347 and m_t = 64 the last mini-batch would hold 3 examples), and
// over one example sigma2 = 0.
inline std::vector<gradient_descent::Columns> bn_mini_batches(std::size_t m, std::size_t m_t,
                                                    bool merge = true) {
    std::vector<gradient_descent::Columns> batches = gradient_descent::mini_batches(m, m_t);
    if (merge && batches.size() > 1 &&
        (2 * batches.back().count < m_t || batches.back().count == 1)) {
        const std::size_t count = batches.back().count;
        batches.pop_back();
        batches.back().count += count;
    }
    return batches;
}

// Examples first .. first + count - 1 of d (after the epoch's shuffle).
template <class T>
void columns(const Labelled<T>& d, gradient_descent::Columns c, Labelled<T>& out) {
    fit(out.X, d.X.rows(), c.count);
    for (std::size_t j = 0; j < d.X.rows(); ++j) {
        std::copy_n(d.X.row(j).begin() + std::ptrdiff_t(c.first), c.count, out.X.row(j).begin());
    }
    out.y.assign(d.y.begin() + std::ptrdiff_t(c.first),
                 d.y.begin() + std::ptrdiff_t(c.first + c.count));
}

// Plain mini-batch gradient descent; a new order of the examples every epoch. Stops at the
// first mini-batch whose cost is Inf or NaN and records the epoch.
template <class T>
History train(Network<T>& net, const Labelled<T>& train_set, const Labelled<T>& test_set,
              const TrainOptions& o, common::Rng& rng) {
    History history;
    gradient_descent::Sgd<T> sgd;  // theta := theta - alpha dtheta
    sgd.hyper.alpha = T(o.alpha);
    std::vector<T> dtheta(net.theta.size());
    Labelled<T> shuffled, batch;
    Tape<T> tape;
    const auto batches = bn_mini_batches(train_set.m(), o.batch_size, o.merge_last_batch);
    for (std::size_t epoch = 1; epoch <= o.epochs; ++epoch) {
        const std::vector<std::size_t> order = rng.permutation(train_set.m());
        shuffled = select(train_set, std::span<const std::size_t>(order));
        double cost_sum = 0;
        for (const gradient_descent::Columns& c : batches) {
            columns(shuffled, c, batch);
            const T running_beta = T(o.running_beta);
            forward<T>(net, batch.X, tape, nullptr,
                       o.running_in_forward ? &running_beta : nullptr);
            const double J = double(cross_entropy(tape.P, std::span<const int>(batch.y)));
            if (!std::isfinite(J)) {
                history.diverged_at = epoch;
                return history;
            }
            cost_sum += J * double(c.count);
            backward(net, tape, std::span<const int>(batch.y), std::span<T>(dtheta),
                     &history.feedback);
            sgd.step(net.theta, dtheta);
            ++history.steps;
            std::size_t h = 0;  // running mu := beta mu + (1 - beta) mu_batch, same for sigma2
            for (std::size_t l = 0; l < net.L(); ++l) {
                if (!net.layers[l].bn || net.layer_norm) continue;
                if (o.running_in_forward) {  // the forward pass used them, already updated
                    net.running[h++] = {tape.bn[l].mu, tape.bn[l].sigma2};
                } else {
                    update_running(net.running[h++], tape.bn[l], T(o.running_beta));
                }
            }
        }
        history.cost.push_back(cost_sum / double(train_set.m()));
        if (!std::all_of(net.theta.begin(), net.theta.end(),
                         [](T v) { return std::isfinite(double(v)); })) {
            history.diverged_at = epoch;  // the last step of the epoch overflowed
            return history;
        }
        history.test_accuracy.push_back(evaluate(net, test_set).accuracy);
    }
    return history;
}

}  // namespace batch_norm
