#pragma once
// The driver: the one place that runs statements' cases. check, gate,
// mutate, replay, boundary and the tests call it; a feature of the search
// (threads, time budgets) is added here once and every command has it.
#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "engine/statement.hpp"

namespace sinkcheck {

// One statement run: which statement, against which theory and domain, how.
struct Job {
  StatementPtr statement;
  StatementTheory theory;
  DomainTable domain;
  RunOptions options;
  // --time: the job stops starting cases this long after it starts (its
  // options.cases is then only an upper bound).
  std::optional<std::chrono::duration<double>> time_budget;
  // A part of the run (`check --shard`): only these of its random cases,
  // and the result is their merged ledger as a part (StatementLedger::part:
  // search starts, every claim's first counterexample), not finished; the
  // parts' merge finishes the run. Unset: the whole run.
  std::optional<CaseRange> random_range = std::nullopt;
  // The random cases this job computes.
  CaseRange random_cases() const;
};

struct DriverSettings {
  unsigned jobs = 0;  // threads (--jobs); 0: one per core
  // Run the jobs themselves side by side (mutate: hundreds of small runs),
  // each still parallel inside. Off: one job after another (check).
  bool concurrent_jobs = false;
};

// Runs every job; results come back in job order and do not depend on the
// number of threads or, under mpirun, of processes (engine/distributed.hpp:
// rank 0 returns the results, the other ranks leave inside this call). Each
// result's `seconds` is its wall time (console only).
// `on_result(i, result)` is called in job order, from the calling thread, as
// soon as job i and every job before it are done (check rewrites its partial
// report there). A job that is not started because of a stop request (its
// options.stop_requested) is left out: the results are a prefix of the jobs.
std::vector<StatementResult> run_jobs(const std::vector<Job>& jobs, const DriverSettings& settings,
                                      const std::function<void(std::size_t, const StatementResult&)>& on_result = {});

// Runs task(i) for i in [0, n) on the driver's threads; for work that is not
// a statement run (replaying stored counterexamples, margin estimates).
// Callers store results by index, so the outcome is the same for any --jobs.
// Under mpirun only rank 0 runs them (the other ranks leave here).
void run_tasks(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& task);

}  // namespace sinkcheck
