#pragma once
// P3's model simulated, to compare the closed forms against Monte Carlo
// estimates with confidence intervals (docs/propositions/P3-smoothing.md): Gaussian tokens Z = μ1ᵀ + L G, Y(λ) = βZ + W Z A(λ)ᵀ
// through the double fast path (Eigen's blocked products), and the sample
// means of D_k, N and E||Y_i||^2 with their standard errors, beside the
// closed forms. Unverified by design: a statistical check of the model, the
// certified checks are the P3 statements.
#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace sinkcheck {

struct SmoothingMoments {
  double D = 0, N = 0, Y2 = 0;  // D_k(λ), N(λ) = E[Y_iᵀY_j] (i != j), E||Y_i||^2
};

// The closed forms of D_k, N and E||Y_i||^2 (docs/propositions/P3-smoothing.md), in double.
SmoothingMoments smoothing_closed_forms(double beta, const Eigen::MatrixXd& B, const Eigen::MatrixXd& W,
                                        const Eigen::VectorXd& mu, long k, double lambda);

struct MonteCarloEstimate {
  double mean = 0, standard_error = 0;
  // Whether `value` lies in mean ± z·standard_error.
  bool covers(double value, double z) const;
};

struct SmoothingSimulation {
  double lambda = 0;
  MonteCarloEstimate D, N, Y2;
  SmoothingMoments closed;  // the closed forms at this λ
};

struct SimulationSpec {
  double beta = 1;
  Eigen::MatrixXd W, L;  // d x d, d x r (B = L Lᵀ)
  Eigen::VectorXd mu;    // d
  long k = 2;
  std::vector<double> lambdas{0.0, 0.5, 1.0};
  std::size_t samples = 1000;  // independent contexts Z
  std::uint64_t seed = 1;
};

// One Z per sample, shared by every λ; per sample the unbiased estimators
// (1/k)Σ||Y_i - Ybar||^2, Σ_{i!=j} Y_iᵀY_j / (k(k-1)) and (1/k)Σ||Y_i||^2.
std::vector<SmoothingSimulation> simulate_smoothing(const SimulationSpec& spec);

// A(λ) = (1-λ) I + (λ/k) 11ᵀ, dense.
Eigen::MatrixXd smoothing_attention(long k, double lambda);

}  // namespace sinkcheck
