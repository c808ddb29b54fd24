// The build without MPI: every process works alone.
#include "engine/distributed.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sinkcheck {

// Started by mpirun with several ranks, every rank of this build would run
// the whole command and write the same files: refuse instead.
DistributedSession::DistributedSession() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
    if (const char* size = std::getenv(variable); size && std::atoi(size) > 1)
      throw std::runtime_error(std::string("started as one of ") + size +
                               " MPI ranks, but this sinkcheck was built without MPI: install libopenmpi-dev "
                               "and rebuild (the build finds it), or run without mpirun");
}
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
