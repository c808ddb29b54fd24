#include "propositions/smoothing_monte_carlo.hpp"

#include <cmath>
#include <random>
#include <stdexcept>

#include "verify/attention_fast.hpp"

namespace sinkcheck {

SmoothingMoments smoothing_closed_forms(double beta, const Eigen::MatrixXd& B, const Eigen::MatrixXd& W,
                                        const Eigen::VectorXd& mu, long k, double lambda) {
  const double kd = double(k), s = 1 - lambda;
  const double trB = B.trace(), trBW = (B * W).trace(), trBWtW = (B * W.transpose() * W).trace();
  const Eigen::VectorXd shifted = beta * mu + W * mu;
  SmoothingMoments m;
  m.D = (1 - 1 / kd) * (beta * beta * trB + 2 * beta * s * trBW + s * s * trBWtW);
  m.N = shifted.squaredNorm() + 2 * lambda * beta / kd * trBW + (2 * lambda - lambda * lambda) / kd * trBWtW;
  m.Y2 = m.N + m.D / (1 - 1 / kd);
  return m;
}

bool MonteCarloEstimate::covers(double value, double z) const {
  return std::abs(value - mean) <= z * standard_error;
}

Eigen::MatrixXd smoothing_attention(long k, double lambda) {
  Eigen::MatrixXd A = Eigen::MatrixXd::Constant(k, k, lambda / double(k));
  A.diagonal().array() += 1 - lambda;
  return A;
}

namespace {

struct Accumulator {
  double sum = 0, sum_squares = 0;
  void add(double x) { sum += x, sum_squares += x * x; }
  MonteCarloEstimate estimate(std::size_t n) const {
    const double mean = sum / double(n);
    const double variance = n > 1 ? std::max(0.0, (sum_squares - double(n) * mean * mean) / double(n - 1)) : 0.0;
    return {mean, std::sqrt(variance / double(n))};
  }
};

}  // namespace

std::vector<SmoothingSimulation> simulate_smoothing(const SimulationSpec& spec) {
  const Eigen::Index d = spec.W.rows(), r = spec.L.cols(), k = spec.k;
  if (spec.k < 2 || spec.W.cols() != d || spec.L.rows() != d || spec.mu.size() != d || spec.samples < 2)
    throw std::invalid_argument("simulate_smoothing: need k >= 2, W d x d, L d x r, mu of size d, 2+ samples");
  std::mt19937_64 rng(spec.seed);
  std::normal_distribution<double> normal;
  std::vector<fast::RowMatrix> attention;
  for (double l : spec.lambdas) attention.push_back(smoothing_attention(spec.k, l));
  std::vector<Accumulator> D(spec.lambdas.size()), N(spec.lambdas.size()), Y2(spec.lambdas.size());

  // Every sample's matrices and the kernels' scratch, allocated once.
  Eigen::MatrixXd G(r, k), Z(d, k), X(d, k), Y(d, k);
  fast::FastWorkspace workspace;
  const double kd = double(k);
  for (std::size_t s = 0; s < spec.samples; ++s) {
    for (Eigen::Index j = 0; j < k; ++j)
      for (Eigen::Index i = 0; i < r; ++i) G(i, j) = normal(rng);
    Z.noalias() = spec.L * G;
    Z.colwise() += spec.mu;
    X = spec.beta * Z;
    for (std::size_t l = 0; l < spec.lambdas.size(); ++l) {
      fast::attention_layer(X, Z, spec.W, attention[l], Y, workspace);
      const double total = Y.colwise().squaredNorm().sum();
      const double sum2 = Y.rowwise().sum().squaredNorm();
      D[l].add(total / kd - sum2 / (kd * kd));
      N[l].add((sum2 - total) / (kd * (kd - 1)));
      Y2[l].add(total / kd);
    }
  }
  const Eigen::MatrixXd B = spec.L * spec.L.transpose();
  std::vector<SmoothingSimulation> out;
  for (std::size_t l = 0; l < spec.lambdas.size(); ++l)
    out.push_back({spec.lambdas[l], D[l].estimate(spec.samples), N[l].estimate(spec.samples),
                   Y2[l].estimate(spec.samples),
                   smoothing_closed_forms(spec.beta, B, spec.W, spec.mu, spec.k, spec.lambdas[l])});
  return out;
}

}  // namespace sinkcheck
