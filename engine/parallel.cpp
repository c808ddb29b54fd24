#include "engine/parallel.hpp"

#if defined(__SANITIZE_THREAD__)
// Under ThreadSanitizer the pool is made of std::threads: Debian's libtbb is
// not built with ThreadSanitizer, so the synchronisation inside it would be
// invisible and every result read after a parallel loop would show as a
// race. std::thread, std::atomic and the join are instrumented, so the
// sanitizer then checks exactly sinkcheck's own code. Same interface, same
// results (callers reduce in index order); only slower.
#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace sinkcheck {

namespace {
thread_local unsigned pool_size = std::max(1u, std::thread::hardware_concurrency());
}

void for_each_index(std::size_t n, const std::function<void(std::size_t)>& body) {
  const unsigned threads = unsigned(std::min<std::size_t>(n, pool_size));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) body(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(n);
  const unsigned inner = pool_size;
  auto worker = [&] {
    pool_size = inner;
    for (std::size_t i; (i = next.fetch_add(1)) < n;) {
      try {
        body(i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

void with_thread_pool(unsigned jobs, const std::function<void()>& work) {
  const unsigned saved = pool_size;
  pool_size = jobs == 0 ? std::max(1u, std::thread::hardware_concurrency()) : jobs;
  try {
    work();
  } catch (...) {
    pool_size = saved;
    throw;
  }
  pool_size = saved;
}

unsigned current_concurrency() { return pool_size; }

std::mutex& generation_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace sinkcheck

#else

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <optional>

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

#endif
