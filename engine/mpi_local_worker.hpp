#pragma once
// Rank 0's own share of a distributed run's work, computed on a thread of
// its own so that rank 0's main thread stays free to answer the workers:
// chunks of cases, and each statement's targeted phase (which needs the
// statement's every random case, so it runs once, on rank 0, while the
// other ranks go on with later statements' chunks).
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "engine/chunk_run.hpp"
#include "engine/chunk_scheduler.hpp"
#include "engine/parallel.hpp"

namespace sinkcheck::mpi {

// A finished piece of work, wherever it ran: a chunk's part, or (with
// `targeted_job`) a statement's result after its targeted phase.
struct Completion {
  Chunk chunk;
  int rank = 0;
  std::optional<StatementResult> part;  // empty: `error` says why
  std::string error;
  double seconds = 0;
  std::optional<std::size_t> targeted_job;
};

class LocalWorker {
 public:
  // A piece of work: returns its completion (errors inside it included).
  using Work = std::function<Completion()>;

  LocalWorker(const std::vector<Job>& jobs, unsigned threads) : jobs_(jobs) {
    thread_ = std::thread([this, threads] { with_thread_pool(threads, [this] { loop(); }); });
  }
  ~LocalWorker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = abandon_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

  // Idle: nothing assigned or computing and the last completion taken.
  // Finished: a completion waits to be taken. Work is assigned only when
  // idle: work assigned while a completion waits would overwrite it when it
  // finished, and rank 0 would wait forever for the lost part (a fast chunk
  // can finish while rank 0 is still decoding a worker's part).
  enum class State { Idle, Computing, Finished };
  State state() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (assigned_ || busy_) return State::Computing;
    return done_ ? State::Finished : State::Idle;
  }
  // The cases of `chunk`, as a part.
  void assign(const Chunk& chunk, ChunkContext context);
  // Any other work (the targeted phase of a statement).
  void assign(Work work);
  std::optional<Completion> take_completion() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<Completion> done = std::move(done_);
    done_.reset();
    return done;
  }

 private:
  void loop();

  const std::vector<Job>& jobs_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Work> assigned_;
  std::optional<Completion> done_;
  bool busy_ = false, quit_ = false;
  std::atomic<bool> abandon_{false};
  std::thread thread_;
};

}  // namespace sinkcheck::mpi
