#pragma once
// The MPI side of a distributed run, below the coordinator: this process's
// place in the job and point-to-point messages with rank 0. Compiled only
// with MPI (engine/distributed.hpp says what the mode does).
#include <cstddef>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

namespace sinkcheck::mpi {

// The protocol, all messages CBOR-encoded JSON between a worker and rank 0:
//   worker -> 0  kReady   {"signature", "threads"} first, then {"chunk", "part", "seconds"}
//                         or {"chunk", "error"} for each chunk it was given
//   worker -> 0  kGone    {"exit_code", "messages"}: the worker ends without taking
//                         part (it left the command before the driver, or at run_tasks)
//   0 -> worker  kAssign  {"chunk", "job", "first", "end", "seconds_left"}
//   0 -> worker  kRelease the worker leaves: nothing more to compute
// Every worker sends exactly one kReady per kAssign it received plus one
// first kReady or one kGone, so rank 0 always knows whom it waits for.
enum Tag : int { kReady = 101, kGone = 102, kAssign = 103, kRelease = 104 };

struct World {
  bool joined = false;  // this process called MPI_Init
  int rank = 0, size = 1;
  unsigned node_ranks = 1;     // ranks on this process's node
  std::vector<bool> attached;  // rank 0: workers not released yet
  bool released = false;       // a worker: rank 0 let it go
};
World& world();

// Only a launcher's environment (mpirun, srun) makes this process part of
// an MPI job; a plain `sinkcheck check` never initialises MPI (a singleton
// MPI_Init would start Open MPI's runtime for nothing).
bool started_by_mpi_launcher();
// MPI_Init_thread (MPI_THREAD_FUNNELED: only a process's main thread calls
// MPI), then this process's rank, the job's size and the ranks on its node.
void join();
void leave();

struct Message {
  int from = 0;
  int tag = 0;
  nlohmann::json payload;
  std::size_t bytes = 0;
};

void send(int to, Tag tag, const nlohmann::json& payload);
// Waits for the next message from `from`.
Message receive_from(int from);
// The next message from anyone, if one is there.
std::optional<Message> try_receive();

}  // namespace sinkcheck::mpi
