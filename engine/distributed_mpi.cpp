// The build with MPI: rank 0 coordinates, every rank computes (see
// engine/distributed.hpp for the model, docs/scaling.md for the measurements).
//
// Protocol (all messages are CBOR-encoded JSON, point to point with rank 0):
//   worker -> 0  kReady   {"signature", "threads"} first, then {"chunk", "part", "seconds"}
//                         or {"chunk", "error"} for each chunk it was given
//   worker -> 0  kGone    the worker ends without taking part (it left the
//                         command before the driver, or at run_tasks)
//   0 -> worker  kAssign  {"chunk", "job", "first", "end", "seconds_left"}
//   0 -> worker  kRelease the worker leaves: nothing more to compute
// Every worker sends exactly one kReady per kAssign it received plus one
// first kReady or one kGone, so rank 0 always knows whom it waits for.
//
// MPI_THREAD_FUNNELED: only the main thread of a process calls MPI. Rank 0's
// main thread coordinates and a second thread computes rank 0's chunks.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

#include "engine/chunk_run.hpp"
#include "engine/chunk_scheduler.hpp"
#include "engine/distributed.hpp"
#include "engine/merge.hpp"
#include "engine/parallel.hpp"
#include "engine/results_json.hpp"

namespace sinkcheck {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

enum Tag : int { kReady = 101, kGone = 102, kAssign = 103, kRelease = 104 };

struct World {
  bool joined = false;  // this process called MPI_Init
  int rank = 0, size = 1;
  unsigned node_ranks = 1;                // ranks on this process's node
  std::vector<bool> attached;             // rank 0: workers not released yet
  bool released = false;                  // a worker: rank 0 let it go
};

World& world() {
  static World w;
  return w;
}

// Only a launcher's environment makes this process part of an MPI job; a
// plain `sinkcheck check` never initialises MPI (a singleton MPI_Init would
// start Open MPI's runtime for nothing).
bool started_by_mpi_launcher() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(variable)) return true;
  return false;
}

// Seconds a chunk should take (SINKCHECK_CHUNK_SECONDS overrides, for the
// scaling measurements): long next to a gather (about a millisecond), short
// next to a run.
double chunk_target_seconds() {
  if (const char* text = std::getenv("SINKCHECK_CHUNK_SECONDS")) {
    char* end = nullptr;
    const double s = std::strtod(text, &end);
    if (end != text && *end == '\0' && s > 0 && s < 86400) return s;
  }
  return 1.0;
}

