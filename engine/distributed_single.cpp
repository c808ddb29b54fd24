// The build without MPI: every process works alone.
#include "engine/distributed.hpp"

#include <stdexcept>

namespace sinkcheck {

DistributedSession::DistributedSession() {}
DistributedSession::~DistributedSession() = default;

bool is_worker_process() { return false; }
int process_count() { return 1; }
unsigned default_threads() { return 0; }

namespace distributed {

bool has_workers() { return false; }

std::vector<StatementResult> run_jobs(const std::vector<Job>&, const DriverSettings&,
                                      const std::function<void(std::size_t, const StatementResult&)>&) {
  throw std::logic_error("distributed::run_jobs without MPI");
}

void serve(const std::vector<Job>&, const DriverSettings&) { throw std::logic_error("distributed::serve without MPI"); }

void release_workers() {}

}  // namespace distributed

}  // namespace sinkcheck
