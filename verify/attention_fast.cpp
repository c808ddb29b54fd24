#include "verify/attention_fast.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sinkcheck::fast {

namespace {

// Queries per block: a block of scores (kQueryBlock x T doubles) stays in L2
// up to T of several thousand while it is normalised.
constexpr Eigen::Index kQueryBlock = 32;

Eigen::Index visible_keys(Eigen::Index query, Eigen::Index keys, bool causal) {
  return causal ? std::min(query + 1, keys) : keys;
}

// softmax of one contiguous row segment in place: one exp per entry.
template <class Row>
void softmax_segment(Row&& row) {
  const double top = row.maxCoeff();
  row.array() = (row.array() - top).exp();
  row *= 1.0 / row.sum();
}

}  // namespace

void softmax_rows(RowMatrix& scores, bool causal) {
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    const Eigen::Index visible = visible_keys(i, scores.cols(), causal);
    softmax_segment(scores.row(i).head(visible));
    scores.row(i).tail(scores.cols() - visible).setZero();
  }
}

void log_softmax_rows(RowMatrix& scores, bool causal) {
  const double minus_inf = -std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    const Eigen::Index visible = visible_keys(i, scores.cols(), causal);
    auto head = scores.row(i).head(visible);
    const double top = head.maxCoeff();
    const double lse = top + std::log((head.array() - top).exp().sum());
    head.array() -= lse;
    scores.row(i).tail(scores.cols() - visible).setConstant(minus_inf);
  }
}

RowMatrix attention_matrix(const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK, bool causal) {
  const Eigen::Index n = Z.cols();
  // Keys, already scaled by 1/sqrt(d): column j is W_QK z_j / sqrt(d).
  const Eigen::MatrixXd keys = (W_QK * Z) * (1.0 / std::sqrt(double(Z.rows())));
  RowMatrix A(n, n);
  for (Eigen::Index i0 = 0; i0 < n; i0 += kQueryBlock) {
    const Eigen::Index b = std::min(kQueryBlock, n - i0);
    // A causal block sees keys 0 .. i0 + b - 1 only.
    const Eigen::Index seen = causal ? i0 + b : n;
    A.block(i0, 0, b, seen).noalias() = Z.middleCols(i0, b).transpose() * keys.leftCols(seen);
    for (Eigen::Index r = 0; r < b; ++r) {
      const Eigen::Index visible = visible_keys(i0 + r, n, causal);
      softmax_segment(A.row(i0 + r).head(visible));
      A.row(i0 + r).tail(n - visible).setZero();
    }
  }
  return A;
}

Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK,
                                const Eigen::MatrixXd& W_OV, bool causal) {
  return X + (W_OV * Z) * attention_matrix(Z, W_QK, causal).transpose();
}

Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_OV,
                                const Eigen::MatrixXd& A) {
  return X + (W_OV * Z) * A.transpose();
}

const char* instruction_set() {
#if defined(__AVX512F__)
  return "AVX-512";
#elif defined(__AVX2__) && defined(__FMA__)
  return "AVX2+FMA";
#elif defined(__AVX__)
  return "AVX";
#elif defined(__SSE2__)
  return "x86-64 (SSE2)";
#else
  return "generic";
#endif
}

}  // namespace sinkcheck::fast