void send(int to, Tag tag, const json& payload) {
  const std::vector<std::uint8_t> bytes = json::to_cbor(payload);
  MPI_Send(bytes.data(), int(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD);
}

struct Message {
  int from = 0;
  int tag = 0;
  json payload;
  std::size_t bytes = 0;
};

Message receive_probed(const MPI_Status& status) {
  int size = 0;
  MPI_Get_count(&status, MPI_BYTE, &size);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  MPI_Recv(bytes.data(), size, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return {status.MPI_SOURCE, status.MPI_TAG, bytes.empty() ? json::object() : json::from_cbor(bytes), bytes.size()};
}

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

// Threads of this process: --jobs, else its node's cores shared by its ranks.
unsigned threads_for(const DriverSettings& settings) {
  return settings.jobs != 0 ? settings.jobs : std::max(1u, default_threads());
}

// SINKCHECK_MPI_STATS=1: what rank 0 saw, on stderr after each run_jobs
// (the measurements behind docs/scaling.md): how busy each rank was and
// what coordinating cost rank 0.
struct RunStats {
  Clock::time_point start = Clock::now();
  std::vector<std::size_t> chunks;
  std::vector<double> computing;  // seconds, per rank
  std::size_t bytes = 0;          // received from the workers
  double coordinating = 0;        // rank 0's main thread: receiving, decoding, folding, handing out
  double coordinating_cpu = 0;    // the same in CPU time (wall time counts waits for a core too)
  double emitting = 0;            // rank 0's main thread: the command's on_result (report rewrites)
  double emitting_cpu = 0;

  explicit RunStats(int ranks) : chunks(std::size_t(ranks)), computing(std::size_t(ranks)) {}
  void print() const {
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    std::size_t all = 0;
    for (std::size_t n : chunks) all += n;
    const double gathering = coordinating - emitting;
    std::fprintf(stderr,
                 "mpi: %zu ranks, %zu chunks in %.2f s; rank 0 gathering %.3f s (%.3f ms a chunk; CPU %.3f ms a "
                 "chunk), %.2f MB received; writing reports %.3f s\n",
                 chunks.size(), all, wall, gathering, all ? 1e3 * gathering / double(all) : 0.0,
                 all ? 1e3 * (coordinating_cpu - emitting_cpu) / double(all) : 0.0, double(bytes) / 1e6, emitting);
    for (std::size_t r = 0; r < chunks.size(); ++r)
      std::fprintf(stderr, "mpi: rank %zu: %zu chunks, %.2f s computing (%.0f%% of the run)\n", r, chunks[r],
                   computing[r], wall > 0 ? 100 * computing[r] / wall : 0.0);
  }
};

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

bool stats_wanted() {
  const char* v = std::getenv("SINKCHECK_MPI_STATS");
  return v && *v && std::string(v) != "0";
}

// A finished chunk, wherever it ran.
struct Completion {
  Chunk chunk;
  int rank = 0;
  std::optional<StatementResult> part;  // empty: `error` says why
  std::string error;
  double seconds = 0;
};

// Rank 0's own share of the chunks, computed on a thread of its own so that
// the main thread stays free to answer the workers.
class LocalWorker {
 public:
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
  bool idle() {
    std::lock_guard<std::mutex> lock(mutex_);
    return !assigned_ && !busy_;
  }
  void assign(const Chunk& chunk, ChunkContext context) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      assigned_ = chunk;
      context_ = std::move(context);
    }
    wake_.notify_all();
  }
  std::optional<Completion> take_completion() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::optional<Completion> done = std::move(done_);
    done_.reset();
    return done;
  }

 private:
  void loop() {
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

  const std::vector<Job>& jobs_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Chunk> assigned_;
  ChunkContext context_;
  std::optional<Completion> done_;
  bool busy_ = false, quit_ = false;
  std::atomic<bool> abandon_{false};
  std::thread thread_;
};

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
      bool local_done = false;
      while (!finished(local_done)) {
        bool busy = false;
        const Clock::time_point poll = Clock::now();
        const double poll_cpu = thread_cpu_seconds();
        while (std::optional<Message> m = try_receive()) {
          stats_.bytes += m->bytes;
          handle(*m);
          busy = true;
        }
        if (std::optional<Completion> c = local.take_completion()) {
          guarded([&] { complete(std::move(*c)); });
          busy = true;
        }
        if (busy) {
          stats_.coordinating += std::chrono::duration<double>(Clock::now() - poll).count();
          stats_.coordinating_cpu += thread_cpu_seconds() - poll_cpu;
        }
        if (!local_done && local.idle()) {
          std::optional<Chunk> chunk;
          guarded([&] { chunk = next_chunk(0); });
          if (chunk) {
            local.assign(*chunk, context_for(*chunk));
            ++in_flight_;
          } else {
            local_done = true;
          }
          busy = true;
        }
        if (!busy) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }  // joins rank 0's compute thread
    if (stats_wanted()) stats_.print();
    if (error_) std::rethrow_exception(error_);
    guarded([&] { emit_ready(); });
    if (error_) std::rethrow_exception(error_);
    return std::move(results_);
  }

 private:
  struct JobState {
    std::optional<Clock::time_point> started, deadline;
    std::vector<Chunk> chunks;                       // handed out, in case order
    std::map<std::size_t, StatementResult> waiting;  // parts not folded yet, by position in `chunks`
    std::size_t folded = 0;                          // chunks folded into `merged`
    std::optional<StatementResult> merged;           // the parts so far, in case order
    bool cut = false;                                // a part ended early: later parts are dropped
    std::size_t done_cases = 0;
  };

  static std::vector<ChunkScheduler::JobSpan> spans(const std::vector<Job>& jobs) {
    std::vector<ChunkScheduler::JobSpan> out;
    for (const Job& job : jobs)
      out.push_back({job.statement->info().id, job.options.first_case, job.options.last_case()});
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

  bool finished(bool local_done) const {
    const auto& attached = world().attached;
    return local_done && in_flight_ == 0 && std::none_of(attached.begin(), attached.end(), [](bool b) { return b; });
  }

  // Every kReady is answered, whatever went wrong while reading it: the
  // worker waits for the answer.
  void handle(const Message& m) {
    const std::size_t from = std::size_t(m.from);
    if (m.tag == kGone) {
      world().attached[from] = false;
      const int code = m.payload.value("exit_code", 0);
      if (code != 0)
        fail("rank " + std::to_string(m.from) + " stopped before the work (exit " + std::to_string(code) + "): " +
             m.payload.value("messages", std::string()));
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
        Completion c{chunks_by_id_.at(p.at("chunk").get<std::size_t>()), m.from, std::nullopt, {}, 0};
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
            {"seconds_left", context.seconds_left ? json(*context.seconds_left) : json(nullptr)},
            {"recorded_earlier", context.recorded_earlier}});
      ++in_flight_;
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
    context.recorded_earlier = recorded_earlier(chunk.job);
    return context;
  }

  // The claims whose first counterexample the parts back so far (all of
  // them before any chunk still to be handed out) store: later chunks need
  // not shrink them. Once the run's cap is reached, later chunks store none.
  std::set<std::string> recorded_earlier(std::size_t job) const {
    const JobState& s = state_[job];
    std::set<std::string> claims;
    if (s.merged)
      for (const CaseRecord& r : s.merged->counterexample_cases) claims.insert(r.claim);
    for (const auto& [position, part] : s.waiting)
      for (const CaseRecord& r : part.counterexample_cases) claims.insert(r.claim);
    const RunOptions& options = jobs_[job].options;
    if (!options.is_part() && claims.size() >= options.max_reported)
      for (const ClaimTheory& claim : jobs_[job].theory.claims) claims.insert(claim.name);
    return claims;
  }

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
      chunks_by_id_[chunk->id] = *chunk;
      return chunk;
    }
    emit_ready();
    return std::nullopt;
  }

  void complete(Completion c) {
    --in_flight_;
    chunks_by_id_.erase(c.chunk.id);
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
    const std::size_t total = job.options.last_case() - job.options.first_case;
    if (job.options.progress && next_emit_ <= c.chunk.job) job.options.progress(std::min(s.done_cases, total), total);
    const auto at = std::find_if(s.chunks.begin(), s.chunks.end(), [&](const Chunk& k) { return k.id == c.chunk.id; });
    s.waiting.emplace(std::size_t(at - s.chunks.begin()), std::move(*c.part));
    fold(c.chunk.job);
    emit_ready();
  }

  // Folds the parts that continue the job's merged prefix (merging a merged
  // prefix with the next part is merging all of them: tallies add up, stored
  // cases are chosen greedily in case order). A part that came back short
  // (interrupted, or its job's --time budget ran out inside it) ends the
  // job's cases there: later parts are dropped.
  void fold(std::size_t job) {
    JobState& s = state_[job];
    const std::size_t cap = jobs_[job].options.is_part() ? SIZE_MAX : jobs_[job].options.max_reported;
    while (!s.cut && s.waiting.count(s.folded)) {
      StatementResult part = std::move(s.waiting.at(s.folded));
      s.waiting.erase(s.folded);
      const Chunk& chunk = s.chunks[s.folded];
      ++s.folded;
      if (part.interrupted || part.cases < chunk.size()) s.cut = true;
      s.merged = s.merged ? merge_parts({*s.merged, part}, cap) : merge_parts({part}, cap);
    }
    if (s.cut) s.waiting.clear();
  }

  // Emits, in job order, every job whose result is final.
  void emit_ready() {
    if (error_) return;  // the command fails: no result of this run is final
    while (next_emit_ < jobs_.size() && !emission_over_) {
      const std::size_t j = next_emit_;
      JobState& s = state_[j];
      const bool more_parts = !s.cut && (s.folded < s.chunks.size() || (!scheduler_.handed_out(j) && !stopping_));
      if (more_parts) return;
      if (!s.merged) {  // stopped before the job began: as one process, nothing from here on
        emission_over_ = true;
        return;
      }
      StatementResult result = std::move(*s.merged);
      s.merged.reset();
      // Stopped between chunks: the cases handed out end the run early.
      if (!s.cut && !scheduler_.handed_out(j)) result.interrupted = true;
      if (result.interrupted) {  // as one process: an interrupted run has no statement-level extras
        result.figures.clear();
        result.tables.clear();
      }
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

  const std::vector<Job>& jobs_;
  const std::function<void(std::size_t, const StatementResult&)>& on_result_;
  unsigned threads_;
  ChunkScheduler scheduler_;
  std::vector<JobState> state_;
  std::string signature_;
  std::vector<unsigned> threads_of_;  // threads of each rank
  std::map<std::size_t, Chunk> chunks_by_id_;  // in flight
  std::size_t in_flight_ = 0;
  std::size_t next_emit_ = 0;
  bool stopping_ = false, emission_over_ = false;
  std::vector<StatementResult> results_;
  std::exception_ptr error_;
  RunStats stats_{world().size};
};

}  // namespace

