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
// at their last visible key.
//
// Instruction set: the kernels (attention_fast_kernel.cpp) are built for
// x86-64 baseline, x86-64-v3 (AVX2 + FMA) and x86-64-v4 (AVX-512), and the
// best level this CPU supports is chosen once (instruction_set()); SINKCHECK_ISA=baseline|v3|v4 forces a level.
// -DSINKCHECK_NATIVE=ON builds one copy for -march=SINKCHECK_NATIVE_ARCH
// instead (CMakeLists.txt).
//
// Memory: the hot calls write into caller-owned matrices and take a
// FastWorkspace for their scratch, so a caller that keeps both (one per
// thread) allocates nothing per call once the shapes repeat.
#include <Eigen/Core>

namespace sinkcheck::fast {

// Rows are queries, stored contiguously.
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Scratch of the fast path's kernels, grown to the largest shape seen and
// reused. Not shared between threads.
class FastWorkspace {
 public:
  double* scratch(Eigen::Index rows, Eigen::Index cols);

 private:
  Eigen::MatrixXd scratch_;
};

// Row-wise softmax in place; with `causal`, entries above the diagonal are
// masked (weight 0).
void softmax_rows(RowMatrix& scores, bool causal);

// Row-wise log-softmax in place; with `causal`, entries above the diagonal
// are masked (set to -inf).
void log_softmax_rows(RowMatrix& scores, bool causal);

// A = softmax(Z^T W_QK Z / sqrt(d)), rows are queries, into `A` (resized only
// when its shape differs).
void attention_matrix(const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK, bool causal, RowMatrix& A,
                      FastWorkspace& workspace);
RowMatrix attention_matrix(const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK, bool causal);

// Y = X + W_OV Z A^T.
Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK,
                                const Eigen::MatrixXd& W_OV, bool causal);

// Y = X + W_OV Z A^T for a given attention matrix A (rows are queries), e.g.
// P3's A(λ) = (1-λ) I + (λ/k) 11^T, into `Y` (resized only when its shape
// differs).
void attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_OV,
                     const RowMatrix& A, Eigen::MatrixXd& Y, FastWorkspace& workspace);
Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_OV,
                                const Eigen::MatrixXd& A);

// C = A B for square A, B with the kernels' instruction set: the benchmarks' roofline.
void gemm(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, Eigen::MatrixXd& C);

// The instruction set of the kernels in use ("x86-64 (SSE2)", "AVX2+FMA",
// "AVX-512"), for benchmark labels. The first call of any function here
// chooses it (SINKCHECK_ISA, else the best this CPU supports) and throws
// std::invalid_argument for an unknown SINKCHECK_ISA or a level this build or
// this CPU lacks: a program calls this at start-up to report that as bad input.
const char* instruction_set();

}  // namespace sinkcheck::fast
