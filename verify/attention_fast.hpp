#pragma once
// The unverified double fast path: whole contexts at once with Eigen's
// blocked (BLAS-level) products, for screening large batches, Monte Carlo
// and benchmarks. Its results are estimates; certified verdicts come from
// the templated kernels in verify/attention.hpp.
#include <Eigen/Core>

namespace sinkcheck::fast {

// Row-wise log-softmax in place; with `causal`, entries above the diagonal
// are masked (set to -inf, weight 0).
void log_softmax_rows(Eigen::MatrixXd& scores, bool causal);

// A = softmax(Z^T W_QK Z / sqrt(d)), rows are queries.
Eigen::MatrixXd attention_matrix(const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK, bool causal);

// Y = X + W_OV Z A^T.
Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK,
                                const Eigen::MatrixXd& W_OV, bool causal);

// Y = X + W_OV Z A^T for a given attention matrix A (rows are queries), e.g.
// P3's A(λ) = (1-λ) I + (λ/k) 11^T.
Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_OV,
                                const Eigen::MatrixXd& A);

}  // namespace sinkcheck::fast
