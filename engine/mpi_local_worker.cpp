#include "engine/mpi_local_worker.hpp"

namespace sinkcheck::mpi {

void LocalWorker::loop() {
  for (;;) {
    Chunk chunk;
    ChunkContext context;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return quit_ || assigned_; });
      if (quit_) return;
      chunk = *assigned_;
      context = std::move(context_);
      assigned_.reset();
      busy_ = true;
    }
    Completion done{chunk, 0, std::nullopt, {}, 0};
    try {
      done.part = run_chunk(jobs_[chunk.job], {chunk.first, chunk.end}, context, [this] { return abandon_.load(); });
      done.seconds = done.part->seconds;
    } catch (const std::exception& e) {
      done.error = e.what();
    }
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = std::move(done);
    busy_ = false;
  }
}

}  // namespace sinkcheck::mpi
