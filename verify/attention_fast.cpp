#include "verify/attention_fast.hpp"

#include "verify/attention_fast_kernel.hpp"

namespace sinkcheck::fast {

void softmax_rows(RowMatrix& scores, bool causal) {
  kernel::softmax_rows(scores.data(), long(scores.rows()), long(scores.cols()), causal);
}

void log_softmax_rows(RowMatrix& scores, bool causal) {
  kernel::log_softmax_rows(scores.data(), long(scores.rows()), long(scores.cols()), causal);
}

RowMatrix attention_matrix(const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK, bool causal) {
  RowMatrix A(Z.cols(), Z.cols());
  kernel::attention_matrix(Z.data(), W_QK.data(), long(Z.rows()), long(Z.cols()), causal, A.data());
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

void gemm(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B, Eigen::MatrixXd& C) {
  C.resize(A.rows(), A.rows());
  kernel::gemm(A.data(), B.data(), long(A.rows()), C.data());
}

const char* instruction_set() { return kernel::instruction_set(); }

}  // namespace sinkcheck::fast
