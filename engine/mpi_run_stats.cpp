#include "engine/mpi_run_stats.hpp"

#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace sinkcheck::mpi {

using Clock = std::chrono::steady_clock;

void RunStats::print() const {
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  std::size_t all = 0;
  for (std::size_t n : chunks) all += n;
  const double gathering = coordinating - emitting;
  std::fprintf(stderr,
               "mpi: %zu ranks, %zu chunks in %.2f s; rank 0 gathering %.3f s (%.3f ms a chunk; CPU %.3f ms a "
               "chunk), %.2f MB received; writing reports %.3f s\n",
               chunks.size(), all, wall, gathering, all ? 1e3 * gathering / double(all) : 0.0,
               all ? 1e3 * (coordinating_cpu - emitting_cpu) / double(all) : 0.0, double(bytes) / 1e6, emitting);
  for (std::size_t r = 0; r < chunks.size(); ++r)
    std::fprintf(stderr, "mpi: rank %zu: %zu chunks, %.2f s computing (%.0f%% of the run)\n", r, chunks[r],
                 computing[r], wall > 0 ? 100 * computing[r] / wall : 0.0);
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

bool stats_wanted() {
  const char* v = std::getenv("SINKCHECK_MPI_STATS");
  return v && *v && std::string(v) != "0";
}

}  // namespace sinkcheck::mpi
