#pragma once
// The engine's only contact with threads. Kept behind a function so that
// oneTBB's headers stay out of the widely included engine headers.
#include <cstddef>
#include <functional>
#include <mutex>

namespace sinkcheck {

// Runs body(i) for every i in [0, n) on the threads of the current pool
// (the driver's, limited by --jobs; all cores outside a driver run) and
// returns when all have finished. The first exception a body throws is
// rethrown here. Bodies must not depend on the order they run in: callers
// reduce their results in index order, which is what keeps reports
// independent of the number of threads.
void for_each_index(std::size_t n, const std::function<void(std::size_t)>& body);

// Runs `work` on a pool of `jobs` threads (0: one per core); every
// for_each_index inside it, however deeply nested, uses that pool.
void with_thread_pool(unsigned jobs, const std::function<void()>& work);

// The number of threads for_each_index may use right now.
unsigned current_concurrency();

// rapidcheck keeps its generation context (implicit parameters such as the
// current gen::exec handler) in process-wide stacks, not per thread: every
// use of a generator or a shrink tree holds this lock. Generation is cheap
// next to certification, which runs outside it.
std::mutex& generation_mutex();

}  // namespace sinkcheck
