#pragma once
// The unverified double fast path: whole contexts at once with Eigen's
// blocked (BLAS-level) products, for screening large batches, Monte Carlo
// and benchmarks. Its results are estimates; certified verdicts come from
// the templated kernels in verify/attention.hpp.
//
// Layout: the attention matrix is row-major, so each query's softmax runs
// over contiguous memory with Eigen's vectorised exp (packet math), one
// exponential per visible entry. Scores are computed a block of queries at a
// time and normalised while the block is still in cache; causal blocks stop
// at their last visible key. The kernels live in attention_fast_kernel.cpp,
// which -DSINKCHECK_NATIVE=ON builds for the machine's instruction set
// (AVX2/FMA, AVX-512, ...), see CMakeLists.txt.
#include <Eigen/Core>

namespace sinkcheck::fast {

// Rows are queries, stored contiguously.
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Row-wise softmax in place; with `causal`, entries above the diagonal are
// masked (weight 0).
void softmax_rows(RowMatrix& scores, bool causal);

// Row-wise log-softmax in place; with `causal`, entries above the diagonal
// are masked (set to -inf).
void log_softmax_rows(RowMatrix& scores, bool causal);

// A = softmax(Z^T W_QK Z / sqrt(d)), rows are queries.
RowMatrix attention_matrix(const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK, bool causal);

// Y = X + W_OV Z A^T.
Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK,
                                const Eigen::MatrixXd& W_OV, bool causal);

// Y = X + W_OV Z A^T for a given attention matrix A (rows are queries), e.g.
// P3's A(λ) = (1-λ) I + (λ/k) 11^T.
Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_OV,
                                const Eigen::MatrixXd& A);

// C = A B for square A, B with the kernels' instruction set: the benchmarks' roofline.
void gemm(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, Eigen::MatrixXd& C);

// The instruction set the kernels were compiled for ("x86-64 (SSE2)",
// "AVX2+FMA", "AVX-512"), for benchmark labels.
const char* instruction_set();

}  // namespace sinkcheck::fast
