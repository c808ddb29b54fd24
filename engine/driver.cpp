#include "engine/driver.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include "engine/distributed.hpp"
#include "engine/parallel.hpp"

namespace sinkcheck {

namespace {

StatementResult run_one(const Job& job) {
  const auto start = std::chrono::steady_clock::now();
  RunOptions options = job.options;
  if (job.time_budget)
    options.deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(*job.time_budget);
  StatementResult result =
      job.random_range ? job.statement->run_cases(job.theory, job.domain, options, *job.random_range).part()
                       : job.statement->run(job.theory, job.domain, options);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

bool stop_requested(const Job& job) { return job.options.stop_requested && job.options.stop_requested(); }

}  // namespace

CaseRange Job::random_cases() const {
  const std::size_t random = options.random_cases();
  if (!random_range) return {0, random};
  const std::size_t end = std::min(random_range->end, random);
  return {std::min(random_range->first, end), end};
}

std::vector<StatementResult> run_jobs(const std::vector<Job>& given, const DriverSettings& settings,
                                      const std::function<void(std::size_t, const StatementResult&)>& on_result) {
  // Where each statement's random cases end, settled before they are split
  // into parts (threads, ranks) so every part agrees.
  std::vector<Job> jobs = given;
  for (Job& job : jobs) job.options.targeted_share = settled_targeted_share(job.theory, job.options.targeted_share);
  // Under mpirun the same jobs run across every rank (engine/distributed.hpp).
  if (is_worker_process()) distributed::serve(jobs, settings);
  if (distributed::has_workers()) return distributed::run_jobs(jobs, settings, on_result);
  std::vector<StatementResult> results;
  with_thread_pool(settings.jobs, [&] {
    if (!settings.concurrent_jobs) {
      for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (stop_requested(jobs[i])) break;
        results.push_back(run_one(jobs[i]));
        if (on_result) on_result(i, results.back());
        if (results.back().interrupted) break;
      }
      return;
    }
    std::vector<std::optional<StatementResult>> done(jobs.size());
    for_each_index(jobs.size(), [&](std::size_t i) {
      if (!stop_requested(jobs[i])) done[i] = run_one(jobs[i]);
    });
    for (std::size_t i = 0; i < jobs.size() && done[i]; ++i) {
      results.push_back(std::move(*done[i]));
      if (on_result) on_result(i, results.back());
      if (results.back().interrupted) break;
    }
  });
  return results;
}

void run_tasks(std::size_t n, unsigned jobs, const std::function<void(std::size_t)>& task) {
  // Tasks write into the caller's memory, so they run on rank 0 alone.
  distributed::release_workers();
  with_thread_pool(jobs, [&] { for_each_index(n, task); });
}

}  // namespace sinkcheck
