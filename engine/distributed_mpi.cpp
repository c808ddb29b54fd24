// The build with MPI: the process-level interface of engine/distributed.hpp
// (joining and leaving the job, a worker's loop, releasing workers); rank 0's
// coordination is engine/mpi_coordinator.cpp, the messages
// engine/mpi_transport.cpp, the measurements docs/scaling.md.
#include <sched.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <thread>

#include "engine/chunk_run.hpp"
#include "engine/distributed.hpp"
#include "engine/mpi_coordinator.hpp"
#include "engine/mpi_transport.hpp"
#include "engine/parallel.hpp"
#include "engine/results_json.hpp"

namespace sinkcheck {

using mpi::world;
using nlohmann::json;

DistributedSession::DistributedSession() {
  if (mpi::started_by_mpi_launcher()) mpi::join();
}

DistributedSession::~DistributedSession() {
  if (!world().joined) return;
  if (world().rank == 0) {
    distributed::release_workers();
  } else if (!world().released) {
    mpi::send(0, mpi::kGone, {{"exit_code", exit_code_}, {"messages", messages_}});
  }
  mpi::leave();
}

bool is_worker_process() { return world().joined && world().rank != 0; }

int process_count() { return world().joined ? world().size : 1; }

unsigned default_threads() {
  if (!world().joined) return 0;
  // The cores this process may run on: all of the node's unless the
  // launcher bound it (Open MPI binds small jobs' ranks to one core each).
  cpu_set_t set;
  CPU_ZERO(&set);
  const unsigned allowed = sched_getaffinity(0, sizeof set, &set) == 0 ? unsigned(CPU_COUNT(&set)) : 0;
  const unsigned node = std::max(1u, std::thread::hardware_concurrency());
  if (allowed > 0 && allowed < node) return allowed;
  return std::max(1u, node / world().node_ranks);
}

namespace distributed {

bool has_workers() {
  const auto& w = world();
  return w.joined && w.rank == 0 && std::any_of(w.attached.begin(), w.attached.end(), [](bool b) { return b; });
}

std::vector<StatementResult> run_jobs(const std::vector<Job>& jobs, const DriverSettings& settings,
                                      const std::function<void(std::size_t, const StatementResult&)>& on_result) {
  return mpi::coordinate(jobs, settings, on_result);
}

void serve(const std::vector<Job>& jobs, const DriverSettings& settings) {
  with_thread_pool(mpi::threads_for(settings), [&] {
    mpi::send(0, mpi::kReady, {{"signature", jobs_signature(jobs)}, {"threads", current_concurrency()}});
    for (;;) {
      const mpi::Message m = mpi::receive_from(0);
      if (m.tag == mpi::kRelease) return;
      if (m.tag != mpi::kAssign) throw std::logic_error("a worker received an unexpected message");
      const json& a = m.payload;
      const std::size_t chunk = a.at("chunk").get<std::size_t>(), job = a.at("job").get<std::size_t>();
      json reply = {{"chunk", chunk}};
      try {
        if (job >= jobs.size()) throw std::logic_error("rank 0 assigned a job this rank does not have");
        ChunkContext context;
        if (!a.at("seconds_left").is_null()) context.seconds_left = a.at("seconds_left").get<double>();
        const StatementResult part =
            run_chunk(jobs[job], {a.at("first").get<std::size_t>(), a.at("end").get<std::size_t>()}, context, nullptr);
        reply["part"] = statement_to_json(part, ResultFields::All);
        reply["seconds"] = part.seconds;
      } catch (const std::exception& e) {
        reply["error"] = e.what();
      }
      mpi::send(0, mpi::kReady, reply);
    }
  });
  world().released = true;
  throw WorkerReleased{};
}

void release_workers() {
  auto& w = world();
  if (!w.joined) return;
  if (w.rank != 0) {
    if (!w.released) mpi::send(0, mpi::kGone, json::object());
    w.released = true;
    throw WorkerReleased{};
  }
  for (int r = 1; r < w.size; ++r) {
    if (!w.attached[std::size_t(r)]) continue;
    // Its one pending message: the first kReady (it reached the driver) or kGone.
    const mpi::Message m = mpi::receive_from(r);
    if (m.tag == mpi::kReady) mpi::send(r, mpi::kRelease, json::object());
    w.attached[std::size_t(r)] = false;
  }
}

}  // namespace distributed

}  // namespace sinkcheck
