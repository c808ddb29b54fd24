#include "verify/attention_fast.hpp"

#include <cmath>
#include <limits>

namespace sinkcheck::fast {

void log_softmax_rows(Eigen::MatrixXd& scores, bool causal) {
  const double minus_inf = -std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    const Eigen::Index visible = causal ? std::min(i + 1, scores.cols()) : scores.cols();
    auto row = scores.row(i);
    if (visible < scores.cols()) row.tail(scores.cols() - visible).setConstant(minus_inf);
    auto head = row.head(visible);
    const double top = head.maxCoeff();
    const double lse = top + std::log((head.array() - top).exp().sum());
    head.array() -= lse;
  }
}

Eigen::MatrixXd attention_matrix(const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK, bool causal) {
  Eigen::MatrixXd scores = Z.transpose() * (W_QK * Z);
  scores /= std::sqrt(double(Z.rows()));
  log_softmax_rows(scores, causal);
  return scores.array().exp().matrix();
}

Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_QK,
                                const Eigen::MatrixXd& W_OV, bool causal) {
  return attention_layer(X, Z, W_OV, attention_matrix(Z, W_QK, causal));
}

Eigen::MatrixXd attention_layer(const Eigen::MatrixXd& X, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& W_OV,
                                const Eigen::MatrixXd& A) {
  return X + (W_OV * Z) * A.transpose();
}

}  // namespace sinkcheck::fast
