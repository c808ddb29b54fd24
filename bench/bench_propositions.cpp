// Cases per second for every registered statement, on the shipped theory:
// generation, certified decision of every claim (with escalation where the
// filter cannot tell), and tallying, as `sinkcheck check` runs them.
#include <benchmark/benchmark.h>

#include "propositions/registry.hpp"

using namespace sinkcheck;

namespace {

void BM_statement(benchmark::State& state, StatementPtr statement) {
  static const Theory theory = load_theory(default_theory_path(), statement_variables());
  const StatementTheory* st = theory.find(statement->info().id);
  if (!st) {
    state.SkipWithError("statement not in the shipped theory");
    return;
  }
  const std::string id = statement->info().id;
  const DomainTable domain = theory.domain(id.substr(0, id.find('.')));
  RunOptions options;
  options.cases = 50;
  options.extras = false;  // the cases alone: tables and pictures are per run, not per case
  std::uint64_t seed = 1;
  for (auto _ : state) {
    options.seed = seed++;
    benchmark::DoNotOptimize(statement->run(*st, domain, options));
  }
  state.counters["cases/s"] = benchmark::Counter(double(options.cases), benchmark::Counter::kIsIterationInvariantRate);
}

const bool registered = [] {
  for (const StatementPtr& s : all_statements())
    benchmark::RegisterBenchmark(("cases/" + s->info().id).c_str(), BM_statement, s)->Unit(benchmark::kMillisecond);
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
