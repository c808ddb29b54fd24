#include "engine/parallel.hpp"

#include <optional>

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace sinkcheck {

void for_each_index(std::size_t n, const std::function<void(std::size_t)>& body) {
  if (n == 0) return;
  if (n == 1 || tbb::this_task_arena::max_concurrency() == 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  // Grain 1: a case costs from microseconds (P2) to a second (P4's
  // semidefinite programs); TBB's work stealing balances them.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) body(i);
  });
}

void with_thread_pool(unsigned jobs, const std::function<void()>& work) {
  // More threads than cores (--jobs 7 on 2 cores, as the determinism tests
  // ask) needs TBB's process-wide worker limit raised for the run.
  std::optional<tbb::global_control> limit;
  if (jobs > unsigned(tbb::info::default_concurrency()))
    limit.emplace(tbb::global_control::max_allowed_parallelism, std::size_t(jobs));
  tbb::task_arena arena(jobs == 0 ? tbb::task_arena::automatic : int(jobs));
  arena.execute(work);
}

unsigned current_concurrency() { return unsigned(tbb::this_task_arena::max_concurrency()); }

std::mutex& generation_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace sinkcheck
