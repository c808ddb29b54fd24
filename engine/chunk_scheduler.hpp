#pragma once
// Which cases a process of a distributed run computes next. The jobs' case
// ranges are handed out in job order as chunks (job, [first, end)), each
// sized to take about `target_seconds` on the process that asks, from the
// measured cost of earlier chunks of the same statement: case costs differ by
// two orders of magnitude between statements (P2: a fraction of a
// millisecond; P4: a semidefinite program, up to a second), so a fixed case
// count would be either far too fine or far too coarse.
//
// The split never changes a result (merging the ranges' ledgers reproduces
// the whole run for any split), only how evenly the processes are loaded. Pure bookkeeping: no
// clocks, no MPI, so it is tested on its own.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sinkcheck {

struct Chunk {
  std::size_t id = 0;   // handed-out order, 0, 1, 2, …
  std::size_t job = 0;  // index into the run's jobs
  std::size_t first = 0, end = 0;
  std::size_t size() const { return end - first; }
};

class ChunkScheduler {
 public:
  struct JobSpan {
    std::string cost_key;  // jobs with the same key share a cost estimate (the statement id)
    std::size_t first = 0, end = 0;
  };

  ChunkScheduler(std::vector<JobSpan> jobs, std::size_t processes, double target_seconds);

  // The next chunk for a process with `threads` threads, or nothing when
  // every job is handed out or closed. A job with no cases gives one empty
  // chunk (its run still has a result: notes, tables, zero tallies).
  std::optional<Chunk> next(unsigned threads);
  // The job whose cases are handed out next.
  std::optional<std::size_t> current_job() const;
  // Hands out nothing more of `job` (its time budget is spent).
  void close_job(std::size_t job);
  // No chunk of `job` will follow: every case handed out, or closed.
  bool handed_out(std::size_t job) const;
  // How far `job`'s cases were handed out (its range's end when all were).
  std::size_t handed_until(std::size_t job) const;
  // A chunk came back: `cases_run` cases in `seconds` on `threads` threads.
  void finished(const Chunk& chunk, std::size_t cases_run, double seconds, unsigned threads);

  // Cases per chunk before a statement's cost is known, per thread: enough
  // to measure, small enough that a P4 probe takes seconds, not minutes.
  static constexpr std::size_t kProbeCasesPerThread = 2;

 private:
  struct JobState {
    JobSpan span;
    std::size_t next_first = 0;
    bool started = false, closed = false;
  };
  struct Cost {
    double thread_seconds = 0;
    std::size_t cases = 0;
  };
  std::size_t chunk_cases(std::size_t job, unsigned threads) const;

  std::vector<JobState> jobs_;
  std::size_t processes_;
  double target_seconds_;
  std::map<std::string, Cost> costs_;
  std::size_t next_id_ = 0;
};

}  // namespace sinkcheck
