// Compiled once per instruction set (cmake/FastKernels.cmake), with
// SINKCHECK_KERNEL_LEVEL naming the copy (baseline, v3, v4, native): its
// namespace and its own name for Eigen (see verify/attention_fast_kernel.hpp
// for why Eigen is renamed here).
#ifndef SINKCHECK_KERNEL_LEVEL
#error "build this file through cmake/FastKernels.cmake (SINKCHECK_KERNEL_LEVEL names the copy)"
#endif
#define SINKCHECK_PASTE_(a, b) a##b
#define SINKCHECK_PASTE(a, b) SINKCHECK_PASTE_(a, b)
#define Eigen SINKCHECK_PASTE(sinkcheck_fast_eigen_, SINKCHECK_KERNEL_LEVEL)
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>

#include "verify/attention_fast_kernel.hpp"

namespace sinkcheck::fast::SINKCHECK_PASTE(kernel_, SINKCHECK_KERNEL_LEVEL) {

namespace {

using Index = Eigen::Index;
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMap = Eigen::Map<const Eigen::MatrixXd>;
using MutableColMap = Eigen::Map<Eigen::MatrixXd>;
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

void attention_matrix(const double* Z_data, const double* W_data, long d, long n, bool causal, double* keys_data,
                      double* A_data) {
  const ColMap Z(Z_data, d, n), W(W_data, d, d);
  RowMap A(A_data, n, n);
  // Keys, already scaled by 1/sqrt(d): column j is W z_j / sqrt(d).
  MutableColMap keys(keys_data, d, n);
  keys.noalias() = W * Z;
  keys *= 1.0 / std::sqrt(double(d));
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

void attention_layer(const double* X, const double* Z, const double* W_OV, const double* A, long d, long k,
                     double* values_data, double* Y_data) {
  MutableColMap values(values_data, d, k), Y(Y_data, d, k);
  values.noalias() = ColMap(W_OV, d, d) * ColMap(Z, d, k);
  Y = ColMap(X, d, k);
  Y.noalias() += values * Eigen::Map<const RowMatrix>(A, k, k).transpose();
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
  MutableColMap(C, n, n).noalias() = ColMap(A, n, n) * ColMap(B, n, n);
}

constexpr const char* kInstructionSet =
#if defined(__AVX512F__)
    "AVX-512";
#elif defined(__AVX2__) && defined(__FMA__)
    "AVX2+FMA";
#elif defined(__AVX__)
    "AVX";
#elif defined(__SSE2__)
    "x86-64 (SSE2)";
#else
    "generic";
#endif

}  // namespace

// Declared extern in the header, so this const keeps external linkage.
const KernelTable table{attention_matrix, attention_layer, softmax_rows, log_softmax_rows, gemm, kInstructionSet};

}  // namespace sinkcheck::fast::SINKCHECK_PASTE(kernel_, SINKCHECK_KERNEL_LEVEL)
