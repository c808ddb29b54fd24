#pragma once
// Several processes running one command together: `mpirun -n N sinkcheck
// check …`. Every rank runs the same command line up to the driver (so all
// hold the same jobs and only case ranges and results travel); there rank 0
// hands out chunks of cases on demand, computes chunks itself, merges the
// parts' ledgers in case order (engine/statement_ledger.hpp), finishes each
// statement and returns exactly what one process would have; the other
// ranks ("workers") compute chunks, print nothing, write no file, and leave
// when rank 0 releases them.
//
// Built with MPI (engine/distributed_mpi.cpp) when CMake finds it; without
// it, or when the process was not started by an MPI launcher, every process
// works alone (engine/distributed_single.cpp) and nothing here changes
// anything.
#include <functional>
#include <string>
#include <vector>

#include "engine/driver.hpp"

namespace sinkcheck {

// For main(): joins the MPI job if an MPI launcher started this process, and
// leaves it at the end, releasing any worker rank 0 did not need. Throws
// std::runtime_error when several ranks were started but the build has no MPI.
class DistributedSession {
 public:
  DistributedSession();
  ~DistributedSession();
  DistributedSession(const DistributedSession&) = delete;
  DistributedSession& operator=(const DistributedSession&) = delete;
  // How the command ended on this process: a worker that fails before the
  // driver (its theory file unreadable on its node, say) tells rank 0 why,
  // and rank 0 stops with that message instead of waiting for it.
  void record_exit(int code, std::string messages) {
    exit_code_ = code;
    messages_ = std::move(messages);
  }

 private:
  int exit_code_ = 0;
  std::string messages_;
};

// Thrown in a worker when rank 0 needs it no more; main() catches it and
// exits 0. Not a std::exception: no command's error handling may catch it.
struct WorkerReleased {};

// A rank other than 0 of a distributed run.
bool is_worker_process();
// The ranks of the run (1 without MPI).
int process_count();
// Threads a process uses when --jobs is not given: its node's cores shared
// by the ranks on that node (0: all cores, the single-process default).
unsigned default_threads();

// The driver's side (engine/driver.cpp).
namespace distributed {

// Rank 0, while the workers are attached: run_jobs goes through them.
bool has_workers();
// Rank 0: run_jobs across every rank (see driver.hpp for the contract).
std::vector<StatementResult> run_jobs(const std::vector<Job>& jobs, const DriverSettings& settings,
                                      const std::function<void(std::size_t, const StatementResult&)>& on_result);
// A worker: computes the chunks rank 0 hands out for these jobs, then throws
// WorkerReleased.
[[noreturn]] void serve(const std::vector<Job>& jobs, const DriverSettings& settings);
// Rank 0: the workers are not needed for what follows (run_tasks runs
// locally); let them go. A worker calling it leaves (throws WorkerReleased).
void release_workers();

}  // namespace distributed

}  // namespace sinkcheck
