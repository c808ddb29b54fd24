// P3's double fast path: Monte Carlo cases of the model Y(λ) = βZ + W Z A(λ)ᵀ.
// One case is one context of k Gaussian tokens in dimension d (Z = μ1ᵀ + L G),
// its outputs at λ = 0, 1/2, 1 through fast::attention_layer, and the
// estimators of D_k, N and E||Y_i||^2 — what simulate_smoothing does per sample.
#include <benchmark/benchmark.h>

#include <Eigen/Dense>

#include "propositions/smoothing_monte_carlo.hpp"

using namespace sinkcheck;

namespace {

void BM_smoothing_fast_case(benchmark::State& state) {
  const Eigen::Index d = state.range(0);
  const long k = long(state.range(1));
  SimulationSpec spec;
  spec.beta = 0.9;
  spec.k = k;
  spec.W = Eigen::MatrixXd::Random(d, d) / std::sqrt(double(d));
  spec.L = Eigen::MatrixXd::Random(d, d);
  spec.mu = Eigen::VectorXd::Random(d);
  spec.samples = 16;
  std::uint64_t seed = 1;
  for (auto _ : state) {
    spec.seed = seed++;
    benchmark::DoNotOptimize(simulate_smoothing(spec));
  }
  const double per_case = double(spec.lambdas.size()) * (2.0 * double(d * d) * double(k) + 2.0 * double(d) * double(k) * double(k)) +
                          2.0 * double(d * d) * double(k);
  state.counters["cases/s"] = benchmark::Counter(double(spec.samples), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["GFLOPs"] = benchmark::Counter(per_case * double(spec.samples), benchmark::Counter::kIsIterationInvariantRate,
                                                benchmark::Counter::kIs1000);
}
BENCHMARK(BM_smoothing_fast_case)->Args({64, 256})->Args({128, 512})->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
