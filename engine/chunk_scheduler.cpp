#include "engine/chunk_scheduler.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sinkcheck {

ChunkScheduler::ChunkScheduler(std::vector<JobSpan> jobs, std::size_t processes, double target_seconds)
    : processes_(std::max<std::size_t>(1, processes)), target_seconds_(target_seconds) {
  for (JobSpan& span : jobs) {
    if (span.end < span.first) throw std::invalid_argument("ChunkScheduler: a job's range ends before it starts");
    JobState state;
    state.next_first = span.first;
    state.span = std::move(span);
    jobs_.push_back(std::move(state));
  }
}

std::optional<std::size_t> ChunkScheduler::current_job() const {
  for (std::size_t j = 0; j < jobs_.size(); ++j)
    if (!handed_out(j)) return j;
  return std::nullopt;
}

bool ChunkScheduler::handed_out(std::size_t job) const {
  const JobState& s = jobs_.at(job);
  return s.closed || (s.started && s.next_first == s.span.end);
}

std::size_t ChunkScheduler::handed_until(std::size_t job) const { return jobs_.at(job).next_first; }

void ChunkScheduler::close_job(std::size_t job) { jobs_.at(job).closed = true; }

std::size_t ChunkScheduler::chunk_cases(std::size_t job, unsigned threads) const {
  const JobState& s = jobs_[job];
  const std::size_t remaining = s.span.end - s.next_first;
  const std::size_t t = std::max(1u, threads);
  std::size_t cases = kProbeCasesPerThread * t;
  const auto cost = costs_.find(s.span.cost_key);
  if (cost != costs_.end() && cost->second.cases > 0) {
    const double per_case = cost->second.thread_seconds / double(cost->second.cases);  // thread-seconds
    const double fit = per_case > 0 ? target_seconds_ * double(t) / per_case : double(remaining);
    cases = std::size_t(std::clamp(fit, double(t), double(remaining) + 1));
  }
  // The run's last job ends the run: its chunks shrink as it drains (guided
  // self-scheduling), so that no process is left with a long chunk while the
  // others have nothing to do. Earlier jobs' tails overlap the next job's
  // chunks and need no such care.
  if (job + 1 == jobs_.size()) cases = std::min(cases, std::max<std::size_t>(t, (remaining + processes_ - 1) / processes_));
  return std::max<std::size_t>(1, std::min(cases, remaining));
}

std::optional<Chunk> ChunkScheduler::next(unsigned threads) {
  const std::optional<std::size_t> job = current_job();
  if (!job) return std::nullopt;
  JobState& s = jobs_[*job];
  Chunk chunk;
  chunk.id = next_id_++;
  chunk.job = *job;
  chunk.first = s.next_first;
  chunk.end = s.next_first == s.span.end ? s.span.end : s.next_first + chunk_cases(*job, threads);
  s.next_first = chunk.end;
  s.started = true;
  return chunk;
}

void ChunkScheduler::finished(const Chunk& chunk, std::size_t cases_run, double seconds, unsigned threads) {
  if (cases_run == 0 || !(seconds >= 0)) return;
  Cost& cost = costs_[jobs_.at(chunk.job).span.cost_key];
  cost.thread_seconds += seconds * double(std::max(1u, threads));
  cost.cases += cases_run;
}

}  // namespace sinkcheck
