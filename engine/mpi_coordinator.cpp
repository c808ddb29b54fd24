#include "engine/mpi_coordinator.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include "engine/chunk_run.hpp"
#include "engine/chunk_scheduler.hpp"
#include "engine/distributed.hpp"
#include "engine/mpi_local_worker.hpp"
#include "engine/mpi_run_stats.hpp"
#include "engine/mpi_transport.hpp"
#include "engine/parallel.hpp"
#include "engine/results_json.hpp"

namespace sinkcheck::mpi {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Seconds a chunk should take (SINKCHECK_CHUNK_SECONDS overrides, for the
// tests and the scaling measurements): long next to a round trip to rank 0
// and a gather (well under a millisecond), short next to a run.
double chunk_target_seconds() {
  if (const char* text = std::getenv("SINKCHECK_CHUNK_SECONDS")) {
    char* end = nullptr;
    const double s = std::strtod(text, &end);
    if (end != text && *end == '\0' && s > 0 && s < 86400) return s;
  }
  return 1.0;
}

// Rank 0's bookkeeping of one run_jobs call: which chunk went where, the
// parts folded in case order, the results emitted in job order.
class Coordinator {
 public:
  Coordinator(const std::vector<Job>& jobs, const DriverSettings& settings,
              const std::function<void(std::size_t, const StatementResult&)>& on_result)
      : jobs_(jobs),
        on_result_(on_result),
        threads_(threads_for(settings)),
        scheduler_(spans(jobs), std::size_t(world().size), chunk_target_seconds()),
        state_(jobs.size()),
        signature_(jobs_signature(jobs)),
        threads_of_(std::size_t(world().size), threads_) {}

  std::vector<StatementResult> run() {
    {
      LocalWorker local(jobs_, threads_);
      bool chunks_done = false;  // rank 0 takes no more chunks
      while (!finished(chunks_done, local)) {
        bool busy = false;
        const Clock::time_point poll = Clock::now();
        const double poll_cpu = thread_cpu_seconds();
        while (std::optional<Message> m = try_receive()) {
          stats_.bytes += m->bytes;
          handle(*m);
          busy = true;
        }
        if (std::optional<Completion> c = local.take_completion()) {
          guarded([&] {
            if (c->targeted_job)
              complete_targeted(std::move(*c));
            else
              complete(std::move(*c));
          });
          busy = true;
        }
        if (busy) {
          stats_.coordinating += std::chrono::duration<double>(Clock::now() - poll).count();
          stats_.coordinating_cpu += thread_cpu_seconds() - poll_cpu;
        }
        if (error_) targeted_ready_.reset();  // no result of this run will be emitted
        if (local.state() == LocalWorker::State::Idle) {
          // A statement's targeted phase first: emission waits for it.
          if (targeted_ready_) {
            guarded([&] { local.assign(targeted_work(*targeted_ready_)); });
            targeted_ready_.reset();
            busy = true;
          } else if (!chunks_done) {
            std::optional<Chunk> chunk;
            guarded([&] { chunk = next_chunk(0); });
            if (chunk) {
              local.assign(*chunk, context_for(*chunk));
            } else {
              chunks_done = true;
            }
            busy = true;
          }
        }
        if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }  // joins rank 0's compute thread
    if (stats_wanted()) stats_.print();
    if (error_) std::rethrow_exception(error_);
    return std::move(results_);
  }

 private:
  struct JobState {
    std::optional<Clock::time_point> started, deadline;
    std::vector<Chunk> chunks;                       // handed out, in case order
    std::map<std::size_t, StatementResult> waiting;  // parts not folded yet, by position in `chunks`
    std::size_t folded = 0;                          // chunks folded into `merged`
    std::optional<StatementLedger> merged;           // the parts so far, in case order
    std::optional<StatementResult> finished;         // the job's result, once its run is finished
    bool cut = false;                                // a part ended early: later parts are dropped
    std::size_t done_cases = 0;
    enum class Phase { Parts, Targeted, Final } phase = Phase::Parts;  // Targeted: on rank 0's compute thread
  };

  static std::vector<ChunkScheduler::JobSpan> spans(const std::vector<Job>& jobs) {
    std::vector<ChunkScheduler::JobSpan> out;
    for (const Job& job : jobs)
      out.push_back({job.statement->info().id, job.random_cases().first, job.random_cases().end});
    return out;
  }

  // An error (a rank's exception, a report that cannot be written, a
  // malformed message) stops handing out chunks; the ranks still computing
  // are drained and released, then it is rethrown to the command.
  void guarded(const std::function<void()>& step) {
    try {
      step();
    } catch (...) {
      if (!error_) error_ = std::current_exception();
      stopping_ = true;
    }
  }

  void fail(const std::string& why) {
    if (!error_) error_ = std::make_exception_ptr(std::runtime_error(why));
    stopping_ = true;
  }

  // Every chunk back, every worker released, rank 0's compute thread idle,
  // and every job emitted (or the run stopped or failed: nothing more will be).
  bool finished(bool chunks_done, LocalWorker& local) const {
    const auto& attached = world().attached;
    return chunks_done && in_flight_chunks_.empty() &&
           std::none_of(attached.begin(), attached.end(), [](bool b) { return b; }) &&
           local.state() == LocalWorker::State::Idle && !targeted_ready_ &&
           (error_ || emission_over_ || next_emit_ == jobs_.size());
  }

  // Every kReady is answered, whatever went wrong while reading it: the
  // worker waits for the answer.
  void handle(const Message& m) {
    const std::size_t from = std::size_t(m.from);
    if (m.tag == kGone) {
      world().attached[from] = false;
      const int code = m.payload.value("exit_code", 0);
      if (code != 0)
        fail("rank " + std::to_string(m.from) + " stopped (exit " + std::to_string(code) + "): " +
             m.payload.value("messages", std::string()));
      // A chunk it had will not come back.
      for (auto it = in_flight_chunks_.begin(); it != in_flight_chunks_.end();)
        if (it->second.rank == m.from) {
          fail("rank " + std::to_string(m.from) + " left with chunk " + std::to_string(it->first) + " unfinished");
          it = in_flight_chunks_.erase(it);
        } else {
          ++it;
        }
      return;
    }
    guarded([&] {
      if (m.tag != kReady) throw std::logic_error("rank 0 received an unexpected message");
      const json& p = m.payload;
      if (p.contains("signature")) {
        threads_of_[from] = std::max(1u, p.at("threads").get<unsigned>());
        if (p.at("signature").get<std::string>() != signature_)
          fail("rank " + std::to_string(m.from) +
               " would run other jobs than rank 0: every rank must be started with the same command line, "
               "theory file and sinkcheck version");
      }
      if (p.contains("chunk")) {
        Completion c;
        c.chunk = in_flight_chunks_.at(p.at("chunk").get<std::size_t>()).chunk;
        c.rank = m.from;
        if (p.contains("error")) {
          c.error = p.at("error").get<std::string>();
        } else {
          c.part = statement_from_json(p.at("part"), "rank " + std::to_string(m.from) + " part");
          c.seconds = p.at("seconds").get<double>();
          c.part->seconds = c.seconds;
        }
        complete(std::move(c));
      }
    });
    std::optional<Chunk> chunk;
    guarded([&] { chunk = next_chunk(m.from); });
    if (chunk) {
      const ChunkContext context = context_for(*chunk);
      send(m.from, kAssign,
           {{"chunk", chunk->id},
            {"job", chunk->job},
            {"first", chunk->first},
            {"end", chunk->end},
            {"seconds_left", context.seconds_left ? json(*context.seconds_left) : json(nullptr)}});
    } else {
      send(m.from, kRelease, json::object());
      world().attached[from] = false;
    }
  }

  static bool stop_requested(const Job& job) { return job.options.stop_requested && job.options.stop_requested(); }

  ChunkContext context_for(const Chunk& chunk) const {
    ChunkContext context;
    const JobState& s = state_[chunk.job];
    if (s.deadline) context.seconds_left = std::chrono::duration<double>(*s.deadline - Clock::now()).count();
    return context;
  }

  // The next chunk for `rank`, recorded as in flight there.
  std::optional<Chunk> next_chunk(int rank) {
    while (!stopping_) {
      const std::optional<std::size_t> job = scheduler_.current_job();
      if (!job) return std::nullopt;
      if (stop_requested(jobs_[*job])) {
        stopping_ = true;
        break;
      }
      JobState& s = state_[*job];
      const Clock::time_point now = Clock::now();
      if (!s.started) {
        s.started = now;
        if (jobs_[*job].time_budget)
          s.deadline = now + std::chrono::duration_cast<Clock::duration>(*jobs_[*job].time_budget);
      }
      if (s.deadline && now >= *s.deadline && !s.chunks.empty()) {  // --time: the job's budget is spent
        scheduler_.close_job(*job);
        emit_ready();
        continue;
      }
      const std::optional<Chunk> chunk = scheduler_.next(threads_of_[std::size_t(rank)]);
      if (!chunk) return std::nullopt;
      s.chunks.push_back(*chunk);
      in_flight_chunks_[chunk->id] = {*chunk, rank};
      return chunk;
    }
    emit_ready();
    return std::nullopt;
  }

  void complete(Completion c) {
    in_flight_chunks_.erase(c.chunk.id);
    if (!c.part) {
      fail("rank " + std::to_string(c.rank) + ": " + c.error);
      return;
    }
    // The chunk at case 0 also made the statement's tables and pictures
    // (seconds for P4's thresholds): not a measure of what a case costs.
    const Job& job = jobs_[c.chunk.job];
    stats_.chunks[std::size_t(c.rank)] += 1;
    stats_.computing[std::size_t(c.rank)] += c.seconds;
    if (!(c.chunk.first == 0 && job.options.extras))
      scheduler_.finished(c.chunk, c.part->cases, c.seconds, threads_of_[std::size_t(c.rank)]);
    if (c.part->interrupted) stopping_ = true;
    JobState& s = state_[c.chunk.job];
    s.done_cases += c.part->cases;
    const std::size_t total = job.random_cases().end - job.random_cases().first;
    if (job.options.progress && next_emit_ <= c.chunk.job) job.options.progress(std::min(s.done_cases, total), total);
    const auto at = std::find_if(s.chunks.begin(), s.chunks.end(), [&](const Chunk& k) { return k.id == c.chunk.id; });
    s.waiting.emplace(std::size_t(at - s.chunks.begin()), std::move(*c.part));
    fold(c.chunk.job);
    emit_ready();
  }

  // Folds the parts that continue the job's merged prefix into its ledger
  // (engine/statement_ledger.hpp: merging in range order is one pass over
  // every case). A part that came back short
  // (interrupted, or its job's --time budget ran out inside it) ends the
  // job's cases there: later parts are dropped.
  void fold(std::size_t job) {
    JobState& s = state_[job];
    while (!s.cut && s.waiting.count(s.folded)) {
      StatementResult part = std::move(s.waiting.at(s.folded));
      s.waiting.erase(s.folded);
      const Chunk& chunk = s.chunks[s.folded];
      ++s.folded;
      if (part.interrupted || part.cases < chunk.size()) s.cut = true;
      StatementLedger ledger = StatementLedger::from_part(part);
      if (s.merged)
        s.merged->merge(ledger);
      else
        s.merged = std::move(ledger);
    }
    if (s.cut) s.waiting.clear();
  }

  // Emits, in job order, every job whose result is final. A job whose parts
  // are all folded goes to its targeted phase first (targeted_work, on rank
  // 0's compute thread; complete_targeted brings it back here).
  void emit_ready() {
    if (error_) return;  // the command fails: no result of this run is final
    while (next_emit_ < jobs_.size() && !emission_over_) {
      const std::size_t j = next_emit_;
      JobState& s = state_[j];
      if (s.phase == JobState::Phase::Targeted) return;
      if (s.phase == JobState::Phase::Parts) {
        const bool more_parts = !s.cut && (s.folded < s.chunks.size() || (!scheduler_.handed_out(j) && !stopping_));
        if (more_parts) return;
        if (!s.merged) {  // stopped before the job began: as one process, nothing from here on
          emission_over_ = true;
          return;
        }
        // Stopped between chunks: the cases handed out end the run early.
        if (!s.cut && !scheduler_.handed_out(j)) s.merged->mark_interrupted();
        if (jobs_[j].random_range) {  // a shard's part: the shards' merge finishes the run
          s.finished = s.merged->part();
          s.merged.reset();
          s.phase = JobState::Phase::Final;
          continue;
        }
        s.phase = JobState::Phase::Targeted;
        targeted_ready_ = j;
        return;
      }
      StatementResult result = std::move(*s.finished);
      s.finished.reset();
      result.seconds = std::chrono::duration<double>(Clock::now() - *s.started).count();
      ++next_emit_;
      results_.push_back(std::move(result));
      if (results_.back().interrupted) {
        emission_over_ = true;
        stopping_ = true;
      }
      if (on_result_) {
        const Clock::time_point start = Clock::now();
        const double start_cpu = thread_cpu_seconds();
        on_result_(j, results_.back());
        stats_.emitting += std::chrono::duration<double>(Clock::now() - start).count();
        stats_.emitting_cpu += thread_cpu_seconds() - start_cpu;
      }
    }
  }

  // The rest of job `j`'s run from its merged ledger (Statement::finish: the
  // targeted phase needs every random case's starts, so it runs once, from
  // the merged parts, as one process runs it after its random cases; so the
  // result is one process's whatever the ranks and chunks). It runs on rank
  // 0's compute thread while the main thread goes on handing out later
  // jobs' chunks.
  LocalWorker::Work targeted_work(std::size_t j) {
    JobState& s = state_[j];
    RunOptions options = jobs_[j].options;
    options.progress = nullptr;  // the console is the main thread's
    if (s.deadline) options.deadline = *s.deadline;
    return [job = &jobs_[j], j, options, ledger = std::move(*s.merged)]() mutable {
      Completion done;
      done.targeted_job = j;
      try {
        done.part = job->statement->finish(job->theory, job->domain, options, std::move(ledger));
      } catch (const std::exception& e) {
        done.error = e.what();
      } catch (...) {
        done.error = "an unknown error";
      }
      return done;
    };
  }

  void complete_targeted(Completion c) {
    if (!c.part) {
      fail("rank 0, the targeted phase of " + jobs_[*c.targeted_job].statement->info().id + ": " + c.error);
      return;
    }
    JobState& s = state_[*c.targeted_job];
    s.merged.reset();
    s.finished = std::move(*c.part);
    s.phase = JobState::Phase::Final;
    emit_ready();
  }

  const std::vector<Job>& jobs_;
  const std::function<void(std::size_t, const StatementResult&)>& on_result_;
  unsigned threads_;
  ChunkScheduler scheduler_;
  std::vector<JobState> state_;
  std::string signature_;
  std::vector<unsigned> threads_of_;  // threads of each rank
  struct InFlight {
    Chunk chunk;
    int rank = 0;
  };
  std::map<std::size_t, InFlight> in_flight_chunks_;  // by chunk id
  std::size_t next_emit_ = 0;
  std::optional<std::size_t> targeted_ready_;  // a job whose targeted phase waits for rank 0's compute thread
  bool stopping_ = false, emission_over_ = false;
  std::vector<StatementResult> results_;
  std::exception_ptr error_;
  RunStats stats_{world().size};
};

}  // namespace

unsigned threads_for(const DriverSettings& settings) {
  return settings.jobs != 0 ? settings.jobs : std::max(1u, default_threads());
}

std::vector<StatementResult> coordinate(const std::vector<Job>& jobs, const DriverSettings& settings,
                                        const std::function<void(std::size_t, const StatementResult&)>& on_result) {
  Coordinator coordinator(jobs, settings, on_result);
  std::vector<StatementResult> results = coordinator.run();
  world().attached.assign(world().attached.size(), false);  // every worker was released
  return results;
}

}  // namespace sinkcheck::mpi
