#include "engine/mpi_local_worker.hpp"

namespace sinkcheck::mpi {

void LocalWorker::assign(const Chunk& chunk, ChunkContext context) {
  assign([this, chunk, context = std::move(context)] {
    Completion done{chunk, 0, std::nullopt, {}, 0, std::nullopt};
    try {
      done.part = run_chunk(jobs_[chunk.job], {chunk.first, chunk.end}, context, [this] { return abandon_.load(); });
      done.seconds = done.part->seconds;
    } catch (const std::exception& e) {
      done.error = e.what();
    } catch (...) {
      done.error = "an unknown error";
    }
    return done;
  });
}

void LocalWorker::assign(Work work) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (assigned_ || busy_ || done_) throw std::logic_error("LocalWorker: work assigned while it was not idle");
    assigned_ = std::move(work);
  }
  wake_.notify_all();
}

void LocalWorker::loop() {
  for (;;) {
    Work work;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return quit_ || assigned_; });
      if (quit_) return;
      work = std::move(*assigned_);
      assigned_.reset();
      busy_ = true;
    }
    Completion done = work();  // work reports its own errors in its completion
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = std::move(done);
    busy_ = false;
  }
}

}  // namespace sinkcheck::mpi
