#pragma once
// Rank 0's side of a distributed run_jobs: hands out chunks on demand,
// computes its own share on a second thread, folds the parts in case order
// and emits the results in job order (engine/distributed.hpp). Compiled only
// with MPI.
#include <functional>
#include <vector>

#include "engine/driver.hpp"

namespace sinkcheck::mpi {

// Runs `jobs` across every attached rank and releases them at the end.
std::vector<StatementResult> coordinate(const std::vector<Job>& jobs, const DriverSettings& settings,
                                        const std::function<void(std::size_t, const StatementResult&)>& on_result);

// Threads of this process: --jobs, else its share of its node's cores.
unsigned threads_for(const DriverSettings& settings);

}  // namespace sinkcheck::mpi
