#pragma once
// Attention kernels, templated over the scalar (see verify/scalar.hpp).
//
// Tokens are the columns of Z = [z_0 … z_T]; z_0 is the sink. The score of
// query q on key k is q^T W_QK k / sqrt(d); a query attends, through the
// softmax of its scores, to all keys or (causal) to keys j <= i.
//
// Softmax is evaluated in the log domain: log A_ij = s_ij - LSE_i. In
// arbitrary precision this represents a sink mass of 1 - 1e-400 or a gate of
// e^-5000, which double cannot. The exact field (ExactValue) has no log of a
// sum, so there the weights are formed directly as exp(s)/sum exp(s); the two
// forms are the same real number.
#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "verify/eigen_scalars.hpp"

namespace sinkcheck {

// Which keys query i sees.
struct Mask {
  bool causal = false;
  bool visible(Eigen::Index query, Eigen::Index key) const { return !causal || key <= query; }
};

// Scores S_ij = z_i^T W z_j * inv_sqrt_d, rows are queries.
template <class S>
Matrix<S> attention_scores(const Matrix<S>& Z, const Matrix<S>& W_QK, const S& inv_sqrt_d) {
  // Coefficient-based products: Eigen's blocked GEMM packs scalars through raw
  // buffers, which is only safe for plain arithmetic types.
  const Matrix<S> WZ = W_QK.lazyProduct(Z);
  Matrix<S> scores(Z.cols(), Z.cols());
  for (Eigen::Index i = 0; i < Z.cols(); ++i)
    for (Eigen::Index j = 0; j < Z.cols(); ++j) scores(i, j) = Z.col(i).dot(WZ.col(j)) * inv_sqrt_d;
  return scores;
}

// Index of the largest score by a double estimate. Any index gives the same
// real numbers below; the largest keeps every exponential <= 1 and makes the
// log1p argument small, which is what keeps tiny weights relatively accurate.
template <class S>
std::size_t anchor_index(const std::vector<S>& xs) {
  std::size_t best = 0;
  double top = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < xs.size(); ++k) {
    const double a = ScalarTraits<S>::approx(xs[k]);
    if (a > top) top = a, best = k;
  }
  return best;
}

// log A of the given visible scores, for the numeric types:
//   log A_k = (x_k - x_a) - log1p(R),  R = sum_{j != a} exp(x_j - x_a),
// a the anchor. A sink mass of 1 - 1e-400 is log A_a = -1e-400 (to working
// relative precision), and a gate of e^-5000 keeps all its digits: neither
// passes through a sum with 1 that would round them away.
template <class S>
std::vector<S> log_softmax(const std::vector<S>& scores) {
  const std::size_t a = anchor_index(scores);
  std::vector<S> gaps(scores.size());
  S rest = from_rational<S>(0);
  for (std::size_t k = 0; k < scores.size(); ++k) {
    gaps[k] = k == a ? from_rational<S>(0) : scores[k] - scores[a];
    if (k != a) rest += exp(gaps[k]);
  }
  const S log_normaliser = log1p(rest);
  for (S& g : gaps) g -= log_normaliser;
  return gaps;
}

// log sum_k exp(x_k) = x_a + log1p(R), same anchor as above.
template <class S>
S log_sum_exp(const std::vector<S>& xs) {
  const std::size_t a = anchor_index(xs);
  S rest = from_rational<S>(0);
  for (std::size_t k = 0; k < xs.size(); ++k)
    if (k != a) rest += exp(xs[k] - xs[a]);
  return xs[a] + log1p(rest);
}

// The softmax weights of one query's visible scores.
template <class S>
std::vector<S> softmax(const std::vector<S>& scores) {
  std::vector<S> weights(scores.size());
  if constexpr (std::is_same_v<S, ExactValue>) {
    S total = from_rational<S>(0);
    for (std::size_t k = 0; k < scores.size(); ++k) total += (weights[k] = exp(scores[k]));
    for (S& w : weights) w /= total;
  } else {
    const std::vector<S> logs = log_softmax(scores);
    for (std::size_t k = 0; k < scores.size(); ++k) weights[k] = exp(logs[k]);
  }
  return weights;
}

// Row-stochastic attention matrix of a whole context (masked entries are 0).
template <class S>
Matrix<S> attention_matrix(const Matrix<S>& scores, const Mask& mask) {
  Matrix<S> A = Matrix<S>::Constant(scores.rows(), scores.cols(), from_rational<S>(0));
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    std::vector<S> row;
    for (Eigen::Index j = 0; j < scores.cols(); ++j)
      if (mask.visible(i, j)) row.push_back(scores(i, j));
    const std::vector<S> w = softmax(row);
    std::size_t k = 0;
    for (Eigen::Index j = 0; j < scores.cols(); ++j)
      if (mask.visible(i, j)) A(i, j) = w[k++];
  }
  return A;
}

// o = sum_j weights_j * values.col(j).
template <class S>
Vector<S> attention_output(const std::vector<S>& weights, const Matrix<S>& values) {
  Vector<S> out = Vector<S>::Constant(values.rows(), from_rational<S>(0));
  for (std::size_t j = 0; j < weights.size(); ++j) out += weights[j] * values.col(Eigen::Index(j));
  return out;
}

// Y = X + W_OV Z A^T: the head's output added to the residual stream.
template <class S>
Matrix<S> attention_layer(const Matrix<S>& X, const Matrix<S>& Z, const Matrix<S>& W_QK,
                          const Matrix<S>& W_OV, const S& inv_sqrt_d, const Mask& mask) {
  const Matrix<S> A = attention_matrix(attention_scores(Z, W_QK, inv_sqrt_d), mask);
  const Matrix<S> VZ = W_OV.lazyProduct(Z);
  return X + VZ.lazyProduct(A.transpose());
}

}  // namespace sinkcheck
