#pragma once
// SINKCHECK_MPI_STATS=1: what rank 0 saw during a distributed run_jobs,
// printed on stderr at its end (the measurements behind docs/scaling.md):
// how busy each rank was and what gathering cost rank 0.
#include <chrono>
#include <cstddef>
#include <vector>

namespace sinkcheck::mpi {

struct RunStats {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::vector<std::size_t> chunks;
  std::vector<double> computing;  // seconds, per rank
  std::size_t bytes = 0;          // received from the workers
  double coordinating = 0;        // rank 0's main thread: receiving, decoding, folding, handing out
  double coordinating_cpu = 0;    // the same in CPU time (wall time counts waits for a core too)
  double emitting = 0;            // rank 0's main thread: the command's on_result (report rewrites)
  double emitting_cpu = 0;

  explicit RunStats(int ranks) : chunks(std::size_t(ranks)), computing(std::size_t(ranks)) {}
  void print() const;
};

bool stats_wanted();
// CPU time of the calling thread.
double thread_cpu_seconds();

}  // namespace sinkcheck::mpi
