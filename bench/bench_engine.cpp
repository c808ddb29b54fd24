// The engine on every core: `check all` at a fixed budget with 1 and 2
// threads, side by side in one run (the README's speed-up figure). Wall
// time (UseRealTime): what a user waits for.
#include <benchmark/benchmark.h>

#include "engine/driver.hpp"
#include "propositions/registry.hpp"
#include "theory/theory_file.hpp"

using namespace sinkcheck;

namespace {

std::vector<Job> check_all_jobs(const Theory& theory, std::size_t cases) {
  std::vector<Job> jobs;
  for (const StatementPtr& statement : all_statements()) {
    const std::string& id = statement->info().id;
    const StatementTheory* st = theory.find(id);
    if (!st) continue;
    Job job{statement, *st, theory.domain(id.substr(0, id.find('.'))), RunOptions{}, std::nullopt};
    job.options.cases = cases;
    job.options.seed = 1;
    jobs.push_back(std::move(job));
  }
  return jobs;
}

void BM_check_all(benchmark::State& state) {
  const Theory theory = load_theory(default_theory_path(), statement_variables());
  const std::vector<Job> jobs = check_all_jobs(theory, std::size_t(state.range(1)));
  DriverSettings settings;
  settings.jobs = unsigned(state.range(0));
  std::size_t cases = 0;
  for (auto _ : state)
    for (const StatementResult& r : run_jobs(jobs, settings)) cases += r.cases;
  state.counters["cases/s"] = benchmark::Counter(double(cases), benchmark::Counter::kIsRate);
}

}  // namespace

// args: threads, cases per statement
BENCHMARK(BM_check_all)->Args({1, 2000})->Args({2, 2000})->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

BENCHMARK_MAIN();
