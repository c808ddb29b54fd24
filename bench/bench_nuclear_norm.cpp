// certify_min_nuclear_norm end to end (DSDP solve + exact certificate) on
// planted programs of growing size. Counters report the certified relative
// gap and the split between the numerical solve and the exact checks.
//   bench_nuclear_norm --dump DIR   writes the same programs as JSON
// (nn_<n>_<K>.json) for bench/reference_cvxopt.py and exits.
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "generators/nuclear_norm_programs.hpp"
#include "verify/nuclear_norm.hpp"

using namespace sinkcheck;

namespace {

// (n, K): dimension and constraint count (before the generator's duplicates).
const std::vector<std::pair<int, int>> kSizes{{8, 1000}, {16, 2000}, {24, 4000}};

NuclearNormProgram program_for(int n, int count) {
  return gen::planted_nuclear_norm_program(std::size_t(n), 3 * std::size_t(n), std::size_t(count), 1000u + unsigned(n));
}

// range(2): 0 = our interior-point method, 1 = DSDP.
void BM_certify_min_nuclear_norm(benchmark::State& state) {
  const NuclearNormProgram program = program_for(int(state.range(0)), int(state.range(1)));
  NuclearNormOptions options;
  options.solver = state.range(2) == 0 ? NuclearNormOptions::Solver::interior_point : NuclearNormOptions::Solver::dsdp;
  NuclearNormCertificate last;
  for (auto _ : state) {
    last = certify_min_nuclear_norm(program, options);
    benchmark::DoNotOptimize(last.upper);
  }
  // Counters print 6 digits; the interval in full, for reference_cvxopt.py.
  std::cerr << "n=" << state.range(0) << " K=" << state.range(1) << " " << last.solver << ": lower "
            << std::setprecision(15) << to_double_down(last.lower) << " upper " << to_double_up(last.upper) << "\n";
  state.counters["gap"] = last.relative_gap();
  state.counters["solve_s"] = last.solve_seconds;
  state.counters["certify_s"] = last.certify_seconds;
  state.counters["distinct"] = double(last.distinct_constraints);
  state.counters["upper"] = to_double(last.upper);
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], "--dump") == 0) {
      const std::filesystem::path dir = argv[i + 1];
      std::filesystem::create_directories(dir);
      for (const auto& [n, count] : kSizes) {
        const auto path = dir / ("nn_" + std::to_string(n) + "_" + std::to_string(count) + ".json");
        std::ofstream(path) << nuclear_norm_program_to_json(program_for(n, count)).dump() << "\n";
        std::cout << path.string() << "\n";
      }
      return 0;
    }
  // DSDP at n=24/K=4000 takes ~3 minutes; pass --benchmark_filter to skip it.
  for (int solver : {0, 1})
    for (const auto& [n, count] : kSizes)
      benchmark::RegisterBenchmark(solver == 0 ? "BM_certify_min_nuclear_norm/interior_point"
                                               : "BM_certify_min_nuclear_norm/dsdp",
                                   BM_certify_min_nuclear_norm)
          ->Args({n, count, solver})
          ->Unit(benchmark::kSecond)
          ->Iterations(1);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
