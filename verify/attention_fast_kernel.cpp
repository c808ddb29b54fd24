// Built with -march=${SINKCHECK_NATIVE_ARCH} under SINKCHECK_NATIVE (see
// verify/attention_fast_kernel.hpp for why Eigen is renamed here).
#define Eigen sinkcheck_fast_eigen
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>

#include "verify/attention_fast_kernel.hpp"

namespace sinkcheck::fast::kernel {

namespace {

using Index = Eigen::Index;
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMap = Eigen::Map<const Eigen::MatrixXd>;
using RowMap = Eigen::Map<RowMatrix>;

// Queries per block: a block of scores (kQueryBlock x n doubles) stays in L2
// up to n of several thousand while it is normalised.
constexpr Index kQueryBlock = 32;

Index visible_keys(Index query, Index keys, bool causal) { return causal ? std::min(query + 1, keys) : keys; }

// softmax of one contiguous row segment in place: one exp per entry, Eigen's
// vectorised exp (packet math).
template <class Row>
void softmax_segment(Row&& row) {
  const double top = row.maxCoeff();
  row.array() = (row.array() - top).exp();
  row *= 1.0 / row.sum();
}

}  // namespace

void attention_matrix(const double* Z_data, const double* W_data, long d, long n, bool causal, double* A_data) {
  const ColMap Z(Z_data, d, n), W(W_data, d, d);
  RowMap A(A_data, n, n);
  // Keys, already scaled by 1/sqrt(d): column j is W z_j / sqrt(d).
  const Eigen::MatrixXd keys = (W * Z) * (1.0 / std::sqrt(double(d)));
  for (Index i0 = 0; i0 < n; i0 += kQueryBlock) {
    const Index b = std::min(kQueryBlock, Index(n) - i0);
    // A causal block sees keys 0 .. i0 + b - 1 only.
    const Index seen = causal ? i0 + b : Index(n);
    A.block(i0, 0, b, seen).noalias() = Z.middleCols(i0, b).transpose() * keys.leftCols(seen);
    for (Index r = 0; r < b; ++r) {
      const Index visible = visible_keys(i0 + r, n, causal);
      softmax_segment(A.row(i0 + r).head(visible));
      A.row(i0 + r).tail(n - visible).setZero();
    }
  }
}

void softmax_rows(double* data, long rows, long cols, bool causal) {
  RowMap S(data, rows, cols);
  for (Index i = 0; i < rows; ++i) {
    const Index visible = visible_keys(i, cols, causal);
    softmax_segment(S.row(i).head(visible));
    S.row(i).tail(cols - visible).setZero();
  }
}

void log_softmax_rows(double* data, long rows, long cols, bool causal) {
  RowMap S(data, rows, cols);
  const double minus_inf = -std::numeric_limits<double>::infinity();
  for (Index i = 0; i < rows; ++i) {
    const Index visible = visible_keys(i, cols, causal);
    auto head = S.row(i).head(visible);
    const double top = head.maxCoeff();
    const double lse = top + std::log((head.array() - top).exp().sum());
    head.array() -= lse;
    S.row(i).tail(cols - visible).setConstant(minus_inf);
  }
}

void gemm(const double* A, const double* B, long n, double* C) {
  Eigen::Map<Eigen::MatrixXd>(C, n, n).noalias() = ColMap(A, n, n) * ColMap(B, n, n);
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

}  // namespace sinkcheck::fast::kernel
