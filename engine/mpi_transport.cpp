#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include "engine/mpi_transport.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <thread>

namespace sinkcheck::mpi {

World& world() {
  static World w;
  return w;
}

bool started_by_mpi_launcher() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(variable)) return true;
  return false;
}

void join() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  World& w = world();
  w.joined = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &w.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &w.size);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, w.rank, MPI_INFO_NULL, &node);
  int node_size = 1;
  MPI_Comm_size(node, &node_size);
  MPI_Comm_free(&node);
  w.node_ranks = unsigned(std::max(1, node_size));
  if (w.rank == 0) {
    w.attached.assign(std::size_t(w.size), true);
    w.attached[0] = false;
  }
}

void leave() { MPI_Finalize(); }

void send(int to, Tag tag, const nlohmann::json& payload) {
  const std::vector<std::uint8_t> bytes = nlohmann::json::to_cbor(payload);
  MPI_Send(bytes.data(), int(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD);
}

namespace {

Message receive_probed(const MPI_Status& status) {
  int size = 0;
  MPI_Get_count(&status, MPI_BYTE, &size);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  MPI_Recv(bytes.data(), size, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return {status.MPI_SOURCE, status.MPI_TAG, bytes.empty() ? nlohmann::json::object() : nlohmann::json::from_cbor(bytes),
          bytes.size()};
}

}  // namespace

// Waits for a message from `from`. Open MPI's blocking probe spins on a
// core while it waits; polling with short sleeps leaves the core to the
// computing threads of the ranks sharing it (a wait is a round trip to
// rank 0, a fraction of a millisecond next to a chunk of about a second).
Message receive_from(int from) {
  for (;;) {
    int ready = 0;
    MPI_Status status;
    MPI_Iprobe(from, MPI_ANY_TAG, MPI_COMM_WORLD, &ready, &status);
    if (ready) return receive_probed(status);
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

std::optional<Message> try_receive() {
  int ready = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &ready, &status);
  if (!ready) return std::nullopt;
  return receive_probed(status);
}

}  // namespace sinkcheck::mpi