DistributedSession::DistributedSession(int& argc, char**& argv) {
  if (!started_by_mpi_launcher()) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
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
  if (w.rank == 0) w.attached.assign(std::size_t(w.size), true), w.attached[0] = false;
}

DistributedSession::~DistributedSession() {
  World& w = world();
  if (!w.joined) return;
  if (w.rank == 0) {
    distributed::release_workers();
  } else if (!w.released) {
    send(0, kGone, {{"exit_code", exit_code_}, {"messages", messages_}});
  }
  MPI_Finalize();
}

bool is_worker_process() { return world().joined && world().rank != 0; }

int process_count() { return world().joined ? world().size : 1; }

unsigned default_threads() {
  if (!world().joined) return 0;
  return std::max(1u, std::thread::hardware_concurrency() / world().node_ranks);
}

namespace distributed {

bool has_workers() {
  const World& w = world();
  return w.joined && w.rank == 0 && std::any_of(w.attached.begin(), w.attached.end(), [](bool b) { return b; });
}

std::vector<StatementResult> run_jobs(const std::vector<Job>& jobs, const DriverSettings& settings,
                                      const std::function<void(std::size_t, const StatementResult&)>& on_result) {
  Coordinator coordinator(jobs, settings, on_result);
  std::vector<StatementResult> results = coordinator.run();
  world().attached.assign(world().attached.size(), false);  // every worker was released
  return results;
}

void serve(const std::vector<Job>& jobs, const DriverSettings& settings) {
  with_thread_pool(threads_for(settings), [&] {
    send(0, kReady, {{"signature", jobs_signature(jobs)}, {"threads", current_concurrency()}});
    for (;;) {
      const Message m = receive_from(0);
      if (m.tag == kRelease) return;
      if (m.tag != kAssign) throw std::logic_error("a worker received an unexpected message");
      const json& a = m.payload;
      const std::size_t chunk = a.at("chunk").get<std::size_t>(), job = a.at("job").get<std::size_t>();
      json reply = {{"chunk", chunk}};
      try {
        if (job >= jobs.size()) throw std::logic_error("rank 0 assigned a job this rank does not have");
        ChunkContext context;
        if (!a.at("seconds_left").is_null()) context.seconds_left = a.at("seconds_left").get<double>();
        context.recorded_earlier = a.at("recorded_earlier").get<std::set<std::string>>();
        const StatementResult part =
            run_chunk(jobs[job], {a.at("first").get<std::size_t>(), a.at("end").get<std::size_t>()}, context, nullptr);
        reply["part"] = statement_to_json(part, FigureDetail::Keep);
        reply["seconds"] = part.seconds;
      } catch (const std::exception& e) {
        reply["error"] = e.what();
      }
      send(0, kReady, reply);
    }
  });
  world().released = true;
  throw WorkerReleased{};
}

void release_workers() {
  World& w = world();
  if (!w.joined) return;
  if (w.rank != 0) {
    if (!w.released) send(0, kGone, json::object());
    w.released = true;
    throw WorkerReleased{};
  }
  for (int r = 1; r < w.size; ++r) {
    if (!w.attached[std::size_t(r)]) continue;
    // Its one pending message: the first kReady (it reached the driver) or kGone.
    const Message m = receive_from(r);
    if (m.tag == kReady) send(r, kRelease, json::object());
    w.attached[std::size_t(r)] = false;
  }
}

}  // namespace distributed

}  // namespace sinkcheck
