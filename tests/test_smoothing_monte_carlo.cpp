// P3's closed forms against a Monte Carlo simulation of Y(λ) = βZ + W Z A(λ)ᵀ
// through the double fast path, with confidence intervals; and a wrong
// closed form falls outside them (the simulation has the power to refute).
#include <Eigen/Dense>

#include <random>

#include "propositions/smoothing_monte_carlo.hpp"
#include "verify/attention_fast.hpp"
#include "support.hpp"

using namespace sinkcheck;

namespace {

constexpr double z = 4.5;  // per-comparison: with ~20 comparisons a false alarm is < 1e-4 (and the seed is fixed)

SimulationSpec spec_of(Eigen::Index d, Eigen::Index r, long k, std::size_t samples, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  SimulationSpec s;
  s.beta = 0.8;
  s.k = k;
  s.W = Eigen::MatrixXd::NullaryExpr(d, d, [&] { return u(rng); }) / std::sqrt(double(d));
  s.L = Eigen::MatrixXd::NullaryExpr(d, r, [&] { return u(rng); });
  s.mu = Eigen::VectorXd::NullaryExpr(d, [&] { return u(rng); });
  s.samples = samples;
  s.seed = seed;
  return s;
}

}  // namespace

TEST_CASE("P3 closed forms lie in the Monte Carlo confidence intervals") {
  SimulationSpec s = spec_of(6, 4, 16, 4000, 3);
  s.lambdas = {0.0, 0.25, 0.5, 0.75, 1.0};
  for (const SmoothingSimulation& m : simulate_smoothing(s)) {
    INFO("lambda " << m.lambda << ": D " << m.D.mean << " ± " << m.D.standard_error << " vs " << m.closed.D << "; N "
                   << m.N.mean << " ± " << m.N.standard_error << " vs " << m.closed.N << "; Y2 " << m.Y2.mean << " ± "
                   << m.Y2.standard_error << " vs " << m.closed.Y2);
    CHECK(m.D.covers(m.closed.D, z));
    CHECK(m.N.covers(m.closed.N, z));
    CHECK(m.Y2.covers(m.closed.Y2, z));
    CHECK(m.D.standard_error < 0.05 * m.closed.D);  // the intervals are informative
  }
}

TEST_CASE("a wrong closed form falls outside the Monte Carlo interval") {
  // N with lam^2 in place of 2 lam - lam^2 (a false variant of P3.model),
  // where it differs most from the truth: at lam = 1/2 by trBWtW / (2k).
  SimulationSpec s = spec_of(4, 4, 4, 20000, 5);
  s.mu.setZero();
  s.lambdas = {0.5};
  const SmoothingSimulation m = simulate_smoothing(s).front();
  const Eigen::MatrixXd B = s.L * s.L.transpose();
  const double trBWtW = (B * s.W.transpose() * s.W).trace();
  const double wrong = m.closed.N - (2 * 0.5 - 2 * 0.25) / double(s.k) * trBWtW;
  INFO("N " << m.N.mean << " ± " << m.N.standard_error << ", closed " << m.closed.N << ", wrong " << wrong);
  CHECK(m.N.covers(m.closed.N, z));
  CHECK_FALSE(m.N.covers(wrong, z));
}

TEST_CASE("the simulation runs at scale through the fast path (d = 128, k = 512)", "[fast]") {
  SimulationSpec s = spec_of(128, 32, 512, 12, 7);
  s.lambdas = {0.0, 1.0};
  for (const SmoothingSimulation& m : simulate_smoothing(s)) {
    INFO("lambda " << m.lambda << ": D " << m.D.mean << " ± " << m.D.standard_error << " vs " << m.closed.D);
    CHECK(m.D.covers(m.closed.D, z));
    CHECK(m.N.covers(m.closed.N, z));
    CHECK(m.Y2.covers(m.closed.Y2, z));
  }
}

TEST_CASE("the fast path with a given attention matrix is the residual layer", "[fast]") {
  const Eigen::MatrixXd Z = Eigen::MatrixXd::Random(3, 5), W = Eigen::MatrixXd::Random(3, 3);
  const Eigen::MatrixXd A = smoothing_attention(5, 0.3);
  CHECK((A.rowwise().sum().array() - 1).abs().maxCoeff() < 1e-15);
  const Eigen::MatrixXd Y = fast::attention_layer(0.5 * Z, Z, W, A);
  // Y(λ) = βZ + (1-λ) W Z + λ W zbar 1ᵀ
  const Eigen::MatrixXd expected =
      0.5 * Z + 0.7 * W * Z + 0.3 * (W * Z.rowwise().mean()).replicate(1, 5);
  CHECK((Y - expected).cwiseAbs().maxCoeff() < 1e-12);
}
