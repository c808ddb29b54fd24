// P1 at T = 256, d = 64: cases per second for the certified geometry (both
// minimum-norm certificates, the explicit sink or the infeasibility
// certificate), for the full certified decision of P1.a + P1.b's claims, for
// P1.c's sink masses at margin 5000, and for the double fast path alone.
#include <benchmark/benchmark.h>

#include <random>

#include "propositions/registry.hpp"
#include "propositions/sink_representability.hpp"

using namespace sinkcheck;

namespace {

constexpr std::size_t kT = 256, kD = 64;

// Tokens sharing a mean direction (the realistic case), the sink beyond every
// key along it; or (general) centred coordinates, where 0 lies in the hull of
// the queries and the sink in the hull of the keys.
SinkInstance instance(std::uint64_t seed, bool general, std::size_t queries = kT) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> noise(-4, 4), along(40, 160), centred(-9, 9);
  SinkInstance s;
  s.tokens.assign(kT + 1, std::vector<Rational>(kD));
  for (auto& z : s.tokens) {
    z[0] = general ? centred(rng) : along(rng);
    for (std::size_t k = 1; k < kD; ++k) z[k] = Rational(general ? centred(rng) : noise(rng), 2);
  }
  if (!general) s.tokens[0][0] = 200 + along(rng);
  for (std::size_t j = 1; j <= queries; ++j) s.J.push_back(j * kT / queries);
  s.kappa = 5000;
  s.eps = Rational(1, 1000);
  return s;
}

std::vector<SinkInstance> instances(bool general, std::size_t queries = kT) {
  std::vector<SinkInstance> out;
  for (std::uint64_t seed = 1; seed <= 16; ++seed) out.push_back(instance(seed, general, queries));
  return out;
}

void BM_certified_geometry(benchmark::State& state, bool general) {
  const std::vector<SinkInstance> cases = instances(general);
  std::size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(sink_facts(cases[k++ % cases.size()]));
  state.counters["cases/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

void decide_all(benchmark::State& state, const std::vector<SinkInstance>& cases, std::vector<std::string> ids,
                bool softmax) {
  static const Theory theory = load_theory(default_theory_path(), statement_variables());
  std::size_t k = 0;
  for (auto _ : state) {
    StagedQuantities q = sink_staged_quantities(cases[k++ % cases.size()], softmax);
    for (const std::string& id : ids)
      for (const ClaimTheory& c : theory.find(id)->claims) {
        const Decision d = decide(c.assume, c.holds, q, PrecisionPolicy());
        if (d.verdict == Verdict::Counterexample || d.verdict == Verdict::Undecided) state.SkipWithError("not certified");
      }
  }
  state.counters["cases/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_decide_P1ab(benchmark::State& state, bool general) { decide_all(state, instances(general), {"P1.a", "P1.b"}, false); }

void BM_decide_P1c(benchmark::State& state) { decide_all(state, instances(false, 16), {"P1.c"}, true); }

void BM_fast_path_wolfe(benchmark::State& state) {
  const std::vector<SinkInstance> cases = instances(false);
  std::vector<Eigen::MatrixXd> X;
  for (const SinkInstance& s : cases) {
    Eigen::MatrixXd m(static_cast<Eigen::Index>(kD), static_cast<Eigen::Index>(kT));
    for (std::size_t j = 0; j < kT; ++j)
      for (std::size_t c = 0; c < kD; ++c) m(Eigen::Index(c), Eigen::Index(j)) = to_double(s.tokens[j + 1][c]);
    X.push_back(std::move(m));
  }
  std::size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(wolfe_min_norm(X[k++ % X.size()]));
  state.counters["hulls/s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(BM_certified_geometry, common_direction, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_certified_geometry, general_position_infeasible, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_decide_P1ab, common_direction, false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_decide_P1ab, general_position_infeasible, true)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_decide_P1c)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_fast_path_wolfe)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
